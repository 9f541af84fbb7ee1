/* gold.c: read a gold folder (see gold.h). Messages name the file, so that a
 * reviewer who exported a broken file can find it: "gold/x.jsonl:3: not JSON". */
#include "gold.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "limits.h"
#include "util.h"

char *gold_doc_key(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    /* splitext: the last dot, unless the name is only dots before it (.bashrc) */
    const char *dot = strrchr(base, '.');
    const char *p = base;
    while (*p == '.')
        p++;
    if (dot == NULL || dot < p)
        return strdup(base);
    return strndup(base, (size_t)(dot - base));
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_string(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v);
}

/* A fact list: missing is an empty array; each entry an object with the string
 * field the scorer cannot do without. */
static enum zhx_rc check_facts(cJSON *g, const char *list, const char *need, const char *need2,
                               const char *path, struct zhx_err *err)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(g, list);
    if (a == NULL || cJSON_IsNull(a)) {
        cJSON_DeleteItemFromObjectCaseSensitive(g, list);
        if (cJSON_AddArrayToObject(g, list) == NULL)
            return zhx_fail(err, ZHX_ERR_NOMEM, path, 0, 0, "out of memory");
        return ZHX_OK;
    }
    if (!cJSON_IsArray(a))
        return zhx_fail(err, ZHX_ERR_INPUT, path, 0, 0, "\"%s\" is not a list", list);
    int i = 0;
    for (const cJSON *e = a->child; e; e = e->next, i++) {
        if (!cJSON_IsObject(e))
            return zhx_fail(err, ZHX_ERR_INPUT, path, 0, 0, "%s[%d] is not an object", list, i);
        if (!has_string(e, need))
            return zhx_fail(err, ZHX_ERR_INPUT, path, 0, 0, "%s[%d] has no \"%s\" string", list, i, need);
        if (need2 && !has_string(e, need2))
            return zhx_fail(err, ZHX_ERR_INPUT, path, 0, 0, "%s[%d] has no \"%s\" string", list, i, need2);
    }
    return ZHX_OK;
}

static enum zhx_rc load_fact(struct gold_doc *g, const char *buf, size_t len, struct zhx_err *err)
{
    g->json = cJSON_ParseWithLength(buf, len);
    if (g->json == NULL || !cJSON_IsObject(g->json))
        return zhx_fail(err, ZHX_ERR_INPUT, g->path, 0, 0, "not a JSON object (fact gold: see corpus/gold/)");
    enum zhx_rc rc = check_facts(g->json, "persons", "name", NULL, g->path, err);
    if (rc == ZHX_OK)
        rc = check_facts(g->json, "titles", "person", NULL, g->path, err);
    if (rc == ZHX_OK)
        rc = check_facts(g->json, "moves", "person", "action", g->path, err);
    if (rc == ZHX_OK)
        rc = check_facts(g->json, "dates", "text", NULL, g->path, err);
    if (rc != ZHX_OK)
        return rc;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(g->json, "id");
    if (cJSON_IsString(id) && id->valuestring[0]) {
        char *k = strdup(id->valuestring);
        if (k == NULL)
            return zhx_fail(err, ZHX_ERR_NOMEM, g->path, 0, 0, "out of memory");
        free(g->key);
        g->key = k;
    }
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(g->json, "doc_names");
    for (const cJSON *n = cJSON_IsArray(names) ? names->child : NULL; n; n = n->next)
        if (cJSON_IsString(n))
            cJSON_AddItemToArray(g->names, cJSON_CreateString(n->valuestring));
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(g->json, "ref_date");
    if (cJSON_IsString(ref) && ref->valuestring[0] && (g->ref_date = strdup(ref->valuestring)) == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, g->path, 0, 0, "out of memory");
    return ZHX_OK;
}

static enum zhx_rc load_span(struct gold_doc *g, char *buf, struct zhx_err *err)
{
    g->json = cJSON_CreateArray();
    if (g->json == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, g->path, 0, 0, "out of memory");
    long line = 0;
    for (char *p = buf, *nl; p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        const char *q = p;
        while (*q == ' ' || *q == '\t' || *q == '\r')
            q++;
        if (*q == '\0')
            continue;
        cJSON *r = cJSON_Parse(p);
        if (r == NULL || !cJSON_IsObject(r)) {
            cJSON_Delete(r);
            return zhx_fail(err, ZHX_ERR_INPUT, g->path, line, 0, "not a JSON object (span gold: one record a line)");
        }
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(r, "type");
        enum rec_type ty = cJSON_IsString(t) ? rec_type_parse(t->valuestring) : REC_NTYPES;
        if (ty == REC_NTYPES) {
            cJSON_Delete(r);
            return zhx_fail(err, ZHX_ERR_INPUT, g->path, line, 0,
                            "\"type\" must be doc, person, org, title, date or move");
        }
        const cJSON *doc = cJSON_GetObjectItemCaseSensitive(r, "doc");
        if (cJSON_IsString(doc)) {
            char *k = gold_doc_key(doc->valuestring);
            bool seen = k == NULL;
            for (const cJSON *n = g->names->child; n && !seen; n = n->next)
                seen = strcmp(n->valuestring, k) == 0;
            if (!seen)
                cJSON_AddItemToArray(g->names, cJSON_CreateString(k));
            free(k);
        }
        if (ty == REC_DOC) {
            const cJSON *ref = cJSON_GetObjectItemCaseSensitive(r, "ref_date");
            if (g->ref_date == NULL && cJSON_IsString(ref) && ref->valuestring[0] &&
                (g->ref_date = strdup(ref->valuestring)) == NULL) {
                cJSON_Delete(r);
                return zhx_fail(err, ZHX_ERR_NOMEM, g->path, 0, 0, "out of memory");
            }
            cJSON_Delete(r);
            continue;
        }
        cJSON_AddItemToArray(g->json, r);
    }
    return ZHX_OK;
}

static void gold_doc_free(struct gold_doc *g)
{
    free(g->path);
    free(g->key);
    free(g->ref_date);
    cJSON_Delete(g->names);
    cJSON_Delete(g->json);
}

static enum zhx_rc load_file(struct gold_doc *g, const char *dir, const char *name, struct zhx_err *err)
{
    memset(g, 0, sizeof *g);
    size_t n = strlen(dir) + strlen(name) + 2;
    g->path = malloc(n);
    if (g->path)
        snprintf(g->path, n, "%s/%s", dir, name);
    /* the review page exports NAME.gold.jsonl: its key is NAME */
    g->key = ends_with(name, ".gold.jsonl") ? strndup(name, strlen(name) - strlen(".gold.jsonl"))
                                            : gold_doc_key(name);
    g->names = cJSON_CreateArray();
    if (g->path == NULL || g->key == NULL || g->names == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, name, 0, 0, "out of memory");
    char *buf = NULL;
    size_t len = 0;
    enum zhx_rc rc = file_read_all(g->path, ZHX_MAX_GOLD_FILE_BYTES, &buf, &len, err);
    if (rc == ZHX_OK && !doc_valid_utf8(buf, len, &n))
        rc = zhx_fail(err, ZHX_ERR_INPUT, g->path, 0, 0, "byte %zu: invalid UTF-8", n);
    if (rc == ZHX_OK) {
        g->kind = ends_with(name, ".jsonl") ? GOLD_SPAN : GOLD_FACT;
        rc = g->kind == GOLD_SPAN ? load_span(g, buf, err) : load_fact(g, buf, len, err);
    }
    free(buf);
    return rc;
}

enum zhx_rc gold_load_dir(const char *dir, struct gold_set *out, struct zhx_err *err)
{
    memset(out, 0, sizeof *out);
    DIR *d = opendir(dir);
    if (d == NULL)
        return zhx_fail(err, ZHX_ERR_IO, dir, 0, 0, "cannot read the gold folder: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    enum zhx_rc rc = ZHX_OK;
    for (struct dirent *e; rc == ZHX_OK && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.' || !(ends_with(e->d_name, ".json") || ends_with(e->d_name, ".jsonl")))
            continue;
        if (n >= ZHX_MAX_GOLD_FILES)
            rc = zhx_fail(err, ZHX_ERR_INPUT, dir, 0, 0, "more than %d gold files", ZHX_MAX_GOLD_FILES);
        else if (!array_grow((void **)&names, &cap, n, sizeof *names) || (names[n] = strdup(e->d_name)) == NULL)
            rc = zhx_fail(err, ZHX_ERR_NOMEM, dir, 0, 0, "out of memory");
        else
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, name_cmp);
    if (rc == ZHX_OK && (out->v = calloc(n + 1, sizeof *out->v)) == NULL)
        rc = zhx_fail(err, ZHX_ERR_NOMEM, dir, 0, 0, "out of memory");
    for (size_t i = 0; i < n && rc == ZHX_OK; i++) {
        rc = load_file(&out->v[i], dir, names[i], err);
        out->n = i + 1;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc != ZHX_OK)
        gold_free(out);
    return rc;
}

void gold_free(struct gold_set *gs)
{
    if (gs == NULL)
        return;
    for (size_t i = 0; i < gs->n; i++)
        gold_doc_free(&gs->v[i]);
    free(gs->v);
    memset(gs, 0, sizeof *gs);
}

long gold_find(const struct gold_set *gs, const char *doc_id)
{
    char *k = gold_doc_key(doc_id);
    long found = -1;
    /* zhx-score's alias table is built in file order and a later name wins */
    for (size_t i = 0; k && i < gs->n; i++)
        for (const cJSON *nm = gs->v[i].names->child; nm; nm = nm->next)
            if (strcmp(nm->valuestring, k) == 0)
                found = (long)i;
    for (size_t i = 0; k && found < 0 && i < gs->n; i++)
        if (strcmp(gs->v[i].key, k) == 0)
            found = (long)i;
    /* not zhx-score's: a fact gold whose "id" differs from its file name is
     * still found by the file name */
    for (size_t i = 0; k && found < 0 && i < gs->n; i++) {
        char *stem = gold_doc_key(gs->v[i].path);
        if (stem && strcmp(stem, k) == 0)
            found = (long)i;
        free(stem);
    }
    free(k);
    return found;
}
