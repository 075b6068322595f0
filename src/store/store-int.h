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
};

/* Every backend's store begins with this. */
struct store {
	const struct store_ops *ops;
};

enum store_rc store_sqlite_open(const char *path, bool create, struct store **out, struct buf *err);
enum store_rc store_pg_open(const char *url, bool create, struct store **out, struct buf *err);

#endif
