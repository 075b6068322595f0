/* Search relevance on a small hand-written Vietnamese corpus, through the store: SQLite and PG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "search/query.h"
#include "store/store.h"

/* PostgreSQL cases need GAZETTE_TEST_PG_URL and GAZETTE_TEST_PG_CREATEDB (set by
 * tests/support/pgcluster.py run); without them they skip. */

#define T0 1600000000 /* publication times: T0 + id hours, so a higher id is newer */

struct ctx {
	char url[512];
	char dir[64];
	char mdir[64];    /* the search mirror's folder (PostgreSQL with a mirror) */
	int64_t searches; /* store_search calls made */
	struct store *st;
	int64_t cat_news, cat_politics, cat_culture;
};

static int case_no;

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static int64_t cat(struct store *st, int64_t parent, const char *name, const char *slug)
{
	int64_t id = 0;
	assert_int_equal(store_category_ensure(st, parent, name, slug, &id), STORE_OK);
	return id;
}

static void put(struct ctx *c, int64_t id, int64_t cat_id, const char *title, const char *body,
		int64_t pub, enum article_status status)
{
	struct article_put p = {.id = id,
				.category_id = cat_id,
				.status = status,
				.published_at = pub,
				.title = title,
				.slug = "bai",
				.lead = "",
				.body_html = body,
				.author = "",
				.signature = "",
				.source = "",
				.no_revision = true};
	int64_t got = 0;
	assert_int_equal(store_article_put(c->st, &p, &got), STORE_OK);
	assert_int_equal(got, id);
}

/* The corpus. Each article is there to decide one kind of case. */
static void corpus(struct ctx *c)
{
	struct store *st = c->st;
	c->cat_news = cat(st, 0, "Tin tức", "tin-tuc");
	c->cat_politics = cat(st, c->cat_news, "Chính trị", "chinh-tri");
	c->cat_culture = cat(st, 0, "Văn hóa", "van-hoa");
	int64_t h = 3600;
	put(c, 1, c->cat_politics, "Đảng bộ tỉnh tổng kết năm",
	    "<p>Đảng bộ tỉnh Hưng Yên họp tổng kết công tác xây dựng Đảng.</p>", T0 + 1 * h,
	    ARTICLE_PUBLISHED);
	put(c, 2, c->cat_news, "Trời đang mưa to", "<p>Mưa lớn đang kéo dài ở các huyện.</p>",
	    T0 + 2 * h, ARTICLE_PUBLISHED);
	put(c, 3, c->cat_news, "Dân vận khéo ở Yên Mỹ",
	    "<p>Phong trào dân vận khéo được nhân rộng.</p>", T0 + 3 * h, ARTICLE_PUBLISHED);
	put(c, 4, c->cat_culture, "Chuyện dẫn chương trình",
	    "<p>Người dẫn chương trình kể về văn nghệ.</p>", T0 + 4 * h, ARTICLE_PUBLISHED);
	put(c, 5, c->cat_culture, "Khéo tay hay làm",
	    "<p>Người dân cùng các vận động viên khéo léo.</p>", T0 + 5 * h, ARTICLE_PUBLISHED);
	put(c, 6, c->cat_news, "Bản nháp về Đảng và mưa", "<p>Nháp đang viết.</p>", 0,
	    ARTICLE_DRAFT);
	put(c, 7, c->cat_news, "Tin đã gỡ về Đảng", "<p>Gỡ xuống.</p>", T0 + 7 * h,
	    ARTICLE_PUBLISHED);
	assert_int_equal(store_article_set_status(st, 7, ARTICLE_UNPUBLISHED, 0, ""), STORE_OK);
	put(c, 8, c->cat_news, "Lịch sử Đảng sắp đăng", "<p>Hẹn giờ.</p>",
	    (int64_t)time(NULL) + 86400, ARTICLE_PUBLISHED);
	put(c, 9, c->cat_culture, "Hội thi", "<p>Ca Huế trên sông Hương.</p>", T0 + 9 * h,
	    ARTICLE_PUBLISHED);
	put(c, 10, c->cat_culture, "Mùa thu", "<p>Người ca sĩ hát về Huế &amp; mưa thu.</p>",
	    T0 + 10 * h, ARTICLE_PUBLISHED);
	put(c, 11, c->cat_politics, "Covid-19 và kinh tế", "<p>Dịch <b>COVID-19</b> qua đi.</p>",
	    T0 + 11 * h, ARTICLE_PUBLISHED);
	/* decomposed (NFD) title, as some input methods paste it */
	put(c, 12, c->cat_news, "Nghi\xcc\xa3 quye\xcc\x82\xcc\x81t mơ\xcc\x81i", "<p>Văn bản.</p>",
	    T0 + 12 * h, ARTICLE_PUBLISHED);
}

static int open_at(struct ctx *c)
{
	struct buf err = BUF_INIT;
	enum store_rc rc = store_open(c->url, true, &c->st, &err);
	if (rc != STORE_OK)
		fprintf(stderr, "store_open(%s): %s\n", c->url, buf_cstr(&err));
	buf_free(&err);
	if (rc == STORE_OK)
		corpus(c);
	return rc == STORE_OK ? 0 : -1;
}

static int setup_sqlite(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	snprintf(c->dir, sizeof c->dir, "/tmp/gz-search-XXXXXX");
	if (!mkdtemp(c->dir))
		return -1;
	snprintf(c->url, sizeof c->url, "sqlite:%s/gazette.db", c->dir);
	*state = c;
	return open_at(c);
}

static int setup_pg(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	*state = c;
	const char *base = env("GAZETTE_TEST_PG_URL"), *createdb = env("GAZETTE_TEST_PG_CREATEDB");
	if (!base || !createdb)
		return 0;
	char name[64], cmd[1024];
	snprintf(name, sizeof name, "gz_search_%ld_%d", (long)getpid(), ++case_no);
	snprintf(cmd, sizeof cmd, "%s %s >/dev/null", createdb, name);
	if (system(cmd) != 0)
		return 0;
	const char *slash = strrchr(base, '/');
	snprintf(c->url, sizeof c->url, "%.*s/%s", (int)(slash - base), base, name);
	return open_at(c);
}

/* PostgreSQL with a search mirror (store/search.h): every case's searches are answered by the
 * mirror, which must follow each case's writes before the search that comes after them. */
static int setup_pg_mirror(void **state)
{
	int rc = setup_pg(state);
	struct ctx *c = *state;
	if (rc != 0 || !c->st)
		return rc;
	snprintf(c->mdir, sizeof c->mdir, "/tmp/gz-mirror-XXXXXX");
	if (!mkdtemp(c->mdir)) {
		c->mdir[0] = '\0';
		return -1;
	}
	char path[128];
	snprintf(path, sizeof path, "%s/mirror.db", c->mdir);
	struct buf err = BUF_INIT;
	rc = store_search_mirror(c->st, path, &err) == STORE_OK ? 0 : -1;
	if (rc != 0)
		fprintf(stderr, "store_search_mirror: %s\n", buf_cstr(&err));
	buf_free(&err);
	if (rc == 0 && !store_search_mirror_wait(c->st, 60000)) {
		fprintf(stderr, "expected the search mirror ready within 60 s\n");
		rc = -1;
	}
	return rc;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	int rc = 0;
	if (c->st && c->mdir[0]) {
		struct store_mirror_stats ms;
		store_search_mirror_stats(c->st, &ms);
		if (ms.answered != c->searches || ms.passed != 0) {
			fprintf(
			    stderr,
			    "expected all %lld searches answered by the mirror, got %lld answered "
			    "and %lld left to PostgreSQL\n",
			    (long long)c->searches, (long long)ms.answered, (long long)ms.passed);
			rc = -1;
		}
	}
	if (c->st)
		store_close(c->st);
	if (c->mdir[0]) {
		char path[128];
		const char *sfx[] = {"", "-wal", "-shm", ".lock"};
		for (int i = 0; i < 4; i++) {
			snprintf(path, sizeof path, "%s/mirror.db%s", c->mdir, sfx[i]);
			unlink(path);
		}
		rmdir(c->mdir);
	}
	if (c->dir[0]) {
		char path[128];
		const char *sfx[] = {"", "-wal", "-shm"};
		for (int i = 0; i < 3; i++) {
			snprintf(path, sizeof path, "%s/gazette.db%s", c->dir, sfx[i]);
			unlink(path);
		}
		rmdir(c->dir);
	}
	free(c);
	return rc;
}

static struct ctx *ctx_of(void **state)
{
	struct ctx *c = *state;
	if (!c->st)
		skip();
	return c;
}

struct want {
	int64_t cat, from, to, offset, limit;
};

/* Runs a query: its hits (in the arena) and, when total is given, the total; false when the query
 * does not parse. */
static bool run_hits(struct ctx *c, struct arena *a, const char *query, struct want w,
		     struct search_hit **hits, size_t *n, int64_t *total)
{
	struct search_query q;
	if (search_query_parse(a, query, strlen(query), &q) != 0)
		return false;
	struct search_request r = {.q = &q,
				   .category_id = w.cat,
				   .from = w.from,
				   .to = w.to,
				   .now = (int64_t)time(NULL),
				   .offset = w.offset,
				   .limit = w.limit ? w.limit : 20};
	int64_t tot = 0;
	bool more = false;
	assert_int_equal(store_search(c->st, a, &r, hits, n, &tot, &more), STORE_OK);
	c->searches++;
	if (total)
		*total = tot;
	return true;
}

/* Runs a query; returns the ids found as "1,2,3" (in the arena) and the total. */
static const char *ids(struct ctx *c, struct arena *a, const char *query, struct want w,
		       int64_t *total)
{
	struct search_hit *hits = NULL;
	size_t n = 0;
	if (!run_hits(c, a, query, w, &hits, &n, total))
		return "invalid";
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)hits[i].id);
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* Runs two queries that must find the same rows ranked alike: the same ids in the same order with
 * the same scores (SQLite: the same rank function over the same phrases; PostgreSQL: the same
 * tiers of exact and adjacent matches, its ts_rank_cd part being free to see the excluded word).
 */

static bool same_score(struct ctx *c, double x, double y)
{
	if (strncmp(c->url, "postgres", 8) == 0)
		return (int64_t)(x / 1e4) == (int64_t)(y / 1e4);
	return x == y;
}

static void expect_same_rank(struct ctx *c, const char *q1, const char *q2, struct want w)
{
	struct arena *a = arena_new();
	struct search_hit *hits[2] = {NULL, NULL};
	size_t n[2] = {0, 0};
	assert_true(run_hits(c, a, q1, w, &hits[0], &n[0], NULL));
	assert_true(run_hits(c, a, q2, w, &hits[1], &n[1], NULL));
	if (n[0] != n[1] || n[0] == 0)
		fail_msg("'%s' found %zu rows, '%s' %zu: expected the same, and some", q1, n[0], q2,
			 n[1]);
	for (size_t i = 0; i < n[0]; i++) {
		const struct search_hit *x = &hits[0][i], *y = &hits[1][i];
		if (x->id != y->id || !same_score(c, x->score, y->score))
			fail_msg("row %zu: '%s' ranked %lld at %.17g, '%s' %lld at %.17g", i, q1,
				 (long long)x->id, x->score, q2, (long long)y->id, y->score);
	}
	arena_free(a);
}

/* A filter keeps the rank: the rows of query in w come in the order and with the scores they
 * have without it (on SQLite the category's tokens are phrases of the expression that rank
 * nothing). */
static void expect_filter_keeps_rank(struct ctx *c, const char *query, struct want w)
{
	struct arena *a = arena_new();
	struct search_hit *all = NULL, *in = NULL;
	size_t nall = 0, nin = 0;
	assert_true(run_hits(c, a, query, (struct want){.limit = 100}, &all, &nall, NULL));
	assert_true(run_hits(c, a, query, w, &in, &nin, NULL));
	if (nin == 0)
		fail_msg("'%s' in the category: expected some rows", query);
	size_t j = 0;
	for (size_t i = 0; i < nin; i++) {
		while (j < nall && all[j].id != in[i].id)
			j++;
		if (j == nall || !same_score(c, all[j].score, in[i].score))
			fail_msg("'%s' in the category: row %zu, %lld at %.17g, is not in the same "
				 "order with the same score without the filter",
				 query, i, (long long)in[i].id, in[i].score);
	}
	arena_free(a);
}

static void expect(struct ctx *c, const char *query, struct want w, const char *want)
{
	struct arena *a = arena_new();
	const char *got = ids(c, a, query, w, NULL);
	if (strcmp(got, want) != 0)
		fail_msg("query '%s': got [%s], want [%s]", query, got, want);
	arena_free(a);
}

static int id_cmp(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;
	return (a > b) - (a < b);
}

/* Same as expect, for cases where relevance (which may differ by backend) orders the ids. */
static void expect_set(struct ctx *c, const char *query, struct want w, const char *want)
{
	struct arena *a = arena_new();
	const char *got = ids(c, a, query, w, NULL);
	long long v[64];
	size_t n = 0;
	for (const char *p = got; *p && n < 64;) {
		char *end;
		v[n++] = strtoll(p, &end, 10);
		p = *end ? end + 1 : end;
	}
	qsort(v, n, sizeof v[0], id_cmp);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", v[i]);
	if (strcmp(buf_cstr(&b), want) != 0)
		fail_msg("query '%s': got [%s], want the set [%s]", query, got, want);
	buf_free(&b);
	arena_free(a);
}

static const struct want ANY = {0};

/* Without diacritics a query finds the text with them, đ included. */
static void t_folding(void **state)
{
	struct ctx *c = ctx_of(state);
	expect(c, "dang bo", ANY, "1");
	expect(c, "dan van kheo", ANY, "3,5"); /* 5 has the three syllables apart */
	expect(c, "hung yen", ANY, "1");
	expect(c, "DANG BO", ANY, "1");
	expect(c, "nghi quyet", ANY, "12"); /* indexed from decomposed text */
	expect(c, "Nghi\xcc\xa3 quye\xcc\x82\xcc\x81t", ANY, "12");
	expect(c, "nghị quyết", ANY, "12");
}

/* With diacritics, exact matches rank above folded ones whatever their age. */
static void t_exact_first(void **state)
{
	struct ctx *c = ctx_of(state);
	expect(c, "Đảng", ANY, "1,2");
	expect(c, "đang", ANY, "2,1");
	expect(c, "dân", ANY, "3,5,4"); /* 3 and 5 have dân (3 in its title); 4 only dẫn */
	expect(c, "dẫn", ANY, "4,3,5");
	expect(c, "Đảng tỉnh", ANY, "1");
}

/* Syllables of one word standing together rank above the same syllables scattered. */
static void t_adjacency(void **state)
{
	struct ctx *c = ctx_of(state);
	expect(c, "van kheo", ANY, "3,5");
	expect(c, "dân vận", ANY, "3,5,4"); /* 3 and 5 exact, 3 side by side; 4 dẫn ... văn */
	expect_set(c, "dan van", ANY, "3,4,5");
	struct arena *a = arena_new();
	assert_true(ids(c, a, "dan van", ANY, NULL)[0] == '3');
	arena_free(a);
	expect_set(c, "van dan", ANY, "3,4,5"); /* none has "vận dân" side by side */
}

static void t_phrases(void **state)
{
	struct ctx *c = ctx_of(state);
	expect(c, "\"ca huế\"", ANY, "9");
	expect(c, "\"ca hue\"", ANY, "9");
	expect(c, "ca hue", ANY, "9,10");
	expect(c, "\"hue ca\"", ANY, "");
	expect(c, "covid-19", ANY, "11");
	expect(c, "\"covid 19\" kinh", ANY, "11");
	expect(c, "\"ca hue", ANY, "9"); /* unbalanced */
}

static void t_exclusion(void **state)
{
	struct ctx *c = ctx_of(state);
	expect(c, "dang -mua", ANY, "1");
	expect(c, "mua -\"mua thu\"", ANY, "2");
	expect(c, "-mua", ANY, "");
	expect(c, "khéo -tay", ANY, "3");
	/* An excluded word typed with diacritics leaves out that word, not the others it folds
	 * to ("-đảng" keeps "đang"); typed without them, every form. Phrases alike. */
	expect(c, "dang -đảng", ANY, "2");
	expect(c, "dang -Đảng", ANY, "2");
	expect(c, "dang -đang", ANY, "1");
	expect(c, "dang -dang", ANY, "");
	expect(c, "mưa -\"đang mưa\"", ANY, "10");
	expect(c, "mưa -\"dang mua\"", ANY, "10");
	expect_set(c, "mưa -\"đáng mưa\"", ANY, "2,10");
	expect(c, "\"xây dựng\" -\"đảng bộ\" -đang", ANY, "");
	expect(c, "tỉnh -\"đảng bộ\"", ANY, "");
	expect(c, "tỉnh -\"đang bộ\"", ANY, "1");
	/* An exclusion that removes nothing leaves the rank as it was: exact forms first,
	 * syllables side by side above scattered ones (on SQLite its phrases sit among the
	 * words' in the expression, and rank nothing). */
	expect(c, "dân vận -khongcoai", ANY, "3,5,4");
	expect_same_rank(c, "dân vận", "dân vận -khongcoai", ANY);
	expect_same_rank(c, "dẫn chương trình", "dẫn chương trình -khongcoai -khongco", ANY);
	expect_same_rank(c, "Đảng", "Đảng -\"mua thu\"", ANY);
	expect_same_rank(c, "dân vận", "dân vận -khôngcóai", ANY);
	expect_same_rank(c, "Đảng", "Đảng -\"mùa thu\" -khôngcó", ANY);
}

static void t_filters(void **state)
{
	struct ctx *c = ctx_of(state);
	struct want news = {.cat = c->cat_news}, pol = {.cat = c->cat_politics},
		    cul = {.cat = c->cat_culture};
	expect(c, "Đảng", news, "1,2");
	expect_set(c, "dang", news, "1,2");
	expect(c, "Đảng", pol, "1");
	expect(c, "dang", cul, "");
	expect(c, "dân", cul, "5,4");
	struct want range = {.from = T0 + 2 * 3600, .to = T0 + 4 * 3600};
	expect(c, "dân", range, "3,4");
	struct want inverted = {.from = T0 + 4 * 3600, .to = T0 + 2 * 3600};
	expect(c, "dan", inverted, "");
	struct want missing = {.cat = 999999};
	expect(c, "dang", missing, "");
	expect_filter_keeps_rank(c, "dân vận", cul);
	expect_filter_keeps_rank(c, "Đảng tỉnh", news);
	expect_filter_keeps_rank(c, "dân -khongcoai", cul);
}

static void t_pagination(void **state)
{
	struct ctx *c = ctx_of(state);
	struct arena *a = arena_new();
	int64_t total = 0;
	struct want p1 = {.limit = 1}, p2 = {.offset = 1, .limit = 1}, past = {.offset = 50};
	assert_string_equal(ids(c, a, "dân", p1, &total), "3");
	assert_int_equal(total, 3);
	assert_string_equal(ids(c, a, "dân", p2, &total), "5");
	assert_string_equal(ids(c, a, "dân", past, &total), "");
	assert_int_equal(total, 3);
	arena_free(a);
}

/* Drafts, unpublished and scheduled articles are never found; the index follows every write. */
static void t_visibility(void **state)
{
	struct ctx *c = ctx_of(state);
	expect(c, "nhap", ANY, "");
	expect(c, "go xuong", ANY, "");
	expect(c, "lich su", ANY, "");
	assert_int_equal(store_article_set_status(c->st, 7, ARTICLE_PUBLISHED, T0, ""), STORE_OK);
	expect(c, "go xuong", ANY, "7");
	assert_int_equal(store_article_set_status(c->st, 7, ARTICLE_UNPUBLISHED, 0, ""), STORE_OK);
	expect(c, "go xuong", ANY, "");
	put(c, 2, c->cat_news, "Trời nắng gắt", "<p>Nắng nóng kéo dài.</p>", T0 + 2 * 3600,
	    ARTICLE_PUBLISHED);
	expect(c, "mua to", ANY, "");
	expect(c, "nang gat", ANY, "2");
	put(c, 2, c->cat_news, "Trời nắng gắt", "<p>Nắng nóng kéo dài.</p>", 0, ARTICLE_DRAFT);
	expect(c, "nang gat", ANY, "");
	put(c, 3, c->cat_culture, "Dân vận khéo ở Yên Mỹ",
	    "<p>Phong trào dân vận khéo được nhân rộng.</p>", T0 + 3 * 3600, ARTICLE_PUBLISHED);
	struct want cul = {.cat = c->cat_culture};
	expect(c, "dan van kheo", cul, "3,5"); /* moved to another category */
	int64_t n = 0;
	assert_int_equal(store_search_reindex(c->st, NULL, NULL, &n), STORE_OK);
	assert_int_equal(n, 9); /* published: 1, 3, 4, 5, 8 (scheduled: indexed, not shown), 9-12 */
	expect(c, "dan van kheo", cul, "3,5");
	expect(c, "Đảng", ANY, "1");
	expect(c, "lich su", ANY, "");
}

/* Bad input gives an empty answer, never an error. */
static void t_bad_input(void **state)
{
	struct ctx *c = ctx_of(state);
	static const char *const bad[] = {
	    "",          "   ",        "!!!",
	    "\"",        "\"\"\"",     "*",
	    "dang*",     "title:dang", "NEAR(dang mua)",
	    "^dang",     "(dang",      "dang)",
	    "a AND",     "OR",         "NOT dang",
	    "-",         "--dang",     "'",
	    "\\",        "c1",         "{title}: dang",
	    "dang\"mua",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct arena *a = arena_new();
		ids(c, a, bad[i], ANY, NULL);
		arena_free(a);
	}
	expect(c, "c1", ANY, ""); /* category tokens are not searchable text */
	expect(c, "NEAR(dang bo)", ANY, "");
	expect_set(c, "dang*", ANY, "1,2");
	struct buf big = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_puts(&big, i % 5 == 4 ? " " : "đ");
	struct arena *a = arena_new();
	ids(c, a, buf_cstr(&big), ANY, NULL);
	arena_free(a);
	buf_free(&big);
}

/*
 * Ranking over every match (issue 18): an old article about Bát Tràng (in its title, lead and
 * body) comes first although 500 newer articles only mention it once in passing - more than the
 * SEARCH_WINDOW newest matches that were all that was ranked before.
 */
static void t_old_relevant_first(void **state)
{
	struct ctx *c = ctx_of(state);
	int64_t h = 3600;
	struct article_put p = {.id = 100,
				.category_id = c->cat_culture,
				.status = ARTICLE_PUBLISHED,
				.published_at = T0 + 13 * h,
				.title = "Làng gốm Bát Tràng",
				.slug = "bai",
				.lead = "Bát Tràng giữ nghề gốm năm trăm năm.",
				.body_html = "<p>Gốm Bát Tràng nổi tiếng khắp nơi.</p>",
				.no_revision = true};
	assert_int_equal(store_article_put(c->st, &p, NULL), STORE_OK);
	struct store *tx = NULL;
	assert_int_equal(store_begin(c->st, &tx), STORE_OK);
	char title[64];
	for (int64_t id = 101; id <= 600; id++) {
		snprintf(title, sizeof title, "Tin địa phương số %lld", (long long)id);
		struct article_put w = {
		    .id = id,
		    .category_id = c->cat_news,
		    .status = ARTICLE_PUBLISHED,
		    .published_at = T0 + id * h,
		    .title = title,
		    .slug = "bai",
		    .body_html = "<p>Hôm qua đoàn khách du lịch của huyện ghé thăm nhiều "
				 "nơi, trong đó có Bát Tràng, rồi về họp tổng kết năm "
				 "với các xã và phường trong tỉnh.</p>",
		    .no_revision = true};
		assert_int_equal(store_article_put(tx, &w, NULL), STORE_OK);
	}
	assert_int_equal(store_commit(tx), STORE_OK);
	struct arena *a = arena_new();
	int64_t total = 0;
	const char *got = ids(c, a, "Bát Tràng", (struct want){.limit = 3}, &total);
	if (strncmp(got, "100,", 4) != 0)
		fail_msg("\"Bát Tràng\": expected the old article 100 first, got %s", got);
	assert_true(total > SEARCH_WINDOW);
	/* without diacritics, and as a phrase, the same */
	got = ids(c, a, "bat trang", (struct want){.limit = 3}, NULL);
	if (strncmp(got, "100,", 4) != 0)
		fail_msg("bat trang: expected the old article 100 first, got %s", got);
	got = ids(c, a, "\"bát tràng\"", (struct want){.limit = 3}, NULL);
	if (strncmp(got, "100,", 4) != 0)
		fail_msg("\"bát tràng\" (phrase): expected 100 first, got %s", got);
	/* with an exclusion the title pass asks the titles alone and ranks what it adds afterwards:
	 * the same order, and what the exclusion removes stays out */
	got = ids(c, a, "Bát Tràng -khongcoai", (struct want){.limit = 3}, NULL);
	if (strncmp(got, "100,", 4) != 0)
		fail_msg("\"Bát Tràng -khongcoai\": expected 100 first, got %s", got);
	/* ranked afterwards as the words' pass ranks: the same scores */
	expect_same_rank(c, "Bát Tràng", "Bát Tràng -khongcoai", (struct want){.limit = 3});
	got = ids(c, a, "bat trang -gốm", (struct want){.limit = 3}, NULL);
	if (strncmp(got, "100", 3) == 0 || strstr(got, ",100"))
		fail_msg("\"bat trang -gốm\": expected 100 (its title has gốm) left out, got %s",
			 got);
	/* pages of 7 (the best of 400 candidates picked, not all sorted) are the slices of one
	 * page of 200 (all sorted) */
	const char *whole = ids(c, a, "tổng kết", (struct want){.limit = 200}, NULL);
	struct buf pages = BUF_INIT;
	for (int64_t off = 0; off < 70; off += 7)
		buf_printf(&pages, "%s%s", off ? "," : "",
			   ids(c, a, "tổng kết", (struct want){.offset = off, .limit = 7}, NULL));
	if (strncmp(whole, buf_cstr(&pages), pages.len) != 0 || whole[pages.len] != ',')
		fail_msg("\"tổng kết\": pages of 7 [%s], expected the start of [%.400s]",
			 buf_cstr(&pages), whole);
	buf_free(&pages);
	/* and a newer weak match still comes before it when the query is about something else */
	got = ids(c, a, "Bát Tràng tổng kết", (struct want){.limit = 1}, NULL);
	assert_string_equal(got, "600");
	/* The title pass follows edits of the title (on SQLite the title's own tokens are deleted
	 * with the values they were indexed with): a new title without the words leaves the old
	 * article behind the 500 newer ones; the old title brings it back first. */
	p.title = "Làng nghề truyền thống";
	assert_int_equal(store_article_put(c->st, &p, NULL), STORE_OK);
	got = ids(c, a, "bat trang", (struct want){.limit = 3}, NULL);
	if (strncmp(got, "100,", 4) == 0 || strstr(got, ",100"))
		fail_msg(
		    "bat trang after the title lost it: expected 100 not among the first, got %s",
		    got);
	got = ids(c, a, "\"làng nghề\"", (struct want){.limit = 3}, NULL);
	if (strncmp(got, "100", 3) != 0)
		fail_msg("\"làng nghề\" (the new title): expected 100 first, got %s", got);
	p.title = "Làng gốm Bát Tràng";
	assert_int_equal(store_article_put(c->st, &p, NULL), STORE_OK);
	got = ids(c, a, "Bát Tràng", (struct want){.limit = 3}, NULL);
	if (strncmp(got, "100,", 4) != 0)
		fail_msg("\"Bát Tràng\" with the title back: expected 100 first, got %s", got);
	arena_free(a);
}

/*
 * The title pass with a filter (SQLite asks the title's tokens and the filter alone, then ranks
 * the rows it adds one by one): the same answers as without the filter. 20 old articles hold the
 * words in their title (15 in one category, 5 in another), 400 newer ones of the second category in
 * their body only (the newest matches).
 */
static void t_title_pass_filtered(void **state)
{
	struct ctx *c = ctx_of(state);
	struct store *tx = NULL;
	assert_int_equal(store_begin(c->st, &tx), STORE_OK);
	char title[64];
	for (int64_t id = 30; id < 500; id++) {
		if (id >= 50 && id < 100)
			continue;
		bool old = id < 50;
		snprintf(title, sizeof title, old ? "Làng nghề gốm sứ số %lld" : "Tin tỉnh số %lld",
			 (long long)id);
		struct article_put w = {
		    .id = id,
		    .category_id = id < 45 ? c->cat_news : c->cat_culture,
		    .status = ARTICLE_PUBLISHED,
		    .published_at = T0 + id * 3600,
		    .title = title,
		    .slug = "bai",
		    .body_html = old ? "<p>Nghề truyền thống.</p>"
				     : "<p>Hội chợ có nhiều gian hàng, trong đó có gốm sứ của "
				       "các làng nghề và hàng thủ công khác.</p>",
		    .no_revision = true};
		assert_int_equal(store_article_put(tx, &w, NULL), STORE_OK);
	}
	assert_int_equal(store_commit(tx), STORE_OK);
	struct arena *a = arena_new();
	const char *plain = ids(c, a, "gốm sứ", (struct want){.limit = 25}, NULL);
	for (int64_t id = 30; id < 50; id++) {
		char one[16];
		snprintf(one, sizeof one, "%lld", (long long)id);
		const char *at = strstr(plain, one);
		if (!at || (at - plain) > 20 * 3)
			fail_msg("\"gốm sứ\": expected the old title %s among the first 20, got %s",
				 one, plain);
	}
	const char *got = ids(c, a, "gốm sứ -khongcoai", (struct want){.limit = 25}, NULL);
	if (strcmp(got, plain) != 0)
		fail_msg("with an exclusion: expected [%s], got [%s]", plain, got);
	/* in the category, five old titles before the 400 newer */
	got = ids(c, a, "gốm sứ", (struct want){.cat = c->cat_culture, .limit = 6}, NULL);
	for (int64_t id = 45; id < 50; id++) {
		char one[16];
		snprintf(one, sizeof one, "%lld", (long long)id);
		const char *at = strstr(got, one);
		if (!at || (at - got) > 5 * 3)
			fail_msg(
			    "in the category: expected the old title %s among the first 5, got %s",
			    one, got);
	}
	got = ids(c, a, "gốm sứ -tỉnh", (struct want){.cat = c->cat_news, .limit = 25}, NULL);
	assert_string_equal(got, "44,43,42,41,40,39,38,37,36,35,34,33,32,31,30");
	arena_free(a);
}

/*
 * Phrases are looked up by their pairs of adjacent words (issue 18): they must find exactly what
 * they found when every word was looked up: across punctuation, of three words, with and without
 * diacritics, with words with and without them mixed, and with an exclusion.
 */
static void t_phrase_pairs(void **state)
{
	struct ctx *c = ctx_of(state);
	int64_t h = 3600;
	put(c, 20, c->cat_news, "Xây dựng nông thôn mới",
	    "<p>Huyện đẩy mạnh xây dựng nông thôn mới.</p>", T0 + 20 * h, ARTICLE_PUBLISHED);
	put(c, 21, c->cat_news, "Nhà mới", "<p>Họ xây. Dựng nhà xong thì nông thôn đổi mới.</p>",
	    T0 + 21 * h, ARTICLE_PUBLISHED);
	put(c, 22, c->cat_news, "Quận Ba Đình", "<p>Phố cổ.</p>", T0 + 22 * h, ARTICLE_PUBLISHED);
	put(c, 23, c->cat_news, "Hội làng", "<p>Bà đình chỉ việc.</p>", T0 + 23 * h,
	    ARTICLE_PUBLISHED);
	put(c, 24, c->cat_news, "Xay dung khong dau", "<p>Go khong dau.</p>", T0 + 24 * h,
	    ARTICLE_PUBLISHED);
	/* two words, across a full stop (words around punctuation stand side by side, as before) */
	expect_set(c, "\"xây dựng\"", ANY, "1,20,21,24");
	expect_set(c, "\"xay dung\"", ANY, "1,20,21,24");
	expect_set(c, "\"XÂY DỰNG\"", ANY, "1,20,21,24");
	expect(c, "\"dựng xây\"", ANY, "");
	/* with diacritics typed, the exact ones first (the folded-only match last) */
	struct arena *a = arena_new();
	const char *got = ids(c, a, "\"xây dựng\"", ANY, NULL);
	if (strlen(got) < 2 || strcmp(got + strlen(got) - 2, "24") != 0)
		fail_msg("\"xây dựng\": expected 24 (no diacritics) last, got [%s]", got);
	arena_free(a);
	/* three words, and three words in another order or apart */
	expect(c, "\"nông thôn mới\"", ANY, "20");
	expect(c, "\"nong thon moi\"", ANY, "20");
	expect(c, "\"xây dựng nông thôn mới\"", ANY, "20");
	expect(c, "\"thôn nông mới\"", ANY, "");
	expect_set(c, "\"nông thôn\"", ANY, "20,21");
	/* a word with diacritics beside one without: as words, so "ba" still finds "bà" */
	expect_set(c, "\"ba đình\"", ANY, "22,23");
	expect_set(c, "\"ba dinh\"", ANY, "22,23");
	expect(c, "\"bà đình\"", ANY, "23,22"); /* exact first */
	expect(c, "\"quận ba đình\"", ANY, "22");
	expect(c, "\"quan ba dinh\"", ANY, "22");
	expect(c, "\"quận bà đình\"", ANY, "22"); /* by its fold */
	/* a phrase and an exclusion, a phrase excluded, a phrase in a category */
	expect_set(c, "\"xây dựng\" -\"nông thôn\"", ANY, "1,24");
	expect_set(c, "\"xây dựng\" -\"thôn mới\"", ANY, "1,21,24");
	expect_set(c, "\"xay dung\" -đảng", ANY, "20,21,24");
	expect(c, "\"xây dựng\" -xay", ANY, "");
	expect(c, "\"xây dựng\" -xây", ANY, "24"); /* "Xay dung" has no "xây" */
	struct want pol = {.cat = c->cat_politics};
	expect(c, "\"xây dựng\"", pol, "1");
	/* the pair separator is not a way in: it separates words like any punctuation */
	expect_set(c, "xay_dung", ANY, "1,20,21,24");
	expect(c, "\"xay_dung\" nông", ANY, "20,21");
}

/* SQLite: the result of a one-row, one-column query on the articles' database. */
static int64_t db_int(struct ctx *c, const char *sql)
{
	char path[128];
	snprintf(path, sizeof path, "%s/gazette.db", c->dir);
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int64_t v = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	else
		fail_msg("expected '%s' to answer, got: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* SQLite: every set of exact forms, one line an article in id order (free it). */
static char *exact_sets(struct ctx *c)
{
	char path[128];
	snprintf(path, sizeof path, "%s/gazette.db", c->dir);
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	struct buf b = BUF_INIT;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT id, hex(words) FROM search_exact ORDER BY id", -1, &s,
			       NULL) != SQLITE_OK)
		fail_msg("expected the sets to be read, got: %s", sqlite3_errmsg(db));
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_printf(&b, "%lld %s\n", (long long)sqlite3_column_int64(s, 0),
			   (const char *)sqlite3_column_text(s, 1));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return buf_detach(&b);
}

/* SQLite: the segments of the articles' FTS5 index (-1 on PostgreSQL, which has none). */
static int segments(struct ctx *c)
{
	return c->dir[0] ? (int)db_int(c, "SELECT count(DISTINCT segid) FROM search_fts_idx") : -1;
}

static const char *const merge_queries[] = {"nông thôn", "\"xây dựng\"", "phong trào -thi",
					    "kinh tế",   "dân vận khéo", "huyện xã",
					    "Đảng",      "nong thon moi"};
#define NMERGE_Q (sizeof merge_queries / sizeof merge_queries[0])

/* Every merge query's ids (up to 50 each), in order, one line each. */
static char *merge_answers(struct ctx *c)
{
	struct arena *a = arena_new();
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < NMERGE_Q; i++) {
		int64_t cat = i == 3 ? c->cat_news : 0;
		buf_printf(
		    &b, "%s: %s\n", merge_queries[i],
		    ids(c, a, merge_queries[i], (struct want){.cat = cat, .limit = 50}, NULL));
	}
	arena_free(a);
	return buf_detach(&b);
}

/* Merging the index (store_search_merge) changes no answer: after many small writes it pays and
 * leaves one segment; one more article alone does not make it pay; forced, it merges that too. */
static void t_merge(void **state)
{
	struct ctx *c = ctx_of(state);
	static const char *const vocab[] = {"nông",  "thôn",  "mới", "xây", "dựng", "kinh",
					    "tế",    "huyện", "xã",  "dân", "vận",  "khéo",
					    "phong", "trào",  "thi", "đua", "sản",  "xuất"};
	uint32_t seed = 12345;
	struct buf body = BUF_INIT;
	for (int64_t id = 200; id < 290; id++) { /* each its own transaction: its own segment */
		buf_reset(&body);
		buf_puts(&body, "<p>");
		for (int w = 0; w < 150; w++) {
			seed = seed * 1103515245u + 12345u;
			buf_printf(&body, "%s%s", w ? " " : "", vocab[(seed >> 16) % 18]);
		}
		buf_puts(&body, ".</p>");
		put(c, id, id % 2 ? c->cat_news : c->cat_politics, vocab[id % 18], buf_cstr(&body),
		    T0 + id * 3600, ARTICLE_PUBLISHED);
	}
	buf_free(&body);
	bool sqlite = segments(c) >= 0;
	if (sqlite && segments(c) < 2)
		fail_msg("expected several segments after 100 separate writes, got %d",
			 segments(c));
	char *before = merge_answers(c);
	bool done = false;
	assert_int_equal(store_search_merge(c->st, false, 0, &done), STORE_OK);
	assert_true(done);
	if (sqlite && segments(c) != 1)
		fail_msg("expected one segment after the merge, got %d", segments(c));
	char *after = merge_answers(c);
	assert_string_equal(after, before);
	free(after);

	put(c, 290, c->cat_news, "Nông thôn mới ở huyện", "<p>Xây dựng nông thôn mới.</p>",
	    T0 + 290 * 3600, ARTICLE_PUBLISHED);
	if (sqlite && segments(c) != 2)
		fail_msg("expected two segments after one more article, got %d", segments(c));
	char *one_more = merge_answers(c);
	assert_string_not_equal(one_more, before); /* 290 is found */
	assert_int_equal(store_search_merge(c->st, false, 0, &done), STORE_OK);
	assert_true(done);
	if (sqlite && segments(c) != 2)
		fail_msg(
		    "a small segment beside a large one: expected no merge (2 segments), got %d",
		    segments(c));
	assert_int_equal(store_search_merge(c->st, true, 0, &done), STORE_OK);
	assert_true(done);
	if (sqlite && segments(c) != 1)
		fail_msg("forced: expected one segment, got %d", segments(c));
	after = merge_answers(c);
	assert_string_equal(after, one_more);
	free(after);
	free(one_more);
	free(before);
}

/* A transaction that writes many articles (an import) indexes them in batches as it goes
 * (SQLite: sq_article_added, 200 at a time): an article of an early batch that is changed,
 * unpublished or deleted later in the same transaction is found as it ends up; a rollback leaves
 * nothing found. */
static void t_bulk_transaction(void **state)
{
	struct ctx *c = ctx_of(state);
	struct store *st = c->st, *tx = NULL;
	char title[64];
	for (int round = 0; round < 2; round++) {
		assert_int_equal(store_begin(st, &tx), STORE_OK);
		c->st = tx;
		for (int64_t id = 300; id < 750; id++) {
			snprintf(title, sizeof title, "Mùa lúa số %lld", (long long)id);
			put(c, id, c->cat_news, title, "<p>Ruộng lúa chín vàng.</p>",
			    T0 + id * 3600, ARTICLE_PUBLISHED);
		}
		/* 300-399 went into the index with the first batch */
		put(c, 301, c->cat_culture, "Vườn sầu riêng", "<p>Trái chín thơm.</p>",
		    T0 + 301 * 3600, ARTICLE_PUBLISHED);
		assert_int_equal(store_article_set_status(tx, 302, ARTICLE_UNPUBLISHED, 0, ""),
				 STORE_OK);
		assert_int_equal(store_article_delete(tx, 303), STORE_OK);
		c->st = st;
		if (round == 0) {
			store_rollback(tx);
			expect(c, "lúa", ANY, "");
			expect(c, "sầu riêng", ANY, "");
		} else {
			assert_int_equal(store_commit(tx), STORE_OK);
		}
	}
	char q[64], want[16];
	for (int64_t id = 300; id < 750; id += 29) { /* every batch, and the rows left for commit */
		int64_t at = id == 300 + 29 * 15 ? 749 : id;
		snprintf(q, sizeof q, "\"lúa số %lld\"", (long long)at);
		snprintf(want, sizeof want, "%lld", (long long)at);
		expect(c, q, ANY, at >= 301 && at <= 303 ? "" : want);
	}
	expect(c, "sầu riêng", ANY, "301");
	expect(c, "\"lúa số 301\"", ANY, "");
	expect(c, "\"lúa số 302\"", ANY, "");
	expect(c, "\"lúa số 303\"", ANY, "");
	expect(c, "\"lúa số 300\"", ANY, "300");
	expect(c, "\"lúa số 749\"", ANY, "749");
}

/* A word typed with diacritics ranks the rows that hold it so above those that hold another
 * form of it (SQLite: the rows' sets of exact forms, migration 35), whoever wrote the row: a
 * new article, an edit of its text, an unpublish and a publish again, a reindex. */
static void t_exact_tier_writes(void **state)
{
	struct ctx *c = ctx_of(state);
	int64_t h = 3600;
	put(c, 20, c->cat_news, "Tin chiều", "<p>Đi Bắc Ninh.</p>", T0 + 20 * h, ARTICLE_PUBLISHED);
	put(c, 21, c->cat_news, "Tin tối", "<p>Gặp bác sĩ.</p>", T0 + 21 * h, ARTICLE_PUBLISHED);
	expect(c, "bắc", ANY, "20,21");
	expect(c, "bác", ANY, "21,20");
	expect_set(c, "bac", ANY, "20,21");
	put(c, 20, c->cat_news, "Tin chiều", "<p>Gặp bác ở nhà.</p>", T0 + 20 * h,
	    ARTICLE_PUBLISHED);
	put(c, 21, c->cat_news, "Tin tối", "<p>Về Bắc Giang.</p>", T0 + 21 * h, ARTICLE_PUBLISHED);
	expect(c, "bắc", ANY, "21,20");
	expect(c, "bác", ANY, "20,21");
	put(c, 20, c->cat_news, "Bác nông dân", "<p>Ở nhà.</p>", T0 + 20 * h, ARTICLE_PUBLISHED);
	expect(c, "bác", ANY, "20,21"); /* in the title now */
	assert_int_equal(store_article_set_status(c->st, 21, ARTICLE_UNPUBLISHED, 0, ""), STORE_OK);
	expect(c, "bắc", ANY, "20");
	assert_int_equal(store_article_set_status(c->st, 21, ARTICLE_PUBLISHED, 0, ""), STORE_OK);
	expect(c, "bắc", ANY, "21,20");
	int64_t n = 0;
	assert_int_equal(store_search_reindex(c->st, NULL, NULL, &n), STORE_OK);
	expect(c, "bắc", ANY, "21,20");
	expect(c, "bác", ANY, "20,21");
	expect(c, "bắc bác", ANY, "20,21"); /* one form each; "bác" in 20's title weighs more */
	assert_int_equal(store_article_delete(c->st, 21), STORE_OK);
	expect(c, "bắc", ANY, "20");
	/* a text of many forms, each twice (SQLite: its set grows past its first table) */
	struct buf body = BUF_INIT;
	buf_puts(&body, "<p>");
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 700; i++)
			buf_printf(&body, "xá%d ", i);
	buf_puts(&body, "</p>");
	put(c, 22, c->cat_news, "Nhiều chữ", buf_cstr(&body), T0 + 22 * h, ARTICLE_PUBLISHED);
	buf_free(&body);
	put(c, 23, c->cat_news, "Ít chữ", "<p>xa0 xa255 xa256 xa511 xa699</p>", T0 + 23 * h,
	    ARTICLE_PUBLISHED);
	static const char *const forms[] = {"xá0", "xá255", "xá256", "xá511", "xá699"};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
		expect(c, forms[i], ANY, "22,23");
	expect_set(c, "xa699", ANY, "22,23"); /* no tier: each backend's own relevance */
}

/* A word whose tone mark is written in either of its two places ("hòa"/"hoà", "thủy"/"thuỷ",
 * "khỏe"/"khoẻ") is one word: typed either way it finds, ranks as exact and excludes both
 * spellings, alone and in phrases, and not the words that only fold alike ("hoa", "hóa"). */
static void t_tone_placement(void **state)
{
	struct ctx *c = ctx_of(state);
	int64_t h = 3600;
	put(c, 50, c->cat_news, "Giữ gìn hoà bình", "<p>Công trình thuỷ lợi.</p>", T0 + 50 * h,
	    ARTICLE_PUBLISHED);
	put(c, 51, c->cat_news, "Vì hòa bình", "<p>Nhà máy thủy điện.</p>", T0 + 51 * h,
	    ARTICLE_PUBLISHED);
	put(c, 52, c->cat_news, "Hoa bình an", "<p>Vườn hóa thạch, sức khỏe.</p>", T0 + 52 * h,
	    ARTICLE_PUBLISHED);
	put(c, 53, c->cat_news, "Sức khoẻ", "<p>Quý bạn đọc giữ gìn sức khoẻ.</p>", T0 + 53 * h,
	    ARTICLE_PUBLISHED);
	/* both spellings exact, above the texts of other forms ("hoa", "hóa") */
	expect(c, "hòa", ANY, "51,50,52");
	expect(c, "hoà", ANY, "51,50,52");
	expect(c, "\"hoà bình\"", ANY, "51,50,52");
	expect(c, "\"hòa bình\" bình", ANY, "51,50,52");
	expect(c, "thuỷ", ANY, "51,50");
	expect(c, "khỏe", ANY, "53,52");
	expect(c, "khoẻ", ANY, "53,52");
	/* excluded either way, the other forms kept */
	expect(c, "bình -hoà", ANY, "52");
	expect(c, "bình -hòa", ANY, "52");
	expect(c, "bình -\"hoà bình\"", ANY, "52");
	expect(c, "giữ -khoẻ", ANY, "50");
	expect(c, "giữ -khỏe", ANY, "50");
	expect_set(c, "giữ -khoe", ANY, "50");
	/* "qu" is a consonant: "quý" has one spelling, "qúy" is that word misspelt */
	expect(c, "quý", ANY, "53");
	expect(c, "qúy", ANY, "53");
	expect(c, "giữ -qúy", ANY, "50");
}

/* A syllable written with "y" or "i" after its consonant ("kỹ"/"kĩ", "quy"/"qui", "lý"/"lí") is
 * one word: typed either way, with or without diacritics, alone or in a phrase, it finds, ranks as
 * exact and excludes both spellings; "vy" and "khi", which are not such spellings, stay apart. */
static void t_iy_spelling(void **state)
{
	struct ctx *c = ctx_of(state);
	int64_t h = 3600;
	put(c, 60, c->cat_news, "Kỹ thuật canh tác", "<p>Quy định mới về lý lịch.</p>", T0 + 60 * h,
	    ARTICLE_PUBLISHED);
	put(c, 61, c->cat_news, "Kĩ thuật nuôi cá", "<p>Qui định cũ, lí do rõ.</p>", T0 + 61 * h,
	    ARTICLE_PUBLISHED);
	put(c, 62, c->cat_news, "Kì họp thứ năm", "<p>Thủ tục, kế hoạch.</p>", T0 + 62 * h,
	    ARTICLE_PUBLISHED);
	expect(c, "kỹ thuật", ANY, "61,60");
	expect(c, "kĩ thuật", ANY, "61,60");
	expect(c, "ky thuat", ANY, "61,60");
	expect(c, "\"kĩ thuật\"", ANY, "61,60");
	expect(c, "quy định", ANY, "61,60");
	expect(c, "\"qui dinh\"", ANY, "61,60");
	expect(c, "lý", ANY, "61,60");
	/* the exact spellings first: "kỳ" finds "kì", above "kỹ"/"kĩ" */
	expect(c, "kỳ", ANY, "62,61,60");
	expect(c, "thuật -kĩ", ANY, "");
	expect(c, "thuật -ky", ANY, "");
	expect(c, "định -\"qui định\"", ANY, "");
	expect(c, "thuật -kì", ANY, "61,60");
	expect(c, "vi thuat", ANY, "");
	expect(c, "khy", ANY, "");
}

/* The title pass asks a title for either spelling too: an old article titled with the other
 * spelling of the query's words comes first from behind more newer weak matches than the newest
 * window holds. */
static void t_title_pass_spellings(void **state)
{
	struct ctx *c = ctx_of(state);
	int64_t h = 3600;
	put(c, 700, c->cat_news, "Kĩ thuật gốm men lam", "<p>Nghề cổ.</p>", T0 + 700 * h,
	    ARTICLE_PUBLISHED);
	struct store *tx = NULL;
	assert_int_equal(store_begin(c->st, &tx), STORE_OK);
	for (int64_t id = 701; id <= 701 + SEARCH_WINDOW + 50; id++) {
		struct article_put w = {
		    .id = id,
		    .category_id = c->cat_news,
		    .status = ARTICLE_PUBLISHED,
		    .published_at = T0 + id * h,
		    .title = "Tin làng nghề",
		    .slug = "bai",
		    .body_html = "<p>Bàn về kỹ năng, về thuật ngữ của nghề gốm và men.</p>",
		    .no_revision = true};
		assert_int_equal(store_article_put(tx, &w, NULL), STORE_OK);
	}
	assert_int_equal(store_commit(tx), STORE_OK);
	struct arena *a = arena_new();
	for (size_t i = 0; i < 3; i++) {
		static const char *const qs[] = {"kỹ thuật gốm", "ky thuat gom",
						 "\"kỹ thuật\" gốm"};
		const char *got = ids(c, a, qs[i], (struct want){.limit = 3}, NULL);
		if (strncmp(got, "700", 3) != 0 || (got[3] != ',' && got[3] != '\0'))
			fail_msg("'%s': expected the old article 700 first, got %s", qs[i], got);
	}
	arena_free(a);
}

/* A search between dates finds the articles published then whatever their ids (SQLite walks the
 * ids of those days only, migration 36): an old date on a new id, a date moved into the range or
 * out of it, a deletion, a reindex, days without any article. */
static void t_date_spans(void **state)
{
	struct ctx *c = ctx_of(state);
	int64_t d = 86400, old = T0 - 400 * d, late = T0 + 500 * d;
	struct want around_old = {.from = old - d, .to = old + d}, before_old = {.to = old + d},
		    around_late = {.from = late - d, .to = late + d},
		    empty = {.from = T0 + 3000 * d, .to = T0 + 3001 * d};
	put(c, 40, c->cat_news, "Lũ về xóm", "<p>Nước lũ lên nhanh.</p>", old, ARTICLE_PUBLISHED);
	put(c, 41, c->cat_news, "Lũ rút", "<p>Nước lũ đã rút.</p>", T0 + 30 * d, ARTICLE_PUBLISHED);
	put(c, 38, c->cat_news, "Lũ năm xưa", "<p>Lũ lịch sử.</p>", old - 10 * d,
	    ARTICLE_PUBLISHED);
	expect(c, "lũ", around_old, "40");
	expect_set(c, "lũ", before_old, "38,40");
	expect(c, "lũ", around_late, "");
	expect(c, "lũ", empty, "");
	put(c, 41, c->cat_news, "Lũ rút", "<p>Nước lũ đã rút.</p>", old,
	    ARTICLE_PUBLISHED); /* a newer id moved into a day that had one already */
	expect_set(c, "lũ", around_old, "40,41");
	put(c, 40, c->cat_news, "Lũ về xóm", "<p>Nước lũ lên nhanh.</p>", late,
	    ARTICLE_PUBLISHED); /* and an old one out of them */
	expect(c, "lũ", around_old, "41");
	expect(c, "lũ", around_late, "40");
	assert_int_equal(store_article_delete(c->st, 41), STORE_OK);
	expect(c, "lũ", around_old, "");
	expect(c, "lũ", before_old, "38");
	int64_t n = 0;
	assert_int_equal(store_search_reindex(c->st, NULL, NULL, &n), STORE_OK);
	expect(c, "lũ", around_late, "40");
	expect(c, "lũ", before_old, "38");
	expect(c, "lũ", around_old, "");
	expect_set(c, "lũ", ANY, "38,40");
}

/* A search's first and last second, wherever they fall in the index's days (UTC): the articles
 * published at them are found and those a second outside are not, whatever their ids; so are the
 * articles of the days next to the dates (the index walks the keys of the dates' own days). */
static void t_date_edges(void **state)
{
	struct ctx *c = ctx_of(state);
	int64_t d = 86400, day = (T0 / d + 10) * d; /* a midnight UTC */
	int64_t from = day - 7 * 3600,
		to = from + 3 * d - 1; /* three days from a midnight at +07 */
	put(c, 60, c->cat_news, "Bão số ba", "<p>Bão vào bờ.</p>", from, ARTICLE_PUBLISHED);
	put(c, 57, c->cat_news, "Bão tan", "<p>Bão tan dần.</p>", to, ARTICLE_PUBLISHED);
	put(c, 61, c->cat_news, "Bão sớm", "<p>Bão hình thành.</p>", from - 1, ARTICLE_PUBLISHED);
	put(c, 56, c->cat_news, "Bão muộn", "<p>Bão đi xa.</p>", to + 1, ARTICLE_PUBLISHED);
	put(c, 62, c->cat_news, "Bão hôm sau", "<p>Bão mới.</p>", to + d, ARTICLE_PUBLISHED);
	put(c, 55, c->cat_news, "Bão hôm trước", "<p>Bão cũ.</p>", from - d, ARTICLE_PUBLISHED);
	expect_set(c, "bão", (struct want){.from = from, .to = to}, "57,60");
	expect_set(c, "bão", (struct want){.from = from}, "56,57,60,62");
	expect_set(c, "bão", (struct want){.to = to}, "55,57,60,61");
	expect_set(c, "bão", (struct want){.from = to + 1, .to = to + d}, "56,62");
	expect_set(c, "bão", (struct want){.from = from - d, .to = from - 1}, "55,61");
	expect(c, "bão", (struct want){.from = to, .to = to}, "57");
	/* dates before 1970 are dates too, not open ends */
	int64_t y1945 = -767145600, y1969 = -86400 * 30; /* 2 September 1945, December 1969 */
	put(c, 63, c->cat_news, "Bão năm 1945", "<p>Bão cũ lắm.</p>", y1945, ARTICLE_PUBLISHED);
	put(c, 64, c->cat_news, "Bão cuối 1969", "<p>Bão mùa đông.</p>", y1969, ARTICLE_PUBLISHED);
	put(c, 65, c->cat_news, "Bão đầu 1970", "<p>Bão năm mới.</p>", 3600, ARTICLE_PUBLISHED);
	expect_set(c, "bão", (struct want){.to = y1969}, "63,64");
	expect_set(c, "bão", (struct want){.to = y1945 + 1}, "63");
	expect_set(c, "bão", (struct want){.from = y1945 - d, .to = y1945 + d}, "63");
	expect_set(c, "bão", (struct want){.from = y1945 + 1, .to = 3600}, "64,65");
	expect_set(c, "bão", (struct want){.from = y1969, .to = from - d}, "55,64,65");
	expect_set(c, "bão", (struct want){.to = -1}, "63,64");
	expect(c, "bão", (struct want){.to = -2 * 86400 * 365}, "63");
}

/* The first rows of a page are those of the whole ranking, with its scores, when the rows that
 * hold a word as typed are fewer or more than a page, and rank below or above those that hold
 * another form of it (SQLite reads the sets of exact forms of as many candidates as the page
 * needs: exact_tiers). */
static void t_exact_tier_pages(void **state)
{
	struct ctx *c = ctx_of(state);
	char body[256];
	for (int64_t id = 400; id < 460; id++) {
		/* ids 400-409 hold "bắc" once (the old ones); the others "bác", some of them many
		 * times, so that they rank above them without the tier */
		if (id < 410)
			snprintf(body, sizeof body, "<p>Đi Bắc Ninh chuyến %lld.</p>",
				 (long long)id);
		else
			snprintf(body, sizeof body, "<p>Gặp bác%s chuyến %lld.</p>",
				 id % 3 ? " bác bác bác" : "", (long long)id);
		put(c, id, c->cat_news, "Chuyến đi", body, T0 + id * 3600, ARTICLE_PUBLISHED);
	}
	/* "bậc": a form none holds (SQLite: found absent over the candidates left, drop_absent) */
	static const char *const queries[] = {"bắc",        "bác", "bắc chuyến", "bác -ninh",
					      "chuyến bắc", "bậc", "bậc chuyến", "bậc bắc"};
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		struct arena *a = arena_new();
		struct search_hit *all = NULL;
		size_t nall = 0;
		assert_true(
		    run_hits(c, a, queries[i], (struct want){.limit = 100}, &all, &nall, NULL));
		for (int64_t off = 0; off < 20; off += 3) {
			struct search_hit *page = NULL;
			size_t n = 0;
			assert_true(run_hits(c, a, queries[i],
					     (struct want){.offset = off, .limit = 3}, &page, &n,
					     NULL));
			for (size_t j = 0; j < n; j++)
				if ((size_t)off + j >= nall || page[j].id != all[off + j].id ||
				    page[j].score != all[off + j].score)
					fail_msg("'%s' at %lld: row %zu is %lld at %.17g, expected "
						 "the whole ranking's %lld at %.17g",
						 queries[i], (long long)off, j,
						 (long long)page[j].id, page[j].score,
						 (long long)all[off + j].id, all[off + j].score);
		}
		size_t expected = strstr(queries[i], "-ninh") ? 50 : 60;
		if (nall != expected)
			fail_msg("'%s': expected %zu articles, got %zu", queries[i], expected,
				 nall);
		/* the rows that hold the word as typed come first */
		bool bac = strstr(queries[i], "bác") != NULL;
		size_t first = bac ? 50 : strstr(queries[i], "bắc") ? 10 : 0;
		for (size_t j = 0; j < nall && j < first; j++)
			if ((all[j].id < 410) == bac)
				fail_msg("'%s': row %zu is %lld, expected one with \"%s\"",
					 queries[i], j, (long long)all[j].id, bac ? "bác" : "bắc");
		arena_free(a);
	}
}

/* SQLite: the articles' index keys every published article by minus its id (migration 34), so
 * that the newest come first in FTS5's own order; nothing else is in it. Each indexed article
 * has its set of exact forms (migration 35), and only those. */
static void expect_keys(struct ctx *c, const char *when)
{
	int64_t no_set = db_int(c, "SELECT count(*) FROM search_docs d WHERE NOT EXISTS "
				   "(SELECT 1 FROM search_exact e WHERE e.id = d.id)");
	int64_t stray = db_int(c, "SELECT count(*) FROM search_exact e WHERE NOT EXISTS "
				  "(SELECT 1 FROM search_docs d WHERE d.id = e.id)");
	if (no_set || stray)
		fail_msg("%s: expected a set of exact forms for every indexed article, got %lld "
			 "without and %lld sets of none",
			 when, (long long)no_set, (long long)stray);
	int64_t positive = db_int(c, "SELECT count(*) FROM search_fts_docsize WHERE id >= 0");
	int64_t missing = db_int(c, "SELECT count(*) FROM search_docs d WHERE NOT EXISTS "
				    "(SELECT 1 FROM search_fts_docsize z WHERE z.id = -d.id)");
	int64_t extra = db_int(c, "SELECT count(*) FROM search_fts_docsize z WHERE NOT EXISTS "
				  "(SELECT 1 FROM search_docs d WHERE d.id = -z.id)");
	if (positive || missing || extra)
		fail_msg("%s: expected every published article keyed by -id in the index, got %lld "
			 "keys of 0 or more, %lld articles missing, %lld keys of none",
			 when, (long long)positive, (long long)missing, (long long)extra);
}

/* Every way of writing the index keys it so (SQLite): a new article (indexed at commit), an
 * edit, an unpublish, a delete, an import's batches, a reindex; and the searches find the same
 * after the reindex. */
static void t_index_keys(void **state)
{
	struct ctx *c = ctx_of(state);
	if (!c->dir[0])
		return; /* PostgreSQL has no such keys */
	expect_keys(c, "the corpus");
	put(c, 3, c->cat_news, "Dân vận khéo ở Văn Giang", "<p>Phong trào lan rộng.</p>",
	    T0 + 3 * 3600, ARTICLE_PUBLISHED);
	assert_int_equal(store_article_set_status(c->st, 9, ARTICLE_UNPUBLISHED, 0, ""), STORE_OK);
	assert_int_equal(store_article_delete(c->st, 10), STORE_OK);
	expect_keys(c, "an edit, an unpublish, a delete");
	struct store *st = c->st, *tx = NULL;
	assert_int_equal(store_begin(st, &tx), STORE_OK);
	c->st = tx;
	char title[64];
	for (int64_t id = 100; id < 530; id++) { /* two batches of 200 and the rest at commit */
		snprintf(title, sizeof title, "Dân vận số %lld", (long long)id);
		put(c, id, c->cat_news, title, "<p>Khéo léo vận động.</p>", T0 + id * 3600,
		    ARTICLE_PUBLISHED);
	}
	c->st = st;
	assert_int_equal(store_commit(tx), STORE_OK);
	expect_keys(c, "an import");
	char *before = merge_answers(c);
	expect(c, "\"dân vận số 101\"", ANY, "101");
	expect(c, "văn giang", ANY, "3");
	/* the import's sets, captured as FTS5 tokenized its rows, are those gz_exact makes from
	 * the texts (the reindex's) */
	char *captured = exact_sets(c);
	int64_t n = 0;
	assert_int_equal(store_search_reindex(st, NULL, NULL, &n), STORE_OK);
	assert_int_equal(n, db_int(c, "SELECT count(*) FROM search_docs"));
	expect_keys(c, "a reindex");
	char *made = exact_sets(c);
	if (strcmp(captured, made) != 0)
		fail_msg(
		    "expected the import's sets of exact forms to be the reindex's, got:\n%.600s"
		    "\nagainst\n%.600s",
		    captured, made);
	free(captured);
	free(made);
	char *after = merge_answers(c);
	assert_string_equal(after, before);
	free(after);
	free(before);
	expect(c, "\"dân vận số 529\"", ANY, "529");
}

#define CASES(setup)                                                                               \
	cmocka_unit_test_setup_teardown(t_folding, setup, teardown),                               \
	    cmocka_unit_test_setup_teardown(t_exact_first, setup, teardown),                       \
	    cmocka_unit_test_setup_teardown(t_adjacency, setup, teardown),                         \
	    cmocka_unit_test_setup_teardown(t_phrases, setup, teardown),                           \
	    cmocka_unit_test_setup_teardown(t_exclusion, setup, teardown),                         \
	    cmocka_unit_test_setup_teardown(t_filters, setup, teardown),                           \
	    cmocka_unit_test_setup_teardown(t_pagination, setup, teardown),                        \
	    cmocka_unit_test_setup_teardown(t_visibility, setup, teardown),                        \
	    cmocka_unit_test_setup_teardown(t_bad_input, setup, teardown),                         \
	    cmocka_unit_test_setup_teardown(t_old_relevant_first, setup, teardown),                \
	    cmocka_unit_test_setup_teardown(t_phrase_pairs, setup, teardown),                      \
	    cmocka_unit_test_setup_teardown(t_title_pass_filtered, setup, teardown),               \
	    cmocka_unit_test_setup_teardown(t_merge, setup, teardown),                             \
	    cmocka_unit_test_setup_teardown(t_bulk_transaction, setup, teardown),                  \
	    cmocka_unit_test_setup_teardown(t_index_keys, setup, teardown),                        \
	    cmocka_unit_test_setup_teardown(t_exact_tier_writes, setup, teardown),                 \
	    cmocka_unit_test_setup_teardown(t_exact_tier_pages, setup, teardown),                  \
	    cmocka_unit_test_setup_teardown(t_date_spans, setup, teardown),                        \
	    cmocka_unit_test_setup_teardown(t_date_edges, setup, teardown),                        \
	    cmocka_unit_test_setup_teardown(t_tone_placement, setup, teardown),                    \
	    cmocka_unit_test_setup_teardown(t_iy_spelling, setup, teardown),                       \
	    cmocka_unit_test_setup_teardown(t_title_pass_spellings, setup, teardown)

int main(void)
{
	const struct CMUnitTest sqlite_cases[] = {CASES(setup_sqlite)};
	const struct CMUnitTest pg_cases[] = {CASES(setup_pg)};
	const struct CMUnitTest mirror_cases[] = {CASES(setup_pg_mirror)};
	int failed = 0;
	if (!env("GAZETTE_TEST_PG_URL")) {
		failed += cmocka_run_group_tests_name("search-sqlite", sqlite_cases, NULL, NULL);
	} else {
		failed += cmocka_run_group_tests_name("search-postgresql", pg_cases, NULL, NULL);
		failed += cmocka_run_group_tests_name("search-postgresql-mirror", mirror_cases,
						      NULL, NULL);
	}
	return failed;
}
