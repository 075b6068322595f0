/* GET /media/{file}: uploaded images, only those the media table lists, read from the media folder.
 */
#include "site/site-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "site/mediacache.h"

#define MAX_MEDIA_PATH 128
#define MAX_MEDIA_BYTES (1024L * 1024 * 1024)

/* Names the server chose look like "2026/11/<hex>.png": letters, digits, '-', '.', '/', with no
 * empty, "." or ".." segment and no leading '/'. Anything else is not ours. */
static bool plausible(const char *f)
{
	size_t n = strlen(f);
	if (n == 0 || n > MAX_MEDIA_PATH || f[0] == '/' || f[n - 1] == '/' || strstr(f, "//") ||
	    strstr(f, ".."))
		return false;
	for (const char *c = f; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '.' || *c == '/'))
			return false;
	return f[0] != '.' && !strstr(f, "/.");
}

/* The type of a thumbnail from its extension (the server named it). */
static const char *thumb_type(const char *file)
{
	static const char *const types[][2] = {
	    {".jpg", "image/jpeg"}, {".png", "image/png"}, {".webp", "image/webp"}};
	const char *dot = strrchr(file, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return NULL;
}

/* A Range header of one byte range against a file of size bytes: 1 with [*from, *to] (inclusive),
 * 0 when there is none or it is not one "bytes=" range (the whole file is sent), -1 when it cannot
 * be satisfied (416). */
static int parse_range(const char *h, int64_t size, int64_t *from, int64_t *to)
{
	if (!h || strncmp(h, "bytes=", 6) != 0 || strchr(h, ','))
		return 0;
	const char *s = h + 6;
	char *end;
	if (*s == '-') {
		if (s[1] < '0' || s[1] > '9')
			return 0;
		long long n = strtoll(s + 1, &end, 10);
		if (*end || n <= 0)
			return *end ? 0 : -1;
		*from = n >= size ? 0 : size - n;
		*to = size - 1;
		return size > 0 ? 1 : -1;
	}
	if (*s < '0' || *s > '9')
		return 0;
	long long a = strtoll(s, &end, 10);
	if (*end != '-')
		return 0;
	long long b = size - 1;
	if (end[1]) {
		if (end[1] < '0' || end[1] > '9')
			return 0;
		b = strtoll(end + 1, &end, 10);
		if (*end || b < a)
			return 0;
	}
	if (a >= size)
		return -1;
	*from = a;
	*to = b >= size ? size - 1 : b;
	return 1;
}

/* Reads a regular file (not through a symbolic link), or the one byte range the request asks for,
 * into the response body. Returns 200, 206, 416, or 0 when it cannot be read. */
static int read_file(struct page *p, const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			log_warn("media: cannot open '%s': %s", path, strerror(errno));
		return 0;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > MAX_MEDIA_BYTES) {
		close(fd);
		return 0;
	}
	int64_t size = sb.st_size, from = 0, to = size - 1;
	int r = parse_range(http_header(p->req, "Range"), size, &from, &to);
	if (r < 0) {
		close(fd);
		http_resp_header(p->resp, "Content-Range",
				 arena_printf(p->a, "bytes */%lld", (long long)size));
		return 416;
	}
	bool ok = true;
	char chunk[65536];
	int64_t at = from;
	while (ok && at <= to) {
		size_t want =
		    (size_t)(to - at + 1) < sizeof chunk ? (size_t)(to - at + 1) : sizeof chunk;
		ssize_t got = pread(fd, chunk, want, (off_t)at);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			ok = false;
			break;
		}
		buf_append(&p->resp->body, chunk, (size_t)got);
		at += got;
	}
	close(fd);
	if (!ok)
		return 0;
	if (r == 0)
		return 200;
	http_resp_header(p->resp, "Content-Range",
			 arena_printf(p->a, "bytes %lld-%lld/%lld", (long long)from, (long long)to,
				      (long long)size));
	return 206;
}

/* The whole file into the response body (images.c). */
bool media_read_into(struct page *p, const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			log_warn("media: cannot open '%s': %s", path, strerror(errno));
		return false;
	}
	struct stat sb;
	bool ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size <= MAX_MEDIA_BYTES;
	char chunk[65536];
	while (ok) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			ok = r == 0;
			break;
		}
		buf_append(&p->resp->body, chunk, (size_t)r);
	}
	close(fd);
	return ok;
}

/* True when the If-None-Match list inm names etag (weak or strong: a GET compares weakly), or is
 * "*". */
static bool etag_listed(const char *inm, const char *etag)
{
	size_t n = strlen(etag);
	while (inm && *inm) {
		while (*inm == ' ' || *inm == '\t' || *inm == ',')
			inm++;
		if (*inm == '*')
			return true;
		if (strncmp(inm, "W/", 2) == 0)
			inm += 2;
		if (strncmp(inm, etag, n) == 0 &&
		    (inm[n] == '\0' || inm[n] == ',' || inm[n] == ' '))
			return true;
		inm = strchr(inm, ',');
	}
	return false;
}

bool media_not_modified(struct page *p, const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) /* as read_file: no symbolic link */
		return false;
	const char *etag = arena_printf(p->a, "\"%llx-%llx-%llx\"", (unsigned long long)sb.st_ino,
					(unsigned long long)sb.st_size,
					(unsigned long long)sb.st_mtim.tv_sec * 1000000000ULL +
					    (unsigned long long)sb.st_mtim.tv_nsec);
	http_resp_header(p->resp, "ETag", etag);
	if (!etag_listed(http_header(p->req, "If-None-Match"), etag))
		return false;
	buf_reset(&p->resp->body);
	p->resp->status = 304;
	return true;
}

bool media_serve(struct page *p)
{
	const char *file = p->req->path + strlen("/media/");
	struct media m;
	if (!p->site->media_dir || !plausible(file))
		return false;
	if (strncmp(file, "t/", 2) == 0) /* thumbnails for the public pages */
		return image_serve_thumb(p, file + 2);
	enum store_rc rc = store_media_get(p->st, p->a, file, &m);
	if (rc != STORE_OK) {
		if (rc != STORE_NOTFOUND)
			page_error(p, page_status_of(rc));
		else if (strncmp(file, "documents/", 10) != 0)
			/* deleted, perhaps through another node: its cached copy goes too (the
			 * documents' files, in the same folder, are not media rows: never) */
			mcache_drop_local(p->st, p->a, p->site->media_dir, file);
		return rc != STORE_NOTFOUND;
	}
	const char *type = strcmp(file, m.file) == 0 ? m.mime : thumb_type(file);
	const char *path = arena_printf(p->a, "%s/%s", p->site->media_dir, file);
	int got = type ? mcache_get(p->st, p->a, p->site->media_dir, file) : 1;
	if (got < 0) {
		page_error(p, 503);
		return true;
	}
	int status = got != 0 ? 0 : media_not_modified(p, path) ? 304 : read_file(p, path);
	if (!status) {
		buf_reset(&p->resp->body);
		return false;
	}
	p->resp->status = status;
	http_resp_header(p->resp, "Accept-Ranges", "bytes");
	p->resp->content_type = type;
	/* Names are random and never reused, so the bytes behind a URL never change. */
	http_resp_header(p->resp, "Cache-Control", "public, max-age=31536000, immutable");
	http_resp_header(p->resp, "X-Content-Type-Options", "nosniff");
	http_resp_header(p->resp, "Content-Disposition", "inline");
	http_resp_header(p->resp, "Content-Security-Policy", "default-src 'none'; sandbox");
	return true;
}
