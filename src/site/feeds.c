/* Feeds and maps for machines: RSS 2.0 for the site and each category, sitemap.xml, robots.txt. */
#include "site/site-int.h"

#include <string.h>
#include <time.h>

#include "html/escape.h"

#define FEED_ITEMS 30
#define SITEMAP_URLS 10000 /* per sitemap file; the index lists the files */

static void xml(struct buf *b, const char *s)
{
	html_escape(b, s, strlen(s));
}

/*
 * Plain text for an RSS <description>, which readers take as HTML with its entities encoded once
 * (RSS 2.0): the text is escaped as HTML, then that HTML escaped as XML, so "<script>" reaches
 * the reader's renderer as the text "<script>" and never as a tag.
 */
static void xml_html_text(struct buf *b, const char *s)
{
	struct buf h = BUF_INIT;
	html_escape(&h, s, strlen(s));
	xml(b, buf_cstr(&h));
	buf_free(&h);
}

/* RFC 822 date as RSS wants it, in UTC. */
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

static void w3c_date(struct buf *b, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	buf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		   tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void send_xml(struct page *p, struct buf *b, const char *type)
{
	buf_reset(&p->resp->body);
	buf_append(&p->resp->body, b->data, b->len);
	p->resp->status = 200;
	p->resp->content_type = type;
	p->cacheable = true;
}

/* The site's base URL as XML text (the setting is checked when saved, and escaped here too). */
static const char *xml_base(struct page *p)
{
	struct buf b = BUF_INIT;
	xml(&b, site_base(p));
	const char *s = arena_strdup(p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void rss_item(struct page *p, struct buf *b, const char *base,
		     const struct article_summary *a)
{
	const char *url = site_article_url(p->a, a->slug, a->id);
	buf_puts(b, "<item>\n<title>");
	xml(b, a->title);
	buf_printf(b, "</title>\n<link>%s", base);
	xml(b, url);
	buf_printf(b, "</link>\n<guid isPermaLink=\"true\">%s", base);
	xml(b, url);
	buf_puts(b, "</guid>\n<pubDate>");
	rfc822(b, a->published_at);
	buf_puts(b, "</pubDate>\n");
	if (*a->lead) {
		buf_puts(b, "<description>");
		xml_html_text(b, a->lead);
		buf_puts(b, "</description>\n");
	}
	const struct category *c = cat_find(p, a->category_id);
	if (c) {
		buf_puts(b, "<category>");
		xml(b, c->name);
		buf_puts(b, "</category>\n");
	}
	if (*a->author) {
		buf_puts(b, "<dc:creator>");
		xml(b, a->author);
		buf_puts(b, "</dc:creator>\n");
	}
	buf_puts(b, "</item>\n");
}

/* RSS of the newest articles of the site (cat NULL) or of one category with its sub-categories. */
static void rss(struct page *p, const struct category *cat, const char *self)
{
	struct article_query q = {.category_id = cat ? cat->id : 0,
				  .with_descendants = true,
				  .now = p->now,
				  .limit = FEED_ITEMS};
	struct article_summary *rows;
	size_t n;
	enum store_rc rc = store_articles_list(p->st, p->a, &q, &rows, &n, NULL);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	const char *base = xml_base(p), *name = page_setting(p, "site_name");
	struct buf b = BUF_INIT;
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
		     "xmlns:atom=\"http://www.w3.org/2005/Atom\" "
		     "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n<title>");
	xml(&b, name);
	if (cat) {
		buf_puts(&b, " - ");
		xml(&b, cat->name);
	}
	buf_printf(&b, "</title>\n<link>%s", base);
	xml(&b, cat ? cat_url(p, cat->id) : "/");
	buf_puts(&b, "</link>\n<description>");
	xml_html_text(&b, cat ? cat->name : name);
	buf_printf(&b, "</description>\n<language>vi</language>\n<atom:link href=\"%s", base);
	xml(&b, self);
	buf_puts(&b, "\" rel=\"self\" type=\"application/rss+xml\"/>\n");
	if (n) {
		buf_puts(&b, "<lastBuildDate>");
		rfc822(&b, rows[0].published_at);
		buf_puts(&b, "</lastBuildDate>\n");
	}
	for (size_t i = 0; i < n; i++)
		rss_item(p, &b, base, &rows[i]);
	buf_puts(&b, "</channel>\n</rss>\n");
	send_xml(p, &b, "application/rss+xml; charset=utf-8");
	buf_free(&b);
}

void page_rss(struct page *p)
{
	rss(p, NULL, "/rss.xml");
}

void page_category_rss(struct page *p, const struct category *c)
{
	rss(p, c, arena_printf(p->a, "%srss.xml", cat_url(p, c->id)));
}

static void sitemap_index(struct page *p, int64_t files)
{
	const char *base = xml_base(p);
	struct buf b = BUF_INIT;
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex "
		     "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (int64_t i = 1; i <= files; i++)
		buf_printf(&b, "<sitemap><loc>%s/sitemap-%lld.xml</loc></sitemap>\n", base,
			   (long long)i);
	buf_puts(&b, "</sitemapindex>\n");
	send_xml(p, &b, "application/xml; charset=utf-8");
	buf_free(&b);
}

/* The home page and categories (first file only), then the articles of file `file`. */
static void sitemap_file(struct page *p, int64_t file, const struct article_summary *rows, size_t n)
{
	const char *base = xml_base(p);
	struct buf b = BUF_INIT;
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "
		     "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	if (file == 1) {
		buf_printf(&b, "<url><loc>%s/</loc><changefreq>hourly</changefreq></url>\n", base);
		for (size_t i = 0; i < p->ncats; i++) {
			buf_printf(&b, "<url><loc>%s", base);
			xml(&b, cat_url(p, p->cats[i].id));
			buf_puts(&b, "</loc><changefreq>hourly</changefreq></url>\n");
		}
		lang_sitemap(p, &b, base);
	}
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "<url><loc>%s", base);
		xml(&b, site_article_url(p->a, rows[i].slug, rows[i].id));
		buf_puts(&b, "</loc><lastmod>");
		w3c_date(&b, rows[i].published_at);
		buf_puts(&b, "</lastmod></url>\n");
	}
	buf_puts(&b, "</urlset>\n");
	send_xml(p, &b, "application/xml; charset=utf-8");
	buf_free(&b);
}

/* file 0: /sitemap.xml (the only file when the site is small, else the index). */
void page_sitemap(struct page *p, int64_t file)
{
	struct article_query q = {.now = p->now,
				  .offset = file > 1 ? (file - 1) * SITEMAP_URLS : 0,
				  .limit = SITEMAP_URLS};
	struct article_summary *rows;
	size_t n;
	int64_t total = 0;
	enum store_rc rc = store_articles_list(p->st, p->a, &q, &rows, &n, &total);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	int64_t files = (total + SITEMAP_URLS - 1) / SITEMAP_URLS;
	if (file == 0 && files > 1)
		sitemap_index(p, files);
	else if (file > 1 && file > files)
		page_error(p, 404);
	else
		sitemap_file(p, file ? file : 1, rows, n);
}

void page_robots(struct page *p)
{
	struct buf b = BUF_INIT;
	buf_printf(&b,
		   "User-agent: *\nDisallow: /admin/\nDisallow: /api/\nDisallow: "
		   "/van-ban/tai-ve/\n\nSitemap: "
		   "%s/sitemap.xml\nSitemap: %s/van-ban/sitemap.xml\n",
		   site_base(p), site_base(p));
	send_xml(p, &b, "text/plain; charset=utf-8");
	buf_free(&b);
}
