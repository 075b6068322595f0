/* Growable byte buffers: the one way Gazette builds strings. */
#ifndef GZ_CORE_BUF_H
#define GZ_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/*
 * A buffer owns data; data is always NUL-terminated when len > 0 or after any append, so it can be
 * passed where a C string is expected. Allocation failure aborts the process (as Redis's zmalloc
 * does): a server that cannot allocate a few bytes cannot answer anyway.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void buf_grow(struct buf *b, size_t extra);
/* Inline, as templates append a few hundred pieces a page (issue 18). */
static inline void buf_append(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap)
		buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}
void buf_puts(struct buf *b, const char *s);
/* One byte; inline, as it runs per character in the hot loops (the sanitiser, search words). */
static inline void buf_putc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Empties the buffer, keeping its storage. */
void buf_reset(struct buf *b);
/* Frees the storage; the buffer is empty and reusable afterwards. */
void buf_free(struct buf *b);
/* Returns the data (never NULL; "" when empty), which the caller now owns; the buffer is emptied.
 */
char *buf_detach(struct buf *b);
/* Returns data as a C string, "" when nothing was appended yet. Borrowed. */
const char *buf_cstr(const struct buf *b);

/* Allocation helpers that abort on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
