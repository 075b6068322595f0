/* Keys of old addresses (imported sites' URLs), the same for the importers and the public site. */
#ifndef GZ_CORE_OLDURL_H
#define GZ_CORE_OLDURL_H

#include "core/buf.h"

/*
 * Appends the redirect key of an old address to out: a full URL loses its scheme and host; the
 * path gets a trailing '/' unless its last segment has a '.', "/index.php" stays as it is; the
 * query's arguments are sorted ("b=1&a=2" -> "a=2&b=1"); a fragment is dropped. Percent-encoding is
 * kept as written, with hex digits upper-cased. Appends nothing for an empty or relative address.
 */
void oldurl_key(const char *old, struct buf *out);

#endif
