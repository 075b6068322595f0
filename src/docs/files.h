/* Attachments on disk: new files under server-chosen names in the media folder. */
#ifndef GZ_DOCS_FILES_H
#define GZ_DOCS_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/*
 * Writes data to a new file (O_EXCL, mode 0640) dir/documents/YYYY/MM/<32 hex>.<ext>, named by
 * the server from the time `now` and random bytes, and appends its path relative to dir to rel.
 * Returns 0, or -1 with nothing left behind.
 */
int doc_file_save(const char *dir, const void *data, size_t len, const char *ext, int64_t now,
		  struct buf *rel);
/* Removes a saved file (when its row could not be stored). */
void doc_file_remove(const char *dir, const char *rel);

#endif
