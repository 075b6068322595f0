/* The PostgreSQL backend's part of the portal widgets: their statements, and the step that runs
 * them (src/store/widgets.c composes it into the operations). */
#include "store/pg/pg-int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POLL_COLS                                                                                  \
	"id, question, multiple, max_choices, opens_at, closes_at, results_after_close, "          \
	"per_address, position, sort, active"

static const char *const sql[W_MAX] = {
    [W_SECRET] = "SELECT value FROM widget_secret WHERE id = 1",
    [W_BUMP] = "WITH u AS (UPDATE meta SET value = value + 1 WHERE key = 'content_version' "
	       "RETURNING 1) SELECT pg_notify('gazette_content', '') FROM u",
    [W_SEEN_INSERT] = "INSERT INTO visitor_seen(day, vid, last_seen) VALUES ($1, $2, $3) "
		      "ON CONFLICT DO NOTHING",
    [W_SEEN_TOUCH] = "UPDATE visitor_seen SET last_seen = greatest(last_seen, $3) WHERE day = $1 "
		     "AND vid = $2",
    [W_DAY_ADD] = "INSERT INTO visitor_days(day, n) VALUES ($1, $2) ON CONFLICT(day) DO UPDATE "
		  "SET n = visitor_days.n + excluded.n",
    [W_SEEN_PURGE] = "DELETE FROM visitor_seen WHERE day < $1",
    [W_ONLINE] = "SELECT count(DISTINCT vid) FROM visitor_seen WHERE last_seen >= $1",
    [W_DAY_SUM] = "SELECT coalesce(sum(n), 0) FROM visitor_days WHERE day BETWEEN $1 AND $2",
    [W_DAY_ROWS] = "SELECT day, n FROM visitor_days WHERE day BETWEEN $1 AND $2 ORDER BY day",
    [W_POLL_GET] = "SELECT " POLL_COLS " FROM polls WHERE id = $1",
    [W_POLLS] = "SELECT " POLL_COLS " FROM polls ORDER BY position, sort, id",
    [W_POLL_CHOICES] = "SELECT id, label, votes FROM poll_choices WHERE poll_id = $1 ORDER BY "
		       "sort, id",
    [W_POLL_INSERT] = "INSERT INTO polls(question, multiple, max_choices, opens_at, closes_at, "
		      "results_after_close, per_address, position, sort, active) VALUES ($1, $2, "
		      "$3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    [W_POLL_UPDATE] = "UPDATE polls SET question = $2, multiple = $3, max_choices = $4, opens_at "
		      "= $5, closes_at = $6, results_after_close = $7, per_address = $8, position "
		      "= $9, sort = $10, active = $11 WHERE id = $1",
    [W_POLL_DELETE] = "DELETE FROM polls WHERE id = $1",
    [W_CHOICE_INSERT] = "INSERT INTO poll_choices(poll_id, label, sort) VALUES ($1, $2, $3)",
    [W_CHOICE_RENAME] = "UPDATE poll_choices SET label = $3 WHERE id = $1 AND poll_id = $2",
    [W_CHOICE_DELETE] = "DELETE FROM poll_choices WHERE id = $1 AND poll_id = $2 AND votes = 0",
    [W_VOTE_INSERT] = "INSERT INTO poll_votes(poll_id, voter, address, at) VALUES ($1, $2, $3, "
		      "$4)",
    [W_VOTE_ADDRESS] = "INSERT INTO poll_address_votes(poll_id, address, n) VALUES ($1, $2, 1) "
		       "ON CONFLICT (poll_id, address) DO UPDATE SET n = poll_address_votes.n + 1 "
		       "WHERE poll_address_votes.n < $3 RETURNING n",
    [W_CHOICE_COUNT] = "UPDATE poll_choices SET votes = votes + 1 WHERE id = $1 AND poll_id = $2",
    [W_VOTE_EXISTS] = "SELECT count(*) FROM poll_votes WHERE poll_id = $1 AND voter = $2",
    [W_BANNERS] = "SELECT id, kind, position, title, image, url, rel, starts_at, ends_at, sort, "
		  "clicks FROM banners ORDER BY position, sort, id",
    [W_BANNER_GET] = "SELECT id, kind, position, title, image, url, rel, starts_at, ends_at, sort, "
		     "clicks FROM banners WHERE id = $1",
    [W_BANNER_INSERT] = "INSERT INTO banners(kind, position, title, image, url, rel, starts_at, "
			"ends_at, sort) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    [W_BANNER_UPDATE] =
	"UPDATE banners SET kind = $2, position = $3, title = $4, image = $5, url = "
	"$6, rel = $7, starts_at = $8, ends_at = $9, sort = $10 WHERE id = $1",
    [W_BANNER_DELETE] = "DELETE FROM banners WHERE id = $1",
    [W_BANNER_CLICK] = "UPDATE banners SET clicks = clicks + 1 WHERE id = $1",
    [W_LAYOUT] = "SELECT id, area, sort, kind, arg, title, html FROM layout_blocks WHERE area = $1 "
		 "ORDER BY sort, id",
    [W_LAYOUT_CLEAR] = "DELETE FROM layout_blocks WHERE area = $1",
    [W_LAYOUT_INSERT] = "INSERT INTO layout_blocks(area, sort, kind, arg, title, html) VALUES ($1, "
			"$2, $3, $4, $5, $6)",
    [W_VIDEOS] = "SELECT id, title, file, mime, poster, embed, created_at FROM videos ORDER BY "
		 "created_at DESC, id DESC",
    [W_VIDEO_INSERT] =
	"INSERT INTO videos(title, file, mime, poster, embed, created_at) VALUES ($1, "
	"$2, $3, $4, $5, $6)",
    [W_VIDEO_DELETE] = "DELETE FROM videos WHERE id = $1",
    [W_ALBUMS] =
	"SELECT id, title, cover, created_at FROM albums ORDER BY created_at DESC, id DESC",
    [W_ALBUM_GET] = "SELECT id, title, cover, created_at FROM albums WHERE id = $1",
    [W_ALBUM_INSERT] = "INSERT INTO albums(title, cover, created_at) VALUES ($1, $2, $3) "
		       "RETURNING id",
    [W_ALBUM_DELETE] = "DELETE FROM albums WHERE id = $1",
    [W_PHOTOS] =
	"SELECT file, thumb, caption FROM album_photos WHERE album_id = $1 ORDER BY sort, id",
    [W_PHOTO_INSERT] = "INSERT INTO album_photos(album_id, file, thumb, caption, sort) VALUES ($1, "
		       "$2, $3, $4, $5)",
    [W_ALBUM_UPDATE] = "UPDATE albums SET title = $2, cover = $3 WHERE id = $1",
    [W_PHOTOS_CLEAR] = "DELETE FROM album_photos WHERE album_id = $1",
    [W_CHOICE_VOTES] = "UPDATE poll_choices SET votes = $3 WHERE id = $1 AND poll_id = $2",
};

void pg_texts_forget(struct pg_conn *c)
{
	for (size_t i = 0; i < PG_TEXT_CACHE; i++) {
		free(c->texts[i].text);
		c->texts[i].text = NULL;
	}
}

/* The name of text prepared on c with these parameter types, preparing it on its first use
 * (the widgets read on every page were parsed and planned by the server each time), or NULL
 * when it cannot be (the caller then sends it unprepared). */
static const char *text_prepared(struct pg_conn *c, const char *text, const char *sig,
				 const Oid *types, int n, char name[16])
{
	size_t slot =
	    (size_t)(((uint64_t)(uintptr_t)text * 0x9E3779B97F4A7C15u) >> 32) % PG_TEXT_CACHE;
	struct pg_text_stmt *e = &c->texts[slot];
	snprintf(name, 16, "gt%zu", slot);
	if (e->text && strcmp(e->text, text) == 0 && strcmp(e->sig, sig) == 0)
		return name;
	if (e->text) { /* another statement had the slot */
		char dealloc[32];
		snprintf(dealloc, sizeof dealloc, "DEALLOCATE %s", name);
		PGresult *r = PQexec(c->db, dealloc);
		bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		if (!ok)
			return NULL;
		free(e->text);
		e->text = NULL;
	}
	PGresult *r = PQprepare(c->db, name, text, n, types);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!ok)
		return NULL;
	e->text = xstrdup(text);
	snprintf(e->sig, sizeof e->sig, "%s", sig);
	return name;
}

enum store_rc pg_sql_run(struct store_conn *sc, struct arena *a, const char *text,
			 const struct w_arg *args, size_t nargs, size_t nsets, struct w_rows *out,
			 int64_t *changes)
{
	struct pg_conn *c = pg_c(sc);
	if (!text || nargs > PG_PARAMS_MAX)
		return STORE_ERROR;
	for (size_t k = 0; k < nsets; k++) {
		const char *v[PG_PARAMS_MAX];
		char num[PG_PARAMS_MAX][24];
		Oid types[PG_PARAMS_MAX];
		char sig[PG_PARAMS_MAX + 1];
		for (size_t i = 0; i < nargs; i++) {
			const struct w_arg *g = &args[k * nargs + i];
			if (g->text) {
				v[i] = g->text;
				types[i] = PG_TEXTOID;
				sig[i] = 'T';
			} else {
				snprintf(num[i], sizeof num[i], "%lld", (long long)g->i);
				v[i] = num[i];
				types[i] = PG_INT8OID;
				sig[i] = 'I';
			}
		}
		sig[nargs] = '\0';
		char name[16];
		const char *prepared =
		    c->base.failed ? NULL : text_prepared(c, text, sig, types, (int)nargs, name);
		PGresult *r = prepared
				  ? PQexecPrepared(c->db, prepared, (int)nargs, v, NULL, NULL, 0)
				  : PQexecParams(c->db, text, (int)nargs, types, v, NULL, NULL, 0);
		ExecStatusType s = PQresultStatus(r);
		if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
			enum store_rc rc = pg_rc_of(c, r);
			if (rc != STORE_CONFLICT)
				pg_log("statement",
				       r ? PQresultErrorMessage(r) : PQerrorMessage(c->db));
			if (c->base.depth > 0)
				c->base.failed = true;
			PQclear(r);
			return rc;
		}
		if (changes) {
			const char *t = PQcmdTuples(r);
			changes[k] = *t ? strtoll(t, NULL, 10) : 0;
		}
		if (out) {
			size_t nr = (size_t)PQntuples(r), nc = (size_t)PQnfields(r);
			out->n = nr;
			out->ncols = nc;
			out->cell = arena_alloc(a, (nr * nc > 0 ? nr * nc : 1) * sizeof(char *));
			for (size_t i = 0; i < nr; i++)
				for (size_t j = 0; j < nc; j++)
					out->cell[i * nc + j] =
					    PQgetisnull(r, (int)i, (int)j)
						? NULL
						: arena_strdup(a, PQgetvalue(r, (int)i, (int)j));
		}
		PQclear(r);
	}
	return STORE_OK;
}

enum store_rc pg_w_run(struct store_conn *sc, struct arena *a, enum w_stmt which,
		       const struct w_arg *args, size_t nargs, size_t nsets, struct w_rows *out,
		       int64_t *changes)
{
	if ((unsigned)which >= W_MAX)
		return STORE_ERROR;
	return pg_sql_run(sc, a, sql[which], args, nargs, nsets, out, changes);
}
