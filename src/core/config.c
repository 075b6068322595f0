/* Configuration table: defaults, then the config file, then the environment, then flags. */
#include "core/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cfg_index(const struct cfg_opt *opts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(opts[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int parse_uint(const struct cfg_opt *o, const char *v, unsigned long *out, struct buf *err)
{
	char *end = NULL;
	errno = 0;
	unsigned long x = strtoul(v, &end, 10);
	if (errno || !end || *end || end == v || v[0] == '-' || x < o->min || x > o->max) {
		buf_printf(err, "'%s' must be a whole number from %lu to %lu, not '%s'", o->name,
			   o->min, o->max, v);
		return -1;
	}
	*out = x;
	return 0;
}

int cfg_set(const struct cfg_opt *opts, size_t n, struct cfg_val *vals, const char *name,
	    const char *value, const char *origin, struct buf *err)
{
	int i = cfg_index(opts, n, name);
	if (i < 0) {
		buf_printf(err, "unknown setting '%s'", name);
		return -1;
	}
	unsigned long num = 0;
	if (opts[i].type == CFG_UINT && parse_uint(&opts[i], value, &num, err) != 0)
		return -1;
	free(vals[i].text);
	vals[i].text = xstrdup(value);
	vals[i].num = num;
	vals[i].origin = origin;
	return 0;
}

void cfg_defaults(const struct cfg_opt *opts, size_t n, struct cfg_val *vals)
{
	struct buf err = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		memset(&vals[i], 0, sizeof vals[i]);
		if (cfg_set(opts, n, vals, opts[i].name, opts[i].def, "default", &err) != 0)
			abort(); /* a default that fails its own check is a programming error */
	}
	buf_free(&err);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
		       s[len - 1] == '\r'))
		s[--len] = '\0';
	return s;
}

int cfg_load_file(const struct cfg_opt *opts, size_t n, struct cfg_val *vals, const char *path,
		  struct buf *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	int rc = 0;
	while (rc == 0 && getline(&line, &cap, f) > 0) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		struct buf why = BUF_INIT;
		if (!eq) {
			buf_puts(&why, "expected 'name = value'");
			rc = -1;
		} else {
			*eq = '\0';
			rc = cfg_set(opts, n, vals, trim(s), trim(eq + 1), "file", &why);
		}
		if (rc != 0)
			buf_printf(err, "%s:%ld: %s", path, lineno, buf_cstr(&why));
		buf_free(&why);
	}
	free(line);
	fclose(f);
	return rc;
}

int cfg_load_env(const struct cfg_opt *opts, size_t n, struct cfg_val *vals, struct buf *err)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = opts[i].env ? getenv(opts[i].env) : NULL;
		if (v && *v && cfg_set(opts, n, vals, opts[i].name, v, "environment", err) != 0) {
			buf_printf(err, " (from %s)", opts[i].env);
			return -1;
		}
	}
	return 0;
}

void cfg_free(size_t n, struct cfg_val *vals)
{
	for (size_t i = 0; i < n; i++) {
		free(vals[i].text);
		vals[i].text = NULL;
	}
}
