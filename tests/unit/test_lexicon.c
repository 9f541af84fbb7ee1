/* test_lexicon.c: the regex a lexicon compiles to (longest entry first, ASCII
 * punctuation literal), lookups, and loading TSV files with their errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include "lexicon.h"
#include "limits.h"
#include "rules.h"      /* pcre2.h with the code unit width set */

/* ---- helpers ---- */

static struct lexicon *pairs(const char *const *surface, const char *const *canonical, size_t n)
{
    struct lexicon *lx = NULL;
    struct zhx_err err = {0};
    enum zhx_rc rc = lex_from_pairs("TEST", surface, canonical, n, &lx, &err);
    if (rc != ZHX_OK)
        fail_msg("lex_from_pairs: %s:%ld:%ld: %s", err.file, err.line, err.col, err.msg);
    assert_non_null(lx);
    assert_non_null(lx->regex);
    return lx;
}

static pcre2_code *compile(const char *regex)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_EXTENDED, &code, &off, NULL);
    if (re == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        fail_msg("regex /%s/ does not compile at %zu: %s", regex, (size_t)off, (const char *)msg);
    }
    return re;
}

/* Bytes the regex matches anchored at the start of subject, or -1. */
static long match_len(pcre2_code *re, const char *subject)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    assert_non_null(md);
    int rc = pcre2_match(re, (PCRE2_SPTR)subject, strlen(subject), 0, PCRE2_ANCHORED, md, NULL);
    long n = -1;
    if (rc > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        n = (long)(ov[1] - ov[0]);
    } else {
        assert_int_equal(rc, PCRE2_ERROR_NOMATCH);
    }
    pcre2_match_data_free(md);
    return n;
}

static char tmpdir[64];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/zhx-lex-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

/* Files a failed test left behind go too. */
static int remove_tmpdir(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    if (d == NULL)
        return -1;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[384];
        snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        unlink(path);
    }
    closedir(d);
    return rmdir(tmpdir);
}

/* Write content to a file in tmpdir; returns its path (static buffer). */
static const char *write_tsv(const char *name, const char *content)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, strlen(content), f), strlen(content));
    assert_int_equal(fclose(f), 0);
    return path;
}

/* ---- the regex ---- */

static void test_lex_regex_matches_longest_entry_at_a_position(void **state)
{
    (void)state;
    static const char *const s[] = {"首席", "执行官", "首席执行官", "首席技术官", "首"};
    struct lexicon *lx = pairs(s, NULL, 5);
    pcre2_code *re = compile(lx->regex);
    assert_int_equal(match_len(re, "首席执行官表示"), strlen("首席执行官"));
    assert_int_equal(match_len(re, "首席技术官"), strlen("首席技术官"));
    assert_int_equal(match_len(re, "首席科学家"), strlen("首席"));
    assert_int_equal(match_len(re, "首先"), strlen("首"));
    assert_int_equal(match_len(re, "执行官"), strlen("执行官"));
    assert_int_equal(match_len(re, "执行"), -1);
    assert_int_equal(match_len(re, "技术官"), -1);
    pcre2_code_free(re);
    lex_free(lx);
}

static void test_lex_regex_matches_ascii_punctuation_and_spaces_literally(void **state)
{
    (void)state;
    static const char *const s[] = {"Y Combinator", "JD.com", "C++", "a|b", "(x)", "#tag", "$1*"};
    struct lexicon *lx = pairs(s, NULL, 7);
    pcre2_code *re = compile(lx->regex);
    assert_int_equal(match_len(re, "Y Combinator投资"), strlen("Y Combinator"));
    assert_int_equal(match_len(re, "YCombinator"), -1);        /* EXTENDED must not eat the space */
    assert_int_equal(match_len(re, "JD.com"), strlen("JD.com"));
    assert_int_equal(match_len(re, "JDxcom"), -1);             /* "." is not any char */
    assert_int_equal(match_len(re, "C++"), 3);
    assert_int_equal(match_len(re, "CC"), -1);
    assert_int_equal(match_len(re, "a|b"), 3);
    assert_int_equal(match_len(re, "b"), -1);
    assert_int_equal(match_len(re, "(x)"), 3);
    assert_int_equal(match_len(re, "x"), -1);
    assert_int_equal(match_len(re, "#tag"), 4);                /* # is not a comment */
    assert_int_equal(match_len(re, "$1*"), 3);
    assert_int_equal(match_len(re, "$11"), -1);
    pcre2_code_free(re);
    lex_free(lx);
}

static void test_lex_regex_compiles_one_char_entries_to_a_class(void **state)
{
    (void)state;
    static const char *const s[] = {"甲", "乙", "丙"};
    struct lexicon *lx = pairs(s, NULL, 3);
    assert_non_null(strchr(lx->regex, '['));
    assert_null(strchr(lx->regex, '|'));
    pcre2_code *re = compile(lx->regex);
    assert_int_equal(match_len(re, "甲"), 3);
    assert_int_equal(match_len(re, "乙"), 3);
    assert_int_equal(match_len(re, "丙"), 3);
    assert_int_equal(match_len(re, "丁"), -1);
    pcre2_code_free(re);
    lex_free(lx);
}

/* A long class is cut into chunks over disjoint code point ranges (lexicon.c:
 * PCRE2's JIT compares a character with every member of a class); what it
 * matches must not change. Entries: every other code point from U+4E00, so
 * the ones between are in a chunk's range but not in the lexicon. */
static void test_lex_regex_long_class_is_chunked_and_matches_the_same(void **state)
{
    (void)state;
    enum { N = 100 };
    static char words[N + 1][8];
    const char *s[N + 1];
    for (int i = 0; i < N; i++) {
        unsigned cp = 0x4E00 + 2u * (unsigned)i;
        words[i][0] = (char)(0xE0 | (cp >> 12));
        words[i][1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        words[i][2] = (char)(0x80 | (cp & 0x3F));
        s[i] = words[i];
    }
    strcpy(words[N], "\xe4\xb8\x80\xe4\xb8\x81");   /* U+4E00 U+4E01: longer than its first character */
    s[N] = words[N];
    struct lexicon *lx = pairs(s, NULL, N + 1);
    size_t classes = 0;
    for (const char *p = lx->regex; *p; p++)
        classes += *p == '[';
    assert_int_equal(classes, (N - 1 + ZHX_CLASS_CHUNK - 1) / ZHX_CLASS_CHUNK);   /* U+4E00 leads a branch */
    pcre2_code *re = compile(lx->regex);
    for (int i = 0; i < N; i++) {
        unsigned cp = 0x4E00 + 2u * (unsigned)i + 1;   /* the code point after entry i: not an entry */
        char odd[4] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F)), 0};
        assert_int_equal(match_len(re, words[i]), 3);
        if (i > 0)
            assert_int_equal(match_len(re, odd), -1);
    }
    assert_int_equal(match_len(re, words[N]), 6);
    assert_int_equal(match_len(re, "a"), -1);
    pcre2_code_free(re);
    lex_free(lx);
}

static void test_lex_regex_class_of_ascii_chars_has_no_accidental_range(void **state)
{
    (void)state;
    static const char *const s[] = {"a", "-", "z", "]", "^"};
    struct lexicon *lx = pairs(s, NULL, 5);
    pcre2_code *re = compile(lx->regex);
    assert_int_equal(match_len(re, "a"), 1);
    assert_int_equal(match_len(re, "-"), 1);
    assert_int_equal(match_len(re, "z"), 1);
    assert_int_equal(match_len(re, "]"), 1);
    assert_int_equal(match_len(re, "^"), 1);
    assert_int_equal(match_len(re, "m"), -1);       /* not a-z */
    assert_int_equal(match_len(re, "b"), -1);
    pcre2_code_free(re);
    lex_free(lx);
}

static void test_lex_empty_lexicon_matches_nothing(void **state)
{
    (void)state;
    struct lexicon *lx = pairs(NULL, NULL, 0);
    pcre2_code *re = compile(lx->regex);
    assert_int_equal(match_len(re, ""), -1);
    assert_int_equal(match_len(re, "甲"), -1);
    pcre2_code_free(re);
    lex_free(lx);
}

/* ---- lookups ---- */

static void test_lex_lookup_returns_canonical_or_null(void **state)
{
    (void)state;
    static const char *const s[] = {"首席执行官", "CEO", "首席", "谷歌"};
    static const char *const c[] = {"Chief Executive Officer", "Chief Executive Officer", NULL, "Google"};
    struct lexicon *lx = pairs(s, c, 4);
    const char *text = "首席执行官表示";
    assert_string_equal(lex_lookup(lx, text, strlen("首席执行官")), "Chief Executive Officer");
    assert_string_equal(lex_lookup(lx, "CEO", 3), "Chief Executive Officer");
    assert_string_equal(lex_lookup(lx, "谷歌", strlen("谷歌")), "Google");
    assert_string_equal(lex_lookup(lx, text, strlen("首席")), "首席");    /* no canonical: the surface */
    assert_null(lex_lookup(lx, text, strlen("首席执")));                    /* a prefix of an entry */
    assert_null(lex_lookup(lx, text, strlen(text)));                        /* longer than any entry */
    assert_null(lex_lookup(lx, "CE", 2));
    assert_null(lex_lookup(lx, "", 0));
    assert_null(lex_lookup(NULL, "CEO", 3));
    lex_free(lx);
}

static void test_lex_longest_suffix_prefers_the_longest_entry(void **state)
{
    (void)state;
    static const char *const s[] = {"执行官", "首席执行官", "官", "谷歌"};
    struct lexicon *lx = pairs(s, NULL, 4);
    const char *a = "公司首席执行官";
    const struct lex_entry *e = lex_longest_suffix(lx, a, strlen(a));
    assert_non_null(e);
    assert_string_equal(e->surface, "首席执行官");
    const char *b = "副执行官";
    e = lex_longest_suffix(lx, b, strlen(b));
    assert_non_null(e);
    assert_string_equal(e->surface, "执行官");
    const char *c = "外交官";
    e = lex_longest_suffix(lx, c, strlen(c));
    assert_non_null(e);
    assert_string_equal(e->surface, "官");
    /* only the first len bytes count */
    e = lex_longest_suffix(lx, "谷歌公司", strlen("谷歌"));
    assert_non_null(e);
    assert_string_equal(e->surface, "谷歌");
    assert_null(lex_longest_suffix(lx, "表示", strlen("表示")));
    assert_null(lex_longest_suffix(lx, "", 0));
    assert_null(lex_longest_suffix(NULL, a, strlen(a)));
    lex_free(lx);
}

/* ---- errors in memory ---- */

static void test_lex_duplicate_surface_is_rules_error_with_both_lines(void **state)
{
    (void)state;
    static const char *const s[] = {"谷歌", "百度", "谷歌"};
    struct lexicon *lx = (struct lexicon *)1;
    struct zhx_err err = {0};
    assert_int_equal(lex_from_pairs("ORG", s, NULL, 3, &lx, &err), ZHX_ERR_RULES);
    assert_null(lx);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "duplicate entry"));
    assert_non_null(strstr(err.msg, "first at line 1"));
}

static void test_lex_duplicate_after_normalising_is_an_error(void **state)
{
    (void)state;
    static const char *const s[] = {"CEO", "ＣＥＯ"};
    struct lexicon *lx = NULL;
    struct zhx_err err = {0};
    assert_int_equal(lex_from_pairs("T", s, NULL, 2, &lx, &err), ZHX_ERR_RULES);
    assert_null(lx);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "first at line 1"));
}

static void test_lex_empty_surface_is_an_error(void **state)
{
    (void)state;
    static const char *const s[] = {"甲", "\xE2\x80\x8B"};      /* ZWSP normalises to nothing */
    struct lexicon *lx = NULL;
    struct zhx_err err = {0};
    assert_int_equal(lex_from_pairs("T", s, NULL, 2, &lx, &err), ZHX_ERR_RULES);
    assert_null(lx);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "empty surface"));
}

/* ---- lex_load ---- */

static void test_lex_load_reads_comments_blanks_crlf_and_surface_only_lines(void **state)
{
    (void)state;
    const char *path = write_tsv("titles.tsv",
                                 "# titles: surface TAB canonical\r\n"
                                 "\r\n"
                                 "首席执行官\tChief Executive Officer\r\n"
                                 "   \r\n"
                                 "负责人\r\n"
                                 "ＣＴＯ\tChief Technology Officer\r\n"
                                 "  # an indented comment\n"
                                 "总裁 \t President \n"
                                 "董事长\tChairman");      /* no final newline */
    struct lexicon *lx = NULL;
    struct zhx_err err = {0};
    enum zhx_rc rc = lex_load("TITLE", path, NULL, &lx, &err);
    if (rc != ZHX_OK)
        fail_msg("%s:%ld:%ld: %s", err.file, err.line, err.col, err.msg);
    assert_int_equal(lx->n, 5);
    assert_string_equal(lx->name, "TITLE");
    assert_string_equal(lex_lookup(lx, "首席执行官", strlen("首席执行官")), "Chief Executive Officer");
    assert_string_equal(lex_lookup(lx, "负责人", strlen("负责人")), "负责人");   /* no \r kept */
    assert_string_equal(lex_lookup(lx, "CTO", 3), "Chief Technology Officer");  /* full width folded */
    assert_null(lex_lookup(lx, "ＣＴＯ", strlen("ＣＴＯ")));                    /* text is normalised first */
    assert_string_equal(lex_lookup(lx, "总裁", strlen("总裁")), "President");
    assert_string_equal(lex_lookup(lx, "董事长", strlen("董事长")), "Chairman");
    for (size_t i = 0; i < lx->n; i++) {
        assert_null(strchr(lx->v[i].surface, '\r'));
        assert_null(strchr(lx->v[i].canonical, '\r'));
        if (strcmp(lx->v[i].surface, "CTO") == 0)
            assert_int_equal(lx->v[i].line, 6);
        if (i > 0)
            assert_true(strcmp(lx->v[i - 1].surface, lx->v[i].surface) < 0);   /* sorted */
    }
    pcre2_code *re = compile(lx->regex);
    assert_int_equal(match_len(re, "CTO"), 3);
    pcre2_code_free(re);
    lex_free(lx);
    unlink(path);
}

static void test_lex_load_third_column_is_error_at_line_and_col(void **state)
{
    (void)state;
    const char *path = write_tsv("three.tsv", "# x\nCEO\tChief\nabc\tdef\tghi\n");
    struct lexicon *lx = (struct lexicon *)1;
    struct zhx_err err = {0};
    assert_int_equal(lex_load("T", path, NULL, &lx, &err), ZHX_ERR_RULES);
    assert_null(lx);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 3);
    /* "abc\tdef\tghi": the second tab is column 8, the third column starts at 9 */
    assert_true(err.col == 8 || err.col == 9);
    assert_non_null(strstr(err.msg, "more than two columns"));
    unlink(path);
}

/* Columns elsewhere (rules.c) count code points, as an editor shows them.
 * Regression: the third-column error once counted bytes, so on a Chinese line
 * the column was past where an editor shows the tab. */
static void test_lex_load_third_column_col_counts_code_points(void **state)
{
    (void)state;
    const char *path = write_tsv("three_cjk.tsv", "首席\t执行官\t多余\n");
    struct lexicon *lx = NULL;
    struct zhx_err err = {0};
    assert_int_equal(lex_load("T", path, NULL, &lx, &err), ZHX_ERR_RULES);
    assert_int_equal(err.line, 1);
    /* 首 席 TAB 执 行 官 TAB: the second tab is code point 7, the third column 8
     * (in bytes: 17 and 18) */
    if (!(err.col == 7 || err.col == 8))
        fail_msg("col %ld: want 7 or 8 (code points); 17 or 18 would be bytes", err.col);
    unlink(path);
}

static void test_lex_load_duplicate_is_error_at_later_line(void **state)
{
    (void)state;
    const char *path = write_tsv("dup.tsv", "谷歌\tGoogle\n百度\tBaidu\n\n谷歌\tAlphabet\n");
    struct lexicon *lx = NULL;
    struct zhx_err err = {0};
    assert_int_equal(lex_load("ORG", path, NULL, &lx, &err), ZHX_ERR_RULES);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "first at line 1"));
    unlink(path);
}

/* The header: "an empty surface ... is an error at file:line:col".
 * Regression: trim() once stripped the leading tab of "\tcanonical", so
 * the canonical became a surface-only entry instead of an error. */
static void test_lex_load_empty_surface_before_tab_is_an_error(void **state)
{
    (void)state;
    const char *path = write_tsv("empty.tsv", "甲\tA\n\tOrphan\n");
    struct lexicon *lx = NULL;
    struct zhx_err err = {0};
    enum zhx_rc rc = lex_load("T", path, NULL, &lx, &err);
    if (rc == ZHX_OK) {
        bool orphan = lex_lookup(lx, "Orphan", 6) != NULL;
        lex_free(lx);
        unlink(path);
        fail_msg("\"\\tOrphan\" loaded%s instead of failing with \"empty surface\"",
                 orphan ? " as the surface Orphan" : "");
    }
    assert_int_equal(rc, ZHX_ERR_RULES);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "empty surface"));
    unlink(path);
}

static void test_lex_load_missing_file_is_io_error(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "%s/no-such.tsv", tmpdir);
    struct lexicon *lx = (struct lexicon *)1;
    struct zhx_err err = {0};
    assert_int_equal(lex_load("T", path, NULL, &lx, &err), ZHX_ERR_IO);
    assert_null(lx);
    assert_string_equal(err.file, path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lex_regex_matches_longest_entry_at_a_position),
        cmocka_unit_test(test_lex_regex_matches_ascii_punctuation_and_spaces_literally),
        cmocka_unit_test(test_lex_regex_compiles_one_char_entries_to_a_class),
        cmocka_unit_test(test_lex_regex_long_class_is_chunked_and_matches_the_same),
        cmocka_unit_test(test_lex_regex_class_of_ascii_chars_has_no_accidental_range),
        cmocka_unit_test(test_lex_empty_lexicon_matches_nothing),
        cmocka_unit_test(test_lex_lookup_returns_canonical_or_null),
        cmocka_unit_test(test_lex_longest_suffix_prefers_the_longest_entry),
        cmocka_unit_test(test_lex_duplicate_surface_is_rules_error_with_both_lines),
        cmocka_unit_test(test_lex_duplicate_after_normalising_is_an_error),
        cmocka_unit_test(test_lex_empty_surface_is_an_error),
        cmocka_unit_test(test_lex_load_reads_comments_blanks_crlf_and_surface_only_lines),
        cmocka_unit_test(test_lex_load_third_column_is_error_at_line_and_col),
        cmocka_unit_test(test_lex_load_third_column_col_counts_code_points),
        cmocka_unit_test(test_lex_load_duplicate_is_error_at_later_line),
        cmocka_unit_test(test_lex_load_empty_surface_before_tab_is_an_error),
        cmocka_unit_test(test_lex_load_missing_file_is_io_error),
    };
    return cmocka_run_group_tests_name("lexicon", tests, make_tmpdir, remove_tmpdir);
}
