/* The API's writes and private reads: token clients create, edit and publish articles through nr_*.
 */
#include "api/api-int.h"

#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vi/vi.h"

#define MAX_DEPTH 32    /* category levels */
#define MAX_TAGS 1000   /* items accepted in "tags" (the newsroom keeps the first 50 distinct) */
#define MAX_ECHO_KEY 64 /* longest unknown field name echoed back in an error */

/* --- the article as JSON ---------------------------------------------------------------------- */

static json_t *article_json(struct api *api, const struct article *a)
{
	struct page *p = api->p;
	json_t *o = json_object(), *tags = json_array();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "title", json_string(a->title));
	json_object_set_new(o, "status", json_string(article_status_name(a->status)));
	json_object_set_new(o, "revision", json_integer(a->revision));
	json_object_set_new(o, "url", json_string(site_article_url(p->a, a->slug, a->id)));
	json_object_set_new(o, "category", api_category_path(api, a->category_id));
	json_object_set_new(o, "category_id", json_integer(a->category_id));
	json_object_set_new(o, "author", json_string(a->author));
	json_object_set_new(o, "signature", json_string(a->signature));
	json_object_set_new(o, "source", json_string(a->source));
	json_object_set_new(o, "lead", json_string(a->lead));
	json_object_set_new(o, "body_html", json_string(a->body_html));
	for (size_t i = 0; i < a->ntags; i++)
		json_array_append_new(tags, json_string(a->tags[i]));
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "featured", json_boolean(a->featured));
	json_t *img = json_null();
	if (*a->image.src) {
		img = json_object();
		json_object_set_new(img, "src", json_string(a->image.src));
		json_object_set_new(img, "alt", json_string(a->image.alt));
		json_object_set_new(img, "caption", json_string(a->image.caption));
	}
	json_object_set_new(o, "image", img);
	json_object_set_new(o, "owner_id", a->owner_id ? json_integer(a->owner_id) : json_null());
	json_object_set_new(o, "note", *a->note ? json_string(a->note) : json_null());
	json_object_set_new(o, "published_at", api_time_json(api, a->published_at));
	json_object_set_new(o, "expires_at", api_time_json(api, a->expires_at));
	json_object_set_new(o, "created_at", api_time_json(api, a->created_at));
	json_object_set_new(o, "updated_at", api_time_json(api, a->updated_at));
	json_object_set_new(o, "views", json_integer(a->views));
	json_object_set_new(o, "origin", api_origin_json(api, a->id));
	return o;
}

/* Answers with the article as it is now (status 200 or 201), or why it cannot be read. */
static void send_article(struct api *api, int64_t id, int status)
{
	struct article a;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_get(&api->nr, id, &a, &why);
	if (r == NR_OK) {
		if (status == 201)
			http_resp_header(
			    api->p->resp, "Location",
			    arena_printf(api->p->a, "/api/v1/articles/%lld", (long long)id));
		api_send_json(api, status, article_json(api, &a));
	} else {
		api_nr_error(api, r, &why);
	}
	buf_free(&why);
}

/* --- request bodies --------------------------------------------------------------------------- */

static void free_json(void *v)
{
	json_decref(v);
}

/* True when a Content-Type names application/json (parameters such as charset allowed). */
static bool is_json_type(const char *ct)
{
	static const char want[] = "application/json";
	if (!ct)
		return false;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, want, sizeof want - 1) != 0)
		return false;
	ct += sizeof want - 1;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

/* 422 invalid, naming the field when there is one. */
static void invalid(struct api *api, const char *field, const char *message)
{
	json_t *extra = NULL;
	if (field) {
		extra = json_object();
		json_object_set_new(extra, "field", json_string(field));
	}
	api_error(api, 422, "invalid", message, extra);
}

static void json_syntax_error(struct api *api, const json_error_t *e)
{
	/* Jansson's text may end in "near 'TOKEN'", quoting the request: that part is left out. */
	const char *near = strstr(e->text, " near ");
	int head = near ? (int)(near - e->text) : (int)strlen(e->text);
	json_t *extra = json_object();
	json_object_set_new(extra, "line", json_integer(e->line));
	json_object_set_new(extra, "column", json_integer(e->column));
	json_object_set_new(extra, "position", json_integer(e->position));
	api_error(api, 422, "invalid",
		  arena_printf(api->p->a, "JSON không hợp lệ ở dòng %d, cột %d (byte %d): %.*s",
			       e->line, e->column, e->position, head, e->text),
		  extra);
}

/*
 * Reads the request body as a JSON object into *out; an empty body gives NULL when !required.
 * Returns false having answered 415 (not JSON) or 422 (missing, malformed, not an object).
 */
bool api_read_body(struct api *api, bool required, json_t **out)
{
	struct page *p = api->p;
	const struct buf *b = &p->req->body;
	*out = NULL;
	if (b->len == 0) {
		if (required)
			invalid(api, NULL, "Cần gửi một đối tượng JSON trong thân yêu cầu.");
		return !required;
	}
	if (!is_json_type(http_header(p->req, "Content-Type"))) {
		api_error(api, 415, "unsupported_media_type",
			  "Thân yêu cầu phải gửi với Content-Type: application/json.", NULL);
		return false;
	}
	json_error_t e;
	json_t *doc = json_loadb(buf_cstr(b), b->len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (!doc) {
		json_syntax_error(api, &e);
		return false;
	}
	arena_on_free(p->a, free_json, doc);
	if (!json_is_object(doc)) {
		invalid(api, NULL, "Thân yêu cầu phải là một đối tượng JSON.");
		return false;
	}
	*out = doc;
	return true;
}

/* "field 'name' ..." for an error naming a field the client sent (names are short and UTF-8). */
static void field_error(struct api *api, const char *name, const char *what)
{
	invalid(api, name, arena_printf(api->p->a, "Trường '%s' %s", name, what));
}

/* --- article fields --------------------------------------------------------------------------- */

/* What the fields of a POST or PATCH body become. */
struct fields {
	struct api *api;
	struct nr_fields f;
	int64_t revision; /* 0: not sent */
	json_t *category, *category_id;
};

static bool put_text(struct fields *c, const char *name, json_t *v, size_t offset)
{
	if (!json_is_string(v)) {
		field_error(c->api, name, "phải là một chuỗi.");
		return false;
	}
	*(const char **)(void *)((char *)&c->f + offset) =
	    arena_strdup(c->api->p->a, json_string_value(v));
	return true;
}

static bool put_tags(struct fields *c, const char *name, json_t *v, size_t offset)
{
	(void)offset;
	size_t i, n = json_array_size(v);
	json_t *item;
	if (!json_is_array(v) || n > MAX_TAGS) {
		field_error(c->api, name, "phải là một mảng tối đa 1000 chuỗi.");
		return false;
	}
	const char **tags = arena_alloc(c->api->p->a, (n + 1) * sizeof(*tags));
	json_array_foreach(v, i, item)
	{
		if (!json_is_string(item)) {
			field_error(c->api, name, "phải là một mảng các chuỗi.");
			return false;
		}
		tags[i] = arena_strdup(c->api->p->a, json_string_value(item));
	}
	c->f.tags = tags;
	c->f.ntags = n;
	c->f.has_tags = true;
	return true;
}

static bool put_category(struct fields *c, const char *name, json_t *v, size_t offset)
{
	(void)offset;
	size_t i;
	json_t *item;
	bool ok = json_is_array(v) && json_array_size(v) > 0 && json_array_size(v) <= MAX_DEPTH;
	json_array_foreach(v, i, item)
	{
		ok = ok && json_is_string(item);
	}
	if (!ok) {
		field_error(c->api, name,
			    "phải là một mảng (không rỗng) tên chuyên mục tính từ gốc.");
		return false;
	}
	c->category = v;
	return true;
}

static bool put_category_id(struct fields *c, const char *name, json_t *v, size_t offset)
{
	(void)offset;
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		field_error(c->api, name, "phải là một số nguyên dương.");
		return false;
	}
	c->category_id = v;
	return true;
}

/* An RFC 3339 time with offset, or null; *t is 0 for null. */
static bool time_value(json_t *v, int64_t *t)
{
	*t = 0;
	return json_is_null(v) ||
	       (json_is_string(v) && vi_parse_rfc3339(json_string_value(v), t) == 0);
}

static bool put_expires(struct fields *c, const char *name, json_t *v, size_t offset)
{
	(void)offset;
	if (!time_value(v, &c->f.expires_at)) {
		field_error(c->api, name, "phải là thời điểm RFC 3339 có múi giờ, hoặc null.");
		return false;
	}
	if (!json_is_null(v) && c->f.expires_at <= 0) { /* 0 is "never": not a time to give */
		field_error(c->api, name, "phải là thời điểm sau 1970-01-01T00:00:00Z, hoặc null.");
		return false;
	}
	return true;
}

/* "image": null removes the featured image; {"src", "alt", "caption"} sets it (missing members
 * are ""). */
static bool put_image(struct fields *c, const char *name, json_t *v, size_t offset)
{
	(void)offset;
	c->f.image_src = c->f.image_alt = c->f.image_caption = "";
	if (json_is_null(v))
		return true;
	const char *key;
	json_t *m;
	if (!json_is_object(v)) {
		field_error(c->api, name, "must be null or an object {src, alt, caption}");
		return false;
	}
	json_object_foreach(v, key, m)
	{
		const char **dst = strcmp(key, "src") == 0       ? &c->f.image_src
				   : strcmp(key, "alt") == 0     ? &c->f.image_alt
				   : strcmp(key, "caption") == 0 ? &c->f.image_caption
								 : NULL;
		if (!dst || !json_is_string(m)) {
			field_error(c->api, name,
				    "members must be the strings src, alt and caption");
			return false;
		}
		*dst = arena_strdup(c->api->p->a, json_string_value(m));
	}
	return true;
}

static bool put_revision(struct fields *c, const char *name, json_t *v, size_t offset)
{
	(void)offset;
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		field_error(c->api, name, "phải là một số nguyên dương.");
		return false;
	}
	c->revision = json_integer_value(v);
	return true;
}

/* The fields a client may send: those of DESIGN.md section 7 that a person can edit. */
static const struct field_rule {
	const char *name;
	bool (*put)(struct fields *c, const char *name, json_t *v, size_t offset);
	size_t offset;
	bool patch_only;
} field_rules[] = {
    {"title", put_text, offsetof(struct nr_fields, title), false},
    {"lead", put_text, offsetof(struct nr_fields, lead), false},
    {"body_html", put_text, offsetof(struct nr_fields, body_html), false},
    {"author", put_text, offsetof(struct nr_fields, author), false},
    {"signature", put_text, offsetof(struct nr_fields, signature), false},
    {"source", put_text, offsetof(struct nr_fields, source), false},
    {"category", put_category, 0, false},
    {"category_id", put_category_id, 0, false},
    {"tags", put_tags, 0, false},
    {"expires_at", put_expires, 0, false},
    {"image", put_image, 0, false},
    {"revision", put_revision, 0, true},
};

/* Fields of the article's JSON that only the server sets. */
static const char *const read_only[] = {"id",         "status",    "published_at", "views",
					"url",        "featured",  "owner_id",     "note",
					"created_at", "updated_at"};

static void unknown_field(struct api *api, const char *key)
{
	for (size_t i = 0; i < sizeof read_only / sizeof read_only[0]; i++)
		if (strcmp(key, read_only[i]) == 0) {
			field_error(api, key,
				    "do máy chủ đặt: hãy dùng các thao tác (submit, publish...) để "
				    "đổi trạng thái.");
			return;
		}
	if (strlen(key) <= MAX_ECHO_KEY)
		field_error(api, key, "không có trong API.");
	else
		invalid(api, NULL, "Có một trường không có trong API.");
}

/* The category whose names from the root are the strings of `names`, or NULL. */
static const struct category *cat_by_names(struct page *p, json_t *names)
{
	const struct category *found = NULL;
	struct buf nfc = BUF_INIT;
	size_t i;
	json_t *v;
	json_array_foreach(names, i, v)
	{
		int64_t parent = found ? found->id : 0;
		found = NULL;
		buf_reset(&nfc);
		if (i > 0 && parent == 0)
			break;
		if (vi_nfc(json_string_value(v), json_string_length(v), &nfc) != 0)
			break;
		const char *s = buf_cstr(&nfc);
		size_t len = nfc.len;
		while (len && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		for (size_t k = 0; k < p->ncats && !found; k++)
			if (p->cats[k].parent_id == parent && strlen(p->cats[k].name) == len &&
			    memcmp(p->cats[k].name, s, len) == 0)
				found = &p->cats[k];
		if (!found)
			break;
	}
	buf_free(&nfc);
	return found;
}

static bool resolve_category(struct fields *c)
{
	struct page *p = c->api->p;
	if (c->category && c->category_id) {
		invalid(c->api, "category",
			"Chỉ gửi một trong hai trường 'category' hoặc 'category_id'.");
		return false;
	}
	if (c->category_id) {
		c->f.category_id = json_integer_value(c->category_id);
		if (!cat_find(p, c->f.category_id)) {
			field_error(c->api, "category_id", "không ứng với chuyên mục nào.");
			return false;
		}
	}
	if (c->category) {
		const struct category *cat = cat_by_names(p, c->category);
		if (!cat) {
			field_error(c->api, "category",
				    "không ứng với chuyên mục nào (tên tính từ gốc, ví dụ "
				    "[\"Cha\", \"Con\"]).");
			return false;
		}
		c->f.category_id = cat->id;
	}
	return true;
}

/* Reads a POST (patch false) or PATCH body into c. Returns false having answered 422. */
static bool parse_fields(struct api *api, json_t *body, bool patch, struct fields *c)
{
	memset(c, 0, sizeof(*c));
	c->api = api;
	nr_fields_init(&c->f);
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		size_t i = 0, n = sizeof field_rules / sizeof field_rules[0];
		while (i < n && (strcmp(field_rules[i].name, key) != 0 ||
				 (field_rules[i].patch_only && !patch)))
			i++;
		if (i == n) {
			unknown_field(api, key);
			return false;
		}
		if (!field_rules[i].put(c, key, v, field_rules[i].offset))
			return false;
	}
	return resolve_category(c);
}

/* --- the operations --------------------------------------------------------------------------- */

static void create_article(struct api *api)
{
	json_t *body;
	struct fields c;
	if (!api_read_body(api, true, &body) || !parse_fields(api, body, false, &c))
		return;
	if (!c.f.title) {
		field_error(api, "title", "còn thiếu.");
		return;
	}
	if (!c.f.category_id) {
		field_error(api, "category", "còn thiếu.");
		return;
	}
	struct buf why = BUF_INIT;
	int64_t id = 0;
	enum nr_result r = nr_create(&api->nr, &c.f, &id, &why);
	if (r == NR_OK)
		send_article(api, id, 201);
	else
		api_nr_error(api, r, &why);
	buf_free(&why);
}

/* 409 for a stale revision, with the revision the client should fetch and build on. */
static void stale(struct api *api, int64_t id, const struct buf *why)
{
	struct article a;
	struct buf ignored = BUF_INIT;
	json_t *extra = json_object();
	if (nr_get(&api->nr, id, &a, &ignored) == NR_OK)
		json_object_set_new(extra, "current_revision", json_integer(a.revision));
	buf_free(&ignored);
	api_error(api, 409, "conflict", why->len ? buf_cstr(why) : "Phiên bản đã cũ.", extra);
}

static void update_article(struct api *api, int64_t id)
{
	json_t *body;
	struct fields c;
	if (!api_read_body(api, true, &body) || !parse_fields(api, body, true, &c))
		return;
	if (!c.revision) {
		field_error(api, "revision",
			    "còn thiếu: hãy gửi số phiên bản mà thay đổi dựa trên.");
		return;
	}
	struct buf why = BUF_INIT;
	enum nr_result r = nr_update(&api->nr, id, c.revision, &c.f, &why);
	if (r == NR_OK)
		send_article(api, id, 200);
	else if (r == NR_CONFLICT)
		stale(api, id, &why);
	else
		api_nr_error(api, r, &why);
	buf_free(&why);
}

/* Reads an action's body: {"at": time} for publish, {"comment": text} for return, and for any
 * action {"changes": {fields..., "revision": n}} saved with it in one transaction (*changes set).
 */
static bool action_args(struct api *api, const struct nr_action *ar, int64_t *at,
			const char **comment, struct fields *changes, bool *has_changes)
{
	struct page *p = api->p;
	json_t *body, *v;
	const char *key;
	*at = 0;
	*comment = NULL;
	if (!api_read_body(api, false, &body))
		return false;
	*has_changes = false;
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "changes") == 0) {
			if (!json_is_object(v)) {
				field_error(api, key, "phải là một đối tượng các trường của bài.");
				return false;
			}
			if (!parse_fields(api, v, true, changes))
				return false;
			if (!changes->revision) {
				field_error(api, "revision",
					    "còn thiếu trong changes: hãy gửi số phiên bản mà thay "
					    "đổi dựa trên.");
				return false;
			}
			*has_changes = true;
			continue;
		}
		if (!ar->field || strcmp(key, ar->field) != 0) {
			unknown_field(api, key);
			return false;
		}
		if (ar->act == ACT_PUBLISH && !time_value(v, at)) {
			field_error(api, key, "phải là thời điểm RFC 3339 có múi giờ, hoặc null.");
			return false;
		}
		if (ar->act == ACT_RETURN && !json_is_string(v)) {
			field_error(api, key, "phải là một chuỗi.");
			return false;
		}
		if (ar->act == ACT_RETURN)
			*comment = arena_strdup(p->a, json_string_value(v));
	}
	if (*at && *at <= p->now)
		*at = 0; /* a time in the past publishes now */
	return true;
}

static void act_on_article(struct api *api, int64_t id, const struct nr_action *ar)
{
	int64_t at;
	const char *comment;
	struct fields c;
	bool has_changes;
	if (!action_args(api, ar, &at, &comment, &c, &has_changes))
		return;
	struct buf why = BUF_INIT;
	enum nr_result r =
	    nr_save_transition(&api->nr, id, has_changes ? c.revision : 0,
			       has_changes ? &c.f : NULL, ar->act, at, comment, ar->on, &why);
	if (r == NR_OK)
		send_article(api, id, 200);
	else if (r == NR_CONFLICT && has_changes)
		stale(api, id, &why);
	else
		api_nr_error(api, r, &why);
	buf_free(&why);
}

static void list_revisions(struct api *api, int64_t id)
{
	struct page *p = api->p;
	struct article a;
	struct buf why = BUF_INIT;
	struct revision *revs = NULL;
	size_t n = 0;
	enum nr_result r = nr_get(&api->nr, id, &a, &why);
	enum store_rc rc = r == NR_OK ? store_revisions(p->st, p->a, id, &revs, &n) : STORE_OK;
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
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "id", json_integer(id));
	json_object_set_new(doc, "revision", json_integer(a.revision));
	json_object_set_new(doc, "revisions", arr);
	api_send_json(api, 200, doc);
}

bool api_private_article(struct api *api, int64_t id)
{
	struct article a;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_get(&api->nr, id, &a, &why);
	if (r == NR_OK)
		api_send_json(api, 200, article_json(api, &a));
	else if (r != NR_NOTFOUND && r != NR_FORBIDDEN)
		api_nr_error(api, r, &why);
	buf_free(&why);
	return r != NR_NOTFOUND && r != NR_FORBIDDEN;
}

static void send_me(struct api *api)
{
	const struct user *u = &api->user;
	json_t *doc = json_object(), *cats = json_array();
	json_object_set_new(doc, "id", json_integer(u->id));
	json_object_set_new(doc, "name", json_string(u->name));
	json_object_set_new(doc, "display_name", json_string(u->display_name));
	json_object_set_new(doc, "role", json_string(role_name(role_of_user(u))));
	for (size_t i = 0; i < u->ncategories; i++)
		json_array_append_new(cats, json_integer(u->categories[i]));
	json_object_set_new(doc, "categories", cats);
	api_send_json(api, 200, doc);
}

/* --- the rows of the API's route table (api.c) ------------------------------------------------ */

static int64_t id_of(const struct api *api)
{
	return http_route_param_id(&api->p->match, "id");
}

void api_h_create(void *ctx)
{
	create_article(ctx);
}

void api_h_update(void *ctx)
{
	update_article(ctx, id_of(ctx));
}

void api_h_action(void *ctx)
{
	struct api *api = ctx;
	act_on_article(api, id_of(api), api->p->match.route->arg);
}

void api_h_revisions(void *ctx)
{
	list_revisions(ctx, id_of(ctx));
}

void api_h_me(void *ctx)
{
	send_me(ctx);
}
