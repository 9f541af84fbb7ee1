/* fuzz_extract.c: the whole pipeline on arbitrary bytes, with the bundled rules
 * ($ZHX_PATTERNS) and the default t2s conversion. Property: invalid input is
 * refused with a message; valid input gives JSON records whose text is the
 * original at their offsets; the
 * review page's data block cannot be ended early by the text (its only "<" is
 * that of its own </script>), and the doccano line is JSON. */
/* the asserts are the properties: kept in every build type */
#undef NDEBUG
#include <assert.h>
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "emit.h"
#include "export.h"
#include "pipeline.h"
#include "rules.h"

static struct rules *rs;   /* loaded once per fuzzing process */
static struct script_conv *sc;  /* with the default conversion, as zhx extract runs */

/* One document in fmt, in memory; the caller frees it. */
static char *render(const struct doc_result *dr, enum export_format fmt, size_t *len)
{
    char *out = NULL;
    struct zhx_err err = {0};
    FILE *mem = open_memstream(&out, len);
    assert(mem != NULL);
    assert(export_doc(mem, fmt, dr, EMIT_ALL_TYPES, &err) == ZHX_OK);
    fclose(mem);
    return out;
}

static void check_other_formats(const struct doc_result *dr)
{
    size_t len;
    char *page = render(dr, EXPORT_HTML, &len);
    static const char end[] = "</script>\n";
    assert(len > sizeof end && strcmp(page + len - (sizeof end - 1), end) == 0);
    char *lt = strchr(page, '<');   /* the opening <script ...> */
    assert(lt == page && strchr(lt + 1, '<') == page + len - (sizeof end - 1));
    free(page);
    char *line = render(dr, EXPORT_DOCCANO, &len);
    cJSON *o = cJSON_Parse(line);
    assert(o != NULL && cJSON_IsArray(cJSON_GetObjectItem(o, "label")));
    cJSON_Delete(o);
    free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    if (rs == NULL) {
        const char *dir = getenv("ZHX_PATTERNS");
        struct zhx_err e = {0};
        if (dir == NULL || conv_load("t2s", &sc, &e) != ZHX_OK ||
            rules_load_dir_conv(dir, sc, &rs, &e) != ZHX_OK) {
            fprintf(stderr, "fuzz_extract: set ZHX_PATTERNS to a loadable patterns folder (%s)\n", e.msg);
            abort();
        }
    }
    struct doc d;
    struct zhx_err err = {0};
    if (doc_from_memory("fuzz", (const char *)data, size, &d, &err) != ZHX_OK) {
        assert(err.msg[0] != '\0');
        return 0;
    }
    struct pipeline pl;
    if (pipeline_init(&pl, rs, &err) != ZHX_OK)
        abort();
    struct ymd ref = {2024, 10, 15};
    if (pipeline_run(&pl, &d, &ref, &err) == ZHX_OK) {
        char *out = NULL;
        size_t out_len = 0;
        FILE *mem = open_memstream(&out, &out_len);
        assert(mem != NULL);
        assert(emit_jsonl(mem, &pl.dr, EMIT_ALL_TYPES, &err) == ZHX_OK);
        fclose(mem);
        for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
            cJSON *r = cJSON_Parse(line);
            assert(r != NULL);
            const cJSON *t = cJSON_GetObjectItem(r, "text"), *bs = cJSON_GetObjectItem(r, "byte_start"),
                        *be = cJSON_GetObjectItem(r, "byte_end");
            assert(cJSON_IsString(t) && cJSON_IsNumber(bs) && cJSON_IsNumber(be));
            size_t b0 = (size_t)bs->valuedouble, b1 = (size_t)be->valuedouble;
            assert(b0 <= b1 && b1 <= d.len);
            assert(strlen(t->valuestring) == b1 - b0 && memcmp(t->valuestring, d.text + b0, b1 - b0) == 0);
            cJSON_Delete(r);
        }
        free(out);
        check_other_formats(&pl.dr);
    } else {
        assert(err.msg[0] != '\0');
    }
    pipeline_free(&pl);
    doc_free(&d);
    return 0;
}
