/* The print view of an article, /in/{id}: no chrome, only what a printed page needs. It counts no
 * view. */
#include "site/site-int.h"

#include <string.h>

void page_print(struct page *p, int64_t id)
{
	struct article a;
	int status = id ? article_load_public(p, id, &a) : 404;
	if (status) {
		page_error(p, status);
		return;
	}
	article_fill(p, &a);
	struct tv *pr = tv_child(p->ctx, "print");
	tv_str(pr, "url",
	       arena_printf(p->a, "%s%s", site_base(p), site_article_url(p->a, a.slug, a.id)));
	tv_str(pr, "date", page_datetime(p, p->now));
	tv_str(pr, "pdf", arena_printf(p->a, "/tai-ve/%lld.pdf", (long long)a.id));
	tv_str(p->ctx, "robots", "noindex");
	page_render(p, 200, "print");
	p->cacheable = true; /* and p->count_article stays 0: printing is not reading */
}
