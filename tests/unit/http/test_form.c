/* Unit tests of application/x-www-form-urlencoded parsing (src/http/form.c) and percent-decoding
 * (http_url_decode), which every newsroom form and query goes through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/http.h"

/* Parses body; returns the rc and fills f (arena owned by *req). */
static int parse(struct http_req *req, const char *body, struct http_form *f)
{
	memset(req, 0, sizeof(*req));
	req->arena = arena_new();
	buf_append(&req->body, body, strlen(body));
	return http_form_parse(req, f);
}

static void done(struct http_req *req)
{
	buf_free(&req->body);
	arena_free(req->arena);
}

/* The form as "k=v|k=v" for comparing. */
static const char *dump(struct http_req *req, const struct http_form *f)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < f->n; i++)
		buf_printf(&b, "%s%s=%s", i ? "|" : "", f->keys[i], f->values[i]);
	const char *out = arena_strdup(req->arena, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static void test_forms(void **state)
{
	(void)state;
	static const struct {
		const char *body;
		int rc;
		const char *want; /* when rc == 0 */
	} cases[] = {
	    {"", 0, ""},
	    {"a=1", 0, "a=1"},
	    {"a=1&b=2", 0, "a=1|b=2"},
	    {"title=Xin+ch%C3%A0o&x=%2B%26%3D", 0, "title=Xin chào|x=+&="},
	    {"c=%C4%90%E1%BA%A3ng", 0, "c=Đảng"},
	    {"a=&b", 0, "a=|b="},
	    {"&&a=1&", 0, "a=1"},
	    {"a=1=2", 0, "a=1=2"},
	    {"tag=x&tag=y&tag=z", 0, "tag=x|tag=y|tag=z"},
	    {"k%20ey=v", 0, "k ey=v"},
	    {"=v", 0, "=v"},
	    {"a=%zz", -1, NULL},
	    {"a=%4", -1, NULL},
	    {"a=%", -1, NULL},
	    {"a=%00", -1, NULL},
	    {"%00=a", -1, NULL},
	    {"ok=1&bad=%G1", -1, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_req req;
		struct http_form f;
		int rc = parse(&req, cases[i].body, &f);
		if (rc != cases[i].rc)
			printf("form \"%s\": expected rc %d, got %d\n", cases[i].body, cases[i].rc,
			       rc);
		assert_int_equal(rc, cases[i].rc);
		if (rc == 0) {
			const char *got = dump(&req, &f);
			if (strcmp(got, cases[i].want) != 0)
				printf("form \"%s\": expected %s, got %s\n", cases[i].body,
				       cases[i].want, got);
			assert_string_equal(got, cases[i].want);
		}
		done(&req);
	}
}

static void collect(const char *v, void *ctx)
{
	buf_printf(ctx, "[%s]", v);
}

static void test_get_each(void **state)
{
	(void)state;
	struct http_req req;
	struct http_form f;
	assert_int_equal(parse(&req, "cat=1&title=A&cat=7&empty=&cat=9", &f), 0);
	assert_string_equal(http_form_get(&f, "title"), "A");
	assert_string_equal(http_form_get(&f, "cat"), "1"); /* the first */
	assert_string_equal(http_form_get(&f, "empty"), "");
	assert_null(http_form_get(&f, "missing"));
	assert_null(http_form_get(&f, "Title")); /* names are case-sensitive */
	struct buf b = BUF_INIT;
	http_form_each(&f, "cat", collect, &b);
	assert_string_equal(buf_cstr(&b), "[1][7][9]");
	buf_free(&b);
	http_form_each(&f, "none", collect, &b);
	assert_string_equal(buf_cstr(&b), "");
	done(&req);
	/* many fields: the arrays grow */
	struct buf big = BUF_INIT;
	for (int i = 0; i < 100; i++)
		buf_printf(&big, "%sf%d=%d", i ? "&" : "", i, i * i);
	assert_int_equal(parse(&req, buf_cstr(&big), &f), 0);
	assert_int_equal(f.n, 100);
	assert_string_equal(http_form_get(&f, "f99"), "9801");
	assert_string_equal(http_form_get(&f, "f0"), "0");
	done(&req);
	buf_free(&big);
}

static void test_url_decode(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		bool plus;
		int rc;
		const char *want;
	} cases[] = {
	    {"a+b", true, 0, "a b"},   {"a+b", false, 0, "a+b"},
	    {"%41%62", true, 0, "Ab"}, {"%e1%BA%A3", true, 0, "ả"},
	    {"100%", true, -1, NULL},  {"%2", true, -1, NULL},
	    {"%x1", true, -1, NULL},   {"a%00b", false, -1, NULL},
	    {"", true, 0, ""},         {"/tin-tuc/", false, 0, "/tin-tuc/"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = BUF_INIT;
		int rc = http_url_decode(cases[i].in, strlen(cases[i].in), cases[i].plus, &b);
		if (rc != cases[i].rc)
			printf("decode \"%s\": expected rc %d, got %d\n", cases[i].in, cases[i].rc,
			       rc);
		assert_int_equal(rc, cases[i].rc);
		if (rc == 0)
			assert_string_equal(buf_cstr(&b), cases[i].want);
		buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forms),
	    cmocka_unit_test(test_get_each),
	    cmocka_unit_test(test_url_decode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
