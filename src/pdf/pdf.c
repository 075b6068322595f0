/* Draws an article into an A4 PDF with Cairo and Pango, walking the sanitised body with gumbo. */
#include "pdf/pdf.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <gumbo.h>
#include <pthread.h>
#include <stdlib.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <vips/vips.h>

#include "media/media.h"

#define PAGE_W 595.0 /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 56.0
#define FOOT_H 24.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define IMAGE_MAX_H 360.0
#define IMAGE_MAX_PX 1400
#define DEPTH_MAX 64

/* How a paragraph looks. */
struct style {
	double size; /* points */
	bool bold, italic, center, right, mono;
	bool url; /* a sans face, broken anywhere but never hyphenated */
	double indent;
	const char *prefix; /* "• ", or NULL */
};

struct pen {
	cairo_t *cr;
	cairo_surface_t *surface;
	const struct pdf_article *art;
	double y;
	int page;
	struct buf para; /* Pango markup of the paragraph being gathered */
	struct style st;
	int list_n; /* the number of the next <li> of an <ol>; 0 in a <ul> */
	char li_prefix[16];
};

static cairo_status_t write_out(void *cls, const unsigned char *data, unsigned int len)
{
	buf_append(cls, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void footer(struct pen *p)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans 7.5");
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(CONTENT_W * PANGO_SCALE));
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_MIDDLE);
	char *text = g_strdup_printf("%s — %s — Trang %d", p->art->site_name, p->art->url, p->page);
	pango_layout_set_text(l, text, -1);
	cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
	cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN + 8);
	pango_cairo_show_layout(p->cr, l);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	g_free(text);
	pango_font_description_free(fd);
	g_object_unref(l);
}

static void new_page(struct pen *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

/* Room for h more points on this page, else a new page. */
static void need(struct pen *p, double h)
{
	if (p->y + h > PAGE_H - MARGIN - FOOT_H && p->y > MARGIN)
		new_page(p);
}

static PangoLayout *layout_for(struct pen *p, const struct style *st, const char *markup)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	char font[64];
	g_snprintf(font, sizeof font, "%s %s%s%.1f",
		   st->mono  ? "DejaVu Sans Mono"
		   : st->url ? "DejaVu Sans"
			     : "DejaVu Serif",
		   st->bold ? "Bold " : "", st->italic ? "Italic " : "", st->size);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)((CONTENT_W - st->indent) * PANGO_SCALE));
	pango_layout_set_wrap(l, st->url ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
	pango_layout_set_spacing(l, (int)(st->size * 0.3 * PANGO_SCALE));
	pango_layout_set_alignment(l, st->center  ? PANGO_ALIGN_CENTER
				      : st->right ? PANGO_ALIGN_RIGHT
						  : PANGO_ALIGN_LEFT);
	if (!st->center && !st->right && !st->bold && !st->url)
		pango_layout_set_justify(l, TRUE);
	pango_layout_set_markup(l, markup, -1);
	return l;
}

/* Draws markup line by line, breaking pages between lines; then a paragraph gap. */
static void draw_markup(struct pen *p, const struct style *st, const char *markup, double gap)
{
	PangoLayout *l = layout_for(p, st, markup);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double top = (double)logical.y / PANGO_SCALE,
		       h = (double)logical.height / PANGO_SCALE;
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		need(p, h);
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		cairo_move_to(p->cr, MARGIN + st->indent + (double)logical.x / PANGO_SCALE,
			      p->y + (base - top));
		pango_cairo_show_layout_line(p->cr, line);
		p->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	p->y += gap;
}

static void draw_text(struct pen *p, const struct style *st, const char *text, double gap)
{
	if (!text || !*text)
		return;
	char *m = g_markup_escape_text(text, -1);
	draw_markup(p, st, m, gap);
	g_free(m);
}

/* Decodes file (at most IMAGE_MAX_PX wide) into a Cairo surface, or NULL. */
static cairo_surface_t *load_image(const char *file)
{
	VipsImage *in = NULL, *rgb = NULL, *alpha = NULL, *u8 = NULL;
	cairo_surface_t *s = NULL;
	if (media_ready() != 0)
		return NULL;
	if (vips_thumbnail(file, &in, IMAGE_MAX_PX, "height", IMAGE_MAX_PX * 4, "size",
			   VIPS_SIZE_DOWN, NULL) != 0)
		goto out;
	if (vips_colourspace(in, &rgb, VIPS_INTERPRETATION_sRGB, NULL) != 0)
		goto out;
	if (rgb->Bands == 3 ? vips_addalpha(rgb, &alpha, NULL) != 0
			    : vips_copy(rgb, &alpha, NULL) != 0)
		goto out;
	if (alpha->Bands != 4 || vips_cast_uchar(alpha, &u8, NULL) != 0)
		goto out;
	size_t len = 0;
	unsigned char *px = vips_image_write_to_memory(u8, &len);
	int w = u8->Xsize, h = u8->Ysize;
	if (!px || len != (size_t)w * (size_t)h * 4) {
		g_free(px);
		goto out;
	}
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	unsigned char *dst = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < h; y++) {
		uint32_t *row = (uint32_t *)(void *)(dst + (size_t)y * (size_t)stride);
		const unsigned char *src = px + (size_t)y * (size_t)w * 4;
		for (int x = 0; x < w; x++, src += 4) {
			uint32_t a = src[3];
			uint32_t r = src[0] * a / 255, g = src[1] * a / 255, b = src[2] * a / 255;
			row[x] = a << 24 | r << 16 | g << 8 | b;
		}
	}
	cairo_surface_mark_dirty(s);
	g_free(px);
out:
	if (!s)
		vips_error_clear();
	if (u8)
		g_object_unref(u8);
	if (alpha)
		g_object_unref(alpha);
	if (rgb)
		g_object_unref(rgb);
	if (in)
		g_object_unref(in);
	return s;
}

/* A JPEG drawn at its own size goes into the PDF as the JPEG itself (a tenth of the raw pixels):
 * Cairo uses the attached bytes in place of the surface's. */
static void attach_jpeg(cairo_surface_t *s, const char *file)
{
	gchar *data = NULL;
	gsize len = 0;
	VipsImage *head = NULL;
	if (!g_file_get_contents(file, &data, &len, NULL) || len < 3 ||
	    memcmp(data, "\xff\xd8\xff", 3) != 0)
		goto out;
	head = vips_image_new_from_file(file, NULL);
	if (head && vips_image_get_width(head) == cairo_image_surface_get_width(s) &&
	    vips_image_get_height(head) == cairo_image_surface_get_height(s) &&
	    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, (unsigned char *)data, len, g_free,
					data) == CAIRO_STATUS_SUCCESS)
		data = NULL; /* Cairo owns it now */
out:
	if (!head)
		vips_error_clear();
	else
		g_object_unref(head);
	g_free(data);
}

static void draw_image(struct pen *p, const char *file)
{
	cairo_surface_t *img = file && *file ? load_image(file) : NULL;
	if (!img)
		return;
	attach_jpeg(img, file);
	double w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
	double scale = CONTENT_W / w;
	if (h * scale > IMAGE_MAX_H)
		scale = IMAGE_MAX_H / h;
	if (scale > 1)
		scale = 1;
	double dw = w * scale, dh = h * scale;
	need(p, dh + 6);
	cairo_save(p->cr);
	cairo_translate(p->cr, MARGIN + (CONTENT_W - dw) / 2, p->y);
	cairo_scale(p->cr, scale, scale);
	cairo_set_source_surface(p->cr, img, 0, 0);
	cairo_paint(p->cr);
	cairo_restore(p->cr);
	cairo_surface_destroy(img);
	p->y += dh + 6;
}

/* --- the body ----------------------------------------------------------------------------------
 */

static void flush(struct pen *p)
{
	const char *m = buf_cstr(&p->para);
	bool blank = true;
	for (const char *c = m; *c && blank; c++)
		blank = *c == ' ' || *c == '\n' || *c == '\t';
	if (!blank)
		draw_markup(p, &p->st, m, p->st.size * 0.6);
	buf_reset(&p->para);
}

static void append_text(struct pen *p, const char *s)
{
	if (p->para.len == 0 && p->st.prefix)
		buf_puts(&p->para, p->st.prefix);
	char *e = g_markup_escape_text(s, -1);
	buf_puts(&p->para, e);
	g_free(e);
}

static void walk(struct pen *p, const GumboNode *n, int depth);

static void walk_children(struct pen *p, const GumboNode *n, int depth)
{
	const GumboVector *kids = &n->v.element.children;
	for (unsigned i = 0; i < kids->length; i++)
		walk(p, kids->data[i], depth + 1);
}

/* Inline formatting as Pango markup around the children. */
static bool inline_tag(struct pen *p, const GumboNode *n, int depth)
{
	const char *open = NULL, *close = NULL;
	switch (n->v.element.tag) {
	case GUMBO_TAG_B:
	case GUMBO_TAG_STRONG:
		open = "<b>", close = "</b>";
		break;
	case GUMBO_TAG_I:
	case GUMBO_TAG_EM:
		open = "<i>", close = "</i>";
		break;
	case GUMBO_TAG_U:
		open = "<u>", close = "</u>";
		break;
	case GUMBO_TAG_SUB:
		open = "<sub>", close = "</sub>";
		break;
	case GUMBO_TAG_SUP:
		open = "<sup>", close = "</sup>";
		break;
	case GUMBO_TAG_A:
	case GUMBO_TAG_SPAN:
	case GUMBO_TAG_CODE:
	case GUMBO_TAG_MARK:
	case GUMBO_TAG_S:
		break;
	case GUMBO_TAG_BR:
		buf_putc(&p->para, '\n');
		return true;
	default:
		return false;
	}
	if (open) {
		if (p->para.len == 0 && p->st.prefix)
			buf_puts(&p->para, p->st.prefix);
		buf_puts(&p->para, open);
	}
	walk_children(p, n, depth);
	if (close)
		buf_puts(&p->para, close);
	return true;
}

/* A block element: the paragraph before it ends, it gets its style, and so does its end. */
static void block_tag(struct pen *p, const GumboNode *n, int depth)
{
	struct style saved = p->st;
	int saved_n = p->list_n;
	flush(p);
	switch (n->v.element.tag) {
	case GUMBO_TAG_H1:
	case GUMBO_TAG_H2:
		p->st.size = 14, p->st.bold = true;
		break;
	case GUMBO_TAG_H3:
	case GUMBO_TAG_H4:
	case GUMBO_TAG_H5:
	case GUMBO_TAG_H6:
		p->st.size = 12, p->st.bold = true;
		break;
	case GUMBO_TAG_BLOCKQUOTE:
		p->st.indent += 18, p->st.italic = true;
		break;
	case GUMBO_TAG_UL:
		p->st.indent += 14, p->list_n = 0;
		break;
	case GUMBO_TAG_OL:
		p->st.indent += 14, p->list_n = 1;
		break;
	case GUMBO_TAG_LI:
		if (p->list_n) {
			g_snprintf(p->li_prefix, sizeof p->li_prefix, "%d. ", p->list_n++);
			p->st.prefix = p->li_prefix;
		} else {
			p->st.prefix = "• ";
		}
		break;
	case GUMBO_TAG_FIGCAPTION:
		p->st.size = 9, p->st.italic = true, p->st.center = true;
		break;
	case GUMBO_TAG_PRE:
		p->st.mono = true, p->st.size = 9;
		break;
	case GUMBO_TAG_TH:
		p->st.bold = true;
		break;
	case GUMBO_TAG_IMG: {
		const GumboAttribute *src = gumbo_get_attribute(&n->v.element.attributes, "src");
		if (src && p->art->image_file)
			draw_image(p, p->art->image_file(p->art->cls, src->value));
		return;
	}
	default:
		break;
	}
	walk_children(p, n, depth);
	flush(p);
	if (n->v.element.tag == GUMBO_TAG_LI || n->v.element.tag == GUMBO_TAG_OL ||
	    n->v.element.tag == GUMBO_TAG_UL) {
		int next = p->list_n;
		p->st = saved;
		p->list_n = n->v.element.tag == GUMBO_TAG_LI ? next : saved_n;
		return;
	}
	p->st = saved;
	p->list_n = saved_n;
}

static void walk(struct pen *p, const GumboNode *n, int depth)
{
	if (depth > DEPTH_MAX)
		return;
	switch (n->type) {
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
	case GUMBO_NODE_CDATA:
		append_text(p, n->v.text.text);
		return;
	case GUMBO_NODE_ELEMENT:
	case GUMBO_NODE_TEMPLATE:
		if (n->v.element.tag == GUMBO_TAG_SCRIPT || n->v.element.tag == GUMBO_TAG_STYLE)
			return;
		if (!inline_tag(p, n, depth))
			block_tag(p, n, depth);
		return;
	default:
		return;
	}
}

/* --- the page ----------------------------------------------------------------------------------
 */

static void draw_head(struct pen *p)
{
	const struct pdf_article *a = p->art;
	struct style site = {.size = 10, .bold = true};
	draw_text(p, &site, a->site_name, 2);
	cairo_set_line_width(p->cr, 1.2);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_line_to(p->cr, PAGE_W - MARGIN, p->y);
	cairo_stroke(p->cr);
	p->y += 12;
	struct style title = {.size = 18, .bold = true};
	draw_text(p, &title, a->title, 6);
	struct style meta = {.size = 9, .italic = true};
	draw_text(p, &meta, a->meta, 10);
	struct style lead = {.size = 11, .bold = true};
	draw_text(p, &lead, a->lead, 10);
	if (a->image && *a->image) {
		draw_image(p, a->image);
		struct style cap = {.size = 9, .italic = true, .center = true};
		draw_text(p, &cap, a->image_caption, 10);
	}
}

static void draw_body(struct pen *p)
{
	const char *html = p->art->body_html;
	GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, html, strlen(html));
	if (!out)
		return;
	p->st = (struct style){.size = 11};
	walk(p, out->root, 0);
	flush(p);
	gumbo_destroy_output(&kGumboDefaultOptions, out);
}

static void draw_end(struct pen *p)
{
	const struct pdf_article *a = p->art;
	struct style sig = {.size = 11, .bold = true, .right = true};
	draw_text(p, &sig, a->signature, 8);
	if (a->source && *a->source) {
		char *s = g_strdup_printf("Nguồn: %s", a->source);
		struct style src = {.size = 10, .italic = true, .right = true};
		draw_text(p, &src, s, 8);
		g_free(s);
	}
	need(p, 60);
	p->y += 6;
	cairo_set_line_width(p->cr, 0.6);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_line_to(p->cr, PAGE_W - MARGIN, p->y);
	cairo_stroke(p->cr);
	p->y += 8;
	struct style small = {.size = 8.5};
	draw_text(p, &small, "Địa chỉ bài viết:", 1);
	struct style url = {.size = 7, .url = true};
	draw_text(p, &url, a->url, 4);
	char *s = g_strdup_printf("Tải về ngày: %s — %s", a->printed, a->site_name);
	draw_text(p, &small, s, 2);
	g_free(s);
}

/* At exit, the font caches Pango, Cairo and fontconfig keep for the process are given back, so
 * that leak checkers see only real leaks. */
static void release_fonts(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

static void register_release(void)
{
	atexit(release_fonts);
}

int pdf_render(const struct pdf_article *art, struct buf *out)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, register_release);
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_out, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, art->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, art->site_name);
	struct pen p = {.cr = cairo_create(s), .surface = s, .art = art, .y = MARGIN, .page = 1};
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	draw_head(&p);
	draw_body(&p);
	draw_end(&p);
	footer(&p);
	cairo_show_page(p.cr);
	buf_free(&p.para);
	cairo_status_t st = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}
