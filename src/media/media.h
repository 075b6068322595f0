/* Uploaded images: the type decided by content, files with server-chosen names, libvips thumbnails.
 */
#ifndef GZ_MEDIA_MEDIA_H
#define GZ_MEDIA_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"

enum media_rc {
	MEDIA_OK = 0,
	MEDIA_BAD_TYPE,    /* not JPEG, PNG, GIF or WebP by its first bytes: 415 */
	MEDIA_UNDECODABLE, /* the right magic, but libvips cannot decode it: 422 */
	MEDIA_TOO_MANY_PX, /* more pixels than MEDIA_MAX_PIXELS: 422 */
	MEDIA_IO,          /* the media folder cannot be written: 500 */
	MEDIA_RC_MAX
};

#define MEDIA_MAX_PIXELS (64LL * 1000 * 1000)
#define MEDIA_MAX_SIDE 16384 /* either side, from the header: refused before decoding */
#define MEDIA_MAX_LONG 2560  /* stored originals are shrunk to this on their long side */
#define MEDIA_THUMB_WIDTH 480

/* The type of an image by its first bytes: sets *mime and *ext ("jpg", "png", "gif", "webp")
 * (static strings); MEDIA_BAD_TYPE for anything else. */
enum media_rc media_sniff(const void *data, size_t len, const char **mime, const char **ext);

/* The Content-Type of a stored file from its extension (only names the server chose), or NULL. */
const char *media_type_of(const char *file);

/* Starts libvips now (commands that use it at once); argv0 is the program name. Returns 0 or -1. */
int media_init(const char *argv0);

/* Only records argv0: libvips starts at the first image operation (media_ready), so that a
 * server that never touches an image does not carry it (the server: see media.c). */
void media_init_lazy(const char *argv0);

/* Starts libvips if it has not started yet (once, from any thread). Every function here that
 * uses libvips calls it; other code that calls libvips directly must too. Returns 0 or -1. */
int media_ready(void);

/* What media_save wrote. Strings in the arena. */
struct media_saved {
	const char *file;  /* "YYYY/MM/<32 hex>.<ext>", relative to the folder */
	const char *thumb; /* "YYYY/MM/<32 hex>-t.<ext>" */
	const char *mime;
	int64_t width, height; /* of the stored original */
	int64_t bytes;         /* of the stored original */
};

/*
 * The stored form of an image: checked by content and by its header's size (MEDIA_TOO_MANY_PX
 * before decoding), rotated upright by its EXIF orientation, shrunk to MEDIA_MAX_LONG on the long
 * side, re-encoded in its own format with no metadata at all (EXIF, GPS, XMP, IPTC, ICC, maker
 * notes). On MEDIA_OK, *odata (free with g_free) holds *olen bytes and out its mime, width,
 * height and bytes (file and thumb stay NULL).
 */
enum media_rc media_clean(const void *data, size_t len, struct media_saved *out, void **odata,
			  size_t *olen);

/* 1 when a stored image still carries metadata (EXIF, XMP, IPTC, ICC, comments), an
 * orientation other than upright, or more than MEDIA_MAX_LONG on a side, so that media_clean
 * would change it; 0 when it is clean already (re-encoding it again would only lose quality);
 * -1 when it is not an image libvips can read. Reads the header only. */
int media_needs_clean(const void *data, size_t len);

/* Appends name to out without C0/C1 control characters and without the invisible formatting and
 * bidirectional controls (U+200B-U+200F, U+202A-U+202E, U+2066-U+2069, U+FEFF...). Returns 0,
 * or -1 when name is not valid UTF-8. */
int media_clean_name(const char *name, struct buf *out);

/*
 * Cleans data (media_clean) and writes the result and a thumbnail at most MEDIA_THUMB_WIDTH wide
 * under dir, in new files (O_EXCL, mode 0640) named by the server from the time `now` and random
 * bytes. On any failure nothing is left behind.
 */
enum media_rc media_save(struct arena *a, const char *dir, const void *data, size_t len,
			 int64_t now, struct media_saved *out);

/* Removes both files of an upload (when its row could not be stored). */
void media_remove(struct arena *a, const char *dir, const struct media_saved *s);

#endif
