/* pattern_info.c: a small reader of PCRE2 pattern syntax (the subset rule files
 * use, extended mode) that follows groups, alternatives and quantifiers only:
 * whether a pattern needs a (?C1) person, and the (?C2) guards. Anchors and
 * required words are in pattern_anchors.c. Anything it does not understand
 * makes it answer "unsure" (false), which only costs speed, never a match. */
#include "pattern_info.h"

#include <stdlib.h>
#include <string.h>

#include "pattern_int.h"

bool ps_at(const struct scan *s, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(s->end - s->p) >= n && memcmp(s->p, lit, n) == 0;
}

/* Blanks and # comments are ignored in extended mode, also before a quantifier. */
void ps_skip_blank(struct scan *s)
{
    while (s->p < s->end) {
        if (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
            s->p++;
        else if (*s->p == '#')
            while (s->p < s->end && *s->p != '\n')
                s->p++;
        else
            break;
    }
}

/* One UTF-8 character. */
void ps_skip_char(struct scan *s)
{
    s->p++;
    while (s->p < s->end && ((unsigned char)*s->p & 0xC0) == 0x80)
        s->p++;
}

void ps_skip_to(struct scan *s, char c)
{
    while (s->p < s->end && *s->p != c)
        s->p++;
    if (s->p < s->end)
        s->p++;
    else
        s->bad = true;
}

/* After a backslash: the escape, with its {…} or <…> argument. */
void ps_skip_escape(struct scan *s)
{
    s->p++;
    if (s->p >= s->end) {
        s->bad = true;
        return;
    }
    char e = *s->p;
    if (e == 'Q') {   /* \Q…\E quotes */
        const char *q = strstr(s->p, "\\E");
        s->p = q && q < s->end ? q + 2 : s->end;
        return;
    }
    ps_skip_char(s);
    if (s->p < s->end && *s->p == '{' && strchr("xpPgkNo", e))
        ps_skip_to(s, '}');
    else if (s->p < s->end && e == 'k' && (*s->p == '<' || *s->p == '\''))
        ps_skip_to(s, *s->p == '<' ? '>' : '\'');
}

void ps_skip_class(struct scan *s)
{
    s->p++;   /* [ */
    if (s->p < s->end && *s->p == '^')
        s->p++;
    if (s->p < s->end && *s->p == ']')
        s->p++;   /* a leading ] is a literal */
    while (s->p < s->end && *s->p != ']') {
        if (*s->p == '\\')
            ps_skip_escape(s);
        else if (ps_at(s, "[:")) {
            s->p += 2;
            const char *q = s->p;
            while (q + 1 < s->end && !(q[0] == ':' && q[1] == ']'))
                q++;
            s->p = q + 2 <= s->end ? q + 2 : s->end;
        } else
            ps_skip_char(s);
    }
    if (s->p < s->end)
        s->p++;
    else
        s->bad = true;
}

/* A quantifier after an item, if any; returns its minimum (1 without one). */
unsigned ps_quantifier(struct scan *s)
{
    ps_skip_blank(s);
    if (s->p >= s->end)
        return 1;
    unsigned min = 1;
    char c = *s->p;
    if (c == '?' || c == '*') {
        min = 0;
        s->p++;
    } else if (c == '+') {
        s->p++;
    } else if (c == '{') {
        const char *q = s->p + 1;
        unsigned n = 0;
        bool digits = false;
        while (q < s->end && *q >= '0' && *q <= '9') {
            n = n * 10 + (unsigned)(*q++ - '0');
            digits = true;
        }
        if (q < s->end && *q == ',') {
            q++;
            while (q < s->end && *q >= '0' && *q <= '9')
                q++;
        }
        if (!digits || q >= s->end || *q != '}')
            return 1;   /* not a quantifier: a literal { */
        s->p = q + 1;
        min = n;
    } else {
        return 1;
    }
    if (s->p < s->end && (*s->p == '?' || *s->p == '+'))
        s->p++;   /* lazy or possessive */
    return min;
}

static bool alternation(struct scan *s, bool in_lookbehind, int depth);

enum group_kind { G_CAPTURE, G_PLAIN, G_LOOKAHEAD, G_LOOKBEHIND, G_NEGATIVE, G_COND, G_ATOM };

/* s->p is at "(": one group or parenthesised item. *is_c1 / *is_capture say what it was;
 * returns whether passing it requires a good (?C1). */
static bool group(struct scan *s, bool in_lookbehind, int depth, bool *is_c1, bool *is_capture)
{
    *is_c1 = *is_capture = false;
    if (depth > 200) {
        s->bad = true;
        return false;
    }
    if (ps_at(s, "(?C1)")) {
        s->p += 5;
        *is_c1 = true;
        return false;
    }
    enum group_kind kind;
    if (ps_at(s, "(*") || ps_at(s, "(?C") || ps_at(s, "(?#") || ps_at(s, "(?&") || ps_at(s, "(?P>") || ps_at(s, "(?R") ||
        (s->p + 2 < s->end && s->p[1] == '?' && (s->p[2] == '+' || s->p[2] == '-' ||
                                                  (s->p[2] >= '0' && s->p[2] <= '9')))) {
        ps_skip_to(s, ')');   /* a verb, callout, comment or sub-pattern call: no group to follow */
        return false;
    }
    if (ps_at(s, "(?=")) { kind = G_LOOKAHEAD; s->p += 3; }
    else if (ps_at(s, "(?!") || ps_at(s, "(?<!")) { kind = G_NEGATIVE; s->p += ps_at(s, "(?!") ? 3 : 4; }
    else if (ps_at(s, "(?<=")) { kind = G_LOOKBEHIND; s->p += 4; }
    else if (ps_at(s, "(?:") || ps_at(s, "(?|")) { kind = G_PLAIN; s->p += 3; }
    else if (ps_at(s, "(?>")) { kind = G_ATOM; s->p += 3; }
    else if (ps_at(s, "(?(")) {
        kind = G_COND;
        s->p += 2;
        if (ps_at(s, "(?")) {   /* an assertion as the condition */
            bool c1, cap;
            group(s, true, depth + 1, &c1, &cap);
        } else
            ps_skip_to(s, ')');
    } else if (ps_at(s, "(?<") || ps_at(s, "(?P<") || ps_at(s, "(?'")) {
        kind = G_CAPTURE;
        s->p += ps_at(s, "(?P<") ? 4 : 3;
        ps_skip_to(s, s->p[-1] == '\'' ? '\'' : '>');
    } else if (ps_at(s, "(?")) {
        /* option letters: (?i) alone sets them, (?i: opens a group */
        const char *q = s->p + 2;
        while (q < s->end && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '-' || *q == '^'))
            q++;
        if (q < s->end && *q == ')') {
            s->p = q + 1;
            return false;
        }
        if (q >= s->end || *q != ':') {
            s->bad = true;
            return false;
        }
        kind = G_PLAIN;
        s->p = q + 1;
    } else {
        kind = G_CAPTURE;
        s->p += 1;
    }
    bool inner = alternation(s, in_lookbehind || kind == G_LOOKBEHIND, depth + 1);
    if (s->p >= s->end || *s->p != ')') {
        s->bad = true;
        return false;
    }
    s->p++;
    *is_capture = kind == G_CAPTURE;
    switch (kind) {
    case G_CAPTURE: case G_PLAIN: case G_ATOM: case G_LOOKAHEAD:
        return inner;
    default:
        return false;   /* a lookbehind's capture starts before us; negatives and conditionals prove nothing */
    }
}

/* A sequence of items up to | or ) or the end: does it require a good (?C1)? */
static bool sequence(struct scan *s, bool in_lookbehind, int depth)
{
    bool req = false, prev_capture = false;
    for (;;) {
        ps_skip_blank(s);
        if (s->bad || s->p >= s->end || *s->p == '|' || *s->p == ')')
            return req && !s->bad;
        bool item_req = false, is_c1 = false, is_capture = false;
        if (*s->p == '(')
            item_req = group(s, in_lookbehind, depth, &is_c1, &is_capture);
        else if (*s->p == '\\')
            ps_skip_escape(s);
        else if (*s->p == '[')
            ps_skip_class(s);
        else
            ps_skip_char(s);
        unsigned min = ps_quantifier(s);
        if (is_c1)
            item_req = prev_capture && !in_lookbehind;
        if (min == 0)
            item_req = false;
        req = req || item_req;
        prev_capture = is_capture && min > 0 && !in_lookbehind;
    }
}

static bool alternation(struct scan *s, bool in_lookbehind, int depth)
{
    bool all = true;
    for (;;) {
        all = sequence(s, in_lookbehind, depth) && all;
        if (s->bad || s->p >= s->end || *s->p != '|')
            return all && !s->bad;
        s->p++;
    }
}

bool pattern_requires_c1(const char *pat, size_t len)
{
    struct scan s = {pat, pat + len, false};
    bool req = alternation(&s, false, 0);
    return req && !s.bad && s.p == s.end;   /* a stray ) ends the scan early: unsure */
}

/* ---- (?C2) guards ---- */

char *pattern_guard_c1(const char *pat, size_t len, size_t *out_len, size_t *ins, size_t *n_ins, size_t max_ins)
{
    size_t stack[256], depth = 0, n = 0, cap = 16;
    size_t *pos = malloc(cap * sizeof *pos);
    if (pos == NULL)
        return NULL;
    long prev_open = -1;   /* the '(' of the group that closed last, if nothing came after it */
    struct scan s = {pat, pat + len, false};
    while (s.p < s.end) {
        const char *q = s.p;
        char c = *q;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '#') {
            ps_skip_blank(&s);
            continue;
        }
        if (c == '\\') {
            ps_skip_escape(&s);
        } else if (c == '[') {
            ps_skip_class(&s);
        } else if (ps_at(&s, "(?C1)")) {
            const char *g = prev_open >= 0 ? pat + prev_open : NULL;
            /* a named capture (not a look-behind) or a plain numbered one */
            bool capture = g && ((g[1] == '?' && g[2] == '<' && g[3] != '=' && g[3] != '!') ||
                                 (g[1] == '?' && g[2] == 'P' && g[3] == '<') || (g[1] == '?' && g[2] == '\'') ||
                                 (g[1] != '?' && g[1] != '*'));
            if (capture) {
                if (n == cap) {
                    size_t *v = realloc(pos, 2 * cap * sizeof *v);
                    if (v == NULL) {
                        free(pos);
                        return NULL;
                    }
                    pos = v;
                    cap *= 2;
                }
                pos[n++] = (size_t)prev_open;
            }
            s.p += 5;
        } else if (c == '(') {
            if (depth < sizeof stack / sizeof stack[0])
                stack[depth] = (size_t)(q - pat);
            depth++;
            s.p++;
        } else if (c == ')') {
            s.p++;
            if (depth > 0 && --depth < sizeof stack / sizeof stack[0]) {
                prev_open = (long)stack[depth];
                continue;
            }
        } else {
            ps_skip_char(&s);
        }
        prev_open = -1;
    }
    /* the insertion points in order (a group closes after the groups inside it) */
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && pos[k - 1] > pos[k]; k--) {
            size_t t = pos[k];
            pos[k] = pos[k - 1];
            pos[k - 1] = t;
        }
    size_t glen = strlen(PATTERN_GUARD);
    char *out = malloc(len + n * glen + 1);
    if (out == NULL) {
        free(pos);
        return NULL;
    }
    size_t o = 0, from = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(out + o, pat + from, pos[i] - from);
        o += pos[i] - from;
        memcpy(out + o, PATTERN_GUARD, glen);
        o += glen;
        from = pos[i];
    }
    memcpy(out + o, pat + from, len - from);
    o += len - from;
    out[o] = '\0';
    *out_len = o;
    if (n_ins) {
        *n_ins = n < max_ins ? n : max_ins;
        for (size_t i = 0; ins && i < *n_ins; i++)
            ins[i] = pos[i];
    }
    free(pos);
    return out;
}
