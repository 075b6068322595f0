/* The PostgreSQL backend's organisation units and people (issue 13). */
#include "store/pg/pg-int.h"

enum store_rc pg_units(struct store_conn *sc, struct arena *a, struct org_unit **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_UNITS, sizeof(**out), store_row_unit, (void **)out, n);
}

enum store_rc pg_people(struct store_conn *sc, struct arena *a, struct org_person **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_PEOPLE, sizeof(**out), store_row_person, (void **)out, n);
}

enum store_rc pg_unit_below(struct store_conn *sc, int64_t ancestor, int64_t id, bool *below)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, ancestor);
	pg_p_i64(&p, id);
	int64_t one = 0;
	return pg_run_exists(pg_c(sc), PG_UNIT_BELOW, &p, &one, below);
}

enum store_rc pg_unit_used(struct store_conn *sc, int64_t id, int64_t *n)
{
	return pg_one_int(sc, PG_UNIT_USED, n, id);
}

static enum store_rc finish(struct store_conn *sc, enum pg_stmt which, const struct pg_params *p,
			    int64_t id, int64_t *id_out)
{
	int64_t first = 0, changes = 0;
	enum store_rc rc = pg_run_fenced(pg_c(sc), which, p, &first, &changes);
	if (rc == STORE_OK && changes == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		*id_out = id ? id : first;
	return rc;
}

enum store_rc pg_unit_write(struct store_conn *sc, const struct org_unit *u, int64_t now,
			    int64_t *id)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, u->parent_id);
	pg_p_i64(&p, u->position);
	const char *t[] = {u->name,  u->slug, u->functions, u->address,
			   u->phone, u->fax,  u->email,     u->website};
	for (int i = 0; i < 8; i++)
		pg_p_text(&p, t[i]);
	pg_p_i64(&p, now);
	if (u->id)
		pg_p_i64(&p, u->id);
	pg_p_text(&p, u->name_en ? u->name_en : "");
	pg_p_text(&p, u->functions_en ? u->functions_en : "");
	return finish(sc, u->id ? PG_UNIT_UPDATE : PG_UNIT_INSERT, &p, u->id, id);
}

enum store_rc pg_person_write(struct store_conn *sc, const struct org_person *pe, int64_t now,
			      int64_t *id)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, pe->unit_id);
	pg_p_i64(&p, pe->sort_order);
	const char *t[] = {pe->name, pe->title, pe->phone, pe->email, pe->photo};
	for (int i = 0; i < 5; i++)
		pg_p_text(&p, t[i]);
	pg_p_i64(&p, now);
	if (pe->id)
		pg_p_i64(&p, pe->id);
	pg_p_text(&p, pe->name_en ? pe->name_en : "");
	pg_p_text(&p, pe->title_en ? pe->title_en : "");
	return finish(sc, pe->id ? PG_PERSON_UPDATE : PG_PERSON_INSERT, &p, pe->id, id);
}

enum store_rc pg_unit_delete(struct store_conn *sc, int64_t id)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_UNIT_DELETE, id);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_person_delete(struct store_conn *sc, int64_t id)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_PERSON_DELETE, id);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}
