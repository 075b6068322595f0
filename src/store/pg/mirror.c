/*
 * The search mirror of a PostgreSQL store (store/search.h): a SQLite store on the node's disk kept
 * in step with the articles through search_log, and the searches answered from it.
 *
 * Why snapshots and not a sequence: a log row's number is taken when it is written, but the row
 * becomes visible when its transaction commits, so a reader that kept "the highest number seen"
 * would skip a row written early by a transaction that committed late. The mirror keeps instead
 * the snapshot (pg_snapshot: xmin, xmax and the transactions running between) in which it last
 * read the log: the rows new to it are those visible now that were not visible in that snapshot
 * (pg_visible_in_snapshot), whatever order their transactions committed in, each read once; a
 * transaction left open for long holds nothing back. A row read says only "look again at this
 * article": the mirror writes the article as it is in the snapshot it reads (or takes it out), so
 * reading an article again, or its later state early, does no harm.
 */
#include "store/pg/pg-int.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"

/* The thread catches up this often (and at once when a search leaves it a backlog or a page
 * finds it behind a change): the view counts pages show from the mirror are this much later than
 * the database's (DESIGN.md section 8: a count shown may lag by the page cache's second). */
#define MIRROR_TICK_MS 250
/* A search applies up to this many logged changes itself before answering; more are the
 * thread's, and the search is PostgreSQL's meanwhile. */
#define MIRROR_INLINE 1000
#define MIRROR_INLINE_PLUS_1 "1001"
/* How long a search waits for a catch-up in progress before it is PostgreSQL's. */
#define MIRROR_WAIT_MS 200
/* The mirror's index is checked for a merge of its segments this often (store_search_merge). */
#define MIRROR_MERGE_EVERY 600
/* A rebuild that failed is tried again after this long. */
#define MIRROR_RETRY_S 10

/* PostgreSQL migration 39: the log and its state (schema.c). */
const char pg_search_log_sql[] =
    "CREATE TABLE search_log (\n"
    "  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),\n"
    "  article_id BIGINT NOT NULL,\n"
    "  at BIGINT NOT NULL DEFAULT extract(epoch FROM now())::bigint\n"
    ");\n"
    "CREATE INDEX search_log_xid ON search_log(xid);\n"
    "CREATE INDEX search_log_at ON search_log(at);\n"
    /* epoch: this database's identity (a mirror of another is made again); horizon: a mirror
     * whose snapshot's xmin is at or below it may have missed rows (pruned, or the articles
     * truncated). */
    "CREATE TABLE search_log_state (\n"
    "  one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),\n"
    "  epoch TEXT NOT NULL,\n"
    "  horizon xid8 NOT NULL\n"
    ");\n"
    "INSERT INTO search_log_state VALUES (true, gen_random_uuid()::text, pg_current_xact_id());\n"
    "CREATE FUNCTION gz_search_log_new() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO search_log(article_id) SELECT id FROM new_rows; RETURN NULL; END $$;\n"
    "CREATE FUNCTION gz_search_log_old() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO search_log(article_id) SELECT id FROM old_rows; RETURN NULL; END $$;\n"
    "CREATE FUNCTION gz_search_log_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO search_log(article_id) VALUES (NEW.id); RETURN NULL; END $$;\n"
    "CREATE FUNCTION gz_search_log_cats() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO search_log(article_id) VALUES (0); RETURN NULL; END $$;\n"
    "CREATE FUNCTION gz_search_log_reset() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE search_log_state SET horizon = pg_current_xact_id(); RETURN NULL; END $$;\n"
    "CREATE TRIGGER search_log_ins AFTER INSERT ON articles REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION gz_search_log_new();\n"
    "CREATE TRIGGER search_log_del AFTER DELETE ON articles REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION gz_search_log_old();\n"
    "CREATE TRIGGER search_log_upd AFTER UPDATE ON articles FOR EACH ROW WHEN ((OLD.status, "
    "OLD.title, OLD.slug, OLD.lead, OLD.body_text, OLD.category_id, OLD.published_at, "
    "OLD.expires_at, OLD.author, OLD.image_src, OLD.image_alt) IS DISTINCT FROM (NEW.status, "
    "NEW.title, NEW.slug, NEW.lead, NEW.body_text, NEW.category_id, NEW.published_at, "
    "NEW.expires_at, NEW.author, NEW.image_src, NEW.image_alt)) EXECUTE FUNCTION "
    "gz_search_log_row();\n"
    "CREATE TRIGGER search_log_cats AFTER INSERT OR UPDATE OR DELETE ON categories FOR EACH "
    "STATEMENT EXECUTE FUNCTION gz_search_log_cats();\n"
    "CREATE TRIGGER search_log_truncate AFTER TRUNCATE ON articles FOR EACH STATEMENT EXECUTE "
    "FUNCTION gz_search_log_reset();\n";

/*
 * PostgreSQL migration 40: the log names every article whose page changes, not only its searched
 * fields: any change of its row, of its tags (and a tag's name) or translations; and a view count
 * carries the id of the transaction that last changed it, so that a mirror reads the counts that
 * changed since its snapshot as it reads the log.
 */
const char pg_mirror_log_sql[] =
    "DROP TRIGGER search_log_upd ON articles;\n"
    "CREATE TRIGGER search_log_upd AFTER UPDATE ON articles FOR EACH ROW WHEN (OLD.* IS "
    "DISTINCT FROM NEW.*) EXECUTE FUNCTION gz_search_log_row();\n"
    "CREATE FUNCTION gz_mirror_log_new() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO search_log(article_id) SELECT DISTINCT article_id FROM new_rows; RETURN NULL; "
    "END $$;\n"
    "CREATE FUNCTION gz_mirror_log_old() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO search_log(article_id) SELECT DISTINCT article_id FROM old_rows; RETURN NULL; "
    "END $$;\n"
    "CREATE FUNCTION gz_mirror_log_tags() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO search_log(article_id) SELECT DISTINCT a.article_id FROM article_tags a JOIN "
    "new_rows n ON n.id = a.tag_id; RETURN NULL; END $$;\n"
    "CREATE TRIGGER mirror_log_tags_ins AFTER INSERT ON article_tags REFERENCING NEW TABLE AS "
    "new_rows FOR EACH STATEMENT EXECUTE FUNCTION gz_mirror_log_new();\n"
    "CREATE TRIGGER mirror_log_tags_upd AFTER UPDATE ON article_tags REFERENCING NEW TABLE AS "
    "new_rows FOR EACH STATEMENT EXECUTE FUNCTION gz_mirror_log_new();\n"
    "CREATE TRIGGER mirror_log_tags_del AFTER DELETE ON article_tags REFERENCING OLD TABLE AS "
    "old_rows FOR EACH STATEMENT EXECUTE FUNCTION gz_mirror_log_old();\n"
    "CREATE TRIGGER mirror_log_langs_ins AFTER INSERT ON article_translations REFERENCING NEW "
    "TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gz_mirror_log_new();\n"
    "CREATE TRIGGER mirror_log_langs_upd AFTER UPDATE ON article_translations REFERENCING NEW "
    "TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gz_mirror_log_new();\n"
    "CREATE TRIGGER mirror_log_langs_del AFTER DELETE ON article_translations REFERENCING OLD "
    "TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gz_mirror_log_old();\n"
    "CREATE TRIGGER mirror_log_tag_names AFTER UPDATE ON tags REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION gz_mirror_log_tags();\n"
    "CREATE TRIGGER mirror_log_truncate AFTER TRUNCATE ON article_tags FOR EACH STATEMENT "
    "EXECUTE FUNCTION gz_search_log_reset();\n"
    "CREATE TRIGGER mirror_log_truncate AFTER TRUNCATE ON article_translations FOR EACH "
    "STATEMENT EXECUTE FUNCTION gz_search_log_reset();\n"
    "CREATE TRIGGER mirror_log_truncate AFTER TRUNCATE ON tags FOR EACH STATEMENT EXECUTE "
    "FUNCTION gz_search_log_reset();\n"
    "CREATE TRIGGER mirror_log_truncate AFTER TRUNCATE ON article_views FOR EACH STATEMENT "
    "EXECUTE FUNCTION gz_search_log_reset();\n"
    /* NULL in the rows there before: a mirror made since read them whole */
    "ALTER TABLE article_views ADD COLUMN xid xid8;\n"
    "ALTER TABLE article_views ALTER COLUMN xid SET DEFAULT pg_current_xact_id();\n"
    "CREATE INDEX article_views_xid ON article_views(xid);\n"
    "CREATE FUNCTION gz_article_views_xid() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.xid := pg_current_xact_id(); RETURN NEW; END $$;\n"
    "CREATE TRIGGER article_views_xid BEFORE UPDATE ON article_views FOR EACH ROW EXECUTE "
    "FUNCTION gz_article_views_xid();\n";

/* The log's state ($1: the snapshot the mirror has read up to): the database's identity, whether
 * that snapshot is at or below the horizon (rows may have been missed), this statement's snapshot,
 * and how many rows it sees that $1 did not (at most MIRROR_INLINE + 1). */
const char pg_mirror_state_sql[] =
    "SELECT s.epoch, pg_snapshot_xmin($1::pg_snapshot) <= s.horizon, pg_current_snapshot()::text, "
    "(SELECT count(*) FROM (SELECT 1 FROM search_log l WHERE l.xid >= "
    "pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(l.xid, $1::pg_snapshot) "
    "LIMIT " MIRROR_INLINE_PLUS_1 ") c) FROM search_log_state s";
/* The articles (0: the categories) named by the rows the snapshot $1 did not see. */
const char pg_mirror_ids_sql[] =
    "SELECT DISTINCT article_id FROM search_log WHERE xid >= pg_snapshot_xmin($1::pg_snapshot) "
    "AND NOT pg_visible_in_snapshot(xid, $1::pg_snapshot) ORDER BY 1";
/* The view counts the snapshot $1 did not see (article_views.xid, migration 40). */
const char pg_mirror_views_sql[] =
    "SELECT article_id, views FROM article_views WHERE xid >= pg_snapshot_xmin($1::pg_snapshot) "
    "AND NOT pg_visible_in_snapshot(xid, $1::pg_snapshot)";

/* The snapshot of a mirror that has read nothing (every row is new to it). */
#define SNAP_NONE "1:1:"

/* The longest snapshot text kept ("xmin:xmax:xip,..."): past it the mirror reads through the
 * database's own search until the running transactions are fewer. */
#define SNAP_MAX 8192

struct pg_mirror {
	struct pg_store *src;
	char *path;
	int lock_fd;           /* PATH.lock, held (flock) while this store has the mirror */
	pthread_rwlock_t swap; /* searches read sq under it; a rebuild replaces sq under it */
	struct store *sq;      /* the mirror (NULL until opened) */
	pthread_mutex_t mu;    /* epoch and snap; one catch-up at a time; the thread's wake-ups */
	pthread_cond_t cv;
	atomic_bool stopping; /* set under mu */
	bool kicked;          /* under mu */
	atomic_bool ready;    /* sq holds a whole mirror of epoch, up to snap */
	atomic_bool stale;    /* a search found it of another database or behind the horizon */
	char epoch[64];
	char snap[SNAP_MAX];  /* the snapshot whose rows the mirror holds */
	char vsnap[SNAP_MAX]; /* ... whose view counts it holds (under mu) */
	/* Changes this node knows of (pg_mirror_note_write), and as many as the mirror had heard of
	 * when it last read a snapshot: pages read the mirror while the two are equal. */
	_Atomic int64_t seq, page_seq;
	atomic_bool want; /* a page found the mirror behind: catch up without waiting the tick */
	_Atomic int64_t answered, passed, applied, builds, pages, pages_passed;
	int64_t merge_checked;
	bool merging;
	pthread_t thread;
};

/* The state PostgreSQL reports. */
struct log_state {
	char epoch[64];
	bool behind;         /* the mirror's snapshot is at or below the horizon */
	char snap[SNAP_MAX]; /* the statement's own snapshot */
	int64_t pending;     /* rows it sees that the mirror's did not, at most MIRROR_INLINE + 1 */
};

/* Runs `which` (prepared on c's first use) with text parameters; NULL when it failed (logged,
 * and c marked broken when the link is down). */
static PGresult *query(struct pg_conn *c, enum pg_stmt which, int n, const char *const *params)
{
	struct pg_params p = {.n = 0};
	for (int i = 0; i < n; i++)
		pg_p_text(&p, params[i]);
	enum store_rc rc;
	return pg_run(c, which, &p, &rc);
}

/* The row of PG_MIRROR_STATE into out (r cleared); false when there was none. */
static bool state_of(PGresult *r, struct log_state *out)
{
	if (!r)
		return false;
	bool ok = PQntuples(r) == 1 && (size_t)PQgetlength(r, 0, 2) < sizeof out->snap;
	if (ok) {
		snprintf(out->epoch, sizeof out->epoch, "%s", PQgetvalue(r, 0, 0));
		out->behind = PQgetvalue(r, 0, 1)[0] == 't';
		snprintf(out->snap, sizeof out->snap, "%s", PQgetvalue(r, 0, 2));
		out->pending = strtoll(PQgetvalue(r, 0, 3), NULL, 10);
	}
	PQclear(r);
	return ok;
}

static bool read_state(struct pg_conn *c, const char *snap, struct log_state *out)
{
	const char *p[1] = {snap};
	return state_of(query(c, PG_MIRROR_STATE, 1, p), out);
}

/* Rows of PG_MIRROR_ROWS or PG_MIRROR_ALL (ARTICLE_GET_COLS, then the text) into the arena. */
static struct mirror_article *read_rows(struct arena *a, PGresult *r, size_t *n)
{
	*n = (size_t)PQntuples(r);
	struct mirror_article *v = arena_alloc(a, (*n ? *n : 1) * sizeof(*v));
	for (size_t i = 0; i < *n; i++) {
		if (!pg_read_article_whole(a, r, (int)i, &v[i].a))
			return NULL;
		v[i].body_text = arena_strdup(a, PQgetvalue(r, (int)i, 25));
	}
	return v;
}

/* The view counts of a PG_MIRROR_VIEWS result into the arena. */
static struct mirror_views *read_views(struct arena *a, PGresult *r, size_t *n)
{
	*n = (size_t)PQntuples(r);
	struct mirror_views *v = arena_alloc(a, (*n ? *n : 1) * sizeof(*v));
	for (size_t i = 0; i < *n; i++)
		v[i] = (struct mirror_views){.id = strtoll(PQgetvalue(r, (int)i, 0), NULL, 10),
					     .views = strtoll(PQgetvalue(r, (int)i, 1), NULL, 10)};
	return v;
}

/* Pages read the mirror again once it holds a snapshot read after the seq-th change this node
 * knew of. Never lowered: catch-ups and a search's check call it under mu, but a rebuild calls it
 * after releasing mu, while a check that began before the rebuild may still finish. */
static void pages_current(struct pg_mirror *m, int64_t seq)
{
	int64_t was = atomic_load(&m->page_seq);
	while (was < seq && !atomic_compare_exchange_weak(&m->page_seq, &was, seq))
		;
}

static bool read_categories(struct pg_conn *c, struct arena *a, struct mirror_batch *b)
{
	struct category *cats = NULL;
	size_t n = 0;
	if (pg_categories(&c->base, a, &cats, &n) != STORE_OK)
		return false;
	b->cats = cats;
	b->ncats = n;
	b->cats_set = true;
	return true;
}

/* One snapshot for every statement until read_end: the state, the ids and the rows agree. */
static bool read_begin(struct pg_conn *c)
{
	return pg_conn_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") == STORE_OK;
}

static void read_end(struct pg_conn *c)
{
	if (!c->broken && PQtransactionStatus(c->db) != PQTRANS_IDLE)
		pg_conn_exec(c, "ROLLBACK"); /* read only: nothing to keep */
}

/* Whether s says the mirror is of another database or may have missed rows (under m->mu). */
static bool outdated(const struct pg_mirror *m, const struct log_state *s)
{
	return strcmp(s->epoch, m->epoch) != 0 || s->behind;
}

enum sync_rc { SYNC_OK, SYNC_FAILED, SYNC_REMAKE };

/* The articles ids[i..end) as they are now into b (those no longer there, or not in the form
 * asked, taken out). */
static bool batch_rows(struct pg_conn *c, struct arena *a, const PGresult *ids, int i, int end,
		       struct mirror_batch *b)
{
	struct buf arr = BUF_INIT;
	buf_putc(&arr, '{');
	for (int k = i; k < end; k++)
		buf_printf(&arr, "%s%s", k > i ? "," : "", PQgetvalue(ids, k, 0));
	buf_putc(&arr, '}');
	const char *rp[1] = {buf_cstr(&arr)};
	PGresult *r = query(c, PG_MIRROR_ROWS, 1, rp);
	buf_free(&arr);
	if (!r)
		return false;
	b->rows = read_rows(a, r, &b->nrows);
	PQclear(r);
	if (!b->rows)
		return false;
	int64_t *gone = arena_alloc(a, (size_t)(end - i) * sizeof(*gone));
	for (int k = i; k < end; k++) {
		int64_t id = strtoll(PQgetvalue(ids, k, 0), NULL, 10);
		bool found = false;
		for (size_t j = 0; j < b->nrows && !found; j++)
			found = b->rows[j].a.id == id;
		if (!found)
			gone[b->ngone++] = id;
	}
	b->gone = gone;
	return true;
}

/*
 * Applies to the mirror every row the mirror's snapshot did not see (under m->mu): the articles
 * named, PG_MIRROR_BATCH at a time, as they are in one snapshot; the categories when they changed;
 * the view counts changed since; and that snapshot recorded with the last batch. Pages read the
 * mirror again after it, when no change was heard of meanwhile.
 */
static enum sync_rc catch_up(struct pg_mirror *m, struct pg_conn *c)
{
	int64_t seq = atomic_load(&m->seq); /* before the snapshot is taken */
	struct log_state *s = malloc(sizeof(*s));
	if (!s || !read_begin(c)) {
		free(s);
		return SYNC_FAILED;
	}
	const char *p[1] = {m->snap}, *vp[1] = {m->vsnap};
	PGresult *ids = NULL, *views = NULL;
	enum sync_rc out = SYNC_FAILED;
	if (!read_state(c, m->snap, s))
		goto done;
	if (outdated(m, s)) {
		out = SYNC_REMAKE;
		goto done;
	}
	if (!(views = query(c, PG_MIRROR_VIEWS, 1, vp)))
		goto done;
	int nviews = PQntuples(views);
	if (s->pending == 0 && nviews == 0) {
		out = SYNC_OK;
		goto done;
	}
	if (s->pending > 0 && !(ids = query(c, PG_MIRROR_IDS, 1, p)))
		goto done;
	int nids = ids ? PQntuples(ids) : 0, i = 0;
	bool ok = true, cats = nids > 0 && strcmp(PQgetvalue(ids, 0, 0), "0") == 0;
	if (cats)
		i = 1; /* ordered: 0 comes first */
	for (bool first = true; ok; first = false) {
		struct arena *a = arena_new();
		struct mirror_batch b = {0};
		ok = !(cats && first) || read_categories(c, a, &b);
		int end = i + PG_MIRROR_BATCH < nids ? i + PG_MIRROR_BATCH : nids;
		if (ok && end > i)
			ok = batch_rows(c, a, ids, i, end, &b);
		if (ok && end >= nids) {
			b.views = read_views(a, views, &b.nviews);
			b.epoch = m->epoch;
			b.snap = s->snap;
		}
		if (ok) {
			pthread_rwlock_rdlock(&m->swap);
			ok = m->sq && store_mirror_apply(m->sq, &b) == STORE_OK;
			pthread_rwlock_unlock(&m->swap);
			if (ok)
				atomic_fetch_add(&m->applied, (int64_t)(b.nrows + b.ngone));
		}
		arena_free(a);
		if (end >= nids)
			break;
		i = end;
	}
	if (ok)
		out = SYNC_OK;
	if (nids > PG_MIRROR_BATCH)
		malloc_trim(0); /* a bulk write's buffers given back (see rebuild) */
done:
	if (out == SYNC_OK) {
		snprintf(m->snap, sizeof m->snap, "%s", s->snap);
		snprintf(m->vsnap, sizeof m->vsnap, "%s", s->snap);
		pages_current(m, seq);
	}
	PQclear(views);
	PQclear(ids);
	read_end(c);
	free(s);
	return out;
}

static void unlink_db(const char *path)
{
	const char *ext[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		char p[4096];
		snprintf(p, sizeof p, "%s%s", path, ext[i]);
		if (unlink(p) != 0 && errno != ENOENT)
			log_warn("search mirror: cannot remove %s: %s", p, strerror(errno));
	}
}

/* Opens the mirror at m->path (made when absent); a file SQLite cannot open as a store is only
 * a mirror: it is made again. */
static struct store *open_sq(struct pg_mirror *m, bool fresh)
{
	if (fresh)
		unlink_db(m->path);
	struct store *sq = NULL;
	struct buf err = BUF_INIT;
	if (store_open(m->path, true, &sq, &err) != STORE_OK) {
		log_warn("search mirror: %s: %s%s", m->path, buf_cstr(&err),
			 fresh ? "" : " (made again)");
		sq = NULL;
		if (!fresh) {
			buf_reset(&err);
			unlink_db(m->path);
			if (store_open(m->path, true, &sq, &err) != STORE_OK) {
				log_error("search mirror: %s: %s", m->path, buf_cstr(&err));
				sq = NULL;
			}
		}
	}
	buf_free(&err);
	return sq;
}

/* Every published article into sq, read in one snapshot (recorded in s). */
static bool fill(struct pg_mirror *m, struct pg_conn *c, struct store *sq, struct log_state *s,
		 int64_t *count)
{
	if (!read_begin(c) || !read_state(c, SNAP_NONE, s))
		return false;
	struct arena *a = arena_new();
	struct mirror_batch b = {0};
	bool ok = read_categories(c, a, &b) && store_mirror_apply(sq, &b) == STORE_OK;
	int64_t after = 0;
	while (ok && !atomic_load(&m->stopping)) {
		char afters[24];
		snprintf(afters, sizeof afters, "%" PRId64, after);
		const char *p[1] = {afters};
		PGresult *r = query(c, PG_MIRROR_ALL, 1, p);
		if (!r) {
			ok = false;
			break;
		}
		arena_free(a);
		a = arena_new();
		b = (struct mirror_batch){0};
		b.rows = read_rows(a, r, &b.nrows);
		PQclear(r);
		if (!b.rows) {
			ok = false;
			break;
		}
		if (b.nrows == 0)
			break;
		after = b.rows[b.nrows - 1].a.id;
		*count += (int64_t)b.nrows;
		ok = store_mirror_apply(sq, &b) == STORE_OK;
		if (ok)
			atomic_fetch_add(&m->applied, (int64_t)b.nrows);
	}
	arena_free(a);
	read_end(c);
	return ok && !atomic_load(&m->stopping);
}

/* Makes the mirror anew from every published article (the thread, while ready is false: the
 * searches are PostgreSQL's meanwhile). */
static bool rebuild(struct pg_mirror *m)
{
	pthread_rwlock_wrlock(&m->swap);
	if (m->sq)
		store_close(m->sq);
	m->sq = NULL;
	pthread_rwlock_unlock(&m->swap);
	struct store *sq = open_sq(m, true);
	if (!sq)
		return false;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int64_t seq = atomic_load(&m->seq); /* before fill's snapshot is taken */
	struct log_state *s = calloc(1, sizeof(*s));
	struct pg_conn *c = s ? pg_conn_get(m->src) : NULL;
	int64_t count = 0;
	bool ok = c && fill(m, c, sq, s, &count);
	pg_conn_put(m->src, c);
	bool done = false;
	if (ok) {
		struct mirror_batch fin = {.epoch = s->epoch, .snap = s->snap};
		ok = store_mirror_apply(sq, &fin) == STORE_OK &&
		     store_search_merge(sq, true, 0, &done) == STORE_OK;
	}
	if (!ok) {
		free(s);
		store_close(sq);
		return false;
	}
	/* The writes' large page caches and FTS5's buffers given back: opened again, the store
	 * holds only what searches read (a node that had just made its mirror was 10 MB larger,
	 * 37 MB, than one that opened it made: docs/BENCHMARKS.md) */
	store_close(sq);
	malloc_trim(0);
	if (!(sq = open_sq(m, false))) {
		free(s);
		return false;
	}
	pthread_mutex_lock(&m->mu);
	snprintf(m->epoch, sizeof m->epoch, "%s", s->epoch);
	snprintf(m->snap, sizeof m->snap, "%s", s->snap);
	snprintf(m->vsnap, sizeof m->vsnap, "%s", s->snap);
	pthread_mutex_unlock(&m->mu);
	free(s);
	pthread_rwlock_wrlock(&m->swap);
	m->sq = sq;
	pthread_rwlock_unlock(&m->swap);
	atomic_store(&m->stale, false);
	atomic_fetch_add(&m->builds, 1);
	pages_current(m, seq);
	atomic_store(&m->ready, true);
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_info("search mirror: %s made, %" PRId64 " articles in %.1f s", m->path, count,
		 (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return true;
}

/* A catch-up on a connection of the pool (the thread's, and a search's with a few rows new). */
static enum sync_rc sync_now(struct pg_mirror *m)
{
	struct pg_conn *c = pg_conn_get(m->src);
	if (!c)
		return SYNC_FAILED; /* PostgreSQL away: tried again later */
	pthread_mutex_lock(&m->mu);
	enum sync_rc rc = catch_up(m, c);
	pthread_mutex_unlock(&m->mu);
	pg_conn_put(m->src, c);
	return rc;
}

static void merge_upkeep(struct pg_mirror *m)
{
	int64_t now = pg_now();
	if (!m->merging && now - m->merge_checked < MIRROR_MERGE_EVERY)
		return;
	m->merge_checked = now;
	bool done = true;
	pthread_rwlock_rdlock(&m->swap);
	enum store_rc rc = m->sq ? store_search_merge(m->sq, m->merging, 16, &done) : STORE_OK;
	pthread_rwlock_unlock(&m->swap);
	m->merging = rc == STORE_OK && !done;
}

static void *mirror_loop(void *arg)
{
	struct pg_mirror *m = arg;
	int64_t failed_at = 0;
	pthread_mutex_lock(&m->mu);
	while (!atomic_load(&m->stopping)) {
		m->kicked = false;
		pthread_mutex_unlock(&m->mu);
		if (atomic_load(&m->stale))
			atomic_store(&m->ready, false);
		if (!atomic_load(&m->ready)) {
			if (pg_now() - failed_at >= MIRROR_RETRY_S && !rebuild(m) &&
			    !atomic_load(&m->stopping)) {
				failed_at = pg_now();
				log_warn(
				    "search mirror: could not be made (searches are PostgreSQL's; "
				    "tried again in %d s)",
				    MIRROR_RETRY_S);
			}
		} else if (sync_now(m) == SYNC_REMAKE) {
			log_info(
			    "search mirror: of another database or behind the log: made again");
			atomic_store(&m->ready, false);
			pthread_mutex_lock(&m->mu);
			continue;
		} else {
			merge_upkeep(m);
		}
		pthread_mutex_lock(&m->mu);
		if (atomic_load(&m->stopping) || m->kicked || atomic_exchange(&m->want, false))
			continue;
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)MIRROR_TICK_MS * 1000000L;
		ts.tv_sec += ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&m->cv, &m->mu, &ts);
	}
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

static void kick(struct pg_mirror *m)
{
	pthread_mutex_lock(&m->mu);
	m->kicked = true;
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
}

/* A kick that never waits (a request's thread, while a long catch-up may hold mu): the thread
 * sees `want` before it next sleeps, or is woken now; at worst it wakes at its tick. */
static void kick_soon(struct pg_mirror *m)
{
	atomic_store(&m->want, true);
	if (pthread_mutex_trylock(&m->mu) == 0) {
		pthread_cond_signal(&m->cv);
		pthread_mutex_unlock(&m->mu);
	}
}

/* Closes the mirror and frees m (its thread not running). */
static void destroy(struct pg_mirror *m)
{
	if (m->sq)
		store_close(m->sq);
	pthread_cond_destroy(&m->cv);
	pthread_mutex_destroy(&m->mu);
	pthread_rwlock_destroy(&m->swap);
	if (m->lock_fd >= 0)
		close(m->lock_fd); /* lets the lock go */
	free(m->path);
	free(m);
}

/*
 * Takes PATH.lock for m, or says why not. Two servers writing one mirror would each make it
 * again under the other (a rebuild removes the file), so a file already in use is refused. The
 * lock is a file of its own, as the database file itself is removed and made again by a rebuild.
 */
static bool lock_path(struct pg_mirror *m, struct buf *err)
{
	char p[4096];
	if ((size_t)snprintf(p, sizeof p, "%s.lock", m->path) >= sizeof p) {
		buf_puts(err, "the path of the search mirror is too long");
		return false;
	}
	m->lock_fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (m->lock_fd < 0) {
		buf_printf(err, "cannot open %s: %s", p, strerror(errno));
		return false;
	}
	if (flock(m->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			buf_printf(err,
				   "%s is in use by another server (each node needs a mirror file "
				   "of its own)",
				   m->path);
		else
			buf_printf(err, "cannot lock %s: %s", p, strerror(errno));
		return false;
	}
	return true;
}

enum store_rc pg_mirror_attach(struct store *st, const char *path, struct buf *err)
{
	struct pg_store *s = pg_of(st);
	if (s->mirror) {
		buf_puts(err, "this store has a search mirror already");
		return STORE_INVALID;
	}
	if (!path || !*path) {
		buf_puts(err, "no path given for the search mirror");
		return STORE_INVALID;
	}
	struct pg_mirror *m = calloc(1, sizeof(*m));
	if (!m || !(m->path = strdup(path))) {
		free(m);
		buf_puts(err, "out of memory");
		return STORE_ERROR;
	}
	m->src = s;
	m->lock_fd = -1;
	pthread_rwlock_init(&m->swap, NULL);
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	if (!lock_path(m, err)) {
		destroy(m);
		return STORE_INVALID;
	}
	/* One change not caught up yet: a mirror left by an earlier run may be behind what was
	 * written while the node was away, so pages wait for its first catch-up. */
	atomic_store(&m->seq, 1);
	/* A mirror left by an earlier run is used as it is (checked against the log before its
	 * first search); a file that is not one is made again by the thread. */
	if (access(path, F_OK) == 0) {
		m->sq = open_sq(m, false);
		struct arena *a = arena_new();
		const char *epoch = "", *snap = "";
		if (m->sq && store_mirror_state(m->sq, a, &epoch, &snap) == STORE_OK &&
		    strlen(snap) < sizeof m->snap) {
			snprintf(m->epoch, sizeof m->epoch, "%s", epoch);
			snprintf(m->snap, sizeof m->snap, "%s", snap);
			snprintf(m->vsnap, sizeof m->vsnap, "%s", snap);
			atomic_store(&m->ready, true);
		}
		arena_free(a);
	}
	if (pthread_create(&m->thread, NULL, mirror_loop, m) != 0) {
		destroy(m);
		buf_puts(err, "cannot start the search mirror's thread");
		return STORE_ERROR;
	}
	s->mirror = m;
	return STORE_OK;
}

void pg_mirror_free(struct pg_store *s)
{
	struct pg_mirror *m = s->mirror;
	if (!m)
		return;
	pthread_mutex_lock(&m->mu);
	atomic_store(&m->stopping, true);
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
	pthread_join(m->thread, NULL);
	destroy(m);
	s->mirror = NULL;
}

/* A search's question to PostgreSQL: whether the mirror holds everything committed before the
 * search began. */
struct check {
	struct pg_conn *c;
	int64_t seq; /* the changes this node knew of before the question's snapshot was taken */
	char seen[SNAP_MAX]; /* the mirror's snapshot when it was asked */
	struct log_state s;
};

/* Asks it (one short statement, sent without waiting for the answer). False when the mirror is
 * not ready or PostgreSQL cannot be asked: the search is then PostgreSQL's. */
static bool check_send(struct pg_mirror *m, struct check *k)
{
	if (!atomic_load(&m->ready) || !(k->c = pg_conn_get(m->src)))
		return false;
	k->seq = atomic_load(&m->seq);
	pthread_mutex_lock(&m->mu);
	memcpy(k->seen, m->snap, SNAP_MAX);
	pthread_mutex_unlock(&m->mu);
	struct pg_params p = {.n = 0};
	pg_p_text(&p, k->seen);
	if (pg_send(k->c, PG_MIRROR_STATE, &p))
		return true;
	pg_conn_put(m->src, k->c);
	kick(m);
	return false;
}

enum verdict {
	AS_WAS,    /* nothing new since the snapshot seen: what the mirror answered holds */
	CAUGHT_UP, /* a few rows were new and are applied now: ask the mirror again */
	NOT_FRESH  /* a backlog left to the thread, another database, PostgreSQL not answering */
};

/* Reads the answer and gives the connection back; applies a few new rows itself. */
static enum verdict check_end(struct pg_mirror *m, struct check *k)
{
	enum store_rc qrc;
	enum verdict v = NOT_FRESH;
	struct log_state *s = &k->s;
	bool got = state_of(pg_recv(k->c, &qrc), s);
	if (got && s->pending == 0) {
		/* the mirror holds what this snapshot sees (unless a catch-up moved it on
		 * meanwhile) */
		pthread_mutex_lock(&m->mu);
		if (outdated(m, s)) {
			atomic_store(&m->stale, true);
		} else {
			v = AS_WAS;
			if (strcmp(m->snap, k->seen) == 0) {
				snprintf(m->snap, sizeof m->snap, "%s", s->snap);
				pages_current(m, k->seq);
			}
		}
		pthread_mutex_unlock(&m->mu);
	} else if (got && s->pending <= MIRROR_INLINE) {
		/* a few rows new: applied here, unless a long catch-up (the thread's) holds the
		 * mirror, when the search is PostgreSQL's */
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)MIRROR_WAIT_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		if (pthread_mutex_timedlock(&m->mu, &until) == 0) {
			enum sync_rc rc = catch_up(m, k->c);
			if (rc == SYNC_REMAKE)
				atomic_store(&m->stale, true);
			if (rc == SYNC_OK)
				v = CAUGHT_UP;
			pthread_mutex_unlock(&m->mu);
		}
	}
	if (v == NOT_FRESH)
		kick(m);
	pg_conn_put(m->src, k->c);
	return v;
}

static enum store_rc search_sq(struct pg_mirror *m, struct arena *a, const struct search_request *r,
			       struct search_hit **out, size_t *n, int64_t *total, bool *more)
{
	enum store_rc rc = STORE_UNAVAILABLE;
	pthread_rwlock_rdlock(&m->swap);
	if (m->sq && atomic_load(&m->ready))
		rc = store_search(m->sq, a, r, out, n, total, more);
	pthread_rwlock_unlock(&m->swap);
	return rc;
}

/*
 * The mirror answers while PostgreSQL is asked whether it holds everything committed before the
 * search began, so that the question's round trip overlaps the search. The mirror's state the
 * search read is at least the snapshot the question names (taken before it was sent), so when
 * PostgreSQL sees nothing newer the answer stands; with a few rows newer they are applied and
 * the mirror asked again; otherwise the search is PostgreSQL's.
 */
bool pg_mirror_search(struct store *st, struct arena *a, const struct search_request *r,
		      struct search_hit **out, size_t *n, int64_t *total, bool *more,
		      enum store_rc *rc)
{
	struct pg_mirror *m = pg_of(st)->mirror;
	if (!m)
		return false;
	*rc = STORE_UNAVAILABLE;
	struct check *k = malloc(sizeof(*k));
	if (k && check_send(m, k)) {
		enum store_rc answer = search_sq(m, a, r, out, n, total, more);
		switch (check_end(m, k)) {
		case AS_WAS:
			*rc = answer;
			break;
		case CAUGHT_UP:
			*rc = search_sq(m, a, r, out, n, total, more);
			break;
		case NOT_FRESH:
			break;
		}
	}
	free(k);
	if (*rc == STORE_OK) {
		atomic_fetch_add(&m->answered, 1);
		return true;
	}
	atomic_fetch_add(&m->passed, 1);
	*n = 0;
	*total = 0;
	*more = false;
	return false;
}

void pg_mirror_stats(struct store *st, struct store_mirror_stats *out)
{
	struct pg_mirror *m = pg_of(st)->mirror;
	if (!m)
		return;
	out->attached = true;
	out->ready = atomic_load(&m->ready);
	out->answered = atomic_load(&m->answered);
	out->passed = atomic_load(&m->passed);
	out->applied = atomic_load(&m->applied);
	out->builds = atomic_load(&m->builds);
	out->pages = atomic_load(&m->pages);
	out->pages_passed = atomic_load(&m->pages_passed);
}

bool pg_mirror_article(struct store *st, struct arena *a, int64_t id, struct article *out,
		       enum store_rc *rc)
{
	struct pg_mirror *m = pg_of(st)->mirror;
	if (!m)
		return false;
	*rc = STORE_UNAVAILABLE;
	if (atomic_load(&m->ready) && !atomic_load(&m->stale) &&
	    atomic_load(&m->page_seq) == atomic_load(&m->seq)) {
		pthread_rwlock_rdlock(&m->swap);
		if (m->sq && atomic_load(&m->ready))
			*rc = store_article_get(m->sq, a, id, out);
		pthread_rwlock_unlock(&m->swap);
	} else {
		kick_soon(m);
	}
	if (*rc == STORE_OK || *rc == STORE_NOTFOUND) {
		atomic_fetch_add(&m->pages, 1);
		return true;
	}
	atomic_fetch_add(&m->pages_passed, 1);
	return false;
}

void pg_mirror_note_write(struct pg_store *s)
{
	struct pg_mirror *m = s->mirror;
	if (!m)
		return;
	atomic_fetch_add(&m->seq, 1);
	kick_soon(m);
}

bool pg_mirror_wait(struct store *st, int timeout_ms)
{
	struct pg_mirror *m = pg_of(st)->mirror;
	if (!m)
		return false;
	for (int waited = 0;; waited += 50) {
		if (atomic_load(&m->ready)) {
			if (sync_now(m) == SYNC_OK)
				return true;
			kick(m);
		}
		if (waited >= timeout_ms)
			return false;
		struct timespec ts = {0, 50 * 1000000L};
		nanosleep(&ts, NULL);
	}
}

/* Log rows older than this are deleted by the upkeep (pg_search_merge); a mirror not caught up
 * since is made again. */
#define LOG_KEEP_S (7 * 86400)

enum store_rc pg_search_log_prune(struct pg_conn *c, int64_t now)
{
	char cut[24];
	snprintf(cut, sizeof cut, "%" PRId64, now - LOG_KEEP_S);
	const char *p[1] = {cut};
	PGresult *r = PQexecParams(
	    c->db,
	    "WITH d AS (DELETE FROM search_log WHERE at < $1::bigint RETURNING xid) UPDATE "
	    "search_log_state SET horizon = greatest(horizon, (SELECT max(xid) FROM d)) WHERE "
	    "EXISTS (SELECT 1 FROM d)",
	    1, NULL, p, NULL, NULL, 0);
	enum store_rc rc = STORE_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = pg_rc_of(c, r);
		pg_log("search log prune", r ? PQresultErrorMessage(r) : PQerrorMessage(c->db));
	}
	PQclear(r);
	return rc;
}
