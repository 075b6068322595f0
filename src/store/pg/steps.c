/* The PostgreSQL backend's parameters and values as text, several statements in one round
 * trip (libpq's pipeline mode), and commands that return no rows. */
#include "store/pg/pg-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

void pg_p_text(struct pg_params *p, const char *s)
{
	if (p->n < PG_PARAMS_MAX)
		p->v[p->n++] = s ? s : "";
}

void pg_p_i64(struct pg_params *p, int64_t x)
{
	if (p->n >= PG_PARAMS_MAX)
		return;
	snprintf(p->num[p->n], sizeof p->num[p->n], "%lld", (long long)x);
	p->v[p->n] = p->num[p->n];
	p->n++;
}

void pg_p_binary(struct pg_params *p, const char *v, size_t len)
{
	if (p->n >= PG_PARAMS_MAX)
		return;
	p->binary = true;
	p->len[p->n] = (int)len;
	p->fmt[p->n] = 1;
	p->v[p->n++] = v;
}

void pg_p_bool(struct pg_params *p, bool x)
{
	pg_p_text(p, x ? "t" : "f");
}

int64_t pg_get_i64(const PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

bool pg_get_bool(const PGresult *r, int row, int col)
{
	return PQgetvalue(r, row, col)[0] == 't';
}

const char *pg_get_text(struct arena *a, const PGresult *r, int row, int col)
{
	return arena_strndup(a, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}

/* Sends one step of pg_run_steps; false when the link failed. */
static bool send_step(struct pg_conn *c, const struct pg_step *st)
{
	if (st->which == PG_MAX)
		return PQsendQueryParams(c->db, st->sql, 0, NULL, NULL, NULL, NULL, 0) == 1;
	return pg_send_prepared(c, st->which, st->p);
}

/* Reads the results of the n steps sent and of the pipeline's sync; false when the link failed. */
static bool read_steps(struct pg_conn *c, size_t n, PGresult **res)
{
	for (size_t i = 0; i < n; i++) {
		res[i] = pg_result_one(c);
		if (!res[i])
			return false;
	}
	PGresult *sync = PQgetResult(c->db);
	bool ok = PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
	PQclear(sync);
	return ok;
}

enum store_rc pg_run_steps(struct pg_conn *c, const struct pg_step *steps, size_t n, PGresult **res,
			   size_t *failed)
{
	enum store_rc rc = STORE_OK;
	for (size_t i = 0; i < n; i++) {
		res[i] = NULL;
		if (steps[i].which != PG_MAX)
			rc = pg_ready(c, steps[i].which, steps[i].p);
		if (rc != STORE_OK) {
			*failed = i;
			return rc;
		}
	}
	bool ok = PQenterPipelineMode(c->db) == 1;
	for (size_t i = 0; ok && i < n; i++)
		ok = send_step(c, &steps[i]);
	ok = ok && PQpipelineSync(c->db) == 1 && read_steps(c, n, res);
	if (!ok || PQexitPipelineMode(c->db) != 1) {
		c->broken = PQstatus(c->db) != CONNECTION_OK || !ok;
		*failed = 0;
		return pg_step_failed(c, NULL, "a pipeline of statements");
	}
	for (size_t i = 0; i < n; i++) {
		ExecStatusType s = PQresultStatus(res[i]);
		if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
			*failed = i;
			return pg_step_failed(c, res[i], "executing a statement");
		}
	}
	return STORE_OK;
}

/* Rows and binders of the shared readers (value.c) over PostgreSQL's text values. */

static int64_t row_i64(const struct store_row *r, int col)
{
	return pg_get_i64(r->res, r->row, col);
}

static bool row_flag(const struct store_row *r, int col)
{
	return pg_get_bool(r->res, r->row, col);
}

static const char *row_text(const struct store_row *r, struct arena *a, int col)
{
	return pg_get_text(a, r->res, r->row, col);
}

struct store_row pg_row(const PGresult *r, int row)
{
	return (struct store_row){
	    .i64 = row_i64, .flag = row_flag, .text = row_text, .res = r, .row = row};
}

static void bind_i64(struct store_bind *b, int64_t v)
{
	pg_p_i64(((struct pg_bind *)b)->p, v);
}

static void bind_flag(struct store_bind *b, bool v)
{
	pg_p_bool(((struct pg_bind *)b)->p, v);
}

static void bind_text(struct store_bind *b, const char *v)
{
	pg_p_text(((struct pg_bind *)b)->p, v);
}

struct pg_bind pg_binder(struct pg_params *p)
{
	return (struct pg_bind){{.i64 = bind_i64, .flag = bind_flag, .text = bind_text}, p};
}

/* Runs a command that returns no rows (BEGIN, COMMIT...). */
enum store_rc pg_conn_exec(struct pg_conn *c, const char *sql)
{
	PGresult *r = PQexec(c->db, sql);
	enum store_rc rc = STORE_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = pg_rc_of(c, r);
		pg_log(sql, r ? PQresultErrorMessage(r) : PQerrorMessage(c->db));
	}
	PQclear(r);
	return rc;
}
