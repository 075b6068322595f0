/* The PostgreSQL backend's static pages (issue 13). */
#include "store/pg/pg-int.h"

enum store_rc pg_pages(struct store_conn *sc, struct arena *a, struct static_page **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_PAGES, sizeof(**out), store_row_page, (void **)out, n);
}

enum store_rc pg_page_by_slug(struct store_conn *sc, struct arena *a, const char *slug,
			      struct static_page *out)
{
	return pg_read_one(sc, a, PG_PAGE_BY_SLUG, sizeof(*out), store_row_page, out, slug);
}

enum store_rc pg_page_below(struct store_conn *sc, int64_t ancestor, int64_t id, bool *below)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, ancestor);
	pg_p_i64(&p, id);
	int64_t one = 0;
	return pg_run_exists(pg_c(sc), PG_PAGE_BELOW, &p, &one, below);
}

enum store_rc pg_page_write(struct store_conn *sc, const struct static_page *pg, int64_t now,
			    int64_t expect, int64_t *id)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, pg->parent_id);
	pg_p_i64(&p, pg->position);
	pg_p_text(&p, pg->slug);
	pg_p_text(&p, pg->title);
	pg_p_text(&p, pg->body_html);
	pg_p_i64(&p, now);
	pg_p_text(&p, article_status_name(pg->status));
	if (pg->id) {
		pg_p_i64(&p, pg->id);
		pg_p_i64(&p, expect);
	} else {
		pg_p_i64(&p, pg->owner_id);
	}
	pg_p_text(&p, pg->title_en ? pg->title_en : "");
	pg_p_text(&p, pg->body_en ? pg->body_en : "");
	int64_t first = 0, changes = 0;
	enum store_rc rc =
	    pg_run_fenced(pg_c(sc), pg->id ? PG_PAGE_UPDATE : PG_PAGE_INSERT, &p, &first, &changes);
	if (rc == STORE_OK && changes == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		*id = pg->id ? pg->id : first;
	return rc;
}

enum store_rc pg_page_children(struct store_conn *sc, int64_t id, int64_t *n)
{
	return pg_one_int(sc, PG_PAGE_CHILDREN, n, id);
}

enum store_rc pg_page_delete(struct store_conn *sc, int64_t id)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_PAGE_DELETE, id);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_page_by_id(struct store_conn *sc, struct arena *a, int64_t id,
			    struct static_page *out)
{
	return pg_read_one(sc, a, PG_PAGE_BY_ID, sizeof(*out), store_row_page, out, id);
}

enum store_rc pg_page_set_status(struct store_conn *sc, int64_t id, const char *status, int64_t now)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, id);
	pg_p_text(&p, status);
	pg_p_i64(&p, now);
	int64_t first = 0, changes = 0;
	enum store_rc rc = pg_run_fenced(pg_c(sc), PG_PAGE_STATUS, &p, &first, &changes);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_page_snapshot(struct store_conn *sc, int64_t id, int64_t user_id, int64_t now)
{
	int64_t changes = 0;
	return pg_write1(sc, &changes, PG_PAGE_SNAPSHOT, id, user_id, now);
}

enum store_rc pg_page_revisions(struct store_conn *sc, struct arena *a, int64_t id,
				struct page_revision **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_PAGE_REVISIONS, sizeof(**out), store_row_page_revision,
			    (void **)out, n, id);
}

enum store_rc pg_page_revision_get(struct store_conn *sc, struct arena *a, int64_t id, int64_t rev,
				   struct page_revision *out)
{
	return pg_read_one(sc, a, PG_PAGE_REVISION, sizeof(*out), store_row_page_revision, out, id,
			   rev);
}
