/* Old addresses of imported sites (WordPress, NukeViet) answered with a 301 to their new page. */
#include "site/site-int.h"

#include <stdlib.h>
#include <string.h>

#include "core/oldurl.h"
#include "html/escape.h"

#define LEGACY_ARGS_MAX 16

struct qargs {
	struct buf *b;
	size_t n;
};

static void add_arg(const char *k, const char *v, void *ctx)
{
	struct qargs *q = ctx;
	if (q->n++ >= LEGACY_ARGS_MAX)
		return;
	buf_printf(q->b, "%s%s=%s", q->n > 1 ? "&" : "", k, v);
}

/* The same without WordPress's "feed" argument, and with NukeViet's "op=rss/x" as "op=x" ("op=rss"
 * and "nv=rss" left out): the address of what the old feed was the feed of. */
static void add_feed_base_arg(const char *k, const char *v, void *ctx)
{
	if (strcmp(k, "feed") == 0 || (strcmp(k, "nv") == 0 && strcmp(v, "rss") == 0) ||
	    (strcmp(k, "op") == 0 && strcmp(v, "rss") == 0))
		return;
	if (strcmp(k, "op") == 0 && strncmp(v, "rss/", 4) == 0)
		v += 4;
	add_arg(k, v, ctx);
}

/* True when the request has a query argument WordPress or NukeViet addresses pages with. */
static bool legacy_query(struct page *p)
{
	static const char *const keys[] = {"p",  "page_id", "cat", "tag", "attachment_id",
					   "nv", "feed",    "s"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (http_query(p->req, keys[i]))
			return true;
	return false;
}

/* The redirect of an old address's key, when there is one to a page of this site. */
static const char *target_of(struct page *p, const char *addr)
{
	struct buf key = BUF_INIT;
	oldurl_key(addr, &key);
	const char *target = NULL;
	if (key.len == 0 ||
	    store_redirect_get(p->site->st, p->a, buf_cstr(&key), &target) != STORE_OK || !target ||
	    target[0] != '/' || target[1] == '/')
		target = NULL;
	buf_free(&key);
	return target;
}

/* True when path[0..n) is the segment s followed by '/' or the end. */
static bool seg_is(const char *path, size_t n, const char *s)
{
	size_t k = strlen(s);
	return n >= k && memcmp(path, s, k) == 0 && (n == k || path[k] == '/');
}

/*
 * An old site's feed, which readers and aggregators keep asking for: WordPress's "/feed/" (and
 * "/feed/rss2/", "/feed/atom/", "/feed/rdf/", "/feed/rss/"), a category's or a tag's
 * "/category/x/feed/", "/?feed=rss2", "/?cat=3&feed=rss2"; NukeViet's "/rss/", "/news/rss/",
 * "/vi/news/rss/cat/", "/index.php?nv=news&op=rss/cat". The address it was the feed of (the feed
 * part taken out) is looked up: an imported category's gets that category's feed, anything else the
 * site's. Writes the new address to *to, or returns false when the request is not a feed's.
 */
static bool old_feed(struct page *p, bool with_query, const char **to)
{
	const char *path = p->req->path;
	struct buf base = BUF_INIT;
	bool feed = false;
	if (with_query) {
		const char *nv = http_query(p->req, "nv"), *op = http_query(p->req, "op");
		feed = http_query(p->req, "feed") ||
		       (nv && (strcmp(nv, "rss") == 0 ||
			       (op && (strcmp(op, "rss") == 0 || strncmp(op, "rss/", 4) == 0))));
		if (feed) {
			buf_printf(&base, "%s?", path);
			struct qargs q = {&base, 0};
			http_query_each(p->req, add_feed_base_arg, &q);
		}
	} else {
		/* the path's segments, the first "feed" (and what may follow it: its kind) or "rss"
		 * taken out */
		for (const char *s = path; *s == '/' && !feed;) {
			const char *seg = s + 1, *end = strchr(seg, '/');
			size_t n = end ? (size_t)(end - seg) : strlen(seg);
			if (seg_is(seg, n, "feed")) {
				const char *kind = end ? end + 1 : "";
				static const char *const kinds[] = {"",     "rss2/", "atom/",
								    "rdf/", "rss/",  "rss2",
								    "atom", "rdf",   "rss"};
				for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
					feed |= strcmp(kind, kinds[i]) == 0;
				buf_append(&base, path, (size_t)(s - path) + 1);
			} else if (seg_is(seg, n, "rss")) {
				feed = true;
				buf_append(&base, path, (size_t)(s - path));
				buf_puts(&base, end ? end : "/");
			}
			s = end ? end : seg + n;
		}
	}
	if (!feed) {
		buf_free(&base);
		return false;
	}
	const char *target = base.len > 1 ? target_of(p, buf_cstr(&base)) : NULL;
	size_t n = target ? strlen(target) : 0;
	if (target && strncmp(target, "/chuyen-muc/", 12) == 0 && target[n - 1] == '/')
		*to = arena_printf(p->a, "%srss.xml", target);
	else
		*to = "/rss.xml";
	buf_free(&base);
	return true;
}

/* "/tim-kiem?q=" and the words, or NULL for none. */
static const char *search_of(struct page *p, const char *words, size_t n)
{
	while (n > 0 && (*words == ' ' || *words == '+'))
		words++, n--;
	if (n == 0)
		return NULL;
	struct buf b = BUF_INIT;
	buf_puts(&b, "/tim-kiem?q=");
	for (size_t i = 0; i < n; i++) /* '+' is a space in a form's words */
		html_url_encode(&b, words[i] == '+' ? " " : words + i, 1);
	const char *to = arena_strndup(p->a, b.data, b.len);
	buf_free(&b);
	return to;
}

/*
 * An old site's search and the later pages of its lists: WordPress's "/?s=words" and
 * "/search/words/", NukeViet's "?nv=seek&q=words", "/seek/?q=words" and "/news/search/?q=words" go
 * to this site's search; WordPress's "/category/x/page/3/" and NukeViet's "/news/x/page-3/" to the
 * third page of the list the address without its page part redirects to. Writes the new address to
 * *to, or returns false.
 */
static bool old_listing(struct page *p, const char **to)
{
	const char *path = p->req->path, *s = http_query(p->req, "s"), *q = http_query(p->req, "q"),
		   *nv = http_query(p->req, "nv");
	size_t n = strlen(path);
	if (s && (strcmp(path, "/") == 0 || strcmp(path, "/index.php") == 0)) {
		*to = search_of(p, s, strlen(s));
		return *to != NULL;
	}
	if (q && ((nv && strcmp(nv, "seek") == 0) || strcmp(path, "/seek/") == 0 ||
		  (n > 8 && strcmp(path + n - 8, "/search/") == 0))) {
		*to = search_of(p, q, strlen(q));
		return *to != NULL;
	}
	if (n > 8 && strncmp(path, "/search/", 8) == 0) {
		size_t words = n - 8 - (path[n - 1] == '/');
		if (!memchr(path + 8, '/', words)) {
			*to = search_of(p, path + 8, words);
			return *to != NULL;
		}
	}
	/* ".../page/N/" or ".../page-N/" */
	size_t end = path[n - 1] == '/' ? n - 1 : n, d = end;
	while (d > 0 && path[d - 1] >= '0' && path[d - 1] <= '9')
		d--;
	if (d == end || end - d > 6)
		return false;
	size_t base;
	if (d >= 6 && memcmp(path + d - 6, "/page/", 6) == 0)
		base = d - 5;
	else if (d >= 6 && memcmp(path + d - 6, "/page-", 6) == 0)
		base = d - 5;
	else
		return false;
	int page = atoi(path + d);
	const char *addr = arena_strndup(p->a, path, base);
	if (base <= 1) { /* the home page's: it has no pages */
		*to = "/";
		return true;
	}
	const char *target = target_of(p, addr);
	if (!target || strchr(target, '?'))
		return false;
	/* a place in a page ("/to-chuc/#don-vi-x": an imported unit) has no pages of its own */
	*to = page > 1 && !strchr(target, '#') ? arena_printf(p->a, "%s?page=%d", target, page)
					       : target;
	return true;
}

bool site_legacy_redirect(struct page *p, bool with_query)
{
	if (with_query && !legacy_query(p))
		return false; /* the usual case on "/": no allocation, no database */
	struct buf addr = BUF_INIT;
	buf_puts(&addr, p->req->path);
	if (with_query) {
		buf_putc(&addr, '?');
		struct qargs q = {&addr, 0};
		http_query_each(p->req, add_arg, &q);
	}
	const char *target = target_of(p, buf_cstr(&addr));
	if (target || old_feed(p, with_query, &target) || old_listing(p, &target))
		page_redirect(p, 301, target);
	buf_free(&addr);
	return target != NULL;
}
