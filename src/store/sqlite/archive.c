/* The SQLite backend's steps of the archive (the logic is in store/archive.c). */
#include "store/sqlite/sqlite-int.h"

#include <string.h>

/* Steps q (bound) into an arena array of archived versions. */
static enum store_rc collect(struct arena *a, sqlite3_stmt *q, struct archived **out, size_t *n)
{
	size_t cap = 8, len = 0;
	struct archived *v = arena_alloc(a, cap * sizeof(*v));
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (len == cap) {
			struct archived *nv = arena_alloc(a, 2 * cap * sizeof(*v));
			memcpy(nv, v, len * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		struct store_row row = sq_row(q);
		store_row_archived(a, &row, &v[len++]);
	}
	sqlite3_reset(q);
	*out = v;
	*n = len;
	return sq_rc(r);
}

/* Runs statement `which` with up to four integer parameters (count of them in np). */
static sqlite3_stmt *bound(struct store_conn *sc, enum sq_stmt which, int np, int64_t p1,
			   int64_t p2, int64_t p3, int64_t p4)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), which);
	int64_t p[4] = {p1, p2, p3, p4};
	for (int i = 0; q && i < np; i++)
		sq_bind_i64(q, i + 1, p[i]);
	return q;
}

static enum store_rc one_row(struct store_conn *sc, struct arena *a, sqlite3_stmt *q,
			     struct archived *out, bool *found)
{
	(void)sc;
	struct archived *v;
	size_t n = 0;
	enum store_rc rc = q ? collect(a, q, &v, &n) : STORE_ERROR;
	*found = rc == STORE_OK && n > 0;
	if (*found)
		*out = v[0];
	return rc;
}

enum store_rc sq_archive_open(struct store_conn *sc, struct arena *a, int64_t article_id,
			      struct archived *out, bool *found)
{
	return one_row(sc, a, bound(sc, SV_OPEN, 1, article_id, 0, 0, 0), out, found);
}

static enum store_rc exec(struct store_conn *sc, sqlite3_stmt *q, int64_t *changes)
{
	enum store_rc rc = q ? sq_step_done(sq_c(sc), q) : STORE_ERROR;
	if (changes)
		*changes = rc == STORE_OK ? sqlite3_changes(sq_c(sc)->db) : 0;
	return rc;
}

enum store_rc sq_archive_close(struct store_conn *sc, int64_t id, int64_t until, bool deleted)
{
	return exec(sc, bound(sc, SV_CLOSE, 3, id, until, deleted, 0), NULL);
}

enum store_rc sq_archive_drop(struct store_conn *sc, int64_t id)
{
	return exec(sc, bound(sc, SV_DROP, 1, id, 0, 0, 0), NULL);
}

enum store_rc sq_archive_add(struct store_conn *sc, int64_t article_id, int64_t from_at)
{
	return exec(sc, bound(sc, SV_ADD, 2, article_id, from_at, 0, 0), NULL);
}

enum store_rc sq_archive_at(struct store_conn *sc, struct arena *a, int64_t article_id, int64_t t,
			    struct archived *out)
{
	bool found = false;
	enum store_rc rc = one_row(sc, a, bound(sc, SV_AT, 2, article_id, t, 0, 0), out, &found);
	return rc == STORE_OK && !found ? STORE_NOTFOUND : rc;
}

enum store_rc sq_archive_category_at(struct store_conn *sc, struct arena *a, int64_t category_id,
				     int64_t t, int64_t offset, int64_t limit,
				     struct archived **out, size_t *n, int64_t *total)
{
	sqlite3_stmt *q = bound(sc, SV_CAT_AT, 4, category_id, t, limit, offset);
	enum store_rc rc = q ? collect(a, q, out, n) : STORE_ERROR;
	if (rc != STORE_OK || !total)
		return rc;
	q = bound(sc, SV_CAT_COUNT, 2, category_id, t, 0, 0);
	if (!q)
		return STORE_ERROR;
	int r = sqlite3_step(q);
	*total = r == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return sq_rc(r);
}

enum store_rc sq_archive_versions(struct store_conn *sc, struct arena *a, int64_t article_id,
				  struct archived **out, size_t *n)
{
	sqlite3_stmt *q = bound(sc, SV_VERSIONS, 1, article_id, 0, 0, 0);
	return q ? collect(a, q, out, n) : STORE_ERROR;
}

enum store_rc sq_archive_purge(struct store_conn *sc, int64_t before, int64_t *purged)
{
	return exec(sc, bound(sc, SV_PURGE, 1, before, 0, 0, 0), purged);
}

enum store_rc sq_article_delete(struct store_conn *sc, int64_t id)
{
	int64_t changes = 0;
	enum store_rc rc = exec(sc, bound(sc, SV_ARTICLE_DELETE, 1, id, 0, 0, 0), &changes);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}
