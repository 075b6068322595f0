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
 * '-' before excluded ones, "=a1 a2" after a term with another spelling, terms separated by '|'. */
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
		const char **alt = t->marked ? t->alt : t->fold_alt;
		for (size_t j = 0; alt && j < t->n; j++) /* the other spelling: "=w1 w2" */
			buf_printf(b, "%s%s", j ? " " : "=", alt[j]);
		for (size_t j = 0; t->marked && t->fold_alt && j < t->n; j++) /* and its fold's */
			buf_printf(b, "%s%s", j ? " " : "/", t->fold_alt[j]);
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
    /* tone marks placed two ways: the other spelling of each word that has one */
    {"Hòa", "!hòa=hoà"},
    {"hoà bình", "!hoà=hòa|!~bình"},
    {"\"thủy lợi hòa\"", "!\"thủy lợi hòa\"=thuỷ lợi hoà"},
    {"-khoẻ", "-!khoẻ=khỏe"},
    {"hoa khoe", "hoa|~khoe"},
    {"quý qúy thúy", "!quý=quí/qui|!~qúy=quý/qui|!~thúy=thuý"},
    {"hoàn toán hòan", "!hoàn|!~toán|!~hòan"},
    {"ĐÒA oà", "!đòa=đoà|!~oà=òa"},
    /* "y" or "i" after k, l, m, s, t, h or "qu" */
    {"kỹ thuật", "!kỹ=kĩ/ki|!~thuật"},
    {"ky thuat", "ky=ki|~thuat"},
    {"qui định", "qui=quy|!~định"},
    {"\"lý do\" -mĩ", "!\"lý do\"=lí do/li do|-!mĩ=mỹ/my"},
    {"-sy", "-sy=si"},
    {"vy khuya thy", "vy|~khuya|~thy"},
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
	/* The first window that holds every word of the query is shown (the text is read no
	 * further), not a later one where one word comes more often */
	snippet_is("Đảng viên một hai ba bốn năm sáu bảy tám chín mười đảng đảng đảng đảng", "dang",
		   24, "<mark>Đảng</mark> viên một hai …");
	snippet_is("nông một hai ba bốn năm sáu bảy tám chín mười thôn mười một nông thôn mới hai "
		   "ba bốn năm sáu nông thôn nông thôn",
		   "nông thôn", 24, "… <mark>nông</mark> <mark>thôn</mark> mới hai …");
	/* words found after that window's first mark are marked too */
	snippet_is("một hai ba bốn năm sáu bảy tám chín mười Đảng đang đảng mười một mười hai mười "
		   "ba mười bốn",
		   "dang", 24, "… <mark>Đảng</mark> <mark>đang</mark> <mark>đảng</mark> …");
	/* no window holds them all: the one with the most matched words */
	snippet_is("nông một hai ba bốn năm sáu bảy tám chín mười thôn thôn thôn mười một mười hai",
		   "nông thôn", 24, "… <mark>thôn</mark> <mark>thôn</mark> <mark>thôn</mark> …");
	/* the other spelling of a word ("kĩ" for "kỹ") is marked, and holds its place in the
	 * window that holds every word */
	snippet_is("Kĩ sư và kỹ thuật", "kỹ", 200, "<mark>Kĩ</mark> sư và <mark>kỹ</mark> thuật");
	snippet_is("kĩ một hai ba bốn năm sáu bảy tám chín mười thuật mười một kĩ thuật mới hai",
		   "kỹ thuật", 24, "… <mark>kĩ</mark> <mark>thuật</mark> mới hai");
}

/* Random texts and queries over a small vocabulary: every word of the query inside the text shown
 * is marked, and the text shown holds every word of the query whenever some window of the text
 * does (windows placed as the snippet places them: a quarter before a matched word). */
static void t_snippet_windows(void **state)
{
	(void)state;
	static const char *const vocab[] = {"nông",  "thôn", "mới", "Đảng", "đang", "xã",
					    "huyện", "một",  "hai", "ba",   "bốn",  "năm"};
	static const char *const folds[] = {"nong",  "thon", "moi", "dang", "dang", "xa",
					    "huyen", "mot",  "hai", "ba",   "bon",  "nam"};
	size_t nv = sizeof vocab / sizeof vocab[0];
	srand(7);
	for (int round = 0; round < 3000; round++) {
		struct buf text = BUF_INIT, query = BUF_INIT, shown = BUF_INIT;
		int n = 1 + rand() % 60;
		for (int i = 0; i < n; i++)
			buf_printf(&text, "%s%s", i ? " " : "", vocab[(size_t)rand() % nv]);
		const char *want[3];
		int nq = 1 + rand() % 3;
		for (int i = 0; i < nq; i++) {
			size_t k = (size_t)rand() % 7; /* query words from the first seven */
			want[i] = folds[k];
			buf_printf(&query, "%s%s", i ? " " : "", vocab[k]);
		}
		size_t max = 20 + (size_t)(rand() % 60);
		struct arena *a = arena_new();
		struct search_query q;
		assert_int_equal(search_query_parse(a, query.data, query.len, &q), 0);
		struct safe_html *h = NULL;
		assert_int_equal(search_snippet(text.data, text.len, &q, max, &h), 0);
		const char *out = safe_html_str(h);
		size_t marks = 0;
		for (const char *p = out; *p;) { /* the text shown, without the marks */
			if (strncmp(p, "<mark>", 6) == 0) {
				marks++;
				p += 6;
			} else if (strncmp(p, "</mark>", 7) == 0) {
				p += 7;
			} else {
				buf_putc(&shown, *p++);
			}
		}
		/* each word of the text shown: wanted ones counted, and which were seen */
		size_t found = 0;
		bool seen[3] = {false, false, false};
		const char *p = buf_cstr(&shown);
		while (*p) {
			size_t len = strcspn(p, " ");
			for (size_t k = 0; k < nv; k++)
				if (strlen(vocab[k]) == len && strncmp(p, vocab[k], len) == 0) {
					bool w = false;
					for (int i = 0; i < nq; i++)
						if (strcmp(folds[k], want[i]) == 0)
							w = seen[i] = true;
					found += w;
				}
			p += len;
			p += *p == ' ';
		}
		if (marks != found)
			fail_msg("'%s' for '%s' (%zu bytes): %zu marks in '%s', %zu matched words",
				 text.data, query.data, max, marks, out, found);
		/* some window holds every word? (as the snippet places them: from a quarter of
		 * the size before a matched word, the words after it that end inside) */
		bool any = false;
		for (size_t at = 0; at < text.len && !any; at += strcspn(text.data + at, " ") + 1) {
			size_t from = at > max / 4 ? at - max / 4 : 0;
			bool in[3] = {false, false, false}, first = true;
			for (size_t b = at; b < text.len; b += strcspn(text.data + b, " ") + 1) {
				size_t len = strcspn(text.data + b, " ");
				if (b + len > from + max)
					break;
				for (size_t k = 0; k < nv; k++)
					if (strlen(vocab[k]) == len &&
					    strncmp(text.data + b, vocab[k], len) == 0)
						for (int i = 0; i < nq; i++)
							if (strcmp(folds[k], want[i]) == 0)
								in[i] = true;
				if (first && !(in[0] || in[1] || in[2]))
					break; /* windows start at a matched word */
				first = false;
			}
			any = true;
			for (int i = 0; i < nq; i++)
				any &= in[i];
		}
		bool all = true;
		for (int i = 0; i < nq; i++)
			all &= seen[i];
		if (any && !all && text.len > max)
			fail_msg("'%s' for '%s' (%zu bytes): shown '%s', not every word though a "
				 "window holds them all",
				 text.data, query.data, max, out);
		safe_html_free(h);
		arena_free(a);
		buf_free(&text);
		buf_free(&query);
		buf_free(&shown);
	}
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
	    cmocka_unit_test(t_rows),
	    cmocka_unit_test(t_invalid_utf8),
	    cmocka_unit_test(t_limits),
	    cmocka_unit_test(t_snippets),
	    cmocka_unit_test(t_snippet_windows),
	    cmocka_unit_test(t_tokenizer),
	};
	return cmocka_run_group_tests_name("search-query", tests, NULL, NULL);
}
