/* The PostgreSQL backend's part of the citizens' channels: the tickets' tables (a migration) and
 * the text of their statements (src/store/tickets.c composes them). */
#include "store/pg/pg-int.h"

#include "store/tickets-int.h"

/* The filters of a list: (unit, status, kind, handler, published). */
#define FILTER                                                                                     \
	"($1 = 0 OR t.unit_id = $1) AND ($2 = '' OR t.status = $2) AND ($3 = '' OR t.kind = $3) "  \
	"AND ($4 = 0 OR t.unit_id IN (SELECT unit_id FROM ticket_handlers WHERE user_id = $4)) "   \
	"AND ($5 = 0 OR t.published = 1)"
/* One person: (email, phone). */
#define WHO "(($1 <> '' AND t.email = $1) OR ($2 <> '' AND t.phone = $2))"

/* Tickets (issue 13): questions from the contact form and complaints about content, their
 * history, who handles each department, and the mail outbox (retried until the relay takes it). */
const char pg_tickets_schema[] =
    "CREATE TABLE tickets (\n"
    "  id BIGSERIAL PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('question','complaint')),\n"
    "  article_id BIGINT NOT NULL DEFAULT 0,\n"
    "  unit_id BIGINT NOT NULL DEFAULT 0,\n"
    "  name TEXT NOT NULL,\n"
    "  email TEXT NOT NULL DEFAULT '',\n"
    "  phone TEXT NOT NULL DEFAULT '',\n"
    "  subject TEXT NOT NULL,\n"
    "  message TEXT NOT NULL,\n"
    "  show_name INTEGER NOT NULL DEFAULT 0,\n"
    "  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN "
    "('new','answered','forwarded','closed')),\n"
    "  due_at BIGINT NOT NULL,\n"
    "  created_at BIGINT NOT NULL,\n"
    "  updated_at BIGINT NOT NULL,\n"
    "  published INTEGER NOT NULL DEFAULT 0,\n"
    "  answer TEXT NOT NULL DEFAULT '',\n"
    "  published_at BIGINT NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE INDEX tickets_open ON tickets(unit_id, status, due_at);\n"
    "CREATE INDEX tickets_published ON tickets(published, published_at);\n"
    "CREATE INDEX tickets_email ON tickets(email);\n"
    "CREATE INDEX tickets_phone ON tickets(phone);\n"
    "CREATE INDEX tickets_updated ON tickets(updated_at);\n"
    "CREATE TABLE ticket_events (\n"
    "  id BIGSERIAL PRIMARY KEY,\n"
    "  ticket_id BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,\n"
    "  at BIGINT NOT NULL,\n"
    "  user_name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"
    "  from_unit BIGINT NOT NULL DEFAULT 0,\n"
    "  to_unit BIGINT NOT NULL DEFAULT 0,\n"
    "  body TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);\n"
    "CREATE TABLE ticket_handlers (\n"
    "  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  unit_id BIGINT NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,\n"
    "  PRIMARY KEY (user_id, unit_id)\n"
    ");\n"
    "CREATE TABLE mail_outbox (\n"
    "  id BIGSERIAL PRIMARY KEY,\n"
    "  ticket_id BIGINT NOT NULL DEFAULT 0,\n"
    "  to_addr TEXT NOT NULL,\n"
    "  subject TEXT NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  created_at BIGINT NOT NULL,\n"
    "  attempts INTEGER NOT NULL DEFAULT 0,\n"
    "  next_at BIGINT NOT NULL,\n"
    "  sent_at BIGINT NOT NULL DEFAULT 0,\n"
    "  last_error TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE INDEX mail_outbox_due ON mail_outbox(sent_at, next_at);\n"
    "CREATE INDEX mail_outbox_ticket ON mail_outbox(ticket_id);\n";

const char *const pg_ticket_sql[TK_MAX] = {
    [TK_BUMP] = "WITH u AS (UPDATE meta SET value = value + 1 WHERE key = 'content_version' "
		"RETURNING 1) SELECT pg_notify('gazette_content', '') FROM u",
    [TK_INSERT] = "INSERT INTO tickets(kind, article_id, unit_id, name, email, phone, subject, "
		  "message, show_name, status, due_at, created_at, updated_at) VALUES ($1, $2, $3, "
		  "$4, $5, $6, $7, $8, $9, 'new', $10, $11, $11) RETURNING id",
    [TK_GET] = "SELECT " TK_COLS " WHERE t.id = $1",
    [TK_LIST] = "SELECT " TK_COLS " WHERE " FILTER
		" ORDER BY CASE WHEN $5 = 1 THEN -t.published_at ELSE 0 END, CASE WHEN t.status = "
		"'closed' THEN 1 ELSE 0 END, t.due_at, t.id LIMIT $6 OFFSET $7",
    [TK_COUNT] = "SELECT count(*) FROM tickets t WHERE " FILTER "",
    [TK_SET_STATUS] = "UPDATE tickets SET status = $2, unit_id = CASE WHEN $3 = 0 THEN unit_id "
		      "ELSE $3 END, updated_at = $4 WHERE id = $1",
    [TK_EVENT_INSERT] = "INSERT INTO ticket_events(ticket_id, at, user_name, kind, from_unit, "
			"to_unit, body) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [TK_EVENTS] = "SELECT id, ticket_id, at, user_name, kind, from_unit, to_unit, body FROM "
		  "ticket_events WHERE ticket_id = $1 ORDER BY id",
    [TK_PUBLISH] =
	"UPDATE tickets SET published = $2, answer = $3, published_at = $4 WHERE id = $1",
    [TK_HANDLED] = "SELECT unit_id FROM ticket_handlers WHERE user_id = $1 ORDER BY unit_id",
    [TK_HANDLERS] =
	"SELECT h.user_id, us.name, h.unit_id, u.name FROM ticket_handlers h JOIN users us ON "
	"us.id = h.user_id JOIN org_units u ON u.id = h.unit_id ORDER BY us.name, u.name",
    [TK_HANDLER_ADD] =
	"INSERT INTO ticket_handlers(user_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    [TK_HANDLER_DEL] = "DELETE FROM ticket_handlers WHERE user_id = $1 AND unit_id = $2",
    [TK_OUTBOX_INSERT] = "INSERT INTO mail_outbox(ticket_id, to_addr, subject, body, created_at, "
			 "next_at) VALUES ($1, $2, $3, $4, $5, $6)",
    [TK_OUTBOX_DUE] =
	"SELECT " TK_MAIL_COLS
	" FROM mail_outbox WHERE sent_at = 0 AND next_at <= $1 ORDER BY next_at, id LIMIT $2",
    [TK_OUTBOX_CLAIM] = "UPDATE mail_outbox SET next_at = $3, attempts = attempts + 1 WHERE id = "
			"$1 AND next_at = $2 AND sent_at = 0",
    [TK_OUTBOX_SENT] = "UPDATE mail_outbox SET sent_at = $2, last_error = '' WHERE id = $1",
    [TK_OUTBOX_FAILED] = "UPDATE mail_outbox SET next_at = $2, last_error = $3 WHERE id = $1",
    [TK_PURGE_EVENTS] = "DELETE FROM ticket_events WHERE ticket_id IN (SELECT id FROM tickets "
			"WHERE updated_at < $1 AND published = 0)",
    [TK_PURGE_OUTBOX] = "DELETE FROM mail_outbox WHERE ticket_id IN (SELECT id FROM tickets WHERE "
			"updated_at < $1) OR (sent_at > 0 AND sent_at < $1)",
    [TK_PURGE_DELETE] = "DELETE FROM tickets WHERE updated_at < $1 AND published = 0",
    [TK_PURGE_ANON] =
	"UPDATE tickets SET name = '', email = '', phone = '', show_name = 0 WHERE updated_at < $1 "
	"AND published = 1 AND (name <> '' OR email <> '' OR phone <> '')",
    [TK_PERSON] = "SELECT " TK_COLS " WHERE " WHO " ORDER BY t.id",
    [TK_PERSON_MAILS] = "SELECT " TK_MAIL_COLS
			" FROM mail_outbox WHERE $1 <> '' AND lower(to_addr) = $1 ORDER BY id",
    [TK_ERASE_EVENTS] =
	"DELETE FROM ticket_events WHERE ticket_id IN (SELECT t.id FROM tickets t WHERE " WHO
	" AND t.published = 0)",
    [TK_ERASE_OUTBOX] = "DELETE FROM mail_outbox WHERE ($1 <> '' AND lower(to_addr) = $1) OR "
			"ticket_id IN (SELECT t.id FROM tickets t WHERE " WHO ")",
    [TK_ERASE_DELETE] = "DELETE FROM tickets t WHERE " WHO " AND t.published = 0",
    [TK_ERASE_ANON] =
	"UPDATE tickets t SET name = '', email = '', phone = '', show_name = 0 WHERE " WHO "",
    [TK_REVISE] = "UPDATE tickets SET subject = $2, message = $3, created_at = $4 WHERE id = "
		  "$1",
};
