/* The page store: one file a page, named by a hash of the cache key, written by one thread.
 *
 * A file is "GZPAGE1\n", a line "status article_id content_hash key_len body_len", the content type
 * on a line, then the key and the body. It is written to a temporary name and renamed, so readers
 * see the old version or the new one, never half of one. The writer keeps an index of what it
 * stored (name hash, size, content hash, time written) to skip unchanged pages and to remove the
 * oldest files when the folder holds more than its limit.
 */
#include "site/pagestore.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

#define QUEUE_CAP 512
#define NBUCKETS 4096
#define MAGIC "GZPAGE1\n"
#define MAX_FILE ((size_t)64 << 20)
/* A page is written again at most this often (unless it is new): its ETag moves with the header
 * clock's data attributes, so "unchanged" alone would still write every page every second. */
#define REWRITE_NS ((int64_t)30 * 1000000000)

struct entry {
	uint64_t name; /* hash of the key: the file's name */
	uint64_t hash; /* content hash of what is stored */
	size_t size;   /* bytes on disk */
	int64_t stamp; /* when written (ns since the epoch): the oldest go first */
	struct entry *next;
};

struct page_store {
	char *dir;
	size_t max_bytes;
	pthread_t writer;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct cached_page *queue[QUEUE_CAP];
	size_t head, count;
	uint64_t dropped; /* offers refused on a full queue */
	bool stopping;
	/* the writer's own, but read under mu by pstore_stats */
	struct entry *buckets[NBUCKETS];
	size_t pages, bytes;
};

static uint64_t name_of(const char *key)
{
	uint64_t h = 14695981039346656037ull ^ 0x5eed;
	for (const unsigned char *s = (const unsigned char *)key; *s; s++) {
		h ^= *s;
		h *= 1099511628211ull;
	}
	return h;
}

static void path_of(const struct page_store *ps, uint64_t name, const char *suffix, char *out,
		    size_t cap)
{
	snprintf(out, cap, "%s/%016" PRIx64 "%s", ps->dir, name, suffix);
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct entry *find(struct page_store *ps, uint64_t name)
{
	for (struct entry *e = ps->buckets[name % NBUCKETS]; e; e = e->next)
		if (e->name == name)
			return e;
	return NULL;
}

/* Records (or updates) the index entry of name; under mu. */
static void index_put(struct page_store *ps, uint64_t name, uint64_t hash, size_t size,
		      int64_t stamp)
{
	struct entry *e = find(ps, name);
	if (!e) {
		e = xcalloc(1, sizeof(*e));
		e->name = name;
		e->next = ps->buckets[name % NBUCKETS];
		ps->buckets[name % NBUCKETS] = e;
		ps->pages++;
	} else {
		ps->bytes -= e->size;
	}
	e->hash = hash;
	e->size = size;
	e->stamp = stamp;
	ps->bytes += size;
}

static int by_stamp(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;
	return x->stamp < y->stamp ? -1 : x->stamp > y->stamp;
}

/* Removes the oldest files until the store holds at most 90 % of its limit. */
static void evict(struct page_store *ps)
{
	if (ps->bytes <= ps->max_bytes)
		return;
	struct entry **all = xmalloc(ps->pages * sizeof(*all));
	size_t n = 0;
	for (size_t b = 0; b < NBUCKETS; b++)
		for (struct entry *e = ps->buckets[b]; e; e = e->next)
			all[n++] = e;
	qsort(all, n, sizeof(*all), by_stamp);
	size_t target = ps->max_bytes / 10 * 9;
	for (size_t i = 0; i < n && ps->bytes > target; i++) {
		char path[4096];
		path_of(ps, all[i]->name, "", path, sizeof path);
		unlink(path);
		pthread_mutex_lock(&ps->mu);
		struct entry **pp = &ps->buckets[all[i]->name % NBUCKETS];
		while (*pp != all[i])
			pp = &(*pp)->next;
		*pp = all[i]->next;
		ps->bytes -= all[i]->size;
		ps->pages--;
		pthread_mutex_unlock(&ps->mu);
		free(all[i]);
	}
	free(all);
}

static uint64_t hash_of(const struct cached_page *cp)
{
	return strtoull(cp->etag + 1, NULL, 16);
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static void store_page(struct page_store *ps, const struct cached_page *cp)
{
	uint64_t name = name_of(cp->key), hash = hash_of(cp);
	struct entry *e = find(ps, name);
	if (e && (e->hash == hash || now_ns() - e->stamp < REWRITE_NS))
		return; /* the same content is stored already, or was a moment ago */
	char tmp[4096], path[4096];
	path_of(ps, name, ".tmp", tmp, sizeof tmp);
	path_of(ps, name, "", path, sizeof path);
	struct buf head = BUF_INIT;
	size_t key_len = strlen(cp->key);
	buf_printf(&head, MAGIC "%d %" PRId64 " %" PRIu64 " %zu %zu\n%s\n", cp->status,
		   cp->article_id, hash, key_len, cp->len, cp->content_type);
	buf_append(&head, cp->key, key_len);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	bool ok =
	    fd >= 0 && write_all(fd, buf_cstr(&head), head.len) && write_all(fd, cp->body, cp->len);
	if (fd >= 0)
		ok = close(fd) == 0 && ok;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		log_warn("page store: cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
	} else {
		pthread_mutex_lock(&ps->mu);
		index_put(ps, name, hash, head.len + cp->len, now_ns());
		pthread_mutex_unlock(&ps->mu);
		evict(ps);
	}
	buf_free(&head);
}

static void *writer(void *arg)
{
	struct page_store *ps = arg;
	pthread_mutex_lock(&ps->mu);
	for (;;) {
		while (!ps->count && !ps->stopping)
			pthread_cond_wait(&ps->cv, &ps->mu);
		if (!ps->count)
			break;
		struct cached_page *cp = ps->queue[ps->head];
		ps->head = (ps->head + 1) % QUEUE_CAP;
		ps->count--;
		pthread_mutex_unlock(&ps->mu);
		store_page(ps, cp);
		cache_release(cp);
		pthread_mutex_lock(&ps->mu);
	}
	pthread_mutex_unlock(&ps->mu);
	return NULL;
}

/* Reads the header of the file at path into out (without the body); returns the body's offset or
 * -1. key, when not NULL, must match the stored key. */
static long read_head(FILE *f, const char *key, struct stored_page *out, uint64_t *hash)
{
	char line[512];
	if (!fgets(line, sizeof line, f) || strcmp(line, MAGIC) != 0)
		return -1;
	size_t key_len, body_len;
	if (!fgets(line, sizeof line, f) ||
	    sscanf(line, "%d %" SCNd64 " %" SCNu64 " %zu %zu", &out->status, &out->article_id, hash,
		   &key_len, &body_len) != 5 ||
	    body_len > MAX_FILE || key_len > 65536)
		return -1;
	char type[256];
	if (!fgets(type, sizeof type, f) || !strchr(type, '\n'))
		return -1;
	*strchr(type, '\n') = '\0';
	out->content_type = xstrdup(type);
	out->len = body_len;
	char *k = xmalloc(key_len + 1);
	bool same = fread(k, 1, key_len, f) == key_len;
	k[key_len] = '\0';
	if (same && key)
		same = strcmp(k, key) == 0;
	free(k);
	if (!same) {
		free((char *)out->content_type);
		out->content_type = NULL;
		return -1;
	}
	return ftell(f);
}

/* Indexes the files a previous run left; removes temporary ones. */
static void scan(struct page_store *ps)
{
	DIR *d = opendir(ps->dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		char *end;
		if (strlen(n) < 16)
			continue;
		uint64_t name = strtoull(n, &end, 16);
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", ps->dir, n);
		if (end != n + 16 || (*end && strcmp(end, ".tmp") != 0))
			continue;
		if (*end) {
			unlink(path);
			continue;
		}
		struct stat sb;
		FILE *f = fopen(path, "rb");
		struct stored_page sp = {0};
		uint64_t hash = 0;
		if (f && fstat(fileno(f), &sb) == 0 && read_head(f, NULL, &sp, &hash) >= 0)
			index_put(ps, name, hash, (size_t)sb.st_size,
				  (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec);
		free((char *)sp.content_type);
		if (f)
			fclose(f);
	}
	closedir(d);
}

struct page_store *pstore_open(const char *dir, size_t max_bytes, struct buf *err)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		buf_printf(err, "cannot create the page store '%s': %s", dir, strerror(errno));
		return NULL;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		buf_printf(err, "cannot write to the page store '%s': %s", dir, strerror(errno));
		return NULL;
	}
	struct page_store *ps = xcalloc(1, sizeof(*ps));
	ps->dir = xstrdup(dir);
	ps->max_bytes = max_bytes;
	pthread_mutex_init(&ps->mu, NULL);
	pthread_cond_init(&ps->cv, NULL);
	scan(ps);
	evict(ps);
	if (pthread_create(&ps->writer, NULL, writer, ps) != 0) {
		log_error("page store: cannot start the writer");
		abort();
	}
	return ps;
}

void pstore_close(struct page_store *ps)
{
	if (!ps)
		return;
	pthread_mutex_lock(&ps->mu);
	ps->stopping = true;
	pthread_cond_signal(&ps->cv);
	pthread_mutex_unlock(&ps->mu);
	pthread_join(ps->writer, NULL);
	for (size_t b = 0; b < NBUCKETS; b++) {
		struct entry *e = ps->buckets[b];
		while (e) {
			struct entry *next = e->next;
			free(e);
			e = next;
		}
	}
	pthread_cond_destroy(&ps->cv);
	pthread_mutex_destroy(&ps->mu);
	free(ps->dir);
	free(ps);
}

void pstore_offer(struct page_store *ps, struct cached_page *cp)
{
	if (!ps || cp->len > MAX_FILE)
		return;
	pthread_mutex_lock(&ps->mu);
	if (ps->count < QUEUE_CAP && !ps->stopping) {
		cache_ref(cp);
		ps->queue[(ps->head + ps->count) % QUEUE_CAP] = cp;
		ps->count++;
		pthread_cond_signal(&ps->cv);
	} else if (!ps->stopping) {
		ps->dropped++;
	}
	pthread_mutex_unlock(&ps->mu);
}

/* Content types live as long as the process: the few a site sends are kept once. */
static const char *intern(const char *type)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static const char *known[32];
	static size_t n;
	const char *found = NULL;
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < n && !found; i++)
		if (strcmp(known[i], type) == 0)
			found = known[i];
	if (!found && n < sizeof known / sizeof known[0])
		found = known[n++] = xstrdup(type);
	pthread_mutex_unlock(&mu);
	return found;
}

int pstore_load(struct page_store *ps, const char *key, struct stored_page *out)
{
	if (!ps)
		return -1;
	char path[4096];
	path_of(ps, name_of(key), "", path, sizeof path);
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	memset(out, 0, sizeof(*out));
	int rc = -1;
	if (read_head(f, key, out, &out->content_hash) >= 0) {
		char *type = (char *)out->content_type;
		out->content_type = intern(type);
		free(type);
		out->body = xmalloc(out->len + 1);
		if (out->content_type && fread(out->body, 1, out->len, f) == out->len) {
			out->body[out->len] = '\0';
			rc = 0;
		} else {
			free(out->body);
			out->body = NULL;
		}
	}
	fclose(f);
	return rc;
}

void pstore_queue_stats(struct page_store *ps, size_t *queued, size_t *cap, uint64_t *dropped)
{
	pthread_mutex_lock(&ps->mu);
	*queued = ps->count;
	*cap = QUEUE_CAP;
	*dropped = ps->dropped;
	pthread_mutex_unlock(&ps->mu);
}

void pstore_stats(struct page_store *ps, size_t *pages, size_t *bytes)
{
	pthread_mutex_lock(&ps->mu);
	*pages = ps->pages;
	*bytes = ps->bytes;
	pthread_mutex_unlock(&ps->mu);
}
