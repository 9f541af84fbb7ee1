#!/usr/bin/env python3
"""Streaming memory: pipe N MB of JSON Lines into `zhx extract --input jsonl -` and
print zhx's peak RSS. zhx reads and writes one document at a time (with -j N, at
most 4 per thread in flight), so its memory must not grow with the input.

usage: tests/bench/stream_rss.py [--mb N] [-j THREADS] ZHX_BINARY     (default 1024 MB)
       tests/bench/stream_rss.py --check SMALL,BIG [-j THREADS] ZHX_BINARY
--check runs SMALL and BIG MB and fails unless BIG's peak RSS is within 20% (plus
4 MB) of SMALL's: ctest runs it with 2 and 10 MB (bench.stream_rss).

The documents are paragraphs of corpus/articles shuffled into new documents, made
while they are written: the input never exists as a file, only as the pipe.
"""
import argparse, json, os, random, subprocess, sys, time


def paragraphs():
    paras = []
    for f in sorted(os.listdir("corpus/articles")):
        text = open(f"corpus/articles/{f}", encoding="utf-8").read()
        paras += [p.strip() for p in text.split("\n") if len(p.strip()) > 20]
    return paras


def run(zhx, mb, threads, paras):
    """Pipe mb MB into zhx; return (peak RSS KiB, documents, seconds)."""
    p = subprocess.Popen(["/usr/bin/time", "-f", "%M", zhx, "extract", "-j", str(threads), "--input", "jsonl", "-"],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    rng = random.Random(7)
    size = n = 0
    t = time.perf_counter()
    try:
        while size < mb * 1_000_000:
            doc = "\n\n".join(rng.choice(paras) for _ in range(rng.randint(8, 40)))
            line = (json.dumps({"id": f"s{n}", "text": doc, "date": "2024-10"}, ensure_ascii=False) + "\n").encode()
            p.stdin.write(line)
            size += len(line)
            n += 1
        p.stdin.close()
    except BrokenPipeError:
        pass
    err = p.stderr.read().decode()
    if p.wait() != 0:
        sys.exit(f"zhx failed ({p.returncode}): {err[-500:]}")
    return int(err.strip().splitlines()[-1]), n, time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zhx")
    ap.add_argument("--mb", type=int, default=1024)
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("--check")
    a = ap.parse_args()
    paras = paragraphs()
    sizes = [int(x) for x in a.check.split(",")] if a.check else [a.mb]
    peaks = []
    for mb in sizes:
        rss, n, dt = run(a.zhx, mb, a.j, paras)
        peaks.append(rss)
        print(f"{mb} MB ({n} documents) through a pipe, -j {a.j}: peak RSS {rss / 1024:.1f} MB, "
              f"{dt:.1f} s, {mb / dt:.2f} MB/s", flush=True)
    if a.check:
        small, big = peaks[0], peaks[-1]
        if big > small * 1.2 + 4096:
            sys.exit(f"memory grows with the input: {small / 1024:.1f} MB for {sizes[0]} MB, "
                     f"{big / 1024:.1f} MB for {sizes[-1]} MB")
        print("flat: the peak RSS does not grow with the input")


if __name__ == "__main__":
    main()
