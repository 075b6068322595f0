/* The server's sandbox: no new privileges, Landlock on the file system, a seccomp allowlist. */
#define _GNU_SOURCE
#include "core/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define GZ_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define GZ_SANITIZER 1
#endif
#endif

/* ---- Landlock ---------------------------------------------------------------------------- */

#if defined(SYS_landlock_create_ruleset) && defined(SYS_landlock_add_rule) &&                      \
    defined(SYS_landlock_restrict_self)
#define GZ_HAVE_LANDLOCK 1
#endif

#ifdef GZ_HAVE_LANDLOCK
static int landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	return abi < 0 ? 0 : (int)abi;
}

/* The rights this build knows for the kernel's ABI version. */
static __u64 fs_rights(int abi)
{
	__u64 r = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
		  LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR |
		  LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
		  LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
		  LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
		  LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
		  LANDLOCK_ACCESS_FS_MAKE_SYM;
#ifdef LANDLOCK_ACCESS_FS_REFER
	if (abi >= 2)
		r |= LANDLOCK_ACCESS_FS_REFER;
#endif
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
	if (abi >= 3)
		r |= LANDLOCK_ACCESS_FS_TRUNCATE;
#endif
	return r;
}

/* Rights that apply to a file rather than a folder (others make landlock_add_rule fail). */
static __u64 file_rights(__u64 r)
{
	__u64 f = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
		  LANDLOCK_ACCESS_FS_READ_FILE;
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
	f |= LANDLOCK_ACCESS_FS_TRUNCATE;
#endif
	return r & f;
}

static int add_path(int ruleset, const char *path, __u64 rights, struct buf *err)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return 0; /* nothing there: nothing to allow */
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		close(fd);
		return 0;
	}
	struct landlock_path_beneath_attr attr = {
	    .allowed_access = S_ISDIR(sb.st_mode) ? rights : file_rights(rights),
	    .parent_fd = fd,
	};
	long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &attr, 0);
	close(fd);
	if (rc != 0) {
		buf_printf(err, "sandbox: Landlock refused a rule for '%s': %s", path,
			   strerror(errno));
		return -1;
	}
	return 0;
}

static int landlock_enter(const struct sandbox_config *cfg, int abi, struct buf *err)
{
	__u64 all = fs_rights(abi);
	struct landlock_ruleset_attr ra = {.handled_access_fs = all};
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
	if (ruleset < 0) {
		buf_printf(err, "sandbox: cannot create a Landlock rule set: %s", strerror(errno));
		return -1;
	}
	__u64 ro =
	    LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < cfg->nread_only; i++)
		rc = add_path(ruleset, cfg->read_only[i], ro, err);
	for (size_t i = 0; rc == 0 && i < cfg->nread_write; i++)
		rc = add_path(ruleset, cfg->read_write[i], all, err);
	if (rc == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
		buf_printf(err, "sandbox: Landlock could not be applied: %s", strerror(errno));
		rc = -1;
	}
	close(ruleset);
	return rc;
}
#endif

/* ---- seccomp ----------------------------------------------------------------------------- */

/* The flags of the C library's fork() (glibc's arch_fork). */
#define FORK_FLAGS (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD)

/* What the server, its libraries and the C library call. Names unknown to this kernel's table are
 * skipped. Everything else fails with EPERM. */
static const char *const allowed_calls[] = {
    /* files and descriptors */
    "read",
    "write",
    "readv",
    "writev",
    "pread64",
    "pwrite64",
    "preadv",
    "pwritev",
    "preadv2",
    "pwritev2",
    "open",
    "openat",
    "openat2",
    "close",
    "close_range",
    "dup",
    "dup2",
    "dup3",
    "stat",
    "fstat",
    "lstat",
    "newfstatat",
    "statx",
    "statfs",
    "fstatfs",
    "lseek",
    "fcntl",
    "flock",
    "fsync",
    "fdatasync",
    "sync_file_range",
    "ftruncate",
    "fallocate",
    "fadvise64",
    "access",
    "faccessat",
    "faccessat2",
    "readlink",
    "readlinkat",
    "getcwd",
    "getdents",
    "getdents64",
    "rename",
    "renameat",
    "renameat2",
    "unlink",
    "unlinkat",
    "mkdir",
    "mkdirat",
    "rmdir",
    "link",
    "linkat",
    "chmod",
    "fchmod",
    "fchmodat",
    "fchown",
    "umask",
    "utimensat",
    "sendfile",
    "copy_file_range",
    "splice",
    "ioctl",
    "pipe",
    "pipe2",
    "memfd_create",
    /* memory */
    "mmap",
    "munmap",
    "mprotect",
    "mremap",
    "madvise",
    "brk",
    "mincore",
    "mlock",
    "munlock",
    "membarrier",
    /* events and time */
    "select",
    "pselect6",
    "poll",
    "ppoll",
    "epoll_create",
    "epoll_create1",
    "epoll_ctl",
    "epoll_wait",
    "epoll_pwait",
    "epoll_pwait2",
    "eventfd",
    "eventfd2",
    "timerfd_create",
    "timerfd_settime",
    "timerfd_gettime",
    "nanosleep",
    "clock_nanosleep",
    "clock_gettime",
    "clock_getres",
    "gettimeofday",
    "time",
    "inotify_init1",
    "inotify_add_watch",
    "inotify_rm_watch",
    /* threads and signals */
    "futex",
    "futex_waitv",
    "set_robust_list",
    "get_robust_list",
    "set_tid_address",
    "rseq",
    "sched_yield",
    "sched_getaffinity",
    "sched_setaffinity",
    "sched_getparam",
    "sched_getscheduler",
    "sched_get_priority_min",
    "sched_get_priority_max",
    "getpriority",
    "setpriority",
    "rt_sigaction",
    "rt_sigprocmask",
    "rt_sigreturn",
    "rt_sigtimedwait",
    "rt_sigpending",
    "rt_sigsuspend",
    "rt_sigqueueinfo",
    "rt_tgsigqueueinfo",
    "sigaltstack",
    "tgkill",
    "tkill",
    "restart_syscall",
    "exit",
    "exit_group",
    "prctl",
    "arch_prctl",
    /* identity and limits */
    "getpid",
    "gettid",
    "getppid",
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getresuid",
    "getresgid",
    "getgroups",
    "uname",
    "getrandom",
    "prlimit64",
    "getrlimit",
    "getrusage",
    "sysinfo",
    "times",
    "capget",
    /* sockets (socket() itself is allowed below only for local and IP families) */
    "connect",
    "accept",
    "accept4",
    "bind",
    "listen",
    "shutdown",
    "sendto",
    "recvfrom",
    "sendmsg",
    "recvmsg",
    "sendmmsg",
    "recvmmsg",
    "getsockname",
    "getpeername",
    "setsockopt",
    "getsockopt",
    "socketpair",
    /* the child that reads a PDF's text (src/docs/pdf.c); fork itself and kill are below */
    "wait4",
    "waitid",
#ifdef GZ_SANITIZER
    /* LeakSanitizer stops the world with a traced helper at exit. */
    "ptrace",
    "wait4",
    "waitid",
    "process_vm_readv",
    "sched_setscheduler",
    "kill",
#endif
};

static int allow(scmp_filter_ctx ctx, const char *name, struct buf *err)
{
	int nr = seccomp_syscall_resolve_name(name);
	if (nr == __NR_SCMP_ERROR)
		return 0;
	int rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	if (rc != 0 && rc != -EEXIST) {
		buf_printf(err, "sandbox: seccomp rule for %s: %s", name, strerror(-rc));
		return -1;
	}
	return 0;
}

static int seccomp_enter(struct buf *err)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!ctx) {
		buf_puts(err, "sandbox: cannot start a seccomp filter");
		return -1;
	}
	int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	for (size_t i = 0; rc == 0 && i < sizeof allowed_calls / sizeof allowed_calls[0]; i++)
		rc = allow(ctx, allowed_calls[i], err);
	/* Threads, and the C library's fork() with exactly its flags (the PDF reader's child, which
	 * inherits this filter: it cannot execute anything either); no other clone (new
	 * namespaces, shared memory without a thread). clone3 says "not here" so that the C
	 * library falls back to clone(), whose flags a filter can see. */
	static const int families[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK};
	for (size_t i = 0; rc == 0 && i < sizeof families / sizeof families[0]; i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
				      SCMP_CMP(0, SCMP_CMP_EQ, (scmp_datum_t)families[i], 0));
#ifdef GZ_SANITIZER
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 0);
#else
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
				      SCMP_CMP(0, SCMP_CMP_MASKED_EQ, (scmp_datum_t)CLONE_THREAD,
					       (scmp_datum_t)CLONE_THREAD));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
				      SCMP_CMP(0, SCMP_CMP_EQ, (scmp_datum_t)FORK_FLAGS));
	/* kill() only to end a child: SIGKILL, to a pid that is not negative (another process
	 * group, or every process: -1) — the sign bit of the 32-bit pid, however the register was
	 * extended; a thread's signals go through tgkill */
	if (rc == 0)
		rc = seccomp_rule_add(
		    ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 2,
		    SCMP_CMP(0, SCMP_CMP_MASKED_EQ, (scmp_datum_t)0x80000000u, (scmp_datum_t)0),
		    SCMP_CMP(1, SCMP_CMP_EQ, (scmp_datum_t)SIGKILL));
#endif
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (rc == 0)
		rc = seccomp_load(ctx);
	if (rc != 0 && !err->len)
		buf_printf(err, "sandbox: cannot load the seccomp filter: %s", strerror(-rc));
	seccomp_release(ctx);
	return rc == 0 ? 0 : -1;
}

int sandbox_enter(const struct sandbox_config *cfg, struct sandbox_report *report, struct buf *err)
{
	memset(report, 0, sizeof(*report));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		buf_printf(err, "sandbox: cannot set no-new-privileges: %s", strerror(errno));
		return -1;
	}
#ifdef GZ_HAVE_LANDLOCK
	report->landlock_abi = landlock_abi();
	if (report->landlock_abi > 0 && landlock_enter(cfg, report->landlock_abi, err) != 0)
		return -1;
#else
	(void)cfg;
#endif
	if (seccomp_enter(err) != 0)
		return -1;
	report->seccomp = true;
	return 0;
}
