/* Private to src/api/: one API request, the shared JSON helpers, and the handlers of the table. */
#ifndef GZ_API_API_INT_H
#define GZ_API_API_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "admin/auth.h"
#include "admin/newsroom.h"
#include "admin/roles.h"
#include "api/api.h"

/* One API request: the page, and (on token rows) who acts and the newsroom context they act in. */
struct api {
	struct page *p;
	struct user user; /* id 0 when no token was sent */
	struct nr_ctx nr;
};

/* --- api.c: answers --------------------------------------------------------------------------- */

/* Sends doc (its reference taken) with status: a 200 of a public read may be cached (CORS open);
 * an answer to a token is never stored (Cache-Control: no-store). */
void api_send_json(struct api *api, int status, json_t *doc);
/* {"error": message, "code": code} with status; extra members (reference taken, may be NULL) are
 * added after them. Every 4xx and 5xx of /api/ goes through here. */
void api_error(struct api *api, int status, const char *code, const char *message, json_t *extra);
/* The error for a store failure: 404 not_found, 503 unavailable, else 500 internal. */
void api_store_error(struct api *api, enum store_rc rc);
/* The error for a failed newsroom operation, with its (Vietnamese) reason when it gave one. */
void api_nr_error(struct api *api, enum nr_result r, const struct buf *why);
/* RFC 3339 in the site's zone; null for 0. */
json_t *api_time_json(struct api *api, int64_t t);
/* The names of a category's path from the root. */
json_t *api_category_path(struct api *api, int64_t id);

/* api_write.c: the request body as a JSON object (NULL for an empty body when !required); false
 * having answered 415 or 422. */
bool api_read_body(struct api *api, bool required, json_t **out);
/* pages.c: body fields. Each returns false having answered 422 naming the field. Members other
 * than `allowed` (NULL-terminated) are refused; a text absent leaves *out NULL; an integer must
 * be 0..STORE_ID_MAX (null as 0 when nullable), *has telling whether it was sent. */
bool api_json_only(struct api *api, json_t *body, const char *const *allowed);
bool api_json_text(struct api *api, json_t *body, const char *name, const char **out);
bool api_json_int(struct api *api, json_t *body, const char *name, bool nullable, int64_t *out,
		  bool *has);

/* --- the handlers (ctx is a struct api) ------------------------------------------------------- */

/* api_read.c */
void api_h_articles(void *ctx);
void api_h_article(void *ctx);
void api_h_categories(void *ctx);
void api_h_pages(void *ctx); /* pages.c */
void api_h_page(void *ctx);
void api_h_page_create(void *ctx);
void api_h_page_update(void *ctx);
void api_h_page_delete(void *ctx);
void api_h_page_action(void *ctx); /* the row's arg: "submit", "return", "publish"... */
void api_h_page_restore(void *ctx);
void api_h_page_revisions(void *ctx);
/* org.c: writes (admins) */
void api_h_unit_create(void *ctx);
void api_h_unit_update(void *ctx);
void api_h_unit_delete(void *ctx);
void api_h_person_create(void *ctx);
void api_h_person_update(void *ctx);
void api_h_person_delete(void *ctx);
void api_h_units(void *ctx); /* org.c */
void api_h_people(void *ctx);
void api_h_openapi(void *ctx);
/* search.c */
void api_h_search(void *ctx);
/* documents.c */
void api_h_documents(void *ctx);
void api_h_document(void *ctx);
void api_h_document_create(void *ctx);
void api_h_document_update(void *ctx);
void api_h_document_file(void *ctx);
void api_h_document_publish(void *ctx); /* the row's arg: non-NULL to publish */
/* media.c: the media library (token rows) */
void api_h_media_list(void *ctx);
void api_h_media_upload(void *ctx);
void api_h_media_get(void *ctx);
void api_h_media_update(void *ctx);
void api_h_media_delete(void *ctx);
/* widgets.c */
void api_h_visitors(void *ctx);
void api_h_poll(void *ctx);
void api_h_poll_vote(void *ctx);
/* api_write.c */
void api_h_create(void *ctx);
void api_h_update(void *ctx);
void api_h_action(void *ctx); /* the row's arg is its struct nr_action */
void api_h_revisions(void *ctx);
void api_h_me(void *ctx);
/* compliance.c */
void api_h_stats_views(void *ctx); /* views by day, category, author, source or article */
void api_h_takedown(void *ctx);    /* record that an original was removed */
/* tickets.c: for the accounts that handle tickets (the screens' right) */
void api_h_tickets(void *ctx);
void api_h_ticket(void *ctx);
void api_h_ticket_action(void *ctx); /* the row's arg: "reply" or "close" */
/* The article's origin (Decree 147/2024: the source, the original's address and time) as
 * {"source_id", "source", "original_url", "original_at"}, or null when it names none. */
json_t *api_origin_json(struct api *api, int64_t article_id);
/* GET of one article with a token: false when the user may not view it (the public answer
 * follows). */
bool api_private_article(struct api *api, int64_t id);

#endif
