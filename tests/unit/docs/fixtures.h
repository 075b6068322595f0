/* Test fixtures for src/docs made on the fly: PDFs drawn with Cairo, ZIP packages written with
 * libarchive, a hand-made encrypted PDF and OLE headers. Shared by the unit test and the fuzz
 * seeds. */
#ifndef GZ_TESTS_DOCS_FIXTURES_H
#define GZ_TESTS_DOCS_FIXTURES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

struct fx_entry {
	const char *name;
	const char *data; /* NULL: `size` zero bytes */
	size_t size;      /* 0: strlen(data) */
};

/* A PDF with one page per string of pages[0..n). */
void fx_pdf(struct buf *out, const char *const *pages, size_t n);

/* A ZIP of the entries (deflated); with a password, every entry is ZipCrypto-encrypted. */
void fx_zip(struct buf *out, const struct fx_entry *e, size_t n, const char *password);

/* A DOCX whose body is the given WordprocessingML paragraphs ("<w:p>...</w:p>..."). */
void fx_docx(struct buf *out, const char *body_xml);

/* An ODT whose office:text holds the given XML. */
void fx_odt(struct buf *out, const char *text_xml);

/* A PDF with a Standard security handler whose user password is not empty. */
void fx_encrypted_pdf(struct buf *out);

/* The first 4 KiB of an OLE compound file naming the stream `stream` in its directory. */
void fx_ole(struct buf *out, const char *stream);

#endif
