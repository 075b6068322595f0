/* What every page reads before its own content - the categories and the site's settings - read
 * from the store once per content generation rather than once per request (issue 18: they were a
 * fifth of the cost of a page not in the cache). */
#include "site/site-int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "site/cache.h"

struct site_snap {
	_Atomic int refs;
	uint64_t generation; /* the page cache's generation it was read at (or after) */
	struct arena *a;
	struct category *cats;
	size_t ncats;
	const char **values; /* of site_settings[i], the fallback when unset */
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

static enum store_rc snap_read(struct site *site, uint64_t generation, struct site_snap **out)
{
	struct site_snap *s = xcalloc(1, sizeof(*s));
	atomic_init(&s->refs, 1);
	s->generation = generation;
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
	if (site->snap && site->snap->generation == gen) {
		s = site->snap;
		atomic_fetch_add(&s->refs, 1);
	}
	pthread_mutex_unlock(&snap_mu);
	if (!s) {
		enum store_rc rc = snap_read(site, gen, &s);
		if (rc != STORE_OK)
			return rc;
		atomic_fetch_add(&s->refs, 1); /* the page's, besides the site's */
		pthread_mutex_lock(&snap_mu);
		struct site_snap *old = site->snap;
		if (!old || old->generation <= gen) {
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

void site_snap_free(struct site *site)
{
	pthread_mutex_lock(&snap_mu);
	struct site_snap *s = site->snap;
	site->snap = NULL;
	pthread_mutex_unlock(&snap_mu);
	snap_release(s);
}
