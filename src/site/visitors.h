/* The visitor counter (issue 14): distinct readers online (last 5 minutes), today, this month and
 * in all, crawlers excluded, exact across nodes. Hits are kept in memory and written in batches
 * like view counts (views.c): no database write per request. */
#ifndef GZ_SITE_VISITORS_H
#define GZ_SITE_VISITORS_H

#include <stdint.h>

#include "store/widgets.h"

#define VISITORS_ONLINE_SECONDS 300

struct visitors;

/* Starts a counter that flushes to st every interval_ms; key is the site's widget secret (the same
 * on every node, so that one reader seen by two nodes is one visitor). */
struct visitors *visitors_start(struct store *st, unsigned interval_ms, const char *key);
/* Counts a reader (their address and User-Agent, hashed with the key) seen at time now.
 * Thread-safe, never blocks on the database. */
void visitors_hit(struct visitors *v, const char *address, const char *user_agent, int64_t now);
/* Writes pending hits now; 0 or -1 (they stay pending). */
int visitors_flush(struct visitors *v);
/* Stops the thread, writes what is pending, frees. */
void visitors_stop(struct visitors *v);

/* The counts at time now in time zone tz. */
enum store_rc visitors_counts(struct store *st, int64_t now, const char *tz,
			      struct visitor_counts *out);

#endif
