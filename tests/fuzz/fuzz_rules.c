/* fuzz_rules.c: the rule-file parser and compiler on arbitrary text. The input
 * is written as the one rule file of a fresh patterns folder. Property: a load
 * either succeeds or fails with a message, never crashes or leaks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[64];   /* one folder per process; the harness is not a stage */
    if (dir[0] == '\0') {
        snprintf(dir, sizeof dir, "/tmp/zhx-fuzz-rules-XXXXXX");
        if (mkdtemp(dir) == NULL)
            abort();
    }
    char path[128];
    snprintf(path, sizeof path, "%s/x.rules", dir);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    struct rules *rs = NULL;
    struct zhx_err err = {0};
    if (rules_load_dir(dir, &rs, &err) == ZHX_OK)
        rules_free(rs);
    else if (err.msg[0] == '\0')
        abort();   /* every failure says why */
    unlink(path);
    return 0;
}
