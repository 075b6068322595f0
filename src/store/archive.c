/* The archive both backends share: every version of an article that readers could see, kept with
 * the time it was public, whatever happens to the article afterwards. */
#include "store/store-int.h"

#include <stdatomic.h>
#include <time.h>

static _Atomic int64_t clock_override;

void store_clock_set(int64_t now)
{
	atomic_store(&clock_override, now);
}

int64_t store_now(void)
{
	int64_t t = atomic_load(&clock_override);
	return t ? t : (int64_t)time(NULL);
}

/* Whether the open version v still shows the article exactly as it is (same content, times and
 * category). */
static bool same_version(const struct archived *v, const struct article *art)
{
	return v->revision == art->revision && v->published_at == art->published_at &&
	       v->expires_at == art->expires_at && v->category_id == art->category_id;
}

enum store_rc store_archive_sync_on(const struct store *st, struct store_conn *c, int64_t id,
				    bool deleting)
{
	struct arena *a = arena_new();
	struct article art;
	struct archived open;
	bool found = false;
	int64_t now = store_now();
	enum store_rc rc = st->ops->article_get(c, a, id, &art);
	bool public = rc == STORE_OK && !deleting && art.status == ARTICLE_PUBLISHED;
	if (rc == STORE_OK)
		rc = st->ops->archive_open(c, a, id, &open, &found);
	if (rc != STORE_OK || (found && public && same_version(&open, &art)))
		goto out;
	/* A version that never reached readers (scheduled, then changed) leaves no trace; one
	 * public for less than a second is kept. */
	if (found)
		rc = open.from_at > now ? st->ops->archive_drop(c, open.id)
					: st->ops->archive_close(c, open.id, now, deleting);
	if (rc == STORE_OK && public)
		rc = st->ops->archive_add(c, id, art.published_at > now ? art.published_at : now);
out:
	arena_free(a);
	return rc;
}
