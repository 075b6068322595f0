/* `gazette serve`: arguments, configuration, storage, sockets, then the event loop. */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/sandbox.h"
#include "http/http.h"
#include "admin/compliance.h"
#include "api/api.h"
#include "media/media.h"
#include "mod/mod.h"
#include "site/site.h"

enum {
	OPT_DB,
	OPT_LISTEN,
	OPT_THREADS,
	OPT_THEME,
	OPT_MEDIA,
	OPT_CRAWLERS,
	OPT_VIEWS_FLUSH_MS,
	OPT_MAX_BODY,
	OPT_MAX_UPLOAD,
	OPT_MAX_VIDEO,
	OPT_BODY_MEMORY,
	OPT_MAX_HEADER,
	OPT_TIMEOUT,
	OPT_CONN_LIMIT,
	OPT_PER_IP_LIMIT,
	OPT_LOG_LEVEL,
	OPT_TRUSTED_PROXIES,
	OPT_SMTP,
	OPT_MAIL_FROM,
	OPT_ALERT_TO,
	OPT_TAKEDOWN_CHECK_MS,
	OPT_ACCESS_LOG,
	OPT_ERROR_LOG,
	OPT_SANDBOX,
	OPT_PAGE_STORE,
	OPT_PAGE_STORE_MB,
	OPT_MEDIA_CACHE,
	OPT_MEDIA_CACHE_MB,
	OPT_DB_REPLICA,
	OPT_DB_REPLICA_LAG,
	OPT_SEARCH_MIRROR,
	OPT_MAX
};

static const struct cfg_opt opts[OPT_MAX] = {
    [OPT_DB] = {"db", CFG_STRING, "", "GAZETTE_DB", 0, 0, "database: sqlite:PATH or postgresql://"},
    [OPT_LISTEN] = {"listen", CFG_STRING, "127.0.0.1:8080", "GAZETTE_LISTEN", 0, 0,
		    "address and port to listen on"},
    [OPT_THREADS] = {"threads", CFG_UINT, "0", "GAZETTE_THREADS", 0, 64,
		     "event threads (0: one per core)"},
    [OPT_THEME] = {"theme", CFG_STRING, "", "GAZETTE_THEME", 0, 0,
		   "theme folder (default: the installed default theme)"},
    [OPT_MEDIA] = {"media", CFG_STRING, "", "GAZETTE_MEDIA", 0, 0,
		   "folder for uploaded media (default: 'media' beside an SQLite database)"},
    [OPT_CRAWLERS] = {"crawlers", CFG_STRING, "", NULL, 0, 0,
		      "comma-separated User-Agent patterns whose requests count no views"},
    [OPT_VIEWS_FLUSH_MS] = {"views-flush-ms", CFG_UINT, "1000", NULL, 10, 60000,
			    "how often view counts are written"},
    [OPT_MAX_BODY] = {"max-body", CFG_UINT, "1048576", NULL, 1024, 1073741824,
		      "largest request body in bytes, except uploads"},
    [OPT_MAX_UPLOAD] = {"max-upload", CFG_UINT, "31457280", NULL, 1024, 1073741824,
			"largest upload to a media route in bytes (streamed to a temporary file)"},
    [OPT_MAX_VIDEO] = {"max-video", CFG_UINT, "268435456", NULL, 1024, 4294967295,
		       "largest video upload (POST /admin/videos) in bytes (streamed to a "
		       "temporary file)"},
    [OPT_BODY_MEMORY] = {"max-body-memory", CFG_UINT, "4194304", NULL, 65536, 4294967295,
			 "bytes of request bodies held in memory at once, all requests"},
    [OPT_MAX_HEADER] = {"max-header", CFG_UINT, "8192", NULL, 4096, 1048576,
			"memory for a request's line and headers in bytes"},
    [OPT_TIMEOUT] = {"timeout", CFG_UINT, "30", NULL, 1, 3600, "idle connection time-out in s"},
    [OPT_CONN_LIMIT] = {"max-connections", CFG_UINT, "4096", NULL, 1, 1000000,
			"most connections at once"},
    [OPT_PER_IP_LIMIT] = {"max-connections-per-ip", CFG_UINT, "256", NULL, 1, 1000000,
			  "most connections from one address"},
    [OPT_LOG_LEVEL] = {"log-level", CFG_STRING, "info", "GAZETTE_LOG_LEVEL", 0, 0,
		       "debug, info, warn or error"},
    [OPT_TRUSTED_PROXIES] = {"trusted-proxies", CFG_STRING, "127.0.0.1,::1",
			     "GAZETTE_TRUSTED_PROXIES", 0, 0,
			     "comma-separated addresses of reverse proxies whose X-Forwarded-For "
			     "names the client (\"\": none)"},
    [OPT_SMTP] = {"smtp", CFG_STRING, "", "GAZETTE_SMTP", 0, 0,
		  "SMTP server for alerts: smtp://HOST:PORT or smtps://... (\"\": no mail)"},
    [OPT_MAIL_FROM] = {"mail-from", CFG_STRING, "gazette@localhost", NULL, 0, 0,
		       "sender address of alert mail"},
    [OPT_ALERT_TO] = {"alert-to", CFG_STRING, "", NULL, 0, 0,
		      "comma-separated addresses told of takedown deadlines"},
    [OPT_TAKEDOWN_CHECK_MS] = {"takedown-check-ms", CFG_UINT, "30000", NULL, 100, 3600000,
			       "how often takedown deadlines are checked"},
    [OPT_ACCESS_LOG] = {"access-log", CFG_STRING, "", "GAZETTE_ACCESS_LOG", 0, 0,
			"access log in the combined format: a file, or - for standard output "
			"(reopened on SIGHUP)"},
    [OPT_ERROR_LOG] = {"error-log", CFG_STRING, "", "GAZETTE_ERROR_LOG", 0, 0,
		       "error log file (default: standard error; reopened on SIGHUP)"},
    [OPT_SANDBOX] = {"sandbox", CFG_STRING, "on", "GAZETTE_SANDBOX", 0, 0,
		     "on: after start-up, limit system calls (seccomp) and files (Landlock); off"},
    [OPT_PAGE_STORE] = {"page-store", CFG_STRING, "", "GAZETTE_PAGE_STORE", 0, 0,
			"folder keeping the last rendered version of every public page, served "
			"while the database is unreachable (also lets serve start without it)"},
    [OPT_PAGE_STORE_MB] = {"page-store-max-mb", CFG_UINT, "512", NULL, 1, 1048576,
			   "most megabytes the page store holds (the oldest pages go first)"},
    [OPT_MEDIA_CACHE] = {"media-cache", CFG_STRING, "", "GAZETTE_MEDIA_CACHE", 0, 0,
			 "with PostgreSQL (which keeps every media file): this node's local cache "
			 "of them (default: the media folder if given, else ./media-cache)"},
    [OPT_MEDIA_CACHE_MB] = {"media-cache-max-mb", CFG_UINT, "2048", NULL, 1, 16777216,
			    "most megabytes the media cache holds with PostgreSQL (the least "
			    "recently used files go first)"},
    [OPT_DB_REPLICA] =
	{"db-replica", CFG_STRING, "", "GAZETTE_DB_REPLICA", 0, 0,
	 "PostgreSQL read replicas (streaming standbys) for public pages, search and "
	 "API reads: postgresql:// URLs separated by spaces (the flag may be repeated)"},
    [OPT_DB_REPLICA_LAG] = {"db-replica-max-lag-ms", CFG_UINT, "5000", NULL, 100, 600000,
			    "a read replica further behind the primary than this is skipped"},
    [OPT_SEARCH_MIRROR] = {"search-mirror", CFG_STRING, "auto", "GAZETTE_SEARCH_MIRROR", 0, 0,
			   "PostgreSQL: a SQLite file on this node's disk that searches and "
			   "article pages are answered from, made and kept in step by the server "
			   "(its folder must exist; docs/DEPLOY.md). auto: search-mirror/mirror.db "
			   "in the working folder, made when it can be; off: PostgreSQL answers"},
};

const struct cfg_opt *cmd_serve_options(size_t *n)
{
	*n = OPT_MAX;
	return opts;
}

static int usage(void)
{
	fputs("usage: gazette serve --db DB [--listen ADDR:PORT] [--media DIR] [--config FILE] "
	      "[--check]\n\nsettings (flag, config file key, environment):\n",
	      stderr);
	for (size_t i = 0; i < OPT_MAX; i++)
		fprintf(stderr, "  --%-24s %s (default: %s)%s%s\n", opts[i].name, opts[i].help,
			*opts[i].def ? opts[i].def : "none", opts[i].env ? ", $" : "",
			opts[i].env ? opts[i].env : "");
	return EXIT_USAGE;
}

struct flag {
	const char *name, *value;
};

static int configure(struct cfg_val *vals, const char *file, const struct flag *flags,
		     size_t nflags)
{
	struct buf err = BUF_INIT;
	int rc = 0;
	cfg_defaults(opts, OPT_MAX, vals);
	if (file && cfg_load_file(opts, OPT_MAX, vals, file, &err) != 0)
		rc = -1;
	if (rc == 0 && cfg_load_env(opts, OPT_MAX, vals, &err) != 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < nflags; i++)
		if (cfg_set(opts, OPT_MAX, vals, flags[i].name, flags[i].value, "flag", &err) != 0)
			rc = -1;
	if (rc != 0)
		cmd_fail("%s", buf_cstr(&err));
	buf_free(&err);
	return rc;
}

/* The folder of a log file setting; NULL when off or standard output. */
static char *log_folder(const char *path)
{
	if (!*path || strcmp(path, "-") == 0)
		return NULL;
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

/* The search mirror's setting names a file: neither off ("off", "") nor left to the server. */
static bool mirror_given(const struct cfg_val *v)
{
	return cmd_mirror_named(v[OPT_SEARCH_MIRROR].text);
}

/*
 * The search mirror's file, or NULL for none: the one named, or with "auto" and PostgreSQL
 * search-mirror/mirror.db in the working folder (its folder made here, before the sandbox). A
 * folder that cannot be made leaves the node without a mirror, said in the log: PostgreSQL
 * answers, as with "off".
 */
static char *mirror_path(const struct cfg_val *v)
{
	if (mirror_given(v))
		return xstrdup(v[OPT_SEARCH_MIRROR].text);
	if (strcmp(v[OPT_SEARCH_MIRROR].text, "auto") != 0 ||
	    !cmd_db_is_pg(cmd_db_url(v[OPT_DB].text)))
		return NULL;
	char *dir = cmd_folder_made(CMD_MIRROR_AUTO_DIR, "the folder", "search mirror: off");
	if (!dir)
		return NULL;
	if (access(dir, W_OK) != 0) {
		log_warn("search mirror: off, as the folder %s cannot be written (%s); set "
			 "search-mirror to a file in a folder the server can write, or to off",
			 dir, strerror(errno));
		free(dir);
		return NULL;
	}
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/" CMD_MIRROR_AUTO_FILE, dir);
	free(dir);
	return buf_detach(&b);
}

static int check_values(struct cfg_val *v)
{
	static const char *const levels[] = {"debug", "info", "warn", "error"};
	int level = -1;
	for (int i = 0; i < 4; i++)
		if (strcmp(v[OPT_LOG_LEVEL].text, levels[i]) == 0)
			level = i;
	if (level < 0)
		return cmd_fail("log-level must be debug, info, warn or error, not '%s'",
				v[OPT_LOG_LEVEL].text);
	log_set_level((enum log_level)level);
	struct buf host = BUF_INIT, err = BUF_INIT;
	uint16_t port;
	int rc = log_open(v[OPT_ERROR_LOG].text, v[OPT_ACCESS_LOG].text, &err);
	if (rc == 0)
		rc = http_parse_listen(v[OPT_LISTEN].text, &host, &port, &err);
	if (rc == 0)
		rc = http_check_proxies(v[OPT_TRUSTED_PROXIES].text, &err);
	if (rc != 0)
		cmd_fail("%s", buf_cstr(&err));
	buf_free(&host);
	buf_free(&err);
	if (rc == 0 && strcmp(v[OPT_SANDBOX].text, "on") != 0 &&
	    strcmp(v[OPT_SANDBOX].text, "off") != 0)
		rc = cmd_fail("sandbox must be on or off, not '%s'", v[OPT_SANDBOX].text);
	struct stat sb;
	if (rc == 0 && *v[OPT_MEDIA].text &&
	    (stat(v[OPT_MEDIA].text, &sb) != 0 || !S_ISDIR(sb.st_mode)))
		rc = cmd_fail("media folder '%s' does not exist", v[OPT_MEDIA].text);
	if (rc == 0 && mirror_given(v)) {
		char *dir = log_folder(v[OPT_SEARCH_MIRROR].text);
		if (!dir || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || access(dir, W_OK) != 0)
			rc = cmd_fail(
			    "search mirror: folder '%s' does not exist or cannot be written",
			    dir ? dir : v[OPT_SEARCH_MIRROR].text);
		free(dir);
	}
	return rc;
}

/* The folder of an SQLite database file ("." for a bare name), or NULL for PostgreSQL. */
static char *db_folder(const char *db)
{
	if (!db || strstr(db, "://")) /* PostgreSQL, or a URL init will refuse */
		return NULL;
	const char *path = strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db;
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

/* Gives up what serving never needs (see core/sandbox.h), before any thread starts. Reads: the
 * system's libraries, configuration, time zones and fonts, the theme and newsroom files; writes:
 * the database's folder, the media folder and temporary files. */
static int enter_sandbox(struct cfg_val *v, const char *theme, const char *media, const char *pages,
			 const char *mirror, struct sandbox_report *rep)
{
	if (strcmp(v[OPT_SANDBOX].text, "on") != 0)
		return 0;
	char *dbdir = db_folder(cmd_db_url(v[OPT_DB].text));
	const char *tmp = getenv("TMPDIR");
	/* the media module's folder (a build tree's program has it beside itself): loaded later */
	char *mod_dir = mod_path() ? log_folder(mod_path()) : NULL;
	const char *ro[] = {"/usr",
			    "/etc",
			    "/lib",
			    "/lib64",
			    "/bin",
			    "/proc",
			    "/sys",
			    "/dev",
			    "/run",
			    "/var/cache/fontconfig",
			    paths_share(),
			    theme,
			    mod_dir ? mod_dir : "/usr"};
	/* the log files' folders: SIGHUP reopens them by name after logrotate moved them */
	char *access_dir = log_folder(v[OPT_ACCESS_LOG].text);
	char *error_dir = log_folder(v[OPT_ERROR_LOG].text);
	char *mirror_dir = mirror ? log_folder(mirror) : NULL;
	const char *rw[] = {"/dev/null",
			    "/tmp",
			    "/var/tmp",
			    tmp ? tmp : "/tmp",
			    dbdir ? dbdir : "/dev/null",
			    media ? media : "/dev/null",
			    access_dir ? access_dir : "/dev/null",
			    error_dir ? error_dir : "/dev/null",
			    pages ? pages : "/dev/null",
			    mirror_dir ? mirror_dir : "/dev/null"};
	struct sandbox_config sc = {.read_only = ro,
				    .nread_only = sizeof ro / sizeof ro[0],
				    .read_write = rw,
				    .nread_write = sizeof rw / sizeof rw[0]};
	struct buf err = BUF_INIT;
	int rc = sandbox_enter(&sc, rep, &err);
	if (rc != 0)
		cmd_fail("%s (set sandbox = off to run without it)", buf_cstr(&err));
	buf_free(&err);
	free(dbdir);
	free(mod_dir);
	free(access_dir);
	free(error_dir);
	free(mirror_dir);
	return rc;
}

static int run(struct cfg_val *v, bool check_only)
{
	if (check_values(v) != 0)
		return EXIT_FAIL;
	struct buf theme = BUF_INIT, err = BUF_INIT;
	if (*v[OPT_THEME].text)
		buf_puts(&theme, v[OPT_THEME].text);
	else
		buf_printf(&theme, "%s/theme", paths_share());
	int rc = EXIT_FAIL;
	/* One malloc arena per request thread, not glibc's eight per core: the watcher, the view
	 * and visitor flushers and the other background threads would each keep one, and each
	 * arena keeps its own free memory (issue 18: 4-5 MB less resident under load). */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = v[OPT_THREADS].num        ? (unsigned)v[OPT_THREADS].num
			   : cores > 0 && cores < 64 ? (unsigned)cores
						     : 2;
	mallopt(M_ARENA_MAX, (int)threads);
	http_block_signals(); /* before any thread starts, so that only sigwait sees the signals */
	char *media = cmd_media_folder(v[OPT_MEDIA].text, cmd_db_url(v[OPT_DB].text), true);
	if (cmd_db_is_pg(cmd_db_url(v[OPT_DB].text))) { /* the folder is a cache of the database */
		char *cache = cmd_media_cache(v[OPT_MEDIA_CACHE].text, media);
		free(media);
		media = cache;
	}
	char *mirror = check_only ? NULL : mirror_path(v);
	struct sandbox_report sandbox = {0};
	const char *pages = *v[OPT_PAGE_STORE].text ? v[OPT_PAGE_STORE].text : NULL;
	/* Made before the sandbox, which limits writes to folders that exist. */
	if (pages && mkdir(pages, 0700) != 0 && errno != EEXIST) {
		cmd_fail("cannot create the page store '%s': %s", pages, strerror(errno));
		free(mirror);
		free(media);
		buf_free(&theme);
		return EXIT_FAIL;
	}
	store_start_offline = pages != NULL && !check_only;
	if (!check_only &&
	    enter_sandbox(v, buf_cstr(&theme), media, pages, mirror, &sandbox) != 0) {
		free(mirror);
		free(media);
		buf_free(&theme);
		return EXIT_FAIL;
	}
	/* The media module (libvips, poppler, Cairo, libxlsxwriter: src/mod/mod.h) is loaded and
	 * libvips started at the first image, PDF or spreadsheet, inside the sandbox like every
	 * request; a server that never makes one does not carry them. */
	media_init_lazy("gazette");
	struct store *st = cmd_open_store(cmd_db_url(v[OPT_DB].text), false);
	if (st && *v[OPT_DB_REPLICA].text &&
	    store_replicas_add(st, v[OPT_DB_REPLICA].text, (unsigned)v[OPT_DB_REPLICA_LAG].num,
			       &err) != STORE_OK) {
		cmd_fail("%s", buf_cstr(&err));
		store_close(st);
		st = NULL;
	}
	if (st && mirror && store_search_mirror(st, mirror, &err) != STORE_OK) {
		if (mirror_given(v)) {
			cmd_fail("search mirror: %s", buf_cstr(&err));
			store_close(st);
			st = NULL;
		} else {
			log_warn(
			    "search mirror: off (%s); set search-mirror to a file of this node's "
			    "own, or to off",
			    buf_cstr(&err));
			buf_reset(&err);
		}
	}
	struct buf admin_dir = BUF_INIT;
	buf_printf(&admin_dir, "%s/admin", paths_share());
	struct buf openapi = BUF_INIT;
	buf_printf(&openapi, "%s/docs/openapi.json", paths_share());
	api_openapi_load(buf_cstr(&openapi)); /* when absent, /api/v1/openapi.json answers 404 */
	buf_free(&openapi);
	struct site_config sc = {.theme_dir = buf_cstr(&theme),
				 .admin_dir = buf_cstr(&admin_dir),
				 .surfaces = cmd_surfaces,
				 .nsurfaces = cmd_nsurfaces,
				 .crawlers = v[OPT_CRAWLERS].text,
				 .views_flush_ms = (unsigned)v[OPT_VIEWS_FLUSH_MS].num,
				 .media_dir = media,
				 .media_cache_bytes = (size_t)v[OPT_MEDIA_CACHE_MB].num << 20,
				 .max_body = v[OPT_MAX_BODY].num,
				 .max_upload = v[OPT_MAX_UPLOAD].num,
				 .max_video = v[OPT_MAX_VIDEO].num,
				 .page_store = pages,
				 .page_store_bytes = (size_t)v[OPT_PAGE_STORE_MB].num << 20};
	struct site *site = st ? site_new(st, &sc, &err) : NULL;
	if (st && !site)
		cmd_fail("%s", buf_cstr(&err));
	if (site && check_only) {
		fprintf(stderr, "gazette: configuration is valid\n");
		rc = EXIT_OK;
	} else if (site) {
		if (sandbox.seccomp && sandbox.landlock_abi)
			log_info(
			    "sandbox: seccomp allowlist on, files limited by Landlock (ABI %d)",
			    sandbox.landlock_abi);
		else if (sandbox.seccomp)
			log_info("sandbox: seccomp allowlist on; this kernel has no Landlock, so "
				 "files are not limited");
		struct http_config hc = {.listen = v[OPT_LISTEN].text,
					 .threads = (unsigned)v[OPT_THREADS].num,
					 .conn_limit = (unsigned)v[OPT_CONN_LIMIT].num,
					 .per_ip_limit = (unsigned)v[OPT_PER_IP_LIMIT].num,
					 .timeout_s = (unsigned)v[OPT_TIMEOUT].num,
					 .max_header = v[OPT_MAX_HEADER].num,
					 .body_rule = site_body_rule,
					 .body_rule_cls = site,
					 .body_budget = v[OPT_BODY_MEMORY].num,
					 .trusted_proxies = v[OPT_TRUSTED_PROXIES].text};
		struct alert_config ac = {
		    .st = st,
		    .mail = {.smtp = v[OPT_SMTP].text, .from = v[OPT_MAIL_FROM].text},
		    .to = v[OPT_ALERT_TO].text};
		struct alerts *al = alerts_start(&ac, (unsigned)v[OPT_TAKEDOWN_CHECK_MS].num);
		struct bodies_job *bodies = bodies_refresh_start(st);
		if (http_serve(&hc, site_handle, site, &err) == 0)
			rc = EXIT_OK;
		else
			cmd_fail("%s", buf_cstr(&err));
		alerts_stop(al);
		bodies_refresh_stop(bodies);
	}
	site_free(site); /* writes pending view counts */
	api_openapi_free();
	store_close(st);
	if (rc == EXIT_OK && !check_only)
		log_info("stopped");
	free(mirror);
	free(media);
	buf_free(&theme);
	buf_free(&admin_dir);
	buf_free(&err);
	return rc;
}

int cmd_serve(int argc, char **argv)
{
	struct option longopts[OPT_MAX + 4];
	for (size_t i = 0; i < OPT_MAX; i++)
		longopts[i] = (struct option){opts[i].name, required_argument, NULL, (int)i};
	longopts[OPT_MAX] = (struct option){"config", required_argument, NULL, 'c'};
	longopts[OPT_MAX + 1] = (struct option){"check", no_argument, NULL, 'k'};
	longopts[OPT_MAX + 2] = (struct option){"help", no_argument, NULL, 'h'};
	longopts[OPT_MAX + 3] = (struct option){NULL, 0, NULL, 0};
	struct flag flags[OPT_MAX * 2];
	size_t nflags = 0;
	struct buf replicas = BUF_INIT; /* --db-replica may be given more than once */
	const char *file = NULL;
	bool check = false;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == OPT_DB_REPLICA)
			buf_printf(&replicas, "%s%s", replicas.len ? " " : "", optarg);
		else if (c >= 0 && c < OPT_MAX && nflags < OPT_MAX * 2)
			flags[nflags++] = (struct flag){opts[c].name, optarg};
		else if (c == 'c')
			file = optarg;
		else if (c == 'k')
			check = true;
		else {
			buf_free(&replicas);
			return usage();
		}
	}
	if (replicas.len && nflags < OPT_MAX * 2)
		flags[nflags++] = (struct flag){opts[OPT_DB_REPLICA].name, buf_cstr(&replicas)};
	if (optind != argc || sodium_init() < 0) {
		buf_free(&replicas);
		return optind != argc ? usage() : cmd_fail("libsodium failed to start");
	}
	struct cfg_val vals[OPT_MAX];
	if (configure(vals, file, flags, nflags) != 0) {
		buf_free(&replicas);
		cfg_free(OPT_MAX, vals);
		return EXIT_FAIL;
	}
	int rc = run(vals, check);
	cfg_free(OPT_MAX, vals);
	buf_free(&replicas);
	return rc;
}
