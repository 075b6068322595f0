/* Private to src/store/: a numbered schema migration; each backend lists its own in schema.c. */
#ifndef GZ_STORE_SCHEMA_H
#define GZ_STORE_SCHEMA_H

#include <stddef.h>

struct migration {
	int version; /* 1, 2, 3 ... in order, never renumbered */
	const char *what;
	const char *sql;
};

#endif
