/* `gazette doctor`: checks what a running site depends on (configuration, database and schema,
 * file modes, media folder, disk space, time zone, clock) and says how to fix what is wrong.
 * Reads only: it never migrates or writes. Exit 1 when any check FAILs. */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "cmd/dump.h"
#include "core/config.h"
#include "core/paths.h"
#include "mod/mod.h"
#include "store/schema.h"

enum verdict { OK, WARN, FAIL };

struct doctor {
	int fails, warns;
};

static void report(struct doctor *dr, enum verdict v, const char *what, const char *fix,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct doctor *dr, enum verdict v, const char *what, const char *fix,
		   const char *fmt, ...)
{
	static const char *const names[] = {"OK", "WARN", "FAIL"};
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	printf("%-4s  %-9s %s\n", names[v], what, buf_cstr(&b));
	if (v != OK && fix)
		printf("      %-9s fix: %s\n", "", fix);
	dr->fails += v == FAIL;
	dr->warns += v == WARN;
	buf_free(&b);
}

static int usage(void)
{
	fputs("usage: gazette doctor [--db DB] [--config FILE] [--media DIR]\n"
	      "  Checks the configuration, the database and its schema, file modes, the media\n"
	      "  folder, PostgreSQL's search mirror, free disk space, the time zone and the\n"
	      "  clock; exit 1 on any FAIL.\n",
	      stderr);
	return EXIT_USAGE;
}

static const char *setting(const struct cfg_opt *o, size_t n, struct cfg_val *v, const char *name)
{
	int i = cfg_index(o, n, name);
	return i >= 0 ? v[i].text : "";
}

/* world: the verdict for a file other users can read (FAIL for the database, WARN for the
 * configuration, which may hold the database's password). */
static void check_mode(struct doctor *dr, const char *what, const char *path, enum verdict world)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return;
	unsigned mode = sb.st_mode & 0777;
	struct buf fix = BUF_INIT;
	buf_printf(&fix, "chmod 0640 '%s' (owned by the service user)", path);
	if (mode & 0007)
		report(dr, world, what, buf_cstr(&fix), "%s is mode %04o: other users can read it",
		       path, mode);
	else if (mode & 0020)
		report(dr, WARN, what, buf_cstr(&fix), "%s is mode %04o: its group can write it",
		       path, mode);
	else
		report(dr, OK, what, NULL, "%s mode %04o", path, mode);
	buf_free(&fix);
}

static void check_disk(struct doctor *dr, const char *path)
{
	struct statvfs vs;
	if (statvfs(path, &vs) != 0) {
		report(dr, WARN, "disk", NULL, "cannot measure free space of %s: %s", path,
		       strerror(errno));
		return;
	}
	double avail = (double)vs.f_bavail * (double)vs.f_frsize;
	double total = (double)vs.f_blocks * (double)vs.f_frsize;
	double pct = total > 0 ? 100.0 * avail / total : 0;
	const char *fix = "free space (old backups, logs) or grow the file system";
	if (avail < 100.0 * 1024 * 1024)
		report(dr, FAIL, "disk", fix, "%.0f MiB free on %s (%.0f%%)", avail / 1048576, path,
		       pct);
	else if (avail < 1024.0 * 1024 * 1024 || pct < 5)
		report(dr, WARN, "disk", fix, "%.1f GiB free on %s (%.0f%%)", avail / 1073741824,
		       path, pct);
	else
		report(dr, OK, "disk", NULL, "%.1f GiB free on %s (%.0f%%)", avail / 1073741824,
		       path, pct);
}

static void check_media(struct doctor *dr, const char *dir)
{
	struct stat sb;
	if (!dir) {
		report(dr, WARN, "media", "set media = DIR in the configuration",
		       "no media folder: uploads are off");
		return;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		struct buf fix = BUF_INIT;
		buf_printf(&fix, "mkdir -m 0750 '%s' and give it to the service user", dir);
		report(dr, FAIL, "media", buf_cstr(&fix), "media folder %s does not exist", dir);
		buf_free(&fix);
		return;
	}
	struct buf fix = BUF_INIT;
	buf_printf(&fix, "chmod 0750 '%s'", dir);
	if (sb.st_mode & 0002)
		report(dr, FAIL, "media", buf_cstr(&fix), "%s is world-writable (mode %04o)", dir,
		       (unsigned)(sb.st_mode & 0777));
	else if (access(dir, W_OK | X_OK) != 0)
		report(dr, FAIL, "media", "chown the folder to the user that runs gazette serve",
		       "%s is not writable by this user (uid %u)", dir, (unsigned)getuid());
	else
		report(dr, OK, "media", NULL, "%s exists and is writable (mode %04o)", dir,
		       (unsigned)(sb.st_mode & 0777));
	buf_free(&fix);
	check_disk(dr, dir);
}

/* Whether a process holds a flock(2) on the file at path: read from /proc/locks, so that the
 * doctor takes no lock a starting server could then find taken. */
static bool flock_held(const char *path)
{
	struct stat sb;
	FILE *f = stat(path, &sb) == 0 ? fopen("/proc/locks", "re") : NULL;
	if (!f)
		return false;
	char want[64], line[256];
	snprintf(want, sizeof want, " %02x:%02x:%llu ", major(sb.st_dev), minor(sb.st_dev),
		 (unsigned long long)sb.st_ino);
	bool held = false;
	while (!held && fgets(line, sizeof line, f))
		held = strstr(line, "FLOCK") && strstr(line, want);
	fclose(f);
	return held;
}

/*
 * PostgreSQL's search mirror (the search-mirror setting; src/cmd/serve.c): its folder can be
 * written, the file's size and whether a server holds it, and the free space beside it (the
 * mirror takes about what an SQLite site's database would). "auto" is search-mirror/mirror.db
 * in the working folder, which serve makes: here its parent must be writable. Under "auto" a
 * folder the server cannot write leaves the node without a mirror (a WARN); a named one stops
 * the server at start (a FAIL).
 */
static void check_mirror(struct doctor *dr, const char *setting, const char *url)
{
	if (!cmd_db_is_pg(url))
		return;
	if (!*setting || strcmp(setting, "off") == 0) {
		report(dr, OK, "mirror", NULL, "off: PostgreSQL answers searches and pages");
		return;
	}
	bool given = cmd_mirror_named(setting);
	enum verdict bad = given ? FAIL : WARN;
	const char *fix = given ? "make the folder and give it to the service user, or set "
				  "search-mirror to off"
				: "run the server in a folder it can write (the package's is "
				  "/var/lib/gazette), or set search-mirror to a file or to off";
	char *path = cmd_absolute(given ? setting : CMD_MIRROR_AUTO_DIR "/" CMD_MIRROR_AUTO_FILE);
	if (!path) {
		report(dr, WARN, "mirror", NULL, "cannot tell the working folder: %s",
		       strerror(errno));
		return;
	}
	char *dir = xstrdup(path);
	*strrchr(dir, '/') = '\0'; /* the path holds a slash: absolute, or cwd + "/" */
	const char *where = *dir ? dir : "/";
	struct stat sb;
	if (stat(where, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		/* auto: serve makes search-mirror/ in the working folder */
		char *parent = xstrdup(where);
		*strrchr(parent, '/') = '\0';
		const char *up = *parent ? parent : "/";
		if (given)
			report(dr, FAIL, "mirror", fix, "%s: the folder %s does not exist", path,
			       where);
		else if (access(up, W_OK | X_OK) != 0)
			report(dr, WARN, "mirror", fix, "%s: the folder %s cannot be made", path,
			       where);
		else {
			report(dr, OK, "mirror", NULL, "%s: not made yet (serve makes it at start)",
			       path);
			check_disk(dr, up);
		}
		free(parent);
		free(dir);
		free(path);
		return;
	}
	if (access(where, W_OK | X_OK) != 0) {
		report(dr, bad, "mirror", fix,
		       "%s: the folder %s cannot be written by this user (uid %u)", path, where,
		       (unsigned)getuid());
	} else if (stat(path, &sb) != 0) {
		report(dr, OK, "mirror", NULL, "%s: not made yet (a server makes it at start)",
		       path);
	} else {
		struct buf lock = BUF_INIT;
		buf_printf(&lock, "%s.lock", path);
		report(dr, OK, "mirror", NULL, "%s: %.0f MiB, %s", path,
		       (double)sb.st_size / 1048576,
		       flock_held(buf_cstr(&lock)) ? "in use by a running server"
						   : "no server holds it");
		buf_free(&lock);
	}
	check_disk(dr, where);
	free(dir);
	free(path);
}

/* The media module (src/mod/mod.h) loads and libvips starts: else images, PDFs and
 * spreadsheets fail at their first use in the server. */
static void check_images(struct doctor *dr)
{
	const char *path = mod_path();
	if (!path)
		report(dr, FAIL, "images", "reinstall gazette (or rebuild: ninja -C build)",
		       "the media module " GZ_MOD_FILE " is neither beside the program nor in %s",
		       GZ_MODDIR);
	else if (media_init("gazette") != 0)
		report(dr, FAIL, "images", "see the error above; reinstall gazette and libvips",
		       "%s does not load or libvips does not start", path);
	else
		report(dr, OK, "images", NULL, "%s loaded, libvips started", path);
}

static void check_clock(struct doctor *dr, struct cmd_dump_db *d)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	if (tm.tm_year + 1900 < 2024)
		report(dr, FAIL, "clock", "set the date (timedatectl set-ntp true)",
		       "the clock says %04d: it is not set", tm.tm_year + 1900);
	else if (access("/run/systemd/timesync/synchronized", F_OK) == 0)
		report(dr, OK, "clock", NULL, "synchronised (systemd-timesyncd)");
	else
		report(dr, WARN, "clock", "install systemd-timesyncd or chrony",
		       "not known to be synchronised by NTP (publication times and sessions "
		       "depend on it)");
	if (d && cmd_dump_is_pg(d)) {
		int64_t db_now = 0;
		struct buf err = BUF_INIT;
		if (cmd_dump_query_i64(d, "SELECT extract(epoch FROM now())::bigint", &db_now,
				       &err) == 0) {
			long long skew = (long long)(db_now - (int64_t)time(NULL));
			report(dr, llabs(skew) > 5 ? WARN : OK, "clock",
			       "synchronise both machines' clocks with NTP",
			       "database server clock differs by %lld s", skew);
		}
		buf_free(&err);
	}
}

static void check_timezone(struct doctor *dr, struct store *st)
{
	const char *tz = st ? cmd_site_tz(st) : "Asia/Ho_Chi_Minh";
	struct buf path = BUF_INIT;
	buf_printf(&path, "/usr/share/zoneinfo/%s", tz);
	if (strstr(tz, "..") || access(buf_cstr(&path), R_OK) != 0)
		report(dr, FAIL, "timezone",
		       "apt-get install tzdata, or fix the site's time zone in "
		       "/admin/settings",
		       "the site's time zone '%s' is unknown to this system", tz);
	else
		report(dr, OK, "timezone", NULL, "%s", tz);
	buf_free(&path);
}

static int latest_version(bool pg)
{
	return pg ? pg_schema_latest() : sq_schema_latest();
}

static struct cmd_dump_db *check_database(struct doctor *dr, const char *url, struct store **st)
{
	struct cmd_dump_db *d = NULL;
	struct buf err = BUF_INIT;
	const char *path = strncmp(url, "postgres", 8) == 0  ? NULL
			   : strncmp(url, "sqlite:", 7) == 0 ? url + 7
							     : url;
	struct stat sb;
	if (path && stat(path, &sb) != 0) {
		report(dr, FAIL, "database", "create it with gazette init --db DB",
		       "%s does not exist", path);
		return NULL;
	}
	if (cmd_dump_open(url, false, &d, &err) != 0) {
		report(dr, FAIL, "database",
		       "check the address, the password and that the server runs", "%s",
		       buf_cstr(&err));
		buf_free(&err);
		return NULL;
	}
	int64_t v = 0;
	if (cmd_dump_query_i64(d, "SELECT max(version) FROM schema_migrations", &v, &err) != 0) {
		report(dr, FAIL, "schema", "create the schema with gazette init --db DB", "%s",
		       buf_cstr(&err));
	} else {
		int want = latest_version(cmd_dump_is_pg(d));
		if (v < want)
			report(dr, WARN, "schema", "run gazette init --db DB (serve does it too)",
			       "version %lld, this gazette migrates it to %d", (long long)v, want);
		else if (v > want)
			report(dr, FAIL, "schema", "install the newer gazette that wrote it",
			       "version %lld is newer than this gazette knows (%d)", (long long)v,
			       want);
		else
			report(dr, OK, "schema", NULL, "version %lld (current)", (long long)v);
		if (v == want && store_open(url, false, st, &err) == STORE_OK) {
			int64_t n = 0;
			cmd_dump_query_i64(d, "SELECT count(*) FROM articles", &n, &err);
			report(dr, OK, "database", NULL, "%s reachable, %lld articles",
			       cmd_dump_is_pg(d) ? "PostgreSQL" : "SQLite", (long long)n);
		} else if (v == want) {
			report(dr, FAIL, "database", NULL, "%s", buf_cstr(&err));
		}
	}
	if (path) {
		check_mode(dr, "db mode", path, FAIL);
		struct buf wal = BUF_INIT;
		buf_printf(&wal, "%s-wal", path);
		check_mode(dr, "db mode", buf_cstr(&wal), FAIL);
		buf_free(&wal);
		char *dir = xstrdup(path);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		check_disk(dr, slash ? dir : ".");
		free(dir);
	}
	buf_free(&err);
	return d;
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
						 {"config", required_argument, NULL, 'c'},
						 {"media", required_argument, NULL, 'm'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	const char *db = NULL, *file = NULL, *media_flag = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'c')
			file = optarg;
		else if (c == 'm')
			media_flag = optarg;
		else
			return usage();
	}
	if (optind != argc)
		return usage();
	struct doctor dr = {0};
	size_t n;
	const struct cfg_opt *o = cmd_serve_options(&n);
	struct cfg_val *v = xcalloc(n, sizeof *v);
	struct buf err = BUF_INIT;
	cfg_defaults(o, n, v);
	if (file) {
		if (cfg_load_file(o, n, v, file, &err) != 0)
			report(&dr, FAIL, "config", "correct the line named", "%s", buf_cstr(&err));
		else
			report(&dr, OK, "config", NULL, "%s is valid", file);
		check_mode(&dr, "config", file, WARN);
	}
	buf_reset(&err);
	if (cfg_load_env(o, n, v, &err) != 0)
		report(&dr, FAIL, "config", "correct the GAZETTE_ variable", "%s", buf_cstr(&err));
	const char *url = db && *db ? db : *setting(o, n, v, "db") ? setting(o, n, v, "db") : NULL;
	url = cmd_db_url(url);
	struct buf theme = BUF_INIT;
	if (*setting(o, n, v, "theme"))
		buf_puts(&theme, setting(o, n, v, "theme"));
	else
		buf_printf(&theme, "%s/theme", paths_share());
	struct stat sb;
	buf_puts(&theme, "/templates");
	if (stat(buf_cstr(&theme), &sb) == 0 && S_ISDIR(sb.st_mode))
		report(&dr, OK, "theme", NULL, "%s", buf_cstr(&theme));
	else
		report(&dr, FAIL, "theme", "set theme = DIR, or reinstall the package",
		       "no templates in %s", buf_cstr(&theme));
	struct store *st = NULL;
	struct cmd_dump_db *d = NULL;
	if (!url)
		report(&dr, FAIL, "database",
		       "give --db, set db = ... in the configuration or "
		       "GAZETTE_DB",
		       "no database named");
	else
		d = check_database(&dr, url, &st);
	const char *media_cfg = media_flag ? media_flag : setting(o, n, v, "media");
	char *media = url ? cmd_dump_media_dir(media_cfg, url) : NULL;
	check_media(&dr, media);
	check_mirror(&dr, setting(o, n, v, "search-mirror"), url);
	check_images(&dr);
	check_timezone(&dr, st);
	check_clock(&dr, d);
	printf("%d failed, %d warnings\n", dr.fails, dr.warns);
	free(media);
	cmd_dump_close(d);
	store_close(st);
	buf_free(&theme);
	buf_free(&err);
	cfg_free(n, v);
	free(v);
	return dr.fails ? EXIT_FAIL : EXIT_OK;
}
