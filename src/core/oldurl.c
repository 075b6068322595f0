/* Redirect keys of old addresses: scheme and host dropped, path and sorted query kept. */
#include "core/oldurl.h"

#include <stdlib.h>
#include <string.h>

#define OLDURL_ARGS_MAX 32

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends s[0..n) with percent-escapes' hex digits upper-cased. */
static void put_upper_escapes(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (i > 0 && s[i - 1] == '%' && c >= 'a' && c <= 'f')
			c = (char)(c - 32);
		else if (i > 1 && s[i - 2] == '%' && c >= 'a' && c <= 'f')
			c = (char)(c - 32);
		buf_putc(out, c);
	}
}

static void put_query(struct buf *out, const char *q, size_t n)
{
	char *copy = strndup(q, n), *args[OLDURL_ARGS_MAX], *save = NULL;
	size_t k = 0;
	for (char *t = strtok_r(copy, "&", &save); t && k < OLDURL_ARGS_MAX;
	     t = strtok_r(NULL, "&", &save))
		args[k++] = t;
	qsort(args, k, sizeof *args, cmp_str);
	for (size_t i = 0; i < k; i++) {
		buf_putc(out, i ? '&' : '?');
		put_upper_escapes(out, args[i], strlen(args[i]));
	}
	free(copy);
}

/* Appends the path p[0..plen) with a trailing '/' unless its last segment has a '.'. */
static void put_path(struct buf *out, const char *p, size_t plen)
{
	put_upper_escapes(out, p, plen);
	size_t last = 0;
	for (size_t i = 0; i < plen; i++)
		if (p[i] == '/')
			last = i;
	if (p[plen - 1] != '/' && !memchr(p + last, '.', plen - last))
		buf_putc(out, '/');
}

void oldurl_key(const char *old, struct buf *out)
{
	const char *p = old, *scheme = strstr(old, "://");
	if (scheme && (size_t)(scheme - old) < 10)
		p = scheme + 3 + strcspn(scheme + 3, "/?#"); /* after the host */
	else if (p[0] == '/' && p[1] == '/')
		p = p + 2 + strcspn(p + 2, "/?#");
	size_t plen = *p == '/' ? strcspn(p, "?#") : 0;
	if (plen == 0 && *p != '?' && !(scheme || old[0] == '/'))
		return; /* relative or empty */
	if (plen)
		put_path(out, p, plen);
	else
		buf_putc(out, '/');
	const char *q = p[plen] == '?' ? p + plen + 1 : NULL;
	size_t qlen = q ? strcspn(q, "#") : 0;
	if (qlen)
		put_query(out, q, qlen);
}
