/* `gazette init`: creates or migrates a database, optionally with the demo site and an admin. */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/paths.h"

static int usage(void)
{
	fputs("usage: gazette init --db DB [--demo] [--demo-photos] [--media DIR] [--admin NAME] "
	      "[--admin-password-file FILE]\n",
	      stderr);
	return EXIT_USAGE;
}

/* Stores every string member of the demo's settings.json. */
static int load_settings(struct store *st, const char *path)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return cmd_fail("%s:%d: %s", path, jerr.line,
				doc ? "not a JSON object" : jerr.text);
	}
	const char *key;
	json_t *val;
	int rc = EXIT_OK;
	json_object_foreach(doc, key, val)
	{
		if (json_is_string(val) &&
		    store_setting_set(st, key, json_string_value(val)) != STORE_OK)
			rc = cmd_fail("cannot store setting '%s'", key);
	}
	json_decref(doc);
	return rc;
}

static int load_demo(struct store *st)
{
	int64_t max_id = 0;
	if (store_article_max_id(st, &max_id) != STORE_OK)
		return cmd_fail("cannot read the database");
	if (max_id > 0) {
		fprintf(stderr,
			"gazette: the database already has articles; demo content not loaded\n");
		return EXIT_OK;
	}
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/demo/settings.json", paths_share());
	int rc = load_settings(st, buf_cstr(&path));
	if (rc == EXIT_OK) {
		buf_reset(&path);
		buf_printf(&path, "%s/demo/articles.jsonl", paths_share());
		struct import_opts o = {
		    .path = buf_cstr(&path), .label = buf_cstr(&path), .quiet = true};
		rc = cmd_import_run(st, &o);
	}
	buf_free(&path);
	if (rc == EXIT_OK)
		fprintf(stderr, "gazette: demo site loaded\n");
	return rc;
}

static int make_admin(struct store *st, const char *name, const char *password_file)
{
	struct arena *a = arena_new();
	struct user u;
	bool exists = store_user_get(st, a, name, &u) == STORE_OK;
	arena_free(a);
	if (exists) {
		fprintf(stderr, "gazette: user '%s' already exists; left as it is\n", name);
		return EXIT_OK;
	}
	char password[256];
	if (password_file) {
		if (cmd_read_password_file(password_file, password, sizeof password) != 0)
			return EXIT_FAIL;
	} else {
		cmd_random_password(password, sizeof password);
	}
	if (cmd_user_create(st, name, "admin", password) != 0)
		return EXIT_FAIL;
	if (!password_file)
		printf(
		    "Admin account: %s\nPassword: %s\n(shown once; change it after logging in)\n",
		    name, password);
	else
		printf("Admin account: %s (password from %s)\n", name, password_file);
	return EXIT_OK;
}

int cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"demo", no_argument, NULL, 'D'},
	    {"demo-photos", no_argument, NULL, 'P'},
	    {"media", required_argument, NULL, 'm'},
	    {"admin", required_argument, NULL, 'a'},
	    {"admin-password-file", required_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *db = NULL, *admin = NULL, *pwfile = NULL, *media = "";
	bool demo = false, photos = false;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'D':
			demo = true;
			break;
		case 'P':
			photos = true;
			break;
		case 'm':
			media = optarg;
			break;
		case 'a':
			admin = optarg;
			break;
		case 'p':
			pwfile = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc)
		return usage();
	if (pwfile && !admin)
		return cmd_fail("--admin-password-file needs --admin NAME");
	struct store *st = cmd_open_store(cmd_db_url(db), true);
	if (!st)
		return EXIT_FAIL;
	fprintf(stderr, "gazette: database ready (%s, schema version %d)\n", store_backend(st),
		store_schema_version(st));
	int rc = demo ? load_demo(st) : EXIT_OK;
	if (rc == EXIT_OK && photos) {
		char *dir = cmd_db_is_pg(cmd_db_url(db))
				? cmd_media_cache(media, NULL)
				: cmd_media_folder(media, cmd_db_url(db), true);
		rc = cmd_demo_photos_load(st, dir, cmd_db_url(db));
		free(dir);
	}
	if (rc == EXIT_OK && (admin || demo))
		rc = make_admin(st, admin ? admin : "admin", pwfile);
	store_close(st);
	return rc;
}
