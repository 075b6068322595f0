/* Unit tests of the role matrix (src/admin/roles.c), the decision every newsroom operation (nr_*,
 * browser and API alike) takes: every role x action x own/other x in/out of its category limit,
 * then the status rules. The expected verdicts are written out from DESIGN.md section 4 and the
 * roles table of docs/API.md, not computed from the code under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "admin/roles.h"

/* Category tree: 1 (root) > 2 > 3, and 4 (another root). */
static struct category tree[] = {{.id = 1, .parent_id = 0},
				 {.id = 2, .parent_id = 1},
				 {.id = 3, .parent_id = 2},
				 {.id = 4, .parent_id = 0}};
#define NTREE (sizeof tree / sizeof tree[0])

static const char *const role_names[ROLE_MAX] = {"contributor", "editor", "publisher", "admin"};

#define C (1u << ROLE_CONTRIBUTOR)
#define E (1u << ROLE_EDITOR)
#define P (1u << ROLE_PUBLISHER)
#define A (1u << ROLE_ADMIN)

/* Per action: a status the action starts from, and the roles allowed on their own article and on
 * someone else's, both inside their category limit. Outside it, no role may do anything. */
static const struct {
	enum article_action act;
	enum article_status status;
	unsigned own, other;
} matrix[] = {
    {ACT_CREATE, ARTICLE_DRAFT, C | E | P | A, C | E | P | A},
    {ACT_EDIT, ARTICLE_DRAFT, C | E | P | A, E | P | A},
    {ACT_SUBMIT, ARTICLE_DRAFT, C | E | P | A, E | P | A},
    {ACT_RETURN, ARTICLE_SUBMITTED, E | P | A, E | P | A},
    {ACT_PUBLISH, ARTICLE_SUBMITTED, P | A, P | A},
    {ACT_UNPUBLISH, ARTICLE_PUBLISHED, P | A, P | A},
    {ACT_FEATURE, ARTICLE_PUBLISHED, P | A, P | A},
    {ACT_VIEW, ARTICLE_SUBMITTED, C | E | P | A, E | P | A},
};

static const char *verdict_name(enum role_verdict v)
{
	return v == ROLE_ALLOWED ? "allowed" : v == ROLE_DENIED ? "denied" : "bad status";
}

static void test_matrix(void **state)
{
	(void)state;
	const int64_t me = 7, someone = 8;
	const int64_t limit[] = {2}; /* limited to category 2 and its sub-categories */
	int failures = 0, cases = 0;
	for (size_t m = 0; m < sizeof matrix / sizeof matrix[0]; m++)
		for (int r = 0; r < ROLE_MAX; r++)
			for (int own = 0; own < 2; own++)
				for (int cat = 1; cat <= 4; cat++) {
					struct user u = {.id = me,
							 .name = "u",
							 .role = role_names[r],
							 .categories = limit,
							 .ncategories = 1};
					bool in = role_in_scope(&u, cat, tree, NTREE);
					bool want_in = cat == 2 || cat == 3;
					if (in != want_in) {
						printf("category %d: expected %s the limit {2}, "
						       "got %s\n",
						       cat, want_in ? "inside" : "outside",
						       in ? "inside" : "outside");
						failures++;
					}
					const char *why = NULL;
					enum role_verdict got =
					    role_check(&u, matrix[m].act, own ? me : someone,
						       matrix[m].status, in, &why);
					unsigned mask = own ? matrix[m].own : matrix[m].other;
					enum role_verdict want = want_in && (mask & (1u << r))
								     ? ROLE_ALLOWED
								     : ROLE_DENIED;
					cases++;
					if (got != want ||
					    (got != ROLE_ALLOWED && (!why || !*why))) {
						printf("%s %s on %s article in category %d: "
						       "expected %s, "
						       "got %s (%s)\n",
						       role_names[r],
						       role_action_name(matrix[m].act),
						       own ? "own" : "other's", cat,
						       verdict_name(want), verdict_name(got),
						       why ? why : "no reason");
						failures++;
					}
				}
	printf("%d role-matrix cases\n", cases);
	assert_int_equal(cases, 8 * 4 * 2 * 4);
	assert_int_equal(failures, 0);
}

/* An account without category limits is inside every category; the same matrix then depends on
 * the role and ownership only. */
static void test_unlimited(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t m = 0; m < sizeof matrix / sizeof matrix[0]; m++)
		for (int r = 0; r < ROLE_MAX; r++)
			for (int own = 0; own < 2; own++) {
				struct user u = {.id = 1, .name = "u", .role = role_names[r]};
				bool in = role_in_scope(&u, 4, tree, NTREE);
				const char *why;
				enum role_verdict got = role_check(&u, matrix[m].act, own ? 1 : 2,
								   matrix[m].status, in, &why);
				unsigned mask = own ? matrix[m].own : matrix[m].other;
				enum role_verdict want =
				    (mask & (1u << r)) ? ROLE_ALLOWED : ROLE_DENIED;
				if (!in || got != want) {
					printf("unlimited %s %s (%s): expected %s, got %s%s\n",
					       role_names[r], role_action_name(matrix[m].act),
					       own ? "own" : "other's", verdict_name(want),
					       verdict_name(got), in ? "" : " (out of scope)");
					failures++;
				}
			}
	assert_int_equal(failures, 0);
}

/* Status rules (docs/API.md "Workflow and roles"): for an admin, who may do everything, which
 * action may start from which status; 'B' is ROLE_BAD_STATUS (409), '+' allowed. */
static void test_status_rules(void **state)
{
	(void)state;
	static const struct {
		enum article_action act;
		const char *from; /* draft, submitted, published, unpublished */
	} rules[] = {
	    {ACT_EDIT, "++++"},    {ACT_SUBMIT, "+BB+"},    {ACT_RETURN, "B+BB"},
	    {ACT_PUBLISH, "++++"}, {ACT_UNPUBLISH, "BB+B"}, {ACT_FEATURE, "BB+B"},
	    {ACT_VIEW, "++++"},
	};
	static const enum article_status st[4] = {ARTICLE_DRAFT, ARTICLE_SUBMITTED,
						  ARTICLE_PUBLISHED, ARTICLE_UNPUBLISHED};
	struct user admin = {.id = 1, .name = "a", .role = "admin"};
	int failures = 0;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		for (int s = 0; s < 4; s++) {
			const char *why;
			enum role_verdict got =
			    role_check(&admin, rules[i].act, 2, st[s], true, &why);
			enum role_verdict want =
			    rules[i].from[s] == '+' ? ROLE_ALLOWED : ROLE_BAD_STATUS;
			if (got != want) {
				printf("admin %s from %s: expected %s, got %s\n",
				       role_action_name(rules[i].act), article_status_name(st[s]),
				       verdict_name(want), verdict_name(got));
				failures++;
			}
		}
	assert_int_equal(failures, 0);
}

/* A contributor edits and submits their own article only while it is a draft (or unpublished). */
static void test_contributor_after_submit(void **state)
{
	(void)state;
	struct user u = {.id = 5, .name = "c", .role = "contributor"};
	static const enum article_status st[4] = {ARTICLE_DRAFT, ARTICLE_SUBMITTED,
						  ARTICLE_PUBLISHED, ARTICLE_UNPUBLISHED};
	static const enum role_verdict want[4] = {ROLE_ALLOWED, ROLE_DENIED, ROLE_DENIED,
						  ROLE_ALLOWED};
	for (int s = 0; s < 4; s++) {
		const char *why;
		assert_int_equal(role_check(&u, ACT_EDIT, 5, st[s], true, &why), want[s]);
		assert_int_equal(role_check(&u, ACT_SUBMIT, 5, st[s], true, &why), want[s]);
	}
	/* an editor is not bound by that */
	struct user e = {.id = 6, .name = "e", .role = "editor"};
	const char *why;
	assert_int_equal(role_check(&e, ACT_EDIT, 5, ARTICLE_PUBLISHED, true, &why), ROLE_ALLOWED);
}

/* A disabled account may do nothing; an unknown role counts as the weakest. */
static void test_disabled_and_unknown(void **state)
{
	(void)state;
	struct user d = {.id = 1, .name = "d", .role = "admin", .disabled = true};
	const char *why;
	for (int act = 0; act < ACT_MAX; act++) {
		assert_int_equal(
		    role_check(&d, (enum article_action)act, 1, ARTICLE_PUBLISHED, true, &why),
		    ROLE_DENIED);
		assert_non_null(why);
	}
	struct user x = {.id = 1, .name = "x", .role = "superuser"};
	assert_int_equal(role_of_user(&x), ROLE_CONTRIBUTOR);
	assert_int_equal(role_check(&x, ACT_PUBLISH, 1, ARTICLE_DRAFT, true, &why), ROLE_DENIED);
	assert_int_equal(role_check(&x, ACT_MAX, 1, ARTICLE_DRAFT, true, &why), ROLE_DENIED);
	for (int r = 0; r < ROLE_MAX; r++)
		assert_int_equal(role_parse(role_names[r]), r);
	assert_int_equal(role_parse("root"), -1);
}

/* role_in_scope walks up the tree; a cycle in a corrupt tree does not loop forever. */
static void test_scope_cycle(void **state)
{
	(void)state;
	struct category loop[] = {{.id = 10, .parent_id = 11}, {.id = 11, .parent_id = 10}};
	const int64_t limit[] = {2};
	struct user u = {
	    .id = 1, .name = "u", .role = "editor", .categories = limit, .ncategories = 1};
	assert_false(role_in_scope(&u, 10, loop, 2));
	assert_true(role_in_scope(&u, 3, tree, NTREE));
	assert_false(role_in_scope(&u, 99, tree, NTREE));
	assert_false(role_in_scope(&u, 0, tree, NTREE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_matrix),
	    cmocka_unit_test(test_unlimited),
	    cmocka_unit_test(test_status_rules),
	    cmocka_unit_test(test_contributor_after_submit),
	    cmocka_unit_test(test_disabled_and_unknown),
	    cmocka_unit_test(test_scope_cycle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
