/* stats.h: where the time goes (zhx extract --stats). Each thread keeps its own
 * counters (no shared mutable state); batch.c sums them at the end and main.c
 * prints them. Wall-clock time from CLOCK_MONOTONIC: on a loaded machine it
 * includes time the thread waited for a CPU. */
#ifndef ZHX_STATS_H
#define ZHX_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The stages of README's "How it works" table. */
enum stage { STAGE_LOAD, STAGE_NORMALISE, STAGE_MATCH, STAGE_RESOLVE, STAGE_EMIT, STAGE_N };

struct stats {
    uint64_t stage_ns[STAGE_N];
    uint64_t *rule_ns;      /* owned: per rule of the set, nanoseconds in pcre2_match */
    uint64_t *rule_runs;    /* owned: per rule, the sentences it ran on */
    uint64_t *rule_tries;   /* owned: per rule, its pcre2_match calls (one per run
                             * of adjacent start positions for an anchored rule) */
    size_t n_rules;
    size_t n_docs;
    uint64_t bytes;         /* of the documents' text */
};

/* Zero s and size its per-rule counters for n_rules rules; false when out of memory. */
bool stats_init(struct stats *s, size_t n_rules);
/* Add src's counters to dst's (both sized for the same rules). */
void stats_add(struct stats *dst, const struct stats *src);
void stats_free(struct stats *s);       /* NULL or zeroed is fine */

const char *stats_stage_name(enum stage st);

static inline uint64_t stats_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#endif
