/* Article pictures on the public pages: srcset of library thumbnails in WebP and JPEG, sizes and
 * dimensions set; a picture that cannot be shown is left out, so the layout falls back to text. */
#include "site/site-int.h"

#include <stdlib.h>
#include <string.h>

#include "media/thumb.h"
#include "site/mediacache.h"

#define MEDIA_PREFIX "/media/"
#define THUMB_PREFIX "/media/t/"

static const struct {
	char kind;
	int widths[3];
	size_t n;
	int w, h; /* width and height attributes (the proportions) */
	const char *sizes;
} uses[IMG_USE_MAX] = {
    [IMG_LEAD] = {'c', {480, 720}, 2, 720, 480, "(min-width: 64rem) 29rem, calc(100vw - 2.5rem)"},
    [IMG_CARD] =
	{'c', {240, 480}, 2, 480, 320, "(min-width: 64rem) 10rem, (min-width: 40rem) 22vw, 45vw"},
    [IMG_ROW] = {'c', {240, 480}, 2, 480, 320, "(min-width: 40rem) 12rem, 7.5rem"},
    [IMG_FEATURED] =
	{'w', {480, 720, 960}, 3, 960, 640, "(min-width: 52rem) 48rem, calc(100vw - 2.5rem)"},
};

/* A library file named by an image address: "/media/2026/11/ab.jpg" -> "2026/11/ab.jpg" when the
 * media table lists it; else NULL. */
static const char *library_file(struct page *p, const char *src, struct media *m)
{
	if (!p->site->media_dir || strncmp(src, MEDIA_PREFIX, strlen(MEDIA_PREFIX)) != 0)
		return NULL;
	const char *file = src + strlen(MEDIA_PREFIX);
	if (!*file || strstr(file, "..") || strncmp(file, "t/", 2) == 0)
		return NULL;
	return store_media_get(p->st, p->a, file, m) == STORE_OK ? file : NULL;
}

static bool absolute(const char *src)
{
	return (strncmp(src, "https://", 8) == 0 || strncmp(src, "http://", 7) == 0) &&
	       !strpbrk(src, " \"'<>\\");
}

/* media_thumb through the database (mediacache.h): a thumbnail another node made is fetched
 * rather than made again; one made here is stored for the others. With SQLite, media_thumb. */
static const char *thumb(struct page *p, const char *file, char kind, int width, enum media_fmt fmt)
{
	const char *dir = p->site->media_dir;
	if (!store_media_blobs(p->st))
		return media_thumb(p->a, dir, file, kind, width, fmt);
	const char *rel = media_thumb_name(p->a, file, kind, width, fmt);
	if (!rel)
		return NULL;
	const char *stored = arena_printf(p->a, ".thumbs/%s", rel);
	if (mcache_get(p->st, p->a, dir, stored) == 0)
		return rel;
	if (mcache_get(p->st, p->a, dir, file) != 0)
		return NULL; /* the original is neither here nor in the database */
	const char *made = media_thumb(p->a, dir, file, kind, width, fmt);
	if (made)
		mcache_put(p->st, p->a, dir, stored,
			   fmt == MEDIA_FMT_WEBP ? "image/webp" : "image/jpeg", false);
	return made;
}

/* "URL 240w, URL 480w" of one format; NULL when a thumbnail cannot be made. */
static const char *srcset(struct page *p, const char *file, int use, enum media_fmt fmt,
			  const char **largest)
{
	struct buf b = BUF_INIT;
	const char *out = NULL;
	for (size_t i = 0; i < uses[use].n; i++) {
		const char *rel = thumb(p, file, uses[use].kind, uses[use].widths[i], fmt);
		if (!rel)
			goto out;
		buf_printf(&b, "%s" THUMB_PREFIX "%s %dw", i ? ", " : "", rel, uses[use].widths[i]);
		*largest = arena_printf(p->a, THUMB_PREFIX "%s", rel);
	}
	out = arena_strdup(p->a, buf_cstr(&b));
out:
	buf_free(&b);
	return out;
}

const struct article_image *summary_image(const struct article_summary *r)
{
	return r->image.src && *r->image.src ? &r->image : NULL;
}

bool image_fill(struct page *p, struct tv *obj, const struct article_image *img, int use, bool lazy)
{
	if (!img || !img->src || !*img->src || use < 0 || use >= IMG_USE_MAX)
		return false;
	struct media m;
	const char *file = library_file(p, img->src, &m);
	const char *src = NULL, *jpg = NULL, *webp = NULL, *big = NULL;
	int w = uses[use].w, h = uses[use].h;
	if (file) {
		webp = srcset(p, file, use, MEDIA_FMT_WEBP, &big);
		jpg = webp ? srcset(p, file, use, MEDIA_FMT_JPEG, &big) : NULL;
		if (!jpg)
			return false; /* undecodable: the story shows as text */
		src = big;
		if (uses[use].kind == 'w' && m.width > 0 && m.height > 0) {
			int64_t fw = m.width < w ? m.width : w;
			h = (int)(m.height * fw / m.width);
			w = (int)fw;
		}
	} else if (absolute(img->src)) {
		src = img->src;
	} else {
		return false;
	}
	struct tv *o = tv_child(obj, "image");
	tv_str(o, "src", src);
	if (jpg) {
		tv_str(o, "jpg_set", jpg);
		tv_str(o, "webp_set", webp);
		tv_str(o, "sizes", uses[use].sizes);
	}
	tv_int(o, "w", w);
	tv_int(o, "h", h);
	tv_str(o, "alt", img->alt ? img->alt : "");
	tv_str(o, "caption", img->caption ? img->caption : "");
	tv_bool(o, "lazy", lazy);
	/* the article's own picture, absolute for og:image (head.html); a list's rows are made once
	 * for every reader and hold nothing of one request's (site_base: the Host) */
	if (use == IMG_FEATURED)
		tv_str(o, "og_src",
		       src[0] == '/' ? arena_printf(p->a, "%s%s", site_base(p), src) : src);
	return true;
}

/* "c480/2026/11/ab.jpg.webp" -> kind 'c', width 480, file "2026/11/ab.jpg", fmt; false if not so.
 */
static bool parse_thumb(struct page *p, const char *rel, char *kind, int *width, const char **file,
			enum media_fmt *fmt)
{
	*kind = rel[0];
	char *end = NULL;
	long w = strtol(rel + 1, &end, 10);
	if ((*kind != 'c' && *kind != 'w') || !end || *end != '/' || w <= 0 || w > 4000)
		return false;
	*width = (int)w;
	const char *name = end + 1;
	size_t n = strlen(name);
	if (n > 5 && strcmp(name + n - 5, ".webp") == 0) {
		*fmt = MEDIA_FMT_WEBP;
		n -= 5;
	} else if (n > 4 && strcmp(name + n - 4, ".jpg") == 0) {
		*fmt = MEDIA_FMT_JPEG;
		n -= 4;
	} else {
		return false;
	}
	*file = arena_strndup(p->a, name, n);
	return media_thumb_width_ok(*kind, *width);
}

bool image_serve_thumb(struct page *p, const char *rel)
{
	char kind;
	int width;
	const char *file;
	enum media_fmt fmt;
	struct media m;
	if (!p->site->media_dir || !parse_thumb(p, rel, &kind, &width, &file, &fmt) ||
	    strstr(file, "..") || store_media_get(p->st, p->a, file, &m) != STORE_OK)
		return false;
	const char *made = thumb(p, file, kind, width, fmt);
	const char *path = made ? media_thumb_path(p->a, p->site->media_dir, made) : NULL;
	if (!path)
		return false;
	if (media_not_modified(p, path))
		p->resp->status = 304;
	else if (media_read_into(p, path))
		p->resp->status = 200;
	else
		return false;
	p->resp->content_type = fmt == MEDIA_FMT_WEBP ? "image/webp" : "image/jpeg";
	http_resp_header(p->resp, "Cache-Control", "public, max-age=31536000, immutable");
	http_resp_header(p->resp, "X-Content-Type-Options", "nosniff");
	return true;
}
