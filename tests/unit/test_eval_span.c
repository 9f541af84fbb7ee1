/* test_eval_span.c: when a span-level gold record matches an output record
 * (eval_span.h): same type, overlapping spans unless the gold has none, and
 * the type's key fields. Records are written as JSON, as gold files and zhx's
 * output hold them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "eval_span.h"

/* Parse a and b (one record each) with the record arrays ga and oa (NULL or
 * a JSON array) and match them. */
static bool match(const char *g, const char *ga, const char *o, const char *oa)
{
    cJSON *gj = cJSON_Parse(g), *oj = cJSON_Parse(o);
    cJSON *gr = ga ? cJSON_Parse(ga) : NULL, *orr = oa ? cJSON_Parse(oa) : NULL;
    assert_non_null(gj);
    assert_non_null(oj);
    bool m = eval_span_match(gj, gr, oj, orr);
    cJSON_Delete(gj);
    cJSON_Delete(oj);
    cJSON_Delete(gr);
    cJSON_Delete(orr);
    return m;
}

static const char *OUT_PERSON =
    "{\"type\":\"person\",\"start\":19,\"end\":38,\"id\":\"P1\",\"name\":\"萨拉·弗莱尔\",\"en\":\"Sarah Friar\"}";

static void test_person_matches_on_name_when_spans_overlap(void **state)
{
    (void)state;
    assert_true(match("{\"type\":\"person\",\"start\":19,\"end\":25,\"name\":\"萨拉·弗莱尔\"}", NULL, OUT_PERSON, NULL));
    /* the same name elsewhere in the text is another mention */
    assert_false(match("{\"type\":\"person\",\"start\":40,\"end\":46,\"name\":\"萨拉·弗莱尔\"}", NULL, OUT_PERSON, NULL));
}

static void test_person_matches_on_english_name_or_normalised_name(void **state)
{
    (void)state;
    assert_true(match("{\"type\":\"person\",\"start\":19,\"end\":38,\"name\":\"弗莱尔\",\"en\":\"sarah  friar\"}", NULL,
                      OUT_PERSON, NULL));
    /* a look-alike middle dot and spaces are ignored, as zhx-score ignores them */
    assert_true(match("{\"type\":\"person\",\"start\":19,\"end\":38,\"name\":\"萨拉‧弗莱尔 \"}", NULL, OUT_PERSON, NULL));
    assert_false(match("{\"type\":\"person\",\"start\":19,\"end\":38,\"name\":\"杨·莱克\"}", NULL, OUT_PERSON, NULL));
}

static void test_gold_without_span_matches_on_key_fields_alone(void **state)
{
    (void)state;
    assert_true(match("{\"type\":\"person\",\"name\":\"萨拉·弗莱尔\"}", NULL, OUT_PERSON, NULL));
    assert_false(match("{\"type\":\"date\",\"value\":\"2024\"}", NULL, OUT_PERSON, NULL));
}

static void test_title_person_by_name_or_by_id_of_its_own_file(void **state)
{
    (void)state;
    const char *out = "{\"type\":\"title\",\"start\":39,\"end\":44,\"canonical\":\"Chief Financial Officer\",\"person\":\"P1\"}";
    const char *orecs = "[{\"type\":\"person\",\"id\":\"P1\",\"name\":\"萨拉·弗莱尔\",\"en\":\"Sarah Friar\"}]";
    /* by name */
    assert_true(match("{\"type\":\"title\",\"start\":39,\"end\":44,\"canonical\":\"Chief Financial Officer\",\"name\":\"萨拉·弗莱尔\"}",
                      NULL, out, orecs));
    /* by an id of the gold's own person records, which need not be zhx's ids */
    assert_true(match("{\"type\":\"title\",\"start\":39,\"end\":44,\"canonical\":\"Chief Financial Officer\",\"person\":\"P7\"}",
                      "[{\"type\":\"person\",\"id\":\"P7\",\"name\":\"萨拉·弗莱尔\"}]", out, orecs));
    /* a person given as a name in "person" */
    assert_true(match("{\"type\":\"title\",\"start\":39,\"end\":44,\"canonical\":\"Chief Financial Officer\",\"person\":\"萨拉·弗莱尔\"}",
                      NULL, out, orecs));
    /* another person, or another title */
    assert_false(match("{\"type\":\"title\",\"start\":39,\"end\":44,\"canonical\":\"Chief Financial Officer\",\"name\":\"杨·莱克\"}",
                       NULL, out, orecs));
    assert_false(match("{\"type\":\"title\",\"start\":39,\"end\":44,\"canonical\":\"Chief Executive Officer\",\"name\":\"萨拉·弗莱尔\"}",
                       NULL, out, orecs));
}

static void test_date_matches_on_value_null_included(void **state)
{
    (void)state;
    const char *out = "{\"type\":\"date\",\"start\":0,\"end\":2,\"value\":\"2023\"}";
    assert_true(match("{\"type\":\"date\",\"start\":0,\"end\":2,\"value\":\"2023\"}", NULL, out, NULL));
    assert_false(match("{\"type\":\"date\",\"start\":0,\"end\":2,\"value\":\"2024\"}", NULL, out, NULL));
    assert_false(match("{\"type\":\"date\",\"start\":0,\"end\":2,\"value\":null}", NULL, out, NULL));
    assert_true(match("{\"type\":\"date\",\"start\":0,\"end\":2,\"value\":null}", NULL,
                      "{\"type\":\"date\",\"start\":1,\"end\":2,\"value\":null}", NULL));
}

static void test_move_matches_on_person_action_and_the_org_of_its_side(void **state)
{
    (void)state;
    const char *out = "{\"type\":\"move\",\"start\":72,\"end\":95,\"action\":\"leave\",\"person\":\"P2\",\"name\":\"杨·莱克\","
                      "\"en\":\"Jan Leike\",\"from\":\"OpenAI\",\"to\":\"Anthropic\"}";
    /* leave is scored on from; to does not count */
    assert_true(match("{\"type\":\"move\",\"start\":80,\"end\":90,\"action\":\"leave\",\"name\":\"杨·莱克\",\"from\":\"openai\",\"to\":null}",
                      NULL, out, NULL));
    assert_false(match("{\"type\":\"move\",\"start\":80,\"end\":90,\"action\":\"leave\",\"name\":\"杨·莱克\",\"from\":\"Google\"}",
                       NULL, out, NULL));
    assert_false(match("{\"type\":\"move\",\"start\":80,\"end\":90,\"action\":\"join\",\"name\":\"杨·莱克\",\"to\":\"Anthropic\"}",
                       NULL, out, NULL));
    /* the English name identifies the person too */
    assert_true(match("{\"type\":\"move\",\"action\":\"leave\",\"en\":\"Jan Leike\",\"from\":\"OpenAI\"}", NULL, out, NULL));
}

static void test_types_must_agree(void **state)
{
    (void)state;
    assert_false(match("{\"type\":\"org\",\"start\":19,\"end\":38,\"name\":\"萨拉·弗莱尔\"}", NULL, OUT_PERSON, NULL));
    assert_true(match("{\"type\":\"org\",\"name\":\"谷歌\",\"canonical\":\"Google\"}", NULL,
                      "{\"type\":\"org\",\"start\":3,\"end\":5,\"name\":\"Google\",\"canonical\":\"Google\"}", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_person_matches_on_name_when_spans_overlap),
        cmocka_unit_test(test_person_matches_on_english_name_or_normalised_name),
        cmocka_unit_test(test_gold_without_span_matches_on_key_fields_alone),
        cmocka_unit_test(test_title_person_by_name_or_by_id_of_its_own_file),
        cmocka_unit_test(test_date_matches_on_value_null_included),
        cmocka_unit_test(test_move_matches_on_person_action_and_the_org_of_its_side),
        cmocka_unit_test(test_types_must_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
