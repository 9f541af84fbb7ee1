/* dates.h: turn the parts a date rule captured (year, month, day, a relative
 * word's offset, a part of the period) into an ISO partial date, against the
 * article's reference date. Knows numbers, not words: the words live in
 * patterns/ (date_rel.tsv maps 去年 to "year-1"). */
#ifndef ZHX_DATES_H
#define ZHX_DATES_H

#include <stdbool.h>
#include <stddef.h>

/* A partial date; 0 means "not known". */
struct ymd {
    int year, month, day;
};

/* Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD" (checked: a real calendar day).
 * Returns false and leaves *out zeroed when s is not one of those. */
bool dates_parse_iso(const char *s, struct ymd *out);

/* The value of a number written in len bytes at s: ASCII digits, or Chinese
 * numerals (〇零一二三四五六七八九十廿卅百千 and 两), digit by digit for years
 * (二〇二一) or positional (三十一). -1 when it is not a number or over 9999. */
int dates_number(const char *s, size_t len);

/* What a date rule captured; NULL or empty when not captured. */
struct date_parts {
    const char *year, *month, *day;     /* number text */
    size_t year_len, month_len, day_len;
    const char *rel;                    /* offset spec: "year-1", "month+0", "day-2", or
                                         * with N for the count: "month-N" (3个月前);
                                         * "week-1" (上周五) and "wday+0" (周五) take
                                         * the weekday as the count */
    const char *count;                  /* number text for N */
    size_t count_len;
    const char *part;                   /* "early", "mid", "late" */
    int year_offset;                    /* added to year: 1911 for 民国113年 (the rule's
                                         * `set year_offset=1911`) */
    bool ahead;                         /* a month with no year is the coming one, never
                                         * last year's (预计10月底; `set tense=future`) */
};

struct date_value {
    char value[40];         /* "2024", "2024-09" or "2024-09-15"; "" when unresolved */
    const char *precision;  /* "year", "month", "day" (static) */
    bool relative;          /* the value depends on the reference date */
    bool valid;             /* false: the parts do not form a date (month 13); no record */
};

/* Resolve p against ref (zeroed when there is none). A date that needs the
 * reference (今年, 9月15日) and lacks it gets value "" and relative = true. A
 * month with no year takes the reference year, or the year before when that
 * month is more than two months ahead of the reference: news looks back
 * (docs/DESIGN.md), but announces the coming weeks (将于6月1日上任). */
void dates_resolve(const struct date_parts *p, const struct ymd *ref, struct date_value *out);

#endif
