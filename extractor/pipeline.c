/* pipeline.c: run the stages in order for one document, reusing buffers. */
#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rescript.h"

enum zhx_rc pipeline_init(struct pipeline *pl, const struct rules *rs, struct zhx_err *err)
{
    memset(pl, 0, sizeof *pl);
    pl->rs = rs;
    if (rs->conv && conv_worker_open(rs->conv, &pl->cw, err) != ZHX_OK)
        return err ? err->rc : ZHX_ERR_USAGE;
    enum zhx_rc rc = worker_init(&pl->w, rs, err);
    if (rc != ZHX_OK) {
        conv_worker_close(pl->cw);
        pl->cw = NULL;
    }
    return rc;
}

static void clear_doc(struct doc_result *dr)
{
    norm_free(&dr->norm);
    free(dr->display);
    dr->display = NULL;
    dr->n_converted = 0;
    seg_free(&dr->sent);
    cp_index_free(&dr->cpx);
    cands_reset(&dr->cands);
    result_reset(&dr->res);
    dr->doc = NULL;
    memset(&dr->ref, 0, sizeof dr->ref);
    dr->ref_source = NULL;
}

void pipeline_set_stats(struct pipeline *pl, struct stats *st)
{
    pl->stats = st;
    pl->w.stats = st;
}

/* Add the time since *t to stage st and restart *t there. */
static void lap(struct stats *stats, enum stage st, uint64_t *t)
{
    if (stats == NULL)
        return;
    uint64_t now = stats_now_ns();
    stats->stage_ns[st] += now - *t;
    *t = now;
}

void pipeline_free(struct pipeline *pl)
{
    if (pl == NULL)
        return;
    clear_doc(&pl->dr);
    cands_free(&pl->dr.cands);
    result_free(&pl->dr.res);
    worker_free(&pl->w);
    conv_worker_close(pl->cw);
}

enum zhx_rc pipeline_run(struct pipeline *pl, const struct doc *doc, const struct ymd *ref_option,
                         struct zhx_err *err)
{
    struct doc_result *dr = &pl->dr;
    clear_doc(dr);
    dr->doc = doc;
    dr->conversion = pl->rs->conv ? conv_name(pl->rs->conv) : NULL;
    if (ref_option && ref_option->year) {
        dr->ref = *ref_option;
        dr->ref_source = "option";
    } else if (doc->date && *doc->date) {
        /* a dateline with a time ("2024-10-03 08:00") keeps its date part */
        char d[11];
        snprintf(d, sizeof d, "%s", doc->date);
        if (strlen(doc->date) > 10 && doc->date[10] != ' ' && doc->date[10] != 'T')
            d[0] = '\0';
        if (!dates_parse_iso(d, &dr->ref))
            return zhx_fail(err, ZHX_ERR_INPUT, doc->id, 0, 0,
                            "date \"%s\" is not YYYY, YYYY-MM or YYYY-MM-DD", doc->date);
        dr->ref_source = "input";
    }
    uint64_t t = pl->stats ? stats_now_ns() : 0;
    enum zhx_rc rc = norm_apply(doc->text, doc->len, &dr->norm, err);
    if (rc == ZHX_OK && pl->cw) {
        char *conv;
        rc = conv_apply(pl->cw, dr->norm.text, dr->norm.len, &conv, &dr->n_converted, err);
        if (rc == ZHX_OK && conv) {
            dr->display = dr->norm.text;
            dr->norm.text = conv;
        }
    }
    if (rc == ZHX_OK)
        rc = seg_split(dr->norm.text, dr->norm.len, &dr->sent, err);
    if (rc == ZHX_OK && cp_index_build(&dr->cpx, doc->text, doc->len) != ZHX_OK)
        rc = zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    lap(pl->stats, STAGE_NORMALISE, &t);
    /* persons first, so that the other rules can ask whether a span is one */
    struct doc_view dv = {dr->norm.text, dr->norm.len, &dr->sent, dr->ref};
    struct resolve_state *st = NULL;
    if (rc == ZHX_OK)
        rc = match_scan(&pl->w, pl->rs, dr->norm.text, &dr->sent, err);
    if (rc == ZHX_OK)
        rc = match_run(&pl->w, pl->rs, dr->norm.text, &dr->sent, true, NULL, 0, &dr->cands, err);
    lap(pl->stats, STAGE_MATCH, &t);
    if (rc == ZHX_OK)
        rc = resolve_people(pl->rs, &dv, &dr->cands, &dr->res, &st, err);
    lap(pl->stats, STAGE_RESOLVE, &t);
    if (rc == ZHX_OK) {
        size_t n_known;
        const struct span *known = resolve_person_spans(st, &n_known);
        rc = match_run(&pl->w, pl->rs, dr->norm.text, &dr->sent, false, known, n_known, &dr->cands, err);
    }
    lap(pl->stats, STAGE_MATCH, &t);
    if (rc == ZHX_OK)
        rc = resolve_rest(st, err);
    resolve_state_free(st);
    if (rc == ZHX_OK && dr->display)
        rc = rescript_result(&dr->res, dr->norm.text, dr->display, dr->norm.len, err);
    lap(pl->stats, STAGE_RESOLVE, &t);
    if (pl->stats && rc == ZHX_OK) {
        pl->stats->n_docs++;
        pl->stats->bytes += doc->len;
    }
    if (rc == ZHX_OK && dr->ref.year == 0 && dr->res.text_ref.year) {
        dr->ref = dr->res.text_ref;
        dr->ref_source = "text";
    }
    if (rc != ZHX_OK && err && err->file[0] == '\0')
        snprintf(err->file, sizeof err->file, "%s", doc->id);
    return rc;
}

struct orig_span pipeline_orig_span(const struct doc_result *dr, size_t norm_start, size_t norm_end)
{
    struct orig_span o;
    norm_span_to_orig(&dr->norm, norm_start, norm_end, &o.byte_start, &o.byte_end);
    o.start = cp_index_at(&dr->cpx, o.byte_start);
    o.end = cp_index_at(&dr->cpx, o.byte_end);
    return o;
}
