/* The access log in the combined format (access.h):
 *   127.0.0.1 - - [03/Dec/2026:11:40:00 +0000] "GET /a?b=c HTTP/1.1" 200 5120 "-" "curl/7.88"
 * Quotes, backslashes and control bytes inside quoted fields are escaped as \" \\ \xHH, as
 * Apache does, so that a request cannot forge a line. */
#include "http/access.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

static void put_escaped(struct buf *b, const char *s, size_t n, bool query)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' && query) /* libmicrohttpd turned the query's '+' into ' ' */
			buf_putc(b, '+');
		else if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, (char)c);
	}
}

static void put_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	if (s && *s)
		put_escaped(b, s, strlen(s), false);
	else
		buf_putc(b, '-');
	buf_puts(b, "\" ");
}

struct query {
	struct buf *b;
	int n;
};

static enum MHD_Result put_arg(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	(void)kind;
	struct query *q = cls;
	buf_putc(q->b, q->n++ ? '&' : '?');
	put_escaped(q->b, key, strlen(key), true);
	if (value) {
		buf_putc(q->b, '=');
		put_escaped(q->b, value, strlen(value), true);
	}
	return MHD_YES;
}

/* "03/Dec/2026:11:40:00 +0000", remade at most once a second per thread. */
static const char *stamp(void)
{
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static _Thread_local time_t last = -1;
	static _Thread_local char text[40];
	time_t now = time(NULL);
	if (now != last) {
		struct tm tm;
		gmtime_r(&now, &tm);
		snprintf(text, sizeof text, "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday,
			 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
		last = now;
	}
	return text;
}

void http_access_log(struct MHD_Connection *conn, const struct http_req *req, const char *url,
		     const char *version, int status, size_t bytes)
{
	if (!log_access_on())
		return;
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s - - [%s] \"", req->client_addr ? req->client_addr : "-", stamp());
	const char *method = req->method_name ? req->method_name : "-";
	put_escaped(&b, method, strlen(method), false);
	buf_putc(&b, ' ');
	put_escaped(&b, url, strlen(url), false);
	struct query q = {&b, 0};
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, put_arg, &q);
	buf_putc(&b, ' ');
	put_escaped(&b, version ? version : "-", strlen(version ? version : "-"), false);
	buf_printf(&b, "\" %d ", status);
	if (bytes)
		buf_printf(&b, "%zu ", bytes);
	else
		buf_puts(&b, "- ");
	put_quoted(&b, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Referer"));
	put_quoted(&b, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "User-Agent"));
	b.data[b.len - 1] = '\n';
	log_access(b.data, b.len);
	buf_free(&b);
}
