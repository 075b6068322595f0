/* Route tables: one row per URL pattern and methods, matched by one router for every surface. */
#ifndef GZ_HTTP_ROUTE_H
#define GZ_HTTP_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

/* GET always comes with HEAD (the server drops the body). */
#define ROUTE_GET (HTTP_GET | HTTP_HEAD)

enum route_flag {
	ROUTE_CACHED = 1u << 0,  /* a 200 answer may be kept in the page cache */
	ROUTE_SESSION = 1u << 1, /* needs a newsroom session (and a CSRF token on POST) */
	ROUTE_TOKEN = 1u << 2,   /* accepts "Authorization: Bearer" (required when role > public) */
	ROUTE_PLAIN = 1u << 3,   /* answers without the shared page context (health, files) */
	ROUTE_RIGHT_DOCS = 1u << 4, /* also the account's "documents" right (admins have it) */
};

/* The least role a row needs; each role has the powers of the ones before it. */
enum route_role {
	ROUTE_PUBLIC = 0,
	ROUTE_CONTRIBUTOR,
	ROUTE_EDITOR,
	ROUTE_PUBLISHER,
	ROUTE_ADMIN,
	ROUTE_ROLE_MAX
};

/* A handler gets its surface's request context (struct page, struct admin, struct api...). */
typedef void (*route_fn)(void *ctx);

/*
 * One row. Patterns are absolute paths whose segments are literal text or hold one placeholder
 * "{name}" with literal text around it ("sitemap-{n}.xml"); a placeholder matches one or more
 * characters other than '/', and "{id}" and "{n}" match only a positive decimal integer of at most
 * 18 digits without a leading zero. A last segment "*" matches the rest of the path, even empty.
 */
struct route {
	unsigned methods; /* enum http_method bits */
	const char *pattern;
	route_fn handler;
	unsigned flags; /* enum route_flag bits */
	enum route_role role;
	const void *arg; /* the row's own datum for a handler shared by several rows, or NULL */
};

struct route_table {
	const char *surface; /* "site", "admin", "api" */
	const struct route *rows;
	size_t n;
};

#define ROUTE_MAX_PARAMS 4

/* A matched request: the row and the path's placeholder values (pointing into the path). */
struct route_match {
	const struct route *route;
	unsigned
	    allow; /* on 405: the methods the path accepts (or, when no row matches, the table's) */
	size_t nparams;
	struct {
		const char *name; /* points into the pattern, name_len bytes */
		size_t name_len;
		const char *value; /* points into the path, len bytes */
		size_t len;
	} params[ROUTE_MAX_PARAMS];
	const char *rest; /* what "*" matched, or NULL */
};

/*
 * Finds the first row whose pattern matches path and whose methods include method. Returns 200
 * with m->route set; 405 with m->allow when some rows match the path but none takes the method, or
 * when no row matches and no row of the table takes the method; else 404. Allocates nothing.
 */
int http_route_find(const struct route_table *t, enum http_method method, const char *path,
		    struct route_match *m);

/* The value of placeholder name in *len bytes (not NUL-terminated), or NULL when absent. */
const char *http_route_param(const struct route_match *m, const char *name, size_t *len);
/* The value of a numeric placeholder ({id}, {n}), or 0 when absent. */
int64_t http_route_param_id(const struct route_match *m, const char *name);

/* Writes the method names of bits into out (cap bytes) separated by sep, e.g. "GET, HEAD". */
void http_route_methods_text(unsigned bits, const char *sep, char *out, size_t cap);
/* "public", "contributor", "editor", "publisher", "admin". */
const char *http_route_role_name(enum route_role r);

/* Parses a positive decimal id of at most 18 digits (fits int64) without a leading zero from
 * s[0..n); returns 0 when invalid. */
int64_t http_parse_id(const char *s, size_t n);
/* Parses a ?page= value: 1 when v is NULL; -1 when not an integer in 1..100000. */
int http_parse_page(const char *v);

#endif
