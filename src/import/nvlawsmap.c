/* The laws module's values mapped to a Gazette document's: pure rules, tested on their own. */
#include "import/nvlawsmap.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "docs/number.h"
#include "docs/record.h"
#include "import/nvtext.h"
#include "vi/vi.h"

int32_t nvl_day(int64_t t, const char *tz)
{
	return t > 0 ? doc_date_today(t, tz) : DOC_NO_DATE;
}

bool nvl_next_item(const char **s, struct buf *item)
{
	buf_reset(item);
	while (**s) {
		const char *p = *s, *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		*s = comma ? comma + 1 : p + len;
		while (len > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++, len--;
		while (len > 0 && strchr(" \t\r\n", p[len - 1]))
			len--;
		if (len > 0) {
			buf_append(item, p, len);
			return true;
		}
	}
	return false;
}

size_t nvl_ids(const char *list, int64_t *out, size_t max)
{
	struct buf item = BUF_INIT;
	const char *p = list ? list : "";
	size_t n = 0;
	while (n < max && nvl_next_item(&p, &item)) {
		char *end;
		long long v = strtoll(buf_cstr(&item), &end, 10);
		bool fresh = *end == '\0' && v > 0;
		for (size_t i = 0; fresh && i < n; i++)
			fresh = out[i] != v;
		if (fresh)
			out[n++] = v;
	}
	buf_free(&item);
	return n;
}

bool nvl_is_remote(const char *file)
{
	return strncasecmp(file, "http:", 5) == 0 || strncasecmp(file, "https:", 6) == 0 ||
	       strstr(file, "//") != NULL;
}

bool nvl_public(const char *groups)
{
	int64_t ids[64];
	size_t n = nvl_ids(groups, ids, sizeof ids / sizeof ids[0]);
	for (size_t i = 0; i < n; i++)
		if (ids[i] == 5 || ids[i] == 6)
			return true;
	return false;
}

/* The length of a <br>, <br/> or <br /> tag at s, or 0. */
static size_t br_at(const char *s)
{
	if (strncasecmp(s, "<br", 3) != 0)
		return 0;
	size_t i = 3;
	while (s[i] == ' ')
		i++;
	if (s[i] == '/')
		i++;
	return s[i] == '>' ? i + 1 : 0;
}

/* in with <br> tags as newlines (or spaces), then references decoded, then NFC. */
static void unescape(const char *s, bool lines, struct buf *out)
{
	struct buf raw = BUF_INIT, plain = BUF_INIT;
	for (const char *p = s; *p;) {
		size_t n = br_at(p);
		buf_putc(&raw, n ? (lines ? '\n' : ' ') : *p);
		p += n ? n : 1;
	}
	nv_plain_text(buf_cstr(&raw), &plain);
	if (vi_nfc(buf_cstr(&plain), plain.len, out) != 0)
		buf_append(out, plain.data, plain.len);
	buf_free(&raw);
	buf_free(&plain);
}

void nvl_text(const char *s, size_t max, bool lines, struct buf *out)
{
	struct buf t = BUF_INIT;
	unescape(s ? s : "", lines, &t);
	const char *p = buf_cstr(&t);
	size_t len = t.len, i = 0, cps = 0, start = out->len;
	bool space = false, newline = false;
	while (i < len && cps < max) {
		int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p + i,
						      (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0) {
			n = 1;
			c = 0xFFFD;
		}
		i += (size_t)n;
		if (c == '\n' && lines) {
			newline = out->len > start;
			space = false;
			continue;
		}
		if (c < 0x20 || c == 0x7F || c == 0xA0 || c == ' ') {
			space = out->len > start && !newline;
			continue;
		}
		if (newline || space) {
			if (cps + 1 >= max)
				break; /* no separator at the end of a cut */
			buf_putc(out, newline ? '\n' : ' ');
			cps++;
		}
		newline = space = false;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(c, enc);
		buf_append(out, enc, (size_t)m);
		cps++;
	}
	buf_free(&t);
}

int nvl_number(const char *code, struct buf *out)
{
	struct buf nfc = BUF_INIT, loose = BUF_INIT;
	const char *s = code ? code : "";
	if (vi_nfc(s, strlen(s), &nfc) == 0)
		s = buf_cstr(&nfc);
	while (*s == ' ')
		s++;
	/* "Số: 15/QĐ-UBND", "số 15/QĐ-UBND." as typed into the field */
	if (strncmp(s, "S\xe1\xbb\x91", 4) == 0 || strncmp(s, "s\xe1\xbb\x91", 4) == 0 ||
	    strncmp(s, "S\xe1\xbb\x90", 4) == 0) {
		const char *q = s + 4;
		while (*q == ' ')
			q++;
		if (*q == ':' || *q == '.')
			s = q + 1;
	}
	for (size_t i = 0, len = strlen(s); i < len;) {
		int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0) {
			buf_putc(&loose, ' ');
			i++;
			continue;
		}
		utf8proc_category_t k = utf8proc_category(c);
		bool keep = (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
			    k == UTF8PROC_CATEGORY_ND || c == '_' || c == '/' || c == '-' ||
			    c == '.';
		if (keep)
			buf_append(&loose, s + i, (size_t)n);
		else
			buf_putc(&loose, ' ');
		i += (size_t)n;
	}
	/* a trailing '.' ends the sentence, not the symbol */
	while (loose.len > 0 &&
	       (loose.data[loose.len - 1] == '.' || loose.data[loose.len - 1] == ' '))
		loose.len--;
	int rc = doc_number_clean(loose.data ? loose.data : "", loose.len, out, NULL);
	buf_free(&nfc);
	buf_free(&loose);
	return rc;
}

unsigned nvl_dates_fix(struct nvl_dates *d)
{
	unsigned dropped = 0;
	if (d->effective != DOC_NO_DATE && d->effective < d->issued) {
		d->effective = DOC_NO_DATE;
		dropped |= NVL_DROP_EFFECTIVE;
	}
	if (d->expires != DOC_NO_DATE &&
	    (d->expires <= d->issued ||
	     (d->effective != DOC_NO_DATE && d->expires <= d->effective))) {
		d->expires = DOC_NO_DATE;
		dropped |= NVL_DROP_EXPIRES;
	}
	if (d->comment_from == DOC_NO_DATE && d->comment_until != DOC_NO_DATE) {
		d->comment_from = d->issued < d->comment_until ? d->issued : d->comment_until;
		dropped |= NVL_WINDOW_OPENED;
	}
	if (d->comment_from != DOC_NO_DATE &&
	    (d->comment_until == DOC_NO_DATE || d->comment_until < d->comment_from)) {
		d->comment_from = d->comment_until = DOC_NO_DATE;
		dropped |= NVL_DROP_WINDOW;
	}
	return dropped;
}
