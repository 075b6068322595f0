/* The newsroom's ticket screens (issue 13): the list of a handler's departments with overdue
 * tickets marked, one ticket with its asker's contacts, history and actions (reply, forward,
 * close, publish as a question and answer), the settings and handlers (admins), and one
 * person's data exported as JSON or erased (admins). Rights are checked in ticket_ops.c. */
#include "admin/admin-int.h"

#include <stdlib.h>
#include <string.h>

#include "admin/tickets.h"

#define LIST_PAGE 50

/* The refusal for an account without the right to see tickets. */
static bool staff_or_refuse(struct admin *ad)
{
	if (nr_ticket_staff(&ad->nr))
		return true;
	admin_message(ad, 403, "Không được phép",
		      "Tài khoản của bạn chưa được giao tiếp nhận phiếu hỏi đáp của đơn vị nào.");
	return false;
}

static void put_ticket(struct admin *ad, struct tv *it, const struct ticket *t)
{
	tv_int(it, "id", t->id);
	tv_str(it, "kind", nr_ticket_kind_label(t->kind));
	tv_bool(it, "complaint", t->kind == TICKET_COMPLAINT);
	tv_str(it, "status", nr_ticket_status_label(t->status));
	tv_bool(it, "closed", t->status == TICKET_CLOSED);
	tv_str(it, "unit", *t->unit_name ? t->unit_name : "(chưa phân công)");
	tv_str(it, "subject", t->subject);
	tv_str(it, "name", t->name);
	tv_str(it, "created", page_datetime(ad->p, t->created_at));
	tv_str(it, "due", page_date(ad->p, t->due_at));
	tv_bool(it, "overdue", t->status != TICKET_CLOSED && t->due_at < ad->p->now);
	tv_bool(it, "published", t->published);
	if (t->article_id) {
		tv_int(it, "article_id", t->article_id);
		tv_str(it, "article_title", *t->article_title ? t->article_title : "(bài đã xóa)");
	}
}

void admin_h_tickets(void *ctx)
{
	struct admin *ad = ctx;
	if (!staff_or_refuse(ad))
		return;
	const char *st = http_query(ad->p->req, "status");
	const char *pg = http_query(ad->p->req, "trang");
	long long n = pg && *pg ? strtoll(pg, NULL, 10) : 1;
	n = n < 1 ? 1 : n;
	bool admin = role_of_user(&ad->user) == ROLE_ADMIN;
	struct ticket_query q = {.handler_id = admin ? 0 : ad->user.id,
				 .status = st && *st ? ticket_status_parse(st) : -1,
				 .kind = -1,
				 .offset = (n - 1) * LIST_PAGE,
				 .limit = LIST_PAGE};
	if (st && *st && q.status < 0) {
		admin_message(ad, 400, "Dữ liệu không hợp lệ", "Trạng thái không hợp lệ.");
		return;
	}
	struct ticket *t;
	size_t nt = 0;
	int64_t total = 0;
	enum store_rc rc = store_tickets(ad->p->st, ad->p->a, &q, &t, &nt, &total);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(ad->ctx, "tickets");
	size_t overdue = 0;
	for (size_t i = 0; i < nt; i++) {
		put_ticket(ad, tv_push(list), &t[i]);
		overdue += t[i].status != TICKET_CLOSED && t[i].due_at < ad->p->now;
	}
	struct tv *filters = tv_list(ad->ctx, "filters");
	for (int i = -1; i < TICKET_STATUS_MAX; i++) {
		struct tv *f = tv_push(filters);
		tv_str(f, "value", i < 0 ? "" : ticket_status_name((enum ticket_status)i));
		tv_str(f, "label",
		       i < 0 ? "Tất cả" : nr_ticket_status_label((enum ticket_status)i));
		tv_bool(f, "current", i == q.status);
	}
	tv_bool(ad->ctx, "empty", nt == 0);
	tv_int(ad->ctx, "total", total);
	tv_int(ad->ctx, "overdue", (int64_t)overdue);
	tv_bool(ad->ctx, "is_admin", admin);
	if ((int64_t)n * LIST_PAGE < total)
		tv_str(ad->ctx, "next",
		       arena_printf(ad->p->a, "/admin/tickets?status=%s&trang=%lld", st ? st : "",
				    n + 1));
	tv_str(ad->ctx, "title", "Hỏi đáp và phản ánh");
	admin_render(ad, 200, "admin_tickets");
}

static void ticket_page(struct admin *ad, int64_t id, int status, const char *error)
{
	struct ticket t;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_ticket_get(&ad->nr, id, &t, &why);
	if (r != NR_OK) {
		admin_fail(ad, r, buf_cstr(&why));
		buf_free(&why);
		return;
	}
	buf_free(&why);
	struct tv *o = tv_child(ad->ctx, "ticket");
	put_ticket(ad, o, &t);
	tv_str(o, "email", t.email);
	tv_str(o, "phone", t.phone);
	tv_str(o, "message", t.message);
	tv_bool(o, "show_name", t.show_name);
	tv_bool(o, "question", t.kind == TICKET_QUESTION);
	struct ticket_event *e;
	size_t ne = 0;
	const char *last_reply = t.answer;
	if (store_ticket_events(ad->p->st, ad->p->a, id, &e, &ne) != STORE_OK)
		ne = 0;
	struct org_unit *u;
	size_t nu = 0;
	if (store_units(ad->p->st, ad->p->a, &u, &nu) != STORE_OK)
		nu = 0;
	struct tv *hist = tv_list(ad->ctx, "history");
	for (size_t i = 0; i < ne; i++) {
		struct tv *it = tv_push(hist);
		tv_str(it, "at", page_datetime(ad->p, e[i].at));
		tv_str(it, "by", e[i].user_name);
		bool reply = strcmp(e[i].kind, "reply") == 0;
		const char *what = reply                             ? "Trả lời"
				   : strcmp(e[i].kind, "close") == 0 ? "Đóng phiếu"
								     : "Chuyển";
		for (size_t k = 0; !reply && k < nu; k++)
			if (u[k].id == e[i].to_unit)
				what = arena_printf(ad->p->a, "Chuyển đến %s", u[k].name);
		tv_str(it, "what", what);
		tv_str(it, "body", e[i].body);
		if (reply && !t.published)
			last_reply = e[i].body;
	}
	tv_str(o, "answer", last_reply);
	struct tv *units = tv_list(ad->ctx, "units");
	for (size_t i = 0; i < nu; i++) {
		if (u[i].id == t.unit_id)
			continue;
		struct tv *it = tv_push(units);
		tv_int(it, "id", u[i].id);
		tv_str(it, "name", u[i].name);
	}
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", arena_printf(ad->p->a, "Phiếu #%lld", (long long)id));
	admin_render(ad, status, "admin_ticket");
}

/* Runs an action from the ticket's page and goes back to it (or shows why not). */
static void act(struct admin *ad, int64_t id)
{
	const char *what = ad->p->match.route->arg;
	struct buf why = BUF_INIT;
	enum nr_result r = NR_INVALID;
	const char *text = admin_clean(ad, admin_field(ad, "body"), 10000);
	if (strcmp(what, "reply") == 0)
		r = nr_ticket_reply(&ad->nr, id, text, &why);
	else if (strcmp(what, "forward") == 0)
		r = nr_ticket_forward(&ad->nr, id, strtoll(admin_field(ad, "unit"), NULL, 10), text,
				      &why);
	else if (strcmp(what, "close") == 0)
		r = nr_ticket_close(&ad->nr, id, &why);
	else if (strcmp(what, "publish") == 0)
		r = nr_ticket_publish(&ad->nr, id, true, text, &why);
	else if (strcmp(what, "unpublish") == 0)
		r = nr_ticket_publish(&ad->nr, id, false, NULL, &why);
	if (r == NR_OK)
		admin_redirect(
		    ad, arena_printf(ad->p->a, "/admin/tickets/%lld?ok=saved", (long long)id));
	else if (r == NR_INVALID)
		ticket_page(ad, id, 422, buf_cstr(&why));
	else
		admin_fail(ad, r, buf_cstr(&why));
	buf_free(&why);
}

void admin_h_ticket(void *ctx)
{
	struct admin *ad = ctx;
	if (!staff_or_refuse(ad))
		return;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	if (ad->p->req->method == HTTP_POST)
		act(ad, id);
	else
		ticket_page(ad, id, 200, NULL);
}

/* --- settings and handlers (admins) ----------------------------------------------------------- */

static const struct {
	const char *key, *label, *def;
	long long lo; /* 0: text */
} settings[] = {
    {"ticket_due_days", "Hạn trả lời câu hỏi (ngày)", "15", 1},
    {"complaint_due_days", "Hạn xử lý khiếu nại nội dung (ngày)", "3", 1},
    {"ticket_retention_days", "Thời hạn lưu dữ liệu cá nhân của người hỏi (ngày, ít nhất 30)",
     "365", 30},
    {"ticket_mail", "Email nhận phiếu chưa phân công đơn vị", "", 0},
    {"ticket_topics", "Lĩnh vực và đơn vị tiếp nhận (Lĩnh vực|mã-đơn-vị; ...)", "", 0},
};
#define NSETTINGS (sizeof settings / sizeof settings[0])

static void setup_page(struct admin *ad, int status, const char *error)
{
	struct tv *list = tv_list(ad->ctx, "settings");
	for (size_t i = 0; i < NSETTINGS; i++) {
		struct tv *it = tv_push(list);
		const char *v = NULL;
		if (store_setting_get(ad->p->st, ad->p->a, settings[i].key, &v) != STORE_OK || !v)
			v = settings[i].def;
		tv_str(it, "key", settings[i].key);
		tv_str(it, "label", settings[i].label);
		tv_str(it, "value", v);
		tv_bool(it, "number", settings[i].lo > 0);
		tv_int(it, "min", settings[i].lo);
	}
	struct ticket_handler *h;
	size_t nh = 0;
	if (store_ticket_handlers(ad->p->st, ad->p->a, &h, &nh) != STORE_OK)
		nh = 0;
	struct tv *hl = tv_list(ad->ctx, "handlers");
	for (size_t i = 0; i < nh; i++) {
		struct tv *it = tv_push(hl);
		tv_int(it, "user", h[i].user_id);
		tv_int(it, "unit", h[i].unit_id);
		tv_str(it, "user_name", h[i].user_name);
		tv_str(it, "unit_name", h[i].unit_name);
	}
	struct user *users;
	size_t nus = 0;
	if (store_users(ad->p->st, ad->p->a, &users, &nus) != STORE_OK)
		nus = 0;
	struct tv *ul = tv_list(ad->ctx, "users");
	for (size_t i = 0; i < nus; i++) {
		struct tv *it = tv_push(ul);
		tv_int(it, "id", users[i].id);
		tv_str(it, "name", users[i].name);
	}
	struct org_unit *u;
	size_t nu = 0;
	if (store_units(ad->p->st, ad->p->a, &u, &nu) != STORE_OK)
		nu = 0;
	struct tv *units = tv_list(ad->ctx, "units");
	for (size_t i = 0; i < nu; i++) {
		struct tv *it = tv_push(units);
		tv_int(it, "id", u[i].id);
		tv_str(it, "name", u[i].name);
	}
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Cài đặt hỏi đáp");
	admin_render(ad, status, "admin_ticket_setup");
}

static const char *save_settings(struct admin *ad)
{
	for (size_t i = 0; i < NSETTINGS; i++) {
		const char *v = admin_clean(ad, admin_field(ad, settings[i].key), 2000);
		if (!v)
			return "Giá trị quá dài.";
		if (settings[i].lo > 0) {
			char *end;
			long long n = strtoll(v, &end, 10);
			if (!*v || *end || n < settings[i].lo || n > 36500)
				return arena_printf(ad->p->a, "%s: một số nguyên từ %lld.",
						    settings[i].label, settings[i].lo);
		}
	}
	for (size_t i = 0; i < NSETTINGS; i++)
		if (store_setting_set(ad->p->st, settings[i].key,
				      admin_clean(ad, admin_field(ad, settings[i].key), 2000)) !=
		    STORE_OK)
			return "Chưa lưu được, vui lòng thử lại.";
	nr_audit(&ad->nr, "ticket.settings", "settings:tickets", "");
	return NULL;
}

void admin_h_ticket_setup(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method != HTTP_POST) {
		setup_page(ad, 200, NULL);
		return;
	}
	const char *what = admin_field(ad, "action");
	const char *error = NULL;
	bool add = strcmp(what, "handler_add") == 0;
	if (add || strcmp(what, "handler_remove") == 0) {
		int64_t user = strtoll(admin_field(ad, "user"), NULL, 10);
		int64_t unit = strtoll(admin_field(ad, "unit"), NULL, 10);
		if (store_ticket_handler_set(ad->p->st, user, unit, add) != STORE_OK)
			error = "Không lưu được: hãy chọn một tài khoản và một đơn vị.";
		else
			nr_audit(&ad->nr, add ? "ticket.handler_add" : "ticket.handler_remove",
				 arena_printf(ad->p->a, "user:%lld", (long long)user),
				 arena_printf(ad->p->a, "unit:%lld", (long long)unit));
	} else {
		error = save_settings(ad);
	}
	if (error)
		setup_page(ad, 422, error);
	else
		admin_redirect(ad, "/admin/tickets/setup?ok=saved");
}

/* --- one person's data (admins) --------------------------------------------------------------- */

void admin_h_personal_data(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method != HTTP_POST) {
		tv_str(ad->ctx, "title", "Dữ liệu cá nhân");
		admin_render(ad, 200, "admin_personal_data");
		return;
	}
	const char *who = admin_clean(ad, admin_field(ad, "who"), 200);
	bool erase = strcmp(admin_field(ad, "action"), "erase") == 0;
	struct buf why = BUF_INIT;
	enum nr_result r;
	if (erase && strcmp(admin_field(ad, "confirm"), "1") != 0) {
		r = NR_INVALID;
		buf_puts(&why, "Hãy đánh dấu xác nhận trước khi xóa.");
	} else if (erase) {
		int64_t n = 0;
		r = nr_personal_erase(&ad->nr, who ? who : "", &n, &why);
		if (r == NR_OK)
			tv_str(ad->ctx, "flash",
			       arena_printf(ad->p->a, "Đã xóa dữ liệu cá nhân trong %lld phiếu.",
					    (long long)n));
	} else {
		json_t *doc = NULL;
		r = nr_personal_export(&ad->nr, who ? who : "", &doc, &why);
		if (r == NR_OK) {
			http_resp_header(ad->p->resp, "Content-Disposition",
					 "attachment; filename=\"du-lieu-ca-nhan.json\"");
			http_resp_header(ad->p->resp, "Cache-Control", "no-store");
			page_json(ad->p, 200, doc);
			buf_free(&why);
			return;
		}
	}
	if (r != NR_OK)
		tv_str(ad->ctx, "error", buf_cstr(&why));
	buf_free(&why);
	tv_str(ad->ctx, "title", "Dữ liệu cá nhân");
	admin_render(ad, r == NR_OK ? 200 : r == NR_INVALID ? 422 : 403, "admin_personal_data");
}
