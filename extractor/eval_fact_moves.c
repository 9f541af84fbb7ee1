/* eval_fact_moves.c: the moves and dates of a fact gold, as tools/zhx-score
 * scores them: moves as (person, action, organisation of the action's side),
 * an organisation matching when zhx-score's org_alias ties the two names;
 * dates as (text, value) pairs, and as texts alone (date_text). */
#include <stdlib.h>
#include <string.h>

#include "eval_fact_int.h"
#include "scorekey.h"

/* zhx-score's MOVE_ORG: the side of a move its organisation is scored on. */
static const char *move_side(const char *action)
{
    return move_leaves_from(action) ? "from" : "to";
}

static bool same_org(const struct fact *f, const char *x, const char *y)
{
    char *a = skey_norm(x), *b = skey_norm(y);
    bool ok = fact_same(a, b);
    for (size_t k = 0; !ok && a && b && k < f->n_orgs; k++)
        ok = fact_sset_has(&f->orgs[k], a) && fact_sset_has(&f->orgs[k], b);
    free(a);
    free(b);
    return ok;
}

struct munit {
    long gi;
    const char *action;     /* borrowed */
    char *org;              /* output: norm(org) or NULL; gold: the org as written */
    const cJSON *rec;
    bool matched;
};

void fact_score_moves(struct fact *f)
{
    struct eval_report *rep = f->rep;
    const cJSON *moves = fact_glist(f->gold, "moves");
    size_t n_rec = (size_t)cJSON_GetArraySize(f->d->recs), n_g = (size_t)cJSON_GetArraySize(moves);
    struct munit *om = calloc(n_rec + 1, sizeof *om), *gm = calloc(n_g + 1, sizeof *gm);
    long *unit_of = calloc(n_rec + 1, sizeof *unit_of);
    size_t n_om = 0, n_gm = 0, tp = 0;
    if (om == NULL || gm == NULL || unit_of == NULL) {
        rep->nomem = true;
        goto out;
    }
    const cJSON *r;
    size_t ri = 0;
    cJSON_ArrayForEach(r, f->d->recs) {
        unit_of[ri] = -1;
        const char *type = ev_str(r, "type");
        if (type && strcmp(type, "move") == 0) {
            long i = fact_person_of(f, ev_str(r, "person"));
            long gi = i >= 0 ? f->op[i].gold : -1;
            const char *action = ev_str(r, "action"), *org = ev_str(r, move_side(action));
            char *k = org && *org ? skey_norm(org) : NULL;
            size_t u = 0;
            while (u < n_om && !(om[u].gi == gi && fact_same(om[u].action, action) && fact_same(om[u].org, k)))
                u++;
            if (u == n_om)
                om[n_om++] = (struct munit){gi, action, k, r, false};
            else
                free(k);
            unit_of[ri] = (long)u;
        }
        ri++;
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, moves) {
        const char *action = ev_str(m, "action"), *org = ev_str(m, move_side(action));
        long gi = fact_gold_person(f, ev_str(m, "person"));
        gm[n_gm++] = (struct munit){gi, action, org ? strdup(org) : NULL, m, false};
    }
    for (size_t u = 0; u < n_om; u++)
        for (size_t j = 0; j < n_gm && om[u].gi >= 0; j++) {
            if (gm[j].matched || om[u].gi != gm[j].gi || !fact_same(om[u].action, gm[j].action))
                continue;
            if (gm[j].org == NULL || (om[u].org && same_org(f, om[u].org, gm[j].org))) {
                gm[j].matched = om[u].matched = true;
                tp++;
                break;
            }
        }
    rep->t[EK_MOVE].tp += tp;
    rep->t[EK_MOVE].fp += n_om - tp;
    rep->t[EK_MOVE].fn += n_gm - tp;
    ri = 0;
    cJSON_ArrayForEach(r, f->d->recs) {
        if (unit_of[ri] >= 0)
            ev_rule(rep, ev_str(r, "rule"), om[unit_of[ri]].matched);
        ri++;
    }
    for (size_t u = 0; u < n_om; u++)
        if (!om[u].matched) {
            const char *org = ev_str(om[u].rec, move_side(om[u].action));
            const char *name = ev_str(om[u].rec, "name");
            ev_item(rep, &rep->false_hits, f->d, EK_MOVE, fact_rec_sentence(om[u].rec), ev_str(om[u].rec, "rule"),
                    "%s %s %s%s", name ? name : "?", om[u].action ? om[u].action : "?", org ? org : "-",
                    om[u].gi < 0 ? " (the person is not in the gold)" : "");
        }
    for (size_t j = 0; j < n_gm; j++)
        if (!gm[j].matched) {
            const char *name = ev_str(gm[j].rec, "person");
            long s = gm[j].gi >= 0 ? fact_person_sentence(f, gm[j].gi, NULL) : -1;
            if (s < 0)
                s = ev_sentence_with(f->d, name, NULL);
            ev_item(rep, &rep->misses, f->d, EK_MOVE, s, NULL, "%s %s %s", name, gm[j].action,
                    gm[j].org ? gm[j].org : "-");
        }
out:
    for (size_t u = 0; u < n_om; u++)
        free(om[u].org);
    for (size_t j = 0; j < n_gm; j++)
        free(gm[j].org);
    free(om);
    free(gm);
    free(unit_of);
}

/* A (norm(text), value) pair; value NULL for JSON null. */
struct dpair {
    char *text;
    const char *value;
    const cJSON *rec;
};

static bool dpair_in(const struct dpair *v, size_t n, const struct dpair *x, bool text_only)
{
    for (size_t i = 0; i < n; i++)
        if (fact_same(v[i].text, x->text) && (text_only || fact_same(v[i].value, x->value)))
            return true;
    return false;
}

/* Unique pairs of v (n of them), and unique texts. */
static size_t count_unique(const struct dpair *v, size_t n, bool text_only)
{
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        u += !dpair_in(v, i, &v[i], text_only);
    return u;
}

static size_t count_common(const struct dpair *a, size_t na, const struct dpair *b, size_t nb, bool text_only)
{
    size_t c = 0;
    for (size_t i = 0; i < na; i++)
        c += !dpair_in(a, i, &a[i], text_only) && dpair_in(b, nb, &a[i], text_only);
    return c;
}

void fact_score_dates(struct fact *f)
{
    struct eval_report *rep = f->rep;
    const cJSON *dates = fact_glist(f->gold, "dates");
    size_t n_rec = (size_t)cJSON_GetArraySize(f->d->recs), n_g = (size_t)cJSON_GetArraySize(dates);
    struct dpair *od = calloc(n_rec + 1, sizeof *od), *gd = calloc(n_g + 1, sizeof *gd);
    size_t n_od = 0, n_gd = 0;
    if (od == NULL || gd == NULL) {
        rep->nomem = true;
        goto out;
    }
    const cJSON *r;
    cJSON_ArrayForEach(r, f->d->recs) {
        const char *type = ev_str(r, "type");
        if (type && strcmp(type, "date") == 0)
            od[n_od++] = (struct dpair){skey_norm(ev_str(r, "text")), ev_str(r, "value"), r};
    }
    cJSON_ArrayForEach(r, dates)
        gd[n_gd++] = (struct dpair){skey_norm(ev_str(r, "text")), ev_str(r, "value"), r};
    for (int text_only = 0; text_only <= 1; text_only++) {
        size_t uo = count_unique(od, n_od, text_only), ug = count_unique(gd, n_gd, text_only);
        size_t tp = count_common(od, n_od, gd, n_gd, text_only);
        struct eval_tally *t = &rep->t[text_only ? EK_DATE_TEXT : EK_DATE];
        t->tp += tp;
        t->fp += uo - tp;
        t->fn += ug - tp;
    }
    for (size_t i = 0; i < n_od; i++) {
        bool hit = dpair_in(gd, n_gd, &od[i], false);
        ev_rule(rep, ev_str(od[i].rec, "rule"), hit);
        if (!hit && !dpair_in(od, i, &od[i], false))
            ev_item(rep, &rep->false_hits, f->d, EK_DATE, fact_rec_sentence(od[i].rec), ev_str(od[i].rec, "rule"),
                    "%s = %s", ev_str(od[i].rec, "text"), od[i].value ? od[i].value : "null");
    }
    for (size_t j = 0; j < n_gd; j++)
        if (!dpair_in(od, n_od, &gd[j], false) && !dpair_in(gd, j, &gd[j], false)) {
            const char *text = ev_str(gd[j].rec, "text");
            ev_item(rep, &rep->misses, f->d, EK_DATE, ev_sentence_with(f->d, text, NULL), NULL, "%s = %s", text,
                    gd[j].value ? gd[j].value : "null");
        }
out:
    for (size_t i = 0; i < n_od; i++)
        free(od[i].text);
    for (size_t j = 0; j < n_gd; j++)
        free(gd[j].text);
    free(od);
    free(gd);
}
