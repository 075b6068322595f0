/* Static pages on the API (issue 13): the public reads (published pages only: the tree, and one
 * page with its body), and with a token the articles' workflow - create, edit from a revision,
 * submit, return, publish, unpublish, restore, delete - and the revisions. The rules are the
 * newsroom's (admin/page_ops.c). */
#include "api/api-int.h"

#include <string.h>

#include "admin/page_ops.h"

static json_t *static_page_json(struct api *api, const struct static_page *pg, bool body,
				bool private)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(pg->id));
	json_object_set_new(o, "parent_id",
			    pg->parent_id ? json_integer(pg->parent_id) : json_null());
	json_object_set_new(o, "position", json_integer(pg->position));
	json_object_set_new(o, "slug", json_string(pg->slug));
	json_object_set_new(o, "title", json_string(pg->title));
	json_object_set_new(o, "url", json_string(arena_printf(api->p->a, "/trang/%s", pg->slug)));
	json_object_set_new(o, "updated_at", api_time_json(api, pg->updated_at));
	if (body)
		json_object_set_new(o, "body_html", json_string(pg->body_html));
	if (private) {
		json_object_set_new(o, "status", json_string(article_status_name(pg->status)));
		json_object_set_new(o, "revision", json_integer(pg->revision));
	}
	/* The English version (issue 13), null when the page has none. */
	json_t *en = json_null();
	if (*pg->title_en) {
		en = json_object();
		json_object_set_new(en, "title", json_string(pg->title_en));
		json_object_set_new(en, "url",
				    json_string(arena_printf(api->p->a, "/en/page/%s", pg->slug)));
		if (body)
			json_object_set_new(en, "body_html", json_string(pg->body_en));
	}
	json_object_set_new(o, "en", en);
	return o;
}

void api_h_pages(void *ctx)
{
	struct api *api = ctx;
	struct static_page *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_pages(api->p->st, api->p->a, &all, &n);
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		if (all[i].status == ARTICLE_PUBLISHED)
			json_array_append_new(arr, static_page_json(api, &all[i], false, false));
	json_t *doc = json_object();
	json_object_set_new(doc, "pages", arr);
	api_send_json(api, 200, doc);
}

void api_h_page(void *ctx)
{
	struct api *api = ctx;
	size_t len;
	const char *s = http_route_param(&api->p->match, "slug", &len);
	const char *slug = arena_strndup(api->p->a, s, len);
	struct static_page pg;
	enum store_rc rc = store_page_by_slug(api->p->st, api->p->a, slug, &pg);
	if (rc == STORE_OK && api->user.id) {
		/* With a token: the newsroom's page (drafts too) when the account may see it. */
		struct buf why = BUF_INIT;
		bool may = nr_page_may(&api->nr, ACT_VIEW, &pg, &why) == NR_OK;
		buf_free(&why);
		if (may) {
			api_send_json(api, 200, static_page_json(api, &pg, true, true));
			return;
		}
	}
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && pg.status != ARTICLE_PUBLISHED)) {
		api_error(api, 404, "not_found", "Không có trang này.", NULL);
		return;
	}
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	api_send_json(api, 200, static_page_json(api, &pg, true, false));
}

/* --- fields of a request body ------------------------------------------------------------------
 */

static void field_error(struct api *api, const char *name, const char *what)
{
	json_t *extra = json_object();
	json_object_set_new(extra, "field", json_string(name));
	api_error(api, 422, "invalid", arena_printf(api->p->a, "Trường '%s' %s", name, what),
		  extra);
}

bool api_json_only(struct api *api, json_t *body, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		bool known = false;
		for (size_t i = 0; allowed[i] && !known; i++)
			known = strcmp(key, allowed[i]) == 0;
		if (!known) {
			field_error(api, key, "không có trong đối tượng này.");
			return false;
		}
	}
	return true;
}

bool api_json_text(struct api *api, json_t *body, const char *name, const char **out)
{
	json_t *v = json_object_get(body, name);
	*out = NULL;
	if (!v)
		return true;
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) {
		field_error(api, name, "phải là một chuỗi.");
		return false;
	}
	*out = arena_strdup(api->p->a, json_string_value(v));
	return true;
}

bool api_json_int(struct api *api, json_t *body, const char *name, bool nullable, int64_t *out,
		  bool *has)
{
	json_t *v = json_object_get(body, name);
	*has = v != NULL;
	if (!v)
		return true;
	if (nullable && json_is_null(v)) {
		*out = 0;
		return true;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > STORE_ID_MAX) {
		field_error(api, name,
			    nullable ? "phải là một số nguyên không âm hoặc null."
				     : "phải là một số nguyên không âm.");
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

static int64_t id_of(const struct api *api)
{
	return http_route_param_id(&api->p->match, "id");
}

/* The page as the newsroom has it (status and revision included), with status. */
static void send_page(struct api *api, int64_t id, int status)
{
	struct static_page pg;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_page_get(&api->nr, id, &pg, &why);
	if (r == NR_OK) {
		if (status == 201)
			http_resp_header(api->p->resp, "Location",
					 arena_printf(api->p->a, "/api/v1/pages/%s", pg.slug));
		api_send_json(api, status, static_page_json(api, &pg, true, true));
	} else {
		api_nr_error(api, r, &why);
	}
	buf_free(&why);
}

/* A failed write: 409 for a stale revision carries the current one. */
static void write_error(struct api *api, int64_t id, enum nr_result r, const struct buf *why)
{
	struct static_page pg;
	struct buf ignored = BUF_INIT;
	if (r == NR_CONFLICT && id && nr_page_get(&api->nr, id, &pg, &ignored) == NR_OK) {
		json_t *extra = json_object();
		json_object_set_new(extra, "current_revision", json_integer(pg.revision));
		api_error(api, 409, "conflict", why->len ? buf_cstr(why) : "Xung đột.", extra);
	} else {
		api_nr_error(api, r, why);
	}
	buf_free(&ignored);
}

/* POST /api/v1/pages (a new draft) and PATCH /api/v1/pages/{id}. */
static void save_page(struct api *api, int64_t id)
{
	static const char *const allowed[] = {"title",     "slug",     "body_html",
					      "parent_id", "position", "revision",
					      "title_en",  "body_en",  NULL};
	json_t *body = NULL;
	struct page_fields f = {0};
	int64_t revision = 0;
	bool has_rev = false;
	if (!api_read_body(api, true, &body) || !api_json_only(api, body, allowed) ||
	    !api_json_text(api, body, "title", &f.title) ||
	    !api_json_text(api, body, "slug", &f.slug) ||
	    !api_json_text(api, body, "body_html", &f.body_html) ||
	    !api_json_text(api, body, "title_en", &f.title_en) ||
	    !api_json_text(api, body, "body_en", &f.body_en) ||
	    !api_json_int(api, body, "parent_id", true, &f.parent_id, &f.has_parent) ||
	    !api_json_int(api, body, "revision", false, &revision, &has_rev))
		return;
	json_t *pos = json_object_get(body, "position");
	if (pos && (!json_is_integer(pos) || json_integer_value(pos) < -1000000 ||
		    json_integer_value(pos) > 1000000)) {
		field_error(api, "position", "phải là một số nguyên từ -1000000 đến 1000000.");
		return;
	}
	f.has_position = pos != NULL;
	f.position = pos ? json_integer_value(pos) : 0;
	if (!id && !f.title) {
		field_error(api, "title", "còn thiếu.");
		return;
	}
	struct buf why = BUF_INIT;
	int64_t out = id;
	enum nr_result r = nr_page_save(&api->nr, id, revision, &f, &out, &why);
	if (r == NR_OK)
		send_page(api, out, id ? 200 : 201);
	else
		write_error(api, id, r, &why);
	buf_free(&why);
}

void api_h_page_create(void *ctx)
{
	save_page(ctx, 0);
}

void api_h_page_update(void *ctx)
{
	save_page(ctx, id_of(ctx));
}

void api_h_page_delete(void *ctx)
{
	struct api *api = ctx;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_page_delete(&api->nr, id_of(api), &why);
	if (r == NR_OK)
		api_send_json(api, 200, json_pack("{s:b}", "deleted", 1));
	else
		api_nr_error(api, r, &why);
	buf_free(&why);
}

/* POST /api/v1/pages/{id}/{submit,return,publish,unpublish} (the row's arg), no body. */
void api_h_page_action(void *ctx)
{
	struct api *api = ctx;
	const char *name = api->p->match.route->arg;
	enum article_action act = strcmp(name, "submit") == 0    ? ACT_SUBMIT
				  : strcmp(name, "return") == 0  ? ACT_RETURN
				  : strcmp(name, "publish") == 0 ? ACT_PUBLISH
								 : ACT_UNPUBLISH;
	json_t *body = NULL;
	static const char *const none[] = {NULL};
	if (!api_read_body(api, false, &body) || (body && !api_json_only(api, body, none)))
		return;
	struct buf why = BUF_INIT;
	int64_t id = id_of(api);
	enum nr_result r = nr_page_transition(&api->nr, id, act, &why);
	if (r == NR_OK)
		send_page(api, id, 200);
	else
		api_nr_error(api, r, &why);
	buf_free(&why);
}

/* POST /api/v1/pages/{id}/restore {"revision": N}. */
void api_h_page_restore(void *ctx)
{
	struct api *api = ctx;
	static const char *const allowed[] = {"revision", NULL};
	json_t *body = NULL;
	int64_t rev = 0;
	bool has = false;
	if (!api_read_body(api, true, &body) || !api_json_only(api, body, allowed) ||
	    !api_json_int(api, body, "revision", false, &rev, &has))
		return;
	if (!has || rev == 0) {
		field_error(api, "revision", "còn thiếu.");
		return;
	}
	struct buf why = BUF_INIT;
	int64_t id = id_of(api);
	enum nr_result r = nr_page_restore(&api->nr, id, rev, &why);
	if (r == NR_OK)
		send_page(api, id, 200);
	else
		write_error(api, id, r, &why);
	buf_free(&why);
}

/* GET /api/v1/pages/{id}/revisions: newest first. */
void api_h_page_revisions(void *ctx)
{
	struct api *api = ctx;
	int64_t id = id_of(api);
	struct static_page pg;
	struct buf why = BUF_INIT;
	struct page_revision *revs = NULL;
	size_t n = 0;
	enum nr_result r = nr_page_get(&api->nr, id, &pg, &why);
	enum store_rc rc =
	    r == NR_OK ? store_page_revisions(api->p->st, api->p->a, id, &revs, &n) : STORE_OK;
	if (r != NR_OK)
		api_nr_error(api, r, &why);
	else if (rc != STORE_OK)
		api_store_error(api, rc);
	buf_free(&why);
	if (r != NR_OK || rc != STORE_OK)
		return;
	json_t *arr = json_array(), *doc = json_object();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "revision", json_integer(revs[i].revision));
		json_object_set_new(o, "created_at", api_time_json(api, revs[i].created_at));
		json_object_set_new(
		    o, "user", *revs[i].user_name ? json_string(revs[i].user_name) : json_null());
		json_object_set_new(o, "title", json_string(revs[i].title));
		json_object_set_new(o, "slug", json_string(revs[i].slug));
		json_object_set_new(o, "body_html", json_string(revs[i].body_html));
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "id", json_integer(id));
	json_object_set_new(doc, "revision", json_integer(pg.revision));
	json_object_set_new(doc, "revisions", arr);
	api_send_json(api, 200, doc);
}
