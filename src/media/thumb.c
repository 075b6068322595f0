/* Thumbnails of library images for the public pages: a few widths, WebP and JPEG, made once by
 * libvips (media_vips.c) and kept under the media folder's ".thumbs/". */
#include "media/thumb.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "media/media-int.h"

#define THUMBS ".thumbs"

static const int crop_widths[] = {240, 480, 720};
static const int fit_widths[] = {480, 720, 960};

bool media_thumb_width_ok(char kind, int width)
{
	const int *w = kind == 'c' ? crop_widths : kind == 'w' ? fit_widths : NULL;
	size_t n = kind == 'c' ? sizeof crop_widths / sizeof *crop_widths
			       : sizeof fit_widths / sizeof *fit_widths;
	for (size_t i = 0; w && i < n; i++)
		if (w[i] == width)
			return true;
	return false;
}

int media_make_parents(char *path)
{
	for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		int rc = mkdir(path, 0750);
		*s = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	return 0;
}

const char *media_thumb_name(struct arena *a, const char *file, char kind, int width,
			     enum media_fmt fmt)
{
	if (!media_thumb_width_ok(kind, width))
		return NULL;
	return arena_printf(a, "%c%d/%s.%s", kind, width, file,
			    fmt == MEDIA_FMT_WEBP ? "webp" : "jpg");
}

const char *media_thumb(struct arena *a, const char *dir, const char *file, char kind, int width,
			enum media_fmt fmt)
{
	const char *rel = media_thumb_name(a, file, kind, width, fmt);
	if (!rel)
		return NULL;
	const char *ext = fmt == MEDIA_FMT_WEBP ? "webp" : "jpg";
	char *path = arena_printf(a, "%s/" THUMBS "/%s", dir, rel);
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0)
		return rel;
	if (media_make_parents(path) != 0) {
		log_warn("media: cannot create the folders of '%s': %s", path, strerror(errno));
		return NULL;
	}
	/* Made under a private name and renamed: readers never see half a file. */
	char *tmp =
	    arena_printf(a, "%s.%ld.tmp.%s", path, (long)getpid() ^ (long)(uintptr_t)&sb, ext);
	int rc = media_thumb_encode(arena_printf(a, "%s/%s", dir, file), tmp, kind, width, fmt);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0) {
		unlink(tmp);
		return NULL;
	}
	return rel;
}

const char *media_thumb_path(struct arena *a, const char *dir, const char *rel)
{
	return arena_printf(a, "%s/" THUMBS "/%s", dir, rel);
}

void media_thumbs_each(struct arena *a, const char *file, void (*fn)(const char *rel, void *cls),
		       void *cls)
{
	static const char *const exts[] = {"webp", "jpg"};
	for (size_t k = 0; k < 2; k++) {
		char kind = k == 0 ? 'c' : 'w';
		const int *w = kind == 'c' ? crop_widths : fit_widths;
		size_t n = kind == 'c' ? sizeof crop_widths / sizeof *crop_widths
				       : sizeof fit_widths / sizeof *fit_widths;
		for (size_t i = 0; i < n; i++)
			for (size_t e = 0; e < 2; e++)
				fn(arena_printf(a, THUMBS "/%c%d/%s.%s", kind, w[i], file, exts[e]),
				   cls);
	}
}

struct remove_cls {
	struct arena *a;
	const char *dir;
};

static void remove_one(const char *rel, void *cls)
{
	const struct remove_cls *r = cls;
	unlink(arena_printf(r->a, "%s/%s", r->dir, rel));
}

void media_thumbs_remove(struct arena *a, const char *dir, const char *file)
{
	struct remove_cls r = {a, dir};
	media_thumbs_each(a, file, remove_one, &r);
}
