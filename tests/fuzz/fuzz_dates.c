/* fuzz_dates.c: numbers and date resolution on arbitrary parts. The input is
 * split at '|' into year, month, day, rel, count and part, and a reference.
 * Property: no crash, and a value is "", YYYY, YYYY-MM or YYYY-MM-DD. */
/* the asserts are the properties: kept in every build type */
#undef NDEBUG
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 512)
        return 0;
    char *buf = malloc(size + 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *f[7] = {0};
    char *p = buf;
    for (int i = 0; i < 7; i++) {
        f[i] = p;
        char *bar = p ? strchr(p, '|') : NULL;
        if (bar)
            *bar = '\0';
        p = bar ? bar + 1 : NULL;
        if (p == NULL) {
            for (int k = i + 1; k < 7; k++)
                f[k] = NULL;
            break;
        }
    }
    struct ymd ref;
    if (!f[6] || !dates_parse_iso(f[6], &ref))
        memset(&ref, 0, sizeof ref);
    struct date_parts dp = {
        .year = f[0], .year_len = f[0] ? strlen(f[0]) : 0,
        .month = f[1], .month_len = f[1] ? strlen(f[1]) : 0,
        .day = f[2], .day_len = f[2] ? strlen(f[2]) : 0,
        .rel = f[3] && *f[3] ? f[3] : NULL,
        .count = f[4], .count_len = f[4] ? strlen(f[4]) : 0,
        .part = f[5],
    };
    struct date_value v;
    dates_resolve(&dp, &ref, &v);
    /* "" or YYYY, YYYY-MM, YYYY-MM-DD with a real month and day */
    size_t n = strlen(v.value);
    assert(n == 0 || n == 4 || n == 7 || n == 10);
    if (n) {
        struct ymd back;
        assert(dates_parse_iso(v.value, &back));
    }
    (void)dates_number(buf, strlen(buf));
    free(buf);
    return 0;
}
