/* Roles and what each may do (DESIGN.md section 4): each role has the powers of the ones before it.
 */
#ifndef GZ_ADMIN_ROLES_H
#define GZ_ADMIN_ROLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/route.h"
#include "store/store.h"

enum role { ROLE_CONTRIBUTOR = 0, ROLE_EDITOR, ROLE_PUBLISHER, ROLE_ADMIN, ROLE_MAX };

/* The role named s ("contributor"...), or -1. */
int role_parse(const char *s);
const char *role_name(enum role r);
/* Vietnamese label: "Cộng tác viên", "Biên tập viên", "Người duyệt", "Quản trị". */
const char *role_label(enum role r);
/* The role of an account; an unknown role string counts as the weakest. */
enum role role_of_user(const struct user *u);

/*
 * Whether u holds the named right beyond its role (STORE_RIGHT_DOCUMENTS...): admins hold every
 * right, contributors none, editors and publishers the ones given to their account
 * (/admin/users). Sets *has; another code than STORE_OK when the store cannot say.
 */
enum store_rc role_right(struct store *st, const struct user *u, const char *right, bool *has);
/* True when role r may be given rights (editors and above). */
bool role_may_hold_rights(enum role r);

/* True when u may use a route whose role column is need (ROUTE_PUBLIC: anyone). */
bool role_allows(const struct user *u, enum route_role need);

/* Actions on articles that are checked against roles and category limits. */
enum article_action {
	ACT_CREATE,    /* make a new draft */
	ACT_EDIT,      /* save content */
	ACT_SUBMIT,    /* draft -> submitted */
	ACT_RETURN,    /* submitted -> draft, with a comment */
	ACT_PUBLISH,   /* -> published, now or at a time */
	ACT_UNPUBLISH, /* published -> unpublished */
	ACT_FEATURE,   /* feature on the home page, or not */
	ACT_VIEW,      /* see it in the newsroom */
	ACT_MAX
};

const char *role_action_name(enum article_action a);

enum role_verdict {
	ROLE_ALLOWED = 0,
	ROLE_DENIED,     /* the role or its category limits do not allow it: 403 */
	ROLE_BAD_STATUS, /* allowed, but not from the article's current status: 409 */
};

/*
 * Whether u may do act on an article owned by `owner_id` whose status is `status`. `in_scope` tells
 * whether its category lies within the user's category limits (role_in_scope; for ACT_CREATE the
 * category it would be created in). *why gets a reason in Vietnamese when it is not allowed.
 */
enum role_verdict role_check(const struct user *u, enum article_action act, int64_t owner_id,
			     enum article_status status, bool in_scope, const char **why);

/* True when category id lies within one of the user's category limits (or it has none). cats is
 * the whole tree, used to walk up from id. */
bool role_in_scope(const struct user *u, int64_t id, const struct category *cats, size_t ncats);

#endif
