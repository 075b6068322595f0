/* The rendered-page cache (DESIGN.md section 9): pages kept about a second, dropped on any change.
 */
#ifndef GZ_SITE_CACHE_H
#define GZ_SITE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A page's gzip copy (cache.c). */
struct gz_copy;

/*
 * A rendered page, and its gzip copy once a client asked for it (cache_page_gzip). Immutable once
 * published in the cache but for that copy, set once; shared by reference count between the cache
 * and the responses that are sending it.
 */
struct cached_page {
	int status;
	const char *content_type; /* static string */
	char *body;
	size_t len;
	struct gz_copy *_Atomic gz; /* NULL until the first cache_page_gzip */
	char etag[24];              /* "\"0123456789abcdef\"", quotes included */
	int64_t article_id;         /* a view to count for every reader served this page, or 0 */
	int64_t born_ms;            /* monotonic ms when rendered */
	uint64_t generation;        /* content generation it was rendered from */
	int refs;                   /* atomic */
	int refreshing;             /* atomic: one request is rendering its successor */
	bool stale; /* loaded from the page store while the database is unreachable */
	char *key;
	struct cached_page *next; /* hash chain */
};

struct page_cache;

/* A cache keeping pages ttl_ms after rendering. */
struct page_cache *cache_new(unsigned ttl_ms, size_t max_entries);
void cache_free(struct page_cache *c);

/*
 * Looks key up. Returns a referenced page (release with cache_release) or NULL. A page of an older
 * generation is never returned. An expired page is returned with *refresh = true to exactly one
 * caller (who should render and cache_put a successor) and with *refresh = false to the others, who
 * serve it. On a miss *refresh is true.
 */
struct cached_page *cache_get(struct page_cache *c, const char *key, bool *refresh);

/*
 * Makes a page from a rendered body (copied; its gzip copy is made when first asked for) and stores
 * it under key, replacing any older one. Returns it referenced, for the caller to send. generation
 * is the value cache_generation() returned before rendering started, so that a page rendered from
 * content that changed meanwhile is not kept. content_hash identifies the content for the ETag: the
 * caller leaves out what changes without the content changing (the header clock), so that 304s are
 * possible.
 */
struct cached_page *cache_put(struct page_cache *c, const char *key, int status,
			      const char *content_type, const char *body, size_t len,
			      int64_t article_id, uint64_t generation, uint64_t content_hash);

/* As cache_put, taking body (from malloc, at least len + 1 bytes, say a buffer the page was
 * rendered into) instead of a copy: it is trimmed to len + 1 and freed with the page. */
struct cached_page *cache_put_owned(struct page_cache *c, const char *key, int status,
				    const char *content_type, char *body, size_t len,
				    int64_t article_id, uint64_t generation, uint64_t content_hash);

/* As cache_put, for a page read back from the page store (marked stale; content_hash is the one
 * it was stored with). */
struct cached_page *cache_put_stale(struct page_cache *c, const char *key, int status,
				    const char *content_type, const char *body, size_t len,
				    int64_t article_id, uint64_t generation, uint64_t content_hash);

/* Takes one more reference to p. */
void cache_ref(struct cached_page *p);

/*
 * The gzip copy of p's body, made by the first request that asks for it (so a page that only
 * clients without gzip read, like most crawlers of the long tail, is never compressed). False
 * when gzip does not pay for this body. Thread-safe.
 */
bool cache_page_gzip(struct cached_page *p, const char **data, size_t *len);

void cache_release(struct cached_page *p);
/* For http_resp.shared_release. */
void cache_release_cb(void *p);

/* Content changed: every page rendered before is dropped at once. Thread-safe. */
void cache_bump(struct page_cache *c);
/* Moves the generation to at least v (for changes seen in the database from other processes). */
void cache_observe(struct page_cache *c, uint64_t v);
uint64_t cache_generation(struct page_cache *c);

/* Monotonic milliseconds, microseconds. */
int64_t cache_now_ms(void);
int64_t cache_now_us(void);

/* True when an Accept-Encoding header value accepts gzip (q > 0). */
bool cache_accepts_gzip(const char *accept_encoding);
/* A fast 64-bit hash of s[0..n) continuing from h, 32 bytes a step in four lanes (keys and page
 * contents: the ETags; not for anything an attacker must not collide). */
uint64_t cache_hash_bytes(uint64_t h, const char *s, size_t n);
/* data gzipped (level 6), malloc'd (the caller frees), or NULL when zlib fails or gzip does not
 * pay. */
char *cache_gzip(const char *data, size_t len, size_t *out_len);

#endif
