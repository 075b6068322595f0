/* `gazette fix-encoding`: TCVN3/VNI text already stored converted to Unicode, with a report. */
#include "cmd/cmd.h"

#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "sanitize/sanitize.h"
#include "vi/legacy.h"
#include "vi/vi.h"

#define FIX_LISTED 200

/* Article text fields, in the order of the report. */
enum { F_TITLE, F_LEAD, F_BODY, F_AUTHOR, F_SIGNATURE, F_SOURCE, F_MAX };
static const char *const field_names[F_MAX] = {"title",  "lead",      "body",
					       "author", "signature", "source"};

struct fixer {
	struct store *st;
	bool dry_run;
	GArray *ids; /* articles with something to fix */
	long fields[VI_LEGACY_MAX], articles, categories, tags, listed;
};

static const char **fields_of(const struct article *a, const char **f)
{
	f[F_TITLE] = a->title;
	f[F_LEAD] = a->lead;
	f[F_BODY] = a->body_html;
	f[F_AUTHOR] = a->author;
	f[F_SIGNATURE] = a->signature;
	f[F_SOURCE] = a->source;
	return f;
}

/* Legacy text only: raw Windows-1252 is not repaired here (stored text is valid UTF-8). */
static bool legacy(const char *s)
{
	enum vi_legacy e = vi_legacy_detect(s, strlen(s));
	return e == VI_LEGACY_TCVN3 || e == VI_LEGACY_VNI;
}

static int collect(const struct article *a, void *ctx)
{
	struct fixer *fx = ctx;
	const char *f[F_MAX];
	fields_of(a, f);
	for (int i = 0; i < F_MAX; i++)
		if (legacy(f[i])) {
			g_array_append_val(fx->ids, a->id);
			return 0;
		}
	for (size_t i = 0; i < a->ntags; i++)
		if (legacy(a->tags[i])) {
			g_array_append_val(fx->ids, a->id);
			return 0;
		}
	return 0;
}

/* Fixes s into out when it is legacy text; prints the change. Returns true when changed. */
static bool fix_one(struct fixer *fx, const char *what, long long id, const char *field,
		    const char *s, struct buf *out)
{
	buf_reset(out);
	enum vi_legacy e = vi_legacy_detect(s, strlen(s));
	if (e != VI_LEGACY_TCVN3 && e != VI_LEGACY_VNI)
		return false;
	vi_legacy_decode(e, s, strlen(s), out);
	fx->fields[e]++;
	if (fx->listed++ < FIX_LISTED)
		printf("%s %lld: %s (%s): %.60s -> %.60s\n", what, id, field, vi_legacy_name(e), s,
		       buf_cstr(out));
	return true;
}

static int fix_article(struct fixer *fx, int64_t id)
{
	struct arena *a = arena_new();
	struct article cur;
	struct buf fixed[F_MAX];
	const char *f[F_MAX], *tags[64];
	bool changed = false;
	int rc = 0;
	if (store_article_get(fx->st, a, id, &cur) != STORE_OK) {
		arena_free(a);
		return 0;
	}
	fields_of(&cur, f);
	for (int i = 0; i < F_MAX; i++) {
		fixed[i] = (struct buf)BUF_INIT;
		if (fix_one(fx, "article", (long long)id, field_names[i], f[i], &fixed[i])) {
			f[i] = buf_cstr(&fixed[i]);
			changed = true;
		}
	}
	size_t nt = cur.ntags < 64 ? cur.ntags : 64;
	for (size_t i = 0; i < nt; i++)
		tags[i] = cur.tags[i]; /* already repaired by fix_tags */
	struct safe_html *clean = NULL;
	if (changed && !fx->dry_run && sanitize_html(f[F_BODY], strlen(f[F_BODY]), &clean) == 0) {
		struct article_put p = {.id = id,
					.category_id = cur.category_id,
					.status = cur.status,
					.published_at = cur.published_at,
					.expires_at = cur.expires_at,
					.no_revision = true,
					.title = f[F_TITLE],
					.slug = cur.slug,
					.lead = f[F_LEAD],
					.body_html = safe_html_str(clean),
					.author = f[F_AUTHOR],
					.signature = f[F_SIGNATURE],
					.source = f[F_SOURCE],
					.image = cur.image, /* kept as it is */
					.tags = tags,
					.ntags = nt};
		if (store_article_put(fx->st, &p, NULL) != STORE_OK)
			rc = -1;
	}
	fx->articles += changed;
	safe_html_free(clean);
	for (int i = 0; i < F_MAX; i++)
		buf_free(&fixed[i]);
	arena_free(a);
	return rc;
}

/* Tags are renamed in place (their articles follow); a name taken already is reported. */
static int fix_tags(struct fixer *fx)
{
	struct arena *a = arena_new();
	struct tag *tags = NULL;
	size_t n = 0;
	struct buf out = BUF_INIT, slug = BUF_INIT;
	int rc = store_tags(fx->st, a, &tags, &n) == STORE_OK ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (!fix_one(fx, "tag", (long long)tags[i].id, "name", tags[i].name, &out))
			continue;
		fx->tags++;
		buf_reset(&slug);
		vi_slug(out.data, out.len, 80, &slug);
		enum store_rc src =
		    fx->dry_run ? STORE_OK
				: store_tag_rename(fx->st, tags[i].id, buf_cstr(&out),
						   slug.len ? buf_cstr(&slug) : tags[i].slug);
		if (src == STORE_CONFLICT)
			printf("tag %lld: kept, a tag named \"%s\" exists already\n",
			       (long long)tags[i].id, buf_cstr(&out));
		else if (src != STORE_OK)
			rc = -1;
	}
	buf_free(&out);
	buf_free(&slug);
	arena_free(a);
	return rc;
}

static int fix_categories(struct fixer *fx)
{
	struct arena *a = arena_new();
	struct category *cats = NULL;
	size_t n = 0;
	struct buf out = BUF_INIT;
	int rc = store_categories(fx->st, a, &cats, &n) == STORE_OK ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (!fix_one(fx, "category", (long long)cats[i].id, "name", cats[i].name, &out))
			continue;
		fx->categories++;
		if (!fx->dry_run &&
		    store_category_update(fx->st, cats[i].id, cats[i].parent_id, buf_cstr(&out),
					  cats[i].slug, cats[i].position) != STORE_OK)
			rc = -1;
	}
	buf_free(&out);
	arena_free(a);
	return rc;
}

static int usage(void)
{
	fputs("usage: gazette fix-encoding --db DB [--dry-run]\n", stderr);
	return EXIT_USAGE;
}

int cmd_fix_encoding(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"dry-run", no_argument, NULL, 'n'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL;
	struct fixer fx = {0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'n')
			fx.dry_run = true;
		else
			return usage();
	}
	if (optind != argc)
		return usage();
	struct store *st = cmd_open_store(cmd_db_url(db), false);
	if (!st)
		return EXIT_FAIL;
	fx.st = st;
	fx.ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
	int code = EXIT_OK;
	if (store_articles_each(st, collect, &fx) != STORE_OK) {
		code = cmd_fail("cannot read the articles");
		goto out;
	}
	struct store *tx = NULL;
	if (store_begin(st, &tx) != STORE_OK) {
		code =
		    cmd_fail("cannot start a transaction: is the database locked or unavailable?");
		goto out;
	}
	fx.st = tx;
	int rc = fix_categories(&fx);
	if (rc == 0)
		rc = fix_tags(&fx);
	for (guint i = 0; rc == 0 && i < fx.ids->len; i++)
		rc = fix_article(&fx, g_array_index(fx.ids, int64_t, i));
	if (rc != 0) {
		store_rollback(tx);
		code = cmd_fail("nothing changed: the database refused a write");
		goto out;
	}
	if ((fx.dry_run ? store_rollback(tx) : store_commit(tx)) != STORE_OK) {
		code = cmd_fail("nothing changed: the database refused the commit");
		goto out;
	}
	printf(
	    "%s %ld articles, %ld categories and %ld tags: %ld fields from TCVN3, %ld from VNI\n",
	    fx.dry_run ? "would fix" : "fixed", fx.articles, fx.categories, fx.tags,
	    fx.fields[VI_LEGACY_TCVN3], fx.fields[VI_LEGACY_VNI]);
out:
	g_array_free(fx.ids, TRUE);
	store_close(st);
	return code;
}
