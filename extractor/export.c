/* export.c: pick the writer for --format, and the doccano writer, which is
 * small: one JSON line per document, the text and a label per record. doccano
 * counts code points (its back end is Python), as the records do, so the
 * offsets go over unchanged. */
#include "export.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "review_html.h"

bool export_format_parse(const char *name, enum export_format *out)
{
    static const struct {
        const char *name;
        enum export_format fmt;
    } names[] = {{"jsonl", EXPORT_JSONL}, {"html", EXPORT_HTML}, {"doccano", EXPORT_DOCCANO}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].fmt;
            return true;
        }
    return false;
}

const char *export_doccano_label(enum rec_type t)
{
    switch (t) {
    case REC_PERSON: return "PERSON";
    case REC_ORG: return "ORG";
    case REC_TITLE: return "TITLE";
    case REC_DATE: return "DATE";
    case REC_MOVE: return "MOVE";
    default: return NULL;
    }
}

/* {"id": doc id, "text": the original text, "label": [[start, end, LABEL], ...]}:
 * the keys doccano's JSONL import reads ("text", "label"); it keeps "id" as
 * the example's metadata. */
static cJSON *doccano_json(const struct doc_result *dr, emit_types types)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    bool ok = cJSON_AddStringToObject(o, "id", dr->doc->id) && cJSON_AddStringToObject(o, "text", dr->doc->text);
    cJSON *labels = ok ? cJSON_AddArrayToObject(o, "label") : NULL;
    ok = labels != NULL;
    for (size_t i = 0; ok && i < dr->res.n; i++) {
        const struct record *r = &dr->res.v[i];
        const char *label = export_doccano_label(r->type);
        if (label == NULL || !(types & (1u << r->type)))
            continue;
        struct orig_span os = pipeline_orig_span(dr, r->start, r->end);
        cJSON *l = cJSON_CreateArray();
        ok = l && cJSON_AddItemToArray(labels, l);
        if (!ok) {
            cJSON_Delete(l);
            break;
        }
        ok = cJSON_AddItemToArray(l, cJSON_CreateNumber((double)os.start)) &&
             cJSON_AddItemToArray(l, cJSON_CreateNumber((double)os.end)) &&
             cJSON_AddItemToArray(l, cJSON_CreateString(label));
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static enum zhx_rc doccano_doc(FILE *out, const struct doc_result *dr, emit_types types, struct zhx_err *err)
{
    cJSON *o = doccano_json(dr, types);
    char *s = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (s == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, dr->doc->id, 0, 0, "out of memory building JSON");
    bool ok = fputs(s, out) >= 0 && putc('\n', out) != EOF;
    cJSON_free(s);
    return ok ? ZHX_OK : zhx_fail(err, ZHX_ERR_IO, NULL, 0, 0, "write error: %s", strerror(errno));
}

enum zhx_rc export_begin(FILE *out, enum export_format fmt, struct zhx_err *err)
{
    return fmt == EXPORT_HTML ? review_html_begin(out, err) : ZHX_OK;
}

enum zhx_rc export_end(FILE *out, enum export_format fmt, struct zhx_err *err)
{
    return fmt == EXPORT_HTML ? review_html_end(out, err) : ZHX_OK;
}

enum zhx_rc export_doc(FILE *out, enum export_format fmt, const struct doc_result *dr, emit_types types,
                       struct zhx_err *err)
{
    switch (fmt) {
    case EXPORT_HTML: return review_html_doc(out, dr, types, err);
    case EXPORT_DOCCANO: return doccano_doc(out, dr, types, err);
    default: return emit_jsonl(out, dr, types, err);
    }
}
