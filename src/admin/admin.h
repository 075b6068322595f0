/* The newsroom in the browser (/admin) and the write API: entry points for the site's router. */
#ifndef GZ_ADMIN_ADMIN_H
#define GZ_ADMIN_ADMIN_H

struct page;

/* Handles any request under /admin. */
void admin_handle(struct page *p);
/* Handles a write request (POST, PATCH...) or an authenticated read under /api/v1/; rest is the
 * path after "/api/v1/". Returns 0 when it answered, -1 when the public API should answer. */
int api_write(struct page *p, const char *rest);

#endif
