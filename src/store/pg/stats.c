/* The PostgreSQL backend's steps of the statistics (the logic is in store/stats.c). */
#include "store/pg/pg-int.h"

/* Statement of each report shape. */
static const enum pg_stmt shapes[STATS_SRC_MAX] = {
    [STATS_SRC_DAY_CAT] = PG_STATS_DAY_CAT, [STATS_SRC_CAT_CAT] = PG_STATS_CAT_CAT,
    [STATS_SRC_DAY] = PG_STATS_DAY,         [STATS_SRC_CATEGORY] = PG_STATS_CATEGORY,
    [STATS_SRC_AUTHOR] = PG_STATS_AUTHOR,   [STATS_SRC_SOURCE] = PG_STATS_SOURCE,
    [STATS_SRC_ARTICLE] = PG_STATS_ARTICLE,
};

enum store_rc pg_views_daily_add(struct store_conn *sc, int64_t article_id, int32_t day, int64_t n,
				 int64_t *category_id)
{
	*category_id = 0;
	enum store_rc rc = pg_one_int(sc, PG_CATEGORY_OF, category_id, article_id);
	if (rc != STORE_OK || *category_id == 0)
		return rc; /* a deleted article: no daily row */
	return pg_write1(sc, NULL, PG_DAILY_ADD, article_id, (int64_t)day, n);
}

enum store_rc pg_views_cat_add(struct store_conn *sc, int64_t category_id, int32_t day, int64_t n)
{
	return pg_write1(sc, NULL, PG_CAT_ADD, category_id, (int64_t)day, n);
}

enum store_rc pg_stats_rows(struct store_conn *sc, struct arena *a, enum stats_src src,
			    const int64_t p[5], struct stats_row **out, size_t *n)
{
	return pg_read_rows(sc, a, shapes[src], sizeof(**out), store_row_stats, (void **)out, n,
			    p[0], p[1], p[2], p[3], p[4]);
}

enum store_rc pg_stats_output(struct store_conn *sc, struct arena *a, int64_t from, int64_t to,
			      int64_t tz_offset, struct stats_output **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_STATS_OUTPUT, sizeof(**out), store_row_output, (void **)out,
			    n, from, to, tz_offset);
}
