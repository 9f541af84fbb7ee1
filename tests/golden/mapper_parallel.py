#!/usr/bin/env python3
"""zhx as the mapper of GNU parallel, exactly as README shows it: the JSON Lines
input cut into blocks at line ends, a zhx per block on every core, the output
kept in input order (-k). Its output must be the bytes of one zhx over the
whole input: documents are independent, so splitting the stream changes nothing.

usage: tests/golden/mapper_parallel.py ZHX_BINARY   (from the source root; ctest: mapper.parallel)
Exits 77 (skipped) when GNU parallel is not installed.
"""
import json, os, random, shutil, subprocess, sys


def main():
    zhx = os.path.abspath(sys.argv[1])
    if shutil.which("parallel") is None:
        print("GNU parallel is not installed (apt-get install parallel)")
        sys.exit(77)
    paras = []
    for f in sorted(os.listdir("corpus/articles")):
        paras += [p.strip() for p in open(f"corpus/articles/{f}", encoding="utf-8").read().split("\n") if p.strip()]
    rng = random.Random(3)
    lines = []
    for n in range(120):   # about 400 KB: several blocks of 64 KB
        doc = "\n".join(rng.choice(paras) for _ in range(rng.randint(4, 20)))
        lines.append(json.dumps({"id": f"doc-{n}", "text": doc, "date": "2024-10"}, ensure_ascii=False))
    data = ("\n".join(lines) + "\n").encode()
    direct = subprocess.run([zhx, "extract", "--input", "jsonl", "-"], input=data, capture_output=True, check=True)
    # one job per core (parallel's default; its -j 0 means "as many as it can
    # start", and it spends minutes finding out how many that is)
    mapped = subprocess.run(["parallel", "--pipe", "--block", "64k", "-k",
                             zhx, "extract", "--input", "jsonl", "-"], input=data, capture_output=True,
                            timeout=600)
    if mapped.returncode != 0:
        sys.exit(f"parallel failed ({mapped.returncode}): {mapped.stderr.decode()[-500:]}")
    if mapped.stdout != direct.stdout:
        a, b = direct.stdout.splitlines(), mapped.stdout.splitlines()
        first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        sys.exit(f"parallel's output differs from one zhx's at line {first + 1} "
                 f"({len(a)} lines direct, {len(b)} through parallel)")
    print(f"parallel --pipe -k: {len(direct.stdout.splitlines())} records, the same bytes as one zhx")


if __name__ == "__main__":
    main()
