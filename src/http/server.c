/* libmicrohttpd glue: one request state per request, limits, responses, and the graceful stop. */
#include "http/http-int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <malloc.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/hex.h"
#include "core/log.h"
#include "http/access.h"

/* Past its limit, a body announced this much larger is not read to be dropped: the answer goes at
 * once and the connection closes. */
#define DISCARD_MAX (16u * 1024 * 1024)

/* A new connection has HEADER_TIMEOUT_S to send its first request's headers (garbage that never
 * makes a request line, and slow senders, are dropped then rather than after the idle time-out);
 * the first call of on_request gives it the configured time-out back. */
#define HEADER_TIMEOUT_S 10u

/* Most addresses in the trusted-proxies setting. */
#define PROXIES_MAX 32

/* Most serving threads (the --threads option's own limit). */
#define SERVE_THREADS_MAX 64

/* An IP address in binary: 4 bytes for IPv4 (IPv4-mapped IPv6 included), 16 for IPv6. */
struct ip {
	int family;
	unsigned char a[16];
};

struct proxies {
	size_t n;
	struct ip ip[PROXIES_MAX];
};

struct server {
	const struct http_config *cfg;
	struct proxies trusted; /* peers whose X-Forwarded-For / X-Real-IP we believe */
	http_handler_fn fn;
	void *app;
	atomic_int active;         /* requests between their first call and completion */
	atomic_bool stopping;      /* new requests get 503 and Connection: close */
	struct body_budget bodies; /* request bodies held in memory */
	struct peers *peers;       /* connections open from each address, all threads together */
};

/* Room for the path and the client's address in the request state itself, so that a request for a
 * cached page allocates nothing but the state (a longer path goes to the arena). */
#define PATH_INLINE 256

struct req_state {
	struct http_req req;
	bool dispatched;
	bool answered;   /* answered from the headers; what body comes is dropped */
	bool answer_now; /* answer from the headers, then close */
	struct body body;
	char path[PATH_INLINE];
	char addr[INET6_ADDRSTRLEN];
};

static const struct {
	const char *name;
	enum http_method m;
} methods[] = {
    {"GET", HTTP_GET},     {"HEAD", HTTP_HEAD},     {"POST", HTTP_POST},       {"PUT", HTTP_PUT},
    {"PATCH", HTTP_PATCH}, {"DELETE", HTTP_DELETE}, {"OPTIONS", HTTP_OPTIONS},
};

/* The method, and its name as a static string when known (NULL otherwise). */
static enum http_method method_of(const char *name, const char **static_name)
{
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(name, methods[i].name) == 0) {
			*static_name = methods[i].name;
			return methods[i].m;
		}
	*static_name = NULL;
	return HTTP_OTHER;
}

const char *http_reason(int status)
{
	const char *r = MHD_get_reason_phrase_for((unsigned)status);
	return r && *r ? r : "Unknown";
}

int http_url_decode(const char *s, size_t n, bool plus, struct buf *out)
{
	buf_grow(out, n);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int h = hex_digit((unsigned char)s[i + 1]),
			    l = hex_digit((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			c = (char)(h * 16 + l);
			i += 2;
		} else if (c == '+' && plus) {
			c = ' ';
		}
		if (c == '\0')
			return -1;
		buf_putc(out, c);
	}
	return 0;
}

/* A decoded path is acceptable when it starts with '/' and has no "." or ".." segment. */
static bool path_ok(const char *p)
{
	if (p[0] != '/')
		return false;
	for (const char *s = p; *s; s++) {
		if (*s != '/')
			continue;
		const char *seg = s + 1;
		if (seg[0] == '.' && (seg[1] == '/' || seg[1] == '\0'))
			return false;
		if (seg[0] == '.' && seg[1] == '.' && (seg[2] == '/' || seg[2] == '\0'))
			return false;
	}
	return true;
}

static void parse_path(struct req_state *st, const char *url)
{
	struct http_req *req = &st->req;
	const char *q = strchr(url, '?');
	size_t n = q ? (size_t)(q - url) : strlen(url);
	if (!memchr(url, '%', n)) {
		/* Nothing to decode (no escapes; '+' stays itself in a path, NUL cannot occur). */
		char *path = st->path;
		if (n < sizeof st->path) {
			memcpy(path, url, n);
			path[n] = '\0';
		} else {
			path = arena_strndup(req->arena, url, n);
		}
		if (path_ok(path)) {
			req->path = path;
		} else {
			req->bad = HTTP_BAD_PATH;
			req->path = "";
		}
		req->raw_path = path;
		return;
	}
	struct buf b = BUF_INIT;
	if (http_url_decode(url, n, false, &b) != 0 || !path_ok(buf_cstr(&b))) {
		req->bad = HTTP_BAD_PATH;
		req->path = "";
		req->raw_path = arena_strndup(req->arena, url, n);
	} else {
		req->path = arena_strndup(req->arena, buf_cstr(&b), b.len);
		req->raw_path = req->path;
	}
	buf_free(&b);
}

/* The headers every page asks for (some several times): their values are taken in check_headers'
 * pass over the header block, so that asking is a compare instead of a walk of the library's
 * list with a case-insensitive compare per header (a tenth of a cached page's own instructions). */
static const char *const known_names[] = {
    "Host",   "User-Agent",        "Accept-Encoding", "If-None-Match", "Authorization",
    "Cookie", "X-Forwarded-Proto", "X-Forwarded-For", "X-Real-IP"};
_Static_assert(sizeof known_names / sizeof known_names[0] <=
		   sizeof((struct http_req *)0)->known_value / sizeof(const char *),
	       "room for every known header");

static int known_index(const char *name)
{
	int i;
	switch (strlen(name)) {
	case 4:
		i = 0;
		break;
	case 10:
		i = 1;
		break;
	case 15:
		i = (name[0] | 0x20) == 'a' ? 2 : 7;
		break;
	case 13:
		i = (name[0] | 0x20) == 'i' ? 3 : 4;
		break;
	case 6:
		i = 5;
		break;
	case 17:
		i = 6;
		break;
	case 9:
		i = 8;
		break;
	default:
		return -1;
	}
	return strcasecmp(name, known_names[i]) == 0 ? i : -1;
}

const char *http_header(const struct http_req *req, const char *name)
{
	if (!req)
		return NULL; /* a value made for many requests (site/snapshot.c) */
	if (req->known) {
		int i = known_index(name);
		if (i >= 0)
			return req->known_value[i];
	}
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_query(const struct http_req *req, const char *name)
{
	if (req->known && req->nargs == 0)
		return NULL;
	const char *raw = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
	if (!raw)
		return NULL;
	struct buf b = BUF_INIT;
	const char *v = NULL;
	if (http_url_decode(raw, strlen(raw), true, &b) == 0)
		v = arena_strndup(req->arena, buf_cstr(&b), b.len);
	buf_free(&b);
	return v;
}

struct each_ctx {
	const struct http_req *req;
	void (*fn)(const char *, const char *, void *);
	void *ctx;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	(void)kind;
	struct each_ctx *e = cls;
	struct buf k = BUF_INIT, v = BUF_INIT;
	if (http_url_decode(key, strlen(key), true, &k) == 0 &&
	    http_url_decode(value ? value : "", value ? strlen(value) : 0, true, &v) == 0)
		e->fn(buf_cstr(&k), buf_cstr(&v), e->ctx);
	buf_free(&k);
	buf_free(&v);
	return MHD_YES;
}

void http_query_each(const struct http_req *req, void (*fn)(const char *k, const char *v, void *),
		     void *ctx)
{
	struct each_ctx e = {req, fn, ctx};
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, each_arg, &e);
}

void http_resp_header(struct http_resp *resp, const char *name, const char *value)
{
	if (resp->nheaders >= HTTP_MAX_HEADERS)
		return;
	resp->headers[resp->nheaders].name = name;
	resp->headers[resp->nheaders].value = value;
	resp->nheaders++;
}

/* The unescaper MHD calls on paths and arguments: we keep the raw bytes and decode ourselves, so
 * that %00 and bad escapes are seen and refused instead of silently cutting strings. */
static size_t keep_raw(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	(void)kind;
	bool *bad = cls;
	struct buf b = BUF_INIT;
	if (http_url_decode(key, strlen(key), true, &b) != 0 ||
	    (value && http_url_decode(value, strlen(value), true, &b) != 0))
		*bad = true;
	buf_free(&b);
	return *bad ? MHD_NO : MHD_YES;
}

static void check_query(struct http_req *req)
{
	bool bad = false;
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, check_arg, &bad);
	if (bad && !req->bad)
		req->bad = HTTP_BAD_QUERY;
}

/* Parses the textual address s[0..n) (surrounding blanks allowed) into *ip; returns 0 or -1. */
static int ip_parse(const char *s, size_t n, struct ip *ip)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char text[INET6_ADDRSTRLEN];
	if (n == 0 || n >= sizeof text)
		return -1;
	memcpy(text, s, n);
	text[n] = '\0';
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, text, ip->a) == 1) {
		ip->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, ip->a) == 1) {
		ip->family = AF_INET6;
		return 0;
	}
	return -1;
}

/* The peer's address; an IPv4-mapped IPv6 address becomes plain IPv4. */
static int ip_of_peer(const struct sockaddr *sa, struct ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (sa->sa_family == AF_INET) {
		ip->family = AF_INET;
		memcpy(ip->a, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family != AF_INET6)
		return -1;
	const struct in6_addr *a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	if (IN6_IS_ADDR_V4MAPPED(a6)) {
		ip->family = AF_INET;
		memcpy(ip->a, a6->s6_addr + 12, 4);
	} else {
		ip->family = AF_INET6;
		memcpy(ip->a, a6->s6_addr, 16);
	}
	return 0;
}

static bool ip_trusted(const struct proxies *p, const struct ip *ip)
{
	size_t len = ip->family == AF_INET ? 4 : 16;
	for (size_t i = 0; i < p->n; i++)
		if (p->ip[i].family == ip->family && memcmp(p->ip[i].a, ip->a, len) == 0)
			return true;
	return false;
}

/* Parses a comma-separated list of IP addresses; returns 0, or -1 with a message in err. */
static int proxies_parse(const char *list, struct proxies *p, struct buf *err)
{
	p->n = 0;
	for (const char *s = list ? list : ""; *s;) {
		size_t n = strcspn(s, ",");
		size_t blank = strspn(s, " \t");
		if (blank < n) {
			if (p->n == PROXIES_MAX) {
				buf_printf(err, "trusted-proxies: more than %d addresses",
					   PROXIES_MAX);
				return -1;
			}
			if (ip_parse(s, n, &p->ip[p->n]) != 0) {
				buf_printf(err, "trusted-proxies: '%.*s' is not an IP address",
					   (int)n, s);
				return -1;
			}
			p->n++;
		}
		s += n + (s[n] == ',');
	}
	return 0;
}

int http_check_proxies(const char *list, struct buf *err)
{
	struct proxies p;
	return proxies_parse(list, &p, err);
}

/* The address a trusted proxy forwarded: the last of X-Forwarded-For (the one the proxy itself
 * appended), else X-Real-IP. Returns 0 and *ip, or -1 when neither holds an address. */
static int forwarded_ip(struct http_req *req, struct ip *ip)
{
	const char *xff = http_header(req, "X-Forwarded-For");
	if (xff && *xff) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		if (ip_parse(last, strlen(last), ip) == 0)
			return 0;
	}
	const char *real = http_header(req, "X-Real-IP");
	return real && ip_parse(real, strlen(real), ip) == 0 ? 0 : -1;
}

/* Writes the dotted form of an IPv4 address (what inet_ntop writes, without its printf). */
static void ipv4_text(const unsigned char a[4], char *out)
{
	for (int i = 0; i < 4; i++) {
		unsigned v = a[i];
		if (v >= 100)
			*out++ = (char)('0' + v / 100);
		if (v >= 10)
			*out++ = (char)('0' + v / 10 % 10);
		*out++ = (char)('0' + v % 10);
		if (i < 3)
			*out++ = '.';
	}
	*out = '\0';
}

/* Sets req->client_addr (in st->addr): the socket's peer, or the address it forwarded when the
 * peer is one of the trusted proxies. */
static void client_addr(const struct server *srv, struct req_state *st)
{
	struct http_req *req = &st->req;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	struct ip ip, fwd;
	st->addr[0] = '\0';
	if (ci && ci->client_addr && ip_of_peer(ci->client_addr, &ip) == 0) {
		if (srv->trusted.n && ip_trusted(&srv->trusted, &ip) &&
		    forwarded_ip(req, &fwd) == 0)
			ip = fwd;
		if (ip.family == AF_INET)
			ipv4_text(ip.a, st->addr);
		else if (!inet_ntop(ip.family, ip.a, st->addr, sizeof st->addr))
			st->addr[0] = '\0';
	}
	req->client_addr = st->addr;
}

static enum MHD_Result send_resp(struct MHD_Connection *conn, struct http_resp *resp, bool head)
{
	if (resp->shared)
		return http_send_shared(conn, resp, head);
	size_t len = resp->body.len;
	char *data = buf_detach(&resp->body);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!r)
		return MHD_NO;
	http_add_headers(r, resp);
	enum MHD_Result ret = http_queue(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

struct header_pass {
	struct http_frame_in in;
	struct http_req *req;
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind;
	struct header_pass *hp = cls;
	struct http_frame_in *in = &hp->in;
	int k = known_index(key);
	if (k >= 0 && !hp->req->known_value[k]) /* the first, as the library's lookup gives */
		hp->req->known_value[k] = value ? value : "";
	if (strcasecmp(key, "Host") == 0) {
		in->nhost++;
	} else if (strcasecmp(key, "Content-Length") == 0) {
		if (in->ncl++ == 0)
			in->cl = value ? value : "";
	} else if (strcasecmp(key, "Transfer-Encoding") == 0) {
		if (in->nte++ == 0)
			in->te = value ? value : "";
	}
	return MHD_YES;
}

static enum MHD_Result add_arg_len(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	(void)kind;
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 2;
	return MHD_YES;
}

/* Sizes and framing, from the request line and headers alone; sets req->bad and the body rule. */
static void check_headers(struct server *srv, struct req_state *st, const char *url,
			  const char *version)
{
	struct http_req *req = &st->req;
	size_t uri_max = srv->cfg->max_header / 2;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	size_t query = 0;
	int nargs =
	    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, add_arg_len, &query);
	if (strlen(url) + query > uri_max) {
		req->bad = HTTP_BAD_URI_LONG;
		return;
	}
	if (ci && ci->header_size > srv->cfg->max_header) {
		req->bad = HTTP_BAD_HEADERS;
		return;
	}
	struct header_pass hp = {.in = {.http11 = strcmp(version, MHD_HTTP_VERSION_1_0) != 0},
				 .req = req};
	struct http_frame fr;
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_header, &hp);
	req->nargs = nargs > 0 ? (unsigned)nargs : 0;
	req->known = true;
	if (http_frame_check(&hp.in, &fr) != 0) {
		req->bad = HTTP_BAD_FRAMING;
		return;
	}
	if (req->bad)
		return; /* a bad path or query: answered after the body, which is dropped */
	struct body *b = &st->body;
	if (srv->cfg->body_rule)
		b->rule = srv->cfg->body_rule(req, srv->cfg->body_rule_cls);
	req->body_max = b->rule.max;
	bool has_body = fr.chunked || fr.length > 0;
	if (!has_body)
		return;
	/* A client that asked before sending (Expect) or announces far too much is answered now
	 * and the connection closed; others have what they send read and dropped, so that they
	 * can read the answer (closing on unread bytes resets the connection). */
	bool now = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Expect") != NULL;
	if (b->rule.max == 0) {
		b->discard = true; /* a route that takes no body: answered as if it had none */
		st->answer_now = now || fr.length > DISCARD_MAX;
	} else if (fr.length > b->rule.max) {
		req->bad = HTTP_BAD_TOO_LARGE;
		b->discard = true;
		st->answer_now = now || fr.length - b->rule.max > DISCARD_MAX;
	} else if (fr.length && !b->rule.to_file &&
		   !body_fits(&srv->bodies, b, body_grown(0, (size_t)fr.length + 1))) {
		req->bad = HTTP_BAD_BUSY;
		b->discard = true;
		st->answer_now = true;
	} else if (fr.length && !b->rule.to_file) {
		buf_grow(&req->body, (size_t)fr.length); /* no doubling: exactly what comes */
	}
}

/* Runs the handler (or the stopping answer), queues its response and logs it (access.c). */
static enum MHD_Result answer(struct server *srv, struct req_state *st, bool close, const char *url,
			      const char *version)
{
	st->dispatched = true;
	http_more_clear(-1); /* an earlier response's mark has done its work (prepared.c) */
	client_addr(srv, st);
	struct http_resp resp = {.status = 200};
	if (atomic_load(&srv->stopping)) {
		resp.status = 503;
		resp.content_type = "text/plain; charset=utf-8";
		buf_puts(&resp.body, "Máy chủ đang dừng. Xin thử lại sau giây lát.\n");
		http_resp_header(&resp, "Connection", "close");
		http_resp_header(&resp, "Retry-After", "2");
	} else {
		srv->fn(&st->req, &resp, srv->app);
		if (close)
			http_resp_header(&resp, "Connection", "close");
	}
	int status = resp.status;
	size_t bytes = st->req.method == HTTP_HEAD ? 0
		       : resp.shared               ? resp.shared_len
						   : resp.body.len;
	enum MHD_Result ret = send_resp(st->req.conn, &resp, st->req.method == HTTP_HEAD);
	buf_free(&resp.body);
	http_access_log(st->req.conn, &st->req, url, version, status, bytes);
	return ret;
}

/* The site's page for a refusal libmicrohttpd makes before any request reaches on_request
 * (lib_errors.c): the handler renders it for "/" (the library keeps the method and path to
 * itself), without the connection, whose header block the library has already let go. */
static struct MHD_Response *library_error(void *cls, struct MHD_Connection *conn,
					  unsigned int status)
{
	static const struct {
		unsigned int status;
		enum http_bad bad;
	} refusals[] = {{400, HTTP_BAD_FRAMING},
			{413, HTTP_BAD_TOO_LARGE},
			{414, HTTP_BAD_URI_LONG},
			{431, HTTP_BAD_HEADERS},
			{505, HTTP_BAD_VERSION}};
	struct server *srv = cls;
	size_t i = 0, n = sizeof refusals / sizeof refusals[0];
	while (i < n && refusals[i].status != status)
		i++;
	if (i == n)
		return NULL;
	struct req_state *st = xcalloc(1, sizeof(*st));
	st->req.arena = arena_new();
	st->req.conn = conn;
	client_addr(srv, st); /* the peer's address: the connection itself is still whole */
	st->req.conn = NULL;
	st->req.method = HTTP_GET;
	st->req.method_name = "-";
	st->req.path = st->req.raw_path = "/";
	st->req.bad = refusals[i].bad;
	struct http_resp resp = {.status = 200};
	srv->fn(&st->req, &resp, srv->app);
	struct MHD_Response *r = NULL;
	/* Refused after the whole header block (a Content-Length it cannot parse), the library
	 * builds its answer's header block a second time (docs/SECURITY.md): with no body, a client
	 * reads one whole answer and what follows on the closing connection is ignored. */
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	if (ci && ci->header_size > 0)
		resp.body.len = 0;
	if (!resp.shared && (unsigned)resp.status == status) {
		size_t len = resp.body.len;
		r = MHD_create_response_from_buffer(len, buf_detach(&resp.body),
						    MHD_RESPMEM_MUST_FREE);
		if (r)
			http_add_headers(r, &resp);
		http_access_log(NULL, &st->req, "-", "-", resp.status, len);
	} else if (resp.shared) {
		resp.shared_release(resp.shared_cls);
	}
	buf_free(&resp.body);
	arena_free(st->req.arena);
	free(st);
	return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct server *srv = cls;
	struct req_state *st = *con_cls;
	if (!st) {
		/* First call: headers are in. */
		st = xcalloc(1, sizeof(*st));
		if (srv->cfg->timeout_s > HEADER_TIMEOUT_S) {
			/* Once per connection: setting it takes a lock of the library's. */
			const union MHD_ConnectionInfo *ci =
			    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_TIMEOUT);
			if (!ci || ci->connection_timeout != srv->cfg->timeout_s)
				MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT,
							  srv->cfg->timeout_s);
		}
		st->body.fd = -1;
		st->body.tmp_dir = srv->cfg->tmp_dir;
		st->req.arena = arena_new();
		st->req.conn = conn;
		st->req.method = method_of(method, &st->req.method_name);
		if (!st->req.method_name)
			st->req.method_name = arena_strdup(st->req.arena, method);
		parse_path(st, url);
		check_query(&st->req);
		*con_cls = st;
		atomic_fetch_add(&srv->active, 1);
		check_headers(srv, st, url, version);
		if (st->answer_now || st->req.bad == HTTP_BAD_FRAMING ||
		    st->req.bad == HTTP_BAD_URI_LONG || st->req.bad == HTTP_BAD_HEADERS) {
			/* Decided from the headers: answer now, so no "100 Continue" goes out and
			 * no body is read; the connection closes after. */
			st->answered = true;
			return answer(srv, st, true, url, version);
		}
		/* Otherwise answer only on a later call, or MHD 0.9.75 drops keep-alive (see
		 * shared/bench-anchors/README.md). */
		return MHD_YES;
	}
	if (*upload_size) {
		if (!st->answered && !st->req.bad)
			st->req.bad =
			    body_take(&srv->bodies, &st->body, &st->req.body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (st->dispatched)
		return st->answered ? MHD_YES : MHD_NO;
	if (!st->req.bad && body_map(&st->body, &st->req.body) != 0) {
		body_release(&srv->bodies, &st->body, &st->req.body);
		st->req.bad = HTTP_BAD_BUSY;
	}
	return answer(srv, st, st->req.bad != HTTP_BAD_NONE, url, version);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct server *srv = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr)
			*socket_context = (void *)peers_add(srv->peers, ci->client_addr,
							    ci->client_addr->sa_family == AF_INET6
								? sizeof(struct sockaddr_in6)
								: sizeof(struct sockaddr_in));
		if (srv->cfg->timeout_s > HEADER_TIMEOUT_S)
			MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT,
						  HEADER_TIMEOUT_S);
	}
	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		peers_drop(srv->peers, (uintptr_t)*socket_context);
		*socket_context = NULL;
		/* prepared.c: its socket number may come back with another connection */
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci)
			http_more_clear(ci->connect_fd);
	}
}

/* A new connection from an address already holding the per-address limit's connections, on any
 * thread's listener, is closed at once (counted from NOTIFY_STARTED to NOTIFY_CLOSED, so a
 * connection the library drops before it starts is never counted; two threads accepting the same
 * address at one instant can pass the limit by one each). */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
	const struct server *srv = cls;
	return peers_room(srv->peers, addr, len) ? MHD_YES : MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	(void)toe;
	struct server *srv = cls;
	struct req_state *st = *con_cls;
	if (!st)
		return;
	body_release(&srv->bodies, &st->body, &st->req.body);
	arena_free(st->req.arena);
	free(st);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->active, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	log_warn("http: %s", buf_cstr(&b));
	buf_free(&b);
}

int http_parse_listen(const char *listen, struct buf *host, uint16_t *port, struct buf *err)
{
	const char *colon;
	buf_reset(host);
	if (listen[0] == '[') {
		const char *end = strchr(listen, ']');
		if (!end || end[1] != ':') {
			buf_printf(err, "invalid listen address '%s': use [IPV6]:PORT", listen);
			return -1;
		}
		buf_append(host, listen + 1, (size_t)(end - listen - 1));
		colon = end + 1;
	} else {
		colon = strrchr(listen, ':');
		if (!colon) {
			buf_printf(err, "invalid listen address '%s': use ADDR:PORT", listen);
			return -1;
		}
		buf_append(host, listen, (size_t)(colon - listen));
	}
	char *end = NULL;
	errno = 0;
	long p = strtol(colon + 1, &end, 10);
	if (errno || !end || *end || end == colon + 1 || p < 1 || p > 65535) {
		buf_printf(err, "invalid port in listen address '%s': use 1..65535", listen);
		return -1;
	}
	*port = (uint16_t)p;
	if (host->len == 0)
		buf_puts(host, "0.0.0.0");
	return 0;
}

static int resolve(const char *listen, struct sockaddr_storage *ss, struct buf *err)
{
	struct buf host = BUF_INIT;
	uint16_t port;
	int rc = -1;
	if (http_parse_listen(listen, &host, &port, err) != 0)
		goto out;
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)(void *)ss;
	if (inet_pton(AF_INET, buf_cstr(&host), &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		rc = 0;
	} else if (inet_pton(AF_INET6, buf_cstr(&host), &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		rc = 0;
	} else if (strcmp(buf_cstr(&host), "localhost") == 0) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		rc = 0;
	} else {
		buf_printf(err, "invalid listen address '%s': give a numeric IP address", listen);
	}
out:
	buf_free(&host);
	return rc;
}

void http_block_signals(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void wait_idle(struct server *srv)
{
	for (int i = 0; i < 1000 && atomic_load(&srv->active) > 0; i++) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

int http_serve(const struct http_config *cfg, http_handler_fn fn, void *app, struct buf *err)
{
	struct sockaddr_storage ss;
	if (resolve(cfg->listen, &ss, err) != 0)
		return -1;
	struct server srv = {.cfg = cfg, .fn = fn, .app = app};
	srv.bodies.max = cfg->body_budget;
	if (proxies_parse(cfg->trusted_proxies, &srv.trusted, err) != 0)
		return -1;
	unsigned threads = cfg->threads;
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 && n < 64 ? (unsigned)n : 2;
	}
	/* Room past max_header, so that what is over it gets Gazette's own 414 or 431 (past the
	 * pool, the library refuses it and lib_errors.c puts the same page in place of its own);
	 * the pool also holds each connection's read buffer. Not more:
	 * libmicrohttpd zeroes the whole pool between two requests of a connection, so its size
	 * is paid on every cached page (48 KB cost 1.9 us a request, a quarter of a cached
	 * page's CPU; 24 KB, the default max-header of 16 KB, 0.5 us more than the 16 KB of
	 * today's 8 KB: docs/BENCHMARKS.md). */
	size_t pool = cfg->max_header + 8192;
	/* Large buffers (bodies) always mmapped, so their memory goes back to the system when
	 * freed instead of staying in the heap after a flood. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	if (http_queue_init() != 0 || http_prepared_init(cfg->tmp_dir) != 0) {
		buf_puts(err,
			 "libmicrohttpd's MHD_queue_response or the C library's send not found");
		return -1;
	}
	http_lib_errors_on(library_error, &srv);
	/* One daemon a thread, each with its own listening socket on the same port (SO_REUSEPORT,
	 * which the library sets with LISTENING_ADDRESS_REUSE): the kernel spreads new connections
	 * over them by a hash of their addresses. With one daemon and a pool of threads sharing one
	 * socket, whichever thread woke first accepted, at times every connection of a burst, and
	 * two threads served like one (docs/BENCHMARKS.md, "A listening socket a serving thread").
	 * The connection limit is shared out among them; the per-address limit is counted across
	 * them (peers.c). */
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (threads > SERVE_THREADS_MAX)
		threads = SERVE_THREADS_MAX;
	srv.peers = peers_new(cfg->per_ip_limit);
	unsigned limit = (cfg->conn_limit + threads - 1) / threads;
	struct MHD_Daemon *d[SERVE_THREADS_MAX] = {0};
	unsigned started = 0;
	for (; started < threads; started++) {
		d[started] = MHD_start_daemon(
		    flags, 0, on_accept, &srv, on_request, &srv, MHD_OPTION_EXTERNAL_LOGGER,
		    mhd_log, NULL, MHD_OPTION_SOCK_ADDR, &ss, MHD_OPTION_CONNECTION_LIMIT,
		    limit > 0 ? limit : 1, MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT, pool, MHD_OPTION_NOTIFY_CONNECTION,
		    on_connection, &srv, MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
		    MHD_OPTION_UNESCAPE_CALLBACK, keep_raw, NULL,
		    MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, MHD_OPTION_END);
		if (!d[started])
			break;
		/* Port 0 (any free port): the others listen on the one the first was given. */
		const union MHD_DaemonInfo *di =
		    started == 0 ? MHD_get_daemon_info(d[0], MHD_DAEMON_INFO_BIND_PORT) : NULL;
		if (di && ss.ss_family == AF_INET)
			((struct sockaddr_in *)(void *)&ss)->sin_port = htons(di->port);
		else if (di && ss.ss_family == AF_INET6)
			((struct sockaddr_in6 *)(void *)&ss)->sin6_port = htons(di->port);
	}
	if (started < threads) {
		int e = errno ? errno : EADDRINUSE;
		while (started > 0)
			MHD_stop_daemon(d[--started]);
		peers_free(srv.peers);
		http_lib_errors_on(NULL, NULL);
		buf_printf(err, "cannot listen on %s: %s (is another server using the port?)",
			   cfg->listen, strerror(e));
		return -1;
	}
	log_info("listening on http://%s (%u thread%s)", cfg->listen, threads,
		 threads == 1 ? "" : "s");
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGHUP);
	int sig = 0;
	for (;;) {
		struct timespec tick = {1, 0};
		sig = sigtimedwait(&s, NULL, &tick);
		if (sig == SIGHUP)
			log_reopen(); /* systemctl reload, logrotate */
		else if (sig > 0)
			break;
		log_flush(); /* access-log lines, at most a second late */
	}
	log_info("stopping on signal %d: finishing requests in flight", sig);
	/* Not MHD_quiesce_daemon: with a thread pool and epoll, 0.9.75 can abort in it. New
	 * requests get 503 while the ones in flight finish. */
	atomic_store(&srv.stopping, true);
	wait_idle(&srv);
	for (unsigned i = 0; i < threads; i++)
		MHD_stop_daemon(d[i]);
	peers_free(srv.peers);
	http_lib_errors_on(NULL, NULL);
	log_flush();
	return 0;
}
