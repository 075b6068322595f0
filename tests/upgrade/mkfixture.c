/* Runs an SQL script on an SQLite database through the store's own connection setup, so that the
 * functions and the tokenizer the search migration and triggers call are there.
 * tests/upgrade/make_fixtures.py gives it migrations 1..K (read from src/store/sqlite/schema.c)
 * and that version's data, then dumps the result as a fixture of schema version K.
 *
 *   mkfixture PATH SCRIPT.sql
 */
#include <stdio.h>
#include <stdlib.h>

#include "store/sqlite/sqlite-int.h"

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

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: mkfixture PATH SCRIPT.sql\n", stderr);
		return 2;
	}
	char *script = slurp(argv[2]);
	struct buf err = BUF_INIT;
	struct sq_conn *c =
	    script ? sq_conn_open(argv[1], SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &err) : NULL;
	if (!c) {
		fprintf(stderr, "mkfixture: %s\n",
			script ? buf_cstr(&err) : "cannot read the script");
		free(script);
		return 1;
	}
	char *msg = NULL;
	int rc = sqlite3_exec(c->db, script, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "mkfixture: %s\n", msg ? msg : sqlite3_errmsg(c->db));
	sqlite3_free(msg);
	sq_conn_close(c);
	free(script);
	buf_free(&err);
	return rc == SQLITE_OK ? 0 : 1;
}
