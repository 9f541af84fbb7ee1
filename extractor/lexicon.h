/* lexicon.h: TSV word lists (surface TAB canonical) that rules use as named
 * sub-patterns, compiled to a prefix-factored regex and looked up for canonical
 * values. */
#ifndef ZHX_LEXICON_H
#define ZHX_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "convert.h"
#include "zhx.h"

struct lex_entry {
    char *surface;      /* normalised (norm_string), owned */
    char *canonical;    /* owned; equals surface when the file gives none */
    long line;          /* line in the file, for messages */
    char *written;      /* owned: the surface as written (normalised) when script
                         * conversion changed it (執行長 for 执行长); else NULL */
};

struct lexicon {
    char *name;         /* sub-pattern name, e.g. TITLE; owned */
    char *path;         /* owned */
    struct lex_entry *v;    /* sorted by surface (bytes); owned */
    size_t n;
    char *regex;        /* the trie as a PCRE2 pattern for extended mode; owned */
    /* entries grouped by their first code point, sorted by it: v[lo..hi) */
    struct lex_first { int32_t cp; size_t lo, hi; } *first;    /* owned */
    size_t n_first;
};

/* Load the TSV file at path (borrowed): one entry a line, `#` comments and blank
 * lines skipped, surfaces normalised like documents, so full-width forms match,
 * and converted with conv (NULL: not) like documents, so Traditional ones do.
 * A duplicate surface, an empty surface or a third column is an error at
 * file:line:col. On ZHX_OK *out is a new lexicon for lex_free(). */
enum zhx_rc lex_load(const char *name, const char *path, const struct script_conv *conv,
                     struct lexicon **out, struct zhx_err *err);

/* Build a lexicon from n surfaces and canonicals given in memory (tests). */
enum zhx_rc lex_from_pairs(const char *name, const char *const *surface, const char *const *canonical,
                           size_t n, struct lexicon **out, struct zhx_err *err);

/* The canonical value of the len bytes at s (normalised text), or NULL. */
const char *lex_lookup(const struct lexicon *lx, const char *s, size_t len);

/* The entry whose surface is the longest suffix of s[0..len), or NULL. */
const struct lex_entry *lex_longest_suffix(const struct lexicon *lx, const char *s, size_t len);

/* The entry of at least min_cp code points that occurs last in the len bytes
 * at s (the one ending last, the longest of those), or NULL. */
const struct lex_entry *lex_last_occurrence(const struct lexicon *lx, const char *s, size_t len,
                                            size_t min_cp);

void lex_free(struct lexicon *lx);      /* NULL is fine */

#endif
