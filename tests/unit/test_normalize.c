/* test_normalize.c: the folds of normalize.c, the map from normalised spans back
 * to the original bytes (the promise every record's `text` rests on), the fast
 * path against utf8proc itself, and the byte to code-point index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "doc.h"
#include "normalize.h"
#include "util.h"

/* ---- helpers ---- */

static void assert_norm(const char *in, const char *want)
{
    char *got = norm_string(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void norm_ok(const char *in, struct norm_text *t)
{
    struct zhx_err err = {0};
    assert_int_equal(norm_apply(in, strlen(in), t, &err), ZHX_OK);
    assert_non_null(t->text);
    assert_int_equal(strlen(t->text), t->len);
}

/* The original bytes behind the first occurrence of needle in the normalised
 * text, as a malloc'ed string. */
static char *orig_of(const struct norm_text *t, const char *orig, const char *needle,
                     size_t *os, size_t *oe)
{
    const char *at = strstr(t->text, needle);
    assert_non_null(at);
    size_t s = (size_t)(at - t->text), e = s + strlen(needle);
    norm_span_to_orig(t, s, e, os, oe);
    assert_true(*os <= *oe);
    assert_true(*oe <= strlen(orig));
    return strndup(orig + *os, *oe - *os);
}

static void assert_orig_of(const char *orig, const char *needle, const char *want)
{
    struct norm_text t;
    norm_ok(orig, &t);
    size_t os, oe;
    char *got = orig_of(&t, orig, needle, &os, &oe);
    assert_string_equal(got, want);
    free(got);
    norm_free(&t);
}

/* ---- the folds ---- */

static void test_norm_folds_fullwidth_ascii_to_ascii(void **state)
{
    (void)state;
    assert_norm("\xEF\xBC\xA1", "A");                               /* Ａ */
    assert_norm("ＯｐｅｎＡＩ２０２４", "OpenAI2024");
    assert_norm("ＪＤ．ｃｏｍ", "JD.com");
}

static void test_norm_folds_fullwidth_punctuation_to_ascii(void **state)
{
    (void)state;
    assert_norm("甲，乙（丙）：丁", "甲,乙(丙):丁");
    assert_norm("好！吗？是；", "好!吗?是;");
    /* 。 and 、 have no ASCII form and stay */
    assert_norm("甲、乙。", "甲、乙。");
}

static void test_norm_folds_ideographic_space_to_space(void **state)
{
    (void)state;
    assert_norm("甲\xE3\x80\x80乙", "甲 乙");          /* U+3000 */
    assert_norm("a\xC2\xA0" "b", "a b");              /* U+00A0 no-break space */
}

static void test_norm_folds_every_middle_dot_lookalike_to_u00b7(void **state)
{
    (void)state;
    static const char *const dots[] = {
        "\xC2\xB7",         /* U+00B7 middle dot itself */
        "\xE2\x80\xA7",     /* U+2027 hyphenation point */
        "\xE2\x80\xA2",     /* U+2022 bullet */
        "\xE3\x83\xBB",     /* U+30FB katakana middle dot */
        "\xEF\xBD\xA5",     /* U+FF65 half-width katakana middle dot */
        "\xE2\x88\x99",     /* U+2219 bullet operator */
        "\xE2\x8B\x85",     /* U+22C5 dot operator */
        "\xCE\x87",         /* U+0387 Greek ano teleia */
    };
    for (size_t i = 0; i < sizeof dots / sizeof *dots; i++) {
        char in[64];
        snprintf(in, sizeof in, "萨姆%s阿尔特曼", dots[i]);
        assert_norm(in, "萨姆\xC2\xB7阿尔特曼");
    }
}

static void test_norm_drops_zero_width_chars_and_bom(void **state)
{
    (void)state;
    assert_norm("阿\xE2\x80\x8B尔", "阿尔");              /* U+200B ZWSP */
    assert_norm("\xEF\xBB\xBF开头", "开头");              /* U+FEFF BOM */
    assert_norm("a\xE2\x80\x8C" "b\xE2\x80\x8D" "c\xE2\x81\xA0" "d", "abcd");  /* ZWNJ ZWJ WJ */
    assert_norm("co\xC2\xAD" "op", "coop");               /* soft hyphen */
    /* a zero-width char inside a space run does not split the run */
    assert_norm("a \xE2\x80\x8B b", "a b");
}

static void test_norm_collapses_whitespace_run_to_one_space(void **state)
{
    (void)state;
    assert_norm("a  \t  b", "a b");
    assert_norm("甲 \xE3\x80\x80 \t乙", "甲 乙");
}

/* Pangu spacing: a blank between Chinese and ASCII letters, digits, brackets
 * or % is dropped; between two Chinese or two ASCII words it stays, and a
 * line break always stays. */
static void test_norm_drops_blank_between_han_and_ascii(void **state)
{
    (void)state;
    assert_norm("自 6 月 1 日起", "自6月1日起");
    assert_norm("民國 79 年", "民國79年");
    assert_norm("郭承恩 (Daniel Kuo) 將", "郭承恩(Daniel Kuo)將");
    assert_norm("年增 12.3%，", "年增12.3%,");
    assert_norm("嘉運物流 馮志強", "嘉運物流 馮志強");
    assert_norm("Tan Sri Tony", "Tan Sri Tony");
    assert_norm("甲\n6月", "甲\n6月");
    /* the span still quotes the original, blank and all */
    assert_orig_of("自 6 月 1 日起", "6月1日", "6 月 1 日");
}

static void test_norm_collapses_run_with_line_break_to_one_newline(void **state)
{
    (void)state;
    assert_norm("甲\r\n乙", "甲\n乙");
    assert_norm("甲\n\n乙", "甲\n乙");
    assert_norm("甲\r\n\r\n乙", "甲\n乙");
    assert_norm("甲 \t\r\n  \n 乙", "甲\n乙");
    assert_norm("甲\r乙", "甲\n乙");
    assert_norm("甲\xE2\x80\xA8乙", "甲\n乙");          /* U+2028 line separator */
}

static void test_norm_maps_control_chars_to_space(void **state)
{
    (void)state;
    assert_norm("a\x01" "b", "a b");
    assert_norm("a\x7f" "b", "a b");
    assert_norm("a\x1b\x02 b", "a b");      /* controls join the space run */
    assert_norm("a\tb", "a b");
}

static void test_norm_composes_nfd_to_nfc(void **state)
{
    (void)state;
    assert_norm("Cafe\xCC\x81", "Caf\xC3\xA9");     /* e + U+0301 -> é */
    assert_norm("\xE3\x88\xB1", "(株)");            /* U+3231 ㈱: NFKC expands it */
}

/* pattern_anchors.c counts \s* and \s+ as one code point at most: the
 * normaliser must never leave two characters PCRE2 calls white space side by
 * side, whatever white space, controls or invisible characters came in. */
static void test_norm_never_leaves_two_white_spaces_in_a_row(void **state)
{
    (void)state;
    int code;
    PCRE2_SIZE off;
    pcre2_code *one = pcre2_compile((PCRE2_SPTR) "^\\s$", PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
    pcre2_code *two = pcre2_compile((PCRE2_SPTR) "\\s\\s", PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
    assert_non_null(one);
    assert_non_null(two);
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    /* every code point PCRE2's \s matches, and a few that are dropped or folded */
    int32_t ws[64];
    size_t n_ws = 0;
    for (int32_t cp = 0; cp <= 0x10FFFF && n_ws < 60; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        struct buf b = {0};
        assert_true(buf_add_cp(&b, cp));
        if (pcre2_match(one, (PCRE2_SPTR)b.p, b.len, 0, 0, md, NULL) >= 0)
            ws[n_ws++] = cp;
        buf_free(&b);
    }
    assert_true(n_ws >= 20);   /* \t \n \v \f \r, space, U+0085, U+00A0, U+2000..200A, U+3000, ... */
    ws[n_ws++] = 0x200B;       /* dropped */
    ws[n_ws++] = 0x01;         /* a control */
    const char *ctx[] = {"甲", "A", "1", ""};
    for (size_t i = 0; i < n_ws; i++)
        for (size_t j = 0; j < n_ws; j++)
            for (size_t c = 0; c < 4; c++) {
                struct buf b = {0};
                assert_true(buf_adds(&b, ctx[c]) && buf_add_cp(&b, ws[i]) && buf_add_cp(&b, ws[j]) &&
                            buf_add_cp(&b, ws[i]) && buf_adds(&b, ctx[(c + 1) % 4]));
                struct norm_text t;
                struct zhx_err err = {0};
                assert_int_equal(norm_apply(b.p, b.len, &t, &err), ZHX_OK);
                if (pcre2_match(two, (PCRE2_SPTR)t.text, t.len, 0, 0, md, NULL) >= 0)
                    fail_msg("U+%04X U+%04X between '%s' and '%s' left two white spaces", (unsigned)ws[i],
                             (unsigned)ws[j], ctx[c], ctx[(c + 1) % 4]);
                norm_free(&t);
                buf_free(&b);
            }
    pcre2_match_data_free(md);
    pcre2_code_free(one);
    pcre2_code_free(two);
}

static void test_norm_apply_empty_input(void **state)
{
    (void)state;
    struct norm_text t;
    struct zhx_err err = {0};
    assert_int_equal(norm_apply("", 0, &t, &err), ZHX_OK);
    assert_int_equal(t.len, 0);
    assert_string_equal(t.text, "");
    assert_int_equal(t.orig_start[0], 0);
    assert_int_equal(t.orig_end[0], 0);
    norm_free(&t);
    norm_free(&t);      /* empty is fine */
    norm_free(NULL);
}

static void test_norm_string_rejects_invalid_utf8(void **state)
{
    (void)state;
    assert_null(norm_string("a\xFF" "b"));
    assert_null(norm_string("\xE4\xBD"));        /* truncated 3-byte sequence */
}

/* ---- the offset map ---- */

static void test_norm_maps_astral_chars_to_their_four_bytes(void **state)
{
    (void)state;
    const char *orig = "a\xF0\xA0\xAE\xB7" "b\xF0\x9F\x98\x80" "萨姆";  /* a𠮷b😀萨姆 */
    struct norm_text t;
    norm_ok(orig, &t);
    assert_string_equal(t.text, orig);          /* nothing to fold */
    size_t os, oe;
    char *got = orig_of(&t, orig, "\xF0\xA0\xAE\xB7", &os, &oe);
    assert_int_equal(os, 1);
    assert_int_equal(oe, 5);
    free(got);
    got = orig_of(&t, orig, "\xF0\x9F\x98\x80", &os, &oe);
    assert_int_equal(os, 6);
    assert_int_equal(oe, 10);
    free(got);
    got = orig_of(&t, orig, "萨姆", &os, &oe);
    assert_string_equal(got, "萨姆");
    assert_int_equal(os, 10);
    free(got);
    norm_free(&t);
}

static void test_norm_maps_crlf_newline_to_both_bytes(void **state)
{
    (void)state;
    const char *orig = "甲\r\n乙";
    struct norm_text t;
    norm_ok(orig, &t);
    assert_string_equal(t.text, "甲\n乙");
    size_t os, oe;
    char *got = orig_of(&t, orig, "\n", &os, &oe);
    assert_string_equal(got, "\r\n");
    assert_int_equal(os, 3);
    assert_int_equal(oe, 5);
    free(got);
    got = orig_of(&t, orig, "乙", &os, &oe);
    assert_int_equal(os, 5);
    assert_int_equal(oe, 8);
    free(got);
    got = orig_of(&t, orig, "甲\n乙", &os, &oe);
    assert_string_equal(got, orig);
    free(got);
    norm_free(&t);
}

static void test_norm_maps_nfd_sequence_to_composed_char(void **state)
{
    (void)state;
    const char *orig = "Cafe\xCC\x81!";      /* "Café!" with é as e + U+0301 */
    struct norm_text t;
    norm_ok(orig, &t);
    assert_string_equal(t.text, "Caf\xC3\xA9!");
    size_t os, oe;
    char *got = orig_of(&t, orig, "\xC3\xA9", &os, &oe);
    assert_string_equal(got, "e\xCC\x81");
    free(got);
    got = orig_of(&t, orig, "!", &os, &oe);
    assert_int_equal(os, 6);
    assert_int_equal(oe, 7);
    free(got);
    norm_free(&t);
}

static void test_norm_maps_fullwidth_dot_to_original_offset(void **state)
{
    (void)state;
    const char *orig = "萨姆\xE3\x83\xBB阿尔特曼";     /* U+30FB, 3 bytes; U+00B7 is 2 */
    struct norm_text t;
    norm_ok(orig, &t);
    assert_string_equal(t.text, "萨姆\xC2\xB7阿尔特曼");
    assert_int_equal(t.len, strlen(orig) - 1);
    size_t os, oe;
    char *got = orig_of(&t, orig, "\xC2\xB7", &os, &oe);
    assert_string_equal(got, "\xE3\x83\xBB");
    assert_int_equal(os, 6);
    assert_int_equal(oe, 9);
    free(got);
    got = orig_of(&t, orig, "阿尔特曼", &os, &oe);
    assert_string_equal(got, "阿尔特曼");
    assert_int_equal(os, 9);
    assert_int_equal(oe, 21);
    free(got);
    norm_free(&t);
}

static void test_norm_maps_fullwidth_letters_to_original_offset(void **state)
{
    (void)state;
    assert_orig_of("（Ｓａｍ　Ａｌｔｍａｎ）", "Sam Altman", "Ｓａｍ　Ａｌｔｍａｎ");
    assert_orig_of("（Ｓａｍ）", "(Sam)", "（Ｓａｍ）");
    assert_orig_of("首席执行官，（Ｓａｍ）", "m", "ｍ");
}

static void test_norm_span_over_dropped_zwsp_quotes_it(void **state)
{
    (void)state;
    const char *orig = "萨姆·阿\xE2\x80\x8B尔特曼";
    assert_orig_of(orig, "阿尔特曼", "阿\xE2\x80\x8B尔特曼");
    assert_orig_of(orig, "萨姆·阿尔特曼", orig);
    /* the dropped char belongs to neither neighbour alone */
    assert_orig_of(orig, "阿", "阿");
    assert_orig_of(orig, "尔", "尔");
}

static void test_norm_span_over_collapsed_run_quotes_whole_run(void **state)
{
    (void)state;
    assert_orig_of("甲 \t \r\n 乙", "\n", " \t \r\n ");
    assert_orig_of("甲 \t \r\n 乙", "甲\n乙", "甲 \t \r\n 乙");
}

static void test_norm_empty_span_and_end_map_to_original_length(void **state)
{
    (void)state;
    const char *orig = "ＡＢ\r\n";
    struct norm_text t;
    norm_ok(orig, &t);
    assert_int_equal(t.orig_start[t.len], strlen(orig));
    assert_int_equal(t.orig_end[t.len], strlen(orig));
    size_t os, oe;
    norm_span_to_orig(&t, t.len, t.len, &os, &oe);
    assert_int_equal(os, strlen(orig));
    assert_int_equal(oe, strlen(orig));
    norm_span_to_orig(&t, 1, 1, &os, &oe);          /* empty span at "B" */
    assert_int_equal(os, 3);
    assert_int_equal(oe, 3);
    norm_free(&t);
}

/* ---- property: every span quotes original bytes that normalise back to it ---- */

static bool is_boundary(const char *s, size_t i)
{
    return ((unsigned char)s[i] & 0xC0) != 0x80;
}

static void check_every_span(const char *orig)
{
    struct norm_text t;
    norm_ok(orig, &t);
    size_t olen = strlen(orig);
    size_t n_checked = 0, n_exact = 0;
    for (size_t s = 0; s < t.len; s++) {
        if (!is_boundary(t.text, s))
            continue;
        for (size_t e = s + 1; e <= t.len; e++) {
            if (e < t.len && !is_boundary(t.text, e))
                continue;
            size_t os, oe;
            norm_span_to_orig(&t, s, e, &os, &oe);
            assert_true(os < oe);
            assert_true(oe <= olen);
            size_t bad;
            if (!doc_valid_utf8(orig + os, oe - os, &bad))
                fail_msg("%s: span [%zu,%zu) quotes invalid UTF-8 [%zu,%zu)", orig, s, e, os, oe);
            char *slice = strndup(orig + os, oe - os);
            char *renorm = norm_string(slice);
            assert_non_null(renorm);
            /* Exact when no byte outside [s, e) came from the same original bytes.
             * Otherwise a char of the span is part of a longer NFKC output (㈱ gives
             * "(株)"; a control char and the mark after it are one segment), and the
             * slice normalises to the span widened to whole outputs. */
            size_t ws = s, we = e;
            while (ws > 0 && t.orig_start[ws - 1] >= os && t.orig_end[ws - 1] <= oe)
                ws--;
            while (we < t.len && t.orig_start[we] >= os && t.orig_end[we] <= oe)
                we++;
            if (ws == s && we == e)
                n_exact++;
            else if (memmem(renorm, strlen(renorm), t.text + s, e - s) == NULL)
                fail_msg("%s: span [%zu,%zu) not inside the re-normalised slice", orig, s, e);
            if (strlen(renorm) != we - ws || memcmp(renorm, t.text + ws, we - ws) != 0)
                fail_msg("%s: span [%zu,%zu) \"%.*s\": original \"%s\" re-normalises to \"%s\", want \"%.*s\"",
                         orig, s, e, (int)(e - s), t.text + s, slice, renorm, (int)(we - ws), t.text + ws);
            free(renorm);
            free(slice);
            n_checked++;
        }
    }
    assert_true(n_checked > 0);
    assert_true(n_exact > 0);
    norm_free(&t);
}

static void test_norm_every_span_requotes_and_renormalises(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "萨姆・阿\xE2\x80\x8B尔特曼（Ｓａｍ　Ａｌｔｍａｎ）",
        "甲\r\n\r\n乙 \t 丙\x01丁",
        "a\xF0\xA0\xAE\xB7" "b\xF0\x9F\x98\x80 Cafe\xCC\x81!",
        "\xEF\xBB\xBF" "OpenAI，首席执行官．\xE3\x88\xB1" "ﬁ",
        "  前导空白\t和\xE3\x80\x80全角空格  ",
        "\xE2\x80\x8B\xE2\x80\x8B只有零宽\xE2\x80\x8B",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        check_every_span(texts[i]);
}

/* ---- the fast path gives what utf8proc gives ---- */

static void check_fast_path(int32_t cp)
{
    utf8proc_uint8_t in[8];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
    in[n] = 0;
    utf8proc_uint8_t *want = utf8proc_NFKC(in);
    assert_non_null(want);
    char *got = norm_string((const char *)in);
    assert_non_null(got);
    if (strcmp(got, (const char *)want) != 0)
        fail_msg("U+%04X: norm_string \"%s\", utf8proc_NFKC \"%s\"", (unsigned)cp, got, (const char *)want);
    free(got);
    free(want);
}

static void test_norm_fast_path_equals_utf8proc_nfkc(void **state)
{
    (void)state;
    for (int32_t cp = 0xFF01; cp <= 0xFF5E; cp++)
        check_fast_path(cp);
    for (int32_t cp = 0x4E00; cp <= 0x9FFF; cp += 37)
        check_fast_path(cp);
    check_fast_path(0x9FFF);
    check_fast_path(0x3001);
    check_fast_path(0x3002);
    for (int32_t cp = 0x21; cp < 0x7F; cp++)    /* printable ASCII; spaces and controls fold */
        check_fast_path(cp);
}

/* ---- cp_index ---- */

static void test_cp_index_matches_naive_count_on_mixed_text(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "甲", "\xF0\x9F\x98\x80", "\xC3\xA9", "Z9", "萨姆·"};
    struct buf b = {0};
    for (size_t i = 0; b.len < 12 * 1024; i = (i * 7 + 3) % 6)
        assert_true(buf_adds(&b, pieces[i]));
    assert_true(b.len > 10 * 1024);
    struct cp_index ix;
    assert_int_equal(cp_index_build(&ix, b.p, b.len), ZHX_OK);
    /* at least one 4 KiB checkpoint falls inside a character */
    assert_true(!is_boundary(b.p, 4096) || !is_boundary(b.p, 8192));
    size_t cps = 0;
    for (size_t i = 0; i <= b.len; i++) {
        if (i == b.len || is_boundary(b.p, i)) {
            if (cp_index_at(&ix, i) != cps)
                fail_msg("byte %zu: cp_index_at %zu, naive %zu", i, cp_index_at(&ix, i), cps);
            if (i < b.len)
                cps++;
        }
    }
    assert_int_equal(cp_index_at(&ix, b.len), utf8_count(b.p, b.len));
    assert_int_equal(cp_index_at(&ix, b.len + 100), cps);     /* past the end: the total */
    cp_index_free(&ix);
    cp_index_free(&ix);
    buf_free(&b);
}

static void test_cp_index_on_empty_text(void **state)
{
    (void)state;
    struct cp_index ix;
    assert_int_equal(cp_index_build(&ix, "", 0), ZHX_OK);
    assert_int_equal(cp_index_at(&ix, 0), 0);
    cp_index_free(&ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_norm_folds_fullwidth_ascii_to_ascii),
        cmocka_unit_test(test_norm_folds_fullwidth_punctuation_to_ascii),
        cmocka_unit_test(test_norm_folds_ideographic_space_to_space),
        cmocka_unit_test(test_norm_folds_every_middle_dot_lookalike_to_u00b7),
        cmocka_unit_test(test_norm_drops_zero_width_chars_and_bom),
        cmocka_unit_test(test_norm_collapses_whitespace_run_to_one_space),
        cmocka_unit_test(test_norm_drops_blank_between_han_and_ascii),
        cmocka_unit_test(test_norm_collapses_run_with_line_break_to_one_newline),
        cmocka_unit_test(test_norm_maps_control_chars_to_space),
        cmocka_unit_test(test_norm_composes_nfd_to_nfc),
        cmocka_unit_test(test_norm_never_leaves_two_white_spaces_in_a_row),
        cmocka_unit_test(test_norm_apply_empty_input),
        cmocka_unit_test(test_norm_string_rejects_invalid_utf8),
        cmocka_unit_test(test_norm_maps_astral_chars_to_their_four_bytes),
        cmocka_unit_test(test_norm_maps_crlf_newline_to_both_bytes),
        cmocka_unit_test(test_norm_maps_nfd_sequence_to_composed_char),
        cmocka_unit_test(test_norm_maps_fullwidth_dot_to_original_offset),
        cmocka_unit_test(test_norm_maps_fullwidth_letters_to_original_offset),
        cmocka_unit_test(test_norm_span_over_dropped_zwsp_quotes_it),
        cmocka_unit_test(test_norm_span_over_collapsed_run_quotes_whole_run),
        cmocka_unit_test(test_norm_empty_span_and_end_map_to_original_length),
        cmocka_unit_test(test_norm_every_span_requotes_and_renormalises),
        cmocka_unit_test(test_norm_fast_path_equals_utf8proc_nfkc),
        cmocka_unit_test(test_cp_index_matches_naive_count_on_mixed_text),
        cmocka_unit_test(test_cp_index_on_empty_text),
    };
    return cmocka_run_group_tests_name("normalize", tests, NULL, NULL);
}
