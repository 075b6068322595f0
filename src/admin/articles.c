/* The newsroom's article screens: the list, the editor, workflow actions, revisions and diffs. */
#include "admin/admin-int.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize/sanitize.h"

/* --- the editor ----------------------------------------------------------------------------- */

/* Category options, indented by depth, limited to what the user may write in. */
static void category_options(struct admin *ad, int64_t selected)
{
	struct page *p = ad->p;
	struct tv *list = tv_list(ad->ctx, "categories");
	/* Depth-first from the roots, so children follow their parent. */
	int64_t stack[64];
	int depth[64];
	size_t top = 0;
	for (size_t i = p->ncats; i-- > 0;)
		if (p->cats[i].parent_id == 0 && top < 64) {
			stack[top] = p->cats[i].id;
			depth[top++] = 0;
		}
	size_t guard = 0;
	while (top > 0 && guard++ <= p->ncats) {
		top--;
		int64_t id = stack[top];
		int d = depth[top];
		const struct category *c = cat_find(p, id);
		if (!c)
			continue;
		if (role_in_scope(&ad->user, id, p->cats, p->ncats)) {
			struct tv *o = tv_push(list);
			tv_int(o, "id", id);
			struct buf label = BUF_INIT;
			for (int k = 0; k < d; k++)
				buf_puts(&label, "— ");
			buf_puts(&label, c->name);
			tv_str(o, "label", buf_cstr(&label));
			buf_free(&label);
			tv_bool(o, "selected", id == selected);
		}
		for (size_t i = p->ncats; i-- > 0;)
			if (p->cats[i].parent_id == id && top < 64) {
				stack[top] = p->cats[i].id;
				depth[top++] = d + 1;
			}
	}
}

static const char *join_tags(struct admin *ad, const char *const *tags, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", tags[i]);
	const char *s = arena_strdup(ad->p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The link to the last change (the two newest revisions compared), when there are two. */
static void last_diff(struct admin *ad, struct tv *o, int64_t id)
{
	struct revision *revs = NULL;
	size_t n = 0;
	if (store_revisions(ad->p->st, ad->p->a, id, &revs, &n) == STORE_OK && n >= 2)
		tv_str(o, "last_diff",
		       arena_printf(ad->p->a, "/admin/articles/%lld/diff?from=%lld&to=%lld",
				    (long long)id, (long long)revs[1].revision,
				    (long long)revs[0].revision));
}

/* The library's latest images, offered for the featured image (a datalist: any address works). */
static void media_choices(struct admin *ad)
{
	struct media *m = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (store_media_list(ad->p->st, ad->p->a, 0, 100, &m, &n, &total) != STORE_OK)
		n = 0;
	struct tv *list = tv_list(ad->ctx, "media_choices");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_str(it, "src", arena_printf(ad->p->a, "/media/%s", m[i].file));
		tv_str(it, "name", m[i].name);
	}
}

static void fill_editor(struct admin *ad, const struct article *a, const struct admin_form *v)
{
	struct page *p = ad->p;
	struct tv *o = tv_child(ad->ctx, "article");
	enum role r = role_of_user(&ad->user);
	bool scope = a ? role_in_scope(&ad->user, a->category_id, p->cats, p->ncats) : true;
	const char *why;
	tv_int(o, "id", a ? a->id : 0);
	tv_bool(o, "exists", a != NULL);
	tv_str(o, "title", v->title);
	tv_str(o, "lead", v->lead);
	tv_str(o, "body", v->body);
	tv_str(o, "author", v->author);
	tv_str(o, "signature", v->signature);
	tv_str(o, "source", v->source);
	tv_str(o, "tags", v->tags);
	tv_str(o, "expires", v->expires);
	tv_str(o, "image_src", v->image_src);
	tv_str(o, "image_alt", v->image_alt);
	tv_str(o, "image_caption", v->image_caption);
	tv_int(o, "revision", v->revision);
	category_options(ad, v->category_id);
	media_choices(ad);
	if (!a) {
		tv_bool(o, "can_edit", true);
		return;
	}
	tv_str(o, "status", nr_state_label(nr_state(a, p->now)));
	tv_str(o, "note", a->note);
	tv_str(o, "url", site_article_url(p->a, a->slug, a->id));
	tv_bool(o, "public", site_article_public(a, p->now));
	tv_bool(o, "featured", a->featured);
	tv_str(o, "published", a->published_at ? page_datetime(p, a->published_at) : "");
	static const struct {
		enum article_action act;
		const char *key;
	} can[] = {{ACT_EDIT, "can_edit"},           {ACT_SUBMIT, "can_submit"},
		   {ACT_RETURN, "can_return"},       {ACT_PUBLISH, "can_publish"},
		   {ACT_UNPUBLISH, "can_unpublish"}, {ACT_FEATURE, "can_feature"}};
	for (size_t i = 0; i < sizeof can / sizeof can[0]; i++)
		tv_bool(o, can[i].key,
			role_check(&ad->user, can[i].act, a->owner_id, a->status, scope, &why) ==
			    ROLE_ALLOWED);
	/* Where the person cannot edit, the form is shown read-only and says why. */
	if (role_check(&ad->user, ACT_EDIT, a->owner_id, a->status, scope, &why) != ROLE_ALLOWED)
		tv_str(o, "readonly", why);
	last_diff(ad, o, a->id);
	(void)r;
}

static void values_of(struct admin *ad, const struct article *a, struct admin_form *v)
{
	v->title = a->title;
	v->lead = a->lead;
	v->body = a->body_html;
	v->author = a->author;
	v->signature = a->signature;
	v->source = a->source;
	v->tags = join_tags(ad, a->tags, a->ntags);
	v->expires = admin_local_input(ad, a->expires_at);
	v->image_src = a->image.src;
	v->image_alt = a->image.alt;
	v->image_caption = a->image.caption;
	v->category_id = a->category_id;
	v->revision = a->revision;
}

static void values_sent(struct admin *ad, struct admin_form *v)
{
	v->title = admin_field(ad, "title");
	v->lead = admin_field(ad, "lead");
	v->body = admin_field(ad, "body");
	v->author = admin_field(ad, "author");
	v->signature = admin_field(ad, "signature");
	v->source = admin_field(ad, "source");
	v->tags = admin_field(ad, "tags");
	v->expires = admin_field(ad, "expires");
	v->image_src = admin_field(ad, "image_src");
	v->image_alt = admin_field(ad, "image_alt");
	v->image_caption = admin_field(ad, "image_caption");
	v->category_id = strtoll(admin_field(ad, "category"), NULL, 10);
	v->revision = strtoll(admin_field(ad, "revision"), NULL, 10);
}

static void editor(struct admin *ad, const struct article *a, const struct admin_form *v,
		   int status, const char *error)
{
	if (error)
		tv_str(ad->ctx, "error", error);
	fill_editor(ad, a, v);
	tv_str(ad->ctx, "title", a ? a->title : "Viết bài mới");
	admin_render(ad, status, "admin_edit");
}

/* Reads the editor's fields from the form; returns false (with why) when one is malformed. */
static bool fields_sent(struct admin *ad, struct nr_fields *f, struct buf *why)
{
	nr_fields_init(f);
	f->title = admin_field(ad, "title");
	f->lead = admin_field(ad, "lead");
	f->body_html = admin_field(ad, "body");
	f->author = admin_field(ad, "author");
	f->signature = admin_field(ad, "signature");
	f->source = admin_field(ad, "source");
	f->image_src = admin_field(ad, "image_src");
	f->image_alt = admin_field(ad, "image_alt");
	f->image_caption = admin_field(ad, "image_caption");
	const char *cat = admin_field(ad, "category");
	f->category_id = http_parse_id(cat, strlen(cat));
	/* Tags: comma-separated. */
	char *tags = arena_strdup(ad->p->a, admin_field(ad, "tags"));
	size_t cap = 1;
	for (const char *c = tags; *c; c++)
		cap += *c == ',';
	const char **list = arena_alloc(ad->p->a, cap * sizeof(*list));
	size_t n = 0;
	for (char *t = tags, *comma; t; t = comma ? comma + 1 : NULL) {
		comma = strchr(t, ',');
		if (comma)
			*comma = '\0';
		list[n++] = t;
	}
	f->tags = list;
	f->ntags = n;
	f->has_tags = true;
	const char *exp = admin_field(ad, "expires");
	f->expires_at = *exp ? admin_parse_local(ad, exp) : 0;
	if (*exp && f->expires_at <= 0) { /* 0 means "never": a given time is after 1970 */
		buf_puts(why, "Thời điểm hết hạn không hợp lệ (phải sau năm 1970).");
		return false;
	}
	return true;
}

/* ?autosave=1: the editor shows the person's autosave instead of the stored content. */
static bool wants_autosave(struct admin *ad)
{
	const char *q = http_query(ad->p->req, "autosave");
	return q && strcmp(q, "1") == 0;
}

static void new_article(struct admin *ad, bool is_post)
{
	struct admin_form v = {.title = "",
			       .lead = "",
			       .body = "",
			       .author = ad->user.display_name,
			       .signature = "",
			       .source = "",
			       .tags = "",
			       .expires = "",
			       .image_src = "",
			       .image_alt = "",
			       .image_caption = ""};
	if (!is_post) {
		admin_autosave_offer(ad, 0, &v, wants_autosave(ad));
		editor(ad, NULL, &v, 200, NULL);
		return;
	}
	struct nr_fields f;
	struct buf why = BUF_INIT;
	int64_t id = 0;
	enum nr_result r =
	    fields_sent(ad, &f, &why) ? nr_create(&ad->nr, &f, &id, &why) : NR_INVALID;
	if (r == NR_OK) {
		store_autosave_delete(ad->p->st, ad->user.id, 0);
		admin_redirect(
		    ad, arena_printf(ad->p->a, "/admin/articles/%lld?ok=created", (long long)id));
	} else {
		/* Nothing the person wrote is lost: the form comes back filled. */
		values_sent(ad, &v);
		editor(ad, NULL, &v, nr_status(r), buf_cstr(&why));
	}
	buf_free(&why);
}

/* The editor again, with the fields that were sent and why they were not saved: nothing the
 * person wrote is lost. */
static void refill_editor(struct admin *ad, int64_t id, enum nr_result r, const struct buf *why)
{
	struct article a;
	struct admin_form v;
	struct buf ignored = BUF_INIT;
	enum nr_result got = nr_get(&ad->nr, id, &a, &ignored);
	buf_free(&ignored);
	if (got != NR_OK) {
		admin_fail(ad, r, buf_cstr(why));
		return;
	}
	values_sent(ad, &v);
	tv_bool(ad->ctx, "dirty", true); /* not saved: leaving the page warns */
	if (r == NR_CONFLICT && v.revision != a.revision) {
		/* Show the newer stored revision's number so that saving again is a deliberate
		 * overwrite. */
		tv_bool(ad->ctx, "conflict", true);
		tv_str(ad->ctx, "current_url",
		       arena_printf(ad->p->a, "/admin/articles/%lld", (long long)id));
		v.revision = a.revision;
	}
	editor(ad, &a, &v, nr_status(r), buf_cstr(why));
}

static void edit_article(struct admin *ad, int64_t id, bool is_post)
{
	struct article a;
	struct buf why = BUF_INIT;
	struct admin_form v;
	enum nr_result r = nr_get(&ad->nr, id, &a, &why);
	if (r != NR_OK) {
		admin_fail(ad, r, buf_cstr(&why));
		buf_free(&why);
		return;
	}
	if (!is_post) {
		values_of(ad, &a, &v);
		admin_autosave_offer(ad, id, &v, wants_autosave(ad));
		editor(ad, &a, &v, 200, NULL);
		buf_free(&why);
		return;
	}
	struct nr_fields f;
	const char *rev = admin_field(ad, "revision");
	r = fields_sent(ad, &f, &why) ? nr_update(&ad->nr, id, strtoll(rev, NULL, 10), &f, &why)
				      : NR_INVALID;
	if (r == NR_OK) {
		store_autosave_delete(ad->p->st, ad->user.id, id);
		admin_redirect(
		    ad, arena_printf(ad->p->a, "/admin/articles/%lld?ok=saved", (long long)id));
	} else {
		refill_editor(ad, id, r, &why);
	}
	buf_free(&why);
}

/* --- workflow actions ----------------------------------------------------------------------- */

/* An action button of the editor's form sends the form's fields with it (and their revision):
 * they are saved and the action performed together, so that nothing typed is lost. A failure
 * shows the editor again with what was sent. */
static void action(struct admin *ad, int64_t id, const struct nr_action *act)
{
	struct buf why = BUF_INIT;
	int64_t at = 0;
	const char *when = admin_field(ad, "at");
	const char *rev = admin_field(ad, "revision");
	bool with_fields = *rev != '\0';
	struct nr_fields f;
	enum nr_result r = NR_OK;
	if (*admin_field(ad, "now"))
		when = ""; /* "Xuất bản ngay", whatever the schedule field holds */
	if (act->act == ACT_PUBLISH && *when && (at = admin_parse_local(ad, when)) < 0) {
		buf_puts(&why, "Thời điểm xuất bản không hợp lệ.");
		r = NR_INVALID;
	}
	if (act->act == ACT_PUBLISH && !*when && *admin_field(ad, "schedule")) {
		buf_puts(&why, "Hãy chọn thời điểm hẹn giờ xuất bản.");
		r = NR_INVALID;
	}
	if (r == NR_OK && with_fields && !fields_sent(ad, &f, &why))
		r = NR_INVALID;
	if (r == NR_OK)
		r = nr_save_transition(&ad->nr, id, with_fields ? strtoll(rev, NULL, 10) : 0,
				       with_fields ? &f : NULL, act->act, at,
				       act->act == ACT_RETURN ? admin_field(ad, "comment") : NULL,
				       act->on, &why);
	if (r == NR_OK) {
		store_autosave_delete(ad->p->st, ad->user.id, id);
		admin_redirect(
		    ad, arena_printf(ad->p->a, "/admin/articles/%lld?ok=%s", (long long)id,
				     act->act == ACT_PUBLISH && at > ad->p->now ? "schedule"
										: act->name));
	} else if (with_fields) {
		refill_editor(ad, id, r, &why);
	} else {
		admin_fail(ad, r, buf_cstr(&why));
	}
	buf_free(&why);
}

/* --- revisions ------------------------------------------------------------------------------ */

static void revisions_page(struct admin *ad, int64_t id)
{
	struct article a;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_get(&ad->nr, id, &a, &why);
	struct revision *revs = NULL;
	size_t n = 0;
	if (r == NR_OK && store_revisions(ad->p->st, ad->p->a, id, &revs, &n) != STORE_OK)
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
		tv_bool(it, "current", revs[i].revision == a.revision);
	}
	tv_bool(ad->ctx, "has_revisions", n > 0);
	struct tv *o = tv_child(ad->ctx, "article");
	tv_int(o, "id", id);
	tv_str(o, "href", arena_printf(ad->p->a, "/admin/articles/%lld", (long long)id));
	tv_str(o, "title", a.title);
	tv_bool(o, "can_edit",
		role_check(&ad->user, ACT_EDIT, a.owner_id, a.status,
			   role_in_scope(&ad->user, a.category_id, ad->p->cats, ad->p->ncats),
			   &(const char *){NULL}) == ROLE_ALLOWED);
	tv_str(ad->ctx, "title", "Lịch sử sửa đổi");
	admin_render(ad, 200, "admin_revisions");
	buf_free(&why);
}

static const char *category_name(struct admin *ad, int64_t id)
{
	const struct category *c = cat_find(ad->p, id);
	return c ? c->name : "";
}

/* Each field by its Vietnamese name, and the images added to or removed from the body. */
static void labelled_diff(struct admin *ad, const struct revision *ra, const struct revision *rb)
{
	struct tv *fields = tv_list(ad->ctx, "fields");
	struct buf same = BUF_INIT;
	admin_diff_field(ad, fields, &same, "Tiêu đề", ra->title, rb->title);
	admin_diff_field(ad, fields, &same, "Sapo", ra->lead, rb->lead);
	admin_diff_field(ad, fields, &same, "Nội dung", admin_body_text(ad, ra->body_html),
			 admin_body_text(ad, rb->body_html));
	admin_diff_field(ad, fields, &same, "Chuyên mục", category_name(ad, ra->category_id),
			 category_name(ad, rb->category_id));
	admin_diff_field(ad, fields, &same, "Tác giả", ra->author, rb->author);
	admin_diff_field(ad, fields, &same, "Bút danh", ra->signature, rb->signature);
	admin_diff_field(ad, fields, &same, "Nguồn", ra->source, rb->source);
	admin_diff_field(ad, fields, &same, "Thẻ", ra->tags, rb->tags);
	admin_diff_images(ad, fields, ra->body_html, rb->body_html);
	admin_diff_featured(ad, fields, &same, &ra->image, &rb->image);
	tv_str(ad->ctx, "unchanged", buf_cstr(&same));
	buf_free(&same);
}

static void diff_page(struct admin *ad, int64_t id)
{
	struct article a;
	struct buf why = BUF_INIT;
	const char *from_s = http_query(ad->p->req, "from"), *to_s = http_query(ad->p->req, "to");
	int64_t from = from_s ? http_parse_id(from_s, strlen(from_s)) : 0;
	int64_t to = to_s ? http_parse_id(to_s, strlen(to_s)) : 0;
	struct revision ra, rb;
	enum nr_result r = nr_get(&ad->nr, id, &a, &why);
	if (r == NR_OK && (!from || !to)) {
		buf_puts(&why, "Hãy chọn hai phiên bản để so sánh.");
		r = NR_INVALID;
	}
	if (r == NR_OK && (store_revision_get(ad->p->st, ad->p->a, id, from, &ra) != STORE_OK ||
			   store_revision_get(ad->p->st, ad->p->a, id, to, &rb) != STORE_OK)) {
		buf_puts(&why, "Không có phiên bản này.");
		r = NR_NOTFOUND;
	}
	if (r != NR_OK) {
		admin_fail(ad, r, buf_cstr(&why));
		buf_free(&why);
		return;
	}
	labelled_diff(ad, &ra, &rb);
	struct tv *o = tv_child(ad->ctx, "article");
	tv_int(o, "id", id);
	tv_str(o, "href", arena_printf(ad->p->a, "/admin/articles/%lld", (long long)id));
	tv_str(o, "title", a.title);
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

static void restore(struct admin *ad, int64_t id)
{
	struct buf why = BUF_INIT;
	const char *rev = admin_field(ad, "revision");
	int64_t n = http_parse_id(rev, strlen(rev));
	enum nr_result r = n ? nr_restore(&ad->nr, id, n, &why) : NR_INVALID;
	if (r == NR_OK)
		admin_redirect(
		    ad, arena_printf(ad->p->a, "/admin/articles/%lld?ok=restore", (long long)id));
	else
		admin_fail(ad, r, *buf_cstr(&why) ? buf_cstr(&why) : "Phiên bản không hợp lệ.");
	buf_free(&why);
}

/* --- the rows of the newsroom's route table (routes.c) -------------------------------------- */

static bool is_post(const struct admin *ad)
{
	return ad->p->req->method == HTTP_POST;
}

static int64_t id_of(const struct admin *ad)
{
	return http_route_param_id(&ad->p->match, "id");
}

void admin_h_new_article(void *ctx)
{
	struct admin *ad = ctx;
	new_article(ad, is_post(ad));
}

void admin_h_article(void *ctx)
{
	struct admin *ad = ctx;
	edit_article(ad, id_of(ad), is_post(ad));
}

void admin_h_revisions(void *ctx)
{
	struct admin *ad = ctx;
	revisions_page(ad, id_of(ad));
}

void admin_h_diff(void *ctx)
{
	struct admin *ad = ctx;
	diff_page(ad, id_of(ad));
}

void admin_h_restore(void *ctx)
{
	struct admin *ad = ctx;
	restore(ad, id_of(ad));
}

void admin_h_action(void *ctx)
{
	struct admin *ad = ctx;
	action(ad, id_of(ad), ad->p->match.route->arg);
}
