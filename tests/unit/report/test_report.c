/* Reports: the period and filters of a request checked (Vietnamese reasons), and the JSON, CSV,
 * XLSX (read back by openpyxl, an independent reader) and SVG forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/report.h"

static const struct {
	const char *from, *to, *by, *cat, *art;
	int ok;
	const char *why; /* a part of the reason */
} parse_cases[] = {
    {"2026-12-01", "2026-12-31", "category", NULL, NULL, 1, ""},
    {"2026-12-01", "2026-12-01", NULL, "3", "7", 1, ""},
    {"2024-02-29", "2024-03-01", "day", NULL, NULL, 1, ""},
    {"2016-12-02", "2026-12-01", "author", NULL, NULL, 1, ""},
    {"2026-12-31", "2026-12-01", "day", NULL, NULL, 0, "bị ngược"},
    {"2025-02-29", "2025-03-01", "day", NULL, NULL, 0, "Ngày không hợp lệ"},
    {"2026-13-01", "2026-12-01", "day", NULL, NULL, 0, "Ngày không hợp lệ"},
    {"2026-04-31", "2026-05-01", "day", NULL, NULL, 0, "Ngày không hợp lệ"},
    {"26-12-01", "2026-12-01", "day", NULL, NULL, 0, "Ngày không hợp lệ"},
    {"2026-12-01", NULL, "day", NULL, NULL, 0, "khoảng thời gian"},
    {"2016-12-01", "2026-12-01", "day", NULL, NULL, 0, "quá dài"},
    {"2000-01-01", "2026-12-01", "day", NULL, NULL, 0, "quá dài"},
    {"2026-12-01", "2026-12-02", "week", NULL, NULL, 0, "by"},
    {"2026-12-01", "2026-12-02", "day", "-1", NULL, 0, "Mã chuyên mục"},
    {"2026-12-01", "2026-12-02", "day", NULL, "7x", 0, "Mã chuyên mục"},
};

static void t_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
		struct stats_query q;
		struct buf why = BUF_INIT;
		int rc = report_parse(parse_cases[i].from, parse_cases[i].to, parse_cases[i].by,
				      parse_cases[i].cat, parse_cases[i].art, &q, &why);
		if ((rc == 0) != parse_cases[i].ok || !strstr(buf_cstr(&why), parse_cases[i].why))
			fail_msg("case %zu (%s..%s by %s): expected %s '%s', got %d '%s'", i,
				 parse_cases[i].from, parse_cases[i].to, parse_cases[i].by,
				 parse_cases[i].ok ? "ok" : "refused", parse_cases[i].why, rc,
				 buf_cstr(&why));
		buf_free(&why);
	}
	struct stats_query q;
	struct buf why = BUF_INIT;
	assert_int_equal(report_parse("2026-12-01", "2026-12-31", "article", "3", "7", &q, &why),
			 0);
	assert_int_equal(q.from, 20261201);
	assert_int_equal(q.to, 20261231);
	assert_int_equal(q.by, STATS_ARTICLE);
	assert_int_equal(q.category_id, 3);
	assert_int_equal(q.article_id, 7);
	buf_free(&why);
}

static const struct stats_row rows[] = {
    {"3", "Thời sự, \"nóng\"", 120, -1},
    {"5", "=HYPERLINK(\"x\")", 7, -1},
    {"9", "<script>alert(1)</script>", 3, -1},
};
static const struct stats_query cat_q = {.from = 20261201, .to = 20261231, .by = STATS_CATEGORY};

static void t_json(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	report_json(&b, &cat_q, rows, 1, 130);
	assert_string_equal(buf_cstr(&b),
			    "{\"from\":\"2026-12-01\",\"to\":\"2026-12-31\",\"by\":\"category\","
			    "\"rows\":[{\"key\":\"3\",\"label\":\"Thời sự, \\\"nóng\\\"\","
			    "\"views\":120}],\"total\":130}");
	buf_free(&b);
}

static void t_csv(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	report_csv(&b, &cat_q, rows, 3, 130);
	const char *want = "\xEF\xBB\xBFMã,Chuyên mục,Lượt xem\r\n"
			   "3,\"Thời sự, \"\"nóng\"\"\",120\r\n"
			   "5,\"'=HYPERLINK(\"\"x\"\")\",7\r\n"
			   "9,<script>alert(1)</script>,3\r\n"
			   ",Tổng cộng,130\r\n";
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void t_svg_escapes(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	report_svg(&b, "Lượt xem theo chuyên mục", STATS_CATEGORY, rows, 3);
	assert_non_null(strstr(buf_cstr(&b), "&lt;script&gt;"));
	assert_null(strstr(buf_cstr(&b), "<script>"));
	assert_non_null(strstr(buf_cstr(&b), "role=\"img\""));
	assert_non_null(strstr(buf_cstr(&b), ">120</text>"));
	buf_free(&b);
}

/* The XLSX opened by openpyxl (python3-openpyxl): the same headings and numbers. */
static void t_xlsx_openpyxl(void **state)
{
	(void)state;
	if (system("/usr/bin/python3 -c 'import openpyxl' 2>/dev/null") != 0)
		skip();
	struct buf b = BUF_INIT;
	assert_int_equal(report_xlsx(&b, &cat_q, rows, 3, 130), 0);
	char path[] = "/tmp/gz-report-test-XXXXXX.xlsx"; /* openpyxl goes by the extension */
	int fd = mkstemps(path, 5);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b.data, b.len), (ssize_t)b.len);
	close(fd);
	char cmd[512];
	snprintf(cmd, sizeof cmd,
		 "/usr/bin/python3 -c \"import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1])"
		 ".active; print('|'.join(str(c.value) for r in ws.iter_rows() for c in r if "
		 "c.value is not None))\" %s",
		 path);
	FILE *p = popen(cmd, "r");
	char out[1024] = "";
	size_t got = fread(out, 1, sizeof out - 1, p);
	out[got] = '\0';
	pclose(p);
	unlink(path);
	assert_string_equal(out, "Thống kê lượt xem|Từ 2026-12-01 đến 2026-12-31|Chuyên mục|Lượt "
				 "xem|Thời sự, \"nóng\"|120|=HYPERLINK(\"x\")|7|<script>alert(1)"
				 "</script>|3|Tổng cộng|130\n");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest cases[] = {
	    cmocka_unit_test(t_parse),         cmocka_unit_test(t_json),
	    cmocka_unit_test(t_csv),           cmocka_unit_test(t_svg_escapes),
	    cmocka_unit_test(t_xlsx_openpyxl),
	};
	return cmocka_run_group_tests_name("report", cases, NULL, NULL);
}
