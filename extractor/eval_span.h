/* eval_span.h: when a span-level gold record (SCHEMA.md "Gold files") matches
 * a record zhx printed. Public for its unit test; eval_span.c scores with it. */
#ifndef ZHX_EVAL_SPAN_H
#define ZHX_EVAL_SPAN_H

#include <stdbool.h>

#include <cjson/cJSON.h>

/* Does the gold record g match the output record o? Both are record objects as
 * zhx prints them; grecs and orecs (arrays, may be NULL) are the other records
 * of their documents, where a person id ("P3") is looked up. They match when
 * their types are the same, their spans (code-point start/end) overlap, unless
 * g has no start/end, and the type's key fields agree (strings compared after
 * zhx-score's norm(): NFKC, case, dots and spaces ignored):
 *   person  name, or the English original (en);
 *   org     canonical, or name;
 *   title   canonical, and the person (see below);
 *   date    value (null matches null);
 *   move    action, the person, and the organisation of the action's side
 *           (to for join/found/return/appoint, from for leave/fired/
 *           leave_of_absence; null matches null).
 * The person of a title or move: its "name" (and "en") when the record has
 * one; else its "person", the id of a person record of the same document
 * (whose name and en count), or, when no record has that id, taken as a name.
 * So a gold title may name its person {"person": "萨姆·阿尔特曼"} or
 * {"name": "萨姆·阿尔特曼"} instead of by the ids of an older run. Two persons
 * agree when their names or their English originals do; two null persons agree. */
bool eval_span_match(const cJSON *g, const cJSON *grecs, const cJSON *o, const cJSON *orecs);

#endif
