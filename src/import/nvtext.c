/* Character references in NukeViet's escaped plain-text fields, decoded once. */
#include "import/nvtext.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

static const struct {
	const char *name;
	uint32_t cp;
} named[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},    {"ndash", 0x2013}, {"mdash", 0x2014},  {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"hellip", 0x2026}, {"laquo", 0xAB},   {"raquo", 0xBB},
    {"copy", 0xA9},    {"reg", 0xAE},     {"deg", 0xB0},      {"middot", 0xB7},  {"bull", 0x2022},
};

/* The code point of "&#...;" at s (the '&' included), its length in *len; 0 when malformed. */
static uint32_t numeric_ref(const char *s, size_t *len)
{
	bool hex = s[2] == 'x' || s[2] == 'X';
	const char *p = s + (hex ? 3 : 2), *q = p;
	unsigned long v = 0;
	while (*q && (hex ? strchr("0123456789abcdefABCDEF", *q) : strchr("0123456789", *q))) {
		int d = *q >= 'a' ? *q - 'a' + 10 : *q >= 'A' ? *q - 'A' + 10 : *q - '0';
		v = v * (hex ? 16 : 10) + (unsigned long)d;
		if (v > 0x10FFFF || q - p > 8)
			return 0;
		q++;
	}
	if (q == p || *q != ';' || v == 0 || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*len = (size_t)(q - s) + 1;
	return (uint32_t)v;
}

static uint32_t named_ref(const char *s, size_t *len)
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		size_t n = strlen(named[i].name);
		if (strncmp(s + 1, named[i].name, n) == 0 && s[1 + n] == ';') {
			*len = n + 2;
			return named[i].cp;
		}
	}
	return 0;
}

void nv_plain_text(const char *s, struct buf *out)
{
	while (*s) {
		const char *amp = strchr(s, '&');
		if (!amp) {
			buf_puts(out, s);
			return;
		}
		buf_append(out, s, (size_t)(amp - s));
		size_t len = 0;
		uint32_t cp = amp[1] == '#' ? numeric_ref(amp, &len) : named_ref(amp, &len);
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = cp ? utf8proc_encode_char((utf8proc_int32_t)cp, enc) : 0;
		if (n > 0) {
			buf_append(out, (const char *)enc, (size_t)n);
			s = amp + len;
		} else {
			buf_putc(out, '&');
			s = amp + 1;
		}
	}
}
