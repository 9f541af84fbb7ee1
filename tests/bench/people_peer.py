#!/usr/bin/env python3
"""People against a peer: zhx and jieba's person-name tags (Debian's python3-jieba,
jieba.posseg nr/nrt/nrfg glued across middle dots) on corpus/articles, both scored
by tools/zhx-score. Prints one row per runner and gold set.

usage: tests/bench/people_peer.py ZHX_BINARY   (from the source root)
"""
import json, os, subprocess, sys

BENCH = "tests/bench"


def corpus_jsonl():
    lines = []
    for f in sorted(os.listdir("corpus/articles")):
        if f.endswith(".txt"):
            gold = json.load(open(f"corpus/gold/{f[:-4]}.json", encoding="utf-8"))
            lines.append(json.dumps({"id": f"corpus/articles/{f}", "text": open(f"corpus/articles/{f}",
                         encoding="utf-8").read(), "date": gold.get("ref_date")}, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def score(records, gold="corpus/gold"):
    p = subprocess.run([sys.executable, "tools/zhx-score", gold, "--json"], input=records,
                       capture_output=True, check=True)
    return json.loads(p.stdout)


def row(name, s):
    p = s["persons"]
    return f"{name:20s} {p['p']:8.3f} {p['r']:6.3f} {p['f1']:6.3f}   {s['en']['p']:6.3f} {s['en']['r']:6.3f}"


def main():
    zhx = sys.argv[1]
    if not os.path.exists("/usr/lib/python3/dist-packages/jieba"):
        sys.exit("jieba is not installed: apt-get install python3-jieba")
    data = corpus_jsonl()
    runs = {"zhx": [zhx, "extract", "--input", "jsonl", "--types", "person", "-"],
            "jieba": ["/usr/bin/python3", f"{BENCH}/jieba_people.py"]}
    print(f"{'runner / gold':20s} {'persons P':>9s} {'R':>6s} {'F1':>6s}   {'en P':>6s} {'en R':>6s}")
    for name, cmd in runs.items():
        p = subprocess.run(cmd, input=data, capture_output=True)
        if p.returncode != 0:
            sys.exit(f"{name} failed: {p.stderr.decode()[-500:]}")
        print(row(f"{name} / corpus", score(p.stdout)))
        seed = b"".join(l + b"\n" for l in p.stdout.splitlines() if b"openai-exodus" in l)
        print(row(f"{name} / seed", score(seed, "corpus/gold/openai-exodus.json")))


if __name__ == "__main__":
    main()
