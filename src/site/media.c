/* GET /media/{file}: uploaded images, only those the media table lists, read from the media folder.
 */
#include "site/site-int.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"

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
		return rc != STORE_NOTFOUND;
	}
	const char *type = strcmp(file, m.file) == 0 ? m.mime : thumb_type(file);
	if (!type || !media_read_into(p, arena_printf(p->a, "%s/%s", p->site->media_dir, file))) {
		buf_reset(&p->resp->body);
		return false;
	}
	p->resp->status = 200;
	p->resp->content_type = type;
	/* Names are random and never reused, so the bytes behind a URL never change. */
	http_resp_header(p->resp, "Cache-Control", "public, max-age=31536000, immutable");
	http_resp_header(p->resp, "X-Content-Type-Options", "nosniff");
	http_resp_header(p->resp, "Content-Disposition", "inline");
	http_resp_header(p->resp, "Content-Security-Policy", "default-src 'none'; sandbox");
	return true;
}
