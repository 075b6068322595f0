/* The newsroom's media library: the list of uploads, POST /admin/media, and media.json for the
 * editor. */
#include "admin/admin-int.h"

#include <jansson.h>
#include <string.h>
#include <time.h>

#include "media/media.h"

#define MEDIA_PER_PAGE 24

/* Answers a failed upload: JSON for the editor's fetch, a page for the plain form. */
static void refuse(struct admin *ad, bool json, int status, const char *title, const char *why)
{
	if (!json) {
		admin_message(ad, status, title, why);
		return;
	}
	json_t *doc = json_object();
	json_object_set_new(doc, "error", json_string(why));
	page_json(ad->p, status, doc);
	http_resp_header(ad->p->resp, "Cache-Control", "no-store");
}

static bool wants_json(struct admin *ad)
{
	const char *acc = http_header(ad->p->req, "Accept");
	return acc && strstr(acc, "application/json");
}

/* The uploader's file name without any folder part, cleaned; "" when it is not valid text. */
static const char *display_name(struct admin *ad, const char *filename)
{
	const char *base = filename ? filename : "";
	for (const char *c = base; *c; c++)
		if (*c == '/' || *c == '\\')
			base = c + 1;
	struct buf visible = BUF_INIT;
	const char *clean = NULL;
	if (media_clean_name(base, &visible) == 0)
		clean = admin_clean(ad, buf_cstr(&visible), 200);
	buf_free(&visible);
	return clean ? clean : "";
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
	return o;
}

/* Maps media_save's failures to a status and a Vietnamese reason. */
static void refuse_saved(struct admin *ad, bool json, enum media_rc rc)
{
	if (rc == MEDIA_BAD_TYPE)
		refuse(ad, json, 415, "Loại tệp không được nhận",
		       "Chỉ nhận ảnh JPEG, PNG, GIF hoặc WebP (xét theo nội dung tệp, không theo "
		       "tên tệp).");
	else if (rc == MEDIA_UNDECODABLE)
		refuse(ad, json, 422, "Không đọc được ảnh",
		       "Tệp ảnh bị hỏng hoặc không đọc được. Hãy thử một tệp khác.");
	else if (rc == MEDIA_TOO_MANY_PX)
		refuse(ad, json, 422, "Ảnh quá lớn",
		       "Ảnh quá lớn (tối đa 64 triệu điểm ảnh, mỗi chiều tối đa 16.384 điểm). Hãy "
		       "thu nhỏ ảnh rồi thử lại.");
	else
		refuse(ad, json, 500, "Lỗi máy chủ", "Không lưu được ảnh. Hãy thử lại sau.");
}

static void upload(struct admin *ad)
{
	struct page *p = ad->p;
	bool json = wants_json(ad);
	const char *dir = site_media_dir(p->site);
	if (!dir) {
		refuse(ad, json, 503, "Chưa bật tải ảnh lên",
		       "Máy chủ chưa có thư mục lưu ảnh (gazette serve --media THƯ_MỤC).");
		return;
	}
	const struct http_part *f = http_multipart_file(&ad->mp, "file");
	if (!f || f->len == 0) {
		refuse(ad, json, 422, "Chưa chọn tệp", "Hãy chọn một tệp ảnh để tải lên.");
		return;
	}
	if (f->len > site_max_upload(p->site)) {
		refuse(ad, json, 413, "Ảnh quá lớn", site_upload_too_large(p));
		return;
	}
	struct media_saved saved;
	enum media_rc mrc = media_save(p->a, dir, f->data, f->len, (int64_t)time(NULL), &saved);
	if (mrc != MEDIA_OK) {
		refuse_saved(ad, json, mrc);
		return;
	}
	struct media m = {.file = saved.file,
			  .thumb = saved.thumb,
			  .name = display_name(ad, f->filename),
			  .mime = saved.mime,
			  .bytes = saved.bytes,
			  .width = saved.width,
			  .height = saved.height,
			  .user_id = ad->user.id};
	enum store_rc rc = store_media_add(p->st, &m, &m.id);
	if (rc != STORE_OK) {
		media_remove(p->a, dir, &saved);
		page_error(p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "media.upload", arena_printf(p->a, "media:%lld", (long long)m.id),
		 arena_printf(p->a, "%s (%s, %lldx%lld)", m.name, m.mime, (long long)m.width,
			      (long long)m.height));
	if (!json) {
		admin_redirect(ad, "/admin/media?ok=media");
		return;
	}
	page_json(p, 201, media_json(p->a, &m));
	http_resp_header(p->resp, "Cache-Control", "no-store");
}

/* A page of the library, newest first; returns false (having answered) on failure. */
static bool load_page(struct admin *ad, int64_t per, struct media **m, size_t *n, int64_t *total,
		      int *page)
{
	struct page *p = ad->p;
	*page = http_parse_page(http_query(p->req, "page"));
	if (*page < 0) {
		page_error(p, 400);
		return false;
	}
	enum store_rc rc =
	    store_media_list(p->st, p->a, (int64_t)(*page - 1) * per, per, m, n, total);
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
	if (!load_page(ad, MEDIA_PER_PAGE, &m, &n, &total, &page))
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

static void list_page(struct admin *ad)
{
	struct page *p = ad->p;
	struct media *m;
	size_t n;
	int64_t total = 0;
	int page;
	if (!load_page(ad, MEDIA_PER_PAGE, &m, &n, &total, &page))
		return;
	struct tv *list = tv_list(ad->ctx, "items");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_str(it, "url", arena_printf(p->a, "/media/%s", m[i].file));
		tv_str(it, "thumb_url",
		       arena_printf(p->a, "/media/%s", *m[i].thumb ? m[i].thumb : m[i].file));
		tv_str(it, "name", *m[i].name ? m[i].name : "(không tên)");
		tv_int(it, "width", m[i].width);
		tv_int(it, "height", m[i].height);
		tv_str(it, "size",
		       arena_printf(p->a, "%lld KB", (long long)(m[i].bytes + 1023) / 1024));
		tv_str(it, "user", *m[i].user_name ? m[i].user_name : "—");
		tv_str(it, "when", page_datetime(p, m[i].created_at));
	}
	tv_bool(ad->ctx, "has_items", n > 0);
	tv_bool(ad->ctx, "uploads_on", site_media_dir(p->site) != NULL);
	tv_int(ad->ctx, "total", total);
	if ((int64_t)(page - 1) * MEDIA_PER_PAGE + (int64_t)n < total)
		tv_str(ad->ctx, "next", arena_printf(p->a, "/admin/media?page=%d", page + 1));
	if (page > 1)
		tv_str(ad->ctx, "prev", arena_printf(p->a, "/admin/media?page=%d", page - 1));
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
