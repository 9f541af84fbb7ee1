/* normalize.h: NFKC plus the folds the rules rely on, with a map back to the
 * original bytes, so every span found in normalised text quotes the original. */
#ifndef ZHX_NORMALIZE_H
#define ZHX_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "zhx.h"

struct norm_text {
    char *text;             /* normalised UTF-8, NUL-terminated; owned */
    size_t len;             /* bytes in text, without the NUL */
    /* orig_start[i], orig_end[i]: the original bytes [start, end) that produced
     * text[i]. A span [s, e) of text (e > s) quotes the original bytes
     * [orig_start[s], orig_end[e - 1]). Each has len + 1 entries; both [len]
     * hold the original length. Offsets fit in 32 bits (ZHX_MAX_DOC_BYTES). */
    uint32_t *orig_start;   /* owned */
    uint32_t *orig_end;     /* owned */
};

/* Normalise len bytes of VALID UTF-8 at src (borrowed; doc_validate_utf8 has
 * checked it). The folds, in order:
 *  - utf8proc NFKC (full-width ASCII to ASCII, ，（）： to ,():, U+3000 to space);
 *  - every middle-dot look-alike (· • ‧ ・ ･ ∙ ⋅ ‐dot and friends) to U+00B7;
 *  - zero-width characters, soft hyphen and BOM dropped;
 *  - other control characters to a space;
 *  - a run of white space to one "\n" if it holds a line break, else one " ";
 *  - a blank (no line break) between a CJK ideograph and an ASCII letter,
 *    digit, bracket or % dropped (自 6 月 1 日起 reads as 自6月1日起).
 * On ZHX_OK *out is filled; free it with norm_free(). On error *out is empty. */
enum zhx_rc norm_apply(const char *src, size_t len, struct norm_text *out, struct zhx_err *err);
void norm_free(struct norm_text *t);    /* NULL or empty is fine */

/* The original byte span [*orig_start, *orig_end) of the normalised span [s, e). */
void norm_span_to_orig(const struct norm_text *t, size_t s, size_t e, size_t *orig_start,
                       size_t *orig_end);

/* Normalise a NUL-terminated string (a lexicon entry, an example) into a malloc'ed
 * string the caller frees; NULL when out of memory or not valid UTF-8. */
char *norm_string(const char *s);

/* Byte offset to code-point offset in a text, in O(256 bytes) per lookup after an
 * O(n) build: checkpoints every 256 bytes instead of an entry per byte, so that
 * memory stays a fraction of the document. */
struct cp_index {
    const char *text;       /* borrowed */
    size_t len;
    size_t *cp_at_block;    /* owned: code points before byte k * 256 */
};
enum zhx_rc cp_index_build(struct cp_index *ix, const char *text, size_t len);
size_t cp_index_at(const struct cp_index *ix, size_t byte_off);
void cp_index_free(struct cp_index *ix);

#endif
