/* The PostgreSQL backend's media library: the rows that describe uploaded images. */
#include "store/pg/pg-int.h"

enum store_rc pg_media_add(struct store_conn *sc, const struct media *m, int64_t *id)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	pg_p_text(&p, m->file);
	pg_p_text(&p, m->thumb ? m->thumb : "");
	pg_p_text(&p, m->name ? m->name : "");
	pg_p_text(&p, m->mime);
	pg_p_i64(&p, m->bytes);
	pg_p_i64(&p, m->width);
	pg_p_i64(&p, m->height);
	pg_p_i64(&p, m->user_id);
	pg_p_i64(&p, m->created_at ? m->created_at : pg_now());
	int64_t new_id = 0;
	enum store_rc rc = pg_run_fenced(c, PG_MEDIA_ADD, &p, &new_id, NULL);
	if (rc == STORE_OK && id)
		*id = new_id;
	return rc;
}

enum store_rc pg_media_list(struct store_conn *sc, struct arena *a, const char *like,
			    int64_t offset, int64_t limit, struct media **out, size_t *n,
			    int64_t *total)
{
	enum store_rc rc = pg_read_rows(sc, a, PG_MEDIA_LIST, sizeof(**out), store_row_media,
					(void **)out, n, limit, offset, like);
	if (rc == STORE_OK && total && offset == 0 && limit > 0 && (int64_t)*n < limit)
		*total = (int64_t)*n; /* the first page holds them all: no second scan */
	else if (rc == STORE_OK && total)
		rc = pg_one_int(sc, PG_MEDIA_COUNT, total, like);
	return rc;
}

enum store_rc pg_media_by_id(struct store_conn *sc, struct arena *a, int64_t id, struct media *out)
{
	return pg_read_one(sc, a, PG_MEDIA_BY_ID, sizeof(*out), store_row_media, out, id);
}

enum store_rc pg_media_describe(struct store_conn *sc, int64_t id, const char *name,
				const char *alt, const char *caption)
{
	int64_t changes = 0;
	enum store_rc rc =
	    pg_write1(sc, &changes, PG_MEDIA_DESCRIBE, id, name, alt, caption,
		      (int64_t)(name != NULL), (int64_t)(alt != NULL), (int64_t)(caption != NULL));
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_media_delete(struct store_conn *sc, int64_t id)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_MEDIA_DELETE, id);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_media_uses(struct store_conn *sc, struct arena *a, const char *stem,
			    struct media_use **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_MEDIA_USES, sizeof(**out), store_row_media_use, (void **)out,
			    n, stem);
}

enum store_rc pg_media_get(struct store_conn *sc, struct arena *a, const char *file,
			   struct media *out)
{
	return pg_read_one(sc, a, PG_MEDIA_GET, sizeof(*out), store_row_media, out, file);
}

enum store_rc pg_media_set_size(struct store_conn *sc, int64_t id, int64_t width, int64_t height,
				int64_t bytes)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_MEDIA_SET_SIZE, id, width, height, bytes);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}
