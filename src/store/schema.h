/* Private to src/store/: a numbered schema migration; each backend lists its own in schema.c. */
#ifndef GZ_STORE_SCHEMA_H
#define GZ_STORE_SCHEMA_H

#include <stddef.h>

struct migration {
	int version; /* 1, 2, 3 ... in order, never renumbered */
	const char *what;
	const char *sql;
};

/* The newest version each backend's list migrates to (gazette doctor compares a database with
 * it without migrating). */
int sq_schema_latest(void);
int pg_schema_latest(void);

#endif
