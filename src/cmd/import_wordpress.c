/* `gazette import-wordpress`: a WXR export into the store, all or nothing, re-runnable. */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import/wordpress.h"
#include "import/wproles.h"
#include "import/writer.h"
#include "media/media.h"

static int usage(void)
{
	fputs("usage: gazette import-wordpress --db DB [--uploads DIR] [--media DIR] [--old-base "
	      "URL]\n"
	      "                                [--skip-missing-media] [--no-fix-encoding] [--menu "
	      "NAME]\n"
	      "                                [--roles-from DUMP.sql [--table-prefix wp_]] "
	      "FILE.xml\n",
	      stderr);
	return EXIT_USAGE;
}

static void on_tick(void *pctx, long long items)
{
	cmd_progress_update(pctx, items, 0, "items");
}

/* The media folder: --media, else "media" beside an SQLite database (made when missing). */
char *import_media_dir(const char *flag, const char *db)
{
	struct stat sb;
	if (flag)
		return stat(flag, &sb) == 0 && S_ISDIR(sb.st_mode) ? xstrdup(flag) : NULL;
	if (!db || strncmp(db, "postgres", 8) == 0)
		return NULL;
	const char *path = strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db;
	const char *slash = strrchr(path, '/');
	struct buf b = BUF_INIT;
	if (slash)
		buf_append(&b, path, (size_t)(slash - path + 1));
	buf_puts(&b, "media");
	if ((mkdir(buf_cstr(&b), 0750) != 0 && errno != EEXIST) || stat(buf_cstr(&b), &sb) != 0 ||
	    !S_ISDIR(sb.st_mode)) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* Runs fn inside one transaction; prints the report or why nothing was written. */
int import_transaction(struct store *st, struct import_writer *w, const char *label,
		       int (*fn)(void *ctx, struct store *tx, struct buf *err), void *ctx)
{
	struct buf err = BUF_INIT;
	double t0 = cmd_now_seconds();
	int code = EXIT_OK;
	struct store *tx = NULL;
	if (store_begin(st, &tx) != STORE_OK) {
		buf_free(&err);
		return cmd_fail(
		    "cannot start a transaction: is the database locked or unavailable?");
	}
	iw_set_store(w, tx); /* every write of the import is part of the transaction */
	if (fn(ctx, tx, &err) != 0) {
		store_rollback(tx);
		iw_discard_files(w);
		fprintf(stderr, "%s\ngazette: nothing imported\n", buf_cstr(&err));
		code = EXIT_FAIL;
	} else if (store_commit(tx) != STORE_OK) {
		iw_discard_files(w);
		code = cmd_fail("nothing imported: the database refused the commit");
	} else {
		iw_report(w, stdout, label, cmd_now_seconds() - t0);
		cmd_search_merge(st, false);
	}
	iw_set_store(w, st);
	buf_free(&err);
	return code;
}

struct wp_job {
	struct import_writer *w;
	struct store *st;
	struct wp_opts o;
	struct progress prog;
};

static int wp_job_run(void *ctx, struct store *tx, struct buf *err)
{
	struct wp_job *j = ctx;
	j->st = tx;
	cmd_progress_start(&j->prog, 0);
	int rc = wp_import(j->w, j->st, &j->o, err);
	cmd_progress_end(&j->prog);
	return rc;
}

int cmd_import_wordpress(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"uploads", required_argument, NULL, 'u'},
						 {"media", required_argument, NULL, 'm'},
						 {"old-base", required_argument, NULL, 'b'},
						 {"roles-from", required_argument, NULL, 'r'},
						 {"table-prefix", required_argument, NULL, 'p'},
						 {"skip-missing-media", no_argument, NULL, 's'},
						 {"no-fix-encoding", no_argument, NULL, 'n'},
						 {"menu", required_argument, NULL, 'M'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL, *media = NULL, *roles_from = NULL, *prefix = "wp_";
	struct iw_opts io = {.source = "wp", .fix_encoding = true};
	struct wp_job job = {0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'u')
			io.uploads = optarg;
		else if (c == 'm')
			media = optarg;
		else if (c == 'b')
			job.o.old_base = optarg;
		else if (c == 'r')
			roles_from = optarg;
		else if (c == 'p')
			prefix = optarg;
		else if (c == 's')
			io.skip_missing_media = true;
		else if (c == 'n')
			io.fix_encoding = false;
		else if (c == 'M')
			job.o.menu = optarg;
		else
			return usage();
	}
	if (optind != argc - 1)
		return usage();
	job.o.path = job.o.label = argv[optind];
	struct stat sb;
	if (stat(job.o.path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return cmd_fail("cannot read '%s': %s", job.o.path,
				errno ? strerror(errno) : "not a regular file");
	if (io.uploads && (stat(io.uploads, &sb) != 0 || !S_ISDIR(sb.st_mode)))
		return cmd_fail("the uploads folder '%s' does not exist", io.uploads);
	if (media_init("gazette") != 0)
		return cmd_fail("libvips failed to start");
	const char *url = cmd_db_url(db);
	struct store *st = cmd_open_store(url, false);
	if (!st)
		return EXIT_FAIL;
	char *mdir = import_media_dir(media, url);
	if (media && !mdir) {
		store_close(st);
		return cmd_fail("the media folder '%s' does not exist", media);
	}
	if (roles_from) {
		struct buf err = BUF_INIT;
		job.o.roles = wp_roles_read(roles_from, prefix, &err);
		if (!job.o.roles) {
			int rc = cmd_fail("%s (nothing imported)", buf_cstr(&err));
			buf_free(&err);
			free(mdir);
			store_close(st);
			return rc;
		}
		fprintf(stderr, "roles of %u WordPress accounts read from %s\n",
			g_hash_table_size(job.o.roles), roles_from);
		buf_free(&err);
	}
	io.media_dir = mdir;
	job.st = st;
	job.w = iw_new(st, &io);
	job.o.tick = on_tick;
	job.o.pctx = &job.prog;
	int rc = import_transaction(st, job.w, job.o.label, wp_job_run, &job);
	iw_free(job.w);
	if (job.o.roles)
		g_hash_table_destroy(job.o.roles);
	free(mdir);
	store_close(st);
	return rc;
}
