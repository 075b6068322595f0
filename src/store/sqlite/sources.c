/* The SQLite backend's sources, origins of republished articles and takedowns. */
#include "store/sqlite/sqlite-int.h"

#include <string.h>

/* Steps q (bound) into rows read by fn. */
static enum store_rc collect(struct arena *a, sqlite3_stmt *q, size_t elem, store_row_fn fn,
			     void **out, size_t *n)
{
	size_t cap = 16, len = 0;
	char *v = arena_alloc(a, cap * elem);
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
	sqlite3_reset(q);
	*out = v;
	*n = len;
	return sq_rc(r);
}

/* One row into dst: STORE_NOTFOUND when none. */
static enum store_rc collect_one(struct arena *a, sqlite3_stmt *q, size_t elem, store_row_fn fn,
				 void *dst)
{
	void *rows;
	size_t n = 0;
	enum store_rc rc = q ? collect(a, q, elem, fn, &rows, &n) : STORE_ERROR;
	if (rc == STORE_OK && n == 0)
		return STORE_NOTFOUND;
	if (rc == STORE_OK)
		memcpy(dst, rows, elem);
	return rc;
}

/* Steps a write; *changes (when not NULL) gets the rows it touched. */
static enum store_rc done(struct store_conn *sc, sqlite3_stmt *q, int64_t *changes)
{
	enum store_rc rc = q ? sq_step_done(sq_c(sc), q) : STORE_ERROR;
	if (changes)
		*changes = rc == STORE_OK ? sqlite3_changes(sq_c(sc)->db) : 0;
	return rc;
}

static sqlite3_stmt *with_id(struct store_conn *sc, enum sq_stmt which, int64_t id)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), which);
	if (q)
		sq_bind_i64(q, 1, id);
	return q;
}

enum store_rc sq_sources(struct store_conn *sc, struct arena *a, struct source **out, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SO_SOURCES);
	*n = 0;
	return q ? collect(a, q, sizeof(**out), store_row_source, (void **)out, n) : STORE_ERROR;
}

enum store_rc sq_source_get(struct store_conn *sc, struct arena *a, int64_t id, struct source *out)
{
	return collect_one(a, with_id(sc, SO_SOURCE_GET, id), sizeof(*out), store_row_source, out);
}

enum store_rc sq_source_put(struct store_conn *sc, const struct source *s, int64_t *id)
{
	sqlite3_stmt *q = with_id(sc, s->id ? SO_SOURCE_UPDATE : SO_SOURCE_INSERT, s->id);
	if (!q)
		return STORE_ERROR;
	sq_bind_text(q, 2, s->name);
	sq_bind_text(q, 3, s->website);
	sq_bind_text(q, 4, s->logo);
	sq_bind_text(q, 5, s->agreement);
	sq_bind_i64(q, 6, s->republish);
	int64_t changes = 0;
	enum store_rc rc = done(sc, q, &changes);
	if (rc == STORE_OK && s->id && changes == 0)
		return STORE_NOTFOUND;
	if (rc == STORE_OK && id)
		*id = s->id ? s->id : sqlite3_last_insert_rowid(sq_c(sc)->db);
	return rc;
}

enum store_rc sq_source_delete(struct store_conn *sc, int64_t id)
{
	sqlite3_stmt *q = with_id(sc, SO_SOURCE_USED, id);
	if (!q)
		return STORE_ERROR;
	int r = sqlite3_step(q);
	int64_t used = r == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (r != SQLITE_ROW)
		return sq_rc(r);
	if (used)
		return STORE_CONFLICT;
	int64_t changes = 0;
	enum store_rc rc = done(sc, with_id(sc, SO_SOURCE_DELETE, id), &changes);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_origin_get(struct store_conn *sc, struct arena *a, int64_t article_id,
			    struct article_origin *out)
{
	return collect_one(a, with_id(sc, SO_ORIGIN_GET, article_id), sizeof(*out),
			   store_row_origin, out);
}

enum store_rc sq_origin_set(struct store_conn *sc, const struct article_origin *o)
{
	sqlite3_stmt *q = with_id(sc, SO_ORIGIN_SET, o->article_id);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 2, o->source_id);
	sq_bind_text(q, 3, o->original_url);
	sq_bind_i64(q, 4, o->original_at);
	enum store_rc rc = done(sc, q, NULL);
	return rc == STORE_CONFLICT ? STORE_NOTFOUND : rc; /* an unknown article or source */
}

enum store_rc sq_takedown_add(struct store_conn *sc, int64_t article_id, int64_t removed_at,
			      int64_t deadline, int64_t now, const char *note, int64_t *id)
{
	sqlite3_stmt *q = with_id(sc, SO_TAKEDOWN_ADD, article_id);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 2, removed_at);
	sq_bind_i64(q, 3, deadline);
	sq_bind_i64(q, 4, now);
	sq_bind_text(q, 5, note);
	enum store_rc rc = done(sc, q, NULL);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(sq_c(sc)->db);
	return rc;
}

enum store_rc sq_takedowns(struct store_conn *sc, struct arena *a, bool open_only,
			   struct takedown **out, size_t *n)
{
	sqlite3_stmt *q = with_id(sc, SO_TAKEDOWNS, open_only);
	*n = 0;
	return q ? collect(a, q, sizeof(**out), store_row_takedown, (void **)out, n) : STORE_ERROR;
}

enum store_rc sq_takedown_done(struct store_conn *sc, int64_t article_id, int64_t at)
{
	sqlite3_stmt *q = with_id(sc, SO_TAKEDOWN_DONE, article_id);
	if (q)
		sq_bind_i64(q, 2, at);
	return done(sc, q, NULL);
}

enum store_rc sq_takedown_claim(struct store_conn *sc, int64_t id, int64_t bit, bool *claimed)
{
	sqlite3_stmt *q = with_id(sc, SO_TAKEDOWN_CLAIM, id);
	if (q)
		sq_bind_i64(q, 2, bit);
	int64_t changes = 0;
	enum store_rc rc = done(sc, q, &changes);
	*claimed = rc == STORE_OK && changes == 1;
	return rc;
}
