/* The role matrix through the newsroom layer (src/admin/newsroom.c), which the browser screens and
 * the write API both call: every role x action x own/other article x inside/outside the account's
 * category limit, on a real SQLite store. Allowed operations must change the article; refused
 * ones must answer NR_FORBIDDEN and change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "admin/newsroom.h"

static const char *const role_names[ROLE_MAX] = {"contributor", "editor", "publisher", "admin"};

#define C (1u << ROLE_CONTRIBUTOR)
#define E (1u << ROLE_EDITOR)
#define P (1u << ROLE_PUBLISHER)
#define A (1u << ROLE_ADMIN)

/* Written from DESIGN.md section 4 / docs/API.md: who may, on their own article and on someone
 * else's, inside their category limit (outside it nobody may). */
static const struct {
	enum article_action act;
	enum article_status from, to; /* the status it starts from and ends in when allowed */
	unsigned own, other;
} matrix[] = {
    {ACT_CREATE, ARTICLE_DRAFT, ARTICLE_DRAFT, C | E | P | A, C | E | P | A},
    {ACT_EDIT, ARTICLE_DRAFT, ARTICLE_DRAFT, C | E | P | A, E | P | A},
    {ACT_SUBMIT, ARTICLE_DRAFT, ARTICLE_SUBMITTED, C | E | P | A, E | P | A},
    {ACT_RETURN, ARTICLE_SUBMITTED, ARTICLE_DRAFT, E | P | A, E | P | A},
    {ACT_PUBLISH, ARTICLE_SUBMITTED, ARTICLE_PUBLISHED, P | A, P | A},
    {ACT_UNPUBLISH, ARTICLE_PUBLISHED, ARTICLE_UNPUBLISHED, P | A, P | A},
    {ACT_FEATURE, ARTICLE_PUBLISHED, ARTICLE_PUBLISHED, P | A, P | A},
    {ACT_VIEW, ARTICLE_SUBMITTED, ARTICLE_SUBMITTED, C | E | P | A, E | P | A},
};

struct fixture {
	char dir[64];
	struct store *st;
	int64_t cat_in, cat_out, sub_in; /* limit = cat_in; sub_in is its child */
	int64_t user_id[ROLE_MAX], other_id;
	int seq;
};

/* Opens url and adds the categories and accounts. Returns 0, or -1. */
static int populate(struct fixture *f, const char *url)
{
	struct buf err = BUF_INIT;
	if (store_open(url, true, &f->st, &err) != STORE_OK) {
		fprintf(stderr, "store_open(%s): %s\n", url, buf_cstr(&err));
		buf_free(&err);
		return -1;
	}
	buf_free(&err);
	if (store_category_ensure(f->st, 0, "Thời sự", "thoi-su", &f->cat_in) != STORE_OK ||
	    store_category_ensure(f->st, f->cat_in, "Trong nước", "trong-nuoc", &f->sub_in) !=
		STORE_OK ||
	    store_category_ensure(f->st, 0, "Thể thao", "the-thao", &f->cat_out) != STORE_OK)
		return -1;
	for (int r = 0; r < ROLE_MAX; r++) {
		if (store_user_add(f->st, role_names[r], role_names[r], role_names[r], "x",
				   &f->user_id[r]) != STORE_OK ||
		    store_user_categories(f->st, f->user_id[r], &f->cat_in, 1) != STORE_OK)
			return -1;
	}
	if (store_user_add(f->st, "other", "Người khác", "contributor", "x", &f->other_id) !=
	    STORE_OK)
		return -1;
	return 0;
}

static int setup_sqlite(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	snprintf(f->dir, sizeof f->dir, "/tmp/gz-newsroom-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char url[128];
	snprintf(url, sizeof url, "sqlite:%s/gazette.db", f->dir);
	return populate(f, url);
}

/* A fresh database in the cluster of tests/support/pgcluster.py; without one the cases skip. */
static int setup_pg(void **state)
{
	static int n;
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	const char *base = getenv("GAZETTE_TEST_PG_URL"),
		   *createdb = getenv("GAZETTE_TEST_PG_CREATEDB");
	if (!base || !*base || !createdb || !*createdb || !strrchr(base, '/'))
		return 0;
	char name[64], cmd[1024], url[512];
	snprintf(name, sizeof name, "gz_newsroom_%ld_%d", (long)getpid(), ++n);
	snprintf(cmd, sizeof cmd, "%s %s >/dev/null", createdb, name);
	if (system(cmd) != 0)
		return -1;
	const char *slash = strrchr(base, '/');
	snprintf(url, sizeof url, "%.*s/%s", (int)(slash - base), base, name);
	return populate(f, url);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f->st)
		store_close(f->st);
	if (f->dir[0]) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
		if (system(cmd) != 0)
			return -1;
	}
	free(f);
	return 0;
}

/* A new article in category cat owned by owner, in status s. */
static int64_t article(struct fixture *f, int64_t cat, int64_t owner, enum article_status s)
{
	char slug[32];
	snprintf(slug, sizeof slug, "bai-%d", ++f->seq);
	struct article_put p = {.category_id = cat,
				.status = s,
				.published_at = s == ARTICLE_PUBLISHED ? 1600000000 : 0,
				.owner_id = owner,
				.editor_id = owner,
				.title = "Bài thử",
				.slug = slug,
				.lead = "",
				.body_html = "<p>một</p>",
				.author = "",
				.signature = "",
				.source = ""};
	int64_t id = 0;
	assert_int_equal(store_article_put(f->st, &p, &id), STORE_OK);
	return id;
}

static const char *result_name(enum nr_result r)
{
	static const char *const names[NR_RESULT_MAX] = {
	    "NR_OK",      "NR_NOTFOUND",    "NR_FORBIDDEN", "NR_CONFLICT",
	    "NR_INVALID", "NR_UNAVAILABLE", "NR_ERROR"};
	return (unsigned)r < NR_RESULT_MAX ? names[r] : "?";
}

static void test_matrix(void **state)
{
	struct fixture *f = *state;
	if (!f->st)
		skip(); /* PostgreSQL: no test cluster */
	int failures = 0, cases = 0;
	for (size_t m = 0; m < sizeof matrix / sizeof matrix[0]; m++)
		for (int r = 0; r < ROLE_MAX; r++)
			for (int own = 0; own < 2; own++)
				for (int in = 0; in < 2; in++) {
					struct arena *a = arena_new();
					struct user u;
					assert_int_equal(
					    store_user_by_id(f->st, a, f->user_id[r], &u),
					    STORE_OK);
					assert_int_equal(u.ncategories, 1);
					int64_t cat = in ? f->sub_in : f->cat_out;
					struct nr_ctx ctx = {.st = f->st,
							     .a = a,
							     .user = &u,
							     .address = "127.0.0.1"};
					assert_int_equal(nr_begin(&ctx), NR_OK);
					struct buf why = BUF_INIT;
					enum nr_result got;
					int64_t id = 0;
					enum article_action act = matrix[m].act;
					if (act == ACT_CREATE) {
						/* "own/other" does not apply: both rows say the
						 * same */
						struct nr_fields fl;
						nr_fields_init(&fl);
						fl.title = "Bài mới";
						fl.category_id = cat;
						got = nr_create(&ctx, &fl, &id, &why);
					} else {
						id = article(f, cat, own ? u.id : f->other_id,
							     matrix[m].from);
						if (act == ACT_EDIT) {
							struct nr_fields fl;
							nr_fields_init(&fl);
							fl.title = "Bài đã sửa";
							got = nr_update(&ctx, id, 0, &fl, &why);
						} else if (act == ACT_VIEW) {
							struct article out;
							got = nr_get(&ctx, id, &out, &why);
						} else {
							got = nr_transition(&ctx, id, act, 0,
									    "Cần bổ sung.", true,
									    &why);
						}
					}
					unsigned mask = own ? matrix[m].own : matrix[m].other;
					enum nr_result want =
					    in && (mask & (1u << r)) ? NR_OK : NR_FORBIDDEN;
					cases++;
					if (got != want) {
						printf("%s %s on %s article %s the category limit: "
						       "expected %s, got %s (%s)\n",
						       role_names[r], role_action_name(act),
						       own ? "own" : "other's",
						       in ? "inside" : "outside", result_name(want),
						       result_name(got), buf_cstr(&why));
						failures++;
					}
					/* the effect, read back from the store */
					struct article after;
					if (id &&
					    store_article_get(f->st, a, id, &after) == STORE_OK) {
						enum article_status st =
						    got == NR_OK ? matrix[m].to : matrix[m].from;
						bool edited =
						    strcmp(after.title, "Bài đã sửa") == 0;
						bool featured = after.featured;
						if (after.status != st ||
						    edited != (act == ACT_EDIT && got == NR_OK) ||
						    featured !=
							(act == ACT_FEATURE && got == NR_OK)) {
							printf("%s %s (%s, %s): expected status "
							       "%s%s, got "
							       "%s%s%s\n",
							       role_names[r], role_action_name(act),
							       own ? "own" : "other's",
							       in ? "inside" : "outside",
							       article_status_name(st),
							       got == NR_OK ? " after the change"
									    : " unchanged",
							       article_status_name(after.status),
							       edited ? ", title edited" : "",
							       featured ? ", featured" : "");
							failures++;
						}
					} else if (act == ACT_CREATE && got == NR_OK) {
						printf("%s create: NR_OK but no article %lld\n",
						       role_names[r], (long long)id);
						failures++;
					}
					buf_free(&why);
					arena_free(a);
				}
	printf("%d newsroom role-matrix cases\n", cases);
	assert_int_equal(cases, 8 * 4 * 2 * 2);
	assert_int_equal(failures, 0);
}

/* The status rules through the layer: an action from a status it does not start from is a
 * conflict (409), and changes nothing. */
static void test_conflicts(void **state)
{
	struct fixture *f = *state;
	if (!f->st)
		skip();
	struct arena *a = arena_new();
	struct user u;
	assert_int_equal(store_user_by_id(f->st, a, f->user_id[ROLE_ADMIN], &u), STORE_OK);
	struct nr_ctx ctx = {.st = f->st, .a = a, .user = &u, .address = "127.0.0.1"};
	assert_int_equal(nr_begin(&ctx), NR_OK);
	static const struct {
		enum article_action act;
		enum article_status from;
	} bad[] = {
	    {ACT_SUBMIT, ARTICLE_SUBMITTED}, {ACT_SUBMIT, ARTICLE_PUBLISHED},
	    {ACT_RETURN, ARTICLE_DRAFT},     {ACT_RETURN, ARTICLE_PUBLISHED},
	    {ACT_UNPUBLISH, ARTICLE_DRAFT},  {ACT_UNPUBLISH, ARTICLE_SUBMITTED},
	    {ACT_FEATURE, ARTICLE_DRAFT},    {ACT_FEATURE, ARTICLE_UNPUBLISHED},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t id = article(f, f->cat_in, u.id, bad[i].from);
		struct buf why = BUF_INIT;
		enum nr_result got = nr_transition(&ctx, id, bad[i].act, 0, "x", true, &why);
		if (got != NR_CONFLICT)
			printf("admin %s from %s: expected NR_CONFLICT, got %s\n",
			       role_action_name(bad[i].act), article_status_name(bad[i].from),
			       result_name(got));
		assert_int_equal(got, NR_CONFLICT);
		assert_int_equal(nr_status(got), 409);
		struct article after;
		assert_int_equal(store_article_get(f->st, a, id, &after), STORE_OK);
		assert_int_equal(after.status, bad[i].from);
		buf_free(&why);
	}
	/* return needs its comment */
	int64_t id = article(f, f->cat_in, u.id, ARTICLE_SUBMITTED);
	struct buf why = BUF_INIT;
	assert_int_equal(nr_transition(&ctx, id, ACT_RETURN, 0, "", false, &why), NR_INVALID);
	assert_true(why.len > 0);
	buf_free(&why);
	assert_int_equal(nr_status(NR_FORBIDDEN), 403);
	assert_int_equal(nr_status(NR_NOTFOUND), 404);
	arena_free(a);
}

/* With GAZETTE_TEST_PG_URL (under tests/support/pgcluster.py) the cases run on PostgreSQL,
 * otherwise on SQLite. */
int main(void)
{
	const struct CMUnitTest sqlite[] = {
	    cmocka_unit_test_setup_teardown(test_matrix, setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(test_conflicts, setup_sqlite, teardown),
	};
	const struct CMUnitTest pg[] = {
	    cmocka_unit_test_setup_teardown(test_matrix, setup_pg, teardown),
	    cmocka_unit_test_setup_teardown(test_conflicts, setup_pg, teardown),
	};
	const char *url = getenv("GAZETTE_TEST_PG_URL");
	printf("backend: %s\n", url && *url ? "PostgreSQL" : "SQLite");
	if (url && *url)
		return cmocka_run_group_tests_name("newsroom-postgresql", pg, NULL, NULL);
	return cmocka_run_group_tests_name("newsroom-sqlite", sqlite, NULL, NULL);
}
