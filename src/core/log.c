/* Logging (log.h): error log lines "2026-11-29T01:02:03Z info message" on stderr or a file; the
 * access log's lines gathered per thread and written whole, many at a time, on an O_APPEND
 * descriptor, so that lines never interleave and the hot path makes no system call. */
#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static const char *const level_names[LOG_LEVEL_MAX] = {"debug", "info", "warn", "error"};

static char *error_file;          /* NULL: stderr as it came */
static char *access_file;         /* NULL: stdout or off */
static atomic_int access_fd = -1; /* -1: off */

void log_set_level(enum log_level level)
{
	min_level = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	if (level < min_level || level >= LOG_LEVEL_MAX)
		return;
	struct buf msg = BUF_INIT, b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char ts[32];
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_printf(&b, "%s %s ", ts, level_names[level]);
	/* One event, one line: control characters (a newline in a message) are escaped. */
	for (size_t i = 0; i < msg.len; i++) {
		unsigned char c = (unsigned char)msg.data[i];
		if (c == '\n')
			buf_puts(&b, "\\n");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(&b, "\\x%02x", c);
		else
			buf_putc(&b, (char)c);
	}
	buf_putc(&b, '\n');
	/* One write per line keeps lines from different threads whole. */
	ssize_t w = write(STDERR_FILENO, b.data, b.len);
	(void)w;
	buf_free(&msg);
	buf_free(&b);
}

static int open_append(const char *path, struct buf *err)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0 && err)
		buf_printf(err, "cannot open log file '%s': %s", path, strerror(errno));
	return fd;
}

int log_open(const char *error_path, const char *access_path, struct buf *err)
{
	if (error_path && *error_path) {
		int fd = open_append(error_path, err);
		if (fd < 0)
			return -1;
		dup2(fd, STDERR_FILENO);
		close(fd);
		free(error_file);
		error_file = strdup(error_path);
	}
	if (access_path && *access_path) {
		int fd =
		    strcmp(access_path, "-") == 0 ? STDOUT_FILENO : open_append(access_path, err);
		if (fd < 0)
			return -1;
		if (fd != STDOUT_FILENO) {
			free(access_file);
			access_file = strdup(access_path);
		}
		atomic_store(&access_fd, fd);
	}
	return 0;
}

void log_reopen(void)
{
	log_flush(); /* what was logged before goes to the old file */
	if (error_file) {
		int fd = open_append(error_file, NULL);
		if (fd >= 0) {
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
	}
	int cur = atomic_load(&access_fd);
	if (access_file && cur >= 0) {
		int fd = open_append(access_file, NULL);
		if (fd < 0) {
			log_error("cannot reopen the access log '%s': %s", access_file,
				  strerror(errno));
			return;
		}
		/* dup2 swaps the file under the same number: a thread writing meanwhile writes
		 * whole lines to one file or the other, never to a closed or reused descriptor. */
		dup2(fd, cur);
		close(fd);
	}
	log_info("log files reopened");
}

bool log_access_on(void)
{
	return atomic_load_explicit(&access_fd, memory_order_relaxed) >= 0;
}

/* Each thread appends its lines to a buffer of its own (its lock is taken by the flusher once a
 * second, so it is almost never contended); a full buffer, log_flush() and log_reopen() write it
 * out in one write(2) of whole lines. */
#define ACCESS_BUF 32768

struct abuf {
	pthread_mutex_t mu;
	size_t len;
	struct abuf *next;
	char data[ACCESS_BUF];
};

static pthread_mutex_t abufs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct abuf *abufs; /* every thread's, kept for the process's life */
static _Thread_local struct abuf *my_abuf;

static void abuf_write(struct abuf *b)
{
	int fd = atomic_load_explicit(&access_fd, memory_order_relaxed);
	if (b->len && fd >= 0) {
		ssize_t w = write(fd, b->data, b->len);
		(void)w;
	}
	b->len = 0;
}

void log_access(const char *line, size_t n)
{
	struct abuf *b = my_abuf;
	if (!b) {
		b = calloc(1, sizeof *b);
		if (!b)
			return;
		pthread_mutex_init(&b->mu, NULL);
		pthread_mutex_lock(&abufs_mu);
		b->next = abufs;
		abufs = b;
		pthread_mutex_unlock(&abufs_mu);
		my_abuf = b;
	}
	pthread_mutex_lock(&b->mu);
	if (b->len + n > ACCESS_BUF)
		abuf_write(b);
	if (n > ACCESS_BUF) {
		int fd = atomic_load_explicit(&access_fd, memory_order_relaxed);
		ssize_t w = fd >= 0 ? write(fd, line, n) : 0;
		(void)w;
	} else {
		memcpy(b->data + b->len, line, n);
		b->len += n;
	}
	pthread_mutex_unlock(&b->mu);
}

void log_flush(void)
{
	pthread_mutex_lock(&abufs_mu);
	for (struct abuf *b = abufs; b; b = b->next) {
		pthread_mutex_lock(&b->mu);
		abuf_write(b);
		pthread_mutex_unlock(&b->mu);
	}
	pthread_mutex_unlock(&abufs_mu);
}
