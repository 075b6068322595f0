/* The SQLite index of adjacent word pairs ("gazette pairs", src/store/sqlite/search.c) against the
 * plain one ("gazette"): the same texts in both, and every phrase query (with and without
 * diacritics, mixed, of one to five words, across punctuation, in a column, with NOT) must find
 * the same rows with the same gz_rank. Random texts over a small vocabulary, so that phrases
 * repeat and overlap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "store/sqlite/sqlite-int.h"

/* Words with and without diacritics, folds of one another, and short ones that repeat. */
static const char *const vocab[] = {"xây", "xay",  "dựng", "dung", "Dũng", "ba",   "bà",
				    "Ba",  "đình", "dinh", "Đình", "nông", "thôn", "mới",
				    "moi", "mơi",  "a",    "b",    "khéo", "kheo", "dân"};
static const char *const seps[] = {" ", " ", " ", " ", ". ", ", ", " - ", " (", ") ", "… "};

#define NV (sizeof vocab / sizeof vocab[0])
#define NS (sizeof seps / sizeof seps[0])
#define ROWS 300
#define QUERIES 1500

static void random_text(unsigned *seed, struct buf *b, int words)
{
	buf_reset(b);
	for (int i = 0; i < words; i++) {
		if (i)
			buf_puts(b, seps[rand_r(seed) % NS]);
		buf_puts(b, vocab[rand_r(seed) % NV]);
	}
}

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("expected '%s' to run, got: %s", sql, msg ? msg : "?");
}

/* FTS5's 'delete' of a contentless table: the row's text again, tokenized as when inserted. */
static void delete_row(sqlite3 *db, const char *t, int rowid, const struct buf parts[3])
{
	char sql[160];
	snprintf(sql, sizeof sql,
		 "INSERT INTO %s(%s, rowid, title, lead, body) VALUES ('delete', ?, ?, ?, ?)", t,
		 t);
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int(s, 1, rowid);
	for (int c = 0; c < 3; c++)
		sqlite3_bind_text(s, 2 + c, buf_cstr(&parts[c]), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		fail_msg("expected the delete of row %d from %s, got: %s", rowid, t,
			 sqlite3_errmsg(db));
	sqlite3_finalize(s);
}

/* The rows and ranks of a MATCH on table t, as "rowid:rank;..." in b. */
static void answer(sqlite3 *db, const char *t, const char *match, const char *roles, struct buf *b)
{
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT rowid, gz_rank(%s, ?2) FROM %s WHERE %s MATCH ?1 ORDER BY rowid", t, t, t);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("expected to prepare %s, got: %s", sql, sqlite3_errmsg(db));
	sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, roles, -1, SQLITE_STATIC);
	buf_reset(b);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		buf_printf(b, "%lld:%.9g;", (long long)sqlite3_column_int64(s, 0),
			   sqlite3_column_double(s, 1));
	if (rc != SQLITE_DONE)
		fail_msg("query '%s' on %s: expected rows, got: %s", match, t, sqlite3_errmsg(db));
	sqlite3_finalize(s);
}

/* A quoted phrase of 1-5 random words; folded: the words without diacritics when the
 * vocabulary has them so. */
static void random_phrase(unsigned *seed, struct buf *b)
{
	int n = 1 + rand_r(seed) % 5;
	buf_putc(b, '"');
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ' ');
		buf_puts(b, vocab[rand_r(seed) % NV]);
	}
	buf_putc(b, '"');
}

static void t_same_answers(void **state)
{
	(void)state;
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sq_search_register(db), SQLITE_OK);
	exec_ok(db, "CREATE VIRTUAL TABLE plain USING fts5(title, lead, body, content='', "
		    "tokenize='gazette', detail=full);"
		    "CREATE VIRTUAL TABLE pairs USING fts5(title, lead, body, content='', "
		    "tokenize='gazette pairs', detail=full);");
	unsigned seed = 18;
	struct buf parts[3] = {BUF_INIT, BUF_INIT, BUF_INIT};
	sqlite3_stmt *ins[2] = {NULL, NULL};
	const char *tables[2] = {"plain", "pairs"};
	for (int t = 0; t < 2; t++) {
		char sql[128];
		snprintf(sql, sizeof sql,
			 "INSERT INTO %s(rowid, title, lead, body) VALUES (?, ?, ?, ?)", tables[t]);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &ins[t], NULL), SQLITE_OK);
	}
	exec_ok(db, "BEGIN");
	for (int r = 1; r <= ROWS; r++) {
		random_text(&seed, &parts[0], 2 + rand_r(&seed) % 8);
		random_text(&seed, &parts[1], rand_r(&seed) % 15);
		random_text(&seed, &parts[2], rand_r(&seed) % 60);
		for (int t = 0; t < 2; t++) {
			sqlite3_bind_int(ins[t], 1, r);
			for (int c = 0; c < 3; c++)
				sqlite3_bind_text(ins[t], 2 + c, buf_cstr(&parts[c]), -1,
						  SQLITE_STATIC);
			assert_int_equal(sqlite3_step(ins[t]), SQLITE_DONE);
			sqlite3_reset(ins[t]);
		}
		if (r % 7 == 0) /* taken out again (as the triggers do): the pairs go too */
			for (int t = 0; t < 2; t++)
				delete_row(db, tables[t], r, parts);
	}
	exec_ok(db, "COMMIT");
	for (int t = 0; t < 2; t++)
		sqlite3_finalize(ins[t]);
	struct buf m = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
	/* 'f' (adjacency) only ever follows a single word (search.c, build_match): a phrase's
	 * instance offset is that of its first token, in the pairs index its second word */
	static const char *const roles[] = {"q", "qq", "eq", "qgq", "eqe"};
	int nonempty = 0;
	for (int i = 0; i < QUERIES; i++) {
		buf_reset(&m);
		int shape = rand_r(&seed) % 5;
		if (shape == 1)
			buf_puts(&m, "{title} : ");
		random_phrase(&seed, &m);
		if (shape == 2) {
			buf_puts(&m, " AND ");
			random_phrase(&seed, &m);
		} else if (shape == 3) {
			buf_puts(&m, " NOT ");
			random_phrase(&seed, &m);
		} else if (shape == 4) {
			buf_puts(&m, " OR ");
			random_phrase(&seed, &m);
		}
		const char *role = roles[rand_r(&seed) % (sizeof roles / sizeof roles[0])];
		answer(db, "plain", buf_cstr(&m), role, &a);
		answer(db, "pairs", buf_cstr(&m), role, &b);
		if (strcmp(buf_cstr(&a), buf_cstr(&b)) != 0)
			fail_msg("query %s: expected the plain index's rows and ranks\n%s\ngot\n%s",
				 buf_cstr(&m), buf_cstr(&a), buf_cstr(&b));
		nonempty += a.len > 0;
	}
	/* the test means something only if many queries find rows */
	if (nonempty < QUERIES / 3)
		fail_msg("expected at least %d queries to find rows, got %d", QUERIES / 3,
			 nonempty);
	/* and the pairs are there: one pair token finds what the phrase finds */
	answer(db, "pairs", "\"xây dựng\"", "q", &a);
	assert_true(a.len > 0);
	for (int c = 0; c < 3; c++)
		buf_free(&parts[c]);
	buf_free(&m);
	buf_free(&a);
	buf_free(&b);
	sqlite3_close(db);
}

/* Creates t, the articles' kind of index (title, lead, body, category; keyed by negative rowids),
 * and fills it with ROWS random rows: title as insert_sql gives it, a lead of up to lead_max words
 * and a body of up to body_max. */
static void fill_t(sqlite3 *db, unsigned *seed, const char *insert_sql, int lead_max, int body_max)
{
	exec_ok(db, "CREATE VIRTUAL TABLE t USING fts5(title, lead, body, cat, content='', "
		    "tokenize='gazette pairs', detail=full);");
	struct buf parts[3] = {BUF_INIT, BUF_INIT, BUF_INIT};
	sqlite3_stmt *ins = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, insert_sql, -1, &ins, NULL), SQLITE_OK);
	exec_ok(db, "BEGIN");
	for (int r = 1; r <= ROWS; r++) {
		random_text(seed, &parts[0], 2 + rand_r(seed) % 8);
		random_text(seed, &parts[1], rand_r(seed) % lead_max);
		random_text(seed, &parts[2], rand_r(seed) % body_max);
		sqlite3_bind_int(ins, 1, -r);
		for (int c = 0; c < 3; c++)
			sqlite3_bind_text(ins, 2 + c, buf_cstr(&parts[c]), -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	exec_ok(db, "COMMIT");
	sqlite3_finalize(ins);
	for (int c = 0; c < 3; c++)
		buf_free(&parts[c]);
}

/* gz_rank's ranks with the row's sizes given from FTS5's %_docsize table (the join of the search
 * statement, search.c doc_len) equal those it reads itself (xColumnSize): rows of up to a few
 * hundred words (sizes of one and two bytes), keyed by negative rowids as the articles' index
 * is; no blob, or one too short for the columns, falls back to xColumnSize. */
static void t_sizes_joined(void **state)
{
	(void)state;
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sq_search_register(db), SQLITE_OK);
	unsigned seed = 34;
	fill_t(db, &seed,
	       "INSERT INTO t(rowid, title, lead, body, cat) VALUES (?, ?, ?, ?, char(2) || '7')",
	       40, 400);
	static const char *const queries[] = {"xay",    "\"nông thôn\"", "dung AND ba",
					      "a OR b", "mới NOT khéo",  "đình"};
	static const char *const sqls[] = {
	    "SELECT rowid, gz_rank(t, ?2) FROM t WHERE t MATCH ?1 ORDER BY rowid",
	    ("SELECT t.rowid, gz_rank(t, ?2, z.sz) FROM t LEFT JOIN t_docsize z ON z.id = t.rowid "
	     "AND t.rowid % 5 != 0 WHERE t MATCH ?1 ORDER BY t.rowid"), /* some: no sizes given */
	    "SELECT rowid, gz_rank(t, ?2, x'01') FROM t WHERE t MATCH ?1 ORDER BY rowid"};
	struct buf got[3] = {BUF_INIT, BUF_INIT, BUF_INIT};
	int rows = 0;
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		for (int k = 0; k < 3; k++) {
			sqlite3_stmt *s = NULL;
			assert_int_equal(sqlite3_prepare_v2(db, sqls[k], -1, &s, NULL), SQLITE_OK);
			sqlite3_bind_text(s, 1, queries[q], -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, "gg", -1, SQLITE_STATIC);
			buf_reset(&got[k]);
			int rc;
			while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
				buf_printf(&got[k], "%lld:%.12g;",
					   (long long)sqlite3_column_int64(s, 0),
					   sqlite3_column_double(s, 1));
				rows += k == 0;
			}
			assert_int_equal(rc, SQLITE_DONE);
			sqlite3_finalize(s);
		}
		for (int k = 1; k < 3; k++) {
			const char *a = buf_cstr(&got[0]), *b = buf_cstr(&got[k]);
			size_t at = 0;
			while (a[at] && a[at] == b[at])
				at++;
			while (at > 0 && a[at - 1] != ';')
				at--;
			if (a[at] || b[at])
				fail_msg("query %s (%s): expected the ranks by xColumnSize, from "
					 "row %.40s got %.40s",
					 queries[q], k == 1 ? "sizes joined" : "a short blob",
					 a + at, b + at);
		}
	}
	if (rows < ROWS)
		fail_msg("expected the queries to find at least %d rows, got %d", ROWS, rows);
	for (int k = 0; k < 3; k++)
		buf_free(&got[k]);
	sqlite3_close(db);
}

/* The rank as it was first written (search.c before it read each phrase's positions on its own):
 * every instance of the row from xInst, merged in position order. The constants are search.c's. */
static void ref_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int argc,
		     sqlite3_value **argv)
{
	const double w[3] = {8.0, 3.0, 1.0};
	const char *roles = argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : "";
	int n = 0, nphrase = api->xPhraseCount(fts), size, dl = 0;
	api->xInstCount(fts, &n);
	int(*v)[3] = calloc((size_t)n + 1, sizeof *v);
	for (int i = 0; i < n; i++)
		api->xInst(fts, i, &v[i][0], &v[i][1], &v[i][2]);
	double tf[64] = {0};
	bool seen[64] = {false};
	for (int i = 0; i < n; i++)
		if (v[i][0] < 64 && v[i][1] < 3) {
			tf[v[i][0]] += w[v[i][1]];
			seen[v[i][0]] = true;
		}
	sqlite3_int64 rows = 0, total = 0, t;
	api->xRowCount(fts, &rows);
	for (int c = 0; c < 3; c++) {
		if (api->xColumnTotalSize(fts, c, &t) == SQLITE_OK)
			total += t;
		if (api->xColumnSize(fts, c, &size) == SQLITE_OK)
			dl += size;
	}
	double avg = rows > 0 && total > 0 ? (double)total / (double)rows : 1.0;
	double norm = 1.2 * (1 - 0.75 + 0.75 * (double)dl / avg), score = 0;
	int prev = -1, nroles = (int)strlen(roles);
	for (int p = 0; p < nphrase && p < nroles && p < 64; p++) {
		char r = roles[p];
		if (r == 'e' && seen[p])
			score += 1e6;
		if (r != 'g' && r != 'f' && r != 'q')
			continue;
		score += tf[p] * 2.2 / (tf[p] + norm);
		bool adj = false;
		for (int i = 0; r == 'f' && prev >= 0 && i < n && !adj; i++)
			for (int j = 0; v[i][0] == prev && j < n && !adj; j++)
				adj = v[j][0] == p && v[j][1] == v[i][1] && v[j][2] == v[i][2] + 1;
		if (adj)
			score += 1e4;
		prev = p;
	}
	free(v);
	sqlite3_result_double(ctx, score);
}

/* gz_rank against ref_rank on queries shaped as build_match makes them: single words, each marked
 * one as its exact form or its fold ('e' then 'g' or 'f'), joined words ranked for standing side
 * by side, a NOT among them: the same score to the last bit, row by row. */
static void t_rank_reference(void **state)
{
	(void)state;
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sq_search_register(db), SQLITE_OK);
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	assert_non_null(api);
	assert_int_equal(api->xCreateFunction(api, "ref_rank", NULL, ref_rank, NULL), SQLITE_OK);
	unsigned seed = 7;
	fill_t(db, &seed,
	       "INSERT INTO t(rowid, title, lead, body, cat) VALUES (?, char(1) || ?, ?, ?, "
	       "char(2) || '3')",
	       15, 80);
	/* single words: with diacritics (their exact form and fold) and without */
	static const char *const marked[][2] = {
	    {"xây", "xay"},   {"dựng", "dung"}, {"bà", "ba"},
	    {"đình", "dinh"}, {"nông", "nong"}, {"thôn", "thon"},
	    {"mới", "moi"},   {"khéo", "kheo"}, {"dân", "dan"}};
	static const char *const plain[] = {"xay", "dung", "ba", "a", "b", "moi", "kheo"};
	struct buf m = BUF_INIT, roles = BUF_INIT;
	int compared = 0, adjacent = 0;
	for (int q = 0; q < QUERIES; q++) {
		buf_reset(&m);
		buf_reset(&roles);
		int words = 1 + rand_r(&seed) % 4;
		for (int i = 0; i < words; i++) {
			bool joined = i > 0 && rand_r(&seed) % 2;
			if (i)
				buf_puts(&m, " AND ");
			if (rand_r(&seed) % 2) {
				const char *const *w = marked[rand_r(&seed) % 9];
				buf_printf(&m, "(\"%s\" OR \"%s\")", w[0], w[1]);
				buf_putc(&roles, 'e');
			} else {
				buf_printf(&m, "\"%s\"", plain[rand_r(&seed) % 7]);
			}
			buf_putc(&roles, joined ? 'f' : 'g');
			if (i == 0 && rand_r(&seed) % 4 == 0) { /* an exclusion on the first word */
				buf_printf(&m, " NOT \"%s\"", plain[rand_r(&seed) % 7]);
				buf_putc(&roles, 'x');
			}
		}
		sqlite3_stmt *st = NULL;
		assert_int_equal(sqlite3_prepare_v2(db,
						    "SELECT rowid, gz_rank(t, ?2), ref_rank(t, ?2) "
						    "FROM t WHERE t MATCH ?1",
						    -1, &st, NULL),
				 SQLITE_OK);
		sqlite3_bind_text(st, 1, buf_cstr(&m), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, buf_cstr(&roles), -1, SQLITE_STATIC);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			double got = sqlite3_column_double(st, 1),
			       want = sqlite3_column_double(st, 2);
			if (got != want)
				fail_msg("%s (roles %s), row %lld: expected the reference rank "
					 "%.17g, got %.17g",
					 buf_cstr(&m), buf_cstr(&roles),
					 (long long)sqlite3_column_int64(st, 0), want, got);
			compared++;
			adjacent += (int64_t)(want / 1e4) % 100 > 0;
		}
		if (rc != SQLITE_DONE)
			fail_msg("%s: expected rows, got: %s", buf_cstr(&m), sqlite3_errmsg(db));
		sqlite3_finalize(st);
	}
	/* the comparison means something only if many rows and adjacent pairs were ranked */
	if (compared < QUERIES * 10 || adjacent < QUERIES)
		fail_msg(
		    "expected at least %d rows and %d with adjacent words ranked, got %d and %d",
		    QUERIES * 10, QUERIES, compared, adjacent);
	buf_free(&m);
	buf_free(&roles);
	sqlite3_close(db);
}

/* A tokenizer argument other than "pairs" is refused. */
static void t_bad_argument(void **state)
{
	(void)state;
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sq_search_register(db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db,
					  "CREATE VIRTUAL TABLE x USING fts5(a, "
					  "tokenize='gazette triples')",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest cases[] = {
	    cmocka_unit_test(t_same_answers),
	    cmocka_unit_test(t_sizes_joined),
	    cmocka_unit_test(t_rank_reference),
	    cmocka_unit_test(t_bad_argument),
	};
	return cmocka_run_group_tests_name("search-pairs", cases, NULL, NULL);
}
