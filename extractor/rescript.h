/* rescript.h: give the records of a converted document back the document's own
 * script. The rules matched the Simplified text convert.h made; the names, orgs
 * and titles they copied out are Simplified too. Because conversion keeps the
 * byte layout, the same bytes of the unconverted text hold each of them as the
 * document wrote it. */
#ifndef ZHX_RESCRIPT_H
#define ZHX_RESCRIPT_H

#include "resolve.h"

/* conv is the converted text the records were made from, display the text before
 * conversion; both len bytes, same layout (both borrowed). Rewrites, in res's
 * arena, the fields copied from the text (person names and aliases, org names,
 * title surfaces) to display's bytes where the field's text occurs: inside the
 * record's own span first, else its first occurrence in the document; a field
 * found nowhere (a name put together from parts) stays as it is. Canonical
 * forms (org canonical, a title's org, a move's from, to and title) are never
 * rewritten: they are what links records and documents across scripts. Person names that change keep
 * the Simplified form in name_simplified, org names in F_NAME_SIMPLIFIED.
 * ZHX_ERR_NOMEM only. */
enum zhx_rc rescript_result(struct result *res, const char *conv, const char *display, size_t len,
                            struct zhx_err *err);

#endif
