/* Benchmark of the statistics: a month of views by category (and by day, author, article) over N
 * articles published across three years, each with daily counts, on SQLite. Loads the data with
 * bulk SQL, then times store_stats_views through the store interface. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "store/store.h"
#include "store/sqlite/sqlite-int.h" /* sq_search_register: the triggers name its tokenizer */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	double t = now_ms();
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "bench_stats: %s\n  in: %.120s\n", msg, sql);
		exit(1);
	}
	fprintf(stderr, "  %.0f ms: %.70s\n", now_ms() - t, sql);
}

/* Fills the database: categories, articles over three years from 2023-01-01, daily counts for the
 * first `days` days of each, and the per-category daily totals the view counter keeps. */
static void load(const char *path, long n, int days, int ncat)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK || sq_search_register(db) != SQLITE_OK)
		exit(1);
	char sql[2048];
	exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; BEGIN");
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %d) "
		 "INSERT INTO categories(id, parent_id, name, slug, position) SELECT i, NULL, "
		 "'Chuyên mục ' || i, 'chuyen-muc-' || i, i FROM s",
		 ncat);
	exec(db, sql);
	/* Drafts, so that the search index (not measured here) is not built. */
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %ld) "
		 "INSERT INTO articles(id, category_id, status, title, slug, body_html, author, "
		 "source, published_at, created_at, updated_at) SELECT i, 1 + i %% %d, 'draft', "
		 "'Bài ' || i, 'bai-' || i, '', 'Tác giả ' || (i %% 300), 'Nguồn ' || (i %% 20), "
		 "1672506000 + i * (3 * 365 * 86400 / %ld), 0, 0 FROM s",
		 n, ncat, n);
	exec(db, sql);
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE k(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM k WHERE d < %d) "
		 "INSERT INTO views_daily(article_id, day, views) SELECT a.id, CAST(strftime("
		 "'%%Y%%m%%d', a.published_at + k.d * 86400 + 25200, 'unixepoch') AS INTEGER), "
		 "1 + (a.id * 7 + k.d * 13) %% (200 / (k.d + 1) + 1) FROM articles a, k",
		 days - 1);
	exec(db, sql);
	exec(db, "INSERT INTO views_daily_cat(category_id, day, views) SELECT a.category_id, "
		 "v.day, sum(v.views) FROM views_daily v JOIN articles a ON a.id = v.article_id "
		 "GROUP BY 1, 2");
	exec(db, "COMMIT; ANALYZE");
	sqlite3_close(db);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Runs q `runs` times; prints the median and the slowest, and returns the total of the report. */
static int64_t time_query(struct store *st, const char *what, const struct stats_query *q, int runs)
{
	double t[64];
	int64_t total = 0;
	size_t rows = 0;
	for (int i = 0; i < runs; i++) {
		struct arena *a = arena_new();
		struct stats_row *r;
		double t0 = now_ms();
		if (store_stats_views(st, a, q, &r, &rows, &total) != STORE_OK) {
			fprintf(stderr, "bench_stats: %s failed\n", what);
			exit(1);
		}
		t[i] = now_ms() - t0;
		arena_free(a);
	}
	qsort(t, (size_t)runs, sizeof t[0], cmp_double);
	printf("| %s | %zu | %lld | %.1f | %.1f |\n", what, rows, (long long)total, t[runs / 2],
	       t[runs - 1]);
	return total;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: bench_stats DB.sqlite [ARTICLES] [DAYS-PER-ARTICLE]\n", stderr);
		return 2;
	}
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 1000000;
	int days = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 14;
	struct store *st;
	struct buf err = BUF_INIT;
	if (store_open(argv[1], true, &st, &err) != STORE_OK) {
		fprintf(stderr, "bench_stats: %s\n", buf_cstr(&err));
		return 1;
	}
	int64_t max_id = 0;
	store_article_max_id(st, &max_id);
	if (max_id == 0) {
		fprintf(stderr, "loading %ld articles, %d days of counts each:\n", n, days);
		load(argv[1], n, days, 60);
	}
	printf("| report (June 2024) | rows | views | median ms | slowest ms "
	       "|\n|---|---|---|---|---|\n");
	struct stats_query q = {.from = 20240601, .to = 20240630, .by = STATS_CATEGORY};
	int64_t by_cat = time_query(st, "by category", &q, 21);
	q.by = STATS_DAY;
	time_query(st, "by day", &q, 21);
	q.by = STATS_CATEGORY;
	q.category_id = 7;
	time_query(st, "by category, one category", &q, 21);
	q.category_id = 0;
	q.by = STATS_AUTHOR;
	int64_t by_author = time_query(st, "by author (per-article counts)", &q, 5);
	q.by = STATS_ARTICLE;
	q.limit = 50;
	time_query(st, "top 50 articles (per-article counts)", &q, 5);
	if (by_cat != by_author) {
		fprintf(stderr, "bench_stats: totals differ: by category %lld, by author %lld\n",
			(long long)by_cat, (long long)by_author);
		return 1;
	}
	store_close(st);
	return 0;
}
