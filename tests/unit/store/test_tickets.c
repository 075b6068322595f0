/* Tickets in the store on both backends (issue 13): a ticket saved with its mails in one
 * transaction, lists filtered by department, handler, status and publication, the history of
 * replies and forwards, the outbox's mails claimed once across passes and retried, the retention
 * purge and one person's data found and erased by email or phone. */
#include "fixture.h"

#include "store/tickets.h"

#define T0 1800000000

static int64_t unit(struct store *st, const char *name, const char *slug)
{
	struct org_unit u = {.name = name,
			     .slug = slug,
			     .functions = "",
			     .address = "",
			     .phone = "",
			     .fax = "",
			     .email = "",
			     .website = ""};
	int64_t id = 0;
	assert_int_equal(store_unit_put(st, &u, &id), STORE_OK);
	return id;
}

static int64_t ticket(struct store *st, int64_t unit_id, const char *email, const char *phone,
		      size_t nmails)
{
	struct ticket t = {.kind = TICKET_QUESTION,
			   .unit_id = unit_id,
			   .name = "Nguyễn Văn Hỏi",
			   .email = email,
			   .phone = phone,
			   .subject = "Hỏi thủ tục",
			   .message = "Nội dung câu hỏi",
			   .due_at = T0 + 86400};
	struct outbox_mail m[2] = {
	    {.to = "phong@example.vn", .subject = "Câu hỏi mới", .body = "x"},
	    {.to = email, .subject = "Đã nhận", .body = "y"}};
	int64_t id = 0;
	assert_int_equal(store_ticket_add(st, &t, m, nmails, &id), STORE_OK);
	assert_true(id > 0);
	return id;
}

static int64_t user(struct store *st, const char *name)
{
	struct arena *a = arena_new();
	struct user *u;
	size_t n = 0;
	int64_t id = 0;
	assert_int_equal(store_users(st, a, &u, &n), STORE_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(u[i].name, name) == 0)
			id = u[i].id;
	arena_free(a);
	return id;
}

static void t_add_list_step(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	store_clock_set(T0);
	int64_t hc = unit(st, "Phòng Hành chính", "hc"), vh = unit(st, "Phòng Văn hóa", "vh");
	int64_t ha = 0;
	assert_int_equal(store_user_add(st, "ha", "Hà", "editor", "x", &ha), STORE_OK);
	assert_int_equal(user(st, "ha"), ha);
	assert_int_equal(store_ticket_handler_set(st, ha, hc, true), STORE_OK);
	assert_int_equal(store_ticket_handler_set(st, ha, hc, true), STORE_OK); /* once */
	int64_t a1 = ticket(st, hc, "a@example.vn", "", 2),
		b1 = ticket(st, vh, "b@example.vn", "", 1);
	struct ticket_query q = {.handler_id = ha, .status = -1, .kind = -1};
	struct ticket *t;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_tickets(st, a, &q, &t, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_int_equal(t[0].id, a1);
	assert_string_equal(t[0].unit_name, "Phòng Hành chính");
	assert_int_equal(t[0].status, TICKET_NEW);
	/* forward b1 into ha's department, then reply */
	struct ticket_event e = {.ticket_id = b1,
				 .user_name = "boss",
				 .kind = "forward",
				 .from_unit = vh,
				 .to_unit = hc,
				 .body = "Chuyển"};
	assert_int_equal(store_ticket_step(st, &e, TICKET_FORWARDED, NULL, 0), STORE_OK);
	struct ticket_event r = {
	    .ticket_id = b1, .user_name = "ha", .kind = "reply", .body = "Trả lời"};
	struct outbox_mail m = {.to = "b@example.vn", .subject = "Trả lời", .body = "Trả lời"};
	assert_int_equal(store_ticket_step(st, &r, TICKET_ANSWERED, &m, 1), STORE_OK);
	r.ticket_id = 999999;
	assert_int_equal(store_ticket_step(st, &r, TICKET_ANSWERED, NULL, 0), STORE_NOTFOUND);
	assert_int_equal(store_tickets(st, a, &q, &t, &n, &total), STORE_OK);
	assert_int_equal(total, 2);
	q.status = TICKET_ANSWERED;
	assert_int_equal(store_tickets(st, a, &q, &t, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(t[0].id, b1);
	assert_int_equal(t[0].unit_id, hc);
	struct ticket_event *ev;
	assert_int_equal(store_ticket_events(st, a, b1, &ev, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ev[0].kind, "forward");
	assert_int_equal(ev[0].to_unit, hc);
	assert_string_equal(ev[1].body, "Trả lời");
	/* published questions and answers */
	struct ticket_query pub = {.status = -1, .kind = -1, .published = true};
	assert_int_equal(store_tickets(st, a, &pub, &t, &n, &total), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_ticket_publish(st, b1, true, "Câu trả lời"), STORE_OK);
	assert_int_equal(store_ticket_publish(st, 999999, true, "x"), STORE_NOTFOUND);
	assert_int_equal(store_tickets(st, a, &pub, &t, &n, &total), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(t[0].answer, "Câu trả lời");
	assert_int_equal(t[0].published_at, T0);
	arena_free(a);
}

static void t_outbox_once(void **state)
{
	struct store *st = st_of(state);
	struct arena *a = arena_new();
	store_clock_set(T0);
	ticket(st, 0, "a@example.vn", "", 2);
	struct outbox_mail *m, *m2;
	size_t n = 0, n2 = 0;
	assert_int_equal(store_outbox_due(st, a, T0, 10, &m, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_outbox_due(st, a, T0, 10, &m2, &n2), STORE_OK); /* another node */
	bool claimed = false;
	assert_int_equal(store_outbox_claim(st, &m[0], T0 + 300, &claimed), STORE_OK);
	assert_true(claimed);
	assert_int_equal(store_outbox_claim(st, &m2[0], T0 + 300, &claimed), STORE_OK);
	assert_false(claimed); /* the other pass read it before the claim: it lost */
	assert_int_equal(store_outbox_sent(st, m[0].id, T0), STORE_OK);
	assert_int_equal(store_outbox_claim(st, &m[1], T0 + 300, &claimed), STORE_OK);
	assert_true(claimed);
	assert_int_equal(store_outbox_failed(st, m[1].id, T0 + 60, "relay down"), STORE_OK);
	assert_int_equal(store_outbox_due(st, a, T0 + 59, 10, &m, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_outbox_due(st, a, T0 + 60, 10, &m, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].attempts, 1);
	assert_string_equal(m[0].error, "relay down");
	assert_string_equal(m[0].to, "a@example.vn");
	arena_free(a);
}

static void t_purge_and_erase(void **state)
{
	struct store *st = st_of(state);
	struct ctx *c = *state;
	struct arena *a = arena_new();
	store_clock_set(T0);
	int64_t old = ticket(st, 0, "cu@example.vn", "", 2);
	int64_t old_pub = ticket(st, 0, "cu2@example.vn", "0912000111", 1);
	int64_t fresh = ticket(st, 0, "moi@example.vn", "", 1);
	assert_int_equal(store_ticket_publish(st, old_pub, true, "Trả lời"), STORE_OK);
	char sql[200];
	snprintf(sql, sizeof sql, "UPDATE tickets SET updated_at = %d WHERE id IN (%lld, %lld)",
		 T0 - 400 * 86400, (long long)old, (long long)old_pub);
	raw_sql(c, sql);
	int64_t n = 0;
	assert_int_equal(store_tickets_purge(st, T0 - 365 * 86400, &n), STORE_OK);
	assert_int_equal(n, 2);
	struct ticket t;
	assert_int_equal(store_ticket_get(st, a, old, &t), STORE_NOTFOUND);
	assert_int_equal(store_ticket_get(st, a, old_pub, &t), STORE_OK);
	assert_string_equal(t.email, "");
	assert_string_equal(t.phone, "");
	assert_string_equal(t.name, "");
	assert_string_equal(t.answer, "Trả lời");
	assert_int_equal(store_ticket_get(st, a, fresh, &t), STORE_OK);
	assert_string_equal(t.email, "moi@example.vn");
	struct personal_data d;
	assert_int_equal(store_personal_find(st, a, "cu@example.vn", &d), STORE_OK);
	assert_int_equal(d.ntickets, 0);
	assert_int_equal(d.nmails, 0); /* the purged ticket's mails went with it */
	/* one person, by email in any case, and by phone */
	int64_t p1 = ticket(st, 0, "nguoi@example.vn", "", 2);
	int64_t p2 = ticket(st, 0, "", "+84912333444", 0);
	assert_int_equal(store_personal_find(st, a, "NGUOI@Example.vn", &d), STORE_OK);
	assert_int_equal(d.ntickets, 1);
	assert_int_equal(d.tickets[0].id, p1);
	assert_int_equal(d.nmails, 1);
	assert_int_equal(store_personal_find(st, a, "+84 912 333 444", &d), STORE_OK);
	assert_int_equal(d.ntickets, 1);
	assert_int_equal(d.tickets[0].id, p2);
	assert_int_equal(store_personal_find(st, a, "", &d), STORE_INVALID);
	assert_int_equal(store_personal_erase(st, "nguoi@example.vn", &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_ticket_get(st, a, p1, &t), STORE_NOTFOUND);
	assert_int_equal(store_personal_find(st, a, "nguoi@example.vn", &d), STORE_OK);
	assert_int_equal(d.ntickets + d.nmails, 0);
	assert_int_equal(store_ticket_get(st, a, p2, &t), STORE_OK); /* someone else's */
	arena_free(a);
}

static int teardown_clock(void **state)
{
	store_clock_set(0);
	return teardown(state);
}

#define CASES(setup)                                                                               \
	cmocka_unit_test_setup_teardown(t_add_list_step, setup, teardown_clock),                   \
	    cmocka_unit_test_setup_teardown(t_outbox_once, setup, teardown_clock),                 \
	    cmocka_unit_test_setup_teardown(t_purge_and_erase, setup, teardown_clock)

int main(void)
{
	const struct CMUnitTest sqlite_cases[] = {CASES(setup_sqlite)};
	const struct CMUnitTest pg_cases[] = {CASES(setup_pg)};
	int failed = cmocka_run_group_tests_name("tickets-sqlite", sqlite_cases, NULL, NULL);
	failed += cmocka_run_group_tests_name("tickets-postgresql", pg_cases, NULL, NULL);
	return failed;
}
