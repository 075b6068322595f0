/* Unit tests of src/docs/json.c: documents read from the API's JSON and from import lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "docs/json.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define BASE                                                                                             \
	"\"kind\": \"Quyết định\", \"number\": \"15/2024/qđ-ubnd\", \"issuer\": \"UBND tỉnh\", " \
	"\"summary\": \"Về đất đai\", \"issued_on\": \"2024-04-01\""

static const struct row {
	enum doc_json_mode mode;
	const char *json;
	const char *err; /* a part of the expected reason; NULL: accepted */
} rows[] = {
    {DOC_JSON_CREATE, "{" BASE "}", NULL},
    {DOC_JSON_CREATE, "{" BASE ", \"field\": null, \"effective_on\": null}", NULL},
    {DOC_JSON_CREATE,
     "{" BASE ", \"relations\": [{\"kind\": \"replaces\", \"id\": 3}, {\"kind\": \"based_on\", "
     "\"id\": 4}], \"comment_from\": \"2024-03-01\", \"comment_until\": \"2024-03-31\"}",
     NULL},
    {DOC_JSON_CREATE, "{\"kind\": \"Luật\"}", "'number': bắt buộc"},
    {DOC_JSON_CREATE, "{" BASE ", \"issued_on\": \"2023-02-29\"}", "'issued_on': cần một ngày"},
    {DOC_JSON_CREATE, "{" BASE ", \"expires_on\": \"31/12/2024\"}", "'expires_on'"},
    {DOC_JSON_CREATE, "{" BASE ", \"number\": \"15;2024\"}", "'number': Số ký hiệu chỉ gồm"},
    {DOC_JSON_CREATE, "{" BASE ", \"kind\": \"  \"}", "'kind': không được để trống"},
    {DOC_JSON_CREATE, "{" BASE ", \"summary\": 5}", "'summary': phải là chuỗi"},
    {DOC_JSON_CREATE, "{" BASE ", \"signer\": \"a\\u0007b\"}", "'signer': có ký tự điều khiển"},
    {DOC_JSON_CREATE, "{" BASE ", \"titel\": \"x\"}", "không được nhận: 'titel'"},
    {DOC_JSON_CREATE, "{" BASE ", \"id\": 5}", "không được nhận: 'id'"},
    {DOC_JSON_CREATE, "{" BASE ", \"relations\": [{\"kind\": \"cites\", \"id\": 3}]}",
     "kind chỉ nhận"},
    {DOC_JSON_CREATE, "{" BASE ", \"relations\": [{\"kind\": \"amends\", \"id\": 0}]}",
     "mục 1 cần"},
    {DOC_JSON_CREATE, "{" BASE ", \"relations\": {}}", "phải là mảng"},
    {DOC_JSON_CREATE, "[1]", "cần một đối tượng"},
    {DOC_JSON_PATCH, "{\"revision\": 2, \"summary\": \"Mới\"}", NULL},
    {DOC_JSON_PATCH, "{\"summary\": \"Mới\"}", "'revision': bắt buộc"},
    {DOC_JSON_PATCH, "{\"revision\": 2, \"issued_on\": null}", NULL},
    {DOC_JSON_IMPORT,
     "{\"id\": 7, " BASE ", \"status\": \"published\", \"published_at\": "
     "\"2024-04-02T08:00:00+07:00\", \"files\": [{\"name\": \"a/../QĐ 15.pdf\", \"path\": "
     "\"7/qd.pdf\", \"downloads\": 12}]}",
     NULL},
    {DOC_JSON_IMPORT, "{" BASE "}", "'published_at' bắt buộc"},
    {DOC_JSON_IMPORT, "{" BASE ", \"status\": \"draft\"}", NULL},
    {DOC_JSON_IMPORT, "{" BASE ", \"status\": \"hidden\"}", "'status'"},
    {DOC_JSON_IMPORT,
     "{" BASE ", \"status\": \"draft\", \"files\": [{\"name\": \"a\", \"path\": "
     "\"../etc/passwd\"}]}",
     "nằm trong thư mục"},
    {DOC_JSON_IMPORT,
     "{" BASE ", \"status\": \"draft\", \"files\": [{\"name\": \"a\", \"path\": "
     "\"/etc/passwd\"}]}",
     "nằm trong thư mục"},
    {DOC_JSON_IMPORT,
     "{" BASE ", \"status\": \"draft\", \"files\": [{\"name\": \"a\", \"path\": "
     "\"x/\"}]}",
     "nằm trong thư mục"},
    {DOC_JSON_IMPORT,
     "{\"id\": 3, " BASE ", \"status\": \"draft\", \"relations\": [{\"kind\": "
     "\"amends\", \"id\": 3}]}",
     "chính nó"},
};

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct arena *a = arena_new();
		struct buf err = BUF_INIT;
		json_error_t je;
		json_t *o = json_loads(rows[i].json, 0, &je);
		if (!o)
			fail_msg("row %zu: fixture is not JSON: %s", i, je.text);
		struct doc_in d;
		int rc = doc_json_read(o, rows[i].mode, a, &d, &err);
		if (!rows[i].err && rc != 0)
			fail_msg("row %zu: expected acceptance, got \"%s\"", i, buf_cstr(&err));
		if (rows[i].err && (rc == 0 || !strstr(buf_cstr(&err), rows[i].err)))
			fail_msg("row %zu: expected a reason with \"%s\", got rc %d \"%s\"", i,
				 rows[i].err, rc, buf_cstr(&err));
		json_decref(o);
		buf_free(&err);
		arena_free(a);
	}
}

static void test_values(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct buf err = BUF_INIT;
	struct doc_in d;
	const char *line =
	    "{\"id\": 7, " BASE ", \"body_html\": \"<p onclick=x>Điều 1</p>"
	    "<script>alert(1)</script>\", \"status\": \"published\", \"published_at\": "
	    "\"2024-04-02T08:00:00+07:00\", \"files\": [{\"name\": \"a/../QĐ 15.pdf\", "
	    "\"path\": \"7/qd.pdf\", \"downloads\": 12}]}";
	assert_int_equal(doc_json_read_line(line, strlen(line), a, &d, &err), 0);
	assert_int_equal(d.id, 7);
	assert_string_equal(d.number, "15/2024/QĐ-UBND");
	assert_string_equal(d.kind, "Quyết định");
	assert_true(d.published);
	assert_int_equal(d.published_at, 1712019600);
	assert_int_equal(d.expires, DOC_NO_DATE);
	assert_null(strstr(safe_html_str(d.body), "script"));
	assert_null(strstr(safe_html_str(d.body), "onclick"));
	assert_non_null(strstr(safe_html_str(d.body), "Điều 1"));
	assert_int_equal(d.nfiles, 1);
	assert_string_equal(d.files[0].name, "QĐ 15.pdf");
	assert_int_equal(d.files[0].downloads, 12);
	assert_true(d.members & DM_FILES);
	assert_false(d.members & DM_RELATIONS);
	buf_reset(&err);
	assert_int_equal(doc_json_read_line("{\"id\": ", 7, a, &d, &err), -1);
	assert_non_null(strstr(err.data, "JSON không hợp lệ"));
	buf_free(&err);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows),
	    cmocka_unit_test(test_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
