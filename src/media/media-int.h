/* Shared by the media code of the program (media.c, thumb.c) and of the module that holds
 * libvips (media_vips.c, loaded on first use: src/mod/). */
#ifndef GZ_MEDIA_MEDIA_INT_H
#define GZ_MEDIA_MEDIA_INT_H

#include <stddef.h>

#include "media/media.h"
#include "media/thumb.h"

/* The stored kinds of image and the libvips save options of each. */
struct media_kind {
	const char *mime, *ext;
	const char *opts;      /* the stored original */
	const char *thumb_ext; /* GIF thumbnails are PNG: smaller, and any libvips writes them */
	const char *thumb_opts;
};
extern const struct media_kind media_kinds[];

/* The index in media_kinds of data's type by its first bytes, or -1. */
int media_kind_of(const void *data, size_t len);

/* A thumbnail at most MEDIA_THUMB_WIDTH wide of a cleaned original, in *tdata (free with
 * g_free). */
enum media_rc media_small(const void *data, size_t len, void **tdata, size_t *tlen);

/* Writes dst, a thumbnail of the file src: kind 'c' cropped to 3:2, 'w' fitted; JPEG (flattened
 * on white) or WebP. Returns 0 or -1 (logged). */
int media_thumb_encode(const char *src, const char *dst, char kind, int width, enum media_fmt fmt);

/* The size in pixels of an image file (the header only). Returns 0 or -1. */
int media_image_size(const char *file, int64_t *width, int64_t *height);

#endif
