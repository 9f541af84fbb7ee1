/* resolve.c: from candidates to records. Overlaps within a type go to the higher
 * priority, then the longer span; people are formed in people.c, moves in
 * moves.c and move_joins.c; this file settles overlaps, makes organisations,
 * titles and dates, keeps the indexes that keep it linear, and runs the two
 * phases. */
#include "resolve.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "resolve_int.h"

/* ---- records ---- */

struct record *new_record(struct ctx *c, enum rec_type t, const char *rule, size_t start, size_t end)
{
    struct result *o = c->out;
    if (!array_grow((void **)&o->v, &o->cap, o->n, sizeof *o->v)) {
        c->rc = ZHX_ERR_NOMEM;
        return NULL;
    }
    struct record *r = &o->v[o->n++];
    memset(r, 0, sizeof *r);
    r->type = t;
    r->rule = rule;
    r->start = start;
    r->end = end;
    r->person = -1;
    size_t s = seg_find(c->dv->sent, start);
    r->sentence = s < c->dv->sent->n ? s : 0;
    return r;
}

const char *dup_span(struct ctx *c, size_t s, size_t e)
{
    const char *p = arena_strndup(&c->out->arena, c->dv->text + s, e - s);
    if (p == NULL)
        c->rc = ZHX_ERR_NOMEM;
    return p;
}

const char *set_value(const struct cand *cd, const char *key)
{
    for (size_t i = 0; i < cd->rule->n_sets; i++)
        if (strcmp(cd->rule->sets[i].key, key) == 0)
            return cd->rule->sets[i].val;
    return NULL;
}

/* A field's value: the captured text mapped through its canon lexicon when it
 * has an entry there, else the text itself; else the rule's `set`; else NULL.
 * *canon_hit says whether the lexicon knew it. */
const char *field_value(struct ctx *c, const struct cand *cd, const char *key, bool *canon_hit)
{
    size_t s, e;
    if (canon_hit)
        *canon_hit = false;
    if (cand_capture(c->cs, cd, key, &s, &e) && e > s) {
        const char *k = rules_canon(c->rs, cd->rule->type, key, c->dv->text + s, e - s);
        if (k) {
            if (canon_hit)
                *canon_hit = true;
            return k;
        }
        return dup_span(c, s, e);
    }
    return set_value(cd, key);
}

/* ---- overlaps ---- */

/* Sort keys copied out of the candidates, so qsort needs no context pointer. */
struct strength {
    size_t sentence;
    int type, priority;
    size_t len, start, idx;
};

/* Sentence first: candidates never cross a sentence, so only those of one
 * sentence can overlap, and the kept ones of the sentence being settled are the
 * tail of the kept list; settling stays linear in the number of sentences. */
static int by_strength(const void *a, const void *b)
{
    const struct strength *x = a, *y = b;
    if (x->sentence != y->sentence)
        return x->sentence < y->sentence ? -1 : 1;
    if (x->type != y->type)
        return x->type - y->type;
    if (x->priority != y->priority)
        return y->priority - x->priority;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

bool occupied(const struct ctx *c, enum rec_type t, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (c->occ[i] & (1u << t))
            return true;
    return false;
}

void occupy(struct ctx *c, enum rec_type t, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        c->occ[i] |= (unsigned char)(1u << t);
}

/* Do a and b both capture key, on spans apart? */
static bool apart(struct ctx *c, const struct cand *a, const struct cand *b, const char *key)
{
    size_t as, ae, bs, be;
    return cand_capture(c->cs, a, key, &as, &ae) && cand_capture(c->cs, b, key, &bs, &be) && (ae <= bs || be <= as);
}

/* Two move candidates say the same thing when their actions are the same,
 * unless they name different places to go (加入亞洲電視…,2009年加盟星輝傳媒: two
 * joins of one person, from two matches that start at the same name). */
static bool same_action(struct ctx *c, const struct cand *a, const struct cand *b)
{
    size_t as, ae, bs, be;
    const char *x = set_value(a, "action"), *y = set_value(b, "action");
    if (x && y)
        return strcmp(x, y) == 0 && !apart(c, a, b, "to") && !apart(c, a, b, "to_ref");
    if (!x && !y && cand_capture(c->cs, a, "action", &as, &ae) && cand_capture(c->cs, b, "action", &bs, &be))
        return ae - as == be - bs && memcmp(c->dv->text + as, c->dv->text + bs, ae - as) == 0;
    return false;
}

/* Two title candidates are about the same person unless both name a person
 * and the two spans are apart. */
static bool same_person(struct ctx *c, const struct cand *a, const struct cand *b)
{
    size_t as, ae, bs, be;
    if (!cand_capture(c->cs, a, "person", &as, &ae) || !cand_capture(c->cs, b, "person", &bs, &be))
        return true;
    return as < be && bs < ae;
}

int person_at(const struct ctx *c, size_t s, size_t e);
static bool crosses_person(const struct ctx *c, size_t s, size_t e);

/* Decide which candidates survive, strongest first: the person candidates
 * (persons true), or all the others, once people are known; returns the kept
 * ones' indices (an array the caller frees) or NULL when out of memory. A move
 * whose person part is no known person mention (他, 小米总) is dropped before it
 * can win an overlap: the match that starts at the real name must not lose to
 * one that starts earlier on a non-name. */
static size_t *settle_overlaps(struct ctx *c, bool persons, size_t *n_kept)
{
    struct cands *cs = c->cs;
    struct strength *order = malloc((cs->n + 1) * sizeof *order);
    size_t *kept = malloc((cs->n + 1) * sizeof *kept);
    if (order == NULL || kept == NULL) {
        free(order);
        free(kept);
        return NULL;
    }
    size_t n_order = 0;
    for (size_t i = 0; i < cs->n; i++) {
        struct cand *cd = &cs->v[i];
        if ((cd->rule->type == REC_PERSON) != persons)
            continue;
        size_t ps, pe;
        if (cd->rule->type == REC_MOVE && cand_capture(cs, cd, "person", &ps, &pe) && person_at(c, ps, pe) < 0) {
            cd->dropped = "its person is not a known person mention";
            continue;
        }
        if (cd->rule->type == REC_ORG && crosses_person(c, cd->start, cd->end)) {
            cd->dropped = "it crosses the edge of a person's name, or joins a name to another word";
            continue;
        }
        order[n_order++] = (struct strength){cd->sentence, (int)cd->rule->type, cd->rule->priority,
                                             cd->end - cd->start, cd->start, i};
    }
    qsort(order, n_order, sizeof *order, by_strength);
    size_t n = 0;
    for (size_t k = 0; k < n_order; k++) {
        struct cand *cd = &cs->v[order[k].idx];
        enum rec_type t = cd->rule->type;
        if (t == REC_MOVE || t == REC_TITLE) {
            /* one sentence often states two moves over the same words (离职并创办),
             * or one title of two people (负责人A和B): these compete only with
             * candidates about the same thing */
            const struct cand *w = NULL;
            for (size_t j = n; j-- > 0 && w == NULL;) {
                const struct cand *o = &cs->v[kept[j]];
                if (o->sentence != cd->sentence)
                    break;   /* the kept ones of this sentence are the tail */
                if (o->rule->type == t && o->start < cd->end && cd->start < o->end &&
                    (t == REC_MOVE ? same_action(c, o, cd) : same_person(c, o, cd)))
                    w = o;
            }
            if (w) {
                cd->dropped = "lost an overlap";
                cd->lost_to = w->rule;
            } else {
                kept[n++] = order[k].idx;
            }
            continue;
        }
        if (occupied(c, t, cd->start, cd->end)) {
            cd->dropped = "lost an overlap";
            for (size_t j = n; j-- > 0;) {
                const struct cand *w = &cs->v[kept[j]];
                if (w->sentence != cd->sentence)
                    break;
                if (w->rule->type == t && w->start < cd->end && cd->start < w->end) {
                    cd->lost_to = w->rule;
                    break;
                }
            }
            continue;
        }
        occupy(c, t, cd->start, cd->end);
        kept[n++] = order[k].idx;
    }
    free(order);
    *n_kept = n;
    return kept;
}

/* The index in c->pm of the first person mention that ends after byte s. */
static size_t first_mention_after(const struct ctx *c, size_t s)
{
    size_t lo = 0, hi = c->n_pm;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->out->v[c->pm[mid]].end <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Does [s, e) cross the edge of a person mention, holding part of the name
 * and part of what is outside it (华为 in 委任陈德华为集团董事经理), or hold a
 * whole name joined to the next word by 与 or 、 (林冠宇與大學 in 由林冠宇與
 * 大學同學吳承翰共同創辦), which no organisation's name does? */
static bool crosses_person(const struct ctx *c, size_t s, size_t e)
{
    static const char *const joints[] = {"与", "與", "、"};   /* not 和 or 及, which begin words (和记, 及时) */
    const struct record *v = c->out->v;
    for (size_t k = first_mention_after(c, s); k < c->n_pm && v[c->pm[k]].start < e; k++) {
        const struct record *r = &v[c->pm[k]];
        if ((r->start < s && r->end < e) || (s < r->start && e < r->end))
            return true;
        for (size_t j = 0; r->start >= s && r->end < e && j < sizeof joints / sizeof *joints; j++)
            if (strncmp(c->dv->text + r->end, joints[j], strlen(joints[j])) == 0)
                return true;
    }
    return false;
}

/* The person whose mention overlaps [s, e) most, or -1. */
int person_at(const struct ctx *c, size_t s, size_t e)
{
    const struct record *v = c->out->v;
    int best = -1;
    size_t best_ov = 0;
    for (size_t k = first_mention_after(c, s); k < c->n_pm && v[c->pm[k]].start < e; k++) {
        const struct record *r = &v[c->pm[k]];
        size_t ov = (r->end < e ? r->end : e) - (r->start > s ? r->start : s);
        if (ov > best_ov) {
            best_ov = ov;
            best = r->person;
        }
    }
    return best;
}

static int by_start_idx_cmp(const void *a, const void *b, void *arg);

/* Index the person mentions by start, once they are all made. */
static void index_mentions(struct ctx *c)
{
    free(c->pm);
    c->n_pm = 0;
    c->pm = malloc((c->out->n + 1) * sizeof *c->pm);
    if (c->pm == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < c->out->n; i++)
        if (c->out->v[i].type == REC_PERSON)
            c->pm[c->n_pm++] = i;
    qsort_r(c->pm, c->n_pm, sizeof *c->pm, by_start_idx_cmp, c->out->v);
    free(c->pm_span);
    c->pm_span = malloc((c->n_pm + 1) * sizeof *c->pm_span);
    if (c->pm_span == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (size_t k = 0; k < c->n_pm; k++)
        c->pm_span[k] = (struct span){c->out->v[c->pm[k]].start, c->out->v[c->pm[k]].end,
                                      {c->out->v[c->pm[k]].ends[0], c->out->v[c->pm[k]].ends[1]}};
}

static int by_start_idx_cmp(const void *a, const void *b, void *arg)
{
    const struct record *v = arg;
    size_t x = v[*(const size_t *)a].start, y = v[*(const size_t *)b].start;
    return x < y ? -1 : x > y;
}

/* Group the records made so far by sentence (a counting sort), so that what a
 * title or move looks for in its sentence costs that sentence, not the text. */
static void index_by_sentence(struct ctx *c)
{
    size_t n = c->out->n, n_sent = c->dv->sent->n + 1;
    free(c->by_sent);
    free(c->sent_at);
    c->by_sent = malloc((n + 1) * sizeof *c->by_sent);
    c->sent_at = calloc(n_sent + 1, sizeof *c->sent_at);
    c->n_indexed = 0;
    if (c->by_sent == NULL || c->sent_at == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++)
        c->sent_at[c->out->v[i].sentence + 1]++;
    for (size_t k = 1; k <= n_sent; k++)
        c->sent_at[k] += c->sent_at[k - 1];
    size_t *fill = calloc(n_sent, sizeof *fill);
    if (fill == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t sn = c->out->v[i].sentence;
        c->by_sent[c->sent_at[sn] + fill[sn]++] = i;
    }
    free(fill);
    c->n_indexed = n;
}

/* The indexed records of sentence sn: *first and the count. */
size_t sentence_records(const struct ctx *c, size_t sn, const size_t **first)
{
    if (c->by_sent == NULL || sn >= c->dv->sent->n) {
        *first = NULL;
        return 0;
    }
    *first = c->by_sent + c->sent_at[sn];
    return c->sent_at[sn + 1] - c->sent_at[sn];
}

/* ---- organisations, titles, dates, moves ---- */

const char *org_canonical(struct ctx *c, const struct cand *cd, const char *key)
{
    return field_value(c, cd, key, NULL);
}

/* A title's English form: the lexicon's entry for the whole title, or for its
 * longest known ending with the rest kept in brackets: 开发者关系负责人 gives
 * "Head (开发者关系)". Titles no lexicon entry ends give the surface. */
const char *title_canonical(struct ctx *c, enum rec_type t, const char *surface)
{
    size_t len = strlen(surface);
    const char *k = rules_canon(c->rs, t, "title", surface, len);
    if (k)
        return k;
    char typed[64];
    snprintf(typed, sizeof typed, "%s.title", rec_type_name(t));
    const struct lexicon *lx = rules_canon_lex(c->rs, typed);
    if (lx == NULL)
        lx = rules_canon_lex(c->rs, "title");
    const struct lex_entry *e = lex_longest_suffix(lx, surface, len);
    if (e == NULL)
        return surface;
    size_t pre = len - strlen(e->surface);
    const char *r = arena_printf(&c->out->arena, "%s (%.*s)", e->canonical, (int)pre, surface);
    if (r == NULL)
        c->rc = ZHX_ERR_NOMEM;
    return r;
}

static void make_org(struct ctx *c, struct cand *cd)
{
    size_t s = cd->start, e = cd->end;
    (void)cand_capture(c->cs, cd, "org", &s, &e);
    struct record *r = new_record(c, REC_ORG, cd->rule->id, cd->start, cd->end);
    if (r == NULL)
        return;
    r->f[F_NAME] = dup_span(c, s, e);
    r->f[F_CANONICAL] = org_canonical(c, cd, "org");
    const char *role = set_value(cd, "role");
    r->news = role && strcmp(role, "outlet") == 0;
    r->source = r->news || (role && (strcmp(role, "source") == 0 || strcmp(role, "authority") == 0 ||
                                     strcmp(role, "school") == 0 || strcmp(role, "by_position") == 0));
    r->full_name = role && strcmp(role, "full_name") == 0;
    r->by_position = role && strcmp(role, "by_position") == 0;
    size_t ss, se;
    /* a news outlet is named in its dateline or 据…报道: its short name (南州
     * of 南州日报) elsewhere is a place, not the paper */
    if (!r->news && cand_capture(c->cs, cd, "short", &ss, &se) && utf8_count(c->dv->text + ss, se - ss) >= 2) {
        r->f[F_SHORT] = dup_span(c, ss, se);
        /* a short name the lexicon knows gives the canonical; so does a Latin
         * abbreviation given in brackets, 安全超级智能(SSI), where no lexicon
         * knows the name */
        bool latin = true;
        for (size_t i = ss; i < se; i++)
            latin = latin && (unsigned char)c->dv->text[i] < 0x80;
        const char *known = rules_canon(c->rs, REC_ORG, "org", c->dv->text + s, e - s);
        const char *k = known ? NULL : rules_canon(c->rs, REC_ORG, "org", c->dv->text + ss, se - ss);
        if (k)
            r->f[F_CANONICAL] = k;   /* 匯豐銀行 is HSBC when the lexicon knows 匯豐 */
        else if (latin && known == NULL)
            r->f[F_CANONICAL] = r->f[F_SHORT];
    }
    if (!r->news && cand_capture(c->cs, cd, "stem", &ss, &se) && utf8_count(c->dv->text + ss, se - ss) >= 2)
        r->f[F_STEM] = dup_span(c, ss, se);
}

/* 鼎曜 for 鼎曜科技: other mentions of an organisation's short name (a rule's
 * `short` capture) become org records of the same organisation. A short name
 * two organisations share (嘉運 of 嘉運物流控股有限公司 and of its subsidiary
 * 嘉運冷鏈(香港)有限公司) goes to the one named first, the article's subject. */
struct short_name {
    const char *sh, *canon;
    size_t start;   /* where the record naming it starts */
    const char *name;   /* that record's name */
};

static int short_cmp(const void *a, const void *b)
{
    const struct short_name *x = a, *y = b;
    int k = strcmp(x->sh, y->sh);
    return k ? k : (x->start > y->start) - (x->start < y->start);
}

/* (key, canonical) of every org record whose field kf (F_SHORT, or F_NAME) is
 * set, sorted by key, then by where the record starts; with renamed, only
 * those whose canonical differs from that key (the lexicon or brackets named
 * them). *m of them; NULL when out of memory. */
static struct short_name *org_pairs(struct ctx *c, enum rec_field kf, bool renamed, size_t *m)
{
    size_t n = c->out->n;
    struct short_name *v = malloc((n + 1) * sizeof *v);
    *m = 0;
    if (v == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[i];
        const char *key = r->f[kf], *canon = r->f[F_CANONICAL];
        if (r->type == REC_ORG && key && canon && !(renamed && strcmp(key, canon) == 0))
            v[(*m)++] = (struct short_name){key, canon, r->start, r->f[F_NAME]};
    }
    if (*m)
        qsort(v, *m, sizeof *v, short_cmp);
    return v;
}

/* The index of the first pair in v (m sorted pairs) whose key is key, or m. */
static size_t first_pair(const struct short_name *v, size_t m, const char *key)
{
    size_t lo = 0, hi = m;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(v[mid].sh, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m && strcmp(v[lo].sh, key) == 0 ? lo : m;
}

/* The end of the run of v[i]'s key in v (m sorted pairs); *shared (unless
 * shared is NULL): whether the run's canonical forms disagree, i.e. the key
 * names two organisations. */
static size_t key_run(const struct short_name *v, size_t m, size_t i, bool *shared)
{
    size_t j = i + 1;
    bool sh = false;
    for (; j < m && strcmp(v[j].sh, v[i].sh) == 0; j++)
        sh = sh || strcmp(v[j].canon, v[i].canon) != 0;
    if (shared)
        *shared = sh;
    return j;
}

/* One organisation, one canonical form: a mention named only by itself (绿源种植,
 * canonical 绿源种植) takes the canonical that another mention of the same name
 * got from the lexicon or its brackets (绿源种植（GreenSource Plantations）), so
 * that the article's organisations count and link as one. A name two such
 * canonicals disagree on keeps its own. */
/* Every org record named only by itself (its canonical is its own name) whose
 * name is a key of v (m sorted pairs) takes that key's canonical: the first
 * named one's, or, with skip_shared, none when the key names two. */
static void adopt_canonicals(struct ctx *c, const struct short_name *v, size_t m, bool skip_shared)
{
    for (size_t i = 0; v && m && i < c->out->n; i++) {
        struct record *r = &c->out->v[i];
        if (r->type != REC_ORG || r->f[F_NAME] == NULL || r->f[F_CANONICAL] == NULL ||
            strcmp(r->f[F_NAME], r->f[F_CANONICAL]) != 0)
            continue;
        size_t lo = first_pair(v, m, r->f[F_NAME]);
        if (lo == m)
            continue;
        bool shared = false;
        if (skip_shared)
            (void)key_run(v, m, lo, &shared);
        if (!shared)
            r->f[F_CANONICAL] = v[lo].canon;
    }
}

static void unify_org_canonicals(struct ctx *c)
{
    size_t m;
    struct short_name *v = org_pairs(c, F_NAME, true, &m);
    adopt_canonicals(c, v, m, true);
    free(v);
}

/* 嘉運物流 (found by its ending) and 嘉運物流控股有限公司 (a registered name, a
 * rule's role=full_name) are one organisation, whichever the article names
 * first: an org record of three characters or more whose own name, unknown to
 * the lexicon, begins a full name takes its canonical.
 * Only the first ZHX_FULL_NAMES full names are looked at, which keeps a
 * document of thousands of registered names linear. */
static void join_full_names(struct ctx *c)
{
    size_t full[ZHX_FULL_NAMES], n_full = 0;
    for (size_t k = 0; k < c->out->n && n_full < ZHX_FULL_NAMES; k++) {
        const struct record *r = &c->out->v[k];
        if (r->type == REC_ORG && r->full_name && r->f[F_NAME] && r->f[F_CANONICAL])
            full[n_full++] = k;
    }
    for (size_t k = 0; n_full && k < c->out->n; k++) {
        struct record *r = &c->out->v[k];
        if (r->type != REC_ORG || r->full_name || r->f[F_NAME] == NULL || r->f[F_CANONICAL] == NULL)
            continue;
        /* a name the lexicon knows is its own organisation (腾讯 is not 腾讯音乐娱乐
         * 集团有限公司), and two characters are too few to tell */
        size_t len = strlen(r->f[F_NAME]);
        if (utf8_count(r->f[F_NAME], len) < 3 || rules_canon(c->rs, REC_ORG, "org", r->f[F_NAME], len))
            continue;
        for (size_t i = 0; i < n_full; i++) {
            const struct record *f = &c->out->v[full[i]];
            if (strncmp(f->f[F_NAME], r->f[F_NAME], len) == 0) {
                r->f[F_CANONICAL] = f->f[F_CANONICAL];
                break;
            }
        }
    }
}

/* 雷光互動 before 創辦人 (a name known only by where it stands, role=by_position)
 * that is the short name of an organisation a rule found by its ending or the
 * lexicon (芯跃微, declared by 上海芯跃微电子有限公司（以下简称“芯跃微”）), or
 * begins its name (雷光互動娛樂), is that organisation, and may be the context
 * of a move as that one may. Only the first ZHX_POSITION_NAMES distinct names
 * are looked at. */
static void join_by_position(struct ctx *c)
{
    size_t known[ZHX_POSITION_NAMES], n_known = 0;
    for (size_t k = 0; k < c->out->n && n_known < ZHX_POSITION_NAMES; k++) {
        const struct record *r = &c->out->v[k];
        if (r->type != REC_ORG || r->by_position || r->f[F_NAME] == NULL || r->f[F_CANONICAL] == NULL)
            continue;
        bool seen = false;   /* distinct names: 腾讯 said a hundred times is one */
        for (size_t i = 0; i < n_known && !seen; i++)
            seen = strcmp(c->out->v[known[i]].f[F_NAME], r->f[F_NAME]) == 0;
        if (!seen)
            known[n_known++] = k;
    }
    for (size_t k = 0; n_known && k < c->out->n; k++) {
        struct record *r = &c->out->v[k];
        if (r->type != REC_ORG || !r->by_position || r->f[F_NAME] == NULL)
            continue;
        size_t len = strlen(r->f[F_NAME]);
        const struct record *to = NULL;
        for (size_t i = 0; i < n_known; i++) {
            const struct record *f = &c->out->v[known[i]];
            if ((f->f[F_SHORT] && strcmp(f->f[F_SHORT], r->f[F_NAME]) == 0) ||
                (f->f[F_STEM] && strcmp(f->f[F_STEM], r->f[F_NAME]) == 0)) {
                to = f;   /* its declared short name or stem: the surest */
                break;
            }
            /* the start of a longer name, never inside a Latin word (Sea of SeaMoney) */
            if (to == NULL && strlen(f->f[F_NAME]) > len && strncmp(f->f[F_NAME], r->f[F_NAME], len) == 0 &&
                !(isalnum((unsigned char)f->f[F_NAME][len - 1]) && isalnum((unsigned char)f->f[F_NAME][len])))
                to = f;
        }
        if (to) {
            r->f[F_CANONICAL] = to->f[F_CANONICAL];
            r->source = to->source;   /* now as sure as that name: context like it */
        }
    }
}

/* Link the other mentions of the names in field kf (F_SHORT or F_STEM) of the
 * org records: see link_org_short_names. */
static void link_names_of(struct ctx *c, enum rec_field kf)
{
    size_t m;
    struct short_name *v = org_pairs(c, kf, false, &m);
    /* a mention a rule found by itself (半岛基建 by its ending, beside
     * 半岛基建控股 whose short name it is) is the same organisation */
    adopt_canonicals(c, v, m, false);
    for (size_t i = 0, j; v && i < m && c->rc == ZHX_OK; i = j) {
        j = key_run(v, m, i, NULL);   /* each short name once, to the first named */
        const char *sh = v[i].sh, *canon = v[i].canon, *name = v[i].name;
        size_t len = strlen(sh), name_len = name ? strlen(name) : 0;
        bool prefix = name && name_len > len && strncmp(name, sh, len) == 0;
        const char *t = c->dv->text, *end = t + c->dv->len;
        for (const char *q = t; (q = memmem(q, (size_t)(end - q), sh, len)) != NULL; q += len) {
            size_t s0 = (size_t)(q - t), l = len;
            /* the mention is as much of the name as the text goes on with:
             * 雷光互動 (of 雷光互動娛樂, short 雷光), whole code points */
            while (prefix && l < name_len && q + l < end && q[l] == name[l])
                l++;
            while (l > len && l < name_len && ((unsigned char)name[l] & 0xC0) == 0x80)
                l--;
            /* short of the full name, only whole two-character words: 雷光互聯網
             * beside 雷光互動娛樂 is 雷光, not 雷光互 */
            if (l < name_len && utf8_count(q + len, l - len) % 2)
                l = utf8_prev(q, l, len);
            /* never a person's name (Tan of Grace Tan, Raman said alone), and a
             * Latin name only as a word of its own, not one of a longer name */
            if (occupied(c, REC_ORG, s0, s0 + l) || occupied(c, REC_PERSON, s0, s0 + l) ||
                (ascii_alnum(sh[0]) && in_longer_latin_name(t, (size_t)(end - t), s0, s0 + l)))
                continue;
            occupy(c, REC_ORG, s0, s0 + l);
            struct record *r = new_record(c, REC_ORG, "resolve.alias", s0, s0 + l);
            if (r == NULL)
                break;
            r->f[F_NAME] = dup_span(c, s0, s0 + l);
            r->f[F_CANONICAL] = canon;
        }
    }
    free(v);
}

/* Every mention of a news outlet that a rule found as one (来源:南州日报) is
 * the outlet, not a part of the story: no short name of it is linked (南州 is
 * also the city) and none is the context of a move or the article's subject.
 * Outlets are few; their canonical names go into a map, then one pass marks. */
static void mark_news_sources(struct ctx *c)
{
    struct result *o = c->out;
    struct strmap outlets = {0};
    for (size_t i = 0; i < o->n && c->rc == ZHX_OK; i++) {
        const struct record *r = &o->v[i];
        if (r->type == REC_ORG && r->news && r->f[F_CANONICAL] &&
            strmap_put(&outlets, r->f[F_CANONICAL], strlen(r->f[F_CANONICAL]), 1) == NULL)
            c->rc = ZHX_ERR_NOMEM;
    }
    for (size_t j = 0; outlets.n && j < o->n; j++) {
        struct record *r = &o->v[j];
        if (r->type == REC_ORG && r->f[F_CANONICAL] &&
            strmap_get(&outlets, r->f[F_CANONICAL], strlen(r->f[F_CANONICAL])) != STRMAP_NONE) {
            r->news = r->source = true;
            r->f[F_SHORT] = r->f[F_STEM] = NULL;
        }
    }
    strmap_free(&outlets);
}

static void link_org_short_names(struct ctx *c)
{
    mark_news_sources(c);
    join_full_names(c);
    join_by_position(c);
    link_names_of(c, F_SHORT);
    if (c->rc == ZHX_OK)
        link_names_of(c, F_STEM);
}

size_t skip_aside(const struct ctx *c, size_t s, size_t limit)
{
    const char *t = c->dv->text;
    if (s >= limit || t[s] != '(')
        return s;
    for (size_t i = s + 1; i < limit && i < s + 64; i++) {
        if (t[i] == '(')
            return s;
        if (t[i] == ')')
            return i + 1;
    }
    return s;
}

/* The org record that ends right where a title starts, or with only its
 * English name in brackets and 公司/集团 between (鼎曜科技原技術長, 星河智能公司
 * 总裁, 云顶大马(Genting Malaysia)首席财务员); NULL if none. */
static const struct record *org_before(const struct ctx *c, size_t at)
{
    static const char *const between[] = {"", "公司", "集团", "集團", " "};
    const size_t *idx;
    size_t n = sentence_records(c, seg_find(c->dv->sent, at), &idx);
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[idx[i]];
        if (r->type != REC_ORG || r->end > at)
            continue;
        size_t e = skip_aside(c, r->end, at);
        for (size_t k = 0; k < sizeof between / sizeof between[0]; k++) {
            size_t bl = strlen(between[k]);
            if (e + bl == at && memcmp(c->dv->text + e, between[k], bl) == 0)
                return r;
        }
    }
    return NULL;
}

/* The status word (title_status.tsv: 前, 原, 现任 …) written right before an
 * organisation that a title follows: 由前英特爾(Intel)資深副總裁, 前云顶大马首席财务员.
 * It must itself follow a break, a particle or a verb of hiring (挖来前毕马威合伙人,
 * 延揽前…, 委任前维朗汽车系统中国区总裁), so that 日前 or 此前 is no 前. */
const char *status_before(const struct ctx *c, const struct record *org)
{
    const struct lexicon *lx = rules_canon_lex(c->rs, "title.status");
    size_t s0 = c->dv->sent->v[org->sentence].start, lo = s0;
    if (org->start - lo > 12)   /* status words are at most four characters */
        lo = utf8_align(c->dv->text, org->start - 12, org->start);
    const struct lex_entry *e = lx ? lex_longest_suffix(lx, c->dv->text + lo, org->start - lo) : NULL;
    if (e == NULL)
        return NULL;
    size_t ws = org->start - strlen(e->surface);
    if (ws > s0) {
        size_t p = utf8_prev(c->dv->text, ws, s0);
        int32_t cp;
        utf8_decode((const unsigned char *)c->dv->text + p, &cp);
        static const int32_t ok[] = {0x7684 /* 的 */, 0x7531 /* 由 */, 0x4E3A /* 为 */, 0x70BA /* 為 */,
                                     0x662F /* 是 */, 0x53CA /* 及 */, 0x548C /* 和 */, 0x4E0E /* 与 */,
                                     0x8207 /* 與 */, 0x3001 /* 、 */, 0x6765 /* 来 */, 0x4F86 /* 來 */,
                                     0x63FD /* 揽 */, 0x652C /* 攬 */, 0x8BF7 /* 请 */, 0x8ACB /* 請 */,
                                     0x8058 /* 聘 */, 0x4EFB /* 任 */, 0x547D /* 命 */, 0x540D /* 名 */};
        bool after_break = !(cp >= 0x3400 && cp <= 0x9FFF);
        for (size_t k = 0; k < sizeof ok / sizeof ok[0] && !after_break; k++)
            after_break = cp == ok[k];
        if (!after_break)
            return NULL;
    }
    return e->canonical;
}

/* A title's subject written in front (TITLE_PHRASE's topic) starts where the
 * pattern's leftmost match put it, which can take in what stands before the
 * unit: an organisation (东岳证券银行业首席分析师: the org, then 银行业) or the end
 * of a verb (通過總經理 tried from 過). Move *s past the last org record in
 * the topic when the rule captured none (its canonical into *org) and past a
 * TOPIC_STOP word that ends inside the topic; the title word itself (the
 * longest suffix in the title lexicon) is never cut. */
static void trim_topic(struct ctx *c, size_t *s, size_t e, bool have_org, const char **org)
{
    const struct lexicon *titles = rules_canon_lex(c->rs, "title");
    const char *t = c->dv->text;
    const size_t *idx;
    size_t n = sentence_records(c, seg_find(c->dv->sent, *s), &idx);
    /* an org whose name ends inside the title word keeps its name: 恒昌集團主席
     * is 恒昌集團's 主席, though the lexicon knows 集團主席 (Group Chairman) */
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[idx[i]];
        if (r->type == REC_ORG && r->start < r->end && r->end > *s && r->end < e && titles &&
            lex_longest_suffix(titles, t + r->end, e - r->end) != NULL) {
            const struct lex_entry *w = lex_longest_suffix(titles, t + *s, e - *s);
            if (w && e - strlen(w->surface) < r->end) {   /* the org ends in the word */
                *s = r->end;
                if (*org == NULL && !have_org)
                    *org = r->f[F_CANONICAL];
            }
        }
    }
    const struct lex_entry *word = titles ? lex_longest_suffix(titles, t + *s, e - *s) : NULL;
    if (word == NULL || strlen(word->surface) >= e - *s)
        return;   /* no topic */
    size_t topic_end = e - strlen(word->surface);
    /* the last org record that starts the topic or lies inside it
     * (帮助Square公司首席执行官): the topic starts after it. Not when a rule
     * captured the org, nor in a 负责X的 topic, whose org is its object
     * (负责谷歌业务的副总裁 is no Google title). */
    const struct record *last = NULL;
    bool charge = e - *s > 6 && (memcmp(t + *s, "负责", 6) == 0 || memcmp(t + *s, "負責", 6) == 0 ||
                                  memcmp(t + *s, "分管", 6) == 0 || memcmp(t + *s, "主管", 6) == 0);
    for (size_t i = 0; i < n && !have_org && !charge; i++) {
        const struct record *r = &c->out->v[idx[i]];
        if (r->type == REC_ORG && r->end > *s && r->end <= topic_end && (!last || r->start > last->start))
            last = r;
    }
    if (last) {
        size_t at = skip_aside(c, last->end, topic_end);
        if (at + 3 <= topic_end && memcmp(t + at, "的", 3) == 0)
            at += 3;
        if (*org == NULL)
            *org = last->f[F_CANONICAL];
        *s = at;
    }
    const struct lexicon *stop = rules_lexicon(c->rs, "TOPIC_STOP");
    if (stop == NULL)
        return;
    /* the last stop word that ends inside the topic, starting up to three
     * characters before it (通過 of 過總經理) */
    size_t from = *s, cut = *s;
    for (int k = 0; k < 3 && from > 0; k++)
        from = utf8_prev(t, from, 0);
    for (size_t p = from; p < topic_end; p++) {
        if (((unsigned char)t[p] & 0xC0) == 0x80)
            continue;
        for (size_t len = 1; len <= 12 && p + len <= topic_end; len++)
            if (p + len > cut && lex_lookup(stop, t + p, len))
                cut = p + len;
    }
    *s = cut;
}

static void make_title(struct ctx *c, struct cand *cd)
{
    size_t s = cd->start, e = cd->end;
    (void)cand_capture(c->cs, cd, "title", &s, &e);
    const char *captured_org = org_canonical(c, cd, "org"), *topic_org = NULL;
    trim_topic(c, &s, e, captured_org != NULL, &topic_org);
    size_t start = cd->start, os, oe;
    if (s > start && !cand_capture(c->cs, cd, "org", &os, &oe) && !cand_capture(c->cs, cd, "status", &os, &oe))
        start = s;   /* the match began with the part trim_topic cut off: the record starts at the title */
    struct record *r = new_record(c, REC_TITLE, cd->rule->id, start, cd->end);
    if (r == NULL)
        return;
    r->f[F_TITLE] = dup_span(c, s, e);
    if (r->f[F_TITLE])
        r->f[F_CANONICAL] = title_canonical(c, REC_TITLE, r->f[F_TITLE]);
    r->f[F_ORG] = captured_org ? captured_org : topic_org;
    r->f[F_STATUS] = field_value(c, cd, "status", NULL);
    const struct record *ob = r->f[F_ORG] ? NULL : org_before(c, cd->start);
    if (ob) {
        r->f[F_ORG] = ob->f[F_CANONICAL];
        if (r->f[F_STATUS] == NULL)
            r->f[F_STATUS] = status_before(c, ob);
    }
    size_t ps, pe;
    if (cand_capture(c->cs, cd, "person", &ps, &pe))
        r->person = person_at(c, ps, pe);
}

static void date_parts(struct ctx *c, const struct cand *cd, struct date_parts *p)
{
    size_t s, e;
    memset(p, 0, sizeof *p);
    if (cand_capture(c->cs, cd, "year", &s, &e))
        p->year = c->dv->text + s, p->year_len = e - s;
    p->month = field_value(c, cd, "month", NULL);   /* Jan through `canon month`; 9, 十二 as written */
    p->month_len = p->month ? strlen(p->month) : 0;
    if (cand_capture(c->cs, cd, "day", &s, &e))
        p->day = c->dv->text + s, p->day_len = e - s;
    if (cand_capture(c->cs, cd, "count", &s, &e))
        p->count = c->dv->text + s, p->count_len = e - s;
    p->rel = field_value(c, cd, "rel", NULL);
    p->part = field_value(c, cd, "part", NULL);
    const char *off = set_value(cd, "year_offset");
    p->year_offset = off ? atoi(off) : 0;
    const char *tense = set_value(cd, "tense");
    p->ahead = tense && strcmp(tense, "future") == 0;
}

static void make_date(struct ctx *c, struct cand *cd)
{
    struct date_parts p;
    date_parts(c, cd, &p);
    struct date_value v;
    dates_resolve(&p, &c->ref, &v);
    if (!v.valid) {
        cd->dropped = "not a calendar date";
        return;
    }
    struct record *r = new_record(c, REC_DATE, cd->rule->id, cd->start, cd->end);
    if (r == NULL)
        return;
    r->f[F_VALUE] = v.value[0] ? arena_strdup(&c->out->arena, v.value) : NULL;
    r->f[F_PRECISION] = v.precision;
    r->f[F_PART] = p.part;
    r->relative = v.relative;
}

/* The byte where the document's n-th line or sentence ends (or its length):
 * a line break or an end mark (。!?;) ends one once something other than
 * spaces stood since the last (。 and the line break after it are one end).
 * The spaces that part a headline's or a menu's words (segment.c) end none,
 * so that a site's menu bar does not push its dateline out of reach. */
static size_t nth_break(const struct ctx *c, size_t n)
{
    const char *t = c->dv->text;
    size_t len = c->dv->len, seen = 0;
    bool content = false;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t step = utf8_decode((const unsigned char *)t + i, &cp);
        bool end = cp == '\n' || seg_is_end_mark(cp);
        if (end && content && ++seen == n)
            return i;
        content = end ? false : content || cp != ' ';
        i += step;
    }
    return len;
}

/* With no reference date given, the first dateline (a date rule with `set
 * role=dateline`) in the first lines and sentences (ZHX_DATELINE_SENTENCES)
 * that names a full year becomes it. */
static void find_dateline(struct ctx *c, const size_t *kept, size_t n_kept)
{
    const struct cand *best = NULL;
    size_t reach = nth_break(c, ZHX_DATELINE_SENTENCES);
    for (size_t k = 0; k < n_kept; k++) {
        const struct cand *cd = &c->cs->v[kept[k]];
        const char *role = set_value(cd, "role");
        if (cd->rule->type == REC_DATE && role && strcmp(role, "dateline") == 0 && cd->start < reach &&
            (best == NULL || cd->start < best->start))
            best = cd;
    }
    if (best == NULL)
        return;
    struct date_parts p;
    struct ymd none = {0}, ref;
    struct date_value v;
    date_parts(c, best, &p);
    dates_resolve(&p, &none, &v);
    if (v.valid && !v.relative && dates_parse_iso(v.value, &ref)) {
        c->ref = ref;
        c->out->text_ref = ref;
    }
}

static int rec_cmp(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->type != y->type)
        return (int)x->type - (int)y->type;
    return x->end < y->end ? -1 : x->end > y->end;
}

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

struct org_key {
    const char *canon;
    size_t first;       /* index of its first record (records are sorted by start) */
    size_t id;
};

static int org_key_cmp(const void *a, const void *b)
{
    const struct org_key *x = a, *y = b;
    int k = strcmp(x->canon, y->canon);
    return k ? k : (x->first > y->first) - (x->first < y->first);
}

/* O1, O2, ... by first appearance, one id per canonical name. */
static void number_orgs(struct ctx *c)
{
    struct result *o = c->out;
    struct org_key *v = malloc((o->n + 1) * sizeof *v);
    if (v == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    size_t m = 0;
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i].type == REC_ORG)
            v[m++] = (struct org_key){o->v[i].f[F_CANONICAL] ? o->v[i].f[F_CANONICAL] : "", i, 0};
    if (m)
        qsort(v, m, sizeof *v, org_key_cmp);
    /* the first entry of each name's run has its first appearance; number those
     * in text order, then give every entry its run's number */
    size_t *heads = malloc((m + 1) * sizeof *heads), n_heads = 0;
    if (heads == NULL) {
        free(v);
        c->rc = ZHX_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < m; i++)
        if (i == 0 || strcmp(v[i].canon, v[i - 1].canon) != 0)
            heads[n_heads++] = v[i].first;
    if (n_heads)
        qsort(heads, n_heads, sizeof *heads, size_cmp);
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && strcmp(v[j].canon, v[i].canon) == 0)
            j++;
        size_t lo = 0, hi = n_heads;   /* the rank of v[i].first among the heads */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (heads[mid] < v[i].first)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = i; k < j; k++)
            snprintf(o->v[v[k].first].org_id, sizeof o->v[v[k].first].org_id, "O%zu", lo + 1);
        i = j;
    }
    free(heads);
    free(v);
}

/* What the people phase leaves for the rest. */
struct resolve_state {
    struct ctx c;
    struct people_work pw;
};

enum zhx_rc resolve_people(const struct rules *rs, const struct doc_view *dv, struct cands *cands,
                           struct result *out, struct resolve_state **state, struct zhx_err *err)
{
    *state = NULL;
    struct resolve_state *st = calloc(1, sizeof *st);
    if (st == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory resolving");
    st->c = (struct ctx){.rs = rs, .dv = dv, .ref = dv->ref, .cs = cands, .out = out};
    struct ctx *c = &st->c;
    memset(&out->text_ref, 0, sizeof out->text_ref);
    c->occ = calloc(dv->len + 1, 1);
    size_t n_kept = 0, *kept = c->occ ? settle_overlaps(c, true, &n_kept) : NULL;
    if (kept == NULL) {
        resolve_state_free(st);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory resolving");
    }
    for (size_t k = 0; k < n_kept && c->rc == ZHX_OK; k++) {
        struct cand *cd = &cands->v[kept[k]];
        size_t s = cd->start, e = cd->end, es, ee;
        (void)cand_capture(cands, cd, "name", &s, &e);
        const char *en = cand_capture(cands, cd, "en", &es, &ee) ? clean_en(c, es, ee) : NULL;
        struct record *r = new_record(c, REC_PERSON, cd->rule->id, cd->start, cd->end);
        if (r) {
            r->ends[0] = s == cd->start ? e : 0;
            r->ends[1] = en && es == cd->start ? ee : 0;
        }
        const char *name = dup_span(c, s, e);
        size_t ss, se;
        const char *surname = cand_capture(cands, cd, "surname", &ss, &se) ? dup_span(c, ss, se) : NULL;
        if (r && name)
            add_mention(c, &st->pw, (size_t)(r - out->v), name, en, set_value(cd, "script"), surname);
    }
    free(kept);
    if (c->rc == ZHX_OK)
        form_people(c, &st->pw);
    if (c->rc == ZHX_OK)
        link_other_mentions(c, &st->pw);
    if (c->rc == ZHX_OK)
        point_mentions(c, &st->pw);
    if (c->rc == ZHX_OK)
        index_mentions(c);
    if (c->rc != ZHX_OK) {
        resolve_state_free(st);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory resolving");
    }
    *state = st;
    return ZHX_OK;
}

static int by_person_then_start(const void *a, const void *b, void *arg)
{
    const struct record *v = arg;
    const struct record *x = &v[*(const size_t *)a], *y = &v[*(const size_t *)b];
    if (x->person != y->person)
        return x->person < y->person ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Does title begin with a UNIT_PREFIX word, with more after it? */
static bool has_unit_prefix(const struct lexicon *units, const char *title)
{
    for (size_t k = 0; k < units->n; k++) {
        size_t ul = strlen(units->v[k].surface);
        if (strncmp(title, units->v[k].surface, ul) == 0 && title[ul] != '\0')
            return true;
    }
    return false;
}

struct title_swap {
    int person;
    const char *from, *to;   /* canonical forms */
};

/* One post, given in full once and in short elsewhere (集团首席执行员 and
 * 首席执行员 of the same person): the short mentions take the full title and
 * its canonical form, so that the post reads as one, not two; so do the
 * person's moves that named the short form. Full means a UNIT_PREFIX word
 * (unit_prefixes.tsv) in front; the orgs must not disagree. 副主席 is never a
 * fuller 主席: only the listed words make one. */
static void unify_title_forms(struct ctx *c)
{
    const struct lexicon *units = rules_lexicon(c->rs, "UNIT_PREFIX");
    struct result *o = c->out;
    if (units == NULL)
        return;
    size_t *v = malloc((o->n + 1) * sizeof *v), m = 0, n_full = 0, n_swaps = 0;
    size_t *full = malloc((o->n + 1) * sizeof *full);
    struct title_swap *swaps = malloc((o->n + 1) * sizeof *swaps);
    if (v == NULL || full == NULL || swaps == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        free(v); free(full); free(swaps);
        return;
    }
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i].type == REC_TITLE && o->v[i].person >= 0 && o->v[i].f[F_TITLE] && o->v[i].f[F_CANONICAL])
            v[m++] = i;
    qsort_r(v, m, sizeof *v, by_person_then_start, o->v);
    for (size_t lo = 0, hi; lo < m; lo = hi) {
        n_full = 0;   /* the person's titles with a unit word in front: few */
        for (hi = lo; hi < m && o->v[v[hi]].person == o->v[v[lo]].person; hi++)
            if (has_unit_prefix(units, o->v[v[hi]].f[F_TITLE]))
                full[n_full++] = v[hi];
        for (size_t i = lo; i < hi && n_full; i++) {
            struct record *s = &o->v[v[i]];
            const struct record *best = NULL;
            size_t sl = strlen(s->f[F_TITLE]);
            for (size_t j = 0; j < n_full; j++) {
                const struct record *f = &o->v[full[j]];
                size_t fl = strlen(f->f[F_TITLE]);
                if (fl <= sl || strcmp(f->f[F_TITLE] + fl - sl, s->f[F_TITLE]) != 0 ||
                    !lex_lookup(units, f->f[F_TITLE], fl - sl) ||
                    (s->f[F_ORG] && f->f[F_ORG] && strcmp(s->f[F_ORG], f->f[F_ORG]) != 0))
                    continue;
                if (best == NULL || fl > strlen(best->f[F_TITLE]))
                    best = f;
            }
            if (best && strcmp(s->f[F_CANONICAL], best->f[F_CANONICAL]) != 0)
                swaps[n_swaps++] = (struct title_swap){s->person, s->f[F_CANONICAL], best->f[F_CANONICAL]};
            if (best) {
                s->f[F_TITLE] = best->f[F_TITLE];
                s->f[F_CANONICAL] = best->f[F_CANONICAL];
            }
        }
    }
    /* swaps are in person order (v was sorted by person): a move looks only at
     * its own person's, found by binary search */
    for (size_t i = 0; n_swaps && i < o->n; i++) {
        struct record *mv = &o->v[i];
        if (mv->type != REC_MOVE || mv->f[F_TITLE] == NULL || mv->person < 0)
            continue;
        size_t lo = 0, hi = n_swaps;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (swaps[mid].person < mv->person)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < n_swaps && swaps[k].person == mv->person; k++)
            if (strcmp(swaps[k].from, mv->f[F_TITLE]) == 0) {
                mv->f[F_TITLE] = swaps[k].to;
                break;
            }
    }
    free(v);
    free(full);
    free(swaps);
}

enum zhx_rc resolve_rest(struct resolve_state *st, struct zhx_err *err)
{
    struct ctx *c = &st->c;
    struct result *out = c->out;
    size_t n_kept = 0, *kept = settle_overlaps(c, false, &n_kept);
    if (kept == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory resolving");
    if (c->ref.year == 0)
        find_dateline(c, kept, n_kept);
    for (int pass = REC_ORG; pass <= REC_MOVE && c->rc == ZHX_OK; pass++) {
        if (pass == REC_TITLE || pass == REC_MOVE)
            index_by_sentence(c);   /* what titles and moves look up in their sentence: the
                                     * records of the passes before (moves see the dates) */
        for (size_t k = 0; k < n_kept && c->rc == ZHX_OK; k++) {
            struct cand *cd = &c->cs->v[kept[k]];
            if ((int)cd->rule->type != pass)
                continue;
            switch (cd->rule->type) {
            case REC_ORG: make_org(c, cd); break;
            case REC_TITLE: make_title(c, cd); break;
            case REC_DATE: make_date(c, cd); break;
            case REC_MOVE: make_move(c, cd); break;
            default: break;
            }
        }
        if (pass == REC_ORG && c->rc == ZHX_OK)
            unify_org_canonicals(c);
        if (pass == REC_ORG && c->rc == ZHX_OK)
            link_org_short_names(c);
    }
    free(kept);
    if (c->rc == ZHX_OK) {
        index_by_sentence(c);   /* now with the moves, which derive_joins looks up */
        derive_joins(c);
    }
    if (c->rc == ZHX_OK)
        merge_variants(c, &st->pw);   /* needs the titles */
    if (c->rc == ZHX_OK)
        unify_title_forms(c);
    if (c->rc == ZHX_OK)
        finish_people(c, &st->pw);
    if (c->rc != ZHX_OK)
        return zhx_fail(err, c->rc, NULL, 0, 0, "out of memory resolving");
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, rec_cmp);
    number_orgs(c);
    return ZHX_OK;
}

void resolve_state_free(struct resolve_state *st)
{
    if (st == NULL)
        return;
    free(st->pw.m);
    free(st->c.occ);
    free(st->c.pm);
    free(st->c.pm_span);
    free(st->c.by_sent);
    free(st->c.sent_at);
    free(st);
}

const struct span *resolve_person_spans(const struct resolve_state *st, size_t *n)
{
    *n = st->c.n_pm;
    return st->c.pm_span;
}

void result_reset(struct result *r)
{
    r->n = 0;
    free(r->people);
    r->people = NULL;
    r->n_people = 0;
    arena_free(&r->arena);
}

void result_free(struct result *r)
{
    if (r == NULL)
        return;
    result_reset(r);
    free(r->v);
    r->v = NULL;
    r->cap = 0;
}
