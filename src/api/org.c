/* The public reads of the organisation (issue 13): units with their contacts, and people. */
#include "api/api-int.h"

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
