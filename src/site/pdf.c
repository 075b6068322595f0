/* /tai-ve/{id}.pdf: the article as a PDF made on the server (src/pdf); it counts no view. */
#include "site/site-int.h"

#include <string.h>

#include "pdf/pdf.h"
#include "site/mediacache.h"

#define MEDIA_PREFIX "/media/"

/* Only files of the media library, read from the media folder; remote images are never fetched. */
static const char *local_image(void *cls, const char *src)
{
	struct page *p = cls;
	if (!p->site->media_dir || strncmp(src, MEDIA_PREFIX, strlen(MEDIA_PREFIX)) != 0)
		return NULL;
	const char *file = src + strlen(MEDIA_PREFIX);
	struct media m;
	if (strstr(file, "..") || store_media_get(p->st, p->a, file, &m) != STORE_OK ||
	    mcache_get(p->st, p->a, p->site->media_dir, file) != 0)
		return NULL;
	return arena_printf(p->a, "%s/%s", p->site->media_dir, file);
}

void page_pdf(struct page *p, int64_t id)
{
	struct article a;
	int status = id ? article_load_public(p, id, &a) : 404;
	if (status) {
		page_error(p, status);
		return;
	}
	const char *meta = arena_printf(p->a, "Đăng ngày: %s%s%s", page_datetime(p, a.published_at),
					*a.author ? " | Tác giả: " : "", a.author);
	struct pdf_article doc = {
	    .site_name = page_setting(p, "site_name"),
	    .title = a.title,
	    .meta = meta,
	    .lead = a.lead,
	    .body_html = a.body_html,
	    .signature = a.signature,
	    .source = a.source,
	    .url = arena_printf(p->a, "%s%s", site_base(p), site_article_url(p->a, a.slug, a.id)),
	    .printed = page_datetime(p, p->now),
	    .image = "",
	    .image_caption = a.image.caption,
	    .image_file = local_image,
	    .cls = p,
	};
	const char *img = *a.image.src ? local_image(p, a.image.src) : NULL;
	if (img)
		doc.image = img;
	buf_reset(&p->resp->body);
	if (pdf_render(&doc, &p->resp->body) != 0) {
		buf_reset(&p->resp->body);
		page_error(p, 500);
		return;
	}
	p->resp->status = 200;
	p->resp->content_type = "application/pdf";
	p->cacheable = true; /* and no view counted: p->count_article stays 0 */
}
