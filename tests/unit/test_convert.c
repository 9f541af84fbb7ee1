/* test_convert.c: Traditional-to-Simplified conversion for matching (convert.h)
 * and the way back to the document's script (rescript.h), with OpenCC's t2s. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "convert.h"
#include "lexicon.h"
#include "rescript.h"
#include "util.h"

static int group_setup(void **state)
{
    struct script_conv *sc = NULL;
    struct zhx_err err = {0};
    if (conv_load("t2s", &sc, &err) != ZHX_OK) {
        print_error("conv_load: %s\n", err.msg);
        return -1;
    }
    *state = sc;
    return 0;
}

static int group_teardown(void **state)
{
    conv_free(*state);
    return 0;
}

static char *apply(const struct script_conv *sc, const char *text, size_t *n_changed)
{
    struct conv_worker *cw = NULL;
    struct zhx_err err = {0};
    assert_int_equal(conv_worker_open(sc, &cw, &err), ZHX_OK);
    char *out = NULL;
    assert_int_equal(conv_apply(cw, text, strlen(text), &out, n_changed, &err), ZHX_OK);
    conv_worker_close(cw);
    return out;
}

/* A Traditional sentence becomes Simplified with exactly its byte layout. */
static void test_traditional_keeps_layout(void **state)
{
    const char *in = "行政總裁鄧嘉欣將於本月底離任。\n財務長周志偉轉任策略長。";
    size_t n = 0;
    char *out = apply(*state, in, &n);
    assert_non_null(out);
    assert_string_equal(out, "行政总裁邓嘉欣将于本月底离任。\n财务长周志伟转任策略长。");
    assert_int_equal(strlen(out), strlen(in));
    assert_int_equal(n, 11);    /* 總 鄧 將 於 離, 財 務 長 偉 轉 長 */
    free(out);
}

/* Simplified text needs no OpenCC call and no copy. */
static void test_simplified_untouched(void **state)
{
    size_t n = 99;
    char *out = apply(*state, "联合创始人约翰·舒尔曼(John Schulman)加入Anthropic。", &n);
    assert_null(out);
    assert_int_equal(n, 0);
}

/* Phrases follow OpenCC (乾隆 keeps 乾) where a character table alone would not. */
static void test_phrase_context(void **state)
{
    size_t n = 0;
    char *out = apply(*state, "乾隆年間的乾燥氣候", &n);
    assert_non_null(out);
    assert_string_equal(out, "乾隆年间的干燥气候");
    free(out);
}

/* tw2sp rewrites vocabulary: 記憶體 shrinks to 内存 and 太空梭 grows to 航天飞机,
 * so the counts of the line match while everything between would pair with the
 * wrong character. The line falls back to the table: 王志偉 stays at its bytes. */
static void test_shifted_phrases_fall_back(void **state)
{
    (void)state;
    struct script_conv *sc = NULL;
    struct zhx_err err = {0};
    assert_int_equal(conv_load("tw2sp", &sc, &err), ZHX_OK);
    const char *in = "太空梭公司董事長王志偉出任記憶體廠商總經理。";
    size_t n = 0;
    char *out = apply(sc, in, &n);
    assert_non_null(out);
    assert_int_equal(strlen(out), strlen(in));
    const char *at = strstr(in, "王志偉");
    assert_memory_equal(out + (at - in), "王志伟", strlen("王志伟"));
    free(out);
    conv_free(sc);
}

static void test_conv_string_and_cp(void **state)
{
    const struct script_conv *sc = *state;
    char *s = conv_string(sc, "執行長");
    assert_string_equal(s, "执行长");
    free(s);
    assert_int_equal(conv_cp(sc, 0x9577 /* 長 */), 0x957F /* 长 */);
    assert_int_equal(conv_cp(sc, 'A'), 'A');
}

static void test_unknown_config(void **state)
{
    (void)state;
    struct script_conv *sc = NULL;
    struct zhx_err err = {0};
    assert_int_equal(conv_load("no-such-config", &sc, &err), ZHX_ERR_USAGE);
    assert_null(sc);
    assert_non_null(strstr(err.msg, "no-such-config"));
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* 執行長 and 执行长 in one lexicon are one entry after conversion, not an error;
 * a duplicate the file itself wrote still is one, converted or not, and so are
 * two entries conversion makes one but that give different canonical forms. */
static void test_lexicon_merges_converted_duplicates(void **state)
{
    char path[] = "/tmp/zhx-test-convert-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_file(path, "执行长\tChief Executive Officer\n執行長\tChief Executive Officer\n技術長\tChief Technology Officer\n");
    struct lexicon *lx = NULL;
    struct zhx_err err = {0};
    assert_int_equal(lex_load("T", path, *state, &lx, &err), ZHX_OK);
    assert_int_equal(lx->n, 2);
    assert_string_equal(lex_lookup(lx, "技术长", strlen("技术长")), "Chief Technology Officer");
    lex_free(lx);
    assert_int_equal(lex_load("T", path, NULL, &lx, &err), ZHX_OK);   /* unconverted: 3 */
    assert_int_equal(lx->n, 3);
    lex_free(lx);
    write_file(path, "执行长\tCEO\n执行长\tCEO\n");
    assert_int_equal(lex_load("T", path, *state, &lx, &err), ZHX_ERR_RULES);
    assert_int_equal(err.line, 2);
    write_file(path, "執行長\tCEO\n技術長\tCTO\n執行長\tCEO\n");   /* written twice, converted */
    assert_int_equal(lex_load("T", path, *state, &lx, &err), ZHX_ERR_RULES);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "duplicate"));
    write_file(path, "鼎曜電機\tDY Electric\n鼎曜电机\tDingyao\n");
    assert_int_equal(lex_load("T", path, *state, &lx, &err), ZHX_ERR_RULES);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "canonical"));
    unlink(path);
}

/* Fields copied from the converted text come back in the document's script;
 * the Simplified name stays beside it; canonical forms are left alone. */
static void test_rescript(void **state)
{
    (void)state;
    const char *display = "特斯拉行政總裁馬斯克表示。";
    const char *conv = "特斯拉行政总裁马斯克表示。";
    struct result res = {0};
    struct person people[1] = {{.id = "P1", .name = "马斯克"}};
    const char *aliases[] = {"马斯克"};
    people[0].aliases = aliases;
    people[0].n_aliases = 1;
    struct record v[2] = {0};
    size_t ms = strlen("特斯拉行政总裁");
    v[0] = (struct record){.type = REC_PERSON, .start = ms, .end = ms + strlen("马斯克"), .person = 0};
    v[1] = (struct record){.type = REC_TITLE, .start = strlen("特斯拉"), .end = ms, .person = 0};
    v[1].f[F_TITLE] = "行政总裁";
    v[1].f[F_CANONICAL] = "行政总裁";
    res.v = v;
    res.n = 2;
    res.people = people;
    res.n_people = 1;
    struct zhx_err err = {0};
    assert_int_equal(rescript_result(&res, conv, display, strlen(conv), &err), ZHX_OK);
    assert_string_equal(people[0].name, "馬斯克");
    assert_string_equal(people[0].name_simplified, "马斯克");
    assert_string_equal(people[0].aliases[0], "馬斯克");
    assert_string_equal(v[1].f[F_TITLE], "行政總裁");
    assert_string_equal(v[1].f[F_CANONICAL], "行政总裁");
    arena_free(&res.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_traditional_keeps_layout),
        cmocka_unit_test(test_simplified_untouched),
        cmocka_unit_test(test_phrase_context),
        cmocka_unit_test(test_shifted_phrases_fall_back),
        cmocka_unit_test(test_conv_string_and_cp),
        cmocka_unit_test(test_unknown_config),
        cmocka_unit_test(test_lexicon_merges_converted_duplicates),
        cmocka_unit_test(test_rescript),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
