/* review_html.h: the HTML review page (extract --format html). One file with
 * its CSS and JavaScript inline and no external reference: each document is a
 * <script type="application/json" class="zhx-doc"> block holding its original
 * text, its sentence spans and the records emit_jsonl would print; the page's
 * script draws the highlights and the panels and exports the reviewed records
 * as gold JSONL (docs/SCHEMA.md, "Gold files"). The page itself lives in
 * extractor/review/page.html, compiled in by CMake. */
#ifndef ZHX_REVIEW_HTML_H
#define ZHX_REVIEW_HTML_H

#include <stdio.h>

#include "emit.h"
#include "pipeline.h"
#include "zhx.h"

/* The page before the first document and after the last. ZHX_ERR_IO when
 * writing fails. */
enum zhx_rc review_html_begin(FILE *out, struct zhx_err *err);
enum zhx_rc review_html_end(FILE *out, struct zhx_err *err);

/* One document's data block: {"id", "text", "sentences": [[start, end], ...],
 * "records": [the doc record, then the records of types]}, offsets in code
 * points of the original text. Every "<" is written as \u003c, so no text can
 * close the script element (</script>) or open a comment in it. dr is borrowed.
 * ZHX_ERR_NOMEM or ZHX_ERR_IO on failure. */
enum zhx_rc review_html_doc(FILE *out, const struct doc_result *dr, emit_types types, struct zhx_err *err);

#endif
