/* eval.c: run documents through the pipeline and score them against their
 * gold (eval_fact.c, eval_span.c), keeping the tallies, the per-rule counts and
 * the lists of misses and false hits. The scorers read the records as zhx
 * prints them (emit_jsonl read back with cJSON), so eval and tools/zhx-score
 * see the same values. */
#include "eval.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "eval_int.h"
#include "normalize.h"

const char *eval_kind_name(enum eval_kind k)
{
    static const char *const names[EK_N] = {"person", "org", "title", "date", "move", "date_text"};
    return k < EK_N ? names[k] : "?";
}

void eval_prf(const struct eval_tally *t, double *p, double *r, double *f1)
{
    *p = t->tp + t->fp ? (double)t->tp / (double)(t->tp + t->fp) : 0.0;
    *r = t->tp + t->fn ? (double)t->tp / (double)(t->tp + t->fn) : 0.0;
    *f1 = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

const char *ev_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

long ev_num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) && v->valuedouble >= 0 ? (long)v->valuedouble : -1;
}

void ev_rule(struct eval_report *rep, const char *rule, bool hit)
{
    if (rule == NULL)
        rule = "(none)";
    size_t i = 0;
    while (i < rep->n_rules && strcmp(rep->rules[i].rule, rule) != 0)
        i++;
    if (i == rep->n_rules) {
        char *id = strdup(rule);
        if (id == NULL || !array_grow((void **)&rep->rules, &rep->cap_rules, rep->n_rules, sizeof *rep->rules)) {
            free(id);
            rep->nomem = true;
            return;
        }
        rep->rules[rep->n_rules++] = (struct eval_rule){id, 0, 0};
    }
    if (hit)
        rep->rules[i].hits++;
    else
        rep->rules[i].false_hits++;
}

static char *sentence_text(const struct eval_doc *d, long s)
{
    if (s < 0 || (size_t)s >= d->dr->sent.n)
        return NULL;
    const struct orig_span *o = &d->sent[s];
    size_t a = o->byte_start, b = o->byte_end;
    const char *t = d->dr->doc->text;
    while (b > a && (t[b - 1] == '\n' || t[b - 1] == '\r' || t[b - 1] == ' '))
        b--;
    return strndup(t + a, b - a);
}

void ev_item(struct eval_report *rep, struct eval_list *list, const struct eval_doc *d, enum eval_kind kind,
             long sentence, const char *rule, const char *fmt, ...)
{
    if (!array_grow((void **)&list->v, &list->cap, list->n, sizeof *list->v)) {
        rep->nomem = true;
        return;
    }
    struct eval_item *it = &list->v[list->n];
    memset(it, 0, sizeof *it);
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&it->what, fmt, ap);
    va_end(ap);
    if (n < 0)
        it->what = NULL;
    it->doc = strdup(d->id);
    it->kind = eval_kind_name(kind);
    it->sentence = sentence >= 0 && (size_t)sentence < d->dr->sent.n ? sentence : -1;
    it->sentence_text = sentence_text(d, it->sentence);
    it->rule = rule ? strdup(rule) : NULL;
    if (it->what == NULL || it->doc == NULL || (it->sentence >= 0 && it->sentence_text == NULL) ||
        (rule && it->rule == NULL)) {
        free(it->what);
        free(it->doc);
        free(it->sentence_text);
        free(it->rule);
        rep->nomem = true;
        return;
    }
    list->n++;
}

long ev_sentence_with(const struct eval_doc *d, const char *needle, const char *needle2)
{
    if (needle == NULL || *needle == '\0')
        return -1;
    /* in the normalised text, with needles normalised alike: the gold writes
     * 伊隆·馬斯克 where the article has 伊隆‧馬斯克 */
    char *n1 = norm_string(needle), *n2 = needle2 ? norm_string(needle2) : NULL;
    long found = -1;
    const char *t = d->dr->norm.text;
    for (size_t i = 0; n1 && (needle2 == NULL || n2) && found < 0 && i < d->dr->sent.n; i++) {
        const char *s = t + d->dr->sent.v[i].start;
        size_t len = d->dr->sent.v[i].end - d->dr->sent.v[i].start;
        if (memmem(s, len, n1, strlen(n1)) && (n2 == NULL || memmem(s, len, n2, strlen(n2))))
            found = (long)i;
    }
    free(n1);
    free(n2);
    return found;
}

long ev_sentence_at(const struct eval_doc *d, long cp)
{
    for (size_t i = 0; cp >= 0 && i < d->dr->sent.n; i++)
        if ((size_t)cp >= d->sent[i].start && (size_t)cp < d->sent[i].end)
            return (long)i;
    return -1;
}

static void strlist_add(struct eval_report *rep, struct strlist *l, const char *s)
{
    char *c = strdup(s);
    if (c == NULL || !array_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v)) {
        free(c);
        rep->nomem = true;
        return;
    }
    l->v[l->n++] = c;
}

/* The records of dr as zhx prints them, the doc record left out: an array the
 * caller frees with cJSON_Delete, or NULL when out of memory. */
static cJSON *printed_records(const struct doc_result *dr, struct zhx_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (mem == NULL)
        return NULL;
    enum zhx_rc rc = emit_jsonl(mem, dr, EMIT_ALL_TYPES, err);
    if (fclose(mem) != 0 || rc != ZHX_OK) {
        free(buf);
        return NULL;
    }
    cJSON *recs = cJSON_CreateArray();
    bool first = true;
    for (char *p = buf, *nl; recs && p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (first) {   /* the doc record */
            first = false;
            continue;
        }
        cJSON *r = cJSON_Parse(p);
        if (r == NULL) {
            cJSON_Delete(recs);
            recs = NULL;
        } else {
            cJSON_AddItemToArray(recs, r);
        }
    }
    free(buf);
    return recs;
}

static void score_doc(struct eval_report *rep, const struct doc_result *dr, const struct gold_doc *g,
                      struct zhx_err *err)
{
    struct eval_doc d = {dr->doc->id, dr, NULL, NULL};
    d.sent = calloc(dr->sent.n + 1, sizeof *d.sent);
    d.recs = d.sent ? printed_records(dr, err) : NULL;
    if (d.recs == NULL) {
        free(d.sent);
        rep->nomem = true;
        return;
    }
    for (size_t i = 0; i < dr->sent.n; i++)
        d.sent[i] = pipeline_orig_span(dr, dr->sent.v[i].start, dr->sent.v[i].end);
    if (g->kind == GOLD_FACT) {
        rep->n_fact++;
        eval_fact_doc(rep, &d, g->json);
    } else {
        rep->n_span++;
        eval_span_doc(rep, &d, g->json);
    }
    cJSON_Delete(d.recs);
    free(d.sent);
}

static int rule_cmp(const void *a, const void *b)
{
    const struct eval_rule *x = a, *y = b;
    if (x->false_hits != y->false_hits)
        return x->false_hits > y->false_hits ? -1 : 1;
    return strcmp(x->rule, y->rule);
}

enum zhx_rc eval_run(struct doc_iter *it, const struct eval_opts *o, batch_notify notify, void *ctx,
                     struct eval_report *rep, struct zhx_err *err)
{
    memset(rep, 0, sizeof *rep);
    struct pipeline pl;
    enum zhx_rc rc = pipeline_init(&pl, o->rs, err);
    bool *used = calloc(o->gold->n + 1, sizeof *used);
    if (used == NULL && rc == ZHX_OK)
        rc = zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    while (rc == ZHX_OK && !rep->nomem) {
        struct doc d = {0};
        struct zhx_err e = {0};
        enum zhx_rc drc = doc_next(it, &d, &e);
        if (drc == ZHX_DONE)
            break;
        rep->n_docs++;
        long gi = drc == ZHX_OK ? gold_find(o->gold, d.id) : -1;
        const struct gold_doc *g = gi >= 0 ? &o->gold->v[gi] : NULL;
        if (g && o->ref.year == 0 && d.date == NULL && g->ref_date && (d.date = strdup(g->ref_date)) == NULL)
            drc = zhx_fail(&e, ZHX_ERR_NOMEM, d.id, 0, 0, "out of memory");
        if (drc == ZHX_OK)
            drc = pipeline_run(&pl, &d, &o->ref, &e);
        struct batch_doc_info info = {d.id ? d.id : e.file, drc, &e, d.len,
                                      drc == ZHX_OK ? pl.dr.sent.n : 0, d.n_replaced, d.first_bad};
        notify(ctx, &info);
        if (drc == ZHX_ERR_NOMEM)
            rc = zhx_fail(err, drc, NULL, 0, 0, "out of memory");
        if (drc != ZHX_OK)
            rep->n_failed++;
        else if (g == NULL)
            strlist_add(rep, &rep->no_gold, d.id);
        else {
            used[gi] = true;
            score_doc(rep, &pl.dr, g, &e);
        }
        doc_free(&d);
    }
    for (size_t i = 0; used && i < o->gold->n; i++)
        if (!used[i])
            strlist_add(rep, &rep->no_doc, o->gold->v[i].path);
    free(used);
    pipeline_free(&pl);
    if (rep->n_rules)
        qsort(rep->rules, rep->n_rules, sizeof *rep->rules, rule_cmp);
    if (rc == ZHX_OK && rep->nomem)
        rc = zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory scoring");
    return rc;
}

static void list_free(struct eval_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].doc);
        free(l->v[i].sentence_text);
        free(l->v[i].what);
        free(l->v[i].rule);
    }
    free(l->v);
}

static void strlist_free(struct strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

void eval_report_free(struct eval_report *rep)
{
    if (rep == NULL)
        return;
    for (size_t i = 0; i < rep->n_rules; i++)
        free(rep->rules[i].rule);
    free(rep->rules);
    list_free(&rep->misses);
    list_free(&rep->false_hits);
    strlist_free(&rep->no_gold);
    strlist_free(&rep->no_doc);
    memset(rep, 0, sizeof *rep);
}
