/* `gazette reindex`: re-makes stored bodies an older sanitiser made, then rebuilds the search
 * index from the articles. */
#include "cmd/cmd.h"

#include <getopt.h>
#include <stdio.h>

static void on_progress(int64_t done, void *ctx)
{
	cmd_progress_update(ctx, (long long)done, 0, "articles");
}

static int usage(void)
{
	fputs("usage: gazette reindex --db DB\n", stderr);
	return EXIT_USAGE;
}

int cmd_reindex(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
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
	struct progress prog;
	cmd_progress_start(&prog, 0);
	double t0 = cmd_now_seconds();
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
