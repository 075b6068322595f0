/* The store's citizens' channels (issue 13): tickets from the contact form (questions) and
 * complaints about content, their replies and forwards, the staff who handle each department,
 * the published questions and answers, the mail outbox, and the askers' personal data
 * (retention, export, erasure), on both backends. */
#ifndef GZ_STORE_TICKETS_H
#define GZ_STORE_TICKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "store/store.h"

enum ticket_kind { TICKET_QUESTION, TICKET_COMPLAINT, TICKET_KIND_MAX };
enum ticket_status {
	TICKET_NEW,
	TICKET_ANSWERED,
	TICKET_FORWARDED,
	TICKET_CLOSED,
	TICKET_STATUS_MAX
};

/* "question", "complaint" / "new", "answered"...; parse returns -1 for an unknown name. */
const char *ticket_kind_name(enum ticket_kind k);
int ticket_kind_parse(const char *s);
const char *ticket_status_name(enum ticket_status s);
int ticket_status_parse(const char *s);

/* A ticket. Strings never NULL. email and phone are personal data: only staff with the right
 * see them. unit_name and the article's title and slug are read, never written. */
struct ticket {
	int64_t id, article_id, unit_id; /* 0: none */
	enum ticket_kind kind;
	enum ticket_status status;
	const char *unit_name, *name, *email, *phone, *subject, *message;
	bool show_name; /* the asker agreed to have the name shown with a published answer */
	int64_t due_at, created_at, updated_at;
	bool published; /* a published question and answer at /hoi-dap/{id} */
	const char *answer;
	int64_t published_at;
	const char *article_title, *article_slug;
};

/* A step of a ticket's history: a reply, a forward, a close, a publication. */
struct ticket_event {
	int64_t id, ticket_id, at, from_unit, to_unit;
	const char *user_name, *kind, *body;
};

/* A mail waiting in the outbox (sent by a background pass, retried until it goes). */
struct outbox_mail {
	int64_t id, ticket_id, attempts, next_at, sent_at;
	const char *to, *subject, *body, *error;
};

/* Adds a ticket and the mails announcing it in one transaction: the ticket is never lost to a
 * mail that cannot go yet. *id gets the ticket's id. */
enum store_rc store_ticket_add(struct store *st, const struct ticket *t,
			       const struct outbox_mail *mails, size_t nmails, int64_t *id);
enum store_rc store_ticket_get(struct store *st, struct arena *a, int64_t id, struct ticket *out);

struct ticket_query {
	int64_t unit_id;    /* 0: any */
	int64_t handler_id; /* > 0: only the departments this account handles */
	int status;         /* enum ticket_status, -1: any */
	int kind;           /* enum ticket_kind, -1: any */
	bool published;     /* only published questions and answers, newest first */
	int64_t offset, limit;
};
/* Open tickets first, soonest due first (published: newest publication first); *total exact. */
enum store_rc store_tickets(struct store *st, struct arena *a, const struct ticket_query *q,
			    struct ticket **out, size_t *n, int64_t *total);
/* Oldest first. */
enum store_rc store_ticket_events(struct store *st, struct arena *a, int64_t ticket_id,
				  struct ticket_event **out, size_t *n);

/* Records step e of ticket e->ticket_id, sets its status (and its department when e->to_unit
 * is set) and queues the mails, all in one transaction. STORE_NOTFOUND for no such ticket. */
enum store_rc store_ticket_step(struct store *st, const struct ticket_event *e,
				enum ticket_status status, const struct outbox_mail *mails,
				size_t nmails);
/* Publishes the answer of a ticket as a question and answer (or takes it back); readers see it,
 * so the content version moves. */
enum store_rc store_ticket_publish(struct store *st, int64_t id, bool on, const char *answer);
/* The same with the publication's date given (an import keeps the old site's; 0: now). */
enum store_rc store_ticket_publish_at(struct store *st, int64_t id, bool on, const char *answer,
				      int64_t at);
/* Replaces a ticket's subject, message and creation date with an importer's (the old site edited
 * them since the last run); readers see it. STORE_NOTFOUND for no such ticket. */
enum store_rc store_ticket_revise(struct store *st, int64_t id, const char *subject,
				  const char *message, int64_t created_at);

/* The departments an account handles, and the whole table for the admin's screen. */
struct ticket_handler {
	int64_t user_id, unit_id;
	const char *user_name, *unit_name;
};
enum store_rc store_ticket_handled(struct store *st, struct arena *a, int64_t user_id,
				   int64_t **units, size_t *n);
enum store_rc store_ticket_handlers(struct store *st, struct arena *a, struct ticket_handler **out,
				    size_t *n);
enum store_rc store_ticket_handler_set(struct store *st, int64_t user_id, int64_t unit_id, bool on);

/* The outbox: mails due at now (at most limit), claimed one at a time so that a mail goes once
 * across nodes (*claimed false: another pass has it), then marked sent or failed. */
enum store_rc store_outbox_due(struct store *st, struct arena *a, int64_t now, size_t limit,
			       struct outbox_mail **out, size_t *n);
enum store_rc store_outbox_claim(struct store *st, const struct outbox_mail *m, int64_t lease_until,
				 bool *claimed);
enum store_rc store_outbox_sent(struct store *st, int64_t id, int64_t now);
enum store_rc store_outbox_failed(struct store *st, int64_t id, int64_t retry_at,
				  const char *error);

/* Personal data past its retention: tickets last changed before `before` are deleted with
 * their history and mails, published ones kept without the asker's name, email and phone; sent
 * mails older than `before` are deleted. *n gets the tickets touched. */
enum store_rc store_tickets_purge(struct store *st, int64_t before, int64_t *n);

/* One person's data, found by email (any case) or phone (digits): their tickets, each one's
 * history, and the mails to them. */
struct personal_data {
	struct ticket *tickets;
	size_t ntickets;
	struct ticket_event **events; /* per ticket */
	size_t *nevents;
	struct outbox_mail *mails;
	size_t nmails;
};
enum store_rc store_personal_find(struct store *st, struct arena *a, const char *who,
				  struct personal_data *out);
/* Erases it: the same rule as the retention (published answers kept, anonymised); *n gets the
 * tickets touched. */
enum store_rc store_personal_erase(struct store *st, const char *who, int64_t *n);

#endif
