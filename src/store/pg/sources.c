/* The PostgreSQL backend's sources, origins of republished articles and takedowns. */
#include "store/pg/pg-int.h"

enum store_rc pg_sources(struct store_conn *sc, struct arena *a, struct source **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_SOURCES, sizeof(**out), store_row_source, (void **)out, n);
}

enum store_rc pg_source_get(struct store_conn *sc, struct arena *a, int64_t id, struct source *out)
{
	return pg_read_one(sc, a, PG_SOURCE_GET, sizeof(*out), store_row_source, out, id);
}

enum store_rc pg_source_put(struct store_conn *sc, const struct source *s, int64_t *id)
{
	int64_t changes = 0, new_id = 0;
	enum store_rc rc;
	if (s->id) {
		rc = pg_write1(sc, &changes, PG_SOURCE_UPDATE, s->id, s->name, s->website, s->logo,
			       s->agreement, (int64_t)s->republish);
		if (rc == STORE_OK && changes == 0)
			return STORE_NOTFOUND;
		new_id = s->id;
	} else {
		struct pg_params p = {.n = 0};
		pg_p_text(&p, s->name);
		pg_p_text(&p, s->website);
		pg_p_text(&p, s->logo);
		pg_p_text(&p, s->agreement);
		pg_p_bool(&p, s->republish);
		rc = pg_run_fenced(pg_c(sc), PG_SOURCE_INSERT, &p, &new_id, NULL);
	}
	if (rc == STORE_OK && id)
		*id = new_id;
	return rc;
}

enum store_rc pg_source_delete(struct store_conn *sc, int64_t id)
{
	int64_t used = 0, changes = 0;
	enum store_rc rc = pg_one_int(sc, PG_SOURCE_USED, &used, id);
	if (rc == STORE_OK && used)
		return STORE_CONFLICT;
	if (rc == STORE_OK)
		rc = pg_write1(sc, &changes, PG_SOURCE_DELETE, id);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_origin_get(struct store_conn *sc, struct arena *a, int64_t article_id,
			    struct article_origin *out)
{
	return pg_read_one(sc, a, PG_ORIGIN_GET, sizeof(*out), store_row_origin, out, article_id);
}

enum store_rc pg_origin_set(struct store_conn *sc, const struct article_origin *o)
{
	enum store_rc rc = pg_write1(sc, NULL, PG_ORIGIN_SET, o->article_id, o->source_id,
				     o->original_url, o->original_at);
	return rc == STORE_CONFLICT ? STORE_NOTFOUND : rc; /* an unknown article or source */
}

enum store_rc pg_takedown_add(struct store_conn *sc, int64_t article_id, int64_t removed_at,
			      int64_t deadline, int64_t now, const char *note, int64_t *id)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, article_id);
	pg_p_i64(&p, removed_at);
	pg_p_i64(&p, deadline);
	pg_p_i64(&p, now);
	pg_p_text(&p, note);
	int64_t new_id = 0;
	enum store_rc rc = pg_run_fenced(pg_c(sc), PG_TAKEDOWN_ADD, &p, &new_id, NULL);
	if (rc == STORE_OK && id)
		*id = new_id;
	return rc;
}

enum store_rc pg_takedowns(struct store_conn *sc, struct arena *a, bool open_only,
			   struct takedown **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_TAKEDOWNS, sizeof(**out), store_row_takedown, (void **)out, n,
			    (int64_t)open_only);
}

enum store_rc pg_takedown_done(struct store_conn *sc, int64_t article_id, int64_t at)
{
	return pg_write1(sc, NULL, PG_TAKEDOWN_DONE, article_id, at);
}

enum store_rc pg_takedown_claim(struct store_conn *sc, int64_t id, int64_t bit, bool *claimed)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_TAKEDOWN_CLAIM, id, bit);
	*claimed = rc == STORE_OK && changes == 1;
	return rc;
}
