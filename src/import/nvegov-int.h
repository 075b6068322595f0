/* What the organs, faq and voting imports share: their tables read whole, columns, text and old
 * addresses. Private to nvegov.c, nvorgans.c, nvfaq.c and nvvoting.c. */
#ifndef GZ_IMPORT_NVEGOV_INT_H
#define GZ_IMPORT_NVEGOV_INT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "import/nukeviet-int.h"
#include "import/nvegov.h"

/* A row kept from a table: its columns and values (NULL as ""). */
struct nve_row {
	char **cols, **vals;
	size_t n;
};

/* A table of the module to read: PREFIX_LANG_MODULE, then "_" and suffix unless it is "". */
struct nve_table {
	const char *suffix;
	const char *const *required; /* columns the import needs, NULL-terminated */
	GPtrArray *rows;             /* struct nve_row *, filled by nve_read */
};

/*
 * Reads the rows of t[0..n) from o->dump or o->mysql into memory. A table whose CREATE TABLE or
 * rows lack one of its required columns stops the reading: -1 with "`TABLE` has no column `X`:
 * not the NukeViet WHAT module's table, or a version this import does not know" in err. o->tick
 * is called as rows come.
 */
int nve_read(const struct nv_opts *o, struct nve_table *t, size_t n, const char *what,
	     struct buf *err);
void nve_tables_free(struct nve_table *t, size_t n);
/* "PREFIX_LANG_MODULE" (the caller owns it). */
char *nve_table_name(const struct nv_opts *o, const char *suffix);

const char *nve_col(const struct nve_row *r, const char *name);
int64_t nve_int(const struct nve_row *r, const char *name);
bool nve_has(const struct nve_row *r, const char *name);

/* A plain-text column (titles, names, positions): legacy encodings repaired (iw_text slot), its
 * character references decoded, its spaces tidied. The caller owns the result (g_free). */
char *nve_plain(struct import_writer *w, int slot, const char *s);
/* An HTML column (answers, descriptions) as plain text: repaired, sanitised, its visible text
 * with a line break after each block and <br>, tidied; a value without any tag is read as text
 * (its references decoded, its lines kept). The caller owns the result (g_free). */
char *nve_html_text(struct import_writer *w, int slot, const char *html);

/* The old key of an item of this module: "PREFIX_LANG_MODULE:ID" (the caller owns it). */
char *nve_key(const struct nv_opts *o, int64_t id);

#endif
