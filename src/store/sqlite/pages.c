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

enum store_rc sq_page_by_slug(struct store_conn *sc, struct arena *a, const char *slug,
			      struct static_page *out)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SP_PAGE_BY_SLUG);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_text(q, 1, slug);
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			struct store_row row = sq_row(q);
			store_row_page(a, &row, out);
			rc = STORE_OK;
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
		}
		sqlite3_reset(q);
	}
	return rc;
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
			    int64_t *id)
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
	if (p->id)
		sq_bind_i64(q, 7, p->id);
	sq_bind_text(q, p->id ? 8 : 7, p->title_en ? p->title_en : "");
	sq_bind_text(q, p->id ? 9 : 8, p->body_en ? p->body_en : "");
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
