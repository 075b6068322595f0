/* `gazette backup`: one archive (tar, gzip or zstd) holding every table as JSON Lines, every media
 * file, a description and a manifest of SHA-256 checksums, taken from one snapshot of the database
 * while the site keeps serving and writing. `gazette restore` (restore.c) reads it back on either
 * backend. */
#include "cmd/cmd.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/dump.h"
#include "core/buf.h"

static int usage(void)
{
	fputs("usage: gazette backup --db DB [--media DIR] DEST\n"
	      "  DEST: a new file; .tar.zst is compressed with zstd, .tar not at all, anything\n"
	      "  else with gzip. Holds the database (every table), the media files and a\n"
	      "  manifest of SHA-256 checksums; restore it with 'gazette restore'.\n",
	      stderr);
	return EXIT_USAGE;
}

struct backup {
	struct archive *ar;
	struct buf manifest; /* "HEX  NAME\n" lines, as sha256sum writes them */
	struct buf *err;
	const char *table; /* the table being dumped, into rows */
	FILE *rows;
	int64_t nrows;
	char **files; /* media files named by the media table */
	size_t nfiles, cap;
	time_t now;
};

static void hex32(const unsigned char h[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[64] = '\0';
}

static int ar_fail(struct backup *b, const char *what)
{
	buf_printf(b->err, "cannot write the archive (%s): %s", what,
		   archive_error_string(b->ar) ? archive_error_string(b->ar) : "unknown error");
	return -1;
}

/* Adds one regular file to the archive from fd (size bytes), hashing it into the manifest. */
static int add_fd(struct backup *b, const char *name, int fd, int64_t size)
{
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, name);
	archive_entry_set_size(e, size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0600);
	archive_entry_set_mtime(e, b->now, 0);
	int rc = archive_write_header(b->ar, e) == ARCHIVE_OK ? 0 : ar_fail(b, name);
	archive_entry_free(e);
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	char chunk[65536];
	int64_t left = size;
	while (rc == 0 && left > 0) {
		ssize_t n =
		    read(fd, chunk, left < (int64_t)sizeof chunk ? (size_t)left : sizeof chunk);
		if (n <= 0) {
			buf_printf(b->err, "cannot read '%s': %s", name,
				   n < 0 ? strerror(errno) : "it became shorter while read");
			rc = -1;
		} else if (archive_write_data(b->ar, chunk, (size_t)n) != n) {
			rc = ar_fail(b, name);
		} else {
			crypto_hash_sha256_update(&h, (const unsigned char *)chunk, (size_t)n);
			left -= n;
		}
	}
	if (rc == 0) {
		unsigned char digest[32];
		char hex[65];
		crypto_hash_sha256_final(&h, digest);
		hex32(digest, hex);
		buf_printf(&b->manifest, "%s  %s\n", hex, name);
	}
	return rc;
}

static int add_memory(struct backup *b, const char *name, const char *data, size_t len, bool hashed)
{
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, name);
	archive_entry_set_size(e, (int64_t)len);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0600);
	archive_entry_set_mtime(e, b->now, 0);
	int rc = archive_write_header(b->ar, e) == ARCHIVE_OK ? 0 : ar_fail(b, name);
	archive_entry_free(e);
	if (rc == 0 && len && archive_write_data(b->ar, data, len) != (la_ssize_t)len)
		rc = ar_fail(b, name);
	if (rc == 0 && hashed) {
		unsigned char digest[32];
		char hex[65];
		crypto_hash_sha256(digest, (const unsigned char *)data, len);
		hex32(digest, hex);
		buf_printf(&b->manifest, "%s  %s\n", hex, name);
	}
	return rc;
}

static void keep_file(struct backup *b, json_t *v)
{
	const char *f = json_string_value(v);
	if (!f || !*f)
		return;
	if (b->nfiles == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->files = xrealloc(b->files, b->cap * sizeof *b->files);
	}
	b->files[b->nfiles++] = xstrdup(f);
}

static int write_row(json_t *row, void *ctx)
{
	struct backup *b = ctx;
	char *line = json_dumps(row, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!line || fputs(line, b->rows) == EOF || fputc('\n', b->rows) == EOF) {
		buf_printf(b->err, "cannot write a temporary file: %s", strerror(errno));
		free(line);
		return -1;
	}
	free(line);
	b->nrows++;
	/* the files of the media library (videos' too) and of the documents go in as well */
	if (strcmp(b->table, "media") == 0) {
		keep_file(b, json_object_get(row, "file"));
		keep_file(b, json_object_get(row, "thumb"));
	} else if (strcmp(b->table, "document_files") == 0) {
		keep_file(b, json_object_get(row, "file"));
	}
	return 0;
}

/* Every table, from one snapshot, as db/TABLE.jsonl; counts into meta. */
static int add_tables(struct backup *b, struct cmd_dump_db *d, json_t *counts)
{
	if (cmd_dump_snapshot(d, b->err) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < cmd_dump_ntables && rc == 0; i++) {
		b->rows = tmpfile();
		if (!b->rows) {
			buf_printf(b->err, "cannot make a temporary file: %s", strerror(errno));
			rc = -1;
			break;
		}
		b->nrows = 0;
		b->table = cmd_dump_tables[i];
		rc = cmd_dump_rows(d, cmd_dump_tables[i], write_row, b, b->err);
		if (rc == 0 && fflush(b->rows) != 0) {
			buf_printf(b->err, "cannot write a temporary file: %s", strerror(errno));
			rc = -1;
		}
		if (rc == 0) {
			struct buf name = BUF_INIT;
			buf_printf(&name, "db/%s.jsonl", cmd_dump_tables[i]);
			int fd = fileno(b->rows);
			off_t size = lseek(fd, 0, SEEK_END);
			lseek(fd, 0, SEEK_SET);
			rc = add_fd(b, buf_cstr(&name), fd, (int64_t)size);
			json_object_set_new(counts, cmd_dump_tables[i], json_integer(b->nrows));
			buf_free(&name);
		}
		fclose(b->rows);
		b->rows = NULL;
	}
	struct buf ignore = BUF_INIT;
	cmd_dump_end(d, false, &ignore); /* a read-only transaction: nothing to keep */
	buf_free(&ignore);
	return rc;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The media files the snapshot names, each once; a file missing on disk is reported and left
 * out. */
static int add_media(struct backup *b, const char *dir, int64_t *added)
{
	int rc = 0;
	if (b->nfiles)
		qsort(b->files, b->nfiles, sizeof *b->files, by_name);
	for (size_t i = 0; i < b->nfiles && rc == 0; i++) {
		const char *rel = b->files[i];
		if (i > 0 && strcmp(rel, b->files[i - 1]) == 0)
			continue;
		if (!cmd_dump_safe_path(rel)) {
			fprintf(stderr,
				"gazette: warning: media row names an unsafe path, left out\n");
			continue;
		}
		if (!dir) {
			buf_printf(b->err, "the database lists media files: give the media folder "
					   "with --media DIR");
			return -1;
		}
		struct buf path = BUF_INIT, name = BUF_INIT;
		buf_printf(&path, "%s/%s", dir, rel);
		buf_printf(&name, "media/%s", rel);
		int fd = open(buf_cstr(&path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		struct stat sb;
		if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			fprintf(stderr, "gazette: warning: media file '%s' is missing, left out\n",
				buf_cstr(&path));
		} else {
			rc = add_fd(b, buf_cstr(&name), fd, (int64_t)sb.st_size);
			(*added)++;
		}
		if (fd >= 0)
			close(fd);
		buf_free(&path);
		buf_free(&name);
	}
	return rc;
}

static struct archive *open_archive(const char *dest, int fd, struct buf *err)
{
	struct archive *ar = archive_write_new();
	size_t n = strlen(dest);
	int rc = archive_write_set_format_pax_restricted(ar);
	if (rc == ARCHIVE_OK && n > 8 && strcmp(dest + n - 8, ".tar.zst") == 0)
		rc = archive_write_add_filter_zstd(ar);
	else if (rc == ARCHIVE_OK && !(n > 4 && strcmp(dest + n - 4, ".tar") == 0))
		rc = archive_write_add_filter_gzip(ar);
	if (rc == ARCHIVE_OK)
		rc = archive_write_open_fd(ar, fd);
	if (rc != ARCHIVE_OK) {
		buf_printf(err, "cannot write an archive: %s", archive_error_string(ar));
		archive_write_free(ar);
		return NULL;
	}
	return ar;
}

static int run_backup(const char *url, const char *media, const char *dest, struct buf *err)
{
	struct cmd_dump_db *d = NULL;
	if (cmd_dump_open(url, false, &d, err) != 0)
		return -1;
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.partial", dest);
	int fd = open(buf_cstr(&tmp), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		buf_printf(err, "cannot create '%s': %s", buf_cstr(&tmp), strerror(errno));
		cmd_dump_close(d);
		buf_free(&tmp);
		return -1;
	}
	struct backup b = {.manifest = BUF_INIT, .err = err, .now = time(NULL)};
	b.ar = open_archive(dest, fd, err);
	json_t *meta = json_object(), *counts = json_object();
	int64_t nmedia = 0;
	int rc = b.ar ? add_tables(&b, d, counts) : -1;
	bool pg = cmd_dump_is_pg(d);
	cmd_dump_close(d);
	if (rc == 0)
		rc = add_media(&b, media, &nmedia);
	if (rc == 0) {
		json_object_set_new(meta, "format", json_integer(BACKUP_FORMAT));
		json_object_set_new(meta, "gazette", json_string(GZ_VERSION));
		json_object_set_new(meta, "backend", json_string(pg ? "postgresql" : "sqlite"));
		json_object_set_new(meta, "created_at", json_integer((json_int_t)b.now));
		json_object_set(meta, "rows", counts);
		json_object_set_new(meta, "media_files", json_integer(nmedia));
		char *text = json_dumps(meta, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		rc = add_memory(&b, BACKUP_META, text, strlen(text), true);
		free(text);
	}
	if (rc == 0)
		rc = add_memory(&b, BACKUP_MANIFEST, b.manifest.data, b.manifest.len, false);
	if (b.ar && rc == 0 && archive_write_close(b.ar) != ARCHIVE_OK)
		rc = ar_fail(&b, "closing");
	if (b.ar)
		archive_write_free(b.ar);
	if (rc == 0 && fsync(fd) != 0) {
		buf_printf(err, "cannot write '%s': %s", buf_cstr(&tmp), strerror(errno));
		rc = -1;
	}
	close(fd);
	/* link() refuses to replace a file that appeared meanwhile. */
	if (rc == 0 && link(buf_cstr(&tmp), dest) != 0) {
		buf_printf(err, "cannot create '%s': %s", dest, strerror(errno));
		rc = -1;
	}
	unlink(buf_cstr(&tmp));
	if (rc == 0) {
		json_int_t articles = json_integer_value(json_object_get(counts, "articles"));
		fprintf(stderr, "gazette: backup written to %s: %lld articles, %lld media files\n",
			dest, (long long)articles, (long long)nmedia);
	}
	json_decref(counts);
	json_decref(meta);
	for (size_t i = 0; i < b.nfiles; i++)
		free(b.files[i]);
	free(b.files);
	buf_free(&b.manifest);
	buf_free(&tmp);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"media", required_argument, NULL, 'm'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL, *media_flag = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'm')
			media_flag = optarg;
		else
			return usage();
	}
	if (optind != argc - 1)
		return usage();
	const char *dest = argv[optind], *url = cmd_db_url(db);
	if (!url)
		return cmd_fail("no database: give --db sqlite:PATH (or postgresql://...) or set "
				"GAZETTE_DB");
	struct stat sb;
	if (stat(dest, &sb) == 0)
		return cmd_fail("'%s' exists already: give a new file name", dest);
	/* Migrations first, as every command does, so that the dump has the current columns. */
	struct store *st = cmd_open_store(url, false);
	if (!st)
		return EXIT_FAIL;
	store_close(st);
	char *media = cmd_dump_media_dir(media_flag, url);
	if (media && stat(media, &sb) != 0 && !media_flag) {
		free(media); /* no folder beside the database: a site without uploads */
		media = NULL;
	}
	struct buf err = BUF_INIT;
	int rc = run_backup(url, media, dest, &err) == 0 ? EXIT_OK : cmd_fail("%s", buf_cstr(&err));
	buf_free(&err);
	free(media);
	return rc;
}
