/* The PostgreSQL backend's side of the shared row readers and binders (value.c): a result row as
 * a struct store_row, and parameters appended through a struct store_bind. */
#include "store/pg/pg-int.h"

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
