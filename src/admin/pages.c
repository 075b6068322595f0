/* The newsroom's static pages (issue 13): the tree, a form to add or edit one (title, address,
 * parent, order, body through the same editor and sanitiser as articles), the workflow buttons,
 * revisions with the articles' diff screen and restore, delete. The rules are in page_ops.c. */
#include "admin/admin-int.h"

#include <stdlib.h>
#include <string.h>

#include "admin/page_ops.h"

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

static const char *status_label(enum article_status s)
{
	static const char *const labels[ARTICLE_STATUS_MAX] = {"Nháp", "Chờ duyệt", "Đã xuất bản",
							       "Đã gỡ"};
	return (unsigned)s < ARTICLE_STATUS_MAX ? labels[s] : "";
}

static bool may(struct admin *ad, enum article_action act, const struct static_page *pg);

/* Appends the pages under `parent` to list, depth first, each with its indent: those the person
 * may see in the newsroom, and the published ones (contributors do not see others' drafts). */
static void tree(struct admin *ad, struct tv *list, const struct static_page *all, size_t n,
		 int64_t parent, int64_t selected, int64_t skip)
{
	for (size_t i = 0; i < n; i++) {
		if (all[i].parent_id != parent || all[i].id == skip)
			continue;
		if (all[i].status != ARTICLE_PUBLISHED && !may(ad, ACT_VIEW, &all[i]))
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
		tv_str(it, "status", status_label(all[i].status));
		tv_bool(it, "public", all[i].status == ARTICLE_PUBLISHED);
		tv_int(it, "position", all[i].position);
		tv_bool(it, "selected", all[i].id == selected);
		tree(ad, list, all, n, all[i].id, selected, skip);
	}
}

static bool may(struct admin *ad, enum article_action act, const struct static_page *pg)
{
	struct buf why = BUF_INIT;
	bool ok = nr_page_may(&ad->nr, act, pg, &why) == NR_OK;
	buf_free(&why);
	return ok;
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
	tv_bool(ad->ctx, "can_delete",
		role_of_user(&ad->user) >= ROLE_PUBLISHER && !ad->user.ncategories);
	struct static_page empty = {
	    .slug = "", .title = "", .body_html = "", .title_en = "", .body_en = ""};
	const struct static_page *f = form ? form : &empty;
	struct tv *o = tv_child(ad->ctx, "form");
	tv_int(o, "id", f->id);
	tv_int(o, "revision", f->revision);
	tv_str(o, "title", f->title);
	tv_str(o, "slug", f->slug);
	tv_str(o, "body", f->body_html);
	tv_str(o, "title_en", f->title_en ? f->title_en : "");
	tv_str(o, "body_en", f->body_en ? f->body_en : "");
	tv_int(o, "position", f->position);
	tv_str(o, "status", status_label(f->status));
	const char *base = arena_printf(ad->p->a, "/admin/pages/%lld", (long long)f->id);
	tv_str(o, "href", base);
	tv_str(o, "action", f->id ? base : "/admin/pages");
	if (f->id) {
		tv_bool(o, "can_edit", may(ad, ACT_EDIT, f));
		struct tv *acts = tv_list(o, "actions");
		static const struct {
			enum article_action act;
			const char *name, *label;
		} buttons[] = {{ACT_SUBMIT, "submit", "Lưu và gửi duyệt"},
			       {ACT_RETURN, "return", "Trả về nháp"},
			       {ACT_PUBLISH, "publish", "Lưu và xuất bản"},
			       {ACT_UNPUBLISH, "unpublish", "Gỡ trang"}};
		for (size_t i = 0; i < sizeof buttons / sizeof buttons[0]; i++) {
			if (!may(ad, buttons[i].act, f))
				continue;
			struct tv *b = tv_push(acts);
			tv_str(b, "url", arena_printf(ad->p->a, "%s/%s", base, buttons[i].name));
			tv_str(b, "label", buttons[i].label);
		}
	} else {
		tv_bool(o, "can_edit", may(ad, ACT_CREATE, NULL));
	}
	tree(ad, tv_list(ad->ctx, "parents"), all, n, 0, f->parent_id, f->id);
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", f->id ? "Sửa trang tĩnh" : "Trang tĩnh");
	admin_render(ad, status, "admin_pages");
}

/* The form's fields; "" parent or position are 0. */
static void read_form(struct admin *ad, struct page_fields *f)
{
	const char *parent = admin_field(ad, "parent_id");
	const char *pos = admin_field(ad, "position");
	*f = (struct page_fields){.title = admin_field(ad, "title"),
				  .slug = admin_field(ad, "slug"),
				  .body_html = admin_field(ad, "body"),
				  .title_en = admin_field(ad, "title_en"),
				  .body_en = admin_field(ad, "body_en"),
				  .parent_id = *parent ? strtoll(parent, NULL, 10) : 0,
				  .position = *pos ? strtoll(pos, NULL, 10) : 0,
				  .has_parent = true,
				  .has_position = true};
}

/* The form again with what was typed, the reason and the status of r. */
static void refill(struct admin *ad, int64_t id, enum nr_result r, const char *why)
{
	struct static_page pg = {.id = id, .slug = "", .title = "", .body_html = ""};
	struct buf ignored = BUF_INIT;
	if (id)
		nr_page_get(&ad->nr, id, &pg, &ignored);
	buf_free(&ignored);
	struct page_fields f;
	read_form(ad, &f);
	pg.title = f.title;
	pg.slug = f.slug;
	pg.body_html = f.body_html;
	pg.title_en = f.title_en;
	pg.body_en = f.body_en;
	pg.parent_id = f.parent_id;
	pg.position = f.position;
	const char *rev = admin_field(ad, "revision");
	if (*rev && r != NR_CONFLICT)
		pg.revision = strtoll(rev, NULL, 10);
	pages_screen(ad, nr_status(r), &pg, why);
}

/* Saves the form over page id (0: new); true when saved, else the form was shown again. */
static bool save(struct admin *ad, int64_t id, int64_t *out)
{
	struct page_fields f;
	read_form(ad, &f);
	const char *rev = admin_field(ad, "revision");
	int64_t based_on = *rev ? strtoll(rev, NULL, 10) : 0;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_page_save(&ad->nr, id, based_on, &f, out, &why);
	if (r == NR_OK) {
		buf_free(&why);
		return true;
	}
	if (r == NR_INVALID || r == NR_CONFLICT)
		refill(ad, id, r, buf_cstr(&why));
	else
		admin_fail(ad, r, buf_cstr(&why));
	buf_free(&why);
	return false;
}

/* GET the list and an empty form; POST creates a draft. */
void admin_h_pages(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST) {
		int64_t id = 0;
		if (save(ad, 0, &id))
			admin_redirect(ad, arena_printf(ad->p->a, "/admin/pages/%lld?ok=saved",
							(long long)id));
		return;
	}
	pages_screen(ad, 200, NULL, NULL);
}

static int64_t id_of(const struct admin *ad)
{
	return http_route_param_id(&ad->p->match, "id");
}

/* "pages/{id}": GET the form, POST saves; "pages/{id}/delete" (the row's arg set). */
void admin_h_page(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = id_of(ad);
	struct buf why = BUF_INIT;
	struct static_page pg;
	enum nr_result r;
	if (ad->p->match.route->arg) {
		r = nr_page_delete(&ad->nr, id, &why);
		if (r == NR_OK)
			admin_redirect(ad, "/admin/pages?ok=deleted");
		else
			admin_fail(ad, r, buf_cstr(&why));
	} else if (ad->p->req->method == HTTP_POST) {
		int64_t out = id;
		if (save(ad, id, &out))
			admin_redirect(ad, arena_printf(ad->p->a, "/admin/pages/%lld?ok=saved",
							(long long)id));
	} else if ((r = nr_page_get(&ad->nr, id, &pg, &why)) == NR_OK) {
		pages_screen(ad, 200, &pg, NULL);
	} else {
		admin_fail(ad, r, buf_cstr(&why));
	}
	buf_free(&why);
}

/* "pages/{id}/{submit,return,publish,unpublish}" (the row's arg): the form's fields are saved
 * first when they came with it and the person may edit the page, then the page moves. */
void admin_h_page_action(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = id_of(ad);
	const char *name = ad->p->match.route->arg;
	enum article_action act = strcmp(name, "submit") == 0    ? ACT_SUBMIT
				  : strcmp(name, "return") == 0  ? ACT_RETURN
				  : strcmp(name, "publish") == 0 ? ACT_PUBLISH
								 : ACT_UNPUBLISH;
	struct static_page pg;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_page_get(&ad->nr, id, &pg, &why);
	if (r == NR_OK && http_form_get(&ad->form, "title") && may(ad, ACT_EDIT, &pg)) {
		int64_t out = id;
		if (!save(ad, id, &out)) {
			buf_free(&why);
			return;
		}
	}
	if (r == NR_OK)
		r = nr_page_transition(&ad->nr, id, act, &why);
	if (r == NR_OK)
		admin_redirect(ad, arena_printf(ad->p->a, "/admin/pages/%lld?ok=%s%s",
						(long long)id, act == ACT_PUBLISH ? "" : "page_",
						act == ACT_PUBLISH ? "publish" : name));
	else
		admin_fail(ad, r, buf_cstr(&why));
	buf_free(&why);
}

/* "pages/{id}/revisions": the saved states, newest first, with a diff link and restore. */
void admin_h_page_revisions(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = id_of(ad);
	struct static_page pg;
	struct buf why = BUF_INIT;
	struct page_revision *revs = NULL;
	size_t n = 0;
	enum nr_result r = nr_page_get(&ad->nr, id, &pg, &why);
	if (r == NR_OK && store_page_revisions(ad->p->st, ad->p->a, id, &revs, &n) != STORE_OK)
		r = NR_UNAVAILABLE;
	if (r != NR_OK) {
		admin_fail(ad, r, buf_cstr(&why));
		buf_free(&why);
		return;
	}
	struct tv *list = tv_list(ad->ctx, "revisions");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "revision", revs[i].revision);
		tv_int(it, "previous", i + 1 < n ? revs[i + 1].revision : 0);
		tv_str(it, "title", revs[i].title);
		tv_str(it, "user", *revs[i].user_name ? revs[i].user_name : "—");
		tv_str(it, "when", page_datetime(ad->p, revs[i].created_at));
		tv_bool(it, "current", revs[i].revision == pg.revision);
	}
	tv_bool(ad->ctx, "has_revisions", n > 0);
	struct tv *o = tv_child(ad->ctx, "article");
	tv_int(o, "id", id);
	tv_str(o, "href", arena_printf(ad->p->a, "/admin/pages/%lld", (long long)id));
	tv_bool(o, "is_page", true);
	tv_str(o, "title", pg.title);
	tv_bool(o, "can_edit", may(ad, ACT_EDIT, &pg));
	tv_str(ad->ctx, "title", "Lịch sử sửa đổi");
	admin_render(ad, 200, "admin_revisions");
	buf_free(&why);
}

static const char *parent_title(struct admin *ad, int64_t id)
{
	struct static_page pg;
	return id && store_page_by_id(ad->p->st, ad->p->a, id, &pg) == STORE_OK ? pg.title : "";
}

/* "pages/{id}/diff?from=&to=": the articles' labelled diff over a page's fields. */
void admin_h_page_diff(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = id_of(ad);
	const char *from_s = http_query(ad->p->req, "from"), *to_s = http_query(ad->p->req, "to");
	int64_t from = from_s ? http_parse_id(from_s, strlen(from_s)) : 0;
	int64_t to = to_s ? http_parse_id(to_s, strlen(to_s)) : 0;
	struct static_page pg;
	struct page_revision ra, rb;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_page_get(&ad->nr, id, &pg, &why);
	if (r == NR_OK && (!from || !to)) {
		buf_puts(&why, "Hãy chọn hai phiên bản để so sánh.");
		r = NR_INVALID;
	}
	if (r == NR_OK &&
	    (store_page_revision_get(ad->p->st, ad->p->a, id, from, &ra) != STORE_OK ||
	     store_page_revision_get(ad->p->st, ad->p->a, id, to, &rb) != STORE_OK)) {
		buf_puts(&why, "Không có phiên bản này.");
		r = NR_NOTFOUND;
	}
	if (r != NR_OK) {
		admin_fail(ad, r, buf_cstr(&why));
		buf_free(&why);
		return;
	}
	struct tv *fields = tv_list(ad->ctx, "fields");
	struct buf same = BUF_INIT;
	admin_diff_field(ad, fields, &same, "Tiêu đề", ra.title, rb.title);
	admin_diff_field(ad, fields, &same, "Đường dẫn", ra.slug, rb.slug);
	admin_diff_field(ad, fields, &same, "Nội dung", admin_body_text(ad, ra.body_html),
			 admin_body_text(ad, rb.body_html));
	admin_diff_field(ad, fields, &same, "Trang cha", parent_title(ad, ra.parent_id),
			 parent_title(ad, rb.parent_id));
	admin_diff_field(ad, fields, &same, "Thứ tự",
			 arena_printf(ad->p->a, "%lld", (long long)ra.position),
			 arena_printf(ad->p->a, "%lld", (long long)rb.position));
	admin_diff_images(ad, fields, ra.body_html, rb.body_html);
	tv_str(ad->ctx, "unchanged", buf_cstr(&same));
	buf_free(&same);
	struct tv *o = tv_child(ad->ctx, "article");
	tv_int(o, "id", id);
	tv_str(o, "href", arena_printf(ad->p->a, "/admin/pages/%lld", (long long)id));
	tv_bool(o, "is_page", true);
	tv_str(o, "title", pg.title);
	tv_int(ad->ctx, "from", from);
	tv_int(ad->ctx, "to", to);
	tv_str(ad->ctx, "from_user", *ra.user_name ? ra.user_name : "—");
	tv_str(ad->ctx, "to_user", *rb.user_name ? rb.user_name : "—");
	tv_str(ad->ctx, "from_when", page_datetime(ad->p, ra.created_at));
	tv_str(ad->ctx, "to_when", page_datetime(ad->p, rb.created_at));
	tv_str(ad->ctx, "title", "So sánh phiên bản");
	admin_render(ad, 200, "admin_diff");
	buf_free(&why);
}

/* "pages/{id}/restore" (POST revision=N). */
void admin_h_page_restore(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = id_of(ad);
	const char *rev = admin_field(ad, "revision");
	int64_t n = http_parse_id(rev, strlen(rev));
	struct buf why = BUF_INIT;
	enum nr_result r = n ? nr_page_restore(&ad->nr, id, n, &why) : NR_INVALID;
	if (r == NR_OK)
		admin_redirect(
		    ad, arena_printf(ad->p->a, "/admin/pages/%lld?ok=restore", (long long)id));
	else
		admin_fail(ad, r, *buf_cstr(&why) ? buf_cstr(&why) : "Phiên bản không hợp lệ.");
	buf_free(&why);
}
