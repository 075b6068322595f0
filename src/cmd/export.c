/* `gazette export`: every article as JSON Lines, the format `import` reads; with --pages, then
 * every static page as a line with "type": "page" (parents first), which `import` reads too. */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "io/jsonl.h"

#define MAX_DEPTH 32

struct exporter {
	FILE *out;
	const char *tz;
	struct category *cats;
	size_t ncats;
	long long count;
	struct progress prog;
	struct buf line;
};

static const struct category *find(const struct exporter *e, int64_t id)
{
	for (size_t i = 0; i < e->ncats; i++)
		if (e->cats[i].id == id)
			return &e->cats[i];
	return NULL;
}

/* Fills names with the category path from the root; returns the depth. */
static size_t path_of(const struct exporter *e, int64_t id, const char **names)
{
	const struct category *chain[MAX_DEPTH];
	size_t n = 0;
	for (const struct category *c = find(e, id); c && n < MAX_DEPTH;
	     c = c->parent_id ? find(e, c->parent_id) : NULL)
		chain[n++] = c;
	for (size_t i = 0; i < n; i++)
		names[i] = chain[n - 1 - i]->name;
	return n;
}

static int write_one(const struct article *a, void *ctx)
{
	struct exporter *e = ctx;
	const char *names[MAX_DEPTH];
	struct article_out o = {
	    .id = a->id,
	    .title = a->title,
	    .lead = a->lead,
	    .body_html = a->body_html,
	    .category = names,
	    .ncategory = path_of(e, a->category_id, names),
	    .author = a->author,
	    .signature = a->signature,
	    .source = a->source,
	    .image_src = a->image.src,
	    .image_alt = a->image.alt,
	    .image_caption = a->image.caption,
	    /* A published article always has a date, even 1970-01-01T00:00:00Z (0). */
	    .has_published_at = a->published_at != 0 || a->status == ARTICLE_PUBLISHED,
	    .published_at = a->published_at,
	    .published = a->status == ARTICLE_PUBLISHED,
	    .views = a->views,
	    .tags = (const char *const *)a->tags,
	    .ntags = a->ntags,
	};
	buf_reset(&e->line);
	jsonl_write_article(&e->line, &o, e->tz);
	if (fwrite(e->line.data, 1, e->line.len, e->out) != e->line.len)
		return -1;
	e->count++;
	cmd_progress_update(&e->prog, e->count, 0, "articles");
	return 0;
}

static int usage(void)
{
	fputs("usage: gazette export --db DB [--pages] [FILE|-]\n", stderr);
	return EXIT_USAGE;
}

static int run(struct store *st, const char *path, bool with_pages)
{
	bool to_stdout = !path || strcmp(path, "-") == 0;
	struct buf tmp = BUF_INIT;
	struct exporter e = {.tz = cmd_site_tz(st)};
	struct arena *a = arena_new();
	int rc = EXIT_FAIL;
	if (store_categories(st, a, &e.cats, &e.ncats) != STORE_OK) {
		cmd_fail("cannot read the categories");
		goto out;
	}
	if (to_stdout) {
		e.out = stdout;
	} else {
		/* Write beside the target and rename, so a failed export never leaves half a file.
		 */
		buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
		e.out = fopen(buf_cstr(&tmp), "w");
		if (!e.out) {
			cmd_fail("cannot write '%s': %s", path, strerror(errno));
			goto out;
		}
	}
	cmd_progress_start(&e.prog, 0);
	enum store_rc src = store_articles_each(st, write_one, &e);
	cmd_progress_end(&e.prog);
	long long pages = 0;
	if (src == STORE_OK && with_pages && cmd_pages_write(st, e.out, true, &pages) != 0)
		src = STORE_ERROR;
	bool ok = src == STORE_OK && fflush(e.out) == 0 && !ferror(e.out);
	if (!to_stdout) {
		ok = fclose(e.out) == 0 && ok;
		if (ok && rename(buf_cstr(&tmp), path) != 0)
			ok = false;
		if (!ok)
			unlink(buf_cstr(&tmp));
	}
	if (!ok) {
		cmd_fail("export failed after %lld articles: %s", e.count,
			 src != STORE_OK ? store_rc_str(src) : strerror(errno));
		goto out;
	}
	if (!to_stdout || !isatty(STDOUT_FILENO))
		fprintf(stderr, "gazette: exported %lld articles%s\n", e.count,
			pages ? arena_printf(a, ", %lld pages", pages) : "");
	rc = EXIT_OK;
out:
	buf_free(&e.line);
	buf_free(&tmp);
	arena_free(a);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"pages", no_argument, NULL, 'p'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL;
	bool with_pages = false;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'p')
			with_pages = true;
		else
			return usage();
	}
	if (argc - optind > 1)
		return usage();
	struct store *st = cmd_open_store(cmd_db_url(db), false);
	if (!st)
		return EXIT_FAIL;
	int rc = run(st, optind < argc ? argv[optind] : NULL, with_pages);
	store_close(st);
	return rc;
}
