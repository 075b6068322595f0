/* WordPress's navigation menus in a WXR export (terms of taxonomy nav_menu, items of type
 * nav_menu_item): the site's main menu chosen and mapped onto Gazette's (navmenu.h). */
#ifndef GZ_IMPORT_WPMENU_H
#define GZ_IMPORT_WPMENU_H

#include "core/buf.h"
#include "import/writer.h"
#include "import/wxr.h"
#include "store/store.h"

struct wpm;

/* The menus of one export; want is --menu NAME (a menu's name, slug or term id), or NULL to
 * choose the main menu. */
struct wpm *wpm_new(const char *want);
void wpm_free(struct wpm *m);
/* Pass 1: a channel-level term; menus (nav_menu) and tags (post_tag) are kept. */
void wpm_term(struct wpm *m, const struct wxr_term *t);
/* Pass 1: an item of type nav_menu_item, kept with its menu, parent, order and target. */
void wpm_item(struct wpm *m, struct import_writer *w, const struct wxr_item *it);

/*
 * After the posts and pages are written: maps the chosen menu onto Gazette's through the old
 * addresses the import recorded (old_base: the old site's address, for its absolute links).
 * An export without a menu leaves the menu settings alone. Returns 0, or -1 with why in err
 * (--menu names no menu of the export, or the store refused a write).
 */
int wpm_apply(struct wpm *m, struct import_writer *w, struct store *st, const char *old_base,
	      struct buf *err);

#endif
