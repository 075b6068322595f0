/* The SQLite backend's steps of the statistics (the logic is in store/stats.c). */
#include "store/sqlite/sqlite-int.h"

#include <string.h>

/* Statement of each report shape. */
static const enum sq_stmt shapes[STATS_SRC_MAX] = {
    [STATS_SRC_DAY_CAT] = SS_DAY_CAT, [STATS_SRC_CAT_CAT] = SS_CAT_CAT,
    [STATS_SRC_DAY] = SS_DAY,         [STATS_SRC_CATEGORY] = SS_CATEGORY,
    [STATS_SRC_AUTHOR] = SS_AUTHOR,   [STATS_SRC_SOURCE] = SS_SOURCE,
    [STATS_SRC_ARTICLE] = SS_ARTICLE,
};

static enum store_rc add3(struct sq_conn *c, enum sq_stmt which, int64_t x, int64_t day, int64_t n)
{
	sqlite3_stmt *q = sq_stmt(c, which);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, x);
	sq_bind_i64(q, 2, day);
	sq_bind_i64(q, 3, n);
	return sq_step_done(c, q);
}

enum store_rc sq_views_daily_add(struct store_conn *sc, int64_t article_id, int32_t day, int64_t n,
				 int64_t *category_id)
{
	struct sq_conn *c = sq_c(sc);
	*category_id = 0;
	sqlite3_stmt *q = sq_stmt(c, SS_CATEGORY_OF);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, article_id);
	int r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		*category_id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (r != SQLITE_ROW)
		return sq_rc(r); /* a deleted article: no daily row */
	return add3(c, SS_DAILY_ADD, article_id, day, n);
}

enum store_rc sq_views_cat_add(struct store_conn *sc, int64_t category_id, int32_t day, int64_t n)
{
	return add3(sq_c(sc), SS_CAT_ADD, category_id, day, n);
}

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

enum store_rc sq_stats_rows(struct store_conn *sc, struct arena *a, enum stats_src src,
			    const int64_t p[5], struct stats_row **out, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), shapes[src]);
	*n = 0;
	if (!q)
		return STORE_ERROR;
	for (int i = 0; i < 5; i++)
		sq_bind_i64(q, i + 1, p[i]);
	return collect(a, q, sizeof(**out), store_row_stats, (void **)out, n);
}

enum store_rc sq_stats_output(struct store_conn *sc, struct arena *a, int64_t from, int64_t to,
			      int64_t tz_offset, struct stats_output **out, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SS_OUTPUT);
	*n = 0;
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, from);
	sq_bind_i64(q, 2, to);
	sq_bind_i64(q, 3, tz_offset);
	return collect(a, q, sizeof(**out), store_row_output, (void **)out, n);
}
