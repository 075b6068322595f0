/* The text of a Word 97-2003 document (.doc): the OLE2 container read with libgsf, then the FIB,
 * the piece table and the pieces of the main text as [MS-DOC] describes them; every length and
 * offset of the file is checked before it is used. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-utils.h>

#include "docs/docs-int.h"

/* FibBase ([MS-DOC] 2.5.2) */
#define FIB_IDENT 0xA5EC      /* wIdent of a Word binary file */
#define FIB_NFIB_97 0x00C0    /* below: Word 6.0/95, whose FIB is laid out otherwise */
#define FIB_ENCRYPTED 0x0100  /* fEncrypted */
#define FIB_WHICH_TBL 0x0200  /* fWhichTblStm: the table stream is 1Table, else 0Table */
#define FIB_OBFUSCATED 0x8000 /* fObfuscated (XOR); set only with fEncrypted, checked anyway */
#define FIB_BASE_SIZE 32
/* the fields read from the FIB's variable parts, by index in their arrays */
#define LW_CCP_TEXT 3 /* fibRgLw: cbMac, reserved1, reserved2, ccpText */
#define FCLCB_CHPX 12 /* fibRgFcLcb: (fcPlcfBteChpx, lcbPlcfBteChpx), the character runs */
#define FCLCB_CLX 33  /* fibRgFcLcb: the (fcClx, lcbClx) pair */

/* Character properties ([MS-DOC] 2.9.32 ChpxFkp, 2.2.5.1 Sprm) */
#define FKP_SIZE 512
#define FKP_MAX_RUNS 0x65
#define PN_MASK 0x3FFFFFu       /* PnFkpChpx.pn: the FKP's page in WordDocument */
#define SPRM_CFRMARKDEL 0x0800u /* deleted with revision marks (tracked) */
#define SPRM_TDEFTABLE 0xD608u  /* the one variable operand whose size takes two bytes */

/* Clx ([MS-DOC] 2.9.38): Prc entries, then the Pcdt holding the PlcPcd */
#define CLX_PRC 0x01
#define CLX_PCDT 0x02
#define PCD_SIZE 8
#define PCD_COMPRESSED 0x40000000u /* FcCompressed.fCompressed */
#define PCD_FC_MASK 0x3FFFFFFFu

#define FIELD_DEPTH 32 /* nesting tracked exactly; deeper fields count as hidden */
#define CHUNK 4096     /* UTF-8 bytes gathered before they are appended */

/* Bytes of the file, checked reads of little-endian integers. */
struct span {
	const uint8_t *p;
	size_t n;
};

static bool get16(struct span s, size_t off, uint16_t *v)
{
	if (off > s.n || s.n - off < 2)
		return false;
	*v = (uint16_t)(s.p[off] | s.p[off + 1] << 8);
	return true;
}

static bool get32(struct span s, size_t off, uint32_t *v)
{
	if (off > s.n || s.n - off < 4)
		return false;
	*v = (uint32_t)s.p[off] | (uint32_t)s.p[off + 1] << 8 | (uint32_t)s.p[off + 2] << 16 |
	     (uint32_t)s.p[off + 3] << 24;
	return true;
}

/* What the FIB says: the flags, the main text's length and where the piece table is. */
struct fib {
	uint16_t nfib, flags;
	uint32_t ccp_text;
	uint32_t fc_clx, lcb_clx;
	uint32_t fc_chpx, lcb_chpx;
};

/* Walks FibBase, fibRgW, fibRgLw and fibRgFcLcb by their own counts ([MS-DOC] 2.5.15). */
static enum doc_rc fib_parse(struct span w, struct fib *f)
{
	uint16_t ident, csw, cslw, cb;
	if (!get16(w, 0, &ident) || ident != FIB_IDENT || !get16(w, 2, &f->nfib) ||
	    !get16(w, 10, &f->flags))
		return DOC_DAMAGED;
	if (f->flags & (FIB_ENCRYPTED | FIB_OBFUSCATED))
		return DOC_ENCRYPTED;
	if (f->nfib < FIB_NFIB_97)
		return DOC_OK; /* Word 6.0/95: the caller reads no text */
	size_t off = FIB_BASE_SIZE;
	if (!get16(w, off, &csw))
		return DOC_DAMAGED;
	off += 2 + (size_t)csw * 2;
	if (!get16(w, off, &cslw) || cslw <= LW_CCP_TEXT ||
	    !get32(w, off + 2 + LW_CCP_TEXT * 4, &f->ccp_text))
		return DOC_DAMAGED;
	off += 2 + (size_t)cslw * 4;
	if (!get16(w, off, &cb) || cb <= FCLCB_CLX ||
	    !get32(w, off + 2 + FCLCB_CLX * 8, &f->fc_clx) ||
	    !get32(w, off + 2 + FCLCB_CLX * 8 + 4, &f->lcb_clx) ||
	    !get32(w, off + 2 + FCLCB_CHPX * 8, &f->fc_chpx) ||
	    !get32(w, off + 2 + FCLCB_CHPX * 8 + 4, &f->lcb_chpx))
		return DOC_DAMAGED;
	return DOC_OK;
}

/* The PlcPcd inside the Clx: after any number of Prc entries, a Pcdt (clxt 2, lcb, PlcPcd). */
static enum doc_rc clx_plcpcd(struct span clx, struct span *plc, size_t *npieces)
{
	size_t i = 0;
	while (i < clx.n && clx.p[i] == CLX_PRC) {
		uint16_t cb; /* cbGrpprl: signed, never negative */
		if (!get16(clx, i + 1, &cb) || cb > 0x7FFF)
			return DOC_DAMAGED;
		i += 3 + (size_t)cb;
	}
	uint32_t lcb;
	if (i >= clx.n || clx.p[i] != CLX_PCDT || !get32(clx, i + 1, &lcb))
		return DOC_DAMAGED;
	i += 5;
	/* n pieces: n + 1 CPs of 4 bytes, then n Pcds of 8 */
	if (lcb > clx.n - i || lcb < 4 + 4 + PCD_SIZE || (lcb - 4) % (4 + PCD_SIZE) != 0)
		return DOC_DAMAGED;
	*plc = (struct span){clx.p + i, lcb};
	*npieces = (lcb - 4) / (4 + PCD_SIZE);
	return DOC_OK;
}

/* ---- tracked deletions ---------------------------------------------------------------- */

/*
 * Word keeps deleted text whose deletion is tracked in the pieces like any other, with the
 * character property sprmCFRMarkDel set on its runs. The runs' properties are in the ChpxFkp
 * pages of WordDocument that the PlcBteChpx of the table stream lists; the byte ranges of the
 * runs marked deleted are gathered once, and the pieces' characters inside them are skipped.
 * Not read: a piece's own properties (the Prm of its Pcd), which only a fast-saved file
 * (Word 97-2002's "Allow fast saves") uses to change properties after the FKPs were written; a
 * deletion tracked in such a save shows until the file is saved in full.
 */
struct range {
	uint32_t fc0, fc1;
};

struct dels {
	struct range *r; /* sorted, merged, owned */
	size_t n, cap;
	size_t at; /* cursor of dels_has, which goes forward within a piece */
};

static void dels_add(struct dels *d, uint32_t fc0, uint32_t fc1)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->r = xrealloc(d->r, d->cap * sizeof *d->r);
	}
	d->r[d->n++] = (struct range){fc0, fc1};
}

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return x->fc0 < y->fc0 ? -1 : x->fc0 > y->fc0;
}

/* Sorts the ranges and merges those that overlap or touch. */
static void dels_sort(struct dels *d)
{
	if (d->n < 2)
		return;
	qsort(d->r, d->n, sizeof *d->r, range_cmp);
	size_t k = 0;
	for (size_t i = 1; i < d->n; i++) {
		if (d->r[i].fc0 <= d->r[k].fc1) {
			if (d->r[i].fc1 > d->r[k].fc1)
				d->r[k].fc1 = d->r[i].fc1;
		} else {
			d->r[++k] = d->r[i];
		}
	}
	d->n = k + 1;
}

/* Places the cursor on the first range that ends after fc. */
static void dels_seek(struct dels *d, size_t fc)
{
	size_t lo = 0, hi = d->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->r[mid].fc1 <= fc)
			lo = mid + 1;
		else
			hi = mid;
	}
	d->at = lo;
}

/* True when the byte at fc is in a deleted run; fc grows from the last dels_seek on. */
static bool dels_has(struct dels *d, size_t fc)
{
	while (d->at < d->n && d->r[d->at].fc1 <= fc)
		d->at++;
	return d->at < d->n && d->r[d->at].fc0 <= fc;
}

/* The size of a Sprm's operand ([MS-DOC] 2.2.5.1: by its spra; spra 6 is variable, its size in
 * the first byte, or the first two for sprmTDefTable) at p[0..n); 0 when it does not fit. */
static size_t operand_size(uint16_t sprm, const uint8_t *p, size_t n)
{
	static const uint8_t fixed[8] = {1, 1, 2, 4, 2, 2, 0, 3};
	unsigned spra = sprm >> 13;
	size_t k = fixed[spra];
	if (spra == 6 && sprm == SPRM_TDEFTABLE)
		k = n >= 2 ? 1 + (size_t)(p[0] | p[1] << 8) : 0; /* cb counts itself less one */
	else if (spra == 6)
		k = n >= 1 ? 1 + (size_t)p[0] : 0;
	return k <= n ? k : 0;
}

/* True when a grpprl leaves sprmCFRMarkDel set (a Bool8, or a ToggleOperand: 0x81 is on as
 * well); a Prl that runs past the end ends the walk. */
static bool grpprl_deleted(const uint8_t *p, size_t n)
{
	bool del = false;
	size_t i = 0;
	while (n - i >= 2) {
		uint16_t sprm = (uint16_t)(p[i] | p[i + 1] << 8);
		i += 2;
		size_t k = operand_size(sprm, p + i, n - i);
		if (!k)
			break;
		if (sprm == SPRM_CFRMARKDEL)
			del = p[i] & 1;
		i += k;
	}
	return del;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The runs of one ChpxFkp marked deleted, into d: crun in its last byte, crun + 1 FCs, then
 * crun word offsets of each run's Chpx (cb, grpprl) in the page, 0 for none. */
static void fkp_dels(const uint8_t *page, struct dels *d)
{
	unsigned crun = page[FKP_SIZE - 1];
	if (crun == 0 || crun > FKP_MAX_RUNS)
		return;
	const uint8_t *rgb = page + 4 * (crun + 1);
	for (unsigned i = 0; i < crun; i++) {
		size_t off = (size_t)rgb[i] * 2, cb;
		if (!off || off >= FKP_SIZE - 1 || off + 1 + (cb = page[off]) > FKP_SIZE - 1 ||
		    !grpprl_deleted(page + off + 1, cb))
			continue;
		uint32_t fc0 = rd32(page + 4 * i), fc1 = rd32(page + 4 * (i + 1));
		if (fc1 > fc0)
			dels_add(d, fc0, fc1);
	}
}

/* ---- the text ------------------------------------------------------------------------- */

/* Turns the characters of the main text into UTF-8 lines, keeping only fields' results. */
struct writer {
	struct dels *dels; /* runs to skip */
	struct buf *out;
	size_t base, max;
	bool full;              /* the text limit was reached */
	uint32_t prev;          /* the last character kept, for the second cell mark of a row */
	uint16_t high;          /* a UTF-16 high surrogate waiting for its low half, or 0 */
	unsigned depth;         /* fields open, up to FIELD_DEPTH */
	unsigned deeper;        /* fields open beyond FIELD_DEPTH */
	unsigned in_code;       /* fields open whose code (before the separator) is being read */
	bool code[FIELD_DEPTH]; /* per open field: still in its code */
	char chunk[CHUNK];
	size_t n;
};

static void flush(struct writer *w)
{
	if (w->n && !w->full)
		w->full = !doc_append_capped(w->out, w->base, w->max, w->chunk, w->n);
	w->n = 0;
}

static void put_utf8(struct writer *w, uint32_t c)
{
	if (w->n > CHUNK - 4)
		flush(w);
	char *p = w->chunk + w->n;
	if (c < 0x80) {
		p[0] = (char)c;
		w->n += 1;
	} else if (c < 0x800) {
		p[0] = (char)(0xC0 | c >> 6);
		p[1] = (char)(0x80 | (c & 0x3F));
		w->n += 2;
	} else if (c < 0x10000) {
		p[0] = (char)(0xE0 | c >> 12);
		p[1] = (char)(0x80 | (c >> 6 & 0x3F));
		p[2] = (char)(0x80 | (c & 0x3F));
		w->n += 3;
	} else {
		p[0] = (char)(0xF0 | c >> 18);
		p[1] = (char)(0x80 | (c >> 12 & 0x3F));
		p[2] = (char)(0x80 | (c >> 6 & 0x3F));
		p[3] = (char)(0x80 | (c & 0x3F));
		w->n += 4;
	}
}

/* Field marks: 0x13 begins a field's code, 0x14 begins its result, 0x15 ends it. Text shows
 * only when every open field is in its result. Returns false for other characters. */
static bool field_mark(struct writer *w, uint32_t c)
{
	if (c == 0x13) {
		if (w->depth < FIELD_DEPTH && !w->deeper) {
			w->code[w->depth++] = true;
			w->in_code++;
		} else {
			w->deeper++;
		}
	} else if (c == 0x14) {
		if (!w->deeper && w->depth && w->code[w->depth - 1]) {
			w->code[w->depth - 1] = false;
			w->in_code--;
		}
	} else if (c == 0x15) {
		if (w->deeper)
			w->deeper--;
		else if (w->depth && w->code[--w->depth])
			w->in_code--;
	} else {
		return false;
	}
	return true;
}

/* One character of the main text ([MS-DOC] 2.8.25 for the special ones). */
static void put_char(struct writer *w, uint32_t c)
{
	if (field_mark(w, c) || w->in_code || w->deeper)
		return;
	uint32_t kept = c;
	switch (c) {
	case 0x0D: /* paragraph */
	case 0x0B: /* line break */
	case 0x0C: /* page or section break */
	case 0x0E: /* column break */
		c = '\n';
		break;
	case 0x07: /* end of a cell; the second mark in a row ends the table row */
		c = w->prev == 0x07 ? '\n' : '\t';
		kept = w->prev == 0x07 ? '\n' : 0x07;
		break;
	case 0x1E: /* non-breaking hyphen */
		c = '-';
		break;
	case 0xA0: /* no-break space */
		c = ' ';
		break;
	default:
		if (c < 0x20 && c != '\t')
			return; /* object anchors (0x01, 0x08), optional hyphen (0x1F), others */
	}
	w->prev = kept;
	put_utf8(w, c);
}

/* A UTF-16 code unit of a Unicode piece; a lone surrogate is dropped. */
static void put_unit(struct writer *w, uint16_t u)
{
	if (u >= 0xD800 && u < 0xDC00) {
		w->high = u;
		return;
	}
	if (u >= 0xDC00 && u < 0xE000) {
		if (w->high)
			put_char(w, 0x10000 + ((uint32_t)(w->high - 0xD800) << 10) + (u - 0xDC00u));
		w->high = 0;
		return;
	}
	w->high = 0;
	put_char(w, u);
}

/* Windows-1252 0x80..0x9F; 0 where it defines nothing (the byte then stands for itself). */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* A byte of a compressed piece: a Windows-1252 character ([MS-DOC] 2.4.1). */
static void put_byte(struct writer *w, uint8_t b)
{
	w->high = 0;
	if (b >= 0x80 && b < 0xA0 && cp1252_c1[b - 0x80])
		put_char(w, cp1252_c1[b - 0x80]);
	else
		put_char(w, b);
}

/* The main text's part of piece k: CPs [cp0, cp1) of the text, stored at fc. */
static enum doc_rc piece_text(struct writer *w, struct span word, struct span plc, size_t np,
			      size_t k, uint32_t ccp_text, size_t *budget)
{
	uint32_t cp0, cp1, fc;
	if (!get32(plc, k * 4, &cp0) || !get32(plc, (k + 1) * 4, &cp1) ||
	    !get32(plc, (np + 1) * 4 + k * PCD_SIZE + 2, &fc))
		return DOC_DAMAGED;
	if (cp1 < cp0)
		return DOC_DAMAGED; /* CPs only grow */
	if (cp0 >= ccp_text)
		return DOC_OK;
	size_t count = (cp1 < ccp_text ? cp1 : ccp_text) - cp0;
	/* pieces may not overlap in CPs, but could in bytes: read no more characters than the
	 * stream holds bytes, so that a hostile piece table cannot make the work unbounded */
	if (count > *budget)
		return DOC_DAMAGED;
	*budget -= count;
	bool compressed = fc & PCD_COMPRESSED;
	size_t off = compressed ? (fc & PCD_FC_MASK) / 2 : fc & PCD_FC_MASK;
	size_t bytes = compressed ? count : count * 2;
	if (off > word.n || bytes > word.n - off)
		return DOC_DAMAGED;
	const uint8_t *p = word.p + off;
	dels_seek(w->dels, off);
	for (size_t i = 0; i < count && !w->full; i++) {
		if (dels_has(w->dels, compressed ? off + i : off + 2 * i))
			continue;
		if (compressed)
			put_byte(w, p[i]);
		else
			put_unit(w, (uint16_t)(p[2 * i] | p[2 * i + 1] << 8));
	}
	return DOC_OK;
}

/* Every piece's part of the main text, in CP order. */
static enum doc_rc pieces_text(struct span word, struct span plc, size_t np, uint32_t ccp_text,
			       struct dels *dels, size_t max, struct buf *out)
{
	struct writer wr = {.dels = dels, .out = out, .base = out->len, .max = max}, *w = &wr;
	size_t budget = word.n;
	enum doc_rc rc = DOC_OK;
	for (size_t k = 0; k < np && rc == DOC_OK && !w->full; k++)
		rc = piece_text(w, word, plc, np, k, ccp_text, &budget);
	flush(w);
	if (rc == DOC_OK && out->len > w->base && out->data[out->len - 1] != '\n')
		doc_append_capped(out, w->base, max, "\n", 1);
	return rc;
}

/* A stream of the compound file, whole, into memory the caller frees; at most limit bytes. */
static enum doc_rc read_stream(GsfInfile *ole, const char *name, size_t limit, struct span *s)
{
	GsfInput *in = gsf_infile_child_by_name(ole, name);
	if (!in)
		return DOC_DAMAGED;
	gsf_off_t size = gsf_input_size(in);
	enum doc_rc rc = DOC_OK;
	uint8_t *p = NULL;
	if (size < 0)
		rc = DOC_DAMAGED;
	else if ((uint64_t)size > limit)
		rc = (uint64_t)size > DOC_MAX_XML ? DOC_TOO_LARGE : DOC_DAMAGED;
	else if (!(p = malloc(size ? (size_t)size : 1)))
		rc = DOC_TOO_LARGE;
	else if (size && !gsf_input_read(in, (size_t)size, p))
		rc = DOC_DAMAGED;
	g_object_unref(in);
	if (rc != DOC_OK) {
		free(p);
		return rc;
	}
	*s = (struct span){p, (size_t)size};
	return DOC_OK;
}

/* Bytes [off, off + n) of a stream, into memory the caller frees. */
static enum doc_rc read_range(GsfInfile *ole, const char *name, uint32_t off, uint32_t n,
			      struct span *s)
{
	GsfInput *in = gsf_infile_child_by_name(ole, name);
	if (!in)
		return DOC_DAMAGED;
	gsf_off_t size = gsf_input_size(in);
	enum doc_rc rc = DOC_OK;
	uint8_t *p = NULL;
	if (size < 0 || off > size || n > size - off)
		rc = DOC_DAMAGED;
	else if (n > DOC_MAX_XML)
		rc = DOC_TOO_LARGE;
	else if (!(p = malloc(n ? n : 1)))
		rc = DOC_TOO_LARGE;
	else if (gsf_input_seek(in, off, G_SEEK_SET) || (n && !gsf_input_read(in, n, p)))
		rc = DOC_DAMAGED; /* gsf_input_seek returns TRUE on failure */
	g_object_unref(in);
	if (rc != DOC_OK) {
		free(p);
		return rc;
	}
	*s = (struct span){p, n};
	return DOC_OK;
}

/* Every FKP the PlcBteChpx names (n + 1 FCs, then n PnFkpChpx). Character properties that do
 * not hold together lose only this filtering: the text is read as it was before it. No more
 * FKPs are read than WordDocument holds pages, so that a hostile table stays cheap. */
static void read_dels(GsfInfile *ole, const char *table, struct span word, const struct fib *f,
		      struct dels *d)
{
	struct span plc = {0};
	if (f->lcb_chpx < 12 || (f->lcb_chpx - 4) % 8 != 0 ||
	    read_range(ole, table, f->fc_chpx, f->lcb_chpx, &plc) != DOC_OK)
		return;
	size_t n = (plc.n - 4) / 8;
	for (size_t i = 0; i < n && n <= word.n / FKP_SIZE; i++) {
		size_t at = (size_t)(rd32(plc.p + 4 * (n + 1) + 4 * i) & PN_MASK) * FKP_SIZE;
		if (at <= word.n && word.n - at >= FKP_SIZE)
			fkp_dels(word.p + at, d);
	}
	free((void *)plc.p);
	dels_sort(d);
}

/* The main text of an open compound file. */
static enum doc_rc ole_text(GsfInfile *ole, size_t len, size_t max, struct buf *out)
{
	struct span word = {0}, clx = {0}, plc;
	struct fib f = {0};
	struct dels dels = {0};
	size_t np;
	/* a stream cannot be larger than the file holding it */
	size_t limit = len < DOC_MAX_XML ? len : DOC_MAX_XML;
	enum doc_rc rc = read_stream(ole, "WordDocument", limit, &word);
	if (rc == DOC_OK)
		rc = fib_parse(word, &f);
	if (rc != DOC_OK || f.nfib < FIB_NFIB_97)
		goto out;
	if (f.lcb_clx == 0) {
		rc = DOC_DAMAGED; /* every Word 97 file has a piece table */
		goto out;
	}
	const char *table = f.flags & FIB_WHICH_TBL ? "1Table" : "0Table";
	rc = read_range(ole, table, f.fc_clx, f.lcb_clx, &clx);
	if (rc == DOC_OK)
		rc = clx_plcpcd(clx, &plc, &np);
	if (rc == DOC_OK)
		read_dels(ole, table, word, &f, &dels);
	if (rc == DOC_OK)
		rc = pieces_text(word, plc, np, f.ccp_text, &dels, max, out);
out:
	free((void *)word.p);
	free((void *)clx.p);
	free(dels.r);
	return rc;
}

static pthread_once_t gsf_once = PTHREAD_ONCE_INIT;

/* libgsf reports what it finds wrong in a damaged container (g_warning, g_critical) to standard
 * error; the caller already learns it as DOC_DAMAGED, and a hostile upload must not fill the
 * server's log. */
static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
	(void)domain, (void)level, (void)msg, (void)data;
}

static void init_gsf(void)
{
	gsf_init();
	g_log_set_handler("libgsf:msole", G_LOG_LEVEL_MASK, quiet, NULL);
	g_log_set_handler("libgsf", G_LOG_LEVEL_MASK, quiet, NULL);
}

enum doc_rc doc_doc97_text(const void *data, size_t len, size_t max, struct buf *out)
{
	pthread_once(&gsf_once, init_gsf);
	GsfInput *mem = gsf_input_memory_new(data, (gsf_off_t)len, FALSE);
	if (!mem)
		return DOC_DAMAGED;
	GError *err = NULL;
	GsfInfile *ole = gsf_infile_msole_new(mem, &err);
	g_object_unref(mem);
	if (err)
		g_error_free(err);
	if (!ole)
		return DOC_DAMAGED;
	enum doc_rc rc = ole_text(ole, len, max, out);
	g_object_unref(ole);
	return rc;
}
