/* moves.c: move candidates into move records: the person, the action, the
 * organisations and title (from the match, else from the context, marked in
 * `inferred`), the date, the status, and every person listed with the first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "resolve_int.h"

/* The date record a move is tied to: the one its `date` capture overlaps, else
 * one in the last clause of a match over several, else the nearest in the same
 * sentence. */
static const char *move_date(struct ctx *c, const struct cand *cd)
{
    size_t ds, de;
    bool has = cand_capture(c->cs, cd, "date", &ds, &de);
    const struct record *best = NULL;
    size_t best_d = (size_t)-1;
    /* a match over several clauses (梁思远2022年加入华曜置业,今年初升任执行总裁)
     * moves in its last one: a date there comes first */
    const char *comma = NULL, *t = c->dv->text;
    for (const char *q = t + cd->start; q < t + cd->end; q++)
        if (*q == ',' && !(q > t && q[-1] >= '0' && q[-1] <= '9' && q[1] >= '0' && q[1] <= '9'))
            comma = q;   /* not the thousands' comma of 1,200万 */
    size_t last_clause = comma ? (size_t)(comma - c->dv->text) : (size_t)-1;
    const size_t *idx;
    size_t n = sentence_records(c, cd->sentence, &idx);
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[idx[i]];
        if (r->type != REC_DATE || r->f[F_VALUE] == NULL)
            continue;
        if (has) {
            if (r->start < de && ds < r->end)
                return r->f[F_VALUE];
            continue;
        }
        size_t d = r->end <= cd->start ? cd->start - r->end : r->start >= cd->end ? r->start - cd->end : 0;
        if (d == 0 && r->start > last_clause && r->end <= cd->end)
            return r->f[F_VALUE];
        if (d < best_d) {
            best_d = d;
            best = r;
        }
    }
    return best ? best->f[F_VALUE] : NULL;
}

/* Is r a title person held before (status former)? */
bool former_title_of(const struct record *r, int person)
{
    return r->type == REC_TITLE && r->person == person && r->f[F_STATUS] && strcmp(r->f[F_STATUS], "former") == 0;
}

/* Where move m's person is first named inside its span; the span's start when
 * no mention of them lies inside it. */
static size_t person_start(const struct ctx *c, const struct record *m)
{
    const size_t *idx;
    size_t n = sentence_records(c, m->sentence, &idx), at = m->end;
    for (size_t i = 0; i < n; i++) {
        const struct record *p = &c->out->v[idx[i]];
        if (p->type == REC_PERSON && p->person == m->person && p->start >= m->start && p->start < at)
            at = p->start;
    }
    return at < m->end ? at : m->start;
}

/* Is t a post m's person holds now (no status word, or 现任) told before they
 * are named in appointment m, at another organisation than a concurrent post
 * (兼任 adds a post, the person stays)? They come from there:
 * 委任現任英國華頓大學常務副校長黃立勤為校長, 任命阿里巴巴副总裁张伟为首席技术官. */
bool post_held_before(const struct ctx *c, const struct record *t, const struct record *m)
{
    if (t->type != REC_TITLE || t->person != m->person || strcmp(m->f[F_ACTION], "appoint") != 0 ||
        (t->f[F_STATUS] && strcmp(t->f[F_STATUS], "current") != 0))
        return false;
    size_t at = person_start(c, m);   /* 兼 after the name: 将兼任; before it, 总裁兼首席执行官 is one post */
    return t->end <= at && memmem(c->dv->text + at, m->end - at, "兼", strlen("兼")) == NULL;
}

/* Is org record o inside a title the move's person held before (前毕马威合伙人
 * 孙悦), or right before it (曾任毕马威(KPMG)审计合伙人的Grace Tan, where the
 * title's span starts after the org)? That organisation is where they come
 * from, never where they go; another mention of it, 阿里巴巴宣布 before 曾任阿里
 * 巴巴副总裁的张伟回归, may be. */
static bool in_former_title(const struct ctx *c, const struct record *mv, const struct record *o,
                            const size_t *idx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct record *t = &c->out->v[idx[i]];
        /* a post held now, told before the appointee by a rule that names the
         * post before the person (role=post_before: 委任現任英國華頓大學常務副校長
         * 黃立勤為校長), is where they come from too */
        bool now = mv->post_before && t->f[F_STATUS] && strcmp(t->f[F_STATUS], "current") == 0 &&
                   post_held_before(c, t, mv);
        if (!former_title_of(t, mv->person) && !now)
            continue;
        /* inside the title's span, or the org bound right before it (the title
         * record starts at 审计合伙人 when an org rule took 毕马威(KPMG)), or
         * with its name in another script between (英國華頓大學(University of
         * Whitton)常務副校長) */
        if ((t->start <= o->start && o->end <= t->end) ||
            (o->end <= t->start && (t->start - o->end <= 1 || skip_aside(c, o->end, t->start) == t->start)))
            return true;
    }
    return false;
}

/* The organisation a move's person is tied to in its sentence: where someone
 * leaves, the org of a title bound to them there, else the nearest
 * organisation before the move's end, and where someone arrives (first), for
 * an appointment the last one inside the match, else the sentence's first
 * organisation, its subject: in 鼎曜科技公告,…由前英特爾副總裁
 * 李承恩接任 the nearest one is where he came from (and one inside a title the
 * person held before, or after 前/原, is never taken, except by a return: 曾任
 * 阿里巴巴副总裁的张伟回归 goes back there). */
static const char *sentence_org(const struct ctx *c, const struct record *mv,
                                bool first)
{
    const struct record *best = NULL;
    size_t best_d = (size_t)-1;
    const size_t *idx;
    size_t n = sentence_records(c, mv->sentence, &idx);
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[idx[i]];
        /* a title's org is where the person was: a `from`, not a `to` */
        if (!first && r->type == REC_TITLE && r->person == mv->person && r->f[F_ORG])
            return r->f[F_ORG];
        /* an organisation after the move is where someone goes, not where from */
        if (r->type != REC_ORG || r->f[F_CANONICAL] == NULL || r->end > mv->end || r->source ||
            (first && strcmp(mv->f[F_ACTION], "return") != 0 && in_former_title(c, mv, r, idx, n)))
            continue;
        /* 前国油高层林永发接任: where someone was, with no title record to tell */
        const char *st = first && strcmp(mv->f[F_ACTION], "return") != 0 ? status_before(c, r) : NULL;
        if (st && strcmp(st, "former") == 0)
            continue;
        /* appointed: an org inside the match, in an earlier clause of it (the
         * last such), before the sentence's first: the one joined in a clause
         * before (梁思远…2022年加入华曜置业,今年初升任执行总裁). An org in the
         * appointment's own clause is where the person works now (任命阿里巴巴
         * 副总裁张伟为首席技术官), and a join with no object would take the one
         * it came from (自和泰汽車跳槽加入). */
        bool inside = first && r->start >= mv->start && strcmp(mv->f[F_ACTION], "appoint") == 0 &&
                      memchr(c->dv->text + r->end, ',', mv->end - r->end) != NULL;
        size_t d = first ? (inside ? mv->end - r->end : mv->end + r->start)
                         : r->end <= mv->start ? mv->start - r->end : 0;
        if (d < best_d) {
            best_d = d;
            best = r;
        }
    }
    return best ? best->f[F_CANONICAL] : NULL;
}

/* The last organisation named before the move in its sentence or the two
 * before it: what 该行, 该公司 or a bare 加盟 point back to when the article
 * has no subject organisation; never one of a post the mover held before
 * (曾任腾讯副总裁的张伟宣布加入 does not join Tencent). NULL when there is none. */
static const char *preceding_org(const struct ctx *c, const struct record *mv)
{
    size_t first = mv->sentence >= 2 ? mv->sentence - 2 : 0;
    const char *best = NULL;
    size_t best_end = 0;
    for (size_t sn = first; sn <= mv->sentence; sn++) {
        const size_t *idx;
        size_t n = sentence_records(c, sn, &idx);
        for (size_t i = 0; i < n; i++) {
            const struct record *r = &c->out->v[idx[i]];
            if (r->type == REC_ORG && r->f[F_CANONICAL] && !r->source && r->end <= mv->start && r->end >= best_end &&
                !(sn == mv->sentence && in_former_title(c, mv, r, idx, n))) {
                best = r->f[F_CANONICAL];
                best_end = r->end;
            }
        }
    }
    return best;
}

static int str_ptr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The article's subject organisation: the one named most often, if at least
 * three times and more often than any other. Computed once per document. */
static const char *subject_org(struct ctx *c)
{
    if (c->subject_done)
        return c->subject;
    c->subject_done = true;
    size_t n_before = c->n_indexed;   /* the records made before the moves */
    const char **v = malloc((n_before + 1) * sizeof *v);
    if (v == NULL) {
        c->rc = ZHX_ERR_NOMEM;
        return NULL;
    }
    size_t m = 0;
    for (size_t i = 0; i < n_before; i++)
        if (c->out->v[i].type == REC_ORG && c->out->v[i].f[F_CANONICAL] && !c->out->v[i].source)
            v[m++] = c->out->v[i].f[F_CANONICAL];
    if (m)
        qsort(v, m, sizeof *v, str_ptr_cmp);
    const char *best = NULL;
    size_t best_n = 0, second = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && strcmp(v[j], v[i]) == 0)
            j++;
        if (j - i > best_n) {
            second = best_n;
            best_n = j - i;
            best = v[i];
        } else if (j - i > second) {
            second = j - i;
        }
        i = j;
    }
    free(v);
    c->subject = best_n >= 3 && best_n > second ? best : NULL;
    return c->subject;
}

/* The canonical title bound to person in the move's sentence, or NULL. An
 * appointment never takes a post the person held before (曾任…审计合伙人的
 * Grace Tan接任): that one is where they came from. Nor does a move take a post
 * at another organisation than its own (離開鼎曜,轉戰聯發科擔任行銷總監: the
 * leave is not from 行銷總監). */
static const char *sentence_title(const struct ctx *c, const struct record *mv)
{
    bool arrives = strcmp(mv->f[F_ACTION], "appoint") == 0;
    const char *org = arrives ? mv->f[F_TO] : mv->f[F_FROM];
    const size_t *idx;
    size_t n = sentence_records(c, mv->sentence, &idx);
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[idx[i]];
        if ((arrives && former_title_of(r, mv->person)) || (org && r->f[F_ORG] && strcmp(org, r->f[F_ORG]) != 0))
            continue;
        if (r->type == REC_TITLE && r->person == mv->person && r->f[F_CANONICAL])
            return r->f[F_CANONICAL];
    }
    return NULL;
}

/* Fill what the rule left out from the context: leaving, firing and leave
 * have a `from`, an appointment or a return a `to` (so do a join and a
 * founding whose rule says `set role=org_from_context`, for 已于本月加盟 with no
 * object); a leave or appointment has a title. */
static void infer_move_context(struct ctx *c, const struct cand *cd, struct record *r)
{
    const char *a = r->f[F_ACTION];
    const char *role = set_value(cd, "role");
    bool from_side = move_leaves_from(a);
    bool to_side = strcmp(a, "appoint") == 0 || strcmp(a, "return") == 0 ||
                   (role && strcmp(role, "org_from_context") == 0);
    int side = from_side ? F_FROM : to_side ? F_TO : -1;
    if (side >= 0 && r->f[side] == NULL) {
        const char *org = sentence_org(c, r, side == F_TO);
        if (org == NULL)
            org = subject_org(c);
        if (org == NULL && role && strcmp(role, "org_from_context") == 0)
            org = preceding_org(c, r);
        if (org) {
            r->f[side] = org;
            *(side == F_FROM ? &r->inferred_from : &r->inferred_to) = true;
        }
    }
    if (r->f[F_TITLE] == NULL && (strcmp(a, "leave") == 0 || strcmp(a, "appoint") == 0)) {
        r->f[F_TITLE] = sentence_title(c, r);
        r->inferred_title = r->f[F_TITLE] != NULL;
    }
}

/* Is the text between two person mentions a list joint (、和与及, a title with
 * its organisation)? Up to 24 characters, with a joining word and no clause
 * break. */
static bool list_joint(const struct ctx *c, size_t s, size_t e)
{
    if (e < s || utf8_count(c->dv->text + s, e - s) > 24)
        return false;
    const char *t = c->dv->text;
    bool joined = false;
    for (size_t i = s; i < e; i++) {
        if (t[i] == ',' || t[i] == ';' || t[i] == ':' || (i + 3 <= e && memcmp(t + i, "。", 3) == 0))
            return false;
        if (i + 3 <= e && (memcmp(t + i, "、", 3) == 0 || memcmp(t + i, "和", 3) == 0 ||
                           memcmp(t + i, "与", 3) == 0 || memcmp(t + i, "與", 3) == 0 ||
                           memcmp(t + i, "及", 3) == 0))
            joined = true;
    }
    return joined;
}

/* A status word earlier in the move's sentence (据悉,…; 暂不清楚她会…) covers the
 * move when its rule caught none: the last such word of two characters or more
 * before the match (one-character words such as 将 and 未 say too little out of
 * place). "done" otherwise. */
static const char *sentence_status(const struct ctx *c, const struct record *mv)
{
    const struct lexicon *lx = rules_canon_lex(c->rs, "move.status");
    if (lx == NULL)
        lx = rules_canon_lex(c->rs, "status");
    size_t s = c->dv->sent->v[mv->sentence].start;
    const struct lex_entry *e = lex_last_occurrence(lx, c->dv->text + s, mv->start - s, 2);
    return e ? e->canonical : "done";
}

/* The title a move names (升任营运长, 受委为首席财务员) belongs to the move's
 * person even when no name stands next to it: bind the title record covering the
 * move's `title` capture to that person when it has none, with the status the
 * move gives it (taken up: current, or incoming while planned, or acting when
 * the rule says `set role=acting`; left: former)
 * and, when the move names it, the organisation. */
static void bind_move_title(struct ctx *c, const struct cand *cd, const struct record *mv)
{
    size_t ts, te;
    if (mv->person < 0 || !cand_capture(c->cs, cd, "title", &ts, &te))
        return;
    const char *action = mv->f[F_ACTION];
    bool leaves = strcmp(action, "leave") == 0 || strcmp(action, "fired") == 0;
    bool takes = strcmp(action, "appoint") == 0 || strcmp(action, "join") == 0 ||
                 strcmp(action, "return") == 0;
    /* a rule's `set role=acting`: the post is filled for a while (代行, 署理) */
    const char *role = set_value(cd, "role");
    bool acting = takes && role && strcmp(role, "acting") == 0;
    const size_t *ix;
    size_t n = sentence_records(c, mv->sentence, &ix);
    for (size_t k = 0; k < n; k++) {
        struct record *t = &c->out->v[ix[k]];
        /* the whole title the move names, not a part of it (团队负责人 inside
         * 后训练团队负责人 would give the person a title they do not hold) */
        if (t->type != REC_TITLE || t->person >= 0 || t->start > ts || t->end < te)
            continue;
        t->person = mv->person;
        if (t->f[F_STATUS] == NULL && (leaves || takes))
            t->f[F_STATUS] = leaves ? "former"
                             : acting ? "acting"
                             : strcmp(mv->f[F_STATUS], "planned") == 0 ? "incoming" : "current";
        const char *org = leaves ? mv->f[F_FROM] : takes ? mv->f[F_TO] : NULL;
        bool inferred = leaves ? mv->inferred_from : mv->inferred_to;
        if (t->f[F_ORG] == NULL && org && !inferred)
            t->f[F_ORG] = org;
    }
}

/* A `from_ref`/`to_ref` capture: a short name (联咏 for 联咏科技) that counts as
 * the org only where the organisation pass made an org record of exactly that
 * span, i.e. the article named the organisation in full. Sets *org to its
 * canonical form; false when the capture is there but names no organisation. */
static bool org_ref(struct ctx *c, const struct cand *cd, const char *key, size_t sentence,
                    const char **org)
{
    size_t s, e;
    if (!cand_capture(c->cs, cd, key, &s, &e))
        return true;
    const size_t *ix;
    size_t n = sentence_records(c, sentence, &ix);
    for (size_t k = 0; k < n; k++) {
        const struct record *o = &c->out->v[ix[k]];
        if (o->type == REC_ORG && o->start == s && o->end == e) {
            *org = o->f[F_CANONICAL] ? o->f[F_CANONICAL] : o->f[F_NAME];
            return true;
        }
    }
    return false;
}

/* The canonical form of cd's organisation capture key: that of the org record
 * on the same span when there is one (resolve may have joined it to another
 * mention of the organisation: 嘉運物流 to 嘉運物流控股有限公司), else the
 * capture's own; NULL when cd has no such capture. */
static const char *move_org(struct ctx *c, const struct cand *cd, const char *key, size_t sentence)
{
    const char *org = NULL;
    if (org_ref(c, cd, key, sentence, &org) && org)
        return org;
    return org_canonical(c, cd, key);
}

/* One move record of cd for person, its fields from the match, else the context. */
static void move_for(struct ctx *c, struct cand *cd, int person, const char *action)
{
    size_t sentence = seg_find(c->dv->sent, cd->start);
    const char *from = move_org(c, cd, "from", sentence), *to = move_org(c, cd, "to", sentence);
    if (!org_ref(c, cd, "from_ref", sentence, &from) || !org_ref(c, cd, "to_ref", sentence, &to)) {
        cd->dropped = "its short organisation name (from_ref/to_ref) is no organisation the article named";
        return;
    }
    struct record *r = new_record(c, REC_MOVE, cd->rule->id, cd->start, cd->end);
    if (r == NULL)
        return;
    r->person = person;
    r->f[F_ACTION] = action;
    r->f[F_FROM] = from;
    r->f[F_TO] = to;
    const char *role = set_value(cd, "role");
    r->post_before = role && strcmp(role, "post_before") == 0;
    const char *t = field_value(c, cd, "title", NULL);
    r->f[F_TITLE] = t ? title_canonical(c, REC_MOVE, t) : NULL;
    r->f[F_DATE] = move_date(c, cd);
    const char *st = field_value(c, cd, "status", NULL);
    r->f[F_STATUS] = st ? st : sentence_status(c, r);
    infer_move_context(c, cd, r);
    bind_move_title(c, cd, r);
}

/* 二人, 这两位高管 (a rule's `group` capture holds the count): the last n distinct
 * people mentioned before pos. Returns how many were found, into who[]. */
static size_t group_people(const struct ctx *c, size_t pos, int n, int *who)
{
    size_t found = 0;
    for (size_t k = c->n_pm; k-- > 0 && found < (size_t)n;) {
        const struct record *m = &c->out->v[c->pm[k]];
        if (m->end > pos)
            continue;
        bool seen = false;
        for (size_t j = 0; j < found && !seen; j++)
            seen = who[j] == m->person;
        if (!seen)
            who[found++] = m->person;
    }
    return found;
}

/* 他/她 (a rule's `pronoun` capture): the last person mentioned before it, in
 * its sentence or the two before; -1 when there is none. */
static int antecedent(const struct ctx *c, size_t pos)
{
    size_t sn = seg_find(c->dv->sent, pos);
    size_t first = sn >= 2 ? sn - 2 : 0;
    for (size_t k = c->n_pm; k-- > 0;) {
        const struct record *m = &c->out->v[c->pm[k]];
        if (m->end > pos)
            continue;
        return m->sentence >= first ? m->person : -1;
    }
    return -1;
}

void make_move(struct ctx *c, struct cand *cd)
{
    const char *action = field_value(c, cd, "action", NULL);
    if (action == NULL) {
        cd->dropped = "no action (set action=... or capture it)";
        return;
    }
    size_t ps, pe, gs, ge;
    if (!cand_capture(c->cs, cd, "person", &ps, &pe) && cand_capture(c->cs, cd, "pronoun", &gs, &ge)) {
        int who = antecedent(c, gs);
        if (who < 0) {
            cd->dropped = "a pronoun with no person named just before it";
            return;
        }
        move_for(c, cd, who, action);
        return;
    }
    if (!cand_capture(c->cs, cd, "person", &ps, &pe) && cand_capture(c->cs, cd, "group", &gs, &ge)) {
        int n = dates_number(c->dv->text + gs, ge - gs), who[9];
        size_t got = n >= 2 && n <= 9 ? group_people(c, gs, n, who) : 0;
        if (got < (size_t)n || got == 0) {
            cd->dropped = "a group (二人) with fewer people named before it";
            return;
        }
        for (size_t k = got; k-- > 0;)   /* in the order they were named */
            move_for(c, cd, who[k], action);
        return;
    }
    int person = cand_capture(c->cs, cd, "person", &ps, &pe) ? person_at(c, ps, pe) : -1;
    if (person < 0) {
        cd->dropped = "its person is not a known person mention";
        return;
    }
    move_for(c, cd, person, action);

    /* A和B离职: every person listed after the captured one, inside the match,
     * moves too. Mentions are visited in text order. */
    const char *span = c->dv->text + cd->start;
    size_t span_len = cd->end - cd->start;
    bool respectively = memmem(span, span_len, "分别", strlen("分别")) || memmem(span, span_len, "分別", strlen("分別"));
    size_t prev_end = pe;
    {   /* step over the first mention's (English): the mention that holds ps */
        size_t lo = 0, hi = c->n_pm;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (c->out->v[c->pm[mid]].end <= ps)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < c->n_pm && c->out->v[c->pm[k]].start < pe; k++)
            if (c->out->v[c->pm[k]].end > prev_end)
                prev_end = c->out->v[c->pm[k]].end;
    }
    for (;;) {
        /* the first person mention starting at or after prev_end, inside the match */
        size_t lo = 0, hi = c->n_pm;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (c->out->v[c->pm[mid]].start < prev_end)
                lo = mid + 1;
            else
                hi = mid;
        }
        const struct record *next = lo < c->n_pm ? &c->out->v[c->pm[lo]] : NULL;
        if (next == NULL || next->end > cd->end || !list_joint(c, prev_end, next->start))
            break;
        prev_end = next->end;
        if (next->person == person)
            continue;
        size_t n = c->out->n;
        move_for(c, cd, next->person, action);
        /* 聘任吕敏、蔡宏宇、尚楠分别为首席信息官、首席合规官…: each has a post of
         * their own, and the one the rule captured is the first one's */
        if (c->out->n > n && respectively)
            c->out->v[c->out->n - 1].f[F_TITLE] = NULL;
    }
}
