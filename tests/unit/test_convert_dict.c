/* test_convert_dict.c: zhx's copy of OpenCC's conversion (convert_dict.h) gives
 * exactly what the OpenCC library gives, for every configuration it holds, on
 * every line of the corpus and on strings made to reach the algorithm's corners. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <opencc.h>

#include "convert.h"
#include "convert_dict.h"
#include "util.h"

static const char *const configs[] = {"t2s", "tw2s", "hk2s", "tw2sp"};

struct pair {
    struct ccd *own;
    opencc_t lib;
    struct ccd_scratch scr;
    size_t lines, differ;
};

static void pair_open(struct pair *p, const char *config)
{
    memset(p, 0, sizeof *p);
    struct zhx_err err = {0};
    assert_int_equal(ccd_load(config, &p->own, &err), ZHX_OK);
    if (p->own == NULL)
        fail_msg("%s is not compiled in: was zhx built without opencc_dict (Debian package opencc)?", config);
    char path[64];
    snprintf(path, sizeof path, "%s.json", config);
    p->lib = opencc_open(path);
    assert_true(p->lib != (opencc_t)-1);
}

static void pair_close(struct pair *p)
{
    ccd_free(p->own);
    opencc_close(p->lib);
    ccd_scratch_free(&p->scr);
}

/* Compare the two on s[0, len); a difference is printed and counted. */
static void same(struct pair *p, const char *config, const char *s, size_t len)
{
    char *lib = opencc_convert_utf8(p->lib, s, len);
    const char *own = ccd_convert(p->own, s, len, &p->scr);
    assert_non_null(lib);
    assert_non_null(own);
    p->lines++;
    if (strcmp(lib, own) != 0) {
        if (p->differ++ < 5)
            print_error("%s: '%.*s'\n  OpenCC: '%s'\n  zhx:    '%s'\n", config, (int)len, s, lib, own);
    }
    opencc_convert_utf8_free(lib);
}

static void same_file(struct pair *p, const char *config, const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            n--;
        same(p, config, line, (size_t)n);
    }
    free(line);
    fclose(f);
}

static void test_corpus_lines(void **state)
{
    (void)state;
    const char *dirs[] = {"corpus/articles", "corpus/heldout"};
    for (size_t c = 0; c < sizeof configs / sizeof *configs; c++) {
        struct pair p;
        pair_open(&p, configs[c]);
        for (size_t d = 0; d < 2; d++) {
            DIR *dir = opendir(dirs[d]);
            assert_non_null(dir);
            struct dirent *e;
            while ((e = readdir(dir)) != NULL) {
                size_t n = strlen(e->d_name);
                if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
                    continue;
                char path[512];
                snprintf(path, sizeof path, "%s/%s", dirs[d], e->d_name);
                same_file(&p, configs[c], path);
            }
            closedir(dir);
        }
        /* the corpus is 100+ articles; a walk that found none proves nothing */
        assert_true(p.lines > 1000);
        assert_int_equal(p.differ, 0);
        pair_close(&p);
    }
}

static void test_corners(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "",
        "plain ASCII, no Chinese at all",
        "乾隆皇帝與乾燥的天氣",             /* a phrase keeps 乾, another changes it */
        "乾燥",                              /* a phrase that is the whole text */
        "天氣乾燥",                          /* one that ends it */
        "老態龍鍾老態龍鍾",                  /* two keys side by side */
        "他用滑鼠在記憶體裡找計程車",        /* tw2sp: phrases that change the length */
        "太空梭與軟體,資訊科技",
        "𠁞𠀾與麵包",                         /* supplementary-plane characters */
        "後來,他擔任董事長兼執行長。",
        "裡裏裡面的頭髮發現",
        "馬來西亞檳城州首席部長曹觀友",
    };
    for (size_t c = 0; c < sizeof configs / sizeof *configs; c++) {
        struct pair p;
        pair_open(&p, configs[c]);
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
            same(&p, configs[c], texts[i], strlen(texts[i]));
        /* and every key of the dictionaries, one per line and all in one text */
        struct buf keys = {0};
        assert_true(ccd_keys(p.own, &keys));
        assert_true(keys.len > 1000);
        same(&p, configs[c], keys.p, keys.len);
        buf_free(&keys);
        assert_int_equal(p.differ, 0);
        pair_close(&p);
    }
}

static void test_which_converter(void **state)
{
    (void)state;
    struct script_conv *sc = NULL;
    struct zhx_err err = {0};
    assert_int_equal(conv_load("t2s", &sc, &err), ZHX_OK);
    assert_false(conv_uses_library(sc));   /* compiled in and checked */
    conv_free(sc);
    /* a path may name other dictionaries: the library converts; and the
     * character table it builds is the one the compiled-in copy built */
    char path[1024];
    snprintf(path, sizeof path, "%s/t2s.json", ccd_data_dir);
    if (access(path, R_OK) == 0) {
        struct script_conv *lib = NULL;
        assert_int_equal(conv_load("t2s", &sc, &err), ZHX_OK);
        assert_int_equal(conv_load(path, &lib, &err), ZHX_OK);
        assert_true(conv_uses_library(lib));
        size_t changed = 0;
        for (int32_t cp = 0x3400; cp < 0xA000; cp++) {
            assert_int_equal(conv_cp(sc, cp), conv_cp(lib, cp));
            changed += conv_cp(sc, cp) != cp;
        }
        assert_true(changed > 2000);   /* 發 to 发 and the rest: a table, not an empty one */
        conv_free(lib);
        conv_free(sc);
    }
    struct ccd *c = NULL;
    assert_int_equal(ccd_load("no-such-config", &c, &err), ZHX_OK);
    assert_null(c);
}

static void copy_file(const char *from_dir, const char *name, const char *to_dir)
{
    char a[1024], b[1024];
    snprintf(a, sizeof a, "%s/%s", from_dir, name);
    snprintf(b, sizeof b, "%s/%s", to_dir, name);
    FILE *in = fopen(a, "rb"), *out = fopen(b, "wb");
    assert_non_null(in);
    assert_non_null(out);
    int ch;
    while ((ch = getc(in)) != EOF)
        putc(ch, out);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

/* The tables are used only when OpenCC will read the very files they were
 * dumped from: a key added by an upgrade shows in no conversion of theirs. */
static void test_files_must_be_the_dumped_ones(void **state)
{
    (void)state;
    struct ccd *c = NULL;
    struct zhx_err err = {0};
    assert_int_equal(ccd_load("t2s", &c, &err), ZHX_OK);
    assert_non_null(c);
    assert_true(ccd_files_match(c, ccd_data_dir));
    char dir[] = "/tmp/zhx-ccd-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *files[] = {"t2s.json", "TSPhrases.ocd2", "TSCharacters.ocd2"};
    for (size_t i = 0; i < 3; i++)
        copy_file(ccd_data_dir, files[i], dir);
    assert_true(ccd_files_match(c, dir));           /* the same bytes elsewhere */
    char path[1024];
    snprintf(path, sizeof path, "%s/TSPhrases.ocd2", dir);
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fputc('x', f);                                  /* an upgraded dictionary */
    fclose(f);
    assert_false(ccd_files_match(c, dir));
    assert_int_equal(unlink(path), 0);
    assert_false(ccd_files_match(c, dir));          /* a missing one */
    assert_false(ccd_files_match(c, ""));
    /* OpenCC reads a t2s.json of the working directory first */
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    assert_false(ccd_files_match(c, ccd_data_dir));
    struct script_conv *sc = NULL;
    assert_int_equal(conv_load("t2s", &sc, &err), ZHX_OK);
    assert_true(conv_uses_library(sc));
    conv_free(sc);
    assert_int_equal(chdir(cwd), 0);
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);   /* TSPhrases.ocd2 is gone already */
    }
    rmdir(dir);
    ccd_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_lines),
        cmocka_unit_test(test_corners),
        cmocka_unit_test(test_which_converter),
        cmocka_unit_test(test_files_must_be_the_dumped_ones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
