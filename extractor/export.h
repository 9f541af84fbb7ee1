/* export.h: the output formats of extract (--format): JSON Lines (emit.c), the
 * doccano import file, and the HTML review page (review_html.c). A run writes
 * export_begin, then export_doc for each document in input order, then
 * export_end; each document renders on its own, so threads can render them in
 * any order and the batch writes them in order. */
#ifndef ZHX_EXPORT_H
#define ZHX_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "emit.h"
#include "pipeline.h"
#include "zhx.h"

enum export_format {
    EXPORT_JSONL,       /* the records of SCHEMA.md, one a line (the default) */
    EXPORT_HTML,        /* one self-contained review page for every document */
    EXPORT_DOCCANO,     /* doccano sequence-labelling JSONL, one line a document */
};

/* "jsonl", "html" or "doccano"; false (and *out unchanged) for anything else. */
bool export_format_parse(const char *name, enum export_format *out);

/* What comes before the first document and after the last (the page around
 * the documents for html; nothing for the others). ZHX_ERR_IO when writing fails. */
enum zhx_rc export_begin(FILE *out, enum export_format fmt, struct zhx_err *err);
enum zhx_rc export_end(FILE *out, enum export_format fmt, struct zhx_err *err);

/* One document's records of the types in types (the doc record always comes),
 * in fmt. dr is borrowed. ZHX_ERR_IO when writing fails, ZHX_ERR_NOMEM when
 * memory runs out; then part of the document may have been written. */
enum zhx_rc export_doc(FILE *out, enum export_format fmt, const struct doc_result *dr, emit_types types,
                       struct zhx_err *err);

/* The doccano label of a record type: PERSON, ORG, TITLE, DATE, MOVE; NULL for doc. */
const char *export_doccano_label(enum rec_type t);

#endif
