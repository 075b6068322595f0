/* The newsroom's operations on static pages, shared by the pages screen and the API. */
#include "admin/page_ops.h"

#include <string.h>

#include "sanitize/sanitize.h"
#include "vi/vi.h"

static void done(struct nr_ctx *ctx, const char *action, int64_t id, const char *detail)
{
	nr_audit(ctx, action, arena_printf(ctx->a, "page:%lld", (long long)id), detail);
	if (ctx->changed)
		ctx->changed(ctx->changed_cls);
}

enum nr_result nr_page_may(struct nr_ctx *ctx, enum article_action act,
			   const struct static_page *pg, struct buf *why)
{
	const char *reason = NULL;
	/* Pages lie in no category: an account limited to categories is out of their scope. */
	enum role_verdict v =
	    role_check(ctx->user, act, pg ? pg->owner_id : 0, pg ? pg->status : ARTICLE_DRAFT,
		       ctx->user->ncategories == 0, &reason);
	if (v == ROLE_ALLOWED)
		return NR_OK;
	/* The articles' reasons, said of a page. */
	static const struct {
		const char *article, *page;
	} words[] = {
	    {"Bạn không được phân công chuyên mục của bài viết này.",
	     "Tài khoản giới hạn theo chuyên mục không làm việc với trang tĩnh."},
	    {"Cộng tác viên chỉ làm việc với bài của mình.",
	     "Cộng tác viên chỉ làm việc với trang của mình."},
	    {"Bài đã gửi duyệt hoặc đã xuất bản: cộng tác viên không thể sửa nữa.",
	     "Trang đã gửi duyệt hoặc đã xuất bản: cộng tác viên không thể sửa nữa."},
	    {"Trạng thái hiện tại của bài không cho phép thao tác này.",
	     "Trạng thái hiện tại của trang không cho phép thao tác này."},
	};
	for (size_t i = 0; reason && i < sizeof words / sizeof words[0]; i++)
		if (strcmp(reason, words[i].article) == 0)
			reason = words[i].page;
	if (reason)
		buf_puts(why, reason);
	return v == ROLE_BAD_STATUS ? NR_CONFLICT : NR_FORBIDDEN;
}

enum nr_result nr_page_get(struct nr_ctx *ctx, int64_t id, struct static_page *out, struct buf *why)
{
	enum nr_result r = nr_of_store(store_page_by_id(ctx->st, ctx->a, id, out));
	if (r == NR_NOTFOUND)
		buf_puts(why, "Không có trang này.");
	return r == NR_OK ? nr_page_may(ctx, ACT_VIEW, out, why) : r;
}

/* Trims and normalises s; NULL when it is not text or longer than max code points. */
static const char *clean(struct arena *a, const char *s, size_t max_cp)
{
	struct buf b = BUF_INIT;
	const char *out = NULL;
	if (vi_nfc(s, strlen(s), &b) == 0) {
		const char *start = buf_cstr(&b);
		size_t len = strlen(start);
		while (len && strchr(" \t\r\n", start[len - 1]))
			len--;
		while (len && strchr(" \t\r\n", *start)) {
			start++;
			len--;
		}
		size_t cp = 0;
		for (size_t i = 0; i < len; i++)
			cp += ((unsigned char)start[i] & 0xC0) != 0x80;
		if (cp <= max_cp)
			out = arena_strndup(a, start, len);
	}
	buf_free(&b);
	return out;
}

/* Applies f over pg (a copy of the stored page, or an empty one); NULL, or why not. */
/* The English version (issue 13): both optional (a page without an English title is absent
 * from /en/), the body through the same sanitiser. */
static const char *apply_english(struct nr_ctx *ctx, struct static_page *pg,
				 const struct page_fields *f)
{
	if (!pg->title_en)
		pg->title_en = "";
	if (!pg->body_en)
		pg->body_en = "";
	if (f->title_en) {
		pg->title_en = clean(ctx->a, f->title_en, PAGE_TITLE_MAX_CP);
		if (!pg->title_en)
			return "Tiêu đề tiếng Anh không dài quá 200 ký tự.";
	}
	if (f->body_en) {
		struct safe_html *h = NULL;
		if (strlen(f->body_en) > PAGE_BODY_MAX ||
		    sanitize_html(f->body_en, strlen(f->body_en), &h) != 0)
			return "Nội dung tiếng Anh quá dài hoặc không đọc được.";
		pg->body_en = arena_strdup(ctx->a, safe_html_str(h));
		safe_html_free(h);
	}
	if (*pg->body_en && !*pg->title_en)
		return "Nội dung tiếng Anh cần có tiêu đề tiếng Anh.";
	return NULL;
}

static const char *apply(struct nr_ctx *ctx, struct static_page *pg, const struct page_fields *f)
{
	if (f->title) {
		pg->title = clean(ctx->a, f->title, PAGE_TITLE_MAX_CP);
		if (!pg->title || !*pg->title)
			return "Tiêu đề không được để trống và không dài quá 200 ký tự.";
	}
	if (!*pg->title)
		return "Tiêu đề không được để trống và không dài quá 200 ký tự.";
	if (f->slug || !*pg->slug) {
		const char *from = f->slug && *f->slug ? f->slug : pg->title;
		struct buf b = BUF_INIT;
		vi_slug(from, strlen(from), PAGE_SLUG_MAX, &b);
		pg->slug = arena_strdup(ctx->a, buf_cstr(&b));
		buf_free(&b);
		if (!*pg->slug)
			return "Đường dẫn của trang không hợp lệ.";
	}
	if (f->has_parent)
		pg->parent_id = f->parent_id;
	if (f->has_position)
		pg->position = f->position;
	if (pg->parent_id < 0 || pg->position < -1000000 || pg->position > 1000000)
		return "Trang cha hoặc thứ tự không hợp lệ.";
	if (f->body_html) {
		struct safe_html *h = NULL;
		if (strlen(f->body_html) > PAGE_BODY_MAX ||
		    sanitize_html(f->body_html, strlen(f->body_html), &h) != 0)
			return "Nội dung quá dài hoặc không đọc được.";
		pg->body_html = arena_strdup(ctx->a, safe_html_str(h));
		safe_html_free(h);
	}
	return apply_english(ctx, pg, f);
}

/* Writes pg (a new page when pg->id is 0) from based_on, with the reasons of a refusal. */
static enum nr_result write(struct nr_ctx *ctx, const struct static_page *pg, int64_t based_on,
			    int64_t *id, struct buf *why)
{
	struct page_save how = {.expect_revision = based_on, .editor_id = ctx->user->id};
	enum store_rc rc = store_page_save(ctx->st, pg, &how, id);
	if (rc == STORE_CONFLICT && pg->id && based_on) {
		struct static_page now;
		bool stale = store_page_by_id(ctx->st, ctx->a, pg->id, &now) == STORE_OK &&
			     now.revision != based_on;
		buf_puts(why, stale
				  ? "Trang đã được người khác sửa (phiên bản mới hơn): hãy tải "
				    "lại và sửa trên phiên bản mới nhất."
				  : "Đã có trang khác với đường dẫn này: hãy chọn đường dẫn khác.");
	} else if (rc == STORE_CONFLICT) {
		buf_puts(why, "Đã có trang khác với đường dẫn này: hãy chọn đường dẫn khác.");
	} else if (rc == STORE_INVALID) {
		buf_puts(why, "Không thể đặt trang dưới chính nó hoặc trang con của nó, hay dưới "
			      "một trang không có.");
	}
	return nr_of_store(rc);
}

enum nr_result nr_page_save(struct nr_ctx *ctx, int64_t id, int64_t based_on,
			    const struct page_fields *f, int64_t *out, struct buf *why)
{
	struct static_page pg = {.slug = "", .title = "", .body_html = ""};
	enum nr_result r = NR_OK;
	if (id) {
		r = nr_page_get(ctx, id, &pg, why);
		if (r == NR_OK)
			r = nr_page_may(ctx, ACT_EDIT, &pg, why);
	} else {
		r = nr_page_may(ctx, ACT_CREATE, NULL, why);
		pg.status = ARTICLE_DRAFT;
		pg.owner_id = ctx->user->id;
	}
	if (r != NR_OK)
		return r;
	const char *bad = apply(ctx, &pg, f);
	if (bad) {
		buf_puts(why, bad);
		return NR_INVALID;
	}
	if (pg.parent_id) {
		struct static_page parent;
		if (store_page_by_id(ctx->st, ctx->a, pg.parent_id, &parent) != STORE_OK) {
			buf_puts(why, "Không có trang cha này.");
			return NR_INVALID;
		}
	}
	int64_t newid = id;
	r = write(ctx, &pg, based_on, &newid, why);
	if (r == NR_OK) {
		*out = newid;
		done(ctx, id ? "page.update" : "page.create", newid, pg.slug);
	}
	return r;
}

const char *nr_page_action_code(enum article_action act)
{
	switch (act) {
	case ACT_SUBMIT:
		return "page.submit";
	case ACT_RETURN:
		return "page.return";
	case ACT_PUBLISH:
		return "page.publish";
	case ACT_UNPUBLISH:
		return "page.unpublish";
	default:
		return "page.action";
	}
}

enum nr_result nr_page_transition(struct nr_ctx *ctx, int64_t id, enum article_action act,
				  struct buf *why)
{
	static const enum article_status to[ACT_MAX] = {
	    [ACT_SUBMIT] = ARTICLE_SUBMITTED,
	    [ACT_RETURN] = ARTICLE_DRAFT,
	    [ACT_PUBLISH] = ARTICLE_PUBLISHED,
	    [ACT_UNPUBLISH] = ARTICLE_UNPUBLISHED,
	};
	if (act != ACT_SUBMIT && act != ACT_RETURN && act != ACT_PUBLISH && act != ACT_UNPUBLISH) {
		buf_puts(why, "Thao tác không hợp lệ.");
		return NR_INVALID;
	}
	struct static_page pg;
	enum nr_result r = nr_page_get(ctx, id, &pg, why);
	if (r == NR_OK)
		r = nr_page_may(ctx, act, &pg, why);
	if (r == NR_OK)
		r = nr_of_store(store_page_set_status(ctx->st, id, to[act]));
	if (r == NR_OK)
		done(ctx, nr_page_action_code(act), id, pg.slug);
	return r;
}

enum nr_result nr_page_restore(struct nr_ctx *ctx, int64_t id, int64_t rev, struct buf *why)
{
	struct static_page pg;
	struct page_revision old;
	enum nr_result r = nr_page_get(ctx, id, &pg, why);
	if (r == NR_OK)
		r = nr_page_may(ctx, ACT_EDIT, &pg, why);
	if (r == NR_OK) {
		r = nr_of_store(store_page_revision_get(ctx->st, ctx->a, id, rev, &old));
		if (r == NR_NOTFOUND)
			buf_puts(why, "Không có phiên bản này.");
	}
	if (r != NR_OK)
		return r;
	pg.title = old.title;
	pg.slug = old.slug;
	pg.body_html = old.body_html;
	pg.position = old.position;
	/* The old parent only while it still exists and is not below the page now. */
	struct static_page parent;
	if (old.parent_id && old.parent_id != id &&
	    store_page_by_id(ctx->st, ctx->a, old.parent_id, &parent) == STORE_OK)
		pg.parent_id = old.parent_id;
	int64_t same = id;
	r = write(ctx, &pg, pg.revision, &same, why);
	if (r == NR_INVALID) { /* the old parent is below the page now: keep the current one */
		struct static_page now;
		buf_reset(why);
		if (store_page_by_id(ctx->st, ctx->a, id, &now) == STORE_OK) {
			pg.parent_id = now.parent_id;
			r = write(ctx, &pg, pg.revision, &same, why);
		}
	}
	if (r == NR_OK)
		done(ctx, "page.restore", id, arena_printf(ctx->a, "%lld", (long long)rev));
	return r;
}

enum nr_result nr_page_delete(struct nr_ctx *ctx, int64_t id, struct buf *why)
{
	struct static_page pg;
	enum nr_result r = nr_page_get(ctx, id, &pg, why);
	if (r == NR_OK && (role_of_user(ctx->user) < ROLE_PUBLISHER || ctx->user->ncategories)) {
		buf_puts(why, "Chỉ người duyệt và quản trị được xóa trang tĩnh.");
		r = NR_FORBIDDEN;
	}
	if (r == NR_OK) {
		r = nr_of_store(store_page_delete(ctx->st, id));
		if (r == NR_CONFLICT)
			buf_puts(why, "Trang còn trang con: hãy chuyển hoặc xóa chúng trước.");
	}
	if (r == NR_OK)
		done(ctx, "page.delete", id, pg.slug);
	return r;
}
