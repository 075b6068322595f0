/* WXR reader: libxml2's xmlTextReader walks the export; one item is held at a time. */
#include "import/wxr.h"

#include <libxml/xmlreader.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define WXR_TEXT_MAX (64u << 20) /* one element's text; libxml2 itself stops at 10 MB */
#define WXR_LIST_MAX 10000       /* terms or postmeta of one item */
#define NAME_MAX_LEN 64

/* Namespaces, by URI without its scheme (http:// and https:// both occur: WordPress.com writes
 * https), and the prefix WordPress gives them. */
static const struct {
	const char *uri, *prefix;
} namespaces[] = {
    {"wordpress.org/export/1.2/", "wp"},
    {"wordpress.org/export/1.1/", "wp"},
    {"wordpress.org/export/1.0/", "wp"},
    {"purl.org/rss/1.0/modules/content/", "content"},
    {"wordpress.org/export/1.2/excerpt/", "excerpt"},
    {"wordpress.org/export/1.1/excerpt/", "excerpt"},
    {"wordpress.org/export/1.0/excerpt/", "excerpt"},
    {"purl.org/dc/elements/1.1/", "dc"},
};

static const char *const item_fields[WXR_FIELD_MAX] = {
    "title",
    "link",
    "pubDate",
    "dc:creator",
    "guid",
    "content:encoded",
    "excerpt:encoded",
    "wp:post_id",
    "wp:post_date",
    "wp:post_date_gmt",
    "wp:post_name",
    "wp:status",
    "wp:post_type",
    "wp:post_parent",
    "wp:attachment_url",
    "wp:is_sticky",
    "wp:menu_order",
    "wp:post_password",
};

enum block { B_NONE, B_AUTHOR, B_TERM, B_POSTMETA, B_COMMENT, B_IGNORED };

/* Fields of a channel-level author or term, by element name. */
enum { K_ID, K_LOGIN, K_EMAIL, K_DISPLAY, K_FIRST, K_LAST, K_MAX_AUTHOR };
enum { T_ID, T_SLUG, T_PARENT, T_NAME, T_DESC, T_TAXONOMY, T_MAX_TERM };
static const struct {
	const char *name;
	int slot;
} author_fields[] = {{"wp:author_id", K_ID},
		     {"wp:author_login", K_LOGIN},
		     {"wp:author_email", K_EMAIL},
		     {"wp:author_display_name", K_DISPLAY},
		     {"wp:author_first_name", K_FIRST},
		     {"wp:author_last_name", K_LAST}},
  term_fields[] = {{"wp:term_id", T_ID},
		   {"wp:category_nicename", T_SLUG},
		   {"wp:tag_slug", T_SLUG},
		   {"wp:term_slug", T_SLUG},
		   {"wp:category_parent", T_PARENT},
		   {"wp:term_parent", T_PARENT},
		   {"wp:cat_name", T_NAME},
		   {"wp:tag_name", T_NAME},
		   {"wp:term_name", T_NAME},
		   {"wp:category_description", T_DESC},
		   {"wp:tag_description", T_DESC},
		   {"wp:term_description", T_DESC},
		   {"wp:term_taxonomy", T_TAXONOMY}};

struct reader {
	xmlTextReaderPtr r;
	const struct wxr_handler *h;
	const char *label;
	struct buf *err;
	bool saw_rss, saw_version, in_item, failed, rss_closed;
	unsigned item_seen; /* the item's fields already read, by bit */
	enum block block;
	char term_kind[16];
	struct buf text;
	struct buf slot[8]; /* an author's or term's fields */
	struct buf meta_key, meta_value, base_site, base_blog;
	char *cat_domain, *cat_slug; /* attributes of the open <category> */
	struct wxr_item item;
};

const char *wxr_text(const struct wxr_item *it, enum wxr_field f)
{
	return f < WXR_FIELD_MAX ? buf_cstr(&it->f[f]) : "";
}

const char *wxr_meta(const struct wxr_item *it, const char *key)
{
	for (size_t i = 0; i < it->nmeta; i++)
		if (strcmp(it->meta[i].key, key) == 0)
			return it->meta[i].value;
	return NULL;
}

/* Records the first error as "LABEL:LINE: reason". Returns -1. */
static int fail_at(struct reader *rd, long line, const char *reason)
{
	if (!rd->failed) {
		buf_reset(rd->err);
		buf_printf(rd->err, "%s:%ld: %s", rd->label, line, reason);
		rd->failed = true;
	}
	return -1;
}

/* The line of the current node; the parser's own position (which may be ahead, past what it
 * buffered) only when the node has none or is beyond what a node records. */
static long cur_line(struct reader *rd)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(rd->r);
	long line = n ? xmlGetLineNo(n) : -1;
	return line > 0 && line < 65535 ? line : xmlTextReaderGetParserLineNumber(rd->r);
}

/* A namespace error (a prefix bound to an URI libxml2 finds invalid, such as one with non-ASCII
 * letters) leaves the document well-formed, as PHP's parsers (and WordPress) read it: only
 * well-formedness errors stop the reading. */
static void on_xml_error(void *arg, xmlErrorPtr e)
{
	struct reader *rd = arg;
	if (e->level < XML_ERR_ERROR || e->domain == XML_FROM_NAMESPACE)
		return;
	const char *msg = e->message ? e->message : "";
	char reason[256];
	size_t n = 0;
	while (msg[n] && msg[n] != '\n' && n + 1 < sizeof reason) {
		reason[n] = msg[n];
		n++;
	}
	reason[n] = '\0';
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "not well-formed XML: %s", reason);
	/* A file that ends before <rss> is closed was cut short (libxml2's reader often says
	 * "Extra content at the end of the document" then, which sends one looking elsewhere). */
	if (rd->saw_rss && !rd->rss_closed &&
	    (e->code == XML_ERR_DOCUMENT_END || e->code == XML_ERR_TAG_NOT_FINISHED))
		buf_puts(&tmp, " (the file ends before its <rss> is closed: is it cut short, a "
			       "download or copy that stopped?)");
	fail_at(rd, e->line, buf_cstr(&tmp));
	buf_free(&tmp);
}

/* "prefix:local" with WordPress's prefixes whatever the file calls them. */
static void canonical_name(xmlTextReaderPtr r, char *out, size_t cap)
{
	const char *local = (const char *)xmlTextReaderConstLocalName(r);
	const char *uri = (const char *)xmlTextReaderConstNamespaceUri(r);
	const char *prefix = NULL, *bare = uri;
	if (bare && strncmp(bare, "http://", 7) == 0)
		bare += 7;
	else if (bare && strncmp(bare, "https://", 8) == 0)
		bare += 8;
	for (size_t i = 0; bare && i < sizeof namespaces / sizeof namespaces[0]; i++)
		if (strcmp(bare, namespaces[i].uri) == 0)
			prefix = namespaces[i].prefix;
	if (uri && !prefix)
		prefix = "?";
	snprintf(out, cap, "%s%s%s", prefix ? prefix : "", prefix ? ":" : "", local ? local : "");
}

static void item_reset(struct wxr_item *it)
{
	for (int i = 0; i < WXR_FIELD_MAX; i++)
		buf_reset(&it->f[i]);
	for (size_t i = 0; i < it->nterms; i++) {
		free(it->terms[i].domain);
		free(it->terms[i].slug);
		free(it->terms[i].name);
	}
	for (size_t i = 0; i < it->nmeta; i++) {
		free(it->meta[i].key);
		free(it->meta[i].value);
	}
	it->nterms = it->nmeta = 0;
	it->comments = 0;
}

static void item_free(struct wxr_item *it)
{
	item_reset(it);
	for (int i = 0; i < WXR_FIELD_MAX; i++)
		buf_free(&it->f[i]);
	free(it->terms);
	free(it->meta);
}

static char *attr(xmlTextReaderPtr r, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	char *s = xstrdup(v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

/* Start of an element at depth d. */
static int on_start(struct reader *rd, const char *name, int d)
{
	buf_reset(&rd->text);
	if (d == 0) {
		if (strcmp(name, "rss") != 0)
			return fail_at(rd, cur_line(rd), "not a WordPress export: no <rss> root");
		rd->saw_rss = true;
	} else if (d == 2 && strcmp(name, "item") == 0) {
		item_reset(&rd->item);
		rd->item_seen = 0;
		rd->in_item = true;
		rd->item.line = cur_line(rd);
	} else if (d == 2 && strcmp(name, "wp:author") == 0) {
		rd->block = B_AUTHOR;
	} else if (d == 2 && (strcmp(name, "wp:category") == 0 || strcmp(name, "wp:tag") == 0 ||
			      strcmp(name, "wp:term") == 0)) {
		rd->block = B_TERM;
		snprintf(rd->term_kind, sizeof rd->term_kind, "%s",
			 strcmp(name, "wp:category") == 0 ? "category"
			 : strcmp(name, "wp:tag") == 0    ? "post_tag"
							  : "");
	}
	if (d == 2 && (rd->block == B_AUTHOR || rd->block == B_TERM))
		for (int i = 0; i < 8; i++)
			buf_reset(&rd->slot[i]);
	if (d == 3 && rd->in_item) {
		if (strcmp(name, "wp:postmeta") == 0) {
			rd->block = B_POSTMETA;
			buf_reset(&rd->meta_key);
			buf_reset(&rd->meta_value);
		} else if (strcmp(name, "wp:comment") == 0) {
			rd->block = B_COMMENT;
			rd->item.comments++;
		} else if (strcmp(name, "category") == 0) {
			free(rd->cat_domain);
			free(rd->cat_slug);
			rd->cat_domain = attr(rd->r, "domain");
			rd->cat_slug = attr(rd->r, "nicename");
		}
	}
	return 0;
}

/* Moves the collected text into b (the text buffer is emptied). */
static void take_text(struct reader *rd, struct buf *b)
{
	struct buf t = *b;
	*b = rd->text;
	rd->text = t;
	buf_reset(&rd->text);
}

/* Drops the white space around b's text: ids, logins, slugs and states are written by hand in
 * some exports with their closing tag on the next line. */
static void trim(struct buf *b)
{
	size_t start = 0, end = b->len;
	while (start < end && strchr(" \t\r\n", b->data[start]))
		start++;
	while (end > start && strchr(" \t\r\n", b->data[end - 1]))
		end--;
	if (start > 0 && end > start)
		memmove(b->data, b->data + start, end - start);
	b->len = end - start;
	if (b->data)
		b->data[b->len] = '\0';
}

static void take_trimmed(struct reader *rd, struct buf *b)
{
	take_text(rd, b);
	trim(b);
}

/* Moves the text into field f of the item: the first element of that name wins (a second one
 * bound to WordPress's namespace under another prefix does not replace it), and every field but
 * the title, the body and the excerpt is trimmed. */
static void take_field(struct reader *rd, int f)
{
	if (rd->item_seen & (1u << f)) {
		buf_reset(&rd->text);
		return;
	}
	rd->item_seen |= 1u << f;
	if (f == WXR_TITLE || f == WXR_CONTENT || f == WXR_EXCERPT)
		take_text(rd, &rd->item.f[f]);
	else
		take_trimmed(rd, &rd->item.f[f]);
}

static int push_term(struct reader *rd)
{
	struct wxr_item *it = &rd->item;
	if (it->nterms >= WXR_LIST_MAX)
		return fail_at(rd, cur_line(rd), "too many categories and tags on one item");
	if (it->nterms == it->terms_cap) {
		it->terms_cap = it->terms_cap ? it->terms_cap * 2 : 8;
		it->terms = xrealloc(it->terms, it->terms_cap * sizeof *it->terms);
	}
	struct wxr_item_term *t = &it->terms[it->nterms++];
	t->domain = rd->cat_domain ? rd->cat_domain : xstrdup("category");
	t->slug = rd->cat_slug ? rd->cat_slug : xstrdup("");
	trim(&rd->text);
	t->name = xstrdup(buf_cstr(&rd->text));
	rd->cat_domain = rd->cat_slug = NULL;
	return 0;
}

static int push_meta(struct reader *rd)
{
	struct wxr_item *it = &rd->item;
	if (it->nmeta >= WXR_LIST_MAX)
		return fail_at(rd, cur_line(rd), "too many postmeta on one item");
	if (it->nmeta == it->meta_cap) {
		it->meta_cap = it->meta_cap ? it->meta_cap * 2 : 8;
		it->meta = xrealloc(it->meta, it->meta_cap * sizeof *it->meta);
	}
	it->meta[it->nmeta].key = xstrdup(buf_cstr(&rd->meta_key));
	it->meta[it->nmeta].value = xstrdup(buf_cstr(&rd->meta_value));
	it->nmeta++;
	return 0;
}

/* True when s is a decimal number 1..2^62. */
static bool positive_id(const char *s)
{
	size_t n = strspn(s, "0123456789");
	return n > 0 && n <= 18 && s[n] == '\0' && strspn(s, "0") < n;
}

static int call(struct reader *rd, long line, int rc)
{
	if (rc == 0)
		return 0;
	struct buf why = BUF_INIT;
	buf_puts(&why, rd->err->len ? buf_cstr(rd->err) : "refused");
	fail_at(rd, line, buf_cstr(&why));
	buf_free(&why);
	return -1;
}

static int end_item(struct reader *rd)
{
	struct wxr_item *it = &rd->item;
	rd->in_item = false;
	if (!positive_id(wxr_text(it, WXR_POST_ID)))
		return fail_at(rd, it->line, "item without a valid <wp:post_id>");
	if (!*wxr_text(it, WXR_POST_TYPE))
		return fail_at(rd, it->line, "item without <wp:post_type>");
	if (!rd->h->item)
		return 0;
	buf_reset(rd->err);
	return call(rd, it->line, rd->h->item(rd->h->ctx, it, rd->err));
}

static int end_block(struct reader *rd)
{
	long line = cur_line(rd);
	enum block b = rd->block;
	rd->block = B_NONE;
	buf_reset(rd->err);
	if (b == B_AUTHOR && rd->h->author) {
		struct wxr_author a = {
		    buf_cstr(&rd->slot[K_ID]),
		    buf_cstr(&rd->slot[K_LOGIN]),
		    buf_cstr(&rd->slot[K_EMAIL]),
		    buf_cstr(&rd->slot[K_DISPLAY]),
		    buf_cstr(&rd->slot[K_FIRST]),
		    buf_cstr(&rd->slot[K_LAST]),
		    line,
		};
		if (!*a.login)
			return fail_at(rd, line, "<wp:author> without <wp:author_login>");
		return call(rd, line, rd->h->author(rd->h->ctx, &a, rd->err));
	}
	if (b == B_TERM && rd->h->term) {
		const char *kind =
		    rd->term_kind[0] ? rd->term_kind : buf_cstr(&rd->slot[T_TAXONOMY]);
		struct wxr_term t = {
		    kind,
		    buf_cstr(&rd->slot[T_ID]),
		    buf_cstr(&rd->slot[T_SLUG]),
		    buf_cstr(&rd->slot[T_PARENT]),
		    buf_cstr(&rd->slot[T_NAME]),
		    buf_cstr(&rd->slot[T_DESC]),
		    line,
		};
		if (!*t.slug)
			return fail_at(rd, line, "a category or tag without a slug");
		return call(rd, line, rd->h->term(rd->h->ctx, &t, rd->err));
	}
	return 0;
}

static void block_field(struct reader *rd, const char *name)
{
	if (rd->block == B_AUTHOR) {
		for (size_t i = 0; i < sizeof author_fields / sizeof author_fields[0]; i++)
			if (strcmp(name, author_fields[i].name) == 0)
				take_trimmed(rd, &rd->slot[author_fields[i].slot]);
	} else if (rd->block == B_TERM) {
		for (size_t i = 0; i < sizeof term_fields / sizeof term_fields[0]; i++)
			if (strcmp(name, term_fields[i].name) == 0)
				take_trimmed(rd, &rd->slot[term_fields[i].slot]);
	}
}

/* End of an element at depth d (also called for empty elements). */
static int on_end(struct reader *rd, const char *name, int d)
{
	if (d == 0)
		rd->rss_closed = true;
	if (d == 2 && rd->in_item && strcmp(name, "item") == 0)
		return end_item(rd);
	if (d == 2 && (rd->block == B_AUTHOR || rd->block == B_TERM))
		return end_block(rd);
	if (d == 2) {
		if (strcmp(name, "wp:wxr_version") == 0)
			rd->saw_version = true;
		else if (strcmp(name, "wp:base_site_url") == 0)
			take_trimmed(rd, &rd->base_site);
		else if (strcmp(name, "wp:base_blog_url") == 0)
			take_trimmed(rd, &rd->base_blog);
		return 0;
	}
	if (d == 3 && rd->in_item) {
		if (rd->block == B_POSTMETA || rd->block == B_COMMENT) {
			bool meta = rd->block == B_POSTMETA && strcmp(name, "wp:postmeta") == 0;
			rd->block = B_NONE;
			return meta ? push_meta(rd) : 0;
		}
		if (strcmp(name, "category") == 0)
			return push_term(rd);
		for (int i = 0; i < WXR_FIELD_MAX; i++)
			if (strcmp(name, item_fields[i]) == 0)
				take_field(rd, i);
		return 0;
	}
	if (d == 3)
		block_field(rd, name);
	else if (d == 4 && rd->block == B_POSTMETA && strcmp(name, "wp:meta_key") == 0)
		take_trimmed(rd, &rd->meta_key);
	else if (d == 4 && rd->block == B_POSTMETA && strcmp(name, "wp:meta_value") == 0)
		take_text(rd, &rd->meta_value);
	return 0;
}

static int on_channel_start(struct reader *rd)
{
	if (!rd->h->channel)
		return 0;
	buf_reset(rd->err);
	return call(rd, cur_line(rd),
		    rd->h->channel(rd->h->ctx, buf_cstr(&rd->base_site), buf_cstr(&rd->base_blog),
				   rd->err));
}

static int step(struct reader *rd, bool *channel_told)
{
	char name[NAME_MAX_LEN];
	int type = xmlTextReaderNodeType(rd->r), d = xmlTextReaderDepth(rd->r);
	if (type == XML_READER_TYPE_ELEMENT) {
		canonical_name(rd->r, name, sizeof name);
		/* The channel's settings come before its first author, term or item. */
		if (d == 2 && !*channel_told &&
		    (strcmp(name, "item") == 0 || strncmp(name, "wp:", 3) == 0) &&
		    strcmp(name, "wp:wxr_version") != 0 && strcmp(name, "wp:base_site_url") != 0 &&
		    strcmp(name, "wp:base_blog_url") != 0) {
			*channel_told = true;
			if (on_channel_start(rd) != 0)
				return -1;
		}
		if (on_start(rd, name, d) != 0)
			return -1;
		if (xmlTextReaderIsEmptyElement(rd->r))
			return on_end(rd, name, d);
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		canonical_name(rd->r, name, sizeof name);
		return on_end(rd, name, d);
	} else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
		const char *v = (const char *)xmlTextReaderConstValue(rd->r);
		size_t n = v ? strlen(v) : 0;
		if (rd->text.len + n > WXR_TEXT_MAX)
			return fail_at(rd, cur_line(rd), "an element's text is over 64 MB");
		buf_append(&rd->text, v ? v : "", n);
	}
	return 0;
}

/* libxml2's own messages go nowhere: the reader reports the first error itself. */
static void xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static int run(struct reader *rd)
{
	bool channel_told = false;
	int rc, res = 0;
	xmlSetGenericErrorFunc(NULL, xml_quiet);
	xmlTextReaderSetStructuredErrorHandler(rd->r, on_xml_error, rd);
	while ((rc = xmlTextReaderRead(rd->r)) == 1)
		if (rd->failed || step(rd, &channel_told) != 0) {
			res = -1;
			break;
		}
	if (rc < 0 && !rd->failed)
		fail_at(rd, cur_line(rd), "not well-formed XML");
	if (rc < 0 || rd->failed)
		res = -1;
	else if (!rd->saw_rss || !rd->saw_version)
		res = fail_at(rd, cur_line(rd),
			      "not a WordPress export (no <rss> with <wp:wxr_version>)");
	item_free(&rd->item);
	for (int i = 0; i < 8; i++)
		buf_free(&rd->slot[i]);
	buf_free(&rd->text);
	buf_free(&rd->meta_key);
	buf_free(&rd->meta_value);
	buf_free(&rd->base_site);
	buf_free(&rd->base_blog);
	free(rd->cat_domain);
	free(rd->cat_slug);
	xmlFreeTextReader(rd->r);
	return res;
}

/* No network, no external entities, no DTD: an export is self-contained. */
#define WXR_XML_OPTS (XML_PARSE_NONET | XML_PARSE_COMPACT)

int wxr_read_file(const char *path, const char *label, const struct wxr_handler *h, struct buf *err)
{
	struct reader rd = {.h = h, .label = label, .err = err};
	rd.r = xmlReaderForFile(path, NULL, WXR_XML_OPTS);
	if (!rd.r) {
		buf_reset(err);
		buf_printf(err, "%s:0: cannot open or read the file", label);
		return -1;
	}
	return run(&rd);
}

int wxr_read_memory(const char *data, size_t len, const char *label, const struct wxr_handler *h,
		    struct buf *err)
{
	struct reader rd = {.h = h, .label = label, .err = err};
	if (len > (size_t)INT32_MAX)
		return -1;
	rd.r = xmlReaderForMemory(data, (int)len, NULL, NULL, WXR_XML_OPTS);
	if (!rd.r) {
		buf_reset(err);
		buf_printf(err, "%s:0: cannot read the data", label);
		return -1;
	}
	return run(&rd);
}
