/* test_pattern_info.c: what match.c may skip is read from a pattern's text:
 * whether every match needs a (?C1) person, and where a match can start. An
 * answer that is too bold loses records, so the "unsure" cases matter most. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lexicon.h"
#include "pattern_info.h"

static bool c1(const char *pat) { return pattern_requires_c1(pat, strlen(pat)); }

static void test_c1_required_after_a_capture(void **state)
{
    (void)state;
    assert_true(c1("(?<person> (?&PERSON) ) (?C1) 加入 (?<to> (?&ORG) )"));
    assert_true(c1("(?= 的 (?<person> (?&PERSON) ) (?C1) )"));   /* in a look-ahead: still after the start */
    assert_true(c1("a (?<person> x ) (?C1) | (?<person> y ) (?C1) b"));
}

static void test_c1_unsure_cases_are_false(void **state)
{
    (void)state;
    assert_false(c1("(?: (?<person> x ) (?C1) )? 加入"));            /* optional */
    assert_false(c1("(?<person> x ) (?C1) | y"));                    /* one alternative without it */
    assert_false(c1("(?<= (?<person> x ) (?C1) ) y"));               /* a capture before the start */
    assert_false(c1("(?! (?<person> x ) (?C1) ) y"));                /* negative */
    assert_false(c1("x (?C1)"));                                     /* no capture right before */
    assert_false(c1("(?<person> x )? (?C1)"));                       /* the capture may be unset */
    assert_false(c1("(?<person> x ) (?C1) )"));                      /* unbalanced */
    assert_false(c1("[(] (?<person> x ) (?C1"));                     /* unterminated */
}

static void test_c1_reads_classes_escapes_and_comments(void **state)
{
    (void)state;
    assert_true(c1("[()|] \\( # a comment (with a paren\n (?<person> x ) (?C1) \\x{b7} [^)]{0,3}"));
}

/* ---- anchors ---- */

static bool lookup(void *ctx, const char *name, size_t len, const char **src, size_t *src_len,
                   const struct lexicon **lex)
{
    static const char *const defs[][2] = {
        {"DIGIT", "[0-9]"}, {"BROAD", "[^,]"}, {"OPT", "(?:的)?"},
    };
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
        if (strlen(defs[i][0]) == len && memcmp(defs[i][0], name, len) == 0) {
            *src = defs[i][1];
            *src_len = strlen(defs[i][1]);
            *lex = NULL;
            return true;
        }
    if (len == 3 && memcmp(name, "LEX", 3) == 0) {
        *lex = ctx;
        return true;
    }
    return false;
}

static size_t anchors(const char *pat, struct lexicon *lx, struct pi_anchor **a)
{
    struct pi_defs d = {lookup, lx};
    size_t n = 0;
    if (!pattern_start_anchors(pat, strlen(pat), &d, a, &n))
        return 0;
    return n;
}

static struct lexicon *test_lexicon(void)
{
    static const char *const words[] = {"首席执行官", "总裁"};
    struct lexicon *lx = NULL;
    struct zhx_err err = {0};
    assert_int_equal(lex_from_pairs("LEX", words, NULL, 2, &lx, &err), ZHX_OK);
    return lx;
}

static void test_anchors_literals_classes_lexicons(void **state)
{
    (void)state;
    struct lexicon *lx = test_lexicon();
    struct pi_anchor *a = NULL;
    /* an optional lexicon (5 characters at most), then a literal: both start a match */
    assert_int_equal(anchors("(?&LEX)? 原 (?&OPT)", lx, &a), 2);
    assert_ptr_equal(a[0].lex, lx);
    assert_int_equal(a[0].lead, 0);
    assert_int_equal(a[1].cp, 0x539f);
    assert_null(a[1].lex);
    assert_int_equal(a[1].lead, 0);
    free(a);
    /* a short optional literal is traded for the lexicon one character further */
    assert_int_equal(anchors("(?: 原 )? (?&LEX)", lx, &a), 1);
    assert_ptr_equal(a[0].lex, lx);
    assert_int_equal(a[0].lead, 1);
    free(a);
    /* a look-ahead that must hold anchors what precedes it */
    assert_int_equal(anchors("(?&BROAD){1,10}? (?: 的 )? (?= (?&LEX) )", lx, &a), 1);
    assert_ptr_equal(a[0].lex, lx);
    assert_int_equal(a[0].lead, 11);
    free(a);
    /* a bounded broad run before a lexicon: the lexicon word within 10 characters */
    assert_int_equal(anchors("(?<![0-9]) (?&BROAD){1,10}? \\K (?&LEX)", lx, &a), 1);
    assert_int_equal(a[0].lead, 10);
    free(a);
    /* a back reference after the anchor does not matter */
    assert_int_equal(anchors("(?<s>[-/]) \\k<s> 1", lx, &a), 2);
    free(a);
    /* literal characters after an anchor character make it a word */
    assert_int_equal(anchors("(?: 负责人 | 主 (?! 要 ) 管 | 经理? )", lx, &a), 3);
    assert_string_equal(a[0].word, "负责人");
    assert_string_equal(a[1].word, "主管");
    assert_string_equal(a[2].word, "经");   /* 理 is optional */
    free(a);
    /* a small class gives its characters */
    assert_int_equal(anchors("(?&DIGIT) 年", lx, &a), 10);
    free(a);
    lex_free(lx);
}

static void test_anchors_none_when_a_match_may_start_anywhere(void **state)
{
    (void)state;
    struct lexicon *lx = test_lexicon();
    struct pi_anchor *a = NULL;
    assert_int_equal(anchors("[^,]* (?&LEX)", lx, &a), 0);            /* unbounded broad run */
    assert_int_equal(anchors("[^,]{1,3}", lx, &a), 0);                 /* only broad */
    assert_int_equal(anchors("(?&LEX)?", lx, &a), 0);                  /* may be empty */
    assert_int_equal(anchors("(?&BROAD){0,2} (?&LEX)?", lx, &a), 0);  /* broad, then maybe nothing */
    assert_int_equal(anchors("(?! (?&LEX) ) (?&BROAD)", lx, &a), 0);  /* a negative look-ahead */
    assert_int_equal(anchors("(?= (?&LEX)? ) (?&BROAD)", lx, &a), 0); /* a look-ahead that may be empty */
    assert_int_equal(anchors("(?i) abc", lx, &a), 0);                  /* case-insensitive */
    assert_int_equal(anchors("(?<s>a)? \\k<s> b", lx, &a), 0);          /* a back reference first */
    assert_int_equal(anchors("(?&NOPE)", lx, &a), 0);                  /* unknown name */
    assert_null(a);
    /* a class too big to list is one broad character: 年 one character later */
    assert_int_equal(anchors("[\\x{4e00}-\\x{9fff}] 年", lx, &a), 1);
    assert_int_equal(a[0].cp, 0x5e74);
    assert_int_equal(a[0].lead, 1);
    free(a);
    lex_free(lx);
}

static size_t required(const char *pat, struct lexicon *lx, struct pi_anchor **a, size_t *ends, size_t *n_sets)
{
    struct pi_defs d = {lookup, lx};
    size_t n = 0;
    if (!pattern_required_words(pat, strlen(pat), &d, a, &n, ends, 8, n_sets))
        return 0;
    return n;
}

/* normalize.c writes a run of white space as one character: \s* and \s+
 * consume at most one code point of the text the rules see */
static void test_anchors_one_white_space(void **state)
{
    (void)state;
    struct lexicon *lx = test_lexicon();
    struct pi_anchor *a = NULL;
    assert_int_equal(anchors("\\s* (?&LEX)", lx, &a), 1);
    assert_int_equal(a[0].lead, 1);
    free(a);
    assert_int_equal(anchors("\\s+ [^,] \\s* (?&LEX)", lx, &a), 1);
    assert_int_equal(a[0].lead, 3);
    free(a);
    assert_int_equal(anchors("\\S* (?&LEX)", lx, &a), 0);   /* not white space: unbounded */
    lex_free(lx);
}

static size_t anchors_c1(const char *pat, struct lexicon *lx, struct pi_anchor **a)
{
    struct pi_defs d = {lookup, lx};
    size_t n = 0;
    if (!pattern_start_anchors_c1(pat, strlen(pat), &d, a, &n))
        return 0;
    return n;
}

static bool window(const char *pat, struct lexicon *lx, uint32_t *lead)
{
    struct pi_defs d = {lookup, lx};
    return pattern_person_window(pat, strlen(pat), &d, lead);
}

/* A capture (?C1) checks starts at a known person mention: in the second pass
 * that is its anchor, not the characters a name may start with. */
static void test_person_anchors_and_windows(void **state)
{
    (void)state;
    struct lexicon *lx = test_lexicon();
    struct pi_anchor *a = NULL;
    assert_int_equal(anchors_c1("(?&BROAD){0,2} (?<person> (?&BROAD){2,3} ) (?C1) 加入", lx, &a), 1);
    assert_true(a[0].person);
    assert_int_equal(a[0].lead, 2);
    free(a);
    /* without (?C1) the group is read as before: broad, then the word */
    assert_int_equal(anchors_c1("(?<person> (?&BROAD){2,3} ) 加入", lx, &a), 1);
    assert_false(a[0].person);
    free(a);
    /* the words of optional items stay anchors too, with the person's */
    assert_int_equal(anchors_c1("(?: (?&LEX) \\s* )? (?<person> [^,]{2} ) (?C1)", lx, &a), 2);
    assert_non_null(a[0].lex);
    assert_true(a[1].person);
    free(a);
    /* the first pass does not know persons: the group is broad there */
    assert_int_equal(anchors("(?<person> (?&BROAD){2,3} ) (?C1) 加入", lx, &a), 1);
    assert_false(a[0].person);
    assert_string_equal(a[0].word, "加入");
    assert_int_equal(a[0].lead, 3);
    free(a);

    uint32_t lead = 0;
    /* the window: the most code points from a match's start to a person */
    assert_true(window("(?: (?&LEX) \\s* )? 的? (?<person> [^,]{2} ) (?C1) 加入", lx, &lead));
    assert_int_equal(lead, 5 + 1 + 1);
    assert_true(window("(?= [^,]{0,4} (?<person> x ) (?C1) ) [^,]", lx, &lead));
    assert_int_equal(lead, 4);
    assert_true(window("a (?<person> x ) (?C1) | bc (?<person> y ) (?C1)", lx, &lead));
    assert_int_equal(lead, 2);
    /* no bound: unbounded text before, an optional person, a path without one */
    assert_false(window("[^,]* (?<person> x ) (?C1)", lx, &lead));
    assert_false(window("(?: (?<person> x ) (?C1) )? 加入", lx, &lead));
    assert_false(window("(?<person> x ) (?C1) | 加入", lx, &lead));
    assert_false(window("(?<person> x ) 加入", lx, &lead));   /* not checked by (?C1) */
    lex_free(lx);
}

static void test_required_words_from_items_that_must_match(void **state)
{
    (void)state;
    struct lexicon *lx = test_lexicon();
    struct pi_anchor *a = NULL;
    size_t ends[8], n_sets = 0;
    /* the lexicon, and one of 和 与 inside a look-ahead after a broad run */
    assert_int_equal(required("(?: 原 )? (?<title> (?&LEX) ) (?= \\s* (?&BROAD){1,3} (?: 和 | 与 ) )", lx, &a, ends,
                              &n_sets), 3);
    assert_int_equal(n_sets, 2);
    assert_ptr_equal(a[0].lex, lx);
    assert_int_equal(ends[0], 1);
    assert_string_equal(a[1].word, "和");
    assert_string_equal(a[2].word, "与");
    free(a);
    /* nothing from optional items, negative look-aheads or alternatives at the top */
    assert_int_equal(required("(?: 原 )? (?! 和 ) \\s*", lx, &a, ends, &n_sets), 0);
    assert_int_equal(required("和 | 与", lx, &a, ends, &n_sets), 0);
    assert_int_equal(required("(?: 和 (?&LEX) )? \\s", lx, &a, ends, &n_sets), 0);
    assert_null(a);
    lex_free(lx);
}

/* A rule file may nest groups deeper than PCRE2 allows; the readers must say
 * "unsure" (PCRE2 then reports the error), not run out of stack. */
static void test_deep_nesting_is_unsure_not_a_crash(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *p = malloc(2 * depth + 2);
    assert_non_null(p);
    memset(p, '(', depth);
    p[depth] = 'a';
    memset(p + depth + 1, ')', depth);
    p[2 * depth + 1] = '\0';
    struct pi_anchor *a = NULL;
    size_t ends[8], n_sets = 0;
    assert_int_equal(anchors(p, NULL, &a), 0);
    assert_int_equal(required(p, NULL, &a, ends, &n_sets), 0);
    assert_false(c1(p));
    size_t out_len = 0;
    char *g = pattern_guard_c1(p, strlen(p), &out_len, NULL, NULL, 0);
    assert_non_null(g);
    assert_int_equal(out_len, strlen(p));
    free(g);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_c1_required_after_a_capture),
        cmocka_unit_test(test_c1_unsure_cases_are_false),
        cmocka_unit_test(test_c1_reads_classes_escapes_and_comments),
        cmocka_unit_test(test_anchors_literals_classes_lexicons),
        cmocka_unit_test(test_anchors_none_when_a_match_may_start_anywhere),
        cmocka_unit_test(test_anchors_one_white_space),
        cmocka_unit_test(test_person_anchors_and_windows),
        cmocka_unit_test(test_required_words_from_items_that_must_match),
        cmocka_unit_test(test_deep_nesting_is_unsure_not_a_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
