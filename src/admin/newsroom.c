/* The newsroom's article operations: role checks, sanitising, revisions, audit, cache drops. */
#include "admin/newsroom.h"
#include "admin/compliance.h"

#include <string.h>
#include <time.h>

#include "sanitize/sanitize.h"
#include "vi/vi.h"

#define TITLE_MAX 1000
#define LEAD_MAX 5000
#define NAME_MAX_CP 200
#define IMAGE_SRC_MAX 1000
#define BODY_MAX (2u << 20)
#define SLUG_MAX 80

const struct nr_action nr_actions[NR_ACTION_MAX] = {
    [NR_SUBMIT] = {"submit", ACT_SUBMIT, false, NULL},
    [NR_RETURN] = {"return", ACT_RETURN, false, "comment"},
    [NR_PUBLISH] = {"publish", ACT_PUBLISH, false, "at"},
    [NR_UNPUBLISH] = {"unpublish", ACT_UNPUBLISH, false, NULL},
    [NR_FEATURE] = {"feature", ACT_FEATURE, true, NULL},
    [NR_UNFEATURE] = {"unfeature", ACT_FEATURE, false, NULL},
};

static const char *const state_labels[ARTICLE_STATE_MAX] = {[STATE_DRAFT] = "Nháp",
							    [STATE_SUBMITTED] = "Chờ duyệt",
							    [STATE_RETURNED] = "Bị trả lại",
							    [STATE_SCHEDULED] = "Đã lên lịch",
							    [STATE_PUBLISHED] = "Đã xuất bản",
							    [STATE_UNPUBLISHED] = "Đã gỡ",
							    [STATE_EXPIRED] = "Hết hạn"};

const char *nr_state_label(enum article_state s)
{
	return (unsigned)s < ARTICLE_STATE_MAX ? state_labels[s] : "";
}

enum article_state nr_state(const struct article *a, int64_t now)
{
	return article_state_of(a->status, a->note && *a->note, a->published_at, a->expires_at,
				now);
}

int nr_status(enum nr_result r)
{
	static const int status[NR_RESULT_MAX] = {200, 404, 403, 409, 422, 503, 500};
	return (unsigned)r < NR_RESULT_MAX ? status[r] : 500;
}

enum nr_result nr_of_store(enum store_rc rc)
{
	switch (rc) {
	case STORE_OK:
		return NR_OK;
	case STORE_NOTFOUND:
		return NR_NOTFOUND;
	case STORE_CONFLICT:
		return NR_CONFLICT;
	case STORE_INVALID:
		return NR_INVALID;
	case STORE_UNAVAILABLE:
		return NR_UNAVAILABLE;
	default:
		return NR_ERROR;
	}
}

void nr_fields_init(struct nr_fields *f)
{
	memset(f, 0, sizeof(*f));
	f->expires_at = -1;
}

enum nr_result nr_begin(struct nr_ctx *ctx)
{
	return nr_of_store(store_categories(ctx->st, ctx->a, &ctx->cats, &ctx->ncats));
}

void nr_audit(struct nr_ctx *ctx, const char *action, const char *object, const char *detail)
{
	struct audit_entry e = {.at = (int64_t)time(NULL),
				.user_id = ctx->user ? ctx->user->id : 0,
				.user_name = ctx->user ? ctx->user->name : "",
				.address = ctx->address ? ctx->address : "",
				.action = action,
				.object = object,
				.detail = detail ? detail : ""};
	store_audit_add(ctx->st, &e);
}

static void changed(struct nr_ctx *ctx)
{
	if (ctx->changed)
		ctx->changed(ctx->changed_cls);
}

static size_t code_points(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* NFC and trimmed copy of s in the arena; NULL (with why) when it is not valid text or too long. */
static const char *clean(struct nr_ctx *ctx, const char *s, size_t max_cp, const char *label,
			 struct buf *why)
{
	struct buf b = BUF_INIT;
	if (vi_nfc(s, strlen(s), &b) != 0) {
		buf_printf(why, "%s không phải văn bản hợp lệ.", label);
		return NULL;
	}
	const char *start = buf_cstr(&b);
	while (*start == ' ' || *start == '\t' || *start == '\n' || *start == '\r')
		start++;
	size_t len = strlen(start);
	while (len && (start[len - 1] == ' ' || start[len - 1] == '\t' || start[len - 1] == '\n' ||
		       start[len - 1] == '\r'))
		len--;
	const char *out = arena_strndup(ctx->a, start, len);
	buf_free(&b);
	if (code_points(out) > max_cp) {
		buf_printf(why, "%s dài quá %zu ký tự.", label, max_cp);
		return NULL;
	}
	return out;
}

static const struct category *find_cat(const struct nr_ctx *ctx, int64_t id)
{
	for (size_t i = 0; i < ctx->ncats; i++)
		if (ctx->cats[i].id == id)
			return &ctx->cats[i];
	return NULL;
}

static void free_safe(void *p)
{
	safe_html_free(p);
}

/* The content of an article being written: the stored one with the sent fields laid over it. */
struct draft {
	struct article_put put;
	struct buf slug;
};

/* A featured image's address: a path of the media library or an absolute http(s) URL. */
static bool image_src_ok(const char *s)
{
	bool local = strncmp(s, "/media/", 7) == 0 && !strstr(s, "..");
	bool remote = strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
	return !*s || ((local || remote) && !strpbrk(s, " \"'<>\\`"));
}

static enum nr_result apply_image(struct nr_ctx *ctx, const struct nr_fields *f,
				  struct article_put *p, struct buf *why)
{
	const struct {
		const char *in;
		const char **out;
		size_t max;
		const char *label;
	} text[] = {
	    {f->image_src, &p->image.src, IMAGE_SRC_MAX, "Ảnh đại diện"},
	    {f->image_alt, &p->image.alt, NAME_MAX_CP, "Mô tả ảnh (alt)"},
	    {f->image_caption, &p->image.caption, NAME_MAX_CP, "Chú thích ảnh"},
	};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		if (text[i].in &&
		    !(*text[i].out = clean(ctx, text[i].in, text[i].max, text[i].label, why)))
			return NR_INVALID;
	if (!image_src_ok(p->image.src)) {
		buf_puts(why, "Ảnh đại diện phải là ảnh trong thư viện (/media/...) hoặc một địa "
			      "chỉ http(s).");
		return NR_INVALID;
	}
	if (!*p->image.src)
		p->image.alt = p->image.caption = "";
	return NR_OK;
}

/* An article with a featured image is published only with the image's text alternative. */
static bool image_needs_alt(const struct article_image *img)
{
	return img->src && *img->src && (!img->alt || !*img->alt);
}

static const char *const no_alt =
    "Ảnh đại diện chưa có mô tả (alt): hãy nhập mô tả ảnh cho người đọc không nhìn thấy ảnh "
    "trước khi xuất bản.";

static enum nr_result apply_fields(struct nr_ctx *ctx, const struct nr_fields *f, struct draft *d,
				   struct buf *why)
{
	struct article_put *p = &d->put;
	const struct {
		const char *in;
		const char **out;
		size_t max;
		const char *label;
	} text[] = {
	    {f->title, &p->title, TITLE_MAX, "Tiêu đề"},
	    {f->lead, &p->lead, LEAD_MAX, "Sapo"},
	    {f->author, &p->author, NAME_MAX_CP, "Tác giả"},
	    {f->signature, &p->signature, NAME_MAX_CP, "Bút danh"},
	    {f->source, &p->source, NAME_MAX_CP, "Nguồn"},
	};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		if (text[i].in &&
		    !(*text[i].out = clean(ctx, text[i].in, text[i].max, text[i].label, why)))
			return NR_INVALID;
	if (!p->title || !*p->title) {
		buf_puts(why, "Tiêu đề không được để trống.");
		return NR_INVALID;
	}
	if (f->body_html) {
		struct safe_html *h = NULL;
		if (strlen(f->body_html) > BODY_MAX ||
		    sanitize_html(f->body_html, strlen(f->body_html), &h) != 0) {
			buf_puts(why, "Nội dung quá dài hoặc không phải văn bản hợp lệ.");
			return NR_INVALID;
		}
		arena_on_free(ctx->a, free_safe, h);
		p->body_html = safe_html_str(h);
	}
	if (f->category_id)
		p->category_id = f->category_id;
	if (!find_cat(ctx, p->category_id)) {
		buf_puts(why, "Chuyên mục không tồn tại.");
		return NR_INVALID;
	}
	if (f->has_tags) {
		const char **tags = arena_alloc(ctx->a, (f->ntags + 1) * sizeof(*tags));
		size_t n = 0;
		for (size_t i = 0; i < f->ntags && n < 50; i++) {
			const char *t = clean(ctx, f->tags[i], 100, "Chủ đề", why);
			if (!t)
				return NR_INVALID;
			bool dup = !*t;
			for (size_t j = 0; j < n && !dup; j++)
				dup = strcmp(tags[j], t) == 0;
			if (!dup)
				tags[n++] = t;
		}
		p->tags = tags;
		p->ntags = n;
	}
	if (f->expires_at >= 0)
		p->expires_at = f->expires_at;
	if (apply_image(ctx, f, p, why) != NR_OK)
		return NR_INVALID;
	buf_reset(&d->slug);
	vi_slug(p->title, strlen(p->title), SLUG_MAX, &d->slug);
	p->slug = d->slug.len ? buf_cstr(&d->slug) : "bai-viet";
	return NR_OK;
}

static enum nr_result check(struct nr_ctx *ctx, enum article_action act, int64_t owner,
			    enum article_status status, int64_t category_id, struct buf *why)
{
	bool scope = role_in_scope(ctx->user, category_id, ctx->cats, ctx->ncats);
	const char *no = NULL;
	enum role_verdict v = role_check(ctx->user, act, owner, status, scope, &no);
	if (v == ROLE_ALLOWED)
		return NR_OK;
	buf_puts(why, no);
	return v == ROLE_BAD_STATUS ? NR_CONFLICT : NR_FORBIDDEN;
}

enum nr_result nr_create(struct nr_ctx *ctx, const struct nr_fields *f, int64_t *id,
			 struct buf *why)
{
	struct draft d = {.put = {.status = ARTICLE_DRAFT,
				  .owner_id = ctx->user->id,
				  .editor_id = ctx->user->id,
				  .body_html = "",
				  .lead = "",
				  .author = ctx->user->display_name,
				  .signature = "",
				  .source = "",
				  .image = {"", "", ""}}};
	enum nr_result r = apply_fields(ctx, f, &d, why);
	if (r == NR_OK)
		r = check(ctx, ACT_CREATE, ctx->user->id, ARTICLE_DRAFT, d.put.category_id, why);
	if (r == NR_OK)
		r = nr_of_store(store_article_put(ctx->st, &d.put, id));
	if (r == NR_OK)
		nr_audit(ctx, "article.create",
			 arena_printf(ctx->a, "article:%lld", (long long)*id), d.put.title);
	buf_free(&d.slug);
	return r;
}

enum nr_result nr_get(struct nr_ctx *ctx, int64_t id, struct article *out, struct buf *why)
{
	enum nr_result r = nr_of_store(store_article_get(ctx->st, ctx->a, id, out));
	if (r == NR_NOTFOUND)
		buf_puts(why, "Không có bài viết này.");
	if (r == NR_OK)
		r = check(ctx, ACT_VIEW, out->owner_id, out->status, out->category_id, why);
	return r;
}

/* The put that rewrites article a as it is (the base on which fields are laid). */
static void put_of(const struct article *a, struct article_put *p)
{
	*p = (struct article_put){.id = a->id,
				  .category_id = a->category_id,
				  .status = a->status,
				  .published_at = a->published_at,
				  .title = a->title,
				  .lead = a->lead,
				  .body_html = a->body_html,
				  .author = a->author,
				  .signature = a->signature,
				  .source = a->source,
				  .image = a->image,
				  .tags = a->tags,
				  .ntags = a->ntags,
				  .expires_at = a->expires_at};
}

static bool same_str(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

/* Whether the put would store what article a holds already. */
static bool same_content(const struct article *a, const struct article_put *p)
{
	if (!same_str(a->title, p->title) || !same_str(a->lead, p->lead) ||
	    !same_str(a->body_html, p->body_html) || !same_str(a->author, p->author) ||
	    !same_str(a->signature, p->signature) || !same_str(a->source, p->source) ||
	    a->category_id != p->category_id || a->expires_at != p->expires_at ||
	    a->ntags != p->ntags || !same_str(a->slug, p->slug) ||
	    !same_str(a->image.src, p->image.src) || !same_str(a->image.alt, p->image.alt) ||
	    !same_str(a->image.caption, p->image.caption))
		return false;
	for (size_t i = 0; i < a->ntags; i++)
		if (!same_str(a->tags[i], p->tags[i]))
			return false;
	return true;
}

static enum nr_result save(struct nr_ctx *ctx, const struct article *a, int64_t based_on,
			   const struct nr_fields *f, const char *action, struct buf *why)
{
	struct draft d = {0};
	put_of(a, &d.put);
	d.put.expect_revision = based_on;
	d.put.editor_id = ctx->user->id;
	enum nr_result r = check(ctx, ACT_EDIT, a->owner_id, a->status, a->category_id, why);
	if (r == NR_OK)
		r = apply_fields(ctx, f, &d, why);
	if (r == NR_OK && d.put.category_id != a->category_id)
		r = check(ctx, ACT_EDIT, a->owner_id, a->status, d.put.category_id, why);
	if (r == NR_OK && a->status == ARTICLE_PUBLISHED && image_needs_alt(&d.put.image)) {
		buf_puts(why, no_alt);
		r = NR_INVALID;
	}
	if (r == NR_OK && based_on && based_on != a->revision)
		r = NR_CONFLICT;
	if (r == NR_OK && same_content(a, &d.put)) {
		buf_free(&d.slug);
		return NR_OK; /* nothing to keep: no new revision */
	}
	if (r == NR_OK)
		r = nr_of_store(store_article_put(ctx->st, &d.put, NULL));
	if (r == NR_CONFLICT)
		buf_puts(why,
			 "Bài viết vừa được người khác sửa và lưu. Nội dung của bạn chưa được "
			 "lưu và vẫn còn trong khung soạn thảo: hãy xem bản mới nhất rồi lưu lại.");
	if (r == NR_OK) {
		nr_audit(ctx, action, arena_printf(ctx->a, "article:%lld", (long long)a->id),
			 d.put.title);
		changed(ctx);
	}
	buf_free(&d.slug);
	return r;
}

enum nr_result nr_update(struct nr_ctx *ctx, int64_t id, int64_t based_on,
			 const struct nr_fields *f, struct buf *why)
{
	struct article a;
	enum nr_result r = nr_get(ctx, id, &a, why);
	return r == NR_OK ? save(ctx, &a, based_on, f, "article.save", why) : r;
}

enum nr_result nr_restore(struct nr_ctx *ctx, int64_t id, int64_t rev, struct buf *why)
{
	struct article a;
	struct revision old;
	enum nr_result r = nr_get(ctx, id, &a, why);
	if (r == NR_OK) {
		r = nr_of_store(store_revision_get(ctx->st, ctx->a, id, rev, &old));
		if (r == NR_NOTFOUND)
			buf_puts(why, "Không có phiên bản này.");
	}
	if (r != NR_OK)
		return r;
	/* Tags are kept one per line in a revision. */
	size_t ntags = 0, cap = 8;
	const char **tags = arena_alloc(ctx->a, cap * sizeof(*tags));
	char *all = arena_strdup(ctx->a, old.tags);
	for (char *line = all; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (ntags == cap) {
			const char **more = arena_alloc(ctx->a, 2 * cap * sizeof(*more));
			memcpy(more, tags, cap * sizeof(*more));
			tags = more;
			cap *= 2;
		}
		tags[ntags++] = line;
		line = nl ? nl + 1 : NULL;
	}
	struct nr_fields f;
	nr_fields_init(&f);
	f.title = old.title;
	f.lead = old.lead;
	f.body_html = old.body_html;
	f.author = old.author;
	f.signature = old.signature;
	f.source = old.source;
	f.category_id = find_cat(ctx, old.category_id) ? old.category_id : 0;
	f.tags = tags;
	f.ntags = ntags;
	f.has_tags = true;
	if (*old.image.src) { /* revisions kept before the image was (schema 20) have none */
		f.image_src = old.image.src;
		f.image_alt = old.image.alt;
		f.image_caption = old.image.caption;
	}
	return save(ctx, &a, a.revision, &f, "article.restore", why);
}

static enum nr_result do_transition(struct nr_ctx *ctx, const struct article *a,
				    enum article_action act, int64_t at, const char *comment,
				    bool on, struct buf *why)
{
	int64_t now = (int64_t)time(NULL);
	switch (act) {
	case ACT_SUBMIT:
		return nr_of_store(
		    store_article_set_status(ctx->st, a->id, ARTICLE_SUBMITTED, 0, ""));
	case ACT_RETURN:
		if (!comment || !*comment) {
			buf_puts(why, "Hãy ghi lý do trả lại bài cho tác giả.");
			return NR_INVALID;
		}
		return nr_of_store(
		    store_article_set_status(ctx->st, a->id, ARTICLE_DRAFT, 0, comment));
	case ACT_PUBLISH:
		if (image_needs_alt(&a->image)) {
			buf_puts(why, no_alt);
			return NR_INVALID;
		}
		/* Publishing again keeps a past publication time; a schedule gives its own. */
		if (!at)
			at = a->published_at && a->published_at <= now ? a->published_at : now;
		/* A republished item goes up no earlier than its original plus the delay. */
		if (nr_republish_check(ctx, a->id, at, why) != NR_OK)
			return why->len ? NR_INVALID : NR_ERROR;
		return nr_of_store(
		    store_article_set_status(ctx->st, a->id, ARTICLE_PUBLISHED, at, ""));
	case ACT_UNPUBLISH:
		return nr_of_store(
		    store_article_set_status(ctx->st, a->id, ARTICLE_UNPUBLISHED, 0, ""));
	case ACT_FEATURE:
		return nr_of_store(store_article_set_featured(ctx->st, a->id, on));
	default:
		buf_puts(why, "Thao tác không hợp lệ.");
		return NR_INVALID;
	}
}

enum nr_result nr_save_transition(struct nr_ctx *ctx, int64_t id, int64_t based_on,
				  const struct nr_fields *f, enum article_action act, int64_t at,
				  const char *comment, bool on, struct buf *why)
{
	if (!f)
		return nr_transition(ctx, id, act, at, comment, on, why);
	struct store *st = ctx->st, *tx = NULL;
	void (*drop)(void *) = ctx->changed;
	enum nr_result r = nr_of_store(store_begin(st, &tx));
	if (r != NR_OK)
		return r;
	/* Every call below runs in the transaction; caches drop once it is committed. */
	ctx->st = tx;
	ctx->changed = NULL;
	struct article a;
	r = nr_get(ctx, id, &a, why);
	if (r == NR_OK && check(ctx, ACT_EDIT, a.owner_id, a.status, a.category_id, why) == NR_OK)
		r = save(ctx, &a, based_on, f, "article.save", why);
	else if (r == NR_OK)
		buf_reset(why); /* not theirs to edit: the action alone, on what is stored */
	if (r == NR_OK)
		r = nr_transition(ctx, id, act, at, comment, on, why);
	ctx->st = st;
	ctx->changed = drop;
	if (r == NR_OK)
		r = nr_of_store(store_commit(tx));
	else
		store_rollback(tx);
	if (r == NR_OK)
		changed(ctx);
	return r;
}

enum nr_result nr_transition(struct nr_ctx *ctx, int64_t id, enum article_action act, int64_t at,
			     const char *comment, bool on, struct buf *why)
{
	struct article a;
	enum nr_result r = nr_get(ctx, id, &a, why);
	if (r == NR_OK)
		r = check(ctx, act, a.owner_id, a.status, a.category_id, why);
	const char *note = NULL;
	if (r == NR_OK && comment) {
		note = clean(ctx, comment, 2000, "Lý do", why);
		if (!note)
			r = NR_INVALID;
	}
	if (r == NR_OK)
		r = do_transition(ctx, &a, act, at, note, on, why);
	if (r == NR_OK) {
		const char *name = act == ACT_FEATURE ? (on ? "feature" : "unfeature")
				   : act == ACT_PUBLISH && at > (int64_t)time(NULL)
				       ? "schedule"
				       : role_action_name(act);
		nr_audit(ctx, arena_printf(ctx->a, "article.%s", name),
			 arena_printf(ctx->a, "article:%lld", (long long)id),
			 note && *note ? note : a.title);
		changed(ctx);
	}
	return r;
}

enum nr_result nr_delete(struct nr_ctx *ctx, int64_t id, struct buf *why)
{
	struct article a;
	enum nr_result r = nr_get(ctx, id, &a, why);
	if (r != NR_OK)
		return r;
	if (role_of_user(ctx->user) < ROLE_PUBLISHER ||
	    !role_in_scope(ctx->user, a.category_id, ctx->cats, ctx->ncats)) {
		buf_puts(why, "Chỉ người duyệt hoặc quản trị của chuyên mục mới được xóa bài.");
		return NR_FORBIDDEN;
	}
	r = nr_of_store(store_article_delete(ctx->st, id));
	if (r == NR_OK) {
		nr_audit(ctx, "article.delete", arena_printf(ctx->a, "article:%lld", (long long)id),
			 a.title);
		changed(ctx);
	}
	return r;
}
