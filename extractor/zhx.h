/* zhx.h: what every stage shares: return codes, the error record that carries a
 * message up to main.c, the record types of SCHEMA.md and the side a move's
 * organisation stands on. */
#ifndef ZHX_H
#define ZHX_H

#include <stdbool.h>
#include <stddef.h>

#define ZHX_VERSION "0.2.0"
#define ZHX_SCHEMA 1

/* Return codes. ZHX_OK is 0; new codes go at the end, never renumbered. */
enum zhx_rc {
    ZHX_OK = 0,
    ZHX_DONE,          /* an iterator has nothing more */
    ZHX_ERR_NOMEM,
    ZHX_ERR_IO,        /* a file could not be read or written */
    ZHX_ERR_UTF8,      /* invalid UTF-8 in a document */
    ZHX_ERR_INPUT,     /* a document is malformed otherwise (bad JSONL line, too big) */
    ZHX_ERR_RULES,     /* a rule file or lexicon is wrong: nothing runs */
    ZHX_ERR_MATCH,     /* PCRE2 gave up on a document (match limit, JIT stack) */
    ZHX_ERR_USAGE,
};

/* Where and why something failed. file is copied in, so the caller may free its
 * path; line and col are 1-based and 0 when unknown. */
struct zhx_err {
    enum zhx_rc rc;
    char file[512];
    long line, col;
    char msg[512];
};

/* Fill err (may be NULL) and return rc, so a failing path is one statement:
 * return zhx_fail(err, ZHX_ERR_RULES, path, line, col, "bad key %s", key); */
enum zhx_rc zhx_fail(struct zhx_err *err, enum zhx_rc rc, const char *file, long line, long col,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Record types, in the order SCHEMA.md sorts records that start together. */
enum rec_type { REC_DOC, REC_PERSON, REC_ORG, REC_TITLE, REC_DATE, REC_MOVE, REC_NTYPES };

const char *rec_type_name(enum rec_type t);
/* REC_NTYPES when name is not a type. */
enum rec_type rec_type_parse(const char *name);

/* Is action (a move's, SCHEMA.md) one that leaves its organisation, named in
 * `from` (leave, fired, leave_of_absence), rather than one that goes to it, in
 * `to`? False for NULL. */
bool move_leaves_from(const char *action);

#endif
