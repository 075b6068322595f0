/* The public site: routing every reader request to its page, and the resources pages share. */
#ifndef GZ_SITE_SITE_H
#define GZ_SITE_SITE_H

#include "core/buf.h"
#include "http/http.h"
#include "store/store.h"

struct site;

struct site_surface;

/* The public site's pages: its route table (routes.c). */
extern const struct site_surface site_public_surface;
/* Readers' form posts (/gop-y/...): comments on draft documents. */
extern const struct site_surface site_forms_surface;
/* /binh-chon/{id}: a poll's page and its form (GET and POST), kept out of the GET-only site table
 * (widgets.c). */
extern const struct site_surface site_poll_surface;

struct site_config {
	const char *theme_dir; /* templates/ and static/ inside */
	const char *admin_dir; /* the newsroom's templates/ and static/, or NULL for none */
	/* The surfaces that answer requests, tried in order of prefix (the public site last). */
	const struct site_surface *const *surfaces;
	size_t nsurfaces;
	const char *crawlers; /* comma-separated User-Agent patterns that do not count as views */
	unsigned views_flush_ms;
	unsigned cache_ttl_ms; /* how long a rendered page is served before it is rendered again */
	const char *media_dir; /* uploaded media (/media/...), or NULL/"" when uploads are off */
	size_t media_cache_bytes; /* with PostgreSQL, the most the media folder (a cache) holds */
	size_t max_body;          /* request bodies, except uploads (0: 4 MiB) */
	size_t max_upload;        /* an upload to a media route (0: 30 MiB) */
	size_t max_video;         /* a video upload (0: 256 MiB) */
	const char *page_store;   /* folder keeping rendered pages for outages, or NULL/"" */
	size_t page_store_bytes;  /* the most it holds (0: 512 MiB) */
};

/* Loads the theme and starts the view counter. Returns NULL with a message in err. */
struct site *site_new(struct store *st, const struct site_config *cfg, struct buf *err);
/* Stops the view counter (writing pending counts) and frees the site; the store stays open. */
void site_free(struct site *s);
/* The http_handler_fn for the whole site; app is the struct site. */
void site_handle(struct http_req *req, struct http_resp *resp, void *app);
/* The http_body_fn of the site: no body for GET and HEAD or outside /admin/ and /api/v1/;
 * max_upload (streamed to disk) for the media upload routes; max_body otherwise. */
struct http_body_rule site_body_rule(const struct http_req *req, void *app);

/* Settings keys and defaults shared by init, the pages and the newsroom. */
struct site_setting {
	const char *key;
	const char *label;
	const char *fallback;
};
extern const struct site_setting site_settings[];
extern const size_t site_settings_count;

#endif
