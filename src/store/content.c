/* What both backends do the same way: unique slugs, categories and tags made on demand, article
 * saves with their revisions, list and count, paging through every article, view counts. */
#include "store/store-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "sanitize/sanitize.h"
#include "sanitize/snippet.h"
#include "vi/vi.h"

/* Rows per page of store_articles_each. */
#define EACH_PAGE 500
/* Most "-N" suffixes tried before a slug is given up as taken. */
#define SLUG_TRIES 10000

/* Appends "-2", "-3" ... to base until the backend says the slug is free in its scope. */
static enum store_rc unique_slug(const struct store *st, struct store_conn *c, enum slug_kind kind,
				 int64_t scope, const char *base, struct buf *out)
{
	for (int i = 1; i < SLUG_TRIES; i++) {
		buf_reset(out);
		buf_puts(out, base);
		if (i > 1)
			buf_printf(out, "-%d", i);
		bool taken;
		enum store_rc rc = st->ops->slug_taken(c, kind, scope, buf_cstr(out), &taken);
		if (rc != STORE_OK || !taken)
			return rc;
	}
	return STORE_CONFLICT;
}

/*
 * Finds the row named `name` (in `scope`), or inserts it under a unique slug made from `slug`.
 * A row another node inserted meanwhile is found again; a slug taken meanwhile is a conflict; a
 * missing parent category is STORE_NOTFOUND.
 */
static enum store_rc ensure(const struct store *st, struct store_conn *c, enum slug_kind kind,
			    int64_t scope, const char *name, const char *slug, int64_t *id)
{
	bool found;
	enum store_rc rc = st->ops->named_find(c, kind, scope, name, id, &found);
	if (rc != STORE_OK || found)
		return rc;
	struct buf u = BUF_INIT;
	rc = unique_slug(st, c, kind, scope, slug, &u);
	if (rc == STORE_OK) {
		rc = st->ops->named_insert(c, kind, scope, name, buf_cstr(&u), id, &found);
		if (rc == STORE_CONFLICT && kind == SLUG_CATEGORY)
			rc = STORE_NOTFOUND; /* the parent does not exist */
		else if (rc == STORE_OK && !found)
			rc = st->ops->named_find(c, kind, scope, name, id, &found);
		if (rc == STORE_OK && !found)
			rc = STORE_CONFLICT;
	}
	buf_free(&u);
	return rc;
}

enum store_rc store_category_ensure_on(const struct store *st, struct store_conn *c,
				       int64_t parent_id, const char *name, const char *slug,
				       int64_t *id)
{
	return ensure(st, c, SLUG_CATEGORY, parent_id, name, *slug ? slug : "muc", id);
}

/* The id of tag `name`, made with a slug of its name when it is new. */
static enum store_rc tag_id(const struct store *st, struct store_conn *c, const char *name,
			    int64_t *id)
{
	struct buf slug = BUF_INIT;
	if (vi_slug(name, strlen(name), 80, &slug) != 0 || slug.len == 0) {
		buf_reset(&slug);
		buf_puts(&slug, "chu-de");
	}
	enum store_rc rc = ensure(st, c, SLUG_TAG, 0, name, buf_cstr(&slug), id);
	buf_free(&slug);
	return rc;
}

/* The article's tags; a new article has none to clear (article_tags rows go with their article:
 * ON DELETE CASCADE on both backends). */
static enum store_rc put_tags(const struct store *st, struct store_conn *c, int64_t article_id,
			      bool exists, const char *const *tags, size_t n)
{
	enum store_rc rc = exists ? st->ops->article_tags_clear(c, article_id) : STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		int64_t tid = 0;
		rc = tag_id(st, c, tags[i], &tid);
		if (rc == STORE_OK)
			rc = st->ops->article_tag_add(c, article_id, tid, (int64_t)i);
	}
	return rc;
}

static enum store_rc article_put_prepared(const struct store *st, struct store_conn *c,
					  const struct article_put *a, int64_t *id_out);

/* The stored body of p: sanitiser output of this version and its text, made here unless the
 * caller has them. Fills the two bodies (freed by the caller) that p then points into. */
static enum store_rc body_prepare(struct article_put *p, struct safe_html **html, struct buf *text)
{
	const char *in = p->body_html ? p->body_html : "";
	if (p->body_version != SANITIZE_VERSION) {
		if (sanitize_html(in, strlen(in), html) != 0)
			return STORE_INVALID;
		p->body_html = safe_html_str(*html);
		p->body_version = SANITIZE_VERSION;
		p->body_text = NULL;
	}
	if (!p->body_text) {
		const char *made = p->body_html ? p->body_html : "";
		sanitize_stored_text(made, strlen(made), text);
		p->body_text = buf_cstr(text);
	}
	return STORE_OK;
}

enum store_rc store_article_put_on(const struct store *st, struct store_conn *c,
				   const struct article_put *in, int64_t *id_out)
{
	struct article_put put = *in, *a = &put;
	struct safe_html *html = NULL;
	struct buf text = BUF_INIT;
	enum store_rc rc = body_prepare(a, &html, &text);
	if (rc == STORE_OK)
		rc = article_put_prepared(st, c, a, id_out);
	safe_html_free(html);
	buf_free(&text);
	return rc;
}

/* Bodies that are not valid UTF-8 (edited by hand): each bad byte becomes U+FFFD. */
static void utf8_repair(const char *s, size_t len, struct buf *out)
{
	for (size_t i = 0; i < len;) {
		unsigned char b = (unsigned char)s[i];
		size_t n = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
		if (n && i + n <= len && vi_utf8_valid(s + i, n)) {
			buf_append(out, s + i, n);
			i += n;
		} else {
			buf_puts(out, "\xef\xbf\xbd");
			i++;
		}
	}
}

/* Re-makes one stored body with this sanitiser. */
static enum store_rc body_refresh(const struct store *st, struct store_conn *c,
				  const struct article *r)
{
	struct safe_html *h = NULL;
	struct buf text = BUF_INIT, fixed = BUF_INIT;
	const char *in = r->body_html;
	if (!vi_utf8_valid(in, strlen(in))) {
		log_warn("article %lld: its body is not valid UTF-8; bad bytes replaced",
			 (long long)r->id);
		utf8_repair(in, strlen(in), &fixed);
		in = buf_cstr(&fixed);
	}
	enum store_rc rc = STORE_INVALID;
	if (sanitize_html(in, strlen(in), &h) == 0) {
		sanitize_text(h, &text);
		bool changed = strcmp(safe_html_str(h), r->body_html) != 0;
		rc = st->ops->body_set(c, r->id, safe_html_str(h), buf_cstr(&text),
				       SANITIZE_VERSION, changed);
	}
	safe_html_free(h);
	buf_free(&text);
	buf_free(&fixed);
	return rc;
}

enum store_rc store_bodies_refresh_on(const struct store *st, struct store_conn *c, int64_t limit,
				      int64_t *done)
{
	struct arena *a = arena_new();
	size_t n = 0, max = limit > 0 ? (size_t)limit : 1;
	struct article *rows = arena_alloc(a, max * sizeof(*rows));
	enum store_rc rc = st->ops->bodies_stale(c, a, SANITIZE_VERSION, (int64_t)max, rows, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		rc = body_refresh(st, c, &rows[i]);
	if (rc == STORE_OK)
		*done = (int64_t)n;
	arena_free(a);
	return rc;
}

static enum store_rc article_put_prepared(const struct store *st, struct store_conn *c,
					  const struct article_put *a, int64_t *id_out)
{
	bool exists = false;
	enum store_rc rc = STORE_OK;
	int64_t now = (int64_t)time(NULL), id = a->id;
	struct article_put with_id;
	if (a->id > STORE_ID_MAX)
		return STORE_INVALID;
	if (a->id == 0) {
		/* Ids stay within STORE_ID_MAX: past an article at the top, a new one takes the
		 * lowest free id instead of the next (or a random 19-digit) one. */
		int64_t max = 0;
		rc = st->ops->article_max_id(c, &max);
		if (rc == STORE_OK && max >= STORE_ID_MAX) {
			with_id = *a;
			rc = st->ops->article_free_id(c, &with_id.id);
			if (rc == STORE_OK && (with_id.id < 1 || with_id.id > STORE_ID_MAX))
				rc = STORE_INVALID;
			a = &with_id;
			id = with_id.id;
		}
	}
	if (rc == STORE_OK && a->id > 0)
		rc = st->ops->article_exists(c, a->id, &exists);
	if (rc == STORE_OK && !exists && a->expect_revision > 0)
		rc = STORE_NOTFOUND;
	/* Every newsroom save keeps the state before and after as revisions. */
	if (rc == STORE_OK && exists && !a->no_revision)
		rc = st->ops->revision_snapshot(c, a->id, 0, 0);
	if (rc == STORE_OK)
		rc = st->ops->article_write(c, a, exists, now, &id);
	if (rc == STORE_OK)
		rc = put_tags(st, c, id, exists, a->tags, a->ntags);
	if (rc == STORE_OK)
		rc = store_archive_sync_on(st, c, id, false);
	if (rc == STORE_OK && !a->no_revision)
		rc = st->ops->revision_snapshot(c, id, a->editor_id, now);
	if (rc == STORE_OK && id_out)
		*id_out = id;
	return rc;
}

/* Whether the puts a[0..n) may go as one batch: imports' new articles, all with ids or none. */
static bool batchable(const struct article_put *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct article_put *p = &a[i];
		if (!p->no_revision || p->expect_revision || p->body_version != SANITIZE_VERSION ||
		    !p->body_text || !p->body_html || p->id < 0 || p->id > STORE_ID_MAX ||
		    (p->id > 0) != (a[0].id > 0))
			return false;
	}
	return n > 0;
}

/* The ids of the tags of a[0..n), one article after another, made in that order where new (as
 * put_tags makes them); false in *ok when one cannot be made (the caller goes one by one). */
static enum store_rc batch_tags(const struct store *st, struct store_conn *c,
				const struct article_put *a, size_t n, int64_t **ids, bool *ok)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += a[i].ntags;
	const char **names = xmalloc((total ? total : 1) * sizeof(*names));
	*ids = xcalloc(total ? total : 1, sizeof(**ids));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < a[i].ntags; j++)
			names[k++] = a[i].tags[j];
	enum store_rc rc = total ? st->ops->tags_find(c, names, total, *ids) : STORE_OK;
	*ok = rc == STORE_OK;
	for (size_t i = 0; *ok && i < total; i++) {
		if ((*ids)[i])
			continue;
		rc = tag_id(st, c, names[i], &(*ids)[i]);
		if (rc == STORE_INVALID || rc == STORE_CONFLICT || rc == STORE_NOTFOUND)
			rc = STORE_OK, *ok = false;
		else if (rc != STORE_OK)
			*ok = false;
		for (size_t j = i + 1; *ok && j < total; j++)
			if (!(*ids)[j] && strcmp(names[j], names[i]) == 0)
				(*ids)[j] = (*ids)[i];
	}
	free(names);
	return rc;
}

enum store_rc store_articles_import_on(const struct store *st, struct store_conn *c,
				       const struct article_put *a, size_t n, bool *done)
{
	*done = false;
	if (!batchable(a, n))
		return STORE_OK;
	int64_t *tag_ids = NULL;
	bool ok = false;
	enum store_rc rc = batch_tags(st, c, a, n, &tag_ids, &ok);
	if (rc == STORE_OK && ok)
		rc = st->ops->articles_insert_batch(c, a, n, tag_ids, store_now(), done);
	free(tag_ids);
	return rc;
}

bool store_article_words_ready(struct store *st)
{
	if (!st->ops->words_ahead)
		return false;
	struct store_conn *c = store_take(st);
	if (!c)
		return false;
	bool ok = st->ops->words_ahead(c);
	store_give(st, c);
	return ok;
}

bool store_article_words(const struct store *st, const char *title, const char *lead,
			 const char *body_text, struct buf out[STORE_WORDS])
{
	const char *parts[3] = {title, lead, body_text};
	return st->ops->article_words && st->ops->article_words(parts, out);
}

enum store_rc store_articles_import(struct store *st, const struct article_put *a, size_t n,
				    bool *done)
{
	*done = false;
	if (!st->ops->articles_insert_batch)
		return STORE_OK;
	IN_TX(st, store_articles_import_on(st, c, a, n, done));
}

enum store_rc store_articles_list_on(const struct store *st, struct store_conn *c, struct arena *a,
				     const struct article_query *q, struct article_summary **out,
				     size_t *n, int64_t *total)
{
	enum list_kind kind = q->category_id == 0   ? LIST_ALL
			      : q->with_descendants ? LIST_TREE
						    : LIST_CATEGORY;
	enum store_rc rc = st->ops->list_rows(c, a, q, kind, out, n);
	if (rc == STORE_OK && total)
		rc = st->ops->list_count(c, q, kind, total);
	return rc;
}

enum store_rc store_articles_each_on(const struct store *st, struct store_conn *c,
				     int (*fn)(const struct article *, void *), void *ctx)
{
	enum store_rc rc = STORE_OK;
	int64_t last = 0;
	bool more = true;
	/* Pages by id, each read whole into an arena, so nothing stays open across callbacks. */
	while (rc == STORE_OK && more) {
		struct arena *a = arena_new();
		struct article *rows = arena_alloc(a, EACH_PAGE * sizeof(*rows));
		size_t n = 0;
		rc = st->ops->each_page(c, a, last, EACH_PAGE, rows, &n);
		for (size_t i = 0; rc == STORE_OK && i < n; i++) {
			if (fn(&rows[i], ctx) != 0) {
				more = false;
				break;
			}
			last = rows[i].id;
		}
		if (n < EACH_PAGE)
			more = false;
		arena_free(a);
	}
	return rc;
}

static int delta_cmp(const void *x, const void *y)
{
	const struct view_delta *a = x, *b = y;
	return (a->article_id > b->article_id) - (a->article_id < b->article_id);
}

enum store_rc store_views_add_on(const struct store *st, struct store_conn *c,
				 const struct view_delta *d, size_t n, int32_t day)
{
	/* Rows are locked in id order, so two nodes adding to the same rows never deadlock. */
	struct view_delta *sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, d, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), delta_cmp);
	enum store_rc rc = STORE_OK;
	if (st->ops->views_add_batch) {
		size_t k = 0; /* one delta per article, as the batch's statement wants */
		for (size_t i = 0; i < n; i++) {
			if (k > 0 && sorted[k - 1].article_id == sorted[i].article_id)
				sorted[k - 1].n += sorted[i].n;
			else
				sorted[k++] = sorted[i];
		}
		rc = k ? st->ops->views_add_batch(c, sorted, k, day) : STORE_OK;
		free(sorted);
		return rc;
	}
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		rc = st->ops->view_add(c, sorted[i].article_id, sorted[i].n);
	if (rc == STORE_OK && day > 0)
		rc = store_views_daily_on(st, c, sorted, n, day);
	free(sorted);
	return rc;
}
