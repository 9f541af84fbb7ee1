/* normalize.c: NFKC (utf8proc) plus zhx's folds, keeping for every output byte
 * the original bytes it came from. Text is cut into segments, a starter and the
 * combining marks after it, because NFKC only ever rewrites within such a
 * segment; every byte a segment produces maps to the whole segment. */
#include "normalize.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "limits.h"
#include "util.h"

struct out {
    struct buf text;
    uint32_t *start, *end;  /* grow with text */
    size_t cap;
    /* a pending run of white space, written when the next visible char comes */
    int ws_pending, ws_newline;
    uint32_t ws_start, ws_end;
    int32_t last_cp;        /* the last code point written, 0 at the start */
};

static bool map_reserve(struct out *o, size_t need)
{
    if (need <= o->cap)
        return true;
    size_t cap = o->cap ? o->cap * 2 : 256;
    while (cap < need)
        cap *= 2;
    uint32_t *s = realloc(o->start, cap * sizeof *s);
    if (s == NULL)
        return false;
    o->start = s;
    uint32_t *e = realloc(o->end, cap * sizeof *e);
    if (e == NULL)
        return false;
    o->end = e;
    o->cap = cap;
    return true;
}

/* Append bytes that came from original bytes [os, oe). */
static bool emit_bytes(struct out *o, const char *p, size_t n, uint32_t os, uint32_t oe)
{
    size_t at = o->text.len;
    if (!map_reserve(o, at + n + 1) || !buf_add(&o->text, p, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        o->start[at + i] = os;
        o->end[at + i] = oe;
    }
    return true;
}

/* ASCII that web text sets apart from Chinese with a space ("pangu" spacing,
 * common on Taiwan sites: 自 6 月 1 日起, 民國 79 年, 郭承恩 (Daniel Kuo) 將). */
static bool is_spaced_ascii(int32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == '(' ||
           cp == ')' || cp == '%';
}

/* Write the pending white space before next, the code point that ends it. A
 * blank within a line between a Chinese character and spaced ASCII is dropped,
 * so that the rules read 6月1日 whatever the site's spacing; the records still
 * quote the original. */
static bool flush_ws(struct out *o, int32_t next)
{
    if (!o->ws_pending)
        return true;
    o->ws_pending = 0;
    bool pangu = (cp_is_han(o->last_cp) && is_spaced_ascii(next)) || (is_spaced_ascii(o->last_cp) && cp_is_han(next));
    if (!o->ws_newline && pangu)
        return true;
    return emit_bytes(o, o->ws_newline ? "\n" : " ", 1, o->ws_start, o->ws_end);
}

static bool is_line_break(int32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 ||
           cp == 0x2029;
}

static bool is_space(int32_t cp)
{
    if (cp == ' ' || cp == '\t' || is_line_break(cp))
        return true;
    return cp > 0x7F && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* Dropped outright: they change no meaning and break matches (ZWSP between the
 * two halves of a name is a common scraping artefact). */
static bool is_invisible(int32_t cp)
{
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
           cp == 0x00AD || cp == 0x180E;
}

/* Middle-dot look-alikes seen between the parts of transliterated names. NFKC
 * leaves most of them alone (docs/DESIGN.md), so the fold is ours. */
static bool is_dot_like(int32_t cp)
{
    switch (cp) {
    case 0x00B7: case 0x0387: case 0x16EB: case 0x2022: case 0x2027: case 0x2219:
    case 0x22C5: case 0x2E31: case 0x30FB: case 0xFF65: case 0x318D: case 0x1427:
        return true;
    default:
        return false;
    }
}

/* One output code point of NFKC, folded. */
static bool put_cp(struct out *o, int32_t cp, uint32_t os, uint32_t oe)
{
    /* most of a Chinese text: none of the folds below touches these */
    if (cp >= 0x4E00 && cp <= 0x9FFF) {
        if (!flush_ws(o, cp))
            return false;
        o->last_cp = cp;
        unsigned char u[3] = {(unsigned char)(0xE0 | (cp >> 12)), (unsigned char)(0x80 | ((cp >> 6) & 0x3F)),
                              (unsigned char)(0x80 | (cp & 0x3F))};
        return emit_bytes(o, (const char *)u, 3, os, oe);
    }
    if (is_invisible(cp))
        return true;
    if (is_space(cp) || (cp < 0x20 || cp == 0x7F)) {
        if (!o->ws_pending) {
            o->ws_pending = 1;
            o->ws_newline = 0;
            o->ws_start = os;
        }
        o->ws_end = oe;
        o->ws_newline |= is_line_break(cp);
        return true;
    }
    if (is_dot_like(cp))
        cp = 0x00B7;
    if (!flush_ws(o, cp))
        return false;
    o->last_cp = cp;
    unsigned char u[4];
    size_t n = (size_t)utf8proc_encode_char(cp, u);
    return emit_bytes(o, (const char *)u, n, os, oe);
}

/* Code points NFKC leaves alone on their own, so they skip utf8proc: ASCII and
 * the CJK Unified Ideographs block; and full-width ASCII, whose NFKC is the
 * ASCII character 0xFEE0 below (tested against utf8proc in the unit tests). */
static int32_t fast_nfkc(int32_t cp)
{
    if (cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF) || cp == 0x3001 || cp == 0x3002)
        return cp;
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFEE0;
    return -1;
}

static bool continues_segment(int32_t cp)
{
    if (cp < 0x300 || (cp >= 0x4E00 && cp <= 0x9FFF))
        return false;   /* the CJK Unified Ideographs are starters (combining class 0) */
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    /* combining marks, and Hangul vowel/trailing jamo that compose with a leading one */
    return p->combining_class != 0 || (cp >= 0x1160 && cp <= 0x11FF);
}

enum zhx_rc norm_apply(const char *src, size_t len, struct norm_text *out, struct zhx_err *err)
{
    memset(out, 0, sizeof *out);
    if (len > ZHX_MAX_DOC_BYTES)
        return zhx_fail(err, ZHX_ERR_INPUT, NULL, 0, 0, "document over %u bytes", ZHX_MAX_DOC_BYTES);
    struct out o = {0};
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0;
    bool ok = map_reserve(&o, len + 1);
    while (ok && i < len) {
        int32_t cp;
        size_t seg = i, n = utf8_decode(s + i, &cp);
        i += n;
        /* extend the segment over combining marks, but not after a blank or a
         * control character: those fold into a white-space run, and a mark on
         * them is a character of its own (found by fuzz_normalize) */
        size_t j = i;
        while (j < len && cp > 0x20 && cp != 0x7F) {
            int32_t next;
            size_t m = utf8_decode(s + j, &next);
            if (!continues_segment(next))
                break;
            j += m;
        }
        int32_t fast = fast_nfkc(cp);
        if (j == i && fast >= 0) {
            ok = put_cp(&o, fast, (uint32_t)seg, (uint32_t)i);
            continue;
        }
        utf8proc_uint8_t *dst = NULL;
        utf8proc_ssize_t dn = utf8proc_map(s + seg, (utf8proc_ssize_t)(j - seg), &dst,
                                           UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE);
        if (dn < 0) {
            free(o.text.p); free(o.start); free(o.end);
            return zhx_fail(err, ZHX_ERR_UTF8, NULL, 0, 0, "byte %zu: %s", seg, utf8proc_errmsg(dn));
        }
        for (utf8proc_ssize_t k = 0; ok && k < dn;) {
            int32_t c;
            k += (utf8proc_ssize_t)utf8_decode(dst + k, &c);
            ok = put_cp(&o, c, (uint32_t)seg, (uint32_t)j);
        }
        free(dst);
        i = j;
    }
    ok = ok && flush_ws(&o, 0) && map_reserve(&o, o.text.len + 1) && buf_add(&o.text, "", 0);
    if (!ok) {
        free(o.text.p); free(o.start); free(o.end);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory normalising");
    }
    o.start[o.text.len] = o.end[o.text.len] = (uint32_t)len;
    out->text = o.text.p;
    out->len = o.text.len;
    out->orig_start = o.start;
    out->orig_end = o.end;
    return ZHX_OK;
}

void norm_free(struct norm_text *t)
{
    if (t == NULL)
        return;
    free(t->text);
    free(t->orig_start);
    free(t->orig_end);
    memset(t, 0, sizeof *t);
}

void norm_span_to_orig(const struct norm_text *t, size_t s, size_t e, size_t *orig_start,
                       size_t *orig_end)
{
    *orig_start = t->orig_start[s];
    *orig_end = e > s ? t->orig_end[e - 1] : t->orig_start[s];
}

char *norm_string(const char *s)
{
    size_t len = strlen(s);
    utf8proc_int32_t cp;
    for (size_t i = 0; i < len;) {   /* lexicons and examples are files people edit */
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0)
            return NULL;
        i += (size_t)n;
    }
    struct norm_text t;
    if (norm_apply(s, len, &t, NULL) != ZHX_OK)
        return NULL;
    char *r = t.text;
    t.text = NULL;
    norm_free(&t);
    return r;
}

/* 256 bytes: every record asks for four offsets, and counting up to 4 KiB for
 * each was a tenth of the time spent writing records; the index is then 1/32 of
 * the text (8 bytes per 256). */
#define CP_BLOCK 256u

enum zhx_rc cp_index_build(struct cp_index *ix, const char *text, size_t len)
{
    ix->text = text;
    ix->len = len;
    size_t nb = len / CP_BLOCK + 1;
    ix->cp_at_block = malloc(nb * sizeof *ix->cp_at_block);
    if (ix->cp_at_block == NULL)
        return ZHX_ERR_NOMEM;
    size_t cps = 0;
    for (size_t b = 0; b < nb; b++) {
        ix->cp_at_block[b] = cps;
        size_t from = b * CP_BLOCK, to = from + CP_BLOCK < len ? from + CP_BLOCK : len;
        if (from < len)
            cps += utf8_count(text + from, to - from);
    }
    return ZHX_OK;
}

size_t cp_index_at(const struct cp_index *ix, size_t byte_off)
{
    if (byte_off > ix->len)
        byte_off = ix->len;
    size_t b = byte_off / CP_BLOCK;
    return ix->cp_at_block[b] + utf8_count(ix->text + b * CP_BLOCK, byte_off - b * CP_BLOCK);
}

void cp_index_free(struct cp_index *ix)
{
    if (ix == NULL)
        return;
    free(ix->cp_at_block);
    ix->cp_at_block = NULL;
}
