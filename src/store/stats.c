/* Statistics both backends share: daily view counts per article and per category, and the reports
 * made from them. */
#include "store/store-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const by_names[STATS_BY_MAX] = {"day", "category", "author", "source",
						   "article"};

const char *stats_by_name(enum stats_by by)
{
	return (unsigned)by < STATS_BY_MAX ? by_names[by] : "day";
}

int stats_by_parse(const char *s)
{
	for (int i = 0; s && i < STATS_BY_MAX; i++)
		if (strcmp(s, by_names[i]) == 0)
			return i;
	return -1;
}

/* A category's share of a flush (the views of its articles). */
struct cat_delta {
	int64_t category_id;
	int64_t n;
};

static int cat_cmp(const void *x, const void *y)
{
	const struct cat_delta *a = x, *b = y;
	return (a->category_id > b->category_id) - (a->category_id < b->category_id);
}

enum store_rc store_views_daily_on(const struct store *st, struct store_conn *c,
				   const struct view_delta *d, size_t n, int32_t day)
{
	struct cat_delta *cats = xmalloc((n ? n : 1) * sizeof(*cats));
	size_t k = 0;
	enum store_rc rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		int64_t cat = 0;
		rc = st->ops->views_daily_add(c, d[i].article_id, day, d[i].n, &cat);
		if (cat)
			cats[k++] = (struct cat_delta){cat, d[i].n};
	}
	/* Categories in order too, so that nodes adding at once never wait on each other in a
	 * circle; equal ones are added up first. */
	qsort(cats, k, sizeof(*cats), cat_cmp);
	for (size_t i = 0; rc == STORE_OK && i < k; i++) {
		int64_t sum = cats[i].n;
		while (i + 1 < k && cats[i + 1].category_id == cats[i].category_id)
			sum += cats[++i].n;
		rc = st->ops->views_cat_add(c, cats[i].category_id, day, sum);
	}
	free(cats);
	return rc;
}

/* The report shape for a query: the per-category table when no article is asked for. */
static enum stats_src source_of(enum stats_by by, bool article)
{
	switch (by) {
	case STATS_DAY:
		return article ? STATS_SRC_DAY : STATS_SRC_DAY_CAT;
	case STATS_CATEGORY:
		return article ? STATS_SRC_CATEGORY : STATS_SRC_CAT_CAT;
	case STATS_AUTHOR:
		return STATS_SRC_AUTHOR;
	case STATS_SOURCE:
		return STATS_SRC_SOURCE;
	default:
		return STATS_SRC_ARTICLE;
	}
}

/* Day keys as the API writes them: 20261203 -> "2026-12-03". */
static void format_days(struct arena *a, struct stats_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		long d = strtol(r[i].key, NULL, 10);
		r[i].key = arena_printf(a, "%04ld-%02ld-%02ld", d / 10000, d / 100 % 100, d % 100);
		r[i].label = r[i].key;
	}
}

/* YYYYMMDD <-> days since 1970-01-01 (both local dates; the calendar arithmetic is UTC's). */
static int64_t day_number(int32_t ymd)
{
	struct tm tm = {.tm_year = ymd / 10000 - 1900,
			.tm_mon = ymd / 100 % 100 - 1,
			.tm_mday = ymd % 100,
			.tm_hour = 12};
	return (int64_t)(timegm(&tm) / 86400);
}

static int32_t day_ymd(int64_t day)
{
	time_t t = (time_t)(day * 86400 + 43200);
	struct tm tm;
	gmtime_r(&t, &tm);
	return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

/* Adds the visitors of each day to the day rows (keys YYYYMMDD, ascending), with a row of no views
 * for a day that had visitors only; at most limit rows (0: all). */
static enum store_rc add_visitors(const struct store *st, struct store_conn *c, struct arena *a,
				  const struct stats_query *q, struct stats_row **rows, size_t *n)
{
	int64_t *days = NULL, *counts = NULL;
	size_t nd = 0;
	enum store_rc rc = store_visitor_days_on(st, c, a, day_number(q->from), day_number(q->to),
						 &days, &counts, &nd);
	if (rc != STORE_OK)
		return rc;
	struct stats_row *out = arena_alloc(a, (*n + nd ? *n + nd : 1) * sizeof(*out));
	size_t i = 0, j = 0, k = 0;
	while (i < *n || j < nd) {
		long rd = i < *n ? strtol((*rows)[i].key, NULL, 10) : 0;
		long vd = j < nd ? (long)day_ymd(days[j]) : 0;
		if (j == nd || (i < *n && rd < vd)) {
			out[k] = (*rows)[i++];
			out[k++].visitors = 0;
		} else if (i == *n || vd < rd) {
			const char *key = arena_printf(a, "%ld", vd);
			out[k++] = (struct stats_row){key, key, 0, counts[j++]};
		} else {
			out[k] = (*rows)[i++];
			out[k++].visitors = counts[j++];
		}
	}
	if (q->limit > 0 && (int64_t)k > q->limit)
		k = (size_t)q->limit;
	*rows = out;
	*n = k;
	return STORE_OK;
}

/* The parent of category id (0 for a top-level one or an unknown id). */
static int64_t parent_of(const struct category *cats, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (cats[i].id == id)
			return cats[i].parent_id;
	return 0;
}

static const char *name_of(const struct category *cats, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (cats[i].id == id)
			return cats[i].name;
	return "";
}

/* The row a category's views count in: its ancestor just below `top` (top itself for its own
 * articles), or its top-level ancestor when top is 0. */
static int64_t group_of(const struct category *cats, size_t n, int64_t id, int64_t top)
{
	for (int depth = 0; id && id != top && depth < 64; depth++) {
		int64_t parent = parent_of(cats, n, id);
		if (parent == top)
			return id;
		id = parent;
	}
	return id;
}

static int by_views(const void *x, const void *y)
{
	const struct stats_row *a = x, *b = y;
	if (a->views != b->views)
		return (a->views < b->views) - (a->views > b->views);
	return strcmp(a->label, b->label);
}

/* Rolls per-category rows up so that each row holds its sub-categories: the top-level
 * categories, or the children of the filter (and the filter's own articles). */
static enum store_rc roll_up(const struct store *st, struct store_conn *c, struct arena *a,
			     int64_t top, struct stats_row **rows, size_t *n)
{
	struct category *cats;
	size_t ncats = 0;
	enum store_rc rc = st->ops->categories(c, a, &cats, &ncats);
	if (rc != STORE_OK)
		return rc;
	struct stats_row *out = arena_alloc(a, (*n ? *n : 1) * sizeof(*out));
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		int64_t g = group_of(cats, ncats, strtoll((*rows)[i].key, NULL, 10), top);
		size_t j = 0;
		while (j < k && strtoll(out[j].key, NULL, 10) != g)
			j++;
		if (j == k)
			out[k++] = (struct stats_row){arena_printf(a, "%lld", (long long)g),
						      name_of(cats, ncats, g), 0, -1};
		out[j].views += (*rows)[i].views;
	}
	qsort(out, k, sizeof(*out), by_views);
	*rows = out;
	*n = k;
	return STORE_OK;
}

enum store_rc store_stats_views_on(const struct store *st, struct store_conn *c, struct arena *a,
				   const struct stats_query *q, struct stats_row **out, size_t *n,
				   int64_t *total)
{
	int64_t p[5] = {q->from, q->to, q->category_id, q->article_id,
			q->limit > 0 ? q->limit : -1};
	enum stats_src src = source_of(q->by, q->article_id != 0);
	enum store_rc rc = st->ops->stats_rows(c, a, src, p, out, n);
	if (rc != STORE_OK)
		return rc;
	struct stats_row *days = *out;
	size_t ndays = *n;
	if (q->by != STATS_DAY || q->limit > 0) {
		p[4] = -1;
		rc = st->ops->stats_rows(c, a, source_of(STATS_DAY, q->article_id != 0), p, &days,
					 &ndays);
	}
	*total = 0;
	for (size_t i = 0; rc == STORE_OK && i < ndays; i++)
		*total += days[i].views;
	for (size_t i = 0; rc == STORE_OK && i < *n; i++)
		(*out)[i].visitors = -1;
	if (rc == STORE_OK && q->by == STATS_DAY && !q->category_id && !q->article_id)
		rc = add_visitors(st, c, a, q, out, n);
	if (rc == STORE_OK && q->by == STATS_DAY)
		format_days(a, *out, *n);
	if (rc == STORE_OK && q->by == STATS_CATEGORY)
		rc = roll_up(st, c, a, q->category_id, out, n);
	return rc;
}
