/* Search latency benchmark: runs a fixed query mix through the store and prints percentiles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "search/query.h"
#include "store/store.h"

struct kind {
	const char *name;
	const char *queries[4];
	int category; /* 1: filter by the first top-level category found */
};

static const struct kind kinds[] = {
    {"one word", {"Đảng", "huyện", "giáo dục", "mưa"}, 0},
    {"two words", {"kinh tế", "nông thôn", "học sinh", "cán bộ"}, 0},
    {"phrase",
     {"\"dân vận khéo\"", "\"nông thôn mới\"", "\"chuyển đổi số\"", "\"an ninh trật tự\""},
     0},
    {"rare word", {"Xuân Quan", "Bát Tràng", "Chử Đồng Tử", "Tống Trân"}, 0},
    {"no diacritics", {"dang", "nong thon", "giao duc", "dan van kheo"}, 0},
    {"category filter", {"Đảng", "kinh tế", "dân vận", "hoc sinh"}, 1},
    {"common phrase", {"\"xây dựng\"", "\"kinh tế\"", "\"cán bộ\"", "\"xây dựng Đảng\""}, 0},
    {"phrase folded", {"\"xay dung\"", "\"dan van kheo\"", "\"nong thon moi\"", "\"hoc sinh\""}, 0},
    {"phrase excluded",
     {"\"xây dựng\" -\"nông thôn\"", "\"kinh tế\" -\"dân vận\"", "huyện -\"xây dựng\"",
      "\"học sinh\" -mưa"},
     0},
    {"phrase, category", {"\"xây dựng\"", "\"nông thôn mới\"", "\"cán bộ\"", "\"kinh tế\""}, 1},
};

/* BENCH_CLOCK=cpu: the thread's CPU time instead of wall time (on a shared, loaded machine the
 * wall time is mostly waiting for a core). */
static clockid_t clock_id = CLOCK_MONOTONIC;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(clock_id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double pct(const double *v, size_t n, double p)
{
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_query DB [ROUNDS [QUERY...]]\n");
		return 2;
	}
	long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 50;
	const char *clk = getenv("BENCH_CLOCK"), *only = getenv("BENCH_KIND");
	if (clk && strcmp(clk, "cpu") == 0)
		clock_id = CLOCK_THREAD_CPUTIME_ID;
	struct store *st;
	struct buf err = BUF_INIT;
	if (store_open(argv[1], false, &st, &err) != STORE_OK) {
		fprintf(stderr, "%s\n", buf_cstr(&err));
		return 1;
	}
	struct arena *ca = arena_new();
	struct category *cats;
	size_t ncats;
	int64_t cat = 0;
	if (store_categories(st, ca, &cats, &ncats) == STORE_OK)
		for (size_t i = 0; i < ncats && !cat; i++)
			if (cats[i].parent_id == 0)
				cat = cats[i].id;
	/* Queries given: those instead of the mix, as one kind (BENCH_CATEGORY=1: with the
	 * category filter of the first top-level category; BENCH_CATEGORY=ID: of that one). */
	struct kind given = {"given", {NULL}, 0};
	const struct kind *ks = kinds;
	size_t nk = sizeof kinds / sizeof kinds[0], total_n = 0;
	if (argc > 3) {
		for (int i = 3; i < argc && i < 7; i++)
			given.queries[i - 3] = argv[i];
		const char *bc = getenv("BENCH_CATEGORY");
		given.category = bc && *bc;
		if (bc && strcmp(bc, "1") != 0) /* BENCH_CATEGORY=ID: that category */
			cat = strtoll(bc, NULL, 10);
		ks = &given;
		nk = 1;
	}
	double *all = malloc(sizeof(double) * (size_t)rounds * nk * 4);
	printf("%-16s %8s %8s %8s %8s %10s\n", "kind", "p50 ms", "p95 ms", "p99 ms", "max ms",
	       "matches");
	for (size_t k = 0; k < nk; k++) {
		if (only && *only && strcmp(only, ks[k].name) != 0)
			continue; /* BENCH_KIND=name: that kind only (for callgrind) */
		double *v = malloc(sizeof(double) * (size_t)rounds * 4);
		size_t n = 0;
		int64_t matches = 0;
		int nq = 0;
		while (nq < 4 && ks[k].queries[nq])
			nq++;
		for (long r = 0; r < rounds + 2; r++)
			for (int qi = 0; qi < nq; qi++) {
				struct arena *a = arena_new();
				const char *text = ks[k].queries[qi];
				double t0 = now_ms();
				struct search_query q;
				search_query_parse(a, text, strlen(text), &q);
				struct search_request req = {.q = &q,
							     .category_id =
								 ks[k].category ? cat : 0,
							     .now = (int64_t)time(NULL),
							     .limit = 10};
				struct search_hit *hits;
				size_t nh;
				int64_t tot;
				bool more;
				if (store_search(st, a, &req, &hits, &nh, &tot, &more) != STORE_OK)
					fprintf(stderr, "search failed: %s\n", text);
				double dt = now_ms() - t0;
				if (r >= 2) { /* two warm-up rounds */
					v[n++] = dt;
					all[total_n++] = dt;
				}
				matches += tot;
				arena_free(a);
			}
		qsort(v, n, sizeof(double), dbl_cmp);
		printf("%-16s %8.2f %8.2f %8.2f %8.2f %10.0f\n", ks[k].name, pct(v, n, 0.5),
		       pct(v, n, 0.95), pct(v, n, 0.99), v[n - 1],
		       (double)matches / (double)((rounds + 2) * nq));
		free(v);
	}
	qsort(all, total_n, sizeof(double), dbl_cmp);
	if (total_n > 0)
		printf("%-16s %8.2f %8.2f %8.2f %8.2f\n", "ALL", pct(all, total_n, 0.5),
		       pct(all, total_n, 0.95), pct(all, total_n, 0.99), all[total_n - 1]);
	free(all);
	arena_free(ca);
	store_close(st);
	buf_free(&err);
	return 0;
}
