/* The PostgreSQL backend's media files: media_files (one row a file) and media_blobs (its chunks,
 * bytea, sent and read in binary so that a chunk is never copied as hex). */
#include "store/pg/pg-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_BYTEAOID 17

/* Runs sql with text parameters (a NULL length is a text one) and, when bin_at >= 0, parameter
 * bin_at as bytea in binary; results in binary when bin_result. NULL with *rc on failure. */
static PGresult *exec(struct pg_conn *c, const char *sql, int n, const char *const *v,
		      const int *lens, int bin_at, bool bin_result, enum store_rc *rc)
{
	Oid types[4] = {0};
	int formats[4] = {0};
	if (bin_at >= 0) {
		types[bin_at] = PG_BYTEAOID;
		formats[bin_at] = 1;
	}
	PGresult *r = PQexecParams(c->db, sql, n, types, v, lens, formats, bin_result ? 1 : 0);
	ExecStatusType s = PQresultStatus(r);
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
		*rc = STORE_OK;
		return r;
	}
	*rc = pg_step_failed(c, r, "storing or reading a media file");
	PQclear(r);
	return NULL;
}

static enum store_rc exec_done(struct pg_conn *c, const char *sql, int n, const char *const *v)
{
	enum store_rc rc;
	PQclear(exec(c, sql, n, v, NULL, -1, false, &rc));
	return rc;
}

enum store_rc pg_blob_begin(struct store_conn *sc, const char *path, const char *mime,
			    int64_t mtime, bool replace, bool *taken)
{
	struct pg_conn *c = pg_c(sc);
	char t[24];
	snprintf(t, sizeof t, "%lld", (long long)mtime);
	*taken = false;
	const char *del[] = {path};
	enum store_rc rc =
	    replace ? exec_done(c, "DELETE FROM media_files WHERE path = $1", 1, del) : STORE_OK;
	if (rc != STORE_OK)
		return rc;
	const char *v[] = {path, mime, t};
	PGresult *r = exec(c,
			   "INSERT INTO media_files (path, mime, bytes, chunks, sha256, mtime) "
			   "VALUES ($1, $2, 0, 0, '', $3::bigint) ON CONFLICT (path) DO NOTHING "
			   "RETURNING 1",
			   3, v, NULL, -1, false, &rc);
	*taken = r && PQntuples(r) == 1;
	PQclear(r);
	return rc;
}

enum store_rc pg_blob_write(struct store_conn *sc, const char *path, int64_t seq, const void *data,
			    size_t len)
{
	char s[24];
	snprintf(s, sizeof s, "%lld", (long long)seq);
	const char *v[] = {path, s, len ? data : ""};
	const int lens[] = {0, 0, (int)len};
	enum store_rc rc;
	PQclear(exec(pg_c(sc),
		     "INSERT INTO media_blobs (path, seq, data) VALUES ($1, $2::bigint, $3)", 3, v,
		     lens, 2, false, &rc));
	return rc;
}

enum store_rc pg_blob_end(struct store_conn *sc, const char *path, int64_t bytes, int64_t chunks,
			  const char *sha256)
{
	char b[24], n[24];
	snprintf(b, sizeof b, "%lld", (long long)bytes);
	snprintf(n, sizeof n, "%lld", (long long)chunks);
	const char *v[] = {path, b, n, sha256};
	return exec_done(
	    pg_c(sc),
	    "UPDATE media_files SET bytes = $2::bigint, chunks = $3::bigint, sha256 = $4 "
	    "WHERE path = $1",
	    4, v);
}

static void row_blob(struct arena *a, const PGresult *r, int i, struct media_blob *out)
{
	*out = (struct media_blob){.path = pg_get_text(a, r, i, 0),
				   .mime = pg_get_text(a, r, i, 1),
				   .bytes = pg_get_i64(r, i, 2),
				   .chunks = pg_get_i64(r, i, 3),
				   .sha256 = pg_get_text(a, r, i, 4),
				   .mtime = pg_get_i64(r, i, 5)};
}

#define BLOB_COLUMNS "path, mime, bytes, chunks, sha256, mtime"

enum store_rc pg_blob_stat(struct store_conn *sc, struct arena *a, const char *path,
			   struct media_blob *out)
{
	const char *v[] = {path};
	enum store_rc rc;
	PGresult *r = exec(pg_c(sc), "SELECT " BLOB_COLUMNS " FROM media_files WHERE path = $1", 1,
			   v, NULL, -1, false, &rc);
	if (r && PQntuples(r) == 1)
		row_blob(a, r, 0, out);
	else if (r)
		rc = STORE_NOTFOUND;
	PQclear(r);
	return rc;
}

enum store_rc pg_blob_read(struct store_conn *sc, const char *path, int64_t seq, struct buf *out)
{
	char s[24];
	snprintf(s, sizeof s, "%lld", (long long)seq);
	const char *v[] = {path, s};
	enum store_rc rc;
	PGresult *r =
	    exec(pg_c(sc), "SELECT data FROM media_blobs WHERE path = $1 AND seq = $2::bigint", 2,
		 v, NULL, -1, true, &rc);
	if (r && PQntuples(r) == 1)
		buf_append(out, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
	else if (r)
		rc = STORE_NOTFOUND;
	PQclear(r);
	return rc;
}

enum store_rc pg_blob_delete(struct store_conn *sc, const char *path)
{
	const char *v[] = {path};
	return exec_done(pg_c(sc), "DELETE FROM media_files WHERE path = $1", 1, v);
}

enum store_rc pg_blob_list(struct store_conn *sc, struct arena *a, const char *after, int64_t limit,
			   struct media_blob **out, size_t *n)
{
	char l[24];
	snprintf(l, sizeof l, "%lld", (long long)limit);
	const char *v[] = {after, l};
	enum store_rc rc;
	*out = NULL;
	*n = 0;
	PGresult *r = exec(pg_c(sc),
			   "SELECT " BLOB_COLUMNS " FROM media_files WHERE path COLLATE \"C\" > $1 "
			   "ORDER BY path COLLATE \"C\" LIMIT $2::bigint",
			   2, v, NULL, -1, false, &rc);
	int rows = r ? PQntuples(r) : 0;
	if (rows > 0) {
		*out = arena_alloc(a, sizeof(**out) * (size_t)rows);
		for (int i = 0; i < rows; i++)
			row_blob(a, r, i, &(*out)[i]);
		*n = (size_t)rows;
	}
	PQclear(r);
	return rc;
}
