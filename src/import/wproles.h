/* The roles of WordPress accounts, read from a dump of its database (a WXR export carries none). */
#ifndef GZ_IMPORT_WPROLES_H
#define GZ_IMPORT_WPROLES_H

#include <glib.h>

#include "core/buf.h"

/*
 * The Gazette role for WordPress capabilities as WordPress stores them (a PHP-serialised array,
 * a:1:{s:6:"editor";b:1;}): the highest role granted wins; administrator -> admin, editor ->
 * publisher (publishes and edits everyone's posts), author and contributor -> contributor (in
 * Gazette their articles go through the newsroom), subscriber or nothing known -> NULL.
 */
const char *wp_role_of_caps(const char *caps);

/*
 * Reads {prefix}users and {prefix}usermeta from the mysqldump at path and returns a table of
 * login -> Gazette role (static strings) for the accounts with a known role; NULL with
 * "FILE:LINE: reason" in err when the dump cannot be read or holds no {prefix}users rows.
 */
GHashTable *wp_roles_read(const char *path, const char *prefix, struct buf *err);

#endif
