/* The SQLite backend's media library: the rows that describe uploaded images. */
#include "store/sqlite/sqlite-int.h"

#include <string.h>

enum store_rc sq_media_add(struct store_conn *sc, const struct media *m, int64_t *id)
{
	struct sq_conn *c = sq_c(sc);
	enum store_rc rc = STORE_ERROR;
	sqlite3_stmt *q = sq_stmt(c, SM_ADD);
	if (q) {
		sq_bind_text(q, 1, m->file);
		sq_bind_text(q, 2, m->thumb);
		sq_bind_text(q, 3, m->name);
		sq_bind_text(q, 4, m->mime);
		sq_bind_i64(q, 5, m->bytes);
		sq_bind_i64(q, 6, m->width);
		sq_bind_i64(q, 7, m->height);
		sq_bind_i64(q, 8, m->user_id);
		sq_bind_i64(q, 9, m->created_at ? m->created_at : sq_now());
		rc = sq_step_done(c, q);
		if (rc == STORE_OK && id)
			*id = sqlite3_last_insert_rowid(c->db);
	}
	return rc;
}

/* Steps q (already bound) into an arena array of media. */
static enum store_rc collect(struct arena *a, sqlite3_stmt *q, struct media **out, size_t *n)
{
	size_t cap = 16, len = 0;
	struct media *v = arena_alloc(a, cap * sizeof(*v));
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (len == cap) {
			struct media *nv = arena_alloc(a, 2 * cap * sizeof(*v));
			memcpy(nv, v, len * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		struct store_row row = sq_row(q);
		store_row_media(a, &row, &v[len++]);
	}
	sqlite3_reset(q);
	*out = v;
	*n = len;
	return sq_rc(r);
}

static enum store_rc count(struct sq_conn *c, const char *like, int64_t *total)
{
	sqlite3_stmt *q = sq_stmt(c, SM_COUNT);
	if (!q)
		return STORE_ERROR;
	sq_bind_text(q, 1, like);
	int r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		*total = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return r == SQLITE_ROW ? STORE_OK : sq_rc(r);
}

enum store_rc sq_media_list(struct store_conn *sc, struct arena *a, const char *like,
			    int64_t offset, int64_t limit, struct media **out, size_t *n,
			    int64_t *total)
{
	struct sq_conn *c = sq_c(sc);
	enum store_rc rc = STORE_ERROR;
	sqlite3_stmt *q = sq_stmt(c, SM_LIST);
	*out = NULL;
	*n = 0;
	if (q) {
		sq_bind_i64(q, 1, limit);
		sq_bind_i64(q, 2, offset);
		sq_bind_text(q, 3, like);
		rc = collect(a, q, out, n);
	}
	if (rc == STORE_OK && total && offset == 0 && limit > 0 && (int64_t)*n < limit)
		*total = (int64_t)*n; /* the first page holds them all: no second scan */
	else if (rc == STORE_OK && total)
		rc = count(c, like, total);
	return rc;
}

enum store_rc sq_media_get(struct store_conn *sc, struct arena *a, const char *file,
			   struct media *out)
{
	struct sq_conn *c = sq_c(sc);
	enum store_rc rc = STORE_ERROR;
	sqlite3_stmt *q = sq_stmt(c, SM_GET);
	if (q) {
		struct media *rows;
		size_t n;
		sq_bind_text(q, 1, file);
		rc = collect(a, q, &rows, &n);
		if (rc == STORE_OK && n == 0)
			rc = STORE_NOTFOUND;
		if (rc == STORE_OK)
			*out = rows[0];
	}
	return rc;
}

enum store_rc sq_media_set_size(struct store_conn *sc, int64_t id, int64_t width, int64_t height,
				int64_t bytes)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SM_SET_SIZE);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	sq_bind_i64(q, 2, width);
	sq_bind_i64(q, 3, height);
	sq_bind_i64(q, 4, bytes);
	enum store_rc rc = sq_step_done(c, q);
	return rc == STORE_OK && sqlite3_changes(c->db) == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_media_by_id(struct store_conn *sc, struct arena *a, int64_t id, struct media *out)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SM_BY_ID);
	if (!q)
		return STORE_ERROR;
	struct media *rows;
	size_t n;
	sq_bind_i64(q, 1, id);
	enum store_rc rc = collect(a, q, &rows, &n);
	if (rc == STORE_OK && n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		*out = rows[0];
	return rc;
}

/* Binds v, or SQL NULL when v is NULL (the statement keeps the column then). */
static void bind_or_null(sqlite3_stmt *q, int idx, const char *v)
{
	if (v)
		sq_bind_text(q, idx, v);
	else
		sqlite3_bind_null(q, idx);
}

enum store_rc sq_media_describe(struct store_conn *sc, int64_t id, const char *name,
				const char *alt, const char *caption)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SM_DESCRIBE);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	bind_or_null(q, 2, name);
	bind_or_null(q, 3, alt);
	bind_or_null(q, 4, caption);
	enum store_rc rc = sq_step_done(c, q);
	return rc == STORE_OK && sqlite3_changes(c->db) == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_media_delete(struct store_conn *sc, int64_t id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SM_DELETE);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	enum store_rc rc = sq_step_done(c, q);
	return rc == STORE_OK && sqlite3_changes(c->db) == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_media_uses(struct store_conn *sc, struct arena *a, const char *stem,
			    struct media_use **out, size_t *n)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SM_USES);
	*out = NULL;
	*n = 0;
	if (!q)
		return STORE_ERROR;
	sq_bind_text(q, 1, stem);
	size_t cap = 8;
	struct media_use *v = arena_alloc(a, cap * sizeof(*v));
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			struct media_use *nv = arena_alloc(a, 2 * cap * sizeof(*v));
			memcpy(nv, v, *n * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		struct store_row row = sq_row(q);
		store_row_media_use(a, &row, &v[(*n)++]);
	}
	sqlite3_reset(q);
	*out = v;
	return sq_rc(r);
}
