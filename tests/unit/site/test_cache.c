/* Unit tests of the page cache (src/site/cache.c): put and get, replacement, generations, expiry
 * and the election of one refresher, the entry and byte limits, gzip variants, Accept-Encoding. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <zlib.h>

#include "site/cache.h"

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

static struct cached_page *put(struct page_cache *c, const char *key, const char *body)
{
	return cache_put(c, key, 200, "text/html; charset=utf-8", body, strlen(body), 0,
			 cache_generation(c), 42);
}

/* True when key is cached now (and fresh or not); releases the reference. */
static bool has(struct page_cache *c, const char *key)
{
	bool refresh;
	struct cached_page *p = cache_get(c, key, &refresh);
	if (p)
		cache_release(p);
	return p != NULL;
}

static void test_put_get(void **state)
{
	(void)state;
	struct page_cache *c = cache_new(60000, 0);
	bool refresh = false;
	assert_null(cache_get(c, "/a", &refresh));
	assert_true(refresh); /* a miss: the caller renders */
	struct cached_page *p = cache_put(c, "/a", 200, "text/html; charset=utf-8", "<p>một</p>",
					  13, 11, cache_generation(c), 0xabc);
	assert_non_null(p);
	assert_string_equal(p->etag, "\"0000000000000abc\"");
	cache_release(p);
	p = cache_get(c, "/a", &refresh);
	assert_non_null(p);
	assert_false(refresh);
	assert_int_equal(p->status, 200);
	assert_int_equal(p->len, 13);
	assert_memory_equal(p->body, "<p>một</p>", 13);
	assert_int_equal(p->body[13], '\0');
	assert_int_equal(p->article_id, 11);
	const char *gz = NULL;
	size_t gz_len = 0;
	assert_false(cache_page_gzip(p, &gz, &gz_len)); /* too small for gzip to pay */
	cache_release(p);
	assert_false(has(c, "/b"));
	assert_false(has(c, "/a/"));
	/* replacing */
	cache_release(put(c, "/a", "hai"));
	p = cache_get(c, "/a", &refresh);
	assert_non_null(p);
	assert_string_equal(p->body, "hai");
	cache_release(p);
	cache_free(c);
}

static void test_gzip_variant(void **state)
{
	(void)state;
	struct page_cache *c = cache_new(60000, 0);
	char body[20000];
	for (size_t i = 0; i < sizeof body - 1; i++)
		body[i] = "Đảng dân vận khéo "[i % 18];
	body[sizeof body - 1] = '\0';
	struct cached_page *p = put(c, "/big", body);
	struct cached_page *q = put(c, "/big2", body);
	assert_ptr_not_equal(p, q);
	cache_release(q);
	/* made when first asked for, the same copy after */
	const char *gz = NULL, *again = NULL;
	size_t gz_len = 0, again_len = 0;
	assert_true(cache_page_gzip(p, &gz, &gz_len));
	assert_true(gz_len < p->len);
	assert_true(cache_page_gzip(p, &again, &again_len));
	assert_ptr_equal(gz, again);
	assert_int_equal(gz_len, again_len);
	/* it is gzip and gives the body back */
	char *out = malloc(sizeof body);
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
	zs.next_in = (Bytef *)(uintptr_t)gz;
	zs.avail_in = (uInt)gz_len;
	zs.next_out = (Bytef *)out;
	zs.avail_out = sizeof body;
	assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
	assert_int_equal(zs.total_out, strlen(body));
	assert_memory_equal(out, body, strlen(body));
	inflateEnd(&zs);
	free(out);
	cache_release(p);
	cache_free(c);
}

static void test_generation(void **state)
{
	(void)state;
	struct page_cache *c = cache_new(60000, 0);
	uint64_t g0 = cache_generation(c);
	cache_release(put(c, "/a", "x"));
	assert_true(has(c, "/a"));
	cache_bump(c);
	assert_int_equal(cache_generation(c), g0 + 1);
	bool refresh = false;
	assert_null(cache_get(c, "/a", &refresh)); /* an older generation is never served */
	assert_true(refresh);
	/* a page rendered from content that changed meanwhile is served once, not kept */
	uint64_t before = cache_generation(c);
	cache_bump(c);
	struct cached_page *p = cache_put(c, "/b", 200, "text/html", "cũ", 4, 0, before, 1);
	assert_non_null(p);
	assert_string_equal(p->body, "cũ");
	cache_release(p);
	assert_false(has(c, "/b"));
	/* observe moves forward only */
	uint64_t g = cache_generation(c);
	cache_observe(c, g + 10);
	assert_int_equal(cache_generation(c), g + 10);
	cache_observe(c, g);
	assert_int_equal(cache_generation(c), g + 10);
	cache_release(put(c, "/c", "mới"));
	assert_true(has(c, "/c"));
	cache_free(c);
}

struct election {
	struct page_cache *c;
	pthread_barrier_t *start;
	int refreshers, served;
	pthread_mutex_t lock;
};

static void *reader(void *arg)
{
	struct election *e = arg;
	pthread_barrier_wait(e->start);
	bool refresh = false;
	struct cached_page *p = cache_get(e->c, "/hot", &refresh);
	pthread_mutex_lock(&e->lock);
	e->refreshers += refresh;
	e->served += p != NULL;
	pthread_mutex_unlock(&e->lock);
	if (p)
		cache_release(p);
	return NULL;
}

/* An expired page is still served to everyone, and exactly one reader is elected to refresh it. */
static void test_expiry_election(void **state)
{
	(void)state;
	enum { N = 8 };
	struct page_cache *c = cache_new(40, 0);
	cache_release(put(c, "/hot", "trang"));
	bool refresh = true;
	struct cached_page *p = cache_get(c, "/hot", &refresh);
	assert_non_null(p);
	assert_false(refresh); /* fresh */
	cache_release(p);
	sleep_ms(80);
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, N);
	struct election e = {.c = c, .start = &start};
	pthread_mutex_init(&e.lock, NULL);
	pthread_t t[N];
	for (int i = 0; i < N; i++)
		pthread_create(&t[i], NULL, reader, &e);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	if (e.refreshers != 1 || e.served != N)
		printf("expected %d readers served and 1 elected to refresh, got %d served and %d "
		       "elected\n",
		       N, e.served, e.refreshers);
	assert_int_equal(e.served, N);
	assert_int_equal(e.refreshers, 1);
	/* later readers are not elected again while the successor renders */
	p = cache_get(c, "/hot", &refresh);
	assert_non_null(p);
	assert_false(refresh);
	cache_release(p);
	/* the successor is fresh */
	cache_release(put(c, "/hot", "trang mới"));
	p = cache_get(c, "/hot", &refresh);
	assert_string_equal(p->body, "trang mới");
	assert_false(refresh);
	cache_release(p);
	pthread_barrier_destroy(&start);
	pthread_mutex_destroy(&e.lock);
	cache_free(c);
}

/* Over the entry limit, expired pages go first; when that is not enough, everything goes. */
static void test_entry_limit(void **state)
{
	(void)state;
	struct page_cache *c = cache_new(40, 3);
	cache_release(put(c, "/a", "a"));
	cache_release(put(c, "/b", "b"));
	sleep_ms(80);
	cache_release(put(c, "/c", "c"));
	cache_release(put(c, "/d", "d")); /* 3 entries: the two expired ones are dropped */
	assert_false(has(c, "/a"));
	assert_false(has(c, "/b"));
	assert_true(has(c, "/c"));
	assert_true(has(c, "/d"));
	cache_free(c);
	c = cache_new(60000, 3);
	cache_release(put(c, "/1", "1"));
	cache_release(put(c, "/2", "2"));
	cache_release(put(c, "/3", "3"));
	assert_true(has(c, "/1"));
	cache_release(put(c, "/4", "4")); /* none expired: all dropped, the new one kept */
	assert_false(has(c, "/1"));
	assert_false(has(c, "/3"));
	assert_true(has(c, "/4"));
	cache_free(c);
}

/* The pages together hold at most 3 MB (CACHE_MAX_BYTES in cache.c). */
static void test_byte_limit(void **state)
{
	(void)state;
	struct page_cache *c = cache_new(60000, 0);
	enum { SIZE = 256 * 1024 };
	char *body = malloc(SIZE + 1);
	uint32_t seed = 7;
	for (size_t i = 0; i < SIZE; i++) {
		seed = seed * 1103515245u + 12345u;
		body[i] = (char)(1 + (seed >> 16) % 255); /* random bytes: gzip does not pay */
	}
	body[SIZE] = '\0';
	{
		struct cached_page *probe = put(c, "/probe", body);
		const char *gz = NULL;
		size_t gz_len = 0;
		assert_false(cache_page_gzip(probe, &gz, &gz_len));
		cache_release(probe);
		cache_free(c);
		c = cache_new(60000, 0);
	}
	char key[32];
	int first_gone = -1;
	for (int i = 0; i < 20; i++) {
		snprintf(key, sizeof key, "/p%d", i);
		cache_release(put(c, key, body));
		assert_true(has(c, key));
		if (first_gone < 0 && !has(c, "/p0"))
			first_gone = i;
	}
	/* 11 pages of 256 KB (no gzip variant) fit in 3 MB; the 12th (i = 11) does not */
	if (first_gone != 11)
		printf("expected the first page dropped when the 12th page of 256 KB came (3 MB "
		       "limit), got at page %d\n",
		       first_gone + 1);
	free(body);
	cache_free(c);
	assert_int_equal(first_gone, 11);
}

/* The hash sees every byte: changing any one byte of a text of any length to 200 (each lane, the
 * 8-byte steps and the tail) changes it, and so does the starting value; the same bytes hash the
 * same. */
static void test_hash_bytes(void **state)
{
	(void)state;
	char text[200];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (char)('a' + i * 7 % 26);
	int missed = 0;
	for (size_t n = 0; n <= sizeof text; n++) {
		uint64_t h = cache_hash_bytes(1469598103934665603ull, text, n);
		assert_true(h == cache_hash_bytes(1469598103934665603ull, text, n));
		if (n && h == cache_hash_bytes(1469598103934665602ull, text, n))
			missed++;
		for (size_t i = 0; i < n; i++) {
			char c = text[i];
			text[i] = (char)(c ^ 0x20);
			if (cache_hash_bytes(1469598103934665603ull, text, n) == h) {
				if (missed++ < 3)
					print_error(
					    "length %zu: a change at byte %zu kept the hash\n", n,
					    i);
			}
			text[i] = c;
		}
	}
	assert_int_equal(missed, 0);
}

static void test_accepts_gzip(void **state)
{
	(void)state;
	static const struct {
		const char *ae;
		bool want;
	} cases[] = {
	    {NULL, false},
	    {"", false},
	    {"gzip", true},
	    {"GZIP", true},
	    {"gzip, deflate, br", true},
	    {"deflate, gzip;q=0.5", true},
	    {"br;q=1.0, gzip;q=0", false},
	    {"gzip;q=0.0", false},
	    {"gzip ; q=0.001", true},
	    {"x-gzip", false},
	    {"deflate", false},
	    {"gzipx", false},
	    {"identity;q=1, gzip ;q=0, br", false},
	    {"gzip;level=1", true},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool got = cache_accepts_gzip(cases[i].ae);
		if (got != cases[i].want)
			printf("cache_accepts_gzip(%s): expected %d, got %d\n",
			       cases[i].ae ? cases[i].ae : "NULL", cases[i].want, got);
		assert_int_equal(got, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_put_get),      cmocka_unit_test(test_gzip_variant),
	    cmocka_unit_test(test_generation),   cmocka_unit_test(test_expiry_election),
	    cmocka_unit_test(test_entry_limit),  cmocka_unit_test(test_byte_limit),
	    cmocka_unit_test(test_accepts_gzip), cmocka_unit_test(test_hash_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
