/* NukeViet 4 imports, from a mysqldump file or a live MySQL/MariaDB database: the news module,
 * the laws module ("Văn bản") and the page module (static pages). */
#ifndef GZ_IMPORT_NUKEVIET_H
#define GZ_IMPORT_NUKEVIET_H

#include "core/buf.h"
#include "import/sqldump.h"
#include "import/writer.h"

struct nv_opts {
	const char *dump;   /* a mysqldump file, or NULL */
	const char *mysql;  /* mysql://USER:PASS@HOST[:PORT]/DB, or NULL */
	const char *label;  /* the dump's or the server's name in messages */
	const char *prefix; /* table prefix, "nv4" */
	const char *lang;   /* "vi" */
	const char *module; /* the module's name, data and uploads folder: "news", "laws", "page" */
	const char *tz;     /* the site's time zone, for the laws module's dates */
	const char *menu;   /* --menu: the menu module's menu to import (title or id), or NULL */
	const char *old_base; /* --old-base: the old site's address, or NULL */
	void (*tick)(void *pctx, long long items);
	void *pctx;
};

/*
 * Imports the module's categories, sources, topics, tags, block groups and articles through w
 * (inside the caller's transaction). The dump is read twice (everything but the article bodies,
 * then the bodies); the rows' metadata (not their bodies) is held in memory between the passes.
 * Returns 0, or -1 with "LABEL:LINE: reason" (or a reason) in err.
 */
int nv_import(struct import_writer *w, struct store *st, const struct nv_opts *o, struct buf *err);

/*
 * Imports a laws module (nukeviet/module-laws: tables PREFIX_LANG_MODULE_row, _cat, _subject,
 * _area, _row_area, _signer) as legal documents, with their files from MODULE/ under --uploads,
 * the replacements between them and their old addresses (nvlaws.c). The dump is read twice
 * (everything but the bodies, then the rows with their bodies). Returns 0, or -1 with why in err.
 */
int nv_laws_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		   struct buf *err);

/*
 * Imports a page module (the table PREFIX_LANG_MODULE itself; eGovernment's "about" is one) as
 * static pages with their old addresses (nvpage.c). Returns 0, or -1 with why in err.
 */
int nv_page_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		   struct buf *err);

/*
 * Imports a menu module (tables PREFIX_LANG_MODULE and _rows) as Gazette's menu: the menu the
 * theme's main menu block shows (PREFIX_LANG_blocks_groups, PREFIX_config's site_theme), else the
 * largest, or the one o->menu names; its items followed through the old addresses earlier runs
 * recorded (nvmenu.c, navmenu.h). Returns 0, or -1 with why in err.
 */
int nv_menu_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		   struct buf *err);

/* Rows of one table of a MySQL/MariaDB server (nvmysql.c); fn as sqld_handler's row. */
int nv_mysql_each(const char *url, const char *table,
		  int (*fn)(void *ctx, const struct sqld_row *r, struct buf *err), void *ctx,
		  struct buf *err);

#endif
