/* `gazette media verify`: every media file checked, one line per bad file and a non-zero exit.
 * With PostgreSQL, every file kept in the database is read back chunk by chunk against its size
 * and SHA-256, and every file the media library names must be there. SQLite records no checksum:
 * every file the media library names must be in the media folder, of the size recorded and of the
 * type recorded (by its first bytes).
 * `gazette media import-files`: pushes a media folder into PostgreSQL (files it has already are
 * left as they are). */
#define _XOPEN_SOURCE 700
#include "cmd/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media/media.h"
#include "site/mediacache.h"

#define PAGE 200

struct tally {
	long long good, bad;
};

static void bad(struct tally *t, const char *file, const char *why)
{
	printf("BAD %s: %s\n", file, why);
	t->bad++;
}

/* SQLite: the original and its thumbnail in the folder, of the size and type recorded. */
static void check_on_disk(const char *dir, const struct media *m, struct tally *t)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, m->file);
	int fd = open(buf_cstr(&path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	unsigned char head[64];
	ssize_t n = fd >= 0 ? read(fd, head, sizeof head) : -1;
	const char *mime = NULL, *ext = NULL;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		bad(t, m->file, "missing from the media folder");
	else if (m->bytes > 0 && sb.st_size != m->bytes)
		bad(t, m->file, "its size differs from the size recorded");
	else if (n <= 0 || media_sniff(head, (size_t)n, &mime, &ext) != MEDIA_OK ||
		 strcmp(mime, m->mime) != 0)
		bad(t, m->file, "its content is not of the type recorded");
	else
		t->good++;
	if (fd >= 0)
		close(fd);
	if (*m->thumb) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, m->thumb);
		if (lstat(buf_cstr(&path), &sb) != 0 || !S_ISREG(sb.st_mode))
			bad(t, m->thumb, "missing from the media folder");
	}
	buf_free(&path);
}

/* PostgreSQL: the media library's files are all kept. */
static void check_listed(struct store *st, struct arena *a, const char *file, struct tally *t)
{
	struct media_blob b;
	enum store_rc rc = store_blob_stat(st, a, file, &b);
	if (rc == STORE_NOTFOUND)
		bad(t, file, "named by the media library but missing from the database");
	else if (rc != STORE_OK)
		bad(t, file, store_rc_str(rc));
}

static int verify_library(struct store *st, const char *dir, struct tally *t)
{
	bool pg = store_media_blobs(st);
	int64_t total = 0;
	enum store_rc rc = STORE_OK;
	for (int64_t offset = 0; rc == STORE_OK; offset += PAGE) {
		struct arena *a = arena_new();
		struct media *rows = NULL;
		size_t n = 0;
		rc = store_media_list(st, a, offset, PAGE, &rows, &n, &total);
		for (size_t i = 0; rc == STORE_OK && i < n; i++) {
			if (pg) {
				check_listed(st, a, rows[i].file, t);
				if (*rows[i].thumb)
					check_listed(st, a, rows[i].thumb, t);
			} else {
				check_on_disk(dir, &rows[i], t);
			}
		}
		arena_free(a);
		if (n < PAGE)
			break;
	}
	return rc == STORE_OK ? 0 : cmd_fail("cannot list the media library: %s", store_rc_str(rc));
}

/* PostgreSQL: every stored file read back against its size and checksum. */
static int verify_blobs(struct store *st, struct tally *t)
{
	char *after = strdup("");
	enum store_rc rc = STORE_OK;
	for (;;) {
		struct arena *a = arena_new();
		struct media_blob *rows = NULL;
		size_t n = 0;
		rc = store_blob_list(st, a, after, PAGE, &rows, &n);
		for (size_t i = 0; rc == STORE_OK && i < n; i++) {
			const char *why = NULL;
			enum store_rc c = store_blob_check(st, &rows[i], &why);
			if (c == STORE_OK)
				t->good++;
			else if (c != STORE_NOTFOUND) /* deleted meanwhile: not a fault */
				bad(t, rows[i].path, why ? why : store_rc_str(c));
		}
		if (n) {
			free(after);
			after = strdup(rows[n - 1].path);
		}
		arena_free(a);
		if (rc != STORE_OK || n < PAGE)
			break;
	}
	free(after);
	return rc == STORE_OK ? 0 : cmd_fail("cannot list the stored files: %s", store_rc_str(rc));
}

int cmd_media_verify(struct store *st, const char *dir)
{
	struct tally t = {0};
	int rc = store_media_blobs(st) ? verify_blobs(st, &t) : 0;
	if (rc == 0)
		rc = verify_library(st, dir, &t);
	fflush(stdout);
	if (rc != 0)
		return EXIT_FAIL;
	if (store_media_blobs(st))
		fprintf(stderr, "gazette: %lld stored files match their SHA-256, %lld bad\n",
			t.good, t.bad);
	else
		fprintf(stderr,
			"gazette: %lld media files in the folder of the size and type recorded, "
			"%lld bad (SQLite keeps no checksums)\n",
			t.good, t.bad);
	return t.bad ? EXIT_FAIL : EXIT_OK;
}

/* --- import-files (nftw has no context argument: one walk at a time, in this command) --- */

static struct store *walk_st;
static const char *walk_dir;
static long long walk_new, walk_had, walk_failed;

static int import_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type != FTW_F || !S_ISREG(sb->st_mode))
		return 0;
	const char *rel = path + strlen(walk_dir) + 1;
	if (strstr(rel, ".fetch-") || strstr(rel, ".tmp.") || strstr(rel, ".clean-"))
		return 0; /* another process's file in the making */
	struct arena *a = arena_new();
	struct media_blob b;
	enum store_rc rc = store_blob_stat(walk_st, a, rel, &b);
	if (rc == STORE_OK) {
		walk_had++;
	} else if (rc == STORE_NOTFOUND &&
		   mcache_put(walk_st, a, walk_dir, rel, media_type_of(rel), false) == 0) {
		walk_new++;
	} else {
		fprintf(stderr, "gazette: %s: cannot store it in the database\n", rel);
		walk_failed++;
	}
	arena_free(a);
	return 0;
}

int cmd_media_import_files(struct store *st, const char *dir)
{
	if (!store_media_blobs(st))
		return cmd_fail("media import-files is for PostgreSQL: SQLite keeps media files in "
				"the media folder only");
	walk_st = st;
	walk_dir = dir;
	walk_new = walk_had = walk_failed = 0;
	if (nftw(dir, import_one, 16, FTW_PHYS) != 0)
		return cmd_fail("cannot read the media folder '%s': %s", dir, strerror(errno));
	fprintf(stderr,
		"gazette: %lld files stored in the database, %lld were there already, "
		"%lld failed\n",
		walk_new, walk_had, walk_failed);
	return walk_failed ? EXIT_FAIL : EXIT_OK;
}
