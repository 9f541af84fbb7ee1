#!/usr/bin/env python3
"""Run one CLI test file against the zhx binary.

usage: run_cli_test.py ZHX_BINARY TEST_FILE   (run from the source root)

A test file is lines of `key value`; # starts a comment line. Keys:
  args     the arguments after `zhx`, split like a shell would
  stdin    what to feed: plain text (\\n for a line break), %hex[e4 bd ff],
           %repeat[TEXT,N] (TEXT N times), or %file[PATH]; several stdin lines join
  exit     the expected exit status
  stderr   text stderr must contain (repeatable)
  stdout   text stdout must contain (repeatable)
  no-stdout  text stdout must NOT contain (repeatable)
  json     "lines": every stdout line must be a JSON object
  count    TYPE N: stdout must hold exactly N records of TYPE
  doccano  stdout is --format doccano output: a {"id","text","label"} line per
           document whose labels are, in order, the spans, labels and texts of
           the records the same arguments give without --format (value: ignored)
  html     stdout is a --format html page: one data block per document whose
           text and records are those of the same run without --format, and
           nothing in the page is loaded from elsewhere (value: ignored)
  needs-device PATH  skip the test (exit 77, which ctest reports as skipped)
           unless PATH is a character device, e.g. /dev/full
  as-nobody  run zhx as user nobody (through setpriv when root), so that file
           permissions apply; skipped (77) when that cannot be done
  setup    a shell command run first (from the source root), e.g. to make an
           unreadable file; `cleanup` runs after
"""
import html.parser, json, os, re, shlex, shutil, stat, subprocess, sys

LABELS = {"person": "PERSON", "org": "ORG", "title": "TITLE", "date": "DATE", "move": "MOVE"}


def jsonl_docs(cmd, stdin):
    """The documents of the same run as JSON Lines: [(doc record, [records])]."""
    args, plain = cmd[:], []
    while args:
        a = args.pop(0)
        if a == "--format":
            args.pop(0)
        elif not a.startswith("--format="):
            plain.append(a)
    p = subprocess.run(plain, input=stdin, capture_output=True, timeout=120)
    docs = []
    for line in p.stdout.decode().splitlines():
        r = json.loads(line)
        if r["type"] == "doc":
            docs.append((r, []))
        else:
            docs[-1][1].append(r)
    return docs


def check_doccano(out, cmd, stdin):
    fails = []
    lines = out.splitlines()
    docs = jsonl_docs(cmd, stdin)
    if len(lines) != len(docs):
        return [f"{len(lines)} doccano lines for {len(docs)} documents"]
    for line, (doc, recs) in zip(lines, docs):
        o = json.loads(line)
        if sorted(o) != ["id", "label", "text"] or o["id"] != doc["doc"] or not isinstance(o["text"], str):
            fails.append(f"doccano line for {doc['doc']}: keys {sorted(o)}, id {o.get('id')!r}")
            continue
        if len(o["text"]) != doc["chars"]:
            fails.append(f"{doc['doc']}: text of {len(o['text'])} code points, the doc record says {doc['chars']}")
        want = [[r["start"], r["end"], LABELS[r["type"]]] for r in recs]
        if o["label"] != want:
            fails.append(f"{doc['doc']}: labels {o['label'][:5]}... are not the records' {want[:5]}...")
        for (s, e, lab), r in zip(o["label"], recs):
            if o["text"][s:e] != r["text"]:
                fails.append(f"{doc['doc']}: {lab} [{s}, {e}) is {o['text'][s:e]!r}, the record says {r['text']!r}")
    return fails


class PageScan(html.parser.HTMLParser):
    """The zhx-doc data blocks, and every attribute that could load something."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.refs, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href", "srcset", "poster", "data", "action"):
            if a.get(k):
                self.refs.append(f"<{tag} {k}={a[k]!r}>")
        if tag == "script" and "zhx-doc" in (a.get("class") or "").split():
            self._in = []

    def handle_data(self, data):
        if self._in is not None:
            self._in.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in is not None:
            self.blocks.append("".join(self._in))
            self._in = None


def check_html(out, cmd, stdin):
    fails = []
    scan = PageScan()
    scan.feed(out)
    scan.close()
    if scan.refs:
        fails.append("the page refers to other files: " + ", ".join(scan.refs[:5]))
    if re.search(r"url\(|@import|https?://", re.sub(r'"text":"(?:[^"\\]|\\.)*"', "", out)):
        fails.append("the page (outside the article text) names a URL")
    docs = jsonl_docs(cmd, stdin)
    if len(scan.blocks) != len(docs):
        return fails + [f"{len(scan.blocks)} data blocks for {len(docs)} documents"]
    for block, (doc, recs) in zip(scan.blocks, docs):
        d = json.loads(block)
        if d["id"] != doc["doc"] or d["records"] != [doc] + recs:
            fails.append(f"{doc['doc']}: the page's records are not those of the JSONL run")
        if len(d["text"]) != doc["chars"] or any(d["text"][r["start"]:r["end"]] != r["text"] for r in recs):
            fails.append(f"{doc['doc']}: the page's text does not hold the records at their offsets")
        if len(d["sentences"]) != doc["sentences"]:
            fails.append(f"{doc['doc']}: {len(d['sentences'])} sentence spans, the doc record says {doc['sentences']}")
    return fails


def parse_stdin(v):
    if v.startswith("%hex[") and v.endswith("]"):
        return bytes.fromhex(v[5:-1].replace(" ", ""))
    if v.startswith("%repeat[") and v.endswith("]"):
        text, n = v[8:-1].rsplit(",", 1)
        return text.encode() * int(n)
    if v.startswith("%file[") and v.endswith("]"):
        return open(v[6:-1], "rb").read()
    return v.replace("\\n", "\n").encode()


def main():
    zhx, path = sys.argv[1], sys.argv[2]
    spec = {"args": "", "stdin": b"", "exit": "0", "as-nobody": False, "setup": None, "cleanup": None}
    checks = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, val = line.partition(" ")
        val = val.strip()
        if key == "stdin":
            spec["stdin"] += parse_stdin(val)
        elif key in ("args", "exit", "setup", "cleanup"):
            spec[key] = val
        elif key == "as-nobody":
            spec["as-nobody"] = True
        elif key in ("stderr", "stdout", "no-stdout", "json", "count", "doccano", "html"):
            checks.append((key, val))
        elif key == "needs-device":
            try:
                ok = stat.S_ISCHR(os.stat(val).st_mode)
            except OSError:
                ok = False
            if not ok:
                print(f"{path}: skipped: {val} is not a character device here")
                sys.exit(77)
        else:
            sys.exit(f"{path}: unknown key {key!r}")
    cmd = [os.path.abspath(zhx)] + shlex.split(spec["args"])
    if spec["as-nobody"]:
        if os.geteuid() != 0 or not shutil.which("setpriv"):
            print(f"{path}: skipped: cannot run as nobody here")
            sys.exit(77)
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd
    if spec["setup"]:
        subprocess.run(spec["setup"], shell=True, check=True)
    try:
        p = subprocess.run(cmd, input=spec["stdin"], capture_output=True, timeout=120)
    finally:
        if spec["cleanup"]:
            subprocess.run(spec["cleanup"], shell=True)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    fails = []
    if p.returncode != int(spec["exit"]):
        fails.append(f"exit status {p.returncode}, expected {spec['exit']}")
    for key, val in checks:
        if key == "stderr" and val not in err:
            fails.append(f"stderr lacks {val!r}")
        elif key == "stdout" and val not in out:
            fails.append(f"stdout lacks {val!r}")
        elif key == "no-stdout" and val in out:
            fails.append(f"stdout has {val!r}")
        elif key == "json":
            for i, l in enumerate(out.splitlines()):
                try:
                    if not isinstance(json.loads(l), dict):
                        raise ValueError("not an object")
                except ValueError as e:
                    fails.append(f"stdout line {i + 1} is not a JSON object: {e}")
                    break
        elif key == "count":
            t, n = val.split()
            got = sum(1 for l in out.splitlines() if l.strip() and json.loads(l).get("type") == t)
            if got != int(n):
                fails.append(f"{got} {t} records, expected {n}")
        elif key == "doccano":
            fails += check_doccano(out, cmd, spec["stdin"])
        elif key == "html":
            fails += check_html(out, cmd, spec["stdin"])
    if fails:
        print(f"{path}: FAILED")
        for f in fails:
            print("  " + f)
        print("--- stdout (first 2000 chars)\n" + out[:2000] + "\n--- stderr\n" + err[:2000])
        sys.exit(1)
    print(f"{path}: ok")


if __name__ == "__main__":
    main()
