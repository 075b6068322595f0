/* `gazette audit verify|purge`: checks the processing log's hash chain, or purges old entries. */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int usage(void)
{
	fputs("usage: gazette audit verify --db DB\n"
	      "       gazette audit purge --db DB [--now UNIX-SECONDS]\n",
	      stderr);
	return EXIT_USAGE;
}

/* Prints the verdict: "OK N entries", or the first entry changed, removed or inserted. */
static int report(const struct audit_verdict *v)
{
	switch (v->finding) {
	case AUDIT_INTACT:
		if (v->purged)
			printf("OK %lld entries (%lld purged before a valid checkpoint)\n",
			       (long long)v->entries, (long long)v->purged);
		else
			printf("OK %lld entries\n", (long long)v->entries);
		return EXIT_OK;
	case AUDIT_BAD_CHECKPOINT:
		printf("FAIL checkpoint after entry %lld: signature does not match\n",
		       (long long)v->entry_id);
		return EXIT_FAIL;
	default:
		printf("FAIL entry %lld %s (%lld entries verified before it)\n",
		       (long long)v->entry_id, audit_finding_name(v->finding),
		       (long long)v->entries);
		return EXIT_FAIL;
	}
}

static int verify(struct store *st)
{
	struct audit_verdict v;
	enum store_rc rc = store_audit_verify(st, &v);
	if (rc != STORE_OK)
		return cmd_fail("cannot read the audit log (%s)", store_rc_str(rc));
	return report(&v);
}

static int purge(struct store *st, int64_t now)
{
	int64_t n = 0, days = 0;
	enum store_rc rc = store_audit_purge(st, now, &n);
	if (rc == STORE_CONFLICT)
		return cmd_fail("the audit log does not verify: nothing purged (run 'gazette audit "
				"verify')");
	if (rc == STORE_OK)
		rc = store_setting_num(st, SETTING_AUDIT_DAYS, &days);
	if (rc != STORE_OK)
		return cmd_fail("purge failed (%s); nothing was deleted", store_rc_str(rc));
	printf("purged %lld entries older than %lld days\n", (long long)n, (long long)days);
	return EXIT_OK;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"now", required_argument, NULL, 'n'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	if (argc < 2 || (strcmp(argv[1], "verify") != 0 && strcmp(argv[1], "purge") != 0))
		return usage();
	bool is_purge = strcmp(argv[1], "purge") == 0;
	const char *db = NULL;
	int64_t now = (int64_t)time(NULL);
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd') {
			db = optarg;
		} else if (c == 'n' && is_purge) {
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
	int rc = is_purge ? purge(st, now) : verify(st);
	store_close(st);
	return rc;
}
