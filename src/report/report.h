/* Statistics reports for people and programs: checking a request's period and filters, and
 * writing a report as JSON, CSV (UTF-8 with BOM), XLSX and server-drawn SVG charts, with
 * Vietnamese headings. Knows no SQL and no HTTP. */
#ifndef GZ_REPORT_REPORT_H
#define GZ_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "store/store.h"

/* Longest period a report may cover. */
#define REPORT_MAX_YEARS 10

/*
 * Fills q from a request's values (NULL when absent): from and to as YYYY-MM-DD (both required),
 * by (default "day"), category and article as positive ids. Returns 0, or -1 with a Vietnamese
 * reason in why for an impossible date, a reversed period, one over ten years, an unknown `by` or a
 * bad id.
 */
int report_parse(const char *from, const char *to, const char *by, const char *category,
		 const char *article, struct stats_query *q, struct buf *why);

/* "2026-12-03" for 20261203. */
void report_day(struct buf *out, int32_t day);

/* The report as the API gives it: {"from","to","by","rows":[{"key","label","views"}],"total"}. */
void report_json(struct buf *out, const struct stats_query *q, const struct stats_row *rows,
		 size_t n, int64_t total);

/* The column headings of a report grouped by `by`, in Vietnamese ("Ngày", "Lượt xem" ...). */
const char *report_key_heading(enum stats_by by);
/* Whether the rows carry visitors per day (a report by day without filters). */
bool report_has_visitors(const struct stats_row *rows, size_t n);

/* CSV: a UTF-8 BOM, a heading row, one row per line, then the total (RFC 4180 quoting). */
void report_csv(struct buf *out, const struct stats_query *q, const struct stats_row *rows,
		size_t n, int64_t total);

/* XLSX (libxlsxwriter): one sheet with a title, the headings, the rows and the total. Returns 0
 * and the file's bytes in out, or -1. */
int report_xlsx(struct buf *out, const struct stats_query *q, const struct stats_row *rows,
		size_t n, int64_t total);

/* A bar chart as inline SVG (labels escaped), readable without JavaScript: vertical bars for days,
 * horizontal bars for the rest; `title` is its accessible name. */
void report_svg(struct buf *out, const char *title, enum stats_by by, const struct stats_row *rows,
		size_t n);

#endif
