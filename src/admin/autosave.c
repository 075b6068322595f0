/* The editor's autosave: a per-person slot per article on the server, offered back after a closed
 * tab or a crash. */
#include "admin/admin-int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The editor's fields, by form name and place in struct admin_form. */
static const struct {
	const char *name;
	size_t offset;
} text_fields[] = {
    {"title", offsetof(struct admin_form, title)},
    {"lead", offsetof(struct admin_form, lead)},
    {"body", offsetof(struct admin_form, body)},
    {"author", offsetof(struct admin_form, author)},
    {"signature", offsetof(struct admin_form, signature)},
    {"source", offsetof(struct admin_form, source)},
    {"tags", offsetof(struct admin_form, tags)},
    {"expires", offsetof(struct admin_form, expires)},
    {"image_src", offsetof(struct admin_form, image_src)},
    {"image_alt", offsetof(struct admin_form, image_alt)},
    {"image_caption", offsetof(struct admin_form, image_caption)},
};
#define NTEXT (sizeof text_fields / sizeof text_fields[0])

static const char **text_at(struct admin_form *v, size_t i)
{
	return (const char **)(void *)((char *)v + text_fields[i].offset);
}

static void reply(struct admin *ad, int status, const char *key, const char *val)
{
	json_t *doc = json_object();
	json_object_set_new(doc, key, json_string(val));
	page_json(ad->p, status, doc);
}

static int64_t article_of(const char *s)
{
	if (strcmp(s, "0") == 0)
		return 0;
	int64_t id = http_parse_id(s, strlen(s));
	return id > 0 ? id : -1;
}

/* 0 when the person may write article id (0: a new one), else the refusal's status. */
static int may_keep(struct admin *ad, int64_t id, struct buf *why)
{
	if (id < 0) {
		buf_puts(why, "Bài viết không hợp lệ.");
		return 422;
	}
	struct article a;
	enum nr_result r = id ? nr_get(&ad->nr, id, &a, why) : NR_OK;
	return r == NR_OK ? 0 : nr_status(r);
}

void admin_h_autosave(void *ctx)
{
	struct admin *ad = ctx;
	struct buf why = BUF_INIT;
	int64_t id = article_of(admin_field(ad, "article"));
	int status = may_keep(ad, id, &why);
	if (status) {
		reply(ad, status, "error", buf_cstr(&why));
		buf_free(&why);
		return;
	}
	buf_free(&why);
	json_t *doc = json_object();
	for (size_t i = 0; i < NTEXT; i++)
		json_object_set_new(doc, text_fields[i].name,
				    json_string(admin_field(ad, text_fields[i].name)));
	json_object_set_new(doc, "category", json_string(admin_field(ad, "category")));
	json_object_set_new(doc, "revision", json_string(admin_field(ad, "revision")));
	char *data = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	enum store_rc rc =
	    data ? store_autosave_put(ad->p->st, ad->user.id, id, ad->p->now, data) : STORE_INVALID;
	free(data);
	if (rc == STORE_OK)
		reply(ad, 200, "saved_at", page_datetime(ad->p, ad->p->now));
	else if (rc == STORE_INVALID)
		reply(ad, 422, "error", "Nội dung không phải văn bản hợp lệ.");
	else
		reply(ad, 503, "error", "Chưa tự lưu được: cơ sở dữ liệu đang bận.");
}

void admin_h_autosave_discard(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = article_of(admin_field(ad, "article"));
	if (id < 0) {
		admin_message(ad, 422, "Không hợp lệ", "Bài viết không hợp lệ.");
		return;
	}
	store_autosave_delete(ad->p->st, ad->user.id, id);
	admin_redirect(ad, id ? arena_printf(ad->p->a, "/admin/articles/%lld", (long long)id)
			      : "/admin/articles/new");
}

/* The slot's values over *into; false when it holds nothing readable. */
static bool read_slot(struct admin *ad, const struct autosave *s, struct admin_form *into)
{
	json_t *doc = json_loads(s->data, 0, NULL);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return false;
	}
	for (size_t i = 0; i < NTEXT; i++) {
		const char *x = json_string_value(json_object_get(doc, text_fields[i].name));
		*text_at(into, i) = arena_strdup(ad->p->a, x ? x : "");
	}
	const char *cat = json_string_value(json_object_get(doc, "category"));
	const char *rev = json_string_value(json_object_get(doc, "revision"));
	into->category_id = cat ? strtoll(cat, NULL, 10) : 0;
	into->revision = rev ? strtoll(rev, NULL, 10) : 0;
	json_decref(doc);
	return true;
}

static bool same_form(struct admin_form *x, struct admin_form *y)
{
	for (size_t i = 0; i < NTEXT; i++)
		if (strcmp(*text_at(x, i), *text_at(y, i)) != 0)
			return false;
	return x->category_id == y->category_id;
}

void admin_autosave_offer(struct admin *ad, int64_t id, struct admin_form *v, bool load)
{
	struct autosave s;
	struct admin_form got = *v;
	if (store_autosave_get(ad->p->st, ad->p->a, ad->user.id, id, &s) != STORE_OK ||
	    !read_slot(ad, &s, &got) || same_form(&got, v))
		return;
	struct tv *o = tv_child(ad->ctx, "autosave");
	tv_str(o, "when", page_datetime(ad->p, s.saved_at));
	tv_int(o, "article", id);
	tv_str(o, "restore_url",
	       id ? arena_printf(ad->p->a, "/admin/articles/%lld?autosave=1", (long long)id)
		  : "/admin/articles/new?autosave=1");
	tv_bool(o, "loaded", load);
	if (load) {
		*v = got;
		tv_bool(ad->ctx, "dirty", true); /* not saved yet: leaving the page warns */
	}
}
