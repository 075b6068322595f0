/* `gazette import`: JSON Lines into the store, all or nothing unless --skip-invalid: articles, and
 * static pages on lines with "type": "page" (a page's parent on an earlier line or stored). */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "io/jsonl.h"
#include "sanitize/snippet.h"
#include "vi/vi.h"

#define SLUG_MAX 80
/* Lines parsed ahead of the writer by the reader thread. */
#define AHEAD 256
/* New articles written together (store_articles_import) at most. */
#define BATCH 100

struct line;

struct importer {
	struct store *st;
	const struct import_opts *o;
	GHashTable *cats; /* "name\x1fname..." -> category id */
	GHashTable *ids;  /* article id -> the line that gave it (both gint64 in the key/value) */
	long long ok, bad, lines, pages;
	struct line *batch; /* parsed articles not written yet, in order */
	size_t nbatch;
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

/* The put of a parsed article (its slug and strings in arena a); false with why set when its
 * category path cannot be made. */
static bool make_put(struct importer *im, struct arena *ar, const struct article_in *a,
		     const char *body_text, const struct buf *words, struct article_put *p,
		     const char **why)
{
	int64_t cat = ensure_path(im, a, why);
	if (!cat)
		return false;
	struct buf slug = BUF_INIT;
	vi_slug(a->title, strlen(a->title), SLUG_MAX, &slug);
	*p = (struct article_put){
	    .id = a->has_id ? a->id : 0,
	    .category_id = cat,
	    .status = a->published ? ARTICLE_PUBLISHED : ARTICLE_DRAFT,
	    .published_at = a->has_published_at ? a->published_at : 0,
	    .views = a->has_views ? a->views : 0,
	    .set_views = a->has_views,
	    .no_revision = true,
	    .title = a->title,
	    .slug = slug.len ? arena_strdup(ar, buf_cstr(&slug)) : "bai-viet",
	    .lead = a->lead,
	    .body_html = safe_html_str(a->body),
	    .body_version = SANITIZE_VERSION, /* jsonl_parse_article sanitised it */
	    .body_text = body_text,           /* made by the reader thread */
	    .author = a->author,
	    .signature = a->signature,
	    .source = a->source,
	    .image = {a->image_src, a->image_alt, a->image_caption},
	    .tags = a->tags,
	    .ntags = a->ntags,
	    .words = words,
	};
	buf_free(&slug);
	return true;
}

static enum store_rc write_article(struct importer *im, struct arena *ar,
				   const struct article_in *a, const char *body_text,
				   const struct buf *words, const char **why)
{
	struct article_put p;
	if (!make_put(im, ar, a, body_text, words, &p, why))
		return STORE_ERROR;
	enum store_rc rc = store_article_put(im->st, &p, NULL);
	if (rc != STORE_OK)
		*why = store_rc_str(rc);
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

/*
 * Reading and parsing (JSON, the sanitiser, the body's text) run in a thread of their own, up to
 * AHEAD lines ahead of the writer, so that they overlap the database's work; the writer takes the
 * lines in order, so the outcome and the messages are those of reading line by line.
 */
struct line {
	long long no, bytes;
	enum { LINE_BLANK, LINE_NUL, LINE_BAD, LINE_OK } kind;
	struct arena *a;
	struct article_in in;
	struct buf err, text;
	struct buf words[STORE_WORDS]; /* the search words made ahead (store_article_words) */
	bool has_words;
	char *raw; /* a copy of a line that may be a typed one (a page): import_typed decides */
	size_t rawlen;
};

struct ahead {
	FILE *in;
	struct line slot[AHEAD];
	size_t head, count; /* lines ready: slot[head], ... */
	bool done, stop;    /* the reader is finished; the writer wants no more */
	struct store *st;   /* for store_article_words */
	bool words;         /* the reader makes the search words (store_article_words_ready) */
	int read_errno;     /* errno of a read error, 0 when none */
	pthread_mutex_t mu;
	pthread_cond_t ready, room;
};

/* Parses one line (without blank-line and NUL checks) into l. */
static void parse_line(const struct ahead *q, struct line *l, char *line, size_t len)
{
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len) {
		l->kind = LINE_BLANK; /* blank lines are allowed */
		return;
	}
	bool maybe_typed = false;
	for (size_t k = 0; k + 6 <= len && !maybe_typed; k++)
		maybe_typed = memcmp(line + k, "\"type\"", 6) == 0;
	if (maybe_typed) {
		l->raw = xmalloc(len + 1);
		memcpy(l->raw, line, len);
		l->raw[len] = '\0';
		l->rawlen = len;
	}
	l->a = arena_new();
	if (jsonl_parse_article(line, len, l->a, &l->in, &l->err) != 0) {
		l->kind = LINE_BAD;
		return;
	}
	const char *body = safe_html_str(l->in.body);
	sanitize_stored_text(body, strlen(body), &l->text);
	if (q->words && l->in.published)
		l->has_words = store_article_words(q->st, l->in.title, l->in.lead,
						   buf_cstr(&l->text), l->words);
	l->kind = LINE_OK;
}

static void *reader(void *arg)
{
	struct ahead *q = arg;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long long no = 0;
	for (;;) {
		pthread_mutex_lock(&q->mu);
		while (q->count == AHEAD && !q->stop)
			pthread_cond_wait(&q->room, &q->mu);
		bool stop = q->stop;
		pthread_mutex_unlock(&q->mu);
		if (stop || (n = getline(&line, &cap, q->in)) <= 0)
			break;
		struct line l = {.no = ++no, .bytes = n, .err = BUF_INIT, .text = BUF_INIT};
		if (memchr(line, '\0', (size_t)n))
			l.kind = LINE_NUL;
		else
			parse_line(q, &l, line, (size_t)n);
		pthread_mutex_lock(&q->mu);
		q->slot[(q->head + q->count) % AHEAD] = l;
		q->count++;
		pthread_cond_signal(&q->ready);
		pthread_mutex_unlock(&q->mu);
	}
	free(line);
	pthread_mutex_lock(&q->mu);
	q->read_errno = ferror(q->in) ? (errno ? errno : EIO) : 0;
	q->done = true;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* The next line in order, false at the end. */
static bool next_line(struct ahead *q, struct line *out)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == 0 && !q->done)
		pthread_cond_wait(&q->ready, &q->mu);
	bool got = q->count > 0;
	if (got) {
		*out = q->slot[q->head];
		q->head = (q->head + 1) % AHEAD;
		q->count--;
		pthread_cond_signal(&q->room);
	}
	pthread_mutex_unlock(&q->mu);
	return got;
}

static void line_free(struct line *l)
{
	buf_free(&l->err);
	buf_free(&l->text);
	for (int i = 0; i < STORE_WORDS; i++)
		buf_free(&l->words[i]);
	free(l->raw);
	if (l->a)
		arena_free(l->a);
}

/* Writes one parsed article (a line of kind LINE_OK) as line im->lines; -1 when the store failed in
 * a way that ends the import. */
static int write_line(struct importer *im, struct line *l)
{
	if (im->bad && !im->o->skip_invalid)
		return 0; /* nothing will be kept: the rest is only checked */
	const char *why = "database error";
	enum store_rc src = write_article(im, l->a, &l->in, buf_cstr(&l->text),
					  l->has_words ? l->words : NULL, &why);
	if (src == STORE_OK) {
		im->ok++;
		return 0;
	}
	report(im, why);
	return src == STORE_INVALID || src == STORE_CONFLICT ? 0 : -1;
}

/*
 * Writes the articles held back, together when the store can (store_articles_import), else one
 * by one as each line would have been, so that the messages (and their line numbers) and what is
 * kept are those of writing line by line.
 */
static int flush(struct importer *im)
{
	size_t n = im->nbatch;
	if (n == 0)
		return 0;
	long long at = im->lines;
	struct article_put *puts = xcalloc(n, sizeof(*puts));
	const char *why = NULL;
	size_t made = 0;
	for (; made < n; made++) {
		struct line *l = &im->batch[made];
		if (!make_put(im, l->a, &l->in, buf_cstr(&l->text), l->has_words ? l->words : NULL,
			      &puts[made], &why))
			break;
	}
	bool done = false;
	enum store_rc src = made == n ? store_articles_import(im->st, puts, n, &done) : STORE_OK;
	int rc = 0;
	if (src != STORE_OK) {
		im->lines = im->batch[0].no;
		report(im, store_rc_str(src));
		rc = -1;
	} else if (done) {
		im->ok += (long long)n;
	}
	for (size_t i = 0; i < n; i++) {
		im->lines = im->batch[i].no;
		if (rc == 0 && !done)
			rc = write_line(im, &im->batch[i]);
		line_free(&im->batch[i]);
	}
	im->lines = at;
	im->nbatch = 0;
	free(puts);
	return rc;
}

/* Handles one parsed line, taking it (*l is then emptied) when it is an article held back for
 * the next batch; returns -1 only when the store failed in a way that ends the import. */
static int import_line(struct importer *im, struct line *l)
{
	bool article = l->kind == LINE_OK && !l->raw;
	if ((!article && l->kind != LINE_BLANK) ||
	    (article && im->nbatch && im->batch[0].in.has_id != l->in.has_id)) {
		long long at = im->lines;
		int rc = flush(im); /* what came before is written, and reported, first */
		im->lines = at;
		if (rc != 0)
			return rc;
	}
	if (l->kind != LINE_NUL && l->raw) {
		int typed = import_typed(im, l->raw, l->rawlen);
		if (typed != 1)
			return typed;
	}
	struct buf err = BUF_INIT;
	int rc = 0;
	if (l->kind == LINE_NUL) {
		report(im, "line contains a NUL byte");
	} else if (l->kind == LINE_BAD) {
		report(im, buf_cstr(&l->err));
	} else if (l->kind == LINE_OK && l->in.has_id && seen_before(im, l->in.id, &err)) {
		rc = flush(im); /* the earlier lines' messages first */
		report(im, buf_cstr(&err));
	} else if (l->kind == LINE_OK && !article) {
		rc = write_line(im, l); /* an article line mentioning "type" */
	} else if (l->kind == LINE_OK && (im->bad == 0 || im->o->skip_invalid)) {
		im->batch[im->nbatch++] = *l;
		*l = (struct line){.err = BUF_INIT, .text = BUF_INIT};
		if (im->nbatch == BATCH)
			rc = flush(im);
	}
	buf_free(&err);
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
	struct ahead *q = xcalloc(1, sizeof(*q));
	q->in = in;
	q->st = im->st;
	q->words = store_article_words_ready(im->st);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->ready, NULL);
	pthread_cond_init(&q->room, NULL);
	pthread_t th;
	long long bytes = 0;
	int rc = 0;
	int err = pthread_create(&th, NULL, reader, q);
	bool threaded = err == 0;
	if (!threaded)
		rc = cmd_fail("cannot start the reading thread: %s", strerror(err));
	struct line l;
	while (threaded && next_line(q, &l)) {
		im->lines = l.no;
		bytes += l.bytes;
		if (rc == 0)
			rc = import_line(im, &l);
		line_free(&l);
		if (rc != 0) {
			pthread_mutex_lock(&q->mu);
			q->stop = true;
			pthread_cond_signal(&q->room);
			pthread_mutex_unlock(&q->mu);
		}
		cmd_progress_update(&prog, im->ok, bytes, "articles");
	}
	if (rc == 0)
		rc = flush(im);
	for (size_t i = 0; i < im->nbatch; i++)
		line_free(&im->batch[i]);
	im->nbatch = 0;
	if (threaded)
		pthread_join(th, NULL);
	cmd_progress_end(&prog);
	if (rc == 0 && q->read_errno) {
		cmd_fail("error reading %s: %s", im->o->label, strerror(q->read_errno));
		rc = -1;
	}
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->ready);
	pthread_cond_destroy(&q->room);
	free(q);
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
	im.batch = xcalloc(BATCH, sizeof(*im.batch));
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
	cmd_search_merge(st, o->quiet);
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
	free(im.batch);
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
