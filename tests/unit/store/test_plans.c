/* Work that must not grow with the number of articles (issue 18): at 100,000 articles two SQLite
 * statements walked every published article - the most-viewed list of every page and the search
 * index's flush at every commit - and PostgreSQL's search trigger re-made an article's search row
 * for every view count written. SQLite cases always; the PostgreSQL case when a server is
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

#include "core/buf.h"
#include "core/arena.h"
#include "search/query.h"
#include "store/documents.h"
#include "store/pg/pg-int.h"
#include "store/search.h"
#include "store/sqlite/sqlite-int.h"
#include "store/store.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

struct sq_case {
	char dir[64];
	char path[128];
	struct sq_conn *c;
};

static int sq_setup(void **state)
{
	struct sq_case *k = calloc(1, sizeof(*k));
	snprintf(k->dir, sizeof k->dir, "/tmp/gz-plans-XXXXXX");
	if (!mkdtemp(k->dir))
		return -1;
	snprintf(k->path, sizeof k->path, "%s/gazette.db", k->dir);
	char url[160];
	snprintf(url, sizeof url, "sqlite:%s", k->path);
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	if (store_open(url, true, &st, &err) != STORE_OK) {
		fprintf(stderr, "store_open: %s\n", buf_cstr(&err));
		buf_free(&err);
		return -1;
	}
	buf_free(&err);
	store_close(st);
	/* A connection as the store makes them (with the search tokenizer the index needs). */
	k->c = sq_conn_open(k->path, SQLITE_OPEN_READWRITE, NULL);
	*state = k;
	return k->c ? 0 : -1;
}

static int sq_teardown(void **state)
{
	struct sq_case *k = *state;
	if (k->c)
		sq_conn_close(k->c);
	const char *sfx[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		char p[160];
		snprintf(p, sizeof p, "%s%s", k->path, sfx[i]);
		unlink(p);
	}
	rmdir(k->dir);
	free(k);
	return 0;
}

/* SQLite keeps no memory statistics (conn.c, library_setup): with them every allocation of every
 * connection took one process-wide mutex. The store made the first connection of this process,
 * so the setting was in time; the open connection holds memory that the statistics would count. */
static void test_no_memory_statistics(void **state)
{
	struct sq_case *k = *state;
	assert_non_null(k->c);
	assert_int_equal(sqlite3_exec(k->c->db, "SELECT count(*) FROM articles", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_memory_used(), 0);
}

/* FTS5's automerge as a transaction's statements see it: -1 when unset (its default, 4). */
static int automerge(sqlite3 *db)
{
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT v FROM search_fts_config WHERE k = 'automerge'",
					    -1, &q, NULL),
			 SQLITE_OK);
	int v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
	sqlite3_finalize(q);
	return v;
}

/* A transaction inserting many articles has FTS5 merge its segments 16 at a time, and sets the
 * default back before its commit, so that nothing of it outlives the transaction; a rollback
 * undoes it with the rest. */
static void test_bulk_automerge(void **state)
{
	struct sq_case *k = *state;
	for (int commit = 1; commit >= 0; commit--) {
		assert_int_equal(sqlite3_exec(k->c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
				 SQLITE_OK);
		int before = automerge(k->c->db);
		assert_int_equal(before, commit ? -1 : 4);
		for (int i = 0; i < 100000 && !k->c->bulk; i++)
			assert_int_equal(sq_article_added(k->c), SQLITE_OK);
		assert_true(k->c->bulk);
		if (automerge(k->c->db) != 16)
			fail_msg("expected automerge 16 in a bulk transaction, got %d",
				 automerge(k->c->db));
		if (commit) {
			assert_int_equal(sq_tx_finish(k->c), SQLITE_OK);
			assert_int_equal(automerge(k->c->db), 4);
		}
		assert_int_equal(
		    sqlite3_exec(k->c->db, commit ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL),
		    SQLITE_OK);
		k->c->bulk = false; /* as the store's end of a transaction does */
		k->c->pending = 0;
		assert_int_equal(automerge(k->c->db), 4);
	}
}

/* When a merge of the search index's segments pays (segments, the largest's pages, all pages). */
static void test_merge_pays(void **state)
{
	(void)state;
	static const struct {
		int64_t segments, largest, total;
		bool pays;
	} rows[] = {
	    {1, 1000, 1000, false},
	    {2, 1000, 1249, false}, /* one small segment beside a large one */
	    {2, 1000, 1250, true},  /* the others a quarter of the largest */
	    {8, 1000, 1200, false}, /* a few levels of a live site's small segments */
	    {9, 1000, 1030, false}, /* many, but small */
	    {9, 1000, 1032, true},  /* many, a 32nd */
	    {20, 820, 1000, true},  /* what an import of 1,000,000 articles left */
	    {30, 100000, 100500, false},
	    {0, 0, 0, false},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (sq_merge_pays(rows[i].segments, rows[i].largest, rows[i].total) != rows[i].pays)
			fail_msg("%lld segments, the largest %lld of %lld pages: expected %s",
				 (long long)rows[i].segments, (long long)rows[i].largest,
				 (long long)rows[i].total, rows[i].pays ? "a merge" : "none");
}

/* The rows of EXPLAIN QUERY PLAN for sql, one per line, into out. */
static void plan_of(sqlite3 *db, const char *sql, struct buf *out)
{
	char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db, q, -1, &s, NULL);
	sqlite3_free(q);
	if (rc != SQLITE_OK)
		fail_msg("cannot explain the statement: %s", sqlite3_errmsg(db));
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_printf(out, "%s\n", (const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
}

/* The most-viewed list walks the views index and stops after its rows; sorting by views every
 * published article found by the publication index cost 1.2 s a page at 100,000 articles. The
 * counts are in article_views (migration 32), each row joined to its article by key. */
static void test_most_viewed_by_views_index(void **state)
{
	struct sq_case *k = *state;
	struct buf plan = BUF_INIT;
	plan_of(k->c->db, sq_sql[SQ_LIST_ALL_VIEWED], &plan);
	if (!strstr(buf_cstr(&plan), "INDEX article_views_views") ||
	    !strstr(buf_cstr(&plan), "USING INTEGER PRIMARY KEY") ||
	    strstr(buf_cstr(&plan), "articles_published") ||
	    strstr(buf_cstr(&plan), "TEMP B-TREE FOR ORDER BY"))
		fail_msg("expected the most-viewed list to walk article_views_views and read each "
			 "article by its key, got the plan:\n%s",
			 buf_cstr(&plan));
	buf_free(&plan);
}

/* The flush of new articles into the search index at every commit starts from search_pending
 * (empty but for an import's transaction), never from the published articles. */
static void test_pending_flush_from_pending(void **state)
{
	struct sq_case *k = *state;
	struct buf plan = BUF_INIT;
	plan_of(k->c->db, sq_sql[SR_PENDING_FLUSH], &plan);
	const char *p = buf_cstr(&plan);
	const char *pending = strstr(p, "SCAN p");
	const char *articles = strstr(p, " a ");
	if (!pending || !articles || articles < pending ||
	    strstr(p, "INDEX articles_")) /* the outer loop over an index of articles */
		fail_msg("expected search_pending as the outer loop and articles by their key, got "
			 "the plan:\n%s",
			 p);
	buf_free(&plan);
}

/* The watcher's next scheduled change finds the earliest expiry among the few articles that
 * expire (articles_expires), not by walking every published article (migration 30). */
static void test_next_change_by_expiry_index(void **state)
{
	struct sq_case *k = *state;
	struct buf plan = BUF_INIT;
	plan_of(k->c->db, sq_sql[SN_NEXT_CHANGE], &plan);
	const char *p = buf_cstr(&plan);
	if (!strstr(p, "INDEX articles_expires (status=? AND expires_at>?)") ||
	    !strstr(p, "INDEX articles_published (status=? AND published_at>?)"))
		fail_msg("expected both halves of the next change by their indexes "
			 "(articles_published, articles_expires), got the plan:\n%s",
			 p);
	buf_free(&plan);
}

/* The archive's purge reads only the versions whose time ended (archive_ended), never every
 * version with its body (migration 30). */
static void test_archive_purge_by_index(void **state)
{
	struct sq_case *k = *state;
	struct buf plan = BUF_INIT;
	plan_of(k->c->db, sq_sql[SV_PURGE], &plan);
	const char *p = buf_cstr(&plan);
	if (!strstr(p, "USING INDEX archive_ended") || strstr(p, "SCAN archive"))
		fail_msg("expected the purge to search archive_ended, got the plan:\n%s", p);
	buf_free(&plan);
}

/* The statistics' reports read a day range of views_daily by its key (day first, migration 33),
 * with no index beside it: an index holding the count was rewritten at every view. */
static void test_stats_by_day_key(void **state)
{
	struct sq_case *k = *state;
	const enum sq_stmt shapes[] = {SS_DAY, SS_ARTICLE, SS_AUTHOR};
	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		struct buf plan = BUF_INIT;
		plan_of(k->c->db, sq_sql[shapes[i]], &plan);
		if (!strstr(buf_cstr(&plan), "SEARCH v USING PRIMARY KEY (day>? AND day<?)"))
			fail_msg(
			    "expected a report to read views_daily's day range by its key, got "
			    "the plan:\n%s",
			    buf_cstr(&plan));
		buf_free(&plan);
	}
	sqlite3_stmt *q = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(k->c->db,
			       "SELECT count(*) FROM sqlite_schema WHERE type = "
			       "'index' AND tbl_name = 'views_daily' AND sql IS NOT NULL",
			       -1, &q, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (n != 0)
		fail_msg("expected no index beside views_daily's key, found %d", n);
}

/* A VFS over the default one that counts the shared locks taken on the WAL index: one for each
 * read transaction (the reader's mark). */
static sqlite3_vfs counting_vfs;
static int (*default_shm_lock)(sqlite3_file *, int, int, int);
static int shared_locks;
static sqlite3_io_methods counting_io;

static int counting_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	if ((flags & SQLITE_SHM_LOCK) && (flags & SQLITE_SHM_SHARED))
		shared_locks++;
	return default_shm_lock(f, offset, n, flags);
}

static int counting_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	sqlite3_vfs *base = vfs->pAppData;
	int rc = base->xOpen(base, name, f, flags, out);
	if (rc == SQLITE_OK && (flags & SQLITE_OPEN_MAIN_DB) && f->pMethods &&
	    f->pMethods->iVersion >= 2 && f->pMethods->xShmLock) {
		if (!default_shm_lock) {
			counting_io = *f->pMethods;
			default_shm_lock = counting_io.xShmLock;
			counting_io.xShmLock = counting_shm_lock;
		}
		f->pMethods = &counting_io;
	}
	return rc;
}

/* Makes the counting VFS the default (for the connections opened until the returned one is made
 * the default again). */
static sqlite3_vfs *counting_default(void)
{
	sqlite3_vfs *base = sqlite3_vfs_find(NULL);
	if (base == &counting_vfs) /* left the default by a case that failed */
		base = counting_vfs.pAppData;
	counting_vfs = *base;
	counting_vfs.zName = "counting";
	counting_vfs.pAppData = base;
	counting_vfs.szOsFile = base->szOsFile;
	counting_vfs.xOpen = counting_open;
	assert_int_equal(sqlite3_vfs_register(&counting_vfs, 1), SQLITE_OK);
	return base;
}

/* An article page's reads (the article, its tags by position, its languages) are one read
 * transaction: one
 * snapshot for the three, and one pair of WAL lock calls (fcntl) instead of three, a page not in
 * the cache being mostly system calls; and no statement is left active after it. */
static void test_article_read_is_one_transaction(void **state)
{
	struct sq_case *k = *state;
	char *err = NULL;
	if (sqlite3_exec(k->c->db,
			 "INSERT INTO categories (id, name, slug) VALUES (1, 'Tin', 'tin');"
			 "INSERT INTO articles (id, category_id, status, title, slug, body_html, "
			 "published_at, created_at, updated_at) VALUES (7, 1, 'published', 'A', "
			 "'a', '<p>x</p>', 1, 1, 1);"
			 "INSERT INTO tags (id, name, slug) VALUES (1, 'Một', 'mot'), (2, 'Hai', "
			 "'hai'), (3, 'Ba', 'ba');"
			 "INSERT INTO article_tags VALUES (7, 1, 2), (7, 2, 0), (7, 3, 1);"
			 "INSERT INTO article_translations (article_id, lang, title, updated_at) "
			 "VALUES (7, 'en', 'One', 1);",
			 NULL, NULL, &err) != SQLITE_OK)
		fail_msg("cannot write the article: %s", err);
	sqlite3_vfs *base = counting_default();
	struct sq_conn *c = sq_conn_open(k->path, SQLITE_OPEN_READWRITE, NULL);
	sqlite3_vfs_register(base, 1); /* the default again for the connections after this one */
	assert_non_null(c);
	struct arena *a = arena_new();
	for (int found = 1; found >= 0; found--) {
		struct article art = {0};
		enum store_rc rc = sq_article_get(&c->base, a, 7, &art); /* its statements made */
		shared_locks = 0;
		rc = sq_article_get(&c->base, a, found ? 7 : 8, &art);
		if (found && (rc != STORE_OK || art.ntags != 3 || art.nlangs != 1))
			fail_msg(
			    "expected article 7 with 3 tags and 1 language, got rc %d, %zu tags, "
			    "%zu languages",
			    (int)rc, art.ntags, art.nlangs);
		/* the tags by their position, not by their ids */
		if (found && (strcmp(art.tags[0], "Hai") || strcmp(art.tags[1], "Ba") ||
			      strcmp(art.tags[2], "Một")))
			fail_msg("expected the tags Hai, Ba, Một (by position), got %s, %s, %s",
				 art.tags[0], art.tags[1], art.tags[2]);
		if (!found && rc != STORE_NOTFOUND)
			fail_msg("expected article 8 not found, got rc %d", (int)rc);
		if (shared_locks != 1)
			fail_msg(
			    "expected the %s article's reads in one read transaction (one shared "
			    "lock on the WAL index), got %d",
			    found ? "found" : "missing", shared_locks);
		for (sqlite3_stmt *s = sqlite3_next_stmt(c->db, NULL); s;
		     s = sqlite3_next_stmt(c->db, s))
			if (sqlite3_stmt_busy(s))
				fail_msg("expected no statement active after the read, got: %s",
					 sqlite3_sql(s));
		assert_true(sqlite3_get_autocommit(c->db));
	}
	arena_free(a);
	sq_conn_close(c);
}

/* How many articles a search for text finds, and the shared locks its reads took on the WAL
 * index. */
static int64_t search_count(struct store *st, const char *text, int *locks)
{
	struct arena *a = arena_new();
	struct search_query q;
	assert_int_equal(search_query_parse(a, text, strlen(text), &q), 0);
	struct search_request r = {.q = &q, .now = 2000, .limit = 10};
	struct search_hit *hits = NULL;
	size_t n = 0;
	int64_t total = 0;
	bool more = false;
	shared_locks = 0;
	assert_int_equal(store_search(st, a, &r, &hits, &n, &total, &more), STORE_OK);
	*locks = shared_locks;
	if ((int64_t)n != (total < 10 ? total : 10))
		fail_msg("expected %lld hits read for '%s', got %zu", (long long)total, text, n);
	arena_free(a);
	return total;
}

static int64_t put_article(struct store *st, int64_t cat, const char *title, const char *body)
{
	struct article_put p = {.category_id = cat,
				.status = ARTICLE_PUBLISHED,
				.published_at = 1000,
				.title = title,
				.slug = "bai-viet",
				.body_html = body};
	int64_t id = 0;
	assert_int_equal(store_article_put(st, &p, &id), STORE_OK);
	return id;
}

/* The case's database opened as a store. */
static struct store *case_store(struct sq_case *k)
{
	char url[160];
	snprintf(url, sizeof url, "sqlite:%s", k->path);
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	if (store_open(url, false, &st, &err) != STORE_OK)
		fail_msg("store_open: %s", buf_cstr(&err));
	buf_free(&err);
	return st;
}

/* The case's database opened as a store whose connections count their WAL locks (the counting
 * VFS the default until *base is made the default again). */
static struct store *counted_store(struct sq_case *k, sqlite3_vfs **base)
{
	*base = counting_default();
	return case_store(k);
}

/* A search's statements (its candidates, each hit's fields, with an exclusion its title pass) are
 * one read transaction on the search's connection: one snapshot for all, and one pair of WAL lock
 * calls (fcntl) instead of a pair a statement (issue 18: 17 pairs for an exclusion at 100,000
 * articles). The transaction ends with the search: a search after a write finds what it wrote. */
static void test_search_is_one_transaction(void **state)
{
	struct sq_case *k = *state;
	sqlite3_vfs *base = NULL;
	struct store *st = counted_store(k, &base);
	int64_t cat = 0;
	assert_int_equal(store_category_ensure(st, 0, "Xã hội", "xa-hoi", &cat), STORE_OK);
	const char *texts[] = {"<p>Đường làng mới</p>", "<p>Con đường mới</p>",
			       "<p>Đường về quê</p>", "<p>Quê mới</p>"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		put_article(st, cat, "Tin", texts[i]);
	const struct {
		const char *q;
		int64_t found;
	} cases[] = {{"đường", 3}, {"đường -làng", 2}, {"mới", 3}, {"quê -đường", 1}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int locks = 0;
		search_count(st, cases[i].q, &locks); /* its statements made */
		int64_t got = search_count(st, cases[i].q, &locks);
		if (got != cases[i].found)
			fail_msg("expected %lld articles for '%s', got %lld",
				 (long long)cases[i].found, cases[i].q, (long long)got);
		if (locks != 1)
			fail_msg(
			    "expected the search '%s' in one read transaction (one shared lock on "
			    "the WAL index), got %d",
			    cases[i].q, locks);
	}
	/* Not left open: the next search sees an article written after the last one. */
	put_article(st, cat, "Tin", "<p>Đường mới mở</p>");
	int locks = 0;
	int64_t got = search_count(st, "đường", &locks);
	if (got != 4)
		fail_msg("expected 4 articles for 'đường' after a fourth was written, got %lld",
			 (long long)got);
	store_close(st);
	sqlite3_vfs_register(base, 1);
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

static const char *title_of(struct store *st, struct arena *a, int64_t id)
{
	struct article art;
	assert_int_equal(store_article_get(st, a, id, &art), STORE_OK);
	return art.title;
}

/* Articles read one after another share a page connection's read transaction (sq_page_take):
 * no WAL index lock of their own while it is kept (SQ_HOLD_MS). A round slower than that (a
 * loaded machine, a sanitiser build) proves nothing and is tried again. */
static void test_articles_share_a_read(void **state)
{
	struct sq_case *k = *state;
	sqlite3_vfs *base = NULL;
	struct store *st = counted_store(k, &base);
	int64_t cat = 0;
	assert_int_equal(store_category_ensure(st, 0, "Xã hội", "xa-hoi", &cat), STORE_OK);
	int64_t one = put_article(st, cat, "Một", "<p>a</p>"),
		two = put_article(st, cat, "Hai", "<p>b</p>");
	struct arena *a = arena_new();
	int fast = 0, locks = 0;
	bool right = true;
	for (int round = 0; round < 50 && fast < 3 && locks == 0 && right; round++) {
		title_of(st, a, one); /* the statements made, a read begun */
		int64_t t0 = store_now_ms();
		shared_locks = 0;
		right = strcmp(title_of(st, a, two), "Hai") == 0 &&
			strcmp(title_of(st, a, one), "Một") == 0;
		if (store_now_ms() - t0 < SQ_HOLD_MS / 2) {
			fast++;
			locks = shared_locks;
		}
	}
	arena_free(a);
	store_close(st);
	sqlite3_vfs_register(base, 1); /* before failing: the next cases open with the default */
	if (!right)
		fail_msg("expected the titles Hai and Một read back");
	if (locks != 0)
		fail_msg("expected two articles read in the kept read transaction (no WAL index "
			 "lock), got %d shared locks",
			 locks);
	if (fast == 0)
		skip(); /* every round too slow to tell */
}

/* A write of this process is read back at once: the kept transaction ends when a connection
 * that wrote is given back (sq_conn_put), however young it is. */
static void test_article_read_after_write(void **state)
{
	struct sq_case *k = *state;
	struct store *st = case_store(k);
	int64_t cat = 0;
	assert_int_equal(store_category_ensure(st, 0, "Xã hội", "xa-hoi", &cat), STORE_OK);
	struct article_put p = {.category_id = cat,
				.status = ARTICLE_PUBLISHED,
				.published_at = 1000,
				.title = "Bản 0",
				.slug = "bai-viet",
				.body_html = "<p>a</p>"};
	assert_int_equal(store_article_put(st, &p, &p.id), STORE_OK);
	struct arena *a = arena_new();
	for (int i = 1; i <= 20; i++) {
		assert_non_null(title_of(st, a, p.id)); /* a read kept */
		char title[32];
		snprintf(title, sizeof title, "Bản %d", i);
		p.title = title;
		assert_int_equal(store_article_put(st, &p, NULL), STORE_OK);
		const char *got = title_of(st, a, p.id);
		if (strcmp(got, title) != 0)
			fail_msg("expected the title just written, '%s', got '%s'", title, got);
	}
	arena_free(a);
	store_close(st);
}

/* Another process's write is read within SQ_HOLD_MS, and a quiet page connection keeps no
 * snapshot: a checkpoint that needs every reader gone (TRUNCATE) is not kept waiting. */
static void test_article_read_after_other_writer(void **state)
{
	struct sq_case *k = *state;
	struct store *st = case_store(k);
	int64_t cat = 0;
	assert_int_equal(store_category_ensure(st, 0, "Xã hội", "xa-hoi", &cat), STORE_OK);
	int64_t id = put_article(st, cat, "Trước", "<p>a</p>");
	struct arena *a = arena_new();
	assert_string_equal(title_of(st, a, id), "Trước"); /* a read kept */
	/* as another process: a connection of the case's own, not of the store's pool */
	sqlite3 *other = k->c->db;
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE articles SET title = 'Sau' WHERE id = %lld",
		 (long long)id);
	assert_int_equal(sqlite3_exec(other, sql, NULL, NULL, NULL), SQLITE_OK);
	/* The site polls the content version and drops its pages when it moved: read now, the
	 * article is the new one, however young the kept read is. */
	int64_t version = 0;
	assert_int_equal(store_content_version(st, &version), STORE_OK);
	const char *got = title_of(st, a, id);
	if (strcmp(got, "Sau") != 0)
		fail_msg("expected another writer's title once the content version moved, 'Sau', "
			 "got '%s'",
			 got);
	snprintf(sql, sizeof sql, "UPDATE articles SET title = 'Sau nữa' WHERE id = %lld",
		 (long long)id);
	assert_int_equal(sqlite3_exec(other, sql, NULL, NULL, NULL), SQLITE_OK);
	sleep_ms(SQ_HOLD_MS + 30);
	got = title_of(st, a, id);
	if (strcmp(got, "Sau nữa") != 0)
		fail_msg("expected another writer's title %d ms later, 'Sau nữa', got '%s'",
			 SQ_HOLD_MS + 30, got);
	/* now quiet: the store's thread ends the page connection's read */
	assert_int_equal(
	    sqlite3_exec(other, "UPDATE articles SET title = 'Lần ba'", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_stmt *q = NULL;
	int busy = -1;
	for (int tries = 0; tries < 20 && busy != 0; tries++) {
		sleep_ms(3 * SQ_HOLD_MS);
		assert_int_equal(
		    sqlite3_prepare_v2(other, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &q, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		busy = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
	}
	if (busy != 0)
		fail_msg("expected a TRUNCATE checkpoint to find no reader left once the site is "
			 "quiet, got busy %d",
			 busy);
	arena_free(a);
	store_close(st);
}

/* The documents' search takes the same connection: one read transaction a search too. */
static void test_doc_search_is_one_transaction(void **state)
{
	struct sq_case *k = *state;
	sqlite3_vfs *base = NULL;
	struct store *st = counted_store(k, &base);
	int64_t kind = 0, issuer = 0;
	assert_int_equal(store_doc_name_ensure(st, DOC_LIST_KIND, "Quyết định", &kind), 0);
	assert_int_equal(store_doc_name_ensure(st, DOC_LIST_ISSUER, "UBND tỉnh", &issuer), 0);
	const char *summaries[] = {"Giao đất cho hộ gia đình", "Thu hồi đất làm đường",
				   "Kế hoạch trồng rừng"};
	for (size_t i = 0; i < sizeof summaries / sizeof summaries[0]; i++) {
		char number[32];
		snprintf(number, sizeof number, "%zu/QĐ-UBND", i + 1);
		struct document_put p = {.kind_id = kind,
					 .issuer_id = issuer,
					 .number = number,
					 .slug = "van-ban",
					 .summary = summaries[i],
					 .issued_on = 20000 + (int32_t)i,
					 .effective_on = STORE_NO_DATE,
					 .expires_on = STORE_NO_DATE,
					 .comment_from = STORE_NO_DATE,
					 .comment_until = STORE_NO_DATE,
					 .published = true};
		int64_t id = 0;
		assert_int_equal(store_doc_put(st, &p, &id), STORE_OK);
	}
	const struct {
		const char *q;
		size_t found;
	} cases[] = {{"đất", 2}, {"đất -đường", 1}, {"rừng", 1}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (int round = 0; round < 2; round++) { /* the first makes its statements */
			struct arena *a = arena_new();
			struct search_query q;
			assert_int_equal(search_query_parse(a, cases[i].q, strlen(cases[i].q), &q),
					 0);
			struct doc_query f = {.validity = -1,
					      .today = 20100,
					      .issued_from = STORE_NO_DATE,
					      .issued_to = STORE_NO_DATE,
					      .q = &q,
					      .limit = 50};
			struct doc_row *rows = NULL;
			size_t n = 0;
			int64_t total = 0;
			shared_locks = 0;
			assert_int_equal(store_doc_list(st, a, &f, &rows, &n, &total), STORE_OK);
			if (n != cases[i].found)
				fail_msg("expected %zu documents for '%s', got %zu", cases[i].found,
					 cases[i].q, n);
			if (round == 1 && shared_locks != 1)
				fail_msg(
				    "expected the documents' search '%s' in one read transaction "
				    "(one shared lock on the WAL index), got %d",
				    cases[i].q, shared_locks);
			arena_free(a);
		}
	store_close(st);
	sqlite3_vfs_register(base, 1);
}

/* --- PostgreSQL ------------------------------------------------------------------------------ */

static PGresult *pg_exec(PGconn *db, const char *sql)
{
	PGresult *r = PQexec(db, sql);
	ExecStatusType s = PQresultStatus(r);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(r));
	return r;
}

static char *search_row_version(PGconn *db)
{
	PGresult *r = pg_exec(db, "SELECT xmin::text FROM search_docs WHERE id = 1");
	if (PQntuples(r) != 1)
		fail_msg("expected the article's search row, got %d rows", PQntuples(r));
	char *v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

/* The plan of a search for q in category cat (0: any), in plan (a buffer of the caller's). */
static void search_plan(PGconn *db, const char *q, int64_t cat, struct buf *plan)
{
	struct arena *a = arena_new();
	struct search_query sq;
	assert_int_equal(search_query_parse(a, q, strlen(q), &sq), 0);
	struct search_request r = {.q = &sq, .category_id = cat, .now = 2000, .limit = 10};
	assert_int_equal(pg_search_plan(db, &r, plan), STORE_OK);
	arena_free(a);
}

/* The first Filter line of the plan of a search for q (in category cat, 0: any), in w, the
 * newest matches: the row-by-row walk of every article by id (index and sequential scans of
 * other kinds are switched off, so that every check is in that one line), copied into out. */
static void search_filter(PGconn *db, const char *q, int64_t cat, char *out, size_t cap)
{
	struct buf plan = BUF_INIT;
	search_plan(db, q, cat, &plan);
	const char *f = strstr(buf_cstr(&plan), "Filter: ");
	if (!f)
		fail_msg("expected a Filter line in the plan of a search for %s, got:\n%s", q,
			 buf_cstr(&plan));
	snprintf(out, cap, "%.*s", (int)strcspn(f, "\n"), f);
	buf_free(&plan);
}

static const char *pos_of(const char *s, const char *what)
{
	const char *p = strstr(s, what);
	return p ? p : s + strlen(s);
}

/* The search's walk over the newest articles checks the category first (so a row of another
 * category is passed over before its words are read), then the words kept in the row, and reads
 * the out-of-line fold only for a phrase's positions (migration 34). */
static void test_pg_search_checks_in_order(PGconn *db)
{
	PQclear(pg_exec(db, "SET enable_bitmapscan = off"));
	PQclear(pg_exec(db, "SET enable_seqscan = off"));
	char f[4096];
	search_filter(db, "nông thôn", 1, f, sizeof f);
	if (!strstr(f, "array_position") || !strstr(f, "words @@") ||
	    pos_of(f, "array_position") > pos_of(f, "words @@") || strstr(f, "fold @@"))
		fail_msg("expected the category (array_position), then the row's words, and no "
			 "fold, got\n%s",
			 f);
	search_filter(db, "nông thôn -moi", 0, f, sizeof f);
	if (!strstr(f, "words @@") || strstr(f, "fold @@") || strstr(f, "exact @@") ||
	    strstr(f, "array_position"))
		fail_msg(
		    "expected an exclusion of a word checked on the row's words alone, got\n%s", f);
	/* typed with diacritics: on the exact words, read only for a row whose words hold its
	 * fold */
	search_filter(db, "nông thôn -mới", 0, f, sizeof f);
	if (!strstr(f, "exact @@") || strstr(f, "fold @@") || !strstr(f, "words @@ '''moi'''") ||
	    pos_of(f, "words @@ '''moi'''") > pos_of(f, "exact @@"))
		fail_msg("expected an exclusion of a word with diacritics checked on the exact "
			 "words after its fold in the row's words, got\n%s",
			 f);
	search_filter(db, "\"nông thôn\"", 0, f, sizeof f);
	if (!strstr(f, "fold @@") || !strstr(f, "pairs @>") ||
	    pos_of(f, "words @@") > pos_of(f, "pairs @>") ||
	    pos_of(f, "pairs @>") > pos_of(f, "fold @@"))
		fail_msg("expected a phrase checked on the row's words, then its pairs' keys, then "
			 "fold's positions, got\n%s",
			 f);
	search_filter(db, "xã -\"nong thon\"", 0, f, sizeof f);
	if (!strstr(f, "fold @@"))
		fail_msg("expected an excluded phrase checked on fold's positions, got\n%s", f);
	search_filter(db, "xã -\"nông thôn\"", 0, f, sizeof f);
	if (!strstr(f, "exact @@") || strstr(f, "fold @@"))
		fail_msg("expected an excluded phrase with diacritics checked on the exact words' "
			 "positions, got\n%s",
			 f);
	PQclear(pg_exec(db, "RESET enable_bitmapscan"));
	PQclear(pg_exec(db, "RESET enable_seqscan"));
}

/* The title pass walks a bounded number of rows by id (TITLE_WALK), then asks for the rest in an
 * order no index gives, so that the planner takes them from the titles' own index when few titles
 * match instead of walking every older row (82 ms at 100,000 articles): in the plan, the walk's
 * range has both ends, and the rest is sorted by that expression. */
static void test_pg_title_pass_bounded(PGconn *db)
{
	struct buf plan = BUF_INIT;
	search_plan(db, "kinh tế", 0, &plan);
	const char *p = buf_cstr(&plan);
	if (!strstr(p, "(id >= (") || !strstr(p, "- 5000)))") || !strstr(p, ".id + 0)) DESC"))
		fail_msg("expected the title pass's walk bounded (id >= (... - 5000)) and the rest "
			 "sorted by id + 0, got the plan:\n%s",
			 p + (strlen(p) > 3000 ? strlen(p) - 3000 : 0));
	buf_free(&plan);
}

/* A phrase's candidates can come from the index of the keys of its pairs of adjacent words
 * (migration 38): found by the index, not by reading the positions of every row holding its
 * words. Walks by id are switched off, as a phrase whose words are common and whose matches are
 * few gets planned. */
static void test_pg_phrase_by_pairs(PGconn *db)
{
	PQclear(pg_exec(db, "SET enable_indexscan = off"));
	PQclear(pg_exec(db, "SET enable_seqscan = off"));
	struct buf plan = BUF_INIT;
	search_plan(db, "\"nông thôn mới\"", 0, &plan);
	if (!strstr(buf_cstr(&plan), "Bitmap Index Scan on search_docs_pairs"))
		fail_msg("expected a phrase's rows found by search_docs_pairs, got the plan:\n%s",
			 buf_cstr(&plan));
	buf_free(&plan);
	PQclear(pg_exec(db, "RESET enable_indexscan"));
	PQclear(pg_exec(db, "RESET enable_seqscan"));
}

/* The plan of a pg_sql statement with one bigint parameter, sequential scans switched off: a
 * usable index is then taken whatever the table's size. */
static void pg_plan_of(PGconn *db, enum pg_stmt id, struct buf *out)
{
	PQclear(pg_exec(db, "SET enable_seqscan = off"));
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "EXPLAIN (COSTS OFF) %s", pg_sql[id].sql);
	const char *params[1] = {"1000"};
	PGresult *r = PQexecParams(db, buf_cstr(&sql), 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", buf_cstr(&sql), PQresultErrorMessage(r));
	for (int i = 0; i < PQntuples(r); i++)
		buf_printf(out, "%s\n", PQgetvalue(r, i, 0));
	PQclear(r);
	buf_free(&sql);
	PQclear(pg_exec(db, "RESET enable_seqscan"));
}

/* As SQLite's: the next change and the archive's purge by their indexes (migration 35). */
static void test_pg_scheduled_and_purge_by_index(PGconn *db)
{
	struct buf plan = BUF_INIT;
	pg_plan_of(db, PG_NEXT_CHANGE, &plan);
	if (!strstr(buf_cstr(&plan), "articles_expires") || strstr(buf_cstr(&plan), "Seq Scan"))
		fail_msg("expected the next change by articles_expires, got the plan:\n%s",
			 buf_cstr(&plan));
	buf_reset(&plan);
	pg_plan_of(db, PG_ARCH_PURGE, &plan);
	if (!strstr(buf_cstr(&plan), "archive_ended") || strstr(buf_cstr(&plan), "Seq Scan"))
		fail_msg("expected the archive's purge by archive_ended, got the plan:\n%s",
			 buf_cstr(&plan));
	buf_free(&plan);
}

/* As SQLite's: the most-viewed list can walk article_views_views (migration 37) in order and
 * stop after its rows. In this near-empty database sorting everything costs nothing, so the
 * planner is told to avoid full sorts, as it does by itself on a site's worth of articles. */
static void test_pg_most_viewed_by_views_index(PGconn *db)
{
	PQclear(pg_exec(db, "SET enable_seqscan = off"));
	PQclear(pg_exec(db, "SET enable_sort = off"));
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "EXPLAIN (COSTS OFF) %s", pg_sql[PG_LIST_ALL_VIEWED].sql);
	const char *params[7] = {"2000", "0", "0", "0", "10", "0", "0"};
	const Oid int8[7] = {20, 20, 20, 20, 20, 20, 20}; /* bigint, as the statement is prepared */
	PGresult *r = PQexecParams(db, buf_cstr(&sql), 7, int8, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", buf_cstr(&sql), PQresultErrorMessage(r));
	struct buf plan = BUF_INIT;
	for (int i = 0; i < PQntuples(r); i++)
		buf_printf(&plan, "%s\n", PQgetvalue(r, i, 0));
	PQclear(r);
	const char *p = buf_cstr(&plan);
	if (!strstr(p, "Index Scan using article_views_views") || strstr(p, "->  Sort"))
		fail_msg("expected the most-viewed list to walk article_views_views in order, "
			 "without sorting every article, got the plan:\n%s",
			 p);
	buf_free(&plan);
	buf_free(&sql);
	PQclear(pg_exec(db, "RESET enable_seqscan"));
	PQclear(pg_exec(db, "RESET enable_sort"));
}

static int64_t analyses(PGconn *db, const char *table)
{
	char q[160];
	snprintf(q, sizeof q, "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = '%s'",
		 table);
	PGresult *r = pg_exec(db, q);
	int64_t n = PQntuples(r) == 1 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : -1;
	PQclear(r);
	return n;
}

/* After an import's many rows the end of the import (store_search_merge) analyzes the tables, so
 * that the most-viewed list's join is not planned with an empty table's statistics; with few new
 * rows it leaves them to autovacuum. */
static void test_pg_analyzed_after_many_rows(struct store *st, PGconn *db)
{
	bool done = false;
	int64_t before = analyses(db, "article_views");
	assert_int_equal(store_search_merge(st, false, 1, &done), STORE_OK);
	assert_true(done);
	if (analyses(db, "article_views") != before)
		fail_msg("expected no analysis of article_views after a few rows, got %lld -> %lld",
			 (long long)before, (long long)analyses(db, "article_views"));
	PQclear(pg_exec(
	    db, "INSERT INTO articles(id, category_id, status, title, slug, body_html, "
		"created_at, updated_at) SELECT 100 + i, 1, 'draft', 'Bài ' || i, 'bai-' || i, "
		"'<p>x</p>', 1000, 1000 FROM generate_series(1, 3000) i"));
	PQclear(pg_exec(db, "SELECT pg_stat_force_next_flush()"));
	PQclear(pg_exec(db, "SELECT pg_stat_clear_snapshot()"));
	assert_int_equal(store_search_merge(st, false, 1, &done), STORE_OK);
	if (analyses(db, "article_views") != before + 1 || analyses(db, "articles") < 1)
		fail_msg("expected article_views and articles analyzed after 3,000 new rows, "
			 "article_views analyzed %lld times (before: %lld)",
			 (long long)analyses(db, "article_views"), (long long)before);
}

/* Writing a view count leaves the article's search row alone; a change of its title re-makes it
 * (so that the first check can fail). */
static void test_pg_view_count_leaves_search_row(void **state)
{
	(void)state;
	const char *base = env("GAZETTE_TEST_PG_URL"), *createdb = env("GAZETTE_TEST_PG_CREATEDB");
	if (!base || !createdb)
		skip();
	char name[64], cmd[1024], url[512];
	snprintf(name, sizeof name, "gz_plans_%ld", (long)getpid());
	snprintf(cmd, sizeof cmd, "%s %s >/dev/null", createdb, name);
	assert_int_equal(system(cmd), 0);
	const char *slash = strrchr(base, '/');
	snprintf(url, sizeof url, "%.*s/%s", (int)(slash - base), base, name);
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	if (store_open(url, true, &st, &err) != STORE_OK)
		fail_msg("store_open: %s", buf_cstr(&err));
	buf_free(&err);
	PGconn *db = PQconnectdb(url);
	assert_int_equal(PQstatus(db), CONNECTION_OK);
	PQclear(pg_exec(db, "INSERT INTO categories(id, name, slug) VALUES (1, 'Tin', 'tin')"));
	PQclear(pg_exec(db,
			"INSERT INTO articles(id, category_id, status, title, slug, lead, "
			"body_html, body_text, published_at, created_at, updated_at) VALUES (1, "
			"1, 'published', 'Nông thôn mới', 'nong-thon-moi', 'Tin', '<p>Xây "
			"dựng</p>', 'Xây dựng', 1000, 1000, 1000)"));
	char *before = search_row_version(db);
	struct view_delta d = {.article_id = 1, .n = 3};
	assert_int_equal(store_views_add(st, &d, 1), STORE_OK);
	char *after = search_row_version(db);
	if (strcmp(before, after) != 0)
		fail_msg(
		    "expected a view count to leave the search row alone, it was re-made (xmin "
		    "%s -> %s)",
		    before, after);
	PQclear(pg_exec(db, "UPDATE articles SET title = 'Nông thôn mới nâng cao' WHERE id = 1"));
	char *renamed = search_row_version(db);
	if (strcmp(after, renamed) == 0)
		fail_msg("expected a new title to re-make the search row, xmin stayed %s", after);
	free(before);
	free(after);
	free(renamed);
	/* The daily rows' one index is their key, day first (migration 36): no index holds the
	 * count, so a view added to a day's row is written in place. */
	PGresult *ix = pg_exec(db, "SELECT indexdef FROM pg_indexes WHERE tablename = "
				   "'views_daily'");
	if (PQntuples(ix) != 1 || !strstr(PQgetvalue(ix, 0, 0), "(day, article_id)"))
		fail_msg(
		    "expected views_daily's only index to be its key (day, article_id), got %d "
		    "indexes, the first: %s",
		    PQntuples(ix), PQntuples(ix) ? PQgetvalue(ix, 0, 0) : "none");
	PQclear(ix);
	test_pg_search_checks_in_order(db);
	test_pg_phrase_by_pairs(db);
	test_pg_title_pass_bounded(db);
	test_pg_scheduled_and_purge_by_index(db);
	test_pg_most_viewed_by_views_index(db);
	test_pg_analyzed_after_many_rows(st, db);
	PQfinish(db);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_most_viewed_by_views_index, sq_setup, sq_teardown),
	    cmocka_unit_test_setup_teardown(test_pending_flush_from_pending, sq_setup, sq_teardown),
	    cmocka_unit_test_setup_teardown(test_bulk_automerge, sq_setup, sq_teardown),
	    cmocka_unit_test_setup_teardown(test_no_memory_statistics, sq_setup, sq_teardown),
	    cmocka_unit_test(test_merge_pays),
	    cmocka_unit_test_setup_teardown(test_next_change_by_expiry_index, sq_setup,
					    sq_teardown),
	    cmocka_unit_test_setup_teardown(test_archive_purge_by_index, sq_setup, sq_teardown),
	    cmocka_unit_test_setup_teardown(test_stats_by_day_key, sq_setup, sq_teardown),
	    cmocka_unit_test_setup_teardown(test_article_read_is_one_transaction, sq_setup,
					    sq_teardown),
	    cmocka_unit_test_setup_teardown(test_search_is_one_transaction, sq_setup, sq_teardown),
	    cmocka_unit_test_setup_teardown(test_articles_share_a_read, sq_setup, sq_teardown),
	    cmocka_unit_test_setup_teardown(test_article_read_after_write, sq_setup, sq_teardown),
	    cmocka_unit_test_setup_teardown(test_article_read_after_other_writer, sq_setup,
					    sq_teardown),
	    cmocka_unit_test_setup_teardown(test_doc_search_is_one_transaction, sq_setup,
					    sq_teardown),
	    cmocka_unit_test(test_pg_view_count_leaves_search_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
