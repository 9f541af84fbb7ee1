/* test_rules.c: rules_load_dir on small pattern folders written for each test:
 * what a good folder loads into, and for each mistake a rule writer can make,
 * the file, line, column and message that point at it. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "rules.h"
#include "util.h"

/* ---- fixture: a fresh folder per test ---- */

struct fx {
    char dir[64];
};

static int fx_setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    if (fx == NULL)
        return -1;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/zhx-rules-XXXXXX");
    if (mkdtemp(fx->dir) == NULL) {
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static void rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            rm_tree(path);
        else
            unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static int fx_teardown(void **state)
{
    struct fx *fx = *state;
    rm_tree(fx->dir);
    free(fx);
    return 0;
}

static void put(const struct fx *fx, const char *name, const char *content)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", fx->dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, strlen(content), f), strlen(content));
    assert_int_equal(fclose(f), 0);
}

static struct rules *load_ok(const struct fx *fx)
{
    struct rules *rs = NULL;
    struct zhx_err err = {0};
    enum zhx_rc rc = rules_load_dir(fx->dir, &rs, &err);
    if (rc != ZHX_OK)
        fail_msg("rules_load_dir: %s:%ld:%ld: %s", err.file, err.line, err.col, err.msg);
    assert_non_null(rs);
    return rs;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Load must fail with ZHX_ERR_RULES at file:line:col with phrase in the message.
 * col < 0: any column. */
static void assert_load_fails(const struct fx *fx, const char *file, long line, long col,
                              const char *phrase)
{
    struct rules *rs = (struct rules *)1;
    struct zhx_err err = {0};
    enum zhx_rc rc = rules_load_dir(fx->dir, &rs, &err);
    if (rc == ZHX_OK) {
        rules_free(rs);
        fail_msg("loaded, want an error containing \"%s\"", phrase);
    }
    assert_null(rs);
    char suffix[128];
    snprintf(suffix, sizeof suffix, "/%s", file);
    if (rc != ZHX_ERR_RULES || !ends_with(err.file, suffix) || err.line != line ||
        (col >= 0 && err.col != col) || strstr(err.msg, phrase) == NULL)
        fail_msg("got rc %d %s:%ld:%ld: %s\nwant rc %d .../%s:%ld:%ld: ...%s...", (int)rc, err.file,
                 err.line, err.col, err.msg, (int)ZHX_ERR_RULES, file, line, col, phrase);
}

static const struct rule *find_rule(const struct rules *rs, const char *id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (strcmp(rs->v[i].id, id) == 0)
            return &rs->v[i];
    fail_msg("no rule %s", id);
    return NULL;
}

static const struct rule_field *find_field(const struct rule *r, const char *name)
{
    for (size_t i = 0; i < r->n_fields; i++)
        if (strcmp(r->fields[i].name, name) == 0)
            return &r->fields[i];
    return NULL;
}

/* The text field's first set group captured when r->re matches subject. */
static char *capture(const struct rule *r, const char *subject, const char *field)
{
    const struct rule_field *f = find_field(r, field);
    assert_non_null(f);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->re, NULL);
    assert_non_null(md);
    int rc = pcre2_match(r->re, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
    char *out = NULL;
    if (rc > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        for (size_t g = 0; g < f->n_groups && out == NULL; g++) {
            uint32_t n = f->groups[g];
            if (n < (uint32_t)rc && ov[2 * n] != PCRE2_UNSET)
                out = strndup(subject + ov[2 * n], ov[2 * n + 1] - ov[2 * n]);
        }
    }
    pcre2_match_data_free(md);
    return out;
}

/* ---- a good folder ---- */

static const char good_rules[] =
    "# a comment, then a blank line\n"                              /* 1 */
    "\n"                                                            /* 2 */
    "lexicon TITLE titles.tsv\n"                                    /* 3 */
    "define NAME_CH (?: 甲乙 | 丙丁 )\n"                            /* 4 */
    "               戊?     # a continuation line\n"                /* 5 */
    "canon title TITLE\n"                                           /* 6 */
    "refdate 2024-10\n"                                             /* 7 */
    "\n"                                                            /* 8 */
    "rule      t.title.basic\n"                                     /* 9 */
    "type      title\n"                                             /* 10 */
    "priority  70\n"                                                /* 11 */
    "trigger   首席 ＣＥＯ\n"                                       /* 12 */
    "pattern   (?<person> (?&NAME_CH) ) \\s*\n"                     /* 13 */
    "          (?<title> (?&TITLE) )\n"                             /* 14 */
    "set       status=current\n"                                    /* 15 */
    "expect    甲乙首席执行官 -> title=首席执行官 status=current\n" /* 16 */
    "reject    无关的句子。\n"                                      /* 17 */
    "\n"
    "rule      t.person.simple\n"                                   /* 19 */
    "type      person\n"
    "pattern   (?<name> (?&NAME_CH) ) | \\[ (?<name> [A-Z]+ ) \\]\n";

static const char good_tsv[] = "首席执行官\tChief Executive Officer\n首席\nＣＥＯ\tChief Executive Officer\n";

static void test_rules_good_folder_loads_rules_and_their_parts(void **state)
{
    struct fx *fx = *state;
    put(fx, "good.rules", good_rules);
    put(fx, "titles.tsv", good_tsv);
    struct rules *rs = load_ok(fx);
    assert_int_equal(rs->n, 2);
    assert_string_equal(rs->dir, fx->dir);

    const struct rule *r = &rs->v[0];
    assert_string_equal(r->id, "t.title.basic");
    assert_int_equal(r->type, REC_TITLE);
    assert_int_equal(r->priority, 70);
    assert_int_equal(r->line, 9);
    assert_true(ends_with(r->file, "/good.rules"));
    assert_string_equal(r->pattern, "(?<person> (?&NAME_CH) ) \\s*\n(?<title> (?&TITLE) )");
    assert_non_null(r->re);
    assert_int_equal(r->n_fields, 2);       /* upper-case names are not fields */
    assert_non_null(find_field(r, "person"));
    assert_non_null(find_field(r, "title"));
    assert_int_equal(r->n_sets, 1);
    assert_string_equal(r->sets[0].key, "status");
    assert_string_equal(r->sets[0].val, "current");
    assert_int_equal(r->n_triggers, 2);
    assert_string_equal(r->triggers[0], "首席");
    assert_string_equal(r->triggers[1], "CEO");       /* normalised */

    assert_int_equal(r->n_examples, 2);
    assert_false(r->examples[0].reject);
    assert_string_equal(r->examples[0].text, "甲乙首席执行官");
    assert_string_equal(r->examples[0].want, "title=首席执行官 status=current");
    assert_int_equal(r->examples[0].line, 16);
    assert_true(ends_with(r->examples[0].file, "/good.rules"));
    assert_string_equal(r->examples[0].ref_date, "2024-10");
    assert_true(r->examples[1].reject);
    assert_string_equal(r->examples[1].text, "无关的句子。");
    assert_null(r->examples[1].want);

    /* the define's continuation line (戊?) and the lexicon are part of the regex */
    char *t = capture(r, "据悉甲乙戊 首席执行官表示", "title");
    assert_non_null(t);
    assert_string_equal(t, "首席执行官");
    free(t);
    char *p = capture(r, "据悉甲乙戊 首席执行官表示", "person");
    assert_string_equal(p, "甲乙戊");
    free(p);

    const struct rule *r2 = &rs->v[1];
    assert_string_equal(r2->id, "t.person.simple");
    assert_int_equal(r2->type, REC_PERSON);
    assert_int_equal(r2->priority, 50);      /* the default */
    assert_int_equal(r2->n_fields, 1);
    assert_int_equal(find_field(r2, "name")->n_groups, 2);   /* one field, two groups */
    char *n = capture(r2, "见[ABC]", "name");
    assert_string_equal(n, "ABC");
    free(n);
    assert_true(rs->max_captures >= 2);

    assert_int_equal(rs->n_lex, 1);
    assert_string_equal(rs->lex[0]->name, "TITLE");
    assert_non_null(rules_canon_lex(rs, "title"));
    assert_null(rules_canon_lex(rs, "org"));
    const char *ceo = "首席执行官";
    assert_string_equal(rules_canon(rs, REC_TITLE, "title", ceo, strlen(ceo)), "Chief Executive Officer");
    assert_string_equal(rules_canon(rs, REC_MOVE, "title", "CEO", 3), "Chief Executive Officer");
    assert_null(rules_canon(rs, REC_TITLE, "title", "董事", strlen("董事")));
    assert_null(rules_canon(rs, REC_ORG, "org", "CEO", 3));
    rules_free(rs);
}

static void test_rules_files_load_in_name_order_and_share_defines(void **state)
{
    struct fx *fx = *state;
    /* a.rules uses a define that z.rules (loaded after it) declares */
    put(fx, "z.rules", "define WORD 甲 | 乙\nrule z.one\ntype org\npattern (?<org> (?&WORD) )\n");
    put(fx, "a.rules", "rule a.one\ntype person\npattern (?<name> (?&WORD) ) 先生\n");
    put(fx, "notes.txt", "rule ignored\n");
    put(fx, "m.rules.bak", "garbage\n");
    struct rules *rs = load_ok(fx);
    assert_int_equal(rs->n, 2);
    assert_string_equal(rs->v[0].id, "a.one");
    assert_string_equal(rs->v[1].id, "z.one");
    char *n = capture(find_rule(rs, "a.one"), "乙先生", "name");
    assert_string_equal(n, "乙");
    free(n);
    rules_free(rs);
}

static void test_rules_canon_looks_up_several_lexicons_in_order(void **state)
{
    struct fx *fx = *state;
    put(fx, "c.rules", "lexicon A a.tsv\nlexicon B b.tsv\ncanon org A B\ncanon move.to B\n"
                       "rule r.c\ntype org\npattern (?<org> (?&A) | (?&B) )\n");
    put(fx, "a.tsv", "谷歌\tGoogle\n微软\tMicrosoft\n");
    put(fx, "b.tsv", "谷歌\tAlphabet\n百度\tBaidu\n");
    struct rules *rs = load_ok(fx);
    const char *g = "谷歌", *b = "百度", *m = "微软";
    assert_string_equal(rules_canon(rs, REC_ORG, "org", g, strlen(g)), "Google");    /* A first */
    assert_string_equal(rules_canon(rs, REC_ORG, "org", b, strlen(b)), "Baidu");     /* then B */
    assert_null(rules_canon(rs, REC_ORG, "org", "甲", 3));
    /* a typed canon goes first, and the plain one is still asked after it */
    assert_string_equal(rules_canon(rs, REC_MOVE, "to", g, strlen(g)), "Alphabet");
    assert_null(rules_canon(rs, REC_MOVE, "to", m, strlen(m)));
    assert_string_equal(rules_canon(rs, REC_MOVE, "org", m, strlen(m)), "Microsoft");
    rules_free(rs);
}

static void test_rules_priority_bounds_are_accepted(void **state)
{
    struct fx *fx = *state;
    put(fx, "p.rules", "rule p.low\ntype date\npriority 0\npattern 甲\n"
                       "rule p.high\ntype date\npriority 1000\npattern 乙\n");
    struct rules *rs = load_ok(fx);
    assert_int_equal(find_rule(rs, "p.low")->priority, 0);
    assert_int_equal(find_rule(rs, "p.high")->priority, 1000);
    rules_free(rs);
}

/* ---- every mistake, at its place ---- */

static void test_rules_pcre2_error_on_continuation_line_points_at_it(void **state)
{
    struct fx *fx = *state;
    put(fx, "bad.rules", "rule r.bad\n"          /* 1 */
                         "type person\n"         /* 2 */
                         "pattern 甲\n"          /* 3 */
                         "        (乙\n");       /* 4: "(" at col 9, end of line col 11 */
    struct rules *rs = NULL;
    struct zhx_err err = {0};
    assert_int_equal(rules_load_dir(fx->dir, &rs, &err), ZHX_ERR_RULES);
    assert_true(ends_with(err.file, "/bad.rules"));
    assert_int_equal(err.line, 4);
    if (err.col < 9 || err.col > 11)
        fail_msg("col %ld: want 9..11 (the \"(\" or the end of line 4)", err.col);
    assert_non_null(strstr(err.msg, "rule r.bad"));
    assert_non_null(strstr(err.msg, "missing closing parenthesis"));
}

/* The rules compile on several threads; the error reported is still the
 * first in file order, whichever thread finds it first. */
static void test_rules_first_of_several_errors_is_reported(void **state)
{
    struct fx *fx = *state;
    struct buf b = {0};
    for (int i = 0; i < 40; i++)   /* 4 lines each: the bad rule starts at line 161 */
        assert_true(buf_printf(&b, "rule r.ok%d\ntype person\npattern 甲%d\n\n", i, i));
    assert_true(buf_adds(&b, "rule r.first\ntype person\npattern (乙\n\n"));
    for (int i = 0; i < 40; i++)
        assert_true(buf_printf(&b, "rule r.bad%d\ntype person\npattern 丙 )\n\n", i));
    put(fx, "many.rules", b.p);
    buf_free(&b);
    for (int round = 0; round < 5; round++) {
        struct rules *rs = NULL;
        struct zhx_err err = {0};
        assert_int_equal(rules_load_dir(fx->dir, &rs, &err), ZHX_ERR_RULES);
        assert_int_equal(err.line, 163);
        assert_non_null(strstr(err.msg, "rule r.first"));
    }
}

static void test_rules_pcre2_error_column_counts_code_points(void **state)
{
    struct fx *fx = *state;
    put(fx, "bad.rules", "rule r.bad\n"
                         "type person\n"
                         "pattern   甲\n"
                         "          乙丙 ) 丁\n");      /* ")" at col 14 */
    assert_load_fails(fx, "bad.rules", 4, -1, "unmatched closing parenthesis");
    struct rules *rs = NULL;
    struct zhx_err err = {0};
    assert_int_equal(rules_load_dir(fx->dir, &rs, &err), ZHX_ERR_RULES);
    /* PCRE2 puts the offset at or just after the ")" */
    if (err.col < 14 || err.col > 15)
        fail_msg("col %ld: want 14 or 15", err.col);
}

static void test_rules_pcre2_error_in_define_names_the_define(void **state)
{
    struct fx *fx = *state;
    put(fx, "bad.rules", "define GOOD 甲\n"
                         "define BAD 乙{3,1}\n"       /* 2 */
                         "rule r.uses\n"              /* 3 */
                         "type person\n"
                         "pattern (?&GOOD) (?&BAD)\n");
    struct rules *rs = NULL;
    struct zhx_err err = {0};
    assert_int_equal(rules_load_dir(fx->dir, &rs, &err), ZHX_ERR_RULES);
    assert_true(ends_with(err.file, "/bad.rules"));
    assert_non_null(strstr(err.msg, "rule r.uses"));
    assert_non_null(strstr(err.msg, "sub-pattern BAD"));
    assert_non_null(strstr(err.msg, "bad.rules:2"));
}

static void test_rules_unknown_subpattern_points_at_reference(void **state)
{
    struct fx *fx = *state;
    put(fx, "x.rules", "rule r.x\n"
                       "type person\n"
                       "pattern 甲\n"
                       "        乙 (?&NOPE)\n");      /* "(?&" at col 11 */
    assert_load_fails(fx, "x.rules", 4, 11, "unknown sub-pattern 'NOPE'");
}

static void test_rules_unknown_subpattern_in_define_points_at_define(void **state)
{
    struct fx *fx = *state;
    put(fx, "x.rules", "# defines\n"
                       "define OUTER  甲 (?&MISSING)\n"      /* line 2, "(?&" at col 17 */
                       "rule r.x\n"
                       "type person\n"
                       "pattern (?&OUTER)\n");
    assert_load_fails(fx, "x.rules", 2, 17, "unknown sub-pattern 'MISSING'");
}

static void test_rules_unknown_key(void **state)
{
    struct fx *fx = *state;
    put(fx, "k.rules", "rule r.k\ntype person\ncolour red\npattern 甲\n");
    assert_load_fails(fx, "k.rules", 3, 1, "unknown key 'colour'");
}

static void test_rules_rule_key_outside_a_rule(void **state)
{
    struct fx *fx = *state;
    put(fx, "k.rules", "# x\ntype person\n");
    assert_load_fails(fx, "k.rules", 2, 1, "'type' outside a rule");
}

static void test_rules_unknown_type(void **state)
{
    struct fx *fx = *state;
    put(fx, "t.rules", "rule r.t\ntype animal\npattern 甲\n");
    assert_load_fails(fx, "t.rules", 2, 6, "unknown type 'animal'");
}

static void test_rules_doc_is_not_a_rule_type(void **state)
{
    struct fx *fx = *state;
    put(fx, "t.rules", "rule r.t\ntype doc\npattern 甲\n");
    assert_load_fails(fx, "t.rules", 2, 6, "unknown type 'doc'");
}

static void test_rules_bad_priority(void **state)
{
    struct fx *fx = *state;
    static const char *const bad[] = {"high", "1001", "-1", "5x", "1e3"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[128];
        snprintf(text, sizeof text, "rule r.p\ntype person\npriority  %s\npattern 甲\n", bad[i]);
        put(fx, "p.rules", text);
        assert_load_fails(fx, "p.rules", 3, 11, "priority must be a number from 0 to 1000");
    }
}

static void test_rules_rule_without_pattern(void **state)
{
    struct fx *fx = *state;
    put(fx, "n.rules", "rule r.ok\ntype person\npattern 甲\n\nrule r.nopat\ntype person\npriority 10\n");
    assert_load_fails(fx, "n.rules", 5, 1, "rule r.nopat has no pattern");
}

static void test_rules_rule_with_empty_pattern_line(void **state)
{
    struct fx *fx = *state;
    put(fx, "n.rules", "rule r.empty\ntype person\npattern\n");
    assert_load_fails(fx, "n.rules", 1, 1, "rule r.empty has no pattern");
}

static void test_rules_rule_without_type(void **state)
{
    struct fx *fx = *state;
    put(fx, "n.rules", "# x\nrule r.notype\npattern 甲\n");
    assert_load_fails(fx, "n.rules", 2, 1, "rule r.notype has no type");
}

static void test_rules_second_pattern_in_a_rule(void **state)
{
    struct fx *fx = *state;
    put(fx, "n.rules", "rule r.two\ntype person\npattern 甲\npattern 乙\n");
    assert_load_fails(fx, "n.rules", 4, 1, "second pattern in rule r.two");
}

static void test_rules_duplicate_rule_id_across_files(void **state)
{
    struct fx *fx = *state;
    put(fx, "a.rules", "rule r.same\ntype person\npattern 甲\n");
    put(fx, "b.rules", "# second\nrule   r.same\ntype person\npattern 乙\n");
    assert_load_fails(fx, "b.rules", 2, 8, "duplicate rule id 'r.same'");
    struct rules *rs = NULL;
    struct zhx_err err = {0};
    assert_int_equal(rules_load_dir(fx->dir, &rs, &err), ZHX_ERR_RULES);
    assert_non_null(strstr(err.msg, "a.rules:1"));     /* where the first one is */
}

static void test_rules_rule_id_must_be_one_word(void **state)
{
    struct fx *fx = *state;
    put(fx, "a.rules", "rule r one\ntype person\npattern 甲\n");
    assert_load_fails(fx, "a.rules", 1, 6, "rule needs one id");
}

static void test_rules_capture_name_that_is_not_a_field(void **state)
{
    struct fx *fx = *state;
    put(fx, "c.rules", "# x\nrule r.c\ntype person\npattern (?<name> 甲 ) (?<colour> 乙 )\n");
    /* found after compiling, where only the rule's line is known */
    assert_load_fails(fx, "c.rules", 2, 1, "capture (?<colour>...) is not a field");
}

static void test_rules_set_with_unknown_field(void **state)
{
    struct fx *fx = *state;
    put(fx, "s.rules", "rule r.s\ntype move\npattern 甲\nset colour=red\n");
    assert_load_fails(fx, "s.rules", 4, 5, "unknown field 'colour'");
}

static void test_rules_set_without_equals(void **state)
{
    struct fx *fx = *state;
    put(fx, "s.rules", "rule r.s\ntype move\npattern 甲\nset action\n");
    assert_load_fails(fx, "s.rules", 4, 5, "set needs field=value");
}

static void test_rules_expect_without_arrow(void **state)
{
    struct fx *fx = *state;
    put(fx, "e.rules", "rule r.e\ntype person\npattern 甲\nexpect 甲乙 name=甲\n");
    assert_load_fails(fx, "e.rules", 4, 1, "expect needs 'TEXT -> field=value ...'");
}

static void test_rules_expect_with_unknown_field(void **state)
{
    struct fx *fx = *state;
    put(fx, "e.rules", "rule r.e\ntype person\npattern 甲\nexpect 甲乙 -> name=甲 colour=red\n");
    assert_load_fails(fx, "e.rules", 4, 1, "expect names unknown field 'colour'");
}

static void test_rules_indented_line_that_continues_nothing(void **state)
{
    struct fx *fx = *state;
    put(fx, "i.rules", "rule r.i\ntype person\n    甲\npattern 乙\n");
    assert_load_fails(fx, "i.rules", 3, 1, "indented line continues nothing");
}

static void test_rules_indented_line_after_set_continues_nothing(void **state)
{
    struct fx *fx = *state;
    /* the pattern's continuation ends at the next key */
    put(fx, "i.rules", "rule r.i\ntype move\npattern 乙\nset action=join\n\t甲\n");
    assert_load_fails(fx, "i.rules", 5, 1, "indented line continues nothing");
}

/* Regression: the IO error was re-reported
 * with FAIL(..., "lexicon %s: %s", rest, err->msg), which formatted err->msg into
 * itself (overlapping vsnprintf, undefined behaviour). With glibc the reason was
 * overwritten: "lexicon nope.tsv: lexicon nope.tsv: ch file or directory". */
static void test_rules_lexicon_file_missing(void **state)
{
    struct fx *fx = *state;
    put(fx, "l.rules", "# x\nlexicon TITLE nope.tsv\n");      /* file name at col 15 */
    assert_load_fails(fx, "l.rules", 2, 15, "lexicon nope.tsv");
    struct rules *rs = NULL;
    struct zhx_err err = {0};
    assert_int_equal(rules_load_dir(fx->dir, &rs, &err), ZHX_ERR_RULES);
    /* and why, from the lexicon loader */
    if (strstr(err.msg, "cannot open") == NULL)
        fail_msg("message \"%s\" does not say why the lexicon failed", err.msg);
}

static void test_rules_lexicon_path_must_stay_in_the_folder(void **state)
{
    struct fx *fx = *state;
    static const char *const bad[] = {"sub/x.tsv", "../x.tsv", "/etc/passwd", ".hidden.tsv"};
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub", fx->dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    put(fx, "sub/x.tsv", "甲\n");
    put(fx, ".hidden.tsv", "甲\n");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[128];
        snprintf(text, sizeof text, "lexicon  X  %s\n", bad[i]);      /* path at col 13 */
        put(fx, "l.rules", text);
        assert_load_fails(fx, "l.rules", 1, 13, "lexicon needs a file name in the patterns folder");
    }
}

static void test_rules_lexicon_error_names_the_tsv_line(void **state)
{
    struct fx *fx = *state;
    put(fx, "l.rules", "lexicon X words.tsv\n");
    put(fx, "words.tsv", "甲\n乙\n甲\n");
    assert_load_fails(fx, "words.tsv", 3, 1, "duplicate entry");
}

static void test_rules_canon_of_undefined_lexicon(void **state)
{
    struct fx *fx = *state;
    put(fx, "c.rules", "rule r.c\ntype org\npattern 甲\n\ncanon org NOPE\n");
    assert_load_fails(fx, "c.rules", 5, 1, "canon: 'NOPE' is not a lexicon");
}

static void test_rules_canon_of_a_define_is_not_a_lexicon(void **state)
{
    struct fx *fx = *state;
    put(fx, "c.rules", "define ORGS 甲 | 乙\ncanon org ORGS\nrule r.c\ntype org\npattern (?&ORGS)\n");
    assert_load_fails(fx, "c.rules", 2, 1, "canon: 'ORGS' is not a lexicon");
}

static void test_rules_canon_of_unknown_field(void **state)
{
    struct fx *fx = *state;
    put(fx, "c.rules", "lexicon X x.tsv\ncanon colour X\n");
    put(fx, "x.tsv", "甲\n");
    assert_load_fails(fx, "c.rules", 2, 7, "canon needs [type.]field");
}

static void test_rules_define_with_lower_case_name(void **state)
{
    struct fx *fx = *state;
    put(fx, "d.rules", "define name 甲\n");
    assert_load_fails(fx, "d.rules", 1, 8, "define needs an UPPER_CASE name, got 'name'");
}

static void test_rules_lexicon_with_lower_case_name(void **state)
{
    struct fx *fx = *state;
    put(fx, "d.rules", "lexicon Title x.tsv\n");
    put(fx, "x.tsv", "甲\n");
    assert_load_fails(fx, "d.rules", 1, 9, "lexicon needs an UPPER_CASE name, got 'Title'");
}

static void test_rules_define_defined_twice(void **state)
{
    struct fx *fx = *state;
    put(fx, "d.rules", "define X 甲\n# again\ndefine X 乙\n");
    assert_load_fails(fx, "d.rules", 3, 8, "'X' is defined twice");
}

static void test_rules_define_and_lexicon_share_one_namespace(void **state)
{
    struct fx *fx = *state;
    put(fx, "a.rules", "define X 甲\n");
    put(fx, "b.rules", "lexicon X x.tsv\n");
    put(fx, "x.tsv", "甲\n");
    assert_load_fails(fx, "b.rules", 1, 9, "'X' is defined twice");
}

static void test_rules_folder_without_rules_files(void **state)
{
    struct fx *fx = *state;
    put(fx, "readme.txt", "rule x\n");
    put(fx, "x.rules.bak", "rule x\n");
    put(fx, ".hidden.rules", "rule x\ntype person\npattern 甲\n");
    struct rules *rs = (struct rules *)1;
    struct zhx_err err = {0};
    assert_int_equal(rules_load_dir(fx->dir, &rs, &err), ZHX_ERR_RULES);
    assert_null(rs);
    assert_string_equal(err.file, fx->dir);
    assert_non_null(strstr(err.msg, "no *.rules files"));
}

static void test_rules_missing_folder(void **state)
{
    struct fx *fx = *state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/none", fx->dir);
    struct rules *rs = (struct rules *)1;
    struct zhx_err err = {0};
    assert_int_equal(rules_load_dir(dir, &rs, &err), ZHX_ERR_RULES);
    assert_null(rs);
    assert_string_equal(err.file, dir);
    assert_non_null(strstr(err.msg, "cannot open the patterns folder"));
    rules_free(NULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_rules_good_folder_loads_rules_and_their_parts),
        T(test_rules_files_load_in_name_order_and_share_defines),
        T(test_rules_canon_looks_up_several_lexicons_in_order),
        T(test_rules_priority_bounds_are_accepted),
        T(test_rules_pcre2_error_on_continuation_line_points_at_it),
        T(test_rules_first_of_several_errors_is_reported),
        T(test_rules_pcre2_error_column_counts_code_points),
        T(test_rules_pcre2_error_in_define_names_the_define),
        T(test_rules_unknown_subpattern_points_at_reference),
        T(test_rules_unknown_subpattern_in_define_points_at_define),
        T(test_rules_unknown_key),
        T(test_rules_rule_key_outside_a_rule),
        T(test_rules_unknown_type),
        T(test_rules_doc_is_not_a_rule_type),
        T(test_rules_bad_priority),
        T(test_rules_rule_without_pattern),
        T(test_rules_rule_with_empty_pattern_line),
        T(test_rules_rule_without_type),
        T(test_rules_second_pattern_in_a_rule),
        T(test_rules_duplicate_rule_id_across_files),
        T(test_rules_rule_id_must_be_one_word),
        T(test_rules_capture_name_that_is_not_a_field),
        T(test_rules_set_with_unknown_field),
        T(test_rules_set_without_equals),
        T(test_rules_expect_without_arrow),
        T(test_rules_expect_with_unknown_field),
        T(test_rules_indented_line_that_continues_nothing),
        T(test_rules_indented_line_after_set_continues_nothing),
        T(test_rules_lexicon_file_missing),
        T(test_rules_lexicon_path_must_stay_in_the_folder),
        T(test_rules_lexicon_error_names_the_tsv_line),
        T(test_rules_canon_of_undefined_lexicon),
        T(test_rules_canon_of_a_define_is_not_a_lexicon),
        T(test_rules_canon_of_unknown_field),
        T(test_rules_define_with_lower_case_name),
        T(test_rules_lexicon_with_lower_case_name),
        T(test_rules_define_defined_twice),
        T(test_rules_define_and_lexicon_share_one_namespace),
        T(test_rules_folder_without_rules_files),
        T(test_rules_missing_folder),
    };
    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
