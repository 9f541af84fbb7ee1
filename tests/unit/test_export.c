/* test_export.c: the --format writers (export.c, review_html.c) on documents
 * run through the real rule set (ZHX_PATTERNS): the names --format takes, the
 * doccano line's labels at the records' code-point spans, and the review
 * page's data block, which article text cannot end or comment out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "export.h"
#include "pipeline.h"
#include "review_html.h"
#include "util.h"

struct fx {
    struct rules *rs;
    struct pipeline pl;
    struct doc d;
};

static int group_setup(void **state)
{
    const char *dir = getenv("ZHX_PATTERNS");
    struct fx *fx = calloc(1, sizeof *fx);
    struct zhx_err err = {0};
    if (fx == NULL || dir == NULL || rules_load_dir(dir, &fx->rs, &err) != ZHX_OK) {
        print_error("set ZHX_PATTERNS to a loadable patterns folder (%s)\n", err.msg);
        free(fx);
        return -1;
    }
    if (pipeline_init(&fx->pl, fx->rs, &err) != ZHX_OK) {
        pipeline_free(&fx->pl);
        rules_free(fx->rs);
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int group_teardown(void **state)
{
    struct fx *fx = *state;
    if (fx == NULL)
        return 0;
    doc_free(&fx->d);
    pipeline_free(&fx->pl);
    rules_free(fx->rs);
    free(fx);
    return 0;
}

/* Run text and render it in fmt; the caller frees the result. */
static char *render(struct fx *fx, const char *text, enum export_format fmt, emit_types types)
{
    struct zhx_err err = {0};
    doc_free(&fx->d);
    assert_int_equal(doc_from_memory("t", text, strlen(text), &fx->d, &err), ZHX_OK);
    struct ymd ref = {2024, 10, 0};
    assert_int_equal(pipeline_run(&fx->pl, &fx->d, &ref, &err), ZHX_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(export_doc(f, fmt, &fx->pl.dr, types, &err), ZHX_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* The code points [start, end) of s, malloc'ed. */
static char *cp_slice(const char *s, size_t start, size_t end)
{
    size_t cp = 0, b0 = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        if (cp == start)
            b0 = i;
        if (cp == end)
            break;
        cp++;
    }
    return strndup(s + b0, i - b0);
}

static void test_format_names_are_jsonl_html_doccano(void **state)
{
    (void)state;
    enum export_format f = EXPORT_HTML;
    assert_true(export_format_parse("jsonl", &f) && f == EXPORT_JSONL);
    assert_true(export_format_parse("html", &f) && f == EXPORT_HTML);
    assert_true(export_format_parse("doccano", &f) && f == EXPORT_DOCCANO);
    assert_false(export_format_parse("JSONL", &f) || export_format_parse("", &f) || export_format_parse("xml", &f));
    assert_int_equal(f, EXPORT_DOCCANO);   /* unchanged by a bad name */
    assert_null(export_doccano_label(REC_DOC));
    assert_string_equal(export_doccano_label(REC_MOVE), "MOVE");
}

/* 𠮷 is one code point and four bytes: the labels count code points. */
static void test_doccano_labels_quote_their_records_in_code_points(void **state)
{
    struct fx *fx = *state;
    const char *text = "𠮷𠮷。2024年3月,萨姆·阿尔特曼(Sam Altman)加入微软。";
    char *line = render(fx, text, EXPORT_DOCCANO, EMIT_ALL_TYPES);
    assert_non_null(strchr(line, '\n'));
    cJSON *o = cJSON_Parse(line);
    assert_non_null(o);
    assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, "t");
    assert_string_equal(cJSON_GetObjectItem(o, "text")->valuestring, text);
    const cJSON *labels = cJSON_GetObjectItem(o, "label");
    assert_int_equal(cJSON_GetArraySize(labels), (int)fx->pl.dr.res.n);
    bool person = false, move = false;
    for (int i = 0; i < cJSON_GetArraySize(labels); i++) {
        const cJSON *l = cJSON_GetArrayItem(labels, i);
        const struct record *r = &fx->pl.dr.res.v[i];
        struct orig_span os = pipeline_orig_span(&fx->pl.dr, r->start, r->end);
        char *quoted = cp_slice(text, (size_t)cJSON_GetArrayItem(l, 0)->valuedouble,
                                (size_t)cJSON_GetArrayItem(l, 1)->valuedouble);
        assert_int_equal(strlen(quoted), os.byte_end - os.byte_start);
        assert_memory_equal(quoted, text + os.byte_start, os.byte_end - os.byte_start);
        free(quoted);
        const char *lab = cJSON_GetArrayItem(l, 2)->valuestring;
        assert_string_equal(lab, export_doccano_label(r->type));
        person |= strcmp(lab, "PERSON") == 0;
        move |= strcmp(lab, "MOVE") == 0;
    }
    assert_true(person && move);
    cJSON_Delete(o);
    free(line);
}

static void test_doccano_keeps_only_the_chosen_types(void **state)
{
    char *line = render(*state, "萨姆·阿尔特曼(Sam Altman)加入微软。", EXPORT_DOCCANO, 1u << REC_PERSON);
    assert_non_null(strstr(line, "\"PERSON\""));
    assert_null(strstr(line, "\"MOVE\""));
    assert_null(strstr(line, "\"ORG\""));
    free(line);
}

/* The block's only "<" are its own tags; the JSON inside parses back to the text. */
static void test_html_block_cannot_be_ended_by_the_text(void **state)
{
    const char *text = "</script><script>alert(1)</script><!-- &amp; 米拉·穆拉蒂离开OpenAI。</SCRIPT >";
    char *page = render(*state, text, EXPORT_HTML, EMIT_ALL_TYPES);
    const char *open = "<script type=\"application/json\" class=\"zhx-doc\">";
    assert_memory_equal(page, open, strlen(open));
    char *close = strstr(page, "</script>\n");
    assert_non_null(close);
    assert_string_equal(close, "</script>\n");
    for (const char *p = page + 1; p < close; p++)
        assert_true(*p != '<');
    *close = '\0';
    cJSON *o = cJSON_Parse(page + strlen(open));
    assert_non_null(o);
    assert_string_equal(cJSON_GetObjectItem(o, "text")->valuestring, text);
    const cJSON *recs = cJSON_GetObjectItem(o, "records");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(recs, 0), "type")->valuestring, "doc");
    assert_true(cJSON_GetArraySize(recs) > 1);
    struct fx *fx = *state;
    const cJSON *sents = cJSON_GetObjectItem(o, "sentences");
    assert_int_equal(cJSON_GetArraySize(sents), (int)fx->pl.dr.sent.n);
    /* a sentence span quotes the original: the last one ends the text's last sentence */
    const cJSON *last = cJSON_GetArrayItem(sents, cJSON_GetArraySize(sents) - 1);
    assert_true(cJSON_GetArrayItem(last, 1)->valuedouble <= (double)utf8_count(text, strlen(text)));
    cJSON_Delete(o);
    free(page);
}

/* The page around the blocks: no reference to anything outside it. */
static void test_html_page_is_self_contained(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct zhx_err err = {0};
    assert_non_null(f);
    assert_int_equal(review_html_begin(f, &err), ZHX_OK);
    assert_int_equal(review_html_end(f, &err), ZHX_OK);
    assert_int_equal(fclose(f), 0);
    assert_non_null(strstr(buf, "<!DOCTYPE html>"));
    assert_non_null(strstr(buf, "default-src 'none'"));
    assert_null(strstr(buf, "src="));
    assert_null(strstr(buf, "href=\""));
    assert_null(strstr(buf, "://"));
    assert_null(strstr(buf, "<!-- zhx:documents -->"));   /* the marker line is not in the page */
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names_are_jsonl_html_doccano),
        cmocka_unit_test(test_doccano_labels_quote_their_records_in_code_points),
        cmocka_unit_test(test_doccano_keeps_only_the_chosen_types),
        cmocka_unit_test(test_html_block_cannot_be_ended_by_the_text),
        cmocka_unit_test(test_html_page_is_self_contained),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
