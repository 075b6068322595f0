/* Edge cases of the search query parser and the snippet builder (table-driven). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "search/query.h"
#include "search/snippet.h"
#include "search/token.h"

/* "w1 w2" for words, with '"' around phrases, '!' before marked terms, '~' before joined words,
 * '-' before excluded ones, terms separated by '|'. */
static void render(const struct search_query *q, struct buf *b)
{
	for (size_t i = 0; i < q->nterms + q->nexcluded; i++) {
		bool ex = i >= q->nterms;
		const struct search_term *t = ex ? &q->excluded[i - q->nterms] : &q->terms[i];
		if (i)
			buf_putc(b, '|');
		buf_puts(b, ex ? "-" : "");
		buf_puts(b, t->marked ? "!" : "");
		buf_puts(b, t->joined ? "~" : "");
		buf_puts(b, t->quoted ? "\"" : "");
		for (size_t j = 0; j < t->n; j++) {
			buf_puts(b, j ? " " : "");
			buf_puts(b, t->marked ? t->exact[j] : t->fold[j]);
		}
		buf_puts(b, t->quoted ? "\"" : "");
	}
	buf_append(b, "", 0);
}

static const struct {
	const char *in, *want;
} rows[] = {
    {"", ""},
    {"   ", ""},
    {"!!! ... ???", ""},
    {"dang", "dang"},
    {"Đảng", "!đảng"},
    {"ĐẢNG", "!đảng"},
    {"Đa\xcc\x89ng", "!đảng"}, /* decomposed */
    {"dan van kheo", "dan|~van|~kheo"},
    {"Dân vận khéo", "!dân|!~vận|!~khéo"},
    {"\"ca Huế\"", "!\"ca huế\""},
    {"\"ca hue", "\"ca hue\""}, /* unbalanced quote runs to the end */
    {"\"", ""},
    {"\"\"", ""},
    {"a \"b c\" d", "a|\"b c\"|d"},
    {"dang -mua", "dang|-mua"},
    {"-mua", "-mua"},
    {"- mua", "mua"},
    {"-\"mua to\" dang", "dang|-\"mua to\""},
    {"covid-19", "\"covid 19\""},
    {"a*b", "\"a b\""},
    {"NEAR(a b)", "\"near a\"|b"},
    {"x OR y AND NOT z", "x|~or|~y|~and|~not|~z"},
    {"^title: (dang)", "title|~dang"},
    {"a , b", "a|b"},
    {"\x01\x02", ""},
};

static void t_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct arena *a = arena_new();
		struct search_query q;
		struct buf b = BUF_INIT;
		assert_int_equal(search_query_parse(a, rows[i].in, strlen(rows[i].in), &q), 0);
		render(&q, &b);
		if (strcmp(buf_cstr(&b), rows[i].want) != 0)
			fail_msg("query '%s': got '%s', want '%s'", rows[i].in, buf_cstr(&b),
				 rows[i].want);
		buf_free(&b);
		arena_free(a);
	}
}

static void t_invalid_utf8(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct search_query q;
	assert_int_equal(search_query_parse(a, "ab\xff", 3, &q), -1);
	assert_int_equal(q.nterms, 0);
	assert_int_equal(search_query_parse(a, "a\0b", 3, &q), -1);
	arena_free(a);
}

static void t_limits(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct buf in = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_puts(&in, i % 3 == 2 ? " " : "đ");
	struct search_query q;
	assert_int_equal(search_query_parse(a, in.data, in.len, &q), 0);
	assert_true(q.truncated);
	assert_true(q.nterms <= SEARCH_TERMS_MAX);
	assert_true(q.nterms > 0);
	buf_reset(&in);
	for (int i = 0; i < 100; i++)
		buf_puts(&in, "a ");
	assert_int_equal(search_query_parse(a, in.data, in.len, &q), 0);
	assert_int_equal(q.nterms, SEARCH_TERMS_MAX);
	assert_true(q.truncated);
	buf_reset(&in);
	buf_putc(&in, '"');
	for (int i = 0; i < 40; i++)
		buf_puts(&in, "b ");
	assert_int_equal(search_query_parse(a, in.data, in.len, &q), 0);
	assert_int_equal(q.nterms, 1);
	assert_int_equal(q.terms[0].n, SEARCH_TERM_WORDS_MAX);
	buf_free(&in);
	arena_free(a);
}

static void snippet_is(const char *text, const char *query, size_t max, const char *want)
{
	struct arena *a = arena_new();
	struct search_query q;
	assert_int_equal(search_query_parse(a, query, strlen(query), &q), 0);
	struct safe_html *h = NULL;
	assert_int_equal(search_snippet(text, strlen(text), &q, max, &h), 0);
	if (strcmp(safe_html_str(h), want) != 0)
		fail_msg("snippet of '%s' for '%s': got '%s', want '%s'", text, query,
			 safe_html_str(h), want);
	safe_html_free(h);
	arena_free(a);
}

static void t_snippets(void **state)
{
	(void)state;
	snippet_is("Đảng bộ và đang <b>", "dang", 200,
		   "<mark>Đảng</mark> bộ và <mark>đang</mark> &lt;b&gt;");
	snippet_is("a & b \"c\" 'd'", "zz", 200, "a &amp; b &quot;c&quot; &#39;d&#39;");
	snippet_is("một hai ba bốn năm sáu bảy tám chín mười Đảng viên mới", "dang", 24,
		   "… <mark>Đảng</mark> viên mới");
	snippet_is("Đảng viên một hai ba bốn năm sáu bảy tám chín mười", "dang", 24,
		   "<mark>Đảng</mark> viên một hai …");
	snippet_is("<script>alert(1)</script> dang", "dang", 200,
		   "&lt;script&gt;alert(1)&lt;/script&gt; <mark>dang</mark>");
}

/* Every word of a text as "start-end exact/fold;". */
static int collect(const struct search_token *t, void *ctx)
{
	buf_printf(ctx, "%zu-%zu %.*s/%.*s;", t->start, t->end, (int)t->nexact, t->exact,
		   (int)t->nfold, t->fold);
	return 0;
}

static int collect_folds(const struct search_token *t, void *ctx)
{
	if (t->nexact != t->nfold || memcmp(t->exact, t->fold, t->nfold) != 0)
		fail_msg("folds only: exact \"%.*s\" is not the fold \"%.*s\"", (int)t->nexact,
			 t->exact, (int)t->nfold, t->fold);
	buf_printf(ctx, "%zu-%zu %.*s;", t->start, t->end, (int)t->nfold, t->fold);
	return 0;
}

/* The tokenizer's forms (written into buffers grown once per word since issue 18), and the
 * folds-only walk of snippets: the same words, ranges and folds as the full one, on random texts
 * of ASCII, Vietnamese letters upper and lower case, decomposed marks, other scripts, symbols,
 * invalid and overlong UTF-8. */
static void t_tokenizer(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	search_tokenize("ĐẢNG Bộ, xã A1 — Ꭰ ΣΊΣΥΦΟΣ ǅ", strlen("ĐẢNG Bộ, xã A1 — Ꭰ ΣΊΣΥΦΟΣ ǅ"),
			collect, &b);
	assert_string_equal(buf_cstr(&b),
			    "0-7 đảng/dang;8-12 bộ/bo;14-17 xã/xa;18-20 a1/a1;"
			    "25-28 ꭰ/Ꭰ;29-43 σίσυφοσ/σισυφοσ;44-46 ǆ/ǆ;");
	static const char *const parts[] = {"a",
					    "Z",
					    "9",
					    " ",
					    ",",
					    "đ",
					    "Đ",
					    "ế",
					    "Ữ",
					    "e\xcc\x81",
					    "\xcc\x83",
					    "\xc0\xaf",
					    "\xe0\x80\xaf",
					    "\xff",
					    "\xc3",
					    "日本",
					    "Ω",
					    "ǅ",
					    "ﬁ",
					    "\xe2\x80\x94",
					    "İ",
					    "ß",
					    "\xf0\x9f\x98\x80",
					    "x"};
	srand(18);
	struct buf text = BUF_INIT, all = BUF_INIT, folds = BUF_INIT, want = BUF_INIT;
	for (int round = 0; round < 2000; round++) {
		buf_reset(&text);
		int n = rand() % 40;
		for (int i = 0; i < n; i++)
			buf_puts(&text, parts[rand() % (int)(sizeof parts / sizeof parts[0])]);
		buf_reset(&all);
		buf_reset(&folds);
		buf_reset(&want);
		search_tokenize(text.data ? text.data : "", text.len, collect, &all);
		search_tokenize_folds(text.data ? text.data : "", text.len, collect_folds, &folds);
		/* the folds of the full walk */
		for (const char *p = buf_cstr(&all); *p;) {
			const char *sp = strchr(p, ' '), *sl = strchr(sp, '/'),
				   *se = strchr(sl, ';');
			buf_append(&want, p, (size_t)(sp - p + 1));
			buf_append(&want, sl + 1, (size_t)(se - sl));
			p = se + 1;
		}
		if (strcmp(buf_cstr(&want), buf_cstr(&folds)) != 0)
			fail_msg("folds of \"%s\": expected %s, got %s", buf_cstr(&text),
				 buf_cstr(&want), buf_cstr(&folds));
	}
	buf_free(&b);
	buf_free(&text);
	buf_free(&all);
	buf_free(&folds);
	buf_free(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(t_rows),      cmocka_unit_test(t_invalid_utf8),
	    cmocka_unit_test(t_limits),    cmocka_unit_test(t_snippets),
	    cmocka_unit_test(t_tokenizer),
	};
	return cmocka_run_group_tests_name("search-query", tests, NULL, NULL);
}
