/* Pages in another language than the default (issue 13): /{lang}/page/{slug} (a static page's
 * English version), /{lang}/{slug}-{id}.html (an article's translation), and the links from the
 * Vietnamese pages to them. */
#include "site/site-int.h"

#include <string.h>

#include "sanitize/sanitize.h"

static void free_safe(void *h)
{
	safe_html_free(h);
}

/* The sanitiser's output for stored html, kept until the page's arena goes; NULL when unreadable.
 */
static const struct safe_html *safe(struct page *p, const char *html)
{
	struct safe_html *h = NULL;
	if (sanitize_html(html, strlen(html), &h) != 0)
		return NULL;
	arena_on_free(p->a, free_safe, h);
	return h;
}

void lang_article_alts(struct page *p, const struct article *a)
{
	const struct i18n *in = &p->site->i18n;
	for (size_t i = 0; i < in->n; i++) {
		const struct i18n_cat *c = &in->cats[i];
		struct article_translation t;
		if (c->is_default) {
			lang_alt(p, c, site_article_url(p->a, a->slug, a->id));
		} else if (a->langs_read) {
			for (size_t k = 0; k < a->nlangs; k++)
				if (strcmp(a->langs[k].lang, c->code) == 0)
					lang_alt(p, c,
						 lang_article_url(p, c, a->langs[k].title, a->id));
		} else if (store_translation_get(p->st, p->a, a->id, c->code, &t) == STORE_OK) {
			lang_alt(p, c, lang_article_url(p, c, t.title, a->id));
		}
	}
}

void lang_page_alts(struct page *p, const struct static_page *pg)
{
	const struct i18n *in = &p->site->i18n;
	for (size_t i = 0; i < in->n; i++) {
		const struct i18n_cat *c = &in->cats[i];
		if (c->is_default)
			lang_alt(p, c, arena_printf(p->a, "/trang/%s", pg->slug));
		else if (*pg->title_en)
			lang_alt(p, c, arena_printf(p->a, "%s/page/%s", c->prefix, pg->slug));
	}
}

void page_lang_article(struct page *p, int64_t id, const char *slug)
{
	struct article a;
	struct article_translation t;
	int status = article_load_public(p, id, &a);
	if (!status) {
		enum store_rc rc = store_translation_get(p->st, p->a, id, p->lang->code, &t);
		status = rc == STORE_OK ? 0 : page_status_of(rc);
	}
	if (status) {
		page_error(p, status);
		return;
	}
	const char *url = lang_article_url(p, p->lang, t.title, id);
	const char *want = strrchr(url, '/') + 1;
	if (strncmp(slug, want, strlen(slug)) != 0 || want[strlen(slug)] != '-') {
		page_redirect(p, 301, url);
		return;
	}
	const struct safe_html *body = safe(p, t.body_html);
	if (!body) {
		page_error(p, 500);
		return;
	}
	struct tv *o = tv_child(p->ctx, "article");
	tv_str(o, "title", t.title);
	tv_str(o, "lead", t.lead);
	tv_safe(o, "body", body);
	tv_str(o, "published", page_date(p, a.published_at));
	tv_str(p->ctx, "title", t.title);
	tv_str(p->ctx, "description", t.lead);
	tv_str(p->ctx, "canonical", url);
	lang_article_alts(p, &a);
	page_render(p, 200, "lang_article");
	p->cacheable = true;
}

void page_lang_static(struct page *p, const char *slug)
{
	struct static_page pg;
	struct static_page *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_page_by_slug(p->st, p->a, slug, &pg);
	if (rc == STORE_OK && (!*pg.title_en || pg.status != ARTICLE_PUBLISHED))
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		rc = store_pages(p->st, p->a, &all, &n);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	const struct safe_html *body = safe(p, pg.body_en);
	if (!body) {
		page_error(p, 500);
		return;
	}
	tv_str(p->ctx, "heading", pg.title_en);
	tv_safe(p->ctx, "body", body);
	struct tv *crumbs = tv_list(p->ctx, "breadcrumb");
	struct tv *cr = tv_push(crumbs);
	tv_str(cr, "name", pg.title_en);
	tv_str(cr, "url", lang_url(p, arena_printf(p->a, "/page/%s", pg.slug)));
	tv_bool(cr, "last", true);
	struct tv *kids = tv_list(p->ctx, "subpages");
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (all[i].parent_id != pg.id || !*all[i].title_en ||
		    all[i].status != ARTICLE_PUBLISHED)
			continue;
		struct tv *k = tv_push(kids);
		tv_str(k, "title", all[i].title_en);
		tv_str(k, "url", lang_url(p, arena_printf(p->a, "/page/%s", all[i].slug)));
		any = true;
	}
	tv_bool(p->ctx, "has_subpages", any);
	tv_str(p->ctx, "title", pg.title_en);
	tv_str(p->ctx, "canonical", lang_url(p, arena_printf(p->a, "/page/%s", pg.slug)));
	tv_str(p->ctx, "description",
	       arena_printf(p->a, "%s - %s", pg.title_en, page_setting(p, "site_name")));
	lang_page_alts(p, &pg);
	page_render(p, 200, "static_page");
	p->cacheable = true;
}
