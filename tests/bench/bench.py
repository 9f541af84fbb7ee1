#!/usr/bin/env python3
"""zhx benchmark: throughput on a corpus built from corpus/, with its peers measured
in the same run, interleaved (this machine's speed drifts by tens of percent over
minutes, so only numbers taken side by side are compared).

usage: tests/bench/bench.py [--mb N] [--runs K] [--smoke] ZHX_BINARY   (from the source root)

Builds tests/bench/out/corpus.jsonl (N MB, default 100) from the paragraphs of
corpus/articles, shuffled into new documents so that no article is only repeated,
then runs `zhx extract --input jsonl` K times (default 5) and prints the median
MB/s and documents/s, the peak RSS, and the same for the peers found on this
machine:
  rg -o     ripgrep printing the matches of zhx's simplest name, title and date
            shapes: the scan floor, a lower bound on the cost of reading the text
  cat       reading the file at all
--smoke runs 1 MB once and only checks that every runner works (ctest runs it).
Not a test of speed: a benchmark prints numbers for people to compare.
"""
import argparse, json, os, random, shutil, statistics, subprocess, sys, time

OUT = "tests/bench/out"
RG_PATTERNS = [
    r"[\p{Han}]{1,6}·[\p{Han}]{1,7}",                 # dotted names
    r"\([A-Z][a-z]+ [A-Z][a-z]+\)",                    # English originals
    r"首席[\p{Han}]{1,3}官|副总裁|负责人|联合创始人",    # titles
    r"[0-9]{4}年(?:[0-9]{1,2}月)?",                    # dates
]


def build_corpus(mb, path):
    paras = []
    for f in sorted(os.listdir("corpus/articles")):
        text = open(f"corpus/articles/{f}", encoding="utf-8").read()
        paras += [p.strip() for p in text.split("\n") if len(p.strip()) > 20]
    rng = random.Random(42)
    target = mb * 1_000_000
    n = size = 0
    with open(path, "w", encoding="utf-8") as out:
        while size < target:
            k = rng.randint(8, 40)
            doc = "\n\n".join(rng.choice(paras) for _ in range(k))
            line = json.dumps({"id": f"bench-{n}", "text": doc, "date": "2024-10"}, ensure_ascii=False)
            out.write(line + "\n")
            size += len(line.encode()) + 1
            n += 1
    return n, size


def timed(cmd, stdin_path):
    """Run cmd with stdin from a file, output discarded; return (seconds, peak RSS KiB).
    GNU time measures the RSS: a child forked from Python would count Python's pages."""
    with open(stdin_path, "rb") as f:
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdin=f, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        dt = time.perf_counter() - t
    if p.returncode not in (0, 1):   # rg exits 1 when nothing matched
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {p.stderr.decode()[-500:]}")
    return dt, int(p.stderr.decode().strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zhx")
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    if a.smoke:
        a.mb, a.runs = 1, 1
    os.makedirs(OUT, exist_ok=True)
    path = f"{OUT}/corpus-{a.mb}mb.jsonl"
    n_docs, size = build_corpus(a.mb, path)
    runners = {"zhx": [a.zhx, "extract", "--input", "jsonl", "-"],
               "zhx -j 2": [a.zhx, "extract", "-j", "2", "--input", "jsonl", "-"], "cat": ["cat"]}
    if shutil.which("rg"):
        runners["rg -o"] = ["rg", "-o", "--no-line-number"] + sum((["-e", p] for p in RG_PATTERNS), [])
    else:
        print("(rg not installed: apt-get install ripgrep to measure the scan floor)")
    times = {k: [] for k in runners}
    rss = {k: 0 for k in runners}
    for _ in range(a.runs):          # interleaved: every runner once per round
        for k, cmd in runners.items():
            dt, m = timed(cmd, path)
            times[k].append(dt)
            rss[k] = max(rss[k], m)
    mbs = size / 1e6
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"corpus: {mbs:.1f} MB, {n_docs} documents, {a.runs} interleaved runs, median")
    print(f"{'runner':8s} {'MB/s':>9s} {'docs/s':>10s} {'peak RSS':>10s} {'speed vs zhx':>13s}")
    for k in runners:
        print(f"{k:8s} {mbs / med[k]:9.2f} {n_docs / med[k]:10.0f} {rss[k] / 1024:8.1f}MB "
              f"{med['zhx'] / med[k]:12.2f}x")
    if a.smoke:
        assert all(med[k] > 0 for k in runners)
        print("bench smoke: every runner ran")


if __name__ == "__main__":
    main()
