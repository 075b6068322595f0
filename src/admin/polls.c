/* The newsroom's polls (admin): list, create, edit (choices renamed, added, removed while they
 * have no votes), delete, and the results as CSV. Every write is audited and drops cached pages. */
#include "admin/admin-int.h"

#include <stdlib.h>
#include <string.h>

#include "store/widgets.h"

#define QUESTION_MAX_CP 300
#define LABEL_MAX_CP 200

static const char *const positions[][2] = {
    {"right", "Cột phải"}, {"home", "Trang chủ (giữa các khối)"}, {"hidden", "Chỉ trang riêng"}};

static void changed(struct admin *ad)
{
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
}

static void fill_poll(struct admin *ad, struct tv *o, const struct poll *pl)
{
	tv_int(o, "id", pl->id);
	tv_str(o, "question", pl->question);
	tv_bool(o, "multiple", pl->multiple);
	tv_int(o, "max_choices", pl->max_choices);
	tv_str(o, "opens", admin_local_input(ad, pl->opens_at));
	tv_str(o, "closes", admin_local_input(ad, pl->closes_at));
	tv_bool(o, "results_after_close", pl->results_after_close);
	tv_int(o, "per_address", pl->per_address);
	tv_int(o, "sort", pl->sort);
	tv_bool(o, "active", pl->active);
	tv_int(o, "total", pl->total);
	struct tv *pos = tv_list(o, "positions");
	for (size_t i = 0; i < sizeof positions / sizeof positions[0]; i++) {
		struct tv *it = tv_push(pos);
		tv_str(it, "value", positions[i][0]);
		tv_str(it, "label", positions[i][1]);
		tv_bool(it, "selected",
			strcmp(pl->position ? pl->position : "right", positions[i][0]) == 0);
	}
	struct tv *list = tv_list(o, "choices");
	for (size_t i = 0; i < pl->nchoices; i++) {
		struct tv *it = tv_push(list);
		tv_int(it, "id", pl->choices[i].id);
		tv_str(it, "label", pl->choices[i].label);
		tv_int(it, "votes", pl->choices[i].votes);
	}
}

static void polls_page(struct admin *ad, int status, const char *error)
{
	struct poll *polls;
	size_t n;
	enum store_rc rc = store_polls(ad->p->st, ad->p->a, &polls, &n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	struct tv *list = tv_list(ad->ctx, "polls");
	for (size_t i = 0; i < n; i++)
		fill_poll(ad, tv_push(list), &polls[i]);
	tv_bool(ad->ctx, "has_polls", n > 0);
	struct poll blank = {.max_choices = 1, .position = "right", .active = true};
	fill_poll(ad, tv_child(ad->ctx, "new"), &blank);
	if (error)
		tv_str(ad->ctx, "error", error);
	const char *ok = http_query(ad->p->req, "ok");
	if (ok && *ok)
		tv_str(ad->ctx, "flash", "Đã lưu.");
	tv_str(ad->ctx, "title", "Thăm dò ý kiến");
	admin_render(ad, status, "admin_polls");
}

/* Reads the poll's fields from the form into pl; NULL, or the reason they are refused. */
static const char *read_form(struct admin *ad, struct poll *pl)
{
	pl->question = admin_clean(ad, admin_field(ad, "question"), QUESTION_MAX_CP);
	if (!pl->question || !*pl->question)
		return "Câu hỏi không được để trống và không dài quá 300 ký tự.";
	pl->multiple = strcmp(admin_field(ad, "multiple"), "1") == 0;
	pl->results_after_close = strcmp(admin_field(ad, "results_after_close"), "1") == 0;
	pl->active = strcmp(admin_field(ad, "active"), "1") == 0;
	char *end;
	long v = strtol(admin_field(ad, "max_choices"), &end, 10);
	pl->max_choices = *end || v < 1 || v > 32 ? -1 : (int)v;
	if (pl->max_choices < 0)
		return "Số phương án tối đa phải từ 1 đến 32.";
	const char *pa = admin_field(ad, "per_address");
	v = *pa ? strtol(pa, &end, 10) : 0;
	if ((*pa && *end) || v < 0 || v > 1000000)
		return "Giới hạn theo địa chỉ phải là một số từ 0 (không giới hạn) trở lên.";
	pl->per_address = (int)v;
	const char *so = admin_field(ad, "sort");
	v = *so ? strtol(so, &end, 10) : 0;
	if ((*so && *end) || v < -100000 || v > 100000)
		return "Thứ tự phải là một số nguyên.";
	pl->sort = (int)v;
	pl->position = NULL;
	for (size_t i = 0; i < sizeof positions / sizeof positions[0]; i++)
		if (strcmp(admin_field(ad, "position"), positions[i][0]) == 0)
			pl->position = positions[i][0];
	if (!pl->position)
		return "Vị trí không hợp lệ.";
	const char *o = admin_field(ad, "opens"), *c = admin_field(ad, "closes");
	pl->opens_at = *o ? admin_parse_local(ad, o) : 0;
	pl->closes_at = *c ? admin_parse_local(ad, c) : 0;
	if (pl->opens_at < 0 || pl->closes_at < 0)
		return "Ngày giờ mở hoặc đóng không hợp lệ.";
	if (pl->opens_at && pl->closes_at && pl->closes_at <= pl->opens_at)
		return "Thời điểm đóng phải sau thời điểm mở.";
	return NULL;
}

/* The new choices: one per line of the "add" field. */
static const char *const *new_choices(struct admin *ad, size_t *n, const char **error)
{
	const char *text = admin_field(ad, "add");
	size_t cap = 1;
	for (const char *s = text; *s; s++)
		cap += *s == '\n';
	const char **v = arena_alloc(ad->p->a, cap * sizeof *v);
	*n = 0;
	*error = NULL;
	while (*text) {
		const char *eol = strchr(text, '\n');
		size_t len = eol ? (size_t)(eol - text) : strlen(text);
		const char *label =
		    admin_clean(ad, arena_strndup(ad->p->a, text, len), LABEL_MAX_CP);
		if (!label)
			*error = "Mỗi phương án không dài quá 200 ký tự.";
		else if (*label)
			v[(*n)++] = label;
		text += len + (eol ? 1 : 0);
	}
	return v;
}

void admin_h_polls(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method != HTTP_POST) {
		polls_page(ad, 200, NULL);
		return;
	}
	struct poll pl;
	memset(&pl, 0, sizeof pl);
	const char *error = read_form(ad, &pl);
	size_t nadd = 0;
	const char *const *adds = error ? NULL : new_choices(ad, &nadd, &error);
	if (!error && nadd < 2)
		error = "Cần ít nhất hai phương án (mỗi dòng một phương án).";
	if (error) {
		polls_page(ad, 422, error);
		return;
	}
	int64_t id = 0;
	enum store_rc rc = store_poll_save(ad->p->st, &pl, adds, nadd, &id);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "poll.create", arena_printf(ad->p->a, "poll:%lld", (long long)id),
		 pl.question);
	changed(ad);
	admin_redirect(ad, "/admin/polls?ok=1");
}

/* The results: one row per choice, with a UTF-8 BOM so that spreadsheets read Vietnamese right. */
static void poll_csv(struct admin *ad, const struct poll *pl)
{
	struct buf *b = &ad->p->resp->body;
	buf_reset(b);
	buf_puts(b, "\xEF\xBB\xBF");
	buf_puts(b, "Phương án,Số phiếu,Tỷ lệ (%)\r\n");
	for (size_t i = 0; i < pl->nchoices; i++) {
		const char *s = pl->choices[i].label;
		bool formula = *s && strchr("=+-@\t\r", *s);
		buf_putc(b, '"');
		if (formula)
			buf_putc(b, '\'');
		for (; *s; s++) {
			if (*s == '"')
				buf_putc(b, '"');
			buf_putc(b, *s);
		}
		int64_t votes = pl->choices[i].votes;
		int64_t tenths = pl->total ? (votes * 1000 + pl->total / 2) / pl->total : 0;
		buf_printf(b, "\",%lld,%lld.%lld\r\n", (long long)votes, (long long)(tenths / 10),
			   (long long)(tenths % 10));
	}
	buf_printf(b, "\"Tổng\",%lld,100.0\r\n", (long long)pl->total);
	ad->p->resp->status = 200;
	ad->p->resp->content_type = "text/csv; charset=utf-8";
	http_resp_header(
	    ad->p->resp, "Content-Disposition",
	    arena_printf(ad->p->a, "attachment; filename=\"tham-do-%lld.csv\"", (long long)pl->id));
	http_resp_header(ad->p->resp, "Cache-Control", "no-store");
	http_resp_header(ad->p->resp, "X-Content-Type-Options", "nosniff");
}

/* "polls/{id}" (GET the form, POST saves), "polls/{id}/delete", "polls/{id}/results.csv". */
void admin_h_poll(void *ctx)
{
	struct admin *ad = ctx;
	int64_t id = http_route_param_id(&ad->p->match, "id");
	const char *variant = ad->p->match.route->arg;
	struct poll pl;
	enum store_rc rc = store_poll_get(ad->p->st, ad->p->a, id, &pl);
	if (rc == STORE_NOTFOUND) {
		admin_message(ad, 404, "Không tìm thấy", "Không có cuộc thăm dò này.");
		return;
	}
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	if (variant && strcmp(variant, "csv") == 0) {
		poll_csv(ad, &pl);
		return;
	}
	if (variant && strcmp(variant, "delete") == 0) {
		rc = store_poll_delete(ad->p->st, id);
		if (rc != STORE_OK) {
			page_error(ad->p, page_status_of(rc));
			return;
		}
		nr_audit(
		    &ad->nr, "poll.delete", arena_printf(ad->p->a, "poll:%lld", (long long)id),
		    arena_printf(ad->p->a, "%s (%lld phiếu)", pl.question, (long long)pl.total));
		changed(ad);
		admin_redirect(ad, "/admin/polls?ok=1");
		return;
	}
	const char *error = NULL;
	if (ad->p->req->method == HTTP_POST) {
		struct poll upd = pl;
		error = read_form(ad, &upd);
		/* Each existing choice: its label field (empty removes it if it has no votes). */
		for (size_t i = 0; !error && i < upd.nchoices; i++) {
			const char *key =
			    arena_printf(ad->p->a, "choice_%lld", (long long)upd.choices[i].id);
			const char *label = admin_clean(ad, admin_field(ad, key), LABEL_MAX_CP);
			if (!label)
				error = "Mỗi phương án không dài quá 200 ký tự.";
			else if (!*label && upd.choices[i].votes > 0)
				error = "Không xóa được phương án đã có phiếu bầu.";
			upd.choices[i].label = label;
		}
		size_t nadd = 0;
		const char *const *adds = error ? NULL : new_choices(ad, &nadd, &error);
		if (!error) {
			rc = store_poll_save(ad->p->st, &upd, adds, nadd, NULL);
			if (rc != STORE_OK) {
				page_error(ad->p, page_status_of(rc));
				return;
			}
			nr_audit(&ad->nr, "poll.update",
				 arena_printf(ad->p->a, "poll:%lld", (long long)id), upd.question);
			changed(ad);
			admin_redirect(
			    ad, arena_printf(ad->p->a, "/admin/polls/%lld?ok=1", (long long)id));
			return;
		}
	}
	fill_poll(ad, tv_child(ad->ctx, "poll"), &pl);
	if (error)
		tv_str(ad->ctx, "error", error);
	const char *ok = http_query(ad->p->req, "ok");
	if (ok && *ok)
		tv_str(ad->ctx, "flash", "Đã lưu.");
	tv_str(ad->ctx, "title", "Sửa cuộc thăm dò");
	admin_render(ad, error ? 422 : 200, "admin_poll");
}
