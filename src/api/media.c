/* /api/v1/media: the media library through a token: list and search, upload, describe, delete. */
#include "api/api-int.h"

#include <string.h>

#include "admin/media_ops.h"
#include "media/thumb.h"
#include "vi/vi.h"

#define PER_PAGE_MAX 100

static const int fit_widths[] = {480, 720, 960}; /* media_thumb's 'w' kind */

/* The stored thumbnail, and the public thumbnails (made on first request) no wider than it. */
static json_t *thumbnails(struct arena *a, const struct media *m)
{
	json_t *list = json_array();
	if (*m->thumb) {
		int64_t w = m->width < 480 ? m->width : 480;
		json_t *t = json_object();
		json_object_set_new(t, "url", json_string(arena_printf(a, "/media/%s", m->thumb)));
		json_object_set_new(t, "width", json_integer(w));
		json_object_set_new(t, "height",
				    json_integer(m->width ? m->height * w / m->width : 0));
		json_array_append_new(list, t);
	}
	for (size_t i = 0; i < sizeof fit_widths / sizeof fit_widths[0]; i++) {
		if (i > 0 && fit_widths[i] > m->width)
			break;
		static const char *const fmts[][2] = {{"webp", "image/webp"},
						      {"jpg", "image/jpeg"}};
		for (size_t f = 0; f < 2; f++) {
			json_t *t = json_object();
			json_object_set_new(
			    t, "url",
			    json_string(arena_printf(a, "/media/t/w%d/%s.%s", fit_widths[i],
						     m->file, fmts[f][0])));
			json_object_set_new(t, "width", json_integer(fit_widths[i]));
			json_object_set_new(t, "type", json_string(fmts[f][1]));
			json_array_append_new(list, t);
		}
	}
	return list;
}

static json_t *media_json(struct api *api, const struct media *m)
{
	struct arena *a = api->p->a;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "url", json_string(arena_printf(a, "/media/%s", m->file)));
	json_object_set_new(o, "width", json_integer(m->width));
	json_object_set_new(o, "height", json_integer(m->height));
	json_object_set_new(o, "mime", json_string(m->mime));
	json_object_set_new(o, "bytes", json_integer(m->bytes));
	json_object_set_new(o, "name", json_string(m->name));
	json_object_set_new(o, "alt", json_string(m->alt ? m->alt : ""));
	json_object_set_new(o, "caption", json_string(m->caption ? m->caption : ""));
	json_object_set_new(o, "uploaded_by", json_string(m->user_name ? m->user_name : ""));
	json_object_set_new(o, "created_at", api_time_json(api, m->created_at));
	json_object_set_new(o, "thumbnails", thumbnails(a, m));
	return o;
}

static json_t *uses_json(struct api *api, const struct media_use *u, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "kind", json_string(u[i].kind));
		json_object_set_new(o, "id", json_integer(u[i].id));
		json_object_set_new(o, "title", json_string(u[i].title));
		json_object_set_new(o, "label", json_string(nr_media_use_label(&u[i])));
		json_array_append_new(list, o);
	}
	(void)api;
	return list;
}

static void refuse(struct api *api, enum nr_media_rc rc, json_t *extra)
{
	const struct nr_media_refusal *r = nr_media_refusal(rc);
	const char *msg = rc == NR_MEDIA_TOO_LARGE ? site_upload_too_large(api->p) : r->message;
	api_error(api, r->status, r->code, msg, extra);
}

/* A positive whole number from the query, def when absent; -1 when malformed or over max. */
static int64_t query_num(struct api *api, const char *name, int64_t def, int64_t max)
{
	const char *s = http_query(api->p->req, name);
	if (!s)
		return def;
	int64_t v = http_parse_id(s, strlen(s));
	return v > 0 && v <= max ? v : -1;
}

/* GET /api/v1/media?q=&page=&per_page= */
void api_h_media_list(void *ctx)
{
	struct api *api = ctx;
	struct page *p = api->p;
	int64_t page = query_num(api, "page", 1, 1000000),
		per = query_num(api, "per_page", 24, 100);
	const char *q = http_query(p->req, "q");
	struct buf folded = BUF_INIT;
	if (page < 0 || per < 0 ||
	    (q && (strlen(q) > 800 || vi_fold(q, strlen(q), &folded) != 0))) {
		buf_free(&folded);
		api_error(
		    api, 400, "bad_request",
		    "Tham số không hợp lệ: page và per_page (1 đến 100) là số nguyên dương, q "
		    "là văn bản UTF-8.",
		    NULL);
		return;
	}
	struct media *m;
	size_t n;
	int64_t total = 0;
	enum store_rc rc = store_media_search(p->st, p->a, buf_cstr(&folded), (page - 1) * per, per,
					      &m, &n, &total);
	buf_free(&folded);
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	json_t *doc = json_object(), *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, media_json(api, &m[i]));
	json_object_set_new(doc, "items", items);
	json_object_set_new(doc, "page", json_integer(page));
	json_object_set_new(doc, "per_page", json_integer(per));
	json_object_set_new(doc, "total", json_integer(total));
	json_object_set_new(doc, "more", json_boolean((page - 1) * per + (int64_t)n < total));
	api_send_json(api, 200, doc);
}

/* A plain field of the multipart body, NUL-terminated in the arena; NULL when absent. */
static const char *field(struct api *api, const struct http_multipart *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (!m->parts[i].filename && strcmp(m->parts[i].name, name) == 0)
			return memchr(m->parts[i].data, '\0', m->parts[i].len)
				   ? ""
				   : arena_strndup(api->p->a, m->parts[i].data, m->parts[i].len);
	return NULL;
}

/* POST /api/v1/media: multipart/form-data, the image in "file", optional name, alt, caption. */
void api_h_media_upload(void *ctx)
{
	struct api *api = ctx;
	struct page *p = api->p;
	const char *ct = http_header(p->req, "Content-Type");
	struct http_multipart m;
	const struct http_part *part = NULL;
	if (!ct || !http_is_multipart(ct)) {
		api_error(api, 415, "unsupported_media_type",
			  "Cần gửi multipart/form-data với tệp ảnh ở trường 'file'.", NULL);
		return;
	}
	if (http_multipart_parse(p->a, ct, p->req->body.data ? p->req->body.data : "",
				 p->req->body.len, &m) != 0) {
		api_error(api, 400, "bad_request", "Thân yêu cầu multipart/form-data không hợp lệ.",
			  NULL);
		return;
	}
	part = http_multipart_file(&m, "file");
	struct nr_media_text t = {.name = field(api, &m, "name"),
				  .alt = field(api, &m, "alt"),
				  .caption = field(api, &m, "caption")};
	struct media out;
	enum nr_media_rc rc = nr_media_upload(
	    &api->nr, site_media_dir(p->site), site_max_upload(p->site),
	    part ? part->filename : NULL, part ? part->data : NULL, part ? part->len : 0, &t, &out);
	if (rc != NR_MEDIA_OK) {
		refuse(api, rc, NULL);
		return;
	}
	http_resp_header(p->resp, "Location",
			 arena_printf(p->a, "/api/v1/media/%lld", (long long)out.id));
	api_send_json(api, 201, media_json(api, &out));
}

/* GET /api/v1/media/{id}: the file, and where it is used. */
void api_h_media_get(void *ctx)
{
	struct api *api = ctx;
	struct page *p = api->p;
	int64_t id = http_route_param_id(&p->match, "id");
	struct media m;
	struct media_use *u;
	size_t n;
	enum store_rc rc = store_media_by_id(p->st, p->a, id, &m);
	if (rc == STORE_OK)
		rc = store_media_uses(p->st, p->a, m.file, &u, &n);
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	json_t *doc = media_json(api, &m);
	nr_media_uses_redact(&api->nr, u, n);
	json_object_set_new(doc, "uses", uses_json(api, u, n));
	api_send_json(api, 200, doc);
}

/* A string member of the body: *out NULL when absent; false when present but not a string. */
static bool member(json_t *body, const char *key, const char **out)
{
	json_t *v = json_object_get(body, key);
	*out = v ? json_string_value(v) : NULL;
	return !v || json_is_string(v);
}

/* PATCH /api/v1/media/{id}: {"name", "alt", "caption"}, each optional. */
void api_h_media_update(void *ctx)
{
	struct api *api = ctx;
	int64_t id = http_route_param_id(&api->p->match, "id");
	json_t *body;
	if (!api_read_body(api, true, &body))
		return;
	struct nr_media_text t;
	const char *key;
	json_t *v;
	bool ok = member(body, "name", &t.name) && member(body, "alt", &t.alt) &&
		  member(body, "caption", &t.caption);
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "name") != 0 && strcmp(key, "alt") != 0 &&
		    strcmp(key, "caption") != 0)
			ok = false;
	}
	enum nr_media_rc rc = ok ? nr_media_describe(&api->nr, id, &t) : NR_MEDIA_INVALID;
	if (rc != NR_MEDIA_OK) {
		if (!ok)
			api_error(api, 422, "invalid",
				  "Chỉ nhận các trường chuỗi name, alt và caption.", NULL);
		else
			refuse(api, rc, NULL);
		return;
	}
	api_h_media_get(api);
}

/* DELETE /api/v1/media/{id}: refused with the places that use it (409 in_use). */
void api_h_media_delete(void *ctx)
{
	struct api *api = ctx;
	struct page *p = api->p;
	int64_t id = http_route_param_id(&p->match, "id");
	struct media_use *u;
	size_t n;
	enum nr_media_rc rc = nr_media_delete(&api->nr, site_media_dir(p->site), id, &u, &n);
	if (rc == NR_MEDIA_IN_USE) {
		nr_media_uses_redact(&api->nr, u, n);
		json_t *extra = json_object();
		json_object_set_new(extra, "uses", uses_json(api, u, n));
		refuse(api, rc, extra);
		return;
	}
	if (rc != NR_MEDIA_OK) {
		refuse(api, rc, NULL);
		return;
	}
	json_t *doc = json_object();
	json_object_set_new(doc, "id", json_integer(id));
	json_object_set_new(doc, "deleted", json_true());
	api_send_json(api, 200, doc);
}
