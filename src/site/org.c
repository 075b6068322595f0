/* The organisation and contacts (issue 13): /to-chuc/ shows the units in their tree with their
 * functions and contacts and the people of each, with JSON-LD GovernmentOrganization and Person;
 * ?q= keeps the people whose name, position or unit match, with or without diacritics (vi_fold);
 * /to-chuc/nguoi/{id}.vcf is one person's vCard. */
#include "site/site-int.h"

#include <stdlib.h>
#include <string.h>

#include "vi/vi.h"

#define ORG_QUERY_MAX 200
#define ORG_MAX_DEPTH 16

static const char *fold(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	vi_fold(s, strlen(s), &b);
	const char *out = arena_strdup(a, b.len ? buf_cstr(&b) : "");
	buf_free(&b);
	return out;
}

/* A unit's or person's text in the page's language: the English field outside the default
 * language when it is filled, else the Vietnamese one. */
static const char *in_lang(const struct page *p, const char *vi, const char *en)
{
	return p->lang && !p->lang->is_default && en && *en ? en : vi;
}

static const struct org_unit *unit_of(const struct org_unit *u, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (u[i].id == id)
			return &u[i];
	return NULL;
}

struct org_view {
	struct page *p;
	const struct org_unit *units;
	size_t nunits;
	const struct org_person *people;
	size_t npeople;
	const char *q; /* folded query, "" for none */
	size_t shown;
};

static bool person_matches(struct org_view *v, const struct org_person *pe,
			   const struct org_unit *u)
{
	if (!*v->q)
		return true;
	const char *hay =
	    arena_printf(v->p->a, "%s %s %s %s %s %s", pe->name, pe->title, u ? u->name : "",
			 pe->name_en, pe->title_en, u ? u->name_en : "");
	return strstr(fold(v->p->a, hay), v->q) != NULL;
}

static struct tv *push_unit(struct org_view *v, struct tv *list, const struct org_unit *u,
			    int depth)
{
	struct tv *it = tv_push(list);
	tv_int(it, "id", u->id);
	tv_int(it, "depth", depth < 4 ? depth + 2 : 6);
	tv_str(it, "name", in_lang(v->p, u->name, u->name_en));
	tv_str(it, "slug", u->slug);
	tv_str(it, "functions", in_lang(v->p, u->functions, u->functions_en));
	tv_str(it, "address", u->address);
	tv_str(it, "phone", u->phone);
	tv_str(it, "fax", u->fax);
	tv_str(it, "email", u->email);
	tv_str(it, "website", u->website);
	const struct org_unit *up = unit_of(v->units, v->nunits, u->parent_id);
	tv_str(it, "parent_name", up ? in_lang(v->p, up->name, up->name_en) : "");
	return it;
}

static void fill_unit(struct org_view *v, struct tv *list, const struct org_unit *u, int depth)
{
	struct page *p = v->p;
	struct tv *people = NULL;
	bool any = false;
	for (size_t i = 0; i < v->npeople; i++) {
		const struct org_person *pe = &v->people[i];
		if (pe->unit_id != u->id || !person_matches(v, pe, u))
			continue;
		if (!people) {
			struct tv *it = push_unit(v, list, u, depth);
			people = tv_list(it, "people");
			tv_bool(it, "has_people", true);
		}
		any = true;
		struct tv *o = tv_push(people);
		tv_int(o, "id", pe->id);
		tv_str(o, "name", in_lang(p, pe->name, pe->name_en));
		tv_str(o, "title", in_lang(p, pe->title, pe->title_en));
		tv_str(o, "phone", pe->phone);
		tv_str(o, "email", pe->email);
		tv_str(o, "photo", pe->photo);
		tv_str(o, "unit", in_lang(p, u->name, u->name_en));
		tv_str(o, "vcard",
		       arena_printf(p->a, "/to-chuc/nguoi/%lld.vcf", (long long)pe->id));
		v->shown++;
	}
	/* Without a query every unit shows, with or without people. */
	if (!any && !*v->q) {
		struct tv *it = push_unit(v, list, u, depth);
		tv_bool(it, "has_people", false);
	}
	for (size_t i = 0; i < v->nunits && depth < ORG_MAX_DEPTH; i++)
		if (v->units[i].parent_id == u->id)
			fill_unit(v, list, &v->units[i], depth + 1);
}

void page_org(struct page *p)
{
	struct org_unit *units = NULL;
	struct org_person *people = NULL;
	size_t nu = 0, np = 0;
	enum store_rc rc = store_units(p->st, p->a, &units, &nu);
	if (rc == STORE_OK)
		rc = store_people(p->st, p->a, &people, &np);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	const char *q = http_query(p->req, "q");
	bool vi = !p->lang || p->lang->is_default;
	const char *url = vi ? "/to-chuc/" : lang_url(p, "/organisation/");
	if (q && strlen(q) > ORG_QUERY_MAX) {
		page_error_text(p, 400, vi ? "Từ khóa quá dài" : NULL,
				vi ? "Hãy tìm với từ khóa ngắn hơn 200 ký tự." : NULL, url,
				vi ? "Xem toàn bộ danh bạ" : NULL);
		return;
	}
	struct org_view v = {.p = p,
			     .units = units,
			     .nunits = nu,
			     .people = people,
			     .npeople = np,
			     .q = q ? fold(p->a, q) : ""};
	struct tv *list = tv_list(p->ctx, "units");
	for (size_t i = 0; i < nu; i++)
		if (!units[i].parent_id)
			fill_unit(&v, list, &units[i], 0);
	tv_str(p->ctx, "q", q ? q : "");
	tv_bool(p->ctx, "searching", *v.q != '\0');
	tv_int(p->ctx, "found", (int64_t)v.shown);
	tv_bool(p->ctx, "nothing", *v.q && v.shown == 0);
	tv_str(p->ctx, "org_url", url);
	tv_str(p->ctx, "title", i18n_str(p, "org_title"));
	tv_str(p->ctx, "canonical", url);
	tv_str(p->ctx, "description",
	       arena_printf(p->a, "%s - %s",
			    vi ? "Cơ cấu tổ chức, chức năng, nhiệm vụ và danh bạ"
			       : i18n_str(p, "org_title"),
			    page_setting(p, "site_name")));
	if (vi)
		list_sidebar(p, 0);
	/* The directory is the same in every language: each version links the others. */
	const struct i18n *in = &p->site->i18n;
	for (size_t i = 0; i < in->n; i++)
		lang_alt(p, &in->cats[i],
			 in->cats[i].is_default
			     ? "/to-chuc/"
			     : arena_printf(p->a, "%s/organisation/", in->cats[i].prefix));
	page_render(p, 200, "org");
}

/* vCard 4.0 (RFC 6350) text: backslash, comma, semicolon and newlines escaped. */
static void vc_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ',' || *s == ';')
			buf_putc(b, '\\');
		if (*s == '\n')
			buf_puts(b, "\\n");
		else if (*s != '\r')
			buf_putc(b, *s);
	}
}

static void vc_line(struct buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_puts(b, name);
	buf_putc(b, ':');
	vc_text(b, value);
	buf_puts(b, "\r\n");
}

void page_vcard(struct page *p, int64_t id)
{
	struct org_unit *units = NULL;
	struct org_person *people = NULL;
	size_t nu = 0, np = 0;
	enum store_rc rc = store_units(p->st, p->a, &units, &nu);
	if (rc == STORE_OK)
		rc = store_people(p->st, p->a, &people, &np);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	const struct org_person *pe = NULL;
	for (size_t i = 0; i < np && !pe; i++)
		if (people[i].id == id)
			pe = &people[i];
	if (!pe) {
		page_error(p, 404);
		return;
	}
	const struct org_unit *u = unit_of(units, nu, pe->unit_id);
	struct buf *b = &p->resp->body;
	buf_puts(b, "BEGIN:VCARD\r\nVERSION:4.0\r\n");
	vc_line(b, "FN", pe->name);
	vc_line(b, "TITLE", pe->title);
	if (u) {
		buf_puts(b, "ORG:");
		vc_text(b, page_setting(p, "site_name"));
		buf_putc(b, ';');
		vc_text(b, u->name);
		buf_puts(b, "\r\n");
		if (*u->address) {
			buf_puts(b, "ADR;TYPE=work:;;");
			vc_text(b, u->address);
			buf_puts(b, ";;;;\r\n");
		}
	}
	vc_line(b, "TEL;TYPE=work,voice;VALUE=text", pe->phone);
	vc_line(b, "EMAIL;TYPE=work", pe->email);
	buf_puts(b, "END:VCARD\r\n");
	p->resp->status = 200;
	p->resp->content_type = "text/vcard; charset=utf-8";
	http_resp_header(
	    p->resp, "Content-Disposition",
	    arena_printf(p->a, "attachment; filename=\"nguoi-%lld.vcf\"", (long long)id));
	p->cacheable = true;
}
