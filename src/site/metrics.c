/* /metrics in Prometheus's text format (exposition format 0.0.4), for local scrapers only. Requests
 * are counted by the route table's pattern (never the raw URL: the label set is bounded by the
 * tables) and status class; latencies go to one histogram per surface, searches to one per kind;
 * the page cache, page store, view and download counters and the database pool are read as they
 * are at the scrape. docs/DEPLOY.md lists every metric. */
#include "site/site-int.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "site/mediacache.h"
#include "site/pagestore.h"

/* Upper bounds of the latency buckets in microseconds (le="0.0005" ... le="10"); +Inf is last. */
static const int64_t bucket_us[METRICS_BUCKETS - 1] = {500,     1000,    2500,    5000,    10000,
						       25000,   50000,   100000,  250000,  500000,
						       1000000, 2500000, 5000000, 10000000};
static const char *const bucket_le[METRICS_BUCKETS] = {
    "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
    "0.25",   "0.5",   "1",      "2.5",   "5",    "10",    "+Inf"};
static const char *const surface_names[METRICS_SURFACES] = {"site", "admin", "api"};

static int surface_index(const char *name)
{
	for (int i = 0; name && i < METRICS_SURFACES; i++)
		if (strcmp(name, surface_names[i]) == 0)
			return i;
	return 0;
}

void metrics_init(struct site *s)
{
	size_t slots = 0;
	s->m.route_base = xcalloc(s->nsurfaces ? s->nsurfaces : 1, sizeof *s->m.route_base);
	for (size_t i = 0; i < s->nsurfaces; i++) {
		s->m.route_base[i] = slots;
		slots += s->surfaces[i]->routes.n + 1; /* the last: requests no row took */
	}
	s->m.by_route = xcalloc(slots ? slots * 5 : 1, sizeof *s->m.by_route);
}

void metrics_free(struct site *s)
{
	free((void *)s->m.by_route);
	free(s->m.route_base);
}

static void hist_add(struct metrics_hist *h, int64_t elapsed_us)
{
	int b = 0;
	while (b < METRICS_BUCKETS - 1 && elapsed_us > bucket_us[b])
		b++;
	atomic_fetch_add(&h->buckets[b], 1);
	atomic_fetch_add(&h->sum_us, (unsigned long long)(elapsed_us > 0 ? elapsed_us : 0));
}

void site_count_search(struct site *s, enum site_search_kind kind, int64_t elapsed_us)
{
	if (s && (unsigned)kind < SITE_SEARCH_KINDS)
		hist_add(&s->m.search[kind], elapsed_us);
}

/* An upload: a multipart/form-data POST (media, videos, documents' files); its bytes as sent. */
static void count_upload(struct site *s, const struct http_req *req, int cls)
{
	if (!req || req->method != HTTP_POST ||
	    !http_is_multipart(http_header(req, "Content-Type")))
		return;
	atomic_fetch_add(&s->m.uploads[cls], 1);
	const char *len = http_header(req, "Content-Length");
	char *end = NULL;
	unsigned long long n = len ? strtoull(len, &end, 10) : 0;
	if (len && end != len && *end == '\0')
		atomic_fetch_add(&s->m.upload_bytes, n);
}

void metrics_request(struct site *s, const struct http_req *req, const struct site_surface *sf,
		     const struct route *row, int status, int64_t elapsed_us)
{
	int cls = status / 100;
	if (cls < 1 || cls > 5)
		return;
	atomic_fetch_add(&s->m.responses[cls], 1);
	count_upload(s, req, cls);
	for (size_t i = 0; sf && s->m.by_route && i < s->nsurfaces; i++) {
		if (s->surfaces[i] != sf)
			continue;
		const struct route_table *t = &sf->routes;
		size_t r =
		    row && row >= t->rows && row < t->rows + t->n ? (size_t)(row - t->rows) : t->n;
		atomic_fetch_add(&s->m.by_route[(s->m.route_base[i] + r) * 5 + (size_t)(cls - 1)],
				 1);
	}
	hist_add(&s->m.latency[surface_index(sf ? sf->routes.surface : NULL)], elapsed_us);
}

static bool local(const char *addr)
{
	return addr && (strcmp(addr, "127.0.0.1") == 0 || strcmp(addr, "::1") == 0 ||
			strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::ffff:127.0.0.1") == 0);
}

static void head(struct buf *b, const char *name, const char *type, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void one(struct buf *b, const char *name, const char *type, const char *help,
		unsigned long long v)
{
	head(b, name, type, help);
	buf_printf(b, "%s %llu\n", name, v);
}

/* A label value: backslash, double quote and newline escaped as the format says. */
static void label(struct buf *b, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			buf_putc(b, '\\');
		if (*v == '\n')
			buf_puts(b, "\\n");
		else
			buf_putc(b, *v);
	}
}

/* True when an earlier row (of this or an earlier surface of the same name) has this pattern:
 * its series holds this row's counts already. */
static bool seen_before(const struct site *s, size_t si, size_t ri)
{
	const char *name = s->surfaces[si]->routes.surface,
		   *pat = s->surfaces[si]->routes.rows[ri].pattern;
	for (size_t i = 0; i <= si; i++) {
		const struct route_table *t = &s->surfaces[i]->routes;
		if (strcmp(t->surface, name) != 0)
			continue;
		for (size_t r = 0; r < (i == si ? ri : t->n); r++)
			if (strcmp(t->rows[r].pattern, pat) == 0)
				return true;
	}
	return false;
}

/* The count of class c (0..4) over every row of surfaces named name with pattern pat (NULL: the
 * requests no row took). */
static unsigned long long route_count(const struct site *s, const char *name, const char *pat,
				      int c)
{
	unsigned long long n = 0;
	for (size_t i = 0; i < s->nsurfaces; i++) {
		const struct route_table *t = &s->surfaces[i]->routes;
		if (strcmp(t->surface, name) != 0)
			continue;
		for (size_t r = 0; r <= t->n; r++)
			if (pat ? r < t->n && strcmp(t->rows[r].pattern, pat) == 0 : r == t->n)
				n += atomic_load(&s->m.by_route[(s->m.route_base[i] + r) * 5 + c]);
	}
	return n;
}

static void route_series(struct buf *b, const struct site *s, const char *name, const char *pat)
{
	for (int c = 0; c < 5; c++) {
		unsigned long long n = route_count(s, name, pat, c);
		if (!n)
			continue;
		buf_printf(b, "gazette_http_requests_total{surface=\"%s\",route=\"", name);
		label(b, pat ? pat : "(none)");
		buf_printf(b, "\",class=\"%dxx\"} %llu\n", c + 1, n);
	}
}

static void requests(struct buf *b, const struct site *s)
{
	head(b, "gazette_http_requests_total", "counter",
	     "Requests answered, by surface, route-table pattern (\\\"(none)\\\" when no row took "
	     "the path) and status class.");
	for (size_t i = 0; i < s->nsurfaces; i++) {
		const struct route_table *t = &s->surfaces[i]->routes;
		for (size_t r = 0; r < t->n; r++)
			if (!seen_before(s, i, r))
				route_series(b, s, t->surface, t->rows[r].pattern);
	}
	for (int k = 0; k < METRICS_SURFACES; k++) {
		bool first = true; /* one "(none)" series per surface name */
		for (size_t i = 0; i < s->nsurfaces && first; i++)
			if (strcmp(s->surfaces[i]->routes.surface, surface_names[k]) == 0) {
				route_series(b, s, surface_names[k], NULL);
				first = false;
			}
	}
}

/* One histogram's series, labelled key="value"; _count is the +Inf bucket by construction: both
 * are the sum of the buckets as read. */
static void hist_out(struct buf *b, const char *name, const char *key, const char *value,
		     struct metrics_hist *h)
{
	unsigned long long cum = 0;
	for (int i = 0; i < METRICS_BUCKETS; i++) {
		cum += atomic_load(&h->buckets[i]);
		buf_printf(b, "%s_bucket{%s=\"%s\",le=\"%s\"} %llu\n", name, key, value,
			   bucket_le[i], cum);
	}
	buf_printf(b, "%s_sum{%s=\"%s\"} %.6f\n", name, key, value,
		   (double)atomic_load(&h->sum_us) / 1e6);
	buf_printf(b, "%s_count{%s=\"%s\"} %llu\n", name, key, value, cum);
}

static void latency(struct buf *b, struct site *s)
{
	head(b, "gazette_http_request_duration_seconds", "histogram",
	     "Time from a request's dispatch to its answer, by surface.");
	for (int k = 0; k < METRICS_SURFACES; k++)
		hist_out(b, "gazette_http_request_duration_seconds", "surface", surface_names[k],
			 &s->m.latency[k]);
	head(b, "gazette_search_duration_seconds", "histogram",
	     "Time the database took for a search by words, of articles or of documents.");
	static const char *const kinds[SITE_SEARCH_KINDS] = {"articles", "documents"};
	for (int k = 0; k < SITE_SEARCH_KINDS; k++)
		hist_out(b, "gazette_search_duration_seconds", "kind", kinds[k], &s->m.search[k]);
}

static void uploads(struct buf *b, struct site *s)
{
	head(b, "gazette_uploads_total", "counter",
	     "Uploads (multipart/form-data POSTs: media, videos, documents' files), by status "
	     "class.");
	for (int c = 1; c <= 5; c++)
		buf_printf(b, "gazette_uploads_total{class=\"%dxx\"} %llu\n", c,
			   (unsigned long long)atomic_load(&s->m.uploads[c]));
	one(b, "gazette_upload_bytes_total", "counter", "Bytes of uploads received.",
	    atomic_load(&s->m.upload_bytes));
}

static void counters(struct buf *b, const char *what, struct views *v)
{
	struct views_stats vs;
	views_stats(v, &vs);
	buf_printf(b, "gazette_counter_pending{counter=\"%s\"} %lld\n", what,
		   (long long)vs.pending);
	buf_printf(b, "gazette_counter_pending_ids{counter=\"%s\"} %lld\n", what,
		   (long long)vs.pending_ids);
	buf_printf(b, "gazette_counter_flush_lag_seconds{counter=\"%s\"} %.3f\n", what,
		   vs.lag_seconds);
	buf_printf(b, "gazette_counter_flushes_total{counter=\"%s\",result=\"ok\"} %lld\n", what,
		   (long long)vs.flushes);
	buf_printf(b, "gazette_counter_flushes_total{counter=\"%s\",result=\"failed\"} %lld\n",
		   what, (long long)vs.failures);
}

/* One family per name: the HELP and TYPE lines, then the series of each counter. */
static void all_counters(struct buf *b, struct site *s)
{
	struct {
		const char *name, *type, *help;
	} fam[] = {
	    {"gazette_counter_pending", "gauge", "Counts (views, downloads) not yet written."},
	    {"gazette_counter_pending_ids", "gauge",
	     "Articles or files with counts not yet written."},
	    {"gazette_counter_flush_lag_seconds", "gauge",
	     "How long the oldest count not yet written has waited (0 when none)."},
	    {"gazette_counter_flushes_total", "counter", "Batches of counts written, and failed."}};
	struct buf part[2] = {BUF_INIT, BUF_INIT};
	counters(&part[0], "views", s->views);
	counters(&part[1], "downloads", s->downloads);
	for (size_t f = 0; f < sizeof fam / sizeof fam[0]; f++) {
		head(b, fam[f].name, fam[f].type, fam[f].help);
		size_t n = strlen(fam[f].name);
		for (int k = 0; k < 2; k++)
			for (const char *l = buf_cstr(&part[k]); *l;) {
				const char *end = strchr(l, '\n');
				if (strncmp(l, fam[f].name, n) == 0 && l[n] == '{')
					buf_append(b, l, (size_t)(end - l + 1));
				l = end + 1;
			}
	}
	buf_free(&part[0]);
	buf_free(&part[1]);
}

static void pool(struct buf *b, struct site *s)
{
	struct store_pool_stats ps;
	store_pool_stats(s->st, &ps);
	one(b, "gazette_db_pool_in_use", "gauge", "Database connections in use now.",
	    (unsigned long long)ps.in_use);
	one(b, "gazette_db_pool_size", "gauge", "Database connections open (idle or in use).",
	    (unsigned long long)ps.open);
	one(b, "gazette_db_pool_max", "gauge",
	    "The most database connections the pool opens (0: no bound).",
	    (unsigned long long)ps.max);
	one(b, "gazette_db_pool_waits_total", "counter",
	    "Times a request waited for a free database connection.", (unsigned long long)ps.waits);
	struct store_replica_stats rs;
	store_replica_stats(s->st, &rs);
	one(b, "gazette_db_replicas", "gauge", "Read replicas configured.",
	    (unsigned long long)rs.replicas);
	one(b, "gazette_db_replicas_healthy", "gauge",
	    "Read replicas reachable, replaying and within the lag allowed.",
	    (unsigned long long)rs.healthy);
	one(b, "gazette_db_replica_reads_total", "counter",
	    "Reads of readers' requests a replica answered.", (unsigned long long)rs.replica_reads);
	one(b, "gazette_db_replica_fallbacks_total", "counter",
	    "Reads of readers' requests the primary answered: no replica healthy and up to date.",
	    (unsigned long long)rs.primary_reads);
	struct store_mirror_stats ms;
	store_search_mirror_stats(s->st, &ms);
	one(b, "gazette_search_mirror_ready", "gauge",
	    "1 when searches are answered from this node's search mirror (PostgreSQL).",
	    (unsigned long long)ms.ready);
	one(b, "gazette_search_mirror_answered_total", "counter",
	    "Searches the search mirror answered.", (unsigned long long)ms.answered);
	one(b, "gazette_search_mirror_passed_total", "counter",
	    "Searches PostgreSQL answered while a search mirror was attached (not ready yet, a "
	    "backlog, a failure).",
	    (unsigned long long)ms.passed);
	one(b, "gazette_search_mirror_applied_total", "counter",
	    "Articles written into the search mirror.", (unsigned long long)ms.applied);
	one(b, "gazette_search_mirror_builds_total", "counter",
	    "Times the search mirror was made, anew or again.", (unsigned long long)ms.builds);
	one(b, "gazette_search_mirror_pages_total", "counter",
	    "Articles of readers' pages read from the mirror (no query to PostgreSQL).",
	    (unsigned long long)ms.pages);
	one(b, "gazette_search_mirror_pages_passed_total", "counter",
	    "Articles of readers' pages PostgreSQL answered while a mirror was attached (a change "
	    "not applied to it yet, not ready).",
	    (unsigned long long)ms.pages_passed);
}

static void page_store(struct buf *b, struct site *s)
{
	size_t queued = 0, cap = 0, pages = 0, bytes = 0;
	uint64_t dropped = 0;
	if (s->pages) {
		pstore_queue_stats(s->pages, &queued, &cap, &dropped);
		pstore_stats(s->pages, &pages, &bytes);
	}
	one(b, "gazette_page_store_queue", "gauge", "Rendered pages waiting to be written to disk.",
	    queued);
	one(b, "gazette_page_store_queue_capacity", "gauge",
	    "The most pages that may wait (0: no page store).", cap);
	one(b, "gazette_page_store_dropped_total", "counter",
	    "Pages not written because the queue was full.", dropped);
	one(b, "gazette_page_store_pages", "gauge", "Pages kept on disk for outages.", pages);
	one(b, "gazette_page_store_bytes", "gauge", "Bytes of pages kept on disk.", bytes);
}

static void media_cache(struct buf *b)
{
	one(b, "gazette_media_cache_bytes", "gauge",
	    "Bytes in the media cache folder by this node's count (PostgreSQL; 0 with SQLite).",
	    (unsigned long long)mcache_bytes());
	one(b, "gazette_media_fetches_total", "counter",
	    "Media files fetched from the database into the cache folder.",
	    (unsigned long long)mcache_fetches());
}

void page_metrics(struct page *p)
{
	struct site *s = p->site;
	/* The socket's peer, not a forwarded address: a proxy in front may not publish this. */
	if (!local(p->req->client_addr) || http_header(p->req, "X-Forwarded-For")) {
		page_error(p, 404);
		return;
	}
	struct buf *b = &p->resp->body;
	buf_reset(b);
	head(b, "gazette_build_info", "gauge", "The running build: version and database backend.");
	buf_printf(b, "gazette_build_info{version=\"%s\",backend=\"%s\",schema=\"%d\"} 1\n",
		   GZ_VERSION, store_backend(s->st), store_schema_version(s->st));
	head(b, "gazette_http_responses_total", "counter", "Responses sent, by status class.");
	for (int c = 1; c <= 5; c++)
		buf_printf(b, "gazette_http_responses_total{class=\"%dxx\"} %llu\n", c,
			   (unsigned long long)atomic_load(&s->m.responses[c]));
	requests(b, s);
	latency(b, s);
	uploads(b, s);
	one(b, "gazette_page_cache_hits_total", "counter", "Pages served from the page cache.",
	    atomic_load(&s->m.cache_hits));
	one(b, "gazette_page_cache_misses_total", "counter",
	    "Cacheable requests the page cache could not answer (rendered).",
	    atomic_load(&s->m.cache_misses));
	one(b, "gazette_page_store_served_total", "counter",
	    "Pages read back from the page store while the database was unreachable.",
	    atomic_load(&s->m.stale));
	one(b, "gazette_page_renders_total", "counter",
	    "Pages rendered (cache misses and refreshes).", atomic_load(&s->m.renders));
	head(b, "gazette_page_render_seconds_total", "counter", "Time spent rendering pages.");
	buf_printf(b, "gazette_page_render_seconds_total %.6f\n",
		   (double)atomic_load(&s->m.render_us) / 1e6);
	page_store(b, s);
	media_cache(b);
	one(b, "gazette_views_counted_total", "counter", "Article views counted since start.",
	    atomic_load(&s->m.views));
	all_counters(b, s);
	pool(b, s);
	one(b, "gazette_content_generation", "gauge",
	    "Page cache generation (grows on every change).", cache_generation(s->cache));
	one(b, "gazette_uptime_seconds", "gauge", "Seconds since the server started.",
	    (unsigned long long)(time(NULL) - s->m.started));
	p->resp->status = 200;
	p->resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	http_resp_header(p->resp, "Cache-Control", "no-store");
}
