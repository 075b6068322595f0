/* Unit tests of src/http/route.c: pattern matching, parameters, 404 and 405 with Allow, roles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/route.h"

static void h_a(void *ctx)
{
	(void)ctx;
}

/* A table shaped like the real ones: literal rows before the placeholders they overlap. */
static const struct route rows[] = {
    {ROUTE_GET, "/", h_a, ROUTE_CACHED, ROUTE_PUBLIC, "home"},
    {ROUTE_GET, "/api/v1/articles", h_a, ROUTE_CACHED, ROUTE_PUBLIC, "list"},
    {HTTP_POST, "/api/v1/articles", h_a, ROUTE_TOKEN, ROUTE_CONTRIBUTOR, "create"},
    {ROUTE_GET, "/api/v1/articles/{id}", h_a, ROUTE_CACHED | ROUTE_TOKEN, ROUTE_PUBLIC, "one"},
    {HTTP_PATCH, "/api/v1/articles/{id}", h_a, ROUTE_TOKEN, ROUTE_CONTRIBUTOR, "patch"},
    {HTTP_POST, "/api/v1/articles/{id}/publish", h_a, ROUTE_TOKEN, ROUTE_PUBLISHER, "publish"},
    {HTTP_GET | HTTP_POST, "/admin/articles/new", h_a, ROUTE_SESSION, ROUTE_CONTRIBUTOR, "new"},
    {HTTP_POST, "/admin/articles/{id}/{action}", h_a, ROUTE_SESSION, ROUTE_EDITOR, "action"},
    {ROUTE_GET, "/sitemap-{n}.xml", h_a, ROUTE_CACHED, ROUTE_PUBLIC, "sitemap"},
    {ROUTE_GET, "/static/*", h_a, 0, ROUTE_PUBLIC, "static"},
    {ROUTE_GET, "/chu-de/{slug}/", h_a, ROUTE_CACHED, ROUTE_PUBLIC, "tag"},
    {ROUTE_GET, "/{slug}-{id}.html", h_a, ROUTE_CACHED, ROUTE_PUBLIC, "article"},
};
static const struct route_table table = {"test", rows, sizeof rows / sizeof rows[0]};

struct row {
	enum http_method method;
	const char *path;
	int want;            /* 200, 404 or 405 */
	const char *arg;     /* the matched row's arg when 200 */
	const char *allow;   /* the Allow text when 405 */
	const char *p1, *v1; /* a parameter and its value, or NULL */
	const char *p2, *v2;
};

static const struct row cases[] = {
    {HTTP_GET, "/", 200, "home", NULL, NULL, NULL, NULL, NULL},
    {HTTP_HEAD, "/", 200, "home", NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/api/v1/articles", 200, "list", NULL, NULL, NULL, NULL, NULL},
    {HTTP_POST, "/api/v1/articles", 200, "create", NULL, NULL, NULL, NULL, NULL},
    {HTTP_DELETE, "/api/v1/articles", 405, NULL, "GET, HEAD, POST", NULL, NULL, NULL, NULL},
    {HTTP_GET, "/api/v1/articles/42", 200, "one", NULL, "id", "42", NULL, NULL},
    {HTTP_PATCH, "/api/v1/articles/42", 200, "patch", NULL, "id", "42", NULL, NULL},
    {HTTP_PUT, "/api/v1/articles/42", 405, NULL, "GET, HEAD, PATCH", NULL, NULL, NULL, NULL},
    {HTTP_GET, "/api/v1/articles/042", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/api/v1/articles/abc", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/api/v1/articles/1234567890123456789", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_POST, "/api/v1/articles/7/publish", 200, "publish", NULL, "id", "7", NULL, NULL},
    {HTTP_GET, "/api/v1/articles/7/publish", 405, NULL, "POST", NULL, NULL, NULL, NULL},
    {HTTP_GET, "/api/v1/articles/7/publish/", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/api/v1/articles/", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/admin/articles/new", 200, "new", NULL, NULL, NULL, NULL, NULL},
    {HTTP_POST, "/admin/articles/9/submit", 200, "action", NULL, "id", "9", "action", "submit"},
    {HTTP_GET, "/admin/articles/9/submit", 405, NULL, "POST", NULL, NULL, NULL, NULL},
    {HTTP_GET, "/sitemap-3.xml", 200, "sitemap", NULL, "n", "3", NULL, NULL},
    {HTTP_GET, "/sitemap-x.xml", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/static/", 200, "static", NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/static/a/b.css", 200, "static", NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/chu-de/giao-duc/", 200, "tag", NULL, "slug", "giao-duc", NULL, NULL},
    {HTTP_GET, "/chu-de/giao-duc", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/chu-de//", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/a-b-c-12.html", 200, "article", NULL, "slug", "a-b-c", "id", "12"},
    {HTTP_GET, "/2024-12.html", 200, "article", NULL, "slug", "2024", "id", "12"},
    {HTTP_GET, "/abc12.html", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/x-1-2.html", 200, "article", NULL, "slug", "x-1", "id", "2"},
    {HTTP_GET, "/x-01.html", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/-12.html", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/x-12.htm", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/x/a-12.html", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    {HTTP_GET, "/nowhere", 404, NULL, NULL, NULL, NULL, NULL, NULL},
    /* no row matches and no row takes the method: 405 with every method of the table */
    {HTTP_OTHER, "/nowhere", 405, NULL, "GET, HEAD, POST, PATCH", NULL, NULL, NULL, NULL},
    {HTTP_DELETE, "/", 405, NULL, "GET, HEAD", NULL, NULL, NULL, NULL},
    {HTTP_GET, "", 404, NULL, NULL, NULL, NULL, NULL, NULL},
};

static void check_param(const struct row *c, const struct route_match *m, const char *name,
			const char *want)
{
	size_t len;
	const char *v = http_route_param(m, name, &len);
	if (!v || len != strlen(want) || memcmp(v, want, len) != 0)
		fail_msg("%s %s: expected {%s} = '%s', got '%.*s'", c->path, name, name, want,
			 (int)len, v ? v : "(none)");
}

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct row *c = &cases[i];
		struct route_match m;
		int got = http_route_find(&table, c->method, c->path, &m);
		if (got != c->want)
			fail_msg("%s: expected %d, got %d", c->path, c->want, got);
		if (got == 200 && strcmp((const char *)m.route->arg, c->arg) != 0)
			fail_msg("%s: expected row '%s', got '%s'", c->path, c->arg,
				 (const char *)m.route->arg);
		if (got == 405) {
			char allow[64];
			http_route_methods_text(m.allow, ", ", allow, sizeof allow);
			if (strcmp(allow, c->allow) != 0)
				fail_msg("%s: expected Allow '%s', got '%s'", c->path, c->allow,
					 allow);
		}
		if (c->p1)
			check_param(c, &m, c->p1, c->v1);
		if (c->p2)
			check_param(c, &m, c->p2, c->v2);
	}
}

static void test_param_id_and_rest(void **state)
{
	(void)state;
	struct route_match m;
	assert_int_equal(http_route_find(&table, HTTP_PATCH, "/api/v1/articles/987654321", &m),
			 200);
	assert_int_equal(http_route_param_id(&m, "id"), 987654321);
	assert_int_equal(http_route_param_id(&m, "slug"), 0);
	assert_int_equal(http_route_find(&table, HTTP_GET, "/static/site.css", &m), 200);
	assert_non_null(m.rest);
	assert_string_equal(m.rest, "site.css");
}

static void test_role_column(void **state)
{
	(void)state;
	struct route_match m;
	assert_int_equal(http_route_find(&table, HTTP_POST, "/api/v1/articles/1/publish", &m), 200);
	assert_int_equal(m.route->role, ROUTE_PUBLISHER);
	assert_string_equal(http_route_role_name(m.route->role), "publisher");
	assert_int_equal(http_route_find(&table, HTTP_GET, "/api/v1/articles/1", &m), 200);
	assert_int_equal(m.route->role, ROUTE_PUBLIC);
	assert_true(m.route->flags & ROUTE_TOKEN);
	assert_string_equal(http_route_role_name(ROUTE_PUBLIC), "public");
	assert_string_equal(http_route_role_name(ROUTE_CONTRIBUTOR), "contributor");
	assert_string_equal(http_route_role_name(ROUTE_EDITOR), "editor");
	assert_string_equal(http_route_role_name(ROUTE_ADMIN), "admin");
}

static void test_methods_text(void **state)
{
	(void)state;
	char out[64];
	http_route_methods_text(HTTP_PATCH | HTTP_GET | HTTP_HEAD, ",", out, sizeof out);
	assert_string_equal(out, "GET,HEAD,PATCH");
	http_route_methods_text(HTTP_POST, ", ", out, sizeof out);
	assert_string_equal(out, "POST");
	http_route_methods_text(HTTP_GET | HTTP_HEAD | HTTP_POST, ", ", out, 8);
	assert_string_equal(out, "GET"); /* stops before a name that does not fit */
}

static void test_parse_id_page(void **state)
{
	(void)state;
	assert_int_equal(http_parse_id("123", 3), 123);
	assert_int_equal(http_parse_id("0", 1), 0);
	assert_int_equal(http_parse_id("12a", 3), 0);
	assert_int_equal(http_parse_id("", 0), 0);
	assert_int_equal(http_parse_id("999999999999999999", 18), 999999999999999999LL);
	assert_int_equal(http_parse_page(NULL), 1);
	assert_int_equal(http_parse_page("7"), 7);
	assert_int_equal(http_parse_page("100001"), -1);
	assert_int_equal(http_parse_page("x"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),         cmocka_unit_test(test_param_id_and_rest),
	    cmocka_unit_test(test_role_column),   cmocka_unit_test(test_methods_text),
	    cmocka_unit_test(test_parse_id_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
