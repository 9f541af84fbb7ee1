/* test_util.c: the string map of util.c, which the people stage relies on to
 * stay linear: the first value of a key stays, keys are compared by their bytes
 * (a NUL inside one included), and growing keeps every key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"

static void test_strmap_first_value_stays_and_can_be_changed(void **state)
{
    (void)state;
    struct strmap m = {0};
    assert_int_equal(strmap_get(&m, "a", 1), STRMAP_NONE);   /* an empty map */
    size_t *v = strmap_put(&m, "王明", strlen("王明"), 7);
    assert_non_null(v);
    assert_int_equal(*v, 7);
    v = strmap_put(&m, "王明", strlen("王明"), 9);            /* present: not replaced */
    assert_int_equal(*v, 7);
    *v = 11;                                                   /* but the caller may change it */
    assert_int_equal(strmap_get(&m, "王明", strlen("王明")), 11);
    assert_int_equal(strmap_get(&m, "王", strlen("王")), STRMAP_NONE);   /* a prefix is another key */
    assert_int_equal(m.n, 1);
    strmap_free(&m);
    assert_int_equal(strmap_get(&m, "王明", strlen("王明")), STRMAP_NONE);
}

static void test_strmap_keys_are_bytes_with_their_length(void **state)
{
    (void)state;
    static const char a[] = {'k', '\0', 'x'}, b[] = {'k', '\0', 'y'};
    struct strmap m = {0};
    assert_non_null(strmap_put(&m, a, sizeof a, 1));
    assert_non_null(strmap_put(&m, b, sizeof b, 2));
    assert_non_null(strmap_put(&m, a, 1, 3));   /* "k" alone */
    assert_int_equal(strmap_get(&m, a, sizeof a), 1);
    assert_int_equal(strmap_get(&m, b, sizeof b), 2);
    assert_int_equal(strmap_get(&m, "k", 1), 3);
    assert_int_equal(strmap_get(&m, "", 0), STRMAP_NONE);
    strmap_free(&m);
}

static void test_strmap_grows_and_keeps_every_key(void **state)
{
    (void)state;
    enum { N = 5000 };
    static char keys[N][16];
    struct strmap m = {0};
    for (size_t i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "k%zu", i);
        assert_non_null(strmap_put(&m, keys[i], strlen(keys[i]), i));
    }
    assert_int_equal(m.n, N);
    assert_true(m.cap >= 2 * N);   /* at most half full */
    for (size_t i = 0; i < N; i++)
        assert_int_equal(strmap_get(&m, keys[i], strlen(keys[i])), i);
    assert_int_equal(strmap_get(&m, "k5000", 5), STRMAP_NONE);
    strmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strmap_first_value_stays_and_can_be_changed),
        cmocka_unit_test(test_strmap_keys_are_bytes_with_their_length),
        cmocka_unit_test(test_strmap_grows_and_keeps_every_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
