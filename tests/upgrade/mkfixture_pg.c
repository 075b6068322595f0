/* Makes a PostgreSQL database of an earlier schema version for the upgrade fixtures: the store's
 * own migrations, those up to version K only. tests/upgrade/make_fixtures_pg.py fills it with that
 * version's data and dumps it as tests/upgrade/fixtures/pg-vK.sql.
 *
 *   mkfixture_pg versions        the versions of the migrations, one a line
 *   mkfixture_pg migrate URL K   migrates the (empty) database at URL to version K
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg-int.h"

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "versions") == 0) {
		int v[256];
		size_t n = pg_schema_versions(v, sizeof v / sizeof v[0]);
		for (size_t i = 0; i < n && i < sizeof v / sizeof v[0]; i++)
			printf("%d\n", v[i]);
		return 0;
	}
	if (argc != 4 || strcmp(argv[1], "migrate") != 0 || atoi(argv[3]) <= 0) {
		fputs("usage: mkfixture_pg versions | mkfixture_pg migrate URL VERSION\n", stderr);
		return 2;
	}
	pg_migrate_upto = atoi(argv[3]);
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	enum store_rc rc = store_open(argv[2], false, &st, &err);
	if (rc != STORE_OK) {
		fprintf(stderr, "mkfixture_pg: %s\n", buf_cstr(&err));
		buf_free(&err);
		return 1;
	}
	int got = store_schema_version(st);
	store_close(st);
	buf_free(&err);
	if (got != pg_migrate_upto) {
		fprintf(stderr, "mkfixture_pg: expected schema version %d, got %d\n",
			pg_migrate_upto, got);
		return 1;
	}
	return 0;
}
