/* The PostgreSQL backend's batched import: many new articles written by a few statements over
 * arrays (batch-sql.h), each statement prepared once, all sent in one or two round trips behind
 * one savepoint. The logic (which batches qualify, tags) is in store/content.c. */
#include "store/pg/pg-int.h"

#include <stdlib.h>
#include <string.h>

/* Steps of one pipeline at most. */
#define STEPS_MAX 8

/* An array being built in PostgreSQL's binary format: the server reads each element as it is,
 * where a text literal is scanned character by character (array_in: 5-6 % of the server's CPU
 * in an import while the articles' bodies were sent so). */
struct arr {
	struct buf b;
	size_t n;
	bool nulls;
};

bool pg_words_ahead(struct store_conn *sc)
{
	return pg_words_ready(pg_c(sc));
}

/* Binary arrays: a header (dimensions 1, whether there are NULLs, the element type, the length,
 * the lower bound 1), then each element's length (-1: NULL) and bytes, in network order. */
static void bin_begin(struct arr *x, uint32_t oid)
{
	pg_put32(&x->b, 1);
	pg_put32(&x->b, 0); /* NULLs: set by bin_end */
	pg_put32(&x->b, oid);
	pg_put32(&x->b, 0); /* length: set by bin_end */
	pg_put32(&x->b, 1);
}

static void bin_end(struct arr *x)
{
	pg_patch32(&x->b, 4, x->nulls);
	pg_patch32(&x->b, 12, (uint32_t)x->n);
}

/* A text element; NULL as the empty string, as the single inserts store it. */
static void bin_text(struct arr *x, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	pg_put32(&x->b, (uint32_t)len);
	buf_append(&x->b, s ? s : "", len);
	x->n++;
}

static void bin_i64(struct arr *x, int64_t v)
{
	pg_put32(&x->b, 8);
	pg_put32(&x->b, (uint32_t)((uint64_t)v >> 32));
	pg_put32(&x->b, (uint32_t)v);
	x->n++;
}

static void bin_null(struct arr *x)
{
	pg_put32(&x->b, UINT32_MAX);
	x->nulls = true;
	x->n++;
}

enum store_rc pg_tags_find(struct store_conn *sc, const char *const *names, size_t n, int64_t *ids)
{
	struct arr x = {BUF_INIT, 0, false};
	bin_begin(&x, PG_TEXTOID);
	for (size_t i = 0; i < n; i++) {
		bin_text(&x, names[i]);
		ids[i] = 0;
	}
	bin_end(&x);
	struct pg_params p = {.n = 0};
	pg_p_binary(&p, x.b.data, x.b.len);
	enum store_rc rc;
	PGresult *r = pg_run(pg_c(sc), PG_BATCH_TAGS_FIND, &p, &rc);
	for (int row = 0; r && row < PQntuples(r); row++) {
		const char *name = PQgetvalue(r, row, 0);
		int64_t id = pg_get_i64(r, row, 1);
		for (size_t i = 0; i < n; i++)
			if (!ids[i] && strcmp(names[i], name) == 0)
				ids[i] = id;
	}
	PQclear(r);
	buf_free(&x.b);
	return rc;
}

/* The parameters of PG_BATCH_ARTICLES: one array per column. */
enum {
	COL_ID,
	COL_CAT,
	COL_STATUS,
	COL_TITLE,
	COL_SLUG,
	COL_LEAD,
	COL_BODY,
	COL_AUTHOR,
	COL_SIGNATURE,
	COL_SOURCE,
	COL_PUB,
	COL_VIEWS,
	COL_OWNER,
	COL_EXPIRES,
	COL_ISRC,
	COL_IALT,
	COL_ICAP,
	COL_TEXT,
	COL_TFOLD,
	COLS
};

/* The columns' element types: bigint for the numbers, text for the rest. */
static bool col_number(size_t i)
{
	return i == COL_ID || i == COL_CAT || i == COL_PUB || i == COL_VIEWS || i == COL_OWNER ||
	       i == COL_EXPIRES;
}

/* The newsroom list's title_fold of p as the trigger makes it, gz_fold(title || ' ' || author), or
 * "" to leave it to the trigger (a character pg_fold leaves to the server). */
static void title_fold(struct arr *x, const struct article_put *p, bool words, struct buf *f)
{
	buf_reset(f);
	bool ok = words && pg_fold(p->title, f);
	buf_putc(f, ' ');
	ok = ok && pg_fold(p->author, f);
	bin_text(x, ok ? buf_cstr(f) : "");
}

static void article_arrays(struct arr *col, const struct article_put *a, size_t n, bool words)
{
	struct buf f = BUF_INIT;
	for (size_t i = 0; i < COLS; i++)
		bin_begin(&col[i], col_number(i) ? PG_INT8OID : PG_TEXTOID);
	for (size_t i = 0; i < n; i++) {
		const struct article_put *p = &a[i];
		bin_i64(&col[COL_ID], p->id);
		bin_i64(&col[COL_CAT], p->category_id);
		bin_text(&col[COL_STATUS], article_status_name(p->status));
		bin_text(&col[COL_TITLE], p->title);
		bin_text(&col[COL_SLUG], p->slug);
		bin_text(&col[COL_LEAD], p->lead);
		bin_text(&col[COL_BODY], p->body_html);
		bin_text(&col[COL_AUTHOR], p->author);
		bin_text(&col[COL_SIGNATURE], p->signature);
		bin_text(&col[COL_SOURCE], p->source);
		bin_i64(&col[COL_PUB], p->published_at);
		bin_i64(&col[COL_VIEWS], p->views);
		bin_i64(&col[COL_OWNER], p->owner_id);
		bin_i64(&col[COL_EXPIRES], p->expires_at);
		bin_text(&col[COL_ISRC], p->image.src);
		bin_text(&col[COL_IALT], p->image.alt);
		bin_text(&col[COL_ICAP], p->image.caption);
		bin_text(&col[COL_TEXT], p->body_text);
		title_fold(&col[COL_TFOLD], p, words, &f);
	}
	for (size_t i = 0; i < COLS; i++)
		bin_end(&col[i]);
	buf_free(&f);
}

/* The binary arrays of PG_BATCH_SEARCH: ids, the folded and exact vectors, then the keys of
 * all the articles' pairs in one array and where each article's are in it (1-based, inclusive;
 * NULL where the server must make them). */
enum { S_ID, S_FOLD, S_EXACT, S_KEYS, S_LO, S_HI, S_ARRAYS };

/* All the arrays of a batch: the columns, the search rows', the tags' three, the ids, the
 * archive's ids; each kept in the connection for the next batch unless larger than this. */
#define ARRAYS (COLS + S_ARRAYS + 3 + 2)
#define SCRATCH_KEEP ((size_t)4 << 20)
_Static_assert(ARRAYS <= PG_SCRATCH, "a connection keeps a buffer for each array");

/* Appends an article's words in a batch's binary form (PG_WORDS_BATCH) to the arrays: its two
 * vectors as they are, its keys to the keys and where they are to lo and hi. False, with nothing
 * appended, when w is not that form whole. */
static bool bin_words(struct arr s[S_ARRAYS], const struct buf *w)
{
	const char *p = w->data;
	size_t len = w->len, vec[3], at = 0;
	for (int k = 0; k < 2; k++) { /* each vector: its length, then its bytes */
		if (len - at < 4 || len - at - 4 < pg_get32(p + at))
			return false;
		vec[k] = at;
		at += 4 + pg_get32(p + at);
	}
	vec[2] = at;
	if (len - at < 4 || (len - at - 4) % 6 || (len - at - 4) / 6 != pg_get32(p + at))
		return false; /* the keys: how many, then each (its length 2 and two bytes) */
	buf_append(&s[S_FOLD].b, p + vec[0], vec[1] - vec[0]);
	s[S_FOLD].n++;
	buf_append(&s[S_EXACT].b, p + vec[1], vec[2] - vec[1]);
	s[S_EXACT].n++;
	bin_i64(&s[S_LO], (int64_t)s[S_KEYS].n + 1);
	buf_append(&s[S_KEYS].b, p + vec[2] + 4, len - vec[2] - 4);
	s[S_KEYS].n += pg_get32(p + vec[2]);
	bin_i64(&s[S_HI], (int64_t)s[S_KEYS].n);
	return true;
}

/* The search rows' binary arrays of the published articles among a[0..n) with ids: the client's
 * vectors, or NULL where the server must make them (article_vectors in content.c). */
static void search_arrays(struct pg_conn *c, const struct article_put *a, const int64_t *id,
			  size_t n, struct arr s[S_ARRAYS], struct arr *archive)
{
	bool words = pg_words_ready(c);
	struct buf v[STORE_WORDS] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
	for (size_t i = 0; i < n; i++) {
		if (a[i].status != ARTICLE_PUBLISHED)
			continue;
		bin_i64(archive, id[i]);
		bin_i64(&s[S_ID], id[i]);
		const struct buf *w = NULL;
		const char *parts[3] = {a[i].title, a[i].lead, a[i].body_text};
		if (words && pg_words_given(&a[i])) /* made ahead */
			w = &a[i].words[PG_WORDS_BATCH];
		else if (words && pg_article_words(parts, v))
			w = &v[PG_WORDS_BATCH];
		if (!w || !bin_words(s, w)) {
			bin_null(&s[S_FOLD]);
			bin_null(&s[S_EXACT]);
			bin_null(&s[S_LO]);
			bin_null(&s[S_HI]);
		}
	}
	for (int k = 0; k < STORE_WORDS; k++)
		buf_free(&v[k]);
}

/* Sends steps[0..n) in one round trip; *failed_at gets the failing step's index. */
static enum store_rc run(struct pg_conn *c, const struct pg_step *steps, size_t n, PGresult **res,
			 size_t *failed_at)
{
	c->fenced =
	    true; /* behind the batch's savepoint: a failure does not fail the transaction */
	enum store_rc rc = pg_run_steps(c, steps, n, res, failed_at);
	c->fenced = false;
	return rc;
}

static void clear(PGresult **res, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		PQclear(res[i]);
		res[i] = NULL;
	}
}

/* Undoes the batch after a failed step; false when even that failed (the transaction is then
 * failed). */
static bool undo(struct pg_conn *c)
{
	if (c->broken || pg_conn_exec(c, "ROLLBACK TO SAVEPOINT gz_batch") != STORE_OK ||
	    pg_conn_exec(c, "RELEASE SAVEPOINT gz_batch") != STORE_OK) {
		c->base.failed = true;
		return false;
	}
	return true;
}

enum store_rc pg_articles_insert_batch(struct store_conn *sc, const struct article_put *a, size_t n,
				       const int64_t *tag_ids, int64_t now, bool *done)
{
	struct pg_conn *c = pg_c(sc);
	*done = false;
	if (n == 0 || c->base.failed)
		return c->base.failed ? STORE_ERROR : STORE_OK;
	bool given_ids = a[0].id > 0; /* all or none (content.c) */
	/* Every array in the connection's buffers (kept for the next batch). */
	struct arr all[ARRAYS];
	for (size_t i = 0; i < ARRAYS; i++) {
		all[i] = (struct arr){c->scratch[i], 0, false};
		buf_reset(&all[i].b);
	}
	struct arr *col = all, *s = all + COLS, *t = s + S_ARRAYS, *ids = t + 3, *archive = ids + 1;
	int64_t *id = xcalloc(n, sizeof(*id));
	PGresult *res[STEPS_MAX] = {NULL};
	size_t failed = 0, nres = 0;
	enum store_rc rc = STORE_OK;

	/* The ids must all be new, and stay within STORE_ID_MAX (else: one by one, as before). */
	bin_begin(ids, PG_INT8OID);
	for (size_t i = 0; i < n; i++)
		bin_i64(ids, a[i].id);
	bin_end(ids);
	struct pg_params check = {.n = 0};
	pg_p_binary(&check, ids->b.data, ids->b.len);
	PGresult *r = pg_run(c, PG_BATCH_CHECK, &check, &rc);
	bool fits = r && PQntuples(r) == 1 && pg_get_i64(r, 0, 1) == 0 &&
		    pg_get_i64(r, 0, 0) < STORE_ID_MAX - (int64_t)n;
	PQclear(r);
	if (rc != STORE_OK || !fits)
		goto out;

	article_arrays(col, a, n, pg_words_ready(c));
	struct pg_params pa = {.n = 0}, on = {.n = 0}, off = {.n = 0}, none = {.n = 0};
	for (size_t i = 0; i < COLS; i++)
		pg_p_binary(&pa, col[i].b.data, col[i].b.len);
	pg_p_i64(&pa, now);
	pg_p_i64(&pa, a[0].body_version);
	pg_p_text(&on, "given");
	pg_p_text(&off, "");
	struct pg_step steps[STEPS_MAX];
	size_t k = 0;
	steps[k++] = (struct pg_step){PG_MAX, NULL, "SAVEPOINT gz_batch"};
	steps[k++] = (struct pg_step){PG_BATCH_GIN, &none, NULL};
	steps[k++] = (struct pg_step){PG_SEARCH_GIVEN, &on, NULL};
	size_t at = k;
	steps[k++] = (struct pg_step){PG_BATCH_ARTICLES, &pa, NULL};
	steps[k++] = (struct pg_step){PG_SEARCH_GIVEN, &off, NULL};
	if (given_ids)
		steps[k++] = (struct pg_step){PG_ARTICLE_SEQ_ADVANCE, &none, NULL};
	nres = k;
	rc = run(c, steps, k, res, &failed);
	if (rc == STORE_OK && PQntuples(res[at]) != (int)n)
		rc = STORE_ERROR, failed = at;
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		id[i] = pg_get_i64(res[at], (int)i, 0);
		if (id[i] <= 0 || (given_ids && id[i] != a[i].id) ||
		    (i && !given_ids && id[i] <= id[i - 1])) {
			rc = STORE_ERROR; /* not the rows in the order asked: never seen */
			failed = 1;
		}
	}
	clear(res, nres);
	if (rc != STORE_OK) {
		if (failed > 0 && !c->broken) /* past the savepoint: undo, then one by one */
			rc = undo(c) ? STORE_OK : STORE_ERROR;
		goto out;
	}

	/* Then their search rows, tags and archive rows, and the savepoint's release. */
	static const uint32_t s_oid[S_ARRAYS] = {PG_INT8OID, PG_TSVECTOROID, PG_TSVECTOROID,
						 PG_INT2OID, PG_INT8OID,     PG_INT8OID};
	for (size_t i = 0; i < S_ARRAYS; i++)
		bin_begin(&s[i], s_oid[i]);
	for (size_t i = 0; i < 3; i++)
		bin_begin(&t[i], PG_INT8OID);
	bin_begin(archive, PG_INT8OID);
	search_arrays(c, a, id, n, s, archive);
	const int64_t *tag = tag_ids;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < a[i].ntags; j++) {
			bin_i64(&t[0], id[i]);
			bin_i64(&t[1], *tag++);
			bin_i64(&t[2], (int64_t)j);
		}
	struct pg_params ps = {.n = 0}, pt = {.n = 0}, parch = {.n = 0};
	for (size_t i = 0; i < S_ARRAYS; i++) {
		bin_end(&s[i]);
		pg_p_binary(&ps, s[i].b.data, s[i].b.len);
	}
	for (size_t i = 0; i < 3; i++) {
		bin_end(&t[i]);
		pg_p_binary(&pt, t[i].b.data, t[i].b.len);
	}
	bin_end(archive);
	pg_p_binary(&parch, archive->b.data, archive->b.len);
	pg_p_i64(&parch, now);
	k = 0;
	if (s[0].n)
		steps[k++] = (struct pg_step){PG_BATCH_SEARCH, &ps, NULL};
	if (t[0].n)
		steps[k++] = (struct pg_step){PG_BATCH_ARTICLE_TAGS, &pt, NULL};
	if (archive->n)
		steps[k++] = (struct pg_step){PG_BATCH_ARCHIVE, &parch, NULL};
	steps[k++] = (struct pg_step){PG_MAX, NULL, "RELEASE SAVEPOINT gz_batch"};
	nres = k;
	rc = run(c, steps, k, res, &failed);
	clear(res, nres);
	if (rc != STORE_OK) {
		rc = c->broken ? rc : undo(c) ? STORE_OK : STORE_ERROR;
		goto out;
	}
	*done = true;
out:
	for (size_t i = 0; i < ARRAYS; i++) {
		if (all[i].b.cap > SCRATCH_KEEP)
			buf_free(&all[i].b);
		c->scratch[i] = all[i].b;
	}
	free(id);
	return rc;
}
