/* Readers' comments on draft documents (góp ý dự thảo): the form's signed token, and the POST
 * within the consultation window, kept out of spam without third parties (a hidden field that
 * people leave empty, a minimum time to write, a limit per address, a length limit). */
#include "site/site-int.h"

#include <string.h>

#include <sodium.h>

#include "docs/record.h"
#include "store/documents.h"
#include "vi/vi.h"

#define KEY_SETTING "doc_form_key"
#define PER_ADDRESS_HOUR 5
#define NAME_MAX_CPS 100
#define EMAIL_MAX 200
#define BODY_MAX_CPS 5000

int site_form_key(struct page *p, unsigned char key[DOC_FORM_KEY_BYTES])
{
	for (int attempt = 0; attempt < 2; attempt++) {
		const char *hex = NULL;
		/* the primary's: a replica behind the key's creation would make another */
		if (store_setting_get(store_primary(p->st), p->a, KEY_SETTING, &hex) == STORE_OK &&
		    strlen(hex) == 2 * DOC_FORM_KEY_BYTES &&
		    sodium_hex2bin(key, DOC_FORM_KEY_BYTES, hex, strlen(hex), NULL, NULL, NULL) ==
			0)
			return 0;
		unsigned char fresh[DOC_FORM_KEY_BYTES];
		char out[2 * DOC_FORM_KEY_BYTES + 1];
		randombytes_buf(fresh, sizeof fresh);
		sodium_bin2hex(out, sizeof out, fresh, sizeof fresh);
		if (store_setting_set(p->st, KEY_SETTING, out) != STORE_OK)
			return -1;
	}
	return -1;
}

const char *site_doc_form_token(struct page *p, int64_t doc_id)
{
	unsigned char key[DOC_FORM_KEY_BYTES];
	if (site_form_key(p, key) != 0)
		return NULL;
	struct buf b = BUF_INIT;
	doc_form_token(&b, key, doc_id, p->now);
	p->form_tokens = true;
	const char *t = arena_strdup(p->a, buf_cstr(&b));
	buf_free(&b);
	sodium_memzero(key, sizeof key);
	return t;
}

/* Renders the answer page with a message for the reader. */
static void answer(struct page *p, int status, const char *doc_url, const char *message)
{
	tv_str(p->ctx, "message", message);
	tv_str(p->ctx, "back", doc_url ? doc_url : "/van-ban/");
	tv_bool(p->ctx, "sent", status == 200);
	tv_str(p->ctx, "title", "Góp ý dự thảo");
	page_render(p, status, "document_comment");
}

const char *site_clean_text(struct page *p, const char *s, size_t max, bool multiline)
{
	struct buf b = BUF_INIT;
	const char *out = NULL;
	if (s && vi_nfc(s, strlen(s), &b) == 0) {
		size_t cps = 0;
		bool ok = true;
		for (size_t i = 0; i < b.len && ok; i++) {
			unsigned char c = (unsigned char)b.data[i];
			cps += (c & 0xC0) != 0x80;
			ok = !((c < 0x20 || c == 0x7F) && !(multiline && (c == '\n' || c == '\r')));
		}
		size_t start = 0, end = b.len;
		while (start < end && strchr(" \t\r\n", b.data[start]))
			start++;
		while (end > start && strchr(" \t\r\n", b.data[end - 1]))
			end--;
		if (ok && cps <= max)
			out = arena_strndup(p->a, b.data + start, end - start);
	}
	buf_free(&b);
	return out;
}

bool site_email_ok(const char *e)
{
	const char *at = strchr(e, '@');
	return !*e || (at && at != e && at[1] && !strchr(at + 1, '@') && !strpbrk(e, " \t<>\"'") &&
		       strlen(e) <= EMAIL_MAX);
}

int site_form_spam_check(struct page *p, const struct http_form *f, const struct site_form_rules *r,
			 const char **why)
{
	const char *trap = http_form_get(f, "website");
	if (trap && *trap) {
		*why = r->trapped;
		return 400;
	}
	unsigned char key[DOC_FORM_KEY_BYTES];
	if (site_form_key(p, key) != 0) {
		*why = "Hệ thống đang bận, vui lòng thử lại sau.";
		return 503;
	}
	enum doc_form_rc rc = doc_form_check(key, http_form_get(f, "t"), r->form_id, p->now);
	sodium_memzero(key, sizeof key);
	if (rc == DOC_FORM_TOO_FAST) {
		*why = "Bạn gửi quá nhanh. Vui lòng đợi vài giây rồi gửi lại.";
		return 429;
	}
	if (rc != DOC_FORM_OK) {
		*why = "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi gửi lại.";
		return 400;
	}
	int64_t hits = 0;
	const char *k = arena_printf(p->a, "%s:%s", r->throttle, p->req->client_addr);
	if (store_throttle_count(p->st, k, p->now - 3600, &hits) != STORE_OK ||
	    hits >= r->per_hour) {
		*why = r->flooded;
		return 429;
	}
	return 0;
}

/* The comment's fields; returns 0 or 400 with *why set. */
static int read_comment(struct page *p, const struct http_form *f, struct doc_comment *k,
			const char **why)
{
	k->name = site_clean_text(p, http_form_get(f, "name"), NAME_MAX_CPS, false);
	k->email = site_clean_text(p, http_form_get(f, "email") ? http_form_get(f, "email") : "",
				   EMAIL_MAX, false);
	k->body = site_clean_text(p, http_form_get(f, "body"), BODY_MAX_CPS, true);
	if (!k->name || !*k->name)
		*why = "Vui lòng nhập họ tên (tối đa 100 ký tự).";
	else if (!k->email || !site_email_ok(k->email))
		*why = "Địa chỉ email không hợp lệ.";
	else if (!k->body || !*k->body)
		*why = "Vui lòng nhập nội dung góp ý (tối đa 5.000 ký tự).";
	return *why ? 400 : 0;
}

void page_document_comment(struct page *p, int64_t id)
{
	struct document d;
	enum store_rc rc = store_doc_get(p->st, p->a, id, &d);
	if (rc == STORE_OK && !d.published)
		rc = STORE_NOTFOUND;
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	const char *url = site_document_url(p, d.id, d.slug);
	int32_t today = doc_date_today(p->now, p->tz);
	if (d.comment_from == STORE_NO_DATE || today < d.comment_from || today > d.comment_until) {
		answer(p, 403, url, "Văn bản này hiện không trong thời gian lấy ý kiến.");
		return;
	}
	struct http_form f;
	const char *why = NULL;
	int status = http_form_parse(p->req, &f) == 0 ? 0 : 400;
	if (status)
		why = "Dữ liệu gửi lên không hợp lệ.";
	struct site_form_rules rules = {
	    .form_id = id,
	    .throttle = "gop-y",
	    .per_hour = PER_ADDRESS_HOUR,
	    .trapped = "Không gửi được góp ý.",
	    .flooded = "Bạn đã gửi nhiều góp ý trong một giờ qua. Vui lòng thử lại sau."};
	if (!status)
		status = site_form_spam_check(p, &f, &rules, &why);
	struct doc_comment k = {.document_id = id, .address = p->req->client_addr};
	if (!status)
		status = read_comment(p, &f, &k, &why);
	if (!status && store_doc_comment_add(p->st, &k, NULL) != STORE_OK) {
		status = 503;
		why = "Chưa lưu được góp ý, vui lòng thử lại sau.";
	}
	if (status) {
		answer(p, status, url, why);
		return;
	}
	store_throttle_hit(p->st, arena_printf(p->a, "gop-y:%s", p->req->client_addr), p->now);
	answer(p, 200, url, "Cảm ơn bạn. Góp ý đã được gửi và sẽ hiển thị sau khi được duyệt.");
}
