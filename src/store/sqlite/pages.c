/* The SQLite backend's static pages (issue 13). */
#include "store/sqlite/sqlite-int.h"

#include <string.h>

enum store_rc sq_pages(struct store_conn *sc, struct arena *a, struct static_page **out, size_t *n)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SP_PAGES);
	size_t cap = 16, len = 0;
	struct static_page *v = arena_alloc(a, cap * sizeof(*v));
	enum store_rc rc = STORE_ERROR;
	if (q) {
		int r;
		while ((r = sqlite3_step(q)) == SQLITE_ROW) {
			if (len == cap) {
				struct static_page *nv = arena_alloc(a, 2 * cap * sizeof(*v));
				memcpy(nv, v, len * sizeof(*v));
				v = nv;
				cap *= 2;
			}
			struct store_row row = sq_row(q);
			store_row_page(a, &row, &v[len++]);
		}
		rc = sq_rc(r);
		sqlite3_reset(q);
	}
	*out = v;
	*n = len;
	return rc;
}

/* One page by the statement `which` with one bound value (text or id). */
static enum store_rc one_page(struct sq_conn *c, struct arena *a, enum sq_stmt which,
			      const char *text, int64_t id, struct static_page *out)
{
	sqlite3_stmt *q = sq_stmt(c, which);
	if (!q)
		return STORE_ERROR;
	if (text)
		sq_bind_text(q, 1, text);
	else
		sq_bind_i64(q, 1, id);
	int r = sqlite3_step(q);
	enum store_rc rc;
	if (r == SQLITE_ROW) {
		struct store_row row = sq_row(q);
		store_row_page(a, &row, out);
		rc = STORE_OK;
	} else {
		rc = r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
	}
	sqlite3_reset(q);
	return rc;
}

enum store_rc sq_page_by_id(struct store_conn *sc, struct arena *a, int64_t id,
			    struct static_page *out)
{
	return one_page(sq_c(sc), a, SP_PAGE_BY_ID, NULL, id, out);
}

enum store_rc sq_page_by_slug(struct store_conn *sc, struct arena *a, const char *slug,
			      struct static_page *out)
{
	return one_page(sq_c(sc), a, SP_PAGE_BY_SLUG, slug, 0, out);
}

/* One number from a query with two integer parameters; *found says whether a row came. */
static enum store_rc one_int(struct sq_conn *c, enum sq_stmt which, int64_t p1, int64_t p2,
			     int64_t *out, bool *found)
{
	sqlite3_stmt *q = sq_stmt(c, which);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, p1);
	sq_bind_i64(q, 2, p2);
	int r = sqlite3_step(q);
	*found = r == SQLITE_ROW;
	if (*found)
		*out = sqlite3_column_int64(q, 0);
	enum store_rc rc = r == SQLITE_ROW || r == SQLITE_DONE ? STORE_OK : sq_rc(r);
	sqlite3_reset(q);
	return rc;
}

enum store_rc sq_page_below(struct store_conn *sc, int64_t ancestor, int64_t id, bool *below)
{
	int64_t one = 0;
	return one_int(sq_c(sc), SP_PAGE_BELOW, ancestor, id, &one, below);
}

enum store_rc sq_page_write(struct store_conn *sc, const struct static_page *p, int64_t now,
			    int64_t expect, int64_t *id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, p->id ? SP_PAGE_UPDATE : SP_PAGE_INSERT);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, p->parent_id);
	sq_bind_i64(q, 2, p->position);
	sq_bind_text(q, 3, p->slug);
	sq_bind_text(q, 4, p->title);
	sq_bind_text(q, 5, p->body_html);
	sq_bind_i64(q, 6, now);
	sq_bind_text(q, 8, article_status_name(p->status));
	if (p->id) {
		sq_bind_i64(q, 7, p->id);
		sq_bind_i64(q, 10, expect);
	} else {
		sq_bind_i64(q, 9, p->owner_id);
	}
	sq_bind_text(q, 11, p->title_en ? p->title_en : "");
	sq_bind_text(q, 12, p->body_en ? p->body_en : "");
	enum store_rc rc = sq_step_done(c, q);
	if (rc == STORE_OK && p->id && sqlite3_changes(c->db) == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		*id = p->id ? p->id : sqlite3_last_insert_rowid(c->db);
	return rc;
}

enum store_rc sq_page_children(struct store_conn *sc, int64_t id, int64_t *n)
{
	bool found = false;
	*n = 0;
	return one_int(sq_c(sc), SP_PAGE_CHILDREN, id, 0, n, &found);
}

enum store_rc sq_page_delete(struct store_conn *sc, int64_t id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SP_PAGE_DELETE);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	enum store_rc rc = sq_step_done(c, q);
	return rc == STORE_OK && sqlite3_changes(c->db) == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_page_set_status(struct store_conn *sc, int64_t id, const char *status, int64_t now)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SP_PAGE_STATUS);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	sq_bind_text(q, 2, status);
	sq_bind_i64(q, 3, now);
	enum store_rc rc = sq_step_done(c, q);
	return rc == STORE_OK && sqlite3_changes(c->db) == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_page_snapshot(struct store_conn *sc, int64_t id, int64_t user_id, int64_t now)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SP_PAGE_SNAPSHOT);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	sq_bind_i64(q, 2, user_id);
	sq_bind_i64(q, 3, now);
	return sq_step_done(c, q);
}

/* Revisions of page id (rev 0: all, newest first; else that one) into *out. */
static enum store_rc revisions(struct sq_conn *c, struct arena *a, int64_t id, int64_t rev,
			       struct page_revision **out, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(c, rev ? SP_PAGE_REVISION : SP_PAGE_REVISIONS);
	size_t cap = 8, len = 0;
	struct page_revision *v = arena_alloc(a, cap * sizeof(*v));
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	if (rev)
		sq_bind_i64(q, 2, rev);
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (len == cap) {
			struct page_revision *nv = arena_alloc(a, 2 * cap * sizeof(*v));
			memcpy(nv, v, len * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		struct store_row row = sq_row(q);
		store_row_page_revision(a, &row, &v[len++]);
	}
	enum store_rc rc = sq_rc(r);
	sqlite3_reset(q);
	*out = v;
	*n = len;
	return rc;
}

enum store_rc sq_page_revisions(struct store_conn *sc, struct arena *a, int64_t id,
				struct page_revision **out, size_t *n)
{
	return revisions(sq_c(sc), a, id, 0, out, n);
}

enum store_rc sq_page_revision_get(struct store_conn *sc, struct arena *a, int64_t id, int64_t rev,
				   struct page_revision *out)
{
	struct page_revision *v = NULL;
	size_t n = 0;
	enum store_rc rc = revisions(sq_c(sc), a, id, rev, &v, &n);
	if (rc == STORE_OK && n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		*out = v[0];
	return rc;
}
