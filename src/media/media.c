/* Uploaded images: content sniffing, files with server-chosen names, libvips thumbnails. */
#include "media/media.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <vips/vips.h>

#include "core/log.h"

static const struct {
	const char *mime, *ext;
	const char *thumb_ext; /* GIF thumbnails are PNG: libvips may lack a GIF writer */
	const char *thumb_opts;
} kinds[] = {
    {"image/jpeg", "jpg", "jpg", ".jpg[strip,Q=82]"},
    {"image/png", "png", "png", ".png[strip]"},
    {"image/gif", "gif", "png", ".png[strip]"},
    {"image/webp", "webp", "webp", ".webp[strip,Q=80]"},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static int kind_of(const unsigned char *d, size_t len)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return 0;
	if (len >= 8 && memcmp(d, png, 8) == 0)
		return 1;
	if (len >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
		return 2;
	if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return 3;
	return -1;
}

enum media_rc media_sniff(const void *data, size_t len, const char **mime, const char **ext)
{
	int k = kind_of(data, len);
	if (k < 0)
		return MEDIA_BAD_TYPE;
	*mime = kinds[k].mime;
	*ext = kinds[k].ext;
	return MEDIA_OK;
}

const char *media_type_of(const char *file)
{
	const char *dot = strrchr(file, '.');
	for (size_t i = 0; dot && i < NKINDS; i++)
		if (strcmp(dot + 1, kinds[i].ext) == 0)
			return kinds[i].mime;
	return NULL;
}

int media_init(const char *argv0)
{
	if (VIPS_INIT(argv0) != 0) {
		log_error("libvips failed to start: %s", vips_error_buffer());
		return -1;
	}
	vips_block_untrusted_set(TRUE); /* only the well-tested loaders */
	vips_cache_set_max(0);          /* each upload is decoded once */
	vips_concurrency_set(2);
	return 0;
}

/* Makes dir/YYYY/MM (0750) and returns "YYYY/MM", or NULL. */
static const char *month_dir(struct arena *a, const char *dir, int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return NULL;
	const char *year = arena_printf(a, "%s/%04d", dir, tm.tm_year + 1900);
	const char *month = arena_printf(a, "%s/%02d", year, tm.tm_mon + 1);
	if ((mkdir(year, 0750) != 0 && errno != EEXIST) ||
	    (mkdir(month, 0750) != 0 && errno != EEXIST)) {
		log_error("media: cannot create '%s': %s", month, strerror(errno));
		return NULL;
	}
	return arena_printf(a, "%04d/%02d", tm.tm_year + 1900, tm.tm_mon + 1);
}

/* Writes a new file (never replacing one); on failure removes what it made. */
static int write_new(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (fd < 0) {
		log_error("media: cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		left -= (size_t)w;
	}
	int rc = left == 0 && fsync(fd) == 0 ? 0 : -1;
	if (close(fd) != 0)
		rc = -1;
	if (rc != 0) {
		log_error("media: cannot write '%s': %s", path, strerror(errno));
		unlink(path);
	}
	return rc;
}

/* Decodes data (header first, for the size check) and encodes a stripped thumbnail. */
static enum media_rc thumbnail(const void *data, size_t len, int k, struct media_saved *out,
			       void **tdata, size_t *tlen)
{
	enum media_rc rc = MEDIA_UNDECODABLE;
	VipsImage *head =
	    vips_image_new_from_buffer(data, len, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
	VipsImage *thumb = NULL;
	if (!head)
		goto out;
	out->width = vips_image_get_width(head);
	out->height = vips_image_get_height(head);
	if (out->width < 1 || out->height < 1)
		goto out;
	if (out->width * out->height > MEDIA_MAX_PIXELS) {
		rc = MEDIA_TOO_MANY_PX;
		goto out;
	}
	if (vips_thumbnail_buffer((void *)(uintptr_t)data, len, &thumb, MEDIA_THUMB_WIDTH, "height",
				  VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL) != 0)
		goto out;
	if (vips_image_write_to_buffer(thumb, kinds[k].thumb_opts, tdata, tlen, NULL) != 0)
		goto out;
	rc = MEDIA_OK;
out:
	if (rc == MEDIA_UNDECODABLE)
		log_info("media: libvips cannot decode an upload: %s", vips_error_buffer());
	vips_error_clear();
	if (thumb)
		g_object_unref(thumb);
	if (head)
		g_object_unref(head);
	return rc;
}

enum media_rc media_save(struct arena *a, const char *dir, const void *data, size_t len,
			 int64_t now, struct media_saved *out)
{
	int k = kind_of(data, len);
	if (k < 0)
		return MEDIA_BAD_TYPE;
	memset(out, 0, sizeof(*out));
	out->mime = kinds[k].mime;
	void *tdata = NULL;
	size_t tlen = 0;
	enum media_rc rc = thumbnail(data, len, k, out, &tdata, &tlen);
	if (rc != MEDIA_OK)
		return rc;
	rc = MEDIA_IO;
	const char *month = month_dir(a, dir, now);
	if (!month)
		goto out;
	unsigned char rnd[16];
	char hex[sizeof rnd * 2 + 1];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	out->file = arena_printf(a, "%s/%s.%s", month, hex, kinds[k].ext);
	out->thumb = arena_printf(a, "%s/%s-t.%s", month, hex, kinds[k].thumb_ext);
	const char *fpath = arena_printf(a, "%s/%s", dir, out->file);
	if (write_new(fpath, data, len) != 0)
		goto out;
	if (write_new(arena_printf(a, "%s/%s", dir, out->thumb), tdata, tlen) != 0) {
		unlink(fpath);
		goto out;
	}
	rc = MEDIA_OK;
out:
	g_free(tdata);
	return rc;
}

void media_remove(struct arena *a, const char *dir, const struct media_saved *s)
{
	if (s->file)
		unlink(arena_printf(a, "%s/%s", dir, s->file));
	if (s->thumb)
		unlink(arena_printf(a, "%s/%s", dir, s->thumb));
}
