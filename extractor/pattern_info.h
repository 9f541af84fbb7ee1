/* pattern_info.h: what the text of a rule's pattern promises about every match,
 * read without running it. Used to skip work that cannot give a match. */
#ifndef ZHX_PATTERN_INFO_H
#define ZHX_PATTERN_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when every match of the pattern (len bytes, PCRE2 extended syntax as
 * written in a rule file) passes a callout (?C1) written right after a capture
 * group that is set on that path and is not inside a lookbehind: then the
 * capture starts at or after the position the match attempt started from.
 * False when unsure (an optional group, an alternative without it, a negative
 * assertion, a conditional, syntax it does not follow). Sub-pattern calls
 * (?&NAME) are not followed: (?C1) belongs in rules, not in defines. */
bool pattern_requires_c1(const char *pat, size_t len);

#endif

/* The anchors of a pattern: words of which one occurs near the start of every
 * match. A match that starts at byte p has, at some position q with
 * p <= q <= p + lead code points, a word of one of the anchors: an entry of a
 * lexicon, or a literal word. match.c tries a rule only at such p. */
struct lexicon;
struct pi_anchor {
    const struct lexicon *lex;  /* borrowed; NULL: the word is `word` */
    int32_t cp;                 /* word's first code point */
    char word[28];              /* UTF-8, NUL-terminated: cp and the literal characters
                                   that must follow it (负责人, not 负) */
    bool upper;                 /* instead of a word: any upper-case letter (\p{Lu});
                                   see pf_maybe_upper() */
    bool person;                /* instead of a word: the start of a known person
                                   mention (a capture that (?C1) checks; start
                                   anchors only) */
    uint32_t lead;              /* code points */
};

/* How (?&NAME) is resolved: the define's pattern text, or its lexicon. */
struct pi_defs {
    bool (*lookup)(void *ctx, const char *name, size_t len, const char **src, size_t *src_len,
                   const struct lexicon **lex);
    void *ctx;
};

/* Fill *out (malloc'ed, the caller frees it) and *n with the anchors of the
 * pattern (len bytes, extended syntax), following sub-pattern calls through defs.
 * False (and *out NULL) when there are none to be had: a match may start with
 * an unbounded run of a broad class (\s*, [^,]*), may be empty, or the pattern
 * uses syntax this reader does not follow (back references, (?i), numbered
 * calls). Out of memory also gives false: the rule then runs everywhere. */
bool pattern_start_anchors(const char *pat, size_t len, const struct pi_defs *defs, struct pi_anchor **out,
                           size_t *n);
/* The same for a rule of the second pass, where persons are known: a capture
 * group that (?C1) checks, `(?<person> (?&PERSON) ) (?C1)`, is anchored by a
 * person anchor (the start of a known mention) instead of the words a name can
 * start with, which are every surname and transliteration character. */
bool pattern_start_anchors_c1(const char *pat, size_t len, const struct pi_defs *defs, struct pi_anchor **out,
                              size_t *n);

/* True when every match of the pattern starts at most *lead code points
 * before the start of a known person mention: a capture (?C1) checks is on
 * every path, after a bounded stretch. match.c then tries the rule only in
 * those windows (as well as near its anchor words). False: no such bound. */
bool pattern_person_window(const char *pat, size_t len, const struct pi_defs *defs, uint32_t *lead);

/* The pattern with "(?C2)" put right before every capture group that a (?C1)
 * directly follows: `(?<person> (?&PERSON) ) (?C1)` becomes
 * `(?C2)(?<person> (?&PERSON) ) (?C1)`. (?C1) accepts the group only where it
 * starts at a known person mention; (?C2) checks that start before the group is
 * tried, so PCRE2 no longer tries every form and length of a name (TC{2,8},
 * TRANSLIT, …) at a place where none can be accepted. Same matches, less
 * backtracking. Returns a malloc'ed copy (*out_len bytes, NUL-terminated) or
 * NULL when out of memory; ins (may be NULL) gets the offsets in pat where
 * "(?C2)" went, *n_ins of them, at most max_ins. */
#define PATTERN_GUARD "(?C2)"
char *pattern_guard_c1(const char *pat, size_t len, size_t *out_len, size_t *ins, size_t *n_ins, size_t max_ins);

/* Words every match needs somewhere in its sentence: sets of anchors (each set:
 * one of its words must occur), read from the items of the pattern's top-level
 * sequence that must match (and, within those, from the sequences of groups and
 * look-aheads with one alternative). A rule runs only on a sentence holding a
 * word of every set: title.before_person_list needs a TITLE word and one of
 * 和 与 與 、 及. The words are read only from what a match consumes or looks
 * ahead at, never from a look-behind: each occurs at or after where the match
 * starts, and match.c relies on that (no attempt after the last word of a set).
 * Fills *out (malloc'ed) with the words of all sets, set k being
 * out[set_end[k - 1] .. set_end[k]) (set_end[-1] = 0), *n_sets of them, at most
 * max_sets. False with no sets. */
bool pattern_required_words(const char *pat, size_t len, const struct pi_defs *defs, struct pi_anchor **out,
                            size_t *n, size_t *set_end, size_t max_sets, size_t *n_sets);
