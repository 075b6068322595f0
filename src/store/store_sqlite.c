/* The SQLite backend: WAL, foreign keys, a pool of connections, statements prepared once each. */
#include "store/store-int.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/log.h"
#include "store/schema.h"
#include "vi/vi.h"

enum sq_stmt {
	SQ_SETTING_GET,
	SQ_SETTING_SET,
	SQ_CATEGORIES,
	SQ_CATEGORY_FIND,
	SQ_CATEGORY_SLUG_TAKEN,
	SQ_CATEGORY_INSERT,
	SQ_ARTICLE_GET,
	SQ_ARTICLE_TAGS,
	SQ_ARTICLE_EXISTS,
	SQ_ARTICLE_INSERT,
	SQ_ARTICLE_UPDATE,
	SQ_TAG_FIND,
	SQ_TAG_SLUG_TAKEN,
	SQ_TAG_INSERT,
	SQ_ARTICLE_TAGS_CLEAR,
	SQ_ARTICLE_TAG_ADD,
	SQ_LIST_ALL_NEWEST,
	SQ_LIST_ALL_VIEWED,
	SQ_LIST_CAT_NEWEST,
	SQ_LIST_TREE_NEWEST,
	SQ_COUNT_ALL,
	SQ_COUNT_CAT,
	SQ_COUNT_TREE,
	SQ_EACH,
	SQ_MAX_ID,
	SQ_VIEWS_ADD,
	SQ_USER_GET,
	SQ_USER_INSERT,
	SQ_CONTENT_VERSION,
	SQ_MAX
};

#define LIST_COLS "id, category_id, coalesce(published_at, 0), views, title, slug, lead, author"
#define PUBLIC_WHERE                                                                               \
	"status = 'published' AND published_at <= ?1 AND id <> ?3 AND (?4 = 0 OR featured = 1)"
#define SUBTREE                                                                                    \
	"(WITH RECURSIVE sub(id) AS (SELECT ?2 UNION ALL SELECT c.id FROM categories c "           \
	"JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)"
#define ARTICLE_COLS                                                                               \
	"id, category_id, status, coalesce(published_at, 0), created_at, updated_at, views, "      \
	"revision, featured, title, slug, lead, body_html, author, signature, source"

static const char *const sq_sql[SQ_MAX] = {
    [SQ_SETTING_GET] = "SELECT value FROM settings WHERE key = ?1",
    [SQ_SETTING_SET] = "INSERT INTO settings(key, value) VALUES (?1, ?2) "
		       "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [SQ_CATEGORIES] = "SELECT id, coalesce(parent_id, 0), position, name, slug FROM categories "
		      "ORDER BY coalesce(parent_id, 0), position, name",
    [SQ_CATEGORY_FIND] =
	"SELECT id FROM categories WHERE coalesce(parent_id, 0) = ?1 AND name = ?2",
    [SQ_CATEGORY_SLUG_TAKEN] =
	"SELECT 1 FROM categories WHERE coalesce(parent_id, 0) = ?1 AND slug = ?2",
    [SQ_CATEGORY_INSERT] =
	"INSERT INTO categories(parent_id, name, slug, position) VALUES (nullif(?1, 0), ?2, ?3, "
	"(SELECT coalesce(max(position), 0) + 1 FROM categories WHERE coalesce(parent_id, 0) = "
	"?1))",
    [SQ_ARTICLE_GET] = "SELECT " ARTICLE_COLS " FROM articles WHERE id = ?1",
    [SQ_ARTICLE_TAGS] = "SELECT t.name FROM article_tags a JOIN tags t ON t.id = a.tag_id "
			"WHERE a.article_id = ?1 ORDER BY a.position",
    [SQ_ARTICLE_EXISTS] = "SELECT 1 FROM articles WHERE id = ?1",
    [SQ_ARTICLE_INSERT] =
	"INSERT INTO articles(id, category_id, status, title, slug, lead, body_html, author, "
	"signature, source, published_at, views, created_at, updated_at) VALUES (nullif(?1, 0), "
	"?2, "
	"?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, 0), ?12, ?13, ?13)",
    [SQ_ARTICLE_UPDATE] =
	"UPDATE articles SET category_id = ?2, status = ?3, title = ?4, slug = ?5, lead = ?6, "
	"body_html = ?7, author = ?8, signature = ?9, source = ?10, published_at = nullif(?11, 0), "
	"views = CASE WHEN ?14 THEN ?12 ELSE views END, updated_at = ?13, revision = revision + 1 "
	"WHERE id = ?1",
    [SQ_TAG_FIND] = "SELECT id FROM tags WHERE name = ?1",
    [SQ_TAG_SLUG_TAKEN] = "SELECT 1 FROM tags WHERE slug = ?1",
    [SQ_TAG_INSERT] = "INSERT INTO tags(name, slug) VALUES (?1, ?2)",
    [SQ_ARTICLE_TAGS_CLEAR] = "DELETE FROM article_tags WHERE article_id = ?1",
    [SQ_ARTICLE_TAG_ADD] = "INSERT OR IGNORE INTO article_tags(article_id, tag_id, position) "
			   "VALUES (?1, ?2, ?3)",
    [SQ_LIST_ALL_NEWEST] = "SELECT " LIST_COLS " FROM articles WHERE " PUBLIC_WHERE
			   " ORDER BY published_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    [SQ_LIST_ALL_VIEWED] = "SELECT " LIST_COLS " FROM articles WHERE " PUBLIC_WHERE
			   " ORDER BY views DESC, published_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    [SQ_LIST_CAT_NEWEST] =
	"SELECT " LIST_COLS " FROM articles WHERE category_id = ?2 AND " PUBLIC_WHERE
	" ORDER BY published_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    [SQ_LIST_TREE_NEWEST] =
	"SELECT " LIST_COLS " FROM articles WHERE category_id IN " SUBTREE " AND " PUBLIC_WHERE
	" ORDER BY published_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    [SQ_COUNT_ALL] = "SELECT count(*) FROM articles WHERE " PUBLIC_WHERE,
    [SQ_COUNT_CAT] = "SELECT count(*) FROM articles WHERE category_id = ?2 AND " PUBLIC_WHERE,
    [SQ_COUNT_TREE] =
	"SELECT count(*) FROM articles WHERE category_id IN " SUBTREE " AND " PUBLIC_WHERE,
    [SQ_EACH] = "SELECT " ARTICLE_COLS " FROM articles WHERE id > ?1 ORDER BY id LIMIT 500",
    [SQ_MAX_ID] = "SELECT coalesce(max(id), 0) FROM articles",
    [SQ_VIEWS_ADD] = "UPDATE articles SET views = views + ?2 WHERE id = ?1",
    [SQ_USER_GET] = "SELECT id, name, display_name, role, password_hash, disabled FROM users "
		    "WHERE name = ?1",
    [SQ_USER_INSERT] = "INSERT INTO users(name, display_name, role, password_hash, created_at) "
		       "VALUES (?1, ?2, ?3, ?4, ?5)",
    [SQ_CONTENT_VERSION] = "SELECT value FROM meta WHERE key = 'content_version'",
};

struct sq_conn {
	sqlite3 *db;
	sqlite3_stmt *stmts[SQ_MAX];
	int depth;   /* open transaction nesting; > 0 pins the connection to its thread */
	bool failed; /* an inner step failed: the outermost end rolls back */
	struct sq_conn *next;
};

struct sq_store {
	struct store base;
	char *path;
	int version;
	pthread_mutex_t mu;
	struct sq_conn *idle;
};

/* The connection a thread holds inside store_begin .. store_commit. */
static _Thread_local struct sq_conn *tls_conn;
static _Thread_local struct sq_store *tls_store;

static struct sq_store *sq(struct store *st)
{
	return (struct sq_store *)st;
}

static int64_t now_utc(void)
{
	return (int64_t)time(NULL);
}

static enum store_rc rc_of(int rc)
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

static int conn_exec(struct sq_conn *c, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("sqlite: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
	}
	return rc;
}

static struct sq_conn *conn_open(const char *path, int flags, struct buf *err)
{
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
	const char *setup = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
			    "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;";
	char *msg = NULL;
	if (sqlite3_exec(c->db, setup, NULL, NULL, &msg) != SQLITE_OK) {
		if (err)
			buf_printf(err, "cannot use SQLite database '%s': %s", path,
				   msg ? msg : "unknown error");
		sqlite3_free(msg);
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	return c;
}

static void conn_close(struct sq_conn *c)
{
	for (int i = 0; i < SQ_MAX; i++)
		sqlite3_finalize(c->stmts[i]);
	sqlite3_close(c->db);
	free(c);
}

static struct sq_conn *conn_get(struct sq_store *s)
{
	if (tls_conn && tls_store == s)
		return tls_conn;
	pthread_mutex_lock(&s->mu);
	struct sq_conn *c = s->idle;
	if (c)
		s->idle = c->next;
	pthread_mutex_unlock(&s->mu);
	if (!c)
		c = conn_open(s->path, SQLITE_OPEN_READWRITE, NULL);
	if (c)
		c->next = NULL;
	else
		log_error("sqlite: cannot open another connection to %s", s->path);
	return c;
}

static void conn_put(struct sq_store *s, struct sq_conn *c)
{
	if (!c || c == tls_conn)
		return;
	pthread_mutex_lock(&s->mu);
	c->next = s->idle;
	s->idle = c;
	pthread_mutex_unlock(&s->mu);
}

/* Returns the reset statement `which` of c, preparing it on first use. */
static sqlite3_stmt *stmt(struct sq_conn *c, enum sq_stmt which)
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
static void bind_i64(sqlite3_stmt *s, int idx, int64_t v)
{
	if (idx <= sqlite3_bind_parameter_count(s))
		sqlite3_bind_int64(s, idx, v);
}

static void bind_text(sqlite3_stmt *s, int idx, const char *v)
{
	if (idx <= sqlite3_bind_parameter_count(s))
		sqlite3_bind_text(s, idx, v ? v : "", -1, SQLITE_STATIC);
}

static const char *col_text(struct arena *a, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	int n = sqlite3_column_bytes(s, col);
	return t ? arena_strndup(a, (const char *)t, (size_t)n) : "";
}

static enum store_rc step_done(struct sq_conn *c, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && (rc & 0xff) != SQLITE_CONSTRAINT)
		log_error("sqlite: %s", sqlite3_errmsg(c->db));
	sqlite3_reset(s);
	return rc_of(rc);
}

/* Enters a (possibly nested) transaction on c; the outermost one takes the write lock at once. */
static enum store_rc tx_enter(struct sq_conn *c)
{
	if (c->depth++ > 0)
		return STORE_OK;
	c->failed = false;
	int rc = conn_exec(c, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {
		c->depth = 0;
		return rc_of(rc);
	}
	return STORE_OK;
}

/* Leaves a transaction; the outermost leave commits, or rolls back if any step failed. */
static enum store_rc tx_leave(struct sq_conn *c, enum store_rc rc)
{
	if (rc != STORE_OK)
		c->failed = true;
	if (--c->depth > 0)
		return rc;
	if (c->failed) {
		conn_exec(c, "ROLLBACK");
		return rc != STORE_OK ? rc : STORE_ERROR;
	}
	int erc = conn_exec(c, "COMMIT");
	if (erc != SQLITE_OK) {
		conn_exec(c, "ROLLBACK");
		return rc_of(erc);
	}
	return STORE_OK;
}

/* --- migrations ------------------------------------------------------------------------------- */

static int read_version(struct sq_conn *c)
{
	sqlite3_stmt *s = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(c->db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1,
			       &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static enum store_rc migrate(struct sq_store *st, struct sq_conn *c, struct buf *err)
{
	if (conn_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY "
			 "KEY, applied_at INTEGER NOT NULL)") != SQLITE_OK) {
		buf_printf(err, "cannot create the migrations table in '%s'", st->path);
		return STORE_ERROR;
	}
	size_t n;
	const struct migration *m = schema_sqlite(&n);
	for (size_t i = 0; i < n; i++) {
		if (conn_exec(c, "BEGIN IMMEDIATE") != SQLITE_OK) {
			buf_printf(err, "database '%s' is locked by another process", st->path);
			return STORE_UNAVAILABLE;
		}
		int v = read_version(c);
		if (v >= m[i].version) {
			conn_exec(c, "ROLLBACK");
			continue;
		}
		char *msg = NULL;
		int rc = sqlite3_exec(c->db, m[i].sql, NULL, NULL, &msg);
		if (rc == SQLITE_OK) {
			char ins[128];
			snprintf(ins, sizeof ins, "INSERT INTO schema_migrations VALUES (%d, %lld)",
				 m[i].version, (long long)now_utc());
			rc = sqlite3_exec(c->db, ins, NULL, NULL, &msg);
		}
		if (rc != SQLITE_OK || conn_exec(c, "COMMIT") != SQLITE_OK) {
			buf_printf(err, "migration %d (%s) failed, schema left at version %d: %s",
				   m[i].version, m[i].what, v, msg ? msg : sqlite3_errmsg(c->db));
			sqlite3_free(msg);
			conn_exec(c, "ROLLBACK");
			return STORE_ERROR;
		}
		log_debug("sqlite: applied migration %d (%s)", m[i].version, m[i].what);
	}
	st->version = read_version(c);
	if (st->version > (int)m[n - 1].version) {
		buf_printf(
		    err,
		    "database '%s' has schema version %d, newer than this gazette knows (%d): "
		    "upgrade gazette",
		    st->path, st->version, m[n - 1].version);
		return STORE_INVALID;
	}
	return STORE_OK;
}

/* --- operations ------------------------------------------------------------------------------- */

static void sq_close(struct store *base)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = s->idle;
	while (c) {
		struct sq_conn *next = c->next;
		conn_close(c);
		c = next;
	}
	pthread_mutex_destroy(&s->mu);
	free(s->path);
	free(s);
}

static int sq_schema_version(struct store *base)
{
	return sq(base)->version;
}

static enum store_rc sq_begin(struct store *base)
{
	struct sq_store *s = sq(base);
	if (tls_conn && tls_store == s)
		return STORE_CONFLICT; /* one transaction per thread */
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = tx_enter(c);
	if (rc != STORE_OK) {
		conn_put(s, c);
		return rc;
	}
	tls_conn = c;
	tls_store = s;
	return STORE_OK;
}

static enum store_rc sq_end(struct store *base, bool commit)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = tls_conn;
	if (!c || tls_store != s)
		return STORE_INVALID;
	if (!commit)
		c->failed = true;
	enum store_rc rc = tx_leave(c, STORE_OK);
	tls_conn = NULL;
	tls_store = NULL;
	conn_put(s, c);
	return commit ? rc : STORE_OK;
}

static enum store_rc sq_commit(struct store *base)
{
	return sq_end(base, true);
}

static enum store_rc sq_rollback(struct store *base)
{
	return sq_end(base, false);
}

static enum store_rc sq_setting_get(struct store *base, struct arena *a, const char *key,
				    const char **val)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	sqlite3_stmt *q = stmt(c, SQ_SETTING_GET);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		bind_text(q, 1, key);
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			*val = col_text(a, q, 0);
			rc = STORE_OK;
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : rc_of(r);
		}
		sqlite3_reset(q);
	}
	conn_put(s, c);
	return rc;
}

static enum store_rc sq_setting_set(struct store *base, const char *key, const char *val)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	sqlite3_stmt *q = stmt(c, SQ_SETTING_SET);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		bind_text(q, 1, key);
		bind_text(q, 2, val);
		rc = step_done(c, q);
	}
	conn_put(s, c);
	return rc;
}

static enum store_rc sq_categories(struct store *base, struct arena *a, struct category **out,
				   size_t *n)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	sqlite3_stmt *q = stmt(c, SQ_CATEGORIES);
	enum store_rc rc = STORE_ERROR;
	size_t cap = 16, len = 0;
	struct category *v = arena_alloc(a, cap * sizeof(*v));
	int r = SQLITE_ERROR;
	while (q && (r = sqlite3_step(q)) == SQLITE_ROW) {
		if (len == cap) {
			struct category *nv = arena_alloc(a, 2 * cap * sizeof(*v));
			memcpy(nv, v, len * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		v[len].id = sqlite3_column_int64(q, 0);
		v[len].parent_id = sqlite3_column_int64(q, 1);
		v[len].position = sqlite3_column_int(q, 2);
		v[len].name = col_text(a, q, 3);
		v[len].slug = col_text(a, q, 4);
		len++;
	}
	if (q) {
		rc = rc_of(r);
		sqlite3_reset(q);
	}
	*out = v;
	*n = len;
	conn_put(s, c);
	return rc;
}

/* Returns STORE_OK with *found set when the query, bound with (i64, text), yields a row. */
static enum store_rc query_exists(struct sq_conn *c, enum sq_stmt which, int64_t p1, const char *p2,
				  bool use_text_first, int64_t *first_col, bool *found)
{
	sqlite3_stmt *q = stmt(c, which);
	if (!q)
		return STORE_ERROR;
	if (use_text_first) {
		bind_text(q, 1, p2);
	} else {
		bind_i64(q, 1, p1);
		bind_text(q, 2, p2);
	}
	int r = sqlite3_step(q);
	*found = r == SQLITE_ROW;
	if (*found && first_col)
		*first_col = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return r == SQLITE_ROW || r == SQLITE_DONE ? STORE_OK : rc_of(r);
}

/* Appends "-2", "-3" ... to base until `taken` says the slug is free. */
static enum store_rc unique_slug(struct sq_conn *c, enum sq_stmt taken, int64_t scope,
				 bool text_only, const char *base, struct buf *out)
{
	for (int i = 1; i < 10000; i++) {
		buf_reset(out);
		buf_puts(out, base);
		if (i > 1)
			buf_printf(out, "-%d", i);
		bool found;
		enum store_rc rc =
		    query_exists(c, taken, scope, buf_cstr(out), text_only, NULL, &found);
		if (rc != STORE_OK)
			return rc;
		if (!found)
			return STORE_OK;
	}
	return STORE_CONFLICT;
}

static enum store_rc category_ensure(struct sq_conn *c, int64_t parent_id, const char *name,
				     const char *slug, int64_t *id)
{
	bool found;
	enum store_rc rc = query_exists(c, SQ_CATEGORY_FIND, parent_id, name, false, id, &found);
	if (rc != STORE_OK || found)
		return rc;
	struct buf u = BUF_INIT;
	rc = unique_slug(c, SQ_CATEGORY_SLUG_TAKEN, parent_id, false, *slug ? slug : "muc", &u);
	sqlite3_stmt *q = rc == STORE_OK ? stmt(c, SQ_CATEGORY_INSERT) : NULL;
	if (q) {
		bind_i64(q, 1, parent_id);
		bind_text(q, 2, name);
		bind_text(q, 3, buf_cstr(&u));
		rc = step_done(c, q);
		if (rc == STORE_OK)
			*id = sqlite3_last_insert_rowid(c->db);
		else if (rc == STORE_CONFLICT)
			rc = STORE_NOTFOUND; /* the parent does not exist */
	} else if (rc == STORE_OK) {
		rc = STORE_ERROR;
	}
	buf_free(&u);
	return rc;
}

static enum store_rc sq_category_ensure(struct store *base, int64_t parent_id, const char *name,
					const char *slug, int64_t *id)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = tx_enter(c);
	if (rc == STORE_OK)
		rc = tx_leave(c, category_ensure(c, parent_id, name, slug, id));
	conn_put(s, c);
	return rc;
}

static void read_article(struct arena *a, sqlite3_stmt *q, struct article *o)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(q, 0);
	o->category_id = sqlite3_column_int64(q, 1);
	const char *st = (const char *)sqlite3_column_text(q, 2);
	int status = st ? article_status_parse(st) : -1;
	o->status = status < 0 ? ARTICLE_DRAFT : (enum article_status)status;
	o->published_at = sqlite3_column_int64(q, 3);
	o->created_at = sqlite3_column_int64(q, 4);
	o->updated_at = sqlite3_column_int64(q, 5);
	o->views = sqlite3_column_int64(q, 6);
	o->revision = sqlite3_column_int64(q, 7);
	o->featured = sqlite3_column_int(q, 8) != 0;
	o->title = col_text(a, q, 9);
	o->slug = col_text(a, q, 10);
	o->lead = col_text(a, q, 11);
	o->body_html = col_text(a, q, 12);
	o->author = col_text(a, q, 13);
	o->signature = col_text(a, q, 14);
	o->source = col_text(a, q, 15);
}

static enum store_rc read_tags(struct sq_conn *c, struct arena *a, struct article *o)
{
	sqlite3_stmt *q = stmt(c, SQ_ARTICLE_TAGS);
	if (!q)
		return STORE_ERROR;
	bind_i64(q, 1, o->id);
	size_t cap = 8;
	o->tags = arena_alloc(a, cap * sizeof(char *));
	o->ntags = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (o->ntags == cap) {
			const char **nt = arena_alloc(a, 2 * cap * sizeof(char *));
			memcpy(nt, o->tags, cap * sizeof(char *));
			o->tags = nt;
			cap *= 2;
		}
		o->tags[o->ntags++] = col_text(a, q, 0);
	}
	sqlite3_reset(q);
	return rc_of(r);
}

static enum store_rc sq_article_get(struct store *base, struct arena *a, int64_t id,
				    struct article *out)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = STORE_ERROR;
	sqlite3_stmt *q = stmt(c, SQ_ARTICLE_GET);
	if (q) {
		bind_i64(q, 1, id);
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			read_article(a, q, out);
			sqlite3_reset(q);
			rc = read_tags(c, a, out);
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : rc_of(r);
			sqlite3_reset(q);
		}
	}
	conn_put(s, c);
	return rc;
}

static enum store_rc tag_id(struct sq_conn *c, const char *name, int64_t *id)
{
	bool found;
	enum store_rc rc = query_exists(c, SQ_TAG_FIND, 0, name, true, id, &found);
	if (rc != STORE_OK || found)
		return rc;
	struct buf slug = BUF_INIT, u = BUF_INIT;
	if (vi_slug(name, strlen(name), 80, &slug) != 0 || slug.len == 0) {
		buf_reset(&slug);
		buf_puts(&slug, "chu-de");
	}
	rc = unique_slug(c, SQ_TAG_SLUG_TAKEN, 0, true, buf_cstr(&slug), &u);
	sqlite3_stmt *q = rc == STORE_OK ? stmt(c, SQ_TAG_INSERT) : NULL;
	if (q) {
		bind_text(q, 1, name);
		bind_text(q, 2, buf_cstr(&u));
		rc = step_done(c, q);
		*id = sqlite3_last_insert_rowid(c->db);
	}
	buf_free(&slug);
	buf_free(&u);
	return rc;
}

static enum store_rc put_tags(struct sq_conn *c, int64_t article_id, const char *const *tags,
			      size_t n)
{
	sqlite3_stmt *q = stmt(c, SQ_ARTICLE_TAGS_CLEAR);
	if (!q)
		return STORE_ERROR;
	bind_i64(q, 1, article_id);
	enum store_rc rc = step_done(c, q);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		int64_t tid = 0;
		rc = tag_id(c, tags[i], &tid);
		if (rc != STORE_OK)
			break;
		q = stmt(c, SQ_ARTICLE_TAG_ADD);
		if (!q)
			return STORE_ERROR;
		bind_i64(q, 1, article_id);
		bind_i64(q, 2, tid);
		bind_i64(q, 3, (int64_t)i);
		rc = step_done(c, q);
	}
	return rc;
}

static enum store_rc article_put(struct sq_conn *c, const struct article_put *p, int64_t *id_out)
{
	bool exists = false;
	enum store_rc rc = STORE_OK;
	if (p->id > 0)
		rc = query_exists(c, SQ_ARTICLE_EXISTS, p->id, NULL, false, NULL, &exists);
	if (rc != STORE_OK)
		return rc;
	sqlite3_stmt *q = stmt(c, exists ? SQ_ARTICLE_UPDATE : SQ_ARTICLE_INSERT);
	if (!q)
		return STORE_ERROR;
	bind_i64(q, 1, p->id);
	bind_i64(q, 2, p->category_id);
	bind_text(q, 3, article_status_name(p->status));
	bind_text(q, 4, p->title);
	bind_text(q, 5, p->slug);
	bind_text(q, 6, p->lead);
	bind_text(q, 7, p->body_html);
	bind_text(q, 8, p->author);
	bind_text(q, 9, p->signature);
	bind_text(q, 10, p->source);
	bind_i64(q, 11, p->published_at);
	bind_i64(q, 12, p->views);
	bind_i64(q, 13, now_utc());
	bind_i64(q, 14, p->set_views);
	rc = step_done(c, q);
	if (rc != STORE_OK)
		return rc == STORE_CONFLICT ? STORE_INVALID : rc;
	int64_t id = exists ? p->id : sqlite3_last_insert_rowid(c->db);
	rc = put_tags(c, id, p->tags, p->ntags);
	if (rc == STORE_OK && id_out)
		*id_out = id;
	return rc;
}

static enum store_rc sq_article_put(struct store *base, const struct article_put *p,
				    int64_t *id_out)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = tx_enter(c);
	if (rc == STORE_OK)
		rc = tx_leave(c, article_put(c, p, id_out));
	conn_put(s, c);
	return rc;
}

static void read_summary(struct arena *a, sqlite3_stmt *q, struct article_summary *o)
{
	o->id = sqlite3_column_int64(q, 0);
	o->category_id = sqlite3_column_int64(q, 1);
	o->published_at = sqlite3_column_int64(q, 2);
	o->views = sqlite3_column_int64(q, 3);
	o->title = col_text(a, q, 4);
	o->slug = col_text(a, q, 5);
	o->lead = col_text(a, q, 6);
	o->author = col_text(a, q, 7);
}

static void bind_query(sqlite3_stmt *s, const struct article_query *q)
{
	bind_i64(s, 1, q->now);
	bind_i64(s, 2, q->category_id);
	bind_i64(s, 3, q->exclude_id);
	bind_i64(s, 4, q->featured_only);
	bind_i64(s, 5, q->limit);
	bind_i64(s, 6, q->offset);
}

static enum store_rc list_rows(struct sq_conn *c, struct arena *a, const struct article_query *aq,
			       enum sq_stmt which, struct article_summary **out, size_t *n)
{
	sqlite3_stmt *q = stmt(c, which);
	if (!q)
		return STORE_ERROR;
	bind_query(q, aq);
	size_t cap = aq->limit > 0 && aq->limit < 1000 ? (size_t)aq->limit : 16;
	struct article_summary *v = arena_alloc(a, cap * sizeof(*v));
	size_t len = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (len == cap) {
			struct article_summary *nv = arena_alloc(a, 2 * cap * sizeof(*v));
			memcpy(nv, v, len * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		read_summary(a, q, &v[len++]);
	}
	sqlite3_reset(q);
	*out = v;
	*n = len;
	return rc_of(r);
}

static enum store_rc count_rows(struct sq_conn *c, const struct article_query *aq,
				enum sq_stmt which, int64_t *total)
{
	sqlite3_stmt *q = stmt(c, which);
	if (!q)
		return STORE_ERROR;
	bind_query(q, aq);
	int r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		*total = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return r == SQLITE_ROW ? STORE_OK : rc_of(r == SQLITE_DONE ? SQLITE_ERROR : r);
}

static enum store_rc sq_articles_list(struct store *base, struct arena *a,
				      const struct article_query *q, struct article_summary **out,
				      size_t *n, int64_t *total)
{
	struct sq_store *s = sq(base);
	enum sq_stmt list, count;
	if (q->category_id == 0) {
		list = q->order == ORDER_MOST_VIEWED ? SQ_LIST_ALL_VIEWED : SQ_LIST_ALL_NEWEST;
		count = SQ_COUNT_ALL;
	} else if (q->with_descendants) {
		list = SQ_LIST_TREE_NEWEST;
		count = SQ_COUNT_TREE;
	} else {
		list = SQ_LIST_CAT_NEWEST;
		count = SQ_COUNT_CAT;
	}
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = list_rows(c, a, q, list, out, n);
	if (rc == STORE_OK && total)
		rc = count_rows(c, q, count, total);
	conn_put(s, c);
	return rc;
}

static enum store_rc sq_articles_each(struct store *base, int (*fn)(const struct article *, void *),
				      void *ctx)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = STORE_OK;
	int64_t last = 0;
	bool more = true;
	/* Pages of 500 by id, each read into an arena, so no statement stays open across callbacks.
	 */
	while (rc == STORE_OK && more) {
		struct arena *a = arena_new();
		sqlite3_stmt *q = stmt(c, SQ_EACH);
		struct article *rows = arena_alloc(a, 500 * sizeof(*rows));
		size_t n = 0;
		int r = SQLITE_ERROR;
		if (q) {
			bind_i64(q, 1, last);
			while ((r = sqlite3_step(q)) == SQLITE_ROW && n < 500)
				read_article(a, q, &rows[n++]);
			sqlite3_reset(q);
		}
		rc = rc_of(r);
		for (size_t i = 0; rc == STORE_OK && i < n; i++)
			rc = read_tags(c, a, &rows[i]);
		for (size_t i = 0; rc == STORE_OK && i < n; i++) {
			if (fn(&rows[i], ctx) != 0) {
				more = false;
				break;
			}
			last = rows[i].id;
		}
		if (n < 500)
			more = false;
		arena_free(a);
	}
	conn_put(s, c);
	return rc;
}

/* Runs a statement without parameters that yields one integer. */
static enum store_rc one_int(struct store *base, enum sq_stmt which, int64_t *out)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	sqlite3_stmt *q = stmt(c, which);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			*out = sqlite3_column_int64(q, 0);
			rc = STORE_OK;
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : rc_of(r);
		}
		sqlite3_reset(q);
	}
	conn_put(s, c);
	return rc;
}

static enum store_rc sq_content_version(struct store *base, int64_t *out)
{
	return one_int(base, SQ_CONTENT_VERSION, out);
}

static enum store_rc sq_article_max_id(struct store *base, int64_t *out)
{
	return one_int(base, SQ_MAX_ID, out);
}

static enum store_rc sq_views_add(struct store *base, const struct view_delta *d, size_t n)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = tx_enter(c), inner = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && inner == STORE_OK && i < n; i++) {
		sqlite3_stmt *q = stmt(c, SQ_VIEWS_ADD);
		if (!q) {
			inner = STORE_ERROR;
			break;
		}
		bind_i64(q, 1, d[i].article_id);
		bind_i64(q, 2, d[i].n);
		inner = step_done(c, q);
	}
	if (rc == STORE_OK)
		rc = tx_leave(c, inner);
	conn_put(s, c);
	return rc;
}

static enum store_rc sq_user_get(struct store *base, struct arena *a, const char *name,
				 struct user *out)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	sqlite3_stmt *q = stmt(c, SQ_USER_GET);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		bind_text(q, 1, name);
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			out->id = sqlite3_column_int64(q, 0);
			out->name = col_text(a, q, 1);
			out->display_name = col_text(a, q, 2);
			out->role = col_text(a, q, 3);
			out->password_hash = col_text(a, q, 4);
			out->disabled = sqlite3_column_int(q, 5) != 0;
			rc = STORE_OK;
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : rc_of(r);
		}
		sqlite3_reset(q);
	}
	conn_put(s, c);
	return rc;
}

static enum store_rc sq_user_add(struct store *base, const char *name, const char *display_name,
				 const char *role, const char *password_hash, int64_t *id)
{
	struct sq_store *s = sq(base);
	struct sq_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	sqlite3_stmt *q = stmt(c, SQ_USER_INSERT);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		bind_text(q, 1, name);
		bind_text(q, 2, display_name);
		bind_text(q, 3, role);
		bind_text(q, 4, password_hash);
		bind_i64(q, 5, now_utc());
		rc = step_done(c, q);
		if (rc == STORE_OK && id)
			*id = sqlite3_last_insert_rowid(c->db);
	}
	conn_put(s, c);
	return rc;
}

static const struct store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .schema_version = sq_schema_version,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .setting_get = sq_setting_get,
    .setting_set = sq_setting_set,
    .categories = sq_categories,
    .category_ensure = sq_category_ensure,
    .article_get = sq_article_get,
    .article_put = sq_article_put,
    .articles_list = sq_articles_list,
    .articles_each = sq_articles_each,
    .article_max_id = sq_article_max_id,
    .views_add = sq_views_add,
    .user_get = sq_user_get,
    .user_add = sq_user_add,
    .content_version = sq_content_version,
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
	struct sq_conn *c = conn_open(path, flags, err);
	if (!c)
		return STORE_ERROR;
	struct sq_store *s = xcalloc(1, sizeof(*s));
	s->base.ops = &sqlite_ops;
	s->path = xstrdup(path);
	pthread_mutex_init(&s->mu, NULL);
	enum store_rc rc = migrate(s, c, err);
	if (rc != STORE_OK) {
		conn_close(c);
		sq_close(&s->base);
		return rc;
	}
	s->idle = c;
	*out = &s->base;
	return STORE_OK;
}
