/* stats.c: per-thread timing counters, summed once at the end of a batch. */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

bool stats_init(struct stats *s, size_t n_rules)
{
    memset(s, 0, sizeof *s);
    s->rule_ns = calloc(n_rules ? n_rules : 1, sizeof *s->rule_ns);
    s->rule_runs = calloc(n_rules ? n_rules : 1, sizeof *s->rule_runs);
    s->rule_tries = calloc(n_rules ? n_rules : 1, sizeof *s->rule_tries);
    if (s->rule_ns == NULL || s->rule_runs == NULL || s->rule_tries == NULL) {
        stats_free(s);
        return false;
    }
    s->n_rules = n_rules;
    return true;
}

void stats_add(struct stats *dst, const struct stats *src)
{
    for (int i = 0; i < STAGE_N; i++)
        dst->stage_ns[i] += src->stage_ns[i];
    for (size_t i = 0; i < dst->n_rules && i < src->n_rules; i++) {
        dst->rule_ns[i] += src->rule_ns[i];
        dst->rule_runs[i] += src->rule_runs[i];
        dst->rule_tries[i] += src->rule_tries[i];
    }
    dst->n_docs += src->n_docs;
    dst->bytes += src->bytes;
}

void stats_free(struct stats *s)
{
    if (s == NULL)
        return;
    free(s->rule_ns);
    free(s->rule_runs);
    free(s->rule_tries);
    memset(s, 0, sizeof *s);
}

const char *stats_stage_name(enum stage st)
{
    static const char *const names[STAGE_N] = {"load", "normalise", "match", "resolve", "emit"};
    return st < STAGE_N ? names[st] : "?";
}
