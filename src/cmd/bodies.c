/* Re-making stored bodies an older sanitiser made (store_bodies_refresh): all at once for `gazette
 * reindex`, in the background for `gazette serve`, batch by batch so that readers and writers wait
 * at most one batch for the database. */
#include "cmd/cmd.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "core/log.h"

/* Bodies per transaction. */
#define BATCH 200

enum store_rc bodies_refresh_all(struct store *st, const atomic_bool *stop, int64_t *total)
{
	*total = 0;
	int64_t done = BATCH;
	enum store_rc rc = STORE_OK;
	while (rc == STORE_OK && done == BATCH && !(stop && atomic_load(stop))) {
		rc = store_bodies_refresh(st, BATCH, &done);
		if (rc == STORE_OK)
			*total += done;
	}
	return rc;
}

struct bodies_job {
	struct store *st;
	pthread_t thread;
	atomic_bool stop;
};

static void *job_run(void *p)
{
	struct bodies_job *j = p;
	int64_t n = 0;
	double t0 = cmd_now_seconds();
	enum store_rc rc = bodies_refresh_all(j->st, &j->stop, &n);
	if (rc != STORE_OK)
		log_warn("re-making stored bodies stopped (%s) after %lld; pages sanitise the rest "
			 "until the next start or `gazette reindex`",
			 store_rc_str(rc), (long long)n);
	else if (n > 0)
		log_info("re-made %lld stored bodies with the current sanitiser in %.1f s",
			 (long long)n, cmd_now_seconds() - t0);
	return NULL;
}

struct bodies_job *bodies_refresh_start(struct store *st)
{
	struct bodies_job *j = calloc(1, sizeof(*j));
	if (!j)
		return NULL;
	j->st = st;
	atomic_init(&j->stop, false);
	if (pthread_create(&j->thread, NULL, job_run, j) != 0) {
		log_warn("cannot start re-making stored bodies: pages sanitise older ones");
		free(j);
		return NULL;
	}
	return j;
}

void bodies_refresh_stop(struct bodies_job *j)
{
	if (!j)
		return;
	atomic_store(&j->stop, true);
	pthread_join(j->thread, NULL);
	free(j);
}
