/* pattern_int.h: the pattern-syntax scanning shared by pattern_info.c and
 * pattern_anchors.c (internal: not part of pattern_info.h's contract). */
#ifndef ZHX_PATTERN_INT_H
#define ZHX_PATTERN_INT_H

#include <stdbool.h>
#include <stddef.h>

/* A position in pattern text (extended syntax). */
struct scan {
    const char *p, *end;
    bool bad;       /* syntax not followed: the answer is "unsure" */
};

bool ps_at(const struct scan *s, const char *lit);     /* does the text at s->p start with lit? */
void ps_skip_blank(struct scan *s);    /* blanks and # comments (extended mode) */
void ps_skip_char(struct scan *s);     /* one UTF-8 character */
void ps_skip_to(struct scan *s, char c);    /* past the next c; bad when there is none */
void ps_skip_escape(struct scan *s);   /* s->p at a backslash: the escape with its {…} or <…> */
void ps_skip_class(struct scan *s);    /* s->p at "[": the whole class */
unsigned ps_quantifier(struct scan *s);     /* a quantifier if any; its minimum (1 without one) */

#endif
