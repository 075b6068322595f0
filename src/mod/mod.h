/*
 * The media module: the code that needs libvips, poppler, libgsf, Cairo, Pango and libxlsxwriter,
 * built as a shared module (gazette-media.so) that the program loads the first time it handles
 * an image, a PDF, a Word 97 document or a spreadsheet. Those libraries and the ones they pull in
 * are about 13 MB of resident memory in every process that links them; a server that only serves
 * pages never pays for them. The functions keep their names (media.h, pdf.h, docs-int.h, report.h):
 * in the program they are stubs (load.c) that load the module once and call through this table;
 * tests, fuzz targets and the sanitiser builds link the real ones directly (src/meson.build says
 * why).
 */
#ifndef GZ_MOD_MOD_H
#define GZ_MOD_MOD_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "docs/extract.h"
#include "media/media-int.h"
#include "pdf/pdf.h"
#include "report/report.h"

#define GZ_MOD_ABI 1
#define GZ_MOD_FILE "gazette-media.so"
#define GZ_MOD_SYMBOL "gazette_media_module"

struct gz_mod {
	unsigned abi;        /* GZ_MOD_ABI */
	size_t size;         /* sizeof(struct gz_mod) */
	const char *version; /* GZ_VERSION of the build */
	int (*media_init)(const char *argv0);
	void (*media_init_lazy)(const char *argv0);
	int (*media_ready)(void);
	enum media_rc (*media_clean)(const void *data, size_t len, struct media_saved *out,
				     void **odata, size_t *olen);
	enum media_rc (*media_small)(const void *data, size_t len, void **tdata, size_t *tlen);
	int (*media_needs_clean)(const void *data, size_t len);
	int (*media_thumb_encode)(const char *src, const char *dst, char kind, int width,
				  enum media_fmt fmt);
	int (*media_image_size)(const char *file, int64_t *width, int64_t *height);
	int (*pdf_render)(const struct pdf_article *art, struct buf *out);
	enum doc_rc (*doc_pdf_text)(const void *data, size_t len, size_t max, struct buf *out);
	enum doc_rc (*doc_doc97_text)(const void *data, size_t len, size_t max, struct buf *out);
	int (*report_xlsx)(struct buf *out, const struct stats_query *q,
			   const struct stats_row *rows, size_t n, int64_t total);
};

/* The module's file: beside the program (a build tree), else PREFIX/LIBDIR/gazette/. NULL
 * when neither exists. Found once; the sandbox lets the server read its folder. */
const char *mod_path(void);

#endif
