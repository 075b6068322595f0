/* Private to src/store/: the table of operations each backend provides. */
#ifndef GZ_STORE_STORE_INT_H
#define GZ_STORE_STORE_INT_H

#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(struct store *st);
	int (*schema_version)(struct store *st);
	enum store_rc (*begin)(struct store *st);
	enum store_rc (*commit)(struct store *st);
	enum store_rc (*rollback)(struct store *st);
	enum store_rc (*setting_get)(struct store *st, struct arena *a, const char *key,
				     const char **val);
	enum store_rc (*setting_set)(struct store *st, const char *key, const char *val);
	enum store_rc (*categories)(struct store *st, struct arena *a, struct category **out,
				    size_t *n);
	enum store_rc (*category_ensure)(struct store *st, int64_t parent_id, const char *name,
					 const char *slug, int64_t *id);
	enum store_rc (*article_get)(struct store *st, struct arena *a, int64_t id,
				     struct article *out);
	enum store_rc (*article_put)(struct store *st, const struct article_put *p,
				     int64_t *id_out);
	enum store_rc (*articles_list)(struct store *st, struct arena *a,
				       const struct article_query *q, struct article_summary **out,
				       size_t *n, int64_t *total);
	enum store_rc (*articles_each)(struct store *st, int (*fn)(const struct article *, void *),
				       void *ctx);
	enum store_rc (*article_max_id)(struct store *st, int64_t *out);
	enum store_rc (*views_add)(struct store *st, const struct view_delta *d, size_t n);
	enum store_rc (*user_get)(struct store *st, struct arena *a, const char *name,
				  struct user *out);
	enum store_rc (*user_add)(struct store *st, const char *name, const char *display_name,
				  const char *role, const char *password_hash, int64_t *id);
	enum store_rc (*content_version)(struct store *st, int64_t *out);
	/* the newsroom */
	enum store_rc (*article_set_status)(struct store *st, int64_t id,
					    enum article_status status, int64_t published_at,
					    const char *note);
	enum store_rc (*article_set_featured)(struct store *st, int64_t id, bool featured);
	enum store_rc (*articles_admin)(struct store *st, struct arena *a,
					const struct article_admin_query *q,
					struct article_row **out, size_t *n, int64_t *total);
	enum store_rc (*revisions)(struct store *st, struct arena *a, int64_t article_id,
				   struct revision **out, size_t *n);
	enum store_rc (*revision_get)(struct store *st, struct arena *a, int64_t article_id,
				      int64_t revision, struct revision *out);
	enum store_rc (*next_change)(struct store *st, int64_t now, int64_t *out);
	enum store_rc (*category_update)(struct store *st, int64_t id, int64_t parent_id,
					 const char *name, const char *slug, int position);
	enum store_rc (*category_delete)(struct store *st, int64_t id);
	enum store_rc (*tags)(struct store *st, struct arena *a, struct tag **out, size_t *n);
	enum store_rc (*tag_by_slug)(struct store *st, struct arena *a, const char *slug,
				     struct tag *out);
	enum store_rc (*tag_rename)(struct store *st, int64_t id, const char *name,
				    const char *slug);
	enum store_rc (*tag_delete)(struct store *st, int64_t id);
	enum store_rc (*user_by_id)(struct store *st, struct arena *a, int64_t id,
				    struct user *out);
	enum store_rc (*users)(struct store *st, struct arena *a, struct user **out, size_t *n);
	enum store_rc (*user_update)(struct store *st, int64_t id, const char *display_name,
				     const char *role, bool disabled);
	enum store_rc (*user_password)(struct store *st, int64_t id, const char *password_hash);
	enum store_rc (*user_categories)(struct store *st, int64_t id, const int64_t *ids,
					 size_t n);
	enum store_rc (*session_add)(struct store *st, const char *token_hash, int64_t user_id,
				     const char *csrf, int64_t expires_at, const char *address);
	enum store_rc (*session_get)(struct store *st, struct arena *a, const char *token_hash,
				     int64_t now, struct session *out);
	enum store_rc (*session_delete)(struct store *st, const char *token_hash);
	enum store_rc (*sessions_delete_user)(struct store *st, int64_t user_id);
	enum store_rc (*token_add)(struct store *st, const char *token_hash, int64_t user_id);
	enum store_rc (*token_user)(struct store *st, struct arena *a, const char *token_hash,
				    struct user *out);
	enum store_rc (*throttle_hit)(struct store *st, const char *key, int64_t at);
	enum store_rc (*throttle_count)(struct store *st, const char *key, int64_t since,
					int64_t *n);
	enum store_rc (*throttle_clear)(struct store *st, const char *key);
	enum store_rc (*audit_add)(struct store *st, const struct audit_entry *e);
	enum store_rc (*audit_list)(struct store *st, struct arena *a, int64_t offset,
				    int64_t limit, struct audit_entry **out, size_t *n,
				    int64_t *total);
	/* search */
	enum store_rc (*search)(struct store *st, struct arena *a, const struct search_request *r,
				struct search_hit **out, size_t *n, int64_t *total, bool *more);
	enum store_rc (*search_reindex)(struct store *st, void (*progress)(int64_t done, void *ctx),
					void *ctx, int64_t *count);
	/* change notifications (store_wait_change) */
	enum store_rc (*wait_change)(struct store *st, int timeout_ms);
	/* the media library */
	enum store_rc (*media_add)(struct store *st, const struct media *m, int64_t *id);
	enum store_rc (*media_list)(struct store *st, struct arena *a, int64_t offset,
				    int64_t limit, struct media **out, size_t *n, int64_t *total);
	enum store_rc (*media_get)(struct store *st, struct arena *a, const char *file,
				   struct media *out);
};

/* Every backend's store begins with this. */
struct store {
	const struct store_ops *ops;
};

enum store_rc store_sqlite_backup(struct store *st, const char *dest, struct buf *err);
enum store_rc store_sqlite_open(const char *path, bool create, struct store **out, struct buf *err);
enum store_rc store_pg_open(const char *url, bool create, struct store **out, struct buf *err);

#endif
