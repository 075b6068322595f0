/* Reads and writes one article of the JSON Lines import/export format (DESIGN.md section 7). */
#include "io/jsonl.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vi/vi.h"

#define TITLE_MAX 1000 /* limits in code points, after NFC and trimming */
#define LEAD_MAX 5000
#define NAME_MAX 200 /* author, signature, source, one category name */
#define TAG_MAX 100
#define IMAGE_SRC_MAX 1000
#define TAGS_MAX 50
#define CATEGORY_DEPTH_MAX 10
#define BODY_MAX (2u * 1024 * 1024) /* bytes, before sanitising */
#define ECHO_MAX 60                 /* characters of any input value repeated in an error */

struct ctx {
	struct arena *a;
	struct article_in *out;
	struct buf *err;
	struct buf tmp;
};

struct field;
/* v is NULL when the field is absent (or null, for optional fields). */
typedef int (*field_fn)(struct ctx *c, const struct field *f, json_t *v);

struct field {
	const char *name;
	field_fn parse;
	size_t max;    /* code points of a text field, or of one item of a list */
	size_t offset; /* text fields: where the result goes in struct article_in */
	bool required;
};

/* ---- UTF-8 helpers ---- */

/* Returns the length of the valid UTF-8 sequence at s[0..n) and its code point in *cp, or 0. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (n == 0)
		return 0;
	size_t len = s[0] < 0x80   ? 1
		     : s[0] < 0xc2 ? 0
		     : s[0] < 0xe0 ? 2
		     : s[0] < 0xf0 ? 3
		     : s[0] < 0xf5 ? 4
				   : 0;
	if (len == 0 || len > n)
		return 0;
	uint32_t c = len == 1 ? s[0] : s[0] & (0x7fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3fu);
	}
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Unicode White_Space. */
static bool is_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
	       c == 0x205f || c == 0x3000;
}

/* Narrows valid UTF-8 s[*start..*end) by the white space at both ends. */
static void trim(const char *s, size_t *start, size_t *end)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t n;
	while (*start < *end && (n = utf8_next(u + *start, *end - *start, &cp)) && is_space(cp))
		*start += n;
	while (*end > *start) {
		size_t last = *end - 1;
		while (last > *start && (u[last] & 0xc0) == 0x80)
			last--;
		if (!utf8_next(u + last, *end - last, &cp) || !is_space(cp))
			break;
		*end = last;
	}
}

static size_t count_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

/* Control characters and bidirectional overrides, which must not reach a terminal from an error. */
static bool is_unsafe(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069);
}

/*
 * Appends at most max characters of s[0..n) for an error message: control characters, invalid bytes
 * and the quote character around it (' or ", or 0) escaped; inside "" also backslashes, as in JSON;
 * "..." when cut short.
 */
static void put_excerpt(struct buf *b, const char *s, size_t n, size_t max, char quote)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	for (size_t k = 0; i < n && k < max; k++) {
		uint32_t cp;
		size_t len = utf8_next(u + i, n - i, &cp);
		if (len == 0)
			buf_printf(b, "\\x%02x", u[i++]);
		else if (is_unsafe(cp))
			buf_printf(b, "\\u%04x", (unsigned)cp);
		else if (cp == (uint32_t)quote || (cp == '\\' && quote == '"'))
			buf_printf(b, "\\%c", (char)cp);
		else
			buf_append(b, s + i, len);
		i += len;
	}
	if (i < n)
		buf_puts(b, "...");
}

/* ---- errors ---- */

__attribute__((format(printf, 2, 3))) static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(c->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* Jansson's text ends in "near 'TOKEN'", which quotes the input: shorten and escape that part. */
static int fail_json(struct ctx *c, const json_error_t *e)
{
	const char *near = strstr(e->text, " near '");
	size_t head = near ? (size_t)(near - e->text) : strlen(e->text);
	buf_printf(c->err, "invalid JSON at column %d: ", e->column);
	put_excerpt(c->err, e->text, head, ECHO_MAX, 0);
	if (near) {
		const char *tok = near + strlen(" near '");
		size_t n = strlen(tok);
		if (n > 0 && tok[n - 1] == '\'')
			n--;
		buf_puts(c->err, " near '");
		put_excerpt(c->err, tok, n, ECHO_MAX, '\'');
		buf_putc(c->err, '\'');
	}
	return -1;
}

/* ---- values ---- */

/*
 * Normalises the JSON string v (NFC, trimmed) into the arena as *res and checks its length in code
 * points. what names it in errors: "field 'title'" or "field 'tags' item 3".
 */
static int text_value(struct ctx *c, const char *what, json_t *v, size_t max, bool nonempty,
		      const char **res)
{
	buf_reset(&c->tmp);
	if (vi_nfc(json_string_value(v), json_string_length(v), &c->tmp) != 0)
		return fail(c, "%s is not valid UTF-8", what);
	size_t start = 0, end = c->tmp.len;
	trim(buf_cstr(&c->tmp), &start, &end);
	if (nonempty && start == end)
		return fail(c, "%s is empty", what);
	if (count_chars(buf_cstr(&c->tmp) + start, end - start) > max)
		return fail(c, "%s is longer than %zu characters", what, max);
	/* Control characters have no place in text; only the lead may break lines. */
	bool multiline = max == LEAD_MAX;
	for (size_t i = start; i < end; i++) {
		unsigned char ch = (unsigned char)c->tmp.data[i];
		if ((ch < 0x20 || ch == 0x7f) && !(multiline && (ch == '\n' || ch == '\t')))
			return fail(c, "%s contains a control character (U+%04X)", what, ch);
	}
	*res = arena_strndup(c->a, buf_cstr(&c->tmp) + start, end - start);
	return 0;
}

static int parse_text(struct ctx *c, const struct field *f, json_t *v)
{
	const char **res = (const char **)(void *)((char *)c->out + f->offset);
	*res = "";
	if (!v)
		return f->required ? fail(c, "field '%s' is missing", f->name) : 0;
	if (!json_is_string(v))
		return fail(c, "field '%s' must be a string", f->name);
	char what[64];
	snprintf(what, sizeof(what), "field '%s'", f->name);
	return text_value(c, what, v, f->max, f->required, res);
}

static int parse_id(struct ctx *c, const struct field *f, json_t *v)
{
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return fail(c, "field '%s' must be a positive integer", f->name);
	if (json_integer_value(v) > JSONL_ID_MAX)
		return fail(
		    c, "field '%s' must be at most %lld (2^53 - 1, exact in every JSON client)",
		    f->name, (long long)JSONL_ID_MAX);
	c->out->has_id = true;
	c->out->id = json_integer_value(v);
	return 0;
}

static int parse_views(struct ctx *c, const struct field *f, json_t *v)
{
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return fail(c, "field '%s' must be a non-negative integer", f->name);
	c->out->has_views = true;
	c->out->views = json_integer_value(v);
	return 0;
}

static void free_safe_html(void *p)
{
	safe_html_free(p);
}

static int parse_body(struct ctx *c, const struct field *f, json_t *v)
{
	if (!v)
		return fail(c, "field '%s' is missing", f->name);
	if (!json_is_string(v))
		return fail(c, "field '%s' must be a string", f->name);
	if (json_string_length(v) > f->max)
		return fail(c, "field '%s' is larger than %zu MB", f->name, f->max >> 20);
	struct safe_html *h = NULL;
	if (sanitize_html(json_string_value(v), json_string_length(v), &h) != 0)
		return fail(c, "field '%s' is not valid UTF-8", f->name);
	arena_on_free(c->a, free_safe_html, h); /* *out may not outlive the arena */
	c->out->body = h;
	return 0;
}

/*
 * Reads the strings of array v into a new arena array of at most limit, dropping duplicates when
 * dedupe is set. Returns 0, -1 with the reason in err, or -2 when an item is not a string (the
 * caller words it).
 */
static int string_list(struct ctx *c, const struct field *f, json_t *v, size_t limit, bool dedupe,
		       const char ***res, size_t *nres)
{
	size_t cap = json_array_size(v) < limit ? json_array_size(v) : limit;
	const char **list = arena_alloc(c->a, (cap + 1) * sizeof(*list));
	size_t n = 0, i;
	json_t *item;
	json_array_foreach(v, i, item)
	{
		if (!json_is_string(item))
			return -2;
		char what[64];
		const char *s;
		snprintf(what, sizeof(what), "field '%s' item %zu", f->name, i + 1);
		if (text_value(c, what, item, f->max, true, &s) != 0)
			return -1;
		bool seen = false;
		for (size_t k = 0; dedupe && k < n && !seen; k++)
			seen = strcmp(list[k], s) == 0;
		if (seen)
			continue;
		if (n == limit)
			return fail(c, "field '%s' has more than %zu %s", f->name, limit,
				    dedupe ? "different tags" : "names");
		list[n++] = s;
	}
	*res = list;
	*nres = n;
	return 0;
}

static int parse_category(struct ctx *c, const struct field *f, json_t *v)
{
	c->out->category = arena_alloc(c->a, sizeof(*c->out->category));
	if (!v)
		return fail(c, "field '%s' is missing", f->name);
	int rc = -2;
	if (json_is_array(v) && json_array_size(v) > 0)
		rc = string_list(c, f, v, CATEGORY_DEPTH_MAX, false, &c->out->category,
				 &c->out->ncategory);
	if (rc == -2)
		return fail(c, "field '%s' must be a non-empty array of strings", f->name);
	return rc;
}

static int parse_tags(struct ctx *c, const struct field *f, json_t *v)
{
	c->out->tags = arena_alloc(c->a, sizeof(*c->out->tags));
	if (!v)
		return 0;
	int rc = -2;
	if (json_is_array(v))
		rc = string_list(c, f, v, TAGS_MAX, true, &c->out->tags, &c->out->ntags);
	if (rc == -2)
		return fail(c, "field '%s' must be an array of strings", f->name);
	return rc;
}

/* A featured image's address: a path of the media library or an absolute http(s) URL, with no
 * character that could leave an attribute. */
static bool image_src_ok(const char *s)
{
	bool local = strncmp(s, "/media/", 7) == 0 && !strstr(s, "..");
	bool remote = strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
	return (local || remote) && !strpbrk(s, " \"'<>\\`");
}

static int parse_image(struct ctx *c, const struct field *f, json_t *v)
{
	struct article_in *o = c->out;
	o->image_src = o->image_alt = o->image_caption = "";
	if (!v)
		return 0;
	if (!json_is_object(v))
		return fail(c, "field '%s' must be an object {\"src\", \"alt\", \"caption\"}",
			    f->name);
	static const char *const keys[] = {"src", "alt", "caption"};
	const char **dst[] = {&o->image_src, &o->image_alt, &o->image_caption};
	const char *key;
	json_t *m;
	json_object_foreach(v, key, m)
	{
		size_t i = 0;
		while (i < 3 && strcmp(keys[i], key) != 0)
			i++;
		if (i == 3) {
			buf_puts(c->err, "unknown member '");
			put_excerpt(c->err, key, strlen(key), ECHO_MAX, '\'');
			return fail(c, "' in field '%s'", f->name);
		}
		if (!json_is_string(m))
			return fail(c, "field '%s' member '%s' must be a string", f->name, key);
		char what[64];
		snprintf(what, sizeof what, "field '%s' member '%s'", f->name, key);
		if (text_value(c, what, m, i == 0 ? IMAGE_SRC_MAX : NAME_MAX, i == 0, dst[i]) != 0)
			return -1;
	}
	if (!*o->image_src)
		return fail(c, "field '%s' member 'src' is missing", f->name);
	if (!image_src_ok(o->image_src))
		return fail(c, "field '%s' member 'src' must be a /media/ path or an http(s) URL",
			    f->name);
	return 0;
}

static int parse_published_at(struct ctx *c, const struct field *f, json_t *v)
{
	if (!v)
		return 0;
	if (!json_is_string(v))
		return fail(c, "field '%s' must be a string", f->name);
	if (vi_parse_rfc3339(json_string_value(v), &c->out->published_at) != 0) {
		buf_printf(c->err, "field '%s' is not an RFC 3339 time with offset: \"", f->name);
		put_excerpt(c->err, json_string_value(v), json_string_length(v), ECHO_MAX, '"');
		return fail(c, "\"");
	}
	c->out->has_published_at = true;
	return 0;
}

static int parse_status(struct ctx *c, const struct field *f, json_t *v)
{
	c->out->published = true;
	if (!v)
		return 0;
	const char *s = json_is_string(v) ? json_string_value(v) : "";
	if (strcmp(s, "draft") == 0)
		c->out->published = false;
	else if (strcmp(s, "published") != 0)
		return fail(c, "field '%s' must be \"published\" or \"draft\"", f->name);
	return 0;
}

#define TEXT(name, max, required)                                                                  \
	{                                                                                          \
#name, parse_text, max, offsetof(struct article_in, name), required                \
	}

/* The fields in the order export writes them. */
static const struct field fields[] = {
    {"id", parse_id, 0, 0, false},
    TEXT(title, TITLE_MAX, true),
    TEXT(lead, LEAD_MAX, false),
    {"body_html", parse_body, BODY_MAX, 0, true},
    {"category", parse_category, NAME_MAX, 0, true},
    TEXT(author, NAME_MAX, false),
    TEXT(signature, NAME_MAX, false),
    TEXT(source, NAME_MAX, false),
    {"published_at", parse_published_at, 0, 0, false},
    {"status", parse_status, 0, 0, false},
    {"views", parse_views, 0, 0, false},
    {"tags", parse_tags, TAG_MAX, 0, false},
    {"image", parse_image, IMAGE_SRC_MAX, 0, false},
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static const struct field *find_field(const char *name)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

/* Unknown fields are errors: a misspelt optional field would otherwise be lost without a word. */
static int check_keys(struct ctx *c, json_t *o)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		if (!find_field(key)) {
			buf_puts(c->err, "unknown field '");
			put_excerpt(c->err, key, strlen(key), ECHO_MAX, '\'');
			return fail(c, "'");
		}
	}
	return 0;
}

static int parse_object(struct ctx *c, json_t *o)
{
	if (check_keys(c, o) != 0)
		return -1;
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		json_t *v = json_object_get(o, f->name);
		if (v && json_is_null(v) && !f->required)
			v = NULL;
		if (f->parse(c, f, v) != 0)
			return -1;
	}
	if (c->out->published && !c->out->has_published_at)
		return fail(c, "field 'published_at' is missing (required when status is "
			       "\"published\")");
	if (c->out->published && *c->out->image_src && !*c->out->image_alt)
		return fail(c, "field 'image' member 'alt' is missing (an image needs its text "
			       "alternative before the article is published)");
	return 0;
}

static bool is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

int jsonl_parse_article(const char *line, size_t len, struct arena *a, struct article_in *out,
			struct buf *err)
{
	struct ctx c = {a, out, err, BUF_INIT};
	memset(out, 0, sizeof(*out));
	if (is_blank(line, len))
		return fail(&c, "line is empty");
	json_error_t e;
	json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	int rc = -1;
	if (!o)
		rc = fail_json(&c, &e);
	else if (!json_is_object(o))
		rc = fail(&c, "line is not a JSON object");
	else
		rc = parse_object(&c, o);
	json_decref(o);
	buf_free(&c.tmp);
	return rc;
}

/* ---- writing ---- */

static json_t *must(json_t *j)
{
	if (!j)
		abort(); /* out of memory, as buf does */
	return j;
}

static void set(json_t *o, const char *key, json_t *v)
{
	if (json_object_set_new(o, key, must(v)) != 0)
		abort();
}

/* A JSON string of s; invalid UTF-8 (which the store should never hold) becomes U+FFFD. */
static json_t *str(const char *s)
{
	json_t *j = json_string(s ? s : "");
	if (j)
		return j;
	struct buf b = BUF_INIT;
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_next(u + i, n - i, &cp);
		buf_append(&b, len ? s + i : "\xef\xbf\xbd", len ? len : 3);
		i += len ? len : 1;
	}
	j = must(json_string(buf_cstr(&b)));
	buf_free(&b);
	return j;
}

static void set_optional(json_t *o, const char *key, const char *s)
{
	if (s && *s)
		set(o, key, str(s));
}

static json_t *str_array(const char *const *list, size_t n)
{
	json_t *arr = must(json_array());
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(arr, str(list[i])) != 0)
			abort();
	return arr;
}

static int append_to_buf(const char *p, size_t n, void *data)
{
	buf_append(data, p, n);
	return 0;
}

void jsonl_write_article(struct buf *out, const struct article_out *a, const char *tz)
{
	json_t *o = must(json_object());
	set(o, "id", json_integer(a->id));
	set(o, "title", str(a->title));
	set_optional(o, "lead", a->lead);
	set(o, "body_html", str(a->body_html));
	set(o, "category", str_array(a->category, a->ncategory));
	set_optional(o, "author", a->author);
	set_optional(o, "signature", a->signature);
	set_optional(o, "source", a->source);
	if (a->has_published_at) {
		struct buf t = BUF_INIT;
		vi_format_rfc3339(&t, a->published_at, tz);
		set(o, "published_at", str(buf_cstr(&t)));
		buf_free(&t);
	}
	set(o, "status", json_string(a->published ? "published" : "draft"));
	set(o, "views", json_integer(a->views));
	if (a->ntags > 0)
		set(o, "tags", str_array(a->tags, a->ntags));
	if (a->image_src && *a->image_src) {
		json_t *img = must(json_object());
		set(img, "src", str(a->image_src));
		set(img, "alt", str(a->image_alt ? a->image_alt : ""));
		set(img, "caption", str(a->image_caption ? a->image_caption : ""));
		set(o, "image", img);
	}
	json_dump_callback(o, append_to_buf, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	buf_putc(out, '\n');
}
