/* err.c: filling struct zhx_err, the names of record types, and which side of
 * a move its organisation stands on. */
#include "zhx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum zhx_rc zhx_fail(struct zhx_err *err, enum zhx_rc rc, const char *file, long line, long col,
                     const char *fmt, ...)
{
    if (err == NULL)
        return rc;
    err->rc = rc;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return rc;
}

static const char *const type_names[REC_NTYPES] = {"doc", "person", "org", "title", "date", "move"};

const char *rec_type_name(enum rec_type t)
{
    return t < REC_NTYPES ? type_names[t] : "?";
}

enum rec_type rec_type_parse(const char *name)
{
    for (int t = 0; t < REC_NTYPES; t++)
        if (strcmp(name, type_names[t]) == 0)
            return (enum rec_type)t;
    return REC_NTYPES;
}

bool move_leaves_from(const char *action)
{
    return action && (strcmp(action, "leave") == 0 || strcmp(action, "fired") == 0 ||
                      strcmp(action, "leave_of_absence") == 0);
}
