#!/usr/bin/env python3
"""Dates against a peer: zhx and chrono-node (chrono.zh) on corpus/articles, each
document with its gold reference date, both scored by tools/zhx-score on
(text, value) and on text alone. Prints one row per runner.

usage: tests/bench/dates_peer.py ZHX_BINARY   (from the source root; installs
chrono-node into tests/bench/node_modules with npm on first use)
"""
import json, os, subprocess, sys

BENCH = "tests/bench"


def corpus_jsonl():
    lines = []
    for f in sorted(os.listdir("corpus/articles")):
        if not f.endswith(".txt"):
            continue
        gold = json.load(open(f"corpus/gold/{f[:-4]}.json", encoding="utf-8"))
        text = open(f"corpus/articles/{f}", encoding="utf-8").read()
        lines.append(json.dumps({"id": f"corpus/articles/{f}", "text": text, "date": gold.get("ref_date")},
                                ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def score(records, gold="corpus/gold"):
    p = subprocess.run([sys.executable, "tools/zhx-score", gold, "--json"], input=records,
                       capture_output=True, check=True)
    return json.loads(p.stdout)


def row(name, s):
    d, t = s["dates"], s["date_txt"]
    return f"{name:22s} {d['p']:8.3f} {d['r']:6.3f} {d['f1']:6.3f}   {t['p']:7.3f} {t['r']:6.3f} {t['f1']:6.3f}"


def main():
    zhx = sys.argv[1]
    if not os.path.isdir(f"{BENCH}/node_modules/chrono-node"):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=BENCH, check=True)
    data = corpus_jsonl()
    runs = {
        "zhx": [zhx, "extract", "--input", "jsonl", "--types", "date", "-"],
        "chrono.zh": ["node", f"{BENCH}/chrono_dates.js"],
    }
    print(f"{'runner / gold':22s} {'dates P':>8s} {'R':>6s} {'F1':>6s}   {'text P':>7s} {'R':>6s} {'F1':>6s}")
    for name, cmd in runs.items():
        p = subprocess.run(cmd, input=data, capture_output=True)
        if p.returncode != 0:
            sys.exit(f"{name} failed: {p.stderr.decode()[-500:]}")
        print(row(f"{name} / corpus", score(p.stdout)))
        seed = b"".join(l + b"\n" for l in p.stdout.splitlines() if b"openai-exodus" in l)
        print(row(f"{name} / seed", score(seed, "corpus/gold/openai-exodus.json")))


if __name__ == "__main__":
    main()
