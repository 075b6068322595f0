/* The language of a public page (issue 13): the catalogue's strings in the context, the language
 * switch and hreflang links between translations, and the /{lang}/ home page. */
#include "site/site-int.h"

#include <string.h>

#include "vi/vi.h"

#define LANG_HOME_ARTICLES 20

const struct i18n_cat *lang_default(const struct page *p)
{
	const struct i18n *in = &p->site->i18n;
	return &in->cats[in->def];
}

bool lang_of_route(struct page *p)
{
	size_t len = 0;
	const char *code = http_route_param(&p->match, "lang", &len);
	if (!code)
		return true;
	p->lang = i18n_find(&p->site->i18n, code, len);
	if (p->lang && p->lang->is_default)
		p->lang = NULL;
	return p->lang != NULL;
}

const char *lang_url(struct page *p, const char *path)
{
	return arena_printf(p->a, "%s%s", p->lang ? p->lang->prefix : "", path);
}

/* The menu of a language other than the default: its home, its static pages at the top level
 * and the organisation (the categories are Vietnamese only). */
static void lang_nav(struct page *p)
{
	struct static_page *all = NULL;
	size_t n = 0;
	struct tv *nav = tv_list(p->ctx, "lang_nav");
	if (store_pages(p->st, p->a, &all, &n) == STORE_OK) {
		for (size_t i = 0; i < n; i++) {
			if (all[i].parent_id || !*all[i].title_en ||
			    all[i].status != ARTICLE_PUBLISHED)
				continue;
			struct tv *it = tv_push(nav);
			tv_str(it, "name", all[i].title_en);
			tv_str(it, "url", lang_url(p, arena_printf(p->a, "/page/%s", all[i].slug)));
		}
	}
	struct tv *org = tv_push(nav);
	tv_str(org, "name", i18n_str(p, "org_title"));
	tv_str(org, "url", lang_url(p, "/organisation/"));
}

void lang_context(struct page *p)
{
	const struct i18n_cat *c = p->lang;
	struct tv *t = tv_child(p->ctx, "t");
	for (size_t i = 0; i < c->nstrings; i++)
		tv_str(t, c->keys[i], c->values[i]);
	tv_str(p->ctx, "lang", c->code);
	tv_str(p->ctx, "lang_locale", c->locale);
	tv_str(p->ctx, "home_url", lang_url(p, "/"));
	tv_bool(p->ctx, "lang_default", c->is_default);
	if (!c->is_default)
		lang_nav(p);
}

void lang_alt(struct page *p, const struct i18n_cat *c, const char *url)
{
	if (c && c->index < PAGE_LANGS)
		p->alt[c->index] = url;
}

void lang_alt_homes(struct page *p)
{
	const struct i18n *in = &p->site->i18n;
	for (size_t i = 0; i < in->n; i++)
		lang_alt(p, &in->cats[i], arena_printf(p->a, "%s/", in->cats[i].prefix));
}

void lang_finish(struct page *p)
{
	if (!p->lang)
		return;
	const struct i18n *in = &p->site->i18n;
	struct tv *langs = tv_list(p->ctx, "langs");
	size_t nalt = 0;
	for (size_t i = 0; i < in->n && i < PAGE_LANGS; i++) {
		const struct i18n_cat *c = &in->cats[i];
		if (p->alt[i] && c != p->lang)
			nalt++;
		if (c == p->lang)
			continue;
		struct tv *it = tv_push(langs);
		tv_str(it, "code", c->code);
		tv_str(it, "name", c->name);
		tv_str(it, "url", p->alt[i] ? p->alt[i] : arena_printf(p->a, "%s/", c->prefix));
		tv_bool(it, "translation", p->alt[i] != NULL);
	}
	tv_bool(p->ctx, "has_langs", in->n > 1);
	/* hreflang: every version, this one included, and x-default (the default language's). */
	if (!nalt || !p->alt[p->lang->index])
		return;
	struct tv *alts = tv_list(p->ctx, "alternates");
	for (size_t i = 0; i < in->n && i < PAGE_LANGS; i++) {
		if (!p->alt[i])
			continue;
		struct tv *it = tv_push(alts);
		tv_str(it, "hreflang", in->cats[i].code);
		tv_str(it, "url", p->alt[i]);
	}
	if (p->alt[in->def]) {
		struct tv *it = tv_push(alts);
		tv_str(it, "hreflang", "x-default");
		tv_str(it, "url", p->alt[in->def]);
	}
}

void page_lang_org(struct page *p)
{
	page_org(p);
}

/* The address of a translated article: the slug of its translated title. */
const char *lang_article_url(struct page *p, const struct i18n_cat *c, const char *title,
			     int64_t id)
{
	struct buf b = BUF_INIT;
	vi_slug(title, strlen(title), 80, &b);
	const char *url = arena_printf(p->a, "%s/%s-%lld.html", c->prefix,
				       b.len ? buf_cstr(&b) : "article", (long long)id);
	buf_free(&b);
	return url;
}

#define LANG_SITEMAP_ARTICLES 5000

static void sitemap_lang(struct page *p, struct buf *b, const char *base, const struct i18n_cat *c,
			 const struct static_page *pages, size_t np)
{
	buf_printf(b, "<url><loc>%s%s/</loc><changefreq>hourly</changefreq></url>\n", base,
		   c->prefix);
	buf_printf(b, "<url><loc>%s%s/organisation/</loc></url>\n", base, c->prefix);
	for (size_t i = 0; i < np; i++)
		if (*pages[i].title_en && pages[i].status == ARTICLE_PUBLISHED)
			buf_printf(b, "<url><loc>%s%s/page/%s</loc></url>\n", base, c->prefix,
				   pages[i].slug);
	struct article_translation *tr = NULL;
	size_t n = 0;
	if (store_translations(p->st, p->a, c->code, LANG_SITEMAP_ARTICLES, &tr, &n) != STORE_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		struct article a;
		if (article_load_public(p, tr[i].article_id, &a) == 0)
			buf_printf(b, "<url><loc>%s%s</loc></url>\n", base,
				   lang_article_url(p, c, tr[i].title, a.id));
	}
}

void lang_sitemap(struct page *p, struct buf *b, const char *base)
{
	const struct i18n *in = &p->site->i18n;
	struct static_page *pages = NULL;
	size_t np = 0;
	if (store_pages(p->st, p->a, &pages, &np) != STORE_OK)
		np = 0;
	for (size_t i = 0; i < in->n; i++)
		if (!in->cats[i].is_default)
			sitemap_lang(p, b, base, &in->cats[i], pages, np);
}

/* /{lang}/: the articles translated into the language (public ones only), its pages and the
 * organisation. */
void page_lang_home(struct page *p)
{
	struct article_translation *tr = NULL;
	size_t n = 0;
	enum store_rc rc =
	    store_translations(p->st, p->a, p->lang->code, LANG_HOME_ARTICLES, &tr, &n);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(p->ctx, "articles");
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		struct article a;
		if (article_load_public(p, tr[i].article_id, &a) != 0)
			continue;
		struct tv *it = tv_push(list);
		tv_str(it, "title", tr[i].title);
		tv_str(it, "lead", tr[i].lead);
		tv_str(it, "url", lang_article_url(p, p->lang, tr[i].title, a.id));
		tv_str(it, "date", page_date(p, a.published_at));
		any = true;
	}
	tv_bool(p->ctx, "has_articles", any);
	const char *home = lang_url(p, "/");
	tv_str(p->ctx, "canonical", home);
	tv_str(p->ctx, "description", page_setting(p, "site_name"));
	lang_alt(p, p->lang, home);
	lang_alt(p, lang_default(p), "/");
	page_render(p, 200, "lang_home");
	p->cacheable = true;
}
