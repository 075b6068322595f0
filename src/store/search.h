/* The reader's search in the store: what is asked, what comes back, and the index's rebuild. Part
 * of the store interface (store.h, which includes it). */
#ifndef GZ_STORE_SEARCH_H
#define GZ_STORE_SEARCH_H

#include "store/store.h"

struct search_query; /* search/query.h: the parsed reader's query */

/*
 * Matches are ranked among the newest SEARCH_WINDOW articles that match and pass the filters (by
 * id) together with the newest SEARCH_TITLE_WINDOW whose title holds the query as typed (each
 * quoted phrase, and each run of words typed side by side, as a phrase): an old article about the
 * query (in its title) is ranked whatever the number of newer matches that only mention it.
 * *total counts those candidates; *more is set when either window was full.
 */
#define SEARCH_WINDOW 300
#define SEARCH_TITLE_WINDOW 100

/* What a reader searches for: a parsed query and filters. Only public articles are found. */
struct search_request {
	const struct search_query *q;
	int64_t category_id; /* 0: all; else this category and its sub-categories */
	/* published_at within [from, to] (UTC seconds; before 1970 too, as an article may be
	 * dated so); 0: an open end (search_from, search_to) */
	int64_t from, to;
	int64_t now; /* published at or before now and not expired at now */
	int64_t offset, limit;
};

/* r's dates with their open ends as the first and the last time. */
static inline int64_t search_from(const struct search_request *r)
{
	return r->from ? r->from : INT64_MIN;
}

static inline int64_t search_to(const struct search_request *r)
{
	return r->to ? r->to : INT64_MAX;
}

/* A found article. Strings are never NULL. */
struct search_hit {
	int64_t id;
	int64_t category_id;
	int64_t published_at;
	double score; /* higher first: exact-diacritic matches, then adjacency, then relevance */
	const char *title;
	const char *slug;
	const char *lead;
	const char *body_text;      /* the body's visible text (for snippets) */
	struct article_image image; /* the featured image (src "" when none; caption not read) */
};

/*
 * Finds public articles matching r->q (every term, no excluded one) and the filters, ranked by
 * relevance then recency (newest first). Fills out[0..*n) for r->offset/r->limit from the arena,
 * *total (the candidates ranked, see SEARCH_WINDOW) and *more (true when more matches exist beyond
 * the windows). A query without included terms finds nothing.
 */
enum store_rc store_search(struct store *st, struct arena *a, const struct search_request *r,
			   struct search_hit **out, size_t *n, int64_t *total, bool *more);
/*
 * Rebuilds the search index from the articles in one transaction (the index otherwise follows
 * every write by itself). progress, when not NULL, is called after each batch with the number of
 * articles indexed so far. Sets *count to the number of articles indexed.
 */
enum store_rc store_search_reindex(struct store *st, void (*progress)(int64_t done, void *ctx),
				   void *ctx, int64_t *count);

/*
 * The search index's upkeep. SQLite's FTS5 keeps its index as segments: every write that adds to
 * it makes one, and FTS5 merges them a few at a time on its own. Each segment costs every search
 * a lookup per word, and a bulk import leaves a dozen, each a large part of the index, which
 * every match checked reads in turn: merged into one, the searches of bench/search/http.sh at
 * 100,000 articles took about half the CPU (docs/BENCHMARKS.md).
 *
 * store_search_merge merges all of the articles' and the documents' index into one segment, in
 * short transactions of about SEARCH_MERGE_PAGES pages each (writers wait at most one), at most
 * `steps` of them (0: until done), and sets *done when nothing is left. Unless forced, it only
 * starts when the merge is worth its cost: more than one segment, and the ones other than the
 * largest together hold at least a quarter of its pages, so that a large index is rewritten once
 * it has grown by a quarter, never for each new article; or there are more than 8 segments and
 * the others hold a 32nd of its pages (what a large import leaves: 20 segments at 1,000,000
 * articles, the others a fifth of the largest, which cost an exclusion 2.5 and a word in a
 * category 3.9 times what one segment does). A merge that was started is continued
 * by the next forced call (a server's upkeep, cmd/serve.c; `gazette reindex --merge`; the end of
 * an import). PostgreSQL has nothing to merge (its GIN index's pending entries are autovacuum's):
 * *done at once, after analyzing the tables a tenth of whose rows changed since their last
 * analysis (the planner's statistics, stale after an import until autovacuum's next round).
 */
#define SEARCH_MERGE_PAGES 500
enum store_rc store_search_merge(struct store *st, bool force, int steps, bool *done);

/*
 * The mirror (PostgreSQL): a SQLite database on the node's own disk holding the public articles
 * as readers' pages and search read them (the whole row, its tags, translations and view count)
 * and the categories. Searches are answered by SQLite's index instead of PostgreSQL's: the same
 * results at SQLite's speed (a search cost PostgreSQL 7-25 ms of CPU against 0.5-1.4 ms in
 * SQLite, docs/BENCHMARKS.md); an article page not in the cache reads its article from the
 * mirror without asking PostgreSQL anything (store_article_public).
 *
 * PostgreSQL logs the id of every article that changes (search_log, written by triggers on the
 * articles, their tags and translations, with the writing transaction's id; 0 when the
 * categories change); view counts carry the id of the transaction that last counted them. A
 * mirror keeps the snapshot in which it last read the log; the rows new to it are those visible
 * now that were not in that snapshot, so a change committed late by a long transaction is never
 * skipped. Before each search the node asks PostgreSQL whether anything is new (one short query);
 * a few changes are applied there and then (a search always sees what was committed before it
 * began, on every node), many are left to the mirror's thread, which also catches up (changes and
 * view counts) four times a second and makes the mirror when it is new, of another database, or
 * behind the log's pruned horizon. Pages ask PostgreSQL nothing: they read the mirror when it has
 * caught up since the last change this node knows of (store_note_write: its own writes and those
 * it hears of from other nodes), PostgreSQL otherwise, as the page cache itself is dropped. Until
 * the mirror is ready, or when anything about it fails, searches and pages are PostgreSQL's own.
 *
 * store_search_mirror attaches a mirror at path (made when absent) to a PostgreSQL store and
 * starts its thread; STORE_INVALID on SQLite (which needs none). store_search_mirror_wait waits
 * up to timeout_ms for the mirror to be ready and caught up (tests, benchmarks, `serve`'s log).
 */
enum store_rc store_search_mirror(struct store *st, const char *path, struct buf *err);
bool store_search_mirror_wait(struct store *st, int timeout_ms);
/* What the mirror did since it was attached (all zero without one). */
struct store_mirror_stats {
	bool attached, ready;
	int64_t answered;     /* searches the mirror answered */
	int64_t passed;       /* searches left to PostgreSQL: not ready, a backlog, a failure */
	int64_t applied;      /* articles written into the mirror (builds and catch-ups) */
	int64_t builds;       /* times the mirror was made (anew, or again) */
	int64_t pages;        /* articles read for readers' pages from the mirror */
	int64_t pages_passed; /* ... from PostgreSQL: a change not applied yet, not ready */
};
void store_search_mirror_stats(struct store *st, struct store_mirror_stats *out);

/*
 * A reader's article: store_article_get, from the mirror when the store has one that holds every
 * change this node knows of (no round trip to PostgreSQL), else from the store. The mirror holds
 * published articles only: another status is STORE_NOTFOUND there, where readers see no article
 * either (site_article_public).
 */
enum store_rc store_article_public(struct store *st, struct arena *a, int64_t id,
				   struct article *out);

/* What the mirror holds of one article: the article as store_article_get reads it (a status
 * other than published takes it out of the mirror), and its plain text for search. */
struct mirror_article {
	struct article a;
	const char *body_text;
};

/* A view count read from the source. */
struct mirror_views {
	int64_t id, views;
};

/* One change to a mirror, applied in one transaction (SQLite stores only): the categories
 * replaced by cats[0..ncats) when cats_set, rows written (or taken out), gone[0..ngone) taken
 * out, view counts set, then the state recorded when epoch is not NULL: the source's identity and
 * the snapshot whose changes the mirror now holds. */
struct mirror_batch {
	const struct category *cats;
	size_t ncats;
	bool cats_set;
	const struct mirror_article *rows;
	size_t nrows;
	const int64_t *gone;
	size_t ngone;
	const struct mirror_views *views; /* counts set (articles not in the mirror skipped) */
	size_t nviews;
	const char *epoch;
	const char *snap; /* the source's snapshot the mirror now holds (pg_snapshot text) */
};
enum store_rc store_mirror_apply(struct store *st, const struct mirror_batch *b);
/* The state a mirror recorded: STORE_NOTFOUND when none (a mirror never finished). */
enum store_rc store_mirror_state(struct store *st, struct arena *a, const char **epoch,
				 const char **snap);

#endif
