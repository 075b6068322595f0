/* The PostgreSQL backend's imported-site tables: old keys -> new ids, old addresses -> new paths.
 */
#include "store/pg/pg-int.h"

enum store_rc pg_import_key_get(struct store_conn *sc, struct arena *a, const char *key,
				int64_t *id, const char **value)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	pg_p_text(&p, key);
	enum store_rc rc;
	PGresult *r = pg_run(c, PG_KEY_GET, &p, &rc);
	if (r && PQntuples(r) == 0) {
		rc = STORE_NOTFOUND;
	} else if (r) {
		*id = pg_get_i64(r, 0, 0);
		*value = pg_get_text(a, r, 0, 1);
	}
	PQclear(r);
	return rc;
}

enum store_rc pg_import_key_set(struct store_conn *sc, const char *key, int64_t id,
				const char *value)
{
	struct pg_params p = {.n = 0};
	pg_p_text(&p, key);
	pg_p_i64(&p, id);
	pg_p_text(&p, value ? value : "");
	return pg_run_fenced(pg_c(sc), PG_KEY_SET, &p, NULL, NULL);
}

enum store_rc pg_redirect_get(struct store_conn *sc, struct arena *a, const char *old,
			      const char **target)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	pg_p_text(&p, old);
	enum store_rc rc;
	PGresult *r = pg_run(c, PG_REDIRECT_GET, &p, &rc);
	if (r && PQntuples(r) == 0)
		rc = STORE_NOTFOUND;
	else if (r)
		*target = pg_get_text(a, r, 0, 0);
	PQclear(r);
	return rc;
}

enum store_rc pg_redirect_set(struct store_conn *sc, const char *old, const char *target)
{
	struct pg_params p = {.n = 0};
	pg_p_text(&p, old);
	pg_p_text(&p, target);
	return pg_run_fenced(pg_c(sc), PG_REDIRECT_SET, &p, NULL, NULL);
}
