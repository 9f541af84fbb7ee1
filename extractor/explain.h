/* explain.h: one document's way through the pipeline, for a person tuning
 * rules: per sentence, every candidate match (rule, text), whether it was
 * kept or dropped and why (as resolve recorded it in the candidate), and the
 * records made from it. */
#ifndef ZHX_EXPLAIN_H
#define ZHX_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "pipeline.h"
#include "zhx.h"

/* Write the explanation of dr (a finished pipeline_run) to out, with ANSI
 * colours when color is set. Returns ZHX_ERR_IO when writing fails,
 * ZHX_ERR_NOMEM when out of memory. */
enum zhx_rc explain_doc(FILE *out, const struct doc_result *dr, bool color, struct zhx_err *err);

#endif
