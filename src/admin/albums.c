/* The newsroom's photo albums (admin): built from images of the media library, with captions; the
 * first photo is the cover. */
#include "admin/admin-int.h"

#include <string.h>
#include <time.h>

#include "store/widgets.h"

#define TITLE_MAX_CP 200
#define CAPTION_MAX_CP 500
#define PHOTOS_MAX 500

static void albums_page(struct admin *ad, int status, const char *error)
{
	struct album *al;
	size_t n;
	enum store_rc rc = store_albums(ad->p->st, ad->p->a, &al, &n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(ad->ctx, "albums");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", al[i].id);
		tv_str(it, "title", al[i].title);
	}
	tv_bool(ad->ctx, "has_albums", n > 0);
	if (error)
		tv_str(ad->ctx, "error", error);
	const char *ok = http_query(ad->p->req, "ok");
	if (ok && *ok)
		tv_str(ad->ctx, "flash", "Đã lưu.");
	tv_str(ad->ctx, "title", "Thư viện ảnh");
	admin_render(ad, status, "admin_albums");
}

/* One line "FILE | caption": FILE an image of the library, as "/media/..." or its stored name. */
static const char *read_photo(struct admin *ad, const char *line, size_t len,
			      struct album_photo *ph)
{
	const char *bar = memchr(line, '|', len);
	const char *cap =
	    bar ? arena_strndup(ad->p->a, bar + 1, len - (size_t)(bar + 1 - line)) : "";
	size_t flen = bar ? (size_t)(bar - line) : len;
	while (flen && *line == ' ') {
		line++;
		flen--;
	}
	while (flen && (line[flen - 1] == ' ' || line[flen - 1] == '\r'))
		flen--;
	const char *file = arena_strndup(ad->p->a, line, flen);
	if (strncmp(file, "/media/", 7) == 0)
		file += 7;
	struct media m;
	if (!*file || store_media_get(ad->p->st, ad->p->a, file, &m) != STORE_OK ||
	    strcmp(m.file, file) != 0 || strncmp(m.mime, "image/", 6) != 0)
		return arena_printf(ad->p->a, "“%s” không phải ảnh trong thư viện.", file);
	cap = admin_clean(ad, cap, CAPTION_MAX_CP);
	if (!cap)
		return "Chú thích không dài quá 500 ký tự.";
	ph->file = m.file;
	ph->thumb = *m.thumb ? m.thumb : m.file;
	ph->caption = cap;
	return NULL;
}

void admin_h_albums(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method != HTTP_POST) {
		albums_page(ad, 200, NULL);
		return;
	}
	struct album al = {.created_at = (int64_t)time(NULL)};
	al.title = admin_clean(ad, admin_field(ad, "title"), TITLE_MAX_CP);
	if (!al.title || !*al.title) {
		albums_page(ad, 422, "Tên album không được để trống và không dài quá 200 ký tự.");
		return;
	}
	const char *text = admin_field(ad, "photos");
	al.photos = arena_alloc(ad->p->a, PHOTOS_MAX * sizeof *al.photos);
	while (*text) {
		const char *eol = strchr(text, '\n');
		size_t len = eol ? (size_t)(eol - text) : strlen(text);
		bool blank = strspn(text, " \r") >= len;
		if (!blank) {
			if (al.nphotos == PHOTOS_MAX) {
				albums_page(ad, 422, "Một album có tối đa 500 ảnh.");
				return;
			}
			const char *why = read_photo(ad, text, len, &al.photos[al.nphotos]);
			if (why) {
				albums_page(ad, 422, why);
				return;
			}
			al.nphotos++;
		}
		text += len + (eol ? 1 : 0);
	}
	if (al.nphotos == 0) {
		albums_page(ad, 422, "Hãy thêm ít nhất một ảnh (mỗi dòng một ảnh).");
		return;
	}
	al.cover = al.photos[0].thumb;
	int64_t id = 0;
	enum store_rc rc = store_album_add(ad->p->st, &al, &id);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "album.create", arena_printf(ad->p->a, "album:%lld", (long long)id),
		 arena_printf(ad->p->a, "%s (%zu ảnh)", al.title, al.nphotos));
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
	admin_redirect(ad, "/admin/albums?ok=1");
}

void admin_h_album_delete(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	enum store_rc rc = store_album_delete(ad->p->st, id);
	if (rc == STORE_NOTFOUND) {
		admin_message(ad, 404, "Không tìm thấy", "Không có album này.");
		return;
	}
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "album.delete", arena_printf(ad->p->a, "album:%lld", (long long)id), "");
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
	admin_redirect(ad, "/admin/albums?ok=1");
}
