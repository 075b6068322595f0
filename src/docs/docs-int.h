/* Private parts of src/docs: the PDF, Word 97 and ZIP/XML readers behind extract.c. */
#ifndef GZ_DOCS_INT_H
#define GZ_DOCS_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "docs/extract.h"

/* What a ZIP container holds, for telling OOXML and ODF apart. */
struct doc_zip_info {
	bool content_types;      /* [Content_Types].xml: an OOXML package */
	bool word_document;      /* word/document.xml */
	bool xl_workbook;        /* xl/workbook.xml */
	bool odf_encrypted;      /* META-INF/manifest.xml describes encrypted entries */
	enum doc_type main_type; /* DOCX or XLSX as [Content_Types].xml names the main part */
	char main_part[256];     /* that part's entry name ("word/document2.xml"), "" when none */
	char mimetype[96];       /* the ODF `mimetype` entry's content, "" when absent */
};

/* Lists the entries of the ZIP in data and reads the small parts that tell what it is
 * ([Content_Types].xml, `mimetype`, META-INF/manifest.xml). DOC_DAMAGED, DOC_ENCRYPTED or
 * DOC_TOO_LARGE on failure. */
enum doc_rc doc_zip_scan(const void *data, size_t len, struct doc_zip_info *info);

/* Text of the main part of a DOCX (word/document.xml, or the part [Content_Types].xml names: Word
 * Online writes word/document2.xml) or of content.xml (ODT), appended to out (at most max bytes).
 */
enum doc_rc doc_zip_text(const void *data, size_t len, enum doc_type t, size_t max,
			 struct buf *out);

/* Text of every page of a PDF, appended to out (at most max bytes), read in a child process
 * killed at the time budget (DOC_TIMEOUT); DOC_DAMAGED when the child crashes or runs out of its
 * memory. */
enum doc_rc doc_pdf_text(const void *data, size_t len, size_t max, struct buf *out);

/* For tests and fuzz targets, which link the reader directly (never the program): the budget in
 * milliseconds (DOC_MAX_MS until set) and whether poppler runs in the calling process instead of
 * a child (the fuzz targets, whose coverage a child would hide). Call before any extraction. */
void doc_pdf_tune(long budget_ms, bool in_process);

/* Main text of a Word 97-2003 document (the OLE2 file's WordDocument and table streams),
 * appended to out (at most max bytes): paragraphs, line and page breaks as newlines, table cells
 * separated by tabs, only the results of fields. DOC_ENCRYPTED for a password-protected or
 * obfuscated file, DOC_DAMAGED when the container, the FIB or the piece table cannot be read or
 * points outside its stream, DOC_TOO_LARGE for a stream over DOC_MAX_XML. A Word 6.0/95 file
 * succeeds with no text. */
enum doc_rc doc_doc97_text(const void *data, size_t len, size_t max, struct buf *out);

/* Appends s[0..n) to out without letting out grow past max; cuts at a UTF-8 character boundary.
 * Returns false once the limit is reached. */
bool doc_append_capped(struct buf *out, size_t base, size_t max, const char *s, size_t n);

#endif
