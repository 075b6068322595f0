/*
 * Media files through the database (issue 19). With a store that keeps media files (PostgreSQL),
 * every uploaded file and every derived image is stored in the database, and the media folder of
 * each node is a bounded cache of them: a file that is not there is fetched from the database on
 * first use (chunk by chunk into a private file, checked against its SHA-256, then renamed in
 * place), and the least recently used files go when the folder grows past its limit. With SQLite
 * the media folder is the only copy: every function here leaves it as it is.
 */
#ifndef GZ_SITE_MEDIACACHE_H
#define GZ_SITE_MEDIACACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "store/store.h"

/* Sets the folder this process caches in and its limit in bytes (0: no limit), and measures what
 * it holds; does nothing unless st keeps media files. Call once, before serving. */
void mcache_configure(struct store *st, const char *dir, uint64_t max_bytes);

/* Makes sure dir/rel is a local file: 0 when it is (found, or fetched from the database), 1 when
 * neither the folder nor the database has it, -1 when it could not be fetched (logged). With
 * SQLite: 0 when the file exists, else 1. Marks the file as used (for eviction). */
int mcache_get(struct store *st, struct arena *a, const char *dir, const char *rel);

/* Stores the local file dir/rel in the database (streamed from the file) as type mime; replace:
 * over a stored file of the same name. 0, or -1 (logged). Nothing to do (0) with SQLite. */
int mcache_put(struct store *st, struct arena *a, const char *dir, const char *rel,
	       const char *mime, bool replace);

/* Deletes stored file rel from the database (nothing with SQLite) and the local copy, if any. */
void mcache_forget(struct store *st, struct arena *a, const char *dir, const char *rel);

/* Removes the local copy of rel only (a file the database no longer lists): with SQLite nothing. */
void mcache_drop_local(struct store *st, struct arena *a, const char *dir, const char *rel);

/* Bytes the cache folder holds by this process's count, and files fetched from the database. */
uint64_t mcache_bytes(void);
uint64_t mcache_fetches(void);

#endif
