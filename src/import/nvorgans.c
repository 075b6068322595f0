/* NukeViet eGovernment's organs module ("Cơ cấu tổ chức"): its units and people into Gazette's
 * organisation and directory (/to-chuc/), photos into the media library, old addresses kept. */
#include "import/nvegov-int.h"

#include <string.h>

#include "import/nvegovmap.h"
#include "vi/vi.h"

#define NVO_SLUG_MAX 80       /* as the newsroom's units (admin/org_ops.h) */
#define NVO_ORDER_MAX 1000000 /* the newsroom's bound on a unit's position or a person's order */
#define NVO_DEPTH_MAX 32

/* The columns read (modules/organs/action_mysql.php of nukeviet/eGovernment): those a version
 * could lack are read when present. */
static const char *const unit_cols[] = {"organid", "parentid", "title", "alias", NULL};
static const char *const person_cols[] = {"personid", "organid", "name", "position", NULL};

/* A unit of _rows. */
struct unit_src {
	int64_t organid, parent, order;
	bool active, skip; /* skip: hidden on the old site, or under a hidden unit */
	int depth;
	char *title, *alias, *functions, *address, *phone, *fax, *email, *website;
	int64_t id; /* Gazette's, once written */
};

/* A person of _person. */
struct person_src {
	int64_t personid, organid, weight;
	bool active;
	char *name, *title, *phone, *email, *photo;
};

struct org_run {
	struct import_writer *w;
	struct store *st;
	const struct nv_opts *o;
	GHashTable *units; /* organid -> struct unit_src */
	GPtrArray *people; /* struct person_src */
	struct arena *a;   /* what Gazette holds before this run */
	struct org_unit *had_units;
	struct org_person *had_people;
	size_t nhad_units, nhad_people;
	GHashTable *slugs; /* a unit's slug -> its id (boxed), as the run leaves them */
};

static void unit_free(gpointer p)
{
	struct unit_src *u = p;
	g_free(u->title);
	g_free(u->alias);
	g_free(u->functions);
	g_free(u->address);
	g_free(u->phone);
	g_free(u->fax);
	g_free(u->email);
	g_free(u->website);
	g_free(u);
}

static void person_free(gpointer p)
{
	struct person_src *s = p;
	g_free(s->name);
	g_free(s->title);
	g_free(s->phone);
	g_free(s->email);
	g_free(s->photo);
	g_free(s);
}

static char *first_of(const char *s, void (*pick)(const char *, struct buf *))
{
	struct buf b = BUF_INIT;
	pick(s, &b);
	char *out = g_strdup(buf_cstr(&b));
	buf_free(&b);
	return out;
}

static int64_t clamp_order(int64_t v)
{
	return v < 0 ? 0 : v > NVO_ORDER_MAX ? NVO_ORDER_MAX : v;
}

static void read_unit(struct org_run *r, const struct nve_row *row)
{
	struct import_writer *w = r->w;
	struct unit_src *u = g_new0(struct unit_src, 1);
	u->organid = nve_int(row, "organid");
	u->parent = nve_int(row, "parentid");
	/* NukeViet lists units by `orders` (their place in the whole tree, siblings by weight) */
	u->order = nve_int(row, "orders") > 0 ? nve_int(row, "orders") : nve_int(row, "weight");
	u->active = !nve_has(row, "active") || nve_int(row, "active") != 0;
	u->title = nve_plain(w, 0, nve_col(row, "title"));
	u->alias = g_strdup(nve_col(row, "alias"));
	u->functions = nve_html_text(w, 0, nve_col(row, "description"));
	u->address = nve_plain(w, 0, nve_col(row, "address"));
	u->phone = nve_plain(w, 0, nve_col(row, "phone"));
	u->fax = nve_plain(w, 0, nve_col(row, "fax"));
	char *email = nve_plain(w, 0, nve_col(row, "email"));
	u->email = first_of(email, nve_first_email);
	g_free(email);
	char *site = nve_plain(w, 0, nve_col(row, "website"));
	u->website = first_of(site, nve_first_website);
	g_free(site);
	g_hash_table_replace(r->units, g_memdup2(&u->organid, sizeof u->organid), u);
}

static void read_person(struct org_run *r, const struct nve_row *row)
{
	struct import_writer *w = r->w;
	struct person_src *p = g_new0(struct person_src, 1);
	p->personid = nve_int(row, "personid");
	p->organid = nve_int(row, "organid");
	p->weight = nve_int(row, "weight");
	p->active = !nve_has(row, "active") || nve_int(row, "active") != 0;
	p->name = nve_plain(w, 0, nve_col(row, "name"));
	char *pos = nve_plain(w, 0, nve_col(row, "position"));
	char *other = nve_plain(w, 0, nve_col(row, "position_other"));
	struct buf b = BUF_INIT;
	nve_position(pos, other, &b);
	p->title = g_strdup(buf_cstr(&b));
	buf_free(&b);
	g_free(pos);
	g_free(other);
	/* the work phone, else the mobile number NukeViet showed when there was no other */
	p->phone = nve_plain(w, 0, nve_col(row, "phone"));
	if (!*p->phone) {
		g_free(p->phone);
		p->phone = nve_plain(w, 0, nve_col(row, "mobile"));
	}
	char *email = nve_plain(w, 0, nve_col(row, "email"));
	p->email = first_of(email, nve_first_email);
	g_free(email);
	p->photo = g_strdup(nve_col(row, "photo"));
	g_ptr_array_add(r->people, p);
}

/* ---- Units ---- */

static const struct org_unit *had_unit(const struct org_run *r, int64_t id)
{
	for (size_t i = 0; id && i < r->nhad_units; i++)
		if (r->had_units[i].id == id)
			return &r->had_units[i];
	return NULL;
}

/* Depth in the tree, and hidden when it or a unit above it is (NukeViet's active 0). A parent the
 * dump lacks leaves the unit at the top. */
static void place(struct org_run *r, struct unit_src *u)
{
	u->skip = !u->active;
	const struct unit_src *p = u;
	while (p->parent && u->depth < NVO_DEPTH_MAX &&
	       (p = g_hash_table_lookup(r->units, &p->parent)) != NULL) {
		u->depth++;
		u->skip |= !p->active;
	}
}

static gint unit_order(gconstpointer a, gconstpointer b)
{
	const struct unit_src *x = *(const struct unit_src *const *)a,
			      *y = *(const struct unit_src *const *)b;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->organid < y->organid ? -1 : x->organid > y->organid;
}

/* A slug no other unit than self holds: want, else want-2, want-3... (g_free). */
static char *free_slug(struct org_run *r, const char *want, int64_t self)
{
	char *slug = g_strdup(want);
	for (int n = 2; n < 1000; n++) {
		int64_t *holder = g_hash_table_lookup(r->slugs, slug);
		if (!holder || *holder == self)
			break;
		g_free(slug);
		slug = g_strdup_printf("%s-%d", want, n);
	}
	return slug;
}

static bool same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool same_unit(const struct org_unit *a, const struct org_unit *b)
{
	return a->parent_id == b->parent_id && a->position == b->position &&
	       same_str(a->name, b->name) && same_str(a->slug, b->slug) &&
	       same_str(a->functions, b->functions) && same_str(a->address, b->address) &&
	       same_str(a->phone, b->phone) && same_str(a->fax, b->fax) &&
	       same_str(a->email, b->email) && same_str(a->website, b->website);
}

static void hold_slug(struct org_run *r, const char *old, const char *slug, int64_t id)
{
	if (old && *old) {
		int64_t *holder = g_hash_table_lookup(r->slugs, old);
		if (holder && *holder == id)
			g_hash_table_remove(r->slugs, old);
	}
	g_hash_table_replace(r->slugs, g_strdup(slug), g_memdup2(&id, sizeof id));
}

/* The unit as Gazette keeps it; its English fields stay as the newsroom wrote them. */
static void unit_of(struct org_run *r, const struct unit_src *u, const struct org_unit *had,
		    struct org_unit *out)
{
	const struct unit_src *up = u->parent ? g_hash_table_lookup(r->units, &u->parent) : NULL;
	*out = (struct org_unit){.id = had ? had->id : 0,
				 .parent_id = up && up->id ? up->id : 0,
				 .position = clamp_order(u->order),
				 .name = u->title,
				 .functions = u->functions,
				 .address = u->address,
				 .phone = u->phone,
				 .fax = u->fax,
				 .email = u->email,
				 .website = u->website,
				 .name_en = had ? had->name_en : "",
				 .functions_en = had ? had->functions_en : ""};
}

static int write_unit(struct org_run *r, struct unit_src *u, struct buf *err)
{
	char *key = nve_key(r->o, u->organid);
	const struct org_unit *had = had_unit(r, iw_map_get(r->w, "unit", key));
	struct org_unit nu;
	unit_of(r, u, had, &nu);
	struct buf want = BUF_INIT, to = BUF_INIT, op = BUF_INIT;
	const char *from = *u->alias ? u->alias : u->title;
	vi_slug(from, strlen(from), NVO_SLUG_MAX, &want);
	char *slug = free_slug(r, want.len ? buf_cstr(&want) : "don-vi", nu.id);
	nu.slug = slug;
	int64_t id = nu.id;
	int rc = 0;
	enum store_rc src = STORE_OK;
	if (had && same_unit(had, &nu)) {
		iw_count(r->w, IW_UNCHANGED, 1);
	} else if ((src = store_unit_put(r->st, &nu, &id)) != STORE_OK) {
		buf_printf(err, "the database refused the unit '%s' (%s)", u->title,
			   store_rc_str(src));
		rc = -1;
	} else {
		iw_count(r->w, IW_UNITS, 1);
	}
	if (rc == 0 && iw_map_put(r->w, "unit", key, id) != 0) {
		buf_printf(err, "the database refused the key of the unit '%s'", u->title);
		rc = -1;
	}
	if (rc == 0) {
		u->id = id;
		hold_slug(r, had ? had->slug : NULL, slug, id);
		buf_printf(&to, "/to-chuc/#don-vi-%s", slug);
		buf_printf(&op, "vieworg/%s-%lld", u->alias, (long long)u->organid);
		rc = nv_old_addresses(r->w, r->o, buf_cstr(&op), buf_cstr(&to), false, false);
	}
	g_free(key);
	g_free(slug);
	buf_free(&want);
	buf_free(&to);
	buf_free(&op);
	return rc;
}

static int write_units(struct org_run *r, struct buf *err)
{
	GPtrArray *order = g_ptr_array_new();
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, r->units);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		place(r, v);
		g_ptr_array_add(order, v);
	}
	g_ptr_array_sort(order, unit_order);
	int rc = 0;
	for (guint i = 0; rc == 0 && i < order->len; i++) {
		struct unit_src *u = order->pdata[i];
		char *what = g_strdup_printf("unit %lld", (long long)u->organid);
		if (u->skip)
			iw_skip(r->w, what,
				u->active ? "under a unit hidden on the old site"
					  : "hidden on the old site (active 0)");
		else
			rc = write_unit(r, u, err);
		g_free(what);
	}
	g_ptr_array_free(order, TRUE);
	return rc;
}

/* ---- People ---- */

static const struct org_person *had_person(const struct org_run *r, int64_t id)
{
	for (size_t i = 0; id && i < r->nhad_people; i++)
		if (r->had_people[i].id == id)
			return &r->had_people[i];
	return NULL;
}

static gint person_order(gconstpointer a, gconstpointer b)
{
	const struct person_src *x = *(const struct person_src *const *)a,
				*y = *(const struct person_src *const *)b;
	if (x->organid != y->organid)
		return x->organid < y->organid ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight < y->weight ? -1 : 1;
	return x->personid < y->personid ? -1 : x->personid > y->personid;
}

/* The photo as Gazette shows it: copied from --uploads (MODULE/PHOTO, as NukeViet's admin saves
 * it, or a whole "/uploads/..." path), an https address kept, anything else dropped (listed). -1
 * when a missing file must stop the run. */
static int photo_of(struct org_run *r, const struct person_src *p, char **url, struct buf *err)
{
	*url = g_strdup("");
	if (!*p->photo)
		return 0;
	if (strstr(p->photo, "://")) {
		if (strncmp(p->photo, "https://", 8) == 0) {
			g_free(*url);
			*url = g_strdup(p->photo);
		} else {
			iw_skip(r->w, p->photo,
				"a photo at an http:// address, not kept (Gazette shows photos of "
				"its library or over https)");
		}
		return 0;
	}
	const char *up = strstr(p->photo, "/uploads/");
	char *rel = up ? g_strdup(up + strlen("/uploads/"))
		       : g_strdup_printf("%s/%s", r->o->module, p->photo);
	const char *got = NULL;
	int rc = iw_media(r->w, rel, rel, &got, err);
	if (rc == 0) {
		g_free(*url);
		*url = g_strdup(got);
	}
	g_free(rel);
	return rc < 0 ? -1 : 0;
}

static bool same_person(const struct org_person *a, const struct org_person *b)
{
	return a->unit_id == b->unit_id && a->sort_order == b->sort_order &&
	       same_str(a->name, b->name) && same_str(a->title, b->title) &&
	       same_str(a->phone, b->phone) && same_str(a->email, b->email) &&
	       same_str(a->photo, b->photo);
}

/* "person/UNIT-ALIAS-UNITID/NAME-ALIAS-ID" as NukeViet links it (the name's alias keeps its case;
 * lower case too, as a site that lower-cases its addresses has them), and viewper's "?id=". */
static int person_redirects(struct org_run *r, const struct person_src *p, const struct unit_src *u,
			    const char *to)
{
	struct buf alias = BUF_INIT, op = BUF_INIT;
	nve_change_alias(p->name, &alias);
	buf_printf(&op, "person/%s-%lld/%s-%lld", u->alias, (long long)u->organid, buf_cstr(&alias),
		   (long long)p->personid);
	int rc = nv_old_addresses(r->w, r->o, buf_cstr(&op), to, false, false);
	char *lower = g_ascii_strdown(buf_cstr(&op), -1);
	if (rc == 0 && strcmp(lower, buf_cstr(&op)) != 0)
		rc = nv_old_addresses(r->w, r->o, lower, to, false, false);
	char *viewper = g_strdup_printf("/index.php?language=%s&nv=%s&op=viewper&id=%lld",
					r->o->lang, r->o->module, (long long)p->personid);
	if (rc == 0)
		rc = iw_redirect(r->w, viewper, to);
	g_free(viewper);
	g_free(lower);
	buf_free(&alias);
	buf_free(&op);
	return rc;
}

static int write_person(struct org_run *r, const struct person_src *p, const struct unit_src *u,
			struct buf *err)
{
	char *key = nve_key(r->o, p->personid), *photo = NULL;
	const struct org_person *had = had_person(r, iw_map_get(r->w, "person", key));
	int rc = photo_of(r, p, &photo, err);
	struct org_person np = {.id = had ? had->id : 0,
				.unit_id = u->id,
				.sort_order = clamp_order(p->weight),
				.name = p->name,
				.title = p->title,
				.phone = p->phone,
				.email = p->email,
				.photo = photo,
				.name_en = had ? had->name_en : "",
				.title_en = had ? had->title_en : ""};
	int64_t id = np.id;
	enum store_rc src = STORE_OK;
	if (rc != 0) {
		/* err says which file */
	} else if (had && same_person(had, &np)) {
		iw_count(r->w, IW_UNCHANGED, 1);
	} else if ((src = store_person_put(r->st, &np, &id)) != STORE_OK) {
		buf_printf(err, "the database refused the person '%s' (%s)", p->name,
			   store_rc_str(src));
		rc = -1;
	} else {
		iw_count(r->w, IW_PEOPLE, 1);
	}
	if (rc == 0 && iw_map_put(r->w, "person", key, id) != 0) {
		buf_printf(err, "the database refused the key of the person '%s'", p->name);
		rc = -1;
	}
	if (rc == 0) {
		char *to = g_strdup_printf("/to-chuc/#nguoi-%lld", (long long)id);
		rc = person_redirects(r, p, u, to);
		g_free(to);
	}
	g_free(key);
	g_free(photo);
	return rc;
}

static int write_people(struct org_run *r, struct buf *err)
{
	g_ptr_array_sort(r->people, person_order);
	int rc = 0;
	for (guint i = 0; rc == 0 && i < r->people->len; i++) {
		const struct person_src *p = r->people->pdata[i];
		const struct unit_src *u = g_hash_table_lookup(r->units, &p->organid);
		char *what = g_strdup_printf("person %lld", (long long)p->personid);
		if (!p->active)
			iw_skip(r->w, what, "hidden on the old site (active 0)");
		else if (!u || !u->id)
			iw_skip(r->w, what, "its unit is not imported (missing or hidden)");
		else if (!*p->name)
			iw_skip(r->w, what, "no name");
		else
			rc = write_person(r, p, u, err);
		g_free(what);
	}
	return rc;
}

/* ---- The run ---- */

static int load_gazette(struct org_run *r, struct buf *err)
{
	r->a = arena_new();
	if (store_units(r->st, r->a, &r->had_units, &r->nhad_units) != STORE_OK ||
	    store_people(r->st, r->a, &r->had_people, &r->nhad_people) != STORE_OK) {
		buf_puts(err, "cannot read Gazette's organisation");
		return -1;
	}
	for (size_t i = 0; i < r->nhad_units; i++)
		g_hash_table_replace(r->slugs, g_strdup(r->had_units[i].slug),
				     g_memdup2(&r->had_units[i].id, sizeof(int64_t)));
	return 0;
}

int nv_organs_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		     struct buf *err)
{
	struct nve_table t[] = {{"rows", unit_cols, NULL}, {"person", person_cols, NULL}};
	struct org_run r = {.w = w, .st = st, .o = o};
	r.units = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, unit_free);
	r.people = g_ptr_array_new_with_free_func(person_free);
	r.slugs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	int rc = nve_read(o, t, 2, "organs", err);
	if (rc == 0 && t[0].rows->len == 0) {
		char *name = nve_table_name(o, "rows");
		buf_printf(err, "%s: no units in %s (check --prefix, --lang and --module)",
			   o->label, name);
		g_free(name);
		rc = -1;
	}
	for (guint i = 0; rc == 0 && i < t[0].rows->len; i++)
		read_unit(&r, t[0].rows->pdata[i]);
	for (guint i = 0; rc == 0 && i < t[1].rows->len; i++)
		read_person(&r, t[1].rows->pdata[i]);
	nve_tables_free(t, 2);
	if (rc == 0)
		rc = load_gazette(&r, err);
	if (rc == 0)
		rc = write_units(&r, err);
	if (rc == 0)
		rc = write_people(&r, err);
	if (rc == 0)
		rc = nv_old_addresses(w, o, "", "/to-chuc/", false, false);
	if (rc != 0 && !err->len)
		buf_puts(err, "the database refused an old address");
	g_hash_table_destroy(r.units);
	g_ptr_array_free(r.people, TRUE);
	g_hash_table_destroy(r.slugs);
	arena_free(r.a);
	return rc;
}
