/* The SQLite backend's content: settings, categories, articles, tags, views, users. */
#include "store/sqlite/sqlite-int.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "vi/vi.h"

enum store_rc sq_setting_get(struct store_conn *sc, struct arena *a, const char *key,
			     const char **val)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SQ_SETTING_GET);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_text(q, 1, key);
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			*val = sq_col_text(a, q, 0);
			rc = STORE_OK;
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
		}
		sqlite3_reset(q);
	}
	return rc;
}

enum store_rc sq_setting_set(struct store_conn *sc, const char *key, const char *val)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SQ_SETTING_SET);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_text(q, 1, key);
		sq_bind_text(q, 2, val);
		rc = sq_step_done(c, q);
	}
	return rc;
}

enum store_rc sq_categories(struct store_conn *sc, struct arena *a, struct category **out,
			    size_t *n)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SQ_CATEGORIES);
	enum store_rc rc = STORE_ERROR;
	size_t cap = 16, len = 0;
	struct category *v = arena_alloc(a, cap * sizeof(*v));
	int r = SQLITE_ERROR;
	while (q && (r = sqlite3_step(q)) == SQLITE_ROW) {
		if (len == cap) {
			struct category *nv = arena_alloc(a, 2 * cap * sizeof(*v));
			memcpy(nv, v, len * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		struct store_row row = sq_row(q);
		store_row_category(a, &row, &v[len++]);
	}
	if (q) {
		rc = sq_rc(r);
		sqlite3_reset(q);
	}
	*out = v;
	*n = len;
	return rc;
}

/* Returns STORE_OK with *found set when the query, bound with (i64, text), yields a row. */
static enum store_rc query_exists(struct sq_conn *c, enum sq_stmt which, int64_t p1, const char *p2,
				  bool use_text_first, int64_t *first_col, bool *found)
{
	sqlite3_stmt *q = sq_stmt(c, which);
	if (!q)
		return STORE_ERROR;
	if (use_text_first) {
		sq_bind_text(q, 1, p2);
	} else {
		sq_bind_i64(q, 1, p1);
		sq_bind_text(q, 2, p2);
	}
	int r = sqlite3_step(q);
	*found = r == SQLITE_ROW;
	if (*found && first_col)
		*first_col = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return r == SQLITE_ROW || r == SQLITE_DONE ? STORE_OK : sq_rc(r);
}

enum store_rc sq_slug_taken(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			    const char *slug, bool *taken)
{
	bool tag = kind == SLUG_TAG;
	return query_exists(sq_c(sc), tag ? SQ_TAG_SLUG_TAKEN : SQ_CATEGORY_SLUG_TAKEN, scope, slug,
			    tag, NULL, taken);
}

enum store_rc sq_named_find(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			    const char *name, int64_t *id, bool *found)
{
	bool tag = kind == SLUG_TAG;
	return query_exists(sq_c(sc), tag ? SQ_TAG_FIND : SQ_CATEGORY_FIND, scope, name, tag, id,
			    found);
}

enum store_rc sq_named_insert(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			      const char *name, const char *slug, int64_t *id, bool *inserted)
{
	struct sq_conn *c = sq_c(sc);
	bool tag = kind == SLUG_TAG;
	sqlite3_stmt *q = sq_stmt(c, tag ? SQ_TAG_INSERT : SQ_CATEGORY_INSERT);
	if (!q)
		return STORE_ERROR;
	int i = 1;
	if (!tag)
		sq_bind_i64(q, i++, scope);
	sq_bind_text(q, i++, name);
	sq_bind_text(q, i, slug);
	enum store_rc rc = sq_step_done(c, q);
	*inserted = rc == STORE_OK; /* one writer at a time: nobody made it meanwhile */
	if (rc == STORE_OK)
		*id = sqlite3_last_insert_rowid(c->db);
	return rc;
}

static void read_article(struct arena *a, sqlite3_stmt *q, struct article *o)
{
	struct store_row r = sq_row(q);
	store_row_article(a, &r, o);
}

static enum store_rc read_tags(struct sq_conn *c, struct arena *a, struct article *o)
{
	sqlite3_stmt *q = sq_stmt(c, SQ_ARTICLE_TAGS);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, o->id);
	size_t cap = 8;
	o->tags = arena_alloc(a, cap * sizeof(char *));
	int64_t *pos = arena_alloc(a, cap * sizeof(*pos));
	o->ntags = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (o->ntags == cap) {
			const char **nt = arena_alloc(a, 2 * cap * sizeof(char *));
			int64_t *np = arena_alloc(a, 2 * cap * sizeof(*np));
			memcpy(nt, o->tags, cap * sizeof(char *));
			memcpy(np, pos, cap * sizeof(*np));
			o->tags = nt;
			pos = np;
			cap *= 2;
		}
		/* by position: an insertion into the few read so far (equal ones keep the key's
		 * order) */
		int64_t at = sqlite3_column_int64(q, 1);
		size_t i = o->ntags++;
		for (; i > 0 && pos[i - 1] > at; i--) {
			o->tags[i] = o->tags[i - 1];
			pos[i] = pos[i - 1];
		}
		o->tags[i] = sq_col_text(a, q, 0);
		pos[i] = at;
	}
	sqlite3_reset(q);
	return sq_rc(r);
}

static enum store_rc read_langs(struct sq_conn *c, struct arena *a, struct article *o)
{
	sqlite3_stmt *q = sq_stmt(c, SQ_ARTICLE_LANGS);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, o->id);
	size_t cap = 0;
	struct article_lang *v = NULL;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (o->nlangs == cap) {
			cap = cap ? 2 * cap : 4;
			struct article_lang *nv = arena_alloc(a, cap * sizeof(*nv));
			if (o->nlangs)
				memcpy(nv, v, o->nlangs * sizeof(*nv));
			v = nv;
		}
		v[o->nlangs].lang = sq_col_text(a, q, 0);
		v[o->nlangs].title = sq_col_text(a, q, 1);
		o->nlangs++;
	}
	sqlite3_reset(q);
	o->langs = v;
	o->langs_read = r == SQLITE_DONE;
	return sq_rc(r);
}

enum store_rc sq_article_get(struct store_conn *sc, struct arena *a, int64_t id,
			     struct article *out)
{
	struct sq_conn *given = sq_c(sc), *c = sq_page_take(given);
	enum store_rc rc = STORE_ERROR;
	sqlite3_stmt *q = sq_stmt(c, SQ_ARTICLE_GET);
	if (q) {
		sq_bind_i64(q, 1, id);
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			/* The article's statement is reset only after its tags and languages are
			 * read: while it is active, the two other reads are in its read transaction
			 * (one snapshot of the three, and one pair of WAL lock calls, fcntl,
			 * instead of three: a page not in the cache is otherwise mostly system
			 * calls). */
			read_article(a, q, out);
			rc = read_tags(c, a, out);
			if (rc == STORE_OK)
				rc = read_langs(c, a, out);
			sqlite3_reset(q);
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
			sqlite3_reset(q);
		}
	}
	sq_page_give(given, c);
	return rc;
}

enum store_rc sq_article_tags_clear(struct store_conn *sc, int64_t article_id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SQ_ARTICLE_TAGS_CLEAR);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, article_id);
	return sq_step_done(c, q);
}

enum store_rc sq_article_tag_add(struct store_conn *sc, int64_t article_id, int64_t tag_id,
				 int64_t position)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SQ_ARTICLE_TAG_ADD);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, article_id);
	sq_bind_i64(q, 2, tag_id);
	sq_bind_i64(q, 3, position);
	return sq_step_done(c, q);
}

enum store_rc sq_revision_snapshot(struct store_conn *sc, int64_t id, int64_t user_id, int64_t at)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SQ_REVISION_SNAPSHOT);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	sq_bind_i64(q, 2, user_id);
	sq_bind_i64(q, 3, at);
	return sq_step_done(c, q);
}

static void bind_put(sqlite3_stmt *q, const struct article_put *p, int64_t now)
{
	struct sq_bind b = sq_binder(q);
	store_bind_article(&b.base, p, now);
}

enum store_rc sq_article_exists(struct store_conn *sc, int64_t id, bool *exists)
{
	return query_exists(sq_c(sc), SQ_ARTICLE_EXISTS, id, NULL, false, NULL, exists);
}

enum store_rc sq_article_write(struct store_conn *sc, const struct article_put *p, bool exists,
			       int64_t now, int64_t *id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, exists ? SQ_ARTICLE_UPDATE : SQ_ARTICLE_INSERT);
	if (!q)
		return STORE_ERROR;
	bind_put(q, p, now);
	enum store_rc rc = sq_step_done(c, q);
	if (rc != STORE_OK)
		return rc == STORE_CONFLICT ? STORE_INVALID : rc;
	if (exists && sqlite3_changes(c->db) == 0)
		return STORE_CONFLICT; /* the stored revision is not the one the save was based on
					*/
	*id = exists ? p->id : sqlite3_last_insert_rowid(c->db);
	if ((!exists && p->views != 0) || (exists && p->set_views)) {
		sqlite3_stmt *v = sq_stmt(c, SQ_ARTICLE_VIEWS_SET);
		if (!v)
			return STORE_ERROR;
		sq_bind_i64(v, 1, *id);
		sq_bind_i64(v, 2, p->views);
		if ((rc = sq_step_done(c, v)) != STORE_OK)
			return rc;
	}
	if (!exists && sq_article_added(c) != SQLITE_OK) {
		log_error("sqlite: cannot index the new articles: %s", sqlite3_errmsg(c->db));
		return STORE_ERROR;
	}
	return STORE_OK;
}

static void read_summary(struct arena *a, sqlite3_stmt *q, struct article_summary *o)
{
	struct store_row r = sq_row(q);
	store_row_summary(a, &r, o);
}

static void bind_query(sqlite3_stmt *s, const struct article_query *q)
{
	struct sq_bind b = sq_binder(s);
	store_bind_query(&b.base, q);
}

/* The statements that list and count the articles of each list_kind. */
static const enum sq_stmt list_stmt[] = {[LIST_ALL] = SQ_LIST_ALL_NEWEST,
					 [LIST_CATEGORY] = SQ_LIST_CAT_NEWEST,
					 [LIST_TREE] = SQ_LIST_TREE_NEWEST};
static const enum sq_stmt count_stmt[] = {
    [LIST_ALL] = SQ_COUNT_ALL, [LIST_CATEGORY] = SQ_COUNT_CAT, [LIST_TREE] = SQ_COUNT_TREE};

enum store_rc sq_list_rows(struct store_conn *sc, struct arena *a, const struct article_query *aq,
			   enum list_kind kind, struct article_summary **out, size_t *n)
{
	struct sq_conn *c = sq_c(sc);
	enum sq_stmt which = kind == LIST_ALL && aq->order == ORDER_MOST_VIEWED ? SQ_LIST_ALL_VIEWED
										: list_stmt[kind];
	sqlite3_stmt *q = sq_stmt(c, which);
	if (!q)
		return STORE_ERROR;
	bind_query(q, aq);
	size_t cap = aq->limit > 0 && aq->limit < 1000 ? (size_t)aq->limit : 16;
	struct article_summary *v = arena_alloc(a, cap * sizeof(*v));
	size_t len = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (len == cap) {
			struct article_summary *nv = arena_alloc(a, 2 * cap * sizeof(*v));
			memcpy(nv, v, len * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		read_summary(a, q, &v[len++]);
	}
	sqlite3_reset(q);
	*out = v;
	*n = len;
	return sq_rc(r);
}

enum store_rc sq_list_count(struct store_conn *sc, const struct article_query *aq,
			    enum list_kind kind, int64_t *total)
{
	struct sq_conn *c = sq_c(sc);
	enum sq_stmt which = count_stmt[kind];
	sqlite3_stmt *q = sq_stmt(c, which);
	if (!q)
		return STORE_ERROR;
	bind_query(q, aq);
	int r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		*total = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return r == SQLITE_ROW ? STORE_OK : sq_rc(r == SQLITE_DONE ? SQLITE_ERROR : r);
}

enum store_rc sq_each_page(struct store_conn *sc, struct arena *a, int64_t after, size_t limit,
			   struct article *rows, size_t *n)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SQ_EACH);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, after);
	sq_bind_i64(q, 2, (int64_t)limit);
	int r;
	*n = 0;
	while ((r = sqlite3_step(q)) == SQLITE_ROW && *n < limit)
		read_article(a, q, &rows[(*n)++]);
	sqlite3_reset(q);
	enum store_rc rc = sq_rc(r);
	for (size_t i = 0; rc == STORE_OK && i < *n; i++)
		rc = read_tags(c, a, &rows[i]);
	return rc;
}

/* Runs a statement without parameters that yields one integer. */
static enum store_rc one_int(struct store_conn *sc, enum sq_stmt which, int64_t *out)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, which);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			*out = sqlite3_column_int64(q, 0);
			rc = STORE_OK;
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
		}
		sqlite3_reset(q);
	}
	return rc;
}

enum store_rc sq_content_version(struct store_conn *sc, int64_t *out)
{
	enum store_rc rc = one_int(sc, SQ_CONTENT_VERSION, out);
	/* A new version that this process did not write (another process's import, say) drops
	 * the site's page cache: the page connections' kept reads go with it (counted as a write,
	 * sq_page_take), so that the pages made again read it. */
	struct sq_store *s = sq_c(sc)->owner;
	if (rc == STORE_OK && s && atomic_exchange(&s->version_seen, *out) != *out)
		atomic_fetch_add(&s->writes, 1);
	return rc;
}

enum store_rc sq_article_max_id(struct store_conn *sc, int64_t *out)
{
	return one_int(sc, SQ_MAX_ID, out);
}

enum store_rc sq_article_free_id(struct store_conn *sc, int64_t *out)
{
	return one_int(sc, SQ_FREE_ID, out);
}

enum store_rc sq_view_add(struct store_conn *sc, int64_t article_id, int64_t n)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SQ_VIEWS_ADD);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, article_id);
	sq_bind_i64(q, 2, n);
	return sq_step_done(c, q);
}

enum store_rc sq_user_get(struct store_conn *sc, struct arena *a, const char *name,
			  struct user *out)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SQ_USER_GET);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_text(q, 1, name);
		int r = sqlite3_step(q);
		if (r == SQLITE_ROW) {
			struct store_row row = sq_row(q);
			store_row_user(a, &row, out);
			rc = STORE_OK;
		} else {
			rc = r == SQLITE_DONE ? STORE_NOTFOUND : sq_rc(r);
		}
		sqlite3_reset(q);
	}
	return rc;
}

enum store_rc sq_user_add(struct store_conn *sc, const char *name, const char *display_name,
			  const char *role, const char *password_hash, int64_t *id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SQ_USER_INSERT);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sq_bind_text(q, 1, name);
		sq_bind_text(q, 2, display_name);
		sq_bind_text(q, 3, role);
		sq_bind_text(q, 4, password_hash);
		sq_bind_i64(q, 5, sq_now());
		rc = sq_step_done(c, q);
		if (rc == STORE_OK && id)
			*id = sqlite3_last_insert_rowid(c->db);
	}
	return rc;
}

enum store_rc sq_bodies_stale(struct store_conn *sc, struct arena *a, int version, int64_t limit,
			      struct article *rows, size_t *n)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SQ_BODIES_STALE);
	*n = 0;
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, version);
	sq_bind_i64(q, 2, limit);
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW && *n < (size_t)limit) {
		struct article *o = &rows[(*n)++];
		memset(o, 0, sizeof(*o));
		o->id = sqlite3_column_int64(q, 0);
		o->body_html = sq_col_text(a, q, 1);
	}
	sqlite3_reset(q);
	return r == SQLITE_ROW || r == SQLITE_DONE ? STORE_OK : sq_rc(r);
}

enum store_rc sq_body_set(struct store_conn *sc, int64_t id, const char *html, const char *text,
			  int version, bool html_changed)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, html_changed ? SQ_BODY_SET : SQ_BODY_SET_TEXT);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	sq_bind_text(q, 2, html);
	sq_bind_text(q, 3, text);
	sq_bind_i64(q, 4, version);
	return sq_step_done(c, q);
}
