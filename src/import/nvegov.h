/* NukeViet eGovernment's organs ("Cơ cấu tổ chức"), faq ("Hỏi đáp") and voting ("Thăm dò ý kiến")
 * modules imported into Gazette's organisation, published questions and answers, and polls. */
#ifndef GZ_IMPORT_NVEGOV_H
#define GZ_IMPORT_NVEGOV_H

#include "core/buf.h"
#include "import/nukeviet.h"
#include "import/writer.h"
#include "store/store.h"

/*
 * Each reads its module's tables (PREFIX_LANG_MODULE_*, o->module naming them, their addresses
 * and their folder under --uploads) whole into memory, then writes through w inside the caller's
 * transaction, keyed by the old ids so that a second run changes only what changed at the source,
 * and records the old addresses as redirects. A table without a column the import needs stops the
 * run before anything is written. Returns 0, or -1 with why in err.
 */

/* organs: _rows (units, a tree) and _person (people with position, contacts and photo). */
int nv_organs_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		     struct buf *err);
/* faq: the table PREFIX_LANG_MODULE itself (questions with their answers), _categories and
 * _config (the page size in old addresses). */
int nv_faq_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		  struct buf *err);
/* voting: the table PREFIX_LANG_MODULE itself (polls) and _rows (their options and counts). */
int nv_voting_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		     struct buf *err);

#endif
