/* Private to src/store/: PostgreSQL search (pg_search.c), called by store_pg.c on its connections.
 */
#ifndef GZ_STORE_PG_SEARCH_H
#define GZ_STORE_PG_SEARCH_H

#include <libpq-fe.h>

#include "store/store-int.h"

/* The version of PostgreSQL's search migration (SQLite's is 4 too). */
#define PG_SEARCH_VERSION 4

/* The SQL of migration PG_SEARCH_VERSION (the search index and its trigger), listed in
 * schema_pg.c. */
extern const char pg_search_sql[];

/* store_search on one connection (no transaction needed). */
enum store_rc pg_search_run(PGconn *db, struct arena *a, const struct search_request *r,
			    struct search_hit **out, size_t *n, int64_t *total, bool *more);
/* store_search_reindex on one connection: call inside a transaction (it empties the index
 * first). */
enum store_rc pg_search_rebuild(PGconn *db, void (*progress)(int64_t done, void *ctx), void *ctx,
				int64_t *count);

#endif
