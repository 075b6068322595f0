/* What decodes and encodes images: libvips, in the module the server loads on first use
 * (src/mod/), so that a server that never touches an image does not carry it. */
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include <vips/vips.h>

#include "core/log.h"
#include "media/media-int.h"

/* libvips is started by the first image operation, not at start-up: its start loads its
 * modules and their libraries (HEIF, PDF, ImageMagick...) and registers every operation's type,
 * several MB of resident memory a server that never touches an image would carry. */
static pthread_once_t vips_once = PTHREAD_ONCE_INIT;
static const char *vips_argv0 = "gazette";
static int vips_rc = -1;

static void vips_start(void)
{
	if (VIPS_INIT(vips_argv0) != 0) {
		log_error("libvips failed to start: %s", vips_error_buffer());
		vips_error_clear();
		return;
	}
	vips_block_untrusted_set(TRUE); /* only the well-tested loaders */
	vips_cache_set_max(0);          /* each upload is decoded once */
	vips_concurrency_set(2);
	vips_rc = 0;
}

int media_ready(void)
{
	pthread_once(&vips_once, vips_start);
	return vips_rc;
}

void media_init_lazy(const char *argv0)
{
	vips_argv0 = argv0;
}

int media_init(const char *argv0)
{
	vips_argv0 = argv0;
	return media_ready();
}

/* Reads only the header: the size is checked before anything is decoded (a 9,000,000 x 7 PNG
 * of 61 KB would take seconds and tens of MB). */
static enum media_rc check_header(const void *data, size_t len)
{
	VipsImage *head = vips_image_new_from_buffer(data, len, "", NULL);
	if (!head)
		return MEDIA_UNDECODABLE;
	int64_t w = vips_image_get_width(head), h = vips_image_get_height(head);
	g_object_unref(head);
	if (w < 1 || h < 1)
		return MEDIA_UNDECODABLE;
	if (w > MEDIA_MAX_SIDE || h > MEDIA_MAX_SIDE || w * h > MEDIA_MAX_PIXELS)
		return MEDIA_TOO_MANY_PX;
	return MEDIA_OK;
}

/* Turns an upload into the stored original: upright by its EXIF orientation, at most
 * MEDIA_MAX_LONG on the long side, re-encoded without any metadata. Sets the size in out. */
static enum media_rc clean(const void *data, size_t len, int k, struct media_saved *out,
			   void **odata, size_t *olen)
{
	VipsImage *img = NULL;
	enum media_rc rc = MEDIA_UNDECODABLE;
	/* vips_thumbnail rotates by the orientation tag (and drops it) and only shrinks. */
	if (vips_thumbnail_buffer((void *)(uintptr_t)data, len, &img, MEDIA_MAX_LONG, "height",
				  MEDIA_MAX_LONG, "size", VIPS_SIZE_DOWN, NULL) != 0)
		goto out;
	if (vips_image_write_to_buffer(img, media_kinds[k].opts, odata, olen, NULL) != 0)
		goto out;
	out->width = vips_image_get_width(img);
	out->height = vips_image_get_height(img);
	out->bytes = (int64_t)*olen;
	rc = MEDIA_OK;
out:
	if (img)
		g_object_unref(img);
	return rc;
}

enum media_rc media_small(const void *data, size_t len, void **tdata, size_t *tlen)
{
	VipsImage *thumb = NULL;
	enum media_rc rc = MEDIA_UNDECODABLE;
	int k = media_kind_of(data, len);
	if (k < 0)
		return MEDIA_BAD_TYPE;
	if (vips_thumbnail_buffer((void *)(uintptr_t)data, len, &thumb, MEDIA_THUMB_WIDTH, "height",
				  VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL) == 0 &&
	    vips_image_write_to_buffer(thumb, media_kinds[k].thumb_opts, tdata, tlen, NULL) == 0)
		rc = MEDIA_OK;
	if (thumb)
		g_object_unref(thumb);
	vips_error_clear();
	return rc;
}

enum media_rc media_clean(const void *data, size_t len, struct media_saved *out, void **odata,
			  size_t *olen)
{
	int k = media_kind_of(data, len);
	if (k < 0)
		return MEDIA_BAD_TYPE;
	if (media_ready() != 0)
		return MEDIA_IO;
	memset(out, 0, sizeof(*out));
	out->mime = media_kinds[k].mime;
	enum media_rc rc = check_header(data, len);
	if (rc == MEDIA_OK)
		rc = clean(data, len, k, out, odata, olen);
	if (rc == MEDIA_UNDECODABLE)
		log_info("media: libvips cannot decode an image: %s", vips_error_buffer());
	vips_error_clear();
	return rc;
}

/* True for the metadata fields libvips reads from a header that a stored file must not keep. */
static bool private_field(const char *name)
{
	static const char *const prefixes[] = {
	    "exif-", "xmp-", "iptc-", "icc-profile", "png-comment", "gif-comment", "photoshop"};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

int media_needs_clean(const void *data, size_t len)
{
	if (media_kind_of(data, len) < 0 || media_ready() != 0)
		return -1;
	VipsImage *head = vips_image_new_from_buffer(data, len, "", NULL);
	if (!head) {
		vips_error_clear();
		return -1;
	}
	int needs = vips_image_get_width(head) > MEDIA_MAX_LONG ||
		    vips_image_get_height(head) > MEDIA_MAX_LONG;
	int orientation = 1;
	if (vips_image_get_typeof(head, VIPS_META_ORIENTATION) &&
	    vips_image_get_int(head, VIPS_META_ORIENTATION, &orientation) == 0 && orientation != 1)
		needs = 1;
	gchar **fields = vips_image_get_fields(head);
	for (size_t i = 0; fields && fields[i]; i++)
		if (private_field(fields[i]))
			needs = 1;
	g_strfreev(fields);
	g_object_unref(head);
	return needs;
}

int media_thumb_encode(const char *src, const char *dst, char kind, int width, enum media_fmt fmt)
{
	if (media_ready() != 0)
		return -1;
	VipsImage *out = NULL;
	int rc = kind == 'c' ? vips_thumbnail(src, &out, width, "height", width * 2 / 3, "crop",
					      VIPS_INTERESTING_CENTRE, NULL)
			     : vips_thumbnail(src, &out, width, "height", width * 4, "size",
					      VIPS_SIZE_DOWN, NULL);
	if (rc == 0) {
		VipsImage *flat = NULL;
		/* JPEG has no alpha: flatten on white */
		if (vips_image_hasalpha(out) && fmt == MEDIA_FMT_JPEG) {
			double white[] = {255, 255, 255};
			rc = vips_flatten(out, &flat, "background", vips_array_double_new(white, 3),
					  NULL);
		}
		VipsImage *img = flat ? flat : out;
		if (rc == 0)
			rc = fmt == MEDIA_FMT_WEBP
				 ? vips_webpsave(img, dst, "Q", 72, "strip", TRUE, NULL)
				 : vips_jpegsave(img, dst, "Q", 78, "strip", TRUE, "interlace",
						 TRUE, "optimize_coding", TRUE, NULL);
		if (flat)
			g_object_unref(flat);
		g_object_unref(out);
	}
	if (rc != 0) {
		log_warn("media: cannot make a thumbnail of '%s': %s", src, vips_error_buffer());
		vips_error_clear();
	}
	return rc;
}

int media_image_size(const char *file, int64_t *width, int64_t *height)
{
	if (media_ready() != 0)
		return -1;
	VipsImage *img = vips_image_new_from_file(file, NULL);
	if (!img) {
		vips_error_clear();
		return -1;
	}
	*width = vips_image_get_width(img);
	*height = vips_image_get_height(img);
	g_object_unref(img);
	return 0;
}
