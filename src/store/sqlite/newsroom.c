/* The SQLite backend's newsroom: workflow, revisions, accounts, sessions, tokens, audit log. */
#include "store/sqlite/sqlite-int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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
static enum store_rc exec_args(struct sq_conn *c, enum sq_stmt which, const char *fmt, va_list ap)
{
	sqlite3_stmt *q = sq_stmt(c, which);
	if (!q)
		return STORE_ERROR;
	bind_args(q, fmt, ap);
	return sq_step_done(c, q);
}

/* One write statement on its own connection; *changes gets the rows it touched when not NULL. */
static enum store_rc write1(struct store_conn *sc, int64_t *changes, enum sq_stmt which,
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

/* Runs a query (bound by `fmt` like exec_args) and collects its rows into an arena array. */
static enum store_rc read_rows_v(struct store_conn *sc, struct arena *a, enum sq_stmt which,
				 size_t elem, store_row_fn fn, void **out, size_t *n,
				 const char *fmt, va_list ap)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, which);
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
			struct store_row row = sq_row(q);
			fn(a, &row, v + len * elem);
			len++;
		}
		rc = sq_rc(r);
		sqlite3_reset(q);
	}
	*out = v;
	*n = len;
	return rc;
}

static enum store_rc read_rows(struct store_conn *sc, struct arena *a, enum sq_stmt which,
			       size_t elem, store_row_fn fn, void **out, size_t *n, const char *fmt,
			       ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum store_rc rc = read_rows_v(sc, a, which, elem, fn, out, n, fmt, ap);
	va_end(ap);
	return rc;
}

/* A query expected to give one row, copied to dst: STORE_NOTFOUND when it gives none. */
static enum store_rc read_one(struct store_conn *sc, struct arena *a, enum sq_stmt which,
			      size_t elem, store_row_fn fn, void *dst, const char *fmt, ...)
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

static enum store_rc one_int(struct store_conn *sc, enum sq_stmt which, int64_t *out,
			     const char *fmt, int64_t p1, int64_t p2)
{
	struct arena *a = arena_new();
	int64_t *rows;
	size_t n;
	enum store_rc rc = read_rows(sc, a, which, sizeof(int64_t), store_row_int, (void **)&rows,
				     &n, fmt, p1, p2);
	if (rc == STORE_OK)
		*out = n ? rows[0] : 0;
	arena_free(a);
	return rc;
}

/* The count of one state alone, through the index on status. */
static enum store_rc read_one_count(struct store_conn *sc, const char *status, int64_t owner,
				    int64_t note, int64_t after, int64_t *total)
{
	struct arena *a = arena_new();
	int64_t *rows;
	size_t n;
	enum store_rc rc = read_rows(
	    sc, a, after < 0 ? SN_ADMIN_STATE_COUNT : SN_ADMIN_SCHEDULED_COUNT, sizeof(int64_t),
	    store_row_int, (void **)&rows, &n, "siii", status, owner, note, after);
	if (rc == STORE_OK)
		*total = n ? rows[0] : 0;
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

enum store_rc sq_articles_admin(struct store_conn *sc, struct arena *a,
				const struct article_admin_query *q, struct article_row **out,
				size_t *n, int64_t *total)
{
	const char *status =
	    q->status >= 0 ? article_status_name((enum article_status)q->status) : "";
	int64_t note, after;
	if (store_admin_state_count(q, &status, &note, &after)) {
		*n = 0;
		*out = NULL;
		return total ? read_one_count(sc, status, q->owner_id, note, after, total)
			     : STORE_OK;
	}
	const char *state = q->by_state ? article_state_name((enum article_state)q->state) : "";
	const char *cats = q->category_ids ? q->category_ids : "";
	const char *like = store_admin_pattern(a, q->text);
	const char *scope = store_id_list(a, q->categories, q->ncategories);
	enum store_rc rc = read_rows(sc, a, SN_ADMIN_ALL, sizeof(**out), store_row_admin,
				     (void **)out, n, "siiisissiis", status, q->owner_id, q->limit,
				     q->offset, state, q->now, cats, like, q->from, q->to, scope);
	if (rc != STORE_OK || !total)
		return rc;
	if (q->offset == 0 && q->limit > 0 && (int64_t)*n < q->limit) {
		*total = (int64_t)*n; /* the first page holds them all: no second scan */
		return rc;
	}
	struct arena *t = arena_new();
	int64_t *rows;
	size_t nrows;
	rc = read_rows(sc, t, SN_ADMIN_COUNT, sizeof(int64_t), store_row_int, (void **)&rows,
		       &nrows, "siiisissiis", status, q->owner_id, q->limit, q->offset, state,
		       q->now, cats, like, q->from, q->to, scope);
	if (rc == STORE_OK)
		*total = nrows ? rows[0] : 0;
	arena_free(t);
	return rc;
}

enum store_rc sq_revisions(struct store_conn *sc, struct arena *a, int64_t article_id,
			   struct revision **out, size_t *n)
{
	return read_rows(sc, a, SN_REVISIONS, sizeof(**out), store_row_revision, (void **)out, n,
			 "i", article_id);
}

enum store_rc sq_revision_get(struct store_conn *sc, struct arena *a, int64_t article_id,
			      int64_t revision, struct revision *out)
{
	return read_one(sc, a, SN_REVISION_GET, sizeof(struct revision), store_row_revision, out,
			"ii", article_id, revision);
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

enum store_rc sq_tags(struct store_conn *sc, struct arena *a, struct tag **out, size_t *n)
{
	return read_rows(sc, a, SN_TAGS, sizeof(**out), store_row_tag, (void **)out, n, "");
}

enum store_rc sq_tag_by_slug(struct store_conn *sc, struct arena *a, const char *slug,
			     struct tag *out)
{
	return read_one(sc, a, SN_TAG_BY_SLUG, sizeof(struct tag), store_row_tag, out, "s", slug);
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
	sqlite3_stmt *q = sq_stmt(c, SN_TAG_DELETE_LINKS);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_i64(q, 1, id);
		rc = sq_step_done(c, q);
	}
	q = rc == STORE_OK ? sq_stmt(c, SN_TAG_DELETE) : NULL;
	if (q) {
		sq_bind_i64(q, 1, id);
		rc = sq_step_done(c, q);
		if (rc == STORE_OK && sqlite3_changes(c->db) == 0)
			rc = STORE_NOTFOUND;
	}
	return rc;
}

/* --- accounts --------------------------------------------------------------------------------- */

enum store_rc sq_user_category_ids(struct store_conn *sc, struct arena *a, int64_t user_id,
				   int64_t **ids, size_t *n)
{
	return read_rows(sc, a, SN_USER_CATS, sizeof(int64_t), store_row_int, (void **)ids, n, "i",
			 user_id);
}

enum store_rc sq_user_by_id(struct store_conn *sc, struct arena *a, int64_t id, struct user *out)
{
	enum store_rc rc =
	    read_one(sc, a, SN_USER_BY_ID, sizeof(struct user), store_row_user, out, "i", id);
	return rc;
}

enum store_rc sq_users(struct store_conn *sc, struct arena *a, struct user **out, size_t *n)
{
	enum store_rc rc =
	    read_rows(sc, a, SN_USERS, sizeof(**out), store_row_user, (void **)out, n, "");
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
	sqlite3_stmt *q = sq_stmt(c, SN_USER_CATS_CLEAR);
	if (q) {
		sq_bind_i64(q, 1, id);
		rc = sq_step_done(c, q);
	}
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		q = sq_stmt(c, SN_USER_CATS_ADD);
		rc = STORE_ERROR;
		if (q) {
			sq_bind_i64(q, 1, id);
			sq_bind_i64(q, 2, ids[i]);
			rc = sq_step_done(c, q);
		}
	}
	return rc == STORE_CONFLICT ? STORE_NOTFOUND : rc; /* an unknown user or category */
}

enum store_rc sq_user_right(struct store_conn *sc, int64_t id, const char *right, bool *has)
{
	struct arena *a = arena_new();
	int64_t *rows = NULL;
	size_t n = 0;
	enum store_rc rc = read_rows(sc, a, SN_USER_RIGHT_GET, sizeof(int64_t), store_row_int,
				     (void **)&rows, &n, "is", id, right);
	*has = rc == STORE_OK && n > 0;
	arena_free(a);
	return rc;
}

enum store_rc sq_user_right_set(struct store_conn *sc, int64_t id, const char *right, bool on)
{
	enum store_rc rc =
	    write1(sc, NULL, on ? SN_USER_RIGHT_ADD : SN_USER_RIGHT_DEL, "is", id, right);
	return rc == STORE_CONFLICT ? STORE_NOTFOUND : rc; /* an unknown user */
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

enum store_rc sq_session_get(struct store_conn *sc, struct arena *a, const char *token_hash,
			     int64_t now, struct session *out)
{
	return read_one(sc, a, SN_SESSION_GET, sizeof(struct session), store_row_session, out, "si",
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

enum store_rc sq_token_add(struct store_conn *sc, const struct api_token *t)
{
	return write1(sc, NULL, SN_TOKEN_ADD, "siisi", t->hash, t->user_id, sq_now(), t->name,
		      t->expires_at);
}

enum store_rc sq_tokens(struct store_conn *sc, struct arena *a, int64_t user_id,
			struct api_token **out, size_t *n)
{
	return read_rows(sc, a, SN_TOKENS, sizeof(**out), store_row_token, (void **)out, n, "i",
			 user_id);
}

enum store_rc sq_token_revoke(struct store_conn *sc, int64_t user_id, const char *name)
{
	int64_t changes = 0;
	enum store_rc rc = write1(sc, &changes, SN_TOKEN_REVOKE, "is", user_id, name);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_tokens_delete_user(struct store_conn *sc, int64_t user_id)
{
	return write1(sc, NULL, SN_TOKENS_DELETE_USER, "i", user_id);
}

enum store_rc sq_token_user(struct store_conn *sc, struct arena *a, const char *token_hash,
			    struct user *out)
{
	enum store_rc rc = read_one(sc, a, SN_TOKEN_USER, sizeof(struct user), store_row_user, out,
				    "s", token_hash);
	return rc;
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
	enum store_rc rc = read_rows(sc, a, SN_THROTTLE_COUNT, sizeof(int64_t), store_row_int,
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

enum store_rc sq_audit_list(struct store_conn *sc, struct arena *a, int64_t offset, int64_t limit,
			    struct audit_entry **out, size_t *n, int64_t *total)
{
	enum store_rc rc = read_rows(sc, a, SN_AUDIT_LIST, sizeof(**out), store_row_audit,
				     (void **)out, n, "ii", limit, offset);
	if (rc == STORE_OK && total)
		rc = one_int(sc, SN_AUDIT_COUNT, total, "", 0, 0);
	return rc;
}

/* --- autosaves -------------------------------------------------------------------------------- */

enum store_rc sq_autosave_put(struct store_conn *sc, int64_t user_id, int64_t article_id,
			      int64_t saved_at, const char *data)
{
	return write1(sc, NULL, SN_AUTOSAVE_PUT, "iiis", user_id, article_id, saved_at, data);
}

enum store_rc sq_autosave_get(struct store_conn *sc, struct arena *a, int64_t user_id,
			      int64_t article_id, struct autosave *out)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SN_AUTOSAVE_GET);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_i64(q, 1, user_id);
		sq_bind_i64(q, 2, article_id);
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			*out = (struct autosave){.user_id = user_id,
						 .article_id = article_id,
						 .saved_at = sqlite3_column_int64(q, 0),
						 .data = sq_col_text(a, q, 1)};
			rc = STORE_OK;
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
		}
		sqlite3_reset(q);
	}
	return rc;
}

enum store_rc sq_autosave_delete(struct store_conn *sc, int64_t user_id, int64_t article_id)
{
	return write1(sc, NULL, SN_AUTOSAVE_DELETE, "ii", user_id, article_id);
}

enum store_rc sq_category_counts(struct store_conn *sc, struct arena *a, int64_t **out, size_t *n)
{
	return read_rows(sc, a, SN_CATEGORY_COUNTS, 2 * sizeof(int64_t), store_row_pair,
			 (void **)out, n, "");
}
