/* The read-only JSON API under /api/v1/: articles, one article, categories. */
#include "site/site-int.h"

#include <jansson.h>
#include <string.h>

#include "vi/vi.h"

#define API_PER_PAGE 20
#define MAX_DEPTH 32

static void send_json(struct page *p, int status, json_t *doc)
{
	page_json(p, status, doc);
	p->cacheable = status == 200;
	http_resp_header(p->resp, "Access-Control-Allow-Origin", "*");
}

static void api_error(struct page *p, int status, const char *message)
{
	json_t *doc = json_object();
	json_object_set_new(doc, "error", json_string(message));
	if (status == 405)
		http_resp_header(p->resp, "Allow", "GET, HEAD");
	send_json(p, status, doc);
}

static void store_error(struct page *p, enum store_rc rc)
{
	int status = page_status_of(rc);
	api_error(p, status,
		  status == 404   ? "not found"
		  : status == 503 ? "database unavailable, try again shortly"
				  : "internal error");
}

static json_t *category_path(struct page *p, int64_t id)
{
	const struct category *chain[MAX_DEPTH];
	size_t n;
	cat_chain(p, id, chain, &n, MAX_DEPTH);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_string(chain[i]->name));
	return arr;
}

static json_t *time_json(struct page *p, int64_t t)
{
	struct buf b = BUF_INIT;
	vi_format_rfc3339(&b, t, p->tz);
	json_t *s = json_string(buf_cstr(&b));
	buf_free(&b);
	return s;
}

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

static json_t *summary_json(struct page *p, const struct article_summary *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "title", json_string(a->title));
	json_object_set_new(o, "url", json_string(article_url(p->a, a->slug, a->id)));
	json_object_set_new(o, "lead", json_string(a->lead));
	json_object_set_new(o, "author", json_string(a->author));
	json_object_set_new(o, "category", category_path(p, a->category_id));
	json_object_set_new(o, "published_at", time_json(p, a->published_at));
	json_object_set_new(o, "views", json_integer(a->views));
	json_object_set_new(o, "image", image_json(&a->image));
	return o;
}

static void api_article(struct page *p, int64_t id)
{
	struct article a;
	enum store_rc rc = store_article_get(p->site->st, p->a, id, &a);
	if (rc == STORE_OK && !article_public(&a, p->now))
		rc = STORE_NOTFOUND;
	if (rc != STORE_OK) {
		store_error(p, rc);
		return;
	}
	struct article_summary s = {a.id,   a.category_id, a.published_at, a.views, a.title,
				    a.slug, a.lead,        a.author,       a.image};
	json_t *o = summary_json(p, &s);
	json_object_set_new(o, "signature", json_string(a.signature));
	json_object_set_new(o, "source", json_string(a.source));
	json_object_set_new(o, "body_html", json_string(a.body_html));
	json_t *tags = json_array();
	for (size_t i = 0; i < a.ntags; i++)
		json_array_append_new(tags, json_string(a.tags[i]));
	json_object_set_new(o, "tags", tags);
	send_json(p, 200, o);
}

/* ?category= takes an id or a slug path ("a/b"). Returns 0 for none, -1 for unknown. */
static int64_t category_param(struct page *p, const char *v)
{
	if (!v || !*v)
		return 0;
	int64_t id = parse_id(v, strlen(v));
	if (id)
		return cat_find(p, id) ? id : -1;
	const char *segs[MAX_DEPTH];
	size_t n = 0;
	char *path = arena_strdup(p->a, v);
	for (char *s = strtok(path, "/"); s && n < MAX_DEPTH; s = strtok(NULL, "/"))
		segs[n++] = s;
	const struct category *c = n ? cat_by_path(p, segs, n) : NULL;
	return c ? c->id : -1;
}

static void api_articles(struct page *p)
{
	int page = parse_page(http_query(p->req, "page"));
	int64_t cat = category_param(p, http_query(p->req, "category"));
	if (page < 0) {
		api_error(p, 400, "page must be an integer from 1 to 100000");
		return;
	}
	if (cat < 0) {
		api_error(p, 404, "no such category");
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
	enum store_rc rc = store_articles_list(p->site->st, p->a, &q, &rows, &n, &total);
	if (rc != STORE_OK) {
		store_error(p, rc);
		return;
	}
	json_t *doc = json_object(), *arr = json_array();
	json_object_set_new(doc, "total", json_integer(total));
	json_object_set_new(doc, "page", json_integer(page));
	json_object_set_new(doc, "per_page", json_integer(API_PER_PAGE));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, summary_json(p, &rows[i]));
	json_object_set_new(doc, "articles", arr);
	send_json(p, 200, doc);
}

static void api_categories(struct page *p)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < p->ncats; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(p->cats[i].id));
		json_object_set_new(o, "parent_id",
				    p->cats[i].parent_id ? json_integer(p->cats[i].parent_id)
							 : json_null());
		json_object_set_new(o, "name", json_string(p->cats[i].name));
		json_object_set_new(o, "path", category_path(p, p->cats[i].id));
		json_object_set_new(o, "url", json_string(cat_url(p, p->cats[i].id)));
		json_array_append_new(arr, o);
	}
	json_t *doc = json_object();
	json_object_set_new(doc, "categories", arr);
	send_json(p, 200, doc);
}

void api_handle(struct page *p, const char *rest)
{
	if (strcmp(rest, "articles") == 0) {
		api_articles(p);
	} else if (strncmp(rest, "articles/", 9) == 0) {
		int64_t id = parse_id(rest + 9, strlen(rest + 9));
		if (id)
			api_article(p, id);
		else
			api_error(p, 404, "not found");
	} else if (strcmp(rest, "categories") == 0) {
		api_categories(p);
	} else if (strcmp(rest, "search") == 0) {
		api_search(p);
	} else {
		api_error(p, 404, "not found");
	}
}
