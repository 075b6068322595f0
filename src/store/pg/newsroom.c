/* The PostgreSQL backend's newsroom: workflow, revisions, accounts, sessions, tokens, audit log.
 */
#include "store/pg/pg-int.h"

#include <string.h>

enum store_rc pg_article_set_status(struct store_conn *sc, int64_t id, enum article_status status,
				    int64_t published_at, const char *note)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_SET_STATUS, id, article_status_name(status),
				     published_at, pg_now(), note ? note : "");
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_article_set_featured(struct store_conn *sc, int64_t id, bool featured)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_SET_FEATURED, id, (int64_t)featured);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_articles_admin(struct store_conn *sc, struct arena *a,
				const struct article_admin_query *q, struct article_row **out,
				size_t *n, int64_t *total)
{
	const char *status =
	    q->status >= 0 ? article_status_name((enum article_status)q->status) : "";
	int64_t note, after;
	if (store_admin_state_count(q, &status, &note, &after)) {
		*n = 0;
		*out = NULL;
		return total
			   ? pg_one_int(sc,
					after < 0 ? PG_ADMIN_STATE_COUNT : PG_ADMIN_SCHEDULED_COUNT,
					total, status, q->owner_id, note, after)
			   : STORE_OK;
	}
	const char *state = q->by_state ? article_state_name((enum article_state)q->state) : "";
	const char *cats = q->category_ids ? q->category_ids : "";
	const char *like = store_admin_pattern(a, q->text);
	const char *scope = store_id_list(a, q->categories, q->ncategories);
	enum store_rc rc = pg_read_rows(sc, a, PG_ADMIN_ALL, sizeof(**out), store_row_admin,
					(void **)out, n, status, q->owner_id, q->limit, q->offset,
					state, q->now, cats, like, q->from, q->to, scope);
	if (rc == STORE_OK && total && q->offset == 0 && q->limit > 0 && (int64_t)*n < q->limit)
		*total = (int64_t)*n; /* the first page holds them all: no second scan */
	else if (rc == STORE_OK && total)
		rc = pg_one_int(sc, PG_ADMIN_COUNT, total, status, q->owner_id, state, q->now, cats,
				like, q->from, q->to, scope);
	return rc;
}

enum store_rc pg_revisions(struct store_conn *sc, struct arena *a, int64_t article_id,
			   struct revision **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_REVISIONS, sizeof(**out), store_row_revision, (void **)out, n,
			    article_id);
}

enum store_rc pg_revision_get(struct store_conn *sc, struct arena *a, int64_t article_id,
			      int64_t revision, struct revision *out)
{
	return pg_read_one(sc, a, PG_REVISION_GET, sizeof(*out), store_row_revision, out,
			   article_id, revision);
}

enum store_rc pg_next_change(struct store_conn *sc, int64_t now, int64_t *out)
{
	return pg_one_int(sc, PG_NEXT_CHANGE, out, now);
}

enum store_rc pg_category_update(struct store_conn *sc, int64_t id, int64_t parent_id,
				 const char *name, const char *slug, int position)
{
	int64_t cycle = 0;
	enum store_rc rc = STORE_OK;
	if (parent_id)
		rc = pg_one_int(sc, PG_CATEGORY_CYCLE, &cycle, id, parent_id);
	if (rc != STORE_OK)
		return rc;
	if (cycle)
		return STORE_INVALID; /* a category cannot move below itself */
	int64_t changes = 0;
	rc = pg_write1(sc, &changes, PG_CATEGORY_UPDATE, id, parent_id, name, slug,
		       (int64_t)position);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_category_delete(struct store_conn *sc, int64_t id)
{
	int64_t used = 0, changes = 0;
	enum store_rc rc = pg_one_int(sc, PG_CATEGORY_USED, &used, id);
	if (rc == STORE_OK && used)
		return STORE_CONFLICT;
	if (rc == STORE_OK)
		rc = pg_write1(sc, &changes, PG_CATEGORY_DELETE, id);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_tags(struct store_conn *sc, struct arena *a, struct tag **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_TAGS, sizeof(**out), store_row_tag, (void **)out, n);
}

enum store_rc pg_tag_by_slug(struct store_conn *sc, struct arena *a, const char *slug,
			     struct tag *out)
{
	return pg_read_one(sc, a, PG_TAG_BY_SLUG, sizeof(*out), store_row_tag, out, slug);
}

enum store_rc pg_tag_rename(struct store_conn *sc, int64_t id, const char *name, const char *slug)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_TAG_RENAME, id, name, slug);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

static enum store_rc tag_delete(struct pg_conn *c, int64_t id)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, id);
	enum store_rc rc = pg_run_done(c, PG_TAG_DELETE_LINKS, &p);
	if (rc != STORE_OK)
		return rc;
	PGresult *r = pg_run(c, PG_TAG_DELETE, &p, &rc);
	if (r && strcmp(PQcmdTuples(r), "0") == 0)
		rc = STORE_NOTFOUND;
	PQclear(r);
	return rc;
}

enum store_rc pg_tag_delete(struct store_conn *sc, int64_t id)
{
	return tag_delete(pg_c(sc), id);
}

enum store_rc pg_user_category_ids(struct store_conn *sc, struct arena *a, int64_t user_id,
				   int64_t **ids, size_t *n)
{
	return pg_read_rows(sc, a, PG_USER_CATS, sizeof(int64_t), store_row_int, (void **)ids, n,
			    user_id);
}

enum store_rc pg_user_by_id(struct store_conn *sc, struct arena *a, int64_t id, struct user *out)
{
	enum store_rc rc = pg_read_one(sc, a, PG_USER_BY_ID, sizeof(*out), store_row_user, out, id);
	return rc;
}

enum store_rc pg_users(struct store_conn *sc, struct arena *a, struct user **out, size_t *n)
{
	enum store_rc rc =
	    pg_read_rows(sc, a, PG_USERS, sizeof(**out), store_row_user, (void **)out, n);
	return rc;
}

enum store_rc pg_user_update(struct store_conn *sc, int64_t id, const char *display_name,
			     const char *role, bool disabled)
{
	int64_t changes = 0;
	enum store_rc rc =
	    pg_write1(sc, &changes, PG_USER_UPDATE, id, display_name, role, (int64_t)disabled);
	if (rc == STORE_CONFLICT)
		rc = STORE_INVALID; /* the role CHECK */
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_user_password(struct store_conn *sc, int64_t id, const char *password_hash)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_USER_PASSWORD, id, password_hash);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

static enum store_rc user_categories_set(struct pg_conn *c, int64_t id, const int64_t *ids,
					 size_t n)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, id);
	enum store_rc rc = pg_run_done(c, PG_USER_CATS_CLEAR, &p);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct pg_params q = {.n = 0};
		pg_p_i64(&q, id);
		pg_p_i64(&q, ids[i]);
		rc = pg_run_done(c, PG_USER_CATS_ADD, &q);
	}
	return rc == STORE_CONFLICT ? STORE_NOTFOUND : rc; /* an unknown user or category */
}

enum store_rc pg_user_categories(struct store_conn *sc, int64_t id, const int64_t *ids, size_t n)
{
	return user_categories_set(pg_c(sc), id, ids, n);
}

enum store_rc pg_user_right(struct store_conn *sc, int64_t id, const char *right, bool *has)
{
	struct arena *a = arena_new();
	int64_t *rows = NULL;
	size_t n = 0;
	enum store_rc rc = pg_read_rows(sc, a, PG_USER_RIGHT_GET, sizeof(int64_t), store_row_int,
					(void **)&rows, &n, id, right);
	*has = rc == STORE_OK && n > 0;
	arena_free(a);
	return rc;
}

enum store_rc pg_user_right_set(struct store_conn *sc, int64_t id, const char *right, bool on)
{
	enum store_rc rc =
	    pg_write1(sc, NULL, on ? PG_USER_RIGHT_ADD : PG_USER_RIGHT_DEL, id, right);
	return rc == STORE_CONFLICT ? STORE_NOTFOUND : rc; /* an unknown user */
}

enum store_rc pg_session_add(struct store_conn *sc, const char *token_hash, int64_t user_id,
			     const char *csrf, int64_t expires_at, const char *address)
{
	int64_t now = pg_now();
	enum store_rc rc = pg_write1(sc, NULL, PG_SESSION_PURGE, now);
	if (rc == STORE_OK)
		rc = pg_write1(sc, NULL, PG_SESSION_ADD, token_hash, user_id, csrf, now, expires_at,
			       address);
	return rc;
}

enum store_rc pg_session_get(struct store_conn *sc, struct arena *a, const char *token_hash,
			     int64_t now, struct session *out)
{
	return pg_read_one(sc, a, PG_SESSION_GET, sizeof(*out), store_row_session, out, token_hash,
			   now);
}

enum store_rc pg_session_delete(struct store_conn *sc, const char *token_hash)
{
	return pg_write1(sc, NULL, PG_SESSION_DELETE, token_hash);
}

enum store_rc pg_sessions_delete_user(struct store_conn *sc, int64_t user_id)
{
	return pg_write1(sc, NULL, PG_SESSIONS_DELETE_USER, user_id);
}

enum store_rc pg_token_add(struct store_conn *sc, const struct api_token *t)
{
	return pg_write1(sc, NULL, PG_TOKEN_ADD, t->hash, t->user_id, pg_now(), t->name,
			 t->expires_at);
}

enum store_rc pg_tokens(struct store_conn *sc, struct arena *a, int64_t user_id,
			struct api_token **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_TOKENS, sizeof(**out), store_row_token, (void **)out, n,
			    user_id);
}

enum store_rc pg_token_revoke(struct store_conn *sc, int64_t user_id, const char *name)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_TOKEN_REVOKE, user_id, name);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_tokens_delete_user(struct store_conn *sc, int64_t user_id)
{
	return pg_write1(sc, NULL, PG_TOKENS_DELETE_USER, user_id);
}

enum store_rc pg_token_user(struct store_conn *sc, struct arena *a, const char *token_hash,
			    struct user *out)
{
	enum store_rc rc =
	    pg_read_one(sc, a, PG_TOKEN_USER, sizeof(*out), store_row_user, out, token_hash);
	return rc;
}

/* Failed logins older than this are forgotten. */
#define THROTTLE_KEEP (24 * 3600)

enum store_rc pg_throttle_hit(struct store_conn *sc, const char *key, int64_t at)
{
	enum store_rc rc = pg_write1(sc, NULL, PG_THROTTLE_PURGE, (int64_t)(at - THROTTLE_KEEP));
	return rc == STORE_OK ? pg_write1(sc, NULL, PG_THROTTLE_HIT, key, at) : rc;
}

enum store_rc pg_throttle_count(struct store_conn *sc, const char *key, int64_t since, int64_t *n)
{
	return pg_one_int(sc, PG_THROTTLE_COUNT, n, key, since);
}

enum store_rc pg_throttle_clear(struct store_conn *sc, const char *key)
{
	return pg_write1(sc, NULL, PG_THROTTLE_CLEAR, key);
}

enum store_rc pg_audit_list(struct store_conn *sc, struct arena *a, int64_t offset, int64_t limit,
			    struct audit_entry **out, size_t *n, int64_t *total)
{
	enum store_rc rc = pg_read_rows(sc, a, PG_AUDIT_LIST, sizeof(**out), store_row_audit,
					(void **)out, n, limit, offset);
	if (rc == STORE_OK && total)
		rc = pg_one_int(sc, PG_AUDIT_COUNT, total);
	return rc;
}

/* --- autosaves -------------------------------------------------------------------------------- */

enum store_rc pg_autosave_put(struct store_conn *sc, int64_t user_id, int64_t article_id,
			      int64_t saved_at, const char *data)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, user_id);
	pg_p_i64(&p, article_id);
	pg_p_i64(&p, saved_at);
	pg_p_text(&p, data);
	return pg_run_done(pg_c(sc), PG_AUTOSAVE_PUT, &p);
}

enum store_rc pg_autosave_get(struct store_conn *sc, struct arena *a, int64_t user_id,
			      int64_t article_id, struct autosave *out)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, user_id);
	pg_p_i64(&p, article_id);
	enum store_rc rc;
	PGresult *r = pg_run(pg_c(sc), PG_AUTOSAVE_GET, &p, &rc);
	if (r && PQntuples(r) == 0)
		rc = STORE_NOTFOUND;
	else if (r)
		*out = (struct autosave){.user_id = user_id,
					 .article_id = article_id,
					 .saved_at = pg_get_i64(r, 0, 0),
					 .data = pg_get_text(a, r, 0, 1)};
	PQclear(r);
	return rc;
}

enum store_rc pg_autosave_delete(struct store_conn *sc, int64_t user_id, int64_t article_id)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, user_id);
	pg_p_i64(&p, article_id);
	return pg_run_done(pg_c(sc), PG_AUTOSAVE_DELETE, &p);
}

enum store_rc pg_category_counts(struct store_conn *sc, struct arena *a, int64_t **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_CATEGORY_COUNTS, 2 * sizeof(int64_t), store_row_pair,
			    (void **)out, n);
}
