/* batch.c: the document loop. With one thread it runs each document in turn.
 * With several, the calling thread reads documents into a ring of slots, the
 * workers (each with its own pipeline: PCRE2 match data, JIT stack, buffers)
 * take them in order and render their records into memory, and the calling
 * thread writes the slots out in input order as they complete. */
#include "batch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"

struct job {
    struct doc doc;
    enum zhx_rc rc;
    struct zhx_err err;
    size_t sentences;
    char *out;              /* the rendered records; owned */
    size_t out_len;
    enum { SLOT_FREE, SLOT_READY, SLOT_TAKEN, SLOT_DONE } state;
};

/* Run one document and render its records into job->out. */
static void run_job(struct pipeline *pl, const struct batch_opts *o, struct job *j)
{
    if (j->rc != ZHX_OK)
        return;   /* the input could not be read: nothing to run */
    j->rc = pipeline_run(pl, &j->doc, &o->ref, &j->err);
    if (j->rc != ZHX_OK)
        return;
    j->sentences = pl->dr.sent.n;
    FILE *mem = open_memstream(&j->out, &j->out_len);
    if (mem == NULL) {
        j->rc = zhx_fail(&j->err, ZHX_ERR_NOMEM, j->doc.id, 0, 0, "out of memory");
        return;
    }
    uint64_t t = pl->stats ? stats_now_ns() : 0;
    enum zhx_rc rc = export_doc(mem, o->format, &pl->dr, o->types, &j->err);
    if (pl->stats)
        pl->stats->stage_ns[STAGE_EMIT] += stats_now_ns() - t;
    if (fclose(mem) != 0 && rc == ZHX_OK)
        rc = zhx_fail(&j->err, ZHX_ERR_NOMEM, j->doc.id, 0, 0, "out of memory");
    if (rc != ZHX_OK) {
        j->rc = rc;
        free(j->out);
        j->out = NULL;
    }
}

/* Report a finished job, write its records, and free the slot. */
static void finish_job(struct job *j, FILE *out, batch_notify notify, void *ctx, struct batch_report *rep)
{
    struct batch_doc_info info = {j->doc.id ? j->doc.id : j->err.file, j->rc, &j->err, j->doc.len,
                                  j->sentences, j->doc.n_replaced, j->doc.first_bad};
    notify(ctx, &info);
    rep->n_docs++;
    uint64_t t = rep->stats.rule_ns ? stats_now_ns() : 0;
    if (j->rc != ZHX_OK)
        rep->n_failed++;
    else if (!rep->write_failed && j->out_len && fwrite(j->out, 1, j->out_len, out) != j->out_len)
        rep->write_failed = true;
    if (rep->stats.rule_ns)
        rep->stats.stage_ns[STAGE_EMIT] += stats_now_ns() - t;
    free(j->out);
    doc_free(&j->doc);
    memset(j, 0, sizeof *j);
}

/* Read the next input into j; false at the end. st (may be NULL) gets the time. */
static bool read_job(struct doc_iter *it, struct job *j, struct stats *st)
{
    memset(j, 0, sizeof *j);
    uint64_t t = st ? stats_now_ns() : 0;
    enum zhx_rc rc = doc_next(it, &j->doc, &j->err);
    if (st)
        st->stage_ns[STAGE_LOAD] += stats_now_ns() - t;
    if (rc == ZHX_DONE)
        return false;
    j->rc = rc;
    return true;
}

static enum zhx_rc run_serial(struct doc_iter *it, FILE *out, const struct batch_opts *o, batch_notify notify,
                              void *ctx, struct batch_report *rep, struct zhx_err *err)
{
    struct pipeline pl;
    enum zhx_rc rc = pipeline_init(&pl, o->rs, err);
    if (rc != ZHX_OK)
        return rc;
    struct stats *st = rep->stats.rule_ns ? &rep->stats : NULL;
    pipeline_set_stats(&pl, st);
    struct job j;
    while (!rep->write_failed && read_job(it, &j, st)) {
        run_job(&pl, o, &j);
        finish_job(&j, out, notify, ctx, rep);
    }
    pipeline_free(&pl);
    return ZHX_OK;
}

struct shared {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct job *slots;
    size_t n_slots;
    size_t next_take;       /* sequence number of the next job a worker takes */
    size_t next_read;       /* sequence number the reader gives the next job */
    bool stop;
    const struct batch_opts *o;
    struct zhx_err worker_err;
    bool worker_failed;
    struct stats *stats;    /* the report's, when timing: each worker adds its own at the end */
};

static void *worker_main(void *arg)
{
    struct shared *sh = arg;
    struct pipeline pl;
    struct zhx_err e = {0};
    struct stats mine = {0};
    bool timing = sh->stats != NULL;
    if ((timing && !stats_init(&mine, sh->o->rs->n)) || pipeline_init(&pl, sh->o->rs, &e) != ZHX_OK) {
        if (e.msg[0] == '\0')
            zhx_fail(&e, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
        stats_free(&mine);
        pthread_mutex_lock(&sh->mu);
        sh->worker_failed = true;
        sh->worker_err = e;
        pthread_cond_broadcast(&sh->cv);
        pthread_mutex_unlock(&sh->mu);
        return NULL;
    }
    pipeline_set_stats(&pl, timing ? &mine : NULL);
    pthread_mutex_lock(&sh->mu);
    for (;;) {
        while (!sh->stop && sh->next_take == sh->next_read)
            pthread_cond_wait(&sh->cv, &sh->mu);
        if (sh->next_take == sh->next_read)
            break;   /* stopped and nothing left */
        struct job *j = &sh->slots[sh->next_take++ % sh->n_slots];
        j->state = SLOT_TAKEN;
        pthread_mutex_unlock(&sh->mu);
        run_job(&pl, sh->o, j);
        pthread_mutex_lock(&sh->mu);
        j->state = SLOT_DONE;
        pthread_cond_broadcast(&sh->cv);
    }
    if (timing)
        stats_add(sh->stats, &mine);
    pthread_mutex_unlock(&sh->mu);
    pipeline_free(&pl);
    stats_free(&mine);
    return NULL;
}

enum zhx_rc batch_run(struct doc_iter *it, FILE *out, const struct batch_opts *o, batch_notify notify,
                      void *ctx, struct batch_report *rep, struct zhx_err *err)
{
    memset(rep, 0, sizeof *rep);
    if (o->stats && !stats_init(&rep->stats, o->rs->n))
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (o->threads <= 1)
        return run_serial(it, out, o, notify, ctx, rep, err);
    struct shared sh = {.o = o, .n_slots = 4 * (size_t)o->threads,
                        .stats = rep->stats.rule_ns ? &rep->stats : NULL};
    sh.slots = calloc(sh.n_slots, sizeof *sh.slots);
    pthread_t *tid = calloc(o->threads, sizeof *tid);
    if (sh.slots == NULL || tid == NULL) {
        free(sh.slots);
        free(tid);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    pthread_mutex_init(&sh.mu, NULL);
    pthread_cond_init(&sh.cv, NULL);
    unsigned started = 0;
    while (started < o->threads && pthread_create(&tid[started], NULL, worker_main, &sh) == 0)
        started++;
    enum zhx_rc rc = started ? ZHX_OK : zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "cannot start threads");
    size_t next_write = 0;
    bool eof = started == 0;
    pthread_mutex_lock(&sh.mu);
    while (rc == ZHX_OK && (!eof || next_write < sh.next_read)) {
        /* fill the free slots ahead (reading happens without the lock) */
        while (!eof && !rep->write_failed && sh.next_read - next_write < sh.n_slots) {
            struct job *j = &sh.slots[sh.next_read % sh.n_slots];
            pthread_mutex_unlock(&sh.mu);
            bool got = read_job(it, j, sh.stats);
            pthread_mutex_lock(&sh.mu);
            if (!got) {
                eof = true;
                break;
            }
            j->state = SLOT_READY;
            sh.next_read++;
            pthread_cond_broadcast(&sh.cv);
        }
        if (rep->write_failed)
            eof = true;
        /* write the next job in order once it is done */
        struct job *w = &sh.slots[next_write % sh.n_slots];
        while (next_write < sh.next_read && w->state != SLOT_DONE && !sh.worker_failed)
            pthread_cond_wait(&sh.cv, &sh.mu);
        if (sh.worker_failed) {
            rc = zhx_fail(err, sh.worker_err.rc, NULL, 0, 0, "%s", sh.worker_err.msg);
            break;
        }
        if (next_write < sh.next_read) {
            pthread_mutex_unlock(&sh.mu);
            finish_job(w, out, notify, ctx, rep);
            pthread_mutex_lock(&sh.mu);
            next_write++;
        }
    }
    sh.stop = true;
    pthread_cond_broadcast(&sh.cv);
    pthread_mutex_unlock(&sh.mu);
    for (unsigned k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    for (size_t k = 0; k < sh.n_slots; k++) {   /* what a stop left unwritten */
        free(sh.slots[k].out);
        doc_free(&sh.slots[k].doc);
    }
    pthread_mutex_destroy(&sh.mu);
    pthread_cond_destroy(&sh.cv);
    free(sh.slots);
    free(tid);
    return rc;
}
