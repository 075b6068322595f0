/* The PostgreSQL backend: how a statement of the table in sql.c is prepared, bound and run, and
 * what its failures mean. */
#include "store/pg/pg-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

/* Maps a failed result to a code: lost links are UNAVAILABLE, constraints CONFLICT (as SQLite's
 * SQLITE_CONSTRAINT), lock waits that gave up UNAVAILABLE (as SQLITE_BUSY). */
enum store_rc pg_rc_of(struct pg_conn *c, const PGresult *r)
{
	if (PQstatus(c->db) == CONNECTION_BAD) {
		c->broken = true;
		return STORE_UNAVAILABLE;
	}
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (!state)
		return STORE_ERROR;
	if (strncmp(state, "23", 2) == 0)
		return STORE_CONFLICT;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return STORE_UNAVAILABLE;
	return STORE_ERROR;
}

/* Notes a failed step: inside a transaction PostgreSQL has aborted it, so its end rolls back. */
enum store_rc pg_step_failed(struct pg_conn *c, const PGresult *r, const char *what)
{
	enum store_rc rc = pg_rc_of(c, r);
	if (rc != STORE_CONFLICT)
		pg_log(what, r ? PQresultErrorMessage(r) : PQerrorMessage(c->db));
	if (c->base.depth > 0 && !c->fenced)
		c->base.failed = true;
	return rc;
}

/* Prepares `which` on c on its first use since the connection was made or reset. */
enum store_rc pg_prepare(struct pg_conn *c, enum pg_stmt which)
{
	if (c->prepared[which])
		return STORE_OK;
	Oid types[PG_PARAMS_MAX];
	int n = (int)strlen(pg_sql[which].types);
	for (int i = 0; i < n; i++)
		types[i] = pg_type_oid(pg_sql[which].types[i]);
	char name[16];
	snprintf(name, sizeof name, "gz%d", (int)which);
	PGresult *r = PQprepare(c->db, name, pg_sql[which].sql, n, types);
	enum store_rc rc = STORE_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_step_failed(c, r, "preparing a statement");
	else
		c->prepared[which] = true;
	PQclear(r);
	return rc;
}

enum store_rc pg_ready(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p)
{
	int n = (int)strlen(pg_sql[which].types);
	if (p->n != n) {
		log_error("postgresql: statement %d wants %d parameters, got %d", which, n, p->n);
		return STORE_ERROR;
	}
	return pg_prepare(c, which);
}

/* Executes `which` with p; returns the result (the caller PQclears it) and STORE_OK in *rc, or
 * NULL and the failure in *rc. */
PGresult *pg_run(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p,
		 enum store_rc *rc)
{
	*rc = pg_ready(c, which, p);
	if (*rc != STORE_OK)
		return NULL;
	char name[16];
	snprintf(name, sizeof name, "gz%d", (int)which);
	PGresult *r = PQexecPrepared(c->db, name, p->n, p->v, p->binary ? p->len : NULL,
				     p->binary ? p->fmt : NULL, 0);
	ExecStatusType s = PQresultStatus(r);
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
		return r;
	*rc = pg_step_failed(c, r, "executing a statement");
	PQclear(r);
	return NULL;
}

bool pg_send_prepared(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p)
{
	char name[16];
	snprintf(name, sizeof name, "gz%d", (int)which);
	return PQsendQueryPrepared(c->db, name, p->n, p->v, p->binary ? p->len : NULL,
				   p->binary ? p->fmt : NULL, 0) == 1;
}

PGresult *pg_result_one(struct pg_conn *c)
{
	PGresult *r = PQgetResult(c->db), *extra;
	if (r)
		while ((extra = PQgetResult(c->db)) != NULL) /* a statement gives one, then NULL */
			PQclear(extra);
	return r;
}

/* Sends `which` with p without waiting for its answer, which pg_recv reads (nothing else may run
 * on c meanwhile). False when it could not be sent (logged). */
bool pg_send(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p)
{
	if (pg_ready(c, which, p) != STORE_OK)
		return false;
	if (pg_send_prepared(c, which, p))
		return true;
	pg_step_failed(c, NULL, "sending a statement");
	return false;
}

/* The answer of the statement pg_send sent, as pg_run gives it; c is then free again. */
PGresult *pg_recv(struct pg_conn *c, enum store_rc *rc)
{
	PGresult *r = pg_result_one(c);
	ExecStatusType s = PQresultStatus(r);
	if (r && (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)) {
		*rc = STORE_OK;
		return r;
	}
	*rc = pg_step_failed(c, r, "executing a statement");
	PQclear(r);
	return NULL;
}

/* Runs `which` for its effect only. */
enum store_rc pg_run_done(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p)
{
	enum store_rc rc;
	PQclear(pg_run(c, which, p, &rc));
	return rc;
}

/* Runs `which`; *found says whether it gave a row, and *first_col gets the row's first column. */
enum store_rc pg_run_exists(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p,
			    int64_t *first_col, bool *found)
{
	enum store_rc rc;
	PGresult *r = pg_run(c, which, p, &rc);
	*found = r && PQntuples(r) > 0;
	if (*found && first_col)
		*first_col = pg_get_i64(r, 0, 0);
	PQclear(r);
	return rc;
}

/* Fills p with the arguments of `which`, read by its parameter types: I and B take an int64_t, T a
 * const char * (NULL is ""). */
static void params_v(struct pg_params *p, enum pg_stmt which, va_list ap)
{
	for (const char *t = pg_sql[which].types; *t; t++) {
		if (*t == 'T')
			pg_p_text(p, va_arg(ap, const char *));
		else if (*t == 'B')
			pg_p_bool(p, va_arg(ap, int64_t) != 0);
		else
			pg_p_i64(p, va_arg(ap, int64_t));
	}
}

/* One write statement on its own connection; *changes gets the rows it touched when not NULL.
 * Inside the caller's transaction its failure leaves the transaction usable, as in SQLite. */
enum store_rc pg_write1(struct store_conn *sc, int64_t *changes, enum pg_stmt which, ...)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	va_list ap;
	va_start(ap, which);
	params_v(&p, which, ap);
	va_end(ap);
	enum store_rc rc = pg_run_fenced(c, which, &p, NULL, changes);
	return rc;
}

enum store_rc pg_read_rows_p(struct pg_conn *c, struct arena *a, enum pg_stmt which, size_t elem,
			     store_row_fn fn, void **out, size_t *n, const struct pg_params *p)
{
	enum store_rc rc;
	PGresult *r = pg_run(c, which, p, &rc);
	int rows = r ? PQntuples(r) : 0;
	char *v = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * elem);
	for (int i = 0; i < rows; i++) {
		struct store_row row = pg_row(r, i);
		fn(a, &row, v + (size_t)i * elem);
	}
	PQclear(r);
	*out = v;
	*n = (size_t)rows;
	return rc;
}

/* Runs a query (arguments as for write1) and collects its rows into an arena array. */
enum store_rc pg_read_rows(struct store_conn *sc, struct arena *a, enum pg_stmt which, size_t elem,
			   store_row_fn fn, void **out, size_t *n, ...)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	va_list ap;
	va_start(ap, n);
	params_v(&p, which, ap);
	va_end(ap);
	enum store_rc rc = pg_read_rows_p(c, a, which, elem, fn, out, n, &p);
	return rc;
}

/* A query that gives at most one row, copied to dst: STORE_NOTFOUND when it gives none. */
enum store_rc pg_read_one(struct store_conn *sc, struct arena *a, enum pg_stmt which, size_t elem,
			  store_row_fn fn, void *dst, ...)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	va_list ap;
	va_start(ap, dst);
	params_v(&p, which, ap);
	va_end(ap);
	void *rows;
	size_t n;
	enum store_rc rc = pg_read_rows_p(c, a, which, elem, fn, &rows, &n, &p);
	if (rc == STORE_OK && n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		memcpy(dst, rows, elem);
	return rc;
}

/* The first column of the first row (0 when there is none or it is NULL). */
enum store_rc pg_one_int(struct store_conn *sc, enum pg_stmt which, int64_t *out, ...)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	va_list ap;
	va_start(ap, out);
	params_v(&p, which, ap);
	va_end(ap);
	enum store_rc rc;
	PGresult *r = pg_run(c, which, &p, &rc);
	if (r)
		*out = PQntuples(r) > 0 ? pg_get_i64(r, 0, 0) : 0;
	PQclear(r);
	return rc;
}
