/* util.c: growable buffers, the per-document arena, whole-file reads. */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool buf_grow_add(struct buf *b, const void *data, size_t len)
{
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + len + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (p == NULL)
        return false;
    b->p = p;
    b->cap = cap;
    if (len)
        memcpy(b->p + b->len, data, len);
    b->len += len;
    b->p[b->len] = '\0';
    return true;
}

bool buf_adds(struct buf *b, const char *s) { return buf_add(b, s, strlen(s)); }
bool buf_addc(struct buf *b, char c) { return buf_add(b, &c, 1); }

bool buf_printf(struct buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    if ((size_t)n < sizeof small)
        return buf_add(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (big == NULL)
        return false;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bool ok = buf_add(b, big, (size_t)n);
    free(big);
    return ok;
}

bool buf_add_cp(struct buf *b, int32_t cp)
{
    unsigned char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (unsigned char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = 0xC0 | (cp >> 6); u[1] = 0x80 | (cp & 0x3F); n = 2; }
    else if (cp < 0x10000) {
        u[0] = 0xE0 | (cp >> 12); u[1] = 0x80 | ((cp >> 6) & 0x3F); u[2] = 0x80 | (cp & 0x3F); n = 3;
    } else {
        u[0] = 0xF0 | (cp >> 18); u[1] = 0x80 | ((cp >> 12) & 0x3F);
        u[2] = 0x80 | ((cp >> 6) & 0x3F); u[3] = 0x80 | (cp & 0x3F); n = 4;
    }
    return buf_add(b, u, n);
}

void buf_free(struct buf *b)
{
    if (b == NULL)
        return;
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

bool array_grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*v, nc * size);
    if (p == NULL)
        return false;
    *v = p;
    *cap = nc;
    return true;
}

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    struct arena_block *h = a->head;
    if (h == NULL || h->cap - h->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        struct arena_block *nb = malloc(sizeof *nb + cap);
        if (nb == NULL)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        nb->next = h;
        a->head = h = nb;
    }
    void *p = (char *)h->data + h->used;
    h->used += n;
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (p) {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

void arena_free(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

enum zhx_rc file_read_all(const char *path, size_t max, char **out, size_t *len, struct zhx_err *err)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return zhx_fail(err, ZHX_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return zhx_fail(err, ZHX_ERR_IO, path, 0, 0, "is a directory");
    }
    struct buf b = {0};
    char chunk[65536];
    size_t n;
    enum zhx_rc rc = ZHX_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > max) {
            rc = zhx_fail(err, ZHX_ERR_INPUT, path, 0, 0, "larger than the limit of %zu bytes", max);
            break;
        }
        if (!buf_add(&b, chunk, n)) {
            rc = zhx_fail(err, ZHX_ERR_NOMEM, path, 0, 0, "out of memory");
            break;
        }
    }
    if (rc == ZHX_OK && ferror(f))
        rc = zhx_fail(err, ZHX_ERR_IO, path, 0, 0, "read error: %s", strerror(errno));
    fclose(f);
    if (rc != ZHX_OK) {
        buf_free(&b);
        return rc;
    }
    if (b.p == NULL && !buf_add(&b, "", 0))
        return zhx_fail(err, ZHX_ERR_NOMEM, path, 0, 0, "out of memory");
    *out = b.p;
    *len = b.len;
    return ZHX_OK;
}

size_t utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static uint64_t str_hash(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037ULL;   /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* The slot of key, or the empty slot where it would go (cap > 0). */
static struct strmap_slot *strmap_slot(const struct strmap *m, const char *key, size_t len, uint64_t h)
{
    for (size_t i = (size_t)h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        struct strmap_slot *sl = &m->v[i];
        if (sl->key == NULL || (sl->hash == h && sl->len == len && memcmp(sl->key, key, len) == 0))
            return sl;
    }
}

size_t strmap_get(const struct strmap *m, const char *key, size_t len)
{
    if (m->cap == 0)
        return STRMAP_NONE;
    const struct strmap_slot *sl = strmap_slot(m, key, len, str_hash(key, len));
    return sl->key ? sl->val : STRMAP_NONE;
}

size_t *strmap_put(struct strmap *m, const char *key, size_t len, size_t val)
{
    uint64_t h = str_hash(key, len);
    if (m->cap) {   /* a key already there needs no room */
        struct strmap_slot *sl = strmap_slot(m, key, len, h);
        if (sl->key)
            return &sl->val;
    }
    if (2 * (m->n + 1) > m->cap) {   /* at most half full: probes stay short */
        size_t nc = m->cap ? 2 * m->cap : 64;
        struct strmap_slot *v = calloc(nc, sizeof *v);
        if (v == NULL)
            return NULL;
        struct strmap old = *m;
        m->v = v;
        m->cap = nc;
        for (size_t i = 0; i < old.cap; i++)
            if (old.v[i].key)
                *strmap_slot(m, old.v[i].key, old.v[i].len, old.v[i].hash) = old.v[i];
        free(old.v);
    }
    struct strmap_slot *sl = strmap_slot(m, key, len, h);
    if (sl->key == NULL) {
        *sl = (struct strmap_slot){key, len, val, h};
        m->n++;
    }
    return &sl->val;
}

void strmap_free(struct strmap *m)
{
    free(m->v);
    memset(m, 0, sizeof *m);
}

bool in_longer_latin_name(const char *t, size_t len, size_t s, size_t e)
{
    if ((s > 0 && ascii_alnum(t[s - 1])) || (e < len && ascii_alnum(t[e])))
        return true;
    if (s >= 2 && t[s - 1] == ' ' && ascii_alnum(t[s - 2]))
        return true;
    return e + 1 < len && t[e] == ' ' && t[e + 1] >= 'A' && t[e + 1] <= 'Z';
}
