/* The newsroom's layout screen (admin): the blocks of the home page and of the right column, by
 * order, saved as data (layout_blocks) and shown on every node at the next request. */
#include "admin/admin-int.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize/sanitize.h"
#include "store/widgets.h"

#define LAYOUT_MAX 40
#define NEW_ROWS 3
#define TITLE_MAX_CP 200
#define HTML_MAX 20000

static const char *const kinds[][2] = {
    {"", "(bỏ khối này)"},
    {"lead", "Tin nổi bật"},
    {"latest", "Tin mới"},
    {"category", "Khối chuyên mục (mã chuyên mục)"},
    {"popular", "Đọc nhiều"},
    {"poll", "Thăm dò ý kiến (mã, 0: cuộc đầu tiên ở vị trí này)"},
    {"visitors", "Thống kê truy cập"},
    {"banners", "Quảng cáo"},
    {"links", "Liên kết website"},
    {"html", "HTML tự do (được làm sạch)"},
    {"documents", "Văn bản mới"},
    {"album", "Thư viện ảnh"},
    {"video", "Video"},
};
static const char *const areas[][2] = {{"home", "Trang chủ"}, {"right", "Cột phải"}};

static void row(struct tv *list, size_t i, const struct layout_block *b)
{
	struct tv *it = tv_push(list);
	tv_int(it, "i", (int64_t)i);
	tv_int(it, "sort", b ? b->sort : (int)(i + 1) * 10);
	tv_int(it, "arg", b ? b->arg : 0);
	tv_str(it, "title", b ? b->title : "");
	tv_str(it, "html", b ? b->html : "");
	struct tv *opts = tv_list(it, "kinds");
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		struct tv *o = tv_push(opts);
		tv_str(o, "value", kinds[k][0]);
		tv_str(o, "label", kinds[k][1]);
		tv_bool(o, "selected", strcmp(b ? b->kind : "", kinds[k][0]) == 0);
	}
}

static void layout_page(struct admin *ad, int status, const char *error)
{
	struct tv *list = tv_list(ad->ctx, "areas");
	for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++) {
		struct layout_block *b;
		size_t n;
		enum store_rc rc = store_layout(ad->p->st, ad->p->a, areas[a][0], &b, &n);
		if (rc != STORE_OK) {
			page_error(ad->p, page_status_of(rc));
			return;
		}
		struct tv *it = tv_push(list);
		tv_str(it, "area", areas[a][0]);
		tv_str(it, "label", areas[a][1]);
		tv_bool(it, "is_default", n == 0);
		tv_int(it, "count", (int64_t)(n + NEW_ROWS));
		struct tv *rows = tv_list(it, "rows");
		for (size_t i = 0; i < n + NEW_ROWS; i++)
			row(rows, i, i < n ? &b[i] : NULL);
	}
	if (error)
		tv_str(ad->ctx, "error", error);
	const char *ok = http_query(ad->p->req, "ok");
	if (ok && *ok)
		tv_str(ad->ctx, "flash", "Đã lưu bố cục.");
	tv_str(ad->ctx, "title", "Bố cục trang");
	admin_render(ad, status, "admin_layout");
}

static const char *field_i(struct admin *ad, const char *name, size_t i)
{
	return admin_field(ad, arena_printf(ad->p->a, "%s_%zu", name, i));
}

static bool parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v = *s ? strtol(s, &end, 10) : 0;
	if ((*s && *end) || v < min || v > max)
		return false;
	*out = v;
	return true;
}

void admin_h_layout(void *ctx)
{
	struct admin *ad = ctx;
	if (ad->p->req->method != HTTP_POST) {
		layout_page(ad, 200, NULL);
		return;
	}
	const char *area = NULL;
	for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++)
		if (strcmp(admin_field(ad, "area"), areas[a][0]) == 0)
			area = areas[a][0];
	long count;
	if (!area || !parse_int(admin_field(ad, "count"), 0, LAYOUT_MAX, &count)) {
		layout_page(ad, 422, "Biểu mẫu bố cục không hợp lệ.");
		return;
	}
	struct layout_block *b = arena_alloc(ad->p->a, (size_t)(count ? count : 1) * sizeof *b);
	size_t n = 0;
	for (size_t i = 0; i < (size_t)count; i++) {
		const char *kind = NULL;
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
			if (strcmp(field_i(ad, "kind", i), kinds[k][0]) == 0)
				kind = kinds[k][0];
		if (!kind) {
			layout_page(ad, 422, "Loại khối không hợp lệ.");
			return;
		}
		if (!*kind)
			continue;
		long sort, arg;
		const char *title = admin_clean(ad, field_i(ad, "title", i), TITLE_MAX_CP);
		if (!parse_int(field_i(ad, "sort", i), -100000, 100000, &sort) ||
		    !parse_int(field_i(ad, "arg", i), 0, 1000000000L, &arg) || !title) {
			layout_page(
			    ad, 422,
			    arena_printf(ad->p->a,
					 "Khối thứ %zu: thứ tự và mã phải là số nguyên, tiêu đề "
					 "không dài quá 200 ký tự.",
					 i + 1));
			return;
		}
		const char *html = "";
		if (strcmp(kind, "html") == 0) {
			const char *raw = field_i(ad, "html", i);
			struct safe_html *h = NULL;
			if (strlen(raw) > HTML_MAX || sanitize_html(raw, strlen(raw), &h) != 0 ||
			    !h) {
				layout_page(ad, 422, "HTML quá dài hoặc không đọc được.");
				return;
			}
			html = arena_strdup(ad->p->a, safe_html_str(h));
			safe_html_free(h);
		}
		if (strcmp(kind, "category") == 0 && !cat_find(ad->p, arg)) {
			layout_page(ad, 422,
				    arena_printf(ad->p->a,
						 "Khối thứ %zu: không có chuyên mục mã %ld.", i + 1,
						 arg));
			return;
		}
		b[n++] = (struct layout_block){.area = area,
					       .sort = (int)sort,
					       .kind = kind,
					       .arg = arg,
					       .title = title,
					       .html = html};
	}
	enum store_rc rc = store_layout_save(ad->p->st, area, b, n);
	if (rc != STORE_OK) {
		page_error(ad->p, page_status_of(rc));
		return;
	}
	nr_audit(&ad->nr, "layout.save", arena_printf(ad->p->a, "layout:%s", area),
		 arena_printf(ad->p->a, "%zu khối", n));
	if (ad->nr.changed)
		ad->nr.changed(ad->nr.changed_cls);
	admin_redirect(ad, "/admin/layout?ok=1");
}
