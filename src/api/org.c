/* The organisation on the API (issue 13): public reads of units with their contacts and of
 * people; with an admin's token, writes (the newsroom's checks, audited). */
#include "api/api-int.h"

#include <string.h>

#include "admin/org_ops.h"
#include "vi/vi.h"

static json_t *unit_json(struct api *api, const struct org_unit *u)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(u->id));
	json_object_set_new(o, "parent_id",
			    u->parent_id ? json_integer(u->parent_id) : json_null());
	json_object_set_new(o, "position", json_integer(u->position));
	json_object_set_new(o, "name", json_string(u->name));
	json_object_set_new(o, "slug", json_string(u->slug));
	json_object_set_new(o, "functions", json_string(u->functions));
	json_object_set_new(o, "address", json_string(u->address));
	json_object_set_new(o, "phone", json_string(u->phone));
	json_object_set_new(o, "fax", json_string(u->fax));
	json_object_set_new(o, "email", json_string(u->email));
	json_object_set_new(o, "website", json_string(u->website));
	json_t *en = json_object(); /* English version (issue 13); "" where not translated */
	json_object_set_new(en, "name", json_string(u->name_en));
	json_object_set_new(en, "functions", json_string(u->functions_en));
	json_object_set_new(o, "en", en);
	json_object_set_new(o, "updated_at", api_time_json(api, u->updated_at));
	return o;
}

static json_t *person_json(struct api *api, const struct org_person *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "unit_id", json_integer(p->unit_id));
	json_object_set_new(o, "order", json_integer(p->sort_order));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "title", json_string(p->title));
	json_object_set_new(o, "phone", json_string(p->phone));
	json_object_set_new(o, "email", json_string(p->email));
	json_object_set_new(o, "photo", json_string(p->photo));
	json_t *en = json_object(); /* English version (issue 13); "" where not translated */
	json_object_set_new(en, "name", json_string(p->name_en));
	json_object_set_new(en, "title", json_string(p->title_en));
	json_object_set_new(o, "en", en);
	json_object_set_new(
	    o, "vcard",
	    json_string(arena_printf(api->p->a, "/to-chuc/nguoi/%lld.vcf", (long long)p->id)));
	json_object_set_new(o, "updated_at", api_time_json(api, p->updated_at));
	return o;
}

void api_h_units(void *ctx)
{
	struct api *api = ctx;
	struct org_unit *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_units(api->p->st, api->p->a, &all, &n);
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, unit_json(api, &all[i]));
	json_t *doc = json_object();
	json_object_set_new(doc, "units", arr);
	api_send_json(api, 200, doc);
}

void api_h_people(void *ctx)
{
	struct api *api = ctx;
	struct org_person *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_people(api->p->st, api->p->a, &all, &n);
	if (rc != STORE_OK) {
		api_store_error(api, rc);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, person_json(api, &all[i]));
	json_t *doc = json_object();
	json_object_set_new(doc, "people", arr);
	api_send_json(api, 200, doc);
}

/* --- writes (admins) ----------------------------------------------------------------------------
 */

static int64_t id_of(const struct api *api)
{
	return http_route_param_id(&api->p->match, "id");
}

/* A text member of at most max code points (trimmed); leaves *out when absent. */
static bool text(struct api *api, json_t *body, const char *name, size_t max, const char **out)
{
	const char *v = NULL;
	if (!api_json_text(api, body, name, &v))
		return false;
	if (!v)
		return true;
	struct buf b = BUF_INIT;
	bool ok = vi_nfc(v, strlen(v), &b) == 0;
	const char *s = buf_cstr(&b);
	size_t len = strlen(s), cp = 0;
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	while (len && strchr(" \t\r\n", *s))
		s++, len--;
	for (size_t i = 0; i < len; i++)
		cp += ((unsigned char)s[i] & 0xC0) != 0x80;
	if (ok && cp <= max)
		*out = arena_strndup(api->p->a, s, len);
	buf_free(&b);
	if (!ok || cp > max) {
		json_t *extra = json_object();
		json_object_set_new(extra, "field", json_string(name));
		api_error(api, 422, "invalid",
			  arena_printf(api->p->a,
				       "Trường '%s' không phải văn bản hoặc dài quá %zu "
				       "ký tự.",
				       name, max),
			  extra);
		return false;
	}
	return true;
}

static bool position(struct api *api, json_t *body, const char *name, int64_t *out)
{
	json_t *v = json_object_get(body, name);
	if (!v)
		return true;
	if (!json_is_integer(v) || json_integer_value(v) < -1000000 ||
	    json_integer_value(v) > 1000000) {
		json_t *extra = json_object();
		json_object_set_new(extra, "field", json_string(name));
		api_error(api, 422, "invalid",
			  arena_printf(api->p->a,
				       "Trường '%s' phải là một số nguyên từ -1000000 đến 1000000.",
				       name),
			  extra);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

static void missing(struct api *api, const char *name)
{
	json_t *extra = json_object();
	json_object_set_new(extra, "field", json_string(name));
	api_error(api, 422, "invalid", arena_printf(api->p->a, "Trường '%s' còn thiếu.", name),
		  extra);
}

/* The stored unit id into *u; false having answered 404 or 503. */
static bool stored_unit(struct api *api, int64_t id, struct org_unit *u)
{
	struct org_unit *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_units(api->p->st, api->p->a, &all, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		if (all[i].id == id) {
			*u = all[i];
			return true;
		}
	if (rc == STORE_OK)
		api_error(api, 404, "not_found", "Không có đơn vị này.", NULL);
	else
		api_store_error(api, rc);
	return false;
}

static bool stored_person(struct api *api, int64_t id, struct org_person *pe)
{
	struct org_person *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_people(api->p->st, api->p->a, &all, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		if (all[i].id == id) {
			*pe = all[i];
			return true;
		}
	if (rc == STORE_OK)
		api_error(api, 404, "not_found", "Không có cán bộ này.", NULL);
	else
		api_store_error(api, rc);
	return false;
}

static void save_unit(struct api *api, int64_t id)
{
	static const char *const allowed[] = {
	    "name",    "slug",      "functions", "address", "phone",        "fax", "email",
	    "website", "parent_id", "position",  "name_en", "functions_en", NULL};
	struct org_unit u = {.name_en = "",
			     .functions_en = "",
			     .name = "",
			     .slug = "",
			     .functions = "",
			     .address = "",
			     .phone = "",
			     .fax = "",
			     .email = "",
			     .website = ""};
	json_t *body = NULL;
	if (!api_read_body(api, true, &body) || !api_json_only(api, body, allowed))
		return;
	if (id && !stored_unit(api, id, &u))
		return;
	const char *slug = id ? u.slug : "";
	bool has_parent = false;
	if (!text(api, body, "name", ORG_NAME_MAX_CP, &u.name) ||
	    !text(api, body, "slug", ORG_FIELD_MAX_CP, &slug) ||
	    !text(api, body, "functions", ORG_TEXT_MAX_CP, &u.functions) ||
	    !text(api, body, "address", ORG_FIELD_MAX_CP, &u.address) ||
	    !text(api, body, "phone", ORG_FIELD_MAX_CP, &u.phone) ||
	    !text(api, body, "fax", ORG_FIELD_MAX_CP, &u.fax) ||
	    !text(api, body, "email", ORG_FIELD_MAX_CP, &u.email) ||
	    !text(api, body, "website", ORG_FIELD_MAX_CP, &u.website) ||
	    !text(api, body, "name_en", ORG_NAME_MAX_CP, &u.name_en) ||
	    !text(api, body, "functions_en", ORG_TEXT_MAX_CP, &u.functions_en) ||
	    !api_json_int(api, body, "parent_id", true, &u.parent_id, &has_parent) ||
	    !position(api, body, "position", &u.position))
		return;
	if (!id && !json_object_get(body, "name")) {
		missing(api, "name");
		return;
	}
	struct buf why = BUF_INIT;
	int64_t out = 0;
	enum nr_result r = nr_unit_save(&api->nr, &u, slug, &out, &why);
	if (r == NR_OK) {
		u.id = out;
		if (!stored_unit(api, out, &u)) {
			buf_free(&why);
			return;
		}
		if (!id)
			http_resp_header(api->p->resp, "Location", "/api/v1/units");
		api_send_json(api, id ? 200 : 201, unit_json(api, &u));
	} else {
		api_nr_error(api, r, &why);
	}
	buf_free(&why);
}

void api_h_unit_create(void *ctx)
{
	save_unit(ctx, 0);
}

void api_h_unit_update(void *ctx)
{
	save_unit(ctx, id_of(ctx));
}

void api_h_unit_delete(void *ctx)
{
	struct api *api = ctx;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_unit_delete(&api->nr, id_of(api), &why);
	if (r == NR_OK)
		api_send_json(api, 200, json_pack("{s:b}", "deleted", 1));
	else
		api_nr_error(api, r, &why);
	buf_free(&why);
}

static void save_person(struct api *api, int64_t id)
{
	static const char *const allowed[] = {"name",  "title", "unit_id", "order",    "phone",
					      "email", "photo", "name_en", "title_en", NULL};
	struct org_person pe = {.name = "",
				.title = "",
				.phone = "",
				.email = "",
				.photo = "",
				.name_en = "",
				.title_en = ""};
	json_t *body = NULL;
	if (!api_read_body(api, true, &body) || !api_json_only(api, body, allowed))
		return;
	if (id && !stored_person(api, id, &pe))
		return;
	bool has_unit = false;
	if (!text(api, body, "name", ORG_NAME_MAX_CP, &pe.name) ||
	    !text(api, body, "title", ORG_FIELD_MAX_CP, &pe.title) ||
	    !text(api, body, "phone", ORG_FIELD_MAX_CP, &pe.phone) ||
	    !text(api, body, "email", ORG_FIELD_MAX_CP, &pe.email) ||
	    !text(api, body, "photo", ORG_FIELD_MAX_CP, &pe.photo) ||
	    !text(api, body, "name_en", ORG_NAME_MAX_CP, &pe.name_en) ||
	    !text(api, body, "title_en", ORG_FIELD_MAX_CP, &pe.title_en) ||
	    !api_json_int(api, body, "unit_id", false, &pe.unit_id, &has_unit) ||
	    !position(api, body, "order", &pe.sort_order))
		return;
	if (!id && !json_object_get(body, "name")) {
		missing(api, "name");
		return;
	}
	if (!id && !has_unit) {
		missing(api, "unit_id");
		return;
	}
	struct buf why = BUF_INIT;
	int64_t out = 0;
	enum nr_result r = nr_person_save(&api->nr, &pe, &out, &why);
	if (r == NR_OK) {
		if (!stored_person(api, out, &pe)) {
			buf_free(&why);
			return;
		}
		if (!id)
			http_resp_header(api->p->resp, "Location", "/api/v1/people");
		api_send_json(api, id ? 200 : 201, person_json(api, &pe));
	} else {
		api_nr_error(api, r, &why);
	}
	buf_free(&why);
}

void api_h_person_create(void *ctx)
{
	save_person(ctx, 0);
}

void api_h_person_update(void *ctx)
{
	save_person(ctx, id_of(ctx));
}

void api_h_person_delete(void *ctx)
{
	struct api *api = ctx;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_person_delete(&api->nr, id_of(api), &why);
	if (r == NR_OK)
		api_send_json(api, 200, json_pack("{s:b}", "deleted", 1));
	else
		api_nr_error(api, r, &why);
	buf_free(&why);
}
