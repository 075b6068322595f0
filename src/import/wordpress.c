/* WordPress import: pass 1 takes accounts, terms, media and menu items; pass 2 posts, and pages
 * as static pages; then parents, links and the main menu. */
#include "import/wordpress.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "import/wpbody.h"
#include "import/wpmenu.h"
#include "import/wxr.h"
#include "vi/vi.h"

#define WP_SLUG_MAX 80
#define WP_DEFAULT_ROLE "contributor"

struct wp_cat {
	char *name, *parent, *term_id;
	int64_t id;
	bool busy;      /* on the current path of ensure_cat: a loop in the parents */
	bool name_slug; /* made here, not by WordPress: its Gazette slug comes from its name */
};

/* WordPress's default category: what a post without any category is filed under. */
#define WP_DEFAULT_CAT "uncategorized"
#define WP_DEFAULT_CAT_NAME "Chưa phân loại"

struct wp_run {
	struct import_writer *w;
	struct store *st;
	const struct wp_opts *o;
	char *old_base;
	GHashTable *cats;         /* WP slug -> struct wp_cat */
	GHashTable *att_url;      /* attachment id -> new address */
	GHashTable *att_children; /* parent post id -> "id,id,..." */
	GHashTable *authors;      /* login -> display name */
	GHashTable *tags;         /* WP slugs of the tags posts named */
	struct buf title, lead;   /* the item's, as plain text */
	GArray *pending;          /* article ids whose links to the old site need a second look */
	GPtrArray *orphans;       /* pages whose parent came later: "ID\tPARENT-KEY" */
	struct wpm *menus;        /* the export's navigation menus (wpmenu.c) */
	long long items;
	bool need_default; /* a post has no category */
};

static void cat_free(gpointer p)
{
	struct wp_cat *c = p;
	g_free(c->name);
	g_free(c->parent);
	g_free(c->term_id);
	g_free(c);
}

static void tick(struct wp_run *r)
{
	r->items++;
	if (r->o->tick)
		r->o->tick(r->o->pctx, r->items);
}

/* ---- Pass 1: the channel, accounts, terms, attachments ---- */

static int on_channel(void *ctx, const char *site, const char *blog, struct buf *err)
{
	struct wp_run *r = ctx;
	(void)err;
	if (!r->old_base)
		r->old_base = g_strdup(*site ? site : blog);
	return 0;
}

static int on_author(void *ctx, const struct wxr_author *a, struct buf *err)
{
	struct wp_run *r = ctx;
	const char *display = *a->display_name ? a->display_name : a->login;
	g_hash_table_replace(r->authors, g_strdup(a->login), g_strdup(display));
	const char *role = r->o->roles ? g_hash_table_lookup(r->o->roles, a->login) : NULL;
	if (!iw_account(r->w, a->login, a->login, display, role ? role : WP_DEFAULT_ROLE)) {
		buf_printf(err, "cannot create the account '%s'", a->login);
		return -1;
	}
	return 0;
}

static int on_term(void *ctx, const struct wxr_term *t, struct buf *err)
{
	struct wp_run *r = ctx;
	(void)err;
	wpm_term(r->menus, t);
	if (strcmp(t->kind, "category") == 0) {
		struct wp_cat *c = g_new0(struct wp_cat, 1);
		c->name = g_strdup(*t->name ? t->name : t->slug);
		c->parent = g_strdup(t->parent_slug);
		c->term_id = g_strdup(t->id);
		g_hash_table_replace(r->cats, g_strdup(t->slug), c);
	}
	return 0; /* tags are made, and their old addresses kept, as the posts name them */
}

/*
 * The uploads-relative file of an attachment: its _wp_attached_file, else what follows "/uploads/"
 * in its URL, else the URL's path (WordPress.com serves uploads as
 * https://SITE.files.wordpress.com/ YYYY/MM/FILE).
 */
static char *attachment_rel(const struct wxr_item *it)
{
	const char *rel = wxr_meta(it, "_wp_attached_file");
	if (rel && *rel)
		return g_strdup(rel);
	const char *url = wxr_text(it, WXR_ATTACHMENT_URL), *up = strstr(url, "/uploads/");
	if (up)
		return g_strdup(up + strlen("/uploads/"));
	const char *host = strstr(url, "://");
	const char *path = host ? host + 3 + strcspn(host + 3, "/?#") : url;
	path += strspn(path, "/");
	return g_strndup(path, strcspn(path, "?#"));
}

static int pass1_attachment(struct wp_run *r, const struct wxr_item *it, struct buf *err)
{
	const char *id = wxr_text(it, WXR_POST_ID), *url = NULL;
	char *rel = attachment_rel(it);
	int rc = iw_media(r->w, id, rel, &url, err);
	if (rc == 0) {
		char *to = g_strdup(url);
		g_hash_table_replace(r->att_url, g_strdup(id), to);
		iw_redirect(r->w, wxr_text(it, WXR_ATTACHMENT_URL), to);
		struct buf from = BUF_INIT;
		buf_printf(&from, "/?attachment_id=%s", id);
		iw_redirect(r->w, buf_cstr(&from), to);
		buf_free(&from);
	}
	const char *parent = wxr_text(it, WXR_POST_PARENT);
	if (rc == 0 && *parent && strcmp(parent, "0") != 0) {
		const char *had = g_hash_table_lookup(r->att_children, parent);
		g_hash_table_replace(r->att_children, g_strdup(parent),
				     had ? g_strconcat(had, ",", id, NULL) : g_strdup(id));
	}
	g_free(rel);
	return rc < 0 ? -1 : 0;
}

static void add_cat(struct wp_run *r, const char *slug, const char *name, bool name_slug)
{
	struct wp_cat *c = g_new0(struct wp_cat, 1);
	c->name = g_strdup(*name ? name : slug);
	c->parent = g_strdup("");
	c->term_id = g_strdup("");
	c->name_slug = name_slug;
	g_hash_table_replace(r->cats, g_strdup(slug), c);
}

/* A post's categories that the channel does not list (an export of the posts only, or of one
 * author's, lists none) are made at the top, as WordPress's importer makes them; a post without
 * any goes to the default category, as in WordPress. */
static void post_categories(struct wp_run *r, const struct wxr_item *it)
{
	bool any = false;
	for (size_t i = 0; i < it->nterms; i++) {
		const struct wxr_item_term *t = &it->terms[i];
		if (strcmp(t->domain, "category") != 0 || !*t->slug)
			continue; /* WordPress too reads only the terms with a nicename */
		any = true;
		if (!g_hash_table_contains(r->cats, t->slug))
			add_cat(r, t->slug, t->name, false);
	}
	if (!any)
		r->need_default = true;
}

static int pass1_item(void *ctx, const struct wxr_item *it, struct buf *err)
{
	struct wp_run *r = ctx;
	const char *type = wxr_text(it, WXR_POST_TYPE);
	tick(r);
	if (strcmp(type, "attachment") == 0)
		return pass1_attachment(r, it, err);
	if (strcmp(type, "post") == 0)
		post_categories(r, it);
	if (strcmp(type, "nav_menu_item") == 0)
		wpm_item(r->menus, r->w, it);
	return 0;
}

/* Creates the category slug and its parents; returns its id or 0. */
static int64_t ensure_cat(struct wp_run *r, const char *slug, int depth)
{
	struct wp_cat *c = g_hash_table_lookup(r->cats, slug);
	if (!c || c->busy || depth > 32)
		return 0;
	if (c->id)
		return c->id;
	c->busy = true;
	int64_t parent = *c->parent ? ensure_cat(r, c->parent, depth + 1) : 0;
	c->id = iw_category(r->w, slug, parent, c->name, c->name_slug ? "" : slug);
	c->busy = false;
	return c->id;
}

/* "/category/a/b/" of a WordPress category. */
static void wp_cat_path(struct wp_run *r, const char *slug, struct buf *out, int depth)
{
	struct wp_cat *c = g_hash_table_lookup(r->cats, slug);
	if (c && *c->parent && depth < 32)
		wp_cat_path(r, c->parent, out, depth + 1);
	else
		buf_puts(out, "/category/");
	buf_printf(out, "%s/", slug);
}

static int make_categories(struct wp_run *r, struct buf *err)
{
	GHashTableIter it;
	gpointer k, v;
	if (r->need_default && !g_hash_table_contains(r->cats, WP_DEFAULT_CAT))
		add_cat(r, WP_DEFAULT_CAT, WP_DEFAULT_CAT_NAME, true);
	g_hash_table_iter_init(&it, r->cats);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct wp_cat *c = v;
		if (!ensure_cat(r, k, 0)) {
			buf_printf(err, "cannot create the category '%s'", c->name);
			return -1;
		}
		struct buf from = BUF_INIT, to = BUF_INIT;
		iw_category_url(r->w, c->id, &to);
		wp_cat_path(r, k, &from, 0);
		iw_redirect(r->w, buf_cstr(&from), buf_cstr(&to));
		buf_reset(&from);
		buf_printf(&from, "/?cat=%s", c->term_id);
		if (*c->term_id)
			iw_redirect(r->w, buf_cstr(&from), buf_cstr(&to));
		buf_free(&from);
		buf_free(&to);
	}
	return 0;
}

/* ---- Pass 2: posts and pages ---- */

static const char *media_of(void *ctx, const char *id)
{
	return g_hash_table_lookup(((struct wp_run *)ctx)->att_url, id);
}

/* Old addresses of the old site (or root-relative) -> their new ones, through the redirects. */
static const char *link_of(void *ctx, const char *url)
{
	struct wp_run *r = ctx;
	if (url[0] != '/' && !(r->old_base && strncmp(url, "http", 4) == 0 && strstr(url, "://")))
		return NULL;
	if (url[0] == '/' && url[1] == '/')
		return NULL;
	if (url[0] != '/') { /* only the old host */
		const char *h = strstr(r->old_base, "://"), *u = strstr(url, "://");
		size_t n = h ? strlen(h) : 0;
		while (n > 3 && h[n - 1] == '/')
			n--;
		if (!h || strncmp(u, h, n) != 0)
			return NULL;
	}
	return iw_redirect_get(r->w, url);
}

/* "YYYY-MM-DD HH:MM:SS" at offset ("Z" or "+07:00") -> UTC seconds, or 0. */
static int64_t wp_time(const char *s, const char *offset)
{
	if (strlen(s) != 19 || strncmp(s, "0000", 4) == 0)
		return 0;
	char t[40];
	snprintf(t, sizeof t, "%.10sT%.8s%s", s, s + 11, offset);
	int64_t v;
	return vi_parse_rfc3339(t, &v) == 0 ? v : 0;
}

/* The deepest category of the item. */
static int64_t item_category(struct wp_run *r, const struct wxr_item *it)
{
	int64_t best = 0;
	int best_depth = -1;
	for (size_t i = 0; i < it->nterms; i++) {
		if (strcmp(it->terms[i].domain, "category") != 0)
			continue;
		struct wp_cat *c = g_hash_table_lookup(r->cats, it->terms[i].slug);
		int depth = 0;
		for (struct wp_cat *p = c; p && *p->parent && depth < 32; depth++)
			p = g_hash_table_lookup(r->cats, p->parent);
		if (c && c->id && depth > best_depth) {
			best = c->id;
			best_depth = depth;
		}
	}
	if (!best) {
		struct wp_cat *c = g_hash_table_lookup(r->cats, WP_DEFAULT_CAT);
		best = c ? c->id : 0;
	}
	return best;
}

/* True for a slug WordPress wrote in plain ASCII. */
static bool ascii_slug(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(s);
}

/* Each [gallery] of a post also becomes an album (keyed by the post's id and the gallery's place,
 * named after the post), for the photo library (/thu-vien-anh/). */
struct gallery_run {
	struct wp_run *r;
	const struct wxr_item *it;
	int n;
};

static void on_gallery(void *ctx, const char *ids)
{
	struct gallery_run *g = ctx;
	GPtrArray *urls = g_ptr_array_new();
	for (const char *p = ids; *p;) {
		size_t n = strcspn(p, ", ");
		if (n) {
			char *id = g_strndup(p, n);
			const char *url = media_of(g->r, id);
			if (url)
				g_ptr_array_add(urls, (gpointer)url);
			g_free(id);
		}
		p += n;
		p += strspn(p, ", ");
	}
	g->n++;
	char *key = g_strdup_printf("post:%s#%d", wxr_text(g->it, WXR_POST_ID), g->n);
	struct buf plain = BUF_INIT;
	wp_plain_text(iw_text(g->r->w, 4, wxr_text(g->it, WXR_TITLE)), &plain);
	const char *title = buf_cstr(&plain);
	char *name = g->n > 1 ? g_strdup_printf("%s (%d)", title, g->n) : g_strdup(title);
	buf_free(&plain);
	if (urls->len && iw_album(g->r->w, key, *name ? name : "Album",
				  (const char *const *)urls->pdata, urls->len) != 0)
		iw_skip(g->r->w, key, "the album of a [gallery] could not be written");
	g_free(name);
	g_free(key);
	g_ptr_array_free(urls, TRUE);
}

/* The body: shortcodes, paragraphs, links; the featured image first. Returns unresolved links. */
static int item_body(struct wp_run *r, const struct wxr_item *it, const char *content,
		     struct buf *out)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	const char *kids = g_hash_table_lookup(r->att_children, wxr_text(it, WXR_POST_ID));
	wp_shortcodes(content, kids ? kids : "", media_of, r, &b);
	wp_embeds(buf_cstr(&b), &a);
	buf_reset(&b);
	struct gallery_run g = {r, it, 0};
	wp_galleries(content, kids ? kids : "", on_gallery, &g);
	const char *thumb = wxr_meta(it, "_thumbnail_id");
	const char *turl = thumb ? media_of(r, thumb) : NULL;
	if (turl && !strchr(turl, '"'))
		buf_printf(&b, "<figure><img src=\"%s\" alt=\"\"></figure>\n", turl);
	if (strstr(content, "<!-- wp:"))
		buf_puts(&b, buf_cstr(&a)); /* block editor content: WordPress skips wpautop too */
	else
		wp_autop(buf_cstr(&a), &b);
	int unresolved = wp_rewrite_links(buf_cstr(&b), r->old_base, link_of, r, out);
	buf_free(&a);
	buf_free(&b);
	return unresolved;
}

/*
 * The item's tag names (repaired like every other field), owned by tags. A tag is counted, and its
 * old address /tag/SLUG/ kept, the first time a post names it: a tag of the channel no post uses
 * gets no page, and a tag the channel does not list (an export of some posts) still gets one.
 */
static void item_tags(struct wp_run *r, const struct wxr_item *it, GPtrArray *tags)
{
	for (size_t i = 0; i < it->nterms; i++) {
		const struct wxr_item_term *t = &it->terms[i];
		if (strcmp(t->domain, "post_tag") != 0 || !*t->name)
			continue;
		const char *name = iw_text(r->w, 7, t->name);
		g_ptr_array_add(tags, g_strdup(name));
		if (!*t->slug || g_hash_table_contains(r->tags, t->slug))
			continue;
		g_hash_table_add(r->tags, g_strdup(t->slug));
		struct buf from = BUF_INIT, to = BUF_INIT, slug = BUF_INIT;
		vi_slug(name, strlen(name), WP_SLUG_MAX, &slug);
		buf_printf(&from, "/tag/%s/", t->slug);
		buf_printf(&to, "/chu-de/%s/", slug.len ? buf_cstr(&slug) : "chu-de");
		iw_redirect(r->w, buf_cstr(&from), buf_cstr(&to));
		iw_count(r->w, IW_TAGS, 1);
		buf_free(&from);
		buf_free(&to);
		buf_free(&slug);
	}
}

/* Old addresses of a published post or page, each once. */
static void item_redirects(struct wp_run *r, const struct wxr_item *it, bool page, const char *url)
{
	const char *id = wxr_text(it, WXR_POST_ID), *name = wxr_text(it, WXR_POST_NAME);
	const char *date = wxr_text(it, WXR_POST_DATE);
	GPtrArray *from = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(from, g_strdup(wxr_text(it, WXR_LINK)));
	g_ptr_array_add(from, g_strdup_printf(page ? "/?page_id=%s" : "/?p=%s", id));
	g_ptr_array_add(from, g_strdup_printf("/?p=%s", id)); /* a page answers /?p= too */
	if (*name)
		g_ptr_array_add(from, g_strdup_printf("/%s/", name));
	if (*name && !page && strlen(date) >= 10)
		g_ptr_array_add(
		    from, g_strdup_printf("/%.4s/%.2s/%.2s/%s/", date, date + 5, date + 8, name));
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < from->len; i++) {
		struct buf key = BUF_INIT;
		iw_redirect_key(from->pdata[i], &key);
		if (key.len && g_hash_table_add(seen, buf_detach(&key)))
			iw_redirect(r->w, from->pdata[i], url);
		buf_free(&key);
	}
	g_hash_table_destroy(seen);
	g_ptr_array_free(from, TRUE);
}

/* Status and time of an item; false when it is not imported (trash, auto-draft...). */
static bool item_status(const struct wxr_item *it, struct article_put *p)
{
	const char *s = wxr_text(it, WXR_STATUS);
	int64_t gmt = wp_time(wxr_text(it, WXR_POST_DATE_GMT), "Z");
	int64_t local = wp_time(wxr_text(it, WXR_POST_DATE), "+07:00");
	p->published_at = gmt ? gmt : local;
	if (*wxr_text(it, WXR_PASSWORD) &&
	    (strcmp(s, "publish") == 0 || strcmp(s, "future") == 0)) {
		/* readers needed a password: Gazette has none to ask, so it is not made public */
		p->status = ARTICLE_DRAFT;
		p->published_at = 0;
	} else if (strcmp(s, "publish") == 0 || strcmp(s, "future") == 0) {
		p->status = ARTICLE_PUBLISHED; /* a future time: scheduled */
	} else if (strcmp(s, "draft") == 0 || strcmp(s, "private") == 0) {
		p->status = ARTICLE_DRAFT;
		p->published_at = 0;
	} else if (strcmp(s, "pending") == 0) {
		p->status = ARTICLE_SUBMITTED;
		p->published_at = 0;
	} else {
		return false;
	}
	return true;
}

/* A post or page without a title (WordPress allows one, and shows "(no title)" for it) gets
 * that placeholder: its links in the lists would otherwise have no text. */
static const char *item_title(struct wp_run *r, const struct wxr_item *it)
{
	buf_reset(&r->title);
	wp_plain_text(iw_text(r->w, 0, wxr_text(it, WXR_TITLE)), &r->title);
	return r->title.len ? buf_cstr(&r->title) : "(Không có tiêu đề)";
}

/* A WordPress page becomes a static page (/trang/{slug}) in the same tree, with its menu order;
 * its old addresses answer with a 301 there. */
static int write_page(struct wp_run *r, const struct wxr_item *it, struct buf *err)
{
	struct article_put st = {0};
	if (!item_status(it, &st)) {
		iw_skip(r->w, wxr_text(it, WXR_POST_ID), "status not imported");
		return 0;
	}
	struct buf body = BUF_INIT, slug = BUF_INIT, key = BUF_INIT, up = BUF_INIT;
	const char *title = item_title(r, it);
	const char *name = wxr_text(it, WXR_POST_NAME);
	if (ascii_slug(name))
		buf_puts(&slug, name);
	else
		vi_slug(title, strlen(title), WP_SLUG_MAX, &slug);
	if (!slug.len)
		buf_puts(&slug, "trang");
	item_body(r, it, iw_text(r->w, 1, wxr_text(it, WXR_CONTENT)), &body);
	const char *parent = wxr_text(it, WXR_POST_PARENT), *order = wxr_text(it, WXR_MENU_ORDER);
	buf_printf(&key, "post:%s", wxr_text(it, WXR_POST_ID));
	if (*parent && strcmp(parent, "0") != 0)
		buf_printf(&up, "post:%s", parent);
	long long pos = strtoll(order, NULL, 10);
	struct static_page pg = {.parent_id = up.len ? iw_map_get(r->w, "page", buf_cstr(&up)) : 0,
				 .position = pos < -1000000  ? -1000000
					     : pos > 1000000 ? 1000000
							     : pos,
				 .slug = buf_cstr(&slug),
				 .title = *title ? title : buf_cstr(&slug),
				 .body_html = buf_cstr(&body),
				 /* scheduled pages have no date of their own: published */
				 .status = st.status,
				 .owner_id = iw_map_get(r->w, "user", wxr_text(it, WXR_CREATOR))};
	int64_t id = 0;
	const char *url = NULL;
	int rc = iw_page(r->w, buf_cstr(&key), &pg, &id, &url, err);
	if (rc == 0) {
		char *u = g_strdup(url);
		if (pg.status == ARTICLE_PUBLISHED)
			item_redirects(r, it, true, u);
		if (up.len && !pg.parent_id)
			g_ptr_array_add(r->orphans,
					g_strdup_printf("%lld\t%s", (long long)id, buf_cstr(&up)));
		g_free(u);
	}
	iw_count(r->w, IW_COMMENTS, it->comments);
	buf_free(&body);
	buf_free(&slug);
	buf_free(&key);
	buf_free(&up);
	return rc;
}

/* Pages written before their parent: placed under it now (at the top when it never came). */
static int adopt_orphans(struct wp_run *r, struct buf *err)
{
	for (guint i = 0; i < r->orphans->len; i++) {
		const char *line = r->orphans->pdata[i], *tab = strchr(line, '\t');
		int64_t parent = iw_map_get(r->w, "page", tab + 1);
		if (parent && iw_page_parent(r->w, strtoll(line, NULL, 10), parent, err) != 0)
			return -1;
	}
	return 0;
}

static int write_item(struct wp_run *r, const struct wxr_item *it, bool page, struct buf *err)
{
	struct article_put p = {0};
	if (!item_status(it, &p)) {
		iw_skip(r->w, wxr_text(it, WXR_POST_ID), "status not imported");
		return 0;
	}
	struct buf body = BUF_INIT, slug = BUF_INIT, key = BUF_INIT;
	GPtrArray *tags = g_ptr_array_new_with_free_func(g_free);
	const char *title = item_title(r, it);
	const char *name = wxr_text(it, WXR_POST_NAME);
	if (ascii_slug(name))
		buf_puts(&slug, name);
	else
		vi_slug(title, strlen(title), WP_SLUG_MAX, &slug);
	int unresolved = item_body(r, it, iw_text(r->w, 1, wxr_text(it, WXR_CONTENT)), &body);
	const char *creator = wxr_text(it, WXR_CREATOR);
	const char *display = g_hash_table_lookup(r->authors, creator);
	item_tags(r, it, tags);
	p.category_id = item_category(r, it);
	p.owner_id = iw_map_get(r->w, "user", creator);
	p.title = title;
	p.slug = slug.len ? buf_cstr(&slug) : "bai-viet";
	buf_reset(&r->lead);
	wp_plain_text(iw_text(r->w, 2, wxr_text(it, WXR_EXCERPT)), &r->lead);
	p.lead = buf_cstr(&r->lead);
	p.body_html = buf_cstr(&body);
	p.author = iw_text(r->w, 3, display ? display : creator);
	p.signature = "";
	p.source = "";
	p.tags = (const char *const *)tags->pdata;
	p.ntags = tags->len;
	buf_printf(&key, "post:%s", wxr_text(it, WXR_POST_ID));
	int64_t id = 0;
	const char *url = NULL;
	int rc = 0;
	if (!p.category_id) {
		buf_puts(err, "the post has no category that was imported");
		rc = -1;
	} else if (iw_article(r->w, buf_cstr(&key), &p, strcmp(wxr_text(it, WXR_STICKY), "1") == 0,
			      &id, &url, err) != 0) {
		rc = -1;
	} else {
		char *u = g_strdup(url);
		if (p.status == ARTICLE_PUBLISHED)
			item_redirects(r, it, page, u);
		if (unresolved)
			g_array_append_val(r->pending, id);
		g_free(u);
	}
	iw_count(r->w, IW_COMMENTS, it->comments);
	g_ptr_array_free(tags, TRUE);
	buf_free(&body);
	buf_free(&slug);
	buf_free(&key);
	return rc;
}

static int pass2_item(void *ctx, const struct wxr_item *it, struct buf *err)
{
	struct wp_run *r = ctx;
	const char *type = wxr_text(it, WXR_POST_TYPE);
	tick(r);
	if (strcmp(type, "page") == 0)
		return write_page(r, it, err);
	if (strcmp(type, "post") == 0)
		return write_item(r, it, false, err);
	if (strcmp(type, "attachment") != 0 && strcmp(type, "nav_menu_item") != 0) {
		struct buf why = BUF_INIT;
		buf_printf(&why, "WordPress type '%s' is not imported", type);
		iw_skip(r->w, wxr_text(it, WXR_POST_ID), buf_cstr(&why));
		buf_free(&why);
	}
	return 0;
}

int wp_import(struct import_writer *w, struct store *st, const struct wp_opts *o, struct buf *err)
{
	struct wp_run r = {.w = w, .st = st, .o = o};
	r.old_base = o->old_base ? g_strdup(o->old_base) : NULL;
	r.cats = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, cat_free);
	r.att_url = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	r.att_children = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	r.authors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	r.tags = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	r.pending = g_array_new(FALSE, FALSE, sizeof(int64_t));
	r.orphans = g_ptr_array_new_with_free_func(g_free);
	r.menus = wpm_new(o->menu);
	struct wxr_handler h1 = {&r, on_channel, on_author, on_term, pass1_item};
	struct wxr_handler h2 = {&r, NULL, NULL, NULL, pass2_item};
	int rc = wxr_read_file(o->path, o->label, &h1, err);
	if (rc == 0 && (rc = make_categories(&r, err)) != 0) {
		struct buf why = BUF_INIT;
		buf_printf(&why, "%s: %s", o->label, buf_cstr(err));
		buf_reset(err);
		buf_puts(err, buf_cstr(&why));
		buf_free(&why);
	}
	if (rc == 0)
		rc = wxr_read_file(o->path, o->label, &h2, err);
	if (rc == 0)
		rc = adopt_orphans(&r, err);
	for (guint i = 0; rc == 0 && i < r.pending->len; i++)
		rc = iw_relink(w, g_array_index(r.pending, int64_t, i), r.old_base, link_of, &r,
			       err);
	if (rc == 0)
		rc = wpm_apply(r.menus, w, st, r.old_base, err);
	wpm_free(r.menus);
	g_free(r.old_base);
	g_hash_table_destroy(r.cats);
	g_hash_table_destroy(r.att_url);
	g_hash_table_destroy(r.att_children);
	g_hash_table_destroy(r.authors);
	g_hash_table_destroy(r.tags);
	buf_free(&r.title);
	buf_free(&r.lead);
	g_array_free(r.pending, TRUE);
	g_ptr_array_free(r.orphans, TRUE);
	return rc;
}
