/* dates.c: numbers and calendar arithmetic for date records. */
#include "dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

bool dates_parse_iso(const char *s, struct ymd *out)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(s);
    if (len != 4 && len != 7 && len != 10)
        return false;
    /* digits and dashes at exact places: sscanf's %d would take " 1" or "+1" */
    for (size_t i = 0; i < len; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = len > 4 ? atoi(s + 5) : 0, d = len > 7 ? atoi(s + 8) : 0;
    if (y < 1 || (len > 4 && (m < 1 || m > 12)) || (len == 10 && (d < 1 || d > days_in_month(y, m))))
        return false;
    *out = (struct ymd){y, m, d};
    return true;
}

static int han_digit(int32_t cp)
{
    switch (cp) {
    case 0x3007: case 0x96F6: return 0;        /* 〇 零 */
    case 0x4E00: return 1;                     /* 一 */
    case 0x4E8C: case 0x4E24: return 2;        /* 二 两 */
    case 0x4E09: return 3; case 0x56DB: return 4; case 0x4E94: return 5;
    case 0x516D: return 6; case 0x4E03: return 7; case 0x516B: return 8;
    case 0x4E5D: return 9;
    default: return -1;
    }
}

int dates_number(const char *s, size_t len)
{
    if (len == 0)
        return -1;
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] >= '0' && u[0] <= '9') {
        int v = 0;
        for (size_t i = 0; i < len; i++) {
            if (u[i] < '0' || u[i] > '9' || v > 999)
                return -1;
            v = v * 10 + (u[i] - '0');
        }
        return v;
    }
    /* Chinese numerals: positional with 十 (ten) 廿 (20) 卅 (30) 百 千, or a plain
     * digit string such as 二〇二一 */
    int total = 0, digit = -1, n_digits = 0, plain = 0;
    bool positional = false;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t need = utf8_seq_len(u[i]);
        if (i + need > len)
            return -1;   /* a cut sequence (found by fuzz_dates): never read past len */
        i += utf8_decode(u + i, &cp);
        int d = han_digit(cp);
        if (d >= 0) {
            if (++n_digits > 4)
                return -1;   /* no year has five digits; and plain * 10 must not overflow */
            if (!positional && digit >= 0)
                plain = plain * 10 + digit;   /* the previous digit was part of a plain string */
            digit = d;
            continue;
        }
        int unit = cp == 0x5341 ? 10 : cp == 0x767E ? 100 : cp == 0x5343 ? 1000 : 0;
        int tens = cp == 0x5EFF ? 20 : cp == 0x5345 ? 30 : 0;
        if (unit) {
            if (plain)
                return -1;   /* 二〇十 mixes both ways */
            positional = true;
            total += (digit < 0 ? 1 : digit) * unit;
            digit = -1;
            if (total > 9999)
                return -1;
        } else if (tens) {
            if (plain || digit >= 0)
                return -1;
            positional = true;
            total += tens;
        } else {
            return -1;
        }
    }
    if (positional)
        return total + (digit > 0 ? digit : 0);
    if (n_digits == 0)
        return -1;
    return plain * 10 + digit;
}

static void add_months(int *y, int *m, int k)
{
    int t = *y * 12 + (*m - 1) + k;
    if (t < 12) {   /* before year 1: no calendar date (dates_resolve prints none) */
        *y = 0;
        *m = 1;
        return;
    }
    *y = t / 12;
    *m = t % 12 + 1;
}

static void add_days(int *y, int *m, int *d, int k)
{
    while (k > 0 && *y > 0) {
        if (++*d > days_in_month(*y, *m)) {
            *d = 1;
            add_months(y, m, 1);
        }
        k--;
    }
    while (k < 0 && *y > 0) {
        if (--*d < 1) {
            add_months(y, m, -1);
            *d = days_in_month(*y, *m);
        }
        k++;
    }
}

/* 1 (Monday) to 7 (Sunday) for a calendar day (Sakamoto's method). */
static int iso_weekday(int y, int m, int d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3)
        y--;
    int w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;   /* 0 is Sunday */
    return w == 0 ? 7 : w;
}

/* The weekday a rule captured after 周 or 星期: 一 to 六, 日 or 天 (Sunday);
 * 0 when it is none of these. */
static int weekday_number(const char *s, size_t len)
{
    if (s == NULL || len == 0)
        return 0;
    int32_t cp;
    if (utf8_decode((const unsigned char *)s, &cp) != len)
        return 0;
    if (cp == 0x65E5 || cp == 0x5929)   /* 日 天 */
        return 7;
    int d = han_digit(cp);
    return d >= 1 && d <= 6 ? d : 0;
}

void dates_resolve(const struct date_parts *p, const struct ymd *ref, struct date_value *out)
{
    memset(out, 0, sizeof *out);
    out->valid = true;
    int y = p->year_len ? dates_number(p->year, p->year_len) : 0;
    if (p->year_len && y > 0 && p->year_offset > 0 && p->year_offset < 3000)
        y += p->year_offset;
    int m = p->month_len ? dates_number(p->month, p->month_len) : 0;
    int d = p->day_len ? dates_number(p->day, p->day_len) : 0;
    if (y < 0 || m < 0 || d < 0 || m > 12 || d > 31 || (p->year_len && y < 1000)) {
        out->valid = false;
        return;
    }
    bool need_ref = false;   /* the value cannot be had without the reference */
    char unit[8] = "", sign = 0, n[8] = "";
    int k = 0;
    bool rel_ok = p->rel && sscanf(p->rel, "%7[a-z]%c%7s", unit, &sign, n) == 3 && (sign == '+' || sign == '-');
    bool week = rel_ok && (strcmp(unit, "week") == 0 || strcmp(unit, "wday") == 0);
    if (week) {
        /* 上周五, 本周一 ("week"): a weekday (the count) of the reference's week,
         * weeks starting on Monday, or of the week k weeks from it. A bare 周五
         * ("wday") is the last one on or before the reference (news looks back),
         * or with `tense=future` (将于周五) the next one on or after it. */
        int wd = weekday_number(p->count, p->count_len), wk = n[0] >= '0' && n[0] <= '9' ? atoi(n) : -1;
        if (wd == 0 || wk < 0 || wk > 520 || d || m || p->year_len) {   /* "week-N" takes no count */
            out->valid = false;
            return;
        }
        out->relative = true;
        need_ref = ref->day == 0;
        y = ref->year, m = ref->month, d = ref->day;
        if (!need_ref) {
            int today = iso_weekday(y, m, d), shift = (sign == '-' ? -7 : 7) * wk + wd - today;
            if (strcmp(unit, "wday") == 0)
                shift = p->ahead ? (wd - today + 7) % 7 : -((today - wd + 7) % 7);
            add_days(&y, &m, &d, shift);
        } else
            d = 1;   /* a day, whatever the reference lacks: precision below */
    } else if (rel_ok) {
        int c = strcmp(n, "N") == 0 ? (p->count_len ? dates_number(p->count, p->count_len) : -1) : atoi(n);
        if (c < 0) {
            out->valid = false;
            return;
        }
        k = sign == '-' ? -c : c;
        /* a lexicon or a count could say anything (found by fuzz_dates): beyond
         * 300 years either way it is no date a news article means */
        if (c > (strcmp(unit, "day") == 0 ? 110000 : strcmp(unit, "month") == 0 ? 3600 : 300)) {
            out->valid = false;
            return;
        }
        out->relative = true;
        if (strcmp(unit, "year") == 0) {
            need_ref = ref->year == 0;
            y = ref->year + k;
        } else if (strcmp(unit, "month") == 0) {
            need_ref = ref->month == 0;
            y = ref->year;
            m = ref->month;
            if (!need_ref)
                add_months(&y, &m, k);
        } else if (strcmp(unit, "day") == 0) {
            need_ref = ref->day == 0;
            y = ref->year, m = ref->month, d = ref->day;
            if (!need_ref)
                add_days(&y, &m, &d, k);
        }
    } else if (y == 0 && (m || d)) {
        out->relative = true;
        need_ref = ref->year == 0 || (m == 0 && ref->month == 0);
        y = ref->year;
        if (m == 0)
            m = ref->month;
        else if (ref->month && p->ahead && m < ref->month)
            y++;   /* 预计3月底前 in an October article: next March */
        else if (ref->month && m > ref->month + 2 && !p->ahead)
            y--;   /* news looks back: "12月" in an August article is last year's; up to
                    * two months ahead is the coming weeks (将于6月1日上任) */
    } else if (y == 0) {
        out->relative = true;    /* 年底 alone: the reference year */
        need_ref = ref->year == 0;
        y = ref->year;
    }
    out->precision = d ? "day" : m ? "month" : "year";
    /* 昨日 is a day and 上月 a month even when the reference cannot resolve them */
    if (rel_ok && strcmp(unit, "day") == 0)
        out->precision = "day";
    else if (rel_ok && strcmp(unit, "month") == 0 && !d)
        out->precision = "month";
    if (need_ref || y <= 0 || y > 9999)   /* 10000年后 is no calendar date to print */
        return;
    if (d && (m == 0 || d > days_in_month(y, m))) {   /* a day needs its month (fuzz_dates) */
        out->valid = false;
        return;
    }
    if (d)
        snprintf(out->value, sizeof out->value, "%04d-%02d-%02d", y, m, d);
    else if (m)
        snprintf(out->value, sizeof out->value, "%04d-%02d", y, m);
    else
        snprintf(out->value, sizeof out->value, "%04d", y);
}
