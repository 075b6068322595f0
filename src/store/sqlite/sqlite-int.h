/* Private to src/store/sqlite/: what the SQLite backend's files share. */
#ifndef GZ_STORE_SQLITE_INT_H
#define GZ_STORE_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store-int.h"

/* Every statement of the SQLite backend, grouped by the file that runs it; the SQL is in sql.c. */
enum sq_stmt {
	/* content.c */
	SQ_SETTING_GET,
	SQ_SETTING_SET,
	SQ_CATEGORIES,
	SQ_CATEGORY_FIND,
	SQ_CATEGORY_SLUG_TAKEN,
	SQ_CATEGORY_INSERT,
	SQ_ARTICLE_GET,
	SQ_ARTICLE_TAGS,
	SQ_ARTICLE_LANGS,
	SQ_ARTICLE_EXISTS,
	SQ_ARTICLE_INSERT,
	SQ_ARTICLE_UPDATE,
	SQ_ARTICLE_VIEWS_SET,
	SQ_REVISION_SNAPSHOT,
	SQ_TAG_FIND,
	SQ_TAG_SLUG_TAKEN,
	SQ_TAG_INSERT,
	SQ_ARTICLE_TAGS_CLEAR,
	SQ_ARTICLE_TAG_ADD,
	SQ_LIST_ALL_NEWEST,
	SQ_LIST_ALL_VIEWED,
	SQ_LIST_CAT_NEWEST,
	SQ_LIST_TREE_NEWEST,
	SQ_COUNT_ALL,
	SQ_COUNT_CAT,
	SQ_COUNT_TREE,
	SQ_EACH,
	SQ_MAX_ID,
	SQ_FREE_ID,
	SQ_VIEWS_ADD,
	SQ_USER_GET,
	SQ_USER_INSERT,
	SQ_CONTENT_VERSION,
	SQ_BODIES_STALE,
	SQ_BODY_SET,
	SQ_BODY_SET_TEXT,
	/* newsroom.c */
	SN_SET_STATUS,
	SN_SET_FEATURED,
	SN_ADMIN_ALL,
	SN_ADMIN_COUNT,
	SN_REVISIONS,
	SN_REVISION_GET,
	SN_NEXT_CHANGE,
	SN_CATEGORY_CYCLE,
	SN_CATEGORY_UPDATE,
	SN_CATEGORY_USED,
	SN_CATEGORY_DELETE,
	SN_TAGS,
	SN_TAG_BY_SLUG,
	SN_TAG_RENAME,
	SN_TAG_DELETE_LINKS,
	SN_TAG_DELETE,
	SN_AUTOSAVE_PUT,
	SN_CATEGORY_COUNTS,
	SN_ADMIN_STATE_COUNT,
	SN_ADMIN_SCHEDULED_COUNT,
	SN_AUTOSAVE_GET,
	SN_AUTOSAVE_DELETE,
	SN_USER_BY_ID,
	SN_USERS,
	SN_USER_CATS,
	SN_USER_UPDATE,
	SN_USER_PASSWORD,
	SN_USER_CATS_CLEAR,
	SN_USER_CATS_ADD,
	SN_USER_RIGHT_GET,
	SN_USER_RIGHT_ADD,
	SN_USER_RIGHT_DEL,
	SN_SESSION_PURGE,
	SN_SESSION_ADD,
	SN_SESSION_GET,
	SN_SESSION_DELETE,
	SN_SESSIONS_DELETE_USER,
	SN_TOKEN_ADD,
	SN_TOKEN_USER,
	SN_TOKENS,
	SN_TOKEN_REVOKE,
	SN_TOKENS_DELETE_USER,
	SN_THROTTLE_PURGE,
	SN_THROTTLE_HIT,
	SN_THROTTLE_COUNT,
	SN_THROTTLE_CLEAR,
	SN_AUDIT_LIST,
	SN_AUDIT_COUNT,
	/* audit.c */
	SA_CHAIN_GET,
	SA_CHAIN_SET,
	SA_INSERT,
	SA_PAGE,
	SA_REHASH,
	SA_PURGE_BOUND,
	SA_DELETE_UPTO,
	/* archive.c */
	SV_OPEN,
	SV_CLOSE,
	SV_DROP,
	SV_ADD,
	SV_AT,
	SV_CAT_AT,
	SV_CAT_COUNT,
	SV_VERSIONS,
	SV_PURGE,
	SV_ARTICLE_DELETE,
	/* stats.c */
	SS_DAILY_ADD,
	SS_CATEGORY_OF,
	SS_CAT_ADD,
	SS_DAY_CAT,
	SS_CAT_CAT,
	SS_DAY,
	SS_CATEGORY,
	SS_AUTHOR,
	SS_SOURCE,
	SS_ARTICLE,
	SS_OUTPUT,
	/* sources.c */
	SO_SOURCES,
	SO_SOURCE_GET,
	SO_SOURCE_INSERT,
	SO_SOURCE_UPDATE,
	SO_SOURCE_USED,
	SO_SOURCE_DELETE,
	SO_ORIGIN_GET,
	SO_ORIGIN_SET,
	SO_TAKEDOWN_ADD,
	SO_TAKEDOWNS,
	SO_TAKEDOWN_DONE,
	SO_TAKEDOWN_CLAIM,
	/* search.c */
	SR_CANDIDATES,
	SR_TITLE_IDS,
	SR_DAYS_SPAN,
	SR_DAYS_EDGE,
	SR_RANK_ONE,
	SR_EXACT_ANY,
	SR_SUBTREE,
	SR_ARTICLE,
	SR_PENDING_FLUSH,
	SR_EXACT_PUT,
	SR_PENDING_EXACT,
	SR_PENDING_CLEAR,
	SR_CLEAR_DOCS,
	SR_CLEAR_DAYS,
	SR_CLEAR_FTS,
	SR_CLEAR_EXACT,
	SR_FILL_FTS,
	SR_FILL_DOCS,
	SR_FILL_EXACT,
	SR_BATCH_END,
	/* media.c */
	SM_ADD,
	SM_LIST,
	SM_COUNT,
	SM_GET,
	SM_BY_ID,
	SM_DESCRIBE,
	SM_DELETE,
	SM_USES,
	/* legacy.c */
	SL_KEY_GET,
	SL_KEY_SET,
	SL_REDIRECT_GET,
	SL_REDIRECT_SET,
	SM_SET_SIZE,
	/* pages.c */
	SP_PAGES,
	SP_PAGE_BY_SLUG,
	SP_PAGE_BELOW,
	SP_PAGE_INSERT,
	SP_PAGE_UPDATE,
	SP_PAGE_CHILDREN,
	SP_PAGE_DELETE,
	SP_PAGE_BY_ID,
	SP_PAGE_STATUS,
	SP_PAGE_SNAPSHOT,
	SP_PAGE_REVISIONS,
	SP_PAGE_REVISION,
	/* org.c */
	SO_UNITS,
	SO_PEOPLE,
	SO_UNIT_BELOW,
	SO_UNIT_INSERT,
	SO_UNIT_UPDATE,
	SO_UNIT_USED,
	SO_UNIT_DELETE,
	SO_PERSON_INSERT,
	SO_PERSON_UPDATE,
	SO_PERSON_DELETE,
	/* translations.c */
	ST_TRANSLATION_GET,
	ST_TRANSLATION_PUT,
	ST_TRANSLATION_DELETE,
	ST_TRANSLATIONS,
	/* documents.c */
	SD_NAMES,
	SD_NAME_FIND,
	SD_NAME_INSERT,
	SD_NAME_UPDATE,
	SD_NAME_LIST_OF,
	SD_NAME_USED,
	SD_NAME_DELETE,
	SD_REVISION,
	SD_INSERT,
	SD_UPDATE,
	SD_GET,
	SD_SET_STATUS,
	SD_DELETE,
	SD_REPLACED_BY,
	SD_RELS_CLEAR,
	SD_REL_ADD,
	SD_REPLACED_REFRESH,
	SD_FTS_DELETE,
	SD_FTS_INSERT,
	SD_LIST,
	SD_COUNT,
	SD_CANDIDATES,
	SD_ROW,
	SD_LINKS,
	SD_FILE_ADD,
	SD_FILES,
	SD_FILE_GET,
	SD_FILE_DELETE,
	SD_DOWNLOAD_ADD,
	SD_COMMENT_ADD,
	SD_COMMENTS,
	SD_COMMENT_SET,
	SD_EACH,
	SD_FTS_CLEAR,
	SD_FTS_FILL,
	SQ_STMT_MAX
};

/* The SQL of each statement (sql.c). */
extern const char *const sq_sql[SQ_STMT_MAX];

/* Statements of shared store code (sq_sql_run) kept prepared, by their text's address. */
#define SQ_TEXT_CACHE 128

struct sq_conn {
	struct store_conn base; /* first: the transaction state store.c keeps */
	sqlite3 *db;
	sqlite3_stmt *stmts[SQ_STMT_MAX];
	struct {
		const char *text;
		sqlite3_stmt *stmt;
	} texts[SQ_TEXT_CACHE];
	struct sq_conn *next;
	int pending; /* articles inserted since search_pending was last indexed */
	/* the exact forms an indexing statement gives (sq_flush_pending) */
	struct sq_capture *capture;
	bool bulk; /* this transaction has inserted many: a larger page cache (sq_article_added) */
	struct sq_store *owner; /* the store whose pool made it (searches take its search pool) */
	int64_t changes;        /* sqlite3_total_changes64 when last given back (sq_conn_put) */
	/* A page connection's read transaction kept between articles (sq_page_take): when it
	 * began (monotonic ms, 0: none) and the store's writes it has seen. */
	int64_t held_at;
	uint64_t held_writes;
};

struct sq_store {
	struct store base;
	char *path;
	int version;
	pthread_mutex_t mu;
	struct sq_conn *idle;
	int in_use, open;            /* under mu: connections handed out, and made */
	struct sq_conn *search_idle; /* under mu: connections kept for searches (sq_search_take) */
	struct sq_conn *page_idle;   /* under mu: connections kept for articles (sq_page_take) */
	/* Writes given back through the pool (sq_conn_put): a page connection's snapshot older
	 * than the last of them is ended before its next article. */
	_Atomic uint64_t writes;
	_Atomic int64_t version_seen; /* the content version last read (sq_content_version) */
	/* The thread that ends the snapshots of idle page connections (sq_page_give), under mu. */
	pthread_t ender;
	pthread_cond_t ender_cv;
	bool ender_on, ender_stop, ender_waiting;
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
/* Indexes the articles waiting in search_pending and empties it (inside the caller's transaction).
 */
int sq_flush_pending(struct sq_conn *c);
/* Counts an article inserted by the transaction; every SQ_PENDING_BATCH of them are indexed at
 * once (see conn.c). Returns the SQLite code. */
int sq_article_added(struct sq_conn *c);
/* What a writing transaction does just before its COMMIT: indexes the articles still pending and,
 * after many (sq_article_added), sets FTS5's automerge back to its default. The SQLite code. */
int sq_tx_finish(struct sq_conn *c);
/* The connection a search given c runs on: one of the store's search connections (a larger page
 * cache that holds only the search's pages), or c itself inside a transaction (its snapshot) or
 * when none can be opened. sq_search_give hands it back. */
struct sq_conn *sq_search_take(struct sq_conn *c);
void sq_search_give(struct sq_conn *c, struct sq_conn *used);
/* How long a page connection keeps one read transaction (sq_page_take), in milliseconds: the
 * most another process's write waits to be read on the site. */
#define SQ_HOLD_MS 20
/* The connection an article's read given c runs on: one of the store's page connections, which
 * keeps its read transaction (its snapshot) from one article to the next for up to SQ_HOLD_MS
 * and until this process writes, or c itself inside a transaction or when none can be opened.
 * sq_page_give hands it back. */
struct sq_conn *sq_page_take(struct sq_conn *c);
void sq_page_give(struct sq_conn *c, struct sq_conn *used);
struct sq_conn *sq_conn_open(const char *path, int flags, struct buf *err);
void sq_conn_close(struct sq_conn *c);
/* Takes a connection from the pool; NULL when none can be opened. */
struct sq_conn *sq_conn_get(struct sq_store *s);
void sq_conn_put(struct sq_store *s, struct sq_conn *c);
/* Returns statement `which` of c, reset and unbound, preparing it on first use; NULL on
 * error. */
sqlite3_stmt *sq_stmt(struct sq_conn *c, enum sq_stmt which);
/* Binding only parameters the statement has, so one layout serves several queries. */
void sq_bind_i64(sqlite3_stmt *s, int idx, int64_t v);
void sq_bind_text(sqlite3_stmt *s, int idx, const char *v);
/* Column text copied into the arena; "" for NULL. */
const char *sq_col_text(struct arena *a, sqlite3_stmt *s, int col);
/* The current row of q, for the shared readers (value.c). */
struct store_row sq_row(sqlite3_stmt *q);
/* Binds ?1, ?2 ... of q in order, for the shared binders (value.c). */
struct sq_bind {
	struct store_bind base;
	sqlite3_stmt *q;
	int n;
};
struct sq_bind sq_binder(sqlite3_stmt *q);
/* Steps a statement that returns no rows, then resets it. */
enum store_rc sq_step_done(struct sq_conn *c, sqlite3_stmt *s);

/* Applies pending migrations on c (schema.c); a message a person can act on in err. */
enum store_rc sq_migrate(struct sq_store *st, struct sq_conn *c, struct buf *err);

/* Operations (conn.c). */
void sq_close(struct store *base);
int sq_schema_version(struct store *base);

/* Operations (mirror.c): a search mirror's writes and state (store/search.h). */
enum store_rc sq_mirror_apply(struct store_conn *sc, const struct mirror_batch *b);
enum store_rc sq_mirror_state(struct store_conn *sc, struct arena *a, const char **epoch,
			      const char **snap);

/* Operations (pages.c). */
enum store_rc sq_pages(struct store_conn *sc, struct arena *a, struct static_page **out, size_t *n);
enum store_rc sq_page_by_slug(struct store_conn *sc, struct arena *a, const char *slug,
			      struct static_page *out);
enum store_rc sq_page_below(struct store_conn *sc, int64_t ancestor, int64_t id, bool *below);
enum store_rc sq_page_write(struct store_conn *sc, const struct static_page *p, int64_t now,
			    int64_t expect, int64_t *id);
enum store_rc sq_page_children(struct store_conn *sc, int64_t id, int64_t *n);
enum store_rc sq_page_delete(struct store_conn *sc, int64_t id);
enum store_rc sq_page_by_id(struct store_conn *sc, struct arena *a, int64_t id,
			    struct static_page *out);
enum store_rc sq_page_set_status(struct store_conn *sc, int64_t id, const char *status,
				 int64_t now);
enum store_rc sq_page_snapshot(struct store_conn *sc, int64_t id, int64_t user_id, int64_t now);
enum store_rc sq_page_revisions(struct store_conn *sc, struct arena *a, int64_t id,
				struct page_revision **out, size_t *n);
enum store_rc sq_page_revision_get(struct store_conn *sc, struct arena *a, int64_t id, int64_t rev,
				   struct page_revision *out);

/* Operations (org.c). */
enum store_rc sq_units(struct store_conn *sc, struct arena *a, struct org_unit **out, size_t *n);
enum store_rc sq_people(struct store_conn *sc, struct arena *a, struct org_person **out, size_t *n);
enum store_rc sq_unit_below(struct store_conn *sc, int64_t ancestor, int64_t id, bool *below);
enum store_rc sq_unit_write(struct store_conn *sc, const struct org_unit *u, int64_t now,
			    int64_t *id);
enum store_rc sq_unit_used(struct store_conn *sc, int64_t id, int64_t *n);
enum store_rc sq_unit_delete(struct store_conn *sc, int64_t id);
enum store_rc sq_person_write(struct store_conn *sc, const struct org_person *p, int64_t now,
			      int64_t *id);
enum store_rc sq_person_delete(struct store_conn *sc, int64_t id);
/* Article translations (translations.c). */
enum store_rc sq_translation_get(struct store_conn *sc, struct arena *a, int64_t article_id,
				 const char *lang, struct article_translation *out);
enum store_rc sq_translation_put(struct store_conn *sc, const struct article_translation *t,
				 int64_t now);
enum store_rc sq_translation_delete(struct store_conn *sc, int64_t article_id, const char *lang);
enum store_rc sq_translations(struct store_conn *sc, struct arena *a, const char *lang,
			      int64_t limit, struct article_translation **out, size_t *n);

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
enum store_rc sq_bodies_stale(struct store_conn *sc, struct arena *a, int version, int64_t limit,
			      struct article *rows, size_t *n);
enum store_rc sq_body_set(struct store_conn *sc, int64_t id, const char *html, const char *text,
			  int version, bool html_changed);
enum store_rc sq_article_max_id(struct store_conn *sc, int64_t *out);
enum store_rc sq_article_free_id(struct store_conn *sc, int64_t *out);
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
enum store_rc sq_category_counts(struct store_conn *sc, struct arena *a, int64_t **out, size_t *n);
enum store_rc sq_autosave_put(struct store_conn *sc, int64_t user_id, int64_t article_id,
			      int64_t saved_at, const char *data);
enum store_rc sq_autosave_get(struct store_conn *sc, struct arena *a, int64_t user_id,
			      int64_t article_id, struct autosave *out);
enum store_rc sq_autosave_delete(struct store_conn *sc, int64_t user_id, int64_t article_id);
enum store_rc sq_user_by_id(struct store_conn *sc, struct arena *a, int64_t id, struct user *out);
enum store_rc sq_users(struct store_conn *sc, struct arena *a, struct user **out, size_t *n);
enum store_rc sq_user_update(struct store_conn *sc, int64_t id, const char *display_name,
			     const char *role, bool disabled);
enum store_rc sq_user_password(struct store_conn *sc, int64_t id, const char *password_hash);
enum store_rc sq_user_category_ids(struct store_conn *sc, struct arena *a, int64_t user_id,
				   int64_t **ids, size_t *n);
enum store_rc sq_user_categories(struct store_conn *sc, int64_t id, const int64_t *ids, size_t n);
enum store_rc sq_user_right(struct store_conn *sc, int64_t id, const char *right, bool *has);
enum store_rc sq_user_right_set(struct store_conn *sc, int64_t id, const char *right, bool on);
enum store_rc sq_session_add(struct store_conn *sc, const char *token_hash, int64_t user_id,
			     const char *csrf, int64_t expires_at, const char *address);
enum store_rc sq_session_get(struct store_conn *sc, struct arena *a, const char *token_hash,
			     int64_t now, struct session *out);
enum store_rc sq_session_delete(struct store_conn *sc, const char *token_hash);
enum store_rc sq_sessions_delete_user(struct store_conn *sc, int64_t user_id);
enum store_rc sq_token_add(struct store_conn *sc, const struct api_token *t);
enum store_rc sq_tokens(struct store_conn *sc, struct arena *a, int64_t user_id,
			struct api_token **out, size_t *n);
enum store_rc sq_token_revoke(struct store_conn *sc, int64_t user_id, const char *name);
enum store_rc sq_tokens_delete_user(struct store_conn *sc, int64_t user_id);
enum store_rc sq_token_user(struct store_conn *sc, struct arena *a, const char *token_hash,
			    struct user *out);
enum store_rc sq_throttle_hit(struct store_conn *sc, const char *key, int64_t at);
enum store_rc sq_throttle_count(struct store_conn *sc, const char *key, int64_t since, int64_t *n);
enum store_rc sq_throttle_clear(struct store_conn *sc, const char *key);
enum store_rc sq_audit_list(struct store_conn *sc, struct arena *a, int64_t offset, int64_t limit,
			    struct audit_entry **out, size_t *n, int64_t *total);

/* Operations (audit.c). */
enum store_rc sq_audit_chain_get(struct store_conn *sc, struct arena *a, bool lock,
				 struct audit_chain *out, int64_t *max_id);
enum store_rc sq_audit_chain_set(struct store_conn *sc, const struct audit_chain *s);
enum store_rc sq_audit_insert(struct store_conn *sc, const struct audit_entry *e);
enum store_rc sq_audit_page(struct store_conn *sc, struct arena *a, int64_t after, int64_t limit,
			    struct audit_entry **out, size_t *n);
enum store_rc sq_audit_rehash(struct store_conn *sc, int64_t id, const char *prev_hash,
			      const char *hash);
enum store_rc sq_audit_purge_bound(struct store_conn *sc, int64_t cutoff, int64_t *upto);
enum store_rc sq_audit_delete_upto(struct store_conn *sc, int64_t upto, int64_t *deleted);

/* Operations (archive.c). */
enum store_rc sq_archive_open(struct store_conn *sc, struct arena *a, int64_t article_id,
			      struct archived *out, bool *found);
enum store_rc sq_archive_close(struct store_conn *sc, int64_t id, int64_t until, bool deleted);
enum store_rc sq_archive_drop(struct store_conn *sc, int64_t id);
enum store_rc sq_archive_add(struct store_conn *sc, int64_t article_id, int64_t from_at);
enum store_rc sq_archive_at(struct store_conn *sc, struct arena *a, int64_t article_id, int64_t t,
			    struct archived *out);
enum store_rc sq_archive_category_at(struct store_conn *sc, struct arena *a, int64_t category_id,
				     int64_t t, int64_t offset, int64_t limit,
				     struct archived **out, size_t *n, int64_t *total);
enum store_rc sq_archive_versions(struct store_conn *sc, struct arena *a, int64_t article_id,
				  struct archived **out, size_t *n);
enum store_rc sq_archive_purge(struct store_conn *sc, int64_t before, int64_t *purged);
enum store_rc sq_article_delete(struct store_conn *sc, int64_t id);

/* Operations (stats.c). */
enum store_rc sq_views_daily_add(struct store_conn *sc, int64_t article_id, int32_t day, int64_t n,
				 int64_t *category_id);
enum store_rc sq_views_cat_add(struct store_conn *sc, int64_t category_id, int32_t day, int64_t n);
enum store_rc sq_stats_rows(struct store_conn *sc, struct arena *a, enum stats_src src,
			    const int64_t p[5], struct stats_row **out, size_t *n);
enum store_rc sq_stats_output(struct store_conn *sc, struct arena *a, int64_t from, int64_t to,
			      int64_t tz_offset, struct stats_output **out, size_t *n);

/* Operations (sources.c). */
enum store_rc sq_sources(struct store_conn *sc, struct arena *a, struct source **out, size_t *n);
enum store_rc sq_source_get(struct store_conn *sc, struct arena *a, int64_t id, struct source *out);
enum store_rc sq_source_put(struct store_conn *sc, const struct source *s, int64_t *id);
enum store_rc sq_source_delete(struct store_conn *sc, int64_t id);
enum store_rc sq_origin_get(struct store_conn *sc, struct arena *a, int64_t article_id,
			    struct article_origin *out);
enum store_rc sq_origin_set(struct store_conn *sc, const struct article_origin *o);
enum store_rc sq_takedown_add(struct store_conn *sc, int64_t article_id, int64_t removed_at,
			      int64_t deadline, int64_t now, const char *note, int64_t *id);
enum store_rc sq_takedowns(struct store_conn *sc, struct arena *a, bool open_only,
			   struct takedown **out, size_t *n);
enum store_rc sq_takedown_done(struct store_conn *sc, int64_t article_id, int64_t at);
enum store_rc sq_takedown_claim(struct store_conn *sc, int64_t id, int64_t bit, bool *claimed);

/* Operations (search.c). */
/* Registers gz_text(), gz_fold(), gz_exact(), gz_capture(), the "gazette" FTS5 tokenizer and
 * gz_rank() on a new connection. */
int sq_search_register(sqlite3 *db);
/* The same, and the connection's capture of the exact forms the index is given (words.c): between
 * sq_capture_begin and sq_capture_end, each row that a statement names by gz_capture(key) before
 * FTS5 indexes it gets the set of its marked words (gz_exact's blob), read by sq_capture_rows
 * (NULL when the rows and the texts tokenized did not come in step: one title text a row). */
struct sq_capture;
struct sq_captured {
	int64_t key;
	struct buf words;
};
int sq_search_register_capture(sqlite3 *db, struct sq_capture **capture);
void sq_capture_begin(struct sq_capture *c);
const struct sq_captured *sq_capture_rows(struct sq_capture *c, size_t *n);
void sq_capture_end(struct sq_capture *c);
enum store_rc sq_search(struct store_conn *sc, struct arena *a, const struct search_request *r,
			struct search_hit **out, size_t *n, int64_t *total, bool *more);
enum store_rc sq_search_reindex(struct store_conn *sc, void (*progress)(int64_t done, void *ctx),
				void *ctx, int64_t *count);
enum store_rc sq_search_merge(struct store_conn *sc, bool force, int steps, bool *done);
/* Whether merging FTS5's segments into one pays (merge.c): the segments besides the largest hold
 * a quarter of its pages, or there are more than 8 of them and they hold a 32nd. What an import
 * leaves (16 segments a level: at 1,000,000 articles one of 800,000 articles' pages and 19 of the
 * other 200,000) made an exclusion 2.5 and a word in a category 3.9 times as costly as one
 * segment; the few small segments a live site adds between merges, 3 a level at most, do not
 * count until they are that large. */
bool sq_merge_pays(int64_t segments, int64_t largest, int64_t total);

/* documents.c: the schema of the documents' migration. */
extern const char sq_documents_schema[];

/* Operations (media.c). */
enum store_rc sq_media_add(struct store_conn *sc, const struct media *m, int64_t *id);
enum store_rc sq_media_list(struct store_conn *sc, struct arena *a, const char *like,
			    int64_t offset, int64_t limit, struct media **out, size_t *n,
			    int64_t *total);
enum store_rc sq_media_by_id(struct store_conn *sc, struct arena *a, int64_t id, struct media *out);
enum store_rc sq_media_describe(struct store_conn *sc, int64_t id, const char *name,
				const char *alt, const char *caption);
enum store_rc sq_media_delete(struct store_conn *sc, int64_t id);
enum store_rc sq_media_uses(struct store_conn *sc, struct arena *a, const char *stem,
			    struct media_use **out, size_t *n);
enum store_rc sq_media_get(struct store_conn *sc, struct arena *a, const char *file,
			   struct media *out);
enum store_rc sq_media_set_size(struct store_conn *sc, int64_t id, int64_t width, int64_t height,
				int64_t bytes);

/* Operations (legacy.c): imported sites' old keys and addresses. */
enum store_rc sq_import_key_get(struct store_conn *sc, struct arena *a, const char *key,
				int64_t *id, const char **value);
enum store_rc sq_import_key_set(struct store_conn *sc, const char *key, int64_t id,
				const char *value);
enum store_rc sq_redirect_get(struct store_conn *sc, struct arena *a, const char *old,
			      const char **target);
enum store_rc sq_redirect_set(struct store_conn *sc, const char *old, const char *target);
/* The portal widgets (widgets.c). */
/* Runs one statement text (as w_run does); the widgets' and the tickets' steps use it. */
enum store_rc sq_sql_run(struct store_conn *sc, struct arena *a, const char *text,
			 const struct w_arg *args, size_t nargs, size_t nsets, struct w_rows *out,
			 int64_t *changes);
/* The citizens' channels (tickets.c): the statements' text, in the order of tickets-int.h, and
 * the migration that makes their tables. */
extern const char *const sq_ticket_sql[];
extern const char sq_tickets_schema[];
enum store_rc sq_w_run(struct store_conn *sc, struct arena *a, enum w_stmt which,
		       const struct w_arg *args, size_t nargs, size_t nsets, struct w_rows *out,
		       int64_t *changes);

#endif
