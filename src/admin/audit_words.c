/* The audit log in words: each action code as Vietnamese, each object as a name and a link. */
#include "admin/admin-int.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *code, *words;
} actions[] = {
    {"login", "Đăng nhập"},
    {"login.failed", "Đăng nhập sai"},
    {"logout", "Đăng xuất"},
    {"password.change", "Đổi mật khẩu"},
    {"password.failed", "Đổi mật khẩu không thành công"},
    {"article.create", "Tạo bài viết"},
    {"article.save", "Lưu bài viết"},
    {"article.restore", "Khôi phục phiên bản"},
    {"article.submit", "Gửi duyệt"},
    {"article.return", "Trả lại tác giả"},
    {"article.publish", "Xuất bản"},
    {"article.schedule", "Hẹn giờ xuất bản"},
    {"article.unpublish", "Gỡ bài"},
    {"article.feature", "Đưa lên tin nổi bật"},
    {"article.unfeature", "Bỏ khỏi tin nổi bật"},
    {"translation.save", "Lưu bản dịch bài viết"},
    {"translation.delete", "Xóa bản dịch bài viết"},
    {"category.add", "Thêm chuyên mục"},
    {"category.update", "Sửa chuyên mục"},
    {"category.delete", "Xóa chuyên mục"},
    {"tag.rename", "Đổi tên chủ đề"},
    {"tag.delete", "Xóa chủ đề"},
    {"user.add", "Thêm tài khoản"},
    {"user.update", "Sửa tài khoản"},
    {"user.disable", "Khóa tài khoản"},
    {"user.password", "Đặt lại mật khẩu"},
    {"media.upload", "Tải ảnh lên"},
    {"media.describe", "Sửa mô tả ảnh"},
    {"media.delete", "Xóa ảnh"},
    {"settings.save", "Lưu cài đặt"},
    {"audit.export", "Tải nhật ký về"},
    {"page.create", "Tạo trang tĩnh"},
    {"page.update", "Sửa trang tĩnh"},
    {"page.delete", "Xóa trang tĩnh"},
    {"page.submit", "Gửi duyệt trang tĩnh"},
    {"page.return", "Trả trang tĩnh về nháp"},
    {"page.publish", "Xuất bản trang tĩnh"},
    {"page.unpublish", "Gỡ trang tĩnh"},
    {"page.restore", "Khôi phục phiên bản trang tĩnh"},
    {"unit.create", "Thêm đơn vị"},
    {"unit.update", "Sửa đơn vị"},
    {"unit.delete", "Xóa đơn vị"},
    {"person.create", "Thêm cán bộ"},
    {"person.update", "Sửa thông tin cán bộ"},
    {"person.delete", "Xóa cán bộ"},
};

const char *admin_audit_words(const char *code)
{
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(actions[i].code, code) == 0)
			return actions[i].words;
	return code; /* a code added without words: shown as it is rather than hidden */
}

static const struct {
	const char *prefix, *name, *url; /* url: %lld takes the id; NULL: the list */
} kinds[] = {
    {"article:", "Bài viết", "/admin/articles/%lld"},
    {"user:", "Tài khoản", "/admin/users/%lld"},
    {"category:", "Chuyên mục", NULL},
    {"tag:", "Chủ đề", NULL},
    {"media:", "Ảnh", "/admin/media/%lld"},
    {"page:", "Trang tĩnh", "/admin/pages/%lld"},
    {"unit:", "Đơn vị", "/admin/units/%lld"},
    {"person:", "Cán bộ", "/admin/people/%lld"},
};

static const char *const kind_lists[] = {
    NULL, NULL, "/admin/categories", "/admin/tags", "/admin/media", NULL, NULL, NULL};

void admin_audit_object(struct admin *ad, struct tv *it, const char *object)
{
	struct arena *a = ad->p->a;
	if (strcmp(object, "settings") == 0) {
		tv_str(it, "object", "Cài đặt trang");
		tv_str(it, "object_url", "/admin/settings");
		return;
	}
	if (strcmp(object, "audit") == 0) {
		tv_str(it, "object", "Nhật ký");
		return;
	}
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t n = strlen(kinds[i].prefix);
		if (strncmp(object, kinds[i].prefix, n) != 0)
			continue;
		long long id = strtoll(object + n, NULL, 10);
		tv_str(it, "object", arena_printf(a, "%s #%lld", kinds[i].name, id));
		if (id > 0)
			tv_str(it, "object_url",
			       kinds[i].url ? arena_printf(a, kinds[i].url, id) : kind_lists[i]);
		return;
	}
	tv_str(it, "object", object);
}
