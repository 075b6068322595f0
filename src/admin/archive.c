/* The newsroom's "Lưu trữ": what exactly was on the site at a date and time, for one article (with
 * every version it ever had in public) or for a category. */
#include "admin/admin-int.h"

#include <string.h>

#include "http/route.h"
#include "sanitize/sanitize.h"

#define ARCHIVE_PER_PAGE 50

static void free_safe(void *h)
{
	safe_html_free(h);
}

static const char *cat_name(struct admin *ad, int64_t id)
{
	const struct category *c = cat_find(ad->p, id);
	return c ? c->name : "(chuyên mục đã xóa)";
}

/* "from – until" of a version in the site's zone. */
static void put_period(struct admin *ad, struct tv *o, const struct archived *v)
{
	tv_str(o, "from", page_datetime(ad->p, v->from_at));
	if (v->until_at)
		tv_str(o, "until", page_datetime(ad->p, v->until_at));
	tv_bool(o, "deleted", v->deleted);
	if (v->expires_at)
		tv_str(o, "expires", page_datetime(ad->p, v->expires_at));
}

/* "a\nb" (the archive's tags, one per line) as "a, b". */
static const char *tag_list(struct admin *ad, const char *lines)
{
	struct buf b = BUF_INIT;
	for (const char *p = lines; *p; p++) {
		if (*p == '\n')
			buf_puts(&b, ", ");
		else
			buf_putc(&b, *p);
	}
	const char *out = arena_strdup(ad->p->a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* The version of one article public at `at`, and the list of its versions. */
static void article_view(struct admin *ad, int64_t id, int64_t at)
{
	struct store *st = ad->p->st;
	struct archived v, *all;
	size_t n = 0;
	enum store_rc rc = store_archive_at(st, ad->p->a, id, at, &v);
	if (rc == STORE_OK) {
		struct tv *o = tv_child(ad->ctx, "version");
		tv_str(o, "title", v.title);
		tv_str(o, "lead", v.lead);
		tv_str(o, "author", v.author);
		tv_str(o, "category", cat_name(ad, v.category_id));
		tv_str(o, "published", page_datetime(ad->p, v.published_at));
		tv_int(o, "revision", v.revision);
		tv_str(o, "tags", tag_list(ad, v.tags));
		if (*v.image.src) {
			struct tv *img = tv_child(o, "image");
			tv_str(img, "src", v.image.src);
			tv_str(img, "alt", v.image.alt);
			tv_str(img, "caption", v.image.caption);
		}
		put_period(ad, o, &v);
		struct safe_html *h = NULL;
		if (sanitize_html(v.body_html, strlen(v.body_html), &h) == 0) {
			arena_on_free(ad->p->a, free_safe, h);
			tv_safe(o, "body", h);
		}
	} else if (rc != STORE_NOTFOUND) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	rc = store_archive_versions(st, ad->p->a, id, &all, &n);
	struct tv *list = tv_list(ad->ctx, "versions");
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct tv *it = tv_push(list);
		tv_str(it, "title", all[i].title);
		tv_int(it, "revision", all[i].revision);
		tv_str(it, "link",
		       arena_printf(ad->p->a, "/admin/archive?article=%lld&at=%s", (long long)id,
				    admin_local_input(ad, all[i].from_at)));
		put_period(ad, it, &all[i]);
	}
	tv_bool(ad->ctx, "has_versions", n > 0);
	tv_int(ad->ctx, "article", id);
	admin_render(ad, 200, "admin_archive");
}

/* Every version public at `at` in a category (with its sub-categories) or the whole site. */
static void category_view(struct admin *ad, int64_t cat, int64_t at, int page)
{
	struct archived *v;
	size_t n = 0;
	int64_t total = 0, offset = (int64_t)(page - 1) * ARCHIVE_PER_PAGE;
	enum store_rc rc = store_archive_category_at(ad->p->st, ad->p->a, cat, at, offset,
						     ARCHIVE_PER_PAGE, &v, &n, &total);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(ad->ctx, "public");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", v[i].article_id);
		tv_str(it, "title", v[i].title);
		tv_str(it, "category", cat_name(ad, v[i].category_id));
		tv_str(it, "link",
		       arena_printf(ad->p->a, "/admin/archive?article=%lld&at=%s",
				    (long long)v[i].article_id, admin_local_input(ad, at)));
		put_period(ad, it, &v[i]);
	}
	tv_bool(ad->ctx, "listing", true);
	tv_int(ad->ctx, "total", total);
	const char *base = arena_printf(ad->p->a, "/admin/archive?category=%lld&at=%s",
					(long long)cat, admin_local_input(ad, at));
	if (offset + (int64_t)n < total)
		tv_str(ad->ctx, "next", arena_printf(ad->p->a, "%s&page=%d", base, page + 1));
	if (page > 1)
		tv_str(ad->ctx, "prev", arena_printf(ad->p->a, "%s&page=%d", base, page - 1));
	admin_render(ad, 200, "admin_archive");
}

static void archive_page(struct admin *ad)
{
	struct http_req *req = ad->p->req;
	const char *at_s = http_query(req, "at"), *art = http_query(req, "article");
	const char *cat_s = http_query(req, "category");
	int64_t at = at_s && *at_s ? admin_parse_local(ad, at_s) : ad->p->now;
	int64_t id = art && *art ? http_parse_id(art, strlen(art)) : 0;
	int64_t cat = cat_s && *cat_s ? http_parse_id(cat_s, strlen(cat_s)) : 0;
	int page = http_parse_page(http_query(req, "page"));
	tv_str(ad->ctx, "title", "Lưu trữ");
	struct tv *cats = tv_list(ad->ctx, "cats");
	for (size_t i = 0; i < ad->p->ncats; i++) {
		struct tv *it = tv_push(cats);
		tv_int(it, "id", ad->p->cats[i].id);
		tv_str(it, "name", ad->p->cats[i].name);
		tv_bool(it, "selected", ad->p->cats[i].id == cat);
	}
	if (at < 0 || page < 0 || (art && *art && !id) || (cat_s && *cat_s && !cat)) {
		tv_str(ad->ctx, "error", "Thời điểm, mã bài hoặc chuyên mục không hợp lệ.");
		admin_render(ad, 400, "admin_archive");
		return;
	}
	tv_str(ad->ctx, "at", admin_local_input(ad, at));
	tv_str(ad->ctx, "at_text", page_datetime(ad->p, at));
	if (id)
		article_view(ad, id, at);
	else
		category_view(ad, cat, at, page);
}

void admin_h_archive(void *ctx)
{
	archive_page(ctx);
}
