/* The organs, faq and voting imports' shared reading, text and old addresses (nvegov-int.h). */
#include "import/nvegov-int.h"

#include <stdlib.h>
#include <string.h>

#include "import/nvegovmap.h"
#include "import/nvtext.h"
#include "sanitize/sanitize.h"

struct nve_reader {
	const struct nv_opts *o;
	struct nve_table *t;
	size_t n;
	char **names; /* the full table name of each of t[] */
	const char *what;
	long long items;
};

char *nve_table_name(const struct nv_opts *o, const char *suffix)
{
	return *suffix ? g_strdup_printf("%s_%s_%s_%s", o->prefix, o->lang, o->module, suffix)
		       : g_strdup_printf("%s_%s_%s", o->prefix, o->lang, o->module);
}

char *nve_key(const struct nv_opts *o, int64_t id)
{
	return g_strdup_printf("%s_%s_%s:%lld", o->prefix, o->lang, o->module, (long long)id);
}

static struct nve_table *table_of(struct nve_reader *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->names[i], name) == 0)
			return &r->t[i];
	return NULL;
}

static bool want(void *ctx, const char *table)
{
	return table_of(ctx, table) != NULL;
}

/* 0, or -1 with why when cols[0..n) lacks one of t's required columns. */
static int check(struct nve_reader *r, const char *table, const struct nve_table *t,
		 const char *const *cols, size_t n, struct buf *err)
{
	for (const char *const *need = t->required; need && *need; need++) {
		size_t i = 0;
		while (i < n && strcmp(cols[i], *need) != 0)
			i++;
		if (i == n) {
			buf_printf(
			    err,
			    "`%s` has no column `%s`: not the NukeViet %s module's table, or "
			    "a version this import does not know; nothing was imported",
			    table, *need, r->what);
			return -1;
		}
	}
	return 0;
}

static int on_table(void *ctx, const char *table, const char *const *cols, size_t n,
		    struct buf *err)
{
	struct nve_reader *r = ctx;
	return check(r, table, table_of(r, table), cols, n, err);
}

static void row_free(gpointer p)
{
	struct nve_row *row = p;
	for (size_t i = 0; i < row->n; i++) {
		g_free(row->cols[i]);
		g_free(row->vals[i]);
	}
	g_free(row->cols);
	g_free(row->vals);
	g_free(row);
}

static int on_row(void *ctx, const struct sqld_row *row, struct buf *err)
{
	struct nve_reader *r = ctx;
	struct nve_table *t = table_of(r, row->table);
	if (!t)
		return 0;
	if (r->o->tick)
		r->o->tick(r->o->pctx, ++r->items);
	if (!row->cols) {
		buf_printf(
		    err, "`%s` has no CREATE TABLE before its rows (dumped with --no-create-info?)",
		    row->table);
		return -1;
	}
	if (check(r, row->table, t, row->cols, row->n, err) != 0)
		return -1;
	struct nve_row *k = g_new0(struct nve_row, 1);
	k->n = row->n;
	k->cols = g_new0(char *, row->n);
	k->vals = g_new0(char *, row->n);
	for (size_t i = 0; i < row->n; i++) {
		k->cols[i] = g_strdup(row->cols[i]);
		k->vals[i] = g_strdup(row->null[i] ? "" : row->vals[i]);
	}
	if (!t->rows)
		t->rows = g_ptr_array_new_with_free_func(row_free);
	g_ptr_array_add(t->rows, k);
	return 0;
}

int nve_read(const struct nv_opts *o, struct nve_table *t, size_t n, const char *what,
	     struct buf *err)
{
	struct nve_reader r = {.o = o, .t = t, .n = n, .what = what};
	r.names = g_new0(char *, n + 1);
	for (size_t i = 0; i < n; i++) {
		r.names[i] = nve_table_name(o, t[i].suffix);
		if (!t[i].rows)
			t[i].rows = g_ptr_array_new_with_free_func(row_free);
	}
	int rc = 0;
	if (o->dump) {
		struct sqld_handler h = {&r, want, on_table, on_row};
		FILE *f = fopen(o->dump, "r");
		if (!f) {
			buf_printf(err, "%s:0: cannot open the dump", o->label);
			rc = -1;
		} else {
			rc = sqld_read(f, NULL, 0, o->label, &h, err);
			fclose(f);
		}
	} else {
		for (size_t i = 0; rc == 0 && i < n; i++)
			rc = nv_mysql_each(o->mysql, r.names[i], on_row, &r, err);
	}
	g_strfreev(r.names);
	return rc;
}

void nve_tables_free(struct nve_table *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].rows)
			g_ptr_array_free(t[i].rows, TRUE);
}

const char *nve_col(const struct nve_row *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->cols[i], name) == 0)
			return r->vals[i];
	return "";
}

int64_t nve_int(const struct nve_row *r, const char *name)
{
	return strtoll(nve_col(r, name), NULL, 10);
}

bool nve_has(const struct nve_row *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->cols[i], name) == 0)
			return true;
	return false;
}

char *nve_plain(struct import_writer *w, int slot, const char *s)
{
	struct buf text = BUF_INIT, tidy = BUF_INIT;
	nv_plain_text(iw_text(w, slot, s), &text);
	nve_tidy_text(buf_cstr(&text), true, &tidy);
	buf_free(&text);
	char *out = g_strdup(buf_cstr(&tidy));
	buf_free(&tidy);
	return out;
}

char *nve_html_text(struct import_writer *w, int slot, const char *html)
{
	const char *fixed = iw_text(w, slot, html);
	struct safe_html *clean = NULL;
	struct buf text = BUF_INIT, tidy = BUF_INIT, flat = BUF_INIT;
	bool markup = strchr(fixed, '<') != NULL;
	if (!markup) { /* text without markup (typed in a textarea): its lines kept */
		nv_plain_text(fixed, &text);
	} else {
		/* a line break in HTML's text is a space: the blocks and <br> make the lines */
		for (const char *c = fixed; *c; c++)
			buf_putc(&flat, *c == '\n' || *c == '\r' || *c == '\t' ? ' ' : *c);
		if (sanitize_html(buf_cstr(&flat), flat.len, &clean) == 0) {
			sanitize_text(clean, &text);
			safe_html_free(clean);
		}
	}
	buf_free(&flat);
	nve_tidy_text(buf_cstr(&text), !markup, &tidy);
	buf_free(&text);
	char *out = g_strdup(buf_cstr(&tidy));
	buf_free(&tidy);
	return out;
}
