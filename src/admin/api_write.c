/* The write API under /api/v1/: token clients create, edit and publish articles through nr_*. */
#include "admin/admin-int.h"

#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vi/vi.h"

#define MAX_DEPTH 32    /* category levels */
#define MAX_TAGS 1000   /* items accepted in "tags" (the newsroom keeps the first 50 distinct) */
#define MAX_ECHO_KEY 64 /* longest unknown field name echoed back in an error */

/* One API request: who acts, and the newsroom context they act in. */
struct api {
	struct page *p;
	struct user user;
	struct nr_ctx nr;
};

/* --- responses -------------------------------------------------------------------------------- */

static void send_json(struct page *p, int status, json_t *doc)
{
	page_json(p, status, doc);
	p->cacheable = false;
	http_resp_header(p->resp, "Cache-Control", "no-store");
}

/* {"error": message, "code": code}; extra members (may be NULL) are added after them. */
static void api_error(struct page *p, int status, const char *code, const char *message,
		      json_t *extra)
{
	json_t *doc = json_object();
	json_object_set_new(doc, "error", json_string(message));
	json_object_set_new(doc, "code", json_string(code));
	if (extra) {
		json_object_update(doc, extra);
		json_decref(extra);
	}
	send_json(p, status, doc);
}

static void invalid(struct page *p, const char *field, const char *message)
{
	json_t *extra = NULL;
	if (field) {
		extra = json_object();
		json_object_set_new(extra, "field", json_string(field));
	}
	api_error(p, 422, "invalid", message, extra);
}

static void unauthorized(struct page *p, bool sent_token)
{
	http_resp_header(p->resp, "WWW-Authenticate",
			 sent_token ? "Bearer realm=\"gazette\", error=\"invalid_token\""
				    : "Bearer realm=\"gazette\"");
	api_error(p, 401, "unauthorized",
		  sent_token ? "the token is unknown, revoked, or its account is disabled"
			     : "an \"Authorization: Bearer TOKEN\" header is required",
		  NULL);
}

static void not_allowed(struct page *p, const char *allow)
{
	http_resp_header(p->resp, "Allow", allow);
	api_error(p, 405, "method_not_allowed", "method not allowed on this path", NULL);
}

static void unavailable(struct page *p, int status)
{
	if (status == 503)
		api_error(p, 503, "unavailable", "database unavailable, try again shortly", NULL);
	else
		api_error(p, 500, "internal", "internal error", NULL);
}

/* The answer for a failed newsroom operation, with its reason (Vietnamese) when it gave one. */
static void nr_fail(struct page *p, enum nr_result r, const struct buf *why)
{
	static const char *const codes[NR_RESULT_MAX] = {
	    "ok", "not_found", "forbidden", "conflict", "invalid", "unavailable", "internal"};
	static const char *const fallback[NR_RESULT_MAX] = {
	    "ok",
	    "not found",
	    "your role may not do this",
	    "conflict",
	    "invalid input",
	    "database unavailable, try again shortly",
	    "internal error"};
	unsigned i = (unsigned)r < NR_RESULT_MAX ? (unsigned)r : NR_ERROR;
	api_error(p, nr_status(r), codes[i], why->len ? buf_cstr(why) : fallback[i], NULL);
}

/* --- the article as JSON ---------------------------------------------------------------------- */

static json_t *time_json(struct page *p, int64_t t)
{
	if (!t)
		return json_null();
	struct buf b = BUF_INIT;
	vi_format_rfc3339(&b, t, p->tz);
	json_t *s = json_string(buf_cstr(&b));
	buf_free(&b);
	return s;
}

static json_t *category_names(struct page *p, int64_t id)
{
	const struct category *chain[MAX_DEPTH];
	size_t n;
	cat_chain(p, id, chain, &n, MAX_DEPTH);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_string(chain[i]->name));
	return arr;
}

static json_t *article_json(struct page *p, const struct article *a)
{
	json_t *o = json_object(), *tags = json_array();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "title", json_string(a->title));
	json_object_set_new(o, "status", json_string(article_status_name(a->status)));
	json_object_set_new(o, "revision", json_integer(a->revision));
	json_object_set_new(o, "url", json_string(article_url(p->a, a->slug, a->id)));
	json_object_set_new(o, "category", category_names(p, a->category_id));
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
	json_object_set_new(o, "owner_id", a->owner_id ? json_integer(a->owner_id) : json_null());
	json_object_set_new(o, "note", *a->note ? json_string(a->note) : json_null());
	json_object_set_new(o, "published_at", time_json(p, a->published_at));
	json_object_set_new(o, "expires_at", time_json(p, a->expires_at));
	json_object_set_new(o, "created_at", time_json(p, a->created_at));
	json_object_set_new(o, "updated_at", time_json(p, a->updated_at));
	json_object_set_new(o, "views", json_integer(a->views));
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
		send_json(api->p, status, article_json(api->p, &a));
	} else {
		nr_fail(api->p, r, &why);
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

static void json_syntax_error(struct page *p, const json_error_t *e)
{
	/* Jansson's text may end in "near 'TOKEN'", quoting the request: that part is left out. */
	const char *near = strstr(e->text, " near ");
	int head = near ? (int)(near - e->text) : (int)strlen(e->text);
	json_t *extra = json_object();
	json_object_set_new(extra, "line", json_integer(e->line));
	json_object_set_new(extra, "column", json_integer(e->column));
	json_object_set_new(extra, "position", json_integer(e->position));
	api_error(p, 422, "invalid",
		  arena_printf(p->a, "invalid JSON at line %d, column %d (byte %d): %.*s", e->line,
			       e->column, e->position, head, e->text),
		  extra);
}

/*
 * Reads the request body as a JSON object into *out; an empty body gives NULL when !required.
 * Returns false having answered 415 (not JSON) or 422 (missing, malformed, not an object).
 */
static bool read_body(struct page *p, bool required, json_t **out)
{
	const struct buf *b = &p->req->body;
	*out = NULL;
	if (b->len == 0) {
		if (required)
			invalid(p, NULL, "a JSON object is required as the request body");
		return !required;
	}
	if (!is_json_type(http_header(p->req, "Content-Type"))) {
		api_error(p, 415, "unsupported_media_type",
			  "the body must be sent with Content-Type: application/json", NULL);
		return false;
	}
	json_error_t e;
	json_t *doc = json_loadb(buf_cstr(b), b->len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (!doc) {
		json_syntax_error(p, &e);
		return false;
	}
	arena_on_free(p->a, free_json, doc);
	if (!json_is_object(doc)) {
		invalid(p, NULL, "the body must be a JSON object");
		return false;
	}
	*out = doc;
	return true;
}

/* "field 'name' ..." for an error naming a field the client sent (names are short and UTF-8). */
static void field_error(struct page *p, const char *name, const char *what)
{
	invalid(p, name, arena_printf(p->a, "field '%s' %s", name, what));
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
		field_error(c->api->p, name, "must be a string");
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
		field_error(c->api->p, name, "must be an array of at most 1000 strings");
		return false;
	}
	const char **tags = arena_alloc(c->api->p->a, (n + 1) * sizeof(*tags));
	json_array_foreach(v, i, item)
	{
		if (!json_is_string(item)) {
			field_error(c->api->p, name, "must be an array of strings");
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
		field_error(c->api->p, name,
			    "must be a non-empty array of category names from the root");
		return false;
	}
	c->category = v;
	return true;
}

static bool put_category_id(struct fields *c, const char *name, json_t *v, size_t offset)
{
	(void)offset;
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		field_error(c->api->p, name, "must be a positive integer");
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
		field_error(c->api->p, name, "must be an RFC 3339 time with an offset, or null");
		return false;
	}
	if (!json_is_null(v) && c->f.expires_at <= 0) { /* 0 is "never": not a time to give */
		field_error(c->api->p, name,
			    "must be after 1970-01-01T00:00:00Z, or null for never");
		return false;
	}
	return true;
}

static bool put_revision(struct fields *c, const char *name, json_t *v, size_t offset)
{
	(void)offset;
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		field_error(c->api->p, name, "must be a positive integer");
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
    {"revision", put_revision, 0, true},
};

/* Fields of the article's JSON that only the server sets. */
static const char *const read_only[] = {"id",         "status",    "published_at", "views",
					"url",        "featured",  "owner_id",     "note",
					"created_at", "updated_at"};

static void unknown_field(struct page *p, const char *key)
{
	for (size_t i = 0; i < sizeof read_only / sizeof read_only[0]; i++)
		if (strcmp(key, read_only[i]) == 0) {
			field_error(p, key,
				    "is set by the server: use the workflow actions (submit, "
				    "publish...) to change the status");
			return;
		}
	if (strlen(key) <= MAX_ECHO_KEY)
		field_error(p, key, "is unknown");
	else
		invalid(p, NULL, "a field name is unknown");
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
		invalid(p, "category", "give either 'category' or 'category_id', not both");
		return false;
	}
	if (c->category_id) {
		c->f.category_id = json_integer_value(c->category_id);
		if (!cat_find(p, c->f.category_id)) {
			field_error(p, "category_id", "names no existing category");
			return false;
		}
	}
	if (c->category) {
		const struct category *cat = cat_by_names(p, c->category);
		if (!cat) {
			field_error(p, "category",
				    "names no existing category (names from the root, e.g. "
				    "[\"Parent\", \"Child\"])");
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
			unknown_field(api->p, key);
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
	struct page *p = api->p;
	json_t *body;
	struct fields c;
	if (!read_body(p, true, &body) || !parse_fields(api, body, false, &c))
		return;
	if (!c.f.title) {
		field_error(p, "title", "is missing");
		return;
	}
	if (!c.f.category_id) {
		field_error(p, "category", "is missing");
		return;
	}
	struct buf why = BUF_INIT;
	int64_t id = 0;
	enum nr_result r = nr_create(&api->nr, &c.f, &id, &why);
	if (r == NR_OK)
		send_article(api, id, 201);
	else
		nr_fail(p, r, &why);
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
	api_error(api->p, 409, "conflict", why->len ? buf_cstr(why) : "stale revision", extra);
}

static void update_article(struct api *api, int64_t id)
{
	struct page *p = api->p;
	json_t *body;
	struct fields c;
	if (!read_body(p, true, &body) || !parse_fields(api, body, true, &c))
		return;
	if (!c.revision) {
		field_error(p, "revision", "is missing: send the revision your change is based on");
		return;
	}
	struct buf why = BUF_INIT;
	enum nr_result r = nr_update(&api->nr, id, c.revision, &c.f, &why);
	if (r == NR_OK)
		send_article(api, id, 200);
	else if (r == NR_CONFLICT)
		stale(api, id, &why);
	else
		nr_fail(p, r, &why);
	buf_free(&why);
}

/* The workflow actions: POST /api/v1/articles/{id}/{name}. */
static const struct action_route {
	const char *name;
	enum article_action act;
	bool on;
	const char *field; /* the one body field it takes, or NULL */
} action_routes[] = {
    {"submit", ACT_SUBMIT, false, NULL},   {"return", ACT_RETURN, false, "comment"},
    {"publish", ACT_PUBLISH, false, "at"}, {"unpublish", ACT_UNPUBLISH, false, NULL},
    {"feature", ACT_FEATURE, true, NULL},  {"unfeature", ACT_FEATURE, false, NULL},
};

/* Reads an action's body: {"at": time} for publish, {"comment": text} for return. */
static bool action_args(struct api *api, const struct action_route *ar, int64_t *at,
			const char **comment)
{
	struct page *p = api->p;
	json_t *body, *v;
	const char *key;
	*at = 0;
	*comment = NULL;
	if (!read_body(p, false, &body))
		return false;
	json_object_foreach(body, key, v)
	{
		if (!ar->field || strcmp(key, ar->field) != 0) {
			unknown_field(p, key);
			return false;
		}
		if (ar->act == ACT_PUBLISH && !time_value(v, at)) {
			field_error(p, key, "must be an RFC 3339 time with an offset, or null");
			return false;
		}
		if (ar->act == ACT_RETURN && !json_is_string(v)) {
			field_error(p, key, "must be a string");
			return false;
		}
		if (ar->act == ACT_RETURN)
			*comment = arena_strdup(p->a, json_string_value(v));
	}
	if (*at && *at <= p->now)
		*at = 0; /* a time in the past publishes now */
	return true;
}

static void act_on_article(struct api *api, int64_t id, const struct action_route *ar)
{
	int64_t at;
	const char *comment;
	if (!action_args(api, ar, &at, &comment))
		return;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_transition(&api->nr, id, ar->act, at, comment, ar->on, &why);
	if (r == NR_OK)
		send_article(api, id, 200);
	else
		nr_fail(api->p, r, &why);
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
	enum store_rc rc =
	    r == NR_OK ? store_revisions(p->site->st, p->a, id, &revs, &n) : STORE_OK;
	if (r != NR_OK)
		nr_fail(p, r, &why);
	else if (rc != STORE_OK)
		unavailable(p, page_status_of(rc));
	buf_free(&why);
	if (r != NR_OK || rc != STORE_OK)
		return;
	json_t *arr = json_array(), *doc = json_object();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "revision", json_integer(revs[i].revision));
		json_object_set_new(o, "created_at", time_json(p, revs[i].created_at));
		json_object_set_new(
		    o, "user", *revs[i].user_name ? json_string(revs[i].user_name) : json_null());
		json_object_set_new(o, "title", json_string(revs[i].title));
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "id", json_integer(id));
	json_object_set_new(doc, "revision", json_integer(a.revision));
	json_object_set_new(doc, "revisions", arr);
	send_json(p, 200, doc);
}

/* GET of one article with a token: any status when the user may view it; else the public answer.
 */
static int get_article(struct api *api, int64_t id)
{
	struct article a;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_get(&api->nr, id, &a, &why);
	if (r == NR_OK)
		send_json(api->p, 200, article_json(api->p, &a));
	else if (r != NR_NOTFOUND && r != NR_FORBIDDEN)
		nr_fail(api->p, r, &why);
	buf_free(&why);
	return r == NR_NOTFOUND || r == NR_FORBIDDEN ? -1 : 0;
}

static void send_me(struct api *api)
{
	const struct user *u = &api->user;
	json_t *doc = json_object(), *cats = json_array();
	json_object_set_new(doc, "id", json_integer(u->id));
	json_object_set_new(doc, "name", json_string(u->name));
	json_object_set_new(doc, "display_name", json_string(u->display_name));
	json_object_set_new(doc, "role", json_string(role_name(user_role(u))));
	for (size_t i = 0; i < u->ncategories; i++)
		json_array_append_new(cats, json_integer(u->categories[i]));
	json_object_set_new(doc, "categories", cats);
	send_json(api->p, 200, doc);
}

/* --- routing ---------------------------------------------------------------------------------- */

enum route_kind {
	RT_NONE,
	RT_PUBLIC,
	RT_ARTICLES,
	RT_ARTICLE,
	RT_ACTION,
	RT_REVISIONS,
	RT_ME,
	RT_MAX
};

/* Per path: the methods answered here, those left to the public read API, and the Allow header. */
static const struct {
	unsigned mine, public;
	const char *allow;
} route_methods[RT_MAX] = {
    [RT_NONE] = {0, HTTP_GET | HTTP_HEAD, NULL},
    [RT_PUBLIC] = {0, HTTP_GET | HTTP_HEAD, "GET, HEAD"},
    [RT_ARTICLES] = {HTTP_POST, HTTP_GET | HTTP_HEAD, "GET, HEAD, POST"},
    [RT_ARTICLE] = {HTTP_GET | HTTP_HEAD | HTTP_PATCH, 0, "GET, HEAD, PATCH"},
    [RT_ACTION] = {HTTP_POST, 0, "POST"},
    [RT_REVISIONS] = {HTTP_GET | HTTP_HEAD, 0, "GET, HEAD"},
    [RT_ME] = {HTTP_GET | HTTP_HEAD, 0, "GET, HEAD"},
};

struct route {
	enum route_kind kind;
	int64_t id;
	const struct action_route *action;
};

static void parse_route(const char *rest, struct route *rt)
{
	memset(rt, 0, sizeof(*rt));
	if (strcmp(rest, "me") == 0)
		rt->kind = RT_ME;
	else if (strcmp(rest, "categories") == 0)
		rt->kind = RT_PUBLIC;
	else if (strcmp(rest, "articles") == 0)
		rt->kind = RT_ARTICLES;
	if (rt->kind != RT_NONE || strncmp(rest, "articles/", 9) != 0)
		return;
	const char *id = rest + 9, *slash = strchr(id, '/');
	rt->id = parse_id(id, slash ? (size_t)(slash - id) : strlen(id));
	if (!rt->id)
		return;
	if (!slash) {
		rt->kind = RT_ARTICLE;
	} else if (strcmp(slash + 1, "revisions") == 0) {
		rt->kind = RT_REVISIONS;
	} else {
		for (size_t i = 0; i < sizeof action_routes / sizeof action_routes[0]; i++)
			if (strcmp(slash + 1, action_routes[i].name) == 0)
				rt->action = &action_routes[i];
		rt->kind = rt->action ? RT_ACTION : RT_NONE;
	}
}

static void drop_caches(void *cls)
{
	struct site *s = cls;
	cache_bump(s->cache);
}

/* Authenticates the token and loads the category tree. Returns false having answered. */
static bool begin(struct api *api, struct page *p)
{
	memset(api, 0, sizeof(*api));
	api->p = p;
	enum store_rc rc = auth_bearer(p->site->st, p->req, &api->user);
	if (rc == STORE_UNAVAILABLE || rc == STORE_ERROR) {
		unavailable(p, 503);
		return false;
	}
	if (rc != STORE_OK) {
		unauthorized(p, http_header(p->req, "Authorization") != NULL);
		return false;
	}
	if (page_begin(p) != 0) {
		unavailable(p, 503);
		return false;
	}
	api->nr = (struct nr_ctx){.st = p->site->st,
				  .a = p->a,
				  .user = &api->user,
				  .address = p->req->client_addr,
				  .cats = p->cats,
				  .ncats = p->ncats,
				  .changed = drop_caches,
				  .changed_cls = p->site};
	return true;
}

int api_write(struct page *p, const char *rest)
{
	struct route rt;
	struct api api;
	parse_route(rest, &rt);
	unsigned m = (unsigned)p->req->method;
	if (!(m & route_methods[rt.kind].mine)) {
		if (m & route_methods[rt.kind].public)
			return -1;
		if (route_methods[rt.kind].allow)
			not_allowed(p, route_methods[rt.kind].allow);
		else
			api_error(p, 404, "not_found", "not found", NULL);
		return 0;
	}
	if (!begin(&api, p))
		return 0;
	switch (rt.kind) {
	case RT_ARTICLES:
		create_article(&api);
		break;
	case RT_ARTICLE:
		if (m & (HTTP_GET | HTTP_HEAD))
			return get_article(&api, rt.id);
		update_article(&api, rt.id);
		break;
	case RT_ACTION:
		act_on_article(&api, rt.id, rt.action);
		break;
	case RT_REVISIONS:
		list_revisions(&api, rt.id);
		break;
	case RT_ME:
		send_me(&api);
		break;
	default:
		api_error(p, 404, "not_found", "not found", NULL);
		break;
	}
	return 0;
}
