/* `gazette user`: accounts from the command line (add, passwd, disable, token, tokens, revoke). */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/auth.h"
#include "admin/roles.h"
#include "core/arena.h"

static int usage(void)
{
	fputs("usage: gazette user add --db DB --role ROLE [--password-file FILE] [--right "
	      "documents] "
	      "NAME\n"
	      "       gazette user passwd --db DB [--password-file FILE] NAME\n"
	      "       gazette user disable --db DB NAME\n"
	      "       gazette user token --db DB [--name LABEL] [--days N] NAME\n"
	      "       gazette user tokens --db DB NAME\n"
	      "       gazette user revoke --db DB --name LABEL|ID NAME\n",
	      stderr);
	return EXIT_USAGE;
}

static int user_add(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"role", required_argument, NULL, 'r'},
						 {"password-file", required_argument, NULL, 'p'},
						 {"right", required_argument, NULL, 'g'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL, *role = NULL, *pwfile = NULL;
	bool docs = false;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'r')
			role = optarg;
		else if (c == 'p')
			pwfile = optarg;
		else if (c == 'g' && strcmp(optarg, STORE_RIGHT_DOCUMENTS) == 0)
			docs = true;
		else
			return usage();
	}
	if (!role || optind != argc - 1)
		return usage();
	if (docs && role_parse(role) >= 0 && !role_may_hold_rights((enum role)role_parse(role))) {
		cmd_fail("the documents right is for editors and above, not '%s'", role);
		return EXIT_FAIL;
	}
	char password[256];
	if (pwfile && cmd_read_password_file(pwfile, password, sizeof password) != 0)
		return EXIT_FAIL;
	if (!pwfile)
		cmd_random_password(password, sizeof password);
	struct store *st = cmd_open_store(cmd_db_url(db), false);
	if (!st)
		return EXIT_FAIL;
	int rc = cmd_user_create(st, argv[optind], role, password) == 0 ? EXIT_OK : EXIT_FAIL;
	struct user u;
	struct arena *a = arena_new();
	if (rc == EXIT_OK && docs &&
	    (store_user_get(st, a, argv[optind], &u) != STORE_OK ||
	     store_user_right_set(st, u.id, STORE_RIGHT_DOCUMENTS, true) != STORE_OK)) {
		cmd_fail("cannot give '%s' the documents right", argv[optind]);
		rc = EXIT_FAIL;
	}
	arena_free(a);
	store_close(st);
	if (rc == EXIT_OK && !pwfile)
		printf("User: %s\nPassword: %s\n", argv[optind], password);
	else if (rc == EXIT_OK)
		printf("User: %s\n", argv[optind]);
	return rc;
}

/* What a subcommand on one existing account gets: the store, the account, the arena. */
struct on_user {
	struct store *st;
	struct arena *a;
	struct user u;
	const char *name;
	const char *pwfile; /* --password-file, when the subcommand takes one */
	const char *label;  /* --name: a token's name */
	long days;          /* --days: a new token's life */
};

enum { OPT_FILE = 1, OPT_LABEL = 2, OPT_DAYS = 4 };

/* Options of passwd, disable and the token commands: --db, those of `allowed`, and one NAME.
 * Returns 0, or an exit code after printing the usage. */
static int name_opts(int argc, char **argv, int allowed, const char **db, struct on_user *ou)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"password-file", required_argument, NULL, 'p'},
						 {"name", required_argument, NULL, 'n'},
						 {"days", required_argument, NULL, 'y'},
						 {NULL, 0, NULL, 0}};
	int c;
	char *end;
	*db = NULL;
	ou->days = AUTH_TOKEN_DAYS;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd') {
			*db = optarg;
		} else if (c == 'p' && (allowed & OPT_FILE)) {
			ou->pwfile = optarg;
		} else if (c == 'n' && (allowed & OPT_LABEL)) {
			ou->label = optarg;
		} else if (c == 'y' && (allowed & OPT_DAYS)) {
			errno = 0;
			ou->days = strtol(optarg, &end, 10);
			if (errno || *end || ou->days < 1 || ou->days > AUTH_TOKEN_MAX_DAYS) {
				fprintf(stderr, "gazette: --days must be 1..%d\n",
					AUTH_TOKEN_MAX_DAYS);
				return EXIT_USAGE;
			}
		} else {
			return usage();
		}
	}
	if (optind != argc - 1)
		return usage();
	ou->name = argv[optind];
	return 0;
}

/* Opens the store and finds the account; on failure prints why and returns NULL. */
static struct store *open_user(const char *db, const char *name, struct arena *a, struct user *u)
{
	struct store *st = cmd_open_store(cmd_db_url(db), false);
	if (!st)
		return NULL;
	enum store_rc rc = store_user_get(st, a, name, u);
	if (rc == STORE_OK)
		return st;
	if (rc == STORE_NOTFOUND)
		cmd_fail("no user named '%s' (see `gazette user add`)", name);
	else
		cmd_fail("cannot read user '%s': %s", name, store_rc_str(rc));
	store_close(st);
	return NULL;
}

/* Parses `--db DB [options] NAME`, opens the store, finds the account and runs fn
 * on it; returns fn's exit code, or the usage/failure code when it never got that far. */
static int with_user(int argc, char **argv, int allowed, int (*fn)(struct on_user *))
{
	const char *db;
	struct on_user ou = {0};
	int rc = name_opts(argc, argv, allowed, &db, &ou);
	if (rc)
		return rc;
	ou.a = arena_new();
	ou.st = open_user(db, ou.name, ou.a, &ou.u);
	rc = ou.st ? fn(&ou) : EXIT_FAIL;
	if (ou.st)
		store_close(ou.st);
	arena_free(ou.a);
	return rc;
}

/* Sets a new password (from the file, or a generated one that is printed), which revokes the
 * account's API tokens, and ends its sessions. */
static int passwd_on(struct on_user *ou)
{
	char password[256], hash[crypto_pwhash_STRBYTES];
	if (ou->pwfile && cmd_read_password_file(ou->pwfile, password, sizeof password) != 0)
		return EXIT_FAIL;
	if (!ou->pwfile)
		cmd_random_password(password, sizeof password);
	int rc = EXIT_FAIL;
	if (auth_hash_password(password, hash, sizeof hash) != 0)
		cmd_fail("out of memory while hashing the password");
	else if (store_user_password(ou->st, ou->u.id, hash) != STORE_OK)
		cmd_fail("cannot set the password of '%s'", ou->name);
	else if (store_sessions_delete_user(ou->st, ou->u.id) != STORE_OK)
		cmd_fail("password set, but the sessions of '%s' could not be ended", ou->name);
	else
		rc = EXIT_OK;
	if (rc == EXIT_OK)
		printf("User: %s\n", ou->name);
	if (rc == EXIT_OK && !ou->pwfile)
		printf("Password: %s\n", password);
	sodium_memzero(password, sizeof password);
	return rc;
}

/* Disables the account (which revokes its API tokens) and ends its sessions at once. */
static int disable_on(struct on_user *ou)
{
	if (store_user_update(ou->st, ou->u.id, ou->u.display_name, ou->u.role, true) != STORE_OK)
		return cmd_fail("cannot disable '%s'", ou->name);
	if (store_sessions_delete_user(ou->st, ou->u.id) != STORE_OK)
		return cmd_fail("'%s' is disabled, but its sessions could not be ended", ou->name);
	printf("User %s disabled; its sessions have ended and its API tokens are revoked.\n",
	       ou->name);
	return EXIT_OK;
}

/* Prints a new API token for the account (shown once; only its hash is kept), named and with an
 * expiry. */
static int token_on(struct on_user *ou)
{
	const char *token = NULL;
	int64_t now = (int64_t)time(NULL);
	if (ou->u.disabled)
		return cmd_fail("user '%s' is disabled: enable it before making a token", ou->name);
	const char *label =
	    ou->label && *ou->label ? ou->label : arena_printf(ou->a, "cli-%lld", (long long)now);
	if (strlen(label) > 64)
		return cmd_fail("a token's name is at most 64 bytes");
	if (auth_token_new(ou->st, ou->a, ou->u.id, label, now + ou->days * 86400, &token) !=
	    STORE_OK)
		return cmd_fail("cannot store a new token for '%s'", ou->name);
	printf("%s\n", token);
	return EXIT_OK;
}

static void print_day(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char day[32] = "-";
	if (t && gmtime_r(&tt, &tm))
		strftime(day, sizeof day, "%Y-%m-%d %H:%M UTC", &tm);
	printf("\t%s", day);
}

/* Lists the account's tokens: name, id (the start of its hash), made, expires. */
static int tokens_on(struct on_user *ou)
{
	struct api_token *t = NULL;
	size_t n = 0;
	if (store_tokens(ou->st, ou->a, ou->u.id, &t, &n) != STORE_OK)
		return cmd_fail("cannot read the tokens of '%s'", ou->name);
	printf("NAME\tID\tMADE\tEXPIRES\n");
	for (size_t i = 0; i < n; i++) {
		printf("%s\t%s", t[i].name, t[i].hash);
		print_day(t[i].created_at);
		print_day(t[i].expires_at);
		printf("%s\n", t[i].expires_at && t[i].expires_at <= (int64_t)time(NULL)
				   ? " (expired)"
				   : "");
	}
	return EXIT_OK;
}

/* Revokes the account's tokens named --name (or with that ID). */
static int revoke_on(struct on_user *ou)
{
	if (!ou->label || !*ou->label)
		return usage();
	enum store_rc rc = store_token_revoke(ou->st, ou->u.id, ou->label);
	if (rc == STORE_NOTFOUND)
		return cmd_fail("'%s' has no token named '%s' (see `gazette user tokens`)",
				ou->name, ou->label);
	if (rc != STORE_OK)
		return cmd_fail("cannot revoke the token: %s", store_rc_str(rc));
	printf("Token %s of %s revoked.\n", ou->label, ou->name);
	return EXIT_OK;
}

static int user_passwd(int argc, char **argv)
{
	return with_user(argc, argv, OPT_FILE, passwd_on);
}

static int user_disable(int argc, char **argv)
{
	return with_user(argc, argv, 0, disable_on);
}

static int user_token(int argc, char **argv)
{
	return with_user(argc, argv, OPT_LABEL | OPT_DAYS, token_on);
}

static int user_tokens(int argc, char **argv)
{
	return with_user(argc, argv, 0, tokens_on);
}

static int user_revoke(int argc, char **argv)
{
	return with_user(argc, argv, OPT_LABEL, revoke_on);
}

int cmd_user(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} subs[] = {{"add", user_add},     {"passwd", user_passwd}, {"disable", user_disable},
		    {"token", user_token}, {"tokens", user_tokens}, {"revoke", user_revoke}};
	if (argc < 2)
		return usage();
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "gazette: unknown user command '%s'\n", argv[1]);
	return usage();
}
