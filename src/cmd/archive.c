/* `gazette archive purge`: deletes archived versions whose time on the site ended before the
 * retention (SETTING_ARCHIVE_DAYS, at least 90 days). */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int usage(void)
{
	fputs("usage: gazette archive purge --db DB [--now UNIX-SECONDS]\n", stderr);
	return EXIT_USAGE;
}

int cmd_archive(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"now", required_argument, NULL, 'n'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	if (argc < 2 || strcmp(argv[1], "purge") != 0)
		return usage();
	const char *db = NULL;
	int64_t now = (int64_t)time(NULL);
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd') {
			db = optarg;
		} else if (c == 'n') {
			char *end;
			errno = 0;
			long long v = strtoll(optarg, &end, 10);
			if (errno || *end || v <= 0)
				return cmd_fail("--now wants UTC seconds since 1970, got '%s'",
						optarg);
			now = (int64_t)v;
		} else {
			return usage();
		}
	}
	if (optind != argc)
		return usage();
	const char *url = cmd_db_url(db);
	if (!url)
		return cmd_fail("no database: give --db DB or set GAZETTE_DB");
	struct store *st = cmd_open_store(url, false);
	if (!st)
		return EXIT_FAIL;
	int64_t n = 0, days = 0;
	enum store_rc rc = store_archive_purge(st, now, &n);
	if (rc == STORE_OK)
		rc = store_setting_num(st, SETTING_ARCHIVE_DAYS, &days);
	store_close(st);
	if (rc != STORE_OK)
		return cmd_fail("archive purge failed (%s); nothing was deleted", store_rc_str(rc));
	printf("purged %lld archived versions that left the site more than %lld days ago\n",
	       (long long)n, (long long)days);
	return EXIT_OK;
}
