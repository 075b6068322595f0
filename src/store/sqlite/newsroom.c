/* The SQLite backend's newsroom: workflow, revisions, accounts, sessions, tokens, audit log. */
#include "store/sqlite/sqlite-int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum sn_stmt {
	SN_FIRST_ = SQ_BASE_NEWSROOM - 1,
	SN_SET_STATUS,
	SN_SET_FEATURED,
	SN_ADMIN_ALL,
	SN_ADMIN_COUNT,
	SN_REVISIONS,
	SN_REVISION_GET,
	SN_NEXT_CHANGE,
	SN_CATEGORY_CYCLE,
	SN_CATEGORY_UPDATE,
	SN_CATEGORY_USED,
	SN_CATEGORY_DELETE,
	SN_TAGS,
	SN_TAG_BY_SLUG,
	SN_TAG_RENAME,
	SN_TAG_DELETE_LINKS,
	SN_TAG_DELETE,
	SN_USER_BY_ID,
	SN_USERS,
	SN_USER_CATS,
	SN_USER_UPDATE,
	SN_USER_PASSWORD,
	SN_USER_CATS_CLEAR,
	SN_USER_CATS_ADD,
	SN_SESSION_PURGE,
	SN_SESSION_ADD,
	SN_SESSION_GET,
	SN_SESSION_DELETE,
	SN_SESSIONS_DELETE_USER,
	SN_TOKEN_ADD,
	SN_TOKEN_USER,
	SN_THROTTLE_PURGE,
	SN_THROTTLE_HIT,
	SN_THROTTLE_COUNT,
	SN_THROTTLE_CLEAR,
	SN_AUDIT_ADD,
	SN_AUDIT_LIST,
	SN_AUDIT_COUNT,
	SN_MAX
};

#define ROW_COLS                                                                                   \
	"a.id, a.category_id, coalesce(a.owner_id, 0), a.updated_at, coalesce(a.published_at, "    \
	"0), "                                                                                     \
	"coalesce(a.expires_at, 0), a.revision, a.status, a.featured, a.title, coalesce(u.name, "  \
	"'')"
#define REV_COLS                                                                                   \
	"r.article_id, r.revision, r.created_at, coalesce(r.user_id, 0), coalesce(u.name, ''), "   \
	"r.category_id, r.title, r.lead, r.body_html, r.author, r.signature, r.source, r.tags"
#define USER_COLS "id, name, display_name, role, password_hash, disabled"

static const char *const sn_sql[SN_MAX - SQ_BASE_NEWSROOM] = {
#define S(k) [k - SQ_BASE_NEWSROOM]
    S(SN_SET_STATUS) = "UPDATE articles SET status = ?2, published_at = CASE WHEN ?2 = "
		       "'published' THEN coalesce(nullif(?3, 0), published_at, ?4) ELSE "
		       "coalesce(nullif(?3, 0), published_at) END, note = ?5, updated_at = ?4 "
		       "WHERE id = ?1",
    S(SN_SET_FEATURED) = "UPDATE articles SET featured = ?2 WHERE id = ?1",
    S(SN_ADMIN_ALL) = "SELECT " ROW_COLS " FROM articles a LEFT JOIN users u ON u.id = a.owner_id "
		      "WHERE (?1 = '' OR a.status = ?1) AND (?2 = 0 OR a.owner_id = ?2) "
		      "ORDER BY a.updated_at DESC, a.id DESC LIMIT ?3 OFFSET ?4",
    S(SN_ADMIN_COUNT) = "SELECT count(*) FROM articles a WHERE (?1 = '' OR a.status = ?1) AND "
			"(?2 = 0 OR a.owner_id = ?2)",
    S(SN_REVISIONS) = "SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = "
		      "r.user_id WHERE r.article_id = ?1 ORDER BY r.revision DESC",
    S(SN_REVISION_GET) = "SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = "
			 "r.user_id WHERE r.article_id = ?1 AND r.revision = ?2",
    S(SN_NEXT_CHANGE) = "SELECT min(t) FROM (SELECT min(published_at) AS t FROM articles WHERE "
			"status = 'published' AND published_at > ?1 UNION ALL SELECT "
			"min(expires_at) FROM articles WHERE status = 'published' AND expires_at > "
			"?1)",
    /* Is ?2 (the new parent) ?1 itself or below it? */
    S(SN_CATEGORY_CYCLE) = "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM "
			   "categories c JOIN sub ON c.parent_id = sub.id) SELECT 1 FROM sub "
			   "WHERE id = ?2",
    S(SN_CATEGORY_UPDATE) = "UPDATE categories SET parent_id = nullif(?2, 0), name = ?3, slug = "
			    "?4, position = ?5 WHERE id = ?1",
    S(SN_CATEGORY_USED) = "SELECT (SELECT count(*) FROM articles WHERE category_id = ?1) + "
			  "(SELECT count(*) FROM categories WHERE parent_id = ?1)",
    S(SN_CATEGORY_DELETE) = "DELETE FROM categories WHERE id = ?1",
    S(SN_TAGS) = "SELECT t.id, (SELECT count(*) FROM article_tags x WHERE x.tag_id = t.id), "
		 "t.name, t.slug FROM tags t ORDER BY t.name",
    S(SN_TAG_BY_SLUG) = "SELECT t.id, (SELECT count(*) FROM article_tags x WHERE x.tag_id = "
			"t.id), t.name, t.slug FROM tags t WHERE t.slug = ?1",
    S(SN_TAG_RENAME) = "UPDATE tags SET name = ?2, slug = ?3 WHERE id = ?1",
    S(SN_TAG_DELETE_LINKS) = "DELETE FROM article_tags WHERE tag_id = ?1",
    S(SN_TAG_DELETE) = "DELETE FROM tags WHERE id = ?1",
    S(SN_USER_BY_ID) = "SELECT " USER_COLS " FROM users WHERE id = ?1",
    S(SN_USERS) = "SELECT " USER_COLS " FROM users ORDER BY name",
    S(SN_USER_CATS) = "SELECT category_id FROM user_categories WHERE user_id = ?1 ORDER BY "
		      "category_id",
    S(SN_USER_UPDATE) = "UPDATE users SET display_name = ?2, role = ?3, disabled = ?4 WHERE id = "
			"?1",
    S(SN_USER_PASSWORD) = "UPDATE users SET password_hash = ?2 WHERE id = ?1",
    S(SN_USER_CATS_CLEAR) = "DELETE FROM user_categories WHERE user_id = ?1",
    S(SN_USER_CATS_ADD) = "INSERT OR IGNORE INTO user_categories(user_id, category_id) VALUES "
			  "(?1, ?2)",
    S(SN_SESSION_PURGE) = "DELETE FROM sessions WHERE expires_at <= ?1",
    S(SN_SESSION_ADD) = "INSERT INTO sessions(token_hash, user_id, csrf, created_at, expires_at, "
			"address) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    S(SN_SESSION_GET) = "SELECT s.user_id, s.expires_at, s.csrf FROM sessions s JOIN users u ON "
			"u.id = s.user_id WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND "
			"u.disabled = 0",
    S(SN_SESSION_DELETE) = "DELETE FROM sessions WHERE token_hash = ?1",
    S(SN_SESSIONS_DELETE_USER) = "DELETE FROM sessions WHERE user_id = ?1",
    S(SN_TOKEN_ADD) = "INSERT INTO api_tokens(token_hash, user_id, created_at) VALUES (?1, ?2, "
		      "?3)",
    S(SN_TOKEN_USER) = "SELECT u.id, u.name, u.display_name, u.role, u.password_hash, u.disabled "
		       "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?1 "
		       "AND u.disabled = 0",
    S(SN_THROTTLE_PURGE) = "DELETE FROM throttle WHERE at < ?1",
    S(SN_THROTTLE_HIT) = "INSERT INTO throttle(key, at) VALUES (?1, ?2)",
    S(SN_THROTTLE_COUNT) = "SELECT count(*) FROM throttle WHERE key = ?1 AND at >= ?2",
    S(SN_THROTTLE_CLEAR) = "DELETE FROM throttle WHERE key = ?1",
    S(SN_AUDIT_ADD) = "INSERT INTO audit_log(at, user_id, user_name, address, action, object, "
		      "detail) VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7)",
    S(SN_AUDIT_LIST) = "SELECT id, at, coalesce(user_id, 0), user_name, address, action, object, "
		       "detail FROM audit_log ORDER BY id DESC LIMIT ?1 OFFSET ?2",
    S(SN_AUDIT_COUNT) = "SELECT count(*) FROM audit_log",
#undef S
};

static sqlite3_stmt *stmt(struct sq_conn *c, enum sn_stmt which)
{
	return sq_stmt(c, which, sn_sql[which - SQ_BASE_NEWSROOM]);
}

static void bind_args(sqlite3_stmt *q, const char *fmt, va_list ap)
{
	for (int i = 0; fmt[i]; i++) {
		if (fmt[i] == 'i')
			sq_bind_i64(q, i + 1, va_arg(ap, int64_t));
		else
			sq_bind_text(q, i + 1, va_arg(ap, const char *));
	}
}

/* Runs one write statement with up to 7 parameters described by a format: 'i' int64, 's' text. */
static enum store_rc exec_args(struct sq_conn *c, enum sn_stmt which, const char *fmt, va_list ap)
{
	sqlite3_stmt *q = stmt(c, which);
	if (!q)
		return STORE_ERROR;
	bind_args(q, fmt, ap);
	return sq_step_done(c, q);
}

/* One write statement on its own connection; *changes gets the rows it touched when not NULL. */
static enum store_rc write1(struct store_conn *sc, int64_t *changes, enum sn_stmt which,
			    const char *fmt, ...)
{
	struct sq_conn *c = sq_c(sc);
	va_list ap;
	va_start(ap, fmt);
	enum store_rc rc = exec_args(c, which, fmt, ap);
	va_end(ap);
	if (changes)
		*changes = sqlite3_changes(c->db);
	return rc;
}

/* A row reader fills one element from a stepped statement. */
typedef void (*row_fn)(struct arena *a, sqlite3_stmt *q, void *elem);

/* Runs a query (bound by `fmt` like exec_args) and collects its rows into an arena array. */
static enum store_rc read_rows_v(struct store_conn *sc, struct arena *a, enum sn_stmt which,
				 size_t elem, row_fn fn, void **out, size_t *n, const char *fmt,
				 va_list ap)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = stmt(c, which);
	enum store_rc rc = STORE_ERROR;
	size_t cap = 16, len = 0;
	char *v = arena_alloc(a, cap * elem);
	if (q) {
		bind_args(q, fmt, ap);
		int r;
		while ((r = sqlite3_step(q)) == SQLITE_ROW) {
			if (len == cap) {
				char *nv = arena_alloc(a, 2 * cap * elem);
				memcpy(nv, v, len * elem);
				v = nv;
				cap *= 2;
			}
			fn(a, q, v + len * elem);
			len++;
		}
		rc = sq_rc(r);
		sqlite3_reset(q);
	}
	*out = v;
	*n = len;
	return rc;
}

static enum store_rc read_rows(struct store_conn *sc, struct arena *a, enum sn_stmt which,
			       size_t elem, row_fn fn, void **out, size_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum store_rc rc = read_rows_v(sc, a, which, elem, fn, out, n, fmt, ap);
	va_end(ap);
	return rc;
}

/* A query expected to give one row, copied to dst: STORE_NOTFOUND when it gives none. */
static enum store_rc read_one(struct store_conn *sc, struct arena *a, enum sn_stmt which,
			      size_t elem, row_fn fn, void *dst, const char *fmt, ...)
{
	void *rows;
	size_t n;
	va_list ap;
	va_start(ap, fmt);
	enum store_rc rc = read_rows_v(sc, a, which, elem, fn, &rows, &n, fmt, ap);
	va_end(ap);
	if (rc == STORE_OK && n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		memcpy(dst, rows, elem);
	return rc;
}

static void row_int(struct arena *a, sqlite3_stmt *q, void *elem)
{
	(void)a;
	*(int64_t *)elem = sqlite3_column_int64(q, 0);
}

static enum store_rc one_int(struct store_conn *sc, enum sn_stmt which, int64_t *out,
			     const char *fmt, int64_t p1, int64_t p2)
{
	struct arena *a = arena_new();
	int64_t *rows;
	size_t n;
	enum store_rc rc =
	    read_rows(sc, a, which, sizeof(int64_t), row_int, (void **)&rows, &n, fmt, p1, p2);
	if (rc == STORE_OK)
		*out = n ? rows[0] : 0;
	arena_free(a);
	return rc;
}

/* --- workflow --------------------------------------------------------------------------------- */

enum store_rc sq_article_set_status(struct store_conn *sc, int64_t id, enum article_status status,
				    int64_t published_at, const char *note)
{
	int64_t changes = 0;
	enum store_rc rc =
	    write1(sc, &changes, SN_SET_STATUS, "isiis", id, article_status_name(status),
		   published_at, sq_now(), note ? note : "");
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_article_set_featured(struct store_conn *sc, int64_t id, bool featured)
{
	int64_t changes = 0;
	enum store_rc rc = write1(sc, &changes, SN_SET_FEATURED, "ii", id, (int64_t)featured);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

static void row_article(struct arena *a, sqlite3_stmt *q, void *elem)
{
	struct article_row *r = elem;
	r->id = sqlite3_column_int64(q, 0);
	r->category_id = sqlite3_column_int64(q, 1);
	r->owner_id = sqlite3_column_int64(q, 2);
	r->updated_at = sqlite3_column_int64(q, 3);
	r->published_at = sqlite3_column_int64(q, 4);
	r->expires_at = sqlite3_column_int64(q, 5);
	r->revision = sqlite3_column_int64(q, 6);
	int status = article_status_parse((const char *)sqlite3_column_text(q, 7));
	r->status = status < 0 ? ARTICLE_DRAFT : (enum article_status)status;
	r->featured = sqlite3_column_int(q, 8) != 0;
	r->title = sq_col_text(a, q, 9);
	r->owner_name = sq_col_text(a, q, 10);
}

enum store_rc sq_articles_admin(struct store_conn *sc, struct arena *a,
				const struct article_admin_query *q, struct article_row **out,
				size_t *n, int64_t *total)
{
	const char *status =
	    q->status >= 0 ? article_status_name((enum article_status)q->status) : "";
	enum store_rc rc = read_rows(sc, a, SN_ADMIN_ALL, sizeof(**out), row_article, (void **)out,
				     n, "siii", status, q->owner_id, q->limit, q->offset);
	if (rc != STORE_OK || !total)
		return rc;
	struct arena *t = arena_new();
	int64_t *rows;
	size_t nrows;
	rc = read_rows(sc, t, SN_ADMIN_COUNT, sizeof(int64_t), row_int, (void **)&rows, &nrows,
		       "si", status, q->owner_id);
	if (rc == STORE_OK)
		*total = nrows ? rows[0] : 0;
	arena_free(t);
	return rc;
}

static void row_revision(struct arena *a, sqlite3_stmt *q, void *elem)
{
	struct revision *r = elem;
	r->article_id = sqlite3_column_int64(q, 0);
	r->revision = sqlite3_column_int64(q, 1);
	r->created_at = sqlite3_column_int64(q, 2);
	r->user_id = sqlite3_column_int64(q, 3);
	r->user_name = sq_col_text(a, q, 4);
	r->category_id = sqlite3_column_int64(q, 5);
	r->title = sq_col_text(a, q, 6);
	r->lead = sq_col_text(a, q, 7);
	r->body_html = sq_col_text(a, q, 8);
	r->author = sq_col_text(a, q, 9);
	r->signature = sq_col_text(a, q, 10);
	r->source = sq_col_text(a, q, 11);
	r->tags = sq_col_text(a, q, 12);
}

enum store_rc sq_revisions(struct store_conn *sc, struct arena *a, int64_t article_id,
			   struct revision **out, size_t *n)
{
	return read_rows(sc, a, SN_REVISIONS, sizeof(**out), row_revision, (void **)out, n, "i",
			 article_id);
}

enum store_rc sq_revision_get(struct store_conn *sc, struct arena *a, int64_t article_id,
			      int64_t revision, struct revision *out)
{
	return read_one(sc, a, SN_REVISION_GET, sizeof(struct revision), row_revision, out, "ii",
			article_id, revision);
}

enum store_rc sq_next_change(struct store_conn *sc, int64_t now, int64_t *out)
{
	return one_int(sc, SN_NEXT_CHANGE, out, "i", now, 0);
}

/* --- categories and tags ---------------------------------------------------------------------- */

enum store_rc sq_category_update(struct store_conn *sc, int64_t id, int64_t parent_id,
				 const char *name, const char *slug, int position)
{
	int64_t cycle = 0;
	enum store_rc rc = STORE_OK;
	if (parent_id)
		rc = one_int(sc, SN_CATEGORY_CYCLE, &cycle, "ii", id, parent_id);
	if (rc != STORE_OK)
		return rc;
	if (cycle)
		return STORE_INVALID; /* a category cannot move below itself */
	int64_t changes = 0;
	rc = write1(sc, &changes, SN_CATEGORY_UPDATE, "iissi", id, parent_id, name, slug,
		    (int64_t)position);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_category_delete(struct store_conn *sc, int64_t id)
{
	int64_t used = 0, changes = 0;
	enum store_rc rc = one_int(sc, SN_CATEGORY_USED, &used, "i", id, 0);
	if (rc == STORE_OK && used)
		return STORE_CONFLICT;
	if (rc == STORE_OK)
		rc = write1(sc, &changes, SN_CATEGORY_DELETE, "i", id);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

static void row_tag(struct arena *a, sqlite3_stmt *q, void *elem)
{
	struct tag *t = elem;
	t->id = sqlite3_column_int64(q, 0);
	t->count = sqlite3_column_int64(q, 1);
	t->name = sq_col_text(a, q, 2);
	t->slug = sq_col_text(a, q, 3);
}

enum store_rc sq_tags(struct store_conn *sc, struct arena *a, struct tag **out, size_t *n)
{
	return read_rows(sc, a, SN_TAGS, sizeof(**out), row_tag, (void **)out, n, "");
}

enum store_rc sq_tag_by_slug(struct store_conn *sc, struct arena *a, const char *slug,
			     struct tag *out)
{
	return read_one(sc, a, SN_TAG_BY_SLUG, sizeof(struct tag), row_tag, out, "s", slug);
}

enum store_rc sq_tag_rename(struct store_conn *sc, int64_t id, const char *name, const char *slug)
{
	int64_t changes = 0;
	enum store_rc rc = write1(sc, &changes, SN_TAG_RENAME, "iss", id, name, slug);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_tag_delete(struct store_conn *sc, int64_t id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = stmt(c, SN_TAG_DELETE_LINKS);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_i64(q, 1, id);
		rc = sq_step_done(c, q);
	}
	q = rc == STORE_OK ? stmt(c, SN_TAG_DELETE) : NULL;
	if (q) {
		sq_bind_i64(q, 1, id);
		rc = sq_step_done(c, q);
		if (rc == STORE_OK && sqlite3_changes(c->db) == 0)
			rc = STORE_NOTFOUND;
	}
	return rc;
}

/* --- accounts --------------------------------------------------------------------------------- */

static void row_user(struct arena *a, sqlite3_stmt *q, void *elem)
{
	struct user *u = elem;
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(q, 0);
	u->name = sq_col_text(a, q, 1);
	u->display_name = sq_col_text(a, q, 2);
	u->role = sq_col_text(a, q, 3);
	u->password_hash = sq_col_text(a, q, 4);
	u->disabled = sqlite3_column_int(q, 5) != 0;
}

static enum store_rc user_categories(struct store_conn *sc, struct arena *a, struct user *u)
{
	int64_t *ids;
	size_t n;
	enum store_rc rc =
	    read_rows(sc, a, SN_USER_CATS, sizeof(int64_t), row_int, (void **)&ids, &n, "i", u->id);
	if (rc == STORE_OK) {
		u->categories = ids;
		u->ncategories = n;
	}
	return rc;
}

enum store_rc sq_user_by_id(struct store_conn *sc, struct arena *a, int64_t id, struct user *out)
{
	enum store_rc rc =
	    read_one(sc, a, SN_USER_BY_ID, sizeof(struct user), row_user, out, "i", id);
	return rc == STORE_OK ? user_categories(sc, a, out) : rc;
}

enum store_rc sq_users(struct store_conn *sc, struct arena *a, struct user **out, size_t *n)
{
	enum store_rc rc = read_rows(sc, a, SN_USERS, sizeof(**out), row_user, (void **)out, n, "");
	for (size_t i = 0; rc == STORE_OK && i < *n; i++)
		rc = user_categories(sc, a, &(*out)[i]);
	return rc;
}

enum store_rc sq_user_update(struct store_conn *sc, int64_t id, const char *display_name,
			     const char *role, bool disabled)
{
	int64_t changes = 0;
	enum store_rc rc =
	    write1(sc, &changes, SN_USER_UPDATE, "issi", id, display_name, role, (int64_t)disabled);
	if (rc == STORE_CONFLICT)
		rc = STORE_INVALID; /* the role CHECK */
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_user_password(struct store_conn *sc, int64_t id, const char *password_hash)
{
	int64_t changes = 0;
	enum store_rc rc = write1(sc, &changes, SN_USER_PASSWORD, "is", id, password_hash);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_user_categories(struct store_conn *sc, int64_t id, const int64_t *ids, size_t n)
{
	struct sq_conn *c = sq_c(sc);
	enum store_rc rc = STORE_ERROR;
	sqlite3_stmt *q = stmt(c, SN_USER_CATS_CLEAR);
	if (q) {
		sq_bind_i64(q, 1, id);
		rc = sq_step_done(c, q);
	}
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		q = stmt(c, SN_USER_CATS_ADD);
		rc = STORE_ERROR;
		if (q) {
			sq_bind_i64(q, 1, id);
			sq_bind_i64(q, 2, ids[i]);
			rc = sq_step_done(c, q);
		}
	}
	return rc == STORE_CONFLICT ? STORE_NOTFOUND : rc; /* an unknown user or category */
}

enum store_rc sq_session_add(struct store_conn *sc, const char *token_hash, int64_t user_id,
			     const char *csrf, int64_t expires_at, const char *address)
{
	int64_t now = sq_now();
	enum store_rc rc = write1(sc, NULL, SN_SESSION_PURGE, "i", now);
	if (rc == STORE_OK)
		rc = write1(sc, NULL, SN_SESSION_ADD, "sisiis", token_hash, user_id, csrf, now,
			    expires_at, address);
	return rc;
}

static void row_session(struct arena *a, sqlite3_stmt *q, void *elem)
{
	struct session *s = elem;
	s->user_id = sqlite3_column_int64(q, 0);
	s->expires_at = sqlite3_column_int64(q, 1);
	s->csrf = sq_col_text(a, q, 2);
}

enum store_rc sq_session_get(struct store_conn *sc, struct arena *a, const char *token_hash,
			     int64_t now, struct session *out)
{
	return read_one(sc, a, SN_SESSION_GET, sizeof(struct session), row_session, out, "si",
			token_hash, now);
}

enum store_rc sq_session_delete(struct store_conn *sc, const char *token_hash)
{
	return write1(sc, NULL, SN_SESSION_DELETE, "s", token_hash);
}

enum store_rc sq_sessions_delete_user(struct store_conn *sc, int64_t user_id)
{
	return write1(sc, NULL, SN_SESSIONS_DELETE_USER, "i", user_id);
}

enum store_rc sq_token_add(struct store_conn *sc, const char *token_hash, int64_t user_id)
{
	return write1(sc, NULL, SN_TOKEN_ADD, "sii", token_hash, user_id, sq_now());
}

enum store_rc sq_token_user(struct store_conn *sc, struct arena *a, const char *token_hash,
			    struct user *out)
{
	enum store_rc rc =
	    read_one(sc, a, SN_TOKEN_USER, sizeof(struct user), row_user, out, "s", token_hash);
	return rc == STORE_OK ? user_categories(sc, a, out) : rc;
}

#define THROTTLE_KEEP (24 * 3600)

enum store_rc sq_throttle_hit(struct store_conn *sc, const char *key, int64_t at)
{
	enum store_rc rc = write1(sc, NULL, SN_THROTTLE_PURGE, "i", at - THROTTLE_KEEP);
	return rc == STORE_OK ? write1(sc, NULL, SN_THROTTLE_HIT, "si", key, at) : rc;
}

enum store_rc sq_throttle_count(struct store_conn *sc, const char *key, int64_t since, int64_t *n)
{
	struct arena *a = arena_new();
	int64_t *rows;
	size_t nrows;
	enum store_rc rc = read_rows(sc, a, SN_THROTTLE_COUNT, sizeof(int64_t), row_int,
				     (void **)&rows, &nrows, "si", key, since);
	if (rc == STORE_OK)
		*n = nrows ? rows[0] : 0;
	arena_free(a);
	return rc;
}

enum store_rc sq_throttle_clear(struct store_conn *sc, const char *key)
{
	return write1(sc, NULL, SN_THROTTLE_CLEAR, "s", key);
}

enum store_rc sq_audit_add(struct store_conn *sc, const struct audit_entry *e)
{
	return write1(sc, NULL, SN_AUDIT_ADD, "iisssss", e->at ? e->at : sq_now(), e->user_id,
		      e->user_name ? e->user_name : "", e->address ? e->address : "", e->action,
		      e->object ? e->object : "", e->detail ? e->detail : "");
}

static void row_audit(struct arena *a, sqlite3_stmt *q, void *elem)
{
	struct audit_entry *e = elem;
	e->id = sqlite3_column_int64(q, 0);
	e->at = sqlite3_column_int64(q, 1);
	e->user_id = sqlite3_column_int64(q, 2);
	e->user_name = sq_col_text(a, q, 3);
	e->address = sq_col_text(a, q, 4);
	e->action = sq_col_text(a, q, 5);
	e->object = sq_col_text(a, q, 6);
	e->detail = sq_col_text(a, q, 7);
}

enum store_rc sq_audit_list(struct store_conn *sc, struct arena *a, int64_t offset, int64_t limit,
			    struct audit_entry **out, size_t *n, int64_t *total)
{
	enum store_rc rc = read_rows(sc, a, SN_AUDIT_LIST, sizeof(**out), row_audit, (void **)out,
				     n, "ii", limit, offset);
	if (rc == STORE_OK && total)
		rc = one_int(sc, SN_AUDIT_COUNT, total, "", 0, 0);
	return rc;
}
