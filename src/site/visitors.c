/* The visitor counter: an open-addressing table of visitors seen since the last flush. */
#include "site/visitors.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "vi/vi.h"

struct slot {
	uint64_t vid; /* 0 marks an empty slot */
	int64_t seen;
};

struct table {
	struct slot *slots;
	size_t cap, used;
};

struct visitors {
	struct store *st;
	unsigned interval_ms;
	unsigned char key[crypto_shorthash_KEYBYTES];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct table pending;
	bool stopping;
	bool failing;
	pthread_t thread;
};

static void table_put(struct table *t, uint64_t vid, int64_t seen);

static void table_grow(struct table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 256;
	struct table big = {xcalloc(cap, sizeof(struct slot)), cap, 0};
	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i].vid)
			table_put(&big, t->slots[i].vid, t->slots[i].seen);
	free(t->slots);
	*t = big;
}

static void table_put(struct table *t, uint64_t vid, int64_t seen)
{
	if ((t->used + 1) * 4 > t->cap * 3)
		table_grow(t);
	size_t i = (size_t)(vid >> 7) & (t->cap - 1);
	while (t->slots[i].vid && t->slots[i].vid != vid)
		i = (i + 1) & (t->cap - 1);
	if (!t->slots[i].vid) {
		t->slots[i].vid = vid;
		t->used++;
	}
	if (seen > t->slots[i].seen)
		t->slots[i].seen = seen;
}

void visitors_hit(struct visitors *v, const char *address, const char *user_agent, int64_t now)
{
	/* SipHash of "address \n user agent": cheap, keyed, and no address is ever stored. */
	size_t na = address ? strlen(address) : 0, nu = user_agent ? strlen(user_agent) : 0;
	if (nu > 512)
		nu = 512;
	unsigned char in[64 + 1 + 512];
	if (na > 64)
		na = 64;
	if (na)
		memcpy(in, address, na);
	in[na] = '\n';
	if (nu)
		memcpy(in + na + 1, user_agent, nu);
	uint64_t vid;
	crypto_shorthash((unsigned char *)&vid, in, na + 1 + nu, v->key);
	vid &= 0x7fffffffffffffffull; /* a positive BIGINT */
	if (!vid)
		vid = 1;
	pthread_mutex_lock(&v->mu);
	table_put(&v->pending, vid, now);
	pthread_mutex_unlock(&v->mu);
}

/* Days since 1970-01-01 of t's local date in tz, and of the first of its month. */
static int64_t local_day(int64_t t, const char *tz, int64_t *month_first)
{
	struct vi_tm tm;
	vi_localtime(t, tz, &tm);
	int64_t local = t + tm.utc_offset;
	int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	if (month_first)
		*month_first = day - (tm.day - 1);
	return day;
}

static const char *site_tz(struct store *st, struct arena *a)
{
	const char *tz = NULL;
	if (store_setting_get(st, a, "timezone", &tz) != STORE_OK || !tz || !vi_tz_valid(tz))
		tz = "Asia/Ho_Chi_Minh";
	return tz;
}

int visitors_flush(struct visitors *v)
{
	pthread_mutex_lock(&v->mu);
	struct table t = v->pending;
	memset(&v->pending, 0, sizeof v->pending);
	pthread_mutex_unlock(&v->mu);
	if (t.used == 0) {
		free(t.slots);
		return 0;
	}
	struct arena *a = arena_new();
	const char *tz = site_tz(v->st, a);
	struct visitor_hit *h = xcalloc(t.used, sizeof *h);
	size_t n = 0;
	int64_t newest = 0;
	for (size_t i = 0; i < t.cap; i++) {
		if (!t.slots[i].vid)
			continue;
		h[n].vid = (int64_t)t.slots[i].vid;
		h[n].seen = t.slots[i].seen;
		h[n].day = local_day(t.slots[i].seen, tz, NULL);
		newest = h[n].seen > newest ? h[n].seen : newest;
		n++;
	}
	/* Keep yesterday's visitors (online spans midnight), forget older ones. */
	enum store_rc rc = store_visitors_add(v->st, h, n, local_day(newest, tz, NULL) - 1);
	if (rc != STORE_OK) {
		pthread_mutex_lock(&v->mu);
		for (size_t i = 0; i < n; i++)
			table_put(&v->pending, (uint64_t)h[i].vid, h[i].seen);
		pthread_mutex_unlock(&v->mu);
		if (!v->failing)
			log_warn(
			    "visitors: cannot write the counter (%s); keeping it until it works "
			    "again",
			    store_rc_str(rc));
		v->failing = true;
	} else if (v->failing) {
		log_info("visitors: writing the counter again");
		v->failing = false;
	}
	free(h);
	free(t.slots);
	arena_free(a);
	return rc == STORE_OK ? 0 : -1;
}

static void *flusher(void *arg)
{
	struct visitors *v = arg;
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
		visitors_flush(v);
		pthread_mutex_lock(&v->mu);
	}
	pthread_mutex_unlock(&v->mu);
	return NULL;
}

struct visitors *visitors_start(struct store *st, unsigned interval_ms, const char *key)
{
	struct visitors *v = xcalloc(1, sizeof(*v));
	v->st = st;
	v->interval_ms = interval_ms ? interval_ms : 1000;
	crypto_generichash(v->key, sizeof v->key, (const unsigned char *)key, key ? strlen(key) : 0,
			   (const unsigned char *)"gazette-visitors", 16);
	pthread_mutex_init(&v->mu, NULL);
	pthread_cond_init(&v->cv, NULL);
	if (pthread_create(&v->thread, NULL, flusher, v) != 0) {
		log_error("visitors: cannot start the flush thread");
		abort();
	}
	return v;
}

void visitors_stop(struct visitors *v)
{
	if (!v)
		return;
	pthread_mutex_lock(&v->mu);
	v->stopping = true;
	pthread_cond_signal(&v->cv);
	pthread_mutex_unlock(&v->mu);
	pthread_join(v->thread, NULL);
	for (int i = 0; i < 50 && visitors_flush(v) != 0; i++) {
		struct timespec ts = {0, 200 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	free(v->pending.slots);
	pthread_cond_destroy(&v->cv);
	pthread_mutex_destroy(&v->mu);
	free(v);
}

enum store_rc visitors_counts(struct store *st, int64_t now, const char *tz,
			      struct visitor_counts *out)
{
	int64_t first;
	int64_t today = local_day(now, tz, &first);
	return store_visitors_counts(st, now - VISITORS_ONLINE_SECONDS, today, first, out);
}
