/*
 * The words the SQLite backend's search index is given (see the overview in search.c): the
 * functions its triggers and statements call (gz_text, gz_fold, gz_exact, gz_capture) and the
 * "gazette" FTS5 tokenizer, with its capture of the exact forms it indexes.
 */
#include "store/sqlite/sqlite-int.h"
#include "store/sqlite/search-int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize/snippet.h"
#include "search/token.h"
#include "vi/vi.h"

/* --- gz_text ---------------------------------------------------------------------------------- */

static void fn_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *html = (const char *)sqlite3_value_text(argv[0]);
	if (!html) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	struct buf b = BUF_INIT;
	sanitize_stored_text(html, (size_t)sqlite3_value_bytes(argv[0]), &b);
	sqlite3_result_text(ctx, b.data ? b.data : "", (int)b.len, SQLITE_TRANSIENT);
	buf_free(&b);
}

/* gz_fold(text): the search fold of text (vi_fold: lower case, no diacritics, đ -> d). */
static void fn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	struct buf b = BUF_INIT;
	if (s && vi_fold(s, (size_t)sqlite3_value_bytes(argv[0]), &b) != 0)
		buf_reset(&b);
	sqlite3_result_text(ctx, b.data ? b.data : "", (int)b.len, SQLITE_TRANSIENT);
	buf_free(&b);
}

/* --- gz_exact --------------------------------------------------------------------------------- */

/*
 * The exact forms a row holds (migration 35). A word typed with diacritics finds its rows by its
 * fold; its exact form only earns the rank's tier. Asked in the expression, ("nông" OR "nong"),
 * FTS5 walks both doclists at every row and the rank reads the exact form's positions: 10-33 %
 * of such a search (docs/BENCHMARKS.md). Instead search_exact keeps, for each indexed article,
 * the set of the exact forms of its words that carry diacritics, as 32-bit hashes (exact_hash):
 * gz_exact(title, lead, body) gives them sorted and without repeats, 4 bytes each, little-endian.
 * exact_tiers looks a search's words up in the sets of the candidates that can reach its page.
 * Every writer of search_fts writes search_exact from the same texts (the triggers of migration
 * 35, SR_PENDING_EXACT, SR_FILL_EXACT). Phrases keep their exact form in the expression: their
 * tier needs the words side by side.
 */
uint32_t sq_exact_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

void sq_put_le32(struct buf *b, uint32_t v)
{
	char x[4] = {(char)(v & 0xff), (char)((v >> 8) & 0xff), (char)((v >> 16) & 0xff),
		     (char)(v >> 24)};
	buf_append(b, x, 4);
}

uint32_t sq_get_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The distinct hashes of a text's marked words: an open-addressed table (a text repeats most of
 * its words: sorting every occurrence cost a third of gz_exact), 0 standing for an empty slot and
 * the hash 0 kept apart. */
struct hashes {
	uint32_t *slot;
	size_t n, cap; /* cap a power of two, at most half full */
	bool zero;
};

static size_t slot_of(uint32_t v, size_t cap)
{
	return (size_t)(uint32_t)(v * 2654435761u) & (cap - 1);
}

static void hashes_add(struct hashes *h, uint32_t v)
{
	if (v == 0) {
		h->zero = true;
		return;
	}
	if (2 * (h->n + 1) > h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 512;
		uint32_t *slot = xcalloc(cap, sizeof(*slot));
		for (size_t i = 0; i < h->cap; i++)
			for (size_t j = slot_of(h->slot[i], cap); h->slot[i];
			     j = (j + 1) & (cap - 1))
				if (!slot[j]) {
					slot[j] = h->slot[i];
					break;
				}
		free(h->slot);
		h->slot = slot;
		h->cap = cap;
	}
	for (size_t j = slot_of(v, h->cap);; j = (j + 1) & (h->cap - 1)) {
		if (h->slot[j] == v)
			return;
		if (!h->slot[j]) {
			h->slot[j] = v;
			h->n++;
			return;
		}
	}
}

static int collect_exact(const struct search_token *t, void *ctx)
{
	if (search_token_marked(t))
		hashes_add(ctx, sq_exact_hash(t->exact, t->nexact));
	return 0;
}

static int u32_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return (a > b) - (a < b);
}

/* The sorted set of h, gz_exact's blob, into b. */
static void hashes_blob(const struct hashes *h, struct buf *b)
{
	size_t n = 0;
	uint32_t *v = xmalloc((h->n + 1) * sizeof(*v));
	if (h->zero)
		v[n++] = 0;
	for (size_t i = 0; i < h->cap; i++)
		if (h->slot[i])
			v[n++] = h->slot[i];
	qsort(v, n, sizeof(*v), u32_cmp);
	buf_reset(b);
	for (size_t i = 0; i < n; i++)
		sq_put_le32(b, v[i]);
	free(v);
}

/* gz_exact(text, ...): see above. NULL texts hold no words. */
static void fn_exact(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hashes h = {0};
	for (int i = 0; i < argc; i++) {
		const char *s = (const char *)sqlite3_value_text(argv[i]);
		if (s)
			search_tokenize(s, (size_t)sqlite3_value_bytes(argv[i]), collect_exact, &h);
	}
	struct buf b = BUF_INIT;
	hashes_blob(&h, &b);
	sqlite3_result_blob(ctx, b.data ? b.data : "", (int)b.len, SQLITE_TRANSIENT);
	buf_free(&b);
	free(h.slot);
}

bool sq_exact_has(const unsigned char *words, size_t n, uint32_t h)
{
	size_t lo = 0, hi = n / 4;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t v = sq_get_le32(words + mid * 4);
		if (v == h)
			return true;
		if (v < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/*
 * The exact forms the index is given (sq_flush_pending): while a capture is on, the tokenizer
 * adds the hash of each marked word of a document to the set of the row that gz_capture(key)
 * last named (the flush's statement calls it in the row's columns, before FTS5 tokenizes that
 * row), so that an import's sets come from the one tokenization FTS5 makes anyway instead of a
 * second one by gz_exact (5 % of an import's instructions). One a connection.
 */
struct sq_capture {
	bool on;
	bool have;   /* key names a row */
	bool astray; /* a row's words did not come as one title and its other columns */
	int64_t key; /* the row being indexed: gz_capture's last argument */
	int titles;  /* title texts tokenized for it (one, if rows and texts came in step) */
	struct hashes cur;
	struct sq_captured *rows;
	size_t n, cap;
};

static void capture_close_row(struct sq_capture *c)
{
	if (!c->have)
		return;
	if (c->titles != 1)
		c->astray = true;
	c->titles = 0;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->rows = xrealloc(c->rows, c->cap * sizeof(*c->rows));
	}
	struct sq_captured *r = &c->rows[c->n++];
	r->key = c->key;
	r->words = (struct buf)BUF_INIT;
	hashes_blob(&c->cur, &r->words);
	free(c->cur.slot);
	c->cur = (struct hashes){0};
	c->have = false;
}

void sq_capture_begin(struct sq_capture *c)
{
	sq_capture_end(c);
	c->on = true;
}

const struct sq_captured *sq_capture_rows(struct sq_capture *c, size_t *n)
{
	capture_close_row(c);
	*n = c->n;
	return c->astray ? NULL : c->rows;
}

void sq_capture_end(struct sq_capture *c)
{
	capture_close_row(c);
	for (size_t i = 0; i < c->n; i++)
		buf_free(&c->rows[i].words);
	c->n = 0;
	c->on = false;
	c->astray = false;
}

static void capture_free(void *p)
{
	struct sq_capture *c = p;
	sq_capture_end(c);
	free(c->rows);
	free(c);
}

/* gz_capture(key): names the row whose words the tokenizer captures next; returns key. */
static void fn_capture(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	struct sq_capture *c = sqlite3_user_data(ctx);
	if (c->on) {
		capture_close_row(c);
		c->key = sqlite3_value_int64(argv[0]);
		c->have = true;
	}
	sqlite3_result_value(ctx, argv[0]);
}

/* --- the tokenizer ---------------------------------------------------------------------------- */

/*
 * Created as "gazette pairs" (search_fts since migration 28), the tokenizer also indexes each pair
 * of adjacent words as one token, colocated with the second word: "xay_dung" (the folds) always,
 * "xây_dựng" (the exact forms) when both words carry diacritics. A phrase of n words in a query
 * becomes the phrase of its n - 1 pairs, so FTS5 reads one short doclist per pair instead of
 * checking positions across the long doclists of common words; it matches the same rows. A pair
 * of a word with diacritics and one without ("ba đình") has no token of its own: those two are
 * queried as words, as before (a word matches the fold or the exact form at its position). Pairs
 * do not add positions (colocated tokens do not count in a column's size), so the ranking's
 * lengths are unchanged; snippets are made from the text, not from the index.
 */
#define PAIR_SEP '_' /* a separator for the tokenizer: never inside a word */

/* A tokenizer: "gazette" (plain) or "gazette pairs", and its connection's capture. */
struct tok {
	bool pairs;
	struct sq_capture *cap;
};

struct tok_ctx {
	void *fts_ctx;
	int (*xToken)(void *, int, const char *, int, int, int);
	bool query, pairs;
	bool title;             /* the text started with TITLE_MARK */
	bool cat;               /* the text started with CAT_MARK */
	bool have_prev;         /* a word came before in this text */
	bool pending;           /* query: the previous word is not in any token yet */
	struct hashes *capture; /* a document's marked words go here too (sq_capture) */
	bool prev_marked;
	int prev_start, prev_end;
	struct buf prev_exact, prev_fold, pair, titled;
};

/* A query's token; TITLE_PREFIX in front in a title query. */
static int emit(struct tok_ctx *c, int flags, const char *p, size_t n, int s, int e)
{
	if (!c->title || !c->query)
		return c->xToken(c->fts_ctx, flags, p, (int)n, s, e);
	buf_reset(&c->titled);
	buf_putc(&c->titled, TITLE_PREFIX);
	buf_append(&c->titled, p, n);
	return c->xToken(c->fts_ctx, flags, c->titled.data, (int)c->titled.len, s, e);
}

static int emit_pair(struct tok_ctx *c, int flags, const struct buf *a, const char *b, size_t nb,
		     int s, int e)
{
	buf_reset(&c->pair);
	buf_append(&c->pair, a->data, a->len);
	buf_putc(&c->pair, PAIR_SEP);
	buf_append(&c->pair, b, nb);
	return emit(c, flags, c->pair.data, c->pair.len, s, e);
}

/* A title's own tokens in a document (see TITLE_MARK): "^fold", and "^prev_fold" with the pair. */
static int title_tokens(struct tok_ctx *c, const struct search_token *t, int s, int e)
{
	buf_reset(&c->titled);
	buf_putc(&c->titled, TITLE_PREFIX);
	buf_append(&c->titled, t->fold, t->nfold);
	int rc =
	    c->xToken(c->fts_ctx, FTS5_TOKEN_COLOCATED, c->titled.data, (int)c->titled.len, s, e);
	if (rc != SQLITE_OK || !c->have_prev)
		return rc;
	buf_reset(&c->titled);
	buf_putc(&c->titled, TITLE_PREFIX);
	buf_append(&c->titled, c->prev_fold.data, c->prev_fold.len);
	buf_putc(&c->titled, PAIR_SEP);
	buf_append(&c->titled, t->fold, t->nfold);
	return c->xToken(c->fts_ctx, FTS5_TOKEN_COLOCATED, c->titled.data, (int)c->titled.len,
			 c->prev_start, e);
}

/* A query's string: one word as itself; words side by side as pairs where both or neither carry
 * diacritics, as words elsewhere (each token takes the next position, as the index has them). */
static int query_word(struct tok_ctx *c, const struct search_token *t, bool marked)
{
	int s = (int)t->start, e = (int)t->end, rc = SQLITE_OK;
	if (!c->have_prev) {
		c->pending = true;
	} else if (c->prev_marked == marked) {
		c->pending = false;
		rc = emit_pair(c, 0, &c->prev_exact, t->exact, t->nexact, c->prev_start, e);
	} else {
		if (c->pending)
			rc = emit(c, 0, c->prev_exact.data, c->prev_exact.len, c->prev_start,
				  c->prev_end);
		c->pending = false;
		if (rc == SQLITE_OK)
			rc = emit(c, 0, t->exact, t->nexact, s, e);
	}
	return rc;
}

static int doc_word(struct tok_ctx *c, const struct search_token *t, bool marked)
{
	int s = (int)t->start, e = (int)t->end;
	int rc = c->xToken(c->fts_ctx, 0, t->fold, (int)t->nfold, s, e);
	if (rc == SQLITE_OK && marked)
		rc = c->xToken(c->fts_ctx, FTS5_TOKEN_COLOCATED, t->exact, (int)t->nexact, s, e);
	if (marked && c->capture)
		hashes_add(c->capture, sq_exact_hash(t->exact, t->nexact));
	if (rc == SQLITE_OK && c->pairs && c->have_prev)
		rc = emit_pair(c, FTS5_TOKEN_COLOCATED, &c->prev_fold, t->fold, t->nfold,
			       c->prev_start, e);
	if (rc == SQLITE_OK && c->pairs && c->have_prev && marked && c->prev_marked)
		rc = emit_pair(c, FTS5_TOKEN_COLOCATED, &c->prev_exact, t->exact, t->nexact,
			       c->prev_start, e);
	if (rc == SQLITE_OK && c->pairs && c->title)
		rc = title_tokens(c, t, s, e);
	return rc;
}

static int tok_word(const struct search_token *t, void *arg)
{
	struct tok_ctx *c = arg;
	bool marked = search_token_marked(t);
	int rc;
	if (c->cat) { /* the category's token, in the index and in a query alike */
		buf_reset(&c->titled);
		buf_putc(&c->titled, CAT_PREFIX);
		buf_append(&c->titled, t->fold, t->nfold);
		return c->xToken(c->fts_ctx, 0, c->titled.data, (int)c->titled.len, (int)t->start,
				 (int)t->end);
	}
	if (c->query && !c->pairs)
		return c->xToken(c->fts_ctx, 0, t->exact, (int)t->nexact, (int)t->start,
				 (int)t->end);
	rc = c->query ? query_word(c, t, marked) : doc_word(c, t, marked);
	if (!c->pairs)
		return rc;
	buf_reset(&c->prev_exact);
	buf_append(&c->prev_exact, t->exact, t->nexact);
	buf_reset(&c->prev_fold);
	buf_append(&c->prev_fold, t->fold, t->nfold);
	c->prev_marked = marked;
	c->prev_start = (int)t->start;
	c->prev_end = (int)t->end;
	c->have_prev = true;
	return rc;
}

/* "gazette" (the documents' index) or "gazette pairs" (the articles'). */
static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	if (argc > 1 || (argc == 1 && strcmp(argv[0], "pairs") != 0))
		return SQLITE_ERROR;
	struct tok *t = xmalloc(sizeof(*t));
	t->pairs = argc == 1;
	t->cap = ctx;
	*out = (Fts5Tokenizer *)(void *)t;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	free(t);
}

static int tok_tokenize(Fts5Tokenizer *t, void *fts_ctx, int flags, const char *text, int len,
			int (*xToken)(void *, int, const char *, int, int, int))
{
	const struct tok *tk = (const struct tok *)(const void *)t;
	struct tok_ctx c = {.fts_ctx = fts_ctx,
			    .xToken = xToken,
			    .query = (flags & FTS5_TOKENIZE_QUERY) != 0,
			    .pairs = tk->pairs,
			    .prev_exact = BUF_INIT,
			    .prev_fold = BUF_INIT,
			    .pair = BUF_INIT,
			    .titled = BUF_INIT};
	if (len <= 0)
		return SQLITE_OK;
	c.title = c.pairs && text[0] == TITLE_MARK;
	c.cat = c.pairs && text[0] == CAT_MARK;
	if (tk->cap && tk->cap->on && tk->cap->have && c.pairs && !c.query &&
	    (flags & FTS5_TOKENIZE_DOCUMENT)) {
		c.capture = &tk->cap->cur;
		tk->cap->titles += c.title;
	}
	int rc = search_tokenize(text, (size_t)len, tok_word, &c);
	if (rc == SQLITE_OK && c.query && c.pending)
		rc = emit(&c, 0, c.prev_exact.data, c.prev_exact.len, c.prev_start, c.prev_end);
	buf_free(&c.prev_exact);
	buf_free(&c.prev_fold);
	buf_free(&c.pair);
	buf_free(&c.titled);
	return rc;
}

int sq_words_register(sqlite3 *db, fts5_api *api, struct sq_capture **capture)
{
	int rc = sqlite3_create_function(db, "gz_text", 1,
					 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
					 NULL, fn_text, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "gz_fold", 1,
					     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
					     NULL, fn_fold, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "gz_exact", -1,
					     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
					     NULL, fn_exact, NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	/* The capture lives as long as the tokenizer (FTS5 frees it when the connection closes). */
	struct sq_capture *cap = xcalloc(1, sizeof(*cap));
	fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
	rc = api->xCreateTokenizer(api, "gazette", cap, &tok, capture_free);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_create_function(db, "gz_capture", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS, cap,
				     fn_capture, NULL, NULL);
	if (rc == SQLITE_OK && capture)
		*capture = cap;
	return rc;
}
