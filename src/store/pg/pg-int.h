/* Private to src/store/pg/: what the PostgreSQL backend's files share. */
#ifndef GZ_STORE_PG_INT_H
#define GZ_STORE_PG_INT_H

#include <libpq-fe.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/schema.h"
#include "store/store-int.h"

/* Most connections one store opens; a caller beyond that waits for one to come back. */
#define PG_POOL_MAX 8
/* Seconds to wait for a connection when the URL does not say (connect_timeout). */
#define PG_CONNECT_TIMEOUT "5"
/* Most parameters of any statement. */
#define PG_PARAMS_MAX 32
/* The channel the content-version trigger notifies (pg/schema.c, migration 5). */
#define PG_CHANNEL "gazette_content"
/* Key of the advisory lock that serialises migrations across nodes. */
#define PG_MIGRATION_LOCK "SELECT pg_advisory_xact_lock(7526430190712010251)"

/* Type oids of parameters (fixed in PostgreSQL's catalog, pg_type.dat). */
#define PG_BOOLOID 16
#define PG_INT8OID 20
#define PG_TEXTOID 25
#define PG_INT8ARRAYOID 1016
#define PG_TEXTARRAYOID 1009
#define PG_TSVECTOROID 3614
#define PG_TSVECTORARRAYOID 3643
#define PG_INT2ARRAYOID 1005
#define PG_INT2OID 21

/* Numbers in network order, as PostgreSQL's binary formats hold them. */
static inline void pg_put32(struct buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};
	buf_append(b, x, 4);
}

static inline void pg_put16(struct buf *b, unsigned v)
{
	unsigned char x[2] = {(unsigned char)(v >> 8), (unsigned char)v};
	buf_append(b, x, 2);
}

/* Writes v at b's offset at (a length known only once what follows it is written). */
static inline void pg_patch32(struct buf *b, size_t at, uint32_t v)
{
	unsigned char *d = (unsigned char *)b->data + at;
	d[0] = (unsigned char)(v >> 24);
	d[1] = (unsigned char)(v >> 16);
	d[2] = (unsigned char)(v >> 8);
	d[3] = (unsigned char)v;
}

static inline uint32_t pg_get32(const void *p)
{
	const unsigned char *d = p;
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

/* The type of a parameter from its letter in pg_sql's types: I bigint, B boolean, L bigint[],
 * A text[], V tsvector[], S smallint[] (the arrays sent in binary), anything else text. */
static inline unsigned pg_type_oid(char t)
{
	return t == 'I'   ? PG_INT8OID
	       : t == 'B' ? PG_BOOLOID
	       : t == 'L' ? PG_INT8ARRAYOID
	       : t == 'A' ? PG_TEXTARRAYOID
	       : t == 'V' ? PG_TSVECTORARRAYOID
	       : t == 'S' ? PG_INT2ARRAYOID
			  : PG_TEXTOID;
}

enum pg_stmt {
	PG_SETTING_GET,
	PG_SETTING_SET,
	PG_CATEGORIES,
	PG_CATEGORY_FIND,
	PG_CATEGORY_SLUG_TAKEN,
	PG_CATEGORY_INSERT,
	PG_ARTICLE_GET,
	PG_ARTICLE_EXISTS,
	PG_ARTICLE_INSERT,
	PG_ARTICLE_UPDATE,
	PG_REVISION_SNAPSHOT,
	PG_ARTICLE_SEQ_ADVANCE,
	PG_TAG_FIND,
	PG_TAG_SLUG_TAKEN,
	PG_TAG_INSERT,
	PG_ARTICLE_TAGS_CLEAR,
	PG_ARTICLE_TAG_ADD,
	PG_LIST_ALL_NEWEST,
	PG_LIST_ALL_VIEWED,
	PG_LIST_CAT_NEWEST,
	PG_LIST_CAT_PLAIN,
	PG_LIST_TREE_NEWEST,
	PG_COUNT_ALL,
	PG_COUNT_CAT,
	PG_COUNT_TREE,
	PG_EACH,
	PG_EACH_TAGS,
	PG_MAX_ID,
	PG_FREE_ID,
	PG_VIEWS_ADD,
	PG_ARTICLE_VIEWS_SET,
	PG_VIEWS_BATCH,
	PG_USER_GET,
	PG_USER_INSERT,
	PG_CONTENT_VERSION,
	PG_BODIES_STALE,
	PG_BODY_SET,
	PG_BODY_SET_TEXT,
	PG_SEARCH_GIVEN,
	PG_ARTICLE_INSERT_WORDS,
	PG_ARTICLE_UPDATE_WORDS,
	/* the newsroom */
	PG_SET_STATUS,
	PG_SET_FEATURED,
	PG_ADMIN_ALL,
	PG_ADMIN_COUNT,
	PG_REVISIONS,
	PG_REVISION_GET,
	PG_NEXT_CHANGE,
	PG_CATEGORY_CYCLE,
	PG_CATEGORY_UPDATE,
	PG_CATEGORY_USED,
	PG_CATEGORY_DELETE,
	PG_TAGS,
	PG_TAG_BY_SLUG,
	PG_TAG_RENAME,
	PG_TAG_DELETE_LINKS,
	PG_TAG_DELETE,
	PG_AUTOSAVE_PUT,
	PG_CATEGORY_COUNTS,
	PG_ADMIN_STATE_COUNT,
	PG_ADMIN_SCHEDULED_COUNT,
	PG_AUTOSAVE_GET,
	PG_AUTOSAVE_DELETE,
	PG_USER_BY_ID,
	PG_USERS,
	PG_USER_CATS,
	PG_USER_UPDATE,
	PG_USER_PASSWORD,
	PG_USER_CATS_CLEAR,
	PG_USER_CATS_ADD,
	PG_USER_RIGHT_GET,
	PG_USER_RIGHT_ADD,
	PG_USER_RIGHT_DEL,
	PG_SESSION_PURGE,
	PG_SESSION_ADD,
	PG_SESSION_GET,
	PG_SESSION_DELETE,
	PG_SESSIONS_DELETE_USER,
	PG_TOKEN_ADD,
	PG_TOKEN_USER,
	PG_TOKENS,
	PG_TOKEN_REVOKE,
	PG_TOKENS_DELETE_USER,
	PG_THROTTLE_PURGE,
	PG_THROTTLE_HIT,
	PG_THROTTLE_COUNT,
	PG_THROTTLE_CLEAR,
	PG_AUDIT_LIST,
	PG_AUDIT_COUNT,
	/* audit.c */
	PG_CHAIN_GET,
	PG_CHAIN_LOCK,
	PG_CHAIN_SET,
	PG_AUDIT_INSERT,
	PG_AUDIT_PAGE,
	PG_AUDIT_REHASH,
	PG_AUDIT_PURGE_BOUND,
	PG_AUDIT_DELETE_UPTO,
	/* archive.c */
	PG_ARCH_OPEN,
	PG_ARCH_CLOSE,
	PG_ARCH_DROP,
	PG_ARCH_ADD,
	PG_ARCH_AT,
	PG_ARCH_CAT_AT,
	PG_ARCH_CAT_COUNT,
	PG_ARCH_VERSIONS,
	PG_ARCH_PURGE,
	PG_ARTICLE_DELETE,
	/* stats.c */
	PG_DAILY_ADD,
	PG_CATEGORY_OF,
	PG_CAT_ADD,
	PG_STATS_DAY_CAT,
	PG_STATS_CAT_CAT,
	PG_STATS_DAY,
	PG_STATS_CATEGORY,
	PG_STATS_AUTHOR,
	PG_STATS_SOURCE,
	PG_STATS_ARTICLE,
	PG_STATS_OUTPUT,
	/* sources.c */
	PG_SOURCES,
	PG_SOURCE_GET,
	PG_SOURCE_INSERT,
	PG_SOURCE_UPDATE,
	PG_SOURCE_USED,
	PG_SOURCE_DELETE,
	PG_ORIGIN_GET,
	PG_ORIGIN_SET,
	PG_TAKEDOWN_ADD,
	PG_TAKEDOWNS,
	PG_TAKEDOWN_DONE,
	PG_TAKEDOWN_CLAIM,
	PG_MEDIA_ADD,
	PG_MEDIA_LIST,
	PG_MEDIA_COUNT,
	PG_MEDIA_GET,
	PG_MEDIA_BY_ID,
	PG_MEDIA_DESCRIBE,
	PG_MEDIA_DELETE,
	PG_MEDIA_USES,
	/* legacy.c */
	PG_KEY_GET,
	PG_KEY_SET,
	PG_REDIRECT_GET,
	PG_REDIRECT_SET,
	PG_MEDIA_SET_SIZE,
	/* pages.c */
	PG_PAGES,
	PG_PAGE_BY_SLUG,
	PG_PAGE_BELOW,
	PG_PAGE_INSERT,
	PG_PAGE_UPDATE,
	PG_PAGE_CHILDREN,
	PG_PAGE_DELETE,
	PG_PAGE_BY_ID,
	PG_PAGE_STATUS,
	PG_PAGE_SNAPSHOT,
	PG_PAGE_REVISIONS,
	PG_PAGE_REVISION,
	/* org.c */
	PG_UNITS,
	PG_PEOPLE,
	PG_UNIT_BELOW,
	PG_UNIT_INSERT,
	PG_UNIT_UPDATE,
	PG_UNIT_USED,
	PG_UNIT_DELETE,
	PG_PERSON_INSERT,
	PG_PERSON_UPDATE,
	PG_PERSON_DELETE,
	/* translations.c */
	PG_TRANSLATION_GET,
	PG_TRANSLATION_PUT,
	PG_TRANSLATION_DELETE,
	PG_TRANSLATIONS,
	/* documents.c */
	PG_DOC_NAMES,
	PG_DOC_NAME_FIND,
	PG_DOC_NAME_INSERT,
	PG_DOC_NAME_UPDATE,
	PG_DOC_NAME_LIST_OF,
	PG_DOC_NAME_USED,
	PG_DOC_NAME_DELETE,
	PG_DOC_REVISION,
	PG_DOC_INSERT,
	PG_DOC_UPDATE,
	PG_DOC_SEQ_ADVANCE,
	PG_DOC_GET,
	PG_DOC_SET_STATUS,
	PG_DOC_DELETE,
	PG_DOC_REPLACED_BY,
	PG_DOC_RELS_CLEAR,
	PG_DOC_REL_ADD,
	PG_DOC_REPLACED_REFRESH,
	PG_DOC_INDEX,
	PG_DOC_INDEX_READ,
	PG_DOC_INDEX_SET,
	PG_DOC_LIST,
	PG_DOC_COUNT,
	PG_DOC_LINKS,
	PG_DOC_FILE_ADD,
	PG_DOC_FILES,
	PG_DOC_FILE_GET,
	PG_DOC_FILE_DELETE,
	PG_DOC_DOWNLOAD_ADD,
	PG_DOC_COMMENT_ADD,
	PG_DOC_COMMENTS,
	PG_DOC_COMMENT_SET,
	PG_DOC_EACH,
	PG_DOC_REINDEX,
	PG_BATCH_CHECK, /* batched imports (batch.c) */
	PG_BATCH_GIN,
	PG_BATCH_TAGS_FIND,
	PG_BATCH_ARTICLES,
	PG_BATCH_SEARCH,
	PG_BATCH_ARTICLE_TAGS,
	PG_BATCH_ARCHIVE,
	PG_MIRROR_STATE, /* the search mirror (mirror.c) */
	PG_MIRROR_IDS,
	PG_MIRROR_ROWS,
	PG_MIRROR_ALL,
	PG_MIRROR_VIEWS,
	PG_MAX
};

/* A statement and the types of its parameters $1..$n: I bigint, T text, B boolean. */
struct pg_sql {
	const char *sql;
	const char *types;
};

/* The statement table (sql.c). */
extern const struct pg_sql pg_sql[PG_MAX];

/* Statements of shared store code (pg_sql_run) kept prepared, by their text and parameter types.
 */
#define PG_TEXT_CACHE 128

struct pg_text_stmt {
	char *text;                  /* a copy: a slot is used only for the same text */
	char sig[PG_PARAMS_MAX + 1]; /* 'T' or 'I' per parameter */
};

/* How many buffers a connection keeps for its batches' arrays (batch.c). */
#define PG_SCRATCH 32

struct pg_conn {
	struct store_conn base; /* first: the transaction state store.c keeps */
	PGconn *db;
	bool prepared[PG_MAX];                    /* forgotten when the connection is reset */
	struct pg_text_stmt texts[PG_TEXT_CACHE]; /* likewise */
	bool broken;                              /* the link failed: reset before the next use */
	bool fenced; /* inside run_fenced: a failure stays behind its savepoint */
	/* Buffers an import's batches build their arrays in, kept from one batch to the next
	 * (batch.c): grown once, not made again and page-faulted in for every batch. */
	struct buf scratch[PG_SCRATCH];
	struct pg_store *store;
	struct pg_conn *next;
};

struct pg_store {
	struct store base;
	char *url;
	bool default_timeout; /* the URL has no connect_timeout: use PG_CONNECT_TIMEOUT */
	int version;
	pthread_mutex_t mu;
	pthread_cond_t freed;
	struct pg_conn *idle;
	int open;                  /* connections made, idle or in use, at most PG_POOL_MAX */
	int in_use;                /* under mu: connections handed out */
	int64_t waits;             /* under mu: takes that waited for a free connection */
	atomic_bool down;          /* the last connection attempt failed: log the outage once */
	pthread_mutex_t listen_mu; /* one store_wait_change at a time owns the listener */
	PGconn *listen;           /* LISTENs on PG_CHANNEL; NULL until first needed or after loss */
	atomic_bool unready;      /* opened while unreachable: check and migrate on first connect */
	pthread_mutex_t ready_mu; /* one connection does that */
	atomic_int words;         /* pg_words_agree on this server: 0 not asked yet, 1 yes, -1 no */
	struct pg_replica *rep;   /* a read replica's pool: that replica (replica.c) */
	struct pg_replicas *replicas; /* the primary's read replicas, or NULL (replica.c) */
	struct pg_mirror *mirror;     /* the search mirror, or NULL (mirror.c) */
};

/* conn.c: a connection to s's URL (NULL with the reason in err), and a store with no connection
 * yet on url (NULL when url does not parse): the primary's, or a read replica's pool. */
PGconn *pg_connect(const struct pg_store *s, struct buf *err);
struct pg_store *pg_pool_new(const char *url, struct buf *err);

/* mirror.c: the mirror (store/search.h) and its log (migrations 39 and 40). */
struct pg_mirror;
/* Articles read from PostgreSQL and written to the mirror at a time. */
#define PG_MIRROR_BATCH 500
#define PG_MIRROR_BATCH_S "500"
extern const char pg_search_log_sql[], pg_mirror_log_sql[];
extern const char pg_mirror_state_sql[], pg_mirror_ids_sql[], pg_mirror_views_sql[];
/* A row of a result in ARTICLE_GET_COLS's form (sql.c: PG_ARTICLE_GET, PG_MIRROR_ROWS...) into o;
 * false (logged) when its tags or translations are not in the form asked. */
bool pg_read_article_whole(struct arena *a, const PGresult *r, int row, struct article *o);
bool pg_mirror_article(struct store *st, struct arena *a, int64_t id, struct article *out,
		       enum store_rc *rc);
/* A change this node knows of (pg_note_write): pages read PostgreSQL until the mirror has caught
 * up since. */
void pg_mirror_note_write(struct pg_store *s);
enum store_rc pg_mirror_attach(struct store *st, const char *path, struct buf *err);
bool pg_mirror_wait(struct store *st, int timeout_ms);
void pg_mirror_stats(struct store *st, struct store_mirror_stats *out);
bool pg_mirror_search(struct store *st, struct arena *a, const struct search_request *r,
		      struct search_hit **out, size_t *n, int64_t *total, bool *more,
		      enum store_rc *rc);
/* Stops the mirror's thread and closes it (pg_close). */
void pg_mirror_free(struct pg_store *s);
/* Deletes the log's rows older than a week, raising its horizon past them. */
enum store_rc pg_search_log_prune(struct pg_conn *c, int64_t now);

/* replica.c: read replicas (store_replicas_add, store_reader's reads, store_note_write). */
struct pg_replica;
struct pg_replicas;
struct store_conn *pg_read_get(struct store *st);
enum store_rc pg_replicas_add(struct store *st, const char *urls, unsigned max_lag_ms,
			      struct buf *err);
bool pg_has_replicas(struct store *st);
void pg_note_write(struct store *st);
void pg_replica_stats(struct store *st, struct store_replica_stats *out);
/* Stops the watcher and closes the replicas' pools (pg_close). */
void pg_replicas_free(struct pg_store *s);
/* A connection to replica r failed: skipped until its watcher reaches it again. */
void pg_replica_down(struct pg_replica *r);

/* Text parameters $1..$n of one execution; numbers are formatted into num. */
struct pg_params {
	const char *v[PG_PARAMS_MAX];
	char num[PG_PARAMS_MAX][24];
	int n;
	/* Parameters in PostgreSQL's binary format (pg_p_binary): their lengths and formats. */
	bool binary;
	int len[PG_PARAMS_MAX];
	int fmt[PG_PARAMS_MAX];
};

static inline struct pg_store *pg_of(struct store *st)
{
	return (struct pg_store *)st;
}

/* The PostgreSQL connection an operation was given. */
static inline struct pg_conn *pg_c(struct store_conn *c)
{
	return (struct pg_conn *)c;
}

/* Search (search.c). */
/* The version of PostgreSQL's search migration (SQLite's is 4 too). */
/* The SQL of migration 10: stored body text, and the search trigger reading it (search.c). */
extern const char pg_body_text_sql[];
/* The SQL of migration 23: the search trigger leaves rows to a writer that made the words. */
extern const char pg_search_given_sql[];
/* The SQL of migration 38: the pairs of adjacent words, a key each, indexed. */
extern const char pg_search_pairs_sql[];
/* The SQL of migration 41: the pairs' keys as numbers. */
extern const char pg_search_pairs_int_sql[];
#define PG_SEARCH_VERSION 4

/* The SQL of migration PG_SEARCH_VERSION (the search index and its trigger), listed in
 * pg/schema.c. */
extern const char pg_search_sql[];

/* store_search on one connection (no transaction needed). */
enum store_rc pg_search_run(PGconn *db, struct arena *a, const struct search_request *r,
			    struct search_hit **out, size_t *n, int64_t *total, bool *more);
/* The plan of that search's statement (EXPLAIN (COSTS OFF), one line each) appended to out, for
 * the tests of its plans (tests/unit/store/test_plans.c). */
enum store_rc pg_search_plan(PGconn *db, const struct search_request *r, struct buf *out);
/* store_search_reindex on one connection: call inside a transaction (it empties the index
 * first). */
enum store_rc pg_search_rebuild(PGconn *db, void (*progress)(int64_t done, void *ctx), void *ctx,
				int64_t *count);

/* sql.c */
/* Row `row` of r, for the shared readers (value.c). */
struct store_row pg_row(const PGresult *r, int row);
/* Appends parameters to p, for the shared binders (value.c). */
struct pg_bind {
	struct store_bind base;
	struct pg_params *p;
};
struct pg_bind pg_binder(struct pg_params *p);
/* Runs `which` with p and collects its rows with fn into an arena array. */
enum store_rc pg_read_rows_p(struct pg_conn *c, struct arena *a, enum pg_stmt which, size_t elem,
			     store_row_fn fn, void **out, size_t *n, const struct pg_params *p);
void pg_p_text(struct pg_params *p, const char *s);
void pg_p_i64(struct pg_params *p, int64_t x);
void pg_p_bool(struct pg_params *p, bool x);
/* A parameter in binary format: len bytes at v (kept by the caller until the statement ran). */
void pg_p_binary(struct pg_params *p, const char *v, size_t len);
int64_t pg_get_i64(const PGresult *r, int row, int col);
bool pg_get_bool(const PGresult *r, int row, int col);
const char *pg_get_text(struct arena *a, const PGresult *r, int row, int col);
enum store_rc pg_rc_of(struct pg_conn *c, const PGresult *r);
/* Prepares `which` on c on its first use since the connection was made or reset. */
enum store_rc pg_prepare(struct pg_conn *c, enum pg_stmt which);
/* Whether p suits `which` (its number of parameters, logged when not), then pg_prepare. */
enum store_rc pg_ready(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p);
/* Forgets c's prepared texts (the connection was reset or is closing). */
void pg_texts_forget(struct pg_conn *c);
/* Notes a failed step (logged unless a constraint); inside a transaction not fenced by a savepoint
 * the transaction is then failed. Returns the failure's code. */
enum store_rc pg_step_failed(struct pg_conn *c, const PGresult *r, const char *what);
enum store_rc pg_conn_exec(struct pg_conn *c, const char *sql);
PGresult *pg_run(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p,
		 enum store_rc *rc);
/* `which` sent without waiting (false: not sent, logged), then its answer read as pg_run gives
 * it; between the two nothing else may use c. */
bool pg_send(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p);
PGresult *pg_recv(struct pg_conn *c, enum store_rc *rc);
/* The two halves under them and pg_run_steps: `which` (prepared) sent with p, false when the link
 * failed; the one result of a statement sent, its end read (NULL when there was none). */
bool pg_send_prepared(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p);
PGresult *pg_result_one(struct pg_conn *c);
enum store_rc pg_run_done(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p);
enum store_rc pg_run_exists(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p,
			    int64_t *first_col, bool *found);
enum store_rc pg_write1(struct store_conn *sc, int64_t *changes, enum pg_stmt which, ...);
enum store_rc pg_read_rows(struct store_conn *sc, struct arena *a, enum pg_stmt which, size_t elem,
			   store_row_fn fn, void **out, size_t *n, ...);
enum store_rc pg_read_one(struct store_conn *sc, struct arena *a, enum pg_stmt which, size_t elem,
			  store_row_fn fn, void *dst, ...);
enum store_rc pg_one_int(struct store_conn *sc, enum pg_stmt which, int64_t *out, ...);

/* One statement of pg_run_steps: a prepared one with its parameters, or (which == PG_MAX) a
 * command without parameters. */
struct pg_step {
	enum pg_stmt which;
	const struct pg_params *p;
	const char *sql;
};
/* Runs the steps in one round trip (libpq's pipeline mode); PostgreSQL skips the steps after one
 * that fails. res[i] gets each step's result (PQclear them; NULL when it was not run). Returns
 * STORE_OK, or the first failure's code with its index in *failed. */
enum store_rc pg_run_steps(struct pg_conn *c, const struct pg_step *steps, size_t n, PGresult **res,
			   size_t *failed);

/* words.c: the search words of t as the server's gz_words(gz_fold(t)) (fold) or
 * gz_words(gz_lower(t)) give them, appended to out; false (out half-written) when t holds a
 * character whose treatment depends on the server's locale. */
bool pg_words(const char *t, bool fold, struct buf *out);
/* t as the server's gz_fold(t) gives it (the newsroom list's title_fold is gz_fold(title || ' ' ||
 * author)), appended to out; false (out half-written) as pg_words. */
bool pg_fold(const char *t, struct buf *out);
/* The tsvector, as text, that the search trigger's gz_vector_text(title, lead, body, fold) makes
 * of parts[0..2] (words of the title weighted A, the lead's B, the body's D); false when the
 * server must make it (pg_words refused, or a word the parser would split or drop). */
bool pg_vector(const char *const parts[3], bool fold, struct buf *out);
/* The pairs' keys, as an int2[] literal, that gz_pairs(gz_vector_text(title, lead, body, true))
 * makes of parts[0..2]: a key (pg_pair_key) for each two words side by side, each once, in
 * ascending order ("{-32701,-5,417}", "{}" for none); false when the server must make them (as
 * pg_vector). */
bool pg_vector_pairs(const char *const parts[3], struct buf *out);
/* Where pg_article_words puts each form: the folded and exact vectors and the pairs as text
 * (tsvector and int2[] literals), and all three in a batch's binary form: the two vectors as
 * elements of a binary tsvector[] (each its length, then tsvectorrecv's format), then the
 * number of keys and each as an element of a binary int2[]. */
enum { PG_WORDS_FOLD, PG_WORDS_EXACT, PG_WORDS_PAIRS, PG_WORDS_BATCH };
/* The words of parts[0..2] in every form (out[0..STORE_WORDS), PG_WORDS_*), the folded and the
 * exact words each grouped once; false when the server must make them. */
bool pg_article_words(const char *const parts[3], struct buf out[STORE_WORDS]);
/* The key of the folded words a and b side by side, as gz_pairs makes it: the first two bytes of
 * the SHA-256 of "a b" as a number, less 32,768 (an int2: 65,536 keys; search.c). */
int pg_pair_key(const char *a, size_t na, const char *b, size_t nb);
/* Whether the server's functions give what pg_words, pg_fold and pg_vector give (checked on a probe
 * of every character class they handle). */
bool pg_words_agree(PGconn *db);
/* pg_words_agree for c's server, asked once per store. */
bool pg_words_ready(struct pg_conn *c);
/* Appends the visible text of sanitised HTML as the server's gz_text(html) gives it (tags become
 * spaces, the entities the sanitiser writes are decoded). */
void pg_html_text(const char *html, struct buf *out);

/* batch.c */
bool pg_words_ahead(struct store_conn *sc);
/* Whether the article's search words were made ahead (store_article_words). */
static inline bool pg_words_given(const struct article_put *a)
{
	return a->words != NULL;
}
enum store_rc pg_tags_find(struct store_conn *sc, const char *const *names, size_t n, int64_t *ids);
enum store_rc pg_articles_insert_batch(struct store_conn *sc, const struct article_put *a, size_t n,
				       const int64_t *tag_ids, int64_t now, bool *done);

/* conn.c */
int64_t pg_now(void);
void pg_put_one_line(struct buf *b, const char *msg);
void pg_log(const char *what, const char *msg);
struct pg_conn *pg_conn_get(struct pg_store *s);
void pg_conn_put(struct pg_store *s, struct pg_conn *c);
enum store_rc pg_tx_commit(struct pg_conn *c);
enum store_rc pg_run_fenced(struct pg_conn *c, enum pg_stmt which, const struct pg_params *p,
			    int64_t *first_col, int64_t *changes);

/* schema.c */
enum store_rc pg_migrate(struct pg_store *s, struct pg_conn *c, struct buf *err);
/* Tests only (tests/upgrade/mkfixture_pg.c makes a database of an earlier schema version): when
 * above 0, migrations of a higher version are not applied. Nothing in gazette sets it. */
extern int pg_migrate_upto;
/* The versions of PostgreSQL's migrations, in the order they are listed, into out (at most cap);
 * returns how many there are. */
size_t pg_schema_versions(int *out, size_t cap);

/* blobs.c: media files in the database (store-int.h blob_*) */
enum store_rc pg_blob_begin(struct store_conn *sc, const char *path, const char *mime,
			    int64_t mtime, bool replace, bool *taken);
enum store_rc pg_blob_write(struct store_conn *sc, const char *path, int64_t seq, const void *data,
			    size_t len);
enum store_rc pg_blob_end(struct store_conn *sc, const char *path, int64_t bytes, int64_t chunks,
			  const char *sha256);
enum store_rc pg_blob_stat(struct store_conn *sc, struct arena *a, const char *path,
			   struct media_blob *out);
enum store_rc pg_blob_read(struct store_conn *sc, const char *path, int64_t seq, struct buf *out);
enum store_rc pg_blob_delete(struct store_conn *sc, const char *path);
enum store_rc pg_blob_list(struct store_conn *sc, struct arena *a, const char *after, int64_t limit,
			   struct media_blob **out, size_t *n);

/* pages.c */
enum store_rc pg_pages(struct store_conn *sc, struct arena *a, struct static_page **out, size_t *n);
enum store_rc pg_page_by_slug(struct store_conn *sc, struct arena *a, const char *slug,
			      struct static_page *out);
enum store_rc pg_page_below(struct store_conn *sc, int64_t ancestor, int64_t id, bool *below);
enum store_rc pg_page_write(struct store_conn *sc, const struct static_page *p, int64_t now,
			    int64_t expect, int64_t *id);
enum store_rc pg_page_children(struct store_conn *sc, int64_t id, int64_t *n);
enum store_rc pg_page_delete(struct store_conn *sc, int64_t id);
enum store_rc pg_page_by_id(struct store_conn *sc, struct arena *a, int64_t id,
			    struct static_page *out);
enum store_rc pg_page_set_status(struct store_conn *sc, int64_t id, const char *status,
				 int64_t now);
enum store_rc pg_page_snapshot(struct store_conn *sc, int64_t id, int64_t user_id, int64_t now);
enum store_rc pg_page_revisions(struct store_conn *sc, struct arena *a, int64_t id,
				struct page_revision **out, size_t *n);
enum store_rc pg_page_revision_get(struct store_conn *sc, struct arena *a, int64_t id, int64_t rev,
				   struct page_revision *out);

/* org.c */
enum store_rc pg_units(struct store_conn *sc, struct arena *a, struct org_unit **out, size_t *n);
enum store_rc pg_people(struct store_conn *sc, struct arena *a, struct org_person **out, size_t *n);
enum store_rc pg_unit_below(struct store_conn *sc, int64_t ancestor, int64_t id, bool *below);
enum store_rc pg_unit_write(struct store_conn *sc, const struct org_unit *u, int64_t now,
			    int64_t *id);
enum store_rc pg_unit_used(struct store_conn *sc, int64_t id, int64_t *n);
enum store_rc pg_unit_delete(struct store_conn *sc, int64_t id);
enum store_rc pg_person_write(struct store_conn *sc, const struct org_person *p, int64_t now,
			      int64_t *id);
enum store_rc pg_person_delete(struct store_conn *sc, int64_t id);
/* translations.c */
enum store_rc pg_translation_get(struct store_conn *sc, struct arena *a, int64_t article_id,
				 const char *lang, struct article_translation *out);
enum store_rc pg_translation_put(struct store_conn *sc, const struct article_translation *t,
				 int64_t now);
enum store_rc pg_translation_delete(struct store_conn *sc, int64_t article_id, const char *lang);
enum store_rc pg_translations(struct store_conn *sc, struct arena *a, const char *lang,
			      int64_t limit, struct article_translation **out, size_t *n);

/* content.c */
enum store_rc pg_setting_get(struct store_conn *sc, struct arena *a, const char *key,
			     const char **val);
enum store_rc pg_setting_set(struct store_conn *sc, const char *key, const char *val);
enum store_rc pg_categories(struct store_conn *sc, struct arena *a, struct category **out,
			    size_t *n);
enum store_rc pg_slug_taken(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			    const char *slug, bool *taken);
enum store_rc pg_named_find(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			    const char *name, int64_t *id, bool *found);
enum store_rc pg_named_insert(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			      const char *name, const char *slug, int64_t *id, bool *inserted);
enum store_rc pg_article_exists(struct store_conn *sc, int64_t id, bool *exists);
enum store_rc pg_revision_snapshot(struct store_conn *sc, int64_t id, int64_t user_id, int64_t at);
enum store_rc pg_article_write(struct store_conn *sc, const struct article_put *a, bool exists,
			       int64_t now, int64_t *id);
enum store_rc pg_article_tags_clear(struct store_conn *sc, int64_t article_id);
enum store_rc pg_article_tag_add(struct store_conn *sc, int64_t article_id, int64_t tag_id,
				 int64_t position);
enum store_rc pg_list_rows(struct store_conn *sc, struct arena *a, const struct article_query *q,
			   enum list_kind kind, struct article_summary **out, size_t *n);
enum store_rc pg_list_count(struct store_conn *sc, const struct article_query *q,
			    enum list_kind kind, int64_t *total);
enum store_rc pg_each_page(struct store_conn *sc, struct arena *a, int64_t after, size_t limit,
			   struct article *rows, size_t *n);
enum store_rc pg_view_add(struct store_conn *sc, int64_t article_id, int64_t n);
enum store_rc pg_views_add_batch(struct store_conn *sc, const struct view_delta *d, size_t n,
				 int32_t day);
enum store_rc pg_article_get(struct store_conn *sc, struct arena *a, int64_t id,
			     struct article *out);
enum store_rc pg_article_max_id(struct store_conn *sc, int64_t *out);
enum store_rc pg_article_free_id(struct store_conn *sc, int64_t *out);
enum store_rc pg_user_get(struct store_conn *sc, struct arena *a, const char *name,
			  struct user *out);
enum store_rc pg_user_add(struct store_conn *sc, const char *name, const char *display_name,
			  const char *role, const char *password_hash, int64_t *id);
enum store_rc pg_content_version(struct store_conn *sc, int64_t *out);
enum store_rc pg_bodies_stale(struct store_conn *sc, struct arena *a, int version, int64_t limit,
			      struct article *rows, size_t *n);
enum store_rc pg_body_set(struct store_conn *sc, int64_t id, const char *html, const char *text,
			  int version, bool html_changed);

/* newsroom.c */
enum store_rc pg_article_set_status(struct store_conn *sc, int64_t id, enum article_status status,
				    int64_t published_at, const char *note);
enum store_rc pg_article_set_featured(struct store_conn *sc, int64_t id, bool featured);
enum store_rc pg_articles_admin(struct store_conn *sc, struct arena *a,
				const struct article_admin_query *q, struct article_row **out,
				size_t *n, int64_t *total);
enum store_rc pg_revisions(struct store_conn *sc, struct arena *a, int64_t article_id,
			   struct revision **out, size_t *n);
enum store_rc pg_revision_get(struct store_conn *sc, struct arena *a, int64_t article_id,
			      int64_t revision, struct revision *out);
enum store_rc pg_next_change(struct store_conn *sc, int64_t now, int64_t *out);
enum store_rc pg_category_update(struct store_conn *sc, int64_t id, int64_t parent_id,
				 const char *name, const char *slug, int position);
enum store_rc pg_category_delete(struct store_conn *sc, int64_t id);
enum store_rc pg_tags(struct store_conn *sc, struct arena *a, struct tag **out, size_t *n);
enum store_rc pg_tag_by_slug(struct store_conn *sc, struct arena *a, const char *slug,
			     struct tag *out);
enum store_rc pg_tag_rename(struct store_conn *sc, int64_t id, const char *name, const char *slug);
enum store_rc pg_tag_delete(struct store_conn *sc, int64_t id);
enum store_rc pg_category_counts(struct store_conn *sc, struct arena *a, int64_t **out, size_t *n);
enum store_rc pg_autosave_put(struct store_conn *sc, int64_t user_id, int64_t article_id,
			      int64_t saved_at, const char *data);
enum store_rc pg_autosave_get(struct store_conn *sc, struct arena *a, int64_t user_id,
			      int64_t article_id, struct autosave *out);
enum store_rc pg_autosave_delete(struct store_conn *sc, int64_t user_id, int64_t article_id);
enum store_rc pg_user_by_id(struct store_conn *sc, struct arena *a, int64_t id, struct user *out);
enum store_rc pg_users(struct store_conn *sc, struct arena *a, struct user **out, size_t *n);
enum store_rc pg_user_update(struct store_conn *sc, int64_t id, const char *display_name,
			     const char *role, bool disabled);
enum store_rc pg_user_password(struct store_conn *sc, int64_t id, const char *password_hash);
enum store_rc pg_user_category_ids(struct store_conn *sc, struct arena *a, int64_t user_id,
				   int64_t **ids, size_t *n);
enum store_rc pg_user_categories(struct store_conn *sc, int64_t id, const int64_t *ids, size_t n);
enum store_rc pg_user_right(struct store_conn *sc, int64_t id, const char *right, bool *has);
enum store_rc pg_user_right_set(struct store_conn *sc, int64_t id, const char *right, bool on);
enum store_rc pg_session_add(struct store_conn *sc, const char *token_hash, int64_t user_id,
			     const char *csrf, int64_t expires_at, const char *address);
enum store_rc pg_session_get(struct store_conn *sc, struct arena *a, const char *token_hash,
			     int64_t now, struct session *out);
enum store_rc pg_session_delete(struct store_conn *sc, const char *token_hash);
enum store_rc pg_sessions_delete_user(struct store_conn *sc, int64_t user_id);
enum store_rc pg_token_add(struct store_conn *sc, const struct api_token *t);
enum store_rc pg_tokens(struct store_conn *sc, struct arena *a, int64_t user_id,
			struct api_token **out, size_t *n);
enum store_rc pg_token_revoke(struct store_conn *sc, int64_t user_id, const char *name);
enum store_rc pg_tokens_delete_user(struct store_conn *sc, int64_t user_id);
enum store_rc pg_token_user(struct store_conn *sc, struct arena *a, const char *token_hash,
			    struct user *out);
enum store_rc pg_throttle_hit(struct store_conn *sc, const char *key, int64_t at);
enum store_rc pg_throttle_count(struct store_conn *sc, const char *key, int64_t since, int64_t *n);
enum store_rc pg_throttle_clear(struct store_conn *sc, const char *key);
enum store_rc pg_audit_list(struct store_conn *sc, struct arena *a, int64_t offset, int64_t limit,
			    struct audit_entry **out, size_t *n, int64_t *total);

/* audit.c */
enum store_rc pg_audit_chain_get(struct store_conn *sc, struct arena *a, bool lock,
				 struct audit_chain *out, int64_t *max_id);
enum store_rc pg_audit_chain_set(struct store_conn *sc, const struct audit_chain *s);
enum store_rc pg_audit_insert(struct store_conn *sc, const struct audit_entry *e);
enum store_rc pg_audit_page(struct store_conn *sc, struct arena *a, int64_t after, int64_t limit,
			    struct audit_entry **out, size_t *n);
enum store_rc pg_audit_rehash(struct store_conn *sc, int64_t id, const char *prev_hash,
			      const char *hash);
enum store_rc pg_audit_purge_bound(struct store_conn *sc, int64_t cutoff, int64_t *upto);
enum store_rc pg_audit_delete_upto(struct store_conn *sc, int64_t upto, int64_t *deleted);

/* archive.c */
enum store_rc pg_archive_open(struct store_conn *sc, struct arena *a, int64_t article_id,
			      struct archived *out, bool *found);
enum store_rc pg_archive_close(struct store_conn *sc, int64_t id, int64_t until, bool deleted);
enum store_rc pg_archive_drop(struct store_conn *sc, int64_t id);
enum store_rc pg_archive_add(struct store_conn *sc, int64_t article_id, int64_t from_at);
enum store_rc pg_archive_at(struct store_conn *sc, struct arena *a, int64_t article_id, int64_t t,
			    struct archived *out);
enum store_rc pg_archive_category_at(struct store_conn *sc, struct arena *a, int64_t category_id,
				     int64_t t, int64_t offset, int64_t limit,
				     struct archived **out, size_t *n, int64_t *total);
enum store_rc pg_archive_versions(struct store_conn *sc, struct arena *a, int64_t article_id,
				  struct archived **out, size_t *n);
enum store_rc pg_archive_purge(struct store_conn *sc, int64_t before, int64_t *purged);
enum store_rc pg_article_delete(struct store_conn *sc, int64_t id);

/* stats.c */
enum store_rc pg_views_daily_add(struct store_conn *sc, int64_t article_id, int32_t day, int64_t n,
				 int64_t *category_id);
enum store_rc pg_views_cat_add(struct store_conn *sc, int64_t category_id, int32_t day, int64_t n);
enum store_rc pg_stats_rows(struct store_conn *sc, struct arena *a, enum stats_src src,
			    const int64_t p[5], struct stats_row **out, size_t *n);
enum store_rc pg_stats_output(struct store_conn *sc, struct arena *a, int64_t from, int64_t to,
			      int64_t tz_offset, struct stats_output **out, size_t *n);

/* sources.c */
enum store_rc pg_sources(struct store_conn *sc, struct arena *a, struct source **out, size_t *n);
enum store_rc pg_source_get(struct store_conn *sc, struct arena *a, int64_t id, struct source *out);
enum store_rc pg_source_put(struct store_conn *sc, const struct source *s, int64_t *id);
enum store_rc pg_source_delete(struct store_conn *sc, int64_t id);
enum store_rc pg_origin_get(struct store_conn *sc, struct arena *a, int64_t article_id,
			    struct article_origin *out);
enum store_rc pg_origin_set(struct store_conn *sc, const struct article_origin *o);
enum store_rc pg_takedown_add(struct store_conn *sc, int64_t article_id, int64_t removed_at,
			      int64_t deadline, int64_t now, const char *note, int64_t *id);
enum store_rc pg_takedowns(struct store_conn *sc, struct arena *a, bool open_only,
			   struct takedown **out, size_t *n);
enum store_rc pg_takedown_done(struct store_conn *sc, int64_t article_id, int64_t at);
enum store_rc pg_takedown_claim(struct store_conn *sc, int64_t id, int64_t bit, bool *claimed);

/* search.c */
enum store_rc pg_search(struct store_conn *sc, struct arena *a, const struct search_request *r,
			struct search_hit **out, size_t *n, int64_t *total, bool *more);
/* store_search_merge: the statistics of the tables whose plans depend on their size, made again
 * when a tenth of their rows changed (search.c). */
enum store_rc pg_search_merge(struct store_conn *sc, bool force, int steps, bool *done);
enum store_rc pg_search_reindex(struct store_conn *sc, void (*progress)(int64_t, void *), void *ctx,
				int64_t *count);

/* documents.c: the schema of the documents' migration. */
extern const char pg_documents_schema[];

/* search.c: the tsquery of q's included terms and of its excluded terms typed without diacritics
 * (match, on fold), text[] literals of the tsqueries of its marked terms (exact) and joined pairs
 * (adjacent), for ranking, and the tsquery of its excluded terms typed with diacritics, on the
 * exact words (unexact: none may match; empty when there are none). */
void pg_search_build(const struct search_query *q, struct buf *match, struct buf *exact,
		     struct buf *adj, struct buf *unexact);

/* media.c */
enum store_rc pg_media_add(struct store_conn *sc, const struct media *m, int64_t *id);
enum store_rc pg_media_list(struct store_conn *sc, struct arena *a, const char *like,
			    int64_t offset, int64_t limit, struct media **out, size_t *n,
			    int64_t *total);
enum store_rc pg_media_by_id(struct store_conn *sc, struct arena *a, int64_t id, struct media *out);
enum store_rc pg_media_describe(struct store_conn *sc, int64_t id, const char *name,
				const char *alt, const char *caption);
enum store_rc pg_media_delete(struct store_conn *sc, int64_t id);
enum store_rc pg_media_uses(struct store_conn *sc, struct arena *a, const char *stem,
			    struct media_use **out, size_t *n);
enum store_rc pg_media_get(struct store_conn *sc, struct arena *a, const char *file,
			   struct media *out);
enum store_rc pg_media_set_size(struct store_conn *sc, int64_t id, int64_t width, int64_t height,
				int64_t bytes);

/* legacy.c: imported sites' old keys and addresses */
enum store_rc pg_import_key_get(struct store_conn *sc, struct arena *a, const char *key,
				int64_t *id, const char **value);
enum store_rc pg_import_key_set(struct store_conn *sc, const char *key, int64_t id,
				const char *value);
enum store_rc pg_redirect_get(struct store_conn *sc, struct arena *a, const char *old,
			      const char **target);
enum store_rc pg_redirect_set(struct store_conn *sc, const char *old, const char *target);
/* The portal widgets (widgets.c). */
/* Runs one statement text (as w_run does); the widgets' and the tickets' steps use it. */
enum store_rc pg_sql_run(struct store_conn *sc, struct arena *a, const char *text,
			 const struct w_arg *args, size_t nargs, size_t nsets, struct w_rows *out,
			 int64_t *changes);
/* The citizens' channels (tickets.c): the statements' text, in the order of tickets-int.h, and
 * the migration that makes their tables. */
extern const char *const pg_ticket_sql[];
extern const char pg_tickets_schema[];
enum store_rc pg_w_run(struct store_conn *sc, struct arena *a, enum w_stmt which,
		       const struct w_arg *args, size_t nargs, size_t nsets, struct w_rows *out,
		       int64_t *changes);

#endif
