/* check.c: the rule examples as tests. An `expect` passes when the rule itself
 * produced a record of its type whose fields have the wanted values; a `reject`
 * passes when the rule produced no record. Failures say which way they failed:
 * nothing matched, the match lost an overlap (and to which rule), the record was
 * dropped (and why), or a field had another value. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "normalize.h"
#include "pipeline.h"

struct want {
    char *key[16];
    char *val[16];
    size_t n;
};

/* "name=约翰·舒尔曼 en=John Schulman": a word with key= starts a field; other words
 * continue the previous value after a space. */
static void parse_want(char *s, struct want *w)
{
    w->n = 0;
    for (char *tok = strtok(s, " "); tok; tok = strtok(NULL, " ")) {
        char *eq = strchr(tok, '=');
        bool is_key = eq && eq > tok;
        for (char *k = tok; is_key && k < eq; k++)
            if (!((*k >= 'a' && *k <= 'z') || *k == '_'))
                is_key = false;
        if (is_key && w->n < 16) {
            *eq = '\0';
            w->key[w->n] = tok;
            w->val[w->n] = eq + 1;
            w->n++;
        } else if (w->n > 0) {
            /* the value grows in place: tokens are adjacent in s, so put the
             * space back that strtok removed */
            tok[-1] = ' ';
        }
    }
}

static bool field_is(const struct doc_result *dr, const struct record *r, const char *key,
                     const char *want, char **got)
{
    char *v = emit_field_text(dr, r, key);
    bool ok = strcmp(want, "null") == 0 ? v == NULL : v != NULL && strcmp(v, want) == 0;
    if (got) {
        free(*got);
        *got = v;
    } else {
        free(v);
    }
    return ok;
}

static void report(struct check_report *rep, const struct rule_example *ex, const struct rule *r,
                   const char *fmt, const char *a, const char *b, const char *c)
{
    buf_printf(&rep->failures, "%s:%ld: %s: ", ex->file, ex->line, r->id);
    buf_printf(&rep->failures, fmt, a ? a : "", b ? b : "", c ? c : "");
    buf_addc(&rep->failures, '\n');
}

static void check_expect(struct check_report *rep, const struct pipeline *pl, const struct rule *r,
                         const struct rule_example *ex)
{
    const struct doc_result *dr = &pl->dr;
    char *spec = strdup(ex->want);
    struct want w;
    if (spec == NULL)
        return;
    parse_want(spec, &w);
    const struct record *best = NULL;
    size_t best_ok = 0;
    bool any = false;
    for (size_t i = 0; i < dr->res.n; i++) {
        const struct record *rec = &dr->res.v[i];
        if (rec->type != r->type || strcmp(rec->rule, r->id) != 0)
            continue;
        any = true;
        size_t ok = 0;
        for (size_t k = 0; k < w.n; k++)
            ok += field_is(dr, rec, w.key[k], w.val[k], NULL);
        if (ok == w.n) {
            rep->n_pass++;
            free(spec);
            return;
        }
        if (best == NULL || ok > best_ok) {
            best = rec;
            best_ok = ok;
        }
    }
    rep->n_fail++;
    if (!any) {
        /* why did the rule give nothing? look at its candidates */
        for (size_t i = 0; i < dr->cands.n; i++) {
            const struct cand *c = &dr->cands.v[i];
            if (c->rule != r || c->dropped == NULL)
                continue;
            if (c->lost_to)
                report(rep, ex, r, "expected a record, but the match lost an overlap to rule %s%s%s",
                       c->lost_to->id, NULL, NULL);
            else
                report(rep, ex, r, "expected a record, but the match was dropped: %s%s%s", c->dropped,
                       NULL, NULL);
            free(spec);
            return;
        }
        report(rep, ex, r, "expected a record, nothing matched%s%s%s", NULL, NULL, NULL);
        free(spec);
        return;
    }
    char *got = NULL;
    for (size_t k = 0; k < w.n; k++)
        if (!field_is(dr, best, w.key[k], w.val[k], &got)) {
            char kv[512];
            snprintf(kv, sizeof kv, "%s=%s", w.key[k], w.val[k]);
            report(rep, ex, r, "expected %s, got %s=%s", kv, w.key[k], got ? got : "null");
            break;
        }
    free(got);
    free(spec);
}

static void check_reject(struct check_report *rep, const struct pipeline *pl, const struct rule *r,
                         const struct rule_example *ex)
{
    const struct doc_result *dr = &pl->dr;
    for (size_t i = 0; i < dr->res.n; i++) {
        const struct record *rec = &dr->res.v[i];
        if (rec->type == r->type && strcmp(rec->rule, r->id) == 0) {
            char *t = emit_field_text(dr, rec, "text");
            report(rep, ex, r, "expected nothing, got a %s record for '%s'%s", rec_type_name(rec->type), t,
                   NULL);
            free(t);
            rep->n_fail++;
            return;
        }
    }
    rep->n_pass++;
}

/* An expect example without a trigger word would pass only by luck of another
 * path; it means the trigger list is missing a word the pattern accepts. */
static bool example_has_trigger(const struct rules *rs, const struct rule *r, const char *text)
{
    char *n = norm_string(text);
    if (n && rs->conv)     /* the triggers were converted; so is the text they meet */
        conv_inplace(rs->conv, n, strlen(n));
    uint64_t seen[pf_words(&rs->pf) + 1];
    memset(seen, 0, sizeof seen);
    if (n)
        pf_scan(&rs->pf, n, strlen(n), seen, NULL, NULL, NULL);
    bool found = n == NULL || rules_triggered(r, seen);
    free(n);
    return found;
}

enum zhx_rc check_run(const struct rules *rs, struct check_report *rep, struct zhx_err *err)
{
    memset(rep, 0, sizeof *rep);
    struct pipeline pl;
    enum zhx_rc rc = pipeline_init(&pl, rs, err);
    if (rc != ZHX_OK)
        return rc;
    for (size_t i = 0; i < rs->n; i++) {
        const struct rule *r = &rs->v[i];
        for (size_t k = 0; k < r->n_examples; k++) {
            const struct rule_example *ex = &r->examples[k];
            struct doc d;
            struct zhx_err e = {0};
            struct ymd ref = {0};
            if (ex->ref_date && !dates_parse_iso(ex->ref_date, &ref)) {
                report(rep, ex, r, "refdate '%s' is not YYYY[-MM[-DD]]%s%s", ex->ref_date, NULL, NULL);
                rep->n_fail++;
                continue;
            }
            if (!ex->reject && !example_has_trigger(rs, r, ex->text)) {
                report(rep, ex, r, "the example holds none of the rule's trigger words%s%s%s", NULL, NULL, NULL);
                rep->n_fail++;
                continue;
            }
            rc = doc_from_memory("example", ex->text, strlen(ex->text), &d, &e);
            if (rc == ZHX_OK)
                rc = pipeline_run(&pl, &d, &ref, &e);
            if (rc == ZHX_ERR_NOMEM) {
                doc_free(&d);
                pipeline_free(&pl);
                return zhx_fail(err, rc, NULL, 0, 0, "out of memory");
            }
            if (rc != ZHX_OK) {
                report(rep, ex, r, "the example could not run: %s%s%s", e.msg, NULL, NULL);
                rep->n_fail++;
            } else if (ex->reject) {
                check_reject(rep, &pl, r, ex);
            } else {
                check_expect(rep, &pl, r, ex);
            }
            doc_free(&d);
            rc = ZHX_OK;
        }
    }
    pipeline_free(&pl);
    return ZHX_OK;
}

void check_report_free(struct check_report *rep)
{
    if (rep)
        buf_free(&rep->failures);
}
