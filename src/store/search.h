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
	int64_t from, to;    /* published_at within [from, to] (UTC seconds); 0: open end */
	int64_t now;         /* published at or before now and not expired at now */
	int64_t offset, limit;
};

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
 * it has grown by a quarter, never for each new article. A merge that was started is continued
 * by the next forced call (a server's upkeep, cmd/serve.c; `gazette reindex --merge`; the end of
 * an import). PostgreSQL has nothing to merge (its GIN index's pending entries are autovacuum's):
 * *done at once, after analyzing the tables a tenth of whose rows changed since their last
 * analysis (the planner's statistics, stale after an import until autovacuum's next round).
 */
#define SEARCH_MERGE_PAGES 500
enum store_rc store_search_merge(struct store *st, bool force, int steps, bool *done);

#endif
