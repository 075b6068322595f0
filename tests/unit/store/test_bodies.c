/* Stored bodies (issue 18): the store keeps the sanitiser's output, its text and the sanitiser's
 * version, and re-makes bodies an older sanitiser made; on SQLite always, PostgreSQL when
 * reachable (tests/support/pgcluster.py run sets GAZETTE_TEST_PG_URL and _CREATEDB). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "sanitize/sanitize.h"
#include "search/query.h"
#include "store/store.h"

struct ctx {
	bool pg;
	char url[512];
	char dir[64];
	struct store *st;
};

static int case_no;

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
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
	snprintf(c->dir, sizeof c->dir, "/tmp/gz-bodies-XXXXXX");
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
	const char *base = env("GAZETTE_TEST_PG_URL"), *createdb = env("GAZETTE_TEST_PG_CREATEDB");
	if (!base || !createdb)
		return 0; /* no server: the case skips itself */
	char name[64], cmd[1024];
	snprintf(name, sizeof name, "gz_bodies_%ld_%d", (long)getpid(), ++case_no);
	snprintf(cmd, sizeof cmd, "%s %s >/dev/null", createdb, name);
	if (system(cmd) != 0)
		return 0;
	const char *slash = strrchr(base, '/');
	snprintf(c->url, sizeof c->url, "%.*s/%s", (int)(slash - base), base, name);
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

static struct store *st_of(void **state)
{
	struct ctx *c = *state;
	if (!c->st)
		skip();
	return c->st;
}

/* Runs SQL on the case's database behind the store's back: what an older gazette (or a hand edit)
 * left there. */
static void raw_sql(struct ctx *c, const char *sql)
{
	if (c->pg) {
		PGconn *db = PQconnectdb(c->url);
		assert_int_equal(PQstatus(db), CONNECTION_OK);
		PGresult *r = PQexec(db, sql);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			fail_msg("%s: %s", sql, PQerrorMessage(db));
		PQclear(r);
		PQfinish(db);
		return;
	}
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(c->url + strlen("sqlite:"), &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static int64_t put(struct store *st, int64_t cat_id, const char *title, const char *body)
{
	struct article_put p = {.category_id = cat_id,
				.status = ARTICLE_PUBLISHED,
				.published_at = 1000,
				.title = title,
				.slug = "bai-viet",
				.body_html = body};
	int64_t id = 0;
	assert_int_equal(store_article_put(st, &p, &id), STORE_OK);
	return id;
}

/* How many public articles the search for `text` finds. */
static int64_t found(struct store *st, const char *text)
{
	struct arena *a = arena_new();
	struct search_query q;
	assert_int_equal(search_query_parse(a, text, strlen(text), &q), 0);
	struct search_request r = {.q = &q, .now = 2000, .limit = 10};
	struct search_hit *hits = NULL;
	size_t n = 0;
	int64_t total = 0;
	bool more = false;
	assert_int_equal(store_search(st, a, &r, &hits, &n, &total, &more), STORE_OK);
	arena_free(a);
	return total;
}

/* A save stores the sanitiser's output and this sanitiser's version, whatever the writer gave. */
static void t_put_sanitises(void **state)
{
	struct store *st = st_of(state);
	int64_t c = 0;
	assert_int_equal(store_category_ensure(st, 0, "Xã hội", "xa-hoi", &c), STORE_OK);
	int64_t id = put(st, c, "Tin", "<p onclick=\"x()\">Đường mới</p><script>bad()</script>");
	struct arena *a = arena_new();
	struct article art;
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	assert_string_equal(art.body_html, "<p>Đường mới</p>");
	assert_int_equal(art.body_version, SANITIZE_VERSION);
	assert_int_equal(found(st, "đường mới"), 1);
	assert_int_equal(found(st, "bad"), 0);
	/* Not valid UTF-8: refused, nothing stored. */
	struct article_put bad = {.category_id = c, .title = "X", .slug = "x", .body_html = "\xff"};
	assert_int_equal(store_article_put(st, &bad, NULL), STORE_INVALID);
	arena_free(a);
}

/*
 * Bodies an older sanitiser made (here: an unsafe body marked with version 0, as an older gazette
 * or a hand edit leaves it) are re-made by store_bodies_refresh: the HTML sanitised, the text and
 * the search index made from it, the version this one; a second run finds nothing left.
 */
static void t_refresh_remakes_old_bodies(void **state)
{
	struct store *st = st_of(state);
	struct ctx *cx = *state;
	int64_t c = 0;
	assert_int_equal(store_category_ensure(st, 0, "Xã hội", "xa-hoi", &c), STORE_OK);
	int64_t old1 = put(st, c, "Tin một", "<p>mưa phùn</p>");
	int64_t old2 = put(st, c, "Tin hai", "<p>hai</p>");
	int64_t cur = put(st, c, "Tin ba", "<p>ba</p>");
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE articles SET body_html = '<p onclick=\"x()\">cầu vồng</p><script>s()"
		 "</script><a href=\"javascript:y()\"></a>', body_version = 0 WHERE id = %lld;"
		 "UPDATE articles SET body_version = 0 WHERE id = %lld",
		 (long long)old1, (long long)old2);
	raw_sql(cx, sql);
	assert_int_equal(found(st, "mưa phùn"), 1); /* the index still holds the old text */

	struct arena *a = arena_new();
	struct article art;
	assert_int_equal(store_article_get(st, a, old1, &art), STORE_OK);
	assert_int_equal(art.body_version, 0);
	/* The page still prints only sanitiser output meanwhile: sanitize_stored re-sanitises. */
	struct safe_html *h = NULL;
	assert_int_equal(
	    sanitize_stored(art.body_html, strlen(art.body_html), art.body_version, &h), 0);
	assert_string_equal(safe_html_str(h), "<p>cầu vồng</p><a></a>");
	safe_html_free(h);

	int64_t done = 0;
	assert_int_equal(store_bodies_refresh(st, 1, &done), STORE_OK);
	assert_int_equal(done, 1);
	assert_int_equal(store_bodies_refresh(st, 100, &done), STORE_OK);
	assert_int_equal(done, 1);
	assert_int_equal(store_bodies_refresh(st, 100, &done), STORE_OK);
	assert_int_equal(done, 0);

	assert_int_equal(store_article_get(st, a, old1, &art), STORE_OK);
	assert_string_equal(art.body_html, "<p>cầu vồng</p><a></a>");
	assert_int_equal(art.body_version, SANITIZE_VERSION);
	assert_int_equal(store_article_get(st, a, old2, &art), STORE_OK);
	assert_string_equal(art.body_html, "<p>hai</p>");
	assert_int_equal(art.body_version, SANITIZE_VERSION);
	assert_int_equal(store_article_get(st, a, cur, &art), STORE_OK);
	assert_string_equal(art.body_html, "<p>ba</p>");
	/* The index follows the re-made text. */
	assert_int_equal(found(st, "cầu vồng"), 1);
	assert_int_equal(found(st, "mưa phùn"), 0);
	arena_free(a);
}

/* A body left not valid UTF-8 is kept, its bad bytes replaced, rather than lost or looped on. */
static void t_refresh_repairs_utf8(void **state)
{
	struct store *st = st_of(state);
	struct ctx *cx = *state;
	if (cx->pg)
		skip(); /* PostgreSQL refuses invalid UTF-8 in text columns itself */
	int64_t c = 0;
	assert_int_equal(store_category_ensure(st, 0, "Xã hội", "xa-hoi", &c), STORE_OK);
	int64_t id = put(st, c, "Một", "<p>một</p>");
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE articles SET body_html = CAST(x'3c703e61ff623c2f703e' AS TEXT), "
		 "body_version = 0 WHERE id = %lld",
		 (long long)id);
	raw_sql(cx, sql);
	int64_t done = 0;
	assert_int_equal(store_bodies_refresh(st, 10, &done), STORE_OK);
	assert_int_equal(done, 1);
	struct arena *a = arena_new();
	struct article art;
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	assert_string_equal(art.body_html, "<p>a\xef\xbf\xbd"
					   "b</p>");
	assert_int_equal(art.body_version, SANITIZE_VERSION);
	arena_free(a);
}

#define CASES(setup)                                                                               \
	cmocka_unit_test_setup_teardown(t_put_sanitises, setup, teardown),                         \
	    cmocka_unit_test_setup_teardown(t_refresh_remakes_old_bodies, setup, teardown),        \
	    cmocka_unit_test_setup_teardown(t_refresh_repairs_utf8, setup, teardown)

int main(void)
{
	const struct CMUnitTest sqlite_cases[] = {CASES(setup_sqlite)};
	const struct CMUnitTest pg_cases[] = {CASES(setup_pg)};
	int failed = cmocka_run_group_tests_name("bodies-sqlite", sqlite_cases, NULL, NULL);
	failed += cmocka_run_group_tests_name("bodies-postgresql", pg_cases, NULL, NULL);
	return failed;
}
