#!/usr/bin/env python3
"""zhx benchmark: throughput on a corpus built from corpus/, with its peers measured
in the same run, interleaved (this machine's speed drifts by tens of percent over
minutes, so only numbers taken side by side are compared, and ratios matter more
than absolute numbers).

usage: tests/bench/bench.py [--mb N] [--runs K] [--peer-mb M] [--smoke] ZHX_BINARY
       (from the source root)

Builds tests/bench/out/corpus-Nmb.jsonl (N MB, default 100; kept for the next run):
documents of 8 to 40 paragraphs drawn at random from every article of
corpus/articles, each with its own reference date, so that no article is only
repeated. Then K rounds (default 5), every runner once per round:
  zhx -j 1, zhx -j 2   `zhx extract --input jsonl -` over the whole corpus
  rg -o                ripgrep printing the matches of the name, title, date and
                       English-original shapes, built from patterns/*.tsv: the
                       scan floor, a lower bound on reading the text for them
  zhx (sample)         zhx -j 1 on the first M MB (default 2), the text the slow
                       peers read
  chrono zh.hans       chrono-node's Simplified Chinese date parser (dates only),
                       on the sample; installed with npm into tests/bench/node_modules
  jieba posseg         jieba's part-of-speech tagger (person names only), on the sample
and prints the median MB/s and documents/s, the peak RSS, the ratios, the time
of one document of tens of thousands of people at two sizes (4x the text must
take about 4x the time, not 16x), and the stage breakdown of one more zhx run with --stats (start-up, load, normalise,
match, resolve, emit, the costliest rules).
--smoke: 1 MB, one round, a 0.1 MB sample, no npm install (ctest runs it: it only
checks that every runner works). Not a test of speed.
"""
import argparse, json, os, random, re, shutil, statistics, subprocess, sys, time

OUT = "tests/bench/out"
BENCH = "tests/bench"
GOAL_MBS = 30.0
PAIR = "2 x zhx -j 1"


def tsv_surfaces(name):
    words = []
    for line in open(f"patterns/{name}", encoding="utf-8"):
        s = line.split("\t")[0].strip()
        if s and not s.startswith("#"):
            words.append(s)
    return words


def rg_patterns():
    """The shapes zhx looks for, from its own lexicons: a dotted transliterated
    name, a surname and one or two Han characters before a title, a title, a
    date, an English original in brackets."""
    tc = "".join(w for w in tsv_surfaces("translit_chars.tsv") if len(w) == 1)
    titles = sorted(tsv_surfaces("titles.tsv"), key=len, reverse=True)
    esc = lambda w: re.escape(w)
    return [
        f"[{tc}]{{1,6}}[·・•][{tc}]{{1,7}}",
        "(?:" + "|".join(esc(t) for t in titles) + ")",
        r"[0-9]{4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}[日号])?|[0-9]{1,2}月[0-9]{1,2}[日号]",
        r"[(（][A-Z][a-z]+(?: [A-Z][a-z.]+){1,3}[)）]",
    ]


def build_corpus(mb, path):
    """N MB of JSONL documents made of paragraphs from every article, shuffled."""
    if os.path.exists(path):
        n = sum(1 for _ in open(path, "rb"))
        return n, os.path.getsize(path)
    paras = []
    for f in sorted(os.listdir("corpus/articles")):
        text = open(f"corpus/articles/{f}", encoding="utf-8").read()
        paras += [p.strip() for p in text.split("\n") if len(p.strip()) > 20]
    rng = random.Random(42)
    target = mb * 1_000_000
    n = size = 0
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        while size < target:
            k = rng.randint(8, 40)
            doc = "\n\n".join(rng.choice(paras) for _ in range(k))
            date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}"
            line = json.dumps({"id": f"bench-{n}", "text": doc, "date": date}, ensure_ascii=False)
            out.write(line + "\n")
            size += len(line.encode()) + 1
            n += 1
    os.rename(tmp, path)
    return n, size


def head_mb(src, mb, path):
    """The first whole lines of src holding about mb MB."""
    n = size = 0
    with open(src, "rb") as f, open(path, "wb") as out:
        for line in f:
            if size >= mb * 1_000_000:
                break
            out.write(line)
            size += len(line)
            n += 1
    return n, size


def timed(cmd, stdin_path):
    """Run cmd with stdin from a file, output discarded; return (wall seconds, CPU
    seconds (user + system), peak RSS KiB). GNU time measures CPU and RSS: a child
    forked from Python would count Python's pages."""
    with open(stdin_path, "rb") as f:
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + cmd, stdin=f, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        dt = time.perf_counter() - t
    if p.returncode not in (0, 1):   # rg exits 1 when nothing matched
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {p.stderr.decode()[-500:]}")
    user, system, rss = p.stderr.decode().strip().splitlines()[-1].split()
    return dt, float(user) + float(system), int(rss)


def split_halves(path):
    """The corpus's even and odd lines as two files (kept for the next run): two
    halves alike in content, for two processes at once."""
    halves = [f"{path}.half{i}" for i in (0, 1)]
    if not all(os.path.exists(h) for h in halves):
        with open(path, "rb") as f, open(halves[0] + ".tmp", "wb") as a, open(halves[1] + ".tmp", "wb") as b:
            for i, line in enumerate(f):
                (a if i % 2 == 0 else b).write(line)
        for h in halves:
            os.replace(h + ".tmp", h)
    return halves


def timed_pair(cmd, paths):
    """Run cmd twice at once, each on one file; return (wall seconds until both
    are done, CPU seconds of both, the larger peak RSS KiB). Two processes that
    share nothing: what the machine itself allows two threads."""
    t = time.perf_counter()
    procs = []
    for path in paths:
        with open(path, "rb") as f:
            procs.append(subprocess.Popen(["/usr/bin/time", "-f", "%U %S %M"] + cmd, stdin=f,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    outs = [p.communicate()[1] for p in procs]
    dt = time.perf_counter() - t
    cpu, rss = 0.0, 0
    for p, err in zip(procs, outs):
        if p.returncode != 0:
            sys.exit(f"{cmd[0]} failed ({p.returncode}): {err.decode()[-500:]}")
        user, system, m = err.decode().strip().splitlines()[-1].split()
        cpu += float(user) + float(system)
        rss = max(rss, int(m))
    return dt, cpu, rss


def stage_breakdown(zhx, path):
    with open(path, "rb") as f:
        p = subprocess.run([zhx, "extract", "--stats", "--input", "jsonl", "-"], stdin=f,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return [l[len("zhx stats: "):] for l in p.stderr.decode().splitlines() if l.startswith("zhx stats: ")]


def one_big_document(mb, path, seed=1):
    """One JSONL document of about mb MB that names a new person in every
    sentence (tens of thousands of people in one document), with a later mention
    of each: the shape that once made the people stage quadratic."""
    surnames = [w for w in tsv_surfaces("surnames.tsv") if len(w) == 1]
    given = "伟明华建国志强军平海东晓丽静敏燕红玲霞芳娟英秀兰春梅涵浩然宇轩博文欣怡思雨天佑嘉豪俊杰振邦家辉永康德信翰"
    orgs = ["华星科技", "东方能源集团", "蓝海传媒", "北辰地产", "天衡保险", "远景电池", "星河游戏", "中远港务"]
    titles = ["总经理", "首席执行官", "首席财务官", "副总裁", "董事长", "首席技术官"]
    rnd = random.Random(seed)
    name = lambda: rnd.choice(surnames) + "".join(rnd.choice(given) for _ in range(rnd.choice((1, 2))))
    parts, size = [], 0
    while size < mb * 1e6:
        a, b = name(), name()
        s = f"{a}出任{rnd.choice(orgs)}{rnd.choice(titles)}，接替{b}。{b}表示，{a}经验丰富。"
        parts.append(s)
        size += len(s.encode())
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "big", "date": "2024-05-01", "text": "".join(parts)}, ensure_ascii=False) + "\n")
    return size


def doc_seconds(zhx, path):
    """zhx's own wall time for the documents of path (start-up left out), from --stats."""
    for l in stage_breakdown(zhx, path):
        m = re.search(r"([0-9.]+) s wall", l)
        if m:
            return float(m.group(1))
    sys.exit("zhx --stats printed no wall time")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zhx")
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peer-mb", type=float, default=2.0)
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    if a.smoke:
        a.mb, a.runs, a.peer_mb = 1, 1, 0.1
    os.makedirs(OUT, exist_ok=True)
    path = f"{OUT}/corpus-{a.mb}mb.jsonl"
    n_docs, size = build_corpus(a.mb, path)
    sample = f"{OUT}/sample-{a.mb}mb-{a.peer_mb}.jsonl"
    s_docs, s_size = head_mb(path, a.peer_mb, sample)

    halves = split_halves(path)
    full = {"zhx -j 1": [a.zhx, "extract", "--input", "jsonl", "-"],
            "zhx -j 2": [a.zhx, "extract", "-j", "2", "--input", "jsonl", "-"],
            # not a mode of zhx: two -j 1 processes, one on each half, at once
            PAIR: [a.zhx, "extract", "--input", "jsonl", "-"]}
    if shutil.which("rg"):
        full["rg -o floor"] = ["rg", "-o", "--no-line-number"] + sum((["-e", p] for p in rg_patterns()), [])
    else:
        print("(rg not installed: apt-get install ripgrep to measure the scan floor)")
    peers = {"zhx (sample)": [a.zhx, "extract", "--input", "jsonl", "-"]}
    if shutil.which("node"):
        if not os.path.isdir(f"{BENCH}/node_modules/chrono-node") and not a.smoke:
            subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=BENCH, check=True)
        if os.path.isdir(f"{BENCH}/node_modules/chrono-node"):
            peers["chrono zh.hans"] = ["node", f"{BENCH}/chrono_dates.js", "--hans"]
    if os.path.exists("/usr/bin/python3") and subprocess.run(
            ["/usr/bin/python3", "-c", "import jieba"], capture_output=True).returncode == 0:
        peers["jieba posseg"] = ["/usr/bin/python3", f"{BENCH}/jieba_people.py"]
    missing = {"chrono zh.hans", "jieba posseg"} - set(peers)
    if missing:
        print(f"(not measured, not installed: {', '.join(sorted(missing))})")

    times = {k: [] for k in list(full) + list(peers)}
    cpus = {k: [] for k in times}
    rss = {k: 0 for k in times}
    for r in range(a.runs):          # interleaved: every runner once per round
        for k, cmd in list(full.items()) + list(peers.items()):
            dt, cpu, m = timed_pair(cmd, halves) if k == PAIR else timed(cmd, path if k in full else sample)
            times[k].append(dt)
            cpus[k].append(cpu)
            rss[k] = max(rss[k], m)
        print(f"round {r + 1}/{a.runs}: " + ", ".join(f"{k} {times[k][-1]:.2f}s" for k in times), flush=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpus.items()}
    mb_of = lambda k: (size if k in full else s_size) / 1e6
    mbs = {k: mb_of(k) / med[k] for k in times}
    mbs_cpu = {k: mb_of(k) / med_cpu[k] if med_cpu[k] > 0 else float("inf") for k in times}
    docs = {k: (n_docs if k in full else s_docs) / med[k] for k in times}

    print(f"\ncorpus: {size / 1e6:.1f} MB, {n_docs} documents ({path}); peers' sample: the first "
          f"{s_size / 1e6:.2f} MB, {s_docs} documents; {a.runs} interleaved rounds, median")
    print("MB/s: input over wall-clock time; per CPU-s: over user + system time (what one core "
          "does, steadier when other jobs share the machine); 'zhx is': how many times faster "
          f"zhx -j 1 is than a peer, on the same text, by wall time; '{PAIR}': two zhx -j 1 "
          "processes at once, each on half the corpus, the most two threads can get here")
    print(f"{'runner':15s} {'MB/s':>9s} {'per CPU-s':>10s} {'docs/s':>10s} {'peak RSS':>10s} {'zhx is':>8s}")
    for k in times:
        ref = "zhx -j 1" if k in full else "zhx (sample)"
        own = k.startswith("zhx") or k == PAIR   # zhx against itself: the ratios below
        print(f"{k:15s} {mbs[k]:9.2f} {mbs_cpu[k]:10.2f} {docs[k]:10.1f} {rss[k] / 1024:8.1f}MB "
              + (f"{'-':>8s}" if own else f"{mbs[ref] / mbs[k]:7.2f}x"))
    j2 = mbs["zhx -j 2"] / mbs["zhx -j 1"]
    pair = mbs[PAIR] / mbs["zhx -j 1"]
    print(f"-j 2 / -j 1 (wall): {j2:.2f}x; {PAIR} / -j 1: {pair:.2f}x, so -j 2 gets {j2 / pair:.0%} "
          "of what two independent processes get on this machine")
    print(f"goal {GOAL_MBS:.0f} MB/s per core: zhx -j 1 at {mbs_cpu['zhx -j 1']:.2f} MB per CPU-second is "
          f"{mbs_cpu['zhx -j 1'] / GOAL_MBS:.0%} of it")

    # one big document at two sizes: the time must grow with the size, not its square
    small = 0.02 if a.smoke else 0.25
    big = {}
    for mb in (small, 4 * small):
        p = f"{OUT}/one-doc-{mb}mb.jsonl"
        big[mb] = (one_big_document(mb, p), doc_seconds(a.zhx, p))
    (s1, t1), (s4, t4) = big[small], big[4 * small]
    print(f"\none document of many people: {s1 / 1e6:.2f} MB in {t1:.2f}s ({s1 / 1e6 / t1:.2f} MB/s), "
          f"{s4 / 1e6:.2f} MB in {t4:.2f}s ({s4 / 1e6 / t4:.2f} MB/s): 4x the text took {t4 / t1:.1f}x the "
          "time (4x: linear; 16x: quadratic)")

    print("\nstage breakdown (zhx -j 1 --stats over the whole corpus, one more run):")
    for line in stage_breakdown(a.zhx, path):
        print("  " + line)
    if a.smoke:
        assert all(med[k] > 0 for k in times)
        print("bench smoke: every runner ran")


if __name__ == "__main__":
    main()
