/* Reports as XLSX spreadsheets, written with libxlsxwriter into a temporary file and read back. */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* The rows of the sheet: title, period, headings, rows, total. */
static void fill(lxw_workbook *wb, const struct stats_query *q, const struct stats_row *rows,
		 size_t n, int64_t total)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Lượt xem");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	struct buf period = BUF_INIT;
	buf_puts(&period, "Từ ");
	report_day(&period, q->from);
	buf_puts(&period, " đến ");
	report_day(&period, q->to);
	worksheet_write_string(ws, 0, 0, "Thống kê lượt xem", bold);
	worksheet_write_string(ws, 1, 0, buf_cstr(&period), NULL);
	worksheet_write_string(ws, 3, 0, report_key_heading(q->by), bold);
	worksheet_write_string(ws, 3, 1, "Lượt xem", bold);
	bool visitors = report_has_visitors(rows, n);
	if (visitors) {
		worksheet_write_string(ws, 3, 2, "Người truy cập", bold);
		worksheet_set_column(ws, 2, 2, 16, NULL);
	}
	worksheet_set_column(ws, 0, 0, 48, NULL);
	worksheet_set_column(ws, 1, 1, 14, NULL);
	for (size_t i = 0; i < n; i++) {
		lxw_row_t r = (lxw_row_t)(4 + i);
		worksheet_write_string(ws, r, 0, rows[i].label, NULL);
		worksheet_write_number(ws, r, 1, (double)rows[i].views, NULL);
		if (visitors)
			worksheet_write_number(ws, r, 2, (double)rows[i].visitors, NULL);
	}
	lxw_row_t last = (lxw_row_t)(4 + n);
	worksheet_write_string(ws, last, 0, "Tổng cộng", bold);
	worksheet_write_number(ws, last, 1, (double)total, bold);
	buf_free(&period);
}

int report_xlsx(struct buf *out, const struct stats_query *q, const struct stats_row *rows,
		size_t n, int64_t total)
{
	char path[] = "/tmp/gazette-report-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	int rc = -1;
	if (wb) {
		fill(wb, q, rows, n, total);
		rc = workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
	}
	FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
	if (f) {
		char chunk[8192];
		size_t got;
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(out, chunk, got);
		rc = ferror(f) ? -1 : 0;
		fclose(f);
	}
	unlink(path);
	return f ? rc : -1;
}
