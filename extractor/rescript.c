/* rescript.c: converted fields back to the document's script (see rescript.h). */
#include "rescript.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct rs_ctx {
    struct result *res;             /* borrowed; new strings go to its arena */
    const char *conv, *display;     /* borrowed: the two texts, len bytes each */
    size_t len;
    bool nomem;
};

/* s as the document wrote it: found in [hs, he) first, else anywhere. */
static const char *back(struct rs_ctx *x, const char *s, size_t hs, size_t he)
{
    if (s == NULL || *s == '\0')
        return s;
    size_t n = strlen(s);
    const char *at = NULL;
    if (he > hs && he <= x->len)
        at = memmem(x->conv + hs, he - hs, s, n);
    if (at == NULL)
        at = memmem(x->conv, x->len, s, n);
    if (at == NULL)
        return s;
    const char *d = x->display + (at - x->conv);
    if (memcmp(d, s, n) == 0)
        return s;
    char *r = arena_strndup(&x->res->arena, d, n);
    if (r == NULL) {
        x->nomem = true;
        return s;
    }
    return r;
}

enum zhx_rc rescript_result(struct result *res, const char *conv, const char *display, size_t len,
                            struct zhx_err *err)
{
    struct rs_ctx x = {res, conv, display, len, false};
    /* people: a name is looked for in the span of a mention of its own person
     * first, so that a character OpenCC merges (發 and 髮 both give 发) comes
     * back as this mention wrote it */
    bool *done = res->n_people ? calloc(res->n_people, sizeof *done) : NULL;
    if (res->n_people && done == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < res->n; i++) {
        struct record *r = &res->v[i];
        if (r->type != REC_PERSON || r->person < 0 || done[r->person])
            continue;
        struct person *p = &res->people[r->person];
        size_t n = p->name ? strlen(p->name) : 0;
        if (n && r->end - r->start >= n && memmem(conv + r->start, r->end - r->start, p->name, n)) {
            const char *b = back(&x, p->name, r->start, r->end);
            if (b != p->name)
                p->name_simplified = p->name, p->name = b;
            done[r->person] = true;
        }
    }
    for (size_t k = 0; k < res->n_people; k++) {
        struct person *p = &res->people[k];
        if (!done[k]) {
            const char *b = back(&x, p->name, 0, 0);
            if (b != p->name)
                p->name_simplified = p->name, p->name = b;
        }
        for (size_t a = 0; a < p->n_aliases; a++)
            p->aliases[a] = back(&x, p->aliases[a], 0, 0);
    }
    free(done);
    for (size_t i = 0; i < res->n; i++) {
        struct record *r = &res->v[i];
        const char **f = r->f;
        switch (r->type) {
        case REC_ORG: {
            const char *b = back(&x, f[F_NAME], r->start, r->end);
            if (b != f[F_NAME])
                f[F_NAME_SIMPLIFIED] = f[F_NAME], f[F_NAME] = b;
            break;
        }
        case REC_TITLE:     /* its org, like a move's from, to and title, is canonical */
            f[F_TITLE] = back(&x, f[F_TITLE], r->start, r->end);
            break;
        default:
            break;
        }
    }
    return x.nomem ? zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory") : ZHX_OK;
}
