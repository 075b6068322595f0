/* The public reads of static pages (issue 13): the tree and one page with its body. */
#include "api/api-int.h"

#include <string.h>

static json_t *static_page_json(struct api *api, const struct static_page *pg, bool body)
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
		json_array_append_new(arr, static_page_json(api, &all[i], false));
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
	if (rc == STORE_NOTFOUND) {
		api_error(api, 404, "not_found", "Không có trang này.", NULL);
		return;
	}
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	api_send_json(api, 200, static_page_json(api, &pg, true));
}
