/* people.c: person mentions into people. Strong mentions (a dotted name, an
 * English original) first; then every other occurrence of their names is
 * linked, surnames join the one dotted name they end, and variant
 * transliterations join when a title ties them; ids in order of first mention. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "resolve_int.h"

static bool is_latin_only(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* Key under which two written forms are the same name: no dots, no spaces, ASCII
 * lower case. */
static char *name_key(struct arena *a, const char *s)
{
    char *k = arena_alloc(a, strlen(s) + 1), *o = k;
    if (k == NULL)
        return NULL;
    for (; *s; s++) {
        if (*s == ' ' || *s == '.')
            continue;
        if (strncmp(s, MIDDOT, 2) == 0) {
            s++;
            continue;
        }
        *o++ = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
    }
    *o = '\0';
    return k;
}

/* The English original as written inside the brackets, spaced normally: runs
 * of blanks become one space, and a name written with no space at all
 * (JackDorsey) is split where a lower-case letter meets a capital. */
const char *clean_en(struct ctx *c, size_t s, size_t e)
{
    struct buf b = {0};
    bool space = false;
    bool joined = memchr(c->dv->text + s, ' ', e - s) == NULL;
    for (size_t i = s; i < e; i++) {
        char ch = c->dv->text[i];
        if (ch == ' ' || ch == '\n') {
            space = b.len > 0;
            continue;
        }
        if (joined && i > s && ch >= 'A' && ch <= 'Z' && c->dv->text[i - 1] >= 'a' && c->dv->text[i - 1] <= 'z')
            space = true;
        if ((space && !buf_addc(&b, ' ')) || !buf_addc(&b, ch)) {
            buf_free(&b);
            c->rc = ZHX_ERR_NOMEM;
            return NULL;
        }
        space = false;
    }
    const char *r = b.p ? arena_strdup(&c->out->arena, b.p) : NULL;
    buf_free(&b);
    return r;
}

bool add_mention(struct ctx *c, struct people_work *pw, size_t rec, const char *name, const char *en,
                 const char *script, const char *surname)
{
    if (!array_grow((void **)&pw->m, &pw->cap, pw->n, sizeof *pw->m)) {
        c->rc = ZHX_ERR_NOMEM;
        return false;
    }
    /* a well-known name gets its original from the rules' `canon person.en`
     * lexicon (祖克柏 and 扎克伯格: Mark Zuckerberg), kept apart from en (what the
     * text gives) but used to link: regional transliterations become one person */
    const char *known = name ? rules_canon(c->rs, REC_PERSON, "en", name, strlen(name)) : NULL;
    if (known && strcmp(known, name) == 0)
        known = NULL;
    const char *key = name_key(&c->out->arena, name);
    const char *ekey = en ? name_key(&c->out->arena, en) : known ? name_key(&c->out->arena, known) : NULL;
    if (key == NULL || ((en || known) && ekey == NULL)) {
        c->rc = ZHX_ERR_NOMEM;
        return false;
    }
    pw->m[pw->n++] = (struct mention){rec, name, en, key, ekey, script, -1, known, surname};
    return true;
}

static size_t cp_len(const char *s)
{
    return utf8_count(s, strlen(s));
}

/* The surname part of a dotted transliteration: what follows the last dot. */
static const char *last_part(const char *name)
{
    const char *p = NULL;
    for (const char *q = strstr(name, MIDDOT); q; q = strstr(q + 2, MIDDOT))
        p = q + 2;
    return p;
}

struct form {
    const char *text;
    size_t len;
    int person;
    bool part;      /* a part of an undotted transliteration (阿兹兰 of 莫哈末阿兹兰哈欣) */
};

static int by_len_desc(const void *a, const void *b)
{
    const struct form *x = a, *y = b;
    return x->len != y->len ? (x->len > y->len ? -1 : 1) : strcmp(x->text, y->text);
}

/* A Malay or Indian name written without dots (莫哈末阿兹兰哈欣, 诺丽雅阿都拉) is
 * shortened in the text to one of its parts (阿兹兰, 诺丽雅), whose bounds no
 * dot shows: every run of three characters or more inside it, but two shorter
 * than the whole, becomes a form of the person (a part two people share is
 * dropped as ambiguous, like any form). Only names a transliteration rule
 * found, of five characters or more. False when out of memory. */
static bool add_name_parts(struct ctx *c, const struct person *ps, int p, struct form **forms, size_t *nf,
                           size_t *capf)
{
    const char *name = ps->name;
    size_t n = cp_len(name);
    if (ps->script == NULL || strcmp(ps->script, "translit") != 0 || strstr(name, MIDDOT) || n < 5 ||
        is_latin_only(name))
        return true;
    size_t off[64], k = 0;   /* byte offset of each code point, and the end */
    for (const char *q = name; *q && k < 63; k++) {
        off[k] = (size_t)(q - name);
        int32_t cp;
        q += utf8_decode((const unsigned char *)q, &cp);
    }
    off[k] = strlen(name);
    for (size_t len = 3; len + 2 <= k; len++)
        for (size_t i = 0; i + len <= k; i++) {
            char *t = arena_strndup(&c->out->arena, name + off[i], off[i + len] - off[i]);
            if (t == NULL || !array_grow((void **)forms, capf, *nf, sizeof **forms))
                return false;
            (*forms)[(*nf)++] = (struct form){t, off[i + len] - off[i], p, true};
        }
    return true;
}

/* Is the code point at byte at of t (before lim) in tc, the transliteration
 * characters (NULL: none)? */
static bool translit_at(const struct lexicon *tc, const char *t, size_t at, size_t lim)
{
    if (tc == NULL || at >= lim)
        return false;
    int32_t cp;
    size_t n = utf8_decode((const unsigned char *)t + at, &cp);
    return lex_lookup(tc, t + at, n) != NULL;
}

/* An occurrence of a form in the text. */
struct form_at {
    size_t form, pos;
};

static int by_form_then_pos(const void *a, const void *b)
{
    const struct form_at *x = a, *y = b;
    if (x->form != y->form)
        return x->form < y->form ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Every occurrence in the text of the forms of fm (form text -> index), whose
 * lengths in bytes are the n_lens of lens and whose first code points below
 * U+10000 are the bits set in first, in one pass over the text: a search per
 * form costs the whole text once per person. Appended to *at (*n used, *cap
 * allocated, owned by the caller). False when out of memory. */
static bool find_forms(const struct ctx *c, const struct strmap *fm, const size_t *lens, size_t n_lens,
                       const uint64_t *first, struct form_at **at, size_t *n, size_t *cap)
{
    const char *t = c->dv->text;
    size_t len = c->dv->len;
    for (size_t p = 0; p < len;) {
        int32_t cp;
        size_t step = utf8_decode((const unsigned char *)t + p, &cp);
        if (cp < 0x10000 && !(first[cp / 64] >> (cp % 64) & 1)) {
            p += step;   /* no form starts with this character */
            continue;
        }
        for (size_t k = 0; k < n_lens && p + lens[k] <= len; k++) {
            size_t f = strmap_get(fm, t + p, lens[k]);
            if (f == STRMAP_NONE)
                continue;
            if (!array_grow((void **)at, cap, *n, sizeof **at))
                return false;
            (*at)[(*n)++] = (struct form_at){f, p};
        }
        p += step;
    }
    return true;
}

static int size_cmp(const void *a, const void *b)
{
    const size_t *x = a, *y = b;
    return *x < *y ? -1 : *x > *y;
}

/* The short form a Latin name goes by in Chinese text: the given names before a
 * patronymic (pat, the rules' PATRONYMIC lexicon: Nurul Aini of Nurul Aini
 * binti Hassan), else the last word (Menon of Arvind Menon); NULL for a
 * one-word name, or one given name before the patronymic. In the arena. */
static const char *latin_short(struct arena *a, const struct lexicon *pat, const char *name)
{
    if (!is_latin_only(name) || strchr(name, ' ') == NULL)
        return NULL;
    const char *first_space = strchr(name, ' ');
    for (const char *q = first_space; q; q = strchr(q + 1, ' ')) {
        const char *w = q + 1;
        if (lex_lookup(pat, w, strcspn(w, " ")))
            return first_space < q ? arena_strndup(a, name, (size_t)(q - name)) : NULL;
    }
    const char *last = strrchr(name, ' ') + 1;
    return strlen(last) >= 3 ? last : NULL;
}

/* Find every other occurrence of the people's names: the full form, the form
 * without dots, the last part of a transliteration (阿尔特曼 for 萨姆·阿尔特曼),
 * and the short form of a Latin name (latin_short).
 * A form two people share is ambiguous and skipped; so are one-character forms.
 * Longer forms claim their text first; the occurrences of one form are taken
 * left to right, each search going on after the last one found. */
void link_other_mentions(struct ctx *c, struct people_work *pw)
{
    struct result *o = c->out;
    struct form *forms = NULL;
    size_t nf = 0, capf = 0;
    const struct lexicon *pat = rules_lexicon(c->rs, "PATRONYMIC");
    for (size_t p = 0; p < o->n_people && c->rc == ZHX_OK; p++) {
        const char *cand[4] = {o->people[p].name, NULL, last_part(o->people[p].name),
                               latin_short(&o->arena, pat, o->people[p].name)};
        if (strstr(cand[0], MIDDOT)) {
            char *k = arena_alloc(&o->arena, strlen(cand[0]) + 1), *w = k;
            if (k == NULL) {
                c->rc = ZHX_ERR_NOMEM;
                break;
            }
            for (const char *q = cand[0]; *q; q++) {
                if (strncmp(q, MIDDOT, 2) == 0) { q++; continue; }
                *w++ = *q;
            }
            *w = '\0';
            cand[1] = k;
        }
        for (int i = 0; i < 4; i++) {
            if (cand[i] == NULL || cp_len(cand[i]) < 2)
                continue;
            if (!array_grow((void **)&forms, &capf, nf, sizeof *forms)) {
                c->rc = ZHX_ERR_NOMEM;
                break;
            }
            forms[nf++] = (struct form){cand[i], strlen(cand[i]), (int)p, false};
        }
        if (c->rc == ZHX_OK && !add_name_parts(c, &o->people[p], (int)p, &forms, &nf, &capf))
            c->rc = ZHX_ERR_NOMEM;
    }
    if (c->rc == ZHX_OK && nf)
        qsort(forms, nf, sizeof *forms, by_len_desc);
    struct strmap fm = {0};
    size_t *lens = malloc((nf + 1) * sizeof *lens), n_lens = 0;
    uint64_t *first = calloc(0x10000 / 64, sizeof *first);   /* first code points of the forms */
    struct form_at *at = NULL;
    size_t n_at = 0, cap_at = 0;
    if (lens == NULL || first == NULL)
        c->rc = ZHX_ERR_NOMEM;
    for (size_t i = 0; c->rc == ZHX_OK && i < nf; i++) {
        bool shared = (i > 0 && strcmp(forms[i - 1].text, forms[i].text) == 0 &&
                       forms[i - 1].person != forms[i].person) ||
                      (i + 1 < nf && strcmp(forms[i + 1].text, forms[i].text) == 0 &&
                       forms[i + 1].person != forms[i].person);
        if (shared || (i > 0 && strcmp(forms[i - 1].text, forms[i].text) == 0))
            continue;
        if (strmap_put(&fm, forms[i].text, forms[i].len, i) == NULL)
            c->rc = ZHX_ERR_NOMEM;
        lens[n_lens++] = forms[i].len;
        int32_t cp;
        (void)utf8_decode((const unsigned char *)forms[i].text, &cp);
        if (cp < 0x10000)
            first[cp / 64] |= (uint64_t)1 << (cp % 64);
    }
    if (c->rc == ZHX_OK && n_lens) {
        qsort(lens, n_lens, sizeof *lens, size_cmp);
        size_t u = 0;
        for (size_t k = 0; k < n_lens; k++)
            if (u == 0 || lens[u - 1] != lens[k])
                lens[u++] = lens[k];
        n_lens = u;
        if (!find_forms(c, &fm, lens, n_lens, first, &at, &n_at, &cap_at))
            c->rc = ZHX_ERR_NOMEM;
        else if (n_at)
            qsort(at, n_at, sizeof *at, by_form_then_pos);
    }
    const char *t = c->dv->text;
    const struct lexicon *tc = rules_lexicon(c->rs, "TC");
    size_t next = 0;
    for (size_t a = 0; c->rc == ZHX_OK && a < n_at; a++) {
        const struct form *f = &forms[at[a].form];
        if (a == 0 || at[a].form != at[a - 1].form)
            next = 0;
        size_t s = at[a].pos, e = s + f->len;
        if (s < next)
            continue;   /* overlaps the occurrence before it */
        next = e;
        if (ascii_alnum(f->text[0]) && in_longer_latin_name(t, c->dv->len, s, e))
            continue;   /* Latin names only as whole words, never a word of a longer name
                         * (the Tan of Tan Sri Lim, the Huang of Huang Capital) */
        if (f->part && (translit_at(tc, t, s > 0 ? utf8_prev(t, s, 0) : s, s) || translit_at(tc, t, e, c->dv->len)))
            continue;   /* a part of a name only where no other such character runs on */
        if (occupied(c, REC_PERSON, s, e))
            continue;
        occupy(c, REC_PERSON, s, e);
        struct record *r = new_record(c, REC_PERSON, "resolve.alias", s, e);
        if (r == NULL || !add_mention(c, pw, (size_t)(r - o->v), f->text, NULL, NULL, NULL))
            break;
        pw->m[pw->n - 1].person = f->person;
    }
    strmap_free(&fm);
    free(lens);
    free(first);
    free(at);
    free(forms);
}

static int first_start_cmp(const void *a, const void *b)
{
    const size_t *x = a, *y = b;   /* pairs: first start, old index */
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

static int new_person(struct ctx *c, const struct mention *m)
{
    struct result *o = c->out;
    struct person *v = realloc(o->people, (o->n_people + 1) * sizeof *v);
    if (v == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return -1;
    }
    o->people = v;
    v[o->n_people] = (struct person){.name = m->name};
    return (int)o->n_people++;
}

#define AMBIGUOUS (STRMAP_NONE - 1)

/* Index the last parts of the dotted names (穆拉蒂 of 米拉·穆拉蒂): the person,
 * or AMBIGUOUS when two people share it. False when out of memory. */
static bool index_last_parts(const struct ctx *c, struct strmap *lp_map)
{
    strmap_free(lp_map);
    for (size_t p = 0; p < c->out->n_people; p++) {
        const char *lp = last_part(c->out->people[p].name);
        size_t *v = lp ? strmap_put(lp_map, lp, strlen(lp), p) : NULL;
        if (lp && v == NULL)
            return false;
        if (v && *v != p)
            *v = AMBIGUOUS;
    }
    return true;
}

/* The one person whose dotted name ends in name (穆拉蒂 for 米拉·穆拉蒂); -1 when
 * none or more than one does. lp_map: index_last_parts() of the people now. */
static int abbreviated_by(const struct strmap *lp_map, const char *name)
{
    size_t p = strmap_get(lp_map, name, strlen(name));
    return p == STRMAP_NONE || p == AMBIGUOUS ? -1 : (int)p;
}

/* Is mention n a name (not another surname with a title) that starts with
 * surname (len bytes), mentioned before byte at and at most
 * ZHX_SURNAME_LOOKBACK bytes before it? */
static bool names_surname(const struct ctx *c, const struct mention *n, const char *surname, size_t len,
                          size_t at)
{
    size_t s = c->out->v[n->rec].start;
    /* a Chinese name: two to four characters, no dot, no transliteration nor a
     * well-known foreigner's name (马总 is neither 马克·扎克伯格 nor 马斯克) */
    if (n->person < 0 || n->surname || s >= at || at - s > ZHX_SURNAME_LOOKBACK || strncmp(n->name, surname, len) != 0 ||
        n->name[len] == '\0' || (unsigned char)n->name[0] < 0x80 || strstr(n->name, MIDDOT) != NULL ||
        (n->script && strcmp(n->script, "translit") == 0) || n->en_known)
        return false;
    size_t cps = cp_len(n->name);
    return cps >= 2 && cps <= 4;
}

/* The person of the name nearest before mention i that starts with surname:
 * who 胡总 is after 总裁胡立新; -1 when there is none. Mentions come grouped by
 * sentence (in no order inside one), so the scan looks at i's own sentence
 * whole and stops at the first earlier sentence out of reach. */
static int by_surname(const struct ctx *c, const struct people_work *pw, size_t i, const char *surname)
{
    const struct record *mr = &c->out->v[pw->m[i].rec];
    size_t at = mr->start, len = strlen(surname), best_start = 0;
    int best = -1;
    for (size_t j = i + 1; j < pw->n && c->out->v[pw->m[j].rec].sentence == mr->sentence; j++)
        if (names_surname(c, &pw->m[j], surname, len, at) && (best < 0 || c->out->v[pw->m[j].rec].start > best_start)) {
            best = pw->m[j].person;
            best_start = c->out->v[pw->m[j].rec].start;
        }
    for (size_t j = i; j-- > 0;) {
        const struct record *r = &c->out->v[pw->m[j].rec];
        /* sentences come in order, mentions inside one in none: stop only once a
         * whole earlier sentence is out of reach */
        if (r->sentence < mr->sentence && c->dv->sent->v[r->sentence].end + ZHX_SURNAME_LOOKBACK < at)
            break;
        if (names_surname(c, &pw->m[j], surname, len, at) && (best < 0 || r->start > best_start)) {
            best = pw->m[j].person;
            best_start = r->start;
        }
    }
    return best;
}

/* The key of a representative's form for forms_of: its person, its name key
 * and, when ekey is not NULL, its English key (person, key, NUL, ekey), in the
 * arena a (form_people's scratch, freed with the map); *len gets its length
 * (it holds a NUL). NULL when out of memory. */
static const char *form_key(struct arena *a, int person, const char *key, const char *ekey, size_t *len)
{
    size_t kl = strlen(key), el = ekey ? strlen(ekey) + 1 : 0;
    *len = sizeof person + kl + el;
    char *k = arena_alloc(a, *len);
    if (k == NULL)
        return NULL;
    memcpy(k, &person, sizeof person);
    memcpy(k + sizeof person, key, kl);
    if (ekey) {
        k[sizeof person + kl] = '\0';
        memcpy(k + sizeof person + kl + 1, ekey, el - 1);
    }
    return k;
}

/* Group mentions into people. Strong mentions first (a dotted name, or one with
 * an English original): the same name without dots and spaces, or the same
 * English original, is the same person. Then the others: the same name again,
 * or the last part of exactly one dotted name (前CTO穆拉蒂), else a new person.
 * A mention is compared with one representative per person and form seen, the
 * first one with its key or English key; the maps keep that linear in the
 * number of mentions. */
void form_people(struct ctx *c, struct people_work *pw)
{
    struct result *o = c->out;
    struct strmap by_key = {0}, by_ekey = {0}, forms_of = {0}, lp_map = {0};
    struct arena scratch = {0};   /* forms_of's keys: they die with the map, not with the result */
    size_t *reps = malloc((pw->n + 1) * sizeof *reps), n_reps = 0;
    bool lp_stale = true;   /* lp_map must be built again: a dotted name came or changed */
    if (reps == NULL)
        c->rc = ZHX_ERR_NOMEM;
    /* pass 0: strong mentions; 1: the other names; 2: a surname with a title
     * (胡总), once every name around it has its person */
    for (int pass = 0; pass < 3 && c->rc == ZHX_OK; pass++) {
        for (size_t i = 0; i < pw->n && c->rc == ZHX_OK; i++) {
            struct mention *m = &pw->m[i];
            bool strong = m->en || strstr(m->name, MIDDOT);
            if (m->person >= 0 || pass != (strong ? 0 : m->surname ? 2 : 1))
                continue;
            /* the nearest name before it, not an earlier 胡总 that meant someone else */
            if (m->surname)
                m->person = by_surname(c, pw, i, m->surname);
            if (m->person < 0) {
                size_t j = strmap_get(&by_key, m->key, strlen(m->key));
                size_t je = m->ekey ? strmap_get(&by_ekey, m->ekey, strlen(m->ekey)) : STRMAP_NONE;
                if (je < j)
                    j = je;
                if (j != STRMAP_NONE)
                    m->person = pw->m[reps[j]].person;
            }
            if (m->person < 0 && !strong) {
                if (lp_stale && !index_last_parts(c, &lp_map)) {
                    c->rc = ZHX_ERR_NOMEM;
                    break;
                }
                lp_stale = false;
                m->person = abbreviated_by(&lp_map, m->name);
            }
            bool fresh = m->person < 0;
            if (fresh)
                m->person = new_person(c, m);
            if (m->person < 0)
                break;   /* out of memory */
            /* the fullest form names the person; 李教授 never outranks 李明 */
            const char **pname = &o->people[m->person].name;
            if ((fresh || !m->surname) && cp_len(m->name) > cp_len(*pname)) {
                lp_stale = lp_stale || strstr(*pname, MIDDOT) || strstr(m->name, MIDDOT);
                *pname = m->name;
            }
            lp_stale = lp_stale || (fresh && strstr(m->name, MIDDOT));
            /* a new form (or English original) becomes a representative */
            size_t fl, fel = 0;
            const char *fk = form_key(&scratch, m->person, m->key, NULL, &fl);
            const char *fek = m->ekey ? form_key(&scratch, m->person, m->key, m->ekey, &fel) : NULL;
            if (fk == NULL || (m->ekey && fek == NULL)) {
                c->rc = ZHX_ERR_NOMEM;
                break;
            }
            if (strmap_get(&forms_of, m->ekey ? fek : fk, m->ekey ? fel : fl) != STRMAP_NONE)
                continue;
            reps[n_reps++] = i;
            if (strmap_put(&by_key, m->key, strlen(m->key), n_reps - 1) == NULL ||
                (m->ekey && strmap_put(&by_ekey, m->ekey, strlen(m->ekey), n_reps - 1) == NULL) ||
                strmap_put(&forms_of, fk, fl, 1) == NULL || (fek && strmap_put(&forms_of, fek, fel, 1) == NULL))
                c->rc = ZHX_ERR_NOMEM;
        }
    }
    free(reps);
    strmap_free(&by_key);
    strmap_free(&by_ekey);
    strmap_free(&forms_of);
    strmap_free(&lp_map);
    arena_free(&scratch);
    for (size_t i = 0; i < pw->n && c->rc == ZHX_OK; i++) {
        struct person *p = &o->people[pw->m[i].person];
        if (p->en == NULL && pw->m[i].en)
            p->en = pw->m[i].en;
        if (p->script == NULL && pw->m[i].script)
            p->script = pw->m[i].script;   /* a rule that knows better than the letters */
    }
}

/* Mention records point at their person (an index until finish_people numbers them). */
void point_mentions(struct ctx *c, const struct people_work *pw)
{
    for (size_t i = 0; i < pw->n; i++)
        c->out->v[pw->m[i].rec].person = pw->m[i].person;
}

/* Code points in which two names of the same length differ, or -1. */
static int cp_diffs(const char *a, const char *b)
{
    if (cp_len(a) != cp_len(b))
        return -1;
    int d = 0;
    while (*a) {
        int32_t x, y;
        a += utf8_decode((const unsigned char *)a, &x);
        b += utf8_decode((const unsigned char *)b, &y);
        d += x != y;
    }
    return d;
}

static bool share_title(const struct ctx *c, int p, int q)
{
    const struct result *o = c->out;
    for (size_t i = 0; i < o->n; i++) {
        if (o->v[i].type != REC_TITLE || o->v[i].person != p || o->v[i].f[F_CANONICAL] == NULL)
            continue;
        for (size_t j = 0; j < o->n; j++)
            if (o->v[j].type == REC_TITLE && o->v[j].person == q && o->v[j].f[F_CANONICAL] &&
                strcmp(o->v[i].f[F_CANONICAL], o->v[j].f[F_CANONICAL]) == 0)
                return true;
    }
    return false;
}

/* Variant transliterations of one person (苏茨克维 and 苏茨科夫, 麦克格鲁 and
 * 麦克格卢): an undotted name with no English original joins the one dotted
 * person whose last part has its length, its first character, at most two other
 * characters, AND a title in common: the text must tie them, not the spelling
 * alone. */
struct dotted {
    const char *lp;     /* the last part of the person's name */
    size_t person;
};

static int by_last_part(const void *a, const void *b)
{
    const struct dotted *x = a, *y = b;
    int d = strcmp(x->lp, y->lp);
    return d ? d : x->person < y->person ? -1 : x->person > y->person;
}

/* Point every record and mention of person b at person into. */
static void move_person(struct ctx *c, struct people_work *pw, int b, int into)
{
    struct result *o = c->out;
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i].person == b)
            o->v[i].person = into;
    for (size_t i = 0; i < pw->n; i++)
        if (pw->m[i].person == b)
            pw->m[i].person = into;
}

struct named {
    const char *name;
    int person;
};

static int by_name(const void *a, const void *b)
{
    const struct named *x = a, *y = b;
    int d = strcmp(x->name, y->name);
    return d ? d : (x->person > y->person) - (x->person < y->person);
}

/* A Latin name of two words or more that starts exactly one longer Latin name,
 * word for word (Nurul Aini of Nurul Aini binti Hassan, Mohd Faizal of Mohd
 * Faizal bin Ismail), is that person. Sorted, a name comes right before the
 * names it starts, so each is compared with its neighbours; the merges go into
 * one redirect table, applied in one pass over the records and mentions. */
static void merge_latin_prefixes(struct ctx *c, struct people_work *pw)
{
    struct result *o = c->out;
    struct named *v = malloc((o->n_people + 1) * sizeof *v);
    int *into = malloc((o->n_people + 1) * sizeof *into);
    if (v == NULL || into == NULL) {
        free(v);
        free(into);
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    size_t n = 0;
    bool any = false;
    for (size_t a = 0; a < o->n_people; a++) {
        into[a] = -1;
        if (o->people[a].name && is_latin_only(o->people[a].name) && strchr(o->people[a].name, ' '))
            v[n++] = (struct named){o->people[a].name, (int)a};
    }
    qsort(v, n, sizeof *v, by_name);
    for (size_t i = 0; i + 1 < n; i++) {
        size_t len = strlen(v[i].name), n_longer = 0;
        const struct named *longer = NULL;
        for (size_t k = i + 1; k < n && strncmp(v[k].name, v[i].name, len) == 0; k++)
            if (v[k].name[len] == ' ' && (longer == NULL || strcmp(v[k].name, longer->name) != 0)) {
                longer = &v[k];
                n_longer++;
            }
        if (n_longer == 1 && longer->person != v[i].person) {
            into[v[i].person] = longer->person;
            any = true;
        }
    }
    /* follow the table to its end: an entry only ever points to a longer name,
     * so no walk goes round (A B of A B C is merged only when A B C is the one
     * longer name it starts, so such walks are short) */
    for (size_t a = 0; any && a < o->n_people; a++) {
        int t = into[a];
        while (t >= 0 && into[t] >= 0)
            t = into[t];
        into[a] = t;
    }
    for (size_t i = 0; any && i < o->n; i++)
        if (o->v[i].person >= 0 && into[o->v[i].person] >= 0)
            o->v[i].person = into[o->v[i].person];
    for (size_t i = 0; any && i < pw->n; i++)
        if (pw->m[i].person >= 0 && into[pw->m[i].person] >= 0)
            pw->m[i].person = into[pw->m[i].person];
    free(v);
    free(into);
}

/* Variant transliterations (above), then Latin names that start one longer
 * Latin name (merge_latin_prefixes). */
void merge_variants(struct ctx *c, struct people_work *pw)
{
    struct result *o = c->out;
    /* the dotted names by their last part, so that a name meets only those
     * that begin with its first character, not every person */
    struct dotted *dv = malloc((o->n_people + 1) * sizeof *dv);
    size_t nd = 0;
    if (dv == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (size_t a = 0; a < o->n_people; a++) {
        const char *lp = last_part(o->people[a].name);
        if (lp)
            dv[nd++] = (struct dotted){lp, a};
    }
    qsort(dv, nd, sizeof *dv, by_last_part);
    for (size_t b = 0; b < o->n_people; b++) {
        const struct person *pb = &o->people[b];
        if (pb->en || strstr(pb->name, MIDDOT) || cp_len(pb->name) < 3)
            continue;
        size_t lo = 0, hi = nd;   /* the first last part not below pb's first 3 bytes */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strncmp(dv[mid].lp, pb->name, 3) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        int into = -1, n_found = 0;
        for (size_t k = lo; k < nd && strncmp(dv[k].lp, pb->name, 3) == 0; k++) {
            size_t a = dv[k].person;
            int d = cp_diffs(dv[k].lp, pb->name);
            if (a == b || d < 1 || d > 2)
                continue;
            if (share_title(c, (int)a, (int)b)) {
                into = (int)a;
                n_found++;
            }
        }
        if (n_found != 1)
            continue;
        move_person(c, pw, (int)b, into);
    }
    free(dv);
    if (c->rc == ZHX_OK)
        merge_latin_prefixes(c, pw);
}

/* Number the people P1, P2, ... in order of first mention (people left with no
 * mention after merging are gone), list their aliases, and point every record
 * at the final index. */
void finish_people(struct ctx *c, struct people_work *pw)
{
    struct result *o = c->out;
    size_t np = o->n_people;
    for (size_t p = 0; p < np; p++) {
        struct person *ps = &o->people[p];
        if (ps->script == NULL)
            ps->script = strstr(ps->name, MIDDOT) ? "translit" : is_latin_only(ps->name) ? "latin" : "han";
        if (ps->en == NULL && strcmp(ps->script, "latin") == 0)
            ps->en = ps->name;   /* written only in Latin: the name is the original */
        /* the known original of the person's fullest name, not of any mention:
         * 马斯克 linked to 金博尔·马斯克 is not Elon Musk */
        const char *known = rules_canon(c->rs, REC_PERSON, "en", ps->name, strlen(ps->name));
        ps->en_known = known && strcmp(known, ps->name) != 0 ? known : NULL;
    }
    for (size_t i = 0; i < pw->n && c->rc == ZHX_OK; i++) {
        struct person *p = &o->people[pw->m[i].person];
        const char *f = pw->m[i].name;
        bool seen = strcmp(f, p->name) == 0;
        for (size_t k = 0; k < p->n_aliases && !seen; k++)
            seen = strcmp(p->aliases[k], f) == 0;
        if (seen)
            continue;
        const char **v = arena_alloc(&o->arena, (p->n_aliases + 1) * sizeof *v);
        if (v == NULL) {
            c->rc = ZHX_ERR_NOMEM;
            return;
        }
        if (p->n_aliases)
            memcpy(v, p->aliases, p->n_aliases * sizeof *v);
        v[p->n_aliases++] = f;
        p->aliases = v;
    }
    size_t *pairs = calloc(np ? 2 * np : 1, sizeof *pairs);
    int *new_of = calloc(np ? np : 1, sizeof *new_of);
    struct person *sorted = calloc(np ? np : 1, sizeof *sorted);
    if (pairs == NULL || new_of == NULL || sorted == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        free(pairs); free(new_of); free(sorted);
        return;
    }
    for (size_t p = 0; p < np; p++) {
        pairs[2 * p] = (size_t)-1;
        pairs[2 * p + 1] = p;
        new_of[p] = -1;
    }
    for (size_t i = 0; i < pw->n; i++) {
        size_t p = (size_t)pw->m[i].person, s = o->v[pw->m[i].rec].start;
        if (s < pairs[2 * p])
            pairs[2 * p] = s;
    }
    qsort(pairs, np, 2 * sizeof *pairs, first_start_cmp);
    size_t n_live = 0;
    for (size_t k = 0; k < np; k++) {
        if (pairs[2 * k] == (size_t)-1)
            continue;   /* merged into another person */
        sorted[n_live] = o->people[pairs[2 * k + 1]];
        new_of[pairs[2 * k + 1]] = (int)n_live;
        snprintf(sorted[n_live].id, sizeof sorted[n_live].id, "P%zu", n_live + 1);
        n_live++;
    }
    if (n_live)
        memcpy(o->people, sorted, n_live * sizeof *sorted);
    o->n_people = n_live;
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i].person >= 0)
            o->v[i].person = new_of[o->v[i].person];
    free(pairs); free(new_of); free(sorted);
}

