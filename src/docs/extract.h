/* Attachments of legal documents: their type by content, and the text inside PDF, DOC, DOCX and
 * ODT files. */
#ifndef GZ_DOCS_EXTRACT_H
#define GZ_DOCS_EXTRACT_H

#include <stddef.h>

#include "core/buf.h"

enum doc_type {
	DOC_TYPE_NONE = 0,
	DOC_TYPE_PDF,
	DOC_TYPE_DOC,
	DOC_TYPE_DOCX,
	DOC_TYPE_XLS,
	DOC_TYPE_XLSX,
	DOC_TYPE_ODT,
	DOC_TYPE_ODS,
	DOC_TYPE_MAX
};

enum doc_rc {
	DOC_OK = 0,
	DOC_BAD_TYPE,  /* none of the accepted types by content: 415 */
	DOC_MISMATCH,  /* the content is another accepted type than the name claims: 415 */
	DOC_ENCRYPTED, /* password-protected PDF or DOC, encrypted ZIP entries or OOXML: 422 */
	DOC_DAMAGED,   /* the right type, but it cannot be read: 422 */
	DOC_TOO_LARGE, /* over a limit (size, entries, uncompressed bytes, pages): 422 */
	DOC_TIMEOUT,   /* a PDF whose text was not read within DOC_PDF_SECONDS: 422 */
	DOC_RC_MAX
};

/* Limits of one extraction; the file's own size limit (50 MB) is the caller's. */
#define DOC_MAX_TEXT (4u << 20) /* text kept for the index; the rest is dropped */
#define DOC_MAX_ENTRIES 10000   /* entries of a ZIP container */
#define DOC_MAX_XML (64u << 20) /* uncompressed bytes of the one XML part (or DOC stream) read */
#define DOC_MAX_PAGES 5000      /* PDF pages read */
#define DOC_PDF_SECONDS 15      /* wall-clock budget of a PDF's text (its child is killed then) */
#define DOC_MAX_MS (DOC_PDF_SECONDS * 1000)
#define DOC_PDF_MEMORY (1u << 30) /* address space a PDF's child may add to the server's */

/* Starts the content-type library once (before request threads). Returns 0 or -1. */
int doc_init(void);

/* libmagic's MIME type of data[0..len) copied into out (outsz > 0), "" when it cannot tell or
 * did not start. Thread-safe. */
void doc_magic_type(const void *data, size_t len, char *out, size_t outsz);

/*
 * The type of data[0..len) by its content: PDF, OLE Word or Excel, OOXML or ODF told apart by the
 * ZIP's entries ([Content_Types].xml and its main part; the `mimetype` entry). DOC_BAD_TYPE for
 * anything else, DOC_ENCRYPTED for an encrypted OOXML package (an OLE file holding
 * "EncryptedPackage"). Thread-safe.
 */
enum doc_rc doc_sniff(const void *data, size_t len, enum doc_type *out);

/*
 * doc_sniff, then the type claimed by the file name's extension (case-insensitive) must be the one
 * found: DOC_MISMATCH otherwise (DOC_BAD_TYPE for a name without an accepted extension).
 */
enum doc_rc doc_check(const void *data, size_t len, const char *name, enum doc_type *out);

/* The type an extension names ("pdf", "DOCX"...), or DOC_TYPE_NONE. */
enum doc_type doc_type_from_ext(const char *ext);

/* "pdf", "docx"... and the Content-Type to serve; static strings ("" and NULL for NONE). */
const char *doc_type_ext(enum doc_type t);
const char *doc_type_mime(enum doc_type t);
/* Upper-case label for people ("PDF", "DOCX"). */
const char *doc_type_label(enum doc_type t);

/*
 * Appends the text of a PDF, DOC (Word 97-2003), DOCX or ODT (paragraphs separated by newlines) to
 * out, at most DOC_MAX_TEXT bytes (cut at a character boundary); lines typed in a TCVN3 or VNI
 * font, which read as Latin-1 letters, are decoded to Unicode. Other types append nothing and
 * succeed. On failure out is left as it was. Never crashes on hostile input; memory and time are
 * bounded by the limits above. A PDF is read by poppler in a child process (docs/pdf.c), killed at
 * DOC_PDF_SECONDS (DOC_TIMEOUT): the calling thread waits for it. Thread-safe.
 */
enum doc_rc doc_extract_text(const void *data, size_t len, enum doc_type t, struct buf *out);

/* A Vietnamese sentence for people about rc (static). */
const char *doc_rc_message(enum doc_rc rc);

#endif
