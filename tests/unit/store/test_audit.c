/* The tamper-evident audit log on both backends: the chain, changes made behind the store's back
 * (UPDATE, DELETE, INSERT) each found and named, purges that leave a signed checkpoint, and the
 * retention that can only be raised. */
#include <pthread.h>
#include <time.h>

#include "fixture.h"

#define DAY 86400

/* Adds n entries ("a.0", "a.1" ...) at `at` (0: now). */
static void add_entries(struct store *st, int n, int64_t at)
{
	for (int i = 0; i < n; i++) {
		char act[16];
		snprintf(act, sizeof act, "a.%d", i);
		struct audit_entry e = {.at = at,
					.user_id = i % 2,
					.user_name = "mai",
					.address = "127.0.0.1",
					.action = act,
					.object = "article:1",
					.detail = "Tiêu đề"};
		assert_int_equal(store_audit_add(st, &e), STORE_OK);
	}
}

static struct audit_verdict verify(struct store *st)
{
	struct audit_verdict v;
	assert_int_equal(store_audit_verify(st, &v), STORE_OK);
	return v;
}

/* Asserts the verdict names `finding` at entry `id`. */
static void expect_finding(struct store *st, enum audit_finding finding, int64_t id)
{
	struct audit_verdict v = verify(st);
	if (v.finding != finding || v.entry_id != id)
		fail_msg("expected entry %lld %s, got entry %lld %s", (long long)id,
			 audit_finding_name(finding), (long long)v.entry_id,
			 audit_finding_name(v.finding));
}

static void t_intact(void **state)
{
	struct store *st = st_of(state);
	struct audit_verdict v = verify(st);
	assert_int_equal(v.finding, AUDIT_INTACT);
	assert_int_equal(v.entries, 0);
	add_entries(st, 7, 0);
	v = verify(st);
	assert_int_equal(v.finding, AUDIT_INTACT);
	assert_int_equal(v.entries, 7);
	struct arena *a = arena_new();
	struct audit_entry *e;
	size_t n;
	int64_t total;
	assert_int_equal(store_audit_list(st, a, 0, 10, &e, &n, &total), STORE_OK);
	assert_int_equal(n, 7);
	for (size_t i = 0; i + 1 < n; i++) { /* newest first: each links to the one after it */
		assert_int_equal(strlen(e[i].hash), 64);
		assert_string_equal(e[i].prev_hash, e[i + 1].hash);
	}
	arena_free(a);
}

static void t_update_found(void **state)
{
	struct store *st = st_of(state);
	add_entries(st, 5, 0);
	raw_sql(*state, "UPDATE audit_log SET detail = 'sửa' WHERE id = 3");
	expect_finding(st, AUDIT_CHANGED, 3);
}

/* A change whose hash was recomputed is still found: the next entry no longer links to it. */
static void t_update_rehashed_found(void **state)
{
	struct store *st = st_of(state);
	add_entries(st, 5, 0);
	raw_sql(*state,
		"UPDATE audit_log SET action = 'x', hash = '" /* any other hash */
		"1111111111111111111111111111111111111111111111111111111111111111' WHERE id = 2");
	struct audit_verdict v = verify(st);
	assert_int_not_equal(v.finding, AUDIT_INTACT);
	assert_int_equal(v.entry_id, 2);
}

static void t_delete_found(void **state)
{
	struct store *st = st_of(state);
	add_entries(st, 5, 0);
	raw_sql(*state, "DELETE FROM audit_log WHERE id = 2");
	expect_finding(st, AUDIT_REMOVED, 2);
}

static void t_delete_last_found(void **state)
{
	struct store *st = st_of(state);
	add_entries(st, 5, 0);
	raw_sql(*state, "DELETE FROM audit_log WHERE id = 5");
	expect_finding(st, AUDIT_REMOVED, 5);
}

static void t_insert_found(void **state)
{
	struct store *st = st_of(state);
	add_entries(st, 4, 0);
	raw_sql(*state, "INSERT INTO audit_log(id, at, user_name, address, action, object, detail, "
			"prev_hash, hash) VALUES (5, 1, 'ke gian', '', 'login', '', '', '', '')");
	expect_finding(st, AUDIT_INSERTED, 5);
}

/* An entry slipped between two others (ids moved to make room) is named as inserted. */
static void t_insert_middle_found(void **state)
{
	struct store *st = st_of(state);
	add_entries(st, 4, 0);
	/* move entries 3 and 4 up to make room: their ids are part of their hashes */
	raw_sql(*state, "UPDATE audit_log SET id = id + 10 WHERE id >= 3");
	raw_sql(*state, "INSERT INTO audit_log(id, at, user_name, address, action, object, detail, "
			"prev_hash, hash) VALUES (3, 1, 'x', '', 'login', '', '', '', '')");
	struct audit_verdict v = verify(st);
	assert_int_not_equal(v.finding, AUDIT_INTACT);
	assert_int_equal(v.entry_id, 3);
	assert_int_equal(v.entries, 2);
}

static void t_retention_only_raised(void **state)
{
	struct store *st = st_of(state);
	int64_t days = 0;
	assert_int_equal(store_setting_num(st, SETTING_AUDIT_DAYS, &days), STORE_OK);
	assert_int_equal(days, 730);
	assert_int_equal(store_setting_set(st, SETTING_AUDIT_DAYS, "365"), STORE_INVALID);
	assert_int_equal(store_setting_set(st, SETTING_AUDIT_DAYS, "hai năm"), STORE_INVALID);
	assert_int_equal(store_setting_set(st, SETTING_AUDIT_DAYS, "800"), STORE_OK);
	assert_int_equal(store_setting_set(st, SETTING_AUDIT_DAYS, "760"), STORE_INVALID);
	assert_int_equal(store_setting_num(st, SETTING_AUDIT_DAYS, &days), STORE_OK);
	assert_int_equal(days, 800);
	assert_int_equal(store_setting_set(st, SETTING_ARCHIVE_DAYS, "89"), STORE_INVALID);
	assert_int_equal(store_setting_set(st, SETTING_REPUBLISH_MIN, "59"), STORE_INVALID);
	assert_int_equal(store_setting_set(st, SETTING_REPUBLISH_MIN, "61"), STORE_OK);
}

static void t_purge_checkpoint(void **state)
{
	struct store *st = st_of(state);
	int64_t now = 2000000000; /* the clock of the purge, set by the test */
	add_entries(st, 3, now - 800 * DAY);
	add_entries(st, 2, now - 700 * DAY);
	add_entries(st, 2, now - DAY);
	int64_t purged = -1;
	assert_int_equal(store_audit_purge(st, now - 200 * DAY, &purged), STORE_OK);
	assert_int_equal(purged, 0); /* nothing was two years old then */
	assert_int_equal(store_audit_purge(st, now, &purged), STORE_OK);
	assert_int_equal(purged, 3);
	struct audit_verdict v = verify(st);
	assert_int_equal(v.finding, AUDIT_INTACT);
	assert_int_equal(v.entries, 4);
	assert_int_equal(v.purged, 3);
	add_entries(st, 1, 0); /* the chain goes on after a purge */
	assert_int_equal(store_audit_purge(st, now + 100 * DAY, &purged), STORE_OK);
	assert_int_equal(purged, 2);
	v = verify(st);
	assert_int_equal(v.finding, AUDIT_INTACT);
	assert_int_equal(v.entries, 3);
	assert_int_equal(v.purged, 5);
	/* the first entry after the checkpoint removed: still found */
	raw_sql(*state, "DELETE FROM audit_log WHERE id = 6");
	expect_finding(st, AUDIT_REMOVED, 6);
}

static void t_purge_refuses_tampered(void **state)
{
	struct store *st = st_of(state);
	add_entries(st, 3, 1000);
	raw_sql(*state, "UPDATE audit_log SET user_name = 'khac' WHERE id = 1");
	int64_t purged = -1;
	assert_int_equal(store_audit_purge(st, 2000000000, &purged), STORE_CONFLICT);
	assert_int_equal(purged, 0);
	expect_finding(st, AUDIT_CHANGED, 1); /* the evidence is still there */
}

/* A change among the entries that stay does not stop a purge of older ones, and stays found. */
static void t_purge_checks_what_goes(void **state)
{
	struct store *st = st_of(state);
	add_entries(st, 3, 1000);
	add_entries(st, 2, 2000000000 - 86400);
	raw_sql(*state, "UPDATE audit_log SET detail = 'khác' WHERE id = 5");
	int64_t purged = -1;
	assert_int_equal(store_audit_purge(st, 2000000000, &purged), STORE_OK);
	assert_int_equal(purged, 3);
	expect_finding(st, AUDIT_CHANGED, 5);
	/* the entry right after the purged ones proves their end: changed, the purge is refused */
	add_entries(st, 2, 2100000000 - 86400);
	raw_sql(*state, "UPDATE audit_log SET detail = 'khác' WHERE id = 4");
	assert_int_equal(store_audit_purge(st, 2100000000, &purged), STORE_CONFLICT);
}

static void t_checkpoint_forged(void **state)
{
	struct store *st = st_of(state);
	add_entries(st, 3, 1000);
	add_entries(st, 1, 2000000000 - DAY);
	int64_t purged = 0;
	assert_int_equal(store_audit_purge(st, 2000000000, &purged), STORE_OK);
	assert_int_equal(purged, 3);
	/* someone deletes entry 4 and moves the checkpoint past it, without the key */
	raw_sql(*state, "UPDATE audit_chain SET cp_count = 4, cp_id = 4");
	struct audit_verdict v = verify(st);
	assert_int_equal(v.finding, AUDIT_BAD_CHECKPOINT);
}

struct adder {
	struct store *st;
	int n;
};

static void *add_thread(void *p)
{
	struct adder *ad = p;
	for (int i = 0; i < ad->n; i++) {
		struct audit_entry e = {.action = "view", .object = "t"};
		if (store_audit_add(ad->st, &e) != STORE_OK)
			return (void *)1;
	}
	return NULL;
}

/* Writers at once (several connections, as several nodes) keep one unbroken chain. */
static void t_concurrent(void **state)
{
	struct store *st = st_of(state);
	struct adder ad = {st, 20};
	pthread_t th[6];
	for (int i = 0; i < 6; i++)
		pthread_create(&th[i], NULL, add_thread, &ad);
	for (int i = 0; i < 6; i++) {
		void *failed;
		pthread_join(th[i], &failed);
		assert_null(failed);
	}
	struct audit_verdict v = verify(st);
	assert_int_equal(v.finding, AUDIT_INTACT);
	assert_int_equal(v.entries, 120);
}

/* Entries written before the chain existed are hashed once, then protected like the rest. */
static void t_legacy_sealed(void **state)
{
	struct store *st = st_of(state);
	raw_sql(*state,
		"INSERT INTO audit_log(id, at, user_name, address, action, object, detail) "
		"VALUES (1, 5, 'cu', '', 'login', '', ''), (2, 6, 'cu', '', 'logout', '', '')");
	raw_sql(*state, "UPDATE audit_chain SET sealed = (1 = 0)");
	add_entries(st, 1, 0);
	struct audit_verdict v = verify(st);
	assert_int_equal(v.finding, AUDIT_INTACT);
	assert_int_equal(v.entries, 3);
	raw_sql(*state, "UPDATE audit_log SET at = 7 WHERE id = 1");
	expect_finding(st, AUDIT_CHANGED, 1);
}

#define CASES(setup)                                                                               \
	cmocka_unit_test_setup_teardown(t_intact, setup, teardown),                                \
	    cmocka_unit_test_setup_teardown(t_update_found, setup, teardown),                      \
	    cmocka_unit_test_setup_teardown(t_update_rehashed_found, setup, teardown),             \
	    cmocka_unit_test_setup_teardown(t_delete_found, setup, teardown),                      \
	    cmocka_unit_test_setup_teardown(t_delete_last_found, setup, teardown),                 \
	    cmocka_unit_test_setup_teardown(t_insert_found, setup, teardown),                      \
	    cmocka_unit_test_setup_teardown(t_insert_middle_found, setup, teardown),               \
	    cmocka_unit_test_setup_teardown(t_retention_only_raised, setup, teardown),             \
	    cmocka_unit_test_setup_teardown(t_purge_checkpoint, setup, teardown),                  \
	    cmocka_unit_test_setup_teardown(t_purge_refuses_tampered, setup, teardown),            \
	    cmocka_unit_test_setup_teardown(t_purge_checks_what_goes, setup, teardown),            \
	    cmocka_unit_test_setup_teardown(t_checkpoint_forged, setup, teardown),                 \
	    cmocka_unit_test_setup_teardown(t_concurrent, setup, teardown),                        \
	    cmocka_unit_test_setup_teardown(t_legacy_sealed, setup, teardown)

int main(void)
{
	const struct CMUnitTest sqlite_cases[] = {CASES(setup_sqlite)};
	const struct CMUnitTest pg_cases[] = {CASES(setup_pg)};
	int failed = cmocka_run_group_tests_name("audit-sqlite", sqlite_cases, NULL, NULL);
	failed += cmocka_run_group_tests_name("audit-postgresql", pg_cases, NULL, NULL);
	return failed;
}
