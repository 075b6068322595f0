/* The server's sandbox: what `gazette serve` gives up once it knows its paths.
 *
 * sandbox_enter() sets no-new-privileges, then, where the kernel has Landlock, limits the file
 * system to the folders named (read-only or read-write), then installs a seccomp filter
 * (libseccomp) that allows only the system calls a threaded network server with SQLite, libpq,
 * libvips and GLib makes. A call outside the list fails with EPERM (nothing in Gazette makes one:
 * no exec, no ptrace, no mount, no module loading, no raw sockets, no clone but threads and the C
 * library's plain fork, whose child inherits the filter; kill only with SIGKILL: the PDF reader's
 * child, src/docs/pdf.c). Call it before any
 * thread starts: Landlock binds only the calling thread and the threads it creates later.
 */
#ifndef GZ_CORE_SANDBOX_H
#define GZ_CORE_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

struct sandbox_config {
	const char *const *read_only; /* folders or files readable (and traversable) */
	size_t nread_only;
	const char *const *read_write; /* folders or files readable and writable */
	size_t nread_write;
};

struct sandbox_report {
	int landlock_abi; /* 0 when the kernel has no Landlock (the file system is then not limited)
			   */
	bool seccomp;
};

/* Returns 0 with *report filled in, or -1 with a one-line reason in err (the process is then
 * partly sandboxed and should stop). Paths that do not exist are skipped. */
int sandbox_enter(const struct sandbox_config *cfg, struct sandbox_report *report, struct buf *err);

#endif
