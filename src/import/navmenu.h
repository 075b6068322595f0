/* An old site's navigation menu mapped onto Gazette's: the categories' order, menu_hide and
 * menu_links (the WordPress and NukeViet importers hand their menu's items to it). */
#ifndef GZ_IMPORT_NAVMENU_H
#define GZ_IMPORT_NAVMENU_H

#include <stdint.h>

#include "core/buf.h"
#include "import/writer.h"
#include "store/store.h"

#define NM_LINKS_MAX 4

struct nm_menu;

/* One item of the old menu, as the importer read it. Every string is copied by nm_add. */
struct nm_item {
	const char *key;    /* unique within the menu */
	const char *parent; /* the parent item's key; "" (or a key never added) at the top */
	int64_t order;      /* among its siblings; ties keep the order of adding */
	const char *title;  /* plain text; "" for the name of what it points at */
	const char *what;   /* how the report names it: "menu item 41" */
	/* Old addresses, tried in turn until one is known (NULL ends the list): one of the old
	 * site (root-relative, or absolute on its old_base) is followed through the redirects the
	 * imports recorded; any other http(s) address is kept as it is. */
	const char *links[NM_LINKS_MAX];
	const char *known;   /* a new address to use when no link is known, or NULL */
	const char *missing; /* why it points at nothing when no link is known, or NULL */
};

/* A menu of the old site at old_base ("https://old.example.vn", or NULL when unknown: only
 * root-relative links are then the old site's); lang ("vi", or NULL) also names its home "/vi/". */
struct nm_menu *nm_new(const char *old_base, const char *lang);
void nm_free(struct nm_menu *m);
void nm_add(struct nm_menu *m, const struct nm_item *it);

/*
 * Maps the menu onto Gazette's (inside the import's transaction st): categories it names stay
 * shown, in its order (their positions); top-level categories it does not name, and the
 * sub-categories of a parent whose others it names, go into menu_hide; its other items become
 * menu_links, one level, at their new addresses. An item that points at nothing is skipped
 * (iw_skip); what was decided is said with iw_line. Each setting (and the order) is written only
 * while it holds what the last menu import wrote, or, never written by one, its default;
 * otherwise it is left as it is and the report gives the value the import would have written.
 * Returns 0, or -1 with why in err when the store refused a write.
 */
int nm_apply(struct nm_menu *m, struct import_writer *w, struct store *st, struct buf *err);

#endif
