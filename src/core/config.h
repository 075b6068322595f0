/* Configuration as a table: one row per setting serves the config file, the environment and flags.
 */
#ifndef GZ_CORE_CONFIG_H
#define GZ_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

enum cfg_type { CFG_STRING, CFG_UINT, CFG_TYPE_MAX };

struct cfg_opt {
	const char *name; /* "listen": also the flag --listen and the file key */
	enum cfg_type type;
	const char *def;        /* default, as text */
	const char *env;        /* environment variable, or NULL */
	unsigned long min, max; /* CFG_UINT range */
	const char *help;
};

struct cfg_val {
	char *text; /* owned */
	unsigned long num;
	const char *origin; /* "default", "file", "environment", "flag" */
};

/* Sets every value to its default. */
void cfg_defaults(const struct cfg_opt *opts, size_t n, struct cfg_val *vals);
/* Sets one value by name, checking its type and range. Returns 0, or -1 with a message in err. */
int cfg_set(const struct cfg_opt *opts, size_t n, struct cfg_val *vals, const char *name,
	    const char *value, const char *origin, struct buf *err);
/* Reads "name = value" lines ('#' comments, blank lines) from path. Returns 0, or -1 with
 * "PATH:LINE: reason" in err. */
int cfg_load_file(const struct cfg_opt *opts, size_t n, struct cfg_val *vals, const char *path,
		  struct buf *err);
/* Applies the environment variables of the rows that have one. */
int cfg_load_env(const struct cfg_opt *opts, size_t n, struct cfg_val *vals, struct buf *err);
/* Returns the index of name, or -1. */
int cfg_index(const struct cfg_opt *opts, size_t n, const char *name);
void cfg_free(size_t n, struct cfg_val *vals);

#endif
