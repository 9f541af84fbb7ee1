/* batch.h: many documents through the pipeline, on one thread or several, with
 * the records written in input order. */
#ifndef ZHX_BATCH_H
#define ZHX_BATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "dates.h"
#include "doc.h"
#include "emit.h"
#include "export.h"
#include "rules.h"
#include "stats.h"
#include "zhx.h"

struct batch_opts {
    const struct rules *rs;     /* borrowed, read-only: shared by the threads */
    struct ymd ref;             /* --ref-date, zeroed when none */
    emit_types types;
    enum export_format format;  /* how each document is written (export.h) */
    unsigned threads;           /* 1: this thread only */
    bool stats;                 /* time the stages and rules into the report */
};

/* What became of one document (or of one input that could not be read). */
struct batch_doc_info {
    const char *id;             /* document id, or the failing path */
    enum zhx_rc rc;             /* ZHX_OK, or why it failed */
    const struct zhx_err *err;  /* when rc is not ZHX_OK */
    size_t len, sentences;      /* bytes and sentences of a document that ran */
    size_t n_replaced, first_bad;
};

/* Called once per document, in input order, on the calling thread (so that
 * messages come out in order); main.c prints from it. */
typedef void (*batch_notify)(void *ctx, const struct batch_doc_info *info);

struct batch_report {
    size_t n_docs, n_failed;
    bool write_failed;          /* out could not be written: the rest was not */
    struct stats stats;         /* with opts->stats: every thread's time, summed;
                                   free with stats_free() */
};

/* Run every document of it (borrowed) and write its records to out in
 * opts->format (export_doc; the caller writes export_begin and export_end),
 * in input order whatever the threads do. A document that fails is
 * reported through notify and the batch goes on; a write error stops it
 * (rep->write_failed). Returns an error only when the batch cannot start
 * (threads or memory). Memory stays bounded: at most 4 documents per thread are
 * in flight. */
enum zhx_rc batch_run(struct doc_iter *it, FILE *out, const struct batch_opts *opts, batch_notify notify,
                      void *ctx, struct batch_report *rep, struct zhx_err *err);

#endif
