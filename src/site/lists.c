/* The list pages: home (featured, latest, a block per top-level category, most viewed) and the
 * category pages with pagination. */
#include "site/site-int.h"

#include <string.h>

#define HOME_TOP 5 /* the lead story and four secondary ones */
#define HOME_LATEST 8
#define HOME_BLOCK 4 /* per top-level category: one with a photo, the rest as titles */
#define HOME_POPULAR 6
#define HOME_FETCH 40 /* rows read per list, so that enough remain once duplicates are gone */
#define HOME_SEEN_MAX 128
#define PER_PAGE 20
#define MAX_SEGS 16

/* Adds one row as {title, url, lead, date, category, category_url, image} to list; the picture
 * is made for use (IMG_*, or -1 for none), lazily loaded when lazy. */
static struct tv *add_row_img(struct page *p, struct tv *list, const struct article_summary *r,
			      int use, bool lazy)
{
	struct tv *item = tv_push(list);
	if (use >= 0)
		image_fill(p, item, summary_image(r), use, lazy);
	tv_str(item, "title", r->title);
	tv_str(item, "url", article_url(p->a, r->slug, r->id));
	tv_str(item, "lead", r->lead);
	tv_str(item, "date", page_date(p, r->published_at));
	const struct category *c = cat_find(p, r->category_id);
	if (c) {
		tv_str(item, "category", c->name);
		tv_str(item, "category_url", cat_url(p, c->id));
	}
	return item;
}

/* Adds rows under key as a list, with has_key telling whether there are any; the first row of a
 * first page is marked "first" (the story shown with a large photo). */
static void add_rows_img(struct page *p, struct tv *obj, const char *key, const char *has_key,
			 const struct article_summary *rows, size_t n, bool mark_first, int use)
{
	tv_bool(obj, has_key, n > 0);
	struct tv *list = tv_list(obj, key);
	for (size_t i = 0; i < n; i++) {
		bool first = mark_first && i == 0;
		int u = use < 0 ? use : first ? IMG_LEAD : use;
		struct tv *item = add_row_img(p, list, &rows[i], u, !first);
		tv_bool(item, "first", first);
	}
}

static void add_rows(struct page *p, struct tv *obj, const char *key, const char *has_key,
		     const struct article_summary *rows, size_t n, bool mark_first)
{
	add_rows_img(p, obj, key, has_key, rows, n, mark_first, -1);
}

/* Lists articles under key, with has_key telling whether there are any. */
static enum store_rc list(struct page *p, struct article_query *q, struct tv *obj, const char *key,
			  const char *has_key, int64_t *total)
{
	struct article_summary *rows = NULL;
	size_t n = 0;
	q->now = p->now;
	enum store_rc rc = store_articles_list(p->site->st, p->a, q, &rows, &n, total);
	if (rc == STORE_OK)
		add_rows_img(p, obj, key, has_key, rows, n, q->offset == 0, IMG_ROW);
	return rc;
}

/* The articles already on the home page: none may appear twice. */
struct seen {
	int64_t id[HOME_SEEN_MAX];
	size_t n;
};

static bool seen_take(struct seen *s, int64_t id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->id[i] == id)
			return false;
	if (s->n < HOME_SEEN_MAX)
		s->id[s->n++] = id;
	return true;
}

/* Reads q (with HOME_FETCH rows) and keeps in out[0..*n) at most max rows not yet on the page. */
static enum store_rc fresh(struct page *p, struct article_query *q, struct seen *seen,
			   struct article_summary *out, size_t *n, size_t max)
{
	struct article_summary *rows = NULL;
	size_t got = 0;
	q->now = p->now;
	q->limit = HOME_FETCH;
	enum store_rc rc = store_articles_list(p->site->st, p->a, q, &rows, &got, NULL);
	for (size_t i = 0; rc == STORE_OK && i < got && *n < max; i++)
		if (seen_take(seen, rows[i].id))
			out[(*n)++] = rows[i];
	return rc;
}

/* The lead story and the secondary ones: featured articles first, then the newest. */
static enum store_rc home_top(struct page *p, struct seen *seen)
{
	struct article_summary top[HOME_TOP];
	size_t n = 0;
	struct article_query featured = {.featured_only = true};
	struct article_query latest = {0};
	enum store_rc rc = fresh(p, &featured, seen, top, &n, HOME_TOP);
	if (rc == STORE_OK && n < HOME_TOP)
		rc = fresh(p, &latest, seen, top, &n, HOME_TOP);
	if (rc != STORE_OK)
		return rc;
	tv_bool(p->ctx, "has_top", n > 0);
	if (n > 0)
		add_row_img(p, tv_list(p->ctx, "top_lead"), &top[0], IMG_LEAD, false);
	add_rows_img(p, p->ctx, "secondary", "has_secondary", top + 1, n ? n - 1 : 0, false,
		     IMG_CARD);
	return STORE_OK;
}

/* One block per top-level category: its sub-categories, a story with a photo, then titles. */
static enum store_rc home_blocks(struct page *p, struct seen *seen)
{
	struct tv *blocks = tv_list(p->ctx, "blocks");
	enum store_rc rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < p->ncats; i++) {
		if (p->cats[i].parent_id != 0)
			continue;
		struct tv *b = tv_push(blocks);
		tv_str(b, "name", p->cats[i].name);
		tv_str(b, "url", cat_url(p, p->cats[i].id));
		struct tv *kids = tv_list(b, "children");
		bool any = false;
		for (size_t j = 0; j < p->ncats; j++)
			if (p->cats[j].parent_id == p->cats[i].id) {
				struct tv *k = tv_push(kids);
				tv_str(k, "name", p->cats[j].name);
				tv_str(k, "url", cat_url(p, p->cats[j].id));
				any = true;
			}
		tv_bool(b, "has_children", any);
		struct article_summary rows[HOME_BLOCK];
		size_t n = 0;
		struct article_query q = {.category_id = p->cats[i].id, .with_descendants = true};
		rc = fresh(p, &q, seen, rows, &n, HOME_BLOCK);
		if (n > 0)
			add_row_img(p, tv_list(b, "block_first"), &rows[0], IMG_ROW, true);
		add_rows(p, b, "articles", "has_articles", rows + 1, n ? n - 1 : 0, false);
		tv_bool(b, "has_articles", n > 0);
	}
	return rc;
}

/* The right column of list pages: the most viewed articles. A failure leaves it out. */
static void sidebar(struct page *p)
{
	struct article_query q = {.order = ORDER_MOST_VIEWED, .limit = HOME_POPULAR, .now = p->now};
	struct article_summary *rows = NULL;
	size_t n = 0;
	if (store_articles_list(p->site->st, p->a, &q, &rows, &n, NULL) != STORE_OK)
		n = 0;
	add_rows(p, p->ctx, "popular", "has_popular", rows, n, false);
}

static size_t top_level_count(const struct page *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->ncats; i++)
		n += p->cats[i].parent_id == 0;
	return n;
}

/* Budgets so that a small site still fills every part once: "Tin mới" leaves one story per
 * category block and a few for "Đọc nhiều", which in turn leaves one per block. */
static size_t budget(size_t want, size_t avail, size_t reserve)
{
	size_t left = avail > reserve ? avail - reserve : 0;
	return want < left ? want : left;
}

void page_home(struct page *p)
{
	struct seen *seen = arena_alloc(p->a, sizeof(*seen));
	seen->n = 0;
	struct article_summary latest[HOME_LATEST], popular[HOME_POPULAR];
	size_t nl = 0, np = 0, blocks = top_level_count(p);
	struct article_query ql = {0};
	struct article_query qp = {.order = ORDER_MOST_VIEWED};
	struct article_summary *all = NULL;
	size_t nall = 0;
	struct article_query qall = {.now = p->now, .limit = HOME_FETCH};
	enum store_rc rc = store_articles_list(p->site->st, p->a, &qall, &all, &nall, NULL);
	if (rc == STORE_OK)
		rc = home_top(p, seen);
	size_t avail = nall > seen->n ? nall - seen->n : 0;
	if (rc == STORE_OK)
		rc = fresh(p, &ql, seen, latest, &nl, budget(HOME_LATEST, avail, blocks + 3));
	avail = nall > seen->n ? nall - seen->n : 0;
	if (rc == STORE_OK)
		rc = fresh(p, &qp, seen, popular, &np, budget(HOME_POPULAR, avail, blocks));
	if (rc == STORE_OK)
		rc = home_blocks(p, seen);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	add_rows(p, p->ctx, "latest", "has_latest", latest, nl, false);
	add_rows(p, p->ctx, "popular", "has_popular", popular, np, false);
	tv_bool(p->ctx, "is_home", true);
	const char *slogan = page_setting(p, "slogan");
	tv_str(p->ctx, "description",
	       *slogan ? slogan
		       : arena_printf(p->a, "Tin tức, sự kiện, chính sách và hoạt động của %s",
				      page_setting(p, "site_name")));
	page_render(p, 200, "home");
	p->cacheable = true;
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
	int page = parse_page(http_query(p->req, "page"));
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
	sidebar(p);
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
	int page = parse_page(http_query(p->req, "page"));
	enum store_rc rc = *slug && !strchr(slug, '/')
			       ? store_tag_by_slug(p->site->st, p->a, slug, &t)
			       : STORE_NOTFOUND;
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
	sidebar(p);
	page_render(p, 200, "tag");
	p->cacheable = true;
}
