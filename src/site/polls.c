/* Polls: the voter cookie (an id and its crypto_auth tag under a key from the widget secret), the
 * checks of a vote, and the poll's template values. */
#include "site/polls.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vi/vi.h"

enum poll_state poll_state(const struct poll *pl, int64_t now)
{
	if (pl->opens_at && now < pl->opens_at)
		return POLL_NOT_YET;
	if (pl->closes_at && now >= pl->closes_at)
		return POLL_CLOSED;
	return POLL_OPEN;
}

bool poll_results_visible(const struct poll *pl, int64_t now, bool voted)
{
	if (poll_state(pl, now) == POLL_CLOSED)
		return true;
	return voted && !pl->results_after_close;
}

static void cookie_key(struct page *p, unsigned char key[crypto_auth_KEYBYTES])
{
	const char *secret = site_widget_secret(p->site);
	crypto_generichash(key, crypto_auth_KEYBYTES, (const unsigned char *)secret, strlen(secret),
			   (const unsigned char *)"gazette-poll-cookie", 19);
}

static void tag_hex(struct page *p, const char *id, char out[2 * crypto_auth_BYTES + 1])
{
	unsigned char key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];
	cookie_key(p, key);
	crypto_auth(mac, (const unsigned char *)id, 32, key);
	sodium_bin2hex(out, 2 * crypto_auth_BYTES + 1, mac, sizeof mac);
	sodium_memzero(key, sizeof key);
}

int poll_voter(struct page *p, char id[33])
{
	const char *c = http_cookie(p->req, POLL_COOKIE);
	if (!c || !*c)
		return 0;
	if (strlen(c) != 32 + 1 + 2 * crypto_auth_BYTES || c[32] != '.')
		return -1;
	for (size_t i = 0; i < 32; i++)
		if (!((c[i] >= '0' && c[i] <= '9') || (c[i] >= 'a' && c[i] <= 'f')))
			return -1;
	memcpy(id, c, 32);
	id[32] = '\0';
	char want[2 * crypto_auth_BYTES + 1];
	tag_hex(p, id, want);
	if (sodium_memcmp(want, c + 33, 2 * crypto_auth_BYTES) != 0)
		return -1;
	return 1;
}

static void new_voter(struct page *p, char id[33])
{
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(id, 33, raw, sizeof raw);
	char tag[2 * crypto_auth_BYTES + 1];
	tag_hex(p, id, tag);
	const char *proto = http_header(p->req, "X-Forwarded-Proto");
	bool secure = proto && strcmp(proto, "https") == 0;
	http_resp_header(p->resp, "Set-Cookie",
			 arena_printf(p->a,
				      "%s=%s.%s; Path=/; Max-Age=31536000; HttpOnly; "
				      "SameSite=Lax%s",
				      POLL_COOKIE, id, tag, secure ? "; Secure" : ""));
}

static void form_mac(struct page *p, int64_t poll_id, int64_t issued,
		     char hex[2 * crypto_auth_BYTES + 1])
{
	unsigned char key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];
	const char *secret = site_widget_secret(p->site);
	crypto_generichash(key, sizeof key, (const unsigned char *)secret, strlen(secret),
			   (const unsigned char *)"gazette-poll-form", 17);
	char msg[64];
	int n =
	    snprintf(msg, sizeof msg, "poll-form:%lld:%lld", (long long)poll_id, (long long)issued);
	crypto_auth(mac, (const unsigned char *)msg, (unsigned long long)n, key);
	sodium_bin2hex(hex, 2 * crypto_auth_BYTES + 1, mac, sizeof mac);
	sodium_memzero(key, sizeof key);
}

const char *poll_form_token(struct page *p, int64_t poll_id)
{
	char hex[2 * crypto_auth_BYTES + 1];
	p->form_tokens = true;
	form_mac(p, poll_id, p->now, hex);
	return arena_printf(p->a, "%lld.%s", (long long)p->now, hex);
}

enum poll_form_rc poll_form_check(struct page *p, int64_t poll_id, const char *token)
{
	if (!token)
		return POLL_FORM_BAD;
	char *end;
	long long issued = strtoll(token, &end, 10);
	if (end == token || *end != '.' || strlen(end + 1) != 2 * crypto_auth_BYTES || issued <= 0)
		return POLL_FORM_BAD;
	char want[2 * crypto_auth_BYTES + 1];
	form_mac(p, poll_id, issued, want);
	if (sodium_memcmp(want, end + 1, 2 * crypto_auth_BYTES) != 0)
		return POLL_FORM_BAD;
	if (p->now - issued < POLL_FORM_MIN_SECONDS)
		return POLL_FORM_TOO_FAST;
	if (p->now - issued > POLL_FORM_MAX_SECONDS)
		return POLL_FORM_STALE;
	return POLL_FORM_OK;
}

bool poll_voted(struct page *p, int64_t poll_id)
{
	char id[33];
	bool voted = false;
	if (poll_voter(p, id) == 1)
		store_poll_voted(p->st, poll_id, id, &voted);
	return voted;
}

static struct vote_outcome out(int status, const char *code, const char *message)
{
	return (struct vote_outcome){status, code, message};
}

struct vote_outcome poll_vote(struct page *p, int64_t id, const int64_t *choices, size_t n)
{
	struct poll pl;
	enum store_rc rc = store_poll_get(p->st, p->a, id, &pl);
	if (rc == STORE_OK && !pl.active)
		rc = STORE_NOTFOUND;
	if (rc == STORE_NOTFOUND)
		return out(404, "not_found", "Không tìm thấy cuộc thăm dò ý kiến này.");
	if (rc != STORE_OK)
		return out(503, "unavailable",
			   "Cơ sở dữ liệu tạm thời không truy cập được, xin thử lại sau ít phút.");
	enum poll_state st = poll_state(&pl, p->now);
	if (st == POLL_NOT_YET)
		return out(403, "poll_not_open", "Cuộc thăm dò ý kiến này chưa bắt đầu.");
	if (st == POLL_CLOSED)
		return out(403, "poll_closed", "Cuộc thăm dò ý kiến này đã kết thúc.");
	if (n == 0)
		return out(400, "no_choice", "Xin chọn ít nhất một phương án.");
	size_t most = pl.multiple ? (size_t)(pl.max_choices > 0 ? pl.max_choices : 1) : 1;
	if (n > most)
		return out(400, "too_many_choices",
			   most == 1
			       ? "Chỉ được chọn một phương án."
			       : arena_printf(p->a, "Chỉ được chọn tối đa %zu phương án.", most));
	for (size_t i = 0; i < n; i++) {
		bool mine = false;
		for (size_t j = 0; j < pl.nchoices; j++)
			mine = mine || pl.choices[j].id == choices[i];
		for (size_t j = 0; j < i; j++)
			if (choices[j] == choices[i])
				return out(400, "duplicate_choice",
					   "Mỗi phương án chỉ được chọn một lần.");
		if (!mine)
			return out(400, "bad_choice",
				   "Phương án đã chọn không thuộc cuộc thăm dò ý kiến này.");
	}
	char voter[33];
	int have = poll_voter(p, voter);
	if (have < 0)
		return out(
		    400, "bad_cookie",
		    "Cookie bình chọn không hợp lệ (đã bị sửa). Xin xóa cookie của trang rồi "
		    "thử lại.");
	if (have == 0)
		new_voter(p, voter);
	enum vote_result v = store_poll_vote(p->st, id, choices, n, voter, p->req->client_addr,
					     pl.per_address, p->now, &rc);
	switch (v) {
	case VOTE_OK:
		return out(201, "ok", "Cảm ơn bạn đã tham gia bình chọn.");
	case VOTE_AGAIN:
		return out(409, "already_voted",
			   "Trình duyệt này đã bình chọn trong cuộc thăm dò này.");
	case VOTE_ADDRESS:
		return out(
		    429, "address_limit",
		    "Địa chỉ mạng của bạn đã đạt số lượt bình chọn tối đa cho cuộc thăm dò này.");
	case VOTE_BAD_CHOICE:
		return out(400, "bad_choice",
			   "Phương án đã chọn không thuộc cuộc thăm dò ý kiến này.");
	default:
		return out(page_status_of(rc) == 503 ? 503 : 500,
			   page_status_of(rc) == 503 ? "unavailable" : "internal",
			   "Không ghi được lượt bình chọn, xin thử lại sau ít phút.");
	}
}

void poll_fill(struct page *p, struct tv *obj, const struct poll *pl, bool voted)
{
	enum poll_state st = poll_state(pl, p->now);
	bool results = poll_results_visible(pl, p->now, voted);
	tv_int(obj, "id", pl->id);
	tv_str(obj, "question", pl->question);
	tv_bool(obj, "multiple", pl->multiple);
	tv_int(obj, "max_choices", pl->max_choices);
	tv_bool(obj, "open", st == POLL_OPEN);
	tv_bool(obj, "closed", st == POLL_CLOSED);
	tv_bool(obj, "not_yet", st == POLL_NOT_YET);
	tv_bool(obj, "results", results);
	tv_bool(obj, "voted", voted);
	tv_str(obj, "url", arena_printf(p->a, "/binh-chon/%lld", (long long)pl->id));
	if (st == POLL_OPEN && !results)
		tv_str(obj, "form_token", poll_form_token(p, pl->id));
	struct buf b = BUF_INIT;
	vi_format_int(&b, pl->total);
	tv_str(obj, "total", buf_cstr(&b));
	struct tv *list = tv_list(obj, "choices");
	for (size_t i = 0; i < pl->nchoices; i++) {
		const struct poll_choice *c = &pl->choices[i];
		struct tv *item = tv_push(list);
		tv_int(item, "id", c->id);
		tv_str(item, "label", c->label);
		tv_str(item, "input", pl->multiple ? "checkbox" : "radio");
		if (results) {
			int64_t pct = pl->total ? (c->votes * 100 + pl->total / 2) / pl->total : 0;
			buf_reset(&b);
			vi_format_int(&b, c->votes);
			tv_str(item, "votes", buf_cstr(&b));
			tv_int(item, "percent", pct);
		}
	}
	buf_free(&b);
}
