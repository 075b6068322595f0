/* Region allocator: per-request and per-render memory freed all at once. */
#ifndef GZ_CORE_ARENA_H
#define GZ_CORE_ARENA_H

#include <stddef.h>

struct arena;

/* Cleanup callbacks run (newest first) when the arena is freed, for non-memory resources. */
typedef void (*arena_cleanup_fn)(void *p);

/* Returns a new arena; aborts on out of memory. */
struct arena *arena_new(void);
/* Runs cleanups and frees every block; NULL is allowed. */
void arena_free(struct arena *a);
/* Returns n bytes aligned for any type, zeroed; valid until arena_free. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_on_free(struct arena *a, arena_cleanup_fn fn, void *p);

#endif
