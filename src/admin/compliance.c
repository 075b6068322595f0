/* The newsroom's compliance operations: the republish rule, sources, origins and takedowns, with
 * role checks and the audit log. */
#include "admin/compliance.h"

#include <string.h>
#include <time.h>

#include "vi/vi.h"

/* "14:05 ngày 03/12/2026" in the site's zone. */
static const char *local_time(struct nr_ctx *ctx, int64_t t)
{
	const char *tz = NULL;
	if (store_setting_get(ctx->st, ctx->a, "timezone", &tz) != STORE_OK || !tz || !*tz)
		tz = "Asia/Ho_Chi_Minh";
	struct vi_tm tm;
	vi_localtime(t, tz, &tm);
	return arena_printf(ctx->a, "%02d:%02d ngày %02d/%02d/%04d", tm.hour, tm.min, tm.day,
			    tm.month, tm.year);
}

/* Refuses an article whose source does not allow republishing. */
static enum nr_result source_allows(struct nr_ctx *ctx, int64_t id, struct buf *why)
{
	struct article_origin o;
	struct source s;
	enum store_rc rc = store_origin_get(ctx->st, ctx->a, id, &o);
	if (rc == STORE_OK && o.source_id)
		rc = store_source_get(ctx->st, ctx->a, o.source_id, &s);
	else if (rc == STORE_OK || rc == STORE_NOTFOUND)
		return NR_OK;
	if (rc != STORE_OK)
		return nr_of_store(rc);
	if (s.republish)
		return NR_OK;
	buf_printf(why, "Nguồn tin \"%s\" không cho phép đăng lại: không thể xuất bản bài này.",
		   s.name);
	return NR_INVALID;
}

enum nr_result nr_republish_check(struct nr_ctx *ctx, int64_t id, int64_t at, struct buf *why)
{
	int64_t earliest = 0;
	enum nr_result r = source_allows(ctx, id, why);
	if (r == NR_OK)
		r = nr_of_store(store_republish_earliest(ctx->st, id, &earliest));
	if (r != NR_OK || at >= earliest)
		return r;
	buf_printf(why,
		   "Bài đăng lại chỉ được xuất bản từ %s, sau thời điểm đăng của bài gốc theo "
		   "quy định.",
		   local_time(ctx, earliest));
	return NR_INVALID;
}

static bool may_manage_sources(const struct nr_ctx *ctx, struct buf *why)
{
	if (role_of_user(ctx->user) >= ROLE_PUBLISHER)
		return true;
	buf_puts(why, "Chỉ người duyệt hoặc quản trị mới được quản lý nguồn tin.");
	return false;
}

enum nr_result nr_source_save(struct nr_ctx *ctx, const struct source *s, int64_t *id,
			      struct buf *why)
{
	if (!may_manage_sources(ctx, why))
		return NR_FORBIDDEN;
	if (!s->name || !*s->name || strlen(s->name) > 300) {
		buf_puts(why, "Hãy nhập tên nguồn tin (tối đa 300 ký tự).");
		return NR_INVALID;
	}
	if (s->website && *s->website && strncmp(s->website, "https://", 8) != 0 &&
	    strncmp(s->website, "http://", 7) != 0) {
		buf_puts(why, "Địa chỉ trang web phải bắt đầu bằng http:// hoặc https://.");
		return NR_INVALID;
	}
	int64_t got = 0;
	enum nr_result r = nr_of_store(store_source_put(ctx->st, s, &got));
	if (r == NR_CONFLICT)
		buf_puts(why, "Đã có nguồn tin mang tên này.");
	if (r == NR_OK) {
		nr_audit(ctx, s->id ? "source.update" : "source.add",
			 arena_printf(ctx->a, "source:%lld", (long long)got), s->name);
		if (id)
			*id = got;
	}
	return r;
}

enum nr_result nr_source_delete(struct nr_ctx *ctx, int64_t id, struct buf *why)
{
	if (!may_manage_sources(ctx, why))
		return NR_FORBIDDEN;
	enum nr_result r = nr_of_store(store_source_delete(ctx->st, id));
	if (r == NR_CONFLICT)
		buf_puts(why, "Nguồn tin đang được bài viết dùng nên không xóa được.");
	if (r == NR_OK)
		nr_audit(ctx, "source.delete", arena_printf(ctx->a, "source:%lld", (long long)id),
			 "");
	return r;
}

enum nr_result nr_origin_set(struct nr_ctx *ctx, int64_t id, const struct article_origin *o,
			     struct buf *why)
{
	struct article a;
	enum nr_result r = nr_get(ctx, id, &a, why);
	if (r != NR_OK)
		return r;
	if (role_of_user(ctx->user) < ROLE_EDITOR && a.owner_id != ctx->user->id) {
		buf_puts(why, "Bạn không được sửa bài này.");
		return NR_FORBIDDEN;
	}
	const char *url = o->original_url ? o->original_url : "";
	if (*url && strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) {
		buf_puts(why, "Địa chỉ bài gốc phải bắt đầu bằng http:// hoặc https://.");
		return NR_INVALID;
	}
	struct article_origin x = *o;
	x.article_id = id;
	x.original_url = url;
	int64_t minutes = 0;
	r = nr_of_store(store_setting_num(ctx->st, SETTING_REPUBLISH_MIN, &minutes));
	if (r == NR_OK && a.status == ARTICLE_PUBLISHED && x.original_at &&
	    a.published_at < x.original_at + minutes * 60) {
		buf_printf(
		    why,
		    "Bài đã xuất bản (hoặc hẹn giờ) lúc %s, sớm hơn quy định so với bài gốc: "
		    "hãy gỡ hoặc hẹn lại giờ trước.",
		    local_time(ctx, a.published_at));
		return NR_INVALID;
	}
	if (r == NR_OK)
		r = nr_of_store(store_origin_set(ctx->st, &x));
	if (r == NR_NOTFOUND)
		buf_puts(why, "Không có nguồn tin này.");
	if (r == NR_OK)
		nr_audit(ctx, "article.origin", arena_printf(ctx->a, "article:%lld", (long long)id),
			 url);
	return r;
}

enum nr_result nr_takedown_add(struct nr_ctx *ctx, int64_t id, int64_t removed_at, const char *note,
			       int64_t *takedown_id, struct buf *why)
{
	struct article a;
	enum nr_result r = nr_get(ctx, id, &a, why);
	if (r != NR_OK)
		return r;
	if (role_of_user(ctx->user) < ROLE_EDITOR) {
		buf_puts(why, "Chỉ biên tập viên trở lên mới được ghi nhận yêu cầu gỡ bài.");
		return NR_FORBIDDEN;
	}
	if (removed_at <= 0 || removed_at > (int64_t)time(NULL) + 300) {
		buf_puts(why, "Thời điểm bài gốc bị gỡ không hợp lệ (không được ở tương lai).");
		return NR_INVALID;
	}
	r = nr_of_store(store_takedown_add(ctx->st, id, removed_at, note, takedown_id));
	if (r == NR_OK)
		nr_audit(ctx, "takedown.add", arena_printf(ctx->a, "article:%lld", (long long)id),
			 arena_printf(ctx->a, "hạn gỡ %s; %s",
				      local_time(ctx, removed_at + TAKEDOWN_SECONDS),
				      note ? note : ""));
	return r;
}
