"""Shared by the accuracy peers (dates_peer.py, people_peer.py): the corpus as
JSON Lines with each article's gold reference date, scoring with the project's
scorer, and running a runner per gold set."""
import json, os, subprocess, sys


def corpus_jsonl():
    """corpus/articles as {"id","text","date"} lines, date from the article's gold."""
    lines = []
    for f in sorted(os.listdir("corpus/articles")):
        if f.endswith(".txt"):
            gold = json.load(open(f"corpus/gold/{f[:-4]}.json", encoding="utf-8"))
            text = open(f"corpus/articles/{f}", encoding="utf-8").read()
            lines.append(json.dumps({"id": f"corpus/articles/{f}", "text": text, "date": gold.get("ref_date")},
                                    ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def score(records, gold="corpus/gold"):
    p = subprocess.run([sys.executable, "tools/zhx-score", gold, "--json"], input=records,
                       capture_output=True, check=True)
    return json.loads(p.stdout)


def run_all(runs, row):
    """Run each command on the corpus; print row(name, scores) for the whole corpus
    and for the seed article alone."""
    data = corpus_jsonl()
    for name, cmd in runs.items():
        p = subprocess.run(cmd, input=data, capture_output=True)
        if p.returncode != 0:
            sys.exit(f"{name} failed: {p.stderr.decode()[-500:]}")
        print(row(f"{name} / corpus", score(p.stdout)))
        seed = b"".join(l + b"\n" for l in p.stdout.splitlines() if b"openai-exodus" in l)
        print(row(f"{name} / seed", score(seed, "corpus/gold/openai-exodus.json")))
