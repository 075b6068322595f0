/* The page store: the last rendered version of every cacheable page a node served, kept on local
 * disk so that the node can answer while its database is unreachable, even after a restart. */
#ifndef GZ_SITE_PAGESTORE_H
#define GZ_SITE_PAGESTORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "site/cache.h"

struct page_store;

/* Opens (creating it when missing) the folder dir, holding at most max_bytes of pages; starts the
 * writer thread. NULL with a reason in err. */
struct page_store *pstore_open(const char *dir, size_t max_bytes, struct buf *err);
/* Writes what is queued, stops the writer, frees. */
void pstore_close(struct page_store *ps);

/* Queues cp (a reference is taken) to be written by the writer thread; never waits for the disk,
 * and drops the page when the queue is full. A page whose content is stored already is not
 * written again. */
void pstore_offer(struct page_store *ps, struct cached_page *cp);

/* A page read back from the store. */
struct stored_page {
	int status;
	const char *content_type; /* interned: lives as long as the process */
	char *body;               /* malloc'd, NUL-terminated; the caller frees */
	size_t len;
	int64_t article_id;
	uint64_t content_hash;
};

/* Reads the page stored under key; returns 0, or -1 when there is none or it is unreadable. */
int pstore_load(struct page_store *ps, const char *key, struct stored_page *out);

/* Pages waiting for the writer, the most that may wait, and pages dropped because the queue was
 * full, since the start. */
void pstore_queue_stats(struct page_store *ps, size_t *queued, size_t *cap, uint64_t *dropped);
/* Pages and bytes stored now. */
void pstore_stats(struct page_store *ps, size_t *pages, size_t *bytes);

#endif
