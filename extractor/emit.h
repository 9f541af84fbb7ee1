/* emit.h: records as JSON per SCHEMA.md. The only module that builds JSON. */
#ifndef ZHX_EMIT_H
#define ZHX_EMIT_H

#include <stdio.h>

#include "pipeline.h"
#include "zhx.h"

/* Which record types to print: bit (1 << type). The doc record always prints. */
typedef unsigned emit_types;
#define EMIT_ALL_TYPES 0xFFFFu

/* Write the doc record and then every record of dr, one JSON object a line,
 * to out. Returns ZHX_ERR_IO when writing fails (a full disk) and
 * ZHX_ERR_NOMEM when cJSON runs out of memory. */
enum zhx_rc emit_jsonl(FILE *out, const struct doc_result *dr, emit_types types, struct zhx_err *err);

/* One record, or the doc record, as a cJSON object with the fields and field
 * order of SCHEMA.md: what emit_jsonl prints. The caller owns the tree
 * (cJSON_Delete); NULL when out of memory. For the other output formats
 * (export.c, review_html.c), which wrap the same records. */
struct cJSON *emit_record_object(const struct doc_result *dr, const struct record *r);
struct cJSON *emit_doc_object(const struct doc_result *dr);

/* The value of field key of record r as check compares it: what the JSON holds,
 * except that "person" gives the person's name rather than its id. Returns a
 * malloc'ed string the caller frees, or NULL for null / no such field. */
char *emit_field_text(const struct doc_result *dr, const struct record *r, const char *key);

#endif
