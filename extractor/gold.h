/* gold.h: the gold a `zhx eval` run scores against: a folder with, per
 * document, NAME.json (document-level facts, the format of corpus/gold/ and
 * tools/zhx-score) or NAME.jsonl (span-level records, the records zhx prints,
 * as SCHEMA.md "Gold files" describes). Reading only; eval.c scores. */
#ifndef ZHX_GOLD_H
#define ZHX_GOLD_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "zhx.h"

enum gold_kind { GOLD_FACT, GOLD_SPAN };

struct gold_doc {
    char *path;         /* owned: the file it came from */
    char *key;          /* owned: fact gold "id", else the file name without extension */
    cJSON *names;       /* owned array of strings: the other document names it answers
                         * to (fact gold "doc_names"; span gold: the base names of its
                         * records' "doc"); never NULL */
    enum gold_kind kind;
    char *ref_date;     /* owned: fact gold "ref_date", span gold's doc record
                         * "ref_date"; NULL when none */
    cJSON *json;        /* owned. GOLD_FACT: the object, with "persons", "titles",
                         * "moves", "dates" arrays (missing ones added empty).
                         * GOLD_SPAN: an array of the records, doc records left out */
};

struct gold_set {
    struct gold_doc *v; /* owned, in file name order */
    size_t n;
};

/* Read every *.json and *.jsonl file of dir (not its subfolders). On error
 * *out is empty and err names the file (and line, for JSONL) and what is wrong:
 * not JSON, a fact without its key field, a record of an unknown type. */
enum zhx_rc gold_load_dir(const char *dir, struct gold_set *out, struct zhx_err *err);
void gold_free(struct gold_set *gs);    /* NULL or empty is fine */

/* The gold of the document called doc_id: its index in gs->v, or -1. As
 * tools/zhx-score: the base name of doc_id without its extension, looked up
 * first among the gold's doc_names, then as its key; then (zhx eval only) as
 * the gold file's own name without extension. */
long gold_find(const struct gold_set *gs, const char *doc_id);

/* The base name of path without its extension, as Python's
 * os.path.splitext(os.path.basename(path))[0]; malloc'ed, NULL when out of memory. */
char *gold_doc_key(const char *path);

#endif
