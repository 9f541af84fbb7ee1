/* explain.c: see explain.h. Candidates are shown in text order within their
 * sentence; a record is shown under the candidate it came from (same rule,
 * same span), and records that no candidate made (a linked later mention of a
 * known name, resolve.alias) under their sentence as "linked". */
#include "explain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The colours, or empty strings: one table so that plain output is the same
 * text without escapes. */
struct paint {
    const char *bold, *dim, *kept, *dropped, *rule, *rec, *off;
};

static const struct paint colors = {"\x1b[1m", "\x1b[2m", "\x1b[32m", "\x1b[31m", "\x1b[36m", "\x1b[33m", "\x1b[0m"};
static const struct paint plain = {"", "", "", "", "", "", ""};

/* The original text of a normalised span, printed as it is (one line). */
static void put_orig(FILE *out, const struct doc_result *dr, size_t ns, size_t ne)
{
    struct orig_span o = pipeline_orig_span(dr, ns, ne);
    const char *t = dr->doc->text;
    for (size_t i = o.byte_start; i < o.byte_end; i++)
        putc(t[i] == '\n' || t[i] == '\r' ? ' ' : t[i], out);
}

static const char *nz(const char *s)
{
    return s ? s : "null";
}

static void put_record(FILE *out, const struct doc_result *dr, const struct record *r, const struct paint *p)
{
    const struct person *pe = r->person >= 0 ? &dr->res.people[r->person] : NULL;
    fprintf(out, "%s%s", p->rec, rec_type_name(r->type));
    switch (r->type) {
    case REC_PERSON:
        fprintf(out, " %s %s", pe ? pe->id : "?", pe ? pe->name : "?");
        if (pe && pe->en)
            fprintf(out, " / %s", pe->en);
        break;
    case REC_ORG:
        fprintf(out, " %s %s = %s", r->org_id, nz(r->f[F_NAME]), nz(r->f[F_CANONICAL]));
        break;
    case REC_TITLE:
        fprintf(out, " %s = %s, person %s%s%s, org %s, status %s", nz(r->f[F_TITLE]), nz(r->f[F_CANONICAL]),
                pe ? pe->id : "null", pe ? " " : "", pe ? pe->name : "", nz(r->f[F_ORG]), nz(r->f[F_STATUS]));
        break;
    case REC_DATE:
        fprintf(out, " %s (%s%s%s%s)", nz(r->f[F_VALUE]), nz(r->f[F_PRECISION]), r->f[F_PART] ? ", " : "",
                r->f[F_PART] ? r->f[F_PART] : "", r->relative ? ", relative" : "");
        break;
    case REC_MOVE:
        fprintf(out, " %s %s %s from=%s to=%s title=%s date=%s status=%s", nz(r->f[F_ACTION]), pe ? pe->id : "?",
                pe ? pe->name : "?", nz(r->f[F_FROM]), nz(r->f[F_TO]), nz(r->f[F_TITLE]), nz(r->f[F_DATE]),
                nz(r->f[F_STATUS]));
        if (r->inferred_from || r->inferred_to || r->inferred_title)
            fprintf(out, " (inferred:%s%s%s)", r->inferred_from ? " from" : "", r->inferred_to ? " to" : "",
                    r->inferred_title ? " title" : "");
        break;
    default:
        break;
    }
    fputs(p->off, out);
}

/* The kept candidate of rule w that overlaps cd in its sentence: the winner. */
static const struct cand *winner(const struct cands *cs, const struct cand *cd)
{
    for (size_t i = 0; i < cs->n; i++) {
        const struct cand *o = &cs->v[i];
        if (o->rule == cd->lost_to && o->dropped == NULL && o->sentence == cd->sentence && o->start < cd->end &&
            cd->start < o->end)
            return o;
    }
    return NULL;
}

static void put_why(FILE *out, const struct doc_result *dr, const struct cand *cd, const struct paint *p)
{
    fprintf(out, "%s", cd->dropped);
    size_t ps, pe;
    if (cd->lost_to == NULL && strstr(cd->dropped, "person") && cand_capture(&dr->cands, cd, "person", &ps, &pe)) {
        fputs(" 「", out);   /* which words the rule took for the person */
        put_orig(out, dr, ps, pe);
        fputs("」", out);
    }
    if (cd->lost_to == NULL)
        return;
    fprintf(out, " to %s%s%s", p->rule, cd->lost_to->id, p->off);
    const struct cand *w = winner(&dr->cands, cd);
    if (w == NULL)
        return;
    fputs(" 「", out);
    put_orig(out, dr, w->start, w->end);
    fputs("」", out);
    size_t wl = utf8_count(dr->norm.text + w->start, w->end - w->start);
    size_t cl = utf8_count(dr->norm.text + cd->start, cd->end - cd->start);
    if (w->rule->priority != cd->rule->priority)
        fprintf(out, " (priority %d over %d)", w->rule->priority, cd->rule->priority);
    else if (wl != cl)
        fprintf(out, " (same priority, longer: %zu over %zu characters)", wl, cl);
    else if (w->start == cd->start && w->end == cd->end)
        fprintf(out, " (a duplicate: the same text at the same priority; resolve keeps one)");
    else
        fprintf(out, " (same priority and length: the one that starts first wins)");
}

/* Sentence, then start, then type, then the longer first. */
static int cand_order(const void *a, const void *b, void *arg)
{
    const struct cand *v = arg, *x = &v[*(const size_t *)a], *y = &v[*(const size_t *)b];
    if (x->sentence != y->sentence)
        return x->sentence < y->sentence ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->rule->type != y->rule->type)
        return (int)x->rule->type - (int)y->rule->type;
    return x->end > y->end ? -1 : x->end < y->end;
}

static bool made_by(const struct record *r, const struct cand *cd)
{
    return r->start == cd->start && r->end == cd->end && r->type == cd->rule->type &&
           strcmp(r->rule, cd->rule->id) == 0;
}

enum zhx_rc explain_doc(FILE *out, const struct doc_result *dr, bool color, struct zhx_err *err)
{
    const struct paint *p = color ? &colors : &plain;
    const struct cands *cs = &dr->cands;
    size_t *order = malloc((cs->n + 1) * sizeof *order);
    bool *claimed = calloc(dr->res.n + 1, 1);
    if (order == NULL || claimed == NULL) {
        free(order);
        free(claimed);
        return zhx_fail(err, ZHX_ERR_NOMEM, dr->doc->id, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < cs->n; i++)
        order[i] = i;
    qsort_r(order, cs->n, sizeof *order, cand_order, cs->v);
    size_t n_kept = 0;
    for (size_t i = 0; i < cs->n; i++)
        n_kept += cs->v[i].dropped == NULL;
    char ref[16] = "none";
    if (dr->ref.year)
        snprintf(ref, sizeof ref, dr->ref.day ? "%04d-%02d-%02d" : dr->ref.month ? "%04d-%02d" : "%04d",
                 dr->ref.year, dr->ref.month, dr->ref.day);
    fprintf(out, "%s== %s%s: %zu sentence(s), %zu candidate(s) (%zu kept, %zu dropped), %zu record(s); ref date %s%s%s\n",
            p->bold, dr->doc->id, p->off, dr->sent.n, cs->n, n_kept, cs->n - n_kept, dr->res.n, ref,
            dr->ref_source ? " from " : "", dr->ref_source ? dr->ref_source : "");
    size_t k = 0;
    for (size_t s = 0; s < dr->sent.n; s++) {
        fprintf(out, "\n%s[%zu]%s ", p->bold, s, p->off);
        put_orig(out, dr, dr->sent.v[s].start, dr->sent.v[s].end);
        fputc('\n', out);
        for (; k < cs->n && cs->v[order[k]].sentence == s; k++) {
            const struct cand *cd = &cs->v[order[k]];
            bool kept = cd->dropped == NULL;
            fprintf(out, "  %s%-7s%s %s%-34s%s 「", kept ? p->kept : p->dropped, kept ? "kept" : "dropped", p->off,
                    p->rule, cd->rule->id, p->off);
            put_orig(out, dr, cd->start, cd->end);
            fputs("」\n", out);
            if (!kept) {
                fprintf(out, "          %swhy:%s ", p->dim, p->off);
                put_why(out, dr, cd, p);
                fputc('\n', out);
                continue;
            }
            size_t n_made = 0;
            for (size_t r = 0; r < dr->res.n; r++)
                if (!claimed[r] && made_by(&dr->res.v[r], cd)) {
                    claimed[r] = true;
                    n_made++;
                    fprintf(out, "          %s->%s ", p->dim, p->off);
                    put_record(out, dr, &dr->res.v[r], p);
                    fputc('\n', out);
                }
            if (n_made == 0)
                fprintf(out, "          %s(no record of its own)%s\n", p->dim, p->off);
        }
        for (size_t r = 0; r < dr->res.n; r++) {
            const struct record *rec = &dr->res.v[r];
            if (claimed[r] || rec->sentence != s)
                continue;
            bool from_cand = false;
            for (size_t i = 0; i < cs->n && !from_cand; i++)
                from_cand = cs->v[i].dropped == NULL && made_by(rec, &cs->v[i]);
            if (from_cand)
                continue;
            claimed[r] = true;
            fprintf(out, "  %s%-7s%s %s%-34s%s 「", p->kept, "linked", p->off, p->rule, rec->rule, p->off);
            put_orig(out, dr, rec->start, rec->end);
            fprintf(out, "」\n          %s->%s ", p->dim, p->off);
            put_record(out, dr, rec, p);
            fputc('\n', out);
        }
    }
    free(order);
    free(claimed);
    if (fflush(out) != 0 || ferror(out))
        return zhx_fail(err, ZHX_ERR_IO, NULL, 0, 0, "write error: %s", strerror(errno));
    return ZHX_OK;
}

enum zhx_rc explain_run(FILE *out, const struct rules *rs, struct doc_iter *it, const char *text,
                        const struct ymd *ref, bool color, batch_notify notify, void *ctx, size_t *n_failed,
                        struct zhx_err *err)
{
    *n_failed = 0;
    struct pipeline pl;
    enum zhx_rc rc = pipeline_init(&pl, rs, err);
    for (bool more = true; rc == ZHX_OK && more;) {
        struct doc d = {0};
        struct zhx_err e = {0};
        enum zhx_rc drc;
        if (it == NULL) {
            drc = doc_from_memory("--text", text, strlen(text), &d, &e);
            more = false;
        } else if ((drc = doc_next(it, &d, &e)) == ZHX_DONE) {
            break;
        }
        if (drc == ZHX_OK)
            drc = pipeline_run(&pl, &d, ref, &e);
        struct batch_doc_info info = {d.id ? d.id : e.file, drc, &e, d.len,
                                      drc == ZHX_OK ? pl.dr.sent.n : 0, d.n_replaced, d.first_bad};
        notify(ctx, &info);
        if (drc == ZHX_OK)
            rc = explain_doc(out, &pl.dr, color, err);
        else if (drc == ZHX_ERR_NOMEM)
            rc = zhx_fail(err, drc, NULL, 0, 0, "out of memory");
        else
            (*n_failed)++;
        doc_free(&d);
    }
    pipeline_free(&pl);
    return rc;
}
