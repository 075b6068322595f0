/* Unit tests of the interface catalogues (src/site/i18n.c): the theme's vi.json and en.json load,
 * dates in each language's pattern, strings missing from a catalogue fall back to the default one,
 * and bad folders are refused with the file named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "site/i18n.h"
#include "vi/vi.h"

#ifndef THEME_I18N
#error "THEME_I18N must name theme/i18n"
#endif

static const char *value_of(const struct i18n_cat *c, const char *key)
{
	for (size_t i = 0; i < c->nstrings; i++)
		if (strcmp(c->keys[i], key) == 0)
			return c->values[i];
	return NULL;
}

static void test_theme_catalogues(void **state)
{
	(void)state;
	struct i18n in;
	struct buf err = BUF_INIT;
	assert_int_equal(i18n_load(&in, THEME_I18N, &err), 0);
	const struct i18n_cat *vi = i18n_find(&in, "vi", 2);
	const struct i18n_cat *en = i18n_find(&in, "en", 2);
	assert_non_null(vi);
	assert_non_null(en);
	assert_true(vi->is_default);
	assert_false(en->is_default);
	assert_string_equal(vi->prefix, "");
	assert_string_equal(en->prefix, "/en");
	assert_null(i18n_find(&in, "e", 1));
	assert_string_equal(value_of(en, "home"), "Home");
	assert_string_equal(value_of(vi, "home"), "Trang chủ");
	assert_int_equal(vi->nstrings, en->nstrings);
	i18n_free(&in);
	buf_free(&err);
}

static void test_formats(void **state)
{
	(void)state;
	struct i18n in;
	struct buf err = BUF_INIT;
	assert_int_equal(i18n_load(&in, THEME_I18N, &err), 0);
	static const struct {
		const char *lang;
		struct vi_tm tm;
		bool clock;
		const char *want;
	} rows[] = {
	    {"en",
	     {2026, 12, 3, 14, 5, 9, 4, 25200},
	     true,
	     "Thursday, 3 December 2026 - 2:05:09 PM"},
	    {"vi",
	     {2026, 12, 3, 14, 5, 9, 4, 25200},
	     true,
	     "Thứ Năm, ngày 3 tháng 12 năm 2026 - 2:05:09 PM"},
	    {"en", {2026, 1, 31, 0, 0, 0, 6, 0}, false, "31 January 2026"},
	    {"vi", {2026, 1, 31, 0, 0, 0, 6, 0}, false, "31/01/2026"},
	    {"en", {2026, 7, 5, 0, 0, 0, 0, 0}, true, "Sunday, 5 July 2026 - 12:00:00 AM"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct i18n_cat *c = i18n_find(&in, rows[i].lang, strlen(rows[i].lang));
		struct buf b = BUF_INIT;
		i18n_format(&b, c, rows[i].clock ? c->clock : c->date, &rows[i].tm);
		assert_string_equal(buf_cstr(&b), rows[i].want);
		buf_free(&b);
	}
	/* an unknown placeholder and a lone brace are kept as they are */
	const struct i18n_cat *en = i18n_find(&in, "en", 2);
	struct buf b = BUF_INIT;
	struct vi_tm tm = {2026, 12, 3, 9, 0, 0, 4, 0};
	i18n_format(&b, en, "{nope} {year} {", &tm);
	assert_string_equal(buf_cstr(&b), "{nope} 2026 {");
	buf_free(&b);
	i18n_free(&in);
	buf_free(&err);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_dir(const char *dir, const char *const *names)
{
	char path[512];
	for (; *names; names++) {
		snprintf(path, sizeof path, "%s/%s", dir, *names);
		unlink(path);
	}
	rmdir(dir);
}

#define DAYS "\"weekdays\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"]"
#define MONTHS                                                                                     \
	"\"months\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\"]"

static void test_fallback_and_refusals(void **state)
{
	(void)state;
	char dir[] = "/tmp/gz-i18n-XXXXXX";
	assert_non_null(mkdtemp(dir));
	static const char *const names[] = {"vi.json", "fr.json", "de.json", "X1.json", NULL};
	write_file(dir, "vi.json",
		   "{\"default\":true," DAYS "," MONTHS ",\"strings\":{\"home\":\"Trang chủ\","
		   "\"menu\":\"Danh mục\"}}");
	write_file(dir, "fr.json", "{" DAYS "," MONTHS ",\"strings\":{\"home\":\"Accueil\"}}");
	struct i18n in;
	struct buf err = BUF_INIT;
	assert_int_equal(i18n_load(&in, dir, &err), 0);
	const struct i18n_cat *fr = i18n_find(&in, "fr", 2);
	assert_non_null(fr);
	assert_string_equal(value_of(fr, "home"), "Accueil");
	assert_string_equal(value_of(fr, "menu"), "Danh mục"); /* from the default catalogue */
	assert_string_equal(fr->prefix, "/fr");
	i18n_free(&in);

	/* a second default */
	write_file(dir, "de.json", "{\"default\":true," DAYS "," MONTHS ",\"strings\":{}}");
	assert_int_equal(i18n_load(&in, dir, &err), -1);
	assert_non_null(strstr(buf_cstr(&err), "exactly one"));
	/* six weekdays */
	buf_reset(&err);
	write_file(dir, "de.json", "{\"weekdays\":[\"a\"]," MONTHS ",\"strings\":{}}");
	assert_int_equal(i18n_load(&in, dir, &err), -1);
	assert_non_null(strstr(buf_cstr(&err), "de.json"));
	/* broken JSON names the file and line */
	buf_reset(&err);
	write_file(dir, "de.json", "{\n\"strings\": }");
	assert_int_equal(i18n_load(&in, dir, &err), -1);
	assert_non_null(strstr(buf_cstr(&err), "de.json:2"));
	/* a file name that is not a language code */
	buf_reset(&err);
	char de[512];
	snprintf(de, sizeof de, "%s/de.json", dir);
	unlink(de);
	write_file(dir, "X1.json", "{}");
	assert_int_equal(i18n_load(&in, dir, &err), -1);
	assert_non_null(strstr(buf_cstr(&err), "X1.json"));
	remove_dir(dir, names);

	/* no folder: one built-in default, Vietnamese dates */
	buf_reset(&err);
	assert_int_equal(i18n_load(&in, "/nonexistent/gz-i18n", &err), 0);
	assert_int_equal((int)in.n, 1);
	assert_true(in.cats[0].is_default);
	i18n_free(&in);
	buf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_theme_catalogues),
	    cmocka_unit_test(test_formats),
	    cmocka_unit_test(test_fallback_and_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
