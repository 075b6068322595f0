/* Private to src/site/: the site's state, the per-request page context, and the page handlers. */
#ifndef GZ_SITE_SITE_INT_H
#define GZ_SITE_SITE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <pthread.h>

#include "html/tpl.h"
#include "site/cache.h"
#include "site/page.h"
#include "site/site.h"
#include "site/views.h"

struct asset {
	char *name; /* file name in static/, e.g. "site.css" */
	char *key;  /* its template name, "site_css" ({{asset.site_css}}) */
	char *url;  /* "/static/site.3f9a0c1b.css" */
	char *type; /* Content-Type */
	char *data;
	size_t len;
};

/* Counters for /metrics (metrics.c). */
struct site_metrics {
	_Atomic unsigned long long responses[6]; /* by status class, 1..5 */
	_Atomic unsigned long long cache_hits, renders, render_us, views;
	int64_t started;
};

struct site {
	struct site_metrics m;
	struct store *st;
	struct tpl_set *tpl;
	struct asset *assets;
	size_t nassets;
	struct views *views;
	char *crawlers;
	struct tpl_set *admin_tpl;                  /* the newsroom's templates (admin/templates) */
	const struct site_surface *const *surfaces; /* tried in order; the public site last */
	size_t nsurfaces;
	struct page_cache *cache;
	char *media_dir;   /* NULL when uploads are off */
	size_t max_body;   /* request bodies, except uploads */
	size_t max_upload; /* an upload to a media route */
	pthread_t watcher; /* polls the store's content version */
	pthread_mutex_t watch_mu;
	pthread_cond_t watch_cv;
	bool stopping;
};

/* page.c: the security headers of every HTML answer. */
void page_html_headers(struct page *p);
/* An error page that needs neither the store nor templates, with the security headers: title and
 * message (NULL: the status's own) and a link back (NULL: the home page). Text is escaped. */
void page_error_text(struct page *p, int status, const char *title, const char *message,
		     const char *back, const char *back_text);
/* The Vietnamese title of an error status. */
const char *page_error_title(int status);

/* --- limits.c: requests refused from their headers -------------------------------------------- */

/* Answers a request whose req->bad is set that the surface's own refusals do not cover (framing,
 * 414, 431, a full body budget, an upload over the limit): JSON {"error","code"} under /api/ (or
 * to a fetch that asks for JSON), else a Vietnamese page; an upload over the limit gets the
 * newsroom's words. */
void site_refuse(struct page *p);

/* --- legacy.c: old addresses of imported sites ----------------------------------------------- */

/* Answers a 301 when the request's path (with its query when with_query) is an old address an
 * importer recorded; returns false (nothing sent) otherwise. */
bool site_legacy_redirect(struct page *p, bool with_query);

/* --- pages ------------------------------------------------------------------------------------ */

void page_home(struct page *p);
void page_category(struct page *p, const char *rest);
void page_article(struct page *p, int64_t id, const char *slug);
void page_article_redirect(struct page *p, const char *id_text);
/* Topic pages: /chu-de/{slug}/ */
void page_tag(struct page *p, const char *rest);

/* metrics.c */
void metrics_count(struct site *s, int status);
void page_metrics(struct page *p);

/* feeds.c */
void page_rss(struct page *p);
void page_category_rss(struct page *p, const struct category *c);
/* /chuyen-muc/{path}/rss.xml: rest is "{path}/" */
void page_category_feed(struct page *p, const char *rest);
/* file 0 is /sitemap.xml, n > 0 is /sitemap-n.xml */
void page_sitemap(struct page *p, int64_t file);
void page_robots(struct page *p);
/* search.c: /tim-kiem and GET /api/v1/search */
void page_search(struct page *p);
void api_search(struct page *p);

/* media.c: GET /media/{file} for files the media table lists; false when there is none. */
bool media_serve(struct page *p);

/* assets.c */
int assets_load(struct site *s, const char *dir, struct buf *err);
void assets_free(struct site *s);
/* Serves /static/... ; returns false when no asset has that URL. */
bool assets_serve(struct page *p);
/* Adds asset.{name with '.' as '_'} = url for every asset. */
void assets_context(struct site *s, struct tv *ctx);

#endif
