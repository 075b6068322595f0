/* Uploaded images: the type decided by content, files with server-chosen names, libvips thumbnails.
 */
#ifndef GZ_MEDIA_MEDIA_H
#define GZ_MEDIA_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

enum media_rc {
	MEDIA_OK = 0,
	MEDIA_BAD_TYPE,    /* not JPEG, PNG, GIF or WebP by its first bytes: 415 */
	MEDIA_UNDECODABLE, /* the right magic, but libvips cannot decode it: 422 */
	MEDIA_TOO_MANY_PX, /* more pixels than MEDIA_MAX_PIXELS: 422 */
	MEDIA_IO,          /* the media folder cannot be written: 500 */
	MEDIA_RC_MAX
};

#define MEDIA_MAX_PIXELS (64LL * 1000 * 1000)
#define MEDIA_THUMB_WIDTH 480

/* The type of an image by its first bytes: sets *mime and *ext ("jpg", "png", "gif", "webp")
 * (static strings); MEDIA_BAD_TYPE for anything else. */
enum media_rc media_sniff(const void *data, size_t len, const char **mime, const char **ext);

/* The Content-Type of a stored file from its extension (only names the server chose), or NULL. */
const char *media_type_of(const char *file);

/* Starts libvips once, before any request thread; argv0 is the program name. Returns 0 or -1. */
int media_init(const char *argv0);

/* What media_save wrote. Strings in the arena. */
struct media_saved {
	const char *file;  /* "YYYY/MM/<32 hex>.<ext>", relative to the folder */
	const char *thumb; /* "YYYY/MM/<32 hex>-t.<ext>" */
	const char *mime;
	int64_t width, height;
};

/*
 * Checks data by content, decodes it with libvips, and writes it and a thumbnail at most
 * MEDIA_THUMB_WIDTH wide (metadata stripped) under dir, in new files (O_EXCL, mode 0640) named by
 * the server from the time `now` and random bytes. On any failure nothing is left behind.
 */
enum media_rc media_save(struct arena *a, const char *dir, const void *data, size_t len,
			 int64_t now, struct media_saved *out);

/* Removes both files of an upload (when its row could not be stored). */
void media_remove(struct arena *a, const char *dir, const struct media_saved *s);

#endif
