/*
 * Responses for shared bodies (the page cache's pages), prepared once and sent many times.
 *
 * Building an MHD response and adding its nine headers (each copied into MHD's own allocations)
 * cost about as much as the rest of a cached request, so every event thread keeps the last
 * responses it built for shared bodies and queues one again when the same bytes go out with the
 * same status and headers - as a static server re-uses its prepared reply. An entry holds its own
 * reference to the body so the pointer cannot be reused for other bytes while the entry lives; it
 * is replaced when another body hashes to its slot, and freed when the thread ends.
 *
 * A body sent from memory is copied by the kernel into the socket on every request: for a 22 KB
 * article page that copy was a quarter of the server's CPU time per cached request (perf,
 * docs/BENCHMARKS.md). So once an entry's response has gone out SENDFILE_AFTER times, and its body
 * is at least SENDFILE_MIN bytes, the entry is rebuilt from an unlinked file holding the same bytes
 * (O_TMPFILE in the temporary directory, else a sealed memfd), and libmicrohttpd sends the body
 * with sendfile(2), page references instead of a copy, as nginx does for a static file. Only hot
 * entries get a file (16 slots per thread at most), so the long tail of pages costs nothing more.
 *
 * libmicrohttpd 0.9.75 sends the headers of such a response with send() and no MSG_MORE, then the
 * body with sendfile(): with TCP_NODELAY (which it sets) that is two TCP segments, and the second
 * segment's cost ate the gain (measured: 7.2 us per request instead of 7.0 from memory). The
 * library calls send() through its PLT, so the definition of send() below takes its calls: for the
 * one socket this thread has just queued a file response on (a GET: a HEAD sends no body), the
 * headers go with MSG_MORE and leave in one segment with the body that sendfile() appends; every
 * other call, of any library, goes to the C library's send() unchanged. The mark is cleared by its
 * first send(), by the next request this thread answers and when the connection closes, so it
 * cannot hold back anything but those headers. If a later build of the library stops calling
 * send() through its PLT, the headers simply go in a segment of their own again
 * (tests/http/test_hot_pages.py checks the answers, not the segments).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "http/http-int.h"

#define PREPARED_SLOTS 16
#define SENDFILE_MIN (8u * 1024)
#define SENDFILE_AFTER 8u

struct prepared {
	const void *shared; /* NULL: empty slot */
	size_t len;
	int status;
	char *sig; /* content type, then name, value of each header, NUL-separated */
	size_t sig_len;
	struct MHD_Response *r;
	unsigned uses;          /* times r was queued again */
	time_t date_s;          /* the second r's Date header gives */
	char date[40];          /* that header's value */
	struct http_resp *keep; /* file response: the slot's reference to the bytes */
};

static pthread_key_t prepared_key;
static pthread_once_t prepared_once = PTHREAD_ONCE_INIT;

static void release_shared(void *cls)
{
	struct http_resp *r = cls;
	r->shared_release(r->shared_cls);
	free(r);
}

static void slot_clear(struct prepared *s)
{
	if (s->r) {
		MHD_destroy_response(s->r);
		free(s->sig);
	}
	if (s->keep)
		release_shared(s->keep);
	memset(s, 0, sizeof(*s));
}

static void prepared_free(void *p)
{
	struct prepared *slots = p;
	for (size_t i = 0; i < PREPARED_SLOTS; i++)
		slot_clear(&slots[i]);
	free(slots);
}

static void prepared_init(void)
{
	pthread_key_create(&prepared_key, prepared_free);
}

static struct prepared *prepared_slot(const void *shared)
{
	pthread_once(&prepared_once, prepared_init);
	struct prepared *slots = pthread_getspecific(prepared_key);
	if (!slots) {
		slots = xcalloc(PREPARED_SLOTS, sizeof(*slots));
		pthread_setspecific(prepared_key, slots);
	}
	uintptr_t h = (uintptr_t)shared;
	return &slots[(h >> 4 ^ h >> 12) % PREPARED_SLOTS];
}

static void add_header(struct MHD_Response *r, const char *name, const char *value)
{
	if (!strpbrk(value, "\r\n")) {
		MHD_add_response_header(r, name, value);
		return;
	}
	struct buf b = BUF_INIT;
	for (const char *p = value; *p; p++)
		if (*p != '\r' && *p != '\n')
			buf_putc(&b, *p);
	MHD_add_response_header(r, name, buf_cstr(&b));
	buf_free(&b);
}

void http_add_headers(struct MHD_Response *r, const struct http_resp *resp)
{
	if (resp->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
	for (size_t i = 0; i < resp->nheaders; i++)
		add_header(r, resp->headers[i].name, resp->headers[i].value);
}

/* The headers as one string, the way they are sent (CR and LF dropped as add_header does). */
static void signature(const struct http_resp *resp, struct buf *b)
{
	buf_puts(b, resp->content_type ? resp->content_type : "");
	buf_putc(b, '\0');
	for (size_t i = 0; i < resp->nheaders; i++) {
		buf_puts(b, resp->headers[i].name);
		buf_putc(b, '\0');
		for (const char *v = resp->headers[i].value; *v; v++)
			if (*v != '\r' && *v != '\n')
				buf_putc(b, *v);
		buf_putc(b, '\0');
	}
}

/* True when resp has exactly the headers of sig, compared in place (no copy). */
static bool same_headers(const struct http_resp *resp, const char *sig, size_t sig_len)
{
	const char *s = sig, *end = sig + sig_len;
	const char *ct = resp->content_type ? resp->content_type : "";
	size_t n = strlen(ct);
	if ((size_t)(end - s) <= n || memcmp(s, ct, n + 1) != 0)
		return false;
	s += n + 1;
	for (size_t i = 0; i < resp->nheaders; i++) {
		const char *parts[2] = {resp->headers[i].name, resp->headers[i].value};
		for (int k = 0; k < 2; k++) {
			n = strlen(parts[k]);
			if ((size_t)(end - s) <= n || memcmp(s, parts[k], n + 1) != 0)
				return false;
			s += n + 1;
		}
	}
	return s == end;
}

static const char *file_dir = "/tmp";

/* A file holding data, unlinked from the start (O_TMPFILE in the temporary directory: on ext4 its
 * page cache serves sendfile faster than a memfd's shmem, measured 5.7 against 6.0 us a request),
 * else a sealed memfd; -1 when neither can be made. */
static int body_file(const void *data, size_t len)
{
	bool sealed = false;
	int fd = open(file_dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		fd = memfd_create("gazette-page", MFD_CLOEXEC | MFD_ALLOW_SEALING);
		sealed = true;
	}
	if (fd < 0)
		return -1;
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, (const char *)data + done, len - done);
		if (w <= 0)
			goto fail;
		done += (size_t)w;
	}
	if (sealed &&
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

/* ---------------------------------------------------------------- the headers' MSG_MORE */

typedef ssize_t (*send_fn)(int fd, const void *buf, size_t len, int flags);
static send_fn real_send;
static _Thread_local int more_fd1; /* the marked socket plus one; 0: none */

static int send_lookup(void)
{
	if (!real_send)
		*(void **)&real_send = dlsym(RTLD_NEXT, "send");
	return real_send ? 0 : -1;
}

int http_prepared_init(const char *tmp_dir)
{
	if (tmp_dir && *tmp_dir)
		file_dir = tmp_dir;
	return send_lookup();
}

void http_more_clear(int fd)
{
	if (fd < 0 || more_fd1 == fd + 1)
		more_fd1 = 0;
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	if (!real_send && send_lookup() != 0)
		return -1;
	if (more_fd1 && more_fd1 == fd + 1) {
		more_fd1 = 0;
		flags |= MSG_MORE;
	}
	return real_send(fd, buf, len, flags);
}

static void mark_more(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci && ci->connect_fd >= 0)
		more_fd1 = ci->connect_fd + 1;
}

/* Rebuilds the slot's response from a file of its bytes, taking the request's reference (resp)
 * as the slot's own. Returns false (nothing changed) when it cannot. */
static bool slot_to_file(struct prepared *s, struct http_resp *resp)
{
	int fd = body_file(resp->shared, resp->shared_len);
	if (fd < 0)
		return false;
	struct MHD_Response *r = MHD_create_response_from_fd_at_offset64(resp->shared_len, fd, 0);
	if (!r) {
		close(fd);
		return false;
	}
	http_add_headers(r, resp);
	MHD_destroy_response(s->r); /* its release callback drops the old reference */
	s->r = r;
	s->date[0] = '\0';
	s->keep = xmalloc(sizeof(*s->keep));
	*s->keep = *resp;
	return true;
}

/* The Date header of a prepared response, set by us: libmicrohttpd then adds none of its own, whose
 * gmtime_r (glibc takes its time zone lock) and formatting cost 2 % of a cached request. It is
 * brought up to date when the second changes; a response is sent by the thread that queued it,
 * and its headers are copied into the connection's buffer before the thread answers anything
 * else, so changing them between two requests is safe. */
static void slot_date(struct prepared *s)
{
	time_t now = time(NULL);
	if (now == s->date_s && s->date[0])
		return;
	struct tm tm;
	char v[sizeof s->date];
	if (!gmtime_r(&now, &tm) || strftime(v, sizeof v, "%a, %d %b %Y %H:%M:%S GMT", &tm) == 0)
		return;
	if (s->date[0])
		MHD_del_response_header(s->r, MHD_HTTP_HEADER_DATE, s->date);
	if (MHD_add_response_header(s->r, MHD_HTTP_HEADER_DATE, v) == MHD_YES) {
		memcpy(s->date, v, sizeof v);
		s->date_s = now;
	} else {
		s->date[0] = '\0'; /* the library adds its own */
	}
}

enum MHD_Result http_send_shared(struct MHD_Connection *conn, struct http_resp *resp, bool head)
{
	struct prepared *slot = prepared_slot(resp->shared);
	if (slot->shared == resp->shared && slot->len == resp->shared_len &&
	    slot->status == resp->status && same_headers(resp, slot->sig, slot->sig_len)) {
		if (!slot->keep && ++slot->uses >= SENDFILE_AFTER && slot->len >= SENDFILE_MIN &&
		    slot_to_file(slot, resp)) {
			/* resp's reference is now the slot's */
		} else {
			/* The slot's response holds its own reference to these bytes. */
			resp->shared_release(resp->shared_cls);
		}
		slot_date(slot);
		if (slot->keep && !head)
			mark_more(conn);
		return http_queue(conn, (unsigned)resp->status, slot->r);
	}
	/* The release callback needs the function and its argument after this frame is gone. */
	struct http_resp *keep = xmalloc(sizeof(*keep));
	*keep = *resp;
	struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback_cls(
	    resp->shared_len, (void *)(uintptr_t)resp->shared, release_shared, keep);
	if (!r) {
		free(keep);
		resp->shared_release(resp->shared_cls);
		return MHD_NO;
	}
	http_add_headers(r, resp);
	enum MHD_Result ret = http_queue(conn, (unsigned)resp->status, r);
	if (ret != MHD_YES) {
		MHD_destroy_response(r);
		return ret;
	}
	/* Keep it for the next request of the same bytes; drop what the slot held. */
	slot_clear(slot);
	struct buf sig = BUF_INIT;
	signature(resp, &sig);
	slot->shared = resp->shared;
	slot->len = resp->shared_len;
	slot->status = resp->status;
	slot->sig_len = sig.len;
	slot->sig = buf_detach(&sig);
	slot->r = r;
	return ret;
}
