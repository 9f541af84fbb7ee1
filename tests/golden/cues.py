#!/usr/bin/env python3
"""Every word of every cue lexicon (patterns/cues_*.tsv) gives its move.

For each cue, a sentence in the shape its lexicon is used in is run through
zhx, and the sentence must give a move of the cue's action for the named person
(and organisation, where the shape has one). A cue added to a lexicon is tested
the moment it is added; a cue no rule can use fails here.

usage: cues.py ZHX_BINARY   (from the source root)
"""
import json, subprocess, sys

PERSON = "杰克·多尔西(Jack Dorsey)"
# lexicon file -> (sentence template, expected action, expected org field, org)
SHAPES = {
    "cues_join.tsv": ("据悉,{p}{cue}谷歌。", "join", "to", "Google"),
    "cues_leave.tsv": ("谷歌首席执行官{p}宣布{cue}。", "leave", "from", "Google"),
    "cues_leave_org.tsv": ("{p}{cue}谷歌首席执行官职务。", "leave", None, None),
    "cues_found.tsv": ("{p}{cue}了Nova Labs。", "found", "to", "Nova Labs"),
    "cues_appoint.tsv": ("{p}{cue}谷歌首席执行官。", "appoint", None, None),
    "cues_fired.tsv": ("谷歌{cue}了首席执行官{p}。", "fired", "from", "Google"),
    "cues_return.tsv": ("{p}{cue}谷歌。", "return", "to", "Google"),
    "cues_loa.tsv": ("谷歌首席执行官{p}将{cue}。", "leave_of_absence", None, None),
}


def cues(path):
    for line in open(f"patterns/{path}", encoding="utf-8"):
        line = line.rstrip("\n")
        if line and not line.startswith("#"):
            yield line.split("\t")[0]


def main():
    zhx = sys.argv[1]
    cases, lines = [], []
    for path, (tmpl, action, field, org) in SHAPES.items():
        for cue in cues(path):
            doc = f"{path}:{cue}"
            cases.append((doc, action, field, org))
            lines.append(json.dumps({"id": doc, "text": tmpl.format(p=PERSON, cue=cue)}, ensure_ascii=False))
    p = subprocess.run([zhx, "extract", "--input", "jsonl", "--types", "move", "-"],
                       input=("\n".join(lines) + "\n").encode(), capture_output=True)
    if p.returncode != 0:
        sys.exit(f"zhx failed: {p.stderr.decode()}")
    moves = {}
    for line in p.stdout.decode().splitlines():
        r = json.loads(line)
        if r["type"] == "move":
            moves.setdefault(r["doc"], []).append(r)
    failed = 0
    for doc, action, field, org in cases:
        ok = any(m["action"] == action and m["name"] == "杰克·多尔西" and (field is None or m[field] == org)
                 for m in moves.get(doc, []))
        if not ok:
            failed += 1
            got = [(m["action"], m["from"], m["to"]) for m in moves.get(doc, [])]
            print(f"FAIL {doc}: want {action} {field}={org}, got {got}")
    print(f"{len(cases) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
