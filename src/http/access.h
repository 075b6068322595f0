/* Private to src/http/: the access log line of a request (server.c calls it once per response). */
#ifndef GZ_HTTP_ACCESS_H
#define GZ_HTTP_ACCESS_H

#include <microhttpd.h>
#include <stddef.h>

#include "http/http.h"

/* Writes the request's line in the combined log format (Apache's, which GoAccess and AWStats
 * read) when the access log is on: client, time, request line, status, body bytes, referrer and
 * user agent. url is the raw path libmicrohttpd gave; the query is put back from its arguments. */
void http_access_log(struct MHD_Connection *conn, const struct http_req *req, const char *url,
		     const char *version, int status, size_t bytes);

#endif
