/* The newsroom's documents screen (editors and above): the list with drafts, the edit form with
 * relations, attachment upload, publishing, and the moderation and CSV export of comments. */
#include "admin/admin-int.h"

#include <string.h>

#include <jansson.h>

#include "admin/doc_ops.h"
#include "docs/extract.h"
#include "docs/json.h"
#include "docs/record.h"
#include "search/query.h"
#include "store/documents.h"

#define LIST_PER_PAGE 50
#define PICKS_MAX 10

static const char *date_text(struct admin *ad, int32_t day)
{
	struct buf b = BUF_INIT;
	doc_date_format(&b, day);
	const char *s = arena_strdup(ad->p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void store_failed(struct admin *ad, enum store_rc rc)
{
	if (rc == STORE_NOTFOUND)
		admin_message(ad, 404, "Không tìm thấy", "Không có văn bản này.");
	else
		admin_message(ad, rc == STORE_UNAVAILABLE ? 503 : 500, "Lỗi",
			      "Chưa đọc được dữ liệu, vui lòng thử lại sau.");
}

/* The lists as the filter form's options, the chosen ones selected. */
static void fill_filters(struct admin *ad, int64_t *const chosen[DOC_LIST_MAX])
{
	static const char *const keys[DOC_LIST_MAX] = {"kind_options", "issuer_options",
						       "field_options"};
	for (int l = 0; l < DOC_LIST_MAX; l++) {
		struct doc_named *v;
		size_t n;
		struct tv *list = tv_list(ad->ctx, keys[l]);
		if (store_doc_names(ad->p->st, ad->p->a, (enum doc_list)l, &v, &n) != STORE_OK)
			continue;
		for (size_t i = 0; i < n; i++) {
			struct tv *o = tv_push(list);
			tv_int(o, "id", v[i].id);
			tv_str(o, "name", v[i].name);
			tv_bool(o, "selected", v[i].id == *chosen[l]);
		}
	}
}

void admin_h_documents(void *ctx)
{
	struct admin *ad = ctx;
	struct page *p = ad->p;
	int page = http_parse_page(http_query(p->req, "page"));
	if (page < 0) {
		admin_message(ad, 400, "Yêu cầu không hợp lệ", "Số trang không hợp lệ.");
		return;
	}
	struct doc_query q = {.drafts = true,
			      .validity = -1,
			      .issued_from = STORE_NO_DATE,
			      .issued_to = STORE_NO_DATE,
			      .offset = (int64_t)(page - 1) * LIST_PER_PAGE,
			      .limit = LIST_PER_PAGE};
	int64_t *chosen[DOC_LIST_MAX] = {&q.kind_id, &q.issuer_id, &q.field_id};
	static const char *const params[DOC_LIST_MAX] = {"loai", "co-quan", "linh-vuc"};
	struct buf kept = BUF_INIT;
	for (int l = 0; l < DOC_LIST_MAX; l++) {
		const char *v = http_query(p->req, params[l]);
		*chosen[l] = v && *v ? http_parse_id(v, strlen(v)) : 0;
		if (*chosen[l])
			buf_printf(&kept, "&%s=%lld", params[l], (long long)*chosen[l]);
	}
	fill_filters(ad, chosen);
	struct doc_row *rows;
	size_t n;
	int64_t total = 0;
	enum store_rc rc = store_doc_list(p->st, p->a, &q, &rows, &n, &total);
	if (rc != STORE_OK) {
		buf_free(&kept);
		store_failed(ad, rc);
		return;
	}
	struct tv *list = tv_list(ad->ctx, "documents");
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(list);
		tv_int(o, "id", rows[i].id);
		tv_str(o, "number", rows[i].number);
		tv_str(o, "kind", rows[i].kind);
		tv_str(o, "summary", rows[i].summary);
		tv_str(o, "issued", date_text(ad, rows[i].issued_on));
		tv_bool(o, "published", rows[i].published);
	}
	tv_bool(ad->ctx, "has_documents", n > 0);
	tv_int(ad->ctx, "total", total);
	if (page > 1)
		tv_str(ad->ctx, "prev",
		       arena_printf(p->a, "/admin/documents?page=%d%s", page - 1, buf_cstr(&kept)));
	if ((int64_t)page * LIST_PER_PAGE < total)
		tv_str(ad->ctx, "next",
		       arena_printf(p->a, "/admin/documents?page=%d%s", page + 1, buf_cstr(&kept)));
	buf_free(&kept);
	admin_render(ad, 200, "admin_documents");
}

/* The lists' names for the form's suggestions. */
static void fill_names(struct admin *ad)
{
	static const char *const keys[DOC_LIST_MAX] = {"kinds", "issuers", "fields"};
	for (int l = 0; l < DOC_LIST_MAX; l++) {
		struct doc_named *v;
		size_t n;
		struct tv *list = tv_list(ad->ctx, keys[l]);
		if (store_doc_names(ad->p->st, ad->p->a, (enum doc_list)l, &v, &n) != STORE_OK)
			continue;
		for (size_t i = 0; i < n; i++)
			tv_push_str(list, v[i].name);
	}
}

/* "replaces 12" lines of the document's direct relations. */
static const char *relations_text(struct admin *ad, int64_t id)
{
	struct doc_link *v;
	size_t n;
	struct buf b = BUF_INIT;
	if (store_doc_links(ad->p->st, ad->p->a, id, &v, &n) == STORE_OK)
		for (size_t i = 0; i < n; i++)
			if (!v[i].reverse)
				buf_printf(&b, "%s %lld\n",
					   doc_relation_name((enum doc_relation)v[i].kind),
					   (long long)v[i].id);
	const char *s = arena_strdup(ad->p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The form's values: the stored document's, or with from_form the sent ones (dates as typed);
 * relations, when not NULL, the relation lines to show. */
static void fill_document(struct admin *ad, const struct document *d, bool from_form,
			  const char *relations)
{
	struct tv *o = tv_child(ad->ctx, "document");
	tv_int(o, "id", d->id);
	tv_int(o, "revision", d->revision);
	tv_bool(o, "published", d->published);
	tv_str(o, "kind", d->kind);
	tv_str(o, "number", d->number);
	tv_str(o, "issuer", d->issuer);
	tv_str(o, "field", d->field);
	tv_str(o, "signer", d->signer);
	tv_str(o, "signer_position", d->signer_position);
	static const char *const dates[] = {"issued_on", "effective_on", "expires_on",
					    "comment_from", "comment_until"};
	const int32_t days[] = {d->issued_on, d->effective_on, d->expires_on, d->comment_from,
				d->comment_until};
	for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) /* as typed, when it came back */
		tv_str(o, dates[i], from_form ? admin_field(ad, dates[i]) : date_text(ad, days[i]));
	tv_str(o, "summary", d->summary);
	tv_str(o, "body_html", d->body_html);
	if (!relations)
		relations = from_form ? admin_field(ad, "relations")
			    : d->id   ? relations_text(ad, d->id)
				      : "";
	tv_str(o, "relations", relations);
	struct doc_file *f;
	size_t n;
	struct tv *files = tv_list(o, "files");
	if (d->id && store_doc_files(ad->p->st, ad->p->a, d->id, &f, &n) == STORE_OK)
		for (size_t i = 0; i < n; i++) {
			struct tv *x = tv_push(files);
			tv_str(x, "name", f[i].name);
			tv_str(x, "url",
			       arena_printf(ad->p->a, "/van-ban/tai-ve/%lld", (long long)f[i].id));
			tv_int(x, "downloads", f[i].downloads);
		}
}

static void form_page_with(struct admin *ad, int status, const struct document *d,
			   const char *error, const char *relations)
{
	fill_document(ad, d, ad->p->req->method == HTTP_POST, relations);
	fill_names(ad);
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "action",
	       d->id ? arena_printf(ad->p->a, "/admin/documents/%lld", (long long)d->id)
		     : "/admin/documents/new");
	admin_render(ad, status, "admin_document");
}

static void form_page(struct admin *ad, int status, const struct document *d, const char *error)
{
	form_page_with(ad, status, d, error, NULL);
}

/* The form as the JSON object docs/json.h reads; empty optional fields are null. */
static json_t *form_json(struct admin *ad, bool patch)
{
	static const char *const text[] = {"kind",   "number",          "issuer",  "field",
					   "signer", "signer_position", "summary", "body_html"};
	static const char *const dates[] = {"issued_on", "effective_on", "expires_on",
					    "comment_from", "comment_until"};
	json_t *o = json_object();
	for (size_t i = 0; i < sizeof text / sizeof *text; i++)
		json_object_set_new(o, text[i], json_string(admin_field(ad, text[i])));
	for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
		const char *v = admin_field(ad, dates[i]);
		json_object_set_new(o, dates[i], *v ? json_string(v) : json_null());
	}
	if (patch)
		json_object_set_new(
		    o, "revision",
		    json_integer(http_parse_id(admin_field(ad, "revision"),
					       strlen(admin_field(ad, "revision")))));
	json_t *rels = json_array();
	char *lines = arena_strdup(ad->p->a, admin_field(ad, "relations"));
	char *save = NULL;
	for (char *l = strtok_r(lines, "\r\n", &save); l; l = strtok_r(NULL, "\r\n", &save)) {
		char kind[32];
		long long id;
		if (sscanf(l, "%31s %lld", kind, &id) == 2) {
			json_t *r = json_object();
			json_object_set_new(r, "kind", json_string(kind));
			json_object_set_new(r, "id", json_integer(id));
			json_array_append_new(rels, r);
		} else if (strspn(l, " \t") != strlen(l)) {
			json_array_append_new(rels, json_string(l)); /* refused with its line */
		}
	}
	json_object_set_new(o, "relations", rels);
	return o;
}

/* What the form showed, for a refused save: the stored document with the sent fields over it. */
static void refill(struct admin *ad, struct document *d)
{
	d->kind = admin_field(ad, "kind");
	d->number = admin_field(ad, "number");
	d->issuer = admin_field(ad, "issuer");
	d->field = admin_field(ad, "field");
	d->summary = admin_field(ad, "summary");
	d->signer = admin_field(ad, "signer");
	d->signer_position = admin_field(ad, "signer_position");
	d->body_html = admin_field(ad, "body_html");
}

static void save(struct admin *ad, struct document *d)
{
	json_t *o = form_json(ad, d->id != 0);
	struct doc_in in;
	struct buf why = BUF_INIT;
	int64_t id = 0;
	enum nr_result r = NR_INVALID;
	if (doc_json_read(o, d->id ? DOC_JSON_PATCH : DOC_JSON_CREATE, ad->p->a, &in, &why) == 0)
		r = nr_doc_save(&ad->nr, d->id, &in, &id, &why);
	json_decref(o);
	if (r == NR_OK) {
		admin_redirect(ad, arena_printf(ad->p->a, "/admin/documents/%lld", (long long)id));
	} else {
		refill(ad, d);
		form_page(ad, nr_status(r), d,
			  arena_strdup(ad->p->a, why.len ? buf_cstr(&why) : "Chưa lưu được."));
	}
	buf_free(&why);
}

/* --- the relation picker: search as you type (newsroom.js and documents/picker), or without
 * JavaScript by the form's own buttons, which come back to the form unsaved ------------------- */

/* Published documents matching words (their number or summary), at most PICKS_MAX, without
 * document `self`. */
static enum store_rc picks(struct admin *ad, const char *words, int64_t self, struct doc_row **out,
			   size_t *n)
{
	*out = NULL;
	*n = 0;
	struct search_query sq;
	if (!words || !*words || search_query_parse(ad->p->a, words, strlen(words), &sq) != 0)
		return STORE_OK;
	struct doc_query q = {.validity = -1,
			      .issued_from = STORE_NO_DATE,
			      .issued_to = STORE_NO_DATE,
			      .today = doc_date_today(ad->p->now, ad->p->tz),
			      .q = &sq,
			      .limit = PICKS_MAX + 1};
	int64_t total = 0;
	struct doc_row *rows;
	size_t got;
	enum store_rc rc = store_doc_list(ad->p->st, ad->p->a, &q, &rows, &got, &total);
	if (rc != STORE_OK)
		return rc;
	*out = arena_alloc(ad->p->a, (got + 1) * sizeof **out);
	for (size_t i = 0; i < got && *n < PICKS_MAX; i++)
		if (rows[i].id != self)
			(*out)[(*n)++] = rows[i];
	return STORE_OK;
}

/* The form again with the relation picker's results, or with the relation its button added. */
static void picker_round(struct admin *ad, struct document *d)
{
	const char *add = admin_field(ad, "rel_add");
	const char *rel = admin_field(ad, "relations");
	char kind[16];
	long long id;
	int used = 0;
	if (*add && sscanf(add, "%15s %lld%n", kind, &id, &used) == 2 && !add[used] && id > 0 &&
	    doc_relation_from(kind) != DOC_REL_MAX)
		rel = arena_printf(ad->p->a, "%s%s%s %lld\n", rel,
				   *rel && rel[strlen(rel) - 1] != '\n' ? "\n" : "", kind, id);
	refill(ad, d);
	const char *words = admin_field(ad, "rel_q");
	struct doc_row *rows;
	size_t n;
	enum store_rc rc = picks(ad, *add ? NULL : words, d->id, &rows, &n);
	struct tv *list = tv_list(ad->ctx, "picks");
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(list);
		tv_int(o, "id", rows[i].id);
		tv_str(o, "number", rows[i].number);
		tv_str(o, "summary", rows[i].summary);
	}
	tv_bool(ad->ctx, "picked", *words && !*add);
	tv_bool(ad->ctx, "has_picks", n > 0);
	tv_str(ad->ctx, "rel_q", words);
	form_page_with(ad, 200, d, rc == STORE_OK ? NULL : "Chưa tìm được: cơ sở dữ liệu đang bận.",
		       rel);
}

void admin_h_document_picker(void *ctx)
{
	struct admin *ad = ctx;
	const char *self = http_query(ad->p->req, "self");
	struct doc_row *rows;
	size_t n;
	enum store_rc rc = picks(ad, http_query(ad->p->req, "q"),
				 self ? http_parse_id(self, strlen(self)) : 0, &rows, &n);
	json_t *doc = json_object();
	if (rc != STORE_OK) {
		json_object_set_new(doc, "error",
				    json_string("Chưa tìm được: cơ sở dữ liệu đang bận."));
		page_json(ad->p, 503, doc);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(rows[i].id));
		json_object_set_new(o, "number", json_string(rows[i].number));
		json_object_set_new(o, "summary", json_string(rows[i].summary));
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "documents", arr);
	http_resp_header(ad->p->resp, "Cache-Control", "no-store");
	page_json(ad->p, 200, doc);
}

void admin_h_document(void *ctx)
{
	struct admin *ad = ctx;
	struct page *p = ad->p;
	int64_t id = http_route_param_id(&p->match, "id");
	struct document d = {.kind = "",
			     .number = "",
			     .issuer = "",
			     .field = "",
			     .summary = "",
			     .body_html = "",
			     .signer = "",
			     .signer_position = "",
			     .issued_on = STORE_NO_DATE,
			     .effective_on = STORE_NO_DATE,
			     .expires_on = STORE_NO_DATE,
			     .comment_from = STORE_NO_DATE,
			     .comment_until = STORE_NO_DATE};
	enum store_rc rc = id ? store_doc_get(p->st, p->a, id, &d) : STORE_OK;
	if (rc != STORE_OK) {
		store_failed(ad, rc);
		return;
	}
	if (p->req->method == HTTP_POST &&
	    (*admin_field(ad, "rel_find") || *admin_field(ad, "rel_add")))
		picker_round(ad, &d);
	else if (p->req->method == HTTP_POST)
		save(ad, &d);
	else
		form_page(ad, 200, &d, NULL);
}

void admin_h_document_status(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	struct buf why = BUF_INIT;
	enum nr_result r = nr_doc_status(&ad->nr, id, ad->p->match.route->arg != NULL, &why);
	if (r == NR_OK)
		admin_redirect(ad, arena_printf(ad->p->a, "/admin/documents/%lld", (long long)id));
	else
		admin_fail(ad, r, buf_cstr(&why));
	buf_free(&why);
}

void admin_h_document_file(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	const char *dir = site_media_dir(ad->p->site);
	const struct http_part *f = http_multipart_file(&ad->mp, "file");
	if (!dir || !f) {
		admin_message(ad, dir ? 422 : 409, "Không tải lên được",
			      dir ? "Hãy chọn một tệp."
				  : "Máy chủ chưa bật thư mục lưu tệp (media).");
		return;
	}
	struct buf why = BUF_INIT;
	bool wrong_type = false;
	enum nr_result r =
	    nr_doc_attach(&ad->nr, dir, id, f->filename, f->data, f->len, &wrong_type, &why);
	if (r == NR_OK)
		admin_redirect(ad, arena_printf(ad->p->a, "/admin/documents/%lld", (long long)id));
	else
		admin_message(ad, wrong_type ? 415 : nr_status(r), "Không tải lên được",
			      arena_strdup(ad->p->a, buf_cstr(&why)));
	buf_free(&why);
}

static const char *const status_label[] = {"Chờ duyệt", "Đã duyệt", "Đã từ chối"};

static void comments_csv(struct admin *ad, const struct document *d, const struct doc_comment *v,
			 size_t n)
{
	struct buf *b = &ad->p->resp->body;
	buf_reset(b);
	buf_puts(b, "\xEF\xBB\xBF"); /* the BOM: spreadsheets then read UTF-8 */
	static const char *const head[] = {"Mã",       "Thời gian",  "Họ tên",    "Email",
					   "Nội dung", "Địa chỉ IP", "Trạng thái"};
	for (size_t i = 0; i < 7; i++)
		doc_csv_cell(b, head[i], i == 6);
	for (size_t i = 0; i < n; i++) {
		doc_csv_cell(b, arena_printf(ad->p->a, "%lld", (long long)v[i].id), false);
		doc_csv_cell(b, page_datetime(ad->p, v[i].created_at), false);
		doc_csv_cell(b, v[i].name, false);
		doc_csv_cell(b, v[i].email, false);
		doc_csv_cell(b, v[i].body, false);
		doc_csv_cell(b, v[i].address, false);
		doc_csv_cell(b, status_label[v[i].status % 3], true);
	}
	ad->p->resp->status = 200;
	ad->p->resp->content_type = "text/csv; charset=utf-8";
	http_resp_header(ad->p->resp, "Content-Disposition",
			 arena_printf(ad->p->a, "attachment; filename=\"gop-y-van-ban-%lld.csv\"",
				      (long long)d->id));
	http_resp_header(ad->p->resp, "Cache-Control", "no-store");
}

void admin_h_document_comments(void *ctx)
{
	struct admin *ad = ctx;
	struct page *p = ad->p;
	int64_t id = http_route_param_id(&p->match, "id");
	struct document d;
	struct doc_comment *v = NULL;
	size_t n = 0;
	enum store_rc rc = store_doc_get(p->st, p->a, id, &d);
	if (rc == STORE_OK)
		rc = store_doc_comments(p->st, p->a, id, -1, &v, &n);
	if (rc != STORE_OK) {
		store_failed(ad, rc);
		return;
	}
	if (p->match.route->arg) {
		comments_csv(ad, &d, v, n);
		return;
	}
	fill_document(ad, &d, false, NULL);
	struct tv *list = tv_list(ad->ctx, "comments");
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(list);
		tv_int(o, "id", v[i].id);
		tv_str(o, "name", v[i].name);
		tv_str(o, "email", v[i].email);
		tv_str(o, "body", v[i].body);
		tv_str(o, "at", page_datetime(p, v[i].created_at));
		tv_str(o, "status", status_label[v[i].status % 3]);
		tv_bool(o, "pending", v[i].status == DOC_COMMENT_PENDING);
	}
	tv_bool(ad->ctx, "has_comments", n > 0);
	admin_render(ad, 200, "admin_document_comments");
}

void admin_h_document_comment(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	int64_t cid = http_route_param_id(&ad->p->match, "cid");
	const char *act = admin_field(ad, "action");
	if (strcmp(act, "approve") != 0 && strcmp(act, "reject") != 0) {
		admin_message(ad, 422, "Không hợp lệ", "Thao tác không hợp lệ.");
		return;
	}
	struct buf why = BUF_INIT;
	enum nr_result r = nr_doc_moderate(&ad->nr, cid, strcmp(act, "approve") == 0, &why);
	if (r == NR_OK)
		admin_redirect(
		    ad, arena_printf(ad->p->a, "/admin/documents/%lld/comments", (long long)id));
	else
		admin_fail(ad, r, buf_cstr(&why));
	buf_free(&why);
}
