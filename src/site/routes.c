/* The public site's route table: every reader URL, and how the site surface runs a row. */
#include "site/site-int.h"

#include <string.h>

#include "site/widgets.h"

static void h_home(void *ctx)
{
	page_home(ctx);
}

static void h_healthz(void *ctx)
{
	struct page *p = ctx;
	p->resp->status = 200;
	p->resp->content_type = "text/plain; charset=utf-8";
	buf_puts(&p->resp->body, "ok\n");
	http_resp_header(p->resp, "Cache-Control", "no-store");
}

static void h_metrics(void *ctx)
{
	page_metrics(ctx);
}

static void h_static(void *ctx)
{
	if (!assets_serve(ctx))
		page_error(ctx, 404);
}

/* Uploads: never in the page cache. */
static void h_media(void *ctx)
{
	if (!media_serve(ctx))
		page_error(ctx, 404);
}

static void h_rss(void *ctx)
{
	page_rss(ctx);
}

static void h_sitemap(void *ctx)
{
	struct page *p = ctx;
	page_sitemap(p, http_route_param_id(&p->match, "n"));
}

static void h_robots(void *ctx)
{
	page_robots(ctx);
}

static void h_search(void *ctx)
{
	page_search(ctx);
}

/* "/chuyen-muc/{path}/" and its feed "/chuyen-muc/{path}/rss.xml" (categories nest). */
static void h_category(void *ctx)
{
	struct page *p = ctx;
	const char *rest = p->match.rest;
	size_t n = strlen(rest);
	if (n > 8 && strcmp(rest + n - 8, "/rss.xml") == 0)
		page_category_feed(p, arena_strndup(p->a, rest, n - 7));
	else
		page_category(p, rest);
}

static void h_tag(void *ctx)
{
	struct page *p = ctx;
	page_tag(p, p->match.rest);
}

static void h_static_page(void *ctx)
{
	struct page *p = ctx;
	size_t len;
	const char *slug = http_route_param(&p->match, "slug", &len);
	page_static(p, arena_strndup(p->a, slug, len));
}

static void h_org(void *ctx)
{
	page_org(ctx);
}

static void h_vcard(void *ctx)
{
	struct page *p = ctx;
	page_vcard(p, http_route_param_id(&p->match, "id"));
}

/* /{lang}/...: site_serve has set p->lang from the row's {lang} (404 for an unknown one). */
static void h_lang_home(void *ctx)
{
	page_lang_home(ctx);
}

static void h_lang_static(void *ctx)
{
	struct page *p = ctx;
	size_t len;
	const char *slug = http_route_param(&p->match, "slug", &len);
	page_lang_static(p, arena_strndup(p->a, slug, len));
}

static void h_lang_org(void *ctx)
{
	page_lang_org(ctx);
}

static void h_lang_article(void *ctx)
{
	struct page *p = ctx;
	size_t len;
	const char *slug = http_route_param(&p->match, "slug", &len);
	page_lang_article(p, http_route_param_id(&p->match, "id"),
			  slug ? arena_strndup(p->a, slug, len) : "");
}

static void h_article_redirect(void *ctx)
{
	struct page *p = ctx;
	page_article_redirect(p, p->match.rest);
}

static void h_article(void *ctx)
{
	struct page *p = ctx;
	size_t len;
	const char *slug = http_route_param(&p->match, "slug", &len);
	page_article(p, http_route_param_id(&p->match, "id"),
		     slug ? arena_strndup(p->a, slug, len) : "");
}

static void h_banner(void *ctx)
{
	struct page *p = ctx;
	int64_t id = http_route_param_id(&p->match, "id");
	if (!id) {
		const char *v = http_query(p->req, "id");
		id = v ? http_parse_id(v, strlen(v)) : 0;
		if (!id) {
			page_error(p, 400); /* the links' select sent no website */
			return;
		}
	}
	page_banner(p, id);
}

static void h_albums(void *ctx)
{
	page_albums(ctx);
}

static void h_album(void *ctx)
{
	struct page *p = ctx;
	page_album(p, http_route_param_id(&p->match, "id"));
}

static void h_videos(void *ctx)
{
	page_videos(ctx);
}

static void h_visitors(void *ctx)
{
	page_visitors(ctx);
}

/* public-face (issue 10): the favicon, and an article's print view and PDF (no view counted) */
static void h_favicon(void *ctx)
{
	page_favicon(ctx);
}

static void h_print(void *ctx)
{
	struct page *p = ctx;
	page_print(p, http_route_param_id(&p->match, "id"));
}

static void h_pdf(void *ctx)
{
	struct page *p = ctx;
	page_pdf(p, http_route_param_id(&p->match, "id"));
}

static void h_documents(void *ctx)
{
	page_documents(ctx);
}

static void h_document(void *ctx)
{
	struct page *p = ctx;
	size_t len;
	const char *slug = http_route_param(&p->match, "slug", &len);
	page_document(p, http_route_param_id(&p->match, "id"),
		      slug ? arena_strndup(p->a, slug, len) : "");
}

static void h_document_file(void *ctx)
{
	struct page *p = ctx;
	page_document_file(p, http_route_param_id(&p->match, "id"));
}

static void h_document_comment(void *ctx)
{
	struct page *p = ctx;
	page_document_comment(p, http_route_param_id(&p->match, "id"));
}

static void h_contact(void *ctx)
{
	page_contact(ctx);
}

static void h_contact_post(void *ctx)
{
	page_contact_post(ctx);
}

static void h_qa_list(void *ctx)
{
	page_qa_list(ctx);
}

static void h_qa(void *ctx)
{
	struct page *p = ctx;
	page_qa(p, http_route_param_id(&p->match, "id"));
}

static void h_documents_rss(void *ctx)
{
	page_documents_rss(ctx);
}

static void h_documents_sitemap(void *ctx)
{
	page_documents_sitemap(ctx);
}

#define PAGE ROUTE_CACHED, ROUTE_PUBLIC, NULL

/* Readers only GET (the poll form posts to a surface of its own, site_poll_surface); the newsroom
 * (/admin) and the API
 * (/api/) are surfaces of their own. */
static const struct route rows[] = {
    {ROUTE_GET, "/", h_home, PAGE},
    {ROUTE_GET, "/healthz", h_healthz, ROUTE_PLAIN, ROUTE_PUBLIC, NULL},
    {ROUTE_GET, "/metrics", h_metrics, ROUTE_PLAIN, ROUTE_PUBLIC, NULL},
    {ROUTE_GET, "/static/*", h_static, ROUTE_PLAIN, ROUTE_PUBLIC, NULL},
    {ROUTE_GET, "/media/*", h_media, ROUTE_PLAIN, ROUTE_PUBLIC, NULL},
    {ROUTE_GET, "/rss.xml", h_rss, PAGE},
    {ROUTE_GET, "/sitemap.xml", h_sitemap, PAGE},
    {ROUTE_GET, "/sitemap-{n}.xml", h_sitemap, PAGE},
    {ROUTE_GET, "/robots.txt", h_robots, PAGE},
    {ROUTE_GET, "/favicon.ico", h_favicon, 0, ROUTE_PUBLIC, NULL}, /* a redirect */
    {ROUTE_GET, "/in/{id}", h_print, PAGE},
    {ROUTE_GET, "/tai-ve/{id}.pdf", h_pdf, PAGE},
    {ROUTE_GET, "/tim-kiem", h_search, 0, ROUTE_PUBLIC, NULL}, /* follows writes at once */
    {ROUTE_GET, "/chuyen-muc/*", h_category, PAGE},
    {ROUTE_GET, "/chu-de/*", h_tag, PAGE},
    {ROUTE_GET, "/trang/{slug}", h_static_page, PAGE},
    {ROUTE_GET, "/to-chuc/", h_org, 0, ROUTE_PUBLIC, NULL}, /* ?q= searches the directory */
    {ROUTE_GET, "/to-chuc/nguoi/{id}.vcf", h_vcard, PAGE},
    {ROUTE_GET, "/van-ban/rss.xml", h_documents_rss, PAGE},
    {ROUTE_GET, "/van-ban/sitemap.xml", h_documents_sitemap, PAGE},
    {ROUTE_GET, "/van-ban/", h_documents, 0, ROUTE_PUBLIC, NULL}, /* searches follow writes */
    {ROUTE_GET, "/van-ban/tai-ve/{id}", h_document_file, 0, ROUTE_PUBLIC, NULL}, /* counted */
    {ROUTE_GET, "/van-ban/{slug}-{id}.html", h_document, PAGE},
    {ROUTE_GET, "/lien-he", h_contact, 0, ROUTE_PUBLIC, NULL}, /* a fresh token each time */
    {ROUTE_GET, "/hoi-dap/", h_qa_list, PAGE},
    {ROUTE_GET, "/hoi-dap/{id}", h_qa, PAGE},
    {ROUTE_GET, "/video/", h_videos, PAGE},
    {ROUTE_GET, "/thu-vien-anh/", h_albums, PAGE},
    {ROUTE_GET, "/thu-vien-anh/{id}", h_album, PAGE},
    {ROUTE_GET, "/r/{id}", h_banner, 0, ROUTE_PUBLIC, NULL}, /* counts a click */
    {ROUTE_GET, "/r", h_banner, 0, ROUTE_PUBLIC, NULL},      /* ?id= from the links' select */
    {ROUTE_GET, "/thong-ke-truy-cap", h_visitors, 0, ROUTE_PUBLIC, NULL},
    {ROUTE_GET, "/a/*", h_article_redirect, 0, ROUTE_PUBLIC, NULL}, /* a redirect */
    {ROUTE_GET, "/{slug}-{id}.html", h_article, PAGE},
    {ROUTE_GET, "/{id}.html", h_article, PAGE},
    /* Other languages (issue 13): {lang} is a catalogue of theme/i18n/ other than the default;
     * these rows come last so that every Vietnamese folder above wins. */
    {ROUTE_GET, "/{lang}/", h_lang_home, PAGE},
    {ROUTE_GET, "/{lang}/page/{slug}", h_lang_static, PAGE},
    {ROUTE_GET, "/{lang}/organisation/", h_lang_org, 0, ROUTE_PUBLIC, NULL}, /* ?q= */
    {ROUTE_GET, "/{lang}/{slug}-{id}.html", h_lang_article, PAGE},
};

/* Pages get the shared context (settings, categories, clock) first; ROUTE_PLAIN rows (health,
 * metrics, files) answer without it, so /healthz works with the database down. */
void site_serve(struct page *p)
{
	const struct route *r = p->match.route;
	bool bad_lang = !lang_of_route(p); /* dispatch has refused these already */
	if (!(r->flags & ROUTE_PLAIN)) {
		int status = page_begin(p);
		if (status || bad_lang) {
			page_error(p, status ? status : 404);
			return;
		}
	}
	r->handler(p);
}

const struct site_surface site_public_surface = {
    .routes = {"site", rows, sizeof rows / sizeof rows[0]},
    .prefix = "/",
    .serve = site_serve,
    .refuse = page_error,
    .replica_reads = true,
};

/* What readers send (comments on draft documents): a surface of its own, so that the public
 * site's table stays GET-only (a POST to any page is 405 there). */
static const struct route form_rows[] = {
    {HTTP_POST, "/gop-y/van-ban/{id}", h_document_comment, 0, ROUTE_PUBLIC, NULL},
    {HTTP_POST, "/gop-y/lien-he", h_contact_post, 0, ROUTE_PUBLIC, NULL},
};

const struct site_surface site_forms_surface = {
    .routes = {"site", form_rows, sizeof form_rows / sizeof form_rows[0]},
    .prefix = "/gop-y",
    .serve = site_serve,
    .refuse = page_error,
};
