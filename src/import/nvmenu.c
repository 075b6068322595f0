/* NukeViet's menu module (modules/menu: PREFIX_LANG_MODULE lists the menus, _rows their items):
 * the menu the theme's main menu block shows, mapped onto Gazette's menu (navmenu.h). */
#include "import/nukeviet-int.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "import/navmenu.h"
#include "import/nvtext.h"

#define NVM_MAIN_POSITION "[MENU_SITE]" /* where the default themes put their main menu */

/* A row of _rows (modules/menu/action_mysql.php). */
struct nvm_row {
	int64_t id, parentid, mid, weight, status;
	char *title, *link, *module, *op;
	bool public; /* groups_view holds 6 (everybody) or 5 (guests), as nv_user_in_groups */
};

/* A menu block of PREFIX_LANG_blocks_groups: which menu it shows (its config's "menuid"). */
struct nvm_block {
	int64_t menuid;
	char *theme, *position;
	bool active;
};

struct nvm_run {
	struct import_writer *w;
	struct store *st;
	const struct nv_opts *o;
	char *t_menus, *t_rows, *t_blocks, *t_config;
	GHashTable *menus; /* id -> title */
	GPtrArray *rows, *blocks;
	char *site_theme;
	long long items;
};

static const char *const rows_required[] = {"id",   "parentid", "mid",    "title",
					    "link", "weight",   "status", NULL};
static const char *const menus_required[] = {"id", "title", NULL};

static void row_free(gpointer p)
{
	struct nvm_row *r = p;
	g_free(r->title);
	g_free(r->link);
	g_free(r->module);
	g_free(r->op);
	g_free(r);
}

static void block_free(gpointer p)
{
	struct nvm_block *b = p;
	g_free(b->theme);
	g_free(b->position);
	g_free(b);
}

static bool public_groups(const struct sqld_row *row)
{
	if (!nv_has_col(row, "groups_view"))
		return true;
	gchar **g = g_strsplit(nv_col(row, "groups_view"), ",", -1);
	bool yes = false;
	for (int i = 0; g[i]; i++)
		yes = yes || strtol(g[i], NULL, 10) == 6 || strtol(g[i], NULL, 10) == 5;
	g_strfreev(g);
	return yes;
}

static void on_menu_row(struct nvm_run *r, const struct sqld_row *row)
{
	struct nvm_row *m = g_new0(struct nvm_row, 1);
	m->id = nv_col_int(row, "id");
	m->parentid = nv_col_int(row, "parentid");
	m->mid = nv_col_int(row, "mid");
	m->weight = nv_col_int(row, "weight");
	m->status = nv_col_int(row, "status");
	m->title = nv_plain(r->w, 0, nv_col(row, "title"));
	g_strstrip(m->title);
	struct buf link = BUF_INIT;
	nv_plain_text(nv_col(row, "link"), &link); /* stored escaped: "&amp;op=" */
	m->link = g_strstrip(buf_detach(&link));
	m->module = g_strdup(nv_col(row, "module_name"));
	m->op = g_strdup(nv_col(row, "op"));
	m->public = public_groups(row);
	g_ptr_array_add(r->rows, m);
}

/* The "menuid" of a block's serialised config: i:N or s:L:"N". 0 when it has none. */
static int64_t config_menuid(const char *config)
{
	const char *p = strstr(config, "\"menuid\";");
	if (!p)
		return 0;
	p += strlen("\"menuid\";");
	if (strncmp(p, "i:", 2) == 0)
		return strtoll(p + 2, NULL, 10);
	if (strncmp(p, "s:", 2) == 0 && (p = strchr(p + 2, '"')) != NULL)
		return strtoll(p + 1, NULL, 10);
	return 0;
}

static void on_block(struct nvm_run *r, const struct sqld_row *row)
{
	if (strcmp(nv_col(row, "module"), r->o->module) != 0)
		return;
	int64_t menuid = config_menuid(nv_col(row, "config"));
	if (menuid <= 0)
		return;
	struct nvm_block *b = g_new0(struct nvm_block, 1);
	b->menuid = menuid;
	b->theme = g_strdup(nv_col(row, "theme"));
	b->position = g_strdup(nv_col(row, "position"));
	const char *active = nv_col(row, "active");
	b->active = (!nv_has_col(row, "active") || (*active && strcmp(active, "0") != 0)) &&
		    (!nv_has_col(row, "act") || nv_col_int(row, "act") != 0);
	g_ptr_array_add(r->blocks, b);
}

static int on_row(void *ctx, const struct sqld_row *row, struct buf *err)
{
	struct nvm_run *r = ctx;
	r->items++;
	if (r->o->tick)
		r->o->tick(r->o->pctx, r->items);
	if (!row->cols) {
		buf_printf(
		    err, "`%s` has no CREATE TABLE before its rows (dumped with --no-create-info?)",
		    row->table);
		return -1;
	}
	if (strcmp(row->table, r->t_rows) == 0) {
		if (nv_require_cols(row, rows_required, "menu", err) != 0)
			return -1;
		on_menu_row(r, row);
	} else if (strcmp(row->table, r->t_menus) == 0) {
		if (nv_require_cols(row, menus_required, "menu", err) != 0)
			return -1;
		char *title = nv_plain(r->w, 0, nv_col(row, "title"));
		int64_t id = nv_col_int(row, "id");
		g_hash_table_replace(r->menus, g_memdup2(&id, sizeof id), g_strstrip(title));
	} else if (strcmp(row->table, r->t_blocks) == 0) {
		on_block(r, row);
	} else if (strcmp(nv_col(row, "config_name"), "site_theme") == 0 &&
		   strcmp(nv_col(row, "lang"), r->o->lang) == 0 && !r->site_theme) {
		r->site_theme = g_strdup(nv_col(row, "config_value")); /* PREFIX_config */
	}
	return 0;
}

static bool want(void *ctx, const char *table)
{
	struct nvm_run *r = ctx;
	return strcmp(table, r->t_rows) == 0 || strcmp(table, r->t_menus) == 0 ||
	       strcmp(table, r->t_blocks) == 0 || strcmp(table, r->t_config) == 0;
}

/* ---- Which menu ---- */

static long shown_items(const struct nvm_run *r, int64_t mid)
{
	long n = 0;
	for (guint i = 0; i < r->rows->len; i++) {
		const struct nvm_row *m = r->rows->pdata[i];
		n += m->mid == mid && m->status == 1;
	}
	return n;
}

static gint compare_ids(const int64_t *a, const int64_t *b)
{
	return *a < *b ? -1 : *a > *b;
}

static const char *menu_title(const struct nvm_run *r, int64_t mid)
{
	const char *t = g_hash_table_lookup(r->menus, &mid);
	return t ? t : "";
}

/* The menus' ids, in order. */
static GArray *menu_ids(const struct nvm_run *r)
{
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, r->menus);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_array_append_val(ids, *(int64_t *)k);
	g_array_sort(ids, (GCompareFunc)compare_ids);
	return ids;
}

/* The menu a menu block shows: the site theme's block at [MENU_SITE] first, then any in use; a
 * block showing no menu of the dump does not count. 0 when no block says. */
static int64_t block_menu(const struct nvm_run *r, char **why)
{
	const struct nvm_block *best = NULL;
	int best_score = -1;
	for (guint i = 0; i < r->blocks->len; i++) {
		const struct nvm_block *b = r->blocks->pdata[i];
		if (shown_items(r, b->menuid) == 0)
			continue;
		int score = (r->site_theme && strcmp(b->theme, r->site_theme) == 0) * 4 +
			    (strcmp(b->position, NVM_MAIN_POSITION) == 0) * 2 + b->active;
		if (score > best_score) {
			best = b;
			best_score = score;
		}
	}
	if (!best)
		return 0;
	*why = g_strdup_printf("the one the menu block at %s of the theme '%s' shows%s",
			       *best->position ? best->position : "(no position)", best->theme,
			       best->active ? "" : " (a block not in use)");
	return best->menuid;
}

/* The menu to import: --menu (its id or title), the main menu block's, else the one with the
 * most items (the first on a tie). -1 with why in err when --menu names none. */
static int64_t choose(const struct nvm_run *r, char **why, struct buf *err)
{
	GArray *ids = menu_ids(r);
	int64_t best = 0, found = 0;
	long most = -1;
	for (guint i = 0; i < ids->len && !found; i++) {
		int64_t mid = g_array_index(ids, int64_t, i);
		long n = shown_items(r, mid);
		char *id = g_strdup_printf("%lld", (long long)mid);
		if (r->o->menu &&
		    (strcmp(menu_title(r, mid), r->o->menu) == 0 || strcmp(id, r->o->menu) == 0))
			found = mid;
		g_free(id);
		if (n > most) {
			best = mid;
			most = n;
		}
	}
	g_array_free(ids, TRUE);
	if (r->o->menu && !found) {
		buf_printf(err, "--menu %s: no menu of %s has that title or id", r->o->menu,
			   r->t_menus);
		return -1;
	}
	if (found) {
		*why = g_strdup("the one --menu names");
		return found;
	}
	int64_t mid = block_menu(r, why);
	if (mid)
		return mid;
	*why = g_strdup(g_hash_table_size(r->menus) == 1 ? "the only menu"
							 : "the menu with the most items");
	return best;
}

static void say_choice(const struct nvm_run *r, int64_t mid, const char *why)
{
	struct buf line = BUF_INIT, others = BUF_INIT;
	GArray *ids = menu_ids(r);
	for (guint i = 0; i < ids->len; i++) {
		int64_t id = g_array_index(ids, int64_t, i);
		if (id != mid)
			buf_printf(&others, "%s'%s' (%ld items)", others.len ? ", " : "",
				   menu_title(r, id), shown_items(r, id));
	}
	g_array_free(ids, TRUE);
	buf_printf(&line, "menu: '%s' (menu %lld, %ld items) imported: %s", menu_title(r, mid),
		   (long long)mid, shown_items(r, mid), why);
	if (others.len)
		buf_printf(&line,
			   "; not imported, Gazette having one menu: %s (--menu NAME takes "
			   "another)",
			   buf_cstr(&others));
	iw_line(r->w, buf_cstr(&line));
	buf_free(&line);
	buf_free(&others);
}

/* ---- Items ---- */

static const struct nvm_row *row_by_id(const struct nvm_run *r, int64_t mid, int64_t id)
{
	for (guint i = 0; i < r->rows->len; i++) {
		const struct nvm_row *m = r->rows->pdata[i];
		if (m->id == id && m->mid == mid)
			return m;
	}
	return NULL;
}

/* Why the old site did not show row m (NULL when it did): inactive or for members only, itself
 * or an item above it (NukeViet's block leaves out what is under an item it does not show). */
static char *hidden_why(const struct nvm_run *r, const struct nvm_row *m)
{
	for (int depth = 0; m && depth < 32; depth++) {
		const char *why = m->status != 1 ? "turned off (status 0)"
				  : !m->public   ? "shown to members only (groups_view)"
						 : NULL;
		if (why)
			return depth ? g_strdup_printf("under '%s', which is %s", m->title, why)
				     : g_strdup(why);
		m = m->parentid ? row_by_id(r, m->mid, m->parentid) : NULL;
	}
	return NULL;
}

/* The module an item links to: its module_name, else the nv= of its link. */
static char *module_of(const struct nvm_row *m)
{
	if (*m->module)
		return g_strdup(m->module);
	const char *nv = strstr(m->link, "nv=");
	if (!nv || (nv > m->link && nv[-1] != '?' && nv[-1] != '&'))
		return g_strdup("");
	return g_strndup(nv + 3, strcspn(nv + 3, "&#"));
}

/* Pages of modules the imports do not bring that Gazette has too, by NukeViet's module name. */
static const char *known_page(const char *module, const char *op)
{
	if (*op)
		return NULL;
	if (strcmp(module, "contact") == 0)
		return "/lien-he";
	if (strcmp(module, "seek") == 0)
		return "/tim-kiem";
	return NULL;
}

static void add_row(struct nvm_run *r, struct nm_menu *nm, const struct nvm_row *m)
{
	char *key = g_strdup_printf("%lld", (long long)m->id);
	char *parent = g_strdup_printf("%lld", (long long)m->parentid);
	char *what = g_strdup_printf("menu row %lld '%s'", (long long)m->id, m->title);
	char *module = module_of(m), *with_lang = NULL, *built = NULL;
	const char *q = strstr(m->link, "index.php?");
	if (q && strstr(q, "nv=") && !strstr(q, "language="))
		with_lang = g_strdup_printf("/index.php?language=%s&%s", r->o->lang,
					    q + strlen("index.php?"));
	if (*m->module)
		built =
		    *m->op ? g_strdup_printf("/index.php?language=%s&nv=%s&op=%s", r->o->lang,
					     m->module, m->op)
			   : g_strdup_printf("/index.php?language=%s&nv=%s", r->o->lang, m->module);
	char *missing = g_strdup_printf("'%s' has no new address: its module was not imported "
					"(import it, then --module menu again), or it is not "
					"published",
					m->link);
	/* The news module's own page (its newest articles: "Tin tức" on most portals) is what
	 * Gazette's home page is: the item is the home's, which the menu begins with. */
	char *news_path = g_strdup_printf("/%s/news/", r->o->lang);
	bool news_root = (strcmp(module, "news") == 0 && !*m->op && !strstr(m->link, "op=")) ||
			 strcmp(m->link, "/news/") == 0 || strcmp(m->link, news_path) == 0;
	g_free(news_path);
	struct nm_item item = {.key = key,
			       .parent = m->parentid ? parent : "",
			       .order = m->weight,
			       .title = m->title,
			       .what = what,
			       .links = {news_root ? "/" : m->link,
					 news_root   ? NULL
					 : with_lang ? with_lang
						     : built,
					 news_root   ? NULL
					 : with_lang ? built
						     : NULL},
			       .known = known_page(module, m->op),
			       .missing = missing};
	nm_add(nm, &item);
	g_free(key);
	g_free(parent);
	g_free(what);
	g_free(module);
	g_free(with_lang);
	g_free(built);
	g_free(missing);
}

static void add_items(struct nvm_run *r, struct nm_menu *nm, int64_t mid)
{
	for (guint i = 0; i < r->rows->len; i++) {
		const struct nvm_row *m = r->rows->pdata[i];
		if (m->mid != mid)
			continue;
		char *why = hidden_why(r, m);
		if (why) {
			char *what =
			    g_strdup_printf("menu row %lld '%s'", (long long)m->id, m->title);
			iw_skip(r->w, what, why);
			g_free(what);
		} else {
			add_row(r, nm, m);
		}
		g_free(why);
	}
}

int nv_menu_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		   struct buf *err)
{
	struct nvm_run r = {.w = w, .st = st, .o = o};
	r.t_menus = g_strdup_printf("%s_%s_%s", o->prefix, o->lang, o->module);
	r.t_rows = g_strdup_printf("%s_rows", r.t_menus);
	r.t_blocks = g_strdup_printf("%s_%s_blocks_groups", o->prefix, o->lang);
	r.t_config = g_strdup_printf("%s_config", o->prefix);
	r.menus = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	r.rows = g_ptr_array_new_with_free_func(row_free);
	r.blocks = g_ptr_array_new_with_free_func(block_free);
	struct nv_source src = {&r, want, on_row};
	const char *tables[] = {r.t_menus, r.t_rows, r.t_blocks, r.t_config};
	int rc = nv_read(o, &src, tables, 4, err);
	char *why = NULL;
	int64_t mid = 0;
	for (guint i = 0; i < r.rows->len; i++) { /* a menu of _rows the menus' table lacks */
		int64_t m = ((const struct nvm_row *)r.rows->pdata[i])->mid;
		if (!g_hash_table_contains(r.menus, &m))
			g_hash_table_insert(r.menus, g_memdup2(&m, sizeof m),
					    g_strdup_printf("menu %lld", (long long)m));
	}
	if (rc == 0 && r.rows->len == 0) {
		buf_printf(err,
			   "%s: no table %s with menu items (check --prefix, --lang and --module)",
			   o->label, r.t_rows);
		rc = -1;
	}
	if (rc == 0 && (mid = choose(&r, &why, err)) < 0)
		rc = -1;
	if (rc == 0)
		say_choice(&r, mid, why);
	if (rc == 0 && shown_items(&r, mid) == 0) {
		iw_line(w, "menu: it has no items in use: the menu settings are left as they are");
	} else if (rc == 0) {
		struct nm_menu *nm = nm_new(o->old_base, o->lang);
		add_items(&r, nm, mid);
		rc = nm_apply(nm, w, st, err);
		nm_free(nm);
	}
	g_free(why);
	g_free(r.t_menus);
	g_free(r.t_rows);
	g_free(r.t_blocks);
	g_free(r.t_config);
	g_free(r.site_theme);
	g_hash_table_destroy(r.menus);
	g_ptr_array_free(r.rows, TRUE);
	g_ptr_array_free(r.blocks, TRUE);
	return rc;
}
