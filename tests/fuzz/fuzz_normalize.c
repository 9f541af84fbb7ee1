/* fuzz_normalize.c: the normaliser and its offset map on arbitrary bytes.
 * Property: for valid UTF-8 input, every character of the normalised text maps
 * back to an in-bounds, non-decreasing original span that starts and ends on a
 * character boundary, and the map covers the text to its end. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "normalize.h"

static int is_boundary(const char *s, size_t len, size_t off)
{
    return off == 0 || off == len || ((unsigned char)s[off] & 0xC0) != 0x80;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad;
    if (size > 65536 || !doc_valid_utf8(s, size, &bad))
        return 0;
    struct norm_text t;
    if (norm_apply(s, size, &t, NULL) != 0)
        return 0;
    assert(t.text[t.len] == '\0');
    assert(t.orig_start[t.len] == size && t.orig_end[t.len] == size);
    size_t prev_start = 0;
    for (size_t i = 0; i < t.len; i++) {
        if (((unsigned char)t.text[i] & 0xC0) == 0x80)
            continue;   /* spans are asked for on character boundaries */
        size_t os, oe;
        norm_span_to_orig(&t, i, i + 1, &os, &oe);
        assert(os <= oe && oe <= size);
        assert(os >= prev_start);
        assert(is_boundary(s, size, os) && is_boundary(s, size, oe));
        prev_start = os;
    }
    if (t.len) {
        size_t os, oe;
        norm_span_to_orig(&t, 0, t.len, &os, &oe);
        assert(os <= oe && oe <= size);
    }
    norm_free(&t);
    return 0;
}
