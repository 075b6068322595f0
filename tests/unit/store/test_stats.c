/* Daily statistics on both backends: view counts per day added exactly (also from several
 * connections at once, as nodes), the reports by day, category (with sub-categories), author,
 * source and article, and the newsroom's output per month from the audit log. */
#include <pthread.h>

#include "fixture.h"

static int64_t cat(struct store *st, int64_t parent, const char *name, const char *slug)
{
	int64_t id = 0;
	assert_int_equal(store_category_ensure(st, parent, name, slug, &id), STORE_OK);
	return id;
}

static int64_t art(struct store *st, int64_t cat_id, const char *title, const char *author,
		   const char *source)
{
	struct article_put p = {.category_id = cat_id,
				.status = ARTICLE_PUBLISHED,
				.published_at = 1700000000,
				.title = title,
				.slug = "bai",
				.author = author,
				.source = source,
				.body_html = "<p>x</p>"};
	int64_t id = 0;
	assert_int_equal(store_article_put(st, &p, &id), STORE_OK);
	return id;
}

struct site {
	int64_t p, c, q; /* categories: P, its child C, Q */
	int64_t a1, a2, a3;
};

static struct site fill(struct store *st)
{
	struct site s;
	s.p = cat(st, 0, "Thời sự", "thoi-su");
	s.c = cat(st, s.p, "Trong nước", "trong-nuoc");
	s.q = cat(st, 0, "Thể thao", "the-thao");
	s.a1 = art(st, s.c, "Bài một", "Hữu Chất", "TTXVN");
	s.a2 = art(st, s.p, "Bài hai", "Lan Anh", "");
	s.a3 = art(st, s.q, "Bài ba", "Hữu Chất", "TTXVN");
	struct view_delta d1[] = {{s.a1, 5}, {s.a2, 3}, {s.a3, 1}};
	struct view_delta d2[] = {{s.a1, 2}, {s.a3, 10}};
	assert_int_equal(store_views_add_day(st, d1, 3, 20261201), STORE_OK);
	assert_int_equal(store_views_add_day(st, d2, 2, 20261201), STORE_OK);
	assert_int_equal(store_views_add_day(st, d2, 2, 20261202), STORE_OK);
	return s;
}

/* Runs a report and returns its rows (in the arena). */
static struct stats_row *report(struct store *st, struct arena *a, enum stats_by by, int32_t from,
				int32_t to, int64_t category, int64_t article, size_t *n,
				int64_t *total)
{
	struct stats_query q = {
	    .from = from, .to = to, .by = by, .category_id = category, .article_id = article};
	struct stats_row *rows;
	assert_int_equal(store_stats_views(st, a, &q, &rows, n, total), STORE_OK);
	return rows;
}

static void t_by_day(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	struct site s = fill(st);
	size_t n;
	int64_t total;
	struct stats_row *r = report(st, a, STATS_DAY, 20261201, 20261231, 0, 0, &n, &total);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].key, "2026-12-01");
	assert_int_equal(r[0].views, 5 + 3 + 1 + 2 + 10);
	assert_string_equal(r[1].key, "2026-12-02");
	assert_int_equal(r[1].views, 12);
	assert_int_equal(total, 33);
	r = report(st, a, STATS_DAY, 20261202, 20261202, 0, s.a1, &n, &total);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].views, 2);
	assert_int_equal(total, 2);
	r = report(st, a, STATS_DAY, 20261203, 20261231, 0, 0, &n, &total);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
	/* the views total of each article grew by the same amounts */
	struct article x;
	assert_int_equal(store_article_get(st, a, s.a3, &x), STORE_OK);
	assert_int_equal(x.views, 21);
	arena_free(a);
}

static void t_by_category(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	struct site s = fill(st);
	size_t n;
	int64_t total;
	struct stats_row *r = report(st, a, STATS_CATEGORY, 20261201, 20261202, 0, 0, &n, &total);
	/* top-level categories, each with its sub-categories */
	assert_int_equal(n, 2);
	assert_string_equal(r[0].label, "Thể thao"); /* most viewed first */
	assert_int_equal(r[0].views, 21);
	assert_string_equal(r[1].label, "Thời sự");
	assert_int_equal(r[1].views, 9 + 3);
	assert_int_equal(strtoll(r[1].key, NULL, 10), s.p);
	assert_int_equal(total, 33);
	/* in a category: its children (with theirs) and its own articles */
	r = report(st, a, STATS_CATEGORY, 20261201, 20261202, s.p, 0, &n, &total);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].label, "Trong nước");
	assert_int_equal(r[0].views, 9);
	assert_string_equal(r[1].label, "Thời sự");
	assert_int_equal(r[1].views, 3);
	assert_int_equal(total, 12);
	r = report(st, a, STATS_DAY, 20261201, 20261201, s.p, 0, &n, &total);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].views, 10);
	/* with an article: the same numbers from the per-article counts */
	r = report(st, a, STATS_CATEGORY, 20261201, 20261202, 0, s.a3, &n, &total);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].views, 21);
	assert_int_equal(strtoll(r[0].key, NULL, 10), s.q);
	arena_free(a);
}

static void t_by_author_source_article(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	struct site s = fill(st);
	size_t n;
	int64_t total;
	struct stats_row *r = report(st, a, STATS_AUTHOR, 20261201, 20261202, 0, 0, &n, &total);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].key, "Hữu Chất");
	assert_int_equal(r[0].views, 30);
	assert_int_equal(r[1].views, 3);
	r = report(st, a, STATS_SOURCE, 20261201, 20261202, s.p, 0, &n, &total);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].key, "TTXVN");
	assert_int_equal(r[0].views, 9);
	assert_int_equal(total, 12);
	struct stats_query q = {.from = 20261201, .to = 20261202, .by = STATS_ARTICLE, .limit = 2};
	assert_int_equal(store_stats_views(st, a, &q, &r, &n, &total), STORE_OK);
	assert_int_equal(n, 2); /* the top two */
	assert_string_equal(r[0].label, "Bài ba");
	assert_int_equal(strtoll(r[1].key, NULL, 10), s.a1);
	assert_int_equal(total, 33); /* all views, whatever the limit */
	arena_free(a);
}

struct node {
	const char *url;
	int64_t ids[3];
	int rounds;
	enum store_rc rc;
};

/* One node: its own store on the same database, adding views as its flushes would. */
static void *node_run(void *p)
{
	struct node *nd = p;
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	nd->rc = store_open(nd->url, false, &st, &err);
	buf_free(&err);
	for (int i = 0; nd->rc == STORE_OK && i < nd->rounds; i++) {
		struct view_delta d[] = {{nd->ids[i % 3], 1}, {nd->ids[(i + 1) % 3], 2}};
		for (int tries = 0; tries < 20; tries++) {
			nd->rc = store_views_add_day(st, d, 2, 20261205);
			if (nd->rc != STORE_UNAVAILABLE) /* a lost race: the flush is tried again */
				break;
		}
	}
	store_close(st);
	return NULL;
}

static void t_nodes_exact(void **state)
{
	struct store *st = st_of(state);
	struct ctx *c = *state;
	struct site s = fill(st);
	struct node nd[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		nd[i] = (struct node){c->url, {s.a1, s.a2, s.a3}, 30, STORE_OK};
		pthread_create(&th[i], NULL, node_run, &nd[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(nd[i].rc, STORE_OK);
	}
	struct arena *a = arena_new();
	size_t n;
	int64_t total;
	struct stats_row *r = report(st, a, STATS_DAY, 20261205, 20261205, 0, 0, &n, &total);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].views, 4 * 30 * 3);
	r = report(st, a, STATS_ARTICLE, 20261205, 20261205, 0, 0, &n, &total);
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += r[i].views;
	assert_int_equal(sum, 4 * 30 * 3); /* per article and per category agree */
	arena_free(a);
}

static void audit(struct store *st, int64_t at, const char *action, int64_t id)
{
	char obj[32];
	snprintf(obj, sizeof obj, "article:%lld", (long long)id);
	struct audit_entry e = {.at = at, .action = action, .object = obj, .user_name = "x"};
	assert_int_equal(store_audit_add(st, &e), STORE_OK);
}

static void t_output(void **state)
{
	struct store *st = st_of(state);
	struct site s = fill(st);
	int64_t nov = 1793466000; /* 2026-11-01 00:00 +07:00 */
	int64_t dec = 1796058000; /* 2026-12-01 00:00 +07:00 */
	audit(st, nov + 10, "article.publish", s.a1);
	audit(st, nov + 20, "article.return", s.a1);
	audit(st, dec - 10, "article.publish", s.a3); /* still November in Vietnam */
	audit(st, dec + 10, "article.schedule", s.a1);
	audit(st, dec + 20, "article.unpublish", s.a1);
	audit(st, dec + 30, "article.publish", s.a2);
	audit(st, dec + 40, "article.update", s.a2); /* not output */
	struct arena *a = arena_new();
	struct stats_output *o;
	size_t n = 0;
	assert_int_equal(store_stats_output(st, a, nov, dec + 31 * 86400, 7 * 3600, &o, &n),
			 STORE_OK);
	assert_int_equal(n, 4);
	assert_int_equal(o[0].month, 202611);
	assert_string_equal(o[0].author, "Hữu Chất");
	/* November: Hữu Chất in Trong nước (1 published, 1 returned) and Thể thao (1 published) */
	int64_t pub = 0, ret = 0;
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(o[i].month, 202611);
		pub += o[i].published;
		ret += o[i].returned;
	}
	assert_int_equal(pub, 2);
	assert_int_equal(ret, 1);
	assert_int_equal(o[2].month, 202612);
	assert_string_equal(o[2].author, "Hữu Chất");
	assert_int_equal(o[2].published, 1);
	assert_int_equal(o[2].unpublished, 1);
	assert_string_equal(o[2].category, "Trong nước");
	assert_string_equal(o[3].author, "Lan Anh");
	assert_int_equal(o[3].published, 1);
	arena_free(a);
}

static void t_by_names(void **state)
{
	(void)state;
	assert_int_equal(stats_by_parse("category"), STATS_CATEGORY);
	assert_int_equal(stats_by_parse("article"), STATS_ARTICLE);
	assert_int_equal(stats_by_parse("week"), -1);
	assert_string_equal(stats_by_name(STATS_SOURCE), "source");
}

#define CASES(setup)                                                                               \
	cmocka_unit_test_setup_teardown(t_by_day, setup, teardown),                                \
	    cmocka_unit_test_setup_teardown(t_by_category, setup, teardown),                       \
	    cmocka_unit_test_setup_teardown(t_by_author_source_article, setup, teardown),          \
	    cmocka_unit_test_setup_teardown(t_nodes_exact, setup, teardown),                       \
	    cmocka_unit_test_setup_teardown(t_output, setup, teardown)

int main(void)
{
	const struct CMUnitTest sqlite_cases[] = {CASES(setup_sqlite),
						  cmocka_unit_test(t_by_names)};
	const struct CMUnitTest pg_cases[] = {CASES(setup_pg)};
	int failed = cmocka_run_group_tests_name("stats-sqlite", sqlite_cases, NULL, NULL);
	failed += cmocka_run_group_tests_name("stats-postgresql", pg_cases, NULL, NULL);
	return failed;
}
