/* segment.h: split normalised text into sentences, the unit a rule matches in. */
#ifndef ZHX_SEGMENT_H
#define ZHX_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhx.h"

struct sentence {
    size_t start, end;      /* byte offsets in the normalised text, end exclusive */
};

struct sentences {
    struct sentence *v;     /* owned */
    size_t n;
};

/* Split len bytes of normalised text (see normalize.h: ASCII punctuation after
 * NFKC, one "\n" per line break). A sentence ends after 。!?; or "...", at a line
 * break, and, in a line with no end mark (a headline, a menu), at spaces between
 * two words of Han characters; not inside “” 「」 『』 《》 () 【】 unless a line
 * break comes first. A
 * closing quote or bracket right after the end mark stays in the sentence.
 * Leading spaces are skipped and blank sentences dropped; a sentence longer than
 * ZHX_MAX_SENTENCE_BYTES is cut at a character boundary. On error *out is empty. */
enum zhx_rc seg_split(const char *text, size_t len, struct sentences *out, struct zhx_err *err);
void seg_free(struct sentences *s);     /* NULL or empty is fine */

/* Does code point cp end a sentence (。 ! ? ; and the halfwidth ｡)? */
bool seg_is_end_mark(int32_t cp);

/* Index of the sentence holding byte off, or s->n when none does. */
size_t seg_find(const struct sentences *s, size_t off);

#endif
