/* Role checks for every article action, done on the server for the browser and the API alike. */
#include "admin/roles.h"

#include <string.h>

static const char *const names[ROLE_MAX] = {"contributor", "editor", "publisher", "admin"};
static const char *const labels[ROLE_MAX] = {"Cộng tác viên", "Biên tập viên", "Người duyệt",
					     "Quản trị"};
static const char *const actions[ACT_MAX] = {"create",  "edit",      "submit",  "return",
					     "publish", "unpublish", "feature", "view"};

int role_parse(const char *s)
{
	for (int i = 0; s && i < ROLE_MAX; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE_MAX ? names[r] : names[0];
}

const char *role_label(enum role r)
{
	return (unsigned)r < ROLE_MAX ? labels[r] : labels[0];
}

enum role role_of_user(const struct user *u)
{
	int r = role_parse(u->role);
	return r < 0 ? ROLE_CONTRIBUTOR : (enum role)r;
}

bool role_may_hold_rights(enum role r)
{
	return r >= ROLE_EDITOR;
}

enum store_rc role_right(struct store *st, const struct user *u, const char *right, bool *has)
{
	*has = false;
	if (!u || !u->id || u->disabled)
		return STORE_OK;
	enum role r = role_of_user(u);
	if (r == ROLE_ADMIN) {
		*has = true;
		return STORE_OK;
	}
	if (!role_may_hold_rights(r))
		return STORE_OK;
	return store_user_right(st, u->id, right, has);
}

bool role_allows(const struct user *u, enum route_role need)
{
	/* enum role counts from ROLE_CONTRIBUTOR = 0; the route column from ROUTE_PUBLIC = 0. */
	return need == ROUTE_PUBLIC || (u && u->id && (int)role_of_user(u) + 1 >= (int)need);
}

const char *role_action_name(enum article_action a)
{
	return (unsigned)a < ACT_MAX ? actions[a] : "unknown";
}

/* The weakest role that may do act at all. */
static const enum role min_role[ACT_MAX] = {
    [ACT_CREATE] = ROLE_CONTRIBUTOR, [ACT_EDIT] = ROLE_CONTRIBUTOR,
    [ACT_SUBMIT] = ROLE_CONTRIBUTOR, [ACT_RETURN] = ROLE_EDITOR,
    [ACT_PUBLISH] = ROLE_PUBLISHER,  [ACT_UNPUBLISH] = ROLE_PUBLISHER,
    [ACT_FEATURE] = ROLE_PUBLISHER,  [ACT_VIEW] = ROLE_CONTRIBUTOR,
};

/* Which statuses each action starts from. */
static bool status_allows(enum article_action act, enum article_status s)
{
	switch (act) {
	case ACT_SUBMIT:
		return s == ARTICLE_DRAFT || s == ARTICLE_UNPUBLISHED;
	case ACT_RETURN:
		return s == ARTICLE_SUBMITTED;
	case ACT_PUBLISH:
		return true; /* from any status; publishing again reschedules */
	case ACT_UNPUBLISH:
		return s == ARTICLE_PUBLISHED;
	case ACT_FEATURE:
		return s == ARTICLE_PUBLISHED;
	default:
		return true;
	}
}

enum role_verdict role_check(const struct user *u, enum article_action act, int64_t owner_id,
			     enum article_status status, bool in_scope, const char **why)
{
	enum role r = role_of_user(u);
	*why = NULL;
	if ((unsigned)act >= ACT_MAX || u->disabled)
		*why = u->disabled ? "Tài khoản đã bị khóa." : "Thao tác không hợp lệ.";
	else if (r < min_role[act])
		*why = "Vai trò của bạn không được phép thực hiện thao tác này.";
	else if (!in_scope)
		*why = "Bạn không được phân công chuyên mục của bài viết này.";
	else if (r == ROLE_CONTRIBUTOR && act != ACT_CREATE && owner_id != u->id)
		*why = "Cộng tác viên chỉ làm việc với bài của mình.";
	if (*why)
		return ROLE_DENIED;
	/* Contributors work on their own articles only while they are drafts. */
	if (r == ROLE_CONTRIBUTOR && (act == ACT_EDIT || act == ACT_SUBMIT) &&
	    status != ARTICLE_DRAFT && status != ARTICLE_UNPUBLISHED) {
		*why = "Bài đã gửi duyệt hoặc đã xuất bản: cộng tác viên không thể sửa nữa.";
		return ROLE_DENIED;
	}
	if (!status_allows(act, status)) {
		*why = "Trạng thái hiện tại của bài không cho phép thao tác này.";
		return ROLE_BAD_STATUS;
	}
	return ROLE_ALLOWED;
}

bool role_in_scope(const struct user *u, int64_t id, const struct category *cats, size_t ncats)
{
	if (u->ncategories == 0)
		return true;
	/* Walk up from id (bounded by the tree's size, so a cycle cannot loop forever). */
	for (size_t steps = 0; id && steps <= ncats; steps++) {
		for (size_t i = 0; i < u->ncategories; i++)
			if (u->categories[i] == id)
				return true;
		int64_t parent = 0;
		for (size_t i = 0; i < ncats; i++)
			if (cats[i].id == id)
				parent = cats[i].parent_id;
		id = parent;
	}
	return false;
}
