/* move_joins.c: moves derived from other moves once all are made: the post an
 * appointment with no title of its own fills (the one someone left before it),
 * and the join of someone appointed from another organisation, with where a
 * join comes from. Part of the resolve stage (resolve_int.h). */
#include <string.h>

#include "resolve_int.h"

/* The post someone else leaves nearest before the move in its sentence (林国泰
 * 宣布退休,其职务由林致华接任): what an appointment with no title of its own
 * fills. Needs the sentence index to hold the moves (derive_joins). */
static const char *vacated_title(const struct ctx *c, const struct record *mv)
{
    const struct record *best = NULL;
    const size_t *idx;
    size_t n = sentence_records(c, mv->sentence, &idx);
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[idx[i]];
        if (r->type != REC_MOVE || r == mv || r->start >= mv->start || r->person == mv->person ||
            r->f[F_TITLE] == NULL || (best && r->start <= best->start))
            continue;
        if (strcmp(r->f[F_ACTION], "leave") == 0 || strcmp(r->f[F_ACTION], "fired") == 0)
            best = r;
    }
    return best ? best->f[F_TITLE] : NULL;
}

/* Has person a join to org (canonical) in sentence sn already? (Scorers and
 * reviewers count one join per person and organisation; looking in the
 * sentence only keeps this linear in the document's length.) */
static bool has_join(const struct ctx *c, size_t sn, int person, const char *to)
{
    const size_t *idx;
    size_t n = sentence_records(c, sn, &idx);
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &c->out->v[idx[i]];
        if (r->type == REC_MOVE && r->person == person && strcmp(r->f[F_ACTION], "join") == 0 && r->f[F_TO] &&
            strcmp(r->f[F_TO], to) == 0)
            return true;
    }
    return false;
}

/* The organisation of a post move m's person held before, named in m's
 * sentence, other than where m goes; with now_too, also of one they hold now,
 * told before an appointment (post_held_before); NULL when there is none. */
static const char *former_org(const struct ctx *c, const struct record *m, bool now_too)
{
    const size_t *idx;
    size_t nt = sentence_records(c, m->sentence, &idx);
    for (size_t k = 0; k < nt; k++) {
        const struct record *t = &c->out->v[idx[k]];
        bool held = former_title_of(t, m->person) || (now_too && post_held_before(c, t, m));
        if (held && t->f[F_ORG] && strcmp(t->f[F_ORG], m->f[F_TO]) != 0)
            return t->f[F_ORG];
    }
    return NULL;
}

/* Where the person of join m left earlier in its sentence (離開鼎曜,轉戰聯發科),
 * other than where m goes; NULL when the sentence says no such thing. */
static const char *left_org(const struct ctx *c, const struct record *m)
{
    const size_t *idx;
    size_t nt = sentence_records(c, m->sentence, &idx);
    for (size_t k = 0; k < nt; k++) {
        const struct record *l = &c->out->v[idx[k]];
        if (l != m && l->type == REC_MOVE && l->person == m->person && l->start <= m->start && l->f[F_FROM] &&
            strcmp(l->f[F_ACTION], "leave") == 0 && strcmp(l->f[F_FROM], m->f[F_TO]) != 0)
            return l->f[F_FROM];
    }
    return NULL;
}

/* Has person left org (canonical) anywhere in the document: a leave, a firing
 * or a leave of absence from it? */
static bool has_leave(const struct ctx *c, int person, const char *from)
{
    for (size_t i = 0; i < c->out->n; i++) {
        const struct record *l = &c->out->v[i];
        if (l->type == REC_MOVE && l->person == person && l->f[F_FROM] && move_leaves_from(l->f[F_ACTION]) &&
            strcmp(l->f[F_FROM], from) == 0)
            return true;
    }
    return false;
}

/* A move the engine derives from move i of the output (rule, action), with its
 * span as evidence and its person; NULL when out of memory. The output may
 * move: read move i again through c->out after the call. */
static struct record *derived_move(struct ctx *c, size_t i, const char *rule, const char *action)
{
    size_t s = c->out->v[i].start, e = c->out->v[i].end;
    struct record *r = new_record(c, REC_MOVE, rule, s, e);
    if (r) {
        r->person = c->out->v[i].person;
        r->f[F_ACTION] = action;
    }
    return r;
}

/* 回巢, 重返: a return to an organisation says the person left it before, even
 * where the article does not tell when (a firing or a leave of absence from it
 * is that departure). Such a leave is the engine's (rule
 * resolve.leave_before_return, date null, done), with the return's span as
 * evidence, unless the document has one already. */
static void derive_leaves_before_returns(struct ctx *c)
{
    size_t n = c->out->n;
    for (size_t i = 0; i < n && c->rc == ZHX_OK; i++) {
        const struct record *m = &c->out->v[i];
        if (m->type != REC_MOVE || m->person < 0 || m->f[F_TO] == NULL || strcmp(m->f[F_ACTION], "return") != 0 ||
            has_leave(c, m->person, m->f[F_TO]))
            continue;
        struct record *l = derived_move(c, i, "resolve.leave_before_return", "leave");
        if (l == NULL)
            return;
        m = &c->out->v[i];
        l->f[F_FROM] = m->f[F_TO];
        l->f[F_STATUS] = "done";
        l->inferred_from = m->inferred_to;
    }
}

/* 由前英特爾資深副總裁李承恩接任 (技術長), 前云顶大马首席财务员黄丽萍受委为绿源种植首席
 * 财务员: someone appointed at one organisation while the sentence names the
 * post they held at another (or, told before them, one they hold now: 任命阿里
 * 巴巴副总裁张伟为首席技术官) comes from outside, so they also join it. The
 * join is the engine's (rule resolve.join_from_former), with the former
 * title's organisation as its `from` and the appointment's span as evidence. */
void derive_joins(struct ctx *c)
{
    /* first the posts that appointments with no title of their own fill: the
     * post someone left in the sentence, rather than the appointee's own title
     * there (其职责由副总裁张伟暂代 fills the post left, not 副总裁) */
    for (size_t i = 0; i < c->out->n; i++) {
        struct record *m = &c->out->v[i];
        if (m->type != REC_MOVE || strcmp(m->f[F_ACTION], "appoint") != 0 ||
            (m->f[F_TITLE] != NULL && !m->inferred_title))
            continue;
        const char *t = vacated_title(c, m);
        if (t) {
            m->f[F_TITLE] = t;
            m->inferred_title = true;
        }
    }
    /* a join with no `from` comes from where the sentence says the person
     * left (離開鼎曜,轉戰聯發科), else from the organisation of a post it says
     * they held before (早年曾任遠傳電信處長,2020年加入鼎曜) */
    for (size_t i = 0; i < c->out->n; i++) {
        struct record *m = &c->out->v[i];
        if (m->type != REC_MOVE || m->person < 0 || m->f[F_FROM] || m->f[F_TO] == NULL ||
            strcmp(m->f[F_ACTION], "join") != 0)
            continue;
        const char *from = left_org(c, m);
        m->f[F_FROM] = from ? from : former_org(c, m, false);
        m->inferred_from = m->f[F_FROM] != NULL;
    }
    size_t n = c->out->n;   /* the joins added below are not looked at again */
    for (size_t i = 0; i < n && c->rc == ZHX_OK; i++) {
        const struct record *m = &c->out->v[i];
        if (m->type != REC_MOVE || m->person < 0 || m->f[F_TO] == NULL || strcmp(m->f[F_ACTION], "appoint") != 0)
            continue;
        const char *from = former_org(c, m, true);
        if (from == NULL || has_join(c, m->sentence, m->person, m->f[F_TO]))
            continue;
        struct record *j = derived_move(c, i, "resolve.join_from_former", "join");
        if (j == NULL)
            return;
        m = &c->out->v[i];
        j->f[F_FROM] = from;
        j->f[F_TO] = m->f[F_TO];
        j->f[F_TITLE] = m->f[F_TITLE];
        j->f[F_DATE] = m->f[F_DATE];
        j->f[F_STATUS] = m->f[F_STATUS];
        j->inferred_from = true;
        j->inferred_to = m->inferred_to;
        j->inferred_title = m->inferred_title;
    }
    derive_leaves_before_returns(c);
}
