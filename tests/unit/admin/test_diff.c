/* Unit tests of the word diff (src/admin/diff.c) that the revision screen shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "admin/admin-int.h"
#include "core/arena.h"
#include "core/buf.h"

/* The diff as text: kept text as is, [+inserted] and [-deleted]. Where a word is replaced, the
 * insertion comes before the deletion. */
static const char *render(struct arena *a, const char *from, const char *to)
{
	size_t n = 0;
	struct diff_seg *s = admin_diff_words(a, from, to, &n);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i].kind != DIFF_SAME)
			buf_puts(&b, s[i].kind == DIFF_INS ? "[+" : "[-");
		buf_append(&b, s[i].text, s[i].len);
		if (s[i].kind != DIFF_SAME)
			buf_putc(&b, ']');
	}
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static void test_cases(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to, *want;
	} cases[] = {
	    {"", "", ""},
	    {"a b c", "a b c", "a b c"},
	    {"a b c", "a x c", "a [+x ][-b ]c"},
	    {"", "xin chào", "[+xin chào]"},
	    {"xin chào", "", "[-xin chào]"},
	    {"Hà Nội mùa thu", "Hà Nội mùa xuân", "Hà Nội mùa [+xuân][-thu]"},
	    {"một hai ba ", "ba một hai ", "[+ba ]một hai [-ba ]"},
	    /* a word keeps the whitespace after it: "hai" at the end differs from "hai " */
	    {"một hai ba", "ba một hai", "[+ba ]một [+hai][-hai ba]"},
	    {"Sáng 2/3, xã A ra quân", "Sáng 3/3, xã A ra quân làm đường",
	     "Sáng [+3/3, ][-2/3, ]xã A ra [+quân làm đường][-quân]"},
	    {"a b c d e", "a c e", "a [-b ]c [-d ]e"},
	    {"dòng một\ndòng hai", "dòng một\ndòng ba", "dòng một\ndòng [+ba][-hai]"},
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = render(a, cases[i].from, cases[i].to);
		if (strcmp(got, cases[i].want) != 0)
			printf("diff(%s -> %s): expected \"%s\", got \"%s\"\n", cases[i].from,
			       cases[i].to, cases[i].want, got);
		assert_string_equal(got, cases[i].want);
	}
	arena_free(a);
}

/* Kept + deleted segments give back the old text, kept + inserted the new one; no two neighbours
 * of the same kind are left unmerged when they touch. Over pseudo-random texts. */
static void check_rebuild(struct arena *a, const char *from, const char *to)
{
	size_t n = 0;
	struct diff_seg *s = admin_diff_words(a, from, to, &n);
	struct buf x = BUF_INIT, y = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		assert_true(s[i].len > 0);
		if (s[i].kind != DIFF_INS)
			buf_append(&x, s[i].text, s[i].len);
		if (s[i].kind != DIFF_DEL)
			buf_append(&y, s[i].text, s[i].len);
		if (i && s[i].kind == s[i - 1].kind)
			assert_ptr_not_equal(s[i - 1].text + s[i - 1].len, s[i].text);
	}
	if (strcmp(buf_cstr(&x), from) != 0 || strcmp(buf_cstr(&y), to) != 0)
		printf("expected the diff to rebuild \"%s\" and \"%s\", got \"%s\" and \"%s\"\n",
		       from, to, buf_cstr(&x), buf_cstr(&y));
	assert_string_equal(buf_cstr(&x), from);
	assert_string_equal(buf_cstr(&y), to);
	buf_free(&x);
	buf_free(&y);
}

static void test_rebuild(void **state)
{
	(void)state;
	static const char *const words[] = {"Đảng", "dân", "vận", "khéo", "xã", "huyện", "a", "b"};
	uint32_t seed = 12345;
	struct arena *a = arena_new();
	for (int round = 0; round < 300; round++) {
		char from[256] = "", to[256] = "";
		char *t[2] = {from, to};
		for (int k = 0; k < 2; k++) {
			seed = seed * 1103515245u + 12345u;
			int nw = (int)(seed >> 16) % 12;
			for (int w = 0; w < nw; w++) {
				seed = seed * 1103515245u + 12345u;
				strcat(t[k], words[(seed >> 16) % 8]);
				strcat(t[k], (seed >> 8) % 5 == 0 ? "\n" : " ");
			}
		}
		check_rebuild(a, from, to);
	}
	check_rebuild(a, "  leading", " leading  trailing ");
	arena_free(a);
}

/* Past the size limit the middle is shown as one deletion and one insertion. */
static void test_large(void **state)
{
	(void)state;
	struct buf x = BUF_INIT, y = BUF_INIT;
	for (int i = 0; i < 3000; i++) {
		buf_printf(&x, "x%d ", i);
		buf_printf(&y, "y%d ", i);
	}
	buf_puts(&x, "cuối");
	buf_puts(&y, "cuối");
	struct arena *a = arena_new();
	size_t n = 0;
	struct diff_seg *s = admin_diff_words(a, buf_cstr(&x), buf_cstr(&y), &n);
	assert_int_equal(n, 3);
	assert_int_equal(s[0].kind, DIFF_DEL);
	assert_int_equal(s[1].kind, DIFF_INS);
	assert_int_equal(s[2].kind, DIFF_SAME);
	assert_int_equal(s[2].len, strlen("cuối"));
	check_rebuild(a, buf_cstr(&x), buf_cstr(&y));
	arena_free(a);
	buf_free(&x);
	buf_free(&y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),
	    cmocka_unit_test(test_rebuild),
	    cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
