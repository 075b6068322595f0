/* The access log in the combined format (access.h):
 *   127.0.0.1 - - [03/Dec/2026:11:40:00 +0000] "GET /a?b=c HTTP/1.1" 200 5120 "-" "curl/7.88"
 * Quotes, backslashes and control bytes inside quoted fields are escaped as \" \\ \xHH, as
 * Apache does, so that a request cannot forge a line. The line is built on the stack (no
 * allocation on the hot path); a field that would overflow it is cut short and ends with "...". */
#include "http/access.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

#define LINE_MAX_BYTES 8192
#define TAIL_RESERVE 64 /* room kept for the status, size and closing quotes */

struct line {
	char *p, *end;
	bool cut;
};

static void put_raw(struct line *l, const char *s, size_t n)
{
	if ((size_t)(l->end - l->p) < n) {
		n = (size_t)(l->end - l->p);
		l->cut = true;
	}
	memcpy(l->p, s, n);
	l->p += n;
}

/* Copies s escaped; in a query, the ' ' libmicrohttpd made of '+' becomes '+' again. */
static void put_escaped(struct line *l, const char *s, size_t n, bool query)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c > 0x20 && c < 0x7f && c != '"' && c != '\\')
			continue;
		put_raw(l, s + run, i - run);
		run = i + 1;
		if (l->end - l->p < 4) {
			l->cut = true;
			return;
		}
		if (c == ' ' && query) {
			*l->p++ = '+';
		} else if (c == ' ') {
			*l->p++ = ' ';
		} else if (c == '"' || c == '\\') {
			*l->p++ = '\\';
			*l->p++ = (char)c;
		} else {
			*l->p++ = '\\';
			*l->p++ = 'x';
			*l->p++ = hex[c >> 4];
			*l->p++ = hex[c & 15];
		}
	}
	put_raw(l, s + run, n - run);
}

static void put_str(struct line *l, const char *s)
{
	put_raw(l, s, strlen(s));
}

struct query {
	struct line *l;
	int n;
};

static enum MHD_Result put_arg(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	(void)kind;
	struct query *q = cls;
	put_raw(q->l, q->n++ ? "&" : "?", 1);
	put_escaped(q->l, key, strlen(key), true);
	if (value) {
		put_raw(q->l, "=", 1);
		put_escaped(q->l, value, strlen(value), true);
	}
	return MHD_YES;
}

/* "03/Dec/2026:11:40:00 +0000", remade at most once a second per thread. */
static const char *stamp(size_t *len)
{
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static _Thread_local time_t last = -1;
	static _Thread_local char text[40];
	static _Thread_local size_t text_len;
	time_t now = time(NULL);
	if (now != last) {
		struct tm tm;
		gmtime_r(&now, &tm);
		int n = snprintf(text, sizeof text, "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday,
				 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
				 tm.tm_sec);
		text_len = n > 0 ? (size_t)n : 0;
		last = now;
	}
	*len = text_len;
	return text;
}

static void put_quoted(struct line *l, const char *s)
{
	put_raw(l, "\"", 1);
	if (s && *s)
		put_escaped(l, s, strlen(s), false);
	else
		put_raw(l, "-", 1);
}

void http_access_log(struct MHD_Connection *conn, const struct http_req *req, const char *url,
		     const char *version, int status, size_t bytes)
{
	if (!log_access_on())
		return;
	char buf[LINE_MAX_BYTES];
	/* The variable fields stop TAIL_RESERVE short of the end, so that the line always closes.
	 */
	struct line l = {buf, buf + sizeof buf - TAIL_RESERVE, false};
	put_str(&l, req->client_addr ? req->client_addr : "-");
	put_raw(&l, " - - [", 6);
	size_t n;
	const char *ts = stamp(&n);
	put_raw(&l, ts, n);
	put_raw(&l, "] \"", 3);
	const char *method = req->method_name ? req->method_name : "-";
	put_escaped(&l, method, strlen(method), false);
	put_raw(&l, " ", 1);
	put_escaped(&l, url, strlen(url), false);
	struct query q = {&l, 0};
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, put_arg, &q);
	put_raw(&l, " ", 1);
	put_escaped(&l, version ? version : "-", strlen(version ? version : "-"), false);
	char nums[48];
	int k = bytes ? snprintf(nums, sizeof nums, "\" %d %zu ", status, bytes)
		      : snprintf(nums, sizeof nums, "\" %d - ", status);
	put_raw(&l, nums, k > 0 ? (size_t)k : 0);
	put_quoted(&l, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Referer"));
	put_raw(&l, "\" ", 2);
	put_quoted(&l, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "User-Agent"));
	l.end = buf + sizeof buf; /* the reserve: the end of the line */
	if (l.cut)
		put_raw(&l, "...", 3);
	put_raw(&l, "\"\n", 2);
	log_access(buf, (size_t)(l.p - buf));
}
