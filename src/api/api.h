/* The JSON API under /api/v1/ (reads and writes): its route table, for the host and `gazette
 * routes`. */
#ifndef GZ_API_API_H
#define GZ_API_API_H

#include "site/page.h"

extern const struct site_surface api_surface;

/* Where GET /api/v1/openapi.json is read from (docs/openapi.json of the install or the source
 * tree); loaded once at start. Returns 0, or -1 when the file is absent (the route answers 404). */
int api_openapi_load(const char *path);
void api_openapi_free(void);

#endif
