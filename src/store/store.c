/* The storage interface: picks a backend from the URL, gives each call a connection (a transaction
 * handle's own, or one from the pool) and forwards it to the backend or to the shared logic. */
#include "store/store-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const state_names[ARTICLE_STATE_MAX] = {
    "draft", "submitted", "returned", "scheduled", "published", "unpublished", "expired"};

const char *article_state_name(enum article_state s)
{
	return (unsigned)s < ARTICLE_STATE_MAX ? state_names[s] : "";
}

int article_state_parse(const char *s)
{
	for (int i = 0; s && i < ARTICLE_STATE_MAX; i++)
		if (strcmp(s, state_names[i]) == 0)
			return i;
	return -1;
}

enum article_state article_state_of(enum article_status status, bool returned, int64_t published_at,
				    int64_t expires_at, int64_t now)
{
	switch (status) {
	case ARTICLE_DRAFT:
		return returned ? STATE_RETURNED : STATE_DRAFT;
	case ARTICLE_SUBMITTED:
		return STATE_SUBMITTED;
	case ARTICLE_PUBLISHED:
		if (published_at > now)
			return STATE_SCHEDULED;
		return expires_at && expires_at <= now ? STATE_EXPIRED : STATE_PUBLISHED;
	default:
		return STATE_UNPUBLISHED;
	}
}

static const char *const status_names[ARTICLE_STATUS_MAX] = {"draft", "submitted", "published",
							     "unpublished"};

const char *article_status_name(enum article_status s)
{
	return (unsigned)s < ARTICLE_STATUS_MAX ? status_names[s] : "draft";
}

int article_status_parse(const char *s)
{
	for (int i = 0; i < ARTICLE_STATUS_MAX; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

const char *store_rc_str(enum store_rc rc)
{
	static const char *const names[STORE_RC_MAX] = {
	    "ok", "not found", "conflict", "invalid", "database unavailable", "database error"};
	return (unsigned)rc < STORE_RC_MAX ? names[rc] : "unknown error";
}

bool store_start_offline;

enum store_rc store_open(const char *url, bool create, struct store **out, struct buf *err)
{
	if (!url || !*url) {
		buf_puts(err, "no database given: use --db sqlite:PATH or --db postgresql://...");
		return STORE_INVALID;
	}
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
		return store_pg_open(url, create, out, err);
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	if (strstr(url, "://")) {
		buf_printf(
		    err, "unsupported database URL '%s': use sqlite:PATH or postgresql://...", url);
		return STORE_INVALID;
	}
	if (!*url) {
		buf_puts(err, "empty SQLite path in --db");
		return STORE_INVALID;
	}
	return store_sqlite_open(url, create, out, err);
}

void store_close(struct store *st)
{
	if (st && !st->tx) /* a transaction handle is ended by commit or rollback, never closed */
		st->ops->close(st->root);
}

const char *store_backend(const struct store *st)
{
	return st->ops->name;
}

int store_schema_version(struct store *st)
{
	return st->ops->schema_version(st->root);
}

void store_pool_stats(struct store *st, struct store_pool_stats *out)
{
	*out = (struct store_pool_stats){0};
	st->ops->pool_stats(st->root, out);
}

enum store_rc store_replicas_add(struct store *st, const char *urls, unsigned max_lag_ms,
				 struct buf *err)
{
	if (!st->ops->replicas_add) {
		buf_printf(err, "read replicas need PostgreSQL (the database is %s)",
			   st->ops->name);
		return STORE_INVALID;
	}
	return st->ops->replicas_add(st->root, urls, max_lag_ms, err);
}

struct store *store_reader(struct store *st, struct arena *a)
{
	if (st->tx || st->read || !st->ops->has_replicas || !st->ops->has_replicas(st->root))
		return st;
	struct store *h = arena_alloc(a, sizeof *h);
	*h = (struct store){.ops = st->ops, .root = st->root, .read = true};
	return h;
}

struct store *store_primary(struct store *st)
{
	return st->read ? st->root : st;
}

void store_note_write(struct store *st)
{
	if (st->ops->note_write)
		st->ops->note_write(st->root);
}

void store_replica_stats(struct store *st, struct store_replica_stats *out)
{
	*out = (struct store_replica_stats){0};
	if (st->ops->replica_stats)
		st->ops->replica_stats(st->root, out);
}

enum store_rc store_tx_enter(const struct store *st, struct store_conn *c)
{
	if (c->depth++ > 0)
		return STORE_OK;
	c->failed = false;
	enum store_rc rc = st->ops->tx_open(c);
	if (rc != STORE_OK)
		c->depth = 0;
	return rc;
}

enum store_rc store_tx_leave(const struct store *st, struct store_conn *c, enum store_rc rc)
{
	if (rc != STORE_OK)
		c->failed = true;
	if (--c->depth > 0)
		return rc;
	if (c->failed) {
		enum store_rc arc = st->ops->tx_abort(c);
		return rc != STORE_OK ? rc : arc;
	}
	return st->ops->tx_commit(c);
}

enum store_rc store_begin(struct store *st, struct store **tx)
{
	*tx = NULL;
	if (st->tx)
		return STORE_CONFLICT; /* a transaction handle does not begin another */
	struct store_conn *c = st->ops->conn_get(st->root);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc != STORE_OK) {
		st->ops->conn_put(st->root, c);
		return rc;
	}
	c->pinned = true;
	struct store *t = xcalloc(1, sizeof(*t));
	t->ops = st->ops;
	t->root = st->root;
	t->tx = c;
	*tx = t;
	return STORE_OK;
}

/* Ends the transaction of handle tx (committing or rolling back) and frees tx. */
static enum store_rc tx_end(struct store *tx, bool commit)
{
	if (!tx || !tx->tx)
		return STORE_INVALID;
	struct store_conn *c = tx->tx;
	if (!commit)
		c->failed = true;
	enum store_rc rc = store_tx_leave(tx, c, STORE_OK);
	c->pinned = false;
	tx->ops->conn_put(tx->root, c);
	free(tx);
	return commit ? rc : STORE_OK;
}

enum store_rc store_commit(struct store *tx)
{
	return tx_end(tx, true);
}

enum store_rc store_rollback(struct store *tx)
{
	return tx_end(tx, false);
}

enum store_rc store_setting_get(struct store *st, struct arena *a, const char *key,
				const char **val)
{
	ON_READ(st, st->ops->setting_get(c, a, key, val));
}

enum store_rc store_setting_set(struct store *st, const char *key, const char *val)
{
	if (store_setting_floor(key) < 0)
		ON_CONN(st, st->ops->setting_set(c, key, val));
	IN_TX(st, store_setting_set_on(st, c, key, val));
}

enum store_rc store_setting_num(struct store *st, const char *key, int64_t *out)
{
	ON_CONN(st, store_setting_num_on(st, c, key, out));
}

enum store_rc store_categories(struct store *st, struct arena *a, struct category **out, size_t *n)
{
	ON_READ(st, st->ops->categories(c, a, out, n));
}

enum store_rc store_category_ensure(struct store *st, int64_t parent_id, const char *name,
				    const char *slug, int64_t *id)
{
	IN_TX(st, store_category_ensure_on(st, c, parent_id, name, slug, id));
}

enum store_rc store_article_get(struct store *st, struct arena *a, int64_t id, struct article *out)
{
	ON_READ(st, st->ops->article_get(c, a, id, out));
}

enum store_rc store_article_put(struct store *st, const struct article_put *p, int64_t *id_out)
{
	IN_TX(st, store_article_put_on(st, c, p, id_out));
}

enum store_rc store_articles_list(struct store *st, struct arena *a, const struct article_query *q,
				  struct article_summary **out, size_t *n, int64_t *total)
{
	ON_READ(st, store_articles_list_on(st, c, a, q, out, n, total));
}

enum store_rc store_articles_each(struct store *st, int (*fn)(const struct article *, void *),
				  void *ctx)
{
	ON_CONN(st, store_articles_each_on(st, c, fn, ctx));
}

enum store_rc store_article_max_id(struct store *st, int64_t *out)
{
	ON_CONN(st, st->ops->article_max_id(c, out));
}

enum store_rc store_views_add(struct store *st, const struct view_delta *d, size_t n)
{
	if (n == 0)
		return STORE_OK;
	IN_TX(st, store_views_add_on(st, c, d, n, 0));
}

enum store_rc store_views_add_day(struct store *st, const struct view_delta *d, size_t n,
				  int32_t day)
{
	if (n == 0)
		return STORE_OK;
	IN_TX(st, store_views_add_on(st, c, d, n, day));
}

enum store_rc store_user_get(struct store *st, struct arena *a, const char *name, struct user *out)
{
	ON_CONN(st, st->ops->user_get(c, a, name, out));
}

enum store_rc store_user_add(struct store *st, const char *name, const char *display_name,
			     const char *role, const char *password_hash, int64_t *id)
{
	ON_CONN(st, st->ops->user_add(c, name, display_name, role, password_hash, id));
}

enum store_rc store_content_version(struct store *st, int64_t *out)
{
	ON_CONN(st, st->ops->content_version(c, out));
}

enum store_rc store_wait_change(struct store *st, int timeout_ms)
{
	return st->ops->wait_change(st->root, timeout_ms);
}

/* A status change, then the archive brought up to date in the same transaction. */
static enum store_rc set_status_on(const struct store *st, struct store_conn *c, int64_t id,
				   enum article_status status, int64_t published_at,
				   const char *note)
{
	enum store_rc rc = st->ops->article_set_status(c, id, status, published_at, note);
	if (rc == STORE_OK)
		rc = store_archive_sync_on(st, c, id, false);
	/* Off the site: whatever takedown waited on it is done. */
	if (rc == STORE_OK && status != ARTICLE_PUBLISHED)
		rc = st->ops->takedown_done(c, id, store_now());
	return rc;
}

enum store_rc store_article_set_status(struct store *st, int64_t id, enum article_status status,
				       int64_t published_at, const char *note)
{
	IN_TX(st, set_status_on(st, c, id, status, published_at, note));
}

enum store_rc store_article_set_featured(struct store *st, int64_t id, bool featured)
{
	ON_CONN(st, st->ops->article_set_featured(c, id, featured));
}

enum store_rc store_articles_admin(struct store *st, struct arena *a,
				   const struct article_admin_query *q, struct article_row **out,
				   size_t *n, int64_t *total)
{
	ON_CONN(st, st->ops->articles_admin(c, a, q, out, n, total));
}

enum store_rc store_revisions(struct store *st, struct arena *a, int64_t article_id,
			      struct revision **out, size_t *n)
{
	ON_CONN(st, st->ops->revisions(c, a, article_id, out, n));
}

enum store_rc store_revision_get(struct store *st, struct arena *a, int64_t article_id,
				 int64_t revision, struct revision *out)
{
	ON_CONN(st, st->ops->revision_get(c, a, article_id, revision, out));
}

enum store_rc store_next_change(struct store *st, int64_t now, int64_t *out)
{
	ON_CONN(st, st->ops->next_change(c, now, out));
}

enum store_rc store_category_update(struct store *st, int64_t id, int64_t parent_id,
				    const char *name, const char *slug, int position)
{
	ON_CONN(st, st->ops->category_update(c, id, parent_id, name, slug, position));
}

enum store_rc store_category_delete(struct store *st, int64_t id)
{
	ON_CONN(st, st->ops->category_delete(c, id));
}

enum store_rc store_tags(struct store *st, struct arena *a, struct tag **out, size_t *n)
{
	ON_READ(st, st->ops->tags(c, a, out, n));
}

enum store_rc store_tag_by_slug(struct store *st, struct arena *a, const char *slug,
				struct tag *out)
{
	ON_READ(st, st->ops->tag_by_slug(c, a, slug, out));
}

enum store_rc store_tag_rename(struct store *st, int64_t id, const char *name, const char *slug)
{
	ON_CONN(st, st->ops->tag_rename(c, id, name, slug));
}

enum store_rc store_tag_delete(struct store *st, int64_t id)
{
	IN_TX(st, st->ops->tag_delete(c, id));
}

enum store_rc store_category_counts(struct store *st, struct arena *a, int64_t **out, size_t *n)
{
	ON_READ(st, st->ops->category_counts(c, a, out, n));
}

enum store_rc store_autosave_put(struct store *st, int64_t user_id, int64_t article_id,
				 int64_t saved_at, const char *data)
{
	ON_CONN(st, st->ops->autosave_put(c, user_id, article_id, saved_at, data));
}

enum store_rc store_autosave_get(struct store *st, struct arena *a, int64_t user_id,
				 int64_t article_id, struct autosave *out)
{
	ON_CONN(st, st->ops->autosave_get(c, a, user_id, article_id, out));
}

enum store_rc store_autosave_delete(struct store *st, int64_t user_id, int64_t article_id)
{
	ON_CONN(st, st->ops->autosave_delete(c, user_id, article_id));
}

enum store_rc store_pages(struct store *st, struct arena *a, struct static_page **out, size_t *n)
{
	ON_READ(st, st->ops->pages(c, a, out, n));
}

enum store_rc store_page_by_slug(struct store *st, struct arena *a, const char *slug,
				 struct static_page *out)
{
	ON_READ(st, st->ops->page_by_slug(c, a, slug, out));
}

/* A page's parent must exist and must not be the page or below it. With how, the states before
 * and after are kept as revisions and a stale save is refused. */
static enum store_rc page_put_on(const struct store *st, struct store_conn *c,
				 const struct static_page *p, const struct page_save *how,
				 int64_t *id_out)
{
	if (p->parent_id < 0 || (p->id && p->parent_id == p->id) || p->id < 0 ||
	    (unsigned)p->status >= ARTICLE_STATUS_MAX)
		return STORE_INVALID;
	enum store_rc rc = STORE_OK;
	if (p->parent_id && p->id) {
		bool below = false;
		rc = st->ops->page_below(c, p->id, p->parent_id, &below);
		if (rc != STORE_OK)
			return rc;
		if (below)
			return STORE_INVALID;
	}
	int64_t now = (int64_t)time(NULL), expect = how ? how->expect_revision : 0;
	bool keep = how && !how->no_revision;
	if (p->id) {
		struct arena *a = arena_new();
		struct static_page old;
		rc = st->ops->page_by_id(c, a, p->id, &old);
		if (rc == STORE_OK && expect > 0 && old.revision != expect)
			rc = STORE_CONFLICT;
		arena_free(a);
		if (rc == STORE_OK && keep)
			rc = st->ops->page_snapshot(c, p->id, 0, 0);
	}
	if (rc == STORE_OK)
		rc = st->ops->page_write(c, p, now, expect, id_out);
	if (rc == STORE_OK && keep)
		rc = st->ops->page_snapshot(c, *id_out, how->editor_id, now);
	return rc;
}

enum store_rc store_page_put(struct store *st, const struct static_page *p, int64_t *id_out)
{
	int64_t id = p->id;
	if (!id_out)
		id_out = &id;
	IN_TX(st, page_put_on(st, c, p, NULL, id_out));
}

enum store_rc store_page_save(struct store *st, const struct static_page *p,
			      const struct page_save *how, int64_t *id_out)
{
	int64_t id = p->id;
	if (!id_out)
		id_out = &id;
	IN_TX(st, page_put_on(st, c, p, how, id_out));
}

enum store_rc store_page_by_id(struct store *st, struct arena *a, int64_t id,
			       struct static_page *out)
{
	ON_CONN(st, st->ops->page_by_id(c, a, id, out));
}

enum store_rc store_page_set_status(struct store *st, int64_t id, enum article_status status)
{
	if ((unsigned)status >= ARTICLE_STATUS_MAX)
		return STORE_INVALID;
	IN_TX(st,
	      st->ops->page_set_status(c, id, article_status_name(status), (int64_t)time(NULL)));
}

enum store_rc store_page_revisions(struct store *st, struct arena *a, int64_t id,
				   struct page_revision **out, size_t *n)
{
	ON_CONN(st, st->ops->page_revisions(c, a, id, out, n));
}

enum store_rc store_page_revision_get(struct store *st, struct arena *a, int64_t id, int64_t rev,
				      struct page_revision *out)
{
	ON_CONN(st, st->ops->page_revision_get(c, a, id, rev, out));
}

static enum store_rc page_delete_on(const struct store *st, struct store_conn *c, int64_t id)
{
	int64_t n = 0;
	enum store_rc rc = st->ops->page_children(c, id, &n);
	if (rc == STORE_OK && n > 0)
		return STORE_CONFLICT;
	return rc == STORE_OK ? st->ops->page_delete(c, id) : rc;
}

enum store_rc store_page_delete(struct store *st, int64_t id)
{
	IN_TX(st, page_delete_on(st, c, id));
}

enum store_rc store_units(struct store *st, struct arena *a, struct org_unit **out, size_t *n)
{
	ON_READ(st, st->ops->units(c, a, out, n));
}

enum store_rc store_people(struct store *st, struct arena *a, struct org_person **out, size_t *n)
{
	ON_READ(st, st->ops->people(c, a, out, n));
}

static enum store_rc unit_put_on(const struct store *st, struct store_conn *c,
				 const struct org_unit *u, int64_t *id_out)
{
	if (u->parent_id < 0 || (u->id && u->parent_id == u->id))
		return STORE_INVALID;
	if (u->parent_id && u->id) {
		bool below = false;
		enum store_rc rc = st->ops->unit_below(c, u->id, u->parent_id, &below);
		if (rc != STORE_OK)
			return rc;
		if (below)
			return STORE_INVALID;
	}
	return st->ops->unit_write(c, u, (int64_t)time(NULL), id_out);
}

enum store_rc store_unit_put(struct store *st, const struct org_unit *u, int64_t *id_out)
{
	int64_t id = u->id;
	if (!id_out)
		id_out = &id;
	IN_TX(st, unit_put_on(st, c, u, id_out));
}

static enum store_rc unit_delete_on(const struct store *st, struct store_conn *c, int64_t id)
{
	int64_t n = 0;
	enum store_rc rc = st->ops->unit_used(c, id, &n);
	if (rc == STORE_OK && n > 0)
		return STORE_CONFLICT;
	return rc == STORE_OK ? st->ops->unit_delete(c, id) : rc;
}

enum store_rc store_unit_delete(struct store *st, int64_t id)
{
	IN_TX(st, unit_delete_on(st, c, id));
}

enum store_rc store_person_put(struct store *st, const struct org_person *p, int64_t *id_out)
{
	int64_t id = p->id;
	if (!id_out)
		id_out = &id;
	if (p->unit_id <= 0)
		return STORE_INVALID;
	IN_TX(st, st->ops->person_write(c, p, (int64_t)time(NULL), id_out));
}

enum store_rc store_person_delete(struct store *st, int64_t id)
{
	IN_TX(st, st->ops->person_delete(c, id));
}

enum store_rc store_user_by_id(struct store *st, struct arena *a, int64_t id, struct user *out)
{
	ON_CONN(st, store_user_by_id_on(st, c, a, id, out));
}

enum store_rc store_users(struct store *st, struct arena *a, struct user **out, size_t *n)
{
	ON_CONN(st, store_users_on(st, c, a, out, n));
}

static enum store_rc user_update_on(const struct store *st, struct store_conn *c, int64_t id,
				    const char *display_name, const char *role, bool disabled)
{
	enum store_rc rc = st->ops->user_update(c, id, display_name, role, disabled);
	return rc == STORE_OK && disabled ? st->ops->tokens_delete_user(c, id) : rc;
}

enum store_rc store_user_update(struct store *st, int64_t id, const char *display_name,
				const char *role, bool disabled)
{
	IN_TX(st, user_update_on(st, c, id, display_name, role, disabled));
}

static enum store_rc user_password_on(const struct store *st, struct store_conn *c, int64_t id,
				      const char *password_hash)
{
	enum store_rc rc = st->ops->user_password(c, id, password_hash);
	return rc == STORE_OK ? st->ops->tokens_delete_user(c, id) : rc;
}

enum store_rc store_user_password(struct store *st, int64_t id, const char *password_hash)
{
	IN_TX(st, user_password_on(st, c, id, password_hash));
}

enum store_rc store_user_categories(struct store *st, int64_t id, const int64_t *ids, size_t n)
{
	IN_TX(st, st->ops->user_categories(c, id, ids, n));
}

enum store_rc store_user_right(struct store *st, int64_t id, const char *right, bool *has)
{
	*has = false;
	ON_CONN(st, st->ops->user_right(c, id, right, has));
}

enum store_rc store_user_right_set(struct store *st, int64_t id, const char *right, bool on)
{
	IN_TX(st, st->ops->user_right_set(c, id, right, on));
}

enum store_rc store_session_add(struct store *st, const char *token_hash, int64_t user_id,
				const char *csrf, int64_t expires_at, const char *address)
{
	ON_CONN(st, st->ops->session_add(c, token_hash, user_id, csrf, expires_at, address));
}

enum store_rc store_session_get(struct store *st, struct arena *a, const char *token_hash,
				int64_t now, struct session *out)
{
	ON_CONN(st, st->ops->session_get(c, a, token_hash, now, out));
}

enum store_rc store_session_delete(struct store *st, const char *token_hash)
{
	ON_CONN(st, st->ops->session_delete(c, token_hash));
}

enum store_rc store_sessions_delete_user(struct store *st, int64_t user_id)
{
	ON_CONN(st, st->ops->sessions_delete_user(c, user_id));
}

enum store_rc store_token_add(struct store *st, const struct api_token *t)
{
	ON_CONN(st, st->ops->token_add(c, t));
}

enum store_rc store_tokens(struct store *st, struct arena *a, int64_t user_id,
			   struct api_token **out, size_t *n)
{
	ON_CONN(st, st->ops->tokens(c, a, user_id, out, n));
}

enum store_rc store_token_revoke(struct store *st, int64_t user_id, const char *name)
{
	ON_CONN(st, st->ops->token_revoke(c, user_id, name));
}

enum store_rc store_token_user(struct store *st, struct arena *a, const char *token_hash,
			       struct user *out)
{
	ON_CONN(st, store_token_user_on(st, c, a, token_hash, out));
}

enum store_rc store_throttle_hit(struct store *st, const char *key, int64_t at)
{
	ON_CONN(st, st->ops->throttle_hit(c, key, at));
}

enum store_rc store_throttle_count(struct store *st, const char *key, int64_t since, int64_t *n)
{
	ON_CONN(st, st->ops->throttle_count(c, key, since, n));
}

enum store_rc store_throttle_clear(struct store *st, const char *key)
{
	ON_CONN(st, st->ops->throttle_clear(c, key));
}

enum store_rc store_audit_add(struct store *st, const struct audit_entry *e)
{
	IN_TX(st, store_audit_add_on(st, c, e));
}

enum store_rc store_audit_verify(struct store *st, struct audit_verdict *out)
{
	IN_TX(st, store_audit_verify_on(st, c, out));
}

enum store_rc store_audit_purge(struct store *st, int64_t now, int64_t *purged)
{
	*purged = 0;
	IN_TX(st, store_audit_purge_on(st, c, now, purged));
}

enum store_rc store_audit_list(struct store *st, struct arena *a, int64_t offset, int64_t limit,
			       struct audit_entry **out, size_t *n, int64_t *total)
{
	ON_CONN(st, st->ops->audit_list(c, a, offset, limit, out, n, total));
}

/* --- the archive --- */

static enum store_rc article_delete_on(const struct store *st, struct store_conn *c, int64_t id)
{
	enum store_rc rc = store_archive_sync_on(st, c, id, true);
	if (rc == STORE_OK)
		rc = st->ops->takedown_done(c, id, store_now());
	return rc == STORE_OK ? st->ops->article_delete(c, id) : rc;
}

enum store_rc store_article_delete(struct store *st, int64_t id)
{
	IN_TX(st, article_delete_on(st, c, id));
}

enum store_rc store_archive_at(struct store *st, struct arena *a, int64_t article_id, int64_t t,
			       struct archived *out)
{
	ON_READ(st, st->ops->archive_at(c, a, article_id, t, out));
}

enum store_rc store_archive_category_at(struct store *st, struct arena *a, int64_t category_id,
					int64_t t, int64_t offset, int64_t limit,
					struct archived **out, size_t *n, int64_t *total)
{
	ON_READ(st,
		st->ops->archive_category_at(c, a, category_id, t, offset, limit, out, n, total));
}

enum store_rc store_archive_versions(struct store *st, struct arena *a, int64_t article_id,
				     struct archived **out, size_t *n)
{
	ON_READ(st, st->ops->archive_versions(c, a, article_id, out, n));
}

static enum store_rc archive_purge_on(const struct store *st, struct store_conn *c, int64_t now,
				      int64_t *purged)
{
	int64_t days = 0;
	enum store_rc rc = store_setting_num_on(st, c, SETTING_ARCHIVE_DAYS, &days);
	return rc == STORE_OK ? st->ops->archive_purge(c, now - days * 86400, purged) : rc;
}

enum store_rc store_archive_purge(struct store *st, int64_t now, int64_t *purged)
{
	*purged = 0;
	IN_TX(st, archive_purge_on(st, c, now, purged));
}

/* --- sources and takedowns --- */

enum store_rc store_sources(struct store *st, struct arena *a, struct source **out, size_t *n)
{
	ON_CONN(st, st->ops->sources(c, a, out, n));
}

enum store_rc store_source_get(struct store *st, struct arena *a, int64_t id, struct source *out)
{
	ON_CONN(st, st->ops->source_get(c, a, id, out));
}

enum store_rc store_source_put(struct store *st, const struct source *s, int64_t *id_out)
{
	ON_CONN(st, st->ops->source_put(c, s, id_out));
}

enum store_rc store_source_delete(struct store *st, int64_t id)
{
	ON_CONN(st, st->ops->source_delete(c, id));
}

enum store_rc store_origin_get(struct store *st, struct arena *a, int64_t article_id,
			       struct article_origin *out)
{
	ON_READ(st, st->ops->origin_get(c, a, article_id, out));
}

enum store_rc store_origin_set(struct store *st, const struct article_origin *o)
{
	ON_CONN(st, st->ops->origin_set(c, o));
}

static enum store_rc earliest_on(const struct store *st, struct store_conn *c, int64_t id,
				 int64_t *earliest)
{
	struct arena *a = arena_new();
	struct article_origin o;
	int64_t minutes = 0;
	*earliest = 0;
	enum store_rc rc = st->ops->origin_get(c, a, id, &o);
	if (rc == STORE_OK && o.original_at > 0) {
		rc = store_setting_num_on(st, c, SETTING_REPUBLISH_MIN, &minutes);
		*earliest = o.original_at + minutes * 60;
	}
	arena_free(a);
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

enum store_rc store_republish_earliest(struct store *st, int64_t article_id, int64_t *earliest)
{
	ON_CONN(st, earliest_on(st, c, article_id, earliest));
}

enum store_rc store_takedown_add(struct store *st, int64_t article_id, int64_t removed_at,
				 const char *note, int64_t *id)
{
	ON_CONN(st, st->ops->takedown_add(c, article_id, removed_at, removed_at + TAKEDOWN_SECONDS,
					  store_now(), note ? note : "", id));
}

enum store_rc store_takedowns(struct store *st, struct arena *a, bool open_only,
			      struct takedown **out, size_t *n)
{
	ON_CONN(st, st->ops->takedowns(c, a, open_only, out, n));
}

enum store_rc store_takedown_done(struct store *st, int64_t article_id, int64_t at)
{
	ON_CONN(st, st->ops->takedown_done(c, article_id, at));
}

enum store_rc store_takedown_claim_alert(struct store *st, int64_t id, int64_t bit, bool *claimed)
{
	ON_CONN(st, st->ops->takedown_claim(c, id, bit, claimed));
}

/* --- statistics --- */

enum store_rc store_stats_views(struct store *st, struct arena *a, const struct stats_query *q,
				struct stats_row **out, size_t *n, int64_t *total)
{
	ON_CONN(st, store_stats_views_on(st, c, a, q, out, n, total));
}

enum store_rc store_stats_output(struct store *st, struct arena *a, int64_t from, int64_t to,
				 int64_t tz_offset, struct stats_output **out, size_t *n)
{
	ON_CONN(st, st->ops->stats_output(c, a, from, to, tz_offset, out, n));
}

/* --- the media library --- */

enum store_rc store_media_add(struct store *st, const struct media *m, int64_t *id)
{
	ON_CONN(st, st->ops->media_add(c, m, id));
}

enum store_rc store_media_list(struct store *st, struct arena *a, int64_t offset, int64_t limit,
			       struct media **out, size_t *n, int64_t *total)
{
	ON_CONN(st, st->ops->media_list(c, a, "", offset, limit, out, n, total));
}

enum store_rc store_media_search(struct store *st, struct arena *a, const char *folded,
				 int64_t offset, int64_t limit, struct media **out, size_t *n,
				 int64_t *total)
{
	const char *like = store_admin_pattern(a, folded);
	ON_CONN(st, st->ops->media_list(c, a, like, offset, limit, out, n, total));
}

enum store_rc store_media_by_id(struct store *st, struct arena *a, int64_t id, struct media *out)
{
	ON_READ(st, st->ops->media_by_id(c, a, id, out));
}

enum store_rc store_media_describe(struct store *st, int64_t id, const char *name, const char *alt,
				   const char *caption)
{
	ON_CONN(st, st->ops->media_describe(c, id, name, alt, caption));
}

enum store_rc store_media_delete(struct store *st, int64_t id)
{
	ON_CONN(st, st->ops->media_delete(c, id));
}

enum store_rc store_media_uses(struct store *st, struct arena *a, const char *file,
			       struct media_use **out, size_t *n)
{
	/* "2026/11/<hex>.jpg" -> "2026/11/<hex>": also finds "<hex>-t.jpg" and
	 * "t/c480/.../<hex>..." */
	const char *dot = strrchr(file, '.'), *slash = strrchr(file, '/');
	size_t len = dot && (!slash || dot > slash) ? (size_t)(dot - file) : strlen(file);
	if (len < 8) {
		*out = NULL;
		*n = 0;
		return STORE_INVALID; /* too short to name one file */
	}
	const char *stem = arena_strndup(a, file, len);
	ON_CONN(st, st->ops->media_uses(c, a, stem, out, n));
}

enum store_rc store_media_get(struct store *st, struct arena *a, const char *file,
			      struct media *out)
{
	ON_READ(st, st->ops->media_get(c, a, file, out));
}

enum store_rc store_media_set_size(struct store *st, int64_t id, int64_t width, int64_t height,
				   int64_t bytes)
{
	ON_CONN(st, st->ops->media_set_size(c, id, width, height, bytes));
}

enum store_rc store_bodies_refresh(struct store *st, int64_t limit, int64_t *done)
{
	*done = 0;
	if (!st->ops->bodies_stale)
		return STORE_ERROR;
	IN_TX(st, store_bodies_refresh_on(st, c, limit, done));
}

enum store_rc store_backup(struct store *st, const char *dest, struct buf *err)
{
	if (strcmp(st->ops->name, "sqlite") != 0) {
		buf_printf(err, "backup of a %s database: use its own tools (pg_dump)",
			   st->ops->name);
		return STORE_INVALID;
	}
	return store_sqlite_backup(st->root, dest, err);
}

enum store_rc store_import_key_get(struct store *st, struct arena *a, const char *key, int64_t *id,
				   const char **value)
{
	ON_CONN(st, st->ops->import_key_get(c, a, key, id, value));
}

enum store_rc store_import_key_set(struct store *st, const char *key, int64_t id, const char *value)
{
	ON_CONN(st, st->ops->import_key_set(c, key, id, value));
}

enum store_rc store_redirect_get(struct store *st, struct arena *a, const char *old,
				 const char **target)
{
	ON_READ(st, st->ops->redirect_get(c, a, old, target));
}

enum store_rc store_redirect_set(struct store *st, const char *old, const char *target)
{
	ON_CONN(st, st->ops->redirect_set(c, old, target));
}
