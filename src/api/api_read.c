/* The public reads of the API: the article list, one article, the categories. */
#include "api/api-int.h"

#include <string.h>

#define API_PER_PAGE 20

/* {"src", "alt", "caption"}, or null when the article has no featured image. */
static json_t *image_json(const struct article_image *img)
{
	if (!img->src || !*img->src)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "src", json_string(img->src));
	json_object_set_new(o, "alt", json_string(img->alt ? img->alt : ""));
	json_object_set_new(o, "caption", json_string(img->caption ? img->caption : ""));
	return o;
}

static json_t *summary_json(struct api *api, const struct article_summary *a)
{
	struct page *p = api->p;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "title", json_string(a->title));
	json_object_set_new(o, "url", json_string(site_article_url(p->a, a->slug, a->id)));
	json_object_set_new(o, "lead", json_string(a->lead));
	json_object_set_new(o, "author", json_string(a->author));
	json_object_set_new(o, "category", api_category_path(api, a->category_id));
	json_object_set_new(o, "published_at", api_time_json(api, a->published_at));
	json_object_set_new(o, "views", json_integer(a->views));
	json_object_set_new(o, "image", image_json(&a->image));
	return o;
}

static void public_article(struct api *api, int64_t id)
{
	struct page *p = api->p;
	struct article a;
	enum store_rc rc = store_article_get(p->st, p->a, id, &a);
	if (rc == STORE_OK && !site_article_public(&a, p->now))
		rc = STORE_NOTFOUND;
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	struct article_summary s = {a.id,   a.category_id, a.published_at, a.views, a.title,
				    a.slug, a.lead,        a.author,       a.image};
	json_t *o = summary_json(api, &s);
	json_object_set_new(o, "signature", json_string(a.signature));
	json_object_set_new(o, "source", json_string(a.source));
	json_object_set_new(o, "body_html", json_string(a.body_html));
	json_t *tags = json_array();
	for (size_t i = 0; i < a.ntags; i++)
		json_array_append_new(tags, json_string(a.tags[i]));
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "origin", api_origin_json(api, a.id));
	api_send_json(api, 200, o);
}

/* GET /api/v1/articles/{id}: with a token, any status the account may view; else (or when it may
 * not) the published article. */
void api_h_article(void *ctx)
{
	struct api *api = ctx;
	int64_t id = http_route_param_id(&api->p->match, "id");
	if (api->user.id && api_private_article(api, id))
		return;
	public_article(api, id);
}

void api_h_articles(void *ctx)
{
	struct api *api = ctx;
	struct page *p = api->p;
	int page = http_parse_page(http_query(p->req, "page"));
	int64_t cat = cat_param(p, http_query(p->req, "category"));
	if (page < 0) {
		api_error(api, 400, "bad_request",
			  "Tham số page phải là số nguyên từ 1 đến 100000.", NULL);
		return;
	}
	if (cat < 0) {
		api_error(api, 404, "not_found", "Không có chuyên mục này.", NULL);
		return;
	}
	struct article_query q = {.category_id = cat,
				  .with_descendants = true,
				  .now = p->now,
				  .offset = (int64_t)(page - 1) * API_PER_PAGE,
				  .limit = API_PER_PAGE};
	struct article_summary *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	enum store_rc rc = store_articles_list(p->st, p->a, &q, &rows, &n, &total);
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	json_t *doc = json_object(), *arr = json_array();
	json_object_set_new(doc, "total", json_integer(total));
	json_object_set_new(doc, "page", json_integer(page));
	json_object_set_new(doc, "per_page", json_integer(API_PER_PAGE));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, summary_json(api, &rows[i]));
	json_object_set_new(doc, "articles", arr);
	api_send_json(api, 200, doc);
}

void api_h_categories(void *ctx)
{
	struct api *api = ctx;
	struct page *p = api->p;
	json_t *arr = json_array();
	for (size_t i = 0; i < p->ncats; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(p->cats[i].id));
		json_object_set_new(o, "parent_id",
				    p->cats[i].parent_id ? json_integer(p->cats[i].parent_id)
							 : json_null());
		json_object_set_new(o, "name", json_string(p->cats[i].name));
		json_object_set_new(o, "path", api_category_path(api, p->cats[i].id));
		json_object_set_new(o, "url", json_string(cat_url(p, p->cats[i].id)));
		json_array_append_new(arr, o);
	}
	json_t *doc = json_object();
	json_object_set_new(doc, "categories", arr);
	api_send_json(api, 200, doc);
}
