/*
 * A mirror's writes (store/search.h): a SQLite store that holds a PostgreSQL store's public
 * articles as readers' pages and search read them. Rows go into `articles` (with their tags,
 * translations and view counts) as published articles, so that SQLite's own triggers and
 * search_pending keep the index, exactly as for the articles of a SQLite site; the state (the
 * source's identity and the snapshot read up to) is kept in `settings`, written in the same
 * transaction as the rows.
 */
#include "store/sqlite/sqlite-int.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/log.h"

/* Keyed anew when what a mirror holds changes: a mirror of search's columns alone (those
 * before pages were read from it, "search_mirror.*") has no state under these and is made again. */
#define KEY_EPOCH "mirror.epoch"
#define KEY_SNAP "mirror.snapshot"

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

/* The statements a batch's rows are written by. */
enum { DEL, INS, VIEWS, TAG, TAG_LINK, LANG, NSTMT };

static const char *const put_sql[NSTMT] = {
    [DEL] = "DELETE FROM articles WHERE id = ?1",
    [INS] = "INSERT INTO articles(id, category_id, status, title, slug, lead, body_html, "
	    "author, signature, source, published_at, created_at, updated_at, revision, featured, "
	    "expires_at, note, image_src, image_alt, image_caption, body_text, body_version) "
	    "VALUES (?1, ?2, 'published', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	    "nullif(?15, 0), '', ?16, ?17, ?18, ?19, ?20)",
    [VIEWS] = "UPDATE article_views SET views = ?2 WHERE article_id = ?1",
    /* A tag's slug in the mirror is its name (unique as the name is): pages make a tag's
     * address from its name, and nothing else reads the mirror's tags. */
    [TAG] = "INSERT INTO tags(name, slug) VALUES (?1, ?1) ON CONFLICT DO NOTHING",
    [TAG_LINK] = "INSERT OR IGNORE INTO article_tags(article_id, tag_id, position) SELECT ?1, "
		 "id, ?3 FROM tags WHERE name = ?2",
    [LANG] = "INSERT OR REPLACE INTO article_translations(article_id, lang, title, updated_at) "
	     "VALUES (?1, ?2, ?3, 0)",
};

static int set_views(sqlite3_stmt *q, int64_t id, int64_t views)
{
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, views);
	return step_done(q);
}

/* One published article with its tags, translations and view count. */
static int put_article(sqlite3_stmt **q, const struct mirror_article *m)
{
	const struct article *a = &m->a;
	sqlite3_stmt *ins = q[INS];
	sqlite3_bind_int64(ins, 1, a->id);
	sqlite3_bind_int64(ins, 2, a->category_id);
	const char *text[] = {a->title,  a->slug,      a->lead,  a->body_html,
			      a->author, a->signature, a->source};
	for (int i = 0; i < 7; i++)
		sqlite3_bind_text(ins, 3 + i, text[i], -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 10, a->published_at);
	sqlite3_bind_int64(ins, 11, a->created_at);
	sqlite3_bind_int64(ins, 12, a->updated_at);
	sqlite3_bind_int64(ins, 13, a->revision);
	sqlite3_bind_int(ins, 14, a->featured);
	sqlite3_bind_int64(ins, 15, a->expires_at);
	sqlite3_bind_text(ins, 16, a->image.src, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 17, a->image.alt, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 18, a->image.caption, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 19, m->body_text, -1, SQLITE_STATIC);
	sqlite3_bind_int(ins, 20, a->body_version);
	int rc = step_done(ins);
	if (rc == SQLITE_OK && a->views)
		rc = set_views(q[VIEWS], a->id, a->views);
	for (size_t i = 0; rc == SQLITE_OK && i < a->ntags; i++) {
		sqlite3_bind_text(q[TAG], 1, a->tags[i], -1, SQLITE_STATIC);
		rc = step_done(q[TAG]);
		sqlite3_bind_int64(q[TAG_LINK], 1, a->id);
		sqlite3_bind_text(q[TAG_LINK], 2, a->tags[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(q[TAG_LINK], 3, (int64_t)i);
		if (rc == SQLITE_OK)
			rc = step_done(q[TAG_LINK]);
	}
	for (size_t i = 0; rc == SQLITE_OK && i < a->nlangs; i++) {
		sqlite3_bind_int64(q[LANG], 1, a->id);
		sqlite3_bind_text(q[LANG], 2, a->langs[i].lang, -1, SQLITE_STATIC);
		sqlite3_bind_text(q[LANG], 3, a->langs[i].title, -1, SQLITE_STATIC);
		rc = step_done(q[LANG]);
	}
	return rc;
}

static int put_rows(struct sq_conn *c, const struct mirror_batch *b)
{
	sqlite3_stmt *q[NSTMT] = {0};
	int rc = SQLITE_OK;
	for (int i = 0; i < NSTMT; i++)
		if (!(q[i] = prep(c, put_sql[i])))
			rc = SQLITE_ERROR;
	for (size_t i = 0; rc == SQLITE_OK && i < b->ngone; i++) {
		sqlite3_bind_int64(q[DEL], 1, b->gone[i]);
		rc = step_done(q[DEL]);
	}
	for (size_t i = 0; rc == SQLITE_OK && i < b->nrows; i++) {
		const struct mirror_article *m = &b->rows[i];
		sqlite3_bind_int64(q[DEL], 1, m->a.id);
		rc = step_done(q[DEL]);
		if (rc != SQLITE_OK || m->a.status != ARTICLE_PUBLISHED)
			continue;
		rc = put_article(q, m);
		if (rc == SQLITE_OK)
			rc = sq_article_added(c);
	}
	/* an article not in the mirror has no row: nothing updated */
	for (size_t i = 0; rc == SQLITE_OK && i < b->nviews; i++)
		rc = set_views(q[VIEWS], b->views[i].id, b->views[i].views);
	for (int i = 0; i < NSTMT; i++)
		sqlite3_finalize(q[i]);
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
