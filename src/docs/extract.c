/* Attachments of legal documents: type by content (libmagic, then the ZIP's entries), text
 * dispatch.
 */
#include "docs/extract.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <magic.h>

#include "core/log.h"
#include "docs/docs-int.h"
#include "vi/legacy.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const struct {
	const char *ext, *mime, *label;
} types[DOC_TYPE_MAX] = {
    [DOC_TYPE_NONE] = {"", NULL, ""},
    [DOC_TYPE_PDF] = {"pdf", "application/pdf", "PDF"},
    [DOC_TYPE_DOC] = {"doc", "application/msword", "DOC"},
    [DOC_TYPE_DOCX] = {"docx",
		       "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		       "DOCX"},
    [DOC_TYPE_XLS] = {"xls", "application/vnd.ms-excel", "XLS"},
    [DOC_TYPE_XLSX] = {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		       "XLSX"},
    [DOC_TYPE_ODT] = {"odt", "application/vnd.oasis.opendocument.text", "ODT"},
    [DOC_TYPE_ODS] = {"ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS"},
};

static const char *const messages[DOC_RC_MAX] = {
    [DOC_OK] = "Tệp hợp lệ.",
    [DOC_BAD_TYPE] = "Chỉ nhận tệp PDF, DOC, DOCX, XLS, XLSX, ODT hoặc ODS (kiểm tra theo nội dung "
		     "tệp).",
    [DOC_MISMATCH] = "Nội dung tệp không khớp với phần mở rộng của tên tệp.",
    [DOC_ENCRYPTED] = "Tệp được đặt mật khẩu hoặc mã hóa nên không đọc được; hãy tải lên bản "
		      "không mã hóa.",
    [DOC_DAMAGED] = "Tệp bị hỏng hoặc không đọc được.",
    [DOC_TOO_LARGE] = "Tệp vượt quá giới hạn xử lý (kích thước, số phần hoặc số trang).",
    [DOC_TIMEOUT] = "Không đọc được chữ của tệp PDF này trong " STR(
	DOC_PDF_SECONDS) " giây; hãy "
			 "xuất lại tệp PDF (chẳng hạn in ra PDF) rồi tải lên lại.",
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t cookie; /* NULL when libmagic could not start */

static void init_libs(void)
{
	xmlInitParser();
	cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
			    MAGIC_NO_CHECK_ELF | MAGIC_NO_CHECK_ENCODING);
	if (cookie && magic_load(cookie, NULL) != 0) {
		log_error("libmagic: %s", magic_error(cookie));
		magic_close(cookie);
		cookie = NULL;
	}
}

int doc_init(void)
{
	pthread_once(&init_once, init_libs);
	return cookie ? 0 : -1;
}

void doc_magic_type(const void *data, size_t len, char *out, size_t outsz)
{
	out[0] = '\0';
	if (doc_init() != 0)
		return;
	pthread_mutex_lock(&magic_lock);
	const char *m = magic_buffer(cookie, data, len);
	if (m) {
		size_t n = strnlen(m, outsz - 1);
		memcpy(out, m, n);
		out[n] = '\0';
	}
	pthread_mutex_unlock(&magic_lock);
}

/* True when the UTF-16LE form of the ASCII name occurs in data (an OLE directory entry). */
static bool has_utf16(const unsigned char *d, size_t len, const char *name)
{
	unsigned char pat[64];
	size_t n = strlen(name);
	for (size_t i = 0; i < n; i++) {
		pat[2 * i] = (unsigned char)name[i];
		pat[2 * i + 1] = 0;
	}
	for (size_t i = 0; 2 * n <= len && i <= len - 2 * n; i++)
		if (d[i] == pat[0] && memcmp(d + i, pat, 2 * n) == 0)
			return true;
	return false;
}

/* An OLE compound file: Word, Excel, or an encrypted OOXML package. */
static enum doc_rc sniff_ole(const char *mime, const unsigned char *d, size_t len,
			     enum doc_type *out)
{
	if (has_utf16(d, len, "EncryptedPackage"))
		return DOC_ENCRYPTED;
	if (strcmp(mime, "application/msword") == 0 || has_utf16(d, len, "WordDocument")) {
		*out = DOC_TYPE_DOC;
		return DOC_OK;
	}
	if (strcmp(mime, "application/vnd.ms-excel") == 0 || has_utf16(d, len, "Workbook") ||
	    has_utf16(d, len, "Book")) {
		*out = DOC_TYPE_XLS;
		return DOC_OK;
	}
	return DOC_BAD_TYPE;
}

static enum doc_rc sniff_zip(const void *data, size_t len, enum doc_type *out)
{
	struct doc_zip_info z;
	enum doc_rc rc = doc_zip_scan(data, len, &z);
	if (rc != DOC_OK)
		return rc;
	/* the main part [Content_Types].xml names first (Word Online's word/document2.xml) */
	enum doc_type ooxml = z.main_type       ? z.main_type
			      : z.word_document ? DOC_TYPE_DOCX
			      : z.xl_workbook   ? DOC_TYPE_XLSX
						: DOC_TYPE_NONE;
	if (z.content_types && ooxml != DOC_TYPE_NONE)
		*out = ooxml;
	else if (strcmp(z.mimetype, types[DOC_TYPE_ODT].mime) == 0)
		*out = DOC_TYPE_ODT;
	else if (strcmp(z.mimetype, types[DOC_TYPE_ODS].mime) == 0)
		*out = DOC_TYPE_ODS;
	else
		return DOC_BAD_TYPE;
	/* a password-protected ODF file keeps its ZIP plain and encrypts the parts inside */
	return *out >= DOC_TYPE_ODT && z.odf_encrypted ? DOC_ENCRYPTED : DOC_OK;
}

static bool is_zip_mime(const char *m)
{
	return strcmp(m, "application/zip") == 0 ||
	       strncmp(m, "application/vnd.openxml", 23) == 0 ||
	       strncmp(m, "application/vnd.oasis.opendocument", 34) == 0 ||
	       strcmp(m, "application/octet-stream") == 0;
}

enum doc_rc doc_sniff(const void *data, size_t len, enum doc_type *out)
{
	static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	const unsigned char *d = data;
	char mime[128];
	*out = DOC_TYPE_NONE;
	if (len < 8)
		return DOC_BAD_TYPE;
	doc_magic_type(data, len, mime, sizeof mime);
	if (strcmp(mime, "application/pdf") == 0) {
		*out = DOC_TYPE_PDF;
		return DOC_OK;
	}
	if (memcmp(d, ole, 8) == 0)
		return sniff_ole(mime, d, len, out);
	if (memcmp(d, "PK\3\4", 4) == 0 && is_zip_mime(mime))
		return sniff_zip(data, len, out);
	return DOC_BAD_TYPE;
}

enum doc_type doc_type_from_ext(const char *ext)
{
	for (int t = DOC_TYPE_NONE + 1; ext && t < DOC_TYPE_MAX; t++)
		if (strcasecmp(ext, types[t].ext) == 0)
			return (enum doc_type)t;
	return DOC_TYPE_NONE;
}

enum doc_rc doc_check(const void *data, size_t len, const char *name, enum doc_type *out)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	enum doc_type claimed = doc_type_from_ext(dot ? dot + 1 : NULL);
	enum doc_rc rc = doc_sniff(data, len, out);
	if (rc != DOC_OK)
		return rc;
	if (claimed == DOC_TYPE_NONE)
		return DOC_BAD_TYPE;
	return claimed == *out ? DOC_OK : DOC_MISMATCH;
}

const char *doc_type_ext(enum doc_type t)
{
	return (unsigned)t < DOC_TYPE_MAX ? types[t].ext : "";
}

const char *doc_type_mime(enum doc_type t)
{
	return (unsigned)t < DOC_TYPE_MAX ? types[t].mime : NULL;
}

const char *doc_type_label(enum doc_type t)
{
	return (unsigned)t < DOC_TYPE_MAX ? types[t].label : "";
}

const char *doc_rc_message(enum doc_rc rc)
{
	return (unsigned)rc < DOC_RC_MAX ? messages[rc] : messages[DOC_DAMAGED];
}

/* Length of the longest prefix of s[0..n) that does not end inside a UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t n)
{
	size_t i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return 0;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	return n - (i - 1) >= want ? n : i - 1;
}

bool doc_append_capped(struct buf *out, size_t base, size_t max, const char *s, size_t n)
{
	size_t used = out->len - base;
	if (used >= max)
		return false;
	if (n <= max - used) {
		buf_append(out, s, n);
		return true;
	}
	buf_append(out, s, utf8_cut(s, max - used));
	return false;
}

/* True when s[0..n) holds a character of U+0080..U+00FF, as text typed in a legacy font does. */
static bool has_latin1(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] == 0xC2 || (unsigned char)s[i] == 0xC3)
			return true;
	return false;
}

/*
 * Text typed in the TCVN3 (.VnTime) or VNI (VNI-Times) fonts of old Vietnamese documents comes
 * out of DOC, DOCX, ODT and PDF files as Latin-1 letters ("QuyÕt ®Þnh"): each such line of
 * out[base..] is decoded to Unicode, line by line since one file often mixes Unicode and legacy
 * fonts. The result is cut to DOC_MAX_TEXT again (decoding may lengthen it).
 */
static void fix_legacy_lines(struct buf *out, size_t base)
{
	struct buf fixed = BUF_INIT;
	const char *p = out->data + base, *end = out->data + out->len;
	bool changed = false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t at = fixed.len;
		enum vi_legacy e = has_latin1(p, n) ? vi_legacy_fix(p, n, &fixed) : VI_LEGACY_NONE;
		if (e == VI_LEGACY_TCVN3 || e == VI_LEGACY_VNI) {
			changed = true;
		} else {
			fixed.len = at; /* a repair of another kind is not one: keep the line */
			buf_append(&fixed, p, n);
		}
		if (nl)
			buf_putc(&fixed, '\n');
		p += n + (nl ? 1 : 0);
	}
	if (changed) {
		out->len = base;
		out->data[base] = '\0';
		doc_append_capped(out, base, DOC_MAX_TEXT, fixed.data, fixed.len);
	}
	buf_free(&fixed);
}

enum doc_rc doc_extract_text(const void *data, size_t len, enum doc_type t, struct buf *out)
{
	size_t before = out->len;
	enum doc_rc rc = DOC_OK;
	doc_init();
	if (t == DOC_TYPE_PDF)
		rc = doc_pdf_text(data, len, DOC_MAX_TEXT, out);
	else if (t == DOC_TYPE_DOC)
		rc = doc_doc97_text(data, len, DOC_MAX_TEXT, out);
	else if (t == DOC_TYPE_DOCX || t == DOC_TYPE_ODT)
		rc = doc_zip_text(data, len, t, DOC_MAX_TEXT, out);
	if (rc != DOC_OK) {
		out->len = before;
		if (out->data)
			out->data[before] = '\0';
	} else if (out->len > before && has_latin1(out->data + before, out->len - before)) {
		fix_legacy_lines(out, before);
	}
	return rc;
}
