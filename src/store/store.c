/* The storage interface: picks a backend from the URL and forwards each call to it. */
#include "store/store-int.h"

#include <string.h>

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
	if (st)
		st->ops->close(st);
}

const char *store_backend(const struct store *st)
{
	return st->ops->name;
}

int store_schema_version(struct store *st)
{
	return st->ops->schema_version(st);
}

enum store_rc store_begin(struct store *st)
{
	return st->ops->begin(st);
}

enum store_rc store_commit(struct store *st)
{
	return st->ops->commit(st);
}

enum store_rc store_rollback(struct store *st)
{
	return st->ops->rollback(st);
}

enum store_rc store_setting_get(struct store *st, struct arena *a, const char *key,
				const char **val)
{
	return st->ops->setting_get(st, a, key, val);
}

enum store_rc store_setting_set(struct store *st, const char *key, const char *val)
{
	return st->ops->setting_set(st, key, val);
}

enum store_rc store_categories(struct store *st, struct arena *a, struct category **out, size_t *n)
{
	return st->ops->categories(st, a, out, n);
}

enum store_rc store_category_ensure(struct store *st, int64_t parent_id, const char *name,
				    const char *slug, int64_t *id)
{
	return st->ops->category_ensure(st, parent_id, name, slug, id);
}

enum store_rc store_article_get(struct store *st, struct arena *a, int64_t id, struct article *out)
{
	return st->ops->article_get(st, a, id, out);
}

enum store_rc store_article_put(struct store *st, const struct article_put *p, int64_t *id_out)
{
	return st->ops->article_put(st, p, id_out);
}

enum store_rc store_articles_list(struct store *st, struct arena *a, const struct article_query *q,
				  struct article_summary **out, size_t *n, int64_t *total)
{
	return st->ops->articles_list(st, a, q, out, n, total);
}

enum store_rc store_articles_each(struct store *st, int (*fn)(const struct article *, void *),
				  void *ctx)
{
	return st->ops->articles_each(st, fn, ctx);
}

enum store_rc store_article_max_id(struct store *st, int64_t *out)
{
	return st->ops->article_max_id(st, out);
}

enum store_rc store_views_add(struct store *st, const struct view_delta *d, size_t n)
{
	return st->ops->views_add(st, d, n);
}

enum store_rc store_user_get(struct store *st, struct arena *a, const char *name, struct user *out)
{
	return st->ops->user_get(st, a, name, out);
}

enum store_rc store_user_add(struct store *st, const char *name, const char *display_name,
			     const char *role, const char *password_hash, int64_t *id)
{
	return st->ops->user_add(st, name, display_name, role, password_hash, id);
}

enum store_rc store_content_version(struct store *st, int64_t *out)
{
	return st->ops->content_version(st, out);
}

enum store_rc store_wait_change(struct store *st, int timeout_ms)
{
	return st->ops->wait_change(st, timeout_ms);
}

enum store_rc store_article_set_status(struct store *st, int64_t id, enum article_status status,
				       int64_t published_at, const char *note)
{
	return st->ops->article_set_status(st, id, status, published_at, note);
}

enum store_rc store_article_set_featured(struct store *st, int64_t id, bool featured)
{
	return st->ops->article_set_featured(st, id, featured);
}

enum store_rc store_articles_admin(struct store *st, struct arena *a,
				   const struct article_admin_query *q, struct article_row **out,
				   size_t *n, int64_t *total)
{
	return st->ops->articles_admin(st, a, q, out, n, total);
}

enum store_rc store_revisions(struct store *st, struct arena *a, int64_t article_id,
			      struct revision **out, size_t *n)
{
	return st->ops->revisions(st, a, article_id, out, n);
}

enum store_rc store_revision_get(struct store *st, struct arena *a, int64_t article_id,
				 int64_t revision, struct revision *out)
{
	return st->ops->revision_get(st, a, article_id, revision, out);
}

enum store_rc store_next_change(struct store *st, int64_t now, int64_t *out)
{
	return st->ops->next_change(st, now, out);
}

enum store_rc store_category_update(struct store *st, int64_t id, int64_t parent_id,
				    const char *name, const char *slug, int position)
{
	return st->ops->category_update(st, id, parent_id, name, slug, position);
}

enum store_rc store_category_delete(struct store *st, int64_t id)
{
	return st->ops->category_delete(st, id);
}

enum store_rc store_tags(struct store *st, struct arena *a, struct tag **out, size_t *n)
{
	return st->ops->tags(st, a, out, n);
}

enum store_rc store_tag_by_slug(struct store *st, struct arena *a, const char *slug,
				struct tag *out)
{
	return st->ops->tag_by_slug(st, a, slug, out);
}

enum store_rc store_tag_rename(struct store *st, int64_t id, const char *name, const char *slug)
{
	return st->ops->tag_rename(st, id, name, slug);
}

enum store_rc store_tag_delete(struct store *st, int64_t id)
{
	return st->ops->tag_delete(st, id);
}

enum store_rc store_user_by_id(struct store *st, struct arena *a, int64_t id, struct user *out)
{
	return st->ops->user_by_id(st, a, id, out);
}

enum store_rc store_users(struct store *st, struct arena *a, struct user **out, size_t *n)
{
	return st->ops->users(st, a, out, n);
}

enum store_rc store_user_update(struct store *st, int64_t id, const char *display_name,
				const char *role, bool disabled)
{
	return st->ops->user_update(st, id, display_name, role, disabled);
}

enum store_rc store_user_password(struct store *st, int64_t id, const char *password_hash)
{
	return st->ops->user_password(st, id, password_hash);
}

enum store_rc store_user_categories(struct store *st, int64_t id, const int64_t *ids, size_t n)
{
	return st->ops->user_categories(st, id, ids, n);
}

enum store_rc store_session_add(struct store *st, const char *token_hash, int64_t user_id,
				const char *csrf, int64_t expires_at, const char *address)
{
	return st->ops->session_add(st, token_hash, user_id, csrf, expires_at, address);
}

enum store_rc store_session_get(struct store *st, struct arena *a, const char *token_hash,
				int64_t now, struct session *out)
{
	return st->ops->session_get(st, a, token_hash, now, out);
}

enum store_rc store_session_delete(struct store *st, const char *token_hash)
{
	return st->ops->session_delete(st, token_hash);
}

enum store_rc store_sessions_delete_user(struct store *st, int64_t user_id)
{
	return st->ops->sessions_delete_user(st, user_id);
}

enum store_rc store_token_add(struct store *st, const char *token_hash, int64_t user_id)
{
	return st->ops->token_add(st, token_hash, user_id);
}

enum store_rc store_token_user(struct store *st, struct arena *a, const char *token_hash,
			       struct user *out)
{
	return st->ops->token_user(st, a, token_hash, out);
}

enum store_rc store_throttle_hit(struct store *st, const char *key, int64_t at)
{
	return st->ops->throttle_hit(st, key, at);
}

enum store_rc store_throttle_count(struct store *st, const char *key, int64_t since, int64_t *n)
{
	return st->ops->throttle_count(st, key, since, n);
}

enum store_rc store_throttle_clear(struct store *st, const char *key)
{
	return st->ops->throttle_clear(st, key);
}

enum store_rc store_audit_add(struct store *st, const struct audit_entry *e)
{
	return st->ops->audit_add(st, e);
}

enum store_rc store_audit_list(struct store *st, struct arena *a, int64_t offset, int64_t limit,
			       struct audit_entry **out, size_t *n, int64_t *total)
{
	return st->ops->audit_list(st, a, offset, limit, out, n, total);
}

/* --- the media library --- */

enum store_rc store_media_add(struct store *st, const struct media *m, int64_t *id)
{
	return st->ops->media_add(st, m, id);
}

enum store_rc store_media_list(struct store *st, struct arena *a, int64_t offset, int64_t limit,
			       struct media **out, size_t *n, int64_t *total)
{
	return st->ops->media_list(st, a, offset, limit, out, n, total);
}

enum store_rc store_media_get(struct store *st, struct arena *a, const char *file,
			      struct media *out)
{
	return st->ops->media_get(st, a, file, out);
}

/* --- search --- */

enum store_rc store_search(struct store *st, struct arena *a, const struct search_request *r,
			   struct search_hit **out, size_t *n, int64_t *total, bool *more)
{
	*n = 0;
	*total = 0;
	*more = false;
	if (!st->ops->search)
		return STORE_ERROR;
	return st->ops->search(st, a, r, out, n, total, more);
}

enum store_rc store_search_reindex(struct store *st, void (*progress)(int64_t done, void *ctx),
				   void *ctx, int64_t *count)
{
	*count = 0;
	if (!st->ops->search_reindex)
		return STORE_ERROR;
	return st->ops->search_reindex(st, progress, ctx, count);
}

enum store_rc store_backup(struct store *st, const char *dest, struct buf *err)
{
	if (strcmp(st->ops->name, "sqlite") != 0) {
		buf_printf(err, "backup of a %s database: use its own tools (pg_dump)",
			   st->ops->name);
		return STORE_INVALID;
	}
	return store_sqlite_backup(st, dest, err);
}
