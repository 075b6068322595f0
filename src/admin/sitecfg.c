/* The newsroom's site screens for admins: the category tree, tags and the site settings. */
#include "admin/admin-int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vi/vi.h"

#define CAT_NAME_MAX_CP 200
#define TAG_NAME_MAX_CP 100
#define SETTING_MAX_CP 2000
#define SLUG_MAX 80
#define POSITION_MAX 100000
#define TREE_DEPTH_MAX 32

/* The slug of s in the arena, or fallback when s has no letters or digits. */
static const char *slug_of(struct admin *ad, const char *s, const char *fallback)
{
	struct buf b = BUF_INIT;
	vi_slug(s, strlen(s), SLUG_MAX, &b);
	const char *out = arena_strdup(ad->p->a, b.len ? buf_cstr(&b) : fallback);
	buf_free(&b);
	return out;
}

static void changed(struct admin *ad)
{
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
}

/* A store failure on a screen: the error page for it. */
static void store_failed(struct admin *ad, enum store_rc rc)
{
	page_error(ad->p, page_status_of(rc));
}

/* --- categories ------------------------------------------------------------------------------- */

/* "— " once per level below the top. */
static const char *indent(struct arena *a, int depth)
{
	char *s = arena_alloc(a, (size_t)depth * 4 + 1);
	for (int i = 0; i < depth; i++)
		memcpy(s + 4 * i, "— ", 4);
	return s;
}

/* The tree in display order: depth first, children after their parent, siblings by position. */
struct node {
	const struct category *c;
	int depth;
};

static void walk(const struct page *p, int64_t parent, int depth, struct node *out, size_t *n)
{
	if (depth > TREE_DEPTH_MAX)
		return;
	for (size_t i = 0; i < p->ncats && *n < p->ncats; i++)
		if (p->cats[i].parent_id == parent) {
			out[(*n)++] = (struct node){&p->cats[i], depth};
			walk(p, p->cats[i].id, depth + 1, out, n);
		}
}

static struct node *tree(struct admin *ad, size_t *n)
{
	struct node *out = arena_alloc(ad->p->a, (ad->p->ncats + 1) * sizeof(*out));
	*n = 0;
	walk(ad->p, 0, 0, out, n);
	return out;
}

/* True when id is cat or lies below it. */
static bool below(const struct page *p, int64_t id, int64_t cat)
{
	for (size_t steps = 0; id && steps <= p->ncats; steps++) {
		if (id == cat)
			return true;
		const struct category *c = cat_find(p, id);
		id = c ? c->parent_id : 0;
	}
	return false;
}

/* Parent options under key: the top level, then every category but `self` and what lies below it
 * (self 0: all of them). */
static void parent_options(struct admin *ad, struct tv *obj, const struct node *nodes, size_t n,
			   int64_t self, int64_t selected)
{
	struct tv *list = tv_list(obj, "parents");
	struct tv *top = tv_push(list);
	tv_int(top, "id", 0);
	tv_str(top, "label", "(Cấp cao nhất)");
	tv_bool(top, "selected", selected == 0);
	for (size_t i = 0; i < n; i++) {
		if (self && below(ad->p, nodes[i].c->id, self))
			continue;
		struct tv *o = tv_push(list);
		tv_int(o, "id", nodes[i].c->id);
		tv_str(o, "label",
		       arena_printf(ad->p->a, "%s%s", indent(ad->p->a, nodes[i].depth),
				    nodes[i].c->name));
		tv_bool(o, "selected", nodes[i].c->id == selected);
	}
}

/* Whether node i has a sibling before or after it in the tree's order. */
static bool sibling_before(const struct node *nodes, size_t i)
{
	for (size_t j = i; j-- > 0;)
		if (nodes[j].c->parent_id == nodes[i].c->parent_id)
			return true;
	return false;
}

static bool sibling_after(const struct node *nodes, size_t n, size_t i)
{
	for (size_t j = i + 1; j < n; j++)
		if (nodes[j].c->parent_id == nodes[i].c->parent_id)
			return true;
	return false;
}

/* What deleting c would affect: it is refused while c holds articles or sub-categories, so the
 * screen says so instead of offering the button; otherwise the confirmation names it. */
static void what_delete_affects(struct admin *ad, struct tv *it, const struct category *c,
				const int64_t *counts, size_t ncounts)
{
	int64_t articles = 0, children = 0;
	for (size_t i = 0; i < ncounts; i++)
		if (counts[2 * i] == c->id)
			articles = counts[2 * i + 1];
	for (size_t i = 0; i < ad->p->ncats; i++)
		children += ad->p->cats[i].parent_id == c->id;
	tv_int(it, "articles", articles);
	tv_int(it, "children", children);
	if (articles || children)
		tv_str(it, "blocked",
		       arena_printf(ad->p->a,
				    "Chưa xóa được: còn %lld bài viết và %lld chuyên mục con.",
				    (long long)articles, (long long)children));
	else
		tv_str(
		    it, "confirm",
		    arena_printf(ad->p->a,
				 "Xóa chuyên mục “%s”? Chuyên mục không có bài viết hay chuyên mục "
				 "con nào; đường dẫn của nó sẽ không còn. Không hoàn tác được.",
				 c->name));
}

static void categories_page(struct admin *ad, int status, const char *error)
{
	size_t n, ncounts = 0;
	struct node *nodes = tree(ad, &n);
	int64_t *counts = NULL;
	if (store_category_counts(ad->p->st, ad->p->a, &counts, &ncounts) != STORE_OK)
		ncounts = 0;
	struct tv *rows = tv_list(ad->ctx, "categories");
	for (size_t i = 0; i < n; i++) {
		const struct category *c = nodes[i].c;
		struct tv *it = tv_push(rows);
		what_delete_affects(ad, it, c, counts, ncounts);
		tv_bool(it, "first", i == 0 || !sibling_before(nodes, i));
		tv_bool(it, "last", !sibling_after(nodes, n, i));
		tv_int(it, "id", c->id);
		tv_str(it, "name", c->name);
		tv_str(it, "slug", c->slug);
		tv_int(it, "position", c->position);
		tv_str(it, "indent", indent(ad->p->a, nodes[i].depth));
		tv_int(it, "depth", nodes[i].depth);
		tv_str(it, "url", cat_url(ad->p, c->id));
		parent_options(ad, it, nodes, n, c->id, c->parent_id);
	}
	tv_bool(ad->ctx, "has_categories", n > 0);
	struct tv *add = tv_child(ad->ctx, "add");
	const char *parent = admin_field(ad, "parent");
	parent_options(ad, add, nodes, n, 0, http_parse_id(parent, strlen(parent)));
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Chuyên mục");
	admin_render(ad, status, "admin_categories");
}

/* Reads "parent" from the form: 0 for the top level; -1 when it names no category. */
static int64_t form_parent(struct admin *ad)
{
	const char *s = admin_field(ad, "parent");
	if (!*s || strcmp(s, "0") == 0)
		return 0;
	int64_t id = http_parse_id(s, strlen(s));
	return id && cat_find(ad->p, id) ? id : -1;
}

static bool sibling_named(struct admin *ad, int64_t parent, const char *name, int64_t except)
{
	for (size_t i = 0; i < ad->p->ncats; i++)
		if (ad->p->cats[i].parent_id == parent && ad->p->cats[i].id != except &&
		    strcmp(ad->p->cats[i].name, name) == 0)
			return true;
	return false;
}

static bool sibling_slug(struct admin *ad, int64_t parent, const char *slug, int64_t except)
{
	for (size_t i = 0; i < ad->p->ncats; i++)
		if (ad->p->cats[i].parent_id == parent && ad->p->cats[i].id != except &&
		    strcmp(ad->p->cats[i].slug, slug) == 0)
			return true;
	return false;
}

/* base, or base-2, base-3... : the first slug no sibling under parent has. */
static const char *free_slug(struct admin *ad, int64_t parent, const char *base, int64_t except)
{
	const char *s = base;
	for (int k = 2; sibling_slug(ad, parent, s, except) && k < 1000; k++)
		s = arena_printf(ad->p->a, "%s-%d", base, k);
	return s;
}

static void category_add(struct admin *ad)
{
	const char *name = admin_clean(ad, admin_field(ad, "name"), CAT_NAME_MAX_CP);
	int64_t parent = form_parent(ad);
	const char *why = NULL;
	int status = 422;
	if (!name || !*name)
		why = "Tên chuyên mục không được để trống và không dài quá 200 ký tự.";
	else if (parent < 0)
		why = "Chuyên mục cha không tồn tại.";
	else if (sibling_named(ad, parent, name, 0) && (status = 409))
		why = "Đã có chuyên mục cùng tên ở cùng cấp.";
	if (why) {
		categories_page(ad, status, why);
		return;
	}
	int64_t id = 0;
	enum store_rc rc =
	    store_category_ensure(ad->p->st, parent, name,
				  free_slug(ad, parent, slug_of(ad, name, "chuyen-muc"), 0), &id);
	if (rc != STORE_OK) {
		store_failed(ad, rc);
		return;
	}
	nr_audit(&ad->nr, "category.add", arena_printf(ad->p->a, "category:%lld", (long long)id),
		 name);
	changed(ad);
	admin_redirect(ad, "/admin/categories?ok=category");
}

/* Reads "position": the current one when empty; -1 when not a number in 0..POSITION_MAX. */
static int form_position(struct admin *ad, int current)
{
	const char *s = admin_field(ad, "position");
	if (!*s)
		return current;
	char *end;
	long v = strtol(s, &end, 10);
	return *end || v < 0 || v > POSITION_MAX ? -1 : (int)v;
}

/* Why the form cannot be applied to category c (and the status to answer), or NULL. */
static const char *category_problem(struct admin *ad, const struct category *c, const char *name,
				    int64_t parent, int position, int *status)
{
	*status = 422;
	if (!name || !*name)
		return "Tên chuyên mục không được để trống và không dài quá 200 ký tự.";
	if (parent < 0)
		return "Chuyên mục cha không tồn tại.";
	if (parent && below(ad->p, parent, c->id))
		return "Không thể chuyển một chuyên mục vào chính nó hoặc vào chuyên mục con của "
		       "nó. Hãy chọn chuyên mục cha khác.";
	if (position < 0)
		return "Thứ tự phải là một số từ 0 đến 100000.";
	*status = 409;
	if (sibling_named(ad, parent, name, c->id))
		return "Đã có chuyên mục cùng tên ở cùng cấp.";
	return NULL;
}

/* Rename, move, reorder, and optionally a new slug (kept when the field is empty). */
static void category_update(struct admin *ad, const struct category *c)
{
	const char *name = admin_clean(ad, admin_field(ad, "name"), CAT_NAME_MAX_CP);
	int64_t parent = form_parent(ad);
	int position = form_position(ad, c->position);
	int status;
	const char *why = category_problem(ad, c, name, parent, position, &status);
	if (why) {
		categories_page(ad, status, why);
		return;
	}
	const char *slug =
	    *admin_field(ad, "slug") ? slug_of(ad, admin_field(ad, "slug"), c->slug) : c->slug;
	slug = free_slug(ad, parent, slug, c->id);
	enum store_rc rc = store_category_update(ad->p->st, c->id, parent, name, slug, position);
	if (rc == STORE_INVALID) {
		categories_page(
		    ad, 422,
		    "Không thể chuyển một chuyên mục vào chính nó hoặc vào chuyên mục con "
		    "của nó.");
		return;
	}
	if (rc == STORE_CONFLICT) {
		categories_page(ad, 409, "Đường dẫn (slug) này đã có chuyên mục khác dùng.");
		return;
	}
	if (rc != STORE_OK) {
		store_failed(ad, rc);
		return;
	}
	nr_audit(&ad->nr, "category.update",
		 arena_printf(ad->p->a, "category:%lld", (long long)c->id),
		 arena_printf(ad->p->a, "%s → %s; parent=%lld; position=%d; slug=%s", c->name, name,
			      (long long)parent, position, slug));
	changed(ad);
	admin_redirect(ad, "/admin/categories?ok=category");
}

static void category_delete(struct admin *ad, const struct category *c)
{
	enum store_rc rc = store_category_delete(ad->p->st, c->id);
	if (rc == STORE_CONFLICT) {
		categories_page(
		    ad, 409,
		    arena_printf(ad->p->a,
				 "Không thể xóa chuyên mục “%s”: chuyên mục vẫn còn bài "
				 "viết hoặc chuyên mục con. Hãy chuyển chúng sang chuyên "
				 "mục khác trước khi xóa.",
				 c->name));
		return;
	}
	if (rc != STORE_OK) {
		store_failed(ad, rc);
		return;
	}
	nr_audit(&ad->nr, "category.delete",
		 arena_printf(ad->p->a, "category:%lld", (long long)c->id), c->name);
	changed(ad);
	admin_redirect(ad, "/admin/categories?ok=deleted");
}

/* One step up or down among its siblings: the siblings are numbered 10, 20, 30... in their new
 * order, in one transaction. */
static void category_move(struct admin *ad, const struct category *c, bool up)
{
	const struct page *p = ad->p;
	const struct category **sib = arena_alloc(p->a, (p->ncats + 1) * sizeof(*sib));
	size_t n = 0, k = 0;
	for (size_t i = 0; i < p->ncats; i++) /* the store gives them in display order */
		if (p->cats[i].parent_id == c->parent_id) {
			if (p->cats[i].id == c->id)
				k = n;
			sib[n++] = &p->cats[i];
		}
	size_t j = up ? k - 1 : k + 1;
	if ((up && k == 0) || (!up && k + 1 >= n)) {
		admin_redirect(ad, "/admin/categories");
		return;
	}
	const struct category *t = sib[k];
	sib[k] = sib[j];
	sib[j] = t;
	struct store *tx = NULL;
	enum store_rc rc = store_begin(p->st, &tx);
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		if (sib[i]->position != (int)(i + 1) * 10)
			rc = store_category_update(tx, sib[i]->id, sib[i]->parent_id, sib[i]->name,
						   sib[i]->slug, (int)(i + 1) * 10);
	if (tx && rc == STORE_OK)
		rc = store_commit(tx);
	else if (tx)
		store_rollback(tx);
	if (rc != STORE_OK) {
		store_failed(ad, rc);
		return;
	}
	nr_audit(&ad->nr, "category.update", arena_printf(p->a, "category:%lld", (long long)c->id),
		 arena_printf(p->a, "%s: %s", c->name, up ? "lên" : "xuống"));
	changed(ad);
	admin_redirect(ad, arena_printf(p->a, "/admin/categories#cat-%lld", (long long)c->id));
}

/* "categories" (GET lists, POST adds), "categories/{id}" (saves), "categories/{id}/delete". */
void admin_h_categories(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST)
		category_add(ad);
	else
		categories_page(ad, 200, NULL);
}

void admin_h_category(void *ctx)
{
	struct admin *ad = ctx;
	const struct category *c = cat_find(ad->p, http_route_param_id(&ad->p->match, "id"));
	if (!c)
		admin_message(ad, 404, "Không tìm thấy", "Không có chuyên mục này.");
	else if (ad->p->match.route->arg && strcmp(ad->p->match.route->arg, "move") == 0)
		category_move(ad, c, strcmp(admin_field(ad, "dir"), "up") == 0);
	else if (ad->p->match.route->arg)
		category_delete(ad, c);
	else
		category_update(ad, c);
}

/* --- tags ------------------------------------------------------------------------------------- */

static void tags_page(struct admin *ad, int status, const char *error)
{
	struct tag *tags;
	size_t n;
	enum store_rc rc = store_tags(ad->p->st, ad->p->a, &tags, &n);
	if (rc != STORE_OK) {
		store_failed(ad, rc);
		return;
	}
	struct tv *list = tv_list(ad->ctx, "tags");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", tags[i].id);
		tv_str(it, "name", tags[i].name);
		tv_str(it, "slug", tags[i].slug);
		tv_int(it, "count", tags[i].count);
	}
	tv_bool(ad->ctx, "has_tags", n > 0);
	tv_int(ad->ctx, "total", (int64_t)n);
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Chủ đề");
	admin_render(ad, status, "admin_tags");
}

static void tag_rename(struct admin *ad, const struct tag *t, const struct tag *all, size_t n)
{
	const char *name = admin_clean(ad, admin_field(ad, "name"), TAG_NAME_MAX_CP);
	if (!name || !*name) {
		tags_page(ad, 422, "Tên chủ đề không được để trống và không dài quá 100 ký tự.");
		return;
	}
	const char *slug = slug_of(ad, name, t->slug);
	for (size_t i = 0; i < n; i++)
		if (all[i].id != t->id && strcmp(all[i].slug, slug) == 0) {
			tags_page(ad, 409,
				  arena_printf(ad->p->a,
					       "Đã có chủ đề “%s” với cùng đường dẫn: hãy chọn tên "
					       "khác.",
					       all[i].name));
			return;
		}
	enum store_rc rc = store_tag_rename(ad->p->st, t->id, name, slug);
	if (rc == STORE_CONFLICT) {
		tags_page(ad, 409, "Đã có chủ đề với tên này: hãy chọn tên khác.");
		return;
	}
	if (rc != STORE_OK) {
		store_failed(ad, rc);
		return;
	}
	nr_audit(&ad->nr, "tag.rename", arena_printf(ad->p->a, "tag:%lld", (long long)t->id),
		 arena_printf(ad->p->a, "%s → %s", t->name, name));
	changed(ad);
	admin_redirect(ad, "/admin/tags?ok=tag");
}

static void tag_delete(struct admin *ad, const struct tag *t)
{
	enum store_rc rc = store_tag_delete(ad->p->st, t->id);
	if (rc != STORE_OK) {
		store_failed(ad, rc);
		return;
	}
	nr_audit(&ad->nr, "tag.delete", arena_printf(ad->p->a, "tag:%lld", (long long)t->id),
		 arena_printf(ad->p->a, "%s (%lld bài)", t->name, (long long)t->count));
	changed(ad);
	admin_redirect(ad, "/admin/tags?ok=deleted");
}

/* "tags" (the list), "tags/{id}" (renames), "tags/{id}/delete". */
void admin_h_tags(void *ctx)
{
	tags_page(ctx, 200, NULL);
}

void admin_h_tag(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	struct tag *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_tags(ad->p->st, ad->p->a, &all, &n);
	if (rc != STORE_OK) {
		store_failed(ad, rc);
		return;
	}
	const struct tag *t = NULL;
	for (size_t i = 0; i < n && !t; i++)
		if (all[i].id == id)
			t = &all[i];
	if (!t)
		admin_message(ad, 404, "Không tìm thấy", "Không có chủ đề này.");
	else if (ad->p->match.route->arg)
		tag_delete(ad, t);
	else
		tag_rename(ad, t, all, n);
}

/* --- settings --------------------------------------------------------------------------------- */

/* The zones offered for the site's clock: Vietnam's first, then the region's and a few others;
 * a stored zone not in the list is offered too. */
static const char *const zones[] = {
    "Asia/Ho_Chi_Minh",
    "Asia/Bangkok",
    "Asia/Phnom_Penh",
    "Asia/Vientiane",
    "Asia/Jakarta",
    "Asia/Singapore",
    "Asia/Kuala_Lumpur",
    "Asia/Manila",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "UTC",
};

static void zone_options(struct admin *ad, struct tv *it, const char *current)
{
	struct tv *list = tv_list(it, "zones");
	bool found = false;
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		struct tv *z = tv_push(list);
		tv_str(z, "zone", zones[i]);
		tv_bool(z, "selected", strcmp(zones[i], current) == 0);
		found = found || strcmp(zones[i], current) == 0;
	}
	if (!found && *current) {
		struct tv *z = tv_push(list);
		tv_str(z, "zone", current);
		tv_bool(z, "selected", true);
	}
	(void)ad;
}

/* The form; values[i] (when given) replace the stored ones, to show what was sent; errors[i]
 * (when given) is shown next to field i. */
static void settings_page(struct admin *ad, int status, const char **values, const char **errors)
{
	struct tv *list = tv_list(ad->ctx, "settings");
	for (size_t i = 0; i < site_settings_count; i++) {
		struct tv *it = tv_push(list);
		const char *key = site_settings[i].key;
		const char *value = values ? values[i] : page_setting(ad->p, key);
		tv_str(it, "key", key);
		tv_str(it, "label", site_settings[i].label);
		tv_str(it, "value", value);
		tv_bool(it, "long", strcmp(key, "notice") == 0 || strcmp(key, "address") == 0);
		tv_bool(it, "is_timezone", strcmp(key, "timezone") == 0);
		tv_bool(it, "is_url", strcmp(key, "base_url") == 0);
		if (strcmp(key, "timezone") == 0)
			zone_options(ad, it, value);
		if (errors && errors[i])
			tv_str(it, "field_error", errors[i]);
	}
	if (errors)
		tv_str(ad->ctx, "error", "Chưa lưu: hãy sửa các ô được đánh dấu bên dưới.");
	tv_str(ad->ctx, "title", "Cài đặt trang");
	admin_render(ad, status, "admin_settings");
}

/* Why value v of setting i is not acceptable, or NULL. */
static const char *setting_error(struct admin *ad, size_t i, const char *v)
{
	const char *key = site_settings[i].key;
	if (!v)
		return arena_printf(ad->p->a, "%s không hợp lệ hoặc dài quá %d ký tự.",
				    site_settings[i].label, SETTING_MAX_CP);
	if (strcmp(key, "site_name") == 0 && !*v)
		return "Tên đơn vị chủ quản không được để trống.";
	if (strcmp(key, "timezone") == 0 && !vi_tz_valid(v))
		return "Múi giờ không hợp lệ: hãy chọn một múi giờ trong danh sách.";
	if (strcmp(key, "base_url") == 0 && *v && !site_base_url_valid(v))
		return "Địa chỉ gốc không hợp lệ: hãy nhập một địa chỉ đầy đủ bắt đầu bằng "
		       "https:// hoặc http:// (ví dụ https://baotinh.gov.vn), không kèm tên "
		       "đăng nhập hay mật khẩu, không có dấu cách, ? hoặc #.";
	return NULL;
}

/* Reads every setting from the form into values; returns true when all are acceptable, else
 * false with each field's reason in errors. */
static bool settings_sent(struct admin *ad, const char **values, const char **errors)
{
	bool ok = true;
	for (size_t i = 0; i < site_settings_count; i++) {
		const char *key = site_settings[i].key;
		const char *sent = http_form_get(&ad->form, key);
		if (!sent) /* a field the form did not send keeps its value */
			sent = page_setting(ad->p, key);
		const char *v = admin_clean(ad, sent, SETTING_MAX_CP);
		values[i] = v ? v : sent;
		errors[i] = setting_error(ad, i, v);
		ok = ok && !errors[i];
	}
	return ok;
}

static void settings_save(struct admin *ad)
{
	const char **values = arena_alloc(ad->p->a, site_settings_count * sizeof(*values));
	const char **errors = arena_alloc(ad->p->a, site_settings_count * sizeof(*errors));
	if (!settings_sent(ad, values, errors)) {
		settings_page(ad, 422, values, errors);
		return;
	}
	struct buf keys = BUF_INIT;
	enum store_rc rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < site_settings_count; i++) {
		const char *key = site_settings[i].key;
		if (strcmp(values[i], page_setting(ad->p, key)) == 0)
			continue;
		rc = store_setting_set(ad->p->st, key, values[i]);
		buf_printf(&keys, "%s%s", keys.len ? ", " : "", key);
	}
	const char *changed_keys = arena_strdup(ad->p->a, buf_cstr(&keys));
	buf_free(&keys);
	if (rc != STORE_OK) {
		store_failed(ad, rc);
		return;
	}
	nr_audit(&ad->nr, "settings.save", "settings", changed_keys);
	changed(ad);
	admin_redirect(ad, "/admin/settings?ok=settings");
}

void admin_h_settings(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST)
		settings_save(ad);
	else
		settings_page(ad, 200, NULL, NULL);
}
