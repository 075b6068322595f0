/* Takedown alerts: a pass over the open takedowns that mails the one-hour and fifteen-minute
 * warnings and marks overdue ones, each once across nodes, and the thread that runs it, which
 * also runs the retention purges and the search index's upkeep. */
#include "admin/compliance.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "admin/tickets.h"
#include "core/log.h"

/* The system's own audit entry (no user). */
static void audit(struct store *st, const char *action, int64_t article_id, const char *detail)
{
	char obj[40];
	snprintf(obj, sizeof obj, "article:%lld", (long long)article_id);
	struct audit_entry e = {.user_name = "gazette",
				.address = "",
				.action = action,
				.object = obj,
				.detail = detail};
	store_audit_add(st, &e);
}

/* Mails one alert; returns 1 when sent. */
static int send_alert(const struct alert_config *cfg, struct arena *a, const struct takedown *t,
		      int minutes)
{
	if (!cfg->to || !*cfg->to)
		return 0;
	const char *subject = arena_printf(a, "[Gazette] Còn %d phút để gỡ bài #%lld", minutes,
					   (long long)t->article_id);
	const char *body = arena_printf(
	    a,
	    "Bài gốc của bài #%lld \"%s\" đã bị gỡ. Theo quy định, bài đăng lại phải được gỡ "
	    "trong vòng 3 giờ.\nCòn khoảng %d phút.\nGhi chú: %s\n",
	    (long long)t->article_id, t->title, minutes, t->note);
	struct buf err = BUF_INIT;
	int ok = mail_send(&cfg->mail, cfg->to, subject, body, &err) == 0;
	if (!ok)
		log_warn("takedown alert: %s", buf_cstr(&err));
	buf_free(&err);
	return ok;
}

/* Claims alert `bit` of t; when this pass won it, sends and audits. */
static int alert_once(const struct alert_config *cfg, struct arena *a, const struct takedown *t,
		      int64_t bit, int minutes)
{
	bool claimed = false;
	if (store_takedown_claim_alert(cfg->st, t->id, bit, &claimed) != STORE_OK || !claimed)
		return 0;
	int sent = send_alert(cfg, a, t, minutes);
	audit(cfg->st, "takedown.alert", t->article_id,
	      arena_printf(a, "còn %d phút; thư %s", minutes, sent ? "đã gửi" : "không gửi được"));
	return sent;
}

int nr_takedown_alerts(const struct alert_config *cfg, int64_t now)
{
	struct arena *a = arena_new();
	struct takedown *t;
	size_t n = 0;
	int sent = 0;
	if (store_takedowns(cfg->st, a, true, &t, &n) != STORE_OK)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t left = t[i].deadline - now;
		if (left <= 3600 && left > 900 && !(t[i].alerts & TAKEDOWN_ALERT_1H))
			sent +=
			    alert_once(cfg, a, &t[i], TAKEDOWN_ALERT_1H, (int)((left + 59) / 60));
		if (left <= 900 && left > 0 && !(t[i].alerts & TAKEDOWN_ALERT_15M))
			sent +=
			    alert_once(cfg, a, &t[i], TAKEDOWN_ALERT_15M, (int)((left + 59) / 60));
		bool claimed = false;
		if (left <= 0 && !(t[i].alerts & TAKEDOWN_OVERDUE) &&
		    store_takedown_claim_alert(cfg->st, t[i].id, TAKEDOWN_OVERDUE, &claimed) ==
			STORE_OK &&
		    claimed)
			audit(cfg->st, "takedown.overdue", t[i].article_id, "quá hạn 3 giờ");
	}
	arena_free(a);
	return sent;
}

/* Retention purges run at most this often (the archive's and the audit log's). */
#define PURGE_EVERY (6 * 3600)

/* Purges what is past its retention: archived versions, and audit entries behind a signed
 * checkpoint (refused, and logged, when the log does not verify). */
static void purge(struct store *st, int64_t now)
{
	int64_t n = 0;
	enum store_rc rc = store_archive_purge(st, now, &n);
	if (rc != STORE_OK)
		log_warn("archive purge: %s", store_rc_str(rc));
	else if (n)
		log_info("archive purge: %lld versions past their retention", (long long)n);
	rc = store_audit_purge(st, now, &n);
	if (rc == STORE_CONFLICT)
		log_error(
		    "audit purge refused: the audit log does not verify (gazette audit verify)");
	else if (rc != STORE_OK)
		log_warn("audit purge: %s", store_rc_str(rc));
	else if (n)
		log_info("audit purge: %lld entries past their retention", (long long)n);
	if (nr_tickets_purge(st, now, &n) != NR_OK)
		log_warn("tickets purge: the database did not answer");
	else if (n)
		log_info("tickets purge: %lld tickets' personal data past its retention",
			 (long long)n);
}

/* The search index's upkeep (store_search_merge): whether a merge pays is checked this often; a
 * merge runs MERGE_STEPS steps at each pass of the loop (a few seconds of every interval at most:
 * a full merge of 100,000 articles' index takes about 350 steps), so the alerts keep their time. */
#define MERGE_CHECK_EVERY 600
#define MERGE_STEPS 16

struct alerts {
	struct alert_config cfg;
	unsigned interval_ms;
	int64_t purged_at;
	int64_t merge_checked;
	bool merging;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stopping;
	pthread_t thread;
};

static void search_upkeep(struct alerts *al, int64_t now)
{
	if (!al->merging && now - al->merge_checked < MERGE_CHECK_EVERY)
		return;
	al->merge_checked = now;
	bool done = true;
	enum store_rc rc = store_search_merge(al->cfg.st, al->merging, MERGE_STEPS, &done);
	if (rc != STORE_OK) {
		log_warn("search index upkeep: %s (tried again later)", store_rc_str(rc));
		return;
	}
	if (!al->merging && !done)
		log_info("search index upkeep: merging the index's segments into one");
	else if (al->merging && done)
		log_info("search index upkeep: merged");
	al->merging = !done;
}

static void *loop(void *arg)
{
	struct alerts *al = arg;
	pthread_mutex_lock(&al->mu);
	while (!al->stopping) {
		pthread_mutex_unlock(&al->mu);
		int64_t now = store_now();
		nr_takedown_alerts(&al->cfg, now);
		nr_outbox_pass(al->cfg.st, &al->cfg.mail, now);
		if (now - al->purged_at >= PURGE_EVERY) {
			purge(al->cfg.st, now);
			al->purged_at = now;
		}
		search_upkeep(al, now);
		pthread_mutex_lock(&al->mu);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += al->interval_ms / 1000;
		ts.tv_nsec += (long)(al->interval_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (!al->stopping)
			pthread_cond_timedwait(&al->cv, &al->mu, &ts);
	}
	pthread_mutex_unlock(&al->mu);
	return NULL;
}

struct alerts *alerts_start(const struct alert_config *cfg, unsigned interval_ms)
{
	struct alerts *al = xcalloc(1, sizeof(*al));
	al->cfg = *cfg;
	al->interval_ms = interval_ms ? interval_ms : 30000;
	pthread_mutex_init(&al->mu, NULL);
	pthread_cond_init(&al->cv, NULL);
	if (pthread_create(&al->thread, NULL, loop, al) != 0) {
		log_error("alerts: cannot start the takedown alert thread");
		free(al);
		return NULL;
	}
	return al;
}

void alerts_stop(struct alerts *al)
{
	if (!al)
		return;
	pthread_mutex_lock(&al->mu);
	al->stopping = true;
	pthread_cond_signal(&al->cv);
	pthread_mutex_unlock(&al->mu);
	pthread_join(al->thread, NULL);
	pthread_cond_destroy(&al->cv);
	pthread_mutex_destroy(&al->mu);
	free(al);
}
