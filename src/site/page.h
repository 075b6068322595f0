/*
 * The host every surface (public site, newsroom, API) answers through: one request's context, the
 * shared page machinery, the category tree, and the surfaces' route tables. The newsroom and the
 * API use this header only; the site's own pages and state stay behind site-int.h.
 */
#ifndef GZ_SITE_PAGE_H
#define GZ_SITE_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "html/tpl.h"
#include "http/http.h"
#include "http/route.h"
#include "store/store.h"

struct site;
struct i18n_cat;

/* Languages a page may link to (site/i18n.h's I18N_MAX). */
#define PAGE_LANGS 8

/* One request, whichever surface answers it. */
struct page {
	struct site *site; /* opaque outside src/site/ */
	struct store *st;
	struct http_req *req;
	struct http_resp *resp;
	struct arena *a;
	int64_t now;
	const char *tz;
	struct tv *ctx; /* root template context, with the shared parts filled in */
	struct category *cats;
	size_t ncats;
	const struct site_snap *snap; /* held until the page's arena is freed (site/snapshot.c) */
	const struct tv *chrome;      /* the snapshot's SNAP_CHROME part in ctx, or NULL */
	const char *base;             /* site_base's answer, once asked (in a) */
	bool cacheable;               /* the handler's 200 may be kept in the page cache */
	int64_t count_article;        /* a reader's GET of this response counts a view of it */
	signed char reader; /* a reader's GET (not HEAD, not a crawler): 0 not yet known, 1, -1 */
	const char *clock_text;
	/* A form's time token (name="t": a poll's, a document's consultation, the contact form) is
	 * in the page: its ETag's hash then leaves the tokens out (site.c, hash_tokenless), else
	 * the page is hashed as it is. */
	bool form_tokens;
	/* The public page's language (site/i18n.c; NULL outside the public site) and, per catalogue
	 * index, the address of this page's translation in that language (NULL: none). */
	const struct i18n_cat *lang;
	const char *alt[PAGE_LANGS];
	struct route_match match; /* the route-table row that answers, and the path's parameters */
};

/* --- page.c: shared page machinery ------------------------------------------------------------ */

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

/* True when v is an acceptable base_url setting: an absolute http:// or https:// URL with a host
 * (letters, digits, '.', '-', an optional :port or [IPv6]), no user name or password, and a path
 * of visible ASCII without quotes, angle brackets, backslashes, '?' or '#'. */
bool site_base_url_valid(const char *v);

/* True when readers may see the article at time now: published, due, not expired. */
bool site_article_public(const struct article *a, int64_t now);

/* A legal document's canonical path, "/van-ban/{slug}-{id}.html", in the page's arena. */
const char *site_document_url(struct page *p, int64_t id, const char *slug);

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
/* A ?category= value: a category id or a slug path ("a/b"). Returns its id, 0 when v is NULL or
 * empty, -1 when no category is meant by it. */
int64_t cat_param(const struct page *p, const char *v);
/* "/chuyen-muc/a/b/" for a category. Allocated in the page's arena. */
const char *cat_url(const struct page *p, int64_t id);
/* Adds a list of {name, url} from the root down to id under key. */
void cat_breadcrumb(struct page *p, struct tv *obj, const char *key, int64_t id);
/* Article URLs: "/{slug}-{id}.html". */
const char *site_article_url(struct arena *a, const char *slug, int64_t id);

/* --- surfaces ----------------------------------------------------------------------------------
 */

/*
 * A surface answers the paths under its prefix from its route table. The host matches the table
 * (404 and 405 with Allow come from it), serves ROUTE_CACHED rows from the page cache (a request
 * with a token skips it on ROUTE_TOKEN rows) and otherwise calls serve; serve runs
 * p->match.route: the row's checks (session, token, role column), then its handler.
 */
struct site_surface {
	struct route_table routes;
	const char *prefix; /* "/api/", "/admin"...; "/" takes what no other surface takes */
	void (*serve)(struct page *p);
	/* Answers a refusal (400, 404, 405 with p->match.allow, 413) in the surface's format. */
	void (*refuse)(struct page *p, int status);
	/* Its GET and HEAD requests without a token read public content from a read replica
	 * (store_reader) when the store has them: the public site and the API, not the newsroom. */
	bool replica_reads;
};

/* Content changed: drops the page caches (the newsroom and the API call it after a write). cls is
 * the struct site, so that it fits struct nr_ctx's changed callback. */
void site_content_changed(void *site);
/* The newsroom's template set (site_config.admin_dir), or NULL when none was loaded. */
const struct tpl_set *site_admin_templates(const struct site *s);
/* Where uploads are kept (site_config.media_dir), or NULL when uploads are off. */
const char *site_media_dir(const struct site *s);
/* The largest upload in bytes (site_config.max_upload). */
size_t site_max_upload(const struct site *s);
/* The largest video upload in bytes (site_config.max_video). */
size_t site_max_video(const struct site *s);
/* True for the routes that take uploads (streamed to disk, up to max_upload). */
bool site_is_upload(const struct http_req *req);
/* True for every route whose body is streamed to disk (images, videos, documents' attachments):
 * refused for size with the uploader's own words. */
bool site_streams_body(const struct http_req *req);
/* /metrics: one search by words of articles or of legal documents, that took elapsed_us. */
enum site_search_kind { SITE_SEARCH_ARTICLES, SITE_SEARCH_DOCUMENTS, SITE_SEARCH_KINDS };
void site_count_search(struct site *s, enum site_search_kind kind, int64_t elapsed_us);
/* "Ảnh quá lớn: tối đa N MB", in the arena. */
const char *site_upload_too_large(struct page *p);
/* The site's widget secret (the same on every node; "" when the database had none). */
const char *site_widget_secret(const struct site *s);
/* The Allow header text for p->match.allow ("GET, HEAD"), in the arena. */
const char *page_allow(struct page *p);

#endif
