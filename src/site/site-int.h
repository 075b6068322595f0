/* Private to src/site/: the site's state, the per-request page context, and the page handlers. */
#ifndef GZ_SITE_SITE_INT_H
#define GZ_SITE_SITE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <pthread.h>

#include "html/tpl.h"
#include "site/cache.h"
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
	struct tpl_set *admin_tpl; /* the newsroom's templates (admin/templates) */
	struct site_admin admin;
	struct page_cache *cache;
	char *media_dir;   /* NULL when uploads are off */
	pthread_t watcher; /* polls the store's content version */
	pthread_mutex_t watch_mu;
	pthread_cond_t watch_cv;
	bool stopping;
	struct site_snap *snap; /* categories and settings of the current generation (snapshot.c) */
};

/* One request's view of the site. */
struct page {
	struct site *site;
	struct http_req *req;
	struct http_resp *resp;
	struct arena *a;
	int64_t now;
	const char *tz;
	struct tv *ctx; /* root template context, with the shared parts filled in */
	struct category *cats;
	size_t ncats;
	const struct site_snap *snap; /* held until the page's arena is freed */
	bool cacheable;               /* the handler's 200 may be kept in the page cache */
	int64_t count_article;        /* a reader's GET of this response counts a view of it */
	const char *clock_text;
};

/* --- snapshot.c: categories and settings read once per content generation ----------------------
 */

/* Sets p->snap, p->cats and p->ncats from the snapshot of the current generation, reading it when
 * there is none yet. */
enum store_rc site_snap_take(struct page *p);
/* The value of setting `key` in p's snapshot, or NULL when key is not one of site_settings. */
const char *site_snap_setting(const struct page *p, const char *key);
void site_snap_free(struct site *site);

/* --- site.c: shared page machinery ------------------------------------------------------------ */

/* Loads settings and categories and fills the shared template context. Returns 0, or an HTTP status
 * (503 when the store is unavailable). */
int page_begin(struct page *p);
/* Renders template `name` into the response as an HTML page with status. */
void page_render(struct page *p, int status, const char *name);
/* The same with another template set (the newsroom's). */
void page_render_with(struct page *p, const struct tpl_set *set, int status, const char *name);
/* Sends the Vietnamese error page for status (never echoing the request). */
void page_error(struct page *p, int status);
/* Sends doc (whose reference it takes) as the JSON body with status; the caller decides caching. */
struct json_t;
void page_json(struct page *p, int status, struct json_t *doc);
/* Sends a redirect to a local path. */
void page_redirect(struct page *p, int status, const char *location);
/* Value of a setting (or its default). Borrowed from the page's arena. */
const char *page_setting(struct page *p, const char *key);
/* Maps a store failure to an HTTP status: 404 for NOTFOUND, 503 for UNAVAILABLE, else 500. */
int page_status_of(enum store_rc rc);

/* The site's absolute base URL without a trailing slash: the base_url setting, else the request's
 * scheme and (checked) Host. */
const char *site_base(struct page *p);

/* True when readers may see the article at time now: published, due, not expired. */
bool article_public(const struct article *a, int64_t now);

/* Parses a positive decimal id of at most 18 digits (fits int64); returns 0 when invalid. */
int64_t parse_id(const char *s, size_t n);
/* Parses ?page=; 1 when absent; returns -1 when present but not an integer in 1..100000. */
int parse_page(const char *v);

/* Local time formatting in the page's zone. */
const char *page_datetime(struct page *p, int64_t t);
const char *page_date(struct page *p, int64_t t);

/* --- cats.c: the category tree ---------------------------------------------------------------- */

const struct category *cat_find(const struct page *p, int64_t id);
/* Fills chain[0..*n) with the categories from the root down to id; *n = 0 when id is unknown. */
void cat_chain(const struct page *p, int64_t id, const struct category **chain, size_t *n,
	       size_t max);
/* The category whose slug path from the root is segs[0..nsegs), or NULL. */
const struct category *cat_by_path(const struct page *p, const char *const *segs, size_t nsegs);
/* "/chuyen-muc/a/b/" for a category. Allocated in the page's arena. */
const char *cat_url(const struct page *p, int64_t id);
/* Adds a list of {name, url} from the root down to id under key. */
void cat_breadcrumb(struct page *p, struct tv *obj, const char *key, int64_t id);
/* Article URLs: "/{slug}-{id}.html". */
const char *article_url(struct arena *a, const char *slug, int64_t id);

/* --- pages ------------------------------------------------------------------------------------ */

void page_home(struct page *p);
void page_category(struct page *p, const char *rest);
void page_article(struct page *p, int64_t id, const char *slug);
void page_article_redirect(struct page *p, const char *id_text);
void api_handle(struct page *p, const char *rest);
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
