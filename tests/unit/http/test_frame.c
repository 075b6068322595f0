/* Unit tests of src/http/frame.c: the framing headers a request is refused for at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "http/http.h"

struct row {
	struct http_frame_in in;
	int want;
	uint64_t length;
	bool chunked;
};

static const struct row rows[] = {
    {{true, 1, 0, NULL, 0, NULL}, 0, 0, false},
    {{false, 0, 0, NULL, 0, NULL}, 0, 0, false}, /* HTTP/1.0 needs no Host */
    {{true, 1, 1, "0", 0, NULL}, 0, 0, false},
    {{true, 1, 1, "31457280", 0, NULL}, 0, 31457280, false},
    {{true, 1, 1, "9999999999999999999", 0, NULL}, 0, 9999999999999999999ULL, false},
    {{true, 1, 0, NULL, 1, "chunked"}, 0, 0, true},
    {{true, 1, 0, NULL, 1, "Chunked"}, 0, 0, true},
    /* refused */
    {{true, 0, 0, NULL, 0, NULL}, -1, 0, false},                   /* no Host */
    {{true, 2, 0, NULL, 0, NULL}, -1, 0, false},                   /* two */
    {{false, 2, 0, NULL, 0, NULL}, -1, 0, false},                  /* two, even in 1.0 */
    {{true, 1, 1, "-5", 0, NULL}, -1, 0, false},                   /* negative */
    {{true, 1, 1, "+5", 0, NULL}, -1, 0, false},                   /* signed */
    {{true, 1, 1, "", 0, NULL}, -1, 0, false},                     /* empty */
    {{true, 1, 1, "5, 5", 0, NULL}, -1, 0, false},                 /* a list */
    {{true, 1, 1, "0x10", 0, NULL}, -1, 0, false},                 /* hex */
    {{true, 1, 1, "12345678901234567890", 0, NULL}, -1, 0, false}, /* 20 digits */
    {{true, 1, 2, "5", 0, NULL}, -1, 0, false},                    /* two lengths */
    {{true, 1, 0, NULL, 1, "xchunked"}, -1, 0, false},             /* unknown coding */
    {{true, 1, 0, NULL, 1, "gzip, chunked"}, -1, 0, false},
    {{true, 1, 0, NULL, 2, "chunked"}, -1, 0, false},  /* two */
    {{true, 1, 1, "3", 1, "chunked"}, -1, 0, false},   /* smuggling: both */
    {{false, 1, 0, NULL, 1, "chunked"}, -1, 0, false}, /* chunked in HTTP/1.0 */
};

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct http_frame out = {99, true};
		int rc = http_frame_check(&rows[i].in, &out);
		if (rc != rows[i].want)
			fail_msg("row %zu: expected %d, got %d", i, rows[i].want, rc);
		if (rc == 0 && (out.length != rows[i].length || out.chunked != rows[i].chunked))
			fail_msg("row %zu: expected length %llu chunked %d, got %llu %d", i,
				 (unsigned long long)rows[i].length, rows[i].chunked,
				 (unsigned long long)out.length, out.chunked);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_rows)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
