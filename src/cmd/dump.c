/* Backend-neutral rows for backup and restore (dump.h): SQLite through sqlite3, PostgreSQL through
 * libpq, each with a connection of its own so that a backup never holds one of the server's. */
#include "cmd/dump.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite-int.h" /* sq_conn_open: the search functions SQLite's triggers call */

const char *const cmd_dump_tables[] = {
    /* the newsroom */
    "settings", "users", "user_rights", "categories", "tags", "articles", "article_tags",
    "user_categories", "sessions", "api_tokens", "revisions", "autosaves", "audit_log",
    "audit_chain", "media", "import_keys", "redirects",
    /* pages and the organisation */
    "pages", "page_revisions", "org_units", "org_people",
    /* readers' tickets (contact, questions, complaints) and the mail outbox */
    "tickets", "ticket_events", "ticket_handlers", "mail_outbox",
    /* legal documents */
    "doc_lists", "documents", "document_files", "document_relations", "document_comments",
    /* compliance: archive of public versions, sources, takedowns */
    "archive", "sources", "article_origin", "takedowns",
    /* statistics and the visitor counter */
    "views_daily", "views_daily_cat", "widget_secret", "visitor_seen", "visitor_days",
    /* portal widgets */
    "polls", "poll_choices", "poll_votes", "poll_address_votes", "banners", "layout_blocks",
    "videos", "albums", "album_photos",
    /* English versions (issue 13) */
    "article_translations",
    /* media files kept in PostgreSQL (issue 19): the file's row before its chunks */
    "media_files", "media_blobs"};
const size_t cmd_dump_ntables = sizeof cmd_dump_tables / sizeof cmd_dump_tables[0];

/* Tables a migration fills with their one row (a checkpoint, a secret): a new database has it,
 * so restore replaces it and the check for an empty target leaves it out. */
bool cmd_dump_seeded(const char *table)
{
	return strcmp(table, "audit_chain") == 0 || strcmp(table, "widget_secret") == 0;
}

/* Columns derived from others and rebuilt after a restore (PostgreSQL's search vectors of the
 * documents), or left behind by a migration (SQLite's articles.views_before_32, PostgreSQL's
 * views_start: the counts are in article_views since SQLite's migration 32 and PostgreSQL's 37),
 * left out so that an archive restores on either backend. */
static bool derived_column(const char *table, const char *column)
{
	if (strcmp(table, "articles") == 0)
		return strcmp(column, "views_before_32") == 0 || strcmp(column, "views_start") == 0;
	return strcmp(table, "documents") == 0 &&
	       (strcmp(column, "fold") == 0 || strcmp(column, "exact") == 0);
}

/* Key order of each table, so that two backups of the same data are the same bytes. */
static const char *order_of(const char *table)
{
	static const struct {
		const char *table, *order;
	} orders[] = {{"settings", "key"},
		      {"article_tags", "article_id, tag_id"},
		      {"user_categories", "user_id, category_id"},
		      {"sessions", "token_hash"},
		      {"api_tokens", "token_hash"},
		      {"revisions", "article_id, revision"},
		      {"autosaves", "user_id, article_id"},
		      {"page_revisions", "page_id, revision"},
		      {"import_keys", "key"},
		      {"redirects", "old"},
		      {"document_relations", "from_id, to_id, kind"},
		      {"article_origin", "article_id"},
		      {"views_daily", "day, article_id"},
		      {"views_daily_cat", "category_id, day"},
		      {"visitor_seen", "day, vid"},
		      {"visitor_days", "day"},
		      {"poll_votes", "poll_id, voter"},
		      {"poll_address_votes", "poll_id, address"},
		      {"user_rights", "user_id, name"},
		      {"ticket_handlers", "user_id, unit_id"},
		      {"article_translations", "article_id, lang"},
		      {"media_files", "path"},
		      {"media_blobs", "path, seq"}};
	for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++)
		if (strcmp(orders[i].table, table) == 0)
			return orders[i].order;
	return "id";
}

static bool known_table(const char *table)
{
	for (size_t i = 0; i < cmd_dump_ntables; i++)
		if (strcmp(cmd_dump_tables[i], table) == 0)
			return true;
	return false;
}

/* Column names come from an archive: only [a-z_][a-z0-9_]* reaches SQL. */
static bool valid_column(const char *c)
{
	if (!*c || strlen(c) > 63 || (*c >= '0' && *c <= '9'))
		return false;
	for (; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return false;
	return true;
}

/* libpq's messages end with a newline and may hold several lines: errors are one line. */
static void one_line(struct buf *err)
{
	while (err->len && (err->data[err->len - 1] == '\n' || err->data[err->len - 1] == ' '))
		err->data[--err->len] = '\0';
	for (size_t i = 0; i < err->len; i++)
		if (err->data[i] == '\n' || err->data[i] == '\t')
			err->data[i] = ' ';
}

struct cmd_dump_db {
	bool pg;
	sqlite3 *lite;        /* read-only backups */
	struct sq_conn *conn; /* restores: with the search functions registered */
	PGconn *pgc;
	char *last_sql; /* the statement prepared last (both backends) */
	sqlite3_stmt *ins;
	int views_apart; /* 0 not known yet, 1 counts in articles, 2 apart (article_views) */
	int prepared;    /* PostgreSQL: statements prepared so far */
};

static sqlite3 *lite_db(struct cmd_dump_db *d)
{
	return d->conn ? d->conn->db : d->lite;
}

/* Whether the database keeps its view counts in article_views (SQLite's migration 32 and
 * PostgreSQL's 37 and later): an archive's articles carry `views` whatever the backend. */
static bool views_apart(struct cmd_dump_db *d)
{
	if (d->views_apart)
		return d->views_apart == 2;
	bool yes = false;
	if (d->pg) {
		PGresult *r = PQexec(d->pgc, "SELECT to_regclass('article_views') IS NOT NULL");
		yes = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
		      strcmp(PQgetvalue(r, 0, 0), "t") == 0;
		PQclear(r);
	} else {
		sqlite3_stmt *s = NULL;
		yes = sqlite3_prepare_v2(lite_db(d),
					 "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
					 "name = 'article_views'",
					 -1, &s, NULL) == SQLITE_OK &&
		      sqlite3_step(s) == SQLITE_ROW;
		sqlite3_finalize(s);
	}
	d->views_apart = yes ? 2 : 1;
	return yes;
}

bool cmd_dump_is_pg(const struct cmd_dump_db *d)
{
	return d->pg;
}

int cmd_dump_open(const char *url, bool write, struct cmd_dump_db **out, struct buf *err)
{
	struct cmd_dump_db *d = xcalloc(1, sizeof *d);
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
		d->pg = true;
		const char *keys[] = {"dbname", "client_encoding", "fallback_application_name",
				      "connect_timeout", NULL};
		const char *vals[] = {url, "UTF8", write ? "gazette-restore" : "gazette-backup",
				      "10", NULL};
		d->pgc = PQconnectdbParams(keys, vals, 1);
		if (PQstatus(d->pgc) != CONNECTION_OK) {
			buf_printf(err, "cannot connect to PostgreSQL: %s", PQerrorMessage(d->pgc));
			one_line(err);
			cmd_dump_close(d);
			return -1;
		}
	} else {
		const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
		if (write) {
			d->conn = sq_conn_open(path, SQLITE_OPEN_READWRITE, err);
		} else if (sqlite3_open_v2(path, &d->lite, SQLITE_OPEN_READONLY, NULL) !=
			   SQLITE_OK) {
			buf_printf(err, "cannot open SQLite database '%s': %s", path,
				   d->lite ? sqlite3_errmsg(d->lite) : "out of memory");
		} else {
			sqlite3_busy_timeout(d->lite, 10000);
		}
		if (!lite_db(d)) {
			cmd_dump_close(d);
			return -1;
		}
	}
	*out = d;
	return 0;
}

void cmd_dump_close(struct cmd_dump_db *d)
{
	if (!d)
		return;
	sqlite3_finalize(d->ins);
	if (d->conn)
		sq_conn_close(d->conn);
	if (d->lite)
		sqlite3_close(d->lite);
	if (d->pgc)
		PQfinish(d->pgc);
	free(d->last_sql);
	free(d);
}

/* "PostgreSQL: primary message (detail)" on one line. */
static void pg_error(struct buf *err, const PGresult *r)
{
	const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	buf_printf(err, "PostgreSQL: %s", msg ? msg : "unknown error");
	if (detail)
		buf_printf(err, " (%s)", detail);
	one_line(err);
}

static int pg_exec(struct cmd_dump_db *d, const char *sql, struct buf *err)
{
	PGresult *r = PQexec(d->pgc, sql);
	int rc =
	    PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : -1;
	if (rc != 0)
		pg_error(err, r);
	PQclear(r);
	return rc;
}

static int lite_exec(struct cmd_dump_db *d, const char *sql, struct buf *err)
{
	char *msg = NULL;
	if (sqlite3_exec(lite_db(d), sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	buf_printf(err, "SQLite: %s", msg ? msg : sqlite3_errmsg(lite_db(d)));
	sqlite3_free(msg);
	return -1;
}

static int exec_sql(struct cmd_dump_db *d, const char *sql, struct buf *err)
{
	return d->pg ? pg_exec(d, sql, err) : lite_exec(d, sql, err);
}

int cmd_dump_snapshot(struct cmd_dump_db *d, struct buf *err)
{
	if (d->pg)
		return pg_exec(d, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
	/* The snapshot is taken by the first read; reading the schema makes it now. */
	return lite_exec(d, "BEGIN; SELECT count(*) FROM sqlite_master;", err);
}

int cmd_dump_begin(struct cmd_dump_db *d, struct buf *err)
{
	return exec_sql(d, d->pg ? "BEGIN" : "BEGIN IMMEDIATE", err);
}

int cmd_dump_end(struct cmd_dump_db *d, bool commit, struct buf *err)
{
	return exec_sql(d, commit ? "COMMIT" : "ROLLBACK", err);
}

/* --- reading ---------------------------------------------------------------------------------- */

static json_t *pg_value(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return json_null();
	const char *v = PQgetvalue(r, row, col);
	switch (PQftype(r, col)) {
	case 16: /* bool */
		return json_boolean(v[0] == 't');
	case 20: /* int8 */
	case 21: /* int2 */
	case 23: /* int4 */
		return json_integer(strtoll(v, NULL, 10));
	case 700: /* float4 */
	case 701: /* float8 */
		return json_real(strtod(v, NULL));
	default:
		return json_stringn(v, (size_t)PQgetlength(r, row, col));
	}
}

static int pg_rows(struct cmd_dump_db *d, const char *sql, int (*fn)(json_t *, void *), void *ctx,
		   struct buf *err)
{
	if (!PQsendQuery(d->pgc, sql) || !PQsetSingleRowMode(d->pgc)) {
		buf_printf(err, "PostgreSQL: %s", PQerrorMessage(d->pgc));
		one_line(err);
		return -1;
	}
	int rc = 0;
	PGresult *r;
	while ((r = PQgetResult(d->pgc)) != NULL) {
		ExecStatusType s = PQresultStatus(r);
		if (s == PGRES_SINGLE_TUPLE && rc == 0) {
			json_t *obj = json_object();
			for (int c = 0; c < PQnfields(r) && rc == 0; c++) {
				json_t *v = pg_value(r, 0, c);
				if (!v) {
					buf_printf(err, "column %s holds text that is not UTF-8",
						   PQfname(r, c));
					rc = -1;
				} else {
					json_object_set_new(obj, PQfname(r, c), v);
				}
			}
			if (rc == 0)
				rc = fn(obj, ctx);
			json_decref(obj);
		} else if (s != PGRES_SINGLE_TUPLE && s != PGRES_TUPLES_OK && rc == 0) {
			pg_error(err, r);
			rc = -1;
		}
		PQclear(r);
	}
	return rc;
}

static json_t *lite_value(sqlite3_stmt *s, int col)
{
	switch (sqlite3_column_type(s, col)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(s, col));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(s, col));
	default: {
		const char *t = (const char *)sqlite3_column_text(s, col);
		return json_stringn(t ? t : "", (size_t)sqlite3_column_bytes(s, col));
	}
	}
}

static int lite_rows(struct cmd_dump_db *d, const char *sql, int (*fn)(json_t *, void *), void *ctx,
		     struct buf *err)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(lite_db(d), sql, -1, &s, NULL) != SQLITE_OK) {
		buf_printf(err, "SQLite: %s", sqlite3_errmsg(lite_db(d)));
		return -1;
	}
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *obj = json_object();
		for (int c = 0; c < sqlite3_column_count(s) && rc == 0; c++) {
			json_t *v = lite_value(s, c);
			if (!v) {
				buf_printf(err, "column %s holds text that is not UTF-8",
					   sqlite3_column_name(s, c));
				rc = -1;
			} else {
				json_object_set_new(obj, sqlite3_column_name(s, c), v);
			}
		}
		if (rc == 0)
			rc = fn(obj, ctx);
		json_decref(obj);
	}
	if (rc == 0 && step != SQLITE_DONE) {
		buf_printf(err, "SQLite: %s", sqlite3_errmsg(lite_db(d)));
		rc = -1;
	}
	sqlite3_finalize(s);
	return rc;
}

/* Drops a row's derived columns before handing it on. */
struct row_filter {
	const char *table;
	int (*fn)(json_t *row, void *ctx);
	void *ctx;
};

static int filtered_row(json_t *row, void *ctx)
{
	struct row_filter *f = ctx;
	const char *key;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(row, tmp, key, v)
	{
		(void)v;
		if (derived_column(f->table, key))
			json_object_del(row, key);
	}
	return f->fn(row, f->ctx);
}

int cmd_dump_rows(struct cmd_dump_db *d, const char *table, int (*fn)(json_t *row, void *ctx),
		  void *ctx, struct buf *err)
{
	if (!known_table(table)) {
		buf_printf(err, "unknown table '%s'", table);
		return -1;
	}
	struct buf sql = BUF_INIT;
	if (strcmp(table, "articles") == 0 && views_apart(d))
		buf_puts(&sql,
			 "SELECT articles.*, coalesce((SELECT v.views FROM article_views v "
			 "WHERE v.article_id = articles.id), 0) AS views FROM articles ORDER BY "
			 "id");
	else
		buf_printf(&sql, "SELECT * FROM %s ORDER BY %s", table, order_of(table));
	struct row_filter f = {table, fn, ctx};
	int rc = d->pg ? pg_rows(d, buf_cstr(&sql), filtered_row, &f, err)
		       : lite_rows(d, buf_cstr(&sql), filtered_row, &f, err);
	buf_free(&sql);
	return rc;
}

static int count_row(json_t *row, void *ctx)
{
	json_t *v = json_object_get(row, "n");
	*(int64_t *)ctx =
	    json_is_integer(v) ? json_integer_value(v) : strtoll(json_string_value(v), NULL, 10);
	return 0;
}

int cmd_dump_count(struct cmd_dump_db *d, const char *table, int64_t *n, struct buf *err)
{
	*n = 0;
	if (!known_table(table)) {
		buf_printf(err, "unknown table '%s'", table);
		return -1;
	}
	struct buf sql = BUF_INIT;
	/* Whether the table exists, then its rows: a database migrated to an older version lacks
	 * the newer tables. */
	if (d->pg)
		buf_printf(&sql,
			   "SELECT count(*) AS n FROM pg_tables WHERE schemaname = "
			   "current_schema() AND tablename = '%s'",
			   table);
	else
		buf_printf(&sql,
			   "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name "
			   "= '%s'",
			   table);
	int64_t exists = 0;
	int rc = d->pg ? pg_rows(d, buf_cstr(&sql), count_row, &exists, err)
		       : lite_rows(d, buf_cstr(&sql), count_row, &exists, err);
	if (rc == 0 && exists) {
		buf_reset(&sql);
		buf_printf(&sql, "SELECT count(*) AS n FROM %s", table);
		rc = d->pg ? pg_rows(d, buf_cstr(&sql), count_row, n, err)
			   : lite_rows(d, buf_cstr(&sql), count_row, n, err);
	}
	buf_free(&sql);
	return rc;
}

static int first_value(json_t *row, void *ctx)
{
	const char *key;
	json_t *v;
	json_object_foreach(row, key, v)
	{
		(void)key;
		if (json_is_integer(v))
			*(int64_t *)ctx = json_integer_value(v);
		else if (json_is_real(v))
			*(int64_t *)ctx = (int64_t)json_real_value(v);
		else if (json_is_string(v))
			*(int64_t *)ctx = (int64_t)strtod(json_string_value(v), NULL);
		return 1; /* the first column of the first row is enough */
	}
	return 1;
}

int cmd_dump_query_i64(struct cmd_dump_db *d, const char *sql, int64_t *out, struct buf *err)
{
	*out = 0;
	int rc = d->pg ? pg_rows(d, sql, first_value, out, err)
		       : lite_rows(d, sql, first_value, out, err);
	return rc < 0 ? -1 : 0;
}

/* --- writing ---------------------------------------------------------------------------------- */

/* "INSERT INTO t (a, b) VALUES ($1, $2)" (SQLite reads $N too) for the row's columns. */
static int insert_sql(const char *table, json_t *row, struct buf *sql, struct buf *err)
{
	buf_printf(sql, "INSERT INTO %s (", table);
	const char *key;
	json_t *v;
	size_t i = 0;
	json_object_foreach(row, key, v)
	{
		if (!valid_column(key)) {
			buf_printf(err, "invalid column name in table %s", table);
			return -1;
		}
		buf_printf(sql, "%s%s", i++ ? ", " : "", key);
	}
	if (i == 0) {
		buf_printf(err, "an empty row in table %s", table);
		return -1;
	}
	buf_puts(sql, ") VALUES (");
	for (size_t k = 1; k <= i; k++)
		buf_printf(sql, "%s$%zu", k > 1 ? ", " : "", k);
	buf_putc(sql, ')');
	return 0;
}

static int pg_insert(struct cmd_dump_db *d, const char *sql, json_t *row, struct buf *err)
{
	if (!d->last_sql || strcmp(d->last_sql, sql) != 0) {
		char name[32];
		snprintf(name, sizeof name, "ins%d", ++d->prepared);
		PGresult *r = PQprepare(d->pgc, name, sql, 0, NULL);
		bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok)
			pg_error(err, r);
		PQclear(r);
		if (!ok)
			return -1;
		free(d->last_sql);
		d->last_sql = xstrdup(sql);
	}
	size_t n = json_object_size(row);
	const char **vals = xcalloc(n, sizeof *vals);
	char(*nums)[32] = xcalloc(n, sizeof *nums);
	const char *key;
	json_t *v;
	size_t i = 0;
	json_object_foreach(row, key, v)
	{
		if (json_is_string(v))
			vals[i] = json_string_value(v);
		else if (json_is_integer(v))
			snprintf(nums[i], sizeof nums[i], "%lld", (long long)json_integer_value(v));
		else if (json_is_real(v))
			snprintf(nums[i], sizeof nums[i], "%.17g", json_real_value(v));
		else if (json_is_boolean(v))
			snprintf(nums[i], sizeof nums[i], "%s", json_is_true(v) ? "true" : "false");
		if (!json_is_string(v) && !json_is_null(v))
			vals[i] = nums[i];
		i++;
	}
	char name[32];
	snprintf(name, sizeof name, "ins%d", d->prepared);
	PGresult *r = PQexecPrepared(d->pgc, name, (int)n, vals, NULL, NULL, 0);
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
	if (rc != 0)
		pg_error(err, r);
	PQclear(r);
	free(vals);
	free(nums);
	return rc;
}

static int lite_insert(struct cmd_dump_db *d, const char *sql, json_t *row, struct buf *err)
{
	if (!d->last_sql || strcmp(d->last_sql, sql) != 0) {
		sqlite3_finalize(d->ins);
		d->ins = NULL;
		if (sqlite3_prepare_v2(lite_db(d), sql, -1, &d->ins, NULL) != SQLITE_OK) {
			buf_printf(err, "SQLite: %s", sqlite3_errmsg(lite_db(d)));
			return -1;
		}
		free(d->last_sql);
		d->last_sql = xstrdup(sql);
	}
	sqlite3_reset(d->ins);
	sqlite3_clear_bindings(d->ins);
	const char *key;
	json_t *v;
	int i = 1;
	json_object_foreach(row, key, v)
	{
		if (json_is_string(v))
			sqlite3_bind_text(d->ins, i, json_string_value(v),
					  (int)json_string_length(v), SQLITE_STATIC);
		else if (json_is_integer(v))
			sqlite3_bind_int64(d->ins, i, json_integer_value(v));
		else if (json_is_real(v))
			sqlite3_bind_double(d->ins, i, json_real_value(v));
		else if (json_is_boolean(v))
			sqlite3_bind_int(d->ins, i, json_is_true(v));
		i++;
	}
	if (sqlite3_step(d->ins) != SQLITE_DONE) {
		buf_printf(err, "SQLite: %s", sqlite3_errmsg(lite_db(d)));
		sqlite3_reset(d->ins);
		return -1;
	}
	sqlite3_reset(d->ins);
	return 0;
}

/* SQLite since migration 32: the article's count, taken out of its row, into the row of
 * article_views that the insert's trigger made (the store's own statement: restores write
 * through the store's connection). */
static int lite_views_set(struct cmd_dump_db *d, json_t *id, json_t *views, struct buf *err)
{
	if (!json_is_integer(views) || !json_is_integer(id)) {
		buf_puts(err, "views and id must be integers");
		return -1;
	}
	sqlite3_stmt *s = d->conn ? sq_stmt(d->conn, SQ_ARTICLE_VIEWS_SET) : NULL;
	if (s) {
		sqlite3_bind_int64(s, 1, json_integer_value(id));
		sqlite3_bind_int64(s, 2, json_integer_value(views));
	}
	if (!s || sq_step_done(d->conn, s) != STORE_OK) {
		buf_printf(err, "SQLite: %s", sqlite3_errmsg(lite_db(d)));
		return -1;
	}
	return 0;
}

int cmd_dump_insert(struct cmd_dump_db *d, const char *table, json_t *row, struct buf *err)
{
	if (!known_table(table) || !json_is_object(row)) {
		buf_printf(err, "unknown table '%s' or a row that is not an object", table);
		return -1;
	}
	struct buf sql = BUF_INIT;
	json_t *views = NULL; /* SQLite: the count kept apart */
	if (strcmp(table, "articles") == 0 && json_object_get(row, "views") && views_apart(d)) {
		row = json_copy(row);
		if (d->pg) /* the count the article starts with: cmd_dump_fix_views copies it */
			json_object_set(row, "views_start", json_object_get(row, "views"));
		else
			views = json_incref(json_object_get(row, "views"));
		json_object_del(row, "views");
	} else {
		json_incref(row);
	}
	int rc = insert_sql(table, row, &sql, err);
	if (rc == 0)
		rc = d->pg ? pg_insert(d, buf_cstr(&sql), row, err)
			   : lite_insert(d, buf_cstr(&sql), row, err);
	if (rc == 0 && views)
		rc = lite_views_set(d, json_object_get(row, "id"), views, err);
	json_decref(views);
	json_decref(row);
	if (rc != 0) {
		struct buf msg = BUF_INIT;
		buf_printf(&msg, "table %s: %s", table, buf_cstr(err));
		buf_reset(err);
		buf_puts(err, buf_cstr(&msg));
		buf_free(&msg);
	}
	buf_free(&sql);
	return rc;
}

int cmd_dump_set_i64(struct cmd_dump_db *d, const char *table, const char *column, int64_t id,
		     int64_t value, struct buf *err)
{
	if (!known_table(table) || !valid_column(column)) {
		buf_printf(err, "unknown table '%s' or column", table);
		return -1;
	}
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "UPDATE %s SET %s = %lld WHERE id = %lld", table, column, (long long)value,
		   (long long)id);
	int rc = exec_sql(d, buf_cstr(&sql), err);
	buf_free(&sql);
	return rc;
}

int cmd_dump_triggers(struct cmd_dump_db *d, bool on, struct buf *err)
{
	if (!d->pg)
		return 0;
	struct buf sql = BUF_INIT;
	/* Deferred keys (a page's parent) are checked now: ALTER TABLE refuses pending events. */
	if (on)
		buf_puts(&sql, "SET CONSTRAINTS ALL IMMEDIATE;");
	for (size_t i = 0; i < cmd_dump_ntables; i++)
		buf_printf(&sql, "ALTER TABLE %s %s TRIGGER USER;", cmd_dump_tables[i],
			   on ? "ENABLE" : "DISABLE");
	int rc = pg_exec(d, buf_cstr(&sql), err);
	buf_free(&sql);
	return rc;
}

int cmd_dump_clear(struct cmd_dump_db *d, const char *table, struct buf *err)
{
	if (!known_table(table)) {
		buf_printf(err, "unknown table '%s'", table);
		return -1;
	}
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "DELETE FROM %s", table);
	int rc = exec_sql(d, buf_cstr(&sql), err);
	buf_free(&sql);
	return rc;
}

static int add_name(json_t *row, void *ctx)
{
	json_t *v = json_object_get(row, "table_name");
	if (json_is_string(v) && known_table(json_string_value(v)))
		json_array_append(ctx, v);
	return 0;
}

int cmd_dump_fix_views(struct cmd_dump_db *d, struct buf *err)
{
	if (!d->pg || !views_apart(d))
		return 0; /* SQLite's insert trigger made each row; lite_views_set set its count */
	return pg_exec(
	    d,
	    "INSERT INTO article_views(article_id, views, cat_id) SELECT id, views_start, "
	    "category_id FROM articles ON CONFLICT (article_id) DO UPDATE SET views = "
	    "excluded.views, cat_id = excluded.cat_id",
	    err);
}

int cmd_dump_fix_sequences(struct cmd_dump_db *d, struct buf *err)
{
	if (!d->pg)
		return 0; /* SQLite's INTEGER PRIMARY KEY continues after the largest id by itself
			   */
	/* Every table of the backup whose id a sequence gives (serial or identity). */
	json_t *names = json_array();
	int rc = pg_rows(d,
			 "SELECT table_name::text AS table_name FROM information_schema.columns "
			 "WHERE table_schema = current_schema() AND column_name = 'id' AND "
			 "(column_default LIKE 'nextval(%' OR is_identity = 'YES') ORDER BY 1",
			 add_name, names, err);
	struct buf sql = BUF_INIT;
	size_t i;
	json_t *v;
	json_array_foreach(names, i, v)
	{
		if (rc != 0)
			break;
		const char *t = json_string_value(v);
		buf_reset(&sql);
		buf_printf(&sql,
			   "SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id)) FROM %s "
			   "HAVING max(id) IS NOT NULL",
			   t, t);
		rc = pg_exec(d, buf_cstr(&sql), err);
	}
	buf_free(&sql);
	json_decref(names);
	return rc;
}

bool cmd_dump_safe_path(const char *rel)
{
	if (!*rel || *rel == '/' || strlen(rel) > 1024)
		return false;
	const char *part = rel;
	for (const char *c = rel;; c++) {
		if (*c == '/' || *c == '\0') {
			size_t n = (size_t)(c - part);
			if (n == 0 || (n == 1 && part[0] == '.') ||
			    (n == 2 && part[0] == '.' && part[1] == '.'))
				return false;
			if (*c == '\0')
				return true;
			part = c + 1;
		} else if ((unsigned char)*c < 0x20 || *c == '\\' || *c == 0x7f) {
			return false;
		}
	}
}

char *cmd_dump_media_dir(const char *flag, const char *url)
{
	if (flag && *flag)
		return xstrdup(flag);
	const char *env = getenv("GAZETTE_MEDIA");
	if (env && *env)
		return xstrdup(env);
	if (!url || strncmp(url, "postgres", 8) == 0)
		return NULL;
	const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
	const char *slash = strrchr(path, '/');
	struct buf b = BUF_INIT;
	if (slash)
		buf_append(&b, path, (size_t)(slash - path + 1));
	buf_puts(&b, "media");
	return buf_detach(&b);
}
