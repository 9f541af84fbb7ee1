/* match.c: the matching loop of pcre2demo.c, run per rule and sentence, with
 * limits so that a pathological rule fails one document instead of the batch. */
#include "match.h"

#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "util.h"

enum zhx_rc worker_init(struct worker *w, const struct rules *rs, struct zhx_err *err)
{
    memset(w, 0, sizeof *w);
    w->md = pcre2_match_data_create(rs->max_captures + 1, NULL);
    w->mc = pcre2_match_context_create(NULL);
    w->js = pcre2_jit_stack_create(ZHX_JIT_STACK_MIN, ZHX_JIT_STACK_MAX, NULL);
    if (w->md == NULL || w->mc == NULL || w->js == NULL) {
        worker_free(w);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory creating a worker");
    }
    pcre2_set_match_limit(w->mc, ZHX_MATCH_LIMIT);
    pcre2_set_depth_limit(w->mc, ZHX_DEPTH_LIMIT);
    pcre2_set_heap_limit(w->mc, ZHX_HEAP_LIMIT_KIB);
    pcre2_jit_stack_assign(w->mc, NULL, w->js);
    return ZHX_OK;
}

void worker_free(struct worker *w)
{
    if (w == NULL)
        return;
    pcre2_match_data_free(w->md);
    pcre2_match_context_free(w->mc);
    pcre2_jit_stack_free(w->js);
    free(w->seen);
    free(w->hits);
    free(w->hit_lo);
    free(w->starts);
    free(w->window);
    free(w->last_pos);
    memset(w, 0, sizeof *w);
}

static bool add_cand(struct cands *cs, const struct rule *r, size_t sent, size_t base,
                     const PCRE2_SIZE *ov)
{
    if (cs->n == cs->cap) {
        size_t nc = cs->cap ? cs->cap * 2 : 256;
        struct cand *v = realloc(cs->v, nc * sizeof *v);
        if (v == NULL)
            return false;
        cs->v = v;
        cs->cap = nc;
    }
    struct cand *c = &cs->v[cs->n];
    *c = (struct cand){.rule = r, .start = base + ov[0], .end = base + ov[1], .sentence = sent,
                       .cap0 = cs->n_caps};
    for (size_t f = 0; f < r->n_fields; f++) {
        for (size_t g = 0; g < r->fields[f].n_groups; g++) {
            uint32_t grp = r->fields[f].groups[g];
            PCRE2_SIZE s = ov[2 * grp], e = ov[2 * grp + 1];
            if (s == PCRE2_UNSET)
                continue;
            if (cs->n_caps == cs->cap_caps) {
                size_t nc = cs->cap_caps ? cs->cap_caps * 2 : 512;
                struct capture *v = realloc(cs->caps, nc * sizeof *v);
                if (v == NULL)
                    return false;
                cs->caps = v;
                cs->cap_caps = nc;
            }
            cs->caps[cs->n_caps++] = (struct capture){f, base + s, base + e};
            c->n_caps++;
            break;   /* first set group of a duplicated name wins */
        }
    }
    cs->n++;
    return true;
}

static const char *pcre2_msg(int rc, char *buf, size_t size)
{
    pcre2_get_error_message(rc, (PCRE2_UCHAR *)buf, size);
    return buf;
}

struct callout_data {
    const struct span *known;
    size_t n_known;
    size_t base;            /* the sentence's offset in the text */
};

/* The known person mention that starts at byte at, or NULL. The spans are
 * settled person mentions: sorted by start, never overlapping. */
static const struct span *mention_at(const struct callout_data *cd, size_t at)
{
    size_t lo = 0, hi = cd->n_known;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cd->known[mid].start < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < cd->n_known && cd->known[lo].start == at ? &cd->known[lo] : NULL;
}

/* (?C1): 0 (go on) when the group just closed is a known person mention, 1
 * (fail here and backtrack) when it is not. (?C2): the test for the current
 * position, before the group: go on only where a mention starts. (?C3), which
 * a rule writes itself: go on only where no mention starts (Tan团队 names a
 * person's team, not a company Tan). Other callouts go on. In the first pass,
 * before any person is known, (?C3) always goes on: person rules do not use it. */
static int on_callout(pcre2_callout_block *cb, void *data)
{
    const struct callout_data *cd = data;
    if (cb->callout_number == 2) {
        /* (?C2), put by rules.c before a group that (?C1) checks: go on only
         * where a known person mention starts, as (?C1) will demand */
        return mention_at(cd, cd->base + cb->current_position) ? 0 : 1;
    }
    if (cb->callout_number == 3)
        return mention_at(cd, cd->base + cb->current_position) ? 1 : 0;
    if (cb->callout_number != 1 || cb->capture_last == 0)
        return 0;
    PCRE2_SIZE s = cb->offset_vector[2 * cb->capture_last], e = cb->offset_vector[2 * cb->capture_last + 1];
    if (s == PCRE2_UNSET)
        return 1;
    s += cd->base;
    e += cd->base;
    /* The capture must start where a person mention starts: 楚邓修平 (尚不清楚邓修平)
     * is turned down so that the engine moves on to 邓修平. It must also end
     * where the mention, its name or its English original ends: the rest of
     * the pattern is then tried once per mention, not once for every shorter
     * name (萨姆·阿尔特, 萨姆·阿尔, ...) that (?&PERSON) can backtrack to. */
    const struct span *m = e > s ? mention_at(cd, s) : NULL;
    return m && (e == m->end || e == m->ends[0] || e == m->ends[1]) ? 0 : 1;
}

/* Mark in bits the code point at byte q of subj and up to lead code points before it. */
static void mark_back(uint64_t *bits, const char *subj, size_t q, uint32_t lead)
{
    for (uint32_t k = 0;; k++) {
        bits[q / 64] |= (uint64_t)1 << (q % 64);
        if (k == lead || q == 0)
            break;
        q = utf8_prev(subj, q, 0);
    }
}

static bool bits_for(uint64_t **bits, size_t *cap, size_t words)
{
    if (words > *cap) {
        uint64_t *v = realloc(*bits, words * sizeof *v);
        if (v == NULL)
            return false;
        *bits = v;
        *cap = words;
    }
    memset(*bits, 0, words * sizeof **bits);
    return true;
}

/* Mark in w->starts every byte of the sentence (len bytes at subj, sentence si)
 * where r may start: up to anchor_lead code points before each of its anchor
 * words, and up to person_lead before each known person mention of the
 * sentence (m[0, n_m), starts relative to subj); and of those (of all, for a
 * rule without anchor words) only the ones in its person window, up to
 * person_window code points before a mention. False when out of memory. */
static bool mark_starts(struct worker *w, const struct rule *r, size_t si, const char *subj, size_t len,
                        const struct span *m, size_t n_m, size_t base)
{
    size_t words = len / 64 + 1;
    if (!bits_for(&w->starts, &w->cap_starts, words))
        return false;
    if (r->person_window != RULE_NO_ANCHOR) {
        if (!bits_for(&w->window, &w->cap_window, words))
            return false;
        for (size_t k = 0; k < n_m; k++)
            mark_back(w->window, subj, m[k].start - base, r->person_window);
        if (r->anchor_lead == NULL) {
            memcpy(w->starts, w->window, words * sizeof *w->starts);
            return true;
        }
    }
    for (size_t h = w->hit_lo[si]; h < w->hit_lo[si + 1]; h++) {
        uint32_t lead = r->anchor_lead[w->hits[h].id];
        if (lead != RULE_NO_ANCHOR)
            mark_back(w->starts, subj, w->hits[h].pos, lead);
    }
    if (r->person_lead != RULE_NO_ANCHOR)
        for (size_t k = 0; k < n_m; k++)
            mark_back(w->starts, subj, m[k].start - base, r->person_lead);
    if (r->person_window != RULE_NO_ANCHOR)
        for (size_t i = 0; i < words; i++)
            w->starts[i] &= w->window[i];
    return true;
}

/* The first marked start at or after byte at, or len + 1 when none is. */
static size_t next_start(const struct worker *w, size_t at, size_t len)
{
    if (at > len)
        return len + 1;
    size_t i = at / 64;
    uint64_t m = w->starts[i] & (~(uint64_t)0 << (at % 64));
    while (m == 0) {
        if (++i > len / 64)
            return len + 1;
        m = w->starts[i];
    }
    size_t p = i * 64 + (size_t)__builtin_ctzll(m);
    return p <= len ? p : len + 1;
}

/* The last start of the run of marked starts that begins at byte at (a marked
 * start of subj, len bytes): every code point from at to it is marked. */
static size_t run_end(const struct worker *w, const char *subj, size_t at, size_t len)
{
    size_t last = at;
    for (;;) {
        size_t q = utf8_align(subj, last + 1, len);   /* the next code point */
        if (q > len || !(w->starts[q / 64] >> (q % 64) & 1))
            return last;
        last = q;
    }
}

/* The last byte of sentence si where a match of r may start: every match holds
 * a word of each of r's required sets at or after its start (they are read
 * from what the pattern consumes or looks ahead at, never behind), so none
 * starts after the last such word of any one set. len when r has none. */
static size_t last_start(const struct worker *w, const struct rule *r, size_t len)
{
    size_t last = len;
    for (size_t k = 0, i = 0; k < r->n_req; i = r->req_end[k++]) {
        size_t best = 0;
        bool any = false;
        for (; i < r->req_end[k]; i++) {
            uint32_t p = w->last_pos[r->req_ids[i]];
            if (p != MATCH_NO_POS && (!any || p > best))
                best = p, any = true;
        }
        if (any && best < last)
            last = best;
    }
    return last;
}

enum zhx_rc match_scan(struct worker *w, const struct rules *rs, const char *text,
                       const struct sentences *ss, struct zhx_err *err)
{
    size_t words = pf_words(&rs->pf), need = ss->n * words + 1;   /* + 1: never a NULL array */
    if (need > w->cap_seen) {
        uint64_t *v = realloc(w->seen, need * sizeof *v);
        if (v == NULL)
            return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory scanning for triggers");
        w->seen = v;
        w->cap_seen = need;
    }
    memset(w->seen, 0, need * sizeof *w->seen);
    if (ss->n + 1 > w->cap_hit_lo) {
        size_t *v = realloc(w->hit_lo, (ss->n + 1) * sizeof *v);
        if (v == NULL)
            return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory scanning for triggers");
        w->hit_lo = v;
        w->cap_hit_lo = ss->n + 1;
    }
    w->n_hits = 0;
    for (size_t si = 0; si < ss->n; si++) {
        w->hit_lo[si] = w->n_hits;
        if (!pf_scan(&rs->pf, text + ss->v[si].start, ss->v[si].end - ss->v[si].start, w->seen + si * words,
                     &w->hits, &w->n_hits, &w->cap_hits))
            return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory scanning for triggers");
    }
    w->hit_lo[ss->n] = w->n_hits;
    return ZHX_OK;
}

enum zhx_rc match_run(struct worker *w, const struct rules *rs, const char *text,
                      const struct sentences *ss, bool persons, const struct span *known,
                      size_t n_known, struct cands *out, struct zhx_err *err)
{
    struct callout_data cod = {known, n_known, 0};
    pcre2_set_callout(w->mc, on_callout, &cod);
    size_t words = pf_words(&rs->pf), k_first = 0;
    if (rs->pf.n_ids + 1 > w->cap_last_pos) {
        uint32_t *v = realloc(w->last_pos, (rs->pf.n_ids + 1) * sizeof *v);
        if (v == NULL)
            return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory collecting matches");
        w->last_pos = v;
        w->cap_last_pos = rs->pf.n_ids + 1;
    }
    for (size_t i = 0; i <= rs->pf.n_ids; i++)
        w->last_pos[i] = MATCH_NO_POS;
    for (size_t si = 0; si < ss->n; si++) {
        const char *subj = text + ss->v[si].start;
        size_t len = ss->v[si].end - ss->v[si].start;
        cod.base = ss->v[si].start;
        const uint64_t *seen = w->seen + si * words;
        /* the last hit of each word in the sentence (hits are in text order);
         * the previous sentence's are cleared first */
        if (si > 0)
            for (size_t h = w->hit_lo[si - 1]; h < w->hit_lo[si]; h++)
                w->last_pos[w->hits[h].id] = MATCH_NO_POS;
        for (size_t h = w->hit_lo[si]; h < w->hit_lo[si + 1]; h++)
            w->last_pos[w->hits[h].id] = w->hits[h].pos;
        /* the known person mentions that start in this sentence: known[k_first .. k_end) */
        while (k_first < n_known && known[k_first].start < cod.base)
            k_first++;
        size_t k_end = k_first;
        while (k_end < n_known && known[k_end].start < cod.base + len)
            k_end++;
        for (size_t ri = 0; ri < rs->n; ri++) {
            const struct rule *r = &rs->v[ri];
            /* Rules that start with a broad sub-pattern (a person) cost every
             * position of every sentence; a sentence without any of their
             * trigger words cannot match. */
            if ((r->type == REC_PERSON) != persons || !rules_triggered(r, seen) || !rules_required_seen(r, seen))
                continue;
            /* (?C1) accepts a capture only where a known person mention starts,
             * and such a rule's person capture starts at or after where the
             * attempt started: no mention in the sentence, no match; and no
             * attempt after the last one can match. */
            if (r->needs_person && k_first == k_end)
                continue;
            /* rules compiled without PCRE2_USE_OFFSET_LIMIT fail on any other limit */
            size_t limit = r->needs_person ? known[k_end - 1].start - cod.base : PCRE2_UNSET;
            /* and not after the last word of a required set */
            size_t last_ok = r->n_req && (r->offset_limit || r->anchor_person) ? last_start(w, r, len) : len;
            if (last_ok < len && r->offset_limit)
                limit = limit == PCRE2_UNSET || last_ok < limit ? last_ok : limit;
            pcre2_set_offset_limit(w->mc, limit);
            uint64_t t0 = w->stats ? stats_now_ns() : 0;
            bool marked = r->anchor_lead || r->person_window != RULE_NO_ANCHOR;
            if (marked && !mark_starts(w, r, si, subj, len, known + k_first, k_end - k_first, cod.base))
                return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory collecting matches");
            /* k: the first known person at or after the sentence (from 0 it
             * would cost every earlier mention, once per rule and sentence) */
            size_t at = 0, k = k_first, last = 0;
            while (at <= len) {
                if (r->anchor_person) {
                    /* try only where a person mention starts, anchored there */
                    while (k < n_known && known[k].start < cod.base + at)
                        k++;
                    if (k == n_known || known[k].start >= cod.base + len || known[k].start - cod.base > last_ok)
                        break;
                    at = last = known[k++].start - cod.base;   /* the pattern is compiled anchored */
                } else if (marked) {
                    /* try only the possible starts: the offset limit at the
                     * last start of a run of them makes PCRE2 try each code
                     * point of the run and nowhere after, in one call */
                    at = next_start(w, at, len);
                    if (at > len || (limit != PCRE2_UNSET && at > limit))
                        break;
                    last = run_end(w, subj, at, len);
                    if (limit != PCRE2_UNSET && last > limit)
                        last = limit;
                    pcre2_set_offset_limit(w->mc, last);
                }
                if (w->stats)
                    w->stats->rule_tries[ri]++;
                int rc = pcre2_match(r->re, (PCRE2_SPTR)subj, len, at, PCRE2_NO_UTF_CHECK, w->md, w->mc);
                if (rc == PCRE2_ERROR_NOMATCH && (r->anchor_person || marked)) {
                    at = last + 1;
                    continue;
                }
                if (rc == PCRE2_ERROR_NOMATCH)
                    break;
                if (rc < 0) {
                    char msg[160];
                    return zhx_fail(err, ZHX_ERR_MATCH, NULL, 0, 0, "rule %s (%s:%ld) on sentence %zu: %s",
                                    r->id, r->file, r->line, si, pcre2_msg(rc, msg, sizeof msg));
                }
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
                if (ov[1] > ov[0] && !add_cand(out, r, si, ss->v[si].start, ov))
                    return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory collecting matches");
                /* \K can put the start after the end; never go backwards or stand still */
                at = utf8_align(subj, ov[1] > at ? ov[1] : at + 1, len);
            }
            if (w->stats) {
                w->stats->rule_ns[ri] += stats_now_ns() - t0;
                w->stats->rule_runs[ri]++;
            }
        }
    }
    return ZHX_OK;
}

bool cand_capture(const struct cands *cs, const struct cand *c, const char *name, size_t *start,
                  size_t *end)
{
    for (size_t i = 0; i < c->n_caps; i++) {
        const struct capture *cp = &cs->caps[c->cap0 + i];
        if (strcmp(c->rule->fields[cp->field].name, name) == 0) {
            *start = cp->start;
            *end = cp->end;
            return true;
        }
    }
    return false;
}

void cands_reset(struct cands *cs)
{
    cs->n = 0;
    cs->n_caps = 0;
}

void cands_free(struct cands *cs)
{
    if (cs == NULL)
        return;
    free(cs->v);
    free(cs->caps);
    memset(cs, 0, sizeof *cs);
}
