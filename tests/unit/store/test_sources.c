/* Sources, origins and takedowns on both backends: the registry, the republish rule at its
 * boundary (59 and 61 minutes after the original), takedown deadlines, alerts claimed once across
 * nodes, and takedowns done when the article leaves the site. */
#include "fixture.h"

#define T0 1800000000

static int64_t article(struct store *st, enum article_status status)
{
	int64_t cat = 0, id = 0;
	assert_int_equal(store_category_ensure(st, 0, "Tin", "tin", &cat), STORE_OK);
	struct article_put p = {.category_id = cat,
				.status = status,
				.published_at = status == ARTICLE_PUBLISHED ? T0 : 0,
				.title = "Bài đăng lại",
				.slug = "bai",
				.body_html = "<p>x</p>"};
	assert_int_equal(store_article_put(st, &p, &id), STORE_OK);
	return id;
}

static void t_registry(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	struct source s = {.name = "Báo Hưng Yên",
			   .website = "https://baohungyen.vn",
			   .logo = "",
			   .agreement = "Thỏa thuận số 12/2026",
			   .republish = true};
	int64_t id = 0, id2 = 0;
	assert_int_equal(store_source_put(st, &s, &id), STORE_OK);
	assert_true(id > 0);
	struct source t = {.name = "Báo Hưng Yên"};
	assert_int_equal(store_source_put(st, &t, &id2), STORE_CONFLICT); /* the name is taken */
	t.name = "TTXVN";
	assert_int_equal(store_source_put(st, &t, &id2), STORE_OK);
	struct source *all;
	size_t n = 0;
	assert_int_equal(store_sources(st, a, &all, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(all[0].name, "Báo Hưng Yên");
	assert_true(all[0].republish);
	assert_false(all[1].republish);
	s.id = id;
	s.republish = false;
	assert_int_equal(store_source_put(st, &s, NULL), STORE_OK);
	struct source got;
	assert_int_equal(store_source_get(st, a, id, &got), STORE_OK);
	assert_false(got.republish);
	assert_string_equal(got.agreement, "Thỏa thuận số 12/2026");
	int64_t art = article(st, ARTICLE_DRAFT);
	struct article_origin o = {.article_id = art,
				   .source_id = id,
				   .original_url = "https://baohungyen.vn/a.html",
				   .original_at = T0};
	assert_int_equal(store_origin_set(st, &o), STORE_OK);
	assert_int_equal(store_source_delete(st, id), STORE_CONFLICT); /* an article names it */
	assert_int_equal(store_source_delete(st, id2), STORE_OK);
	assert_int_equal(store_source_delete(st, id2), STORE_NOTFOUND);
	struct article_origin og;
	assert_int_equal(store_origin_get(st, a, art, &og), STORE_OK);
	assert_string_equal(og.source_name, "Báo Hưng Yên");
	assert_int_equal(og.original_at, T0);
	o.source_id = 9999;
	assert_int_equal(store_origin_set(st, &o), STORE_NOTFOUND);
	arena_free(a);
}

/* Publishing is allowed from the original's time plus the delay (an hour, or more if set). */
static void t_republish_rule(void **state)
{
	struct store *st = st_of(state);
	int64_t art = article(st, ARTICLE_DRAFT), earliest = -1;
	assert_int_equal(store_republish_earliest(st, art, &earliest), STORE_OK);
	assert_int_equal(earliest, 0); /* no original: no rule */
	struct article_origin o = {.article_id = art, .original_at = T0, .original_url = ""};
	assert_int_equal(store_origin_set(st, &o), STORE_OK);
	assert_int_equal(store_republish_earliest(st, art, &earliest), STORE_OK);
	assert_true(T0 + 59 * 60 < earliest);  /* 59 minutes after: refused */
	assert_true(T0 + 61 * 60 >= earliest); /* 61 minutes after: allowed */
	assert_int_equal(earliest, T0 + 3600);
	assert_int_equal(store_setting_set(st, SETTING_REPUBLISH_MIN, "90"), STORE_OK);
	assert_int_equal(store_republish_earliest(st, art, &earliest), STORE_OK);
	assert_int_equal(earliest, T0 + 90 * 60);
}

static void t_takedowns(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	int64_t x = article(st, ARTICLE_PUBLISHED), y = article(st, ARTICLE_PUBLISHED);
	int64_t tx = 0, ty = 0;
	assert_int_equal(store_takedown_add(st, x, T0, "Bài gốc đã gỡ", &tx), STORE_OK);
	assert_int_equal(store_takedown_add(st, y, T0 - 600, "", &ty), STORE_OK);
	struct takedown *t;
	size_t n = 0;
	assert_int_equal(store_takedowns(st, a, true, &t, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(t[0].id, ty); /* the nearest deadline first */
	assert_int_equal(t[0].deadline, T0 - 600 + 3 * 3600);
	assert_int_equal(t[1].deadline, T0 + 3 * 3600);
	assert_string_equal(t[1].title, "Bài đăng lại");
	/* an alert is claimed once, whichever node asks first */
	bool claimed = false;
	assert_int_equal(store_takedown_claim_alert(st, tx, TAKEDOWN_ALERT_1H, &claimed), STORE_OK);
	assert_true(claimed);
	assert_int_equal(store_takedown_claim_alert(st, tx, TAKEDOWN_ALERT_1H, &claimed), STORE_OK);
	assert_false(claimed);
	assert_int_equal(store_takedown_claim_alert(st, tx, TAKEDOWN_ALERT_15M, &claimed),
			 STORE_OK);
	assert_true(claimed);
	/* unpublishing does the takedown; deleting too */
	store_clock_set(T0 + 100);
	assert_int_equal(store_article_set_status(st, x, ARTICLE_UNPUBLISHED, 0, ""), STORE_OK);
	store_clock_set(T0 + 4 * 3600);
	assert_int_equal(store_article_delete(st, y), STORE_OK);
	store_clock_set(0);
	assert_int_equal(store_takedowns(st, a, true, &t, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_takedowns(st, a, false, &t, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(t[0].article_id, y); /* the latest done first */
	assert_int_equal(t[0].done_at, T0 + 4 * 3600);
	assert_true(t[0].done_at > t[0].deadline); /* overdue */
	assert_string_equal(t[0].title, "");       /* deleted */
	assert_int_equal(t[1].done_at, T0 + 100);
	assert_int_equal(t[1].alerts, TAKEDOWN_ALERT_1H | TAKEDOWN_ALERT_15M);
	arena_free(a);
}

/* The source report names the registry's source when an article has one. */
static void t_stats_by_source(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	int64_t art = article(st, ARTICLE_PUBLISHED), sid = 0;
	struct source s = {.name = "Báo Nhân Dân", .website = "", .logo = "", .agreement = ""};
	assert_int_equal(store_source_put(st, &s, &sid), STORE_OK);
	struct article_origin o = {.article_id = art, .source_id = sid, .original_url = ""};
	assert_int_equal(store_origin_set(st, &o), STORE_OK);
	struct view_delta d = {art, 4};
	assert_int_equal(store_views_add_day(st, &d, 1, 20261203), STORE_OK);
	struct stats_query q = {.from = 20261201, .to = 20261231, .by = STATS_SOURCE};
	struct stats_row *r;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_stats_views(st, a, &q, &r, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].label, "Báo Nhân Dân");
	assert_int_equal(r[0].views, 4);
	arena_free(a);
}

static int teardown_clock(void **state)
{
	store_clock_set(0);
	return teardown(state);
}

#define CASES(setup)                                                                               \
	cmocka_unit_test_setup_teardown(t_registry, setup, teardown_clock),                        \
	    cmocka_unit_test_setup_teardown(t_republish_rule, setup, teardown_clock),              \
	    cmocka_unit_test_setup_teardown(t_takedowns, setup, teardown_clock),                   \
	    cmocka_unit_test_setup_teardown(t_stats_by_source, setup, teardown_clock)

int main(void)
{
	const struct CMUnitTest sqlite_cases[] = {CASES(setup_sqlite)};
	const struct CMUnitTest pg_cases[] = {CASES(setup_pg)};
	int failed = cmocka_run_group_tests_name("sources-sqlite", sqlite_cases, NULL, NULL);
	failed += cmocka_run_group_tests_name("sources-postgresql", pg_cases, NULL, NULL);
	return failed;
}
