/* Unit tests of src/import: autop, shortcodes, link rewriting, old-address keys, WXR and dump
 * readers, NukeViet's escaped text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/oldurl.h"
#include "import/nvtext.h"
#include "import/sqldump.h"
#include "import/wpbody.h"
#include "import/wproles.h"
#include "import/wxr.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct row {
	const char *in, *want;
};

static void check(const char *what, const char *in, const char *want, const char *got)
{
	if (strcmp(want, got) != 0)
		fail_msg("%s of \"%s\":\n want \"%s\"\n got  \"%s\"", what, in, want, got);
}

static const struct row autop_rows[] = {
    {"", ""},
    {"One.", "<p>One.</p>"},
    {"One.\n\nTwo.", "<p>One.</p>\n<p>Two.</p>"},
    {"One\r\ntwo.\r\n\r\nThree.", "<p>One<br />\ntwo.</p>\n<p>Three.</p>"},
    {"Line\n  indented", "<p>Line<br />\nindented</p>"},
    {"<h2>Title</h2>\nText.", "<h2>Title</h2>\n<p>Text.</p>"},
    {"<ul>\n<li>a</li>\n</ul>\n\nAfter.", "<ul>\n<li>a</li>\n</ul>\n<p>After.</p>"},
    {"Before<div>in</div>after", "<p>Before</p>\n<div>in</div>\n<p>after</p>"},
    {"<pre>a\n\nb</pre>\n\nc", "<pre>a\n\nb</pre>\n<p>c</p>"},
    {"<strong>bold</strong> text", "<p><strong>bold</strong> text</p>"},
    {"\n\n  \n", ""},
};

static void test_autop(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(autop_rows); i++) {
		struct buf out = BUF_INIT;
		wp_autop(autop_rows[i].in, &out);
		check("autop", autop_rows[i].in, autop_rows[i].want, buf_cstr(&out));
		buf_free(&out);
	}
}

static const char *media(void *ctx, const char *id)
{
	(void)ctx;
	if (strcmp(id, "11") == 0)
		return "/media/a.png";
	if (strcmp(id, "12") == 0)
		return "/media/b.png";
	return NULL;
}

static const struct row sc_rows[] = {
    {"[caption id=\"attachment_11\" width=\"300\"]<img src=\"x.png\" alt=\"A\" /> Cap "
     "text[/caption]",
     "<figure><img src=\"x.png\" alt=\"A\" /> <figcaption>Cap text</figcaption></figure>"},
    {"[caption align=\"alignleft\"]<a href=\"/big\"><img src=\"x\" /></a>Linked[/caption]",
     "<figure><a href=\"/big\"><img src=\"x\" /></a><figcaption>Linked</figcaption></figure>"},
    {"[caption caption=\"Old style\"]<img src=\"x\">[/caption]",
     "<figure><img src=\"x\"><figcaption>Old style</figcaption></figure>"},
    {"[gallery ids=\"11,12,99\"]",
     "<figure><figure><img src=\"/media/a.png\" alt=\"\"></figure><figure><img "
     "src=\"/media/b.png\" alt=\"\"></figure></figure>"},
    {"[gallery]", "<figure><figure><img src=\"/media/b.png\" alt=\"\"></figure></figure>"},
    {"[gallery ids=\"98,99\"]x", "x"}, /* no image in the library: no empty <figure> */
    {"[caption]unterminated", "[caption]unterminated"},
    {"[embed]https://x[/embed] [galleryx]", "[embed]https://x[/embed] [galleryx]"},
    {"plain [text]", "plain [text]"},
};

static void test_shortcodes(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(sc_rows); i++) {
		struct buf out = BUF_INIT;
		wp_shortcodes(sc_rows[i].in, "12", media, NULL, &out);
		check("shortcodes", sc_rows[i].in, sc_rows[i].want, buf_cstr(&out));
		buf_free(&out);
	}
}

#define YT "<figure><iframe src=\"https://www.youtube.com/embed/"
#define YT_END "\" width=\"640\" height=\"360\"></iframe></figure>"

static const struct row embed_rows[] = {
    {"a\nhttps://www.youtube.com/watch?v=ab_C-1&t=5\nb", "a\n" YT "ab_C-1" YT_END "\nb"},
    {"  https://youtu.be/xY9  \n", YT "xY9" YT_END "\n"},
    {"https://vimeo.com/12345", "<figure><iframe src=\"https://player.vimeo.com/video/12345\" "
				"width=\"640\" height=\"360\"></iframe></figure>"},
    {"https://ví.vn/a?b=1", "<a href=\"https://ví.vn/a?b=1\">https://ví.vn/a?b=1</a>"},
    {"see https://x.vn/ here", "see https://x.vn/ here"},
    {"<pre>\nhttps://x.vn/\n</pre>", "<pre>\nhttps://x.vn/\n</pre>"},
    {"[embed]https://youtu.be/k[/embed]", YT "k" YT_END},
    {"[embed]javascript:x[/embed]", ""},
    {"[audio https://x.vn/a.mp3]",
     "<audio src=\"https://x.vn/a.mp3\"><a href=\"https://x.vn/a.mp3\">https://x.vn/a.mp3</a>"
     "</audio>"},
    {"[audio mp3=\"/a.mp3\"]nghe[/audio] [audio]",
     "<audio src=\"/a.mp3\"><a href=\"/a.mp3\">/a.mp3</a></audio> "},
    {"[video src=\"https://www.youtube.com/watch?v=q\" /]", YT "q" YT_END},
    {"[video mp4=\"/v.mp4\"][/video]",
     "<video src=\"/v.mp4\"><a href=\"/v.mp4\">/v.mp4</a></video>"},
    {"[audiox] [videos]", "[audiox] [videos]"},
    {"a<!--more Đọc tiếp-->b<!--nextpage-->c<!-- x -->", "abc<!-- x -->"},
};

static void test_embeds(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(embed_rows); i++) {
		struct buf out = BUF_INIT;
		wp_embeds(embed_rows[i].in, &out);
		check("embeds", embed_rows[i].in, embed_rows[i].want, buf_cstr(&out));
		buf_free(&out);
	}
}

static const struct row plain_rows[] = {
    {"Title <em>With</em> <b>Mark<sup>up</sup></b>", "Title With Markup"},
    {"Tom &amp; Jerry &#8211; 1&nbsp;2", "Tom & Jerry \xe2\x80\x93 1 2"},
    {"a < b > c ~`!@#$%^&*()", "a < b > c ~`!@#$%^&*()"},
    {"  d\xc3\xb2ng\n\n<p>hai</p> ", "d\xc3\xb2ng hai"},
    {"", ""},
};

static void test_plain_text(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(plain_rows); i++) {
		struct buf out = BUF_INIT;
		wp_plain_text(plain_rows[i].in, &out);
		check("plain_text", plain_rows[i].in, plain_rows[i].want, buf_cstr(&out));
		buf_free(&out);
	}
}

static const char *links(void *ctx, const char *url)
{
	(void)ctx;
	if (strcmp(url, "http://old.vn/?p=1&x=2") == 0)
		return "/one-1.html";
	if (strcmp(url, "/wp-content/uploads/a.png") == 0)
		return "/media/a.png";
	return NULL;
}

static void test_rewrite_links(void **state)
{
	(void)state;
	const char *in =
	    "<a href=\"http://old.vn/?p=1&amp;x=2\">a</a> <img src='/wp-content/uploads/a.png'>"
	    " <a href=\"https://old.vn/later/\">b</a> <a href=\"https://other.vn/\">c</a>"
	    " <a title=\"href=x\" data-src=\"y\">d</a>";
	const char *want =
	    "<a href=\"/one-1.html\">a</a> <img src='/media/a.png'>"
	    " <a href=\"https://old.vn/later/\">b</a> <a href=\"https://other.vn/\">c</a>"
	    " <a title=\"href=x\" data-src=\"y\">d</a>";
	struct buf out = BUF_INIT;
	int unresolved = wp_rewrite_links(in, "http://old.vn", links, NULL, &out);
	check("links", in, want, buf_cstr(&out));
	assert_int_equal(unresolved, 1); /* https://old.vn/later/ */
	buf_free(&out);
}

static const struct row key_rows[] = {
    {"http://old.vn/?p=20", "/?p=20"},
    {"https://old.vn/2024/05/03/slug/", "/2024/05/03/slug/"},
    {"/2024/05/03/slug", "/2024/05/03/slug/"},
    {"/news/a/b-12.html", "/news/a/b-12.html"},
    {"/index.php?op=a/b-1&nv=news&language=vi", "/index.php?language=vi&nv=news&op=a/b-1"},
    {"//old.vn/tag/x#top", "/tag/x/"},
    {"?p=5", "/?p=5"},
    {"http://old.vn", "/"},
    {"/a%c3%a1/", "/a\xc3\xa1/"},
    {"/a\xc3\xa1", "/a\xc3\xa1/"},
    {"https://old.vn//greek/a/", "/greek/a/"},
    {"/a%20b/", "/a%20b/"},
    {"/a b/", "/a%20b/"},
    {"/100%/", "/100%25/"},
    {"/?s=a%26b&p=%31", "/?p=1&s=a%26b"},
    {"relative/path", ""},
    {"", ""},
    {"mailto:x@y", ""},
};

static void test_oldurl_key(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(key_rows); i++) {
		struct buf out = BUF_INIT;
		oldurl_key(key_rows[i].in, &out);
		check("oldurl_key", key_rows[i].in, key_rows[i].want, buf_cstr(&out));
		buf_free(&out);
	}
}

struct wxr_counts {
	int authors, cats, tags, items, posts, comments, thumbs;
};

static int c_author(void *ctx, const struct wxr_author *a, struct buf *err)
{
	(void)a;
	(void)err;
	((struct wxr_counts *)ctx)->authors++;
	return 0;
}

static int c_term(void *ctx, const struct wxr_term *t, struct buf *err)
{
	(void)err;
	struct wxr_counts *c = ctx;
	c->cats += strcmp(t->kind, "category") == 0;
	c->tags += strcmp(t->kind, "post_tag") == 0;
	return 0;
}

static int c_item(void *ctx, const struct wxr_item *it, struct buf *err)
{
	(void)err;
	struct wxr_counts *c = ctx;
	c->items++;
	c->posts += strcmp(wxr_text(it, WXR_POST_TYPE), "post") == 0;
	c->comments += (int)it->comments;
	c->thumbs += wxr_meta(it, "_thumbnail_id") != NULL;
	if (strcmp(wxr_text(it, WXR_POST_ID), "20") == 0) {
		assert_string_equal(wxr_text(it, WXR_TITLE), "Khai mạc hội nghị tổng kết năm 2024");
		assert_non_null(strstr(wxr_text(it, WXR_CONTENT), "[caption id=\"attachment_11\""));
		assert_int_equal(it->nterms, 3);
		assert_string_equal(it->terms[0].slug, "the-gioi");
		assert_string_equal(wxr_meta(it, "_thumbnail_id"), "10");
	}
	if (strcmp(wxr_text(it, WXR_POST_ID), "31") == 0) { /* a page below page 30, in its order */
		assert_string_equal(wxr_text(it, WXR_POST_PARENT), "30");
		assert_string_equal(wxr_text(it, WXR_MENU_ORDER), "2");
	}
	return 0;
}

static void test_wxr_fixture(void **state)
{
	(void)state;
	struct wxr_counts c = {0};
	struct wxr_handler h = {&c, NULL, c_author, c_term, c_item};
	struct buf err = BUF_INIT;
	int rc = wxr_read_file(FIXTURES "/wordpress/export.xml", "export.xml", &h, &err);
	if (rc != 0)
		fail_msg("%s", buf_cstr(&err));
	assert_int_equal(c.authors, 2);
	assert_int_equal(c.cats, 3);
	assert_int_equal(c.tags, 2);
	assert_int_equal(c.items, 12); /* 3 attachments, 6 posts, two pages, a menu item */
	assert_int_equal(c.posts, 6);
	assert_int_equal(c.comments, 2);
	assert_int_equal(c.thumbs, 1);
	buf_free(&err);
}

static const struct row wxr_bad[] = {
    {"<rss><channel>", "t.xml:1: not well-formed XML"},
    {"<html/>", "t.xml:1: not a WordPress export: no <rss> root"},
    {"<rss><channel></channel></rss>", "t.xml:1: not a WordPress export (no <rss> with"},
    {"<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\n<wp:wxr_version>1.2</"
     "wp:wxr_version>\n<item><wp:post_id>0</wp:post_id><wp:post_type>post</wp:post_type></item>"
     "</channel></rss>",
     "t.xml:3: item without a valid <wp:post_id>"},
    /* the item's own line, not where the parser stopped reading (the end of a small file) */
    {"<rss xmlns:wp=\"https://wordpress.org/export/1.2/\"><channel>\n<wp:wxr_version>1.2</"
     "wp:wxr_version>\n<item>\n<wp:post_id>x</wp:post_id>\n<wp:post_type>post</wp:post_type>\n"
     "</item>\n\n\n</channel></rss>\n",
     "t.xml:3: item without a valid <wp:post_id>"},
    {"<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\n<wp:wxr_version>1.2</"
     "wp:wxr_version>\n<item>\n<title>Cut short",
     "t.xml:4: not well-formed XML"},
};

static void test_wxr_errors(void **state)
{
	(void)state;
	struct wxr_handler h = {0};
	for (size_t i = 0; i < N(wxr_bad); i++) {
		struct buf err = BUF_INIT;
		assert_int_equal(
		    wxr_read_memory(wxr_bad[i].in, strlen(wxr_bad[i].in), "t.xml", &h, &err), -1);
		if (strncmp(buf_cstr(&err), wxr_bad[i].want, strlen(wxr_bad[i].want)) != 0)
			fail_msg("want \"%s...\", got \"%s\"", wxr_bad[i].want, buf_cstr(&err));
		buf_free(&err);
	}
}

/* A file that stops before </rss> is said to be cut short; one with more after </rss> is not. */
static void test_wxr_cut_short(void **state)
{
	(void)state;
	static const char *const in[] = {
	    "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\n<wp:wxr_version>1.2</"
	    "wp:wxr_version>\n<item>\n<title>Cut short",
	    "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\n<wp:wxr_version>1.2</"
	    "wp:wxr_version>\n</channel></rss>\n<rss/>"};
	struct wxr_handler h = {0};
	for (size_t i = 0; i < N(in); i++) {
		struct buf err = BUF_INIT;
		assert_int_equal(wxr_read_memory(in[i], strlen(in[i]), "t.xml", &h, &err), -1);
		if ((strstr(buf_cstr(&err), "is it cut short") != NULL) != (i == 0))
			fail_msg("%s: got \"%s\"",
				 i == 0 ? "want the cut-short hint" : "want no hint",
				 buf_cstr(&err));
		buf_free(&err);
	}
}

struct dump_seen {
	int rows;
	char last[256];
	size_t last_len;
};

static int d_row(void *ctx, const struct sqld_row *r, struct buf *err)
{
	(void)err;
	struct dump_seen *s = ctx;
	s->rows++;
	if (strcmp(r->table, "t") == 0 && r->n >= 2 && r->lens[1] < sizeof s->last) {
		memcpy(s->last, r->vals[1], r->lens[1]);
		s->last_len = r->lens[1];
	}
	return 0;
}

static void test_sqldump_values(void **state)
{
	(void)state;
	const char *sql =
	    "-- comment\n/*!40101 SET NAMES utf8mb4 */;\n"
	    "CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n  `v` text DEFAULT 'a,b',\n"
	    "  PRIMARY KEY (`id`),\n  KEY `v` (`v`(10))\n) ENGINE=InnoDB;\n"
	    "INSERT INTO `t` VALUES (1,'it\\'s \\\"q\\\" \\\\ \\n\\0x'),(2,'o''k');\n"
	    "INSERT INTO `t` VALUES (3,0x4142),(4,NULL),(5,_binary 'b');\n";
	struct dump_seen s = {0};
	struct sqld_handler h = {&s, NULL, NULL, d_row};
	struct buf err = BUF_INIT;
	if (sqld_read(NULL, sql, strlen(sql), "d.sql", &h, &err) != 0)
		fail_msg("%s", buf_cstr(&err));
	assert_int_equal(s.rows, 5);
	assert_int_equal(s.last_len, 1);
	assert_memory_equal(s.last, "b", 1);
	buf_free(&err);

	const char *one = "CREATE TABLE t (id int, v text);\n"
			  "INSERT INTO t VALUES (1,'it\\'s \\\"q\\\" \\\\ \\n\\0x');";
	memset(&s, 0, sizeof s);
	assert_int_equal(sqld_read(NULL, one, strlen(one), "d.sql", &h, &err), 0);
	const char want[] = "it's \"q\" \\ \n\0x";
	assert_int_equal(s.last_len, sizeof want - 1);
	assert_memory_equal(s.last, want, sizeof want - 1);
	buf_free(&err);
}

static const struct row dump_bad[] = {
    {"INSERT INTO t VALUES ('abc", "d.sql:1: unterminated string"},
    {"CREATE TABLE t (a int, b int);\n\nINSERT INTO t VALUES (1,2,3);",
     "d.sql:3: a row of `t` has 3 values for 2 columns"},
    {"INSERT INTO t VALUES (1 2);", "d.sql:1: expected ',' or ')' in VALUES"},
    {"INSERT INTO t VALUES (@x);", "d.sql:1: malformed value in VALUES"},
    {"/* never ends", "d.sql:1: unterminated comment"},
};

static void test_sqldump_errors(void **state)
{
	(void)state;
	struct sqld_handler h = {0};
	for (size_t i = 0; i < N(dump_bad); i++) {
		struct buf err = BUF_INIT;
		assert_int_equal(
		    sqld_read(NULL, dump_bad[i].in, strlen(dump_bad[i].in), "d.sql", &h, &err), -1);
		check("dump error", dump_bad[i].in, dump_bad[i].want, buf_cstr(&err));
		buf_free(&err);
	}
}

static void test_sqldump_fixture(void **state)
{
	(void)state;
	FILE *f = fopen(FIXTURES "/nukeviet/nv4_news.sql", "r");
	assert_non_null(f);
	struct dump_seen s = {0};
	struct sqld_handler h = {&s, NULL, NULL, d_row};
	struct buf err = BUF_INIT;
	if (sqld_read(f, NULL, 0, "nv4_news.sql", &h, &err) != 0)
		fail_msg("%s", buf_cstr(&err));
	fclose(f);
	assert_int_equal(s.rows, 20); /* 1+1+3+4+4+1+2+3+1 */
	buf_free(&err);
}

static void test_wp_roles(void **state)
{
	(void)state;
	assert_string_equal(wp_role_of_caps("a:1:{s:13:\"administrator\";b:1;}"), "admin");
	assert_string_equal(wp_role_of_caps("a:1:{s:6:\"editor\";b:1;}"), "publisher");
	assert_string_equal(wp_role_of_caps("a:1:{s:6:\"author\";b:1;}"), "contributor");
	assert_string_equal(wp_role_of_caps("a:1:{s:11:\"contributor\";b:1;}"), "contributor");
	/* the highest granted wins; a role set to false is not granted */
	assert_string_equal(wp_role_of_caps("a:2:{s:13:\"administrator\";b:0;s:6:\"editor\";b:1;}"),
			    "publisher");
	assert_string_equal(wp_role_of_caps("a:2:{s:6:\"author\";b:1;s:13:\"administrator\";b:1;}"),
			    "admin");
	assert_null(wp_role_of_caps("a:1:{s:10:\"subscriber\";b:1;}"));
	assert_null(wp_role_of_caps("a:0:{}"));
	assert_null(wp_role_of_caps("administrator"));
	assert_null(wp_role_of_caps(""));
	assert_null(wp_role_of_caps(NULL));
	/* a length that does not match the name is not the role */
	assert_null(wp_role_of_caps("a:1:{s:5:\"administrator\";b:1;}"));
}

/* NukeViet stores titles and leads through htmlspecialchars (real rows of its sample data). */
static const struct row nv_text_rows[] = {
    {"", ""},
    {"Hãy trở thành nhà cung cấp dịch vụ của NukeViet&#33;",
     "Hãy trở thành nhà cung cấp dịch vụ của NukeViet!"},
    {"Bộ GD&amp;ĐT", "Bộ GD&ĐT"},
    {"phần &quot;khuyến cáo&quot; O&#039;Brien", "phần \"khuyến cáo\" O'Brien"},
    {"&lt;b&gt; &#x1F600; &ndash;&nbsp;x", "<b> \xf0\x9f\x98\x80 \xe2\x80\x93\xc2\xa0x"},
    {"GD&ĐT &amp;amp; R&D", "GD&ĐT &amp; R&D"}, /* decoded once; bare '&' kept */
    {"&#0; &#xD800; &#1114112; &#; &bogus; &amp", "&#0; &#xD800; &#1114112; &#; &bogus; &amp"},
    {"&#99999999999999999999;", "&#99999999999999999999;"},
};

static void test_nv_plain_text(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(nv_text_rows); i++) {
		struct buf out = BUF_INIT;
		nv_plain_text(nv_text_rows[i].in, &out);
		check("nv_plain_text", nv_text_rows[i].in, nv_text_rows[i].want, buf_cstr(&out));
		buf_free(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_autop),          cmocka_unit_test(test_shortcodes),
	    cmocka_unit_test(test_embeds),         cmocka_unit_test(test_plain_text),
	    cmocka_unit_test(test_rewrite_links),  cmocka_unit_test(test_oldurl_key),
	    cmocka_unit_test(test_wxr_fixture),    cmocka_unit_test(test_wxr_errors),
	    cmocka_unit_test(test_wxr_cut_short),  cmocka_unit_test(test_sqldump_values),
	    cmocka_unit_test(test_sqldump_errors), cmocka_unit_test(test_sqldump_fixture),
	    cmocka_unit_test(test_wp_roles),       cmocka_unit_test(test_nv_plain_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
