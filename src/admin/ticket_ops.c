/* The newsroom's ticket operations (tickets.h): rights, replies, forwards, closing, publishing,
 * the mail outbox's pass, retention, and one person's data exported or erased. */
#include "admin/tickets.h"

#include <stdlib.h>
#include <string.h>

#include "admin/roles.h"
#include "core/log.h"

#define REPLY_MAX 10000
#define OUTBOX_BATCH 20
#define OUTBOX_LEASE 300 /* s a claimed mail is held by the pass sending it */
#define RETRY_MAX 3600

static const char *const status_labels[TICKET_STATUS_MAX] = {"Mới", "Đã trả lời", "Đã chuyển",
							     "Đã đóng"};
static const char *const kind_labels[TICKET_KIND_MAX] = {"Hỏi đáp", "Khiếu nại nội dung"};

const char *nr_ticket_status_label(enum ticket_status s)
{
	return (unsigned)s < TICKET_STATUS_MAX ? status_labels[s] : "";
}

const char *nr_ticket_kind_label(enum ticket_kind k)
{
	return (unsigned)k < TICKET_KIND_MAX ? kind_labels[k] : "";
}

static bool is_admin(const struct nr_ctx *ctx)
{
	return ctx->user && ctx->user->id && role_of_user(ctx->user) == ROLE_ADMIN;
}

bool nr_ticket_staff(struct nr_ctx *ctx)
{
	if (is_admin(ctx))
		return true;
	int64_t *units;
	size_t n = 0;
	return ctx->user && ctx->user->id &&
	       store_ticket_handled(ctx->st, ctx->a, ctx->user->id, &units, &n) == STORE_OK &&
	       n > 0;
}

bool nr_ticket_may(struct nr_ctx *ctx, const struct ticket *t)
{
	if (is_admin(ctx))
		return true;
	int64_t *units;
	size_t n = 0;
	if (!ctx->user || !ctx->user->id ||
	    store_ticket_handled(ctx->st, ctx->a, ctx->user->id, &units, &n) != STORE_OK)
		return false;
	for (size_t i = 0; i < n; i++)
		if (units[i] == t->unit_id)
			return true;
	return false;
}

enum nr_result nr_ticket_get(struct nr_ctx *ctx, int64_t id, struct ticket *t, struct buf *why)
{
	enum nr_result r = nr_of_store(store_ticket_get(ctx->st, ctx->a, id, t));
	if (r == NR_OK && !nr_ticket_may(ctx, t))
		r = NR_NOTFOUND; /* a ticket of another department is not shown to exist */
	if (r == NR_NOTFOUND)
		buf_puts(why, "Không tìm thấy phiếu này trong các đơn vị bạn phụ trách.");
	return r;
}

static const char *setting(struct nr_ctx *ctx, const char *key, const char *def)
{
	const char *v = NULL;
	return store_setting_get(ctx->st, ctx->a, key, &v) == STORE_OK && v && *v ? v : def;
}

/* The text of a reply or a note: NFC-trimmed by the caller; here its presence and length. */
static bool text_ok(const char *s, size_t max, struct buf *why, const char *what)
{
	if (!s || !*s || strlen(s) > max * 4) {
		buf_printf(why, "Hãy nhập %s (tối đa %zu ký tự).", what, max);
		return false;
	}
	return true;
}

static void audit(struct nr_ctx *ctx, const char *action, int64_t id, const char *detail)
{
	nr_audit(ctx, action, arena_printf(ctx->a, "ticket:%lld", (long long)id), detail);
}

enum nr_result nr_ticket_reply(struct nr_ctx *ctx, int64_t id, const char *body, struct buf *why)
{
	struct ticket t;
	enum nr_result r = nr_ticket_get(ctx, id, &t, why);
	if (r != NR_OK)
		return r;
	if (!text_ok(body, REPLY_MAX, why, "nội dung trả lời"))
		return NR_INVALID;
	const char *site = setting(ctx, "site_name", "Gazette");
	struct outbox_mail m = {
	    .to = t.email,
	    .subject = arena_printf(ctx->a, "[%s] Trả lời: %s", site, t.subject),
	    .body =
		arena_printf(ctx->a, "Kính gửi %s,\n\n%s\n\n%s\n\n---\nNội dung bạn đã gửi:\n%s\n",
			     t.name, body, *t.unit_name ? t.unit_name : site, t.message)};
	struct ticket_event e = {
	    .ticket_id = id, .user_name = ctx->user->name, .kind = "reply", .body = body};
	r = nr_of_store(store_ticket_step(ctx->st, &e, TICKET_ANSWERED, &m, *t.email ? 1 : 0));
	if (r == NR_OK)
		audit(ctx, "ticket.reply", id, *t.email ? "trả lời qua email" : "trả lời");
	return r;
}

enum nr_result nr_ticket_forward(struct nr_ctx *ctx, int64_t id, int64_t unit_id, const char *note,
				 struct buf *why)
{
	struct ticket t;
	enum nr_result r = nr_ticket_get(ctx, id, &t, why);
	if (r != NR_OK)
		return r;
	struct org_unit *u;
	size_t n = 0;
	const struct org_unit *to = NULL;
	if (store_units(ctx->st, ctx->a, &u, &n) != STORE_OK)
		return NR_UNAVAILABLE;
	for (size_t i = 0; i < n; i++)
		if (u[i].id == unit_id)
			to = &u[i];
	if (!to || unit_id == t.unit_id) {
		buf_puts(why, "Hãy chọn một đơn vị khác để chuyển phiếu.");
		return NR_INVALID;
	}
	const char *site = setting(ctx, "site_name", "Gazette");
	struct outbox_mail m = {
	    .to = to->email,
	    .subject = arena_printf(ctx->a, "[%s] Phiếu #%lld chuyển đến %s: %s", site,
				    (long long)id, to->name, t.subject),
	    .body = arena_printf(
		ctx->a, "%s chuyển phiếu #%lld từ %s.\nGhi chú: %s\n\nTiêu đề: %s\n\n%s\n",
		ctx->user->name, (long long)id, *t.unit_name ? t.unit_name : "(chưa phân công)",
		note ? note : "", t.subject, t.message)};
	struct ticket_event e = {.ticket_id = id,
				 .user_name = ctx->user->name,
				 .kind = "forward",
				 .from_unit = t.unit_id,
				 .to_unit = unit_id,
				 .body = note ? note : ""};
	r = nr_of_store(store_ticket_step(ctx->st, &e, TICKET_FORWARDED, &m, *to->email ? 1 : 0));
	if (r == NR_OK)
		audit(ctx, "ticket.forward", id, arena_printf(ctx->a, "chuyển đến %s", to->name));
	return r;
}

enum nr_result nr_ticket_close(struct nr_ctx *ctx, int64_t id, struct buf *why)
{
	struct ticket t;
	enum nr_result r = nr_ticket_get(ctx, id, &t, why);
	if (r != NR_OK)
		return r;
	struct ticket_event e = {.ticket_id = id, .user_name = ctx->user->name, .kind = "close"};
	r = nr_of_store(store_ticket_step(ctx->st, &e, TICKET_CLOSED, NULL, 0));
	if (r == NR_OK)
		audit(ctx, "ticket.close", id, "");
	return r;
}

enum nr_result nr_ticket_publish(struct nr_ctx *ctx, int64_t id, bool on, const char *answer,
				 struct buf *why)
{
	struct ticket t;
	enum nr_result r = nr_ticket_get(ctx, id, &t, why);
	if (r != NR_OK)
		return r;
	if (on && t.kind != TICKET_QUESTION) {
		buf_puts(why, "Chỉ câu hỏi mới được đăng lên mục Hỏi đáp.");
		return NR_INVALID;
	}
	if (on && !text_ok(answer, REPLY_MAX, why, "câu trả lời để đăng"))
		return NR_INVALID;
	r = nr_of_store(store_ticket_publish(ctx->st, id, on, on ? answer : t.answer));
	if (r == NR_OK) {
		audit(ctx, on ? "ticket.publish" : "ticket.unpublish", id, "");
		if (ctx->changed)
			ctx->changed(ctx->changed_cls);
	}
	return r;
}

/* --- the outbox ------------------------------------------------------------------------------- */

static int64_t retry_base(struct store *st, struct arena *a)
{
	const char *v = NULL;
	long long n = 60;
	if (store_setting_get(st, a, "mail_retry_seconds", &v) == STORE_OK && v && *v)
		n = strtoll(v, NULL, 10);
	return n < 1 ? 1 : n > RETRY_MAX ? RETRY_MAX : n;
}

int nr_outbox_pass(struct store *st, const struct mail_config *mail, int64_t now)
{
	if (!mail->smtp || !*mail->smtp)
		return 0; /* kept in the outbox until a relay is configured */
	struct arena *a = arena_new();
	struct outbox_mail *m;
	size_t n = 0;
	int sent = 0;
	if (store_outbox_due(st, a, now, OUTBOX_BATCH, &m, &n) != STORE_OK)
		n = 0;
	int64_t base = retry_base(st, a);
	for (size_t i = 0; i < n; i++) {
		bool claimed = false;
		if (store_outbox_claim(st, &m[i], now + OUTBOX_LEASE, &claimed) != STORE_OK ||
		    !claimed)
			continue;
		struct buf err = BUF_INIT;
		if (mail_send(mail, m[i].to, m[i].subject, m[i].body, &err) == 0) {
			store_outbox_sent(st, m[i].id, now);
			sent++;
		} else {
			int64_t wait = base;
			for (int64_t k = 0; k < m[i].attempts && wait < RETRY_MAX; k++)
				wait *= 2;
			store_outbox_failed(st, m[i].id,
					    now + (wait < RETRY_MAX ? wait : RETRY_MAX),
					    buf_cstr(&err));
			log_warn("outbox: mail %lld not sent yet: %s", (long long)m[i].id,
				 buf_cstr(&err));
			buf_free(&err);
			break; /* the relay is down: the rest waits for the next pass, so that
				* the takedown alerts sharing this thread are never held up */
		}
		buf_free(&err);
	}
	arena_free(a);
	return sent;
}

/* --- personal data ---------------------------------------------------------------------------- */

enum nr_result nr_tickets_purge(struct store *st, int64_t now, int64_t *n)
{
	struct arena *a = arena_new();
	const char *v = NULL;
	long long days = 365;
	if (store_setting_get(st, a, "ticket_retention_days", &v) == STORE_OK && v && *v)
		days = strtoll(v, NULL, 10);
	arena_free(a);
	if (days < 30)
		days = 30;
	int64_t got = 0;
	enum nr_result r = nr_of_store(store_tickets_purge(st, now - (int64_t)days * 86400, &got));
	if (r == NR_OK && got > 0) {
		struct audit_entry e = {.user_name = "gazette",
					.address = "",
					.action = "ticket.purge",
					.object = "tickets",
					.detail = ""};
		char detail[64];
		snprintf(detail, sizeof detail, "%lld phiếu quá thời hạn lưu trữ", (long long)got);
		e.detail = detail;
		store_audit_add(st, &e);
	}
	if (n)
		*n = r == NR_OK ? got : 0;
	return r;
}

static json_t *ticket_json(const struct ticket *t, const struct ticket_event *e, size_t ne)
{
	json_t *o =
	    json_pack("{sI ss sI ss ss ss ss ss ss ss sb sI sI sI sb ss}", "id", (json_int_t)t->id,
		      "kind", ticket_kind_name(t->kind), "article_id", (json_int_t)t->article_id,
		      "unit", t->unit_name, "name", t->name, "email", t->email, "phone", t->phone,
		      "subject", t->subject, "message", t->message, "status",
		      ticket_status_name(t->status), "show_name", t->show_name, "created_at",
		      (json_int_t)t->created_at, "updated_at", (json_int_t)t->updated_at, "due_at",
		      (json_int_t)t->due_at, "published", t->published, "answer", t->answer);
	json_t *h = json_array();
	for (size_t i = 0; i < ne; i++)
		json_array_append_new(h, json_pack("{sI ss ss ss}", "at", (json_int_t)e[i].at, "by",
						   e[i].user_name, "kind", e[i].kind, "body",
						   e[i].body));
	json_object_set_new(o, "history", h);
	return o;
}

static bool may_personal(struct nr_ctx *ctx, struct buf *why)
{
	if (is_admin(ctx))
		return true;
	buf_puts(why, "Chỉ quản trị viên được xuất hoặc xóa dữ liệu cá nhân.");
	return false;
}

enum nr_result nr_personal_export(struct nr_ctx *ctx, const char *who, json_t **out,
				  struct buf *why)
{
	if (ctx->user && !may_personal(ctx, why))
		return NR_FORBIDDEN;
	struct personal_data d;
	enum nr_result r = nr_of_store(store_personal_find(ctx->st, ctx->a, who, &d));
	if (r == NR_INVALID)
		buf_puts(why, "Hãy nhập một địa chỉ email hoặc số điện thoại.");
	if (r != NR_OK)
		return r;
	json_t *tickets = json_array(), *mails = json_array();
	for (size_t i = 0; i < d.ntickets; i++)
		json_array_append_new(tickets,
				      ticket_json(&d.tickets[i], d.events[i], d.nevents[i]));
	for (size_t i = 0; i < d.nmails; i++)
		json_array_append_new(mails,
				      json_pack("{ss ss ss sI}", "to", d.mails[i].to, "subject",
						d.mails[i].subject, "body", d.mails[i].body,
						"sent_at", (json_int_t)d.mails[i].sent_at));
	*out = json_pack("{ss so so}", "who", who, "tickets", tickets, "mails", mails);
	nr_audit(ctx, "personal_data.export", "personal_data",
		 arena_printf(ctx->a, "%zu phiếu", d.ntickets));
	return NR_OK;
}

enum nr_result nr_personal_erase(struct nr_ctx *ctx, const char *who, int64_t *n, struct buf *why)
{
	if (ctx->user && !may_personal(ctx, why))
		return NR_FORBIDDEN;
	int64_t got = 0;
	enum nr_result r = nr_of_store(store_personal_erase(ctx->st, who, &got));
	if (r == NR_INVALID)
		buf_puts(why, "Hãy nhập một địa chỉ email hoặc số điện thoại.");
	if (r == NR_OK) {
		/* The log keeps no trace of whose data it was: only how much went. */
		nr_audit(ctx, "personal_data.erase", "personal_data",
			 arena_printf(ctx->a, "%lld phiếu", (long long)got));
		if (ctx->changed && got > 0)
			ctx->changed(ctx->changed_cls);
	}
	if (n)
		*n = got;
	return r;
}
