/* The newsroom's account screens: users, roles and category limits (admins), one's own password. */
#include "admin/admin-int.h"

#include <sodium.h>
#include <string.h>

#include "vi/vi.h"

#define PASSWORD_MIN 8
#define PASSWORD_MAX 1024
#define LOGIN_MAX 64
#define DISPLAY_MAX_CP 200
#define DOCS_RIGHT_ROLE "Chỉ biên tập viên trở lên mới được giao quyền quản lý văn bản."

/* Login names: 1-64 ASCII letters, digits, '.', '_' or '-' (as `gazette user add` accepts). */
static bool valid_login(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > LOGIN_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

/* Why a new password is not acceptable, or NULL. */
static const char *password_problem(const char *pw, const char *again)
{
	if (strlen(pw) < PASSWORD_MIN)
		return "Mật khẩu phải có ít nhất 8 ký tự.";
	if (strlen(pw) > PASSWORD_MAX || !vi_utf8_valid(pw, strlen(pw)))
		return "Mật khẩu không hợp lệ.";
	if (again && strcmp(pw, again) != 0)
		return "Hai lần nhập mật khẩu mới không khớp nhau.";
	return NULL;
}

static void role_options(struct admin *ad, enum role selected)
{
	struct tv *list = tv_list(ad->ctx, "roles");
	for (int i = 0; i < ROLE_MAX; i++) {
		struct tv *o = tv_push(list);
		tv_str(o, "value", role_name((enum role)i));
		tv_str(o, "label", role_label((enum role)i));
		tv_bool(o, "selected", (enum role)i == selected);
	}
}

static bool has_id(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* "— " once per level below the top. */
static const char *indent(struct arena *a, int depth)
{
	char *s = arena_alloc(a, (size_t)depth * 4 + 1);
	for (int i = 0; i < depth; i++)
		memcpy(s + 4 * i, "— ", 4);
	return s;
}

/* Checkboxes for the category tree, depth first, children after their parent. */
static void category_boxes(struct admin *ad, struct tv *list, int64_t parent, int depth,
			   const struct user *u)
{
	const struct page *p = ad->p;
	if (depth > 32)
		return;
	for (size_t i = 0; i < p->ncats; i++) {
		const struct category *c = &p->cats[i];
		if (c->parent_id != parent)
			continue;
		struct tv *o = tv_push(list);
		tv_int(o, "id", c->id);
		tv_str(o, "name", c->name);
		tv_int(o, "depth", depth);
		tv_str(o, "indent", indent(p->a, depth));
		tv_bool(o, "checked", has_id(u->categories, u->ncategories, c->id));
		category_boxes(ad, list, c->id, depth + 1, u);
	}
}

/* "Tất cả" or the names of the categories an account is limited to. */
static const char *limits_text(struct admin *ad, const struct user *u)
{
	if (u->ncategories == 0)
		return "Tất cả";
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < u->ncategories; i++) {
		const struct category *c = cat_find(ad->p, u->categories[i]);
		buf_printf(&b, "%s%s", i ? ", " : "", c ? c->name : "?");
	}
	const char *s = arena_strdup(ad->p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The number of enabled admins other than the account `except`. */
static enum store_rc other_admins(struct admin *ad, int64_t except, size_t *n)
{
	struct user *all;
	size_t count;
	enum store_rc rc = store_users(ad->p->st, ad->p->a, &all, &count);
	*n = 0;
	for (size_t i = 0; rc == STORE_OK && i < count; i++)
		if (all[i].id != except && !all[i].disabled && role_of_user(&all[i]) == ROLE_ADMIN)
			(*n)++;
	return rc;
}

static const char *user_object(struct admin *ad, int64_t id)
{
	return arena_printf(ad->p->a, "user:%lld", (long long)id);
}

/* The categories ticked in the form ("category", repeated). */
struct picked {
	struct admin *ad;
	int64_t *ids;
	size_t n, cap;
	bool bad;
};

static void pick_category(const char *v, void *cls)
{
	struct picked *pk = cls;
	int64_t id = http_parse_id(v, strlen(v));
	if (!id || !cat_find(pk->ad->p, id)) {
		pk->bad = true;
		return;
	}
	if (!has_id(pk->ids, pk->n, id) && pk->n < pk->cap)
		pk->ids[pk->n++] = id;
}

/* --- the list and the add form ---------------------------------------------------------------- */

static void list_page(struct admin *ad, int status, const char *error)
{
	struct user *users;
	size_t n;
	enum store_rc rc = store_users(ad->p->st, ad->p->a, &users, &n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(ad->ctx, "users");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", users[i].id);
		tv_str(it, "name", users[i].name);
		tv_str(it, "display_name", users[i].display_name);
		tv_str(it, "role_label", role_label(role_of_user(&users[i])));
		tv_bool(it, "disabled", users[i].disabled);
		tv_str(it, "limits", limits_text(ad, &users[i]));
	}
	const char *role = admin_field(ad, "role");
	role_options(ad, role_parse(role) < 0 ? ROLE_CONTRIBUTOR : (enum role)role_parse(role));
	struct tv *add = tv_child(ad->ctx, "add");
	tv_str(add, "name", admin_field(ad, "name"));
	tv_str(add, "display_name", admin_field(ad, "display_name"));
	tv_bool(add, "documents", *admin_field(ad, "documents") != '\0');
	/* Category limits in the same form; the ones ticked stay ticked when it comes back. */
	struct picked pk = {.ad = ad, .cap = ad->p->ncats};
	pk.ids = arena_alloc(ad->p->a, (pk.cap + 1) * sizeof(*pk.ids));
	http_form_each(&ad->form, "category", pick_category, &pk);
	struct user ticked = {.categories = pk.ids, .ncategories = pk.n};
	category_boxes(ad, tv_list(add, "categories"), 0, 0, &ticked);
	tv_bool(add, "has_categories", ad->p->ncats > 0);
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Tài khoản");
	admin_render(ad, status, "admin_users");
}

static void add_user(struct admin *ad)
{
	const char *name = admin_field(ad, "name");
	const char *display = admin_clean(ad, admin_field(ad, "display_name"), DISPLAY_MAX_CP);
	int role = role_parse(admin_field(ad, "role"));
	const char *pw = admin_field(ad, "password");
	const char *problem = password_problem(pw, NULL);
	bool docs = *admin_field(ad, "documents") != '\0';
	struct picked pk = {.ad = ad, .cap = ad->p->ncats};
	pk.ids = arena_alloc(ad->p->a, (pk.cap + 1) * sizeof(*pk.ids));
	http_form_each(&ad->form, "category", pick_category, &pk);
	if (!problem && pk.bad)
		problem = "Có chuyên mục không tồn tại.";
	if (!valid_login(name))
		problem = "Tên đăng nhập gồm 1-64 chữ cái không dấu, chữ số, '.', '_' hoặc '-'.";
	else if (!display)
		problem = "Tên hiển thị không hợp lệ hoặc dài quá 200 ký tự.";
	else if (role < 0)
		problem = "Vai trò không hợp lệ.";
	else if (docs && !role_may_hold_rights((enum role)role))
		problem = DOCS_RIGHT_ROLE;
	if (problem) {
		list_page(ad, 422, problem);
		return;
	}
	char hash[crypto_pwhash_STRBYTES];
	int64_t id = 0;
	struct store *tx = NULL;
	enum store_rc rc = auth_hash_password(pw, hash, sizeof hash) == 0
			       ? store_begin(ad->p->st, &tx)
			       : STORE_ERROR;
	/* The account and its category limits together, or neither. */
	if (rc == STORE_OK)
		rc = store_user_add(tx, name, *display ? display : name, role_name((enum role)role),
				    hash, &id);
	if (rc == STORE_OK && pk.n)
		rc = store_user_categories(tx, id, pk.ids, pk.n);
	if (rc == STORE_OK && docs)
		rc = store_user_right_set(tx, id, STORE_RIGHT_DOCUMENTS, true);
	if (tx && rc == STORE_OK)
		rc = store_commit(tx);
	else if (tx)
		store_rollback(tx);
	sodium_memzero(hash, sizeof hash);
	if (rc == STORE_CONFLICT) {
		list_page(ad, 409, "Đã có tài khoản với tên đăng nhập này.");
		return;
	}
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "user.add", user_object(ad, id),
		 arena_printf(ad->p->a, "%s (%s, %zu chuyên mục%s)", name,
			      role_name((enum role)role), pk.n, docs ? ", quản lý văn bản" : ""));
	admin_redirect(ad, arena_printf(ad->p->a, "/admin/users/%lld?ok=user", (long long)id));
}

/* --- one account ------------------------------------------------------------------------------ */

/* Whether the account holds the "documents" right as stored (an admin's is implied). */
static enum store_rc docs_right_of(struct admin *ad, const struct user *u, bool *has)
{
	return role_right(ad->p->st, u, STORE_RIGHT_DOCUMENTS, has);
}

static void user_page(struct admin *ad, const struct user *u, int status, const char *error)
{
	struct tv *o = tv_child(ad->ctx, "user");
	tv_int(o, "id", u->id);
	tv_str(o, "name", u->name);
	tv_str(o, "display_name", u->display_name);
	tv_bool(o, "disabled", u->disabled);
	tv_bool(o, "is_me", u->id == ad->user.id);
	role_options(ad, role_of_user(u));
	bool docs = false;
	if (docs_right_of(ad, u, &docs) != STORE_OK)
		docs = false;
	tv_bool(o, "documents", docs);
	category_boxes(ad, tv_list(ad->ctx, "categories"), 0, 0, u);
	tv_bool(ad->ctx, "has_categories", ad->p->ncats > 0);
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", arena_printf(ad->p->a, "Tài khoản %s", u->name));
	admin_render(ad, status, "admin_user");
}

/* The account as the form would leave it; false (with why) when the form is not acceptable. */
static bool form_user(struct admin *ad, const struct user *old, struct user *u, struct picked *pk,
		      const char **why)
{
	*u = *old;
	u->display_name = admin_clean(ad, admin_field(ad, "display_name"), DISPLAY_MAX_CP);
	int role = role_parse(admin_field(ad, "role"));
	u->disabled = *admin_field(ad, "disabled") != '\0';
	pk->ad = ad;
	pk->cap = ad->p->ncats;
	pk->ids = arena_alloc(ad->p->a, (pk->cap + 1) * sizeof(*pk->ids));
	http_form_each(&ad->form, "category", pick_category, pk);
	*why = NULL;
	if (!u->display_name || !*u->display_name)
		*why = "Tên hiển thị không được để trống và không dài quá 200 ký tự.";
	else if (role < 0)
		*why = "Vai trò không hợp lệ.";
	else if (pk->bad)
		*why = "Có chuyên mục không tồn tại.";
	else if (*admin_field(ad, "documents") && !role_may_hold_rights((enum role)role))
		*why = DOCS_RIGHT_ROLE;
	if (*why)
		return false;
	u->role = role_name((enum role)role);
	u->categories = pk->ids;
	u->ncategories = pk->n;
	return true;
}

static void save_user(struct admin *ad, const struct user *old)
{
	struct store *st = ad->p->st;
	struct user u;
	struct picked pk = {0};
	const char *why;
	if (!form_user(ad, old, &u, &pk, &why)) {
		user_page(ad, old, 422, why);
		return;
	}
	bool was_admin = !old->disabled && role_of_user(old) == ROLE_ADMIN;
	bool stays_admin = !u.disabled && role_of_user(&u) == ROLE_ADMIN;
	size_t others = 1;
	enum store_rc rc =
	    was_admin && !stays_admin ? other_admins(ad, old->id, &others) : STORE_OK;
	if (rc == STORE_OK && others == 0) {
		user_page(
		    ad, old, 409,
		    "Đây là tài khoản quản trị cuối cùng còn hoạt động: không thể khóa hoặc hạ "
		    "vai trò của nó.");
		return;
	}
	if (rc == STORE_OK)
		rc = store_user_update(st, u.id, u.display_name, u.role, u.disabled);
	if (rc == STORE_OK)
		rc = store_user_categories(st, u.id, pk.ids, pk.n);
	bool docs = *admin_field(ad, "documents") != '\0';
	if (rc == STORE_OK)
		rc = store_user_right_set(st, u.id, STORE_RIGHT_DOCUMENTS, docs);
	if (rc == STORE_OK && u.disabled)
		rc = store_sessions_delete_user(st, u.id);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "user.update", user_object(ad, u.id),
		 arena_printf(ad->p->a, "%s: role=%s disabled=%d categories=%zu documents=%d",
			      u.name, u.role, u.disabled, pk.n, docs));
	if (u.disabled && !old->disabled)
		nr_audit(&ad->nr, "user.disable", user_object(ad, u.id), u.name);
	/* Who just took away their own access goes where they still may. */
	bool self_out = u.id == ad->user.id && !stays_admin;
	admin_redirect(
	    ad, self_out ? "/admin"
			 : arena_printf(ad->p->a, "/admin/users/%lld?ok=user", (long long)u.id));
}

static void reset_password(struct admin *ad, const struct user *u)
{
	const char *pw = admin_field(ad, "password");
	const char *why = password_problem(pw, admin_field(ad, "password2"));
	if (why) {
		user_page(ad, u, 422, why);
		return;
	}
	struct store *st = ad->p->st;
	char hash[crypto_pwhash_STRBYTES];
	enum store_rc rc = auth_hash_password(pw, hash, sizeof hash) == 0
			       ? store_user_password(st, u->id, hash)
			       : STORE_ERROR;
	sodium_memzero(hash, sizeof hash);
	if (rc == STORE_OK)
		rc = store_sessions_delete_user(st, u->id);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "user.password", user_object(ad, u->id), u->name);
	/* Resetting one's own password this way ends one's own session too. */
	admin_redirect(
	    ad, u->id == ad->user.id
		    ? "/admin/login"
		    : arena_printf(ad->p->a, "/admin/users/%lld?ok=password", (long long)u->id));
}

/* --- one's own password ----------------------------------------------------------------------- */

static void password_page(struct admin *ad, int status, const char *error)
{
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Đổi mật khẩu");
	admin_render(ad, status, "admin_password");
}

static bool too_many_failures(struct admin *ad, const char *key)
{
	int64_t n = 0;
	store_throttle_count(ad->p->st, key, ad->p->now - AUTH_WINDOW, &n);
	return n >= AUTH_MAX_PER_USER;
}

/* Checks the current password (failures count towards the login throttle), sets the new one, ends
 * every session of the account and opens a fresh one for this browser. */
static void change_password(struct admin *ad)
{
	struct page *p = ad->p;
	const char *cur = admin_field(ad, "current");
	const char *pw = admin_field(ad, "password");
	const char *key = arena_printf(p->a, "user:%s", ad->user.name);
	if (too_many_failures(ad, key)) {
		password_page(ad, 429, "Nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau 15 phút.");
		return;
	}
	if (crypto_pwhash_str_verify(ad->user.password_hash, cur, strlen(cur)) != 0) {
		store_throttle_hit(p->st, key, p->now);
		nr_audit(&ad->nr, "password.failed", user_object(ad, ad->user.id), "");
		password_page(ad, 403, "Mật khẩu hiện tại không đúng.");
		return;
	}
	const char *why = password_problem(pw, admin_field(ad, "password2"));
	if (why) {
		password_page(ad, 422, why);
		return;
	}
	char hash[crypto_pwhash_STRBYTES];
	enum store_rc rc = auth_hash_password(pw, hash, sizeof hash) == 0
			       ? store_user_password(p->st, ad->user.id, hash)
			       : STORE_ERROR;
	sodium_memzero(hash, sizeof hash);
	if (rc == STORE_OK)
		rc = store_sessions_delete_user(p->st, ad->user.id);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "password.change", user_object(ad, ad->user.id), "");
	struct user fresh;
	const char *cookie = NULL;
	if (auth_login(p->st, p->a, ad->user.name, pw, p->req->client_addr, auth_secure(p->req),
		       &fresh, &cookie) != AUTH_OK) {
		admin_redirect(ad, "/admin/login");
		return;
	}
	http_resp_header(p->resp, "Set-Cookie", cookie);
	admin_redirect(ad, "/admin/password?ok=password");
}

/* --- the rows of the newsroom's route table (routes.c) -------------------------------------- */

void admin_h_password(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST)
		change_password(ad);
	else
		password_page(ad, 200, NULL);
}

void admin_h_users(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST)
		add_user(ad);
	else
		list_page(ad, 200, NULL);
}

/* "users/{id}" (GET shows, POST saves) and "users/{id}/password" (POST resets). */
void admin_h_user(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	bool reset = ad->p->match.route->arg != NULL; /* the row of users/{id}/password */
	struct user u;
	enum store_rc rc = store_user_by_id(ad->p->st, ad->p->a, id, &u);
	if (rc == STORE_NOTFOUND) {
		admin_message(ad, 404, "Không tìm thấy", "Không có tài khoản này.");
		return;
	}
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	if (reset)
		reset_password(ad, &u);
	else if (ad->p->req->method == HTTP_POST)
		save_user(ad, &u);
	else
		user_page(ad, &u, 200, NULL);
}
