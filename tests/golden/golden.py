#!/usr/bin/env python3
"""Golden test over corpus/: run zhx on every article (with the reference date its
gold gives, passed as the JSONL `date`), then
  1. check that every record quotes the original text exactly at its offsets,
     in code points and in bytes (SCHEMA.md);
  2. score the records against corpus/gold/ with tools/zhx-score and fail when a
     score falls below the floor recorded in tests/golden/floors.json, over all
     articles and over the Traditional and Malaysian ones alone (same floors),
     and check that every Traditional article went through the conversion;
  3. the same over corpus/heldout/ against tests/golden/heldout_floors.json.
Floors are ratchets: raise them when the rules improve, never lower them to make
a change pass without saying why in the commit.

usage: golden.py ZHX_BINARY   (run from the source root)
"""
import json, os, subprocess, sys

ROOT = os.getcwd()


def check_floors(name, records, gold_paths, floors):
    """Score records against gold_paths with tools/zhx-score; the keys below floor."""
    s = subprocess.run([sys.executable, "tools/zhx-score", *gold_paths, "--json"], input=records,
                       capture_output=True)
    if s.returncode != 0:
        sys.exit(f"zhx-score failed: {s.stderr.decode()}")
    scores = json.loads(s.stdout)
    failed = []
    for key, floor in floors.items():
        if key.startswith("_") or not isinstance(floor, (int, float)):
            continue
        kind, metric = key.split(".")
        got = scores[kind][metric]
        mark = "ok" if got + 1e-9 >= floor else "BELOW FLOOR"
        print(f"{name:9s} {key:14s} {got:.3f} (floor {floor:.3f}) {mark}")
        if mark != "ok":
            failed.append(f"{name} {key}")
    if name == "all" and scores.get("missing_docs"):
        failed.append(f"missing docs {scores['missing_docs']}")
    return failed


def run_set(zhx, art_dir, gold_dir):
    """zhx's records for every article of art_dir, each with its gold's ref_date;
    exits when a record does not quote the original at its offsets."""
    arts = sorted(f for f in os.listdir(art_dir) if f.endswith(".txt"))
    lines, texts = [], {}
    for f in arts:
        path = f"{art_dir}/{f}"
        gold = f"{gold_dir}/{f[:-4]}.json"
        ref = json.load(open(gold, encoding="utf-8")).get("ref_date") if os.path.exists(gold) else None
        text = open(path, "rb").read()
        texts[path] = text
        lines.append(json.dumps({"id": path, "text": text.decode("utf-8"), "date": ref}, ensure_ascii=False))
    p = subprocess.run([zhx, "extract", "--input", "jsonl", "-"], input="\n".join(lines).encode(),
                       capture_output=True)
    if p.returncode != 0:
        sys.exit(f"zhx failed ({p.returncode}): {p.stderr.decode()}")
    out = p.stdout.decode("utf-8")
    bad = 0
    n = 0
    for line in out.splitlines():
        r = json.loads(line)
        raw = texts[r["doc"]]
        n += 1
        by_bytes = raw[r["byte_start"]:r["byte_end"]].decode("utf-8")
        by_cps = raw.decode("utf-8")[r["start"]:r["end"]]
        if not (by_bytes == r["text"] == by_cps):
            bad += 1
            if bad <= 5:
                print(f"offset mismatch in {r['doc']}: {r['type']} {r.get('rule')} text={r['text']!r} "
                      f"bytes={by_bytes!r} cps={by_cps!r}")
    if bad:
        sys.exit(f"{bad} of {n} records do not quote the original at their offsets")
    print(f"offsets: all {n} records of {art_dir} quote the original text exactly")
    return p.stdout, out


def main():
    zhx = sys.argv[1]
    stdout, out = run_set(zhx, "corpus/articles", "corpus/gold")
    floors = json.load(open("tests/golden/floors.json", encoding="utf-8"))
    failed = check_floors("all", stdout, ["corpus/gold"], floors)
    # Traditional (Taiwan, Hong Kong) and Malaysian articles alone, at the same
    # floors; and every Traditional one must have gone through the conversion
    regional = [f"corpus/gold/{f}" for f in sorted(os.listdir("corpus/gold"))
                if json.load(open(f"corpus/gold/{f}", encoding="utf-8")).get("region") in ("tw", "hk", "my")]
    failed += check_floors("regional", stdout, regional, floors)
    for line in out.splitlines():
        r = json.loads(line)
        gold = f"corpus/gold/{os.path.basename(r['doc'])[:-4]}.json"
        if r["type"] == "doc" and os.path.exists(gold) and \
                json.load(open(gold, encoding="utf-8")).get("script") == "traditional" and \
                not (r.get("conversion") and r.get("converted_chars", 0) > 0):
            failed.append(f"{r['doc']}: Traditional, but the doc record shows no conversion")
    # corpus/heldout/: articles written without looking at the rules, with floors
    # of their own (far lower: they measure how the rules read text they were not
    # tuned on; corpus/README.md)
    stdout, _ = run_set(zhx, "corpus/heldout/articles", "corpus/heldout/gold")
    held = json.load(open("tests/golden/heldout_floors.json", encoding="utf-8"))
    failed += check_floors("heldout", stdout, ["corpus/heldout/gold"], held)
    if failed:
        sys.exit("golden: below floor: " + ", ".join(failed))
    print("golden: all scores at or above their floors")


if __name__ == "__main__":
    main()
