/* Logging in and out, and changing one's own password. */
#include "admin/admin-int.h"

#include <sodium.h>
#include <string.h>

static void login_form(struct admin *ad, int status, const char *error)
{
	const char *set_cookie = NULL;
	tv_str(ad->ctx, "login_csrf",
	       auth_login_token(ad->p->req, auth_secure(ad->p->req), &set_cookie));
	http_resp_header(ad->p->resp, "Set-Cookie", set_cookie);
	tv_str(ad->ctx, "title", "Đăng nhập");
	if (error)
		tv_str(ad->ctx, "error", error);
	const char *name = http_form_get(&ad->form, "name");
	tv_str(ad->ctx, "name", name ? name : "");
	admin_render(ad, status, "admin_login");
}

/* GET shows the form; POST checks the password (throttled) and starts a session. */
void admin_h_login(void *ctx)
{
	struct admin *ad = ctx;
	struct page *p = ad->p;
	if (p->req->method != HTTP_POST) {
		login_form(ad, 200, NULL);
		return;
	}
	if (!auth_same_origin(p->req, page_setting(p, "base_url")) ||
	    !auth_login_csrf_ok(p->req, http_form_get(&ad->form, "csrf"))) {
		/* Login CSRF: a form posted from another site, or without the form's token. */
		login_form(ad, 403, "Phiên của trang đăng nhập đã hết hạn. Hãy đăng nhập lại.");
		return;
	}
	const char *name = http_form_get(&ad->form, "name");
	const char *password = http_form_get(&ad->form, "password");
	if (!name || !password || !*name || strlen(name) > 64 || strlen(password) > 1024) {
		login_form(ad, 400, "Hãy nhập tên đăng nhập và mật khẩu.");
		return;
	}
	const char *cookie = NULL;
	enum auth_result r = auth_login(p->st, p->a, name, password, p->req->client_addr,
					auth_secure(p->req), &ad->user, &cookie);
	/* A disabled account's right password answers exactly as a wrong one (no oracle). */
	static const char *const why[AUTH_RESULT_MAX] = {
	    NULL, "Tên đăng nhập hoặc mật khẩu không đúng.",
	    "Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.",
	    "Tên đăng nhập hoặc mật khẩu không đúng.",
	    "Hệ thống đang bận. Hãy thử lại sau ít phút."};
	static const int status[AUTH_RESULT_MAX] = {303, 401, 429, 401, 503};
	struct audit_entry e = {.user_id = r == AUTH_OK ? ad->user.id : 0,
				.user_name = name,
				.address = p->req->client_addr,
				.action = r == AUTH_OK ? "login" : "login.failed",
				.object = "",
				.detail = r == AUTH_DISABLED ? "Tài khoản đã bị khóa."
					  : r == AUTH_OK     ? ""
							     : why[r]};
	/* Throttled attempts write nothing: the failures that led to the throttle are in the
	 * log, and a flood of attempts with made-up names must not fill it. */
	if (r != AUTH_THROTTLED)
		store_audit_add(p->st, &e);
	if (r != AUTH_OK) {
		memset(&ad->user, 0, sizeof ad->user);
		login_form(ad, status[r], why[r]);
		return;
	}
	http_resp_header(p->resp, "Set-Cookie", cookie);
	admin_redirect(ad, "/admin");
}

void admin_h_logout(void *ctx)
{
	struct admin *ad = ctx;
	const char *cookie = NULL;
	nr_audit(&ad->nr, "logout", "", "");
	auth_logout(ad->p->st, ad->p->req, auth_secure(ad->p->req), &cookie);
	http_resp_header(ad->p->resp, "Set-Cookie", cookie);
	admin_redirect(ad, "/admin/login");
}
