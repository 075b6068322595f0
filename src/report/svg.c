/* Reports as bar charts drawn on the server in SVG: readable without JavaScript or images. */
#include "report/report.h"

#include <string.h>

#include "html/escape.h"

#define W 720
#define BAR_H 22

static int64_t max_views(const struct stats_row *rows, size_t n)
{
	int64_t m = 1;
	for (size_t i = 0; i < n; i++)
		if (rows[i].views > m)
			m = rows[i].views;
	return m;
}

static void text(struct buf *out, const char *s)
{
	html_escape(out, s, strlen(s));
}

/* Vertical bars, one per day, with the first and last day written under them. */
static void columns(struct buf *out, const struct stats_row *rows, size_t n)
{
	int64_t m = max_views(rows, n);
	double w = n ? (double)(W - 40) / (double)n : 0;
	for (size_t i = 0; i < n; i++) {
		double h = 180.0 * (double)rows[i].views / (double)m;
		buf_printf(out,
			   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			   "fill=\"#2b6cb0\">",
			   20 + w * (double)i, 200 - h, w > 2 ? w - 1 : w, h);
		buf_puts(out, "<title>");
		text(out, rows[i].label);
		buf_printf(out, ": %lld</title></rect>", (long long)rows[i].views);
	}
	if (n) {
		buf_puts(out, "<text x=\"20\" y=\"218\">");
		text(out, rows[0].label);
		buf_printf(out, "</text><text x=\"%d\" y=\"218\" text-anchor=\"end\">", W - 20);
		text(out, rows[n - 1].label);
		buf_puts(out, "</text>");
	}
}

/* Horizontal bars with the label and the number beside each. */
static void bars(struct buf *out, const struct stats_row *rows, size_t n)
{
	int64_t m = max_views(rows, n);
	for (size_t i = 0; i < n; i++) {
		double w = 400.0 * (double)rows[i].views / (double)m;
		int y = 10 + (int)i * (BAR_H + 6);
		buf_printf(out, "<text x=\"0\" y=\"%d\">", y + 16);
		text(out, rows[i].label);
		buf_printf(out,
			   "</text><rect x=\"260\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
			   "fill=\"#2b6cb0\"/>",
			   y, w, BAR_H);
		buf_printf(out, "<text x=\"%.1f\" y=\"%d\">%lld</text>", 266 + w, y + 16,
			   (long long)rows[i].views);
	}
}

void report_svg(struct buf *out, const char *title, enum stats_by by, const struct stats_row *rows,
		size_t n)
{
	int h = by == STATS_DAY ? 230 : 20 + (int)n * (BAR_H + 6);
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
		   "viewBox=\"0 0 %d %d\" width=\"100%%\" font-family=\"sans-serif\" "
		   "font-size=\"13\" aria-label=\"",
		   W, h);
	text(out, title);
	buf_puts(out, "\"><title>");
	text(out, title);
	buf_puts(out, "</title>");
	if (by == STATS_DAY)
		columns(out, rows, n);
	else
		bars(out, rows, n);
	buf_puts(out, "</svg>");
}
