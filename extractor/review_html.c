/* review_html.c: write the review page. The page (markup, CSS, script) is
 * extractor/review/page.html, which CMake compiles in as two strings split at
 * its data marker; this file writes the documents' data between them. Only
 * data goes into the page from here, never markup, so the one escape that
 * matters is keeping the JSON from ending its <script> element. */
#include "review_html.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <string.h>

/* generated from extractor/review/page.html (cmake/embed_page.cmake) */
extern const char review_page_head[];
extern const char review_page_tail[];

static enum zhx_rc write_error(struct zhx_err *err)
{
    return zhx_fail(err, ZHX_ERR_IO, NULL, 0, 0, "write error: %s", strerror(errno));
}

enum zhx_rc review_html_begin(FILE *out, struct zhx_err *err)
{
    return fputs(review_page_head, out) >= 0 ? ZHX_OK : write_error(err);
}

enum zhx_rc review_html_end(FILE *out, struct zhx_err *err)
{
    return fputs(review_page_tail, out) >= 0 ? ZHX_OK : write_error(err);
}

/* Write JSON text with every "<" as \u003c. A "<" only occurs inside JSON
 * strings, where \u003c means the same, so the JSON is unchanged for
 * JSON.parse, and the HTML parser never sees "</script" or "<!--" in it. */
static bool put_script_safe(FILE *out, const char *s)
{
    for (const char *lt; (lt = strchr(s, '<')) != NULL; s = lt + 1)
        if (fwrite(s, 1, (size_t)(lt - s), out) != (size_t)(lt - s) || fputs("\\u003c", out) < 0)
            return false;
    return fputs(s, out) >= 0;
}

static cJSON *doc_data(const struct doc_result *dr, emit_types types)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    bool ok = cJSON_AddStringToObject(o, "id", dr->doc->id) && cJSON_AddStringToObject(o, "text", dr->doc->text);
    /* the page shows a record's sentence as its evidence; records carry only
     * the index, and the sentences are spans of the normalised text */
    cJSON *sents = ok ? cJSON_AddArrayToObject(o, "sentences") : NULL;
    ok = sents != NULL;
    for (size_t i = 0; ok && i < dr->sent.n; i++) {
        struct orig_span os = pipeline_orig_span(dr, dr->sent.v[i].start, dr->sent.v[i].end);
        cJSON *s = cJSON_CreateArray();
        ok = s && cJSON_AddItemToArray(sents, s);
        if (!ok)
            cJSON_Delete(s);
        else
            ok = cJSON_AddItemToArray(s, cJSON_CreateNumber((double)os.start)) &&
                 cJSON_AddItemToArray(s, cJSON_CreateNumber((double)os.end));
    }
    cJSON *recs = ok ? cJSON_AddArrayToObject(o, "records") : NULL;
    ok = recs != NULL;
    cJSON *d = ok ? emit_doc_object(dr) : NULL;
    ok = d && cJSON_AddItemToArray(recs, d);
    if (d && !ok)
        cJSON_Delete(d);
    for (size_t i = 0; ok && i < dr->res.n; i++) {
        const struct record *r = &dr->res.v[i];
        if (!(types & (1u << r->type)))
            continue;
        cJSON *ro = emit_record_object(dr, r);
        ok = ro && cJSON_AddItemToArray(recs, ro);
        if (ro && !ok)
            cJSON_Delete(ro);
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

enum zhx_rc review_html_doc(FILE *out, const struct doc_result *dr, emit_types types, struct zhx_err *err)
{
    cJSON *o = doc_data(dr, types);
    char *s = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (s == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, dr->doc->id, 0, 0, "out of memory building the page data");
    bool ok = fputs("<script type=\"application/json\" class=\"zhx-doc\">", out) >= 0 && put_script_safe(out, s) &&
              fputs("</script>\n", out) >= 0;
    cJSON_free(s);
    return ok ? ZHX_OK : write_error(err);
}
