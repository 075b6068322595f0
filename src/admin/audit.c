/* The newsroom's audit log for admins: paged newest first, and the whole log as CSV. */
#include "admin/admin-int.h"

#include <stdio.h>
#include <string.h>

#include "vi/vi.h"

#define AUDIT_PER_PAGE 50
#define CSV_BATCH 1000

/* The hash chain checked, as `gazette audit verify` does, in words. */
static void put_verdict(struct admin *ad)
{
	struct audit_verdict v;
	enum store_rc rc = store_audit_verify(ad->p->st, &v);
	const char *text =
	    rc != STORE_OK ? "Không kiểm tra được nhật ký lúc này."
	    : v.finding == AUDIT_INTACT
		? arena_printf(ad->p->a, "Toàn vẹn: %lld mục khớp chuỗi băm.", (long long)v.entries)
	    : v.finding == AUDIT_BAD_CHECKPOINT
		? "Chữ ký của điểm kiểm (checkpoint) không khớp: nhật ký đã bị sửa."
		: arena_printf(ad->p->a, "Nhật ký đã bị can thiệp: mục %lld bị %s.",
			       (long long)v.entry_id,
			       v.finding == AUDIT_CHANGED   ? "sửa"
			       : v.finding == AUDIT_REMOVED ? "xóa"
							    : "chèn thêm");
	tv_str(ad->ctx, "verdict", text);
	tv_bool(ad->ctx, "intact", rc == STORE_OK && v.finding == AUDIT_INTACT);
}

static void audit_list_page(struct admin *ad)
{
	struct page *p = ad->p;
	int page = http_parse_page(http_query(p->req, "page"));
	if (page < 0) {
		page_error(p, 400);
		return;
	}
	struct audit_entry *e;
	size_t n;
	int64_t total = 0, offset = (int64_t)(page - 1) * AUDIT_PER_PAGE;
	enum store_rc rc = store_audit_list(p->st, p->a, offset, AUDIT_PER_PAGE, &e, &n, &total);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(ad->ctx, "entries");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_str(it, "when", page_datetime(p, e[i].at));
		tv_str(it, "user", *e[i].user_name ? e[i].user_name : "—");
		tv_str(it, "address", e[i].address);
		tv_str(it, "action", admin_audit_words(e[i].action));
		tv_str(it, "code", e[i].action);
		admin_audit_object(ad, it, e[i].object);
		tv_str(it, "detail", e[i].detail);
	}
	tv_bool(ad->ctx, "has_entries", n > 0);
	tv_int(ad->ctx, "total", total);
	tv_int(ad->ctx, "page", page);
	if (offset + (int64_t)n < total)
		tv_str(ad->ctx, "next", arena_printf(p->a, "/admin/audit?page=%d", page + 1));
	if (page > 1)
		tv_str(ad->ctx, "prev", arena_printf(p->a, "/admin/audit?page=%d", page - 1));
	const char *verify = http_query(p->req, "verify");
	if (verify && strcmp(verify, "1") == 0)
		put_verdict(ad);
	tv_str(ad->ctx, "title", "Nhật ký thao tác");
	admin_render(ad, 200, "admin_audit");
}

/* One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A
 * cell a spreadsheet would take for a formula (= + - @, or a leading tab or CR) gets a leading '
 * so that it stays text. */
static void csv_cell(struct buf *b, const char *s, bool last)
{
	bool formula = strchr("=+-@\t\r", *s) && *s;
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	if (quote)
		buf_putc(b, '"');
	buf_puts(b, last ? "\r\n" : ",");
}

static void csv_row(struct page *p, struct buf *b, const struct audit_entry *e)
{
	struct vi_tm tm;
	char when[32], id[24];
	vi_localtime(e->at, p->tz, &tm);
	snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d:%02d", tm.year, tm.month, tm.day,
		 tm.hour, tm.min, tm.sec);
	snprintf(id, sizeof id, "%lld", (long long)e->id);
	const char *cells[] = {id, when, e->user_name, e->address, e->action, e->object, e->detail};
	size_t n = sizeof cells / sizeof cells[0];
	for (size_t i = 0; i < n; i++)
		csv_cell(b, cells[i] ? cells[i] : "", i + 1 == n);
}

/* Every entry, newest first, read in batches each in its own arena so memory stays bounded by a
 * batch plus the output. */
static void audit_csv(struct admin *ad)
{
	struct page *p = ad->p;
	struct buf *b = &p->resp->body;
	buf_reset(b);
	buf_puts(b, "\xEF\xBB\xBF"); /* the BOM: spreadsheets then read UTF-8 */
	static const char *const head[] = {"ID",       "Thời gian", "Người dùng", "Địa chỉ",
					   "Thao tác", "Đối tượng", "Chi tiết"};
	size_t nh = sizeof head / sizeof head[0];
	for (size_t i = 0; i < nh; i++)
		csv_cell(b, head[i], i + 1 == nh);
	enum store_rc rc = STORE_OK;
	for (int64_t offset = 0;; offset += CSV_BATCH) {
		struct arena *a = arena_new();
		struct audit_entry *e;
		size_t n = 0;
		int64_t total = 0;
		rc = store_audit_list(p->st, a, offset, CSV_BATCH, &e, &n, &total);
		for (size_t i = 0; rc == STORE_OK && i < n; i++)
			csv_row(p, b, &e[i]);
		arena_free(a);
		if (rc != STORE_OK || n < CSV_BATCH)
			break;
	}
	if (rc != STORE_OK) {
		buf_reset(b);
		page_error(p, page_status_of(rc));
		return;
	}
	struct vi_tm tm;
	vi_localtime(p->now, p->tz, &tm);
	p->resp->status = 200;
	p->resp->content_type = "text/csv; charset=utf-8";
	http_resp_header(p->resp, "Content-Disposition",
			 arena_printf(p->a, "attachment; filename=\"nhat-ky-%04d%02d%02d.csv\"",
				      tm.year, tm.month, tm.day));
	http_resp_header(p->resp, "Cache-Control", "no-store");
	http_resp_header(p->resp, "X-Content-Type-Options", "nosniff");
	nr_audit(&ad->nr, "audit.export", "audit", "");
}

/* "audit" (HTML, or CSV with ?format=csv) and "audit.csv" (the row whose arg is set). */
void admin_h_audit(void *ctx)
{
	struct admin *ad = ctx;
	const char *format = http_query(ad->p->req, "format");
	if (ad->p->match.route->arg || (format && strcmp(format, "csv") == 0))
		audit_csv(ad);
	else
		audit_list_page(ad);
}
