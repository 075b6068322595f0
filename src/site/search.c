/* The search page (/tim-kiem) and GET /api/v1/search: the same query, filters and results. */
#include "site/site-int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/escape.h"
#include "sanitize/snippet.h"
#include "search/query.h"
#include "search/snippet.h"
#include "vi/vi.h"

#define SEARCH_PER_PAGE 10
#define SNIPPET_BYTES 240
#define MAX_DEPTH 32
#define DAY 86400

/* A reader's search, read from the query string and checked. */
struct search_form {
	const char *q, *category, *from, *to; /* as given ("" when absent), for the form */
	struct search_query query;
	struct search_request req;
	int page;
	const char *error; /* a message for the reader; NULL when the input is fine */
};

/* "YYYY-MM-DD" as a day in the site's zone: its first second (or, with end, its last) in UTC.
 * Returns 0, or -1 when it is not a real date. */
static int parse_day(struct page *p, const char *s, bool end, int64_t *out)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	char stamp[32];
	snprintf(stamp, sizeof stamp, "%.10sT00:00:00Z", s);
	int64_t utc;
	if (vi_parse_rfc3339(stamp, &utc) != 0)
		return -1;
	struct vi_tm tm;
	vi_localtime(utc, p->tz, &tm);
	*out = utc - tm.utc_offset + (end ? DAY - 1 : 0);
	return 0;
}

/* ?category= takes an id or a slug path ("a/b"). Returns 0 for none, -1 for unknown. */
static int64_t category_arg(struct page *p, const char *v)
{
	if (!*v)
		return 0;
	int64_t id = parse_id(v, strlen(v));
	if (id)
		return cat_find(p, id) ? id : -1;
	const char *segs[MAX_DEPTH];
	size_t n = 0;
	char *path = arena_strdup(p->a, v);
	char *save = NULL;
	for (char *s = strtok_r(path, "/", &save); s && n < MAX_DEPTH;
	     s = strtok_r(NULL, "/", &save))
		segs[n++] = s;
	const struct category *c = n ? cat_by_path(p, segs, n) : NULL;
	return c ? c->id : -1;
}

static const char *arg(struct page *p, const char *name)
{
	const char *v = http_query(p->req, name);
	return v ? v : "";
}

/* Reads and checks the request; f->error tells the reader what to fix. */
static void read_form(struct page *p, struct search_form *f)
{
	f->q = arg(p, "q");
	f->category = arg(p, "category");
	f->from = arg(p, "from");
	f->to = arg(p, "to");
	const char *pg = http_query(p->req, "page");
	f->page = parse_page(pg && *pg ? pg : NULL);
	f->req.q = &f->query;
	f->req.now = p->now;
	if (search_query_parse(p->a, f->q, strlen(f->q), &f->query) != 0)
		f->error = "Từ khóa không hợp lệ.";
	if (f->page < 0) {
		f->error = "Số trang phải là một số nguyên từ 1 đến 100000.";
		f->page = 1;
	}
	int64_t cat = category_arg(p, f->category);
	if (cat < 0)
		f->error = "Không có chuyên mục này.";
	f->req.category_id = cat > 0 ? cat : 0;
	if (*f->from && parse_day(p, f->from, false, &f->req.from) != 0)
		f->error = "Ngày bắt đầu không hợp lệ (dạng YYYY-MM-DD).";
	if (*f->to && parse_day(p, f->to, true, &f->req.to) != 0)
		f->error = "Ngày kết thúc không hợp lệ (dạng YYYY-MM-DD).";
	f->req.offset = (int64_t)(f->page - 1) * SEARCH_PER_PAGE;
	f->req.limit = SEARCH_PER_PAGE;
}

static void free_safe(void *h)
{
	safe_html_free(h);
}

/* The snippet of a hit: the lead and the body's text around the matches. */
static const struct safe_html *snippet_of(struct page *p, const struct search_query *q,
					  const struct search_hit *h)
{
	struct buf text = BUF_INIT;
	buf_puts(&text, h->lead);
	buf_putc(&text, '\n');
	buf_puts(&text, h->body_text);
	struct safe_html *s = arena_alloc(p->a, sizeof(*s));
	int rc = search_snippet(buf_cstr(&text), text.len, q, SNIPPET_BYTES, s);
	buf_free(&text);
	if (rc != 0)
		return NULL;
	arena_on_free(p->a, free_safe, s);
	return s;
}

static enum store_rc run(struct page *p, struct search_form *f, struct search_hit **hits, size_t *n,
			 int64_t *total, bool *more)
{
	*hits = NULL;
	*n = 0;
	*total = 0;
	*more = false;
	if (f->error || f->query.nterms == 0)
		return STORE_OK;
	return store_search(p->site->st, p->a, &f->req, hits, n, total, more);
}

/* "/tim-kiem?q=...&category=...&page=N" with the reader's arguments. */
static const char *page_url(struct page *p, const struct search_form *f, int page)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "/tim-kiem?q=");
	url_encode(&b, f->q, strlen(f->q));
	const char *names[] = {"category", "from", "to"};
	const char *vals[] = {f->category, f->from, f->to};
	for (size_t i = 0; i < 3; i++)
		if (*vals[i]) {
			buf_printf(&b, "&%s=", names[i]);
			url_encode(&b, vals[i], strlen(vals[i]));
		}
	if (page > 1)
		buf_printf(&b, "&page=%d", page);
	const char *s = arena_strdup(p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void fill_pager(struct page *p, const struct search_form *f, int64_t total)
{
	int64_t pages = (total + SEARCH_PER_PAGE - 1) / SEARCH_PER_PAGE;
	struct tv *pager = tv_child(p->ctx, "pager");
	tv_bool(pager, "show", pages > 1);
	if (f->page > 1)
		tv_str(pager, "prev",
		       page_url(p, f, f->page - 1 <= pages ? f->page - 1 : (int)pages));
	if (f->page < pages)
		tv_str(pager, "next", page_url(p, f, f->page + 1));
	struct tv *nums = tv_list(pager, "numbers");
	int64_t from = f->page > 3 ? f->page - 3 : 1,
		to = f->page + 3 < pages ? f->page + 3 : pages;
	for (int64_t i = from; pages > 1 && i <= to; i++) {
		struct tv *item = tv_push(nums);
		tv_int(item, "n", i);
		tv_str(item, "url", page_url(p, f, (int)i));
		tv_bool(item, "current", i == f->page);
	}
}

static void fill_categories(struct page *p, int64_t selected)
{
	struct tv *list = tv_list(p->ctx, "search_categories");
	for (size_t i = 0; i < p->ncats; i++) {
		struct tv *c = tv_push(list);
		const struct category *chain[MAX_DEPTH];
		size_t n;
		cat_chain(p, p->cats[i].id, chain, &n, MAX_DEPTH);
		struct buf label = BUF_INIT;
		for (size_t k = 1; k < n; k++)
			buf_puts(&label, "— ");
		buf_puts(&label, p->cats[i].name);
		tv_int(c, "id", p->cats[i].id);
		tv_str(c, "name", buf_cstr(&label));
		tv_bool(c, "selected", p->cats[i].id == selected);
		buf_free(&label);
	}
}

static void fill_results(struct page *p, const struct search_form *f, const struct search_hit *hits,
			 size_t n)
{
	struct tv *list = tv_list(p->ctx, "results");
	for (size_t i = 0; i < n; i++) {
		struct tv *item = tv_push(list);
		tv_str(item, "title", hits[i].title);
		tv_str(item, "url", article_url(p->a, hits[i].slug, hits[i].id));
		tv_str(item, "date", page_date(p, hits[i].published_at));
		const struct safe_html *s = snippet_of(p, &f->query, &hits[i]);
		if (s)
			tv_safe(item, "snippet", s);
		const struct category *c = cat_find(p, hits[i].category_id);
		if (c) {
			tv_str(item, "category", c->name);
			tv_str(item, "category_url", cat_url(p, c->id));
		}
	}
}

static const char *count_text(struct page *p, int64_t total, bool more)
{
	struct buf b = BUF_INIT;
	vi_format_int(&b, total);
	const char *s = arena_printf(p->a, "%s%s kết quả", more ? "Hơn " : "", buf_cstr(&b));
	buf_free(&b);
	return s;
}

void page_search(struct page *p)
{
	struct search_form f = {0};
	read_form(p, &f);
	struct search_hit *hits;
	size_t n;
	int64_t total;
	bool more;
	enum store_rc rc = run(p, &f, &hits, &n, &total, &more);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	struct tv *form = tv_child(p->ctx, "search");
	tv_str(form, "q", f.q);
	tv_str(form, "from", f.from);
	tv_str(form, "to", f.to);
	tv_bool(form, "asked", *f.q != '\0' || f.error);
	tv_bool(form, "has_terms", f.query.nterms > 0);
	tv_bool(form, "has_results", n > 0);
	tv_bool(form, "truncated", f.query.truncated);
	if (f.error)
		tv_str(form, "error", f.error);
	else if (*f.q && f.query.nterms == 0)
		tv_str(form, "error", "Hãy nhập ít nhất một từ cần tìm.");
	tv_int(form, "total", total);
	tv_str(form, "count", count_text(p, total, more));
	fill_categories(p, f.req.category_id);
	fill_results(p, &f, hits, n);
	fill_pager(p, &f, total);
	http_resp_header(p->resp, "X-Robots-Tag", "noindex");
	page_render(p, f.error ? 400 : 200, "search");
}

/* --- GET /api/v1/search ----------------------------------------------------------------------- */

static void send(struct page *p, int status, json_t *doc)
{
	page_json(p, status, doc);
	http_resp_header(p->resp, "Access-Control-Allow-Origin", "*");
}

static json_t *time_json(struct page *p, int64_t t)
{
	struct buf b = BUF_INIT;
	vi_format_rfc3339(&b, t, p->tz);
	json_t *s = json_string(buf_cstr(&b));
	buf_free(&b);
	return s;
}

void api_search(struct page *p)
{
	struct search_form f = {0};
	read_form(p, &f);
	if (f.error) {
		json_t *doc = json_object();
		json_object_set_new(doc, "error", json_string(f.error));
		send(p, 400, doc);
		return;
	}
	struct search_hit *hits;
	size_t n;
	int64_t total;
	bool more;
	enum store_rc rc = run(p, &f, &hits, &n, &total, &more);
	if (rc != STORE_OK) {
		int status = page_status_of(rc);
		json_t *doc = json_object();
		json_object_set_new(doc, "error",
				    json_string(status == 503 ? "database unavailable, "
								"try again shortly"
							      : "internal error"));
		send(p, status, doc);
		return;
	}
	json_t *doc = json_object(), *arr = json_array();
	json_object_set_new(doc, "total", json_integer(total));
	json_object_set_new(doc, "more", json_boolean(more));
	json_object_set_new(doc, "page", json_integer(f.page));
	json_object_set_new(doc, "per_page", json_integer(SEARCH_PER_PAGE));
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		const struct safe_html *s = snippet_of(p, &f.query, &hits[i]);
		json_object_set_new(o, "id", json_integer(hits[i].id));
		json_object_set_new(o, "title", json_string(hits[i].title));
		json_object_set_new(o, "url",
				    json_string(article_url(p->a, hits[i].slug, hits[i].id)));
		json_object_set_new(o, "snippet", json_string(s ? s->html : ""));
		json_object_set_new(o, "published_at", time_json(p, hits[i].published_at));
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "results", arr);
	send(p, 200, doc);
}
