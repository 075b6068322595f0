/* `gazette import-nukeviet`: one NukeViet 4 module (news, laws, page, eGovernment's organs, faq
 * or voting, or the menu) from a dump or a live database, all or nothing.
 */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import/nukeviet.h"
#include "import/nvegov.h"
#include "import/writer.h"
#include "media/media.h"

static int usage(void)
{
	fputs(
	    "usage: gazette import-nukeviet --db DB (--mysql mysql://USER:PASS@HOST/DB | --dump "
	    "FILE.sql)\n"
	    "                               [--prefix nv4] [--lang vi] [--module NAME] "
	    "[--module-type TYPE]\n"
	    "                               [--uploads DIR] [--media DIR] [--skip-missing-media] "
	    "[--no-fix-encoding]\n"
	    "                               [--menu NAME] [--old-base URL]\n"
	    "One module a run: --module names its tables, addresses and uploads folder (news by "
	    "default);\n"
	    "--module-type says what it is (NukeViet's module_file): news (articles), laws "
	    "(\"Văn bản\":\n"
	    "legal documents), page (static pages), organs (units and people: /to-chuc/), faq\n"
	    "(published questions and answers: /hoi-dap/), voting (polls) or menu (the site's "
	    "menu,\n"
	    "imported last). It defaults to the name: laws, organs, faq, voting and menu are "
	    "themselves,\n"
	    "page and about are pages, anything else news. --menu picks one of the menu module's "
	    "menus;\n"
	    "--old-base names the old site, whose absolute links in the menu are followed like its "
	    "own.\n"
	    "See docs/MIGRATION.md.\n",
	    stderr);
	return EXIT_USAGE;
}

/* The kinds of module the import knows (NukeViet's module_file). */
enum nv_type {
	NV_TYPE_NEWS,
	NV_TYPE_LAWS,
	NV_TYPE_PAGE,
	NV_TYPE_ORGANS,
	NV_TYPE_FAQ,
	NV_TYPE_VOTING,
	NV_TYPE_MENU,
	NV_TYPE_MAX
};
static const char *const type_names[NV_TYPE_MAX] = {"news", "laws",   "page", "organs",
						    "faq",  "voting", "menu"};
static int (*const type_run[NV_TYPE_MAX])(struct import_writer *, struct store *,
					  const struct nv_opts *, struct buf *) = {
    nv_import,     nv_laws_import,   nv_page_import, nv_organs_import,
    nv_faq_import, nv_voting_import, nv_menu_import};

/* The type a module's name says (a site keeps the default names; "about" is a page module), or
 * the one --module-type names; -1 for a name the import does not know. */
static int type_of(const char *module, const char *given)
{
	for (int t = 0; t < NV_TYPE_MAX; t++)
		if (strcmp(given ? given : module, type_names[t]) == 0)
			return t;
	if (!given && strcmp(module, "about") == 0)
		return NV_TYPE_PAGE;
	return given ? -1 : NV_TYPE_NEWS;
}

struct nv_job {
	struct import_writer *w;
	struct store *st;
	struct nv_opts o;
	enum nv_type type;
	struct progress prog;
};

static void on_tick(void *pctx, long long items)
{
	cmd_progress_update(pctx, items, 0, "rows");
}

static int nv_job_run(void *ctx, struct store *tx, struct buf *err)
{
	struct nv_job *j = ctx;
	j->st = tx;
	cmd_progress_start(&j->prog, 0);
	int rc = type_run[j->type](j->w, j->st, &j->o, err);
	cmd_progress_end(&j->prog);
	return rc;
}

/* A name safe inside a table name: letters, digits, '_'. */
static bool plain_name(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
			 strlen(s);
}

int cmd_import_nukeviet(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"mysql", required_argument, NULL, 'y'},
						 {"dump", required_argument, NULL, 'f'},
						 {"prefix", required_argument, NULL, 'p'},
						 {"lang", required_argument, NULL, 'l'},
						 {"module", required_argument, NULL, 'o'},
						 {"module-type", required_argument, NULL, 't'},
						 {"uploads", required_argument, NULL, 'u'},
						 {"media", required_argument, NULL, 'm'},
						 {"skip-missing-media", no_argument, NULL, 's'},
						 {"no-fix-encoding", no_argument, NULL, 'n'},
						 {"menu", required_argument, NULL, 'M'},
						 {"old-base", required_argument, NULL, 'b'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL, *media = NULL, *type = NULL;
	struct iw_opts io = {.source = "nv", .fix_encoding = true};
	struct nv_job job = {.o = {.prefix = "nv4", .lang = "vi", .module = "news"}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'y':
			job.o.mysql = optarg;
			break;
		case 'f':
			job.o.dump = optarg;
			break;
		case 'p':
			job.o.prefix = optarg;
			break;
		case 'l':
			job.o.lang = optarg;
			break;
		case 'o':
			job.o.module = optarg;
			break;
		case 't':
			type = optarg;
			break;
		case 'u':
			io.uploads = optarg;
			break;
		case 'm':
			media = optarg;
			break;
		case 's':
			io.skip_missing_media = true;
			break;
		case 'n':
			io.fix_encoding = false;
			break;
		case 'M':
			job.o.menu = optarg;
			break;
		case 'b':
			job.o.old_base = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc || !job.o.dump == !job.o.mysql)
		return usage();
	if (!plain_name(job.o.prefix) || !plain_name(job.o.lang) || !plain_name(job.o.module))
		return cmd_fail("--prefix, --lang and --module take letters, digits and '_' only");
	int t = type_of(job.o.module, type);
	if (t < 0)
		return cmd_fail(
		    "--module-type is news, laws, page, organs, faq, voting or menu, not '%s'",
		    type);
	job.type = (enum nv_type)t;
	struct stat sb;
	if (job.o.dump && (stat(job.o.dump, &sb) != 0 || !S_ISREG(sb.st_mode)))
		return cmd_fail("cannot read '%s': %s", job.o.dump,
				errno ? strerror(errno) : "not a regular file");
	if (io.uploads && (stat(io.uploads, &sb) != 0 || !S_ISDIR(sb.st_mode)))
		return cmd_fail("the uploads folder '%s' does not exist", io.uploads);
	job.o.label = job.o.dump ? job.o.dump : "mysql";
	if (media_init("gazette") != 0)
		return cmd_fail("libvips failed to start");
	const char *url = cmd_db_url(db);
	struct store *st = cmd_open_store(url, false);
	if (!st)
		return EXIT_FAIL;
	char *mdir = import_media_dir(media, url);
	if (media && !mdir) {
		store_close(st);
		return cmd_fail("the media folder '%s' does not exist", media);
	}
	io.media_dir = mdir;
	job.st = st;
	job.o.tz = cmd_site_tz(st);
	job.w = iw_new(st, &io);
	job.o.tick = on_tick;
	job.o.pctx = &job.prog;
	int rc = import_transaction(st, job.w, job.o.label, nv_job_run, &job);
	iw_free(job.w);
	free(mdir);
	store_close(st);
	return rc;
}
