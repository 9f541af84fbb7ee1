/* util.h: the small tools every stage uses: a growable byte buffer, an arena for
 * the strings of one document's records, and reading a whole file with a ceiling. */
#ifndef ZHX_UTIL_H
#define ZHX_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zhx.h"

/* A growable byte buffer, always NUL-terminated once anything was added. */
struct buf {
    char *p;      /* owned */
    size_t len;   /* bytes used, without the NUL */
    size_t cap;
};
/* Each returns false when memory runs out; the buffer is then unchanged. */
bool buf_grow_add(struct buf *b, const void *data, size_t len);   /* buf_add when b must grow */
/* Inline where there is room: the normaliser adds each character this way. */
static inline bool buf_add(struct buf *b, const void *data, size_t len)
{
    if (b->len + len + 1 > b->cap)
        return buf_grow_add(b, data, len);
    if (len)
        memcpy(b->p + b->len, data, len);
    b->len += len;
    b->p[b->len] = '\0';
    return true;
}
bool buf_adds(struct buf *b, const char *s);
bool buf_addc(struct buf *b, char c);
bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append the code point cp as UTF-8. */
bool buf_add_cp(struct buf *b, int32_t cp);
void buf_free(struct buf *b);

/* Make room for one more element in the array *v of n used and *cap allocated
 * elements of size bytes, doubling it (16 at first). False when out of memory;
 * the array is then unchanged. */
bool array_grow(void **v, size_t *cap, size_t n, size_t size);

/* An arena: many small allocations freed together. Used for the strings of one
 * document's candidates and records, which all die when the document is done. */
struct arena {
    struct arena_block *head;
};
void *arena_alloc(struct arena *a, size_t n);           /* NULL when out of memory */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);     /* NULL s gives NULL */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);                        /* the arena is reusable after */

/* A hash table from byte strings to size_t values, for the lookups that would
 * otherwise compare every pair (names in a document of thousands of people).
 * Keys are borrowed: they must outlive the map. Zeroed is an empty map. */
struct strmap {
    struct strmap_slot {
        const char *key;    /* borrowed; NULL: an empty slot */
        size_t len;
        size_t val;
        uint64_t hash;
    } *v;                   /* owned */
    size_t n, cap;          /* cap: 0 or a power of two */
};
#define STRMAP_NONE SIZE_MAX   /* so no value may be SIZE_MAX; callers may reserve more (people.c: SIZE_MAX - 1) */
/* The value of the len bytes at key, or STRMAP_NONE. */
size_t strmap_get(const struct strmap *m, const char *key, size_t len);
/* Map key to val unless it is mapped already. Returns where the value key now
 * has is kept (val, or the value it had), for the caller to read or change
 * until the next strmap_put; NULL when out of memory (the map is unchanged). */
size_t *strmap_put(struct strmap *m, const char *key, size_t len, size_t val);
void strmap_free(struct strmap *m);     /* the map is empty and reusable after */

/* Read the whole file at path into a malloc'ed, NUL-terminated buffer (*out, owned
 * by the caller). Files over max bytes are an error, not truncated. */
enum zhx_rc file_read_all(const char *path, size_t max, char **out, size_t *len, struct zhx_err *err);

/* A Latin letter or digit (ASCII): where a Latin word runs on. */
static inline bool ascii_alnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* Is [s, e) of t (len bytes) not a Latin word of its own: a letter or digit
 * runs on, or it is one word of a longer Latin name (the Tan of Grace Tan, of
 * Tan Sri Lim)? */
bool in_longer_latin_name(const char *t, size_t len, size_t s, size_t e);

/* The length of the UTF-8 sequence a lead byte starts (valid text). */
static inline size_t utf8_seq_len(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/* Decode one UTF-8 code point of VALID text at s (no checks); returns its length. */
static inline size_t utf8_decode(const unsigned char *s, int32_t *cp)
{
    if (s[0] < 0x80) { *cp = s[0]; return 1; }
    if (s[0] < 0xE0) { *cp = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F); return 2; }
    if (s[0] < 0xF0) { *cp = ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F); return 3; }
    *cp = ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
}

/* A CJK ideograph: the unified blocks and their extensions (B to H), the
 * compatibility ideographs, and 〇 (二〇二一年). */
static inline bool cp_is_han(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FA1F) || (cp >= 0x30000 && cp <= 0x323AF) || cp == 0x3007;
}

/* In valid UTF-8 at s: the first code point start at or after byte at, but
 * not past len; and the start of the code point before byte at (at > lo), but
 * not before lo. */
static inline size_t utf8_align(const char *s, size_t at, size_t len)
{
    while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80)
        at++;
    return at;
}

static inline size_t utf8_prev(const char *s, size_t at, size_t lo)
{
    do
        at--;
    while (at > lo && ((unsigned char)s[at] & 0xC0) == 0x80);
    return at;
}

/* Code points in len bytes of valid UTF-8: every byte that is not a continuation. */
size_t utf8_count(const char *s, size_t len);

#endif
