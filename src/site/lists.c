/* The list pages: category and topic pages with pagination, and the rows every list shows. */
#include "site/site-int.h"
#include "site/widgets.h"

#include <string.h>

#define SIDEBAR_POPULAR 6
#define PER_PAGE 20
#define MAX_SEGS 16

/* Adds one row as {title, url, lead, date, category, category_url, image} to list; the picture
 * is made for use (IMG_*, or -1 for none), lazily loaded when lazy. */
static void row_fill(struct page *p, struct tv *item, const struct article_summary *r, int use,
		     bool lazy)
{
	if (use >= 0)
		image_fill(p, item, summary_image(r), use, lazy);
	tv_str(item, "title", r->title);
	tv_str(item, "url", site_article_url(p->a, r->slug, r->id));
	tv_str(item, "lead", r->lead);
	tv_str(item, "date", page_date(p, r->published_at));
	const struct category *c = cat_find(p, r->category_id);
	if (c) {
		tv_str(item, "category", c->name);
		tv_str(item, "category_url", cat_url(p, c->id));
	}
}

struct tv *list_row(struct page *p, struct tv *list, const struct article_summary *r, int use,
		    bool lazy)
{
	struct tv *item = tv_push(list);
	row_fill(p, item, r, use, lazy);
	return item;
}

/* Adds rows under key as a list, with has_key telling whether there are any; the first row of a
 * first page is marked "first" (the story shown with a large photo). */
void list_rows(struct page *p, struct tv *obj, const char *key, const char *has_key,
	       const struct article_summary *rows, size_t n, bool mark_first, int use)
{
	tv_bool(obj, has_key, n > 0);
	struct tv *list = tv_list(obj, key);
	for (size_t i = 0; i < n; i++) {
		bool first = mark_first && i == 0;
		int u = use < 0 ? use : first ? IMG_LEAD : use;
		struct tv *item = list_row(p, list, &rows[i], u, !first);
		tv_bool(item, "first", first);
	}
}

/* Lists articles under key, with has_key telling whether there are any. */
static enum store_rc list(struct page *p, struct article_query *q, struct tv *obj, const char *key,
			  const char *has_key, int64_t *total)
{
	struct article_summary *rows = NULL;
	size_t n = 0;
	q->now = p->now;
	enum store_rc rc = store_articles_list(p->st, p->a, q, &rows, &n, total);
	if (rc == STORE_OK)
		list_rows(p, obj, key, has_key, rows, n, q->offset == 0, IMG_ROW);
	return rc;
}

/* A row of the right column, as list_rows makes it without a picture. */
static void sidebar_row(struct page *p, struct tv *item, const struct article_summary *r)
{
	row_fill(p, item, r, -1, true);
	tv_bool(item, "first", false);
}

/* The right column of list pages: the most viewed articles, the snapshot's rows made once for
 * every page. A failure leaves it out. */
void list_sidebar(struct page *p, int64_t exclude_id)
{
	size_t n = 0;
	struct tv *list = tv_list(p->ctx, "popular");
	if (site_snap_popular_items(p, exclude_id, SIDEBAR_POPULAR, sidebar_row, list, &n)) {
		tv_bool(p->ctx, "has_popular", n > 0);
		return;
	}
	struct article_summary *rows = NULL;
	if (site_snap_popular(p, exclude_id, SIDEBAR_POPULAR, &rows, &n) != STORE_OK)
		n = 0;
	list_rows(p, p->ctx, "popular", "has_popular", rows, n, false, -1);
}

/* Splits "a/b/c/" into segments in place; returns the count, or -1 when there are too many or the
 * path has an empty segment in the middle. */
static int split_path(char *path, const char **segs, size_t max)
{
	size_t n = 0;
	char *s = path;
	while (*s) {
		char *slash = strchr(s, '/');
		if (slash == s)
			return -1;
		if (n == max)
			return -1;
		segs[n++] = s;
		if (!slash)
			break;
		*slash = '\0';
		s = slash + 1;
	}
	return (int)n;
}

static void fill_pager(struct page *p, const char *base, int page, int64_t total)
{
	int64_t pages = (total + PER_PAGE - 1) / PER_PAGE;
	struct tv *pager = tv_child(p->ctx, "pager");
	tv_int(pager, "page", page);
	tv_int(pager, "pages", pages);
	tv_bool(pager, "show", pages > 1);
	if (page > 1)
		tv_str(pager, "prev",
		       page == 2 ? base : arena_printf(p->a, "%s?page=%d", base, page - 1));
	if (page < pages)
		tv_str(pager, "next", arena_printf(p->a, "%s?page=%d", base, page + 1));
	struct tv *nums = tv_list(pager, "numbers");
	int64_t from = page > 3 ? page - 3 : 1, to = page + 3 < pages ? page + 3 : pages;
	for (int64_t i = from; pages > 1 && i <= to; i++) {
		struct tv *n = tv_push(nums);
		tv_int(n, "n", i);
		tv_str(n, "url",
		       i == 1 ? base : arena_printf(p->a, "%s?page=%lld", base, (long long)i));
		tv_bool(n, "current", i == page);
	}
}

static void fill_children(struct page *p, int64_t id)
{
	struct tv *list = tv_list(p->ctx, "children");
	bool any = false;
	for (size_t i = 0; i < p->ncats; i++) {
		if (p->cats[i].parent_id != id)
			continue;
		any = true;
		struct tv *c = tv_push(list);
		tv_str(c, "name", p->cats[i].name);
		tv_str(c, "url", cat_url(p, p->cats[i].id));
	}
	tv_bool(p->ctx, "has_children", any);
}

void page_category(struct page *p, const char *rest)
{
	const char *segs[MAX_SEGS];
	char *path = arena_strdup(p->a, rest);
	int n = split_path(path, segs, MAX_SEGS);
	const struct category *c = n > 0 ? cat_by_path(p, segs, (size_t)n) : NULL;
	int page = http_parse_page(http_query(p->req, "page"));
	if (!c) {
		page_error(p, 404);
		return;
	}
	const char *url = cat_url(p, c->id);
	size_t rl = strlen(rest);
	if (rl == 0 || rest[rl - 1] != '/') {
		page_redirect(p, 301, url); /* one address per category: with the trailing slash */
		return;
	}
	if (page < 0) {
		page_error(p, 400);
		return;
	}
	int64_t total = 0;
	struct article_query q = {.category_id = c->id,
				  .with_descendants = true,
				  .offset = (int64_t)(page - 1) * PER_PAGE,
				  .limit = PER_PAGE};
	enum store_rc rc = list(p, &q, p->ctx, "articles", "has_articles", &total);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	if (page > 1 && q.offset >= total) {
		page_error(p, 404);
		return;
	}
	struct tv *cat = tv_child(p->ctx, "category");
	tv_str(cat, "name", c->name);
	tv_str(cat, "url", url);
	tv_str(p->ctx, "title",
	       page > 1 ? arena_printf(p->a, "%s - Trang %d", c->name, page) : c->name);
	tv_str(p->ctx, "canonical", page > 1 ? arena_printf(p->a, "%s?page=%d", url, page) : url);
	tv_str(p->ctx, "feed", arena_printf(p->a, "%srss.xml", url));
	tv_str(p->ctx, "feed_title", c->name);
	tv_str(p->ctx, "description",
	       arena_printf(p->a, "Tin bài chuyên mục %s - %s", c->name,
			    page_setting(p, "site_name")));
	cat_breadcrumb(p, p->ctx, "breadcrumb", c->id);
	fill_children(p, c->id);
	fill_pager(p, url, page, total);
	list_sidebar(p, 0);
	widgets_context(p);
	page_render(p, 200, "category");
	p->cacheable = true;
}

/* Resolves "a/b/" to a category, or NULL. */
static const struct category *category_of(struct page *p, const char *rest)
{
	const char *segs[MAX_SEGS];
	char *path = arena_strdup(p->a, rest);
	int n = split_path(path, segs, MAX_SEGS);
	return n > 0 ? cat_by_path(p, segs, (size_t)n) : NULL;
}

void page_category_feed(struct page *p, const char *rest)
{
	const struct category *c = category_of(p, rest);
	if (c)
		page_category_rss(p, c);
	else
		page_error(p, 404);
}

void page_tag(struct page *p, const char *rest)
{
	size_t n = strlen(rest);
	const char *slug = arena_strndup(p->a, rest, n && rest[n - 1] == '/' ? n - 1 : n);
	struct tag t;
	int page = http_parse_page(http_query(p->req, "page"));
	enum store_rc rc =
	    *slug && !strchr(slug, '/') ? store_tag_by_slug(p->st, p->a, slug, &t) : STORE_NOTFOUND;
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	const char *url = arena_printf(p->a, "/chu-de/%s/", t.slug);
	if (n == 0 || rest[n - 1] != '/') {
		page_redirect(p, 301, url);
		return;
	}
	if (page < 0) {
		page_error(p, 400);
		return;
	}
	int64_t total = 0;
	struct article_query q = {
	    .tag_id = t.id, .offset = (int64_t)(page - 1) * PER_PAGE, .limit = PER_PAGE};
	rc = list(p, &q, p->ctx, "articles", "has_articles", &total);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	if (page > 1 && q.offset >= total) {
		page_error(p, 404);
		return;
	}
	struct tv *tag = tv_child(p->ctx, "tag");
	tv_str(tag, "name", t.name);
	tv_str(tag, "url", url);
	tv_str(
	    p->ctx, "description",
	    arena_printf(p->a, "Tin bài chuyên đề %s - %s", t.name, page_setting(p, "site_name")));
	tv_str(p->ctx, "title",
	       page > 1 ? arena_printf(p->a, "%s - Trang %d", t.name, page) : t.name);
	tv_str(p->ctx, "canonical", page > 1 ? arena_printf(p->a, "%s?page=%d", url, page) : url);
	fill_pager(p, url, page, total);
	list_sidebar(p, 0);
	widgets_context(p);
	page_render(p, 200, "tag");
	p->cacheable = true;
}
