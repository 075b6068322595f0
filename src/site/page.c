/* The page machinery every surface shares: settings, the header clock, rendering, errors, JSON. */
#include "site/site-int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/log.h"
#include "html/escape.h"
#include "sanitize/sanitize.h"
#include "vi/vi.h"

#define PAGE_BODY_RESERVE (32 * 1024) /* an article page is 14-40 KB */

static const char *const security_headers[][2] = {
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data: https: http:; media-src 'self' https: http:; "
     "style-src 'self'; script-src 'self'; "
     "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'; "
     "frame-src " SANITIZE_EMBED_ORIGINS},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"X-Frame-Options", "SAMEORIGIN"},
};

int page_status_of(enum store_rc rc)
{
	switch (rc) {
	case STORE_OK:
		return 200;
	case STORE_NOTFOUND:
		return 404;
	case STORE_UNAVAILABLE:
		return 503;
	default:
		return 500;
	}
}

const char *page_setting(struct page *p, const char *key)
{
	const char *v = site_snap_setting(p, key);
	if (v)
		return v;
	if (store_setting_get(p->st, p->a, key, &v) == STORE_OK)
		return v;
	for (size_t i = 0; i < site_settings_count; i++)
		if (strcmp(site_settings[i].key, key) == 0)
			return site_settings[i].fallback;
	return "";
}

const char *page_datetime(struct page *p, int64_t t)
{
	struct vi_tm tm;
	struct buf b = BUF_INIT;
	vi_localtime(t, p->tz, &tm);
	vi_format_datetime(&b, &tm);
	const char *s = arena_strdup(p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

const char *page_date(struct page *p, int64_t t)
{
	struct vi_tm tm;
	struct buf b = BUF_INIT;
	vi_localtime(t, p->tz, &tm);
	if (p->lang)
		i18n_format(&b, p->lang, p->lang->date, &tm);
	else
		vi_format_date(&b, &tm);
	const char *s = arena_strdup(p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* "www.example.vn" -> "https://www.example.vn/"; an explicit http(s) URL is kept; else "". */
static const char *website_url(struct arena *a, const char *w)
{
	if (!*w)
		return "";
	if (strncmp(w, "http://", 7) == 0 || strncmp(w, "https://", 8) == 0)
		return w;
	if (strpbrk(w, ":/\\ \"'<>"))
		return "";
	return arena_printf(a, "https://%s/", w);
}

static void fill_site(struct page *p)
{
	struct tv *site = tv_child(p->ctx, "site");
	for (size_t i = 0; i < site_settings_count; i++)
		tv_str(site, site_settings[i].key, page_setting(p, site_settings[i].key));
	tv_str(site, "website_url", website_url(p->a, page_setting(p, "website")));
}

/* The clock's words, the same for every page of a language; fill_clock adds the time. */
static void fill_clock_words(struct page *p, struct tv *clock)
{
	/* site.js ticks it in the same words */
	tv_str(clock, "format", p->lang->clock);
	struct tv *days = tv_list(clock, "weekdays");
	for (int i = 0; i < 7; i++)
		tv_push_str(days, p->lang->weekdays[i]);
	struct tv *months = tv_list(clock, "months");
	for (int i = 0; i < 12; i++)
		tv_push_str(months, p->lang->months[i]);
}

static void fill_clock(struct page *p)
{
	struct vi_tm tm;
	struct buf b = BUF_INIT;
	vi_localtime(p->now, p->tz, &tm);
	i18n_format(&b, p->lang, p->lang->clock, &tm);
	struct tv *clock = tv_child(p->ctx, "clock");
	site_snap_part(p, SNAP_CLOCK, fill_clock_words, clock);
	p->clock_text = arena_strdup(p->a, buf_cstr(&b));
	tv_str(clock, "text", p->clock_text);
	tv_int(clock, "epoch", p->now);
	tv_int(clock, "offset", tm.utc_offset);
	buf_free(&b);
}

/* What every page of p->lang shows that depends only on the snapshot: page_begin's shared part. */
static void fill_chrome(struct page *p, struct tv *ctx)
{
	(void)ctx; /* p->ctx, which the functions below fill */
	fill_site(p);
	tv_str(p->ctx, "feed", "/rss.xml");
	lang_context(p);
	chrome_nav(p);
	assets_context(p->site, p->ctx);
	chrome_identity(p);
}

int page_begin(struct page *p)
{
	p->now = (int64_t)time(NULL);
	p->ctx = tv_obj(p->a);
	enum store_rc rc = site_snap_take(p);
	if (rc != STORE_OK)
		return page_status_of(rc);
	p->tz = page_setting(p, "timezone");
	if (!vi_tz_valid(p->tz))
		p->tz = "Asia/Ho_Chi_Minh";
	if (!p->lang)
		p->lang = lang_default(p);
	/* What depends only on the snapshot and the language is made once and shared (issue 18:
	 * it was a fifth of a page not in the cache); a page may replace any of it. */
	p->chrome = site_snap_part(p, SNAP_CHROME, fill_chrome, p->ctx);
	tv_str(p->ctx, "base", site_base(p)); /* absolute canonical links: the Host's */
	fill_clock(p);
	return 0;
}

void page_html_headers(struct page *p)
{
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		http_resp_header(p->resp, security_headers[i][0], security_headers[i][1]);
}

void page_render(struct page *p, int status, const char *name)
{
	lang_finish(p);
	page_render_with(p, p->site->tpl, status, name);
}

void page_render_with(struct page *p, const struct tpl_set *set, int status, const char *name)
{
	buf_reset(&p->resp->body);
	/* room for a whole page at once: grown from empty, a page's buffer was copied ten times */
	buf_grow(&p->resp->body, PAGE_BODY_RESERVE);
	/* the menu and the footer as the snapshot's first page of this language rendered them */
	struct tpl_kept *kept = set && set == p->site->tpl ? site_snap_kept(p) : NULL;
	if (!set || tpl_render_kept(set, name, p->ctx, kept, &p->resp->body) != 0) {
		log_error("site: template '%s' is missing", name);
		page_error(p, 500);
		return;
	}
	p->resp->status = status;
	p->resp->content_type = "text/html; charset=utf-8";
	page_html_headers(p);
}

static const struct {
	int status;
	const char *title;
	const char *message;
} errors[] = {
    {400, "Yêu cầu không hợp lệ", "Địa chỉ hoặc dữ liệu gửi lên không hợp lệ."},
    {404, "Không tìm thấy trang", "Trang bạn tìm không tồn tại hoặc đã bị gỡ bỏ."},
    {405, "Phương thức không được hỗ trợ", "Địa chỉ này không nhận phương thức yêu cầu đó."},
    {413, "Dữ liệu gửi lên quá lớn", "Dữ liệu gửi lên vượt quá giới hạn cho phép."},
    {500, "Lỗi máy chủ", "Đã có lỗi xảy ra. Xin vui lòng thử lại sau."},
    {414, "Địa chỉ quá dài", "Địa chỉ của trang yêu cầu dài quá giới hạn cho phép."},
    {431, "Phần đầu yêu cầu quá lớn", "Phần đầu (header) của yêu cầu vượt quá giới hạn cho phép."},
    {503, "Dịch vụ tạm thời gián đoạn",
     "Hệ thống đang bận hoặc bảo trì. Xin vui lòng thử lại sau."},
    {505, "Phiên bản HTTP không được hỗ trợ", "Máy chủ chỉ nhận yêu cầu HTTP/1.0 và HTTP/1.1."},
};

/* A page that needs neither the store nor templates, for when those are what failed. */
static void plain_error(struct page *p, int status, const char *title, const char *message)
{
	page_error_text(p, status, title, message, NULL, NULL);
}

static size_t error_index(int status)
{
	size_t i = 0, n = sizeof errors / sizeof errors[0];
	while (i < n && errors[i].status != status)
		i++;
	return i == n ? 4 : i; /* 500 */
}

const char *page_error_title(int status)
{
	return errors[error_index(status)].title;
}

static void put_text(struct buf *b, const char *s)
{
	html_escape(b, s, strlen(s));
}

void page_error_text(struct page *p, int status, const char *title, const char *message,
		     const char *back, const char *back_text)
{
	size_t i = error_index(status);
	struct buf *b = &p->resp->body;
	buf_reset(b);
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>");
	put_text(b, title ? title : errors[i].title);
	buf_puts(b, "</title></head><body><h1>");
	put_text(b, title ? title : errors[i].title);
	buf_puts(b, "</h1><p>");
	put_text(b, message ? message : errors[i].message);
	buf_puts(b, "</p><p><a href=\"");
	put_text(b, back ? back : "/");
	buf_puts(b, "\">");
	put_text(b, back_text ? back_text : "Trang chủ");
	buf_puts(b, "</a></p></body></html>\n");
	p->resp->status = status;
	p->resp->content_type = "text/html; charset=utf-8";
	page_html_headers(p);
	http_resp_header(p->resp, "Cache-Control", "no-store");
}

const char *page_allow(struct page *p)
{
	char text[64];
	http_route_methods_text(p->match.allow, ", ", text, sizeof text);
	return arena_strdup(p->a, text);
}

void page_error(struct page *p, int status)
{
	size_t i = error_index(status);
	if (status == 405)
		http_resp_header(p->resp, "Allow", p->match.allow ? page_allow(p) : "GET, HEAD");
	if (status == 503)
		http_resp_header(p->resp, "Retry-After", "5");
	http_resp_header(p->resp, "Cache-Control", "no-store");
	if (status >= 500 || (!p->ctx && page_begin(p) != 0)) {
		plain_error(p, errors[i].status, errors[i].title, errors[i].message);
		return;
	}
	/* The page's catalogue words when it has them (error_404_title...), else the table's. */
	const char *title = i18n_str(p, arena_printf(p->a, "error_%d_title", errors[i].status));
	const char *msg = i18n_str(p, arena_printf(p->a, "error_%d_message", errors[i].status));
	struct tv *e = tv_child(p->ctx, "error");
	tv_int(e, "status", errors[i].status);
	tv_str(e, "title", *title ? title : errors[i].title);
	tv_str(e, "message", *msg ? msg : errors[i].message);
	tv_str(p->ctx, "title", *title ? title : errors[i].title);
	page_render(p, errors[i].status, "error");
}

void page_json(struct page *p, int status, json_t *doc)
{
	char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(doc);
	buf_reset(&p->resp->body);
	if (text) {
		buf_puts(&p->resp->body, text);
		buf_putc(&p->resp->body, '\n');
		free(text);
	}
	p->resp->status = status;
	p->resp->content_type = "application/json; charset=utf-8";
	http_resp_header(p->resp, "X-Content-Type-Options", "nosniff");
}

void page_redirect(struct page *p, int status, const char *location)
{
	p->resp->status = status;
	p->resp->content_type = "text/html; charset=utf-8";
	http_resp_header(p->resp, "Location", location);
	buf_reset(&p->resp->body);
	buf_puts(&p->resp->body,
		 "<!DOCTYPE html>\n<title>Đã chuyển</title><p>Trang đã chuyển.</p>\n");
}

static bool host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
}

/* A Host header worth echoing into absolute URLs: letters, digits, '.', '-', and a port. */
static bool host_ok(const char *h)
{
	size_t n = h ? strlen(h) : 0;
	if (n == 0 || n > 255)
		return false;
	for (const char *c = h; *c; c++)
		if (!host_char(*c))
			return false;
	return true;
}

bool site_base_url_valid(const char *v)
{
	const char *host;
	if (strncasecmp(v, "https://", 8) == 0)
		host = v + 8;
	else if (strncasecmp(v, "http://", 7) == 0)
		host = v + 7;
	else
		return false;
	const char *s = host;
	while (*s && *s != '/') {
		if (!host_char(*s)) /* '@' (credentials) included */
			return false;
		s++;
	}
	if (s == host || *host == '.' || *host == ':' || s - host > 255)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f ||
		    strchr("\"'<>\\`?#", *s))
			return false;
	return true;
}

static const char *make_base(struct page *p)
{
	const char *base = page_setting(p, "base_url");
	size_t n = strlen(base);
	if (n && site_base_url_valid(base)) {
		while (n && base[n - 1] == '/')
			n--;
		return arena_strndup(p->a, base, n);
	}
	const char *host = http_header(p->req, "Host");
	const char *proto = http_header(p->req, "X-Forwarded-Proto");
	return arena_printf(p->a, "%s://%s",
			    proto && strcmp(proto, "https") == 0 ? "https" : "http",
			    host_ok(host) ? host : "localhost");
}

const char *site_base(struct page *p)
{
	if (!p->base) /* made once a page: its canonical link, Open Graph and feeds ask for it */
		p->base = make_base(p);
	return p->base;
}

bool site_article_public(const struct article *a, int64_t now)
{
	return a->status == ARTICLE_PUBLISHED && a->published_at <= now &&
	       (a->expires_at == 0 || a->expires_at > now);
}
