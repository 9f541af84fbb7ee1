/* eval_fact.c: one document against its document-level fact gold, exactly as
 * tools/zhx-score scores it (read that file beside this one): persons matched
 * greedily one to one (the full name first, then any form or the English
 * original), titles as (person, canonical or Chinese title), moves as (person,
 * action, the organisation on the action's side), dates as (text, value).
 * One difference: zhx-score walks its output moves in Python set order; this
 * walks them in text order. The count differs only when one person has a gold
 * move with no organisation and another with one, for the same action.
 * Per rule, each record counts as a hit when the fact it is part of matched
 * and as a false hit when not; org records and titles of a person who is not
 * in the gold are not scored (zhx-score leaves them out too). */
#include <stdlib.h>
#include <string.h>

#include "eval_fact_int.h"
#include "scorekey.h"

bool fact_same(const char *a, const char *b)
{
    return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}


bool fact_sset_has(const struct sset *s, const char *x)
{
    for (size_t i = 0; i < s->n; i++)
        if (fact_same(s->v[i], x))
            return true;
    return false;
}

/* Takes x (freed when already there). Python's person_forms() drops "" and None. */
static void sset_add(struct eval_report *rep, struct sset *s, char *x, bool drop_empty)
{
    if ((drop_empty && (x == NULL || *x == '\0')) || fact_sset_has(s, x)) {
        free(x);
        return;
    }
    if (!array_grow((void **)&s->v, &s->cap, s->n, sizeof *s->v)) {
        free(x);
        rep->nomem = true;
        return;
    }
    s->v[s->n++] = x;
}

static bool sset_meets(const struct sset *a, const struct sset *b)
{
    for (size_t i = 0; i < a->n; i++)
        if (fact_sset_has(b, a->v[i]))
            return true;
    return false;
}

static void sset_free(struct sset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}




static long gindex_get(const struct gindex *x, const char *k)
{
    for (size_t i = 0; i < x->n; i++)
        if (fact_same(x->key[i], k))
            return x->gi[i];
    return -1;
}

/* Takes k. overwrite: d[k] = gi; else d.setdefault(k, gi). */
static void gindex_set(struct eval_report *rep, struct gindex *x, char *k, long gi, bool overwrite)
{
    for (size_t i = 0; i < x->n; i++)
        if (fact_same(x->key[i], k)) {
            if (overwrite)
                x->gi[i] = gi;
            free(k);
            return;
        }
    size_t cap = x->cap;
    if (!array_grow((void **)&x->key, &cap, x->n, sizeof *x->key) ||
        !array_grow((void **)&x->gi, &x->cap, x->n, sizeof *x->gi)) {
        free(k);
        rep->nomem = true;
        return;
    }
    x->key[x->n] = k;
    x->gi[x->n++] = gi;
}


const cJSON *fact_glist(const cJSON *gold, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(gold, key);
}

long fact_person_of(const struct fact *f, const char *pid)
{
    for (size_t i = 0; pid && i < f->n_op; i++)
        if (strcmp(f->op[i].pid, pid) == 0)
            return (long)i;
    return -1;
}

static void collect_people(struct fact *f)
{
    const cJSON *r;
    f->op = calloc((size_t)cJSON_GetArraySize(f->d->recs) + 1, sizeof *f->op);
    if (f->op == NULL) {
        f->rep->nomem = true;
        return;
    }
    cJSON_ArrayForEach(r, f->d->recs) {
        const char *type = ev_str(r, "type");
        if (type && strcmp(type, "org") == 0) {
            /* org_alias[norm(canonical or name)] |= {norm(name), that} */
            const char *cn = ev_str(r, "canonical");
            char *c = skey_norm(cn && *cn ? cn : ev_str(r, "name"));
            size_t k = 0;
            while (k < f->n_orgs && !fact_same(f->orgs[k].v[0], c))
                k++;
            if (k == f->n_orgs) {
                struct sset *g = realloc(f->orgs, (f->n_orgs + 1) * sizeof *g);
                if (g == NULL) {
                    free(c);
                    f->rep->nomem = true;
                    return;
                }
                f->orgs = g;
                memset(&g[f->n_orgs++], 0, sizeof *g);
                sset_add(f->rep, &g[k], c ? strdup(c) : NULL, false);
            }
            sset_add(f->rep, &f->orgs[k], skey_norm(ev_str(r, "name")), false);
            sset_add(f->rep, &f->orgs[k], c, false);
            continue;
        }
        if (type == NULL || strcmp(type, "person") != 0)
            continue;
        const char *id = ev_str(r, "id");
        const char *pid = id && *id ? id : ev_str(r, "name");
        if (pid == NULL)
            continue;
        long i = fact_person_of(f, pid);
        struct operson *p = i >= 0 ? &f->op[i] : &f->op[f->n_op++];
        if (i < 0) {
            p->pid = pid;
            p->name = ev_str(r, "name");
            p->first = r;
            p->gold = -1;
            sset_add(f->rep, &p->strict, skey_norm(p->name), false);
            sset_add(f->rep, &p->forms, skey_norm(p->name), true);
        }
        const char *en = ev_str(r, "en");
        if (en && *en)
            p->en = en;
        const cJSON *al = cJSON_GetObjectItemCaseSensitive(r, "aliases"), *a;
        cJSON_ArrayForEach(a, al)
            if (cJSON_IsString(a))
                sset_add(f->rep, &p->forms, skey_norm(a->valuestring), true);
        const char *text = ev_str(r, "text");
        if (text && *text) {   /* the mention as written, without its (English) */
            const char *paren = strchr(text, '(');
            char *t = strndup(text, paren ? (size_t)(paren - text) : strlen(text));
            sset_add(f->rep, &p->forms, t ? skey_norm(t) : NULL, true);
            free(t);
        }
    }
    for (size_t i = 0; i < f->n_op; i++)
        f->op[i].en_key = skey_norm_en(f->op[i].en);
}

static void collect_gold_people(struct fact *f)
{
    const cJSON *gps = fact_glist(f->gold, "persons"), *g;
    f->gp = calloc((size_t)cJSON_GetArraySize(gps) + 1, sizeof *f->gp);
    if (f->gp == NULL) {
        f->rep->nomem = true;
        return;
    }
    cJSON_ArrayForEach(g, gps) {
        struct gperson *p = &f->gp[f->n_gp++];
        p->g = g;
        const char *name = ev_str(g, "name");
        sset_add(f->rep, &p->strict, skey_norm(name), false);
        sset_add(f->rep, &p->forms, skey_norm(name), true);
        const cJSON *a;
        cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(g, "aliases"))
            if (cJSON_IsString(a))
                sset_add(f->rep, &p->forms, skey_norm(a->valuestring), true);
        p->en_key = skey_norm_en(ev_str(g, "en"));
    }
    /* gindex = {norm(name): gi}, then aliases and English names by setdefault */
    for (size_t gi = 0; gi < f->n_gp; gi++)
        gindex_set(f->rep, &f->gx, skey_norm(ev_str(f->gp[gi].g, "name")), (long)gi, true);
    for (size_t gi = 0; gi < f->n_gp; gi++) {
        char *nk = skey_norm(ev_str(f->gp[gi].g, "name"));
        long own = gindex_get(&f->gx, nk);
        free(nk);
        const cJSON *a;
        cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(f->gp[gi].g, "aliases"))
            if (cJSON_IsString(a))
                gindex_set(f->rep, &f->gx, skey_norm(a->valuestring), own, false);
        const char *en = ev_str(f->gp[gi].g, "en");
        if (en && *en)
            gindex_set(f->rep, &f->gx, skey_norm_en(en), own, false);
    }
}

long fact_gold_person(const struct fact *f, const char *name)
{
    if (name == NULL || *name == '\0')
        return -1;
    char *k = skey_norm(name);
    long gi = gindex_get(&f->gx, k);
    free(k);
    return gi;
}

static void match_people(struct fact *f)
{
    for (int strict = 1; strict >= 0; strict--)
        for (size_t i = 0; i < f->n_op; i++) {
            struct operson *o = &f->op[i];
            if (o->gold >= 0)
                continue;
            for (size_t gi = 0; gi < f->n_gp; gi++) {
                struct gperson *g = &f->gp[gi];
                if (g->used)
                    continue;
                bool meet = strict ? sset_meets(&o->strict, &g->strict) : sset_meets(&o->forms, &g->forms);
                if (meet || (o->en_key && g->en_key && strcmp(o->en_key, g->en_key) == 0)) {
                    o->gold = (long)gi;
                    g->used = true;
                    break;
                }
            }
        }
}

long fact_rec_sentence(const cJSON *r)
{
    return ev_num(r, "sentence");
}

static const char *gname(const struct fact *f, long gi)
{
    return ev_str(f->gp[gi].g, "name");
}

long fact_person_sentence(const struct fact *f, long gi, const char *also)
{
    const cJSON *g = f->gp[gi].g;
    for (int with = also != NULL; with >= 0; with--) {
        const char *a2 = with ? also : NULL;
        long s = ev_sentence_with(f->d, ev_str(g, "name"), a2);
        const cJSON *a;
        cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(g, "aliases"))
            if (s < 0 && cJSON_IsString(a))
                s = ev_sentence_with(f->d, a->valuestring, a2);
        if (s < 0)
            s = ev_sentence_with(f->d, ev_str(g, "en"), a2);
        if (s >= 0)
            return s;
    }
    return -1;
}

static void score_people(struct fact *f)
{
    struct eval_report *rep = f->rep;
    size_t n_map = 0;
    for (size_t i = 0; i < f->n_op; i++)
        n_map += f->op[i].gold >= 0;
    rep->t[EK_PERSON].tp += n_map;
    rep->t[EK_PERSON].fp += f->n_op - n_map;
    rep->t[EK_PERSON].fn += f->n_gp - n_map;
    for (size_t gi = 0; gi < f->n_gp; gi++) {
        const char *en = ev_str(f->gp[gi].g, "en");
        rep->en_gold += en && *en;
    }
    for (size_t i = 0; i < f->n_op; i++) {
        struct operson *o = &f->op[i];
        if (o->en && *o->en) {
            rep->en_out++;
            if (o->gold >= 0 && fact_same(f->gp[o->gold].en_key, o->en_key)) {
                rep->en_out_ok++;
                rep->en_found++;
            }
        }
        if (o->gold < 0)
            ev_item(rep, &rep->false_hits, f->d, EK_PERSON, fact_rec_sentence(o->first), ev_str(o->first, "rule"),
                    "%s%s%s%s", o->name ? o->name : "?", o->en ? " (" : "", o->en ? o->en : "", o->en ? ")" : "");
    }
    const cJSON *r;
    cJSON_ArrayForEach(r, f->d->recs) {
        const char *type = ev_str(r, "type");
        if (type && strcmp(type, "person") == 0) {
            long i = fact_person_of(f, ev_str(r, "id") && *ev_str(r, "id") ? ev_str(r, "id") : ev_str(r, "name"));
            if (i >= 0)
                ev_rule(rep, ev_str(r, "rule"), f->op[i].gold >= 0);
        }
    }
    for (size_t gi = 0; gi < f->n_gp; gi++) {
        if (f->gp[gi].used)
            continue;
        const char *name = gname(f, (long)gi), *en = ev_str(f->gp[gi].g, "en");
        long s = fact_person_sentence(f, (long)gi, NULL);
        ev_item(rep, &rep->misses, f->d, EK_PERSON, s, NULL, "%s%s%s%s", name, en ? " (" : "", en ? en : "",
                en ? ")" : "");
    }
}

/* tkeys(): the title's keys, "" left out; a and b NULL when absent. */
struct tkeys {
    char *a, *b;
};

static struct tkeys title_keys(const cJSON *t)
{
    struct tkeys k = {skey_title(ev_str(t, "canonical")), skey_zh_title(ev_str(t, "title"))};
    if (k.a && *k.a == '\0') {
        free(k.a);
        k.a = NULL;
    }
    if (k.b && (*k.b == '\0' || (k.a && strcmp(k.a, k.b) == 0))) {
        free(k.b);
        k.b = NULL;
    }
    if (k.a == NULL) {
        k.a = k.b;
        k.b = NULL;
    }
    if (k.a && k.b && strcmp(k.a, k.b) > 0) {   /* a frozenset: one order */
        char *swap = k.a;
        k.a = k.b;
        k.b = swap;
    }
    return k;
}

static bool tkeys_equal(const struct tkeys *x, const struct tkeys *y)
{
    return fact_same(x->a, y->a) && fact_same(x->b, y->b);
}

static bool tkeys_meet(const struct tkeys *x, const struct tkeys *y)
{
    return (x->a && (fact_same(x->a, y->a) || fact_same(x->a, y->b))) ||
           (x->b && (fact_same(x->b, y->a) || fact_same(x->b, y->b)));
}

struct tunit {
    long gi;
    struct tkeys k;
    const cJSON *rec;   /* output: its first record; gold: the title */
    bool matched;
};

static void score_titles(struct fact *f)
{
    struct eval_report *rep = f->rep;
    const cJSON *titles = fact_glist(f->gold, "titles");
    size_t n_rec = (size_t)cJSON_GetArraySize(f->d->recs), n_g = (size_t)cJSON_GetArraySize(titles);
    struct tunit *ot = calloc(n_rec + 1, sizeof *ot), *gt = calloc(n_g + 1, sizeof *gt);
    long *unit_of = calloc(n_rec + 1, sizeof *unit_of);
    size_t n_ot = 0, n_gt = 0, tp = 0;
    if (ot == NULL || gt == NULL || unit_of == NULL) {
        rep->nomem = true;
        goto out;
    }
    const cJSON *r;
    size_t ri = 0;
    cJSON_ArrayForEach(r, f->d->recs) {
        unit_of[ri] = -1;
        const char *type = ev_str(r, "type");
        long i = type && strcmp(type, "title") == 0 ? fact_person_of(f, ev_str(r, "person")) : -1;
        if (i >= 0 && f->op[i].gold >= 0) {
            struct tkeys k = title_keys(r);
            if (k.a) {
                size_t u = 0;
                while (u < n_ot && !(ot[u].gi == f->op[i].gold && tkeys_equal(&ot[u].k, &k)))
                    u++;
                if (u == n_ot)
                    ot[n_ot++] = (struct tunit){f->op[i].gold, k, r, false};
                else {
                    free(k.a);
                    free(k.b);
                }
                unit_of[ri] = (long)u;
            }
        }
        ri++;
    }
    const cJSON *t;
    cJSON_ArrayForEach(t, titles) {
        long gi = fact_gold_person(f, ev_str(t, "person"));
        if (gi >= 0)
            gt[n_gt++] = (struct tunit){gi, title_keys(t), t, false};
    }
    for (size_t u = 0; u < n_ot; u++)
        for (size_t j = 0; j < n_gt; j++)
            if (!gt[j].matched && gt[j].gi == ot[u].gi && tkeys_meet(&gt[j].k, &ot[u].k)) {
                gt[j].matched = ot[u].matched = true;
                tp++;
                break;
            }
    rep->t[EK_TITLE].tp += tp;
    rep->t[EK_TITLE].fp += n_ot - tp;
    rep->t[EK_TITLE].fn += n_gt - tp;
    ri = 0;
    cJSON_ArrayForEach(r, f->d->recs) {
        if (unit_of[ri] >= 0)
            ev_rule(rep, ev_str(r, "rule"), ot[unit_of[ri]].matched);
        ri++;
    }
    for (size_t u = 0; u < n_ot; u++) {
        if (ot[u].matched)
            continue;
        const char *canon = ev_str(ot[u].rec, "canonical"), *surface = ev_str(ot[u].rec, "title");
        ev_item(rep, &rep->false_hits, f->d, EK_TITLE, fact_rec_sentence(ot[u].rec), ev_str(ot[u].rec, "rule"),
                "%s: %s (%s)", gname(f, ot[u].gi), canon ? canon : "?", surface ? surface : "?");
    }
    for (size_t j = 0; j < n_gt; j++)
        if (!gt[j].matched) {
            const char *name = gname(f, gt[j].gi), *surface = ev_str(gt[j].rec, "title");
            long s = fact_person_sentence(f, gt[j].gi, surface);
            if (s < 0 && surface)
                s = ev_sentence_with(f->d, surface, NULL);
            ev_item(rep, &rep->misses, f->d, EK_TITLE, s, NULL, "%s: %s (%s)", name,
                    ev_str(gt[j].rec, "canonical") ? ev_str(gt[j].rec, "canonical") : "?", surface ? surface : "?");
        }
out:
    for (size_t u = 0; u < n_ot; u++)
        free(ot[u].k.a), free(ot[u].k.b);
    for (size_t j = 0; j < n_gt; j++)
        free(gt[j].k.a), free(gt[j].k.b);
    free(ot);
    free(gt);
    free(unit_of);
}

void eval_fact_doc(struct eval_report *rep, const struct eval_doc *d, const cJSON *gold)
{
    struct fact f = {.rep = rep, .d = d, .gold = gold};
    collect_people(&f);
    if (!rep->nomem)
        collect_gold_people(&f);
    if (!rep->nomem) {
        match_people(&f);
        score_people(&f);
        score_titles(&f);
        fact_score_moves(&f);
        fact_score_dates(&f);
    }
    for (int k = EK_PERSON; k < EK_N; k++)
        rep->t[k].scored |= k != EK_ORG;
    for (size_t i = 0; i < f.n_op; i++) {
        sset_free(&f.op[i].strict);
        sset_free(&f.op[i].forms);
        free(f.op[i].en_key);
    }
    free(f.op);
    for (size_t i = 0; i < f.n_gp; i++) {
        sset_free(&f.gp[i].strict);
        sset_free(&f.gp[i].forms);
        free(f.gp[i].en_key);
    }
    free(f.gp);
    for (size_t i = 0; i < f.gx.n; i++)
        free(f.gx.key[i]);
    free(f.gx.key);
    free(f.gx.gi);
    for (size_t i = 0; i < f.n_orgs; i++)
        sset_free(&f.orgs[i]);
    free(f.orgs);
}
