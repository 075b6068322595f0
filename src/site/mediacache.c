/* The media folder as a bounded cache of the files kept in the database (mediacache.h). */
#define _XOPEN_SOURCE 700
#include "site/mediacache.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "media/thumb.h"

/* A file used again after this many seconds is marked as used (its access time set). */
#define TOUCH_EVERY 60
/* A trim goes down to this share of the limit, so that it does not run on every fetch. */
#define TRIM_TO(limit) ((limit) / 10 * 9)
/* Files fetched or written by another thread (a private name) are left alone this long. */
#define TEMP_GRACE 3600

static bool on;
static char *cache_dir;
static uint64_t limit_bytes;
static atomic_uint_fast64_t used, fetches;
static pthread_mutex_t trim_mu = PTHREAD_MUTEX_INITIALIZER;

uint64_t mcache_bytes(void)
{
	return (uint64_t)atomic_load(&used);
}

uint64_t mcache_fetches(void)
{
	return (uint64_t)atomic_load(&fetches);
}

/* --- walking the folder (nftw has no context argument: under trim_mu) --- */

struct entry {
	char *path;
	struct timespec used; /* the later of the access and modification times */
	uint64_t size;
};

static struct entry *walk_v;
static size_t walk_n, walk_cap;
static uint64_t walk_total;

static bool private_name(const char *path)
{
	return strstr(path, ".fetch-") || strstr(path, ".tmp.") || strstr(path, ".clean-");
}

static struct timespec later(struct timespec x, struct timespec y)
{
	return x.tv_sec > y.tv_sec || (x.tv_sec == y.tv_sec && x.tv_nsec > y.tv_nsec) ? x : y;
}

static int walk_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type != FTW_F || !S_ISREG(sb->st_mode))
		return 0;
	walk_total += (uint64_t)sb->st_size;
	if (private_name(path) && time(NULL) - sb->st_mtime < TEMP_GRACE)
		return 0;
	if (walk_n == walk_cap) {
		size_t cap = walk_cap ? walk_cap * 2 : 256;
		struct entry *v = realloc(walk_v, cap * sizeof *v);
		if (!v)
			return 1;
		walk_v = v;
		walk_cap = cap;
	}
	walk_v[walk_n++] = (struct entry){.path = strdup(path),
					  .used = later(sb->st_atim, sb->st_mtim),
					  .size = (uint64_t)sb->st_size};
	return 0;
}

static void walk_free(void)
{
	for (size_t i = 0; i < walk_n; i++)
		free(walk_v[i].path);
	free(walk_v);
	walk_v = NULL;
	walk_n = walk_cap = 0;
	walk_total = 0;
}

static int by_atime(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	if (a->used.tv_sec != b->used.tv_sec)
		return a->used.tv_sec < b->used.tv_sec ? -1 : 1;
	return a->used.tv_nsec < b->used.tv_nsec ? -1 : a->used.tv_nsec > b->used.tv_nsec;
}

/* Deletes the least recently used files until the folder is back under TRIM_TO of its limit; a
 * file goes only when the database holds it (the folder may have been a media folder once), and
 * never keep (the file a request is about to serve). */
static void trim(struct store *st, const char *keep)
{
	if (!on || !limit_bytes || atomic_load(&used) <= limit_bytes)
		return;
	if (pthread_mutex_trylock(&trim_mu) != 0)
		return; /* another thread trims */
	walk_free();
	if (nftw(cache_dir, walk_one, 16, FTW_PHYS) != 0)
		log_warn("media cache: cannot read all of '%s'", cache_dir);
	qsort(walk_v, walk_n, sizeof *walk_v, by_atime);
	uint64_t total = walk_total, removed = 0;
	size_t skip = strlen(cache_dir) + 1;
	for (size_t i = 0; i < walk_n && total > TRIM_TO(limit_bytes); i++) {
		const char *rel = walk_v[i].path + skip;
		if (keep && strcmp(walk_v[i].path, keep) == 0)
			continue;
		struct arena *a = arena_new();
		struct media_blob b;
		bool stored = private_name(rel) || store_blob_stat(st, a, rel, &b) == STORE_OK;
		arena_free(a);
		if (stored && unlink(walk_v[i].path) == 0) {
			total -= walk_v[i].size;
			removed++;
		}
	}
	atomic_store(&used, total);
	log_info("media cache: %llu files removed, %llu MB kept in '%s'",
		 (unsigned long long)removed, (unsigned long long)(total >> 20), cache_dir);
	walk_free();
	pthread_mutex_unlock(&trim_mu);
}

void mcache_configure(struct store *st, const char *dir, uint64_t max_bytes)
{
	if (!dir || !store_media_blobs(st))
		return;
	pthread_mutex_lock(&trim_mu);
	free(cache_dir);
	cache_dir = strdup(dir);
	limit_bytes = max_bytes;
	on = cache_dir != NULL;
	walk_free();
	if (on && nftw(cache_dir, walk_one, 16, FTW_PHYS) != 0)
		log_warn("media cache: cannot read all of '%s'", cache_dir);
	atomic_store(&used, walk_total);
	walk_free();
	pthread_mutex_unlock(&trim_mu);
	log_info("media cache: '%s' holds %llu MB (limit %llu MB); media files are kept in the "
		 "database",
		 dir, (unsigned long long)(atomic_load(&used) >> 20),
		 (unsigned long long)(max_bytes >> 20));
	trim(st, NULL);
}

/* Marks a cached file as used: its access time, at most once a minute (ETags do not read it). */
static void touch(const char *path, const struct stat *sb)
{
	if (!on || time(NULL) - sb->st_atime < TOUCH_EVERY)
		return;
	const struct timespec ts[2] = {{.tv_nsec = UTIME_NOW}, {.tv_nsec = UTIME_OMIT}};
	utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW);
}

/* Copies stored file b to path: a private file beside it, checked, synced, then renamed, so that
 * a reader (or another thread fetching the same file) never sees half of it. */
static int fetch(struct store *st, struct arena *a, const struct media_blob *b, char *path)
{
	if (media_make_parents(path) != 0) {
		log_warn("media cache: cannot create the folders of '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	char *tmp = arena_printf(a, "%s.fetch-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		log_warn("media cache: cannot create '%s': %s", tmp, strerror(errno));
		return -1;
	}
	const char *why = NULL;
	enum store_rc rc = store_blob_fetch(st, b, fd, &why);
	int ok = rc == STORE_OK && fchmod(fd, 0640) == 0 && fdatasync(fd) == 0;
	if (close(fd) != 0)
		ok = 0;
	if (ok && rename(tmp, path) != 0)
		ok = 0;
	if (!ok) {
		unlink(tmp);
		if (rc == STORE_NOTFOUND)
			return 1; /* deleted meanwhile */
		log_warn("media cache: cannot fetch '%s' from the database: %s", b->path,
			 why              ? why
			 : rc != STORE_OK ? store_rc_str(rc)
					  : strerror(errno));
		return -1;
	}
	atomic_fetch_add(&used, (uint64_t)b->bytes);
	atomic_fetch_add(&fetches, 1);
	return 0;
}

int mcache_get(struct store *st, struct arena *a, const char *dir, const char *rel)
{
	char *path = arena_printf(a, "%s/%s", dir, rel);
	struct stat sb;
	if (lstat(path, &sb) == 0) {
		if (S_ISREG(sb.st_mode)) {
			touch(path, &sb);
			return 0;
		}
		log_warn("media cache: '%s' is not a regular file: neither served nor replaced",
			 path);
		return 1; /* a symbolic link put there is never followed, nor written through */
	}
	if (!store_media_blobs(st))
		return 1;
	struct media_blob b;
	enum store_rc rc = store_blob_stat(st, a, rel, &b);
	if (rc == STORE_NOTFOUND)
		return 1;
	if (rc != STORE_OK)
		return -1;
	int r = fetch(st, a, &b, path);
	if (r == 0)
		trim(st, path);
	return r;
}

int mcache_put(struct store *st, struct arena *a, const char *dir, const char *rel,
	       const char *mime, bool replace)
{
	if (!store_media_blobs(st))
		return 0;
	if (!mime)
		mime = "application/octet-stream";
	const char *path = arena_printf(a, "%s/%s", dir, rel);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		log_warn("media cache: cannot read '%s' to store it: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	enum store_rc rc = store_blob_put(st, rel, fd, mime, (int64_t)sb.st_mtime, replace);
	close(fd);
	if (rc != STORE_OK) {
		log_warn("media cache: cannot store '%s' in the database: %s", rel,
			 store_rc_str(rc));
		return -1;
	}
	atomic_fetch_add(&used, (uint64_t)sb.st_size);
	trim(st, path);
	return 0;
}

void mcache_drop_local(struct store *st, struct arena *a, const char *dir, const char *rel)
{
	if (store_media_blobs(st))
		unlink(arena_printf(a, "%s/%s", dir, rel));
}

void mcache_forget(struct store *st, struct arena *a, const char *dir, const char *rel)
{
	if (store_media_blobs(st) && store_blob_delete(st, rel) != STORE_OK)
		log_warn("media cache: cannot delete '%s' from the database", rel);
	if (dir)
		unlink(arena_printf(a, "%s/%s", dir, rel));
}
