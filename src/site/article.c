/* The article page (DESIGN.md section 2) and the short /a/{id} address that redirects to it. */
#include "site/site-int.h"

#include <string.h>

#include "sanitize/sanitize.h"
#include "site/widgets.h"
#include "vi/vi.h"

#define RELATED_MAX 10

static void free_safe(void *p)
{
	safe_html_free(p);
}

/* The stored body is the output of the sanitiser version it is marked with: taken as it is when
 * that is this sanitiser, sanitised again (never more than until store_bodies_refresh re-makes it)
 * when an older one made it. */
static const struct safe_html *safe_body(struct page *p, const char *html, int version)
{
	struct safe_html *h = NULL;
	if (sanitize_stored(html, strlen(html), version, &h) != 0)
		return NULL;
	arena_on_free(p->a, free_safe, h);
	return h;
}

static const char *vi_int(struct page *p, int64_t n)
{
	struct buf b = BUF_INIT;
	vi_format_int(&b, n);
	const char *s = arena_strdup(p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void related_row(struct page *p, struct tv *item, const struct article_summary *r)
{
	tv_str(item, "title", r->title);
	tv_str(item, "url", site_article_url(p->a, r->slug, r->id));
	image_fill(p, item, summary_image(r), IMG_ROW, true);
}

/* The category's newest articles but this one: the snapshot's rows made once for every page. */
static void fill_related(struct page *p, const struct article *a)
{
	size_t n = 0;
	struct tv *list = tv_list(p->ctx, "related");
	if (!site_snap_related_items(p, a->category_id, a->id, RELATED_MAX, related_row, list,
				     &n)) {
		struct article_summary *rows = NULL;
		if (site_snap_related(p, a->category_id, a->id, RELATED_MAX, &rows, &n) != STORE_OK)
			n = 0; /* the article still shows without its list */
		for (size_t i = 0; i < n; i++)
			related_row(p, tv_push(list), &rows[i]);
	}
	tv_bool(p->ctx, "has_related", n > 0);
}

/* Open Graph and JSON-LD NewsArticle: absolute URLs from the site's base. */
static void fill_sharing(struct page *p, const struct article *a)
{
	const char *base = site_base(p);
	struct tv *og = tv_child(p->ctx, "og");
	tv_str(og, "url", arena_printf(p->a, "%s%s", base, site_article_url(p->a, a->slug, a->id)));
	tv_str(og, "base", base);
	struct buf iso = BUF_INIT;
	vi_format_rfc3339(&iso, a->updated_at ? a->updated_at : a->published_at, p->tz);
	tv_str(og, "modified_iso", buf_cstr(&iso));
	buf_free(&iso);
	const struct category *c = cat_find(p, a->category_id);
	tv_str(og, "section", c ? c->name : "");
}

void article_fill(struct page *p, const struct article *a)
{
	struct tv *o = tv_child(p->ctx, "article");
	tv_int(o, "id", a->id);
	tv_str(o, "title", a->title);
	tv_str(o, "lead", a->lead);
	tv_str(o, "author", a->author);
	tv_str(o, "signature", a->signature);
	tv_str(o, "source", a->source);
	if (strncmp(a->source, "https://", 8) == 0 || strncmp(a->source, "http://", 7) == 0)
		tv_str(o, "source_url", a->source);
	tv_str(o, "print_url", arena_printf(p->a, "/in/%lld", (long long)a->id));
	tv_str(o, "pdf_url", arena_printf(p->a, "/tai-ve/%lld.pdf", (long long)a->id));
	tv_str(o, "published", page_datetime(p, a->published_at));
	struct buf iso = BUF_INIT;
	vi_format_rfc3339(&iso, a->published_at, p->tz);
	tv_str(o, "published_iso", buf_cstr(&iso));
	buf_free(&iso);
	tv_str(o, "views", vi_int(p, a->views));
	tv_str(o, "url", site_article_url(p->a, a->slug, a->id));
	image_fill(p, o, &a->image, IMG_FEATURED, false);
	const struct safe_html *body = safe_body(p, a->body_html, a->body_version);
	if (body)
		tv_safe(o, "body", body);
	struct tv *tags = tv_list(o, "tags");
	struct buf slug = BUF_INIT;
	for (size_t i = 0; i < a->ntags; i++) {
		struct tv *t = tv_push(tags);
		buf_reset(&slug);
		vi_slug(a->tags[i], strlen(a->tags[i]), 80, &slug);
		tv_str(t, "name", a->tags[i]);
		tv_str(t, "url",
		       arena_printf(p->a, "/chu-de/%s/", slug.len ? buf_cstr(&slug) : "chu-de"));
	}
	buf_free(&slug);
	tv_bool(o, "has_tags", a->ntags > 0);
	fill_sharing(p, a);
	tv_str(p->ctx, "title", a->title);
	tv_str(p->ctx, "description", a->lead);
	tv_str(p->ctx, "canonical", site_article_url(p->a, a->slug, a->id));
	cat_breadcrumb(p, p->ctx, "breadcrumb", a->category_id);
}

int article_load_public(struct page *p, int64_t id, struct article *a)
{
	enum store_rc rc = store_article_public(p->st, p->a, id, a);
	if (rc != STORE_OK)
		return page_status_of(rc);
	if (!site_article_public(a, p->now))
		return 404;
	return 0;
}

void page_article(struct page *p, int64_t id, const char *slug)
{
	struct article a;
	int status = article_load_public(p, id, &a);
	if (status) {
		page_error(p, status);
		return;
	}
	const char *want = *a.slug ? a.slug : "bai-viet";
	if (strcmp(slug, want) != 0) {
		page_redirect(p, 301, site_article_url(p->a, a.slug, a.id));
		return;
	}
	article_fill(p, &a);
	fill_related(p, &a);
	list_sidebar(p, a.id);
	lang_article_alts(p, &a);
	widgets_context(p); /* the right column's blocks, as on the home and category pages */
	page_render(p, 200, "article");
	p->cacheable = true;
	p->count_article = a.id;
}

void page_article_redirect(struct page *p, const char *id_text)
{
	size_t n = strlen(id_text);
	if (n && id_text[n - 1] == '/')
		n--;
	int64_t id = http_parse_id(id_text, n);
	struct article a;
	int status = id ? article_load_public(p, id, &a) : 404;
	if (status) {
		page_error(p, status);
		return;
	}
	page_redirect(p, 301, site_article_url(p->a, a.slug, a.id));
}
