#!/usr/bin/env python3
"""zhx eval and tools/zhx-score count the same: run every corpus article as
golden.py does (the gold's ref date passed as the JSONL `date`) and score the
records with tools/zhx-score; run `zhx eval --gold corpus/gold corpus/articles`
(which takes each gold's ref_date itself); every tp/fp/fn count and every P, R,
F1 (persons, titles, moves, dates, date_txt, en) must be equal.

usage: eval_equals_score.py ZHX_BINARY   (run from the source root)
"""
import json, os, re, subprocess, sys


def main():
    zhx = sys.argv[1]
    arts = sorted(f for f in os.listdir("corpus/articles") if f.endswith(".txt"))
    lines = []
    for f in arts:
        gold = json.load(open(f"corpus/gold/{f[:-4]}.json", encoding="utf-8"))
        text = open(f"corpus/articles/{f}", encoding="utf-8").read()
        lines.append(json.dumps({"id": f"corpus/articles/{f}", "text": text, "date": gold.get("ref_date")},
                                ensure_ascii=False))
    p = subprocess.run([zhx, "extract", "--input", "jsonl", "-"], input="\n".join(lines).encode(), capture_output=True)
    if p.returncode != 0:
        sys.exit(f"zhx extract failed ({p.returncode}): {p.stderr.decode()}")
    score = [sys.executable, "tools/zhx-score", "corpus/gold"]
    sj = json.loads(subprocess.run(score + ["--json"], input=p.stdout, capture_output=True, check=True).stdout)
    st = subprocess.run(score, input=p.stdout, capture_output=True, check=True).stdout.decode()
    counts = {m[0]: tuple(map(int, m[1:])) for m in re.findall(r"^(\w+)\s+P=.*tp=(\d+) fp=(\d+) fn=(\d+)", st, re.M)}
    e = subprocess.run([zhx, "eval", "--json", "--gold", "corpus/gold", "corpus/articles"], capture_output=True)
    if e.returncode != 0:
        sys.exit(f"zhx eval failed ({e.returncode}): {e.stderr.decode()}")
    ej = json.loads(e.stdout)
    names = {"persons": "person", "titles": "title", "moves": "move", "dates": "date", "date_txt": "date_text"}
    bad = []
    for s_name, e_name in names.items():
        es = ej["scores"][e_name]
        for m in ("p", "r", "f1"):
            if abs(es[m] - sj[s_name][m]) > 1e-9:
                bad.append(f"{s_name}.{m}: eval {es[m]:.6f}, zhx-score {sj[s_name][m]:.6f}")
        if (es["tp"], es["fp"], es["fn"]) != counts[s_name]:
            bad.append(f"{s_name}: eval tp/fp/fn {es['tp']}/{es['fp']}/{es['fn']}, zhx-score {counts[s_name]}")
        print(f"{s_name:9s} eval P={es['p']:.3f} R={es['r']:.3f} F1={es['f1']:.3f} tp/fp/fn={es['tp']}/{es['fp']}/{es['fn']}"
              f"   zhx-score P={sj[s_name]['p']:.3f} R={sj[s_name]['r']:.3f} F1={sj[s_name]['f1']:.3f} tp/fp/fn={counts[s_name]}")
    for m in ("p", "r", "n"):
        if abs(ej["en"][m] - sj["en"][m]) > 1e-9:
            bad.append(f"en.{m}: eval {ej['en'][m]}, zhx-score {sj['en'][m]}")
    if ej["docs"] != sj["docs"] or ej["gold_without_docs"] or ej["docs_without_gold"]:
        bad.append(f"documents: eval {ej['docs']} (no gold {ej['docs_without_gold']}, no doc {ej['gold_without_docs']}), "
                   f"zhx-score {sj['docs']}")
    if bad:
        sys.exit("eval and zhx-score disagree:\n  " + "\n  ".join(bad))
    print("eval == zhx-score on the corpus")


if __name__ == "__main__":
    main()
