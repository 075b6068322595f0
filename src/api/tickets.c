/* The tickets through the API with a token (issue 13): list, read, reply, close, for accounts
 * with the right (admins, or handlers of the ticket's department; others get 403, and a ticket
 * of another department is 404). The askers' email and phone appear only here, never in the
 * public reads. */
#include "api/api-int.h"

#include <stdlib.h>
#include <string.h>

#include "admin/tickets.h"

static json_t *ticket_json(struct api *api, const struct ticket *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "kind", json_string(ticket_kind_name(t->kind)));
	json_object_set_new(o, "status", json_string(ticket_status_name(t->status)));
	json_object_set_new(o, "article_id",
			    t->article_id ? json_integer(t->article_id) : json_null());
	json_object_set_new(o, "unit_id", t->unit_id ? json_integer(t->unit_id) : json_null());
	json_object_set_new(o, "unit", json_string(t->unit_name));
	json_object_set_new(o, "name", json_string(t->name));
	json_object_set_new(o, "email", json_string(t->email));
	json_object_set_new(o, "phone", json_string(t->phone));
	json_object_set_new(o, "show_name", json_boolean(t->show_name));
	json_object_set_new(o, "subject", json_string(t->subject));
	json_object_set_new(o, "message", json_string(t->message));
	json_object_set_new(o, "created_at", api_time_json(api, t->created_at));
	json_object_set_new(o, "due_at", api_time_json(api, t->due_at));
	json_object_set_new(o, "overdue",
			    json_boolean(t->status != TICKET_CLOSED && t->due_at < api->p->now));
	json_object_set_new(o, "published", json_boolean(t->published));
	json_object_set_new(o, "answer", json_string(t->answer));
	return o;
}

static bool staff(struct api *api)
{
	if (nr_ticket_staff(&api->nr))
		return true;
	api_error(api, 403, "forbidden",
		  "Tài khoản của bạn chưa được giao tiếp nhận phiếu hỏi đáp của đơn vị nào.", NULL);
	return false;
}

/* A query parameter as a whole number in [lo, hi]; def when absent, -1 when wrong. */
static long long param(struct api *api, const char *name, long long def, long long lo, long long hi)
{
	const char *v = http_query(api->p->req, name);
	if (!v || !*v)
		return def;
	char *end;
	long long n = strtoll(v, &end, 10);
	return *end || n < lo || n > hi ? -1 : n;
}

void api_h_tickets(void *ctx)
{
	struct api *api = ctx;
	if (!staff(api))
		return;
	const char *st = http_query(api->p->req, "status"), *kind = http_query(api->p->req, "kind");
	struct ticket_query q = {.handler_id =
				     role_of_user(&api->user) == ROLE_ADMIN ? 0 : api->user.id,
				 .status = st && *st ? ticket_status_parse(st) : -1,
				 .kind = kind && *kind ? ticket_kind_parse(kind) : -1,
				 .offset = param(api, "offset", 0, 0, 1000000000),
				 .limit = param(api, "limit", 50, 1, 200)};
	if ((st && *st && q.status < 0) || (kind && *kind && q.kind < 0) || q.offset < 0 ||
	    q.limit < 0) {
		api_error(api, 400, "bad_request",
			  "Tham số không hợp lệ: status (new, answered, forwarded, closed), kind "
			  "(question, complaint), offset, limit (1-200).",
			  NULL);
		return;
	}
	struct ticket *t;
	size_t n = 0;
	int64_t total = 0;
	enum store_rc rc = store_tickets(api->p->st, api->p->a, &q, &t, &n, &total);
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, ticket_json(api, &t[i]));
	api_send_json(api, 200, json_pack("{so sI}", "tickets", list, "total", (json_int_t)total));
}

/* The ticket with its history, or an error answered. */
static void answer_ticket(struct api *api, int64_t id, int status)
{
	struct ticket t;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_ticket_get(&api->nr, id, &t, &why);
	if (r != NR_OK) {
		api_nr_error(api, r, &why);
		buf_free(&why);
		return;
	}
	buf_free(&why);
	json_t *o = ticket_json(api, &t), *h = json_array();
	struct ticket_event *e;
	size_t ne = 0;
	if (store_ticket_events(api->p->st, api->p->a, id, &e, &ne) != STORE_OK)
		ne = 0;
	for (size_t i = 0; i < ne; i++)
		json_array_append_new(
		    h, json_pack("{so ss ss ss}", "at", api_time_json(api, e[i].at), "by",
				 e[i].user_name, "kind", e[i].kind, "body", e[i].body));
	json_object_set_new(o, "history", h);
	api_send_json(api, status, o);
}

void api_h_ticket(void *ctx)
{
	struct api *api = ctx;
	if (staff(api))
		answer_ticket(api, http_route_param_id(&api->p->match, "id"), 200);
}

void api_h_ticket_action(void *ctx)
{
	struct api *api = ctx;
	if (!staff(api))
		return;
	int64_t id = http_route_param_id(&api->p->match, "id");
	bool reply = strcmp(api->p->match.route->arg, "reply") == 0;
	json_t *doc = NULL;
	if (!api_read_body(api, reply, &doc))
		return;
	json_t *body = json_object_get(doc, "body");
	if (reply && !json_is_string(body)) {
		api_error(api, 422, "invalid", "Cần \"body\": nội dung trả lời (chuỗi).", NULL);
		return;
	}
	struct buf why = BUF_INIT;
	enum nr_result r = reply ? nr_ticket_reply(&api->nr, id, json_string_value(body), &why)
				 : nr_ticket_close(&api->nr, id, &why);
	if (r != NR_OK)
		api_nr_error(api, r, &why);
	else
		answer_ticket(api, id, 200);
	buf_free(&why);
}
