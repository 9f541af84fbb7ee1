/* doc.c: load documents. Directories are walked depth-first in name order,
 * following symlinked files but not symlinked directories (a loop cannot start),
 * to a depth of ZHX_MAX_DIR_DEPTH. */
#include "doc.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "limits.h"
#include "util.h"

struct pending {
    char *path;
    int depth;
    bool from_walk;     /* found in a directory: only *.txt, quietly skip others */
};

struct doc_iter {
    enum doc_format fmt;
    bool lossy;
    struct pending *stack;  /* next item at the top (the end) */
    size_t n, cap;
    /* JSONL: the stream being read */
    FILE *jf;
    char *jpath;
    long jline;
};

static bool push(struct doc_iter *it, const char *path, int depth, bool from_walk)
{
    if (it->n == it->cap) {
        size_t nc = it->cap ? it->cap * 2 : 16;
        struct pending *v = realloc(it->stack, nc * sizeof *v);
        if (v == NULL)
            return false;
        it->stack = v;
        it->cap = nc;
    }
    char *p = strdup(path);
    if (p == NULL)
        return false;
    it->stack[it->n++] = (struct pending){p, depth, from_walk};
    return true;
}

enum zhx_rc doc_iter_new(char *const *paths, size_t n_paths, enum doc_format fmt, bool lossy,
                         struct doc_iter **out, struct zhx_err *err)
{
    struct doc_iter *it = calloc(1, sizeof *it);
    if (it == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    it->fmt = fmt;
    it->lossy = lossy;
    for (size_t i = n_paths; i-- > 0;)   /* reversed: the stack pops the first path first */
        if (!push(it, paths[i], 0, false)) {
            doc_iter_free(it);
            return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
    *out = it;
    return ZHX_OK;
}

bool doc_valid_utf8(const char *s, size_t len, size_t *bad)
{
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        if (u[i] != 0 && u[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || cp == 0) {
            *bad = i;
            return false;
        }
        i += (size_t)n;
    }
    return true;
}

/* Replace every invalid sequence (and NUL) by U+FFFD, one replacement per bad byte. */
static enum zhx_rc make_lossy(struct doc *d, struct zhx_err *err)
{
    struct buf b = {0};
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)d->text;
    size_t i = 0;
    bool ok = true;
    while (ok && i < d->len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(d->len - i), &cp);
        if (n <= 0 || cp == 0) {
            if (d->n_replaced++ == 0)
                d->first_bad = i;
            ok = buf_add(&b, "\xEF\xBF\xBD", 3);
            i++;
        } else {
            ok = buf_add(&b, u + i, (size_t)n);
            i += (size_t)n;
        }
    }
    if (!ok || (b.p == NULL && !buf_add(&b, "", 0))) {
        buf_free(&b);
        return zhx_fail(err, ZHX_ERR_NOMEM, d->id, 0, 0, "out of memory");
    }
    free(d->text);
    d->text = b.p;
    d->len = b.len;
    return ZHX_OK;
}

/* Takes text (malloc'ed, NUL-terminated) into d, checking it. */
static enum zhx_rc finish_doc(struct doc_iter *it, struct doc *d, char *text, size_t len,
                              struct zhx_err *err)
{
    d->text = text;
    d->len = len;
    size_t bad;
    if (doc_valid_utf8(text, len, &bad))
        return ZHX_OK;
    if (it && it->lossy)
        return make_lossy(d, err);
    return zhx_fail(err, ZHX_ERR_UTF8, d->id, 0, 0, "byte %zu: %s (use --lossy to replace it)", bad,
                    text[bad] == '\0' ? "NUL byte, not text" : "invalid UTF-8");
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Push the entries of directory path, sorted, so that the first pops first. */
static enum zhx_rc expand_dir(struct doc_iter *it, const char *path, int depth, struct zhx_err *err)
{
    if (depth >= ZHX_MAX_DIR_DEPTH)
        return zhx_fail(err, ZHX_ERR_IO, path, 0, 0, "directories nested deeper than %d", ZHX_MAX_DIR_DEPTH);
    DIR *d = opendir(path);
    if (d == NULL)
        return zhx_fail(err, ZHX_ERR_IO, path, 0, 0, "cannot open directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    enum zhx_rc rc = ZHX_OK;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **v = realloc(names, cap * sizeof *v);
            if (v == NULL) { rc = ZHX_ERR_NOMEM; break; }
            names = v;
        }
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        if ((names[n] = malloc(l)) == NULL) { rc = ZHX_ERR_NOMEM; break; }
        snprintf(names[n], l, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
        n++;
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = n; rc == ZHX_OK && i-- > 0;)
        if (!push(it, names[i], depth + 1, true))
            rc = ZHX_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc == ZHX_OK ? ZHX_OK : zhx_fail(err, rc, path, 0, 0, "out of memory");
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* Read one line of at most max bytes into *line (malloc'ed). Returns false at EOF.
 * A longer line is read to its end and reported through *too_long. */
static bool read_line(FILE *f, size_t max, struct buf *line, bool *too_long)
{
    line->len = 0;
    *too_long = false;
    int ch;
    bool any = false;
    while ((ch = getc(f)) != EOF) {
        any = true;
        if (ch == '\n')
            break;
        if (line->len >= max) {
            *too_long = true;
            continue;
        }
        if (!buf_addc(line, (char)ch)) {
            *too_long = true;
        }
    }
    if (line->p == NULL)
        buf_add(line, "", 0);
    return any;
}

static enum zhx_rc next_jsonl(struct doc_iter *it, struct doc *out, struct zhx_err *err)
{
    struct buf line = {0};
    bool too_long;
    for (;;) {
        if (!read_line(it->jf, ZHX_MAX_JSONL_LINE, &line, &too_long)) {
            buf_free(&line);
            bool bad = ferror(it->jf);
            if (it->jf != stdin)
                fclose(it->jf);
            it->jf = NULL;
            enum zhx_rc rc = bad ? zhx_fail(err, ZHX_ERR_IO, it->jpath, it->jline, 0, "read error") : ZHX_DONE;
            free(it->jpath);
            it->jpath = NULL;
            return rc;
        }
        it->jline++;
        if (too_long) {
            buf_free(&line);
            return zhx_fail(err, ZHX_ERR_INPUT, it->jpath, it->jline, 0, "line longer than %u bytes",
                            ZHX_MAX_JSONL_LINE);
        }
        const char *p = line.p;
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (*p)
            break;   /* blank lines are skipped */
    }
    cJSON *j = cJSON_ParseWithLength(line.p, line.len);
    buf_free(&line);
    /* a line without an id is named by its place, which no "id" value can collide with */
    char fallback[600];
    snprintf(fallback, sizeof fallback, "%s:%ld", it->jpath, it->jline);
    if (j == NULL || !cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return zhx_fail(err, ZHX_ERR_INPUT, it->jpath, it->jline, 0,
                        "not a JSON object (want {\"id\":..., \"text\":..., \"date\":...})");
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "text");
    const cJSON *date = cJSON_GetObjectItemCaseSensitive(j, "date");
    enum zhx_rc rc = ZHX_OK;
    char idbuf[64];
    const char *ids = fallback;
    if (cJSON_IsString(id))
        ids = id->valuestring;
    else if (cJSON_IsNumber(id)) {
        snprintf(idbuf, sizeof idbuf, "%.17g", id->valuedouble);
        ids = idbuf;
    }
    out->id = strdup(ids);
    if (out->id == NULL)
        rc = zhx_fail(err, ZHX_ERR_NOMEM, it->jpath, it->jline, 0, "out of memory");
    else if (!cJSON_IsString(text))
        rc = zhx_fail(err, ZHX_ERR_INPUT, it->jpath, it->jline, 0, "id %s: no \"text\" string", out->id);
    else if (date && !cJSON_IsNull(date) && !cJSON_IsString(date))
        rc = zhx_fail(err, ZHX_ERR_INPUT, it->jpath, it->jline, 0, "id %s: \"date\" is not a string", out->id);
    if (rc == ZHX_OK && cJSON_IsString(date) && (out->date = strdup(date->valuestring)) == NULL)
        rc = zhx_fail(err, ZHX_ERR_NOMEM, it->jpath, it->jline, 0, "out of memory");
    if (rc == ZHX_OK) {
        /* cJSON stops a string at an escaped \u0000: the text is what it kept */
        size_t len = strlen(text->valuestring);
        char *t = malloc(len + 1);
        if (t == NULL)
            rc = zhx_fail(err, ZHX_ERR_NOMEM, it->jpath, it->jline, 0, "out of memory");
        else {
            memcpy(t, text->valuestring, len + 1);
            rc = finish_doc(it, out, t, len, err);
            if (rc == ZHX_ERR_UTF8)
                snprintf(err->file, sizeof err->file, "%s:%ld", it->jpath, it->jline);
        }
    }
    cJSON_Delete(j);
    if (rc != ZHX_OK)
        doc_free(out);
    return rc;
}

enum zhx_rc doc_next(struct doc_iter *it, struct doc *out, struct zhx_err *err)
{
    memset(out, 0, sizeof *out);
    for (;;) {
        if (it->jf) {
            enum zhx_rc rc = next_jsonl(it, out, err);
            if (rc != ZHX_DONE)
                return rc;
            continue;
        }
        if (it->n == 0)
            return ZHX_DONE;
        struct pending p = it->stack[--it->n];
        enum zhx_rc rc = ZHX_OK;
        if (strcmp(p.path, "-") == 0 && !p.from_walk) {
            if (it->fmt == DOC_JSONL) {
                it->jf = stdin;
                it->jpath = p.path;
                it->jline = 0;
                continue;
            }
            struct buf b = {0};
            char chunk[65536];
            size_t n;
            while (rc == ZHX_OK && (n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
                if (b.len + n > ZHX_MAX_DOC_BYTES)
                    rc = zhx_fail(err, ZHX_ERR_INPUT, "-", 0, 0, "larger than %u bytes", ZHX_MAX_DOC_BYTES);
                else if (!buf_add(&b, chunk, n))
                    rc = zhx_fail(err, ZHX_ERR_NOMEM, "-", 0, 0, "out of memory");
            }
            if (rc == ZHX_OK && b.p == NULL && !buf_add(&b, "", 0))
                rc = zhx_fail(err, ZHX_ERR_NOMEM, "-", 0, 0, "out of memory");
            if (rc != ZHX_OK) {
                buf_free(&b);
                free(p.path);
                return rc;
            }
            out->id = p.path;
            rc = finish_doc(it, out, b.p, b.len, err);
            if (rc != ZHX_OK)
                doc_free(out);
            return rc;
        }
        struct stat st, lst;
        if (stat(p.path, &st) != 0) {
            rc = zhx_fail(err, ZHX_ERR_IO, p.path, 0, 0, "%s", strerror(errno));
            free(p.path);
            return rc;
        }
        if (S_ISDIR(st.st_mode)) {
            /* walked symlinks to directories are skipped: they are how loops start */
            if (p.from_walk && lstat(p.path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
                free(p.path);
                continue;
            }
            rc = expand_dir(it, p.path, p.depth, err);
            free(p.path);
            if (rc != ZHX_OK)
                return rc;
            continue;
        }
        if (p.from_walk && !ends_with(p.path, it->fmt == DOC_JSONL ? ".jsonl" : ".txt")) {
            free(p.path);
            continue;
        }
        if (it->fmt == DOC_JSONL) {
            it->jf = fopen(p.path, "rb");
            if (it->jf == NULL) {
                rc = zhx_fail(err, ZHX_ERR_IO, p.path, 0, 0, "cannot open: %s", strerror(errno));
                free(p.path);
                return rc;
            }
            it->jpath = p.path;
            it->jline = 0;
            continue;
        }
        char *text;
        size_t len;
        rc = file_read_all(p.path, ZHX_MAX_DOC_BYTES, &text, &len, err);
        if (rc != ZHX_OK) {
            free(p.path);
            return rc;
        }
        out->id = p.path;
        rc = finish_doc(it, out, text, len, err);
        if (rc != ZHX_OK)
            doc_free(out);
        return rc;
    }
}

enum zhx_rc doc_from_memory(const char *id, const char *text, size_t len, struct doc *out,
                            struct zhx_err *err)
{
    memset(out, 0, sizeof *out);
    out->id = strdup(id);
    char *t = malloc(len + 1);
    if (out->id == NULL || t == NULL) {
        free(t);
        doc_free(out);
        return zhx_fail(err, ZHX_ERR_NOMEM, id, 0, 0, "out of memory");
    }
    memcpy(t, text, len);
    t[len] = '\0';
    enum zhx_rc rc = finish_doc(NULL, out, t, len, err);
    if (rc != ZHX_OK)
        doc_free(out);
    return rc;
}

void doc_free(struct doc *d)
{
    if (d == NULL)
        return;
    free(d->id);
    free(d->text);
    free(d->date);
    memset(d, 0, sizeof *d);
}

void doc_iter_free(struct doc_iter *it)
{
    if (it == NULL)
        return;
    for (size_t i = 0; i < it->n; i++)
        free(it->stack[i].path);
    free(it->stack);
    if (it->jf && it->jf != stdin)
        fclose(it->jf);
    free(it->jpath);
    free(it);
}
