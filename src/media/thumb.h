/* Thumbnails of library images for the public pages, made once by libvips and cached on disk. */
#ifndef GZ_MEDIA_THUMB_H
#define GZ_MEDIA_THUMB_H

#include <stdbool.h>

#include "core/arena.h"

enum media_fmt { MEDIA_FMT_WEBP = 0, MEDIA_FMT_JPEG, MEDIA_FMT_MAX };

/* Kinds: 'c' crops to 3:2 at 240, 480 or 720 px wide (lists); 'w' keeps the proportions at 480,
 * 720 or 960 px wide, never enlarging (the article's featured image). */
bool media_thumb_width_ok(char kind, int width);

/*
 * The thumbnail of library file `file` (relative to dir, already checked to be a library file) of
 * that kind, width and format: made on first use under dir/.thumbs/, then reused. Returns its
 * name relative to dir/.thumbs ("c480/2026/11/ab.jpg.webp", in the arena), or NULL when the
 * width is not offered or the image cannot be decoded or written (logged).
 */
const char *media_thumb(struct arena *a, const char *dir, const char *file, char kind, int width,
			enum media_fmt fmt);

/* The name media_thumb gives that thumbnail (relative to dir/.thumbs), or NULL when the width is
 * not offered. Makes nothing. */
const char *media_thumb_name(struct arena *a, const char *file, char kind, int width,
			     enum media_fmt fmt);

/* Calls fn with the name (relative to dir) of every thumbnail media_thumb may make of file. */
void media_thumbs_each(struct arena *a, const char *file, void (*fn)(const char *rel, void *cls),
		       void *cls);

/* Removes every thumbnail media_thumb may have made of file (a deleted library file). */
void media_thumbs_remove(struct arena *a, const char *dir, const char *file);

/* mkdir -p of the folders of path (not path itself), mode 0750; path is restored. */
int media_make_parents(char *path);

/* The file of a thumbnail name that media_thumb returned. */
const char *media_thumb_path(struct arena *a, const char *dir, const char *rel);

#endif
