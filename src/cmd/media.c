/* `gazette media clean`: re-encodes files uploaded before uploads were cleaned, so that no stored
 * original keeps EXIF, GPS, XMP, IPTC or maker notes (issue 20 finding 3). `gazette media verify`
 * and `gazette media import-files`: media files kept in PostgreSQL (issue 19, mediaverify.c). */
#include "cmd/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "media/media.h"
#include "site/mediacache.h"

#define PAGE 200

struct tally {
	long long cleaned, clean, failed;
};

/* Writes data over path atomically: a new file (0640) beside it, then a rename. */
static int replace_file(const char *path, const void *data, size_t len)
{
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.clean-XXXXXX", path);
	int fd = mkstemp(tmp.data), rc = -1;
	if (fd >= 0) {
		const char *p = data;
		size_t left = len;
		while (left) {
			ssize_t w = write(fd, p, left);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			p += w;
			left -= (size_t)w;
		}
		rc = left == 0 && fchmod(fd, 0640) == 0 && fsync(fd) == 0 ? 0 : -1;
		if (close(fd) != 0)
			rc = -1;
		if (rc == 0 && rename(tmp.data, path) != 0)
			rc = -1;
		if (rc != 0)
			unlink(tmp.data);
	}
	buf_free(&tmp);
	return rc;
}

/* Cleans one stored original if it needs it, and records its new size. */
static void clean_one(struct store *st, const char *dir, const struct media *m, struct tally *t)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, m->file);
	gchar *data = NULL;
	gsize len = 0;
	void *out = NULL;
	size_t olen = 0;
	struct media_saved saved;
	int needs = -1;
	struct arena *a = arena_new();
	if (mcache_get(st, a, dir, m->file) != 0) {
		fprintf(stderr, "gazette: %s: not in the media folder nor in the database\n",
			m->file);
		t->failed++;
		goto out;
	}
	if (!g_file_get_contents(buf_cstr(&path), &data, &len, NULL)) {
		fprintf(stderr, "gazette: %s: cannot read the file\n", m->file);
		t->failed++;
		goto out;
	}
	needs = media_needs_clean(data, len);
	if (needs == 0) {
		t->clean++;
		goto out;
	}
	if (needs < 0 || media_clean(data, len, &saved, &out, &olen) != MEDIA_OK ||
	    strcmp(saved.mime, m->mime) != 0) {
		fprintf(stderr, "gazette: %s: not an image libvips can clean; left as it is\n",
			m->file);
		t->failed++;
		goto out;
	}
	if (replace_file(buf_cstr(&path), out, olen) != 0 ||
	    mcache_put(st, a, dir, m->file, m->mime, true) != 0 ||
	    store_media_set_size(st, m->id, saved.width, saved.height, saved.bytes) != STORE_OK) {
		fprintf(stderr, "gazette: %s: cannot write the cleaned file or its size: %s\n",
			m->file, strerror(errno));
		t->failed++;
		goto out;
	}
	t->cleaned++;
out:
	arena_free(a);
	g_free(data);
	g_free(out);
	buf_free(&path);
}

static int clean_all(struct store *st, const char *dir)
{
	struct tally t = {0};
	int64_t total = 0;
	enum store_rc rc = STORE_OK;
	for (int64_t offset = 0; rc == STORE_OK; offset += PAGE) {
		struct arena *a = arena_new();
		struct media *rows = NULL;
		size_t n = 0;
		rc = store_media_list(st, a, offset, PAGE, &rows, &n, &total);
		for (size_t i = 0; rc == STORE_OK && i < n; i++)
			clean_one(st, dir, &rows[i], &t);
		arena_free(a);
		if (n < PAGE)
			break;
	}
	if (rc != STORE_OK)
		return cmd_fail("cannot list the media library: %s", store_rc_str(rc));
	fprintf(stderr, "gazette: %lld files cleaned, %lld already clean, %lld failed\n", t.cleaned,
		t.clean, t.failed);
	return t.failed ? EXIT_FAIL : EXIT_OK;
}

static int usage(void)
{
	fputs("usage: gazette media clean --db DB [--media DIR]\n"
	      "       gazette media verify --db DB [--media DIR]\n"
	      "       gazette media import-files --db DB --media DIR\n",
	      stderr);
	return EXIT_USAGE;
}

int cmd_media(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"media", required_argument, NULL, 'm'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL, *flag = "";
	int c;
	const char *what = argc >= 2 ? argv[1] : "";
	if (strcmp(what, "clean") != 0 && strcmp(what, "verify") != 0 &&
	    strcmp(what, "import-files") != 0)
		return usage();
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'm')
			flag = optarg;
		else
			return usage();
	}
	if (optind != argc)
		return usage();
	bool pg = cmd_db_is_pg(cmd_db_url(db));
	char *dir = pg && strcmp(what, "import-files") != 0
			? cmd_media_cache(flag, NULL)
			: cmd_media_folder(flag, cmd_db_url(db), false);
	if (!dir && (!pg || strcmp(what, "verify") != 0))
		return cmd_fail("no media folder: give --media DIR");
	struct store *st =
	    media_init("gazette") == 0 ? cmd_open_store(cmd_db_url(db), false) : NULL;
	int rc = !st                           ? EXIT_FAIL
		 : strcmp(what, "clean") == 0  ? clean_all(st, dir)
		 : strcmp(what, "verify") == 0 ? cmd_media_verify(st, dir)
					       : cmd_media_import_files(st, dir);
	store_close(st);
	free(dir);
	return rc;
}
