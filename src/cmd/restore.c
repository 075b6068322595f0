/* `gazette restore`: reads an archive of `gazette backup` back into an empty database of either
 * backend, and its media files into the media folder. The whole archive is read and every checksum
 * verified before anything is written; then the rows go in one transaction, and a failure undoes
 * the rows, the files written and a database file the restore created. */
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
#include <unistd.h>

#include "cmd/dump.h"
#include "core/buf.h"
#include "store/documents.h"

static int usage(void)
{
	fputs("usage: gazette restore --db DB [--media DIR] ARCHIVE\n"
	      "  Restores a 'gazette backup' archive into an empty (or new) database;\n"
	      "  media files go to DIR (default: 'media' beside an SQLite database).\n",
	      stderr);
	return EXIT_USAGE;
}

struct item {
	char *name;
	char hex[65];
};

struct restore {
	const char *archive;
	struct item *items; /* the manifest's lines */
	size_t nitems;
	struct buf *err;
	/* undo list: files and folders made in the media folder */
	char **made;
	size_t nmade, cap;
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

static int damaged(struct restore *r, struct archive *ar)
{
	const char *why = archive_error_string(ar);
	buf_printf(r->err, "'%s' is damaged or not a Gazette backup: %s", r->archive,
		   why ? why : "unexpected end");
	return -1;
}

static struct archive *open_read(struct restore *r)
{
	struct archive *ar = archive_read_new();
	archive_read_support_filter_all(ar);
	archive_read_support_format_tar(ar);
	if (archive_read_open_filename(ar, r->archive, 65536) != ARCHIVE_OK) {
		struct stat sb;
		if (stat(r->archive, &sb) != 0)
			buf_printf(r->err, "cannot read '%s': %s", r->archive, strerror(errno));
		else
			damaged(r, ar);
		archive_read_free(ar);
		return NULL;
	}
	return ar;
}

/* What an entry may be called: the two fixed files, db/TABLE.jsonl or media/SAFE-PATH. */
static bool valid_name(const char *name)
{
	if (strcmp(name, BACKUP_MANIFEST) == 0 || strcmp(name, BACKUP_META) == 0)
		return true;
	if (strncmp(name, "media/", 6) == 0)
		return cmd_dump_safe_path(name + 6);
	if (strncmp(name, "db/", 3) != 0)
		return false;
	for (size_t i = 0; i < cmd_dump_ntables; i++) {
		size_t n = strlen(cmd_dump_tables[i]);
		if (strncmp(name + 3, cmd_dump_tables[i], n) == 0 &&
		    strcmp(name + 3 + n, ".jsonl") == 0)
			return true;
	}
	return false;
}

static int parse_manifest(struct restore *r, const char *text)
{
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		size_t n = (size_t)(end - line);
		if (n < 67 || line[64] != ' ' || line[65] != ' ') {
			buf_printf(r->err, "'%s': the manifest has a malformed line", r->archive);
			return -1;
		}
		struct item it = {.name = xstrndup(line + 66, n - 66)};
		memcpy(it.hex, line, 64);
		it.hex[64] = '\0';
		bool hex_ok = strspn(it.hex, "0123456789abcdef") == 64;
		for (size_t i = 0; i < r->nitems && hex_ok; i++)
			hex_ok = strcmp(r->items[i].name, it.name) != 0;
		if (!hex_ok || !valid_name(it.name) || strcmp(it.name, BACKUP_MANIFEST) == 0) {
			buf_printf(r->err, "'%s': the manifest has a malformed or repeated line",
				   r->archive);
			free(it.name);
			return -1;
		}
		r->items = xrealloc(r->items, (r->nitems + 1) * sizeof *r->items);
		r->items[r->nitems++] = it;
		line = *end ? end + 1 : end;
	}
	return 0;
}

static const struct item *find_item(const struct restore *r, const char *name)
{
	for (size_t i = 0; i < r->nitems; i++)
		if (strcmp(r->items[i].name, name) == 0)
			return &r->items[i];
	return NULL;
}

/* Pass 1: reads every entry, checks names, hashes and the manifest; writes nothing. */
static int verify(struct restore *r, json_t **meta_out)
{
	struct archive *ar = open_read(r);
	if (!ar)
		return -1;
	struct {
		char *name;
		char hex[65];
	} *seen = NULL;
	size_t nseen = 0;
	struct buf manifest = BUF_INIT, meta = BUF_INIT;
	bool have_manifest = false;
	int rc = 0, step;
	struct archive_entry *e;
	while (rc == 0 && (step = archive_read_next_header(ar, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		if (!name || archive_entry_filetype(e) != AE_IFREG || !valid_name(name)) {
			buf_printf(r->err,
				   "'%s' holds an unexpected entry '%s': not a Gazette backup",
				   r->archive, name ? name : "");
			rc = -1;
			break;
		}
		bool is_manifest = strcmp(name, BACKUP_MANIFEST) == 0,
		     is_meta = strcmp(name, BACKUP_META) == 0;
		crypto_hash_sha256_state h;
		crypto_hash_sha256_init(&h);
		char chunk[65536];
		la_ssize_t n;
		while ((n = archive_read_data(ar, chunk, sizeof chunk)) > 0) {
			crypto_hash_sha256_update(&h, (unsigned char *)chunk, (size_t)n);
			if ((is_manifest || is_meta) && manifest.len + meta.len < (64u << 20))
				buf_append(is_manifest ? &manifest : &meta, chunk, (size_t)n);
		}
		if (n < 0) {
			rc = damaged(r, ar);
			break;
		}
		if (is_manifest) {
			have_manifest = true;
			continue;
		}
		unsigned char digest[32];
		crypto_hash_sha256_final(&h, digest);
		seen = xrealloc(seen, (nseen + 1) * sizeof *seen);
		seen[nseen].name = xstrdup(name);
		hex32(digest, seen[nseen].hex);
		nseen++;
	}
	if (rc == 0 && step != ARCHIVE_EOF)
		rc = damaged(r, ar);
	if (rc == 0 && !have_manifest) {
		buf_printf(r->err, "'%s' has no %s: not a Gazette backup, or cut short", r->archive,
			   BACKUP_MANIFEST);
		rc = -1;
	}
	if (rc == 0)
		rc = parse_manifest(r, buf_cstr(&manifest));
	for (size_t i = 0; rc == 0 && i < nseen; i++) {
		const struct item *it = find_item(r, seen[i].name);
		if (!it || strcmp(it->hex, seen[i].hex) != 0) {
			buf_printf(r->err, "'%s': checksum mismatch for %s: the archive is damaged",
				   r->archive, seen[i].name);
			rc = -1;
		}
	}
	if (rc == 0 && nseen != r->nitems) {
		buf_printf(r->err,
			   "'%s': %zu files listed in the manifest are missing: the archive is "
			   "incomplete",
			   r->archive, r->nitems - nseen);
		rc = -1;
	}
	json_t *m = NULL;
	if (rc == 0) {
		m = json_loads(buf_cstr(&meta), 0, NULL);
		if (!json_is_object(m) ||
		    json_integer_value(json_object_get(m, "format")) != BACKUP_FORMAT) {
			buf_printf(r->err, "'%s': %s missing or of an unknown format version",
				   r->archive, BACKUP_META);
			rc = -1;
		}
	}
	if (rc == 0)
		*meta_out = m;
	else
		json_decref(m);
	for (size_t i = 0; i < nseen; i++)
		free(seen[i].name);
	free(seen);
	buf_free(&manifest);
	buf_free(&meta);
	archive_read_free(ar);
	return rc;
}

/* --- pass 2 ----------------------------------------------------------------------------------- */

static void remember(struct restore *r, const char *path)
{
	if (r->nmade == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->made = xrealloc(r->made, r->cap * sizeof *r->made);
	}
	r->made[r->nmade++] = xstrdup(path);
}

/* Removes what the restore made, newest first (files before their folders). */
static void undo_files(struct restore *r)
{
	for (size_t i = r->nmade; i-- > 0;)
		if (unlink(r->made[i]) != 0)
			rmdir(r->made[i]);
}

/* Makes the folders of dir/rel's parent, remembering each one made. */
static int make_parents(struct restore *r, const char *dir, const char *rel)
{
	struct buf p = BUF_INIT;
	buf_puts(&p, dir);
	int rc = 0;
	for (const char *c = rel; *c && rc == 0; c++) {
		if (*c != '/')
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%.*s", dir, (int)(c - rel), rel);
		if (mkdir(buf_cstr(&p), 0750) == 0)
			remember(r, buf_cstr(&p));
		else if (errno != EEXIST) {
			buf_printf(r->err, "cannot make folder '%s': %s", buf_cstr(&p),
				   strerror(errno));
			rc = -1;
		}
	}
	buf_free(&p);
	return rc;
}

struct parent {
	int64_t id, parent;
};

struct table_load {
	const char *table;
	json_t **rows; /* trees: held until every row is read (insert_tree) */
	size_t nrows;
	struct parent *parents; /* trees: parent_id set after every row is in */
	size_t nparents;
};

/* Tables whose rows name a parent row of the same table: a child may come before its parent. */
static bool is_tree(const char *table)
{
	return strcmp(table, "categories") == 0 || strcmp(table, "pages") == 0 ||
	       strcmp(table, "org_units") == 0;
}

static int load_line(struct restore *r, struct cmd_dump_db *d, struct table_load *t,
		     const char *line, size_t len)
{
	if (len == 0)
		return 0;
	json_error_t je;
	json_t *row = json_loadb(line, len, 0, &je);
	if (!json_is_object(row)) {
		buf_printf(r->err, "table %s: a row is not a JSON object", t->table);
		json_decref(row);
		return -1;
	}
	if (is_tree(t->table)) {
		t->rows = xrealloc(t->rows, (t->nrows + 1) * sizeof *t->rows);
		t->rows[t->nrows++] = row;
		return 0;
	}
	int rc = cmd_dump_insert(d, t->table, row, r->err);
	json_decref(row);
	return rc;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * Inserts a tree's rows parents first: each pass takes the rows whose parent an earlier pass
 * inserted (or that have none), so that every row goes in with its parent_id, as the unique names
 * and slugs of categories among siblings need ("Tin tức" under every section: inserted without
 * their parents, two of them would be siblings at the top). Rows whose parent never comes (not in
 * the archive, a loop) go in without one, which is set once every row is in: the database then
 * says what is wrong.
 */
static int insert_tree(struct restore *r, struct cmd_dump_db *d, struct table_load *t)
{
	int64_t *done = xmalloc((t->nrows + 1) * sizeof *done);
	size_t ndone = 0, left = t->nrows;
	int rc = 0;
	for (bool progress = true; rc == 0 && left > 0 && progress;) {
		progress = false;
		size_t before = ndone; /* done[0..before) sorted: the passes before this one */
		for (size_t i = 0; rc == 0 && i < t->nrows; i++) {
			json_t *row = t->rows[i];
			if (!row)
				continue;
			json_t *pid = json_object_get(row, "parent_id");
			int64_t parent = json_is_integer(pid) ? json_integer_value(pid) : 0;
			if (json_is_integer(pid) &&
			    !bsearch(&parent, done, before, sizeof *done, id_cmp))
				continue;
			rc = cmd_dump_insert(d, t->table, row, r->err);
			done[ndone++] = json_integer_value(json_object_get(row, "id"));
			json_decref(row);
			t->rows[i] = NULL;
			left--;
			progress = true;
		}
		qsort(done, ndone, sizeof *done, id_cmp);
	}
	for (size_t i = 0; rc == 0 && i < t->nrows; i++) {
		json_t *row = t->rows[i];
		if (!row)
			continue;
		json_t *pid = json_object_get(row, "parent_id");
		if (json_is_integer(pid)) {
			t->parents = xrealloc(t->parents, (t->nparents + 1) * sizeof *t->parents);
			t->parents[t->nparents++] =
			    (struct parent){json_integer_value(json_object_get(row, "id")),
					    json_integer_value(pid)};
			json_object_set_new(row, "parent_id", json_null());
		}
		rc = cmd_dump_insert(d, t->table, row, r->err);
	}
	for (size_t i = 0; i < t->nrows; i++)
		json_decref(t->rows[i]);
	free(t->rows);
	t->rows = NULL;
	t->nrows = 0;
	free(done);
	return rc;
}

static int load_table(struct restore *r, struct cmd_dump_db *d, struct archive *ar,
		      const char *name, unsigned char digest[32])
{
	char table[64];
	snprintf(table, sizeof table, "%.*s", (int)(strlen(name) - 9), name + 3);
	struct table_load t = {.table = table};
	/* the row the migration made gives way to the archive's */
	if (cmd_dump_seeded(table) && cmd_dump_clear(d, table, r->err) != 0)
		return -1;
	struct buf line = BUF_INIT;
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	char chunk[65536];
	la_ssize_t n;
	int rc = 0;
	while (rc == 0 && (n = archive_read_data(ar, chunk, sizeof chunk)) > 0) {
		crypto_hash_sha256_update(&h, (unsigned char *)chunk, (size_t)n);
		for (la_ssize_t i = 0; i < n && rc == 0; i++) {
			if (chunk[i] != '\n') {
				buf_putc(&line, chunk[i]);
				continue;
			}
			rc = load_line(r, d, &t, line.data ? line.data : "", line.len);
			buf_reset(&line);
		}
	}
	if (rc == 0 && n < 0)
		rc = damaged(r, ar);
	if (rc == 0)
		rc = load_line(r, d, &t, line.data ? line.data : "", line.len);
	if (rc == 0 && t.nrows)
		rc = insert_tree(r, d, &t);
	for (size_t i = 0; i < t.nrows; i++) /* a failure before insert_tree */
		json_decref(t.rows[i]);
	free(t.rows);
	for (size_t i = 0; rc == 0 && i < t.nparents; i++)
		rc = cmd_dump_set_i64(d, table, "parent_id", t.parents[i].id, t.parents[i].parent,
				      r->err);
	crypto_hash_sha256_final(&h, digest);
	free(t.parents);
	buf_free(&line);
	return rc;
}

static int write_media(struct restore *r, struct archive *ar, const char *dir, const char *rel,
		       unsigned char digest[32])
{
	if (make_parents(r, dir, rel) != 0)
		return -1;
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, rel);
	int fd = open(buf_cstr(&path), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (fd < 0) {
		buf_printf(r->err, "cannot create '%s': %s", buf_cstr(&path), strerror(errno));
		buf_free(&path);
		return -1;
	}
	remember(r, buf_cstr(&path));
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	char chunk[65536];
	la_ssize_t n;
	int rc = 0;
	while (rc == 0 && (n = archive_read_data(ar, chunk, sizeof chunk)) > 0) {
		crypto_hash_sha256_update(&h, (unsigned char *)chunk, (size_t)n);
		if (write(fd, chunk, (size_t)n) != n) {
			buf_printf(r->err, "cannot write '%s': %s", buf_cstr(&path),
				   strerror(errno));
			rc = -1;
		}
	}
	if (rc == 0 && n < 0)
		rc = damaged(r, ar);
	if (rc == 0 && fsync(fd) != 0) {
		buf_printf(r->err, "cannot write '%s': %s", buf_cstr(&path), strerror(errno));
		rc = -1;
	}
	close(fd);
	crypto_hash_sha256_final(&h, digest);
	buf_free(&path);
	return rc;
}

/* Pass 2: rows in one transaction, files into the media folder; checksums checked again. */
static int load(struct restore *r, struct cmd_dump_db *d, const char *media)
{
	struct archive *ar = open_read(r);
	if (!ar)
		return -1;
	int rc = cmd_dump_begin(d, r->err), step = ARCHIVE_OK;
	if (rc == 0)
		rc = cmd_dump_triggers(d, false, r->err);
	struct archive_entry *e;
	while (rc == 0 && (step = archive_read_next_header(ar, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		unsigned char digest[32];
		char hex[65];
		if (strncmp(name, "db/", 3) == 0)
			rc = load_table(r, d, ar, name, digest);
		else if (strncmp(name, "media/", 6) == 0)
			rc = write_media(r, ar, media, name + 6, digest);
		else
			continue;
		hex32(digest, hex);
		const struct item *it = find_item(r, name);
		if (rc == 0 && (!it || strcmp(it->hex, hex) != 0)) {
			buf_printf(r->err, "'%s' changed while it was restored (%s)", r->archive,
				   name);
			rc = -1;
		}
	}
	if (rc == 0 && step != ARCHIVE_EOF)
		rc = damaged(r, ar);
	archive_read_free(ar);
	if (rc == 0)
		rc = cmd_dump_fix_sequences(d, r->err);
	if (rc == 0)
		rc = cmd_dump_fix_views(d, r->err);
	if (rc == 0)
		rc = cmd_dump_triggers(d, true, r->err);
	struct buf ignore = BUF_INIT;
	if (rc == 0)
		rc = cmd_dump_end(d, true, r->err);
	else
		cmd_dump_end(d, false, &ignore);
	buf_free(&ignore);
	return rc;
}

/* --- the target ------------------------------------------------------------------------------- */

static const char *sqlite_path(const char *url)
{
	if (strncmp(url, "postgres", 8) == 0)
		return NULL;
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

/* Fails unless every table of the target is empty (or missing). */
static int check_empty(struct restore *r, const char *url)
{
	struct cmd_dump_db *d = NULL;
	if (cmd_dump_open(url, false, &d, r->err) != 0)
		return -1;
	struct buf what = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < cmd_dump_ntables && rc == 0; i++) {
		int64_t n = 0;
		if (cmd_dump_seeded(cmd_dump_tables[i]))
			continue;
		rc = cmd_dump_count(d, cmd_dump_tables[i], &n, r->err);
		if (rc == 0 && n > 0)
			buf_printf(&what, "%s%lld rows in %s", what.len ? ", " : "", (long long)n,
				   cmd_dump_tables[i]);
	}
	cmd_dump_close(d);
	if (rc == 0 && what.len) {
		buf_printf(r->err,
			   "the target database is not empty (%s): restore only into a new or "
			   "empty database",
			   buf_cstr(&what));
		rc = -1;
	}
	buf_free(&what);
	return rc;
}

/* Fails when a media file of the archive exists already in dir. */
static int check_media(struct restore *r, const char *dir, size_t *nfiles)
{
	*nfiles = 0;
	for (size_t i = 0; i < r->nitems; i++) {
		if (strncmp(r->items[i].name, "media/", 6) != 0)
			continue;
		(*nfiles)++;
		if (!dir) {
			buf_printf(r->err,
				   "the archive holds media files: give the media folder with "
				   "--media DIR");
			return -1;
		}
		struct buf p = BUF_INIT;
		buf_printf(&p, "%s/%s", dir, r->items[i].name + 6);
		struct stat sb;
		bool exists = lstat(buf_cstr(&p), &sb) == 0;
		if (exists)
			buf_printf(r->err,
				   "media file '%s' exists already: restore into an empty "
				   "media folder",
				   buf_cstr(&p));
		buf_free(&p);
		if (exists)
			return -1;
	}
	return 0;
}

static void remove_db_file(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		struct buf p = BUF_INIT;
		buf_printf(&p, "%s%s", path, suffixes[i]);
		unlink(buf_cstr(&p));
		buf_free(&p);
	}
}

/*
 * What is made after the rows, on one store: the search indexes (PostgreSQL's articles' index was
 * left to be built once, after the rows, cmd_dump_triggers; the documents' index on both backends,
 * PostgreSQL's vectors not being in the archive) and, when files is given, its media and
 * documents' files stored in the database: PostgreSQL's nodes serve them from there
 * (docs/SCALING.md), and an archive of an SQLite site has them as files only, written to that
 * folder (an archive of PostgreSQL's has its own tables of them, restored row for row).
 */
static void finish(const char *url, bool articles, const char *files)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	int64_t n = 0;
	bool open = store_open(url, false, &st, &err) == STORE_OK;
	if (!open || (articles && store_search_reindex(st, NULL, NULL, &n) != STORE_OK) ||
	    store_doc_reindex(st, &n) != STORE_OK)
		fprintf(stderr,
			"gazette: warning: the search index was not rebuilt (%s): run "
			"'gazette reindex --db DB'\n",
			err.len ? buf_cstr(&err) : "database error");
	if (files && (!open || cmd_media_import_files(st, files) != EXIT_OK))
		fprintf(stderr,
			"gazette: warning: not every media file was stored in the database: run "
			"'gazette media import-files --db DB --media %s'\n",
			files);
	store_close(st);
	buf_free(&err);
}

static int run_restore(struct restore *r, const char *url, const char *media_flag)
{
	json_t *meta = NULL;
	if (verify(r, &meta) != 0)
		return -1;
	const char *path = sqlite_path(url);
	struct stat sb;
	bool created = path && stat(path, &sb) != 0;
	char *media = cmd_dump_media_dir(media_flag, url);
	size_t nfiles = 0;
	int rc = check_media(r, media, &nfiles);
	if (rc == 0 && !created)
		rc = check_empty(r, url);
	/* From here on things change: each failure below undoes them. */
	bool made_media = false;
	if (rc == 0 && media && nfiles) {
		made_media = mkdir(media, 0750) == 0;
		if (!made_media && errno != EEXIST) {
			buf_printf(r->err, "cannot make the media folder '%s': %s", media,
				   strerror(errno));
			rc = -1;
		}
	}
	struct store *st = NULL;
	if (rc == 0 && store_open(url, true, &st, r->err) != STORE_OK)
		rc = -1;
	store_close(st);
	struct cmd_dump_db *d = NULL;
	if (rc == 0)
		rc = cmd_dump_open(url, true, &d, r->err);
	if (rc == 0)
		rc = load(r, d, media);
	cmd_dump_close(d);
	if (rc != 0) {
		undo_files(r);
		if (made_media)
			rmdir(media);
		if (created)
			remove_db_file(path);
	} else {
		const char *from = json_string_value(json_object_get(meta, "backend"));
		bool files = !path && media && nfiles && from && strcmp(from, "sqlite") == 0;
		finish(url, !path, files ? media : NULL);
		json_t *rows = json_object_get(meta, "rows");
		fprintf(stderr,
			"gazette: restored %s (taken on %s): %lld articles, %lld users, %zu media "
			"files\n",
			r->archive, json_string_value(json_object_get(meta, "backend")),
			(long long)json_integer_value(json_object_get(rows, "articles")),
			(long long)json_integer_value(json_object_get(rows, "users")), nfiles);
	}
	free(media);
	json_decref(meta);
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"media", required_argument, NULL, 'm'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL, *media = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'm')
			media = optarg;
		else
			return usage();
	}
	if (optind != argc - 1)
		return usage();
	const char *url = cmd_db_url(db);
	if (!url)
		return cmd_fail("no database: give --db sqlite:PATH (or postgresql://...) or set "
				"GAZETTE_DB");
	struct buf err = BUF_INIT;
	struct restore r = {.archive = argv[optind], .err = &err};
	int rc = run_restore(&r, url, media) == 0 ? EXIT_OK : cmd_fail("%s", buf_cstr(&err));
	for (size_t i = 0; i < r.nitems; i++)
		free(r.items[i].name);
	free(r.items);
	for (size_t i = 0; i < r.nmade; i++)
		free(r.made[i]);
	free(r.made);
	buf_free(&err);
	return rc;
}
