/* The media library's operations, shared by the newsroom's screen and the API. */
#include "admin/media_ops.h"

#include <string.h>
#include <time.h>

#include "core/log.h"
#include "docs/extract.h"
#include "media/media.h"
#include "media/thumb.h"
#include "site/mediacache.h"
#include "vi/vi.h"

static const struct nr_media_refusal refusals[NR_MEDIA_RC_MAX] = {
    [NR_MEDIA_OK] = {200, "ok", "Xong", "Xong."},
    [NR_MEDIA_OFF] = {503, "uploads_off", "Chưa bật tải ảnh lên",
		      "Máy chủ chưa có thư mục lưu ảnh (gazette serve --media THƯ_MỤC)."},
    [NR_MEDIA_NO_FILE] = {422, "no_file", "Chưa chọn tệp", "Hãy chọn một tệp ảnh để tải lên."},
    [NR_MEDIA_TOO_LARGE] =
	{413, "payload_too_large", "Ảnh quá lớn",
	 "Ảnh quá lớn: tối đa 30 MB."}, /* the text follows the limit: see below */
    [NR_MEDIA_BAD_TYPE] = {415, "unsupported_media_type", "Loại tệp không được nhận",
			   "Chỉ nhận ảnh JPEG, PNG, GIF hoặc WebP (xét theo nội dung tệp, không "
			   "theo tên tệp)."},
    [NR_MEDIA_UNDECODABLE] = {422, "undecodable", "Không đọc được ảnh",
			      "Tệp ảnh bị hỏng hoặc không đọc được. Hãy thử một tệp khác."},
    [NR_MEDIA_TOO_MANY_PX] = {422, "too_many_pixels", "Ảnh quá lớn",
			      "Ảnh quá lớn (tối đa 64 triệu điểm ảnh, mỗi chiều tối đa 16.384 "
			      "điểm). Hãy thu nhỏ ảnh rồi thử lại."},
    [NR_MEDIA_INVALID] = {422, "invalid", "Dữ liệu không hợp lệ",
			  "Tên tối đa 200 ký tự, mô tả (alt) tối đa 300 ký tự, chú thích tối đa "
			  "1.000 ký tự, và phải là văn bản UTF-8."},
    [NR_MEDIA_NOTFOUND] = {404, "not_found", "Không tìm thấy", "Không có ảnh này trong thư viện."},
    [NR_MEDIA_FORBIDDEN] = {403, "forbidden", "Không được phép",
			    "Chỉ người đã tải ảnh lên hoặc biên tập viên trở lên được sửa hoặc "
			    "xóa ảnh này."},
    [NR_MEDIA_IN_USE] = {409, "in_use", "Ảnh đang được dùng",
			 "Không xóa được: ảnh đang được dùng. Hãy bỏ ảnh khỏi những nơi dưới "
			 "đây trước."},
    [NR_MEDIA_UNAVAILABLE] = {503, "unavailable", "Tạm thời không truy cập được",
			      "Cơ sở dữ liệu tạm thời không truy cập được, xin thử lại sau ít "
			      "phút."},
    [NR_MEDIA_ERROR] = {500, "internal", "Lỗi máy chủ", "Không lưu được ảnh. Hãy thử lại sau."},
};

const struct nr_media_refusal *nr_media_refusal(enum nr_media_rc rc)
{
	return &refusals[(unsigned)rc < NR_MEDIA_RC_MAX ? rc : NR_MEDIA_ERROR];
}

static enum nr_media_rc of_store(enum store_rc rc)
{
	switch (rc) {
	case STORE_OK:
		return NR_MEDIA_OK;
	case STORE_NOTFOUND:
		return NR_MEDIA_NOTFOUND;
	case STORE_UNAVAILABLE:
		return NR_MEDIA_UNAVAILABLE;
	default:
		return NR_MEDIA_ERROR;
	}
}

static enum nr_media_rc of_media(enum media_rc rc)
{
	switch (rc) {
	case MEDIA_OK:
		return NR_MEDIA_OK;
	case MEDIA_BAD_TYPE:
		return NR_MEDIA_BAD_TYPE;
	case MEDIA_UNDECODABLE:
		return NR_MEDIA_UNDECODABLE;
	case MEDIA_TOO_MANY_PX:
		return NR_MEDIA_TOO_MANY_PX;
	default:
		return NR_MEDIA_ERROR;
	}
}

static size_t code_points(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* s cleaned: valid UTF-8 without controls or invisible formatting, NFC, trimmed, at most max code
 * points; NULL stays NULL. Returns false when s cannot be accepted. */
static bool clean_text(struct arena *a, const char *s, size_t max, const char **out)
{
	*out = NULL;
	if (!s)
		return true;
	struct buf visible = BUF_INIT, nfc = BUF_INIT;
	bool ok = media_clean_name(s, &visible) == 0 &&
		  vi_nfc(buf_cstr(&visible), visible.len, &nfc) == 0;
	if (ok) {
		const char *t = buf_cstr(&nfc);
		size_t len = strlen(t);
		while (len && strchr(" \t", t[len - 1]))
			len--;
		while (len && strchr(" \t", *t))
			t++, len--;
		*out = arena_strndup(a, t, len);
		ok = code_points(*out) <= max;
	}
	buf_free(&visible);
	buf_free(&nfc);
	return ok;
}

static bool clean_all(struct arena *a, const struct nr_media_text *in, struct nr_media_text *out)
{
	return clean_text(a, in->name, NR_MEDIA_NAME_MAX, &out->name) &&
	       clean_text(a, in->alt, NR_MEDIA_ALT_MAX, &out->alt) &&
	       clean_text(a, in->caption, NR_MEDIA_CAPTION_MAX, &out->caption);
}

/* The uploader's file name without any folder part, cleaned; "" when it is not valid text. */
static const char *base_name(struct arena *a, const char *filename)
{
	const char *base = filename ? filename : "";
	for (const char *c = base; *c; c++)
		if (*c == '/' || *c == '\\')
			base = c + 1;
	const char *clean;
	return clean_text(a, base, NR_MEDIA_NAME_MAX, &clean) && clean ? clean : "";
}

/* The type by the file's signature (media_sniff) and libmagic's verdict agree on one of the
 * accepted images; libmagic unable to tell leaves the signature and the decoder to decide. */
static bool types_agree(const void *data, size_t len)
{
	const char *mime, *ext;
	if (media_sniff(data, len, &mime, &ext) != MEDIA_OK)
		return false;
	char magic[64];
	doc_magic_type(data, len, magic, sizeof magic);
	if (*magic && strcmp(magic, mime) != 0) {
		log_info("media: refused an upload: its signature says %s, libmagic %s", mime,
			 magic);
		return false;
	}
	return true;
}

enum nr_media_rc nr_media_upload(struct nr_ctx *ctx, const char *dir, size_t max_bytes,
				 const char *filename, const void *data, size_t len,
				 const struct nr_media_text *t, struct media *out)
{
	struct nr_media_text text;
	if (!dir)
		return NR_MEDIA_OFF;
	if (!data || len == 0)
		return NR_MEDIA_NO_FILE;
	if (len > max_bytes)
		return NR_MEDIA_TOO_LARGE;
	if (!clean_all(ctx->a, t, &text))
		return NR_MEDIA_INVALID;
	if (!types_agree(data, len))
		return NR_MEDIA_BAD_TYPE;
	struct media_saved saved;
	enum media_rc mrc = media_save(ctx->a, dir, data, len, (int64_t)time(NULL), &saved);
	if (mrc != MEDIA_OK)
		return of_media(mrc);
	/* With PostgreSQL both files go into the database before the row that shows them, so that
	 * every node can serve them as soon as the row is there. */
	if (mcache_put(ctx->st, ctx->a, dir, saved.file, saved.mime, true) != 0 ||
	    mcache_put(ctx->st, ctx->a, dir, saved.thumb, media_type_of(saved.thumb), true) != 0) {
		mcache_forget(ctx->st, ctx->a, NULL, saved.file);
		mcache_forget(ctx->st, ctx->a, NULL, saved.thumb);
		media_remove(ctx->a, dir, &saved);
		return NR_MEDIA_UNAVAILABLE;
	}
	*out = (struct media){.file = saved.file,
			      .thumb = saved.thumb,
			      .name =
				  text.name && *text.name ? text.name : base_name(ctx->a, filename),
			      .mime = saved.mime,
			      .bytes = saved.bytes,
			      .width = saved.width,
			      .height = saved.height,
			      .user_id = ctx->user->id,
			      .user_name = ctx->user->name,
			      .alt = text.alt ? text.alt : "",
			      .caption = text.caption ? text.caption : ""};
	struct store *tx = NULL;
	enum store_rc rc = store_begin(ctx->st, &tx); /* the row and its text: all or nothing */
	if (rc == STORE_OK)
		rc = store_media_add(tx, out, &out->id);
	if (rc == STORE_OK && (*out->alt || *out->caption))
		rc = store_media_describe(tx, out->id, NULL, out->alt, out->caption);
	if (tx)
		rc = rc == STORE_OK ? store_commit(tx) : (store_rollback(tx), rc);
	if (rc != STORE_OK) {
		mcache_forget(ctx->st, ctx->a, NULL, saved.file);
		mcache_forget(ctx->st, ctx->a, NULL, saved.thumb);
		media_remove(ctx->a, dir, &saved);
		return of_store(rc);
	}
	out->created_at = (int64_t)time(NULL);
	nr_audit(ctx, "media.upload", arena_printf(ctx->a, "media:%lld", (long long)out->id),
		 arena_printf(ctx->a, "%s (%s, %lldx%lld)", out->name, out->mime,
			      (long long)out->width, (long long)out->height));
	return NR_MEDIA_OK;
}

bool nr_media_may_change(const struct nr_ctx *ctx, const struct media *m)
{
	return role_of_user(ctx->user) >= ROLE_EDITOR ||
	       (m->user_id && m->user_id == ctx->user->id);
}

/* Loads media id and checks that the user may change it. */
static enum nr_media_rc load_own(struct nr_ctx *ctx, int64_t id, struct media *m)
{
	enum nr_media_rc r = of_store(store_media_by_id(ctx->st, ctx->a, id, m));
	if (r == NR_MEDIA_OK && !nr_media_may_change(ctx, m))
		r = NR_MEDIA_FORBIDDEN;
	return r;
}

enum nr_media_rc nr_media_describe(struct nr_ctx *ctx, int64_t id, const struct nr_media_text *t)
{
	struct media m;
	struct nr_media_text text;
	enum nr_media_rc r = load_own(ctx, id, &m);
	if (r != NR_MEDIA_OK)
		return r;
	if (!clean_all(ctx->a, t, &text) || (text.name && !*text.name))
		return NR_MEDIA_INVALID;
	r = of_store(store_media_describe(ctx->st, id, text.name, text.alt, text.caption));
	if (r == NR_MEDIA_OK)
		nr_audit(ctx, "media.describe", arena_printf(ctx->a, "media:%lld", (long long)id),
			 text.name ? text.name : m.name);
	return r;
}

static void forget_one(const char *rel, void *cls)
{
	struct nr_ctx *ctx = cls;
	mcache_forget(ctx->st, ctx->a, NULL, rel);
}

/* With PostgreSQL: the files of a deleted media, its thumbnails included, out of the database
 * (the row is gone already, so no node serves them any more). */
static void forget_stored(struct nr_ctx *ctx, const char *file, const char *thumb)
{
	if (!store_media_blobs(ctx->st))
		return;
	mcache_forget(ctx->st, ctx->a, NULL, file);
	if (thumb && *thumb)
		mcache_forget(ctx->st, ctx->a, NULL, thumb);
	media_thumbs_each(ctx->a, file, forget_one, ctx);
}

enum nr_media_rc nr_media_delete(struct nr_ctx *ctx, const char *dir, int64_t id,
				 struct media_use **uses, size_t *nuses)
{
	struct media m;
	struct media_use *u = NULL;
	size_t n = 0;
	enum nr_media_rc r = load_own(ctx, id, &m);
	if (r == NR_MEDIA_OK)
		r = of_store(store_media_uses(ctx->st, ctx->a, m.file, &u, &n));
	if (uses) {
		*uses = u;
		*nuses = n;
	}
	if (r != NR_MEDIA_OK)
		return r;
	if (n > 0)
		return NR_MEDIA_IN_USE;
	r = of_store(store_media_delete(ctx->st, id));
	if (r != NR_MEDIA_OK)
		return r;
	if (dir) {
		struct media_saved files = {.file = m.file, .thumb = *m.thumb ? m.thumb : NULL};
		media_remove(ctx->a, dir, &files);
		media_thumbs_remove(ctx->a, dir, m.file);
	}
	forget_stored(ctx, m.file, m.thumb);
	nr_audit(ctx, "media.delete", arena_printf(ctx->a, "media:%lld", (long long)id),
		 arena_printf(ctx->a, "%s (%s)", m.name, m.file));
	if (ctx->changed)
		ctx->changed(ctx->changed_cls);
	return NR_MEDIA_OK;
}

void nr_media_uses_redact(struct nr_ctx *ctx, struct media_use *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(u[i].kind, "article") != 0 && strcmp(u[i].kind, "featured") != 0)
			continue;
		struct article a;
		struct buf why = BUF_INIT;
		memset(&a, 0, sizeof a);
		enum nr_result r = nr_get(ctx, u[i].id, &a, &why);
		buf_free(&why);
		if (r != NR_OK && !(r == NR_FORBIDDEN && a.status == ARTICLE_PUBLISHED))
			u[i].title = "(một bài viết bạn không được xem)";
	}
}

static const struct {
	const char *kind, *label, *url; /* url: a printf pattern of the id, or a fixed path */
	bool with_id;
} kinds[] = {
    {"article", "Nội dung bài viết", "/admin/articles/%lld", true},
    {"featured", "Ảnh đại diện bài viết", "/admin/articles/%lld", true},
    {"page", "Trang tĩnh", "/admin/pages/%lld", true},
    {"album", "Album ảnh", "/admin/albums", false},
    {"banner", "Banner, liên kết", "/admin/banners/%lld", true},
    {"video", "Ảnh bìa video", "/admin/videos", false},
    {"person", "Ảnh cán bộ", "/admin/people/%lld", true},
    {"layout", "Khối bố cục trang", "/admin/layout", false},
    {"setting", "Cài đặt trang", "/admin/settings", false},
};

static int kind_index(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return (int)i;
	return -1;
}

const char *nr_media_use_label(const struct media_use *u)
{
	int i = kind_index(u->kind);
	return i < 0 ? u->kind : kinds[i].label;
}

const char *nr_media_use_url(struct arena *a, const struct media_use *u)
{
	int i = kind_index(u->kind);
	if (i < 0)
		return "";
	return kinds[i].with_id ? arena_printf(a, kinds[i].url, (long long)u->id) : kinds[i].url;
}
