#!/usr/bin/env python3
"""Dates against a peer: zhx and chrono-node (chrono.zh) on corpus/articles, each
document with its gold reference date, both scored by tools/zhx-score on
(text, value) and on text alone. Prints one row per runner and gold set.

usage: tests/bench/dates_peer.py ZHX_BINARY   (from the source root; installs
chrono-node into tests/bench/node_modules with npm on first use)
"""
import os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerlib import run_all  # noqa: E402

BENCH = "tests/bench"


def row(name, s):
    d, t = s["dates"], s["date_txt"]
    return f"{name:22s} {d['p']:8.3f} {d['r']:6.3f} {d['f1']:6.3f}   {t['p']:7.3f} {t['r']:6.3f} {t['f1']:6.3f}"


def main():
    zhx = sys.argv[1]
    if not os.path.isdir(f"{BENCH}/node_modules/chrono-node"):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=BENCH, check=True)
    print(f"{'runner / gold':22s} {'dates P':>8s} {'R':>6s} {'F1':>6s}   {'text P':>7s} {'R':>6s} {'F1':>6s}")
    run_all({"zhx": [zhx, "extract", "--input", "jsonl", "--types", "date", "-"],
             "chrono.zh": ["node", f"{BENCH}/chrono_dates.js"]}, row)


if __name__ == "__main__":
    main()
