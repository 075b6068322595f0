/* Unit tests of src/docs/record.c: dates, validity, relations, checks, download names, the comment
 * form's token and CSV cells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "docs/record.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NO DOC_NO_DATE

static int32_t day(const char *s)
{
	int32_t d;
	if (doc_date_parse(s, &d) != 0)
		fail_msg("fixture date %s does not parse", s);
	return d;
}

static const struct date_row {
	const char *in;
	int ok;
} date_rows[] = {
    {"2024-02-29", 1},  {"2023-02-29", 0}, {"2024-04-31", 0}, {"2024-12-31", 1}, {"1970-01-01", 1},
    {"2024-13-01", 0},  {"2024-00-10", 0}, {"2024-1-01", 0},  {"24-01-01", 0},   {"2024/01/01", 0},
    {"2024-01-01x", 0}, {"", 0},           {"1899-12-31", 0}, {"2100-02-29", 0}, {"2000-02-29", 1},
};

static void test_dates(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(date_rows); i++) {
		int32_t d = 0;
		int ok = doc_date_parse(date_rows[i].in, &d) == 0;
		if (ok != date_rows[i].ok)
			fail_msg("\"%s\": expected %s, got %s", date_rows[i].in,
				 date_rows[i].ok ? "a date" : "a refusal",
				 ok ? "a date" : "a refusal");
		if (ok) { /* round trip */
			struct buf b = BUF_INIT;
			doc_date_format(&b, d);
			assert_string_equal(b.data, date_rows[i].in);
			buf_free(&b);
		}
	}
	assert_int_equal(day("1970-01-01"), 0);
	assert_int_equal(day("2024-03-01") - day("2024-02-28"), 2);
	assert_int_equal(doc_date_year(day("2024-12-31")), 2024);
	struct buf b = BUF_INIT;
	doc_date_format_vi(&b, day("2024-03-05"));
	assert_string_equal(b.data, "05/03/2024");
	buf_free(&b);
	/* 2024-03-04T17:30:00Z is 00:30 on the 5th in Hanoi, still the 4th in UTC */
	assert_int_equal(doc_date_today(1709573400, "Asia/Ho_Chi_Minh"), day("2024-03-05"));
	assert_int_equal(doc_date_today(1709573400, "UTC"), day("2024-03-04"));
}

static const struct valid_row {
	const char *today, *issued, *effective, *expires, *replaced;
	enum doc_validity want;
} valid_rows[] = {
    {"2024-05-01", "2024-04-01", NULL, NULL, NULL, DOC_VALIDITY_IN_FORCE},
    {"2024-03-31", "2024-04-01", NULL, NULL, NULL, DOC_VALIDITY_NOT_YET},
    {"2024-04-10", "2024-04-01", "2024-04-15", NULL, NULL, DOC_VALIDITY_NOT_YET},
    {"2024-04-15", "2024-04-01", "2024-04-15", NULL, NULL, DOC_VALIDITY_IN_FORCE},
    {"2024-12-30", "2024-04-01", NULL, "2024-12-31", NULL, DOC_VALIDITY_IN_FORCE},
    {"2024-12-31", "2024-04-01", NULL, "2024-12-31", NULL, DOC_VALIDITY_EXPIRED},
    {"2025-06-01", "2024-04-01", "2024-04-15", NULL, "2025-06-01", DOC_VALIDITY_EXPIRED},
    {"2025-05-31", "2024-04-01", "2024-04-15", NULL, "2025-06-01", DOC_VALIDITY_IN_FORCE},
};

static int32_t opt(const char *s)
{
	return s ? day(s) : NO;
}

static void test_validity(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(valid_rows); i++) {
		const struct valid_row *r = &valid_rows[i];
		enum doc_validity got =
		    doc_validity_on(day(r->today), opt(r->issued), opt(r->effective),
				    opt(r->expires), opt(r->replaced));
		if (got != r->want)
			fail_msg("row %zu (today %s): expected %s, got %s", i, r->today,
				 doc_validity_label(r->want), doc_validity_label(got));
	}
	for (int v = 0; v < DOC_VALIDITY_MAX; v++) {
		assert_int_equal(doc_validity_from(doc_validity_slug((enum doc_validity)v)), v);
		assert_int_equal(doc_validity_from(doc_validity_api((enum doc_validity)v)), v);
	}
	assert_int_equal(doc_validity_from("valid"), DOC_VALIDITY_MAX);
	assert_string_equal(doc_validity_label(DOC_VALIDITY_NOT_YET), "Chưa có hiệu lực");
}

static void test_relations(void **state)
{
	(void)state;
	for (int r = 0; r < DOC_REL_MAX; r++) {
		assert_int_equal(doc_relation_from(doc_relation_name((enum doc_relation)r)), r);
		assert_string_not_equal(doc_relation_label((enum doc_relation)r, false),
					doc_relation_label((enum doc_relation)r, true));
	}
	assert_int_equal(doc_relation_from("cites"), DOC_REL_MAX);
	assert_int_equal(doc_relation_from(NULL), DOC_REL_MAX);
	assert_string_equal(doc_relation_label(DOC_REL_REPLACES, true), "Bị thay thế bởi");
}

static const struct check_row {
	const char *number, *summary, *issued, *effective, *expires, *cfrom, *cuntil;
	const char *want; /* a word of the message, NULL: accepted */
} check_rows[] = {
    {"15/2024/QĐ-UBND", "Về đất đai", "2024-04-01", "2024-04-15", "2025-01-01", NULL, NULL, NULL},
    {"15/2024/QĐ-UBND", "Về đất đai", "2024-04-01", NULL, NULL, "2024-03-01", "2024-03-31", NULL},
    {"", "Về đất đai", "2024-04-01", NULL, NULL, NULL, NULL, "số ký hiệu"},
    {"15", "  ", "2024-04-01", NULL, NULL, NULL, NULL, "trích yếu"},
    {"15", "x", NULL, NULL, NULL, NULL, NULL, "ngày ban hành"},
    {"15", "x", "2024-04-01", "2024-03-31", NULL, NULL, NULL, "hiệu lực không được trước"},
    {"15", "x", "2024-04-01", NULL, "2024-03-01", NULL, NULL, "hết hiệu lực phải sau ngày ban"},
    {"15", "x", "2024-04-01", NULL, "2024-04-01", NULL, NULL, "hết hiệu lực phải sau ngày ban"},
    {"15", "x", "2024-04-01", "2024-06-01", "2024-05-01", NULL, NULL, "sau ngày có hiệu lực"},
    {"15", "x", "2024-04-01", NULL, NULL, "2024-03-01", NULL, "cả ngày bắt đầu"},
    {"15", "x", "2024-04-01", NULL, NULL, "2024-03-02", "2024-03-01", "kết thúc lấy ý kiến"},
};

static void test_checks(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(check_rows); i++) {
		const struct check_row *r = &check_rows[i];
		struct doc_fields f = {r->number,         r->summary,      opt(r->issued),
				       opt(r->effective), opt(r->expires), opt(r->cfrom),
				       opt(r->cuntil)};
		const char *msg = doc_fields_check(&f);
		if (!r->want && msg)
			fail_msg("row %zu: expected acceptance, got \"%s\"", i, msg);
		if (r->want && (!msg || !strstr(msg, r->want)))
			fail_msg("row %zu: expected a message with \"%s\", got \"%s\"", i, r->want,
				 msg ? msg : "(accepted)");
	}
}

static const struct disp_row {
	const char *name;
	bool inl;
	const char *want;
} disp_rows[] = {
    {"Quyết định 15.pdf", true,
     "inline; filename=\"quyet-dinh-15.pdf\"; "
     "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2015.pdf"},
    {"../../etc/passwd", false, "attachment; filename=\"passwd\"; filename*=UTF-8''passwd"},
    {"C:\\Users\\a\\Báo cáo.DOCX", false,
     "attachment; filename=\"bao-cao.docx\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.DOCX"},
    {"a\"b\r\nSet-Cookie: x.xls", false,
     "attachment; filename=\"abset-cookie-x.xls\"; filename*=UTF-8''abSet-Cookie%3A%20x.xls"},
    {"", false, "attachment; filename=\"tai-lieu\"; filename*=UTF-8''tai-lieu"},
    {".pdf", true, "inline; filename=\"pdf\"; filename*=UTF-8''pdf"},
    {"\xff\xfe.pdf", true, "inline; filename=\"tai-lieu\"; filename*=UTF-8''tai-lieu"},
};

static void test_disposition(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(disp_rows); i++) {
		struct buf b = BUF_INIT;
		doc_disposition(&b, disp_rows[i].name, disp_rows[i].inl);
		if (strcmp(b.data, disp_rows[i].want) != 0)
			fail_msg("row %zu: expected [%s], got [%s]", i, disp_rows[i].want, b.data);
		if (strpbrk(b.data, "\r\n"))
			fail_msg("row %zu: a line break in a header", i);
		buf_free(&b);
	}
	struct buf longname = BUF_INIT, b = BUF_INIT;
	for (int i = 0; i < 150; i++)
		buf_puts(&longname, "ệ");
	doc_safe_name(&b, longname.data);
	assert_int_equal(b.len, 198); /* 66 whole characters within 200 bytes */
	buf_free(&longname);
	buf_free(&b);
}

static void test_form_token(void **state)
{
	(void)state;
	unsigned char key[DOC_FORM_KEY_BYTES], other[DOC_FORM_KEY_BYTES];
	memset(key, 7, sizeof key);
	memset(other, 8, sizeof other);
	struct buf t = BUF_INIT;
	doc_form_token(&t, key, 42, 1000000);
	assert_int_equal(doc_form_check(key, t.data, 42, 1000000 + 10), DOC_FORM_OK);
	assert_int_equal(doc_form_check(key, t.data, 42, 1000000 + 1), DOC_FORM_TOO_FAST);
	assert_int_equal(doc_form_check(key, t.data, 42, 1000000 + DOC_FORM_MAX_SECONDS + 1),
			 DOC_FORM_STALE);
	assert_int_equal(doc_form_check(key, t.data, 43, 1000000 + 10), DOC_FORM_BAD);
	assert_int_equal(doc_form_check(other, t.data, 42, 1000000 + 10), DOC_FORM_BAD);
	t.data[0] = '9'; /* an earlier time claimed: the signature no longer matches */
	assert_int_equal(doc_form_check(key, t.data, 42, 9000000), DOC_FORM_BAD);
	assert_int_equal(doc_form_check(key, "", 42, 1000000), DOC_FORM_BAD);
	assert_int_equal(doc_form_check(key, "123.abc", 42, 1000000), DOC_FORM_BAD);
	assert_int_equal(doc_form_check(key, NULL, 42, 1000000), DOC_FORM_BAD);
	buf_free(&t);
}

static void test_csv(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	doc_csv_cell(&b, "Nguyễn Văn A", false);
	doc_csv_cell(&b, "a,b", false);
	doc_csv_cell(&b, "say \"hi\"\nbye", false);
	doc_csv_cell(&b, "=HYPERLINK(\"x\")", false);
	doc_csv_cell(&b, NULL, true);
	assert_string_equal(
	    b.data, "Nguyễn Văn A,\"a,b\",\"say \"\"hi\"\"\nbye\",\"'=HYPERLINK(\"\"x\"\")\","
		    "\r\n");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dates),       cmocka_unit_test(test_validity),
	    cmocka_unit_test(test_relations),   cmocka_unit_test(test_checks),
	    cmocka_unit_test(test_disposition), cmocka_unit_test(test_form_token),
	    cmocka_unit_test(test_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
