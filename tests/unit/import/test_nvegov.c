/* Unit tests of src/import/nvegovmap.c: NukeViet eGovernment's organs, faq and voting values as
 * Gazette's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "import/nvegovmap.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct row {
	const char *in, *want;
};

static void check_rows(const char *what, const struct row *rows, size_t n,
		       void (*fn)(const char *, struct buf *))
{
	for (size_t i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		fn(rows[i].in, &b);
		if (strcmp(buf_cstr(&b), rows[i].want) != 0)
			fail_msg("%s(\"%s\"):\n want \"%s\"\n got  \"%s\"", what, rows[i].in,
				 rows[i].want, buf_cstr(&b));
		buf_free(&b);
	}
}

static void test_change_alias(void **state)
{
	(void)state;
	static const struct row rows[] = {
	    {"Nguyễn Văn An", "Nguyen-Van-An"},
	    {"Đặng Thị Ánh Tuyết", "Dang-Thi-Anh-Tuyet"},
	    {"  Trần  Đức - Bình  ", "Tran-Duc-Binh"},
	    {"Lê Văn Hoà (Phó GĐ)", "Le-Van-Hoa-Pho-GD"},
	    {"ƯỚC MƠ", "UOC-MO"},
	    {"", ""},
	    {"---", ""},
	    {"abc123", "abc123"},
	    /* decomposed marks (NFD text) go too */
	    {"Nguye\xcc\x82\xcc\x83n", "Nguyen"},
	};
	check_rows("nve_change_alias", rows, N(rows), nve_change_alias);
}

static void test_first_email(void **state)
{
	(void)state;
	static const struct row rows[] = {
	    {"vanphong@soyte.gov.vn", "vanphong@soyte.gov.vn"},
	    {"a@x.vn; b@x.vn", "a@x.vn"},
	    {" a@x.vn , b@x.vn", "a@x.vn"},
	    {"Liên hệ: a@x.vn", "a@x.vn"},
	    {"không có", ""},
	    {"", ""},
	};
	check_rows("nve_first_email", rows, N(rows), nve_first_email);
}

static void test_first_website(void **state)
{
	(void)state;
	static const struct row rows[] = {
	    {"soyte.gov.vn", "http://soyte.gov.vn"},
	    {" soyte.gov.vn ; tuyengiao.vn", "http://soyte.gov.vn"},
	    {"https://so.gov.vn/", "https://so.gov.vn/"},
	    {"http://so.gov.vn", "http://so.gov.vn"},
	    {";;  ; x.vn", "http://x.vn"},
	    {"", ""},
	    {" ; ", ""},
	};
	check_rows("nve_first_website", rows, N(rows), nve_first_website);
}

static void test_position(void **state)
{
	(void)state;
	static const struct {
		const char *pos, *other, *want;
	} rows[] = {
	    {"Giám đốc", "", "Giám đốc"},
	    {"Giám đốc", "Bí thư Đảng ủy", "Giám đốc, Bí thư Đảng ủy"},
	    {" Phó Giám đốc ", "  ", "Phó Giám đốc"},
	    {"", "Chuyên viên", "Chuyên viên"},
	    {"", "", ""},
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct buf b = BUF_INIT;
		nve_position(rows[i].pos, rows[i].other, &b);
		if (strcmp(buf_cstr(&b), rows[i].want) != 0)
			fail_msg("nve_position(\"%s\", \"%s\"): want \"%s\", got \"%s\"",
				 rows[i].pos, rows[i].other, rows[i].want, buf_cstr(&b));
		buf_free(&b);
	}
}

static void test_public_groups(void **state)
{
	(void)state;
	static const struct {
		const char *groups;
		bool want;
	} rows[] = {
	    {"6", true},       {"5", true}, {"4", false},  {"1,2,3", false}, {"4,6", true},
	    {" 4 , 5 ", true}, {"", true},  {"56", false}, {",", true},      {"16", false},
	};
	for (size_t i = 0; i < N(rows); i++)
		if (nve_public_groups(rows[i].groups) != rows[i].want)
			fail_msg("nve_public_groups(\"%s\"): want %d", rows[i].groups,
				 rows[i].want);
}

static void test_poll_active(void **state)
{
	(void)state;
	const int64_t now = 1700000000;
	static const struct {
		int64_t act, publ, exp;
		bool want;
	} rows[] = {
	    {1, 1600000000, 0, true},           /* open */
	    {1, 1600000000, 1650000000, true},  /* expired, act not yet reset */
	    {0, 1600000000, 1650000000, true},  /* expired: the module set act 0 */
	    {0, 1800000000, 0, true},           /* not yet open: the admin set act 0 */
	    {0, 1600000000, 0, false},          /* switched off by hand */
	    {0, 1600000000, 1800000000, false}, /* switched off by hand before its end */
	    {0, 0, 0, false},
	};
	for (size_t i = 0; i < N(rows); i++)
		if (nve_poll_active(rows[i].act, rows[i].publ, rows[i].exp, now) != rows[i].want)
			fail_msg("nve_poll_active(row %zu): want %d", i, rows[i].want);
}

static void test_faq_page(void **state)
{
	(void)state;
	static const int64_t rows[][3] = {
	    {1, 30, 1}, {30, 30, 1}, {31, 30, 2}, {60, 30, 2}, {61, 30, 3},
	    {0, 30, 1}, {5, 0, 1},   {5, -1, 1},  {7, 3, 3},
	};
	for (size_t i = 0; i < N(rows); i++)
		assert_int_equal(nve_faq_page(rows[i][0], rows[i][1]), rows[i][2]);
}

static void test_votes(void **state)
{
	(void)state;
	/* cur (Gazette), src (old site now), base (imported last run) -> count */
	static const int64_t rows[][4] = {
	    {0, 1234, 0, 1234},       /* first run */
	    {1234, 1234, 1234, 1234}, /* nothing new anywhere */
	    {1240, 1234, 1234, 1240}, /* 6 readers voted in Gazette */
	    {1240, 1300, 1234, 1306}, /* and 66 more on the old site */
	    {5, 0, 10, 0},            /* the old site reset its counts */
	};
	for (size_t i = 0; i < N(rows); i++)
		assert_int_equal(nve_votes(rows[i][0], rows[i][1], rows[i][2]), rows[i][3]);
}

static void tidy_blank(const char *s, struct buf *out)
{
	nve_tidy_text(s, true, out);
}

static void tidy_lines(const char *s, struct buf *out)
{
	nve_tidy_text(s, false, out);
}

static void test_tidy_text(void **state)
{
	(void)state;
	static const struct row blank[] = {
	    {"", ""},
	    {"  one  ", "one"},
	    {"a  b\t\tc", "a b c"},
	    {"\n\nfirst\nsecond\n\n", "first\nsecond"},
	    {"para one\n \n\n\t\npara two", "para one\n\npara two"},
	    {"a\r\nb", "a\nb"},
	    {"x\n\ny\nz", "x\n\ny\nz"},
	};
	static const struct row lines[] = {
	    {"", ""},
	    {"para one\n \n\n\t\npara two", "para one\npara two"},
	    {" a \n\n b  c ", "a\nb c"},
	};
	check_rows("nve_tidy_text(blank)", blank, N(blank), tidy_blank);
	check_rows("nve_tidy_text(lines)", lines, N(lines), tidy_lines);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_change_alias),  cmocka_unit_test(test_first_email),
	    cmocka_unit_test(test_first_website), cmocka_unit_test(test_position),
	    cmocka_unit_test(test_public_groups), cmocka_unit_test(test_poll_active),
	    cmocka_unit_test(test_faq_page),      cmocka_unit_test(test_votes),
	    cmocka_unit_test(test_tidy_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
