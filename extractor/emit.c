/* emit.c: build each record as a cJSON object and print it on one line. Field
 * order follows SCHEMA.md so that a reviewer reading raw lines finds things in
 * the same place every time. */
#include "emit.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* cJSON used lean: keys are string constants (cJSON_AddItemToObjectCS does not
 * copy them), values are referenced where they live (the document's records,
 * which outlive the print), and integers go in as raw text. Each record used to
 * cost ~25 small allocations and a %d per number; the output is the same bytes. */
static void add_item(cJSON *o, const char *key, cJSON *item)
{
    if (item)
        cJSON_AddItemToObjectCS(o, key, item);
}

/* val is borrowed and must outlive the print of o */
static void add_str(cJSON *o, const char *key, const char *val)
{
    add_item(o, key, val ? cJSON_CreateStringReference(val) : cJSON_CreateNull());
}

/* the digits of v, as cJSON prints an integral number */
static void add_uint(cJSON *o, const char *key, size_t v)
{
    char b[24], *p = b + sizeof b;
    *--p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    add_item(o, key, cJSON_CreateRaw(p));
}

static void add_common(cJSON *o, const struct doc_result *dr, const char *type, const char *rule,
                       size_t ns, size_t ne, size_t sentence)
{
    /* the doc record spans nothing at 0, whatever the text starts with (a BOM) */
    struct orig_span os = rule ? pipeline_orig_span(dr, ns, ne) : (struct orig_span){0, 0, 0, 0};
    add_str(o, "doc", dr->doc->id);
    add_str(o, "type", type);
    /* the ORIGINAL text at the span, which may differ from what the rule saw */
    char *t = strndup(dr->doc->text + os.byte_start, os.byte_end - os.byte_start);
    add_item(o, "text", cJSON_CreateString(t ? t : ""));
    free(t);
    add_uint(o, "start", os.start);
    add_uint(o, "end", os.end);
    add_uint(o, "byte_start", os.byte_start);
    add_uint(o, "byte_end", os.byte_end);
    add_uint(o, "sentence", sentence);
    if (rule)
        add_str(o, "rule", rule);
}

static void add_person_fields(cJSON *o, const struct person *p)
{
    add_str(o, "id", p->id);
    add_str(o, "name", p->name);
    if (p->name_simplified)
        add_str(o, "name_simplified", p->name_simplified);
    add_str(o, "en", p->en);
    add_str(o, "script", p->script);
    cJSON *a = cJSON_CreateArray();
    add_item(o, "aliases", a);
    for (size_t i = 0; a && i < p->n_aliases; i++)
        cJSON_AddItemToArray(a, cJSON_CreateStringReference(p->aliases[i]));
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
        add_item(o, "relative", cJSON_CreateBool(r->relative));
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
        cJSON *inf = cJSON_CreateArray();
        add_item(o, "inferred", inf);
        if (inf && r->inferred_from)
            cJSON_AddItemToArray(inf, cJSON_CreateStringReference("from"));
        if (inf && r->inferred_to)
            cJSON_AddItemToArray(inf, cJSON_CreateStringReference("to"));
        if (inf && r->inferred_title)
            cJSON_AddItemToArray(inf, cJSON_CreateStringReference("title"));
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
    add_item(o, "ref_date", ref[0] ? cJSON_CreateString(ref) : cJSON_CreateNull());   /* ref is on the stack */
    add_str(o, "ref_date_source", dr->ref_source);
    add_uint(o, "chars", cp_index_at(&dr->cpx, dr->doc->len));
    add_uint(o, "sentences", dr->sent.n);
    add_uint(o, "schema", ZHX_SCHEMA);
    /* which conversion the rules saw the text through, and how much it changed:
     * converted_chars > 0 marks a Traditional document */
    add_str(o, "conversion", dr->conversion);
    add_uint(o, "converted_chars", dr->n_converted);
    if (dr->doc->n_replaced) {
        add_uint(o, "replaced", dr->doc->n_replaced);
        add_uint(o, "first_replaced_byte", dr->doc->first_bad);
    }
    return o;
}

/* A record prints into buf (size bytes, reused for every record of a document);
 * one too big for it (a huge quoted text) is printed into memory of its own. */
static enum zhx_rc print_json(FILE *out, cJSON *o, char *buf, int size, struct zhx_err *err)
{
    if (o == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory building JSON");
    char *s = buf && cJSON_PrintPreallocated(o, buf, size, false) ? buf : cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (s == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory printing JSON");
    bool ok = fputs(s, out) >= 0 && putc('\n', out) != EOF;
    if (s != buf)
        cJSON_free(s);
    return ok ? ZHX_OK : zhx_fail(err, ZHX_ERR_IO, NULL, 0, 0, "write error: %s", strerror(errno));
}

/* 16 KiB: a record is a few hundred bytes; cJSON wants 5 bytes to spare. */
#define EMIT_BUF_BYTES (16 * 1024)

enum zhx_rc emit_jsonl(FILE *out, const struct doc_result *dr, emit_types types, struct zhx_err *err)
{
    char *buf = malloc(EMIT_BUF_BYTES);   /* NULL: each record prints on its own */
    enum zhx_rc rc = print_json(out, emit_doc_object(dr), buf, EMIT_BUF_BYTES - 5, err);
    for (size_t i = 0; rc == ZHX_OK && i < dr->res.n; i++) {
        const struct record *r = &dr->res.v[i];
        if (types & (1u << r->type))
            rc = print_json(out, emit_record_object(dr, r), buf, EMIT_BUF_BYTES - 5, err);
    }
    free(buf);
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
        else if (cJSON_IsRaw(v))
            res = strdup(v->valuestring);   /* an integer (add_uint) */
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
