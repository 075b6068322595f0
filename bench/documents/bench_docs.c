/* Legal documents' search latency: fills a store with N generated documents (unless it has them)
 * and runs a fixed mix of queries through store_doc_list, printing percentiles per kind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "search/query.h"
#include "store/documents.h"

static const char *const kinds[] = {"Quyết định", "Kế hoạch",   "Công văn",  "Thông báo",
				    "Chỉ thị",    "Nghị quyết", "Hướng dẫn", "Báo cáo"};
static const char *const symbols[] = {"QĐ-UBND", "KH-UBND", "UBND-VP", "TB-UBND",
				      "CT-UBND", "NQ-HĐND", "HD-STP",  "BC-SYT"};
static const char *const issuers[] = {
    "UBND tỉnh",    "HĐND tỉnh",         "Sở Tư pháp",    "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Tài chính", "UBND huyện Yên Mỹ", "Sở Nông nghiệp"};
static const char *const words[] = {"ban hành",
				    "quy định",
				    "quản lý",
				    "đất đai",
				    "bồi thường",
				    "hỗ trợ",
				    "tái định cư",
				    "giáo dục",
				    "y tế",
				    "phòng chống",
				    "dịch bệnh",
				    "nông thôn mới",
				    "chuyển đổi số",
				    "cải cách hành chính",
				    "thủ tục",
				    "ngân sách",
				    "đầu tư công",
				    "xây dựng",
				    "giao thông",
				    "môi trường",
				    "tài nguyên",
				    "khoáng sản",
				    "an ninh trật tự",
				    "phòng cháy",
				    "chữa cháy",
				    "lao động",
				    "việc làm",
				    "bảo hiểm",
				    "người có công",
				    "trẻ em",
				    "học sinh",
				    "giáo viên",
				    "doanh nghiệp",
				    "thuế",
				    "phí",
				    "lệ phí",
				    "giá đất",
				    "quy hoạch",
				    "kế hoạch sử dụng đất",
				    "năm 2024",
				    "giai đoạn 2021-2025",
				    "Đảng bộ",
				    "chính quyền",
				    "dân vận",
				    "thi đua",
				    "khen thưởng",
				    "kỷ luật",
				    "cán bộ",
				    "công chức",
				    "viên chức"};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static unsigned long long rng = 88172645463325252ull;
static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this thread: what a query costs whatever else the machine runs. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int fill(struct store *st, long n)
{
	int64_t kind_ids[N(kinds)], issuer_ids[N(issuers)];
	for (size_t i = 0; i < N(kinds); i++)
		store_doc_name_ensure(st, DOC_LIST_KIND, kinds[i], &kind_ids[i]);
	for (size_t i = 0; i < N(issuers); i++)
		store_doc_name_ensure(st, DOC_LIST_ISSUER, issuers[i], &issuer_ids[i]);
	struct store *tx;
	if (store_begin(st, &tx) != STORE_OK)
		return -1;
	struct buf num = BUF_INIT, sum = BUF_INIT, body = BUF_INIT;
	double t0 = now_ms();
	for (long i = 0; i < n; i++) {
		size_t k = next_rand() % N(kinds);
		int year = 2010 + (int)(next_rand() % 16);
		int32_t issued = (int32_t)((year - 1970) * 365.25) + (int32_t)(next_rand() % 360);
		buf_reset(&num);
		buf_printf(&num, "%u/%d/%s", 1 + next_rand() % 400, year, symbols[k]);
		buf_reset(&sum);
		buf_printf(&sum, "%s về", kinds[k]);
		for (int w = 0; w < 8; w++)
			buf_printf(&sum, " %s", words[next_rand() % N(words)]);
		buf_reset(&body);
		buf_puts(&body, "<p>Điều 1.");
		for (int w = 0; w < 60; w++)
			buf_printf(&body, " %s", words[next_rand() % N(words)]);
		buf_puts(&body, "</p>");
		struct document_put p = {.kind_id = kind_ids[k],
					 .issuer_id = issuer_ids[next_rand() % N(issuers)],
					 .number = num.data,
					 .slug = "van-ban",
					 .summary = sum.data,
					 .body_html = body.data,
					 .issued_on = issued,
					 .effective_on = issued + 15,
					 .expires_on =
					     next_rand() % 5 == 0 ? issued + 1500 : STORE_NO_DATE,
					 .comment_from = STORE_NO_DATE,
					 .comment_until = STORE_NO_DATE,
					 .published = true,
					 .published_at = 1700000000};
		int64_t id;
		if (store_doc_put(tx, &p, &id) != STORE_OK) {
			fprintf(stderr, "bench_docs: put %ld failed\n", i);
			store_rollback(tx);
			return -1;
		}
		if ((i + 1) % 10000 == 0)
			fprintf(stderr, "  %ld documents, %.0f/s\n", i + 1,
				(double)(i + 1) * 1000 / (now_ms() - t0));
	}
	buf_free(&num);
	buf_free(&sum);
	buf_free(&body);
	return store_commit(tx) == STORE_OK ? 0 : -1;
}

struct shape {
	const char *name;
	const char *queries[4];
	int filter; /* 1: a kind, 2: validity in force */
};

static const struct shape shapes[] = {
    {"full number",
     {"15/2024/QĐ-UBND", "123/2019/KH-UBND", "7/2012/NQ-HĐND", "300/2020/CT-UBND"},
     0},
    {"number part", {"15/2024", "123/2019", "7/2012", "300/2020"}, 0},
    {"symbol", {"QĐ-UBND", "qd-ubnd", "NQ-HĐND", "hd-stp"}, 0},
    {"bare number", {"15", "123", "7", "300"}, 0},
    {"one word", {"đất đai", "giáo dục", "thuế", "Đảng bộ"}, 0},
    {"no diacritics", {"dat dai", "giao duc", "thue", "dang bo"}, 0},
    {"phrase", {"\"tái định cư\"", "\"chuyển đổi số\"", "\"giá đất\"", "\"người có công\""}, 0},
    {"word + kind", {"đất đai", "giáo dục", "thuế", "cán bộ"}, 1},
    {"word + in force", {"đất đai", "giáo dục", "thuế", "cán bộ"}, 2},
};

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

static void run_shape(struct store *st, const struct shape *s, long rounds, int64_t kind)
{
	size_t n = (size_t)rounds * 4, k = 0;
	double *t = calloc(n, sizeof *t), *c = calloc(n, sizeof *c);
	int64_t total = 0;
	for (long r = 0; r < rounds; r++)
		for (int q = 0; q < 4; q++) {
			struct arena *a = arena_new();
			struct search_query sq;
			double t0 = now_ms(), c0 = cpu_ms();
			search_query_parse(a, s->queries[q], strlen(s->queries[q]), &sq);
			struct doc_query dq = {.q = &sq,
					       .validity = s->filter == 2 ? 0 : -1,
					       .kind_id = s->filter == 1 ? kind : 0,
					       .today = 20000,
					       .issued_from = STORE_NO_DATE,
					       .issued_to = STORE_NO_DATE,
					       .limit = 20};
			struct doc_row *rows;
			size_t got;
			if (store_doc_list(st, a, &dq, &rows, &got, &total) != STORE_OK)
				fprintf(stderr, "bench_docs: query failed\n");
			c[k] = cpu_ms() - c0;
			t[k++] = now_ms() - t0;
			arena_free(a);
		}
	qsort(t, n, sizeof *t, dbl_cmp);
	qsort(c, n, sizeof *c, dbl_cmp);
	printf("%-18s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %10lld\n", s->name, pct(t, n, 0.5),
	       pct(t, n, 0.95), pct(t, n, 0.99), t[n - 1], pct(c, n, 0.5), pct(c, n, 0.95),
	       (long long)total);
	free(t);
	free(c);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_docs DB N [ROUNDS]\n");
		return 2;
	}
	long n = strtol(argv[2], NULL, 10), rounds = argc > 3 ? strtol(argv[3], NULL, 10) : 50;
	struct store *st;
	struct buf err = BUF_INIT;
	if (store_open(argv[1], true, &st, &err) != STORE_OK) {
		fprintf(stderr, "%s\n", buf_cstr(&err));
		return 1;
	}
	struct arena *a = arena_new();
	struct doc_query all = {
	    .validity = -1, .issued_from = STORE_NO_DATE, .issued_to = STORE_NO_DATE, .limit = 1};
	struct doc_row *rows;
	size_t got;
	int64_t have = 0;
	store_doc_list(st, a, &all, &rows, &got, &have);
	if (have < n) {
		double t0 = now_ms();
		if (fill(st, n - have) != 0)
			return 1;
		printf("## filled %ld documents in %.1f s\n", n - have, (now_ms() - t0) / 1000);
	}
	struct doc_named *k;
	size_t nk;
	store_doc_names(st, a, DOC_LIST_KIND, &k, &nk);
	printf("# %s, %ld documents, %ld rounds x 4 queries per kind (ms)\n", store_backend(st), n,
	       rounds);
	printf("%-18s %8s %8s %8s %8s %8s %8s %10s\n", "kind", "p50", "p95", "p99", "max",
	       "cpu p50", "cpu p95", "matches");
	for (size_t i = 0; i < N(shapes); i++)
		run_shape(st, &shapes[i], rounds, nk ? k[0].id : 0);
	arena_free(a);
	store_close(st);
	return 0;
}
