/* The program's side of the media module (mod.h): loads gazette-media.so (path.c) the first
 * time one of its functions is called (from any thread, once) and forwards each call. When it
 * cannot be loaded, each call fails as the function documents for a failure of its library, and
 * the reason is logged once. */
#include "mod/mod.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "core/log.h"
#include "docs/docs-int.h"

static const struct gz_mod *mod;
static const char *media_argv0 = "gazette";
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void)
{
	const char *path = mod_path();
	if (!path) {
		log_error("the media module (" GZ_MOD_FILE
			  ") is not beside the program nor in " GZ_MODDIR
			  ": images, PDFs and spreadsheets cannot be made");
		return;
	}
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		log_error("cannot load the media module: %s", dlerror());
		return;
	}
	const struct gz_mod *m = dlsym(h, GZ_MOD_SYMBOL);
	if (!m || m->abi != GZ_MOD_ABI || m->size != sizeof(struct gz_mod) ||
	    strcmp(m->version, GZ_VERSION) != 0) {
		log_error("%s is not the media module of this program (version %s)", path,
			  GZ_VERSION);
		dlclose(h);
		return;
	}
	m->media_init_lazy(media_argv0);
	mod = m; /* published by pthread_once */
}

static const struct gz_mod *get(void)
{
	pthread_once(&load_once, load);
	return mod;
}

/* ---- the functions the module holds (see their headers) -------------------------------- */

void media_init_lazy(const char *argv0)
{
	media_argv0 = argv0;
}

int media_init(const char *argv0)
{
	media_argv0 = argv0;
	const struct gz_mod *m = get();
	return m ? m->media_init(argv0) : -1;
}

int media_ready(void)
{
	const struct gz_mod *m = get();
	return m ? m->media_ready() : -1;
}

enum media_rc media_clean(const void *data, size_t len, struct media_saved *out, void **odata,
			  size_t *olen)
{
	const struct gz_mod *m = get();
	return m ? m->media_clean(data, len, out, odata, olen) : MEDIA_IO;
}

enum media_rc media_small(const void *data, size_t len, void **tdata, size_t *tlen)
{
	const struct gz_mod *m = get();
	return m ? m->media_small(data, len, tdata, tlen) : MEDIA_IO;
}

int media_needs_clean(const void *data, size_t len)
{
	const struct gz_mod *m = get();
	return m ? m->media_needs_clean(data, len) : -1;
}

int media_thumb_encode(const char *src, const char *dst, char kind, int width, enum media_fmt fmt)
{
	const struct gz_mod *m = get();
	return m ? m->media_thumb_encode(src, dst, kind, width, fmt) : -1;
}

int media_image_size(const char *file, int64_t *width, int64_t *height)
{
	const struct gz_mod *m = get();
	return m ? m->media_image_size(file, width, height) : -1;
}

int pdf_render(const struct pdf_article *art, struct buf *out)
{
	const struct gz_mod *m = get();
	return m ? m->pdf_render(art, out) : -1;
}

enum doc_rc doc_pdf_text(const void *data, size_t len, size_t max, struct buf *out)
{
	const struct gz_mod *m = get();
	return m ? m->doc_pdf_text(data, len, max, out) : DOC_DAMAGED;
}

enum doc_rc doc_doc97_text(const void *data, size_t len, size_t max, struct buf *out)
{
	const struct gz_mod *m = get();
	return m ? m->doc_doc97_text(data, len, max, out) : DOC_DAMAGED;
}

int report_xlsx(struct buf *out, const struct stats_query *q, const struct stats_row *rows,
		size_t n, int64_t total)
{
	const struct gz_mod *m = get();
	return m ? m->report_xlsx(out, q, rows, n, total) : -1;
}
