/* Uploaded videos: checked by their first bytes, written under names the server chooses. */
#include "media/video.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

int video_sniff(const void *data, size_t len, const char **mime, const char **ext)
{
	const unsigned char *d = data;
	if (len >= 12 && memcmp(d + 4, "ftyp", 4) == 0) {
		*mime = "video/mp4";
		*ext = "mp4";
		return 0;
	}
	static const unsigned char ebml[] = {0x1A, 0x45, 0xDF, 0xA3};
	if (len >= 16 && memcmp(d, ebml, 4) == 0) {
		/* The DocType element (0x42 0x82, a size byte, "webm") within the header. */
		size_t end = len < 64 ? len : 64;
		for (size_t i = 4; i + 7 <= end; i++) {
			if (d[i] == 0x42 && d[i + 1] == 0x82 && memcmp(d + i + 3, "webm", 4) == 0) {
				*mime = "video/webm";
				*ext = "webm";
				return 0;
			}
		}
	}
	return -1;
}

static int write_new(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (fd < 0) {
		log_error("video: cannot create '%s': %s", path, strerror(errno));
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
		log_error("video: cannot write '%s': %s", path, strerror(errno));
		unlink(path);
	}
	return rc;
}

int video_save(struct arena *a, const char *dir, const void *data, size_t len, int64_t now,
	       const char **file, const char **mime)
{
	const char *ext;
	if (video_sniff(data, len, mime, &ext) != 0)
		return 1;
	time_t t = (time_t)now;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return -1;
	const char *year = arena_printf(a, "%s/%04d", dir, tm.tm_year + 1900);
	const char *month = arena_printf(a, "%s/%02d", year, tm.tm_mon + 1);
	if ((mkdir(year, 0750) != 0 && errno != EEXIST) ||
	    (mkdir(month, 0750) != 0 && errno != EEXIST)) {
		log_error("video: cannot create '%s': %s", month, strerror(errno));
		return -1;
	}
	unsigned char rnd[16];
	char hex[33];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	*file = arena_printf(a, "%04d/%02d/%s.%s", tm.tm_year + 1900, tm.tm_mon + 1, hex, ext);
	return write_new(arena_printf(a, "%s/%s", dir, *file), data, len) == 0 ? 0 : -1;
}
