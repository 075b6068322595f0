/* The SQLite backend's organisation units and people (issue 13). */
#include "store/sqlite/sqlite-int.h"

#include <string.h>

static enum store_rc rows(struct store_conn *sc, struct arena *a, enum sq_stmt which, size_t elem,
			  store_row_fn fn, void **out, size_t *n)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, which);
	size_t cap = 16, len = 0;
	char *v = arena_alloc(a, cap * elem);
	enum store_rc rc = STORE_ERROR;
	if (q) {
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
		rc = sq_rc(r);
		sqlite3_reset(q);
	}
	*out = v;
	*n = len;
	return rc;
}

enum store_rc sq_units(struct store_conn *sc, struct arena *a, struct org_unit **out, size_t *n)
{
	return rows(sc, a, SO_UNITS, sizeof(**out), store_row_unit, (void **)out, n);
}

enum store_rc sq_people(struct store_conn *sc, struct arena *a, struct org_person **out, size_t *n)
{
	return rows(sc, a, SO_PEOPLE, sizeof(**out), store_row_person, (void **)out, n);
}

static enum store_rc one_int(struct sq_conn *c, enum sq_stmt which, int64_t p1, int64_t p2,
			     int64_t *out, bool *found)
{
	sqlite3_stmt *q = sq_stmt(c, which);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, p1);
	sq_bind_i64(q, 2, p2);
	int r = sqlite3_step(q);
	*found = r == SQLITE_ROW;
	if (*found)
		*out = sqlite3_column_int64(q, 0);
	enum store_rc rc = r == SQLITE_ROW || r == SQLITE_DONE ? STORE_OK : sq_rc(r);
	sqlite3_reset(q);
	return rc;
}

enum store_rc sq_unit_below(struct store_conn *sc, int64_t ancestor, int64_t id, bool *below)
{
	int64_t one = 0;
	return one_int(sq_c(sc), SO_UNIT_BELOW, ancestor, id, &one, below);
}

enum store_rc sq_unit_used(struct store_conn *sc, int64_t id, int64_t *n)
{
	bool found = false;
	*n = 0;
	return one_int(sq_c(sc), SO_UNIT_USED, id, 0, n, &found);
}

/* Steps a bound write; for an update (id set) no row changed is NOTFOUND; sets *id. */
static enum store_rc finish(struct sq_conn *c, sqlite3_stmt *q, int64_t id, int64_t *id_out)
{
	enum store_rc rc = sq_step_done(c, q);
	if (rc == STORE_OK && id && sqlite3_changes(c->db) == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		*id_out = id ? id : sqlite3_last_insert_rowid(c->db);
	return rc;
}

enum store_rc sq_unit_write(struct store_conn *sc, const struct org_unit *u, int64_t now,
			    int64_t *id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, u->id ? SO_UNIT_UPDATE : SO_UNIT_INSERT);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, u->parent_id);
	sq_bind_i64(q, 2, u->position);
	const char *t[] = {u->name,  u->slug, u->functions, u->address,
			   u->phone, u->fax,  u->email,     u->website};
	for (int i = 0; i < 8; i++)
		sq_bind_text(q, 3 + i, t[i]);
	sq_bind_i64(q, 11, now);
	if (u->id)
		sq_bind_i64(q, 12, u->id);
	sq_bind_text(q, u->id ? 13 : 12, u->name_en ? u->name_en : "");
	sq_bind_text(q, u->id ? 14 : 13, u->functions_en ? u->functions_en : "");
	return finish(c, q, u->id, id);
}

enum store_rc sq_person_write(struct store_conn *sc, const struct org_person *p, int64_t now,
			      int64_t *id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, p->id ? SO_PERSON_UPDATE : SO_PERSON_INSERT);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, p->unit_id);
	sq_bind_i64(q, 2, p->sort_order);
	const char *t[] = {p->name, p->title, p->phone, p->email, p->photo};
	for (int i = 0; i < 5; i++)
		sq_bind_text(q, 3 + i, t[i]);
	sq_bind_i64(q, 8, now);
	if (p->id)
		sq_bind_i64(q, 9, p->id);
	sq_bind_text(q, p->id ? 10 : 9, p->name_en ? p->name_en : "");
	sq_bind_text(q, p->id ? 11 : 10, p->title_en ? p->title_en : "");
	return finish(c, q, p->id, id);
}

static enum store_rc delete_one(struct store_conn *sc, enum sq_stmt which, int64_t id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, which);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	enum store_rc rc = sq_step_done(c, q);
	return rc == STORE_OK && sqlite3_changes(c->db) == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_unit_delete(struct store_conn *sc, int64_t id)
{
	return delete_one(sc, SO_UNIT_DELETE, id);
}

enum store_rc sq_person_delete(struct store_conn *sc, int64_t id)
{
	return delete_one(sc, SO_PERSON_DELETE, id);
}
