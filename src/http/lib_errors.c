/*
 * The site's own pages for the refusals libmicrohttpd makes by itself.
 *
 * libmicrohttpd 0.9.75 parses the request line and the header block before the application sees
 * a request, and refuses some requests on its own: an HTTP version it does not support (505), a
 * request line or header block larger than the connection's memory pool (414, 431), a malformed
 * request line or Content-Length (400, 413). It builds those answers in a static function
 * (transmit_error_response_len in connection.c) from fixed English strings, and no option of
 * that version (nor of 1.0) lets the application supply them. That function does queue its answer
 * through the library's exported MHD_queue_response, called through the library's PLT (Debian's
 * libmicrohttpd12 is not linked -Bsymbolic), so a definition of MHD_queue_response in the program
 * takes those calls. This file is that definition: it hands every call to the library's own
 * function (found with dlsym(RTLD_NEXT)), except the library's refusals, for which the server
 * (server.c, http_lib_errors_on) renders the site's page and that page is queued instead.
 *
 * Gazette's own responses are queued with http_queue, which calls the library directly, so
 * whatever reaches MHD_queue_response here comes from inside the library. If a later build of the
 * library stops calling through its PLT, its English pages come back; tests/http/test_protocol.py
 * (OwnErrorPagesTest) says so.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <microhttpd.h>
#include <stddef.h>

#include "http/http-int.h"

typedef enum MHD_Result (*queue_fn)(struct MHD_Connection *conn, unsigned int status,
				    struct MHD_Response *r);

static queue_fn real_queue;
static http_lib_error_fn on_error;
static void *on_error_cls;

int http_queue_init(void)
{
	if (!real_queue) {
		void *sym = dlsym(RTLD_NEXT, "MHD_queue_response");
		/* POSIX's way of turning dlsym's object pointer into a function pointer. */
		*(void **)&real_queue = sym;
	}
	return real_queue ? 0 : -1;
}

enum MHD_Result http_queue(struct MHD_Connection *conn, unsigned int status, struct MHD_Response *r)
{
	if (!real_queue && http_queue_init() != 0)
		return MHD_NO;
	return real_queue(conn, status, r);
}

void http_lib_errors_on(http_lib_error_fn fn, void *cls)
{
	on_error = fn;
	on_error_cls = cls;
}

/* Only the library itself calls this (see above). */
enum MHD_Result MHD_queue_response(struct MHD_Connection *conn, unsigned int status,
				   struct MHD_Response *r)
{
	struct MHD_Response *own = on_error ? on_error(on_error_cls, conn, status) : NULL;
	if (!own)
		return http_queue(conn, status, r);
	enum MHD_Result ret = http_queue(conn, status, own);
	MHD_destroy_response(own); /* queued, the connection holds its own reference */
	return ret;
}
