/* The category tree of a request: lookups by id and slug path, breadcrumbs and URLs. */
#include "site/site-int.h"

#include <string.h>

const struct category *cat_find(const struct page *p, int64_t id)
{
	for (size_t i = 0; i < p->ncats; i++)
		if (p->cats[i].id == id)
			return &p->cats[i];
	return NULL;
}

void cat_chain(const struct page *p, int64_t id, const struct category **chain, size_t *n,
	       size_t max)
{
	size_t len = 0;
	const struct category *c = cat_find(p, id);
	/* Walk up, bounded by the number of categories so that a cycle cannot loop forever. */
	while (c && len < max && len <= p->ncats) {
		chain[len++] = c;
		c = c->parent_id ? cat_find(p, c->parent_id) : NULL;
	}
	for (size_t i = 0; i < len / 2; i++) {
		const struct category *t = chain[i];
		chain[i] = chain[len - 1 - i];
		chain[len - 1 - i] = t;
	}
	*n = len;
}

const struct category *cat_by_path(const struct page *p, const char *const *segs, size_t nsegs)
{
	int64_t parent = 0;
	const struct category *found = NULL;
	for (size_t s = 0; s < nsegs; s++) {
		found = NULL;
		for (size_t i = 0; i < p->ncats; i++) {
			if (p->cats[i].parent_id == parent &&
			    strcmp(p->cats[i].slug, segs[s]) == 0) {
				found = &p->cats[i];
				break;
			}
		}
		if (!found)
			return NULL;
		parent = found->id;
	}
	return found;
}

#define MAX_DEPTH 32

const char *cat_url(const struct page *p, int64_t id)
{
	const char *made = site_snap_cat_url(p, cat_find(p, id));
	if (made)
		return made;
	const struct category *chain[MAX_DEPTH];
	size_t n;
	cat_chain(p, id, chain, &n, MAX_DEPTH);
	struct buf b = BUF_INIT;
	buf_puts(&b, "/chuyen-muc/");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s/", chain[i]->slug);
	const char *url = arena_strdup(p->a, buf_cstr(&b));
	buf_free(&b);
	return url;
}

void cat_breadcrumb(struct page *p, struct tv *obj, const char *key, int64_t id)
{
	const struct category *chain[MAX_DEPTH];
	size_t n;
	cat_chain(p, id, chain, &n, MAX_DEPTH);
	struct tv *list = tv_list(obj, key);
	for (size_t i = 0; i < n; i++) {
		struct tv *item = tv_push(list);
		tv_str(item, "name", chain[i]->name);
		tv_str(item, "url", cat_url(p, chain[i]->id));
		tv_bool(item, "last", i + 1 == n);
	}
}

/* "/{slug}-{id}.html" ("/bai-viet-{id}.html" without a slug), made without printf: every list row
 * of every page makes one (a sixth of the printf work of a page not in the cache). */
const char *site_article_url(struct arena *a, const char *slug, int64_t id)
{
	if (!*slug)
		slug = "bai-viet";
	char digits[24];
	size_t nd = 0;
	uint64_t v = id < 0 ? 0 - (uint64_t)id : (uint64_t)id;
	do
		digits[nd++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (id < 0)
		digits[nd++] = '-';
	size_t ns = strlen(slug);
	char *url = arena_alloc(a, ns + nd + sizeof "/-.html");
	char *w = url;
	*w++ = '/';
	memcpy(w, slug, ns);
	w += ns;
	*w++ = '-';
	while (nd)
		*w++ = digits[--nd];
	memcpy(w, ".html", sizeof ".html");
	return url;
}

#define CAT_PARAM_DEPTH 32

int64_t cat_param(const struct page *p, const char *v)
{
	if (!v || !*v)
		return 0;
	int64_t id = http_parse_id(v, strlen(v));
	if (id)
		return cat_find(p, id) ? id : -1;
	const char *segs[CAT_PARAM_DEPTH];
	size_t n = 0;
	char *path = arena_strdup(p->a, v);
	char *save = NULL;
	for (char *s = strtok_r(path, "/", &save); s && n < CAT_PARAM_DEPTH;
	     s = strtok_r(NULL, "/", &save))
		segs[n++] = s;
	const struct category *c = n ? cat_by_path(p, segs, n) : NULL;
	return c ? c->id : -1;
}
