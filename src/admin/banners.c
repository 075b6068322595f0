/* The newsroom's banners and website links (admin): list, create, edit, delete, with their click
 * counts. /r/{id} only ever goes to a URL checked here. Every write is audited. */
#include "admin/admin-int.h"

#include <stdlib.h>
#include <string.h>

#include "store/widgets.h"

#define TITLE_MAX_CP 200
#define URL_MAX 2000

static const char *const kinds[][2] = {{"banner", "Quảng cáo / banner"},
				       {"link", "Liên kết website"}};
static const char *const places[][2] = {{"right", "Cột phải"},
					{"header", "Đầu trang"},
					{"footer", "Chân trang"},
					{"between", "Giữa các khối trang chủ"},
					{"links", "Danh sách liên kết"}};
static const char *const rels[][2] = {{"", "(không)"},
				      {"sponsored", "sponsored"},
				      {"nofollow", "nofollow"},
				      {"sponsored nofollow", "sponsored nofollow"}};

static void changed(struct admin *ad)
{
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
}

/* An absolute http(s) URL with a host, or a local path ("/..." but not "//"): visible ASCII without
 * quotes, angle brackets, backslashes or blanks. */
static bool url_ok(const char *u, bool allow_empty)
{
	if (!*u)
		return allow_empty;
	size_t n = strlen(u);
	if (n > URL_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)u[i];
		if (c <= 0x20 || c >= 0x7f || strchr("\"'<>\\`", c))
			return false;
	}
	if (u[0] == '/')
		return u[1] != '/';
	const char *host = strncmp(u, "https://", 8) == 0  ? u + 8
			   : strncmp(u, "http://", 7) == 0 ? u + 7
							   : NULL;
	return host && *host && *host != '/' && *host != '@' && !strchr(host, '@');
}

static void options(struct tv *o, const char *key, const char *const (*rows)[2], size_t n,
		    const char *current)
{
	struct tv *list = tv_list(o, key);
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_str(it, "value", rows[i][0]);
		tv_str(it, "label", rows[i][1]);
		tv_bool(it, "selected", current && strcmp(current, rows[i][0]) == 0);
	}
}

static void fill_banner(struct admin *ad, struct tv *o, const struct banner *b)
{
	tv_int(o, "id", b->id);
	tv_str(o, "title", b->title);
	tv_str(o, "url", b->url);
	tv_str(o, "image", b->image);
	tv_str(o, "starts", admin_local_input(ad, b->starts_at));
	tv_str(o, "ends", admin_local_input(ad, b->ends_at));
	tv_int(o, "sort", b->sort);
	tv_int(o, "clicks", b->clicks);
	tv_bool(o, "expired", b->ends_at && b->ends_at <= ad->p->now);
	options(o, "kinds", kinds, sizeof kinds / sizeof kinds[0], b->kind);
	options(o, "places", places, sizeof places / sizeof places[0], b->position);
	options(o, "rels", rels, sizeof rels / sizeof rels[0], b->rel);
}

static void banners_page(struct admin *ad, int status, const char *error)
{
	struct banner *all;
	size_t n;
	enum store_rc rc = store_banners(ad->p->st, ad->p->a, &all, &n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(ad->ctx, "banners");
	for (size_t i = 0; i < n; i++)
		fill_banner(ad, tv_push(list), &all[i]);
	tv_bool(ad->ctx, "has_banners", n > 0);
	struct banner blank = {
	    .kind = "banner", .position = "right", .rel = "", .title = "", .url = "", .image = ""};
	fill_banner(ad, tv_child(ad->ctx, "new"), &blank);
	if (error)
		tv_str(ad->ctx, "error", error);
	const char *ok = http_query(ad->p->req, "ok");
	if (ok && *ok)
		tv_str(ad->ctx, "flash", "Đã lưu.");
	tv_str(ad->ctx, "title", "Quảng cáo và liên kết");
	admin_render(ad, status, "admin_banners");
}

static const char *pick(struct admin *ad, const char *field, const char *const (*rows)[2], size_t n)
{
	const char *v = admin_field(ad, field);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, rows[i][0]) == 0)
			return rows[i][0];
	return NULL;
}

static const char *read_form(struct admin *ad, struct banner *b)
{
	b->title = admin_clean(ad, admin_field(ad, "title"), TITLE_MAX_CP);
	if (!b->title || !*b->title)
		return "Tiêu đề không được để trống và không dài quá 200 ký tự.";
	b->kind = pick(ad, "kind", kinds, sizeof kinds / sizeof kinds[0]);
	b->position = pick(ad, "position", places, sizeof places / sizeof places[0]);
	b->rel = pick(ad, "rel", rels, sizeof rels / sizeof rels[0]);
	if (!b->kind || !b->position || !b->rel)
		return "Loại, vị trí hoặc thuộc tính rel không hợp lệ.";
	if (strcmp(b->kind, "link") == 0)
		b->position = "links";
	b->url = admin_field(ad, "url");
	if (!url_ok(b->url, false))
		return "Địa chỉ đích phải bắt đầu bằng http:// hoặc https:// (hoặc là đường dẫn "
		       "trong trang, bắt đầu bằng /), không có dấu cách hay ký tự đặc biệt.";
	b->image = admin_field(ad, "image");
	if (!url_ok(b->image, true))
		return "Địa chỉ ảnh không hợp lệ (dùng ảnh trong thư viện, /media/...).";
	const char *s = admin_field(ad, "starts"), *e = admin_field(ad, "ends");
	b->starts_at = *s ? admin_parse_local(ad, s) : 0;
	b->ends_at = *e ? admin_parse_local(ad, e) : 0;
	if (b->starts_at < 0 || b->ends_at < 0)
		return "Ngày giờ bắt đầu hoặc kết thúc không hợp lệ.";
	if (b->starts_at && b->ends_at && b->ends_at <= b->starts_at)
		return "Thời điểm kết thúc phải sau thời điểm bắt đầu.";
	char *end;
	const char *so = admin_field(ad, "sort");
	long v = *so ? strtol(so, &end, 10) : 0;
	if ((*so && *end) || v < -100000 || v > 100000)
		return "Thứ tự phải là một số nguyên.";
	b->sort = (int)v;
	return NULL;
}

void admin_h_banners(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method != HTTP_POST) {
		banners_page(ad, 200, NULL);
		return;
	}
	struct banner b;
	memset(&b, 0, sizeof b);
	const char *error = read_form(ad, &b);
	if (error) {
		banners_page(ad, 422, error);
		return;
	}
	int64_t id = 0;
	enum store_rc rc = store_banner_save(ad->p->st, &b, &id);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "banner.create", arena_printf(ad->p->a, "banner:%lld", (long long)id),
		 arena_printf(ad->p->a, "%s → %s", b.title, b.url));
	changed(ad);
	admin_redirect(ad, "/admin/banners?ok=1");
}

/* "banners/{id}" (GET the form, POST saves) and "banners/{id}/delete". */
void admin_h_banner(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	struct banner b;
	enum store_rc rc = store_banner_get(ad->p->st, ad->p->a, id, &b);
	if (rc == STORE_NOTFOUND) {
		admin_message(ad, 404, "Không tìm thấy", "Không có quảng cáo hay liên kết này.");
		return;
	}
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	if (ad->p->match.route->arg) {
		rc = store_banner_delete(ad->p->st, id);
		if (rc != STORE_OK) {
			page_error(ad->p, page_status_of(rc));
			return;
		}
		nr_audit(
		    &ad->nr, "banner.delete", arena_printf(ad->p->a, "banner:%lld", (long long)id),
		    arena_printf(ad->p->a, "%s (%lld lượt nhấn)", b.title, (long long)b.clicks));
		changed(ad);
		admin_redirect(ad, "/admin/banners?ok=1");
		return;
	}
	const char *error = NULL;
	if (ad->p->req->method == HTTP_POST) {
		struct banner upd = b;
		error = read_form(ad, &upd);
		if (!error) {
			rc = store_banner_save(ad->p->st, &upd, NULL);
			if (rc != STORE_OK) {
				page_error(ad->p, page_status_of(rc));
				return;
			}
			nr_audit(&ad->nr, "banner.update",
				 arena_printf(ad->p->a, "banner:%lld", (long long)id),
				 arena_printf(ad->p->a, "%s → %s", upd.title, upd.url));
			changed(ad);
			admin_redirect(ad, "/admin/banners?ok=1");
			return;
		}
	}
	fill_banner(ad, tv_child(ad->ctx, "banner"), &b);
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Sửa quảng cáo / liên kết");
	admin_render(ad, error ? 422 : 200, "admin_banner");
}
