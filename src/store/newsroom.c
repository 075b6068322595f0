/* What both backends' newsrooms do the same way: users read with the categories they may edit. */
#include "store/store-int.h"

#include "core/buf.h"

/* Fills in the categories each of u[0..n) may edit. */
static enum store_rc with_categories(const struct store *st, struct store_conn *c, struct arena *a,
				     struct user *u, size_t n)
{
	enum store_rc rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		int64_t *ids;
		size_t k;
		rc = st->ops->user_category_ids(c, a, u[i].id, &ids, &k);
		if (rc == STORE_OK) {
			u[i].categories = ids;
			u[i].ncategories = k;
		}
	}
	return rc;
}

enum store_rc store_user_by_id_on(const struct store *st, struct store_conn *c, struct arena *a,
				  int64_t id, struct user *out)
{
	enum store_rc rc = st->ops->user_by_id(c, a, id, out);
	return rc == STORE_OK ? with_categories(st, c, a, out, 1) : rc;
}

enum store_rc store_users_on(const struct store *st, struct store_conn *c, struct arena *a,
			     struct user **out, size_t *n)
{
	enum store_rc rc = st->ops->users(c, a, out, n);
	return rc == STORE_OK ? with_categories(st, c, a, *out, *n) : rc;
}

enum store_rc store_token_user_on(const struct store *st, struct store_conn *c, struct arena *a,
				  const char *token_hash, struct user *out)
{
	enum store_rc rc = st->ops->token_user(c, a, token_hash, out);
	return rc == STORE_OK ? with_categories(st, c, a, out, 1) : rc;
}

const char *store_admin_pattern(struct arena *a, const char *text)
{
	if (!text || !*text)
		return "";
	struct buf b = BUF_INIT;
	buf_putc(&b, '%');
	for (const char *s = text; *s; s++) {
		if (*s == ' ') {
			if (b.data[b.len - 1] != '%')
				buf_putc(&b, '%');
			continue;
		}
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *s);
	}
	if (b.data[b.len - 1] != '%')
		buf_putc(&b, '%');
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

bool store_admin_state_count(const struct article_admin_query *q, const char **status,
			     int64_t *note, int64_t *after)
{
	if (!q->by_state || q->ncategories || (q->category_ids && *q->category_ids) ||
	    (q->text && *q->text) || q->from || q->to || q->limit != 0)
		return false;
	*note = 0;
	*after = -1;
	switch ((enum article_state)q->state) {
	case STATE_DRAFT:
	case STATE_RETURNED:
		*status = "draft";
		*note = q->state == STATE_RETURNED ? 1 : 2;
		return true;
	case STATE_SUBMITTED:
		*status = "submitted";
		return true;
	case STATE_SCHEDULED:
		*status = "published";
		*after = q->now;
		return true;
	case STATE_UNPUBLISHED:
		*status = "unpublished";
		return true;
	default:
		return false;
	}
}
