/* segment.c: split normalised text into sentences. A sentence ends at 。!?; "...",
 * a line break, or, in a line with none of those marks, spaces between two
 * words of Han characters (a headline's clauses: 霍夫曼辭任 財務總監黃志偉署任),
 * but not inside quotes or brackets. Knows nothing about rules or records. */
#include "segment.h"

#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "util.h"

static bool is_open(int32_t cp)
{
    return cp == 0x201C || cp == 0x300C || cp == 0x300E || cp == 0x300A || cp == '(' ||
           cp == 0x3010 || cp == 0x2018;
}

static bool is_close(int32_t cp)
{
    return cp == 0x201D || cp == 0x300D || cp == 0x300F || cp == 0x300B || cp == ')' ||
           cp == 0x3011 || cp == 0x2019;
}

bool seg_is_end_mark(int32_t cp)
{
    return cp == 0x3002 || cp == '!' || cp == '?' || cp == ';' || cp == 0xFF61;
}

static bool push(struct sentences *out, size_t *cap, const char *text, size_t start, size_t end)
{
    while (start < end && (text[start] == ' ' || text[start] == '\n'))
        start++;
    while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\n'))
        end--;
    while (start < end) {
        size_t stop = end;
        if (stop - start > ZHX_MAX_SENTENCE_BYTES) {
            stop = start + ZHX_MAX_SENTENCE_BYTES;
            while (stop > start && ((unsigned char)text[stop] & 0xC0) == 0x80)
                stop--;  /* never cut inside a character */
        }
        if (out->n == *cap) {
            size_t nc = *cap ? *cap * 2 : 64;
            struct sentence *v = realloc(out->v, nc * sizeof *v);
            if (v == NULL)
                return false;
            out->v = v;
            *cap = nc;
        }
        out->v[out->n++] = (struct sentence){start, stop};
        start = stop;
    }
    return true;
}

/* Does the line that starts at byte at hold an end mark (。!?;)? */
static bool line_is_prose(const char *text, size_t at, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = at; i < len && text[i] != '\n';) {
        int32_t cp;
        i += utf8_decode(s + i, &cp);
        if (seg_is_end_mark(cp))
            return true;
    }
    return false;
}

enum zhx_rc seg_split(const char *text, size_t len, struct sentences *out, struct zhx_err *err)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0, start = 0, i = 0;
    int depth = 0;
    int32_t prev = 0, prev2 = 0;   /* the two code points before i */
    bool prose = false;            /* the line holds an end mark: it is prose */
    const unsigned char *s = (const unsigned char *)text;
    while (i < len) {
        if (i == 0 || text[i - 1] == '\n')
            prose = line_is_prose(text, i, len);
        int32_t cp;
        size_t n = utf8_decode(s + i, &cp);
        size_t after = i + n;
        bool cut = false;
        if (cp == ' ' && depth == 0 && !prose && cp_is_han(prev) && cp_is_han(prev2)) {
            /* Chinese is written without spaces: in a line that is no prose (a
             * headline, a menu) spaces between words of Han characters part
             * clauses. Not in prose, where a stray space from a page's markup
             * is nothing, nor between single characters (董 事 长, text from a
             * PDF). */
            size_t j = after;
            while (j < len && text[j] == ' ')
                j++;
            int32_t next = 0, next2 = 0;
            size_t k = j < len ? j + utf8_decode(s + j, &next) : len;
            if (k < len)
                (void)utf8_decode(s + k, &next2);
            cut = cp_is_han(next) && cp_is_han(next2);
            after = cut ? j : after;
        } else if (cp == '\n') {
            depth = 0;   /* an unclosed quote never swallows the next paragraph */
            cut = true;
        } else if (is_open(cp)) {
            depth++;
        } else if (is_close(cp)) {
            if (depth > 0)
                depth--;
        } else if (depth == 0 && (seg_is_end_mark(cp) ||
                                  (cp == '.' && i + 3 <= len && memcmp(text + i, "...", 3) == 0))) {
            if (cp == '.')
                after = i + 3;
            while (after < len && text[after] == '.')
                after++;
            /* repeated marks (?!) and a closing quote belong to this sentence */
            for (;;) {
                if (after >= len)
                    break;
                int32_t c2;
                size_t m = utf8_decode(s + after, &c2);
                if (!(seg_is_end_mark(c2) || is_close(c2)))
                    break;
                after += m;
            }
            cut = true;
        }
        if (cut) {
            if (!push(out, &cap, text, start, after)) {
                seg_free(out);
                return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory splitting sentences");
            }
            start = after;
        }
        prev2 = prev;
        prev = cp;
        i = after;
    }
    if (!push(out, &cap, text, start, len)) {
        seg_free(out);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory splitting sentences");
    }
    return ZHX_OK;
}

void seg_free(struct sentences *s)
{
    if (s == NULL)
        return;
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

size_t seg_find(const struct sentences *s, size_t off)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->v[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n && s->v[lo].start <= off ? lo : s->n;
}
