/* URL attribute checks: browser-like normalisation, then a per-attribute allowlist of schemes. */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "sanitize/sanitize-int.h"

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_scheme_char(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

static bool is_ctl_or_space(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

/* Length of the scheme of u (without the ':'), or 0 when u is relative (WHATWG "scheme state"). */
static size_t scheme_len(const char *u, size_t n)
{
	if (n == 0 || !is_alpha(u[0]))
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (u[i] == ':')
			return i;
		if (!is_scheme_char(u[i]))
			return 0;
	}
	return 0;
}

static bool prefix_ci(const char *s, size_t n, const char *p)
{
	size_t pn = strlen(p);
	return n >= pn && strncasecmp(s, p, pn) == 0;
}

static bool is_base64(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '/' && c != '=')
			return false;
	}
	return true;
}

/* data:image/(png|jpeg|gif|webp);base64,PAYLOAD with a plain base64 payload. */
static bool is_data_image(const char *u, size_t n)
{
	static const char *const types[] = {"png", "jpeg", "gif", "webp"};
	if (!prefix_ci(u, n, "data:image/"))
		return false;
	size_t off = strlen("data:image/");
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t tn = strlen(types[i]);
		if (!prefix_ci(u + off, n - off, types[i]))
			continue;
		if (!prefix_ci(u + off + tn, n - off - tn, ";base64,"))
			return false;
		off += tn + strlen(";base64,");
		return is_base64(u + off, n - off);
	}
	return false;
}

static bool scheme_allowed(const char *u, size_t n, enum san_url_kind kind)
{
	static const char *const link[] = {"http", "https", "mailto", "tel"};
	size_t sl = scheme_len(u, n);
	if (sl == 0)
		return true;
	if (kind == SAN_URL_IMG) {
		if (sl == 4 && strncasecmp(u, "data", 4) == 0)
			return is_data_image(u, n);
		if (!(sl == 4 && strncasecmp(u, "http", 4) == 0) &&
		    !(sl == 5 && strncasecmp(u, "https", 5) == 0))
			return false;
		return true;
	}
	for (size_t i = 0; i < sizeof link / sizeof link[0]; i++)
		if (strlen(link[i]) == sl && strncasecmp(u, link[i], sl) == 0)
			return true;
	return false;
}

/* Length of the Unicode space (one that old browsers skipped in URLs) at u[0..n), or 0. */
static size_t unicode_space_len(const unsigned char *u, size_t n)
{
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2; /* U+00A0 */
	if (n < 3)
		return 0;
	if ((u[0] == 0xe1 && u[1] == 0x9a && u[2] == 0x80) ||                 /* U+1680 */
	    (u[0] == 0xe1 && u[1] == 0xa0 && u[2] == 0x8e) ||                 /* U+180E */
	    (u[0] == 0xe2 && u[1] == 0x80 && u[2] >= 0x80 && u[2] <= 0xa9) || /* U+2000..2029 */
	    (u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f) ||                 /* U+205F */
	    (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80) ||                 /* U+3000 */
	    (u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf))                   /* U+FEFF */
		return 3;
	return 0;
}

/* A WHATWG parser sees "\u2000javascript:" as a relative path; older ones skipped such spaces, so
 * the scheme must be allowed both with them and without them. */
static bool scheme_allowed_without_spaces(const char *u, size_t n, enum san_url_kind kind)
{
	struct buf probe = BUF_INIT;
	for (size_t i = 0; i < n;) {
		size_t sp = unicode_space_len((const unsigned char *)u + i, n - i);
		if (sp == 0)
			buf_putc(&probe, u[i]);
		i += sp ? sp : 1;
	}
	bool ok = scheme_allowed(buf_cstr(&probe), probe.len, kind);
	buf_free(&probe);
	return ok;
}

int san_url_clean(const char *u, size_t n, enum san_url_kind kind, struct buf *out)
{
	while (n > 0 && is_ctl_or_space((unsigned char)u[0])) {
		u++;
		n--;
	}
	while (n > 0 && is_ctl_or_space((unsigned char)u[n - 1]))
		n--;
	struct buf clean = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)u[i];
		if (c == ' ')
			buf_append(&clean, "%20", 3);
		else if (!is_ctl_or_space(c))
			buf_putc(&clean, (char)c);
	}
	int rc = -1;
	if (scheme_allowed(buf_cstr(&clean), clean.len, kind) &&
	    scheme_allowed_without_spaces(buf_cstr(&clean), clean.len, kind)) {
		buf_append(out, buf_cstr(&clean), clean.len);
		rc = 0;
	}
	buf_free(&clean);
	return rc;
}
