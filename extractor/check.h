/* check.h: run every rule's own examples (expect / reject) through the whole
 * pipeline and say how each failing one failed. */
#ifndef ZHX_CHECK_H
#define ZHX_CHECK_H

#include <stddef.h>

#include "rules.h"
#include "util.h"
#include "zhx.h"

struct check_report {
    size_t n_pass, n_fail;
    struct buf failures;    /* owned: one "file:line: rule-id: message\n" per failure */
};

/* Run the examples of every rule in rs. Fills *rep (free with check_report_free);
 * returns an error only when the checker itself fails (out of memory). */
enum zhx_rc check_run(const struct rules *rs, struct check_report *rep, struct zhx_err *err);
void check_report_free(struct check_report *rep);

#endif
