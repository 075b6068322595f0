/* The checks of organisation units and people (issue 13), shared by the newsroom's screens and
 * the API, and the API's writes: admins only, audited, page caches dropped. */
#ifndef GZ_ADMIN_ORG_OPS_H
#define GZ_ADMIN_ORG_OPS_H

#include "admin/newsroom.h"

#define ORG_NAME_MAX_CP 200
#define ORG_FIELD_MAX_CP 500
#define ORG_TEXT_MAX_CP 20000
#define ORG_SLUG_MAX 80

/* Makes u->slug from slug (or the name when slug is empty) and checks the fields; NULL, or the
 * reason in Vietnamese. */
const char *nr_unit_check(struct arena *a, struct org_unit *u, const char *slug);
const char *nr_person_check(const struct org_person *pe);
/* Saves (u->id 0: new), checking first; *id gets the id. NR_INVALID or NR_CONFLICT with why. */
enum nr_result nr_unit_save(struct nr_ctx *ctx, struct org_unit *u, const char *slug, int64_t *id,
			    struct buf *why);
enum nr_result nr_unit_delete(struct nr_ctx *ctx, int64_t id, struct buf *why);
enum nr_result nr_person_save(struct nr_ctx *ctx, struct org_person *pe, int64_t *id,
			      struct buf *why);
enum nr_result nr_person_delete(struct nr_ctx *ctx, int64_t id, struct buf *why);

#endif
