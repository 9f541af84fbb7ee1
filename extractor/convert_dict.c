/* convert_dict.c: OpenCC's conversion from OpenCC's own dictionaries (see convert_dict.h). */
#include "convert_dict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prefilter.h"
#include "zhx.h"

struct ccd_entry {
    const char *key, *val;      /* borrowed from the generated text */
    uint32_t klen, vlen;
};

/* A dictionary: its entries, indexed by the prefilter's table of words by
 * first code point (each word's id is its entry). */
struct ccd_dict {
    struct ccd_entry *e;        /* owned */
    size_t n;
    struct prefilter pf;
};

struct ccd {
    const struct ccd_config *cfg;
    struct ccd_dict **by_table; /* owned: ccd_n_tables entries, NULL where unused */
    const struct ccd_dict *seg[CCD_MAX_GROUP];
    const struct ccd_dict *steps[CCD_MAX_STEPS][CCD_MAX_GROUP];
};

static void dict_free(struct ccd_dict *d)
{
    if (d == NULL)
        return;
    free(d->e);
    pf_free(&d->pf);
    free(d);
}

static struct ccd_dict *dict_load(const struct ccd_table *t)
{
    struct ccd_dict *d = calloc(1, sizeof *d);
    if (d == NULL)
        return NULL;
    size_t cap = 0;
    for (const char *p = t->text, *end = t->text + t->len; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (eol == NULL)
            eol = end;
        const char *tab = memchr(p, '\t', (size_t)(eol - p));
        if (tab && tab > p && tab + 1 < eol) {
            const char *v = tab + 1, *ve = v;
            while (ve < eol && *ve != ' ')
                ve++;
            if (!array_grow((void **)&d->e, &cap, d->n, sizeof *d->e) ||
                !pf_add(&d->pf, p, (size_t)(tab - p), (uint32_t)d->n)) {
                dict_free(d);
                return NULL;
            }
            d->e[d->n++] = (struct ccd_entry){p, v, (uint32_t)(tab - p), (uint32_t)(ve - v)};
        }
        p = eol + 1;
    }
    if (!pf_finish(&d->pf)) {
        dict_free(d);
        return NULL;
    }
    return d;
}

/* The longest key of d that s[0, n) starts with, or NULL (OpenCC's MatchPrefix). */
static const struct ccd_entry *dict_prefix(const struct ccd_dict *d, const char *s, size_t n)
{
    const struct pf_word *w = pf_longest(&d->pf, s, n);
    return w ? &d->e[w->id] : NULL;
}

/* A group answers with its first dictionary that has a match (OpenCC's DictGroup). */
static const struct ccd_entry *group_prefix(const struct ccd_dict *const *g, int n_g, const char *s, size_t n)
{
    for (int i = 0; i < n_g; i++) {
        const struct ccd_entry *e = dict_prefix(g[i], s, n);
        if (e)
            return e;
    }
    return NULL;
}

void ccd_free(struct ccd *c)
{
    if (c == NULL)
        return;
    if (c->by_table)
        for (size_t i = 0; i < ccd_n_tables; i++)
            dict_free(c->by_table[i]);
    free(c->by_table);
    free(c);
}

static const struct ccd_dict *use_table(struct ccd *c, int i)
{
    if (i < 0 || (size_t)i >= ccd_n_tables)
        return NULL;
    if (c->by_table[i] == NULL)
        c->by_table[i] = dict_load(&ccd_tables[i]);
    return c->by_table[i];
}

enum zhx_rc ccd_load(const char *name, struct ccd **out, struct zhx_err *err)
{
    *out = NULL;
    const struct ccd_config *cfg = NULL;
    for (size_t i = 0; i < ccd_n_configs; i++)
        if (strcmp(ccd_configs[i].name, name) == 0)
            cfg = &ccd_configs[i];
    if (cfg == NULL)
        return ZHX_OK;
    struct ccd *c = calloc(1, sizeof *c);
    if (c == NULL || (c->by_table = calloc(ccd_n_tables + 1, sizeof *c->by_table)) == NULL) {
        ccd_free(c);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    c->cfg = cfg;
    bool ok = true;
    for (int i = 0; i < cfg->n_seg; i++)
        ok = ok && (c->seg[i] = use_table(c, cfg->seg[i])) != NULL;
    for (int s = 0; s < cfg->n_steps; s++)
        for (int i = 0; i < cfg->n_step_dicts[s]; i++)
            ok = ok && (c->steps[s][i] = use_table(c, cfg->steps[s][i])) != NULL;
    if (!ok) {
        ccd_free(c);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    *out = c;
    return ZHX_OK;
}

/* Does the file at path have this size and 64-bit FNV-1a (cmake/opencc_tables.py)? */
static bool same_file(const char *path, size_t size, uint64_t hash)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    uint64_t h = 0xcbf29ce484222325ull;
    size_t n = 0;
    int ch;
    while ((ch = getc(f)) != EOF) {
        h = (h ^ (uint64_t)(unsigned char)ch) * 0x100000001b3ull;
        n++;
    }
    bool ok = !ferror(f) && n == size && h == hash;
    fclose(f);
    return ok;
}

bool ccd_files_match(const struct ccd *c, const char *data_dir)
{
    char path[4096];
    if (data_dir == NULL || data_dir[0] == '\0')
        return false;
    snprintf(path, sizeof path, "%s.json", c->cfg->name);
    if (access(path, F_OK) == 0)
        return false;   /* OpenCC would read the working directory's */
    if ((size_t)snprintf(path, sizeof path, "%s/%s.json", data_dir, c->cfg->name) >= sizeof path ||
        !same_file(path, c->cfg->json_size, c->cfg->json_hash))
        return false;
    for (size_t t = 0; t < ccd_n_tables; t++) {
        if (c->by_table[t] == NULL)
            continue;
        if (access(ccd_tables[t].file, F_OK) == 0)
            return false;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", data_dir, ccd_tables[t].file) >= sizeof path ||
            !same_file(path, ccd_tables[t].file_size, ccd_tables[t].file_hash))
            return false;
    }
    return true;
}

bool ccd_keys(const struct ccd *c, struct buf *out)
{
    for (size_t t = 0; t < ccd_n_tables; t++) {
        const struct ccd_dict *d = c->by_table[t];
        for (size_t i = 0; d && i < d->n; i++)
            if (!buf_add(out, d->e[i].key, d->e[i].klen) || !buf_addc(out, '\n'))
                return false;
    }
    return true;
}

void ccd_scratch_free(struct ccd_scratch *s)
{
    if (s == NULL)
        return;
    buf_free(&s->a);
    buf_free(&s->b);
    free(s->cut_a);
    free(s->cut_b);
    memset(s, 0, sizeof *s);
}

static bool cut(size_t **v, size_t *n, size_t *cap, size_t at)
{
    if (!array_grow((void **)v, cap, *n, sizeof **v))
        return false;
    (*v)[(*n)++] = at;
    return true;
}

const char *ccd_convert(const struct ccd *c, const char *s, size_t len, struct ccd_scratch *scr)
{
    const struct ccd_config *cfg = c->cfg;
    scr->a.len = scr->n_cut_a = 0;
    if (!buf_add(&scr->a, s, len))
        return NULL;
    /* segmentation: a key of the segmentation group is a segment, and so is
     * every run of characters between two keys */
    size_t pos = 0, pending = 0;
    while (pos < len) {
        const struct ccd_entry *e = group_prefix(c->seg, cfg->n_seg, s + pos, len - pos);
        if (e == NULL) {
            pos += utf8_seq_len((unsigned char)s[pos]);
            continue;
        }
        if ((pending < pos && !cut(&scr->cut_a, &scr->n_cut_a, &scr->cap_cut_a, pos)) ||
            !cut(&scr->cut_a, &scr->n_cut_a, &scr->cap_cut_a, pos + e->klen))
            return NULL;
        pos += e->klen;
        pending = pos;
    }
    if (pending < len && !cut(&scr->cut_a, &scr->n_cut_a, &scr->cap_cut_a, len))
        return NULL;
    /* each step rewrites each segment alone: a key never spans two segments */
    for (int st = 0; st < cfg->n_steps; st++) {
        scr->b.len = scr->n_cut_b = 0;
        if (!buf_add(&scr->b, "", 0))
            return NULL;
        size_t start = 0;
        for (size_t k = 0; k < scr->n_cut_a; k++) {
            size_t end = scr->cut_a[k];
            for (size_t p = start; p < end;) {
                const char *at = scr->a.p + p;
                const struct ccd_entry *e = group_prefix(c->steps[st], cfg->n_step_dicts[st], at, end - p);
                bool ok;
                if (e) {
                    ok = buf_add(&scr->b, e->val, e->vlen);
                    p += e->klen;
                } else {
                    size_t n = utf8_seq_len((unsigned char)*at);
                    ok = buf_add(&scr->b, at, n);
                    p += n;
                }
                if (!ok)
                    return NULL;
            }
            if (!cut(&scr->cut_b, &scr->n_cut_b, &scr->cap_cut_b, scr->b.len))
                return NULL;
            start = end;
        }
        struct buf tb = scr->a;
        scr->a = scr->b;
        scr->b = tb;
        size_t *tc = scr->cut_a, tn = scr->n_cut_a, tcap = scr->cap_cut_a;
        scr->cut_a = scr->cut_b, scr->n_cut_a = scr->n_cut_b, scr->cap_cut_a = scr->cap_cut_b;
        scr->cut_b = tc, scr->n_cut_b = tn, scr->cap_cut_b = tcap;
    }
    return scr->a.p;
}
