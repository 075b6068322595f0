/*
 * Read replicas of a PostgreSQL store (streaming standbys). Each replica has a pool of its own (a
 * struct pg_store used only for its connections) and is watched by one thread that, every
 * REPLICA_TICK_MS, samples the primary's WAL position and asks each replica how far it replayed.
 * A reading handle's read goes to the least busy healthy replica (round-robin among equals) whose
 * replayed position is at least the store's floor: the primary's position after the last write
 * this node made or learnt of. So a replica never answers with data older than something this node
 * knows was written, and a replica paused, lagging or down is skipped (the primary answers).
 */
#include "store/pg/pg-int.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

#define REPLICA_TICK_MS 100
/* Distinct WAL positions of the primary remembered with the time they were first seen. */
#define LSN_RING 1024
/* The floor when the primary's position after a write could not be read: no replica fits until
 * the watcher reads it again. */
#define FLOOR_UNKNOWN UINT64_MAX

struct pg_replica {
	struct pg_store *pool;
	PGconn *probe;           /* the watcher's own connection */
	_Atomic uint64_t replay; /* pg_last_wal_replay_lsn() at the last look */
	atomic_bool healthy;
	int state; /* the watcher's: 0 not looked at yet, 1 healthy, -1 skipped (logged once) */
	int index; /* 1, 2 ... in the order given, for the log */
};

struct pg_replicas {
	struct pg_replica *r;
	size_t n;
	unsigned max_lag_ms;
	_Atomic uint64_t floor;
	atomic_uint next;
	atomic_llong replica_reads, primary_reads;
	pthread_t watcher;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	PGconn *primary; /* the watcher's connection to the primary */
	/* the watcher's alone: the primary's positions, oldest first from head */
	uint64_t lsn[LSN_RING];
	int64_t seen_ms[LSN_RING];
	size_t head, count;
};

/* "16/B374D848" as a number. */
static bool lsn_parse(const char *s, uint64_t *out)
{
	unsigned hi, lo;
	char end;
	if (!s || sscanf(s, "%X/%X%c", &hi, &lo, &end) != 2)
		return false;
	*out = (uint64_t)hi << 32 | lo;
	return true;
}

/* Raises the floor to at least lsn. */
static void floor_raise(struct pg_replicas *rs, uint64_t lsn)
{
	uint64_t cur = atomic_load(&rs->floor);
	while (cur < lsn && !atomic_compare_exchange_weak(&rs->floor, &cur, lsn))
		;
}

/* Runs a one-row query on db; NULL (and db left to the caller to drop) on failure. */
static PGresult *one_row(PGconn *db, const char *sql)
{
	PGresult *r = PQexec(db, sql);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		return r;
	PQclear(r);
	return NULL;
}

/* --- the watcher ------------------------------------------------------------------------------ */

static void sample_primary(struct pg_store *s, struct pg_replicas *rs, int64_t now)
{
	if (rs->primary && PQstatus(rs->primary) != CONNECTION_OK) {
		PQfinish(rs->primary);
		rs->primary = NULL;
	}
	if (!rs->primary) {
		struct buf err = BUF_INIT;
		rs->primary = pg_connect(s, &err); /* the outage is logged by the pool's users */
		buf_free(&err);
		if (!rs->primary)
			return;
	}
	PGresult *r = one_row(rs->primary, "SELECT pg_current_wal_insert_lsn()");
	uint64_t lsn;
	if (!r || !lsn_parse(PQgetvalue(r, 0, 0), &lsn)) {
		PQclear(r);
		PQfinish(rs->primary);
		rs->primary = NULL;
		return;
	}
	PQclear(r);
	uint64_t unknown = FLOOR_UNKNOWN;
	atomic_compare_exchange_strong(&rs->floor, &unknown, lsn);
	size_t last = (rs->head + rs->count - 1) % LSN_RING;
	if (rs->count > 0 && rs->lsn[last] == lsn)
		return;
	size_t at = (rs->head + rs->count) % LSN_RING;
	if (rs->count == LSN_RING)
		rs->head = (rs->head + 1) % LSN_RING;
	else
		rs->count++;
	rs->lsn[at] = lsn;
	rs->seen_ms[at] = now;
}

/* How long the primary has been ahead of replay: since it was first seen past it. */
static int64_t lag_ms(const struct pg_replicas *rs, uint64_t replay, int64_t now)
{
	for (size_t i = 0; i < rs->count; i++) {
		size_t k = (rs->head + i) % LSN_RING;
		if (rs->lsn[k] > replay)
			return now - rs->seen_ms[k];
	}
	return 0;
}

/* Logs a change of a replica's state (healthy, or skipped for `why`). */
static void replica_state(struct pg_replica *r, bool ok, const char *why)
{
	atomic_store(&r->healthy, ok);
	int state = ok ? 1 : -1;
	if (state == r->state)
		return;
	if (ok)
		log_info("postgresql: replica %d is in use", r->index);
	else
		log_warn("postgresql: replica %d is skipped: %s", r->index, why);
	r->state = state;
}

/* Asks replica r where it is; it is used when it answers, is a standby, has the primary's schema
 * (a migration not replayed yet, or another database, would fail readers' queries) and lags less
 * than max_lag_ms. */
static void probe_replica(const struct pg_store *s, struct pg_replicas *rs, struct pg_replica *r,
			  int64_t now)
{
	struct buf why = BUF_INIT;
	if (r->probe && PQstatus(r->probe) != CONNECTION_OK) {
		PQfinish(r->probe);
		r->probe = NULL;
	}
	if (!r->probe)
		r->probe = pg_connect(r->pool, &why);
	PGresult *res =
	    r->probe
		? one_row(r->probe, "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn(), "
				    "(SELECT coalesce(max(version), 0) FROM schema_migrations)")
		: NULL;
	uint64_t replay = 0;
	/* the primary's schema version, once it is known (a store started offline learns it) */
	int version = atomic_load(&s->unready) ? 0 : s->version;
	if (r->probe && !res) {
		buf_puts(&why, "cannot ask it: ");
		pg_put_one_line(&why, PQerrorMessage(r->probe));
		PQfinish(r->probe);
		r->probe = NULL;
	} else if (res && strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		buf_puts(&why, "it is not a standby (promoted?)");
	} else if (res && !lsn_parse(PQgetvalue(res, 0, 1), &replay)) {
		buf_puts(&why, "it has replayed nothing yet");
	} else if (res && version && atoi(PQgetvalue(res, 0, 2)) != version) {
		buf_printf(&why, "its schema is version %s, the primary's %d",
			   PQgetvalue(res, 0, 2), version);
	} else if (res) {
		atomic_store(&r->replay, replay);
		int64_t lag = lag_ms(rs, replay, now);
		if (lag > (int64_t)rs->max_lag_ms)
			buf_printf(&why, "it lags %" PRId64 " ms behind the primary", lag);
	}
	PQclear(res);
	replica_state(r, why.len == 0, buf_cstr(&why));
	buf_free(&why);
}

static void *watch(void *arg)
{
	struct pg_store *s = arg;
	struct pg_replicas *rs = s->replicas;
	pthread_mutex_lock(&rs->mu);
	while (!rs->stop) {
		pthread_mutex_unlock(&rs->mu);
		int64_t now = store_now_ms();
		sample_primary(s, rs, now);
		for (size_t i = 0; i < rs->n; i++)
			probe_replica(s, rs, &rs->r[i], now);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += REPLICA_TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&rs->mu);
		if (!rs->stop)
			pthread_cond_timedwait(&rs->cv, &rs->mu, &ts);
	}
	pthread_mutex_unlock(&rs->mu);
	return NULL;
}

/* --- operations ------------------------------------------------------------------------------- */

struct store_conn *pg_read_get(struct store *st)
{
	struct pg_replicas *rs = pg_of(st)->replicas;
	if (!rs)
		return NULL;
	uint64_t want = atomic_load(&rs->floor);
	unsigned start = atomic_fetch_add(&rs->next, 1);
	struct pg_replica *best = NULL;
	int best_busy = INT_MAX;
	for (size_t i = 0; i < rs->n; i++) {
		struct pg_replica *r = &rs->r[(start + i) % rs->n];
		if (!atomic_load(&r->healthy) || atomic_load(&r->replay) < want)
			continue;
		pthread_mutex_lock(&r->pool->mu);
		int busy = r->pool->in_use;
		pthread_mutex_unlock(&r->pool->mu);
		if (busy < best_busy && busy < PG_POOL_MAX) {
			best = r;
			best_busy = busy;
		}
	}
	struct pg_conn *c = best ? pg_conn_get(best->pool) : NULL;
	if (!c) {
		atomic_fetch_add(&rs->primary_reads, 1);
		return NULL;
	}
	atomic_fetch_add(&rs->replica_reads, 1);
	return &c->base;
}

bool pg_has_replicas(struct store *st)
{
	return pg_of(st)->replicas != NULL;
}

void pg_note_write(struct store *st)
{
	struct pg_store *s = pg_of(st);
	pg_mirror_note_write(s); /* pages read PostgreSQL until the mirror caught up */
	struct pg_replicas *rs = s->replicas;
	if (!rs)
		return;
	struct pg_conn *c = pg_conn_get(s);
	/* The insert position, not the write position: with synchronous_commit off a commit
	 * returns before its record is written, and a floor below it would let a replica that
	 * stopped short of the commit answer (seen in test_replica under ASan). */
	PGresult *r = c ? one_row(c->db, "SELECT pg_current_wal_insert_lsn()") : NULL;
	uint64_t lsn;
	if (r && lsn_parse(PQgetvalue(r, 0, 0), &lsn)) {
		floor_raise(rs, lsn);
	} else {
		/* Not known: no replica is read until the watcher learns the position. */
		atomic_store(&rs->floor, FLOOR_UNKNOWN);
		if (c && PQstatus(c->db) != CONNECTION_OK)
			c->broken = true;
	}
	PQclear(r);
	pg_conn_put(s, c);
}

void pg_replica_stats(struct store *st, struct store_replica_stats *out)
{
	struct pg_replicas *rs = pg_of(st)->replicas;
	if (!rs)
		return;
	out->replicas = (int64_t)rs->n;
	for (size_t i = 0; i < rs->n; i++)
		out->healthy += atomic_load(&rs->r[i].healthy);
	out->replica_reads = atomic_load(&rs->replica_reads);
	out->primary_reads = atomic_load(&rs->primary_reads);
}

void pg_replicas_free(struct pg_store *s)
{
	struct pg_replicas *rs = s->replicas;
	if (!rs)
		return;
	pthread_mutex_lock(&rs->mu);
	rs->stop = true;
	pthread_cond_signal(&rs->cv);
	pthread_mutex_unlock(&rs->mu);
	pthread_join(rs->watcher, NULL);
	for (size_t i = 0; i < rs->n; i++) {
		PQfinish(rs->r[i].probe);
		rs->r[i].pool->base.ops->close(&rs->r[i].pool->base);
	}
	PQfinish(rs->primary);
	pthread_cond_destroy(&rs->cv);
	pthread_mutex_destroy(&rs->mu);
	free(rs->r);
	free(rs);
	s->replicas = NULL;
}

enum store_rc pg_replicas_add(struct store *st, const char *urls, unsigned max_lag_ms,
			      struct buf *err)
{
	struct pg_store *s = pg_of(st);
	if (s->replicas) {
		buf_puts(err, "the read replicas are already set");
		return STORE_INVALID;
	}
	struct pg_replicas *rs = xcalloc(1, sizeof *rs);
	rs->max_lag_ms = max_lag_ms;
	size_t most = 1;
	for (const char *q = urls; *q; q++)
		most += *q == ' ' || *q == '\t' || *q == '\n';
	rs->r = xcalloc(most, sizeof *rs->r); /* never moved: each pool points to its own */
	enum store_rc rc = STORE_OK;
	const char *p = urls;
	while (rc == STORE_OK && *p && rs->n < most) {
		p += strspn(p, " \t\n");
		size_t len = strcspn(p, " \t\n");
		if (!len)
			break;
		char *url = xstrndup(p, len);
		p += len;
		struct pg_store *pool = NULL;
		if (strncmp(url, "postgresql://", 13) != 0 && strncmp(url, "postgres://", 11) != 0)
			buf_printf(err, "a read replica must be a postgresql:// URL, not '%.*s...'",
				   (int)(len < 12 ? len : 12), url);
		else
			pool = pg_pool_new(url, err);
		free(url);
		if (!pool) {
			rc = STORE_INVALID;
			break;
		}
		struct pg_replica *r = &rs->r[rs->n];
		r->pool = pool;
		r->index = (int)++rs->n;
		pool->rep = r;
	}
	if (rc == STORE_OK && rs->n == 0) {
		buf_puts(err, "no read replica URL given");
		rc = STORE_INVALID;
	}
	pthread_mutex_init(&rs->mu, NULL);
	pthread_cond_init(&rs->cv, NULL);
	s->replicas = rs;
	if (rc == STORE_OK && pthread_create(&rs->watcher, NULL, watch, s) != 0) {
		buf_puts(err, "cannot start the read replicas' watcher");
		rc = STORE_ERROR;
	}
	if (rc != STORE_OK) {
		for (size_t i = 0; i < rs->n; i++)
			rs->r[i].pool->base.ops->close(&rs->r[i].pool->base);
		pthread_cond_destroy(&rs->cv);
		pthread_mutex_destroy(&rs->mu);
		free(rs->r);
		free(rs);
		s->replicas = NULL;
		return rc;
	}
	log_info("postgresql: %zu read replica%s, skipped when more than %u ms behind", rs->n,
		 rs->n == 1 ? "" : "s", max_lag_ms);
	return STORE_OK;
}

void pg_replica_down(struct pg_replica *r)
{
	atomic_store(&r->healthy, false);
}
