/* `gazette import`: JSON Lines into the store, all or nothing unless --skip-invalid: articles, and
 * static pages on lines with "type": "page" (a page's parent on an earlier line or stored). */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "io/jsonl.h"
#include "vi/vi.h"

#define SLUG_MAX 80

struct importer {
	struct store *st;
	const struct import_opts *o;
	GHashTable *cats; /* "name\x1fname..." -> category id */
	GHashTable *ids;  /* article id -> the line that gave it (both gint64 in the key/value) */
	long long ok, bad, lines, pages;
};

/* Finds or creates each category of the path; returns its id, or 0 with why set. */
static int64_t ensure_path(struct importer *im, const struct article_in *a, const char **why)
{
	struct buf key = BUF_INIT, slug = BUF_INIT;
	int64_t parent = 0;
	for (size_t i = 0; i < a->ncategory; i++) {
		if (i)
			buf_putc(&key, '\x1f');
		buf_puts(&key, a->category[i]);
		gpointer hit = g_hash_table_lookup(im->cats, buf_cstr(&key));
		if (hit) {
			parent = *(int64_t *)hit;
			continue;
		}
		buf_reset(&slug);
		vi_slug(a->category[i], strlen(a->category[i]), SLUG_MAX, &slug);
		int64_t id = 0;
		enum store_rc rc =
		    store_category_ensure(im->st, parent, a->category[i], buf_cstr(&slug), &id);
		if (rc != STORE_OK) {
			*why = store_rc_str(rc);
			parent = 0;
			break;
		}
		int64_t *v = g_new(int64_t, 1);
		*v = id;
		g_hash_table_insert(im->cats, g_strdup(buf_cstr(&key)), v);
		parent = id;
	}
	buf_free(&key);
	buf_free(&slug);
	return parent;
}

static enum store_rc write_article(struct importer *im, const struct article_in *a,
				   const char **why)
{
	int64_t cat = ensure_path(im, a, why);
	if (!cat)
		return STORE_ERROR;
	struct buf slug = BUF_INIT;
	vi_slug(a->title, strlen(a->title), SLUG_MAX, &slug);
	struct article_put p = {
	    .id = a->has_id ? a->id : 0,
	    .category_id = cat,
	    .status = a->published ? ARTICLE_PUBLISHED : ARTICLE_DRAFT,
	    .published_at = a->has_published_at ? a->published_at : 0,
	    .views = a->has_views ? a->views : 0,
	    .set_views = a->has_views,
	    .no_revision = true,
	    .title = a->title,
	    .slug = slug.len ? buf_cstr(&slug) : "bai-viet",
	    .lead = a->lead,
	    .body_html = safe_html_str(a->body),
	    .body_version = SANITIZE_VERSION, /* jsonl_parse_article sanitised it */
	    .author = a->author,
	    .signature = a->signature,
	    .source = a->source,
	    .image = {a->image_src, a->image_alt, a->image_caption},
	    .tags = a->tags,
	    .ntags = a->ntags,
	};
	enum store_rc rc = store_article_put(im->st, &p, NULL);
	if (rc != STORE_OK)
		*why = store_rc_str(rc);
	buf_free(&slug);
	return rc;
}

static void report(struct importer *im, const char *reason)
{
	fprintf(stderr, "%s:%lld: %s\n", im->o->label, im->lines, reason);
	im->bad++;
}

/* True, with the reason in err, when an earlier line of this import gave the same id (the second
 * would silently replace the first). */
static bool seen_before(struct importer *im, int64_t id, struct buf *err)
{
	gint64 *first = g_hash_table_lookup(im->ids, &id);
	if (first) {
		buf_printf(err, "id %lld is already used on line %lld of this import",
			   (long long)id, (long long)*first);
		return true;
	}
	gint64 *k = g_new(gint64, 1), *v = g_new(gint64, 1);
	*k = id;
	*v = im->lines;
	g_hash_table_insert(im->ids, k, v);
	return false;
}

/* A line with a "type" member: a static page ("type": "page"). Returns 1 when the line is not
 * one (an article then), else 0, or -1 when the store failed in a way that ends the import. */
static int import_typed(struct importer *im, const char *line, size_t len)
{
	bool maybe = false;
	for (size_t i = 0; i + 6 <= len && !maybe; i++)
		maybe = memcmp(line + i, "\"type\"", 6) == 0;
	if (!maybe)
		return 1; /* the common case: an article, parsed once */
	json_error_t je;
	json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (!o || !json_is_object(o) || !json_object_get(o, "type")) {
		json_decref(o);
		return 1; /* an article (or a line jsonl_parse_article reports) */
	}
	struct arena *a = arena_new();
	struct buf err = BUF_INIT;
	struct page_line pl;
	int rc = 0;
	if (cmd_page_parse(o, a, &pl, &err) != 0) {
		report(im, buf_cstr(&err));
	} else if (im->bad == 0 || im->o->skip_invalid) {
		enum store_rc src = cmd_page_put(im->st, a, &pl);
		if (src == STORE_OK)
			im->pages++;
		else if (src == STORE_NOTFOUND)
			report(im, "the page's parent is on no earlier line and not stored");
		else if (src == STORE_INVALID || src == STORE_CONFLICT)
			report(im, "the page would be below itself");
		else
			report(im, store_rc_str(src)), rc = -1;
	}
	json_decref(o);
	buf_free(&err);
	arena_free(a);
	return rc;
}

/* Handles one line; returns -1 only when the store failed in a way that ends the import. */
static int import_line(struct importer *im, const char *line, size_t len)
{
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len)
		return 0; /* blank lines are allowed */
	int typed = import_typed(im, line, len);
	if (typed != 1)
		return typed;
	struct arena *a = arena_new();
	struct article_in in;
	struct buf err = BUF_INIT;
	int rc = 0;
	if (jsonl_parse_article(line, len, a, &in, &err) != 0) {
		report(im, buf_cstr(&err));
	} else if (in.has_id && seen_before(im, in.id, &err)) {
		report(im, buf_cstr(&err));
	} else if (im->bad == 0 || im->o->skip_invalid) {
		const char *why = "database error";
		enum store_rc src = write_article(im, &in, &why);
		if (src == STORE_OK) {
			im->ok++;
		} else if (src == STORE_INVALID || src == STORE_CONFLICT) {
			report(im, why);
		} else {
			report(im, why);
			rc = -1;
		}
	}
	buf_free(&err);
	arena_free(a);
	return rc;
}

static long long file_size(FILE *f)
{
	struct stat sb;
	return fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) ? (long long)sb.st_size : 0;
}

/* Reads every line; the transaction makes the whole run one write. */
static int read_all(struct importer *im, FILE *in)
{
	struct progress prog;
	cmd_progress_start(&prog, file_size(in));
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long long bytes = 0;
	int rc = 0;
	while (rc == 0 && (n = getline(&line, &cap, in)) > 0) {
		im->lines++;
		bytes += n;
		if (memchr(line, '\0', (size_t)n)) {
			report(im, "line contains a NUL byte");
			continue;
		}
		rc = import_line(im, line, (size_t)n);
		cmd_progress_update(&prog, im->ok, bytes, "articles");
	}
	cmd_progress_end(&prog);
	if (ferror(in)) {
		cmd_fail("error reading %s: %s", im->o->label, strerror(errno));
		rc = -1;
	}
	free(line);
	return rc;
}

int cmd_import_run(struct store *st, const struct import_opts *o)
{
	FILE *in = o->in;
	if (!in) {
		in = strcmp(o->path, "-") == 0 ? stdin : fopen(o->path, "r");
		if (!in)
			return cmd_fail("cannot open '%s': %s", o->path, strerror(errno));
	}
	struct importer im = {.st = st, .o = o};
	im.cats = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	im.ids = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	double t0 = cmd_now_seconds();
	int exit_code = EXIT_OK;
	struct store *tx;
	if (store_begin(st, &tx) != STORE_OK) {
		exit_code =
		    cmd_fail("cannot start a transaction: is the database locked or unavailable?");
		goto out;
	}
	im.st = tx; /* every write of the import is part of the transaction */
	int rc = read_all(&im, in);
	if (rc != 0 || (im.bad && !o->skip_invalid)) {
		store_rollback(tx);
		fprintf(stderr, "gazette: nothing imported: %lld invalid line%s in %s\n", im.bad,
			im.bad == 1 ? "" : "s", o->label);
		exit_code = EXIT_FAIL;
		goto out;
	}
	if (store_commit(tx) != STORE_OK) {
		exit_code = cmd_fail("nothing imported: the database refused the commit");
		goto out;
	}
	if (!o->quiet && im.bad)
		fprintf(stderr,
			"gazette: imported %lld articles from %s, skipped %lld invalid lines\n",
			im.ok, o->label, im.bad);
	else if (!o->quiet) {
		char pages[48] = "";
		if (im.pages)
			snprintf(pages, sizeof pages, ", %lld pages", im.pages);
		fprintf(stderr, "gazette: imported %lld articles%s from %s in %.1f s\n", im.ok,
			pages, o->label, cmd_now_seconds() - t0);
	}
out:
	g_hash_table_destroy(im.cats);
	g_hash_table_destroy(im.ids);
	if (in != stdin && in != o->in)
		fclose(in);
	return exit_code;
}

static int usage(void)
{
	fputs("usage: gazette import --db DB [--skip-invalid] FILE|-\n", stderr);
	return EXIT_USAGE;
}

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"skip-invalid", no_argument, NULL, 's'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL;
	struct import_opts o = {0};
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 's')
			o.skip_invalid = true;
		else
			return usage();
	}
	if (optind != argc - 1)
		return usage();
	o.path = argv[optind];
	o.label = strcmp(o.path, "-") == 0 ? "<stdin>" : o.path;
	struct store *st = cmd_open_store(cmd_db_url(db), false);
	if (!st)
		return EXIT_FAIL;
	int rc = cmd_import_run(st, &o);
	store_close(st);
	return rc;
}
