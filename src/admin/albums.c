/* The newsroom's photo albums (admin): built from images of the media library, with captions; the
 * first photo is the cover. */
#include "admin/admin-int.h"

#include <stdlib.h>
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

/* A photo from FILE (an image of the library, as "/media/..." or its stored name) and a caption;
 * NULL, or why it is refused. */
static const char *photo_of(struct admin *ad, const char *file, const char *cap,
			    struct album_photo *ph)
{
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

/* One line "FILE | caption" of the photos' textarea. */
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
	return photo_of(ad, arena_strndup(ad->p->a, line, flen), cap, ph);
}

/* Appends the photos of a textarea (a line each, blank lines skipped) to al; NULL or why not. */
static const char *read_lines(struct admin *ad, const char *text, struct album *al)
{
	while (*text) {
		const char *eol = strchr(text, '\n');
		size_t len = eol ? (size_t)(eol - text) : strlen(text);
		if (strspn(text, " \r") < len) {
			if (al->nphotos == PHOTOS_MAX)
				return "Một album có tối đa 500 ảnh.";
			const char *why = read_photo(ad, text, len, &al->photos[al->nphotos]);
			if (why)
				return why;
			al->nphotos++;
		}
		text += len + (eol ? 1 : 0);
	}
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
	al.photos = arena_alloc(ad->p->a, PHOTOS_MAX * sizeof *al.photos);
	const char *why = read_lines(ad, admin_field(ad, "photos"), &al);
	if (why) {
		albums_page(ad, 422, why);
		return;
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

/* --- one album: captions, order, removal, more photos ----------------------------------------- */

/* The edit page of album id, showing the photos of al (the stored ones, or the form's when it
 * comes back with an error, typed text kept). */
static void album_page(struct admin *ad, int status, const struct album *al, const int64_t *order,
		       const char *error)
{
	tv_int(ad->ctx, "id", al->id);
	tv_str(ad->ctx, "album_title", al->title);
	tv_int(ad->ctx, "count", (int64_t)al->nphotos);
	struct tv *list = tv_list(ad->ctx, "photos");
	for (size_t i = 0; i < al->nphotos; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "i", (int64_t)i);
		tv_int(it, "n", (int64_t)i + 1);
		tv_str(it, "file", arena_printf(ad->p->a, "/media/%s", al->photos[i].file));
		tv_str(it, "thumb", arena_printf(ad->p->a, "/media/%s", al->photos[i].thumb));
		tv_str(it, "caption", al->photos[i].caption);
		tv_int(it, "order", order ? order[i] : (int64_t)i + 1);
	}
	tv_str(ad->ctx, "add", admin_field(ad, "add"));
	if (error)
		tv_str(ad->ctx, "error", error);
	const char *ok = http_query(ad->p->req, "ok");
	if (ok && *ok)
		tv_str(ad->ctx, "flash", "Đã lưu album.");
	tv_str(ad->ctx, "title", arena_printf(ad->p->a, "Album %s", al->title));
	admin_render(ad, status, "admin_album");
}

struct kept {
	struct album_photo ph;
	int64_t order;
	size_t at;
};

static int by_order(const void *x, const void *y)
{
	const struct kept *a = x, *b = y;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

/* The album as the form leaves it: the kept photos (captions edited) in the order given, then the
 * added lines. NULL, or why it is refused (*back then holds what to show again). */
static const char *album_from_form(struct admin *ad, struct album *al, struct album *back,
				   int64_t **order)
{
	struct arena *a = ad->p->a;
	char *end;
	long long count = strtoll(admin_field(ad, "count"), &end, 10);
	if (*end || count < 0 || count > PHOTOS_MAX)
		return "Biểu mẫu không hợp lệ, hãy tải lại trang.";
	struct kept *k = arena_alloc(a, ((size_t)count + 1) * sizeof *k);
	back->photos = arena_alloc(a, ((size_t)count + 1) * sizeof *back->photos);
	*order = arena_alloc(a, ((size_t)count + 1) * sizeof **order);
	size_t nk = 0;
	const char *why = NULL;
	for (size_t i = 0; i < (size_t)count; i++) {
		const char *file = admin_field(ad, arena_printf(a, "file_%zu", i));
		const char *cap = admin_field(ad, arena_printf(a, "caption_%zu", i));
		const char *ord = admin_field(ad, arena_printf(a, "order_%zu", i));
		long long o = *ord ? strtoll(ord, &end, 10) : (long long)i + 1;
		if (*ord && (*end || o < -100000 || o > 100000) && !why)
			why = "Thứ tự phải là một số nguyên.";
		back->photos[i] =
		    (struct album_photo){file + (strncmp(file, "/media/", 7) ? 0 : 7), "", cap};
		(*order)[i] = o;
		if (*admin_field(ad, arena_printf(a, "remove_%zu", i)))
			continue;
		const char *bad = photo_of(ad, file, cap, &k[nk].ph);
		why = why ? why : bad;
		k[nk].order = o;
		k[nk].at = i;
		nk++;
	}
	back->nphotos = (size_t)count;
	for (size_t i = 0; i < back->nphotos; i++)
		back->photos[i].thumb =
		    back->photos[i].file; /* shown small; the real one if valid */
	if (why)
		return why;
	qsort(k, nk, sizeof *k, by_order);
	al->photos = arena_alloc(a, PHOTOS_MAX * sizeof *al->photos);
	for (size_t i = 0; i < nk; i++)
		al->photos[al->nphotos++] = k[i].ph;
	why = read_lines(ad, admin_field(ad, "add"), al);
	if (!why && al->nphotos == 0)
		why = "Album phải còn ít nhất một ảnh.";
	return why;
}

static void album_save(struct admin *ad, const struct album *old)
{
	struct album al = {.id = old->id, .created_at = old->created_at};
	struct album back = {.id = old->id, .title = admin_field(ad, "title")};
	int64_t *order = NULL;
	al.title = admin_clean(ad, admin_field(ad, "title"), TITLE_MAX_CP);
	const char *why = album_from_form(ad, &al, &back, &order);
	if (!why && (!al.title || !*al.title))
		why = "Tên album không được để trống và không dài quá 200 ký tự.";
	if (why) {
		album_page(ad, 422, &back, order, why);
		return;
	}
	al.cover = al.photos[0].thumb;
	enum store_rc rc = store_album_update(ad->p->st, &al);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "album.update", arena_printf(ad->p->a, "album:%lld", (long long)al.id),
		 arena_printf(ad->p->a, "%s (%zu ảnh)", al.title, al.nphotos));
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
	admin_redirect(ad, arena_printf(ad->p->a, "/admin/albums/%lld?ok=1", (long long)al.id));
}

void admin_h_album(void *ctx)
{
	struct admin *ad = ctx;
	struct album al;
	enum store_rc rc =
	    store_album(ad->p->st, ad->p->a, http_route_param_id(&ad->p->match, "id"), &al);
	if (rc == STORE_NOTFOUND) {
		admin_message(ad, 404, "Không tìm thấy", "Không có album này.");
		return;
	}
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	if (ad->p->req->method == HTTP_POST)
		album_save(ad, &al);
	else
		album_page(ad, 200, &al, NULL, NULL);
}
