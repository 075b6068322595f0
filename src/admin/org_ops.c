/* Organisation units and people: the checks and the audited writes (org_ops.h). */
#include "admin/org_ops.h"

#include <string.h>

#include "vi/vi.h"

const char *nr_unit_check(struct arena *a, struct org_unit *u, const char *slug)
{
	struct buf b = BUF_INIT;
	const char *from = slug && *slug ? slug : u->name;
	vi_slug(from, strlen(from), ORG_SLUG_MAX, &b);
	u->slug = arena_strdup(a, b.len ? buf_cstr(&b) : "");
	buf_free(&b);
	if (!*u->name)
		return "Tên đơn vị không được để trống.";
	if (!*u->slug)
		return "Đường dẫn của đơn vị không hợp lệ.";
	if (u->parent_id < 0 || u->position < -1000000 || u->position > 1000000)
		return "Đơn vị cấp trên hoặc thứ tự không hợp lệ.";
	if (*u->website && strncmp(u->website, "https://", 8) != 0 &&
	    strncmp(u->website, "http://", 7) != 0)
		return "Trang web phải bắt đầu bằng http:// hoặc https://.";
	if (*u->email && !strchr(u->email, '@'))
		return "Thư điện tử không hợp lệ.";
	return NULL;
}

const char *nr_person_check(const struct org_person *pe)
{
	if (!*pe->name)
		return "Họ tên không được để trống.";
	if (pe->unit_id <= 0)
		return "Hãy chọn đơn vị.";
	if (pe->sort_order < -1000000 || pe->sort_order > 1000000)
		return "Thứ tự không hợp lệ.";
	if (*pe->email && !strchr(pe->email, '@'))
		return "Thư điện tử không hợp lệ.";
	if (*pe->photo && strncmp(pe->photo, "/media/", 7) != 0 &&
	    strncmp(pe->photo, "https://", 8) != 0)
		return "Ảnh phải là một ảnh trong thư viện (/media/…) hoặc địa chỉ https://.";
	return NULL;
}

static bool is_admin(struct nr_ctx *ctx, struct buf *why)
{
	if (role_of_user(ctx->user) == ROLE_ADMIN)
		return true;
	buf_puts(why, "Chỉ quản trị được sửa cơ cấu tổ chức.");
	return false;
}

static void done(struct nr_ctx *ctx, const char *action, const char *kind, int64_t id,
		 const char *name)
{
	nr_audit(ctx, action, arena_printf(ctx->a, "%s:%lld", kind, (long long)id), name);
	if (ctx->changed)
		ctx->changed(ctx->changed_cls);
}

enum nr_result nr_unit_save(struct nr_ctx *ctx, struct org_unit *u, const char *slug, int64_t *id,
			    struct buf *why)
{
	if (!is_admin(ctx, why))
		return NR_FORBIDDEN;
	const char *bad = nr_unit_check(ctx->a, u, slug);
	if (bad) {
		buf_puts(why, bad);
		return NR_INVALID;
	}
	*id = u->id;
	enum nr_result r = nr_of_store(store_unit_put(ctx->st, u, id));
	if (r == NR_CONFLICT)
		buf_puts(why, "Đã có đơn vị khác với đường dẫn này.");
	else if (r == NR_INVALID)
		buf_puts(why,
			 "Không có đơn vị cấp trên này, hoặc đó là chính đơn vị này hay đơn vị "
			 "con của nó.");
	else if (r == NR_NOTFOUND)
		buf_puts(why, "Không có đơn vị này.");
	if (r == NR_OK)
		done(ctx, u->id ? "unit.update" : "unit.create", "unit", *id, u->name);
	return r;
}

enum nr_result nr_unit_delete(struct nr_ctx *ctx, int64_t id, struct buf *why)
{
	if (!is_admin(ctx, why))
		return NR_FORBIDDEN;
	enum nr_result r = nr_of_store(store_unit_delete(ctx->st, id));
	if (r == NR_CONFLICT)
		buf_puts(why, "Đơn vị còn đơn vị con hoặc cán bộ: hãy chuyển hoặc xóa trước.");
	else if (r == NR_NOTFOUND)
		buf_puts(why, "Không có đơn vị này.");
	if (r == NR_OK)
		done(ctx, "unit.delete", "unit", id, "");
	return r;
}

enum nr_result nr_person_save(struct nr_ctx *ctx, struct org_person *pe, int64_t *id,
			      struct buf *why)
{
	if (!is_admin(ctx, why))
		return NR_FORBIDDEN;
	const char *bad = nr_person_check(pe);
	if (bad) {
		buf_puts(why, bad);
		return NR_INVALID;
	}
	*id = pe->id;
	enum nr_result r = nr_of_store(store_person_put(ctx->st, pe, id));
	if (r == NR_CONFLICT || r == NR_INVALID) {
		buf_puts(why, "Không có đơn vị này.");
		r = NR_INVALID;
	} else if (r == NR_NOTFOUND) {
		buf_puts(why, "Không có cán bộ này.");
	}
	if (r == NR_OK)
		done(ctx, pe->id ? "person.update" : "person.create", "person", *id, pe->name);
	return r;
}

enum nr_result nr_person_delete(struct nr_ctx *ctx, int64_t id, struct buf *why)
{
	if (!is_admin(ctx, why))
		return NR_FORBIDDEN;
	enum nr_result r = nr_of_store(store_person_delete(ctx->st, id));
	if (r == NR_NOTFOUND)
		buf_puts(why, "Không có cán bộ này.");
	if (r == NR_OK)
		done(ctx, "person.delete", "person", id, "");
	return r;
}
