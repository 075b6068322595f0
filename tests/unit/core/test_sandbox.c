/* The server's sandbox (src/core/sandbox.c): each case forks a child that enters the sandbox and
 * reports, through its exit status, the first check that did not behave. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/sandbox.h"

/* Sanitizer builds allow a plain clone() (LeakSanitizer's helper at exit needs it). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZER_BUILD 1
#else
#define SANITIZER_BUILD 0
#endif

static char root[64]; /* a temporary folder: rw/ writable, ro/ readable, out/ not named at all */

static void *thread_main(void *arg)
{
	*(int *)arg = 42;
	return NULL;
}

/* Runs in the child: returns 0 when everything behaved, else the number of the failed check. */
static int child(void)
{
	char rw[96], ro[96], out[96], path[128];
	snprintf(rw, sizeof rw, "%s/rw", root);
	snprintf(ro, sizeof ro, "%s/ro", root);
	snprintf(out, sizeof out, "%s/out", root);
	const char *ros[] = {"/usr", "/etc", "/lib", "/lib64", "/proc", "/dev", ro};
	const char *rws[] = {rw};
	struct sandbox_config cfg = {ros, sizeof ros / sizeof ros[0], rws, 1};
	struct sandbox_report rep;
	struct buf err = BUF_INIT;
	if (sandbox_enter(&cfg, &rep, &err) != 0) {
		fprintf(stderr, "sandbox_enter: %s\n", buf_cstr(&err));
		return 1;
	}
	if (!rep.seccomp)
		return 2;
	/* Allowed: threads, files in the writable folder, reading the read-only one, IP sockets. */
	pthread_t t;
	int seen = 0;
	if (pthread_create(&t, NULL, thread_main, &seen) != 0 || pthread_join(t, NULL) != 0 ||
	    seen != 42)
		return 3;
	snprintf(path, sizeof path, "%s/file", rw);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "x", 1) != 1 || close(fd) != 0)
		return 4;
	snprintf(path, sizeof path, "%s/readme", ro);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 5;
	close(fd);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return 6;
	close(s);
	/* Refused: running a program, a new process, raw sockets. */
	/* (Were exec allowed, the shell would exit with 77, which the parent reports.) */
	char *const argv[] = {"/bin/sh", "-c", "exit 77", NULL};
	errno = 0;
	if (execv("/bin/sh", argv) != -1 || errno != EPERM)
		return 7;
	/* A plain fork is allowed (the PDF reader's child), killed with SIGKILL and waited for;
	 * its child cannot execute anything either. Any other clone and any other signal sent
	 * with kill() are refused. */
	pid_t pid = fork();
	if (pid == 0) {
		execv("/bin/sh", argv);
		_exit(errno == EPERM ? 0 : 12);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return 8;
	pid = fork();
	if (pid == 0)
		pause();
	if (pid < 0 || kill(pid, SIGKILL) != 0 || waitpid(pid, &st, 0) != pid || !WIFSIGNALED(st))
		return 13;
	if (!SANITIZER_BUILD) {
		errno = 0;
		if (syscall(SYS_clone, (long)(CLONE_NEWUSER | SIGCHLD), 0L, 0L, 0L, 0L) != -1 ||
		    errno != EPERM)
			return 14;
		errno = 0;
		if (kill(getpid(), SIGCONT) != -1 || errno != EPERM)
			return 15;
		/* SIGKILL to a group or to all: refused (a group that does not exist: ESRCH if
		 * the filter let it through) */
		errno = 0;
		if (kill(-999999, SIGKILL) != -1 || errno != EPERM)
			return 16;
	}
	errno = 0;
	if (socket(AF_PACKET, SOCK_RAW, 0) != -1 || errno != EPERM)
		return 9;
	/* Refused where the kernel has Landlock: writing beside the allowed folders, or into the
	 * read-only one. */
	if (rep.landlock_abi > 0) {
		snprintf(path, sizeof path, "%s/file", out);
		if (open(path, O_CREAT | O_WRONLY, 0600) != -1 || errno != EACCES)
			return 10;
		snprintf(path, sizeof path, "%s/new", ro);
		if (open(path, O_CREAT | O_WRONLY, 0600) != -1 || errno != EACCES)
			return 11;
	}
	return 0;
}

static void test_sandbox(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/gz-sandbox-XXXXXX");
	assert_non_null(mkdtemp(root));
	char path[128];
	const char *dirs[] = {"rw", "ro", "out"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
		assert_int_equal(mkdir(path, 0700), 0);
	}
	snprintf(path, sizeof path, "%s/ro/readme", root);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("hello\n", f);
	fclose(f);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child());
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		fail_msg("expected exec to be refused, got a shell running inside the sandbox");
	if (WEXITSTATUS(status) != 0)
		fail_msg("sandbox check %d did not behave (see test_sandbox.c)",
			 WEXITSTATUS(status));
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_sandbox)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
