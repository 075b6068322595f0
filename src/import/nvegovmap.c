/* NukeViet eGovernment's organs, faq and voting values as Gazette's (nvegovmap.h). */
#include "import/nvegovmap.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* utf8proc hook: đ and Đ have no decomposition; NukeViet romanises them as d and D. */
static utf8proc_int32_t romanise_dd(utf8proc_int32_t c, void *data)
{
	(void)data;
	return c == 0x111 ? 'd' : c == 0x110 ? 'D' : c;
}

static bool ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

void nve_change_alias(const char *s, struct buf *out)
{
	utf8proc_uint8_t *plain = NULL;
	utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, 0, &plain,
						 UTF8PROC_NULLTERM | UTF8PROC_STABLE |
						     UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK,
						 romanise_dd, NULL);
	const unsigned char *p = n >= 0 ? plain : (const unsigned char *)s;
	size_t start = out->len;
	bool dash = false;
	for (; *p; p++) {
		if (ascii_alnum(*p)) {
			if (dash && out->len > start)
				buf_putc(out, '-');
			dash = false;
			buf_putc(out, (char)*p);
		} else {
			dash = true;
		}
	}
	free(plain);
}

/* s[0..n) without the spaces at its ends. */
static void trimmed(const char **s, size_t *n)
{
	while (*n && strchr(" \t\r\n", **s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && strchr(" \t\r\n", (*s)[*n - 1]))
		(*n)--;
}

void nve_first_email(const char *s, struct buf *out)
{
	while (*s) {
		size_t n = strcspn(s, ",; \t\r\n");
		if (n && memchr(s, '@', n)) {
			buf_append(out, s, n);
			return;
		}
		s += n;
		s += *s != '\0';
	}
}

void nve_first_website(const char *s, struct buf *out)
{
	while (*s) {
		size_t n = strcspn(s, ";");
		const char *t = s;
		size_t k = n;
		trimmed(&t, &k);
		if (k) {
			if (!((k > 7 && strncmp(t, "http://", 7) == 0) ||
			      (k > 8 && strncmp(t, "https://", 8) == 0)))
				buf_puts(out, "http://");
			buf_append(out, t, k);
			return;
		}
		s += n;
		s += *s != '\0';
	}
}

void nve_position(const char *position, const char *other, struct buf *out)
{
	size_t n1 = strlen(position), n2 = strlen(other);
	trimmed(&position, &n1);
	trimmed(&other, &n2);
	buf_append(out, position, n1);
	if (n1 && n2)
		buf_puts(out, ", ");
	buf_append(out, other, n2);
}

bool nve_public_groups(const char *groups_view)
{
	bool any = false;
	for (const char *s = groups_view; *s;) {
		size_t n = strcspn(s, ",");
		const char *t = s;
		size_t k = n;
		trimmed(&t, &k);
		if (k) {
			any = true;
			if (k == 1 && (*t == '5' || *t == '6'))
				return true;
		}
		s += n;
		s += *s != '\0';
	}
	return !any;
}

bool nve_poll_active(int64_t act, int64_t publ_time, int64_t exp_time, int64_t now)
{
	if (act)
		return true;
	bool not_yet = publ_time > now, ended = exp_time > 0 && exp_time <= now;
	return not_yet || ended;
}

int64_t nve_faq_page(int64_t weight, int64_t per_page)
{
	if (per_page <= 0 || weight <= 0)
		return 1;
	return (weight + per_page - 1) / per_page;
}

int64_t nve_votes(int64_t cur, int64_t src, int64_t base)
{
	int64_t v = cur + (src - base);
	return v < 0 ? 0 : v;
}

void nve_tidy_text(const char *s, bool blank, struct buf *out)
{
	size_t start = out->len;
	int newlines = 0; /* line breaks waiting to be written before the next text */
	while (*s) {
		size_t n = strcspn(s, "\n");
		const char *line = s;
		size_t k = n;
		trimmed(&line, &k);
		if (k) {
			if (out->len > start)
				buf_append(out, "\n\n", blank && newlines > 1 ? 2 : 1);
			for (size_t i = 0; i < k; i++) {
				bool space = line[i] == ' ' || line[i] == '\t' || line[i] == '\r';
				if (!space)
					buf_putc(out, line[i]);
				else if (line[i + 1] != ' ' && line[i + 1] != '\t' &&
					 line[i + 1] != '\r')
					buf_putc(out, ' ');
			}
			newlines = 0;
		}
		s += n;
		if (*s == '\n') {
			newlines++;
			s++;
		}
	}
}
