/* View counting: an open-addressing table of pending counts, swapped out and flushed each interval.
 */
#include "site/views.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/buf.h"
#include "core/log.h"
#include "vi/vi.h"

struct table {
	struct view_delta *slots; /* article_id 0 marks an empty slot */
	size_t cap, used;
};

struct views {
	struct store *st;
	views_sink sink;
	const char *what; /* "views", "downloads": for the log */
	unsigned interval_ms;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct table pending;
	bool stopping;
	bool failing; /* the last flush failed: say so once, and once more when it works again */
	pthread_t thread;
	char *spool; /* file keeping the counts a stop could not write, or NULL */
	/* for views_stats, under mu: counts in pending, when the oldest came (CLOCK_MONOTONIC
	 * ns, 0 when none), flushes written and failed */
	int64_t npending, oldest_ns, flushes, failures;
};

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static size_t slot_of(int64_t id, size_t cap)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 17) & (cap - 1);
}

static void table_add(struct table *t, int64_t id, int64_t n);

static void table_grow(struct table *t)
{
	struct table big = {xcalloc(t->cap ? t->cap * 2 : 256, sizeof(struct view_delta)),
			    t->cap ? t->cap * 2 : 256, 0};
	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i].article_id)
			table_add(&big, t->slots[i].article_id, t->slots[i].n);
	free(t->slots);
	*t = big;
}

static void table_add(struct table *t, int64_t id, int64_t n)
{
	if ((t->used + 1) * 4 > t->cap * 3)
		table_grow(t);
	size_t i = slot_of(id, t->cap);
	while (t->slots[i].article_id && t->slots[i].article_id != id)
		i = (i + 1) & (t->cap - 1);
	if (!t->slots[i].article_id) {
		t->slots[i].article_id = id;
		t->used++;
	}
	t->slots[i].n += n;
}

void views_hit(struct views *v, int64_t id)
{
	if (id <= 0)
		return;
	pthread_mutex_lock(&v->mu);
	table_add(&v->pending, id, 1);
	if (v->npending++ == 0)
		v->oldest_ns = mono_ns();
	pthread_mutex_unlock(&v->mu);
}

int64_t views_pending(struct views *v, int64_t id)
{
	int64_t n = 0;
	pthread_mutex_lock(&v->mu);
	struct table *t = &v->pending;
	if (t->cap) {
		size_t i = slot_of(id, t->cap);
		while (t->slots[i].article_id && t->slots[i].article_id != id)
			i = (i + 1) & (t->cap - 1);
		n = t->slots[i].n;
	}
	pthread_mutex_unlock(&v->mu);
	return n;
}

void views_stats(struct views *v, struct views_stats *out)
{
	pthread_mutex_lock(&v->mu);
	out->pending = v->npending;
	out->pending_ids = (int64_t)v->pending.used;
	out->lag_seconds = v->npending ? (double)(mono_ns() - v->oldest_ns) / 1e9 : 0.0;
	out->flushes = v->flushes;
	out->failures = v->failures;
	pthread_mutex_unlock(&v->mu);
}

/* Today in the site's time zone (the "timezone" setting) as YYYYMMDD: the day a flush counts in. */
static int32_t site_day(struct store *st)
{
	struct arena *a = arena_new();
	const char *tz = NULL;
	if (store_setting_get(st, a, "timezone", &tz) != STORE_OK || !tz || !*tz)
		tz = "Asia/Ho_Chi_Minh";
	struct vi_tm tm;
	vi_localtime(store_now(), tz, &tm);
	arena_free(a);
	return (int32_t)(tm.year * 10000 + tm.month * 100 + tm.day);
}

int views_flush(struct views *v)
{
	pthread_mutex_lock(&v->mu);
	struct table t = v->pending;
	memset(&v->pending, 0, sizeof v->pending);
	int64_t taken = v->npending, oldest = v->oldest_ns;
	v->npending = 0;
	v->oldest_ns = 0;
	pthread_mutex_unlock(&v->mu);
	if (t.used == 0) {
		free(t.slots);
		return 0;
	}
	/* Compact the used slots so the store gets a plain array. */
	size_t n = 0;
	for (size_t i = 0; i < t.cap; i++)
		if (t.slots[i].article_id)
			t.slots[n++] = t.slots[i];
	enum store_rc rc = v->sink(v->st, t.slots, n);
	if (rc != STORE_OK) {
		/* Nothing was written (one transaction): put the counts back for the next try. */
		pthread_mutex_lock(&v->mu);
		for (size_t i = 0; i < n; i++)
			table_add(&v->pending, t.slots[i].article_id, t.slots[i].n);
		if (v->npending == 0 || oldest < v->oldest_ns)
			v->oldest_ns = oldest;
		v->npending += taken;
		v->failures++;
		pthread_mutex_unlock(&v->mu);
		if (!v->failing)
			log_warn("%s: cannot write counts (%s); keeping them until it works again",
				 v->what, store_rc_str(rc));
		v->failing = true;
	} else {
		pthread_mutex_lock(&v->mu);
		v->flushes++;
		pthread_mutex_unlock(&v->mu);
		if (v->failing)
			log_info("%s: writing counts again", v->what);
		v->failing = false;
	}
	free(t.slots);
	return rc == STORE_OK ? 0 : -1;
}

static void *flusher(void *arg)
{
	struct views *v = arg;
	pthread_mutex_lock(&v->mu);
	while (!v->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += v->interval_ms / 1000;
		ts.tv_nsec += (long)(v->interval_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&v->cv, &v->mu, &ts);
		if (v->stopping)
			break;
		pthread_mutex_unlock(&v->mu);
		views_flush(v);
		pthread_mutex_lock(&v->mu);
	}
	pthread_mutex_unlock(&v->mu);
	return NULL;
}

/* Articles' views also go to the daily counts of the site's day. */
static enum store_rc article_sink(struct store *st, const struct view_delta *d, size_t n)
{
	return store_views_add_day(st, d, n, site_day(st));
}

struct views *views_start(struct store *st, unsigned interval_ms)
{
	return views_start_sink(st, interval_ms, article_sink, "views");
}

struct views *views_start_sink(struct store *st, unsigned interval_ms, views_sink sink,
			       const char *what)
{
	struct views *v = xcalloc(1, sizeof(*v));
	v->st = st;
	v->sink = sink;
	v->what = what;
	v->interval_ms = interval_ms ? interval_ms : 1000;
	pthread_mutex_init(&v->mu, NULL);
	pthread_cond_init(&v->cv, NULL);
	if (pthread_create(&v->thread, NULL, flusher, v) != 0) {
		log_error("%s: cannot start the flush thread", what);
		abort();
	}
	return v;
}

/* Writes the pending counts to the spool file (a temporary name, then renamed). */
static int spool_write(struct views *v)
{
	if (!v->spool)
		return -1;
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.tmp", v->spool);
	FILE *f = fopen(buf_cstr(&tmp), "w");
	int rc = f ? 0 : -1;
	for (size_t i = 0; f && i < v->pending.cap; i++)
		if (v->pending.slots[i].article_id &&
		    fprintf(f, "%" PRId64 " %" PRId64 "\n", v->pending.slots[i].article_id,
			    v->pending.slots[i].n) < 0)
			rc = -1;
	if (f && fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(buf_cstr(&tmp), v->spool) != 0)
		rc = -1;
	if (rc != 0)
		remove(buf_cstr(&tmp));
	buf_free(&tmp);
	return rc;
}

void views_spool(struct views *v, const char *path)
{
	pthread_mutex_lock(&v->mu);
	free(v->spool);
	v->spool = xstrdup(path);
	FILE *f = fopen(path, "r");
	size_t n = 0;
	if (f) {
		int64_t id, count;
		while (fscanf(f, "%" SCNd64 " %" SCNd64, &id, &count) == 2)
			if (id > 0 && count > 0) {
				table_add(&v->pending, id, count);
				if (v->npending == 0)
					v->oldest_ns = mono_ns();
				v->npending += count;
				n++;
			}
		fclose(f);
		remove(path); /* the counts are pending in memory now */
	}
	pthread_mutex_unlock(&v->mu);
	if (n)
		log_info("views: %zu articles' counts from the last run are pending", n);
}

void views_stop(struct views *v)
{
	if (!v)
		return;
	pthread_mutex_lock(&v->mu);
	v->stopping = true;
	pthread_cond_signal(&v->cv);
	pthread_mutex_unlock(&v->mu);
	pthread_join(v->thread, NULL);
	/* With a spool file, a database that stays down costs a second, not ten. */
	for (int i = 0; i < (v->spool ? 5 : 50) && views_flush(v) != 0; i++) {
		struct timespec ts = {0, 200 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (v->pending.used && spool_write(v) == 0)
		log_warn("%s: %zu counts kept in %s until the database is back", v->what,
			 v->pending.used, v->spool);
	else if (v->pending.used)
		log_error("%s: %zu counts could not be written", v->what, v->pending.used);
	free(v->pending.slots);
	free(v->spool);
	pthread_cond_destroy(&v->cv);
	pthread_mutex_destroy(&v->mu);
	free(v);
}

/* ASCII lower case (strncasecmp's folding in the C locale) of s[0..n) into out, NUL-terminated. */
static void lower_ascii(char *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	out[n] = '\0';
}

static bool match_crawler(const char *ua, const char *patterns);

/* Recent answers per thread: browsers send a few User-Agent strings many times over, and every
 * cached article request asks (twice: its view and the visitor counter), so a repeated one costs
 * a hash and a compare instead of a search per pattern (a sixth of a cached page's instructions
 * before). Keyed by the whole string and the pattern list it was matched against. */
enum { UA_MEMO = 16, UA_MEMO_MAX = 256 };
struct ua_memo {
	const char *patterns;
	size_t plen, len;
	bool crawler;
	char ua[UA_MEMO_MAX];
};
static _Thread_local struct ua_memo ua_memo[UA_MEMO];

bool views_is_crawler(const char *ua, const char *patterns)
{
	if (!ua || !*ua || !patterns)
		return false;
	size_t n = 0;
	uint32_t h = 2166136261u;
	for (; ua[n] && n < UA_MEMO_MAX; n++)
		h = (h ^ (unsigned char)ua[n]) * 16777619u;
	if (ua[n])
		return match_crawler(ua, patterns); /* too long to keep */
	struct ua_memo *m = &ua_memo[h % UA_MEMO];
	size_t plen = strlen(patterns);
	if (m->patterns == patterns && m->plen == plen && m->len == n && memcmp(m->ua, ua, n) == 0)
		return m->crawler;
	bool crawler = match_crawler(ua, patterns);
	m->patterns = patterns;
	m->plen = plen;
	m->len = n;
	m->crawler = crawler;
	memcpy(m->ua, ua, n);
	return crawler;
}

/* The User-Agent is folded once and each pattern is looked for with strstr, rather than compared
 * at every position of it. */
static bool match_crawler(const char *ua, const char *patterns)
{
	char low[1024], pat[128];
	size_t ulen = strlen(ua);
	bool fast = ulen < sizeof low;
	if (fast)
		lower_ascii(low, ua, ulen);
	const char *p = patterns;
	while (*p) {
		while (*p == ',' || *p == ' ')
			p++;
		const char *end = p;
		while (*end && *end != ',')
			end++;
		size_t n = (size_t)(end - p);
		while (n && p[n - 1] == ' ')
			n--;
		if (n && fast && n < sizeof pat) {
			lower_ascii(pat, p, n);
			if (strstr(low, pat))
				return true;
		} else if (n) {
			for (const char *u = ua; *u; u++)
				if (strncasecmp(u, p, n) == 0)
					return true;
		}
		p = end;
	}
	return false;
}
