/*
 * A search mirror's writes (store/search.h): a SQLite store that holds a PostgreSQL store's public
 * articles as far as search reads them. Rows go into `articles` as published articles with an
 * empty body_html (search reads body_text), so that SQLite's own triggers and search_pending keep
 * the index, exactly as for the articles of a SQLite site; the state (the source's identity and
 * the snapshot read up to) is kept in `settings`, written in the same transaction as the rows.
 */
#include "store/sqlite/sqlite-int.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/log.h"
#include "sanitize/sanitize.h"

#define KEY_EPOCH "search_mirror.epoch"
#define KEY_SNAP "search_mirror.snapshot"

static sqlite3_stmt *prep(struct sq_conn *c, const char *sql)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(c->db, sql, -1, &q, NULL) != SQLITE_OK) {
		log_error("sqlite: mirror: %s", sqlite3_errmsg(c->db));
		sqlite3_finalize(q);
		return NULL;
	}
	return q;
}

static int step_done(sqlite3_stmt *q)
{
	int r = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return r == SQLITE_DONE ? SQLITE_OK : r;
}

/* The categories replaced (foreign keys are checked at commit: the articles' rows and the
 * categories' own parents find theirs again then). */
static int put_categories(struct sq_conn *c, const struct mirror_batch *b)
{
	if (sq_exec(c, "DELETE FROM categories") != SQLITE_OK)
		return SQLITE_ERROR;
	sqlite3_stmt *q = prep(c, "INSERT INTO categories(id, parent_id, name, slug, position) "
				  "VALUES (?1, nullif(?2, 0), ?3, ?4, ?5)");
	int rc = q ? SQLITE_OK : SQLITE_ERROR;
	for (size_t i = 0; rc == SQLITE_OK && i < b->ncats; i++) {
		const struct category *k = &b->cats[i];
		sqlite3_bind_int64(q, 1, k->id);
		sqlite3_bind_int64(q, 2, k->parent_id);
		sqlite3_bind_text(q, 3, k->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, k->slug, -1, SQLITE_STATIC);
		sqlite3_bind_int(q, 5, k->position);
		rc = step_done(q);
	}
	sqlite3_finalize(q);
	return rc;
}

static int put_rows(struct sq_conn *c, const struct mirror_batch *b)
{
	sqlite3_stmt *del = prep(c, "DELETE FROM articles WHERE id = ?1");
	sqlite3_stmt *ins = prep(
	    c, "INSERT INTO articles(id, category_id, status, title, slug, lead, body_html, "
	       "author, published_at, created_at, updated_at, expires_at, image_src, image_alt, "
	       "body_text, body_version) VALUES (?1, ?2, 'published', ?3, ?4, ?5, '', ?6, ?7, "
	       "?7, ?7, nullif(?8, 0), ?9, ?10, ?11, ?12)");
	int rc = del && ins ? SQLITE_OK : SQLITE_ERROR;
	for (size_t i = 0; rc == SQLITE_OK && i < b->ngone; i++) {
		sqlite3_bind_int64(del, 1, b->gone[i]);
		rc = step_done(del);
	}
	for (size_t i = 0; rc == SQLITE_OK && i < b->nrows; i++) {
		const struct mirror_article *m = &b->rows[i];
		sqlite3_bind_int64(del, 1, m->id);
		rc = step_done(del);
		if (rc != SQLITE_OK || !m->published)
			continue;
		sqlite3_bind_int64(ins, 1, m->id);
		sqlite3_bind_int64(ins, 2, m->category_id);
		sqlite3_bind_text(ins, 3, m->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, m->slug, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, m->lead, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, m->author, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 7, m->published_at);
		sqlite3_bind_int64(ins, 8, m->expires_at);
		sqlite3_bind_text(ins, 9, m->image_src, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 10, m->image_alt, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 11, m->body_text, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 12, SANITIZE_VERSION);
		rc = step_done(ins);
		if (rc == SQLITE_OK)
			rc = sq_article_added(c);
	}
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return rc;
}

enum store_rc sq_mirror_apply(struct store_conn *sc, const struct mirror_batch *b)
{
	struct sq_conn *c = sq_c(sc);
	int rc = sq_exec(c, "PRAGMA defer_foreign_keys = ON");
	if (rc == SQLITE_OK && b->cats_set)
		rc = put_categories(c, b);
	if (rc == SQLITE_OK)
		rc = put_rows(c, b);
	if (rc == SQLITE_OK && b->epoch) {
		sqlite3_stmt *q = prep(c, "INSERT INTO settings(key, value) VALUES (?1, ?2) ON "
					  "CONFLICT(key) DO UPDATE SET value = excluded.value");
		rc = q ? SQLITE_OK : SQLITE_ERROR;
		const char *kv[2][2] = {{KEY_EPOCH, b->epoch}, {KEY_SNAP, b->snap ? b->snap : ""}};
		for (int i = 0; rc == SQLITE_OK && i < 2; i++) {
			sqlite3_bind_text(q, 1, kv[i][0], -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 2, kv[i][1], -1, SQLITE_STATIC);
			rc = step_done(q);
		}
		sqlite3_finalize(q);
	}
	if (rc != SQLITE_OK)
		log_error("sqlite: mirror: could not apply a change: %s", sqlite3_errmsg(c->db));
	return sq_rc(rc);
}

enum store_rc sq_mirror_state(struct store_conn *sc, struct arena *a, const char **epoch,
			      const char **snap)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = prep(c, "SELECT (SELECT value FROM settings WHERE key = '" KEY_EPOCH
				  "'), (SELECT value FROM settings WHERE key = '" KEY_SNAP "')");
	if (!q)
		return STORE_ERROR;
	enum store_rc rc = STORE_ERROR;
	if (sqlite3_step(q) == SQLITE_ROW) {
		rc = STORE_NOTFOUND;
		if (sqlite3_column_type(q, 0) != SQLITE_NULL &&
		    sqlite3_column_type(q, 1) != SQLITE_NULL) {
			*epoch = sq_col_text(a, q, 0);
			*snap = sq_col_text(a, q, 1);
			rc = STORE_OK;
		}
	}
	sqlite3_finalize(q);
	return rc;
}
