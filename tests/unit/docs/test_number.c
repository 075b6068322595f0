/* Unit tests of src/docs/number.c: cleaning numbers and symbols, number-like queries and phrases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "docs/number.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct clean_row {
	const char *in, *want; /* want NULL: refused */
} clean_rows[] = {
    {"15/2024/QĐ-UBND", "15/2024/QĐ-UBND"},
    {"15/2024/qđ-ubnd", "15/2024/QĐ-UBND"},
    {"  15 / 2024 / QĐ - UBND ", "15/2024/QĐ-UBND"},
    {"15/2024/Q\xc4\x90-UBND", "15/2024/QĐ-UBND"},
    {"15/2024/QD\xcc\x9b-UBND", NULL}, /* a combining horn on D: not a letter of a symbol */
    {"123/UBND-VP", "123/UBND-VP"},
    {"01/2023/TT-BTC", "01/2023/TT-BTC"},
    {"Số 12   kế hoạch", "SỐ 12 KẾ HOẠCH"},
    {"12/KH_UBND", "12/KH_UBND"},
    {"", NULL},
    {"   ", NULL},
    {"/-/", NULL},
    {"15/2024<script>", NULL},
    {"15;2024", NULL},
    {"\xff\xfe", NULL},
    {"1234567890123456789012345678901234567890123456789012345678901234", /* 64 bytes */
     "1234567890123456789012345678901234567890123456789012345678901234"},
    {"12345678901234567890123456789012345678901234567890123456789012345", NULL},
};

static void test_clean(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(clean_rows); i++) {
		const struct clean_row *r = &clean_rows[i];
		struct buf b = BUF_INIT;
		buf_puts(&b, "[");
		const char *msg = "unset";
		int rc = doc_number_clean(r->in, strlen(r->in), &b, &msg);
		if (r->want && (rc != 0 || strcmp(b.data + 1, r->want) != 0))
			fail_msg("\"%s\": expected \"%s\", got rc %d \"%s\" (%s)", r->in, r->want,
				 rc, b.data + 1, msg ? msg : "");
		if (!r->want && (rc != -1 || strcmp(b.data, "[") != 0 || !msg || strlen(msg) < 10))
			fail_msg("\"%s\": expected a refusal with a reason and nothing written, "
				 "got rc %d "
				 "\"%s\"",
				 r->in, rc, b.data);
		if (r->want && msg != NULL)
			fail_msg("\"%s\": a success must clear msg, got \"%s\"", r->in, msg);
		buf_free(&b);
	}
}

static const struct like_row {
	const char *q;
	bool like;
} like_rows[] = {
    {"15/2024/QĐ-UBND", true},
    {"15/2024", true},
    {"QĐ-UBND", true},
    {"qd-ubnd", true},
    {"15", true},
    {" 15 ", true},
    {"UBND/VP", true},
    {"ubnd", false},
    {"đất đai", false},
    {"15 hộ dân", false},
    {"-ubnd", false},
    {"ubnd-", false},
    {"\"15/2024\"", false},
    {"", false},
    {"a--b", false},
    {"2024", true},
};

static void test_like(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(like_rows); i++)
		if (doc_number_like(like_rows[i].q, strlen(like_rows[i].q)) != like_rows[i].like)
			fail_msg("\"%s\": expected number-like %d, got %d", like_rows[i].q,
				 like_rows[i].like, !like_rows[i].like);
}

static const struct phrase_row {
	const char *q;
	const char *exact, *fold; /* words joined by spaces */
	bool marked;
} phrase_rows[] = {
    {"15/2024/QĐ-UBND", "15 2024 qđ ubnd", "15 2024 qd ubnd", true},
    {"qd-ubnd", "qd ubnd", "qd ubnd", false},
    {"QĐ-UBND", "qđ ubnd", "qd ubnd", true},
    {"15", "15", "15", false},
};

static void join(struct buf *b, const char **w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? " " : "", w[i]);
}

static void test_phrase(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	for (size_t i = 0; i < N(phrase_rows); i++) {
		const struct phrase_row *r = &phrase_rows[i];
		struct search_term t;
		assert_int_equal(doc_number_phrase(a, r->q, strlen(r->q), &t), 0);
		struct buf e = BUF_INIT, f = BUF_INIT;
		join(&e, t.exact, t.n);
		join(&f, t.fold, t.n);
		if (strcmp(buf_cstr(&e), r->exact) || strcmp(buf_cstr(&f), r->fold) ||
		    t.marked != r->marked || !t.quoted)
			fail_msg("\"%s\": expected [%s]/[%s] marked %d, got [%s]/[%s] marked %d",
				 r->q, r->exact, r->fold, r->marked, buf_cstr(&e), buf_cstr(&f),
				 t.marked);
		buf_free(&e);
		buf_free(&f);
	}
	struct search_term t;
	assert_int_equal(doc_number_phrase(a, "/-/", 3, &t), -1);
	assert_int_equal(doc_number_phrase(a, "1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17", 41, &t),
			 -1);
	arena_free(a);
}

/* The article query parser already makes the same phrase of a number typed among other words,
 * so the number is found by its parts in every text column too. */
static void test_query_parser_agrees(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct search_query q;
	assert_int_equal(search_query_parse(a, "quyết định 15/2024/QĐ-UBND", 29, &q), 0);
	assert_int_equal(q.nterms, 3);
	assert_int_equal(q.terms[2].n, 4);
	assert_true(q.terms[2].quoted);
	assert_string_equal(q.terms[2].fold[2], "qd");
	assert_int_equal(q.nexcluded, 0);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_like),
	    cmocka_unit_test(test_phrase),
	    cmocka_unit_test(test_query_parser_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
