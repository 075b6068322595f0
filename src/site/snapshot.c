/* What every page reads besides its own content - the categories (and their URLs), the site's
 * settings, the most-viewed list and each category's newest articles (an article page's related
 * list, read when a page first asks for it) - read from the store once per content generation
 * rather than once per request (issue 18: the categories and settings were a fifth of the cost of a
 * page not in the cache). View counts change no generation, so a snapshot is also read again when
 * it is SNAP_MAX_AGE seconds old, the time the page cache keeps a page: no page is later than a
 * cached one would be. */
#include "site/site-int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "html/tpl.h"
#include "sanitize/sanitize.h"
#include "site/cache.h"
#include "store/widgets.h"

#ifndef SNAP_MAX_AGE /* seconds; bench/callgrind-miss.sh builds with an hour */
#define SNAP_MAX_AGE 1
#endif
#define SNAP_POPULAR 16 /* the most viewed: lists of up to 15 less the page's own article */
#define SNAP_RELATED 11 /* a category's newest: lists of up to 10 less the page's own article */

/* A category's newest articles in a snapshot: read by the first page that asks. */
struct snap_related {
	int state; /* 0 not read yet, 1 read, -1 reading failed (pages ask the store) */
	struct article_summary *rows;
	size_t n;
	struct tv **items[PAGE_LANGS]; /* of rows, sealed, in each language: NULL until made */
};

/* The areas a layout can fill (store/widgets.h). */
static const char *const snap_areas[] = {"home", "right"};
#define SNAP_AREAS (sizeof snap_areas / sizeof snap_areas[0])

/* The banners, polls and layouts every page shows, read by the first page that asks: on
 * PostgreSQL each was a round trip of every page not in the cache (issue 18). */
struct snap_widgets {
	int state; /* 0 not read yet, 1 read, -1 reading failed (pages ask the store) */
	struct banner *banners;
	size_t nbanners;
	struct poll *polls;
	size_t npolls;
	struct layout_block *layout[SNAP_AREAS];
	size_t nlayout[SNAP_AREAS];
	const struct safe_html **html[SNAP_AREAS]; /* of layout[k][i]: its "html", sanitised once */
};

struct site_snap {
	_Atomic int refs;
	uint64_t generation; /* the page cache's generation it was read at (or after) */
	struct arena *a;
	struct category *cats;
	size_t ncats;
	const char **values;             /* of site_settings[i], the fallback when unset */
	const char **cat_urls;           /* of cats[i], "/chuyen-muc/a/b/" */
	int64_t read_at;                 /* the time of the page that read it */
	struct article_summary *popular; /* the most viewed at read_at */
	size_t npopular;
	bool popular_ok; /* false: reading it failed, the page asks the store */
	struct tv **popular_items[PAGE_LANGS]; /* of popular, sealed: NULL until made */
	pthread_mutex_t related_mu;   /* held to read a category's list, and for s->a then */
	struct snap_related *related; /* of cats[i] */
	struct snap_related *tree;    /* of cats[i] and its descendants (layout blocks) */
	struct snap_widgets widgets;  /* read under related_mu */
	/* the parts of a page's context shared by every page of a language (site_snap_part), of
	 * each catalogue index: NULL until made. Made under parts_mu in parts_a, not under
	 * related_mu, which their fill takes (the widgets' banners, polls, layouts). */
	pthread_mutex_t parts_mu;
	struct arena *parts_a;
	struct tv *parts[PAGE_LANGS][SNAP_PARTS];
	bool parts_tokens[PAGE_LANGS][SNAP_PARTS]; /* the part holds a form's time token */
	/* the shared partials rendered in parts[i][SNAP_CHROME] (site_snap_kept), under parts_mu */
	struct tpl_kept *kept[PAGE_LANGS];
};

/* One lock for every site's current snapshot: held only to swap or take a reference. */
static pthread_mutex_t snap_mu = PTHREAD_MUTEX_INITIALIZER;

static void snap_release(void *p)
{
	struct site_snap *s = p;
	if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
		pthread_mutex_destroy(&s->related_mu);
		pthread_mutex_destroy(&s->parts_mu);
		for (size_t i = 0; i < PAGE_LANGS; i++)
			tpl_kept_free(s->kept[i]);
		arena_free(s->parts_a);
		arena_free(s->a);
		free(s);
	}
}

/* The optional part: a failure leaves it to the store, page by page, as before. */
static void snap_read_popular(struct site *site, struct site_snap *s)
{
	struct article_query q = {
	    .order = ORDER_MOST_VIEWED, .limit = SNAP_POPULAR, .now = s->read_at};
	s->popular_ok =
	    store_articles_list(site->st, s->a, &q, &s->popular, &s->npopular, NULL) == STORE_OK;
}

static enum store_rc snap_read(struct site *site, uint64_t generation, int64_t now,
			       struct site_snap **out)
{
	struct site_snap *s = xcalloc(1, sizeof(*s));
	atomic_init(&s->refs, 1);
	pthread_mutex_init(&s->related_mu, NULL);
	pthread_mutex_init(&s->parts_mu, NULL);
	s->parts_a = arena_new();
	s->generation = generation;
	s->read_at = now;
	s->a = arena_new();
	enum store_rc rc = store_categories(site->st, s->a, &s->cats, &s->ncats);
	s->values = arena_alloc(s->a, site_settings_count * sizeof(*s->values));
	for (size_t i = 0; rc == STORE_OK && i < site_settings_count; i++) {
		const char *v = NULL;
		rc = store_setting_get(site->st, s->a, site_settings[i].key, &v);
		if (rc == STORE_NOTFOUND) {
			v = site_settings[i].fallback;
			rc = STORE_OK;
		}
		s->values[i] = v;
	}
	if (rc != STORE_OK) {
		snap_release(s);
		return rc;
	}
	s->cat_urls = arena_alloc(s->a, (s->ncats ? s->ncats : 1) * sizeof(*s->cat_urls));
	struct page tmp = {.a = s->a, .cats = s->cats, .ncats = s->ncats};
	for (size_t i = 0; i < s->ncats; i++)
		s->cat_urls[i] = cat_url(&tmp, s->cats[i].id);
	s->related = arena_alloc(s->a, (s->ncats ? s->ncats : 1) * sizeof(*s->related));
	s->tree = arena_alloc(s->a, (s->ncats ? s->ncats : 1) * sizeof(*s->tree));
	snap_read_popular(site, s);
	*out = s;
	return STORE_OK;
}

enum store_rc site_snap_take(struct page *p)
{
	struct site *site = p->site;
	/* Read before the store, as the page cache does: a change made while reading leaves a
	 * snapshot of an older generation, read again by the next page. */
	uint64_t gen = cache_generation(site->cache);
	struct site_snap *s = NULL;
	pthread_mutex_lock(&snap_mu);
	if (site->snap && site->snap->generation == gen && p->now >= site->snap->read_at &&
	    p->now - site->snap->read_at < SNAP_MAX_AGE) {
		s = site->snap;
		atomic_fetch_add(&s->refs, 1);
	}
	pthread_mutex_unlock(&snap_mu);
	if (!s) {
		enum store_rc rc = snap_read(site, gen, p->now, &s);
		if (rc != STORE_OK)
			return rc;
		atomic_fetch_add(&s->refs, 1); /* the page's, besides the site's */
		pthread_mutex_lock(&snap_mu);
		struct site_snap *old = site->snap;
		if (!old || old->generation < gen ||
		    (old->generation == gen && old->read_at <= s->read_at)) {
			site->snap = s;
		} else {
			old = NULL;
			snap_release(s); /* a newer one came meanwhile: keep it, use ours once */
		}
		pthread_mutex_unlock(&snap_mu);
		snap_release(old);
	}
	arena_on_free(p->a, snap_release, s);
	p->snap = s;
	p->cats = s->cats;
	p->ncats = s->ncats;
	return STORE_OK;
}

const char *site_snap_setting(const struct page *p, const char *key)
{
	if (!p->snap)
		return NULL;
	for (size_t i = 0; i < site_settings_count; i++)
		if (strcmp(site_settings[i].key, key) == 0)
			return p->snap->values[i];
	return NULL;
}

const char *site_snap_cat_url(const struct page *p, const struct category *c)
{
	if (!c || !p->snap || !p->snap->cat_urls || p->cats != p->snap->cats || c < p->cats ||
	    c >= p->cats + p->ncats)
		return NULL;
	return p->snap->cat_urls[c - p->cats];
}

/* Copies at most limit of all[0..n) but exclude_id into p's arena (the strings stay the
 * snapshot's, which the page holds). */
static void snap_copy(struct page *p, const struct article_summary *all, size_t n,
		      int64_t exclude_id, size_t limit, struct article_summary **out, size_t *k)
{
	struct article_summary *v = arena_alloc(p->a, (limit ? limit : 1) * sizeof(*v));
	*k = 0;
	for (size_t i = 0; i < n && *k < limit; i++)
		if (all[i].id != exclude_id)
			v[(*k)++] = all[i];
	*out = v;
}

enum store_rc site_snap_popular(struct page *p, int64_t exclude_id, size_t limit,
				struct article_summary **out, size_t *n)
{
	if (!p->snap || !p->snap->popular_ok || limit + 1 > SNAP_POPULAR) {
		struct article_query q = {.order = ORDER_MOST_VIEWED,
					  .limit = (int64_t)limit,
					  .now = p->now,
					  .exclude_id = exclude_id};
		return store_articles_list(p->st, p->a, &q, out, n, NULL);
	}
	snap_copy(p, p->snap->popular, p->snap->npopular, exclude_id, limit, out, n);
	return STORE_OK;
}

/* The snapshot's newest articles of category_id (with its descendants when tree), read when a
 * page first asks for limit of them; NULL when the snapshot cannot give them (the page asks the
 * store). */
static struct snap_related *snap_rows(struct page *p, int64_t category_id, bool tree, size_t limit)
{
	/* the one part of a snapshot written after it is shared: under related_mu */
	struct site_snap *s = (struct site_snap *)p->snap;
	const struct category *c = s && p->cats == s->cats ? cat_find(p, category_id) : NULL;
	struct snap_related *all = s ? (tree ? s->tree : s->related) : NULL;
	struct snap_related *r = c && all ? &all[c - p->cats] : NULL;
	if (!r || limit + 1 > SNAP_RELATED)
		return NULL;
	pthread_mutex_lock(&s->related_mu);
	if (r->state == 0) {
		struct article_query q = {.category_id = category_id,
					  .with_descendants = tree,
					  .now = s->read_at,
					  .limit = SNAP_RELATED};
		r->state = store_articles_list(p->st, s->a, &q, &r->rows, &r->n, NULL) == STORE_OK
			       ? 1
			       : -1;
	}
	bool ok = r->state == 1;
	pthread_mutex_unlock(&s->related_mu);
	return ok ? r : NULL;
}

/* The newest articles of category_id (with its descendants when tree), read once per snapshot. */
static enum store_rc snap_list(struct page *p, int64_t category_id, bool tree, int64_t exclude_id,
			       size_t limit, struct article_summary **out, size_t *n)
{
	const struct snap_related *r = snap_rows(p, category_id, tree, limit);
	if (r) {
		snap_copy(p, r->rows, r->n, exclude_id, limit, out, n);
		return STORE_OK;
	}
	struct article_query q = {.category_id = category_id,
				  .with_descendants = tree,
				  .exclude_id = exclude_id,
				  .now = p->now,
				  .limit = (int64_t)limit};
	return store_articles_list(p->st, p->a, &q, out, n, NULL);
}

enum store_rc site_snap_related(struct page *p, int64_t category_id, int64_t exclude_id,
				size_t limit, struct article_summary **out, size_t *n)
{
	return snap_list(p, category_id, false, exclude_id, limit, out, n);
}

enum store_rc site_snap_tree(struct page *p, int64_t category_id, size_t limit,
			     struct article_summary **out, size_t *n)
{
	return snap_list(p, category_id, true, 0, limit, out, n);
}

/* The page that makes what every page of p's language shares: p's store and language, the arena a
 * (one of the snapshot's, so that the values live as long as the snapshot), and no request, so
 * that nothing of one reader's (the Host he asked for) goes into what every reader gets. */
static struct page shared_maker(const struct page *p, struct arena *a)
{
	struct page maker = *p;
	maker.a = a;
	maker.req = NULL;
	maker.base = NULL;         /* the Host's, when p asked for it: not for every reader */
	maker.form_tokens = false; /* what the shared part makes, noted apart (site_snap_part) */
	return maker;
}

/* Appends to list the items of all[0..n) but exclude_id, at most limit of them, each made by fill
 * once per snapshot and language and kept in *cache (under related_mu). */
static void snap_items(struct page *p, struct tv ***cache, const struct article_summary *all,
		       size_t n, int64_t exclude_id, size_t limit, site_row_fn fill,
		       struct tv *list, size_t *k)
{
	struct site_snap *s = (struct site_snap *)p->snap;
	pthread_mutex_lock(&s->related_mu);
	if (!*cache) {
		struct page maker = shared_maker(p, s->a);
		struct tv **items = arena_alloc(s->a, (n ? n : 1) * sizeof(*items));
		for (size_t i = 0; i < n; i++) {
			items[i] = tv_obj(s->a);
			fill(&maker, items[i], &all[i]);
			tv_seal(items[i]);
		}
		*cache = items;
	}
	struct tv **items = *cache;
	pthread_mutex_unlock(&s->related_mu);
	*k = 0;
	for (size_t i = 0; i < n && *k < limit; i++) {
		if (all[i].id == exclude_id)
			continue;
		tv_push_shared(list, items[i]);
		(*k)++;
	}
}

static bool items_lang(const struct page *p)
{
	return p->snap && p->lang && p->lang->index < PAGE_LANGS;
}

bool site_snap_popular_items(struct page *p, int64_t exclude_id, size_t limit, site_row_fn fill,
			     struct tv *list, size_t *n)
{
	struct site_snap *s = (struct site_snap *)p->snap;
	if (!items_lang(p) || !s->popular_ok || limit + 1 > SNAP_POPULAR)
		return false;
	snap_items(p, &s->popular_items[p->lang->index], s->popular, s->npopular, exclude_id, limit,
		   fill, list, n);
	return true;
}

bool site_snap_related_items(struct page *p, int64_t category_id, int64_t exclude_id, size_t limit,
			     site_row_fn fill, struct tv *list, size_t *n)
{
	if (!items_lang(p))
		return false;
	struct snap_related *r = snap_rows(p, category_id, false, limit);
	if (!r)
		return false;
	snap_items(p, &r->items[p->lang->index], r->rows, r->n, exclude_id, limit, fill, list, n);
	return true;
}

static void free_safe(void *h)
{
	safe_html_free(h);
}

/* The HTML of each "html" block of b[0..n) sanitised (NULL for other kinds), freed with a. */
static const struct safe_html **blocks_html(struct arena *a, const struct layout_block *b, size_t n)
{
	const struct safe_html **html = arena_alloc(a, (n ? n : 1) * sizeof(*html));
	for (size_t i = 0; i < n; i++) {
		struct safe_html *h = NULL;
		if (strcmp(b[i].kind, "html") == 0 &&
		    sanitize_html(b[i].html, strlen(b[i].html), &h) == 0 && h) {
			arena_on_free(a, free_safe, h);
			html[i] = h;
		}
	}
	return html;
}

static int snap_read_widgets(struct site *site, struct site_snap *s)
{
	struct snap_widgets *w = &s->widgets;
	if (store_banners(site->st, s->a, &w->banners, &w->nbanners) != STORE_OK ||
	    store_polls(site->st, s->a, &w->polls, &w->npolls) != STORE_OK)
		return -1;
	for (size_t k = 0; k < SNAP_AREAS; k++) {
		if (store_layout(site->st, s->a, snap_areas[k], &w->layout[k], &w->nlayout[k]) !=
		    STORE_OK)
			return -1;
		w->html[k] = blocks_html(s->a, w->layout[k], w->nlayout[k]);
	}
	return 1;
}

/* p's snapshot's widgets, read when a page first asks; NULL when there is no snapshot or reading
 * failed (the page asks the store). */
static const struct snap_widgets *snap_widgets(struct page *p)
{
	struct site_snap *s = (struct site_snap *)p->snap;
	if (!s)
		return NULL;
	pthread_mutex_lock(&s->related_mu);
	if (s->widgets.state == 0)
		s->widgets.state = snap_read_widgets(p->site, s);
	bool ok = s->widgets.state == 1;
	pthread_mutex_unlock(&s->related_mu);
	return ok ? &s->widgets : NULL;
}

enum store_rc site_snap_banners(struct page *p, const struct banner **out, size_t *n)
{
	const struct snap_widgets *w = snap_widgets(p);
	if (w) {
		*out = w->banners;
		*n = w->nbanners;
		return STORE_OK;
	}
	struct banner *b = NULL;
	enum store_rc rc = store_banners(p->st, p->a, &b, n);
	*out = b;
	return rc;
}

enum store_rc site_snap_polls(struct page *p, const struct poll **out, size_t *n)
{
	const struct snap_widgets *w = snap_widgets(p);
	if (w) {
		*out = w->polls;
		*n = w->npolls;
		return STORE_OK;
	}
	struct poll *v = NULL;
	enum store_rc rc = store_polls(p->st, p->a, &v, n);
	*out = v;
	return rc;
}

enum store_rc site_snap_layout(struct page *p, const char *area, const struct layout_block **out,
			       size_t *n, const struct safe_html *const **html)
{
	const struct snap_widgets *w = snap_widgets(p);
	for (size_t k = 0; w && k < SNAP_AREAS; k++) {
		if (strcmp(snap_areas[k], area) == 0) {
			*out = w->layout[k];
			*n = w->nlayout[k];
			*html = w->html[k];
			return STORE_OK;
		}
	}
	struct layout_block *b = NULL;
	enum store_rc rc = store_layout(p->st, p->a, area, &b, n);
	*out = b;
	*html = rc == STORE_OK ? blocks_html(p->a, b, *n) : NULL;
	return rc;
}

const struct tv *site_snap_part(struct page *p, enum snap_part part,
				void (*fill)(struct page *p, struct tv *obj), struct tv *obj)
{
	struct site_snap *s = (struct site_snap *)p->snap;
	if (!s || !p->lang || p->lang->index >= PAGE_LANGS || p->cats != s->cats) {
		fill(p, obj);
		return NULL;
	}
	struct tv **slot = &s->parts[p->lang->index][part];
	bool *tokens = &s->parts_tokens[p->lang->index][part];
	pthread_mutex_lock(&s->parts_mu);
	if (!*slot) {
		struct page maker = shared_maker(p, s->parts_a);
		maker.ctx = tv_obj(maker.a);
		fill(&maker, maker.ctx);
		tv_seal(maker.ctx);
		*slot = maker.ctx;
		*tokens = maker.form_tokens;
	}
	const struct tv *v = *slot;
	if (*tokens)
		p->form_tokens = true;
	pthread_mutex_unlock(&s->parts_mu);
	tv_merge(obj, v);
	return v;
}

struct tpl_kept *site_snap_kept(struct page *p)
{
	struct site_snap *s = (struct site_snap *)p->snap;
	if (!s || !p->chrome)
		return NULL;
	struct tpl_kept *k = NULL;
	pthread_mutex_lock(&s->parts_mu);
	for (size_t i = 0; i < PAGE_LANGS && !k; i++) {
		if (s->parts[i][SNAP_CHROME] != p->chrome || s->parts_tokens[i][SNAP_CHROME])
			continue;
		if (!s->kept[i])
			s->kept[i] = tpl_kept_new(p->chrome);
		k = s->kept[i];
	}
	pthread_mutex_unlock(&s->parts_mu);
	return k;
}

void site_snap_free(struct site *site)
{
	pthread_mutex_lock(&snap_mu);
	struct site_snap *s = site->snap;
	site->snap = NULL;
	pthread_mutex_unlock(&snap_mu);
	snap_release(s);
}
