/* Test fixtures: Word 97-2003 documents, the FIB, piece table and text written here by [MS-DOC],
 * the OLE2 container by libgsf's writer. */
#include <stdint.h>
#include <string.h>

#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-utils.h>

#include "fixtures.h"

#define TEXT_AT 1024 /* the text follows the FIB (900 bytes) */

static void put16(struct buf *b, size_t at, uint16_t v)
{
	b->data[at] = (char)(v & 0xFF);
	b->data[at + 1] = (char)(v >> 8);
}

static void put32(struct buf *b, size_t at, uint32_t v)
{
	put16(b, at, (uint16_t)(v & 0xFFFF));
	put16(b, at + 2, (uint16_t)(v >> 16));
}

static void app16(struct buf *b, uint16_t v)
{
	buf_append(b, "\0\0", 2);
	put16(b, b->len - 2, v);
}

static void app32(struct buf *b, uint32_t v)
{
	buf_append(b, "\0\0\0\0", 4);
	put32(b, b->len - 4, v);
}

/* The next code point of UTF-8 text (the tests' own, well-formed). */
static uint32_t next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];
	size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (n > 1)
		c &= 0xFFu >> (n + 1);
	for (size_t i = 1; i < n; i++)
		c = c << 6 | (p[i] & 0x3Fu);
	*s = p + n;
	return c;
}

static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static char cp1252_byte(uint32_t c)
{
	if (c < 0x80 || (c >= 0xA0 && c <= 0xFF))
		return (char)c;
	for (int i = 0; i < 32; i++)
		if (cp1252_c1[i] == c)
			return (char)(0x80 + i);
	return '?';
}

/* Appends a piece's text to the WordDocument stream; returns its length in characters. */
static uint32_t put_piece(struct buf *w, const struct fx_piece *p)
{
	const unsigned char *s = (const unsigned char *)p->text;
	uint32_t n = 0;
	while (*s) {
		uint32_t c = next_cp(&s);
		if (p->compressed) {
			buf_putc(w, cp1252_byte(c));
		} else if (c >= 0x10000) {
			app16(w, (uint16_t)(0xD800 + ((c - 0x10000) >> 10)));
			app16(w, (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF)));
			n++;
		} else {
			app16(w, (uint16_t)c);
		}
		n++;
	}
	return n;
}

/* The FIB of Word 97: FibBase, fibRgW (14 words), fibRgLw (22), fibRgFcLcb97 (93 pairs). */
static void put_fib(struct buf *w, const struct fx_doc97 *d)
{
	while (w->len < TEXT_AT)
		buf_putc(w, 0);
	put16(w, 0, d->flaw == FX_DOC_BAD_IDENT ? 0xA5DC : 0xA5EC);
	put16(w, 2, d->flaw == FX_DOC_WORD95 ? 0x0068 : 0x00C1);
	put16(w, 6, 0x042A); /* lid: Vietnamese */
	put16(w, 10,
	      (uint16_t)((d->table0 ? 0 : 0x0200) | (d->flaw == FX_DOC_ENCRYPTED ? 0x0100 : 0)));
	put16(w, 12, 0x00BF);
	put16(w, 0x20, 14);
	put16(w, 0x3E, 22);
	put16(w, 0x98, 93);
}

static void put_clx(struct buf *t, const struct fx_doc97 *d, const uint32_t *cps,
		    const uint32_t *fcs)
{
	if (d->prc || d->flaw == FX_DOC_PRC_OVERRUN) {
		buf_putc(t, 0x01);
		app16(t, d->flaw == FX_DOC_PRC_OVERRUN ? 0x7000 : 4);
		buf_append(t, "\x08\x08\x01\x00", 4); /* a GrpPrl: sprmCFBold on */
	}
	buf_putc(t, d->flaw == FX_DOC_NO_PCDT ? 0x03 : 0x02);
	app32(t, (uint32_t)(4 * (d->n + 1) + 8 * d->n));
	for (size_t i = 0; i <= d->n; i++)
		app32(t, cps[i]);
	for (size_t i = 0; i < d->n; i++) {
		app16(t, 0);
		app32(t, fcs[i]);
		app16(t, 0);
	}
}

/* One ChpxFkp page at the end of WordDocument with one run per piece (starts[0..n] their byte
 * bounds), and the PlcBteChpx naming it at the end of the table stream; the FIB points to it. */
static void put_chpx(struct buf *w, struct buf *t, const struct fx_doc97 *d, const uint32_t *starts)
{
	/* sprmCFBold on, sprmCHps 12 pt, sprmCFRMarkDel on */
	static const char chpx[] = "\x0A\x35\x08\x01\x43\x4A\x18\x00\x00\x08\x01";
	size_t n = d->n < 63 ? d->n : 63;
	while (w->len % 512)
		buf_putc(w, 0);
	size_t page = w->len;
	for (size_t i = 0; i < 512; i++)
		buf_putc(w, 0);
	for (size_t i = 0; i <= n; i++)
		put32(w, page + 4 * i, starts[i]);
	for (size_t i = 0; i < n; i++)
		w->data[page + 4 * (n + 1) + i] = d->pieces[i].deleted ? (char)(0x1E0 / 2) : 0;
	memcpy(w->data + page + 0x1E0, chpx, sizeof chpx - 1);
	w->data[page + 511] = (char)n;
	size_t fc = t->len;
	app32(t, starts[0]);
	app32(t, starts[n]);
	app32(t, (uint32_t)(page / 512));
	put32(w, 0x9A + 12 * 8, (uint32_t)fc);
	put32(w, 0x9A + 12 * 8 + 4, 12);
}

static void ole_child(GsfOutfile *ole, const char *name, const struct buf *b)
{
	GsfOutput *s = gsf_outfile_new_child(ole, name, FALSE);
	if (b->len)
		gsf_output_write(s, b->len, (const guint8 *)b->data);
	gsf_output_close(s);
	g_object_unref(s);
}

static void write_ole(struct buf *out, const struct fx_doc97 *d, const struct buf *w,
		      const struct buf *t)
{
	gsf_init();
	GsfOutput *mem = gsf_output_memory_new();
	GsfOutfile *ole = gsf_outfile_msole_new(mem);
	ole_child(ole, "WordDocument", w);
	if (d->flaw != FX_DOC_NO_TABLE)
		ole_child(ole, d->table0 ? "0Table" : "1Table", t);
	gsf_output_close(GSF_OUTPUT(ole));
	g_object_unref(ole);
	const guint8 *bytes = gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(mem));
	buf_append(out, bytes, (size_t)gsf_output_size(mem));
	g_object_unref(mem);
}

void fx_doc97(struct buf *out, const struct fx_doc97 *d)
{
	struct buf w = BUF_INIT, t = BUF_INIT;
	uint32_t cps[64], fcs[64], starts[64];
	size_t main = d->main ? d->main : d->n;
	put_fib(&w, d);
	cps[0] = 0;
	uint32_t ccp = 0;
	for (size_t i = 0; i < d->n && i < 63; i++) {
		size_t at = w.len;
		starts[i] = (uint32_t)at;
		fcs[i] = d->pieces[i].compressed ? (uint32_t)(at * 2) | 0x40000000u : (uint32_t)at;
		cps[i + 1] = cps[i] + put_piece(&w, &d->pieces[i]);
		if (i < main)
			ccp = cps[i + 1];
		starts[i + 1] = (uint32_t)w.len;
	}
	if (d->flaw == FX_DOC_PIECE_OUTSIDE && d->n)
		fcs[0] += 1u << 20;
	if (d->flaw == FX_DOC_CP_BACKWARDS && d->n)
		cps[0] = cps[1] + 1;
	if (d->flaw == FX_DOC_HUGE_CCP && d->n)
		ccp = cps[d->n] = 0xFFFFFFF0u;
	put32(&w, 0x40, (uint32_t)w.len);      /* cbMac */
	put32(&w, 0x40 + 3 * 4, ccp);          /* ccpText */
	buf_append(&t, "\0\0\0\0\0\0\0\0", 8); /* the Clx does not start the stream */
	put_clx(&t, d, cps, fcs);
	uint32_t lcb = (uint32_t)t.len - 8 + (d->flaw == FX_DOC_CLX_OUTSIDE ? 1000 : 0);
	if (d->n && d->flaw != FX_DOC_SHORT_FIB)
		put_chpx(&w, &t, d, starts);
	put32(&w, 0x9A + 33 * 8, 8);       /* fcClx */
	put32(&w, 0x9A + 33 * 8 + 4, lcb); /* lcbClx */
	if (d->flaw == FX_DOC_SHORT_FIB)
		w.len = 32;
	write_ole(out, d, &w, &t);
	buf_free(&w);
	buf_free(&t);
}
