/* Unit tests of the page store (src/site/pagestore.c): pages written by the writer thread read
 * back byte for byte, another key's file refused, unreadable files ignored, the size limit, and a
 * store opened again finding what the last one wrote. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "site/pagestore.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/gz-pstore-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[512];
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	return 0;
}

/* Offers one page with body under key through a cache (the way site.c does). */
static void offer(struct page_store *ps, struct page_cache *c, const char *key, const char *body,
		  int64_t article, uint64_t hash)
{
	struct cached_page *p = cache_put(c, key, 200, "text/html; charset=utf-8", body,
					  strlen(body), article, cache_generation(c), hash);
	pstore_offer(ps, p);
	cache_release(p);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	struct page_store *ps = pstore_open(dir, 1 << 20, &err);
	assert_non_null(ps);
	struct page_cache *c = cache_new(1000, 100);
	offer(ps, c, "host\x1f/a\x1f\x1e", "<p>một bài</p>", 9, 0x1234);
	offer(ps, c, "host\x1f/b\x1f\x1e", "<p>hai</p>", 0, 0x99);
	pstore_close(ps); /* writes what is queued */
	ps = pstore_open(dir, 1 << 20, &err);
	assert_non_null(ps);
	size_t pages, bytes;
	pstore_stats(ps, &pages, &bytes);
	assert_int_equal(pages, 2);
	assert_true(bytes > 0);
	struct stored_page sp;
	assert_int_equal(pstore_load(ps, "host\x1f/a\x1f\x1e", &sp), 0);
	assert_string_equal(sp.body, "<p>một bài</p>");
	assert_int_equal(sp.len, strlen("<p>một bài</p>"));
	assert_int_equal(sp.article_id, 9);
	assert_int_equal(sp.content_hash, 0x1234);
	assert_int_equal(sp.status, 200);
	assert_string_equal(sp.content_type, "text/html; charset=utf-8");
	free(sp.body);
	assert_int_equal(pstore_load(ps, "host\x1f/c\x1f\x1e", &sp), -1);
	pstore_close(ps);
	cache_free(c);
	buf_free(&err);
}

static void test_damaged_file_ignored(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	struct page_store *ps = pstore_open(dir, 1 << 20, &err);
	struct page_cache *c = cache_new(1000, 100);
	offer(ps, c, "k", "<p>body</p>", 0, 1);
	pstore_close(ps);
	/* cut the only page file short */
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[512] = "";
	while ((de = readdir(d)) != NULL)
		if (strlen(de->d_name) == 16)
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
	closedir(d);
	assert_true(*path);
	assert_int_equal(truncate(path, 20), 0);
	ps = pstore_open(dir, 1 << 20, &err);
	struct stored_page sp;
	assert_int_equal(pstore_load(ps, "k", &sp), -1);
	pstore_close(ps);
	cache_free(c);
	buf_free(&err);
}

static void test_size_limit(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	size_t limit = 64 * 1024;
	struct page_store *ps = pstore_open(dir, limit, &err);
	struct page_cache *c = cache_new(1000, 1000);
	char body[4001];
	memset(body, 'x', 4000);
	body[4000] = '\0';
	char key[32];
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "page-%d", i);
		offer(ps, c, key, body, 0, (uint64_t)i);
		usleep(2000); /* the writer keeps up: none dropped from its queue */
	}
	pstore_close(ps);
	ps = pstore_open(dir, limit, &err);
	size_t pages, bytes;
	pstore_stats(ps, &pages, &bytes);
	assert_true(bytes <= limit);
	assert_true(pages >= 10); /* 90 % of 64 KiB in pages of about 4 KB */
	struct stored_page sp;
	assert_int_equal(pstore_load(ps, "page-99", &sp), 0); /* the newest kept */
	free(sp.body);
	assert_int_equal(pstore_load(ps, "page-0", &sp), -1); /* the oldest gone */
	pstore_close(ps);
	cache_free(c);
	buf_free(&err);
}

/* What /metrics reads: the queue, its bound, and the pages a full queue dropped, which are exactly
 * the ones missing from the store afterwards. */
static void test_queue_stats(void **state)
{
	(void)state;
	struct buf err = BUF_INIT;
	struct page_store *ps = pstore_open(dir, 64 << 20, &err);
	assert_non_null(ps);
	size_t queued = 1, cap = 0;
	uint64_t dropped = 1;
	pstore_queue_stats(ps, &queued, &cap, &dropped);
	assert_int_equal(queued, 0);
	assert_true(cap > 0);
	assert_int_equal(dropped, 0);
	struct page_cache *c = cache_new(1000, 10000);
	size_t n = 2 * cap + 10;
	char key[32];
	for (size_t i = 0; i < n; i++) {
		snprintf(key, sizeof key, "q-%zu", i);
		offer(ps, c, key, "<p>trang</p>", 0, (uint64_t)i + 1);
		pstore_queue_stats(ps, &queued, &cap, &dropped);
		assert_true(queued <= cap);
	}
	pstore_queue_stats(ps, &queued, &cap, &dropped);
	pstore_close(ps);
	ps = pstore_open(dir, 64 << 20, &err);
	size_t pages, bytes;
	pstore_stats(ps, &pages, &bytes);
	assert_int_equal(pages + dropped, n);
	pstore_close(ps);
	cache_free(c);
	buf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_damaged_file_ignored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_size_limit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_queue_stats, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
