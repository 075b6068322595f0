/* Legal documents for machines and the home page: the RSS of new documents (/van-ban/rss.xml),
 * their sitemap (/van-ban/sitemap.xml, named in robots.txt) and the "Văn bản mới" home block. */
#include "site/site-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "docs/record.h"
#include "html/escape.h"
#include "store/documents.h"

#define FEED_ITEMS 30
#define SITEMAP_DOCS 10000
#define HOME_DOCS 5

static void xml(struct buf *b, const char *s)
{
	html_escape(b, s, strlen(s));
}

static void rfc822(struct buf *b, int64_t t)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	buf_printf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
		   months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void send(struct page *p, struct buf *b, const char *type)
{
	buf_reset(&p->resp->body);
	buf_append(&p->resp->body, b->data, b->len);
	p->resp->status = 200;
	p->resp->content_type = type;
	p->cacheable = true;
}

/* The newest published documents by issue date. */
static enum store_rc newest(struct page *p, int64_t limit, struct doc_row **rows, size_t *n)
{
	struct doc_query q = {.validity = -1,
			      .issued_from = STORE_NO_DATE,
			      .issued_to = STORE_NO_DATE,
			      .limit = limit};
	return store_doc_list(p->st, p->a, &q, rows, n, NULL);
}

static void item(struct page *p, struct buf *b, const char *base, const struct doc_row *d)
{
	const char *url = site_document_url(p, d->id, d->slug);
	buf_puts(b, "<item>\n<title>");
	xml(b, d->kind);
	buf_putc(b, ' ');
	xml(b, d->number);
	buf_printf(b, "</title>\n<link>%s", base);
	xml(b, url);
	buf_printf(b, "</link>\n<guid isPermaLink=\"true\">%s", base);
	xml(b, url);
	buf_puts(b, "</guid>\n<pubDate>");
	rfc822(b, d->published_at);
	buf_puts(b, "</pubDate>\n<description>");
	xml(b, d->summary);
	buf_puts(b, "</description>\n<dc:creator>");
	xml(b, d->issuer);
	buf_puts(b, "</dc:creator>\n</item>\n");
}

void page_documents_rss(struct page *p)
{
	struct doc_row *rows;
	size_t n;
	enum store_rc rc = newest(p, FEED_ITEMS, &rows, &n);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	struct buf base = BUF_INIT, b = BUF_INIT;
	xml(&base, site_base(p));
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
		     "xmlns:atom=\"http://www.w3.org/2005/Atom\" "
		     "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n<title>");
	xml(&b, page_setting(p, "site_name"));
	buf_printf(&b,
		   " - Văn bản mới</title>\n<link>%s/van-ban/</link>\n<description>Văn bản mới "
		   "ban hành</description>\n<language>vi</language>\n<atom:link href=\"%s"
		   "/van-ban/rss.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n",
		   base.data, base.data);
	for (size_t i = 0; i < n; i++)
		item(p, &b, base.data, &rows[i]);
	buf_puts(&b, "</channel>\n</rss>\n");
	send(p, &b, "application/rss+xml; charset=utf-8");
	buf_free(&b);
	buf_free(&base);
}

void page_documents_sitemap(struct page *p)
{
	struct doc_row *rows;
	size_t n;
	enum store_rc rc = newest(p, SITEMAP_DOCS, &rows, &n);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	struct buf base = BUF_INIT, b = BUF_INIT;
	xml(&base, site_base(p));
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "
		     "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "<url><loc>%s", base.data);
		xml(&b, site_document_url(p, rows[i].id, rows[i].slug));
		buf_puts(&b, "</loc><lastmod>");
		time_t t = (time_t)rows[i].updated_at;
		struct tm tm;
		gmtime_r(&t, &tm);
		buf_printf(&b, "%04d-%02d-%02d</lastmod></url>\n", tm.tm_year + 1900, tm.tm_mon + 1,
			   tm.tm_mday);
	}
	buf_puts(&b, "</urlset>\n");
	send(p, &b, "application/xml; charset=utf-8");
	buf_free(&b);
	buf_free(&base);
}

enum store_rc site_downloads_sink(struct store *st, const struct view_delta *d, size_t n)
{
	struct doc_count *c = xcalloc(n ? n : 1, sizeof *c);
	for (size_t i = 0; i < n; i++)
		c[i] = (struct doc_count){d[i].article_id, d[i].n};
	enum store_rc rc = store_doc_downloads_add(st, c, n);
	free(c);
	return rc;
}

enum store_rc site_home_documents(struct page *p)
{
	struct doc_row *rows;
	size_t n;
	enum store_rc rc = newest(p, HOME_DOCS, &rows, &n);
	if (rc != STORE_OK)
		return rc;
	struct tv *list = tv_list(p->ctx, "new_documents");
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(list);
		struct buf d = BUF_INIT;
		doc_date_format_vi(&d, rows[i].issued_on);
		tv_str(o, "url", site_document_url(p, rows[i].id, rows[i].slug));
		tv_str(o, "number", rows[i].number);
		tv_str(o, "summary", rows[i].summary);
		tv_str(o, "issued", buf_cstr(&d));
		buf_free(&d);
	}
	tv_bool(p->ctx, "has_new_documents", n > 0);
	return STORE_OK;
}
