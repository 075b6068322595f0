/* The search page (/tim-kiem), and the search the API's GET /api/v1/search shares with it. */
#include "site/search.h"

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

#define SNIPPET_BYTES 240
#define MAX_DEPTH 32
#define DAY 86400

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

static const char *arg(struct page *p, const char *name)
{
	const char *v = http_query(p->req, name);
	return v ? v : "";
}

void site_search_read(struct page *p, struct site_search *f)
{
	f->q = arg(p, "q");
	f->category = arg(p, "category");
	f->from = arg(p, "from");
	f->to = arg(p, "to");
	const char *pg = http_query(p->req, "page");
	f->page = http_parse_page(pg && *pg ? pg : NULL);
	f->req.q = &f->query;
	f->req.now = p->now;
	if (search_query_parse(p->a, f->q, strlen(f->q), &f->query) != 0)
		f->error = "Từ khóa không hợp lệ.";
	if (f->page < 0) {
		f->error = "Số trang phải là một số nguyên từ 1 đến 100000.";
		f->page = 1;
	}
	int64_t cat = cat_param(p, f->category);
	if (cat < 0)
		f->error = "Không có chuyên mục này.";
	f->req.category_id = cat > 0 ? cat : 0;
	if (*f->from && parse_day(p, f->from, false, &f->req.from) != 0)
		f->error = "Ngày bắt đầu không hợp lệ (dạng YYYY-MM-DD).";
	if (*f->to && parse_day(p, f->to, true, &f->req.to) != 0)
		f->error = "Ngày kết thúc không hợp lệ (dạng YYYY-MM-DD).";
	f->req.offset = (int64_t)(f->page - 1) * SITE_SEARCH_PER_PAGE;
	f->req.limit = SITE_SEARCH_PER_PAGE;
}

static void free_safe(void *h)
{
	safe_html_free(h);
}

const struct safe_html *site_search_snippet(struct page *p, const struct search_query *q,
					    const struct search_hit *h)
{
	struct buf text = BUF_INIT;
	buf_puts(&text, h->lead);
	buf_putc(&text, '\n');
	buf_puts(&text, h->body_text);
	struct safe_html *s = NULL;
	int rc = search_snippet(buf_cstr(&text), text.len, q, SNIPPET_BYTES, &s);
	buf_free(&text);
	if (rc != 0)
		return NULL;
	arena_on_free(p->a, free_safe, s);
	return s;
}

enum store_rc site_search_run(struct page *p, struct site_search *f)
{
	f->hits = NULL;
	f->nhits = 0;
	f->total = 0;
	f->more = false;
	if (f->error || f->query.nterms == 0)
		return STORE_OK;
	int64_t t0 = cache_now_us();
	enum store_rc rc =
	    store_search(p->st, p->a, &f->req, &f->hits, &f->nhits, &f->total, &f->more);
	site_count_search(p->site, SITE_SEARCH_ARTICLES, cache_now_us() - t0);
	return rc;
}

/* "/tim-kiem?q=...&category=...&page=N" with the reader's arguments. */
static const char *page_url(struct page *p, const struct site_search *f, int page)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "/tim-kiem?q=");
	html_url_encode(&b, f->q, strlen(f->q));
	const char *names[] = {"category", "from", "to"};
	const char *vals[] = {f->category, f->from, f->to};
	for (size_t i = 0; i < 3; i++)
		if (*vals[i]) {
			buf_printf(&b, "&%s=", names[i]);
			html_url_encode(&b, vals[i], strlen(vals[i]));
		}
	if (page > 1)
		buf_printf(&b, "&page=%d", page);
	const char *s = arena_strdup(p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void fill_pager(struct page *p, const struct site_search *f, int64_t total)
{
	int64_t pages = (total + SITE_SEARCH_PER_PAGE - 1) / SITE_SEARCH_PER_PAGE;
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

static void fill_results(struct page *p, const struct site_search *f, const struct search_hit *hits,
			 size_t n)
{
	struct tv *list = tv_list(p->ctx, "results");
	for (size_t i = 0; i < n; i++) {
		struct tv *item = tv_push(list);
		image_fill(p, item, &hits[i].image, IMG_ROW, i > 0);
		tv_str(item, "title", hits[i].title);
		tv_str(item, "url", site_article_url(p->a, hits[i].slug, hits[i].id));
		tv_str(item, "date", page_date(p, hits[i].published_at));
		const struct safe_html *s = site_search_snippet(p, &f->query, &hits[i]);
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
	struct site_search f = {0};
	site_search_read(p, &f);
	enum store_rc rc = site_search_run(p, &f);
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
	tv_bool(form, "has_results", f.nhits > 0);
	tv_bool(form, "truncated", f.query.truncated);
	if (f.error)
		tv_str(form, "error", f.error);
	else if (*f.q && f.query.nterms == 0)
		tv_str(form, "error", "Hãy nhập ít nhất một từ cần tìm.");
	tv_int(form, "total", f.total);
	tv_str(form, "count", count_text(p, f.total, f.more));
	fill_categories(p, f.req.category_id);
	fill_results(p, &f, f.hits, f.nhits);
	fill_pager(p, &f, f.total);
	http_resp_header(p->resp, "X-Robots-Tag", "noindex");
	page_render(p, f.error ? 400 : 200, "search");
}
