/* The archive on both backends: every version that was public kept with its time on the site,
 * through edits, unpublishing and deletion; "what was on the site at T" for an article and a
 * category; purged only after the retention, with the clock set by the test. */
#include "fixture.h"

#define DAY 86400
#define T0 1800000000

static int64_t cat(struct store *st, int64_t parent, const char *name, const char *slug)
{
	int64_t id = 0;
	assert_int_equal(store_category_ensure(st, parent, name, slug, &id), STORE_OK);
	return id;
}

/* Saves article id (0: new) at clock `now` and returns its id. */
static int64_t save(struct store *st, int64_t now, int64_t id, int64_t cat_id, const char *title,
		    enum article_status status, int64_t pub)
{
	store_clock_set(now);
	struct article_put p = {.id = id,
				.category_id = cat_id,
				.status = status,
				.published_at = pub,
				.title = title,
				.slug = "bai",
				.body_html = "<p>Nội dung</p>"};
	int64_t out = 0;
	assert_int_equal(store_article_put(st, &p, &out), STORE_OK);
	return out;
}

/* The title public at t for article id, or "" when none was. */
static const char *title_at(struct store *st, struct arena *a, int64_t id, int64_t t)
{
	struct archived v;
	enum store_rc rc = store_archive_at(st, a, id, t, &v);
	if (rc == STORE_NOTFOUND)
		return "";
	assert_int_equal(rc, STORE_OK);
	return v.title;
}

static size_t versions(struct store *st, int64_t id)
{
	struct arena *a = arena_new();
	struct archived *v;
	size_t n = 0;
	assert_int_equal(store_archive_versions(st, a, id, &v, &n), STORE_OK);
	arena_free(a);
	return n;
}

static int teardown_clock(void **state)
{
	store_clock_set(0);
	return teardown(state);
}

static void t_edit_unpublish_delete(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	int64_t c = cat(st, 0, "Tin", "tin");
	int64_t id = save(st, T0, 0, c, "Bản đầu", ARTICLE_PUBLISHED, T0 - 100);
	save(st, T0 + 1000, id, c, "Bản sửa", ARTICLE_PUBLISHED, T0 - 100);
	assert_string_equal(title_at(st, a, id, T0 - 1), "");
	assert_string_equal(title_at(st, a, id, T0 + 1), "Bản đầu");
	assert_string_equal(title_at(st, a, id, T0 + 999), "Bản đầu");
	assert_string_equal(title_at(st, a, id, T0 + 1000), "Bản sửa");
	store_clock_set(T0 + 2000);
	assert_int_equal(store_article_set_status(st, id, ARTICLE_UNPUBLISHED, 0, ""), STORE_OK);
	assert_string_equal(title_at(st, a, id, T0 + 2001), "");
	store_clock_set(T0 + 2500);
	assert_int_equal(store_article_set_status(st, id, ARTICLE_PUBLISHED, 0, ""), STORE_OK);
	assert_string_equal(title_at(st, a, id, T0 + 2600), "Bản sửa");
	/* a save that changes nothing public keeps one version */
	store_clock_set(T0 + 2700);
	assert_int_equal(store_article_set_featured(st, id, true), STORE_OK);
	assert_int_equal(versions(st, id), 3);
	store_clock_set(T0 + 3000);
	assert_int_equal(store_article_delete(st, id), STORE_OK);
	struct article art;
	assert_int_equal(store_article_get(st, a, id, &art), STORE_NOTFOUND);
	struct article_query q = {.now = T0 + 3001, .limit = 10};
	struct article_summary *rows;
	size_t n = 0;
	assert_int_equal(store_articles_list(st, a, &q, &rows, &n, NULL), STORE_OK);
	assert_int_equal(n, 0); /* off the site at once */
	assert_int_equal(store_article_delete(st, id), STORE_NOTFOUND);
	/* every version that was public is still there, the last one marked deleted */
	struct archived *v;
	assert_int_equal(store_archive_versions(st, a, id, &v, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_true(v[0].deleted);
	assert_int_equal(v[0].until_at, T0 + 3000);
	assert_false(v[1].deleted);
	assert_string_equal(title_at(st, a, id, T0 + 2999), "Bản sửa");
	assert_string_equal(title_at(st, a, id, T0 + 500), "Bản đầu");
	arena_free(a);
}

static void t_purge_after_retention(void **state)
{
	struct store *st = st_of(state);
	int64_t c = cat(st, 0, "Tin", "tin");
	int64_t id = save(st, T0, 0, c, "Một", ARTICLE_PUBLISHED, T0);
	save(st, T0 + 1000, id, c, "Hai", ARTICLE_PUBLISHED, T0);
	store_clock_set(T0 + 3000);
	assert_int_equal(store_article_delete(st, id), STORE_OK);
	int64_t purged = -1;
	/* 89 days after the deletion: the first version ended 89 days and 2000 s ago, kept */
	assert_int_equal(store_archive_purge(st, T0 + 1000 + 89 * DAY, &purged), STORE_OK);
	assert_int_equal(purged, 0);
	assert_int_equal(versions(st, id), 2);
	assert_int_equal(store_archive_purge(st, T0 + 1001 + 90 * DAY, &purged), STORE_OK);
	assert_int_equal(purged, 1); /* the first version ended 90 days and 1 s ago */
	assert_int_equal(versions(st, id), 1);
	assert_int_equal(store_archive_purge(st, T0 + 3001 + 90 * DAY, &purged), STORE_OK);
	assert_int_equal(purged, 1);
	assert_int_equal(versions(st, id), 0);
}

static void t_retention_raised(void **state)
{
	struct store *st = st_of(state);
	int64_t c = cat(st, 0, "Tin", "tin");
	int64_t id = save(st, T0, 0, c, "Một", ARTICLE_PUBLISHED, T0);
	store_clock_set(T0 + 10);
	assert_int_equal(store_article_delete(st, id), STORE_OK);
	assert_int_equal(store_setting_set(st, SETTING_ARCHIVE_DAYS, "30"), STORE_INVALID);
	assert_int_equal(store_setting_set(st, SETTING_ARCHIVE_DAYS, "120"), STORE_OK);
	int64_t purged = -1;
	assert_int_equal(store_archive_purge(st, T0 + 100 * DAY, &purged), STORE_OK);
	assert_int_equal(purged, 0);
	assert_int_equal(store_archive_purge(st, T0 + 121 * DAY, &purged), STORE_OK);
	assert_int_equal(purged, 1);
}

/* A scheduled version changed before its time never reached readers: nothing is kept of it. */
static void t_scheduled(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	int64_t c = cat(st, 0, "Tin", "tin");
	int64_t id = save(st, T0, 0, c, "Hẹn giờ", ARTICLE_PUBLISHED, T0 + 5000);
	assert_string_equal(title_at(st, a, id, T0 + 4999), "");
	assert_string_equal(title_at(st, a, id, T0 + 5000), "Hẹn giờ");
	save(st, T0 + 100, id, c, "Hẹn giờ sửa", ARTICLE_PUBLISHED, T0 + 5000);
	assert_int_equal(versions(st, id), 1);
	assert_string_equal(title_at(st, a, id, T0 + 6000), "Hẹn giờ sửa");
	arena_free(a);
}

static void t_category_at(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	int64_t p = cat(st, 0, "Cha", "cha"), ch = cat(st, p, "Con", "con");
	int64_t x = save(st, T0, 0, p, "X", ARTICLE_PUBLISHED, T0 - 50);
	int64_t y = save(st, T0, 0, ch, "Y", ARTICLE_PUBLISHED, T0 - 10);
	save(st, T0, 0, ch, "Nháp", ARTICLE_DRAFT, 0);
	store_clock_set(T0 + 100);
	assert_int_equal(store_article_set_status(st, y, ARTICLE_UNPUBLISHED, 0, ""), STORE_OK);
	struct archived *v;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_archive_category_at(st, a, p, T0 + 50, 0, 10, &v, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_string_equal(v[0].title, "Y"); /* newest publication first */
	assert_int_equal(v[1].article_id, x);
	assert_int_equal(store_archive_category_at(st, a, ch, T0 + 50, 0, 10, &v, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_archive_category_at(st, a, p, T0 + 150, 0, 10, &v, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].title, "X");
	assert_int_equal(store_archive_category_at(st, a, 0, T0 + 150, 0, 10, &v, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	arena_free(a);
}

#define CASES(setup)                                                                               \
	cmocka_unit_test_setup_teardown(t_edit_unpublish_delete, setup, teardown_clock),           \
	    cmocka_unit_test_setup_teardown(t_purge_after_retention, setup, teardown_clock),       \
	    cmocka_unit_test_setup_teardown(t_retention_raised, setup, teardown_clock),            \
	    cmocka_unit_test_setup_teardown(t_scheduled, setup, teardown_clock),                   \
	    cmocka_unit_test_setup_teardown(t_category_at, setup, teardown_clock)

int main(void)
{
	const struct CMUnitTest sqlite_cases[] = {CASES(setup_sqlite)};
	const struct CMUnitTest pg_cases[] = {CASES(setup_pg)};
	int failed = cmocka_run_group_tests_name("archive-sqlite", sqlite_cases, NULL, NULL);
	failed += cmocka_run_group_tests_name("archive-postgresql", pg_cases, NULL, NULL);
	return failed;
}
