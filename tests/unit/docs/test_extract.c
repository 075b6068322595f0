/* Unit tests of src/docs: types by content, text of PDF, DOC, DOCX and ODT, and hostile files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>

#include <cmocka.h>

#include "docs/docs-int.h"
#include "docs/extract.h"
#include "fixtures.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const rc_names[DOC_RC_MAX] = {"OK",      "BAD_TYPE",  "MISMATCH", "ENCRYPTED",
						 "DAMAGED", "TOO_LARGE", "TIMEOUT"};

static void expect_rc(const char *what, enum doc_rc got, enum doc_rc want)
{
	if (got != want)
		fail_msg("%s: expected %s, got %s", what, rc_names[want],
			 (unsigned)got < DOC_RC_MAX ? rc_names[got] : "?");
}

static void expect_text_rc(const char *what, const struct buf *d, enum doc_type t,
			   enum doc_rc want);

static void expect_contains(const char *what, const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("%s: expected the text to contain \"%s\", got \"%s\"", what, want, text);
}

/* ---- types by content ---- */

enum fixture {
	FX_PDF,
	FX_DOCX,
	FX_XLSX,
	FX_ODT,
	FX_ODS,
	FX_DOC,
	FX_XLS,
	FX_ENC_OOXML,
	FX_PLAIN_ZIP,
	FX_TEXT,
	FX_PNG,
	FX_EMPTY
};

static void make(enum fixture f, struct buf *b)
{
	static const char *const page[] = {"Quyết định"};
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\10\6\0\0\0";
	switch (f) {
	case FX_PDF:
		fx_pdf(b, page, 1);
		break;
	case FX_DOCX:
		fx_docx(b, "<w:p><w:r><w:t>x</w:t></w:r></w:p>");
		break;
	case FX_XLSX: {
		const struct fx_entry e[] = {{"[Content_Types].xml", "<Types/>", 0},
					     {"xl/workbook.xml", "<workbook/>", 0}};
		fx_zip(b, e, 2, NULL);
		break;
	}
	case FX_ODT:
		fx_odt(b, "<text:p>x</text:p>");
		break;
	case FX_ODS: {
		const struct fx_entry e[] = {
		    {"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0},
		    {"content.xml", "<x/>", 0}};
		fx_zip(b, e, 2, NULL);
		break;
	}
	case FX_DOC:
		fx_ole(b, "WordDocument");
		break;
	case FX_XLS:
		fx_ole(b, "Workbook");
		break;
	case FX_ENC_OOXML:
		fx_ole(b, "EncryptedPackage");
		break;
	case FX_PLAIN_ZIP: {
		const struct fx_entry e[] = {{"readme.txt", "hello", 0}};
		fx_zip(b, e, 1, NULL);
		break;
	}
	case FX_TEXT:
		buf_puts(b, "Quyết định số 15/2024/QĐ-UBND, plain text, not a document file.\n");
		break;
	case FX_PNG:
		buf_append(b, png, sizeof png - 1);
		break;
	case FX_EMPTY:
		break;
	}
}

static const struct sniff_row {
	const char *what;
	enum fixture f;
	enum doc_rc rc;
	enum doc_type type;
} sniff_rows[] = {
    {"PDF drawn by Cairo", FX_PDF, DOC_OK, DOC_TYPE_PDF},
    {"DOCX ([Content_Types].xml + word/document.xml)", FX_DOCX, DOC_OK, DOC_TYPE_DOCX},
    {"XLSX ([Content_Types].xml + xl/workbook.xml)", FX_XLSX, DOC_OK, DOC_TYPE_XLSX},
    {"ODT (mimetype entry)", FX_ODT, DOC_OK, DOC_TYPE_ODT},
    {"ODS (mimetype entry)", FX_ODS, DOC_OK, DOC_TYPE_ODS},
    {"OLE with WordDocument", FX_DOC, DOC_OK, DOC_TYPE_DOC},
    {"OLE with Workbook", FX_XLS, DOC_OK, DOC_TYPE_XLS},
    {"encrypted OOXML (OLE EncryptedPackage)", FX_ENC_OOXML, DOC_ENCRYPTED, DOC_TYPE_NONE},
    {"a ZIP of something else", FX_PLAIN_ZIP, DOC_BAD_TYPE, DOC_TYPE_NONE},
    {"plain text", FX_TEXT, DOC_BAD_TYPE, DOC_TYPE_NONE},
    {"a PNG image", FX_PNG, DOC_BAD_TYPE, DOC_TYPE_NONE},
    {"an empty file", FX_EMPTY, DOC_BAD_TYPE, DOC_TYPE_NONE},
};

static void test_sniff(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(sniff_rows); i++) {
		const struct sniff_row *r = &sniff_rows[i];
		struct buf b = BUF_INIT;
		make(r->f, &b);
		enum doc_type t = DOC_TYPE_MAX;
		expect_rc(r->what, doc_sniff(b.data, b.len, &t), r->rc);
		if (r->rc == DOC_OK && t != r->type)
			fail_msg("%s: expected type %s, got %s", r->what, doc_type_label(r->type),
				 doc_type_label(t));
		buf_free(&b);
	}
}

static const struct check_row {
	enum fixture f;
	const char *name;
	enum doc_rc rc;
} check_rows[] = {
    {FX_PDF, "quyet-dinh.pdf", DOC_OK},        {FX_PDF, "QUYET-DINH.PDF", DOC_OK},
    {FX_DOCX, "du-thao.docx", DOC_OK},         {FX_DOCX, "du-thao.pdf", DOC_MISMATCH},
    {FX_PDF, "bang.xlsx", DOC_MISMATCH},       {FX_PDF, "chay.exe", DOC_BAD_TYPE},
    {FX_PDF, "khong-duoi", DOC_BAD_TYPE},      {FX_TEXT, "gia.pdf", DOC_BAD_TYPE},
    {FX_ODS, "so-lieu.ods", DOC_OK},           {FX_DOC, "cu.doc", DOC_OK},
    {FX_ENC_OOXML, "mat.docx", DOC_ENCRYPTED},
};

static void test_check_claimed(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(check_rows); i++) {
		struct buf b = BUF_INIT;
		make(check_rows[i].f, &b);
		enum doc_type t;
		expect_rc(check_rows[i].name, doc_check(b.data, b.len, check_rows[i].name, &t),
			  check_rows[i].rc);
		buf_free(&b);
	}
}

static void test_types_table(void **state)
{
	(void)state;
	for (int t = DOC_TYPE_NONE + 1; t < DOC_TYPE_MAX; t++) {
		assert_int_equal(doc_type_from_ext(doc_type_ext((enum doc_type)t)), t);
		assert_non_null(doc_type_mime((enum doc_type)t));
	}
	assert_int_equal(doc_type_from_ext("zip"), DOC_TYPE_NONE);
	assert_int_equal(doc_type_from_ext(NULL), DOC_TYPE_NONE);
	for (int rc = 0; rc < DOC_RC_MAX; rc++)
		assert_true(strlen(doc_rc_message((enum doc_rc)rc)) > 10);
}

/* ---- text ---- */

static void test_pdf_text(void **state)
{
	(void)state;
	static const char *const pages[] = {"Quyết định số 15/2024/QĐ-UBND về đất đai",
					    "Điều 2. Hiệu lực thi hành"};
	struct buf pdf = BUF_INIT, text = BUF_INIT;
	fx_pdf(&pdf, pages, 2);
	expect_rc("two-page PDF", doc_extract_text(pdf.data, pdf.len, DOC_TYPE_PDF, &text), DOC_OK);
	expect_contains("page 1", buf_cstr(&text), "Quyết định số 15/2024/QĐ-UBND");
	expect_contains("page 2", buf_cstr(&text), "Điều 2. Hiệu lực thi hành");
	if (strstr(text.data, "Quyết") > strstr(text.data, "Điều 2"))
		fail_msg("pages out of order: \"%s\"", text.data);
	buf_free(&pdf);
	buf_free(&text);
}

static void test_docx_text(void **state)
{
	(void)state;
	struct buf d = BUF_INIT, text = BUF_INIT;
	buf_puts(&text, "kept|");
	fx_docx(&d, "<w:p><w:r><w:t>Điều 1.</w:t></w:r><w:r><w:tab/><w:t xml:space=\"preserve\"> "
		    "Phạm vi </w:t></w:r><w:r><w:t>điều chỉnh</w:t></w:r></w:p>"
		    "<w:p><w:r><w:delText>đã xóa</w:delText><w:t>Dòng</w:t><w:br/>"
		    "<w:t>hai</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>a &amp; b</w:t></w:r></w:p>");
	expect_rc("DOCX", doc_extract_text(d.data, d.len, DOC_TYPE_DOCX, &text), DOC_OK);
	assert_string_equal(text.data, "kept|Điều 1.\t Phạm vi điều chỉnh\nDòng\nhai\n\na & b\n");
	buf_free(&d);
	buf_free(&text);
}

static void test_odt_text(void **state)
{
	(void)state;
	struct buf d = BUF_INIT, text = BUF_INIT;
	fx_odt(&d, "<text:h>Chương I</text:h><text:p>Quy định<text:s/>chung<text:tab/>"
		   "<text:span>về</text:span></text:p>");
	expect_rc("ODT", doc_extract_text(d.data, d.len, DOC_TYPE_ODT, &text), DOC_OK);
	assert_string_equal(text.data, "Chương I\nQuy định chung\tvề\n");
	buf_free(&d);
	buf_free(&text);
}

/* Word Online and SharePoint save the body as word/document2.xml; [Content_Types].xml names it. */
static void test_main_part_named(void **state)
{
	(void)state;
	static const char ct[] =
	    "<?xml version=\"1.0\"?><Types "
	    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
	    "Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/%s\" "
	    "ContentType=\"application/vnd.openxmlformats-officedocument.%s.main+xml\"/></Types>";
	static const char body[] = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
				   "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Soạn "
				   "trên Word Online</w:t></w:r></w:p></w:body></w:document>";
	struct buf types = BUF_INIT, d = BUF_INIT, text = BUF_INIT;
	buf_printf(&types, ct, "word/document2.xml", "wordprocessingml.document");
	const struct fx_entry docx[] = {{"[Content_Types].xml", types.data, 0},
					{"_rels/.rels", "<Relationships/>", 0},
					{"word/document2.xml", body, 0}};
	fx_zip(&d, docx, N(docx), NULL);
	enum doc_type t;
	expect_rc("DOCX with word/document2.xml", doc_check(d.data, d.len, "a.docx", &t), DOC_OK);
	expect_rc("its text", doc_extract_text(d.data, d.len, t, &text), DOC_OK);
	assert_string_equal(text.data, "Soạn trên Word Online\n");
	buf_reset(&types);
	buf_reset(&d);
	buf_printf(&types, ct, "xl/workbook2.xml", "spreadsheetml.sheet");
	const struct fx_entry xlsx[] = {{"[Content_Types].xml", types.data, 0},
					{"xl/workbook2.xml", "<workbook/>", 0}};
	fx_zip(&d, xlsx, N(xlsx), NULL);
	expect_rc("XLSX with xl/workbook2.xml", doc_check(d.data, d.len, "b.xlsx", &t), DOC_OK);
	buf_free(&types);
	buf_free(&d);
	buf_free(&text);
}

/* A password-protected ODT is a plain ZIP whose manifest says content.xml is encrypted. */
static void test_odf_encrypted(void **state)
{
	(void)state;
	static const char manifest[] =
	    "<manifest:manifest "
	    "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
	    "<manifest:file-entry manifest:full-path=\"content.xml\" "
	    "manifest:media-type=\"text/xml\">"
	    "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" "
	    "manifest:checksum=\"AA==\">"
	    "<manifest:algorithm manifest:algorithm-name=\"Blowfish "
	    "CFB\"/></manifest:encryption-data>"
	    "</manifest:file-entry></manifest:manifest>";
	const struct fx_entry e[] = {{"mimetype", "application/vnd.oasis.opendocument.text", 0},
				     {"content.xml", "\x8f\x13\xa2 encrypted bytes \x01", 0},
				     {"META-INF/manifest.xml", manifest, 0}};
	struct buf d = BUF_INIT;
	fx_zip(&d, e, N(e), NULL);
	enum doc_type t;
	expect_rc("password-protected ODT", doc_check(d.data, d.len, "mat-khau.odt", &t),
		  DOC_ENCRYPTED);
	buf_free(&d);
}

/* What is not the text as it reads: deleted text and comments in ODF, the fallback copy of a
 * text box in DOCX; a non-breaking hyphen is a hyphen. */
static void test_text_not_doubled(void **state)
{
	(void)state;
	struct buf d = BUF_INIT, text = BUF_INIT;
	fx_odt(&d,
	       "<text:tracked-changes><text:changed-region><text:deletion><text:p>mức cũ"
	       "</text:p></text:deletion></text:changed-region></text:tracked-changes>"
	       "<text:p>Phạt<text:change text:change-id=\"c1\"/> mức mới<office:annotation>"
	       "<text:p>ý kiến</text:p></office:annotation>.</text:p><text:p>Chú thích<text:note>"
	       "<text:note-citation>1</text:note-citation><text:note-body><text:p>ghi chú</text:p>"
	       "</text:note-body></text:note></text:p>");
	expect_rc("ODT", doc_extract_text(d.data, d.len, DOC_TYPE_ODT, &text), DOC_OK);
	assert_string_equal(text.data, "Phạt mức mới.\nChú thích\nghi chú\n\n");
	buf_reset(&d);
	buf_reset(&text);
	fx_docx(&d, "<w:p><w:r><mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/"
		    "markup-compatibility/2006\"><mc:Choice Requires=\"wps\"><w:txbxContent><w:p>"
		    "<w:r><w:t>DỰ THẢO</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback>"
		    "<w:txbxContent><w:p><w:r><w:t>DỰ THẢO</w:t></w:r></w:p></w:txbxContent>"
		    "</mc:Fallback></mc:AlternateContent></w:r></w:p><w:p><w:r><w:t>COVID</w:t>"
		    "<w:noBreakHyphen/><w:t>19</w:t></w:r></w:p>");
	expect_rc("DOCX", doc_extract_text(d.data, d.len, DOC_TYPE_DOCX, &text), DOC_OK);
	assert_string_equal(text.data, "DỰ THẢO\n\nCOVID-19\n");
	buf_free(&d);
	buf_free(&text);
}

/* ---- DOCX: footnotes, endnotes, headers and footers ---- */

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char docx_body[] =
    "<w:document " W_NS "><w:body><w:p><w:r><w:t>Thân văn bản</w:t></w:r>"
    "<w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p></w:body></w:document>";

/* Word's footnotes part: the two separators (no text of their own but a paragraph), a note
 * with a tracked deletion in it, and a continuation notice that must stay out too. */
static const char docx_footnotes[] =
    "<w:footnotes " W_NS ">"
    "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p>"
    "</w:footnote>"
    "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r>"
    "<w:continuationSeparator/><w:t>phancach</w:t></w:r></w:p></w:footnote>"
    "<w:footnote w:type=\"continuationNotice\" w:id=\"2\"><w:p><w:r><w:t>tieptheo</w:t>"
    "</w:r></w:p></w:footnote>"
    "<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\">"
    " Chú thích hiệu lực</w:t></w:r><w:del w:id=\"9\" w:author=\"A\"><w:r>"
    "<w:delText>đãxóa</w:delText></w:r><w:r><w:t>bỏđi</w:t></w:r></w:del>"
    "<w:ins w:id=\"10\" w:author=\"A\"><w:r><w:t xml:space=\"preserve\"> thêm vào</w:t></w:r>"
    "</w:ins></w:p></w:footnote></w:footnotes>";

static const char docx_rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_NS "footnotes\" Target=\"footnotes.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" REL_NS "header\" Target=\"/word/dau-trang.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL_NS "footer\" Target=\"./parts/../chantrang.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"" REL_NS "comments\" Target=\"comments.xml\"/>"
    "<Relationship Id=\"rId5\" Type=\"" REL_NS "header\" Target=\"http://x/h.xml\" "
    "TargetMode=\"External\"/>"
    "<Relationship Id=\"rId6\" Type=\"" REL_NS "endnotes\" Target=\"../../evil.xml\"/>"
    "</Relationships>";

#define DOCX_PART(tag, words)                                                                      \
	"<w:" tag " " W_NS "><w:p><w:r><w:t>" words "</w:t></w:r></w:p></w:" tag ">"

static const char docx_header[] = DOCX_PART("hdr", "CỘNG HÒA XÃ HỘI");
static const char docx_footer[] = DOCX_PART("ftr", "Trang chân");
static const char docx_comments[] = DOCX_PART("comments", "ý kiến riêng");

static void expect_absent(const char *what, const char *text, const char *word)
{
	if (strstr(text, word))
		fail_msg("%s: \"%s\" should not be in \"%s\"", what, word, text);
}

/* Parts named by the body's relationships, Word's way: the header and footer under names of
 * their own, so that finding them by name would miss them; comments and what leaves the package
 * stay out. */
static void test_docx_parts_by_rels(void **state)
{
	(void)state;
	const struct fx_entry e[] = {{"[Content_Types].xml", "<Types/>", 0},
				     {"word/document.xml", docx_body, 0},
				     {"word/_rels/document.xml.rels", docx_rels, 0},
				     {"word/footnotes.xml", docx_footnotes, 0},
				     {"word/dau-trang.xml", docx_header, 0},
				     {"word/chantrang.xml", docx_footer, 0},
				     {"word/comments.xml", docx_comments, 0},
				     {"evil.xml", DOCX_PART("ftr", "ngoài gói"), 0},
				     {"word/header9.xml", DOCX_PART("hdr", "không được nêu"), 0}};
	struct buf d = BUF_INIT, text = BUF_INIT;
	fx_zip(&d, e, N(e), NULL);
	expect_rc("DOCX with notes", doc_extract_text(d.data, d.len, DOC_TYPE_DOCX, &text), DOC_OK);
	const char *s = buf_cstr(&text);
	if (strncmp(s, "Thân văn bản\n", 13) != 0)
		fail_msg("the body should come first: \"%s\"", s);
	expect_contains("footnote", s, " Chú thích hiệu lực thêm vào\n");
	expect_contains("header", s, "CỘNG HÒA XÃ HỘI\n");
	expect_contains("footer", s, "Trang chân\n");
	static const char *const absent[] = {"đãxóa",  "bỏđi",      "phancach",   "tieptheo",
					     "ý kiến", "ngoài gói", "không được", "\n\n"};
	for (size_t i = 0; i < N(absent); i++)
		expect_absent("DOCX with notes", s, absent[i]);
	buf_free(&d);
	buf_free(&text);
}

/* Without a relationships part, the names Word gives them; an endnote too, a w:t inside a w:del
 * of the body (as lax writers leave it) stays out, and a malformed header loses only its own
 * text. */
static void test_docx_parts_by_name(void **state)
{
	(void)state;
	const struct fx_entry e[] = {
	    {"[Content_Types].xml", "<Types/>", 0},
	    {"word/document.xml",
	     "<w:document " W_NS "><w:body><w:p><w:r><w:t>Điều 1</w:t></w:r><w:del><w:r>"
	     "<w:t>cũxóa</w:t></w:r></w:del><w:moveFrom><w:r><w:t>dờiđi</w:t></w:r></w:moveFrom>"
	     "</w:p></w:body></w:document>",
	     0},
	    {"word/header1.xml", DOCX_PART("hdr", "Đầu trang một"), 0},
	    {"word/header2.xml", "<w:hdr " W_NS "><w:p><w:r><w:t>hỏng</w:r></w:p></w:hdr>", 0},
	    {"word/footer3.xml", DOCX_PART("ftr", "Chân trang ba"), 0},
	    {"word/endnotes.xml", DOCX_PART("endnotes", "Ghi chú cuối"), 0},
	    {"word/footnotes.xml", docx_footnotes, 0},
	    {"word/comments.xml", docx_comments, 0}};
	struct buf d = BUF_INIT, text = BUF_INIT;
	fx_zip(&d, e, N(e), NULL);
	expect_rc("DOCX by names", doc_extract_text(d.data, d.len, DOC_TYPE_DOCX, &text), DOC_OK);
	assert_string_equal(text.data, "Điều 1\nĐầu trang một\nChân trang ba\nGhi chú cuối\n"
				       " Chú thích hiệu lực thêm vào\n");
	buf_free(&d);
	buf_free(&text);
}

/* Every part beside the body counts against one DOC_MAX_XML: a bomb in a header is refused as
 * the body's would be. */
static void test_docx_parts_bomb(void **state)
{
	(void)state;
	const struct fx_entry e[] = {{"[Content_Types].xml", "<Types/>", 0},
				     {"word/document.xml", docx_body, 0},
				     {"word/header1.xml", NULL, DOC_MAX_XML / 2 + 1},
				     {"word/footer1.xml", NULL, DOC_MAX_XML / 2 + 1}};
	struct buf d = BUF_INIT;
	fx_zip(&d, e, N(e), NULL);
	expect_text_rc("two halves of a bomb", &d, DOC_TYPE_DOCX, DOC_TOO_LARGE);
	buf_free(&d);
}

/* Lines typed in a TCVN3 font (.VnTime) read as Latin-1 letters; they are decoded, the Unicode
 * lines beside them are kept. */
static void test_legacy_font_text(void **state)
{
	(void)state;
	struct buf d = BUF_INIT, text = BUF_INIT;
	fx_docx(&d, "<w:p><w:r><w:t>Căn cứ Luật Đất đai</w:t></w:r></w:p>"
		    "<w:p><w:r><w:t>QuyÕt ®Þnh vÒ thuÕ ®Êt</w:t></w:r></w:p>"
		    "<w:p><w:r><w:t>Café crème à Paris</w:t></w:r></w:p>");
	expect_rc("DOCX in .VnTime", doc_extract_text(d.data, d.len, DOC_TYPE_DOCX, &text), DOC_OK);
	assert_string_equal(text.data,
			    "Căn cứ Luật Đất đai\nQuyết định về thuế đất\nCafé crème à Paris\n");
	buf_free(&d);
	buf_free(&text);
}

static void test_other_types_no_text(void **state)
{
	(void)state;
	struct buf d = BUF_INIT, text = BUF_INIT;
	fx_ole(&d, "Workbook");
	expect_rc("XLS", doc_extract_text(d.data, d.len, DOC_TYPE_XLS, &text), DOC_OK);
	assert_int_equal(text.len, 0);
	buf_free(&d);
}

/* ---- hostile and broken files ---- */

static void expect_text_rc(const char *what, const struct buf *d, enum doc_type t, enum doc_rc want)
{
	struct buf text = BUF_INIT;
	buf_puts(&text, "before");
	expect_rc(what, doc_extract_text(d->data, d->len, t, &text), want);
	if (want != DOC_OK)
		assert_string_equal(text.data, "before"); /* nothing half-written */
	buf_free(&text);
}

static void test_pdf_broken(void **state)
{
	(void)state;
	static const char *const pages[] = {"Nội dung"};
	struct buf enc = BUF_INIT, pdf = BUF_INIT, cut = BUF_INIT, junk = BUF_INIT;
	fx_encrypted_pdf(&enc);
	expect_text_rc("PDF with a user password", &enc, DOC_TYPE_PDF, DOC_ENCRYPTED);
	fx_pdf(&pdf, pages, 1);
	buf_append(&cut, pdf.data, 60);
	expect_text_rc("PDF cut after 60 bytes", &cut, DOC_TYPE_PDF, DOC_DAMAGED);
	buf_puts(&junk, "%PDF-1.7\n\x01\x02garbage without objects\n%%EOF\n");
	expect_text_rc("PDF header then garbage", &junk, DOC_TYPE_PDF, DOC_DAMAGED);
	buf_free(&enc);
	buf_free(&pdf);
	buf_free(&cut);
	buf_free(&junk);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Descriptors this process has open (a leaked pipe end would show). */
static int open_fds(void)
{
	int n = 0;
	for (int fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) != -1;
	return n;
}

/* One page of 80 million drawing operators (a 40 MB stream drawn 8 times, 40 KB on disk): poppler
 * reads it for seconds inside the page, where a budget checked between pages never looks. The
 * child reading it is killed at the budget (lowered to 300 ms here); no child or descriptor is
 * left behind, and the next PDF reads as usual. */
static void test_pdf_slow_page(void **state)
{
	(void)state;
	static const char *const pages[] = {"Sau trang nặng"};
	struct buf slow = BUF_INIT, ok = BUF_INIT, text = BUF_INIT;
	fx_slow_pdf(&slow, 10u << 20, 8);
	if (slow.len > 200 * 1024)
		fail_msg("the slow PDF should be small, got %zu bytes", slow.len);
	fx_pdf(&ok, pages, 1);
	int fds = open_fds();
	doc_pdf_tune(300, false);
	for (int i = 0; i < 3; i++) {
		long long t0 = now_ms();
		expect_text_rc("a page that reads for seconds", &slow, DOC_TYPE_PDF, DOC_TIMEOUT);
		long long took = now_ms() - t0;
		if (took > 300 + 10000)
			fail_msg("the extraction took %lld ms, past its budget", took);
	}
	expect_contains("its message", doc_rc_message(DOC_TIMEOUT), "trong 15 giây");
	doc_pdf_tune(DOC_MAX_MS, false);
	expect_rc("a PDF after it", doc_extract_text(ok.data, ok.len, DOC_TYPE_PDF, &text), DOC_OK);
	expect_contains("its text", buf_cstr(&text), "Sau trang nặng");
	assert_int_equal(open_fds(), fds);
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1); /* no child left, not even a zombie */
	assert_int_equal(errno, ECHILD);
	buf_free(&slow);
	buf_free(&ok);
	buf_free(&text);
}

/* Out of time after a page of text (a long report, a heavy page further on): the file is kept
 * with the text of the pages read (in-process, the deadline is checked between pages: the same). */
static void test_pdf_timeout_keeps_pages_read(void **state)
{
	(void)state;
	struct buf slow = BUF_INIT, text = BUF_INIT;
	fx_slow_pdf_after(&slow, 10u << 20, 8, "Trang dau: Quyet dinh so 15");
	doc_pdf_tune(300, false);
	long long t0 = now_ms();
	expect_rc("in the child", doc_extract_text(slow.data, slow.len, DOC_TYPE_PDF, &text),
		  DOC_OK);
	expect_contains("the first page's text", buf_cstr(&text), "Quyet dinh so 15");
	if (now_ms() - t0 > 300 + 10000)
		fail_msg("the extraction took %lld ms, past its budget", now_ms() - t0);
	doc_pdf_tune(DOC_MAX_MS, false);
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	buf_free(&slow);
	buf_free(&text);
}

/* Text larger than a pipe holds comes through whole, as the same reader gives it in-process. */
static void test_pdf_child_long_text(void **state)
{
	(void)state;
	enum { PAGES = 1200 };
	static char lines[PAGES][128];
	static const char *pages[PAGES];
	for (size_t i = 0; i < PAGES; i++) {
		snprintf(lines[i], sizeof lines[i],
			 "Trang %zu: Điều khoản về quản lý đất đai và môi trường, phụ lục số %zu",
			 i, i * 7);
		pages[i] = lines[i];
	}
	struct buf pdf = BUF_INIT, child = BUF_INIT, here = BUF_INIT;
	fx_pdf(&pdf, pages, PAGES);
	expect_rc("child", doc_extract_text(pdf.data, pdf.len, DOC_TYPE_PDF, &child), DOC_OK);
	doc_pdf_tune(DOC_MAX_MS, true);
	expect_rc("in-process", doc_extract_text(pdf.data, pdf.len, DOC_TYPE_PDF, &here), DOC_OK);
	doc_pdf_tune(DOC_MAX_MS, false);
	if (child.len <= 65536)
		fail_msg("expected more text than a pipe holds, got %zu bytes", child.len);
	assert_int_equal(child.len, here.len);
	assert_memory_equal(child.data, here.data, here.len);
	buf_free(&pdf);
	buf_free(&child);
	buf_free(&here);
}

static void test_docx_broken(void **state)
{
	(void)state;
	struct buf bad_xml = BUF_INIT, no_part = BUF_INIT, cut = BUF_INIT, enc = BUF_INIT;
	fx_docx(&bad_xml, "<w:p><w:r><w:t>unclosed</w:r></w:p>");
	expect_text_rc("DOCX with malformed XML", &bad_xml, DOC_TYPE_DOCX, DOC_DAMAGED);
	const struct fx_entry e[] = {{"[Content_Types].xml", "<Types/>", 0}};
	fx_zip(&no_part, e, 1, NULL);
	expect_text_rc("DOCX without word/document.xml", &no_part, DOC_TYPE_DOCX, DOC_DAMAGED);
	buf_append(&cut, bad_xml.data, bad_xml.len / 2);
	expect_text_rc("DOCX cut in half", &cut, DOC_TYPE_DOCX, DOC_DAMAGED);
	const struct fx_entry secret[] = {{"[Content_Types].xml", "<Types/>", 0},
					  {"word/document.xml", "<w:document/>", 0}};
	fx_zip(&enc, secret, 2, "mat-khau");
	enum doc_type t;
	expect_rc("ZipCrypto DOCX sniffed", doc_sniff(enc.data, enc.len, &t), DOC_ENCRYPTED);
	expect_text_rc("ZipCrypto DOCX", &enc, DOC_TYPE_DOCX, DOC_ENCRYPTED);
	buf_free(&bad_xml);
	buf_free(&no_part);
	buf_free(&cut);
	buf_free(&enc);
}

static void test_zip_bomb(void **state)
{
	(void)state;
	struct buf bomb = BUF_INIT;
	const struct fx_entry e[] = {{"[Content_Types].xml", "<Types/>", 0},
				     {"word/document.xml", NULL, DOC_MAX_XML + 1}};
	fx_zip(&bomb, e, 2, NULL);
	if (bomb.len > DOC_MAX_XML / 100)
		fail_msg("the bomb should compress well, got %zu bytes", bomb.len);
	expect_text_rc("document.xml one byte over the limit", &bomb, DOC_TYPE_DOCX, DOC_TOO_LARGE);
	buf_free(&bomb);
}

static void test_zip_entries(void **state)
{
	(void)state;
	static struct fx_entry e[DOC_MAX_ENTRIES + 1];
	static char names[DOC_MAX_ENTRIES + 1][16];
	e[0] = (struct fx_entry){"[Content_Types].xml", "<Types/>", 0};
	for (size_t i = 1; i <= DOC_MAX_ENTRIES; i++) {
		snprintf(names[i], sizeof names[i], "f%zu", i);
		e[i] = (struct fx_entry){names[i], "x", 0};
	}
	struct buf z = BUF_INIT;
	fx_zip(&z, e, N(e), NULL);
	enum doc_type t;
	expect_rc("ZIP with too many entries", doc_sniff(z.data, z.len, &t), DOC_TOO_LARGE);
	buf_free(&z);
}

static void test_text_cap(void **state)
{
	(void)state;
	/* "ệ" is 3 bytes: a limit inside it keeps the whole characters before */
	struct buf b = BUF_INIT;
	buf_puts(&b, "ab");
	assert_false(doc_append_capped(&b, 2, 3, "xệy", strlen("xệy")));
	assert_string_equal(b.data, "abx");
	buf_reset(&b);
	assert_true(doc_append_capped(&b, 0, 4, "xệ", strlen("xệ")));
	assert_string_equal(b.data, "xệ");
	assert_false(doc_append_capped(&b, 0, 4, "z", 1));
	buf_free(&b);
}

/* ---- Word 97-2003 (.doc) ---- */

/* Main text in a Unicode piece (fields, nested fields, a table, special characters, a character
 * beyond the BMP) and a compressed one (Windows-1252 punctuation, a line in the TCVN3 font),
 * then a footnote story after ccpText that must stay out. */
static const struct fx_piece doc_pieces[] = {
    {"Quyết định số 15/2024/QĐ-UBND\r"
     "\x13 HYPERLINK \"http://x\" \x14Trang chủ\x15\r"
     "\x13 IF \x13 PAGE \x14"
     "1\x15 = 1 \"a\" \x14kết quả\x15\r"
     "\x13 TOC \\o \x15\r"
     "Ô 1\aÔ 2\a\a"
     "COVID\x1e"
     "19\x1f ok\u00a0x\x01\x08 \U0001F600\r"
     "dòng\vmới\ftrang\r",
     false, false},
    {"Café “quoted” – test\rQuyÕt ®Þnh vÒ thuÕ ®Êt\r", true, false},
    {"Chú thích ngoài\r", false, false},
};

static const char doc_want[] = "Quyết định số 15/2024/QĐ-UBND\n"
			       "Trang chủ\n"
			       "kết quả\n"
			       "\n"
			       "Ô 1\tÔ 2\t\n"
			       "COVID-19 ok x \U0001F600\n"
			       "dòng\nmới\ntrang\n"
			       "Café “quoted” – test\n"
			       "Quyết định về thuế đất\n";

static void test_doc_text(void **state)
{
	(void)state;
	for (int variant = 0; variant < 2; variant++) {
		/* 1Table and a bare Pcdt; 0Table and a Prc before the Pcdt */
		struct fx_doc97 spec = {doc_pieces, N(doc_pieces), 2,
					variant,    variant,       FX_DOC_SOUND};
		struct buf d = BUF_INIT, text = BUF_INIT;
		fx_doc97(&d, &spec);
		enum doc_type t;
		expect_rc("generated DOC sniffed", doc_check(d.data, d.len, "cu.doc", &t), DOC_OK);
		assert_int_equal(t, DOC_TYPE_DOC);
		expect_rc("DOC", doc_extract_text(d.data, d.len, DOC_TYPE_DOC, &text), DOC_OK);
		assert_string_equal(text.data, doc_want);
		buf_free(&d);
		buf_free(&text);
	}
}

/* Tracked deletions: runs marked sprmCFRMarkDel in the character properties stay out, in
 * Unicode and compressed pieces, a deleted paragraph mark joins its paragraph to the next, and a
 * deleted field goes whole; text inserted with revision marks stays. */
static void test_doc_tracked_deletions(void **state)
{
	(void)state;
	const struct fx_piece p[] = {
	    {"Điều 1. Mức phạt ", false, false},
	    {"năm triệu ", false, true},
	    {"mười triệu đồng.\r", false, false},
	    {"Old fine ", true, true},
	    {"Điều 2", false, false},
	    {"\r", false, true},
	    {" hiệu lực\x13 PAGE \x14"
	     "7\x15\r",
	     false, false},
	    {"\x13 HYPERLINK \"x\" \x14xóa cả trường\x15", false, true},
	    {"New fine\r", true, false},
	};
	struct fx_doc97 spec = {p, N(p), 0, false, false, FX_DOC_SOUND};
	struct buf d = BUF_INIT, text = BUF_INIT;
	fx_doc97(&d, &spec);
	expect_rc("DOC with deletions", doc_extract_text(d.data, d.len, DOC_TYPE_DOC, &text),
		  DOC_OK);
	assert_string_equal(text.data, "Điều 1. Mức phạt mười triệu đồng.\n"
				       "Điều 2 hiệu lực7\n"
				       "New fine\n");
	buf_free(&d);
	buf_free(&text);
}

static const struct doc_flaw_row {
	const char *what;
	enum fx_doc_flaw flaw;
	enum doc_rc rc;
} doc_flaw_rows[] = {
    {"fEncrypted", FX_DOC_ENCRYPTED, DOC_ENCRYPTED},
    {"Word 95 (no text read)", FX_DOC_WORD95, DOC_OK},
    {"wIdent of Word 2", FX_DOC_BAD_IDENT, DOC_DAMAGED},
    {"FIB cut after FibBase", FX_DOC_SHORT_FIB, DOC_DAMAGED},
    {"no table stream", FX_DOC_NO_TABLE, DOC_DAMAGED},
    {"Clx past the table stream", FX_DOC_CLX_OUTSIDE, DOC_DAMAGED},
    {"Prc running past the Clx", FX_DOC_PRC_OVERRUN, DOC_DAMAGED},
    {"Clx without a Pcdt", FX_DOC_NO_PCDT, DOC_DAMAGED},
    {"piece past WordDocument", FX_DOC_PIECE_OUTSIDE, DOC_DAMAGED},
    {"CPs going down", FX_DOC_CP_BACKWARDS, DOC_DAMAGED},
    {"ccpText of 4 G characters", FX_DOC_HUGE_CCP, DOC_DAMAGED},
};

static void test_doc_broken(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(doc_flaw_rows); i++) {
		const struct doc_flaw_row *r = &doc_flaw_rows[i];
		struct fx_doc97 spec = {doc_pieces, N(doc_pieces), 2, false, false, r->flaw};
		struct buf d = BUF_INIT, text = BUF_INIT;
		fx_doc97(&d, &spec);
		enum doc_type t;
		expect_rc(r->what, doc_sniff(d.data, d.len, &t), DOC_OK); /* still a DOC by type */
		expect_text_rc(r->what, &d, DOC_TYPE_DOC, r->rc);
		expect_rc(r->what, doc_extract_text(d.data, d.len, DOC_TYPE_DOC, &text), r->rc);
		assert_int_equal(text.len, 0);
		buf_free(&d);
		buf_free(&text);
	}
	/* a sound file cut short, and a bare OLE header naming WordDocument */
	struct fx_doc97 spec = {doc_pieces, N(doc_pieces), 2, false, false, FX_DOC_SOUND};
	struct buf d = BUF_INIT, cut = BUF_INIT, bare = BUF_INIT;
	fx_doc97(&d, &spec);
	for (size_t n = 512; n < d.len; n += 512) {
		buf_reset(&cut);
		buf_append(&cut, d.data, n);
		expect_text_rc("DOC cut short", &cut, DOC_TYPE_DOC, DOC_DAMAGED);
	}
	fx_ole(&bare, "WordDocument");
	expect_text_rc("OLE header naming WordDocument", &bare, DOC_TYPE_DOC, DOC_DAMAGED);
	buf_free(&d);
	buf_free(&cut);
	buf_free(&bare);
}

/* A main text longer than DOC_MAX_TEXT is cut at the limit. */
static void test_doc_cap(void **state)
{
	(void)state;
	size_t n = DOC_MAX_TEXT + 100;
	char *big = malloc(n + 1);
	assert_non_null(big);
	memset(big, 'a', n);
	big[n] = '\0';
	const struct fx_piece p[] = {{big, true, false}};
	struct fx_doc97 spec = {p, 1, 0, false, false, FX_DOC_SOUND};
	struct buf d = BUF_INIT, text = BUF_INIT;
	fx_doc97(&d, &spec);
	expect_rc("long DOC", doc_extract_text(d.data, d.len, DOC_TYPE_DOC, &text), DOC_OK);
	assert_int_equal(text.len, DOC_MAX_TEXT);
	free(big);
	buf_free(&d);
	buf_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sniff),
	    cmocka_unit_test(test_check_claimed),
	    cmocka_unit_test(test_types_table),
	    cmocka_unit_test(test_pdf_text),
	    cmocka_unit_test(test_docx_text),
	    cmocka_unit_test(test_odt_text),
	    cmocka_unit_test(test_main_part_named),
	    cmocka_unit_test(test_odf_encrypted),
	    cmocka_unit_test(test_text_not_doubled),
	    cmocka_unit_test(test_docx_parts_by_rels),
	    cmocka_unit_test(test_docx_parts_by_name),
	    cmocka_unit_test(test_docx_parts_bomb),
	    cmocka_unit_test(test_legacy_font_text),
	    cmocka_unit_test(test_other_types_no_text),
	    cmocka_unit_test(test_doc_text),
	    cmocka_unit_test(test_doc_tracked_deletions),
	    cmocka_unit_test(test_doc_broken),
	    cmocka_unit_test(test_doc_cap),
	    cmocka_unit_test(test_pdf_broken),
	    cmocka_unit_test(test_pdf_slow_page),
	    cmocka_unit_test(test_pdf_child_long_text),
	    cmocka_unit_test(test_pdf_timeout_keeps_pages_read),
	    cmocka_unit_test(test_docx_broken),
	    cmocka_unit_test(test_zip_bomb),
	    cmocka_unit_test(test_zip_entries),
	    cmocka_unit_test(test_text_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
