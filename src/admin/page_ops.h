/* The newsroom's operations on static pages (issue 13), shared by the pages screen and the API:
 * the same workflow and roles as articles (draft -> submitted -> published -> unpublished), the
 * articles' sanitiser, revisions with a stale-save check, the audit log and the cache drop. Pages
 * belong to no category: an account limited to categories does not work on them. */
#ifndef GZ_ADMIN_PAGE_OPS_H
#define GZ_ADMIN_PAGE_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "admin/newsroom.h"

#define PAGE_TITLE_MAX_CP 200
#define PAGE_SLUG_MAX 80
#define PAGE_BODY_MAX (2u << 20)

/* What a person or a client sends; NULL strings and has_* false leave the stored value. */
struct page_fields {
	const char *title, *slug, *body_html;
	const char *title_en, *body_en; /* the English version (issue 13); NULL: unchanged */
	int64_t parent_id, position;
	bool has_parent, has_position;
};

/* Loads page id if the user may see it in the newsroom. */
enum nr_result nr_page_get(struct nr_ctx *ctx, int64_t id, struct static_page *out,
			   struct buf *why);
/* Whether the user may do act on pg (NULL: a new page); why gets the reason when not. */
enum nr_result nr_page_may(struct nr_ctx *ctx, enum article_action act,
			   const struct static_page *pg, struct buf *why);
/* Saves f as page id (0: a new draft owned by the user), based on revision based_on (0: no
 * check; a stale one is NR_CONFLICT). NR_INVALID with a Vietnamese reason for a field. *out gets
 * the id. Audited ("page.create", "page.save"). */
enum nr_result nr_page_save(struct nr_ctx *ctx, int64_t id, int64_t based_on,
			    const struct page_fields *f, int64_t *out, struct buf *why);
/* ACT_SUBMIT, ACT_RETURN, ACT_PUBLISH or ACT_UNPUBLISH: the roles and status rules of articles. */
enum nr_result nr_page_transition(struct nr_ctx *ctx, int64_t id, enum article_action act,
				  struct buf *why);
/* Makes revision rev the current content again (as a new revision). */
enum nr_result nr_page_restore(struct nr_ctx *ctx, int64_t id, int64_t rev, struct buf *why);
/* Deletes a page without sub-pages (publishers and admins). */
enum nr_result nr_page_delete(struct nr_ctx *ctx, int64_t id, struct buf *why);
/* The audit code of a transition ("page.submit"...). */
const char *nr_page_action_code(enum article_action act);

#endif
