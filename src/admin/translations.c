/* The newsroom's article translations (issue 13): /admin/translations/{id}/{lang} shows and saves
 * an article's title, lead and body in another language (body through the same sanitiser as
 * articles); an empty title removes the translation. Editors and above, within their category
 * limits; audited. */
#include "admin/admin-int.h"

#include <string.h>

#include "sanitize/sanitize.h"

#define TR_TITLE_MAX_CP 300
#define TR_LEAD_MAX_CP 2000
#define TR_BODY_MAX (2u << 20)

static bool lang_ok(const char *s, size_t n)
{
	if (n < 2 || n > 8)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return true;
}

static void screen(struct admin *ad, int status, const struct article *a,
		   const struct article_translation *t, const char *error)
{
	struct tv *o = tv_child(ad->ctx, "form");
	tv_int(o, "id", a->id);
	tv_str(o, "article_title", a->title);
	tv_str(o, "lang", t->lang);
	tv_str(o, "title", t->title);
	tv_str(o, "lead", t->lead);
	tv_str(o, "body", t->body_html);
	tv_str(o, "action",
	       arena_printf(ad->p->a, "/admin/translations/%lld/%s", (long long)a->id, t->lang));
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Bản dịch bài viết");
	admin_render(ad, status, "admin_translation");
}

static const char *read_form(struct admin *ad, struct article_translation *t)
{
	const char *title = admin_field(ad, "title");
	const char *lead = admin_field(ad, "lead");
	const char *body = admin_field(ad, "body");
	t->title = admin_clean(ad, title ? title : "", TR_TITLE_MAX_CP);
	t->lead = admin_clean(ad, lead ? lead : "", TR_LEAD_MAX_CP);
	t->body_html = body ? body : "";
	if (!t->title || !t->lead) {
		t->title = t->title ? t->title : "";
		t->lead = t->lead ? t->lead : "";
		return "Tiêu đề hoặc sapo quá dài hoặc không phải văn bản.";
	}
	struct safe_html *h = NULL;
	if (strlen(t->body_html) > TR_BODY_MAX ||
	    sanitize_html(t->body_html, strlen(t->body_html), &h) != 0)
		return "Nội dung quá dài hoặc không đọc được.";
	t->body_html = arena_strdup(ad->p->a, safe_html_str(h));
	safe_html_free(h);
	return NULL;
}

static void save(struct admin *ad, const struct article *a, struct article_translation *t)
{
	const char *why = read_form(ad, t);
	if (why) {
		screen(ad, 422, a, t, why);
		return;
	}
	const char *object = arena_printf(ad->p->a, "article:%lld", (long long)a->id);
	enum store_rc rc;
	if (!*t->title) {
		rc = store_translation_delete(ad->p->st, a->id, t->lang);
		rc = rc == STORE_NOTFOUND ? STORE_OK : rc;
		if (rc == STORE_OK)
			nr_audit(&ad->nr, "translation.delete", object, t->lang);
	} else {
		rc = store_translation_put(ad->p->st, t);
		if (rc == STORE_OK)
			nr_audit(&ad->nr, "translation.save", object, t->lang);
	}
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
	admin_redirect(ad, arena_printf(ad->p->a, "/admin/translations/%lld/%s?ok=saved",
					(long long)a->id, t->lang));
}

/* "translations/{id}/{lang}": GET the form, POST saves (an empty title deletes). */
void admin_h_translation(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	size_t len = 0;
	const char *code = http_route_param(&ad->p->match, "lang", &len);
	if (!code || !lang_ok(code, len)) {
		page_error(ad->p, 404);
		return;
	}
	struct article a;
	enum store_rc rc = store_article_get(ad->p->st, ad->p->a, id, &a);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	/* an editor limited to some categories translates only their articles */
	if (!role_in_scope(&ad->user, a.category_id, ad->p->cats, ad->p->ncats)) {
		admin_message(ad, 403, "Không được phép",
			      "Bài viết này thuộc chuyên mục bạn không được phân công.");
		return;
	}
	struct article_translation t = {.article_id = id,
					.lang = arena_strndup(ad->p->a, code, len),
					.title = "",
					.lead = "",
					.body_html = ""};
	if (ad->p->req->method == HTTP_POST) {
		save(ad, &a, &t);
		return;
	}
	rc = store_translation_get(ad->p->st, ad->p->a, id, t.lang, &t);
	if (rc != STORE_OK && rc != STORE_NOTFOUND) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	t.lang = arena_strndup(ad->p->a, code, len);
	screen(ad, 200, &a, &t, NULL);
}
