#!/usr/bin/python3
"""The jieba peer for people: reads JSON Lines {"id","text"} on stdin, tags each
text with jieba.posseg, and prints a person record in zhx's shape for every
person-name token (nr, nrt, nrfg), with tokens joined across middle dots
(萨姆 · 阿尔特曼 is one name). Debian's python3-jieba runs under /usr/bin/python3.
Every distinct name is one person: jieba does not link 阿尔特曼 to its full form.
"""
import json, logging, sys

import jieba
import jieba.posseg as pseg

jieba.setLogLevel(logging.WARNING)
NAME_TAGS = {"nr", "nrt", "nrfg"}
DOTS = "·•‧・･∙⋅"

for line in sys.stdin:
    if not line.strip():
        continue
    doc = json.loads(line)
    toks = list(pseg.cut(doc["text"]))
    names, i = [], 0
    while i < len(toks):
        w, f = toks[i].word, toks[i].flag
        if f in NAME_TAGS:
            name = w
            # glue "name · name" across a middle dot
            while i + 2 < len(toks) and toks[i + 1].word in DOTS and toks[i + 2].flag in NAME_TAGS:
                name += "·" + toks[i + 2].word
                i += 2
            names.append(name)
        i += 1
    ids = {}
    for n in names:
        pid = ids.setdefault(n, f"P{len(ids) + 1}")
        print(json.dumps({"doc": doc["id"], "type": "person", "text": n, "id": pid, "name": n,
                          "en": None, "aliases": []}, ensure_ascii=False))
