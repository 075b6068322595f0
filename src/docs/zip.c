/* DOCX and ODT as the ZIP and XML they are: entries listed with libarchive, text read with
 * libxml2's streaming reader; entry count and uncompressed bytes bounded against ZIP bombs. */
#define _GNU_SOURCE /* memmem */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlreader.h>

#include "docs/docs-int.h"

static const char *const w_ns[] = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main", /* strict OOXML */
};
static const char odf_text_ns[] = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
static const char odf_office_ns[] = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
static const char mc_ns[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/* The content types of the main parts, as [Content_Types].xml overrides them. */
static const struct {
	const char *content_type;
	enum doc_type type;
} main_parts[] = {
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
     DOC_TYPE_DOCX},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", DOC_TYPE_XLSX},
};

#define SMALL_PART (1u << 20) /* [Content_Types].xml and the ODF manifest: read up to 1 MiB */

static struct archive *zip_open(const void *data, size_t len)
{
	struct archive *a = archive_read_new();
	if (!a)
		return NULL;
	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* Reads the current entry into out, at most max bytes (DOC_TOO_LARGE beyond). */
static enum doc_rc read_entry(struct archive *a, size_t max, struct buf *out)
{
	char chunk[65536];
	size_t total = 0;
	for (;;) {
		la_ssize_t n = archive_read_data(a, chunk, sizeof chunk);
		if (n == 0)
			return DOC_OK;
		if (n < 0)
			return DOC_DAMAGED;
		total += (size_t)n;
		if (total > max)
			return DOC_TOO_LARGE;
		buf_append(out, chunk, (size_t)n);
	}
}

/* Steps through the entries, calling fn on each; fn returns DOC_OK to go on, anything else stops
 * with that value (a positive "found" is DOC_RC_MAX). */
typedef enum doc_rc (*entry_fn)(struct archive *a, const char *name, void *ctx);

static enum doc_rc each_entry(const void *data, size_t len, entry_fn fn, void *ctx)
{
	struct archive *a = zip_open(data, len);
	if (!a)
		return DOC_DAMAGED;
	enum doc_rc rc = DOC_OK;
	struct archive_entry *e;
	int r, count = 0;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		if (++count > DOC_MAX_ENTRIES) {
			rc = DOC_TOO_LARGE;
			break;
		}
		if (archive_entry_is_encrypted(e)) {
			rc = DOC_ENCRYPTED;
			break;
		}
		const char *name = archive_entry_pathname(e);
		if (name && (rc = fn(a, name, ctx)) != DOC_OK)
			break;
	}
	if (rc == DOC_OK && r != ARCHIVE_EOF && r != ARCHIVE_OK && r != ARCHIVE_WARN)
		rc = DOC_DAMAGED;
	if (rc == DOC_OK && count == 0)
		rc = DOC_DAMAGED;
	archive_read_free(a);
	return rc;
}

static void xml_quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

/* A streaming reader over xml, without network, DTD loading or messages on standard error;
 * NULL when it cannot start. */
static xmlTextReaderPtr xml_reader(const struct buf *xml)
{
	if (xml->len > INT_MAX)
		return NULL;
	xmlTextReaderPtr r =
	    xmlReaderForMemory(xml->data ? xml->data : "", (int)xml->len, NULL, NULL,
			       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (r)
		xmlTextReaderSetStructuredErrorHandler(r, xml_quiet, NULL);
	return r;
}

/* The first Override of [Content_Types].xml naming a DOCX or XLSX main part, into z. */
static void read_content_types(const struct buf *xml, struct doc_zip_info *z)
{
	xmlTextReaderPtr r = xml_reader(xml);
	if (!r)
		return;
	while (z->main_type == DOC_TYPE_NONE && xmlTextReaderRead(r) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp((const char *)xmlTextReaderConstLocalName(r), "Override") != 0)
			continue;
		xmlChar *ct = xmlTextReaderGetAttribute(r, BAD_CAST "ContentType");
		xmlChar *part = xmlTextReaderGetAttribute(r, BAD_CAST "PartName");
		for (size_t i = 0; ct && part && i < sizeof main_parts / sizeof main_parts[0];
		     i++) {
			size_t n = strlen((const char *)part);
			if (strcmp((const char *)ct, main_parts[i].content_type) != 0 ||
			    part[0] != '/' || n < 2 || n > sizeof z->main_part)
				continue;
			memcpy(z->main_part, part + 1, n); /* without the leading '/' */
			z->main_type = main_parts[i].type;
		}
		xmlFree(ct);
		xmlFree(part);
	}
	xmlFreeTextReader(r);
}

/* Reads the current entry, a small part, and hands it to what needs it; a part over SMALL_PART
 * is not read (the package is then told apart by its entries alone). */
static void read_small(struct archive *a, const char *name, struct doc_zip_info *z)
{
	struct buf m = BUF_INIT;
	if (read_entry(a, SMALL_PART, &m) == DOC_OK) {
		if (name[0] == '[')
			read_content_types(&m, z);
		else
			z->odf_encrypted = m.len && memmem(m.data, m.len, "encryption-data", 15);
	}
	buf_free(&m);
}

static enum doc_rc scan_one(struct archive *a, const char *name, void *ctx)
{
	struct doc_zip_info *z = ctx;
	if (strcmp(name, "[Content_Types].xml") == 0) {
		z->content_types = true;
		read_small(a, name, z);
	} else if (strcmp(name, "META-INF/manifest.xml") == 0)
		read_small(a, name, z);
	else if (strcmp(name, "word/document.xml") == 0)
		z->word_document = true;
	else if (strcmp(name, "xl/workbook.xml") == 0)
		z->xl_workbook = true;
	else if (strcmp(name, "mimetype") == 0) {
		struct buf m = BUF_INIT;
		enum doc_rc rc = read_entry(a, sizeof z->mimetype - 1, &m);
		if (rc == DOC_OK && m.len > 0 && !memchr(m.data, '\0', m.len))
			memcpy(z->mimetype, m.data, m.len + 1);
		buf_free(&m);
	}
	return DOC_OK;
}

enum doc_rc doc_zip_scan(const void *data, size_t len, struct doc_zip_info *info)
{
	memset(info, 0, sizeof *info);
	return each_entry(data, len, scan_one, info);
}

/* What an XML element means for the text. */
enum mark { MARK_NONE, MARK_TEXT, MARK_TAB, MARK_BREAK, MARK_PARA, MARK_SPACE, MARK_HYPHEN };

static bool in_list(const xmlChar *ns, const char *const *list, size_t n)
{
	for (size_t i = 0; ns && i < n; i++)
		if (strcmp((const char *)ns, list[i]) == 0)
			return true;
	return false;
}

static enum mark docx_mark(const char *local, const xmlChar *ns)
{
	if (!in_list(ns, w_ns, sizeof w_ns / sizeof w_ns[0]))
		return MARK_NONE;
	if (strcmp(local, "t") == 0)
		return MARK_TEXT;
	if (strcmp(local, "tab") == 0)
		return MARK_TAB;
	if (strcmp(local, "br") == 0 || strcmp(local, "cr") == 0)
		return MARK_BREAK;
	if (strcmp(local, "p") == 0)
		return MARK_PARA;
	if (strcmp(local, "noBreakHyphen") == 0)
		return MARK_HYPHEN;
	return MARK_NONE;
}

static enum mark odt_mark(const char *local, const xmlChar *ns)
{
	if (!ns || strcmp((const char *)ns, odf_text_ns) != 0)
		return MARK_NONE;
	if (strcmp(local, "p") == 0 || strcmp(local, "h") == 0)
		return MARK_PARA;
	if (strcmp(local, "tab") == 0)
		return MARK_TAB;
	if (strcmp(local, "line-break") == 0 || strcmp(local, "note") == 0)
		return MARK_BREAK;
	if (strcmp(local, "s") == 0)
		return MARK_SPACE;
	return MARK_NONE;
}

struct walk {
	enum doc_type type;
	struct buf *out;
	size_t base, max;
	int text_depth; /* > 0 inside an element whose text counts */
	bool full;      /* the text limit was reached */
};

static void put(struct walk *w, const char *s, size_t n)
{
	if (!w->full && !doc_append_capped(w->out, w->base, w->max, s, n))
		w->full = true;
}

static void on_element(struct walk *w, xmlTextReaderPtr r, bool end)
{
	const char *local = (const char *)xmlTextReaderConstLocalName(r);
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
	enum mark m = w->type == DOC_TYPE_DOCX ? docx_mark(local, ns) : odt_mark(local, ns);
	bool empty = !end && xmlTextReaderIsEmptyElement(r);
	bool counts = m == MARK_TEXT || (w->type == DOC_TYPE_ODT && m == MARK_PARA);
	if (counts && !empty)
		w->text_depth += end ? -1 : 1;
	if (end && m == MARK_PARA)
		put(w, "\n", 1);
	else if (!end && m == MARK_TAB)
		put(w, "\t", 1);
	else if (!end && m == MARK_BREAK)
		put(w, "\n", 1);
	else if (!end && m == MARK_SPACE)
		put(w, " ", 1);
	else if (!end && m == MARK_HYPHEN)
		put(w, "-", 1);
	else if (empty && m == MARK_PARA)
		put(w, "\n", 1);
}

/* A footnote or endnote that Word keeps for itself: the separator line above the notes, its
 * longer form when notes run onto the next page, and the notice printed there. */
static bool note_separator(xmlTextReaderPtr r)
{
	static const char *const kinds[] = {"separator", "continuationSeparator",
					    "continuationNotice"};
	bool found = false;
	for (size_t i = 0; !found && i < sizeof w_ns / sizeof w_ns[0]; i++) {
		xmlChar *type = xmlTextReaderGetAttributeNs(r, BAD_CAST "type", BAD_CAST w_ns[i]);
		for (size_t k = 0; type && k < sizeof kinds / sizeof kinds[0]; k++)
			found = found || strcmp((const char *)type, kinds[k]) == 0;
		xmlFree(type);
	}
	return found;
}

/* WordprocessingML elements whose subtree is not the text as it reads: deleted and moved-away
 * runs of tracked changes (their w:delText, and any w:t a lax writer left inside), and the
 * separator notes. */
static bool docx_skipped(const char *local, const char *ns, xmlTextReaderPtr r)
{
	if (strcmp(ns, mc_ns) == 0)
		return strcmp(local, "Fallback") == 0;
	if (!in_list(BAD_CAST ns, w_ns, sizeof w_ns / sizeof w_ns[0]))
		return false;
	if (strcmp(local, "del") == 0 || strcmp(local, "moveFrom") == 0)
		return true;
	return (strcmp(local, "footnote") == 0 || strcmp(local, "endnote") == 0) &&
	       note_separator(r);
}

/* Elements whose whole subtree is not the document's text: in DOCX DrawingML's fallback copy of a
 * text box (the same text again) and what docx_skipped names, in ODF the record of tracked changes
 * (the deleted text), comments and the footnote marks. */
static bool skipped(enum doc_type t, xmlTextReaderPtr r)
{
	const char *local = (const char *)xmlTextReaderConstLocalName(r);
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	if (!ns || xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
		return false;
	if (t == DOC_TYPE_DOCX)
		return docx_skipped(local, ns, r);
	if (strcmp(ns, odf_text_ns) == 0)
		return strcmp(local, "tracked-changes") == 0 || strcmp(local, "note-citation") == 0;
	return strcmp(ns, odf_office_ns) == 0 && strcmp(local, "annotation") == 0;
}

static enum doc_rc walk_xml(struct walk *w, const struct buf *xml)
{
	xmlTextReaderPtr r = xml_reader(xml);
	if (!r)
		return DOC_DAMAGED;
	int ret = xmlTextReaderRead(r);
	for (; !w->full && ret == 1; ret = xmlTextReaderRead(r)) {
		while (ret == 1 && skipped(w->type, r))
			ret = xmlTextReaderNext(r); /* past the subtree, to the node after it */
		if (ret != 1)
			break;
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT) {
			on_element(w, r, type == XML_READER_TYPE_END_ELEMENT);
		} else if ((type == XML_READER_TYPE_TEXT ||
			    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
			   w->text_depth > 0) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v)
				put(w, v, strlen(v));
		}
	}
	xmlFreeTextReader(r);
	return w->full || ret == 0 ? DOC_OK : DOC_DAMAGED;
}

/* ---- DOCX: the parts beside the body ------------------------------------------------------ */

/*
 * Besides the body, Word keeps the text of footnotes, endnotes, headers and footers in parts of
 * their own, which the body's relationships part (word/_rels/document.xml.rels) names by type;
 * their text is read after the body's. Comments (word/comments.xml) are not: they are reviewers'
 * notes, not part of the published document.
 */
static const char *const extra_kinds[] = {"footnotes", "endnotes", "header", "footer"};

#define MAX_EXTRAS 256 /* parts read beside the body; Word writes at most 6 per section */

/* The body part and its relationships, read in one pass over the entries. */
struct body {
	const char *name;
	char rels_name[300]; /* "" for ODT */
	struct buf xml, rels;
	enum doc_rc rc;
	bool found, has_rels;
};

static enum doc_rc read_body(struct archive *a, const char *name, void *ctx)
{
	struct body *b = ctx;
	if (!b->found && strcmp(name, b->name) == 0) {
		b->found = true;
		b->rc = read_entry(a, DOC_MAX_XML, &b->xml);
	} else if (b->rels_name[0] && !b->has_rels && strcmp(name, b->rels_name) == 0) {
		b->has_rels = read_entry(a, SMALL_PART, &b->rels) == DOC_OK;
	}
	bool done = b->found && (b->rc != DOC_OK || !b->rels_name[0] || b->has_rels);
	return done ? DOC_RC_MAX : DOC_OK; /* DOC_RC_MAX: stop here */
}

/* "word/_rels/document.xml.rels" for "word/document.xml" ([MS-OPC]'s rule for any part). */
static void rels_name_of(const char *part, char *out, size_t outsz)
{
	const char *slash = strrchr(part, '/');
	int dir = slash ? (int)(slash - part + 1) : 0;
	snprintf(out, outsz, "%.*s_rels/%s.rels", dir, part, part + dir);
}

/* The entry a relationship's Target names: relative to the body's folder, or absolute
 * ("/word/footnotes.xml"), with "." and ".." resolved. False when it would leave the package or
 * does not fit. */
static bool resolve_target(const char *body, const char *target, char *out, size_t outsz)
{
	char path[1024];
	const char *slash = strrchr(body, '/');
	int dir = target[0] == '/' || !slash ? 0 : (int)(slash - body + 1);
	int n = snprintf(path, sizeof path, "%.*s%s", dir, body, target);
	if (n < 0 || (size_t)n >= sizeof path)
		return false;
	size_t len = 0;
	char *next;
	for (char *seg = path; seg; seg = next) {
		next = strchr(seg, '/');
		if (next)
			*next++ = '\0';
		if (!*seg || strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (len == 0)
				return false;
			while (len > 0 && out[len - 1] != '/')
				len--;
			len -= len > 0; /* the '/' before the segment dropped */
			continue;
		}
		size_t k = strlen(seg);
		if (len + 1 + k >= outsz)
			return false;
		if (len)
			out[len++] = '/';
		memcpy(out + len, seg, k);
		len += k;
	}
	out[len] = '\0';
	return len > 0;
}

/* The parts read after the body, and the bytes read from them. */
struct extras {
	const char *body;
	char *names[MAX_EXTRAS]; /* owned */
	size_t n;
	bool by_name; /* the body has no relationships part: the names Word gives them */
	size_t bytes; /* uncompressed bytes of all these parts together, at most DOC_MAX_XML */
	struct walk *w;
};

static void extras_add(struct extras *x, const char *name)
{
	if (x->n == MAX_EXTRAS || strcmp(name, x->body) == 0)
		return;
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->names[i], name) == 0)
			return;
	x->names[x->n++] = xstrdup(name);
}

/* True when a relationship's Type ("http://.../relationships/footnotes") is one read. */
static bool extra_kind(const char *type)
{
	const char *last = strrchr(type, '/');
	for (size_t i = 0; last && i < sizeof extra_kinds / sizeof extra_kinds[0]; i++)
		if (strcmp(last + 1, extra_kinds[i]) == 0)
			return true;
	return false;
}

/* The internal targets of the footnotes, endnotes, header and footer relationships, into x. */
static void read_rels(const struct buf *xml, struct extras *x)
{
	xmlTextReaderPtr r = xml_reader(xml);
	if (!r)
		return;
	while (xmlTextReaderRead(r) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp((const char *)xmlTextReaderConstLocalName(r), "Relationship") != 0)
			continue;
		xmlChar *type = xmlTextReaderGetAttribute(r, BAD_CAST "Type");
		xmlChar *target = xmlTextReaderGetAttribute(r, BAD_CAST "Target");
		xmlChar *mode = xmlTextReaderGetAttribute(r, BAD_CAST "TargetMode");
		char name[256];
		if (type && target && !(mode && strcmp((const char *)mode, "External") == 0) &&
		    extra_kind((const char *)type) &&
		    resolve_target(x->body, (const char *)target, name, sizeof name))
			extras_add(x, name);
		xmlFree(type);
		xmlFree(target);
		xmlFree(mode);
	}
	xmlFreeTextReader(r);
}

/* Without relationships: word/footnotes.xml, word/endnotes.xml, word/header*.xml and
 * word/footer*.xml, the names Word gives them. */
static bool extra_by_name(const char *name)
{
	if (strcmp(name, "word/footnotes.xml") == 0 || strcmp(name, "word/endnotes.xml") == 0)
		return true;
	if (strncmp(name, "word/header", 11) != 0 && strncmp(name, "word/footer", 11) != 0)
		return false;
	size_t n = strlen(name);
	return !strchr(name + 11, '/') && n > 15 && strcmp(name + n - 4, ".xml") == 0;
}

static bool is_extra(const struct extras *x, const char *name)
{
	if (strcmp(name, x->body) == 0)
		return false;
	if (x->by_name)
		return extra_by_name(name);
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->names[i], name) == 0)
			return true;
	return false;
}

/* Reads one part beside the body and appends its text. Malformed XML there loses that part's
 * text only (the body, which Word needs, was read); a part that would take the bytes of all of
 * them over DOC_MAX_XML is a ZIP bomb (DOC_TOO_LARGE). */
static enum doc_rc read_extra(struct archive *a, const char *name, void *ctx)
{
	struct extras *x = ctx;
	if (!is_extra(x, name))
		return DOC_OK;
	struct buf xml = BUF_INIT;
	enum doc_rc rc = read_entry(a, DOC_MAX_XML - x->bytes, &xml);
	x->bytes += xml.len;
	if (rc == DOC_OK) {
		struct buf *out = x->w->out;
		size_t at = out->len;
		x->w->text_depth = 0;
		if (walk_xml(x->w, &xml) != DOC_OK) {
			out->len = at;
			if (out->data)
				out->data[at] = '\0';
		}
	}
	buf_free(&xml);
	if (rc == DOC_OK && x->w->full)
		rc = DOC_RC_MAX; /* the text limit is reached: stop */
	return rc;
}

static enum doc_rc docx_extras(const void *data, size_t len, const struct body *b, struct walk *w)
{
	struct extras x = {.body = b->name, .by_name = !b->has_rels, .w = w};
	if (b->has_rels)
		read_rels(&b->rels, &x);
	enum doc_rc rc = x.by_name || x.n ? each_entry(data, len, read_extra, &x) : DOC_OK;
	for (size_t i = 0; i < x.n; i++)
		free(x.names[i]);
	return rc == DOC_RC_MAX ? DOC_OK : rc;
}

enum doc_rc doc_zip_text(const void *data, size_t len, enum doc_type t, size_t max, struct buf *out)
{
	struct doc_zip_info z;
	struct body b = {.name = "content.xml"};
	enum doc_rc rc = DOC_OK;
	if (t == DOC_TYPE_DOCX) {
		rc = doc_zip_scan(data, len, &z);
		b.name = z.main_type == DOC_TYPE_DOCX ? z.main_part : "word/document.xml";
		rels_name_of(b.name, b.rels_name, sizeof b.rels_name);
	}
	if (rc == DOC_OK)
		rc = each_entry(data, len, read_body, &b);
	if (rc == DOC_RC_MAX || (rc == DOC_OK && b.found))
		rc = b.rc;
	else if (rc == DOC_OK)
		rc = DOC_DAMAGED; /* no such part */
	struct walk w = {.type = t, .out = out, .base = out->len, .max = max};
	if (rc == DOC_OK)
		rc = walk_xml(&w, &b.xml);
	if (rc == DOC_OK && t == DOC_TYPE_DOCX && !w.full)
		rc = docx_extras(data, len, &b, &w);
	buf_free(&b.xml);
	buf_free(&b.rels);
	return rc;
}
