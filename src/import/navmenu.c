/* The old menu onto Gazette's: items in the menu's order, each resolved to a category or an
 * address, then the categories' positions, menu_hide and menu_links, each written by the import
 * only while nobody has changed it since the import wrote it. */
#include "import/navmenu-int.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "vi/vi.h"

#define NM_DEPTH_MAX 32
#define NM_SETTING_MAX_CP 2000 /* what the newsroom's settings form accepts (admin/sitecfg.c) */
#define NM_RECORD "menu:"      /* import_keys: what the last menu import wrote, by setting */
#define NM_ORDER "menu:order"  /* import_keys: the positions it gave, "ID=POS,..." */
#define NM_CAT_PREFIX "/chuyen-muc/"

enum nm_kind { NM_BROKEN = 0, NM_CATEGORY, NM_LINK, NM_HOME, NM_PLACEHOLDER, NM_UNUSABLE };

struct nm_entry {
	char *key, *parent, *title, *what, *known, *missing;
	char *links[NM_LINKS_MAX];
	int64_t order;
	size_t seq;          /* order of adding */
	struct nm_entry *up; /* the parent item, NULL at the top */
	bool visited;
	enum nm_kind kind;
	int64_t cat; /* NM_CATEGORY: its id */
	char *url;   /* NM_LINK: the new address, or the external one */
	char *label; /* what Gazette's menu shows */
	char *tried; /* the first link tried, for the report */
};

struct nm_menu {
	char *host; /* old_base's host: lower case, without "www." and port; NULL when unknown */
	char *lang;
	GPtrArray *all;  /* struct nm_entry *, in the order of adding (owns them) */
	GPtrArray *tree; /* the same, depth first in the menu's order */
};

/* Gazette's categories, with what the mapping works out for each. */
struct nm_cats {
	struct arena *a;
	struct category *c;
	size_t n;
	char **path;  /* "tin-tuc/thoi-su", as in its address */
	size_t *rank; /* the first place in the menu of it or a category below it; SIZE_MAX: none */
	bool *named;  /* an item of the menu names it */
	int *want_pos; /* the position it gets (0: not placed) */
};

/* ---- Items ---- */

struct nm_menu *nm_new(const char *old_base, const char *lang)
{
	struct nm_menu *m = g_new0(struct nm_menu, 1);
	m->host = old_base ? nm_host_of(old_base) : NULL;
	m->lang = g_strdup(lang ? lang : "");
	m->all = g_ptr_array_new();
	m->tree = g_ptr_array_new();
	return m;
}

static void entry_free(struct nm_entry *e)
{
	g_free(e->key);
	g_free(e->parent);
	g_free(e->title);
	g_free(e->what);
	g_free(e->known);
	g_free(e->missing);
	for (int i = 0; i < NM_LINKS_MAX; i++)
		g_free(e->links[i]);
	g_free(e->url);
	g_free(e->label);
	g_free(e->tried);
	g_free(e);
}

void nm_free(struct nm_menu *m)
{
	if (!m)
		return;
	for (guint i = 0; i < m->all->len; i++)
		entry_free(m->all->pdata[i]);
	g_ptr_array_free(m->all, TRUE);
	g_ptr_array_free(m->tree, TRUE);
	g_free(m->host);
	g_free(m->lang);
	g_free(m);
}

void nm_add(struct nm_menu *m, const struct nm_item *it)
{
	struct nm_entry *e = g_new0(struct nm_entry, 1);
	e->key = g_strdup(it->key ? it->key : "");
	e->parent = g_strdup(it->parent ? it->parent : "");
	e->title = g_strdup(it->title ? it->title : "");
	g_strstrip(e->title);
	e->what = g_strdup(it->what ? it->what : e->key);
	e->known = g_strdup(it->known);
	e->missing = g_strdup(it->missing);
	for (int i = 0, j = 0; i < NM_LINKS_MAX && it->links[i]; i++)
		if (*it->links[i])
			e->links[j++] = g_strstrip(g_strdup(it->links[i]));
	e->order = it->order;
	e->seq = m->all->len;
	g_ptr_array_add(m->all, e);
}

static gint sibling_order(gconstpointer a, gconstpointer b)
{
	const struct nm_entry *x = *(const struct nm_entry *const *)a,
			      *y = *(const struct nm_entry *const *)b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void walk(struct nm_menu *m, GHashTable *kids, struct nm_entry *e, struct nm_entry *up,
		 int depth)
{
	if (e->visited || depth > NM_DEPTH_MAX)
		return;
	e->visited = true;
	e->up = up;
	g_ptr_array_add(m->tree, e);
	GPtrArray *under = g_hash_table_lookup(kids, e->key);
	for (guint i = 0; under && i < under->len; i++)
		walk(m, kids, under->pdata[i], e, depth + 1);
}

/* m->tree: depth first, siblings by order; an item whose parent is missing (or in a loop) at the
 * top, as WordPress's importer places an orphan. */
static void build_tree(struct nm_menu *m)
{
	GHashTable *keys = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *kids =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
	GPtrArray *sorted = g_ptr_array_copy(m->all, NULL, NULL);
	g_ptr_array_sort(sorted, sibling_order);
	for (guint i = 0; i < sorted->len; i++) {
		struct nm_entry *e = sorted->pdata[i];
		g_hash_table_insert(keys, e->key, e);
	}
	for (guint i = 0; i < sorted->len; i++) {
		struct nm_entry *e = sorted->pdata[i];
		if (!*e->parent || strcmp(e->parent, e->key) == 0 ||
		    !g_hash_table_contains(keys, e->parent))
			continue;
		GPtrArray *under = g_hash_table_lookup(kids, e->parent);
		if (!under) {
			under = g_ptr_array_new();
			g_hash_table_insert(kids, e->parent, under);
		}
		g_ptr_array_add(under, e);
	}
	for (int pass = 0; pass < 2; pass++)
		for (guint i = 0; i < sorted->len; i++) {
			struct nm_entry *e = sorted->pdata[i];
			bool top = !*e->parent || strcmp(e->parent, e->key) == 0 ||
				   !g_hash_table_contains(keys, e->parent);
			if (top || pass == 1) /* pass 1: the items of a loop of parents */
				walk(m, kids, e, NULL, 0);
		}
	g_ptr_array_free(sorted, TRUE);
	g_hash_table_destroy(kids);
	g_hash_table_destroy(keys);
}

/* ---- Categories ---- */

static void cats_free(struct nm_cats *c)
{
	arena_free(c->a);
}

static size_t cat_index(const struct nm_cats *c, int64_t id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->c[i].id == id)
			return i;
	return SIZE_MAX;
}

static int cats_load(struct nm_cats *c, struct store *st)
{
	c->a = arena_new();
	if (store_categories(st, c->a, &c->c, &c->n) != STORE_OK)
		return -1;
	c->path = arena_alloc(c->a, (c->n + 1) * sizeof *c->path);
	c->rank = arena_alloc(c->a, (c->n + 1) * sizeof *c->rank);
	c->named = arena_alloc(c->a, (c->n + 1) * sizeof *c->named);
	c->want_pos = arena_alloc(c->a, (c->n + 1) * sizeof *c->want_pos);
	for (size_t i = 0; i < c->n; i++) {
		c->rank[i] = SIZE_MAX;
		const char *chain[NM_DEPTH_MAX];
		size_t depth = 0;
		for (size_t j = i; j != SIZE_MAX && depth < NM_DEPTH_MAX;
		     j = c->c[j].parent_id ? cat_index(c, c->c[j].parent_id) : SIZE_MAX)
			chain[depth++] = c->c[j].slug;
		struct buf b = BUF_INIT;
		while (depth)
			buf_printf(&b, "%s%s", b.len ? "/" : "", chain[--depth]);
		c->path[i] = arena_strdup(c->a, buf_cstr(&b));
		buf_free(&b);
	}
	return 0;
}

/* The category whose address is url ("/chuyen-muc/a/b/"), or SIZE_MAX. */
static size_t cat_of_url(const struct nm_cats *c, const char *url)
{
	if (strncmp(url, NM_CAT_PREFIX, strlen(NM_CAT_PREFIX)) != 0)
		return SIZE_MAX;
	const char *p = url + strlen(NM_CAT_PREFIX);
	size_t n = strcspn(p, "?#");
	while (n && p[n - 1] == '/')
		n--;
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->path[i]) == n && strncmp(c->path[i], p, n) == 0)
			return i;
	return SIZE_MAX;
}

static size_t cat_depth(const struct nm_cats *c, size_t i)
{
	size_t d = 0;
	while (c->c[i].parent_id && d < NM_DEPTH_MAX) {
		size_t p = cat_index(c, c->c[i].parent_id);
		if (p == SIZE_MAX)
			break;
		i = p;
		d++;
	}
	return d;
}

/* ---- Resolving items ---- */

static void say(struct import_writer *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(struct import_writer *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	iw_line(w, line);
	g_free(line);
}

/* The title of the page or article at a new address, for an item without its own; NULL when
 * the address is neither. */
static char *object_title(struct store *st, const char *url)
{
	struct arena *a = arena_new();
	char *title = NULL;
	if (strncmp(url, "/trang/", 7) == 0) {
		struct static_page pg;
		if (store_page_by_slug(st, a, url + 7, &pg) == STORE_OK)
			title = g_strdup(pg.title);
	} else {
		const char *dot = strstr(url, ".html"), *dash = NULL;
		for (const char *p = url; dot && p < dot; p++)
			if (*p == '-')
				dash = p;
		struct article art;
		int64_t id = dash ? strtoll(dash + 1, NULL, 10) : 0;
		if (id > 0 && store_article_get(st, a, id, &art) == STORE_OK)
			title = g_strdup(art.title);
	}
	arena_free(a);
	return title;
}

/* Tries e's links in turn; sets e->kind (and e->url for a link). */
static void resolve_links(struct nm_menu *m, struct import_writer *w, struct nm_entry *e)
{
	bool home = false, placeholder = false, unusable = false;
	for (int i = 0; i < NM_LINKS_MAX && e->links[i] && !e->url; i++) {
		const char *link = e->links[i];
		if (!e->tried)
			e->tried = g_strdup(link);
		if (link[0] == '#' || g_ascii_strncasecmp(link, "javascript:", 11) == 0) {
			placeholder = true;
			continue;
		}
		char *path = nm_local_path(m->host, link);
		if (path && nm_is_home(m->lang, path)) {
			home = true;
		} else if (path) {
			const char *to = iw_redirect_get(w, path);
			e->url = to ? g_strdup(to) : NULL;
		} else if (nm_is_web(link)) {
			e->url = g_strdup(link);
		} else {
			unusable = true;
		}
		g_free(path);
	}
	if (!e->url && e->known && !home)
		e->url = g_strdup(e->known);
	e->kind = e->url        ? NM_LINK
		  : home        ? NM_HOME
		  : placeholder ? NM_PLACEHOLDER
		  : unusable    ? NM_UNUSABLE
				: NM_BROKEN;
}

static void resolve(struct nm_menu *m, struct import_writer *w, struct store *st,
		    const struct nm_cats *c, struct nm_entry *e)
{
	resolve_links(m, w, e);
	size_t ci = e->url ? cat_of_url(c, e->url) : SIZE_MAX;
	if (ci != SIZE_MAX) {
		e->kind = NM_CATEGORY;
		e->cat = c->c[ci].id;
		e->label = g_strdup(c->c[ci].name);
	} else if (e->kind == NM_LINK) {
		e->label = *e->title ? g_strdup(e->title) : object_title(st, e->url);
		if (!e->label)
			e->label = g_strdup(e->url);
	} else {
		e->label = g_strdup(*e->title ? e->title : e->what);
	}
	switch (e->kind) {
	case NM_HOME:
		say(w, "menu: '%s' left out: it is the home page, which Gazette's menu begins with",
		    e->label);
		break;
	case NM_PLACEHOLDER:
		say(w,
		    "menu: '%s' left out: it links nowhere (%s) and only holds the items under it",
		    e->label, e->tried);
		break;
	case NM_UNUSABLE: {
		char *why =
		    g_strdup_printf("'%s' is not an address the menu can hold (a local path "
				    "or http(s) only)",
				    e->tried);
		iw_skip(w, e->what, why);
		g_free(why);
		break;
	}
	case NM_BROKEN: {
		char *why = e->missing && *e->missing
				? g_strdup(e->missing)
				: g_strdup_printf("'%s' has no new address (not imported, or not "
						  "published)",
						  e->tried ? e->tried : "");
		iw_skip(w, e->what, why);
		g_free(why);
		break;
	}
	default:
		break;
	}
}

/* ---- Ownership: the import writes a value only while it is still its own ---- */

static size_t code_points(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

enum nm_own { NM_WRITE, NM_SAME, NM_HELD };

/* Whether the import may write `want` where `cur` is now: cur is what the last import wrote
 * (recorded under rkey), or, never written by an import, cur is the default "". */
static enum nm_own owner(struct store *st, const char *rkey, const char *cur, const char *want)
{
	if (strcmp(cur, want) == 0)
		return NM_SAME;
	struct arena *a = arena_new();
	const char *last = NULL;
	int64_t id = 0;
	bool found = store_import_key_get(st, a, rkey, &id, &last) == STORE_OK && last;
	bool ours = found ? strcmp(cur, last) == 0 : *cur == '\0';
	arena_free(a);
	return ours ? NM_WRITE : NM_HELD;
}

/* Writes setting key (menu_hide or menu_links; both default to "") when the import owns it. */
static int own_setting(struct import_writer *w, struct store *st, const char *key, const char *want,
		       struct buf *err)
{
	struct arena *a = arena_new();
	const char *cur = NULL;
	enum store_rc got = store_setting_get(st, a, key, &cur);
	if (got != STORE_OK || !cur)
		cur = ""; /* never set: the default */
	char *rkey = g_strconcat(NM_RECORD, key, NULL);
	enum nm_own own = owner(st, rkey, cur, want);
	int rc = got == STORE_OK || got == STORE_NOTFOUND ? 0 : -1;
	if (rc == 0 && own == NM_WRITE && store_setting_set(st, key, want) != STORE_OK)
		rc = -1;
	if (rc == 0 && own != NM_HELD && store_import_key_set(st, rkey, 1, want) != STORE_OK)
		rc = -1;
	if (rc != 0)
		buf_printf(err, "cannot write the setting %s", key);
	else if (own == NM_HELD)
		say(w,
		    "%s left as it is: it was changed in the newsroom after the last import (the "
		    "import's value: \"%s\")",
		    key, want);
	else
		say(w, "%s %s: \"%s\"", key, own == NM_WRITE ? "set" : "unchanged", want);
	g_free(rkey);
	arena_free(a);
	return rc;
}

/* ---- Categories: positions and menu_hide ---- */

static gint compare_paths(const char *const *a, const char *const *b)
{
	return strcmp(*a, *b);
}

/* Ranks every category by the first place in the menu of it or a category below it. */
static size_t rank_categories(const struct nm_menu *m, struct nm_cats *c)
{
	size_t named = 0;
	for (guint k = 0; k < m->tree->len; k++) {
		const struct nm_entry *e = m->tree->pdata[k];
		size_t i = e->kind == NM_CATEGORY ? cat_index(c, e->cat) : SIZE_MAX;
		if (i == SIZE_MAX)
			continue;
		named += !c->named[i];
		c->named[i] = true;
		for (size_t j = i, d = 0; j != SIZE_MAX && d < NM_DEPTH_MAX; d++) {
			if (k < c->rank[j])
				c->rank[j] = k;
			j = c->c[j].parent_id ? cat_index(c, c->c[j].parent_id) : SIZE_MAX;
		}
	}
	return named;
}

/* What Gazette shows differently from the old menu, said once per category. */
static void category_notes(const struct nm_menu *m, const struct nm_cats *c,
			   struct import_writer *w)
{
	GHashTable *said = g_hash_table_new(g_int64_hash, g_int64_equal);
	for (guint k = 0; k < m->tree->len; k++) {
		const struct nm_entry *e = m->tree->pdata[k];
		size_t i = e->kind == NM_CATEGORY ? cat_index(c, e->cat) : SIZE_MAX;
		if (i == SIZE_MAX || !g_hash_table_add(said, (gpointer)&c->c[i].id))
			continue;
		size_t p = c->c[i].parent_id ? cat_index(c, c->c[i].parent_id) : SIZE_MAX;
		if (*e->title && strcmp(e->title, c->c[i].name) != 0)
			say(w, "menu: '%s' is shown as '%s', the category's name", e->title,
			    c->c[i].name);
		if (cat_depth(c, i) >= 2)
			say(w,
			    "menu: '%s' is not shown: it is a third-level category and Gazette's "
			    "menu has two levels",
			    c->c[i].name);
		else if (p != SIZE_MAX && !c->named[p])
			say(w,
			    "menu: '%s' is shown under '%s', its parent category (Gazette's menu "
			    "shows a sub-category under its parent)",
			    c->c[i].name, c->c[p].name);
	}
	g_hash_table_destroy(said);
}

/* menu_hide: top-level categories the menu leaves out, and the sub-categories of a shown
 * parent that the menu leaves out while it names some of their siblings; by path, so that the
 * same menu always gives the same value. */
static char *hide_list(const struct nm_cats *c)
{
	GPtrArray *paths = g_ptr_array_new();
	for (size_t i = 0; i < c->n; i++) {
		if (c->rank[i] != SIZE_MAX)
			continue;
		size_t p = c->c[i].parent_id ? cat_index(c, c->c[i].parent_id) : SIZE_MAX;
		bool hide = !c->c[i].parent_id;
		if (!hide && p != SIZE_MAX && c->rank[p] != SIZE_MAX && cat_depth(c, i) == 1)
			for (size_t j = 0; j < c->n && !hide; j++)
				hide = c->c[j].parent_id == c->c[i].parent_id &&
				       c->rank[j] != SIZE_MAX;
		if (hide)
			g_ptr_array_add(paths, c->path[i]);
	}
	g_ptr_array_sort(paths, (GCompareFunc)compare_paths);
	struct buf b = BUF_INIT;
	for (guint i = 0; i < paths->len; i++)
		buf_printf(&b, "%s%s", b.len ? ", " : "", (const char *)paths->pdata[i]);
	g_ptr_array_free(paths, TRUE);
	return buf_detach(&b);
}

/* The order the menu gives: in each group of siblings holding a shown category, the shown ones
 * by their place in the menu, then the others as they were. Sets want_pos. */
static void place(struct nm_cats *c)
{
	GArray *group = g_array_new(FALSE, FALSE, sizeof(size_t));
	for (size_t g = 0; g <= c->n; g++) {
		int64_t parent = g == c->n ? 0 : c->c[g].id;
		g_array_set_size(group, 0);
		bool any = false;
		for (size_t i = 0; i < c->n; i++)
			if (c->c[i].parent_id == parent) {
				g_array_append_val(group, i);
				any = any || c->rank[i] != SIZE_MAX;
			}
		if (!any)
			continue;
		/* a stable insertion sort: groups are small */
		for (guint i = 1; i < group->len; i++)
			for (guint j = i; j > 0; j--) {
				size_t *x = &g_array_index(group, size_t, j - 1), *y = x + 1;
				if (c->rank[*y] >= c->rank[*x])
					break;
				size_t t = *x;
				*x = *y;
				*y = t;
			}
		for (guint i = 0; i < group->len; i++)
			c->want_pos[g_array_index(group, size_t, i)] = (int)i + 1;
	}
	g_array_free(group, TRUE);
}

/* "ID=POS,..." of the placed categories, by id; with now, their present positions instead. */
static char *order_record(const struct nm_cats *c, bool now)
{
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(size_t));
	for (size_t i = 0; i < c->n; i++)
		if (c->want_pos[i])
			g_array_append_val(ids, i);
	struct buf b = BUF_INIT;
	for (guint k = 0; k < ids->len; k++) { /* store order is by parent, not id: sort */
		size_t best = k;
		for (guint j = k + 1; j < ids->len; j++)
			if (c->c[g_array_index(ids, size_t, j)].id <
			    c->c[g_array_index(ids, size_t, best)].id)
				best = j;
		size_t t = g_array_index(ids, size_t, k);
		g_array_index(ids, size_t, k) = g_array_index(ids, size_t, best);
		g_array_index(ids, size_t, best) = t;
		size_t i = g_array_index(ids, size_t, k);
		buf_printf(&b, "%s%lld=%d", b.len ? "," : "", (long long)c->c[i].id,
			   now ? c->c[i].position : c->want_pos[i]);
	}
	g_array_free(ids, TRUE);
	return buf_detach(&b);
}

/* Whether the positions the last import recorded still hold (categories deleted since are
 * passed over); true when none was recorded. */
static bool order_still_ours(struct store *st, const struct nm_cats *c)
{
	struct arena *a = arena_new();
	const char *last = NULL;
	int64_t id = 0;
	bool ours = true;
	if (store_import_key_get(st, a, NM_ORDER, &id, &last) == STORE_OK && last)
		for (const char *p = last; *p && ours;) {
			char *end = NULL;
			int64_t cat = strtoll(p, &end, 10);
			long pos = *end == '=' ? strtol(end + 1, &end, 10) : -1;
			size_t i = cat_index(c, cat);
			ours = i == SIZE_MAX || c->c[i].position == pos;
			p = end + strspn(end, ",");
		}
	arena_free(a);
	return ours;
}

static int own_order(struct import_writer *w, struct store *st, const struct nm_cats *c,
		     struct buf *err)
{
	char *want = order_record(c, false), *now = order_record(c, true);
	struct buf names = BUF_INIT;
	for (int pos = 1; pos <= (int)c->n; pos++) /* the top level as the menu orders it */
		for (size_t i = 0; i < c->n; i++)
			if (!c->c[i].parent_id && c->want_pos[i] == pos && c->rank[i] != SIZE_MAX)
				buf_printf(&names, "%s%s", names.len ? ", " : "", c->c[i].name);
	int rc = 0;
	bool held = false;
	if (strcmp(want, now) == 0) {
		say(w, "menu order of the categories unchanged: %s", buf_cstr(&names));
	} else if (!order_still_ours(st, c)) {
		held = true; /* and the record stays what the import last wrote */
		say(w,
		    "menu order of the categories left as it is: it was changed in the newsroom "
		    "after the last import (the menu's: %s)",
		    buf_cstr(&names));
	} else {
		for (size_t i = 0; rc == 0 && i < c->n; i++)
			if (c->want_pos[i] && c->want_pos[i] != c->c[i].position &&
			    store_category_update(st, c->c[i].id, c->c[i].parent_id, c->c[i].name,
						  c->c[i].slug, c->want_pos[i]) != STORE_OK)
				rc = -1;
		if (rc == 0)
			say(w, "menu order of the categories set: %s", buf_cstr(&names));
	}
	if (rc == 0 && !held && store_import_key_set(st, NM_ORDER, 1, want) != STORE_OK)
		rc = -1;
	if (rc != 0)
		buf_puts(err, "cannot write the categories' order");
	buf_free(&names);
	g_free(want);
	g_free(now);
	return rc;
}

static int apply_categories(struct nm_menu *m, struct import_writer *w, struct store *st,
			    struct nm_cats *c, struct buf *err)
{
	if (rank_categories(m, c) == 0) {
		say(w,
		    "menu: it names no category: every category stays in the menu (menu_hide and "
		    "their order left as they are)");
		return 0;
	}
	category_notes(m, c, w);
	place(c);
	int rc = own_order(w, st, c, err);
	char *hide = hide_list(c);
	if (code_points(hide) > NM_SETTING_MAX_CP) { /* what the settings form could not save */
		char *cut;
		while (code_points(hide) > NM_SETTING_MAX_CP && (cut = strrchr(hide, ',')) != NULL)
			*cut = '\0';
		say(w,
		    "menu_hide holds the first categories to hide only (2000 characters, what the "
		    "newsroom's settings accept): the others stay in the menu");
	}
	if (rc == 0)
		rc = own_setting(w, st, "menu_hide", hide, err);
	g_free(hide);
	return rc;
}

/* ---- Links ---- */

static int apply_links(struct nm_menu *m, struct import_writer *w, struct store *st,
		       struct buf *err)
{
	struct buf val = BUF_INIT, item = BUF_INIT, name = BUF_INIT, addr = BUF_INIT;
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint k = 0; k < m->tree->len; k++) {
		const struct nm_entry *e = m->tree->pdata[k];
		if (e->kind != NM_LINK)
			continue;
		buf_reset(&name);
		buf_reset(&addr);
		buf_reset(&item);
		nm_link_name(e->label, &name);
		nm_link_address(e->url, &addr);
		if (!g_hash_table_add(seen, g_strdup(buf_cstr(&addr)))) {
			say(w, "menu: '%s' left out: an item before it has the same address (%s)",
			    buf_cstr(&name), buf_cstr(&addr));
			continue;
		}
		buf_printf(&item, "%s%s|%s", val.len ? "; " : "",
			   name.len ? buf_cstr(&name) : buf_cstr(&addr), buf_cstr(&addr));
		if (code_points(buf_cstr(&val)) + code_points(buf_cstr(&item)) >
		    NM_SETTING_MAX_CP) {
			iw_skip(w, e->what,
				"menu_links is full (2000 characters, what the newsroom's "
				"settings accept)");
			continue;
		}
		buf_puts(&val, buf_cstr(&item));
		const struct nm_entry *up = e->up;
		if (up)
			say(w,
			    "menu: '%s' is one of the links after the categories: it was under "
			    "'%s' (Gazette's menu has no sub-items for links)",
			    buf_cstr(&name), up->label ? up->label : up->what);
	}
	int rc = own_setting(w, st, "menu_links", buf_cstr(&val), err);
	g_hash_table_destroy(seen);
	buf_free(&val);
	buf_free(&item);
	buf_free(&name);
	buf_free(&addr);
	return rc;
}

int nm_apply(struct nm_menu *m, struct import_writer *w, struct store *st, struct buf *err)
{
	struct nm_cats c = {0};
	int rc = -1;
	if (cats_load(&c, st) != 0) {
		buf_puts(err, "cannot read the categories");
		goto out;
	}
	g_ptr_array_set_size(m->tree, 0);
	build_tree(m);
	for (guint k = 0; k < m->tree->len; k++)
		resolve(m, w, st, &c, m->tree->pdata[k]);
	rc = apply_categories(m, w, st, &c, err);
	if (rc == 0)
		rc = apply_links(m, w, st, err);
out:
	cats_free(&c);
	return rc;
}
