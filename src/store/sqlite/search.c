/* The SQLite backend's search: an FTS5 index over folded and exact words, kept by triggers. */
#include "store/sqlite/sqlite-int.h"
#include "store/sqlite/search-int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "search/query.h"

/*
 * The index (migration 4 in sqlite/schema.c): search_fts is a contentless FTS5 table over the
 * title, lead and body text of published articles, each keyed by minus its id since migration 34
 * (so that FTS5's ascending order is the newest first), plus a column `cat` holding the token of
 * the article's category ("#{id}" since migration 29, see CAT_MARK; "c{id}" before); search_docs
 * holds what the filters need (small rows, fast lookups). Triggers on articles keep both in step
 * with every write, whoever writes, using two things this file registers on every connection:
 *   gz_text(html)  the visible text of stored body HTML (the sanitiser's text walk);
 *   tokenizer "gazette": each word is indexed folded ("dang") with its exact lower-case form
 *                  ("đảng") colocated at the same position when it differs; query strings are
 *                  taken as written (exact), so "dang" finds both and "đảng" only the exact.
 *                  Created as "gazette pairs" (search_fts since migration 28) it also indexes
 *                  pairs of adjacent words (see "the tokenizer" in words.c).
 *   gz_rank(search_fts, roles [, sz])  the ranking function (see rank_row, doc_len).
 */

/* --- gz_rank ---------------------------------------------------------------------------------- */

/* Column weights of title, lead, body; the category column does not count. */
static const double col_weight[] = {8.0, 3.0, 1.0, 0.0};
#define NCOLS 3
#define BM25_K1 1.2
#define BM25_B 0.75
#define TIER_EXACT 1e6
#define TIER_ADJACENT 1e4
#define PHRASES_MAX 96

/* Average length of a document (tokens in title, lead and body), computed once per query. */
static double avg_len(const Fts5ExtensionApi *api, Fts5Context *fts)
{
	double *cached = api->xGetAuxdata(fts, 0);
	if (cached)
		return *cached;
	sqlite3_int64 rows = 0, total = 0, t;
	api->xRowCount(fts, &rows);
	for (int i = 0; i < NCOLS; i++)
		if (api->xColumnTotalSize(fts, i, &t) == SQLITE_OK)
			total += t;
	double *v = sqlite3_malloc(sizeof(*v));
	if (!v)
		return 1.0;
	*v = rows > 0 && total > 0 ? (double)total / (double)rows : 1.0;
	api->xSetAuxdata(fts, v, sqlite3_free);
	return *v;
}

/* True when phrase b stands right after phrase a somewhere in the row: a at (col, off), b at
 * (col, off + 1). Both lists come in (col, off) order: one merge of the two. */
static bool adjacent(const Fts5ExtensionApi *api, Fts5Context *fts, int a, int b)
{
	Fts5PhraseIter ia, ib;
	int ca, oa, cb, ob;
	if (api->xPhraseFirst(fts, a, &ia, &ca, &oa) != SQLITE_OK ||
	    api->xPhraseFirst(fts, b, &ib, &cb, &ob) != SQLITE_OK)
		return false;
	while (ca >= 0 && cb >= 0) {
		if (ca == cb && oa + 1 == ob)
			return true;
		if (ca < cb || (ca == cb && oa + 1 < ob))
			api->xPhraseNext(fts, &ia, &ca, &oa);
		else
			api->xPhraseNext(fts, &ib, &cb, &ob);
	}
	return false;
}

/* The weighted count of phrase p's instances in the ranked columns; with stop_at_first, 1 (or 0)
 * as soon as one is found (an exact form: found is all it gives). */
static double phrase_tf(const Fts5ExtensionApi *api, Fts5Context *fts, int p, bool stop_at_first)
{
	double tf = 0;
	Fts5PhraseIter it;
	int col, off;
	if (api->xPhraseFirst(fts, p, &it, &col, &off) != SQLITE_OK)
		col = -1;
	for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off))
		if (col < NCOLS) {
			tf += col_weight[col];
			if (stop_at_first)
				return 1;
		}
	return tf;
}

/*
 * Scores the current row. roles has one character per phrase of the MATCH expression, in order:
 * 'e' the exact form of the item whose fold follows; 'a' the other spelling of that exact form
 * (see search_term.alt), right after its 'e'; 'g' the fold of a word; 'q' the fold of a phrase;
 * 'f' the fold of a word joined to the previous one (adjacency earns rank); 'o' the other
 * spelling of the fold before it (search_term.fold_alt), counted with it; anything else (or
 * missing): not ranked.
 * Score: TIER_EXACT per item found with its exact diacritics, TIER_ADJACENT per joined pair found
 * side by side, plus a BM25 of the folds over the weighted columns (below TIER_ADJACENT).
 * Offsets are compared for 'f' only, which follows a single word ('g' or 'f'): the offset of a
 * phrase's instance is that of its first token, with pairs its second word's.
 * Each ranked phrase's positions are read on their own (xPhraseFirst): the row's instances of
 * all phrases merged in position order (xInst) cost twice as much, a sixth of a search.
 */
static double rank_row(const Fts5ExtensionApi *api, Fts5Context *fts, const char *roles, int dl)
{
	int nphrase = api->xPhraseCount(fts);
	int nroles = (int)strlen(roles);
	int n = nphrase < nroles ? nphrase : nroles;
	n = n < PHRASES_MAX ? n : PHRASES_MAX;
	double norm = BM25_K1 * (1 - BM25_B + BM25_B * (double)dl / avg_len(api, fts));
	double score = 0;
	int prev_fold = -1, prev_end = -1; /* the previous fold's phrases: [prev_fold, prev_end] */
	bool exact_seen = false;
	for (int p = 0; p < n; p++) {
		char r = roles[p];
		if (r == 'e' || r == 'a') {
			bool seen = phrase_tf(api, fts, p, true) > 0;
			/* 'a', the other spelling of the 'e' before it, only where that was not */
			if (seen && !(r == 'a' && exact_seen))
				score += TIER_EXACT;
			exact_seen = seen;
			continue;
		}
		if (r != 'g' && r != 'f' && r != 'q')
			continue;
		int end = p;
		double tf = phrase_tf(api, fts, p, false);
		while (end + 1 < n && roles[end + 1] == 'o')
			tf += phrase_tf(api, fts, ++end, false);
		score += tf * (BM25_K1 + 1) / (tf + norm);
		bool adj = false;
		for (int a = prev_fold; r == 'f' && a >= 0 && a <= prev_end && !adj; a++)
			for (int b = p; b <= end && !adj; b++)
				adj = adjacent(api, fts, a, b);
		if (adj)
			score += TIER_ADJACENT;
		prev_fold = p;
		prev_end = end;
		p = end;
	}
	return score;
}

/*
 * The size in tokens of the row's ranked columns, from sz when given: the row's blob of FTS5's
 * %_docsize table (one varint a column, in order, in SQLite's varint format, of which sizes use
 * the first bytes only), which the candidates' statement joins, so that the size costs a lookup
 * in the statement's own loop instead of a run of xColumnSize's own statement for each row (a
 * sixth of a one-word search). Anything else (no blob, a short one) falls back to xColumnSize.
 */
static int doc_len(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_value *sz)
{
	int dl = 0, size;
	if (sz && sqlite3_value_type(sz) == SQLITE_BLOB) {
		const unsigned char *p = sqlite3_value_blob(sz);
		int len = sqlite3_value_bytes(sz), at = 0, col = 0;
		while (p && col < NCOLS && at < len) {
			uint32_t v = 0;
			int k = 0;
			while (at < len && k < 4 && (p[at] & 0x80)) {
				v = (v << 7) | (p[at++] & 0x7f);
				k++;
			}
			if (at >= len || k == 4)
				break;
			v = (v << 7) | p[at++];
			dl += (int)(v > INT32_MAX / 4 ? INT32_MAX / 4 : v);
			col++;
		}
		if (col == NCOLS)
			return dl;
		dl = 0;
	}
	for (int c = 0; c < NCOLS; c++)
		if (api->xColumnSize(fts, c, &size) == SQLITE_OK)
			dl += size;
	return dl;
}

/* gz_rank(search_fts, roles [, sz]): see rank_row; sz as doc_len takes it. */
static void fn_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int argc,
		    sqlite3_value **argv)
{
	const char *roles = argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : NULL;
	int dl = doc_len(api, fts, argc > 1 ? argv[1] : NULL);
	sqlite3_result_double(ctx, rank_row(api, fts, roles ? roles : "", dl));
}

/* --- registration ----------------------------------------------------------------------------- */

static fts5_api *fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

int sq_search_register(sqlite3 *db)
{
	return sq_search_register_capture(db, NULL);
}

int sq_search_register_capture(sqlite3 *db, struct sq_capture **capture)
{
	fts5_api *api = fts5_of(db);
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	int rc = sq_words_register(db, api, capture);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "gz_rank", NULL, fn_rank, NULL);
	return rc;
}

/* --- the MATCH expression --------------------------------------------------------------------- */

/* Appends "w1 w2 ..." (words are letters, digits and marks only: nothing to escape). */
static void put_phrase(struct buf *m, const char *const *words, size_t n)
{
	buf_putc(m, '"');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(m, ' ');
		buf_puts(m, words[i]);
	}
	buf_putc(m, '"');
}

/* The expressions of a search: the words and the filters; the words alone (to rank a row known to
 * pass the filters: the rank reads only the words' phrases); those two with the title pass; the
 * title pass and the filters. */
enum match_kind { MATCH_WORDS, MATCH_RANK, MATCH_TITLE, MATCH_TITLE_ONLY };

/* Appends " NOT (x1 OR x2 ...)", the query's excluded terms, and a role that ranks nothing for each
 * of their phrases. */
static void put_excluded(const struct search_query *q, struct buf *m, struct buf *roles)
{
	buf_puts(m, " NOT (");
	for (size_t i = 0; i < q->nexcluded; i++) {
		if (i)
			buf_puts(m, " OR ");
		put_phrase(m, search_excluded_words(&q->excluded[i]), q->excluded[i].n);
		buf_putc(roles, 'x');
		const char *const *alt = search_excluded_alt(&q->excluded[i]);
		if (alt) {
			buf_puts(m, " OR ");
			put_phrase(m, alt, q->excluded[i].n);
			buf_putc(roles, 'x');
		}
	}
	buf_putc(m, ')');
}

/*
 * Builds the FTS5 expression for q and the ranking roles of its phrases (see rank_row). Every
 * reader's word is double-quoted; only this function writes operators. A single word typed with
 * diacritics is asked by its fold alone; the hashes of its exact form and of its other spelling
 * (the same when it has none) go to wanted (see exact_tiers).
 */
static void build_match(const struct search_query *q, const int64_t *cats, size_t ncats,
			enum match_kind kind, struct buf *m, struct buf *roles, struct buf *wanted)
{
	bool words = kind != MATCH_TITLE_ONLY, filters = kind != MATCH_RANK,
	     title = kind == MATCH_TITLE || kind == MATCH_TITLE_ONLY;
	/* The exclusions go with the first term, "((t1) NOT (x)) AND t2 ...", not after the whole:
	 * a row of t1 that an excluded word rejects is then passed over before the other terms'
	 * doclists are moved to it. The same rows ("a NOT x AND b" is "(a AND b) NOT x"); where
	 * every term and the excluded word are common, the walk for the newest matches costs half
	 * (0.9 -> 0.5 ms for "doanh nghiệp -sản xuất" at 100,000 articles). Their phrases then
	 * come after t1's: roles says that they rank nothing. With a category they go with its
	 * tokens, "(words) AND ((cats) NOT (x))": a row is then checked against them only when it
	 * is in the category (on t1, every row of t1 was: 30 -> 54 M instructions for "nông thôn
	 * -mới" in a category of a sixth of the articles). */
	bool inner_not = words && filters && q->nexcluded > 0 && ncats == 0;
	buf_putc(m, '(');
	for (size_t i = 0; words && i < q->nterms; i++) {
		const struct search_term *t = &q->terms[i];
		if (i)
			buf_puts(m, " AND ");
		if (i == 0 && inner_not)
			buf_putc(m, '(');
		bool by_set = t->marked && t->n == 1;
		if (by_set) {
			const char *x = t->exact[0], *y = t->alt ? t->alt[0] : x;
			sq_put_le32(wanted, sq_exact_hash(x, strlen(x)));
			sq_put_le32(wanted, sq_exact_hash(y, strlen(y)));
		}
		bool open = (t->marked && !by_set) || t->fold_alt;
		if (open)
			buf_putc(m, '(');
		if (t->marked && !by_set) {
			put_phrase(m, t->exact, t->n);
			buf_puts(m, " OR ");
			buf_putc(roles, 'e');
			if (t->alt) {
				put_phrase(m, t->alt, t->n);
				buf_puts(m, " OR ");
				buf_putc(roles, 'a');
			}
		}
		put_phrase(m, t->fold, t->n);
		buf_putc(roles, t->quoted ? 'q' : t->joined ? 'f' : 'g');
		if (t->fold_alt) {
			buf_puts(m, " OR ");
			put_phrase(m, t->fold_alt, t->n);
			buf_putc(roles, 'o');
		}
		if (open)
			buf_putc(m, ')');
		if (i == 0 && inner_not) {
			put_excluded(q, m, roles);
			buf_putc(m, ')');
		}
	}
	/* The title pass: the query as typed in the title (each quoted phrase, and each run of
	 * words typed side by side as one phrase), asked by the title's own tokens (TITLE_MARK):
	 * the pairs of a phrase are short doclists even when its words are in most articles. After
	 * the words (MATCH_TITLE), its phrases come after those of roles, so they do not count in
	 * the rank, which stays that of the words' pass. Alone (MATCH_TITLE_ONLY), see run_search.
	 */
	for (size_t i = 0, end; title && i < q->nterms; i = end) {
		/* a run: a term and the terms joined to it; with a word spelt two ways (fold_alt),
		 * the run spelt the other way too: ("␁a b" OR "␁a' b") */
		bool alt = false;
		for (end = i; end < q->nterms && (end == i || q->terms[end].joined); end++)
			alt |= q->terms[end].fold_alt != NULL;
		buf_puts(m, i || words ? " AND " : "");
		if (alt)
			buf_putc(m, '(');
		for (int spelling = 0; spelling <= (int)alt; spelling++) {
			buf_puts(m, spelling ? " OR \"" : "\"");
			buf_putc(m, TITLE_MARK);
			for (size_t k = i; k < end; k++) {
				const struct search_term *t = &q->terms[k];
				const char **w = spelling && t->fold_alt ? t->fold_alt : t->fold;
				for (size_t j = 0; j < t->n; j++) {
					if (k > i || j)
						buf_putc(m, ' ');
					buf_puts(m, w[j]);
				}
			}
			buf_putc(m, '"');
		}
		if (alt)
			buf_putc(m, ')');
	}
	buf_putc(m, ')');
	if (filters && ncats > 0) {
		buf_puts(m, " AND ((");
		for (size_t i = 0; i < ncats; i++)
			buf_printf(m, "%s\"%c%lld\"", i ? " OR " : "", CAT_MARK,
				   (long long)cats[i]);
		buf_putc(m, ')');
	}
	if (filters && q->nexcluded > 0 && !inner_not)
		put_excluded(q, m, roles);
	if (filters && ncats > 0)
		buf_putc(m, ')');
	buf_append(roles, "", 0);
}

/* --- the search ------------------------------------------------------------------------------- */

struct cand {
	int64_t id;
	int64_t published_at;
	double score;
};

static int cand_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->published_at != b->published_at)
		return a->published_at > b->published_at ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

/*
 * Puts the k best of v[0..n) first, in cand_cmp's order (the rest of v is then of no use). A page
 * of results needs the first offset + limit of up to 400 candidates: kept sorted by insertion, the
 * others are passed over by one comparison each with the k-th (qsort of all 400: 116,000
 * instructions a search). Larger k: qsort.
 */
static void best_first(struct cand *v, size_t n, size_t k)
{
	if (k > n)
		k = n;
	if (k == 0)
		return;
	if (k > n / 4) {
		qsort(v, n, sizeof(*v), cand_cmp);
		return;
	}
	size_t have = 0; /* v[0..have) the best so far, in order */
	for (size_t i = 0; i < n; i++) {
		if (have == k && cand_cmp(&v[i], &v[k - 1]) >= 0)
			continue;
		struct cand c = v[i];
		size_t j = have < k ? have++ : k - 1; /* full: the k-th goes */
		for (; j > 0 && cand_cmp(&c, &v[j - 1]) < 0; j--)
			v[j] = v[j - 1];
		v[j] = c;
	}
}

/* The w-th single word typed with diacritics of q: the term of wanted's w-th pair of hashes
 * (build_match). */
static const struct search_term *wanted_term(const struct search_query *q, size_t w)
{
	for (size_t i = 0; i < q->nterms; i++)
		if (q->terms[i].marked && q->terms[i].n == 1 && w-- == 0)
			return &q->terms[i];
	return NULL;
}

/*
 * Of the words still live[], those that no row of v[0..n) can hold are no longer: FTS5 is asked
 * whether the exact form stands anywhere in the range of their keys (one seek each). Returns how
 * many are left.
 */
static size_t drop_absent(struct sq_conn *c, const struct search_query *q, const struct cand *v,
			  size_t n, bool *live, size_t nw)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (size_t i = 0; i < n; i++) {
		lo = v[i].id < lo ? v[i].id : lo;
		hi = v[i].id > hi ? v[i].id : hi;
	}
	sqlite3_stmt *s = sq_stmt(c, SR_EXACT_ANY);
	struct buf m = BUF_INIT;
	size_t left = 0;
	for (size_t w = 0; w < nw; w++) {
		const struct search_term *t = wanted_term(q, w);
		if (live[w] && s && t && n > 0) {
			buf_reset(&m);
			put_phrase(&m, t->exact, 1);
			if (t->alt) {
				buf_puts(&m, " OR ");
				put_phrase(&m, t->alt, 1);
			}
			sq_bind_text(s, 1, buf_cstr(&m));
			sq_bind_i64(s, 2, -hi);
			sq_bind_i64(s, 3, -lo);
			int rc = sqlite3_step(s);
			if (rc == SQLITE_DONE)
				live[w] = false;
			else if (rc != SQLITE_ROW)
				log_error("sqlite: search: %s", sqlite3_errmsg(c->db));
			sqlite3_reset(s);
		}
		left += live[w];
	}
	buf_free(&m);
	return left;
}

/*
 * Adds the tier of the single words typed with diacritics (wanted: their hashes, see build_match
 * and gz_exact in words.c) to the candidates v[0..n) that can be among the first k. The words' pass
 * asked them by their folds only, which gives the rows and the rank without that tier. Taken by
 * that rank, best first, each candidate's set of exact forms is read (a blob handle moved from row
 * to row, about 3,500 instructions a set) until the k-th best so far, tier included, is above what
 * any candidate left could reach (its rank and the tier of every word it can still hold). Those
 * left keep the rank without the tier: none of them is among the first k. Where most matches
 * hold the words as typed, a page of 10 reads about 10 sets. When the page is not settled after
 * PROBE_AFTER sets, a word that no candidate left holds (a form typed that the texts do not
 * write: asked of FTS5 over their range, drop_absent) stops counting in what they can reach.
 */
#define PROBE_AFTER 24
static void exact_tiers(struct sq_conn *c, const struct search_query *q, const struct buf *wanted,
			struct cand *v, size_t n, size_t k)
{
	size_t nw = wanted->len / 8;
	if (nw == 0 || n == 0 || k == 0)
		return;
	if (k > n)
		k = n;
	qsort(v, n, sizeof(*v), cand_cmp);
	const unsigned char *want = (const unsigned char *)wanted->data;
	bool *live = xmalloc(nw * sizeof(*live));
	for (size_t w = 0; w < nw; w++)
		live[w] = true;
	double reach = TIER_EXACT * (double)nw;
	double *top = xmalloc(k * sizeof(*top)); /* the k best so far, tier included, descending */
	size_t have = 0;
	sqlite3_blob *b = NULL;
	struct buf set = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i == k + PROBE_AFTER)
			reach = TIER_EXACT * (double)drop_absent(c, q, v + i, n - i, live, nw);
		if (have == k && top[k - 1] > v[i].score + reach)
			break;
		int rc =
		    b ? sqlite3_blob_reopen(b, v[i].id)
		      : sqlite3_blob_open(c->db, "main", "search_exact", "words", v[i].id, 0, &b);
		int nset = rc == SQLITE_OK ? sqlite3_blob_bytes(b) : 0;
		buf_reset(&set);
		buf_grow(&set, (size_t)nset + 1);
		if (rc == SQLITE_OK && sqlite3_blob_read(b, set.data, nset, 0) == SQLITE_OK) {
			int found = 0;
			const unsigned char *sd = (const unsigned char *)set.data;
			for (size_t w = 0; w < nw; w++) {
				uint32_t h = sq_get_le32(want + 8 * w),
					 alt = sq_get_le32(want + 8 * w + 4);
				found +=
				    live[w] && (sq_exact_has(sd, (size_t)nset, h) ||
						(alt != h && sq_exact_has(sd, (size_t)nset, alt)));
			}
			v[i].score += TIER_EXACT * found;
		} else if (rc != SQLITE_OK) {
			/* no row (none is missing but for a fault): no tier; a handle that
			 * failed to move is of no more use */
			sqlite3_blob_close(b);
			b = NULL;
		}
		double t = v[i].score;
		if (have == k && t <= top[k - 1])
			continue;
		size_t j = have < k ? have++ : k - 1;
		for (; j > 0 && t > top[j - 1]; j--)
			top[j] = top[j - 1];
		top[j] = t;
	}
	free(top);
	free(live);
	sqlite3_blob_close(b);
	buf_free(&set);
}

/* v[0..nc) the newest matches (ids descending), v[nc..nc+nt) the title pass's (ids descending):
 * appends those of the title pass older than every newest match (the others are there already).
 * Returns the new count. */
static size_t merge_title_pass(struct cand *v, size_t nc, size_t nt)
{
	int64_t oldest = nc ? v[nc - 1].id : INT64_MAX;
	size_t out = nc;
	for (size_t i = nc; i < nc + nt; i++)
		if (v[i].id < oldest)
			v[out++] = v[i];
	return out;
}

static enum store_rc subtree(struct sq_conn *c, int64_t root, int64_t *ids, size_t *n)
{
	sqlite3_stmt *s = sq_stmt(c, SR_SUBTREE);
	if (!s)
		return STORE_ERROR;
	sq_bind_i64(s, 1, root);
	int r;
	*n = 0;
	while ((r = sqlite3_step(s)) == SQLITE_ROW && *n < 256)
		ids[(*n)++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return sq_rc(r);
}

/* Widens [*lo, *hi] (ids) by the first two columns of s's one row, bound to ?1 and ?2, when they
 * are not NULL. */
static enum store_rc span_add(sqlite3_stmt *s, int64_t a, int64_t b, int64_t *lo, int64_t *hi)
{
	sq_bind_i64(s, 1, a);
	sq_bind_i64(s, 2, b);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		int64_t l = sqlite3_column_int64(s, 0), h = sqlite3_column_int64(s, 1);
		*lo = l < *lo ? l : *lo;
		*hi = h > *hi ? h : *hi;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_rc(rc);
}

/*
 * The keys of the index a search between dates walks (migration 36): from minus the largest id
 * published between its first and last second to minus the smallest, so that a word common in
 * every year is not walked through the newer years to reach an old one; none when no indexed
 * article was published then; every key when the search has no dates. The days strictly inside
 * come from search_days (a row a day: a day is published_at / 86400, by the same integer division
 * as its triggers); the first and the last day, of which the dates may hold a part only, from
 * the articles' list index, reading the ids of that part alone: where ids do not follow dates,
 * the whole of such a day is as wide as the ids of its year and the next (the articles of the
 * evening of 31 December, UTC, are those of 1 January at +07), and walking them cost 13-22 ms a
 * search at 1,000,000 articles.
 */
static enum store_rc days_span(struct sq_conn *c, const struct search_request *r, int64_t span[2])
{
	span[0] = INT64_MIN;
	span[1] = INT64_MAX;
	if (!r->from && !r->to)
		return STORE_OK;
	sqlite3_stmt *days = sq_stmt(c, SR_DAYS_SPAN), *edge = sq_stmt(c, SR_DAYS_EDGE);
	if (!days || !edge)
		return STORE_ERROR;
	const int64_t d = 86400;
	int64_t from = search_from(r), top = search_to(r) < r->now ? search_to(r) : r->now;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	enum store_rc rc = STORE_OK;
	if (from > top) {
		/* no article */
	} else if (top < d || (r->from && from <= 0)) {
		/* an end in 1970's first day or before: whole days (the division truncates towards
		 * zero, so that day 0 is two days long; it still only grows with the time) */
		rc = span_add(days, r->from ? from / d : INT64_MIN, top / d, &lo, &hi);
	} else if (!r->from) { /* the days before the last, and the last day's part */
		int64_t last = top / d;
		rc = span_add(edge, last * d, top, &lo, &hi);
		if (rc == STORE_OK)
			rc = span_add(days, INT64_MIN, last - 1, &lo, &hi);
	} else { /* from > 0: the first day's part, the days between, the last day's part */
		int64_t first = from / d, last = top / d;
		rc = span_add(edge, last > first ? last * d : from, top, &lo, &hi);
		if (rc == STORE_OK && last > first)
			rc = span_add(edge, from, first * d + d - 1, &lo, &hi);
		if (rc == STORE_OK && last > first + 1)
			rc = span_add(days, first + 1, last - 1, &lo, &hi);
	}
	if (rc != STORE_OK)
		return rc;
	if (lo > hi) { /* no key: the index's are minus ids */
		span[0] = 1;
		span[1] = 0;
	} else {
		span[0] = -hi;
		span[1] = -lo;
	}
	return STORE_OK;
}

static enum store_rc candidates(struct sq_conn *c, enum sq_stmt which,
				const struct search_request *r, const int64_t span[2],
				const char *match, const char *roles, size_t window, struct cand *v,
				size_t *n)
{
	sqlite3_stmt *s = sq_stmt(c, which);
	if (!s)
		return STORE_ERROR;
	sq_bind_text(s, 1, match);
	sq_bind_text(s, 2, roles);
	sq_bind_i64(s, 3, r->now);
	sq_bind_i64(s, 4, search_from(r));
	sq_bind_i64(s, 5, search_to(r));
	sq_bind_i64(s, 6, (int64_t)window + 1);
	sq_bind_i64(s, 7, span[0]);
	sq_bind_i64(s, 8, span[1]);
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n <= window) {
		v[*n].id = sqlite3_column_int64(s, 0);
		v[*n].score = sqlite3_column_double(s, 1);
		v[*n].published_at = sqlite3_column_int64(s, 2);
		(*n)++;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		log_error("sqlite: search: %s", sqlite3_errmsg(c->db));
	sqlite3_reset(s);
	return sq_rc(rc);
}

/*
 * Ranks v[from..*n), the rows the title pass added (they pass the filters), as the other pass
 * ranks its own: match is its words without the filters (MATCH_RANK), roles its roles; one lookup
 * each by rowid. A row the words do not match (none should: a title that holds the words holds
 * their folds) is dropped. Returns the new count in *n.
 */
static enum store_rc rank_added(struct sq_conn *c, const char *match, const char *roles,
				struct cand *v, size_t from, size_t *n)
{
	sqlite3_stmt *s = sq_stmt(c, SR_RANK_ONE);
	if (!s)
		return STORE_ERROR;
	size_t out = from;
	int rc = SQLITE_OK;
	for (size_t i = from; i < *n; i++) {
		sq_bind_text(s, 1, match);
		sq_bind_text(s, 2, roles);
		sq_bind_i64(s, 3, v[i].id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			v[out] = v[i];
			v[out++].score = sqlite3_column_double(s, 0);
		}
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			log_error("sqlite: search: %s", sqlite3_errmsg(c->db));
			break;
		}
	}
	*n = out;
	return rc == SQLITE_ROW || rc == SQLITE_DONE || rc == SQLITE_OK ? STORE_OK : sq_rc(rc);
}

static enum store_rc fetch_hit(struct sq_conn *c, struct arena *a, const struct cand *k,
			       struct search_hit *h)
{
	sqlite3_stmt *s = sq_stmt(c, SR_ARTICLE);
	if (!s)
		return STORE_ERROR;
	sq_bind_i64(s, 1, k->id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		h->id = k->id;
		h->published_at = k->published_at;
		h->score = k->score;
		h->category_id = sqlite3_column_int64(s, 0);
		h->title = sq_col_text(a, s, 1);
		h->slug = sq_col_text(a, s, 2);
		h->lead = sq_col_text(a, s, 3);
		h->body_text = sq_col_text(a, s, 4);
		h->image.src = sq_col_text(a, s, 5);
		h->image.alt = sq_col_text(a, s, 6);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_rc(rc == SQLITE_DONE ? SQLITE_ERROR : rc);
}

static enum store_rc run_search(struct sq_conn *c, struct arena *a, const struct search_request *r,
				struct search_hit **out, size_t *n, int64_t *total, bool *more)
{
	int64_t cats[256];
	size_t ncats = 0;
	enum store_rc rc = STORE_OK;
	if (r->category_id > 0)
		rc = subtree(c, r->category_id, cats, &ncats);
	int64_t span[2];
	if (rc == STORE_OK)
		rc = days_span(c, r, span);
	if (rc != STORE_OK)
		return rc;
	/* With an exclusion or a category, most titles that hold the words fail the filter: the
	 * title pass then asks the title's tokens and the filter alone, and ranks the rows it adds
	 * afterwards (rank_added); otherwise it walks with the words, ranking as it goes, which
	 * costs less than one lookup per added row. */
	bool lean = ncats > 0 || r->q->nexcluded > 0;
	/* wanted: the hashes of the words whose tier exact_tiers gives; the other expressions hold
	 * the same words and give the same again, to scratch. */
	struct buf match = BUF_INIT, roles = BUF_INIT, tmatch = BUF_INIT, troles = BUF_INIT,
		   rmatch = BUF_INIT, wanted = BUF_INIT, scratch = BUF_INIT;
	build_match(r->q, cats, ncats, MATCH_WORDS, &match, &roles, &wanted);
	struct cand *v = xmalloc((SEARCH_WINDOW + SEARCH_TITLE_WINDOW + 2) * sizeof(*v));
	size_t nc = 0, nt = 0;
	rc = candidates(c, SR_CANDIDATES, r, span, buf_cstr(&match), buf_cstr(&roles),
			SEARCH_WINDOW, v, &nc);
	if (rc == STORE_OK) {
		*more = nc > SEARCH_WINDOW;
		if (*more)
			nc = SEARCH_WINDOW;
		/* When the newest matches were all of them, the title pass finds nothing new. */
		if (*more) {
			build_match(r->q, cats, ncats, lean ? MATCH_TITLE_ONLY : MATCH_TITLE,
				    &tmatch, &troles, &scratch);
			buf_reset(
			    &troles); /* the roles of rmatch, whose phrases are the words' only */
			if (lean)
				build_match(r->q, cats, ncats, MATCH_RANK, &rmatch, &troles,
					    &scratch);
			rc = candidates(c, lean ? SR_TITLE_IDS : SR_CANDIDATES, r, span,
					buf_cstr(&tmatch), buf_cstr(&roles), SEARCH_TITLE_WINDOW,
					v + nc, &nt);
		}
		if (nt > SEARCH_TITLE_WINDOW)
			nt = SEARCH_TITLE_WINDOW;
		size_t newest = nc;
		nc = merge_title_pass(v, nc, nt);
		if (rc == STORE_OK && lean && nc > newest)
			rc = rank_added(c, buf_cstr(&rmatch), buf_cstr(&troles), v, newest, &nc);
	}
	buf_free(&scratch);
	buf_free(&match);
	buf_free(&roles);
	buf_free(&tmatch);
	buf_free(&troles);
	buf_free(&rmatch);
	if (rc == STORE_OK) {
		*total = (int64_t)nc;
		size_t from = r->offset > 0 ? (size_t)r->offset : 0;
		size_t want = r->limit > 0 ? (size_t)r->limit : 0;
		size_t k = from < nc && want < nc - from ? from + want : nc;
		exact_tiers(c, r->q, &wanted, v, nc, k);
		best_first(v, nc, k);
		size_t cnt = from < nc ? (nc - from < want ? nc - from : want) : 0;
		*out = arena_alloc(a, (cnt ? cnt : 1) * sizeof(**out));
		for (size_t i = 0; i < cnt && rc == STORE_OK; i++)
			rc = fetch_hit(c, a, &v[from + i], &(*out)[i]);
		*n = rc == STORE_OK ? cnt : 0;
	}
	buf_free(&wanted);
	free(v);
	return rc;
}

enum store_rc sq_search(struct store_conn *sc, struct arena *a, const struct search_request *r,
			struct search_hit **out, size_t *n, int64_t *total, bool *more)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	*more = false;
	if (!r->q || r->q->nterms == 0 || search_from(r) > search_to(r))
		return STORE_OK;
	struct sq_conn *c = sq_search_take(sq_c(sc));
	enum store_rc rc = run_search(c, a, r, out, n, total, more);
	sq_search_give(sq_c(sc), c);
	return rc;
}

/* --- reindex ---------------------------------------------------------------------------------- */

static enum store_rc exec_slot(struct sq_conn *c, enum sq_stmt which, int64_t p1, int64_t p2)
{
	sqlite3_stmt *s = sq_stmt(c, which);
	if (!s)
		return STORE_ERROR;
	sq_bind_i64(s, 1, p1);
	sq_bind_i64(s, 2, p2);
	return sq_step_done(c, s);
}

/* The lowest id and size of the next batch of published articles below `below` (newest first:
 * see SR_FILL_FTS). */
static enum store_rc next_batch(struct sq_conn *c, int64_t below, int64_t *last, int64_t *count)
{
	sqlite3_stmt *s = sq_stmt(c, SR_BATCH_END);
	if (!s)
		return STORE_ERROR;
	sq_bind_i64(s, 1, below);
	int rc = sqlite3_step(s);
	*last = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(s, 1) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_rc(rc == SQLITE_DONE ? SQLITE_ERROR : rc);
}

static enum store_rc rebuild(struct sq_conn *c, void (*progress)(int64_t, void *), void *ctx,
			     int64_t *count)
{
	enum store_rc rc = exec_slot(c, SR_CLEAR_DOCS, 0, 0);
	if (rc == STORE_OK) /* made again, as tight as can be, by search_docs' trigger */
		rc = exec_slot(c, SR_CLEAR_DAYS, 0, 0);
	if (rc == STORE_OK)
		rc = exec_slot(c, SR_CLEAR_FTS, 0, 0);
	if (rc == STORE_OK)
		rc = exec_slot(c, SR_CLEAR_EXACT, 0, 0);
	if (rc == STORE_OK) /* the rebuild indexes them too */
		rc = exec_slot(c, SR_PENDING_CLEAR, 0, 0);
	int64_t below = INT64_MAX, last, n;
	while (rc == STORE_OK && (rc = next_batch(c, below, &last, &n)) == STORE_OK && n > 0) {
		rc = exec_slot(c, SR_FILL_FTS, below, last);
		if (rc == STORE_OK)
			rc = exec_slot(c, SR_FILL_DOCS, below, last);
		if (rc == STORE_OK)
			rc = exec_slot(c, SR_FILL_EXACT, below, last);
		below = last;
		*count += n;
		if (progress)
			progress(*count, ctx);
	}
	if (rc == STORE_OK &&
	    sq_exec(c, "INSERT INTO search_fts(search_fts) VALUES ('optimize')") != SQLITE_OK)
		rc = STORE_ERROR;
	return rc;
}

enum store_rc sq_search_reindex(struct store_conn *sc, void (*progress)(int64_t done, void *ctx),
				void *ctx, int64_t *count)
{
	*count = 0;
	return rebuild(sq_c(sc), progress, ctx, count);
}
