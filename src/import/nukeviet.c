/* NukeViet 4 news: pass 1 reads every table but the bodies; pass 2 writes each article with its
 * body.
 */
#include "import/nukeviet-int.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "import/wpbody.h"
#include "vi/vi.h"

#define NV_SLUG_MAX 80

struct nv_cat {
	int64_t catid, parent, weight, id;
	char *title, *alias;
	int depth;
	bool busy;
};

/* What pass 1 keeps of a row of _rows (everything but its body). */
struct nv_row {
	int64_t id, catid, topicid, sourceid, status, publtime, addtime, exptime, hits, homethumb;
	char *author, *title, *alias, *hometext, *homeimg, *homealt;
	bool written;
};

struct nv_run {
	struct import_writer *w;
	struct store *st;
	const struct nv_opts *o;
	char *table_prefix; /* "nv4_vi_news_" */
	char *scope;        /* "" for nv4_vi_news, else "PREFIX_LANG_MODULE:": in old keys */
	int phase;          /* 1: all but the bodies; 2: the bodies */
	long long bodies;   /* rows of _detail or _bodyhtml_N read */
	int64_t max_id;
	GHashTable *cats, *sources, *topics, *tags, *featured, *rows; /* by old id */
	GHashTable *article_tags;                                     /* id -> GPtrArray of names */
	GArray *pending;
	long long items;
	struct nv_links links; /* body links and their first failure */
	bool menu_seen;        /* the dump holds the menu module's items (nvmenu.c) */
};

static void cat_free(gpointer p)
{
	struct nv_cat *c = p;
	g_free(c->title);
	g_free(c->alias);
	g_free(c);
}

static void row_free(gpointer p)
{
	struct nv_row *r = p;
	g_free(r->author);
	g_free(r->title);
	g_free(r->alias);
	g_free(r->hometext);
	g_free(r->homeimg);
	g_free(r->homealt);
	g_free(r);
}

static void ptrs_free(gpointer p)
{
	g_ptr_array_free(p, TRUE);
}

static gpointer id_key(int64_t id)
{
	return g_memdup2(&id, sizeof id);
}

/* ---- Pass 1 ---- */

static void on_cat(struct nv_run *r, const struct sqld_row *row)
{
	struct nv_cat *c = g_new0(struct nv_cat, 1);
	c->catid = nv_col_int(row, "catid");
	c->parent = nv_col_int(row, "parentid");
	c->weight = nv_col_int(row, "weight");
	c->title = nv_plain(r->w, 0, nv_col(row, "title"));
	c->alias = g_strdup(nv_col(row, "alias"));
	g_hash_table_replace(r->cats, id_key(c->catid), c);
}

static void add_tag(struct nv_run *r, int64_t id, const char *name)
{
	if (!*name)
		return;
	GPtrArray *a = g_hash_table_lookup(r->article_tags, &id);
	if (!a) {
		a = g_ptr_array_new_with_free_func(g_free);
		g_hash_table_insert(r->article_tags, id_key(id), a);
	}
	for (guint i = 0; i < a->len; i++)
		if (strcmp(a->pdata[i], name) == 0)
			return;
	g_ptr_array_add(a, g_strdup(name));
}

static void on_row_meta(struct nv_run *r, const struct sqld_row *row)
{
	struct nv_row *m = g_new0(struct nv_row, 1);
	m->id = nv_col_int(row, "id");
	m->catid = nv_col_int(row, "catid");
	m->topicid = nv_col_int(row, "topicid");
	m->sourceid = nv_col_int(row, "sourceid");
	m->status = nv_col_int(row, "status");
	m->publtime = nv_col_int(row, "publtime");
	m->addtime = nv_col_int(row, "addtime");
	m->exptime = nv_col_int(row, "exptime");
	m->hits = nv_col_int(row, "hitstotal");
	m->homethumb = nv_col_int(row, "homeimgthumb");
	m->author = nv_plain(r->w, 0, nv_col(row, "author"));
	m->title = nv_plain(r->w, 1, nv_col(row, "title"));
	m->alias = g_strdup(nv_col(row, "alias"));
	m->hometext = nv_plain(r->w, 2, nv_col(row, "hometext"));
	m->homeimg = g_strdup(nv_col(row, "homeimgfile"));
	m->homealt = nv_plain(r->w, 3, nv_col(row, "homeimgalt"));
	if (m->id > r->max_id)
		r->max_id = m->id;
	g_hash_table_replace(r->rows, id_key(m->id), m);
}

/* Tables of pass 1, by suffix. */
static int phase1_row(struct nv_run *r, const char *suffix, const struct sqld_row *row)
{
	if (strcmp(suffix, "cat") == 0) {
		on_cat(r, row);
	} else if (strcmp(suffix, "sources") == 0) {
		g_hash_table_replace(r->sources, id_key(nv_col_int(row, "sourceid")),
				     nv_plain(r->w, 0, nv_col(row, "title")));
	} else if (strcmp(suffix, "topics") == 0) {
		char **t = g_new0(char *, 3);
		t[0] = nv_plain(r->w, 0, nv_col(row, "title"));
		t[1] = g_strdup(nv_col(row, "alias"));
		g_hash_table_replace(r->topics, id_key(nv_col_int(row, "topicid")), t);
	} else if (strcmp(suffix, "tags") == 0) {
		g_hash_table_replace(r->tags, id_key(nv_col_int(row, "tid")),
				     g_strdup(nv_col(row, "alias")));
	} else if (strcmp(suffix, "tags_id") == 0) {
		char *k = nv_plain(r->w, 0, nv_col(row, "keyword"));
		add_tag(r, nv_col_int(row, "id"), k);
		g_free(k);
	} else if (strcmp(suffix, "block") == 0) {
		g_hash_table_add(r->featured, id_key(nv_col_int(row, "id")));
	} else if (strcmp(suffix, "rows") == 0) {
		on_row_meta(r, row);
	}
	return 0;
}

/* ---- Categories, tags and topics ---- */

static int64_t ensure_cat(struct nv_run *r, int64_t catid, int depth)
{
	struct nv_cat *c = g_hash_table_lookup(r->cats, &catid);
	if (!c || c->busy || depth > 32)
		return 0;
	if (c->id)
		return c->id;
	c->busy = true;
	int64_t parent = c->parent ? ensure_cat(r, c->parent, depth + 1) : 0;
	char *key = g_strdup_printf("%s%lld", r->scope, (long long)catid);
	c->id = iw_category(r->w, key, parent, c->title, c->alias);
	g_free(key);
	c->busy = false;
	return c->id;
}

/* Shallower first, then NukeViet's order among siblings (weight): new categories are placed
 * after those made before them, so the menu keeps the old site's order. */
static gint cat_order(gconstpointer a, gconstpointer b)
{
	const struct nv_cat *x = *(const struct nv_cat *const *)a,
			    *y = *(const struct nv_cat *const *)b;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight < y->weight ? -1 : 1;
	return x->catid < y->catid ? -1 : x->catid > y->catid;
}

static int make_categories(struct nv_run *r, struct buf *err)
{
	GHashTableIter it;
	gpointer k, v;
	GPtrArray *order = g_ptr_array_new();
	g_hash_table_iter_init(&it, r->cats);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct nv_cat *c = v, *p = c;
		while (p && p->parent && c->depth <= 32) {
			p = g_hash_table_lookup(r->cats, &p->parent);
			c->depth++;
		}
		g_ptr_array_add(order, c);
	}
	g_ptr_array_sort(order, cat_order);
	int rc = 0;
	for (guint i = 0; rc == 0 && i < order->len; i++) {
		struct nv_cat *c = order->pdata[i];
		if (!ensure_cat(r, c->catid, 0)) {
			buf_printf(err, "cannot create the category '%s'", c->title);
			rc = -1;
			break;
		}
		struct buf to = BUF_INIT;
		iw_category_url(r->w, c->id, &to);
		nv_old_addresses(r->w, r->o, c->alias, buf_cstr(&to), false, true);
		buf_free(&to);
	}
	g_ptr_array_free(order, TRUE);
	return rc;
}

/* Old tag and topic pages -> the topic pages of their names. */
static void tag_redirects(struct nv_run *r)
{
	GHashTableIter it;
	gpointer k, v;
	struct buf op = BUF_INIT, to = BUF_INIT;
	g_hash_table_iter_init(&it, r->topics);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		char **t = v;
		buf_reset(&op);
		buf_reset(&to);
		buf_printf(&op, "topic/%s", t[1]);
		buf_puts(&to, "/chu-de/");
		vi_slug(t[0], strlen(t[0]), NV_SLUG_MAX, &to);
		buf_putc(&to, '/');
		nv_old_addresses(r->w, r->o, buf_cstr(&op), buf_cstr(&to), false, true);
		iw_count(r->w, IW_TAGS, 1);
	}
	g_hash_table_iter_init(&it, r->tags);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		buf_reset(&op);
		buf_reset(&to);
		/* NukeViet's tag aliases keep Vietnamese letters ("giáo-dục"): the new page is the
		 * ASCII slug Gazette gives the tag's name */
		buf_printf(&op, "tag/%s", (const char *)v);
		buf_puts(&to, "/chu-de/");
		vi_slug(v, strlen(v), NV_SLUG_MAX, &to);
		buf_putc(&to, '/');
		nv_old_addresses(r->w, r->o, buf_cstr(&op), buf_cstr(&to), false, true);
		iw_count(r->w, IW_TAGS, 1);
	}
	buf_free(&op);
	buf_free(&to);
}

/* ---- Pass 2: articles ---- */

/* The home image as a figure before the body; returns -1 when a missing file must stop the run. */
static int home_image(struct nv_run *r, const struct nv_row *m, struct buf *out, struct buf *err)
{
	if (!*m->homeimg)
		return 0;
	const char *url = NULL;
	if (m->homethumb == 3 || strstr(m->homeimg, "://")) {
		url = m->homeimg; /* an address elsewhere: kept (the sanitiser decides) */
	} else {
		struct buf rel = BUF_INIT;
		buf_printf(&rel, "%s/%s", r->o->module, m->homeimg);
		int rc = iw_media(r->w, buf_cstr(&rel), buf_cstr(&rel), &url, err);
		buf_free(&rel);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return 0;
	}
	nv_figure(out, url, m->homealt);
	return 0;
}

/* NukeViet 4's statuses (modules/news/language/admin_vi.php): 0 suspended, 1 published,
 * 2 scheduled ("Hẹn giờ đăng": published when publtime comes), 3 expired, 4 draft, 5 and 7 in
 * review, 8 and 10 waiting to be published, 6 and 9 declined; past 20, the same status plus 21
 * while its category is suspended ("Đang khóa bởi chuyên mục"): hidden. */
static enum article_status nv_status(int64_t status, int64_t exptime)
{
	switch (status) {
	case 1:
	case 2: /* a future publtime: scheduled */
		return ARTICLE_PUBLISHED;
	case 3: /* published until exptime, which has passed */
		return exptime > 0 ? ARTICLE_PUBLISHED : ARTICLE_UNPUBLISHED;
	case 5:
	case 7:
	case 8:
	case 10:
		return ARTICLE_SUBMITTED;
	case 0:
		return ARTICLE_UNPUBLISHED;
	default:
		return status > 20 ? ARTICLE_UNPUBLISHED : ARTICLE_DRAFT;
	}
}

static void row_status(const struct nv_row *m, struct article_put *p)
{
	p->published_at = m->publtime ? m->publtime : m->addtime;
	p->status = nv_status(m->status, m->exptime);
	if (p->status != ARTICLE_PUBLISHED && p->status != ARTICLE_UNPUBLISHED)
		p->published_at = 0;
	p->expires_at = m->exptime > 0 ? m->exptime : 0;
}

static void article_redirects(struct nv_run *r, const struct nv_row *m, const char *url)
{
	struct nv_cat *c = g_hash_table_lookup(r->cats, &m->catid);
	struct buf op = BUF_INIT;
	buf_printf(&op, "%s/%s-%lld", c ? c->alias : "", m->alias, (long long)m->id);
	nv_old_addresses(r->w, r->o, buf_cstr(&op), url, true, true);
	buf_free(&op);
}

static int write_article(struct nv_run *r, struct nv_row *m, const char *bodyhtml,
			 const char *sourcetext, struct buf *err)
{
	struct article_put p = {0};
	struct buf body = BUF_INIT, linked = BUF_INIT, slug = BUF_INIT, key = BUF_INIT;
	GPtrArray *tags = g_ptr_array_new();
	GPtrArray *own = g_hash_table_lookup(r->article_tags, &m->id);
	char **topic = g_hash_table_lookup(r->topics, &m->topicid);
	const char *source = g_hash_table_lookup(r->sources, &m->sourceid);
	struct nv_cat *c = g_hash_table_lookup(r->cats, &m->catid);
	int rc = -1;
	m->written = true;
	for (guint i = 0; own && i < own->len; i++)
		g_ptr_array_add(tags, own->pdata[i]);
	if (topic)
		g_ptr_array_add(tags, topic[0]);
	row_status(m, &p);
	if (home_image(r, m, &body, err) != 0)
		goto out;
	buf_puts(&body, bodyhtml);
	int unresolved = wp_rewrite_links(buf_cstr(&body), "", nv_link_of, &r->links, &linked);
	if (r->links.failed) {
		buf_puts(err, buf_cstr(&r->links.why));
		goto out;
	}
	vi_slug(*m->alias ? m->alias : m->title, strlen(*m->alias ? m->alias : m->title),
		NV_SLUG_MAX, &slug);
	p.category_id = c ? c->id : 0;
	p.views = m->hits;
	p.set_views = true;
	p.title = m->title;
	p.slug = slug.len ? buf_cstr(&slug) : "bai-viet";
	p.lead = m->hometext;
	p.body_html = buf_cstr(&linked);
	p.author = m->author;
	p.signature = "";
	p.source = source ? source : sourcetext;
	p.tags = (const char *const *)tags->pdata;
	p.ntags = tags->len;
	buf_printf(&key, "article:%s%lld", r->scope, (long long)m->id);
	int64_t id = 0;
	const char *url = NULL;
	if (!p.category_id) {
		buf_printf(err, "article %lld is in category %lld, which does not exist",
			   (long long)m->id, (long long)m->catid);
	} else if (iw_article(r->w, buf_cstr(&key), &p, g_hash_table_contains(r->featured, &m->id),
			      &id, &url, err) == 0) {
		char *u = g_strdup(url);
		if (p.status == ARTICLE_PUBLISHED)
			article_redirects(r, m, u);
		if (unresolved || strstr(bodyhtml, "href=\"/"))
			g_array_append_val(r->pending, id);
		g_free(u);
		rc = 0;
	}
out:
	g_ptr_array_free(tags, TRUE);
	buf_free(&body);
	buf_free(&linked);
	buf_free(&slug);
	buf_free(&key);
	return rc;
}

static int phase2_row(struct nv_run *r, const struct sqld_row *row, struct buf *err)
{
	int64_t id = nv_col_int(row, "id");
	struct nv_row *m = g_hash_table_lookup(r->rows, &id);
	r->bodies++;
	if (!m) {
		iw_skip(r->w, nv_col(row, "id"), "a body without its row in _rows");
		return 0;
	}
	if (m->written) {
		iw_skip(r->w, nv_col(row, "id"), "a second body of the same article");
		return 0;
	}
	char *body = g_strdup(iw_text(r->w, 4, nv_col(row, "bodyhtml")));
	char *source = nv_plain(r->w, 5, nv_col(row, "sourcetext"));
	int rc = write_article(r, m, body, source, err);
	g_free(body);
	g_free(source);
	return rc;
}

/* ---- Sources of rows ---- */

static const char *suffix_of(struct nv_run *r, const char *table)
{
	size_t n = strlen(r->table_prefix);
	return strncmp(table, r->table_prefix, n) == 0 ? table + n : NULL;
}

/* The bodies: _detail since NukeViet 4.1, _bodyhtml_N (ids up to N * 2000) in 4.0. */
static bool is_body_table(const char *suffix)
{
	if (strcmp(suffix, "detail") == 0)
		return true;
	if (strncmp(suffix, "bodyhtml_", 9) != 0 || !suffix[9])
		return false;
	return strspn(suffix + 9, "0123456789") == strlen(suffix + 9);
}

static bool phase_wants(struct nv_run *r, const char *suffix)
{
	static const char *const p1[] = {"cat",     "sources", "topics", "tags",
					 "tags_id", "block",   "rows"};
	if (!suffix)
		return false;
	if (r->phase == 2)
		return is_body_table(suffix);
	for (size_t i = 0; i < sizeof p1 / sizeof p1[0]; i++)
		if (strcmp(suffix, p1[i]) == 0)
			return true;
	return false;
}

static bool want(void *ctx, const char *table)
{
	struct nv_run *r = ctx;
	char *menu = g_strdup_printf("%s_%s_menu_rows", r->o->prefix, r->o->lang);
	r->menu_seen = r->menu_seen || strcmp(table, menu) == 0;
	g_free(menu);
	return phase_wants(r, suffix_of(r, table));
}

/* The columns the import reads and cannot do without, per table suffix. */
static const struct {
	const char *suffix, *cols[7];
} required[] = {
    {"rows", {"id", "catid", "title", "alias", "status", "publtime"}},
    {"detail", {"id", "bodyhtml"}},
    {"bodyhtml_", {"id", "bodyhtml"}},
    {"cat", {"catid", "parentid", "title", "alias"}},
    {"sources", {"sourceid", "title"}},
    {"topics", {"topicid", "title", "alias"}},
    {"tags", {"tid", "alias"}},
    {"tags_id", {"id", "keyword"}},
    {"block", {"id"}},
};

/* 0, or -1 with why when the row's table lacks a column the import needs. */
static int check_columns(struct nv_run *r, const struct sqld_row *row, struct buf *err)
{
	const char *suffix = suffix_of(r, row->table);
	for (size_t i = 0; suffix && i < sizeof required / sizeof required[0]; i++) {
		bool prefix = required[i].suffix[strlen(required[i].suffix) - 1] == '_';
		if (prefix ? strncmp(suffix, required[i].suffix, strlen(required[i].suffix)) != 0
			   : strcmp(suffix, required[i].suffix) != 0)
			continue;
		for (size_t j = 0; j < 7 && required[i].cols[j]; j++)
			if (!nv_has_col(row, required[i].cols[j])) {
				buf_printf(err,
					   "`%s` has no column `%s`: not a NukeViet 4 news table, "
					   "or a version this import does not know",
					   row->table, required[i].cols[j]);
				return -1;
			}
	}
	return 0;
}

static int on_row(void *ctx, const struct sqld_row *row, struct buf *err)
{
	struct nv_run *r = ctx;
	r->items++;
	if (r->o->tick)
		r->o->tick(r->o->pctx, r->items);
	if (!row->cols) {
		buf_printf(
		    err, "`%s` has no CREATE TABLE before its rows (dumped with --no-create-info?)",
		    row->table);
		return -1;
	}
	if (check_columns(r, row, err) != 0)
		return -1;
	if (r->phase == 2)
		return phase2_row(r, row, err);
	return phase1_row(r, suffix_of(r, row->table), row);
}

static int read_phase(struct nv_run *r, int phase, struct buf *err)
{
	static const char *const suffixes[] = {"cat",     "sources", "topics", "tags",
					       "tags_id", "block",   "rows",   "detail"};
	enum { NSUFFIXES = sizeof suffixes / sizeof suffixes[0] };
	char *tables[NSUFFIXES];
	for (size_t i = 0; i < NSUFFIXES; i++)
		tables[i] = g_strdup_printf("%s%s", r->table_prefix, suffixes[i]);
	r->phase = phase;
	struct nv_source src = {r, want, on_row};
	int rc = nv_read(r->o, &src, (const char *const *)tables, NSUFFIXES, err);
	for (size_t i = 0; i < NSUFFIXES; i++)
		g_free(tables[i]);
	/* 4.0's bodies: _bodyhtml_N holds the ids up to N * 2000 (a dump reads them above) */
	for (int64_t n = 1;
	     rc == 0 && r->o->mysql && phase == 2 && r->bodies == 0 && (n - 1) * 2000 < r->max_id;
	     n++) {
		char *t = g_strdup_printf("%sbodyhtml_%lld", r->table_prefix, (long long)n);
		rc = nv_mysql_each(r->o->mysql, t, on_row, r, err);
		g_free(t);
	}
	return rc;
}

/* Rows with no body in _detail are still articles (with an empty body). */
static int write_orphans(struct nv_run *r, struct buf *err)
{
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, r->rows);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct nv_row *m = v;
		if (!m->written && write_article(r, m, "", "", err) != 0)
			return -1;
	}
	return 0;
}

int nv_import(struct import_writer *w, struct store *st, const struct nv_opts *o, struct buf *err)
{
	struct nv_run r = {.w = w, .st = st, .o = o, .links = {.w = w}};
	r.table_prefix = g_strdup_printf("%s_%s_%s_", o->prefix, o->lang, o->module);
	/* Ids restart in every language and module: keep them apart (nv4_vi_news keeps the keys
	 * of earlier runs). */
	r.scope = strcmp(r.table_prefix, "nv4_vi_news_") == 0
		      ? g_strdup("")
		      : g_strdup_printf("%s_%s_%s:", o->prefix, o->lang, o->module);
	r.cats = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, cat_free);
	r.sources = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	r.topics =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, (GDestroyNotify)g_strfreev);
	r.tags = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	r.featured = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	r.rows = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, row_free);
	r.article_tags = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, ptrs_free);
	r.pending = g_array_new(FALSE, FALSE, sizeof(int64_t));
	int rc = read_phase(&r, 1, err);
	if (rc == 0 && g_hash_table_size(r.rows) == 0) {
		buf_printf(err, "%s: no table %srows with articles (check --prefix and --lang)",
			   o->label, r.table_prefix);
		rc = -1;
	}
	if (rc == 0 && (rc = make_categories(&r, err)) == 0)
		tag_redirects(&r);
	if (rc == 0)
		rc = read_phase(&r, 2, err);
	if (rc == 0 && r.bodies == 0) {
		buf_printf(err,
			   "%s: no article bodies: neither %sdetail (NukeViet 4.1 and later) nor "
			   "%sbodyhtml_1 (4.0) has rows; nothing was imported",
			   o->label, r.table_prefix, r.table_prefix);
		rc = -1;
	}
	if (rc == 0)
		rc = write_orphans(&r, err);
	for (guint i = 0; rc == 0 && i < r.pending->len; i++)
		rc = iw_relink(w, g_array_index(r.pending, int64_t, i), "", nv_link_of, &r.links,
			       err);
	if (rc == 0 && r.menu_seen)
		iw_line(w, "menu: the dump holds the site's menu (the menu module): import it with "
			   "--module menu once the other modules are in");
	g_free(r.table_prefix);
	g_free(r.scope);
	g_hash_table_destroy(r.cats);
	g_hash_table_destroy(r.sources);
	g_hash_table_destroy(r.topics);
	g_hash_table_destroy(r.tags);
	g_hash_table_destroy(r.featured);
	g_hash_table_destroy(r.rows);
	g_hash_table_destroy(r.article_tags);
	g_array_free(r.pending, TRUE);
	buf_free(&r.links.why);
	return rc;
}
