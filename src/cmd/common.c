/* Helpers shared by the commands: errors, opening the store, passwords, progress lines. */
#include "cmd/cmd.h"

#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "admin/admin.h"
#include "api/api.h"
#include "core/buf.h"
#include "core/log.h"
#include "site/site.h"

int cmd_fail(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_puts(&b, "gazette: ");
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	buf_putc(&b, '\n');
	fputs(buf_cstr(&b), stderr);
	buf_free(&b);
	return EXIT_FAIL;
}

const char *cmd_db_url(const char *flag)
{
	if (flag && *flag)
		return flag;
	const char *env = getenv("GAZETTE_DB");
	return env && *env ? env : NULL;
}

struct store *cmd_open_store(const char *url, bool create)
{
	if (!url) {
		cmd_fail(
		    "no database: give --db sqlite:PATH (or postgresql://...) or set GAZETTE_DB");
		return NULL;
	}
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	/* An SQLite database (and its -wal and -shm files, which SQLite gives the database's mode)
	 * is created readable by its owner only: it holds password hashes and session digests.
	 * Commands open the store before any thread starts, so the process-wide umask is safe. */
	mode_t old = umask(077);
	enum store_rc rc = store_open(url, create, &st, &err);
	umask(old);
	if (rc != STORE_OK) {
		cmd_fail("%s", buf_cstr(&err));
		st = NULL;
	}
	buf_free(&err);
	return st;
}

const char *cmd_site_tz(struct store *st)
{
	static char tz[128];
	struct arena *a = arena_new();
	const char *v = NULL;
	if (store_setting_get(st, a, "timezone", &v) != STORE_OK || !v || !*v)
		v = "Asia/Ho_Chi_Minh";
	snprintf(tz, sizeof tz, "%s", v);
	arena_free(a);
	return tz;
}

int cmd_read_password_file(const char *path, char *out, size_t cap)
{
	bool std_in = strcmp(path, "-") == 0; /* "-": standard input (a pipe from a root script) */
	FILE *f = std_in ? stdin : fopen(path, "r");
	if (!f) {
		cmd_fail("cannot read password file '%s': %s", path, strerror(errno));
		return -1;
	}
	if (!fgets(out, (int)cap, f))
		out[0] = '\0';
	if (!std_in)
		fclose(f);
	out[strcspn(out, "\r\n")] = '\0';
	if (strlen(out) < 8) {
		cmd_fail("the password in '%s' is shorter than 8 characters", path);
		return -1;
	}
	return 0;
}

void cmd_random_password(char *out, size_t cap)
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t n = cap - 1 < 20 ? cap - 1 : 20;
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[n] = '\0';
}

static bool valid_name(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 64)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-'))
			return false;
	return true;
}

int cmd_user_create(struct store *st, const char *name, const char *role, const char *password)
{
	static const char *const roles[] = {"contributor", "editor", "publisher", "admin"};
	bool role_ok = false;
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		role_ok |= strcmp(role, roles[i]) == 0;
	if (!role_ok) {
		cmd_fail("unknown role '%s': use contributor, editor, publisher or admin", role);
		return -1;
	}
	if (!valid_name(name)) {
		cmd_fail("invalid user name '%s': use 1-64 letters, digits, '.', '_' or '-'", name);
		return -1;
	}
	char hash[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		cmd_fail("out of memory while hashing the password");
		return -1;
	}
	enum store_rc rc = store_user_add(st, name, name, role, hash, NULL);
	if (rc == STORE_CONFLICT) {
		cmd_fail("user '%s' already exists", name);
		return -1;
	}
	if (rc != STORE_OK) {
		cmd_fail("cannot add user '%s': %s", name, store_rc_str(rc));
		return -1;
	}
	return 0;
}

double cmd_now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cmd_progress_start(struct progress *p, long long total_bytes)
{
	p->tty = isatty(STDERR_FILENO);
	p->start = p->last = cmd_now_seconds();
	p->total_bytes = total_bytes;
}

void cmd_progress_update(struct progress *p, long long count, long long bytes_done,
			 const char *what)
{
	if (!p->tty)
		return;
	double now = cmd_now_seconds();
	if (now - p->last < 0.25)
		return;
	p->last = now;
	double elapsed = now - p->start;
	double rate = elapsed > 0 ? (double)count / elapsed : 0;
	fprintf(stderr, "\r%lld %s, %.0f/s", count, what, rate);
	if (p->total_bytes > 0 && bytes_done > 0) {
		double left = elapsed * (double)(p->total_bytes - bytes_done) / (double)bytes_done;
		fprintf(stderr, ", %d:%02d left", (int)left / 60, (int)left % 60);
	}
	fputs("   ", stderr);
	fflush(stderr);
}

void cmd_progress_end(struct progress *p)
{
	if (p->tty && p->last > p->start)
		fputs("\r\033[K", stderr);
}

const struct site_surface *const cmd_surfaces[] = {
    &api_surface, &admin_surface, &site_forms_surface, &site_poll_surface, &site_public_surface};
const size_t cmd_nsurfaces = sizeof cmd_surfaces / sizeof cmd_surfaces[0];

bool cmd_db_is_pg(const char *db)
{
	return db && (strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0);
}

char *cmd_absolute(const char *path)
{
	struct buf b = BUF_INIT;
	if (path[0] != '/') {
		char cwd[4096];
		if (!getcwd(cwd, sizeof cwd))
			return NULL;
		buf_printf(&b, "%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/");
	}
	buf_puts(&b, path);
	return buf_detach(&b);
}

bool cmd_mirror_named(const char *setting)
{
	return *setting && strcmp(setting, "off") != 0 && strcmp(setting, "auto") != 0;
}

char *cmd_folder_made(const char *want, const char *what, const char *off)
{
	char *path = cmd_absolute(want);
	if (!path) {
		log_warn("%s: cannot tell the working folder: %s", off, strerror(errno));
		return NULL;
	}
	for (char *s = strchr(path + 1, '/');; s = strchr(s + 1, '/')) {
		if (s)
			*s = '\0';
		int rc = mkdir(path, 0750);
		if (s)
			*s = '/';
		if (rc != 0 && errno != EEXIST) {
			log_warn("%s: cannot make %s '%s': %s", off, what, path, strerror(errno));
			free(path);
			return NULL;
		}
		if (!s)
			break;
	}
	return path;
}

char *cmd_media_cache(const char *flag, const char *media)
{
	const char *want = flag && *flag ? flag : media && *media ? media : "media-cache";
	return cmd_folder_made(want, "the media cache", "uploads are off");
}

char *cmd_media_folder(const char *flag, const char *db, bool create)
{
	if (*flag)
		return xstrdup(flag);
	if (!db || strstr(db, "://")) /* PostgreSQL, or a URL init will refuse */
		return NULL;
	const char *path = strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db;
	const char *slash = strrchr(path, '/');
	struct buf b = BUF_INIT;
	if (slash)
		buf_append(&b, path, (size_t)(slash - path + 1));
	buf_puts(&b, "media");
	struct stat sb;
	if ((create && mkdir(buf_cstr(&b), 0750) != 0 && errno != EEXIST) ||
	    stat(buf_cstr(&b), &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		if (create)
			log_warn("uploads are off: cannot use the media folder '%s'", buf_cstr(&b));
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

void cmd_search_merge(struct store *st, bool quiet)
{
	double t0 = cmd_now_seconds();
	bool done = true;
	enum store_rc rc = store_search_merge(st, false, 1, &done);
	if (rc == STORE_OK && !done) {
		if (!quiet)
			fputs("gazette: merging the search index into one segment\n", stderr);
		rc = store_search_merge(st, true, 0, &done);
		if (rc == STORE_OK && !quiet)
			fprintf(stderr, "gazette: merged the search index in %.1f s\n",
				cmd_now_seconds() - t0);
	}
	if (rc != STORE_OK)
		fprintf(
		    stderr,
		    "gazette: the search index was not merged (%s): searches work, more slowly, "
		    "until the server's upkeep or `gazette reindex --merge` merges it\n",
		    store_rc_str(rc));
}
