/* The PostgreSQL backend's content: settings, categories, articles, tags, views, users. */
#include "store/pg/pg-int.h"

#include <stdlib.h>
#include <sodium.h>
#include <string.h>

#include "core/log.h"
#include "vi/vi.h"

enum store_rc pg_setting_get(struct store_conn *sc, struct arena *a, const char *key,
			     const char **val)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	pg_p_text(&p, key);
	enum store_rc rc;
	PGresult *r = pg_run(c, PG_SETTING_GET, &p, &rc);
	if (r && PQntuples(r) == 0)
		rc = STORE_NOTFOUND;
	else if (r)
		*val = pg_get_text(a, r, 0, 0);
	PQclear(r);
	return rc;
}

enum store_rc pg_setting_set(struct store_conn *sc, const char *key, const char *val)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	pg_p_text(&p, key);
	pg_p_text(&p, val);
	enum store_rc rc = pg_run_fenced(c, PG_SETTING_SET, &p, NULL, NULL);
	return rc;
}

enum store_rc pg_categories(struct store_conn *sc, struct arena *a, struct category **out,
			    size_t *n)
{
	return pg_read_rows(sc, a, PG_CATEGORIES, sizeof(**out), store_row_category, (void **)out,
			    n);
}

enum store_rc pg_slug_taken(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			    const char *slug, bool *taken)
{
	struct pg_params p = {.n = 0};
	if (kind == SLUG_CATEGORY)
		pg_p_i64(&p, scope);
	pg_p_text(&p, slug);
	return pg_run_exists(pg_c(sc),
			     kind == SLUG_TAG ? PG_TAG_SLUG_TAKEN : PG_CATEGORY_SLUG_TAKEN, &p,
			     NULL, taken);
}

enum store_rc pg_named_find(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			    const char *name, int64_t *id, bool *found)
{
	struct pg_params p = {.n = 0};
	if (kind == SLUG_CATEGORY)
		pg_p_i64(&p, scope);
	pg_p_text(&p, name);
	return pg_run_exists(pg_c(sc), kind == SLUG_TAG ? PG_TAG_FIND : PG_CATEGORY_FIND, &p, id,
			     found);
}

enum store_rc pg_named_insert(struct store_conn *sc, enum slug_kind kind, int64_t scope,
			      const char *name, const char *slug, int64_t *id, bool *inserted)
{
	struct pg_params p = {.n = 0};
	if (kind == SLUG_CATEGORY)
		pg_p_i64(&p, scope);
	pg_p_text(&p, name);
	pg_p_text(&p, slug);
	return pg_run_exists(pg_c(sc), kind == SLUG_TAG ? PG_TAG_INSERT : PG_CATEGORY_INSERT, &p,
			     id, inserted);
}

static void read_article(struct arena *a, const PGresult *r, int row, struct article *o)
{
	struct store_row rr = pg_row(r, row);
	store_row_article(a, &rr, o);
}

/* The bytes that the hex digits p[0..n) spell, in a (false when they are not hex pairs). */
static bool unhex(struct arena *a, const char *p, size_t n, const char **out)
{
	unsigned char *s = arena_alloc(a, n / 2 + 1);
	size_t len = 0;
	if (n % 2 || sodium_hex2bin(s, n / 2, p, n, NULL, &len, NULL) != 0 || len != n / 2)
		return false;
	s[len] = '\0';
	*out = (const char *)s;
	return true;
}

/* The number of items of a list PG_ARTICLE_GET made: one more than its commas, none for NULL. */
static size_t list_items(const char *t)
{
	size_t n = t ? 1 : 0;
	for (; t && *t; t++)
		n += *t == ',';
	return n;
}

/* The items of such a list ("h1,h2,...", each hex-encoded, an empty one too) into v[0..*n); false
 * when the text is not such a list. */
static bool read_list(struct arena *a, const char *t, const char **v, size_t *n)
{
	*n = 0;
	while (t) {
		size_t len = strcspn(t, ",");
		if (!unhex(a, t, len, &v[(*n)++]))
			return false;
		t = t[len] == ',' ? t + len + 1 : NULL;
	}
	return true;
}

/* The tags and translations of o from columns 23 and 24 of row `row` of a result in
 * ARTICLE_GET_COLS's form (the translations a list of language, title, language, title...). */
static bool read_lists(struct arena *a, const PGresult *r, int row, struct article *o)
{
	const char *tags = PQgetisnull(r, row, 23) ? NULL : PQgetvalue(r, row, 23);
	const char *langs = PQgetisnull(r, row, 24) ? NULL : PQgetvalue(r, row, 24);
	size_t nt = list_items(tags), nl = list_items(langs);
	const char **tv = arena_alloc(a, (nt ? nt : 1) * sizeof(*tv)),
		   **lv = arena_alloc(a, (nl ? nl : 1) * sizeof(*lv));
	if (!read_list(a, tags, tv, &nt) || !read_list(a, langs, lv, &nl) || nl % 2)
		return false;
	o->tags = tv;
	o->ntags = nt;
	struct article_lang *l = arena_alloc(a, (nl ? nl / 2 : 1) * sizeof(*l));
	for (size_t i = 0; i < nl / 2; i++) {
		l[i].lang = lv[2 * i];
		l[i].title = lv[2 * i + 1];
	}
	o->langs = l;
	o->nlangs = nl / 2;
	o->langs_read = true;
	return true;
}

bool pg_read_article_whole(struct arena *a, const PGresult *r, int row, struct article *o)
{
	read_article(a, r, row, o);
	if (read_lists(a, r, row, o))
		return true;
	log_error("postgresql: article %lld: its tags or translations are not in the form asked",
		  (long long)o->id);
	return false;
}

enum store_rc pg_article_get(struct store_conn *sc, struct arena *a, int64_t id,
			     struct article *out)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, id);
	enum store_rc rc;
	PGresult *r = pg_run(c, PG_ARTICLE_GET, &p, &rc);
	if (rc == STORE_OK && PQntuples(r) == 0) {
		rc = STORE_NOTFOUND;
	} else if (rc == STORE_OK) {
		if (!pg_read_article_whole(a, r, 0, out))
			rc = STORE_ERROR;
	}
	PQclear(r);
	return rc;
}

enum store_rc pg_article_tags_clear(struct store_conn *sc, int64_t article_id)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, article_id);
	return pg_run_done(pg_c(sc), PG_ARTICLE_TAGS_CLEAR, &p);
}

enum store_rc pg_article_tag_add(struct store_conn *sc, int64_t article_id, int64_t tag_id,
				 int64_t position)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, article_id);
	pg_p_i64(&p, tag_id);
	pg_p_i64(&p, position);
	return pg_run_done(pg_c(sc), PG_ARTICLE_TAG_ADD, &p);
}

static void article_params(struct pg_params *p, const struct article_put *a, int64_t now)
{
	struct pg_bind b = pg_binder(p);
	store_bind_article(&b.base, a, now);
}

enum store_rc pg_revision_snapshot(struct store_conn *sc, int64_t id, int64_t user_id, int64_t at)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, id);
	pg_p_i64(&p, user_id);
	pg_p_i64(&p, at);
	return pg_run_done(c, PG_REVISION_SNAPSHOT, &p);
}

/* The search vectors of a published article's title, lead and body text, folded (v[0]), exact
 * (v[1]) and its pairs (v[2]); false when the server must make them. */
static bool article_vectors(struct pg_conn *c, const struct article_put *a,
			    struct buf v[STORE_WORDS])
{
	if (a->status != ARTICLE_PUBLISHED || c->base.failed || !pg_words_ready(c))
		return false;
	if (pg_words_given(a)) { /* made ahead (store_article_words) */
		for (int i = PG_WORDS_FOLD; i <= PG_WORDS_PAIRS; i++) /* the text forms */
			buf_puts(&v[i], buf_cstr(&a->words[i]));
		return true;
	}
	const char *parts[3] = {a->title, a->lead, a->body_text};
	return pg_article_words(parts, v);
}

enum store_rc pg_article_write(struct store_conn *sc, const struct article_put *a, bool exists,
			       int64_t now, int64_t *id)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0}, on = {.n = 0}, off = {.n = 0}, none = {.n = 0};
	article_params(&p, a, now);
	struct buf v[STORE_WORDS] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
	bool given = article_vectors(c, a, v);
	/* With the vectors: the trigger is told to leave the search row to the statement, which
	 * writes it from them. Then the sequence, past an explicit id. One round trip. */
	struct pg_step steps[4];
	size_t n = 0, at = 0, failed;
	if (given) {
		for (int i = PG_WORDS_FOLD; i <= PG_WORDS_PAIRS; i++)
			pg_p_text(&p, buf_cstr(&v[i]));
		pg_p_text(&on, "given");
		pg_p_text(&off, "");
		steps[n++] = (struct pg_step){PG_SEARCH_GIVEN, &on, NULL};
		at = n;
		steps[n++] = (struct pg_step){
		    exists ? PG_ARTICLE_UPDATE_WORDS : PG_ARTICLE_INSERT_WORDS, &p, NULL};
		steps[n++] = (struct pg_step){PG_SEARCH_GIVEN, &off, NULL};
	} else {
		steps[n++] =
		    (struct pg_step){exists ? PG_ARTICLE_UPDATE : PG_ARTICLE_INSERT, &p, NULL};
	}
	if (!exists && a->id > 0)
		steps[n++] = (struct pg_step){PG_ARTICLE_SEQ_ADVANCE, &none, NULL};
	/* A new article's count goes in with its row (views_start, copied by the trigger); an
	 * import's count for one that exists, after the update. */
	struct pg_params views = {.n = 0};
	if (exists && a->set_views) {
		pg_p_i64(&views, a->id);
		pg_p_i64(&views, a->views);
		steps[n++] = (struct pg_step){PG_ARTICLE_VIEWS_SET, &views, NULL};
	}
	PGresult *res[4];
	enum store_rc rc = pg_run_steps(c, steps, n, res, &failed);
	PGresult *r = res[at];
	if (rc == STORE_OK && exists && strcmp(PQcmdTuples(r), "0") == 0)
		rc = STORE_CONFLICT; /* the stored revision is not the one the save was based on */
	else if (rc == STORE_OK && !exists)
		*id = PQntuples(r) == 1 ? pg_get_i64(r, 0, 0) : 0;
	else if (rc == STORE_CONFLICT)
		rc = STORE_INVALID; /* a rule of the schema, as SQLite's constraint mapping */
	for (size_t i = 0; i < n; i++)
		PQclear(res[i]);
	for (int i = 0; i < STORE_WORDS; i++)
		buf_free(&v[i]);
	return rc;
}

enum store_rc pg_article_exists(struct store_conn *sc, int64_t id, bool *exists)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, id);
	return pg_run_exists(pg_c(sc), PG_ARTICLE_EXISTS, &p, NULL, exists);
}

static void query_params(struct pg_params *p, const struct article_query *q)
{
	struct pg_bind b = pg_binder(p);
	store_bind_query(&b.base, q);
}

/* The statements that list and count the articles of each list_kind. */
static const enum pg_stmt list_stmt[] = {[LIST_ALL] = PG_LIST_ALL_NEWEST,
					 [LIST_CATEGORY] = PG_LIST_CAT_NEWEST,
					 [LIST_TREE] = PG_LIST_TREE_NEWEST};
static const enum pg_stmt count_stmt[] = {
    [LIST_ALL] = PG_COUNT_ALL, [LIST_CATEGORY] = PG_COUNT_CAT, [LIST_TREE] = PG_COUNT_TREE};

enum store_rc pg_list_rows(struct store_conn *sc, struct arena *a, const struct article_query *aq,
			   enum list_kind kind, struct article_summary **out, size_t *n)
{
	struct pg_conn *c = pg_c(sc);
	enum pg_stmt which = kind == LIST_ALL && aq->order == ORDER_MOST_VIEWED ? PG_LIST_ALL_VIEWED
										: list_stmt[kind];
	if (which == PG_LIST_CAT_NEWEST && !aq->featured_only && aq->tag_id == 0 &&
	    aq->offset <= 0 && aq->limit >= 0)
		which = PG_LIST_CAT_PLAIN;
	struct pg_params p = {.n = 0};
	query_params(&p, aq);
	return pg_read_rows_p(c, a, which, sizeof(**out), store_row_summary, (void **)out, n, &p);
}

enum store_rc pg_list_count(struct store_conn *sc, const struct article_query *aq,
			    enum list_kind kind, int64_t *total)
{
	struct pg_conn *c = pg_c(sc);
	enum pg_stmt which = count_stmt[kind];
	struct pg_params p = {.n = 0};
	query_params(&p, aq);
	bool found;
	enum store_rc rc = pg_run_exists(c, which, &p, total, &found);
	return rc == STORE_OK && !found ? STORE_ERROR : rc;
}

/* Reads the tags of rows[0..n) (ids ascending) with one query. */
static enum store_rc each_tags(struct pg_conn *c, struct arena *a, struct article *rows, size_t n)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, rows[0].id - 1);
	pg_p_i64(&p, rows[n - 1].id);
	enum store_rc rc;
	PGresult *r = pg_run(c, PG_EACH_TAGS, &p, &rc);
	int nr = r ? PQntuples(r) : 0;
	size_t j = 0;
	for (int i = 0; i < nr;) {
		int64_t id = pg_get_i64(r, i, 0);
		int k = i;
		while (k < nr && pg_get_i64(r, k, 0) == id)
			k++;
		while (j < n && rows[j].id < id)
			j++;
		if (j < n && rows[j].id == id) {
			rows[j].tags = arena_alloc(a, (size_t)(k - i) * sizeof(char *));
			for (int t = i; t < k; t++)
				rows[j].tags[rows[j].ntags++] = pg_get_text(a, r, t, 1);
		}
		i = k;
	}
	PQclear(r);
	return rc;
}

enum store_rc pg_each_page(struct store_conn *sc, struct arena *a, int64_t last, size_t limit,
			   struct article *rows, size_t *n)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, last);
	pg_p_i64(&p, (int64_t)limit);
	enum store_rc rc;
	PGresult *r = pg_run(c, PG_EACH, &p, &rc);
	*n = r ? (size_t)PQntuples(r) : 0;
	for (size_t i = 0; i < *n; i++)
		read_article(a, r, (int)i, &rows[i]);
	PQclear(r);
	if (rc == STORE_OK && *n > 0)
		rc = each_tags(c, a, rows, *n);
	return rc;
}

enum store_rc pg_article_max_id(struct store_conn *sc, int64_t *out)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	bool found;
	enum store_rc rc = pg_run_exists(c, PG_MAX_ID, &p, out, &found);
	return rc == STORE_OK && !found ? STORE_ERROR : rc;
}

enum store_rc pg_article_free_id(struct store_conn *sc, int64_t *out)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	bool found;
	enum store_rc rc = pg_run_exists(c, PG_FREE_ID, &p, out, &found);
	return rc == STORE_OK && !found ? STORE_ERROR : rc;
}

enum store_rc pg_view_add(struct store_conn *sc, int64_t article_id, int64_t n)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, article_id);
	pg_p_i64(&p, n);
	return pg_run_done(pg_c(sc), PG_VIEWS_ADD, &p);
}

enum store_rc pg_views_add_batch(struct store_conn *sc, const struct view_delta *d, size_t n,
				 int32_t day)
{
	struct buf ids = BUF_INIT, counts = BUF_INIT;
	buf_putc(&ids, '{');
	buf_putc(&counts, '{');
	for (size_t i = 0; i < n; i++) {
		buf_printf(&ids, "%s%lld", i ? "," : "", (long long)d[i].article_id);
		buf_printf(&counts, "%s%lld", i ? "," : "", (long long)d[i].n);
	}
	buf_putc(&ids, '}');
	buf_putc(&counts, '}');
	struct pg_params p = {.n = 0};
	pg_p_text(&p, buf_cstr(&ids));
	pg_p_text(&p, buf_cstr(&counts));
	pg_p_i64(&p, day);
	enum store_rc rc = pg_run_fenced(pg_c(sc), PG_VIEWS_BATCH, &p, NULL, NULL);
	buf_free(&ids);
	buf_free(&counts);
	return rc;
}

enum store_rc pg_user_get(struct store_conn *sc, struct arena *a, const char *name,
			  struct user *out)
{
	return pg_read_one(sc, a, PG_USER_GET, sizeof(*out), store_row_user, out, name);
}

enum store_rc pg_user_add(struct store_conn *sc, const char *name, const char *display_name,
			  const char *role, const char *password_hash, int64_t *id)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	pg_p_text(&p, name);
	pg_p_text(&p, display_name);
	pg_p_text(&p, role);
	pg_p_text(&p, password_hash);
	pg_p_i64(&p, pg_now());
	int64_t new_id = 0;
	enum store_rc rc = pg_run_fenced(c, PG_USER_INSERT, &p, &new_id, NULL);
	if (rc == STORE_OK && id)
		*id = new_id;
	return rc;
}

enum store_rc pg_content_version(struct store_conn *sc, int64_t *out)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	bool found;
	enum store_rc rc = pg_run_exists(c, PG_CONTENT_VERSION, &p, out, &found);
	return rc == STORE_OK && !found ? STORE_NOTFOUND : rc;
}

enum store_rc pg_bodies_stale(struct store_conn *sc, struct arena *a, int version, int64_t limit,
			      struct article *rows, size_t *n)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, version);
	pg_p_i64(&p, limit);
	enum store_rc rc;
	*n = 0;
	PGresult *r = pg_run(c, PG_BODIES_STALE, &p, &rc);
	if (!r)
		return rc;
	int rows_n = PQntuples(r);
	for (int i = 0; i < rows_n && *n < (size_t)limit; i++) {
		struct article *o = &rows[(*n)++];
		memset(o, 0, sizeof(*o));
		o->id = pg_get_i64(r, i, 0);
		o->body_html = pg_get_text(a, r, i, 1);
	}
	PQclear(r);
	return STORE_OK;
}

enum store_rc pg_body_set(struct store_conn *sc, int64_t id, const char *html, const char *text,
			  int version, bool html_changed)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, id);
	pg_p_text(&p, html);
	pg_p_text(&p, text);
	pg_p_i64(&p, version);
	return pg_run_done(c, html_changed ? PG_BODY_SET : PG_BODY_SET_TEXT, &p);
}
