/* The PostgreSQL backend: libpq, a small pool of connections, statements prepared once each. */
#include "store/store-int.h"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "store/pg_search.h"
#include "store/schema.h"
#include "vi/vi.h"

/* Most connections one store opens; a caller beyond that waits for one to come back. */
#define PG_POOL_MAX 8
/* Seconds to wait for a connection when the URL does not say (connect_timeout). */
#define PG_CONNECT_TIMEOUT "5"
/* Rows per page of store_articles_each. */
#define PG_EACH_PAGE 500
/* Most parameters of any statement. */
#define PG_PARAMS_MAX 20
/* The channel the content-version trigger notifies (schema_pg.c, migration 5). */
#define PG_CHANNEL "gazette_content"
/* Key of the advisory lock that serialises migrations across nodes. */
#define PG_MIGRATION_LOCK "SELECT pg_advisory_xact_lock(7526430190712010251)"

/* Type oids of parameters (fixed in PostgreSQL's catalog, pg_type.dat). */
#define PG_BOOLOID 16
#define PG_INT8OID 20
#define PG_TEXTOID 25

enum pg_stmt {
	PG_SETTING_GET,
	PG_SETTING_SET,
	PG_CATEGORIES,
	PG_CATEGORY_FIND,
	PG_CATEGORY_SLUG_TAKEN,
	PG_CATEGORY_INSERT,
	PG_ARTICLE_GET,
	PG_ARTICLE_TAGS,
	PG_ARTICLE_EXISTS,
	PG_ARTICLE_INSERT,
	PG_ARTICLE_UPDATE,
	PG_REVISION_SNAPSHOT,
	PG_ARTICLE_SEQ_ADVANCE,
	PG_TAG_FIND,
	PG_TAG_SLUG_TAKEN,
	PG_TAG_INSERT,
	PG_ARTICLE_TAGS_CLEAR,
	PG_ARTICLE_TAG_ADD,
	PG_LIST_ALL_NEWEST,
	PG_LIST_ALL_VIEWED,
	PG_LIST_CAT_NEWEST,
	PG_LIST_TREE_NEWEST,
	PG_COUNT_ALL,
	PG_COUNT_CAT,
	PG_COUNT_TREE,
	PG_EACH,
	PG_EACH_TAGS,
	PG_MAX_ID,
	PG_VIEWS_ADD,
	PG_USER_GET,
	PG_USER_INSERT,
	PG_CONTENT_VERSION,
	/* the newsroom */
	PG_SET_STATUS,
	PG_SET_FEATURED,
	PG_ADMIN_ALL,
	PG_ADMIN_COUNT,
	PG_REVISIONS,
	PG_REVISION_GET,
	PG_NEXT_CHANGE,
	PG_CATEGORY_CYCLE,
	PG_CATEGORY_UPDATE,
	PG_CATEGORY_USED,
	PG_CATEGORY_DELETE,
	PG_TAGS,
	PG_TAG_BY_SLUG,
	PG_TAG_RENAME,
	PG_TAG_DELETE_LINKS,
	PG_TAG_DELETE,
	PG_USER_BY_ID,
	PG_USERS,
	PG_USER_CATS,
	PG_USER_UPDATE,
	PG_USER_PASSWORD,
	PG_USER_CATS_CLEAR,
	PG_USER_CATS_ADD,
	PG_SESSION_PURGE,
	PG_SESSION_ADD,
	PG_SESSION_GET,
	PG_SESSION_DELETE,
	PG_SESSIONS_DELETE_USER,
	PG_TOKEN_ADD,
	PG_TOKEN_USER,
	PG_THROTTLE_PURGE,
	PG_THROTTLE_HIT,
	PG_THROTTLE_COUNT,
	PG_THROTTLE_CLEAR,
	PG_AUDIT_ADD,
	PG_AUDIT_LIST,
	PG_AUDIT_COUNT,
	PG_MEDIA_ADD,
	PG_MEDIA_LIST,
	PG_MEDIA_COUNT,
	PG_MEDIA_GET,
	PG_MAX
};

/* A statement and the types of its parameters $1..$n: I bigint, T text, B boolean. */
struct pg_sql {
	const char *sql;
	const char *types;
};

#define LIST_COLS "id, category_id, coalesce(published_at, 0), views, title, slug, lead, author"
/* List parameters: $1 now, $2 category, $3 excluded id, $4 featured only, $5 limit, $6 offset,
 * $7 tag. */
#define LIST_TYPES "IIIIIII"
#define COUNT_TYPES "IIIIIII"
#define PUBLIC_WHERE                                                                               \
	"status = 'published' AND published_at <= $1 AND (expires_at IS NULL OR expires_at > $1) " \
	"AND id <> $3 AND ($4 = 0 OR featured) AND ($7 = 0 OR id IN (SELECT article_id FROM "      \
	"article_tags WHERE tag_id = $7))"
/* A negative limit means none and a negative offset means 0, as in SQLite. */
#define PAGE " LIMIT (CASE WHEN $5 >= 0 THEN $5 END) OFFSET greatest($6, 0)"
#define SUBTREE                                                                                    \
	"(WITH RECURSIVE sub(id) AS (SELECT $2::bigint UNION SELECT c.id FROM categories c "       \
	"JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)"
#define ARTICLE_COLS                                                                               \
	"id, category_id, status, coalesce(published_at, 0), created_at, updated_at, views, "      \
	"revision, featured, title, slug, lead, body_html, author, signature, source, "            \
	"coalesce(owner_id, 0), coalesce(expires_at, 0), note"
/* Article put parameters: $1 id .. $14 set views (see article_params), $15 owner, $16 expiry,
 * $17 expected revision. */
#define PUT_TYPES "IITTTTTTTTIIIBIII"

#define ROW_COLS                                                                                   \
	"a.id, a.category_id, coalesce(a.owner_id, 0), a.updated_at, coalesce(a.published_at, "    \
	"0), "                                                                                     \
	"coalesce(a.expires_at, 0), a.revision, a.status, a.featured, a.title, coalesce(u.name, "  \
	"'')"
#define REV_COLS                                                                                   \
	"r.article_id, r.revision, r.created_at, coalesce(r.user_id, 0), coalesce(u.name, ''), "   \
	"r.category_id, r.title, r.lead, r.body_html, r.author, r.signature, r.source, r.tags"
#define USER_COLS "id, name, display_name, role, password_hash, disabled"
#define PAGE_34 " LIMIT (CASE WHEN $3 >= 0 THEN $3 END) OFFSET greatest($4, 0)"

static const struct pg_sql pg_sql[PG_MAX] = {
    [PG_SETTING_GET] = {"SELECT value FROM settings WHERE key = $1", "T"},
    [PG_SETTING_SET] = {"INSERT INTO settings(key, value) VALUES ($1, $2) "
			"ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			"TT"},
    [PG_CATEGORIES] = {"SELECT id, coalesce(parent_id, 0), position, name, slug FROM categories "
		       "ORDER BY coalesce(parent_id, 0), position, name",
		       ""},
    [PG_CATEGORY_FIND] = {"SELECT id FROM categories WHERE coalesce(parent_id, 0) = $1 AND "
			  "name = $2",
			  "IT"},
    [PG_CATEGORY_SLUG_TAKEN] = {"SELECT 1 FROM categories WHERE coalesce(parent_id, 0) = $1 AND "
				"slug = $2",
				"IT"},
    /* ON CONFLICT: another node made the same category a moment ago; the caller looks again. */
    [PG_CATEGORY_INSERT] = {"INSERT INTO categories(parent_id, name, slug, position) VALUES "
			    "(nullif($1, 0), $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM "
			    "categories WHERE coalesce(parent_id, 0) = $1)) "
			    "ON CONFLICT DO NOTHING RETURNING id",
			    "ITT"},
    [PG_ARTICLE_GET] = {"SELECT " ARTICLE_COLS " FROM articles WHERE id = $1", "I"},
    [PG_ARTICLE_TAGS] = {"SELECT t.name FROM article_tags a JOIN tags t ON t.id = a.tag_id "
			 "WHERE a.article_id = $1 ORDER BY a.position",
			 "I"},
    [PG_ARTICLE_EXISTS] = {"SELECT 1 FROM articles WHERE id = $1", "I"},
    /* A BIGSERIAL column takes no NULL: id 0 asks the sequence explicitly. */
    [PG_ARTICLE_INSERT] = {"INSERT INTO articles(id, category_id, status, title, slug, lead, "
			   "body_html, author, signature, source, published_at, views, "
			   "created_at, updated_at, owner_id, expires_at) VALUES (coalesce("
			   "nullif($1, 0), nextval('articles_id_seq')), $2, $3, $4, $5, $6, $7, "
			   "$8, $9, $10, nullif($11, 0), $12, $13, $13, nullif($15, 0), "
			   "nullif($16, 0)) RETURNING id",
			   PUT_TYPES},
    [PG_ARTICLE_UPDATE] = {"UPDATE articles SET category_id = $2, status = $3, title = $4, "
			   "slug = $5, lead = $6, body_html = $7, author = $8, signature = $9, "
			   "source = $10, published_at = nullif($11, 0), views = CASE WHEN $14 "
			   "THEN $12 ELSE views END, updated_at = $13, revision = revision + 1, "
			   "expires_at = nullif($16, 0) WHERE id = $1 AND ($17 = 0 OR revision = "
			   "$17)",
			   PUT_TYPES},
    /* Saves the article's current state as its revision, unless that revision is kept already. */
    [PG_REVISION_SNAPSHOT] = {"INSERT INTO revisions(article_id, revision, created_at, user_id, "
			      "category_id, title, lead, body_html, author, signature, source, "
			      "tags) SELECT id, revision, coalesce(nullif($3, 0), updated_at), "
			      "nullif($2, 0), category_id, title, lead, body_html, author, "
			      "signature, source, coalesce((SELECT string_agg(t.name, E'\\n' ORDER "
			      "BY x.position) FROM article_tags x JOIN tags t ON t.id = x.tag_id "
			      "WHERE x.article_id = $1), '') FROM articles WHERE id = $1 "
			      "ON CONFLICT DO NOTHING",
			      "III"},
    /* After an insert with an explicit id: later inserts without one must not collide. The
     * sequence never moves back, so numbers handed out by uncommitted inserts stay unique. */
    [PG_ARTICLE_SEQ_ADVANCE] = {"SELECT setval('articles_id_seq', greatest(max(id), (SELECT "
				"last_value FROM articles_id_seq))) FROM articles",
				""},
    [PG_TAG_FIND] = {"SELECT id FROM tags WHERE name = $1", "T"},
    [PG_TAG_SLUG_TAKEN] = {"SELECT 1 FROM tags WHERE slug = $1", "T"},
    [PG_TAG_INSERT] = {"INSERT INTO tags(name, slug) VALUES ($1, $2) ON CONFLICT DO NOTHING "
		       "RETURNING id",
		       "TT"},
    [PG_ARTICLE_TAGS_CLEAR] = {"DELETE FROM article_tags WHERE article_id = $1", "I"},
    [PG_ARTICLE_TAG_ADD] = {"INSERT INTO article_tags(article_id, tag_id, position) VALUES ($1, "
			    "$2, $3) ON CONFLICT DO NOTHING",
			    "III"},
    [PG_LIST_ALL_NEWEST] = {"SELECT " LIST_COLS " FROM articles WHERE " PUBLIC_WHERE
			    " ORDER BY published_at DESC, id DESC" PAGE,
			    LIST_TYPES},
    [PG_LIST_ALL_VIEWED] = {"SELECT " LIST_COLS " FROM articles WHERE " PUBLIC_WHERE
			    " ORDER BY views DESC, published_at DESC, id DESC" PAGE,
			    LIST_TYPES},
    [PG_LIST_CAT_NEWEST] = {"SELECT " LIST_COLS " FROM articles WHERE category_id = $2 "
			    "AND " PUBLIC_WHERE " ORDER BY published_at DESC, id DESC" PAGE,
			    LIST_TYPES},
    [PG_LIST_TREE_NEWEST] = {"SELECT " LIST_COLS " FROM articles WHERE category_id IN " SUBTREE
			     " AND " PUBLIC_WHERE " ORDER BY published_at DESC, id DESC" PAGE,
			     LIST_TYPES},
    [PG_COUNT_ALL] = {"SELECT count(*) FROM articles WHERE " PUBLIC_WHERE, COUNT_TYPES},
    [PG_COUNT_CAT] = {"SELECT count(*) FROM articles WHERE category_id = $2 AND " PUBLIC_WHERE,
		      COUNT_TYPES},
    [PG_COUNT_TREE] = {"SELECT count(*) FROM articles WHERE category_id IN " SUBTREE
		       " AND " PUBLIC_WHERE,
		       COUNT_TYPES},
    [PG_EACH] = {"SELECT " ARTICLE_COLS " FROM articles WHERE id > $1 ORDER BY id LIMIT $2", "II"},
    /* The tags of one page of PG_EACH at once: ids in ($1, $2]. */
    [PG_EACH_TAGS] = {"SELECT a.article_id, t.name FROM article_tags a JOIN tags t ON t.id = "
		      "a.tag_id WHERE a.article_id > $1 AND a.article_id <= $2 "
		      "ORDER BY a.article_id, a.position",
		      "II"},
    [PG_MAX_ID] = {"SELECT coalesce(max(id), 0) FROM articles", ""},
    [PG_VIEWS_ADD] = {"UPDATE articles SET views = views + $2 WHERE id = $1", "II"},
    [PG_USER_GET] = {"SELECT id, name, display_name, role, password_hash, disabled FROM users "
		     "WHERE name = $1",
		     "T"},
    [PG_USER_INSERT] = {"INSERT INTO users(name, display_name, role, password_hash, created_at) "
			"VALUES ($1, $2, $3, $4, $5) RETURNING id",
			"TTTTI"},
    [PG_CONTENT_VERSION] = {"SELECT value FROM meta WHERE key = 'content_version'", ""},
    /* the newsroom */
    [PG_SET_STATUS] = {"UPDATE articles SET status = $2, published_at = CASE WHEN $2 = "
		       "'published' THEN coalesce(nullif($3, 0), published_at, $4) ELSE "
		       "coalesce(nullif($3, 0), published_at) END, note = $5, updated_at = $4 "
		       "WHERE id = $1",
		       "ITIIT"},
    [PG_SET_FEATURED] = {"UPDATE articles SET featured = $2 WHERE id = $1", "IB"},
    [PG_ADMIN_ALL] = {"SELECT " ROW_COLS " FROM articles a LEFT JOIN users u ON u.id = "
		      "a.owner_id WHERE ($1 = '' OR a.status = $1) AND ($2 = 0 OR a.owner_id = "
		      "$2) ORDER BY a.updated_at DESC, a.id DESC" PAGE_34,
		      "TIII"},
    [PG_ADMIN_COUNT] = {"SELECT count(*) FROM articles a WHERE ($1 = '' OR a.status = $1) AND "
			"($2 = 0 OR a.owner_id = $2)",
			"TI"},
    [PG_REVISIONS] = {"SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = "
		      "r.user_id WHERE r.article_id = $1 ORDER BY r.revision DESC",
		      "I"},
    [PG_REVISION_GET] = {"SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = "
			 "r.user_id WHERE r.article_id = $1 AND r.revision = $2",
			 "II"},
    [PG_NEXT_CHANGE] = {"SELECT least((SELECT min(published_at) FROM articles WHERE status = "
			"'published' AND published_at > $1), (SELECT min(expires_at) FROM "
			"articles WHERE status = 'published' AND expires_at > $1))",
			"I"},
    /* Is $2 (the new parent) $1 itself or below it? */
    [PG_CATEGORY_CYCLE] = {"WITH RECURSIVE sub(id) AS (SELECT $1::bigint UNION SELECT c.id FROM "
			   "categories c JOIN sub ON c.parent_id = sub.id) SELECT 1 FROM sub "
			   "WHERE id = $2",
			   "II"},
    [PG_CATEGORY_UPDATE] = {"UPDATE categories SET parent_id = nullif($2, 0), name = $3, slug = "
			    "$4, position = $5 WHERE id = $1",
			    "IITTI"},
    [PG_CATEGORY_USED] = {"SELECT (SELECT count(*) FROM articles WHERE category_id = $1) + "
			  "(SELECT count(*) FROM categories WHERE parent_id = $1)",
			  "I"},
    [PG_CATEGORY_DELETE] = {"DELETE FROM categories WHERE id = $1", "I"},
    [PG_TAGS] = {"SELECT t.id, (SELECT count(*) FROM article_tags x WHERE x.tag_id = t.id), "
		 "t.name, t.slug FROM tags t ORDER BY t.name",
		 ""},
    [PG_TAG_BY_SLUG] = {"SELECT t.id, (SELECT count(*) FROM article_tags x WHERE x.tag_id = "
			"t.id), t.name, t.slug FROM tags t WHERE t.slug = $1",
			"T"},
    [PG_TAG_RENAME] = {"UPDATE tags SET name = $2, slug = $3 WHERE id = $1", "ITT"},
    [PG_TAG_DELETE_LINKS] = {"DELETE FROM article_tags WHERE tag_id = $1", "I"},
    [PG_TAG_DELETE] = {"DELETE FROM tags WHERE id = $1", "I"},
    [PG_USER_BY_ID] = {"SELECT " USER_COLS " FROM users WHERE id = $1", "I"},
    [PG_USERS] = {"SELECT " USER_COLS " FROM users ORDER BY name", ""},
    [PG_USER_CATS] = {"SELECT category_id FROM user_categories WHERE user_id = $1 ORDER BY "
		      "category_id",
		      "I"},
    [PG_USER_UPDATE] = {"UPDATE users SET display_name = $2, role = $3, disabled = $4 WHERE id "
			"= $1",
			"ITTB"},
    [PG_USER_PASSWORD] = {"UPDATE users SET password_hash = $2 WHERE id = $1", "IT"},
    [PG_USER_CATS_CLEAR] = {"DELETE FROM user_categories WHERE user_id = $1", "I"},
    [PG_USER_CATS_ADD] = {"INSERT INTO user_categories(user_id, category_id) VALUES ($1, $2) "
			  "ON CONFLICT DO NOTHING",
			  "II"},
    [PG_SESSION_PURGE] = {"DELETE FROM sessions WHERE expires_at <= $1", "I"},
    [PG_SESSION_ADD] = {"INSERT INTO sessions(token_hash, user_id, csrf, created_at, "
			"expires_at, address) VALUES ($1, $2, $3, $4, $5, $6)",
			"TITIIT"},
    [PG_SESSION_GET] = {"SELECT s.user_id, s.expires_at, s.csrf FROM sessions s JOIN users u ON "
			"u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT "
			"u.disabled",
			"TI"},
    [PG_SESSION_DELETE] = {"DELETE FROM sessions WHERE token_hash = $1", "T"},
    [PG_SESSIONS_DELETE_USER] = {"DELETE FROM sessions WHERE user_id = $1", "I"},
    [PG_TOKEN_ADD] = {"INSERT INTO api_tokens(token_hash, user_id, created_at) VALUES ($1, $2, "
		      "$3)",
		      "TII"},
    [PG_TOKEN_USER] = {"SELECT u.id, u.name, u.display_name, u.role, u.password_hash, "
		       "u.disabled FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE "
		       "t.token_hash = $1 AND NOT u.disabled",
		       "T"},
    [PG_THROTTLE_PURGE] = {"DELETE FROM throttle WHERE at < $1", "I"},
    [PG_THROTTLE_HIT] = {"INSERT INTO throttle(key, at) VALUES ($1, $2)", "TI"},
    [PG_THROTTLE_COUNT] = {"SELECT count(*) FROM throttle WHERE key = $1 AND at >= $2", "TI"},
    [PG_THROTTLE_CLEAR] = {"DELETE FROM throttle WHERE key = $1", "T"},
    [PG_AUDIT_ADD] = {"INSERT INTO audit_log(at, user_id, user_name, address, action, object, "
		      "detail) VALUES ($1, nullif($2, 0), $3, $4, $5, $6, $7)",
		      "IITTTTT"},
    [PG_AUDIT_LIST] = {"SELECT id, at, coalesce(user_id, 0), user_name, address, action, object, "
		       "detail FROM audit_log ORDER BY id DESC LIMIT (CASE WHEN $1 >= 0 THEN $1 "
		       "END) OFFSET greatest($2, 0)",
		       "II"},
    [PG_AUDIT_COUNT] = {"SELECT count(*) FROM audit_log", ""},
#define MEDIA_COLS                                                                                 \
	"m.id, m.file, m.thumb, m.name, m.mime, m.bytes, m.width, m.height, "                      \
	"coalesce(m.user_id, 0), coalesce(u.name, ''), m.created_at"
    [PG_MEDIA_ADD] = {"INSERT INTO media(file, thumb, name, mime, bytes, width, height, user_id, "
		      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, nullif($8, 0), $9) "
		      "RETURNING id",
		      "TTTTIIIII"},
    [PG_MEDIA_LIST] = {"SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id "
		       "ORDER BY m.id DESC LIMIT (CASE WHEN $1 >= 0 THEN $1 END) OFFSET "
		       "greatest($2, 0)",
		       "II"},
    [PG_MEDIA_COUNT] = {"SELECT count(*) FROM media", ""},
    [PG_MEDIA_GET] = {"SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id "
		      "WHERE m.file = $1 OR (m.thumb = $1 AND m.thumb <> '') LIMIT 1",
		      "T"},
#undef MEDIA_COLS
};

struct pg_conn {
	PGconn *db;
	bool prepared[PG_MAX]; /* forgotten when the connection is reset */
	bool broken;           /* the link failed: reset before the next use */
	int depth;             /* open transaction nesting; > 0 pins the connection to its thread */
	bool failed;           /* a step failed: the outermost end rolls back */
	bool fenced;           /* inside run_fenced: a failure stays behind its savepoint */
	struct pg_conn *next;
};

struct pg_store {
	struct store base;
	char *url;
	bool default_timeout; /* the URL has no connect_timeout: use PG_CONNECT_TIMEOUT */
	int version;
	pthread_mutex_t mu;
	pthread_cond_t freed;
	struct pg_conn *idle;
	int open;                  /* connections made, idle or in use, at most PG_POOL_MAX */
	atomic_bool down;          /* the last connection attempt failed: log the outage once */
	pthread_mutex_t listen_mu; /* one store_wait_change at a time owns the listener */
	PGconn *listen; /* LISTENs on PG_CHANNEL; NULL until first needed or after loss */
};

/* Text parameters $1..$n of one execution; numbers are formatted into num. */
struct pg_params {
	const char *v[PG_PARAMS_MAX];
	char num[PG_PARAMS_MAX][24];
	int n;
};

/* The connection a thread holds inside store_begin .. store_commit. */
static _Thread_local struct pg_conn *tls_conn;
static _Thread_local struct pg_store *tls_store;

static struct pg_store *pg(struct store *st)
{
	return (struct pg_store *)st;
}

static int64_t now_utc(void)
{
	return (int64_t)time(NULL);
}

/* Appends msg to b on one line: runs of white space (libpq's messages end in "\n") become one
 * space, and the ends are trimmed. */
static void put_one_line(struct buf *b, const char *msg)
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
static void log_pg(const char *what, const char *msg)
{
	struct buf b = BUF_INIT;
	put_one_line(&b, msg);
	log_error("postgresql: %s: %s", what, buf_cstr(&b));
	buf_free(&b);
}

static void p_text(struct pg_params *p, const char *s)
{
	if (p->n < PG_PARAMS_MAX)
		p->v[p->n++] = s ? s : "";
}

static void p_i64(struct pg_params *p, int64_t x)
{
	if (p->n >= PG_PARAMS_MAX)
		return;
	snprintf(p->num[p->n], sizeof p->num[p->n], "%lld", (long long)x);
	p->v[p->n] = p->num[p->n];
	p->n++;
}

static void p_bool(struct pg_params *p, bool x)
{
	p_text(p, x ? "t" : "f");
}

static int64_t get_i64(const PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static bool get_bool(const PGresult *r, int row, int col)
{
	return PQgetvalue(r, row, col)[0] == 't';
}

static const char *get_text(struct arena *a, const PGresult *r, int row, int col)
{
	return arena_strndup(a, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}

/* Maps a failed result to a code: lost links are UNAVAILABLE, constraints CONFLICT (as SQLite's
 * SQLITE_CONSTRAINT), lock waits that gave up UNAVAILABLE (as SQLITE_BUSY). */
static enum store_rc rc_of(struct pg_conn *c, const PGresult *r)
{
	if (PQstatus(c->db) == CONNECTION_BAD) {
		c->broken = true;
		return STORE_UNAVAILABLE;
	}
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (!state)
		return STORE_ERROR;
	if (strncmp(state, "23", 2) == 0)
		return STORE_CONFLICT;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return STORE_UNAVAILABLE;
	return STORE_ERROR;
}

/* Notes a failed step: inside a transaction PostgreSQL has aborted it, so its end rolls back. */
static enum store_rc step_failed(struct pg_conn *c, const PGresult *r, const char *what)
{
	enum store_rc rc = rc_of(c, r);
	if (rc != STORE_CONFLICT)
		log_pg(what, r ? PQresultErrorMessage(r) : PQerrorMessage(c->db));
	if (c->depth > 0 && !c->fenced)
		c->failed = true;
	return rc;
}

/* Runs a command that returns no rows (BEGIN, COMMIT...). */
static enum store_rc conn_exec(struct pg_conn *c, const char *sql)
{
	PGresult *r = PQexec(c->db, sql);
	enum store_rc rc = STORE_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = rc_of(c, r);
		log_pg(sql, r ? PQresultErrorMessage(r) : PQerrorMessage(c->db));
	}
	PQclear(r);
	return rc;
}

/* Prepares `which` on c on its first use since the connection was made or reset. */
static enum store_rc prepare(struct pg_conn *c, enum pg_stmt which)
{
	if (c->prepared[which])
		return STORE_OK;
	Oid types[PG_PARAMS_MAX];
	int n = (int)strlen(pg_sql[which].types);
	for (int i = 0; i < n; i++) {
		char t = pg_sql[which].types[i];
		types[i] = t == 'I' ? PG_INT8OID : t == 'B' ? PG_BOOLOID : PG_TEXTOID;
	}
	char name[16];
	snprintf(name, sizeof name, "gz%d", (int)which);
	PGresult *r = PQprepare(c->db, name, pg_sql[which].sql, n, types);
	enum store_rc rc = STORE_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = step_failed(c, r, "preparing a statement");
	else
		c->prepared[which] = true;
	PQclear(r);
	return rc;
}

/* Executes `which` with p; returns the result (the caller PQclears it) and STORE_OK in *rc, or
 * NULL and the failure in *rc. */
static PGresult *run(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p,
		     enum store_rc *rc)
{
	int n = (int)strlen(pg_sql[which].types);
	if (p->n != n) {
		log_error("postgresql: statement %d wants %d parameters, got %d", which, n, p->n);
		*rc = STORE_ERROR;
		return NULL;
	}
	*rc = prepare(c, which);
	if (*rc != STORE_OK)
		return NULL;
	char name[16];
	snprintf(name, sizeof name, "gz%d", (int)which);
	PGresult *r = PQexecPrepared(c->db, name, n, p->v, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(r);
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
		return r;
	*rc = step_failed(c, r, "executing a statement");
	PQclear(r);
	return NULL;
}

/* Runs `which` for its effect only. */
static enum store_rc run_done(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p)
{
	enum store_rc rc;
	PQclear(run(c, which, p, &rc));
	return rc;
}

/* Runs `which`; *found says whether it gave a row, and *first_col gets the row's first column. */
static enum store_rc run_exists(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p,
				int64_t *first_col, bool *found)
{
	enum store_rc rc;
	PGresult *r = run(c, which, p, &rc);
	*found = r && PQntuples(r) > 0;
	if (*found && first_col)
		*first_col = get_i64(r, 0, 0);
	PQclear(r);
	return rc;
}

/* --- connections ------------------------------------------------------------------------------ */

/* Connects to the store's URL; on failure returns NULL with a one-line reason in err. */
static PGconn *connect_db(const struct pg_store *s, struct buf *err)
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
	put_one_line(err, db ? PQerrorMessage(db) : "out of memory");
	PQfinish(db);
	return NULL;
}

/* Server notices ("relation already exists, skipping"...) go to the debug log, not stderr. */
static void on_notice(void *arg, const char *msg)
{
	(void)arg;
	struct buf b = BUF_INIT;
	put_one_line(&b, msg);
	log_debug("postgresql: %s", buf_cstr(&b));
	buf_free(&b);
}

static struct pg_conn *conn_open(struct pg_store *s, struct buf *err)
{
	PGconn *db = connect_db(s, err);
	if (!db)
		return NULL;
	PQsetNoticeProcessor(db, on_notice, NULL);
	struct pg_conn *c = xcalloc(1, sizeof(*c));
	c->db = db;
	return c;
}

static void conn_close(struct pg_conn *c)
{
	PQfinish(c->db);
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
	if (ok) {
		if (atomic_exchange(&s->down, false))
			log_info("postgresql: the database is reachable again");
		return;
	}
	if (!atomic_exchange(&s->down, true))
		log_pg("the database is unreachable", msg);
	else
		log_debug("postgresql: still unreachable");
}

/* Reconnects a broken connection; its prepared statements are gone with the old session. */
static bool conn_reset(struct pg_store *s, struct pg_conn *c)
{
	PQreset(c->db);
	memset(c->prepared, 0, sizeof c->prepared);
	c->depth = 0;
	c->failed = false;
	c->broken = PQstatus(c->db) != CONNECTION_OK;
	note_reachable(s, !c->broken, PQerrorMessage(c->db));
	return !c->broken;
}

static void conn_put(struct pg_store *s, struct pg_conn *c);

/* Returns the thread's pinned connection, or one from the pool (waiting while all PG_POOL_MAX are
 * in use), reconnected if it broke; NULL when the database cannot be reached. */
static struct pg_conn *conn_get(struct pg_store *s)
{
	if (tls_conn && tls_store == s)
		return tls_conn;
	pthread_mutex_lock(&s->mu);
	while (!s->idle && s->open >= PG_POOL_MAX)
		pthread_cond_wait(&s->freed, &s->mu);
	struct pg_conn *c = s->idle;
	if (c)
		s->idle = c->next;
	else
		s->open++; /* a slot reserved for the connection made below */
	pthread_mutex_unlock(&s->mu);
	if (!c) {
		struct buf err = BUF_INIT;
		c = conn_open(s, &err);
		note_reachable(s, c != NULL, buf_cstr(&err));
		if (!c) {
			pthread_mutex_lock(&s->mu);
			s->open--;
			pthread_cond_signal(&s->freed);
			pthread_mutex_unlock(&s->mu);
		}
		buf_free(&err);
		return c;
	}
	c->next = NULL;
	if (!conn_alive(c) && !conn_reset(s, c)) {
		conn_put(s, c);
		return NULL;
	}
	return c;
}

/* Gives c back to the pool unless its thread holds it in a transaction. */
static void conn_put(struct pg_store *s, struct pg_conn *c)
{
	if (!c || c == tls_conn)
		return;
	if (!c->broken && PQtransactionStatus(c->db) != PQTRANS_IDLE)
		conn_exec(c, "ROLLBACK"); /* never hand on an open transaction */
	c->depth = 0;
	pthread_mutex_lock(&s->mu);
	c->next = s->idle;
	s->idle = c;
	pthread_cond_signal(&s->freed);
	pthread_mutex_unlock(&s->mu);
}

/* Enters a (possibly nested) transaction on c. */
static enum store_rc tx_enter(struct pg_conn *c)
{
	if (c->depth++ > 0)
		return STORE_OK;
	c->failed = false;
	enum store_rc rc = conn_exec(c, "BEGIN");
	if (rc != STORE_OK)
		c->depth = 0;
	return rc;
}

/* Commits; a COMMIT of a transaction PostgreSQL had aborted reports "ROLLBACK". */
static enum store_rc tx_commit(struct pg_conn *c)
{
	PGresult *r = PQexec(c->db, "COMMIT");
	enum store_rc rc = STORE_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = rc_of(c, r);
		log_pg("COMMIT", r ? PQresultErrorMessage(r) : PQerrorMessage(c->db));
	} else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		rc = STORE_ERROR;
	}
	PQclear(r);
	return rc;
}

/* Leaves a transaction; the outermost leave commits, or rolls back if any step failed. */
static enum store_rc tx_leave(struct pg_conn *c, enum store_rc rc)
{
	if (rc != STORE_OK)
		c->failed = true;
	if (--c->depth > 0)
		return rc;
	if (c->failed || c->broken) {
		if (!c->broken)
			conn_exec(c, "ROLLBACK");
		return rc != STORE_OK ? rc : c->broken ? STORE_UNAVAILABLE : STORE_ERROR;
	}
	enum store_rc erc = tx_commit(c);
	if (erc != STORE_OK && !c->broken)
		conn_exec(c, "ROLLBACK");
	return erc;
}

/*
 * Runs one write inside the caller's store_begin .. store_commit like SQLite does: its failure
 * leaves the transaction usable. PostgreSQL aborts a whole transaction on an error, so the step is
 * fenced by a savepoint there.
 */
static enum store_rc run_fenced(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p,
				int64_t *first_col, int64_t *changes)
{
	bool fenced = c->depth > 0 && !c->failed;
	enum store_rc rc = fenced ? conn_exec(c, "SAVEPOINT gz_step") : STORE_OK;
	if (rc != STORE_OK)
		return rc;
	c->fenced = fenced;
	PGresult *r = run(c, which, p, &rc);
	c->fenced = false;
	if (r && first_col && PQntuples(r) > 0)
		*first_col = get_i64(r, 0, 0);
	if (r && changes)
		*changes = strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	if (!fenced)
		return rc;
	if (rc == STORE_OK)
		return conn_exec(c, "RELEASE SAVEPOINT gz_step");
	if (c->broken || conn_exec(c, "ROLLBACK TO SAVEPOINT gz_step") != STORE_OK ||
	    conn_exec(c, "RELEASE SAVEPOINT gz_step") != STORE_OK)
		c->failed = true;
	return rc;
}

/* --- migrations ------------------------------------------------------------------------------- */

static int read_version(struct pg_conn *c)
{
	PGresult *r = PQexec(c->db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	int v = -1;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = (int)get_i64(r, 0, 0);
	PQclear(r);
	return v;
}

/* 1 when migration `version` is recorded, 0 when not, -1 on failure. By membership rather than
 * the highest number, so that a migration listed out of order is still applied. */
static int applied(struct pg_conn *c, int version)
{
	char q[96];
	snprintf(q, sizeof q, "SELECT count(*) FROM schema_migrations WHERE version = %d", version);
	PGresult *r = PQexec(c->db, q);
	int n = -1;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		n = get_i64(r, 0, 0) > 0;
	PQclear(r);
	return n;
}

/* Begins a transaction that holds the migration lock, so that nodes starting together take turns.
 */
static enum store_rc migration_begin(struct pg_conn *c)
{
	enum store_rc rc = conn_exec(c, "BEGIN");
	if (rc == STORE_OK && (rc = conn_exec(c, PG_MIGRATION_LOCK)) != STORE_OK)
		conn_exec(c, "ROLLBACK");
	return rc;
}

/* Applies m unless the schema already has it; one transaction with its schema_migrations row. */
static enum store_rc migrate_one(struct pg_conn *c, const struct migration *m, struct buf *err)
{
	if (migration_begin(c) != STORE_OK) {
		buf_puts(err, "cannot start migrating the PostgreSQL schema: ");
		put_one_line(err, PQerrorMessage(c->db));
		return rc_of(c, NULL) == STORE_UNAVAILABLE ? STORE_UNAVAILABLE : STORE_ERROR;
	}
	int v = read_version(c);
	int done = v < 0 ? -1 : applied(c, m->version);
	if (done != 0) {
		conn_exec(c, "ROLLBACK");
		if (done < 0)
			buf_puts(err, "cannot read the schema version of the PostgreSQL database");
		return done < 0 ? STORE_ERROR : STORE_OK;
	}
	PGresult *r = PQexec(c->db, m->sql);
	if (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK) {
		PQclear(r);
		char ins[128];
		snprintf(ins, sizeof ins, "INSERT INTO schema_migrations VALUES (%d, %lld)",
			 m->version, (long long)now_utc());
		r = PQexec(c->db, ins);
	}
	if (PQresultStatus(r) != PGRES_COMMAND_OK || tx_commit(c) != STORE_OK) {
		buf_printf(err, "migration %d (%s) failed, schema left at version %d: ", m->version,
			   m->what, v);
		put_one_line(err, r && PQresultStatus(r) != PGRES_COMMAND_OK
				      ? PQresultErrorMessage(r)
				      : PQerrorMessage(c->db));
		PQclear(r);
		conn_exec(c, "ROLLBACK");
		return STORE_ERROR;
	}
	PQclear(r);
	log_debug("postgresql: applied migration %d (%s)", m->version, m->what);
	return STORE_OK;
}

static enum store_rc migrate(struct pg_store *s, struct pg_conn *c, struct buf *err)
{
	/* CREATE TABLE IF NOT EXISTS races with itself on another node: take the lock first. */
	enum store_rc rc = migration_begin(c);
	if (rc == STORE_OK)
		rc = conn_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
				  "PRIMARY KEY, applied_at BIGINT NOT NULL)");
	if (rc == STORE_OK)
		rc = tx_commit(c);
	if (rc != STORE_OK) {
		buf_puts(err, "cannot create the migrations table in PostgreSQL: ");
		put_one_line(err, PQerrorMessage(c->db));
		conn_exec(c, "ROLLBACK");
		return rc;
	}
	size_t n;
	const struct migration *m = schema_pg(&n);
	int known = 0;
	for (size_t i = 0; i < n; i++) {
		if ((rc = migrate_one(c, &m[i], err)) != STORE_OK)
			return rc;
		known = m[i].version > known ? m[i].version : known;
	}
	s->version = read_version(c);
	if (s->version > known) {
		buf_printf(err,
			   "the PostgreSQL database has schema version %d, newer than this "
			   "gazette knows (%d): upgrade gazette",
			   s->version, known);
		return STORE_INVALID;
	}
	return s->version < 0 ? STORE_ERROR : STORE_OK;
}

/* --- operations ------------------------------------------------------------------------------- */

static void pg_close(struct store *base)
{
	struct pg_store *s = pg(base);
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
	free(s->url);
	free(s);
}

static int pg_schema_version(struct store *base)
{
	return pg(base)->version;
}

static enum store_rc pg_begin(struct store *base)
{
	struct pg_store *s = pg(base);
	if (tls_conn && tls_store == s)
		return STORE_CONFLICT; /* one transaction per thread */
	struct pg_conn *c = conn_get(s);
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

static enum store_rc pg_end(struct store *base, bool commit)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = tls_conn;
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

static enum store_rc pg_commit(struct store *base)
{
	return pg_end(base, true);
}

static enum store_rc pg_rollback(struct store *base)
{
	return pg_end(base, false);
}

static enum store_rc pg_setting_get(struct store *base, struct arena *a, const char *key,
				    const char **val)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	p_text(&p, key);
	enum store_rc rc;
	PGresult *r = run(c, PG_SETTING_GET, &p, &rc);
	if (r && PQntuples(r) == 0)
		rc = STORE_NOTFOUND;
	else if (r)
		*val = get_text(a, r, 0, 0);
	PQclear(r);
	conn_put(s, c);
	return rc;
}

static enum store_rc pg_setting_set(struct store *base, const char *key, const char *val)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	p_text(&p, key);
	p_text(&p, val);
	enum store_rc rc = run_fenced(c, PG_SETTING_SET, &p, NULL, NULL);
	conn_put(s, c);
	return rc;
}

static enum store_rc pg_categories(struct store *base, struct arena *a, struct category **out,
				   size_t *n)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	enum store_rc rc;
	PGresult *r = run(c, PG_CATEGORIES, &p, &rc);
	int rows = r ? PQntuples(r) : 0;
	struct category *v = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof(*v));
	for (int i = 0; i < rows; i++) {
		v[i].id = get_i64(r, i, 0);
		v[i].parent_id = get_i64(r, i, 1);
		v[i].position = (int)get_i64(r, i, 2);
		v[i].name = get_text(a, r, i, 3);
		v[i].slug = get_text(a, r, i, 4);
	}
	PQclear(r);
	*out = v;
	*n = (size_t)rows;
	conn_put(s, c);
	return rc;
}

/* Appends "-2", "-3" ... to base until `taken` says the slug is free; scope < 0 means none. */
static enum store_rc unique_slug(struct pg_conn *c, enum pg_stmt taken, int64_t scope,
				 const char *base, struct buf *out)
{
	for (int i = 1; i < 10000; i++) {
		buf_reset(out);
		buf_puts(out, base);
		if (i > 1)
			buf_printf(out, "-%d", i);
		struct pg_params p = {.n = 0};
		if (scope >= 0)
			p_i64(&p, scope);
		p_text(&p, buf_cstr(out));
		bool found;
		enum store_rc rc = run_exists(c, taken, &p, NULL, &found);
		if (rc != STORE_OK)
			return rc;
		if (!found)
			return STORE_OK;
	}
	return STORE_CONFLICT;
}

static enum store_rc category_find(struct pg_conn *c, int64_t parent_id, const char *name,
				   int64_t *id, bool *found)
{
	struct pg_params p = {.n = 0};
	p_i64(&p, parent_id);
	p_text(&p, name);
	return run_exists(c, PG_CATEGORY_FIND, &p, id, found);
}

static enum store_rc category_ensure(struct pg_conn *c, int64_t parent_id, const char *name,
				     const char *slug, int64_t *id)
{
	bool found;
	enum store_rc rc = category_find(c, parent_id, name, id, &found);
	if (rc != STORE_OK || found)
		return rc;
	struct buf u = BUF_INIT;
	rc = unique_slug(c, PG_CATEGORY_SLUG_TAKEN, parent_id, *slug ? slug : "muc", &u);
	if (rc == STORE_OK) {
		struct pg_params p = {.n = 0};
		p_i64(&p, parent_id);
		p_text(&p, name);
		p_text(&p, buf_cstr(&u));
		rc = run_exists(c, PG_CATEGORY_INSERT, &p, id, &found);
		if (rc == STORE_CONFLICT)
			rc = STORE_NOTFOUND; /* the parent does not exist */
		else if (rc == STORE_OK && !found)
			rc = category_find(c, parent_id, name, id, &found); /* made meanwhile */
		if (rc == STORE_OK && !found)
			rc = STORE_CONFLICT; /* the slug was taken meanwhile */
	}
	buf_free(&u);
	return rc;
}

static enum store_rc pg_category_ensure(struct store *base, int64_t parent_id, const char *name,
					const char *slug, int64_t *id)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = tx_enter(c);
	if (rc == STORE_OK)
		rc = tx_leave(c, category_ensure(c, parent_id, name, slug, id));
	conn_put(s, c);
	return rc;
}

static void read_article(struct arena *a, const PGresult *r, int row, struct article *o)
{
	memset(o, 0, sizeof(*o));
	o->id = get_i64(r, row, 0);
	o->category_id = get_i64(r, row, 1);
	int status = article_status_parse(PQgetvalue(r, row, 2));
	o->status = status < 0 ? ARTICLE_DRAFT : (enum article_status)status;
	o->published_at = get_i64(r, row, 3);
	o->created_at = get_i64(r, row, 4);
	o->updated_at = get_i64(r, row, 5);
	o->views = get_i64(r, row, 6);
	o->revision = get_i64(r, row, 7);
	o->featured = get_bool(r, row, 8);
	o->title = get_text(a, r, row, 9);
	o->slug = get_text(a, r, row, 10);
	o->lead = get_text(a, r, row, 11);
	o->body_html = get_text(a, r, row, 12);
	o->author = get_text(a, r, row, 13);
	o->signature = get_text(a, r, row, 14);
	o->source = get_text(a, r, row, 15);
	o->owner_id = get_i64(r, row, 16);
	o->expires_at = get_i64(r, row, 17);
	o->note = get_text(a, r, row, 18);
	o->tags = arena_alloc(a, sizeof(char *));
}

static enum store_rc read_tags(struct pg_conn *c, struct arena *a, struct article *o)
{
	struct pg_params p = {.n = 0};
	p_i64(&p, o->id);
	enum store_rc rc;
	PGresult *r = run(c, PG_ARTICLE_TAGS, &p, &rc);
	int rows = r ? PQntuples(r) : 0;
	o->tags = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof(char *));
	o->ntags = 0;
	for (int i = 0; i < rows; i++)
		o->tags[o->ntags++] = get_text(a, r, i, 0);
	PQclear(r);
	return rc;
}

static enum store_rc pg_article_get(struct store *base, struct arena *a, int64_t id,
				    struct article *out)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	p_i64(&p, id);
	enum store_rc rc;
	PGresult *r = run(c, PG_ARTICLE_GET, &p, &rc);
	if (r && PQntuples(r) == 0) {
		rc = STORE_NOTFOUND;
	} else if (r) {
		read_article(a, r, 0, out);
		rc = read_tags(c, a, out);
	}
	PQclear(r);
	conn_put(s, c);
	return rc;
}

static enum store_rc tag_find(struct pg_conn *c, const char *name, int64_t *id, bool *found)
{
	struct pg_params p = {.n = 0};
	p_text(&p, name);
	return run_exists(c, PG_TAG_FIND, &p, id, found);
}

static enum store_rc tag_id(struct pg_conn *c, const char *name, int64_t *id)
{
	bool found;
	enum store_rc rc = tag_find(c, name, id, &found);
	if (rc != STORE_OK || found)
		return rc;
	struct buf slug = BUF_INIT, u = BUF_INIT;
	if (vi_slug(name, strlen(name), 80, &slug) != 0 || slug.len == 0) {
		buf_reset(&slug);
		buf_puts(&slug, "chu-de");
	}
	rc = unique_slug(c, PG_TAG_SLUG_TAKEN, -1, buf_cstr(&slug), &u);
	if (rc == STORE_OK) {
		struct pg_params p = {.n = 0};
		p_text(&p, name);
		p_text(&p, buf_cstr(&u));
		rc = run_exists(c, PG_TAG_INSERT, &p, id, &found);
		if (rc == STORE_OK && !found)
			rc = tag_find(c, name, id, &found); /* another node made it meanwhile */
		if (rc == STORE_OK && !found)
			rc = STORE_CONFLICT;
	}
	buf_free(&slug);
	buf_free(&u);
	return rc;
}

static enum store_rc put_tags(struct pg_conn *c, int64_t article_id, const char *const *tags,
			      size_t n)
{
	struct pg_params p = {.n = 0};
	p_i64(&p, article_id);
	enum store_rc rc = run_done(c, PG_ARTICLE_TAGS_CLEAR, &p);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		int64_t tid = 0;
		rc = tag_id(c, tags[i], &tid);
		if (rc != STORE_OK)
			break;
		struct pg_params q = {.n = 0};
		p_i64(&q, article_id);
		p_i64(&q, tid);
		p_i64(&q, (int64_t)i);
		rc = run_done(c, PG_ARTICLE_TAG_ADD, &q);
	}
	return rc;
}

static void article_params(struct pg_params *p, const struct article_put *a, int64_t now)
{
	p_i64(p, a->id);
	p_i64(p, a->category_id);
	p_text(p, article_status_name(a->status));
	p_text(p, a->title);
	p_text(p, a->slug);
	p_text(p, a->lead);
	p_text(p, a->body_html);
	p_text(p, a->author);
	p_text(p, a->signature);
	p_text(p, a->source);
	p_i64(p, a->published_at);
	p_i64(p, a->views);
	p_i64(p, now);
	p_bool(p, a->set_views);
	p_i64(p, a->owner_id);
	p_i64(p, a->expires_at);
	p_i64(p, a->expect_revision);
}

/* Keeps the article's current state as a revision (unless kept already). */
static enum store_rc snapshot(struct pg_conn *c, int64_t id, int64_t user_id, int64_t at)
{
	struct pg_params p = {.n = 0};
	p_i64(&p, id);
	p_i64(&p, user_id);
	p_i64(&p, at);
	return run_done(c, PG_REVISION_SNAPSHOT, &p);
}

/* Inserts or updates `a` (an update only from the revision it expects); returns its id. */
static enum store_rc article_write(struct pg_conn *c, const struct article_put *a, bool exists,
				   int64_t now, int64_t *id)
{
	struct pg_params p = {.n = 0};
	article_params(&p, a, now);
	enum store_rc rc;
	PGresult *r = run(c, exists ? PG_ARTICLE_UPDATE : PG_ARTICLE_INSERT, &p, &rc);
	if (rc == STORE_OK && exists && strcmp(PQcmdTuples(r), "0") == 0)
		rc = STORE_CONFLICT; /* the stored revision is not the one the save was based on */
	else if (rc == STORE_OK && !exists)
		*id = PQntuples(r) == 1 ? get_i64(r, 0, 0) : 0;
	else if (rc == STORE_CONFLICT)
		rc = STORE_INVALID; /* a rule of the schema, as SQLite's constraint mapping */
	PQclear(r);
	if (rc == STORE_OK && !exists && a->id > 0) {
		struct pg_params none = {.n = 0};
		rc = run_done(c, PG_ARTICLE_SEQ_ADVANCE, &none);
	}
	return rc;
}

/* Inserts or updates; every newsroom save also keeps the state before and after as revisions. */
static enum store_rc article_put(struct pg_conn *c, const struct article_put *a, int64_t *id_out)
{
	bool exists = false;
	enum store_rc rc = STORE_OK;
	int64_t now = now_utc(), id = a->id;
	if (a->id > 0) {
		struct pg_params p = {.n = 0};
		p_i64(&p, a->id);
		rc = run_exists(c, PG_ARTICLE_EXISTS, &p, NULL, &exists);
	}
	if (rc == STORE_OK && !exists && a->expect_revision > 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK && exists && !a->no_revision)
		rc = snapshot(c, a->id, 0, 0);
	if (rc == STORE_OK)
		rc = article_write(c, a, exists, now, &id);
	if (rc == STORE_OK)
		rc = put_tags(c, id, a->tags, a->ntags);
	if (rc == STORE_OK && !a->no_revision)
		rc = snapshot(c, id, a->editor_id, now);
	if (rc == STORE_OK && id_out)
		*id_out = id;
	return rc;
}

static enum store_rc pg_article_put(struct store *base, const struct article_put *a,
				    int64_t *id_out)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = tx_enter(c);
	if (rc == STORE_OK)
		rc = tx_leave(c, article_put(c, a, id_out));
	conn_put(s, c);
	return rc;
}

static void query_params(struct pg_params *p, const struct article_query *q)
{
	p_i64(p, q->now);
	p_i64(p, q->category_id);
	p_i64(p, q->exclude_id);
	p_i64(p, q->featured_only);
	p_i64(p, q->limit);
	p_i64(p, q->offset);
	p_i64(p, q->tag_id);
}

static enum store_rc list_rows(struct pg_conn *c, struct arena *a, const struct article_query *aq,
			       enum pg_stmt which, struct article_summary **out, size_t *n)
{
	struct pg_params p = {.n = 0};
	query_params(&p, aq);
	enum store_rc rc;
	PGresult *r = run(c, which, &p, &rc);
	int rows = r ? PQntuples(r) : 0;
	struct article_summary *v = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof(*v));
	for (int i = 0; i < rows; i++) {
		v[i].id = get_i64(r, i, 0);
		v[i].category_id = get_i64(r, i, 1);
		v[i].published_at = get_i64(r, i, 2);
		v[i].views = get_i64(r, i, 3);
		v[i].title = get_text(a, r, i, 4);
		v[i].slug = get_text(a, r, i, 5);
		v[i].lead = get_text(a, r, i, 6);
		v[i].author = get_text(a, r, i, 7);
	}
	PQclear(r);
	*out = v;
	*n = (size_t)rows;
	return rc;
}

static enum store_rc count_rows(struct pg_conn *c, const struct article_query *aq,
				enum pg_stmt which, int64_t *total)
{
	struct pg_params p = {.n = 0};
	query_params(&p, aq);
	bool found;
	enum store_rc rc = run_exists(c, which, &p, total, &found);
	return rc == STORE_OK && !found ? STORE_ERROR : rc;
}

static enum store_rc pg_articles_list(struct store *base, struct arena *a,
				      const struct article_query *q, struct article_summary **out,
				      size_t *n, int64_t *total)
{
	struct pg_store *s = pg(base);
	enum pg_stmt list, count;
	if (q->category_id == 0) {
		list = q->order == ORDER_MOST_VIEWED ? PG_LIST_ALL_VIEWED : PG_LIST_ALL_NEWEST;
		count = PG_COUNT_ALL;
	} else if (q->with_descendants) {
		list = PG_LIST_TREE_NEWEST;
		count = PG_COUNT_TREE;
	} else {
		list = PG_LIST_CAT_NEWEST;
		count = PG_COUNT_CAT;
	}
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = list_rows(c, a, q, list, out, n);
	if (rc == STORE_OK && total)
		rc = count_rows(c, q, count, total);
	conn_put(s, c);
	return rc;
}

/* Reads the tags of rows[0..n) (ids ascending) with one query. */
static enum store_rc each_tags(struct pg_conn *c, struct arena *a, struct article *rows, size_t n)
{
	struct pg_params p = {.n = 0};
	p_i64(&p, rows[0].id - 1);
	p_i64(&p, rows[n - 1].id);
	enum store_rc rc;
	PGresult *r = run(c, PG_EACH_TAGS, &p, &rc);
	int nr = r ? PQntuples(r) : 0;
	size_t j = 0;
	for (int i = 0; i < nr;) {
		int64_t id = get_i64(r, i, 0);
		int k = i;
		while (k < nr && get_i64(r, k, 0) == id)
			k++;
		while (j < n && rows[j].id < id)
			j++;
		if (j < n && rows[j].id == id) {
			rows[j].tags = arena_alloc(a, (size_t)(k - i) * sizeof(char *));
			for (int t = i; t < k; t++)
				rows[j].tags[rows[j].ntags++] = get_text(a, r, t, 1);
		}
		i = k;
	}
	PQclear(r);
	return rc;
}

/* Reads the page of articles after id `last`; *n < PG_EACH_PAGE means it is the last page. */
static enum store_rc each_page(struct pg_conn *c, struct arena *a, int64_t last,
			       struct article *rows, size_t *n)
{
	struct pg_params p = {.n = 0};
	p_i64(&p, last);
	p_i64(&p, PG_EACH_PAGE);
	enum store_rc rc;
	PGresult *r = run(c, PG_EACH, &p, &rc);
	*n = r ? (size_t)PQntuples(r) : 0;
	for (size_t i = 0; i < *n; i++)
		read_article(a, r, (int)i, &rows[i]);
	PQclear(r);
	if (rc == STORE_OK && *n > 0)
		rc = each_tags(c, a, rows, *n);
	return rc;
}

static enum store_rc pg_articles_each(struct store *base, int (*fn)(const struct article *, void *),
				      void *ctx)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = STORE_OK;
	int64_t last = 0;
	bool more = true;
	/* Pages by id, each read whole into an arena, so nothing stays open across callbacks. */
	while (rc == STORE_OK && more) {
		struct arena *a = arena_new();
		struct article *rows = arena_alloc(a, PG_EACH_PAGE * sizeof(*rows));
		size_t n = 0;
		rc = each_page(c, a, last, rows, &n);
		for (size_t i = 0; rc == STORE_OK && i < n; i++) {
			if (fn(&rows[i], ctx) != 0) {
				more = false;
				break;
			}
			last = rows[i].id;
		}
		if (n < PG_EACH_PAGE)
			more = false;
		arena_free(a);
	}
	conn_put(s, c);
	return rc;
}

static enum store_rc pg_article_max_id(struct store *base, int64_t *out)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	bool found;
	enum store_rc rc = run_exists(c, PG_MAX_ID, &p, out, &found);
	conn_put(s, c);
	return rc == STORE_OK && !found ? STORE_ERROR : rc;
}

static int delta_cmp(const void *x, const void *y)
{
	const struct view_delta *a = x, *b = y;
	return (a->article_id > b->article_id) - (a->article_id < b->article_id);
}

static enum store_rc pg_views_add(struct store *base, const struct view_delta *d, size_t n)
{
	struct pg_store *s = pg(base);
	if (n == 0)
		return STORE_OK;
	/* Rows are locked in id order, so two nodes adding to the same rows never deadlock. */
	struct view_delta *sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, d, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), delta_cmp);
	struct pg_conn *c = conn_get(s);
	if (!c) {
		free(sorted);
		return STORE_UNAVAILABLE;
	}
	enum store_rc rc = tx_enter(c), inner = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && inner == STORE_OK && i < n; i++) {
		struct pg_params p = {.n = 0};
		p_i64(&p, sorted[i].article_id);
		p_i64(&p, sorted[i].n);
		inner = run_done(c, PG_VIEWS_ADD, &p);
	}
	if (rc == STORE_OK)
		rc = tx_leave(c, inner);
	conn_put(s, c);
	free(sorted);
	return rc;
}

static enum store_rc pg_user_get(struct store *base, struct arena *a, const char *name,
				 struct user *out)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	p_text(&p, name);
	enum store_rc rc;
	PGresult *r = run(c, PG_USER_GET, &p, &rc);
	if (r && PQntuples(r) == 0) {
		rc = STORE_NOTFOUND;
	} else if (r) {
		out->id = get_i64(r, 0, 0);
		out->name = get_text(a, r, 0, 1);
		out->display_name = get_text(a, r, 0, 2);
		out->role = get_text(a, r, 0, 3);
		out->password_hash = get_text(a, r, 0, 4);
		out->disabled = get_bool(r, 0, 5);
		out->categories = NULL;
		out->ncategories = 0;
	}
	PQclear(r);
	conn_put(s, c);
	return rc;
}

static enum store_rc pg_user_add(struct store *base, const char *name, const char *display_name,
				 const char *role, const char *password_hash, int64_t *id)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	p_text(&p, name);
	p_text(&p, display_name);
	p_text(&p, role);
	p_text(&p, password_hash);
	p_i64(&p, now_utc());
	int64_t new_id = 0;
	enum store_rc rc = run_fenced(c, PG_USER_INSERT, &p, &new_id, NULL);
	if (rc == STORE_OK && id)
		*id = new_id;
	conn_put(s, c);
	return rc;
}

static enum store_rc pg_content_version(struct store *base, int64_t *out)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	bool found;
	enum store_rc rc = run_exists(c, PG_CONTENT_VERSION, &p, out, &found);
	conn_put(s, c);
	return rc == STORE_OK && !found ? STORE_NOTFOUND : rc;
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
	s->listen = connect_db(s, &err);
	note_reachable(s, s->listen != NULL, buf_cstr(&err));
	buf_free(&err);
	if (!s->listen)
		return STORE_UNAVAILABLE;
	PQsetNoticeProcessor(s->listen, on_notice, NULL);
	PGresult *r = PQexec(s->listen, "LISTEN " PG_CHANNEL);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		log_pg("LISTEN " PG_CHANNEL, PQresultErrorMessage(r));
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
	struct pg_store *s = pg(base);
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

/* --- the newsroom ----------------------------------------------------------------------------- */

/* Fills p with the arguments of `which`, read by its parameter types: I and B take an int64_t, T a
 * const char * (NULL is ""). */
static void params_v(struct pg_params *p, enum pg_stmt which, va_list ap)
{
	for (const char *t = pg_sql[which].types; *t; t++) {
		if (*t == 'T')
			p_text(p, va_arg(ap, const char *));
		else if (*t == 'B')
			p_bool(p, va_arg(ap, int64_t) != 0);
		else
			p_i64(p, va_arg(ap, int64_t));
	}
}

/* One write statement on its own connection; *changes gets the rows it touched when not NULL.
 * Inside the caller's transaction its failure leaves the transaction usable, as in SQLite. */
static enum store_rc write1(struct store *base, int64_t *changes, enum pg_stmt which, ...)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	va_list ap;
	va_start(ap, which);
	params_v(&p, which, ap);
	va_end(ap);
	enum store_rc rc = run_fenced(c, which, &p, NULL, changes);
	conn_put(s, c);
	return rc;
}

/* A row reader fills one element from row `row` of a result. */
typedef void (*row_fn)(struct arena *a, const PGresult *r, int row, void *elem);

static enum store_rc read_rows_c(struct pg_conn *c, struct arena *a, enum pg_stmt which,
				 size_t elem, row_fn fn, void **out, size_t *n,
				 const struct pg_params *p)
{
	enum store_rc rc;
	PGresult *r = run(c, which, p, &rc);
	int rows = r ? PQntuples(r) : 0;
	char *v = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * elem);
	for (int i = 0; i < rows; i++)
		fn(a, r, i, v + (size_t)i * elem);
	PQclear(r);
	*out = v;
	*n = (size_t)rows;
	return rc;
}

/* Runs a query (arguments as for write1) and collects its rows into an arena array. */
static enum store_rc read_rows(struct store *base, struct arena *a, enum pg_stmt which, size_t elem,
			       row_fn fn, void **out, size_t *n, ...)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	va_list ap;
	va_start(ap, n);
	params_v(&p, which, ap);
	va_end(ap);
	enum store_rc rc = read_rows_c(c, a, which, elem, fn, out, n, &p);
	conn_put(s, c);
	return rc;
}

/* A query that gives at most one row, copied to dst: STORE_NOTFOUND when it gives none. */
static enum store_rc read_one(struct store *base, struct arena *a, enum pg_stmt which, size_t elem,
			      row_fn fn, void *dst, ...)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	va_list ap;
	va_start(ap, dst);
	params_v(&p, which, ap);
	va_end(ap);
	void *rows;
	size_t n;
	enum store_rc rc = read_rows_c(c, a, which, elem, fn, &rows, &n, &p);
	conn_put(s, c);
	if (rc == STORE_OK && n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		memcpy(dst, rows, elem);
	return rc;
}

/* The first column of the first row (0 when there is none or it is NULL). */
static enum store_rc one_int(struct store *base, enum pg_stmt which, int64_t *out, ...)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	va_list ap;
	va_start(ap, out);
	params_v(&p, which, ap);
	va_end(ap);
	enum store_rc rc;
	PGresult *r = run(c, which, &p, &rc);
	if (r)
		*out = PQntuples(r) > 0 ? get_i64(r, 0, 0) : 0;
	PQclear(r);
	conn_put(s, c);
	return rc;
}

static void row_int(struct arena *a, const PGresult *r, int row, void *elem)
{
	(void)a;
	*(int64_t *)elem = get_i64(r, row, 0);
}

static enum store_rc pg_article_set_status(struct store *st, int64_t id, enum article_status status,
					   int64_t published_at, const char *note)
{
	int64_t changes = 0;
	enum store_rc rc = write1(st, &changes, PG_SET_STATUS, id, article_status_name(status),
				  published_at, now_utc(), note ? note : "");
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

static enum store_rc pg_article_set_featured(struct store *st, int64_t id, bool featured)
{
	int64_t changes = 0;
	enum store_rc rc = write1(st, &changes, PG_SET_FEATURED, id, (int64_t)featured);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

static void row_article(struct arena *a, const PGresult *r, int row, void *elem)
{
	struct article_row *o = elem;
	o->id = get_i64(r, row, 0);
	o->category_id = get_i64(r, row, 1);
	o->owner_id = get_i64(r, row, 2);
	o->updated_at = get_i64(r, row, 3);
	o->published_at = get_i64(r, row, 4);
	o->expires_at = get_i64(r, row, 5);
	o->revision = get_i64(r, row, 6);
	int status = article_status_parse(PQgetvalue(r, row, 7));
	o->status = status < 0 ? ARTICLE_DRAFT : (enum article_status)status;
	o->featured = get_bool(r, row, 8);
	o->title = get_text(a, r, row, 9);
	o->owner_name = get_text(a, r, row, 10);
}

static enum store_rc pg_articles_admin(struct store *st, struct arena *a,
				       const struct article_admin_query *q,
				       struct article_row **out, size_t *n, int64_t *total)
{
	const char *status =
	    q->status >= 0 ? article_status_name((enum article_status)q->status) : "";
	enum store_rc rc = read_rows(st, a, PG_ADMIN_ALL, sizeof(**out), row_article, (void **)out,
				     n, status, q->owner_id, q->limit, q->offset);
	if (rc == STORE_OK && total)
		rc = one_int(st, PG_ADMIN_COUNT, total, status, q->owner_id);
	return rc;
}

static void row_revision(struct arena *a, const PGresult *r, int row, void *elem)
{
	struct revision *o = elem;
	o->article_id = get_i64(r, row, 0);
	o->revision = get_i64(r, row, 1);
	o->created_at = get_i64(r, row, 2);
	o->user_id = get_i64(r, row, 3);
	o->user_name = get_text(a, r, row, 4);
	o->category_id = get_i64(r, row, 5);
	o->title = get_text(a, r, row, 6);
	o->lead = get_text(a, r, row, 7);
	o->body_html = get_text(a, r, row, 8);
	o->author = get_text(a, r, row, 9);
	o->signature = get_text(a, r, row, 10);
	o->source = get_text(a, r, row, 11);
	o->tags = get_text(a, r, row, 12);
}

static enum store_rc pg_revisions(struct store *st, struct arena *a, int64_t article_id,
				  struct revision **out, size_t *n)
{
	return read_rows(st, a, PG_REVISIONS, sizeof(**out), row_revision, (void **)out, n,
			 article_id);
}

static enum store_rc pg_revision_get(struct store *st, struct arena *a, int64_t article_id,
				     int64_t revision, struct revision *out)
{
	return read_one(st, a, PG_REVISION_GET, sizeof(*out), row_revision, out, article_id,
			revision);
}

static enum store_rc pg_next_change(struct store *st, int64_t now, int64_t *out)
{
	return one_int(st, PG_NEXT_CHANGE, out, now);
}

static enum store_rc pg_category_update(struct store *st, int64_t id, int64_t parent_id,
					const char *name, const char *slug, int position)
{
	int64_t cycle = 0;
	enum store_rc rc = STORE_OK;
	if (parent_id)
		rc = one_int(st, PG_CATEGORY_CYCLE, &cycle, id, parent_id);
	if (rc != STORE_OK)
		return rc;
	if (cycle)
		return STORE_INVALID; /* a category cannot move below itself */
	int64_t changes = 0;
	rc = write1(st, &changes, PG_CATEGORY_UPDATE, id, parent_id, name, slug, (int64_t)position);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

static enum store_rc pg_category_delete(struct store *st, int64_t id)
{
	int64_t used = 0, changes = 0;
	enum store_rc rc = one_int(st, PG_CATEGORY_USED, &used, id);
	if (rc == STORE_OK && used)
		return STORE_CONFLICT;
	if (rc == STORE_OK)
		rc = write1(st, &changes, PG_CATEGORY_DELETE, id);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

static void row_tag(struct arena *a, const PGresult *r, int row, void *elem)
{
	struct tag *t = elem;
	t->id = get_i64(r, row, 0);
	t->count = get_i64(r, row, 1);
	t->name = get_text(a, r, row, 2);
	t->slug = get_text(a, r, row, 3);
}

static enum store_rc pg_tags(struct store *st, struct arena *a, struct tag **out, size_t *n)
{
	return read_rows(st, a, PG_TAGS, sizeof(**out), row_tag, (void **)out, n);
}

static enum store_rc pg_tag_by_slug(struct store *st, struct arena *a, const char *slug,
				    struct tag *out)
{
	return read_one(st, a, PG_TAG_BY_SLUG, sizeof(*out), row_tag, out, slug);
}

static enum store_rc pg_tag_rename(struct store *st, int64_t id, const char *name, const char *slug)
{
	int64_t changes = 0;
	enum store_rc rc = write1(st, &changes, PG_TAG_RENAME, id, name, slug);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

static enum store_rc tag_delete(struct pg_conn *c, int64_t id)
{
	struct pg_params p = {.n = 0};
	p_i64(&p, id);
	enum store_rc rc = run_done(c, PG_TAG_DELETE_LINKS, &p);
	if (rc != STORE_OK)
		return rc;
	PGresult *r = run(c, PG_TAG_DELETE, &p, &rc);
	if (r && strcmp(PQcmdTuples(r), "0") == 0)
		rc = STORE_NOTFOUND;
	PQclear(r);
	return rc;
}

static enum store_rc pg_tag_delete(struct store *base, int64_t id)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = tx_enter(c);
	if (rc == STORE_OK)
		rc = tx_leave(c, tag_delete(c, id));
	conn_put(s, c);
	return rc;
}

static void row_user(struct arena *a, const PGresult *r, int row, void *elem)
{
	struct user *u = elem;
	memset(u, 0, sizeof(*u));
	u->id = get_i64(r, row, 0);
	u->name = get_text(a, r, row, 1);
	u->display_name = get_text(a, r, row, 2);
	u->role = get_text(a, r, row, 3);
	u->password_hash = get_text(a, r, row, 4);
	u->disabled = get_bool(r, row, 5);
}

static enum store_rc user_categories(struct store *st, struct arena *a, struct user *u)
{
	int64_t *ids;
	size_t n;
	enum store_rc rc =
	    read_rows(st, a, PG_USER_CATS, sizeof(int64_t), row_int, (void **)&ids, &n, u->id);
	if (rc == STORE_OK) {
		u->categories = ids;
		u->ncategories = n;
	}
	return rc;
}

static enum store_rc pg_user_by_id(struct store *st, struct arena *a, int64_t id, struct user *out)
{
	enum store_rc rc = read_one(st, a, PG_USER_BY_ID, sizeof(*out), row_user, out, id);
	return rc == STORE_OK ? user_categories(st, a, out) : rc;
}

static enum store_rc pg_users(struct store *st, struct arena *a, struct user **out, size_t *n)
{
	enum store_rc rc = read_rows(st, a, PG_USERS, sizeof(**out), row_user, (void **)out, n);
	for (size_t i = 0; rc == STORE_OK && i < *n; i++)
		rc = user_categories(st, a, &(*out)[i]);
	return rc;
}

static enum store_rc pg_user_update(struct store *st, int64_t id, const char *display_name,
				    const char *role, bool disabled)
{
	int64_t changes = 0;
	enum store_rc rc =
	    write1(st, &changes, PG_USER_UPDATE, id, display_name, role, (int64_t)disabled);
	if (rc == STORE_CONFLICT)
		rc = STORE_INVALID; /* the role CHECK */
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

static enum store_rc pg_user_password(struct store *st, int64_t id, const char *password_hash)
{
	int64_t changes = 0;
	enum store_rc rc = write1(st, &changes, PG_USER_PASSWORD, id, password_hash);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

static enum store_rc user_categories_set(struct pg_conn *c, int64_t id, const int64_t *ids,
					 size_t n)
{
	struct pg_params p = {.n = 0};
	p_i64(&p, id);
	enum store_rc rc = run_done(c, PG_USER_CATS_CLEAR, &p);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct pg_params q = {.n = 0};
		p_i64(&q, id);
		p_i64(&q, ids[i]);
		rc = run_done(c, PG_USER_CATS_ADD, &q);
	}
	return rc == STORE_CONFLICT ? STORE_NOTFOUND : rc; /* an unknown user or category */
}

static enum store_rc pg_user_categories(struct store *base, int64_t id, const int64_t *ids,
					size_t n)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = tx_enter(c);
	if (rc == STORE_OK)
		rc = tx_leave(c, user_categories_set(c, id, ids, n));
	conn_put(s, c);
	return rc;
}

static enum store_rc pg_session_add(struct store *st, const char *token_hash, int64_t user_id,
				    const char *csrf, int64_t expires_at, const char *address)
{
	int64_t now = now_utc();
	enum store_rc rc = write1(st, NULL, PG_SESSION_PURGE, now);
	if (rc == STORE_OK)
		rc = write1(st, NULL, PG_SESSION_ADD, token_hash, user_id, csrf, now, expires_at,
			    address);
	return rc;
}

static void row_session(struct arena *a, const PGresult *r, int row, void *elem)
{
	struct session *o = elem;
	o->user_id = get_i64(r, row, 0);
	o->expires_at = get_i64(r, row, 1);
	o->csrf = get_text(a, r, row, 2);
}

static enum store_rc pg_session_get(struct store *st, struct arena *a, const char *token_hash,
				    int64_t now, struct session *out)
{
	return read_one(st, a, PG_SESSION_GET, sizeof(*out), row_session, out, token_hash, now);
}

static enum store_rc pg_session_delete(struct store *st, const char *token_hash)
{
	return write1(st, NULL, PG_SESSION_DELETE, token_hash);
}

static enum store_rc pg_sessions_delete_user(struct store *st, int64_t user_id)
{
	return write1(st, NULL, PG_SESSIONS_DELETE_USER, user_id);
}

static enum store_rc pg_token_add(struct store *st, const char *token_hash, int64_t user_id)
{
	return write1(st, NULL, PG_TOKEN_ADD, token_hash, user_id, now_utc());
}

static enum store_rc pg_token_user(struct store *st, struct arena *a, const char *token_hash,
				   struct user *out)
{
	enum store_rc rc = read_one(st, a, PG_TOKEN_USER, sizeof(*out), row_user, out, token_hash);
	return rc == STORE_OK ? user_categories(st, a, out) : rc;
}

/* Failed logins older than this are forgotten. */
#define THROTTLE_KEEP (24 * 3600)

static enum store_rc pg_throttle_hit(struct store *st, const char *key, int64_t at)
{
	enum store_rc rc = write1(st, NULL, PG_THROTTLE_PURGE, (int64_t)(at - THROTTLE_KEEP));
	return rc == STORE_OK ? write1(st, NULL, PG_THROTTLE_HIT, key, at) : rc;
}

static enum store_rc pg_throttle_count(struct store *st, const char *key, int64_t since, int64_t *n)
{
	return one_int(st, PG_THROTTLE_COUNT, n, key, since);
}

static enum store_rc pg_throttle_clear(struct store *st, const char *key)
{
	return write1(st, NULL, PG_THROTTLE_CLEAR, key);
}

static enum store_rc pg_audit_add(struct store *st, const struct audit_entry *e)
{
	return write1(st, NULL, PG_AUDIT_ADD, e->at ? e->at : now_utc(), e->user_id, e->user_name,
		      e->address, e->action, e->object, e->detail);
}

static void row_audit(struct arena *a, const PGresult *r, int row, void *elem)
{
	struct audit_entry *e = elem;
	e->id = get_i64(r, row, 0);
	e->at = get_i64(r, row, 1);
	e->user_id = get_i64(r, row, 2);
	e->user_name = get_text(a, r, row, 3);
	e->address = get_text(a, r, row, 4);
	e->action = get_text(a, r, row, 5);
	e->object = get_text(a, r, row, 6);
	e->detail = get_text(a, r, row, 7);
}

static enum store_rc pg_audit_list(struct store *st, struct arena *a, int64_t offset, int64_t limit,
				   struct audit_entry **out, size_t *n, int64_t *total)
{
	enum store_rc rc = read_rows(st, a, PG_AUDIT_LIST, sizeof(**out), row_audit, (void **)out,
				     n, limit, offset);
	if (rc == STORE_OK && total)
		rc = one_int(st, PG_AUDIT_COUNT, total);
	return rc;
}

/* --- search (pg_search.c) --------------------------------------------------------------------- */

static enum store_rc pg_search(struct store *base, struct arena *a, const struct search_request *r,
			       struct search_hit **out, size_t *n, int64_t *total, bool *more)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = pg_search_run(c->db, a, r, out, n, total, more);
	if (rc == STORE_UNAVAILABLE)
		c->broken = true;
	conn_put(s, c);
	return rc;
}

static enum store_rc pg_search_reindex(struct store *base, void (*progress)(int64_t, void *),
				       void *ctx, int64_t *count)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = tx_enter(c);
	if (rc == STORE_OK)
		rc = tx_leave(c, pg_search_rebuild(c->db, progress, ctx, count));
	if (rc == STORE_UNAVAILABLE)
		c->broken = true;
	conn_put(s, c);
	return rc;
}

/* --- the media library ----------------------------------------------------------------------- */

static enum store_rc pg_media_add(struct store *base, const struct media *m, int64_t *id)
{
	struct pg_store *s = pg(base);
	struct pg_conn *c = conn_get(s);
	if (!c)
		return STORE_UNAVAILABLE;
	struct pg_params p = {.n = 0};
	p_text(&p, m->file);
	p_text(&p, m->thumb ? m->thumb : "");
	p_text(&p, m->name ? m->name : "");
	p_text(&p, m->mime);
	p_i64(&p, m->bytes);
	p_i64(&p, m->width);
	p_i64(&p, m->height);
	p_i64(&p, m->user_id);
	p_i64(&p, m->created_at ? m->created_at : now_utc());
	int64_t new_id = 0;
	enum store_rc rc = run_fenced(c, PG_MEDIA_ADD, &p, &new_id, NULL);
	if (rc == STORE_OK && id)
		*id = new_id;
	conn_put(s, c);
	return rc;
}

static void row_media(struct arena *a, const PGresult *r, int row, void *elem)
{
	struct media *m = elem;
	m->id = get_i64(r, row, 0);
	m->file = get_text(a, r, row, 1);
	m->thumb = get_text(a, r, row, 2);
	m->name = get_text(a, r, row, 3);
	m->mime = get_text(a, r, row, 4);
	m->bytes = get_i64(r, row, 5);
	m->width = get_i64(r, row, 6);
	m->height = get_i64(r, row, 7);
	m->user_id = get_i64(r, row, 8);
	m->user_name = get_text(a, r, row, 9);
	m->created_at = get_i64(r, row, 10);
}

static enum store_rc pg_media_list(struct store *st, struct arena *a, int64_t offset, int64_t limit,
				   struct media **out, size_t *n, int64_t *total)
{
	enum store_rc rc = read_rows(st, a, PG_MEDIA_LIST, sizeof(**out), row_media, (void **)out,
				     n, limit, offset);
	if (rc == STORE_OK && total)
		rc = one_int(st, PG_MEDIA_COUNT, total);
	return rc;
}

static enum store_rc pg_media_get(struct store *st, struct arena *a, const char *file,
				  struct media *out)
{
	return read_one(st, a, PG_MEDIA_GET, sizeof(*out), row_media, out, file);
}

static const struct store_ops pg_ops = {
    .name = "postgresql",
    .close = pg_close,
    .schema_version = pg_schema_version,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .setting_get = pg_setting_get,
    .setting_set = pg_setting_set,
    .categories = pg_categories,
    .category_ensure = pg_category_ensure,
    .article_get = pg_article_get,
    .article_put = pg_article_put,
    .articles_list = pg_articles_list,
    .articles_each = pg_articles_each,
    .article_max_id = pg_article_max_id,
    .views_add = pg_views_add,
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
    .user_by_id = pg_user_by_id,
    .users = pg_users,
    .user_update = pg_user_update,
    .user_password = pg_user_password,
    .user_categories = pg_user_categories,
    .session_add = pg_session_add,
    .session_get = pg_session_get,
    .session_delete = pg_session_delete,
    .sessions_delete_user = pg_sessions_delete_user,
    .token_add = pg_token_add,
    .token_user = pg_token_user,
    .throttle_hit = pg_throttle_hit,
    .throttle_count = pg_throttle_count,
    .throttle_clear = pg_throttle_clear,
    .audit_add = pg_audit_add,
    .audit_list = pg_audit_list,
    .wait_change = pg_wait_change,
    .search = pg_search,
    .search_reindex = pg_search_reindex,
    .media_add = pg_media_add,
    .media_list = pg_media_list,
    .media_get = pg_media_get,
};

/* Appends msg on one line with any copy of url in it shown without its password (libpq quotes
 * the URL it could not parse). */
static void put_redacted(struct buf *b, const char *msg, const char *url)
{
	const char *at = strstr(url, "://") ? strchr(strstr(url, "://") + 3, '@') : NULL;
	const char *colon = at ? memchr(strstr(url, "://") + 3, ':', (size_t)(at - url)) : NULL;
	const char *hit = colon && colon < at ? strstr(msg, url) : NULL;
	if (!hit) {
		put_one_line(b, msg);
		return;
	}
	struct buf m = BUF_INIT;
	buf_append(&m, msg, (size_t)(hit - msg));
	buf_append(&m, url, (size_t)(colon + 1 - url));
	buf_puts(&m, "***");
	buf_puts(&m, at);
	buf_puts(&m, hit + strlen(url));
	put_one_line(b, buf_cstr(&m));
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

enum store_rc store_pg_open(const char *url, bool create, struct store **out, struct buf *err)
{
	(void)create; /* the database must exist: PostgreSQL databases are made by their admin */
	bool has_timeout;
	enum store_rc rc = parse_url(url, &has_timeout, err);
	if (rc != STORE_OK)
		return rc;
	struct pg_store *s = xcalloc(1, sizeof(*s));
	s->base.ops = &pg_ops;
	s->url = xstrdup(url);
	s->default_timeout = !has_timeout;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->freed, NULL);
	pthread_mutex_init(&s->listen_mu, NULL);
	struct pg_conn *c = conn_open(s, err);
	rc = c ? check_encoding(c->db, err) : STORE_UNAVAILABLE;
	if (rc == STORE_OK)
		rc = migrate(s, c, err);
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
