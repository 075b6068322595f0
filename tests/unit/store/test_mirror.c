/*
 * The search mirror of a PostgreSQL store (store/search.h, src/store/pg/mirror.c): it follows
 * every kind of write before the next search, a transaction that commits late is not skipped and
 * an open one holds nothing back, a mirror left by an earlier run is used again, one of another
 * database or behind the log's horizon is made again, and a large backlog is the thread's while
 * PostgreSQL answers. The PostgreSQL cases need GAZETTE_TEST_PG_URL (tests/support/pgcluster.py
 * run); SQLite refuses a mirror.
 */
#include <sys/stat.h>
#include <time.h>

#include "fixture.h"
#include "search/query.h"

#define T0 1600000000

static char mdir[64]; /* the case's mirror folder */

static int setup_mirror(void **state)
{
	snprintf(mdir, sizeof mdir, "/tmp/gz-mirror-XXXXXX");
	if (!mkdtemp(mdir))
		return -1;
	return setup_pg(state);
}

static void rm_mirror(void)
{
	const char *sfx[] = {"", "-wal", "-shm", ".lock"};
	for (int i = 0; i < 4; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/mirror.db%s", mdir, sfx[i]);
		unlink(path);
	}
}

static int teardown_mirror(void **state)
{
	int rc = teardown(state);
	rm_mirror();
	rmdir(mdir);
	return rc;
}

static const char *mirror_path(void)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/mirror.db", mdir);
	return path;
}

static void attach(struct store *st)
{
	struct buf err = BUF_INIT;
	if (store_search_mirror(st, mirror_path(), &err) != STORE_OK)
		fail_msg("expected the mirror attached, got: %s", buf_cstr(&err));
	buf_free(&err);
	if (!store_search_mirror_wait(st, 60000))
		fail_msg("expected the mirror ready and caught up within 60 s");
}

static struct store_mirror_stats stats(struct store *st)
{
	struct store_mirror_stats ms;
	store_search_mirror_stats(st, &ms);
	return ms;
}

static int64_t cat(struct store *st, int64_t parent, const char *name, const char *slug)
{
	int64_t id = 0;
	assert_int_equal(store_category_ensure(st, parent, name, slug, &id), STORE_OK);
	return id;
}

static void put(struct store *st, int64_t id, int64_t cat_id, const char *title, const char *slug,
		int64_t expires_at)
{
	struct article_put p = {.id = id,
				.category_id = cat_id,
				.status = ARTICLE_PUBLISHED,
				.published_at = T0 + id * 3600,
				.expires_at = expires_at,
				.title = title,
				.slug = slug,
				.lead = "",
				.body_html = "<p>Bài viết thử.</p>",
				.author = "",
				.signature = "",
				.source = "",
				.no_revision = true};
	int64_t got = 0;
	assert_int_equal(store_article_put(st, &p, &got), STORE_OK);
	assert_int_equal(got, id);
}

/* The ids a query finds as "1,2" (static), with category filter cat (0: all); the first hit's
 * slug into slug when not NULL. */
static const char *found_in(struct store *st, const char *query, int64_t cat_id, char *slug)
{
	static char out[1024];
	struct arena *a = arena_new();
	struct search_query q;
	assert_int_equal(search_query_parse(a, query, strlen(query), &q), 0);
	struct search_request r = {
	    .q = &q, .category_id = cat_id, .now = (int64_t)time(NULL), .limit = 50};
	struct search_hit *hits = NULL;
	size_t n = 0;
	int64_t total = 0;
	bool more = false;
	assert_int_equal(store_search(st, a, &r, &hits, &n, &total, &more), STORE_OK);
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && len < sizeof out - 24; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%lld", i ? "," : "",
					(long long)hits[i].id);
	if (slug)
		snprintf(slug, 64, "%s", n ? hits[0].slug : "");
	arena_free(a);
	return out;
}

/* The start of most cases: a category (its id returned), article 1 in it, the mirror attached
 * and caught up. */
static int64_t start(struct store *st)
{
	int64_t news = cat(st, 0, "Tin tức", "tin-tuc");
	put(st, 1, news, "Cầu mới bắc qua sông", "cau-moi", 0);
	attach(st);
	return news;
}

static const char *found(struct store *st, const char *query)
{
	return found_in(st, query, 0, NULL);
}

#define EXPECT(st, query, want)                                                                    \
	do {                                                                                       \
		const char *got_ = found(st, query);                                               \
		if (strcmp(got_, want) != 0)                                                       \
			fail_msg("query '%s': expected [%s], got [%s]", query, want, got_);        \
	} while (0)

static void expect_all_answered(struct store *st, int64_t searches)
{
	struct store_mirror_stats ms = stats(st);
	if (ms.answered != searches || ms.passed != 0)
		fail_msg("expected all %lld searches answered by the mirror, got %lld (and %lld "
			 "left to PostgreSQL)",
			 (long long)searches, (long long)ms.answered, (long long)ms.passed);
}

/* The title, first tag and view count readers' pages read now ("title|tag|views", static). */
static const char *public_now(struct store *st, int64_t id)
{
	static char out[512];
	struct arena *a = arena_new();
	struct article m;
	enum store_rc rc = store_article_public(st, a, id, &m);
	if (rc == STORE_NOTFOUND)
		snprintf(out, sizeof out, "(not found)");
	else if (rc != STORE_OK)
		snprintf(out, sizeof out, "(error %d)", (int)rc);
	else
		snprintf(out, sizeof out, "%s|%s|%lld", m.title, m.ntags ? m.tags[0] : "",
			 (long long)m.views);
	arena_free(a);
	return out;
}

#define EXPECT_PUBLIC(st, id, want)                                                                \
	do {                                                                                       \
		const char *got_ = public_now(st, id);                                             \
		if (strcmp(got_, want) != 0)                                                       \
			fail_msg("article %d: expected \"%s\", got \"%s\"", (int)(id), want,       \
				 got_);                                                            \
	} while (0)

/* Every kind of write is followed before the next search, which the mirror answers. */
static void t_follows_writes(void **state)
{
	struct store *st = st_of(state);
	int64_t news = cat(st, 0, "Tin tức", "tin-tuc");
	int64_t culture = cat(st, 0, "Văn hóa", "van-hoa");
	int64_t music = cat(st, culture, "Âm nhạc", "am-nhac");
	put(st, 1, news, "Cầu mới bắc qua sông", "cau-moi", 0);
	attach(st);
	struct store_mirror_stats ms = stats(st);
	assert_true(ms.attached && ms.ready);
	assert_int_equal(ms.builds, 1);
	EXPECT(st, "cầu mới", "1");
	EXPECT(st, "hải âu", "");
	put(st, 2, news, "Chim hải âu về đảo", "hai-au", 0); /* a new article */
	EXPECT(st, "hải âu", "2");
	put(st, 2, news, "Chim sẻ về đảo", "chim-se", 0); /* its title and slug edited */
	EXPECT(st, "hải âu", "");
	char slug[64];
	const char *got = found_in(st, "chim sẻ", 0, slug);
	assert_string_equal(got, "2");
	assert_string_equal(slug, "chim-se");
	assert_int_equal(store_article_set_status(st, 2, ARTICLE_UNPUBLISHED, 0, ""), STORE_OK);
	EXPECT(st, "chim sẻ", "");
	assert_int_equal(store_article_set_status(st, 2, ARTICLE_PUBLISHED, T0, ""), STORE_OK);
	EXPECT(st, "chim sẻ", "2");
	put(st, 3, music, "Đàn bầu và đàn tranh", "dan-bau", 0);
	got = found_in(st, "đàn bầu", culture, NULL); /* a category and its sub-categories */
	assert_string_equal(got, "3");
	put(st, 3, news, "Đàn bầu và đàn tranh", "dan-bau", 0); /* moved to another category */
	got = found_in(st, "đàn bầu", culture, NULL);
	assert_string_equal(got, "");
	got = found_in(st, "đàn bầu", news, NULL);
	assert_string_equal(got, "3");
	put(st, 4, news, "Lễ hội hoa đã qua", "le-hoi", (int64_t)time(NULL) - 60); /* expired */
	EXPECT(st, "lễ hội", "");
	assert_int_equal(store_article_delete(st, 1), STORE_OK);
	EXPECT(st, "cầu mới", "");
	/* a category moved under another by someone with database access: the filter follows */
	struct ctx *c = *state;
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE categories SET parent_id = %lld WHERE id = %lld",
		 (long long)culture, (long long)news);
	raw_sql(c, sql);
	got = found_in(st, "đàn bầu", culture, NULL);
	assert_string_equal(got, "3");
	expect_all_answered(st, 13);
	assert_int_equal(stats(st).builds, 1);
}

/*
 * A transaction older than the writes committed after it began (its id is lower) does not hold
 * them back while it is open, and what it writes is not skipped when it commits last: the mirror
 * reads what is new to its snapshot, not what lies below the oldest transaction running, nor
 * above the highest id it has read.
 */
static void t_late_commit(void **state)
{
	struct ctx *c = *state;
	struct store *st = st_of(state);
	int64_t news = start(st);
	PGconn *x = PQconnectdb(c->url);
	assert_int_equal(PQstatus(x), CONNECTION_OK);
	PGresult *r = PQexec(x, "BEGIN; SELECT pg_current_xact_id()"); /* x takes its id now */
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	PQclear(r);
	put(st, 2, news, "Chim hải âu về đảo", "hai-au", 0); /* a later id, committed */
	EXPECT(st, "hải âu", "2");
	r = PQexec(x, "UPDATE articles SET title = 'Cá voi xanh' WHERE id = 1");
	assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
	EXPECT(st, "cá voi", ""); /* not committed yet */
	r = PQexec(x, "COMMIT");
	assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
	PQfinish(x);
	EXPECT(st, "cá voi", "1");
	EXPECT(st, "cầu mới", "");
	expect_all_answered(st, 4);
}

/* A mirror left by an earlier run is used again, and catches up what was written meanwhile. */
static void t_restart(void **state)
{
	struct ctx *c = *state;
	struct store *st = st_of(state);
	start(st);
	EXPECT(st, "cầu mới", "1");
	store_close(st);
	c->st = NULL;
	raw_sql(c, "UPDATE articles SET title = 'Ngựa vằn ở thảo nguyên' WHERE id = 1");
	assert_int_equal(open_store(c), 0);
	st = c->st;
	struct buf err = BUF_INIT;
	assert_int_equal(store_search_mirror(st, mirror_path(), &err), STORE_OK);
	buf_free(&err);
	/* at once, before the mirror caught up: a page never reads what it held before */
	EXPECT_PUBLIC(st, 1, "Ngựa vằn ở thảo nguyên||0");
	assert_true(store_search_mirror_wait(st, 60000));
	assert_int_equal(stats(st).builds, 0); /* not made again */
	EXPECT(st, "ngựa vằn", "1");
	EXPECT(st, "cầu mới", "");
	expect_all_answered(st, 2);
}

/* A mirror of another database, one behind the horizon, and a file that is no database are
 * made again; the searches meanwhile are PostgreSQL's, and right. */
static void t_made_again(void **state)
{
	struct ctx *c = *state;
	struct store *st = st_of(state);
	start(st);
	/* behind the horizon (as after the log was pruned past it) */
	raw_sql(c, "UPDATE search_log_state SET horizon = pg_current_xact_id()");
	EXPECT(st, "cầu mới", "1"); /* PostgreSQL's: the mirror is stale */
	assert_int_equal(stats(st).passed, 1);
	assert_true(store_search_mirror_wait(st, 60000));
	assert_int_equal(stats(st).builds, 2);
	EXPECT(st, "cầu mới", "1");
	assert_int_equal(stats(st).answered, 1);
	/* another database: the same file given to a store of a fresh one */
	store_close(st);
	c->st = NULL;
	assert_int_equal(pg_fresh(c), 0);
	assert_int_equal(open_store(c), 0);
	st = c->st;
	put(st, 7, cat(st, 0, "Kinh tế", "kinh-te"), "Giá lúa tăng", "gia-lua", 0);
	attach(st);
	assert_int_equal(stats(st).builds, 1);
	EXPECT(st, "cầu mới", "");
	EXPECT(st, "giá lúa", "7");
	/* not a database */
	store_close(st);
	c->st = NULL;
	rm_mirror();
	FILE *f = fopen(mirror_path(), "w");
	assert_non_null(f);
	fputs("not a database, but some text that is long enough to fill a header of one.....\n"
	      "................................................................................\n",
	      f);
	fclose(f);
	assert_int_equal(open_store(c), 0);
	st = c->st;
	attach(st);
	assert_int_equal(stats(st).builds, 1);
	EXPECT(st, "giá lúa", "7");
	expect_all_answered(st, 1);
}

/* The upkeep prunes old log rows and raises the horizon past them: a mirror that had not read
 * them (its node was down meanwhile) is made again when it comes back. */
static void t_prune(void **state)
{
	struct ctx *c = *state;
	struct store *st = st_of(state);
	int64_t news = start(st);
	EXPECT(st, "cầu mới", "1");
	store_close(st);
	c->st = NULL;
	assert_int_equal(open_store(c), 0); /* another node, without a mirror */
	st = c->st;
	put(st, 2, news, "Chim hải âu về đảo", "hai-au", 0);
	raw_sql(c, "UPDATE search_log SET at = 0");
	bool done = false;
	assert_int_equal(store_search_merge(st, true, 0, &done), STORE_OK);
	PGconn *db = PQconnectdb(c->url);
	PGresult *r = PQexec(db, "SELECT count(*) FROM search_log");
	assert_string_equal(PQgetvalue(r, 0, 0), "0");
	PQclear(r);
	PQfinish(db);
	attach(st);                            /* the first node's mirror, back */
	assert_int_equal(stats(st).builds, 1); /* made again (t_restart: 0) */
	EXPECT(st, "hải âu", "2");
	EXPECT(st, "cầu mới", "1");
	expect_all_answered(st, 2);
}

/* More changes than a search applies itself: that search is PostgreSQL's, the thread catches
 * up, and the next ones are the mirror's. */
static void t_backlog(void **state)
{
	struct ctx *c = *state;
	struct store *st = st_of(state);
	int64_t news = start(st);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO articles(id, category_id, status, title, slug, lead, body_html, "
		 "body_text, published_at, created_at, updated_at) SELECT g, %lld, 'published', "
		 "'Hồ sen số ' || g, 'ho-sen', '', '<p>Sen nở.</p>', 'Sen nở.', 1600000000 + g, "
		 "1600000000, 1600000000 FROM generate_series(10, 1209) g",
		 (long long)news);
	raw_sql(c, sql);
	const char *got = found(st, "\"hồ sen số 1209\"");
	assert_string_equal(got, "1209");
	assert_true(stats(st).passed <= 1);
	assert_true(store_search_mirror_wait(st, 60000));
	EXPECT(st, "\"hồ sen số 10\"", "10");
	assert_true(stats(st).answered >= 1);
	assert_int_equal(stats(st).builds, 1);
	assert_true(stats(st).applied >= 1201);
}

/* The article as readers' pages read it (store_article_public) and as the database has it
 * (store_article_get) are the same in every field. */
static void expect_same_article(struct store *st, int64_t id)
{
	struct arena *a = arena_new();
	struct article m, d;
	assert_int_equal(store_article_public(st, a, id, &m), STORE_OK);
	assert_int_equal(store_article_get(st, a, id, &d), STORE_OK);
	assert_int_equal(m.id, d.id);
	assert_int_equal(m.category_id, d.category_id);
	assert_int_equal(m.status, d.status);
	assert_int_equal(m.published_at, d.published_at);
	assert_int_equal(m.created_at, d.created_at);
	assert_int_equal(m.updated_at, d.updated_at);
	assert_int_equal(m.views, d.views);
	assert_int_equal(m.revision, d.revision);
	assert_int_equal(m.expires_at, d.expires_at);
	assert_int_equal(m.featured, d.featured);
	assert_int_equal(m.body_version, d.body_version);
	const char *ms[] = {m.title,     m.slug,   m.lead,      m.body_html, m.author,
			    m.signature, m.source, m.image.src, m.image.alt, m.image.caption};
	const char *ds[] = {d.title,     d.slug,   d.lead,      d.body_html, d.author,
			    d.signature, d.source, d.image.src, d.image.alt, d.image.caption};
	for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++)
		if (strcmp(ms[i], ds[i]) != 0)
			fail_msg("field %zu of article %lld: expected \"%s\" (the database's), got "
				 "\"%s\" (the mirror's)",
				 i, (long long)id, ds[i], ms[i]);
	assert_int_equal(m.ntags, d.ntags);
	for (size_t i = 0; i < m.ntags; i++)
		assert_string_equal(m.tags[i], d.tags[i]);
	assert_true(m.langs_read);
	assert_int_equal(m.nlangs, d.nlangs);
	for (size_t i = 0; i < m.nlangs; i++) {
		assert_string_equal(m.langs[i].lang, d.langs[i].lang);
		assert_string_equal(m.langs[i].title, d.langs[i].title);
	}
	arena_free(a);
}

/*
 * Readers' pages read their article from the mirror, whole (tags, translations, caption, view
 * count...), and never an older state than a change this node knows of: right after a change
 * and store_note_write the page reads it, from PostgreSQL until the mirror has caught up, from
 * the mirror after; a draft is not found; view counts follow without any change announced.
 */
static void t_pages(void **state)
{
	struct ctx *c = *state;
	struct store *st = st_of(state);
	int64_t news = cat(st, 0, "Tin tức", "tin-tuc");
	const char *tags[] = {"Hà Nội", "kinh tế, xã hội", "a\\b \"c\""};
	struct article_put p = {
	    .id = 1,
	    .category_id = news,
	    .status = ARTICLE_PUBLISHED,
	    .published_at = T0,
	    .views = 42,
	    .set_views = true,
	    .title = "Cầu mới bắc qua sông",
	    .slug = "cau-moi",
	    .lead = "Cây cầu dài nhất tỉnh.",
	    .body_html = "<p>Bài <strong>viết</strong> thử.</p>",
	    .author = "Minh Anh",
	    .signature = "M.A.",
	    .source = "https://baotinh.vn/cau",
	    .image = {.src = "/media/cau.jpg", .alt = "Cầu", .caption = "Cầu lúc sáng"},
	    .tags = tags,
	    .ntags = 3};
	int64_t got = 0;
	assert_int_equal(store_article_put(st, &p, &got), STORE_OK);
	assert_int_equal(store_article_set_featured(st, 1, true), STORE_OK);
	struct article_translation tr = {.article_id = 1,
					 .updated_at = T0,
					 .lang = "en",
					 .title = "A new bridge",
					 .lead = "",
					 .body_html = "<p>Test.</p>"};
	assert_int_equal(store_translation_put(st, &tr), STORE_OK);
	struct article_put draft = p;
	draft.id = 2;
	draft.status = ARTICLE_DRAFT;
	draft.slug = "nhap";
	assert_int_equal(store_article_put(st, &draft, &got), STORE_OK);
	attach(st);
	expect_same_article(st, 1);
	assert_int_equal(stats(st).pages, 1);
	EXPECT_PUBLIC(st, 2, "(not found)"); /* a draft is not in the mirror */
	EXPECT_PUBLIC(st, 3, "(not found)");
	assert_int_equal(stats(st).pages, 3);
	assert_int_equal(stats(st).pages_passed, 0);

	/* a change by another node (raw SQL: nothing here knows of it until told) */
	raw_sql(c, "UPDATE articles SET title = 'Cầu vượt sông' WHERE id = 1");
	store_note_write(st);
	EXPECT_PUBLIC(st, 1, "Cầu vượt sông|Hà Nội|42"); /* at once, whichever answers */
	assert_true(store_search_mirror_wait(st, 60000));
	int64_t pages = stats(st).pages;
	EXPECT_PUBLIC(st, 1, "Cầu vượt sông|Hà Nội|42");
	assert_int_equal(stats(st).pages, pages + 1); /* the mirror's again */
	/* a tag renamed, a tag taken off, a translation changed, the body made anew */
	raw_sql(c, "UPDATE tags SET name = 'Thủ đô' WHERE name = 'Hà Nội'");
	store_note_write(st);
	EXPECT_PUBLIC(st, 1, "Cầu vượt sông|Thủ đô|42");
	raw_sql(c, "DELETE FROM article_tags WHERE position = 0");
	raw_sql(c, "UPDATE article_translations SET title = 'The bridge' WHERE article_id = 1");
	raw_sql(c, "UPDATE articles SET body_html = '<p>Mới.</p>', body_version = 1 WHERE id = 1");
	store_note_write(st);
	EXPECT_PUBLIC(st, 1, "Cầu vượt sông|kinh tế, xã hội|42");
	assert_true(store_search_mirror_wait(st, 60000));
	expect_same_article(st, 1);
	/* the draft published; then taken down */
	assert_int_equal(store_article_set_status(st, 2, ARTICLE_PUBLISHED, T0, ""), STORE_OK);
	store_note_write(st);
	EXPECT_PUBLIC(st, 2, "Cầu mới bắc qua sông|kinh tế, xã hội|42");
	assert_int_equal(store_article_set_status(st, 2, ARTICLE_UNPUBLISHED, 0, ""), STORE_OK);
	store_note_write(st);
	assert_true(store_search_mirror_wait(st, 60000));
	EXPECT_PUBLIC(st, 2, "(not found)");
	/* view counts: no change announced, the thread reads them at its next catch-up */
	raw_sql(c, "UPDATE article_views SET views = views + 5 WHERE article_id = 1");
	assert_true(store_search_mirror_wait(st, 60000));
	pages = stats(st).pages;
	EXPECT_PUBLIC(st, 1, "Cầu vượt sông|kinh tế, xã hội|47");
	assert_int_equal(stats(st).pages, pages + 1);
	/* the article deleted */
	assert_int_equal(store_article_delete(st, 1), STORE_OK);
	store_note_write(st);
	EXPECT_PUBLIC(st, 1, "(not found)");
	assert_int_equal(stats(st).builds, 1);
}

/* A page right after a change, many times over while the thread catches up: never the old
 * state (the race between a change heard of and the mirror's catch-up). */
static void t_pages_race(void **state)
{
	struct ctx *c = *state;
	struct store *st = st_of(state);
	start(st);
	for (int i = 0; i < 200; i++) {
		char sql[128], want[128];
		snprintf(sql, sizeof sql, "UPDATE articles SET title = 'Cầu số %d' WHERE id = 1",
			 i);
		raw_sql(c, sql);
		store_note_write(st);
		snprintf(want, sizeof want, "Cầu số %d||0", i);
		EXPECT_PUBLIC(st, 1, want);
		if (i % 3 == 0) { /* sometimes the mirror catches up between */
			struct timespec ts = {0, 2 * 1000000L};
			nanosleep(&ts, NULL);
			EXPECT_PUBLIC(st, 1, want);
		}
	}
	assert_true(stats(st).pages > 0);
}

/* One server a file: a second store given the file a first one holds is refused with the reason
 * and goes on without it; once the first is closed, the file is the second's, used as it is. */
static void t_one_store_a_file(void **state)
{
	struct ctx *c = *state;
	struct store *st = st_of(state);
	start(st);
	struct store *other = NULL;
	struct buf err = BUF_INIT;
	assert_int_equal(store_open(c->url, false, &other, &err), STORE_OK);
	assert_int_equal(store_search_mirror(other, mirror_path(), &err), STORE_INVALID);
	if (!strstr(buf_cstr(&err), "is in use by another server"))
		fail_msg("expected the file said to be in use, got: %s", buf_cstr(&err));
	assert_false(stats(other).attached);
	EXPECT(other, "cầu mới", "1"); /* PostgreSQL's own search */
	EXPECT(st, "cầu mới", "1");
	expect_all_answered(st, 1);
	store_close(st);
	c->st = NULL;
	buf_reset(&err);
	if (store_search_mirror(other, mirror_path(), &err) != STORE_OK)
		fail_msg("expected the mirror attached once free, got: %s", buf_cstr(&err));
	assert_true(store_search_mirror_wait(other, 60000));
	assert_int_equal(stats(other).builds, 0);
	EXPECT(other, "cầu mới", "1");
	expect_all_answered(other, 1);
	store_close(other);
	buf_free(&err);
}

/* SQLite searches its own index: a mirror is refused with a reason. */
static void t_sqlite_refuses(void **state)
{
	struct store *st = st_of(state);
	struct buf err = BUF_INIT;
	assert_int_equal(store_search_mirror(st, mirror_path(), &err), STORE_INVALID);
	assert_non_null(strstr(buf_cstr(&err), "PostgreSQL"));
	buf_free(&err);
	assert_false(stats(st).attached);
}

static int setup_sqlite_mirror(void **state)
{
	snprintf(mdir, sizeof mdir, "/tmp/gz-mirror-XXXXXX");
	if (!mkdtemp(mdir))
		return -1;
	return setup_sqlite(state);
}

int main(void)
{
	const struct CMUnitTest cases[] = {
	    cmocka_unit_test_setup_teardown(t_follows_writes, setup_mirror, teardown_mirror),
	    cmocka_unit_test_setup_teardown(t_late_commit, setup_mirror, teardown_mirror),
	    cmocka_unit_test_setup_teardown(t_restart, setup_mirror, teardown_mirror),
	    cmocka_unit_test_setup_teardown(t_made_again, setup_mirror, teardown_mirror),
	    cmocka_unit_test_setup_teardown(t_prune, setup_mirror, teardown_mirror),
	    cmocka_unit_test_setup_teardown(t_backlog, setup_mirror, teardown_mirror),
	    cmocka_unit_test_setup_teardown(t_pages, setup_mirror, teardown_mirror),
	    cmocka_unit_test_setup_teardown(t_pages_race, setup_mirror, teardown_mirror),
	    cmocka_unit_test_setup_teardown(t_one_store_a_file, setup_mirror, teardown_mirror),
	    cmocka_unit_test_setup_teardown(t_sqlite_refuses, setup_sqlite_mirror, teardown_mirror),
	};
	return cmocka_run_group_tests_name("search-mirror", cases, NULL, NULL);
}
