/* GET /api/v1/search: the search page's query, filters and results as JSON. */
#include "api/api-int.h"

#include "site/search.h"

void api_h_search(void *ctx)
{
	struct api *api = ctx;
	struct page *p = api->p;
	struct site_search f = {0};
	site_search_read(p, &f);
	if (f.error) {
		api_error(api, 400, "bad_request", f.error, NULL);
		return;
	}
	enum store_rc rc = site_search_run(p, &f);
	if (rc != STORE_OK) {
		api_store_error(api, rc == STORE_NOTFOUND ? STORE_ERROR : rc);
		return;
	}
	json_t *doc = json_object(), *arr = json_array();
	json_object_set_new(doc, "total", json_integer(f.total));
	json_object_set_new(doc, "more", json_boolean(f.more));
	json_object_set_new(doc, "page", json_integer(f.page));
	json_object_set_new(doc, "per_page", json_integer(SITE_SEARCH_PER_PAGE));
	for (size_t i = 0; i < f.nhits; i++) {
		json_t *o = json_object();
		const struct safe_html *s = site_search_snippet(p, &f.query, &f.hits[i]);
		json_object_set_new(o, "id", json_integer(f.hits[i].id));
		json_object_set_new(o, "title", json_string(f.hits[i].title));
		json_object_set_new(
		    o, "url", json_string(site_article_url(p->a, f.hits[i].slug, f.hits[i].id)));
		json_object_set_new(o, "snippet", json_string(s ? safe_html_str(s) : ""));
		json_object_set_new(o, "published_at", api_time_json(api, f.hits[i].published_at));
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "results", arr);
	api_send_json(api, 200, doc);
}
