/* Request bodies as forms, cookies, and the same-origin check of form posts. */
#include "http/http.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

const char *http_cookie(const struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

static const char *decode(struct http_req *req, const char *s, size_t n, int *bad)
{
	struct buf b = BUF_INIT;
	const char *out = "";
	if (http_url_decode(s, n, true, &b) != 0)
		*bad = 1;
	else
		out = arena_strndup(req->arena, buf_cstr(&b), b.len);
	buf_free(&b);
	return out;
}

int http_form_parse(struct http_req *req, struct http_form *f)
{
	const char *s = buf_cstr(&req->body), *end = s + req->body.len;
	size_t cap = 0;
	int bad = 0;
	memset(f, 0, sizeof(*f));
	while (s < end && !bad) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(s, '=', (size_t)(stop - s));
		if (stop > s) {
			if (f->n == cap) {
				cap = cap ? cap * 2 : 16;
				const char **k = arena_alloc(req->arena, cap * sizeof(*k));
				const char **v = arena_alloc(req->arena, cap * sizeof(*v));
				if (f->n) {
					memcpy(k, f->keys, f->n * sizeof(*k));
					memcpy(v, f->values, f->n * sizeof(*v));
				}
				f->keys = k;
				f->values = v;
			}
			const char *kend = eq ? eq : stop;
			f->keys[f->n] = decode(req, s, (size_t)(kend - s), &bad);
			f->values[f->n] =
			    eq ? decode(req, eq + 1, (size_t)(stop - eq - 1), &bad) : "";
			f->n++;
		}
		s = stop + 1;
	}
	return bad ? -1 : 0;
}

const char *http_form_get(const struct http_form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->keys[i], key) == 0)
			return f->values[i];
	return NULL;
}

void http_form_each(const struct http_form *f, const char *key, void (*fn)(const char *v, void *),
		    void *ctx)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->keys[i], key) == 0)
			fn(f->values[i], ctx);
}

/* The "scheme://host[:port]" of an absolute URL, in the arena; NULL when it has none. */
static const char *origin_of(struct arena *a, const char *url)
{
	const char *p = strstr(url, "://");
	if (!p || p == url)
		return NULL;
	p += 3;
	size_t n = strcspn(p, "/?#");
	return n ? arena_printf(a, "%.*s://%.*s", (int)(p - 3 - url), url, (int)n, p) : NULL;
}

bool http_same_origin(struct http_req *req, const char *base_url)
{
	const char *claimed = http_header(req, "Origin");
	if (!claimed) /* older browsers: the Referer's origin, when one is sent */
		claimed = http_header(req, "Referer");
	if (!claimed)
		return true; /* not a browser's cross-site form: the form's own token still applies
			      */
	const char *o = origin_of(req->arena, claimed);
	if (!o)
		return false; /* "null" (sandboxed frames, file://) and garbage */
	const char *host = http_header(req, "Host");
	if (host) {
		const char *proto = http_header(req, "X-Forwarded-Proto");
		bool secure = proto && strcmp(proto, "https") == 0;
		const char *self =
		    arena_printf(req->arena, "%s://%s", secure ? "https" : "http", host);
		if (strcasecmp(o, self) == 0)
			return true;
	}
	const char *base = base_url && *base_url ? origin_of(req->arena, base_url) : NULL;
	return base && strcasecmp(o, base) == 0;
}
