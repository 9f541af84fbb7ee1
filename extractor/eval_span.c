/* eval_span.c: one document against span-level gold records. Each gold
 * record takes the first unused output record it matches (eval_span.h), the
 * records with spans first, so that a gold record without one cannot take the
 * record a located one needs. org records count only when the gold has some:
 * older gold left organisations out. */
#include "eval_span.h"

#include <stdlib.h>
#include <string.h>

#include "eval_int.h"
#include "gold.h"
#include "scorekey.h"

static bool same_norm(const char *a, const char *b, bool en)
{
    if (a == NULL || b == NULL)
        return a == b;
    char *x = en ? skey_norm_en(a) : skey_norm(a), *y = en ? skey_norm_en(b) : skey_norm(b);
    bool ok = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return ok;
}

/* Both set and equal after norm. */
static bool agree(const char *a, const char *b, bool en)
{
    return a && b && *a && *b && same_norm(a, b, en);
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The name and English original of the person a title or move is about. */
static void who(const cJSON *r, const cJSON *recs, const char **name, const char **en)
{
    *name = str(r, "name");
    *en = str(r, "en");
    const char *p = str(r, "person");
    if (*name || *en || p == NULL)
        return;
    const cJSON *q;
    cJSON_ArrayForEach(q, recs) {
        const char *t = str(q, "type"), *id = str(q, "id");
        if (t && strcmp(t, "person") == 0 && id && strcmp(id, p) == 0) {
            *name = str(q, "name");
            *en = str(q, "en");
            return;
        }
    }
    *name = p;
}

static bool same_person(const cJSON *g, const cJSON *grecs, const cJSON *o, const cJSON *orecs)
{
    const char *gn, *ge, *on, *oe;
    who(g, grecs, &gn, &ge);
    who(o, orecs, &on, &oe);
    if (gn == NULL && ge == NULL && on == NULL && oe == NULL)
        return true;
    return agree(gn, on, false) || agree(ge, oe, true);
}

static const char *move_side(const char *action)
{
    return move_leaves_from(action) ? "from" : "to";
}

static bool overlap(const cJSON *g, const cJSON *o)
{
    const cJSON *gs = cJSON_GetObjectItemCaseSensitive(g, "start"), *ge = cJSON_GetObjectItemCaseSensitive(g, "end");
    if (!cJSON_IsNumber(gs) || !cJSON_IsNumber(ge))
        return true;
    const cJSON *os = cJSON_GetObjectItemCaseSensitive(o, "start"), *oe = cJSON_GetObjectItemCaseSensitive(o, "end");
    if (!cJSON_IsNumber(os) || !cJSON_IsNumber(oe))
        return false;
    double a = gs->valuedouble, b = ge->valuedouble > a ? ge->valuedouble : a + 1;
    double c = os->valuedouble, d = oe->valuedouble > c ? oe->valuedouble : c + 1;
    return a < d && c < b;
}

bool eval_span_match(const cJSON *g, const cJSON *grecs, const cJSON *o, const cJSON *orecs)
{
    const char *gt = str(g, "type"), *ot = str(o, "type");
    if (gt == NULL || ot == NULL || strcmp(gt, ot) != 0 || !overlap(g, o))
        return false;
    enum rec_type t = rec_type_parse(gt);
    switch (t) {
    case REC_PERSON:
        return agree(str(g, "name"), str(o, "name"), false) || agree(str(g, "en"), str(o, "en"), true);
    case REC_ORG:
        return agree(str(g, "canonical"), str(o, "canonical"), false) || agree(str(g, "name"), str(o, "name"), false);
    case REC_TITLE:
        return same_norm(str(g, "canonical"), str(o, "canonical"), false) && same_person(g, grecs, o, orecs);
    case REC_DATE:
        return same_norm(str(g, "value"), str(o, "value"), false);
    case REC_MOVE: {
        const char *ga = str(g, "action"), *oa = str(o, "action"), *side = move_side(ga);
        return ga && oa && strcmp(ga, oa) == 0 && same_norm(str(g, side), str(o, side), false) &&
               same_person(g, grecs, o, orecs);
    }
    default:
        return false;
    }
}

static enum eval_kind kind_of(const char *type)
{
    switch (type ? rec_type_parse(type) : REC_NTYPES) {
    case REC_PERSON: return EK_PERSON;
    case REC_ORG: return EK_ORG;
    case REC_TITLE: return EK_TITLE;
    case REC_DATE: return EK_DATE;
    case REC_MOVE: return EK_MOVE;
    default: return EK_N;
    }
}

/* One line about a record, for the lists. */
static char *describe(const cJSON *r, const cJSON *recs)
{
    const char *text = str(r, "text"), *n, *e;
    char *s = NULL;
    int k = -1;
    switch (rec_type_parse(str(r, "type"))) {
    case REC_PERSON:
        k = asprintf(&s, "%s%s%s", str(r, "name") ? str(r, "name") : "?", str(r, "en") ? " / " : "",
                     str(r, "en") ? str(r, "en") : "");
        break;
    case REC_ORG:
        k = asprintf(&s, "%s = %s", str(r, "name") ? str(r, "name") : "?",
                     str(r, "canonical") ? str(r, "canonical") : "?");
        break;
    case REC_TITLE:
        who(r, recs, &n, &e);
        k = asprintf(&s, "%s: %s", n ? n : "(no person)", str(r, "canonical") ? str(r, "canonical") : "?");
        break;
    case REC_DATE:
        k = asprintf(&s, "= %s", str(r, "value") ? str(r, "value") : "null");
        break;
    case REC_MOVE: {
        who(r, recs, &n, &e);
        const char *side = move_side(str(r, "action"));
        k = asprintf(&s, "%s %s %s", n ? n : "?", str(r, "action") ? str(r, "action") : "?",
                     str(r, side) ? str(r, side) : "-");
        break;
    }
    default:
        break;
    }
    if (k < 0)
        return NULL;
    char *out = NULL;
    if (text && *text)
        k = asprintf(&out, "「%s」 %s", text, s);
    else
        out = s, s = NULL;
    free(s);
    return k < 0 ? NULL : out;
}

void eval_span_doc(struct eval_report *rep, const struct eval_doc *d, const cJSON *gold)
{
    size_t n_o = (size_t)cJSON_GetArraySize(d->recs), n_g = (size_t)cJSON_GetArraySize(gold);
    const cJSON **ov = calloc(n_o + 1, sizeof *ov), **gv = calloc(n_g + 1, sizeof *gv);
    bool *o_used = calloc(n_o + 1, 1), *g_used = calloc(n_g + 1, 1);
    bool with_orgs = false;
    cJSON *mine = NULL;     /* references to this document's gold: person ids resolve in it */
    if (ov == NULL || gv == NULL || o_used == NULL || g_used == NULL) {
        rep->nomem = true;
        goto out;
    }
    const cJSON *r;
    size_t i = 0;
    /* a file of several documents (the review page's review.gold.jsonl): only
     * the records of this one, by their "doc" */
    char *self = gold_doc_key(d->id);
    mine = cJSON_CreateArray();
    cJSON_ArrayForEach(r, gold) {
        const char *doc = str(r, "doc");
        char *k = doc ? gold_doc_key(doc) : NULL;
        bool other = k && self && strcmp(k, self) != 0;
        free(k);
        if (other)
            continue;
        gv[i++] = r;
        with_orgs |= kind_of(str(r, "type")) == EK_ORG;
        if (mine)
            cJSON_AddItemReferenceToArray(mine, (cJSON *)r);
    }
    free(self);
    n_g = i;
    if (mine == NULL) {
        rep->nomem = true;
        goto out;
    }
    i = 0;
    cJSON_ArrayForEach(r, d->recs)
        ov[i++] = r;
    for (int located = 1; located >= 0; located--)
        for (size_t j = 0; j < n_g; j++) {
            bool has_span = cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(gv[j], "start")) &&
                            cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(gv[j], "end"));
            if (has_span != (located == 1))
                continue;
            for (size_t k = 0; k < n_o && !g_used[j]; k++)
                if (!o_used[k] && eval_span_match(gv[j], mine, ov[k], d->recs))
                    g_used[j] = o_used[k] = true;
        }
    for (size_t k = 0; k < n_o; k++) {
        enum eval_kind ek = kind_of(str(ov[k], "type"));
        if (ek == EK_N || (ek == EK_ORG && !with_orgs))
            continue;
        ev_rule(rep, str(ov[k], "rule"), o_used[k]);
        if (o_used[k]) {
            rep->t[ek].tp++;
            continue;
        }
        rep->t[ek].fp++;
        char *w = describe(ov[k], d->recs);
        ev_item(rep, &rep->false_hits, d, ek, ev_num(ov[k], "sentence"), str(ov[k], "rule"), "%s", w ? w : "?");
        free(w);
    }
    for (size_t j = 0; j < n_g; j++) {
        enum eval_kind ek = kind_of(str(gv[j], "type"));
        if (g_used[j] || ek == EK_N)
            continue;
        rep->t[ek].fn++;
        long s = ev_sentence_at(d, ev_num(gv[j], "start"));
        if (s < 0)
            s = ev_num(gv[j], "sentence");
        if (s < 0)
            s = ev_sentence_with(d, str(gv[j], "text"), NULL);
        if (s < 0) {   /* a gold record with no span and no text: where its person or org is named */
            const char *n, *e;
            who(gv[j], mine, &n, &e);
            s = ev_sentence_with(d, n ? n : e, NULL);
        }
        char *w = describe(gv[j], mine);
        ev_item(rep, &rep->misses, d, ek, s, NULL, "%s", w ? w : "?");
        free(w);
    }
    for (int k = EK_PERSON; k < EK_DATE_TEXT; k++)
        rep->t[k].scored |= k != EK_ORG || with_orgs;
out:
    cJSON_Delete(mine);
    free(ov);
    free(gv);
    free(o_used);
    free(g_used);
}
