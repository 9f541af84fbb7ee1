#!/usr/bin/env python3
"""-j N gives the same bytes as -j 1, in the same order, errors included.

usage: threads.py ZHX_BINARY   (from the source root)
"""
import json, os, subprocess, sys


def run(zhx, jobs, data):
    p = subprocess.run([zhx, "extract", "-j", str(jobs), "--input", "jsonl", "-"], input=data,
                       capture_output=True)
    return p.returncode, p.stdout, p.stderr


def main():
    zhx = sys.argv[1]
    lines = []
    for k in range(3):   # every article three times, and a bad line and an empty one between
        for f in sorted(os.listdir("corpus/articles")):
            text = open(f"corpus/articles/{f}", encoding="utf-8").read()
            lines.append(json.dumps({"id": f"{k}/{f}", "text": text, "date": "2024-10"}, ensure_ascii=False))
        lines.append('{"id": "broken", "text": ')
        lines.append(json.dumps({"id": f"empty{k}", "text": ""}))
    data = ("\n".join(lines) + "\n").encode()
    base = run(zhx, 1, data)
    failed = 0
    for jobs in (2, 3, 8):
        got = run(zhx, jobs, data)
        if got != base:
            failed += 1
            print(f"FAIL -j {jobs}: exit {got[0]} vs {base[0]}, stdout equal: {got[1] == base[1]}, "
                  f"stderr equal: {got[2] == base[2]}")
    print(f"{3 - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
