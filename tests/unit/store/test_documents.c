/* Conformance tests of the store's legal documents (store/documents.h): the same cases against
 * SQLite and PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unistd.h>

#include "docs/record.h"
#include "search/query.h"
#include "store/documents.h"

/* PostgreSQL cases need GAZETTE_TEST_PG_URL and GAZETTE_TEST_PG_CREATEDB (tests/support/
 * pgcluster.py run sets them); without them they skip. */
struct ctx {
	char url[512];
	char dir[64];
	struct store *st;
	int64_t kind, kind2, issuer, issuer2, field;
};

static int case_no;

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static void make_lists(struct ctx *c)
{
	assert_int_equal(store_doc_name_ensure(c->st, DOC_LIST_KIND, "Quyết định", &c->kind), 0);
	assert_int_equal(store_doc_name_ensure(c->st, DOC_LIST_KIND, "Kế hoạch", &c->kind2), 0);
	assert_int_equal(store_doc_name_ensure(c->st, DOC_LIST_ISSUER, "UBND tỉnh", &c->issuer), 0);
	assert_int_equal(store_doc_name_ensure(c->st, DOC_LIST_ISSUER, "Sở Tư pháp", &c->issuer2),
			 0);
	assert_int_equal(store_doc_name_ensure(c->st, DOC_LIST_FIELD, "Đất đai", &c->field), 0);
}

static int open_store(struct ctx *c)
{
	struct buf err = BUF_INIT;
	enum store_rc rc = store_open(c->url, true, &c->st, &err);
	if (rc != STORE_OK)
		fprintf(stderr, "store_open(%s): %s\n", c->url, buf_cstr(&err));
	buf_free(&err);
	return rc == STORE_OK ? 0 : -1;
}

static int setup_sqlite(void **state)
{
	struct ctx *c = calloc(1, sizeof *c);
	snprintf(c->dir, sizeof c->dir, "/tmp/gz-docs-XXXXXX");
	if (!mkdtemp(c->dir))
		return -1;
	snprintf(c->url, sizeof c->url, "sqlite:%s/gazette.db", c->dir);
	*state = c;
	return open_store(c);
}

static int setup_pg(void **state)
{
	struct ctx *c = calloc(1, sizeof *c);
	*state = c;
	const char *base = env("GAZETTE_TEST_PG_URL"), *createdb = env("GAZETTE_TEST_PG_CREATEDB");
	if (!base || !createdb)
		return 0; /* the cases skip themselves */
	char name[64], cmd[1024];
	snprintf(name, sizeof name, "gz_docs_%ld_%d", (long)getpid(), ++case_no);
	snprintf(cmd, sizeof cmd, "%s %s >/dev/null", createdb, name);
	if (system(cmd) != 0)
		return -1;
	const char *slash = strrchr(base, '/');
	snprintf(c->url, sizeof c->url, "%.*s/%s", (int)(slash - base), base, name);
	return open_store(c);
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	if (c->st)
		store_close(c->st);
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
	return 0;
}

static struct ctx *ctx_of(void **state)
{
	struct ctx *c = *state;
	if (!c->st)
		skip();
	make_lists(c);
	return c;
}

static int32_t day(const char *s)
{
	int32_t d;
	if (doc_date_parse(s, &d) != 0)
		fail_msg("fixture date %s", s);
	return d;
}

/* A document put; returns its id. */
static int64_t put(struct ctx *c, const char *number, const char *summary, const char *issued,
		   bool published)
{
	struct document_put p = {.kind_id = c->kind,
				 .issuer_id = c->issuer,
				 .number = number,
				 .slug = "van-ban",
				 .summary = summary,
				 .issued_on = day(issued),
				 .effective_on = STORE_NO_DATE,
				 .expires_on = STORE_NO_DATE,
				 .comment_from = STORE_NO_DATE,
				 .comment_until = STORE_NO_DATE,
				 .published = published};
	int64_t id = 0;
	assert_int_equal(store_doc_put(c->st, &p, &id), STORE_OK);
	assert_true(id > 0);
	return id;
}

static struct doc_query query(struct ctx *c, const char *today)
{
	(void)c;
	return (struct doc_query){.validity = -1,
				  .today = day(today),
				  .issued_from = STORE_NO_DATE,
				  .issued_to = STORE_NO_DATE,
				  .limit = 50};
}

/* The ids a list or search gives, as "3 1 2". */
static const char *ids_of(struct arena *a, struct ctx *c, struct doc_query *q, const char *words)
{
	struct search_query sq;
	if (words) {
		assert_int_equal(search_query_parse(a, words, strlen(words), &sq), 0);
		q->q = &sq;
	}
	struct doc_row *rows;
	size_t n;
	int64_t total = -1;
	assert_int_equal(store_doc_list(c->st, a, q, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, (int64_t)n);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%lld", i ? " " : "", (long long)rows[i].id);
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	q->q = NULL;
	return s;
}

static void expect_ids(struct arena *a, struct ctx *c, struct doc_query q, const char *words,
		       const char *want)
{
	const char *got = ids_of(a, c, &q, words);
	if (strcmp(got, want) != 0)
		fail_msg("%s: expected documents [%s], got [%s]", words ? words : "(list)", want,
			 got);
}

static void t_lists(void **state)
{
	struct ctx *c = ctx_of(state);
	struct arena *a = arena_new();
	int64_t again = 0;
	assert_int_equal(store_doc_name_ensure(c->st, DOC_LIST_KIND, "Quyết định", &again), 0);
	assert_int_equal(again, c->kind);
	struct doc_named *v;
	size_t n;
	assert_int_equal(store_doc_names(c->st, a, DOC_LIST_KIND, &v, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].name, "Quyết định");
	assert_int_equal(store_doc_name_update(c->st, DOC_LIST_KIND, c->kind2, "Kế hoạch", -1), 0);
	assert_int_equal(store_doc_names(c->st, a, DOC_LIST_KIND, &v, &n), STORE_OK);
	assert_string_equal(v[0].name, "Kế hoạch");
	assert_int_equal(store_doc_name_update(c->st, DOC_LIST_KIND, c->kind2, "Quyết định", 0),
			 STORE_CONFLICT);
	put(c, "1/QĐ-UBND", "Một", "2024-01-02", true);
	assert_int_equal(store_doc_name_delete(c->st, DOC_LIST_KIND, c->kind), STORE_CONFLICT);
	assert_int_equal(store_doc_name_delete(c->st, DOC_LIST_KIND, c->kind2), STORE_OK);
	assert_int_equal(store_doc_name_delete(c->st, DOC_LIST_ISSUER, c->kind), STORE_NOTFOUND);
	arena_free(a);
}

static void t_put_get(void **state)
{
	struct ctx *c = ctx_of(state);
	struct arena *a = arena_new();
	struct document_put p = {.kind_id = c->kind,
				 .issuer_id = c->issuer,
				 .field_id = c->field,
				 .number = "15/2024/QĐ-UBND",
				 .slug = "ve-dat-dai",
				 .summary = "Về đất đai",
				 .body_html = "<p>Điều 1</p>",
				 .signer = "Nguyễn Văn A",
				 .signer_position = "Chủ tịch",
				 .issued_on = day("2024-04-01"),
				 .effective_on = day("2024-04-15"),
				 .expires_on = STORE_NO_DATE,
				 .comment_from = day("2024-03-01"),
				 .comment_until = day("2024-03-31"),
				 .owner_id = 0};
	int64_t id = 0;
	assert_int_equal(store_doc_put(c->st, &p, &id), STORE_OK);
	struct document d;
	assert_int_equal(store_doc_get(c->st, a, id, &d), STORE_OK);
	assert_string_equal(d.number, "15/2024/QĐ-UBND");
	assert_string_equal(d.kind, "Quyết định");
	assert_string_equal(d.issuer, "UBND tỉnh");
	assert_string_equal(d.field, "Đất đai");
	assert_string_equal(d.signer_position, "Chủ tịch");
	assert_int_equal(d.issued_on, day("2024-04-01"));
	assert_int_equal(d.effective_on, day("2024-04-15"));
	assert_int_equal(d.expires_on, STORE_NO_DATE);
	assert_int_equal(d.replaced_on, STORE_NO_DATE);
	assert_int_equal(d.comment_until, day("2024-03-31"));
	assert_false(d.published);
	assert_int_equal(d.revision, 1);

	/* a stale revision, a kind from the wrong list, a missing relation: nothing written */
	p.id = id;
	p.expect_revision = 1;
	p.summary = "Về đất đai (sửa)";
	assert_int_equal(store_doc_put(c->st, &p, &id), STORE_OK);
	assert_int_equal(store_doc_put(c->st, &p, &id), STORE_CONFLICT);
	p.expect_revision = 0;
	p.kind_id = c->issuer;
	assert_int_equal(store_doc_put(c->st, &p, &id), STORE_INVALID);
	p.kind_id = c->kind;
	struct store_doc_rel bad = {STORE_REL_AMENDS, id + 1000};
	p.set_relations = true;
	p.relations = &bad;
	p.nrelations = 1;
	p.summary = "must not be written";
	assert_int_equal(store_doc_put(c->st, &p, &id), STORE_INVALID);
	bad.id = id;
	assert_int_equal(store_doc_put(c->st, &p, &id), STORE_INVALID); /* itself */
	assert_int_equal(store_doc_get(c->st, a, id, &d), STORE_OK);
	assert_string_equal(d.summary, "Về đất đai (sửa)");
	assert_int_equal(d.revision, 2);
	assert_int_equal(store_doc_get(c->st, a, id + 1000, &d), STORE_NOTFOUND);
	arena_free(a);
}

static void t_relations_validity(void **state)
{
	struct ctx *c = ctx_of(state);
	struct arena *a = arena_new();
	int64_t old = put(c, "10/2020/QĐ-UBND", "Quy định cũ", "2020-01-01", true);
	int64_t base = put(c, "Luật Đất đai", "Luật", "2013-11-29", true);
	struct store_doc_rel rels[] = {{STORE_REL_REPLACES, old}, {STORE_REL_BASED_ON, base}};
	struct document_put p = {.kind_id = c->kind,
				 .issuer_id = c->issuer,
				 .number = "15/2024/QĐ-UBND",
				 .slug = "moi",
				 .summary = "Quy định mới",
				 .issued_on = day("2024-05-20"),
				 .effective_on = day("2024-06-01"),
				 .expires_on = STORE_NO_DATE,
				 .comment_from = STORE_NO_DATE,
				 .comment_until = STORE_NO_DATE,
				 .set_relations = true,
				 .relations = rels,
				 .nrelations = 2};
	int64_t nw = 0;
	assert_int_equal(store_doc_put(c->st, &p, &nw), STORE_OK);
	struct document d;
	assert_int_equal(store_doc_get(c->st, a, old, &d), STORE_OK);
	assert_int_equal(d.replaced_on, STORE_NO_DATE); /* the new one is a draft */
	assert_int_equal(store_doc_set_status(c->st, nw, true, 0), STORE_OK);
	assert_int_equal(store_doc_get(c->st, a, old, &d), STORE_OK);
	assert_int_equal(d.replaced_on, day("2024-06-01"));

	struct doc_link *l;
	size_t n;
	assert_int_equal(store_doc_links(c->st, a, nw, &l, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_false(l[0].reverse);
	assert_int_equal(l[0].kind == STORE_REL_REPLACES ? l[0].id : l[1].id, old);
	assert_int_equal(store_doc_links(c->st, a, old, &l, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_true(l[0].reverse);
	assert_int_equal(l[0].kind, STORE_REL_REPLACES);
	assert_int_equal(l[0].id, nw);
	assert_string_equal(l[0].number, "15/2024/QĐ-UBND");

	/* validity on both sides of the new one's effective date */
	struct doc_query q = query(c, "2024-05-31");
	q.validity = DOC_VALIDITY_IN_FORCE;
	char want[64];
	snprintf(want, sizeof want, "%lld %lld", (long long)old, (long long)base);
	expect_ids(a, c, q, NULL, want);
	q.validity = DOC_VALIDITY_NOT_YET;
	snprintf(want, sizeof want, "%lld", (long long)nw);
	expect_ids(a, c, q, NULL, want);
	q = query(c, "2024-06-01");
	q.validity = DOC_VALIDITY_EXPIRED;
	snprintf(want, sizeof want, "%lld", (long long)old);
	expect_ids(a, c, q, NULL, want);
	q.validity = DOC_VALIDITY_IN_FORCE;
	snprintf(want, sizeof want, "%lld %lld", (long long)nw, (long long)base);
	expect_ids(a, c, q, NULL, want);

	/* taking the new one back, or dropping the relation, gives the old one its force back */
	assert_int_equal(store_doc_set_status(c->st, nw, false, 0), STORE_OK);
	assert_int_equal(store_doc_get(c->st, a, old, &d), STORE_OK);
	assert_int_equal(d.replaced_on, STORE_NO_DATE);
	assert_int_equal(store_doc_set_status(c->st, nw, true, 0), STORE_OK);
	p.id = nw;
	p.published = true;
	p.nrelations = 1;
	p.relations = &rels[1];
	assert_int_equal(store_doc_put(c->st, &p, &nw), STORE_OK);
	assert_int_equal(store_doc_get(c->st, a, old, &d), STORE_OK);
	assert_int_equal(d.replaced_on, STORE_NO_DATE);
	assert_int_equal(store_doc_links(c->st, a, old, &l, &n), STORE_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

static void t_filters(void **state)
{
	struct ctx *c = ctx_of(state);
	struct arena *a = arena_new();
	int64_t d1 = put(c, "1/QĐ-UBND", "Một", "2023-03-01", true);
	int64_t d2 = put(c, "2/QĐ-UBND", "Hai", "2024-03-01", true);
	int64_t draft = put(c, "3/QĐ-UBND", "Ba", "2024-05-01", false);
	struct document_put p = {.kind_id = c->kind2,
				 .issuer_id = c->issuer2,
				 .field_id = c->field,
				 .number = "4/KH-STP",
				 .slug = "bon",
				 .summary = "Bốn",
				 .issued_on = day("2024-02-01"),
				 .effective_on = STORE_NO_DATE,
				 .expires_on = day("2024-12-31"),
				 .comment_from = STORE_NO_DATE,
				 .comment_until = STORE_NO_DATE,
				 .published = true};
	int64_t d4 = 0;
	assert_int_equal(store_doc_put(c->st, &p, &d4), STORE_OK);
	char want[64];
	struct doc_query q = query(c, "2024-06-01");
	snprintf(want, sizeof want, "%lld %lld %lld", (long long)d2, (long long)d4, (long long)d1);
	expect_ids(a, c, q, NULL, want); /* newest issued first, no draft */
	q.drafts = true;
	snprintf(want, sizeof want, "%lld %lld %lld %lld", (long long)draft, (long long)d2,
		 (long long)d4, (long long)d1);
	expect_ids(a, c, q, NULL, want);
	q = query(c, "2024-06-01");
	q.kind_id = c->kind2;
	snprintf(want, sizeof want, "%lld", (long long)d4);
	expect_ids(a, c, q, NULL, want);
	q = query(c, "2024-06-01");
	q.issuer_id = c->issuer;
	q.issued_from = day("2024-01-01");
	q.issued_to = day("2024-12-31");
	snprintf(want, sizeof want, "%lld", (long long)d2);
	expect_ids(a, c, q, NULL, want);
	q = query(c, "2024-06-01");
	q.field_id = c->field;
	snprintf(want, sizeof want, "%lld", (long long)d4);
	expect_ids(a, c, q, NULL, want);
	q = query(c, "2025-01-01");
	q.validity = DOC_VALIDITY_EXPIRED;
	expect_ids(a, c, q, NULL, want);
	q.limit = 1;
	q.offset = 1;
	q.validity = -1;
	struct doc_row *rows;
	size_t n;
	int64_t total = 0;
	assert_int_equal(store_doc_list(c->st, a, &q, &rows, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 3);
	assert_int_equal(rows[0].id, d4);
	assert_string_equal(rows[0].kind, "Kế hoạch");
	arena_free(a);
}

static void t_search(void **state)
{
	struct ctx *c = ctx_of(state);
	struct arena *a = arena_new();
	int64_t qd = put(c, "15/2024/QĐ-UBND", "Ban hành quy định về đất đai", "2024-04-01", true);
	int64_t other = put(c, "115/2023/TB-UBND", "Thông báo 15 hộ dân", "2023-04-01", true);
	int64_t dang = put(c, "7/KH-UBND", "Kế hoạch đang triển khai", "2022-01-01", true);
	int64_t marked = put(c, "8/KH-UBND", "Công tác xây dựng Đảng", "2021-01-01", true);
	put(c, "16/2024/QĐ-UBND", "Dự thảo về đất đai", "2024-05-01", false);
	char want[64], both[64];
	snprintf(want, sizeof want, "%lld", (long long)qd);
	struct doc_query q = query(c, "2024-06-01");
	expect_ids(a, c, q, "15/2024", want);
	expect_ids(a, c, q, "QĐ-UBND", want);
	expect_ids(a, c, q, "qd-ubnd", want);
	expect_ids(a, c, q, "15/2024/qd-ubnd", want);
	expect_ids(a, c, q, "dat dai", want); /* the draft is not found */
	snprintf(both, sizeof both, "%lld %lld", (long long)qd, (long long)other);
	expect_ids(a, c, q, "15", both); /* in the number first, then in a summary */
	snprintf(both, sizeof both, "%lld %lld", (long long)marked, (long long)dang);
	expect_ids(a, c, q, "Đảng", both); /* exact diacritics first */
	snprintf(both, sizeof both, "%lld %lld", (long long)dang, (long long)marked);
	expect_ids(a, c, q, "đang", both);
	/* an excluded word typed with diacritics leaves out that word, not every form of it;
	 * typed without them, every form */
	snprintf(want, sizeof want, "%lld", (long long)dang);
	expect_ids(a, c, q, "dang -Đảng", want);
	expect_ids(a, c, q, "\"triển khai\" -\"xây dựng\"", want);
	snprintf(want, sizeof want, "%lld", (long long)marked);
	expect_ids(a, c, q, "dang -đang", want);
	expect_ids(a, c, q, "dang -dang", "");
	expect_ids(a, c, q, "dang -\"đang triển\"", want);
	expect_ids(a, c, q, "dang -\"dang trien\"", want);
	q.kind_id = c->kind2;
	expect_ids(a, c, q, "15/2024", "");
	arena_free(a);
}

static void t_files(void **state)
{
	struct ctx *c = ctx_of(state);
	struct arena *a = arena_new();
	int64_t id = put(c, "20/QĐ-UBND", "Quyết định", "2024-01-01", true);
	struct doc_file f = {.document_id = id,
			     .file = "documents/2024/01/ab.pdf",
			     .name = "Quyết định 20.pdf",
			     .type = "pdf",
			     .bytes = 1234};
	int64_t fid = 0, fid2 = 0;
	assert_int_equal(store_doc_file_add(c->st, &f, "nội dung thổ nhưỡng học", &fid), STORE_OK);
	f.file = "documents/2024/01/cd.docx";
	f.name = "Phụ lục.docx";
	f.type = "docx";
	assert_int_equal(store_doc_file_add(c->st, &f, "", &fid2), STORE_OK);
	assert_int_equal(store_doc_file_add(c->st, &f, "", &fid2), STORE_CONFLICT); /* same file */
	f.document_id = id + 1000;
	f.file = "documents/x.pdf";
	assert_int_equal(store_doc_file_add(c->st, &f, "", &fid2), STORE_NOTFOUND);
	char want[32];
	snprintf(want, sizeof want, "%lld", (long long)id);
	struct doc_query q = query(c, "2024-06-01");
	expect_ids(a, c, q, "thổ nhưỡng", want);
	expect_ids(a, c, q, "tho nhuong", want);

	struct doc_file *v;
	size_t n;
	assert_int_equal(store_doc_files(c->st, a, id, &v, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].name, "Quyết định 20.pdf");
	assert_string_equal(v[1].type, "docx");
	struct doc_count counts[] = {{fid, 3}, {fid, 2}, {v[1].id, 1}};
	assert_int_equal(store_doc_downloads_add(c->st, counts, 3), STORE_OK);
	struct doc_file g;
	assert_int_equal(store_doc_file_get(c->st, a, fid, &g), STORE_OK);
	assert_int_equal(g.downloads, 5);
	assert_int_equal(store_doc_file_delete(c->st, fid), STORE_OK);
	assert_int_equal(store_doc_file_get(c->st, a, fid, &g), STORE_NOTFOUND);
	expect_ids(a, c, q, "thổ nhưỡng", ""); /* its text left the index with it */
	arena_free(a);
}

static void t_comments(void **state)
{
	struct ctx *c = ctx_of(state);
	struct arena *a = arena_new();
	int64_t id = put(c, "21/DT-UBND", "Dự thảo", "2024-01-01", false);
	struct doc_comment k = {.document_id = id,
				.name = "Trần Thị B",
				.email = "b@example.vn",
				.body = "Đề nghị sửa Điều 3.",
				.address = "192.0.2.7"};
	int64_t k1 = 0, k2 = 0;
	assert_int_equal(store_doc_comment_add(c->st, &k, &k1), STORE_OK);
	k.name = "Lê C";
	k.email = "";
	assert_int_equal(store_doc_comment_add(c->st, &k, &k2), STORE_OK);
	k.document_id = id + 99;
	int64_t k3 = 0;
	assert_int_equal(store_doc_comment_add(c->st, &k, &k3), STORE_NOTFOUND);
	assert_int_equal(store_doc_comment_set(c->st, k2, DOC_COMMENT_APPROVED), STORE_OK);
	assert_int_equal(store_doc_comment_set(c->st, k2 + 99, DOC_COMMENT_APPROVED),
			 STORE_NOTFOUND);
	struct doc_comment *v;
	size_t n;
	assert_int_equal(store_doc_comments(c->st, a, id, DOC_COMMENT_APPROVED, &v, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name, "Lê C");
	assert_int_equal(store_doc_comments(c->st, a, id, -1, &v, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, k1);
	assert_string_equal(v[0].address, "192.0.2.7");
	assert_int_equal(v[0].status, DOC_COMMENT_PENDING);
	assert_int_equal(store_doc_delete(c->st, id), STORE_OK);
	assert_int_equal(store_doc_comments(c->st, a, id, -1, &v, &n), STORE_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

static int count_each(const struct document *d, void *ctx)
{
	int64_t *v = ctx;
	if (d->id <= v[1])
		fail_msg("each: id %lld after %lld", (long long)d->id, (long long)v[1]);
	v[1] = d->id;
	v[0]++;
	return 0;
}

static void t_each_explicit_id(void **state)
{
	struct ctx *c = ctx_of(state);
	struct document_put p = {.id = 500,
				 .kind_id = c->kind,
				 .issuer_id = c->issuer,
				 .number = "5/QĐ",
				 .slug = "nam",
				 .summary = "Năm",
				 .issued_on = day("2024-01-01"),
				 .effective_on = STORE_NO_DATE,
				 .expires_on = STORE_NO_DATE,
				 .comment_from = STORE_NO_DATE,
				 .comment_until = STORE_NO_DATE,
				 .published = true,
				 .published_at = 1700000000};
	int64_t id = 0;
	assert_int_equal(store_doc_put(c->st, &p, &id), STORE_OK);
	assert_int_equal(id, 500);
	int64_t next = put(c, "6/QĐ", "Sáu", "2024-01-02", true);
	assert_true(next > 500);
	for (int i = 0; i < 250; i++)
		put(c, "7/QĐ", "Bảy", "2024-01-03", false);
	int64_t v[2] = {0, 0};
	assert_int_equal(store_doc_each(c->st, count_each, v), STORE_OK);
	assert_int_equal(v[0], 252);
	int64_t indexed = 0;
	assert_int_equal(store_doc_reindex(c->st, &indexed), STORE_OK);
	assert_int_equal(indexed > 0, 1);
	struct arena *a = arena_new();
	char want[32];
	snprintf(want, sizeof want, "%lld", (long long)next);
	expect_ids(a, c, query(c, "2024-06-01"), "sáu", want);
	arena_free(a);
}

#define CASES(setup)                                                                               \
	cmocka_unit_test_setup_teardown(t_lists, setup, teardown),                                 \
	    cmocka_unit_test_setup_teardown(t_put_get, setup, teardown),                           \
	    cmocka_unit_test_setup_teardown(t_relations_validity, setup, teardown),                \
	    cmocka_unit_test_setup_teardown(t_filters, setup, teardown),                           \
	    cmocka_unit_test_setup_teardown(t_search, setup, teardown),                            \
	    cmocka_unit_test_setup_teardown(t_files, setup, teardown),                             \
	    cmocka_unit_test_setup_teardown(t_comments, setup, teardown),                          \
	    cmocka_unit_test_setup_teardown(t_each_explicit_id, setup, teardown)

int main(void)
{
	const struct CMUnitTest sqlite_cases[] = {CASES(setup_sqlite)};
	const struct CMUnitTest pg_cases[] = {CASES(setup_pg)};
	int failed = cmocka_run_group_tests_name("documents-sqlite", sqlite_cases, NULL, NULL);
	failed += cmocka_run_group_tests_name("documents-postgresql", pg_cases, NULL, NULL);
	return failed;
}
