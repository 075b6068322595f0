/* Uploaded videos (issue 14): MP4 and WebM, the type decided by content, files with server-chosen
 * names beside the images. */
#ifndef GZ_MEDIA_VIDEO_H
#define GZ_MEDIA_VIDEO_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

/* The type of a video by its first bytes: an ISO base media file ("ftyp" box first: MP4) or a
 * Matroska EBML header whose DocType is "webm". Sets *mime and *ext; -1 for anything else. */
int video_sniff(const void *data, size_t len, const char **mime, const char **ext);

/* Checks data by content and writes it under dir as "YYYY/MM/<32 hex>.<ext>" (a new file, mode
 * 0640); *file and *mime get its name and type. Returns 0, 1 when the type is not a video, -1 when
 * the folder cannot be written (nothing is left behind). */
int video_save(struct arena *a, const char *dir, const void *data, size_t len, int64_t now,
	       const char **file, const char **mime);

#endif
