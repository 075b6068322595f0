/* The SQLite backend's imported-site tables: old keys -> new ids, old addresses -> new paths. */
#include "store/sqlite/sqlite-int.h"

enum store_rc sq_import_key_get(struct store_conn *sc, struct arena *a, const char *key,
				int64_t *id, const char **value)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SL_KEY_GET);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_text(q, 1, key);
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			*id = sqlite3_column_int64(q, 0);
			*value = sq_col_text(a, q, 1);
			rc = STORE_OK;
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
		}
		sqlite3_reset(q);
	}
	return rc;
}

enum store_rc sq_import_key_set(struct store_conn *sc, const char *key, int64_t id,
				const char *value)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SL_KEY_SET);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_text(q, 1, key);
		sq_bind_i64(q, 2, id);
		sq_bind_text(q, 3, value ? value : "");
		rc = sq_step_done(c, q);
	}
	return rc;
}

enum store_rc sq_redirect_get(struct store_conn *sc, struct arena *a, const char *old,
			      const char **target)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SL_REDIRECT_GET);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_text(q, 1, old);
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			*target = sq_col_text(a, q, 0);
			rc = STORE_OK;
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
		}
		sqlite3_reset(q);
	}
	return rc;
}

enum store_rc sq_redirect_set(struct store_conn *sc, const char *old, const char *target)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SL_REDIRECT_SET);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_text(q, 1, old);
		sq_bind_text(q, 2, target);
		rc = sq_step_done(c, q);
	}
	return rc;
}
