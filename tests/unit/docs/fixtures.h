/* Test fixtures for src/docs made on the fly: PDFs drawn with Cairo, ZIP packages written with
 * libarchive, a hand-made encrypted PDF and OLE headers, Word 97 documents (FIB, piece table and
 * text written here, the OLE2 container by libgsf). Shared by the unit test and the fuzz seeds. */
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

/* A one-page PDF whose page draws `pairs` "q Q" operators (one Flate stream, ~1000 times smaller
 * than it inflates to) `times` times over: poppler spends seconds inside that one page. */
void fx_slow_pdf(struct buf *out, size_t pairs, unsigned times);
/* The same page after a page whose text is `first` (ASCII), when first is not NULL. */
void fx_slow_pdf_after(struct buf *out, size_t pairs, unsigned times, const char *first);

/* A PDF with a Standard security handler whose user password is not empty. */
void fx_encrypted_pdf(struct buf *out);

/* The first 4 KiB of an OLE compound file naming the stream `stream` in its directory. */
void fx_ole(struct buf *out, const char *stream);

/* A piece of a Word 97 document's text, given in UTF-8: compressed (Windows-1252 bytes, '?' for
 * characters it lacks) or UTF-16LE. Control characters (0x07 cell, 0x0D paragraph, 0x13-0x15
 * field marks...) are written as they are. With deleted, its run's character properties mark it
 * deleted with revision marks (sprmCFRMarkDel), as Word keeps a tracked deletion. */
struct fx_piece {
	const char *text;
	bool compressed;
	bool deleted;
};

/* What to break in a generated Word 97 document. */
enum fx_doc_flaw {
	FX_DOC_SOUND = 0,
	FX_DOC_ENCRYPTED,     /* fEncrypted set */
	FX_DOC_WORD95,        /* nFib of Word 95 */
	FX_DOC_BAD_IDENT,     /* wIdent is not 0xA5EC */
	FX_DOC_SHORT_FIB,     /* WordDocument holds only the FibBase */
	FX_DOC_NO_TABLE,      /* the table stream is missing */
	FX_DOC_CLX_OUTSIDE,   /* fcClx + lcbClx past the table stream's end */
	FX_DOC_PRC_OVERRUN,   /* a Prc whose cbGrpprl runs past the Clx */
	FX_DOC_NO_PCDT,       /* the Clx holds no Pcdt */
	FX_DOC_PIECE_OUTSIDE, /* the first piece's fc points past WordDocument */
	FX_DOC_CP_BACKWARDS,  /* the piece table's CPs go down */
	FX_DOC_HUGE_CCP,      /* ccpText far larger than the stream */
	FX_DOC_FLAW_MAX
};

/* A Word 97-2003 document whose text is the pieces, in order, one character run each (a ChpxFkp
 * after the text, listed by a PlcBteChpx after the Clx); the first `main` pieces are the
 * main text (ccpText), the others a story after it (footnotes, headers); main 0: all. With
 * table0, the table stream is 0Table (else 1Table); with prc, a Prc precedes the Pcdt. */
struct fx_doc97 {
	const struct fx_piece *pieces;
	size_t n, main;
	bool table0, prc;
	enum fx_doc_flaw flaw;
};

void fx_doc97(struct buf *out, const struct fx_doc97 *d);

#endif
