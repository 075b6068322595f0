/* `gazette backup`: a consistent online copy of the database. */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "core/buf.h"

extern char **environ;

static int usage(void)
{
	fputs("usage: gazette backup --db DB DEST\n", stderr);
	return EXIT_USAGE;
}

/* PostgreSQL: pg_dump in its custom format, restorable with pg_restore. */
static int pg_backup(const char *url, const char *dest)
{
	char *argv[] = {"pg_dump",  "--format=custom", "--file", (char *)dest,
			"--dbname", (char *)url,       NULL};
	pid_t pid;
	int rc = posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ);
	if (rc != 0)
		return cmd_fail("cannot run pg_dump (%s): install postgresql-client", strerror(rc));
	int status = 0;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return cmd_fail("pg_dump failed; nothing was written to '%s'", dest);
	fprintf(stderr, "gazette: backup written to %s (pg_dump custom format)\n", dest);
	return EXIT_OK;
}

int cmd_backup(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else
			return usage();
	}
	if (optind != argc - 1)
		return usage();
	const char *dest = argv[optind], *url = cmd_db_url(db);
	struct stat sb;
	if (stat(dest, &sb) == 0)
		return cmd_fail("'%s' exists already: give a new file name", dest);
	if (url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0))
		return pg_backup(url, dest);
	struct store *st = cmd_open_store(url, false);
	if (!st)
		return EXIT_FAIL;
	struct buf err = BUF_INIT;
	double t0 = cmd_now_seconds();
	mode_t old = umask(077); /* the copy is as private as the database */
	int rc =
	    store_backup(st, dest, &err) == STORE_OK ? EXIT_OK : cmd_fail("%s", buf_cstr(&err));
	umask(old);
	if (rc == EXIT_OK)
		fprintf(stderr, "gazette: backup written to %s in %.1f s\n", dest,
			cmd_now_seconds() - t0);
	buf_free(&err);
	store_close(st);
	return rc;
}
