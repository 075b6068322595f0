/* A strict multipart/form-data parser over a request body already in memory (RFC 7578). */
#include "http/http.h"

#include <string.h>
#include <strings.h>

#define MAX_BOUNDARY 70       /* RFC 2046 */
#define MAX_PART_HEADERS 8192 /* bytes of headers in one part */
#define MAX_NAME 256
#define MAX_FILENAME 1024

bool http_is_multipart(const char *ct)
{
	static const char want[] = "multipart/form-data";
	if (!ct || strncasecmp(ct, want, sizeof want - 1) != 0)
		return false;
	char next = ct[sizeof want - 1];
	return next == '\0' || next == ';' || next == ' ' || next == '\t';
}

/* The first occurrence of needle in hay, or NULL (memmem is not in C11 or POSIX). */
static const char *find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	const char *end = hay + hlen;
	while (nlen && (size_t)(end - hay) >= nlen) {
		const char *p = memchr(hay, needle[0], (size_t)(end - hay) - nlen + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
		hay = p + 1;
	}
	return NULL;
}

static const char *skip_blanks(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/*
 * Reads one parameter value at *s (a quoted string with backslash escapes, or a token) into the
 * arena; advances *s. NULL when it is malformed, longer than max or holds a control character.
 */
static const char *param_value(struct arena *a, const char **s, const char *end, size_t max)
{
	struct buf b = BUF_INIT;
	const char *p = *s, *out = NULL;
	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (*p == '\\' && p + 1 < end)
				p++;
			if ((unsigned char)*p < 0x20 && *p != '\t')
				goto out;
			buf_putc(&b, *p);
		}
		if (p == end)
			goto out;
		p++; /* the closing quote */
	} else {
		for (; p < end && *p != ';' && *p != ' ' && *p != '\t'; p++) {
			if ((unsigned char)*p < 0x20 || *p == '"')
				goto out;
			buf_putc(&b, *p);
		}
	}
	if (b.len <= max)
		out = arena_strndup(a, b.len ? buf_cstr(&b) : "", b.len);
	*s = p;
out:
	buf_free(&b);
	return out;
}

/* The boundary parameter of a multipart Content-Type, in the arena; NULL when absent or invalid. */
static const char *boundary_of(struct arena *a, const char *ct)
{
	if (!http_is_multipart(ct))
		return NULL;
	const char *s = ct + strlen("multipart/form-data"), *end = ct + strlen(ct);
	const char *found = NULL;
	while ((s = skip_blanks(s, end)) < end) {
		if (*s++ != ';')
			return NULL;
		s = skip_blanks(s, end);
		const char *eq = memchr(s, '=', (size_t)(end - s));
		if (!eq)
			return NULL;
		bool is_boundary = eq - s == 8 && strncasecmp(s, "boundary", 8) == 0;
		s = eq + 1;
		const char *v = param_value(a, &s, end, MAX_BOUNDARY);
		if (!v || (is_boundary && found))
			return NULL;
		if (is_boundary)
			found = v;
	}
	return found && *found ? found : NULL;
}

/* Parses the parameters of a Content-Disposition value into the part. */
static int disposition(struct arena *a, const char *s, const char *end, struct http_part *part)
{
	static const char kind[] = "form-data";
	s = skip_blanks(s, end);
	if ((size_t)(end - s) < sizeof kind - 1 || strncasecmp(s, kind, sizeof kind - 1) != 0)
		return -1;
	s += sizeof kind - 1;
	while ((s = skip_blanks(s, end)) < end) {
		if (*s++ != ';')
			return -1;
		s = skip_blanks(s, end);
		const char *eq = memchr(s, '=', (size_t)(end - s));
		if (!eq)
			return -1;
		size_t klen = (size_t)(eq - s);
		bool is_name = klen == 4 && strncasecmp(s, "name", 4) == 0;
		bool is_file = klen == 8 && strncasecmp(s, "filename", 8) == 0;
		s = eq + 1;
		const char *v = param_value(a, &s, end, is_name ? MAX_NAME : MAX_FILENAME);
		if (!v || (is_name && part->name) || (is_file && part->filename))
			return -1;
		if (is_name)
			part->name = v;
		else if (is_file)
			part->filename = v;
	}
	return part->name ? 0 : -1;
}

/* Parses a part's header lines, s[0..len) (CRLF-separated, without the blank line). */
static int part_headers(struct arena *a, const char *s, size_t len, struct http_part *part)
{
	const char *end = s + len;
	bool seen_cd = false;
	while (s < end) {
		const char *eol = find(s, (size_t)(end - s), "\r\n", 2);
		const char *stop = eol ? eol : end;
		const char *colon = memchr(s, ':', (size_t)(stop - s));
		if (!colon || colon == s || memchr(s, '\0', (size_t)(stop - s)) || *s == ' ' ||
		    *s == '\t')
			return -1;
		size_t nlen = (size_t)(colon - s);
		if (nlen == 19 && strncasecmp(s, "content-disposition", 19) == 0) {
			if (seen_cd || disposition(a, colon + 1, stop, part) != 0)
				return -1;
			seen_cd = true;
		} else if (nlen == 12 && strncasecmp(s, "content-type", 12) == 0) {
			const char *v = skip_blanks(colon + 1, stop);
			part->type = arena_strndup(a, v, (size_t)(stop - v));
		}
		s = eol ? eol + 2 : end;
	}
	return seen_cd ? 0 : -1;
}

static void add_part(struct arena *a, struct http_multipart *m, const struct http_part *p)
{
	if (!m->parts)
		m->parts = arena_alloc(a, HTTP_MULTIPART_MAX_PARTS * sizeof(*m->parts));
	m->parts[m->n++] = *p;
}

int http_multipart_parse(struct arena *a, const char *content_type, const char *body, size_t len,
			 struct http_multipart *m)
{
	memset(m, 0, sizeof(*m));
	const char *b = boundary_of(a, content_type);
	if (!b)
		return -1;
	/* "\r\n--boundary": the first delimiter has no CRLF before it, so match from its "--". */
	char *delim = arena_printf(a, "\r\n--%s", b);
	size_t dlen = strlen(delim);
	if (len < dlen - 2 || memcmp(body, delim + 2, dlen - 2) != 0)
		return -1;
	const char *s = body + dlen - 2, *end = body + len;
	for (;;) {
		if (end - s >= 2 && memcmp(s, "--", 2) == 0) {
			s += 2; /* the close delimiter: nothing may follow but one CRLF */
			return s == end || (end - s == 2 && memcmp(s, "\r\n", 2) == 0) ? 0 : -1;
		}
		if (end - s < 2 || memcmp(s, "\r\n", 2) != 0 || m->n == HTTP_MULTIPART_MAX_PARTS)
			return -1;
		s += 2;
		size_t room = (size_t)(end - s) < MAX_PART_HEADERS + 4 ? (size_t)(end - s)
								       : MAX_PART_HEADERS + 4;
		const char *hend = find(s, room, "\r\n\r\n", 4);
		if (!hend)
			return -1;
		struct http_part part = {0};
		if (part_headers(a, s, (size_t)(hend - s), &part) != 0)
			return -1;
		const char *data = hend + 4;
		const char *next = find(data, (size_t)(end - data), delim, dlen);
		if (!next)
			return -1;
		part.data = data;
		part.len = (size_t)(next - data);
		add_part(a, m, &part);
		s = next + dlen;
	}
}

int http_multipart_form(struct arena *a, const struct http_multipart *m, struct http_form *f)
{
	memset(f, 0, sizeof(*f));
	f->keys = arena_alloc(a, (m->n ? m->n : 1) * sizeof(*f->keys));
	f->values = arena_alloc(a, (m->n ? m->n : 1) * sizeof(*f->values));
	for (size_t i = 0; i < m->n; i++) {
		const struct http_part *p = &m->parts[i];
		if (p->filename)
			continue;
		if (memchr(p->data, '\0', p->len))
			return -1;
		f->keys[f->n] = p->name;
		f->values[f->n] = arena_strndup(a, p->data, p->len);
		f->n++;
	}
	return 0;
}

const struct http_part *http_multipart_file(const struct http_multipart *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->parts[i].filename && strcmp(m->parts[i].name, name) == 0)
			return &m->parts[i];
	return NULL;
}
