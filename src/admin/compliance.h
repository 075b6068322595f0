/* The newsroom's compliance operations (Decree 147/2024/NĐ-CP, Art. 28), shared by the screens,
 * the write API and the alert thread: sources, origins of republished articles, the republish
 * rule, takedowns and their alerts. Each checks the role and writes the audit log. */
#ifndef GZ_ADMIN_COMPLIANCE_H
#define GZ_ADMIN_COMPLIANCE_H

#include "admin/newsroom.h"
#include "mail/mail.h"

/* Refuses (NR_INVALID, the reason in Vietnamese in why) publishing article id at `at` (UTC)
 * earlier than its original's time plus the republish delay. */
enum nr_result nr_republish_check(struct nr_ctx *ctx, int64_t id, int64_t at, struct buf *why);

/* Adds or updates a source (publishers and admins). */
enum nr_result nr_source_save(struct nr_ctx *ctx, const struct source *s, int64_t *id,
			      struct buf *why);
enum nr_result nr_source_delete(struct nr_ctx *ctx, int64_t id, struct buf *why);

/* Sets where article id comes from (whoever may edit it); original_url http(s) or "". */
enum nr_result nr_origin_set(struct nr_ctx *ctx, int64_t id, const struct article_origin *o,
			     struct buf *why);

/* Records that the original of article id was removed at removed_at (editors and above); the
 * takedown is due TAKEDOWN_SECONDS later. */
enum nr_result nr_takedown_add(struct nr_ctx *ctx, int64_t id, int64_t removed_at, const char *note,
			       int64_t *takedown_id, struct buf *why);

/* What the alert pass needs: the store, mail and who to tell. */
struct alert_config {
	struct store *st;
	struct mail_config mail;
	const char *to; /* comma-separated addresses; "" : alerts in the newsroom only */
};

/* One pass over the open takedowns at `now`: for each with an hour or fifteen minutes left (and
 * not yet told, on any node) mails the alert, and marks each overdue one once; every step
 * audited. Returns the number of mails sent. */
int nr_takedown_alerts(const struct alert_config *cfg, int64_t now);

/* A thread that runs nr_takedown_alerts every interval_ms, and the retention purges of the
 * archive and the audit log every few hours, until alerts_stop. */
struct alerts;
struct alerts *alerts_start(const struct alert_config *cfg, unsigned interval_ms);
void alerts_stop(struct alerts *al);

#endif
