/* Redirect keys of old addresses: scheme and host dropped, path and sorted query kept. */
#include "core/oldurl.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/hex.h"

#define OLDURL_ARGS_MAX 32

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* True for a byte that stays percent-escaped: controls, space and the characters URLs escape. */
static bool must_escape(unsigned char c, bool decoded)
{
	if (c < 0x21 || c == 0x7f || strchr("\"%<>\\^`{|}", c))
		return true;
	return decoded && strchr("#?&=+", c); /* would change the address's meaning if bare */
}

/*
 * Appends s[0..n) in one spelling whether it comes escaped or decoded (the server decodes request
 * paths): escapes are decoded, then what must stay escaped is written "%XX" with upper-case digits,
 * so "/%ce%b5/" and "/\xce\xb5/" give the same key. With squash, "//" is written "/".
 */
static void put_canon(struct buf *out, const char *s, size_t n, bool squash)
{
	unsigned char prev = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool decoded = false;
		if (c == '%' && i + 2 < n && hex_digit((unsigned char)s[i + 1]) >= 0 &&
		    hex_digit((unsigned char)s[i + 2]) >= 0) {
			c = (unsigned char)(hex_digit((unsigned char)s[i + 1]) * 16 +
					    hex_digit((unsigned char)s[i + 2]));
			decoded = true;
			i += 2;
		}
		if (squash && c == '/' && prev == '/')
			continue;
		prev = c;
		if (must_escape(c, decoded))
			buf_printf(out, "%%%02X", c);
		else
			buf_putc(out, (char)c);
	}
}

/* Appends the query q[0..n) with its arguments, each in one spelling, in sorted order. */
static void put_query(struct buf *out, const char *q, size_t n)
{
	char *copy = strndup(q, n), *args[OLDURL_ARGS_MAX], *save = NULL;
	size_t k = 0;
	for (char *t = strtok_r(copy, "&", &save); t && k < OLDURL_ARGS_MAX;
	     t = strtok_r(NULL, "&", &save)) {
		struct buf arg = BUF_INIT;
		put_canon(&arg, t, strlen(t), false);
		args[k++] = buf_detach(&arg);
	}
	qsort(args, k, sizeof *args, cmp_str);
	for (size_t i = 0; i < k; i++) {
		buf_putc(out, i ? '&' : '?');
		buf_puts(out, args[i]);
		free(args[i]);
	}
	free(copy);
}

/* Appends the path p[0..plen) with a trailing '/' unless its last segment has a '.'. */
static void put_path(struct buf *out, const char *p, size_t plen)
{
	put_canon(out, p, plen, true);
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
