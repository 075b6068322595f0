/* The newsroom's videos (admin): MP4 or WebM uploads checked by content (served from /media/ with
 * range requests), or an embed of a player the sanitiser allows; a poster from the media library.
 */
#include "admin/admin-int.h"

#include <string.h>
#include <time.h>

#include "media/video.h"
#include "sanitize/sanitize.h"
#include "site/mediacache.h"
#include "store/widgets.h"

#define TITLE_MAX_CP 200

static void videos_page(struct admin *ad, int status, const char *error)
{
	struct video *v;
	size_t n;
	enum store_rc rc = store_videos(ad->p->st, ad->p->a, &v, &n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(ad->ctx, "videos");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", v[i].id);
		tv_str(it, "title", v[i].title);
		tv_str(it, "source", *v[i].file ? v[i].file : v[i].embed);
	}
	tv_bool(ad->ctx, "has_videos", n > 0);
	if (error)
		tv_str(ad->ctx, "error", error);
	const char *ok = http_query(ad->p->req, "ok");
	if (ok && *ok)
		tv_str(ad->ctx, "flash", "Đã lưu.");
	tv_str(ad->ctx, "title", "Video");
	admin_render(ad, status, "admin_videos");
}

/* A player URL is accepted when the sanitiser keeps it as an iframe's source. */
static bool embed_ok(struct admin *ad, const char *url)
{
	const char *html = arena_printf(ad->p->a, "<iframe src=\"%s\"></iframe>", url);
	struct safe_html *h = NULL;
	if (strchr(url, '"') || sanitize_html(html, strlen(html), &h) != 0 || !h)
		return false;
	bool kept = strstr(safe_html_str(h), "<iframe") != NULL;
	safe_html_free(h);
	return kept;
}

static void add_video(struct admin *ad)
{
	struct page *p = ad->p;
	struct video v = {.created_at = (int64_t)time(NULL), .file = "", .mime = "", .embed = ""};
	v.title = admin_clean(ad, admin_field(ad, "title"), TITLE_MAX_CP);
	if (!v.title || !*v.title) {
		videos_page(ad, 422, "Tiêu đề không được để trống và không dài quá 200 ký tự.");
		return;
	}
	v.poster = admin_field(ad, "poster");
	if (*v.poster && (strncmp(v.poster, "/media/", 7) != 0 || strpbrk(v.poster, "\"'<> \\"))) {
		videos_page(ad, 422, "Ảnh đại diện phải là một ảnh trong thư viện (/media/...).");
		return;
	}
	const char *embed = admin_field(ad, "embed");
	const struct http_part *f = http_multipart_file(&ad->mp, "file");
	bool upload = f && f->len > 0;
	if (upload == (*embed != '\0')) {
		videos_page(ad, 422,
			    "Hãy tải lên một tệp MP4/WebM hoặc nhập địa chỉ nhúng, không cả "
			    "hai.");
		return;
	}
	if (*embed && !embed_ok(ad, embed)) {
		videos_page(ad, 422,
			    "Chỉ nhúng được trình phát YouTube (https://www.youtube.com/embed/...) "
			    "hoặc Vimeo (https://player.vimeo.com/video/...).");
		return;
	}
	v.embed = embed;
	const char *dir = site_media_dir(p->site);
	if (upload) {
		if (!dir) {
			videos_page(ad, 503, "Máy chủ chưa có thư mục lưu tệp (--media).");
			return;
		}
		int r = video_save(p->a, dir, f->data, f->len, v.created_at, &v.file, &v.mime);
		if (r != 0) {
			videos_page(ad, r > 0 ? 415 : 500,
				    r > 0 ? "Tệp không phải video MP4 hoặc WebM (kiểm tra theo nội "
					    "dung, không theo tên)."
					  : "Không ghi được tệp vào thư mục lưu trữ.");
			return;
		}
		if (mcache_put(p->st, p->a, dir, v.file, v.mime, true) != 0) {
			videos_page(ad, 503,
				    "Không lưu được tệp vào cơ sở dữ liệu. Hãy thử lại sau.");
			return;
		}
		struct media m = {.file = v.file,
				  .thumb = "",
				  .name = v.title,
				  .mime = v.mime,
				  .bytes = (int64_t)f->len,
				  .user_id = ad->user.id};
		enum store_rc rc = store_media_add(p->st, &m, &m.id);
		if (rc != STORE_OK) {
			page_error(p, page_status_of(rc));
			return;
		}
	}
	enum store_rc rc = store_video_add(p->st, &v);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "video.add", upload ? v.file : v.embed, v.title);
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
	admin_redirect(ad, "/admin/videos?ok=1");
}

void admin_h_videos(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST)
		add_video(ad);
	else
		videos_page(ad, 200, NULL);
}

void admin_h_video_delete(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	enum store_rc rc = store_video_delete(ad->p->st, id);
	if (rc == STORE_NOTFOUND) {
		admin_message(ad, 404, "Không tìm thấy", "Không có video này.");
		return;
	}
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "video.delete", arena_printf(ad->p->a, "video:%lld", (long long)id), "");
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
	admin_redirect(ad, "/admin/videos?ok=1");
}
