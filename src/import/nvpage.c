/* NukeViet's page module (modules/page: one table PREFIX_LANG_MODULE; eGovernment's "about" is a
 * copy of it) into Gazette's static pages, with their old addresses /MODULE/ALIAS.html. */
#include "import/nukeviet-int.h"

#include <glib.h>
#include <string.h>

#include "html/escape.h"
#include "import/wpbody.h"
#include "vi/vi.h"

#define NVP_SLUG_MAX 80

struct nvp_run {
	struct import_writer *w;
	struct store *st;
	const struct nv_opts *o;
	char *table; /* "nv4_vi_page" */
	char *scope; /* "nv4_vi_page:": old keys of this module and language */
	struct nv_links links;
	long long items, pages;
};

/* The columns the import cannot do without (action_mysql.php; versions add others). */
static const char *const required[] = {"id", "title", "alias", "bodytext", "status", NULL};

/* The page's image (`image`, under the module's uploads folder, or an address elsewhere) as a
 * figure; -1 when a missing file must stop the run. */
static int image_of(struct nvp_run *r, const struct sqld_row *row, struct buf *out, struct buf *err)
{
	const char *image = nv_col(row, "image"), *url = NULL;
	if (!*image)
		return 0;
	struct buf rel = BUF_INIT;
	int rc = 0;
	if (strstr(image, "://")) {
		url = image; /* kept: the sanitiser decides */
	} else {
		buf_printf(&rel, "%s/%s", r->o->module, image);
		rc = iw_media(r->w, buf_cstr(&rel), buf_cstr(&rel), &url, err);
	}
	if (rc == 0) {
		char *alt = nv_plain(r->w, 1, nv_col(row, "imagealt"));
		nv_figure(out, url, alt);
		g_free(alt);
	}
	buf_free(&rel);
	return rc < 0 ? -1 : 0;
}

/* The body: the image, the description (NukeViet shows it above the text), then bodytext, with
 * old uploads copied and old links followed. */
static int body_of(struct nvp_run *r, const struct sqld_row *row, struct buf *out, struct buf *err)
{
	struct buf raw = BUF_INIT;
	int rc = image_of(r, row, &raw, err);
	char *desc = nv_plain(r->w, 2, nv_col(row, "description"));
	g_strstrip(desc);
	if (*desc) {
		buf_puts(&raw, "<p><strong>");
		html_escape(&raw, desc, strlen(desc));
		buf_puts(&raw, "</strong></p>\n");
	}
	g_free(desc);
	buf_puts(&raw, iw_text(r->w, 4, nv_col(row, "bodytext")));
	if (rc == 0) {
		wp_rewrite_links(buf_cstr(&raw), "", nv_link_of, &r->links, out);
		if (r->links.failed) {
			buf_puts(err, buf_cstr(&r->links.why));
			rc = -1;
		}
	}
	buf_free(&raw);
	return rc;
}

static void page_addresses(struct nvp_run *r, const char *alias, const char *url)
{
	nv_old_addresses(r->w, r->o, alias, url, true, false);
	/* the op as the module writes its links: the alias with NukeViet's ".html" */
	char *old = g_strdup_printf("/index.php?language=%s&nv=%s&op=%s.html", r->o->lang,
				    r->o->module, alias);
	iw_redirect(r->w, old, url);
	g_free(old);
}

static int write_page(struct nvp_run *r, const struct sqld_row *row, struct buf *err)
{
	struct buf body = BUF_INIT, slug = BUF_INIT, why = BUF_INIT;
	char *title = nv_plain(r->w, 0, nv_col(row, "title"));
	const char *alias = nv_col(row, "alias");
	char *key = g_strdup_printf("%s%s", r->scope, nv_col(row, "id"));
	g_strstrip(title);
	int rc = body_of(r, row, &body, &why);
	const char *from = *alias ? alias : title;
	vi_slug(from, strlen(from), NVP_SLUG_MAX, &slug);
	int64_t weight = nv_col_int(row, "weight");
	struct static_page pg = {.position = weight < 0         ? 0
					     : weight > 1000000 ? 1000000
								: weight,
				 .slug = slug.len ? buf_cstr(&slug) : "trang",
				 .title = *title ? title : "(Không có tiêu đề)",
				 .body_html = buf_cstr(&body),
				 .title_en = "",
				 .body_en = "",
				 .status = nv_col_int(row, "status") == 1 ? ARTICLE_PUBLISHED
									  : ARTICLE_DRAFT};
	int64_t id = 0;
	const char *url = NULL;
	if (rc == 0)
		rc = iw_page(r->w, key, &pg, &id, &url, &why);
	if (rc == 0 && pg.status == ARTICLE_PUBLISHED && *alias && !strchr(alias, '/')) {
		char *u = g_strdup(url);
		page_addresses(r, alias, u);
		g_free(u);
	}
	if (rc != 0)
		buf_printf(err, "page %s: %s", nv_col(row, "id"), buf_cstr(&why));
	r->pages++;
	g_free(title);
	g_free(key);
	buf_free(&body);
	buf_free(&slug);
	buf_free(&why);
	return rc;
}

static bool want(void *ctx, const char *table)
{
	struct nvp_run *r = ctx;
	return strcmp(table, r->table) == 0;
}

static int on_row(void *ctx, const struct sqld_row *row, struct buf *err)
{
	struct nvp_run *r = ctx;
	r->items++;
	if (r->o->tick)
		r->o->tick(r->o->pctx, r->items);
	if (!row->cols) {
		buf_printf(
		    err, "`%s` has no CREATE TABLE before its rows (dumped with --no-create-info?)",
		    row->table);
		return -1;
	}
	if (nv_require_cols(row, required, "page", err) != 0)
		return -1;
	return write_page(r, row, err);
}

int nv_page_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		   struct buf *err)
{
	struct nvp_run r = {.w = w, .st = st, .o = o, .links = {.w = w}};
	r.table = g_strdup_printf("%s_%s_%s", o->prefix, o->lang, o->module);
	r.scope = g_strdup_printf("%s:", r.table);
	struct nv_source src = {&r, want, on_row};
	const char *tables[] = {r.table};
	int rc = nv_read(o, &src, tables, 1, err);
	if (rc == 0 && r.pages == 0) {
		buf_printf(err, "%s: no table %s with pages (check --prefix, --lang and --module)",
			   o->label, r.table);
		rc = -1;
	}
	g_free(r.table);
	g_free(r.scope);
	buf_free(&r.links.why);
	return rc;
}
