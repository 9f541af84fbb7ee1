/* test_segment.c: where seg_split cuts normalised text into sentences, and
 * seg_find. Inputs are written as normalise would leave them (ASCII !?;(), one
 * "\n" per line break) unless a test normalises them itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "limits.h"
#include "normalize.h"
#include "segment.h"
#include "util.h"

/* Split text and check the sentences are exactly want[0..n). */
static void assert_split(const char *text, const char *const *want, size_t n)
{
    struct sentences ss;
    struct zhx_err err = {0};
    assert_int_equal(seg_split(text, strlen(text), &ss, &err), ZHX_OK);
    bool same = ss.n == n;
    for (size_t i = 0; same && i < n; i++) {
        const struct sentence *s = &ss.v[i];
        assert_true(s->start < s->end);
        assert_true(s->end <= strlen(text));
        if (i > 0)
            assert_true(ss.v[i - 1].end <= s->start);
        same = s->end - s->start == strlen(want[i]) &&
               memcmp(text + s->start, want[i], s->end - s->start) == 0;
    }
    if (!same) {
        char got[2048] = "";
        size_t at = 0;
        for (size_t i = 0; i < ss.n && at < sizeof got; i++)
            at += (size_t)snprintf(got + at, sizeof got - at, "[%.*s] ", (int)(ss.v[i].end - ss.v[i].start),
                                   text + ss.v[i].start);
        size_t n_got = ss.n;
        seg_free(&ss);
        fail_msg("\"%s\": got %zu sentences: %s", text, n_got, got);
    }
    seg_free(&ss);
}

#define SPLIT(text, ...)                                                         \
    do {                                                                         \
        static const char *const want_[] = {__VA_ARGS__};                        \
        assert_split((text), want_, sizeof want_ / sizeof *want_);               \
    } while (0)

static void test_seg_splits_after_each_end_mark(void **state)
{
    (void)state;
    SPLIT("甲。乙!丙?丁;戊", "甲。", "乙!", "丙?", "丁;", "戊");
}

/* Chinese is written without spaces: between two words of Han characters in
 * a line with no end mark they part a headline's clauses; beside Latin letters
 * or digits (pangu spacing, Taiwan's spaced digits), inside brackets, in prose
 * and between single characters they do not. */
static void test_seg_splits_at_spaces_between_han(void **state)
{
    (void)state;
    SPLIT("霍夫曼辭任 黃志偉署任  馮兆基退休", "霍夫曼辭任", "黃志偉署任", "馮兆基退休");
    SPLIT("加入 OpenAI 擔任 CTO", "加入 OpenAI 擔任 CTO");
    SPLIT("請假 3 個月", "請假 3 個月");
    SPLIT("(甲乙 丙丁)戊", "(甲乙 丙丁)戊");
    SPLIT("甲 ", "甲");
    /* prose (a line with an end mark) keeps a stray space; single characters
     * spaced out (a PDF's 董 事 长) are one word */
    SPLIT("腾讯宣布 任命张伟为首席技术官。", "腾讯宣布 任命张伟为首席技术官。");
    SPLIT("董 事 长 张 伟", "董 事 长 张 伟");
    SPLIT("标题甲乙 标题丙丁\n正文宣布 任命。", "标题甲乙", "标题丙丁", "正文宣布 任命。");
}

static void test_seg_keeps_repeated_end_marks_together(void **state)
{
    (void)state;
    SPLIT("真的吗?!好。。下一句", "真的吗?!", "好。。", "下一句");
}

static void test_seg_splits_after_ellipsis_from_nfkc(void **state)
{
    (void)state;
    char *norm = norm_string("他犹豫了\xE2\x80\xA6然后离开。");    /* U+2026 … */
    assert_non_null(norm);
    assert_string_equal(norm, "他犹豫了...然后离开。");
    SPLIT(norm, "他犹豫了...", "然后离开。");
    free(norm);
    SPLIT("等等......好", "等等......", "好");
    /* a single dot is not an end mark: JD.com, 3.5 */
    SPLIT("JD.com的3.5亿。", "JD.com的3.5亿。");
}

static void test_seg_splits_at_line_break(void **state)
{
    (void)state;
    SPLIT("第一行\n第二行", "第一行", "第二行");
    SPLIT("标题\n正文。", "标题", "正文。");
}

static void test_seg_does_not_split_inside_quotes_or_brackets(void **state)
{
    (void)state;
    SPLIT("他说“我们走。明天见。”然后离开了。", "他说“我们走。明天见。”然后离开了。");
    SPLIT("她说「好。走吧。」就走了。", "她说「好。走吧。」就走了。");
    SPLIT("公司(总部在北京。成立于2010年)发布了公告。", "公司(总部在北京。成立于2010年)发布了公告。");
    SPLIT("他读了《你好。世界》一书。下一句。", "他读了《你好。世界》一书。", "下一句。");
    SPLIT("他说“嵌套「引号。」也行。”完。", "他说“嵌套「引号。」也行。”完。");
}

static void test_seg_keeps_closing_quote_after_end_mark(void **state)
{
    (void)state;
    SPLIT("“我们走。”\n下一段。", "“我们走。”", "下一段。");
    /* the quote opened on the line before: at 。 no quote is open, and the ” still
     * belongs to the sentence it closes, not to the next one */
    SPLIT("他说:“第一行\n第二行。”之后。", "他说:“第一行", "第二行。”", "之后。");
    SPLIT("(甲\n乙。)丙。", "(甲", "乙。)", "丙。");
}

static void test_seg_unclosed_quote_does_not_swallow_next_line(void **state)
{
    (void)state;
    SPLIT("他说“我们走\n明天见。后天见。", "他说“我们走", "明天见。", "后天见。");
    SPLIT("《没有结尾\n甲。乙。", "《没有结尾", "甲。", "乙。");
}

static void test_seg_skips_leading_spaces_and_drops_blank_sentences(void **state)
{
    (void)state;
    const char *text = "  甲。 乙。\n \n丙";
    SPLIT(text, "甲。", "乙。", "丙");
    struct sentences ss;
    assert_int_equal(seg_split(text, strlen(text), &ss, NULL), ZHX_OK);
    assert_int_equal(ss.n, 3);
    assert_int_equal(ss.v[0].start, 2);
    seg_free(&ss);
    SPLIT("。", "。");
}

static void test_seg_empty_and_blank_text_give_no_sentence(void **state)
{
    (void)state;
    struct sentences ss;
    assert_int_equal(seg_split("", 0, &ss, NULL), ZHX_OK);
    assert_int_equal(ss.n, 0);
    seg_free(&ss);
    assert_int_equal(seg_split(" \n \n", 4, &ss, NULL), ZHX_OK);
    assert_int_equal(ss.n, 0);
    seg_free(&ss);
    seg_free(NULL);
}

static void test_seg_cuts_overlong_sentence_at_char_boundaries(void **state)
{
    (void)state;
    /* 3-byte chars, and the limit is not a multiple of 3, so a cut at exactly the
     * limit would split a character */
    assert_true(ZHX_MAX_SENTENCE_BYTES % 3 != 0);
    struct buf b = {0};
    for (size_t i = 0; b.len < 3 * ZHX_MAX_SENTENCE_BYTES + 100; i++)
        assert_true(buf_adds(&b, i % 2 ? "甲" : "乙"));
    struct sentences ss;
    assert_int_equal(seg_split(b.p, b.len, &ss, NULL), ZHX_OK);
    assert_true(ss.n >= 4);
    size_t at = 0;
    for (size_t i = 0; i < ss.n; i++) {
        const struct sentence *s = &ss.v[i];
        assert_int_equal(s->start, at);                        /* nothing lost between pieces */
        assert_true(s->end > s->start);
        assert_true(s->end - s->start <= ZHX_MAX_SENTENCE_BYTES);
        assert_int_equal((s->end - s->start) % 3, 0);          /* whole characters */
        assert_true(((unsigned char)b.p[s->start] & 0xC0) != 0x80);
        if (i + 1 < ss.n)
            assert_true(s->end - s->start > ZHX_MAX_SENTENCE_BYTES - 4);   /* not cut short */
        at = s->end;
    }
    assert_int_equal(at, b.len);
    seg_free(&ss);
    buf_free(&b);
}

static void test_seg_cuts_overlong_mixed_width_text_inside_limit(void **state)
{
    (void)state;
    struct buf b = {0};
    static const char *const parts[] = {"a", "甲", "\xF0\x9F\x98\x80", "\xC3\xA9"};
    for (size_t i = 0; b.len < 2 * ZHX_MAX_SENTENCE_BYTES + 10; i++)
        assert_true(buf_adds(&b, parts[(i * 3 + 1) % 4]));
    struct sentences ss;
    assert_int_equal(seg_split(b.p, b.len, &ss, NULL), ZHX_OK);
    assert_true(ss.n >= 3);
    for (size_t i = 0; i < ss.n; i++) {
        assert_true(ss.v[i].end - ss.v[i].start <= ZHX_MAX_SENTENCE_BYTES);
        assert_true(((unsigned char)b.p[ss.v[i].start] & 0xC0) != 0x80);
        assert_true(ss.v[i].end == b.len || ((unsigned char)b.p[ss.v[i].end] & 0xC0) != 0x80);
    }
    assert_int_equal(ss.v[ss.n - 1].end, b.len);
    seg_free(&ss);
    buf_free(&b);
}

static void test_seg_find_returns_sentence_holding_offset(void **state)
{
    (void)state;
    const char *text = "甲。  乙。丙";      /* [0,6) gap [6,8) [8,14) [14,17) */
    struct sentences ss;
    assert_int_equal(seg_split(text, strlen(text), &ss, NULL), ZHX_OK);
    assert_int_equal(ss.n, 3);
    assert_int_equal(ss.v[1].start, 8);
    assert_int_equal(seg_find(&ss, 0), 0);
    assert_int_equal(seg_find(&ss, 5), 0);
    assert_int_equal(seg_find(&ss, 6), ss.n);       /* a skipped space is in no sentence */
    assert_int_equal(seg_find(&ss, 7), ss.n);
    assert_int_equal(seg_find(&ss, 8), 1);
    assert_int_equal(seg_find(&ss, 13), 1);
    assert_int_equal(seg_find(&ss, 14), 2);
    assert_int_equal(seg_find(&ss, 16), 2);
    assert_int_equal(seg_find(&ss, 17), ss.n);      /* the end is in none */
    assert_int_equal(seg_find(&ss, 1000), ss.n);
    seg_free(&ss);

    struct sentences none = {0};
    assert_int_equal(seg_find(&none, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seg_splits_after_each_end_mark),
        cmocka_unit_test(test_seg_splits_at_spaces_between_han),
        cmocka_unit_test(test_seg_keeps_repeated_end_marks_together),
        cmocka_unit_test(test_seg_splits_after_ellipsis_from_nfkc),
        cmocka_unit_test(test_seg_splits_at_line_break),
        cmocka_unit_test(test_seg_does_not_split_inside_quotes_or_brackets),
        cmocka_unit_test(test_seg_keeps_closing_quote_after_end_mark),
        cmocka_unit_test(test_seg_unclosed_quote_does_not_swallow_next_line),
        cmocka_unit_test(test_seg_skips_leading_spaces_and_drops_blank_sentences),
        cmocka_unit_test(test_seg_empty_and_blank_text_give_no_sentence),
        cmocka_unit_test(test_seg_cuts_overlong_sentence_at_char_boundaries),
        cmocka_unit_test(test_seg_cuts_overlong_mixed_width_text_inside_limit),
        cmocka_unit_test(test_seg_find_returns_sentence_holding_offset),
    };
    return cmocka_run_group_tests_name("segment", tests, NULL, NULL);
}
