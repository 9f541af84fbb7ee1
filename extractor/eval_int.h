/* eval_int.h: what the parts of eval share (eval.c: running documents, the
 * report; eval_fact.c: document-level fact gold, as tools/zhx-score;
 * eval_span.c: span-level record gold). Not for other modules. */
#ifndef ZHX_EVAL_INT_H
#define ZHX_EVAL_INT_H

#include <cjson/cJSON.h>

#include "eval.h"
#include "pipeline.h"

/* One document being scored. */
struct eval_doc {
    const char *id;
    const struct doc_result *dr;    /* the pipeline's result */
    cJSON *recs;                    /* its records as zhx prints them (doc record left
                                     * out): the scorer reads exactly what zhx-score reads */
    struct orig_span *sent;         /* dr->sent.n sentences in the original text */
};

/* The string field key of o, or NULL (missing, null, not a string). */
const char *ev_str(const cJSON *o, const char *key);
/* The number field key of o, or -1. */
long ev_num(const cJSON *o, const char *key);

/* Count one record of rule as a true (hit) or a false hit. */
void ev_rule(struct eval_report *rep, const char *rule, bool hit);
/* Append an item to list: kind, the sentence (its text is looked up), the
 * record's rule (NULL for a miss) and what, printf-style. */
void ev_item(struct eval_report *rep, struct eval_list *list, const struct eval_doc *d, enum eval_kind kind,
             long sentence, const char *rule, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The first sentence whose original text holds needle (and needle2 when not
 * NULL), or -1. */
long ev_sentence_with(const struct eval_doc *d, const char *needle, const char *needle2);
/* The sentence holding code point cp of the original text, or -1. */
long ev_sentence_at(const struct eval_doc *d, long cp);

/* eval_fact.c: score d against one fact gold (gold.h GOLD_FACT). */
void eval_fact_doc(struct eval_report *rep, const struct eval_doc *d, const cJSON *gold);
/* eval_span.c: score d against span gold records (an array). */
void eval_span_doc(struct eval_report *rep, const struct eval_doc *d, const cJSON *gold);

#endif
