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

/* An article's featured image: src is a media path ("/media/...") or an absolute http(s) URL;
 * all three are "" when there is none. alt is required to publish an article that has one. */
struct article_image {
	const char *src;
	const char *alt;
	const char *caption;
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
	struct article_image image;
};

/* A language an article is translated into (issue 13), as store_article_get reads it. */
struct article_lang {
	const char *lang;
	const char *title;
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
	int64_t revision;   /* bumped by every save */
	int64_t owner_id;   /* the account that created it; 0 for imported articles */
	int64_t expires_at; /* 0: never; else readers stop seeing it then */
	bool featured;
	const char *title;
	const char *slug;
	const char *lead;
	const char *body_html; /* sanitiser output */
	int body_version;      /* the sanitiser version that made body_html (0: unknown) */
	const char *author;
	const char *signature;
	const char *source;
	struct article_image image;
	const char *note; /* the comment of the last return to the author */
	const char **tags;
	size_t ntags;
	/* store_article_get: the article's translations, by language code (read with the row: the
	 * article page names them without a lookup per language); lists leave langs_read false. */
	const struct article_lang *langs;
	size_t nlangs;
	bool langs_read;
};

/* What a writer gives to store_article_put. id 0 means "new, assign one". */
/* The largest article id: 2^53 - 1, exact as a number in every JSON client. New articles never
 * get a larger one; a larger one given is STORE_INVALID. */
#define STORE_ID_MAX ((INT64_C(1) << 53) - 1)

/* How many buffers an article's search words made ahead are (PostgreSQL: the folded and exact
 * vectors and the pairs of adjacent words as text, then all three in a batch's binary form). */
#define STORE_WORDS 4

struct article_put {
	int64_t id;
	int64_t category_id;
	enum article_status status;
	int64_t published_at;
	int64_t views;
	bool set_views;          /* false: keep the stored count (new articles start at 0) */
	int64_t expect_revision; /* > 0: refuse with STORE_CONFLICT unless the stored one is this */
	int64_t owner_id;        /* on insert: the creating account (0: none) */
	int64_t expires_at;      /* 0: never */
	int64_t editor_id;       /* who saves, for the revision; 0 with no_revision for imports */
	bool no_revision; /* imports: keep no revision (the first edit snapshots the old state) */
	const char *title;
	const char *slug;
	const char *lead;
	const char *body_html;
	/* body_html is sanitize_html output already when this is SANITIZE_VERSION (an import that
	 * sanitised it); otherwise the store sanitises it. body_text: its text (NULL: the store
	 * makes it). */
	int body_version;
	const char *body_text;
	const char *author;
	const char *signature;
	const char *source;
	struct article_image image;
	const char *const *tags;
	size_t ntags;
	/* Search words made ahead by store_article_words from title, lead and body_text (imports,
	 * in their reading thread): STORE_WORDS buffers; NULL: the store makes them. */
	const struct buf *words;
};

/* Filter for listing published articles. */
struct article_query {
	int64_t category_id;   /* 0: all */
	bool with_descendants; /* include sub-categories of category_id */
	int64_t exclude_id;    /* 0: none */
	int64_t now;           /* only articles published at or before now */
	enum { ORDER_NEWEST = 0, ORDER_MOST_VIEWED, ORDER_MAX } order;
	bool featured_only;
	int64_t tag_id; /* 0: any */
	int64_t offset, limit;
};

/* Where an article stands in the newsroom: its status seen at a time (a returned draft, a
 * scheduled or expired publication). The one vocabulary of every screen (labels: nr_state_label).
 */
enum article_state {
	STATE_DRAFT,
	STATE_SUBMITTED,
	STATE_RETURNED,
	STATE_SCHEDULED,
	STATE_PUBLISHED,
	STATE_UNPUBLISHED,
	STATE_EXPIRED,
	ARTICLE_STATE_MAX
};
/* "draft", "submitted", "returned", "scheduled", "published", "unpublished", "expired". */
const char *article_state_name(enum article_state s);
/* The state of that name, or -1. */
int article_state_parse(const char *s);
enum article_state article_state_of(enum article_status status, bool returned, int64_t published_at,
				    int64_t expires_at, int64_t now);

/* Filter for the newsroom's list of articles (any status). store_articles_admin's *total stops
 * at 1,001 (more than 1,000); a first page with fewer rows than the limit is the total. */
struct article_admin_query {
	int status;       /* -1: any */
	int64_t owner_id; /* 0: any */
	/* Only articles in exactly these categories (for a category-limited account: its
	 * categories and their sub-categories); ncategories 0: any. */
	const int64_t *categories;
	size_t ncategories;
	int64_t offset, limit;
	bool by_state;            /* false: any state (so that a zeroed query means "any") */
	int state;                /* with by_state: an enum article_state at `now` */
	int64_t now;              /* for state */
	const char *category_ids; /* ",1,5,7,": only these categories; NULL or "": any */
	const char *text;         /* words folded (vi_fold) and joined by spaces; NULL: any */
	int64_t from, to;         /* last update within [from, to); 0: open */
};

/* A row of the newsroom's list. */
struct article_row {
	int64_t id;
	int64_t category_id;
	int64_t owner_id;
	int64_t updated_at;
	int64_t published_at;
	int64_t expires_at;
	int64_t revision;
	enum article_status status;
	bool featured;
	const char *title;
	const char *owner_name;    /* "" when none */
	bool returned;             /* a draft with a return note */
	const char *owner_display; /* the owner's display name, "" when none */
};

/* A saved state of an article. */
struct revision {
	int64_t article_id;
	int64_t revision;
	int64_t created_at;
	int64_t user_id;
	const char *user_name; /* "" when unknown */
	int64_t category_id;
	const char *title;
	const char *lead;
	const char *body_html;
	const char *author;
	const char *signature;
	const char *source;
	const char *tags; /* one per line */
	struct article_image
	    image; /* the featured image then ("" for revisions before it was kept) */
};

struct session {
	int64_t user_id;
	int64_t expires_at;
	const char *csrf;
};

struct audit_entry {
	int64_t id;
	int64_t at;
	int64_t user_id; /* 0: none (failed logins) */
	const char *user_name;
	const char *address;
	const char *action; /* "login", "article.publish", ... */
	const char *object; /* "article:12", "user:3", ... */
	const char *detail;
	const char *prev_hash; /* the chain (hex BLAKE2b-256): set by the store, ignored by add */
	const char *hash;
};

struct tag {
	int64_t id;
	int64_t count; /* articles carrying it */
	const char *name;
	const char *slug;
};

/* A static page ("Giới thiệu", "Chức năng, nhiệm vụ"...) at /trang/{slug}: pages form a tree
 * (parent_id 0 at the top, siblings by position). body_html is sanitised before it is stored. */
struct static_page {
	int64_t id;
	int64_t parent_id; /* 0: top level */
	int64_t position;
	int64_t updated_at;
	const char *slug;
	const char *title;
	const char *body_html;
	/* The English version (issue 13): "" when the page has none (it is then absent from /en/);
	 * body_en is sanitised like body_html. */
	const char *title_en;
	const char *body_en;
	/* The workflow (issue 13): only published pages are public. */
	enum article_status status;
	int64_t revision; /* bumped by every save */
	int64_t owner_id; /* the account that made it; 0 for imported pages */
};

/* A saved state of a static page. */
struct page_revision {
	int64_t page_id;
	int64_t revision;
	int64_t created_at;
	int64_t user_id;
	const char *user_name; /* "" when unknown */
	int64_t parent_id;
	int64_t position;
	const char *slug;
	const char *title;
	const char *body_html;
};

/* A unit of the agency's organisation (issue 13): leadership, departments, subordinate units, in a
 * tree; its functions and tasks are plain text. */
struct org_unit {
	int64_t id;
	int64_t parent_id; /* 0: top level */
	int64_t position;
	int64_t updated_at;
	const char *name;
	const char *slug;
	const char *functions;
	const char *address;
	const char *phone;
	const char *fax;
	const char *email;
	const char *website;
	const char *name_en; /* English name, "" for none (the Vietnamese one is shown) */
	const char *functions_en;
};

/* An official listed in the directory: position (job title), unit, contacts, photo, order. */
struct org_person {
	int64_t id;
	int64_t unit_id;
	int64_t sort_order;
	int64_t updated_at;
	const char *name;
	const char *title;
	const char *phone;
	const char *email;
	const char *photo;    /* a media path or an absolute URL; "" for none */
	const char *name_en;  /* English spelling of the name, "" for the Vietnamese one */
	const char *title_en; /* English position, "" for none */
};

/* An article's translation into another language (issue 13): shown at /{lang}/ while the article
 * itself is public; body_html is sanitised before it is stored. */
struct article_translation {
	int64_t article_id;
	int64_t updated_at;
	const char *lang; /* a catalogue's code, "en" */
	const char *title;
	const char *lead;
	const char *body_html;
};

struct user {
	int64_t id;
	const char *name;
	const char *display_name;
	const char *role;
	const char *password_hash;
	bool disabled;
	const int64_t *categories; /* the categories (with their sub-categories) it is limited to */
	size_t ncategories;        /* 0: not limited */
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
/* When true (set before store_open by `serve` with a page store), a PostgreSQL store whose
 * database cannot be reached opens anyway and connects (and migrates) when it comes back. */
extern bool store_start_offline;
void store_close(struct store *st);
/* "sqlite" or "postgresql". */
const char *store_backend(const struct store *st);
/* Schema version after migrations. */
int store_schema_version(struct store *st);
/* The connection pool now: connections in use and made (idle or in use), the most it makes (0: no
 * bound) and how many takes had to wait for a free one since the start. */
struct store_pool_stats {
	int64_t in_use, open, max, waits;
};
void store_pool_stats(struct store *st, struct store_pool_stats *out);

/*
 * Read replicas (PostgreSQL streaming standbys; SQLite has none). store_replicas_add gives a store
 * the space-separated postgresql:// URLs of its replicas (checked now, connected when first used);
 * replicas lagging more than max_lag_ms behind the primary, unreachable or not in recovery are
 * skipped. store_reader returns a handle on st whose reads of public content (articles, lists,
 * search, pages, settings...) go to a healthy replica that has replayed everything this node knows
 * was written (the primary otherwise); every other call made with it runs on the primary like st's.
 * The handle lives in arena a; on a store without replicas it is st itself. store_note_write tells
 * the store that something was just written (a request that wrote, a change seen from another
 * node): later reads through any handle wait for (that is, skip) replicas that have not replayed
 * the primary's WAL up to now. The page cache is dropped only after it.
 */
enum store_rc store_replicas_add(struct store *st, const char *urls, unsigned max_lag_ms,
				 struct buf *err);
struct store *store_reader(struct store *st, struct arena *a);
void store_note_write(struct store *st);
/* st without its replicas: the store a reading handle was made from (st itself otherwise), for a
 * read that decides a write (read, and create when missing). */
struct store *store_primary(struct store *st);
/* Replicas configured and healthy now, and reads sent to a replica or (from a reading handle)
 * to the primary since the start. */
struct store_replica_stats {
	int64_t replicas, healthy, replica_reads, primary_reads;
};
void store_replica_stats(struct store *st, struct store_replica_stats *out);

/*
 * Transactions. store_begin gives *tx, a handle on the same store that holds one connection: every
 * call made with tx instead of st is part of the transaction, all or nothing, until
 * store_commit(tx) or store_rollback(tx) ends it and frees tx. Calls made with st meanwhile run
 * outside it. A handle does not begin another (STORE_CONFLICT); commit or rollback of anything but
 * a handle is STORE_INVALID. A handle is used by one thread at a time and is never closed.
 */
enum store_rc store_begin(struct store *st, struct store **tx);
enum store_rc store_commit(struct store *tx);
enum store_rc store_rollback(struct store *tx);

/* Settings: a small key/value table. get returns STORE_NOTFOUND for a missing key. set refuses
 * (STORE_INVALID) a compliance setting (below) that is not a whole number at least its floor and
 * its current value. */
enum store_rc store_setting_get(struct store *st, struct arena *a, const char *key,
				const char **val);
enum store_rc store_setting_set(struct store *st, const char *key, const char *val);

/* Compliance settings: whole numbers the law gives a floor, that a site may only raise. */
#define SETTING_AUDIT_DAYS "audit_retention_days"       /* processing log: >= 730 days */
#define SETTING_ARCHIVE_DAYS "archive_retention_days"   /* public versions: >= 90 days */
#define SETTING_REPUBLISH_MIN "republish_delay_minutes" /* after the original: >= 60 min */
/* The floor of a compliance setting, or -1 when key is not one. */
int64_t store_setting_floor(const char *key);
/* The value of compliance setting key: the stored one, or its floor when none is stored. */
enum store_rc store_setting_num(struct store *st, const char *key, int64_t *out);

/* Every category, ordered by parent then position then name. */
enum store_rc store_categories(struct store *st, struct arena *a, struct category **out, size_t *n);
/* Finds the child of parent_id named name, or creates it at the end (slug made unique among
 * siblings by the caller-provided slug plus "-2", "-3"...). */
enum store_rc store_category_ensure(struct store *st, int64_t parent_id, const char *name,
				    const char *slug, int64_t *id);

enum store_rc store_article_get(struct store *st, struct arena *a, int64_t id, struct article *out);
/* Inserts or updates; on insert with id 0 sets *id_out. Replaces the tag set. */
enum store_rc store_article_put(struct store *st, const struct article_put *p, int64_t *id_out);
/*
 * Imports: the new articles a[0..n) (imports' puts: no_revision, bodies sanitised by this version
 * with their text) written together when the backend can (PostgreSQL: a few statements for the
 * lot), with what store_article_put would write for each. *done false, nothing written, when
 * they do not go as one batch (no batching in this backend, an id already stored, ids of some
 * and not others, a statement refused): the caller then puts them one by one, which reports
 * each failure.
 */
enum store_rc store_articles_import(struct store *st, const struct article_put *a, size_t n,
				    bool *done);
/* Whether store_article_words can make articles' search words ahead of their write (PostgreSQL,
 * when the server's search functions agree with the client's: asked once on st's server). */
bool store_article_words_ready(struct store *st);
/* An article's search words, as the store writes them, from its title, lead and body text, into
 * out[0..STORE_WORDS) for article_put.words; false when the store must make them at the write. Uses
 * no connection: any thread may call it once store_article_words_ready said yes. */
bool store_article_words(const struct store *st, const char *title, const char *lead,
			 const char *body_text, struct buf out[STORE_WORDS]);
enum store_rc store_articles_list(struct store *st, struct arena *a, const struct article_query *q,
				  struct article_summary **out, size_t *n, int64_t *total);
/* Calls fn for every article in id order (for export); stops early when fn returns non-zero. */
enum store_rc store_articles_each(struct store *st, int (*fn)(const struct article *, void *),
				  void *ctx);
/* Largest article id, or 0. */
enum store_rc store_article_max_id(struct store *st, int64_t *out);

/* Adds the deltas to the stored view counts in one transaction (commutative: views = views + n). */
enum store_rc store_views_add(struct store *st, const struct view_delta *d, size_t n);
/* The same, and adds them to the daily counts per article and per category of `day` (the site's
 * local date as YYYYMMDD), in the same transaction. */
enum store_rc store_views_add_day(struct store *st, const struct view_delta *d, size_t n,
				  int32_t day);

enum store_rc store_user_get(struct store *st, struct arena *a, const char *name, struct user *out);
enum store_rc store_user_add(struct store *st, const char *name, const char *display_name,
			     const char *role, const char *password_hash, int64_t *id);

/* --- the newsroom ------------------------------------------------------------------------------
 */

/* Sets the status; publishing with published_at 0 stamps now. note is kept (returns) or cleared. */
enum store_rc store_article_set_status(struct store *st, int64_t id, enum article_status status,
				       int64_t published_at, const char *note);
enum store_rc store_article_set_featured(struct store *st, int64_t id, bool featured);
enum store_rc store_articles_admin(struct store *st, struct arena *a,
				   const struct article_admin_query *q, struct article_row **out,
				   size_t *n, int64_t *total);
/* Newest first. */
enum store_rc store_revisions(struct store *st, struct arena *a, int64_t article_id,
			      struct revision **out, size_t *n);
enum store_rc store_revision_get(struct store *st, struct arena *a, int64_t article_id,
				 int64_t revision, struct revision *out);
/* The earliest time after now at which a published article appears or expires (0: none): page
 * caches are dropped then. */
enum store_rc store_next_change(struct store *st, int64_t now, int64_t *out);

enum store_rc store_category_update(struct store *st, int64_t id, int64_t parent_id,
				    const char *name, const char *slug, int position);
/* STORE_CONFLICT when it still has articles or sub-categories. */
enum store_rc store_category_delete(struct store *st, int64_t id);
enum store_rc store_tags(struct store *st, struct arena *a, struct tag **out, size_t *n);
enum store_rc store_tag_by_slug(struct store *st, struct arena *a, const char *slug,
				struct tag *out);
enum store_rc store_tag_rename(struct store *st, int64_t id, const char *name, const char *slug);
enum store_rc store_tag_delete(struct store *st, int64_t id);

/* A person's autosaved editor content: one slot per person and article (article 0: a new one).
 * data is opaque to the store (the newsroom keeps JSON there). get answers STORE_NOTFOUND for an
 * empty slot; put replaces the slot; delete of an empty slot is STORE_OK. */
struct autosave {
	int64_t user_id, article_id, saved_at;
	const char *data;
};
/* How many articles each category holds directly (any status): pairs (category id, count) in
 * out[0..2n), for the categories that hold any. */
enum store_rc store_category_counts(struct store *st, struct arena *a, int64_t **out, size_t *n);

enum store_rc store_autosave_put(struct store *st, int64_t user_id, int64_t article_id,
				 int64_t saved_at, const char *data);
enum store_rc store_autosave_get(struct store *st, struct arena *a, int64_t user_id,
				 int64_t article_id, struct autosave *out);
enum store_rc store_autosave_delete(struct store *st, int64_t user_id, int64_t article_id);
/* Static pages, ordered by parent, position and title. */
enum store_rc store_pages(struct store *st, struct arena *a, struct static_page **out, size_t *n);
/* NOTFOUND when no page has that slug. */
enum store_rc store_page_by_slug(struct store *st, struct arena *a, const char *slug,
				 struct static_page *out);
/* Inserts (id 0; *id_out gets the new id) or updates p. CONFLICT when the slug is taken,
 * INVALID when the parent is the page itself, below it or missing, NOTFOUND when id is unknown. */
enum store_rc store_page_put(struct store *st, const struct static_page *p, int64_t *id_out);
/* CONFLICT while the page has children; NOTFOUND when id is unknown. */
enum store_rc store_page_delete(struct store *st, int64_t id);
/* NOTFOUND when no page has that id. */
enum store_rc store_page_by_id(struct store *st, struct arena *a, int64_t id,
			       struct static_page *out);
/* How a newsroom save is kept: from which revision, by whom. */
struct page_save {
	int64_t expect_revision; /* > 0: STORE_CONFLICT unless the stored revision is this */
	int64_t editor_id;       /* who saves, for the revision */
	bool no_revision; /* imports: keep no revision (the first edit snapshots the old one) */
};
/* store_page_put that also keeps the states before and after as revisions (unless no_revision)
 * and refuses a stale save with CONFLICT; p->status is written as given, p->owner_id on insert. */
enum store_rc store_page_save(struct store *st, const struct static_page *p,
			      const struct page_save *how, int64_t *id_out);
/* Moves a page to status (no new revision). NOTFOUND when id is unknown. */
enum store_rc store_page_set_status(struct store *st, int64_t id, enum article_status status);
/* A page's revisions, newest first, and one of them (NOTFOUND when it is not kept). */
enum store_rc store_page_revisions(struct store *st, struct arena *a, int64_t id,
				   struct page_revision **out, size_t *n);
enum store_rc store_page_revision_get(struct store *st, struct arena *a, int64_t id, int64_t rev,
				      struct page_revision *out);

/* Organisation units, by parent, position and name; people by unit, order and name. */
enum store_rc store_units(struct store *st, struct arena *a, struct org_unit **out, size_t *n);
enum store_rc store_people(struct store *st, struct arena *a, struct org_person **out, size_t *n);
/* Inserts (id 0) or updates; the same codes as store_page_put (slug taken: CONFLICT). */
enum store_rc store_unit_put(struct store *st, const struct org_unit *u, int64_t *id_out);
/* CONFLICT while the unit has sub-units or people. */
enum store_rc store_unit_delete(struct store *st, int64_t id);
/* Inserts (id 0) or updates; CONFLICT when the unit does not exist, INVALID without one. */
enum store_rc store_person_put(struct store *st, const struct org_person *p, int64_t *id_out);
enum store_rc store_person_delete(struct store *st, int64_t id);

/* Article translations (translations.c): NOTFOUND when the article has none in lang. */
enum store_rc store_translation_get(struct store *st, struct arena *a, int64_t article_id,
				    const char *lang, struct article_translation *out);
/* Inserts or replaces t (article_id and lang name it); NOTFOUND when the article is unknown. */
enum store_rc store_translation_put(struct store *st, const struct article_translation *t);
/* NOTFOUND when there was none. */
enum store_rc store_translation_delete(struct store *st, int64_t article_id, const char *lang);
/* The translations into lang, newest first, at most limit; bodies are left out (""). */
enum store_rc store_translations(struct store *st, struct arena *a, const char *lang, int64_t limit,
				 struct article_translation **out, size_t *n);

enum store_rc store_user_by_id(struct store *st, struct arena *a, int64_t id, struct user *out);
enum store_rc store_users(struct store *st, struct arena *a, struct user **out, size_t *n);
/* Disabling an account (disabled true) also revokes all its API tokens. */
enum store_rc store_user_update(struct store *st, int64_t id, const char *display_name,
				const char *role, bool disabled);
/* A new password also revokes all the account's API tokens. */
enum store_rc store_user_password(struct store *st, int64_t id, const char *password_hash);
enum store_rc store_user_categories(struct store *st, int64_t id, const int64_t *ids, size_t n);
/* Rights given to an account beyond its role, by name (STORE_RIGHT_DOCUMENTS). store_user_right
 * sets *has; store_user_right_set gives (on) or takes it (STORE_NOTFOUND for an unknown user). */
#define STORE_RIGHT_DOCUMENTS "documents" /* manage legal documents (issue 12) */
enum store_rc store_user_right(struct store *st, int64_t id, const char *right, bool *has);
enum store_rc store_user_right_set(struct store *st, int64_t id, const char *right, bool on);

/* Sessions and API tokens are stored by the hash of their secret only. */
enum store_rc store_session_add(struct store *st, const char *token_hash, int64_t user_id,
				const char *csrf, int64_t expires_at, const char *address);
/* STORE_NOTFOUND when unknown, expired, or its account is disabled. */
enum store_rc store_session_get(struct store *st, struct arena *a, const char *token_hash,
				int64_t now, struct session *out);
enum store_rc store_session_delete(struct store *st, const char *token_hash);
enum store_rc store_sessions_delete_user(struct store *st, int64_t user_id);
/* An API token: named, with an expiry. */
struct api_token {
	const char *hash; /* the hash of the secret (add); its first 12 hex digits (list) */
	int64_t user_id;
	const char *name;
	int64_t created_at;
	int64_t expires_at; /* the token stops working then */
};
/* Records a new token (hash, user_id, name, expires_at). */
enum store_rc store_token_add(struct store *st, const struct api_token *t);
/* The account's tokens, oldest first (hash: the first 12 hex digits only). */
enum store_rc store_tokens(struct store *st, struct arena *a, int64_t user_id,
			   struct api_token **out, size_t *n);
/* Revokes the account's tokens named `name` (or whose listed hash prefix it is); STORE_NOTFOUND
 * when none. */
enum store_rc store_token_revoke(struct store *st, int64_t user_id, const char *name);
/* The account of a token; STORE_NOTFOUND when unknown or the account is disabled. */
enum store_rc store_token_user(struct store *st, struct arena *a, const char *token_hash,
			       struct user *out);

/* Failed logins, keyed "user:NAME" or "addr:IP". */
enum store_rc store_throttle_hit(struct store *st, const char *key, int64_t at);
enum store_rc store_throttle_count(struct store *st, const char *key, int64_t since, int64_t *n);
enum store_rc store_throttle_clear(struct store *st, const char *key);

enum store_rc store_audit_add(struct store *st, const struct audit_entry *e);
/* Newest first, with their hashes. */
enum store_rc store_audit_list(struct store *st, struct arena *a, int64_t offset, int64_t limit,
			       struct audit_entry **out, size_t *n, int64_t *total);

/* What `audit verify` found: the chain intact, or the first entry changed, removed or inserted,
 * or a checkpoint whose signature does not match. */
enum audit_finding {
	AUDIT_INTACT = 0,
	AUDIT_CHANGED,
	AUDIT_REMOVED,
	AUDIT_INSERTED,
	AUDIT_BAD_CHECKPOINT,
	AUDIT_FINDING_MAX
};
struct audit_verdict {
	enum audit_finding finding;
	int64_t entries;  /* entries that verified (after the checkpoint) */
	int64_t entry_id; /* the entry the finding names (0 with AUDIT_INTACT) */
	int64_t purged;   /* entries purged before the checkpoint */
};
/* "changed", "removed", "inserted" ... */
const char *audit_finding_name(enum audit_finding f);
/*
 * Checks the whole audit chain: every entry's hash (BLAKE2b over its canonical form and the
 * previous hash), the links, the ids, the recorded head, and the signed checkpoint left by purges.
 * STORE_OK with *out filled whatever was found; another code when the log cannot be read.
 */
enum store_rc store_audit_verify(struct store *st, struct audit_verdict *out);
/*
 * Deletes the entries older than the retention (SETTING_AUDIT_DAYS) as of `now` (UTC seconds),
 * in one transaction with a checkpoint signed by a secret kept in the settings (not the audit
 * table), so that the rest still verifies. Refuses with STORE_CONFLICT when the chain does not
 * verify (a purge must not erase the evidence). *purged gets the number deleted.
 */
enum store_rc store_audit_purge(struct store *st, int64_t now, int64_t *purged);

/* --- the archive: every version that was ever public -------------------------------------- */

/* A version of an article as readers saw it, and when. Strings never NULL. */
struct archived {
	int64_t id; /* of the archive row */
	int64_t article_id;
	int64_t revision;
	int64_t category_id;
	int64_t published_at;
	int64_t expires_at; /* 0: never */
	int64_t from_at;    /* public from (UTC seconds) */
	int64_t until_at;   /* public until, exclusive; 0 while it still is (or will be) */
	bool deleted;       /* the article was deleted at until_at */
	const char *title;
	const char *slug;
	const char *lead;
	const char *body_html;
	const char *author;
	const char *signature;
	const char *source;
	const char *tags;           /* one per line, in the article's order; "" for none */
	struct article_image image; /* src "" when none (or archived before schema 24/27) */
};

/* Test hook: the clock of the archive and the audit log (0: the real one). */
void store_clock_set(int64_t now);
int64_t store_now(void);

/* Deletes an article: gone from the site at once; the versions that were public stay in the
 * archive until its retention passes (store_archive_purge). STORE_NOTFOUND when none. */
enum store_rc store_article_delete(struct store *st, int64_t id);
/* The version of article_id that readers could see at time t; STORE_NOTFOUND when none. */
enum store_rc store_archive_at(struct store *st, struct arena *a, int64_t article_id, int64_t t,
			       struct archived *out);
/* The versions public at time t in a category and its sub-categories (0: all), newest
 * publication first; *total counts them all. */
enum store_rc store_archive_category_at(struct store *st, struct arena *a, int64_t category_id,
					int64_t t, int64_t offset, int64_t limit,
					struct archived **out, size_t *n, int64_t *total);
/* Every archived version of an article, newest first (also after its deletion). */
enum store_rc store_archive_versions(struct store *st, struct arena *a, int64_t article_id,
				     struct archived **out, size_t *n);
/* Deletes versions that stopped being public more than SETTING_ARCHIVE_DAYS before now. */
enum store_rc store_archive_purge(struct store *st, int64_t now, int64_t *purged);

/* --- statistics ---------------------------------------------------------------------------- */

/* What views are grouped by. */
enum stats_by {
	STATS_DAY = 0,
	STATS_CATEGORY,
	STATS_AUTHOR,
	STATS_SOURCE,
	STATS_ARTICLE,
	STATS_BY_MAX
};
/* "day", "category", ...; stats_by_parse returns -1 for an unknown name. */
const char *stats_by_name(enum stats_by by);
int stats_by_parse(const char *s);

struct stats_query {
	int32_t from, to; /* local dates YYYYMMDD, both included */
	enum stats_by by;
	int64_t category_id; /* 0: all; else this category and its sub-categories */
	int64_t article_id;  /* 0: all */
	int64_t limit;       /* most rows (by article: the most viewed first); 0: no limit */
};

/* A row of a report: key ("2026-12-03", a category or article id, an author's or source's name),
 * the label people read, and the views. */
struct stats_row {
	const char *key;
	const char *label;
	int64_t views;
	int64_t visitors; /* by day without a filter: the day's distinct visitors; else -1 */
};

/* Views in the period grouped by q->by (days ascending, others most viewed first); *total is all
 * the views of the period with the filters, whatever the limit. By category, each row holds its
 * sub-categories: the top-level categories, or with q->category_id its children (and a row for
 * its own articles). */
enum store_rc store_stats_views(struct store *st, struct arena *a, const struct stats_query *q,
				struct stats_row **out, size_t *n, int64_t *total);

/* The newsroom's output in one month of one author in one category, from the audit log. */
struct stats_output {
	int32_t month; /* YYYYMM, in UTC offset `tz_offset` of the query */
	const char *author;
	int64_t category_id;
	const char *category;
	int64_t published, returned, unpublished;
};
/* Output between from and to (UTC seconds), per month (months cut at local midnight with
 * tz_offset seconds east of UTC), author and category. */
enum store_rc store_stats_output(struct store *st, struct arena *a, int64_t from, int64_t to,
				 int64_t tz_offset, struct stats_output **out, size_t *n);

/* --- sources and takedowns (Decree 147/2024/NĐ-CP, Art. 28) ------------------------------- */

/* A source (nguồn tin) the site republishes from. Strings never NULL. */
struct source {
	int64_t id;
	const char *name;
	const char *website;
	const char *logo;      /* a URL or a media path */
	const char *agreement; /* the agreement note */
	bool republish;        /* republishing is allowed */
};

/* Ordered by name. */
enum store_rc store_sources(struct store *st, struct arena *a, struct source **out, size_t *n);
enum store_rc store_source_get(struct store *st, struct arena *a, int64_t id, struct source *out);
/* Inserts (s->id 0; *id_out gets the id) or updates; STORE_CONFLICT when the name is taken. */
enum store_rc store_source_put(struct store *st, const struct source *s, int64_t *id_out);
/* STORE_CONFLICT while articles name it. */
enum store_rc store_source_delete(struct store *st, int64_t id);

/* Where a republished article comes from. */
struct article_origin {
	int64_t article_id;
	int64_t source_id;       /* 0: none */
	const char *source_name; /* filled by get ("" when none) */
	const char *original_url;
	int64_t original_at; /* the original's publication time (UTC seconds; 0: unknown) */
};
/* STORE_NOTFOUND when the article names no origin. */
enum store_rc store_origin_get(struct store *st, struct arena *a, int64_t article_id,
			       struct article_origin *out);
/* Sets (or replaces) the origin of an article; STORE_NOTFOUND for an unknown article or source. */
enum store_rc store_origin_set(struct store *st, const struct article_origin *o);
/* The earliest time article_id may be published: its original's time plus SETTING_REPUBLISH_MIN
 * (0 when it has no original's time). */
enum store_rc store_republish_earliest(struct store *st, int64_t article_id, int64_t *earliest);

/* The law's time to take a republished item down after its original was removed. */
#define TAKEDOWN_SECONDS (3 * 3600)
/* Alerts sent for a takedown (bits of takedown.alerts). */
enum { TAKEDOWN_ALERT_1H = 1, TAKEDOWN_ALERT_15M = 2, TAKEDOWN_OVERDUE = 4 };

struct takedown {
	int64_t id;
	int64_t article_id;
	int64_t removed_at; /* when the original was removed */
	int64_t deadline;   /* removed_at + TAKEDOWN_SECONDS */
	int64_t created_at;
	int64_t done_at; /* 0: still to do */
	int64_t alerts;  /* TAKEDOWN_ALERT_* sent */
	const char *note;
	const char *title; /* the article's ("" once deleted) */
};
/* Records that the original of article_id was removed at removed_at. */
enum store_rc store_takedown_add(struct store *st, int64_t article_id, int64_t removed_at,
				 const char *note, int64_t *id);
/* Open ones (by deadline) then done ones (newest first); open_only leaves out the done. */
enum store_rc store_takedowns(struct store *st, struct arena *a, bool open_only,
			      struct takedown **out, size_t *n);
/* Marks the open takedowns of article_id done at `at` (the article left the site). */
enum store_rc store_takedown_done(struct store *st, int64_t article_id, int64_t at);
/* Claims alert `bit` of takedown id: *claimed true for the one caller (of any node) that set it. */
enum store_rc store_takedown_claim_alert(struct store *st, int64_t id, int64_t bit, bool *claimed);

/*
 * Re-makes, in one transaction, the stored body (sanitised HTML, its text, the sanitiser's version)
 * of up to `limit` articles whose body an older sanitiser made (SANITIZE_VERSION changed, or rows
 * from before bodies were marked). *done gets how many were re-made: fewer than `limit` means
 * none is left. A body that is not valid UTF-8 has its bad bytes replaced by U+FFFD.
 */
enum store_rc store_bodies_refresh(struct store *st, int64_t limit, int64_t *done);

/*
 * A number that grows whenever content readers can see changes (articles, categories, tags,
 * settings; not view counts), whichever process or node wrote it. Page caches poll it.
 */
enum store_rc store_content_version(struct store *st, int64_t *out);
/* Blocks until content may have changed (a notification arrived) or timeout_ms passed; returns
 * STORE_OK either way, STORE_UNAVAILABLE at once when the database is down. SQLite just sleeps
 * (its writers are local and polled); PostgreSQL wakes on LISTEN/NOTIFY from any node. */
enum store_rc store_wait_change(struct store *st, int timeout_ms); /* multi-node: LISTEN/NOTIFY */

/* --- the media library ------------------------------------------------------------------------ */

/* An uploaded image. File names are relative to the media folder ("2026/11/ab12.png"); the store
 * keeps only these rows, never the files. */
struct media {
	int64_t id;
	const char *file;  /* the original as stored */
	const char *thumb; /* its thumbnail, "" when none */
	const char *name;  /* the name the uploader's file had (shown, never used as a path) */
	const char
	    *mime; /* decided from the content: image/jpeg, image/png, image/gif, image/webp */
	int64_t bytes;
	int64_t width, height;
	int64_t user_id;       /* the uploader, 0 when the account is gone */
	const char *user_name; /* filled by list and get */
	int64_t created_at;
	const char *alt; /* what the image shows, for readers who cannot see it; "" when unset */
	const char *caption; /* the line printed under it; "" when none */
};

/* A place that shows a library file: kind is "article" (its body), "featured" (an article's
 * featured image), "page", "album", "banner", "video" (a poster), "person" (a photo), "layout"
 * (a block's HTML) or "setting" (id 0, title the setting's key). */
struct media_use {
	const char *kind;
	int64_t id;
	const char *title;
};

/* Records an upload (id, user_name and, when 0, created_at are ignored); *id gets the new id. */
enum store_rc store_media_add(struct store *st, const struct media *m, int64_t *id);
/* Newest first; *total (when not NULL) the number of rows. Rows in the arena. */
enum store_rc store_media_list(struct store *st, struct arena *a, int64_t offset, int64_t limit,
			       struct media **out, size_t *n, int64_t *total);
/* The media whose original or thumbnail is stored as `file`; STORE_NOTFOUND when none is. */
enum store_rc store_media_get(struct store *st, struct arena *a, const char *file,
			      struct media *out);
/* Like store_media_list, only the rows whose name, alt text or caption, folded (vi_fold), contain
 * every word of `folded` (already folded; NULL or "" for all). */
enum store_rc store_media_search(struct store *st, struct arena *a, const char *folded,
				 int64_t offset, int64_t limit, struct media **out, size_t *n,
				 int64_t *total);
/* The media of that id; STORE_NOTFOUND when none. */
enum store_rc store_media_by_id(struct store *st, struct arena *a, int64_t id, struct media *out);
/* Sets the display name, alt text and caption of media id (a NULL one is kept); STORE_NOTFOUND
 * when no such row. */
enum store_rc store_media_describe(struct store *st, int64_t id, const char *name, const char *alt,
				   const char *caption);
/* Deletes the row of media id (its files are the caller's); STORE_NOTFOUND when no such row. */
enum store_rc store_media_delete(struct store *st, int64_t id);
/* Where the media stored as `file` is used (its original, thumbnail or a public thumbnail named
 * after it): every article body, featured image, page, album, banner, video poster, official's
 * photo, layout block and setting that names it, at most 200, by kind and id. In the arena. */
enum store_rc store_media_uses(struct store *st, struct arena *a, const char *file,
			       struct media_use **out, size_t *n);
/* Records the new size of a media's original after it was cleaned in place (`gazette media
 * clean`); STORE_NOTFOUND when no such row. */
enum store_rc store_media_set_size(struct store *st, int64_t id, int64_t width, int64_t height,
				   int64_t bytes);

/* --- media files kept in the database (PostgreSQL: every node serves every upload) -------------
 */

/* Files are stored in chunks of this many bytes (the last one shorter). */
#define STORE_BLOB_CHUNK (256 * 1024)

/* A file kept in the database: its path relative to the media folder ("2026/11/ab.png",
 * ".thumbs/c480/2026/11/ab.png.webp"), its type, size, chunk count, SHA-256 (64 lowercase hex
 * digits) and the time it was stored. */
struct media_blob {
	const char *path;
	const char *mime;
	const char *sha256;
	int64_t bytes, chunks, mtime;
};

/* True when the backend keeps media files in the database (PostgreSQL); SQLite keeps them only in
 * the media folder, and the blob operations below answer STORE_INVALID there. */
bool store_media_blobs(const struct store *st);
/* Stores the file open on fd (read from its start to its end, STORE_BLOB_CHUNK bytes at a time,
 * never whole in memory) as `path`, with its SHA-256 computed on the way, in one transaction.
 * replace: an existing file of that path is replaced; else it is kept (another node stored the
 * same derived image first) and STORE_OK returned. */
enum store_rc store_blob_put(struct store *st, const char *path, int fd, const char *mime,
			     int64_t mtime, bool replace);
/* The description of stored file `path`; STORE_NOTFOUND when none. Strings in the arena. */
enum store_rc store_blob_stat(struct store *st, struct arena *a, const char *path,
			      struct media_blob *out);
/* Writes stored file b to fd chunk by chunk and checks its size and SHA-256: STORE_INVALID (with
 * why, a static string) when they do not match, STORE_NOTFOUND when it was deleted meanwhile. */
enum store_rc store_blob_fetch(struct store *st, const struct media_blob *b, int fd,
			       const char **why);
/* Reads stored file b chunk by chunk and checks it as store_blob_fetch does, writing nothing. */
enum store_rc store_blob_check(struct store *st, const struct media_blob *b, const char **why);
/* Deletes stored file `path` (and its chunks); STORE_OK also when there was none. */
enum store_rc store_blob_delete(struct store *st, const char *path);
/* Up to limit stored files whose path sorts after `after` ("" for the first), by path. */
enum store_rc store_blob_list(struct store *st, struct arena *a, const char *after, int64_t limit,
			      struct media_blob **out, size_t *n);

/*
 * Writes a consistent copy of an SQLite database to dest (a new file) while others keep using it.
 * Other backends answer STORE_INVALID: PostgreSQL has pg_dump.
 */
enum store_rc store_backup(struct store *st, const char *dest, struct buf *err);

/* --- imported sites (src/import/) ------------------------------------------------------------- */

/*
 * Old keys of an importer ("wp:article:post:20", "nv:cat:3") -> the new row's id and a text value
 * (a media file's name, or ""), so that importing the same source again updates instead of
 * duplicating. get returns STORE_NOTFOUND for an unknown key; *value is in the arena.
 */
enum store_rc store_import_key_get(struct store *st, struct arena *a, const char *key, int64_t *id,
				   const char **value);
enum store_rc store_import_key_set(struct store *st, const char *key, int64_t id,
				   const char *value);
/*
 * Old addresses of imported sites (keys made by core/oldurl.h: path and sorted query) -> the local
 * path they now answer a 301 with. get returns STORE_NOTFOUND for an unknown address.
 */
enum store_rc store_redirect_get(struct store *st, struct arena *a, const char *old,
				 const char **target);
enum store_rc store_redirect_set(struct store *st, const char *old, const char *target);

/* Human-readable name of a code. */
const char *store_rc_str(enum store_rc rc);

/* The reader's search (store/search.h, part of this interface). */
#include "store/search.h"

#endif
