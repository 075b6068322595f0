/* The newsroom's "Thống kê": views of a period by day, category, author, source or article, drawn
 * as SVG on the server, exported as CSV and XLSX, and the output per month, author and category. */
#include "admin/admin-int.h"

#include <string.h>

#include "html/escape.h"
#include "report/report.h"
#include "http/route.h"
#include "vi/vi.h"

/* Rows of a chart or a table at most (by article: the most viewed). */
#define STATS_ROWS 200

struct stats_req {
	struct stats_query q;
	const char *query; /* the request's filters as a query string, for the links */
	struct stats_row *rows;
	size_t n;
	int64_t total;
};

/* "YYYY-MM-DD" of today and of the first of this month in the site's zone. */
static void this_month(struct admin *ad, const char **from, const char **to)
{
	struct vi_tm tm;
	vi_localtime(ad->p->now, ad->p->tz, &tm);
	*from = arena_printf(ad->p->a, "%04d-%02d-01", tm.year, tm.month);
	*to = arena_printf(ad->p->a, "%04d-%02d-%02d", tm.year, tm.month, tm.day);
}

static void query_arg(struct admin *ad, struct buf *b, const char *key, const char *v)
{
	if (!v || !*v)
		return;
	buf_printf(b, "%s%s=", b->len ? "&" : "", key);
	html_url_encode(b, v, strlen(v));
	(void)ad;
}

/* Reads and checks the filters, then runs the report. Returns 0, or the HTTP status with why. */
static int load(struct admin *ad, struct stats_req *r, struct buf *why)
{
	struct http_req *req = ad->p->req;
	const char *from = http_query(req, "from"), *to = http_query(req, "to");
	const char *by = http_query(req, "by"), *cat = http_query(req, "category");
	const char *art = http_query(req, "article");
	if (!from && !to)
		this_month(ad, &from, &to);
	if (report_parse(from, to, by, cat, art, &r->q, why) != 0)
		return 400;
	struct buf qs = BUF_INIT;
	query_arg(ad, &qs, "from", from);
	query_arg(ad, &qs, "to", to);
	query_arg(ad, &qs, "by", stats_by_name(r->q.by));
	query_arg(ad, &qs, "category", cat);
	query_arg(ad, &qs, "article", art);
	r->query = arena_strdup(ad->p->a, buf_cstr(&qs));
	buf_free(&qs);
	r->q.limit = STATS_ROWS;
	enum store_rc rc =
	    store_stats_views(ad->p->st, ad->p->a, &r->q, &r->rows, &r->n, &r->total);
	return rc == STORE_OK ? 0 : page_status_of(rc);
}

/* Local midnight of day (YYYYMMDD) as UTC seconds. */
static int64_t day_start(struct admin *ad, int32_t day)
{
	return admin_parse_local(ad, arena_printf(ad->p->a, "%04d-%02d-%02dT00:00", day / 10000,
						  day / 100 % 100, day % 100));
}

static void output_table(struct admin *ad, const struct stats_query *q)
{
	struct vi_tm tm;
	vi_localtime(ad->p->now, ad->p->tz, &tm);
	int64_t from = day_start(ad, q->from), to = day_start(ad, q->to) + 86400;
	struct stats_output *o;
	size_t n = 0;
	if (store_stats_output(ad->p->st, ad->p->a, from, to, tm.utc_offset, &o, &n) != STORE_OK)
		n = 0;
	struct tv *list = tv_list(ad->ctx, "output");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_str(it, "month",
		       arena_printf(ad->p->a, "%02d/%04d", o[i].month % 100, o[i].month / 100));
		tv_str(it, "author", *o[i].author ? o[i].author : "—");
		tv_str(it, "category", o[i].category);
		tv_int(it, "published", o[i].published);
		tv_int(it, "returned", o[i].returned);
		tv_int(it, "unpublished", o[i].unpublished);
	}
	tv_bool(ad->ctx, "has_output", n > 0);
}

/* Takedowns whose deadline fell in the period and that were late (or are still up). */
static void overdue_table(struct admin *ad, const struct stats_query *q)
{
	int64_t from = day_start(ad, q->from), to = day_start(ad, q->to) + 86400;
	struct takedown *t;
	size_t n = 0;
	if (store_takedowns(ad->p->st, ad->p->a, false, &t, &n) != STORE_OK)
		n = 0;
	struct tv *list = tv_list(ad->ctx, "overdue");
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool late =
		    t[i].done_at ? t[i].done_at > t[i].deadline : t[i].deadline < ad->p->now;
		if (!late || t[i].deadline < from || t[i].deadline >= to)
			continue;
		struct tv *it = tv_push(list);
		tv_int(it, "article", t[i].article_id);
		tv_str(it, "title", *t[i].title ? t[i].title : "(bài đã xóa)");
		tv_str(it, "deadline", page_datetime(ad->p, t[i].deadline));
		tv_str(it, "done", t[i].done_at ? page_datetime(ad->p, t[i].done_at) : "chưa gỡ");
		k++;
	}
	tv_bool(ad->ctx, "has_overdue", k > 0);
}

static void form_values(struct admin *ad, const struct stats_req *r)
{
	struct buf d = BUF_INIT;
	report_day(&d, r->q.from);
	tv_str(ad->ctx, "from", buf_cstr(&d));
	buf_reset(&d);
	report_day(&d, r->q.to);
	tv_str(ad->ctx, "to", buf_cstr(&d));
	buf_free(&d);
	struct tv *bys = tv_list(ad->ctx, "bys");
	static const char *const labels[STATS_BY_MAX] = {"Ngày", "Chuyên mục", "Tác giả",
							 "Nguồn tin", "Bài viết"};
	for (int i = 0; i < STATS_BY_MAX; i++) {
		struct tv *it = tv_push(bys);
		tv_str(it, "value", stats_by_name((enum stats_by)i));
		tv_str(it, "label", labels[i]);
		tv_bool(it, "selected", r->q.by == (enum stats_by)i);
	}
	struct tv *cats = tv_list(ad->ctx, "cats");
	for (size_t i = 0; i < ad->p->ncats; i++) {
		struct tv *it = tv_push(cats);
		tv_int(it, "id", ad->p->cats[i].id);
		tv_str(it, "name", ad->p->cats[i].name);
		tv_bool(it, "selected", ad->p->cats[i].id == r->q.category_id);
	}
	if (r->q.article_id)
		tv_int(ad->ctx, "article", r->q.article_id);
}

static void stats_page(struct admin *ad)
{
	struct stats_req r = {0};
	struct buf why = BUF_INIT;
	int status = load(ad, &r, &why);
	if (status && status != 400) {
		page_error(ad->p, status);
		buf_free(&why);
		return;
	}
	tv_str(ad->ctx, "title", "Thống kê");
	if (status == 400) {
		tv_str(ad->ctx, "error", arena_strdup(ad->p->a, buf_cstr(&why)));
		buf_free(&why);
		admin_render(ad, 400, "admin_stats");
		return;
	}
	form_values(ad, &r);
	struct tv *rows = tv_list(ad->ctx, "rows");
	bool visitors = report_has_visitors(r.rows, r.n);
	int64_t visitors_total = 0;
	for (size_t i = 0; i < r.n; i++) {
		struct tv *it = tv_push(rows);
		tv_str(it, "label", *r.rows[i].label ? r.rows[i].label : "(không ghi)");
		tv_int(it, "views", r.rows[i].views);
		tv_bool(it, "has_visitors", visitors);
		tv_int(it, "visitors", r.rows[i].visitors);
		visitors_total += visitors ? r.rows[i].visitors : 0;
	}
	tv_bool(ad->ctx, "visitors", visitors);
	tv_int(ad->ctx, "visitors_total", visitors_total);
	tv_bool(ad->ctx, "has_rows", r.n > 0);
	tv_str(ad->ctx, "key_heading", report_key_heading(r.q.by));
	tv_int(ad->ctx, "total", r.total);
	tv_str(ad->ctx, "chart", arena_printf(ad->p->a, "/admin/stats.svg?%s", r.query));
	tv_str(ad->ctx, "csv", arena_printf(ad->p->a, "/admin/stats.csv?%s", r.query));
	tv_str(ad->ctx, "xlsx", arena_printf(ad->p->a, "/admin/stats.xlsx?%s", r.query));
	output_table(ad, &r.q);
	overdue_table(ad, &r.q);
	buf_free(&why);
	admin_render(ad, 200, "admin_stats");
}

/* The chart, a CSV or an XLSX file of the same report. */
static void stats_file(struct admin *ad, const char *kind)
{
	struct stats_req r = {0};
	struct buf why = BUF_INIT;
	int status = load(ad, &r, &why);
	buf_free(&why);
	if (status) {
		page_error(ad->p, status);
		return;
	}
	struct http_resp *resp = ad->p->resp;
	buf_reset(&resp->body);
	const char *name =
	    arena_printf(ad->p->a, "thong-ke-%s-%d-%d", stats_by_name(r.q.by), r.q.from, r.q.to);
	if (strcmp(kind, "svg") == 0) {
		report_svg(&resp->body, "Lượt xem", r.q.by, r.rows, r.n);
		resp->content_type = "image/svg+xml; charset=utf-8";
	} else if (strcmp(kind, "csv") == 0) {
		report_csv(&resp->body, &r.q, r.rows, r.n, r.total);
		resp->content_type = "text/csv; charset=utf-8";
	} else if (report_xlsx(&resp->body, &r.q, r.rows, r.n, r.total) == 0) {
		resp->content_type =
		    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	} else {
		page_error(ad->p, 500);
		return;
	}
	resp->status = 200;
	if (strcmp(kind, "svg") != 0)
		http_resp_header(
		    resp, "Content-Disposition",
		    arena_printf(ad->p->a, "attachment; filename=\"%s.%s\"", name, kind));
	http_resp_header(resp, "Cache-Control", "no-store");
	http_resp_header(resp, "X-Content-Type-Options", "nosniff");
}

void admin_h_stats(void *ctx)
{
	struct admin *ad = ctx;
	const char *kind = ad->p->match.route->arg;
	if (kind)
		stats_file(ad, kind);
	else
		stats_page(ad);
}
