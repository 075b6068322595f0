/* `gazette reindex`: re-makes stored bodies an older sanitiser made, then rebuilds the search
 * index from the articles; `gazette reindex --merge` only merges the index's segments into one
 * (store_search_merge), without reading the articles again. */
#include "cmd/cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void on_progress(int64_t done, void *ctx)
{
	cmd_progress_update(ctx, (long long)done, 0, "articles");
}

static int usage(void)
{
	fputs("usage: gazette reindex --db DB [--merge]\n"
	      "  --merge  only merge the search index into one segment (quick; what a server's\n"
	      "           upkeep and the end of an import do when it pays), no rebuild\n",
	      stderr);
	return EXIT_USAGE;
}

int cmd_reindex(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"merge", no_argument, NULL, 'm'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL;
	bool merge_only = false;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'm')
			merge_only = true;
		else
			return usage();
	}
	if (optind != argc)
		return usage();
	const char *url = cmd_db_url(db);
	if (!url)
		return cmd_fail("no database: give --db DB or set GAZETTE_DB");
	struct store *st = cmd_open_store(url, false);
	if (!st)
		return EXIT_FAIL;
	double t0 = cmd_now_seconds();
	if (merge_only && strcmp(store_backend(st), "sqlite") != 0) {
		store_close(st);
		fputs("gazette: nothing to merge: PostgreSQL keeps its search index itself\n",
		      stderr);
		return EXIT_OK;
	}
	if (merge_only) {
		bool done = false;
		enum store_rc rc = store_search_merge(st, true, 0, &done);
		store_close(st);
		if (rc != STORE_OK)
			return cmd_fail(
			    "merging the search index stopped (%s): nothing is lost and "
			    "searches work; run it again to finish",
			    store_rc_str(rc));
		fprintf(stderr, "gazette: merged the search index in %.1f s\n",
			cmd_now_seconds() - t0);
		return EXIT_OK;
	}
	struct progress prog;
	cmd_progress_start(&prog, 0);
	int64_t count = 0, bodies = 0;
	/* Bodies an older sanitiser made first: the index is then built from their new text. */
	enum store_rc rc = bodies_refresh_all(st, NULL, &bodies);
	if (rc != STORE_OK) {
		cmd_progress_end(&prog);
		store_close(st);
		return cmd_fail("re-making stored bodies failed (%s)", store_rc_str(rc));
	}
	if (bodies > 0)
		fprintf(stderr, "gazette: re-made %lld stored bodies with the current sanitiser\n",
			(long long)bodies);
	rc = store_search_reindex(st, on_progress, &prog, &count);
	cmd_progress_end(&prog);
	store_close(st);
	if (rc != STORE_OK)
		return cmd_fail("reindex failed (%s); the previous index is kept",
				store_rc_str(rc));
	fprintf(stderr, "gazette: indexed %lld articles in %.1f s\n", (long long)count,
		cmd_now_seconds() - t0);
	return EXIT_OK;
}
