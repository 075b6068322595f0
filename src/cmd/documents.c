/* `gazette export-documents` and `import-documents`: legal documents as JSON Lines
 * (documents.jsonl) with their files in a folder beside it; import is all or nothing. */
#include "cmd/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "core/buf.h"
#include "docs/extract.h"
#include "docs/files.h"
#include "docs/json.h"
#include "docs/record.h"
#include "store/documents.h"
#include "site/mediacache.h"
#include "vi/vi.h"

#define FILE_MAX (64L * 1024 * 1024)

/* Reads a whole regular file (at most FILE_MAX bytes) into b; 0 or -1. */
static int read_all(const char *path, struct buf *b)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > FILE_MAX) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	char chunk[65536];
	ssize_t r;
	while ((r = read(fd, chunk, sizeof chunk)) > 0 || (r < 0 && errno == EINTR))
		if (r > 0)
			buf_append(b, chunk, (size_t)r);
	close(fd);
	return r == 0 ? 0 : -1;
}

static int write_all(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	const char *p = data;
	while (fd >= 0 && len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		len -= (size_t)w;
	}
	bool ok = fd >= 0 && len == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	return ok ? 0 : -1;
}

/* --- export ----------------------------------------------------------------------------------- */

struct exporter {
	struct store *st;
	const char *dir, *media, *tz;
	FILE *out;
	long long count, failed;
};

static json_t *date_json(int32_t d)
{
	if (d == STORE_NO_DATE)
		return json_null();
	struct buf b = BUF_INIT;
	doc_date_format(&b, d);
	json_t *j = json_string(buf_cstr(&b));
	buf_free(&b);
	return j;
}

/* Copies the files of d into dir/files/{id}-{n}.{type} and lists them. */
static json_t *export_files(struct exporter *e, struct arena *a, const struct document *d)
{
	json_t *arr = json_array();
	struct doc_file *f;
	size_t n;
	if (store_doc_files(e->st, a, d->id, &f, &n) != STORE_OK)
		n = 0, e->failed++;
	for (size_t i = 0; i < n; i++) {
		struct buf data = BUF_INIT;
		const char *rel =
		    arena_printf(a, "files/%lld-%zu.%s", (long long)d->id, i + 1, f[i].type);
		if (!e->media || mcache_get(e->st, a, e->media, f[i].file) != 0 ||
		    read_all(arena_printf(a, "%s/%s", e->media, f[i].file), &data) != 0 ||
		    write_all(arena_printf(a, "%s/%s", e->dir, rel), data.data, data.len) != 0) {
			fprintf(stderr, "gazette: document %lld: file '%s' not exported\n",
				(long long)d->id, f[i].file);
			e->failed++;
			buf_free(&data);
			continue;
		}
		buf_free(&data);
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(f[i].name));
		json_object_set_new(o, "path", json_string(rel));
		json_object_set_new(o, "downloads", json_integer(f[i].downloads));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *export_relations(struct exporter *e, struct arena *a, int64_t id)
{
	json_t *arr = json_array();
	struct doc_link *l;
	size_t n;
	if (store_doc_links(e->st, a, id, &l, &n) != STORE_OK)
		n = 0, e->failed++;
	for (size_t i = 0; i < n; i++) {
		if (l[i].reverse)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "kind",
				    json_string(doc_relation_name((enum doc_relation)l[i].kind)));
		json_object_set_new(o, "id", json_integer(l[i].id));
		json_array_append_new(arr, o);
	}
	return arr;
}

static int export_one(const struct document *d, void *ctx)
{
	struct exporter *e = ctx;
	struct arena *a = arena_new();
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "kind", json_string(d->kind));
	json_object_set_new(o, "number", json_string(d->number));
	json_object_set_new(o, "issuer", json_string(d->issuer));
	if (*d->field)
		json_object_set_new(o, "field", json_string(d->field));
	if (*d->signer)
		json_object_set_new(o, "signer", json_string(d->signer));
	if (*d->signer_position)
		json_object_set_new(o, "signer_position", json_string(d->signer_position));
	json_object_set_new(o, "issued_on", date_json(d->issued_on));
	json_object_set_new(o, "effective_on", date_json(d->effective_on));
	json_object_set_new(o, "expires_on", date_json(d->expires_on));
	json_object_set_new(o, "summary", json_string(d->summary));
	if (*d->body_html)
		json_object_set_new(o, "body_html", json_string(d->body_html));
	json_object_set_new(o, "relations", export_relations(e, a, d->id));
	json_object_set_new(o, "comment_from", date_json(d->comment_from));
	json_object_set_new(o, "comment_until", date_json(d->comment_until));
	json_object_set_new(o, "status", json_string(d->published ? "published" : "draft"));
	if (d->published) {
		struct buf t = BUF_INIT;
		vi_format_rfc3339(&t, d->published_at, e->tz);
		json_object_set_new(o, "published_at", json_string(buf_cstr(&t)));
		buf_free(&t);
	}
	json_object_set_new(o, "files", export_files(e, a, d));
	char *line = json_dumps(o, JSON_COMPACT);
	fprintf(e->out, "%s\n", line);
	free(line);
	json_decref(o);
	arena_free(a);
	e->count++;
	return 0;
}

static int usage_export(void)
{
	fprintf(stderr,
		"usage: gazette export-documents --db DB [--media DIR] FOLDER\n"
		"writes FOLDER/documents.jsonl and FOLDER/files/ (FOLDER must not exist)\n");
	return EXIT_USAGE;
}

int cmd_export_documents(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'}, {"media", required_argument, NULL, 'm'}, {0}};
	const char *db = NULL, *media = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c == 'd')
			db = optarg;
		else if (c == 'm')
			media = optarg;
		else
			return usage_export();
	if (optind != argc - 1 || !cmd_db_url(db))
		return usage_export();
	struct exporter e = {.dir = argv[optind], .media = media};
	char path[4096];
	snprintf(path, sizeof path, "%s/files", e.dir);
	if (mkdir(e.dir, 0750) != 0 || mkdir(path, 0750) != 0)
		return cmd_fail("cannot create '%s': %s (it must not exist)", e.dir,
				strerror(errno));
	struct store *st = cmd_open_store(cmd_db_url(db), false);
	if (!st)
		return EXIT_FAIL;
	e.st = st;
	e.tz = cmd_site_tz(st);
	snprintf(path, sizeof path, "%s/documents.jsonl", e.dir);
	e.out = fopen(path, "wx");
	int rc = EXIT_OK;
	if (!e.out)
		rc = cmd_fail("cannot create '%s': %s", path, strerror(errno));
	else if (store_doc_each(st, export_one, &e) != STORE_OK)
		rc = cmd_fail("reading documents failed");
	if (e.out && fclose(e.out) != 0)
		rc = cmd_fail("cannot write '%s': %s", path, strerror(errno));
	if (rc == EXIT_OK && e.failed)
		rc = cmd_fail("%lld file(s) could not be exported", e.failed);
	if (rc == EXIT_OK)
		fprintf(stderr, "gazette: exported %lld documents to %s\n", e.count, e.dir);
	store_close(st);
	return rc;
}

/* --- import ----------------------------------------------------------------------------------- */

struct line {
	struct doc_in in;
	long lineno;
};

struct importer {
	struct store *tx;
	const char *dir, *media, *label;
	struct arena *a;
	struct line *lines;
	size_t n, cap;
	long bad;
	struct buf saved; /* files written to the media folder, one per line, removed on failure */
};

static int parse_all(struct importer *im, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long no = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		no++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len == 0)
			continue;
		if (im->n == im->cap) {
			im->cap = im->cap ? 2 * im->cap : 64;
			im->lines = xrealloc(im->lines, im->cap * sizeof *im->lines);
		}
		struct buf err = BUF_INIT;
		struct line *l = &im->lines[im->n];
		if (doc_json_read_line(line, (size_t)len, im->a, &l->in, &err) != 0) {
			fprintf(stderr, "%s:%ld: %s\n", im->label, no, buf_cstr(&err));
			im->bad++;
		} else {
			l->lineno = no;
			im->n++;
		}
		buf_free(&err);
	}
	free(line);
	return ferror(f) ? -1 : 0;
}

static enum store_rc list_id(struct importer *im, enum doc_list list, const char *name, int64_t *id)
{
	*id = 0;
	return *name ? store_doc_name_ensure(im->tx, list, name, id) : STORE_OK;
}

/* The record of a line without its relations (documents may name later ones). */
static const char *put_one(struct importer *im, const struct doc_in *in, int64_t *id)
{
	struct document_put p = {.id = in->id,
				 .number = in->number,
				 .summary = in->summary,
				 .body_html = in->body ? safe_html_str(in->body) : "",
				 .signer = in->signer,
				 .signer_position = in->signer_position,
				 .issued_on = in->issued,
				 .effective_on = in->effective,
				 .expires_on = in->expires,
				 .comment_from = in->comment_from,
				 .comment_until = in->comment_until,
				 .published = in->published,
				 .published_at = in->published_at};
	struct doc_fields f = {p.number,     p.summary,      p.issued_on,    p.effective_on,
			       p.expires_on, p.comment_from, p.comment_until};
	const char *why = doc_fields_check(&f);
	if (why)
		return why;
	if (list_id(im, DOC_LIST_KIND, in->kind, &p.kind_id) != STORE_OK ||
	    list_id(im, DOC_LIST_ISSUER, in->issuer, &p.issuer_id) != STORE_OK ||
	    list_id(im, DOC_LIST_FIELD, in->field, &p.field_id) != STORE_OK)
		return "cannot write the lists of kinds, issuers and fields";
	struct buf slug = BUF_INIT;
	const char *text = arena_printf(im->a, "%s %s %s", in->kind, in->number, in->summary);
	vi_slug(text, strlen(text), 100, &slug);
	p.slug = slug.len ? buf_cstr(&slug) : "van-ban";
	enum store_rc rc = store_doc_put(im->tx, &p, id);
	buf_free(&slug);
	return rc == STORE_OK ? NULL : "the database refused the document";
}

static const char *relations_of(struct importer *im, const struct doc_in *in, int64_t id)
{
	struct document d;
	if (store_doc_get(im->tx, im->a, id, &d) != STORE_OK)
		return "the document just written cannot be read";
	struct store_doc_rel *r = arena_alloc(im->a, (in->nrelations + 1) * sizeof *r);
	for (size_t i = 0; i < in->nrelations; i++)
		r[i] = (struct store_doc_rel){(enum doc_rel_kind)in->relations[i].kind,
					      in->relations[i].id};
	struct document_put p = {.id = id,
				 .kind_id = d.kind_id,
				 .issuer_id = d.issuer_id,
				 .field_id = d.field_id,
				 .number = d.number,
				 .slug = d.slug,
				 .summary = d.summary,
				 .body_html = d.body_html,
				 .signer = d.signer,
				 .signer_position = d.signer_position,
				 .issued_on = d.issued_on,
				 .effective_on = d.effective_on,
				 .expires_on = d.expires_on,
				 .comment_from = d.comment_from,
				 .comment_until = d.comment_until,
				 .published = d.published,
				 .published_at = d.published_at,
				 .set_relations = true,
				 .relations = r,
				 .nrelations = in->nrelations};
	int64_t out;
	return store_doc_put(im->tx, &p, &out) == STORE_OK
		   ? NULL
		   : "a relation names a document that does not exist";
}

static const char *file_of(struct importer *im, int64_t id, const struct doc_file_in *fi)
{
	struct buf data = BUF_INIT, text = BUF_INIT, rel = BUF_INIT;
	const char *why = NULL;
	enum doc_type t;
	enum doc_rc dr;
	if (!im->media)
		why = "files need --media (the folder where the server keeps them)";
	else if (read_all(arena_printf(im->a, "%s/%s", im->dir, fi->path), &data) != 0)
		why = arena_printf(im->a, "file '%s' cannot be read", fi->path);
	else if ((dr = doc_check(data.data, data.len, fi->name, &t)) != DOC_OK ||
		 (dr = doc_extract_text(data.data, data.len, t, &text)) != DOC_OK)
		why = arena_printf(im->a, "file '%s': %s", fi->path, doc_rc_message(dr));
	else if (doc_file_save(im->media, data.data, data.len, doc_type_ext(t), time(NULL), &rel) !=
		 0)
		why = "cannot write to the media folder";
	else if (mcache_put(im->tx, im->a, im->media, buf_cstr(&rel), doc_type_mime(t), true) != 0)
		why = "cannot store the file in the database";
	if (!why) {
		buf_printf(&im->saved, "%s\n", buf_cstr(&rel));
		struct doc_file f = {.document_id = id,
				     .file = buf_cstr(&rel),
				     .name = fi->name,
				     .type = doc_type_ext(t),
				     .bytes = (int64_t)data.len,
				     .downloads = fi->downloads};
		if (store_doc_file_add(im->tx, &f, buf_cstr(&text), NULL) != STORE_OK)
			why = "the database refused a file";
	}
	buf_free(&data);
	buf_free(&text);
	buf_free(&rel);
	return why;
}

/* Writes every parsed line: records, then relations (they may name later lines), then files.
 * -1 at the first failure, reported as FILE:LINE: reason. */
static int write_all_lines(struct importer *im)
{
	int64_t *ids = xcalloc(im->n + 1, sizeof *ids);
	const char *why = NULL;
	long at = 0;
	for (size_t k = 0; k < im->n && !why; k++) {
		at = im->lines[k].lineno;
		why = put_one(im, &im->lines[k].in, &ids[k]);
	}
	for (size_t k = 0; k < im->n && !why; k++) {
		at = im->lines[k].lineno;
		if (im->lines[k].in.nrelations)
			why = relations_of(im, &im->lines[k].in, ids[k]);
		for (size_t j = 0; !why && j < im->lines[k].in.nfiles; j++)
			why = file_of(im, ids[k], &im->lines[k].in.files[j]);
	}
	if (why)
		fprintf(stderr, "%s:%ld: %s\n", im->label, at, why);
	free(ids);
	return why ? -1 : 0;
}

static void remove_saved(struct importer *im)
{
	char *list = buf_detach(&im->saved), *save = NULL;
	for (char *r = strtok_r(list, "\n", &save); r; r = strtok_r(NULL, "\n", &save))
		doc_file_remove(im->media, r);
	free(list);
}

static int usage_import(void)
{
	fprintf(stderr, "usage: gazette import-documents --db DB [--media DIR] FOLDER\n"
			"reads FOLDER/documents.jsonl and the files it names under FOLDER\n");
	return EXIT_USAGE;
}

int cmd_import_documents(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'}, {"media", required_argument, NULL, 'm'}, {0}};
	const char *db = NULL, *media = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c == 'd')
			db = optarg;
		else if (c == 'm')
			media = optarg;
		else
			return usage_import();
	if (optind != argc - 1 || !cmd_db_url(db))
		return usage_import();
	struct importer im = {.dir = argv[optind], .media = media, .a = arena_new()};
	im.label = arena_printf(im.a, "%s/documents.jsonl", im.dir);
	FILE *f = fopen(im.label, "r");
	if (!f) {
		arena_free(im.a);
		return cmd_fail("cannot open '%s': %s", im.label, strerror(errno));
	}
	int rc = parse_all(&im, f) == 0 ? EXIT_OK : cmd_fail("error reading %s", im.label);
	fclose(f);
	struct store *st = rc == EXIT_OK && !im.bad ? cmd_open_store(cmd_db_url(db), true) : NULL;
	if (im.bad)
		rc = cmd_fail("nothing imported: %ld invalid line(s) in %s", im.bad, im.label);
	else if (!st)
		rc = EXIT_FAIL;
	else if (store_begin(st, &im.tx) != STORE_OK)
		rc = cmd_fail("cannot start a transaction");
	else if (write_all_lines(&im) != 0) {
		store_rollback(im.tx);
		remove_saved(&im);
		rc = cmd_fail("nothing imported");
	} else if (store_commit(im.tx) != STORE_OK) {
		remove_saved(&im);
		rc = cmd_fail("nothing imported: the database refused the commit");
	} else {
		fprintf(stderr, "gazette: imported %zu documents\n", im.n);
		cmd_search_merge(st, false);
	}
	if (st)
		store_close(st);
	buf_free(&im.saved);
	free(im.lines);
	arena_free(im.a);
	return rc;
}
