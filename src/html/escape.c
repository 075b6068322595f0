/* The escapers: HTML text and attributes, URL components, JSON string literals, header values. */
#include "html/escape.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static const char hexdigits[] = "0123456789ABCDEF";

/* The entity for an HTML-special byte, or NULL when the byte is copied as is. */
static const char *html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* The bytes html_escape looks at: & < > " ' and 0xCC, the first byte of U+0338. One load a byte
 * (spaces, digits and punctuation, a fifth of Vietnamese text or more, are below '>' too). */
static const bool escape_byte[256] = {
    ['&'] = true, ['<'] = true, ['>'] = true, ['"'] = true, ['\''] = true, [0xcc] = true};

/* Sixteen bytes compared at once (GCC's and Clang's vector extension: SSE2 on x86-64, NEON on
 * arm64); a block without an escape byte, most of any text, costs a few instructions. */
typedef unsigned char esc_block __attribute__((vector_size(16)));

/* The index of the first escape byte of s[i..n), or n. */
static size_t next_escape_byte(const char *s, size_t i, size_t n)
{
	for (; i + 16 <= n; i += 16) {
		esc_block x;
		memcpy(&x, s + i, 16);
		esc_block hit = (esc_block)((x == '&') | (x == '<') | (x == '>') | (x == '"') |
					    (x == '\'') | (x == 0xcc));
		uint64_t w[2];
		memcpy(w, &hit, sizeof w);
		if (w[0] | w[1])
			break;
	}
	while (i < n && !escape_byte[(unsigned char)s[i]])
		i++;
	return i;
}

void html_escape(struct buf *out, const char *s, size_t n)
{
	size_t run = 0;
	buf_grow(out, n);
	for (size_t i = next_escape_byte(s, 0, n); i < n; i = next_escape_byte(s, i, n)) {
		unsigned char c = (unsigned char)s[i];
		const char *ent = html_entity(c);
		size_t len = 1;
		if (c == 0xcc) {
			if (i + 1 >= n || (unsigned char)s[i + 1] != 0xb8) {
				i++;
				continue;
			}
			/* U+0338 as a reference, so that normalising the page can never combine it
			 * with the '>' of a tag before it into U+226F */
			ent = "&#x338;";
			len = 2;
		}
		buf_append(out, s + run, i - run);
		buf_puts(out, ent);
		i += len;
		run = i;
	}
	buf_append(out, s + run, n - run);
}

bool html_escape_changes(const char *s, size_t n)
{
	for (size_t i = next_escape_byte(s, 0, n); i < n; i = next_escape_byte(s, i + 1, n)) {
		unsigned char c = (unsigned char)s[i];
		if (c != 0xcc || (i + 1 < n && (unsigned char)s[i + 1] == 0xb8))
			return true;
	}
	return false;
}

/* RFC 3986's unreserved bytes: ALPHA, DIGIT, '-', '.', '_' and '~'. */
#define UR4(c) [c] = true, [c + 1] = true, [c + 2] = true, [c + 3] = true
#define UR8(c) UR4(c), UR4(c + 4)
static const bool
    unreserved[256] = {UR8('0'),      ['8'] = true, ['9'] = true, UR8('A'),     UR8('A' + 8),
		       UR8('A' + 16), ['Y'] = true, ['Z'] = true, UR8('a'),     UR8('a' + 8),
		       UR8('a' + 16), ['y'] = true, ['z'] = true, ['-'] = true, ['.'] = true,
		       ['_'] = true,  ['~'] = true};
#undef UR8
#undef UR4

static bool url_unreserved(unsigned char c)
{
	return unreserved[c];
}

void html_url_encode(struct buf *out, const char *s, size_t n)
{
	size_t run = 0;
	buf_grow(out, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (url_unreserved(c))
			continue;
		char pct[3] = {'%', hexdigits[c >> 4], hexdigits[c & 15]};
		buf_append(out, s + run, i - run);
		buf_append(out, pct, sizeof(pct));
		run = i + 1;
	}
	buf_append(out, s + run, n - run);
}

/*
 * Decodes one well-formed UTF-8 sequence at s[0..n) (n >= 1). Returns its length and sets *cp, or 0
 * when the first byte does not start a valid sequence (bad lead, truncated, overlong, surrogate, >
 * U+10FFFF).
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
	size_t len;
	uint32_t c = s[0];
	if (c < 0x80)
		len = 1;
	else if (c >= 0xC2 && c <= 0xDF)
		len = 2, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, c &= 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min_cp[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* The short escape for an ASCII byte inside a JSON string, or NULL when \u00XX or no escape is due.
 */
static const char *json_short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	default:
		return NULL;
	}
}

static void json_u_escape(struct buf *out, uint32_t cp)
{
	static const char hex[] = "0123456789abcdef";
	char u[6] = {
	    '\\',        'u', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15],
	    hex[cp & 15]};
	buf_append(out, u, sizeof(u));
}

/* Appends one ASCII byte of a JSON string, escaped when it could end the string or the <script>. */
static void json_ascii(struct buf *out, unsigned char c)
{
	const char *esc = json_short_escape(c);
	if (esc)
		buf_puts(out, esc);
	else if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == '&' || c == '\'')
		json_u_escape(out, c);
	else
		buf_putc(out, (char)c);
}

/* The printable ASCII bytes a JSON string in a <script> escapes: " \\ < > & '. */
static const bool json_special[128] = {
    ['"'] = true, ['\\'] = true, ['<'] = true, ['>'] = true, ['&'] = true, ['\''] = true};

/* The end of the run from u[i] that needs no escape: ASCII but the specials, and whole UTF-8
 * sequences but U+2028 and U+2029. Vietnamese letters (two bytes, or three from E1) are checked
 * inline; other sequences by utf8_decode. */
static size_t json_run(const unsigned char *u, size_t i, size_t n)
{
	while (i < n) {
		unsigned char c = u[i];
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7F || json_special[c])
				break;
			i++;
		} else if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
			i += 2;
		} else if (c == 0xE1 && i + 2 < n && (u[i + 1] & 0xC0) == 0x80 &&
			   (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
		} else {
			uint32_t cp = 0;
			size_t l = utf8_decode(u + i, n - i, &cp);
			if (l < 2 || cp == 0x2028 || cp == 0x2029)
				break;
			i += l;
		}
	}
	return i;
}

void html_json_quote(struct buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	buf_grow(out, n + 2);
	buf_putc(out, '"');
	for (size_t i = 0; i < n;) {
		/* a run that needs no escape (ASCII but the specials, and whole UTF-8 sequences but
		 * U+2028 and U+2029), copied at once */
		size_t run = json_run(u, i, n);
		if (run > i) {
			buf_append(out, s + i, run - i);
			i = run;
			continue;
		}
		uint32_t cp = 0;
		size_t len = utf8_decode(u + i, n - i, &cp);
		if (len == 0) {
			json_u_escape(out, 0xFFFD);
			i++;
		} else if (len == 1) {
			json_ascii(out, u[i]);
			i++;
		} else if (cp == 0x2028 || cp == 0x2029) {
			json_u_escape(out, cp);
			i += len;
		} else {
			buf_append(out, s + i, len);
			i += len;
		}
	}
	buf_append(out, "\"", 1);
}

void html_header_clean(struct buf *out, const char *s, size_t n)
{
	size_t run = 0;
	buf_grow(out, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F)
			continue;
		buf_append(out, s + run, i - run);
		run = i + 1;
	}
	buf_append(out, s + run, n - run);
}
