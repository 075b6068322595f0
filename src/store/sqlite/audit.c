/* The SQLite backend's steps of the audit chain (the chain itself is in store/audit.c). */
#include "store/sqlite/sqlite-int.h"

#include <string.h>

enum store_rc sq_audit_chain_get(struct store_conn *sc, struct arena *a, bool lock,
				 struct audit_chain *out, int64_t *max_id)
{
	(void)lock; /* BEGIN IMMEDIATE already holds the write lock */
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SA_CHAIN_GET);
	if (!q)
		return STORE_ERROR;
	int r = sqlite3_step(q);
	if (r == SQLITE_ROW) {
		out->sealed = sqlite3_column_int64(q, 0) != 0;
		out->head_id = sqlite3_column_int64(q, 1);
		out->head_hash = sq_col_text(a, q, 2);
		out->cp_id = sqlite3_column_int64(q, 3);
		out->cp_at = sqlite3_column_int64(q, 4);
		out->cp_count = sqlite3_column_int64(q, 5);
		out->cp_hash = sq_col_text(a, q, 6);
		out->cp_mac = sq_col_text(a, q, 7);
		*max_id = sqlite3_column_int64(q, 8);
	}
	sqlite3_reset(q);
	return r == SQLITE_ROW ? STORE_OK : r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
}

enum store_rc sq_audit_chain_set(struct store_conn *sc, const struct audit_chain *s)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SA_CHAIN_SET);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, s->sealed);
	sq_bind_i64(q, 2, s->head_id);
	sq_bind_text(q, 3, s->head_hash);
	sq_bind_i64(q, 4, s->cp_id);
	sq_bind_i64(q, 5, s->cp_at);
	sq_bind_i64(q, 6, s->cp_count);
	sq_bind_text(q, 7, s->cp_hash);
	sq_bind_text(q, 8, s->cp_mac);
	return sq_step_done(c, q);
}

enum store_rc sq_audit_insert(struct store_conn *sc, const struct audit_entry *e)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SA_INSERT);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, e->id);
	sq_bind_i64(q, 2, e->at);
	sq_bind_i64(q, 3, e->user_id);
	sq_bind_text(q, 4, e->user_name);
	sq_bind_text(q, 5, e->address);
	sq_bind_text(q, 6, e->action);
	sq_bind_text(q, 7, e->object);
	sq_bind_text(q, 8, e->detail);
	sq_bind_text(q, 9, e->prev_hash);
	sq_bind_text(q, 10, e->hash);
	return sq_step_done(c, q);
}

enum store_rc sq_audit_page(struct store_conn *sc, struct arena *a, int64_t after, int64_t limit,
			    struct audit_entry **out, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SA_PAGE);
	*n = 0;
	*out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof(**out));
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, after);
	sq_bind_i64(q, 2, limit);
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW && (int64_t)*n < limit) {
		struct store_row row = sq_row(q);
		store_row_audit(a, &row, &(*out)[(*n)++]);
	}
	sqlite3_reset(q);
	return r == SQLITE_ROW || r == SQLITE_DONE ? STORE_OK : sq_rc(r);
}

enum store_rc sq_audit_rehash(struct store_conn *sc, int64_t id, const char *prev_hash,
			      const char *hash)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SA_REHASH);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	sq_bind_text(q, 2, prev_hash);
	sq_bind_text(q, 3, hash);
	return sq_step_done(c, q);
}

enum store_rc sq_audit_purge_bound(struct store_conn *sc, int64_t cutoff, int64_t *upto)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SA_PURGE_BOUND);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, cutoff);
	int r = sqlite3_step(q);
	*upto = r == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return r == SQLITE_ROW ? STORE_OK : sq_rc(r);
}

enum store_rc sq_audit_delete_upto(struct store_conn *sc, int64_t upto, int64_t *deleted)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SA_DELETE_UPTO);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, upto);
	enum store_rc rc = sq_step_done(c, q);
	*deleted = rc == STORE_OK ? sqlite3_changes(c->db) : 0;
	return rc;
}
