/* pipeline.h: one document through every stage: normalise, segment, match,
 * resolve. extract, check and the tests all run documents through this. */
#ifndef ZHX_PIPELINE_H
#define ZHX_PIPELINE_H

#include "convert.h"
#include "dates.h"
#include "doc.h"
#include "match.h"
#include "normalize.h"
#include "resolve.h"
#include "rules.h"
#include "segment.h"

/* What one document became. Reused from document to document by one thread. */
struct doc_result {
    const struct doc *doc;      /* borrowed */
    struct norm_text norm;
    struct sentences sent;
    struct cp_index cpx;        /* over the ORIGINAL text */
    struct cands cands;
    struct result res;
    /* When script conversion changed the text (convert.h): norm.text is the
     * converted text the rules matched, display the normalised text before it
     * (same layout; owned), n_converted the code points changed. */
    char *display;
    size_t n_converted;
    const char *conversion;     /* the configuration's name (rs->conv) or NULL */
    struct ymd ref;             /* the reference date used; zeroed when none */
    const char *ref_source;     /* "option", "input", "text" or NULL (static) */
};

/* One thread's pipeline: the rules (borrowed, read-only) and its worker. */
struct pipeline {
    const struct rules *rs;
    struct worker w;
    struct conv_worker *cw;     /* when rs->conv: this thread's OpenCC; owned */
    struct doc_result dr;
    struct stats *stats;    /* borrowed; NULL unless timing (pipeline_set_stats) */
};

enum zhx_rc pipeline_init(struct pipeline *pl, const struct rules *rs, struct zhx_err *err);
void pipeline_free(struct pipeline *pl);

/* Time the stages and rules of every later pipeline_run into st (borrowed, sized
 * for pl's rules; one per thread), or stop timing with NULL. */
void pipeline_set_stats(struct pipeline *pl, struct stats *st);

/* Run doc (borrowed; must outlive the result) with the reference date: ref_option
 * (--ref-date) if given, else the document's own date (JSONL "date"), else a
 * dateline found in its first sentences (see resolve.h), else none.
 * A bad JSONL date is an error for this document. On ZHX_OK pl->dr holds the
 * result until the next call. */
enum zhx_rc pipeline_run(struct pipeline *pl, const struct doc *doc, const struct ymd *ref_option,
                         struct zhx_err *err);

/* The original offsets of a span of the normalised text. */
struct orig_span {
    size_t start, end;              /* code points */
    size_t byte_start, byte_end;
};
struct orig_span pipeline_orig_span(const struct doc_result *dr, size_t norm_start, size_t norm_end);

#endif
