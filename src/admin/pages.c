/* The newsroom's static pages (issue 13): the tree, a form to add or edit one (title, address,
 * parent, order, body through the same sanitiser as articles), delete. Changes are audited. */
#include "admin/admin-int.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize/sanitize.h"
#include "vi/vi.h"

#define PAGE_TITLE_MAX_CP 200
#define PAGE_SLUG_MAX 80
#define PAGE_BODY_MAX (2u << 20)

static void changed(struct admin *ad)
{
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
}

static int depth_of(const struct static_page *all, size_t n, const struct static_page *pg)
{
	int d = 0;
	for (int64_t parent = pg->parent_id; parent && d < 16; d++) {
		int64_t next = 0;
		for (size_t i = 0; i < n; i++)
			if (all[i].id == parent)
				next = all[i].parent_id;
		parent = next;
	}
	return d;
}

/* Appends the pages under `parent` to list, depth first, each with its indent. */
static void tree(struct admin *ad, struct tv *list, const struct static_page *all, size_t n,
		 int64_t parent, int64_t selected, int64_t skip)
{
	for (size_t i = 0; i < n; i++) {
		if (all[i].parent_id != parent || all[i].id == skip)
			continue;
		struct tv *it = tv_push(list);
		int d = depth_of(all, n, &all[i]);
		char *pad = arena_alloc(ad->p->a, (size_t)d * 4 + 1);
		for (int k = 0; k < d; k++)
			memcpy(pad + 4 * k, "— ", 4);
		pad[d * 4] = '\0';
		tv_int(it, "id", all[i].id);
		tv_str(it, "indent", pad);
		tv_str(it, "title", all[i].title);
		tv_str(it, "slug", all[i].slug);
		tv_int(it, "position", all[i].position);
		tv_bool(it, "selected", all[i].id == selected);
		tree(ad, list, all, n, all[i].id, selected, skip);
	}
}

/* The list with the form; `form` (when given) is what to show in the form, with an error. */
static void pages_screen(struct admin *ad, int status, const struct static_page *form,
			 const char *error)
{
	struct static_page *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_pages(ad->p->st, ad->p->a, &all, &n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	tree(ad, tv_list(ad->ctx, "pages"), all, n, 0, 0, 0);
	tv_bool(ad->ctx, "has_pages", n > 0);
	struct static_page empty = {
	    .slug = "", .title = "", .body_html = "", .title_en = "", .body_en = ""};
	const struct static_page *f = form ? form : &empty;
	struct tv *o = tv_child(ad->ctx, "form");
	tv_int(o, "id", f->id);
	tv_str(o, "title", f->title);
	tv_str(o, "slug", f->slug);
	tv_str(o, "body", f->body_html);
	tv_str(o, "title_en", f->title_en ? f->title_en : "");
	tv_str(o, "body_en", f->body_en ? f->body_en : "");
	tv_int(o, "position", f->position);
	tv_str(o, "action",
	       f->id ? arena_printf(ad->p->a, "/admin/pages/%lld", (long long)f->id)
		     : "/admin/pages");
	tree(ad, tv_list(ad->ctx, "parents"), all, n, 0, f->parent_id, f->id);
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", f->id ? "Sửa trang tĩnh" : "Trang tĩnh");
	admin_render(ad, status, "admin_pages");
}

/* The English version beside the Vietnamese fields: a title and a body, both optional (a page
 * without an English title is absent from /en/); the body goes through the same sanitiser. */
static const char *read_english(struct admin *ad, struct static_page *pg)
{
	const char *title_raw = admin_field(ad, "title_en");
	const char *title = admin_clean(ad, title_raw ? title_raw : "", PAGE_TITLE_MAX_CP);
	const char *body = admin_field(ad, "body_en");
	pg->title_en = title ? title : "";
	pg->body_en = body ? body : "";
	if (!title)
		return "Tiêu đề tiếng Anh không dài quá 200 ký tự.";
	if (*pg->body_en && !*pg->title_en)
		return "Nội dung tiếng Anh cần có tiêu đề tiếng Anh.";
	struct safe_html *h = NULL;
	if (strlen(pg->body_en) > PAGE_BODY_MAX ||
	    sanitize_html(pg->body_en, strlen(pg->body_en), &h) != 0)
		return "Nội dung tiếng Anh quá dài hoặc không đọc được.";
	pg->body_en = arena_strdup(ad->p->a, safe_html_str(h));
	safe_html_free(h);
	return NULL;
}

/* Reads the form into pg (keeping pg->id); returns why it is not acceptable, or NULL. */
static const char *read_form(struct admin *ad, struct static_page *pg)
{
	const char *title = admin_clean(ad, admin_field(ad, "title"), PAGE_TITLE_MAX_CP);
	const char *slug = admin_field(ad, "slug");
	const char *body = admin_field(ad, "body");
	const char *parent = admin_field(ad, "parent_id");
	const char *pos = admin_field(ad, "position");
	pg->title = title ? title : "";
	pg->body_html = body ? body : "";
	pg->parent_id = parent && *parent ? strtoll(parent, NULL, 10) : 0;
	pg->position = pos && *pos ? strtoll(pos, NULL, 10) : 0;
	struct buf b = BUF_INIT;
	const char *from = slug && *slug ? slug : pg->title;
	vi_slug(from, strlen(from), PAGE_SLUG_MAX, &b);
	pg->slug = arena_strdup(ad->p->a, b.len ? buf_cstr(&b) : "");
	buf_free(&b);
	if (!title || !*title)
		return "Tiêu đề không được để trống và không dài quá 200 ký tự.";
	if (!*pg->slug)
		return "Đường dẫn của trang không hợp lệ.";
	if (pg->parent_id < 0 || pg->position < -1000000 || pg->position > 1000000)
		return "Trang cha hoặc thứ tự không hợp lệ.";
	struct safe_html *h = NULL;
	if (strlen(pg->body_html) > PAGE_BODY_MAX ||
	    sanitize_html(pg->body_html, strlen(pg->body_html), &h) != 0)
		return "Nội dung quá dài hoặc không đọc được.";
	pg->body_html = arena_strdup(ad->p->a, safe_html_str(h));
	safe_html_free(h);
	return read_english(ad, pg);
}

static void save(struct admin *ad, struct static_page *pg)
{
	const char *why = read_form(ad, pg);
	if (why) {
		pages_screen(ad, 422, pg, why);
		return;
	}
	int64_t id = pg->id;
	enum store_rc rc = store_page_put(ad->p->st, pg, &id);
	if (rc == STORE_CONFLICT) {
		pages_screen(ad, 409, pg,
			     "Đã có trang khác với đường dẫn này: hãy chọn đường dẫn khác.");
		return;
	}
	if (rc == STORE_INVALID) {
		pages_screen(ad, 422, pg,
			     "Không thể đặt trang dưới chính nó hoặc trang con của nó.");
		return;
	}
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, pg->id ? "page.update" : "page.create",
		 arena_printf(ad->p->a, "page:%lld", (long long)id), pg->slug);
	changed(ad);
	admin_redirect(ad, arena_printf(ad->p->a, "/admin/pages/%lld?ok=saved", (long long)id));
}

/* GET the list and an empty form; POST creates a page. */
void admin_h_pages(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST) {
		struct static_page pg = {0};
		save(ad, &pg);
		return;
	}
	pages_screen(ad, 200, NULL, NULL);
}

/* "pages/{id}": GET the form, POST saves; "pages/{id}/delete" (the row's arg set). */
void admin_h_page(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	struct static_page *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_pages(ad->p->st, ad->p->a, &all, &n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct static_page *pg = NULL;
	for (size_t i = 0; i < n && !pg; i++)
		if (all[i].id == id)
			pg = &all[i];
	if (!pg) {
		admin_message(ad, 404, "Không tìm thấy", "Không có trang này.");
		return;
	}
	if (ad->p->match.route->arg) {
		rc = store_page_delete(ad->p->st, id);
		if (rc == STORE_CONFLICT) {
			pages_screen(ad, 409, NULL,
				     "Trang còn trang con: hãy chuyển hoặc xóa chúng trước.");
			return;
		}
		if (rc != STORE_OK) {
			page_error(ad->p, page_status_of(rc));
			return;
		}
		nr_audit(&ad->nr, "page.delete", arena_printf(ad->p->a, "page:%lld", (long long)id),
			 pg->slug);
		changed(ad);
		admin_redirect(ad, "/admin/pages?ok=deleted");
		return;
	}
	if (ad->p->req->method == HTTP_POST)
		save(ad, pg);
	else
		pages_screen(ad, 200, pg, NULL);
}
