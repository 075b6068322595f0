/* Private to src/store/sqlite/: what the SQLite backend's files share. */
#ifndef GZ_STORE_SQLITE_INT_H
#define GZ_STORE_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "store/store-int.h"

/* Statement slots per connection: each file numbers its statements from its own base. */
enum {
	SQ_BASE_CONTENT = 0,
	SQ_BASE_NEWSROOM = 64,
	SQ_BASE_SEARCH = 128,
	SQ_BASE_MEDIA = 192,
	SQ_SLOTS = 256
};

struct sq_conn {
	struct store_conn base; /* first: the transaction state store.c keeps */
	sqlite3 *db;
	sqlite3_stmt *stmts[SQ_SLOTS];
	struct sq_conn *next;
};

struct sq_store {
	struct store base;
	char *path;
	int version;
	pthread_mutex_t mu;
	struct sq_conn *idle;
};

struct sq_store *sq(struct store *st);
/* The SQLite connection an operation was given. */
static inline struct sq_conn *sq_c(struct store_conn *c)
{
	return (struct sq_conn *)c;
}
int64_t sq_now(void);
/* Maps an SQLite result code to a store code. */
enum store_rc sq_rc(int rc);
/* Runs SQL without results, logging failures; returns the SQLite code. */
int sq_exec(struct sq_conn *c, const char *sql);
struct sq_conn *sq_conn_open(const char *path, int flags, struct buf *err);
void sq_conn_close(struct sq_conn *c);
/* Takes a connection from the pool; NULL when none can be opened. */
struct sq_conn *sq_conn_get(struct sq_store *s);
void sq_conn_put(struct sq_store *s, struct sq_conn *c);
/* Returns statement slot `which` of c, reset and unbound, preparing sql on first use; NULL on
 * error. */
sqlite3_stmt *sq_stmt(struct sq_conn *c, int which, const char *sql);
/* Binding only parameters the statement has, so one layout serves several queries. */
void sq_bind_i64(sqlite3_stmt *s, int idx, int64_t v);
void sq_bind_text(sqlite3_stmt *s, int idx, const char *v);
/* Column text copied into the arena; "" for NULL. */
const char *sq_col_text(struct arena *a, sqlite3_stmt *s, int col);
/* Steps a statement that returns no rows, then resets it. */
enum store_rc sq_step_done(struct sq_conn *c, sqlite3_stmt *s);

/* Applies pending migrations on c (schema.c); a message a person can act on in err. */
enum store_rc sq_migrate(struct sq_store *st, struct sq_conn *c, struct buf *err);

/* Operations (conn.c). */
void sq_close(struct store *base);
int sq_schema_version(struct store *base);

/* Operations (content.c). */
enum store_rc sq_setting_get(struct store_conn *sc, struct arena *a, const char *key,
			     const char **val);
enum store_rc sq_setting_set(struct store_conn *sc, const char *key, const char *val);
enum store_rc sq_categories(struct store_conn *sc, struct arena *a, struct category **out,
			    size_t *n);
enum store_rc sq_slug_taken(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			    const char *slug, bool *taken);
enum store_rc sq_named_find(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			    const char *name, int64_t *id, bool *found);
enum store_rc sq_named_insert(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			      const char *name, const char *slug, int64_t *id, bool *inserted);
enum store_rc sq_article_exists(struct store_conn *sc, int64_t id, bool *exists);
enum store_rc sq_revision_snapshot(struct store_conn *sc, int64_t id, int64_t user_id, int64_t at);
enum store_rc sq_article_write(struct store_conn *sc, const struct article_put *a, bool exists,
			       int64_t now, int64_t *id);
enum store_rc sq_article_tags_clear(struct store_conn *sc, int64_t article_id);
enum store_rc sq_article_tag_add(struct store_conn *sc, int64_t article_id, int64_t tag_id,
				 int64_t position);
enum store_rc sq_list_rows(struct store_conn *sc, struct arena *a, const struct article_query *q,
			   enum list_kind kind, struct article_summary **out, size_t *n);
enum store_rc sq_list_count(struct store_conn *sc, const struct article_query *q,
			    enum list_kind kind, int64_t *total);
enum store_rc sq_each_page(struct store_conn *sc, struct arena *a, int64_t after, size_t limit,
			   struct article *rows, size_t *n);
enum store_rc sq_view_add(struct store_conn *sc, int64_t article_id, int64_t n);
enum store_rc sq_article_get(struct store_conn *sc, struct arena *a, int64_t id,
			     struct article *out);
enum store_rc sq_content_version(struct store_conn *sc, int64_t *out);
enum store_rc sq_article_max_id(struct store_conn *sc, int64_t *out);
enum store_rc sq_user_get(struct store_conn *sc, struct arena *a, const char *name,
			  struct user *out);
enum store_rc sq_user_add(struct store_conn *sc, const char *name, const char *display_name,
			  const char *role, const char *password_hash, int64_t *id);

/* Operations (newsroom.c). */
enum store_rc sq_article_set_status(struct store_conn *sc, int64_t id, enum article_status status,
				    int64_t published_at, const char *note);
enum store_rc sq_article_set_featured(struct store_conn *sc, int64_t id, bool featured);
enum store_rc sq_articles_admin(struct store_conn *sc, struct arena *a,
				const struct article_admin_query *q, struct article_row **out,
				size_t *n, int64_t *total);
enum store_rc sq_revisions(struct store_conn *sc, struct arena *a, int64_t article_id,
			   struct revision **out, size_t *n);
enum store_rc sq_revision_get(struct store_conn *sc, struct arena *a, int64_t article_id,
			      int64_t revision, struct revision *out);
enum store_rc sq_next_change(struct store_conn *sc, int64_t now, int64_t *out);
enum store_rc sq_category_update(struct store_conn *sc, int64_t id, int64_t parent_id,
				 const char *name, const char *slug, int position);
enum store_rc sq_category_delete(struct store_conn *sc, int64_t id);
enum store_rc sq_tags(struct store_conn *sc, struct arena *a, struct tag **out, size_t *n);
enum store_rc sq_tag_by_slug(struct store_conn *sc, struct arena *a, const char *slug,
			     struct tag *out);
enum store_rc sq_tag_rename(struct store_conn *sc, int64_t id, const char *name, const char *slug);
enum store_rc sq_tag_delete(struct store_conn *sc, int64_t id);
enum store_rc sq_user_by_id(struct store_conn *sc, struct arena *a, int64_t id, struct user *out);
enum store_rc sq_users(struct store_conn *sc, struct arena *a, struct user **out, size_t *n);
enum store_rc sq_user_update(struct store_conn *sc, int64_t id, const char *display_name,
			     const char *role, bool disabled);
enum store_rc sq_user_password(struct store_conn *sc, int64_t id, const char *password_hash);
enum store_rc sq_user_categories(struct store_conn *sc, int64_t id, const int64_t *ids, size_t n);
enum store_rc sq_session_add(struct store_conn *sc, const char *token_hash, int64_t user_id,
			     const char *csrf, int64_t expires_at, const char *address);
enum store_rc sq_session_get(struct store_conn *sc, struct arena *a, const char *token_hash,
			     int64_t now, struct session *out);
enum store_rc sq_session_delete(struct store_conn *sc, const char *token_hash);
enum store_rc sq_sessions_delete_user(struct store_conn *sc, int64_t user_id);
enum store_rc sq_token_add(struct store_conn *sc, const char *token_hash, int64_t user_id);
enum store_rc sq_token_user(struct store_conn *sc, struct arena *a, const char *token_hash,
			    struct user *out);
enum store_rc sq_throttle_hit(struct store_conn *sc, const char *key, int64_t at);
enum store_rc sq_throttle_count(struct store_conn *sc, const char *key, int64_t since, int64_t *n);
enum store_rc sq_throttle_clear(struct store_conn *sc, const char *key);
enum store_rc sq_audit_add(struct store_conn *sc, const struct audit_entry *e);
enum store_rc sq_audit_list(struct store_conn *sc, struct arena *a, int64_t offset, int64_t limit,
			    struct audit_entry **out, size_t *n, int64_t *total);

/* Operations (search.c). */
/* Registers gz_text(), the "gazette" FTS5 tokenizer and gz_rank() on a new connection. */
int sq_search_register(sqlite3 *db);
enum store_rc sq_search(struct store_conn *sc, struct arena *a, const struct search_request *r,
			struct search_hit **out, size_t *n, int64_t *total, bool *more);
enum store_rc sq_search_reindex(struct store_conn *sc, void (*progress)(int64_t done, void *ctx),
				void *ctx, int64_t *count);

/* Operations (media.c). */
enum store_rc sq_media_add(struct store_conn *sc, const struct media *m, int64_t *id);
enum store_rc sq_media_list(struct store_conn *sc, struct arena *a, int64_t offset, int64_t limit,
			    struct media **out, size_t *n, int64_t *total);
enum store_rc sq_media_get(struct store_conn *sc, struct arena *a, const char *file,
			   struct media *out);

#endif
