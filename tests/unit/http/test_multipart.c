/* Unit tests of src/http/multipart.c: boundaries, parts, and the malformed bodies it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/http.h"

#define CT "multipart/form-data; boundary=XyZ"
#define CD "Content-Disposition: form-data; "
#define FIELD(name, value) "--XyZ\r\n" CD "name=\"" name "\"\r\n\r\n" value "\r\n"
#define END "--XyZ--\r\n"

struct row {
	const char *ct;
	const char *body;
	int want;          /* 0 or -1 */
	size_t nparts;     /* when want == 0 */
	const char *first; /* the first part's content */
};

static const struct row rows[] = {
    {CT, FIELD("csrf", "abc") END, 0, 1, "abc"},
    {CT, FIELD("csrf", "abc") "--XyZ--", 0, 1, "abc"},
    {CT, FIELD("a", "") FIELD("b", "2") END, 0, 2, ""},
    {"multipart/form-data; boundary=\"XyZ\"", FIELD("a", "1") END, 0, 1, "1"},
    {"Multipart/Form-Data;boundary=XyZ; charset=utf-8", FIELD("a", "1") END, 0, 1, "1"},
    {CT,
     "--XyZ\r\n" CD
     "name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r--XyZ "
     "inside\r\n" END,
     0, 1, "\x89PNG\r--XyZ inside"},
    {CT, "--XyZ\r\ncontent-disposition: form-data; name=a\r\n\r\nx\r\n" END, 0, 1, "x"},
    {CT, END, 0, 0, NULL},
    /* malformed */
    {"multipart/form-data", FIELD("a", "1") END, -1, 0, NULL},
    {"multipart/form-data; boundary=", FIELD("a", "1") END, -1, 0, NULL},
    {"multipart/form-data; boundary=XyZ; boundary=XyZ", FIELD("a", "1") END, -1, 0, NULL},
    {"multipart/mixed; boundary=XyZ", FIELD("a", "1") END, -1, 0, NULL},
    {"application/x-www-form-urlencoded", "a=1", -1, 0, NULL},
    {NULL, FIELD("a", "1") END, -1, 0, NULL},
    {CT, "", -1, 0, NULL},
    {CT, FIELD("a", "1"), -1, 0, NULL},
    {CT, "preamble\r\n" FIELD("a", "1") END, -1, 0, NULL},
    {CT, FIELD("a", "1") END "epilogue", -1, 0, NULL},
    {CT, "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n" END, -1, 0, NULL},
    {CT, "--XyZ\r\n" CD "filename=\"a\"\r\n\r\nx\r\n" END, -1, 0, NULL},
    {CT, "--XyZ\r\n" CD "name=\"a\"; name=\"b\"\r\n\r\nx\r\n" END, -1, 0, NULL},
    {CT, "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n" END, -1, 0, NULL},
    {CT, "--XyZ\r\n" CD "name=\"a\r\n\r\nx\r\n" END, -1, 0, NULL},
    {CT, "--XyZ\r\n" CD "name=\"a\"\r\nno colon\r\n\r\nx\r\n" END, -1, 0, NULL},
    {CT, "--XyZ\r\n" CD "name=\"a\"\r\n\r\nx", -1, 0, NULL},
    {CT, "--XyZ" CD "name=\"a\"\r\n\r\nx\r\n" END, -1, 0, NULL},
    {CT, "--XyZ\r\n" CD "name=\"a\"\r\n" CD "name=\"b\"\r\n\r\nx\r\n" END, -1, 0, NULL},
};

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct arena *a = arena_new();
		struct http_multipart m;
		int rc =
		    http_multipart_parse(a, rows[i].ct, rows[i].body, strlen(rows[i].body), &m);
		if (rc != rows[i].want)
			fail_msg("row %zu: expected %d, got %d", i, rows[i].want, rc);
		if (rc == 0 && m.n != rows[i].nparts)
			fail_msg("row %zu: expected %zu parts, got %zu", i, rows[i].nparts, m.n);
		if (rc == 0 && rows[i].first &&
		    (m.parts[0].len != strlen(rows[i].first) ||
		     memcmp(m.parts[0].data, rows[i].first, m.parts[0].len) != 0))
			fail_msg("row %zu: the first part's content differs", i);
		arena_free(a);
	}
}

static void test_fields_and_file(void **state)
{
	(void)state;
	static const char body[] =
	    FIELD("csrf", "tok") "--XyZ\r\n" CD
				 "name=\"file\"; filename=\"C:\\\\x\\\\\\\"a\\\".png\"\r\n"
				 "Content-Type: image/png\r\n\r\nDATA\r\n" END;
	struct arena *a = arena_new();
	struct http_multipart m;
	struct http_form f;
	assert_int_equal(http_multipart_parse(a, CT, body, sizeof body - 1, &m), 0);
	assert_int_equal(http_multipart_form(a, &m, &f), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(http_form_get(&f, "csrf"), "tok");
	assert_null(http_form_get(&f, "file"));
	const struct http_part *p = http_multipart_file(&m, "file");
	assert_non_null(p);
	assert_string_equal(p->filename, "C:\\x\\\"a\".png");
	assert_string_equal(p->type, "image/png");
	assert_int_equal(p->len, 4);
	assert_memory_equal(p->data, "DATA", 4);
	assert_null(http_multipart_file(&m, "csrf"));
	arena_free(a);
}

static void test_limits(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	for (int i = 0; i < HTTP_MULTIPART_MAX_PARTS + 1; i++)
		buf_puts(&b, FIELD("a", "1"));
	buf_puts(&b, END);
	struct arena *a = arena_new();
	struct http_multipart m;
	assert_int_equal(http_multipart_parse(a, CT, buf_cstr(&b), b.len, &m), -1);
	buf_reset(&b);
	buf_puts(&b, "--XyZ\r\n" CD "name=\"a\"\r\nX-Long: ");
	for (int i = 0; i < 9000; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\r\n\r\nv\r\n" END);
	assert_int_equal(http_multipart_parse(a, CT, buf_cstr(&b), b.len, &m), -1);
	/* a 71-character boundary is over RFC 2046's limit */
	assert_int_equal(
	    http_multipart_parse(
		a,
		"multipart/form-data; boundary="
		"12345678901234567890123456789012345678901234567890123456789012345678901",
		"", 0, &m),
	    -1);
	/* a NUL byte in a plain field */
	static const char nul[] = "--XyZ\r\n" CD "name=\"a\"\r\n\r\nx\0y\r\n" END;
	assert_int_equal(http_multipart_parse(a, CT, nul, sizeof nul - 1, &m), 0);
	struct http_form f;
	assert_int_equal(http_multipart_form(a, &m, &f), -1);
	arena_free(a);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows),
	    cmocka_unit_test(test_fields_and_file),
	    cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
