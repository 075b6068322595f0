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
	exec_ok(db, "CREATE VIRTUAL TABLE t USING fts5(title, lead, body, cat, content='', "
		    "tokenize='gazette pairs', detail=full);");
	unsigned seed = 34;
	struct buf parts[3] = {BUF_INIT, BUF_INIT, BUF_INIT};
	sqlite3_stmt *ins = NULL;
	assert_int_equal(sqlite3_prepare_v2(db,
					    "INSERT INTO t(rowid, title, lead, body, cat) VALUES "
					    "(?, ?, ?, ?, char(2) || '7')",
					    -1, &ins, NULL),
			 SQLITE_OK);
	exec_ok(db, "BEGIN");
	for (int r = 1; r <= ROWS; r++) {
		random_text(&seed, &parts[0], 2 + rand_r(&seed) % 8);
		random_text(&seed, &parts[1], rand_r(&seed) % 40);
		random_text(&seed, &parts[2], rand_r(&seed) % 400);
		sqlite3_bind_int(ins, 1, -r);
		for (int c = 0; c < 3; c++)
			sqlite3_bind_text(ins, 2 + c, buf_cstr(&parts[c]), -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	exec_ok(db, "COMMIT");
	sqlite3_finalize(ins);
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
	for (int k = 0; k < 3; k++) {
		buf_free(&got[k]);
		buf_free(&parts[k]);
	}
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
	    cmocka_unit_test(t_bad_argument),
	};
	return cmocka_run_group_tests_name("search-pairs", cases, NULL, NULL);
}
