/* PostgreSQL: the search vectors the client makes (src/store/pg/words.c) are the ones the server's
 * gz_vector_text makes of the same text, on random text of every character class and through the
 * store's article writes. Needs GAZETTE_TEST_PG_URL (tests/support/pgcluster.py run); skips
 * without it. */
#include "fixture.h"

#include "sanitize/sanitize.h"
#include "search/query.h"

#include "store/pg/pg-int.h"
#include "store/pg/vi-letters.h"

static int setup(void **state)
{
	FIXTURE_UNUSED(setup_sqlite);
	FIXTURE_UNUSED(st_of);
	return setup_pg(state);
}

/* A connection to the case's database (migrated by the store); NULL skips the case. */
static PGconn *db_of(void **state)
{
	struct ctx *c = *state;
	if (!c->st)
		skip();
	PGconn *db = PQconnectdb(c->url);
	if (PQstatus(db) != CONNECTION_OK)
		fail_msg("expected to connect to %s, got: %s", c->url, PQerrorMessage(db));
	return db;
}

/* The server's verdict on what the client made of parts: the server's vector (pairs false:
 * gz_vector_text(parts, fold) = literal::tsvector; true: gz_pairs of the folded one =
 * literal::int2[]), and the server's as text in *server. */
static bool server_equal(PGconn *db, const char *const parts[3], bool fold, bool pairs,
			 const char *literal, struct buf *server)
{
	const char *params[5] = {parts[0], parts[1], parts[2], fold ? "t" : "f", literal};
	PGresult *r = PQexecParams(
	    db,
	    pairs ? "SELECT gz_pairs(v) = $5::int2[], gz_pairs(v)::text FROM (SELECT "
		    "gz_vector_text($1, $2, $3, $4::boolean) AS v) x"
		  : "SELECT v = $5::tsvector, v::text FROM (SELECT gz_vector_text($1, $2, $3, "
		    "$4::boolean) AS v) x",
	    5, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("expected the comparison to run, got: %s", PQerrorMessage(db));
	bool eq = PQgetvalue(r, 0, 0)[0] == 't';
	buf_reset(server);
	buf_puts(server, PQgetvalue(r, 0, 1));
	PQclear(r);
	return eq;
}

static void t_agree(void **state)
{
	PGconn *db = db_of(state);
	assert_true(pg_words_agree(db));
	PQfinish(db);
}

/* Pieces random text is made of: words of each script the walk knows, numbers, punctuation of
 * both kinds, and characters it must leave to the server. */
static const char *const pieces[] = {
    "Đà", "Nẵng", "ĐƯỜNG", "đường", "xã", "XÃ", "Hội", "nghị", "abc",    "ABC", "e",
    "E5", "a1e5", "2024",  "15",    "0",  "v2", "1ab", "ỹ",    "Ỹ",      " ",   "  ",
    "\t", "\n",   ",",     ".",     "-",  "/",  "(",   ")",    "\"",     "'",   "“",
    "”",  "–",    "—",     "…",     "«",  "»",  "·",   "•",    "\u00a0", ":",   ";",
    "!",  "?",    "&",     "<b>",   "_",  "%",  "Ơn",  "ướt",  "ƯỚT",    "ân",  "Â"};
/* Text the client must leave to the server: another script, a combining mark, a symbol, a
 * control character, a number in scientific notation with more after it, a very long word. */
static const char *const hard[] = {"Ωmega", "a\xcc\x81", "5°C", "x\x01y", "1e5x", "3e3e"};

static void random_text(unsigned *seed, struct buf *b, int words)
{
	buf_reset(b);
	size_t n = sizeof pieces / sizeof pieces[0];
	for (int i = 0; i < words; i++)
		buf_puts(b, pieces[rand_r(seed) % n]);
}

static void t_random_vectors(void **state)
{
	PGconn *db = db_of(state);
	unsigned seed = 20261203;
	struct buf parts_b[3] = {BUF_INIT, BUF_INIT, BUF_INIT}, lit = BUF_INIT, server = BUF_INIT;
	int made = 0, cases = 600;
	for (int i = 0; i < cases; i++) {
		random_text(&seed, &parts_b[0], 1 + rand_r(&seed) % 12);
		random_text(&seed, &parts_b[1], rand_r(&seed) % 30);
		random_text(&seed, &parts_b[2], rand_r(&seed) % 400);
		const char *parts[3] = {buf_cstr(&parts_b[0]), buf_cstr(&parts_b[1]),
					buf_cstr(&parts_b[2])};
		for (int fold = 0; fold < 2; fold++) {
			buf_reset(&lit);
			if (!pg_vector(parts, fold, &lit))
				continue;
			made++;
			if (!server_equal(db, parts, fold, false, buf_cstr(&lit), &server))
				fail_msg(
				    "case %d (fold %d): expected the server's vector\n%s\ngot\n%s",
				    i, fold, buf_cstr(&server), buf_cstr(&lit));
		}
		buf_reset(&lit);
		if (!pg_vector_pairs(parts, &lit))
			continue;
		if (!server_equal(db, parts, true, true, buf_cstr(&lit), &server))
			fail_msg("case %d: expected the server's pairs\n%s\ngot\n%s", i,
				 buf_cstr(&server), buf_cstr(&lit));
	}
	/* Every piece is one the walk handles, but glued together some make numbers like "15e5"
	 * followed by more, which are left to the server: still, most must have been made here. */
	if (made < cases)
		fail_msg("expected the client to make at least %d of %d vectors, got %d", cases,
			 cases * 2, made);
	for (size_t h = 0; h < sizeof hard / sizeof hard[0]; h++) {
		const char *parts[3] = {"Tin", "mới", hard[h]};
		buf_reset(&lit);
		if (pg_vector(parts, true, &lit))
			fail_msg("expected '%s' to be left to the server, got the vector %s",
				 hard[h], buf_cstr(&lit));
	}
	struct buf longword = BUF_INIT;
	for (int i = 0; i < 1500; i++)
		buf_putc(&longword, 'a');
	const char *lp[3] = {"Tin", "", buf_cstr(&longword)};
	buf_reset(&lit);
	assert_false(pg_vector(lp, true, &lit));
	buf_reset(&lit);
	assert_false(pg_vector_pairs(lp, &lit));
	/* two words, one pair: the key of "tin moi", the first two bytes of the SHA-256 of
	 * "tin moi" (b5 72 ...: 0xb572 - 32768 = 13682), as the server has it */
	const char *two[3] = {"Tin", "mới", ""};
	int key = pg_pair_key("tin", 3, "moi", 3);
	PGresult *r = PQexec(db, "SELECT ((get_byte(h, 0) << 8) | get_byte(h, 1)) - 32768 FROM "
				 "sha256('tin moi') h");
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	assert_int_equal(key, atoi(PQgetvalue(r, 0, 0)));
	assert_int_equal(key, 13682);
	PQclear(r);
	buf_reset(&lit);
	assert_true(pg_vector_pairs(two, &lit));
	char want[16];
	snprintf(want, sizeof want, "{%d}", key);
	assert_string_equal(buf_cstr(&lit), want);
	/* one word: no pair, an empty array (not NULL, not left to the server) */
	const char *one[3] = {"Tin", "", ""};
	buf_reset(&lit);
	assert_true(pg_vector_pairs(one, &lit));
	assert_string_equal(buf_cstr(&lit), "{}");
	assert_true(server_equal(db, one, true, true, "{}", &server));
	buf_free(&longword);
	for (int i = 0; i < 3; i++)
		buf_free(&parts_b[i]);
	buf_free(&lit);
	buf_free(&server);
	PQfinish(db);
}

/* The rows the store wrote: how many, and how many differ from what the trigger would make. */
static void rows_check(PGconn *db, long want_rows)
{
	PGresult *r = PQexec(
	    db, "SELECT count(*), count(*) FILTER (WHERE d.fold <> gz_vector_text(a.title, a.lead, "
		"a.body_text, true) OR d.exact <> gz_vector_text(a.title, a.lead, a.body_text, "
		"false) OR d.pairs <> gz_pairs(d.fold) OR d.category_id <> a.category_id OR "
		"d.published_at <> coalesce(a.published_at, 0)) FROM search_docs d JOIN articles a "
		"USING (id)");
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("expected the check to run, got: %s", PQerrorMessage(db));
	long rows = atol(PQgetvalue(r, 0, 0)), bad = atol(PQgetvalue(r, 0, 1));
	PQclear(r);
	if (rows != want_rows || bad != 0)
		fail_msg("expected %ld search rows, none different from gz_vector_text and "
			 "gz_pairs; got "
			 "%ld rows, "
			 "%ld different",
			 want_rows, rows, bad);
}

static void t_store_writes(void **state)
{
	PGconn *db = db_of(state);
	struct ctx *c = *state;
	int64_t cat = 0;
	assert_int_equal(store_category_ensure(c->st, 0, "Thời sự", "thoi-su", &cat), STORE_OK);
	unsigned seed = 7;
	struct buf title = BUF_INIT, body = BUF_INIT;
	for (int64_t id = 1; id <= 40; id++) {
		random_text(&seed, &title, 6);
		random_text(&seed, &body, 200);
		if (id % 10 == 0)
			buf_puts(&body, hard[id % 6]); /* some left to the server */
		struct article_put p = {.id = id,
					.category_id = cat,
					.status = id % 4 == 0 ? ARTICLE_DRAFT : ARTICLE_PUBLISHED,
					.published_at = 1700000000 + id,
					.title = buf_cstr(&title),
					.slug = "bai",
					.lead = "Đà Nẵng – “tin” mới",
					.body_html = buf_cstr(&body),
					.author = "",
					.signature = "",
					.source = "",
					.no_revision = true};
		assert_int_equal(store_article_put(c->st, &p, NULL), STORE_OK);
	}
	rows_check(db, 30);
	/* Updates: new text, unpublished, published again, and a stale revision refused. */
	struct arena *a = arena_new();
	struct article art;
	assert_int_equal(store_article_get(c->st, a, 5, &art), STORE_OK);
	struct article_put p = {.id = 5,
				.category_id = cat,
				.status = ARTICLE_PUBLISHED,
				.published_at = 1700000005,
				.title = "Tiêu đề MỚI hoàn toàn",
				.slug = "bai",
				.lead = "",
				.body_html = "<p>Nội dung mới: xã Yên Mỹ</p>",
				.author = "",
				.signature = "",
				.source = "",
				.expect_revision = art.revision};
	assert_int_equal(store_article_put(c->st, &p, NULL), STORE_OK);
	assert_int_equal(store_article_put(c->st, &p, NULL), STORE_CONFLICT);
	rows_check(db, 30);
	p.expect_revision = 0;
	p.status = ARTICLE_UNPUBLISHED;
	assert_int_equal(store_article_put(c->st, &p, NULL), STORE_OK);
	rows_check(db, 29);
	p.status = ARTICLE_PUBLISHED;
	p.title = "Lại xuất bản";
	assert_int_equal(store_article_put(c->st, &p, NULL), STORE_OK);
	rows_check(db, 30);
	struct search_query q;
	struct search_hit *hits;
	size_t n;
	int64_t total;
	bool more;
	const char *raw = "\"lai xuat ban\"";
	assert_int_equal(search_query_parse(a, raw, strlen(raw), &q), 0);
	struct search_request req = {.q = &q, .now = 1800000000, .limit = 10};
	assert_int_equal(store_search(c->st, a, &req, &hits, &n, &total, &more), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].id, 5);
	/* its words, not side by side in that order: no match */
	raw = "\"ban xuat lai\"";
	assert_int_equal(search_query_parse(a, raw, strlen(raw), &q), 0);
	assert_int_equal(store_search(c->st, a, &req, &hits, &n, &total, &more), STORE_OK);
	assert_int_equal(n, 0);
	/* new text the server makes the words of (a symbol): the trigger's update of the row
	 * re-makes its pairs */
	assert_int_equal(store_article_get(c->st, a, 5, &art), STORE_OK);
	p.title = "Nhiệt độ 5°C ở Sa Pa";
	p.expect_revision = art.revision;
	assert_int_equal(store_article_put(c->st, &p, NULL), STORE_OK);
	rows_check(db, 30);
	raw = "\"sa pa\"";
	assert_int_equal(search_query_parse(a, raw, strlen(raw), &q), 0);
	assert_int_equal(store_search(c->st, a, &req, &hits, &n, &total, &more), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].id, 5);
	arena_free(a);
	buf_free(&title);
	buf_free(&body);
	PQfinish(db);
}

/* A batch of an import (store_articles_import): the vectors and keys in their binary form, made
 * ahead (as the importer's reading thread does) or by the batch, are the server's; an article
 * whose words the server must make, or whose form made ahead is cut short, gets the server's. */
static void t_batch_writes(void **state)
{
	PGconn *db = db_of(state);
	struct ctx *c = *state;
	int64_t cat = 0;
	assert_int_equal(store_category_ensure(c->st, 0, "Thời sự", "thoi-su", &cat), STORE_OK);
	assert_true(store_article_words_ready(c->st));
	enum { N = 60 };
	unsigned seed = 11;
	struct buf title[N], body[N], made[N][STORE_WORDS];
	struct article_put p[N];
	long published = 0;
	for (int i = 0; i < N; i++) {
		title[i] = body[i] = (struct buf)BUF_INIT;
		for (int k = 0; k < STORE_WORDS; k++)
			made[i][k] = (struct buf)BUF_INIT;
		random_text(&seed, &title[i], 1 + rand_r(&seed) % 8);
		random_text(&seed, &body[i], rand_r(&seed) % 600);
		if (i % 9 == 0)
			buf_puts(&body[i], hard[i % 6]); /* left to the server */
		p[i] = (struct article_put){
		    .category_id = cat,
		    .status = i % 7 == 3 ? ARTICLE_DRAFT : ARTICLE_PUBLISHED,
		    .published_at = 1700000000 + i,
		    .no_revision = true,
		    .title = buf_cstr(&title[i]),
		    .slug = "bai",
		    .lead = i % 2 ? "Đà Nẵng – “tin” mới" : "",
		    .body_html = "<p>x</p>",
		    .body_version = SANITIZE_VERSION,
		    .body_text = buf_cstr(&body[i]),
		    .author = i % 4 == 1   ? "Lê Ánh"
			      : i % 4 == 2 ? "Ωmega" /* fold left to the server */
					   : "",
		    .signature = "",
		    .source = ""};
		published += p[i].status == ARTICLE_PUBLISHED;
		if (i % 3 != 0 &&
		    store_article_words(c->st, p[i].title, p[i].lead, p[i].body_text, made[i]))
			p[i].words = made[i];
		if (i == 4 || i == 5) /* a batch form cut short, in a key; in a vector */
			made[i][PG_WORDS_BATCH].len -= i == 4 ? 1 : made[i][PG_WORDS_BATCH].len - 9;
	}
	bool done = false;
	assert_int_equal(store_articles_import(c->st, p, N, &done), STORE_OK);
	assert_true(done);
	rows_check(db, published);
	/* the newsroom list's fold of title and author, by the client or the trigger, and after a
	 * change of either (the trigger of updates) */
	PGresult *r = NULL;
	for (int round = 0; round < 2; round++) {
		r = PQexec(db, "SELECT count(*) FROM articles WHERE title_fold IS DISTINCT FROM "
			       "gz_fold(title || ' ' || author)");
		assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
		assert_string_equal(PQgetvalue(r, 0, 0), "0");
		PQclear(r);
		r = PQexec(db, "UPDATE articles SET title = 'Ồ MỚI ' || id WHERE id % 2 = 0");
		assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
		PQclear(r);
		r = PQexec(db, "UPDATE articles SET author = 'Đỗ Ý' WHERE id % 3 = 0");
		assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
		PQclear(r);
	}
	r = PQexec(db, "SELECT count(*) FROM search_docs WHERE cardinality(pairs) > 2");
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	if (atol(PQgetvalue(r, 0, 0)) < published - 10)
		fail_msg("expected most rows to have pairs, got %s of %ld", PQgetvalue(r, 0, 0),
			 published);
	PQclear(r);
	for (int i = 0; i < N; i++) {
		buf_free(&title[i]);
		buf_free(&body[i]);
		for (int k = 0; k < STORE_WORDS; k++)
			buf_free(&made[i][k]);
	}
	PQfinish(db);
}

/* Fails unless the server's fn(arg) (a function of one text) is mine. */
static void same_as_server(PGconn *db, const char *fn, const char *arg, const struct buf *mine)
{
	char sql[64];
	snprintf(sql, sizeof sql, "SELECT %s($1)", fn);
	const char *params[1] = {arg};
	PGresult *r = PQexecParams(db, sql, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("expected %s to run, got: %s", fn, PQerrorMessage(db));
	if (strcmp(PQgetvalue(r, 0, 0), buf_cstr(mine)) != 0)
		fail_msg("%s of [%s]: expected [%s], got [%s]", fn, arg, PQgetvalue(r, 0, 0),
			 buf_cstr(mine));
	PQclear(r);
}

/* The title's fold (the newsroom list's title_fold) as gz_fold gives it, for random text of every
 * character class; text with a character of another script, a combining mark or a symbol is left
 * to the server. */
static void t_fold(void **state)
{
	PGconn *db = db_of(state);
	unsigned seed = 7;
	struct buf t = BUF_INIT, mine = BUF_INIT;
	int made = 0, cases = 400;
	for (int i = 0; i < cases; i++) {
		random_text(&seed, &t, rand_r(&seed) % 20);
		if (i % 10 == 0)
			buf_puts(&t, hard[(i / 10) % 6]);
		buf_reset(&mine);
		bool ok = pg_fold(buf_cstr(&t), &mine);
		if (i % 10 == 0 && (i / 10) % 6 < 3)
			assert_false(ok); /* Ω, a combining mark, ° */
		if (!ok)
			continue;
		made++;
		same_as_server(db, "gz_fold", buf_cstr(&t), &mine);
	}
	if (made < cases * 8 / 10)
		fail_msg("expected most folds made by the client, got %d of %d", made, cases);
	buf_free(&t);
	buf_free(&mine);
	PQfinish(db);
}

/* The text of HTML as gz_text gives it: tags, unclosed '<', entities (also double-escaped). */
static void t_html_text(void **state)
{
	PGconn *db = db_of(state);
	static const char *const bits[] = {
	    "<p>",    "</p>",  "<a href=\"x\">", "</a>",       "Đà Nẵng",  " ",     "&lt;", "&gt;",
	    "&quot;", "&#39;", "&nbsp;",         "&amp;",      "&amp;lt;", "&",     "<",    ">",
	    "a<b",    "x > y", "<br/>",          "tiếng Việt", "\n",       "&#x27;"};
	unsigned seed = 42;
	struct buf html = BUF_INIT, mine = BUF_INIT;
	for (int i = 0; i < 300; i++) {
		buf_reset(&html);
		int n = rand_r(&seed) % 40;
		for (int k = 0; k < n; k++)
			buf_puts(&html, bits[rand_r(&seed) % (sizeof bits / sizeof bits[0])]);
		buf_reset(&mine);
		pg_html_text(buf_cstr(&html), &mine);
		same_as_server(db, "gz_text", buf_cstr(&html), &mine);
	}
	buf_free(&html);
	buf_free(&mine);
	PQfinish(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(t_agree, setup, teardown),
	    cmocka_unit_test_setup_teardown(t_random_vectors, setup, teardown),
	    cmocka_unit_test_setup_teardown(t_store_writes, setup, teardown),
	    cmocka_unit_test_setup_teardown(t_batch_writes, setup, teardown),
	    cmocka_unit_test_setup_teardown(t_html_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(t_fold, setup, teardown),
	};
	return cmocka_run_group_tests_name("pg-words", tests, NULL, NULL);
}
