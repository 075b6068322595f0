/* `gazette user`: accounts from the command line. */
#include "cmd/cmd.h"

#include <getopt.h>
#include <string.h>

static int usage(void)
{
	fputs("usage: gazette user add --db DB --role ROLE [--password-file FILE] NAME\n", stderr);
	return EXIT_USAGE;
}

static int user_add(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"role", required_argument, NULL, 'r'},
						 {"password-file", required_argument, NULL, 'p'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL, *role = NULL, *pwfile = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'r')
			role = optarg;
		else if (c == 'p')
			pwfile = optarg;
		else
			return usage();
	}
	if (!role || optind != argc - 1)
		return usage();
	char password[256];
	if (pwfile && read_password_file(pwfile, password, sizeof password) != 0)
		return EXIT_FAIL;
	if (!pwfile)
		random_password(password, sizeof password);
	struct store *st = open_store(db_url(db), false);
	if (!st)
		return EXIT_FAIL;
	int rc = user_create(st, argv[optind], role, password) == 0 ? EXIT_OK : EXIT_FAIL;
	store_close(st);
	if (rc == EXIT_OK && !pwfile)
		printf("User: %s\nPassword: %s\n", argv[optind], password);
	else if (rc == EXIT_OK)
		printf("User: %s\n", argv[optind]);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "add") == 0)
		return user_add(argc - 1, argv + 1);
	fprintf(stderr, "gazette: unknown user command '%s'\n", argv[1]);
	return usage();
}
