/* The newsroom's ticket operations (issue 13), shared by the screens, the API and the commands:
 * who may handle a ticket (admins, and accounts given a department), replies, forwards, closing,
 * publishing a question and answer, the mail outbox's pass, the retention of personal data, and
 * one person's data exported or erased. Each checks the right and writes the audit log. */
#ifndef GZ_ADMIN_TICKETS_H
#define GZ_ADMIN_TICKETS_H

#include <jansson.h>

#include "admin/newsroom.h"
#include "mail/mail.h"
#include "store/tickets.h"

/* True when the account may see tickets at all (admin, or handles a department), and when it
 * may see and act on ticket t (admin, or handles t's department). */
bool nr_ticket_staff(struct nr_ctx *ctx);
bool nr_ticket_may(struct nr_ctx *ctx, const struct ticket *t);

/* Reads a ticket for its handler: NR_NOTFOUND when it does not exist or (to others) when the
 * account may not see it. */
enum nr_result nr_ticket_get(struct nr_ctx *ctx, int64_t id, struct ticket *t, struct buf *why);
/* Answers a ticket: the reply is kept in its history and mailed to the asker (when an email was
 * given); the ticket becomes "answered". */
enum nr_result nr_ticket_reply(struct nr_ctx *ctx, int64_t id, const char *body, struct buf *why);
/* Sends a ticket to another department (mailed to it), with a note; "forwarded". */
enum nr_result nr_ticket_forward(struct nr_ctx *ctx, int64_t id, int64_t unit_id, const char *note,
				 struct buf *why);
enum nr_result nr_ticket_close(struct nr_ctx *ctx, int64_t id, struct buf *why);
/* Publishes (on) a question and its answer at /hoi-dap/{id}, or takes it back. Only questions,
 * with an answer. */
enum nr_result nr_ticket_publish(struct nr_ctx *ctx, int64_t id, bool on, const char *answer,
				 struct buf *why);

/* One pass over the outbox at now: each due mail claimed (once across nodes), sent, and marked;
 * a failure is retried later (mail_retry_seconds, 60 by default, doubling, at most an hour) and
 * ends the pass, the rest waiting for the next. Returns the mails sent. */
int nr_outbox_pass(struct store *st, const struct mail_config *mail, int64_t now);
/* Deletes (or anonymises, for published answers) the personal data of tickets untouched for the
 * setting ticket_retention_days (default 365, at least 30) before now; audited when any. */
enum nr_result nr_tickets_purge(struct store *st, int64_t now, int64_t *n);
/* One person's data (by email or phone) as a JSON object {who, tickets: [...], mails: [...]}
 * (a new reference), and its erasure; both audited under ctx's account. */
enum nr_result nr_personal_export(struct nr_ctx *ctx, const char *who, json_t **out,
				  struct buf *why);
enum nr_result nr_personal_erase(struct nr_ctx *ctx, const char *who, int64_t *n, struct buf *why);

/* Vietnamese names of a ticket's status and kind. */
const char *nr_ticket_status_label(enum ticket_status s);
const char *nr_ticket_kind_label(enum ticket_kind k);

#endif
