/* Conformance tests of the store interface: the same cases against SQLite and PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "store/store.h"
#include "store/widgets.h"

/*
 * PostgreSQL cases need GAZETTE_TEST_PG_URL and GAZETTE_TEST_PG_CREATEDB (a fresh database per
 * case); the outage case also GAZETTE_TEST_PG_STOP and GAZETTE_TEST_PG_START. All four are set by
 * tests/support/pgcluster.py run.
 */

struct ctx {
	bool pg;
	char url[512];
	char dir[64]; /* SQLite: the temp folder */
	struct store *st;
};

static int case_no;

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* Makes a fresh database for one PostgreSQL case and its URL in c->url; -1 to skip. */
static int pg_fresh(struct ctx *c)
{
	const char *base = env("GAZETTE_TEST_PG_URL"), *createdb = env("GAZETTE_TEST_PG_CREATEDB");
	if (!base || !createdb)
		return -1;
	char name[64], cmd[1024];
	snprintf(name, sizeof name, "gz_case_%ld_%d", (long)getpid(), ++case_no);
	snprintf(cmd, sizeof cmd, "%s %s >/dev/null", createdb, name);
	if (system(cmd) != 0)
		return -1;
	const char *slash = strrchr(base, '/');
	snprintf(c->url, sizeof c->url, "%.*s/%s", (int)(slash - base), base, name);
	return 0;
}

static int open_store(struct ctx *c)
{
	struct buf err = BUF_INIT;
	enum store_rc rc = store_open(c->url, true, &c->st, &err);
	if (rc != STORE_OK)
		fprintf(stderr, "store_open(%s): %s\n", c->url, buf_cstr(&err));
	buf_free(&err);
	return rc == STORE_OK ? 0 : -1;
}

static int setup_sqlite(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	snprintf(c->dir, sizeof c->dir, "/tmp/gz-store-XXXXXX");
	if (!mkdtemp(c->dir))
		return -1;
	snprintf(c->url, sizeof c->url, "sqlite:%s/gazette.db", c->dir);
	*state = c;
	return open_store(c);
}

static int setup_pg(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	c->pg = true;
	*state = c;
	if (pg_fresh(c) != 0)
		return 0; /* no server: the case skips itself */
	return open_store(c);
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	store_close(c->st);
	if (c->dir[0]) {
		char path[128];
		const char *sfx[] = {"", "-wal", "-shm"};
		for (int i = 0; i < 3; i++) {
			snprintf(path, sizeof path, "%s/gazette.db%s", c->dir, sfx[i]);
			unlink(path);
		}
		rmdir(c->dir);
	}
	free(c);
	return 0;
}

/* The case's store, or skip when its backend is not available. */
static struct store *st_of(void **state)
{
	struct ctx *c = *state;
	if (!c->st)
		skip();
	return c->st;
}

static int64_t cat(struct store *st, int64_t parent, const char *name, const char *slug)
{
	int64_t id = 0;
	assert_int_equal(store_category_ensure(st, parent, name, slug, &id), STORE_OK);
	assert_true(id > 0);
	return id;
}

/* Puts a published article; returns its id. */
static int64_t put(struct store *st, int64_t id, int64_t cat_id, const char *title, int64_t pub,
		   enum article_status status)
{
	struct article_put p = {.id = id,
				.category_id = cat_id,
				.status = status,
				.published_at = pub,
				.title = title,
				.slug = "bai-viet",
				.body_html = "<p>Nội dung</p>"};
	int64_t out = 0;
	assert_int_equal(store_article_put(st, &p, &out), STORE_OK);
	assert_true(out > 0);
	return out;
}

static int64_t views_of(struct store *st, int64_t id)
{
	struct arena *a = arena_new();
	struct article art;
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	int64_t v = art.views;
	arena_free(a);
	return v;
}

/* --- cases ------------------------------------------------------------------------------------ */

static void t_open_twice(void **state)
{
	struct store *st = st_of(state);
	struct ctx *c = *state;
	int v = store_schema_version(st);
	assert_true(v >= 1);
	assert_string_equal(store_backend(st), c->pg ? "postgresql" : "sqlite");
	store_close(st);
	c->st = NULL;
	assert_int_equal(open_store(c), 0);
	assert_int_equal(store_schema_version(c->st), v);
}

struct opener {
	const char *url;
	enum store_rc rc;
	int version;
};

static void *open_thread(void *p)
{
	struct opener *o = p;
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	o->rc = store_open(o->url, true, &st, &err);
	if (o->rc == STORE_OK)
		o->version = store_schema_version(st);
	else
		fprintf(stderr, "concurrent open: %s\n", buf_cstr(&err));
	store_close(st);
	buf_free(&err);
	return NULL;
}

/* Nodes starting at once on a fresh database take turns migrating. */
static void t_open_concurrent(void **state)
{
	struct ctx *c = *state;
	if (c->pg) {
		if (!c->st)
			skip();
		store_close(c->st);
		c->st = NULL;
		assert_int_equal(pg_fresh(c), 0);
	} else {
		store_close(c->st);
		c->st = NULL;
		snprintf(c->url, sizeof c->url, "sqlite:%s/gazette.db", c->dir);
		char path[128];
		snprintf(path, sizeof path, "%s/gazette.db", c->dir);
		unlink(path);
	}
	pthread_t th[4];
	struct opener o[4];
	for (int i = 0; i < 4; i++) {
		o[i] = (struct opener){.url = c->url};
		pthread_create(&th[i], NULL, open_thread, &o[i]);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(o[i].rc, STORE_OK);
		assert_int_equal(o[i].version, o[0].version);
	}
	assert_int_equal(open_store(c), 0);
}

static void t_settings(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	const char *v = NULL;
	assert_int_equal(store_setting_get(st, a, "site.name", &v), STORE_NOTFOUND);
	assert_int_equal(store_setting_set(st, "site.name", "Báo Mới"), STORE_OK);
	assert_int_equal(store_setting_get(st, a, "site.name", &v), STORE_OK);
	assert_string_equal(v, "Báo Mới");
	assert_int_equal(store_setting_set(st, "site.name", ""), STORE_OK);
	assert_int_equal(store_setting_get(st, a, "site.name", &v), STORE_OK);
	assert_string_equal(v, "");
	arena_free(a);
}

static const struct category *find_cat(const struct category *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

static void t_categories(void **state)
{
	struct store *st = st_of(state);
	int64_t a = cat(st, 0, "Thời sự", "thoi-su");
	assert_int_equal(cat(st, 0, "Thời sự", "thoi-su"), a);
	int64_t b = cat(st, 0, "Thời-sự", "thoi-su");
	assert_true(b != a);
	int64_t child = cat(st, a, "Pháp luật", "phap-luat");
	int64_t other = cat(st, b, "Pháp luật", "phap-luat"); /* same slug, other parent */
	assert_true(child != other);
	int64_t id = 0;
	assert_int_equal(store_category_ensure(st, 999999, "Mồ côi", "mo-coi", &id),
			 STORE_NOTFOUND);

	struct arena *ar = arena_new();
	struct category *v;
	size_t n;
	assert_int_equal(store_categories(st, ar, &v, &n), STORE_OK);
	assert_int_equal(n, 4);
	assert_string_equal(find_cat(v, n, b)->slug, "thoi-su-2");
	assert_int_equal(find_cat(v, n, b)->position, 2);
	assert_int_equal(find_cat(v, n, child)->parent_id, a);
	assert_string_equal(find_cat(v, n, other)->slug, "phap-luat");
	assert_int_equal(v[0].id, a); /* parent 0 first, then by position */
	assert_int_equal(v[1].id, b);
	arena_free(ar);
}

static void t_article_put(void **state)
{
	struct store *st = st_of(state);
	int64_t c = cat(st, 0, "Kinh tế", "kinh-te");
	const char *tags[] = {"Chứng khoán"};
	struct article_put p = {.category_id = c,
				.status = ARTICLE_PUBLISHED,
				.published_at = 1000,
				.title = "Giá vàng",
				.slug = "gia-vang",
				.lead = "Tóm tắt",
				.body_html = "<p>x</p>",
				.author = "Lan",
				.tags = tags,
				.ntags = 1};
	int64_t id = 0;
	assert_int_equal(store_article_put(st, &p, &id), STORE_OK);
	struct arena *a = arena_new();
	struct article art;
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	assert_int_equal(art.revision, 1);
	assert_int_equal(art.views, 0);
	assert_int_equal(art.status, ARTICLE_PUBLISHED);
	assert_int_equal(art.published_at, 1000);
	assert_string_equal(art.title, "Giá vàng");
	assert_string_equal(art.lead, "Tóm tắt");
	assert_string_equal(art.signature, "");
	assert_false(art.featured);
	assert_true(art.created_at > 0 && art.updated_at >= art.created_at);

	p.id = id;
	p.views = 10;
	p.set_views = true;
	assert_int_equal(store_article_put(st, &p, NULL), STORE_OK);
	p.title = "Giá vàng tăng";
	p.views = 0;
	p.set_views = false;
	p.published_at = 0;
	int64_t same = 0;
	assert_int_equal(store_article_put(st, &p, &same), STORE_OK);
	assert_int_equal(same, id);
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	assert_int_equal(art.revision, 3);
	assert_int_equal(art.views, 10);
	assert_int_equal(art.published_at, 0);
	assert_string_equal(art.title, "Giá vàng tăng");
	int64_t max = 0;
	assert_int_equal(store_article_max_id(st, &max), STORE_OK);
	assert_int_equal(max, id);
	assert_int_equal(store_article_get(st, a, id + 1, &art), STORE_NOTFOUND);

	/* A category that does not exist breaks a rule of the schema. */
	p.id = 0;
	p.category_id = 999999;
	assert_int_equal(store_article_put(st, &p, NULL), STORE_INVALID);
	arena_free(a);
}

static void t_explicit_id(void **state)
{
	struct store *st = st_of(state);
	int64_t c = cat(st, 0, "Thể thao", "the-thao");
	int64_t max = -1;
	assert_int_equal(store_article_max_id(st, &max), STORE_OK);
	assert_int_equal(max, 0);
	assert_int_equal(put(st, 100, c, "Một trăm", 1, ARTICLE_PUBLISHED), 100);
	int64_t next = put(st, 0, c, "Sau", 1, ARTICLE_PUBLISHED);
	assert_true(next > 100);
	assert_int_equal(put(st, 5, c, "Năm", 1, ARTICLE_PUBLISHED), 5);
	int64_t after = put(st, 0, c, "Sau nữa", 1, ARTICLE_PUBLISHED);
	assert_true(after > next);
	assert_int_equal(store_article_max_id(st, &max), STORE_OK);
	assert_int_equal(max, after);
}

static void t_tags(void **state)
{
	struct store *st = st_of(state);
	int64_t c = cat(st, 0, "Xã hội", "xa-hoi");
	const char *t1[] = {"Hà Nội", "Bóng đá", "Hà Nội"};
	struct article_put p = {.category_id = c,
				.status = ARTICLE_DRAFT,
				.title = "T",
				.slug = "t",
				.body_html = "",
				.tags = t1,
				.ntags = 3};
	int64_t id = 0, id2 = 0;
	assert_int_equal(store_article_put(st, &p, &id), STORE_OK);
	struct arena *a = arena_new();
	struct article art;
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	assert_int_equal(art.ntags, 2);
	assert_string_equal(art.tags[0], "Hà Nội");
	assert_string_equal(art.tags[1], "Bóng đá");

	const char *t2[] = {"Bóng đá", "Ha Noi"}; /* same slug as "Hà Nội": made unique */
	p.id = id;
	p.tags = t2;
	p.ntags = 2;
	assert_int_equal(store_article_put(st, &p, NULL), STORE_OK);
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	assert_int_equal(art.ntags, 2);
	assert_string_equal(art.tags[0], "Bóng đá");
	assert_string_equal(art.tags[1], "Ha Noi");
	assert_int_equal(art.nlangs, 0);

	/* names with the characters lists are written with come back as they were */
	const char *t3[] = {"a,b", "c:d", "\"e\" \\ {f}", "NULL"};
	p.tags = t3;
	p.ntags = 4;
	assert_int_equal(store_article_put(st, &p, NULL), STORE_OK);
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	assert_int_equal(art.ntags, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(art.tags[i], t3[i]);
	p.tags = t2;
	p.ntags = 2;
	assert_int_equal(store_article_put(st, &p, NULL), STORE_OK);

	p.id = 0;
	p.tags = t1;
	p.ntags = 1;
	assert_int_equal(store_article_put(st, &p, &id2), STORE_OK);
	p.id = id;
	p.ntags = 0;
	assert_int_equal(store_article_put(st, &p, NULL), STORE_OK);
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	assert_int_equal(art.ntags, 0);
	assert_int_equal(store_article_get(st, a, id2, &art), STORE_OK);
	assert_int_equal(art.ntags, 1);
	assert_string_equal(art.tags[0], "Hà Nội");
	arena_free(a);
}

struct list_want {
	struct article_query q;
	int64_t total;
	size_t n;
	int order[4]; /* indexes into the ids of t_list */
};

static void t_list(void **state)
{
	struct store *st = st_of(state);
	int64_t ca = cat(st, 0, "A", "a"), ca1 = cat(st, ca, "A1", "a1"), cb = cat(st, 0, "B", "b");
	int64_t ids[3];
	ids[0] = put(st, 0, ca, "a1", 1000, ARTICLE_PUBLISHED);
	ids[1] = put(st, 0, ca1, "a2", 2000, ARTICLE_PUBLISHED);
	ids[2] = put(st, 0, cb, "a3", 3000, ARTICLE_PUBLISHED);
	put(st, 0, ca, "draft", 500, ARTICLE_DRAFT);
	put(st, 0, ca, "submitted", 500, ARTICLE_SUBMITTED);
	put(st, 0, ca, "unpublished", 500, ARTICLE_UNPUBLISHED);
	put(st, 0, ca, "future", 20000, ARTICLE_PUBLISHED);
	struct view_delta d[] = {{ids[0], 5}, {ids[1], 50}, {ids[2], 1}};
	assert_int_equal(store_views_add(st, d, 3), STORE_OK);

	const int64_t now = 10000;
	const struct list_want rows[] = {
	    {{.now = now, .limit = 10}, 3, 3, {2, 1, 0}},
	    {{.now = now, .limit = 10, .order = ORDER_MOST_VIEWED}, 3, 3, {1, 0, 2}},
	    {{.now = now, .limit = 10, .category_id = ca}, 1, 1, {0}},
	    {{.now = now, .limit = 10, .category_id = ca, .with_descendants = true}, 2, 2, {1, 0}},
	    {{.now = now, .limit = 10, .category_id = ca1, .with_descendants = true}, 1, 1, {1}},
	    {{.now = now, .limit = 10, .exclude_id = ids[1]}, 2, 2, {2, 0}},
	    {{.now = now, .limit = 1, .offset = 1}, 3, 1, {1}},
	    {{.now = now, .limit = 2}, 3, 2, {2, 1}},
	    {{.now = now, .limit = 10, .offset = 5}, 3, 0, {0}},
	    {{.now = now, .limit = 10, .featured_only = true}, 0, 0, {0}},
	    {{.now = 1500, .limit = 10}, 1, 1, {0}},
	    {{.now = now, .limit = 0}, 3, 0, {0}},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct arena *a = arena_new();
		struct article_summary *v;
		size_t n = 99;
		int64_t total = -1;
		assert_int_equal(store_articles_list(st, a, &rows[i].q, &v, &n, &total), STORE_OK);
		if (n != rows[i].n || total != rows[i].total)
			fail_msg("row %zu: n %zu total %lld", i, n, (long long)total);
		for (size_t j = 0; j < n; j++)
			assert_int_equal(v[j].id, ids[rows[i].order[j]]);
		arena_free(a);
	}
	struct arena *a = arena_new();
	struct article_summary *v;
	size_t n;
	struct article_query q = {.now = now, .limit = 1};
	assert_int_equal(store_articles_list(st, a, &q, &v, &n, NULL), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].views, 1);
	assert_int_equal(v[0].published_at, 3000);
	assert_int_equal(v[0].category_id, cb);
	assert_string_equal(v[0].title, "a3");
	arena_free(a);
}

static void t_views(void **state)
{
	struct store *st = st_of(state);
	int64_t id = put(st, 0, cat(st, 0, "C", "c"), "v", 1, ARTICLE_PUBLISHED);
	struct view_delta d1 = {id, 3}, d2 = {id, 4};
	assert_int_equal(store_views_add(st, &d1, 1), STORE_OK);
	assert_int_equal(store_views_add(st, &d2, 1), STORE_OK);
	assert_int_equal(views_of(st, id), 7);
	struct view_delta d3[] = {{999999, 5}, {id, 1}, {id, 2}};
	assert_int_equal(store_views_add(st, d3, 3), STORE_OK);
	assert_int_equal(views_of(st, id), 10);
	assert_int_equal(store_views_add(st, NULL, 0), STORE_OK);
}

struct adder {
	struct store *st;
	int64_t id;
};

static void *add_views(void *p)
{
	struct adder *ad = p;
	struct view_delta d = {ad->id, 1};
	for (int i = 0; i < 25; i++)
		if (store_views_add(ad->st, &d, 1) != STORE_OK)
			return p;
	return NULL;
}

/* More threads than pooled connections, adding at once: nothing is lost. */
static void t_views_threads(void **state)
{
	struct store *st = st_of(state);
	struct adder ad = {st, put(st, 0, cat(st, 0, "C", "c"), "v", 1, ARTICLE_PUBLISHED)};
	pthread_t th[16];
	for (int i = 0; i < 16; i++)
		pthread_create(&th[i], NULL, add_views, &ad);
	for (int i = 0; i < 16; i++) {
		void *failed;
		pthread_join(th[i], &failed);
		assert_null(failed);
	}
	assert_int_equal(views_of(st, ad.id), 16 * 25);
}

struct each_seen {
	int64_t last;
	int n, stop_at;
	bool ordered, tags_ok;
};

static int each_fn(const struct article *a, void *p)
{
	struct each_seen *s = p;
	if (a->id <= s->last)
		s->ordered = false;
	if (a->ntags != 1 || strcmp(a->tags[0], a->title) != 0)
		s->tags_ok = false;
	s->last = a->id;
	return ++s->n == s->stop_at;
}

static void t_each(void **state)
{
	struct store *st = st_of(state);
	int64_t c = cat(st, 0, "D", "d");
	struct store *tx;
	assert_int_equal(store_begin(st, &tx), STORE_OK);
	for (int i = 0; i < 1203; i++) {
		char title[32];
		snprintf(title, sizeof title, "tag %d", i % 7);
		const char *tags[] = {title};
		struct article_put p = {.category_id = c,
					.status = ARTICLE_PUBLISHED,
					.title = title,
					.slug = "s",
					.body_html = "",
					.tags = tags,
					.ntags = 1};
		assert_int_equal(store_article_put(tx, &p, NULL), STORE_OK);
	}
	assert_int_equal(store_commit(tx), STORE_OK);
	struct each_seen s = {.ordered = true, .tags_ok = true};
	assert_int_equal(store_articles_each(st, each_fn, &s), STORE_OK);
	assert_int_equal(s.n, 1203);
	assert_true(s.ordered);
	assert_true(s.tags_ok);
	struct each_seen early = {.ordered = true, .tags_ok = true, .stop_at = 2};
	assert_int_equal(store_articles_each(st, each_fn, &early), STORE_OK);
	assert_int_equal(early.n, 2);
	struct each_seen page = {.ordered = true, .tags_ok = true, .stop_at = 501};
	assert_int_equal(store_articles_each(st, each_fn, &page), STORE_OK);
	assert_int_equal(page.n, 501);
}

static void t_transactions(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	const char *v;
	int64_t max = -1;
	struct store *tx, *again = st;
	assert_int_equal(store_commit(st), STORE_INVALID);
	assert_int_equal(store_rollback(st), STORE_INVALID);
	assert_int_equal(store_begin(st, &tx), STORE_OK);
	assert_non_null(tx);
	assert_int_equal(store_begin(tx, &again), STORE_CONFLICT);
	assert_null(again);
	assert_int_equal(store_setting_set(tx, "k", "rolled back"), STORE_OK);
	put(tx, 0, cat(tx, 0, "E", "e"), "x", 1, ARTICLE_PUBLISHED);
	/* The handle sees its own writes; the store outside the transaction does not. */
	assert_int_equal(store_setting_get(tx, a, "k", &v), STORE_OK);
	assert_string_equal(v, "rolled back");
	assert_int_equal(store_setting_get(st, a, "k", &v), STORE_NOTFOUND);
	assert_int_equal(store_rollback(tx), STORE_OK);
	assert_int_equal(store_setting_get(st, a, "k", &v), STORE_NOTFOUND);
	assert_int_equal(store_article_max_id(st, &max), STORE_OK);
	assert_int_equal(max, 0);
	struct category *cv;
	size_t n = 9;
	assert_int_equal(store_categories(st, a, &cv, &n), STORE_OK);
	assert_int_equal(n, 0);

	assert_int_equal(store_begin(st, &tx), STORE_OK);
	assert_int_equal(store_setting_set(tx, "k", "kept"), STORE_OK);
	int64_t id = put(tx, 0, cat(tx, 0, "E", "e"), "x", 1, ARTICLE_PUBLISHED);
	/* A failed step that is not part of a write op leaves the transaction usable. */
	assert_int_equal(store_user_add(tx, "u", "U", "admin", "h", NULL), STORE_OK);
	assert_int_equal(store_user_add(tx, "u", "U", "admin", "h", NULL), STORE_CONFLICT);
	assert_int_equal(store_setting_get(tx, a, "k", &v), STORE_OK);
	assert_int_equal(store_commit(tx), STORE_OK);
	assert_int_equal(store_setting_get(st, a, "k", &v), STORE_OK);
	assert_string_equal(v, "kept");
	assert_int_equal(store_article_max_id(st, &max), STORE_OK);
	assert_int_equal(max, id);

	/* A failed write op inside the transaction dooms it, as in SQLite. */
	assert_int_equal(store_begin(st, &tx), STORE_OK);
	assert_int_equal(store_setting_set(tx, "k", "doomed"), STORE_OK);
	struct article_put bad = {.category_id = 999999, .title = "", .slug = "", .body_html = ""};
	assert_int_equal(store_article_put(tx, &bad, NULL), STORE_INVALID);
	assert_true(store_commit(tx) != STORE_OK);
	assert_int_equal(store_setting_get(st, a, "k", &v), STORE_OK);
	assert_string_equal(v, "kept");
	arena_free(a);
}

static void t_users(void **state)
{
	struct store *st = st_of(state);
	int64_t id = 0;
	assert_int_equal(store_user_add(st, "lan", "Nguyễn Lan", "editor", "$argon2id$x", &id),
			 STORE_OK);
	assert_true(id > 0);
	struct arena *a = arena_new();
	struct user u;
	assert_int_equal(store_user_get(st, a, "lan", &u), STORE_OK);
	assert_int_equal(u.id, id);
	assert_string_equal(u.display_name, "Nguyễn Lan");
	assert_string_equal(u.role, "editor");
	assert_string_equal(u.password_hash, "$argon2id$x");
	assert_false(u.disabled);
	assert_int_equal(store_user_add(st, "lan", "Khác", "admin", "h", NULL), STORE_CONFLICT);
	assert_int_equal(store_user_get(st, a, "mai", &u), STORE_NOTFOUND);
	arena_free(a);
}

/* Bad URLs and unreachable servers: a one-line message, no store. */
static void t_bad_urls(void **state)
{
	(void)state;
	const char *urls[] = {"postgresql://127.0.0.1:1/gazette",
			      "postgresql://h/db?nonsense=1",
			      "postgres://[::1/db",
			      "postgresql://127.0.0.1:1/gazette?connect_timeout=2",
			      "mysql://x/y",
			      "",
			      "sqlite:/nonexistent-dir/x/y.db"};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		struct store *st = NULL;
		struct buf err = BUF_INIT;
		assert_true(store_open(urls[i], false, &st, &err) != STORE_OK);
		assert_null(st);
		assert_true(err.len > 0);
		assert_null(strchr(buf_cstr(&err), '\n'));
		buf_free(&err);
	}
	struct buf err = BUF_INIT;
	struct store *st = NULL;
	assert_int_equal(store_open(urls[0], false, &st, &err), STORE_UNAVAILABLE);
	assert_non_null(strstr(buf_cstr(&err), "cannot connect to PostgreSQL: "));
	buf_free(&err);
}

/* A database that is not there on a live server. */
static void t_pg_missing_db(void **state)
{
	struct ctx *c = *state;
	st_of(state);
	char url[600];
	const char *slash = strrchr(c->url, '/');
	snprintf(url, sizeof url, "%.*s/no_such_db", (int)(slash - c->url), c->url);
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	assert_int_equal(store_open(url, false, &st, &err), STORE_UNAVAILABLE);
	assert_non_null(strstr(buf_cstr(&err), "no_such_db"));
	assert_null(strchr(buf_cstr(&err), '\n'));
	buf_free(&err);
}

static void pg_ctl(const char *var)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "%s >/dev/null 2>&1", env(var));
	assert_int_equal(system(cmd), 0);
}

/* The server goes away and comes back: calls fail fast with UNAVAILABLE, then work again. */
static void t_pg_outage(void **state)
{
	struct store *st = st_of(state);
	if (!env("GAZETTE_TEST_PG_STOP") || !env("GAZETTE_TEST_PG_START"))
		skip();
	struct arena *a = arena_new();
	const char *v;
	assert_int_equal(store_setting_set(st, "k", "v"), STORE_OK);

	/* A restart between two calls: the idle connection is found dead and remade. */
	pg_ctl("GAZETTE_TEST_PG_STOP");
	pg_ctl("GAZETTE_TEST_PG_START");
	assert_int_equal(store_setting_get(st, a, "k", &v), STORE_OK);

	/* Down: every call answers UNAVAILABLE quickly. */
	pg_ctl("GAZETTE_TEST_PG_STOP");
	time_t t0 = time(NULL);
	assert_int_equal(store_setting_get(st, a, "k", &v), STORE_UNAVAILABLE);
	assert_int_equal(store_setting_set(st, "k", "w"), STORE_UNAVAILABLE);
	struct view_delta d = {1, 1};
	assert_int_equal(store_views_add(st, &d, 1), STORE_UNAVAILABLE);
	struct store *tx = st;
	assert_int_equal(store_begin(st, &tx), STORE_UNAVAILABLE);
	assert_null(tx);
	assert_true(time(NULL) - t0 < 10);

	/* Back: the same store works again, prepared statements made anew. */
	pg_ctl("GAZETTE_TEST_PG_START");
	assert_int_equal(store_setting_get(st, a, "k", &v), STORE_OK);
	assert_string_equal(v, "v");

	/* Lost in the middle of a transaction: the transaction fails, the store recovers. */
	assert_int_equal(store_begin(st, &tx), STORE_OK);
	assert_int_equal(store_setting_set(tx, "k", "in tx"), STORE_OK);
	pg_ctl("GAZETTE_TEST_PG_STOP");
	assert_int_equal(store_setting_set(tx, "k", "lost"), STORE_UNAVAILABLE);
	assert_true(store_commit(tx) != STORE_OK);
	pg_ctl("GAZETTE_TEST_PG_START");
	assert_int_equal(store_setting_get(st, a, "k", &v), STORE_OK);
	assert_string_equal(v, "v");
	assert_int_equal(store_setting_set(st, "k", "after"), STORE_OK);
	arena_free(a);
}

struct reader {
	struct store *st;
	atomic_bool stop;
	atomic_int ok, unavailable, other;
};

static void *read_loop(void *p)
{
	struct reader *r = p;
	while (!atomic_load(&r->stop)) {
		struct arena *a = arena_new();
		const char *v;
		enum store_rc rc = store_setting_get(r->st, a, "k", &v);
		arena_free(a);
		if (rc == STORE_OK)
			atomic_fetch_add(&r->ok, 1);
		else if (rc == STORE_UNAVAILABLE)
			atomic_fetch_add(&r->unavailable, 1);
		else
			atomic_fetch_add(&r->other, 1);
	}
	return NULL;
}

/* More threads than pooled connections keep reading while the server stops and starts again. */
static void t_pg_outage_threads(void **state)
{
	struct store *st = st_of(state);
	if (!env("GAZETTE_TEST_PG_STOP") || !env("GAZETTE_TEST_PG_START"))
		skip();
	assert_int_equal(store_setting_set(st, "k", "v"), STORE_OK);
	struct reader r = {.st = st};
	pthread_t th[12];
	for (int i = 0; i < 12; i++)
		pthread_create(&th[i], NULL, read_loop, &r);
	usleep(200000);
	pg_ctl("GAZETTE_TEST_PG_STOP");
	usleep(300000);
	int down_ok = atomic_load(&r.ok);
	usleep(300000);
	pg_ctl("GAZETTE_TEST_PG_START");
	usleep(500000);
	atomic_store(&r.stop, true);
	for (int i = 0; i < 12; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(atomic_load(&r.other), 0);
	assert_true(atomic_load(&r.unavailable) > 0);
	assert_true(atomic_load(&r.ok) > down_ok); /* reads worked again after the start */
	struct arena *a = arena_new();
	const char *v;
	assert_int_equal(store_setting_get(st, a, "k", &v), STORE_OK);
	arena_free(a);
}

static int64_t content_version(struct store *st)
{
	int64_t v = -1;
	assert_int_equal(store_content_version(st, &v), STORE_OK);
	return v;
}

/* Every change readers can see bumps the content version; view counts do not. */
static void t_content_version(void **state)
{
	struct store *st = st_of(state);
	int64_t v0 = content_version(st);
	assert_int_equal(store_setting_set(st, "k", "v"), STORE_OK);
	int64_t v1 = content_version(st);
	assert_true(v1 > v0);
	int64_t c = cat(st, 0, "F", "f");
	int64_t v2 = content_version(st);
	assert_true(v2 > v1);
	int64_t id = put(st, 0, c, "x", 1, ARTICLE_PUBLISHED);
	int64_t v3 = content_version(st);
	assert_true(v3 > v2);
	struct view_delta d = {id, 5};
	assert_int_equal(store_views_add(st, &d, 1), STORE_OK);
	assert_int_equal(content_version(st), v3);
	assert_int_equal(cat(st, 0, "F", "f"), c); /* found, nothing changed */
	assert_int_equal(content_version(st), v3);
	put(st, id, c, "y", 1, ARTICLE_PUBLISHED);
	assert_true(content_version(st) > v3);
}

/* Imported sites: old keys and redirects are kept, replaced, refused nowhere, and redirects
 * count as content (cached 404 pages of old addresses must go). */
static void t_import_keys_redirects(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	int64_t id = -1;
	const char *v = NULL;
	assert_int_equal(store_import_key_get(st, a, "wp:article:post:20", &id, &v),
			 STORE_NOTFOUND);
	assert_int_equal(store_import_key_set(st, "wp:article:post:20", 7, ""), STORE_OK);
	assert_int_equal(store_import_key_set(st, "wp:media:10", 3, "2026/12/ab.png"), STORE_OK);
	assert_int_equal(store_import_key_get(st, a, "wp:article:post:20", &id, &v), STORE_OK);
	assert_int_equal(id, 7);
	assert_string_equal(v, "");
	assert_int_equal(store_import_key_set(st, "wp:article:post:20", 9, "x"), STORE_OK);
	assert_int_equal(store_import_key_get(st, a, "wp:article:post:20", &id, &v), STORE_OK);
	assert_int_equal(id, 9);
	assert_string_equal(v, "x");
	assert_int_equal(store_import_key_get(st, a, "wp:media:10", &id, &v), STORE_OK);
	assert_int_equal(id, 3);
	assert_string_equal(v, "2026/12/ab.png");

	int64_t v0 = content_version(st);
	const char *t = NULL;
	assert_int_equal(store_redirect_get(st, a, "/?p=20", &t), STORE_NOTFOUND);
	assert_int_equal(store_redirect_set(st, "/?p=20", "/a-9.html"), STORE_OK);
	assert_true(content_version(st) > v0);
	assert_int_equal(store_redirect_get(st, a, "/?p=20", &t), STORE_OK);
	assert_string_equal(t, "/a-9.html");
	assert_int_equal(store_redirect_set(st, "/?p=20", "/b-9.html"), STORE_OK);
	assert_int_equal(store_redirect_get(st, a, "/?p=20", &t), STORE_OK);
	assert_string_equal(t, "/b-9.html");
	assert_int_equal(store_redirect_set(st, "/?p=20", "/b-9.html"), STORE_OK); /* unchanged */
	assert_int_equal(store_redirect_get(st, a, "/?p=21", &t), STORE_NOTFOUND);
	arena_free(a);
}

/* The media library: search over the folded name, alt text and caption, paging, descriptions
 * (NULL keeps a field), where a file is used, deletion; and the featured image in revisions. */
static void t_media(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	static const char *const files[] = {"2026/12/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.png",
					    "2026/12/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.jpg",
					    "2026/12/cccccccccccccccccccccccccccccccc.gif"};
	static const char *const names[] = {"Lễ hội Đền Hùng.png", "cau.jpg", "cho.gif"};
	int64_t ids[3];
	for (int i = 0; i < 3; i++) {
		struct media m = {.file = files[i],
				  .thumb = "",
				  .name = names[i],
				  .mime = "image/png",
				  .bytes = 10,
				  .width = 2,
				  .height = 1};
		assert_int_equal(store_media_add(st, &m, &ids[i]), STORE_OK);
	}
	assert_int_equal(store_media_describe(st, ids[1], NULL, "Cầu Long Biên", NULL), STORE_OK);
	assert_int_equal(store_media_describe(st, ids[2], NULL, NULL, "Phiên chợ vùng cao"),
			 STORE_OK);
	assert_int_equal(store_media_describe(st, 999999, "x", NULL, NULL), STORE_NOTFOUND);
	struct media m;
	assert_int_equal(store_media_by_id(st, a, ids[1], &m), STORE_OK);
	assert_string_equal(m.name, "cau.jpg"); /* kept */
	assert_string_equal(m.alt, "Cầu Long Biên");
	assert_string_equal(m.caption, "");
	static const struct {
		const char *folded;
		int want; /* index into ids, -1: none */
	} rows[] = {{"den hung", 0}, {"long bien", 1}, {"cho vung", 2}, {"khong co", -1}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct media *out;
		size_t n;
		int64_t total = -1;
		assert_int_equal(store_media_search(st, a, rows[i].folded, 0, 10, &out, &n, &total),
				 STORE_OK);
		assert_int_equal(n, rows[i].want < 0 ? 0 : 1);
		assert_int_equal(total, (int64_t)n);
		if (n)
			assert_int_equal(out[0].id, ids[rows[i].want]);
	}
	struct media *out;
	size_t n;
	int64_t total;
	assert_int_equal(store_media_search(st, a, "", 1, 1, &out, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 3);
	assert_int_equal(out[0].id, ids[1]); /* newest first: 2, 1, 0 */

	struct media_use *u;
	assert_int_equal(store_media_uses(st, a, files[0], &u, &n), STORE_OK);
	assert_int_equal(n, 0);
	int64_t c = cat(st, 0, "Ảnh", "anh");
	struct article_put p = {
	    .category_id = c,
	    .status = ARTICLE_DRAFT,
	    .title = "Bài có ảnh",
	    .slug = "bai-co-anh",
	    .body_html = "<p><img src=\"/media/2026/12/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-t.png\" "
			 "alt=\"x\"></p>",
	    .image = {"/media/2026/12/cccccccccccccccccccccccccccccccc.gif", "Chợ", "Phiên chợ"}};
	int64_t aid = 0;
	assert_int_equal(store_article_put(st, &p, &aid), STORE_OK);
	assert_int_equal(
	    store_setting_set(st, "logo", "/media/2026/12/cccccccccccccccccccccccccccccccc.gif"),
	    STORE_OK);
	assert_int_equal(store_media_uses(st, a, files[0], &u, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(u[0].kind, "article");
	assert_int_equal(u[0].id, aid);
	assert_string_equal(u[0].title, "Bài có ảnh");
	assert_int_equal(store_media_uses(st, a, files[2], &u, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(u[0].kind, "featured");
	assert_string_equal(u[1].kind, "setting");
	assert_string_equal(u[1].title, "logo");
	assert_int_equal(store_media_uses(st, a, files[1], &u, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_media_uses(st, a, "x.png", &u, &n), STORE_INVALID);

	/* the revision keeps the featured image */
	p.id = aid;
	p.image = (struct article_image){"", "", ""};
	assert_int_equal(store_article_put(st, &p, &aid), STORE_OK);
	struct revision *revs;
	size_t nrev;
	assert_int_equal(store_revisions(st, a, aid, &revs, &nrev), STORE_OK);
	assert_true(nrev >= 1);
	assert_string_equal(revs[nrev - 1].image.src,
			    "/media/2026/12/cccccccccccccccccccccccccccccccc.gif");
	assert_string_equal(revs[nrev - 1].image.caption, "Phiên chợ");

	assert_int_equal(store_media_delete(st, ids[1]), STORE_OK);
	assert_int_equal(store_media_delete(st, ids[1]), STORE_NOTFOUND);
	assert_int_equal(store_media_by_id(st, a, ids[1], &m), STORE_NOTFOUND);
	arena_free(a);
}

/* Workflow: owners, revisions, optimistic saves, status, featured, expiry, tag lists. */
static void t_workflow(void **state)
{
	struct store *st = st_of(state);
	int64_t uid = 0, c = cat(st, 0, "G", "g");
	assert_int_equal(store_user_add(st, "lan", "Lan", "editor", "h", &uid), STORE_OK);
	const char *tags[] = {"Một", "Hai"};
	struct article_put p = {.category_id = c,
				.status = ARTICLE_DRAFT,
				.title = "Nháp",
				.slug = "nhap",
				.body_html = "<p>1</p>",
				.owner_id = uid,
				.editor_id = uid,
				.tags = tags,
				.ntags = 2};
	int64_t id = 0;
	assert_int_equal(store_article_put(st, &p, &id), STORE_OK);
	struct arena *a = arena_new();
	struct revision *rv;
	size_t n;
	assert_int_equal(store_revisions(st, a, id, &rv, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rv[0].revision, 1);
	assert_int_equal(rv[0].user_id, uid);
	assert_string_equal(rv[0].user_name, "lan");
	assert_string_equal(rv[0].tags, "Một\nHai");
	p.id = id;
	p.expect_revision = 1;
	p.title = "Bản 2";
	assert_int_equal(store_article_put(st, &p, NULL), STORE_OK);
	assert_int_equal(store_article_put(st, &p, NULL), STORE_CONFLICT); /* stale */
	p.id = 99999;
	assert_int_equal(store_article_put(st, &p, NULL), STORE_NOTFOUND);
	assert_int_equal(store_revisions(st, a, id, &rv, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rv[0].revision, 2);
	assert_string_equal(rv[0].title, "Bản 2");
	struct revision one;
	assert_int_equal(store_revision_get(st, a, id, 1, &one), STORE_OK);
	assert_string_equal(one.title, "Nháp");
	assert_int_equal(store_revision_get(st, a, id, 7, &one), STORE_NOTFOUND);

	struct article art;
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	assert_int_equal(art.owner_id, uid);
	assert_int_equal(art.expires_at, 0);
	assert_string_equal(art.note, "");
	assert_int_equal(store_article_set_status(st, id, ARTICLE_DRAFT, 0, "Sửa lại"), STORE_OK);
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	assert_string_equal(art.note, "Sửa lại");
	int64_t before = (int64_t)time(NULL);
	assert_int_equal(store_article_set_status(st, id, ARTICLE_PUBLISHED, 0, NULL), STORE_OK);
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	assert_int_equal(art.status, ARTICLE_PUBLISHED);
	assert_true(art.published_at >= before && art.published_at <= before + 5);
	assert_int_equal(store_article_set_status(st, 99999, ARTICLE_DRAFT, 0, ""), STORE_NOTFOUND);
	assert_int_equal(store_article_set_featured(st, id, true), STORE_OK);
	assert_int_equal(store_article_set_featured(st, 99999, true), STORE_NOTFOUND);

	struct article_summary *v;
	int64_t total = 0;
	struct article_query fq = {.now = before + 10, .limit = 10, .featured_only = true};
	assert_int_equal(store_articles_list(st, a, &fq, &v, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	struct tag tg;
	assert_int_equal(store_tag_by_slug(st, a, "hai", &tg), STORE_OK);
	assert_int_equal(tg.count, 1);
	struct article_query tq = {.now = before + 10, .limit = 10, .tag_id = tg.id};
	assert_int_equal(store_articles_list(st, a, &tq, &v, &n, &total), STORE_OK);
	assert_int_equal(total, 1);

	/* Expiry and the next change of the public lists. */
	struct article_put e = {.category_id = c,
				.status = ARTICLE_PUBLISHED,
				.published_at = 1000,
				.expires_at = 2000,
				.title = "Hết hạn",
				.slug = "het-han",
				.body_html = ""};
	assert_int_equal(store_article_put(st, &e, NULL), STORE_OK);
	struct article_query at = {.now = 1500, .limit = 10};
	assert_int_equal(store_articles_list(st, a, &at, &v, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	at.now = 2000;
	assert_int_equal(store_articles_list(st, a, &at, &v, &n, &total), STORE_OK);
	assert_int_equal(total, 0);
	int64_t next = -1;
	assert_int_equal(store_next_change(st, 500, &next), STORE_OK);
	assert_int_equal(next, 1000);
	assert_int_equal(store_next_change(st, 1000, &next), STORE_OK);
	assert_int_equal(next, 2000);
	assert_int_equal(store_next_change(st, before + 100, &next), STORE_OK);
	assert_int_equal(next, 0);

	struct article_row *rows;
	struct article_admin_query aq = {.status = ARTICLE_PUBLISHED, .owner_id = uid, .limit = 10};
	assert_int_equal(store_articles_admin(st, a, &aq, &rows, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, id);
	assert_string_equal(rows[0].owner_name, "lan");
	assert_true(rows[0].featured);
	aq = (struct article_admin_query){.status = -1, .limit = 1};
	assert_int_equal(store_articles_admin(st, a, &aq, &rows, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 2);
	arena_free(a);
}

/* Categories and tags edited from the newsroom. */
static void t_taxonomy(void **state)
{
	struct store *st = st_of(state);
	int64_t a1 = cat(st, 0, "A", "a"), a2 = cat(st, a1, "A2", "a2"), b = cat(st, 0, "B", "b");
	assert_int_equal(store_category_update(st, a1, a2, "A", "a", 1), STORE_INVALID);
	assert_int_equal(store_category_update(st, a1, a1, "A", "a", 1), STORE_INVALID);
	assert_int_equal(store_category_update(st, b, a1, "B", "b", 3), STORE_OK);
	assert_int_equal(store_category_update(st, 99999, 0, "X", "x", 1), STORE_NOTFOUND);
	assert_int_equal(store_category_update(st, b, a1, "A2", "a2", 3), STORE_CONFLICT);
	assert_int_equal(store_category_delete(st, a1), STORE_CONFLICT); /* has children */
	assert_int_equal(store_category_delete(st, b), STORE_OK);
	assert_int_equal(store_category_delete(st, b), STORE_NOTFOUND);
	const char *tags[] = {"Bóng đá", "Hà Nội"};
	struct article_put p = {.category_id = a2,
				.status = ARTICLE_PUBLISHED,
				.title = "t",
				.slug = "t",
				.body_html = "",
				.tags = tags,
				.ntags = 2};
	assert_int_equal(store_article_put(st, &p, NULL), STORE_OK);
	assert_int_equal(store_category_delete(st, a2), STORE_CONFLICT); /* has articles */
	struct arena *a = arena_new();
	struct tag *tv, t;
	size_t n;
	assert_int_equal(store_tags(st, a, &tv, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(tv[0].count, 1);
	assert_int_equal(store_tag_by_slug(st, a, "bong-da", &t), STORE_OK);
	assert_int_equal(store_tag_rename(st, t.id, "Bóng chuyền", "bong-chuyen"), STORE_OK);
	assert_int_equal(store_tag_by_slug(st, a, "bong-da", &t), STORE_NOTFOUND);
	assert_int_equal(store_tag_by_slug(st, a, "bong-chuyen", &t), STORE_OK);
	assert_string_equal(t.name, "Bóng chuyền");
	assert_int_equal(store_tag_rename(st, 99999, "x", "x"), STORE_NOTFOUND);
	assert_int_equal(store_tag_delete(st, t.id), STORE_OK);
	assert_int_equal(store_tag_delete(st, t.id), STORE_NOTFOUND);
	assert_int_equal(store_tags(st, a, &tv, &n), STORE_OK);
	assert_int_equal(n, 1);
	arena_free(a);
}

/* Accounts, sessions, tokens, throttling and the audit log. */
/* The newsroom list's filters (state at a time, categories, folded words, dates), its capped count,
 * the counts per category, and the per-person autosave slots (issue 11). */
static void t_newsroom_list(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	int64_t c1 = cat(st, 0, "Thời sự", "thoi-su"), c2 = cat(st, c1, "Tin tức", "tin-tuc");
	int64_t uid = 0;
	assert_int_equal(store_user_add(st, "phong", "Phóng viên Hà", "contributor", "x", &uid),
			 STORE_OK);
	struct article_put p = {.category_id = c2,
				.owner_id = uid,
				.status = ARTICLE_DRAFT,
				.title = "Đảng bộ xã Yên Phú",
				.slug = "dang-bo",
				.author = "Hữu Chất",
				.body_html = ""};
	int64_t draft = 0, sched = 0, other = 0;
	assert_int_equal(store_article_put(st, &p, &draft), STORE_OK);
	p.title = "Lịch tiêm chủng";
	p.status = ARTICLE_PUBLISHED;
	p.published_at = 5000;
	assert_int_equal(store_article_put(st, &p, &sched), STORE_OK);
	p.title = "Nông thôn mới";
	p.category_id = c1;
	p.published_at = 100;
	assert_int_equal(store_article_put(st, &p, &other), STORE_OK);
	struct article_row *rows;
	size_t n;
	int64_t total = -1;
	/* A zeroed query is "any": the three. */
	struct article_admin_query q = {.status = -1, .limit = 10, .now = 1000};
	assert_int_equal(store_articles_admin(st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 3);
	/* Without diacritics, by the folded title or the author. */
	q.text = "dang bo";
	assert_int_equal(store_articles_admin(st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, draft);
	assert_string_equal(rows[0].owner_display, "Phóng viên Hà");
	q.text = "huu chat";
	assert_int_equal(store_articles_admin(st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 3);
	q.text = "100%_";
	assert_int_equal(store_articles_admin(st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 0);
	q.text = NULL;
	/* The state at `now`: scheduled before 5000, published after. */
	q.by_state = true;
	q.state = STATE_SCHEDULED;
	assert_int_equal(store_articles_admin(st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, sched);
	q.now = 6000;
	assert_int_equal(store_articles_admin(st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(n, 0);
	/* The count alone (limit 0) through the index on status. */
	q.limit = 0;
	q.now = 1000;
	assert_int_equal(store_articles_admin(st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	q.state = STATE_DRAFT;
	assert_int_equal(store_articles_admin(st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(store_article_set_status(st, draft, ARTICLE_DRAFT, 0, "Thiếu ảnh"),
			 STORE_OK);
	assert_int_equal(store_articles_admin(st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 0);
	q.state = STATE_RETURNED;
	assert_int_equal(store_articles_admin(st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	/* Categories: ",c1,". */
	q = (struct article_admin_query){.status = -1, .limit = 10, .now = 1000};
	q.category_ids = arena_printf(a, ",%lld,", (long long)c1);
	assert_int_equal(store_articles_admin(st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, other);
	int64_t *counts;
	assert_int_equal(store_category_counts(st, a, &counts, &n), STORE_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(counts[2 * i + 1], counts[2 * i] == c2 ? 2 : 1);
	/* Autosave slots: one per person and article; put replaces; delete empties. */
	struct autosave s;
	assert_int_equal(store_autosave_get(st, a, uid, draft, &s), STORE_NOTFOUND);
	assert_int_equal(store_autosave_put(st, uid, draft, 10, "{\"title\":\"một\"}"), STORE_OK);
	assert_int_equal(store_autosave_put(st, uid, draft, 20, "{\"title\":\"hai\"}"), STORE_OK);
	assert_int_equal(store_autosave_put(st, uid, 0, 30, "{}"), STORE_OK);
	assert_int_equal(store_autosave_get(st, a, uid, draft, &s), STORE_OK);
	assert_int_equal(s.saved_at, 20);
	assert_string_equal(s.data, "{\"title\":\"hai\"}");
	assert_int_equal(store_autosave_delete(st, uid, draft), STORE_OK);
	assert_int_equal(store_autosave_get(st, a, uid, draft, &s), STORE_NOTFOUND);
	assert_int_equal(store_autosave_get(st, a, uid, 0, &s), STORE_OK);
	assert_int_equal(store_autosave_delete(st, uid, 12345), STORE_OK);
	arena_free(a);
}

static void t_accounts(void **state)
{
	struct store *st = st_of(state);
	int64_t uid = 0, c = cat(st, 0, "C", "c");
	assert_int_equal(store_user_add(st, "mai", "Mai", "contributor", "h1", &uid), STORE_OK);
	assert_int_equal(store_user_update(st, uid, "Mai Anh", "editor", false), STORE_OK);
	assert_int_equal(store_user_update(st, uid, "Mai Anh", "king", false), STORE_INVALID);
	assert_int_equal(store_user_update(st, 99999, "x", "editor", false), STORE_NOTFOUND);
	assert_int_equal(store_user_password(st, uid, "h2"), STORE_OK);
	int64_t cats[] = {c};
	assert_int_equal(store_user_categories(st, uid, cats, 1), STORE_OK);
	int64_t bad[] = {99999};
	assert_int_equal(store_user_categories(st, uid, bad, 1), STORE_NOTFOUND);
	/* rights beyond the role: given, given again, taken; an unknown account refused */
	bool has = true;
	assert_int_equal(store_user_right(st, uid, STORE_RIGHT_DOCUMENTS, &has), STORE_OK);
	assert_false(has);
	assert_int_equal(store_user_right_set(st, uid, STORE_RIGHT_DOCUMENTS, true), STORE_OK);
	assert_int_equal(store_user_right_set(st, uid, STORE_RIGHT_DOCUMENTS, true), STORE_OK);
	assert_int_equal(store_user_right(st, uid, STORE_RIGHT_DOCUMENTS, &has), STORE_OK);
	assert_true(has);
	assert_int_equal(store_user_right(st, uid, "other", &has), STORE_OK);
	assert_false(has);
	assert_int_equal(store_user_right_set(st, uid, STORE_RIGHT_DOCUMENTS, false), STORE_OK);
	assert_int_equal(store_user_right(st, uid, STORE_RIGHT_DOCUMENTS, &has), STORE_OK);
	assert_false(has);
	assert_int_equal(store_user_right_set(st, 99999, STORE_RIGHT_DOCUMENTS, true),
			 STORE_NOTFOUND);
	struct arena *a = arena_new();
	struct user u;
	assert_int_equal(store_user_by_id(st, a, uid, &u), STORE_OK);
	assert_string_equal(u.display_name, "Mai Anh");
	assert_string_equal(u.password_hash, "h2");
	assert_int_equal(u.ncategories, 1);
	assert_int_equal(u.categories[0], c);
	assert_int_equal(store_user_by_id(st, a, 99999, &u), STORE_NOTFOUND);
	struct user *uv;
	size_t n;
	assert_int_equal(store_users(st, a, &uv, &n), STORE_OK);
	assert_int_equal(n, 1);

	struct session se;
	assert_int_equal(store_session_add(st, "tok", uid, "csrf", 5000000000LL, "127.0.0.1"),
			 STORE_OK);
	assert_int_equal(store_session_get(st, a, "tok", 1000, &se), STORE_OK);
	assert_int_equal(se.user_id, uid);
	assert_string_equal(se.csrf, "csrf");
	assert_int_equal(store_session_get(st, a, "tok", 5000000000LL, &se), STORE_NOTFOUND);
	assert_int_equal(store_session_add(st, "tok", uid, "x", 5000000000LL, ""), STORE_CONFLICT);
	int64_t later = (int64_t)time(NULL) + 3600;
	struct api_token tk = {
	    .hash = "api", .user_id = uid, .name = "máy đăng bài", .expires_at = later};
	assert_int_equal(store_token_add(st, &tk), STORE_OK);
	assert_int_equal(store_token_user(st, a, "api", &u), STORE_OK);
	assert_int_equal(u.id, uid);
	/* issue 20 finding 6: expired tokens do not work; tokens are listed by name and revoked
	 * one by one, and all of them by a new password or by disabling */
	tk = (struct api_token){.hash = "old", .user_id = uid, .name = "cu", .expires_at = 1000};
	assert_int_equal(store_token_add(st, &tk), STORE_OK);
	assert_int_equal(store_token_user(st, a, "old", &u), STORE_NOTFOUND);
	tk = (struct api_token){
	    .hash = "api2", .user_id = uid, .name = "thu hai", .expires_at = later};
	assert_int_equal(store_token_add(st, &tk), STORE_OK);
	struct api_token *tl;
	size_t ntl;
	assert_int_equal(store_tokens(st, a, uid, &tl, &ntl), STORE_OK);
	assert_int_equal(ntl, 3);
	size_t k = 0;
	while (k < ntl && strcmp(tl[k].name, "máy đăng bài") != 0)
		k++;
	assert_true(k < ntl);
	assert_int_equal(tl[k].expires_at, later);
	assert_int_equal(strlen(tl[k].hash), 3); /* "api": its first 12 characters */
	assert_int_equal(store_token_revoke(st, uid, "thu hai"), STORE_OK);
	assert_int_equal(store_token_revoke(st, uid, "thu hai"), STORE_NOTFOUND);
	assert_int_equal(store_token_user(st, a, "api2", &u), STORE_NOTFOUND);
	assert_int_equal(store_token_user(st, a, "api", &u), STORE_OK);
	assert_int_equal(store_user_update(st, uid, "Mai Anh", "editor", true), STORE_OK);
	assert_int_equal(store_session_get(st, a, "tok", 1000, &se), STORE_NOTFOUND);
	assert_int_equal(store_token_user(st, a, "api", &u), STORE_NOTFOUND);
	assert_int_equal(store_user_update(st, uid, "Mai Anh", "editor", false), STORE_OK);
	assert_int_equal(store_token_user(st, a, "api", &u), STORE_NOTFOUND); /* stays revoked */
	tk = (struct api_token){.hash = "api3", .user_id = uid, .name = "ba", .expires_at = later};
	assert_int_equal(store_token_add(st, &tk), STORE_OK);
	assert_int_equal(store_user_password(st, uid, "h3"), STORE_OK);
	assert_int_equal(store_token_user(st, a, "api3", &u), STORE_NOTFOUND);
	assert_int_equal(store_tokens(st, a, uid, &tl, &ntl), STORE_OK);
	assert_int_equal(ntl, 0);
	assert_int_equal(store_session_delete(st, "tok"), STORE_OK);
	assert_int_equal(store_session_get(st, a, "tok", 1000, &se), STORE_NOTFOUND);
	assert_int_equal(store_session_add(st, "t2", uid, "c", 5000000000LL, ""), STORE_OK);
	assert_int_equal(store_sessions_delete_user(st, uid), STORE_OK);
	assert_int_equal(store_session_get(st, a, "t2", 1000, &se), STORE_NOTFOUND);

	int64_t now = (int64_t)time(NULL), hits = -1;
	for (int i = 0; i < 3; i++)
		assert_int_equal(store_throttle_hit(st, "user:mai", now), STORE_OK);
	assert_int_equal(store_throttle_count(st, "user:mai", now - 60, &hits), STORE_OK);
	assert_int_equal(hits, 3);
	assert_int_equal(store_throttle_clear(st, "user:mai"), STORE_OK);
	assert_int_equal(store_throttle_count(st, "user:mai", now - 60, &hits), STORE_OK);
	assert_int_equal(hits, 0);

	struct audit_entry e = {.user_id = uid, .user_name = "mai", .action = "login"};
	assert_int_equal(store_audit_add(st, &e), STORE_OK);
	e = (struct audit_entry){.action = "login.failed", .object = "user:x", .detail = "sai"};
	assert_int_equal(store_audit_add(st, &e), STORE_OK);
	struct audit_entry *av;
	int64_t total = 0;
	assert_int_equal(store_audit_list(st, a, 0, 1, &av, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 2);
	assert_string_equal(av[0].action, "login.failed");
	assert_int_equal(av[0].user_id, 0);
	assert_string_equal(av[0].address, "");
	arena_free(a);
}

/* Static pages: a tree with unique slugs, no cycles, no deleting a parent, and readers' caches
 * dropped by every write. */
static void t_pages(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	int64_t v0 = 0, v1 = 0;
	assert_int_equal(store_content_version(st, &v0), STORE_OK);
	struct static_page top = {
	    .slug = "gioi-thieu", .title = "Giới thiệu", .body_html = "<p>A</p>"};
	int64_t top_id = 0, sub_id = 0, id = 0;
	assert_int_equal(store_page_put(st, &top, &top_id), STORE_OK);
	assert_true(top_id > 0);
	assert_int_equal(store_content_version(st, &v1), STORE_OK);
	assert_true(v1 > v0);
	struct static_page sub = {.parent_id = top_id,
				  .position = 2,
				  .slug = "chuc-nang-nhiem-vu",
				  .title = "Chức năng, nhiệm vụ",
				  .body_html = "<p>B</p>"};
	assert_int_equal(store_page_put(st, &sub, &sub_id), STORE_OK);
	struct static_page dup = {.slug = "gioi-thieu", .title = "Khác", .body_html = ""};
	assert_int_equal(store_page_put(st, &dup, &id), STORE_CONFLICT);
	/* a page may not move below itself */
	top.id = top_id;
	top.parent_id = sub_id;
	assert_int_equal(store_page_put(st, &top, NULL), STORE_INVALID);
	top.parent_id = top_id;
	assert_int_equal(store_page_put(st, &top, NULL), STORE_INVALID);
	top.parent_id = 0;
	top.title = "Giới thiệu chung";
	assert_int_equal(store_page_put(st, &top, NULL), STORE_OK);
	struct static_page ghost = {
	    .id = top_id + 1000, .slug = "x", .title = "x", .body_html = ""};
	assert_int_equal(store_page_put(st, &ghost, NULL), STORE_NOTFOUND);

	struct static_page *all = NULL;
	size_t n = 0;
	assert_int_equal(store_pages(st, a, &all, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(all[0].id, top_id);
	assert_string_equal(all[0].title, "Giới thiệu chung");
	assert_int_equal(all[1].parent_id, top_id);
	assert_int_equal(all[1].position, 2);

	struct static_page got;
	assert_int_equal(store_page_by_slug(st, a, "chuc-nang-nhiem-vu", &got), STORE_OK);
	assert_int_equal(got.id, sub_id);
	assert_string_equal(got.title, "Chức năng, nhiệm vụ");
	assert_string_equal(got.body_html, "<p>B</p>");
	assert_true(got.updated_at > 0);
	assert_int_equal(store_page_by_slug(st, a, "khong-co", &got), STORE_NOTFOUND);

	assert_int_equal(store_page_delete(st, top_id), STORE_CONFLICT);
	assert_int_equal(store_page_delete(st, sub_id), STORE_OK);
	assert_int_equal(store_page_delete(st, sub_id), STORE_NOTFOUND);
	assert_int_equal(store_page_delete(st, top_id), STORE_OK);
	assert_int_equal(store_pages(st, a, &all, &n), STORE_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

/* English versions (issue 13): pages, units and people keep their English fields; an article's
 * translations are one row per language, listed newest first, moving the content version, and
 * gone with the article. */
static void t_translations(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	struct static_page pg = {.slug = "gioi-thieu",
				 .title = "Giới thiệu",
				 .body_html = "<p>A</p>",
				 .title_en = "About",
				 .body_en = "<p>E</p>"};
	int64_t id = 0;
	assert_int_equal(store_page_put(st, &pg, &id), STORE_OK);
	struct static_page got;
	assert_int_equal(store_page_by_slug(st, a, "gioi-thieu", &got), STORE_OK);
	assert_string_equal(got.title_en, "About");
	assert_string_equal(got.body_en, "<p>E</p>");
	pg.id = id;
	pg.title_en = NULL; /* a writer that leaves them out clears them */
	pg.body_en = NULL;
	assert_int_equal(store_page_put(st, &pg, NULL), STORE_OK);
	assert_int_equal(store_page_by_slug(st, a, "gioi-thieu", &got), STORE_OK);
	assert_string_equal(got.title_en, "");

	struct org_unit u = {.name = "Ban Giám đốc",
			     .slug = "ban-giam-doc",
			     .name_en = "Board",
			     .functions_en = "Leads"};
	int64_t uid = 0, pid = 0;
	assert_int_equal(store_unit_put(st, &u, &uid), STORE_OK);
	struct org_person pe = {.unit_id = uid,
				.name = "Nguyễn Văn Ân",
				.name_en = "Nguyen Van An",
				.title_en = "Director"};
	assert_int_equal(store_person_put(st, &pe, &pid), STORE_OK);
	struct org_unit *units = NULL;
	struct org_person *people = NULL;
	size_t nu = 0, np = 0;
	assert_int_equal(store_units(st, a, &units, &nu), STORE_OK);
	assert_int_equal(store_people(st, a, &people, &np), STORE_OK);
	assert_int_equal(nu, 1);
	assert_int_equal(np, 1);
	assert_string_equal(units[0].name_en, "Board");
	assert_string_equal(units[0].functions_en, "Leads");
	assert_string_equal(people[0].name_en, "Nguyen Van An");
	assert_string_equal(people[0].title_en, "Director");

	int64_t c = cat(st, 0, "Tin tức", "tin-tuc");
	int64_t a1 = put(st, 0, c, "Bài một", 1000, ARTICLE_PUBLISHED);
	int64_t a2 = put(st, 0, c, "Bài hai", 1000, ARTICLE_PUBLISHED);
	struct article_translation t;
	assert_int_equal(store_translation_get(st, a, a1, "en", &t), STORE_NOTFOUND);
	int64_t v0 = 0, v1 = 0;
	assert_int_equal(store_content_version(st, &v0), STORE_OK);
	struct article_translation w = {
	    .article_id = a1, .lang = "en", .title = "One", .lead = "L", .body_html = "<p>1</p>"};
	assert_int_equal(store_translation_put(st, &w), STORE_OK);
	assert_int_equal(store_content_version(st, &v1), STORE_OK);
	assert_true(v1 > v0);
	w.title = "One again"; /* the same article and language: replaced */
	assert_int_equal(store_translation_put(st, &w), STORE_OK);
	struct article_translation w2 = {
	    .article_id = a2, .lang = "en", .title = "Two", .lead = "", .body_html = ""};
	assert_int_equal(store_translation_put(st, &w2), STORE_OK);
	struct article_translation w3 = {
	    .article_id = a2, .lang = "fr", .title = "Deux", .lead = "", .body_html = ""};
	assert_int_equal(store_translation_put(st, &w3), STORE_OK);
	assert_int_equal(store_translation_get(st, a, a1, "en", &t), STORE_OK);
	assert_string_equal(t.title, "One again");
	/* the article's own read lists its translations in language order, titles as written
	 * (separators and quotes in them included) */
	w3.title = "Deux, \"trois\": quatre \\ cinq";
	assert_int_equal(store_translation_put(st, &w3), STORE_OK);
	struct article art;
	assert_int_equal(store_article_get(st, a, a2, &art), STORE_OK);
	assert_true(art.langs_read);
	assert_int_equal(art.nlangs, 2);
	assert_string_equal(art.langs[0].lang, "en");
	assert_string_equal(art.langs[0].title, "Two");
	assert_string_equal(art.langs[1].lang, "fr");
	assert_string_equal(art.langs[1].title, "Deux, \"trois\": quatre \\ cinq");
	assert_int_equal(store_article_get(st, a, a1, &art), STORE_OK);
	assert_int_equal(art.nlangs, 1);
	w3.title = "Deux";
	assert_int_equal(store_translation_put(st, &w3), STORE_OK);
	assert_string_equal(t.body_html, "<p>1</p>");
	assert_string_equal(t.lang, "en");
	struct article_translation *list = NULL;
	size_t n = 0;
	assert_int_equal(store_translations(st, a, "en", 10, &list, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_translations(st, a, "en", 1, &list, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_translations(st, a, "fr", 10, &list, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].title, "Deux");
	assert_string_equal(list[0].body_html, ""); /* the list leaves bodies out */
	assert_int_equal(store_translation_delete(st, a1, "en"), STORE_OK);
	assert_int_equal(store_translation_delete(st, a1, "en"), STORE_NOTFOUND);
	assert_int_equal(store_article_delete(st, a2), STORE_OK);
	assert_int_equal(store_translations(st, a, "fr", 10, &list, &n), STORE_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

/* Static pages' workflow and revisions: a save keeps the states before and after, a stale save
 * is refused with nothing written, the status moves without a new revision, and a page's
 * revisions go with it. */
static void t_page_revisions(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	int64_t uid = 0, id = 0;
	assert_int_equal(store_user_add(st, "lan", "Lan", "contributor", "h", &uid), STORE_OK);
	struct static_page pg = {.slug = "lich-su",
				 .title = "Lịch sử",
				 .body_html = "<p>Một</p>",
				 .status = ARTICLE_DRAFT,
				 .owner_id = uid};
	struct page_save how = {.editor_id = uid};
	assert_int_equal(store_page_save(st, &pg, &how, &id), STORE_OK);
	struct static_page got;
	assert_int_equal(store_page_by_id(st, a, id, &got), STORE_OK);
	assert_int_equal(got.status, ARTICLE_DRAFT);
	assert_int_equal(got.owner_id, uid);
	assert_int_equal(got.revision, 1);
	assert_int_equal(store_page_by_id(st, a, id + 1000, &got), STORE_NOTFOUND);

	pg.id = id;
	pg.body_html = "<p>Hai</p>";
	how.expect_revision = 1;
	assert_int_equal(store_page_save(st, &pg, &how, NULL), STORE_OK);
	/* saved again from revision 1: stale, nothing written */
	pg.body_html = "<p>Ba</p>";
	assert_int_equal(store_page_save(st, &pg, &how, NULL), STORE_CONFLICT);
	assert_int_equal(store_page_by_id(st, a, id, &got), STORE_OK);
	assert_int_equal(got.revision, 2);
	assert_string_equal(got.body_html, "<p>Hai</p>");

	struct page_revision *revs = NULL;
	size_t n = 0;
	assert_int_equal(store_page_revisions(st, a, id, &revs, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(revs[0].revision, 2);
	assert_string_equal(revs[0].body_html, "<p>Hai</p>");
	assert_string_equal(revs[0].user_name, "lan");
	assert_int_equal(revs[1].revision, 1);
	assert_string_equal(revs[1].body_html, "<p>Một</p>");
	struct page_revision one;
	assert_int_equal(store_page_revision_get(st, a, id, 1, &one), STORE_OK);
	assert_string_equal(one.title, "Lịch sử");
	assert_string_equal(one.slug, "lich-su");
	assert_int_equal(store_page_revision_get(st, a, id, 9, &one), STORE_NOTFOUND);

	int64_t v0 = 0, v1 = 0;
	assert_int_equal(store_content_version(st, &v0), STORE_OK);
	assert_int_equal(store_page_set_status(st, id, ARTICLE_PUBLISHED), STORE_OK);
	assert_int_equal(store_content_version(st, &v1), STORE_OK);
	assert_true(v1 > v0);
	assert_int_equal(store_page_by_id(st, a, id, &got), STORE_OK);
	assert_int_equal(got.status, ARTICLE_PUBLISHED);
	assert_int_equal(got.revision, 2);
	assert_int_equal(store_page_set_status(st, id + 1000, ARTICLE_PUBLISHED), STORE_NOTFOUND);
	/* a save writes the status it is given */
	pg.status = ARTICLE_PUBLISHED;
	how.expect_revision = 2;
	assert_int_equal(store_page_save(st, &pg, &how, NULL), STORE_OK);
	assert_int_equal(store_page_by_slug(st, a, "lich-su", &got), STORE_OK);
	assert_int_equal(got.status, ARTICLE_PUBLISHED);
	assert_int_equal(got.revision, 3);

	assert_int_equal(store_page_delete(st, id), STORE_OK);
	assert_int_equal(store_page_revisions(st, a, id, &revs, &n), STORE_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

/* Organisation: units in a tree with unique slugs and no cycles, people in units; a unit with
 * sub-units or people is not deleted. */
static void t_org(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	struct org_unit top = {.name = "Ban Giám đốc",
			       .slug = "ban-giam-doc",
			       .phone = "024 1234",
			       .fax = "024 5678",
			       .email = "bgd@example.vn",
			       .functions = "Lãnh đạo"};
	int64_t top_id = 0, dep_id = 0, pid = 0, id = 0;
	assert_int_equal(store_unit_put(st, &top, &top_id), STORE_OK);
	struct org_unit dep = {.parent_id = top_id,
			       .position = 1,
			       .name = "Phòng Tổng hợp",
			       .slug = "phong-tong-hop",
			       .address = "1 Tràng Tiền"};
	assert_int_equal(store_unit_put(st, &dep, &dep_id), STORE_OK);
	struct org_unit dup = {.name = "Khác", .slug = "phong-tong-hop"};
	assert_int_equal(store_unit_put(st, &dup, &id), STORE_CONFLICT);
	top.id = top_id;
	top.parent_id = dep_id;
	assert_int_equal(store_unit_put(st, &top, NULL), STORE_INVALID);
	struct org_person pe = {.unit_id = dep_id,
				.sort_order = 2,
				.name = "Nguyễn Văn An",
				.title = "Trưởng phòng",
				.phone = "0912",
				.email = "an@example.vn"};
	assert_int_equal(store_person_put(st, &pe, &pid), STORE_OK);
	struct org_person nobody = {.unit_id = dep_id + 1000, .name = "X"};
	assert_int_not_equal(store_person_put(st, &nobody, &id), STORE_OK);
	struct org_person nounit = {.name = "X"};
	assert_int_equal(store_person_put(st, &nounit, &id), STORE_INVALID);

	struct org_unit *units = NULL;
	struct org_person *people = NULL;
	size_t nu = 0, np = 0;
	assert_int_equal(store_units(st, a, &units, &nu), STORE_OK);
	assert_int_equal(nu, 2);
	assert_int_equal(units[0].id, top_id);
	assert_string_equal(units[0].fax, "024 5678");
	assert_string_equal(units[0].functions, "Lãnh đạo");
	assert_int_equal(units[1].parent_id, top_id);
	assert_string_equal(units[1].address, "1 Tràng Tiền");
	assert_int_equal(store_people(st, a, &people, &np), STORE_OK);
	assert_int_equal(np, 1);
	assert_string_equal(people[0].name, "Nguyễn Văn An");
	assert_string_equal(people[0].title, "Trưởng phòng");
	assert_int_equal(people[0].unit_id, dep_id);
	assert_int_equal(people[0].sort_order, 2);

	assert_int_equal(store_unit_delete(st, dep_id), STORE_CONFLICT); /* has a person */
	assert_int_equal(store_unit_delete(st, top_id), STORE_CONFLICT); /* has a sub-unit */
	assert_int_equal(store_person_delete(st, pid), STORE_OK);
	assert_int_equal(store_person_delete(st, pid), STORE_NOTFOUND);
	assert_int_equal(store_unit_delete(st, dep_id), STORE_OK);
	assert_int_equal(store_unit_delete(st, top_id), STORE_OK);
	assert_int_equal(store_units(st, a, &units, &nu), STORE_OK);
	assert_int_equal(nu, 0);
	arena_free(a);
}

/* The portal widgets (issue 14): visitors counted once a day whichever batch or node saw them,
 * votes all or nothing, banner clicks, the layout replaced as a whole. */
static void t_widgets(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	const char *secret = NULL;
	assert_int_equal(store_widget_secret(st, a, &secret), STORE_OK);
	assert_true(strlen(secret) >= 32);

	/* day 100: visitors 1, 2, 3 (2 twice in one batch, 3 again in a later batch); day 101: 1 */
	const struct visitor_hit b1[] = {{1, 8640000, 100}, {2, 8640010, 100}, {2, 8640020, 100}};
	const struct visitor_hit b2[] = {{3, 8640030, 100}, {2, 8640040, 100}, {1, 8726400, 101}};
	assert_int_equal(store_visitors_add(st, b1, 3, 0), STORE_OK);
	assert_int_equal(store_visitors_add(st, b2, 3, 0), STORE_OK);
	struct visitor_counts vc;
	assert_int_equal(store_visitors_counts(st, 8640015, 100, 90, &vc), STORE_OK);
	assert_int_equal(vc.today, 3);
	assert_int_equal(vc.online, 3); /* 2, 3 and 1 (on day 101) seen since 8640015 */
	assert_int_equal(store_visitors_counts(st, 8700000, 101, 90, &vc), STORE_OK);
	assert_int_equal(vc.today, 1);
	assert_int_equal(vc.month, 4);
	assert_int_equal(vc.total, 4);
	assert_int_equal(vc.online, 1);

	struct poll pl = {.question = "Câu hỏi",
			  .multiple = true,
			  .max_choices = 2,
			  .position = "right",
			  .active = true};
	const char *const labels[] = {"A", "B"};
	int64_t pid = 0, other = 0;
	assert_int_equal(store_poll_save(st, &pl, labels, 2, &pid), STORE_OK);
	assert_int_equal(store_poll_save(st, &pl, labels, 1, &other), STORE_OK);
	struct poll got, og;
	assert_int_equal(store_poll_get(st, a, pid, &got), STORE_OK);
	assert_int_equal(got.nchoices, 2);
	assert_int_equal(store_poll_get(st, a, other, &og), STORE_OK);
	enum store_rc rc;
	int64_t ok[] = {got.choices[0].id, got.choices[1].id};
	int64_t bad[] = {got.choices[0].id, og.choices[0].id};
	assert_int_equal(store_poll_vote(st, pid, bad, 2, "v1", "1.2.3.4", 0, 1, &rc),
			 VOTE_BAD_CHOICE);
	assert_int_equal(store_poll_vote(st, pid, ok, 2, "v1", "1.2.3.4", 0, 1, &rc), VOTE_OK);
	assert_int_equal(store_poll_vote(st, pid, ok, 1, "v1", "1.2.3.4", 0, 1, &rc), VOTE_AGAIN);
	assert_int_equal(store_poll_vote(st, pid, ok, 1, "v2", "1.2.3.4", 1, 1, &rc), VOTE_ADDRESS);
	assert_int_equal(store_poll_get(st, a, pid, &got), STORE_OK);
	assert_int_equal(got.choices[0].votes, 1); /* the refused votes counted nothing */
	assert_int_equal(got.choices[1].votes, 1);
	assert_int_equal(got.total, 2);
	bool voted = false;
	assert_int_equal(store_poll_voted(st, pid, "v1", &voted), STORE_OK);
	assert_true(voted);
	assert_int_equal(store_poll_delete(st, other), STORE_OK);
	assert_int_equal(store_poll_get(st, a, other, &og), STORE_NOTFOUND);

	struct banner bn = {.kind = "banner",
			    .position = "right",
			    .title = "T",
			    .image = "",
			    .url = "https://example.vn/",
			    .rel = "nofollow"};
	int64_t bid = 0;
	assert_int_equal(store_banner_save(st, &bn, &bid), STORE_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(store_banner_click(st, bid), STORE_OK);
	struct banner bg;
	assert_int_equal(store_banner_get(st, a, bid, &bg), STORE_OK);
	assert_int_equal(bg.clicks, 3);
	assert_string_equal(bg.url, "https://example.vn/");

	const struct layout_block two[] = {
	    {.kind = "latest", .sort = 2, .title = "", .html = ""},
	    {.kind = "html", .sort = 1, .title = "x", .html = "<p>y</p>"}};
	assert_int_equal(store_layout_save(st, "home", two, 2), STORE_OK);
	assert_int_equal(store_layout_save(st, "home", two, 1), STORE_OK); /* replaced, not added */
	struct layout_block *lb;
	size_t n;
	assert_int_equal(store_layout(st, a, "home", &lb, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(lb[0].kind, "latest");
	arena_free(a);
}

#define CASES(setup)                                                                               \
	cmocka_unit_test_setup_teardown(t_open_twice, setup, teardown),                            \
	    cmocka_unit_test_setup_teardown(t_open_concurrent, setup, teardown),                   \
	    cmocka_unit_test_setup_teardown(t_settings, setup, teardown),                          \
	    cmocka_unit_test_setup_teardown(t_categories, setup, teardown),                        \
	    cmocka_unit_test_setup_teardown(t_article_put, setup, teardown),                       \
	    cmocka_unit_test_setup_teardown(t_explicit_id, setup, teardown),                       \
	    cmocka_unit_test_setup_teardown(t_tags, setup, teardown),                              \
	    cmocka_unit_test_setup_teardown(t_list, setup, teardown),                              \
	    cmocka_unit_test_setup_teardown(t_views, setup, teardown),                             \
	    cmocka_unit_test_setup_teardown(t_views_threads, setup, teardown),                     \
	    cmocka_unit_test_setup_teardown(t_each, setup, teardown),                              \
	    cmocka_unit_test_setup_teardown(t_transactions, setup, teardown),                      \
	    cmocka_unit_test_setup_teardown(t_users, setup, teardown),                             \
	    cmocka_unit_test_setup_teardown(t_content_version, setup, teardown),                   \
	    cmocka_unit_test_setup_teardown(t_workflow, setup, teardown),                          \
	    cmocka_unit_test_setup_teardown(t_taxonomy, setup, teardown),                          \
	    cmocka_unit_test_setup_teardown(t_accounts, setup, teardown),                          \
	    cmocka_unit_test_setup_teardown(t_newsroom_list, setup, teardown),                     \
	    cmocka_unit_test_setup_teardown(t_import_keys_redirects, setup, teardown),             \
	    cmocka_unit_test_setup_teardown(t_media, setup, teardown),                             \
	    cmocka_unit_test_setup_teardown(t_pages, setup, teardown),                             \
	    cmocka_unit_test_setup_teardown(t_page_revisions, setup, teardown),                    \
	    cmocka_unit_test_setup_teardown(t_org, setup, teardown),                               \
	    cmocka_unit_test_setup_teardown(t_translations, setup, teardown),                      \
	    cmocka_unit_test_setup_teardown(t_widgets, setup, teardown)

int main(void)
{
	const struct CMUnitTest sqlite_cases[] = {
	    CASES(setup_sqlite),
	    cmocka_unit_test(t_bad_urls),
	};
	const struct CMUnitTest pg_cases[] = {
	    CASES(setup_pg),
	    cmocka_unit_test_setup_teardown(t_pg_missing_db, setup_pg, teardown),
	    cmocka_unit_test_setup_teardown(t_pg_outage, setup_pg, teardown),
	    cmocka_unit_test_setup_teardown(t_pg_outage_threads, setup_pg, teardown),
	};
	int failed = cmocka_run_group_tests_name("store-sqlite", sqlite_cases, NULL, NULL);
	failed += cmocka_run_group_tests_name("store-postgresql", pg_cases, NULL, NULL);
	return failed;
}
