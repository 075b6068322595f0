/* Unit tests of the view counter: crawler detection and exact batched counting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>

#include <cmocka.h>

#include "site/views.h"

#define PATTERNS "bot,spider,crawl, slurp ,facebookexternalhit"

static void test_crawlers(void **state)
{
	(void)state;
	static const struct {
		const char *ua;
		bool crawler;
	} rows[] = {
	    {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", true},
	    {"Mozilla/5.0 (compatible; bingbot/2.0)", true},
	    {"Baiduspider+(+http://www.baidu.com/search/spider.htm)", true},
	    {"Mozilla/5.0 (compatible; Yahoo! Slurp)", true},
	    {"facebookexternalhit/1.1", true},
	    {"coccoc-CRAWLER", true},
	    {"Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36",
	     false},
	    {"curl/7.88.1", false},
	    {"", false},
	    {NULL, false},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		assert_int_equal(views_is_crawler(rows[i].ua, PATTERNS), rows[i].crawler);
	assert_false(views_is_crawler("Googlebot", ""));
	assert_false(views_is_crawler("Googlebot", ",,"));
	/* Patterns fold too; a User-Agent too long for the fast path is still searched whole. */
	assert_true(views_is_crawler("my-CRAWLER/1", "Bot, CrAwL"));
	char longua[1500];
	memset(longua, 'a', sizeof longua);
	memcpy(longua + sizeof longua - 10, "GoogleBot", 9);
	longua[sizeof longua - 1] = '\0';
	assert_true(views_is_crawler(longua, "googlebo"));
	assert_false(views_is_crawler(longua, "spider"));
	/* Asked again (answers are remembered per thread): the same answers, also for the same
	 * User-Agent against another list, and for strings that differ only past a shared start. */
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
			assert_int_equal(views_is_crawler(rows[i].ua, PATTERNS), rows[i].crawler);
		assert_false(views_is_crawler("facebookexternalhit/1.1", "bot,spider"));
		assert_true(views_is_crawler("facebookexternalhit/1.1", "externalhit"));
		assert_false(views_is_crawler("Mozilla/5.0 (X11) Firefox/120", PATTERNS));
		assert_true(views_is_crawler("Mozilla/5.0 (X11) Firefox/120 MJ12bot", "mj12bot"));
	}
	/* 256 bytes and more are not kept; a string of 255 is. */
	char ua255[256];
	memset(ua255, 'b', 255);
	ua255[255] = '\0';
	memcpy(ua255 + 250, "Bot", 3);
	assert_true(views_is_crawler(ua255, "bot"));
	assert_true(views_is_crawler(ua255, "bot"));
	assert_false(views_is_crawler(ua255, "spider"));
}

static struct store *open_temp(char *path)
{
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	assert_int_equal(store_open(path, true, &st, &err), STORE_OK);
	buf_free(&err);
	int64_t cat = 0, id = 0;
	assert_int_equal(store_category_ensure(st, 0, "Tin tức", "tin-tuc", &cat), STORE_OK);
	struct article_put p = {.category_id = cat,
				.status = ARTICLE_PUBLISHED,
				.published_at = 1,
				.title = "A",
				.slug = "a",
				.body_html = "<p>a</p>"};
	assert_int_equal(store_article_put(st, &p, &id), STORE_OK);
	assert_int_equal(id, 1);
	return st;
}

static int64_t stored_views(struct store *st)
{
	struct arena *a = arena_new();
	struct article art;
	assert_int_equal(store_article_get(st, a, 1, &art), STORE_OK);
	int64_t v = art.views;
	arena_free(a);
	return v;
}

struct hitter {
	struct views *v;
	int n;
};

static void *hit_many(void *arg)
{
	struct hitter *h = arg;
	for (int i = 0; i < h->n; i++)
		views_hit(h->v, 1);
	return NULL;
}

static void test_exact_counts(void **state)
{
	(void)state;
	char path[] = "/tmp/gz-test-views-XXXXXX";
	struct store *st = open_temp(path);
	struct views *v = views_start(st, 20);
	pthread_t t[4];
	struct hitter h = {v, 2500};
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hit_many, &h), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	views_hit(v, 0);  /* ignored */
	views_hit(v, 99); /* no such article: must not break the batch */
	views_stop(v);
	assert_int_equal(stored_views(st), 10000);
	store_close(st);
	unlink(path);
}

static enum store_rc sink_fails(struct store *st, const struct view_delta *d, size_t n)
{
	(void)st;
	(void)d;
	(void)n;
	return STORE_UNAVAILABLE;
}

/* What /metrics reads: counts waiting, for how many ids, since when; flushes done and failed. */
static void test_stats(void **state)
{
	(void)state;
	char path[] = "/tmp/gz-test-views-XXXXXX";
	struct store *st = open_temp(path);
	struct views *v = views_start(st, 60000); /* flushed only by the test */
	struct views_stats s;
	views_stats(v, &s);
	assert_int_equal(s.pending, 0);
	assert_true(s.lag_seconds == 0.0);
	for (int i = 0; i < 3; i++)
		views_hit(v, 1);
	views_hit(v, 99);
	usleep(20000);
	views_stats(v, &s);
	assert_int_equal(s.pending, 4);
	assert_int_equal(s.pending_ids, 2);
	assert_true(s.lag_seconds >= 0.015 && s.lag_seconds < 60);
	assert_int_equal(views_flush(v), 0);
	views_stats(v, &s);
	assert_int_equal(s.pending, 0);
	assert_int_equal(s.pending_ids, 0);
	assert_true(s.lag_seconds == 0.0);
	assert_int_equal(s.flushes, 1);
	assert_int_equal(s.failures, 0);
	assert_int_equal(stored_views(st), 3);
	views_stop(v);
	/* a flush that fails keeps the counts and their age */
	struct views *w = views_start_sink(st, 60000, sink_fails, "test");
	char spool[sizeof path + 8];
	snprintf(spool, sizeof spool, "%s.spool", path);
	views_spool(w, spool); /* the stop gives up after a second, into this file */
	views_hit(w, 1);
	views_hit(w, 1);
	usleep(20000);
	assert_int_equal(views_flush(w), -1);
	views_stats(w, &s);
	assert_int_equal(s.pending, 2);
	assert_int_equal(s.pending_ids, 1);
	assert_int_equal(s.failures, 1);
	assert_int_equal(s.flushes, 0);
	assert_true(s.lag_seconds >= 0.015);
	views_stop(w);
	unlink(spool);
	store_close(st);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_crawlers),
	    cmocka_unit_test(test_exact_counts),
	    cmocka_unit_test(test_stats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
