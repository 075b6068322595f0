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
#include "site/mediacache.h"
#include "site/pagestore.h"
#include "vi/vi.h"

const struct site_setting site_settings[] = {
    {"site_name", "Tên đơn vị chủ quản", "Gazette"},
    {"licence", "Giấy phép", ""},
    {"address", "Địa chỉ", ""},
    {"phone", "Điện thoại", ""},
    {"website", "Website", ""},
    {"notice", "Ghi chú trích dẫn nguồn", ""},
    {"timezone", "Múi giờ", "Asia/Ho_Chi_Minh"},
    {"links_style", "Liên kết website: \"links\" (danh sách) hoặc \"select\" (hộp chọn)", "links"},
    {"base_url", "Địa chỉ gốc của trang (https://...), cho RSS, sitemap và chia sẻ", ""},
    {"slogan", "Khẩu hiệu (dưới tên trang)", ""},
    {"logo", "Logo (đường dẫn ảnh, ví dụ /media/2026/01/...png)", ""},
    {"banner", "Ảnh banner đầu trang (đường dẫn ảnh)", ""},
    {"favicon", "Biểu tượng trang - favicon (đường dẫn ảnh)", ""},
    {"primary_color", "Màu chủ đạo (#rrggbb)", ""},
    {"menu_hide",
     "Chuyên mục không hiện trên menu (đường dẫn, cách nhau bằng dấu phẩy, ví dụ "
     "tin-tuc/thoi-su)",
     ""},
    {"menu_links", "Liên kết thêm trên menu (Tên|địa chỉ; Tên 2|địa chỉ 2)", ""},
};
const size_t site_settings_count = sizeof site_settings / sizeof site_settings[0];

#define DEFAULT_CRAWLERS                                                                           \
	"bot,spider,crawl,slurp,facebookexternalhit,mediapartners,bingpreview,embedly,"            \
	"linkpreview,whatsapp,archiver,ia_archiver,scrapy,lighthouse"

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
		if (changed) {
			/* Another node's write: no replica behind it fills the cache again. */
			store_note_write(s->st);
			cache_bump(s->cache);
		}
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
	mcache_configure(st, s->media_dir, cfg->media_cache_bytes);
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
	buf_printf(&dir, "%s/i18n", cfg->theme_dir);
	if (i18n_load(&s->i18n, buf_cstr(&dir), err) != 0)
		goto fail;
	buf_reset(&dir);
	buf_printf(&dir, "%s/static", cfg->theme_dir);
	if (assets_load(s, buf_cstr(&dir), err) != 0)
		goto fail;
	s->surfaces = cfg->surfaces;
	s->nsurfaces = cfg->nsurfaces;
	metrics_init(s);
	s->max_body = cfg->max_body ? cfg->max_body : 1024 * 1024;
	s->max_upload = cfg->max_upload ? cfg->max_upload : 30 * 1024 * 1024;
	s->max_video = cfg->max_video ? cfg->max_video : 256 * 1024 * 1024;
	if (cfg->admin_dir) {
		buf_reset(&dir);
		buf_printf(&dir, "%s/templates", cfg->admin_dir);
		if (tpl_load_dir(buf_cstr(&dir), &s->admin_tpl, err) != 0)
			goto fail;
		buf_reset(&dir);
		buf_printf(&dir, "%s/static", cfg->admin_dir);
		if (assets_load(s, buf_cstr(&dir), err) != 0)
			goto fail;
	}
	if (cfg->page_store && *cfg->page_store) {
		s->pages = pstore_open(
		    cfg->page_store,
		    cfg->page_store_bytes ? cfg->page_store_bytes : (size_t)512 << 20, err);
		if (!s->pages)
			goto fail;
	}
	s->views = views_start(st, cfg->views_flush_ms);
	s->downloads = views_start_sink(st, cfg->views_flush_ms, site_downloads_sink, "downloads");
	struct arena *ka = arena_new();
	const char *secret = "";
	if (store_widget_secret(st, ka, &secret) != STORE_OK)
		log_warn("site: no widget secret in the database; the visitor counter is per node");
	s->visitors = visitors_start(st, cfg->views_flush_ms, secret);
	s->widget_secret = xstrdup(secret);
	arena_free(ka);
	if (s->pages) {
		buf_reset(&dir);
		buf_printf(&dir, "%s/views.pending", cfg->page_store);
		views_spool(s->views, buf_cstr(&dir));
	}
	buf_free(&dir);
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
	views_stop(s->downloads);
	visitors_stop(s->visitors);
	free(s->widget_secret);
	cache_free(s->cache);
	pstore_close(s->pages);
	site_snap_free(s);
	tpl_set_free(s->tpl);
	tpl_set_free(s->admin_tpl);
	i18n_free(&s->i18n);
	assets_free(s);
	free(s->crawlers);
	free(s->media_dir);
	metrics_free(s);
	free(s);
}

/* Worked out once per request: the view and the visitor counters both ask. */
static bool is_reader(struct page *p)
{
	if (!p->reader)
		p->reader =
		    p->req->method == HTTP_GET &&
			    !views_is_crawler(http_header(p->req, "User-Agent"), p->site->crawlers)
			? 1
			: -1;
	return p->reader > 0;
}

/* A reader's page (an HTML answer of the public site) counts them as a visitor. */
static void count_visitor(struct page *p)
{
	const struct http_resp *r = p->resp;
	if ((r->status == 200 || r->status == 304) && r->content_type &&
	    strncmp(r->content_type, "text/html", 9) == 0 && is_reader(p))
		visitors_hit(p->site->visitors, p->req->client_addr,
			     http_header(p->req, "User-Agent"), (int64_t)time(NULL));
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

#define FORM_TOKEN "name=\"t\" value=\""
#define FORM_TOKEN_V 9 /* where its 'v' is: a rare letter, so the search stops at few places */

/* cache_hash_bytes over s[0..n) without the values of the forms' time tokens (the poll form's, made
 * at each render: widget_poll.html), so that they do not change the ETag every second either. */
static uint64_t hash_tokenless(uint64_t h, const char *s, size_t n)
{
	const size_t k = sizeof FORM_TOKEN - 1;
	const char *end = s + n;
	for (;;) {
		const char *t = NULL;
		const char *p = (size_t)(end - s) >= k ? s + FORM_TOKEN_V : end;
		while (p < end) {
			const char *v = memchr(p, 'v', (size_t)(end - p));
			if (!v)
				break;
			if ((size_t)(end - v) >= k - FORM_TOKEN_V &&
			    memcmp(v - FORM_TOKEN_V, FORM_TOKEN, k) == 0) {
				t = v - FORM_TOKEN_V;
				break;
			}
			p = v + 1;
		}
		if (!t)
			return cache_hash_bytes(h, s, (size_t)(end - s));
		h = cache_hash_bytes(h, s, (size_t)(t - s) + k);
		const char *q = memchr(t + k, '"', (size_t)(end - t - k));
		s = q ? q : end;
	}
}

/* hash_tokenless when the page holds a form token (page.h, form_tokens), else the plain hash. */
static uint64_t hash_part(uint64_t h, const char *s, size_t n, bool tokens)
{
	return tokens ? hash_tokenless(h, s, n) : cache_hash_bytes(h, s, n);
}

/* The hash of the page without its header clock: the clock's text (skip) and, just before it, its
 * data-epoch attribute, the two things that change every second; and without form tokens when it
 * has some. */
static uint64_t content_hash(const char *body, size_t len, const char *skip, bool tokens)
{
	const char *hole = skip && *skip ? strstr(body, skip) : NULL;
	uint64_t h = 1469598103934665603ull;
	if (!hole)
		return hash_part(h, body, len, tokens);
	size_t after = (size_t)(hole - body) + strlen(skip);
	const char *epoch = strstr(body, "data-epoch=\"");
	if (epoch && epoch < hole && hole - epoch < 256)
		hole = epoch;
	size_t before = (size_t)(hole - body);
	h = hash_part(h, body, before, tokens);
	return hash_part(h, body + after, len - after, tokens);
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

/* Sends a cached page (the response takes the caller's reference), counting the view it carries;
 * stale: the database could not be reached to render it again. */
static void serve_cached(struct page *p, struct cached_page *cp, bool stale)
{
	struct http_resp *r = p->resp;
	buf_reset(&r->body);
	r->nheaders = 0;
	r->content_type = cp->content_type;
	bool html = strncmp(cp->content_type, "text/html", 9) == 0;
	if (html)
		page_html_headers(p);
	else
		http_resp_header(r, "X-Content-Type-Options", "nosniff");
	http_resp_header(r, "ETag", cp->etag);
	http_resp_header(r, "Vary", "Accept-Encoding");
	http_resp_header(r, "Cache-Control", "public, no-cache");
	if (stale || cp->stale)
		http_resp_header(r, "X-Gazette-Stale", "database-unavailable");
	if (etag_matches(http_header(p->req, "If-None-Match"), cp->etag)) {
		r->status = 304;
		cache_release(cp);
	} else {
		const char *gz_data = NULL;
		size_t gz_len = 0;
		bool gz = cache_accepts_gzip(http_header(p->req, "Accept-Encoding")) &&
			  cache_page_gzip(cp, &gz_data, &gz_len);
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

/* Serves from the page cache; renders on a miss, or when this request is the one chosen to refresh
 * an expired page (the others meanwhile get the expired copy). */
static void cached_render(struct page *p, const struct site_surface *sf)
{
	struct page_cache *cache = p->site->cache;
	char key_buf[512];
	const char *key = cache_key(p, key_buf, sizeof key_buf);
	bool refresh = false;
	struct cached_page *hit = cache_get(cache, key, &refresh);
	if (hit && !refresh) {
		atomic_fetch_add(&p->site->m.cache_hits, 1);
		serve_cached(p, hit, false);
		return;
	}
	atomic_fetch_add(&p->site->m.cache_misses, 1);
	uint64_t gen = cache_generation(cache);
	int64_t t0 = cache_now_us();
	sf->serve(p);
	atomic_fetch_add(&p->site->m.renders, 1);
	atomic_fetch_add(&p->site->m.render_us, (unsigned long long)(cache_now_us() - t0));
	struct http_resp *r = p->resp;
	if (p->cacheable && r->status == 200 && !r->shared) {
		uint64_t hash =
		    content_hash(buf_cstr(&r->body), r->body.len, p->clock_text, p->form_tokens);
		size_t len = r->body.len;
		/* The cache takes the buffer the page was rendered into (no copy of the page). */
		struct cached_page *fresh =
		    cache_put_owned(cache, key, r->status, r->content_type, buf_detach(&r->body),
				    len, p->count_article, gen, hash);
		cache_release(hit);
		pstore_offer(p->site->pages, fresh); /* written by another thread */
		serve_cached(p, fresh, false);
	} else if (hit) {
		/* The refresh failed (say, the database is down for a moment): serve the copy we
		 * have and let a later request try again. */
		atomic_store((_Atomic int *)&hit->refreshing, 0);
		serve_cached(p, hit, r->status == 503);
	} else if (r->status == 503 && p->site->pages) {
		/* The database is unreachable: the version kept on disk, put in the cache so that
		 * the next readers of the outage get it from memory (and one of them each ttl tries
		 * the database again). */
		struct stored_page sp;
		if (pstore_load(p->site->pages, key, &sp) == 0) {
			struct cached_page *cp =
			    cache_put_stale(cache, key, sp.status, sp.content_type, sp.body, sp.len,
					    sp.article_id, gen, sp.content_hash);
			free(sp.body);
			atomic_fetch_add(&p->site->m.stale, 1);
			serve_cached(p, cp, true);
		}
	}
}

/* The surface whose prefix the path starts with ("/admin" takes "/admin" and "/admin/..."). */
static const struct site_surface *surface_of(const struct site *s, const char *path)
{
	for (size_t i = 0; i < s->nsurfaces; i++) {
		const char *pre = s->surfaces[i]->prefix;
		size_t n = strlen(pre);
		if (strncmp(path, pre, n) == 0 &&
		    (pre[n - 1] == '/' || path[n] == '\0' || path[n] == '/'))
			return s->surfaces[i];
	}
	return NULL;
}

/* Refusals before any row runs come from the surface that owns the path (a JSON body under /api/,
 * the error page elsewhere); rows then answer from the cache or through the surface. Returns the
 * surface (NULL when none took the path). */
static const struct site_surface *dispatch(struct page *p)
{
	struct http_req *req = p->req;
	const struct site_surface *sf =
	    surface_of(p->site, req->bad == HTTP_BAD_PATH ? req->raw_path : req->path);
	if (!sf) {
		page_error(p, 404);
		return NULL;
	}
	if (req->bad == HTTP_BAD_PATH || req->bad == HTTP_BAD_QUERY) {
		sf->refuse(p, 400);
		return sf;
	}
	if (req->bad == HTTP_BAD_TOO_LARGE && !site_streams_body(req)) {
		sf->refuse(p, 413);
		return sf;
	}
	if (req->bad) { /* refused from its headers: a page that needs no store */
		site_refuse(p);
		return sf;
	}
	int status = http_route_find(&sf->routes, req->method, req->path, &p->match);
	/* A "/{lang}/..." row whose first segment names no other language takes nothing: the path
	 * is a 404 (or an imported site's old address, below). */
	if (status == 200 && !lang_of_route(p))
		status = 404;
	/* Old addresses of imported sites (legacy.c): any path no row takes, and "/?p=ID" or
	 * "/index.php?nv=..." before the cache, whose key does not hold those arguments. */
	bool is_get = (req->method & (HTTP_GET | HTTP_HEAD)) != 0;
	/* Readers' requests may read from a replica; a token's (a writer's) read the primary, where
	 * what they just wrote is. */
	if (sf->replica_reads && is_get && !http_header(req, "Authorization"))
		p->st = store_reader(p->st, p->a);
	if (sf == &site_public_surface && is_get &&
	    ((status == 404 && site_legacy_redirect(p, strcmp(req->path, "/index.php") == 0)) ||
	     (status == 200 && strcmp(req->path, "/") == 0 && site_legacy_redirect(p, true))))
		return sf;
	if (status != 200) {
		sf->refuse(p, status);
		return sf;
	}
	const struct route *r = p->match.route;
	if ((r->flags & ROUTE_CACHED) &&
	    !((r->flags & ROUTE_TOKEN) && http_header(req, "Authorization")))
		cached_render(p, sf);
	else
		sf->serve(p);
	if (sf == &site_public_surface)
		count_visitor(p);
	return sf;
}

void site_handle(struct http_req *req, struct http_resp *resp, void *app)
{
	struct site *s = app;
	struct page p = {.site = s, .st = s->st, .req = req, .resp = resp, .a = req->arena};
	int64_t t0 = cache_now_us();
	const struct site_surface *sf = dispatch(&p);
	/* What a request wrote is read back from the primary, or from a replica that replayed it.
	 */
	if (!(req->method & (HTTP_GET | HTTP_HEAD)))
		store_note_write(s->st);
	metrics_request(s, req, sf, p.match.route, resp->status, cache_now_us() - t0);
}

void site_content_changed(void *site)
{
	struct site *s = site;
	store_note_write(s->st); /* the pages rendered next read nothing older */
	cache_bump(s->cache);
}

const struct tpl_set *site_admin_templates(const struct site *s)
{
	return s->admin_tpl;
}

const char *site_widget_secret(const struct site *s)
{
	return s->widget_secret ? s->widget_secret : "";
}

const char *site_media_dir(const struct site *s)
{
	return s->media_dir;
}

size_t site_max_upload(const struct site *s)
{
	return s->max_upload;
}

size_t site_max_video(const struct site *s)
{
	return s->max_video;
}
