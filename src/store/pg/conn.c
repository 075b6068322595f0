/* The PostgreSQL backend's plumbing: connections, the pool, transactions, change
 * notifications, opening a store. */
#include "store/pg/pg-int.h"
#include "store/documents-int.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

int64_t pg_now(void)
{
	return (int64_t)time(NULL);
}

/* Appends msg to b on one line: runs of white space (libpq's messages end in "\n") become one
 * space, and the ends are trimmed. */
void pg_put_one_line(struct buf *b, const char *msg)
{
	bool space = false, any = false;
	for (const char *p = msg ? msg : ""; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = any;
			continue;
		}
		if (space)
			buf_putc(b, ' ');
		buf_putc(b, *p);
		space = false;
		any = true;
	}
	if (!any)
		buf_puts(b, "unknown error");
}

/* Logs libpq's message for a failed call on one line. */
void pg_log(const char *what, const char *msg)
{
	struct buf b = BUF_INIT;
	pg_put_one_line(&b, msg);
	log_error("postgresql: %s: %s", what, buf_cstr(&b));
	buf_free(&b);
}

/* --- connections ------------------------------------------------------------------------------ */

/* Connects to the store's URL; on failure returns NULL with a one-line reason in err. */
PGconn *pg_connect(const struct pg_store *s, struct buf *err)
{
	/* Later entries win: the URL's own settings override these defaults. */
	const char *keys[] = {"connect_timeout", "client_encoding", "fallback_application_name",
			      "dbname", NULL};
	const char *vals[] = {s->default_timeout ? PG_CONNECT_TIMEOUT : NULL, "UTF8", "gazette",
			      s->url, NULL};
	PGconn *db = PQconnectdbParams(keys, vals, 1);
	if (db && PQstatus(db) == CONNECTION_OK)
		return db;
	buf_puts(err, "cannot connect to PostgreSQL: ");
	pg_put_one_line(err, db ? PQerrorMessage(db) : "out of memory");
	PQfinish(db);
	return NULL;
}

/* Server notices ("relation already exists, skipping"...) go to the debug log, not stderr. */
static void on_notice(void *arg, const char *msg)
{
	(void)arg;
	struct buf b = BUF_INIT;
	pg_put_one_line(&b, msg);
	log_debug("postgresql: %s", buf_cstr(&b));
	buf_free(&b);
}

static struct pg_conn *conn_open(struct pg_store *s, struct buf *err)
{
	PGconn *db = pg_connect(s, err);
	if (!db)
		return NULL;
	PQsetNoticeProcessor(db, on_notice, NULL);
	struct pg_conn *c = xcalloc(1, sizeof(*c));
	c->db = db;
	c->store = s;
	c->base.replica = s->rep != NULL;
	return c;
}

static void conn_close(struct pg_conn *c)
{
	PQfinish(c->db);
	pg_texts_forget(c);
	for (size_t i = 0; i < PG_SCRATCH; i++)
		buf_free(&c->scratch[i]);
	free(c);
}

/* True when an idle connection can still be used. A server that went away has sent a FATAL
 * message and closed the socket: reading what is pending (without waiting) reveals that. */
static bool conn_alive(struct pg_conn *c)
{
	if (c->broken || PQstatus(c->db) != CONNECTION_OK)
		return false;
	for (int i = 0; i < 4; i++) {
		struct pollfd p = {.fd = PQsocket(c->db), .events = POLLIN};
		if (poll(&p, 1, 0) <= 0)
			break;
		if (PQconsumeInput(c->db) != 1)
			return false;
	}
	return PQstatus(c->db) == CONNECTION_OK;
}

/* Logs the first failed connection attempt of an outage and the recovery; the rest at debug
 * level, so that a server down under load does not flood the log. */
static void note_reachable(struct pg_store *s, bool ok, const char *msg)
{
	if (s->rep) { /* a read replica: its watcher logs, and takes it back when it answers */
		if (!ok)
			pg_replica_down(s->rep);
		return;
	}
	if (ok) {
		if (atomic_exchange(&s->down, false))
			log_info("postgresql: the database is reachable again");
		return;
	}
	if (!atomic_exchange(&s->down, true))
		pg_log("the database is unreachable", msg);
	else
		log_debug("postgresql: still unreachable");
}

/* Reconnects a broken connection; its prepared statements are gone with the old session. */
static bool conn_reset(struct pg_store *s, struct pg_conn *c)
{
	PQreset(c->db);
	memset(c->prepared, 0, sizeof c->prepared);
	pg_texts_forget(c);
	c->base.depth = 0;
	c->base.failed = false;
	c->broken = PQstatus(c->db) != CONNECTION_OK;
	note_reachable(s, !c->broken, PQerrorMessage(c->db));
	return !c->broken;
}

static enum store_rc check_encoding(PGconn *db, struct buf *err);

/* A store opened while the database was unreachable checks the encoding and applies migrations on
 * its first connection, before anything else uses it. */
static bool make_ready(struct pg_store *s, struct pg_conn *c)
{
	if (!atomic_load(&s->unready))
		return true;
	pthread_mutex_lock(&s->ready_mu);
	enum store_rc rc = STORE_OK;
	struct buf err = BUF_INIT;
	if (atomic_load(&s->unready)) {
		rc = check_encoding(c->db, &err);
		if (rc == STORE_OK)
			rc = pg_migrate(s, c, &err);
		if (rc == STORE_OK)
			atomic_store(&s->unready, false);
		else
			log_error("postgresql: %s", buf_cstr(&err));
	}
	pthread_mutex_unlock(&s->ready_mu);
	buf_free(&err);
	return rc == STORE_OK;
}

/* Returns a connection from the pool (waiting while all PG_POOL_MAX are in use), reconnected if
 * it broke; NULL when the database cannot be reached. */
struct pg_conn *pg_conn_get(struct pg_store *s)
{
	pthread_mutex_lock(&s->mu);
	if (!s->idle && s->open >= PG_POOL_MAX)
		s->waits++;
	while (!s->idle && s->open >= PG_POOL_MAX)
		pthread_cond_wait(&s->freed, &s->mu);
	struct pg_conn *c = s->idle;
	if (c)
		s->idle = c->next;
	else
		s->open++; /* a slot reserved for the connection made below */
	s->in_use++;       /* given back below when no connection can be made */
	pthread_mutex_unlock(&s->mu);
	if (!c) {
		struct buf err = BUF_INIT;
		c = conn_open(s, &err);
		if (c && !make_ready(s, c)) {
			conn_close(c);
			c = NULL;
		}
		note_reachable(s, c != NULL, buf_cstr(&err));
		if (!c) {
			pthread_mutex_lock(&s->mu);
			s->open--;
			s->in_use--;
			pthread_cond_signal(&s->freed);
			pthread_mutex_unlock(&s->mu);
		}
		buf_free(&err);
		return c;
	}
	c->next = NULL;
	if (!conn_alive(c) && !conn_reset(s, c)) {
		pg_conn_put(s, c);
		return NULL;
	}
	return c;
}

/* Gives c back to the pool. */
void pg_conn_put(struct pg_store *s, struct pg_conn *c)
{
	if (!c)
		return;
	if (!c->broken && PQtransactionStatus(c->db) != PQTRANS_IDLE)
		pg_conn_exec(c, "ROLLBACK"); /* never hand on an open transaction */
	c->base.depth = 0;
	pthread_mutex_lock(&s->mu);
	c->next = s->idle;
	s->idle = c;
	s->in_use--;
	pthread_cond_signal(&s->freed);
	pthread_mutex_unlock(&s->mu);
}

/* Commits; a COMMIT of a transaction PostgreSQL had aborted reports "ROLLBACK". */
enum store_rc pg_tx_commit(struct pg_conn *c)
{
	PGresult *r = PQexec(c->db, "COMMIT");
	enum store_rc rc = STORE_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = pg_rc_of(c, r);
		pg_log("COMMIT", r ? PQresultErrorMessage(r) : PQerrorMessage(c->db));
	} else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		rc = STORE_ERROR;
	}
	PQclear(r);
	return rc;
}

static enum store_rc pg_tx_open(struct store_conn *sc)
{
	return pg_conn_exec(pg_c(sc), "BEGIN");
}

static enum store_rc pg_tx_finish(struct store_conn *sc)
{
	struct pg_conn *c = pg_c(sc);
	if (c->broken)
		return STORE_UNAVAILABLE;
	enum store_rc rc = pg_tx_commit(c);
	if (rc != STORE_OK && !c->broken)
		pg_conn_exec(c, "ROLLBACK");
	return rc;
}

static enum store_rc pg_tx_abort(struct store_conn *sc)
{
	struct pg_conn *c = pg_c(sc);
	if (c->broken)
		return STORE_UNAVAILABLE;
	pg_conn_exec(c, "ROLLBACK");
	return STORE_ERROR;
}

static struct store_conn *pg_take(struct store *st)
{
	struct pg_conn *c = pg_conn_get(pg_of(st));
	return c ? &c->base : NULL;
}

static void pg_give(struct store *st, struct store_conn *c)
{
	(void)st;
	pg_conn_put(pg_c(c)->store, pg_c(c)); /* the primary's pool or a replica's */
}

static void pg_pool_stats(struct store *st, struct store_pool_stats *out)
{
	struct pg_store *s = pg_of(st);
	pthread_mutex_lock(&s->mu);
	out->in_use = s->in_use;
	out->open = s->open;
	out->waits = s->waits;
	pthread_mutex_unlock(&s->mu);
	out->max = PG_POOL_MAX;
}

/*
 * Runs one write inside the caller's store_begin .. store_commit like SQLite does: its failure
 * leaves the transaction usable. PostgreSQL aborts a whole transaction on an error, so the step is
 * fenced by a savepoint there.
 */
enum store_rc pg_run_fenced(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p,
			    int64_t *first_col, int64_t *changes)
{
	bool fenced = c->base.depth > 0 && !c->base.failed;
	PGresult *res[3] = {NULL, NULL, NULL}, *r;
	enum store_rc rc;
	size_t failed = 0;
	if (fenced) {
		/* SAVEPOINT, the statement and RELEASE in one round trip. */
		const struct pg_step steps[3] = {{PG_MAX, NULL, "SAVEPOINT gz_step"},
						 {which, p, NULL},
						 {PG_MAX, NULL, "RELEASE SAVEPOINT gz_step"}};
		c->fenced = true;
		rc = pg_run_steps(c, steps, 3, res, &failed);
		c->fenced = false;
		r = res[1];
	} else {
		r = pg_run(c, which, p, &rc);
	}
	if (rc == STORE_OK && first_col && PQntuples(r) > 0)
		*first_col = pg_get_i64(r, 0, 0);
	if (rc == STORE_OK && changes)
		*changes = strtoll(PQcmdTuples(r), NULL, 10);
	for (size_t i = 0; i < 3; i++)
		PQclear(res[i]);
	if (!fenced) {
		PQclear(r);
		return rc;
	}
	if (rc == STORE_OK || c->broken)
		return rc;
	if (failed == 0) /* the savepoint itself: nothing ran */
		return rc;
	if (failed == 2 || pg_conn_exec(c, "ROLLBACK TO SAVEPOINT gz_step") != STORE_OK ||
	    pg_conn_exec(c, "RELEASE SAVEPOINT gz_step") != STORE_OK)
		c->base.failed = true;
	return rc;
}

/* --- operations ------------------------------------------------------------------------------- */

static void pg_close(struct store *base)
{
	struct pg_store *s = pg_of(base);
	pg_mirror_free(s);
	pg_replicas_free(s);
	PQfinish(s->listen);
	pthread_mutex_destroy(&s->listen_mu);
	struct pg_conn *c = s->idle;
	while (c) {
		struct pg_conn *next = c->next;
		conn_close(c);
		c = next;
	}
	pthread_cond_destroy(&s->freed);
	pthread_mutex_destroy(&s->mu);
	pthread_mutex_destroy(&s->ready_mu);
	free(s->url);
	free(s);
}

static int pg_schema_version(struct store *base)
{
	return pg_of(base)->version;
}

/* --- change notifications -------------------------------------------------------------------- */

/* Makes sure s->listen is connected and LISTENing; STORE_UNAVAILABLE when it cannot be. A new
 * listener may have missed notifications: callers poll the content version after every wait. */
static enum store_rc listen_ready(struct pg_store *s)
{
	if (s->listen && PQstatus(s->listen) == CONNECTION_OK)
		return STORE_OK;
	PQfinish(s->listen);
	struct buf err = BUF_INIT;
	s->listen = pg_connect(s, &err);
	note_reachable(s, s->listen != NULL, buf_cstr(&err));
	buf_free(&err);
	if (!s->listen)
		return STORE_UNAVAILABLE;
	PQsetNoticeProcessor(s->listen, on_notice, NULL);
	PGresult *r = PQexec(s->listen, "LISTEN " PG_CHANNEL);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		pg_log("LISTEN " PG_CHANNEL, PQresultErrorMessage(r));
	PQclear(r);
	if (!ok) {
		PQfinish(s->listen);
		s->listen = NULL;
		return STORE_UNAVAILABLE;
	}
	return STORE_OK;
}

/* Consumes every notification already received; returns how many there were. */
static int listen_drain(PGconn *db)
{
	int n = 0;
	PGnotify *note;
	while ((note = PQnotifies(db)) != NULL) {
		PQfreemem(note);
		n++;
	}
	return n;
}

/* Drops a listener whose server went away (it is remade by the next listen_ready). */
static enum store_rc listen_lost(struct pg_store *s)
{
	note_reachable(s, false, PQerrorMessage(s->listen));
	PQfinish(s->listen);
	s->listen = NULL;
	return STORE_UNAVAILABLE;
}

static enum store_rc pg_wait_change(struct store *base, int timeout_ms)
{
	struct pg_store *s = pg_of(base);
	pthread_mutex_lock(&s->listen_mu);
	enum store_rc rc = listen_ready(s);
	if (rc == STORE_OK && listen_drain(s->listen) == 0) {
		struct pollfd p = {.fd = PQsocket(s->listen), .events = POLLIN};
		int ready = poll(&p, 1, timeout_ms > 0 ? timeout_ms : 0);
		if (ready > 0 &&
		    (PQconsumeInput(s->listen) != 1 || PQstatus(s->listen) != CONNECTION_OK))
			rc = listen_lost(s);
		else if (ready > 0)
			listen_drain(s->listen);
	}
	pthread_mutex_unlock(&s->listen_mu);
	return rc;
}

static const struct store_ops pg_ops = {
    .name = "postgresql",
    .docs = &pg_doc_ops,
    .close = pg_close,
    .schema_version = pg_schema_version,
    .conn_get = pg_take,
    .conn_put = pg_give,
    .read_get = pg_read_get,
    .replicas_add = pg_replicas_add,
    .has_replicas = pg_has_replicas,
    .note_write = pg_note_write,
    .replica_stats = pg_replica_stats,
    .pool_stats = pg_pool_stats,
    .tx_open = pg_tx_open,
    .tx_commit = pg_tx_finish,
    .tx_abort = pg_tx_abort,
    .setting_get = pg_setting_get,
    .setting_set = pg_setting_set,
    .categories = pg_categories,
    .slug_taken = pg_slug_taken,
    .named_find = pg_named_find,
    .named_insert = pg_named_insert,
    .article_exists = pg_article_exists,
    .revision_snapshot = pg_revision_snapshot,
    .article_write = pg_article_write,
    .article_tags_clear = pg_article_tags_clear,
    .article_tag_add = pg_article_tag_add,
    .tags_find = pg_tags_find,
    .words_ahead = pg_words_ahead,
    .article_words = pg_article_words,
    .articles_insert_batch = pg_articles_insert_batch,
    .list_rows = pg_list_rows,
    .list_count = pg_list_count,
    .each_page = pg_each_page,
    .view_add = pg_view_add,
    .views_add_batch = pg_views_add_batch,
    .article_get = pg_article_get,
    .article_max_id = pg_article_max_id,
    .article_free_id = pg_article_free_id,
    .user_get = pg_user_get,
    .user_add = pg_user_add,
    .content_version = pg_content_version,
    .article_set_status = pg_article_set_status,
    .article_set_featured = pg_article_set_featured,
    .articles_admin = pg_articles_admin,
    .revisions = pg_revisions,
    .revision_get = pg_revision_get,
    .next_change = pg_next_change,
    .category_update = pg_category_update,
    .category_delete = pg_category_delete,
    .tags = pg_tags,
    .tag_by_slug = pg_tag_by_slug,
    .tag_rename = pg_tag_rename,
    .tag_delete = pg_tag_delete,
    .category_counts = pg_category_counts,
    .autosave_put = pg_autosave_put,
    .autosave_get = pg_autosave_get,
    .autosave_delete = pg_autosave_delete,
    .pages = pg_pages,
    .page_by_slug = pg_page_by_slug,
    .page_below = pg_page_below,
    .page_write = pg_page_write,
    .page_children = pg_page_children,
    .page_delete = pg_page_delete,
    .page_by_id = pg_page_by_id,
    .page_set_status = pg_page_set_status,
    .page_snapshot = pg_page_snapshot,
    .page_revisions = pg_page_revisions,
    .page_revision_get = pg_page_revision_get,
    .units = pg_units,
    .people = pg_people,
    .unit_below = pg_unit_below,
    .unit_write = pg_unit_write,
    .unit_used = pg_unit_used,
    .unit_delete = pg_unit_delete,
    .person_write = pg_person_write,
    .person_delete = pg_person_delete,
    .translation_get = pg_translation_get,
    .translation_put = pg_translation_put,
    .translation_delete = pg_translation_delete,
    .translations = pg_translations,
    .user_by_id = pg_user_by_id,
    .users = pg_users,
    .user_update = pg_user_update,
    .user_password = pg_user_password,
    .user_categories = pg_user_categories,
    .user_category_ids = pg_user_category_ids,
    .user_right = pg_user_right,
    .user_right_set = pg_user_right_set,
    .session_add = pg_session_add,
    .session_get = pg_session_get,
    .session_delete = pg_session_delete,
    .sessions_delete_user = pg_sessions_delete_user,
    .token_add = pg_token_add,
    .tokens = pg_tokens,
    .token_revoke = pg_token_revoke,
    .tokens_delete_user = pg_tokens_delete_user,
    .token_user = pg_token_user,
    .throttle_hit = pg_throttle_hit,
    .throttle_count = pg_throttle_count,
    .throttle_clear = pg_throttle_clear,
    .audit_chain_get = pg_audit_chain_get,
    .audit_chain_set = pg_audit_chain_set,
    .audit_insert = pg_audit_insert,
    .audit_page = pg_audit_page,
    .audit_rehash = pg_audit_rehash,
    .audit_purge_bound = pg_audit_purge_bound,
    .audit_delete_upto = pg_audit_delete_upto,
    .audit_list = pg_audit_list,
    .archive_open = pg_archive_open,
    .archive_close = pg_archive_close,
    .archive_drop = pg_archive_drop,
    .archive_add = pg_archive_add,
    .archive_at = pg_archive_at,
    .archive_category_at = pg_archive_category_at,
    .archive_versions = pg_archive_versions,
    .archive_purge = pg_archive_purge,
    .article_delete = pg_article_delete,
    .views_daily_add = pg_views_daily_add,
    .sources = pg_sources,
    .source_get = pg_source_get,
    .source_put = pg_source_put,
    .source_delete = pg_source_delete,
    .origin_get = pg_origin_get,
    .origin_set = pg_origin_set,
    .takedown_add = pg_takedown_add,
    .takedowns = pg_takedowns,
    .takedown_done = pg_takedown_done,
    .takedown_claim = pg_takedown_claim,
    .views_cat_add = pg_views_cat_add,
    .stats_rows = pg_stats_rows,
    .stats_output = pg_stats_output,
    .wait_change = pg_wait_change,
    .search = pg_search,
    .search_reindex = pg_search_reindex,
    .search_merge = pg_search_merge,
    .mirror_attach = pg_mirror_attach,
    .mirror_wait = pg_mirror_wait,
    .mirror_stats = pg_mirror_stats,
    .mirror_search = pg_mirror_search,
    .mirror_article = pg_mirror_article,
    .bodies_stale = pg_bodies_stale,
    .body_set = pg_body_set,
    .media_add = pg_media_add,
    .media_list = pg_media_list,
    .media_get = pg_media_get,
    .media_by_id = pg_media_by_id,
    .media_describe = pg_media_describe,
    .media_delete = pg_media_delete,
    .media_uses = pg_media_uses,
    .import_key_get = pg_import_key_get,
    .import_key_set = pg_import_key_set,
    .redirect_get = pg_redirect_get,
    .redirect_set = pg_redirect_set,
    .media_set_size = pg_media_set_size,
    .blob_begin = pg_blob_begin,
    .blob_write = pg_blob_write,
    .blob_end = pg_blob_end,
    .blob_stat = pg_blob_stat,
    .blob_read = pg_blob_read,
    .blob_delete = pg_blob_delete,
    .blob_list = pg_blob_list,
    .w_run = pg_w_run,
    .sql_run = pg_sql_run,
    .tk_sql = pg_ticket_sql,
};

/* Appends msg on one line with any copy of url in it shown without its password (libpq quotes
 * the URL it could not parse). */
static void put_redacted(struct buf *b, const char *msg, const char *url)
{
	const char *at = strstr(url, "://") ? strchr(strstr(url, "://") + 3, '@') : NULL;
	const char *colon = at ? memchr(strstr(url, "://") + 3, ':', (size_t)(at - url)) : NULL;
	const char *hit = colon && colon < at ? strstr(msg, url) : NULL;
	if (!hit) {
		pg_put_one_line(b, msg);
		return;
	}
	struct buf m = BUF_INIT;
	buf_append(&m, msg, (size_t)(hit - msg));
	buf_append(&m, url, (size_t)(colon + 1 - url));
	buf_puts(&m, "***");
	buf_puts(&m, at);
	buf_puts(&m, hit + strlen(url));
	pg_put_one_line(b, buf_cstr(&m));
	buf_free(&m);
}

/* Checks url with libpq's own parser; says whether it sets connect_timeout. */
static enum store_rc parse_url(const char *url, bool *has_timeout, struct buf *err)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &msg);
	if (!opts) {
		buf_puts(err, "invalid PostgreSQL URL: ");
		put_redacted(err, msg ? msg : "out of memory", url);
		PQfreemem(msg);
		return STORE_INVALID;
	}
	*has_timeout = false;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "connect_timeout") == 0 && o->val && *o->val)
			*has_timeout = true;
	PQconninfoFree(opts);
	return STORE_OK;
}

/* Refuses a database whose encoding cannot hold Vietnamese text. */
static enum store_rc check_encoding(PGconn *db, struct buf *err)
{
	const char *enc = PQparameterStatus(db, "server_encoding");
	if (!enc || strcmp(enc, "UTF8") == 0 || strcmp(enc, "SQL_ASCII") == 0)
		return STORE_OK;
	buf_printf(err,
		   "the PostgreSQL database '%s' has encoding %s: Gazette needs UTF8 (createdb "
		   "-E UTF8 -T template0 ...)",
		   PQdb(db), enc);
	return STORE_INVALID;
}

struct pg_store *pg_pool_new(const char *url, struct buf *err)
{
	bool has_timeout;
	if (parse_url(url, &has_timeout, err) != STORE_OK)
		return NULL;
	struct pg_store *s = xcalloc(1, sizeof(*s));
	s->base.ops = &pg_ops;
	s->base.root = &s->base;
	s->url = xstrdup(url);
	s->default_timeout = !has_timeout;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->freed, NULL);
	pthread_mutex_init(&s->listen_mu, NULL);
	pthread_mutex_init(&s->ready_mu, NULL);
	return s;
}

enum store_rc store_pg_open(const char *url, bool create, struct store **out, struct buf *err)
{
	(void)create; /* the database must exist: PostgreSQL databases are made by their admin */
	struct pg_store *s = pg_pool_new(url, err);
	if (!s)
		return STORE_INVALID;
	enum store_rc rc;
	struct pg_conn *c = conn_open(s, err);
	if (!c && store_start_offline) {
		/* `serve` with a page store: answer from it now, connect when the database is up.
		 */
		pg_log("the database is unreachable; starting without it", buf_cstr(err));
		buf_reset(err);
		atomic_store(&s->unready, true);
		atomic_store(&s->down, true);
		*out = &s->base;
		return STORE_OK;
	}
	rc = c ? check_encoding(c->db, err) : STORE_UNAVAILABLE;
	if (rc == STORE_OK)
		rc = pg_migrate(s, c, err);
	if (rc != STORE_OK) {
		if (c)
			conn_close(c);
		pg_close(&s->base);
		return rc;
	}
	s->idle = c;
	s->open = 1;
	*out = &s->base;
	return STORE_OK;
}
