/* Reports: the request's period and filters checked, and the JSON and CSV forms. */
#include "report/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "html/escape.h"

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The number written by the n digits at s. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Parses YYYY-MM-DD into YYYYMMDD; -1 when it is not a real date. */
static int32_t parse_day(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
		return -1;
	return y * 10000 + m * 100 + d;
}

/* A positive id, 0 when absent; -1 when malformed. */
static int64_t parse_id(const char *s)
{
	if (!s || !*s)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	return errno || *end || v <= 0 || s[0] == '+' ? -1 : (int64_t)v;
}

int report_parse(const char *from, const char *to, const char *by, const char *category,
		 const char *article, struct stats_query *q, struct buf *why)
{
	memset(q, 0, sizeof(*q));
	q->from = parse_day(from);
	q->to = parse_day(to);
	int b = by && *by ? stats_by_parse(by) : STATS_DAY;
	q->category_id = parse_id(category);
	q->article_id = parse_id(article);
	if (!from || !to || !*from || !*to)
		buf_puts(why, "Hãy cho biết khoảng thời gian: from và to theo dạng YYYY-MM-DD.");
	else if (q->from < 0 || q->to < 0)
		buf_puts(why, "Ngày không hợp lệ: hãy dùng dạng YYYY-MM-DD với ngày có thật.");
	else if (q->from > q->to)
		buf_puts(why,
			 "Khoảng thời gian bị ngược: ngày bắt đầu (from) sau ngày kết thúc (to).");
	else if (q->to - q->from >= REPORT_MAX_YEARS * 10000)
		buf_printf(why, "Khoảng thời gian quá dài: tối đa %d năm.", REPORT_MAX_YEARS);
	else if (b < 0)
		buf_puts(why, "Cách nhóm (by) không hợp lệ: chỉ dùng day, category, author, source "
			      "hoặc article.");
	else if (q->category_id < 0 || q->article_id < 0)
		buf_puts(why, "Mã chuyên mục hoặc mã bài viết không hợp lệ.");
	else {
		q->by = (enum stats_by)b;
		return 0;
	}
	return -1;
}

void report_day(struct buf *out, int32_t day)
{
	buf_printf(out, "%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
}

void report_json(struct buf *out, const struct stats_query *q, const struct stats_row *rows,
		 size_t n, int64_t total)
{
	buf_puts(out, "{\"from\":\"");
	report_day(out, q->from);
	buf_puts(out, "\",\"to\":\"");
	report_day(out, q->to);
	buf_printf(out, "\",\"by\":\"%s\",\"rows\":[", stats_by_name(q->by));
	for (size_t i = 0; i < n; i++) {
		buf_puts(out, i ? ",{\"key\":" : "{\"key\":");
		html_json_quote(out, rows[i].key, strlen(rows[i].key));
		buf_puts(out, ",\"label\":");
		html_json_quote(out, rows[i].label, strlen(rows[i].label));
		buf_printf(out, ",\"views\":%lld", (long long)rows[i].views);
		if (rows[i].visitors >= 0)
			buf_printf(out, ",\"visitors\":%lld", (long long)rows[i].visitors);
		buf_putc(out, '}');
	}
	buf_printf(out, "],\"total\":%lld}", (long long)total);
}

bool report_has_visitors(const struct stats_row *rows, size_t n)
{
	return n > 0 && rows[0].visitors >= 0;
}

const char *report_key_heading(enum stats_by by)
{
	static const char *const h[STATS_BY_MAX] = {"Ngày", "Chuyên mục", "Tác giả", "Nguồn tin",
						    "Bài viết"};
	return (unsigned)by < STATS_BY_MAX ? h[by] : h[0];
}

/* One CSV field, quoted when it holds a comma, quote, CR or LF, or starts with a formula sign. */
static void csv_field(struct buf *out, const char *s)
{
	bool formula = *s == '=' || *s == '+' || *s == '-' || *s == '@';
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		buf_puts(out, s);
		return;
	}
	buf_putc(out, '"');
	if (formula)
		buf_putc(out, '\''); /* never run as a formula by a spreadsheet */
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

void report_csv(struct buf *out, const struct stats_query *q, const struct stats_row *rows,
		size_t n, int64_t total)
{
	bool has_key = q->by == STATS_CATEGORY || q->by == STATS_ARTICLE;
	bool visitors = report_has_visitors(rows, n);
	buf_puts(out, "\xEF\xBB\xBF");
	if (has_key)
		buf_puts(out, "Mã,");
	buf_printf(out, "%s,Lượt xem%s\r\n", report_key_heading(q->by),
		   visitors ? ",Người truy cập" : "");
	for (size_t i = 0; i < n; i++) {
		if (has_key) {
			csv_field(out, rows[i].key);
			buf_putc(out, ',');
		}
		csv_field(out, rows[i].label);
		buf_printf(out, ",%lld", (long long)rows[i].views);
		if (visitors)
			buf_printf(out, ",%lld", (long long)rows[i].visitors);
		buf_puts(out, "\r\n");
	}
	buf_printf(out, "%sTổng cộng,%lld\r\n", has_key ? "," : "", (long long)total);
}
