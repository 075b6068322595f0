/* Private to src/store/: numbered schema migrations, one list per backend. */
#ifndef GZ_STORE_SCHEMA_H
#define GZ_STORE_SCHEMA_H

#include <stddef.h>

struct migration {
	int version; /* 1, 2, 3 ... in order, never renumbered */
	const char *what;
	const char *sql;
};

const struct migration *schema_sqlite(size_t *n);
const struct migration *schema_pg(size_t *n);

#endif
