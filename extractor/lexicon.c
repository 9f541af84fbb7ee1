/* lexicon.c: load TSV lexicons and compile them into prefix-factored patterns.
 * A flat alternation of thousands of words is slow and hits PCRE2's size cap
 * (docs/DESIGN.md); the same words as a trie, (?:首席(?:执行官|技术官)|...), run ~8x faster. */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "normalize.h"
#include "util.h"

/* By surface, then by line: equal surfaces (made equal by conversion) keep the
 * file's order, whatever qsort does with ties. */
static int cmp_entry(const void *a, const void *b)
{
    const struct lex_entry *x = a, *y = b;
    int k = strcmp(x->surface, y->surface);
    return k ? k : (x->line > y->line) - (x->line < y->line);
}

/* The surface as the file wrote it (normalised, not converted). */
static const char *entry_written(const struct lex_entry *e)
{
    return e->written ? e->written : e->surface;
}

static bool add_literal(struct buf *b, int32_t cp, bool in_class)
{
    if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
        return buf_addc(b, (char)cp);
    if (cp < 0x80 || (in_class && cp == 0x2D))
        return buf_printf(b, "\\x{%x}", (unsigned)cp);
    return buf_add_cp(b, cp);
}

/* Entries [lo, hi) share their first d bytes; append the pattern for the rest. */
static bool emit_trie(struct buf *b, const struct lex_entry *v, size_t lo, size_t hi, size_t d)
{
    bool terminal = false;
    if (lo < hi && v[lo].surface[d] == '\0') {
        terminal = true;
        lo++;
    }
    struct buf alts = {0}, cls = {0};
    size_t n_alts = 0, n_cls = 0;
    bool ok = true;
    for (size_t i = lo; ok && i < hi;) {
        int32_t cp;
        size_t n = utf8_decode((const unsigned char *)v[i].surface + d, &cp);
        size_t j = i + 1;
        while (j < hi && memcmp(v[j].surface + d, v[i].surface + d, n) == 0)
            j++;
        if (j == i + 1 && v[i].surface[d + n] == '\0') {
            /* a one-character leaf joins the class; a long class is cut into
             * chunks of consecutive code points (v is sorted), see below */
            if (n_cls && n_cls % ZHX_CLASS_CHUNK == 0)
                ok = buf_adds(&cls, "]|[");
            ok = ok && add_literal(&cls, cp, true);
            n_cls++;
        } else {
            if (n_alts++)
                ok = ok && buf_addc(&alts, '|');
            ok = ok && add_literal(&alts, cp, false) && emit_trie(&alts, v, i, j, d + n);
        }
        i = j;
    }
    if (ok && n_cls) {
        if (n_alts++)
            ok = buf_addc(&alts, '|');
        /* PCRE2 10.42's JIT tests a character against a class item by item
         * (hundreds of compares for translit_chars when it is not in the class),
         * but first against the class's lowest and highest code point. So a
         * class of more than ZHX_CLASS_CHUNK characters is written as an atomic
         * alternation of classes over disjoint code point ranges: a character
         * is compared in full only with the one chunk whose range holds it
         * (6x faster per position on news text, tests/bench). */
        if (n_cls == 1)
            ok = ok && buf_add(&alts, cls.p + 0, cls.len);
        else if (n_cls <= ZHX_CLASS_CHUNK)
            ok = ok && buf_addc(&alts, '[') && buf_add(&alts, cls.p, cls.len) && buf_addc(&alts, ']');
        else
            ok = ok && buf_adds(&alts, "(?>[") && buf_add(&alts, cls.p, cls.len) && buf_adds(&alts, "])");
    }
    if (ok && n_alts) {
        bool group = n_alts > 1 || terminal;
        if (group)
            ok = buf_adds(b, "(?:");
        ok = ok && buf_add(b, alts.p, alts.len);
        if (group)
            ok = ok && buf_adds(b, terminal ? ")?" : ")");
    }
    buf_free(&alts);
    buf_free(&cls);
    return ok;
}

static enum zhx_rc finish(struct lexicon *lx, struct zhx_err *err)
{
    if (lx->n)   /* qsort's base must not be NULL, even for 0 entries */
        qsort(lx->v, lx->n, sizeof *lx->v, cmp_entry);
    /* Entries equal after conversion are one word (執行長 beside 执行长): the one
     * on the earliest line stays. Two that the file itself wrote alike are an
     * error, and so are two that conversion makes one but that give different
     * canonical forms. Checked before anything is freed, so that on an error
     * lex_free still owns every entry. */
    for (size_t i = 0, j; i < lx->n; i = j) {
        for (j = i + 1; j < lx->n && strcmp(lx->v[j].surface, lx->v[i].surface) == 0; j++)
            ;
        for (size_t x = i; x < j; x++)
            for (size_t y = x + 1; y < j; y++) {
                const struct lex_entry *p = &lx->v[x], *q = &lx->v[y];   /* p->line < q->line */
                if (strcmp(entry_written(p), entry_written(q)) == 0)
                    return zhx_fail(err, ZHX_ERR_RULES, lx->path, q->line, 1,
                                    "duplicate entry '%s' (first at line %ld)", entry_written(q), p->line);
                if (strcmp(p->canonical, q->canonical) != 0)
                    return zhx_fail(err, ZHX_ERR_RULES, lx->path, q->line, 1,
                                    "'%s' is '%s' (line %ld) once converted, but their canonical forms "
                                    "differ: '%s' and '%s'", entry_written(q), entry_written(p), p->line,
                                    q->canonical, p->canonical);
            }
    }
    size_t kept = 0;
    for (size_t i = 0; i < lx->n; i++) {
        if (kept && strcmp(lx->v[kept - 1].surface, lx->v[i].surface) == 0) {
            free(lx->v[i].surface);
            free(lx->v[i].canonical);
            free(lx->v[i].written);
            continue;
        }
        lx->v[kept++] = lx->v[i];
    }
    lx->n = kept;
    /* v is sorted by bytes, so entries with one first code point are together */
    lx->first = malloc((lx->n + 1) * sizeof *lx->first);
    if (lx->first == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, lx->path, 0, 0, "out of memory");
    for (size_t i = 0; i < lx->n; i++) {
        int32_t cp;
        utf8_decode((const unsigned char *)lx->v[i].surface, &cp);
        if (lx->n_first && lx->first[lx->n_first - 1].cp == cp)
            lx->first[lx->n_first - 1].hi = i + 1;
        else
            lx->first[lx->n_first++] = (struct lex_first){cp, i, i + 1};
    }
    struct buf re = {0};
    if (lx->n == 0) {
        if (!buf_adds(&re, "(*FAIL)"))
            return zhx_fail(err, ZHX_ERR_NOMEM, lx->path, 0, 0, "out of memory");
    } else if (!buf_adds(&re, "(?:") || !emit_trie(&re, lx->v, 0, lx->n, 0) || !buf_adds(&re, ")")) {
        buf_free(&re);
        return zhx_fail(err, ZHX_ERR_NOMEM, lx->path, 0, 0, "out of memory");
    }
    lx->regex = re.p;
    return ZHX_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static enum zhx_rc add_entry(struct lexicon *lx, size_t *cap, const char *surface, const char *canon,
                             const struct script_conv *conv, long line, struct zhx_err *err)
{
    if (lx->n >= ZHX_MAX_LEXICON_ENTRIES)
        return zhx_fail(err, ZHX_ERR_RULES, lx->path, line, 1,
                        "more than %d entries: split the lexicon", ZHX_MAX_LEXICON_ENTRIES);
    if (lx->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        struct lex_entry *v = realloc(lx->v, nc * sizeof *v);
        if (v == NULL)
            return zhx_fail(err, ZHX_ERR_NOMEM, lx->path, line, 0, "out of memory");
        lx->v = v;
        *cap = nc;
    }
    char *s = norm_string(surface);
    if (s == NULL)
        return zhx_fail(err, ZHX_ERR_RULES, lx->path, line, 1, "invalid UTF-8");
    /* a surface the normaliser empties (spaces only) can never match */
    if (*s == '\0' || strcmp(s, " ") == 0) {
        free(s);
        return zhx_fail(err, ZHX_ERR_RULES, lx->path, line, 1, "empty surface");
    }
    char *written = NULL;
    if (conv) {
        char *k = conv_string(conv, s);
        if (k == NULL) {
            free(s);
            return zhx_fail(err, ZHX_ERR_NOMEM, lx->path, line, 0, "out of memory");
        }
        if (strcmp(k, s) != 0) {
            written = s;
            s = k;
        } else {
            free(k);
        }
    }
    /* without a canonical column the converted surface is the canonical form, so
     * that 微軟 and 微软 give one canonical whichever script the article uses */
    char *c = strdup(canon && *canon ? canon : s);
    if (c == NULL) {
        free(s);
        free(written);
        return zhx_fail(err, ZHX_ERR_NOMEM, lx->path, line, 0, "out of memory");
    }
    lx->v[lx->n++] = (struct lex_entry){s, c, line, written};
    return ZHX_OK;
}

static struct lexicon *lex_new(const char *name, const char *path)
{
    struct lexicon *lx = calloc(1, sizeof *lx);
    if (lx == NULL)
        return NULL;
    lx->name = strdup(name);
    lx->path = strdup(path);
    if (lx->name == NULL || lx->path == NULL) {
        lex_free(lx);
        return NULL;
    }
    return lx;
}

enum zhx_rc lex_load(const char *name, const char *path, const struct script_conv *conv,
                     struct lexicon **out, struct zhx_err *err)
{
    *out = NULL;
    char *buf;
    size_t len;
    enum zhx_rc rc = file_read_all(path, ZHX_MAX_RULE_FILE_BYTES, &buf, &len, err);
    if (rc != ZHX_OK)
        return rc;
    struct lexicon *lx = lex_new(name, path);
    if (lx == NULL) {
        free(buf);
        return zhx_fail(err, ZHX_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    if (memchr(buf, '\0', len) != NULL)
        rc = zhx_fail(err, ZHX_ERR_RULES, path, 0, 0, "holds a NUL byte: not a text file");
    size_t cap = 0;
    long line = 0;
    for (char *p = buf, *nl; rc == ZHX_OK && p < buf + len; p = nl + 1) {
        line++;
        nl = strchr(p, '\n');
        if (nl == NULL)
            nl = buf + len;
        *nl = '\0';
        if (nl > p && nl[-1] == '\r')
            nl[-1] = '\0';
        /* split at the first tab BEFORE trimming: "\tOrphan" has an empty surface */
        char *tab = strchr(p, '\t');
        char *canon = NULL;
        if (tab) {
            *tab = '\0';
            canon = trim(tab + 1);
            char *third = strchr(canon, '\t');
            if (third)
                rc = zhx_fail(err, ZHX_ERR_RULES, path, line,
                              (long)utf8_count(p, (size_t)(tab - p)) + 2 +
                                  (long)utf8_count(tab + 1, (size_t)(third - tab - 1)),
                              "more than two columns");
        }
        char *t = trim(p);
        if (*t == '#' || (*t == '\0' && canon == NULL))
            continue;
        if (rc == ZHX_OK)
            rc = add_entry(lx, &cap, t, canon, conv, line, err);
    }
    free(buf);
    if (rc == ZHX_OK)
        rc = finish(lx, err);
    if (rc != ZHX_OK) {
        lex_free(lx);
        return rc;
    }
    *out = lx;
    return ZHX_OK;
}

enum zhx_rc lex_from_pairs(const char *name, const char *const *surface, const char *const *canonical,
                           size_t n, struct lexicon **out, struct zhx_err *err)
{
    *out = NULL;
    struct lexicon *lx = lex_new(name, "(memory)");
    if (lx == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    size_t cap = 0;
    enum zhx_rc rc = ZHX_OK;
    for (size_t i = 0; rc == ZHX_OK && i < n; i++)
        rc = add_entry(lx, &cap, surface[i], canonical ? canonical[i] : NULL, NULL, (long)i + 1, err);
    if (rc == ZHX_OK)
        rc = finish(lx, err);
    if (rc != ZHX_OK) {
        lex_free(lx);
        return rc;
    }
    *out = lx;
    return ZHX_OK;
}

static const struct lex_entry *find(const struct lexicon *lx, const char *s, size_t len)
{
    size_t lo = 0, hi = lx->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *m = lx->v[mid].surface;
        int c = strncmp(m, s, len);
        if (c == 0 && m[len] != '\0')
            c = 1;
        if (c < 0)
            lo = mid + 1;
        else if (c > 0)
            hi = mid;
        else
            return &lx->v[mid];
    }
    return NULL;
}

const char *lex_lookup(const struct lexicon *lx, const char *s, size_t len)
{
    const struct lex_entry *e = lx ? find(lx, s, len) : NULL;
    return e ? e->canonical : NULL;
}

const struct lex_entry *lex_longest_suffix(const struct lexicon *lx, const char *s, size_t len)
{
    if (lx == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        const struct lex_entry *e = find(lx, s + i, len - i);
        if (e)
            return e;
    }
    return NULL;
}

const struct lex_entry *lex_last_occurrence(const struct lexicon *lx, const char *s, size_t len,
                                            size_t min_cp)
{
    const struct lex_entry *best = NULL;
    size_t best_end = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; lx && i < len;) {
        int32_t cp;
        size_t n = utf8_decode(u + i, &cp);
        for (size_t f = 0; f < lx->n_first; f++) {
            if (lx->first[f].cp != cp)
                continue;
            for (size_t k = lx->first[f].lo; k < lx->first[f].hi; k++) {
                const char *w = lx->v[k].surface;
                size_t m = strlen(w);
                if (m <= len - i && memcmp(s + i, w, m) == 0 && utf8_count(w, m) >= min_cp &&
                    (best == NULL || i + m >= best_end)) {
                    best = &lx->v[k];
                    best_end = i + m;
                }
            }
            break;
        }
        i += n;
    }
    return best;
}

void lex_free(struct lexicon *lx)
{
    if (lx == NULL)
        return;
    for (size_t i = 0; i < lx->n; i++) {
        free(lx->v[i].surface);
        free(lx->v[i].canonical);
        free(lx->v[i].written);
    }
    free(lx->v);
    free(lx->name);
    free(lx->path);
    free(lx->regex);
    free(lx->first);
    free(lx);
}
