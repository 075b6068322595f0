/* The SQLite backend's part of the portal widgets: their statements, and the step that runs them
 * (src/store/widgets.c composes it into the operations). */
#include "store/sqlite/sqlite-int.h"

#include <string.h>

#include "core/log.h"

#define POLL_COLS                                                                                  \
	"id, question, multiple, max_choices, opens_at, closes_at, results_after_close, "          \
	"per_address, position, sort, active"

static const char *const sql[W_MAX] = {
    [W_SECRET] = "SELECT value FROM widget_secret WHERE id = 1",
    [W_BUMP] = "UPDATE meta SET value = value + 1 WHERE key = 'content_version'",
    [W_SEEN_INSERT] = "INSERT INTO visitor_seen(day, vid, last_seen) VALUES (?1, ?2, ?3) "
		      "ON CONFLICT DO NOTHING",
    [W_SEEN_TOUCH] = "UPDATE visitor_seen SET last_seen = max(last_seen, ?3) WHERE day = ?1 AND "
		     "vid = ?2",
    [W_DAY_ADD] = "INSERT INTO visitor_days(day, n) VALUES (?1, ?2) ON CONFLICT(day) DO UPDATE "
		  "SET n = n + excluded.n",
    [W_SEEN_PURGE] = "DELETE FROM visitor_seen WHERE day < ?1",
    [W_ONLINE] = "SELECT count(DISTINCT vid) FROM visitor_seen WHERE last_seen >= ?1",
    [W_DAY_SUM] = "SELECT coalesce(sum(n), 0) FROM visitor_days WHERE day BETWEEN ?1 AND ?2",
    [W_DAY_ROWS] = "SELECT day, n FROM visitor_days WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
    [W_POLL_GET] = "SELECT " POLL_COLS " FROM polls WHERE id = ?1",
    [W_POLLS] = "SELECT " POLL_COLS " FROM polls ORDER BY position, sort, id",
    [W_POLL_CHOICES] = "SELECT id, label, votes FROM poll_choices WHERE poll_id = ?1 ORDER BY "
		       "sort, id",
    [W_POLL_INSERT] = "INSERT INTO polls(question, multiple, max_choices, opens_at, closes_at, "
		      "results_after_close, per_address, position, sort, active) VALUES (?1, ?2, "
		      "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
    [W_POLL_UPDATE] = "UPDATE polls SET question = ?2, multiple = ?3, max_choices = ?4, opens_at "
		      "= ?5, closes_at = ?6, results_after_close = ?7, per_address = ?8, position "
		      "= ?9, sort = ?10, active = ?11 WHERE id = ?1",
    [W_POLL_DELETE] = "DELETE FROM polls WHERE id = ?1",
    [W_CHOICE_INSERT] = "INSERT INTO poll_choices(poll_id, label, sort) VALUES (?1, ?2, ?3)",
    [W_CHOICE_RENAME] = "UPDATE poll_choices SET label = ?3 WHERE id = ?1 AND poll_id = ?2",
    [W_CHOICE_DELETE] = "DELETE FROM poll_choices WHERE id = ?1 AND poll_id = ?2 AND votes = 0",
    [W_VOTE_INSERT] = "INSERT INTO poll_votes(poll_id, voter, address, at) VALUES (?1, ?2, ?3, "
		      "?4)",
    [W_VOTE_ADDRESS] = "INSERT INTO poll_address_votes(poll_id, address, n) VALUES (?1, ?2, 1) "
		       "ON CONFLICT (poll_id, address) DO UPDATE SET n = poll_address_votes.n + 1 "
		       "WHERE poll_address_votes.n < ?3 RETURNING n",
    [W_CHOICE_COUNT] = "UPDATE poll_choices SET votes = votes + 1 WHERE id = ?1 AND poll_id = ?2",
    [W_VOTE_EXISTS] = "SELECT count(*) FROM poll_votes WHERE poll_id = ?1 AND voter = ?2",
    [W_BANNERS] = "SELECT id, kind, position, title, image, url, rel, starts_at, ends_at, sort, "
		  "clicks FROM banners ORDER BY position, sort, id",
    [W_BANNER_GET] = "SELECT id, kind, position, title, image, url, rel, starts_at, ends_at, sort, "
		     "clicks FROM banners WHERE id = ?1",
    [W_BANNER_INSERT] = "INSERT INTO banners(kind, position, title, image, url, rel, starts_at, "
			"ends_at, sort) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
    [W_BANNER_UPDATE] =
	"UPDATE banners SET kind = ?2, position = ?3, title = ?4, image = ?5, url = "
	"?6, rel = ?7, starts_at = ?8, ends_at = ?9, sort = ?10 WHERE id = ?1",
    [W_BANNER_DELETE] = "DELETE FROM banners WHERE id = ?1",
    [W_BANNER_CLICK] = "UPDATE banners SET clicks = clicks + 1 WHERE id = ?1",
    [W_LAYOUT] = "SELECT id, area, sort, kind, arg, title, html FROM layout_blocks WHERE area = ?1 "
		 "ORDER BY sort, id",
    [W_LAYOUT_CLEAR] = "DELETE FROM layout_blocks WHERE area = ?1",
    [W_LAYOUT_INSERT] = "INSERT INTO layout_blocks(area, sort, kind, arg, title, html) VALUES (?1, "
			"?2, ?3, ?4, ?5, ?6)",
    [W_VIDEOS] = "SELECT id, title, file, mime, poster, embed, created_at FROM videos ORDER BY "
		 "created_at DESC, id DESC",
    [W_VIDEO_INSERT] =
	"INSERT INTO videos(title, file, mime, poster, embed, created_at) VALUES (?1, "
	"?2, ?3, ?4, ?5, ?6)",
    [W_VIDEO_DELETE] = "DELETE FROM videos WHERE id = ?1",
    [W_ALBUMS] =
	"SELECT id, title, cover, created_at FROM albums ORDER BY created_at DESC, id DESC",
    [W_ALBUM_GET] = "SELECT id, title, cover, created_at FROM albums WHERE id = ?1",
    [W_ALBUM_INSERT] = "INSERT INTO albums(title, cover, created_at) VALUES (?1, ?2, ?3) "
		       "RETURNING id",
    [W_ALBUM_DELETE] = "DELETE FROM albums WHERE id = ?1",
    [W_PHOTOS] =
	"SELECT file, thumb, caption FROM album_photos WHERE album_id = ?1 ORDER BY sort, id",
    [W_PHOTO_INSERT] = "INSERT INTO album_photos(album_id, file, thumb, caption, sort) VALUES (?1, "
		       "?2, ?3, ?4, ?5)",
    [W_ALBUM_UPDATE] = "UPDATE albums SET title = ?2, cover = ?3 WHERE id = ?1",
    [W_PHOTOS_CLEAR] = "DELETE FROM album_photos WHERE album_id = ?1",
    [W_CHOICE_VOTES] = "UPDATE poll_choices SET votes = ?3 WHERE id = ?1 AND poll_id = ?2",
};

static void collect(struct arena *a, sqlite3_stmt *q, struct w_rows *out, size_t *cap)
{
	size_t nc = (size_t)sqlite3_column_count(q);
	if (out->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		const char **cells = arena_alloc(a, ncap * (nc ? nc : 1) * sizeof(char *));
		if (out->n)
			memcpy(cells, out->cell, out->n * nc * sizeof(char *));
		out->cell = cells;
		*cap = ncap;
	}
	for (size_t i = 0; i < nc; i++) {
		const unsigned char *t = sqlite3_column_text(q, (int)i);
		out->cell[out->n * nc + i] = t ? arena_strdup(a, (const char *)t) : NULL;
	}
	out->ncols = nc;
	out->n++;
}

/* The statement of text on c, prepared once per connection (the widgets read on every page
 * were compiled anew each time: a fifth of a page not in the cache). Slots are found by the
 * text's address and checked against the statement's own text, so a text built at run time
 * that lands at a recycled address is never confused with another. */
static sqlite3_stmt *text_stmt(struct sq_conn *c, const char *text)
{
	size_t slot =
	    (size_t)(((uint64_t)(uintptr_t)text * 0x9E3779B97F4A7C15u) >> 32) % SQ_TEXT_CACHE;
	sqlite3_stmt *q = c->texts[slot].stmt;
	if (q && c->texts[slot].text == text && strcmp(sqlite3_sql(q), text) == 0)
		return q;
	sqlite3_finalize(q);
	c->texts[slot].stmt = NULL;
	c->texts[slot].text = NULL;
	if (sqlite3_prepare_v3(c->db, text, -1, SQLITE_PREPARE_PERSISTENT, &q, NULL) != SQLITE_OK) {
		sqlite3_finalize(q);
		return NULL;
	}
	c->texts[slot].stmt = q;
	c->texts[slot].text = text;
	return q;
}

enum store_rc sq_sql_run(struct store_conn *sc, struct arena *a, const char *text,
			 const struct w_arg *args, size_t nargs, size_t nsets, struct w_rows *out,
			 int64_t *changes)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = NULL;
	if (!text || !(q = text_stmt(c, text))) {
		log_error("sqlite: preparing statement: %s", sqlite3_errmsg(c->db));
		return STORE_ERROR;
	}
	enum store_rc rc = STORE_OK;
	size_t cap = 0;
	for (size_t k = 0; k < nsets && rc == STORE_OK; k++) {
		sqlite3_reset(q);
		sqlite3_clear_bindings(q);
		for (size_t i = 0; i < nargs; i++) {
			const struct w_arg *g = &args[k * nargs + i];
			if (g->text)
				sqlite3_bind_text(q, (int)i + 1, g->text, -1, SQLITE_STATIC);
			else
				sqlite3_bind_int64(q, (int)i + 1, g->i);
		}
		if (out)
			memset(out, 0, sizeof *out), cap = 0;
		int r;
		while ((r = sqlite3_step(q)) == SQLITE_ROW)
			if (out)
				collect(a, q, out, &cap);
		if (r != SQLITE_DONE) {
			if ((r & 0xff) != SQLITE_CONSTRAINT)
				log_error("sqlite: statement: %s", sqlite3_errmsg(c->db));
			rc = sq_rc(r);
		} else if (changes) {
			changes[k] = sqlite3_changes(c->db);
		}
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc;
}

enum store_rc sq_w_run(struct store_conn *sc, struct arena *a, enum w_stmt which,
		       const struct w_arg *args, size_t nargs, size_t nsets, struct w_rows *out,
		       int64_t *changes)
{
	if ((unsigned)which >= W_MAX)
		return STORE_ERROR;
	return sq_sql_run(sc, a, sql[which], args, nargs, nsets, out, changes);
}
