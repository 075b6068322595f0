/* The newsroom's operations on legal documents, shared by the documents screen and the API: the
 * checks, the lists made on demand, the audit log and the page-cache drop. */
#ifndef GZ_ADMIN_DOC_OPS_H
#define GZ_ADMIN_DOC_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "admin/newsroom.h"
#include "docs/json.h"

/*
 * Saves what was sent (in, as docs/json.h reads it) as document id (0: a new draft), based on
 * in->revision when it carries one. NR_INVALID with a Vietnamese reason in why for a rule broken
 * (dates, a relation to a missing document...), NR_CONFLICT for a stale revision. *out gets the
 * id. Nothing is written on failure.
 */
enum nr_result nr_doc_save(struct nr_ctx *ctx, int64_t id, const struct doc_in *in, int64_t *out,
			   struct buf *why);
/* Publishes or takes back to draft. */
enum nr_result nr_doc_status(struct nr_ctx *ctx, int64_t id, bool publish, struct buf *why);
/*
 * Checks an uploaded file by content against its name, extracts its text and keeps it under
 * media_dir with the document. NR_INVALID with why; *wrong_type true when the refusal is about
 * the type (answer 415) rather than a damaged or encrypted file (422).
 */
enum nr_result nr_doc_attach(struct nr_ctx *ctx, const char *media_dir, int64_t id,
			     const char *filename, const void *data, size_t len, bool *wrong_type,
			     struct buf *why);
/* Approves (true) or rejects a reader's comment. */
enum nr_result nr_doc_moderate(struct nr_ctx *ctx, int64_t comment_id, bool approve,
			       struct buf *why);

#endif
