/* The API's route table, its checks (token, role column), and the answers every handler shares. */
#include "api/api-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "vi/vi.h"

#define MAX_DEPTH 32 /* category levels */

/* --- answers ---------------------------------------------------------------------------------- */

void api_send_json(struct api *api, int status, json_t *doc)
{
	struct page *p = api->p;
	const struct route *r = p->match.route;
	bool open = !api->user.id; /* no account acts: any site may read it */
	page_json(p, status, doc);
	p->cacheable = open && status == 200 && r && (r->flags & ROUTE_CACHED);
	if (open)
		http_resp_header(p->resp, "Access-Control-Allow-Origin", "*");
	if (!p->cacheable)
		http_resp_header(p->resp, "Cache-Control", "no-store");
}

void api_error(struct api *api, int status, const char *code, const char *message, json_t *extra)
{
	json_t *doc = json_object();
	json_object_set_new(doc, "error", json_string(message));
	json_object_set_new(doc, "code", json_string(code));
	if (extra) {
		json_object_update(doc, extra);
		json_decref(extra);
	}
	if (status == 503)
		http_resp_header(api->p->resp, "Retry-After", "5");
	api_send_json(api, status, doc);
}

void api_store_error(struct api *api, enum store_rc rc)
{
	int status = page_status_of(rc);
	if (status == 404)
		api_error(api, 404, "not_found", "Không tìm thấy.", NULL);
	else if (status == 503)
		api_error(api, 503, "unavailable",
			  "Cơ sở dữ liệu tạm thời không truy cập được, xin thử lại sau ít phút.",
			  NULL);
	else
		api_error(api, 500, "internal", "Lỗi máy chủ.", NULL);
}

void api_nr_error(struct api *api, enum nr_result r, const struct buf *why)
{
	static const char *const codes[NR_RESULT_MAX] = {
	    "ok", "not_found", "forbidden", "conflict", "invalid", "unavailable", "internal"};
	static const char *const fallback[NR_RESULT_MAX] = {
	    "Xong.",
	    "Không tìm thấy.",
	    "Vai trò của bạn không được phép thực hiện thao tác này.",
	    "Xung đột.",
	    "Dữ liệu không hợp lệ.",
	    "Cơ sở dữ liệu tạm thời không truy cập được, xin thử lại sau ít phút.",
	    "Lỗi máy chủ."};
	unsigned i = (unsigned)r < NR_RESULT_MAX ? (unsigned)r : NR_ERROR;
	api_error(api, nr_status(r), codes[i], why && why->len ? buf_cstr(why) : fallback[i], NULL);
}

json_t *api_time_json(struct api *api, int64_t t)
{
	if (!t)
		return json_null();
	struct buf b = BUF_INIT;
	vi_format_rfc3339(&b, t, api->p->tz);
	json_t *s = json_string(buf_cstr(&b));
	buf_free(&b);
	return s;
}

json_t *api_category_path(struct api *api, int64_t id)
{
	const struct category *chain[MAX_DEPTH];
	size_t n;
	cat_chain(api->p, id, chain, &n, MAX_DEPTH);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_string(chain[i]->name));
	return arr;
}

/* --- the table -------------------------------------------------------------------------------- */

#define READ ROUTE_CACHED, ROUTE_PUBLIC
#define WRITE(role) ROUTE_TOKEN, role
#define WRITE_DOCS ROUTE_TOKEN | ROUTE_RIGHT_DOCS, ROUTE_EDITOR /* and the "documents" right */
/* POST /api/v1/articles/{id}/submit ... (struct nr_action, shared with the newsroom's table). */
#define ACTION(name, ID, role)                                                                     \
	{                                                                                          \
		HTTP_POST, "/api/v1/articles/{id}/" #name, api_h_action, WRITE(role),              \
		    &nr_actions[NR_##ID]                                                           \
	}

/* Public reads are cached; ROUTE_TOKEN rows need "Authorization: Bearer" above ROUTE_PUBLIC. The
 * role column is the least role that may use the URL at all; the newsroom then checks category
 * limits and ownership (DESIGN.md section 4). */
static const struct route rows[] = {
    {ROUTE_GET, "/api/v1/articles", api_h_articles, READ, NULL},
    {HTTP_POST, "/api/v1/articles", api_h_create, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {ROUTE_GET, "/api/v1/articles/{id}", api_h_article, ROUTE_CACHED | ROUTE_TOKEN, ROUTE_PUBLIC,
     NULL},
    {HTTP_PATCH, "/api/v1/articles/{id}", api_h_update, WRITE(ROUTE_CONTRIBUTOR), NULL},
    ACTION(submit, SUBMIT, ROUTE_CONTRIBUTOR),
    ACTION(return, RETURN, ROUTE_EDITOR),
    ACTION(publish, PUBLISH, ROUTE_PUBLISHER),
    ACTION(unpublish, UNPUBLISH, ROUTE_PUBLISHER),
    ACTION(feature, FEATURE, ROUTE_PUBLISHER),
    ACTION(unfeature, UNFEATURE, ROUTE_PUBLISHER),
    {ROUTE_GET, "/api/v1/articles/{id}/revisions", api_h_revisions, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {ROUTE_GET, "/api/v1/documents", api_h_documents, 0, ROUTE_PUBLIC, NULL}, /* searches */
    {HTTP_POST, "/api/v1/documents", api_h_document_create, WRITE_DOCS, NULL},
    {ROUTE_GET, "/api/v1/documents/{id}", api_h_document, ROUTE_TOKEN, ROUTE_PUBLIC, NULL},
    {HTTP_PATCH, "/api/v1/documents/{id}", api_h_document_update, WRITE_DOCS, NULL},
    {HTTP_POST, "/api/v1/documents/{id}/files", api_h_document_file, WRITE_DOCS, NULL},
    {HTTP_POST, "/api/v1/documents/{id}/publish", api_h_document_publish, WRITE_DOCS, "publish"},
    {HTTP_POST, "/api/v1/documents/{id}/unpublish", api_h_document_publish, WRITE_DOCS, NULL},
    {ROUTE_GET, "/api/v1/media", api_h_media_list, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {HTTP_POST, "/api/v1/media", api_h_media_upload, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {ROUTE_GET, "/api/v1/media/{id}", api_h_media_get, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {HTTP_PATCH, "/api/v1/media/{id}", api_h_media_update, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {HTTP_DELETE, "/api/v1/media/{id}", api_h_media_delete, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {ROUTE_GET, "/api/v1/categories", api_h_categories, READ, NULL},
    {ROUTE_GET, "/api/v1/pages", api_h_pages, READ, NULL},
    {HTTP_POST, "/api/v1/pages", api_h_page_create, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {ROUTE_GET, "/api/v1/pages/{slug}", api_h_page, ROUTE_CACHED | ROUTE_TOKEN, ROUTE_PUBLIC, NULL},
    {HTTP_PATCH, "/api/v1/pages/{id}", api_h_page_update, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {HTTP_DELETE, "/api/v1/pages/{id}", api_h_page_delete, WRITE(ROUTE_PUBLISHER), NULL},
    {ROUTE_GET, "/api/v1/pages/{id}/revisions", api_h_page_revisions, WRITE(ROUTE_CONTRIBUTOR),
     NULL},
    {HTTP_POST, "/api/v1/pages/{id}/restore", api_h_page_restore, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {HTTP_POST, "/api/v1/pages/{id}/submit", api_h_page_action, WRITE(ROUTE_CONTRIBUTOR), "submit"},
    {HTTP_POST, "/api/v1/pages/{id}/return", api_h_page_action, WRITE(ROUTE_EDITOR), "return"},
    {HTTP_POST, "/api/v1/pages/{id}/publish", api_h_page_action, WRITE(ROUTE_PUBLISHER), "publish"},
    {HTTP_POST, "/api/v1/pages/{id}/unpublish", api_h_page_action, WRITE(ROUTE_PUBLISHER),
     "unpublish"},
    {ROUTE_GET, "/api/v1/units", api_h_units, READ, NULL},
    {HTTP_POST, "/api/v1/units", api_h_unit_create, WRITE(ROUTE_ADMIN), NULL},
    {HTTP_PATCH, "/api/v1/units/{id}", api_h_unit_update, WRITE(ROUTE_ADMIN), NULL},
    {HTTP_DELETE, "/api/v1/units/{id}", api_h_unit_delete, WRITE(ROUTE_ADMIN), NULL},
    {ROUTE_GET, "/api/v1/people", api_h_people, READ, NULL},
    {HTTP_POST, "/api/v1/people", api_h_person_create, WRITE(ROUTE_ADMIN), NULL},
    {HTTP_PATCH, "/api/v1/people/{id}", api_h_person_update, WRITE(ROUTE_ADMIN), NULL},
    {HTTP_DELETE, "/api/v1/people/{id}", api_h_person_delete, WRITE(ROUTE_ADMIN), NULL},
    {ROUTE_GET, "/api/v1/search", api_h_search, 0, ROUTE_PUBLIC, NULL}, /* follows writes at once */
    {ROUTE_GET, "/api/v1/me", api_h_me, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {ROUTE_GET, "/api/v1/stats/views", api_h_stats_views, WRITE(ROUTE_EDITOR), NULL},
    {HTTP_POST, "/api/v1/takedowns", api_h_takedown, WRITE(ROUTE_EDITOR), NULL},
    {ROUTE_GET, "/api/v1/tickets", api_h_tickets, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {ROUTE_GET, "/api/v1/tickets/{id}", api_h_ticket, WRITE(ROUTE_CONTRIBUTOR), NULL},
    {HTTP_POST, "/api/v1/tickets/{id}/reply", api_h_ticket_action, WRITE(ROUTE_CONTRIBUTOR),
     "reply"},
    {HTTP_POST, "/api/v1/tickets/{id}/close", api_h_ticket_action, WRITE(ROUTE_CONTRIBUTOR),
     "close"},
    {ROUTE_GET, "/api/v1/visitors", api_h_visitors, READ, NULL},
    {ROUTE_GET, "/api/v1/polls/{id}", api_h_poll, 0, ROUTE_PUBLIC, NULL}, /* exact counts */
    {HTTP_POST, "/api/v1/polls/{id}/vote", api_h_poll_vote, 0, ROUTE_PUBLIC, NULL},
    {ROUTE_GET, "/api/v1/openapi.json", api_h_openapi, ROUTE_PLAIN, ROUTE_PUBLIC, NULL},
};

/* --- running a row ---------------------------------------------------------------------------- */

static void unauthorized(struct api *api, bool sent_token)
{
	http_resp_header(api->p->resp, "WWW-Authenticate",
			 sent_token ? "Bearer realm=\"gazette\", error=\"invalid_token\""
				    : "Bearer realm=\"gazette\"");
	api_error(api, 401, "unauthorized",
		  sent_token ? "Mã truy cập (token) không đúng, đã bị thu hồi, hoặc tài khoản đã "
			       "bị khóa."
			     : "Cần gửi tiêu đề \"Authorization: Bearer TOKEN\".",
		  NULL);
}

/* Authenticates the token and checks the row's role column. Returns false having answered. */
static bool authorize(struct api *api, const struct route *r)
{
	struct page *p = api->p;
	enum store_rc rc = auth_bearer(p->st, p->req, &api->user);
	if (rc == STORE_UNAVAILABLE || rc == STORE_ERROR) {
		memset(&api->user, 0, sizeof api->user);
		api_store_error(api, STORE_UNAVAILABLE);
		return false;
	}
	if (rc != STORE_OK) {
		memset(&api->user, 0, sizeof api->user);
		unauthorized(api, http_header(p->req, "Authorization") != NULL);
		return false;
	}
	if (!role_allows(&api->user, r->role)) {
		api_error(api, 403, "forbidden",
			  "Vai trò của bạn không được phép thực hiện thao tác này.", NULL);
		return false;
	}
	bool has = true;
	if ((r->flags & ROUTE_RIGHT_DOCS) &&
	    (rc = role_right(p->st, &api->user, STORE_RIGHT_DOCUMENTS, &has)) != STORE_OK) {
		api_store_error(api, rc);
		return false;
	}
	if (!has) {
		api_error(api, 403, "forbidden",
			  "Tài khoản của bạn chưa được giao quyền quản lý văn bản.", NULL);
		return false;
	}
	return true;
}

static void serve(struct page *p)
{
	const struct route *r = p->match.route;
	struct api api;
	memset(&api, 0, sizeof api);
	api.p = p;
	if ((r->flags & ROUTE_TOKEN) &&
	    (r->role > ROUTE_PUBLIC || http_header(p->req, "Authorization")) && !authorize(&api, r))
		return;
	if (!(r->flags & ROUTE_PLAIN) && page_begin(p) != 0) {
		api_store_error(&api, STORE_UNAVAILABLE);
		return;
	}
	api.nr = (struct nr_ctx){.st = p->st,
				 .a = p->a,
				 .user = &api.user,
				 .address = p->req->client_addr,
				 .cats = p->cats,
				 .ncats = p->ncats,
				 .changed = site_content_changed,
				 .changed_cls = p->site};
	r->handler(&api);
}

static void refuse(struct page *p, int status)
{
	struct api api;
	memset(&api, 0, sizeof api);
	api.p = p;
	switch (status) {
	case 400:
		api_error(&api, 400, "bad_request",
			  "Địa chỉ hoặc tham số có mã hóa phần trăm (%XX) không hợp lệ.", NULL);
		break;
	case 405:
		http_resp_header(p->resp, "Allow", page_allow(p));
		api_error(&api, 405, "method_not_allowed",
			  "Địa chỉ này không nhận phương thức yêu cầu đó.", NULL);
		break;
	case 413:
		api_error(&api, 413, "payload_too_large",
			  "Dữ liệu gửi lên vượt quá giới hạn cho phép.", NULL);
		break;
	default:
		api_error(&api, 404, "not_found", "Không tìm thấy.", NULL);
		break;
	}
}

const struct site_surface api_surface = {
    .routes = {"api", rows, sizeof rows / sizeof rows[0]},
    .prefix = "/api/",
    .serve = serve,
    .refuse = refuse,
    .replica_reads = true,
};

/* --- the OpenAPI description ------------------------------------------------------------------ */

static char *openapi;
static size_t openapi_len;

int api_openapi_load(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	api_openapi_free();
	openapi_len = b.len;
	openapi = buf_detach(&b);
	return 0;
}

void api_openapi_free(void)
{
	free(openapi);
	openapi = NULL;
	openapi_len = 0;
}

static void keep(void *cls)
{
	(void)cls; /* the description lives until the server stops */
}

void api_h_openapi(void *ctx)
{
	struct api *api = ctx;
	struct http_resp *r = api->p->resp;
	if (!openapi) {
		api_error(api, 404, "not_found", "Chưa có bản mô tả OpenAPI (docs/openapi.json).",
			  NULL);
		return;
	}
	r->status = 200;
	r->content_type = "application/json; charset=utf-8";
	r->shared = openapi;
	r->shared_len = openapi_len;
	r->shared_release = keep;
	http_resp_header(r, "Access-Control-Allow-Origin", "*");
	http_resp_header(r, "X-Content-Type-Options", "nosniff");
	http_resp_header(r, "Cache-Control", "public, max-age=300");
}
