/* The newsroom's router: login gate, CSRF check on every POST, and what every screen shares. */
#include "admin/admin-int.h"
#include "admin/tickets.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "vi/vi.h"

/* Messages shown after a redirect, chosen by a fixed key (the request is never echoed). */
static const struct {
	const char *key, *text;
} flashes[] = {
    {"saved", "Đã lưu."},
    {"created", "Đã tạo bài viết."},
    {"submit", "Đã gửi bài để duyệt."},
    {"return", "Đã trả bài lại cho tác giả."},
    {"publish", "Đã xuất bản."},
    {"schedule", "Đã hẹn giờ xuất bản."},
    {"unpublish", "Đã gỡ bài."},
    {"feature", "Đã đưa bài lên tin nổi bật."},
    {"unfeature", "Đã bỏ bài khỏi tin nổi bật."},
    {"restore", "Đã khôi phục phiên bản."},
    {"password", "Đã đổi mật khẩu."},
    {"user", "Đã lưu tài khoản."},
    {"category", "Đã lưu chuyên mục."},
    {"tag", "Đã lưu chủ đề."},
    {"settings", "Đã lưu cài đặt."},
    {"deleted", "Đã xóa."},
    {"media", "Đã tải ảnh lên."},
    {"media-saved", "Đã lưu mô tả ảnh."},
    {"media-deleted", "Đã xóa ảnh."},
    {"page_submit", "Đã gửi trang để duyệt."},
    {"page_return", "Đã trả trang về nháp."},
    {"page_unpublish", "Đã gỡ trang."},
};

static void fill_common(struct admin *ad)
{
	struct tv *me = tv_child(ad->ctx, "me");
	enum role r = role_of_user(&ad->user);
	tv_int(me, "id", ad->user.id);
	tv_str(me, "name", ad->user.name);
	tv_str(me, "display_name", ad->user.display_name);
	tv_str(me, "role", role_name(r));
	tv_str(me, "role_label", role_label(r));
	tv_bool(me, "is_editor", r >= ROLE_EDITOR);
	tv_bool(me, "is_publisher", r >= ROLE_PUBLISHER);
	tv_bool(me, "is_admin", r >= ROLE_ADMIN);
	bool docs =
	    false; /* the menu's "Văn bản" only for who may open it (a store error: hidden) */
	role_right(ad->p->st, &ad->user, STORE_RIGHT_DOCUMENTS, &docs);
	tv_bool(me, "may_documents", docs);
	tv_bool(me, "tickets", nr_ticket_staff(&ad->nr));
	tv_str(ad->ctx, "csrf", ad->csrf ? ad->csrf : "");
	const char *ok = http_query(ad->p->req, "ok");
	for (size_t i = 0; ok && i < sizeof flashes / sizeof flashes[0]; i++)
		if (strcmp(ok, flashes[i].key) == 0)
			tv_str(ad->ctx, "flash", flashes[i].text);
}

void admin_render(struct admin *ad, int status, const char *name)
{
	struct page *p = ad->p;
	if (ad->user.id)
		fill_common(ad);
	page_render_with(p, site_admin_templates(p->site), status, name);
	http_resp_header(p->resp, "Cache-Control", "no-store");
}

void admin_redirect(struct admin *ad, const char *location)
{
	page_redirect(ad->p, 303, location);
	http_resp_header(ad->p->resp, "Cache-Control", "no-store");
}

void admin_message(struct admin *ad, int status, const char *title, const char *message)
{
	struct tv *m = tv_child(ad->ctx, "message");
	tv_str(m, "title", title);
	tv_str(m, "text", message);
	tv_str(ad->ctx, "title", title);
	admin_render(ad, status, "admin_message");
}

void admin_fail(struct admin *ad, enum nr_result r, const char *why)
{
	static const char *const titles[NR_RESULT_MAX] = {
	    "Xong",       "Không tìm thấy",       "Không được phép",
	    "Xung đột",   "Dữ liệu không hợp lệ", "Tạm thời gián đoạn",
	    "Lỗi máy chủ"};
	const char *title = (unsigned)r < NR_RESULT_MAX ? titles[r] : titles[NR_ERROR];
	admin_message(ad, nr_status(r), title, why && *why ? why : title);
}

const char *admin_field(struct admin *ad, const char *name)
{
	const char *v = http_form_get(&ad->form, name);
	return v ? v : "";
}

static size_t code_points(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

const char *admin_clean(struct admin *ad, const char *s, size_t max_cp)
{
	struct buf b = BUF_INIT;
	const char *out = NULL;
	if (vi_nfc(s, strlen(s), &b) == 0) {
		const char *start = buf_cstr(&b);
		size_t len = strlen(start);
		while (len && strchr(" \t\r\n", start[len - 1]))
			len--;
		while (len && strchr(" \t\r\n", *start)) {
			start++;
			len--;
		}
		out = arena_strndup(ad->p->a, start, len);
	}
	buf_free(&b);
	return out && code_points(out) <= max_cp ? out : NULL;
}

const char *admin_local_input(struct admin *ad, int64_t t)
{
	if (!t)
		return "";
	struct vi_tm tm;
	vi_localtime(t, ad->p->tz, &tm);
	return arena_printf(ad->p->a, "%04d-%02d-%02dT%02d:%02d", tm.year, tm.month, tm.day,
			    tm.hour, tm.min);
}

int64_t admin_parse_local(struct admin *ad, const char *s)
{
	/* "YYYY-MM-DDTHH:MM" or, as browsers send when seconds are set, "YYYY-MM-DDTHH:MM:SS", in
	 * the site's zone: find its offset at that moment, then convert. */
	if (!s || (strlen(s) != 16 && strlen(s) != 19))
		return -1;
	char buf[40];
	int64_t utc;
	snprintf(buf, sizeof buf, "%s%sZ", s, strlen(s) == 16 ? ":00" : "");
	if (vi_parse_rfc3339(buf, &utc) != 0)
		return -1;
	struct vi_tm tm;
	vi_localtime(utc, ad->p->tz, &tm);
	int64_t guess = utc - tm.utc_offset;
	vi_localtime(guess, ad->p->tz, &tm); /* the offset may differ at the real instant */
	return utc - tm.utc_offset;
}

/* Reads the session; returns false (having answered) when the request may not go on. */
static bool gate(struct admin *ad, bool is_post)
{
	struct page *p = ad->p;
	enum store_rc rc = auth_session(p->st, p->req, &ad->user, &ad->csrf);
	if (rc == STORE_UNAVAILABLE || rc == STORE_ERROR) {
		page_error(p, 503);
		return false;
	}
	if (rc != STORE_OK) {
		memset(&ad->user, 0, sizeof ad->user);
		if (is_post)
			admin_message(ad, 401, "Chưa đăng nhập",
				      "Phiên làm việc đã hết hạn. Hãy đăng nhập lại.");
		else
			admin_redirect(ad, "/admin/login");
		return false;
	}
	if (is_post && !auth_csrf_ok(ad->csrf, http_form_get(&ad->form, "csrf"))) {
		admin_message(ad, 403, "Yêu cầu bị từ chối",
			      "Mã chống giả mạo (CSRF) không đúng. Hãy tải lại trang rồi thử lại.");
		return false;
	}
	return true;
}

static void setup(struct admin *ad, struct page *p)
{
	memset(ad, 0, sizeof(*ad));
	ad->p = p;
	ad->ctx = p->ctx;
	ad->nr.st = p->st;
	ad->nr.a = p->a;
	ad->nr.user = &ad->user;
	ad->nr.address = p->req->client_addr;
	ad->nr.cats = p->cats;
	ad->nr.ncats = p->ncats;
	ad->nr.changed = site_content_changed;
	ad->nr.changed_cls = p->site;
}

/* A POST body: urlencoded, or multipart/form-data (uploads) whose plain fields become the form. */
static int parse_body(struct admin *ad)
{
	struct http_req *req = ad->p->req;
	const char *ct = http_header(req, "Content-Type");
	if (!http_is_multipart(ct))
		return http_form_parse(req, &ad->form);
	if (http_multipart_parse(req->arena, ct, buf_cstr(&req->body), req->body.len, &ad->mp) != 0)
		return -1;
	return http_multipart_form(req->arena, &ad->mp, &ad->form);
}

/* The documents screens' right (ROUTE_RIGHT_DOCS); false having answered 403 or 503. */
static bool documents_right(struct admin *ad)
{
	bool has = false;
	enum store_rc rc = role_right(ad->p->st, &ad->user, STORE_RIGHT_DOCUMENTS, &has);
	if (rc != STORE_OK)
		page_error(ad->p, page_status_of(rc));
	else if (!has)
		admin_message(ad, 403, "Không được phép",
			      "Tài khoản của bạn chưa được giao quyền quản lý văn bản. Hãy đề nghị "
			      "quản trị viên giao quyền này trong mục Tài khoản.");
	return rc == STORE_OK && has;
}

/* The shared context, the parsed POST body and the newsroom context. Returns false having
 * answered (503, 400). */
static bool begin(struct admin *ad, struct page *p)
{
	int status = page_begin(p);
	if (status) {
		page_error(p, status);
		return false;
	}
	setup(ad, p);
	if (p->req->method == HTTP_POST && parse_body(ad) != 0) {
		page_error(p, 400);
		return false;
	}
	return true;
}

void admin_serve(struct page *p)
{
	const struct route *r = p->match.route;
	struct admin ad;
	if (!begin(&ad, p))
		return;
	if ((r->flags & ROUTE_SESSION) && !gate(&ad, p->req->method == HTTP_POST))
		return;
	if (!role_allows(&ad.user, r->role)) {
		admin_message(&ad, 403, "Không được phép",
			      p->req->method == HTTP_POST
				  ? "Vai trò của bạn không được phép thực hiện thao tác này."
				  : "Vai trò của bạn không được phép mở trang này.");
		return;
	}
	if ((r->flags & ROUTE_RIGHT_DOCS) && !documents_right(&ad))
		return;
	r->handler(&ad);
}

/* 404 and 405 come after the login (a visitor is sent to the login page, as by any screen). */
void admin_refuse(struct page *p, int status)
{
	struct admin ad;
	if ((status != 404 && status != 405) || !(p->req->method & (ROUTE_GET | HTTP_POST))) {
		page_error(p, status);
		return;
	}
	if (!begin(&ad, p) || !gate(&ad, p->req->method == HTTP_POST))
		return;
	if (status == 404)
		admin_message(&ad, 404, "Không tìm thấy trang",
			      "Trang quản trị này không tồn tại.");
	else
		page_error(p, 405);
}
