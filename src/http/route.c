/* The router: matches a method and a path against a route table, with 404 and 405 from the table.
 */
#include "http/route.h"

#include <stdio.h>
#include <string.h>

int64_t http_parse_id(const char *s, size_t n)
{
	if (n == 0 || n > 18 || s[0] == '0')
		return 0;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int http_parse_page(const char *v)
{
	if (!v)
		return 1;
	int64_t n = http_parse_id(v, strlen(v));
	return n >= 1 && n <= 100000 ? (int)n : -1;
}

static bool numeric_name(const char *name, size_t n)
{
	return (n == 2 && memcmp(name, "id", 2) == 0) || (n == 1 && name[0] == 'n');
}

/* Matches one pattern segment pat[0..pn) against one path segment s[0..sn), placeholders taking
 * as much as they can (so "{slug}-{id}.html" splits at the last '-'). A placeholder is only tried
 * at the places where the literal text after it follows, so that a match costs about one pass. */
static bool match_segment(const char *pat, size_t pn, const char *s, size_t sn,
			  struct route_match *m)
{
	while (pn && *pat != '{') {
		if (!sn || *pat != *s)
			return false;
		pat++, pn--, s++, sn--;
	}
	if (!pn)
		return sn == 0;
	const char *close = memchr(pat, '}', pn);
	if (!close || m->nparams == ROUTE_MAX_PARAMS)
		return false;
	const char *name = pat + 1, *after = close + 1;
	size_t name_len = (size_t)(close - name), an = pn - (size_t)(after - pat);
	const char *next = memchr(after, '{', an);
	size_t lit = next ? (size_t)(next - after) : an; /* literal text after the placeholder */
	bool numeric = numeric_name(name, name_len);
	if (sn <= lit)
		return false;
	size_t slot = m->nparams++;
	/* The last placeholder of a segment has one place to end: before the literal tail. */
	size_t lowest = next ? 1 : sn - lit;
	for (size_t k = sn - lit; k >= lowest; k--) {
		if (memcmp(s + k, after, lit) != 0 || (numeric && !http_parse_id(s, k)))
			continue;
		m->params[slot].name = name;
		m->params[slot].name_len = name_len;
		m->params[slot].value = s;
		m->params[slot].len = k;
		if (match_segment(after, an, s + k, sn - k, m))
			return true;
		m->nparams = slot + 1;
	}
	m->nparams = slot;
	return false;
}

static size_t segment_len(const char *s)
{
	const char *slash = strchr(s, '/');
	return slash ? (size_t)(slash - s) : strlen(s);
}

/* True when path matches pattern; fills m's parameters and rest. */
static bool match_path(const char *pattern, const char *path, struct route_match *m)
{
	m->nparams = 0;
	m->rest = NULL;
	if (*pattern != '/' || *path != '/')
		return false;
	const char *p = pattern + 1, *s = path + 1;
	for (;;) {
		size_t pn = segment_len(p), sn = segment_len(s);
		if (pn == 1 && *p == '*' && p[1] == '\0') {
			m->rest = s;
			return true;
		}
		if (!match_segment(p, pn, s, sn, m))
			return false;
		p += pn, s += sn;
		if (!*p || !*s)
			return !*p && !*s;
		p++, s++; /* both at a '/' */
	}
}

int http_route_find(const struct route_table *t, enum http_method method, const char *path,
		    struct route_match *m)
{
	unsigned any = 0;
	memset(m, 0, sizeof(*m));
	const char second = path[0] ? path[1] : '\0'; /* "" has no second byte */
	for (size_t i = 0; i < t->n; i++) {
		const struct route *r = &t->rows[i];
		any |= r->methods;
		char first = r->pattern[1]; /* most rows differ from the path at once */
		if (first != '{' && first != '*' && first != second)
			continue;
		struct route_match try;
		try.nparams = 0;
		if (!match_path(r->pattern, path, &try))
			continue;
		if (r->methods & (unsigned)method) {
			unsigned allow = m->allow;
			*m = try;
			m->route = r;
			m->allow = allow;
			return 200;
		}
		m->allow |= r->methods;
	}
	if (m->allow)
		return 405;
	if (!(any & (unsigned)method)) {
		m->allow = any;
		return 405;
	}
	return 404;
}

const char *http_route_param(const struct route_match *m, const char *name, size_t *len)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < m->nparams; i++)
		if (m->params[i].name_len == n && memcmp(m->params[i].name, name, n) == 0) {
			*len = m->params[i].len;
			return m->params[i].value;
		}
	*len = 0;
	return NULL;
}

int64_t http_route_param_id(const struct route_match *m, const char *name)
{
	size_t len;
	const char *v = http_route_param(m, name, &len);
	return v ? http_parse_id(v, len) : 0;
}

void http_route_methods_text(unsigned bits, const char *sep, char *out, size_t cap)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {{HTTP_GET, "GET"},        {HTTP_HEAD, "HEAD"},   {HTTP_POST, "POST"},
		     {HTTP_PUT, "PUT"},        {HTTP_PATCH, "PATCH"}, {HTTP_DELETE, "DELETE"},
		     {HTTP_OPTIONS, "OPTIONS"}};
	size_t used = 0;
	if (cap)
		out[0] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(bits & names[i].bit))
			continue;
		int w = snprintf(out + used, cap - used, "%s%s", used ? sep : "", names[i].name);
		if (w < 0 || (size_t)w >= cap - used) {
			out[used] = '\0'; /* no half names */
			return;
		}
		used += (size_t)w;
	}
}

const char *http_route_role_name(enum route_role r)
{
	static const char *const names[ROUTE_ROLE_MAX] = {"public", "contributor", "editor",
							  "publisher", "admin"};
	return (unsigned)r < ROUTE_ROLE_MAX ? names[r] : "admin";
}
