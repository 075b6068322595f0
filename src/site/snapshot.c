/* What every page reads besides its own content - the categories (and their URLs), the site's
 * settings and the most-viewed list - read from the store once per content generation rather
 * than once per request (issue 18: the categories and settings were a fifth of the cost of a page
 * not in the cache). View counts change no generation, so a snapshot is also read again when it
 * is SNAP_MAX_AGE seconds old, the time the page cache keeps a page: no page is later than a
 * cached one would be. */
#include "site/site-int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "site/cache.h"

#define SNAP_MAX_AGE 1
#define SNAP_POPULAR 16 /* the most viewed: lists of up to 15 less the page's own article */

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
};

/* One lock for every site's current snapshot: held only to swap or take a reference. */
static pthread_mutex_t snap_mu = PTHREAD_MUTEX_INITIALIZER;

static void snap_release(void *p)
{
	struct site_snap *s = p;
	if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
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
	const struct article_summary *all = p->snap->popular;
	struct article_summary *v = arena_alloc(p->a, (limit ? limit : 1) * sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < p->snap->npopular && k < limit; i++)
		if (all[i].id != exclude_id)
			v[k++] = all[i];
	*out = v;
	*n = k;
	return STORE_OK;
}

void site_snap_free(struct site *site)
{
	pthread_mutex_lock(&snap_mu);
	struct site_snap *s = site->snap;
	site->snap = NULL;
	pthread_mutex_unlock(&snap_mu);
	snap_release(s);
}
