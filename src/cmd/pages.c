/* `gazette pages export|import`: the static pages (issue 13) as JSON Lines, a file of their own
 * beside the articles' (README "Static pages"). One line per page, parents before their
 * children: {"slug", "title", "parent" (a slug, or absent at the top), "position", "status"
 * ("draft", "submitted", "published" or "unpublished"; absent: published), "body_html"}, and
 * the English version when the page has one: "title_en", "body_en".
 * Import checks every line first and writes nothing when one is wrong; then, in one transaction,
 * it adds each page or replaces the one with the same slug. */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "sanitize/sanitize.h"
#include "vi/vi.h"

#define PAGES_MAX_DEPTH 16
#define PAGE_SLUG_MAX 80
#define PAGE_TITLE_MAX 1000
#define PAGE_BODY_MAX (2u << 20)

static const struct static_page *by_id(const struct static_page *all, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (all[i].id == id)
			return &all[i];
	return NULL;
}

/* Writes the pages under parent, depth first, so that every parent comes before its children. */
static int write_tree(FILE *out, const struct static_page *all, size_t n, int64_t parent, int depth,
		      bool typed, long long *count)
{
	if (depth > PAGES_MAX_DEPTH)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (all[i].parent_id != parent)
			continue;
		json_t *o = json_object();
		if (typed)
			json_object_set_new(o, "type", json_string("page"));
		json_object_set_new(o, "slug", json_string(all[i].slug));
		json_object_set_new(o, "title", json_string(all[i].title));
		const struct static_page *up = by_id(all, n, parent);
		if (up)
			json_object_set_new(o, "parent", json_string(up->slug));
		json_object_set_new(o, "position", json_integer(all[i].position));
		json_object_set_new(o, "status", json_string(article_status_name(all[i].status)));
		json_object_set_new(o, "body_html", json_string(all[i].body_html));
		if (*all[i].title_en) {
			json_object_set_new(o, "title_en", json_string(all[i].title_en));
			json_object_set_new(o, "body_en", json_string(all[i].body_en));
		}
		char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (!s || fprintf(out, "%s\n", s) < 0) {
			free(s);
			return -1;
		}
		free(s);
		(*count)++;
		if (write_tree(out, all, n, all[i].id, depth + 1, typed, count) != 0)
			return -1;
	}
	return 0;
}

int cmd_pages_write(struct store *st, FILE *out, bool typed, long long *count)
{
	struct arena *a = arena_new();
	struct static_page *all = NULL;
	size_t n = 0;
	int rc = store_pages(st, a, &all, &n) == STORE_OK &&
			 write_tree(out, all, n, 0, 0, typed, count) == 0
		     ? 0
		     : -1;
	arena_free(a);
	return rc;
}

static int export_pages(struct store *st, const char *path)
{
	bool to_stdout = strcmp(path, "-") == 0;
	FILE *out = to_stdout ? stdout : fopen(path, "w");
	if (!out)
		return cmd_fail("cannot write '%s': %s", path, strerror(errno));
	long long count = 0;
	int rc = EXIT_OK;
	if (cmd_pages_write(st, out, false, &count) != 0 || fflush(out) != 0)
		rc = cmd_fail("cannot write '%s'", path);
	if (!to_stdout && fclose(out) != 0 && rc == EXIT_OK)
		rc = cmd_fail("cannot write '%s'", path);
	if (rc == EXIT_OK)
		fprintf(stderr, "exported %lld pages\n", count);
	return rc;
}

static const char *text_field(json_t *o, const char *key, bool required, size_t max,
			      struct arena *a, const char **out, struct buf *err)
{
	json_t *v = json_object_get(o, key);
	*out = "";
	if (!v || json_is_null(v)) {
		if (required)
			buf_printf(err, "field '%s' is missing", key);
		return required ? NULL : "";
	}
	if (!json_is_string(v) || json_string_length(v) > max) {
		buf_printf(err, "field '%s' must be a string of at most %zu bytes", key, max);
		return NULL;
	}
	struct buf b = BUF_INIT;
	if (vi_nfc(json_string_value(v), json_string_length(v), &b) != 0) {
		buf_free(&b);
		buf_printf(err, "field '%s' is not valid text", key);
		return NULL;
	}
	*out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return *out;
}

/* "title_en" and "body_en" (issue 13): optional, the body sanitised, no body without a title. */
static int parse_english(json_t *o, struct arena *a, struct page_line *pl, struct buf *err)
{
	const char *body_en = NULL;
	if (!text_field(o, "title_en", false, PAGE_TITLE_MAX, a, &pl->title_en, err) ||
	    !text_field(o, "body_en", false, PAGE_BODY_MAX, a, &body_en, err))
		return -1;
	if (*body_en && !*pl->title_en) {
		buf_puts(err, "field 'body_en' needs 'title_en'");
		return -1;
	}
	struct safe_html *h = NULL;
	if (sanitize_html(body_en, strlen(body_en), &h) != 0) {
		buf_puts(err, "field 'body_en' cannot be read as HTML");
		return -1;
	}
	pl->body_en = arena_strdup(a, safe_html_str(h));
	safe_html_free(h);
	return 0;
}

int cmd_page_parse(json_t *o, struct arena *a, struct page_line *pl, struct buf *err)
{
	static const char *const known[] = {"type",   "slug",      "title",    "parent", "position",
					    "status", "body_html", "title_en", "body_en"};
	const char *key;
	json_t *val;
	json_object_foreach(o, key, val)
	{
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0] && !ok; i++)
			ok = strcmp(key, known[i]) == 0;
		if (!ok) {
			buf_printf(err, "unknown field '%s' in a page", key);
			return -1;
		}
	}
	json_t *type = json_object_get(o, "type");
	if (type && (!json_is_string(type) || strcmp(json_string_value(type), "page") != 0)) {
		buf_puts(err, "field 'type' must be \"page\"");
		return -1;
	}
	const char *body = NULL, *status = NULL;
	if (!text_field(o, "slug", true, PAGE_SLUG_MAX, a, &pl->slug, err) ||
	    !text_field(o, "title", true, PAGE_TITLE_MAX, a, &pl->title, err) ||
	    !text_field(o, "parent", false, PAGE_SLUG_MAX, a, &pl->parent, err) ||
	    !text_field(o, "body_html", false, PAGE_BODY_MAX, a, &body, err) ||
	    !text_field(o, "status", false, 16, a, &status, err))
		return -1;
	int st = *status ? article_status_parse(status) : ARTICLE_PUBLISHED;
	if (st < 0) {
		buf_printf(err,
			   "field 'status' must be draft, submitted, published or unpublished "
			   "(got '%s')",
			   status);
		return -1;
	}
	pl->status = (enum article_status)st;
	struct buf slug = BUF_INIT;
	vi_slug(pl->slug, strlen(pl->slug), PAGE_SLUG_MAX, &slug);
	bool same = strcmp(buf_cstr(&slug), pl->slug) == 0 && *pl->slug;
	buf_free(&slug);
	if (!same) {
		buf_printf(err,
			   "field 'slug' must be lower-case letters, digits and '-' (got '%s')",
			   pl->slug);
		return -1;
	}
	if (!*pl->title) {
		buf_puts(err, "field 'title' is empty");
		return -1;
	}
	json_t *pos = json_object_get(o, "position");
	if (pos && (!json_is_integer(pos) || json_integer_value(pos) < -1000000 ||
		    json_integer_value(pos) > 1000000)) {
		buf_puts(err, "field 'position' must be an integer from -1000000 to 1000000");
		return -1;
	}
	pl->position = pos ? json_integer_value(pos) : 0;
	struct safe_html *h = NULL;
	if (sanitize_html(body, strlen(body), &h) != 0) {
		buf_puts(err, "field 'body_html' cannot be read as HTML");
		return -1;
	}
	pl->body = arena_strdup(a, safe_html_str(h));
	safe_html_free(h);
	return parse_english(o, a, pl, err);
}

/* Reads one line into pl; 0, or -1 with the reason in err. */
static int parse_line(const char *line, struct arena *a, struct page_line *pl, struct buf *err)
{
	json_error_t je;
	json_t *o = json_loads(line, JSON_REJECT_DUPLICATES, &je);
	int rc = -1;
	if (!o || !json_is_object(o))
		buf_printf(err, "invalid JSON at column %d: %s", je.column,
			   o ? "not an object" : je.text);
	else
		rc = cmd_page_parse(o, a, pl, err);
	json_decref(o);
	return rc;
}

/* The id of the page with that slug (0 when none). */
static enum store_rc id_of(struct store *st, struct arena *a, const char *slug, int64_t *id)
{
	struct static_page pg;
	enum store_rc rc = store_page_by_slug(st, a, slug, &pg);
	*id = rc == STORE_OK ? pg.id : 0;
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

enum store_rc cmd_page_put(struct store *st, struct arena *a, const struct page_line *pl)
{
	struct static_page pg = {.slug = pl->slug,
				 .title = pl->title,
				 .body_html = pl->body,
				 .title_en = pl->title_en ? pl->title_en : "",
				 .body_en = pl->body_en ? pl->body_en : "",
				 .position = pl->position,
				 .status = pl->status};
	enum store_rc rc = id_of(st, a, pl->slug, &pg.id);
	if (rc == STORE_OK && *pl->parent) {
		rc = id_of(st, a, pl->parent, &pg.parent_id);
		if (rc == STORE_OK && !pg.parent_id)
			rc = STORE_NOTFOUND;
	}
	if (rc == STORE_OK)
		rc = store_page_save(st, &pg, &(struct page_save){.no_revision = true}, NULL);
	return rc;
}

static enum store_rc write_pages(struct store *tx, struct arena *a, const struct page_line *pl,
				 size_t n, size_t *bad)
{
	for (size_t i = 0; i < n; i++) {
		enum store_rc rc = cmd_page_put(tx, a, &pl[i]);
		if (rc != STORE_OK) {
			*bad = i;
			return rc;
		}
	}
	return STORE_OK;
}

static int import_pages(struct store *st, const char *path)
{
	bool from_stdin = strcmp(path, "-") == 0;
	const char *label = from_stdin ? "<stdin>" : path;
	FILE *in = from_stdin ? stdin : fopen(path, "r");
	if (!in)
		return cmd_fail("cannot read '%s': %s", path, strerror(errno));
	struct arena *a = arena_new();
	size_t cap = 16, n = 0, lineno = 0;
	struct page_line *pl = arena_alloc(a, cap * sizeof(*pl));
	size_t *lines = arena_alloc(a, cap * sizeof(*lines));
	char *line = NULL;
	size_t linecap = 0;
	ssize_t len;
	int rc = EXIT_OK;
	struct buf err = BUF_INIT;
	while ((len = getline(&line, &linecap, in)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (n == cap) {
			struct page_line *np = arena_alloc(a, 2 * cap * sizeof(*np));
			size_t *nl = arena_alloc(a, 2 * cap * sizeof(*nl));
			memcpy(np, pl, n * sizeof(*np));
			memcpy(nl, lines, n * sizeof(*nl));
			pl = np;
			lines = nl;
			cap *= 2;
		}
		buf_reset(&err);
		if (parse_line(line, a, &pl[n], &err) != 0) {
			rc = cmd_fail("%s:%zu: %s", label, lineno, buf_cstr(&err));
			break;
		}
		lines[n++] = lineno;
	}
	free(line);
	if (!from_stdin)
		fclose(in);
	struct store *tx = NULL;
	size_t bad = 0;
	enum store_rc src = STORE_OK;
	if (rc == EXIT_OK && (src = store_begin(st, &tx)) == STORE_OK) {
		src = write_pages(tx, a, pl, n, &bad);
		if (src == STORE_OK)
			src = store_commit(tx);
		else
			store_rollback(tx);
		if (src == STORE_NOTFOUND)
			rc = cmd_fail(
			    "%s:%zu: page '%s' names a parent that no earlier line or page has "
			    "(nothing imported)",
			    label, lines[bad], pl[bad].slug);
		else if (src == STORE_INVALID)
			rc = cmd_fail("%s:%zu: page '%s' would be below itself (nothing imported)",
				      label, lines[bad], pl[bad].slug);
		else if (src != STORE_OK)
			rc = cmd_fail("cannot write the pages (nothing imported)");
	} else if (rc == EXIT_OK) {
		rc = cmd_fail("cannot write the pages (nothing imported)");
	}
	if (rc == EXIT_OK)
		fprintf(stderr, "imported %zu pages\n", n);
	buf_free(&err);
	arena_free(a);
	return rc;
}

static int usage(void)
{
	fputs("usage: gazette pages export|import --db DB FILE|-\n", stderr);
	return EXIT_USAGE;
}

int cmd_pages(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	if (argc < 2)
		return usage();
	const char *verb = argv[1];
	bool exporting = strcmp(verb, "export") == 0;
	if (!exporting && strcmp(verb, "import") != 0)
		return usage();
	const char *db = NULL;
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else
			return usage();
	}
	if (optind != argc - 1)
		return usage();
	struct store *st = cmd_open_store(cmd_db_url(db), false);
	if (!st)
		return EXIT_FAIL;
	int rc = exporting ? export_pages(st, argv[optind]) : import_pages(st, argv[optind]);
	store_close(st);
	return rc;
}
