/* emit.c: build each record as a cJSON object and print it on one line. Field
 * order follows SCHEMA.md so that a reviewer reading raw lines finds things in
 * the same place every time. */
#include "emit.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void add_str(cJSON *o, const char *key, const char *val)
{
    if (val)
        cJSON_AddStringToObject(o, key, val);
    else
        cJSON_AddNullToObject(o, key);
}

static void add_common(cJSON *o, const struct doc_result *dr, const char *type, const char *rule,
                       size_t ns, size_t ne, size_t sentence)
{
    /* the doc record spans nothing at 0, whatever the text starts with (a BOM) */
    struct orig_span os = rule ? pipeline_orig_span(dr, ns, ne) : (struct orig_span){0, 0, 0, 0};
    cJSON_AddStringToObject(o, "doc", dr->doc->id);
    cJSON_AddStringToObject(o, "type", type);
    /* the ORIGINAL text at the span, which may differ from what the rule saw */
    char *t = strndup(dr->doc->text + os.byte_start, os.byte_end - os.byte_start);
    add_str(o, "text", t ? t : "");
    free(t);
    cJSON_AddNumberToObject(o, "start", (double)os.start);
    cJSON_AddNumberToObject(o, "end", (double)os.end);
    cJSON_AddNumberToObject(o, "byte_start", (double)os.byte_start);
    cJSON_AddNumberToObject(o, "byte_end", (double)os.byte_end);
    cJSON_AddNumberToObject(o, "sentence", (double)sentence);
    if (rule)
        cJSON_AddStringToObject(o, "rule", rule);
}

static void add_person_fields(cJSON *o, const struct person *p)
{
    add_str(o, "id", p->id);
    add_str(o, "name", p->name);
    if (p->name_simplified)
        add_str(o, "name_simplified", p->name_simplified);
    add_str(o, "en", p->en);
    add_str(o, "script", p->script);
    cJSON *a = cJSON_AddArrayToObject(o, "aliases");
    for (size_t i = 0; a && i < p->n_aliases; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(p->aliases[i]));
    add_str(o, "en_known", p->en_known);
}

cJSON *emit_record_object(const struct doc_result *dr, const struct record *r)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    add_common(o, dr, rec_type_name(r->type), r->rule, r->start, r->end, r->sentence);
    const struct person *p = r->person >= 0 ? &dr->res.people[r->person] : NULL;
    switch (r->type) {
    case REC_PERSON:
        add_person_fields(o, p);
        break;
    case REC_ORG:
        add_str(o, "id", r->org_id);
        add_str(o, "name", r->f[F_NAME]);
        if (r->f[F_NAME_SIMPLIFIED])
            add_str(o, "name_simplified", r->f[F_NAME_SIMPLIFIED]);
        add_str(o, "canonical", r->f[F_CANONICAL]);
        break;
    case REC_TITLE:
        add_str(o, "title", r->f[F_TITLE]);
        add_str(o, "canonical", r->f[F_CANONICAL]);
        add_str(o, "person", p ? p->id : NULL);
        add_str(o, "org", r->f[F_ORG]);
        add_str(o, "status", r->f[F_STATUS]);
        break;
    case REC_DATE:
        add_str(o, "value", r->f[F_VALUE]);
        add_str(o, "precision", r->f[F_PRECISION]);
        add_str(o, "part", r->f[F_PART]);
        cJSON_AddBoolToObject(o, "relative", r->relative);
        break;
    case REC_MOVE:
        add_str(o, "action", r->f[F_ACTION]);
        add_str(o, "person", p ? p->id : NULL);
        add_str(o, "name", p ? p->name : NULL);
        if (p && p->name_simplified)
            add_str(o, "name_simplified", p->name_simplified);
        add_str(o, "en", p ? p->en : NULL);
        add_str(o, "from", r->f[F_FROM]);
        add_str(o, "to", r->f[F_TO]);
        add_str(o, "title", r->f[F_TITLE]);
        add_str(o, "date", r->f[F_DATE]);
        add_str(o, "status", r->f[F_STATUS]);
        cJSON *inf = cJSON_AddArrayToObject(o, "inferred");
        if (inf && r->inferred_from)
            cJSON_AddItemToArray(inf, cJSON_CreateString("from"));
        if (inf && r->inferred_to)
            cJSON_AddItemToArray(inf, cJSON_CreateString("to"));
        if (inf && r->inferred_title)
            cJSON_AddItemToArray(inf, cJSON_CreateString("title"));
        break;
    default:
        break;
    }
    return o;
}

cJSON *emit_doc_object(const struct doc_result *dr)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    add_common(o, dr, "doc", NULL, 0, 0, 0);
    char ref[11] = "";
    if (dr->ref.day)
        snprintf(ref, sizeof ref, "%04d-%02d-%02d", dr->ref.year, dr->ref.month, dr->ref.day);
    else if (dr->ref.month)
        snprintf(ref, sizeof ref, "%04d-%02d", dr->ref.year, dr->ref.month);
    else if (dr->ref.year)
        snprintf(ref, sizeof ref, "%04d", dr->ref.year);
    add_str(o, "ref_date", ref[0] ? ref : NULL);
    add_str(o, "ref_date_source", dr->ref_source);
    cJSON_AddNumberToObject(o, "chars", (double)cp_index_at(&dr->cpx, dr->doc->len));
    cJSON_AddNumberToObject(o, "sentences", (double)dr->sent.n);
    cJSON_AddNumberToObject(o, "schema", ZHX_SCHEMA);
    /* which conversion the rules saw the text through, and how much it changed:
     * converted_chars > 0 marks a Traditional document */
    add_str(o, "conversion", dr->conversion);
    cJSON_AddNumberToObject(o, "converted_chars", (double)dr->n_converted);
    if (dr->doc->n_replaced) {
        cJSON_AddNumberToObject(o, "replaced", (double)dr->doc->n_replaced);
        cJSON_AddNumberToObject(o, "first_replaced_byte", (double)dr->doc->first_bad);
    }
    return o;
}

static enum zhx_rc print_json(FILE *out, cJSON *o, struct zhx_err *err)
{
    if (o == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory building JSON");
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (s == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory printing JSON");
    bool ok = fputs(s, out) >= 0 && putc('\n', out) != EOF;
    cJSON_free(s);
    return ok ? ZHX_OK : zhx_fail(err, ZHX_ERR_IO, NULL, 0, 0, "write error: %s", strerror(errno));
}

enum zhx_rc emit_jsonl(FILE *out, const struct doc_result *dr, emit_types types, struct zhx_err *err)
{
    enum zhx_rc rc = print_json(out, emit_doc_object(dr), err);
    for (size_t i = 0; rc == ZHX_OK && i < dr->res.n; i++) {
        const struct record *r = &dr->res.v[i];
        if (types & (1u << r->type))
            rc = print_json(out, emit_record_object(dr, r), err);
    }
    return rc;
}

char *emit_field_text(const struct doc_result *dr, const struct record *r, const char *key)
{
    cJSON *o = emit_record_object(dr, r);
    if (o == NULL)
        return NULL;
    char *res = NULL;
    if (strcmp(key, "person") == 0 && r->person >= 0) {
        res = strdup(dr->res.people[r->person].name);
    } else {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
        if (cJSON_IsString(v))
            res = strdup(v->valuestring);
        else if (cJSON_IsBool(v))
            res = strdup(cJSON_IsTrue(v) ? "true" : "false");
        else if (cJSON_IsNumber(v)) {
            char b[32];
            snprintf(b, sizeof b, "%.0f", v->valuedouble);
            res = strdup(b);
        } else if (cJSON_IsArray(v)) {
            res = cJSON_PrintUnformatted(v);   /* freed with free(): cJSON uses malloc here */
        }
    }
    cJSON_Delete(o);
    return res;
}
