/* The rendered-page cache: a hash table of refcounted pages behind one read-write lock. */
#include "site/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zlib.h>

#include "core/buf.h"

/*
 * Memory the cached pages may hold together. A page is useful for about a second (the ttl), so the
 * cache needs room for the pages read within a second or so - a news site's front pages and its
 * most read articles - not for every page a crawler walked through: without a byte limit, a load
 * over many articles filled the cache to 20,000 pages (about 18 KB each with the gzip variant,
 * 360 MB). 3 MB holds about 170 article pages. Gzip copies, made on demand after a page is in, are
 * not counted: they add about a third to the pages that gzip clients read.
 */
#define CACHE_MAX_BYTES ((size_t)3 << 20)

static size_t page_bytes(const struct cached_page *p)
{
	return sizeof(*p) + p->len + 1 + strlen(p->key) + 1;
}

struct page_cache {
	pthread_rwlock_t lock;
	struct cached_page **buckets;
	size_t nbuckets, count, max_entries;
	size_t bytes; /* memory held by the cached pages, under lock */
	unsigned ttl_ms;
	_Atomic uint64_t generation;
};

int64_t cache_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t cache_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

#define HASH_MUL 1099511628211ull

/* h with the word w mixed in */
static inline uint64_t hash_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * HASH_MUL;
	return h ^ (h >> 29);
}

/* h with the 8 bytes at s mixed in */
static inline uint64_t hash_step(uint64_t h, const char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return hash_mix(h, w);
}

uint64_t cache_hash_bytes(uint64_t h, const char *s, size_t n)
{
	/* Four lanes of 8 bytes, so that a page's ETag (the whole page) waits on four multiplies at
	 * a time rather than one after another; then the lanes are mixed into h. */
	if (n >= 32) {
		uint64_t a = h, b = h ^ 0x9e3779b97f4a7c15ull, c = h ^ 0xc2b2ae3d27d4eb4full,
			 d = h ^ 0x165667b19e3779f9ull;
		for (; n >= 32; s += 32, n -= 32) {
			a = hash_step(a, s);
			b = hash_step(b, s + 8);
			c = hash_step(c, s + 16);
			d = hash_step(d, s + 24);
		}
		h = hash_mix(hash_mix(hash_mix(a, b), c), d);
	}
	for (; n >= 8; s += 8, n -= 8)
		h = hash_step(h, s);
	for (; n; s++, n--)
		h = (h ^ (unsigned char)*s) * HASH_MUL;
	return h;
}

/* Eight bytes a step (a byte-at-a-time FNV over a 100-byte key was a sixtieth of a cached
 * request), then mixed so that the low bits, which pick the bucket, see every byte. */
static uint64_t hash_key(const char *s)
{
	size_t n = strlen(s);
	uint64_t h = cache_hash_bytes(1469598103934665603ull ^ n, s, n);
	h ^= h >> 32;
	h *= 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

struct page_cache *cache_new(unsigned ttl_ms, size_t max_entries)
{
	struct page_cache *c = xcalloc(1, sizeof(*c));
	pthread_rwlock_init(&c->lock, NULL);
	c->nbuckets = 4096;
	c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	c->ttl_ms = ttl_ms;
	c->max_entries = max_entries ? max_entries : 10000;
	atomic_store(&c->generation, 1);
	return c;
}

struct gz_copy {
	size_t len;
	char data[];
};

/* The gzip copy of a body for which gzip does not pay. */
static struct gz_copy no_gz;

static void page_free(struct cached_page *p)
{
	free(p->body);
	struct gz_copy *g = atomic_load(&p->gz);
	if (g != &no_gz)
		free(g);
	free(p->key);
	free(p);
}

void cache_ref(struct cached_page *p)
{
	atomic_fetch_add((_Atomic int *)&p->refs, 1);
}

void cache_release(struct cached_page *p)
{
	if (p && atomic_fetch_sub((_Atomic int *)&p->refs, 1) == 1)
		page_free(p);
}

void cache_release_cb(void *p)
{
	cache_release(p);
}

static void drop_all(struct page_cache *c)
{
	for (size_t i = 0; i < c->nbuckets; i++) {
		struct cached_page *p = c->buckets[i];
		while (p) {
			struct cached_page *next = p->next;
			cache_release(p);
			p = next;
		}
		c->buckets[i] = NULL;
	}
	c->count = 0;
	c->bytes = 0;
}

void cache_free(struct page_cache *c)
{
	if (!c)
		return;
	drop_all(c);
	free(c->buckets);
	pthread_rwlock_destroy(&c->lock);
	free(c);
}

uint64_t cache_generation(struct page_cache *c)
{
	return atomic_load(&c->generation);
}

void cache_bump(struct page_cache *c)
{
	atomic_fetch_add(&c->generation, 1);
}

void cache_observe(struct page_cache *c, uint64_t v)
{
	uint64_t cur = atomic_load(&c->generation);
	while (cur < v && !atomic_compare_exchange_weak(&c->generation, &cur, v))
		;
}

struct cached_page *cache_get(struct page_cache *c, const char *key, bool *refresh)
{
	uint64_t gen = atomic_load(&c->generation);
	size_t b = hash_key(key) & (c->nbuckets - 1);
	struct cached_page *found = NULL;
	pthread_rwlock_rdlock(&c->lock);
	for (struct cached_page *p = c->buckets[b]; p; p = p->next) {
		if (strcmp(p->key, key) == 0) {
			if (p->generation == gen) {
				found = p;
				atomic_fetch_add((_Atomic int *)&p->refs, 1);
			}
			break;
		}
	}
	pthread_rwlock_unlock(&c->lock);
	*refresh = found == NULL;
	if (found && cache_now_ms() - found->born_ms >= (int64_t)c->ttl_ms) {
		int expected = 0;
		*refresh =
		    atomic_compare_exchange_strong((_Atomic int *)&found->refreshing, &expected, 1);
	}
	return found;
}

/* Each thread keeps its deflate stream (about 270 KB) and resets it per page: setting one up
 * costs more than compressing a page. */
static pthread_key_t zs_key;
static pthread_once_t zs_once = PTHREAD_ONCE_INIT;

static void zs_free(void *p)
{
	deflateEnd(p);
	free(p);
}

static void zs_key_make(void)
{
	pthread_key_create(&zs_key, zs_free);
}

static z_stream *thread_stream(void)
{
	pthread_once(&zs_once, zs_key_make);
	z_stream *zs = pthread_getspecific(zs_key);
	if (zs)
		return deflateReset(zs) == Z_OK ? zs : NULL;
	zs = xcalloc(1, sizeof(*zs));
	/* zlib's default level: within a few per cent of the best on HTML, at about half the cost
	 * of level 9 on a first render */
	if (deflateInit2(zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(zs);
		return NULL;
	}
	pthread_setspecific(zs_key, zs);
	return zs;
}

/* The gzip copy of data, or NULL when it does not pay. */
static struct gz_copy *gzip(const char *data, size_t len)
{
	z_stream *zs = thread_stream();
	if (!zs)
		return NULL;
	size_t cap = deflateBound(zs, (uLong)len);
	struct gz_copy *g = xmalloc(sizeof(*g) + cap);
	zs->next_in = (Bytef *)(uintptr_t)data;
	zs->avail_in = (uInt)len;
	zs->next_out = (Bytef *)g->data;
	zs->avail_out = (uInt)cap;
	int rc = deflate(zs, Z_FINISH);
	g->len = zs->total_out;
	if (rc != Z_STREAM_END || g->len >= len) {
		free(g);
		return NULL;
	}
	return g;
}

char *cache_gzip(const char *data, size_t len, size_t *out_len)
{
	struct gz_copy *g = gzip(data, len);
	*out_len = 0;
	if (!g)
		return NULL;
	char *out = xmalloc(g->len);
	memcpy(out, g->data, g->len);
	*out_len = g->len;
	free(g);
	return out;
}

bool cache_page_gzip(struct cached_page *p, const char **data, size_t *len)
{
	struct gz_copy *g = atomic_load(&p->gz);
	if (!g) {
		struct gz_copy *made = gzip(p->body, p->len), *expected = NULL;
		if (!made)
			made = &no_gz;
		/* Two readers may compress at once: the first copy stays, the other is dropped. */
		if (atomic_compare_exchange_strong(&p->gz, &expected, made))
			g = made;
		else {
			if (made != &no_gz)
				free(made);
			g = expected;
		}
	}
	if (g == &no_gz)
		return false;
	*data = g->data;
	*len = g->len;
	return true;
}

static void evict_some(struct page_cache *c, size_t incoming)
{
	if (c->count < c->max_entries && c->bytes + incoming <= CACHE_MAX_BYTES)
		return;
	/* Over a limit: drop the expired pages first (they only serve readers who arrive while a
	 * successor renders), then, if that is not enough, everything (cheap, rare; pages
	 * re-render within a second). */
	int64_t now = cache_now_ms();
	for (size_t i = 0; i < c->nbuckets; i++) {
		struct cached_page **pp = &c->buckets[i];
		while (*pp) {
			struct cached_page *p = *pp;
			if (now - p->born_ms >= (int64_t)c->ttl_ms) {
				*pp = p->next;
				c->count--;
				c->bytes -= page_bytes(p);
				cache_release(p);
			} else {
				pp = &p->next;
			}
		}
	}
	if (c->count >= c->max_entries || c->bytes + incoming > CACHE_MAX_BYTES)
		drop_all(c);
}

static char *copy_of(const char *body, size_t len)
{
	char *d = xmalloc(len + 1);
	memcpy(d, body, len);
	return d;
}

/* body: the page's bytes, taken (see cache_put_owned). */
static struct cached_page *put(struct page_cache *c, const char *key, int status,
			       const char *content_type, char *body, size_t len, int64_t article_id,
			       uint64_t generation, uint64_t content_hash, bool stale)
{
	struct cached_page *p = xcalloc(1, sizeof(*p));
	p->stale = stale;
	p->status = status;
	p->content_type = content_type;
	p->body = xrealloc(body, len + 1); /* a shrink: in place */
	p->body[len] = '\0';
	p->len = len;
	atomic_init(&p->gz, NULL);
	p->article_id = article_id;
	p->born_ms = cache_now_ms();
	p->generation = generation;
	p->key = xstrdup(key);
	snprintf(p->etag, sizeof p->etag, "\"%016llx\"", (unsigned long long)content_hash);
	p->refs = 2; /* the cache's and the caller's */
	size_t b = hash_key(key) & (c->nbuckets - 1);
	pthread_rwlock_wrlock(&c->lock);
	if (generation != atomic_load(&c->generation)) {
		pthread_rwlock_unlock(&c->lock);
		p->refs = 1; /* content changed while rendering: serve it once, do not keep it */
		return p;
	}
	evict_some(c, page_bytes(p));
	c->bytes += page_bytes(p);
	struct cached_page **pp = &c->buckets[b];
	while (*pp && strcmp((*pp)->key, key) != 0)
		pp = &(*pp)->next;
	if (*pp) {
		struct cached_page *old = *pp;
		p->next = old->next;
		*pp = p;
		c->bytes -= page_bytes(old);
		cache_release(old);
	} else {
		p->next = c->buckets[b];
		c->buckets[b] = p;
		c->count++;
	}
	pthread_rwlock_unlock(&c->lock);
	return p;
}

struct cached_page *cache_put(struct page_cache *c, const char *key, int status,
			      const char *content_type, const char *body, size_t len,
			      int64_t article_id, uint64_t generation, uint64_t content_hash)
{
	return put(c, key, status, content_type, copy_of(body, len), len, article_id, generation,
		   content_hash, false);
}

struct cached_page *cache_put_owned(struct page_cache *c, const char *key, int status,
				    const char *content_type, char *body, size_t len,
				    int64_t article_id, uint64_t generation, uint64_t content_hash)
{
	return put(c, key, status, content_type, body, len, article_id, generation, content_hash,
		   false);
}

struct cached_page *cache_put_stale(struct page_cache *c, const char *key, int status,
				    const char *content_type, const char *body, size_t len,
				    int64_t article_id, uint64_t generation, uint64_t content_hash)
{
	return put(c, key, status, content_type, copy_of(body, len), len, article_id, generation,
		   content_hash, true);
}

static const char *find_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

bool cache_accepts_gzip(const char *ae)
{
	if (!ae)
		return false;
	for (const char *s = ae; (s = find_nocase(s, "gzip")) != NULL; s += 4) {
		const char *end = s + 4;
		if (s > ae && s[-1] != ' ' && s[-1] != ',' && s[-1] != '\t')
			continue;
		while (*end == ' ' || *end == '\t')
			end++;
		if (*end == ',' || *end == '\0')
			return true;
		if (*end != ';')
			continue;
		const char *q = strstr(end, "q=");
		const char *comma = strchr(end, ',');
		if (!q || (comma && q > comma))
			return true;
		return strtod(q + 2, NULL) > 0;
	}
	return false;
}
