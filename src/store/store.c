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
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
		/* The PostgreSQL backend is issue #3; until it lands the URL is refused plainly. */
		(void)out;
		(void)create;
		buf_puts(err,
			 "PostgreSQL is not supported by this build yet: use --db sqlite:PATH");
		return STORE_INVALID;
	}
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
