/* The citizens' channels on the public site (issue 13): the contact form at /lien-he (a question
 * to a department, or a complaint about an article with ?bai=), kept out of spam without third
 * parties (a hidden field, a signed minimum-time token, limits per address and per email or
 * phone, a length limit, links counted), and the published questions and answers at /hoi-dap/.
 * A ticket is saved with its notification mails in the outbox; nothing refused is stored. */
#include "site/site-int.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "docs/record.h"
#include "store/tickets.h"

#define NAME_MAX_CPS 100
#define SUBJECT_MAX_CPS 200
#define MESSAGE_MAX_CPS 5000
#define PHONE_MAX 20
#define LINKS_MAX 5
#define PER_ADDRESS_HOUR 5
#define PER_SENDER_DAY 3
#define QA_PAGE 20
#define FORM_ID 0 /* the tickets' form tokens: documents' ids are positive */

/* A whole number setting of at least lo, else def. */
static int64_t setting_days(struct page *p, const char *key, int64_t def, int64_t lo)
{
	const char *v = page_setting(p, key);
	char *end = NULL;
	long long n = v && *v ? strtoll(v, &end, 10) : def;
	return end && *end ? def : n < lo ? lo : n;
}

/* A topic the reader may pick instead of a department: the setting ticket_topics is
 * "Topic|unit-slug; Topic 2|unit-slug-2". */
struct topic {
	const char *name;
	int64_t unit_id;
};

static size_t topics_of(struct page *p, const struct org_unit *u, size_t nu, struct topic **out)
{
	const char *s = page_setting(p, "ticket_topics");
	size_t cap = 1, n = 0;
	for (const char *c = s; c && *c; c++)
		cap += *c == ';';
	*out = arena_alloc(p->a, cap * sizeof **out);
	char *copy = arena_strdup(p->a, s ? s : ""), *save = NULL;
	for (char *part = strtok_r(copy, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
		char *bar = strchr(part, '|');
		if (!bar)
			continue;
		*bar = '\0';
		char *name = part, *slug = bar + 1;
		while (*name == ' ')
			name++;
		while (*slug == ' ')
			slug++;
		for (char *e = slug + strlen(slug); e > slug && e[-1] == ' ';)
			*--e = '\0';
		for (size_t i = 0; i < nu && *name; i++)
			if (strcmp(u[i].slug, slug) == 0)
				(*out)[n++] = (struct topic){name, u[i].id};
	}
	return n;
}

static const struct org_unit *unit_by_id(const struct org_unit *u, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (u[i].id == id)
			return &u[i];
	return NULL;
}

/* The article a complaint is about: public ones only. */
static bool complaint_target(struct page *p, int64_t id, struct article *a)
{
	return id > 0 && store_article_get(p->st, p->a, id, a) == STORE_OK &&
	       site_article_public(a, p->now);
}

/* Fills and renders the form: status 200 for a fresh form, else the refusal (message) or the
 * thanks (sent) with what the reader typed kept. */
static void form_page(struct page *p, int status, const char *message, bool sent,
		      const struct http_form *f)
{
	struct org_unit *u = NULL;
	size_t nu = 0;
	if (store_units(p->st, p->a, &u, &nu) != STORE_OK)
		nu = 0;
	const char *unit = f ? http_form_get(f, "unit") : NULL;
	struct tv *units = tv_list(p->ctx, "units");
	for (size_t i = 0; i < nu; i++) {
		struct tv *it = tv_push(units);
		tv_int(it, "id", u[i].id);
		tv_str(it, "name", u[i].name);
		tv_bool(it, "selected", unit && strtoll(unit, NULL, 10) == u[i].id);
	}
	struct topic *t;
	size_t nt = topics_of(p, u, nu, &t);
	struct tv *topics = tv_list(p->ctx, "topics");
	for (size_t i = 0; i < nt; i++) {
		struct tv *it = tv_push(topics);
		tv_int(it, "n", (int64_t)i + 1);
		tv_str(it, "name", t[i].name);
	}
	tv_bool(p->ctx, "has_topics", nt > 0);
	const char *bai = f ? http_form_get(f, "article") : http_query(p->req, "bai");
	struct article a;
	if (bai && complaint_target(p, strtoll(bai, NULL, 10), &a)) {
		struct tv *c = tv_child(p->ctx, "complaint");
		tv_int(c, "id", a.id);
		tv_str(c, "title", a.title);
		tv_str(c, "url", site_article_url(p->a, a.slug, a.id));
	}
	unsigned char key[DOC_FORM_KEY_BYTES];
	if (site_form_key(p, key) == 0) {
		struct buf b = BUF_INIT;
		doc_form_token(&b, key, FORM_ID, p->now);
		p->form_tokens = true;
		tv_str(p->ctx, "token", buf_cstr(&b));
		buf_free(&b);
		sodium_memzero(key, sizeof key);
	}
	static const char *const keep[] = {"name", "email", "phone", "subject", "message"};
	struct tv *v = tv_child(p->ctx, "v");
	for (size_t i = 0; f && !sent && i < sizeof keep / sizeof keep[0]; i++)
		tv_str(v, keep[i], http_form_get(f, keep[i]));
	tv_bool(v, "consent", f && !sent && http_form_get(f, "show_name"));
	tv_str(p->ctx, "message", message);
	tv_bool(p->ctx, "sent", sent);
	tv_str(p->ctx, "title", "Liên hệ - Hỏi đáp");
	tv_str(p->ctx, "canonical", "/lien-he");
	http_resp_header(p->resp, "Cache-Control", "no-store");
	page_render(p, status, "contact");
}

void page_contact(struct page *p)
{
	form_page(p, 200, NULL, false, NULL);
}

/* Links in what the reader wrote: http(s):// and www. each count. */
static size_t links_in(const char *s)
{
	size_t n = 0;
	for (const char *c = s; c && *c; c++)
		n += strncasecmp(c, "http://", 7) == 0 || strncasecmp(c, "https://", 8) == 0 ||
		     (strncasecmp(c, "www.", 4) == 0 && (c == s || c[-1] != '/'));
	return n;
}

/* A phone: digits with spaces, dots, dashes and a leading +, 8 to 15 digits; stored as its
 * digits (and the +). NULL when it is not one; "" for none. */
static const char *phone_of(struct page *p, const char *s)
{
	if (!s || !*s)
		return "";
	char *d = arena_alloc(p->a, strlen(s) + 1), *o = d;
	for (const char *c = s; *c; c++) {
		if (*c >= '0' && *c <= '9')
			*o++ = *c;
		else if (*c == '+' && o == d)
			*o++ = '+';
		else if (!strchr(" .-()", *c))
			return NULL;
	}
	*o = '\0';
	size_t digits = strlen(d) - (*d == '+');
	return digits >= 8 && digits <= 15 && strlen(s) <= PHONE_MAX + 10 ? d : NULL;
}

static const char *lower(struct page *p, const char *s)
{
	char *o = arena_strdup(p->a, s);
	for (char *c = o; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return o;
}

/* The throttle key of a sender: a hash of the email or phone, so that the limits keep no
 * personal data. */
static const char *sender_key(struct page *p, const struct ticket *t)
{
	const char *who = *t->email ? t->email : t->phone;
	unsigned char h[16];
	char hex[2 * sizeof h + 1];
	crypto_generichash(h, sizeof h, (const unsigned char *)who, strlen(who),
			   (const unsigned char *)"gazette-lien-he", 15);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	return arena_printf(p->a, "lien-he-nguoi:%s", hex);
}

/* The reader's fields into t; 0 or 400 (429 for a sender over its daily limit) with *why. */
static int read_ticket(struct page *p, const struct http_form *f, struct ticket *t,
		       const char **why)
{
	const char *msg = http_form_get(f, "message");
	t->name = site_clean_text(p, http_form_get(f, "name"), NAME_MAX_CPS, false);
	const char *email = site_clean_text(
	    p, http_form_get(f, "email") ? http_form_get(f, "email") : "", 200, false);
	t->phone = phone_of(p, http_form_get(f, "phone"));
	t->subject = site_clean_text(p, http_form_get(f, "subject"), SUBJECT_MAX_CPS, false);
	t->message = site_clean_text(p, msg, MESSAGE_MAX_CPS, true);
	t->show_name = http_form_get(f, "show_name") != NULL;
	if (!t->name || !*t->name)
		*why = "Vui lòng nhập họ tên (tối đa 100 ký tự).";
	else if (!email || !site_email_ok(email))
		*why = "Địa chỉ email không hợp lệ.";
	else if (!t->phone)
		*why = "Số điện thoại không hợp lệ (8 đến 15 chữ số).";
	else if (!*email && !*t->phone)
		*why = "Vui lòng nhập email hoặc số điện thoại để chúng tôi trả lời.";
	else if (!t->subject || !*t->subject)
		*why = "Vui lòng nhập tiêu đề (tối đa 200 ký tự).";
	else if (msg && !t->message && strlen(msg) > MESSAGE_MAX_CPS)
		*why = "Nội dung quá dài (tối đa 5.000 ký tự).";
	else if (!t->message || !*t->message)
		*why = "Vui lòng nhập nội dung (tối đa 5.000 ký tự).";
	else if (links_in(t->message) + links_in(t->subject) > LINKS_MAX)
		*why =
		    "Nội dung có quá nhiều liên kết (tối đa 5). Vui lòng bớt liên kết rồi gửi lại.";
	if (*why)
		return 400;
	t->email = lower(p, email);
	int64_t hits = 0;
	if (store_throttle_count(p->st, sender_key(p, t), p->now - 86400, &hits) != STORE_OK ||
	    hits >= PER_SENDER_DAY) {
		*why =
		    "Bạn đã gửi nhiều câu hỏi trong ngày hôm nay. Vui lòng thử lại vào ngày mai.";
		return 429;
	}
	return 0;
}

/* The department: the one chosen, else the topic's; and the article of a complaint. 0 or 400. */
static int route_ticket(struct page *p, const struct http_form *f, struct ticket *t,
			const struct org_unit *u, size_t nu, const char **why)
{
	const char *unit = http_form_get(f, "unit"), *topic = http_form_get(f, "topic");
	t->unit_id = unit && *unit ? strtoll(unit, NULL, 10) : 0;
	if (t->unit_id && !unit_by_id(u, nu, t->unit_id)) {
		*why = "Đơn vị tiếp nhận không hợp lệ.";
		return 400;
	}
	struct topic *tp;
	size_t nt = topics_of(p, u, nu, &tp);
	long long k = topic && *topic ? strtoll(topic, NULL, 10) : 0;
	if (!t->unit_id && k >= 1 && (size_t)k <= nt)
		t->unit_id = tp[k - 1].unit_id;
	const char *bai = http_form_get(f, "article");
	struct article a;
	if (bai && *bai) {
		if (!complaint_target(p, strtoll(bai, NULL, 10), &a)) {
			*why = "Bài viết được phản ánh không tồn tại.";
			return 400;
		}
		t->kind = TICKET_COMPLAINT;
		t->article_id = a.id;
	}
	int64_t days = t->kind == TICKET_COMPLAINT ? setting_days(p, "complaint_due_days", 3, 1)
						   : setting_days(p, "ticket_due_days", 15, 1);
	t->due_at = p->now + days * 86400;
	return 0;
}

/* The mails announcing a new ticket: to the department (or the fallback address) and to the
 * asker when an email was given. Returns how many were filled. */
static size_t new_mails(struct page *p, const struct ticket *t, const struct org_unit *unit,
			struct outbox_mail m[2])
{
	const char *site = page_setting(p, "site_name");
	const char *what = t->kind == TICKET_COMPLAINT ? "Khiếu nại nội dung" : "Câu hỏi";
	size_t n = 0;
	const char *dept = unit && *unit->email ? unit->email : page_setting(p, "ticket_mail");
	if (dept && *dept)
		m[n++] = (struct outbox_mail){
		    .to = dept,
		    .subject = arena_printf(p->a, "[%s] %s mới: %s", site, what, t->subject),
		    .body =
			arena_printf(p->a,
				     "%s mới gửi tới %s.\nTiêu đề: %s\n\n%s\n\nHạn trả lời: "
				     "%s\nXem và trả lời trong trang quản trị: %s/admin/tickets\n",
				     what, unit ? unit->name : "cơ quan", t->subject, t->message,
				     page_date(p, t->due_at), site_base(p))};
	if (*t->email)
		m[n++] = (struct outbox_mail){
		    .to = t->email,
		    .subject = arena_printf(p->a, "[%s] Đã nhận %s của bạn: %s", site,
					    t->kind == TICKET_COMPLAINT ? "phản ánh" : "câu hỏi",
					    t->subject),
		    .body =
			arena_printf(p->a,
				     "Kính gửi %s,\n\n%s đã nhận được nội dung bạn gửi:\n\n%s\n\n"
				     "Chúng tôi sẽ trả lời trước ngày %s.\n",
				     t->name, site, t->message, page_date(p, t->due_at))};
	return n;
}

void page_contact_post(struct page *p)
{
	struct http_form f;
	const char *why = NULL;
	if (http_form_parse(p->req, &f) != 0) {
		form_page(p, 400, "Dữ liệu gửi lên không hợp lệ.", false, NULL);
		return;
	}
	static const struct site_form_rules rules = {
	    .form_id = FORM_ID,
	    .throttle = "lien-he",
	    .per_hour = PER_ADDRESS_HOUR,
	    .trapped = "Không gửi được câu hỏi. Vui lòng thử lại.",
	    .flooded = "Bạn đã gửi nhiều câu hỏi trong một giờ qua. Vui lòng thử lại sau."};
	int status = site_form_spam_check(p, &f, &rules, &why);
	struct ticket t = {.kind = TICKET_QUESTION};
	if (!status)
		status = read_ticket(p, &f, &t, &why);
	struct org_unit *u = NULL;
	size_t nu = 0;
	if (!status && store_units(p->st, p->a, &u, &nu) != STORE_OK) {
		status = 503;
		why = "Hệ thống đang bận, vui lòng thử lại sau.";
	}
	if (!status)
		status = route_ticket(p, &f, &t, u, nu, &why);
	struct outbox_mail m[2];
	size_t nm = status ? 0 : new_mails(p, &t, unit_by_id(u, nu, t.unit_id), m);
	int64_t id = 0;
	if (!status && store_ticket_add(p->st, &t, m, nm, &id) != STORE_OK) {
		status = 503;
		why = "Chưa lưu được nội dung bạn gửi, vui lòng thử lại sau.";
	}
	if (status) {
		form_page(p, status, why, false, &f);
		return;
	}
	store_throttle_hit(p->st, arena_printf(p->a, "lien-he:%s", p->req->client_addr), p->now);
	store_throttle_hit(p->st, sender_key(p, &t), p->now);
	form_page(p, 200,
		  arena_printf(p->a,
			       "Cảm ơn bạn. Nội dung đã được gửi (mã số %lld) và sẽ được trả lời "
			       "trước ngày %s.",
			       (long long)id, page_date(p, t.due_at)),
		  true, &f);
}

/* --- the published questions and answers ------------------------------------------------------ */

static void qa_item(struct page *p, struct tv *it, const struct ticket *t)
{
	tv_int(it, "id", t->id);
	tv_str(it, "url", arena_printf(p->a, "/hoi-dap/%lld", (long long)t->id));
	tv_str(it, "subject", t->subject);
	tv_str(it, "question", t->message);
	tv_str(it, "answer", t->answer);
	tv_str(it, "unit", t->unit_name);
	tv_str(it, "asker", t->show_name && *t->name ? t->name : "");
	tv_str(it, "date", page_date(p, t->published_at));
	tv_str(it, "asked", page_date(p, t->created_at));
}

void page_qa_list(struct page *p)
{
	const char *pg = http_query(p->req, "trang");
	long long n = pg && *pg ? strtoll(pg, NULL, 10) : 1;
	if (n < 1 || n > 100000) {
		page_error(p, 404);
		return;
	}
	struct ticket_query q = {.status = -1,
				 .kind = TICKET_QUESTION,
				 .published = true,
				 .offset = (n - 1) * QA_PAGE,
				 .limit = QA_PAGE};
	struct ticket *t;
	size_t nt = 0;
	int64_t total = 0;
	enum store_rc rc = store_tickets(p->st, p->a, &q, &t, &nt, &total);
	if (rc != STORE_OK || (n > 1 && nt == 0)) {
		page_error(p, rc != STORE_OK ? page_status_of(rc) : 404);
		return;
	}
	struct tv *list = tv_list(p->ctx, "items");
	for (size_t i = 0; i < nt; i++)
		qa_item(p, tv_push(list), &t[i]);
	tv_bool(p->ctx, "empty", nt == 0);
	if (n > 1)
		tv_str(p->ctx, "prev",
		       n == 2 ? "/hoi-dap/" : arena_printf(p->a, "/hoi-dap/?trang=%lld", n - 1));
	if (n * QA_PAGE < total)
		tv_str(p->ctx, "next", arena_printf(p->a, "/hoi-dap/?trang=%lld", n + 1));
	tv_str(p->ctx, "title", "Hỏi đáp");
	tv_str(p->ctx, "canonical", "/hoi-dap/");
	p->cacheable = true;
	page_render(p, 200, "qa_list");
}

void page_qa(struct page *p, int64_t id)
{
	struct ticket t;
	enum store_rc rc = store_ticket_get(p->st, p->a, id, &t);
	if (rc == STORE_OK && (!t.published || t.kind != TICKET_QUESTION))
		rc = STORE_NOTFOUND;
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	qa_item(p, tv_child(p->ctx, "qa"), &t);
	tv_str(p->ctx, "title", t.subject);
	tv_str(p->ctx, "canonical", arena_printf(p->a, "/hoi-dap/%lld", (long long)id));
	p->cacheable = true;
	page_render(p, 200, "qa");
}
