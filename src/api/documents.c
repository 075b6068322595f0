/* The documents API: public reads (/api/v1/documents, /api/v1/documents/{id}) and, with a token of
 * an editor or above, writes (create, PATCH with revision, attach a file, publish, unpublish). */
#include "api/api-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/doc_ops.h"
#include "docs/extract.h"
#include "docs/json.h"
#include "docs/record.h"
#include "search/query.h"
#include "site/cache.h"
#include "site/page.h"
#include "store/documents.h"

#define API_DOCS_PER_PAGE 20
#define API_DOCS_MAX_PAGE_SIZE 100
#define DOC_UPLOAD_MAX (50L * 1000 * 1000)

static json_t *date_json(int32_t day)
{
	if (day == STORE_NO_DATE)
		return json_null();
	struct buf b = BUF_INIT;
	doc_date_format(&b, day);
	json_t *j = json_string(buf_cstr(&b));
	buf_free(&b);
	return j;
}

static const char *validity_api(struct api *api, int32_t issued, int32_t effective, int32_t expires,
				int32_t replaced)
{
	struct page *p = api->p;
	return doc_validity_api(
	    doc_validity_on(doc_date_today(p->now, p->tz), issued, effective, expires, replaced));
}

static json_t *row_json(struct api *api, const struct doc_row *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "number", json_string(d->number));
	json_object_set_new(o, "kind", json_string(d->kind));
	json_object_set_new(o, "issuer", json_string(d->issuer));
	json_object_set_new(o, "summary", json_string(d->summary));
	json_object_set_new(o, "issued_on", date_json(d->issued_on));
	json_object_set_new(o, "effective_on", date_json(d->effective_on));
	json_object_set_new(o, "expires_on", date_json(d->expires_on));
	json_object_set_new(o, "valid",
			    json_string(validity_api(api, d->issued_on, d->effective_on,
						     d->expires_on, d->replaced_on)));
	json_object_set_new(o, "url", json_string(site_document_url(api->p, d->id, d->slug)));
	return o;
}

/* A query parameter that must be a positive id when present: 0 absent, -1 malformed. */
static int64_t param_id(struct page *p, const char *name)
{
	const char *v = http_query(p->req, name);
	if (!v || !*v)
		return 0;
	int64_t id = http_parse_id(v, strlen(v));
	return id > 0 ? id : -1;
}

/* The id of the row named by a query parameter (an id, or a name of the list): -1 when unknown. */
static int64_t list_param(struct api *api, const char *name, enum doc_list list)
{
	struct page *p = api->p;
	const char *v = http_query(p->req, name);
	if (!v || !*v)
		return 0;
	int64_t id = http_parse_id(v, strlen(v));
	struct doc_named *rows;
	size_t n;
	if (store_doc_names(p->st, p->a, list, &rows, &n) != STORE_OK)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id || strcmp(rows[i].name, v) == 0)
			return rows[i].id;
	return -1;
}

static bool read_query(struct api *api, struct doc_query *q, int *page)
{
	struct page *p = api->p;
	q->kind_id = list_param(api, "kind", DOC_LIST_KIND);
	q->issuer_id = list_param(api, "issuer", DOC_LIST_ISSUER);
	q->field_id = list_param(api, "field", DOC_LIST_FIELD);
	int64_t year = param_id(p, "year");
	const char *valid = http_query(p->req, "valid");
	q->validity = valid && *valid ? (int)doc_validity_from(valid) : -1;
	*page = http_parse_page(http_query(p->req, "page"));
	const char *bad = q->kind_id < 0                                       ? "kind"
			  : q->issuer_id < 0                                   ? "issuer"
			  : q->field_id < 0                                    ? "field"
			  : year < 0 || (year && (year < 1900 || year > 2999)) ? "year"
			  : q->validity == DOC_VALIDITY_MAX                    ? "valid"
			  : *page < 0                                          ? "page"
									       : NULL;
	if (bad) {
		json_t *extra = json_object();
		json_object_set_new(extra, "field", json_string(bad));
		api_error(api, 400, "bad_request",
			  arena_printf(p->a, "Tham số '%s' không hợp lệ.", bad), extra);
		return false;
	}
	if (year) {
		char s[32]; /* room for any int64, though the year is checked above */
		snprintf(s, sizeof s, "%04lld-01-01", (long long)year);
		doc_date_parse(s, &q->issued_from);
		snprintf(s, sizeof s, "%04lld-12-31", (long long)year);
		doc_date_parse(s, &q->issued_to);
	}
	return true;
}

void api_h_documents(void *ctx)
{
	struct api *api = ctx;
	struct page *p = api->p;
	struct doc_query q = {.issued_from = STORE_NO_DATE,
			      .issued_to = STORE_NO_DATE,
			      .today = doc_date_today(p->now, p->tz),
			      .limit = API_DOCS_PER_PAGE};
	int page;
	if (!read_query(api, &q, &page))
		return;
	struct search_query sq;
	const char *words = http_query(p->req, "q");
	if (words && *words) {
		if (search_query_parse(p->a, words, strlen(words), &sq) != 0) {
			api_error(api, 400, "bad_request", "Từ khóa không phải UTF-8 hợp lệ.",
				  NULL);
			return;
		}
		q.q = &sq;
	}
	q.offset = (int64_t)(page - 1) * q.limit;
	struct doc_row *rows;
	size_t n;
	int64_t total = 0;
	int64_t t0 = cache_now_us();
	enum store_rc rc = store_doc_list(p->st, p->a, &q, &rows, &n, &total);
	if (q.q && q.q->nterms)
		site_count_search(p->site, SITE_SEARCH_DOCUMENTS, cache_now_us() - t0);
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	json_t *doc = json_object(), *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, row_json(api, &rows[i]));
	json_object_set_new(doc, "total", json_integer(total));
	json_object_set_new(doc, "page", json_integer(page));
	json_object_set_new(doc, "documents", arr);
	api_send_json(api, 200, doc);
}

static json_t *files_json(struct api *api, int64_t id, enum store_rc *rc)
{
	struct doc_file *v;
	size_t n;
	json_t *arr = json_array();
	*rc = store_doc_files(api->p->st, api->p->a, id, &v, &n);
	for (size_t i = 0; *rc == STORE_OK && i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(v[i].id));
		json_object_set_new(o, "name", json_string(v[i].name));
		json_object_set_new(o, "url",
				    json_string(arena_printf(api->p->a, "/van-ban/tai-ve/%lld",
							     (long long)v[i].id)));
		json_object_set_new(o, "type",
				    json_string(doc_type_mime(doc_type_from_ext(v[i].type))
						    ? doc_type_mime(doc_type_from_ext(v[i].type))
						    : "application/octet-stream"));
		json_object_set_new(o, "size", json_integer(v[i].bytes));
		json_object_set_new(o, "downloads", json_integer(v[i].downloads));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *links_json(struct api *api, int64_t id, bool all, enum store_rc *rc)
{
	struct doc_link *v;
	size_t n;
	json_t *arr = json_array();
	*rc = store_doc_links(api->p->st, api->p->a, id, &v, &n);
	for (size_t i = 0; *rc == STORE_OK && i < n; i++) {
		if (!v[i].published && !all)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "kind",
				    json_string(doc_relation_name((enum doc_relation)v[i].kind)));
		json_object_set_new(o, "direction",
				    json_string(v[i].reverse ? "incoming" : "outgoing"));
		json_object_set_new(
		    o, "label",
		    json_string(doc_relation_label((enum doc_relation)v[i].kind, v[i].reverse)));
		json_object_set_new(o, "id", json_integer(v[i].id));
		json_object_set_new(o, "number", json_string(v[i].number));
		json_object_set_new(o, "summary", json_string(v[i].summary));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *document_json(struct api *api, const struct document *d, enum store_rc *rc)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "revision", json_integer(d->revision));
	json_object_set_new(o, "status", json_string(d->published ? "published" : "draft"));
	json_object_set_new(o, "kind", json_string(d->kind));
	json_object_set_new(o, "number", json_string(d->number));
	json_object_set_new(o, "issuer", json_string(d->issuer));
	json_object_set_new(o, "field", *d->field ? json_string(d->field) : json_null());
	json_object_set_new(o, "signer", json_string(d->signer));
	json_object_set_new(o, "signer_position", json_string(d->signer_position));
	json_object_set_new(o, "issued_on", date_json(d->issued_on));
	json_object_set_new(o, "effective_on", date_json(d->effective_on));
	json_object_set_new(o, "expires_on", date_json(d->expires_on));
	json_object_set_new(o, "valid",
			    json_string(validity_api(api, d->issued_on, d->effective_on,
						     d->expires_on, d->replaced_on)));
	json_object_set_new(o, "summary", json_string(d->summary));
	json_object_set_new(o, "body_html", json_string(d->body_html));
	json_object_set_new(o, "comment_from", date_json(d->comment_from));
	json_object_set_new(o, "comment_until", date_json(d->comment_until));
	json_object_set_new(o, "published_at",
			    api_time_json(api, d->published ? d->published_at : 0));
	json_object_set_new(o, "url", json_string(site_document_url(api->p, d->id, d->slug)));
	json_object_set_new(o, "files", files_json(api, d->id, rc));
	if (*rc == STORE_OK)
		json_object_set_new(o, "relations", links_json(api, d->id, api->user.id != 0, rc));
	return o;
}

/* True when the caller may see drafts: a token of an account with the "documents" right. */
static bool staff(const struct api *api)
{
	bool has = false;
	return api->user.id &&
	       role_right(api->p->st, &api->user, STORE_RIGHT_DOCUMENTS, &has) == STORE_OK && has;
}

static void send_document(struct api *api, int64_t id, int status)
{
	struct document d;
	enum store_rc rc = store_doc_get(api->p->st, api->p->a, id, &d);
	if (rc == STORE_OK && !d.published && !staff(api))
		rc = STORE_NOTFOUND;
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	json_t *o = document_json(api, &d, &rc);
	if (rc != STORE_OK) {
		json_decref(o);
		api_store_error(api, rc);
		return;
	}
	api_send_json(api, status, o);
}

void api_h_document(void *ctx)
{
	struct api *api = ctx;
	send_document(api, http_route_param_id(&api->p->match, "id"), 200);
}

/* --- writes (the newsroom's operations, admin/doc_ops.c) ------------------------------------- */

static void refused(struct api *api, enum nr_result r, const struct buf *why)
{
	if (r == NR_CONFLICT)
		api_error(api, 409, "conflict", why->len ? buf_cstr(why) : "Xung đột.", NULL);
	else
		api_nr_error(api, r, why);
}

static bool read_in(struct api *api, enum doc_json_mode mode, struct doc_in *in)
{
	json_t *o;
	if (!api_read_body(api, true, &o))
		return false;
	struct buf err = BUF_INIT;
	bool ok = doc_json_read(o, mode, api->p->a, in, &err) == 0;
	if (!ok)
		api_error(api, 422, "invalid", arena_strdup(api->p->a, buf_cstr(&err)), NULL);
	buf_free(&err);
	return ok;
}

static void save(struct api *api, int64_t id, enum doc_json_mode mode, int status)
{
	struct doc_in in;
	if (!read_in(api, mode, &in))
		return;
	struct buf why = BUF_INIT;
	int64_t out = 0;
	enum nr_result r = nr_doc_save(&api->nr, id, &in, &out, &why);
	if (r == NR_OK)
		send_document(api, out, status);
	else
		refused(api, r, &why);
	buf_free(&why);
}

void api_h_document_create(void *ctx)
{
	save(ctx, 0, DOC_JSON_CREATE, 201);
}

void api_h_document_update(void *ctx)
{
	struct api *api = ctx;
	save(api, http_route_param_id(&api->p->match, "id"), DOC_JSON_PATCH, 200);
}

void api_h_document_publish(void *ctx)
{
	struct api *api = ctx;
	int64_t id = http_route_param_id(&api->p->match, "id");
	struct buf why = BUF_INIT;
	enum nr_result r = nr_doc_status(&api->nr, id, api->p->match.route->arg != NULL, &why);
	if (r == NR_OK)
		send_document(api, id, 200);
	else
		refused(api, r, &why);
	buf_free(&why);
}

void api_h_document_file(void *ctx)
{
	struct api *api = ctx;
	struct page *p = api->p;
	int64_t id = http_route_param_id(&p->match, "id");
	struct document d;
	enum store_rc rc = store_doc_get(p->st, p->a, id, &d);
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	const char *dir = site_media_dir(p->site);
	if (!dir) {
		api_error(api, 409, "conflict", "Máy chủ chưa bật thư mục lưu tệp (media).", NULL);
		return;
	}
	const char *ct = http_header(p->req, "Content-Type");
	struct http_multipart m;
	const struct http_part *part = NULL;
	if (ct && http_is_multipart(ct) &&
	    http_multipart_parse(p->a, ct, p->req->body.data ? p->req->body.data : "",
				 p->req->body.len, &m) == 0)
		part = http_multipart_file(&m, "file");
	if (!part) {
		api_error(api, 422, "invalid",
			  "Cần gửi multipart/form-data với tệp ở trường 'file'.", NULL);
		return;
	}
	if (part->len > DOC_UPLOAD_MAX) {
		api_error(api, 413, "payload_too_large", "Tệp lớn quá 50 MB.", NULL);
		return;
	}
	struct buf why = BUF_INIT;
	bool wrong_type = false;
	enum nr_result r = nr_doc_attach(&api->nr, dir, id, part->filename, part->data, part->len,
					 &wrong_type, &why);
	if (r == NR_OK)
		send_document(api, id, 201);
	else if (wrong_type)
		api_error(api, 415, "unsupported_media_type", buf_cstr(&why), NULL);
	else
		refused(api, r, &why);
	buf_free(&why);
}
