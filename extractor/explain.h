/* explain.h: one document's way through the pipeline, for a person tuning
 * rules: per sentence, every candidate match (rule, text), whether it was
 * kept or dropped and why (as resolve recorded it in the candidate), and the
 * records made from it. */
#ifndef ZHX_EXPLAIN_H
#define ZHX_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "batch.h"
#include "pipeline.h"
#include "zhx.h"

/* Write the explanation of dr (a finished pipeline_run) to out, with ANSI
 * colours when color is set. Returns ZHX_ERR_IO when writing fails,
 * ZHX_ERR_NOMEM when out of memory. */
enum zhx_rc explain_doc(FILE *out, const struct doc_result *dr, bool color, struct zhx_err *err);

/* Explain every document of it (borrowed), or, when it is NULL, text (borrowed;
 * the document "--text"), with the rules rs and the reference date ref (zeroed
 * when none). A document that fails is reported through notify (batch.h),
 * counted in *n_failed, and the others go on. Returns ZHX_ERR_IO when out cannot
 * be written, ZHX_ERR_NOMEM when memory runs out, else ZHX_OK. */
enum zhx_rc explain_run(FILE *out, const struct rules *rs, struct doc_iter *it, const char *text,
                        const struct ymd *ref, bool color, batch_notify notify, void *ctx, size_t *n_failed,
                        struct zhx_err *err);

#endif
