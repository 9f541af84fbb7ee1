#!/usr/bin/env python3
"""People against a peer: zhx and jieba's person-name tags (Debian's python3-jieba,
jieba.posseg nr/nrt/nrfg glued across middle dots) on corpus/articles, both scored
by tools/zhx-score. Prints one row per runner and gold set.

usage: tests/bench/people_peer.py ZHX_BINARY   (from the source root)
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerlib import run_all  # noqa: E402


def row(name, s):
    p = s["persons"]
    return f"{name:20s} {p['p']:8.3f} {p['r']:6.3f} {p['f1']:6.3f}   {s['en']['p']:6.3f} {s['en']['r']:6.3f}"


def main():
    zhx = sys.argv[1]
    if not os.path.exists("/usr/lib/python3/dist-packages/jieba"):
        sys.exit("jieba is not installed: apt-get install python3-jieba")
    print(f"{'runner / gold':20s} {'persons P':>9s} {'R':>6s} {'F1':>6s}   {'en P':>6s} {'en R':>6s}")
    run_all({"zhx": [zhx, "extract", "--input", "jsonl", "--types", "person", "-"],
             "jieba": ["/usr/bin/python3", "tests/bench/jieba_people.py"]}, row)


if __name__ == "__main__":
    main()
