/* test_pipeline.c: documents through the real rule set (ZHX_PATTERNS) and
 * emit_jsonl, read back with cJSON: every line is valid JSON with the fields of
 * SCHEMA.md, and every record's offsets quote its `text` from the ORIGINAL input,
 * in bytes and in code points, whatever normalisation did to the text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "emit.h"
#include "pipeline.h"
#include "util.h"

/* ---- fixture: the rule set, loaded once ---- */

struct fx {
    struct rules *rs;
    struct pipeline pl;
};

static int group_setup(void **state)
{
    const char *dir = getenv("ZHX_PATTERNS");
    if (dir == NULL || *dir == '\0') {
        print_error("ZHX_PATTERNS is not set: it must name the patterns folder\n");
        return -1;
    }
    struct fx *fx = calloc(1, sizeof *fx);
    if (fx == NULL)
        return -1;
    struct zhx_err err = {0};
    if (rules_load_dir(dir, &fx->rs, &err) != ZHX_OK) {
        print_error("%s:%ld:%ld: %s\n", err.file, err.line, err.col, err.msg);
        free(fx);
        return -1;
    }
    if (pipeline_init(&fx->pl, fx->rs, &err) != ZHX_OK) {
        print_error("pipeline_init: %s\n", err.msg);
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
    if (fx == NULL)     /* setup failed */
        return 0;
    pipeline_free(&fx->pl);
    rules_free(fx->rs);
    free(fx);
    return 0;
}

/* ---- running a document and reading its records back ---- */

struct out {
    cJSON **rec;        /* one parsed object per line; rec[0] is the doc record */
    size_t n;
};

static void out_free(struct out *o)
{
    for (size_t i = 0; i < o->n; i++)
        cJSON_Delete(o->rec[i]);
    free(o->rec);
    o->rec = NULL;
    o->n = 0;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static long num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v))
        fail_msg("field %s is not a number", key);
    return (long)v->valuedouble;
}

static bool one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0)
            return true;
    return false;
}

/* key must be present and a string (one of set, when given), or null if nullable. */
static void want_str(const cJSON *o, const char *key, bool nullable, const char *const *set)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    char *line = cJSON_PrintUnformatted(o);
    if (v == NULL)
        fail_msg("no field %s in %s", key, line);
    if (cJSON_IsNull(v) && nullable) {
        cJSON_free(line);
        return;
    }
    if (!cJSON_IsString(v))
        fail_msg("field %s is not a string%s in %s", key, nullable ? " or null" : "", line);
    if (set && !one_of(v->valuestring, set))
        fail_msg("field %s has unexpected value \"%s\" in %s", key, v->valuestring, line);
    cJSON_free(line);
}

static void want_id(const cJSON *o, const char *key, char prefix, bool nullable)
{
    want_str(o, key, nullable, NULL);
    const char *id = str(o, key);
    if (id == NULL)
        return;
    char *end;
    assert_int_equal(id[0], prefix);
    assert_true(strtol(id + 1, &end, 10) >= 1);
    assert_int_equal(*end, '\0');
}

/* Is s an ISO partial date: YYYY, YYYY-MM or YYYY-MM-DD? */
static bool iso_partial(const char *s)
{
    struct ymd v;
    return dates_parse_iso(s, &v);
}

/* The code points [start, end) of s, malloc'ed; NULL when s has fewer. */
static char *cp_slice(const char *s, size_t len, long start, long end)
{
    size_t i = 0, cp = 0, from = 0;
    for (; i <= len; cp++) {
        if ((long)cp == start)
            from = i;
        if ((long)cp == end)
            return strndup(s + from, i - from);
        if (i == len)
            break;
        int32_t c;
        i += utf8_decode((const unsigned char *)s + i, &c);
    }
    return NULL;
}

static const char *const types[] = {"doc", "person", "org", "title", "date", "move", NULL};

static int type_rank(const char *t)
{
    for (int i = 0; types[i]; i++)
        if (strcmp(types[i], t) == 0)
            return i;
    return -1;
}

/* Everything SCHEMA.md promises of one record of document d. */
static void check_record(const struct doc *d, const struct doc_result *dr, const cJSON *o)
{
    static const char *const scripts[] = {"translit", "han", "latin", NULL};
    static const char *const title_status[] = {"current", "former", "incoming", "acting", NULL};
    static const char *const precisions[] = {"year", "month", "day", NULL};
    static const char *const parts[] = {"early", "mid", "late", NULL};
    static const char *const actions[] = {"join", "leave", "found", "appoint", "fired", "return",
                                          "leave_of_absence", NULL};
    static const char *const move_status[] = {"done", "planned", "rumoured", "denied", NULL};
    static const char *const ref_sources[] = {"option", "input", "text", NULL};

    want_str(o, "doc", false, NULL);
    assert_string_equal(str(o, "doc"), d->id);
    want_str(o, "type", false, types);
    want_str(o, "text", false, NULL);
    const char *type = str(o, "type"), *text = str(o, "text");
    long start = num(o, "start"), end = num(o, "end");
    long bs = num(o, "byte_start"), be = num(o, "byte_end"), sentence = num(o, "sentence");
    assert_true(0 <= start && start <= end);
    assert_true(0 <= bs && bs <= be && (size_t)be <= d->len);
    assert_true(sentence >= 0);

    /* the offset property, in bytes and in code points */
    if ((size_t)(be - bs) != strlen(text) || memcmp(d->text + bs, text, (size_t)(be - bs)) != 0)
        fail_msg("%s record: original bytes [%ld,%ld) \"%.*s\" != text \"%s\"", type, bs, be,
                 (int)(be - bs), d->text + bs, text);
    char *by_cp = cp_slice(d->text, d->len, start, end);
    if (by_cp == NULL || strcmp(by_cp, text) != 0)
        fail_msg("%s record: code points [%ld,%ld) \"%s\" != text \"%s\"", type, start, end,
                 by_cp ? by_cp : "(out of range)", text);
    free(by_cp);

    if (strcmp(type, "doc") == 0) {
        assert_null(cJSON_GetObjectItemCaseSensitive(o, "rule"));
        assert_string_equal(text, "");
        assert_int_equal(start, end);           /* where: see test_pipeline_doc_record_spans_nothing_at_zero */
        assert_int_equal(bs, be);
        want_str(o, "ref_date", true, NULL);
        if (str(o, "ref_date"))
            assert_true(iso_partial(str(o, "ref_date")));
        want_str(o, "ref_date_source", true, ref_sources);
        assert_int_equal(num(o, "chars"), utf8_count(d->text, d->len));
        assert_int_equal(num(o, "sentences"), dr->sent.n);
        assert_int_equal(num(o, "schema"), 1);
        return;
    }
    want_str(o, "rule", false, NULL);
    assert_true(start < end);                    /* a record quotes something */
    assert_true((size_t)sentence < dr->sent.n);
    if (strcmp(type, "person") == 0) {
        want_id(o, "id", 'P', false);
        want_str(o, "name", false, NULL);
        assert_true(str(o, "name")[0] != '\0');
        want_str(o, "en", true, NULL);
        want_str(o, "script", false, scripts);
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "aliases");
        assert_true(cJSON_IsArray(a));
        for (const cJSON *e = a->child; e; e = e->next)
            assert_true(cJSON_IsString(e));
    } else if (strcmp(type, "org") == 0) {
        want_id(o, "id", 'O', false);
        want_str(o, "name", false, NULL);
        want_str(o, "canonical", false, NULL);
    } else if (strcmp(type, "title") == 0) {
        want_str(o, "title", false, NULL);
        want_str(o, "canonical", true, NULL);
        want_id(o, "person", 'P', true);
        want_str(o, "org", true, NULL);
        want_str(o, "status", true, title_status);
    } else if (strcmp(type, "date") == 0) {
        want_str(o, "value", true, NULL);
        if (str(o, "value"))
            assert_true(iso_partial(str(o, "value")));
        want_str(o, "precision", false, precisions);
        want_str(o, "part", true, parts);
        assert_true(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(o, "relative")));
    } else if (strcmp(type, "move") == 0) {
        want_str(o, "action", false, actions);
        want_id(o, "person", 'P', false);
        want_str(o, "name", false, NULL);
        want_str(o, "en", true, NULL);
        want_str(o, "from", true, NULL);
        want_str(o, "to", true, NULL);
        want_str(o, "title", true, NULL);
        want_str(o, "date", true, NULL);
        if (str(o, "date"))
            assert_true(iso_partial(str(o, "date")));
        want_str(o, "status", false, move_status);
    }
}

/* Run text (with an optional reference date) and check every record. */
static void run(struct fx *fx, const char *id, const char *text, const char *ref, struct out *out)
{
    struct doc d;
    struct zhx_err err = {0};
    assert_int_equal(doc_from_memory(id, text, strlen(text), &d, &err), ZHX_OK);
    struct ymd r = {0};
    if (ref)
        assert_true(dates_parse_iso(ref, &r));
    enum zhx_rc rc = pipeline_run(&fx->pl, &d, ref ? &r : NULL, &err);
    if (rc != ZHX_OK)
        fail_msg("pipeline_run: %s:%ld:%ld: %s", err.file, err.line, err.col, err.msg);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    rc = emit_jsonl(f, &fx->pl.dr, EMIT_ALL_TYPES, &err);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(rc, ZHX_OK);
    assert_true(len > 0 && buf[len - 1] == '\n');

    memset(out, 0, sizeof *out);
    size_t n_lines = 0;
    for (size_t i = 0; i < len; i++)
        n_lines += buf[i] == '\n';
    out->rec = calloc(n_lines, sizeof *out->rec);
    assert_non_null(out->rec);
    for (char *line = buf, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
        *nl = '\0';
        cJSON *o = cJSON_Parse(line);
        if (o == NULL || !cJSON_IsObject(o))
            fail_msg("not a JSON object: %s", line);
        out->rec[out->n++] = o;
    }
    assert_int_equal(out->n, n_lines);
    assert_string_equal(str(out->rec[0], "type"), "doc");      /* the doc record opens */
    assert_int_equal(out->n - 1, fx->pl.dr.res.n);
    int prev_rank = 0;
    long prev_start = 0;
    for (size_t i = 0; i < out->n; i++) {
        check_record(&d, &fx->pl.dr, out->rec[i]);
        /* document order: by start, then by type */
        long s = num(out->rec[i], "start");
        int rank = type_rank(str(out->rec[i], "type"));
        assert_true(i == 0 || s > prev_start || (s == prev_start && rank >= prev_rank));
        prev_start = s;
        prev_rank = rank;
    }
    /* every person id a title or move names belongs to a person record */
    for (size_t i = 1; i < out->n; i++) {
        const char *pid = str(out->rec[i], "person");
        if (pid == NULL)
            continue;
        bool found = false;
        for (size_t k = 1; k < out->n && !found; k++)
            found = strcmp(str(out->rec[k], "type"), "person") == 0 && strcmp(str(out->rec[k], "id"), pid) == 0;
        if (!found)
            fail_msg("record %zu names person %s, which no person record has", i, pid);
    }
    free(buf);
    doc_free(&d);
}

/* The first record of type whose field key equals val, or NULL. */
static const cJSON *find(const struct out *o, const char *type, const char *key, const char *val)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(str(o->rec[i], "type"), type) == 0 && str(o->rec[i], key) &&
            strcmp(str(o->rec[i], key), val) == 0)
            return o->rec[i];
    return NULL;
}

static size_t count(const struct out *o, const char *type)
{
    size_t n = 0;
    for (size_t i = 0; i < o->n; i++)
        n += strcmp(str(o->rec[i], "type"), type) == 0;
    return n;
}

/* ---- the tests ---- */

static void test_pipeline_records_quote_original_through_zwsp_in_name(void **state)
{
    struct out o;
    run(*state, "zwsp", "萨姆·阿\xE2\x80\x8B尔特曼(Sam Altman)是OpenAI首席执行官。", "2024-10-03", &o);
    const cJSON *p = find(&o, "person", "en", "Sam Altman");
    assert_non_null(p);
    assert_string_equal(str(p, "name"), "萨姆·阿尔特曼");        /* the ZWSP is gone from the name */
    assert_non_null(strstr(str(p, "text"), "阿\xE2\x80\x8B尔特曼"));  /* but the text quotes it */
    assert_string_equal(str(p, "script"), "translit");
    assert_int_equal(num(p, "byte_start"), 0);
    assert_non_null(find(&o, "org", "canonical", "OpenAI"));
    assert_non_null(find(&o, "title", "canonical", "Chief Executive Officer"));
    assert_string_equal(str(o.rec[0], "ref_date"), "2024-10-03");
    assert_string_equal(str(o.rec[0], "ref_date_source"), "option");
    out_free(&o);
}

static void test_pipeline_records_quote_original_fullwidth_punctuation(void **state)
{
    struct out o;
    run(*state, "fullwidth", "米拉・穆拉蒂（Ｍｉｒａ Ｍｕｒａｔｉ）于２０２４年９月２５日宣布离职。", NULL, &o);
    const cJSON *p = find(&o, "person", "en", "Mira Murati");
    assert_non_null(p);
    assert_string_equal(str(p, "name"), "米拉\xC2\xB7穆拉蒂");   /* U+30FB folded to U+00B7 */
    assert_non_null(strstr(str(p, "text"), "（Ｍｉｒａ Ｍｕｒａｔｉ）"));
    const cJSON *d = find(&o, "date", "value", "2024-09-25");
    assert_non_null(d);
    assert_string_equal(str(d, "text"), "２０２４年９月２５日");
    const cJSON *m = find(&o, "move", "action", "leave");
    assert_non_null(m);
    assert_string_equal(str(m, "person"), str(p, "id"));
    assert_string_equal(str(m, "date"), "2024-09-25");
    out_free(&o);
}

static void test_pipeline_records_quote_original_across_crlf(void **state)
{
    struct out o;
    run(*state, "crlf",
        "第一段。\r\n\r\n萨姆·阿尔特曼(Sam Altman)是OpenAI首席执行官。\r\n"
        "  去年，米拉·穆拉蒂宣布离职。\r\n",
        "2024-10-03", &o);
    const cJSON *p = find(&o, "person", "name", "萨姆·阿尔特曼");
    assert_non_null(p);
    assert_int_equal(num(p, "sentence"), 1);
    assert_non_null(find(&o, "person", "name", "米拉·穆拉蒂"));
    const cJSON *d = find(&o, "date", "text", "去年");
    assert_non_null(d);
    assert_string_equal(str(d, "value"), "2023");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "relative")));
    for (size_t i = 1; i < o.n; i++)
        assert_null(strchr(str(o.rec[i], "text"), '\r'));     /* no record spans a line break */
    out_free(&o);
}

static void test_pipeline_folds_lookalike_dot_but_quotes_it(void **state)
{
    struct out o;
    run(*state, "dot", "据悉，米拉\xE2\x80\xA2穆拉蒂宣布离职。", NULL, &o);     /* U+2022 */
    const cJSON *p = find(&o, "person", "name", "米拉\xC2\xB7穆拉蒂");
    assert_non_null(p);
    assert_string_equal(str(p, "text"), "米拉\xE2\x80\xA2穆拉蒂");
    out_free(&o);
}

static void test_pipeline_counts_code_points_after_emoji_and_astral_chars(void **state)
{
    struct out o;
    /* 😀 and 𠮷 are one code point and four bytes each */
    run(*state, "emoji", "\xF0\x9F\x98\x80\xF0\xA0\xAE\xB7米拉·穆拉蒂宣布离职。", NULL, &o);
    const cJSON *p = find(&o, "person", "name", "米拉·穆拉蒂");
    assert_non_null(p);
    assert_int_equal(num(p, "start"), 2);
    assert_int_equal(num(p, "byte_start"), 8);
    assert_int_equal(num(p, "end"), 8);
    assert_int_equal(num(p, "byte_end"), 8 + strlen("米拉·穆拉蒂"));
    out_free(&o);
}

static void test_pipeline_quotes_nfd_original_and_composes_en(void **state)
{
    struct out o;
    run(*state, "nfd", "据报道，约瑟·加西亚(Jose\xCC\x81 Garci\xCC\x81" "a)加入谷歌。", NULL, &o);
    const cJSON *p = find(&o, "person", "en", "Jos\xC3\xA9 Garc\xC3\xAD" "a");     /* NFC in en */
    assert_non_null(p);
    assert_non_null(strstr(str(p, "text"), "Jose\xCC\x81 Garci\xCC\x81" "a"));        /* NFD in text */
    const cJSON *m = find(&o, "move", "action", "join");
    assert_non_null(m);
    assert_string_equal(str(m, "to"), "Google");
    out_free(&o);
}

static void test_pipeline_links_surname_mention_to_full_name(void **state)
{
    struct out o;
    run(*state, "alias",
        "萨姆·阿尔特曼(Sam Altman)是OpenAI首席执行官。据悉，米拉·穆拉蒂已离职。阿尔特曼表示感谢。", NULL, &o);
    const cJSON *full = find(&o, "person", "name", "萨姆·阿尔特曼");
    assert_non_null(full);
    const cJSON *shortname = find(&o, "person", "text", "阿尔特曼");
    assert_non_null(shortname);
    assert_true(num(shortname, "start") > num(full, "end"));
    assert_string_equal(str(shortname, "id"), str(full, "id"));
    assert_string_equal(str(shortname, "name"), "萨姆·阿尔特曼");
    assert_string_equal(str(shortname, "en"), "Sam Altman");
    /* a different person keeps a different id */
    const cJSON *other = find(&o, "person", "name", "米拉·穆拉蒂");
    assert_non_null(other);
    assert_string_not_equal(str(other, "id"), str(full, "id"));
    /* the full name lists the short form among its aliases */
    const cJSON *aliases = cJSON_GetObjectItemCaseSensitive(full, "aliases");
    bool has = false;
    for (const cJSON *e = aliases->child; e; e = e->next)
        has = has || strcmp(e->valuestring, "阿尔特曼") == 0;
    assert_true(has);
    out_free(&o);
}

/* people.c at scale: 400 dotted names, each mentioned again later by its last
 * part alone, are 400 people, every later mention linked to its own full name
 * (the name index must give what comparing every pair gave); a last part two
 * names share links to neither. */
static void test_pipeline_links_last_parts_of_many_people(void **state)
{
    static const char *const cps[] = {"阿", "尔", "特", "曼", "萨", "姆", "克", "斯", "托", "弗", "里", "德",
                                      "森", "马", "丁", "罗", "伯", "卡", "尼", "拉", "娜", "莉", "维", "安"};
    enum { N_CPS = sizeof cps / sizeof *cps, N = 400 };
    struct buf text = {0}, last[N];
    memset(last, 0, sizeof last);
    for (size_t i = 0; i < N; i++) {
        /* the last part: 3 characters, distinct for every i */
        assert_true(buf_adds(&last[i], cps[i / (N_CPS * N_CPS)]) && buf_adds(&last[i], cps[i / N_CPS % N_CPS]) &&
                    buf_adds(&last[i], cps[i % N_CPS]));
        assert_true(buf_printf(&text, "%s%s·%s出任公司总监。", cps[i % N_CPS], cps[(i / 7) % N_CPS], last[i].p));
    }
    /* a second 阿阿尔 (the last part of person 1): that short form is ambiguous */
    assert_true(buf_printf(&text, "卡尼·%s出任公司顾问。", last[1].p));
    /* the even ones after a title, so that a person rule finds the bare last
     * part itself and form_people must link it (abbreviated_by); the odd ones
     * only link_other_mentions finds */
    for (size_t i = 0; i < N; i++)
        assert_true(buf_printf(&text, i % 2 ? "%s表示感谢。" : "总监%s表示感谢。", last[i].p));
    struct out o;
    run(*state, "many", text.p, NULL, &o);
    size_t linked = 0;
    for (size_t r = 1; r < o.n; r++) {
        const char *t = str(o.rec[r], "text");
        if (strcmp(str(o.rec[r], "type"), "person") != 0 || strstr(t, "·") || num(o.rec[r], "start") == 0)
            continue;
        const char *name = str(o.rec[r], "name");
        assert_non_null(name);
        if (strcmp(t, last[1].p) == 0) {
            assert_string_equal(name, t);   /* ambiguous: its own person */
            continue;
        }
        const char *dot = strstr(name, "·");
        if (dot == NULL)
            fail_msg("%s is not linked to a dotted name but named %s", t, name);
        assert_string_equal(dot + strlen("·"), t);
        const cJSON *full = find(&o, "person", "text", name);
        assert_non_null(full);
        assert_string_equal(str(full, "id"), str(o.rec[r], "id"));
        linked++;
    }
    assert_int_equal(linked, N - 1);
    for (size_t i = 0; i < N; i++)
        buf_free(&last[i]);
    buf_free(&text);
    out_free(&o);
}

/* The move of action act whose person has name, or NULL. */
static const cJSON *find_move(const struct out *o, const char *act, const char *name)
{
    for (size_t i = 0; i < o->n; i++) {
        const cJSON *r = o->rec[i];
        if (strcmp(str(r, "type"), "move") == 0 && strcmp(str(r, "action"), act) == 0 && str(r, "name") &&
            strcmp(str(r, "name"), name) == 0)
            return r;
    }
    return NULL;
}

/* resolve.c, link_names_of: the Chinese name of an org given with its English
 * one, without its ending (寶瑞 of 寶瑞酒店), is the organisation wherever the
 * article uses it; a short name's mention runs as far as the text goes on
 * with the full name (星火互動 of 星火互動娛樂). A name joined to a word by 與 is
 * no organisation (蔡文彬與大學), and a headline's clauses are apart. */
static void test_pipeline_org_stem_and_prefix_mentions(void **state)
{
    struct out o;
    run(*state, "stem",
        "寶瑞酒店CEO韋伯辭任 財務總監鄭家樂署任\n"
        "寶瑞酒店（Borey Hotels Group）昨日公布業績。寶瑞股價下跌。"
        "星火互動娛樂今日公告,創辦人蔡文彬出席。星火互動由蔡文彬與大學同學許志成共同創辦。"
        "星火互聯網另有公告。", NULL, &o);
    const cJSON *stem = find(&o, "org", "text", "寶瑞");
    assert_non_null(stem);
    assert_string_equal(str(stem, "canonical"), "Borey Hotels Group");
    assert_null(find(&o, "org", "text", "星火互"));   /* 星火互聯網: whole words only */
    const cJSON *prefix = find(&o, "org", "text", "星火互動"), *full = find(&o, "org", "text", "星火互動娛樂");
    assert_non_null(prefix);
    assert_non_null(full);
    assert_string_equal(str(prefix, "canonical"), str(full, "canonical"));
    for (size_t i = 0; i < o.n; i++)
        if (strcmp(str(o.rec[i], "type"), "org") == 0 && strstr(str(o.rec[i], "text"), "蔡文彬"))
            fail_msg("an org holds a name: %s", str(o.rec[i], "text"));
    /* 署任 is 鄭家樂's; 辭任 stays in its own clause */
    assert_null(find_move(&o, "leave", "鄭家樂"));
    const cJSON *left = find_move(&o, "leave", "韋伯");
    assert_non_null(left);
    out_free(&o);
}

/* resolve.c, unify_title_forms: a person's post given with a UNIT_PREFIX word
 * (集团首席执行员) and without (首席执行员) is one post; 副主席 is not a fuller
 * 主席. */
static void test_pipeline_title_short_form_is_the_full_post(void **state)
{
    struct out o;
    run(*state, "unit",
        "董事部委任黄志明为集团首席执行员。新任首席执行员黄志明表示。董事会委任黄志明为首席执行员。"
        "副主席林国栋表示支持。主席林国栋另有任命。", NULL, &o);
    size_t n_ceo = 0, n_chair = 0;
    for (size_t i = 0; i < o.n; i++) {
        const cJSON *r = o.rec[i];
        if (strcmp(str(r, "type"), "title") != 0)
            continue;
        if (strstr(str(r, "text"), "首席执行员")) {
            assert_string_equal(str(r, "title"), "集团首席执行员");
            assert_string_equal(str(r, "canonical"), "Group Chief Executive Officer");
            n_ceo++;
        } else if (strcmp(str(r, "text"), "主席") == 0) {
            assert_string_equal(str(r, "title"), "主席");
            n_chair++;
        }
    }
    assert_int_equal(n_ceo, 3);
    assert_int_equal(n_chair, 1);
    /* the moves that name the short form name the post too */
    size_t n_moves = 0;
    for (size_t i = 0; i < o.n; i++) {
        const cJSON *r = o.rec[i];
        if (strcmp(str(r, "type"), "move") == 0 && str(r, "name") && strcmp(str(r, "name"), "黄志明") == 0 &&
            str(r, "title")) {
            assert_string_equal(str(r, "title"), "Group Chief Executive Officer");
            n_moves++;
        }
    }
    assert_true(n_moves >= 1);
    out_free(&o);
}

/* people.c, add_name_parts: a Malay name written without dots is shortened to
 * one of its parts (阿兹兰 of 莫哈末阿兹兰哈欣); a part two such names share
 * (莫哈末) names neither, nor does one that runs on into other such
 * characters. */
static void test_pipeline_links_parts_of_undotted_names(void **state)
{
    struct out o;
    run(*state, "parts",
        "集团首席执行员拿督莫哈末阿兹兰哈欣(Datuk Mohd Azlan Hashim)将提早退休。"
        "财务总监朱丽安娜莫哈末(Juliana Mohamed)表示支持。阿兹兰于2018年出任首席执行员。"
        "莫哈末表示感谢。", NULL, &o);
    const cJSON *part = find(&o, "person", "text", "阿兹兰");
    assert_non_null(part);
    assert_string_equal(str(part, "name"), "莫哈末阿兹兰哈欣");
    for (size_t i = 0; i < o.n; i++)
        if (strcmp(str(o.rec[i], "type"), "person") == 0 && strcmp(str(o.rec[i], "text"), "莫哈末") == 0)
            fail_msg("莫哈末, a part of two names, was linked to %s", str(o.rec[i], "name"));
    out_free(&o);
}

/* people.c, Latin names: a Malay name's given names (Nurul Aini of Nurul Aini
 * binti Hassan) and a Western name's last word (Menon) are the same person,
 * found where they stand alone too; a given name two people share is neither's. */
static void test_pipeline_links_latin_short_forms(void **state)
{
    struct out o;
    run(*state, "latin",
        "联合创始人Nurul Aini离职创业。首席产品员Nurul Aini binti Hassan已于本月离职。"
        "首席执行员Arvind Menon表示感谢。Menon否认有关说法。"
        "首席营运员Mohd Faizal bin Ismail与首席技术员Mohd Faizal Rahman出席。"
        "首席财务官Grace Tan表示满意。公司主席Tan Sri Lim Kok Wing出席。", NULL, &o);
    const cJSON *full = find(&o, "person", "name", "Nurul Aini binti Hassan");
    assert_non_null(full);
    const cJSON *first = find(&o, "person", "text", "Nurul Aini");
    assert_non_null(first);
    assert_string_equal(str(first, "id"), str(full, "id"));
    const cJSON *menon = find(&o, "person", "text", "Menon");
    assert_non_null(menon);
    assert_string_equal(str(menon, "name"), "Arvind Menon");
    const cJSON *a = find(&o, "person", "name", "Mohd Faizal bin Ismail");
    const cJSON *b = find(&o, "person", "name", "Mohd Faizal Rahman");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_not_equal(str(a, "id"), str(b, "id"));
    /* the Tan of the honorific Tan Sri is no mention of Grace Tan */
    for (size_t i = 0; i < o.n; i++)
        if (strcmp(str(o.rec[i], "type"), "person") == 0 && strcmp(str(o.rec[i], "text"), "Tan") == 0)
            fail_msg("Tan of Tan Sri was linked to %s", str(o.rec[i], "name"));
    out_free(&o);
}

/* move_joins.c: a return says the person left before; a leave is derived from
 * it (resolve.leave_before_return) unless the document tells of one already. */
static void test_pipeline_return_implies_a_leave(void **state)
{
    struct out o;
    run(*state, "return",
        "星匯銀行(StarBridge Bank)昨日宣布，前產品總監何嘉欣回巢，重掌零售銀行業務。"
        "財務總監陳志明曾於2021年離開星匯銀行，今年回歸星匯銀行。", NULL, &o);
    const cJSON *derived = NULL;
    size_t n_leaves_chen = 0;
    for (size_t i = 0; i < o.n; i++) {
        const cJSON *r = o.rec[i];
        if (strcmp(str(r, "type"), "move") != 0 || strcmp(str(r, "action"), "leave") != 0)
            continue;
        if (strcmp(str(r, "name"), "何嘉欣") == 0)
            derived = r;
        if (strcmp(str(r, "name"), "陳志明") == 0)
            n_leaves_chen++;
    }
    assert_non_null(find_move(&o, "return", "何嘉欣"));
    assert_non_null(derived);
    assert_string_equal(str(derived, "rule"), "resolve.leave_before_return");
    assert_string_equal(str(derived, "from"), "StarBridge Bank");
    assert_string_equal(str(derived, "status"), "done");
    /* 陳志明's leave is told: no second one is made */
    assert_int_equal(n_leaves_chen, 1);
    out_free(&o);
}

/* people.c, by_surname: 胡总 is the Chinese name with that surname mentioned
 * last before it, even in its own sentence, never a transliteration; the full
 * name keeps naming the person. */
static void test_pipeline_surname_title_takes_nearest_chinese_name(void **state)
{
    struct out o;
    run(*state, "surname",
        "总裁胡立新表示支持。董事长胡明称,将接任。胡总表示同意。马克·扎克伯格今日发文。马总表示欢迎。"
        "教育部长李明今日视察。李教授表示,将推动改革。", NULL, &o);
    const cJSON *hu = find(&o, "person", "text", "胡总"), *ming = find(&o, "person", "text", "胡明");
    assert_non_null(hu);
    assert_non_null(ming);
    assert_string_equal(str(hu, "id"), str(ming, "id"));
    const cJSON *ma = find(&o, "person", "text", "马总"), *mz = find(&o, "person", "text", "马克·扎克伯格");
    assert_non_null(ma);
    assert_non_null(mz);
    assert_string_not_equal(str(ma, "id"), str(mz, "id"));
    const cJSON *li = find(&o, "person", "text", "李教授");
    assert_non_null(li);
    assert_string_equal(str(li, "name"), "李明");
    out_free(&o);
}

/* resolve.c, join_full_names: 嘉運物流 and the registered 嘉運物流控股有限公司 are
 * one organisation; a name the lexicon knows (腾讯) stays its own. */
static void test_pipeline_short_org_joins_registered_name_unless_known(void **state)
{
    struct out o;
    run(*state, "fullname",
        "嘉運物流CEO馮志強請辭。物流股嘉運物流控股有限公司昨日發出公告。"
        "腾讯音乐娱乐集团有限公司今日公布业绩。李明已离开腾讯。", NULL, &o);
    const cJSON *brand = find(&o, "org", "text", "嘉運物流"), *full = find(&o, "org", "text", "嘉運物流控股有限公司");
    assert_non_null(brand);
    assert_non_null(full);
    assert_string_equal(str(brand, "canonical"), str(full, "canonical"));
    const cJSON *left = find_move(&o, "leave", "李明");
    assert_non_null(left);
    assert_string_equal(str(left, "from"), "Tencent");
    out_free(&o);
}

/* org.before_post and org.described (role=by_position): a name known only by
 * where it stands is an org record; one that begins a name found by its ending
 * is that organisation (resolve.c, join_by_position); and it is never the
 * context a move's organisation is filled from. */
static void test_pipeline_org_known_by_position(void **state)
{
    struct out o;
    run(*state, "byposition",
        "雷光互動娛樂今日公告。雷光互動創辦人林冠宇表示,將專注新作。"
        "星河科技今日公告,委任前电商平台乐购网总执行长陈美玲为首席运营官。", NULL, &o);
    const cJSON *full = find(&o, "org", "text", "雷光互動娛樂"), *part = find(&o, "org", "text", "雷光互動");
    assert_non_null(full);
    assert_non_null(part);
    assert_string_equal(str(part, "rule"), "org.before_post");
    assert_string_equal(str(part, "canonical"), str(full, "canonical"));
    const cJSON *shop = find(&o, "org", "text", "乐购网");
    assert_non_null(shop);
    assert_string_equal(str(shop, "rule"), "org.described");
    const cJSON *ap = find_move(&o, "appoint", "陈美玲");
    assert_non_null(ap);
    assert_string_equal(str(ap, "to"), "星河科技");
    out_free(&o);
}

/* A regulator declaring its short name keeps role=authority (never a move's
 * organisation), and a by-position name joins a longer one only at a word's
 * end (Sea is not SeaMoney). */
static void test_pipeline_declared_short_and_position_limits(void **state)
{
    struct out o;
    run(*state, "limits",
        "国家金融监督管理总局(以下简称“金融监管总局”)今日发布通知。副局长陈美玲已于本月加盟,出任首席风险官。"
        "SeaMoney今日公告。Sea副总裁李明表示,公司将扩张。", "2025-06", &o);
    const cJSON *j = find_move(&o, "join", "陈美玲");
    assert_non_null(j);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "to")));
    const cJSON *sea = find(&o, "org", "text", "Sea");
    assert_non_null(sea);
    assert_string_equal(str(sea, "canonical"), "Sea");
    out_free(&o);
}

/* ... and once joined to a known organisation it is as good a context as that
 * one: the join with no object takes it (the full name is out of reach). */
static void test_pipeline_org_by_position_joined_is_context(void **state)
{
    struct out o;
    run(*state, "byposctx",
        "雷光互動娛樂今日公告新作上市。新作首週銷量破十萬套。玩家反應熱烈。"
        "雷光互動創辦人林冠宇表示,將專注新作。陳美玲已於本月加盟,出任營運長。", "2025-01", &o);
    const cJSON *full = find(&o, "org", "text", "雷光互動娛樂");
    assert_non_null(full);
    const cJSON *j = find_move(&o, "join", "陳美玲");
    assert_non_null(j);
    assert_string_equal(str(j, "to"), str(full, "canonical"));
    out_free(&o);
}

/* org.declared_short: the short form an article declares (以下简称“芯跃微”) is
 * the organisation wherever it stands later, a move's organisation too. */
static void test_pipeline_declared_short_name_is_the_organisation(void **state)
{
    struct out o;
    run(*state, "declared",
        "芯片创业公司上海芯跃微电子有限公司（以下简称“芯跃微”）近日完成融资。"
        "芯跃微首席执行官刘昊表示,公司将扩产。据悉,张牧之已于上月离开芯跃微。", "2025-03", &o);
    const cJSON *full = find(&o, "org", "text", "上海芯跃微电子有限公司"), *later = find(&o, "org", "text", "芯跃微");
    assert_non_null(full);
    assert_non_null(later);
    assert_string_equal(str(later, "canonical"), str(full, "canonical"));
    const cJSON *left = find_move(&o, "leave", "张牧之");
    assert_non_null(left);
    assert_string_equal(str(left, "from"), str(full, "canonical"));
    out_free(&o);
}

/* moves.c, left_org and former_org: a join with no `from` comes from where the
 * sentence says the person left, else from a post held before there. */
static void test_pipeline_join_from_left_or_former_org(void **state)
{
    struct out o;
    run(*state, "joinfrom",
        "鼎曜科技今日公告。吳佩珊2021年離開鼎曜,轉戰聯發科擔任行銷總監。"
        "副總經理林志明表示。林志明現年52歲,早年曾任遠傳電信企業客戶處處長,2020年加入鼎曜科技擔任總經理。", NULL, &o);
    const cJSON *wu = find_move(&o, "join", "吳佩珊");
    assert_non_null(wu);
    assert_string_equal(str(wu, "to"), "MediaTek");
    assert_string_equal(str(wu, "from"), "鼎曜科技");
    const cJSON *lin = find_move(&o, "join", "林志明");
    assert_non_null(lin);
    assert_string_equal(str(lin, "from"), "Far EasTone");
    out_free(&o);
}

/* moves.c, former_org and in_former_title: a post held now at another
 * organisation, told before someone appointed by 委任, is where they come from:
 * not where the appointment is, and the organisation of a join. */
static void test_pipeline_current_post_elsewhere_joins(void **state)
{
    struct out o;
    run(*state, "currentpost",
        "岭海大学今日公布人事任命。岭海大学校董会委任现任英国华顿大学常务副校长黄立勤教授为校长。", NULL, &o);
    const cJSON *here = find(&o, "org", "text", "岭海大学"), *there = find(&o, "org", "text", "英国华顿大学");
    assert_non_null(here);
    assert_non_null(there);
    const cJSON *ap = find_move(&o, "appoint", "黄立勤");
    assert_non_null(ap);
    assert_string_equal(str(ap, "to"), str(here, "canonical"));
    const cJSON *j = find_move(&o, "join", "黄立勤");
    assert_non_null(j);
    assert_string_equal(str(j, "from"), str(there, "canonical"));
    assert_string_equal(str(j, "to"), str(here, "canonical"));
    out_free(&o);
}

/* ... but not the new post itself (任命张伟为腾讯云总裁), a post held now by
 * someone who joins (腾讯云总裁邱跃鹏2012年加入腾讯: no `from`), or the post
 * kept beside a concurrent one (兼任). */
static void test_pipeline_post_held_now_only_before_an_appointment(void **state)
{
    struct out o;
    run(*state, "heldnow",
        "腾讯宣布任命张伟为腾讯云总裁。腾讯云总裁邱跃鹏2012年加入腾讯。"
        "阿里巴巴宣布,阿里云总裁王坚将兼任阿里巴巴首席技术官。", NULL, &o);
    assert_null(find_move(&o, "join", "张伟"));
    const cJSON *j = find_move(&o, "join", "邱跃鹏");
    assert_non_null(j);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "from")));
    assert_null(find_move(&o, "join", "王坚"));
    out_free(&o);
}

/* moves.c, make_move: everyone listed with the appointee moves too; with 分别
 * each has a post of their own, so only the first takes the captured one. */
static void test_pipeline_appointee_list_respectively(void **state)
{
    struct out o;
    run(*state, "respectively",
        "皖江银行董事会审议通过议案,聘任吕敏、蔡宏宇、尚楠分别为该行首席信息官、首席合规官、董事会秘书。", NULL, &o);
    const cJSON *a = find_move(&o, "appoint", "吕敏"), *b = find_move(&o, "appoint", "尚楠");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(str(a, "title"), "Chief Information Officer");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(b, "title")));
    assert_string_equal(str(b, "to"), str(a, "to"));
    out_free(&o);
}

/* ... and so is a post told with no status word before the appointee. */
static void test_pipeline_post_without_status_elsewhere_joins(void **state)
{
    struct out o;
    run(*state, "nostatus", "腾讯宣布,任命阿里巴巴副总裁张伟为首席技术官。", NULL, &o);
    const cJSON *j = find_move(&o, "join", "张伟");
    assert_non_null(j);
    assert_string_equal(str(j, "from"), "Alibaba");
    assert_string_equal(str(j, "to"), "Tencent");
    out_free(&o);
}

/* moves.c, in_former_title: the org of a post held before is not where an
 * appointment goes, but a return goes back there. */
static void test_pipeline_former_org_is_no_appointment_but_a_return(void **state)
{
    struct out o;
    run(*state, "former",
        "华腾科技宣布,财务总监一职由曾任毕马威(KPMG)审计合伙人的Grace Tan接任。"
        "曾任阿里巴巴副总裁的张伟回归,出任首席技术官。", NULL, &o);
    const cJSON *ap = find_move(&o, "appoint", "Grace Tan");
    assert_non_null(ap);
    assert_string_equal(str(ap, "to"), "华腾科技");
    const cJSON *back = find_move(&o, "return", "张伟");
    assert_non_null(back);
    assert_string_equal(str(back, "to"), "Alibaba");
    out_free(&o);
}

/* resolve.c, crosses_person: an org word that takes half a name is no org. */
static void test_pipeline_org_never_crosses_a_name(void **state)
{
    struct out o;
    run(*state, "cross", "大众银行委任拿督斯里陈德华为集团董事经理。", NULL, &o);
    assert_non_null(find(&o, "person", "text", "陈德华"));
    assert_null(find(&o, "org", "text", "华为"));
    out_free(&o);
}

static void test_pipeline_document_without_records_gives_only_doc_record(void **state)
{
    struct out o;
    run(*state, "empty", "", NULL, &o);
    assert_int_equal(o.n, 1);
    assert_int_equal(num(o.rec[0], "chars"), 0);
    assert_int_equal(num(o.rec[0], "sentences"), 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o.rec[0], "ref_date")));
    out_free(&o);
    run(*state, "plain", "今天天气很好。", NULL, &o);
    assert_int_equal(count(&o, "person") + count(&o, "move"), 0);
    out_free(&o);
}

static void test_pipeline_mixed_document_keeps_offsets_everywhere(void **state)
{
    struct out o;
    run(*state, "mixed",
        "\xEF\xBB\xBF【快讯】\xF0\x9F\x98\x80 小米ＣＥＯ雷军宣布。\r\n"
        "萨姆・阿\xE2\x80\x8B尔特曼（Ｓａｍ　Ａｌｔｍａｎ）于２０２４年９月加入微软。\n\n"
        "Cafe\xCC\x81的\xE3\x80\x80老板\x01说:“阿尔特曼将出任首席技术官。”",
        "2024-10", &o);
    assert_true(count(&o, "person") >= 2);
    const cJSON *p = find(&o, "person", "en", "Sam Altman");
    assert_non_null(p);
    assert_non_null(strstr(str(p, "text"), "（Ｓａｍ　Ａｌｔｍａｎ）"));
    const cJSON *lei = find(&o, "person", "name", "雷军");
    assert_non_null(lei);
    assert_string_equal(str(lei, "text"), "雷军");
    out_free(&o);
}

/* Regression: the doc record's span was the normalised offset 0 mapped
 * back, so a document opening with a BOM or a zero-width char (dropped by
 * normalise) got a doc record at start 1 / byte_start 3 instead of 0. */
static void test_pipeline_doc_record_spans_nothing_at_zero(void **state)
{
    static const char *const texts[] = {
        "甲。", "\xEF\xBB\xBF萨姆·阿尔特曼宣布离职。", "\xE2\x80\x8B开头。",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        struct out o;
        run(*state, "doc0", texts[i], NULL, &o);
        long s = num(o.rec[0], "start"), bs = num(o.rec[0], "byte_start");
        long e = num(o.rec[0], "end"), be = num(o.rec[0], "byte_end");
        out_free(&o);
        if (s != 0 || e != 0 || bs != 0 || be != 0)
            fail_msg("text %zu: doc record at start %ld end %ld byte_start %ld byte_end %ld, want all 0",
                     i, s, e, bs, be);
    }
}

static void test_pipeline_bad_jsonl_date_fails_the_document(void **state)
{
    struct fx *fx = *state;
    struct doc d;
    struct zhx_err err = {0};
    assert_int_equal(doc_from_memory("baddate", "甲。", strlen("甲。"), &d, &err), ZHX_OK);
    d.date = strdup("2024-13-01");
    assert_non_null(d.date);
    assert_int_equal(pipeline_run(&fx->pl, &d, NULL, &err), ZHX_ERR_INPUT);
    assert_string_equal(err.file, "baddate");
    assert_non_null(strstr(err.msg, "2024-13-01"));
    doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipeline_records_quote_original_through_zwsp_in_name),
        cmocka_unit_test(test_pipeline_records_quote_original_fullwidth_punctuation),
        cmocka_unit_test(test_pipeline_records_quote_original_across_crlf),
        cmocka_unit_test(test_pipeline_folds_lookalike_dot_but_quotes_it),
        cmocka_unit_test(test_pipeline_counts_code_points_after_emoji_and_astral_chars),
        cmocka_unit_test(test_pipeline_quotes_nfd_original_and_composes_en),
        cmocka_unit_test(test_pipeline_links_surname_mention_to_full_name),
        cmocka_unit_test(test_pipeline_surname_title_takes_nearest_chinese_name),
        cmocka_unit_test(test_pipeline_links_last_parts_of_many_people),
        cmocka_unit_test(test_pipeline_org_stem_and_prefix_mentions),
        cmocka_unit_test(test_pipeline_title_short_form_is_the_full_post),
        cmocka_unit_test(test_pipeline_links_parts_of_undotted_names),
        cmocka_unit_test(test_pipeline_links_latin_short_forms),
        cmocka_unit_test(test_pipeline_return_implies_a_leave),
        cmocka_unit_test(test_pipeline_short_org_joins_registered_name_unless_known),
        cmocka_unit_test(test_pipeline_org_known_by_position),
        cmocka_unit_test(test_pipeline_org_by_position_joined_is_context),
        cmocka_unit_test(test_pipeline_declared_short_and_position_limits),
        cmocka_unit_test(test_pipeline_declared_short_name_is_the_organisation),
        cmocka_unit_test(test_pipeline_join_from_left_or_former_org),
        cmocka_unit_test(test_pipeline_current_post_elsewhere_joins),
        cmocka_unit_test(test_pipeline_post_without_status_elsewhere_joins),
        cmocka_unit_test(test_pipeline_post_held_now_only_before_an_appointment),
        cmocka_unit_test(test_pipeline_appointee_list_respectively),
        cmocka_unit_test(test_pipeline_former_org_is_no_appointment_but_a_return),
        cmocka_unit_test(test_pipeline_org_never_crosses_a_name),
        cmocka_unit_test(test_pipeline_document_without_records_gives_only_doc_record),
        cmocka_unit_test(test_pipeline_mixed_document_keeps_offsets_everywhere),
        cmocka_unit_test(test_pipeline_doc_record_spans_nothing_at_zero),
        cmocka_unit_test(test_pipeline_bad_jsonl_date_fails_the_document),
    };
    return cmocka_run_group_tests_name("pipeline", tests, group_setup, group_teardown);
}
