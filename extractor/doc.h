/* doc.h: where documents come from: files, directories walked for *.txt, stdin,
 * or JSON Lines ({"id","text","date"} per line). Every document is checked as
 * UTF-8 here, once; later stages trust it. */
#ifndef ZHX_DOC_H
#define ZHX_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "zhx.h"

struct doc {
    char *id;           /* owned: the path as given, the JSONL id, or "-" for stdin */
    char *text;         /* owned: the original bytes, NUL-terminated (valid UTF-8) */
    size_t len;         /* bytes in text */
    char *date;         /* owned: the JSONL "date" field, or NULL */
    size_t n_replaced;  /* --lossy: invalid sequences replaced by U+FFFD */
    size_t first_bad;   /* --lossy: byte offset of the first one */
};

enum doc_format { DOC_TEXT, DOC_JSONL };

struct doc_iter;

/* Iterate over paths (borrowed; "-" is stdin) in the given format. With lossy,
 * invalid UTF-8 and NUL bytes become U+FFFD instead of failing the document. */
enum zhx_rc doc_iter_new(char *const *paths, size_t n_paths, enum doc_format fmt, bool lossy,
                         struct doc_iter **out, struct zhx_err *err);

/* The next document in *out (free with doc_free), ZHX_DONE at the end, or an error
 * for ONE document or path: err->file names it, and the next call goes on with
 * the rest. A file that cannot be read, invalid UTF-8 (with its byte offset), a
 * malformed JSONL line (with its line number) are such errors. */
enum zhx_rc doc_next(struct doc_iter *it, struct doc *out, struct zhx_err *err);

void doc_free(struct doc *d);           /* NULL or zeroed is fine */
void doc_iter_free(struct doc_iter *it);

/* Check len bytes at s as UTF-8 with no NUL byte. On failure returns false and
 * *bad is the byte offset of the first bad sequence. */
bool doc_valid_utf8(const char *s, size_t len, size_t *bad);

/* Make a document from memory (tests, check): copies text, validates it. */
enum zhx_rc doc_from_memory(const char *id, const char *text, size_t len, struct doc *out,
                            struct zhx_err *err);

#endif
