/* The SQLite backend's upkeep of its full-text indexes (store_search_merge, store/search.h): the
 * segments of FTS5's index merged into one when that pays for itself. */
#include "store/sqlite/sqlite-int.h"

#include <stdint.h>
#include <stdio.h>

/* The FTS5 tables kept: the articles' index and the legal documents'. */
static const char *const fts_tables[] = {"search_fts", "doc_fts"};

/*
 * How FTS5 stores a segment (its own format, fts5Int.h: FTS5_SEGMENT_ROWID): the pages are rows of
 * %_data whose rowid is the segment's id shifted left by SEG_SHIFT bits, below which come a
 * doclist-index flag, a height and the page number; the leaves are those of flag and height 0,
 * numbered from 1 (a merge in progress deletes the first ones of its inputs). %_idx holds a row
 * per leaf that starts a term, keyed by segment id first. A size read wrong would only make a
 * merge come sooner or later, never lose anything.
 */
#define SEG_SHIFT 37
#define SEG_PAGES ((INT64_C(1) << 31) - 1)

/* Past this many segments, a merge pays sooner (sq_merge_pays). */
#define MERGE_MANY 8

struct shape {
	int64_t segments, largest, total; /* pages */
};

static sqlite3_stmt *prepare(struct sq_conn *c, const char *sql)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK) {
		sqlite3_finalize(s);
		return NULL;
	}
	return s;
}

/* The segments of table and their sizes in pages, each found by two lookups. */
static enum store_rc fts_shape(struct sq_conn *c, const char *table, struct shape *out)
{
	char next_sql[160], pages_sql[320];
	snprintf(next_sql, sizeof next_sql,
		 "SELECT segid FROM %s_idx WHERE segid > ?1 ORDER BY segid LIMIT 1", table);
	snprintf(pages_sql, sizeof pages_sql,
		 "SELECT (SELECT id FROM %s_data WHERE id BETWEEN ?1 AND ?2 ORDER BY id LIMIT 1), "
		 "(SELECT id FROM %s_data WHERE id BETWEEN ?1 AND ?2 ORDER BY id DESC LIMIT 1)",
		 table, table);
	*out = (struct shape){0};
	sqlite3_stmt *next = prepare(c, next_sql), *pages = prepare(c, pages_sql);
	enum store_rc rc = next && pages ? STORE_OK : STORE_ERROR;
	int64_t seg = 0;
	int r = SQLITE_DONE;
	while (rc == STORE_OK) {
		sqlite3_bind_int64(next, 1, seg);
		r = sqlite3_step(next);
		if (r != SQLITE_ROW)
			break;
		seg = sqlite3_column_int64(next, 0);
		sqlite3_reset(next);
		if (seg <= 0 || seg >= (INT64_C(1) << (63 - SEG_SHIFT)))
			break; /* not a segment id of this format: nothing more is read */
		int64_t lo = seg << SEG_SHIFT;
		sqlite3_bind_int64(pages, 1, lo);
		sqlite3_bind_int64(pages, 2, lo + SEG_PAGES);
		r = sqlite3_step(pages);
		int64_t n = 0;
		if (r == SQLITE_ROW && sqlite3_column_type(pages, 0) != SQLITE_NULL)
			n = sqlite3_column_int64(pages, 1) - sqlite3_column_int64(pages, 0) + 1;
		sqlite3_reset(pages);
		if (r != SQLITE_ROW)
			break;
		out->segments++;
		out->total += n;
		if (n > out->largest)
			out->largest = n;
	}
	if (rc == STORE_OK && r != SQLITE_ROW && r != SQLITE_DONE)
		rc = sq_rc(r);
	sqlite3_finalize(next);
	sqlite3_finalize(pages);
	return rc;
}

bool sq_merge_pays(int64_t segments, int64_t largest, int64_t total)
{
	int64_t others = total - largest;
	return segments > 1 &&
	       (others * 4 >= largest || (segments > MERGE_MANY && others * 32 >= largest));
}

static bool merge_pays(const struct shape *s)
{
	return sq_merge_pays(s->segments, s->largest, s->total);
}

/*
 * One step: FTS5's 'merge' with a negative page count first puts every segment on one level, then
 * merges that level, writing about that many pages per call (an incremental 'optimize'); a call
 * that changes fewer than two rows found nothing left to merge.
 */
static enum store_rc merge_step(struct sq_conn *c, const char *table, bool *more)
{
	char sql[160];
	snprintf(sql, sizeof sql, "INSERT INTO %s(%s, rank) VALUES ('merge', %d)", table, table,
		 -SEARCH_MERGE_PAGES);
	sqlite3_int64 before = sqlite3_total_changes64(c->db);
	int r = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	if (r != SQLITE_OK)
		return sq_rc(r);
	*more = sqlite3_total_changes64(c->db) - before >= 2;
	return STORE_OK;
}

enum store_rc sq_search_merge(struct store_conn *sc, bool force, int steps, bool *done)
{
	struct sq_conn *c = sq_c(sc);
	*done = true;
	int left = steps;
	for (size_t i = 0; i < sizeof fts_tables / sizeof fts_tables[0]; i++) {
		const char *t = fts_tables[i];
		if (!force) {
			struct shape sh;
			enum store_rc rc = fts_shape(c, t, &sh);
			if (rc != STORE_OK)
				return rc;
			if (!merge_pays(&sh))
				continue;
		}
		bool more = true;
		while (more && (steps <= 0 || left > 0)) {
			enum store_rc rc = merge_step(c, t, &more);
			if (rc != STORE_OK)
				return rc;
			left--;
		}
		if (more) {
			*done = false;
			return STORE_OK;
		}
	}
	return STORE_OK;
}
