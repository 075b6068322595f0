/* In-page anchors: ids under the sanitiser's prefix, and the "#name" links that lead to them. */
#include <glib.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "core/hex.h"
#include "sanitize/sanitize-int.h"
#include "vi/vi.h"

/* Appends v[0..n) with %XX decoded when the result is UTF-8, as it is otherwise (as a browser
 * that fails to find the id as written decodes the fragment; ids are decoded the same way, so
 * id="C%C3%A1ch" and href="#Cách" meet). */
static void percent_decode(const char *v, size_t n, struct buf *out)
{
	size_t was = out->len;
	for (size_t i = 0; i < n; i++) {
		int hi = v[i] == '%' && n - i >= 3 ? hex_digit((unsigned char)v[i + 1]) : -1;
		int lo = hi >= 0 ? hex_digit((unsigned char)v[i + 2]) : -1;
		if (lo >= 0) {
			buf_putc(out, (char)(hi * 16 + lo));
			i += 2;
		} else {
			buf_putc(out, v[i]);
		}
	}
	if (!vi_utf8_valid(out->data + was, out->len - was)) {
		out->len = was;
		buf_append(out, v, n);
	}
}

/* What an id keeps as it is: letters, digits and marks of any script, and - _ . : */
static bool id_char(gunichar c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		       c == '-' || c == '_' || c == '.' || c == ':';
	return g_unichar_isalnum(c) || g_unichar_ismark(c);
}

int san_anchor_name(const char *v, size_t n, struct buf *out)
{
	static const size_t plen = sizeof SAN_ID_PREFIX - 1;
	if (n >= plen && memcmp(v, SAN_ID_PREFIX, plen) == 0) {
		v += plen; /* sanitised output read again: the name is already ours */
		n -= plen;
	}
	struct buf dec = BUF_INIT, nfc = BUF_INIT;
	percent_decode(v, n, &dec);
	if (vi_nfc(buf_cstr(&dec), dec.len, &nfc) != 0)
		buf_append(&nfc, buf_cstr(&dec), dec.len); /* cannot happen: valid UTF-8, no NUL */
	size_t was = out->len, name = was + plen, kept = 0;
	bool bad_run = false;
	buf_puts(out, SAN_ID_PREFIX);
	for (const char *p = buf_cstr(&nfc), *end = p + nfc.len; p < end; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		bool ok = id_char(c);
		size_t len = ok ? (size_t)(g_utf8_next_char(p) - p) : bad_run ? 0 : 1;
		if (out->len - name + len > SAN_ID_MAX)
			break;
		kept += ok;
		if (ok)
			buf_append(out, p, len);
		else if (!bad_run)
			buf_putc(out,
				 '_'); /* a run of anything else (spaces, quotes, <, %) is one _ */
		bad_run = !ok;
	}
	buf_free(&dec);
	buf_free(&nfc);
	if (kept == 0) {
		out->len = was;
		out->data[was] = '\0';
		return -1;
	}
	return 0;
}

void san_fragment_link(const char *u, size_t n, struct buf *out)
{
	if (n < 2 || u[0] != '#' || (n == 4 && strncasecmp(u + 1, "top", 3) == 0)) {
		buf_append(out, u, n); /* "#" and "#top" scroll to the page's top, not to an id */
		return;
	}
	size_t was = out->len;
	buf_putc(out, '#');
	if (san_anchor_name(u + 1, n - 1, out) != 0) {
		out->len = was;
		buf_append(out, u, n);
	}
}
