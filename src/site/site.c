/* The site's router and the machinery every page shares: settings, header clock, errors, headers.
 */
#include "site/site-int.h"

#include <errno.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "vi/vi.h"

const struct site_setting site_settings[] = {
    {"site_name", "Tên đơn vị chủ quản", "Gazette"},
    {"licence", "Giấy phép", ""},
    {"address", "Địa chỉ", ""},
    {"phone", "Điện thoại", ""},
    {"website", "Website", ""},
    {"notice", "Ghi chú trích dẫn nguồn", ""},
    {"timezone", "Múi giờ", "Asia/Ho_Chi_Minh"},
    {"base_url", "Địa chỉ gốc của trang (https://...), cho RSS, sitemap và chia sẻ", ""},
};
const size_t site_settings_count = sizeof site_settings / sizeof site_settings[0];

#define DEFAULT_CRAWLERS                                                                           \
	"bot,spider,crawl,slurp,facebookexternalhit,mediapartners,bingpreview,embedly,"            \
	"linkpreview,whatsapp,archiver,ia_archiver,scrapy,lighthouse"

static const char *const security_headers[][2] = {
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data: https: http:; style-src 'self'; script-src 'self'; "
     "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"X-Frame-Options", "SAMEORIGIN"},
};

#define WATCH_MS 250

/* Sleeps up to WATCH_MS unless the site is stopping (used while the database is down, when
 * store_wait_change returns at once). */
static void watch_pause(struct site *s)
{
	pthread_mutex_lock(&s->watch_mu);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += WATCH_MS * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	if (!s->stopping)
		pthread_cond_timedwait(&s->watch_cv, &s->watch_mu, &ts);
	pthread_mutex_unlock(&s->watch_mu);
}

static bool watch_stopping(struct site *s)
{
	pthread_mutex_lock(&s->watch_mu);
	bool stop = s->stopping;
	pthread_mutex_unlock(&s->watch_mu);
	return stop;
}

/* Drops the page cache whenever the store's content version moves, whoever changed it: at once
 * when the store announces a change (PostgreSQL's NOTIFY from any node), else within WATCH_MS. */
static void *watch(void *arg)
{
	struct site *s = arg;
	int64_t seen = -1, next = -1;
	while (!watch_stopping(s)) {
		int64_t v = 0, now = (int64_t)time(NULL);
		bool changed = false;
		if (store_content_version(s->st, &v) == STORE_OK && v != seen) {
			changed = seen != -1;
			seen = v;
			next = -1; /* look again for the next scheduled change */
		}
		/* A scheduled article appearing or expiring changes pages without any write. */
		if (next > 0 && now >= next) {
			changed = true;
			next = -1;
		}
		if (next < 0 && store_next_change(s->st, now, &next) != STORE_OK)
			next = -1;
		if (changed)
			cache_bump(s->cache);
		/* Outside the mutex: site_free waits at most WATCH_MS for the thread. */
		if (store_wait_change(s->st, WATCH_MS) != STORE_OK)
			watch_pause(s);
	}
	return NULL;
}

static void watch_start(struct site *s)
{
	pthread_mutex_init(&s->watch_mu, NULL);
	pthread_cond_init(&s->watch_cv, NULL);
	if (pthread_create(&s->watcher, NULL, watch, s) != 0) {
		log_error("site: cannot start the content watcher");
		abort();
	}
}

static void watch_stop(struct site *s)
{
	if (!s->cache)
		return;
	pthread_mutex_lock(&s->watch_mu);
	s->stopping = true;
	pthread_cond_signal(&s->watch_cv);
	pthread_mutex_unlock(&s->watch_mu);
	pthread_join(s->watcher, NULL);
	pthread_cond_destroy(&s->watch_cv);
	pthread_mutex_destroy(&s->watch_mu);
}

struct site *site_new(struct store *st, const struct site_config *cfg, struct buf *err)
{
	struct site *s = xcalloc(1, sizeof(*s));
	s->st = st;
	s->m.started = (int64_t)time(NULL);
	s->crawlers = xstrdup(cfg->crawlers && *cfg->crawlers ? cfg->crawlers : DEFAULT_CRAWLERS);
	s->media_dir = cfg->media_dir && *cfg->media_dir ? xstrdup(cfg->media_dir) : NULL;
	struct buf dir = BUF_INIT;
	buf_printf(&dir, "%s/templates", cfg->theme_dir);
	if (tpl_load_dir(buf_cstr(&dir), &s->tpl, err) != 0)
		goto fail;
	static const char *const required[] = {"home", "category", "article", "error"};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (!tpl_exists(s->tpl, required[i])) {
			buf_printf(err, "%s/%s.html: missing from the theme", buf_cstr(&dir),
				   required[i]);
			goto fail;
		}
	}
	buf_reset(&dir);
	buf_printf(&dir, "%s/static", cfg->theme_dir);
	if (assets_load(s, buf_cstr(&dir), err) != 0)
		goto fail;
	if (cfg->admin_dir && cfg->admin) {
		s->admin = *cfg->admin;
		buf_reset(&dir);
		buf_printf(&dir, "%s/templates", cfg->admin_dir);
		if (tpl_load_dir(buf_cstr(&dir), &s->admin_tpl, err) != 0)
			goto fail;
		buf_reset(&dir);
		buf_printf(&dir, "%s/static", cfg->admin_dir);
		if (assets_load(s, buf_cstr(&dir), err) != 0)
			goto fail;
	}
	buf_free(&dir);
	s->views = views_start(st, cfg->views_flush_ms);
	s->cache = cache_new(cfg->cache_ttl_ms ? cfg->cache_ttl_ms : 1000, 20000);
	watch_start(s);
	return s;
fail:
	buf_free(&dir);
	site_free(s);
	return NULL;
}

void site_free(struct site *s)
{
	if (!s)
		return;
	watch_stop(s);
	views_stop(s->views);
	cache_free(s->cache);
	site_snap_free(s);
	tpl_set_free(s->tpl);
	tpl_set_free(s->admin_tpl);
	assets_free(s);
	free(s->crawlers);
	free(s->media_dir);
	free(s);
}

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
	if (store_setting_get(p->site->st, p->a, key, &v) == STORE_OK)
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

static void fill_clock(struct page *p)
{
	struct vi_tm tm;
	struct buf b = BUF_INIT;
	vi_localtime(p->now, p->tz, &tm);
	vi_format_clock(&b, &tm);
	struct tv *clock = tv_child(p->ctx, "clock");
	p->clock_text = arena_strdup(p->a, buf_cstr(&b));
	tv_str(clock, "text", p->clock_text);
	tv_int(clock, "epoch", p->now);
	tv_int(clock, "offset", tm.utc_offset);
	buf_free(&b);
}

static void fill_nav(struct page *p)
{
	struct tv *nav = tv_list(p->ctx, "nav");
	for (size_t i = 0; i < p->ncats; i++) {
		if (p->cats[i].parent_id != 0)
			continue;
		struct tv *item = tv_push(nav);
		tv_str(item, "name", p->cats[i].name);
		tv_str(item, "url", cat_url(p, p->cats[i].id));
	}
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
	fill_site(p);
	tv_str(p->ctx, "feed", "/rss.xml");
	fill_clock(p);
	fill_nav(p);
	assets_context(p->site, p->ctx);
	return 0;
}

static void html_headers(struct page *p)
{
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		http_resp_header(p->resp, security_headers[i][0], security_headers[i][1]);
}

void page_render(struct page *p, int status, const char *name)
{
	page_render_with(p, p->site->tpl, status, name);
}

void page_render_with(struct page *p, const struct tpl_set *set, int status, const char *name)
{
	buf_reset(&p->resp->body);
	if (!set || tpl_render(set, name, p->ctx, &p->resp->body) != 0) {
		log_error("site: template '%s' is missing", name);
		page_error(p, 500);
		return;
	}
	p->resp->status = status;
	p->resp->content_type = "text/html; charset=utf-8";
	html_headers(p);
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
    {503, "Dịch vụ tạm thời gián đoạn",
     "Hệ thống đang bận hoặc bảo trì. Xin vui lòng thử lại sau."},
};

/* A page that needs neither the store nor templates, for when those are what failed. */
static void plain_error(struct page *p, int status, const char *title, const char *message)
{
	buf_reset(&p->resp->body);
	buf_printf(
	    &p->resp->body,
	    "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>%s</title>"
	    "</head><body><h1>%s</h1><p>%s</p><p><a href=\"/\">Trang chủ</a></p></body>"
	    "</html>\n",
	    title, title, message);
	p->resp->status = status;
	p->resp->content_type = "text/html; charset=utf-8";
	html_headers(p);
}

void page_error(struct page *p, int status)
{
	size_t i = 0, n = sizeof errors / sizeof errors[0];
	while (i < n && errors[i].status != status)
		i++;
	if (i == n)
		i = 4; /* 500 */
	if (status == 405)
		http_resp_header(p->resp, "Allow", "GET, HEAD");
	if (status == 503)
		http_resp_header(p->resp, "Retry-After", "5");
	http_resp_header(p->resp, "Cache-Control", "no-store");
	if (status >= 500 || (!p->ctx && page_begin(p) != 0)) {
		plain_error(p, errors[i].status, errors[i].title, errors[i].message);
		return;
	}
	struct tv *e = tv_child(p->ctx, "error");
	tv_int(e, "status", errors[i].status);
	tv_str(e, "title", errors[i].title);
	tv_str(e, "message", errors[i].message);
	tv_str(p->ctx, "title", errors[i].title);
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

/* A Host header worth echoing into absolute URLs: letters, digits, '.', '-', and a port. */
static bool host_ok(const char *h)
{
	size_t n = h ? strlen(h) : 0;
	if (n == 0 || n > 255)
		return false;
	for (const char *c = h; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '.' || *c == '-' || *c == ':' ||
		      *c == '[' || *c == ']'))
			return false;
	return true;
}

const char *site_base(struct page *p)
{
	const char *base = page_setting(p, "base_url");
	size_t n = strlen(base);
	if (n && (strncmp(base, "https://", 8) == 0 || strncmp(base, "http://", 7) == 0)) {
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

bool article_public(const struct article *a, int64_t now)
{
	return a->status == ARTICLE_PUBLISHED && a->published_at <= now &&
	       (a->expires_at == 0 || a->expires_at > now);
}

int64_t parse_id(const char *s, size_t n)
{
	if (n == 0 || n > 18 || s[0] == '0')
		return 0;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int parse_page(const char *v)
{
	if (!v)
		return 1;
	int64_t n = parse_id(v, strlen(v));
	return n >= 1 && n <= 100000 ? (int)n : -1;
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "/{slug}-{id}.html": returns the id and the slug's span, or 0. */
static int64_t article_path(const char *path, const char **slug, size_t *slug_len)
{
	size_t n = strlen(path);
	if (n < 7 || strcmp(path + n - 5, ".html") != 0 || strchr(path + 1, '/'))
		return 0;
	const char *end = path + n - 5, *dash = end;
	while (dash > path + 1 && dash[-1] >= '0' && dash[-1] <= '9')
		dash--;
	int64_t id = parse_id(dash, (size_t)(end - dash));
	if (!id)
		return 0;
	*slug = path + 1;
	*slug_len = dash > path + 1 ? (size_t)(dash - 1 - (path + 1)) : 0;
	if (dash > path + 1 && dash[-1] != '-')
		return 0;
	return id;
}

static void route_get(struct page *p)
{
	const char *path = p->req->path;
	const char *slug;
	size_t slug_len;
	int64_t id;
	size_t len = strlen(path);
	if (strcmp(path, "/") == 0)
		page_home(p);
	else if (starts(path, "/chuyen-muc/") && len > 8 && strcmp(path + len - 8, "/rss.xml") == 0)
		page_category_feed(p, arena_strndup(p->a, path + strlen("/chuyen-muc/"),
						    len - strlen("/chuyen-muc/") - 7));
	else if (starts(path, "/chuyen-muc/"))
		page_category(p, path + strlen("/chuyen-muc/"));
	else if (starts(path, "/chu-de/"))
		page_tag(p, path + strlen("/chu-de/"));
	else if (strcmp(path, "/rss.xml") == 0)
		page_rss(p);
	else if (strcmp(path, "/sitemap.xml") == 0)
		page_sitemap(p, 0);
	else if (starts(path, "/sitemap-") && len > 13 && strcmp(path + len - 4, ".xml") == 0 &&
		 parse_id(path + 9, len - 13))
		page_sitemap(p, parse_id(path + 9, len - 13));
	else if (strcmp(path, "/robots.txt") == 0)
		page_robots(p);
	else if (starts(path, "/a/"))
		page_article_redirect(p, path + 3);
	else if (strcmp(path, "/tim-kiem") == 0)
		page_search(p);
	else if (starts(path, "/api/v1/"))
		api_handle(p, path + strlen("/api/v1/"));
	else if ((id = article_path(path, &slug, &slug_len)) != 0)
		page_article(p, id, arena_strndup(p->a, slug, slug_len));
	else
		page_error(p, 404);
}

static void plain(struct http_resp *resp, int status, const char *type, const char *text)
{
	resp->status = status;
	resp->content_type = type;
	buf_puts(&resp->body, text);
	http_resp_header(resp, "Cache-Control", "no-store");
}

static bool is_reader(struct page *p)
{
	return p->req->method == HTTP_GET &&
	       !views_is_crawler(http_header(p->req, "User-Agent"), p->site->crawlers);
}

/* The cache key: the path and the query arguments that pages read, as host US proto US path, then
 * US and each argument (RS when absent). Built in the caller's buffer of cap bytes (no printf, no
 * allocation: this runs for every cached request), or in the arena when it does not fit. */
static const char *cache_key(struct page *p, char *stack, size_t cap)
{
	static const char *const args[] = {"page", "category", "q", "from", "to"};
	enum { NPARTS = 3 + sizeof args / sizeof args[0] };
	const char *part[NPARTS];
	size_t len[NPARTS], total = 0;
	/* The host too: feeds, sitemaps and sharing tags carry absolute URLs made from it. */
	part[0] = http_header(p->req, "Host");
	part[1] = http_header(p->req, "X-Forwarded-Proto");
	part[2] = p->req->path;
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
		const char *v = http_query(p->req, args[i]);
		part[3 + i] = v ? v : "\x1e";
	}
	for (size_t i = 0; i < NPARTS; i++) {
		if (!part[i])
			part[i] = "";
		len[i] = strlen(part[i]);
		total += len[i] + 1; /* the separator before it, or the final NUL for the first */
	}
	char *key = total <= cap ? stack : arena_alloc(p->a, total);
	char *w = key;
	for (size_t i = 0; i < NPARTS; i++) {
		if (i)
			*w++ = '\x1f';
		memcpy(w, part[i], len[i]);
		w += len[i];
	}
	*w = '\0';
	return key;
}

/* FNV-1a of the body without the header clock, so that the ETag changes only with the content. */
/* FNV-style over 8 bytes at a time (a page is hashed on every render). */
static uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
	for (; n >= 8; s += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 1099511628211ull;
		h ^= h >> 29;
	}
	for (; n; s++, n--)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static uint64_t content_hash(const char *body, size_t len, const char *skip)
{
	const char *hole = skip && *skip ? strstr(body, skip) : NULL;
	uint64_t h = 1469598103934665603ull;
	if (!hole)
		return hash_bytes(h, body, len);
	size_t before = (size_t)(hole - body), after = before + strlen(skip);
	h = hash_bytes(h, body, before);
	return hash_bytes(h, body + after, len - after);
}

static bool etag_matches(const char *inm, const char *etag)
{
	if (!inm)
		return false;
	if (strcmp(inm, "*") == 0)
		return true;
	size_t n = strlen(etag);
	for (const char *s = inm; (s = strstr(s, etag)) != NULL; s += n)
		return true;
	return false;
}

/* Sends a cached page (the response takes the caller's reference), counting the view it carries. */
static void serve_cached(struct page *p, struct cached_page *cp)
{
	struct http_resp *r = p->resp;
	buf_reset(&r->body);
	r->nheaders = 0;
	r->content_type = cp->content_type;
	bool html = strncmp(cp->content_type, "text/html", 9) == 0;
	if (html)
		html_headers(p);
	else
		http_resp_header(r, "X-Content-Type-Options", "nosniff");
	http_resp_header(r, "ETag", cp->etag);
	http_resp_header(r, "Vary", "Accept-Encoding");
	http_resp_header(r, "Cache-Control", "public, no-cache");
	if (etag_matches(http_header(p->req, "If-None-Match"), cp->etag)) {
		r->status = 304;
		cache_release(cp);
	} else {
		const char *gz_data = NULL;
		size_t gz_len = 0;
		bool gz = accepts_gzip(http_header(p->req, "Accept-Encoding")) &&
			  cache_gzip(cp, &gz_data, &gz_len);
		r->status = cp->status;
		r->shared = gz ? gz_data : cp->body;
		r->shared_len = gz ? gz_len : cp->len;
		r->shared_release = cache_release_cb;
		r->shared_cls = cp;
		if (gz)
			http_resp_header(r, "Content-Encoding", "gzip");
	}
	if (cp->article_id && is_reader(p)) {
		views_hit(p->site->views, cp->article_id);
		atomic_fetch_add(&p->site->m.views, 1);
	}
}

static void render(struct page *p)
{
	int status = page_begin(p);
	if (status) {
		page_error(p, status);
		return;
	}
	route_get(p);
}

/* Serves from the page cache; renders on a miss, or when this request is the one chosen to refresh
 * an expired page (the others meanwhile get the expired copy). */
static void cached_render(struct page *p)
{
	struct page_cache *cache = p->site->cache;
	char key_buf[512];
	const char *key = cache_key(p, key_buf, sizeof key_buf);
	bool refresh = false;
	struct cached_page *hit = cache_get(cache, key, &refresh);
	if (hit && !refresh) {
		atomic_fetch_add(&p->site->m.cache_hits, 1);
		serve_cached(p, hit);
		return;
	}
	uint64_t gen = cache_generation(cache);
	int64_t t0 = cache_now_us();
	render(p);
	atomic_fetch_add(&p->site->m.renders, 1);
	atomic_fetch_add(&p->site->m.render_us, (unsigned long long)(cache_now_us() - t0));
	struct http_resp *r = p->resp;
	if (p->cacheable && r->status == 200 && !r->shared) {
		struct cached_page *fresh =
		    cache_put(cache, key, r->status, r->content_type, buf_cstr(&r->body),
			      r->body.len, p->count_article, gen,
			      content_hash(buf_cstr(&r->body), r->body.len, p->clock_text));
		cache_release(hit);
		serve_cached(p, fresh);
	} else if (hit) {
		/* The refresh failed (say, the database is down for a moment): serve the copy we
		 * have and let a later request try again. */
		atomic_store((_Atomic int *)&hit->refreshing, 0);
		serve_cached(p, hit);
	}
}

static void dispatch(struct page *p);

/* API reads that exist only for accounts: without a token they answer 401, not the public 404. */
static bool api_private(const char *rest)
{
	size_t n = strlen(rest);
	return strcmp(rest, "me") == 0 || (strncmp(rest, "articles/", 9) == 0 && n > 10 &&
					   strcmp(rest + n - 10, "/revisions") == 0);
}

void site_handle(struct http_req *req, struct http_resp *resp, void *app)
{
	struct page p = {.site = app, .req = req, .resp = resp, .a = req->arena};
	dispatch(&p);
	metrics_count(p.site, resp->status);
}

static void dispatch(struct page *pp)
{
	struct page p = *pp;
	struct http_req *req = p.req;
	struct http_resp *resp = p.resp;
	if (req->bad == HTTP_BAD_PATH || req->bad == HTTP_BAD_QUERY) {
		if (starts(req->path, "/api/"))
			plain(resp, 400, "application/json; charset=utf-8",
			      "{\"error\":\"malformed request: invalid percent-encoding\"}\n");
		else
			page_error(&p, 400);
		return;
	}
	if (req->bad == HTTP_BAD_TOO_LARGE) {
		page_error(&p, 413);
		return;
	}
	const struct site_admin *admin = &p.site->admin;
	if (admin->handle && (strcmp(req->path, "/admin") == 0 || starts(req->path, "/admin/"))) {
		admin->handle(&p); /* never cached: sessions and forms */
		return;
	}
	/* Writes and authenticated reads of the API go to the newsroom; public reads stay cached.
	 */
	if (admin->api_write && starts(req->path, "/api/v1/") &&
	    (!(req->method & (HTTP_GET | HTTP_HEAD)) || http_header(req, "Authorization") ||
	     api_private(req->path + strlen("/api/v1/"))) &&
	    admin->api_write(&p, req->path + strlen("/api/v1/")) == 0)
		return;
	if (!(req->method & (HTTP_GET | HTTP_HEAD))) {
		page_error(&p, 405);
		return;
	}
	if (strcmp(req->path, "/healthz") == 0) {
		plain(resp, 200, "text/plain; charset=utf-8", "ok\n");
		return;
	}
	if (strcmp(req->path, "/metrics") == 0) {
		page_metrics(&p);
		return;
	}
	if (starts(req->path, "/static/")) {
		if (!assets_serve(&p))
			page_error(&p, 404);
		return;
	}
	if (starts(req->path, "/media/")) { /* uploads: never in the page cache */
		if (!media_serve(&p))
			page_error(&p, 404);
		return;
	}
	cached_render(&p);
}
