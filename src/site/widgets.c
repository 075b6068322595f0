/* The portal widgets on pages: the right column's blocks, the poll page (/binh-chon/{id}) and the
 * visitor counter's page without JavaScript (/thong-ke-truy-cap). */
#include "site/site-int.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize/sanitize.h"
#include "site/polls.h"
#include "site/widgets.h"
#include "vi/vi.h"

static void visitors_block(struct tv *w)
{
	tv_bool(w, "is_visitors", true);
}

bool banner_active(const struct banner *b, int64_t now)
{
	return (!b->starts_at || now >= b->starts_at) && (!b->ends_at || now < b->ends_at);
}

static void banner_item(struct page *p, struct tv *list, const struct banner *b)
{
	struct tv *it = tv_push(list);
	tv_int(it, "id", b->id);
	tv_str(it, "title", b->title);
	tv_str(it, "url", arena_printf(p->a, "/r/%lld", (long long)b->id));
	tv_str(it, "rel", *b->rel ? arena_printf(p->a, "noopener %s", b->rel) : "noopener");
	if (*b->image)
		tv_str(it, "image", b->image);
}

/* The active banners of each position, and the website links, as lists of the context. */
static void banners_context(struct page *p, struct tv *widgets)
{
	const struct banner *all;
	size_t n;
	if (site_snap_banners(p, &all, &n) != STORE_OK)
		return;
	static const char *const places[] = {"header", "footer", "between"};
	for (size_t k = 0; k < sizeof places / sizeof places[0]; k++) {
		struct tv *list = tv_list(p->ctx, arena_printf(p->a, "banners_%s", places[k]));
		bool any = false;
		for (size_t i = 0; i < n; i++) {
			if (strcmp(all[i].kind, "banner") == 0 &&
			    strcmp(all[i].position, places[k]) == 0 &&
			    banner_active(&all[i], p->now)) {
				banner_item(p, list, &all[i]);
				any = true;
			}
		}
		tv_bool(p->ctx, arena_printf(p->a, "has_banners_%s", places[k]), any);
	}
	struct tv *right = NULL, *links = NULL;
	for (size_t i = 0; widgets && i < n; i++) {
		if (!banner_active(&all[i], p->now))
			continue;
		bool link = strcmp(all[i].kind, "link") == 0;
		if (!link && strcmp(all[i].position, "right") != 0)
			continue;
		struct tv **slot = link ? &links : &right;
		if (!*slot) {
			struct tv *w = tv_push(widgets);
			tv_bool(w, link ? "is_links" : "is_banners", true);
			tv_bool(w, "has_items", true);
			if (link)
				tv_bool(w, "select",
					strcmp(page_setting(p, "links_style"), "select") == 0);
			*slot = tv_list(w, "items");
		}
		banner_item(p, *slot, &all[i]);
	}
}

#define LAYOUT_ARTICLES 5

/* The articles of a category (and its descendants) for a layout block. */
static void category_block(struct page *p, struct tv *it, int64_t id)
{
	const struct category *c = cat_find(p, id);
	if (!c)
		return;
	tv_str(it, "name", c->name);
	tv_str(it, "url", cat_url(p, c->id));
	struct article_summary *rows = NULL;
	size_t n = 0;
	if (site_snap_tree(p, c->id, LAYOUT_ARTICLES, &rows, &n) != STORE_OK)
		n = 0;
	tv_bool(it, "has_articles", n > 0);
	struct tv *list = tv_list(it, "articles");
	for (size_t i = 0; i < n; i++) {
		struct tv *a = tv_push(list);
		tv_str(a, "title", rows[i].title);
		tv_str(a, "url", site_article_url(p->a, rows[i].slug, rows[i].id));
		tv_str(a, "date", page_date(p, rows[i].published_at));
	}
}

static void banners_block(struct page *p, struct tv *it, const char *position, bool links)
{
	const struct banner *all = NULL;
	size_t n;
	if (site_snap_banners(p, &all, &n) != STORE_OK)
		n = 0;
	struct tv *list = tv_list(it, "items");
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		bool link = strcmp(all[i].kind, "link") == 0;
		if (link != links || !banner_active(&all[i], p->now) ||
		    (!links && strcmp(all[i].position, position) != 0))
			continue;
		banner_item(p, list, &all[i]);
		any = true;
	}
	tv_bool(it, "has_items", any);
	if (links)
		tv_bool(it, "select", strcmp(page_setting(p, "links_style"), "select") == 0);
}

static void poll_block(struct page *p, struct tv *it, int64_t id, const char *area)
{
	const struct poll *polls;
	size_t n;
	if (site_snap_polls(p, &polls, &n) != STORE_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!polls[i].active ||
		    (id ? polls[i].id != id : strcmp(polls[i].position, area) != 0))
			continue;
		poll_fill(p, tv_child(it, "poll"), &polls[i], false);
		return;
	}
}

bool layout_context(struct page *p, const char *area, struct tv *list)
{
	const struct layout_block *b;
	const struct safe_html *const *html;
	size_t n;
	if (site_snap_layout(p, area, &b, &n, &html) != STORE_OK || n == 0)
		return false;
	static const struct {
		const char *kind, *url, *name;
	} hooks[] = {{"documents", "/van-ban/", "Văn bản mới"},
		     {"album", "/thu-vien-anh/", "Thư viện ảnh"},
		     {"video", "/video/", "Video"}};
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		const char *k = b[i].kind;
		tv_bool(it, arena_printf(p->a, "is_%s", k), true);
		if (*b[i].title)
			tv_str(it, "title", b[i].title);
		if (strcmp(k, "category") == 0)
			category_block(p, it, b[i].arg);
		else if (strcmp(k, "poll") == 0)
			poll_block(p, it, b[i].arg, area);
		else if (strcmp(k, "banners") == 0)
			banners_block(p, it, strcmp(area, "home") == 0 ? "between" : "right",
				      false);
		else if (strcmp(k, "links") == 0)
			banners_block(p, it, "links", true);
		else if (strcmp(k, "html") == 0 && html[i])
			tv_safe(it, "html", html[i]);
		for (size_t j = 0; j < sizeof hooks / sizeof hooks[0]; j++) {
			if (strcmp(k, hooks[j].kind) == 0) {
				tv_bool(it, "is_hook", true);
				tv_str(it, "url", hooks[j].url);
				if (!*b[i].title)
					tv_str(it, "title", hooks[j].name);
			}
		}
	}
	return true;
}

static void fill_widgets(struct page *p, struct tv *ctx)
{
	(void)ctx; /* p->ctx, which the functions below fill */
	struct tv *list = tv_list(p->ctx, "widgets");
	tv_bool(p->ctx, "has_widgets", true);
	bool laid_out = layout_context(p, "right", list);
	tv_bool(p->ctx, "has_right_layout", laid_out);
	if (laid_out) {
		banners_context(p, NULL);
		return;
	}
	visitors_block(tv_push(list));
	const struct poll *polls = NULL;
	size_t n;
	if (site_snap_polls(p, &polls, &n) != STORE_OK)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		if (!polls[i].active || strcmp(polls[i].position, "right") != 0)
			continue;
		struct tv *w = tv_push(list);
		tv_bool(w, "is_poll", true);
		/* Cached pages know no browser: results show here only once the poll is closed. */
		poll_fill(p, tv_child(w, "poll"), &polls[i], false);
	}
	banners_context(p, list);
}

/* The right column and the banners: the same for every page of a language, made once per
 * snapshot (issue 18). */
void widgets_context(struct page *p)
{
	site_snap_part(p, SNAP_WIDGETS, fill_widgets, p->ctx);
}

static void fill_counts(struct tv *obj, const struct visitor_counts *c)
{
	struct buf b = BUF_INIT;
	const int64_t v[] = {c->online, c->today, c->month, c->total};
	const char *const k[] = {"online", "today", "month", "total"};
	for (size_t i = 0; i < 4; i++) {
		buf_reset(&b);
		vi_format_int(&b, v[i]);
		tv_str(obj, k[i], buf_cstr(&b));
	}
	buf_free(&b);
}

void page_visitors(struct page *p)
{
	struct visitor_counts c;
	enum store_rc rc = visitors_counts(p->st, p->now, p->tz, &c);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc == STORE_NOTFOUND ? STORE_ERROR : rc));
		return;
	}
	fill_counts(tv_child(p->ctx, "counts"), &c);
	tv_str(p->ctx, "title", "Thống kê truy cập");
	http_resp_header(p->resp, "Cache-Control", "no-store");
	page_render(p, 200, "visitors");
}

struct picked {
	struct page *p;
	int64_t ids[POLL_MAX_CHOICES + 1];
	size_t n;
	bool bad;
};

static void pick(const char *v, void *ctx)
{
	struct picked *k = ctx;
	int64_t id = http_parse_id(v, strlen(v));
	if (!id)
		k->bad = true;
	else if (k->n < POLL_MAX_CHOICES + 1)
		k->ids[k->n++] = id;
}

/* The form's protections: sent from this site's own pages (Origin, else Referer: the CSRF check
 * of a form without a session), with a signed token at least POLL_FORM_MIN_SECONDS old. Status 0
 * when they pass. */
static struct vote_outcome form_check(struct page *p, int64_t id, const struct http_form *f)
{
	if (!http_same_origin(p->req, page_setting(p, "base_url")))
		return (struct vote_outcome){403, "cross_site",
					     "Phiếu bình chọn phải được gửi từ chính trang này."};
	switch (poll_form_check(p, id, http_form_get(f, "t"))) {
	case POLL_FORM_OK:
		return (struct vote_outcome){0, NULL, NULL};
	case POLL_FORM_TOO_FAST:
		return (struct vote_outcome){
		    429, "too_fast", "Bạn gửi quá nhanh. Vui lòng đợi vài giây rồi bình chọn lại."};
	default:
		return (struct vote_outcome){400, "bad_form",
					     "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải "
					     "lại trang rồi bình chọn lại."};
	}
}

/* GET shows the poll (its results when this browser voted or it closed); POST votes from the form
 * (no JavaScript needed), answering with the same page and the outcome. */
void page_poll(struct page *p, int64_t id)
{
	const char *msg = NULL;
	int status = 200;
	bool ok = false;
	if (p->req->method == HTTP_POST) {
		struct http_form f;
		struct picked k = {.p = p};
		if (http_form_parse(p->req, &f) != 0) {
			page_error(p, 400);
			return;
		}
		const char *trap = http_form_get(&f, "website"); /* a honeypot: people leave it */
		http_form_each(&f, "choice", pick, &k);
		struct vote_outcome o;
		if (trap && *trap)
			o = (struct vote_outcome){400, "spam",
						  "Không ghi nhận được lượt bình chọn."};
		else if ((o = form_check(p, id, &f)).status == 0)
			o = k.bad ? (struct vote_outcome){400, "bad_choice",
							  "Phương án đã chọn không hợp lệ."}
				  : poll_vote(p, id, k.ids, k.n);
		if (o.status == 404) {
			page_error(p, 404);
			return;
		}
		ok = o.status == 201;
		status = ok ? 200 : o.status;
		msg = o.message;
	}
	struct poll pl;
	enum store_rc rc = store_poll_get(p->st, p->a, id, &pl);
	if (rc == STORE_OK && !pl.active)
		rc = STORE_NOTFOUND;
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	bool voted = ok || poll_voted(p, id);
	poll_fill(p, tv_child(p->ctx, "poll"), &pl, voted);
	if (msg) {
		tv_str(p->ctx, "message", msg);
		tv_bool(p->ctx, "message_ok", ok);
	}
	tv_str(p->ctx, "title", pl.question);
	http_resp_header(p->resp, "Cache-Control", "no-store");
	page_render(p, status, "poll");
}

static void h_poll(void *ctx)
{
	struct page *p = ctx;
	page_poll(p, http_route_param_id(&p->match, "id"));
}

static const struct route poll_rows[] = {
    {ROUTE_GET | HTTP_POST, "/binh-chon/{id}", h_poll, 0, ROUTE_PUBLIC, NULL}, /* per browser */
};

const struct site_surface site_poll_surface = {
    .routes = {"site", poll_rows, sizeof poll_rows / sizeof poll_rows[0]},
    .prefix = "/binh-chon",
    .serve = site_serve,
    .refuse = page_error,
};

/* /r/{id} (and /r?id= from the links' select without JavaScript): a redirect to the stored URL of
 * an active banner or link, never to anything from the request; a reader's click counts. */
void page_banner(struct page *p, int64_t id)
{
	struct banner b;
	enum store_rc rc = id > 0 ? store_banner_get(p->st, p->a, id, &b) : STORE_NOTFOUND;
	if (rc == STORE_OK && !banner_active(&b, p->now))
		rc = STORE_NOTFOUND;
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	if (p->req->method == HTTP_GET &&
	    !views_is_crawler(http_header(p->req, "User-Agent"), p->site->crawlers))
		store_banner_click(p->st, id);
	p->resp->status = 302;
	http_resp_header(p->resp, "Location", b.url);
	http_resp_header(p->resp, "Cache-Control", "no-store");
	http_resp_header(p->resp, "Referrer-Policy", "strict-origin-when-cross-origin");
}

/* True when the sanitiser keeps url as a player's frame (a stored embed is checked again). */
static bool embed_allowed(const char *url)
{
	if (strpbrk(url, "\"<>"))
		return false;
	struct buf b = BUF_INIT;
	buf_printf(&b, "<iframe src=\"%s\"></iframe>", url);
	struct safe_html *h = NULL;
	bool ok = sanitize_html(b.data, b.len, &h) == 0 && h && strstr(safe_html_str(h), "<iframe");
	safe_html_free(h);
	buf_free(&b);
	return ok;
}

/* GET /video/: uploaded videos (HTML5 video, served from /media/ with ranges) and embeds of the
 * players the sanitiser allows. */
void page_videos(struct page *p)
{
	struct video *v;
	size_t n;
	enum store_rc rc = store_videos(p->st, p->a, &v, &n);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(p->ctx, "videos");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", v[i].id);
		tv_str(it, "title", v[i].title);
		tv_str(it, "date", page_date(p, v[i].created_at));
		if (*v[i].poster)
			tv_str(it, "poster", v[i].poster);
		if (*v[i].file) {
			tv_str(it, "src", arena_printf(p->a, "/media/%s", v[i].file));
			tv_str(it, "type", v[i].mime);
		} else if (*v[i].embed && embed_allowed(v[i].embed)) {
			/* the template's own frame (escaped), without the sanitiser's sandbox that
			 * player frames need opened to scripts and their origin anyway; the CSP's
			 * frame-src allows these players and nothing else */
			tv_str(it, "embed_url", v[i].embed);
		}
	}
	tv_bool(p->ctx, "has_videos", n > 0);
	tv_str(p->ctx, "title", "Video");
	page_render(p, 200, "videos");
	p->cacheable = true;
}

/* GET /thu-vien-anh/: the albums with their covers. */
void page_albums(struct page *p)
{
	struct album *al;
	size_t n;
	enum store_rc rc = store_albums(p->st, p->a, &al, &n);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(p->ctx, "albums");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_str(it, "title", al[i].title);
		tv_str(it, "url", arena_printf(p->a, "/thu-vien-anh/%lld", (long long)al[i].id));
		if (*al[i].cover)
			tv_str(it, "cover", arena_printf(p->a, "/media/%s", al[i].cover));
		tv_str(it, "date", page_date(p, al[i].created_at));
	}
	tv_bool(p->ctx, "has_albums", n > 0);
	tv_str(p->ctx, "title", "Thư viện ảnh");
	page_render(p, 200, "albums");
	p->cacheable = true;
}

/* GET /thu-vien-anh/{id}: a responsive grid of thumbnails; each opens its photo in a lightbox made
 * of CSS :target (no script), with the previous and next photo. */
void page_album(struct page *p, int64_t id)
{
	struct album al;
	enum store_rc rc = store_album(p->st, p->a, id, &al);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	tv_str(p->ctx, "album_title", al.title);
	struct tv *list = tv_list(p->ctx, "photos");
	for (size_t i = 0; i < al.nphotos; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "n", (int64_t)i + 1);
		tv_str(it, "src", arena_printf(p->a, "/media/%s", al.photos[i].file));
		tv_str(it, "thumb", arena_printf(p->a, "/media/%s", al.photos[i].thumb));
		tv_str(it, "caption", al.photos[i].caption);
		if (i > 0)
			tv_int(it, "prev", (int64_t)i);
		if (i + 1 < al.nphotos)
			tv_int(it, "next", (int64_t)i + 2);
	}
	tv_int(p->ctx, "count", (int64_t)al.nphotos);
	tv_str(p->ctx, "title", al.title);
	page_render(p, 200, "album");
	p->cacheable = true;
}
