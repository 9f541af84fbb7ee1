/* fuzz_normalize.c: the normaliser and its offset map on arbitrary bytes.
 * Properties, for valid UTF-8 input: every character of the normalised text maps
 * back to an in-bounds, non-decreasing original span that starts and ends on a
 * character boundary; and every span away from white space round-trips:
 * normalising the original bytes of a span alone gives the same output bytes. */
/* the asserts are the properties: kept in every build type */
#undef NDEBUG
#include <assert.h>
#include <stdbool.h>
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
    /* Round trip: the output bytes that came from one original span are exactly
     * what normalising that span alone gives. */
    for (size_t i = 0; i < t.len;) {
        size_t j = i;
        while (j < t.len && t.orig_start[j] == t.orig_start[i] && t.orig_end[j] == t.orig_end[i])
            j++;
        size_t os = t.orig_start[i], oe = t.orig_end[i];
        char *slice = malloc(oe - os + 1);
        assert(slice != NULL);
        memcpy(slice, s + os, oe - os);
        slice[oe - os] = '\0';
        /* White space joins the run around it, also white space that NFKC makes
         * out of a character (΅ is a space and two marks): spans that touch white
         * space are checked for bounds only, above. */
        bool blank = memchr(t.text + i, ' ', j - i) || memchr(t.text + i, '\n', j - i);
        for (size_t k = os; k < oe && !blank; k++)
            blank = (unsigned char)s[k] <= 0x20 || s[k] == 0x7F;
        char *again = blank || memchr(slice, '\0', oe - os) ? NULL : norm_string(slice);
        if (again && (strchr(again, ' ') || strchr(again, '\n'))) {
            free(again);   /* NFKC made white space of it: it joined the run */
            again = NULL;
        }
        if (again)
            assert(strlen(again) == j - i && memcmp(again, t.text + i, j - i) == 0);
        free(again);
        free(slice);
        i = j;
    }
    norm_free(&t);
    return 0;
}
