/* resolve_int.h: what the parts of the resolve stage share (resolve.c: overlaps,
 * organisations, titles, dates and the two phases; people.c: people; moves.c:
 * moves; move_joins.c: the moves derived from them). Not for other stages:
 * resolve.h is the stage's contract. */
#ifndef ZHX_RESOLVE_INT_H
#define ZHX_RESOLVE_INT_H

#include "resolve.h"

#define MIDDOT "\xC2\xB7"   /* U+00B7, the one dot left after normalisation */

struct ctx {
    const struct rules *rs;
    const struct doc_view *dv;
    struct ymd ref;         /* dv->ref, or the document's own dateline */
    struct cands *cs;
    struct result *out;
    unsigned char *occ;     /* per text byte: bit (1 << type) when a kept record covers it */
    enum zhx_rc rc;
    /* Indexes that keep a document with thousands of records linear: */
    size_t *pm;             /* person-mention records, by start (they never overlap) */
    struct span *pm_span;   /* their spans, in the same order: what match_run asks about */
    size_t n_pm;
    size_t *by_sent;        /* records [0, n_indexed) grouped by sentence: */
    size_t *sent_at;        /* by_sent[sent_at[s] .. sent_at[s + 1]) are sentence s's */
    size_t n_indexed;
    const char *subject;    /* subject_org(), once computed */
    bool subject_done;
};

/* A person mention before people are formed. */
struct mention {
    size_t rec;             /* its record in out->v */
    const char *name, *en;  /* arena */
    const char *key, *ekey; /* name_key() of name and en; arena */
    const char *script;     /* the rule's `set script=...`, or NULL */
    int person;
    const char *en_known;   /* the `canon person.en` lexicon's original for name, or NULL */
    /* a surname with a title word (胡总, 陳董: the rule's `surname` capture), which
     * names the person with that surname mentioned last; NULL for a name. In
     * the result's arena, like name and en */
    const char *surname;
};

struct people_work {
    struct mention *m;
    size_t n, cap;
};


/* resolve.c */
struct record *new_record(struct ctx *c, enum rec_type t, const char *rule, size_t start, size_t end);
const char *dup_span(struct ctx *c, size_t s, size_t e);
const char *set_value(const struct cand *cd, const char *key);
const char *field_value(struct ctx *c, const struct cand *cd, const char *key, bool *canon_hit);
bool occupied(const struct ctx *c, enum rec_type t, size_t s, size_t e);
void occupy(struct ctx *c, enum rec_type t, size_t s, size_t e);
int person_at(const struct ctx *c, size_t s, size_t e);
size_t sentence_records(const struct ctx *c, size_t sn, const size_t **first);
const char *org_canonical(struct ctx *c, const struct cand *cd, const char *key);
const char *title_canonical(struct ctx *c, enum rec_type t, const char *surface);
/* The canonical status word (former, current, …) written right before org
 * record org, after a break or a particle (由前英特爾, 前国油高层); NULL if none. */
const char *status_before(const struct ctx *c, const struct record *org);

/* The end of a bracketed aside of under 64 bytes that starts at byte s of the
 * text and ends before limit, as in 云顶大马(Genting Malaysia): s itself when
 * there is none there. */
size_t skip_aside(const struct ctx *c, size_t s, size_t limit);

/* people.c: mentions into people (see the functions for the rules) */
const char *clean_en(struct ctx *c, size_t s, size_t e);
/* name, en and surname (NULL when absent) must live in c->out's arena, as
 * dup_span makes them; script is a rule's constant. */
bool add_mention(struct ctx *c, struct people_work *pw, size_t rec, const char *name, const char *en,
                 const char *script, const char *surname);
void form_people(struct ctx *c, struct people_work *pw);
void link_other_mentions(struct ctx *c, struct people_work *pw);
void point_mentions(struct ctx *c, const struct people_work *pw);
void merge_variants(struct ctx *c, struct people_work *pw);
void finish_people(struct ctx *c, struct people_work *pw);

/* moves.c: is r a title person held before (status former)? */
bool former_title_of(const struct record *r, int person);
/* moves.c: is title t a post appointment m's person holds now, told before
 * they are named, and not beside a concurrent post (兼任)? Where they come from. */
bool post_held_before(const struct ctx *c, const struct record *t, const struct record *m);
/* moves.c: one move candidate into move records (with the people it lists) */
/* Call after index_by_sentence() of the records made before the moves. */
void make_move(struct ctx *c, struct cand *cd);
/* Once every move is made (and the sentence index rebuilt with them): an
 * appointment with no title, or one taken from the context, takes the post
 * someone left before it in its sentence, and an appointment of someone whose former
 * title in the same sentence was at another organisation is also a join
 * (move_joins.c). */
void derive_joins(struct ctx *c);

#endif
