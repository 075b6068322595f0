/* The newsroom's organisation screens (issue 13): units (a tree with their functions and
 * contacts) at /admin/units, people (position, unit, contacts, photo, order) at /admin/people.
 * Admins only; every change audited. */
#include "admin/admin-int.h"

#include <stdlib.h>
#include <string.h>

#include "admin/org_ops.h"
#include "vi/vi.h"

static void changed(struct admin *ad)
{
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
}

/* A cleaned field ("" when absent); NULL when too long or not text. */
static const char *field(struct admin *ad, const char *name, size_t max_cp)
{
	const char *v = admin_field(ad, name);
	return admin_clean(ad, v ? v : "", max_cp);
}

static int64_t num(struct admin *ad, const char *name)
{
	const char *v = admin_field(ad, name);
	return v && *v ? strtoll(v, NULL, 10) : 0;
}

/* Units listed depth first with an indent, for the list and the parent choices. */
static void unit_tree(struct admin *ad, struct tv *list, const struct org_unit *u, size_t n,
		      int64_t parent, int depth, int64_t selected, int64_t skip)
{
	for (size_t i = 0; i < n && depth < 16; i++) {
		if (u[i].parent_id != parent || u[i].id == skip)
			continue;
		struct tv *it = tv_push(list);
		char *pad = arena_alloc(ad->p->a, (size_t)depth * 4 + 1);
		for (int k = 0; k < depth; k++)
			memcpy(pad + 4 * k, "— ", 4);
		pad[depth * 4] = '\0';
		tv_int(it, "id", u[i].id);
		tv_str(it, "indent", pad);
		tv_str(it, "name", u[i].name);
		tv_bool(it, "selected", u[i].id == selected);
		unit_tree(ad, list, u, n, u[i].id, depth + 1, selected, skip);
	}
}

static void units_screen(struct admin *ad, int status, const struct org_unit *form,
			 const char *error)
{
	struct org_unit *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_units(ad->p->st, ad->p->a, &all, &n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	unit_tree(ad, tv_list(ad->ctx, "units"), all, n, 0, 0, 0, 0);
	tv_bool(ad->ctx, "has_units", n > 0);
	struct org_unit empty = {.name = "",
				 .slug = "",
				 .functions = "",
				 .address = "",
				 .phone = "",
				 .fax = "",
				 .email = "",
				 .website = "",
				 .name_en = "",
				 .functions_en = ""};
	const struct org_unit *f = form ? form : &empty;
	struct tv *o = tv_child(ad->ctx, "form");
	tv_int(o, "id", f->id);
	tv_str(o, "name", f->name);
	tv_str(o, "slug", f->slug);
	tv_str(o, "functions", f->functions);
	tv_str(o, "address", f->address);
	tv_str(o, "phone", f->phone);
	tv_str(o, "fax", f->fax);
	tv_str(o, "email", f->email);
	tv_str(o, "website", f->website);
	tv_str(o, "name_en", f->name_en ? f->name_en : "");
	tv_str(o, "functions_en", f->functions_en ? f->functions_en : "");
	tv_int(o, "position", f->position);
	tv_str(o, "action",
	       f->id ? arena_printf(ad->p->a, "/admin/units/%lld", (long long)f->id)
		     : "/admin/units");
	unit_tree(ad, tv_list(ad->ctx, "parents"), all, n, 0, 0, f->parent_id, f->id);
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Đơn vị");
	admin_render(ad, status, "admin_units");
}

static const char *read_unit(struct admin *ad, struct org_unit *u)
{
	const char *t[8];
	const char *names[] = {"name", "functions", "address", "phone",
			       "fax",  "email",     "website", "slug"};
	const size_t max[] = {ORG_NAME_MAX_CP,  ORG_TEXT_MAX_CP,  ORG_FIELD_MAX_CP,
			      ORG_FIELD_MAX_CP, ORG_FIELD_MAX_CP, ORG_FIELD_MAX_CP,
			      ORG_FIELD_MAX_CP, ORG_FIELD_MAX_CP};
	bool ok = true;
	for (int i = 0; i < 8; i++) {
		t[i] = field(ad, names[i], max[i]);
		ok = ok && t[i];
		if (!t[i])
			t[i] = "";
	}
	u->name = t[0];
	u->functions = t[1];
	u->address = t[2];
	u->phone = t[3];
	u->fax = t[4];
	u->email = t[5];
	u->website = t[6];
	u->name_en = field(ad, "name_en", ORG_NAME_MAX_CP);
	u->functions_en = field(ad, "functions_en", ORG_TEXT_MAX_CP);
	ok = ok && u->name_en && u->functions_en;
	u->name_en = u->name_en ? u->name_en : "";
	u->functions_en = u->functions_en ? u->functions_en : "";
	u->parent_id = num(ad, "parent_id");
	u->position = num(ad, "position");
	const char *why = nr_unit_check(ad->p->a, u, t[7]);
	return ok ? why : "Có trường quá dài hoặc không phải văn bản.";
}

static void save_unit(struct admin *ad, struct org_unit *u)
{
	const char *why = read_unit(ad, u);
	if (why) {
		units_screen(ad, 422, u, why);
		return;
	}
	int64_t id = u->id;
	enum store_rc rc = store_unit_put(ad->p->st, u, &id);
	if (rc == STORE_CONFLICT) {
		units_screen(ad, 409, u, "Đã có đơn vị khác với đường dẫn này.");
		return;
	}
	if (rc == STORE_INVALID) {
		units_screen(ad, 422, u,
			     "Không thể đặt đơn vị dưới chính nó hoặc đơn vị con của nó.");
		return;
	}
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, u->id ? "unit.update" : "unit.create",
		 arena_printf(ad->p->a, "unit:%lld", (long long)id), u->name);
	changed(ad);
	admin_redirect(ad, arena_printf(ad->p->a, "/admin/units/%lld?ok=saved", (long long)id));
}

void admin_h_units(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST) {
		struct org_unit u = {0};
		save_unit(ad, &u);
		return;
	}
	units_screen(ad, 200, NULL, NULL);
}

void admin_h_unit(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	struct org_unit *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_units(ad->p->st, ad->p->a, &all, &n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct org_unit *u = NULL;
	for (size_t i = 0; i < n && !u; i++)
		if (all[i].id == id)
			u = &all[i];
	if (!u) {
		admin_message(ad, 404, "Không tìm thấy", "Không có đơn vị này.");
		return;
	}
	if (ad->p->match.route->arg) {
		rc = store_unit_delete(ad->p->st, id);
		if (rc == STORE_CONFLICT) {
			units_screen(
			    ad, 409, NULL,
			    "Đơn vị còn đơn vị con hoặc cán bộ: hãy chuyển hoặc xóa trước.");
			return;
		}
		if (rc != STORE_OK) {
			page_error(ad->p, page_status_of(rc));
			return;
		}
		nr_audit(&ad->nr, "unit.delete", arena_printf(ad->p->a, "unit:%lld", (long long)id),
			 u->name);
		changed(ad);
		admin_redirect(ad, "/admin/units?ok=deleted");
		return;
	}
	if (ad->p->req->method == HTTP_POST)
		save_unit(ad, u);
	else
		units_screen(ad, 200, u, NULL);
}

/* --- people ----------------------------------------------------------------------------------- */

static void people_screen(struct admin *ad, int status, const struct org_person *form,
			  const char *error)
{
	struct org_unit *units = NULL;
	struct org_person *people = NULL;
	size_t nu = 0, np = 0;
	enum store_rc rc = store_units(ad->p->st, ad->p->a, &units, &nu);
	if (rc == STORE_OK)
		rc = store_people(ad->p->st, ad->p->a, &people, &np);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(ad->ctx, "people");
	for (size_t i = 0; i < np; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", people[i].id);
		tv_str(it, "name", people[i].name);
		tv_str(it, "title", people[i].title);
		tv_int(it, "sort_order", people[i].sort_order);
		for (size_t k = 0; k < nu; k++)
			if (units[k].id == people[i].unit_id)
				tv_str(it, "unit", units[k].name);
	}
	tv_bool(ad->ctx, "has_people", np > 0);
	tv_bool(ad->ctx, "has_units", nu > 0);
	struct org_person empty = {.name = "",
				   .title = "",
				   .phone = "",
				   .email = "",
				   .photo = "",
				   .name_en = "",
				   .title_en = ""};
	const struct org_person *f = form ? form : &empty;
	struct tv *o = tv_child(ad->ctx, "form");
	tv_int(o, "id", f->id);
	tv_str(o, "name", f->name);
	tv_str(o, "title", f->title);
	tv_str(o, "phone", f->phone);
	tv_str(o, "email", f->email);
	tv_str(o, "photo", f->photo);
	tv_str(o, "name_en", f->name_en ? f->name_en : "");
	tv_str(o, "title_en", f->title_en ? f->title_en : "");
	tv_int(o, "sort_order", f->sort_order);
	tv_str(o, "action",
	       f->id ? arena_printf(ad->p->a, "/admin/people/%lld", (long long)f->id)
		     : "/admin/people");
	unit_tree(ad, tv_list(ad->ctx, "units"), units, nu, 0, 0, f->unit_id, 0);
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Cán bộ");
	admin_render(ad, status, "admin_people");
}

static const char *read_person(struct admin *ad, struct org_person *pe)
{
	const char *name = field(ad, "name", ORG_NAME_MAX_CP);
	const char *title = field(ad, "title", ORG_FIELD_MAX_CP);
	const char *phone = field(ad, "phone", ORG_FIELD_MAX_CP);
	const char *email = field(ad, "email", ORG_FIELD_MAX_CP);
	const char *photo = field(ad, "photo", ORG_FIELD_MAX_CP);
	pe->name = name ? name : "";
	pe->title = title ? title : "";
	pe->phone = phone ? phone : "";
	pe->email = email ? email : "";
	pe->photo = photo ? photo : "";
	const char *name_en = field(ad, "name_en", ORG_NAME_MAX_CP);
	const char *title_en = field(ad, "title_en", ORG_FIELD_MAX_CP);
	pe->name_en = name_en ? name_en : "";
	pe->title_en = title_en ? title_en : "";
	if (!name_en || !title_en)
		return "Có trường quá dài hoặc không phải văn bản.";
	pe->unit_id = num(ad, "unit_id");
	pe->sort_order = num(ad, "sort_order");
	if (!name || !title || !phone || !email || !photo)
		return "Có trường quá dài hoặc không phải văn bản.";
	return nr_person_check(pe);
}

static void save_person(struct admin *ad, struct org_person *pe)
{
	const char *why = read_person(ad, pe);
	if (why) {
		people_screen(ad, 422, pe, why);
		return;
	}
	int64_t id = pe->id;
	enum store_rc rc = store_person_put(ad->p->st, pe, &id);
	if (rc == STORE_CONFLICT || rc == STORE_INVALID) {
		people_screen(ad, 422, pe, "Không có đơn vị này.");
		return;
	}
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, pe->id ? "person.update" : "person.create",
		 arena_printf(ad->p->a, "person:%lld", (long long)id), pe->name);
	changed(ad);
	admin_redirect(ad, arena_printf(ad->p->a, "/admin/people/%lld?ok=saved", (long long)id));
}

void admin_h_people(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST) {
		struct org_person pe = {0};
		save_person(ad, &pe);
		return;
	}
	people_screen(ad, 200, NULL, NULL);
}

void admin_h_person(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	struct org_person *all = NULL;
	size_t n = 0;
	enum store_rc rc = store_people(ad->p->st, ad->p->a, &all, &n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct org_person *pe = NULL;
	for (size_t i = 0; i < n && !pe; i++)
		if (all[i].id == id)
			pe = &all[i];
	if (!pe) {
		admin_message(ad, 404, "Không tìm thấy", "Không có cán bộ này.");
		return;
	}
	if (ad->p->match.route->arg) {
		rc = store_person_delete(ad->p->st, id);
		if (rc != STORE_OK) {
			page_error(ad->p, page_status_of(rc));
			return;
		}
		nr_audit(&ad->nr, "person.delete",
			 arena_printf(ad->p->a, "person:%lld", (long long)id), pe->name);
		changed(ad);
		admin_redirect(ad, "/admin/people?ok=deleted");
		return;
	}
	if (ad->p->req->method == HTTP_POST)
		save_person(ad, pe);
	else
		people_screen(ad, 200, pe, NULL);
}
