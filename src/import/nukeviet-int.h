/* What the NukeViet importers (news, laws, page) share: rows and their columns, reading the
 * tables from a dump or a server, old addresses and links to the old uploads. */
#ifndef GZ_IMPORT_NUKEVIET_INT_H
#define GZ_IMPORT_NUKEVIET_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "import/nukeviet.h"
#include "import/sqldump.h"
#include "import/writer.h"

/* The value of column name ("" for NULL or a missing column); borrowed from r. */
const char *nv_col(const struct sqld_row *r, const char *name);
/* The column as an integer (0 when absent or not a number). */
int64_t nv_col_int(const struct sqld_row *r, const char *name);
bool nv_has_col(const struct sqld_row *r, const char *name);

/*
 * 0 when r has every column of cols (a NULL-terminated list), else -1 with "`TABLE` has no
 * column `X`: not a NukeViet 4 WHAT table, or a version this import does not know" in err.
 */
int nv_require_cols(const struct sqld_row *r, const char *const *cols, const char *what,
		    struct buf *err);

/* A plain-text column as text: legacy encodings repaired (iw_text slot), then its references
 * decoded. The caller owns the result (g_free). */
char *nv_plain(struct import_writer *w, int slot, const char *s);

/* Where rows come from and who takes them. */
struct nv_source {
	void *ctx;
	bool (*want)(void *ctx, const char *table);
	int (*row)(void *ctx, const struct sqld_row *r, struct buf *err);
};

/*
 * Hands the rows of the wanted tables to s->row: the whole dump (o->dump), or each of
 * tables[0..n) that s->want accepts from the server (o->mysql; a missing table has no rows, as
 * in a dump without it). Returns 0, or -1 with why in err.
 */
int nv_read(const struct nv_opts *o, const struct nv_source *s, const char *const *tables, size_t n,
	    struct buf *err);

/*
 * Records the old addresses of the page NukeViet calls op ("detail/abc-12", "tin-tuc/x-3") in
 * module o->module, language o->lang, as redirects to `to`: "/MODULE/OP/" and "/LANG/MODULE/OP/"
 * (".html" instead of the '/' when html), and "/index.php?language=LANG&nv=MODULE&op=OP". With
 * home (the module is the site's home page, NukeViet's rewrite_op_mod) also "/OP/" and
 * "/LANG/OP/". An empty op records the module's own page. 0, or -1 when the database refused one
 * (the others are recorded still).
 */
int nv_old_addresses(struct import_writer *w, const struct nv_opts *o, const char *op,
		     const char *to, bool html, bool home);

/* Links in imported HTML: old uploads ("/uploads/REL") copied to the media library, old
 * addresses that already have a redirect replaced by its target. */
struct nv_links {
	struct import_writer *w;
	bool failed;    /* a file could not be copied (and skipping was not allowed) */
	struct buf why; /* the first such failure */
};

/* A wp_link_fn over struct nv_links: the new address of url, or NULL to keep it. */
const char *nv_link_of(void *ctx, const char *url);

/* Appends `<figure><img src="URL" alt="ALT"></figure>` with both attributes escaped. */
void nv_figure(struct buf *out, const char *url, const char *alt);

#endif
