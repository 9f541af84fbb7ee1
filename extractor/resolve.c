/* resolve.c: from candidates to records. Overlaps within a type go to the higher
 * priority, then the longer span. People are built from person mentions and then
 * every other occurrence of their names (the surname part of a transliteration,
 * the undotted form) is linked; titles and moves then point at people by span. */
#include "resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"

#define MIDDOT "\xC2\xB7"   /* U+00B7, the one dot left after normalisation */

struct ctx {
    const struct rules *rs;
    const struct doc_view *dv;
    struct ymd ref;         /* dv->ref, or the document's own dateline */
    struct cands *cs;
    struct result *out;
    unsigned char *occ;     /* per text byte: bit (1 << type) when a kept record covers it */
    enum zhx_rc rc;
    /* Indexes that keep a document with thousands of records linear: */
    size_t *pm;             /* person-mention records, by start (they never overlap) */
    size_t n_pm;
    size_t *by_sent;        /* records [0, n_indexed) grouped by sentence: */
    size_t *sent_at;        /* by_sent[sent_at[s] .. sent_at[s + 1]) are sentence s's */
    size_t n_indexed;
    const char *subject;    /* subject_org(), once computed */
    bool subject_done;
};

/* ---- records ---- */

static struct record *new_record(struct ctx *c, enum rec_type t, const char *rule, size_t start,
                                 size_t end)
{
    struct result *o = c->out;
    if (o->n == o->cap) {
        size_t nc = o->cap ? o->cap * 2 : 128;
        struct record *v = realloc(o->v, nc * sizeof *v);
        if (v == NULL) {
            c->rc = ZHX_ERR_NOMEM;
            return NULL;
        }
        o->v = v;
        o->cap = nc;
    }
    struct record *r = &o->v[o->n++];
    memset(r, 0, sizeof *r);
    r->type = t;
    r->rule = rule;
    r->start = start;
    r->end = end;
    r->person = -1;
    size_t s = seg_find(c->dv->sent, start);
    r->sentence = s < c->dv->sent->n ? s : 0;
    return r;
}

static const char *dup_span(struct ctx *c, size_t s, size_t e)
{
    const char *p = arena_strndup(&c->out->arena, c->dv->text + s, e - s);
    if (p == NULL)
        c->rc = ZHX_ERR_NOMEM;
    return p;
}

static const char *set_value(const struct cand *cd, const char *key)
{
    for (size_t i = 0; i < cd->rule->n_sets; i++)
        if (strcmp(cd->rule->sets[i].key, key) == 0)
            return cd->rule->sets[i].val;
    return NULL;
}

/* A field's value: the captured text mapped through its canon lexicon when it
 * has an entry there, else the text itself; else the rule's `set`; else NULL.
 * *canon_hit says whether the lexicon knew it. */
static const char *field_value(struct ctx *c, const struct cand *cd, const char *key, bool *canon_hit)
{
    size_t s, e;
    if (canon_hit)
        *canon_hit = false;
    if (cand_capture(c->cs, cd, key, &s, &e) && e > s) {
        const char *k = rules_canon(c->rs, cd->rule->type, key, c->dv->text + s, e - s);
        if (k) {
            if (canon_hit)
                *canon_hit = true;
            return k;
        }
        return dup_span(c, s, e);
    }
    return set_value(cd, key);
}

/* ---- overlaps ---- */

/* Sort keys copied out of the candidates, so qsort needs no context pointer. */
struct strength {
    size_t sentence;
    int type, priority;
    size_t len, start, idx;
};

/* Sentence first: candidates never cross a sentence, so only those of one
 * sentence can overlap, and the kept ones of the sentence being settled are the
 * tail of the kept list; settling stays linear in the number of sentences. */
static int by_strength(const void *a, const void *b)
{
    const struct strength *x = a, *y = b;
    if (x->sentence != y->sentence)
        return x->sentence < y->sentence ? -1 : 1;
    if (x->type != y->type)
        return x->type - y->type;
    if (x->priority != y->priority)
        return y->priority - x->priority;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

static bool occupied(const struct ctx *c, enum rec_type t, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (c->occ[i] & (1u << t))
            return true;
    return false;
}

static void occupy(struct ctx *c, enum rec_type t, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        c->occ[i] |= (unsigned char)(1u << t);
}

static bool same_action(struct ctx *c, const struct cand *a, const struct cand *b)
{
    size_t as, ae, bs, be;
    const char *x = set_value(a, "action"), *y = set_value(b, "action");
    if (x && y)
        return strcmp(x, y) == 0;
    if (!x && !y && cand_capture(c->cs, a, "action", &as, &ae) && cand_capture(c->cs, b, "action", &bs, &be))
        return ae - as == be - bs && memcmp(c->dv->text + as, c->dv->text + bs, ae - as) == 0;
    return false;
}

/* Two title candidates are about the same person unless both name a person
 * and the two spans are apart. */
static bool same_person(struct ctx *c, const struct cand *a, const struct cand *b)
{
    size_t as, ae, bs, be;
    if (!cand_capture(c->cs, a, "person", &as, &ae) || !cand_capture(c->cs, b, "person", &bs, &be))
        return true;
    return as < be && bs < ae;
}

static int person_at(const struct ctx *c, size_t s, size_t e);

/* Decide which candidates survive, strongest first: the person candidates
 * (persons true), or all the others, once people are known; returns the kept
 * ones' indices (an array the caller frees) or NULL when out of memory. A move
 * whose person part is no known person mention (他, 小米总) is dropped before it
 * can win an overlap: the match that starts at the real name must not lose to
 * one that starts earlier on a non-name. */
static size_t *settle_overlaps(struct ctx *c, bool persons, size_t *n_kept)
{
    struct cands *cs = c->cs;
    struct strength *order = malloc((cs->n + 1) * sizeof *order);
    size_t *kept = malloc((cs->n + 1) * sizeof *kept);
    if (order == NULL || kept == NULL) {
        free(order);
        free(kept);
        return NULL;
    }
    size_t n_order = 0;
    for (size_t i = 0; i < cs->n; i++) {
        struct cand *cd = &cs->v[i];
        if ((cd->rule->type == REC_PERSON) != persons)
            continue;
        size_t ps, pe;
        if (cd->rule->type == REC_MOVE && cand_capture(cs, cd, "person", &ps, &pe) && person_at(c, ps, pe) < 0) {
            cd->dropped = "its person is not a known person mention";
            continue;
        }
        order[n_order++] = (struct strength){cd->sentence, (int)cd->rule->type, cd->rule->priority,
                                             cd->end - cd->start, cd->start, i};
    }
    qsort(order, n_order, sizeof *order, by_strength);
    size_t n = 0;
    for (size_t k = 0; k < n_order; k++) {
        struct cand *cd = &cs->v[order[k].idx];
        enum rec_type t = cd->rule->type;
        if (t == REC_MOVE || t == REC_TITLE) {
            /* one sentence often states two moves over the same words (离职并创办),
             * or one title of two people (负责人A和B): these compete only with
             * candidates about the same thing */
            const struct cand *w = NULL;
            for (size_t j = n; j-- > 0 && w == NULL;) {
                const struct cand *o = &cs->v[kept[j]];
                if (o->sentence != cd->sentence)
                    break;   /* the kept ones of this sentence are the tail */
                if (o->rule->type == t && o->start < cd->end && cd->start < o->end &&
                    (t == REC_MOVE ? same_action(c, o, cd) : same_person(c, o, cd)))
                    w = o;
            }
            if (w) {
                cd->dropped = "lost an overlap";
                cd->lost_to = w->rule;
            } else {
                kept[n++] = order[k].idx;
            }
            continue;
        }
        if (occupied(c, t, cd->start, cd->end)) {
            cd->dropped = "lost an overlap";
            for (size_t j = n; j-- > 0;) {
                const struct cand *w = &cs->v[kept[j]];
                if (w->sentence != cd->sentence)
                    break;
                if (w->rule->type == t && w->start < cd->end && cd->start < w->end) {
                    cd->lost_to = w->rule;
                    break;
                }
            }
            continue;
        }
        occupy(c, t, cd->start, cd->end);
        kept[n++] = order[k].idx;
    }
    free(order);
    *n_kept = n;
    return kept;
}

/* ---- people ---- */

/* A person mention before people are formed. */
struct mention {
    size_t rec;             /* its record in out->v */
    const char *name, *en;  /* arena */
    const char *key, *ekey; /* name_key() of name and en; arena */
    const char *script;     /* the rule's `set script=...`, or NULL */
    int person;
};

struct people_work {
    struct mention *m;
    size_t n, cap;
};

static bool is_latin_only(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* Key under which two written forms are the same name: no dots, no spaces, ASCII
 * lower case. */
static char *name_key(struct arena *a, const char *s)
{
    char *k = arena_alloc(a, strlen(s) + 1), *o = k;
    if (k == NULL)
        return NULL;
    for (; *s; s++) {
        if (*s == ' ' || *s == '.')
            continue;
        if (strncmp(s, MIDDOT, 2) == 0) {
            s++;
            continue;
        }
        *o++ = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
    }
    *o = '\0';
    return k;
}

/* The English original as written inside the brackets, spaced normally: runs
 * of blanks become one space, and a name written with no space at all
 * (JackDorsey) is split where a lower-case letter meets a capital. */
static const char *clean_en(struct ctx *c, size_t s, size_t e)
{
    struct buf b = {0};
    bool space = false;
    bool joined = memchr(c->dv->text + s, ' ', e - s) == NULL;
    for (size_t i = s; i < e; i++) {
        char ch = c->dv->text[i];
        if (ch == ' ' || ch == '\n') {
            space = b.len > 0;
            continue;
        }
        if (joined && i > s && ch >= 'A' && ch <= 'Z' && c->dv->text[i - 1] >= 'a' && c->dv->text[i - 1] <= 'z')
            space = true;
        if ((space && !buf_addc(&b, ' ')) || !buf_addc(&b, ch)) {
            buf_free(&b);
            c->rc = ZHX_ERR_NOMEM;
            return NULL;
        }
        space = false;
    }
    const char *r = b.p ? arena_strdup(&c->out->arena, b.p) : NULL;
    buf_free(&b);
    return r;
}

static bool add_mention(struct ctx *c, struct people_work *pw, size_t rec, const char *name,
                        const char *en, const char *script)
{
    if (pw->n == pw->cap) {
        size_t nc = pw->cap ? pw->cap * 2 : 64;
        struct mention *v = realloc(pw->m, nc * sizeof *v);
        if (v == NULL) {
            c->rc = ZHX_ERR_NOMEM;
            return false;
        }
        pw->m = v;
        pw->cap = nc;
    }
    const char *key = name_key(&c->out->arena, name);
    const char *ekey = en ? name_key(&c->out->arena, en) : NULL;
    if (key == NULL || (en && ekey == NULL)) {
        c->rc = ZHX_ERR_NOMEM;
        return false;
    }
    pw->m[pw->n++] = (struct mention){rec, name, en, key, ekey, script, -1};
    return true;
}

static size_t cp_len(const char *s)
{
    return utf8_count(s, strlen(s));
}

/* The surname part of a dotted transliteration: what follows the last dot. */
static const char *last_part(const char *name)
{
    const char *p = NULL;
    for (const char *q = strstr(name, MIDDOT); q; q = strstr(q + 2, MIDDOT))
        p = q + 2;
    return p;
}

struct form {
    const char *text;
    size_t len;
    int person;
};

static int by_len_desc(const void *a, const void *b)
{
    const struct form *x = a, *y = b;
    return x->len != y->len ? (x->len > y->len ? -1 : 1) : strcmp(x->text, y->text);
}

static bool is_ascii_alnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* Find every other occurrence of the people's names: the full form, the form
 * without dots, and the last part of a transliteration (阿尔特曼 for 萨姆·阿尔特曼).
 * A form two people share is ambiguous and skipped; so are one-character forms. */
static void link_other_mentions(struct ctx *c, struct people_work *pw)
{
    struct result *o = c->out;
    struct form *forms = NULL;
    size_t nf = 0, capf = 0;
    for (size_t p = 0; p < o->n_people && c->rc == ZHX_OK; p++) {
        const char *cand[3] = {o->people[p].name, NULL, last_part(o->people[p].name)};
        if (strstr(cand[0], MIDDOT)) {
            char *k = arena_alloc(&o->arena, strlen(cand[0]) + 1), *w = k;
            if (k == NULL) {
                c->rc = ZHX_ERR_NOMEM;
                break;
            }
            for (const char *q = cand[0]; *q; q++) {
                if (strncmp(q, MIDDOT, 2) == 0) { q++; continue; }
                *w++ = *q;
            }
            *w = '\0';
            cand[1] = k;
        }
        for (int i = 0; i < 3; i++) {
            if (cand[i] == NULL || cp_len(cand[i]) < 2)
                continue;
            if (nf == capf) {
                capf = capf ? capf * 2 : 32;
                struct form *v = realloc(forms, capf * sizeof *v);
                if (v == NULL) {
                    c->rc = ZHX_ERR_NOMEM;
                    break;
                }
                forms = v;
            }
            forms[nf++] = (struct form){cand[i], strlen(cand[i]), (int)p};
        }
    }
    if (c->rc == ZHX_OK && nf)
        qsort(forms, nf, sizeof *forms, by_len_desc);
    for (size_t i = 0; c->rc == ZHX_OK && i < nf; i++) {
        bool shared = (i > 0 && strcmp(forms[i - 1].text, forms[i].text) == 0 &&
                       forms[i - 1].person != forms[i].person) ||
                      (i + 1 < nf && strcmp(forms[i + 1].text, forms[i].text) == 0 &&
                       forms[i + 1].person != forms[i].person);
        if (shared || (i > 0 && strcmp(forms[i - 1].text, forms[i].text) == 0))
            continue;
        const char *t = c->dv->text, *end = t + c->dv->len;
        for (const char *q = t; (q = memmem(q, (size_t)(end - q), forms[i].text, forms[i].len)) != NULL;
             q += forms[i].len) {
            size_t s = (size_t)(q - t), e = s + forms[i].len;
            if (is_ascii_alnum(forms[i].text[0]) &&
                ((s > 0 && is_ascii_alnum(t[s - 1])) || (e < c->dv->len && is_ascii_alnum(t[e]))))
                continue;   /* Latin names only as whole words */
            if (occupied(c, REC_PERSON, s, e))
                continue;
            occupy(c, REC_PERSON, s, e);
            struct record *r = new_record(c, REC_PERSON, "resolve.alias", s, e);
            if (r == NULL || !add_mention(c, pw, (size_t)(r - o->v), forms[i].text, NULL, NULL))
                break;
            pw->m[pw->n - 1].person = forms[i].person;
        }
    }
    free(forms);
}

static int first_start_cmp(const void *a, const void *b)
{
    const size_t *x = a, *y = b;   /* pairs: first start, old index */
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

static int new_person(struct ctx *c, const struct mention *m)
{
    struct result *o = c->out;
    struct person *v = realloc(o->people, (o->n_people + 1) * sizeof *v);
    if (v == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return -1;
    }
    o->people = v;
    v[o->n_people] = (struct person){.name = m->name};
    return (int)o->n_people++;
}

/* The one person whose dotted name ends in name (穆拉蒂 for 米拉·穆拉蒂); -1 when
 * none or more than one does. */
static int abbreviated_by(const struct ctx *c, const char *name)
{
    int found = -1;
    for (size_t p = 0; p < c->out->n_people; p++) {
        const char *lp = last_part(c->out->people[p].name);
        if (lp && strcmp(lp, name) == 0) {
            if (found >= 0)
                return -1;
            found = (int)p;
        }
    }
    return found;
}

/* Group mentions into people. Strong mentions first (a dotted name, or one with
 * an English original): the same name without dots and spaces, or the same
 * English original, is the same person. Then the others: the same name again,
 * or the last part of exactly one dotted name (前CTO穆拉蒂), else a new person. */
static void form_people(struct ctx *c, struct people_work *pw)
{
    struct result *o = c->out;
    size_t *reps = malloc((pw->n + 1) * sizeof *reps), n_reps = 0;
    if (reps == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (int pass = 0; pass < 2 && c->rc == ZHX_OK; pass++) {
        for (size_t i = 0; i < pw->n && c->rc == ZHX_OK; i++) {
            struct mention *m = &pw->m[i];
            bool strong = m->en || strstr(m->name, MIDDOT);
            if (m->person >= 0 || strong != (pass == 0))
                continue;
            /* compare with one mention per person and form seen, not every mention */
            for (size_t j = 0; j < n_reps && m->person < 0; j++) {
                const struct mention *n = &pw->m[reps[j]];
                if (strcmp(m->key, n->key) == 0 || (m->ekey && n->ekey && strcmp(m->ekey, n->ekey) == 0))
                    m->person = n->person;
            }
            if (m->person < 0 && !strong)
                m->person = abbreviated_by(c, m->name);
            if (m->person < 0)
                m->person = new_person(c, m);
            if (m->person >= 0 && cp_len(m->name) > cp_len(o->people[m->person].name))
                o->people[m->person].name = m->name;   /* the fullest form */
            bool known = false;   /* a new form (or English original) becomes a representative */
            for (size_t j = 0; j < n_reps && !known; j++) {
                const struct mention *n = &pw->m[reps[j]];
                known = n->person == m->person && strcmp(n->key, m->key) == 0 &&
                        (m->ekey == NULL || (n->ekey && strcmp(n->ekey, m->ekey) == 0));
            }
            if (!known && m->person >= 0)
                reps[n_reps++] = i;
        }
    }
    free(reps);
    for (size_t i = 0; i < pw->n && c->rc == ZHX_OK; i++) {
        struct person *p = &o->people[pw->m[i].person];
        if (p->en == NULL && pw->m[i].en)
            p->en = pw->m[i].en;
        if (p->script == NULL && pw->m[i].script)
            p->script = pw->m[i].script;   /* a rule that knows better than the letters */
    }
}

/* Mention records point at their person (an index until finish_people numbers them). */
static void point_mentions(struct ctx *c, const struct people_work *pw)
{
    for (size_t i = 0; i < pw->n; i++)
        c->out->v[pw->m[i].rec].person = pw->m[i].person;
}

/* Code points in which two names of the same length differ, or -1. */
static int cp_diffs(const char *a, const char *b)
{
    if (cp_len(a) != cp_len(b))
        return -1;
    int d = 0;
    while (*a) {
        int32_t x, y;
        a += utf8_decode((const unsigned char *)a, &x);
        b += utf8_decode((const unsigned char *)b, &y);
        d += x != y;
    }
    return d;
}

static bool share_title(const struct ctx *c, int p, int q)
{
    const struct result *o = c->out;
    for (size_t i = 0; i < o->n; i++) {
        if (o->v[i].type != REC_TITLE || o->v[i].person != p || o->v[i].f[F_CANONICAL] == NULL)
            continue;
        for (size_t j = 0; j < o->n; j++)
            if (o->v[j].type == REC_TITLE && o->v[j].person == q && o->v[j].f[F_CANONICAL] &&
                strcmp(o->v[i].f[F_CANONICAL], o->v[j].f[F_CANONICAL]) == 0)
                return true;
    }
    return false;
}

/* Variant transliterations of one person (苏茨克维 and 苏茨科夫, 麦克格鲁 and
 * 麦克格卢): an undotted name with no English original joins the one dotted
 * person whose last part has its length, its first character, at most two other
 * characters, AND a title in common: the text must tie them, not the spelling
 * alone. */
static void merge_variants(struct ctx *c, struct people_work *pw)
{
    struct result *o = c->out;
    for (size_t b = 0; b < o->n_people; b++) {
        const struct person *pb = &o->people[b];
        if (pb->en || strstr(pb->name, MIDDOT) || cp_len(pb->name) < 3)
            continue;
        int into = -1, n_found = 0;
        for (size_t a = 0; a < o->n_people; a++) {
            const char *lp = last_part(o->people[a].name);
            int d = lp ? cp_diffs(lp, pb->name) : -1;
            if (a == b || d < 1 || d > 2 || strncmp(lp, pb->name, 3) != 0)
                continue;
            if (share_title(c, (int)a, (int)b)) {
                into = (int)a;
                n_found++;
            }
        }
        if (n_found != 1)
            continue;
        for (size_t i = 0; i < o->n; i++)
            if (o->v[i].person == (int)b)
                o->v[i].person = into;
        for (size_t i = 0; i < pw->n; i++)
            if (pw->m[i].person == (int)b)
                pw->m[i].person = into;
    }
}

/* Number the people P1, P2, ... in order of first mention (people left with no
 * mention after merging are gone), list their aliases, and point every record
 * at the final index. */
static void finish_people(struct ctx *c, struct people_work *pw)
{
    struct result *o = c->out;
    size_t np = o->n_people;
    for (size_t p = 0; p < np; p++) {
        struct person *ps = &o->people[p];
        if (ps->script == NULL)
            ps->script = strstr(ps->name, MIDDOT) ? "translit" : is_latin_only(ps->name) ? "latin" : "han";
        if (ps->en == NULL && strcmp(ps->script, "latin") == 0)
            ps->en = ps->name;   /* written only in Latin: the name is the original */
    }
    for (size_t i = 0; i < pw->n && c->rc == ZHX_OK; i++) {
        struct person *p = &o->people[pw->m[i].person];
        const char *f = pw->m[i].name;
        bool seen = strcmp(f, p->name) == 0;
        for (size_t k = 0; k < p->n_aliases && !seen; k++)
            seen = strcmp(p->aliases[k], f) == 0;
        if (seen)
            continue;
        const char **v = arena_alloc(&o->arena, (p->n_aliases + 1) * sizeof *v);
        if (v == NULL) {
            c->rc = ZHX_ERR_NOMEM;
            return;
        }
        if (p->n_aliases)
            memcpy(v, p->aliases, p->n_aliases * sizeof *v);
        v[p->n_aliases++] = f;
        p->aliases = v;
    }
    size_t *pairs = calloc(np ? 2 * np : 1, sizeof *pairs);
    int *new_of = calloc(np ? np : 1, sizeof *new_of);
    struct person *sorted = calloc(np ? np : 1, sizeof *sorted);
    if (pairs == NULL || new_of == NULL || sorted == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        free(pairs); free(new_of); free(sorted);
        return;
    }
    for (size_t p = 0; p < np; p++) {
        pairs[2 * p] = (size_t)-1;
        pairs[2 * p + 1] = p;
        new_of[p] = -1;
    }
    for (size_t i = 0; i < pw->n; i++) {
        size_t p = (size_t)pw->m[i].person, s = o->v[pw->m[i].rec].start;
        if (s < pairs[2 * p])
            pairs[2 * p] = s;
    }
    qsort(pairs, np, 2 * sizeof *pairs, first_start_cmp);
    size_t n_live = 0;
    for (size_t k = 0; k < np; k++) {
        if (pairs[2 * k] == (size_t)-1)
            continue;   /* merged into another person */
        sorted[n_live] = o->people[pairs[2 * k + 1]];
        new_of[pairs[2 * k + 1]] = (int)n_live;
        snprintf(sorted[n_live].id, sizeof sorted[n_live].id, "P%zu", n_live + 1);
        n_live++;
    }
    if (n_live)
        memcpy(o->people, sorted, n_live * sizeof *sorted);
    o->n_people = n_live;
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i].person >= 0)
            o->v[i].person = new_of[o->v[i].person];
    free(pairs); free(new_of); free(sorted);
}

/* The person whose mention overlaps [s, e) most, or -1. */
static int person_at(const struct ctx *c, size_t s, size_t e)
{
    const struct record *v = c->out->v;
    size_t lo = 0, hi = c->n_pm;
    while (lo < hi) {   /* the first mention ending after s */
        size_t mid = (lo + hi) / 2;
        if (v[c->pm[mid]].end <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    int best = -1;
    size_t best_ov = 0;
    for (size_t k = lo; k < c->n_pm && v[c->pm[k]].start < e; k++) {
        const struct record *r = &v[c->pm[k]];
        size_t ov = (r->end < e ? r->end : e) - (r->start > s ? r->start : s);
        if (ov > best_ov) {
            best_ov = ov;
            best = r->person;
        }
    }
    return best;
}

static int by_start_idx_cmp(const void *a, const void *b, void *arg);

/* Index the person mentions by start, once they are all made. */
static void index_mentions(struct ctx *c)
{
    free(c->pm);
    c->n_pm = 0;
    c->pm = malloc((c->out->n + 1) * sizeof *c->pm);
    if (c->pm == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < c->out->n; i++)
        if (c->out->v[i].type == REC_PERSON)
            c->pm[c->n_pm++] = i;
    qsort_r(c->pm, c->n_pm, sizeof *c->pm, by_start_idx_cmp, c->out->v);
}

static int by_start_idx_cmp(const void *a, const void *b, void *arg)
{
    const struct record *v = arg;
    size_t x = v[*(const size_t *)a].start, y = v[*(const size_t *)b].start;
    return x < y ? -1 : x > y;
}

/* Group the records made so far by sentence (a counting sort), so that what a
 * title or move looks for in its sentence costs that sentence, not the text. */
static void index_by_sentence(struct ctx *c)
{
    size_t n = c->out->n, n_sent = c->dv->sent->n + 1;
    free(c->by_sent);
    free(c->sent_at);
    c->by_sent = malloc((n + 1) * sizeof *c->by_sent);
    c->sent_at = calloc(n_sent + 1, sizeof *c->sent_at);
    c->n_indexed = 0;
    if (c->by_sent == NULL || c->sent_at == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++)
        c->sent_at[c->out->v[i].sentence + 1]++;
    for (size_t k = 1; k <= n_sent; k++)
        c->sent_at[k] += c->sent_at[k - 1];
    size_t *fill = calloc(n_sent, sizeof *fill);
    if (fill == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t sn = c->out->v[i].sentence;
        c->by_sent[c->sent_at[sn] + fill[sn]++] = i;
    }
    free(fill);
    c->n_indexed = n;
}

/* The indexed records of sentence sn: *first and the count. */
static size_t sentence_records(const struct ctx *c, size_t sn, const size_t **first)
{
    if (c->by_sent == NULL || sn >= c->dv->sent->n) {
        *first = NULL;
        return 0;
    }
    *first = c->by_sent + c->sent_at[sn];
    return c->sent_at[sn + 1] - c->sent_at[sn];
}

/* ---- organisations, titles, dates, moves ---- */

static const char *org_canonical(struct ctx *c, const struct cand *cd, const char *key)
{
    return field_value(c, cd, key, NULL);
}

/* A title's English form: the lexicon's entry for the whole title, or for its
 * longest known ending with the rest kept in brackets: 开发者关系负责人 gives
 * "Head (开发者关系)". Titles no lexicon entry ends give the surface. */
static const char *title_canonical(struct ctx *c, enum rec_type t, const char *surface)
{
    size_t len = strlen(surface);
    const char *k = rules_canon(c->rs, t, "title", surface, len);
    if (k)
        return k;
    char typed[64];
    snprintf(typed, sizeof typed, "%s.title", rec_type_name(t));
    const struct lexicon *lx = rules_canon_lex(c->rs, typed);
    if (lx == NULL)
        lx = rules_canon_lex(c->rs, "title");
    const struct lex_entry *e = lex_longest_suffix(lx, surface, len);
    if (e == NULL)
        return surface;
    size_t pre = len - strlen(e->surface);
    const char *r = arena_printf(&c->out->arena, "%s (%.*s)", e->canonical, (int)pre, surface);
    if (r == NULL)
        c->rc = ZHX_ERR_NOMEM;
    return r;
}

static void make_org(struct ctx *c, struct cand *cd)
{
    size_t s = cd->start, e = cd->end;
    (void)cand_capture(c->cs, cd, "org", &s, &e);
    struct record *r = new_record(c, REC_ORG, cd->rule->id, cd->start, cd->end);
    if (r == NULL)
        return;
    r->f[F_NAME] = dup_span(c, s, e);
    r->f[F_CANONICAL] = org_canonical(c, cd, "org");
    size_t ss, se;
    if (cand_capture(c->cs, cd, "short", &ss, &se) && utf8_count(c->dv->text + ss, se - ss) >= 2) {
        r->f[F_SHORT] = dup_span(c, ss, se);
        /* a short name the lexicon knows gives the canonical; so does a Latin
         * abbreviation given in brackets, 安全超级智能(SSI), where no lexicon
         * knows the name */
        bool latin = true;
        for (size_t i = ss; i < se; i++)
            latin = latin && (unsigned char)c->dv->text[i] < 0x80;
        const char *known = rules_canon(c->rs, REC_ORG, "org", c->dv->text + s, e - s);
        const char *k = known ? NULL : rules_canon(c->rs, REC_ORG, "org", c->dv->text + ss, se - ss);
        if (k)
            r->f[F_CANONICAL] = k;   /* 匯豐銀行 is HSBC when the lexicon knows 匯豐 */
        else if (latin && known == NULL)
            r->f[F_CANONICAL] = r->f[F_SHORT];
    }
}

/* 鼎曜 for 鼎曜科技: other mentions of an organisation's short name (a rule's
 * `short` capture) become org records of the same organisation. A short name
 * two organisations share is skipped. */
struct short_name {
    const char *sh, *canon;
};

static int short_cmp(const void *a, const void *b)
{
    const struct short_name *x = a, *y = b;
    int k = strcmp(x->sh, y->sh);
    return k ? k : strcmp(x->canon, y->canon);
}

static void link_org_short_names(struct ctx *c)
{
    size_t n = c->out->n, m = 0;
    struct short_name *v = malloc((n + 1) * sizeof *v);
    if (v == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (c->out->v[i].type == REC_ORG && c->out->v[i].f[F_SHORT] && c->out->v[i].f[F_CANONICAL])
            v[m++] = (struct short_name){c->out->v[i].f[F_SHORT], c->out->v[i].f[F_CANONICAL]};
    if (m)
        qsort(v, m, sizeof *v, short_cmp);
    for (size_t i = 0; i < m && c->rc == ZHX_OK;) {
        size_t j = i + 1;
        bool shared = false;
        for (; j < m && strcmp(v[j].sh, v[i].sh) == 0; j++)
            shared |= strcmp(v[j].canon, v[i].canon) != 0;
        if (!shared) {   /* each short name once; one two organisations share is skipped */
            const char *sh = v[i].sh, *canon = v[i].canon;
            size_t len = strlen(sh);
            const char *t = c->dv->text, *end = t + c->dv->len;
            for (const char *q = t; (q = memmem(q, (size_t)(end - q), sh, len)) != NULL; q += len) {
                size_t s0 = (size_t)(q - t);
                if (occupied(c, REC_ORG, s0, s0 + len))
                    continue;
                occupy(c, REC_ORG, s0, s0 + len);
                struct record *r = new_record(c, REC_ORG, "resolve.alias", s0, s0 + len);
                if (r == NULL)
                    break;
                r->f[F_NAME] = dup_span(c, s0, s0 + len);
                r->f[F_CANONICAL] = canon;
            }
        }
        i = j;
    }
    free(v);
}

/* The canonical name of an org record that ends right where a title starts,
 * or with only 公司/集团 between (鼎曜科技原技術長, 星河智能公司总裁); NULL if none. */
static const char *org_before(const struct ctx *c, size_t at)
{
    static const char *const between[] = {"", "公司", "集团", "集團", " "};
    const size_t *idx;
    size_t n = sentence_records(c, seg_find(c->dv->sent, at), &idx);
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[idx[i]];
        if (r->type != REC_ORG || r->end > at)
            continue;
        for (size_t k = 0; k < sizeof between / sizeof between[0]; k++) {
            size_t bl = strlen(between[k]);
            if (r->end + bl == at && memcmp(c->dv->text + r->end, between[k], bl) == 0)
                return r->f[F_CANONICAL];
        }
    }
    return NULL;
}

static void make_title(struct ctx *c, struct cand *cd)
{
    size_t s = cd->start, e = cd->end;
    (void)cand_capture(c->cs, cd, "title", &s, &e);
    struct record *r = new_record(c, REC_TITLE, cd->rule->id, cd->start, cd->end);
    if (r == NULL)
        return;
    r->f[F_TITLE] = dup_span(c, s, e);
    if (r->f[F_TITLE])
        r->f[F_CANONICAL] = title_canonical(c, REC_TITLE, r->f[F_TITLE]);
    r->f[F_ORG] = org_canonical(c, cd, "org");
    if (r->f[F_ORG] == NULL)
        r->f[F_ORG] = org_before(c, cd->start);
    r->f[F_STATUS] = field_value(c, cd, "status", NULL);
    size_t ps, pe;
    if (cand_capture(c->cs, cd, "person", &ps, &pe))
        r->person = person_at(c, ps, pe);
}

static void date_parts(struct ctx *c, const struct cand *cd, struct date_parts *p)
{
    size_t s, e;
    memset(p, 0, sizeof *p);
    if (cand_capture(c->cs, cd, "year", &s, &e))
        p->year = c->dv->text + s, p->year_len = e - s;
    if (cand_capture(c->cs, cd, "month", &s, &e))
        p->month = c->dv->text + s, p->month_len = e - s;
    if (cand_capture(c->cs, cd, "day", &s, &e))
        p->day = c->dv->text + s, p->day_len = e - s;
    if (cand_capture(c->cs, cd, "count", &s, &e))
        p->count = c->dv->text + s, p->count_len = e - s;
    p->rel = field_value(c, cd, "rel", NULL);
    p->part = field_value(c, cd, "part", NULL);
}

static void make_date(struct ctx *c, struct cand *cd)
{
    struct date_parts p;
    date_parts(c, cd, &p);
    struct date_value v;
    dates_resolve(&p, &c->ref, &v);
    if (!v.valid) {
        cd->dropped = "not a calendar date";
        return;
    }
    struct record *r = new_record(c, REC_DATE, cd->rule->id, cd->start, cd->end);
    if (r == NULL)
        return;
    r->f[F_VALUE] = v.value[0] ? arena_strdup(&c->out->arena, v.value) : NULL;
    r->f[F_PRECISION] = v.precision;
    r->f[F_PART] = p.part;
    r->relative = v.relative;
}

/* With no reference date given, the first dateline (a date rule with `set
 * role=dateline`) in the first sentences that names a full year becomes it. */
static void find_dateline(struct ctx *c, const size_t *kept, size_t n_kept)
{
    const struct cand *best = NULL;
    for (size_t k = 0; k < n_kept; k++) {
        const struct cand *cd = &c->cs->v[kept[k]];
        const char *role = set_value(cd, "role");
        if (cd->rule->type == REC_DATE && role && strcmp(role, "dateline") == 0 &&
            cd->sentence < ZHX_DATELINE_SENTENCES && (best == NULL || cd->start < best->start))
            best = cd;
    }
    if (best == NULL)
        return;
    struct date_parts p;
    struct ymd none = {0}, ref;
    struct date_value v;
    date_parts(c, best, &p);
    dates_resolve(&p, &none, &v);
    if (v.valid && !v.relative && dates_parse_iso(v.value, &ref)) {
        c->ref = ref;
        c->out->text_ref = ref;
    }
}

/* The date record a move is tied to: the one its `date` capture overlaps, else
 * the nearest in the same sentence. */
static const char *move_date(struct ctx *c, const struct cand *cd, size_t n_before)
{
    size_t ds, de;
    bool has = cand_capture(c->cs, cd, "date", &ds, &de);
    const struct record *best = NULL;
    size_t best_d = (size_t)-1;
    const size_t *idx;
    size_t n = sentence_records(c, cd->sentence, &idx);
    (void)n_before;   /* the sentence index holds exactly the records made before */
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[idx[i]];
        if (r->type != REC_DATE || r->f[F_VALUE] == NULL)
            continue;
        if (has) {
            if (r->start < de && ds < r->end)
                return r->f[F_VALUE];
            continue;
        }
        size_t d = r->end <= cd->start ? cd->start - r->end : r->start >= cd->end ? r->start - cd->end : 0;
        if (d < best_d) {
            best_d = d;
            best = r;
        }
    }
    return best ? best->f[F_VALUE] : NULL;
}

/* The organisation a move's person is tied to in its sentence: where someone
 * leaves, the org of a title bound to them there, else the nearest
 * organisation before the move's end, and where someone arrives (first), the
 * sentence's first organisation, its subject: in 鼎曜科技公告,…由前英特爾副總裁
 * 李承恩接任 the nearest one is where he came from. */
static const char *sentence_org(const struct ctx *c, const struct record *mv, size_t n_before,
                                bool first)
{
    const struct record *best = NULL;
    size_t best_d = (size_t)-1;
    const size_t *idx;
    size_t n = sentence_records(c, mv->sentence, &idx);
    (void)n_before;
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[idx[i]];
        /* a title's org is where the person was: a `from`, not a `to` */
        if (!first && r->type == REC_TITLE && r->person == mv->person && r->f[F_ORG])
            return r->f[F_ORG];
        /* an organisation after the move is where someone goes, not where from */
        if (r->type != REC_ORG || r->f[F_CANONICAL] == NULL || r->end > mv->end)
            continue;
        size_t d = first ? r->start : r->end <= mv->start ? mv->start - r->end : 0;
        if (d < best_d) {
            best_d = d;
            best = r;
        }
    }
    return best ? best->f[F_CANONICAL] : NULL;
}

static int str_ptr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The article's subject organisation: the one named most often, if at least
 * three times and more often than any other. Computed once per document. */
static const char *subject_org(struct ctx *c, size_t n_before)
{
    if (c->subject_done)
        return c->subject;
    c->subject_done = true;
    const char **v = malloc((n_before + 1) * sizeof *v);
    if (v == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return NULL;
    }
    size_t m = 0;
    for (size_t i = 0; i < n_before; i++)
        if (c->out->v[i].type == REC_ORG && c->out->v[i].f[F_CANONICAL])
            v[m++] = c->out->v[i].f[F_CANONICAL];
    if (m)
        qsort(v, m, sizeof *v, str_ptr_cmp);
    const char *best = NULL;
    size_t best_n = 0, second = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && strcmp(v[j], v[i]) == 0)
            j++;
        if (j - i > best_n) {
            second = best_n;
            best_n = j - i;
            best = v[i];
        } else if (j - i > second) {
            second = j - i;
        }
        i = j;
    }
    free(v);
    c->subject = best_n >= 3 && best_n > second ? best : NULL;
    return c->subject;
}

/* The canonical title bound to person in the move's sentence, or NULL. */
static const char *sentence_title(const struct ctx *c, const struct record *mv, size_t n_before)
{
    const size_t *idx;
    size_t n = sentence_records(c, mv->sentence, &idx);
    (void)n_before;
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[idx[i]];
        if (r->type == REC_TITLE && r->person == mv->person && r->f[F_CANONICAL])
            return r->f[F_CANONICAL];
    }
    return NULL;
}

/* Fill what the rule left out from the context: leaving, firing and leave
 * have a `from`, an appointment or a return a `to` (so do a join and a
 * founding whose rule says `set role=org_from_context`, for 已于本月加盟 with no
 * object); a leave or appointment has a title. */
static void infer_move_context(struct ctx *c, const struct cand *cd, struct record *r, size_t n_before)
{
    const char *a = r->f[F_ACTION];
    const char *role = set_value(cd, "role");
    bool from_side = strcmp(a, "leave") == 0 || strcmp(a, "fired") == 0 || strcmp(a, "leave_of_absence") == 0;
    bool to_side = strcmp(a, "appoint") == 0 || strcmp(a, "return") == 0 ||
                   (role && strcmp(role, "org_from_context") == 0);
    int side = from_side ? F_FROM : to_side ? F_TO : -1;
    if (side >= 0 && r->f[side] == NULL) {
        const char *org = sentence_org(c, r, n_before, side == F_TO);
        if (org == NULL)
            org = subject_org(c, n_before);
        if (org) {
            r->f[side] = org;
            *(side == F_FROM ? &r->inferred_from : &r->inferred_to) = true;
        }
    }
    if (r->f[F_TITLE] == NULL && (strcmp(a, "leave") == 0 || strcmp(a, "appoint") == 0)) {
        r->f[F_TITLE] = sentence_title(c, r, n_before);
        r->inferred_title = r->f[F_TITLE] != NULL;
    }
}

/* Is the text between two person mentions a list joint (、和与及, a title with
 * its organisation)? Up to 24 characters, with a joining word and no clause
 * break. */
static bool list_joint(const struct ctx *c, size_t s, size_t e)
{
    if (e < s || utf8_count(c->dv->text + s, e - s) > 24)
        return false;
    const char *t = c->dv->text;
    bool joined = false;
    for (size_t i = s; i < e; i++) {
        if (t[i] == ',' || t[i] == ';' || t[i] == ':' || (i + 3 <= e && memcmp(t + i, "。", 3) == 0))
            return false;
        if (i + 3 <= e && (memcmp(t + i, "、", 3) == 0 || memcmp(t + i, "和", 3) == 0 ||
                           memcmp(t + i, "与", 3) == 0 || memcmp(t + i, "與", 3) == 0 ||
                           memcmp(t + i, "及", 3) == 0))
            joined = true;
    }
    return joined;
}

/* A status word earlier in the move's sentence (据悉,…; 暂不清楚她会…) covers the
 * move when its rule caught none: the last such word of two characters or more
 * before the match (one-character words such as 将 and 未 say too little out of
 * place). "done" otherwise. */
static const char *sentence_status(const struct ctx *c, const struct record *mv)
{
    const struct lexicon *lx = rules_canon_lex(c->rs, "move.status");
    if (lx == NULL)
        lx = rules_canon_lex(c->rs, "status");
    size_t s = c->dv->sent->v[mv->sentence].start;
    const struct lex_entry *e = lex_last_occurrence(lx, c->dv->text + s, mv->start - s, 2);
    return e ? e->canonical : "done";
}

static void make_move(struct ctx *c, struct cand *cd, size_t n_before)
{
    size_t ps, pe;
    int person = cand_capture(c->cs, cd, "person", &ps, &pe) ? person_at(c, ps, pe) : -1;
    if (person < 0) {
        cd->dropped = "its person is not a known person mention";
        return;
    }
    const char *action = field_value(c, cd, "action", NULL);
    if (action == NULL) {
        cd->dropped = "no action (set action=... or capture it)";
        return;
    }
    struct record *r = new_record(c, REC_MOVE, cd->rule->id, cd->start, cd->end);
    if (r == NULL)
        return;
    r->person = person;
    r->f[F_ACTION] = action;
    r->f[F_FROM] = org_canonical(c, cd, "from");
    r->f[F_TO] = org_canonical(c, cd, "to");
    const char *t = field_value(c, cd, "title", NULL);
    r->f[F_TITLE] = t ? title_canonical(c, REC_MOVE, t) : NULL;
    r->f[F_DATE] = move_date(c, cd, n_before);
    const char *st = field_value(c, cd, "status", NULL);
    r->f[F_STATUS] = st ? st : sentence_status(c, r);
    infer_move_context(c, cd, r, n_before);

    /* A和B离职: every person listed after the captured one, inside the match,
     * moves too. Mentions are visited in text order. */
    size_t prev_end = pe;
    {   /* step over the first mention's (English): the mention that holds ps */
        size_t lo = 0, hi = c->n_pm;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (c->out->v[c->pm[mid]].end <= ps)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < c->n_pm && c->out->v[c->pm[k]].start < pe; k++)
            if (c->out->v[c->pm[k]].end > prev_end)
                prev_end = c->out->v[c->pm[k]].end;
    }
    for (;;) {
        /* the first person mention starting at or after prev_end, inside the match */
        size_t lo = 0, hi = c->n_pm;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (c->out->v[c->pm[mid]].start < prev_end)
                lo = mid + 1;
            else
                hi = mid;
        }
        const struct record *next = lo < c->n_pm ? &c->out->v[c->pm[lo]] : NULL;
        if (next == NULL || next->end > cd->end || !list_joint(c, prev_end, next->start))
            break;
        prev_end = next->end;
        if (next->person == person)
            continue;
        size_t at = (size_t)(r - c->out->v);
        int who = next->person;
        struct record *copy = new_record(c, REC_MOVE, cd->rule->id, cd->start, cd->end);
        if (copy == NULL)
            return;
        r = &c->out->v[at];   /* new_record may have moved the array */
        *copy = *r;
        copy->person = who;
        copy->f[F_FROM] = org_canonical(c, cd, "from");
        copy->f[F_TO] = org_canonical(c, cd, "to");
        copy->f[F_TITLE] = t ? title_canonical(c, REC_MOVE, t) : NULL;
        copy->inferred_from = copy->inferred_to = copy->inferred_title = false;
        infer_move_context(c, cd, copy, n_before);
    }
}

static int rec_cmp(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->type != y->type)
        return (int)x->type - (int)y->type;
    return x->end < y->end ? -1 : x->end > y->end;
}

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

struct org_key {
    const char *canon;
    size_t first;       /* index of its first record (records are sorted by start) */
    size_t id;
};

static int org_key_cmp(const void *a, const void *b)
{
    const struct org_key *x = a, *y = b;
    int k = strcmp(x->canon, y->canon);
    return k ? k : (x->first > y->first) - (x->first < y->first);
}

/* O1, O2, ... by first appearance, one id per canonical name. */
static void number_orgs(struct ctx *c)
{
    struct result *o = c->out;
    struct org_key *v = malloc((o->n + 1) * sizeof *v);
    if (v == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    size_t m = 0;
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i].type == REC_ORG)
            v[m++] = (struct org_key){o->v[i].f[F_CANONICAL] ? o->v[i].f[F_CANONICAL] : "", i, 0};
    if (m)
        qsort(v, m, sizeof *v, org_key_cmp);
    /* the first entry of each name's run has its first appearance; number those
     * in text order, then give every entry its run's number */
    size_t *heads = malloc((m + 1) * sizeof *heads), n_heads = 0;
    if (heads == NULL) {
        free(v);
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < m; i++)
        if (i == 0 || strcmp(v[i].canon, v[i - 1].canon) != 0)
            heads[n_heads++] = v[i].first;
    if (n_heads)
        qsort(heads, n_heads, sizeof *heads, size_cmp);
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && strcmp(v[j].canon, v[i].canon) == 0)
            j++;
        size_t lo = 0, hi = n_heads;   /* the rank of v[i].first among the heads */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (heads[mid] < v[i].first)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = i; k < j; k++)
            snprintf(o->v[v[k].first].org_id, sizeof o->v[v[k].first].org_id, "O%zu", lo + 1);
        i = j;
    }
    free(heads);
    free(v);
}

/* What the people phase leaves for the rest. */
struct resolve_state {
    struct ctx c;
    struct people_work pw;
};

enum zhx_rc resolve_people(const struct rules *rs, const struct doc_view *dv, struct cands *cands,
                           struct result *out, struct resolve_state **state, struct zhx_err *err)
{
    *state = NULL;
    struct resolve_state *st = calloc(1, sizeof *st);
    if (st == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory resolving");
    st->c = (struct ctx){.rs = rs, .dv = dv, .ref = dv->ref, .cs = cands, .out = out};
    struct ctx *c = &st->c;
    memset(&out->text_ref, 0, sizeof out->text_ref);
    c->occ = calloc(dv->len + 1, 1);
    size_t n_kept = 0, *kept = c->occ ? settle_overlaps(c, true, &n_kept) : NULL;
    if (kept == NULL) {
        resolve_state_free(st);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory resolving");
    }
    for (size_t k = 0; k < n_kept && c->rc == ZHX_OK; k++) {
        struct cand *cd = &cands->v[kept[k]];
        size_t s = cd->start, e = cd->end, es, ee;
        (void)cand_capture(cands, cd, "name", &s, &e);
        const char *en = cand_capture(cands, cd, "en", &es, &ee) ? clean_en(c, es, ee) : NULL;
        struct record *r = new_record(c, REC_PERSON, cd->rule->id, cd->start, cd->end);
        const char *name = dup_span(c, s, e);
        if (r && name)
            add_mention(c, &st->pw, (size_t)(r - out->v), name, en, set_value(cd, "script"));
    }
    free(kept);
    if (c->rc == ZHX_OK)
        form_people(c, &st->pw);
    if (c->rc == ZHX_OK)
        link_other_mentions(c, &st->pw);
    if (c->rc == ZHX_OK)
        point_mentions(c, &st->pw);
    if (c->rc == ZHX_OK)
        index_mentions(c);
    if (c->rc != ZHX_OK) {
        resolve_state_free(st);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory resolving");
    }
    *state = st;
    return ZHX_OK;
}

enum zhx_rc resolve_rest(struct resolve_state *st, struct zhx_err *err)
{
    struct ctx *c = &st->c;
    struct result *out = c->out;
    size_t n_kept = 0, *kept = settle_overlaps(c, false, &n_kept);
    if (kept == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory resolving");
    if (c->ref.year == 0)
        find_dateline(c, kept, n_kept);
    for (int pass = REC_ORG; pass <= REC_MOVE && c->rc == ZHX_OK; pass++) {
        size_t n_before = out->n;   /* moves see the dates made in the pass before */
        if (pass == REC_TITLE || pass == REC_MOVE)
            index_by_sentence(c);   /* what titles and moves look up in their sentence */
        for (size_t k = 0; k < n_kept && c->rc == ZHX_OK; k++) {
            struct cand *cd = &c->cs->v[kept[k]];
            if ((int)cd->rule->type != pass)
                continue;
            switch (cd->rule->type) {
            case REC_ORG: make_org(c, cd); break;
            case REC_TITLE: make_title(c, cd); break;
            case REC_DATE: make_date(c, cd); break;
            case REC_MOVE: make_move(c, cd, n_before); break;
            default: break;
            }
        }
        if (pass == REC_ORG && c->rc == ZHX_OK)
            link_org_short_names(c);
    }
    free(kept);
    if (c->rc == ZHX_OK)
        merge_variants(c, &st->pw);   /* needs the titles */
    if (c->rc == ZHX_OK)
        finish_people(c, &st->pw);
    if (c->rc != ZHX_OK)
        return zhx_fail(err, c->rc, NULL, 0, 0, "out of memory resolving");
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, rec_cmp);
    number_orgs(c);
    return ZHX_OK;
}

void resolve_state_free(struct resolve_state *st)
{
    if (st == NULL)
        return;
    free(st->pw.m);
    free(st->c.occ);
    free(st->c.pm);
    free(st->c.by_sent);
    free(st->c.sent_at);
    free(st);
}

size_t resolve_person_spans(const struct result *out, struct span *spans, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < out->n; i++)
        if (out->v[i].type == REC_PERSON) {
            if (n < max)
                spans[n] = (struct span){out->v[i].start, out->v[i].end};
            n++;
        }
    return n;
}

void result_reset(struct result *r)
{
    r->n = 0;
    free(r->people);
    r->people = NULL;
    r->n_people = 0;
    arena_free(&r->arena);
}

void result_free(struct result *r)
{
    if (r == NULL)
        return;
    result_reset(r);
    free(r->v);
    r->v = NULL;
    r->cap = 0;
}
