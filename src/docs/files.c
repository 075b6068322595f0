/* Attachments on disk: new files under server-chosen names in the media folder. */
#include "docs/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/log.h"

/* mkdir that accepts an existing folder. */
static int make_dir(const char *path)
{
	return mkdir(path, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

int doc_file_save(const char *dir, const void *data, size_t len, const char *ext, int64_t now,
		  struct buf *rel)
{
	time_t t = (time_t)now;
	struct tm tm;
	unsigned char rnd[16];
	char hex[33], path[4096], sub[64];
	if (!gmtime_r(&t, &tm))
		return -1;
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	snprintf(sub, sizeof sub, "documents/%04d/%02d", tm.tm_year + 1900, tm.tm_mon + 1);
	snprintf(path, sizeof path, "%s/documents", dir);
	if (make_dir(path) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/documents/%04d", dir, tm.tm_year + 1900);
	if (make_dir(path) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/%s", dir, sub);
	if (make_dir(path) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/%s/%s.%s", dir, sub, hex, ext);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0) {
		log_error("documents: cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		left -= (size_t)w;
	}
	if (left > 0 || fsync(fd) != 0 || close(fd) != 0) {
		log_error("documents: cannot write '%s': %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	buf_printf(rel, "%s/%s.%s", sub, hex, ext);
	return 0;
}

void doc_file_remove(const char *dir, const char *rel)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (unlink(path) != 0 && errno != ENOENT)
		log_warn("documents: cannot remove '%s': %s", path, strerror(errno));
}
