/* The portal widgets in the API: the visitor counter, polls and votes. */
#include "api/api-int.h"

#include <string.h>
#include <strings.h>
#include <time.h>

#include "site/polls.h"
#include "site/visitors.h"

/* GET /api/v1/visitors: cached like every public read (about a second), so that the script on
 * cached pages costs one count per node and second, whatever the traffic. */
void api_h_visitors(void *ctx)
{
	struct api *api = ctx;
	struct page *p = api->p;
	struct visitor_counts c;
	enum store_rc rc = visitors_counts(p->st, p->now, p->tz, &c);
	if (rc != STORE_OK) {
		api_store_error(api, rc == STORE_NOTFOUND ? STORE_ERROR : rc);
		return;
	}
	json_t *o = json_object();
	json_object_set_new(o, "online", json_integer(c.online));
	json_object_set_new(o, "today", json_integer(c.today));
	json_object_set_new(o, "month", json_integer(c.month));
	json_object_set_new(o, "total", json_integer(c.total));
	api_send_json(api, 200, o);
}

static json_t *poll_json(struct api *api, const struct poll *pl, bool voted)
{
	struct page *p = api->p;
	enum poll_state st = poll_state(pl, p->now);
	bool results = poll_results_visible(pl, p->now, voted);
	static const char *const states[] = {"not_yet", "open", "closed"};
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(pl->id));
	json_object_set_new(o, "question", json_string(pl->question));
	json_object_set_new(o, "multiple", json_boolean(pl->multiple));
	json_object_set_new(
	    o, "max_choices",
	    json_integer(pl->multiple ? (pl->max_choices > 0 ? pl->max_choices : 1) : 1));
	json_object_set_new(o, "opens_at", api_time_json(api, pl->opens_at));
	json_object_set_new(o, "closes_at", api_time_json(api, pl->closes_at));
	json_object_set_new(o, "state", json_string(states[st]));
	json_object_set_new(o, "results_after_close", json_boolean(pl->results_after_close));
	json_object_set_new(o, "voted", json_boolean(voted));
	json_object_set_new(o, "total", results ? json_integer(pl->total) : json_null());
	json_t *arr = json_array();
	for (size_t i = 0; i < pl->nchoices; i++) {
		json_t *c = json_object();
		json_object_set_new(c, "id", json_integer(pl->choices[i].id));
		json_object_set_new(c, "label", json_string(pl->choices[i].label));
		json_object_set_new(c, "votes",
				    results ? json_integer(pl->choices[i].votes) : json_null());
		json_array_append_new(arr, c);
	}
	json_object_set_new(o, "choices", arr);
	return o;
}

static bool poll_load(struct api *api, int64_t id, struct poll *pl)
{
	enum store_rc rc = store_poll_get(api->p->st, api->p->a, id, pl);
	if (rc == STORE_OK && !pl->active)
		rc = STORE_NOTFOUND;
	if (rc != STORE_OK) {
		if (rc == STORE_NOTFOUND)
			api_error(api, 404, "not_found", "Không tìm thấy cuộc thăm dò ý kiến này.",
				  NULL);
		else
			api_store_error(api, rc);
		return false;
	}
	return true;
}

/* GET /api/v1/polls/{id}: exact counts (not cached: a browser that voted sees them at once). */
void api_h_poll(void *ctx)
{
	struct api *api = ctx;
	int64_t id = http_route_param_id(&api->p->match, "id");
	struct poll pl;
	if (!poll_load(api, id, &pl))
		return;
	api_send_json(api, 200, poll_json(api, &pl, poll_voted(api->p, id)));
}

/* POST /api/v1/polls/{id}/vote {"choices": [id, ...]}: 201 with the poll, or the reason. */
void api_h_poll_vote(void *ctx)
{
	struct api *api = ctx;
	struct page *p = api->p;
	int64_t id = http_route_param_id(&p->match, "id");
	/* JSON only: a cross-site form cannot send it without a CORS preflight. */
	const char *ct = http_header(p->req, "Content-Type");
	if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
		api_error(api, 415, "unsupported_media_type",
			  "Thân yêu cầu phải gửi với Content-Type: application/json.", NULL);
		return;
	}
	json_error_t e;
	json_t *doc =
	    json_loadb(buf_cstr(&p->req->body), p->req->body.len, JSON_REJECT_DUPLICATES, &e);
	json_t *choices = doc ? json_object_get(doc, "choices") : NULL;
	const char *bad = NULL;
	if (!doc)
		bad = "Thân yêu cầu phải là JSON dạng {\"choices\": [mã phương án, ...]}.";
	else if (!json_is_array(choices))
		bad = "Thiếu trường \"choices\" (một mảng mã phương án).";
	else if (json_array_size(choices) > POLL_MAX_CHOICES)
		bad = "Quá nhiều phương án.";
	int64_t ids[POLL_MAX_CHOICES];
	size_t n = 0;
	for (size_t i = 0; !bad && i < json_array_size(choices); i++) {
		json_t *v = json_array_get(choices, i);
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			bad = "Mỗi phương án phải là một số nguyên dương (mã phương án).";
		else
			ids[n++] = json_integer_value(v);
	}
	json_decref(doc);
	if (bad) {
		api_error(api, 422, "invalid", bad, NULL);
		return;
	}
	struct vote_outcome o = poll_vote(p, id, ids, n);
	if (o.status != 201) {
		api_error(api, o.status, o.code, o.message, NULL);
		return;
	}
	struct poll pl;
	if (!poll_load(api, id, &pl))
		return;
	api_send_json(api, 201, poll_json(api, &pl, true));
}
