/* The backend-neutral storage interface: everything above it knows no SQL and no backend. */
#ifndef GZ_STORE_STORE_H
#define GZ_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"

/* Result of every store call. */
enum store_rc {
	STORE_OK = 0,
	STORE_NOTFOUND,    /* no such row */
	STORE_CONFLICT,    /* unique key taken, stale revision, or a row still referenced */
	STORE_INVALID,     /* the caller's values break a rule of the schema */
	STORE_UNAVAILABLE, /* the database cannot be reached now (PostgreSQL down); retry later */
	STORE_ERROR,       /* anything else; the message is logged */
	STORE_RC_MAX
};

enum article_status {
	ARTICLE_DRAFT = 0,
	ARTICLE_SUBMITTED,
	ARTICLE_PUBLISHED,
	ARTICLE_UNPUBLISHED,
	ARTICLE_STATUS_MAX
};

const char *article_status_name(enum article_status s);
/* Returns the status named s, or -1. */
int article_status_parse(const char *s);

struct category {
	int64_t id;
	int64_t parent_id; /* 0 for a top-level category */
	int position;      /* order among siblings */
	const char *name;
	const char *slug; /* unique among siblings */
};

/* A row of a list of articles: what home, category and related lists need. */
struct article_summary {
	int64_t id;
	int64_t category_id;
	int64_t published_at; /* UTC seconds; 0 when never published */
	int64_t views;
	const char *title;
	const char *slug;
	const char *lead;
	const char *author;
};

/* A whole article. Strings are never NULL ("" when absent). */
struct article {
	int64_t id;
	int64_t category_id;
	enum article_status status;
	int64_t published_at;
	int64_t created_at;
	int64_t updated_at;
	int64_t views;
	int64_t revision; /* bumped by every save */
	bool featured;
	const char *title;
	const char *slug;
	const char *lead;
	const char *body_html; /* sanitiser output */
	const char *author;
	const char *signature;
	const char *source;
	const char **tags;
	size_t ntags;
};

/* What a writer gives to store_article_put. id 0 means "new, assign one". */
struct article_put {
	int64_t id;
	int64_t category_id;
	enum article_status status;
	int64_t published_at;
	int64_t views;
	bool set_views; /* false: keep the stored count (new articles start at 0) */
	const char *title;
	const char *slug;
	const char *lead;
	const char *body_html;
	const char *author;
	const char *signature;
	const char *source;
	const char *const *tags;
	size_t ntags;
};

/* Filter for listing published articles. */
struct article_query {
	int64_t category_id;   /* 0: all */
	bool with_descendants; /* include sub-categories of category_id */
	int64_t exclude_id;    /* 0: none */
	int64_t now;           /* only articles published at or before now */
	enum { ORDER_NEWEST = 0, ORDER_MOST_VIEWED, ORDER_MAX } order;
	bool featured_only;
	int64_t offset, limit;
};

struct user {
	int64_t id;
	const char *name;
	const char *display_name;
	const char *role;
	const char *password_hash;
	bool disabled;
};

struct view_delta {
	int64_t article_id;
	int64_t n;
};

struct store;

/*
 * Opens the database named by url ("sqlite:PATH", a bare path, or "postgresql://...") and applies
 * pending migrations, each in its own transaction. With create false a missing SQLite file is an
 * error; with create true it is made (with its folder). Returns STORE_OK and *out, or another code
 * with a one-line message a person can act on in err. Thread-safe once open: each call takes a
 * connection from a pool.
 */
enum store_rc store_open(const char *url, bool create, struct store **out, struct buf *err);
void store_close(struct store *st);
/* "sqlite" or "postgresql". */
const char *store_backend(const struct store *st);
/* Schema version after migrations. */
int store_schema_version(struct store *st);

/* Transactions: writes between begin and commit are all or nothing. One per thread at a time. */
enum store_rc store_begin(struct store *st);
enum store_rc store_commit(struct store *st);
enum store_rc store_rollback(struct store *st);

/* Settings: a small key/value table. get returns STORE_NOTFOUND for a missing key. */
enum store_rc store_setting_get(struct store *st, struct arena *a, const char *key,
				const char **val);
enum store_rc store_setting_set(struct store *st, const char *key, const char *val);

/* Every category, ordered by parent then position then name. */
enum store_rc store_categories(struct store *st, struct arena *a, struct category **out, size_t *n);
/* Finds the child of parent_id named name, or creates it at the end (slug made unique among
 * siblings by the caller-provided slug plus "-2", "-3"...). */
enum store_rc store_category_ensure(struct store *st, int64_t parent_id, const char *name,
				    const char *slug, int64_t *id);

enum store_rc store_article_get(struct store *st, struct arena *a, int64_t id, struct article *out);
/* Inserts or updates; on insert with id 0 sets *id_out. Replaces the tag set. */
enum store_rc store_article_put(struct store *st, const struct article_put *p, int64_t *id_out);
enum store_rc store_articles_list(struct store *st, struct arena *a, const struct article_query *q,
				  struct article_summary **out, size_t *n, int64_t *total);
/* Calls fn for every article in id order (for export); stops early when fn returns non-zero. */
enum store_rc store_articles_each(struct store *st, int (*fn)(const struct article *, void *),
				  void *ctx);
/* Largest article id, or 0. */
enum store_rc store_article_max_id(struct store *st, int64_t *out);

/* Adds the deltas to the stored view counts in one transaction (commutative: views = views + n). */
enum store_rc store_views_add(struct store *st, const struct view_delta *d, size_t n);

enum store_rc store_user_get(struct store *st, struct arena *a, const char *name, struct user *out);
enum store_rc store_user_add(struct store *st, const char *name, const char *display_name,
			     const char *role, const char *password_hash, int64_t *id);

/*
 * A number that grows whenever content readers can see changes (articles, categories, tags,
 * settings; not view counts), whichever process or node wrote it. Page caches poll it.
 */
enum store_rc store_content_version(struct store *st, int64_t *out);

/* Human-readable name of a code. */
const char *store_rc_str(enum store_rc rc);

#endif
