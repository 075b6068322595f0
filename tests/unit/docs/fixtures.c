/* Test fixtures for src/docs: PDFs with Cairo, ZIP packages with libarchive, hand-made headers. */
#include "fixtures.h"

#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <zlib.h>

static cairo_status_t to_buf(void *ctx, const unsigned char *data, unsigned int len)
{
	buf_append(ctx, data, len);
	return CAIRO_STATUS_SUCCESS;
}

void fx_pdf(struct buf *out, const char *const *pages, size_t n)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, 595, 842);
	cairo_t *cr = cairo_create(s);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
			       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 12);
	for (size_t i = 0; i < n; i++) {
		cairo_move_to(cr, 50, 100);
		cairo_show_text(cr, pages[i]);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
}

static la_ssize_t write_cb(struct archive *a, void *ctx, const void *data, size_t len)
{
	(void)a;
	buf_append(ctx, data, len);
	return (la_ssize_t)len;
}

void fx_zip(struct buf *out, const struct fx_entry *e, size_t n, const char *password)
{
	struct archive *a = archive_write_new();
	archive_write_set_format_zip(a);
	archive_write_set_bytes_in_last_block(a, 1);
	if (password) {
		archive_write_set_options(a, "zip:encryption=zipcrypt");
		archive_write_set_passphrase(a, password);
	}
	archive_write_open2(a, out, NULL, write_cb, NULL, NULL);
	char *zeros = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t size = e[i].size ? e[i].size : strlen(e[i].data);
		const char *data = e[i].data;
		if (!data)
			data = zeros = calloc(1, size);
		struct archive_entry *ae = archive_entry_new();
		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_size(ae, (la_int64_t)size);
		archive_write_header(a, ae);
		archive_write_data(a, data, size);
		archive_entry_free(ae);
		free(zeros);
		zeros = NULL;
	}
	archive_write_close(a);
	archive_write_free(a);
}

void fx_docx(struct buf *out, const char *body_xml)
{
	struct buf doc = BUF_INIT;
	buf_printf(&doc,
		   "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		   "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
		   "main\"><w:body>%s</w:body></w:document>",
		   body_xml);
	const struct fx_entry e[] = {
	    {"[Content_Types].xml",
	     "<?xml version=\"1.0\"?><Types "
	     "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
	     0},
	    {"_rels/.rels", "<Relationships/>", 0},
	    {"word/document.xml", doc.data, doc.len},
	};
	fx_zip(out, e, 3, NULL);
	buf_free(&doc);
}

void fx_odt(struct buf *out, const char *text_xml)
{
	struct buf doc = BUF_INIT;
	buf_printf(&doc,
		   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		   "<office:document-content "
		   "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
		   "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
		   "<office:body><office:text>%s</office:text></office:body>"
		   "</office:document-content>",
		   text_xml);
	const struct fx_entry e[] = {
	    {"mimetype", "application/vnd.oasis.opendocument.text", 0},
	    {"content.xml", doc.data, doc.len},
	};
	fx_zip(out, e, 2, NULL);
	buf_free(&doc);
}

/* Writes the objects, each numbered by its place, then the cross-reference table and trailer. */
static void pdf_objects(struct buf *out, const struct buf *objs, size_t n)
{
	size_t off[8];
	buf_puts(out, "%PDF-1.4\n");
	for (size_t i = 0; i < n; i++) {
		off[i] = out->len;
		buf_printf(out, "%zu 0 obj\n", i + 1);
		buf_append(out, objs[i].data, objs[i].len);
		buf_puts(out, "\nendobj\n");
	}
	size_t xref = out->len;
	buf_printf(out, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%010zu 00000 n \n", off[i]);
	buf_printf(out, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 1,
		   xref);
}

void fx_slow_pdf(struct buf *out, size_t pairs, unsigned times)
{
	fx_slow_pdf_after(out, pairs, times, NULL);
}

void fx_slow_pdf_after(struct buf *out, size_t pairs, unsigned times, const char *first)
{
	static const char head[] = "BT /F1 12 Tf 20 100 Td (Trang nang) Tj ET\n";
	struct buf objs[7] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT},
		   z = BUF_INIT;
	z_stream zs = {0};
	deflateInit(&zs, 9);
	unsigned char in[4096], chunk[65536];
	for (size_t i = 0; i < sizeof in; i += 4)
		memcpy(in + i, "q Q\n", 4);
	zs.next_in = (unsigned char *)head;
	zs.avail_in = sizeof head - 1;
	for (size_t left = pairs * 4;;) {
		int flush = zs.avail_in || left ? Z_NO_FLUSH : Z_FINISH;
		zs.next_out = chunk;
		zs.avail_out = sizeof chunk;
		int r = deflate(&zs, flush);
		buf_append(&z, chunk, sizeof chunk - zs.avail_out);
		if (r == Z_STREAM_END)
			break;
		if (!zs.avail_in && left) {
			size_t n = left < sizeof in ? left : sizeof in;
			zs.next_in = in;
			zs.avail_in = (unsigned)n;
			left -= n;
		}
	}
	deflateEnd(&zs);
	buf_puts(&objs[0], "<< /Type /Catalog /Pages 2 0 R >>");
	buf_puts(&objs[1], first ? "<< /Type /Pages /Kids [6 0 R 3 0 R] /Count 2 >>"
				 : "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
	buf_puts(&objs[2], "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources "
			   "<< /Font << /F1 5 0 R >> >> /Contents [");
	for (unsigned i = 0; i < times; i++)
		buf_puts(&objs[2], " 4 0 R");
	buf_puts(&objs[2], "] >>");
	buf_printf(&objs[3], "<< /Length %zu /Filter /FlateDecode >>\nstream\n", z.len);
	buf_append(&objs[3], z.data, z.len);
	buf_puts(&objs[3], "\nendstream");
	buf_puts(&objs[4], "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	size_t nobj = 5;
	if (first) { /* a page of text before the slow one (ASCII: the text is a PDF string) */
		buf_puts(&objs[5],
			 "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources "
			 "<< /Font << /F1 5 0 R >> >> /Contents 7 0 R >>");
		struct buf c = BUF_INIT;
		buf_printf(&c, "BT /F1 12 Tf 20 100 Td (%s) Tj ET", first);
		buf_printf(&objs[6], "<< /Length %zu >>\nstream\n%s\nendstream", c.len,
			   buf_cstr(&c));
		buf_free(&c);
		nobj = 7;
	}
	pdf_objects(out, objs, nobj);
	for (size_t i = 0; i < 7; i++)
		buf_free(&objs[i]);
	buf_free(&z);
}

void fx_encrypted_pdf(struct buf *out)
{
	static const char *const objs[] = {
	    "<< /Type /Catalog /Pages 2 0 R >>",
	    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
	    "<< /Filter /Standard /V 1 /R 2 /P -4 "
	    "/O <0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef> "
	    "/U <fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210> >>",
	};
	size_t off[4];
	buf_puts(out, "%PDF-1.4\n");
	for (size_t i = 0; i < 4; i++) {
		off[i] = out->len;
		buf_printf(out, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	size_t xref = out->len;
	buf_puts(out, "xref\n0 5\n0000000000 65535 f \n");
	for (size_t i = 0; i < 4; i++)
		buf_printf(out, "%010zu 00000 n \n", off[i]);
	buf_printf(
	    out,
	    "trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R "
	    "/ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\n"
	    "startxref\n%zu\n%%%%EOF\n",
	    xref);
}

void fx_ole(struct buf *out, const char *stream)
{
	static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	char block[4096];
	memset(block, 0, sizeof block);
	memcpy(block, magic, 8);
	block[0x1C] = (char)0xFE; /* little-endian byte order mark */
	block[0x1D] = (char)0xFF;
	block[0x1E] = 9; /* 512-byte sectors */
	for (size_t i = 0; stream[i] && i < 31; i++)
		block[1024 + 2 * i] = stream[i];
	buf_append(out, block, sizeof block);
}
