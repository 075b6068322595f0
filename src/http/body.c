/* Request bodies as they arrive: kept in memory within a shared budget, streamed to an unlinked
 * temporary file (then mapped read-only), or dropped. */
#include "http/http-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/log.h"

size_t body_grown(size_t cap, size_t need)
{
	size_t c = cap ? cap : 64;
	while (c < need)
		c *= 2;
	return c;
}

bool body_reserve(struct body_budget *bb, struct body *b, size_t n)
{
	size_t used = atomic_load(&bb->used);
	do {
		if (n > bb->max || used > bb->max - n)
			return false;
	} while (!atomic_compare_exchange_weak(&bb->used, &used, used + n));
	b->reserved += n;
	return true;
}

bool body_fits(struct body_budget *bb, struct body *b, size_t cap)
{
	if (cap <= BODY_SMALL || cap <= b->reserved)
		return true;
	return body_reserve(bb, b, cap - b->reserved);
}

void body_release(struct body_budget *bb, struct body *b, struct buf *data)
{
	if (b->mapped)
		munmap(data->data, data->len + 1);
	else
		buf_free(data);
	*data = (struct buf)BUF_INIT;
	b->mapped = false;
	atomic_fetch_sub(&bb->used, b->reserved);
	b->reserved = 0;
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
}

/* Opens the unlinked file a streamed body goes to. Returns 0 or -1. */
static int body_file(struct body *b)
{
	const char *dir = b->tmp_dir && *b->tmp_dir ? b->tmp_dir : "/tmp";
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/gazette-body-XXXXXX", dir);
	b->fd = mkstemp(path.data); /* 0600; unlinked at once, so nothing is left behind */
	if (b->fd < 0) {
		log_error("http: cannot make a temporary file in '%s': %s", dir, strerror(errno));
	} else {
		unlink(path.data);
		fcntl(b->fd, F_SETFD, FD_CLOEXEC);
	}
	buf_free(&path);
	return b->fd < 0 ? -1 : 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

enum http_bad body_take(struct body_budget *bb, struct body *b, struct buf *data, const char *p,
			size_t n)
{
	enum http_bad bad = HTTP_BAD_NONE;
	if (b->discard)
		return bad;
	if (n > b->rule.max - b->received) {
		bad = HTTP_BAD_TOO_LARGE;
	} else if (b->rule.to_file) {
		if ((b->fd < 0 && body_file(b) != 0) || write_all(b->fd, p, n) != 0)
			bad = HTTP_BAD_BUSY;
	} else if (!body_fits(bb, b, body_grown(data->cap, b->received + n + 1))) {
		bad = HTTP_BAD_BUSY; /* a chunked body past the budget */
	} else {
		buf_append(data, p, n);
	}
	b->received += n;
	if (bad) {
		body_release(bb, b, data);
		b->discard = true;
	}
	return bad;
}

int body_map(struct body *b, struct buf *data)
{
	if (b->fd < 0 || b->received == 0)
		return 0;
	if (write_all(b->fd, "", 1) != 0)
		return -1;
	void *m = mmap(NULL, b->received + 1, PROT_READ, MAP_PRIVATE, b->fd, 0);
	if (m == MAP_FAILED)
		return -1;
	*data = (struct buf){m, b->received, 0};
	b->mapped = true;
	return 0;
}
