/* The SQLite backend's plumbing: connections, the pool, statements, transactions, migrations. */
#include "store/sqlite/sqlite-int.h"
#include "store/documents-int.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/log.h"
#include "store/schema.h"

struct sq_store *sq(struct store *st)
{
	return (struct sq_store *)st;
}

int64_t sq_now(void)
{
	return (int64_t)time(NULL);
}

enum store_rc sq_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return STORE_OK;
	case SQLITE_CONSTRAINT:
		return STORE_CONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_UNAVAILABLE;
	default:
		return STORE_ERROR;
	}
}

int sq_exec(struct sq_conn *c, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("sqlite: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
	}
	return rc;
}

#define SQ_CACHE_KB "512"
/* The page cache of a transaction that inserts many articles (an import). */
#define SQ_BULK_CACHE_KB "8192"

/* Turns WAL on. On a new database another process or thread may be turning it on at the same
 * moment (nodes starting at once): SQLite then answers SQLITE_BUSY at once, without its busy
 * handler, so this waits and tries again for up to the busy timeout's 10 s. */
static int wal_mode(sqlite3 *db, char **msg)
{
	int rc = SQLITE_BUSY;
	for (int i = 0; i < 1000 && (rc & 0xff) == SQLITE_BUSY; i++) {
		if (i > 0)
			sqlite3_sleep(10);
		sqlite3_free(*msg);
		*msg = NULL;
		rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, msg);
	}
	return rc;
}

/* Once, before SQLite's first connection: no memory statistics. With them (SQLite's default)
 * every allocation and free of every connection takes one process-wide mutex and asks malloc
 * for the block's size, which a page not in the cache did a few dozen times; nothing here reads
 * them (sqlite3_memory_used, a soft heap limit). Too late after another caller has started the
 * library (SQLITE_MISUSE): the statistics then stay, and nothing else changes. */
static void library_setup(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct sq_conn *sq_conn_open(const char *path, int flags, struct buf *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, library_setup);
	struct sq_conn *c = xcalloc(1, sizeof(*c));
	int rc = sqlite3_open_v2(path, &c->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (err)
			buf_printf(err, "cannot open SQLite database '%s': %s", path,
				   c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	sqlite3_busy_timeout(c->db, 10000);
	sqlite3_extended_result_codes(c->db, 1);
	/* A page cache of SQ_CACHE_KB per connection (SQLite's default is 2 MB, and the pool
	 * holds one connection per thread that used the store at once): the database's pages
	 * stay in the system's file cache anyway, and an article page reads a few dozen. */
	const char *setup = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
			    "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -" SQ_CACHE_KB ";";
	char *msg = NULL;
	if (wal_mode(c->db, &msg) != SQLITE_OK ||
	    sqlite3_exec(c->db, setup, NULL, NULL, &msg) != SQLITE_OK) {
		if (err)
			buf_printf(err, "cannot use SQLite database '%s': %s", path,
				   msg ? msg : "unknown error");
		sqlite3_free(msg);
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	/* search: functions the triggers call, the capture of the index's exact forms */
	if (sq_search_register_capture(c->db, &c->capture) != SQLITE_OK) {
		if (err)
			buf_printf(err, "cannot set up search on SQLite database '%s'", path);
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	return c;
}

void sq_conn_close(struct sq_conn *c)
{
	for (int i = 0; i < SQ_STMT_MAX; i++)
		sqlite3_finalize(c->stmts[i]);
	for (int i = 0; i < SQ_TEXT_CACHE; i++)
		sqlite3_finalize(c->texts[i].stmt);
	sqlite3_close(c->db);
	free(c);
}

struct sq_conn *sq_conn_get(struct sq_store *s)
{
	pthread_mutex_lock(&s->mu);
	struct sq_conn *c = s->idle;
	if (c) {
		s->idle = c->next;
		s->in_use++;
	}
	pthread_mutex_unlock(&s->mu);
	if (!c) {
		c = sq_conn_open(s->path, SQLITE_OPEN_READWRITE, NULL);
		if (c) {
			c->owner = s;
			pthread_mutex_lock(&s->mu);
			s->in_use++;
			s->open++;
			pthread_mutex_unlock(&s->mu);
		}
	}
	if (c)
		c->next = NULL;
	else
		log_error("sqlite: cannot open another connection to %s", s->path);
	return c;
}

/* Puts c back on one of s's idle lists (the pool's or the searches'), under s->mu. */
static void idle_push(struct sq_store *s, struct sq_conn **list, struct sq_conn *c, int in_use)
{
	pthread_mutex_lock(&s->mu);
	c->next = *list;
	*list = c;
	s->in_use += in_use;
	pthread_mutex_unlock(&s->mu);
}

void sq_conn_put(struct sq_store *s, struct sq_conn *c)
{
	if (!c)
		return;
	/* A connection given back after a write (each operation gives its connection back before
	 * its answer goes out, its transaction ended): the page connections' snapshots older than
	 * this are ended before their next article (sq_page_take), so a write is read back at
	 * once. */
	int64_t changes = sqlite3_total_changes64(c->db);
	if (changes != c->changes) {
		c->changes = changes;
		atomic_fetch_add(&s->writes, 1);
	}
	idle_push(s, &s->idle, c, -1);
}

sqlite3_stmt *sq_stmt(struct sq_conn *c, enum sq_stmt which)
{
	sqlite3_stmt *s = c->stmts[which];
	if (!s) {
		int rc = sqlite3_prepare_v3(c->db, sq_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &s,
					    NULL);
		if (rc != SQLITE_OK) {
			log_error("sqlite: preparing statement %d: %s", which,
				  sqlite3_errmsg(c->db));
			return NULL;
		}
		c->stmts[which] = s;
	} else {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
	return s;
}

/* Binds only parameters the statement has, so that one parameter layout serves several queries. */
void sq_bind_i64(sqlite3_stmt *s, int idx, int64_t v)
{
	if (idx <= sqlite3_bind_parameter_count(s))
		sqlite3_bind_int64(s, idx, v);
}

void sq_bind_text(sqlite3_stmt *s, int idx, const char *v)
{
	if (idx <= sqlite3_bind_parameter_count(s))
		sqlite3_bind_text(s, idx, v ? v : "", -1, SQLITE_STATIC);
}

const char *sq_col_text(struct arena *a, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	int n = sqlite3_column_bytes(s, col);
	return t ? arena_strndup(a, (const char *)t, (size_t)n) : "";
}

static int64_t row_i64(const struct store_row *r, int col)
{
	return sqlite3_column_int64((sqlite3_stmt *)r->res, col);
}

static bool row_flag(const struct store_row *r, int col)
{
	return sqlite3_column_int((sqlite3_stmt *)r->res, col) != 0;
}

static const char *row_text(const struct store_row *r, struct arena *a, int col)
{
	return sq_col_text(a, (sqlite3_stmt *)r->res, col);
}

struct store_row sq_row(sqlite3_stmt *q)
{
	return (struct store_row){.i64 = row_i64, .flag = row_flag, .text = row_text, .res = q};
}

static void bind_i64(struct store_bind *b, int64_t v)
{
	struct sq_bind *s = (struct sq_bind *)b;
	sq_bind_i64(s->q, ++s->n, v);
}

static void bind_flag(struct store_bind *b, bool v)
{
	bind_i64(b, v ? 1 : 0);
}

static void bind_text(struct store_bind *b, const char *v)
{
	struct sq_bind *s = (struct sq_bind *)b;
	sq_bind_text(s->q, ++s->n, v);
}

struct sq_bind sq_binder(sqlite3_stmt *q)
{
	return (struct sq_bind){{.i64 = bind_i64, .flag = bind_flag, .text = bind_text}, q, 0};
}

enum store_rc sq_step_done(struct sq_conn *c, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && (rc & 0xff) != SQLITE_CONSTRAINT)
		log_error("sqlite: %s", sqlite3_errmsg(c->db));
	sqlite3_reset(s);
	return sq_rc(rc);
}

/* The outermost BEGIN takes the write lock at once. */
static enum store_rc sq_tx_open(struct store_conn *sc)
{
	return sq_rc(sq_exec(sq_c(sc), "BEGIN IMMEDIATE"));
}

/* Indexes the articles inserted by the transaction (search_pending, schema.c migration 9). */
int sq_flush_pending(struct sq_conn *c)
{
	sqlite3_stmt *f = sq_stmt(c, SR_PENDING_FLUSH), *x = sq_stmt(c, SR_EXACT_PUT),
		     *d = sq_stmt(c, SR_PENDING_CLEAR);
	if (!f || !x || !d || !c->capture)
		return SQLITE_ERROR;
	/* the sets of exact forms (migration 35) from the statement's own tokenizing */
	sq_capture_begin(c->capture);
	int rc = sqlite3_step(f);
	sqlite3_reset(f);
	size_t n = 0;
	const struct sq_captured *rows = sq_capture_rows(c->capture, &n);
	if (!rows && rc == SQLITE_DONE) { /* not in step with the rows: made again from the texts */
		sqlite3_stmt *g = sq_stmt(c, SR_PENDING_EXACT);
		rc = g ? sqlite3_step(g) : SQLITE_ERROR;
		if (g)
			sqlite3_reset(g);
		n = 0;
	}
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_int64(x, 1, -rows[i].key);
		sqlite3_bind_blob(x, 2, rows[i].words.data ? rows[i].words.data : "",
				  (int)rows[i].words.len, SQLITE_STATIC);
		rc = sqlite3_step(x);
		sqlite3_reset(x);
	}
	sqlite3_clear_bindings(x);
	sq_capture_end(c->capture);
	if (rc == SQLITE_DONE) {
		rc = sqlite3_step(d);
		sqlite3_reset(d);
	}
	c->pending = 0;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * A transaction that inserts many articles (an import: JSON Lines, WordPress, NukeViet) indexes
 * them SQ_PENDING_BATCH at a time instead of all at commit: the import's reading thread parses
 * the next lines while the index is written (10,000 articles: 15.5-16.2 s → 8.6-9.2 s with
 * the larger FTS5 hash of migration 31, docs/BENCHMARKS.md), and the commit no longer holds
 * every article's text at once. FTS5 writes its pending terms out at the start of every later
 * statement, so each batch becomes one segment (merged by FTS5's automerge and
 * store_search_merge). The page cache is larger for the rest of such a transaction: the pages of
 * the index and tables being written no longer spill to the WAL before the commit.
 */
#define SQ_PENDING_BATCH 200

/*
 * FTS5's automerge during such a transaction: it merges the index's segments 16 at a time (the
 * most it takes) instead of 4 (its default, set back before the commit, in the same transaction).
 * A batch's segment is rewritten about half as often on its way up the levels, and the import's
 * final merge (store_search_merge) still finds only a few segments a level: 100,000 articles,
 * the importer's CPU 141.6-146.5 s -> 110.1-129.7 s, the final merge unchanged (16 s). With no
 * automerge at all, that merge of 500 segments at once took 58 s (docs/BENCHMARKS.md).
 */
#define SQ_BULK_AUTOMERGE "INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 16)"
#define SQ_AUTOMERGE "INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 4)"

int sq_article_added(struct sq_conn *c)
{
	if (++c->pending < SQ_PENDING_BATCH)
		return SQLITE_OK;
	if (!c->bulk) {
		c->bulk = true;
		sq_exec(c, "PRAGMA cache_size = -" SQ_BULK_CACHE_KB);
		sq_exec(c, SQ_BULK_AUTOMERGE);
	}
	return sq_flush_pending(c);
}

/*
 * Searches run on connections of their own, each with a page cache of SQ_SEARCH_CACHE_KB: a
 * common word's doclist is read whole by every search of it (a few hundred KB at 100,000
 * articles), and from a cache of SQ_CACHE_KB each search read it again from the file cache. 4 MB:
 * one word 782-815 -> 912-928 searches a second, an exclusion 587-593 -> 664-671, a phrase
 * 1,384-1,403 -> 1,762-1,782 (bench/search/http.sh at 100,000 articles). 8 MB since: the four
 * exclusions of that benchmark read about 4.2 MB of the index, and a cache a little smaller than
 * what a round of searches reads misses at every page (least recently used goes first): 222
 * reads from the file a search with 4 MB, 3.6 with 8 MB, 520 -> 853 searches a second; the
 * resident size grows only with what the searches read (docs/BENCHMARKS.md, 2026-12-06).
 * Apart, so that the long tail's article pages do not push the index's pages out, and so that
 * only as many caches grow as there are searches at once (each counts in the resident size: a
 * larger cache on every pooled connection cost 8.5 MB after a long-tail load, docs/BENCHMARKS.md).
 */
#define SQ_SEARCH_CACHE_KB "8192"

/* An idle connection of one of s's own lists (searches', pages'), or a new one of s (*made);
 * NULL when none can be opened. */
static struct sq_conn *pool_pop(struct sq_store *s, struct sq_conn **list, bool *made)
{
	pthread_mutex_lock(&s->mu);
	struct sq_conn *c = *list;
	if (c)
		*list = c->next;
	pthread_mutex_unlock(&s->mu);
	if (!c && (c = sq_conn_open(s->path, SQLITE_OPEN_READWRITE, NULL)) != NULL) {
		c->owner = s;
		*made = true;
	}
	if (c)
		c->next = NULL;
	return c;
}

struct sq_conn *sq_search_take(struct sq_conn *c)
{
	struct sq_store *s = c->owner;
	if (!s || c->base.depth > 0)
		return c;
	bool made = false;
	struct sq_conn *sc = pool_pop(s, &s->search_idle, &made);
	if (!sc)
		return c;
	if (made)
		sq_exec(sc, "PRAGMA cache_size = -" SQ_SEARCH_CACHE_KB);
	/* A search's statements (its candidates, the title pass, the rank of each row it adds,
	 * each hit's fields) in one read transaction: one snapshot for all of them, and one pair
	 * of WAL index lock calls (fcntl) instead of one a statement (17 pairs for an exclusion
	 * at 100,000 articles, docs/BENCHMARKS.md). Deferred: it begins at the first read. */
	if (sqlite3_exec(sc->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		log_warn("sqlite: a search without a transaction of its own: %s",
			 sqlite3_errmsg(sc->db));
	return sc;
}

void sq_search_give(struct sq_conn *c, struct sq_conn *used)
{
	if (used == c)
		return;
	/* Ends the search's read transaction (ROLLBACK if COMMIT cannot: nothing was written). */
	if (!sqlite3_get_autocommit(used->db) &&
	    sqlite3_exec(used->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK &&
	    sqlite3_exec(used->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK) {
		/* Not back to the idle list with a transaction open: a later search would read
		 * an old snapshot. */
		log_error("sqlite: cannot end a search's transaction: %s",
			  sqlite3_errmsg(used->db));
		sq_conn_close(used);
		return;
	}
	idle_push(used->owner, &used->owner->search_idle, used, 0);
}

/*
 * Page connections. An article page not in the cache is one read of its article (sq_article_get),
 * and a read transaction of its own cost as much again in SQLite's locking: the WAL index's read
 * lock taken and dropped (two fcntl calls), the pager's checks at its start and end. A page
 * connection keeps its read transaction from one article to the next instead, for up to
 * SQ_HOLD_MS, and ends it before the next article once this process has written anything
 * (sq_conn_put counts the writes): a write is read back at once, another process's within
 * SQ_HOLD_MS. Only articles are read on them, so no write ever runs in a kept transaction.
 * An idle page connection's transaction is ended by a thread of the store (ender) once older
 * than SQ_HOLD_MS: a snapshot kept would stop checkpoints from moving past it while the site
 * is quiet. Measured in docs/BENCHMARKS.md (2026-12-07, fifth session).
 */

/* Ends c's kept read transaction (nothing was written in it). */
static void hold_end(struct sq_conn *c)
{
	if (!sqlite3_get_autocommit(c->db) &&
	    sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK &&
	    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
		log_error("sqlite: cannot end a page connection's read: %s", sqlite3_errmsg(c->db));
	c->held_at = 0;
}

static bool hold_stale(const struct sq_conn *c, int64_t now, uint64_t writes)
{
	return c->held_at && (now - c->held_at >= SQ_HOLD_MS || c->held_writes != writes);
}

/* The store's thread that ends idle page connections' transactions once stale; it sleeps
 * without a deadline while none keeps one. */
static void *ender(void *arg)
{
	struct sq_store *s = arg;
	pthread_mutex_lock(&s->mu);
	while (!s->ender_stop) {
		bool holding = false;
		int64_t now = store_now_ms();
		uint64_t writes = atomic_load(&s->writes);
		for (struct sq_conn *c = s->page_idle; c; c = c->next) {
			if (hold_stale(c, now, writes))
				hold_end(c); /* a lock call: short enough under mu */
			holding |= c->held_at != 0;
		}
		if (holding) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_nsec += SQ_HOLD_MS * 1000000L;
			ts.tv_sec += ts.tv_nsec / 1000000000L;
			ts.tv_nsec %= 1000000000L;
			pthread_cond_timedwait(&s->ender_cv, &s->mu, &ts);
		} else {
			s->ender_waiting = true;
			pthread_cond_wait(&s->ender_cv, &s->mu);
			s->ender_waiting = false;
		}
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* Starts the ender, once, under mu; false when it cannot run (then nothing is kept). */
static bool ender_running(struct sq_store *s)
{
	if (s->ender_on)
		return true;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->ender_cv, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&s->ender, NULL, ender, s) != 0) {
		pthread_cond_destroy(&s->ender_cv);
		log_warn(
		    "sqlite: no thread to end page connections' reads: each article reads alone");
		return false;
	}
	s->ender_on = true;
	return true;
}

struct sq_conn *sq_page_take(struct sq_conn *c)
{
	struct sq_store *s = c->owner;
	if (!s || c->base.depth > 0)
		return c;
	bool made = false;
	struct sq_conn *pc = pool_pop(s, &s->page_idle, &made);
	if (!pc)
		return c;
	/* writes read before the transaction begins: one given back meanwhile makes it stale */
	uint64_t writes = atomic_load(&s->writes);
	int64_t now = store_now_ms();
	if (hold_stale(pc, now, writes))
		hold_end(pc);
	if (!pc->held_at) {
		/* deferred: its snapshot is taken by the article's first statement */
		if (sqlite3_exec(pc->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
			pc->held_at = now > 0 ? now : 1;
			pc->held_writes = writes;
		} else {
			log_warn("sqlite: an article read without a transaction of its own: %s",
				 sqlite3_errmsg(pc->db));
		}
	}
	return pc;
}

void sq_page_give(struct sq_conn *c, struct sq_conn *used)
{
	if (used == c)
		return;
	struct sq_store *s = used->owner;
	if (sqlite3_get_autocommit(used->db))
		used->held_at = 0; /* an error ended the transaction: the next article begins one */
	pthread_mutex_lock(&s->mu);
	if (used->held_at && !ender_running(s))
		hold_end(used);
	used->next = s->page_idle;
	s->page_idle = used;
	if (used->held_at && s->ender_waiting)
		pthread_cond_signal(&s->ender_cv);
	pthread_mutex_unlock(&s->mu);
}

int sq_tx_finish(struct sq_conn *c)
{
	int rc = sq_flush_pending(c);
	return rc == SQLITE_OK && c->bulk ? sq_exec(c, SQ_AUTOMERGE) : rc;
}

/* What a transaction's end undoes of sq_article_added. */
static void tx_ended(struct sq_conn *c)
{
	c->pending = 0;
	if (c->bulk) {
		c->bulk = false;
		sq_exec(c, "PRAGMA cache_size = -" SQ_CACHE_KB);
	}
}

static enum store_rc sq_tx_commit(struct store_conn *sc)
{
	struct sq_conn *c = sq_c(sc);
	int rc = sq_tx_finish(c);
	if (rc == SQLITE_OK)
		rc = sq_exec(c, "COMMIT");
	if (rc != SQLITE_OK)
		sq_exec(c, "ROLLBACK");
	tx_ended(c);
	return sq_rc(rc);
}

static enum store_rc sq_tx_abort(struct store_conn *sc)
{
	sq_exec(sq_c(sc), "ROLLBACK");
	tx_ended(sq_c(sc));
	return STORE_ERROR;
}

static struct store_conn *sq_take(struct store *st)
{
	struct sq_conn *c = sq_conn_get(sq(st));
	return c ? &c->base : NULL;
}

static void sq_give(struct store *st, struct store_conn *c)
{
	sq_conn_put(sq(st), sq_c(c));
}

/* SQLite's pool has no bound: a connection is made whenever none is idle, so nobody waits. */
static void sq_pool_stats(struct store *st, struct store_pool_stats *out)
{
	struct sq_store *s = sq(st);
	pthread_mutex_lock(&s->mu);
	out->in_use = s->in_use;
	out->open = s->open;
	pthread_mutex_unlock(&s->mu);
}

/* --- operations ------------------------------------------------------------------------------- */

void sq_close(struct store *base)
{
	struct sq_store *s = sq(base);
	if (s->ender_on) {
		pthread_mutex_lock(&s->mu);
		s->ender_stop = true;
		pthread_cond_signal(&s->ender_cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->ender, NULL);
		pthread_cond_destroy(&s->ender_cv);
	}
	struct sq_conn *lists[3] = {s->idle, s->search_idle, s->page_idle};
	for (int i = 0; i < 3; i++)
		for (struct sq_conn *c = lists[i]; c;) {
			struct sq_conn *next = c->next;
			sq_conn_close(c);
			c = next;
		}
	pthread_mutex_destroy(&s->mu);
	free(s->path);
	free(s);
}

int sq_schema_version(struct store *base)
{
	return sq(base)->version;
}

/* store_wait_change: SQLite has no notifications; the caller polls the content version after
 * each wait, so a sleep is enough. */
static enum store_rc sq_wait_change(struct store *base, int timeout_ms)
{
	(void)base;
	if (timeout_ms > 0) {
		struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
	}
	return STORE_OK;
}

static const struct store_ops sqlite_ops = {
    .name = "sqlite",
    .docs = &sq_doc_ops,
    .close = sq_close,
    .schema_version = sq_schema_version,
    .conn_get = sq_take,
    .conn_put = sq_give,
    .pool_stats = sq_pool_stats,
    .tx_open = sq_tx_open,
    .tx_commit = sq_tx_commit,
    .tx_abort = sq_tx_abort,
    .setting_get = sq_setting_get,
    .setting_set = sq_setting_set,
    .categories = sq_categories,
    .slug_taken = sq_slug_taken,
    .named_find = sq_named_find,
    .named_insert = sq_named_insert,
    .article_exists = sq_article_exists,
    .revision_snapshot = sq_revision_snapshot,
    .article_write = sq_article_write,
    .article_tags_clear = sq_article_tags_clear,
    .article_tag_add = sq_article_tag_add,
    .list_rows = sq_list_rows,
    .list_count = sq_list_count,
    .each_page = sq_each_page,
    .view_add = sq_view_add,
    .article_get = sq_article_get,
    .article_max_id = sq_article_max_id,
    .article_free_id = sq_article_free_id,
    .user_get = sq_user_get,
    .user_add = sq_user_add,
    .content_version = sq_content_version,
    .wait_change = sq_wait_change, /* multi-node: store_wait_change */
    .article_set_status = sq_article_set_status,
    .article_set_featured = sq_article_set_featured,
    .articles_admin = sq_articles_admin,
    .revisions = sq_revisions,
    .revision_get = sq_revision_get,
    .next_change = sq_next_change,
    .category_update = sq_category_update,
    .category_delete = sq_category_delete,
    .tags = sq_tags,
    .tag_by_slug = sq_tag_by_slug,
    .tag_rename = sq_tag_rename,
    .tag_delete = sq_tag_delete,
    .category_counts = sq_category_counts,
    .autosave_put = sq_autosave_put,
    .autosave_get = sq_autosave_get,
    .autosave_delete = sq_autosave_delete,
    .pages = sq_pages,
    .page_by_slug = sq_page_by_slug,
    .page_below = sq_page_below,
    .page_write = sq_page_write,
    .page_children = sq_page_children,
    .page_delete = sq_page_delete,
    .page_by_id = sq_page_by_id,
    .page_set_status = sq_page_set_status,
    .page_snapshot = sq_page_snapshot,
    .page_revisions = sq_page_revisions,
    .page_revision_get = sq_page_revision_get,
    .units = sq_units,
    .people = sq_people,
    .unit_below = sq_unit_below,
    .unit_write = sq_unit_write,
    .unit_used = sq_unit_used,
    .unit_delete = sq_unit_delete,
    .person_write = sq_person_write,
    .person_delete = sq_person_delete,
    .translation_get = sq_translation_get,
    .translation_put = sq_translation_put,
    .translation_delete = sq_translation_delete,
    .translations = sq_translations,
    .user_by_id = sq_user_by_id,
    .users = sq_users,
    .user_update = sq_user_update,
    .user_password = sq_user_password,
    .user_categories = sq_user_categories,
    .user_category_ids = sq_user_category_ids,
    .user_right = sq_user_right,
    .user_right_set = sq_user_right_set,
    .session_add = sq_session_add,
    .session_get = sq_session_get,
    .session_delete = sq_session_delete,
    .sessions_delete_user = sq_sessions_delete_user,
    .token_add = sq_token_add,
    .tokens = sq_tokens,
    .token_revoke = sq_token_revoke,
    .tokens_delete_user = sq_tokens_delete_user,
    .token_user = sq_token_user,
    .throttle_hit = sq_throttle_hit,
    .throttle_count = sq_throttle_count,
    .throttle_clear = sq_throttle_clear,
    .audit_chain_get = sq_audit_chain_get,
    .audit_chain_set = sq_audit_chain_set,
    .audit_insert = sq_audit_insert,
    .audit_page = sq_audit_page,
    .audit_rehash = sq_audit_rehash,
    .audit_purge_bound = sq_audit_purge_bound,
    .audit_delete_upto = sq_audit_delete_upto,
    .audit_list = sq_audit_list,
    .archive_open = sq_archive_open,
    .archive_close = sq_archive_close,
    .archive_drop = sq_archive_drop,
    .archive_add = sq_archive_add,
    .archive_at = sq_archive_at,
    .archive_category_at = sq_archive_category_at,
    .archive_versions = sq_archive_versions,
    .archive_purge = sq_archive_purge,
    .article_delete = sq_article_delete,
    .views_daily_add = sq_views_daily_add,
    .sources = sq_sources,
    .source_get = sq_source_get,
    .source_put = sq_source_put,
    .source_delete = sq_source_delete,
    .origin_get = sq_origin_get,
    .origin_set = sq_origin_set,
    .takedown_add = sq_takedown_add,
    .takedowns = sq_takedowns,
    .takedown_done = sq_takedown_done,
    .takedown_claim = sq_takedown_claim,
    .views_cat_add = sq_views_cat_add,
    .stats_rows = sq_stats_rows,
    .stats_output = sq_stats_output,
    .search = sq_search,
    .search_reindex = sq_search_reindex,
    .search_merge = sq_search_merge,
    .mirror_apply = sq_mirror_apply,
    .mirror_state = sq_mirror_state,
    .bodies_stale = sq_bodies_stale,
    .body_set = sq_body_set,
    .media_add = sq_media_add,
    .media_list = sq_media_list,
    .media_get = sq_media_get,
    .media_by_id = sq_media_by_id,
    .media_describe = sq_media_describe,
    .media_delete = sq_media_delete,
    .media_uses = sq_media_uses,
    .import_key_get = sq_import_key_get,
    .import_key_set = sq_import_key_set,
    .redirect_get = sq_redirect_get,
    .redirect_set = sq_redirect_set,
    .media_set_size = sq_media_set_size,
    .w_run = sq_w_run,
    .sql_run = sq_sql_run,
    .tk_sql = sq_ticket_sql,
};

/* Makes the folder that will hold path (one level), as `init` promises. */
static int make_parent(const char *path, struct buf *err)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return 0;
	char *dir = xstrndup(path, (size_t)(slash - path));
	int rc = 0;
	if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
		buf_printf(err, "cannot create folder '%s': %s", dir, strerror(errno));
		rc = -1;
	}
	free(dir);
	return rc;
}

enum store_rc store_sqlite_open(const char *path, bool create, struct store **out, struct buf *err)
{
	struct stat sb;
	if (!create && stat(path, &sb) != 0) {
		buf_printf(err,
			   "database '%s' does not exist: create it with 'gazette init --db %s'",
			   path, path);
		return STORE_NOTFOUND;
	}
	if (create && make_parent(path, err) != 0)
		return STORE_ERROR;
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	struct sq_conn *c = sq_conn_open(path, flags, err);
	if (!c)
		return STORE_ERROR;
	struct sq_store *s = xcalloc(1, sizeof(*s));
	s->base.ops = &sqlite_ops;
	s->base.root = &s->base;
	s->path = xstrdup(path);
	pthread_mutex_init(&s->mu, NULL);
	enum store_rc rc = sq_migrate(s, c, err);
	if (rc != STORE_OK) {
		sq_conn_close(c);
		sq_close(&s->base);
		return rc;
	}
	c->owner = s;
	s->idle = c;
	s->open = 1;
	*out = &s->base;
	return STORE_OK;
}

enum store_rc store_sqlite_backup(struct store *base, const char *dest, struct buf *err)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = sq_conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	/* VACUUM INTO reads one snapshot and writes a compact, consistent copy. */
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(c->db, "VACUUM INTO ?1", -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, dest, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
	}
	if (rc != SQLITE_DONE)
		buf_printf(err, "cannot write backup '%s': %s", dest, sqlite3_errmsg(c->db));
	sqlite3_finalize(q);
	sq_conn_put(s, c);
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}
