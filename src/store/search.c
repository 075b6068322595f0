/* The store interface's search (store/search.h): the reader's search, the index's upkeep, and
 * the search mirror a PostgreSQL store may answer from (pg/mirror.c, sqlite/mirror.c). */
#include "store/store-int.h"

enum store_rc store_search(struct store *st, struct arena *a, const struct search_request *r,
			   struct search_hit **out, size_t *n, int64_t *total, bool *more)
{
	*n = 0;
	*total = 0;
	*more = false;
	if (!st->ops->search)
		return STORE_ERROR;
	enum store_rc mrc;
	if (!st->tx && st->ops->mirror_search &&
	    st->ops->mirror_search(st->root, a, r, out, n, total, more, &mrc))
		return mrc;
	ON_READ(st, st->ops->search(c, a, r, out, n, total, more));
}

enum store_rc store_article_public(struct store *st, struct arena *a, int64_t id,
				   struct article *out)
{
	enum store_rc mrc;
	if (!st->tx && st->ops->mirror_article &&
	    st->ops->mirror_article(st->root, a, id, out, &mrc))
		return mrc;
	return store_article_get(st, a, id, out);
}

enum store_rc store_search_mirror(struct store *st, const char *path, struct buf *err)
{
	if (!st->ops->mirror_attach) {
		buf_printf(err, "a search mirror is for PostgreSQL; %s searches its own index",
			   st->ops->name);
		return STORE_INVALID;
	}
	return st->ops->mirror_attach(st->root, path, err);
}

bool store_search_mirror_wait(struct store *st, int timeout_ms)
{
	return st->ops->mirror_wait && st->ops->mirror_wait(st->root, timeout_ms);
}

void store_search_mirror_stats(struct store *st, struct store_mirror_stats *out)
{
	*out = (struct store_mirror_stats){0};
	if (st->ops->mirror_stats)
		st->ops->mirror_stats(st->root, out);
}

enum store_rc store_mirror_apply(struct store *st, const struct mirror_batch *b)
{
	if (!st->ops->mirror_apply)
		return STORE_INVALID;
	IN_TX(st, st->ops->mirror_apply(c, b));
}

enum store_rc store_mirror_state(struct store *st, struct arena *a, const char **epoch,
				 const char **snap)
{
	*epoch = "";
	*snap = "";
	if (!st->ops->mirror_state)
		return STORE_INVALID;
	ON_CONN(st, st->ops->mirror_state(c, a, epoch, snap));
}

enum store_rc store_search_reindex(struct store *st, void (*progress)(int64_t done, void *ctx),
				   void *ctx, int64_t *count)
{
	*count = 0;
	if (!st->ops->search_reindex)
		return STORE_ERROR;
	IN_TX(st, st->ops->search_reindex(c, progress, ctx, count));
}

enum store_rc store_search_merge(struct store *st, bool force, int steps, bool *done)
{
	*done = true;
	if (!st->ops->search_merge)
		return STORE_OK; /* nothing to merge in this backend */
	ON_CONN(st, st->ops->search_merge(c, force, steps, done));
}
