/* Private to src/http: one request's body as it arrives, and the budget all bodies share. */
#ifndef GZ_HTTP_HTTP_INT_H
#define GZ_HTTP_HTTP_INT_H

#include <microhttpd.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/socket.h>

#include "http/http.h"

/* Bytes of request bodies held in memory at once, all requests together. */
struct body_budget {
	atomic_size_t used;
	size_t max;
};

/* One request's body: kept in memory (within the budget), streamed to an unlinked file, or
 * dropped. */
struct body {
	struct http_body_rule rule;
	bool discard;    /* read and dropped, never kept */
	bool mapped;     /* the request's buf is a mapping of fd */
	size_t received; /* bytes received so far */
	size_t reserved; /* bytes of the budget held */
	int fd;          /* the file a streamed body goes to, or -1 */
	const char *tmp_dir;
};

/* The capacity a buf of capacity cap has once it holds need bytes (it doubles as buf_grow does),
 * so that the budget counts the memory really held, not only the bytes received. */
size_t body_grown(size_t cap, size_t need);
/* Bodies whose buffer stays within this many bytes are not counted against the budget (their
 * memory is bounded by the connection limits), so that a few large bodies held open cannot starve
 * logins and other small forms. */
#define BODY_SMALL (16u * 1024)

/* True when a memory body may grow to a buffer of cap bytes: within BODY_SMALL, or with the rest
 * reserved from the budget (false when it is used up). */
bool body_fits(struct body_budget *bb, struct body *b, size_t cap);
/* Takes n bytes from the budget; false when it is used up. */
bool body_reserve(struct body_budget *bb, struct body *b, size_t n);
/* Keeps n more bytes in data (memory or file). Returns HTTP_BAD_NONE, or why the body is refused
 * (HTTP_BAD_TOO_LARGE, HTTP_BAD_BUSY): then everything is released and the rest dropped. */
enum http_bad body_take(struct body_budget *bb, struct body *b, struct buf *data, const char *p,
			size_t n);
/* Maps a streamed body into data, NUL-terminated as a buf would be. Returns 0 or -1. */
int body_map(struct body *b, struct buf *data);
/* Drops what the body holds: memory, budget, mapping and file. */
void body_release(struct body_budget *bb, struct body *b, struct buf *data);

/* The library's own refusals (lib_errors.c). */
/* The site's page for a refusal of status the library is about to send on conn, or NULL to let
 * the library send its own. */
typedef struct MHD_Response *(*http_lib_error_fn)(void *cls, struct MHD_Connection *conn,
						  unsigned int status);
/* Finds the library's MHD_queue_response (call before the sandbox). Returns 0 or -1. */
int http_queue_init(void);
/* Queues r on conn with the library's own MHD_queue_response. */
enum MHD_Result http_queue(struct MHD_Connection *conn, unsigned int status,
			   struct MHD_Response *r);
/* From now on the library's refusals are answered with fn's page (NULL: the library's own). */
void http_lib_errors_on(http_lib_error_fn fn, void *cls);

/* Responses for shared bodies (prepared.c). */
/* Queues resp (whose shared bytes it takes the reference of) on conn, re-using this thread's
 * prepared response for the same bytes and headers; head: a HEAD request (no body goes). */
enum MHD_Result http_send_shared(struct MHD_Connection *conn, struct http_resp *resp, bool head);
/* Adds resp's content type and headers to r (CR and LF dropped from values). */
void http_add_headers(struct MHD_Response *r, const struct http_resp *resp);
/* Finds the C library's send (call before the sandbox); hot bodies' files go in tmp_dir (NULL:
 * /tmp). Returns 0 or -1. */
int http_prepared_init(const char *tmp_dir);
/* Forgets the MSG_MORE mark of socket fd (-1: whichever this thread has). */
void http_more_clear(int fd);

/* peers.c: connections open from each client address, all listeners together. */
struct peers;
/* limit: connections an address may hold open (0: no limit). */
struct peers *peers_new(unsigned limit);
void peers_free(struct peers *p);
/* True when the address may open one more connection. */
bool peers_room(const struct peers *p, const struct sockaddr *sa, socklen_t len);
/* Counts a connection of the address; returns what peers_drop takes when it closes. */
uintptr_t peers_add(struct peers *p, const struct sockaddr *sa, socklen_t len);
void peers_drop(struct peers *p, uintptr_t token);

#endif
