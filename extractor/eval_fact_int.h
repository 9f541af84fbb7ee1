/* eval_fact_int.h: what the two halves of the fact-gold scorer share
 * (eval_fact.c: people, titles and the entry point; eval_fact_moves.c: moves
 * and dates). Not for other modules. */
#ifndef ZHX_EVAL_FACT_INT_H
#define ZHX_EVAL_FACT_INT_H

#include "eval_int.h"

/* A small set of owned strings (forms of a name): linear, the sets are tiny. */
struct sset {
    char **v;
    size_t n, cap;
};

/* An output person: every record with one id. */
struct operson {
    const char *pid, *name, *en;    /* borrowed from the records */
    const cJSON *first;             /* its first record */
    struct sset strict, forms;      /* {norm(name)}; and with the aliases (person_forms) */
    char *en_key;                   /* norm_en(en) */
    long gold;                      /* matched gold person, or -1 */
};

struct gperson {
    const cJSON *g;
    struct sset strict, forms;
    char *en_key;
    bool used;
};

/* gindex of zhx-score: a dict from normalised form to gold person. */
struct gindex {
    char **key;
    long *gi;
    size_t n, cap;
};

/* The state of one document's scoring. */
struct fact {
    struct eval_report *rep;
    const struct eval_doc *d;
    const cJSON *gold;
    struct operson *op;
    size_t n_op;
    struct gperson *gp;
    size_t n_gp;
    struct gindex gx;
    struct sset *orgs;      /* org_alias: each group's first string is its key */
    size_t n_orgs;
};

/* Strings compared as Python compares them, None (NULL) equal only to None. */
bool fact_same(const char *a, const char *b);
bool fact_sset_has(const struct sset *s, const char *x);
/* The gold's list key ("persons", "titles", "moves", "dates"). */
const cJSON *fact_glist(const cJSON *gold, const char *key);
/* The output person with id pid, or -1. */
long fact_person_of(const struct fact *f, const char *pid);
/* gperson(): the gold person a name in the gold's titles or moves means, or -1. */
long fact_gold_person(const struct fact *f, const char *name);
/* The first sentence naming gold person gi (by name, alias or English name),
 * with also in it when that is not NULL and some sentence has both; -1. */
long fact_person_sentence(const struct fact *f, long gi, const char *also);
long fact_rec_sentence(const cJSON *r);

/* eval_fact_moves.c */
void fact_score_moves(struct fact *f);
void fact_score_dates(struct fact *f);

#endif
