/* Static pages at /trang/{slug} (issue 13): the page, its place in the tree (breadcrumb from its
 * ancestors, links to its children and siblings), the right column. */
#include "site/site-int.h"

#include <string.h>

#include "sanitize/sanitize.h"

static void free_safe(void *h)
{
	safe_html_free(h);
}

/* A public (published) page by id; drafts and unpublished pages are none of the readers'. */
static const struct static_page *find(const struct static_page *all, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (all[i].id == id && all[i].status == ARTICLE_PUBLISHED)
			return &all[i];
	return NULL;
}

/* The ancestors of pg, top first, then pg itself (the tree is acyclic; depth is bounded anyway). */
static void breadcrumb(struct page *p, const struct static_page *all, size_t n,
		       const struct static_page *pg)
{
	const struct static_page *chain[16];
	int depth = 0;
	for (const struct static_page *x = pg; x && depth < 16; x = find(all, n, x->parent_id))
		chain[depth++] = x;
	struct tv *list = tv_list(p->ctx, "breadcrumb");
	for (int i = depth - 1; i >= 0; i--) {
		struct tv *item = tv_push(list);
		tv_str(item, "name", chain[i]->title);
		tv_str(item, "url", arena_printf(p->a, "/trang/%s", chain[i]->slug));
		tv_bool(item, "last", i == 0);
	}
}

void page_static(struct page *p, const char *slug)
{
	struct static_page *all = NULL;
	size_t n = 0;
	struct static_page pg;
	enum store_rc rc = store_page_by_slug(p->st, p->a, slug, &pg);
	if (rc == STORE_OK && pg.status != ARTICLE_PUBLISHED)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		rc = store_pages(p->st, p->a, &all, &n);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	struct safe_html *body = NULL;
	if (sanitize_html(pg.body_html, strlen(pg.body_html), &body) != 0) {
		page_error(p, 500);
		return;
	}
	arena_on_free(p->a, free_safe, body);
	const char *url = arena_printf(p->a, "/trang/%s", pg.slug);
	tv_str(p->ctx, "heading", pg.title);
	tv_safe(p->ctx, "body", body);
	breadcrumb(p, all, n, &pg);
	struct tv *kids = tv_list(p->ctx, "subpages");
	bool has_children = false;
	for (size_t i = 0; i < n; i++) {
		if (all[i].parent_id != pg.id || all[i].status != ARTICLE_PUBLISHED)
			continue;
		struct tv *k = tv_push(kids);
		tv_str(k, "title", all[i].title);
		tv_str(k, "url", arena_printf(p->a, "/trang/%s", all[i].slug));
		has_children = true;
	}
	tv_bool(p->ctx, "has_subpages", has_children);
	tv_str(p->ctx, "title", pg.title);
	tv_str(p->ctx, "canonical", url);
	tv_str(p->ctx, "description",
	       arena_printf(p->a, "%s - %s", pg.title, page_setting(p, "site_name")));
	list_sidebar(p, 0);
	lang_page_alts(p, &pg);
	page_render(p, 200, "static_page");
	p->cacheable = true;
}
