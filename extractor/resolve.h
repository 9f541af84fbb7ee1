/* resolve.h: turn candidate matches into records: settle overlaps, link person
 * mentions into people, bind titles, normalise dates, assemble moves. */
#ifndef ZHX_RESOLVE_H
#define ZHX_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "dates.h"
#include "match.h"
#include "rules.h"
#include "segment.h"
#include "util.h"
#include "zhx.h"

/* String fields of records; which a type prints is emit.c's business. */
enum rec_field {
    F_NAME, F_EN, F_SCRIPT, F_CANONICAL, F_TITLE, F_ORG, F_STATUS, F_VALUE, F_PRECISION,
    F_PART, F_ACTION, F_FROM, F_TO, F_DATE,
    F_SHORT,    /* org: the name without its ending, for linking; not printed */
    F_STEM,     /* org: a rule's `stem` capture, a second short name linked like
                 * F_SHORT (嘉麗 of 嘉麗酒店(Carina Hotels Group), whose `short`
                 * is the English name); not printed */
    F_NAME_SIMPLIFIED,  /* org: F_NAME as matched, when conversion changed it */
    F_NFIELDS
};

/* One person: every mention of it shares these. */
struct person {
    char id[24];            /* "P1", ... */
    const char *name;       /* the fullest form seen; arena */
    const char *en;         /* Latin original or NULL; arena */
    /* name as the rules saw it, when script conversion (convert.h) changed it
     * and name was given back the document's own script; else NULL */
    const char *name_simplified;
    /* the Latin original known_people-style lexicons (`canon person.en`) give for
     * one of its forms, whether or not the text gives one; arena or NULL */
    const char *en_known;
    const char *script;     /* "translit", "han", "latin" (static) */
    const char **aliases;   /* other forms seen; arena */
    size_t n_aliases;
};

struct record {
    enum rec_type type;
    const char *rule;       /* rule id (borrowed from the rule set) or an engine step */
    size_t start, end;      /* bytes of the normalised text */
    size_t sentence;
    const char *f[F_NFIELDS];   /* arena strings; NULL prints as null */
    int person;             /* index into result.people, or -1 */
    char org_id[24];        /* org records: "O1", ... */
    bool relative;          /* date records */
    /* move records: fields filled from the context rather than the rule's own
     * match (the org of the person's title in the sentence, the article's
     * subject organisation); a reviewer checks these first */
    bool inferred_from, inferred_to, inferred_title;
    /* move records of a rule with `set role=post_before` (委任 [a post] PERSON 为
     * …): a post held now told before the person is where they come from */
    bool post_before;
    /* org records of a rule with `set role=source` (据彭博社报道: cited, not
     * part of the story) or `role=authority` (a regulator that approves, 获国家
     * 金融监督管理总局核准), or `role=by_position` (a name known only by where it
     * stands, 前乐购网总执行长: less sure than a name with an ending, and mostly
     * where someone was before): move context never takes it, unless
     * join_by_position ties the name to a surer one */
    bool source;
    /* org records of `role=outlet` (a paper, agency or broadcaster cited or
     * named as the page's source): every other mention of the outlet (a
     * footer, a related-article list) is one too; implies source */
    bool news;
    /* org records of a rule with `set role=full_name` (a registered name,
     * 嘉運物流控股有限公司): a mention named by itself that begins it (嘉運物流)
     * is the same organisation */
    bool full_name;
    /* org records of `role=by_position`: see source above, and join_by_position */
    bool by_position;
    size_t ends[2];         /* person records: see struct span */
};

struct result {
    struct record *v;       /* owned; sorted by start, then type */
    size_t n, cap;
    struct person *people;  /* owned */
    size_t n_people;
    struct arena arena;     /* every string above */
    /* When the document came with no reference date: the dateline a rule with
     * `set role=dateline` found in its first sentences, used to resolve the
     * relative dates. Zeroed when none was found. */
    struct ymd text_ref;
};

/* What resolve needs of the document. */
struct doc_view {
    const char *text;       /* normalised */
    size_t len;
    const struct sentences *sent;
    struct ymd ref;         /* zeroed when there is no reference date */
};

/* Resolving runs in two phases around the matching of the non-person rules,
 * because those rules ask, while they match, whether a span is a known person
 * (see match.h):
 *   resolve_people()  person candidates -> mentions and people (with the other
 *                     mentions of their names linked); *state keeps the work;
 *   resolve_rest()    every other candidate -> records; people numbered, records
 *                     sorted. Call it once, then resolve_state_free(*state).
 * cands (borrowed) has its dropped/lost_to fields filled; out must be zeroed or
 * reset. Both return ZHX_ERR_NOMEM only. dv and cands must live until the end. */
struct resolve_state;
enum zhx_rc resolve_people(const struct rules *rs, const struct doc_view *dv, struct cands *cands,
                           struct result *out, struct resolve_state **state, struct zhx_err *err);
enum zhx_rc resolve_rest(struct resolve_state *state, struct zhx_err *err);
void resolve_state_free(struct resolve_state *state);    /* NULL is fine */

/* The person-mention spans resolve_people() settled, sorted by start and never
 * overlapping, *n of them; owned by state, valid until resolve_state_free(). */
const struct span *resolve_person_spans(const struct resolve_state *state, size_t *n);

void result_reset(struct result *r);    /* empty, keeping the record array */
void result_free(struct result *r);

#endif
