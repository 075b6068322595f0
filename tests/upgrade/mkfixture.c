/* Makes an SQLite database at an earlier schema version: applies only migrations 1..K of
 * schema_sqlite() (as the store does, one transaction each, with its schema_migrations row), then
 * runs a data script. tests/upgrade/make_fixtures.py drives it and dumps the result as the fixture
 * SQL that tests/http/test_upgrade.py migrates with `gazette init`.
 *
 *   mkfixture PATH K DATA.sql
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/schema.h"
#include "store/sqlite-int.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "mkfixture: %s\n", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fputs("usage: mkfixture PATH K DATA.sql\n", stderr);
		return 2;
	}
	int k = atoi(argv[2]);
	char *data = slurp(argv[3]);
	struct buf err = BUF_INIT;
	struct sq_conn *c =
	    data ? sq_conn_open(argv[1], SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &err) : NULL;
	if (!c) {
		fprintf(stderr, "mkfixture: %s\n", data ? buf_cstr(&err) : "cannot read the data");
		return 1;
	}
	int rc =
	    exec(c->db, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY "
			"KEY, applied_at INTEGER NOT NULL)");
	size_t n;
	const struct migration *m = schema_sqlite(&n);
	for (size_t i = 0; i < n && rc == 0 && m[i].version <= k; i++) {
		char ins[128];
		/* a fixed time, so that regenerating gives the same fixture */
		snprintf(ins, sizeof ins, "INSERT INTO schema_migrations VALUES (%d, %d)",
			 m[i].version, 1700000000 + m[i].version);
		rc = exec(c->db, "BEGIN");
		if (rc == 0)
			rc = exec(c->db, m[i].sql);
		if (rc == 0)
			rc = exec(c->db, ins);
		if (rc == 0)
			rc = exec(c->db, "COMMIT");
	}
	if (rc == 0)
		rc = exec(c->db, "BEGIN");
	if (rc == 0)
		rc = exec(c->db, data);
	if (rc == 0)
		rc = exec(c->db, "COMMIT");
	sq_conn_close(c);
	free(data);
	buf_free(&err);
	return rc == 0 ? 0 : 1;
}
