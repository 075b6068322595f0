/* The plumbing the NukeViet importers share: columns, reading tables, old addresses, links. */
#include "import/nukeviet-int.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "import/nvtext.h"

const char *nv_col(const struct sqld_row *r, const char *name)
{
	for (size_t i = 0; r->cols && i < r->n; i++)
		if (strcmp(r->cols[i], name) == 0)
			return r->null[i] ? "" : r->vals[i];
	return "";
}

int64_t nv_col_int(const struct sqld_row *r, const char *name)
{
	return strtoll(nv_col(r, name), NULL, 10);
}

bool nv_has_col(const struct sqld_row *r, const char *name)
{
	for (size_t i = 0; r->cols && i < r->n; i++)
		if (strcmp(r->cols[i], name) == 0)
			return true;
	return false;
}

int nv_require_cols(const struct sqld_row *r, const char *const *cols, const char *what,
		    struct buf *err)
{
	for (size_t i = 0; cols[i]; i++)
		if (!nv_has_col(r, cols[i])) {
			buf_printf(
			    err,
			    "`%s` has no column `%s`: not a NukeViet 4 %s table, or a version "
			    "this import does not know",
			    r->table, cols[i], what);
			return -1;
		}
	return 0;
}

char *nv_plain(struct import_writer *w, int slot, const char *s)
{
	struct buf b = BUF_INIT;
	nv_plain_text(iw_text(w, slot, s), &b);
	return buf_detach(&b);
}

int nv_read(const struct nv_opts *o, const struct nv_source *s, const char *const *tables, size_t n,
	    struct buf *err)
{
	if (o->dump) {
		struct sqld_handler h = {s->ctx, s->want, NULL, s->row};
		FILE *f = fopen(o->dump, "r");
		if (!f) {
			buf_printf(err, "%s:0: cannot open the dump", o->label);
			return -1;
		}
		int rc = sqld_read(f, NULL, 0, o->label, &h, err);
		fclose(f);
		return rc;
	}
	for (size_t i = 0; i < n; i++)
		if (s->want(s->ctx, tables[i]) &&
		    nv_mysql_each(o->mysql, tables[i], s->row, s->ctx, err) != 0)
			return -1;
	return 0;
}

/* Records from as a redirect to `to` (the first failure kept in *rc) and empties it. */
static void old_address(struct import_writer *w, struct buf *from, const char *to, int *rc)
{
	if (iw_redirect(w, buf_cstr(from), to) != 0)
		*rc = -1;
	buf_reset(from);
}

int nv_old_addresses(struct import_writer *w, const struct nv_opts *o, const char *op,
		     const char *to, bool html, bool home)
{
	struct buf from = BUF_INIT;
	const char *m = o->module, *l = o->lang, *end = html ? ".html" : "/";
	int rc = 0;
	if (!*op) {
		buf_printf(&from, "/%s/", m);
		old_address(w, &from, to, &rc);
		buf_printf(&from, "/%s/%s/", l, m);
		old_address(w, &from, to, &rc);
		buf_printf(&from, "/index.php?language=%s&nv=%s", l, m);
		old_address(w, &from, to, &rc);
		buf_free(&from);
		return rc;
	}
	buf_printf(&from, "/%s/%s%s", m, op, end);
	old_address(w, &from, to, &rc);
	buf_printf(&from, "/%s/%s/%s%s", l, m, op, end);
	old_address(w, &from, to, &rc);
	if (home) {
		buf_printf(&from, "/%s%s", op, end);
		old_address(w, &from, to, &rc);
		buf_printf(&from, "/%s/%s%s", l, op, end);
		old_address(w, &from, to, &rc);
	}
	buf_printf(&from, "/index.php?language=%s&nv=%s&op=%s", l, m, op);
	old_address(w, &from, to, &rc);
	buf_free(&from);
	return rc;
}

const char *nv_link_of(void *ctx, const char *url)
{
	struct nv_links *l = ctx;
	const char *up = strstr(url, "/uploads/");
	if (up && (up == url || strstr(url, "://"))) {
		const char *to = NULL, *rel = up + strlen("/uploads/");
		struct buf err = BUF_INIT;
		int rc = iw_media(l->w, rel, rel, &to, &err);
		if (rc < 0 && !l->failed) {
			l->failed = true;
			buf_puts(&l->why, buf_cstr(&err));
		}
		buf_free(&err);
		return rc == 0 ? to : NULL;
	}
	return url[0] == '/' ? iw_redirect_get(l->w, url) : NULL;
}

static void attr_escape(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"')
			buf_puts(out, "&quot;");
		else if (*s == '&')
			buf_puts(out, "&amp;");
		else if (*s == '<')
			buf_puts(out, "&lt;");
		else
			buf_putc(out, *s);
	}
}

void nv_figure(struct buf *out, const char *url, const char *alt)
{
	buf_puts(out, "<figure><img src=\"");
	attr_escape(out, url);
	buf_puts(out, "\" alt=\"");
	attr_escape(out, alt);
	buf_puts(out, "\"></figure>\n");
}
