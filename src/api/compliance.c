/* The API of issue 15: views statistics (GET /api/v1/stats/views) and takedowns recorded by
 * programs (POST /api/v1/takedowns), with the same checks and audit as the newsroom. */
#include "api/api-int.h"

#include <string.h>

#include "admin/compliance.h"
#include "report/report.h"
#include "vi/vi.h"

/* Rows of a report by article at most (the most viewed). */
#define ARTICLE_ROWS 1000

static void free_json(void *doc)
{
	json_decref(doc);
}

void api_h_stats_views(void *ctx)
{
	struct api *api = ctx;
	const struct http_req *req = api->p->req;
	struct stats_query q;
	struct buf why = BUF_INIT;
	if (report_parse(http_query(req, "from"), http_query(req, "to"), http_query(req, "by"),
			 http_query(req, "category"), http_query(req, "article"), &q, &why) != 0) {
		api_error(api, 400, "bad_request", buf_cstr(&why), NULL);
		buf_free(&why);
		return;
	}
	buf_free(&why);
	q.limit = q.by == STATS_ARTICLE ? ARTICLE_ROWS : 0;
	struct stats_row *rows;
	size_t n = 0;
	int64_t total = 0;
	enum store_rc rc = store_stats_views(api->p->st, api->p->a, &q, &rows, &n, &total);
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	struct buf from = BUF_INIT, to = BUF_INIT;
	report_day(&from, q.from);
	report_day(&to, q.to);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *row = json_pack("{s:s, s:s, s:I}", "key", rows[i].key, "label",
					rows[i].label, "views", (json_int_t)rows[i].views);
		if (rows[i].visitors >= 0)
			json_object_set_new(row, "visitors", json_integer(rows[i].visitors));
		json_array_append_new(list, row);
	}
	json_t *doc =
	    json_pack("{s:s, s:s, s:s, s:o, s:I}", "from", buf_cstr(&from), "to", buf_cstr(&to),
		      "by", stats_by_name(q.by), "rows", list, "total", (json_int_t)total);
	buf_free(&from);
	buf_free(&to);
	api_send_json(api, 200, doc);
}

json_t *api_origin_json(struct api *api, int64_t article_id)
{
	struct article_origin o;
	if (store_origin_get(api->p->st, api->p->a, article_id, &o) != STORE_OK)
		return json_null();
	json_t *j = json_object();
	json_object_set_new(j, "source_id", o.source_id ? json_integer(o.source_id) : json_null());
	json_object_set_new(j, "source", json_string(o.source_name ? o.source_name : ""));
	json_object_set_new(j, "original_url", json_string(o.original_url ? o.original_url : ""));
	json_object_set_new(j, "original_at",
			    o.original_at ? api_time_json(api, o.original_at) : json_null());
	return j;
}

/* {"article": ID, "removed_at": "RFC 3339", "note": "..."}: the original of an article was
 * removed; the article must leave the site within three hours. */
void api_h_takedown(void *ctx)
{
	struct api *api = ctx;
	const struct buf *b = &api->p->req->body;
	json_error_t e;
	json_t *doc = b->len ? json_loadb(buf_cstr(b), b->len, JSON_REJECT_DUPLICATES, &e) : NULL;
	if (doc)
		arena_on_free(api->p->a, free_json, doc);
	json_t *art = json_object_get(doc, "article"), *at = json_object_get(doc, "removed_at");
	json_t *note = json_object_get(doc, "note");
	int64_t removed = 0;
	if (!json_is_object(doc) || !json_is_integer(art) || json_integer_value(art) <= 0 ||
	    !json_is_string(at) || vi_parse_rfc3339(json_string_value(at), &removed) != 0 ||
	    (note && !json_is_string(note))) {
		api_error(api, 422, "invalid",
			  "Cần một đối tượng JSON với \"article\" (mã bài), \"removed_at\" (thời "
			  "điểm bài gốc bị gỡ, RFC 3339) và \"note\" (tùy chọn).",
			  NULL);
		return;
	}
	struct buf why = BUF_INIT;
	int64_t id = 0;
	enum nr_result r = nr_takedown_add(&api->nr, (int64_t)json_integer_value(art), removed,
					   note ? json_string_value(note) : "", &id, &why);
	if (r != NR_OK) {
		api_nr_error(api, r, &why);
		buf_free(&why);
		return;
	}
	buf_free(&why);
	api_send_json(api, 201,
		      json_pack("{s:I, s:I, s:o}", "id", (json_int_t)id, "article",
				json_integer_value(art), "deadline",
				api_time_json(api, removed + TAKEDOWN_SECONDS)));
}
