/* WordPress import: a WXR export read twice (media and terms, then posts and pages) into the store.
 */
#ifndef GZ_IMPORT_WORDPRESS_H
#define GZ_IMPORT_WORDPRESS_H

#include <glib.h>

#include "core/buf.h"
#include "import/writer.h"

struct wp_opts {
	const char *path;     /* the WXR file */
	const char *label;    /* its name in messages */
	const char *old_base; /* --old-base, or NULL for the export's own base_site_url */
	const char *menu;     /* --menu NAME: the menu to import, or NULL for the main one */
	GHashTable *roles;    /* login -> Gazette role (wproles.h), or NULL: every account a
				 contributor */
	void (*tick)(void *pctx, long long items); /* progress, may be NULL */
	void *pctx;
};

/*
 * Imports the export through w (inside the caller's transaction). Returns 0, or -1 with
 * "FILE:LINE: reason" (or a reason without a place for the store) in err; the caller then rolls
 * back and calls iw_discard_files.
 */
int wp_import(struct import_writer *w, struct store *st, const struct wp_opts *o, struct buf *err);

#endif
