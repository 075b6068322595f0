/* Uploaded images: content sniffing, files with server-chosen names. What decodes and encodes
 * images (libvips) is in media_vips.c, which the server loads on first use (src/mod/). */
#include "media/media.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <glib.h>

#include "core/log.h"
#include "media/media-int.h"

/* Every stored file is re-encoded by libvips with "strip": no EXIF, GPS, XMP, IPTC, ICC or
 * maker notes survive, in the original as in the thumbnail. */
const struct media_kind media_kinds[] = {
    {"image/jpeg", "jpg", ".jpg[strip,Q=88]", "jpg", ".jpg[strip,Q=82]"},
    {"image/png", "png", ".png[strip]", "png", ".png[strip]"},
    {"image/gif", "gif", ".gif[strip]", "png", ".png[strip]"},
    {"image/webp", "webp", ".webp[strip,Q=88]", "webp", ".webp[strip,Q=80]"},
};
#define NKINDS (sizeof media_kinds / sizeof media_kinds[0])

int media_kind_of(const void *data, size_t len)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
	const unsigned char *d = data;
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
	int k = media_kind_of(data, len);
	if (k < 0)
		return MEDIA_BAD_TYPE;
	*mime = media_kinds[k].mime;
	*ext = media_kinds[k].ext;
	return MEDIA_OK;
}

const char *media_type_of(const char *file)
{
	const char *dot = strrchr(file, '.');
	for (size_t i = 0; dot && i < NKINDS; i++)
		if (strcmp(dot + 1, media_kinds[i].ext) == 0)
			return media_kinds[i].mime;
	return NULL;
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

enum media_rc media_save(struct arena *a, const char *dir, const void *data, size_t len,
			 int64_t now, struct media_saved *out)
{
	void *odata = NULL, *tdata = NULL;
	size_t olen = 0, tlen = 0;
	enum media_rc rc = media_clean(data, len, out, &odata, &olen);
	if (rc != MEDIA_OK)
		goto out;
	int k = media_kind_of(data, len);
	if ((rc = media_small(odata, olen, &tdata, &tlen)) != MEDIA_OK)
		goto out;
	rc = MEDIA_IO;
	const char *month = month_dir(a, dir, now);
	if (!month)
		goto out;
	unsigned char rnd[16];
	char hex[sizeof rnd * 2 + 1];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	out->file = arena_printf(a, "%s/%s.%s", month, hex, media_kinds[k].ext);
	out->thumb = arena_printf(a, "%s/%s-t.%s", month, hex, media_kinds[k].thumb_ext);
	const char *fpath = arena_printf(a, "%s/%s", dir, out->file);
	if (write_new(fpath, odata, olen) != 0)
		goto out;
	if (write_new(arena_printf(a, "%s/%s", dir, out->thumb), tdata, tlen) != 0) {
		unlink(fpath);
		goto out;
	}
	rc = MEDIA_OK;
out:
	g_free(odata);
	g_free(tdata);
	return rc;
}

/* Characters a file name never keeps: C0 and C1 controls, DEL, and the invisible formatting
 * and bidirectional controls that can make "gpj.exe" look like "exe.jpg" (U+202E) or hide text.
 */
static bool hidden_cp(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xAD || c == 0x061C ||
	       (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
	       (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB);
}

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length, or 0 when invalid. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	if (len == 0 || len > n || s[0] > 0xF4)
		return 0;
	uint32_t c = len == 1 ? s[0] : s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int media_clean_name(const char *name, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t n = strlen(name);
	while (n) {
		uint32_t c;
		size_t k = utf8_next(s, n, &c);
		if (k == 0)
			return -1;
		if (!hidden_cp(c))
			buf_append(out, s, k);
		s += k;
		n -= k;
	}
	return 0;
}

void media_remove(struct arena *a, const char *dir, const struct media_saved *s)
{
	if (s->file)
		unlink(arena_printf(a, "%s/%s", dir, s->file));
	if (s->thumb)
		unlink(arena_printf(a, "%s/%s", dir, s->thumb));
}
