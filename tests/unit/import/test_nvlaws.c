/* Unit tests of src/import/nvlawsmap.c: NukeViet's laws module values as Gazette's documents take
 * them (days in the site's zone, id and file lists, visibility, text, numbers, dates).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "docs/record.h"
#include "import/nvlawsmap.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NO DOC_NO_DATE
#define D20240301 19783 /* days from 1970-01-01 to 2024-03-01 */

static void test_day(void **state)
{
	(void)state;
	static const struct {
		int64_t t;
		const char *tz;
		int32_t want;
	} rows[] = {
	    {0, "Asia/Ho_Chi_Minh", NO},
	    {-5, "Asia/Ho_Chi_Minh", NO},
	    {1709226000, "Asia/Ho_Chi_Minh", D20240301}, /* 2024-03-01 00:00 +07 */
	    {1709225999, "Asia/Ho_Chi_Minh", D20240301 - 1},
	    {1709226000 + 86399, "Asia/Ho_Chi_Minh", D20240301},
	    {1709226000, "UTC", D20240301 - 1}, /* the same instant is still 29/02 in UTC */
	};
	for (size_t i = 0; i < N(rows); i++)
		assert_int_equal(nvl_day(rows[i].t, rows[i].tz), rows[i].want);
}

static void test_ids(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t n;
		int64_t want[4];
	} rows[] = {
	    {"3,5, 7", 3, {3, 5, 7}},
	    {"1,1,0,-2,x,9", 2, {1, 9}},
	    {" 4 , 4 ,", 1, {4}},
	    {"", 0, {0}},
	    {NULL, 0, {0}},
	    {"12a,13", 1, {13}},
	    {"1,2,3,4,5,6", 4, {1, 2, 3, 4}}, /* at most max */
	};
	for (size_t i = 0; i < N(rows); i++) {
		int64_t got[4] = {0};
		size_t n = nvl_ids(rows[i].in, got, 4);
		if (n != rows[i].n)
			fail_msg("nvl_ids(\"%s\"): want %zu ids, got %zu",
				 rows[i].in ? rows[i].in : "", rows[i].n, n);
		for (size_t j = 0; j < n; j++)
			assert_int_equal(got[j], rows[i].want[j]);
	}
}

static void test_items(void **state)
{
	(void)state;
	const char *s = " 2024/a.pdf, ,b/c d.doc ,,https://x.vn/y.pdf";
	static const char *const want[] = {"2024/a.pdf", "b/c d.doc", "https://x.vn/y.pdf"};
	struct buf item = BUF_INIT;
	size_t n = 0;
	while (nvl_next_item(&s, &item)) {
		assert_true(n < N(want));
		assert_string_equal(buf_cstr(&item), want[n]);
		n++;
	}
	assert_int_equal(n, N(want));
	assert_false(nvl_next_item(&s, &item));
	buf_free(&item);
}

static void test_remote_and_public(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		bool remote, public_;
	} rows[] = {
	    {"https://vanban.gov.vn/a.pdf", true, false},
	    {"HTTP://X.VN/A.PDF", true, false},
	    {"//cdn.example/a.pdf", true, false},
	    {"2024_03/a.pdf", false, false},
	    {"6", false, true},
	    {"4,5", false, true},
	    {"1,2,3", false, false},
	    {"16", false, false},
	    {"", false, false},
	};
	for (size_t i = 0; i < N(rows); i++) {
		if (nvl_is_remote(rows[i].in) != rows[i].remote)
			fail_msg("nvl_is_remote(\"%s\") want %d", rows[i].in, rows[i].remote);
		if (nvl_public(rows[i].in) != rows[i].public_)
			fail_msg("nvl_public(\"%s\") want %d", rows[i].in, rows[i].public_);
	}
}

static void test_text(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t max;
		bool lines;
		const char *want;
	} rows[] = {
	    {"Ban hành &amp; xử lý<br />tại trụ sở", 2000, true, "Ban hành & xử lý\ntại trụ sở"},
	    {"Ban hành &amp; xử lý<br />tại trụ sở", 2000, false, "Ban hành & xử lý tại trụ sở"},
	    {"  a\t\tb  \r\n", 2000, false, "a b"},
	    {"a <br><br/> <BR />b", 2000, true, "a\nb"},
	    {"<br />a<br />", 2000, true, "a"},
	    {"&nbsp;x&nbsp;&#33;", 2000, false, "x !"},
	    {"Vie\xcc\xa3\xcc\x82t", 2000, false, "Vi\xe1\xbb\x87t"}, /* decomposed -> NFC */
	    {"Tiếng Việt", 5, false, "Tiếng"},
	    {"ab cd", 3, false, "ab"},
	    {"ab cd", 4, false, "ab c"},
	    {"", 10, true, ""},
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct buf out = BUF_INIT;
		nvl_text(rows[i].in, rows[i].max, rows[i].lines, &out);
		if (strcmp(buf_cstr(&out), rows[i].want) != 0)
			fail_msg("nvl_text(\"%s\", %zu, %d): want \"%s\", got \"%s\"", rows[i].in,
				 rows[i].max, rows[i].lines, rows[i].want, buf_cstr(&out));
		buf_free(&out);
	}
}

static void test_number(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want; /* want NULL: refused */
	} rows[] = {
	    {"15/2024/QĐ-UBND", "15/2024/QĐ-UBND"},
	    {"Số: 15/2024/QĐ-UBND", "15/2024/QĐ-UBND"},
	    {"số 15/QĐ-UBND.", "SỐ 15/QĐ-UBND"},
	    {"  07/2020/qđ-ubnd ", "07/2020/QĐ-UBND"},
	    {"123/UBND-VP (bổ sung)", "123/UBND-VP BỔ SUNG"},
	    {"12 / 2024 / NĐ-CP", "12/2024/NĐ-CP"},
	    {"", NULL},
	    {"(,)", NULL},
	    {"Số:", NULL},
	    {"1234567890/1234567890/1234567890/1234567890/1234567890/1234567890/X", NULL},
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct buf out = BUF_INIT;
		int rc = nvl_number(rows[i].in, &out);
		if (!rows[i].want ? rc != -1 || out.len != 0
				  : rc != 0 || strcmp(buf_cstr(&out), rows[i].want) != 0)
			fail_msg("nvl_number(\"%s\"): want %s, got %d \"%s\"", rows[i].in,
				 rows[i].want ? rows[i].want : "refused", rc, buf_cstr(&out));
		buf_free(&out);
	}
}

static void test_dates(void **state)
{
	(void)state;
	static const struct {
		struct nvl_dates in, want;
		unsigned dropped;
	} rows[] = {
	    {{100, 110, 200, NO, NO}, {100, 110, 200, NO, NO}, 0},
	    {{100, 100, NO, NO, NO}, {100, 100, NO, NO, NO}, 0},
	    {{100, 90, NO, NO, NO}, {100, NO, NO, NO, NO}, NVL_DROP_EFFECTIVE},
	    {{100, NO, 100, NO, NO}, {100, NO, NO, NO, NO}, NVL_DROP_EXPIRES},
	    {{100, 120, 110, NO, NO}, {100, 120, NO, NO, NO}, NVL_DROP_EXPIRES},
	    {{100, 90, 95, NO, NO}, {100, NO, NO, NO, NO}, NVL_DROP_EFFECTIVE | NVL_DROP_EXPIRES},
	    {{100, NO, NO, 101, 130}, {100, NO, NO, 101, 130}, 0},
	    {{100, NO, NO, NO, 130}, {100, NO, NO, 100, 130}, NVL_WINDOW_OPENED},
	    {{100, NO, NO, NO, 90}, {100, NO, NO, 90, 90}, NVL_WINDOW_OPENED},
	    {{100, NO, NO, 101, NO}, {100, NO, NO, NO, NO}, NVL_DROP_WINDOW},
	    {{100, NO, NO, 130, 120}, {100, NO, NO, NO, NO}, NVL_DROP_WINDOW},
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct nvl_dates d = rows[i].in;
		unsigned got = nvl_dates_fix(&d);
		if (got != rows[i].dropped || memcmp(&d, &rows[i].want, sizeof d) != 0)
			fail_msg(
			    "nvl_dates_fix row %zu: want %u {%d %d %d %d %d}, got %u {%d %d %d %d "
			    "%d}",
			    i, rows[i].dropped, rows[i].want.issued, rows[i].want.effective,
			    rows[i].want.expires, rows[i].want.comment_from,
			    rows[i].want.comment_until, got, d.issued, d.effective, d.expires,
			    d.comment_from, d.comment_until);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_day),   cmocka_unit_test(test_ids),
	    cmocka_unit_test(test_items), cmocka_unit_test(test_remote_and_public),
	    cmocka_unit_test(test_text),  cmocka_unit_test(test_number),
	    cmocka_unit_test(test_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
