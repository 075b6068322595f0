/* Private to src/store/: the table of operations and steps each backend provides, and what
 * store.c, content.c, newsroom.c and value.c share with the backends. */
#ifndef GZ_STORE_STORE_INT_H
#define GZ_STORE_STORE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"
#include "store/widgets-int.h"

struct store_conn;
struct store_doc_ops; /* documents-int.h */

/* The audit chain's state (one row): its head, and the checkpoint that purges leave. */
struct audit_chain {
	bool sealed; /* entries written before the chain existed have been hashed */
	int64_t head_id;
	const char *head_hash;
	int64_t cp_id;       /* the last purged entry (0: none) */
	int64_t cp_at;       /* when the last purge ran */
	int64_t cp_count;    /* entries purged so far */
	const char *cp_hash; /* the hash of entry cp_id (the genesis hash when none) */
	const char *cp_mac;  /* keyed BLAKE2b of the checkpoint ("" when none) */
};

/* What a slug is unique among: categories under one parent, or all tags. */
enum slug_kind { SLUG_CATEGORY, SLUG_TAG };
/* The shapes of view reports (stats.c picks one per query): from the daily counts per category
 * (fast, no article filter) or per article joined to the articles. */
enum stats_src {
	STATS_SRC_DAY_CAT,
	STATS_SRC_CAT_CAT,
	STATS_SRC_DAY,
	STATS_SRC_CATEGORY,
	STATS_SRC_AUTHOR,
	STATS_SRC_SOURCE,
	STATS_SRC_ARTICLE,
	STATS_SRC_MAX
};
/* Which articles a list reads: all, one category, or a category and its descendants. */
enum list_kind { LIST_ALL, LIST_CATEGORY, LIST_TREE };

struct store_ops {
	const char *name;
	const struct store_doc_ops *docs; /* legal documents */
	void (*close)(struct store *st);
	int (*schema_version)(struct store *st);
	/* A connection from the pool (NULL when the database cannot be reached), and back. */
	struct store_conn *(*conn_get)(struct store *st);
	void (*conn_put)(struct store *st, struct store_conn *c);
	void (*pool_stats)(struct store *st, struct store_pool_stats *out);
	/* The outermost BEGIN, COMMIT (rolling back when it fails) and ROLLBACK on c; store.c keeps
	 * the nesting. tx_abort returns the code to report when nothing else failed. */
	/* Read replicas: a replica's connection for a reading handle that needs the WAL replayed
	 * up to `want` (NULL: none fits, read from the primary); the rest of store_replicas_add,
	 * store_note_write and store_replica_stats. NULL on backends without replicas. */
	struct store_conn *(*read_get)(struct store *st);
	enum store_rc (*replicas_add)(struct store *st, const char *urls, unsigned max_lag_ms,
				      struct buf *err);
	bool (*has_replicas)(struct store *st);
	void (*note_write)(struct store *st);
	void (*replica_stats)(struct store *st, struct store_replica_stats *out);
	enum store_rc (*tx_open)(struct store_conn *c);
	enum store_rc (*tx_commit)(struct store_conn *c);
	enum store_rc (*tx_abort)(struct store_conn *c);
	enum store_rc (*setting_get)(struct store_conn *c, struct arena *a, const char *key,
				     const char **val);
	enum store_rc (*setting_set)(struct store_conn *c, const char *key, const char *val);
	enum store_rc (*categories)(struct store_conn *c, struct arena *a, struct category **out,
				    size_t *n);
	enum store_rc (*article_get)(struct store_conn *c, struct arena *a, int64_t id,
				     struct article *out);
	enum store_rc (*article_max_id)(struct store_conn *c, int64_t *out);
	/* The lowest id no article has. */
	enum store_rc (*article_free_id)(struct store_conn *c, int64_t *out);
	enum store_rc (*user_get)(struct store_conn *c, struct arena *a, const char *name,
				  struct user *out);
	enum store_rc (*user_add)(struct store_conn *c, const char *name, const char *display_name,
				  const char *role, const char *password_hash, int64_t *id);
	enum store_rc (*content_version)(struct store_conn *c, int64_t *out);
	/* Steps of the operations content.c composes, the same on both backends. */
	enum store_rc (*slug_taken)(struct store_conn *c, enum slug_kind kind, int64_t scope,
				    const char *slug, bool *taken);
	/* The category named `name` under parent `scope`, or the tag named `name`. */
	enum store_rc (*named_find)(struct store_conn *c, enum slug_kind kind, int64_t scope,
				    const char *name, int64_t *id, bool *found);
	/* Inserts it; *inserted false when another node made it meanwhile. */
	enum store_rc (*named_insert)(struct store_conn *c, enum slug_kind kind, int64_t scope,
				      const char *name, const char *slug, int64_t *id,
				      bool *inserted);
	enum store_rc (*article_exists)(struct store_conn *c, int64_t id, bool *exists);
	/* Keeps the article's current state as a revision (unless kept already). */
	enum store_rc (*revision_snapshot)(struct store_conn *c, int64_t id, int64_t user_id,
					   int64_t at);
	/* Inserts or updates `a` (an update only from the revision it expects: STORE_CONFLICT
	 * otherwise; a broken rule of the schema is STORE_INVALID); *id gets a new row's id. */
	enum store_rc (*article_write)(struct store_conn *c, const struct article_put *a,
				       bool exists, int64_t now, int64_t *id);
	enum store_rc (*article_tags_clear)(struct store_conn *c, int64_t article_id);
	enum store_rc (*article_tag_add)(struct store_conn *c, int64_t article_id, int64_t tag_id,
					 int64_t position);
	/* Batched imports; NULL when the backend writes one article at a time. tags_find: the
	 * ids of the stored tags named names[0..n) (0 for one not stored). articles_insert_batch:
	 * the new articles a[0..n) (all with ids or all without), with their search rows, tags
	 * (tag_ids: each article's ntags ids, one article after another) and archive rows, as
	 * article_put_prepared writes one; *done false with nothing written when they cannot go
	 * as one batch (an id stored already, a statement refused...): the caller then writes
	 * them one by one. */
	/* Search words made by the writer ahead of the write (PostgreSQL's words.c); NULL when
	 * the backend indexes by itself. words_ahead: whether c's server agrees with them;
	 * article_words: those of title, lead and body text (parts), false when the server must
	 * make them. */
	bool (*words_ahead)(struct store_conn *c);
	bool (*article_words)(const char *const parts[3], struct buf out[STORE_WORDS]);
	enum store_rc (*tags_find)(struct store_conn *c, const char *const *names, size_t n,
				   int64_t *ids);
	enum store_rc (*articles_insert_batch)(struct store_conn *c, const struct article_put *a,
					       size_t n, const int64_t *tag_ids, int64_t now,
					       bool *done);
	enum store_rc (*list_rows)(struct store_conn *c, struct arena *a,
				   const struct article_query *q, enum list_kind kind,
				   struct article_summary **out, size_t *n);
	enum store_rc (*list_count)(struct store_conn *c, const struct article_query *q,
				    enum list_kind kind, int64_t *total);
	/* Up to `limit` articles with ids above `after`, ascending, with their tags. */
	enum store_rc (*each_page)(struct store_conn *c, struct arena *a, int64_t after,
				   size_t limit, struct article *rows, size_t *n);
	enum store_rc (*view_add)(struct store_conn *c, int64_t article_id, int64_t n);
	/* Optional: view_add for d[0..n) (ids ascending, each once) and, when day > 0, what
	 * store_views_daily_on adds, all at once (one round trip on PostgreSQL). */
	enum store_rc (*views_add_batch)(struct store_conn *c, const struct view_delta *d, size_t n,
					 int32_t day);
	/* the newsroom */
	enum store_rc (*article_set_status)(struct store_conn *c, int64_t id,
					    enum article_status status, int64_t published_at,
					    const char *note);
	enum store_rc (*article_set_featured)(struct store_conn *c, int64_t id, bool featured);
	enum store_rc (*articles_admin)(struct store_conn *c, struct arena *a,
					const struct article_admin_query *q,
					struct article_row **out, size_t *n, int64_t *total);
	enum store_rc (*revisions)(struct store_conn *c, struct arena *a, int64_t article_id,
				   struct revision **out, size_t *n);
	enum store_rc (*revision_get)(struct store_conn *c, struct arena *a, int64_t article_id,
				      int64_t revision, struct revision *out);
	enum store_rc (*next_change)(struct store_conn *c, int64_t now, int64_t *out);
	enum store_rc (*category_update)(struct store_conn *c, int64_t id, int64_t parent_id,
					 const char *name, const char *slug, int position);
	enum store_rc (*category_delete)(struct store_conn *c, int64_t id);
	enum store_rc (*tags)(struct store_conn *c, struct arena *a, struct tag **out, size_t *n);
	enum store_rc (*tag_by_slug)(struct store_conn *c, struct arena *a, const char *slug,
				     struct tag *out);
	enum store_rc (*tag_rename)(struct store_conn *c, int64_t id, const char *name,
				    const char *slug);
	enum store_rc (*tag_delete)(struct store_conn *c, int64_t id);
	enum store_rc (*category_counts)(struct store_conn *c, struct arena *a, int64_t **out,
					 size_t *n);
	enum store_rc (*autosave_put)(struct store_conn *c, int64_t user_id, int64_t article_id,
				      int64_t saved_at, const char *data);
	enum store_rc (*autosave_get)(struct store_conn *c, struct arena *a, int64_t user_id,
				      int64_t article_id, struct autosave *out);
	enum store_rc (*autosave_delete)(struct store_conn *c, int64_t user_id, int64_t article_id);
	/* static pages (sqlite/pages.c, pg/pages.c) */
	enum store_rc (*pages)(struct store_conn *c, struct arena *a, struct static_page **out,
			       size_t *n);
	enum store_rc (*page_by_slug)(struct store_conn *c, struct arena *a, const char *slug,
				      struct static_page *out);
	/* Is `ancestor` page `id` itself or above it? */
	enum store_rc (*page_below)(struct store_conn *c, int64_t ancestor, int64_t id,
				    bool *below);
	/* Inserts (p->id 0: with p->status and p->owner_id) or updates; an update changes nothing
	 * and answers NOTFOUND unless the stored revision is `expect` (0: any). */
	enum store_rc (*page_write)(struct store_conn *c, const struct static_page *p, int64_t now,
				    int64_t expect, int64_t *id);
	enum store_rc (*page_children)(struct store_conn *c, int64_t id, int64_t *n);
	enum store_rc (*page_delete)(struct store_conn *c, int64_t id);
	enum store_rc (*page_by_id)(struct store_conn *c, struct arena *a, int64_t id,
				    struct static_page *out);
	enum store_rc (*page_set_status)(struct store_conn *c, int64_t id, const char *status,
					 int64_t now);
	/* Keeps the page's current state as its revision (unless kept already). */
	enum store_rc (*page_snapshot)(struct store_conn *c, int64_t id, int64_t user_id,
				       int64_t now);
	enum store_rc (*page_revisions)(struct store_conn *c, struct arena *a, int64_t id,
					struct page_revision **out, size_t *n);
	enum store_rc (*page_revision_get)(struct store_conn *c, struct arena *a, int64_t id,
					   int64_t rev, struct page_revision *out);
	/* organisation (sqlite/org.c, pg/org.c) */
	enum store_rc (*units)(struct store_conn *c, struct arena *a, struct org_unit **out,
			       size_t *n);
	enum store_rc (*people)(struct store_conn *c, struct arena *a, struct org_person **out,
				size_t *n);
	/* Is `ancestor` unit `id` itself or above it? */
	enum store_rc (*unit_below)(struct store_conn *c, int64_t ancestor, int64_t id,
				    bool *below);
	enum store_rc (*unit_write)(struct store_conn *c, const struct org_unit *u, int64_t now,
				    int64_t *id);
	/* Sub-units plus people of a unit. */
	enum store_rc (*unit_used)(struct store_conn *c, int64_t id, int64_t *n);
	enum store_rc (*unit_delete)(struct store_conn *c, int64_t id);
	enum store_rc (*person_write)(struct store_conn *c, const struct org_person *p, int64_t now,
				      int64_t *id);
	enum store_rc (*person_delete)(struct store_conn *c, int64_t id);
	/* article translations (sqlite/translations.c, pg/translations.c) */
	enum store_rc (*translation_get)(struct store_conn *c, struct arena *a, int64_t article_id,
					 const char *lang, struct article_translation *out);
	enum store_rc (*translation_put)(struct store_conn *c, const struct article_translation *t,
					 int64_t now);
	enum store_rc (*translation_delete)(struct store_conn *c, int64_t article_id,
					    const char *lang);
	enum store_rc (*translations)(struct store_conn *c, struct arena *a, const char *lang,
				      int64_t limit, struct article_translation **out, size_t *n);
	enum store_rc (*user_by_id)(struct store_conn *c, struct arena *a, int64_t id,
				    struct user *out);
	enum store_rc (*users)(struct store_conn *c, struct arena *a, struct user **out, size_t *n);
	enum store_rc (*user_update)(struct store_conn *c, int64_t id, const char *display_name,
				     const char *role, bool disabled);
	enum store_rc (*user_password)(struct store_conn *c, int64_t id, const char *password_hash);
	/* The categories a user may edit (a newsroom.c step); user_by_id, users and token_user
	 * leave them out. */
	enum store_rc (*user_category_ids)(struct store_conn *c, struct arena *a, int64_t user_id,
					   int64_t **ids, size_t *n);
	enum store_rc (*user_categories)(struct store_conn *c, int64_t id, const int64_t *ids,
					 size_t n);
	enum store_rc (*user_right)(struct store_conn *c, int64_t id, const char *right, bool *has);
	enum store_rc (*user_right_set)(struct store_conn *c, int64_t id, const char *right,
					bool on);
	enum store_rc (*session_add)(struct store_conn *c, const char *token_hash, int64_t user_id,
				     const char *csrf, int64_t expires_at, const char *address);
	enum store_rc (*session_get)(struct store_conn *c, struct arena *a, const char *token_hash,
				     int64_t now, struct session *out);
	enum store_rc (*session_delete)(struct store_conn *c, const char *token_hash);
	enum store_rc (*sessions_delete_user)(struct store_conn *c, int64_t user_id);
	enum store_rc (*token_add)(struct store_conn *c, const struct api_token *t);
	enum store_rc (*tokens)(struct store_conn *c, struct arena *a, int64_t user_id,
				struct api_token **out, size_t *n);
	enum store_rc (*token_revoke)(struct store_conn *c, int64_t user_id, const char *name);
	enum store_rc (*tokens_delete_user)(struct store_conn *c, int64_t user_id);
	enum store_rc (*token_user)(struct store_conn *c, struct arena *a, const char *token_hash,
				    struct user *out);
	enum store_rc (*throttle_hit)(struct store_conn *c, const char *key, int64_t at);
	enum store_rc (*throttle_count)(struct store_conn *c, const char *key, int64_t since,
					int64_t *n);
	enum store_rc (*throttle_clear)(struct store_conn *c, const char *key);
	/* The audit chain (shared logic in audit.c). chain_get reads its state and the largest
	 * entry id, locking the state against other writers until the transaction ends when lock.
	 */
	enum store_rc (*audit_chain_get)(struct store_conn *c, struct arena *a, bool lock,
					 struct audit_chain *out, int64_t *max_id);
	enum store_rc (*audit_chain_set)(struct store_conn *c, const struct audit_chain *s);
	/* Inserts e with the id, prev_hash and hash it carries. */
	enum store_rc (*audit_insert)(struct store_conn *c, const struct audit_entry *e);
	/* Up to limit entries with ids above after, ascending. */
	enum store_rc (*audit_page)(struct store_conn *c, struct arena *a, int64_t after,
				    int64_t limit, struct audit_entry **out, size_t *n);
	enum store_rc (*audit_rehash)(struct store_conn *c, int64_t id, const char *prev_hash,
				      const char *hash);
	/* The last id of the oldest run of entries before cutoff (0: none). */
	enum store_rc (*audit_purge_bound)(struct store_conn *c, int64_t cutoff, int64_t *upto);
	enum store_rc (*audit_delete_upto)(struct store_conn *c, int64_t upto, int64_t *deleted);
	enum store_rc (*audit_list)(struct store_conn *c, struct arena *a, int64_t offset,
				    int64_t limit, struct audit_entry **out, size_t *n,
				    int64_t *total);
	/* the archive (shared logic in archive.c) */
	/* The open (not yet ended) version of an article: *found false when none. */
	enum store_rc (*archive_open)(struct store_conn *c, struct arena *a, int64_t article_id,
				      struct archived *out, bool *found);
	enum store_rc (*archive_close)(struct store_conn *c, int64_t id, int64_t until,
				       bool deleted);
	enum store_rc (*archive_drop)(struct store_conn *c, int64_t id);
	/* Copies the article as it is now into a new open version public from from_at. */
	enum store_rc (*archive_add)(struct store_conn *c, int64_t article_id, int64_t from_at);
	enum store_rc (*archive_at)(struct store_conn *c, struct arena *a, int64_t article_id,
				    int64_t t, struct archived *out);
	enum store_rc (*archive_category_at)(struct store_conn *c, struct arena *a,
					     int64_t category_id, int64_t t, int64_t offset,
					     int64_t limit, struct archived **out, size_t *n,
					     int64_t *total);
	enum store_rc (*archive_versions)(struct store_conn *c, struct arena *a, int64_t article_id,
					  struct archived **out, size_t *n);
	enum store_rc (*archive_purge)(struct store_conn *c, int64_t before, int64_t *purged);
	enum store_rc (*article_delete)(struct store_conn *c, int64_t id);
	/* sources and takedowns (sources.c of each backend) */
	enum store_rc (*sources)(struct store_conn *c, struct arena *a, struct source **out,
				 size_t *n);
	enum store_rc (*source_get)(struct store_conn *c, struct arena *a, int64_t id,
				    struct source *out);
	enum store_rc (*source_put)(struct store_conn *c, const struct source *s, int64_t *id);
	enum store_rc (*source_delete)(struct store_conn *c, int64_t id);
	enum store_rc (*origin_get)(struct store_conn *c, struct arena *a, int64_t article_id,
				    struct article_origin *out);
	enum store_rc (*origin_set)(struct store_conn *c, const struct article_origin *o);
	enum store_rc (*takedown_add)(struct store_conn *c, int64_t article_id, int64_t removed_at,
				      int64_t deadline, int64_t now, const char *note, int64_t *id);
	enum store_rc (*takedowns)(struct store_conn *c, struct arena *a, bool open_only,
				   struct takedown **out, size_t *n);
	enum store_rc (*takedown_done)(struct store_conn *c, int64_t article_id, int64_t at);
	enum store_rc (*takedown_claim)(struct store_conn *c, int64_t id, int64_t bit,
					bool *claimed);
	/* statistics (shared logic in stats.c) */
	/* Adds n to the article's count of day; *category_id gets its category (0: no article). */
	enum store_rc (*views_daily_add)(struct store_conn *c, int64_t article_id, int32_t day,
					 int64_t n, int64_t *category_id);
	enum store_rc (*views_cat_add)(struct store_conn *c, int64_t category_id, int32_t day,
				       int64_t n);
	/* Rows of one report shape; p: from, to, category, article, limit (-1: none). */
	enum store_rc (*stats_rows)(struct store_conn *c, struct arena *a, enum stats_src src,
				    const int64_t p[5], struct stats_row **out, size_t *n);
	enum store_rc (*stats_output)(struct store_conn *c, struct arena *a, int64_t from,
				      int64_t to, int64_t tz_offset, struct stats_output **out,
				      size_t *n);
	/* search */
	enum store_rc (*search)(struct store_conn *c, struct arena *a,
				const struct search_request *r, struct search_hit **out, size_t *n,
				int64_t *total, bool *more);
	enum store_rc (*search_reindex)(struct store_conn *c,
					void (*progress)(int64_t done, void *ctx), void *ctx,
					int64_t *count);
	enum store_rc (*search_merge)(struct store_conn *c, bool force, int steps, bool *done);
	/* The search mirror (search.h). PostgreSQL: attach one, wait for it, and answer a search
	 * from it (false: not now, search the database itself). SQLite: a mirror's writes. */
	enum store_rc (*mirror_attach)(struct store *st, const char *path, struct buf *err);
	bool (*mirror_wait)(struct store *st, int timeout_ms);
	void (*mirror_stats)(struct store *st, struct store_mirror_stats *out);
	bool (*mirror_search)(struct store *st, struct arena *a, const struct search_request *r,
			      struct search_hit **out, size_t *n, int64_t *total, bool *more,
			      enum store_rc *rc);
	bool (*mirror_article)(struct store *st, struct arena *a, int64_t id, struct article *out,
			       enum store_rc *rc);
	enum store_rc (*mirror_apply)(struct store_conn *c, const struct mirror_batch *b);
	enum store_rc (*mirror_state)(struct store_conn *c, struct arena *a, const char **epoch,
				      const char **snap);
	/* bodies made by an older sanitiser (store_bodies_refresh): up to `limit` of them, then one
	 * re-made (html_changed false: only its text and version are written) */
	enum store_rc (*bodies_stale)(struct store_conn *c, struct arena *a, int version,
				      int64_t limit, struct article *rows, size_t *n);
	enum store_rc (*body_set)(struct store_conn *c, int64_t id, const char *html,
				  const char *text, int version, bool html_changed);
	/* change notifications (store_wait_change) */
	enum store_rc (*wait_change)(struct store *st, int timeout_ms);
	/* the portal widgets (widgets-int.h): runs `which` nsets times, with args[k * nargs ..] the
	 * k-th time; changes[k] (when not NULL) gets the rows the k-th run changed, *out (when not
	 * NULL) the rows of the last run */
	enum store_rc (*w_run)(struct store_conn *c, struct arena *a, enum w_stmt which,
			       const struct w_arg *args, size_t nargs, size_t nsets,
			       struct w_rows *out, int64_t *changes);
	/* the citizens' channels (tickets-int.h): one statement text run as w_run runs one, and
	 * the backend's text of each statement */
	enum store_rc (*sql_run)(struct store_conn *c, struct arena *a, const char *text,
				 const struct w_arg *args, size_t nargs, size_t nsets,
				 struct w_rows *out, int64_t *changes);
	const char *const *tk_sql;
	/* the media library */
	enum store_rc (*media_add)(struct store_conn *c, const struct media *m, int64_t *id);
	/* like: a LIKE pattern over the folded name, alt and caption ("" for all) */
	enum store_rc (*media_list)(struct store_conn *c, struct arena *a, const char *like,
				    int64_t offset, int64_t limit, struct media **out, size_t *n,
				    int64_t *total);
	enum store_rc (*media_get)(struct store_conn *c, struct arena *a, const char *file,
				   struct media *out);
	enum store_rc (*media_by_id)(struct store_conn *c, struct arena *a, int64_t id,
				     struct media *out);
	/* NULL keeps a field */
	enum store_rc (*media_describe)(struct store_conn *c, int64_t id, const char *name,
					const char *alt, const char *caption);
	enum store_rc (*media_delete)(struct store_conn *c, int64_t id);
	/* stem: the file's name without its extension, found as a substring */
	enum store_rc (*media_uses)(struct store_conn *c, struct arena *a, const char *stem,
				    struct media_use **out, size_t *n);
	/* imported sites: old keys and old addresses */
	enum store_rc (*import_key_get)(struct store_conn *c, struct arena *a, const char *key,
					int64_t *id, const char **value);
	enum store_rc (*import_key_set)(struct store_conn *c, const char *key, int64_t id,
					const char *value);
	enum store_rc (*redirect_get)(struct store_conn *c, struct arena *a, const char *old,
				      const char **target);
	enum store_rc (*redirect_set)(struct store_conn *c, const char *old, const char *target);
	enum store_rc (*media_set_size)(struct store_conn *c, int64_t id, int64_t width,
					int64_t height, int64_t bytes);
	/* media files in the database (blobs.c); NULL in a backend that keeps none (SQLite).
	 * blob_begin makes the file's row (*taken false when one exists and replace is false),
	 * blob_write adds chunk seq, blob_end records size, chunk count and checksum: the three
	 * inside one transaction. blob_read appends chunk seq to out (STORE_NOTFOUND when none). */
	enum store_rc (*blob_begin)(struct store_conn *c, const char *path, const char *mime,
				    int64_t mtime, bool replace, bool *taken);
	enum store_rc (*blob_write)(struct store_conn *c, const char *path, int64_t seq,
				    const void *data, size_t len);
	enum store_rc (*blob_end)(struct store_conn *c, const char *path, int64_t bytes,
				  int64_t chunks, const char *sha256);
	enum store_rc (*blob_stat)(struct store_conn *c, struct arena *a, const char *path,
				   struct media_blob *out);
	enum store_rc (*blob_read)(struct store_conn *c, const char *path, int64_t seq,
				   struct buf *out);
	enum store_rc (*blob_delete)(struct store_conn *c, const char *path);
	enum store_rc (*blob_list)(struct store_conn *c, struct arena *a, const char *after,
				   int64_t limit, struct media_blob **out, size_t *n);
};

/* Every backend's connection begins with this: the transaction state store.c keeps. */
struct store_conn {
	int depth;    /* open transaction nesting */
	bool failed;  /* a step inside failed: the outermost end rolls back */
	bool pinned;  /* held by a transaction handle: not given back to the pool until its end */
	bool replica; /* a read replica's connection (read-only) */
};

/*
 * Every backend's store begins with this. A transaction handle (store_begin) is a struct store of
 * its own: the same ops and root, and tx, the connection that holds the transaction. Operations
 * receive the connection to run on, so the one a transaction pins is passed, never looked up.
 */
struct store {
	const struct store_ops *ops;
	struct store *root;    /* the store as opened: itself, or the one a handle was begun on */
	struct store_conn *tx; /* a transaction handle's connection; NULL on the store as opened */
	bool read;             /* a reading handle (store_reader): ON_READ may use a replica */
};

/* The monotonic clock in milliseconds (a replica's lag, how long a kept read has lasted). */
static inline int64_t store_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The connection an operation runs on: the transaction handle's, or one from the pool, which
 * store_give hands back (a pinned one stays with its handle). */
static inline struct store_conn *store_take(struct store *st)
{
	return st->tx ? st->tx : st->ops->conn_get(st->root);
}

static inline void store_give(struct store *st, struct store_conn *c)
{
	if (!c->pinned)
		st->ops->conn_put(st->root, c);
}

/* The connection a read of public content runs on: a replica's for a reading handle when one is
 * healthy and up to date, else as store_take. */
static inline struct store_conn *store_take_read(struct store *st)
{
	if (st->tx)
		return st->tx;
	struct store_conn *c = NULL;
	if (st->read && st->ops->read_get)
		c = st->ops->read_get(st->root);
	return c ? c : st->ops->conn_get(st->root);
}

/* Nested transactions on c: the outermost enter begins one; the outermost leave commits, or rolls
 * back when any step inside failed (rc != STORE_OK). Returns the code to report. */
enum store_rc store_tx_enter(const struct store *st, struct store_conn *c);
enum store_rc store_tx_leave(const struct store *st, struct store_conn *c, enum store_rc rc);

/* Runs CALL, an operation on connection c, on a connection of st and returns its code. */
#define ON_CONN(st, CALL)                                                                          \
	do {                                                                                       \
		struct store_conn *c = store_take(st);                                             \
		if (!c)                                                                            \
			return STORE_UNAVAILABLE;                                                  \
		enum store_rc rc_ = (CALL);                                                        \
		store_give(st, c);                                                                 \
		return rc_;                                                                        \
	} while (0)

/* ON_CONN for a read of public content: on a replica when st is a reading handle. A replica that
 * fails meanwhile (unavailable, a query cancelled by recovery, an error) is not the reader's
 * problem: the read runs again on the primary. */
#define ON_READ(st, CALL)                                                                          \
	do {                                                                                       \
		struct store_conn *c = store_take_read(st);                                        \
		if (!c)                                                                            \
			return STORE_UNAVAILABLE;                                                  \
		enum store_rc rc_ = (CALL);                                                        \
		if ((rc_ == STORE_UNAVAILABLE || rc_ == STORE_ERROR) && c->replica) {              \
			store_give(st, c);                                                         \
			c = store_take(st);                                                        \
			if (!c)                                                                    \
				return STORE_UNAVAILABLE;                                          \
			rc_ = (CALL);                                                              \
		}                                                                                  \
		store_give(st, c);                                                                 \
		return rc_;                                                                        \
	} while (0)

/* The same for a write of several steps: all or nothing, in the caller's transaction if any. */
#define IN_TX(st, CALL)                                                                            \
	do {                                                                                       \
		struct store_conn *c = store_take(st);                                             \
		if (!c)                                                                            \
			return STORE_UNAVAILABLE;                                                  \
		enum store_rc rc_ = store_tx_enter(st, c);                                         \
		if (rc_ == STORE_OK)                                                               \
			rc_ = store_tx_leave(st, c, (CALL));                                       \
		store_give(st, c);                                                                 \
		return rc_;                                                                        \
	} while (0)

/*
 * One row of a result as the shared readers (value.c) see it: each backend fills the accessors for
 * its own result (res, row). i64 and flag read NULL as 0 and false; text copies into the arena and
 * reads NULL as "".
 */
struct store_row {
	int64_t (*i64)(const struct store_row *r, int col);
	bool (*flag)(const struct store_row *r, int col);
	const char *(*text)(const struct store_row *r, struct arena *a, int col);
	const void *res;
	int row;
};

/* Fills one element (of the type its name says) from a row. */
typedef void (*store_row_fn)(struct arena *a, const struct store_row *r, void *elem);
void store_row_int(struct arena *a, const struct store_row *r, void *elem);
/* Two integers (int64_t[2]). */
void store_row_pair(struct arena *a, const struct store_row *r, void *elem);
void store_row_token(struct arena *a, const struct store_row *r, void *elem);
/* The ids as "1,5,7" in the arena ("" for none), for a statement's list parameter. */
const char *store_id_list(struct arena *a, const int64_t *ids, size_t n);
void store_row_article(struct arena *a, const struct store_row *r, void *elem);
void store_row_summary(struct arena *a, const struct store_row *r, void *elem);
void store_row_category(struct arena *a, const struct store_row *r, void *elem);
void store_row_admin(struct arena *a, const struct store_row *r, void *elem);
void store_row_revision(struct arena *a, const struct store_row *r, void *elem);
void store_row_tag(struct arena *a, const struct store_row *r, void *elem);
void store_row_user(struct arena *a, const struct store_row *r, void *elem);
void store_row_session(struct arena *a, const struct store_row *r, void *elem);
void store_row_audit(struct arena *a, const struct store_row *r, void *elem);
void store_row_archived(struct arena *a, const struct store_row *r, void *elem);
void store_row_stats(struct arena *a, const struct store_row *r, void *elem);
void store_row_output(struct arena *a, const struct store_row *r, void *elem);
void store_row_source(struct arena *a, const struct store_row *r, void *elem);
void store_row_origin(struct arena *a, const struct store_row *r, void *elem);
void store_row_takedown(struct arena *a, const struct store_row *r, void *elem);
void store_row_media(struct arena *a, const struct store_row *r, void *elem);
void store_row_media_use(struct arena *a, const struct store_row *r, void *elem);
void store_row_page(struct arena *a, const struct store_row *r, void *elem);
/* article_id, updated_at, lang, title, lead, body_html */
void store_row_translation(struct arena *a, const struct store_row *r, void *elem);
void store_row_page_revision(struct arena *a, const struct store_row *r, void *elem);
void store_row_unit(struct arena *a, const struct store_row *r, void *elem);
void store_row_person(struct arena *a, const struct store_row *r, void *elem);

/* Parameters $1, $2 ... (or ?1, ?2 ...) appended in order, whichever the backend. */
struct store_bind {
	void (*i64)(struct store_bind *b, int64_t v);
	void (*flag)(struct store_bind *b, bool v);
	void (*text)(struct store_bind *b, const char *v); /* NULL binds "" */
};

/* The 19 parameters of an article save, and the 7 of an article list. */
void store_bind_article(struct store_bind *b, const struct article_put *p, int64_t now);
void store_bind_query(struct store_bind *b, const struct article_query *q);

/* How the newsroom list's count of one state alone is asked with an index on status: the status,
 * the note (0 any, 1 set, 2 empty), and published_at above `after` (-1: any) (newsroom.c). True
 * when q asks for exactly that (a state, perhaps an owner, nothing else). */
bool store_admin_state_count(const struct article_admin_query *q, const char **status,
			     int64_t *note, int64_t *after);
/* The newsroom list's count stops after this many (the screen says "hơn 1.000"): beyond, a
 * count would read the whole table on every page. */
#define STORE_ADMIN_COUNT_CAP 1000
/* The LIKE pattern (escape '\\') of the newsroom list's folded words: "%w1%w2%", "" for none
 * (newsroom.c). */
const char *store_admin_pattern(struct arena *a, const char *text);
/* Users with the categories they may edit (newsroom.c), on connection c of st. */
enum store_rc store_user_by_id_on(const struct store *st, struct store_conn *c, struct arena *a,
				  int64_t id, struct user *out);
enum store_rc store_users_on(const struct store *st, struct store_conn *c, struct arena *a,
			     struct user **out, size_t *n);
enum store_rc store_token_user_on(const struct store *st, struct store_conn *c, struct arena *a,
				  const char *token_hash, struct user *out);

/* The operations composed of the steps above (content.c), on connection c of st. */
enum store_rc store_category_ensure_on(const struct store *st, struct store_conn *c,
				       int64_t parent_id, const char *name, const char *slug,
				       int64_t *id);
enum store_rc store_article_put_on(const struct store *st, struct store_conn *c,
				   const struct article_put *a, int64_t *id_out);
enum store_rc store_articles_import_on(const struct store *st, struct store_conn *c,
				       const struct article_put *a, size_t n, bool *done);
enum store_rc store_articles_list_on(const struct store *st, struct store_conn *c, struct arena *a,
				     const struct article_query *q, struct article_summary **out,
				     size_t *n, int64_t *total);
enum store_rc store_articles_each_on(const struct store *st, struct store_conn *c,
				     int (*fn)(const struct article *, void *), void *ctx);
/* The audit chain (audit.c), on connection c of st, inside a transaction. */
enum store_rc store_audit_add_on(const struct store *st, struct store_conn *c,
				 const struct audit_entry *e);
enum store_rc store_audit_verify_on(const struct store *st, struct store_conn *c,
				    struct audit_verdict *out);
enum store_rc store_audit_purge_on(const struct store *st, struct store_conn *c, int64_t now,
				   int64_t *purged);
/* Visitors per day of days from_day..to_day (days since 1970-01-01, local): (*days)[i] and
 * (*counts)[i] for the *n days that had any, ascending (src/store/widgets.c). */
enum store_rc store_visitor_days_on(const struct store *st, struct store_conn *c, struct arena *a,
				    int64_t from_day, int64_t to_day, int64_t **days,
				    int64_t **counts, size_t *n);
enum store_rc store_stats_views_on(const struct store *st, struct store_conn *c, struct arena *a,
				   const struct stats_query *q, struct stats_row **out, size_t *n,
				   int64_t *total);
/* Adds deltas (sorted by article) to the daily counts of day (stats.c). */
enum store_rc store_views_daily_on(const struct store *st, struct store_conn *c,
				   const struct view_delta *d, size_t n, int32_t day);
/* Brings the archive up to date with article id after a write (archive.c): ends the open version
 * when the article is no longer public as it was, and opens one for what is public now. */
enum store_rc store_archive_sync_on(const struct store *st, struct store_conn *c, int64_t id,
				    bool deleting);
/* store_setting_set with the compliance floors checked (compliance.c). */
enum store_rc store_setting_set_on(const struct store *st, struct store_conn *c, const char *key,
				   const char *val);
enum store_rc store_setting_num_on(const struct store *st, struct store_conn *c, const char *key,
				   int64_t *out);
enum store_rc store_bodies_refresh_on(const struct store *st, struct store_conn *c, int64_t limit,
				      int64_t *done);
enum store_rc store_views_add_on(const struct store *st, struct store_conn *c,
				 const struct view_delta *d, size_t n, int32_t day);

enum store_rc store_sqlite_backup(struct store *st, const char *dest, struct buf *err);
enum store_rc store_sqlite_open(const char *path, bool create, struct store **out, struct buf *err);
enum store_rc store_pg_open(const char *url, bool create, struct store **out, struct buf *err);

#endif
