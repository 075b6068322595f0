/* An article as a PDF (A4), drawn with Cairo and Pango: real, selectable text, and its images. */
#ifndef GZ_PDF_PDF_H
#define GZ_PDF_PDF_H

#include "core/buf.h"

/* What the PDF shows. Strings are UTF-8, never NULL ("" when absent); body_html is sanitiser
 * output. */
struct pdf_article {
	const char *site_name;
	const char *title;
	const char *meta; /* "Đăng ngày: ... | Tác giả: ..." */
	const char *lead;
	const char *body_html;
	const char *signature;
	const char *source;
	const char *url;     /* the article's absolute address */
	const char *printed; /* when the PDF was made, local time, e.g. "03/12/2026 - 6:30:00 PM" */
	const char *image;   /* local file of the featured image, or "" */
	const char *image_caption;
	/* Maps an <img src> of the body to a readable local file; returns NULL to leave it out
	 * (remote or unknown images are never fetched). The result stays valid until pdf_render
	 * returns. */
	const char *(*image_file)(void *cls, const char *src);
	void *cls;
};

/*
 * Appends the PDF of art to out. Returns 0, or -1 when Cairo fails (out may then hold part of a
 * document; the caller discards it). Images that cannot be read or decoded are left out; the text
 * is always complete.
 */
int pdf_render(const struct pdf_article *art, struct buf *out);

#endif
