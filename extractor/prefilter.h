/* prefilter.h: which trigger words occur in a sentence, for every rule at once.
 * The literal triggers of all rules and the words of their trigger lexicons go
 * into one table keyed by first code point, and one pass over a sentence sets a
 * bit per trigger (a literal, or a whole lexicon) found in it. A rule runs on a
 * sentence only when the bit of one of its triggers is set. This replaces a
 * memmem per literal and a pass per lexicon per sentence: those cost as much as
 * the cheap rules they gated. */
#ifndef ZHX_PREFILTER_H
#define ZHX_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One word to look for: the trigger it proves present. */
struct pf_word {
    const char *s;      /* borrowed (a rule's trigger or a lexicon entry), normalised */
    uint32_t len;       /* bytes */
    uint32_t id;        /* trigger id: the bit it sets */
};

struct prefilter {
    uint64_t bmp[65536 / 64];   /* bit cp set: some word starts with code point cp (cp < 0x10000) */
    /* bits set in bmp before word i: with the bits below cp in its own word,
     * the index in first of a BMP code point whose bit is set (first is sorted,
     * BMP code points first), without a binary search per character */
    uint32_t bmp_rank[65536 / 64];
    struct pf_word *w;          /* owned: sorted by first code point */
    size_t n, cap;
    struct pf_first { int32_t cp; uint32_t lo, hi; } *first;   /* owned: w[lo..hi) start with cp */
    size_t n_first;
    uint32_t n_ids;             /* trigger ids are 0 .. n_ids - 1 */
    uint64_t *positional;       /* owned, pf_words() words: ids whose every occurrence is reported */
    uint32_t upper_id;          /* the id a possible upper-case letter proves (\p{Lu}); PF_NONE */
};

#define PF_NONE UINT32_MAX

/* Could cp be an upper-case letter (\p{Lu})? A superset, cheap and without
 * Unicode tables: A-Z, and any code point outside the blocks that hold none
 * (ASCII but A-Z, Latin-1 punctuation, general punctuation, CJK symbols, kana,
 * Han, Hangul), so no upper-case letter is ever missed. */
static inline bool pf_maybe_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return !((cp >= 0xA0 && cp <= 0xBF) || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x30FF) ||
             (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF));
}

/* An occurrence of a word of a positional id. */
struct pf_hit {
    uint32_t pos;       /* byte offset in the scanned text */
    uint32_t id;
};

/* Words of one set, all proving trigger id; s is borrowed and must outlive pf.
 * False when out of memory (pf is then unchanged apart from spare capacity). */
bool pf_add(struct prefilter *pf, const char *s, size_t len, uint32_t id);
/* Every possible upper-case letter proves id (set before pf_finish). */
void pf_add_upper(struct prefilter *pf, uint32_t id);
/* Sort and index the words once every pf_add is done; false when out of memory. */
bool pf_finish(struct prefilter *pf);
/* After pf_finish: report every occurrence of id's words (rule anchors), not
 * only whether one occurs. */
void pf_mark_positional(struct prefilter *pf, uint32_t id);
void pf_free(struct prefilter *pf);     /* zeroed is fine */

/* After pf_finish: the longest word that s[0, n) (valid UTF-8, n > 0) starts
 * with, or NULL. convert_dict.c's dictionaries are indexed this way too. */
const struct pf_word *pf_longest(const struct prefilter *pf, const char *s, size_t n);

/* uint64_t words of a bit set over the trigger ids. */
static inline size_t pf_words(const struct prefilter *pf) { return (pf->n_ids + 63) / 64; }

/* Set in seen (pf_words() words, zeroed by the caller) the bit of every trigger
 * with a word in the len bytes of normalised, valid UTF-8 at s; and append to
 * *hits (*n used, *cap allocated; grown with realloc, owned by the caller) every
 * occurrence of a positional id's words, in order of position (one per position
 * and id). False when out of memory for the hits. */
bool pf_scan(const struct prefilter *pf, const char *s, size_t len, uint64_t *seen, struct pf_hit **hits,
             size_t *n, size_t *cap);

static inline bool pf_has(const uint64_t *seen, uint32_t id) { return (seen[id / 64] >> (id % 64)) & 1; }

#endif
