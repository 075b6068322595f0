/* The newsroom's start page: what waits for the person's role, with counts, then the article list
 * searchable (with or without diacritics) and filtered by state, category, author and date. */
#include "admin/admin-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/escape.h"
#include "vi/vi.h"

#define LIST_PER_PAGE 30
#define QUERY_MAX 200

/* The filters of one list request, as sent and as the store reads them. */
struct filters {
	const char *q, *state, *category, *author, *from, *to;
	struct article_admin_query query;
	struct buf link; /* the filters as a query string, for the pager */
};

static const char *arg(struct admin *ad, const char *name)
{
	const char *v = http_query(ad->p->req, name);
	return v ? v : "";
}

static void link_add(struct filters *f, const char *name, const char *val)
{
	if (!*val)
		return;
	buf_printf(&f->link, "%s=", name);
	html_url_encode(&f->link, val, strlen(val));
	buf_putc(&f->link, '&');
}

/* A category-limited account lists only its categories and their sub-categories: the titles of
 * other categories' articles are not its to see (issue 20 finding 5). */
static void scope_of(struct admin *ad, struct article_admin_query *q)
{
	const struct user *u = &ad->user;
	struct page *p = ad->p;
	if (u->ncategories == 0)
		return;
	int64_t *ids = arena_alloc(p->a, (p->ncats + 1) * sizeof(*ids));
	size_t n = 0;
	for (size_t i = 0; i < p->ncats; i++)
		if (role_in_scope(u, p->cats[i].id, p->cats, p->ncats))
			ids[n++] = p->cats[i].id;
	if (n == 0)
		ids[n++] = -1; /* limited to categories that are gone: nothing */
	q->categories = ids;
	q->ncategories = n;
}

/* ",id,child,grandchild,": the category and everything under it. */
static const char *subtree(struct admin *ad, int64_t root)
{
	struct page *p = ad->p;
	struct buf b = BUF_INIT;
	buf_printf(&b, ",%lld,", (long long)root);
	/* The tree is small: add children of anything in the list until nothing changes. */
	for (bool grew = true; grew;) {
		grew = false;
		for (size_t i = 0; i < p->ncats; i++) {
			char me[32], parent[32];
			snprintf(me, sizeof me, ",%lld,", (long long)p->cats[i].id);
			snprintf(parent, sizeof parent, ",%lld,", (long long)p->cats[i].parent_id);
			if (p->cats[i].parent_id && strstr(buf_cstr(&b), parent) &&
			    !strstr(buf_cstr(&b), me)) {
				buf_printf(&b, "%lld,", (long long)p->cats[i].id);
				grew = true;
			}
		}
	}
	const char *s = arena_strdup(p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* A date input "YYYY-MM-DD" as the UTC time of that day's start in the site's zone (+days), or -1.
 */
static int64_t day_start(struct admin *ad, const char *d, int days)
{
	if (strlen(d) != 10)
		return -1;
	int64_t t = admin_parse_local(ad, arena_printf(ad->p->a, "%sT00:00", d));
	return t < 0 ? -1 : t + (int64_t)days * 86400;
}

/* Reads the filters; false (with why) when one is malformed. */
static bool read_filters(struct admin *ad, struct filters *f, struct buf *why)
{
	struct article_admin_query *q = &f->query;
	*q = (struct article_admin_query){.status = -1, .state = -1, .now = ad->p->now};
	f->q = arg(ad, "q");
	f->state = arg(ad, "state");
	f->category = arg(ad, "category");
	f->author = arg(ad, "author");
	f->from = arg(ad, "from");
	f->to = arg(ad, "to");
	const char *status = arg(ad, "status"); /* the old tabs' links */
	if (*status && !*f->state)
		f->state = status;
	q->by_state = *f->state != '\0';
	if (q->by_state && (q->state = article_state_parse(f->state)) < 0) {
		buf_puts(why, "Trạng thái không hợp lệ.");
		return false;
	}
	if (*f->q) {
		struct buf folded = BUF_INIT;
		const char *clean = admin_clean(ad, f->q, QUERY_MAX);
		if (!clean || vi_fold(clean, strlen(clean), &folded) != 0) {
			buf_free(&folded);
			buf_puts(why, "Từ khóa không hợp lệ hoặc dài quá 200 ký tự.");
			return false;
		}
		q->text = arena_strdup(ad->p->a, buf_cstr(&folded));
		buf_free(&folded);
	}
	int64_t cat = *f->category ? http_parse_id(f->category, strlen(f->category)) : 0;
	int64_t author = *f->author ? http_parse_id(f->author, strlen(f->author)) : 0;
	if ((*f->category && (!cat || !cat_find(ad->p, cat))) || (*f->author && !author)) {
		buf_puts(why, "Chuyên mục hoặc người viết không hợp lệ.");
		return false;
	}
	if (cat)
		q->category_ids = subtree(ad, cat);
	scope_of(ad, q);
	q->owner_id = role_of_user(&ad->user) == ROLE_CONTRIBUTOR ? ad->user.id : author;
	q->from = *f->from ? day_start(ad, f->from, 0) : 0;
	q->to = *f->to ? day_start(ad, f->to, 1) : 0;
	if (q->from < 0 || q->to < 0) {
		buf_puts(why, "Ngày không hợp lệ: hãy chọn theo dạng năm-tháng-ngày.");
		return false;
	}
	link_add(f, "q", f->q);
	link_add(f, "state", f->state);
	link_add(f, "category", f->category);
	link_add(f, "author", f->author);
	link_add(f, "from", f->from);
	link_add(f, "to", f->to);
	return true;
}

/* The filter form's choices. */
static void filter_choices(struct admin *ad, const struct filters *f)
{
	struct page *p = ad->p;
	struct tv *states = tv_list(ad->ctx, "states");
	for (int i = 0; i < ARTICLE_STATE_MAX; i++) {
		struct tv *t = tv_push(states);
		tv_str(t, "name", article_state_name(i));
		tv_str(t, "label", nr_state_label(i));
		tv_bool(t, "selected", f->query.by_state && f->query.state == i);
	}
	struct tv *cats = tv_list(ad->ctx, "filter_categories");
	int64_t cat = *f->category ? strtoll(f->category, NULL, 10) : 0;
	for (size_t i = 0; i < p->ncats; i++) {
		if (!role_in_scope(&ad->user, p->cats[i].id, p->cats, p->ncats))
			continue; /* a limited account filters among its own categories */
		struct tv *t = tv_push(cats);
		tv_int(t, "id", p->cats[i].id);
		tv_str(t, "label", p->cats[i].name);
		tv_bool(t, "selected", p->cats[i].id == cat);
	}
	if (role_of_user(&ad->user) == ROLE_CONTRIBUTOR)
		return;
	struct user *users;
	size_t n;
	if (store_users(p->st, p->a, &users, &n) != STORE_OK)
		return;
	struct tv *authors = tv_list(ad->ctx, "authors");
	for (size_t i = 0; i < n; i++) {
		struct tv *t = tv_push(authors);
		tv_int(t, "id", users[i].id);
		tv_str(t, "label", *users[i].display_name ? users[i].display_name : users[i].name);
		tv_bool(t, "selected", users[i].id == f->query.owner_id);
	}
	tv_bool(ad->ctx, "can_filter_author", true);
}

static void put_rows(struct admin *ad, const struct article_row *rows, size_t n)
{
	struct page *p = ad->p;
	struct tv *list = tv_list(ad->ctx, "articles");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		enum article_state s =
		    article_state_of(rows[i].status, rows[i].returned, rows[i].published_at,
				     rows[i].expires_at, p->now);
		tv_int(it, "id", rows[i].id);
		tv_str(it, "title", rows[i].title);
		tv_str(it, "status", nr_state_label(s));
		tv_str(it, "state", article_state_name(s));
		tv_str(it, "owner",
		       *rows[i].owner_display ? rows[i].owner_display : rows[i].owner_name);
		tv_str(it, "updated", page_datetime(p, rows[i].updated_at));
		tv_bool(it, "featured", rows[i].featured);
		const struct category *c = cat_find(p, rows[i].category_id);
		tv_str(it, "category", c ? c->name : "");
	}
	tv_bool(ad->ctx, "has_articles", n > 0);
}

/* One count of the start page: the articles in state s (the person's own when own). */
static void count_card(struct admin *ad, struct tv *cards, enum article_state s, const char *label,
		       bool own)
{
	struct article_admin_query q = {.status = -1,
					.by_state = true,
					.state = (int)s,
					.now = ad->p->now,
					.owner_id = own ? ad->user.id : 0,
					.limit = 0};
	scope_of(ad, &q);
	struct article_row *rows;
	size_t n;
	int64_t total = 0;
	if (store_articles_admin(ad->p->st, ad->p->a, &q, &rows, &n, &total) != STORE_OK)
		return;
	struct tv *c = tv_push(cards);
	tv_str(c, "label", label);
	tv_int(c, "count", total);
	tv_str(c, "url", arena_printf(ad->p->a, "/admin?state=%s", article_state_name(s)));
}

/* What waits for each role. */
static void start_cards(struct admin *ad)
{
	struct tv *cards = tv_list(ad->ctx, "cards");
	switch (role_of_user(&ad->user)) {
	case ROLE_CONTRIBUTOR:
		count_card(ad, cards, STATE_RETURNED, "Bị trả lại", true);
		count_card(ad, cards, STATE_DRAFT, "Nháp", true);
		count_card(ad, cards, STATE_SUBMITTED, "Chờ duyệt", true);
		break;
	case ROLE_EDITOR:
		count_card(ad, cards, STATE_SUBMITTED, "Chờ duyệt", false);
		count_card(ad, cards, STATE_RETURNED, "Bị trả lại", false);
		break;
	default:
		count_card(ad, cards, STATE_SUBMITTED, "Chờ xuất bản", false);
		count_card(ad, cards, STATE_SCHEDULED, "Đã lên lịch", false);
		break;
	}
}

void admin_h_home(void *ctx)
{
	struct admin *ad = ctx;
	struct page *p = ad->p;
	struct filters f = {.link = BUF_INIT};
	struct buf why = BUF_INIT;
	int page = http_parse_page(http_query(p->req, "page"));
	if (page < 0 || !read_filters(ad, &f, &why)) {
		admin_message(ad, 400, "Bộ lọc không hợp lệ",
			      why.len ? buf_cstr(&why) : "Số trang không hợp lệ.");
		goto out;
	}
	f.query.offset = (int64_t)(page - 1) * LIST_PER_PAGE;
	f.query.limit = LIST_PER_PAGE;
	struct article_row *rows;
	size_t n;
	int64_t total = 0;
	enum store_rc rc = store_articles_admin(p->st, p->a, &f.query, &rows, &n, &total);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		goto out;
	}
	admin_takedown_banner(ad); /* takedown deadlines with their countdown (compliance) */
	start_cards(ad);
	put_rows(ad, rows, n);
	filter_choices(ad, &f);
	tv_str(ad->ctx, "q", f.q);
	tv_str(ad->ctx, "from", f.from);
	tv_str(ad->ctx, "to", f.to);
	tv_bool(ad->ctx, "filtered", f.link.len > 0);
	/* The store stops counting after 1,000 matches. */
	tv_str(ad->ctx, "total",
	       total > 1000 ? "hơn 1.000" : arena_printf(p->a, "%lld", (long long)total));
	if (n == LIST_PER_PAGE && (f.query.offset + (int64_t)n < total || total > 1000))
		tv_str(ad->ctx, "next",
		       arena_printf(p->a, "/admin?%spage=%d", buf_cstr(&f.link), page + 1));
	if (page > 1)
		tv_str(ad->ctx, "prev",
		       arena_printf(p->a, "/admin?%spage=%d", buf_cstr(&f.link), page - 1));
	tv_str(ad->ctx, "title", "Bài viết");
	admin_render(ad, 200, "admin_articles");
out:
	buf_free(&f.link);
	buf_free(&why);
}
