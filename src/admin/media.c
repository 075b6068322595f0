/* The newsroom's media library: the list with search, uploads (several files at once), a file's
 * description and where it is used, deletion, and media.json for the editor's picker. */
#include "admin/admin-int.h"

#include <jansson.h>
#include <string.h>

#include "admin/media_ops.h"
#include "vi/vi.h"

#define MEDIA_PER_PAGE 24

static bool wants_json(struct admin *ad)
{
	const char *acc = http_header(ad->p->req, "Accept");
	return acc && strstr(acc, "application/json");
}

static const char *message_of(struct admin *ad, enum nr_media_rc rc)
{
	return rc == NR_MEDIA_TOO_LARGE ? site_upload_too_large(ad->p)
					: nr_media_refusal(rc)->message;
}

/* Answers a failure: JSON {"error", "code"} for the page's script, a page for the plain form. */
static void refuse(struct admin *ad, bool json, enum nr_media_rc rc)
{
	const struct nr_media_refusal *r = nr_media_refusal(rc);
	if (!json) {
		admin_message(ad, r->status, r->title, message_of(ad, rc));
		return;
	}
	json_t *doc = json_object();
	json_object_set_new(doc, "error", json_string(message_of(ad, rc)));
	json_object_set_new(doc, "code", json_string(r->code));
	page_json(ad->p, r->status, doc);
	http_resp_header(ad->p->resp, "Cache-Control", "no-store");
}

static json_t *media_json(struct arena *a, const struct media *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "url", json_string(arena_printf(a, "/media/%s", m->file)));
	json_object_set_new(
	    o, "thumb_url",
	    json_string(arena_printf(a, "/media/%s", *m->thumb ? m->thumb : m->file)));
	json_object_set_new(o, "width", json_integer(m->width));
	json_object_set_new(o, "height", json_integer(m->height));
	json_object_set_new(o, "name", json_string(m->name));
	json_object_set_new(o, "mime", json_string(m->mime));
	json_object_set_new(o, "alt", json_string(m->alt ? m->alt : ""));
	json_object_set_new(o, "caption", json_string(m->caption ? m->caption : ""));
	return o;
}

/* POST /admin/media: every part named "file" (a plain form may carry several); the page's script
 * sends one file a request with Accept: application/json to show its progress. */
static void upload(struct admin *ad)
{
	struct page *p = ad->p;
	bool json = wants_json(ad);
	struct nr_media_text t = {.alt = http_form_get(&ad->form, "alt"),
				  .caption = http_form_get(&ad->form, "caption")};
	struct media m;
	size_t done = 0, failed = 0;
	enum nr_media_rc last = NR_MEDIA_NO_FILE;
	struct buf why = BUF_INIT;
	for (size_t i = 0; i < ad->mp.n; i++) {
		const struct http_part *f = &ad->mp.parts[i];
		if (strcmp(f->name, "file") != 0 || !f->filename || (!*f->filename && !f->len))
			continue;
		last = nr_media_upload(&ad->nr, site_media_dir(p->site), site_max_upload(p->site),
				       f->filename, f->data, f->len, &t, &m);
		if (last == NR_MEDIA_OK) {
			done++;
			if (json)
				break; /* one file a request */
			continue;
		}
		failed++;
		buf_printf(&why, "%s%s: %s", why.len ? " " : "", *f->filename ? f->filename : "?",
			   message_of(ad, last));
		if (json)
			break;
	}
	if (done == 0 && failed == 0 && !site_media_dir(p->site))
		last = NR_MEDIA_OFF;
	if (json && last != NR_MEDIA_OK) {
		refuse(ad, true, last);
	} else if (json) {
		page_json(p, 201, media_json(p->a, &m));
		http_resp_header(p->resp, "Cache-Control", "no-store");
	} else if (failed) {
		const char *text = arena_printf(p->a, "Đã tải lên %zu ảnh; %zu tệp bị từ chối. %s",
						done, failed, buf_cstr(&why));
		admin_message(ad, done ? 200 : nr_media_refusal(last)->status,
			      nr_media_refusal(last)->title, text);
	} else if (done == 0) {
		refuse(ad, false, last);
	} else {
		admin_redirect(ad, "/admin/media?ok=media");
	}
	buf_free(&why);
}

/* The search text folded (vi_fold), or "" for none; NULL when it is not valid text. */
static const char *folded_query(struct admin *ad, const char *q)
{
	if (!q || !*q)
		return "";
	const char *clean = admin_clean(ad, q, 200);
	struct buf b = BUF_INIT;
	const char *out = NULL;
	if (clean && vi_fold(clean, strlen(clean), &b) == 0)
		out = arena_strdup(ad->p->a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* A page of the library, newest first, matching ?q=; false (having answered) on failure. */
static bool load_page(struct admin *ad, struct media **m, size_t *n, int64_t *total, int *page)
{
	struct page *p = ad->p;
	*page = http_parse_page(http_query(p->req, "page"));
	const char *q = folded_query(ad, http_query(p->req, "q"));
	if (*page < 0 || !q) {
		page_error(p, 400);
		return false;
	}
	enum store_rc rc = store_media_search(p->st, p->a, q, (int64_t)(*page - 1) * MEDIA_PER_PAGE,
					      MEDIA_PER_PAGE, m, n, total);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return false;
	}
	return true;
}

static void list_json(struct admin *ad)
{
	struct media *m;
	size_t n;
	int64_t total = 0;
	int page;
	if (!load_page(ad, &m, &n, &total, &page))
		return;
	json_t *doc = json_object(), *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, media_json(ad->p->a, &m[i]));
	json_object_set_new(doc, "items", items);
	json_object_set_new(doc, "page", json_integer(page));
	json_object_set_new(doc, "total", json_integer(total));
	json_object_set_new(
	    doc, "more", json_boolean((int64_t)(page - 1) * MEDIA_PER_PAGE + (int64_t)n < total));
	json_object_set_new(doc, "uploads", json_boolean(site_media_dir(ad->p->site) != NULL));
	/* the editor refuses a larger file itself, in the newsroom's words */
	json_object_set_new(doc, "max_upload",
			    json_integer((json_int_t)site_max_upload(ad->p->site)));
	page_json(ad->p, 200, doc);
	http_resp_header(ad->p->resp, "Cache-Control", "no-store");
}

/* "/admin/media?q=...&page=N" with the query escaped for a URL. */
static const char *page_url(struct admin *ad, const char *q, int page)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "/admin/media?page=%d", page);
	if (q && *q) {
		buf_puts(&b, "&q=");
		for (const unsigned char *c = (const unsigned char *)q; *c; c++)
			if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			    (*c >= '0' && *c <= '9') || strchr("-_.~", *c))
				buf_putc(&b, (char)*c);
			else
				buf_printf(&b, "%%%02X", *c);
	}
	const char *out = arena_strdup(ad->p->a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static void list_page(struct admin *ad)
{
	struct page *p = ad->p;
	struct media *m;
	size_t n;
	int64_t total = 0;
	int page;
	if (!load_page(ad, &m, &n, &total, &page))
		return;
	struct tv *list = tv_list(ad->ctx, "items");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", m[i].id);
		tv_str(it, "url", arena_printf(p->a, "/media/%s", m[i].file));
		tv_str(it, "thumb_url",
		       arena_printf(p->a, "/media/%s", *m[i].thumb ? m[i].thumb : m[i].file));
		tv_str(it, "name", *m[i].name ? m[i].name : "(không tên)");
		tv_str(it, "alt", m[i].alt);
		tv_str(it, "img_alt", *m[i].alt ? m[i].alt : m[i].name); /* names the link */
		tv_str(it, "caption", m[i].caption);
		tv_int(it, "width", m[i].width);
		tv_int(it, "height", m[i].height);
		tv_str(it, "size",
		       arena_printf(p->a, "%lld KB", (long long)(m[i].bytes + 1023) / 1024));
		tv_str(it, "user", *m[i].user_name ? m[i].user_name : "—");
		tv_str(it, "when", page_datetime(p, m[i].created_at));
	}
	const char *q = http_query(p->req, "q");
	tv_str(ad->ctx, "q", q ? q : "");
	tv_bool(ad->ctx, "has_items", n > 0);
	tv_bool(ad->ctx, "uploads_on", site_media_dir(p->site) != NULL);
	tv_int(ad->ctx, "max_upload", (int64_t)site_max_upload(p->site));
	tv_str(ad->ctx, "too_large", site_upload_too_large(p));
	tv_int(ad->ctx, "total", total);
	if ((int64_t)(page - 1) * MEDIA_PER_PAGE + (int64_t)n < total)
		tv_str(ad->ctx, "next", page_url(ad, q, page + 1));
	if (page > 1)
		tv_str(ad->ctx, "prev", page_url(ad, q, page - 1));
	tv_str(ad->ctx, "title", "Thư viện ảnh");
	admin_render(ad, 200, "admin_media");
}

/* "media" (GET lists, POST uploads) and "media.json" (the list for the editor's picker). */
void admin_h_media(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST)
		upload(ad);
	else
		list_page(ad);
}

void admin_h_media_json(void *ctx)
{
	list_json(ctx);
}

/* --- one file: its description, where it is used, deletion ---------------------------------- */

static void fill_uses(struct admin *ad, const struct media_use *u, size_t n)
{
	struct tv *list = tv_list(ad->ctx, "uses");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_str(it, "label", nr_media_use_label(&u[i]));
		tv_str(it, "title", u[i].title);
		tv_str(it, "url", nr_media_use_url(ad->p->a, &u[i]));
	}
	tv_bool(ad->ctx, "used", n > 0);
	tv_int(ad->ctx, "nuses", (int64_t)n);
}

/* The file's screen with status, and an error beside the form when err is not NULL. */
static void item_page(struct admin *ad, int64_t id, int status, const char *err)
{
	struct page *p = ad->p;
	struct media m;
	struct media_use *u;
	size_t n;
	enum store_rc rc = store_media_by_id(p->st, p->a, id, &m);
	if (rc == STORE_OK)
		rc = store_media_uses(p->st, p->a, m.file, &u, &n);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	struct tv *it = tv_child(ad->ctx, "media");
	tv_int(it, "id", m.id);
	tv_str(it, "url", arena_printf(p->a, "/media/%s", m.file));
	tv_str(it, "thumb_url", arena_printf(p->a, "/media/%s", *m.thumb ? m.thumb : m.file));
	tv_str(it, "name", m.name);
	tv_str(it, "alt", m.alt);
	tv_str(it, "img_alt", *m.alt ? m.alt : m.name);
	tv_str(it, "caption", m.caption);
	tv_str(it, "mime", m.mime);
	tv_int(it, "width", m.width);
	tv_int(it, "height", m.height);
	tv_str(it, "size", arena_printf(p->a, "%lld KB", (long long)(m.bytes + 1023) / 1024));
	tv_str(it, "user", *m.user_name ? m.user_name : "—");
	tv_str(it, "when", page_datetime(p, m.created_at));
	tv_bool(ad->ctx, "may_change", nr_media_may_change(&ad->nr, &m));
	nr_media_uses_redact(&ad->nr, u, n);
	fill_uses(ad, u, n);
	if (err)
		tv_str(ad->ctx, "error", err);
	tv_str(ad->ctx, "title", arena_printf(p->a, "Ảnh: %s", *m.name ? m.name : "(không tên)"));
	admin_render(ad, status, "admin_media_item");
}

static void describe(struct admin *ad, int64_t id)
{
	struct nr_media_text t = {.name = http_form_get(&ad->form, "name"),
				  .alt = http_form_get(&ad->form, "alt"),
				  .caption = http_form_get(&ad->form, "caption")};
	enum nr_media_rc rc = nr_media_describe(&ad->nr, id, &t);
	if (rc == NR_MEDIA_OK)
		admin_redirect(
		    ad, arena_printf(ad->p->a, "/admin/media/%lld?ok=media-saved", (long long)id));
	else if (rc == NR_MEDIA_INVALID)
		item_page(ad, id, 422,
			  t.name && !*t.name ? "Tên ảnh không được để trống."
					     : nr_media_refusal(rc)->message);
	else
		refuse(ad, false, rc);
}

static void delete_media(struct admin *ad, int64_t id)
{
	if (!http_form_get(&ad->form, "confirm")) {
		item_page(ad, id, 422, "Hãy đánh dấu ô xác nhận trước khi xóa ảnh.");
		return;
	}
	struct media_use *u;
	size_t n;
	enum nr_media_rc rc = nr_media_delete(&ad->nr, site_media_dir(ad->p->site), id, &u, &n);
	if (rc == NR_MEDIA_OK)
		admin_redirect(ad, "/admin/media?ok=media-deleted");
	else if (rc == NR_MEDIA_IN_USE)
		item_page(ad, id, 409, nr_media_refusal(rc)->message);
	else
		refuse(ad, false, rc);
}

/* "media/{id}" (GET shows, POST saves the description) and "media/{id}/delete". */
void admin_h_media_item(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	const char *arg = ad->p->match.route->arg;
	if (ad->p->req->method != HTTP_POST)
		item_page(ad, id, 200, NULL);
	else if (arg && strcmp(arg, "delete") == 0)
		delete_media(ad, id);
	else
		describe(ad, id);
}
