/* Batched imports (store_articles_import): on PostgreSQL new articles written together must leave
 * exactly the rows that writing them one by one leaves (article, search row, tags, archive); a
 * batch that cannot go as one (a refused row, an id already stored, ids on some lines only)
 * writes nothing and leaves the transaction usable, so the importer can go line by line. SQLite
 * has no batches: it always answers "not done". */
#include "fixture.h"

#include "sanitize/sanitize.h"
#include "store/pg/pg-int.h"

#define T0 1800000000

static int64_t cat(struct store *st, const char *name)
{
	int64_t id = 0;
	assert_int_equal(store_category_ensure(st, 0, name, name, &id), STORE_OK);
	return id;
}

/* The first column of the first row of sql (a number) in the case's PostgreSQL database. */
static int64_t pg_int(struct ctx *c, const char *fmt, ...)
{
	char sql[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	PGconn *db = PQconnectdb(c->url);
	PGresult *r = PQexec(db, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		fail_msg("expected one row from %s, got: %s", sql, PQerrorMessage(db));
	int64_t v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	PQfinish(db);
	return v;
}

static const char *tags_ab[] = {"thời sự", "địa phương", "thời sự"};
static const char *tags_c[] = {"thời sự", "kinh tế mới"};

/* Three imports' puts in category cat_id with ids id0, id0 + 1... (0: none): published with
 * tags, a draft, and published with words only the server indexes (Chinese). */
static void puts3(struct article_put p[3], int64_t cat_id, int64_t id0)
{
	static const char *title[3] = {"Bài một về nông thôn mới", "Bản nháp thứ hai",
				       "Bài ba 漢字 và \"trích dẫn\" \\ gạch"};
	static const char *text[3] = {"Nội dung một: xây dựng nông thôn mới.", "Nháp.",
				      "Chữ 漢字 trong bài, 1e5x."};
	static const char *html[3] = {"<p>Nội dung một: xây dựng nông thôn mới.</p>",
				      "<p>Nháp.</p>", "<p>Chữ 漢字 trong bài, 1e5x.</p>"};
	for (int i = 0; i < 3; i++) {
		p[i] = (struct article_put){
		    .id = id0 ? id0 + i : 0,
		    .category_id = cat_id,
		    .status = i == 1 ? ARTICLE_DRAFT : ARTICLE_PUBLISHED,
		    .published_at = i == 1 ? 0 : T0 - 86400 * (i + 1),
		    .views = 7 * i,
		    .set_views = true,
		    .no_revision = true,
		    .title = title[i],
		    .slug = "bai",
		    .lead = i == 0 ? "Sa pô có {ngoặc}, dấu phẩy" : "",
		    .body_html = html[i],
		    .body_version = SANITIZE_VERSION,
		    .body_text = text[i],
		    .author = "Lan",
		    .tags = i == 0   ? tags_ab
			    : i == 2 ? tags_c
				     : NULL,
		    .ntags = i == 0   ? 3
			     : i == 2 ? 2
				      : 0,
		};
	}
}

/* Imports p[0..n) in one transaction; returns whether they went as one batch. */
static bool import(struct store *st, const struct article_put *p, size_t n)
{
	struct store *tx;
	assert_int_equal(store_begin(st, &tx), STORE_OK);
	bool done = true;
	assert_int_equal(store_articles_import(tx, p, n, &done), STORE_OK);
	assert_int_equal(store_commit(tx), STORE_OK);
	return done;
}

/* The batch leaves what store_article_put leaves, row for row. */
static void t_same_as_one_by_one(void **state)
{
	struct store *st = st_of(state);
	struct ctx *c = *state;
	store_clock_set(T0);
	int64_t xb = cat(st, "batch"), xs = cat(st, "single");
	struct article_put p[3];
	puts3(p, xb, 0);
	bool done = import(st, p, 3);
	if (!c->pg) {
		assert_false(done);
		return;
	}
	assert_true(done);
	puts3(p, xs, 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(store_article_put(st, &p[i], NULL), STORE_OK);
	/* ids in the order of the lines */
	static const char *prefix[3] = {"Bài một", "Bản nháp", "Bài ba"};
	for (int i = 0; i < 3; i++)
		assert_int_equal(
		    pg_int(c,
			   "SELECT count(*) FROM articles WHERE category_id = %lld AND "
			   "id = (SELECT min(id) FROM articles WHERE category_id = %lld) "
			   "+ %d AND title LIKE '%s%%'",
			   (long long)xb, (long long)xb, i, prefix[i]),
		    1);
	int64_t same = pg_int(
	    c,
	    "SELECT count(*) FROM articles b JOIN articles s ON s.title = b.title AND "
	    "s.category_id = %lld JOIN article_views bv ON bv.article_id = b.id JOIN article_views "
	    "sv ON sv.article_id = s.id WHERE b.category_id = %lld AND b.slug = s.slug AND "
	    "b.lead = s.lead AND b.body_html = s.body_html AND b.body_text = s.body_text AND "
	    "b.status = s.status AND b.published_at IS NOT DISTINCT FROM s.published_at AND "
	    "bv.views = sv.views AND "
	    "b.title_fold = s.title_fold AND b.revision = s.revision AND b.body_version = "
	    "s.body_version AND b.author = s.author AND b.owner_id IS NOT DISTINCT FROM s.owner_id",
	    (long long)xs, (long long)xb);
	assert_int_equal(same, 3);
	int64_t search = pg_int(
	    c,
	    "SELECT count(*) FROM articles b JOIN search_docs bs ON bs.id = b.id JOIN articles s "
	    "ON "
	    "s.title = b.title AND s.category_id = %lld JOIN search_docs ss ON ss.id = s.id WHERE "
	    "b.category_id = %lld AND bs.fold = ss.fold AND bs.exact = ss.exact AND "
	    "bs.published_at = ss.published_at AND bs.expires_at IS NOT DISTINCT FROM "
	    "ss.expires_at "
	    "AND bs.fold = gz_vector_text(b.title, b.lead, b.body_text, true)",
	    (long long)xs, (long long)xb);
	assert_int_equal(search,
			 2); /* the two published ones, the Chinese one made by the server */
	assert_int_equal(pg_int(c,
				"SELECT count(*) FROM search_docs s JOIN articles a USING (id) "
				"WHERE a.category_id = %lld",
				(long long)xb),
			 2);
	int64_t tags = pg_int(
	    c,
	    "SELECT count(*) FROM articles b JOIN articles s ON s.title = b.title AND "
	    "s.category_id = %lld WHERE b.category_id = %lld AND (SELECT string_agg(tag_id || ':' "
	    "|| position, ',' ORDER BY position) FROM article_tags WHERE article_id = b.id) IS NOT "
	    "DISTINCT FROM (SELECT string_agg(tag_id || ':' || position, ',' ORDER BY position) "
	    "FROM "
	    "article_tags WHERE article_id = s.id)",
	    (long long)xs, (long long)xb);
	assert_int_equal(tags, 3);
	assert_int_equal(pg_int(c, "SELECT count(*) FROM tags"), 3);
	int64_t archive = pg_int(
	    c,
	    "SELECT count(*) FROM archive b JOIN archive s ON s.title = b.title AND s.category_id "
	    "= "
	    "%lld WHERE b.category_id = %lld AND b.tags = s.tags AND b.from_at = s.from_at AND "
	    "b.published_at IS NOT DISTINCT FROM s.published_at AND b.body_html = s.body_html AND "
	    "b.revision = s.revision AND b.until_at IS NULL AND s.until_at IS NULL",
	    (long long)xs, (long long)xb);
	assert_int_equal(archive, 2);
	assert_int_equal(pg_int(c, "SELECT count(*) FROM revisions"), 0);
	/* read back through the store: tags in order, the repeated one once */
	struct arena *a = arena_new();
	struct article art;
	int64_t first =
	    pg_int(c, "SELECT min(id) FROM articles WHERE category_id = %lld", (long long)xb);
	assert_int_equal(store_article_get(st, a, first, &art), STORE_OK);
	assert_string_equal(art.title, "Bài một về nông thôn mới");
	assert_int_equal(art.ntags, 2);
	assert_string_equal(art.tags[0], "thời sự");
	assert_string_equal(art.tags[1], "địa phương");
	arena_free(a);
}

/* The public articles, newest first (*rows, *n: up to 50); returns their total. */
static int64_t listed(struct store *st, struct arena *a, struct article_summary **rows, size_t *n)
{
	int64_t total = 0;
	struct article_query q = {.now = T0 + 1, .limit = 50};
	assert_int_equal(store_articles_list(st, a, &q, rows, n, &total), STORE_OK);
	return total;
}

/* Every text column and tag comes back as written, whatever it holds: what a text array's
 * literal would quote or read as NULL ("NULL", braces, commas, quotes, backslashes), spaces at
 * either end, control characters and every width of UTF-8 (the batch sends them in binary). */
static void t_texts_as_written(void **state)
{
	struct store *st = st_of(state);
	struct ctx *c = *state;
	store_clock_set(T0);
	int64_t x = cat(st, "x");
	static const char *odd[] = {"NULL", "{a,\"b\"}", " \\ \"\t\n' ", "", "Đà Nẵng 漢字 😀 ,}{",
				    "null", "\\N",       "a\\\"b"};
	enum { N = sizeof odd / sizeof *odd };
	struct article_put p[N];
	const char *tags[N][2];
	for (size_t i = 0; i < N; i++) {
		const char *t = odd[i], *u = odd[(i + 1) % N], *v = odd[(i + 2) % N];
		tags[i][0] = t[0] ? t : "rỗng";
		tags[i][1] = v[0] && strcmp(v, tags[i][0]) != 0 ? v : "khác";
		p[i] = (struct article_put){
		    .category_id = x,
		    .status = ARTICLE_PUBLISHED,
		    .published_at = T0 - 60 * (int64_t)(i + 1),
		    .no_revision = true,
		    .title = t[0] ? t : "tiêu đề",
		    .slug = "s",
		    .lead = u,
		    .body_html = v,
		    .body_version = SANITIZE_VERSION,
		    .body_text = t,
		    .author = u,
		    .signature = v,
		    .source = t,
		    .image = {.src = u, .alt = v, .caption = t},
		    .tags = tags[i],
		    .ntags = 2,
		};
	}
	bool done = import(st, p, N);
	assert_int_equal(done, c->pg);
	for (size_t i = 0; !done && i < N; i++) /* SQLite: one by one, as the importer goes */
		assert_int_equal(store_article_put(st, &p[i], NULL), STORE_OK);
	struct arena *a = arena_new();
	struct article_summary *rows;
	size_t n = 0;
	assert_int_equal(listed(st, a, &rows, &n), N);
	for (size_t k = 0; k < n; k++) {
		struct article got;
		assert_int_equal(store_article_get(st, a, rows[k].id, &got), STORE_OK);
		size_t i = 0;
		while (i < N && got.published_at != p[i].published_at)
			i++;
		assert_true(i < N);
		assert_string_equal(got.title, p[i].title);
		assert_string_equal(got.lead, p[i].lead);
		assert_string_equal(got.body_html, p[i].body_html);
		assert_string_equal(got.author, p[i].author);
		assert_string_equal(got.signature, p[i].signature);
		assert_string_equal(got.source, p[i].source);
		assert_string_equal(got.image.src, p[i].image.src);
		assert_string_equal(got.image.alt, p[i].image.alt);
		assert_string_equal(got.image.caption, p[i].image.caption);
		assert_int_equal(got.ntags, 2);
		assert_string_equal(got.tags[0], p[i].tags[0]);
		assert_string_equal(got.tags[1], p[i].tags[1]);
	}
	if (c->pg)
		assert_int_equal(pg_int(c, "SELECT count(*) FROM articles WHERE body_text = 'NULL' "
					   "AND title = 'NULL'"),
				 1);
	arena_free(a);
}

/* A row the database refuses (here: a category that does not exist) undoes the whole batch,
 * and the transaction goes on. */
static void t_refused_row_writes_nothing(void **state)
{
	struct store *st = st_of(state);
	struct ctx *c = *state;
	int64_t x = cat(st, "x");
	struct article_put p[3];
	puts3(p, x, 0);
	p[1].category_id = x + 1000;
	struct store *tx;
	assert_int_equal(store_begin(st, &tx), STORE_OK);
	bool done = true;
	assert_int_equal(store_articles_import(tx, p, 3, &done), STORE_OK);
	assert_false(done);
	int64_t id = 0;
	assert_int_equal(store_article_put(tx, &p[0], &id), STORE_OK); /* still usable */
	assert_int_equal(store_commit(tx), STORE_OK);
	struct arena *a = arena_new();
	struct article_summary *rows;
	size_t n = 0;
	assert_int_equal(listed(st, a, &rows, &n), 1);
	assert_int_equal(rows[0].id, id);
	arena_free(a);
	if (c->pg) {
		assert_int_equal(pg_int(c, "SELECT count(*) FROM search_docs"), 1);
		assert_int_equal(pg_int(c, "SELECT count(*) FROM archive"), 1);
		assert_int_equal(pg_int(c, "SELECT count(*) FROM article_tags"), 2);
	}
}

/* Lines whose id is stored already (an update) or ids on some lines only: not a batch. */
static void t_not_a_batch(void **state)
{
	struct store *st = st_of(state);
	struct ctx *c = *state;
	int64_t x = cat(st, "x");
	struct article_put p[3];
	puts3(p, x, 40);
	assert_int_equal(store_article_put(st, &p[1], NULL), STORE_OK);
	assert_false(import(st, p, 3)); /* 41 is stored */
	puts3(p, x, 50);
	p[2].id = 0;
	assert_false(import(st, p, 3)); /* mixed */
	if (c->pg)
		assert_int_equal(pg_int(c, "SELECT count(*) FROM articles"), 1);
}

/* After a batch with ids, a new article without one gets the next id (the sequence moved). */
static void t_sequence_follows_ids(void **state)
{
	struct store *st = st_of(state);
	struct ctx *c = *state;
	int64_t x = cat(st, "x");
	struct article_put p[3];
	puts3(p, x, 500);
	bool done = import(st, p, 3);
	assert_int_equal(done, c->pg);
	if (!done)
		return;
	puts3(p, x, 0);
	int64_t id = 0;
	assert_int_equal(store_article_put(st, &p[0], &id), STORE_OK);
	assert_int_equal(id, 503);
	assert_true(import(st, p, 3));
	assert_int_equal(pg_int(c, "SELECT max(id) FROM articles"), 506);
}

/* The first column of the first row of sql as a string (malloc'd), in the case's database. */
static char *pg_text(struct ctx *c, const char *sql)
{
	PGconn *db = PQconnectdb(c->url);
	PGresult *r = PQexec(db, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		fail_msg("expected one row from %s, got: %s", sql, PQerrorMessage(db));
	char *v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(db);
	return v;
}

/* The client's vectors and pairs are the ones written (sent in binary): with the server's
 * functions made to fail, a batch of Vietnamese articles still goes, and its rows equal what the
 * real functions make. */
static void t_client_vectors(void **state)
{
	struct store *st = st_of(state);
	struct ctx *c = *state;
	if (!c->pg)
		skip();
	struct article_put p[3];
	puts3(p, cat(st, "x"), 0);
	assert_true(import(st, p, 1)); /* the server's words checked once, with its function */
	p[2].title = "Bài ba: Đà Nẵng đổi mới";
	p[2].body_text = "Chữ thường, ĐƯỜNG phố; năm 2024 và 1.5 triệu.";
	char *def = pg_text(c, "SELECT pg_get_functiondef('gz_vector_text(text, text, text, "
			       "boolean)'::regprocedure)");
	char *pairs_def =
	    pg_text(c, "SELECT pg_get_functiondef('gz_pairs(tsvector)'::regprocedure)");
	raw_sql(c, "CREATE OR REPLACE FUNCTION gz_vector_text(title text, lead text, body text, "
		   "fold boolean) RETURNS tsvector LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
		   "'the server made a vector'; END $$");
	raw_sql(c, "CREATE OR REPLACE FUNCTION gz_pairs(v tsvector) RETURNS int2[] LANGUAGE "
		   "plpgsql AS $$ BEGIN RAISE EXCEPTION 'the server made the pairs'; END $$");
	bool done = import(st, p, 3);
	raw_sql(c, def);
	raw_sql(c, pairs_def);
	free(def);
	free(pairs_def);
	assert_true(done);
	assert_int_equal(pg_int(c,
				"SELECT count(*) FROM search_docs s JOIN articles a USING (id) "
				"WHERE s.fold = gz_vector_text(a.title, a.lead, a.body_text, true) "
				"AND s.exact = gz_vector_text(a.title, a.lead, a.body_text, false) "
				"AND s.pairs = gz_pairs(s.fold) AND length(s.fold) > 3 AND "
				"cardinality(s.pairs) > 3"),
			 3);
}

/* Long bodies and search vectors are compressed with lz4 where the server has it (migration
 * 31), read back whole. */
static void t_long_values_lz4(void **state)
{
	struct store *st = st_of(state);
	struct ctx *c = *state;
	if (!c->pg)
		skip();
	struct buf html = BUF_INIT, text = BUF_INIT;
	for (int i = 0; i < 300; i++) {
		buf_printf(&text, "Câu số %d của bài dài về nông thôn mới. ", i);
		buf_printf(&html, "<p>Câu số %d của bài dài về nông thôn mới.</p>", i);
	}
	struct article_put p[3];
	puts3(p, cat(st, "x"), 0);
	p[0].body_html = buf_cstr(&html);
	p[0].body_text = buf_cstr(&text);
	assert_true(import(st, p, 3));
	bool lz4 = pg_int(c, "SELECT count(*) FROM pg_settings WHERE name = "
			     "'default_toast_compression' AND 'lz4' = ANY (enumvals)") == 1;
	assert_int_equal(
	    pg_int(c,
		   "SELECT count(*) FROM articles WHERE "
		   "pg_column_compression(body_html) = 'lz4' AND "
		   "pg_column_compression(body_text) = 'lz4' AND octet_length(body_text) = %zu",
		   text.len),
	    lz4 ? 1 : 0);
	assert_int_equal(pg_int(c, "SELECT count(*) FROM search_docs WHERE "
				   "pg_column_compression(fold) = 'lz4'"),
			 lz4 ? 1 : 0);
	struct arena *a = arena_new();
	struct article art;
	assert_int_equal(store_article_get(st, a, pg_int(c, "SELECT min(id) FROM articles"), &art),
			 STORE_OK);
	assert_string_equal(art.body_html, buf_cstr(&html));
	arena_free(a);
	buf_free(&html);
	buf_free(&text);
}

/* The pairs' keys of a batch go as one array, each article's a slice of it: an article of one
 * word (no pair: an empty slice), one the client leaves to the server (no slice: the trigger's),
 * one with its words made ahead, and long ones between them each get exactly their own keys. */
static void t_pairs_slices(void **state)
{
	struct store *st = st_of(state);
	struct ctx *c = *state;
	if (!c->pg)
		skip();
	static const char *title[6] = {"Tin",     "Nông thôn mới ở Hưng Yên", "Ωmega và xã",
				       "Chỉ một", "Xây dựng đảng vững mạnh",  "Đường giao thông"};
	static const char *text[6] = {"",
				      "Phong trào xây dựng nông thôn mới được triển khai rộng.",
				      "Nội dung có chữ Ωmega của Hy Lạp.",
				      "",
				      "Chi bộ họp bàn xây dựng đảng trong sạch vững mạnh.",
				      "Đường liên xã được nâng cấp, mở rộng."};
	int64_t x = cat(st, "slices");
	struct article_put p[6];
	struct buf made[STORE_WORDS] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
	for (int i = 0; i < 6; i++) {
		p[i] = (struct article_put){.category_id = x,
					    .status = ARTICLE_PUBLISHED,
					    .published_at = T0 - 3600 * (i + 1),
					    .no_revision = true,
					    .title = title[i],
					    .slug = "lat",
					    .lead = "",
					    .body_html = "<p>x</p>",
					    .body_version = SANITIZE_VERSION,
					    .body_text = text[i],
					    .author = "Lan"};
	}
	assert_true(store_article_words(st, title[4], "", text[4], made));
	p[4].words = made;
	assert_true(import(st, p, 6));
	for (int k = 0; k < STORE_WORDS; k++)
		buf_free(&made[k]);
	assert_int_equal(pg_int(c,
				"SELECT count(*) FROM search_docs s JOIN articles a USING (id) "
				"WHERE a.category_id = %lld AND s.pairs = gz_pairs(s.fold)",
				(long long)x),
			 6);
	/* "Tin" and "Chỉ một" (one pair) */
	assert_int_equal(pg_int(c,
				"SELECT count(*) FROM search_docs s JOIN articles a USING (id) "
				"WHERE a.category_id = %lld AND cardinality(s.pairs) = 0",
				(long long)x),
			 1);
	assert_int_equal(pg_int(c,
				"SELECT count(*) FROM search_docs s JOIN articles a USING (id) "
				"WHERE a.category_id = %lld AND cardinality(s.pairs) = 1",
				(long long)x),
			 1);
	assert_int_equal(pg_int(c,
				"SELECT count(*) FROM search_docs WHERE pairs @> ARRAY[%d, "
				"%d]::int2[]",
				pg_pair_key("xay", 3, "dung", 4),
				pg_pair_key("dung", 4, "dang", 4)),
			 1);
}

static int teardown_clock(void **state)
{
	store_clock_set(0);
	return teardown(state);
}

#define CASES(setup)                                                                               \
	cmocka_unit_test_setup_teardown(t_same_as_one_by_one, setup, teardown_clock),              \
	    cmocka_unit_test_setup_teardown(t_texts_as_written, setup, teardown_clock),            \
	    cmocka_unit_test_setup_teardown(t_refused_row_writes_nothing, setup, teardown_clock),  \
	    cmocka_unit_test_setup_teardown(t_not_a_batch, setup, teardown_clock),                 \
	    cmocka_unit_test_setup_teardown(t_sequence_follows_ids, setup, teardown_clock),        \
	    cmocka_unit_test_setup_teardown(t_long_values_lz4, setup, teardown_clock),             \
	    cmocka_unit_test_setup_teardown(t_client_vectors, setup, teardown_clock),              \
	    cmocka_unit_test_setup_teardown(t_pairs_slices, setup, teardown_clock)

int main(void)
{
	const struct CMUnitTest sqlite_cases[] = {CASES(setup_sqlite)};
	const struct CMUnitTest pg_cases[] = {CASES(setup_pg)};
	int failed = cmocka_run_group_tests_name("import-batch-sqlite", sqlite_cases, NULL, NULL);
	failed += cmocka_run_group_tests_name("import-batch-postgresql", pg_cases, NULL, NULL);
	return failed;
}
