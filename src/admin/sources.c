/* The newsroom's sources (Nguồn tin), takedowns (Gỡ bài) with their countdown, and each article's
 * origin, takedown and deletion (Decree 147/2024/NĐ-CP, Art. 28). */
#include "admin/admin-int.h"

#include <string.h>

#include "admin/compliance.h"
#include "admin/tickets.h"
#include "http/route.h"

/* "2 giờ 05 phút" left, or "quá hạn 10 phút". */
static const char *countdown(struct admin *ad, int64_t left)
{
	int64_t m = (left < 0 ? -left : left) / 60;
	const char *span = m >= 60 ? arena_printf(ad->p->a, "%lld giờ %02lld phút",
						  (long long)(m / 60), (long long)(m % 60))
				   : arena_printf(ad->p->a, "%lld phút", (long long)m);
	return left < 0 ? arena_printf(ad->p->a, "quá hạn %s", span)
			: arena_printf(ad->p->a, "còn %s", span);
}

/* Adds the takedowns (open only, or all) under key, with their countdown and marks. */
static size_t put_takedowns(struct admin *ad, const char *key, bool open_only)
{
	struct takedown *t;
	size_t n = 0;
	if (store_takedowns(ad->p->st, ad->p->a, open_only, &t, &n) != STORE_OK)
		n = 0;
	struct tv *list = tv_list(ad->ctx, key);
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		int64_t left = t[i].deadline - ad->p->now;
		tv_int(it, "article", t[i].article_id);
		tv_str(it, "title", *t[i].title ? t[i].title : "(bài đã xóa)");
		tv_str(it, "removed", page_datetime(ad->p, t[i].removed_at));
		tv_str(it, "deadline", page_datetime(ad->p, t[i].deadline));
		tv_str(it, "note", t[i].note);
		if (t[i].done_at) {
			tv_str(it, "done", page_datetime(ad->p, t[i].done_at));
			tv_bool(it, "overdue", t[i].done_at > t[i].deadline);
		} else {
			tv_str(it, "left", countdown(ad, left));
			tv_bool(it, "overdue", left < 0);
			tv_bool(it, "urgent", left >= 0 && left <= 3600);
		}
	}
	return n;
}

void admin_takedown_banner(struct admin *ad)
{
	tv_bool(ad->ctx, "has_takedowns", put_takedowns(ad, "open_takedowns", true) > 0);
}

/* --- sources ---------------------------------------------------------------------------------- */

static void sources_page(struct admin *ad, int status, const char *error, int64_t edit)
{
	struct source *s;
	size_t n = 0;
	enum store_rc rc = store_sources(ad->p->st, ad->p->a, &s, &n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(ad->ctx, "sources");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", s[i].id);
		tv_str(it, "name", s[i].name);
		tv_str(it, "website", s[i].website);
		tv_str(it, "logo", s[i].logo);
		tv_str(it, "agreement", s[i].agreement);
		tv_bool(it, "republish", s[i].republish);
		if (s[i].id == edit) {
			struct tv *e = tv_child(ad->ctx, "edit");
			tv_int(e, "id", s[i].id);
			tv_str(e, "name", s[i].name);
			tv_str(e, "website", s[i].website);
			tv_str(e, "logo", s[i].logo);
			tv_str(e, "agreement", s[i].agreement);
			tv_bool(e, "republish", s[i].republish);
		}
	}
	tv_bool(ad->ctx, "has_sources", n > 0);
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Nguồn tin");
	admin_render(ad, status, "admin_sources");
}

static void source_save(struct admin *ad, int64_t id)
{
	struct source s = {.id = id,
			   .name = admin_clean(ad, admin_field(ad, "name"), 300),
			   .website = admin_clean(ad, admin_field(ad, "website"), 500),
			   .logo = admin_clean(ad, admin_field(ad, "logo"), 500),
			   .agreement = admin_clean(ad, admin_field(ad, "agreement"), 2000),
			   .republish = strcmp(admin_field(ad, "republish"), "1") == 0};
	if (!s.name || !s.website || !s.logo || !s.agreement) {
		sources_page(ad, 422, "Có trường không hợp lệ hoặc quá dài.", id);
		return;
	}
	struct buf why = BUF_INIT;
	enum nr_result r = nr_source_save(&ad->nr, &s, NULL, &why);
	if (r == NR_OK)
		admin_redirect(ad, "/admin/sources?ok=saved");
	else if (r == NR_INVALID || r == NR_CONFLICT)
		sources_page(ad, nr_status(r), arena_strdup(ad->p->a, buf_cstr(&why)), id);
	else
		admin_fail(ad, r, buf_cstr(&why));
	buf_free(&why);
}

static void source_delete(struct admin *ad, int64_t id)
{
	struct buf why = BUF_INIT;
	enum nr_result r = nr_source_delete(&ad->nr, id, &why);
	if (r == NR_OK)
		admin_redirect(ad, "/admin/sources?ok=deleted");
	else
		admin_fail(ad, r, buf_cstr(&why));
	buf_free(&why);
}

void admin_h_sources(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST)
		source_save(ad, 0);
	else
		sources_page(ad, 200, NULL, 0);
}

/* sources/{id} (GET the form, POST saves) and sources/{id}/delete (the row's arg). */
void admin_h_source(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	if (ad->p->match.route->arg)
		source_delete(ad, id);
	else if (ad->p->req->method == HTTP_POST)
		source_save(ad, id);
	else
		sources_page(ad, 200, NULL, id);
}

/* --- takedowns -------------------------------------------------------------------------------- */

/* Complaints about content (issue 13) in the same report: due date, state and overdue mark,
 * without the complainant's contacts. */
static void put_complaints(struct admin *ad)
{
	struct ticket_query q = {.status = -1, .kind = TICKET_COMPLAINT, .limit = 200};
	struct ticket *t;
	size_t n = 0;
	int64_t total = 0;
	if (store_tickets(ad->p->st, ad->p->a, &q, &t, &n, &total) != STORE_OK)
		n = 0;
	struct tv *list = tv_list(ad->ctx, "complaints");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", t[i].id);
		tv_int(it, "article", t[i].article_id);
		tv_str(it, "title", *t[i].article_title ? t[i].article_title : "(bài đã xóa)");
		tv_str(it, "subject", t[i].subject);
		tv_str(it, "received", page_datetime(ad->p, t[i].created_at));
		tv_str(it, "due", page_datetime(ad->p, t[i].due_at));
		tv_str(it, "status", nr_ticket_status_label(t[i].status));
		tv_bool(it, "overdue", t[i].status != TICKET_CLOSED && t[i].due_at < ad->p->now);
	}
	tv_bool(ad->ctx, "has_complaints", n > 0);
}

static void takedowns_page(struct admin *ad, int status, const char *error)
{
	put_takedowns(ad, "all_takedowns", false);
	put_complaints(ad);
	tv_str(ad->ctx, "now_input", admin_local_input(ad, ad->p->now));
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Gỡ bài theo yêu cầu");
	admin_render(ad, status, "admin_takedowns");
}

/* Records a takedown from the form (article, removed_at, note); back to `back` when done. */
static void takedown_add(struct admin *ad, int64_t id, const char *back)
{
	const char *when = admin_field(ad, "removed_at");
	int64_t at = *when ? admin_parse_local(ad, when) : -1;
	const char *note = admin_clean(ad, admin_field(ad, "note"), 1000);
	struct buf why = BUF_INIT;
	enum nr_result r = NR_INVALID;
	if (!id)
		buf_puts(&why, "Mã bài không hợp lệ.");
	else if (at < 0)
		buf_puts(&why, "Hãy nhập thời điểm bài gốc bị gỡ.");
	else if (!note)
		buf_puts(&why, "Ghi chú không hợp lệ hoặc quá dài.");
	else
		r = nr_takedown_add(&ad->nr, id, at, note, NULL, &why);
	if (r == NR_OK)
		admin_redirect(ad, back);
	else if (!back[0] || strcmp(back, "/admin/takedowns?ok=added") == 0)
		takedowns_page(ad, nr_status(r), arena_strdup(ad->p->a, buf_cstr(&why)));
	else
		admin_fail(ad, r, buf_cstr(&why));
	buf_free(&why);
}

void admin_h_takedowns(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method == HTTP_POST) {
		const char *art = admin_field(ad, "article");
		takedown_add(ad, http_parse_id(art, strlen(art)), "/admin/takedowns?ok=added");
	} else {
		takedowns_page(ad, 200, NULL);
	}
}

/* --- one article: origin, takedown, deletion -------------------------------------------------- */

static void origin_page(struct admin *ad, int64_t id, int status, const char *error)
{
	struct article a;
	struct buf why = BUF_INIT;
	enum nr_result r = nr_get(&ad->nr, id, &a, &why);
	if (r != NR_OK) {
		admin_fail(ad, r, buf_cstr(&why));
		buf_free(&why);
		return;
	}
	buf_free(&why);
	struct article_origin o = {.original_url = ""};
	store_origin_get(ad->p->st, ad->p->a, id, &o);
	struct source *s;
	size_t n = 0;
	if (store_sources(ad->p->st, ad->p->a, &s, &n) != STORE_OK)
		n = 0;
	struct tv *list = tv_list(ad->ctx, "sources");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", s[i].id);
		tv_str(it, "name", s[i].name);
		tv_bool(it, "selected", s[i].id == o.source_id);
		tv_bool(it, "no_republish", !s[i].republish);
	}
	tv_int(ad->ctx, "id", id);
	tv_str(ad->ctx, "article_title", a.title);
	tv_str(ad->ctx, "original_url", o.original_url);
	tv_str(ad->ctx, "original_at", o.original_at ? admin_local_input(ad, o.original_at) : "");
	tv_str(ad->ctx, "now_input", admin_local_input(ad, ad->p->now));
	tv_bool(ad->ctx, "can_delete", role_of_user(&ad->user) >= ROLE_PUBLISHER);
	if (error)
		tv_str(ad->ctx, "error", error);
	tv_str(ad->ctx, "title", "Nguồn và gỡ bài");
	admin_render(ad, status, "admin_origin");
}

static void origin_save(struct admin *ad, int64_t id)
{
	const char *src = admin_field(ad, "source"), *when = admin_field(ad, "original_at");
	struct article_origin o = {.source_id = *src ? http_parse_id(src, strlen(src)) : 0,
				   .original_url =
				       admin_clean(ad, admin_field(ad, "original_url"), 2000),
				   .original_at = *when ? admin_parse_local(ad, when) : 0};
	struct buf why = BUF_INIT;
	enum nr_result r = NR_INVALID;
	if ((*src && !o.source_id) || !o.original_url || o.original_at < 0)
		buf_puts(&why, "Nguồn, địa chỉ hoặc thời điểm đăng bài gốc không hợp lệ.");
	else
		r = nr_origin_set(&ad->nr, id, &o, &why);
	if (r == NR_OK)
		admin_redirect(ad, arena_printf(ad->p->a, "/admin/articles/%lld/origin?ok=saved",
						(long long)id));
	else if (r == NR_INVALID || r == NR_NOTFOUND)
		origin_page(ad, id, nr_status(r), arena_strdup(ad->p->a, buf_cstr(&why)));
	else
		admin_fail(ad, r, buf_cstr(&why));
	buf_free(&why);
}

static void article_delete(struct admin *ad, int64_t id)
{
	struct buf why = BUF_INIT;
	enum nr_result r = nr_delete(&ad->nr, id, &why);
	if (r == NR_OK)
		admin_redirect(ad, "/admin?ok=deleted");
	else
		admin_fail(ad, r, buf_cstr(&why));
	buf_free(&why);
}

void admin_h_origin(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	if (ad->p->req->method == HTTP_POST)
		origin_save(ad, id);
	else
		origin_page(ad, id, 200, NULL);
}

void admin_h_takedown(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	takedown_add(
	    ad, id,
	    arena_printf(ad->p->a, "/admin/articles/%lld/origin?ok=takedown", (long long)id));
}

void admin_h_delete(void *ctx)
{
	struct admin *ad = ctx;
	article_delete(ad, http_route_param_id(&ad->p->match, "id"));
}
