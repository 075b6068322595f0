/* Private to src/store/: the statements of the citizens' channels (tickets.h). Each backend's
 * tickets.c holds their text in this order; src/store/tickets.c composes them. */
#ifndef GZ_STORE_TICKETS_INT_H
#define GZ_STORE_TICKETS_INT_H

enum tk_stmt {
	TK_BUMP,          /* () content version + 1, announced to every node */
	TK_INSERT,        /* (ticket columns) -> id */
	TK_GET,           /* (id) -> TK_COLS */
	TK_LIST,          /* (unit, status, kind, handler, published, limit, offset) -> TK_COLS */
	TK_COUNT,         /* (the same filters) -> count */
	TK_SET_STATUS,    /* (id, status, unit or 0: kept, now) */
	TK_EVENT_INSERT,  /* (ticket, at, user_name, kind, from_unit, to_unit, body) */
	TK_EVENTS,        /* (ticket) -> id, ticket, at, user_name, kind, from, to, body */
	TK_PUBLISH,       /* (id, published, answer, published_at) */
	TK_HANDLED,       /* (user) -> unit ids */
	TK_HANDLERS,      /* () -> user id, user name, unit id, unit name */
	TK_HANDLER_ADD,   /* (user, unit) */
	TK_HANDLER_DEL,   /* (user, unit) */
	TK_OUTBOX_INSERT, /* (ticket, to, subject, body, created_at, next_at) */
	TK_OUTBOX_DUE,    /* (now, limit) -> TK_MAIL_COLS */
	TK_OUTBOX_CLAIM,  /* (id, next_at as read, lease_until): changes 1 when claimed */
	TK_OUTBOX_SENT,   /* (id, now) */
	TK_OUTBOX_FAILED, /* (id, retry_at, error) */
	TK_PURGE_EVENTS,  /* (before): history of unpublished tickets past retention */
	TK_PURGE_OUTBOX,  /* (before): their mails, and sent mails older than before */
	TK_PURGE_DELETE,  /* (before) */
	TK_PURGE_ANON,    /* (before): published ones lose the asker's personal data */
	TK_PERSON,        /* (email, phone) -> TK_COLS */
	TK_PERSON_MAILS,  /* (email) -> TK_MAIL_COLS */
	TK_ERASE_EVENTS,  /* (email, phone) */
	TK_ERASE_OUTBOX,  /* (email, phone) */
	TK_ERASE_DELETE,  /* (email, phone) */
	TK_ERASE_ANON,    /* (email, phone) */
	TK_REVISE,        /* (id, subject, message, created_at): an importer's text */
	TK_MAX
};

/* The ticket columns every reading statement returns, in this order. */
#define TK_COLS                                                                                    \
	"t.id, t.kind, t.article_id, t.unit_id, coalesce(u.name, ''), t.name, t.email, t.phone, "  \
	"t.subject, t.message, t.show_name, t.status, t.due_at, t.created_at, t.updated_at, "      \
	"t.published, t.answer, t.published_at, coalesce(a.title, ''), coalesce(a.slug, '') "      \
	"FROM tickets t LEFT JOIN org_units u ON u.id = t.unit_id LEFT JOIN articles a ON a.id = " \
	"t.article_id"
#define TK_MAIL_COLS "id, ticket_id, to_addr, subject, body, attempts, next_at, sent_at, last_error"

#endif
