/* convert.c: OpenCC for matching, keeping the byte layout (see convert.h). */
#include "convert.h"

#include <opencc.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "convert_dict.h"
#include "util.h"

/* The table covers the CJK Unified Ideographs and Extension A, where the
 * Traditional characters of news text live (compatibility ideographs are gone
 * after NFKC). OpenCC also changes a few hundred rare characters of the
 * supplementary planes (𠁞 to 𠀾): a line holding only those is left as it is,
 * one that also holds a BMP character converts them too. */
#define TABLE_LO 0x3400
#define TABLE_HI 0xA000

struct script_conv {
    char *name;                 /* owned */
    char *path;                 /* owned: what opencc_open gets */
    /* owned: for conv_string and conv_inplace, which convert the rules while
     * they load, on one thread; documents use their thread's conv_worker */
    opencc_t cc;
    /* owned: OpenCC's conversion from the dictionaries compiled in
     * (convert_dict.h), when they hold this configuration and agree with the
     * library; NULL: the library converts. load_scr is conv_string's and
     * conv_inplace's scratch for it. */
    struct ccd *own;
    struct ccd_scratch *load_scr;
    int32_t map[TABLE_HI - TABLE_LO];   /* 0: unchanged */
};

struct conv_worker {
    const struct script_conv *sc;   /* borrowed */
    opencc_t cc;                    /* (opencc_t)-1 when sc->own converts */
    struct ccd_scratch scr;
};

static size_t convert_by_table(const struct script_conv *sc, const unsigned char *s,
                               const unsigned char *e, char *dst);

static size_t utf8_len(int32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

int32_t conv_cp(const struct script_conv *sc, int32_t cp)
{
    if (cp < TABLE_LO || cp >= TABLE_HI)
        return cp;
    int32_t to = sc->map[cp - TABLE_LO];
    return to ? to : cp;
}

const char *conv_name(const struct script_conv *sc)
{
    return sc->name;
}

/* A bare name is one of OpenCC's own configurations; anything with a slash or
 * ending in .json is a path. */
static char *config_path(const char *config)
{
    size_t n = strlen(config);
    if (strchr(config, '/') || (n > 5 && strcmp(config + n - 5, ".json") == 0))
        return strdup(config);
    char *p = malloc(n + 6);
    if (p)
        memcpy(p, config, n), memcpy(p + n, ".json", 6);
    return p;
}

static opencc_t open_cc(const char *path, struct zhx_err *err)
{
    opencc_t cc = opencc_open(path);
    if (cc == (opencc_t)-1) {
        const char *why = opencc_error();
        zhx_fail(err, ZHX_ERR_USAGE, NULL, 0, 0,
                 "OpenCC configuration \"%s\" does not load (try t2s, tw2s, hk2s or tw2sp): %s", path,
                 why && *why ? why : "unknown error");
    }
    return cc;
}

/* Convert every table character alone, one per line, and keep those that become
 * one other code point of the same UTF-8 length. */
static enum zhx_rc build_table(struct script_conv *sc, opencc_t cc, struct zhx_err *err)
{
    struct buf in = {0};
    for (int32_t cp = TABLE_LO; cp < TABLE_HI; cp++)
        if (!buf_add_cp(&in, cp) || !buf_addc(&in, '\n')) {
            buf_free(&in);
            return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
    /* The compiled-in dictionaries, when conv_load kept them, were checked
     * against the library on every key: a character alone changes only as a
     * key, so they give this table as the library would, without its cost. */
    const char *out = sc->own ? ccd_convert(sc->own, in.p, in.len, sc->load_scr) : NULL;
    char *lib = NULL;
    if (out == NULL && (out = lib = opencc_convert_utf8(cc, in.p, in.len)) == NULL) {
        buf_free(&in);
        return zhx_fail(err, ZHX_ERR_USAGE, NULL, 0, 0, "OpenCC failed on its own table: %s",
                        opencc_error());
    }
    buf_free(&in);
    const unsigned char *s = (const unsigned char *)out;
    for (int32_t cp = TABLE_LO; cp < TABLE_HI && *s; cp++) {
        const unsigned char *eol = (const unsigned char *)strchr((const char *)s, '\n');
        if (eol == NULL)
            break;
        int32_t to;
        size_t k = utf8_decode(s, &to);
        if (s + k == eol && to != cp && utf8_len(to) == utf8_len(cp))
            sc->map[cp - TABLE_LO] = to;
        s = eol + 1;
    }
    if (lib)
        opencc_convert_utf8_free(lib);
    return ZHX_OK;
}

/* Do the compiled-in dictionaries give what the OpenCC library gives on every
 * key they hold, each alone? (With the files OpenCC reads checked to be the
 * ones dumped, that covers every character too: build_table.) False also when
 * memory runs out: the library then converts. */
static bool own_agrees(const struct script_conv *sc)
{
    struct buf keys = {0};
    bool same = false;
    if (ccd_keys(sc->own, &keys) && keys.len) {
        char *lib = opencc_convert_utf8(sc->cc, keys.p, keys.len);
        const char *mine = ccd_convert(sc->own, keys.p, keys.len, sc->load_scr);
        same = lib && mine && strcmp(lib, mine) == 0;
        if (lib)
            opencc_convert_utf8_free(lib);
    }
    buf_free(&keys);
    return same;
}

bool conv_uses_library(const struct script_conv *sc)
{
    return sc->own == NULL;
}

enum zhx_rc conv_load(const char *config, struct script_conv **out, struct zhx_err *err)
{
    *out = NULL;
    struct script_conv *sc = calloc(1, sizeof *sc);
    if (sc == NULL || (sc->name = strdup(config)) == NULL || (sc->path = config_path(config)) == NULL) {
        conv_free(sc);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    opencc_t cc = open_cc(sc->path, err);
    if (cc == (opencc_t)-1) {
        conv_free(sc);
        return err ? err->rc : ZHX_ERR_USAGE;
    }
    sc->cc = cc;
    /* OpenCC's own configurations by name only: a path may name other dictionaries */
    enum zhx_rc rc = strcmp(sc->path + strlen(config), ".json") == 0 ? ccd_load(config, &sc->own, err) : ZHX_OK;
    if (rc == ZHX_OK && sc->own && (sc->load_scr = calloc(1, sizeof *sc->load_scr)) == NULL)
        rc = zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    /* the files OpenCC reads must be those the tables came from (a key added
     * since the build shows in no conversion of the tables' own keys), and the
     * tables must convert their keys as the library does */
    if (rc == ZHX_OK && sc->own && (!ccd_files_match(sc->own, ccd_data_dir) || !own_agrees(sc))) {
        ccd_free(sc->own);   /* the library converts */
        sc->own = NULL;
    }
    if (rc == ZHX_OK)
        rc = build_table(sc, cc, err);
    if (rc != ZHX_OK) {
        conv_free(sc);
        return rc;
    }
    *out = sc;
    return ZHX_OK;
}

void conv_free(struct script_conv *sc)
{
    if (sc == NULL)
        return;
    if (sc->cc && sc->cc != (opencc_t)-1)
        opencc_close(sc->cc);
    ccd_free(sc->own);
    ccd_scratch_free(sc->load_scr);
    free(sc->load_scr);
    free(sc->name);
    free(sc->path);
    free(sc);
}

static bool line_converts(const struct script_conv *sc, const unsigned char *s, const unsigned char *e);
static size_t convert_line(const struct script_conv *sc, opencc_t cc, struct ccd_scratch *scr,
                           const unsigned char *p, const unsigned char *le, char *d);

char *conv_string(const struct script_conv *sc, const char *s)
{
    char *r = strdup(s);
    if (r)
        conv_inplace(sc, r, strlen(r));
    return r;
}

void conv_inplace(const struct script_conv *sc, char *s, size_t len)
{
    /* as documents are converted (phrases first), so that 乾隆 in a lexicon and
     * 乾隆 in a document stay alike; line by line, each line read before it is
     * written over */
    unsigned char *p = (unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned char *eol = memchr(p, '\n', (size_t)(end - p)), *le = eol ? eol : end;
        if (line_converts(sc, p, le))
            (void)convert_line(sc, sc->cc, sc->load_scr, p, le, (char *)p);
        p = eol ? eol + 1 : end;
    }
}

enum zhx_rc conv_worker_open(const struct script_conv *sc, struct conv_worker **out,
                             struct zhx_err *err)
{
    *out = NULL;
    struct conv_worker *cw = calloc(1, sizeof *cw);
    if (cw == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cw->sc = sc;
    cw->cc = (opencc_t)-1;
    if (sc->own == NULL && (cw->cc = open_cc(sc->path, err)) == (opencc_t)-1) {
        free(cw);
        return err ? err->rc : ZHX_ERR_USAGE;
    }
    *out = cw;
    return ZHX_OK;
}

void conv_worker_close(struct conv_worker *cw)
{
    if (cw == NULL)
        return;
    if (cw->cc != (opencc_t)-1)
        opencc_close(cw->cc);
    ccd_scratch_free(&cw->scr);
    free(cw);
}

/* Does the line [s, e) hold a character the table changes? */
static bool line_converts(const struct script_conv *sc, const unsigned char *s, const unsigned char *e)
{
    while (s < e) {
        if (*s < 0x80) {
            s++;
            continue;
        }
        int32_t cp;
        s += utf8_decode(s, &cp);
        if (conv_cp(sc, cp) != cp)
            return true;
    }
    return false;
}

/* Write the line [s, e) into dst (same length) character by character. */
static size_t convert_by_table(const struct script_conv *sc, const unsigned char *s,
                               const unsigned char *e, char *dst)
{
    size_t changed = 0;
    while (s < e) {
        int32_t cp;
        size_t k = utf8_decode(s, &cp);
        int32_t to = conv_cp(sc, cp);
        if (to != cp) {
            /* the table only holds pairs of three-byte code points */
            unsigned char *d = (unsigned char *)dst;
            d[0] = (unsigned char)(0xE0 | (to >> 12));
            d[1] = (unsigned char)(0x80 | ((to >> 6) & 0x3F));
            d[2] = (unsigned char)(0x80 | (to & 0x3F));
            changed++;
        } else if ((const unsigned char *)dst != s) {
            memcpy(dst, s, k);
        }
        s += k;
        dst += k;
    }
    return changed;
}

/* Can the line [s, e) be paired code point by code point with OpenCC's
 * conversion of it? Equal counts are not enough: with tw2sp one phrase may
 * shrink (記憶體 to 内存) and another grow (太空梭 to 航天飞机), and everything
 * between would pair with the wrong character. A pair that differs the way the
 * character table does not (a phrase's choice: 乾燥 to 干燥) is fine alone, but
 * two of those side by side are what a shifted pairing looks like: refused. */
static bool pairs_up(const struct script_conv *sc, const unsigned char *s, const unsigned char *e,
                     const char *conv)
{
    if (utf8_count((const char *)s, (size_t)(e - s)) != utf8_count(conv, strlen(conv)))
        return false;
    const unsigned char *c = (const unsigned char *)conv;
    bool odd_before = false;
    while (s < e) {
        int32_t a, b;
        size_t ka = utf8_decode(s, &a), kb = utf8_decode(c, &b);
        bool odd = a != b && (ka != kb || conv_cp(sc, a) != b);
        if (odd && odd_before)
            return false;
        odd_before = odd;
        s += ka;
        c += kb;
    }
    return true;
}

/* Write into dst the code points of conv (paired with [s, e) by pairs_up) that
 * keep their UTF-8 length; the number changed. */
static size_t pair_line(const unsigned char *s, const unsigned char *e, const char *conv, char *dst)
{
    const unsigned char *c = (const unsigned char *)conv;
    size_t changed = 0;
    while (s < e) {
        int32_t a, b;
        size_t ka = utf8_decode(s, &a), kb = utf8_decode(c, &b);
        if (a != b && ka == kb) {
            memcpy(dst, c, kb);
            changed++;
        } else {
            memmove(dst, s, ka);    /* dst may be s itself (conv_inplace) */
        }
        s += ka;
        c += kb;
        dst += ka;
    }
    return changed;
}

/* One line [p, le) that line_converts() into d (the same length; d may be p):
 * OpenCC's conversion when it pairs up, else the character table's. Returns
 * the code points changed. */
static size_t convert_line(const struct script_conv *sc, opencc_t cc, struct ccd_scratch *scr,
                           const unsigned char *p, const unsigned char *le, char *d)
{
    char *lib = NULL;
    const char *conv;
    if (sc->own && scr)
        conv = ccd_convert(sc->own, (const char *)p, (size_t)(le - p), scr);
    else
        conv = lib = opencc_convert_utf8(cc, (const char *)p, (size_t)(le - p));
    size_t k = conv && pairs_up(sc, p, le, conv) ? pair_line(p, le, conv, d) : (size_t)-1;
    if (lib)
        opencc_convert_utf8_free(lib);
    if (k == (size_t)-1)
        k = convert_by_table(sc, p, le, d);
    return k;
}

enum zhx_rc conv_apply(struct conv_worker *cw, const char *text, size_t len, char **out,
                       size_t *n_changed, struct zhx_err *err)
{
    *out = NULL;
    *n_changed = 0;
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    char *dst = NULL;
    size_t changed = 0;
    while (p < end) {
        const unsigned char *eol = memchr(p, '\n', (size_t)(end - p));
        const unsigned char *le = eol ? eol : end;
        if (line_converts(cw->sc, p, le)) {
            if (dst == NULL) {
                /* the first line that converts: copy everything so far */
                if ((dst = malloc(len + 1)) == NULL)
                    return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
                memcpy(dst, text, len);
                dst[len] = '\0';
            }
            changed += convert_line(cw->sc, cw->cc, &cw->scr, p, le, dst + (p - (const unsigned char *)text));
        }
        p = eol ? eol + 1 : end;
    }
    if (dst && changed == 0) {
        free(dst);
        dst = NULL;
    }
    *out = dst;
    *n_changed = changed;
    return ZHX_OK;
}
