/* Unit tests of src/import/navrules.c, the menu mapping's rules: which links are the old site's,
 * its home page, and names and addresses as the menu_links setting can hold them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "import/navmenu-int.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_local_path(void **state)
{
	(void)state;
	static const struct {
		const char *base, *link, *want; /* want NULL: not the old site's */
	} rows[] = {
	    {"http://old.example.vn", "/gioi-thieu/", "/gioi-thieu/"},
	    {"http://old.example.vn", "http://old.example.vn/gioi-thieu/", "/gioi-thieu/"},
	    {"http://old.example.vn/", "https://WWW.Old.Example.vn:8080/?p=3", "/?p=3"},
	    {"http://old.example.vn", "http://old.example.vn", "/"},
	    {"http://old.example.vn", "//old.example.vn/a", "/a"},
	    {"http://old.example.vn", "https://chinhphu.vn/", NULL},
	    {"http://old.example.vn", "http://old.example.vn.evil.test/", NULL},
	    {NULL, "http://old.example.vn/a", NULL}, /* no --old-base: absolute links are kept */
	    {NULL, "index.php?language=vi&nv=news", "/index.php?language=vi&nv=news"},
	    {NULL, "mailto:ubnd@example.vn", NULL},
	    {NULL, "tel:0240000", NULL},
	    {NULL, "javascript:void(0)", NULL},
	    {NULL, "news/a:b/", "/news/a:b/"}, /* a colon after the first '/' is no scheme */
	};
	for (size_t i = 0; i < N(rows); i++) {
		char *host = rows[i].base ? nm_host_of(rows[i].base) : NULL;
		char *got = nm_local_path(host, rows[i].link);
		if ((got == NULL) != (rows[i].want == NULL) ||
		    (got && strcmp(got, rows[i].want) != 0))
			fail_msg("nm_local_path(%s, \"%s\"): want %s, got %s",
				 rows[i].base ? rows[i].base : "NULL", rows[i].link,
				 rows[i].want ? rows[i].want : "NULL", got ? got : "NULL");
		g_free(got);
		g_free(host);
	}
}

static void test_home(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		bool want;
	} rows[] = {
	    {"/", true},
	    {"/index.php", true},
	    {"/index.php?language=vi", true},
	    {"/?language=vi", true},
	    {"/vi/", true},
	    {"/vi", true},
	    {"/#top", true},
	    {"/index.php?language=vi&nv=news", false},
	    {"/?p=3", false},
	    {"/en/", false},
	    {"/video/", false},
	    {"/gioi-thieu/", false},
	};
	for (size_t i = 0; i < N(rows); i++)
		if (nm_is_home("vi", rows[i].path) != rows[i].want)
			fail_msg("nm_is_home(\"%s\"): want %d", rows[i].path, rows[i].want);
}

static void test_link_text(void **state)
{
	(void)state;
	static const struct {
		const char *in, *name, *address;
	} rows[] = {
	    {"Giới thiệu", "Giới thiệu", "Giới%20thiệu"},
	    {"A; B | C", "A, B / C", "A%3B%20B%20%7C%20C"},
	    {"  hai\n dòng\t ", "hai dòng", "%20%20hai%0A%20dòng%09%20"},
	    /* decomposed "ệ" (e + U+0323 + U+0302) made NFC for the name */
	    {"Vi\x65\xcc\xa3\xcc\x82t", "Việt", "Vi\x65\xcc\xa3\xcc\x82t"},
	    {"/a?q=\"x\"&y='z'<b>", "/a?q=\"x\"&y='z'<b>", "/a?q=%22x%22&y=%27z%27%3Cb%3E"},
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct buf name = BUF_INIT, addr = BUF_INIT;
		nm_link_name(rows[i].in, &name);
		nm_link_address(rows[i].in, &addr);
		assert_string_equal(buf_cstr(&name), rows[i].name);
		assert_string_equal(buf_cstr(&addr), rows[i].address);
		buf_free(&name);
		buf_free(&addr);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_local_path),
	    cmocka_unit_test(test_home),
	    cmocka_unit_test(test_link_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
