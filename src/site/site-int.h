/* Private to src/site/: the site's state, the per-request page context, and the page handlers. */
#ifndef GZ_SITE_SITE_INT_H
#define GZ_SITE_SITE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <pthread.h>

#include "html/tpl.h"
#include "site/cache.h"
#include "site/i18n.h"
#include "site/page.h"
#include "site/site.h"
#include "site/views.h"
#include "site/visitors.h"

struct asset {
	char *name; /* file name in static/, e.g. "site.css" */
	char *key;  /* its template name, "site_css" ({{asset.site_css}}) */
	char *url;  /* "/static/site.3f9a0c1b.css" */
	char *type; /* Content-Type */
	char *data;
	size_t len;
	char *gz; /* gzip of data for text types, else NULL */
	size_t gz_len;
};

/* Counters for /metrics (metrics.c). */
#define METRICS_BUCKETS 15 /* latency buckets, +Inf included */
#define METRICS_SURFACES 3 /* "site", "admin", "api" */
struct metrics_hist {
	_Atomic unsigned long long buckets[METRICS_BUCKETS]; /* each its own, cumulated on output */
	_Atomic unsigned long long sum_us;
};
struct site_metrics {
	_Atomic unsigned long long responses[6]; /* by status class, 1..5 */
	_Atomic unsigned long long cache_hits, cache_misses, renders, render_us, views;
	_Atomic unsigned long long stale; /* pages read back from the page store in an outage */
	int64_t started;
	/* requests by row of each surface's route table and status class: surface i's row r (r ==
	 * n: no row took the path) is at (route_base[i] + r) * 5 + class - 1 */
	_Atomic unsigned long long *by_route;
	size_t *route_base;
	struct metrics_hist latency[METRICS_SURFACES];
	struct metrics_hist search[SITE_SEARCH_KINDS];
	/* multipart/form-data POSTs (uploads), by status class 1..5, and their bytes */
	_Atomic unsigned long long uploads[6], upload_bytes;
};

struct site {
	struct site_metrics m;
	struct store *st;
	struct tpl_set *tpl;
	struct asset *assets;
	size_t nassets;
	struct views *views;
	struct views *downloads; /* of documents' files (doc_feeds.c's sink) */
	struct visitors *visitors;
	char *widget_secret;
	char *crawlers;
	struct tpl_set *admin_tpl;                  /* the newsroom's templates (admin/templates) */
	const struct site_surface *const *surfaces; /* tried in order; the public site last */
	size_t nsurfaces;
	struct page_cache *cache;
	struct page_store *pages; /* rendered pages on disk for outages, or NULL */
	char *media_dir;          /* NULL when uploads are off */
	size_t max_body;          /* request bodies, except uploads */
	size_t max_upload;        /* an upload to a media route */
	size_t max_video;         /* a video upload */
	pthread_t watcher;        /* polls the store's content version */
	pthread_mutex_t watch_mu;
	pthread_cond_t watch_cv;
	bool stopping;
	struct site_snap *snap; /* categories and settings of the current generation (snapshot.c) */
	struct i18n i18n;       /* interface catalogues (i18n.c) */
};

/* --- snapshot.c: categories and settings read once per content generation ----------------------
 */

/* Sets p->snap, p->cats and p->ncats from the snapshot of the current generation, reading it when
 * there is none yet. */
enum store_rc site_snap_take(struct page *p);
/* The value of setting `key` in p's snapshot, or NULL when key is not one of site_settings. */
const char *site_snap_setting(const struct page *p, const char *key);
void site_snap_free(struct site *site);
/* The URL of category c (one of p->cats) made with the snapshot, or NULL. */
const char *site_snap_cat_url(const struct page *p, const struct category *c);
/* The snapshot's most-viewed articles (at most limit, without exclude_id; at most SNAP_MAX_AGE
 * seconds late), or the store's when the snapshot has none. Read-only: shared by every page. */
enum store_rc site_snap_popular(struct page *p, int64_t exclude_id, size_t limit,
				struct article_summary **out, size_t *n);
/* The newest articles of category_id (at most limit, without exclude_id), read once per snapshot
 * and category, or the store's when the snapshot has none. Read-only: shared by every page. */
enum store_rc site_snap_related(struct page *p, int64_t category_id, int64_t exclude_id,
				size_t limit, struct article_summary **out, size_t *n);
/* Fills item with what a list shows of row r (p being a page without a request). */
typedef void (*site_row_fn)(struct page *p, struct tv *item, const struct article_summary *r);
/* Appends to list the snapshot's most-viewed rows (at most limit, without exclude_id) or the
 * newest of category_id (as site_snap_related) as items made by fill, once per snapshot and
 * language and shared by every page (sealed): one list, one fill. Returns false, having appended
 * nothing, when the snapshot cannot (the page makes its own). */
struct tv;
bool site_snap_popular_items(struct page *p, int64_t exclude_id, size_t limit, site_row_fn fill,
			     struct tv *list, size_t *n);
bool site_snap_related_items(struct page *p, int64_t category_id, int64_t exclude_id, size_t limit,
			     site_row_fn fill, struct tv *list, size_t *n);
/* The newest articles of category_id and its descendants (at most limit), read once per snapshot
 * and category (a layout's category blocks), or the store's when the snapshot has none. */
enum store_rc site_snap_tree(struct page *p, int64_t category_id, size_t limit,
			     struct article_summary **out, size_t *n);
/* The banners, the polls with their choices, and the blocks of a layout area with each "html"
 * block's HTML sanitised (html[i], NULL for other kinds), read once per snapshot, or the store's
 * when the snapshot has none. Read-only: shared by every page. */
struct banner;
struct poll;
struct layout_block;
struct safe_html;
enum store_rc site_snap_banners(struct page *p, const struct banner **out, size_t *n);
enum store_rc site_snap_polls(struct page *p, const struct poll **out, size_t *n);
enum store_rc site_snap_layout(struct page *p, const char *area, const struct layout_block **out,
			       size_t *n, const struct safe_html *const **html);

/* Puts into obj a part of the context of every page in p's language that depends only on the
 * snapshot (and the time, to the snapshot's age): made by fill(page, obj) for the first page that
 * asks, sealed, kept with the snapshot and merged into obj; when it cannot be shared, fill(p, obj)
 * fills obj itself. fill's page has no request and an arena of the snapshot's; fill writes obj,
 * which is also its page's ctx (for SNAP_CHROME and SNAP_WIDGETS the caller passes p->ctx). One
 * part, one fill. */
enum snap_part {
	SNAP_CHROME,  /* page_begin's: site, t, nav, brand, asset... */
	SNAP_CLOCK,   /* the header clock's words */
	SNAP_WIDGETS, /* widgets_context's: the right column, the banners */
	SNAP_PARTS
};
struct tv;
/* Returns the sealed part merged into obj, or NULL when fill filled obj itself. */
const struct tv *site_snap_part(struct page *p, enum snap_part part,
				void (*fill)(struct page *p, struct tv *obj), struct tv *obj);
/* The shared partials (tpl_kept: the menu, the footer) of p's language, rendered once a snapshot in
 * the SNAP_CHROME part that page_begin merged into p->ctx; NULL when p has none (the partials are
 * then rendered in p's context, as any other). */
struct tpl_kept *site_snap_kept(struct page *p);

/* routes.c: runs a row of a site table (the shared context first, unless ROUTE_PLAIN). */
void site_serve(struct page *p);

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

/* --- lists.c: rows of article lists ---------------------------------------------------------- */

/* Appends r to list as {title, url, lead, date, category, category_url, image}; the picture is
 * made for use (IMG_*, or -1 for none) and loaded lazily when lazy. Returns the new item. */
struct tv *list_row(struct page *p, struct tv *list, const struct article_summary *r, int use,
		    bool lazy);
/* rows[0..n) under key, has_key telling whether there are any; with mark_first the first is
 * marked "first" and gets the large picture (IMG_LEAD). */
void list_rows(struct page *p, struct tv *obj, const char *key, const char *has_key,
	       const struct article_summary *rows, size_t n, bool mark_first, int use);
/* The right column: "Đọc nhiều" (the most viewed articles but exclude_id, 0 for none). */
void list_sidebar(struct page *p, int64_t exclude_id);

/* --- legacy.c: old addresses of imported sites ----------------------------------------------- */

/* Answers a 301 when the request's path (with its query when with_query) is an old address an
 * importer recorded; returns false (nothing sent) otherwise. */
bool site_legacy_redirect(struct page *p, bool with_query);

/* --- lang.c: the language of a public page ---------------------------------------------------- */

/* Fills t (the catalogue's strings), lang, lang_locale, home_url, lang_default and, for a language
 * other than the default, lang_nav for p->lang (not NULL). */
void lang_context(struct page *p);
/* Records url as this page's version in catalogue c (NULL: none). */
void lang_alt(struct page *p, const struct i18n_cat *c, const char *url);
/* The default catalogue and the one named by the route's {lang}; NULL when the route names no
 * other language. */
const struct i18n_cat *lang_default(const struct page *p);
/* Before rendering: the switch (langs: to each other language's version, else its home) and the
 * hreflang links (alternates) when this page has a translation. */
void lang_finish(struct page *p);
/* "/en/{slug of title}-{id}.html": a translated article's address, in the page's arena. */
const char *lang_article_url(struct page *p, const struct i18n_cat *c, const char *title,
			     int64_t id);
/* The versions of an article and of a static page in every language they have. */
void lang_article_alts(struct page *p, const struct article *a);
void lang_page_alts(struct page *p, const struct static_page *pg);
/* Every language's home as this page's versions (the home pages). */
void lang_alt_homes(struct page *p);
/* Appends the <url> entries of the other languages (their homes, organisation, pages and
 * translated public articles) to a sitemap; addresses are ASCII slugs (nothing to escape). */
void lang_sitemap(struct page *p, struct buf *b, const char *base);
/* Sets p->lang from the matched row's {lang} and returns true; false when the row has a {lang}
 * that names no catalogue or the default one (the row then takes nothing). */
bool lang_of_route(struct page *p);
/* "/en" + path, or path for the default language, in the page's arena. */
const char *lang_url(struct page *p, const char *path);
/* /{lang}/...: the home, a static page, the organisation and a translated article (lang.c,
 * lang_pages.c). */
void page_lang_home(struct page *p);
void page_lang_static(struct page *p, const char *slug);
void page_lang_org(struct page *p);
void page_lang_article(struct page *p, int64_t id, const char *slug);

/* --- pages ------------------------------------------------------------------------------------ */

void page_home(struct page *p);
void page_category(struct page *p, const char *rest);
void page_article(struct page *p, int64_t id, const char *slug);
void page_article_redirect(struct page *p, const char *id_text);
/* Loads a published article readers may see now; returns 0 or an HTTP status (404, 503...). */
int article_load_public(struct page *p, int64_t id, struct article *a);
/* Fills article.* (and title, canonical, breadcrumb, sharing) for the article templates. */
void article_fill(struct page *p, const struct article *a);
/* Topic pages: /chu-de/{slug}/ */
void page_tag(struct page *p, const char *rest);
/* A static page at /trang/{slug} (pages.c). */
void page_static(struct page *p, const char *slug);
/* The organisation and its directory at /to-chuc/, and one person's vCard (org.c). */
void page_org(struct page *p);
void page_vcard(struct page *p, int64_t id);
/* Legal documents (documents.c): /van-ban/, /van-ban/{slug}-{id}.html, /van-ban/tai-ve/{id}. */
void page_documents(struct page *p);
void page_document(struct page *p, int64_t id, const char *slug);
void page_document_file(struct page *p, int64_t file_id);
/* POST /gop-y/van-ban/{id}: a reader's comment on a draft within its window. */
void page_document_comment(struct page *p, int64_t id);
/* The comment form's token for a document (doc_comments.c); NULL when the key cannot be read. */
const char *site_doc_form_token(struct page *p, int64_t doc_id);
/* The key that signs readers' form tokens (docs/record.h doc_form_token), shared by every node
 * through the settings and made once; 0, or -1 when the store cannot keep it. */
int site_form_key(struct page *p, unsigned char key[32]);
/* NFC text of at most max code points, trimmed, without control characters (but line breaks when
 * multiline), in the page's arena; NULL when it breaks a rule. */
const char *site_clean_text(struct page *p, const char *s, size_t max, bool multiline);
/* The spam controls of a reader's form: the hidden "website" field empty, the signed token "t"
 * of form_id old enough and not expired, and fewer than per_hour posts from the address in the last
 * hour (throttle rows "THROTTLE:address"). Returns 0, or 400/429/503 with *why in Vietnamese
 * (trapped for a filled hidden field, flooded for the limit). */
struct site_form_rules {
	int64_t form_id;
	const char *throttle;
	int64_t per_hour;
	const char *trapped, *flooded;
};
int site_form_spam_check(struct page *p, const struct http_form *f, const struct site_form_rules *r,
			 const char **why);
/* True for "" or one plausible address (one @, no blanks or quotes, at most 200 bytes). */
bool site_email_ok(const char *e);

/* tickets.c: the contact form, complaints about an article, the published questions and answers
 * (issue 13). */
void page_contact(struct page *p);      /* GET /lien-he (?bai={id}: a complaint about it) */
void page_contact_post(struct page *p); /* POST /gop-y/lien-he */
void page_qa_list(struct page *p);      /* /hoi-dap/ */
void page_qa(struct page *p, int64_t id);
/* doc_feeds.c: /van-ban/rss.xml, /van-ban/sitemap.xml, and the home page's "Văn bản mới". */
void page_documents_rss(struct page *p);
void page_documents_sitemap(struct page *p);
enum store_rc site_home_documents(struct page *p);
/* Adds batched download counts (view_delta ids are file ids) to the store. */
enum store_rc site_downloads_sink(struct store *st, const struct view_delta *d, size_t n);

/* chrome.c: what every public page shows around its content */
/* Fills brand.{monogram, logo, banner, favicon, favicon_url, css} from the identity settings. */
void chrome_identity(struct page *p);
/* Fills nav: the top-level categories, each with its children (the two-level menu). */
void chrome_nav(struct page *p);
/* GET /favicon.ico: 301 to the favicon setting or the theme's favicon.svg. */
void page_favicon(struct page *p);

/* print.c: /in/{id} (the print view) and /tai-ve/{id}.pdf (pdf.c); neither counts a view. */
void page_print(struct page *p, int64_t id);
void page_pdf(struct page *p, int64_t id);

/* metrics.c: the counters' tables for s->surfaces (site_new), and freeing them. */
void metrics_init(struct site *s);
void metrics_free(struct site *s);
/* Counts one answered request: the surface that took it (NULL: none), its row (NULL: none), the
 * status sent and the time it took. */
void metrics_request(struct site *s, const struct http_req *req, const struct site_surface *sf,
		     const struct route *row, int status, int64_t elapsed_us);
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

/* media.c: reads a regular file (not through a symbolic link) into the response body. */
bool media_read_into(struct page *p, const char *path);
/* media.c: sets the ETag of the file at path (from its inode, size and change time) and returns
 * true, having made the answer a 304, when the request's If-None-Match names it. */
bool media_not_modified(struct page *p, const char *path);

/* images.c: article pictures. */
enum img_use { IMG_LEAD = 0, IMG_CARD, IMG_ROW, IMG_FEATURED, IMG_USE_MAX };
/* Adds image.{src, jpg_set, webp_set, sizes, w, h, alt, caption, lazy, og_src} under obj, with
 * library thumbnails made (once) for use; returns false and adds nothing when the picture cannot be
 * shown (unknown file, undecodable, not an address we serve). */
bool image_fill(struct page *p, struct tv *obj, const struct article_image *img, int use,
		bool lazy);
/* The featured image of a list row (NULL when none). */
const struct article_image *summary_image(const struct article_summary *r);
/* GET /media/t/{kind}{width}/{file}.{webp,jpg}: a thumbnail of a library file; false when none. */
bool image_serve_thumb(struct page *p, const char *rel);

/* assets.c */
int assets_load(struct site *s, const char *dir, struct buf *err);
void assets_free(struct site *s);
/* Serves /static/... ; returns false when no asset has that URL. */
bool assets_serve(struct page *p);
/* Adds asset.{name with '.' as '_'} = url for every asset. */
void assets_context(struct site *s, struct tv *ctx);

#endif
