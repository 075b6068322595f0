/* `gazette personal-data export|erase|purge`: one asker's data (by email or phone) as JSON, its
 * erasure, or the retention purge of every ticket past ticket_retention_days (issue 13). */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/tickets.h"

static int usage(void)
{
	fputs("usage: gazette personal-data export --db DB EMAIL|PHONE\n"
	      "       gazette personal-data erase --db DB EMAIL|PHONE\n"
	      "       gazette personal-data purge --db DB [--now UNIX-SECONDS]\n",
	      stderr);
	return EXIT_USAGE;
}

static int run(struct store *st, const char *what, const char *who, int64_t now)
{
	struct arena *a = arena_new();
	struct nr_ctx ctx = {.st = st, .a = a, .address = ""};
	struct buf why = BUF_INIT;
	int64_t n = 0;
	enum nr_result r;
	if (strcmp(what, "export") == 0) {
		json_t *doc = NULL;
		r = nr_personal_export(&ctx, who, &doc, &why);
		if (r == NR_OK) {
			json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
			json_decref(doc);
		}
	} else if (strcmp(what, "erase") == 0) {
		r = nr_personal_erase(&ctx, who, &n, &why);
		if (r == NR_OK)
			printf("erased the personal data of %lld tickets\n", (long long)n);
	} else {
		r = nr_tickets_purge(st, now, &n);
		if (r == NR_OK)
			printf("purged the personal data of %lld tickets past their retention\n",
			       (long long)n);
	}
	int rc = r == NR_OK
		     ? EXIT_OK
		     : cmd_fail("%s", why.len ? buf_cstr(&why) : "the database did not answer");
	buf_free(&why);
	arena_free(a);
	return rc;
}

int cmd_personal_data(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"now", required_argument, NULL, 'n'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	if (argc < 2 || (strcmp(argv[1], "export") != 0 && strcmp(argv[1], "erase") != 0 &&
			 strcmp(argv[1], "purge") != 0))
		return usage();
	bool purge = strcmp(argv[1], "purge") == 0;
	const char *db = NULL;
	int64_t now = (int64_t)time(NULL);
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd') {
			db = optarg;
		} else if (c == 'n' && purge) {
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
	if (optind != argc - (purge ? 0 : 1))
		return usage();
	const char *url = cmd_db_url(db);
	if (!url)
		return cmd_fail("no database: give --db DB or set GAZETTE_DB");
	struct store *st = cmd_open_store(url, false);
	if (!st)
		return EXIT_FAIL;
	int rc = run(st, argv[1], purge ? "" : argv[optind], now);
	store_close(st);
	return rc;
}
