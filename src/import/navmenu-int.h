/* The menu mapping's address and text rules (navrules.c), shared by navmenu.c and its unit test
 * (tests/unit/import/test_navmenu.c). */
#ifndef GZ_IMPORT_NAVMENU_INT_H
#define GZ_IMPORT_NAVMENU_INT_H

#include <stdbool.h>

#include "core/buf.h"
#include "import/navmenu.h"

/* The host of an http(s) (or "//host/") address: lower case, without "www." and port; NULL for
 * any other address. The caller frees it with g_free. */
char *nm_host_of(const char *url);
/* Whether link is an http(s) address. */
bool nm_is_web(const char *link);
/* The old site's path and query of link ("/gioi-thieu/"), or NULL for an address elsewhere (a
 * host other than old_host, which nm_host_of gave; every host when old_host is NULL) or one that
 * is not http(s). A link with neither scheme nor leading '/' ("index.php?nv=news") is read from
 * the old site's root, as a browser on its home page would. The caller frees it with g_free. */
char *nm_local_path(const char *old_host, const char *link);
/* Whether path (as nm_local_path gives it) is the old home page: "/", "/index.php" with nothing
 * but language=, "/LANG/" (lang NULL: not that one). */
bool nm_is_home(const char *lang, const char *path);
/* Appends s as a name menu_links can hold: one line, NFC, no ';' (which ends a link) or '|'
 * (which starts its address). */
void nm_link_name(const char *s, struct buf *out);
/* Appends s as an address menu_links can hold (chrome.c refuses quotes, '<', '>' and spaces):
 * those, ';', '|' and control characters percent-encoded. */
void nm_link_address(const char *s, struct buf *out);

#endif
