/* test_dates.c: numbers in digits and Chinese numerals, ISO parsing, and
 * resolving captured parts (absolute, relative, month-only) against a
 * reference date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dates.h"

/* ---- dates_number ---- */

static int num(const char *s)
{
    return dates_number(s, strlen(s));
}

static void test_dates_number_reads_ascii_digits(void **state)
{
    (void)state;
    assert_int_equal(num("2024"), 2024);
    assert_int_equal(num("9"), 9);
    assert_int_equal(num("09"), 9);
    assert_int_equal(num("9999"), 9999);
    assert_int_equal(num("10000"), -1);          /* over 9999 */
    assert_int_equal(dates_number("2024年", 4), 2024);   /* only len bytes count */
}

static void test_dates_number_reads_chinese_year_digit_by_digit(void **state)
{
    (void)state;
    assert_int_equal(num("二〇二一"), 2021);
    assert_int_equal(num("二零二一"), 2021);
    assert_int_equal(num("一九九九"), 1999);
    assert_int_equal(num("二〇〇〇"), 2000);
    assert_int_equal(num("一二三四五"), -1);       /* five digits: over 9999 */
}

static void test_dates_number_reads_positional_chinese(void **state)
{
    (void)state;
    assert_int_equal(num("十"), 10);
    assert_int_equal(num("十二"), 12);
    assert_int_equal(num("二十"), 20);
    assert_int_equal(num("三十一"), 31);
    assert_int_equal(num("廿一"), 21);
    assert_int_equal(num("廿"), 20);
    assert_int_equal(num("卅"), 30);
    assert_int_equal(num("一百"), 100);
    assert_int_equal(num("一千零二十四"), 1024);
}

static void test_dates_number_reads_single_chinese_digits(void **state)
{
    (void)state;
    assert_int_equal(num("两"), 2);
    assert_int_equal(num("一"), 1);
    assert_int_equal(num("九"), 9);
    assert_int_equal(num("〇"), 0);
}

static void test_dates_number_rejects_non_numbers(void **state)
{
    (void)state;
    assert_int_equal(dates_number("", 0), -1);
    assert_int_equal(num("abc"), -1);
    assert_int_equal(num("12a"), -1);
    assert_int_equal(num("十x"), -1);
    assert_int_equal(num("年"), -1);
    assert_int_equal(num("二〇十"), -1);         /* digit string and positional mixed */
    assert_int_equal(num("五廿"), -1);
}

/* ---- dates_parse_iso ---- */

static void assert_iso(const char *s, int y, int m, int d)
{
    struct ymd v = {-1, -1, -1};
    if (!dates_parse_iso(s, &v))
        fail_msg("\"%s\" rejected", s);
    assert_int_equal(v.year, y);
    assert_int_equal(v.month, m);
    assert_int_equal(v.day, d);
}

static void assert_not_iso(const char *s)
{
    struct ymd v = {7, 7, 7};
    if (dates_parse_iso(s, &v))
        fail_msg("\"%s\" accepted as %d-%d-%d", s, v.year, v.month, v.day);
    assert_int_equal(v.year, 0);        /* left zeroed */
    assert_int_equal(v.month, 0);
    assert_int_equal(v.day, 0);
}

static void test_dates_parse_iso_accepts_year_month_day(void **state)
{
    (void)state;
    assert_iso("2024", 2024, 0, 0);
    assert_iso("2024-09", 2024, 9, 0);
    assert_iso("2024-09-15", 2024, 9, 15);
    assert_iso("2024-02-29", 2024, 2, 29);     /* leap year */
    assert_iso("2000-02-29", 2000, 2, 29);     /* divisible by 400 */
    assert_iso("2024-12-31", 2024, 12, 31);
}

static void test_dates_parse_iso_rejects_impossible_dates(void **state)
{
    (void)state;
    assert_not_iso("2024-02-30");
    assert_not_iso("2023-02-29");
    assert_not_iso("1900-02-29");             /* divisible by 100, not by 400 */
    assert_not_iso("2024-04-31");
    assert_not_iso("2024-13");
    assert_not_iso("2024-00");
    assert_not_iso("2024-01-00");
    assert_not_iso("0000");
}

static void test_dates_parse_iso_rejects_garbage(void **state)
{
    (void)state;
    assert_not_iso("");
    assert_not_iso("garbage");
    assert_not_iso("24");
    assert_not_iso("2024-9-1");
    assert_not_iso("20240915");
    assert_not_iso("2024/09/15");
    assert_not_iso("2024-09-15x");
    assert_not_iso("2024-09-15T08:00");
}

/* The header promises "YYYY", "YYYY-MM" or "YYYY-MM-DD" only.
 * Regression: sscanf's %d skips blanks and takes a sign, so dates_parse_iso once
 * accepted " 123", "+024" and "2024-+1" as dates. */
static void test_dates_parse_iso_rejects_signs_and_blanks(void **state)
{
    (void)state;
    assert_not_iso(" 123");
    assert_not_iso("+024");
    assert_not_iso("2024-+1");
    assert_not_iso("2024- 1-01");
}

/* ---- dates_resolve ---- */

struct want {
    const char *value;
    const char *precision;
    bool relative, valid;
};

static void resolve(const struct date_parts *p, const struct ymd *ref, struct want w)
{
    struct date_value v;
    memset(&v, 0x55, sizeof v);
    dates_resolve(p, ref, &v);
    assert_int_equal(v.valid, w.valid);
    if (!w.valid)
        return;
    assert_string_equal(v.value, w.value);
    assert_non_null(v.precision);
    assert_string_equal(v.precision, w.precision);
    assert_int_equal(v.relative, w.relative);
}

#define PART(field, s) .field = (s), .field##_len = sizeof(s) - 1

static const struct ymd no_ref = {0, 0, 0};

static void test_dates_resolve_absolute_dates(void **state)
{
    (void)state;
    struct ymd ref = {2024, 10, 3};
    resolve(&(struct date_parts){PART(year, "2024"), PART(month, "9"), PART(day, "15")}, &ref,
            (struct want){"2024-09-15", "day", false, true});
    resolve(&(struct date_parts){PART(year, "2024"), PART(month, "09")}, &ref,
            (struct want){"2024-09", "month", false, true});
    resolve(&(struct date_parts){PART(year, "2019")}, &ref, (struct want){"2019", "year", false, true});
    resolve(&(struct date_parts){PART(year, "二〇二一"), PART(month, "十二"), PART(day, "三十一")}, &ref,
            (struct want){"2021-12-31", "day", false, true});
    /* an absolute date needs no reference */
    resolve(&(struct date_parts){PART(year, "2024"), PART(month, "2"), PART(day, "29")}, &no_ref,
            (struct want){"2024-02-29", "day", false, true});
}

static void test_dates_resolve_relative_year(void **state)
{
    (void)state;
    struct ymd ref = {2024, 10, 3};
    resolve(&(struct date_parts){.rel = "year-1"}, &ref, (struct want){"2023", "year", true, true});
    resolve(&(struct date_parts){.rel = "year+0"}, &ref, (struct want){"2024", "year", true, true});
    resolve(&(struct date_parts){.rel = "year+1"}, &ref, (struct want){"2025", "year", true, true});
    /* a year-only reference is enough for a year offset */
    struct ymd y_only = {2024, 0, 0};
    resolve(&(struct date_parts){.rel = "year-2"}, &y_only, (struct want){"2022", "year", true, true});
}

static void test_dates_resolve_relative_month_across_january(void **state)
{
    (void)state;
    struct ymd jan = {2024, 1, 15};
    resolve(&(struct date_parts){.rel = "month-1"}, &jan, (struct want){"2023-12", "month", true, true});
    resolve(&(struct date_parts){.rel = "month-13"}, &jan, (struct want){"2022-12", "month", true, true});
    struct ymd dec = {2024, 12, 1};
    resolve(&(struct date_parts){.rel = "month+1"}, &dec, (struct want){"2025-01", "month", true, true});
    resolve(&(struct date_parts){.rel = "month+0"}, &dec, (struct want){"2024-12", "month", true, true});
}

/* 周三, 上周五, 下星期天: a weekday of the reference's week (Monday first), or of
 * the week k weeks from it; the weekday is the count (一 to 六, 日, 天). */
static void test_dates_resolve_weekday(void **state)
{
    (void)state;
    struct ymd thu = {2024, 10, 3};   /* a Thursday */
    resolve(&(struct date_parts){.rel = "week+0", PART(count, "三")}, &thu,
            (struct want){"2024-10-02", "day", true, true});
    resolve(&(struct date_parts){.rel = "week+0", PART(count, "一")}, &thu,
            (struct want){"2024-09-30", "day", true, true});
    resolve(&(struct date_parts){.rel = "week+0", PART(count, "日")}, &thu,
            (struct want){"2024-10-06", "day", true, true});
    resolve(&(struct date_parts){.rel = "week-1", PART(count, "五")}, &thu,
            (struct want){"2024-09-27", "day", true, true});
    resolve(&(struct date_parts){.rel = "week+1", PART(count, "天")}, &thu,
            (struct want){"2024-10-13", "day", true, true});
    /* a bare weekday: the last on or before the reference, or the next with ahead */
    resolve(&(struct date_parts){.rel = "wday+0", PART(count, "五")}, &thu,
            (struct want){"2024-09-27", "day", true, true});
    resolve(&(struct date_parts){.rel = "wday+0", PART(count, "四")}, &thu,
            (struct want){"2024-10-03", "day", true, true});
    resolve(&(struct date_parts){.rel = "wday+0", PART(count, "五"), .ahead = true}, &thu,
            (struct want){"2024-10-04", "day", true, true});
    resolve(&(struct date_parts){.rel = "wday+0", PART(count, "二"), .ahead = true}, &thu,
            (struct want){"2024-10-08", "day", true, true});
    struct ymd sun = {2025, 1, 5};    /* a Sunday: its week began on 30 December */
    resolve(&(struct date_parts){.rel = "week+0", PART(count, "一")}, &sun,
            (struct want){"2024-12-30", "day", true, true});
    struct ymd leap = {2024, 3, 1};   /* a Friday after 29 February */
    resolve(&(struct date_parts){.rel = "week+0", PART(count, "四")}, &leap,
            (struct want){"2024-02-29", "day", true, true});
    /* no day in the reference: a day with no value */
    struct ymd month_only = {2024, 10, 0};
    resolve(&(struct date_parts){.rel = "week+0", PART(count, "三")}, &month_only,
            (struct want){"", "day", true, true});
    /* no weekday, or a month beside it: no date */
    resolve(&(struct date_parts){.rel = "week+0"}, &thu, (struct want){NULL, NULL, false, false});
    resolve(&(struct date_parts){.rel = "week+0", PART(count, "八")}, &thu, (struct want){NULL, NULL, false, false});
    resolve(&(struct date_parts){.rel = "week-N", PART(count, "五")}, &thu, (struct want){NULL, NULL, false, false});
    resolve(&(struct date_parts){.rel = "week+0", PART(count, "三"), PART(month, "3")}, &thu,
            (struct want){NULL, NULL, false, false});
}

static void test_dates_resolve_relative_day_across_month_and_leap_day(void **state)
{
    (void)state;
    struct ymd mar1_leap = {2024, 3, 1};
    resolve(&(struct date_parts){.rel = "day-1"}, &mar1_leap, (struct want){"2024-02-29", "day", true, true});
    struct ymd mar1 = {2023, 3, 1};
    resolve(&(struct date_parts){.rel = "day-1"}, &mar1, (struct want){"2023-02-28", "day", true, true});
    struct ymd jan1 = {2024, 1, 1};
    resolve(&(struct date_parts){.rel = "day-1"}, &jan1, (struct want){"2023-12-31", "day", true, true});
    struct ymd feb28 = {2024, 2, 28};
    resolve(&(struct date_parts){.rel = "day+1"}, &feb28, (struct want){"2024-02-29", "day", true, true});
    resolve(&(struct date_parts){.rel = "day+2"}, &feb28, (struct want){"2024-03-01", "day", true, true});
    struct ymd dec31 = {2024, 12, 31};
    resolve(&(struct date_parts){.rel = "day+1"}, &dec31, (struct want){"2025-01-01", "day", true, true});
    struct ymd oct3 = {2024, 10, 3};
    resolve(&(struct date_parts){.rel = "day-3"}, &oct3, (struct want){"2024-09-30", "day", true, true});
}

static void test_dates_resolve_counted_offsets(void **state)
{
    (void)state;
    struct ymd ref = {2024, 10, 3};
    /* 3个月前, 三天前, 两年前 */
    resolve(&(struct date_parts){.rel = "month-N", PART(count, "3")}, &ref,
            (struct want){"2024-07", "month", true, true});
    resolve(&(struct date_parts){.rel = "month-N", PART(count, "十")}, &ref,
            (struct want){"2023-12", "month", true, true});
    resolve(&(struct date_parts){.rel = "day-N", PART(count, "三")}, &ref,
            (struct want){"2024-09-30", "day", true, true});
    resolve(&(struct date_parts){.rel = "year-N", PART(count, "两")}, &ref,
            (struct want){"2022", "year", true, true});
    resolve(&(struct date_parts){.rel = "day+N", PART(count, "29")}, &ref,
            (struct want){"2024-11-01", "day", true, true});
    /* N with no count, or a count that is not a number: no date */
    resolve(&(struct date_parts){.rel = "month-N"}, &ref, (struct want){.valid = false});
    resolve(&(struct date_parts){.rel = "month-N", PART(count, "几")}, &ref, (struct want){.valid = false});
}

/* dates.h: a month with no year takes the reference year, or the year before
 * when that month is more than two months ahead of the reference. */
static void test_dates_resolve_month_without_year(void **state)
{
    (void)state;
    struct ymd aug = {2024, 8, 20};
    resolve(&(struct date_parts){PART(month, "12")}, &aug, (struct want){"2023-12", "month", true, true});
    resolve(&(struct date_parts){PART(month, "11")}, &aug, (struct want){"2023-11", "month", true, true});
    resolve(&(struct date_parts){PART(month, "10")}, &aug, (struct want){"2024-10", "month", true, true});
    resolve(&(struct date_parts){PART(month, "9")}, &aug, (struct want){"2024-09", "month", true, true});
    resolve(&(struct date_parts){PART(month, "8")}, &aug, (struct want){"2024-08", "month", true, true});
    resolve(&(struct date_parts){PART(month, "1")}, &aug, (struct want){"2024-01", "month", true, true});
    /* after a word that looks ahead (预计12月底前): the coming December */
    resolve(&(struct date_parts){PART(month, "12"), .ahead = true}, &aug, (struct want){"2024-12", "month", true, true});
    resolve(&(struct date_parts){PART(month, "3"), .ahead = true}, &aug, (struct want){"2025-03", "month", true, true});
    struct ymd oct = {2024, 10, 3};
    resolve(&(struct date_parts){PART(month, "9"), PART(day, "15")}, &oct,
            (struct want){"2024-09-15", "day", true, true});
    resolve(&(struct date_parts){PART(month, "二"), PART(day, "廿九")}, &oct,
            (struct want){"2024-02-29", "day", true, true});
    /* a day alone takes the reference month */
    resolve(&(struct date_parts){PART(day, "15")}, &oct, (struct want){"2024-10-15", "day", true, true});
}

static void test_dates_resolve_without_reference_is_empty_and_relative(void **state)
{
    (void)state;
    resolve(&(struct date_parts){.rel = "year-1"}, &no_ref, (struct want){"", "year", true, true});
    resolve(&(struct date_parts){.rel = "month-1"}, &no_ref, (struct want){"", "month", true, true});
    resolve(&(struct date_parts){.rel = "day-1"}, &no_ref, (struct want){"", "day", true, true});
    resolve(&(struct date_parts){PART(month, "9"), PART(day, "15")}, &no_ref,
            (struct want){"", "day", true, true});
    resolve(&(struct date_parts){PART(month, "9")}, &no_ref, (struct want){"", "month", true, true});
    /* a month offset needs the reference month, not only its year */
    struct ymd y_only = {2024, 0, 0};
    resolve(&(struct date_parts){.rel = "month-1"}, &y_only, (struct want){"", "month", true, true});
}

static void test_dates_resolve_invalid_parts_are_not_valid(void **state)
{
    (void)state;
    struct ymd ref = {2024, 10, 3};
    resolve(&(struct date_parts){PART(year, "2024"), PART(month, "13")}, &ref, (struct want){.valid = false});
    resolve(&(struct date_parts){PART(month, "13")}, &ref, (struct want){.valid = false});
    resolve(&(struct date_parts){PART(year, "2024"), PART(month, "0")}, &ref, (struct want){.valid = true,
            .value = "2024", .precision = "year"});
    resolve(&(struct date_parts){PART(year, "2024"), PART(month, "2"), PART(day, "30")}, &ref,
            (struct want){.valid = false});
    resolve(&(struct date_parts){PART(year, "2023"), PART(month, "2"), PART(day, "29")}, &ref,
            (struct want){.valid = false});
    resolve(&(struct date_parts){PART(year, "2024"), PART(month, "1"), PART(day, "32")}, &ref,
            (struct want){.valid = false});
    resolve(&(struct date_parts){PART(year, "二〇x一")}, &ref, (struct want){.valid = false});
}

static void test_dates_resolve_part_leaves_precision_to_the_parts(void **state)
{
    (void)state;
    /* 2024年底: the caller keeps part=late; the value is the year */
    struct ymd ref = {2024, 10, 3};
    resolve(&(struct date_parts){PART(year, "2024"), .part = "late"}, &ref,
            (struct want){"2024", "year", false, true});
    /* 年底 alone: the reference year */
    resolve(&(struct date_parts){.part = "late"}, &ref, (struct want){"2024", "year", true, true});
    /* 9月上旬 */
    resolve(&(struct date_parts){PART(month, "9"), .part = "early"}, &ref,
            (struct want){"2024-09", "month", true, true});
    /* 去年年底 */
    resolve(&(struct date_parts){.rel = "year-1", .part = "late"}, &ref,
            (struct want){"2023", "year", true, true});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_number_reads_ascii_digits),
        cmocka_unit_test(test_dates_number_reads_chinese_year_digit_by_digit),
        cmocka_unit_test(test_dates_number_reads_positional_chinese),
        cmocka_unit_test(test_dates_number_reads_single_chinese_digits),
        cmocka_unit_test(test_dates_number_rejects_non_numbers),
        cmocka_unit_test(test_dates_parse_iso_accepts_year_month_day),
        cmocka_unit_test(test_dates_parse_iso_rejects_impossible_dates),
        cmocka_unit_test(test_dates_parse_iso_rejects_garbage),
        cmocka_unit_test(test_dates_parse_iso_rejects_signs_and_blanks),
        cmocka_unit_test(test_dates_resolve_absolute_dates),
        cmocka_unit_test(test_dates_resolve_relative_year),
        cmocka_unit_test(test_dates_resolve_weekday),
        cmocka_unit_test(test_dates_resolve_relative_month_across_january),
        cmocka_unit_test(test_dates_resolve_relative_day_across_month_and_leap_day),
        cmocka_unit_test(test_dates_resolve_counted_offsets),
        cmocka_unit_test(test_dates_resolve_month_without_year),
        cmocka_unit_test(test_dates_resolve_without_reference_is_empty_and_relative),
        cmocka_unit_test(test_dates_resolve_invalid_parts_are_not_valid),
        cmocka_unit_test(test_dates_resolve_part_leaves_precision_to_the_parts),
    };
    return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
