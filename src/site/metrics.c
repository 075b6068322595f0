/* /metrics in Prometheus's text format, for local scrapers only. */
#include "site/site-int.h"

#include <stdatomic.h>
#include <string.h>
#include <time.h>

void metrics_count(struct site *s, int status)
{
	int cls = status / 100;
	if (cls >= 1 && cls <= 5)
		atomic_fetch_add(&s->m.responses[cls], 1);
}

static bool local(const char *addr)
{
	return addr && (strcmp(addr, "127.0.0.1") == 0 || strcmp(addr, "::1") == 0 ||
			strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::ffff:127.0.0.1") == 0);
}

static void counter(struct buf *b, const char *name, const char *help, const char *type,
		    unsigned long long v)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n%s %llu\n", name, help, name, type, name, v);
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
	buf_puts(b, "# HELP gazette_http_responses_total Responses sent, by status class.\n"
		    "# TYPE gazette_http_responses_total counter\n");
	for (int c = 1; c <= 5; c++)
		buf_printf(b, "gazette_http_responses_total{class=\"%dxx\"} %llu\n", c,
			   (unsigned long long)atomic_load(&s->m.responses[c]));
	counter(b, "gazette_page_cache_hits_total", "Pages served from the page cache.", "counter",
		atomic_load(&s->m.cache_hits));
	counter(b, "gazette_page_store_served_total",
		"Pages read back from the page store while the database was unreachable.",
		"counter", atomic_load(&s->m.stale));
	counter(b, "gazette_page_renders_total", "Pages rendered (cache misses and refreshes).",
		"counter", atomic_load(&s->m.renders));
	buf_printf(b,
		   "# HELP gazette_page_render_seconds_total Time spent rendering pages.\n"
		   "# TYPE gazette_page_render_seconds_total counter\n"
		   "gazette_page_render_seconds_total %.6f\n",
		   (double)atomic_load(&s->m.render_us) / 1e6);
	counter(b, "gazette_views_counted_total", "Article views counted since start.", "counter",
		atomic_load(&s->m.views));
	counter(b, "gazette_content_generation", "Page cache generation (grows on every change).",
		"gauge", cache_generation(s->cache));
	counter(b, "gazette_uptime_seconds", "Seconds since the server started.", "gauge",
		(unsigned long long)(time(NULL) - s->m.started));
	p->resp->status = 200;
	p->resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	http_resp_header(p->resp, "Cache-Control", "no-store");
}
