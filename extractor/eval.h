/* eval.h: score what the pipeline finds in documents against gold (gold.h):
 * precision, recall and F1 per record type, true and false hits per rule, and
 * the misses and false hits with their sentences. Printing is eval_print.c's. */
#ifndef ZHX_EVAL_H
#define ZHX_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "batch.h"
#include "dates.h"
#include "doc.h"
#include "gold.h"
#include "rules.h"
#include "zhx.h"

struct eval_opts {
    const struct rules *rs;         /* borrowed */
    struct ymd ref;                 /* --ref-date; zeroed when none */
    const struct gold_set *gold;    /* borrowed */
};

/* What is scored. EK_DATE_TEXT is fact gold only: dates on their text alone,
 * as zhx-score's date_txt. */
enum eval_kind { EK_PERSON, EK_ORG, EK_TITLE, EK_DATE, EK_MOVE, EK_DATE_TEXT, EK_N };
const char *eval_kind_name(enum eval_kind k);

struct eval_tally {
    size_t tp, fp, fn;
    bool scored;        /* some gold scored this kind */
};

struct eval_rule {
    char *rule;         /* owned */
    size_t hits, false_hits;    /* records of the rule that matched gold, and that did not */
};

/* A miss (gold not found) or a false hit (found, not in the gold). */
struct eval_item {
    char *doc;          /* owned: the document id */
    const char *kind;   /* static: eval_kind_name() */
    long sentence;      /* 0-based, as records' "sentence"; -1 when unknown */
    char *sentence_text;    /* owned: the sentence in the original text; NULL when unknown */
    char *what;         /* owned: the fact or record on one line */
    char *rule;         /* owned: a false hit's rule; NULL for a miss */
};

struct eval_list {
    struct eval_item *v;    /* owned */
    size_t n, cap;
};

struct strlist {
    char **v;           /* owned, each owned */
    size_t n, cap;
};

struct eval_report {
    size_t n_docs, n_failed;        /* documents read (including failed ones), failed */
    size_t n_fact, n_span;          /* documents scored against each kind of gold */
    struct eval_tally t[EK_N];
    size_t en_gold, en_found, en_out, en_out_ok;   /* fact gold: English originals, as zhx-score */
    struct eval_rule *rules;        /* owned; most false hits first, then by id */
    size_t n_rules, cap_rules;
    struct eval_list misses, false_hits;    /* in document order */
    struct strlist no_gold;         /* ids of documents no gold file answers to */
    struct strlist no_doc;          /* paths of gold files no document matched */
    bool nomem;                     /* set by the parts that cannot return an error */
};

/* Run every document of it (borrowed) through the pipeline and score it against
 * its gold. A gold's ref_date stands in for a JSONL "date" when there is no
 * --ref-date and the document has no date of its own (it wins over a dateline
 * in the text, as the golden test's runs do). A document that fails is reported
 * through notify (as batch.h) and counted; the others go on. Documents with no
 * gold and gold with no document are listed and not scored. *rep is filled
 * (free with eval_report_free) even on error; returns an error only when the
 * run cannot go on (out of memory). */
enum zhx_rc eval_run(struct doc_iter *it, const struct eval_opts *opts, batch_notify notify, void *ctx,
                     struct eval_report *rep, struct zhx_err *err);
void eval_report_free(struct eval_report *rep);

/* Precision, recall and F1 of t as zhx-score computes them (0 when undefined). */
void eval_prf(const struct eval_tally *t, double *p, double *r, double *f1);

#endif
