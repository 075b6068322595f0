/* Command-line dispatch: `gazette COMMAND ...`. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} commands[] = {
    {"init", cmd_init, "create or migrate a database [--demo] [--admin NAME]"},
    {"serve", cmd_serve, "serve the site over HTTP"},
    {"import", cmd_import, "import articles from JSON Lines"},
    {"export", cmd_export, "export articles as JSON Lines"},
    {"import-documents", cmd_import_documents, "import legal documents (FOLDER/documents.jsonl)"},
    {"export-documents", cmd_export_documents, "export legal documents with their files"},
    {"user", cmd_user, "manage accounts (user add|passwd|disable|token)"},
    {"backup", cmd_backup, "write one archive of the database and the media files"},
    {"restore", cmd_restore, "restore a backup archive into an empty database"},
    {"doctor", cmd_doctor, "check the configuration, database, files, disk and clock"},
    {"reindex", cmd_reindex, "rebuild the search index"},
    {"audit", cmd_audit,
     "check the audit log's hash chain, or purge old entries (audit verify|purge)"},
    {"archive", cmd_archive, "purge archived versions past their retention (archive purge)"},
    {"personal-data", cmd_personal_data,
     "one asker's data exported or erased, or the retention purge (personal-data "
     "export|erase|purge)"},
    {"routes", cmd_routes, "list every URL, its methods, least role and caching"},
    {"import-wordpress", cmd_import_wordpress, "import a WordPress export (WXR)"},
    {"import-nukeviet", cmd_import_nukeviet,
     "import a NukeViet 4 module: news, organs, faq or voting (dump or MySQL)"},
    {"fix-encoding", cmd_fix_encoding, "convert stored TCVN3/VNI text to Unicode [--dry-run]"},
    {"pages", cmd_pages, "export or import the static pages as JSON Lines (pages export|import)"},
    {"media", cmd_media, "clean uploaded originals of metadata (media clean)"},
};

static int usage(FILE *f)
{
	fputs("usage: gazette COMMAND [OPTIONS]\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-16s %s\n", commands[i].name, commands[i].help);
	fputs("\nRun 'gazette COMMAND --help' for a command's options.\n", f);
	return f == stdout ? EXIT_OK : EXIT_USAGE;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr);
	/* The database, media and logs are the site's: never readable by other users. */
	umask(umask(0) | 027);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("gazette %s\n", GZ_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)
		return usage(stdout);
	if (sodium_init() < 0) {
		fputs("gazette: libsodium failed to start\n", stderr);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "gazette: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
