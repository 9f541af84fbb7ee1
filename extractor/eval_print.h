/* eval_print.h: an eval report (eval.h) as text for a person, or as one JSON
 * object for a script. */
#ifndef ZHX_EVAL_PRINT_H
#define ZHX_EVAL_PRINT_H

#include <stdio.h>

#include "eval.h"
#include "zhx.h"

/* Write rep to out. Return ZHX_ERR_IO when writing fails, ZHX_ERR_NOMEM when
 * the JSON cannot be built. */
enum zhx_rc eval_print_text(FILE *out, const struct eval_report *rep, struct zhx_err *err);
enum zhx_rc eval_print_json(FILE *out, const struct eval_report *rep, struct zhx_err *err);

#endif
