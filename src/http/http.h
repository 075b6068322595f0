/* The HTTP layer: libmicrohttpd glue, request parsing and limits, responses, graceful stop. */
#ifndef GZ_HTTP_HTTP_H
#define GZ_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"

enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_HEAD = 1 << 1,
	HTTP_POST = 1 << 2,
	HTTP_PUT = 1 << 3,
	HTTP_PATCH = 1 << 4,
	HTTP_DELETE = 1 << 5,
	HTTP_OPTIONS = 1 << 6,
	HTTP_OTHER = 1 << 7, /* any method we do not know: always 405 */
};

/* Why a request was refused before any handler ran (the handler renders the page). */
enum http_bad {
	HTTP_BAD_NONE = 0,
	HTTP_BAD_PATH,      /* invalid percent-encoding, NUL, or a ".." segment: 400 */
	HTTP_BAD_TOO_LARGE, /* body over the limit: 413 */
	HTTP_BAD_QUERY,     /* a query argument with invalid percent-encoding or a NUL: 400 */
	HTTP_BAD_FRAMING,   /* Host, Content-Length or Transfer-Encoding malformed: 400 */
	HTTP_BAD_URI_LONG,  /* the request target is over the limit: 414 */
	HTTP_BAD_HEADERS,   /* the request line and headers are over the limit: 431 */
	HTTP_BAD_BUSY,      /* the memory for bodies in flight is used up: 503 */
	HTTP_BAD_VERSION,   /* an HTTP version other than 1.x (refused by libmicrohttpd): 505 */
	HTTP_BAD_MAX
};

struct http_req {
	struct arena *arena; /* freed when the request ends */
	enum http_method method;
	const char *method_name;
	const char *path;     /* percent-decoded; "" when bad == HTTP_BAD_PATH */
	const char *raw_path; /* as sent, before decoding (to pick an error's format); or = path */
	enum http_bad bad;
	const char *client_addr; /* textual IP address of the peer */
	/* The request body, up to body_max bytes; read-only for handlers. A body streamed to disk
	 * is a read-only mapping of its temporary file here (NUL-terminated like a buf). */
	struct buf body;
	size_t body_max; /* the limit the application gave for this request (http_body_rule) */
	void *conn;      /* private: the libmicrohttpd connection */
	/* private: the values of the headers asked for on every page (HTTP_KNOWN_*), taken in the
	 * one pass over the header block that checks its framing, and the number of query
	 * arguments; used when known is set (else http_header asks the library each time) */
	bool known;
	unsigned nargs;
	const char *known_value[9];
};

/* Returns the request header `name` (case-insensitive), or NULL (always for a NULL req). Borrowed
 * for the request's life. */
const char *http_header(const struct http_req *req, const char *name);
/* Returns the decoded query argument `name` ('+' is a space), or NULL when absent. Requests whose
 * arguments are badly encoded never reach handlers (HTTP_BAD_QUERY). Allocated in the arena. */
const char *http_query(const struct http_req *req, const char *name);
/* Calls fn for every query argument, decoded (invalid ones skipped). */
void http_query_each(const struct http_req *req, void (*fn)(const char *k, const char *v, void *),
		     void *ctx);

/* Returns the cookie `name`, or NULL. Borrowed for the request's life. */
const char *http_cookie(const struct http_req *req, const char *name);

/* A parsed application/x-www-form-urlencoded body (or query string), in the request's arena. */
struct http_form {
	size_t n;
	const char **keys;
	const char **values;
};

/* Parses req->body as a form. Returns 0, or -1 when the encoding is invalid or a value holds NUL.
 */
int http_form_parse(struct http_req *req, struct http_form *f);
/* The first value of key, or NULL. */
const char *http_form_get(const struct http_form *f, const char *key);
/* Calls fn for every value of key, in order (for repeated fields such as checkboxes). */
void http_form_each(const struct http_form *f, const char *key, void (*fn)(const char *v, void *),
		    void *ctx);

/* False when the request's Origin (else Referer) names another site than its own Host (scheme
 * from X-Forwarded-Proto) or base_url's; true when it sends neither (not a browser's cross-site
 * form). The CSRF check of forms that have no session, and a second one for those that do. */
bool http_same_origin(struct http_req *req, const char *base_url);

/* One part of a multipart/form-data body. */
struct http_part {
	const char *name;     /* the form field's name (NUL-terminated, in the arena) */
	const char *filename; /* the file's name as the client gave it, or NULL for a plain field */
	const char *type;     /* the part's Content-Type, or NULL */
	const char *data;     /* the content: points into the body, not NUL-terminated */
	size_t len;
};

/* A parsed multipart/form-data body. */
struct http_multipart {
	size_t n;
	struct http_part *parts;
};

#define HTTP_MULTIPART_MAX_PARTS 32

/* True when a Content-Type header names multipart/form-data. */
bool http_is_multipart(const char *content_type);
/*
 * Parses body[0..len) as multipart/form-data with the boundary of content_type (RFC 7578),
 * strictly: the body starts with the first delimiter and ends with the close delimiter (a trailing
 * CRLF allowed); every part has a Content-Disposition "form-data" with a name; at most
 * HTTP_MULTIPART_MAX_PARTS parts and 8 KiB of headers per part. Parts point into body, names are
 * copied into the arena. Returns 0, or -1 for a malformed body (answer 400).
 */
int http_multipart_parse(struct arena *a, const char *content_type, const char *body, size_t len,
			 struct http_multipart *m);
/* Adds the plain fields (not files) of m to a form, NUL-terminated in the arena. Returns 0, or -1
 * when a plain field holds a NUL byte. */
int http_multipart_form(struct arena *a, const struct http_multipart *m, struct http_form *f);
/* The first part named name that carries a file, or NULL. */
const struct http_part *http_multipart_file(const struct http_multipart *m, const char *name);

#define HTTP_MAX_HEADERS 16

/*
 * A response. Either `body` (owned, freed by the server) or `shared` (bytes kept alive by the
 * caller's reference, released through shared_release once sent) carries the content.
 */
struct http_resp {
	int status;
	const char *content_type;
	struct buf body;
	const void *shared;
	size_t shared_len;
	void (*shared_release)(void *cls);
	void *shared_cls;
	struct {
		const char *name, *value;
	} headers[HTTP_MAX_HEADERS];
	size_t nheaders;
};

/* Adds a header; name and value must live until the response is sent (literals or the arena).
 * CR and LF in the value are dropped by the server. Extra headers past HTTP_MAX_HEADERS are
 * ignored. */
void http_resp_header(struct http_resp *resp, const char *name, const char *value);

typedef void (*http_handler_fn)(struct http_req *req, struct http_resp *resp, void *app);

/* How much body a request may send, decided from its method, path and headers before any of the
 * body is read. max 0: the request takes no body. to_file: the body is streamed to an unlinked
 * temporary file and mapped read-only for the handler, never held on the heap. */
struct http_body_rule {
	size_t max;
	bool to_file;
};
/* The application's rule for req (req->path, req->method and headers are set; req->bad may be
 * set too). */
typedef struct http_body_rule (*http_body_fn)(const struct http_req *req, void *app);

/* The framing headers of a request, counted (a repeated header is an error). */
struct http_frame_in {
	bool http11;    /* HTTP/1.1 (Host required) rather than 1.0 */
	unsigned nhost; /* Host headers */
	unsigned ncl;   /* Content-Length headers; cl the first */
	const char *cl;
	unsigned nte; /* Transfer-Encoding headers; te the first */
	const char *te;
};
struct http_frame {
	uint64_t length; /* the declared Content-Length (0 when none) */
	bool chunked;
};
/* Checks a request's framing from its headers (RFC 9112): exactly one Host in HTTP/1.1, at most
 * one of each; Content-Length all digits; Transfer-Encoding only "chunked", only in HTTP/1.1 and
 * never with a Content-Length. Returns 0 and fills out, or -1 (answer 400 at once). */
int http_frame_check(const struct http_frame_in *in, struct http_frame *out);

struct http_config {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080", ":8080" */
	unsigned threads;   /* event threads; 0: one per core */
	unsigned conn_limit;
	unsigned per_ip_limit;
	unsigned timeout_s; /* idle connection time-out */
	size_t max_header;  /* the request line and headers, at most (431 or 414 above) */
	/* The body limit of each request (NULL: no request takes a body), and its argument. */
	http_body_fn body_rule;
	void *body_rule_cls;
	size_t body_budget;  /* bytes of request bodies held in memory at once, all requests */
	const char *tmp_dir; /* where streamed bodies go (unlinked at once); NULL: /tmp */
	/* Comma-separated IP addresses of reverse proxies whose X-Forwarded-For (last address) or
	 * X-Real-IP names the client; NULL or "": trust none. */
	const char *trusted_proxies;
};

/* Checks a trusted-proxies list; returns 0, or -1 with a one-line message in err. */
int http_check_proxies(const char *list, struct buf *err);

/* Parses a listen address into host and port; returns 0 or -1 with a message in err. */
int http_parse_listen(const char *listen, struct buf *host, uint16_t *port, struct buf *err);

/* Decodes %XX escapes of s[0..n) (and '+' as space when plus is true) into out; returns 0, or -1
 * for a bad escape or a NUL byte. */
int http_url_decode(const char *s, size_t n, bool plus, struct buf *out);

/*
 * Serves until SIGTERM or SIGINT: then stops accepting, lets requests in flight finish (up to 10
 * s), and returns 0. Returns -1 with a message in err when it cannot start (address in use...).
 * Before calling, the caller must block SIGTERM and SIGINT in every thread (http_block_signals).
 */
int http_serve(const struct http_config *cfg, http_handler_fn fn, void *app, struct buf *err);

/* Blocks SIGTERM/SIGINT (so http_serve can sigwait for them) and ignores SIGPIPE. Call before any
 * thread starts. */
void http_block_signals(void);

/* The reason phrase of a status code. */
const char *http_reason(int status);

#endif
