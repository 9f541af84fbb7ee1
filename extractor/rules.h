/* rules.h: rule files, compiled once. A patterns folder holds *.rules files and
 * the TSV lexicons they declare; the format is documented in patterns/README.md.
 * Once loaded a rule set is read-only and shared by every worker thread. */
#ifndef ZHX_RULES_H
#define ZHX_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"
#include "convert.h"
#include "prefilter.h"
#include "zhx.h"

/* A record field a rule fills from a named capture (lower-case names only; upper
 * case names are shared sub-patterns). With duplicate names, the first group
 * that is set wins. */
struct rule_field {
    char *name;         /* owned */
    uint32_t *groups;   /* owned: capture group numbers carrying this name */
    size_t n_groups;
};

/* A field given as a constant: `set action=join`. */
struct rule_set {
    char *key, *val;    /* owned */
};

/* A rule's own example: text that must give a record with the wanted fields, or
 * (reject) text that must give no record from this rule. */
struct rule_example {
    bool reject;
    char *text;         /* owned, as written */
    char *want;         /* owned: "key=value key=value", NULL for reject */
    char *file;         /* owned */
    long line;
    char *ref_date;     /* owned: the file's `refdate`, or NULL */
};

struct rule {
    char *id;           /* owned; unique in the set, e.g. person.translit.with_en */
    enum rec_type type;
    int priority;       /* higher wins an overlap; default 50 */
    char *file;         /* owned */
    long line;          /* of the `rule` line */
    char *pattern;      /* owned: the pattern as written, lines joined with \n */
    pcre2_code *re;     /* owned: pattern + the sub-patterns it uses, JIT-compiled */
    struct rule_field *fields;
    size_t n_fields;
    struct rule_set *sets;
    size_t n_sets;
    struct rule_example *examples;
    size_t n_examples;
    /* `trigger 加入 加盟 @TITLE …`: literals (normalised) and lexicons, one of
     * which every match contains; the rule only runs on sentences holding one.
     * None: it always runs. */
    char **triggers;        /* owned: the literal words (normalised) */
    size_t n_triggers;
    uint32_t *trig_ids;     /* owned: every trigger's id in rules.pf, words and lexicons */
    size_t n_trig_ids;
    /* `anchor person`: the pattern starts with a person, so it is only tried
     * (anchored) where a known person mention starts, not at every position. */
    bool anchor_person;
    /* Read from the pattern (pattern_requires_c1): every match needs a person
     * capture that (?C1) accepts, at or after where the attempt starts. Such a
     * rule cannot match a sentence with no known person mention, nor start
     * after the last one; it is compiled with PCRE2_USE_OFFSET_LIMIT so that
     * match.c can tell PCRE2 where to stop trying. */
    bool needs_person;
    /* Read from the pattern (pattern_start_anchors): every match starts at
     * most anchor_lead[id] code points before a word of prefilter id `id`
     * (a lexicon or a literal word). match.c tries the rule only there, each
     * start alone (PCRE2_USE_OFFSET_LIMIT). NULL: the rule may start anywhere.
     * Never set with anchor_person, which anchors on persons instead. */
    uint32_t *anchor_lead;  /* owned: rules.pf.n_ids entries, RULE_NO_ANCHOR for none */
    /* With anchor_lead: a match may also start up to person_lead code points
     * before the start of a known person mention (a capture (?C1) checks,
     * pattern_start_anchors_c1); RULE_NO_ANCHOR when not. */
    uint32_t person_lead;
    /* Every match starts at most person_window code points before the start
     * of a known person mention (pattern_person_window); RULE_NO_ANCHOR when
     * no such bound is known. Set for rules of the second pass only. */
    uint32_t person_window;
    /* Compiled with PCRE2_USE_OFFSET_LIMIT (needs_person, anchor_lead or a
     * person window): match.c may bound where its matches start. */
    bool offset_limit;
    /* Read from the pattern (pattern_required_words): sets of prefilter ids,
     * each of which must have a word in a sentence for the rule to run there,
     * at or after where the match starts; set k is
     * req_ids[k ? req_end[k - 1] : 0 .. req_end[k]). */
    uint32_t *req_ids;      /* owned */
    uint32_t *req_end;      /* owned */
    size_t n_req;
};

#define RULE_NO_ANCHOR UINT32_MAX
#define RULE_PERSON_ANCHOR (UINT32_MAX - 1)   /* find_anchors' id for a person anchor */

/* `canon FIELD LEXICON...`: values of FIELD are looked up in the LEXICONs, in
 * order, for their canonical form (org names, titles, status words, relative
 * date words). */
struct rule_canon {
    char *field;                    /* owned */
    const struct lexicon *lex[4];   /* borrowed from the set's lexicons */
    size_t n_lex;
};

struct rules {
    char *dir;                      /* owned */
    struct rule *v;                 /* owned, in file order (files sorted by name) */
    size_t n;
    struct lexicon **lex;           /* owned */
    size_t n_lex;
    struct rule_canon *canon;       /* owned */
    size_t n_canon;
    uint32_t max_captures;          /* the largest capture count of any rule */
    /* every trigger word of every rule, found in one pass per sentence; a word
     * or a lexicon named as a trigger by several rules has one id */
    struct prefilter pf;
    char **words;           /* owned: the literal anchor words pf borrows */
    size_t n_words;
    /* borrowed: the script conversion documents get before matching (convert.h);
     * lexicon entries, triggers and patterns were converted with it at load, so
     * that a Traditional word in a rule file still matches. NULL: none. */
    const struct script_conv *conv;
};

/* Does a sentence whose words are seen (pf_scan with rs->pf) hold one of r's
 * triggers? A rule without triggers always gets true. Inline, as the next one:
 * match.c asks both for every rule and sentence, and the call cost more than
 * the few bit tests. */
static inline bool rules_triggered(const struct rule *r, const uint64_t *seen)
{
    if (r->n_trig_ids == 0)
        return true;
    for (size_t i = 0; i < r->n_trig_ids; i++)
        if (pf_has(seen, r->trig_ids[i]))
            return true;
    return false;
}

/* And a word of each of the sets r's pattern requires? True with none. */
static inline bool rules_required_seen(const struct rule *r, const uint64_t *seen)
{
    for (size_t k = 0, i = 0; k < r->n_req; i = r->req_end[k++]) {
        while (i < r->req_end[k] && !pf_has(seen, r->req_ids[i]))
            i++;
        if (i == r->req_end[k])
            return false;   /* no word of set k */
    }
    return true;
}

/* Load and compile every *.rules file in dir (borrowed) and the lexicons they
 * declare. Any error (syntax, unknown key or field, PCRE2 compile error, bad
 * lexicon) fails the whole load with err naming file, line and column: nothing
 * runs with a half-loaded rule set. On ZHX_OK *out is for rules_free(). */
enum zhx_rc rules_load_dir(const char *dir, struct rules **out, struct zhx_err *err);
/* The same for documents that will be converted with conv (borrowed; must outlive
 * the rules; NULL is rules_load_dir). */
enum zhx_rc rules_load_dir_conv(const char *dir, const struct script_conv *conv, struct rules **out,
                                struct zhx_err *err);
void rules_free(struct rules *rs);      /* NULL is fine */

/* The first lexicon declared as canon for field ("org", or "title.status" for
 * one type's field), or NULL. */
const struct lexicon *rules_canon_lex(const struct rules *rs, const char *field);
/* The lexicon a `lexicon NAME file.tsv` line declared, or NULL (borrowed). */
const struct lexicon *rules_lexicon(const struct rules *rs, const char *name);

/* The canonical form of the len bytes at s for field of type t: the canon of
 * "type.field" first, then of "field"; NULL when neither lexicon has it. */
const char *rules_canon(const struct rules *rs, enum rec_type t, const char *field, const char *s,
                        size_t len);

/* The field names a rule may fill (for messages and checks); NULL-terminated. */
extern const char *const rules_known_fields[];

#endif
