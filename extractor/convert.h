/* convert.h: Traditional to Simplified Chinese for MATCHING, with OpenCC.
 *
 * The rules and lexicons are written once, in Simplified; a Traditional document
 * (Taiwan, Hong Kong) is converted after normalisation so that they match it.
 * The conversion keeps the byte layout of the text: every code point is either
 * kept or replaced by one code point of the same UTF-8 length. So the offset map
 * of normalize.h stays exact, and the same bytes of the unconverted text give any
 * span back in the document's own script (see rescript.h).
 *
 * OpenCC converts phrase by phrase (乾隆 keeps 乾, 乾燥 becomes 干燥). Where a
 * phrase changes the number of code points (rare with t2s, common with tw2sp's
 * vocabulary: 計程車 is not a character swap), or the pairing looks shifted,
 * that line falls back to the character table, built from the same OpenCC
 * configuration at load. */
#ifndef ZHX_CONVERT_H
#define ZHX_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhx.h"

/* What a configuration converts, character by character; shared read-only by
 * every thread once loaded (conv_string and conv_inplace excepted, see there). */
struct script_conv;

/* Load the OpenCC configuration config ("t2s", "tw2s", "hk2s", "tw2sp", or a path
 * to a .json file) and build its character table. On ZHX_OK *out is for
 * conv_free(); an unknown configuration is ZHX_ERR_USAGE with OpenCC's message. */
enum zhx_rc conv_load(const char *config, struct script_conv **out, struct zhx_err *err);
void conv_free(struct script_conv *sc);     /* NULL is fine */

/* True when the OpenCC library converts the documents; false when zhx's copy
 * of its algorithm over the dictionaries compiled in does (convert_dict.h):
 * OpenCC's own configurations by name, checked against the library at load. */
bool conv_uses_library(const struct script_conv *sc);

/* The configuration's name as given to conv_load (owned by sc). */
const char *conv_name(const struct script_conv *sc);

/* The code point cp converts to alone, or cp when the table leaves it. */
int32_t conv_cp(const struct script_conv *sc, int32_t cp);

/* s (NUL-terminated, valid UTF-8) converted as documents are (phrases where
 * they pair up, else the table) into a malloc'ed string the caller frees; NULL
 * when out of memory. For lexicon entries and trigger words while the rules
 * load: these two use sc's own OpenCC handle, so they are for one thread at a
 * time (loading), never for documents on worker threads. */
char *conv_string(const struct script_conv *sc, const char *s);

/* The same in place over len bytes of valid UTF-8 (a rule's pattern): the layout
 * is kept, so offsets into s (PCRE2's error offsets) stay right. */
void conv_inplace(const struct script_conv *sc, char *s, size_t len);

/* One thread's OpenCC converter (OpenCC does not promise that one handle may be
 * used by two threads at once). */
struct conv_worker;
enum zhx_rc conv_worker_open(const struct script_conv *sc, struct conv_worker **out,
                             struct zhx_err *err);
void conv_worker_close(struct conv_worker *cw);     /* NULL is fine */

/* Convert len bytes of valid, normalised UTF-8. When some code point changes,
 * *out is a malloc'ed, NUL-terminated text of the same len and layout (the caller
 * frees it) and *n_changed counts the changed code points; when none changes,
 * *out is NULL and *n_changed 0, at the cost of one scan: a Simplified document
 * never reaches OpenCC. ZHX_ERR_NOMEM only. */
enum zhx_rc conv_apply(struct conv_worker *cw, const char *text, size_t len, char **out,
                       size_t *n_changed, struct zhx_err *err);

#endif
