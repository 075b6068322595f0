/* WordPress menus: which one is the site's main menu, and what each of its items points at, as
 * WordPress's exporter writes them (wp-admin/includes/export.php: wxr_nav_menu_terms and the
 * items' postmeta) and its importer reads them back (wordpress-importer: process_menu_item). */
#include "import/wpmenu.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "import/navmenu.h"
#include "import/wpbody.h"
#include "vi/vi.h"

struct wpm_menu {
	char *id, *slug, *name;
	long items;
	bool main_like;
};

struct wpm_item {
	char *id, *menu, *parent, *status, *title;
	char *type, *object, *object_id, *url; /* _menu_item_type, _object, _object_id, _url */
	int64_t order;
};

struct wpm {
	char *want;
	GPtrArray *menus; /* struct wpm_menu *, in the export's order */
	GPtrArray *items; /* struct wpm_item * */
	GHashTable *tags; /* tag term id -> slug */
};

static void menu_free(gpointer p)
{
	struct wpm_menu *m = p;
	g_free(m->id);
	g_free(m->slug);
	g_free(m->name);
	g_free(m);
}

static void item_free(gpointer p)
{
	struct wpm_item *it = p;
	g_free(it->id);
	g_free(it->menu);
	g_free(it->parent);
	g_free(it->status);
	g_free(it->title);
	g_free(it->type);
	g_free(it->object);
	g_free(it->object_id);
	g_free(it->url);
	g_free(it);
}

struct wpm *wpm_new(const char *want)
{
	struct wpm *m = g_new0(struct wpm, 1);
	m->want = g_strdup(want);
	m->menus = g_ptr_array_new_with_free_func(menu_free);
	m->items = g_ptr_array_new_with_free_func(item_free);
	m->tags = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return m;
}

void wpm_free(struct wpm *m)
{
	if (!m)
		return;
	g_free(m->want);
	g_ptr_array_free(m->menus, TRUE);
	g_ptr_array_free(m->items, TRUE);
	g_hash_table_destroy(m->tags);
	g_free(m);
}

static struct wpm_menu *menu_by_slug(struct wpm *m, const char *slug)
{
	for (guint i = 0; i < m->menus->len; i++) {
		struct wpm_menu *menu = m->menus->pdata[i];
		if (strcmp(menu->slug, slug) == 0)
			return menu;
	}
	return NULL;
}

static struct wpm_menu *add_menu(struct wpm *m, const char *id, const char *slug, const char *name)
{
	struct wpm_menu *menu = menu_by_slug(m, slug);
	if (!menu) {
		menu = g_new0(struct wpm_menu, 1);
		menu->slug = g_strdup(slug);
		g_ptr_array_add(m->menus, menu);
	}
	g_free(menu->id);
	g_free(menu->name);
	menu->id = g_strdup(id);
	menu->name = g_strdup(*name ? name : slug);
	return menu;
}

void wpm_term(struct wpm *m, const struct wxr_term *t)
{
	if (strcmp(t->kind, "nav_menu") == 0)
		add_menu(m, t->id, t->slug, t->name);
	else if (strcmp(t->kind, "post_tag") == 0 && *t->id)
		g_hash_table_replace(m->tags, g_strdup(t->id), g_strdup(t->slug));
}

static char *meta(const struct wxr_item *it, const char *key)
{
	const char *v = wxr_meta(it, key);
	return g_strstrip(g_strdup(v ? v : ""));
}

void wpm_item(struct wpm *m, struct import_writer *w, const struct wxr_item *it)
{
	struct wpm_item *x = g_new0(struct wpm_item, 1);
	struct buf title = BUF_INIT;
	x->id = g_strdup(wxr_text(it, WXR_POST_ID));
	x->menu = g_strdup("");
	for (size_t i = 0; i < it->nterms; i++) /* the first nav_menu term, as the importer */
		if (strcmp(it->terms[i].domain, "nav_menu") == 0 && *it->terms[i].slug) {
			g_free(x->menu);
			x->menu = g_strdup(it->terms[i].slug);
			if (!menu_by_slug(m, x->menu)) /* an export that lists no menu terms */
				add_menu(m, "", it->terms[i].slug, it->terms[i].name);
			break;
		}
	x->parent = meta(it, "_menu_item_menu_item_parent");
	x->status = g_strdup(wxr_text(it, WXR_STATUS));
	wp_plain_text(iw_text(w, 5, wxr_text(it, WXR_TITLE)), &title);
	x->title = buf_detach(&title);
	x->type = meta(it, "_menu_item_type");
	x->object = meta(it, "_menu_item_object");
	x->object_id = meta(it, "_menu_item_object_id");
	x->url = meta(it, "_menu_item_url");
	x->order = strtoll(wxr_text(it, WXR_MENU_ORDER), NULL, 10);
	if (strcmp(x->parent, "0") == 0)
		x->parent[0] = '\0';
	g_ptr_array_add(m->items, x);
}

/* ---- Which menu ---- */

/* Whether a menu's slug or name reads like a main menu: the location slugs WordPress itself
 * maps between themes (wp_map_nav_menu_locations: primary, menu-1, main, header, navigation,
 * top) and the Vietnamese "menu chính" / "trình đơn chính" / "menu trên". */
static bool main_like(const char *slug)
{
	static const char *const words[] = {"primary",    "main",      "header",
					    "navigation", "top",       "menu-1",
					    "menu-chinh", "don-chinh", "menu-tren"};
	char *s = g_strdup_printf("-%s-", slug);
	bool yes = strcmp(slug, "chinh") == 0;
	for (size_t i = 0; !yes && i < sizeof words / sizeof words[0]; i++) {
		char *w = g_strdup_printf("-%s-", words[i]);
		yes = strstr(s, w) != NULL;
		g_free(w);
	}
	g_free(s);
	return yes;
}

static void count_items(struct wpm *m)
{
	for (guint i = 0; i < m->menus->len; i++) {
		struct wpm_menu *menu = m->menus->pdata[i];
		struct buf slug = BUF_INIT;
		vi_slug(menu->name, strlen(menu->name), 80, &slug);
		menu->main_like = main_like(menu->slug) || main_like(buf_cstr(&slug));
		buf_free(&slug);
	}
	for (guint i = 0; i < m->items->len; i++) {
		const struct wpm_item *x = m->items->pdata[i];
		struct wpm_menu *menu = *x->menu ? menu_by_slug(m, x->menu) : NULL;
		if (menu && strcmp(x->status, "draft") != 0)
			menu->items++;
	}
}

/* --menu NAME: a menu's name, slug or term id. */
static struct wpm_menu *wanted(struct wpm *m)
{
	for (guint i = 0; i < m->menus->len; i++) {
		struct wpm_menu *menu = m->menus->pdata[i];
		if (strcmp(menu->name, m->want) == 0 || strcmp(menu->slug, m->want) == 0 ||
		    (*menu->id && strcmp(menu->id, m->want) == 0))
			return menu;
	}
	return NULL;
}

/* The main menu: the one with most items among those named like a main menu, else among all
 * (the theme location that would say it is not in a WXR export); the first on a tie. */
static struct wpm_menu *choose(struct wpm *m, const char **why)
{
	struct wpm_menu *best = NULL;
	bool any_main = false;
	for (guint i = 0; i < m->menus->len; i++)
		any_main = any_main || ((struct wpm_menu *)m->menus->pdata[i])->main_like;
	for (guint i = 0; i < m->menus->len; i++) {
		struct wpm_menu *menu = m->menus->pdata[i];
		if ((!any_main || menu->main_like) && (!best || menu->items > best->items))
			best = menu;
	}
	*why = m->menus->len == 1 ? "the only menu"
	       : any_main         ? "its name says it is the main menu"
				  : "the menu with the most items";
	return best;
}

static void say_choice(struct wpm *m, struct import_writer *w, const struct wpm_menu *chosen,
		       const char *why)
{
	struct buf line = BUF_INIT, others = BUF_INIT;
	for (guint i = 0; i < m->menus->len; i++) {
		const struct wpm_menu *menu = m->menus->pdata[i];
		if (menu != chosen)
			buf_printf(&others, "%s'%s' (%ld items)", others.len ? ", " : "",
				   menu->name, menu->items);
	}
	buf_printf(&line, "menu: '%s' (%ld items) imported: %s", chosen->name, chosen->items, why);
	if (others.len)
		buf_printf(&line,
			   "; not imported, Gazette having one menu: %s (--menu NAME takes "
			   "another)",
			   buf_cstr(&others));
	iw_line(w, buf_cstr(&line));
	buf_free(&line);
	buf_free(&others);
}

/* ---- What an item points at ---- */

/* The old address an item points at, or why there is none (into item->missing). */
static void item_target(struct wpm *m, struct import_writer *w, const struct wpm_item *x,
			struct nm_item *item, GPtrArray *keep)
{
	const char *obj = x->object, *oid = x->object_id;
	char *link = NULL, *missing = NULL;
	if (strcmp(x->type, "taxonomy") == 0 && strcmp(obj, "category") == 0) {
		link = g_strdup_printf("/?cat=%s", oid);
		missing = g_strdup_printf("its category (term %s) is not in the export", oid);
	} else if (strcmp(x->type, "taxonomy") == 0 && strcmp(obj, "post_tag") == 0) {
		const char *slug = g_hash_table_lookup(m->tags, oid);
		link = slug ? g_strdup_printf("/tag/%s/", slug) : NULL;
		missing =
		    slug ? g_strdup_printf("its tag '%s' has no page here: no post uses it", slug)
			 : g_strdup_printf("its tag (term %s) is not in the export", oid);
	} else if (strcmp(x->type, "taxonomy") == 0) {
		missing = g_strdup_printf("a term of the taxonomy '%s' (Gazette imports categories "
					  "and tags)",
					  obj);
	} else if (strcmp(x->type, "post_type") == 0) {
		bool page = strcmp(obj, "page") == 0;
		char *key = g_strdup_printf("post:%s", oid);
		link = g_strdup_printf("/?p=%s", oid);
		if (!page && strcmp(obj, "post") != 0)
			missing = g_strdup_printf("a WordPress '%s', which is not imported", obj);
		else if (iw_map_get(w, page ? "page" : "article", key))
			missing = g_strdup_printf("its %s %s is not published",
						  page ? "page" : "post", oid);
		else
			missing = g_strdup_printf("its %s %s was not imported",
						  page ? "page" : "post", oid);
		g_free(key);
	} else if (strcmp(x->type, "post_type_archive") == 0) {
		missing = g_strdup_printf("the archive of the WordPress type '%s' (no such page "
					  "here)",
					  obj);
	} else {
		link = g_strdup(x->url);
	}
	item->links[0] = link;
	item->missing = missing;
	g_ptr_array_add(keep, link);
	g_ptr_array_add(keep, missing);
}

static void add_items(struct wpm *m, struct import_writer *w, struct nm_menu *nm,
		      const struct wpm_menu *chosen)
{
	GPtrArray *keep = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < m->items->len; i++) {
		const struct wpm_item *x = m->items->pdata[i];
		if (strcmp(x->menu, chosen->slug) != 0)
			continue;
		char *what = *x->title ? g_strdup_printf("menu item %s '%s'", x->id, x->title)
				       : g_strdup_printf("menu item %s", x->id);
		if (strcmp(x->status, "draft") == 0) {
			iw_skip(w, what, "a draft (WordPress's importer skips them too)");
			g_free(what);
			continue;
		}
		struct nm_item item = {.key = x->id,
				       .parent = x->parent,
				       .order = x->order,
				       .title = x->title,
				       .what = what};
		item_target(m, w, x, &item, keep);
		nm_add(nm, &item);
		g_free(what);
	}
	g_ptr_array_free(keep, TRUE);
}

int wpm_apply(struct wpm *m, struct import_writer *w, struct store *st, const char *old_base,
	      struct buf *err)
{
	count_items(m);
	for (guint i = 0; i < m->items->len; i++) {
		const struct wpm_item *x = m->items->pdata[i];
		if (!*x->menu)
			iw_skip(w, x->id, "a menu item (nav_menu_item) of no menu");
	}
	if (m->menus->len == 0) {
		if (m->want) {
			buf_printf(err, "--menu %s: the export has no menu", m->want);
			return -1;
		}
		iw_line(w, "menu: the export has no menu: the menu settings are left as they are");
		return 0;
	}
	const char *why = "the one --menu names";
	struct wpm_menu *chosen = m->want ? wanted(m) : choose(m, &why);
	if (!chosen) {
		buf_printf(err, "--menu %s: no menu of the export has that name, slug or id (",
			   m->want);
		for (guint i = 0; i < m->menus->len; i++)
			buf_printf(err, "%s'%s'", i ? ", " : "menus: ",
				   ((struct wpm_menu *)m->menus->pdata[i])->name);
		buf_puts(err, ")");
		return -1;
	}
	say_choice(m, w, chosen, why);
	if (chosen->items == 0) {
		iw_line(w, "menu: it has no items: the menu settings are left as they are");
		return 0;
	}
	struct nm_menu *nm = nm_new(old_base, NULL);
	add_items(m, w, nm, chosen);
	int rc = nm_apply(nm, w, st, err);
	nm_free(nm);
	return rc;
}
