/* scorekey.c: see scorekey.h. utf8proc does NFKC and NFKD, as Python's
 * unicodedata does in tools/zhx-score; lower case is utf8proc's simple mapping
 * (Python's str.lower also knows the few one-to-many mappings such as İ, which
 * no name or title in the gold uses). */
#include "scorekey.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"

/* Python's str.isspace(): category Zs, or bidirectional class WS, B or S. */
static bool py_space(int32_t cp)
{
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    return p->category == UTF8PROC_CATEGORY_ZS || p->bidi_class == UTF8PROC_BIDI_CLASS_WS ||
           p->bidi_class == UTF8PROC_BIDI_CLASS_B || p->bidi_class == UTF8PROC_BIDI_CLASS_S;
}

static bool dropped(int32_t cp)
{
    static const int32_t drop[] = {0xB7, 0x2022, 0x2027, 0x30FB, 0xFF65, 0x2219, 0x22C5, 0x2010,
                                   '-', '.', ',', '\'', 0x2019};
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
        if (cp == drop[i])
            return true;
    return py_space(cp);
}

/* Apply a utf8proc normalisation (options) to s, then either drop the combining
 * marks (strip_marks: strip_accents()) or lower-case (lower) and drop what
 * norm() drops. */
static char *map_filter(const char *s, utf8proc_option_t options, bool lower, bool strip_marks)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &m, options | UTF8PROC_NULLTERM);
    if (n < 0)
        return NULL;
    struct buf b = {0};
    bool ok = true;
    for (utf8proc_ssize_t i = 0; i < n && ok;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(m + i, n - i, &cp);
        if (k <= 0)
            break;
        i += k;
        if (strip_marks) {
            if (utf8proc_get_property(cp)->combining_class != 0)
                continue;
            if (cp == 0x142)   /* ł */
                cp = 'l';
            else if (cp == 0x141)
                cp = 'L';
            ok = buf_add_cp(&b, cp);
            continue;
        }
        if (lower)
            cp = utf8proc_tolower(cp);
        if (!dropped(cp))
            ok = buf_add_cp(&b, cp);
    }
    free(m);
    if (!ok) {
        buf_free(&b);
        return NULL;
    }
    return b.p ? b.p : strdup("");
}

char *skey_norm(const char *s)
{
    if (s == NULL)
        return NULL;
    /* NFKC first, then lower case and the drops, as Python does them */
    return map_filter(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT, true, false);
}

char *skey_norm_en(const char *s)
{
    if (s == NULL || *s == '\0')
        return NULL;
    char *plain = map_filter(s, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, false, true);
    char *k = skey_norm(plain);
    free(plain);
    return k;
}

/* Remove every occurrence of word from s, in place, left to right (str.replace). */
static void remove_all(char *s, const char *word)
{
    size_t wl = strlen(word);
    char *w = s;
    for (const char *r = s; *r;) {
        if (strncmp(r, word, wl) == 0) {
            r += wl;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
}

char *skey_title(const char *canonical)
{
    char *k = skey_norm(canonical ? canonical : "");
    if (k) {
        remove_all(k, "former");
        remove_all(k, "the");
    }
    return k;
}

char *skey_zh_title(const char *title)
{
    static const char *const prefixes[] = {"原", "前", "现任", "新任", "代理", "临时", "臨時", "現任"};
    char *k = skey_norm(title ? title : "");
    if (k == NULL)
        return NULL;
    const char *s = k;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(s, prefixes[i], strlen(prefixes[i])) == 0)
            s += strlen(prefixes[i]);
    char *out = NULL;
    if (*s == '\0')
        out = strdup("");
    else if ((out = malloc(strlen(s) + 4)) != NULL)
        strcpy(stpcpy(out, "zh:"), s);
    free(k);
    return out;
}
