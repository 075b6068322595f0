/* The citizens' channels' operations (tickets.h), composed of the statements each backend holds
 * (tickets-int.h) and runs through its sql_run step. */
#include "store/tickets.h"

#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"
#include "store/tickets-int.h"

static const char *const kind_names[TICKET_KIND_MAX] = {"question", "complaint"};
static const char *const status_names[TICKET_STATUS_MAX] = {"new", "answered", "forwarded",
							    "closed"};

const char *ticket_kind_name(enum ticket_kind k)
{
	return (unsigned)k < TICKET_KIND_MAX ? kind_names[k] : "question";
}

int ticket_kind_parse(const char *s)
{
	for (int i = 0; s && i < TICKET_KIND_MAX; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

const char *ticket_status_name(enum ticket_status s)
{
	return (unsigned)s < TICKET_STATUS_MAX ? status_names[s] : "new";
}

int ticket_status_parse(const char *s)
{
	for (int i = 0; s && i < TICKET_STATUS_MAX; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

static enum store_rc run(struct store *st, struct store_conn *c, struct arena *a, enum tk_stmt s,
			 const struct w_arg *args, size_t nargs, struct w_rows *out,
			 int64_t *changes)
{
	return st->ops->sql_run(c, a, st->ops->tk_sql[s], args, nargs, 1, out, changes);
}

static void ticket_of(const struct w_rows *r, size_t i, struct ticket *t)
{
	memset(t, 0, sizeof *t);
	t->id = w_cell_i64(r, i, 0);
	int k = ticket_kind_parse(w_cell_text(r, i, 1));
	t->kind = k < 0 ? TICKET_QUESTION : (enum ticket_kind)k;
	t->article_id = w_cell_i64(r, i, 2);
	t->unit_id = w_cell_i64(r, i, 3);
	t->unit_name = w_cell_text(r, i, 4);
	t->name = w_cell_text(r, i, 5);
	t->email = w_cell_text(r, i, 6);
	t->phone = w_cell_text(r, i, 7);
	t->subject = w_cell_text(r, i, 8);
	t->message = w_cell_text(r, i, 9);
	t->show_name = w_cell_i64(r, i, 10) != 0;
	int s = ticket_status_parse(w_cell_text(r, i, 11));
	t->status = s < 0 ? TICKET_NEW : (enum ticket_status)s;
	t->due_at = w_cell_i64(r, i, 12);
	t->created_at = w_cell_i64(r, i, 13);
	t->updated_at = w_cell_i64(r, i, 14);
	t->published = w_cell_i64(r, i, 15) != 0;
	t->answer = w_cell_text(r, i, 16);
	t->published_at = w_cell_i64(r, i, 17);
	t->article_title = w_cell_text(r, i, 18);
	t->article_slug = w_cell_text(r, i, 19);
}

static void tickets_of(struct arena *a, const struct w_rows *r, struct ticket **out, size_t *n)
{
	*n = r->n;
	*out = arena_alloc(a, (r->n ? r->n : 1) * sizeof **out);
	for (size_t i = 0; i < r->n; i++)
		ticket_of(r, i, &(*out)[i]);
}

static void mail_of(const struct w_rows *r, size_t i, struct outbox_mail *m)
{
	memset(m, 0, sizeof *m);
	m->id = w_cell_i64(r, i, 0);
	m->ticket_id = w_cell_i64(r, i, 1);
	m->to = w_cell_text(r, i, 2);
	m->subject = w_cell_text(r, i, 3);
	m->body = w_cell_text(r, i, 4);
	m->attempts = w_cell_i64(r, i, 5);
	m->next_at = w_cell_i64(r, i, 6);
	m->sent_at = w_cell_i64(r, i, 7);
	m->error = w_cell_text(r, i, 8);
}

static void mails_of(struct arena *a, const struct w_rows *r, struct outbox_mail **out, size_t *n)
{
	*n = r->n;
	*out = arena_alloc(a, (r->n ? r->n : 1) * sizeof **out);
	for (size_t i = 0; i < r->n; i++)
		mail_of(r, i, &(*out)[i]);
}

static enum store_rc queue(struct store *st, struct store_conn *c, int64_t ticket_id,
			   const struct outbox_mail *m, size_t n, int64_t now)
{
	enum store_rc rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		if (!m[i].to || !*m[i].to)
			continue;
		struct w_arg args[] = {
		    W_INT(ticket_id),  W_TEXT(m[i].to), W_TEXT(m[i].subject),
		    W_TEXT(m[i].body), W_INT(now),      W_INT(m[i].next_at ? m[i].next_at : now)};
		rc = run(st, c, NULL, TK_OUTBOX_INSERT, args, 6, NULL, NULL);
	}
	return rc;
}

static enum store_rc add_on(struct store *st, struct store_conn *c, const struct ticket *t,
			    const struct outbox_mail *mails, size_t nmails, int64_t *id)
{
	int64_t now = store_now();
	struct w_arg args[] = {W_TEXT(ticket_kind_name(t->kind)),
			       W_INT(t->article_id),
			       W_INT(t->unit_id),
			       W_TEXT(t->name),
			       W_TEXT(t->email),
			       W_TEXT(t->phone),
			       W_TEXT(t->subject),
			       W_TEXT(t->message),
			       W_INT(t->show_name),
			       W_INT(t->due_at),
			       W_INT(t->created_at ? t->created_at : now)};
	struct arena *a = arena_new();
	struct w_rows r;
	enum store_rc rc = run(st, c, a, TK_INSERT, args, 11, &r, NULL);
	if (rc == STORE_OK) {
		*id = w_cell_i64(&r, 0, 0);
		rc = queue(st, c, *id, mails, nmails, now);
	}
	arena_free(a);
	return rc;
}

enum store_rc store_ticket_add(struct store *st, const struct ticket *t,
			       const struct outbox_mail *mails, size_t nmails, int64_t *id)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	int64_t got = 0;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK)
		rc = store_tx_leave(st, c, add_on(st, c, t, mails, nmails, &got));
	store_give(st, c);
	if (rc == STORE_OK && id)
		*id = got;
	return rc;
}

enum store_rc store_ticket_get(struct store *st, struct arena *a, int64_t id, struct ticket *out)
{
	struct store_conn *c = store_take_read(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	struct w_arg args[] = {W_INT(id)};
	enum store_rc rc = run(st, c, a, TK_GET, args, 1, &r, NULL);
	store_give(st, c);
	if (rc == STORE_OK && r.n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		ticket_of(&r, 0, out);
	return rc;
}

enum store_rc store_tickets(struct store *st, struct arena *a, const struct ticket_query *q,
			    struct ticket **out, size_t *n, int64_t *total)
{
	struct store_conn *c = store_take_read(st);
	if (!c)
		return STORE_UNAVAILABLE;
	const char *status =
	    q->status >= 0 ? ticket_status_name((enum ticket_status)q->status) : "";
	const char *kind = q->kind >= 0 ? ticket_kind_name((enum ticket_kind)q->kind) : "";
	struct w_arg args[] = {W_INT(q->unit_id),
			       W_TEXT(status),
			       W_TEXT(kind),
			       W_INT(q->handler_id),
			       W_INT(q->published),
			       W_INT(q->limit > 0 ? q->limit : 50),
			       W_INT(q->offset > 0 ? q->offset : 0)};
	struct w_rows r, cnt;
	enum store_rc rc = run(st, c, a, TK_LIST, args, 7, &r, NULL);
	if (rc == STORE_OK)
		rc = run(st, c, a, TK_COUNT, args, 5, &cnt, NULL);
	store_give(st, c);
	if (rc != STORE_OK)
		return rc;
	tickets_of(a, &r, out, n);
	if (total)
		*total = w_cell_i64(&cnt, 0, 0);
	return STORE_OK;
}

enum store_rc store_ticket_events(struct store *st, struct arena *a, int64_t ticket_id,
				  struct ticket_event **out, size_t *n)
{
	struct store_conn *c = store_take_read(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	struct w_arg args[] = {W_INT(ticket_id)};
	enum store_rc rc = run(st, c, a, TK_EVENTS, args, 1, &r, NULL);
	store_give(st, c);
	if (rc != STORE_OK)
		return rc;
	*n = r.n;
	*out = arena_alloc(a, (r.n ? r.n : 1) * sizeof **out);
	for (size_t i = 0; i < r.n; i++) {
		struct ticket_event *e = &(*out)[i];
		e->id = w_cell_i64(&r, i, 0);
		e->ticket_id = w_cell_i64(&r, i, 1);
		e->at = w_cell_i64(&r, i, 2);
		e->user_name = w_cell_text(&r, i, 3);
		e->kind = w_cell_text(&r, i, 4);
		e->from_unit = w_cell_i64(&r, i, 5);
		e->to_unit = w_cell_i64(&r, i, 6);
		e->body = w_cell_text(&r, i, 7);
	}
	return STORE_OK;
}

static enum store_rc step_on(struct store *st, struct store_conn *c, const struct ticket_event *e,
			     enum ticket_status status, const struct outbox_mail *mails,
			     size_t nmails)
{
	int64_t now = e->at ? e->at : store_now(), changed = 0;
	struct w_arg set[] = {W_INT(e->ticket_id), W_TEXT(ticket_status_name(status)),
			      W_INT(e->to_unit), W_INT(now)};
	enum store_rc rc = run(st, c, NULL, TK_SET_STATUS, set, 4, NULL, &changed);
	if (rc == STORE_OK && changed == 0)
		rc = STORE_NOTFOUND;
	struct w_arg ev[] = {W_INT(e->ticket_id), W_INT(now),          W_TEXT(e->user_name),
			     W_TEXT(e->kind),     W_INT(e->from_unit), W_INT(e->to_unit),
			     W_TEXT(e->body)};
	if (rc == STORE_OK)
		rc = run(st, c, NULL, TK_EVENT_INSERT, ev, 7, NULL, NULL);
	if (rc == STORE_OK)
		rc = queue(st, c, e->ticket_id, mails, nmails, now);
	return rc;
}

enum store_rc store_ticket_step(struct store *st, const struct ticket_event *e,
				enum ticket_status status, const struct outbox_mail *mails,
				size_t nmails)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK)
		rc = store_tx_leave(st, c, step_on(st, c, e, status, mails, nmails));
	store_give(st, c);
	return rc;
}

/* Runs one update of a ticket (args[0] its id) and announces it to readers: NOTFOUND when no
 * row changed. */
static enum store_rc update_one(struct store *st, enum tk_stmt which, const struct w_arg *args,
				size_t nargs)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	int64_t changed = 0;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK) {
		enum store_rc in = run(st, c, NULL, which, args, nargs, NULL, &changed);
		if (in == STORE_OK && changed == 0)
			in = STORE_NOTFOUND;
		if (in == STORE_OK)
			in = run(st, c, NULL, TK_BUMP, NULL, 0, NULL, NULL);
		rc = store_tx_leave(st, c, in);
	}
	store_give(st, c);
	return rc;
}

enum store_rc store_ticket_publish(struct store *st, int64_t id, bool on, const char *answer)
{
	return store_ticket_publish_at(st, id, on, answer, 0);
}

enum store_rc store_ticket_publish_at(struct store *st, int64_t id, bool on, const char *answer,
				      int64_t at)
{
	struct w_arg args[] = {W_INT(id), W_INT(on), W_TEXT(answer),
			       W_INT(on ? (at > 0 ? at : store_now()) : 0)};
	return update_one(st, TK_PUBLISH, args, 4);
}

enum store_rc store_ticket_revise(struct store *st, int64_t id, const char *subject,
				  const char *message, int64_t created_at)
{
	struct w_arg args[] = {W_INT(id), W_TEXT(subject), W_TEXT(message), W_INT(created_at)};
	return update_one(st, TK_REVISE, args, 4);
}

enum store_rc store_ticket_handled(struct store *st, struct arena *a, int64_t user_id,
				   int64_t **units, size_t *n)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	struct w_arg args[] = {W_INT(user_id)};
	enum store_rc rc = run(st, c, a, TK_HANDLED, args, 1, &r, NULL);
	store_give(st, c);
	if (rc != STORE_OK)
		return rc;
	*n = r.n;
	*units = arena_alloc(a, (r.n ? r.n : 1) * sizeof **units);
	for (size_t i = 0; i < r.n; i++)
		(*units)[i] = w_cell_i64(&r, i, 0);
	return STORE_OK;
}

enum store_rc store_ticket_handlers(struct store *st, struct arena *a, struct ticket_handler **out,
				    size_t *n)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	enum store_rc rc = run(st, c, a, TK_HANDLERS, NULL, 0, &r, NULL);
	store_give(st, c);
	if (rc != STORE_OK)
		return rc;
	*n = r.n;
	*out = arena_alloc(a, (r.n ? r.n : 1) * sizeof **out);
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct ticket_handler){w_cell_i64(&r, i, 0), w_cell_i64(&r, i, 2),
						    w_cell_text(&r, i, 1), w_cell_text(&r, i, 3)};
	return STORE_OK;
}

enum store_rc store_ticket_handler_set(struct store *st, int64_t user_id, int64_t unit_id, bool on)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_arg args[] = {W_INT(user_id), W_INT(unit_id)};
	enum store_rc rc =
	    run(st, c, NULL, on ? TK_HANDLER_ADD : TK_HANDLER_DEL, args, 2, NULL, NULL);
	store_give(st, c);
	return rc;
}

/* --- the outbox ------------------------------------------------------------------------------- */

enum store_rc store_outbox_due(struct store *st, struct arena *a, int64_t now, size_t limit,
			       struct outbox_mail **out, size_t *n)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	struct w_arg args[] = {W_INT(now), W_INT(limit)};
	enum store_rc rc = run(st, c, a, TK_OUTBOX_DUE, args, 2, &r, NULL);
	store_give(st, c);
	if (rc == STORE_OK)
		mails_of(a, &r, out, n);
	return rc;
}

enum store_rc store_outbox_claim(struct store *st, const struct outbox_mail *m, int64_t lease_until,
				 bool *claimed)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	int64_t changed = 0;
	struct w_arg args[] = {W_INT(m->id), W_INT(m->next_at), W_INT(lease_until)};
	enum store_rc rc = run(st, c, NULL, TK_OUTBOX_CLAIM, args, 3, NULL, &changed);
	store_give(st, c);
	*claimed = rc == STORE_OK && changed == 1;
	return rc;
}

enum store_rc store_outbox_sent(struct store *st, int64_t id, int64_t now)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_arg args[] = {W_INT(id), W_INT(now)};
	enum store_rc rc = run(st, c, NULL, TK_OUTBOX_SENT, args, 2, NULL, NULL);
	store_give(st, c);
	return rc;
}

enum store_rc store_outbox_failed(struct store *st, int64_t id, int64_t retry_at, const char *error)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_arg args[] = {W_INT(id), W_INT(retry_at), W_TEXT(error)};
	enum store_rc rc = run(st, c, NULL, TK_OUTBOX_FAILED, args, 3, NULL, NULL);
	store_give(st, c);
	return rc;
}

/* --- personal data ---------------------------------------------------------------------------- */

/* Runs the four statements of a purge or an erasure in order, in one transaction; *n gets the
 * rows of the last two (tickets deleted and anonymised). */
static enum store_rc forget(struct store *st, const enum tk_stmt s[4], const struct w_arg *args,
			    size_t nargs, int64_t *n)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	int64_t del = 0, anon = 0;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK) {
		enum store_rc in = run(st, c, NULL, s[0], args, nargs, NULL, NULL);
		if (in == STORE_OK)
			in = run(st, c, NULL, s[1], args, nargs, NULL, NULL);
		if (in == STORE_OK)
			in = run(st, c, NULL, s[2], args, nargs, NULL, &del);
		if (in == STORE_OK)
			in = run(st, c, NULL, s[3], args, nargs, NULL, &anon);
		if (in == STORE_OK && anon > 0)
			in = run(st, c, NULL, TK_BUMP, NULL, 0, NULL, NULL);
		rc = store_tx_leave(st, c, in);
	}
	store_give(st, c);
	if (n)
		*n = rc == STORE_OK ? del + anon : 0;
	return rc;
}

enum store_rc store_tickets_purge(struct store *st, int64_t before, int64_t *n)
{
	static const enum tk_stmt s[4] = {TK_PURGE_OUTBOX, TK_PURGE_EVENTS, TK_PURGE_DELETE,
					  TK_PURGE_ANON};
	struct w_arg args[] = {W_INT(before)};
	return forget(st, s, args, 1, n);
}

/* A person's key: an email (lowercase) or a phone (its digits and a leading +). */
static void who_of(struct arena *a, const char *who, const char **email, const char **phone)
{
	*email = "";
	*phone = "";
	if (!who || !*who)
		return;
	if (strchr(who, '@')) {
		char *e = arena_strdup(a, who);
		for (char *p = e; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		*email = e;
		return;
	}
	char *d = arena_alloc(a, strlen(who) + 1), *o = d;
	for (const char *p = who; *p; p++)
		if ((*p >= '0' && *p <= '9') || (*p == '+' && o == d))
			*o++ = *p;
	*o = '\0';
	*phone = d;
}

enum store_rc store_personal_find(struct store *st, struct arena *a, const char *who,
				  struct personal_data *out)
{
	memset(out, 0, sizeof *out);
	const char *email, *phone;
	who_of(a, who, &email, &phone);
	if (!*email && !*phone)
		return STORE_INVALID;
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r, m;
	struct w_arg args[] = {W_TEXT(email), W_TEXT(phone)};
	enum store_rc rc = run(st, c, a, TK_PERSON, args, 2, &r, NULL);
	if (rc == STORE_OK)
		rc = run(st, c, a, TK_PERSON_MAILS, args, 1, &m, NULL);
	store_give(st, c);
	if (rc != STORE_OK)
		return rc;
	tickets_of(a, &r, &out->tickets, &out->ntickets);
	mails_of(a, &m, &out->mails, &out->nmails);
	size_t nt = out->ntickets ? out->ntickets : 1;
	out->events = arena_alloc(a, nt * sizeof *out->events);
	out->nevents = arena_alloc(a, nt * sizeof *out->nevents);
	for (size_t i = 0; rc == STORE_OK && i < out->ntickets; i++)
		rc = store_ticket_events(st, a, out->tickets[i].id, &out->events[i],
					 &out->nevents[i]);
	return rc;
}

enum store_rc store_personal_erase(struct store *st, const char *who, int64_t *n)
{
	static const enum tk_stmt s[4] = {TK_ERASE_OUTBOX, TK_ERASE_EVENTS, TK_ERASE_DELETE,
					  TK_ERASE_ANON};
	struct arena *a = arena_new();
	const char *email, *phone;
	who_of(a, who, &email, &phone);
	enum store_rc rc = STORE_INVALID;
	if (*email || *phone) {
		struct w_arg args[] = {W_TEXT(email), W_TEXT(phone)};
		rc = forget(st, s, args, 2, n);
	}
	arena_free(a);
	return rc;
}
