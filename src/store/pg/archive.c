/* The PostgreSQL backend's steps of the archive (the logic is in store/archive.c). */
#include "store/pg/pg-int.h"

enum store_rc pg_archive_open(struct store_conn *sc, struct arena *a, int64_t article_id,
			      struct archived *out, bool *found)
{
	enum store_rc rc =
	    pg_read_one(sc, a, PG_ARCH_OPEN, sizeof(*out), store_row_archived, out, article_id);
	*found = rc == STORE_OK;
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

enum store_rc pg_archive_close(struct store_conn *sc, int64_t id, int64_t until, bool deleted)
{
	return pg_write1(sc, NULL, PG_ARCH_CLOSE, id, until, (int64_t)deleted);
}

enum store_rc pg_archive_drop(struct store_conn *sc, int64_t id)
{
	return pg_write1(sc, NULL, PG_ARCH_DROP, id);
}

enum store_rc pg_archive_add(struct store_conn *sc, int64_t article_id, int64_t from_at)
{
	return pg_write1(sc, NULL, PG_ARCH_ADD, article_id, from_at);
}

enum store_rc pg_archive_at(struct store_conn *sc, struct arena *a, int64_t article_id, int64_t t,
			    struct archived *out)
{
	return pg_read_one(sc, a, PG_ARCH_AT, sizeof(*out), store_row_archived, out, article_id, t);
}

enum store_rc pg_archive_category_at(struct store_conn *sc, struct arena *a, int64_t category_id,
				     int64_t t, int64_t offset, int64_t limit,
				     struct archived **out, size_t *n, int64_t *total)
{
	enum store_rc rc = pg_read_rows(sc, a, PG_ARCH_CAT_AT, sizeof(**out), store_row_archived,
					(void **)out, n, category_id, t, limit, offset);
	if (rc == STORE_OK && total)
		rc = pg_one_int(sc, PG_ARCH_CAT_COUNT, total, category_id, t);
	return rc;
}

enum store_rc pg_archive_versions(struct store_conn *sc, struct arena *a, int64_t article_id,
				  struct archived **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_ARCH_VERSIONS, sizeof(**out), store_row_archived,
			    (void **)out, n, article_id);
}

enum store_rc pg_archive_purge(struct store_conn *sc, int64_t before, int64_t *purged)
{
	*purged = 0;
	return pg_write1(sc, purged, PG_ARCH_PURGE, before);
}

enum store_rc pg_article_delete(struct store_conn *sc, int64_t id)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_ARTICLE_DELETE, id);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}
