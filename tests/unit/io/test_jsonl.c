/* Unit tests of src/io/jsonl.c: validation of import lines and byte-exact export round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/jsonl.h"

#define TZ "Asia/Ho_Chi_Minh"

#define TITLE "\"title\":\"Gương điển hình\""
#define BODY "\"body_html\":\"<p>Nội dung</p>\""
#define CAT "\"category\":[\"Thời sự\"]"
#define PUB "\"published_at\":\"2021-03-02T16:13:06+07:00\""
#define MIN TITLE "," BODY "," CAT "," PUB
/* A minimal valid article with one more member. */
#define WITH(member) "{" MIN "," member "}"

struct row {
	const char *line;
	bool want_ok;
	const char *want_err; /* substring of the error */
};

static const struct row rows[] = {
    /* valid */
    {"{" MIN "}", true, NULL},
    {"{" TITLE "," BODY "," CAT ",\"status\":\"draft\"}", true, NULL},
    {"  {" MIN "}\r", true, NULL},
    {WITH("\"lead\":null"), true, NULL},
    {WITH("\"tags\":[]"), true, NULL},
    {WITH("\"id\":9007199254740991"), true, NULL}, /* 2^53 - 1: exact in every JSON client */
    {WITH("\"views\":0"), true, NULL},
    {WITH("\"image\":{\"src\":\"/media/2026/11/a.jpg\",\"alt\":\"Ảnh\",\"caption\":\"\"}"), true,
     NULL},
    {WITH("\"image\":{\"src\":\"https://example.org/a.jpg\",\"alt\":\"Ảnh\"}"), true, NULL},
    {WITH("\"image\":null"), true, NULL},
    {"{" TITLE "," BODY "," CAT ",\"status\":\"draft\",\"image\":{\"src\":\"/media/a.jpg\"}}", true,
     NULL},
    {WITH("\"image\":{\"src\":\"/media/a.jpg\"}"), false, "member 'alt' is missing"},
    {WITH("\"image\":{\"src\":\"javascript:alert(1)\",\"alt\":\"x\"}"), false,
     "must be a /media/ path or an http(s) URL"},
    {WITH("\"image\":{\"src\":\"/media/../x\",\"alt\":\"x\"}"), false, "must be a /media/"},
    {WITH("\"image\":{\"src\":\"/media/a\\\"b.jpg\",\"alt\":\"x\"}"), false, "must be a /media/"},
    {WITH("\"image\":{\"alt\":\"x\"}"), false, "member 'src' is missing"},
    {WITH("\"image\":{\"src\":\"/media/a.jpg\",\"alt\":1}"), false,
     "member 'alt' must be a string"},
    {WITH("\"image\":{\"src\":\"/media/a.jpg\",\"alt\":\"x\",\"w\":1}"), false,
     "unknown member 'w'"},
    {WITH("\"image\":\"/media/a.jpg\""), false, "must be an object"},
    {WITH("\"body_html\":\"\""), false, "duplicate object key"},
    {"{" TITLE ",\"body_html\":\"\"," CAT "," PUB "}", true, NULL},
    {WITH("\"published_at\":null,\"status\":\"draft\""), false, "duplicate"},
    {"{" TITLE "," BODY "," CAT ",\"published_at\":null,\"status\":\"draft\"}", true, NULL},
    {WITH("\"status\":null"), true, NULL},
    {"{" TITLE "," BODY "," CAT ",\"published_at\":\"2021-03-02T09:13:06Z\"}", true, NULL},

    /* not a JSON object */
    {"[1,2]", false, "line is not a JSON object"},
    {"42", false, "line is not a JSON object"},
    {"\"tiêu đề\"", false, "line is not a JSON object"},
    {"null", false, "line is not a JSON object"},
    {"", false, "line is empty"},
    {" \t ", false, "line is empty"},
    {"{" MIN, false, "invalid JSON at column"},
    {"{\"title\":\"Gươ", false, "invalid JSON at column"},
    {"{\"title\":", false, "unexpected token near end of file"},
    {"{" MIN "} x", false, "end of file expected"},
    {"{" MIN "}{}", false, "end of file expected"},
    {"{" MIN "},", false, "invalid JSON at column"},
    {"{\"a\":1,\"a\":2}", false, "invalid JSON at column 10: duplicate object key"},
    {"{" MIN "," TITLE "}", false, "duplicate object key near '\"title\"'"},
    {"{\"title\":'x'}", false, "invalid JSON"},
    {"{\"title\":\"\\u0000\"}", false, "invalid JSON at column 17: \\u0000 is not allowed"},
    {"{\"title\":\"\xff\"}", false, "invalid JSON"},

    /* unknown fields */
    {WITH("\"titel\":\"x\""), false, "unknown field 'titel'"},
    {"{\"titel\":\"x\"," BODY "," CAT "," PUB "}", false, "unknown field 'titel'"},
    {WITH("\"\":1"), false, "unknown field ''"},
    {WITH("\"it's\":1"), false, "unknown field 'it\\'s'"},
    {WITH("\"a\\\\b\":1"), false, "unknown field 'a\\b'"},
    {"{" TITLE "," BODY "," CAT ",\"published_at\":\"\\\"\\\\\"}", false,
     "with offset: \"\\\"\\\\\""},
    {WITH("\"a\\u001b[31m\":1"), false, "unknown field 'a\\u001b[31m'"},

    /* missing required fields */
    {"{" BODY "," CAT "," PUB "}", false, "field 'title' is missing"},
    {"{\"title\":\"a\\nb\"," BODY "," CAT "," PUB "}", false,
     "field 'title' contains a control character (U+000A)"},
    {"{\"title\":\"a\\u0001b\"," BODY "," CAT "," PUB "}", false,
     "field 'title' contains a control character (U+0001)"},
    {"{" TITLE ",\"lead\":\"x\\ny\"," BODY "," CAT "," PUB "}", true, NULL},
    {"{" TITLE "," CAT "," PUB "}", false, "field 'body_html' is missing"},
    {"{" TITLE "," BODY "," PUB "}", false, "field 'category' is missing"},
    {"{" TITLE "," BODY "," CAT "}", false, "field 'published_at' is missing"},
    {"{" TITLE "," BODY "," CAT ",\"status\":\"published\"}", false,
     "field 'published_at' is missing"},
    {"{}", false, "field 'title' is missing"},

    /* wrong types */
    {"{\"title\":1," BODY "," CAT "," PUB "}", false, "field 'title' must be a string"},
    {"{\"title\":null," BODY "," CAT "," PUB "}", false, "field 'title' must be a string"},
    {"{\"title\":[\"x\"]," BODY "," CAT "," PUB "}", false, "field 'title' must be a string"},
    {"{" TITLE ",\"body_html\":{}," CAT "," PUB "}", false, "field 'body_html' must be a string"},
    {"{" TITLE ",\"body_html\":null," CAT "," PUB "}", false, "field 'body_html' must be a string"},
    {"{" TITLE "," BODY ",\"category\":\"Thời sự\"," PUB "}", false,
     "field 'category' must be a non-empty array of strings"},
    {"{" TITLE "," BODY ",\"category\":null," PUB "}", false,
     "field 'category' must be a non-empty array of strings"},
    {"{" TITLE "," BODY ",\"category\":[]," PUB "}", false,
     "field 'category' must be a non-empty array of strings"},
    {"{" TITLE "," BODY ",\"category\":[\"a\",1]," PUB "}", false,
     "field 'category' must be a non-empty array of strings"},
    {"{" TITLE "," BODY ",\"category\":[[\"a\"]]," PUB "}", false,
     "field 'category' must be a non-empty array of strings"},
    {WITH("\"id\":\"1\""), false, "field 'id' must be a positive integer"},
    {WITH("\"id\":1.0"), false, "field 'id' must be a positive integer"},
    {WITH("\"id\":1e3"), false, "field 'id' must be a positive integer"},
    {WITH("\"id\":true"), false, "field 'id' must be a positive integer"},
    {WITH("\"id\":0"), false, "field 'id' must be a positive integer"},
    {WITH("\"id\":-5"), false, "field 'id' must be a positive integer"},
    {WITH("\"id\":9007199254740992"), false, "field 'id' must be at most 9007199254740991"},
    {WITH("\"id\":9223372036854775807"), false, "field 'id' must be at most 9007199254740991"},
    {WITH("\"id\":9223372036854775808"), false, "too big integer"},
    {WITH("\"id\":-9223372036854775809"), false, "too big negative integer"},
    {WITH("\"lead\":1"), false, "field 'lead' must be a string"},
    {WITH("\"author\":[]"), false, "field 'author' must be a string"},
    {WITH("\"signature\":false"), false, "field 'signature' must be a string"},
    {WITH("\"source\":{}"), false, "field 'source' must be a string"},
    {"{" TITLE "," BODY "," CAT ",\"published_at\":1614676386}", false,
     "field 'published_at' must be a string"},
    {WITH("\"status\":1"), false, "field 'status' must be \"published\" or \"draft\""},
    {WITH("\"status\":\"Draft\""), false, "field 'status' must be \"published\" or \"draft\""},
    {WITH("\"status\":\"\""), false, "field 'status' must be"},
    {WITH("\"views\":-1"), false, "field 'views' must be a non-negative integer"},
    {WITH("\"views\":\"12\""), false, "field 'views' must be a non-negative integer"},
    {WITH("\"views\":1.5"), false, "field 'views' must be a non-negative integer"},
    {WITH("\"tags\":\"a,b\""), false, "field 'tags' must be an array of strings"},
    {WITH("\"tags\":[\"a\",null]"), false, "field 'tags' must be an array of strings"},
    {WITH("\"tags\":{}"), false, "field 'tags' must be an array of strings"},

    /* invalid dates */
    {"{" TITLE "," BODY "," CAT ",\"published_at\":\"2021-02-30T10:00:00+07:00\"}", false,
     "field 'published_at' is not an RFC 3339 time with offset: \"2021-02-30T10:00:00+07:00\""},
    {"{" TITLE "," BODY "," CAT ",\"published_at\":\"2021-03-02T16:13:06\"}", false,
     "field 'published_at' is not an RFC 3339 time with offset: \"2021-03-02T16:13:06\""},
    {"{" TITLE "," BODY "," CAT ",\"published_at\":\"2021-13-01\"}", false,
     "field 'published_at' is not an RFC 3339 time with offset: \"2021-13-01\""},
    {"{" TITLE "," BODY "," CAT ",\"published_at\":\"02/03/2021\"}", false,
     "is not an RFC 3339 time"},
    {"{" TITLE "," BODY "," CAT ",\"published_at\":\"\"}", false, "is not an RFC 3339 time"},
    {"{" TITLE "," BODY "," CAT ",\"status\":\"draft\",\"published_at\":\"2021-02-29T00:00:00Z\"}",
     false, "is not an RFC 3339 time"},

    /* empty and too long values */
    {"{\"title\":\"  \\t \"," BODY "," CAT "," PUB "}", false, "field 'title' is empty"},
    {"{\"title\":\"\"," BODY "," CAT "," PUB "}", false, "field 'title' is empty"},
    {"{" TITLE "," BODY ",\"category\":[\"\"]," PUB "}", false, "field 'category' item 1 is empty"},
    {"{" TITLE "," BODY ",\"category\":[\"Thời sự\",\" \"]," PUB "}", false,
     "field 'category' item 2 is empty"},
    {"{" TITLE "," BODY
     ",\"category\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\"]," PUB "}",
     true, NULL},
    {"{" TITLE "," BODY
     ",\"category\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]," PUB "}",
     false, "field 'category' has more than 10 names"},
    {WITH("\"tags\":[\"a\",\"\"]"), false, "field 'tags' item 2 is empty"},
    {WITH("\"lead\":\"\""), true, NULL},
};

static void test_rows(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct arena *a = arena_new();
		struct buf err = BUF_INIT;
		struct article_in in;
		int rc = jsonl_parse_article(r->line, strlen(r->line), a, &in, &err);
		bool ok = rc == 0;
		if (ok != r->want_ok || (ok && err.len > 0) || (!ok && err.len == 0) ||
		    (r->want_err && !strstr(buf_cstr(&err), r->want_err))) {
			print_error(
			    "row %zu: %s\n  got rc %d err \"%s\"\n  want ok %d err \"%s\"\n", i,
			    r->line, rc, buf_cstr(&err), r->want_ok,
			    r->want_err ? r->want_err : "");
			failures++;
		}
		buf_free(&err);
		arena_free(a);
	}
	assert_int_equal(failures, 0);
}

/* Parses line, which must be valid, into *in; the caller frees the arena. */
static struct arena *parse_ok(const char *line, struct article_in *in)
{
	struct arena *a = arena_new();
	struct buf err = BUF_INIT;
	int rc = jsonl_parse_article(line, strlen(line), a, in, &err);
	if (rc != 0)
		print_error("%s\n", buf_cstr(&err));
	assert_int_equal(rc, 0);
	buf_free(&err);
	return a;
}

/* Parses line and returns its error; the caller frees it. */
static char *parse_err(const char *line)
{
	struct arena *a = arena_new();
	struct buf err = BUF_INIT;
	struct article_in in;
	assert_int_equal(jsonl_parse_article(line, strlen(line), a, &in, &err), -1);
	arena_free(a);
	return buf_detach(&err);
}

static void to_out(const struct article_in *in, struct article_out *o)
{
	*o = (struct article_out){
	    .id = in->id,
	    .title = in->title,
	    .lead = in->lead,
	    .body_html = safe_html_str(in->body),
	    .category = in->category,
	    .ncategory = in->ncategory,
	    .author = in->author,
	    .signature = in->signature,
	    .source = in->source,
	    .has_published_at = in->has_published_at,
	    .published_at = in->published_at,
	    .published = in->published,
	    .views = in->views,
	    .tags = in->tags,
	    .ntags = in->ntags,
	    .image_src = in->image_src,
	    .image_alt = in->image_alt,
	    .image_caption = in->image_caption,
	};
}

/* An export line of every field, in Vietnamese. */
static const char full_line[] =
    "{\"id\":4711,\"title\":\"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\","
    "\"lead\":\"Sáng 2/3, tại Hà Nội, Ban Tuyên giáo Trung ương tổ chức hội nghị.\","
    "\"body_html\":\"<p>Nội dung <strong>chính</strong> của bài viết.</p>\","
    "\"category\":[\"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\","
    "\"Gương điển hình\"],\"author\":\"Nguyễn Văn An\",\"signature\":\"N.V.A\","
    "\"source\":\"Báo Nhân Dân\",\"published_at\":\"2021-03-02T16:13:06+07:00\","
    "\"status\":\"published\",\"views\":49776,\"tags\":[\"Hồ Chí Minh\",\"gương sáng\"]}\n";

static void test_full_article(void **state)
{
	(void)state;
	struct article_in in;
	struct arena *a = parse_ok(full_line, &in);
	assert_true(in.has_id);
	assert_int_equal(in.id, 4711);
	assert_string_equal(in.title,
			    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh");
	assert_string_equal(in.lead,
			    "Sáng 2/3, tại Hà Nội, Ban Tuyên giáo Trung ương tổ chức hội nghị.");
	assert_string_equal(safe_html_str(in.body),
			    "<p>Nội dung <strong>chính</strong> của bài viết.</p>");
	assert_int_equal(in.ncategory, 2);
	assert_string_equal(in.category[1], "Gương điển hình");
	assert_string_equal(in.author, "Nguyễn Văn An");
	assert_string_equal(in.signature, "N.V.A");
	assert_string_equal(in.source, "Báo Nhân Dân");
	assert_true(in.has_published_at);
	assert_int_equal(in.published_at, 1614676386);
	assert_true(in.published);
	assert_true(in.has_views);
	assert_int_equal(in.views, 49776);
	assert_int_equal(in.ntags, 2);
	assert_string_equal(in.tags[0], "Hồ Chí Minh");
	assert_string_equal(in.tags[1], "gương sáng");

	struct article_out o;
	struct buf line = BUF_INIT;
	to_out(&in, &o);
	jsonl_write_article(&line, &o, TZ);
	assert_string_equal(buf_cstr(&line), full_line);
	buf_free(&line);
	arena_free(a);
}

static void test_minimal_article(void **state)
{
	(void)state;
	struct article_in in;
	struct arena *a = parse_ok("{" MIN "}", &in);
	assert_false(in.has_id);
	assert_string_equal(in.title, "Gương điển hình");
	assert_string_equal(in.lead, "");
	assert_string_equal(in.author, "");
	assert_string_equal(in.signature, "");
	assert_string_equal(in.source, "");
	assert_int_equal(in.ncategory, 1);
	assert_string_equal(in.category[0], "Thời sự");
	assert_true(in.published);
	assert_true(in.has_published_at);
	assert_false(in.has_views);
	assert_int_equal(in.ntags, 0);
	arena_free(a);
}

static void test_draft(void **state)
{
	(void)state;
	struct article_in in;
	struct arena *a = parse_ok("{" TITLE "," BODY "," CAT ",\"status\":\"draft\"}", &in);
	assert_false(in.published);
	assert_false(in.has_published_at);
	arena_free(a);
}

static void test_trim_and_nfc(void **state)
{
	(void)state;
	struct article_in in;
	/* "Tiếng Việt" decomposed, with spaces, a tab and a no-break space around it. */
	struct arena *a = parse_ok(
	    "{\"title\":\" \\t\\u00a0Tie\\u0302\\u0301ng Vie\\u0323\\u0302t \\u3000\","
	    "\"lead\":\"  \",\"body_html\":\"<p>Tie\\u0302\\u0301ng</p>\","
	    "\"category\":[\" Xa\\u0303 ho\\u0323\\u0302i \"],\"author\":\"Nguye\\u0302\\u0303n\","
	    "\"tags\":[\"  vie\\u0323\\u0302t \"]," PUB "}",
	    &in);
	assert_string_equal(in.title, "Tiếng Việt");
	assert_string_equal(in.lead, "");
	assert_string_equal(safe_html_str(in.body), "<p>Tiếng</p>");
	assert_string_equal(in.category[0], "Xã hội");
	assert_string_equal(in.author, "Nguyễn");
	assert_string_equal(in.tags[0], "việt");
	arena_free(a);
}

static void test_tags_dedupe(void **state)
{
	(void)state;
	struct article_in in;
	struct arena *a = parse_ok(WITH("\"tags\":[\"Hà Nội\",\"b\",\"Ha\\u0300 Nội\",\" b \","
					"\"a\",\"Hà Nội\"]"),
				   &in);
	assert_int_equal(in.ntags, 3);
	assert_string_equal(in.tags[0], "Hà Nội");
	assert_string_equal(in.tags[1], "b");
	assert_string_equal(in.tags[2], "a");
	arena_free(a);
}

static void test_script_removed(void **state)
{
	(void)state;
	struct article_in in;
	struct arena *a = parse_ok("{" TITLE ",\"body_html\":\"<p>Xin chào</p><script>alert(1)"
				   "</script>\"," CAT "," PUB "}",
				   &in);
	assert_null(strstr(safe_html_str(in.body), "script"));
	assert_null(strstr(safe_html_str(in.body), "alert"));
	assert_non_null(strstr(safe_html_str(in.body), "Xin chào"));
	arena_free(a);
}

/* Appends a JSON member "key":"<n copies of s>". */
static void put_repeated(struct buf *b, const char *key, const char *s, size_t n)
{
	buf_printf(b, "\"%s\":\"", key);
	for (size_t i = 0; i < n; i++)
		buf_puts(b, s);
	buf_putc(b, '"');
}

/* Checks a field at its limit (in characters, here of a 3-byte letter) and one beyond it. */
static void check_limit(const char *key, size_t max, const char *want)
{
	for (size_t n = max; n <= max + 1; n++) {
		struct buf line = BUF_INIT;
		buf_puts(&line, "{" MIN ",");
		put_repeated(&line, key, "ầ", n);
		buf_putc(&line, '}');
		struct arena *a = arena_new();
		struct buf err = BUF_INIT;
		struct article_in in;
		int rc = jsonl_parse_article(line.data, line.len, a, &in, &err);
		if (n == max)
			assert_int_equal(rc, 0);
		else
			assert_non_null(strstr(buf_cstr(&err), want));
		arena_free(a);
		buf_free(&err);
		buf_free(&line);
	}
}

static void test_lengths(void **state)
{
	(void)state;
	check_limit("lead", 5000, "field 'lead' is longer than 5000 characters");
	check_limit("author", 200, "field 'author' is longer than 200 characters");
	check_limit("signature", 200, "field 'signature' is longer than 200 characters");
	check_limit("source", 200, "field 'source' is longer than 200 characters");

	for (size_t n = 1000; n <= 1001; n++) {
		struct buf line = BUF_INIT;
		buf_putc(&line, '{');
		put_repeated(&line, "title", "ầ", n);
		buf_puts(&line, "," BODY "," CAT "," PUB "}");
		struct arena *a = arena_new();
		struct buf err = BUF_INIT;
		struct article_in in;
		int rc = jsonl_parse_article(line.data, line.len, a, &in, &err);
		assert_int_equal(rc, n == 1000 ? 0 : -1);
		if (rc != 0)
			assert_string_equal(buf_cstr(&err),
					    "field 'title' is longer than 1000 characters");
		arena_free(a);
		buf_free(&err);
		buf_free(&line);
	}

	struct buf line = BUF_INIT;
	buf_puts(&line, "{" TITLE "," BODY "," PUB ",\"category\":[\"a\",\"");
	for (int i = 0; i < 201; i++)
		buf_puts(&line, "đ");
	buf_puts(&line, "\"]}");
	char *e = parse_err(line.data);
	assert_string_equal(e, "field 'category' item 2 is longer than 200 characters");
	free(e);
	buf_free(&line);
}

static void test_tag_limits(void **state)
{
	(void)state;
	/* 50 different tags plus duplicates are fine; a 51st different one is not. */
	for (int extra = 0; extra <= 1; extra++) {
		struct buf line = BUF_INIT;
		buf_puts(&line, "{" MIN ",\"tags\":[");
		for (int i = 0; i < 50 + extra; i++)
			buf_printf(&line, "\"thẻ %d\",\"thẻ %d\",", i, i);
		buf_puts(&line, "\"thẻ 0\"]}");
		struct arena *a = arena_new();
		struct buf err = BUF_INIT;
		struct article_in in;
		int rc = jsonl_parse_article(line.data, line.len, a, &in, &err);
		if (extra == 0) {
			assert_int_equal(rc, 0);
			assert_int_equal(in.ntags, 50);
			assert_string_equal(in.tags[49], "thẻ 49");
		} else {
			assert_string_equal(buf_cstr(&err),
					    "field 'tags' has more than 50 different tags");
		}
		arena_free(a);
		buf_free(&err);
		buf_free(&line);
	}

	struct buf line = BUF_INIT;
	buf_puts(&line, "{" MIN ",\"tags\":[\"ok\",\"");
	for (int i = 0; i < 101; i++)
		buf_puts(&line, "ư");
	buf_puts(&line, "\"]}");
	char *e = parse_err(line.data);
	assert_string_equal(e, "field 'tags' item 2 is longer than 100 characters");
	free(e);
	buf_free(&line);
}

static void test_body_too_large(void **state)
{
	(void)state;
	size_t max = 2u * 1024 * 1024;
	for (size_t n = max; n <= max + 1; n++) {
		struct buf line = BUF_INIT;
		buf_puts(&line, "{" TITLE "," CAT "," PUB ",\"body_html\":\"");
		buf_grow(&line, n + 8);
		memset(line.data + line.len, 'a', n);
		line.len += n;
		buf_puts(&line, "\"}");
		struct arena *a = arena_new();
		struct buf err = BUF_INIT;
		struct article_in in;
		int rc = jsonl_parse_article(line.data, line.len, a, &in, &err);
		if (n == max)
			assert_int_equal(rc, 0);
		else
			assert_string_equal(buf_cstr(&err),
					    "field 'body_html' is larger than 2 MB");
		arena_free(a);
		buf_free(&err);
		buf_free(&line);
	}
}

/* Errors repeat at most about 60 characters of a value, with control characters escaped. */
static void test_error_echo(void **state)
{
	(void)state;
	struct buf line = BUF_INIT;
	buf_puts(&line, "{" MIN ",\"");
	for (int i = 0; i < 300; i++)
		buf_putc(&line, 'k');
	buf_puts(&line, "\":1}");
	char *e = parse_err(line.data);
	assert_true(strlen(e) < 100);
	assert_non_null(strstr(e, "unknown field 'kkkk"));
	assert_non_null(strstr(e, "k...'"));
	free(e);
	buf_free(&line);

	e = parse_err("{" TITLE "," BODY "," CAT ",\"published_at\":\"2021-03-02T16:13:06+07:00 "
		      "và thêm rất nhiều chữ nữa cho đến khi quá dài\\u001b[0m\"}");
	assert_true(strlen(e) < 160);
	assert_non_null(strstr(e, "...\""));
	assert_null(strchr(e, '\x1b'));
	free(e);

	e = parse_err("{\"title\":99999999999999999999999999999999999999999999999999999999999999999"
		      "999999999999999}");
	assert_true(strlen(e) < 160);
	assert_non_null(strstr(e, "too big integer"));
	free(e);
}

/* Writes o, parses the line back, writes that again: the two lines must be the same bytes. */
static void check_round_trip(const struct article_out *o, const char *tz)
{
	struct buf first = BUF_INIT, second = BUF_INIT, err = BUF_INIT;
	jsonl_write_article(&first, o, tz);
	assert_true(first.len > 0);
	assert_int_equal(first.data[first.len - 1], '\n');
	assert_null(memchr(first.data, '\n', first.len - 1));
	struct arena *a = arena_new();
	struct article_in in;
	int rc = jsonl_parse_article(first.data, first.len - 1, a, &in, &err);
	if (rc != 0)
		print_error("%s: %s", buf_cstr(&err), buf_cstr(&first));
	assert_int_equal(rc, 0);
	struct article_out o2;
	to_out(&in, &o2);
	jsonl_write_article(&second, &o2, tz);
	assert_string_equal(buf_cstr(&second), buf_cstr(&first));
	arena_free(a);
	buf_free(&first);
	buf_free(&second);
	buf_free(&err);
}

static void test_round_trip(void **state)
{
	(void)state;
	static const char *const cat1[] = {"Thời sự"};
	static const char *const cat3[] = {"Văn hóa", "Nghệ thuật", "Điện ảnh \"mới\""};
	static const char *const tags[] = {"Hà Nội", "tết", "a\\b"};
	const struct article_out articles[] = {
	    /* every optional field empty */
	    {.id = 1,
	     .title = "Tin ngắn",
	     .lead = "",
	     .body_html = "",
	     .category = cat1,
	     .ncategory = 1,
	     .author = "",
	     .signature = "",
	     .source = "",
	     .published = false},
	    /* NULL optional strings are left out as "" is */
	    {.id = 2,
	     .title = "Bản nháp",
	     .body_html = "<p>x</p>",
	     .category = cat1,
	     .ncategory = 1},
	    {.id = JSONL_ID_MAX,
	     .title = "Trích dẫn \"Bác Hồ\" / \\ và ký tự đặc biệt",
	     .lead = "Dòng một\ndòng hai",
	     .body_html = "<p>Đoạn <em>một</em></p><p>Đoạn hai</p>",
	     .category = cat3,
	     .ncategory = 3,
	     .author = "Trần Thị Bình",
	     .signature = "T.T.B",
	     .source = "TTXVN",
	     .has_published_at = true,
	     .published_at = 1643127317,
	     .published = true,
	     .views = INT64_MAX,
	     .tags = tags,
	     .ntags = 3,
	     .image_src = "/media/2026/11/ab12.jpg",
	     .image_alt = "Quang cảnh \"hội nghị\"",
	     .image_caption = ""},
	    {.id = 42,
	     .title = "Tin cũ",
	     .body_html = "<p>1999</p>",
	     .category = cat1,
	     .ncategory = 1,
	     .has_published_at = true,
	     .published_at = 946684799,
	     .published = true,
	     .views = 0},
	    {.id = 43,
	     .title = "Nháp có ngày",
	     .body_html = "<p>n</p>",
	     .category = cat1,
	     .ncategory = 1,
	     .has_published_at = true,
	     .published_at = 1614676386,
	     .published = false,
	     .views = 7},
	};
	for (size_t i = 0; i < sizeof(articles) / sizeof(articles[0]); i++) {
		check_round_trip(&articles[i], TZ);
		check_round_trip(&articles[i], "UTC");
	}

	struct buf line = BUF_INIT;
	jsonl_write_article(&line, &articles[0], TZ);
	assert_string_equal(buf_cstr(&line),
			    "{\"id\":1,\"title\":\"Tin ngắn\",\"body_html\":\"\",\"category\":"
			    "[\"Thời sự\"],\"status\":\"draft\",\"views\":0}\n");
	buf_free(&line);
}

/* Lines as export writes them come back byte for byte. */
static void test_export_lines(void **state)
{
	(void)state;
	static const char *const lines[] = {
	    full_line,
	    "{\"id\":1,\"title\":\"Tin ngắn\",\"body_html\":\"\",\"category\":[\"Thời sự\"],"
	    "\"status\":\"draft\",\"views\":0}\n",
	    "{\"id\":9,\"title\":\"Ca dao \\\"xưa\\\"\",\"body_html\":\"<p>Một</p>\",\"category\":"
	    "[\"Văn hóa\",\"Văn học dân gian\"],\"published_at\":\"2000-01-01T06:59:59+07:00\","
	    "\"status\":\"published\",\"views\":3,\"tags\":[\"ca dao\"]}\n",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct article_in in;
		struct article_out o;
		struct buf out = BUF_INIT;
		struct arena *a = parse_ok(lines[i], &in);
		to_out(&in, &o);
		jsonl_write_article(&out, &o, TZ);
		assert_string_equal(buf_cstr(&out), lines[i]);
		buf_free(&out);
		arena_free(a);
	}
}

/* The error goes after whatever the caller put in err ("FILE:LINE: "). */
static void test_error_appends(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct buf err = BUF_INIT;
	struct article_in in;
	buf_puts(&err, "in.jsonl:3: ");
	assert_int_equal(jsonl_parse_article("[]", 2, a, &in, &err), -1);
	assert_string_equal(buf_cstr(&err), "in.jsonl:3: line is not a JSON object");
	buf_free(&err);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows),
	    cmocka_unit_test(test_full_article),
	    cmocka_unit_test(test_minimal_article),
	    cmocka_unit_test(test_draft),
	    cmocka_unit_test(test_trim_and_nfc),
	    cmocka_unit_test(test_tags_dedupe),
	    cmocka_unit_test(test_script_removed),
	    cmocka_unit_test(test_lengths),
	    cmocka_unit_test(test_tag_limits),
	    cmocka_unit_test(test_body_too_large),
	    cmocka_unit_test(test_error_echo),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_export_lines),
	    cmocka_unit_test(test_error_appends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
