/* Unit tests of src/html: the escapers, template rendering, load errors and loading a directory. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "html/escape.h"
#include "html/tpl.h"
#include "sanitize/sanitize.h"

struct row {
	const char *in;
	const char *want;
};

/* Runs every row through fn, prints each mismatch, then fails once if there was any. */
static void check_rows(const char *what, const struct row *rows, size_t n,
		       void (*fn)(struct buf *out, const char *in))
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		struct buf out = BUF_INIT;
		fn(&out, rows[i].in);
		if (strcmp(buf_cstr(&out), rows[i].want) != 0) {
			print_error("%s row %zu: %s\n   got: %s\n  want: %s\n", what, i, rows[i].in,
				    buf_cstr(&out), rows[i].want);
			bad++;
		}
		buf_free(&out);
	}
	assert_int_equal(bad, 0);
}

/* ---- escapers ---- */

static void run_html_escape(struct buf *out, const char *in)
{
	html_escape(out, in, strlen(in));
}

static void run_url_encode(struct buf *out, const char *in)
{
	html_url_encode(out, in, strlen(in));
}

static void run_json_quote(struct buf *out, const char *in)
{
	html_json_quote(out, in, strlen(in));
}

static void run_header_clean(struct buf *out, const char *in)
{
	html_header_clean(out, in, strlen(in));
}

static void test_html_escape(void **state)
{
	(void)state;
	static const struct row rows[] = {
	    {"", ""},
	    {"plain text", "plain text"},
	    {"&", "&amp;"},
	    {"<", "&lt;"},
	    {">", "&gt;"},
	    {"\"", "&quot;"},
	    {"'", "&#39;"},
	    {"a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f"},
	    {"&amp;", "&amp;amp;"},
	    {"Hà Nội", "Hà Nội"},
	    {"\"><script>alert(1)</script>", "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"},
	    /* U+0338 could combine with a tag's '>' when the page is normalised */
	    {"\xcc\xb8x", "&#x338;x"},
	    {"a>\xcc\xb8", "a&gt;&#x338;"},
	    {"\xcc\x80\xcc", "\xcc\x80\xcc"}, /* U+0300 and a lone lead byte: kept */
	};
	check_rows("html_escape", rows, sizeof(rows) / sizeof(rows[0]), run_html_escape);
}

static void test_url_encode(void **state)
{
	(void)state;
	static const struct row rows[] = {
	    {"", ""},
	    {"AZaz09-._~", "AZaz09-._~"},
	    {"a b", "a%20b"},
	    {"a+b&c=d/e?f#g%h", "a%2Bb%26c%3Dd%2Fe%3Ff%23g%25h"},
	    {"\"'<>", "%22%27%3C%3E"},
	    {"Hà", "H%C3%A0"},
	    {"\r\n", "%0D%0A"},
	    /* the bytes next to each unreserved range */
	    {"/09:@AZ[`az{}", "%2F09%3A%40AZ%5B%60az%7B%7D"},
	    {"\x7f\x80\xff", "%7F%80%FF"},
	};
	check_rows("url_encode", rows, sizeof(rows) / sizeof(rows[0]), run_url_encode);
}

static void test_json_quote(void **state)
{
	(void)state;
	static const struct row rows[] = {
	    {"", "\"\""},
	    {"abc", "\"abc\""},
	    {"a\"b\\c", "\"a\\\"b\\\\c\""},
	    {"\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\""},
	    {"\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\""},
	    {"</script>", "\"\\u003c/script\\u003e\""},
	    {"a&b'c", "\"a\\u0026b\\u0027c\""},
	    {"x\xe2\x80\xa8y\xe2\x80\xa9z", "\"x\\u2028y\\u2029z\""},
	    {"Hà Nội €𝄞", "\"Hà Nội €𝄞\""},
	    {"a\xff"
	     "b",
	     "\"a\\ufffdb\""},
	    {"\xc3", "\"\\ufffd\""},                                  /* truncated */
	    {"\xc0\xaf", "\"\\ufffd\\ufffd\""},                       /* overlong */
	    {"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""},            /* surrogate */
	    {"\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""}, /* > U+10FFFF */
	    {"\xe2\x82", "\"\\ufffd\\ufffd\""},
	    /* runs of letters with diacritics broken by each kind of byte that is escaped */
	    {"Hà\xffNội\"Việt\xe2\x80\xa8Nam<ở>\n",
	     "\"Hà\\ufffdNội\\\"Việt\\u2028Nam\\u003cở\\u003e\\n\""},
	    {"ở\xe1\xbb", "\"ở\\ufffd\\ufffd\""},
	    /* a lead byte without its continuation bytes */
	    {"\xe1\x41\x42", "\"\\ufffdAB\""},
	    {"\xe1\xbb\x41", "\"\\ufffd\\ufffdA\""},
	    {"\xc3\x41", "\"\\ufffdA\""},
	    {"\xe2\x80\xaf\xe2\x80\xa9", "\"\xe2\x80\xaf\\u2029\""},
	};
	check_rows("json_quote", rows, sizeof(rows) / sizeof(rows[0]), run_json_quote);
}

static void test_header_clean(void **state)
{
	(void)state;
	static const struct row rows[] = {
	    {"", ""},
	    {"text/html; charset=utf-8", "text/html; charset=utf-8"},
	    {"a\r\nSet-Cookie: x=1", "aSet-Cookie: x=1"},
	    {"\x01"
	     "a\tb\x7f"
	     "c\x1f",
	     "abc"},
	    {"Hà Nội", "Hà Nội"},
	};
	check_rows("header_clean", rows, sizeof(rows) / sizeof(rows[0]), run_header_clean);
}

/* ---- rendering ---- */

/* Sanitiser output (only the sanitiser makes safe HTML): made once, freed at exit. */
static struct safe_html *body_html, *empty_html;

static void make_safe(void)
{
	static const char body_text[] = "<p>Xin <b>chào</b> &amp; hẹn gặp</p>";
	if (body_html)
		return;
	if (sanitize_html(body_text, strlen(body_text), &body_html) != 0 ||
	    sanitize_html("", 0, &empty_html) != 0)
		fail_msg("expected the sanitiser to accept the fixture's HTML");
	if (strcmp(safe_html_str(body_html), body_text) != 0)
		fail_msg("expected the fixture's HTML to be sanitiser output, got %s",
			 safe_html_str(body_html));
}

/* The context every rendering row sees. */
static struct tv *fixture(struct arena *a)
{
	struct tv *c = tv_obj(a);
	tv_str(c, "title", "Tin & <Thời sự>");
	tv_str(c, "all", "&<>\"'");
	tv_str(c, "xss", "\"><script>alert(1)</script>");
	tv_str(c, "sq", "' onmouseover='x");
	tv_str(c, "q", "tìm kiếm a&b/c?");
	tv_str(c, "script", "</script><script>alert(1)</script>");
	tv_str(c, "ls",
	       "a\xe2\x80\xa8"
	       "b");
	tv_str(c, "empty", "");
	tv_strn(c, "cut", "abcdef", 3);
	tv_int(c, "n", 42);
	tv_int(c, "neg", -1234567);
	tv_int(c, "zero", 0);
	tv_int(c, "min", INT64_MIN);
	tv_bool(c, "yes", true);
	tv_bool(c, "no", false);
	make_safe();
	tv_safe(c, "body", body_html);
	tv_safe(c, "nobody", empty_html);
	tv_str(c, "outer", "O");
	tv_str(c, "name", "root");
	struct tv *items = tv_list(c, "items");
	struct tv *it = tv_push(items);
	tv_str(it, "name", "A");
	tv_int(it, "price", 1);
	it = tv_push(items);
	tv_str(it, "name", "B<");
	tv_int(it, "price", 2);
	tv_bool(it, "hot", true);
	struct tv *tags = tv_list(c, "tags");
	tv_push_str(tags, "x");
	tv_push_str(tags, "y<");
	tv_list(c, "none");
	struct tv *user = tv_child(c, "user");
	tv_str(user, "name", "Lan");
	tv_str(tv_child(user, "addr"), "city", "Hà Nội");
	struct tv *groups = tv_list(c, "groups");
	for (int g = 0; g < 2; g++) {
		struct tv *grp = tv_push(groups);
		tv_str(grp, "title", g ? "G2" : "G1");
		struct tv *gi = tv_list(grp, "items");
		tv_str(tv_push(gi), "name", g ? "c" : "a");
		tv_str(tv_push(gi), "name", g ? "d" : "b");
	}
	return c;
}

/* Partials available to every rendering row. */
static const struct {
	const char *name, *text;
} partials[] = {
    {"p_item", "<li>{{name}}</li>"},
    {"p_title", "[{{title}}]"},
    {"p_self", "x{{>p_self}}"},
    {"p_lines", "{{#items}}\n{{name}}\n{{/items}}\n"},
};

static struct tpl_set *row_set(const char *text)
{
	struct tpl_set *set = NULL;
	struct buf err = BUF_INIT;
	for (size_t i = 0; i < sizeof(partials) / sizeof(partials[0]); i++)
		if (tpl_load_string(&set, partials[i].name, partials[i].text, &err) != 0)
			fail_msg("partial %s: %s", partials[i].name, buf_cstr(&err));
	if (tpl_load_string(&set, "t", text, &err) != 0)
		fail_msg("load %s: %s", text, buf_cstr(&err));
	buf_free(&err);
	return set;
}

static void run_render(struct buf *out, const char *text)
{
	struct tpl_set *set = row_set(text);
	struct arena *a = arena_new();
	assert_int_equal(tpl_render(set, "t", fixture(a), out), 0);
	arena_free(a);
	tpl_set_free(set);
}

/* Many sections in one template: the node array grows while sections are open and closing
 * (a use-after-free once; ASan catches a regression). */
static void test_many_sections(void **state)
{
	(void)state;
	struct buf text = BUF_INIT, want = BUF_INIT, out = BUF_INIT;
	for (int i = 0; i < 200; i++) {
		buf_printf(&text, "{{#yes}}<%d>{{^missing}}{{title}}{{/missing}}{{/yes}}", i);
		buf_printf(&want, "<%d>Tin &amp; &lt;Thời sự&gt;", i);
	}
	run_render(&out, buf_cstr(&text));
	assert_string_equal(buf_cstr(&out), buf_cstr(&want));
	buf_free(&text);
	buf_free(&want);
	buf_free(&out);
}

static void test_render_escaping(void **state)
{
	(void)state;
	static const struct row rows[] = {
	    {"", ""},
	    {"plain", "plain"},
	    {"{{title}}", "Tin &amp; &lt;Thời sự&gt;"},
	    {"{{ title }}", "Tin &amp; &lt;Thời sự&gt;"},
	    {"{{all}}", "&amp;&lt;&gt;&quot;&#39;"},
	    {"<a title=\"{{all}}\">", "<a title=\"&amp;&lt;&gt;&quot;&#39;\">"},
	    {"<a title='{{all}}'>", "<a title='&amp;&lt;&gt;&quot;&#39;'>"},
	    {"<input value=\"{{xss}}\">",
	     "<input value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"},
	    {"<p>{{xss}}</p>", "<p>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>"},
	    {"<a title='{{sq}}'>", "<a title='&#39; onmouseover=&#39;x'>"},
	    {"{{&xss}}", "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"},
	    {"{{&sq}}", "&#39; onmouseover=&#39;x"},
	    {"{{&body}}", "<p>Xin <b>chào</b> &amp; hẹn gặp</p>"},
	    {"{{& body }}", "<p>Xin <b>chào</b> &amp; hẹn gặp</p>"},
	    {"{{body}}", "&lt;p&gt;Xin &lt;b&gt;chào&lt;/b&gt; &amp;amp; hẹn gặp&lt;/p&gt;"},
	    {"{{&nobody}}|{{&missing}}|{{&n}}", "||42"},
	    {"/s?q={{q|url}}", "/s?q=t%C3%ACm%20ki%E1%BA%BFm%20a%26b%2Fc%3F"},
	    {"{{xss|url}}", "%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"},
	    {"{{ q | url }}", "t%C3%ACm%20ki%E1%BA%BFm%20a%26b%2Fc%3F"},
	    {"<script>var s = {{script|json}};</script>",
	     "<script>var s = "
	     "\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\";</"
	     "script>"},
	    {"{{ls|json}}", "\"a\\u2028b\""},
	    {"{{title|json}}", "\"Tin \\u0026 \\u003cThời sự\\u003e\""},
	    {"{{missing|json}}", ""},
	    {"{{n|json}}", "\"42\""},
	    {"{{body|json}}", "\"\\u003cp\\u003eXin \\u003cb\\u003echào\\u003c/b\\u003e "
			      "\\u0026amp; hẹn gặp\\u003c/p\\u003e\""},
	    {"{{n}} {{neg}} {{zero}} {{min}}", "42 -1234567 0 -9223372036854775808"},
	    {"{{yes}} {{no}}", "true false"},
	    {"[{{missing}}][{{empty}}][{{cut}}]", "[][][abc]"},
	    {"[{{user}}][{{items}}]", "[][]"},
	    {"a {{! a comment }}b", "a b"},
	    {"a{{!\n multi {{ line\n}}b", "ab"},
	    {"{x} }} {", "{x} }} {"},
	    {"{{title}}}", "Tin &amp; &lt;Thời sự&gt;}"},
	};
	check_rows("render", rows, sizeof(rows) / sizeof(rows[0]), run_render);
}

static void test_render_sections(void **state)
{
	(void)state;
	static const struct row rows[] = {
	    {"{{#yes}}Y{{/yes}}{{#no}}N{{/no}}", "Y"},
	    {"{{#n}}[{{.}}]{{/n}}{{#zero}}Z{{/zero}}", "[42]"},
	    {"{{#title}}<{{.}}>{{/title}}{{#empty}}E{{/empty}}", "<Tin &amp; &lt;Thời sự&gt;>"},
	    {"{{#missing}}M{{/missing}}-", "-"},
	    {"{{#none}}X{{/none}}-", "-"},
	    {"{{#body}}B{{/body}}{{#nobody}}N{{/nobody}}", "B"},
	    {"{{#items}}{{name}}={{price}};{{/items}}", "A=1;B&lt;=2;"},
	    {"{{#items}}{{name}}{{#hot}}!{{/hot}},{{/items}}", "A,B&lt;!,"},
	    {"{{#tags}}<{{.}}>{{/tags}}", "<x><y&lt;>"},
	    {"{{#items}}{{outer}}{{title|url}}.{{/items}}",
	     "OTin%20%26%20%3CTh%E1%BB%9Di%20s%E1%BB%B1%3E.OTin%20%26%20%3CTh%E1%BB%9Di%20s%E1%BB%"
	     "B1%3E."},
	    {"{{#user}}{{name}} {{addr.city}} {{outer}}{{/user}}", "Lan Hà Nội O"},
	    {"{{user.addr.city}}|{{user.name}}|{{user.nope}}|{{user.name.x}}", "Hà Nội|Lan||"},
	    {"{{#user.addr}}{{city}}{{/user.addr}}", "Hà Nội"},
	    {"{{#groups}}{{title}}:{{#items}}{{name}}{{title}}{{/items}};{{/groups}}",
	     "G1:aG1bG1;G2:cG2dG2;"},
	    {"{{#groups}}{{#items}}{{name}}{{outer}}{{/items}}{{/groups}}", "aObOcOdO"},
	    {"{{#items}}{{#user}}{{name}}{{/user}}{{/items}}", "LanLan"},
	    {"{{#user}}{{#missing}}x{{/missing}}{{^missing}}{{name}}{{/missing}}{{/user}}", "Lan"},
	    {"{{#a.b}}{{/a.b}}-", "-"},
	    {"{{#items}}{{#tags}}{{.}}{{/tags}}{{/items}}", "xy&lt;xy&lt;"},
	    {"{{^missing}}m{{/missing}}{{^no}}n{{/no}}{{^zero}}z{{/zero}}{{^empty}}e{{/empty}}"
	     "{{^none}}l{{/none}}{{^nobody}}s{{/nobody}}",
	     "mnzels"},
	    {"{{^yes}}a{{/yes}}{{^n}}b{{/n}}{{^title}}c{{/title}}{{^items}}d{{/items}}"
	     "{{^user}}e{{/user}}-",
	     "-"},
	    {"{{#items}}{{^hot}}{{name}} cold{{/hot}}{{/items}}", "A cold"},
	    {"{{#yes}}{{#yes}}{{#yes}}deep{{/yes}}{{/yes}}{{/yes}}", "deep"},
	    {"{{# items }}{{name}}{{/ items }}", "AB&lt;"},
	};
	check_rows("sections", rows, sizeof(rows) / sizeof(rows[0]), run_render);
}

static void test_render_partials(void **state)
{
	(void)state;
	static const struct row rows[] = {
	    {"<ul>{{#items}}{{>p_item}}{{/items}}</ul>", "<ul><li>A</li><li>B&lt;</li></ul>"},
	    {"{{>p_title}}{{#user}}{{>p_title}}{{/user}}",
	     "[Tin &amp; &lt;Thời sự&gt;][Tin &amp; &lt;Thời sự&gt;]"},
	    {"{{> p_item }}", "<li>root</li>"},
	    /* p_self includes itself: 32 nested partial levels, then the tag is skipped */
	    {"{{>p_self}}", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
	    {"{{#items}}{{>p_self}}{{/items}}",
	     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
	    {"<ul>\n  {{>p_lines}}\n</ul>\n", "<ul>\nA\nB&lt;\n</ul>\n"},
	};
	check_rows("partials", rows, sizeof(rows) / sizeof(rows[0]), run_render);
}

static void test_render_standalone(void **state)
{
	(void)state;
	static const struct row rows[] = {
	    {"<ul>\n{{#items}}\n  <li>{{name}}</li>\n{{/items}}\n</ul>\n",
	     "<ul>\n  <li>A</li>\n  <li>B&lt;</li>\n</ul>\n"},
	    {"<ul>\n  {{#items}}  \n  <li>{{name}}</li>\n  {{/items}}\t\n</ul>",
	     "<ul>\n  <li>A</li>\n  <li>B&lt;</li>\n</ul>"},
	    {"a\r\n{{#yes}}\r\nb\r\n{{/yes}}\r\nc", "a\r\nb\r\nc"},
	    {"a\n  {{! comment }}  \nb", "a\nb"},
	    {"a\n{{!\n  two lines\n}}\nb", "a\nb"},
	    {"a\n{{^no}}\nb\n{{/no}}\n", "a\nb\n"},
	    {"{{#yes}}\nfirst line{{/yes}}", "first line"},
	    {"{{#yes}}last\n{{/yes}}", "last\n"},
	    {"a\n  {{>p_title}}\nb", "a\n[Tin &amp; &lt;Thời sự&gt;]b"},
	    /* not standalone: variables, two tags on a line, other text on the line */
	    {"a\n  {{n}}  \nb", "a\n  42  \nb"},
	    {"a\n{{#yes}}{{/yes}}\nb", "a\n\nb"},
	    {"a\n x{{#yes}}\nb{{/yes}}", "a\n x\nb"},
	    {"a\n{{#yes}} x\nb{{/yes}}", "a\n x\nb"},
	    {"{{&body}}\n", "<p>Xin <b>chào</b> &amp; hẹn gặp</p>\n"},
	};
	check_rows("standalone", rows, sizeof(rows) / sizeof(rows[0]), run_render);
}

/* ---- values ---- */

static void test_values(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct tv *c = tv_obj(a);
	static const char *keys[] = {"k0",  "k1",  "k2",  "k3",  "k4",  "k5",  "k6",  "k7",
				     "k8",  "k9",  "k10", "k11", "k12", "k13", "k14", "k15",
				     "k16", "k17", "k18", "k19", "k20", "k21", "k22", "k23",
				     "k24", "k25", "k26", "k27", "k28", "k29", "k30", "k31",
				     "k32", "k33", "k34", "k35", "k36"};
	for (int i = 0; i < (int)(sizeof(keys) / sizeof(keys[0])); i++)
		tv_int(c, keys[i], i);
	tv_str(c, "k5", "five"); /* replaces */
	tv_str(c, "k30", "thirty");
	tv_str(c, "s", NULL);
	struct tpl_set *set = NULL;
	struct buf out = BUF_INIT, err = BUF_INIT;
	assert_int_equal(
	    tpl_load_string(&set, "t", "{{k0}},{{k5}},{{k17}},{{k30}},{{k36}},[{{s}}]", &err), 0);
	assert_true(tpl_exists(set, "t"));
	assert_false(tpl_exists(set, "u"));
	assert_false(tpl_exists(NULL, "t"));
	assert_int_equal(tpl_render(set, "t", c, &out), 0);
	assert_string_equal(buf_cstr(&out), "0,five,17,thirty,36,[]");
	buf_reset(&out);
	assert_int_equal(tpl_render(set, "nope", c, &out), -1);
	assert_int_equal(out.len, 0);
	assert_int_equal(tpl_render(set, "t", NULL, &out), 0);
	assert_string_equal(buf_cstr(&out), ",,,,,[]");
	/* a second load into the same set, and a duplicate name */
	assert_int_equal(tpl_load_string(&set, "u", "{{>t}}!", &err), 0);
	assert_int_equal(tpl_load_string(&set, "u", "x", &err), -1);
	assert_string_equal(buf_cstr(&err), "u: a template of this name is already loaded");
	buf_reset(&out);
	assert_int_equal(tpl_render(set, "u", c, &out), 0);
	assert_string_equal(buf_cstr(&out), "0,five,17,thirty,36,[]!");
	tpl_set_free(set);
	buf_free(&out);
	buf_free(&err);
	arena_free(a);
}

/* html_escape_changes agrees with html_escape on every row of the escaper's table and more. */
static void test_escape_changes(void **state)
{
	(void)state;
	static const char *const texts[] = {"",
					    "plain text",
					    "&",
					    "<",
					    ">",
					    "\"",
					    "'",
					    "Hà Nội",
					    "a&b",
					    "\xcc\xb8x",
					    "a>\xcc\xb8",
					    "\xcc",
					    "\xcc\x80\xcc",
					    "x\xcc\xb8",
					    "/chuyen-muc/tin-tuc/",
					    "Sở Nội vụ tỉnh",
					    "Tin “hay”"};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct buf out = BUF_INIT;
		size_t n = strlen(texts[i]);
		html_escape(&out, texts[i], n);
		bool changed = out.len != n || memcmp(buf_cstr(&out), texts[i], n) != 0;
		if (html_escape_changes(texts[i], n) != changed)
			fail_msg("row %zu (%s): html_escape_changes %d, html_escape changed it %d",
				 i, texts[i], !changed, changed);
		buf_free(&out);
	}
}

/* The escaper against a byte-at-a-time reference on strings of every length up to 100 with the
 * special bytes at every offset (the escaper scans sixteen bytes at a time). */
static void reference_escape(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xcc && i + 1 < n && (unsigned char)s[i + 1] == 0xb8) {
			buf_puts(out, "&#x338;");
			i++;
		} else if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') {
			buf_puts(out, c == '&'   ? "&amp;"
				      : c == '<' ? "&lt;"
				      : c == '>' ? "&gt;"
				      : c == '"' ? "&quot;"
						 : "&#39;");
		} else {
			buf_putc(out, (char)c);
		}
	}
}

static void test_escape_blocks(void **state)
{
	(void)state;
	static const char *const pieces[] = {"a",        "ả",    "&",        "<",    ">", "\"", "'",
					     "\xcc\xb8", "\xcc", "\xcc\x80", "\xb8", " ", "Nội"};
	const size_t np = sizeof(pieces) / sizeof(pieces[0]);
	uint32_t seed = 12345;
	int bad = 0;
	for (int round = 0; round < 4000; round++) {
		struct buf in = BUF_INIT, got = BUF_INIT, want = BUF_INIT;
		size_t len = (size_t)round % 101;
		while (in.len < len) {
			seed = seed * 1103515245u + 12345u;
			/* mostly plain text, so that whole blocks pass without a hit */
			size_t k = (seed >> 16) % (np * 4);
			buf_puts(&in, k < np ? pieces[k] : k % 2 ? "abcdefgh" : "Thời sự");
		}
		html_escape(&got, in.data ? in.data : "", in.len);
		reference_escape(&want, in.data ? in.data : "", in.len);
		bool changes = html_escape_changes(in.data ? in.data : "", in.len);
		bool changed = want.len != in.len;
		if (strcmp(buf_cstr(&got), buf_cstr(&want)) != 0 || changes != changed) {
			if (bad++ < 3)
				print_error("round %d: %s\n   got: %s\n  want: %s (changes %d)\n",
					    round, buf_cstr(&in), buf_cstr(&got), buf_cstr(&want),
					    changes);
		}
		buf_free(&in);
		buf_free(&got);
		buf_free(&want);
	}
	assert_int_equal(bad, 0);
}

/* A sealed tree put into many contexts renders as the same values made in each (escaped where it
 * must be), and a context replacing a shared key leaves the tree as it was. */
static void test_shared_values(void **state)
{
	(void)state;
	struct arena *shared_a = arena_new();
	struct tv *root = tv_obj(shared_a), *words = tv_obj(shared_a);
	tv_str(root, "name", "Sở <Nội> vụ & \"tỉnh\"");
	tv_str(root, "plain", "Hà Nội");
	tv_int(root, "n", 7);
	struct tv *nav = tv_list(root, "nav");
	for (int i = 0; i < 3; i++) {
		struct tv *it = tv_push(nav);
		tv_str(it, "url", i == 1 ? "/a?b=1&c=2" : "/chuyen-muc/x/");
		tv_str(it, "name", i == 2 ? "Tin 'mới'" : "Thời sự");
	}
	tv_push_str(tv_list(words, "days"), "Thứ hai");
	tv_str(words, "format", "<b>");
	tv_seal(root);
	tv_seal(words);
	const char *text = "{{name}}|{{plain}}|{{n}}|{{#nav}}[{{url}} {{name}}]{{/nav}}|"
			   "{{#clock}}{{#days}}{{.}}{{/days}}{{format}} {{text}}{{/clock}}|"
			   "{{name|url}}|{{plain|json}}";
	const char *want = "Sở &lt;Nội&gt; vụ &amp; &quot;tỉnh&quot;|Hà Nội|7|"
			   "[/chuyen-muc/x/ Thời sự][/a?b=1&amp;c=2 Thời sự]"
			   "[/chuyen-muc/x/ Tin &#39;mới&#39;]|Thứ hai&lt;b&gt; 12:00|"
			   "S%E1%BB%9F%20%3CN%E1%BB%99i%3E%20v%E1%BB%A5%20%26%20%22t%E1%BB%89nh%22|"
			   "\"Hà Nội\"";
	struct tpl_set *set = NULL;
	struct buf out = BUF_INIT, err = BUF_INIT;
	assert_int_equal(tpl_load_string(&set, "t", text, &err), 0);
	for (int round = 0; round < 2; round++) {
		struct arena *a = arena_new();
		struct tv *c = tv_obj(a);
		tv_merge(c, root);
		struct tv *clock = tv_child(c, "clock");
		tv_merge(clock, words);
		tv_str(clock, "text", "12:00");
		if (round == 1)
			tv_str(c, "plain", "<replaced>"); /* the page's own: the tree keeps its */
		buf_reset(&out);
		assert_int_equal(tpl_render(set, "t", c, &out), 0);
		if (round == 0)
			assert_string_equal(buf_cstr(&out), want);
		else
			assert_non_null(strstr(buf_cstr(&out), "|&lt;replaced&gt;|"));
		arena_free(a);
	}
	/* the shared tree alone, after both */
	struct arena *a = arena_new();
	struct tv *c = tv_obj(a);
	tv_merge(tv_child(c, "shared"), root);
	tpl_set_free(set);
	set = NULL;
	assert_int_equal(tpl_load_string(&set, "t", "{{shared.plain}} {{shared.name}}", &err), 0);
	buf_reset(&out);
	assert_int_equal(tpl_render(set, "t", c, &out), 0);
	assert_string_equal(buf_cstr(&out), "Hà Nội Sở &lt;Nội&gt; vụ &amp; &quot;tỉnh&quot;");
	arena_free(a);
	tpl_set_free(set);
	buf_free(&out);
	buf_free(&err);
	arena_free(shared_a);
}

/* ---- load errors ---- */

struct err_row {
	const char *text;
	const char *want;
};

static void test_load_errors(void **state)
{
	(void)state;
	static const struct err_row rows[] = {
	    {"a\n{{#a}}\nb", "e:2: section 'a' is not closed"},
	    {"{{#a}}\n{{#b}}\n{{/b}}", "e:1: section 'a' is not closed"},
	    {"x\n\n{{#a}}\n{{#b}}\n{{/a}}", "e:5: {{/a}} closes section 'b' opened at line 4"},
	    {"{{#a}}\n\n{{/b}}", "e:3: {{/b}} closes section 'a' opened at line 1"},
	    {"\n{{/a}}", "e:2: {{/a}} closes no open section"},
	    {"{{^a}}{{/a.b}}", "e:1: {{/a.b}} closes section 'a' opened at line 1"},
	    {"x\n{{a|html}}", "e:2: unknown filter 'html'"},
	    {"{{a|}}", "e:1: unknown filter ''"},
	    {"{{a|url|json}}", "e:1: unknown filter 'url|json'"},
	    {"{{#a|url}}{{/a}}", "e:1: filter 'url' is not allowed in '{{#...}}'"},
	    {"{{&a|json}}", "e:1: filter 'json' is not allowed in '{{&...}}'"},
	    {"\n\n{{}}", "e:3: empty tag '{{}}'"},
	    {"{{  }}", "e:1: empty tag '{{}}'"},
	    {"{{#}}", "e:1: empty tag '{{#}}'"},
	    {"{{>}}", "e:1: empty tag '{{>}}'"},
	    {"a\nb {{c", "e:2: unterminated tag: '{{' without '}}'"},
	    {"{{!\n\nnever closed", "e:1: unterminated tag: '{{' without '}}'"},
	    {"{{a}}\n{{", "e:2: unterminated tag: '{{' without '}}'"},
	    {"\n{{>nothere}}", "e:2: partial 'nothere' does not exist"},
	    {"{{a b}}", "e:1: invalid name 'a b'"},
	    {"{{{a}}}", "e:1: invalid name '{a'"},
	    {"{{a..b}}", "e:1: invalid name 'a..b'"},
	    {"{{.a}}", "e:1: invalid name '.a'"},
	    {"{{a.}}", "e:1: invalid name 'a.'"},
	    {"{{#a/b}}", "e:1: invalid name 'a/b'"},
	    {"{{>.}}", "e:1: invalid name '.'"},
	    {"{{=<% %>=}}", "e:1: invalid name '=<% %>='"},
	    {"{{|url}}", "e:1: invalid name ''"},
	    {"{{a\nb}}\n{{/c}}", "e:1: invalid name 'a\nb'"},
	    {"{{!a\nb}}\n{{/c}}", "e:3: {{/c}} closes no open section"},
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct tpl_set *set = NULL;
		struct buf err = BUF_INIT;
		int rc = tpl_load_string(&set, "e", rows[i].text, &err);
		if (rc != -1 || set != NULL || strcmp(buf_cstr(&err), rows[i].want) != 0) {
			print_error("error row %zu: %s\n   got: %d %s\n  want: %s\n", i,
				    rows[i].text, rc, buf_cstr(&err), rows[i].want);
			bad++;
		}
		tpl_set_free(set);
		buf_free(&err);
	}
	assert_int_equal(bad, 0);
}

/* A failed load into an existing set leaves the set as it was. */
static void test_load_error_keeps_set(void **state)
{
	(void)state;
	struct tpl_set *set = NULL;
	struct buf err = BUF_INIT;
	assert_int_equal(tpl_load_string(&set, "a", "A", &err), 0);
	struct tpl_set *before = set;
	assert_int_equal(tpl_load_string(&set, "b", "{{>zz}}", &err), -1);
	assert_string_equal(buf_cstr(&err), "b:1: partial 'zz' does not exist");
	assert_ptr_equal(set, before);
	assert_false(tpl_exists(set, "b"));
	assert_int_equal(tpl_load_string(&set, "b", "{{>b}}", &err), 0); /* self is known */
	tpl_set_free(set);
	buf_free(&err);
}

/* ---- tpl_load_dir ---- */

static void write_file(const char *dir, const char *name, const char *text)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, name);
	FILE *f = fopen(buf_cstr(&path), "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	buf_free(&path);
}

static void remove_file(const char *dir, const char *name)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, name);
	remove(buf_cstr(&path));
	buf_free(&path);
}

static void test_load_dir(void **state)
{
	(void)state;
	char dir[] = "/tmp/gz-tpl-XXXXXX";
	assert_non_null(mkdtemp(dir));
	/* "page" uses "header", which sorts after it: partials are checked once all are loaded */
	write_file(dir, "page.html",
		   "<body>\n  {{>header}}\n{{#items}}\n  <p>{{name}}</p>\n{{/items}}\n</body>\n");
	write_file(dir, "header.html", "<h1>{{title}}</h1>\n");
	write_file(dir, "notes.txt", "{{#broken");
	write_file(dir, ".hidden.html", "{{#broken");
	struct buf sub = BUF_INIT;
	buf_printf(&sub, "%s/sub.html", dir);
	assert_int_equal(mkdir(buf_cstr(&sub), 0700), 0);

	struct tpl_set *set = NULL;
	struct buf err = BUF_INIT, out = BUF_INIT;
	assert_int_equal(tpl_load_dir(dir, &set, &err), 0);
	assert_true(tpl_exists(set, "page"));
	assert_true(tpl_exists(set, "header"));
	assert_false(tpl_exists(set, "notes"));
	assert_false(tpl_exists(set, "sub"));
	struct arena *a = arena_new();
	struct tv *c = tv_obj(a);
	tv_str(c, "title", "<T>");
	struct tv *items = tv_list(c, "items");
	tv_str(tv_push(items), "name", "a");
	tv_str(tv_push(items), "name", "b");
	assert_int_equal(tpl_render(set, "page", c, &out), 0);
	assert_string_equal(buf_cstr(&out),
			    "<body>\n<h1>&lt;T&gt;</h1>\n  <p>a</p>\n  <p>b</p>\n</body>\n");
	tpl_set_free(set);

	/* errors name the file as dir + "/" + name */
	set = NULL;
	write_file(dir, "zbad.html", "ok\n{{#a}}\n");
	assert_int_equal(tpl_load_dir(dir, &set, &err), -1);
	assert_null(set);
	struct buf want = BUF_INIT;
	buf_printf(&want, "%s/zbad.html:2: section 'a' is not closed", dir);
	assert_string_equal(buf_cstr(&err), buf_cstr(&want));
	remove_file(dir, "zbad.html");

	buf_reset(&err);
	buf_reset(&want);
	write_file(dir, "header.html", "<h1>{{title}}</h1>\n\n{{>footer}}\n");
	assert_int_equal(tpl_load_dir(dir, &set, &err), -1);
	buf_printf(&want, "%s/header.html:3: partial 'footer' does not exist", dir);
	assert_string_equal(buf_cstr(&err), buf_cstr(&want));

	buf_reset(&err);
	assert_int_equal(tpl_load_dir("/nonexistent/gz-tpl", &set, &err), -1);
	assert_string_equal(
	    buf_cstr(&err),
	    "/nonexistent/gz-tpl: cannot open directory: No such file or directory");

	remove_file(dir, "page.html");
	remove_file(dir, "header.html");
	remove_file(dir, "notes.txt");
	remove_file(dir, ".hidden.html");
	rmdir(buf_cstr(&sub));
	rmdir(dir);
	arena_free(a);
	buf_free(&sub);
	buf_free(&want);
	buf_free(&err);
	buf_free(&out);
}

/* ---- kept partials ({{! shared }}, tpl_kept) ---- */

static void render_kept(const struct tpl_set *set, const char *name, const struct tv *ctx,
			struct tpl_kept *kept, struct buf *out)
{
	buf_reset(out);
	assert_int_equal(tpl_render_kept(set, name, ctx, kept, out), 0);
}

static void test_kept_partials(void **state)
{
	(void)state;
	struct tpl_set *set = NULL;
	struct buf err = BUF_INIT, out = BUF_INIT;
	/* the menu is shared: its comment may stand anywhere; "menu2" has an ordinary comment */
	assert_int_equal(tpl_load_string(&set, "menu", "<nav>{{site}}{{! shared }}</nav>\n", &err),
			 0);
	assert_int_equal(tpl_load_string(&set, "menu2", "{{! sharedx }}<i>{{site}}</i>", &err), 0);
	assert_int_equal(
	    tpl_load_string(&set, "foot", "{{! shared }}\n<b>{{site}} {{title}}</b>\n", &err), 0);
	assert_int_equal(
	    tpl_load_string(&set, "page",
			    "{{title}}|{{>menu}}|{{>menu2}}|{{#inner}}{{>foot}}{{/inner}}", &err),
	    0);
	struct arena *sa = arena_new();
	struct tv *shared = tv_obj(sa);
	tv_str(shared, "site", "Sở <A>");
	struct tpl_kept *kept = tpl_kept_new(shared);

	struct arena *a = arena_new();
	struct tv *ctx = tv_obj(a);
	tv_str(ctx, "site", "page's own");
	tv_str(ctx, "title", "T1");
	tv_str(tv_child(ctx, "inner"), "site", "inner's");
	/* without a tpl_kept a shared partial is an ordinary one, in the context where it stands */
	render_kept(set, "page", ctx, NULL, &out);
	assert_string_equal(
	    buf_cstr(&out),
	    "T1|<nav>page&#39;s own</nav>\n|<i>page&#39;s own</i>|<b>inner&#39;s T1</b>\n");
	/* with one, in the tpl_kept's context alone: "title" is not there */
	render_kept(set, "page", ctx, kept, &out);
	assert_string_equal(
	    buf_cstr(&out),
	    "T1|<nav>Sở &lt;A&gt;</nav>\n|<i>page&#39;s own</i>|<b>Sở &lt;A&gt; </b>\n");
	/* rendered once: a change to the context after the first render is not seen */
	tv_str(shared, "site", "changed");
	tv_str(ctx, "title", "T2");
	render_kept(set, "page", ctx, kept, &out);
	assert_string_equal(
	    buf_cstr(&out),
	    "T2|<nav>Sở &lt;A&gt;</nav>\n|<i>page&#39;s own</i>|<b>Sở &lt;A&gt; </b>\n");
	/* another tpl_kept renders them anew */
	struct tpl_kept *other = tpl_kept_new(shared);
	render_kept(set, "page", ctx, other, &out);
	assert_string_equal(buf_cstr(&out),
			    "T2|<nav>changed</nav>\n|<i>page&#39;s own</i>|<b>changed </b>\n");
	tpl_kept_free(other);
	tpl_kept_free(kept);
	tpl_kept_free(NULL);
	arena_free(a);
	arena_free(sa);
	tpl_set_free(set);
	buf_free(&out);
	buf_free(&err);
}

/* More shared partials than a tpl_kept keeps: the rest are rendered each time, the same. */
static void test_kept_many(void **state)
{
	(void)state;
	struct tpl_set *set = NULL;
	struct buf err = BUF_INIT, out = BUF_INIT, page = BUF_INIT, want = BUF_INIT;
	char name[16], text[64];
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof name, "p%d", i);
		snprintf(text, sizeof text, "{{! shared }}[%d {{v}}]", i);
		assert_int_equal(tpl_load_string(&set, name, text, &err), 0);
		buf_printf(&page, "{{>p%d}}", i);
		buf_printf(&want, "[%d x]", i);
	}
	assert_int_equal(tpl_load_string(&set, "page", buf_cstr(&page), &err), 0);
	struct arena *sa = arena_new();
	struct tv *shared = tv_obj(sa);
	tv_str(shared, "v", "x");
	struct tpl_kept *kept = tpl_kept_new(shared);
	for (int round = 0; round < 3; round++) {
		render_kept(set, "page", NULL, kept, &out);
		assert_string_equal(buf_cstr(&out), buf_cstr(&want));
	}
	tpl_kept_free(kept);
	arena_free(sa);
	tpl_set_free(set);
	buf_free(&out);
	buf_free(&page);
	buf_free(&want);
	buf_free(&err);
}

struct kept_run {
	const struct tpl_set *set;
	struct tpl_kept *kept;
	int bad;
};

static void *kept_thread(void *arg)
{
	struct kept_run *k = arg;
	struct buf out = BUF_INIT;
	for (int i = 0; i < 200; i++) {
		buf_reset(&out);
		tpl_render_kept(k->set, "page", NULL, k->kept, &out);
		if (strcmp(buf_cstr(&out), "<a>Menu</a><b>Foot</b>") != 0)
			k->bad++;
	}
	buf_free(&out);
	return NULL;
}

/* Threads sharing one tpl_kept from its first render on all get the same page. */
static void test_kept_threads(void **state)
{
	(void)state;
	struct tpl_set *set = NULL;
	struct buf err = BUF_INIT;
	assert_int_equal(tpl_load_string(&set, "a", "{{! shared }}<a>{{m}}</a>", &err), 0);
	assert_int_equal(tpl_load_string(&set, "b", "{{! shared }}<b>{{f}}</b>", &err), 0);
	assert_int_equal(tpl_load_string(&set, "page", "{{>a}}{{>b}}", &err), 0);
	struct arena *sa = arena_new();
	struct tv *shared = tv_obj(sa);
	tv_str(shared, "m", "Menu");
	tv_str(shared, "f", "Foot");
	tv_seal(shared);
	struct tpl_kept *kept = tpl_kept_new(shared);
	pthread_t th[4];
	struct kept_run run[4];
	for (int i = 0; i < 4; i++) {
		run[i] = (struct kept_run){set, kept, 0};
		assert_int_equal(pthread_create(&th[i], NULL, kept_thread, &run[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(run[i].bad, 0);
	}
	tpl_kept_free(kept);
	arena_free(sa);
	tpl_set_free(set);
	buf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html_escape),       cmocka_unit_test(test_url_encode),
	    cmocka_unit_test(test_json_quote),        cmocka_unit_test(test_header_clean),
	    cmocka_unit_test(test_render_escaping),   cmocka_unit_test(test_many_sections),
	    cmocka_unit_test(test_render_sections),   cmocka_unit_test(test_render_partials),
	    cmocka_unit_test(test_render_standalone), cmocka_unit_test(test_values),
	    cmocka_unit_test(test_load_errors),       cmocka_unit_test(test_load_error_keeps_set),
	    cmocka_unit_test(test_load_dir),          cmocka_unit_test(test_escape_changes),
	    cmocka_unit_test(test_shared_values),     cmocka_unit_test(test_escape_blocks),
	    cmocka_unit_test(test_kept_partials),     cmocka_unit_test(test_kept_many),
	    cmocka_unit_test(test_kept_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
