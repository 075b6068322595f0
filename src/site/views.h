/* View counting (DESIGN.md section 8): counts kept in memory, added to the store in batches. */
#ifndef GZ_SITE_VIEWS_H
#define GZ_SITE_VIEWS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct views;

/* Starts a counter that flushes to st every interval_ms (a background thread). */
struct views *views_start(struct store *st, unsigned interval_ms);
/* Adds counts to the store in one transaction (commutative), as store_views_add does. */
typedef enum store_rc (*views_sink)(struct store *st, const struct view_delta *d, size_t n);
/* The same counter for other things counted alike (downloads): ids and counts go to sink; what
 * names them in the log. */
struct views *views_start_sink(struct store *st, unsigned interval_ms, views_sink sink,
			       const char *what);
/* Counts one view of article id. Thread-safe, never blocks on the database. */
void views_hit(struct views *v, int64_t id);
/* Writes pending counts now; counts that could not be written stay pending. Returns 0 or -1. */
int views_flush(struct views *v);
/* Views counted but not yet written for id. */
int64_t views_pending(struct views *v, int64_t id);
/* What a counter holds now, for /metrics: counts not yet written and for how many ids, how long
 * the oldest of them has waited (0 when none), and flushes done and failed since the start. */
struct views_stats {
	int64_t pending, pending_ids;
	double lag_seconds;
	int64_t flushes, failures;
};
void views_stats(struct views *v, struct views_stats *out);
/* Keeps the counts a stop cannot write in the file at path, and takes back (then removes) the ones
 * a previous run left there. */
void views_spool(struct views *v, const char *path);
/* Stops the thread, flushes (retrying for a few seconds if the store is unavailable; with a spool
 * file, one second, then the counts go to it), frees. */
void views_stop(struct views *v);

/* True when a User-Agent names a crawler: it contains one of the comma-separated, case-insensitive
 * patterns (e.g. "bot,spider,crawl"). Recent answers are remembered per thread by the address and
 * length of patterns, so a pattern list must not change in place while it is in use (the site's
 * list is made once at start). */
bool views_is_crawler(const char *user_agent, const char *patterns);

#endif
