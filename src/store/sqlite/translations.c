/* The SQLite backend's article translations (issue 13). */
#include "store/sqlite/sqlite-int.h"

#include <string.h>

enum store_rc sq_translation_get(struct store_conn *sc, struct arena *a, int64_t article_id,
				 const char *lang, struct article_translation *out)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), ST_TRANSLATION_GET);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, article_id);
	sq_bind_text(q, 2, lang);
	int r = sqlite3_step(q);
	enum store_rc rc = r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
	if (r == SQLITE_ROW) {
		struct store_row row = sq_row(q);
		store_row_translation(a, &row, out);
		rc = STORE_OK;
	}
	sqlite3_reset(q);
	return rc;
}

enum store_rc sq_translation_put(struct store_conn *sc, const struct article_translation *t,
				 int64_t now)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, ST_TRANSLATION_PUT);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, t->article_id);
	sq_bind_text(q, 2, t->lang);
	sq_bind_text(q, 3, t->title);
	sq_bind_text(q, 4, t->lead);
	sq_bind_text(q, 5, t->body_html);
	sq_bind_i64(q, 6, now);
	return sq_step_done(c, q);
}

enum store_rc sq_translation_delete(struct store_conn *sc, int64_t article_id, const char *lang)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, ST_TRANSLATION_DELETE);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, article_id);
	sq_bind_text(q, 2, lang);
	enum store_rc rc = sq_step_done(c, q);
	return rc == STORE_OK && sqlite3_changes(c->db) == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc sq_translations(struct store_conn *sc, struct arena *a, const char *lang,
			      int64_t limit, struct article_translation **out, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), ST_TRANSLATIONS);
	size_t cap = 16, len = 0;
	struct article_translation *v = arena_alloc(a, cap * sizeof(*v));
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_text(q, 1, lang);
		sq_bind_i64(q, 2, limit);
		int r;
		while ((r = sqlite3_step(q)) == SQLITE_ROW) {
			if (len == cap) {
				struct article_translation *nv =
				    arena_alloc(a, 2 * cap * sizeof(*v));
				memcpy(nv, v, len * sizeof(*v));
				v = nv;
				cap *= 2;
			}
			struct store_row row = sq_row(q);
			store_row_translation(a, &row, &v[len++]);
		}
		rc = sq_rc(r);
		sqlite3_reset(q);
	}
	*out = v;
	*n = len;
	return rc;
}
