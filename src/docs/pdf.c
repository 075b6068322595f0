/* The text of a PDF, page by page, with poppler-glib, in a short-lived child process that the
 * caller kills at the time budget: poppler cannot be interrupted inside a page, and one page can
 * inflate to gigabytes of drawing operators. */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <poppler.h>

#include "core/log.h"
#include "docs/docs-int.h"

#if defined(__SANITIZE_ADDRESS__)
#define GZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GZ_ASAN 1
#endif
#endif

static long budget_ms = DOC_MAX_MS;
static bool in_process;

void doc_pdf_tune(long ms, bool here)
{
	budget_ms = ms;
	in_process = here;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum doc_rc open_error(GError *err)
{
	enum doc_rc rc = DOC_DAMAGED;
	if (err && g_error_matches(err, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
		rc = DOC_ENCRYPTED;
	if (err)
		g_error_free(err);
	return rc;
}

/* Appends page i's text and a newline; false when the text limit is reached. */
static bool page_text(PopplerDocument *d, int i, size_t base, size_t max, struct buf *out)
{
	PopplerPage *page = poppler_document_get_page(d, i);
	if (!page)
		return true;
	char *text = poppler_page_get_text(page);
	bool more = true;
	if (text && text[0]) {
		more = doc_append_capped(out, base, max, text, strlen(text)) &&
		       doc_append_capped(out, base, max, "\n", 1);
	}
	g_free(text);
	g_object_unref(page);
	return more;
}

static bool write_all(int fd, const char *p, size_t n);

/* The text, in this process; the deadline is checked between pages only. With fd >= 0 (the
 * child) each page's text is written there as soon as it is read, so that the pages read before
 * the child is killed are not lost. */
static enum doc_rc text_here(const void *data, size_t len, size_t max, long long deadline,
			     struct buf *out, int fd)
{
	GError *err = NULL;
	GBytes *bytes = g_bytes_new_static(data, len);
	PopplerDocument *d = poppler_document_new_from_bytes(bytes, NULL, &err);
	g_bytes_unref(bytes);
	if (!d)
		return open_error(err);
	int n = poppler_document_get_n_pages(d);
	enum doc_rc rc = n > 0 ? DOC_OK : DOC_DAMAGED;
	size_t base = out->len, sent = base;
	for (int i = 0; i < n && i < DOC_MAX_PAGES; i++) {
		if (now_ms() > deadline) {
			rc = DOC_TIMEOUT;
			break;
		}
		bool more = page_text(d, i, base, max, out);
		if (fd >= 0 && out->len > sent &&
		    !write_all(fd, out->data + sent, out->len - sent)) {
			rc = DOC_DAMAGED;
			break;
		}
		sent = out->len;
		if (!more)
			break;
	}
	g_object_unref(d);
	return rc;
}

/* ---- the child ------------------------------------------------------------------------ */

/* The child's limits: CPU seconds (SIGKILL past them, should the parent not be there to kill
 * it), and address space beyond what it shares with the server. Not under AddressSanitizer,
 * whose shadow memory is terabytes of address space. */
static void child_limits(void)
{
	rlim_t cpu = (rlim_t)(budget_ms / 1000 + 2);
	struct rlimit r = {cpu, cpu};
	setrlimit(RLIMIT_CPU, &r);
#ifndef GZ_ASAN
	unsigned long pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f && fscanf(f, "%lu", &pages) != 1)
		pages = 0;
	if (f)
		fclose(f);
	rlim_t as = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + DOC_PDF_MEMORY;
	r = (struct rlimit){as, as};
	if (pages)
		setrlimit(RLIMIT_AS, &r);
#endif
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		p += k;
		n -= (size_t)k;
	}
	return true;
}

/*
 * The forked child: reads the text, writes it to fd and exits with the doc_rc as its status.
 * The server is threaded, and the child holds only the thread that forked: it calls nothing but
 * poppler and GLib (no logging, no store), and leaves by _exit (no atexit handlers, no stdio
 * flush). Should another thread have held one of GLib's locks at the fork, the child blocks on
 * it and is killed at the budget like a slow file.
 */
static _Noreturn void child_main(int fd, const void *data, size_t len, size_t max,
				 long long deadline)
{
	child_limits();
	struct buf text = BUF_INIT;
	_exit((int)text_here(data, len, max, deadline, &text, fd));
}

/* ---- the parent ----------------------------------------------------------------------- */

enum got { GOT_ALL, GOT_LATE, GOT_BAD };

/* Reads what the child writes until it closes the pipe: GOT_LATE at the deadline, GOT_BAD on an
 * error or more than max bytes. */
static enum got read_child(int fd, long long deadline, size_t max, struct buf *text)
{
	char chunk[65536];
	for (;;) {
		long long left = deadline - now_ms();
		if (left <= 0)
			return GOT_LATE;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (r == 0)
			return GOT_LATE;
		ssize_t n = r < 0 ? -1 : read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 ? GOT_ALL : GOT_BAD;
		if ((size_t)n > max - text->len)
			return GOT_BAD;
		buf_append(text, chunk, (size_t)n);
	}
}

/* Waits for the child until the deadline, SIGKILL then; its wait status, *killed when it had to
 * be killed. */
static int reap(pid_t pid, long long deadline, bool *killed)
{
	int st = 0;
	for (;;) {
		pid_t r = waitpid(pid, &st, *killed ? 0 : WNOHANG);
		if (r == pid)
			return st;
		if (r < 0 && errno != EINTR)
			return -1;
		if (r == 0 && now_ms() >= deadline) {
			kill(pid, SIGKILL);
			*killed = true;
		} else if (r == 0) {
			struct timespec ts = {0, 2 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
	}
}

/* What the child's end says, when it was not killed here: its own result, or the CPU time
 * (RLIMIT_CPU) or memory it ran out of. */
static enum doc_rc child_rc(int st)
{
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) < DOC_RC_MAX)
		return (enum doc_rc)WEXITSTATUS(st);
	if (st != -1 && WIFSIGNALED(st) && (WTERMSIG(st) == SIGXCPU || WTERMSIG(st) == SIGKILL))
		return DOC_TIMEOUT;
	return DOC_DAMAGED; /* a crash, or poppler aborting out of memory */
}

/* Held from a pipe's creation to the closing of its write end here, so that no other
 * extraction's child inherits that end and keeps the pipe open past this child's exit. */
static pthread_mutex_t fork_lock = PTHREAD_MUTEX_INITIALIZER;

/* Forks the child; its pid (-1 with errno set) and the read end of its pipe. */
static pid_t start_child(const void *data, size_t len, size_t max, long long deadline, int *rfd)
{
	int fds[2] = {-1, -1};
	pthread_mutex_lock(&fork_lock);
	pid_t pid = pipe2(fds, O_CLOEXEC) == 0 ? fork() : -2;
	if (pid == 0) {
		close(fds[0]);
		child_main(fds[1], data, len, max, deadline);
	}
	int saved = errno;
	if (pid != -2)
		close(fds[1]);
	pthread_mutex_unlock(&fork_lock);
	if (pid == -1)
		close(fds[0]);
	*rfd = fds[0];
	errno = saved;
	return pid < 0 ? -1 : pid;
}

static enum doc_rc text_child(const void *data, size_t len, size_t max, struct buf *out,
			      bool *forked)
{
	long long deadline = now_ms() + budget_ms;
	int fd;
	pid_t pid = start_child(data, len, max, deadline, &fd);
	*forked = pid > 0;
	if (pid < 0)
		return DOC_DAMAGED;
	struct buf text = BUF_INIT;
	enum got got = read_child(fd, deadline, max, &text);
	close(fd);
	bool killed = got != GOT_ALL;
	if (killed)
		kill(pid, SIGKILL);
	int st = reap(pid, deadline, &killed); /* killed too when it lingers past the deadline */
	enum doc_rc rc = got == GOT_BAD ? DOC_DAMAGED : killed ? DOC_TIMEOUT : child_rc(st);
	if ((rc == DOC_OK || rc == DOC_TIMEOUT) && text.len)
		doc_append_capped(out, out->len, max, text.data, text.len);
	buf_free(&text);
	return rc;
}

/* Out of time after some pages (a long report, a scanned book with a text layer, or a heavy
 * page further on): the file is kept with the text of the pages read, which is what the search
 * can have of it; out of time before any text: DOC_TIMEOUT, the upload is refused. */
enum doc_rc doc_pdf_text(const void *data, size_t len, size_t max, struct buf *out)
{
	bool forked = false;
	enum doc_rc rc = DOC_DAMAGED;
	size_t base = out->len;
	if (!in_process)
		rc = text_child(data, len, max, out, &forked);
	if (!forked) {
		if (!in_process)
			log_warn("cannot fork to read a PDF's text (%s): read in the server, "
				 "without a time limit inside a page",
				 strerror(errno));
		rc = text_here(data, len, max, now_ms() + budget_ms, out, -1);
	}
	if (rc == DOC_TIMEOUT && out->len > base) {
		log_info(
		    "a PDF's text was read for %.1f s, the time allowed: the %zu bytes of text "
		    "of the pages read are kept",
		    (double)budget_ms / 1000.0, out->len - base);
		rc = DOC_OK;
	}
	return rc;
}
