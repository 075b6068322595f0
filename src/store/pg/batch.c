/* The PostgreSQL backend's batched import: many new articles written by a few statements over
 * arrays (batch-sql.h), each statement prepared once, all sent in one or two round trips behind
 * one savepoint. The logic (which batches qualify, tags) is in store/content.c. */
#include "store/pg/pg-int.h"

#include <stdlib.h>
#include <string.h>

/* Steps of one pipeline at most. */
#define STEPS_MAX 8

/* An array being built: a text literal ('{', elements, '}'), or (the bin_ functions) in
 * PostgreSQL's binary format. */
struct arr {
	struct buf b;
	size_t n;
	bool nulls;
};

static void arr_sep(struct arr *x)
{
	buf_putc(&x->b, x->n++ ? ',' : '{');
}

static void arr_text(struct arr *x, const char *s)
{
	arr_sep(x);
	buf_putc(&x->b, '"');
	const char *p = s ? s : "";
	for (;;) {
		size_t run = strcspn(p, "\"\\");
		buf_append(&x->b, p, run);
		p += run;
		if (!*p)
			break;
		buf_putc(&x->b, '\\');
		buf_putc(&x->b, *p++);
	}
	buf_putc(&x->b, '"');
}

static void arr_i64(struct arr *x, int64_t v)
{
	arr_sep(x);
	buf_printf(&x->b, "%lld", (long long)v);
}

/* Closes x and returns its text (owned by x). */
static const char *arr_end(struct arr *x)
{
	if (!x->n)
		buf_putc(&x->b, '{');
	buf_putc(&x->b, '}');
	return buf_cstr(&x->b);
}

bool pg_words_ahead(struct store_conn *sc)
{
	return pg_words_ready(pg_c(sc));
}

/* Binary arrays: a header (dimensions 1, whether there are NULLs, the element type, the length,
 * the lower bound 1), then each element's length (-1: NULL) and bytes, in network order. */
static void put32(struct buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};
	buf_append(b, x, 4);
}

static void put16(struct buf *b, unsigned v)
{
	unsigned char x[2] = {(unsigned char)(v >> 8), (unsigned char)v};
	buf_append(b, x, 2);
}

static void bin_begin(struct arr *x, uint32_t oid)
{
	put32(&x->b, 1);
	put32(&x->b, 0); /* NULLs: set by bin_end */
	put32(&x->b, oid);
	put32(&x->b, 0); /* length: set by bin_end */
	put32(&x->b, 1);
}

static void patch32(struct buf *b, size_t at, uint32_t v)
{
	unsigned char *d = (unsigned char *)b->data + at;
	d[0] = (unsigned char)(v >> 24);
	d[1] = (unsigned char)(v >> 16);
	d[2] = (unsigned char)(v >> 8);
	d[3] = (unsigned char)v;
}

static void bin_end(struct arr *x)
{
	patch32(&x->b, 4, x->nulls);
	patch32(&x->b, 12, (uint32_t)x->n);
}

static void bin_i64(struct arr *x, int64_t v)
{
	put32(&x->b, 8);
	put32(&x->b, (uint32_t)((uint64_t)v >> 32));
	put32(&x->b, (uint32_t)v);
	x->n++;
}

static void bin_null(struct arr *x)
{
	put32(&x->b, UINT32_MAX);
	x->nulls = true;
	x->n++;
}

/* A lexeme of a tsvector's text, and its positions' text ("1A,7D"). */
struct lexeme {
	const char *s, *pos;
	size_t len, poslen;
};

/* tsvectorrecv's order (tsCompareString): bytes, then the shorter first. */
static int lexeme_cmp(const void *x, const void *y)
{
	const struct lexeme *a = x, *b = y;
	int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Appends the tsvector text t, as pg_vector writes it ('word':1A,7D 'other':2B, no quote or
 * backslash inside a word) or pg_vector_pairs ('p1a2b' 'p3c4d': no positions), in tsvectorrecv's
 * binary format: the lexemes sorted, each with its positions (weight in the two high bits)
 * ascending. False when t is not of that form. */
static bool tsvector_binary(const char *t, struct buf *out)
{
	size_t n = 0, cap = 64;
	struct lexeme *lx = xmalloc(cap * sizeof(*lx));
	bool ok = true;
	for (const char *p = t; ok && *p;) {
		if (*p == ' ') {
			p++;
			continue;
		}
		const char *end = *p == '\'' ? strchr(p + 1, '\'') : NULL;
		bool positions = end && end[1] == ':';
		ok = end &&
		     (positions ? end[2] >= '0' && end[2] <= '9' : end[1] == ' ' || end[1] == '\0');
		if (!ok)
			break;
		if (n == cap)
			lx = xrealloc(lx, (cap *= 2) * sizeof(*lx));
		size_t poslen = positions ? strcspn(end + 2, " ") : 0;
		lx[n++] =
		    (struct lexeme){p + 1, end + 1 + positions, (size_t)(end - p - 1), poslen};
		p = end + 1 + positions + poslen;
	}
	if (ok && n)
		qsort(lx, n, sizeof(*lx), lexeme_cmp);
	put32(out, (uint32_t)n);
	for (size_t i = 0; ok && i < n; i++) {
		ok = lx[i].len > 0 && memchr(lx[i].s, '\0', lx[i].len) == NULL &&
		     (i == 0 || lexeme_cmp(&lx[i - 1], &lx[i]) < 0);
		buf_append(out, lx[i].s, lx[i].len);
		buf_putc(out, '\0');
		size_t npos_at = out->len;
		put16(out, 0);
		unsigned npos = 0, last = 0;
		for (const char *q = lx[i].pos, *qe = q + lx[i].poslen; ok && q < qe; npos++) {
			unsigned pos = 0, w = 0;
			while (q < qe && *q >= '0' && *q <= '9')
				pos = pos * 10 + (unsigned)(*q++ - '0');
			if (q < qe && *q >= 'A' && *q <= 'D')
				w = 3 - (unsigned)(*q++ - 'A');
			ok = pos > last && pos < 16384 && (q == qe || *q++ == ',');
			last = pos;
			put16(out, w << 14 | pos);
		}
		ok = ok && npos < 256;
		out->data[npos_at] = (char)(npos >> 8);
		out->data[npos_at + 1] = (char)npos;
	}
	free(lx);
	return ok;
}

/* Appends the tsvector text t as an element of the binary array x (NULL when t is not of the
 * form tsvector_binary reads: the server then makes the vector). */
static void bin_tsvector(struct arr *x, const char *t)
{
	size_t at = x->b.len;
	put32(&x->b, 0);
	if (!tsvector_binary(t, &x->b)) {
		x->b.len = at;
		bin_null(x);
		return;
	}
	patch32(&x->b, at, (uint32_t)(x->b.len - at - 4));
	x->n++;
}

enum store_rc pg_tags_find(struct store_conn *sc, const char *const *names, size_t n, int64_t *ids)
{
	struct arr x = {BUF_INIT, 0, false};
	for (size_t i = 0; i < n; i++) {
		arr_text(&x, names[i]);
		ids[i] = 0;
	}
	struct pg_params p = {.n = 0};
	pg_p_text(&p, arr_end(&x));
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
	COLS
};

static void article_arrays(struct arr *col, const struct article_put *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct article_put *p = &a[i];
		arr_i64(&col[COL_ID], p->id);
		arr_i64(&col[COL_CAT], p->category_id);
		arr_text(&col[COL_STATUS], article_status_name(p->status));
		arr_text(&col[COL_TITLE], p->title);
		arr_text(&col[COL_SLUG], p->slug);
		arr_text(&col[COL_LEAD], p->lead);
		arr_text(&col[COL_BODY], p->body_html);
		arr_text(&col[COL_AUTHOR], p->author);
		arr_text(&col[COL_SIGNATURE], p->signature);
		arr_text(&col[COL_SOURCE], p->source);
		arr_i64(&col[COL_PUB], p->published_at);
		arr_i64(&col[COL_VIEWS], p->views);
		arr_i64(&col[COL_OWNER], p->owner_id);
		arr_i64(&col[COL_EXPIRES], p->expires_at);
		arr_text(&col[COL_ISRC], p->image.src);
		arr_text(&col[COL_IALT], p->image.alt);
		arr_text(&col[COL_ICAP], p->image.caption);
		arr_text(&col[COL_TEXT], p->body_text);
	}
}

/* The binary arrays of PG_BATCH_SEARCH: ids, the folded and exact vectors, then the keys of
 * all the articles' pairs in one array and where each article's are in it (1-based, inclusive;
 * NULL where the server must make them). */
enum { S_ID, S_FOLD, S_EXACT, S_KEYS, S_LO, S_HI, S_ARRAYS };

/* Appends the keys of the int2[] literal t ("{-5,417}", as pg_vector_pairs writes it) to the
 * binary array keys, and where they are to lo and hi; NULLs when t is not of that form. */
static void bin_keys(struct arr *keys, struct arr *lo, struct arr *hi, const char *t)
{
	size_t at = keys->b.len, n0 = keys->n;
	bool ok = *t++ == '{';
	while (ok && *t != '}') {
		char *end;
		long v = strtol(t, &end, 10);
		ok = end > t && v >= -32768 && v <= 32767 && (*end == ',' || *end == '}') &&
		     !(*end == ',' && end[1] == '}');
		if (!ok)
			break;
		put32(&keys->b, 2);
		put16(&keys->b, (unsigned)v & 0xffff);
		keys->n++;
		t = end + (*end == ',');
	}
	if (!ok || t[1] != '\0') {
		keys->b.len = at;
		keys->n = n0;
		bin_null(lo);
		bin_null(hi);
		return;
	}
	bin_i64(lo, (int64_t)n0 + 1);
	bin_i64(hi, (int64_t)keys->n);
}

/* The search rows' binary arrays of the published articles among a[0..n) with ids: the client's
 * vectors, or NULL where the server must make them (article_vectors in content.c). */
static void search_arrays(struct pg_conn *c, const struct article_put *a, const int64_t *id,
			  size_t n, struct arr s[S_ARRAYS], struct arr *archive)
{
	bool words = pg_words_ready(c);
	struct buf v[STORE_WORDS] = {BUF_INIT, BUF_INIT, BUF_INIT};
	for (size_t i = 0; i < n; i++) {
		if (a[i].status != ARTICLE_PUBLISHED)
			continue;
		arr_i64(archive, id[i]);
		bin_i64(&s[S_ID], id[i]);
		const char *w[STORE_WORDS] = {NULL, NULL, NULL};
		if (words && pg_words_given(&a[i])) { /* made ahead */
			for (int k = 0; k < STORE_WORDS; k++)
				w[k] = a[i].words[k];
		} else {
			const char *parts[3] = {a[i].title, a[i].lead, a[i].body_text};
			if (words && pg_article_words(parts, v))
				for (int k = 0; k < STORE_WORDS; k++)
					w[k] = buf_cstr(&v[k]);
		}
		if (w[0]) {
			bin_tsvector(&s[S_FOLD], w[0]);
			bin_tsvector(&s[S_EXACT], w[1]);
			bin_keys(&s[S_KEYS], &s[S_LO], &s[S_HI], w[2]);
		} else {
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
	struct arr col[COLS], ids = {BUF_INIT, 0, false}, s[S_ARRAYS],
			      archive = {BUF_INIT, 0, false}, t[3];
	for (size_t i = 0; i < COLS; i++)
		col[i] = (struct arr){BUF_INIT, 0, false};
	for (size_t i = 0; i < S_ARRAYS; i++)
		s[i] = (struct arr){BUF_INIT, 0, false};
	for (size_t i = 0; i < 3; i++)
		t[i] = (struct arr){BUF_INIT, 0, false};
	int64_t *id = xcalloc(n, sizeof(*id));
	PGresult *res[STEPS_MAX] = {NULL};
	size_t failed = 0, nres = 0;
	enum store_rc rc = STORE_OK;

	/* The ids must all be new, and stay within STORE_ID_MAX (else: one by one, as before). */
	for (size_t i = 0; i < n; i++)
		arr_i64(&ids, a[i].id);
	struct pg_params check = {.n = 0};
	pg_p_text(&check, arr_end(&ids));
	PGresult *r = pg_run(c, PG_BATCH_CHECK, &check, &rc);
	bool fits = r && PQntuples(r) == 1 && pg_get_i64(r, 0, 1) == 0 &&
		    pg_get_i64(r, 0, 0) < STORE_ID_MAX - (int64_t)n;
	PQclear(r);
	if (rc != STORE_OK || !fits)
		goto out;

	article_arrays(col, a, n);
	struct pg_params pa = {.n = 0}, on = {.n = 0}, off = {.n = 0}, none = {.n = 0};
	for (size_t i = 0; i < COLS; i++)
		pg_p_text(&pa, arr_end(&col[i]));
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
	search_arrays(c, a, id, n, s, &archive);
	const int64_t *tag = tag_ids;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < a[i].ntags; j++) {
			arr_i64(&t[0], id[i]);
			arr_i64(&t[1], *tag++);
			arr_i64(&t[2], (int64_t)j);
		}
	struct pg_params ps = {.n = 0}, pt = {.n = 0}, parch = {.n = 0};
	for (size_t i = 0; i < S_ARRAYS; i++) {
		bin_end(&s[i]);
		pg_p_binary(&ps, s[i].b.data, s[i].b.len);
	}
	for (size_t i = 0; i < 3; i++)
		pg_p_text(&pt, arr_end(&t[i]));
	pg_p_text(&parch, arr_end(&archive));
	pg_p_i64(&parch, now);
	k = 0;
	if (s[0].n)
		steps[k++] = (struct pg_step){PG_BATCH_SEARCH, &ps, NULL};
	if (t[0].n)
		steps[k++] = (struct pg_step){PG_BATCH_ARTICLE_TAGS, &pt, NULL};
	if (archive.n)
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
	for (size_t i = 0; i < COLS; i++)
		buf_free(&col[i].b);
	for (size_t i = 0; i < S_ARRAYS; i++)
		buf_free(&s[i].b);
	for (size_t i = 0; i < 3; i++)
		buf_free(&t[i].b);
	buf_free(&ids.b);
	buf_free(&archive.b);
	free(id);
	return rc;
}
