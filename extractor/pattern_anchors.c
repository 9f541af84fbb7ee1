/* pattern_anchors.c: where a pattern can start (start anchors) and which words
 * every match needs in its sentence (required words), read from the pattern
 * text and the defines it calls. Same reader rules as pattern_info.c: what it
 * does not follow makes it answer "unsure", which only costs speed. */
#include "pattern_info.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "pattern_int.h"
#include "util.h"

/* ---- start anchors ----
 * A recursive reader that sums up each piece of a pattern as: may its
 * non-empty matches start anywhere (broad), may it match empty, how many code
 * points it consumes at most, and otherwise which anchors start it. */


#define UNBOUNDED UINT32_MAX
#define MAX_CLASS_CPS 64        /* a bigger class is as good as broad */
#define MAX_CALL_DEPTH 32

struct summ {
    bool broad;         /* a non-empty match may start with no anchor near */
    bool nullable;      /* may match empty with no anchor: X?, an assertion. A
                           look-ahead whose body has anchors is not: it matches
                           empty, but only where one of them follows */
    uint32_t maxw;      /* code points at most; UNBOUNDED */
};

struct fs {
    const char *p, *end;
    bool *bad;                  /* shared by the readers of called defines */
    const struct pi_defs *defs;
    struct pi_anchor **a;       /* shared anchor array */
    size_t *n, *cap;
    int depth;
    int *nest;                  /* groups open now, shared with called defines: a
                                   rule file nesting them deeper than PCRE2 allows
                                   (250) must not exhaust the stack here first */
    bool c1_persons;            /* a (?C1)-checked group gives a person anchor */
    bool persons_only;          /* ... and nothing else does: pattern_person_window */
};

#define MAX_NEST 250

static uint32_t sat_add(uint32_t x, uint32_t y) { return x > UNBOUNDED - y ? UNBOUNDED : x + y; }

static uint32_t sat_mul(uint32_t x, uint32_t k)
{
    if (x == 0 || k == 0)
        return 0;
    if (x == UNBOUNDED || k == UNBOUNDED || x > UNBOUNDED / k)
        return UNBOUNDED;
    return x * k;
}

static bool fs_at(const struct fs *s, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(s->end - s->p) >= n && memcmp(s->p, lit, n) == 0;
}

static void fs_blank(struct fs *s)
{
    struct scan sc = {s->p, s->end, false};
    ps_skip_blank(&sc);
    s->p = sc.p;
}

static bool add_anchor(struct fs *s, const struct lexicon *lex, int32_t cp)
{
    if (s->persons_only)
        return false;   /* fs_item makes the item broad */
    if (!array_grow((void **)s->a, s->cap, *s->n, sizeof **s->a)) {
        *s->bad = true;
        return false;
    }
    struct pi_anchor *an = &(*s->a)[(*s->n)++];
    *an = (struct pi_anchor){.lex = lex, .cp = cp};
    if (lex == NULL) {
        struct buf b = {0};
        if (!buf_add_cp(&b, cp)) {
            *s->bad = true;
            return false;
        }
        memcpy(an->word, b.p, b.len + 1);
        buf_free(&b);
    }
    return true;
}

static const struct summ ZERO_WIDTH = {false, true, 0};
static const struct summ BROAD1 = {true, false, 1};

static struct summ literal(struct fs *s, int32_t cp)
{
    add_anchor(s, NULL, cp);
    return (struct summ){false, false, 1};
}

/* \x{…}, \xHH: the code point, or -1 */
static int32_t hex_escape(struct fs *s)
{
    /* s->p is after "\x" */
    int32_t v = 0;
    if (s->p < s->end && *s->p == '{') {
        s->p++;
        int digits = 0;
        while (s->p < s->end && *s->p != '}') {
            char c = *s->p++;
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0 || ++digits > 6)
                return -1;
            v = v * 16 + d;
        }
        if (s->p >= s->end)
            return -1;
        s->p++;
        return digits ? v : -1;
    }
    for (int i = 0; i < 2 && s->p < s->end; i++) {
        char c = *s->p;
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            break;
        v = v * 16 + d;
        s->p++;
    }
    return v;
}

static void skip_to_char(struct fs *s, char c)
{
    s->p++;
    while (s->p < s->end && *s->p != c)
        s->p++;
    if (s->p < s->end)
        s->p++;
    else
        *s->bad = true;
}

/* After "\": one escape outside a class. */
static struct summ escape(struct fs *s)
{
    s->p++;
    if (s->p >= s->end) {
        *s->bad = true;
        return BROAD1;
    }
    char e = *s->p++;
    switch (e) {
    case 'x': {
        int32_t cp = hex_escape(s);
        if (cp < 0) {
            *s->bad = true;
            return BROAD1;
        }
        return literal(s, cp);
    }
    case 't': return literal(s, '\t');
    case 'n': return literal(s, '\n');
    case 'r': return literal(s, '\r');
    case 'f': return literal(s, '\f');
    case 'e': return literal(s, 0x1b);
    case 'a': return literal(s, 0x07);
    case 'b': case 'B': case 'A': case 'Z': case 'z': case 'G': case 'K':
        return ZERO_WIDTH;
    case 's': case 'S': case 'd': case 'D': case 'w': case 'W': case 'h': case 'H': case 'v': case 'V': case 'N':
        return BROAD1;
    case 'p': case 'P':
        if (e == 'p' && (size_t)(s->end - s->p) >= 4 && memcmp(s->p, "{Lu}", 4) == 0) {
            s->p += 4;   /* upper-case letters: the prefilter has a test for them */
            if (add_anchor(s, NULL, 0))
                (*s->a)[*s->n - 1] = (struct pi_anchor){.upper = true};
            return (struct summ){false, false, 1};
        }
        if (s->p < s->end && *s->p == '{') {
            while (s->p < s->end && *s->p != '}')
                s->p++;
            if (s->p < s->end)
                s->p++;
        } else if (s->p < s->end)
            s->p++;
        return BROAD1;
    case 'R':
        return (struct summ){true, false, 2};
    case 'X':
        return (struct summ){true, false, UNBOUNDED};
    case 'k': case 'g': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        /* a back reference: what it matches is unknown, so it ends the search
         * for anchors unless one came before it (date.iso's \k<SEP>) */
        if (s->p < s->end && (*s->p == '<' || *s->p == '{' || *s->p == '\''))
            skip_to_char(s, *s->p == '<' ? '>' : *s->p == '{' ? '}' : '\'');
        else
            while (s->p < s->end && ((*s->p >= '0' && *s->p <= '9') || *s->p == '+' || *s->p == '-'))
                s->p++;
        return (struct summ){true, true, UNBOUNDED};
    default:
        if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) {
            *s->bad = true;   /* back references, \Q, \c, octal: not followed */
            return BROAD1;
        }
        s->p--;
        int32_t cp;
        size_t k = utf8_decode((const unsigned char *)s->p, &cp);
        s->p += k;
        return literal(s, cp);   /* \( \. \- \  …: the character itself */
    }
}

/* A character class; its code points become anchors when there are few. */
static struct summ char_class(struct fs *s)
{
    s->p++;   /* [ */
    bool neg = s->p < s->end && *s->p == '^';
    if (neg)
        s->p++;
    int32_t cps[MAX_CLASS_CPS];
    size_t n = 0;
    bool broad = neg, first = true;
    int32_t prev = -1;
    while (s->p < s->end && (*s->p != ']' || first)) {
        first = false;
        int32_t cp = -1;
        if (*s->p == '\\') {
            s->p++;
            if (s->p >= s->end)
                break;
            char e = *s->p;
            if (e == 'x') {
                s->p++;
                cp = hex_escape(s);
                if (cp < 0)
                    broad = true;
            } else if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) {
                broad = true;   /* \d, \s, \p{…} inside a class */
                s->p++;
                if (s->p < s->end && *s->p == '{')
                    while (s->p < s->end && *s->p != '}')
                        s->p++;
                if (s->p < s->end && *s->p == '}')
                    s->p++;
                prev = -1;
                continue;
            } else {
                size_t k = utf8_decode((const unsigned char *)s->p, &cp);
                s->p += k;
            }
        } else if (fs_at(s, "[:")) {
            broad = true;
            while (s->p + 1 < s->end && !(s->p[0] == ':' && s->p[1] == ']'))
                s->p++;
            s->p += 2;
            prev = -1;
            continue;
        } else if (*s->p == '-' && prev >= 0 && s->p + 1 < s->end && s->p[1] != ']') {
            /* a range prev-hi: prev is in already */
            s->p++;
            int32_t hi;
            if (*s->p == '\\' && s->p + 1 < s->end && s->p[1] == 'x') {
                s->p += 2;
                hi = hex_escape(s);
            } else {
                size_t k = utf8_decode((const unsigned char *)s->p, &hi);
                s->p += k;
            }
            if (hi < prev || (size_t)(hi - prev) + n > MAX_CLASS_CPS)
                broad = true;
            else
                for (int32_t c = prev + 1; c <= hi; c++)
                    cps[n++] = c;
            prev = -1;
            continue;
        } else {
            size_t k = utf8_decode((const unsigned char *)s->p, &cp);
            s->p += k;
        }
        if (cp >= 0 && n < MAX_CLASS_CPS)
            cps[n++] = cp;
        else
            broad = true;
        prev = cp;
    }
    if (s->p >= s->end) {
        *s->bad = true;
        return BROAD1;
    }
    s->p++;   /* ] */
    if (broad)
        return BROAD1;
    for (size_t i = 0; i < n; i++)
        add_anchor(s, NULL, cps[i]);
    return (struct summ){false, false, 1};
}

static struct summ fs_alternation(struct fs *s, size_t *n_branches);

/* Read a group's body up to its ")" and step over it. */
static struct summ group_body(struct fs *s, size_t *n_branches)
{
    struct summ r = fs_alternation(s, n_branches);
    if (s->p >= s->end || *s->p != ')')
        *s->bad = true;
    else
        s->p++;
    return r;
}

/* A zero-width group (an assertion): read it for its end, keep none of its anchors. */
static struct summ assertion(struct fs *s)
{
    size_t keep = *s->n, nb;
    group_body(s, &nb);
    *s->n = keep;
    return ZERO_WIDTH;
}

static struct summ call(struct fs *s, const char *name, size_t len)
{
    const char *src;
    size_t src_len;
    const struct lexicon *lex = NULL;
    if (s->defs == NULL || !s->defs->lookup(s->defs->ctx, name, len, &src, &src_len, &lex) ||
        s->depth >= MAX_CALL_DEPTH) {
        *s->bad = true;
        return BROAD1;
    }
    if (lex) {
        uint32_t w = 0;
        for (size_t i = 0; i < lex->n; i++) {
            uint32_t c = (uint32_t)utf8_count(lex->v[i].surface, strlen(lex->v[i].surface));
            w = c > w ? c : w;
        }
        add_anchor(s, lex, 0);
        return (struct summ){false, false, w};
    }
    struct fs sub = *s;
    sub.p = src;
    sub.end = src + src_len;
    sub.depth = s->depth + 1;
    size_t nb;
    struct summ r = fs_alternation(&sub, &nb);
    if (sub.p != sub.end)
        *s->bad = true;
    return r;
}

static struct summ fs_group_in(struct fs *s);

static struct summ fs_group(struct fs *s)
{
    if (++*s->nest > MAX_NEST) {
        *s->bad = true;
        --*s->nest;
        return BROAD1;
    }
    struct summ r = fs_group_in(s);
    --*s->nest;
    return r;
}

static struct summ fs_group_in(struct fs *s)
{
    size_t nb;
    if (fs_at(s, "(?=")) {
        /* a look-ahead that must hold here: its anchors are near this point */
        s->p += 3;
        size_t keep = *s->n;
        struct summ b = group_body(s, &nb);
        if (b.broad || b.nullable) {
            *s->n = keep;
            return ZERO_WIDTH;
        }
        return (struct summ){false, false, 0};
    }
    if (fs_at(s, "(?!")) {
        s->p += 3;
        return assertion(s);
    }
    if (fs_at(s, "(?<=") || fs_at(s, "(?<!")) {
        s->p += 4;
        return assertion(s);
    }
    if (fs_at(s, "(*") || fs_at(s, "(?C") || fs_at(s, "(?#")) {
        while (s->p < s->end && *s->p != ')')
            s->p++;
        if (s->p < s->end)
            s->p++;
        return ZERO_WIDTH;
    }
    if (fs_at(s, "(?&")) {
        const char *n = s->p + 3, *e = n;
        while (e < s->end && *e != ')')
            e++;
        if (e >= s->end) {
            *s->bad = true;
            return BROAD1;
        }
        s->p = e + 1;
        return call(s, n, (size_t)(e - n));
    }
    if (fs_at(s, "(?(")) {
        s->p += 2;   /* at the condition's "(" */
        if (fs_at(s, "(?=") || fs_at(s, "(?!") || fs_at(s, "(?<=") || fs_at(s, "(?<!")) {
            fs_group(s);   /* an assertion: zero-width */
        } else {           /* (name), (<name>), (1), (R), (DEFINE) */
            while (s->p < s->end && *s->p != ')')
                s->p++;
            if (s->p >= s->end) {
                *s->bad = true;
                return BROAD1;
            }
            s->p++;
        }
        struct summ r = group_body(s, &nb);
        if (nb < 2)
            r.nullable = true;   /* no "no" branch: matches empty when the condition fails */
        return r;
    }
    if (fs_at(s, "(?:") || fs_at(s, "(?|") || fs_at(s, "(?>")) {
        s->p += 3;
        return group_body(s, &nb);
    }
    if (fs_at(s, "(?<") || fs_at(s, "(?P<") || fs_at(s, "(?'")) {
        char close = fs_at(s, "(?'") ? '\'' : '>';
        s->p += fs_at(s, "(?P<") ? 4 : 3;
        while (s->p < s->end && *s->p != close)
            s->p++;
        if (s->p < s->end)
            s->p++;
        size_t keep = *s->n;
        struct summ r = group_body(s, &nb);
        if (!s->c1_persons || *s->bad)
            return r;
        const char *after = s->p;
        fs_blank(s);
        bool c1 = fs_at(s, "(?C1)");
        s->p = after;
        if (!c1)
            return r;
        /* (?C1) accepts the group only where a known person mention starts */
        *s->n = keep;
        if (!array_grow((void **)s->a, s->cap, *s->n, sizeof **s->a)) {
            *s->bad = true;
            return BROAD1;
        }
        (*s->a)[(*s->n)++] = (struct pi_anchor){.person = true};
        return (struct summ){false, false, r.maxw};
    }
    if (fs_at(s, "(?")) {
        *s->bad = true;   /* option settings ((?i) changes what literals match), numbered calls */
        return BROAD1;
    }
    s->p++;   /* a plain capture */
    return group_body(s, &nb);
}

/* In pattern_person_window's reading only person anchors count: an item that
 * consumes text without one is as good as broad. */
static struct summ persons_broad(const struct fs *s, struct summ r, size_t before)
{
    if (s->persons_only && !r.broad && r.maxw > 0 && *s->n == before)
        r.broad = true;
    return r;
}

static struct summ fs_item(struct fs *s)
{
    struct summ r;
    size_t before = *s->n;
    /* \s: normalize.c writes every run of white space as one character, so
     * \s* and \s+ consume at most one in the text the rules see */
    bool one_space = fs_at(s, "\\s");
    char c = *s->p;
    if (c == '(')
        r = fs_group(s);
    else if (c == '\\')
        r = escape(s);
    else if (c == '[')
        r = char_class(s);
    else if (c == '.') {
        s->p++;
        r = BROAD1;
    } else if (c == '^' || c == '$') {
        s->p++;
        r = ZERO_WIDTH;
    } else {
        int32_t cp;
        size_t k = utf8_decode((const unsigned char *)s->p, &cp);
        s->p += k;
        r = literal(s, cp);
    }
    /* a quantifier: {m,n}, ?, *, + */
    fs_blank(s);
    if (s->p >= s->end)
        return persons_broad(s, r, before);
    uint32_t min = 1, max = 1;
    bool quant = true;
    if (*s->p == '?') { min = 0; max = 1; s->p++; }
    else if (*s->p == '*') { min = 0; max = UNBOUNDED; s->p++; }
    else if (*s->p == '+') { min = 1; max = UNBOUNDED; s->p++; }
    else if (*s->p == '{') {
        const char *q = s->p + 1;
        uint32_t a = 0, b;
        bool digits = false, comma = false, bdigits = false;
        while (q < s->end && *q >= '0' && *q <= '9' && a < 100000) {
            a = a * 10 + (uint32_t)(*q++ - '0');
            digits = true;
        }
        b = a;
        if (q < s->end && *q == ',') {
            comma = true;
            q++;
            b = 0;
            while (q < s->end && *q >= '0' && *q <= '9' && b < 100000) {
                b = b * 10 + (uint32_t)(*q++ - '0');
                bdigits = true;
            }
            if (!bdigits)
                b = UNBOUNDED;
        }
        if (digits && q < s->end && *q == '}') {
            s->p = q + 1;
            min = a;
            max = b;
            (void)comma;
        } else
            quant = false;
    } else
        quant = false;
    if (!quant)
        return persons_broad(s, r, before);
    if (s->p < s->end && (*s->p == '?' || *s->p == '+'))
        s->p++;
    if (min == 0)
        r.nullable = true;
    r.maxw = max == UNBOUNDED ? (r.maxw ? (one_space ? 1 : UNBOUNDED) : 0) : sat_mul(r.maxw, max);
    return persons_broad(s, r, before);
}

/* How far anchors of optional items may be traded for a later anchor that
 * every path passes: (?:团队|部门)? 的? (?=HEAD) keeps HEAD's words (rare) at a
 * lead 4 greater instead of adding 团, 部 and 的 (common). */
#define MAX_TRADE_LEAD 4

struct seq_item {
    struct summ it;
    size_t a0, a1;      /* its anchors in the shared array */
};

/* A sequence: its anchors are those of its items up to the first one that must
 * be passed with an anchor (a consuming item, or a look-ahead with anchors);
 * each shifted by the most the broad items before it can consume. */
static struct summ fs_sequence(struct fs *s)
{
    struct seq_item items[64];
    size_t n_items = 0, start = *s->n;
    uint32_t maxw = 0;
    bool nullable = true;
    for (;;) {
        fs_blank(s);
        if (*s->bad || s->p >= s->end || *s->p == '|' || *s->p == ')')
            break;
        size_t before = *s->n;
        struct summ it = fs_item(s);
        maxw = sat_add(maxw, it.maxw);
        nullable = nullable && it.nullable;
        if (n_items == sizeof items / sizeof items[0]) {
            *s->bad = true;   /* a very long sequence: not worth following */
            break;
        }
        items[n_items++] = (struct seq_item){it, before, *s->n};
    }
    /* g: the first item passed with an anchor on every path */
    size_t g = 0;
    while (g < n_items && (items[g].it.broad || items[g].it.nullable))
        g++;
    uint32_t lead_broad = 0, lead_all = 0;
    bool optional_anchors = false;
    for (size_t i = 0; i < g; i++) {
        const struct summ *it = &items[i].it;
        lead_all = sat_add(lead_all, it->maxw);
        if (it->broad)
            lead_broad = sat_add(lead_broad, it->maxw);
        else if (it->maxw > 0 && items[i].a1 > items[i].a0)
            optional_anchors = true;
    }
    bool broad = false;
    struct pi_anchor *v = *s->a;
    size_t out = start;
    /* a one-character anchor followed by more literal characters becomes the
     * whole word: 负责人 occurs far less often than 负 */
    if (g < n_items && items[g].a1 - items[g].a0 == 1 && v[items[g].a0].lex == NULL && !v[items[g].a0].upper &&
        !v[items[g].a0].person && items[g].it.maxw == 1) {
        struct pi_anchor *an = &v[items[g].a0];
        size_t len = strlen(an->word);
        for (size_t k = g + 1; k < n_items; k++) {
            const struct seq_item *nx = &items[k];
            if (nx->it.maxw == 0 && !nx->it.broad)
                continue;   /* an assertion consumes nothing: the next character is still adjacent */
            if (nx->it.broad || nx->it.nullable || nx->it.maxw != 1 || nx->a1 - nx->a0 != 1 ||
                v[nx->a0].lex != NULL || v[nx->a0].upper || v[nx->a0].person || v[nx->a0].lead != 0)
                break;
            size_t add = strlen(v[nx->a0].word);
            if (len + add >= sizeof an->word)
                break;
            memcpy(an->word + len, v[nx->a0].word, add + 1);
            len += add;
        }
    }
    if (g < n_items && optional_anchors && lead_all != UNBOUNDED && lead_all - lead_broad <= MAX_TRADE_LEAD) {
        for (size_t k = items[g].a0; k < items[g].a1; k++) {   /* only g's, further out */
            v[out] = v[k];
            v[out++].lead = sat_add(v[k].lead, lead_all);
        }
    } else {
        /* the optional items' anchors (where they match), then g's (where they
         * do not), each after the broad items before it */
        uint32_t lead = 0;
        for (size_t i = 0; i <= g && i < n_items; i++) {
            const struct summ *it = &items[i].it;
            if (it->broad) {
                if (it->maxw == UNBOUNDED)
                    broad = true;
                lead = sat_add(lead, it->maxw);
                continue;
            }
            if (it->maxw == 0 && it->nullable)
                continue;   /* an assertion: nothing consumed, nothing known */
            for (size_t k = items[i].a0; k < items[i].a1; k++) {
                v[out] = v[k];
                v[out++].lead = sat_add(v[k].lead, lead);
            }
        }
        if (g == n_items && lead > 0)
            broad = true;   /* broad items and nothing that must come after them */
    }
    *s->n = out;
    if (broad)
        *s->n = start;
    return (struct summ){broad, nullable, maxw};
}

static struct summ fs_alternation(struct fs *s, size_t *n_branches)
{
    size_t a0 = *s->n;
    struct summ r = {false, false, 0};
    *n_branches = 0;
    for (;;) {
        struct summ b = fs_sequence(s);
        (*n_branches)++;
        r.broad = r.broad || b.broad;
        r.nullable = r.nullable || b.nullable;
        r.maxw = b.maxw > r.maxw ? b.maxw : r.maxw;
        if (*s->bad || s->p >= s->end || *s->p != '|')
            break;
        s->p++;
    }
    if (r.broad)
        *s->n = a0;
    return r;
}

static bool start_anchors(const char *pat, size_t len, const struct pi_defs *defs, struct pi_anchor **out,
                          size_t *n, bool c1_persons, bool persons_only)
{
    bool bad = false;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int nest = 0;
    struct fs s = {pat, pat + len, &bad, defs, out, n, &cap, 0, &nest, c1_persons, persons_only};
    size_t nb;
    struct summ r = fs_alternation(&s, &nb);
    if (bad || s.p != s.end || r.broad || r.nullable || *n == 0 ||
        r.maxw == 0) {
        free(*out);
        *out = NULL;
        *n = 0;
        return false;
    }
    return true;
}

bool pattern_start_anchors(const char *pat, size_t len, const struct pi_defs *defs, struct pi_anchor **out,
                           size_t *n)
{
    return start_anchors(pat, len, defs, out, n, false, false);
}

bool pattern_start_anchors_c1(const char *pat, size_t len, const struct pi_defs *defs, struct pi_anchor **out,
                              size_t *n)
{
    return start_anchors(pat, len, defs, out, n, true, false);
}

bool pattern_person_window(const char *pat, size_t len, const struct pi_defs *defs, uint32_t *lead)
{
    struct pi_anchor *a = NULL;
    size_t n = 0;
    bool ok = start_anchors(pat, len, defs, &a, &n, true, true);
    *lead = 0;
    for (size_t i = 0; ok && i < n; i++) {
        ok = a[i].person;   /* nothing else is added in this reading */
        *lead = a[i].lead > *lead ? a[i].lead : *lead;
    }
    ok = ok && n > 0 && *lead != UNBOUNDED;
    free(a);
    return ok;
}

/* ---- required words ---- */

struct req_sets {
    size_t *end;        /* set k ends at end[k] in the anchor array */
    size_t n, max;
};

/* After the "(" of a group at p: its closing ")" (NULL when unbalanced) and
 * whether its body has a "|" of its own. */
static const char *group_close(const char *p, const char *end, bool *has_alt)
{
    struct scan s = {p + 1, end, false};
    int depth = 0;
    *has_alt = false;
    while (s.p < s.end) {
        char c = *s.p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '#')
            ps_skip_blank(&s);
        else if (c == '\\')
            ps_skip_escape(&s);
        else if (c == '[')
            ps_skip_class(&s);
        else if (c == '(') {
            depth++;
            s.p++;
        } else if (c == ')') {
            if (depth-- == 0)
                return s.p;
            s.p++;
        } else {
            if (c == '|' && depth == 0)
                *has_alt = true;
            ps_skip_char(&s);
        }
    }
    return NULL;
}

/* Does a quantifier that allows zero times (?, *, {0…}) start at p? */
static bool optional_after(const char *p, const char *end)
{
    struct scan s = {p, end, false};
    ps_skip_blank(&s);
    return s.p < s.end && (*s.p == '?' || *s.p == '*' || (*s.p == '{' && s.p + 1 < s.end && s.p[1] == '0'));
}

static void req_sequence(struct fs *s, struct req_sets *rs)
{
    for (;;) {
        fs_blank(s);
        if (*s->bad || s->p >= s->end || *s->p == '|' || *s->p == ')')
            return;
        const char *p0 = s->p;
        size_t hdr = 0;
        if (fs_at(s, "(?=") || fs_at(s, "(?:"))
            hdr = 3;
        else if (fs_at(s, "(?<") && s->p + 3 < s->end && s->p[3] != '=' && s->p[3] != '!') {
            const char *q = memchr(s->p, '>', (size_t)(s->end - s->p));
            hdr = q ? (size_t)(q - s->p) + 1 : 0;
        } else if (*s->p == '(' && s->p + 1 < s->end && s->p[1] != '?' && s->p[1] != '*')
            hdr = 1;
        size_t before = *s->n;
        struct summ it = fs_item(s);   /* the whole item with its quantifier */
        if (*s->bad)
            return;
        bool has_alt = true;
        const char *close = hdr ? group_close(p0, s->end, &has_alt) : NULL;
        if (close && !has_alt && !optional_after(close + 1, s->end)) {
            /* a group that must match, with one alternative: each of its items
             * that must match is required too */
            *s->n = before;
            struct fs sub = *s;
            sub.p = p0 + hdr;
            sub.end = close;
            if (++*s->nest > MAX_NEST) {
                *s->bad = true;
                return;
            }
            req_sequence(&sub, rs);
            --*s->nest;
            continue;
        }
        if (it.broad || it.nullable || *s->n == before || rs->n == rs->max) {
            *s->n = before;
            continue;
        }
        rs->end[rs->n++] = *s->n;   /* the item's start anchors: one occurs in the sentence */
    }
}

bool pattern_required_words(const char *pat, size_t len, const struct pi_defs *defs, struct pi_anchor **out,
                            size_t *n, size_t *set_end, size_t max_sets, size_t *n_sets)
{
    bool bad = false;
    size_t cap = 0;
    *out = NULL;
    *n = *n_sets = 0;
    int nest = 0;
    struct fs s = {pat, pat + len, &bad, defs, out, n, &cap, 0, &nest, false, false};
    struct req_sets rs = {set_end, 0, max_sets};
    req_sequence(&s, &rs);
    if (bad || s.p != s.end || rs.n == 0) {   /* stopped at a top-level |: nothing is required */
        free(*out);
        *out = NULL;
        *n = 0;
        return false;
    }
    *n_sets = rs.n;
    *n = set_end[rs.n - 1];
    return true;
}

