/* prefilter.c: one pass over a sentence finds every trigger word of every rule.
 * Words are grouped by first code point; a bitmap over the BMP says in one load
 * whether a character can start any word, which is false for most characters. */
#include "prefilter.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

bool pf_add(struct prefilter *pf, const char *s, size_t len, uint32_t id)
{
    if (len == 0)
        return true;   /* an empty word proves nothing */
    if (!array_grow((void **)&pf->w, &pf->cap, pf->n, sizeof *pf->w))
        return false;
    pf->w[pf->n++] = (struct pf_word){s, (uint32_t)len, id};
    if (id >= pf->n_ids)
        pf->n_ids = id + 1;
    return true;
}

void pf_add_upper(struct prefilter *pf, uint32_t id)
{
    pf->upper_id = id;
    if (id >= pf->n_ids)
        pf->n_ids = id + 1;
}

static int32_t first_cp(const struct pf_word *w)
{
    int32_t cp;
    utf8_decode((const unsigned char *)w->s, &cp);
    return cp;
}

static int cmp_word(const void *a, const void *b)
{
    const struct pf_word *x = a, *y = b;
    int32_t cx = first_cp(x), cy = first_cp(y);
    if (cx != cy)
        return cx < cy ? -1 : 1;
    /* shorter words first: a hit on a short word makes the longer ones of the
     * same trigger needless */
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

bool pf_finish(struct prefilter *pf)
{
    if (pf->n)
        qsort(pf->w, pf->n, sizeof *pf->w, cmp_word);
    free(pf->first);
    pf->first = malloc((pf->n + 1) * sizeof *pf->first);
    if (pf->first == NULL)
        return false;
    pf->n_first = 0;
    memset(pf->bmp, 0, sizeof pf->bmp);
    free(pf->positional);
    pf->positional = calloc(pf_words(pf) + 1, sizeof *pf->positional);
    if (pf->positional == NULL)
        return false;
    for (size_t i = 0; i < pf->n; i++) {
        int32_t cp = first_cp(&pf->w[i]);
        if (pf->n_first && pf->first[pf->n_first - 1].cp == cp)
            pf->first[pf->n_first - 1].hi = (uint32_t)i + 1;
        else
            pf->first[pf->n_first++] = (struct pf_first){cp, (uint32_t)i, (uint32_t)i + 1};
        if (cp < 0x10000)
            pf->bmp[cp / 64] |= (uint64_t)1 << (cp % 64);
    }
    uint32_t below = 0;
    for (size_t i = 0; i < 65536 / 64; i++) {
        pf->bmp_rank[i] = below;
        below += (uint32_t)__builtin_popcountll(pf->bmp[i]);
    }
    return true;
}

void pf_mark_positional(struct prefilter *pf, uint32_t id)
{
    if (id < pf->n_ids)
        pf->positional[id / 64] |= (uint64_t)1 << (id % 64);
}

void pf_free(struct prefilter *pf)
{
    if (pf == NULL)
        return;
    free(pf->positional);
    free(pf->w);
    free(pf->first);
    memset(pf, 0, sizeof *pf);
}

static const struct pf_first *find_first(const struct prefilter *pf, int32_t cp)
{
    if (cp < 0x10000) {
        /* the caller saw cp's bit set in bmp */
        uint64_t below = pf->bmp[cp / 64] & (((uint64_t)1 << (cp % 64)) - 1);
        return &pf->first[pf->bmp_rank[cp / 64] + (uint32_t)__builtin_popcountll(below)];
    }
    size_t lo = 0, hi = pf->n_first;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pf->first[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < pf->n_first && pf->first[lo].cp == cp ? &pf->first[lo] : NULL;
}

const struct pf_word *pf_longest(const struct prefilter *pf, const char *s, size_t n)
{
    int32_t cp;
    utf8_decode((const unsigned char *)s, &cp);
    if (cp < 0x10000 && !((pf->bmp[cp / 64] >> (cp % 64)) & 1))
        return NULL;
    const struct pf_first *f = find_first(pf, cp);
    /* words of one first code point are sorted shorter first */
    for (uint32_t k = f ? f->hi : 0; f && k-- > f->lo;) {
        const struct pf_word *w = &pf->w[k];
        if (w->len <= n && memcmp(s, w->s, w->len) == 0)
            return w;
    }
    return NULL;
}

bool pf_scan(const struct prefilter *pf, const char *s, size_t len, uint64_t *seen, struct pf_hit **hits,
             size_t *n_hits, size_t *cap_hits)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t first_hit = hits ? *n_hits : 0;   /* hits before this text are another sentence's */
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = utf8_decode(u + i, &cp);
        if (pf->upper_id != PF_NONE && pf_maybe_upper(cp)) {
            uint32_t id = pf->upper_id;
            seen[id / 64] |= (uint64_t)1 << (id % 64);
            if (hits && pf_has(pf->positional, id)) {
                if (!array_grow((void **)hits, cap_hits, *n_hits, sizeof **hits))
                    return false;
                (*hits)[(*n_hits)++] = (struct pf_hit){(uint32_t)i, id};
            }
        }
        if (cp >= 0x10000 || ((pf->bmp[cp / 64] >> (cp % 64)) & 1)) {
            const struct pf_first *f = find_first(pf, cp);
            for (uint32_t k = f ? f->lo : 0; f && k < f->hi; k++) {
                const struct pf_word *w = &pf->w[k];
                if (w->len > len - i)
                    break;   /* sorted by length: the rest are longer still */
                bool report = hits && pf_has(pf->positional, w->id);
                /* the first code point (n bytes) is cp's own */
                if ((report || !pf_has(seen, w->id)) && memcmp(u + i + n, w->s + n, w->len - n) == 0) {
                    seen[w->id / 64] |= (uint64_t)1 << (w->id % 64);
                    if (!report || (*n_hits > first_hit && (*hits)[*n_hits - 1].pos == i && (*hits)[*n_hits - 1].id == w->id))
                        continue;   /* a longer word of the same id at the same place */
                    if (!array_grow((void **)hits, cap_hits, *n_hits, sizeof **hits))
                        return false;
                    (*hits)[(*n_hits)++] = (struct pf_hit){(uint32_t)i, w->id};
                }
            }
        }
        i += n;
    }
    return true;
}
