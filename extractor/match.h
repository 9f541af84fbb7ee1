/* match.h: run every rule over every sentence and collect candidate spans with
 * their named captures. One worker per thread holds the PCRE2 scratch. */
#ifndef ZHX_MATCH_H
#define ZHX_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"
#include "segment.h"
#include "stats.h"
#include "zhx.h"

/* A span of the normalised text, in bytes, end exclusive. */
struct span {
    size_t start, end;
    size_t ends[2];     /* person mentions: where the name and where its English
                         * original end, when they start at start; else 0 */
};

/* A field's captured span, in bytes of the normalised text. */
struct capture {
    size_t field;           /* index into rule->fields */
    size_t start, end;
};

struct cand {
    const struct rule *rule;    /* borrowed from the rule set */
    size_t start, end;          /* the match, bytes of the normalised text */
    size_t sentence;
    size_t cap0, n_caps;        /* its captures: cands.caps[cap0 .. cap0 + n_caps) */
    /* filled by resolve: why the candidate gave no record, for check and explain */
    const char *dropped;        /* NULL when kept; static text otherwise */
    const struct rule *lost_to; /* the rule that won the overlap, if that was why */
};

struct cands {
    struct cand *v;             /* owned */
    size_t n, cap;
    struct capture *caps;       /* owned */
    size_t n_caps, cap_caps;
};

#define MATCH_NO_POS UINT32_MAX   /* worker.last_pos: no hit of the word in the sentence */

/* One thread's PCRE2 state: match data sized for the largest rule, a match
 * context with the limits of limits.h, and its own JIT stack. */
struct worker {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pcre2_jit_stack *js;
    struct stats *stats;    /* borrowed; NULL unless --stats: time per rule */
    /* match_scan's result: pf_words() words of trigger bits per sentence */
    uint64_t *seen;         /* owned */
    size_t cap_seen;        /* words allocated */
    /* and the occurrences of anchor words: sentence si's are
     * hits[hit_lo[si] .. hit_lo[si + 1]), positions relative to the sentence */
    struct pf_hit *hits;    /* owned */
    size_t n_hits, cap_hits;
    size_t *hit_lo;         /* owned: n sentences + 1 entries */
    size_t cap_hit_lo;
    uint64_t *starts;       /* owned: scratch bit set of a rule's start bytes in one sentence */
    size_t cap_starts;      /* words */
    uint64_t *window;       /* owned: the same for a rule's person window (rules.h) */
    size_t cap_window;
    uint32_t *last_pos;     /* owned: per prefilter id, its last hit in the sentence
                               being matched; MATCH_NO_POS when none */
    size_t cap_last_pos;
};

enum zhx_rc worker_init(struct worker *w, const struct rules *rs, struct zhx_err *err);
void worker_free(struct worker *w);     /* NULL or zeroed is fine */

/* Find the trigger words of every sentence of text (len bytes, normalised) in
 * one pass each (rules.pf), for the match_run calls on the same text that follow. */
enum zhx_rc match_scan(struct worker *w, const struct rules *rs, const char *text,
                       const struct sentences *ss, struct zhx_err *err);

/* Append to out every match in every sentence of text (len bytes, normalised,
 * validated; match_scan done) of the rules of one phase: persons true runs the person rules,
 * false all the others. Each rule runs on each sentence alone, so a match never
 * crosses a sentence and lookbehinds stop at its start. A PCRE2 failure other
 * than "no match" (match limit, JIT stack) fails the document: err names the rule
 * and sentence.
 *
 * Callout (?C1), written right after a capture group, accepts the group's text
 * only where it starts where one of the person mentions in known starts (sorted by start;
 * borrowed; NULL in the person phase): `(?<person>(?&PERSON))(?C1)` makes the
 * engine backtrack past a non-name (小米总) to the real one (王翔) instead of
 * returning a match that resolve would drop. */
enum zhx_rc match_run(struct worker *w, const struct rules *rs, const char *text,
                      const struct sentences *ss, bool persons, const struct span *known,
                      size_t n_known, struct cands *out, struct zhx_err *err);

/* The captured span of the field called name in c, or false when not set. */
bool cand_capture(const struct cands *cs, const struct cand *c, const char *name, size_t *start,
                  size_t *end);

void cands_reset(struct cands *cs);     /* empty, keeping the memory */
void cands_free(struct cands *cs);

#endif
