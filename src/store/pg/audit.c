/* The PostgreSQL backend's steps of the audit chain (the chain itself is in store/audit.c). */
#include "store/pg/pg-int.h"

#include <string.h>

enum store_rc pg_audit_chain_get(struct store_conn *sc, struct arena *a, bool lock,
				 struct audit_chain *out, int64_t *max_id)
{
	struct pg_params p = {.n = 0};
	enum store_rc rc;
	PGresult *r = pg_run(pg_c(sc), lock ? PG_CHAIN_LOCK : PG_CHAIN_GET, &p, &rc);
	if (r && PQntuples(r) == 1) {
		out->sealed = pg_get_bool(r, 0, 0);
		out->head_id = pg_get_i64(r, 0, 1);
		out->head_hash = pg_get_text(a, r, 0, 2);
		out->cp_id = pg_get_i64(r, 0, 3);
		out->cp_at = pg_get_i64(r, 0, 4);
		out->cp_count = pg_get_i64(r, 0, 5);
		out->cp_hash = pg_get_text(a, r, 0, 6);
		out->cp_mac = pg_get_text(a, r, 0, 7);
		*max_id = pg_get_i64(r, 0, 8);
	} else if (r) {
		rc = STORE_NOTFOUND;
	}
	PQclear(r);
	return rc;
}

enum store_rc pg_audit_chain_set(struct store_conn *sc, const struct audit_chain *s)
{
	return pg_write1(sc, NULL, PG_CHAIN_SET, (int64_t)s->sealed, s->head_id, s->head_hash,
			 s->cp_id, s->cp_at, s->cp_count, s->cp_hash, s->cp_mac);
}

enum store_rc pg_audit_insert(struct store_conn *sc, const struct audit_entry *e)
{
	return pg_write1(sc, NULL, PG_AUDIT_INSERT, e->id, e->at, e->user_id, e->user_name,
			 e->address, e->action, e->object, e->detail, e->prev_hash, e->hash);
}

enum store_rc pg_audit_page(struct store_conn *sc, struct arena *a, int64_t after, int64_t limit,
			    struct audit_entry **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_AUDIT_PAGE, sizeof(**out), store_row_audit, (void **)out, n,
			    after, limit);
}

enum store_rc pg_audit_rehash(struct store_conn *sc, int64_t id, const char *prev_hash,
			      const char *hash)
{
	return pg_write1(sc, NULL, PG_AUDIT_REHASH, id, prev_hash, hash);
}

enum store_rc pg_audit_purge_bound(struct store_conn *sc, int64_t cutoff, int64_t *upto)
{
	return pg_one_int(sc, PG_AUDIT_PURGE_BOUND, upto, cutoff);
}

enum store_rc pg_audit_delete_upto(struct store_conn *sc, int64_t upto, int64_t *deleted)
{
	*deleted = 0;
	return pg_write1(sc, deleted, PG_AUDIT_DELETE_UPTO, upto);
}
