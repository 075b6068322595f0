/* The home page: a lead story and secondary ones, "Tin mới", a block per top-level category and
 * "Đọc nhiều", with no article shown twice: the parts take their stories in turns. */
#include "site/site-int.h"
#include "site/widgets.h"

#include <string.h>

#define TOP_MAX 5    /* the lead story and four secondary ones */
#define LATEST_MAX 8 /* "Tin mới" */
#define BLOCK_MAX 4  /* per category: one with a photo, the rest as titles */
#define POPULAR_MAX 6
#define FETCH 40 /* candidates read per part: enough once the others took theirs */
#define BLOCKS_MAX 32

/* One part of the page: its candidates in order, and what it took. */
struct part {
	struct article_summary *cand;
	size_t ncand, next;
	struct article_summary *took;
	size_t ntook, max;
};

struct home {
	struct part top, latest, popular, blocks[BLOCKS_MAX];
	const struct category *block_cat[BLOCKS_MAX];
	size_t nblocks;
	int64_t *shown;
	size_t nshown;
};

static bool shown(const struct home *h, int64_t id)
{
	for (size_t i = 0; i < h->nshown; i++)
		if (h->shown[i] == id)
			return true;
	return false;
}

/* Gives the part its next candidate not on the page yet; false when it has none left. */
static bool take(struct home *h, struct part *pt)
{
	if (pt->ntook >= pt->max)
		return false;
	while (pt->next < pt->ncand && shown(h, pt->cand[pt->next].id))
		pt->next++;
	if (pt->next == pt->ncand)
		return false;
	pt->took[pt->ntook++] = pt->cand[pt->next];
	h->shown[h->nshown++] = pt->cand[pt->next++].id;
	return true;
}

static enum store_rc load(struct page *p, struct part *pt, struct article_query q, size_t max)
{
	q.now = p->now;
	q.limit = FETCH;
	pt->max = max;
	pt->took = arena_alloc(p->a, max * sizeof(*pt->took));
	return store_articles_list(p->st, p->a, &q, &pt->cand, &pt->ncand, NULL);
}

/* Featured articles first, then the newest, as the lead story's candidates. */
static enum store_rc load_top(struct page *p, struct home *h)
{
	struct part feat = {0}, news = {0};
	enum store_rc rc = load(p, &feat, (struct article_query){.featured_only = true}, TOP_MAX);
	if (rc == STORE_OK)
		rc = load(p, &news, (struct article_query){0}, TOP_MAX);
	if (rc != STORE_OK)
		return rc;
	h->top = (struct part){.max = TOP_MAX, .took = feat.took};
	h->top.cand = arena_alloc(p->a, (feat.ncand + news.ncand + 1) * sizeof(*h->top.cand));
	memcpy(h->top.cand, feat.cand, feat.ncand * sizeof(*feat.cand));
	memcpy(h->top.cand + feat.ncand, news.cand, news.ncand * sizeof(*news.cand));
	h->top.ncand = feat.ncand + news.ncand;
	h->latest = news; /* the same newest rows serve "Tin mới" */
	h->latest.max = LATEST_MAX;
	h->latest.took = arena_alloc(p->a, LATEST_MAX * sizeof(*h->latest.took));
	return STORE_OK;
}

static enum store_rc load_all(struct page *p, struct home *h)
{
	enum store_rc rc = load_top(p, h);
	if (rc == STORE_OK)
		rc = load(p, &h->popular, (struct article_query){.order = ORDER_MOST_VIEWED},
			  POPULAR_MAX);
	for (size_t i = 0; rc == STORE_OK && i < p->ncats && h->nblocks < BLOCKS_MAX; i++) {
		if (p->cats[i].parent_id != 0)
			continue;
		h->block_cat[h->nblocks] = &p->cats[i];
		struct article_query q = {.category_id = p->cats[i].id, .with_descendants = true};
		rc = load(p, &h->blocks[h->nblocks++], q, BLOCK_MAX);
	}
	return rc;
}

/* The lead story and its secondary ones first when the site has enough stories for every part
 * to get one too; then each part takes one story in turn until all are full or out of stories. */
static void share_out(struct home *h)
{
	size_t parts = 2 + h->nblocks;
	size_t first = h->latest.ncand > parts ? h->latest.ncand - parts : 1;
	for (size_t i = 0; i < first && i < TOP_MAX; i++)
		take(h, &h->top);
	for (bool moved = true; moved;) {
		moved = take(h, &h->top);
		moved |= take(h, &h->latest);
		for (size_t i = 0; i < h->nblocks; i++)
			moved |= take(h, &h->blocks[i]);
		moved |= take(h, &h->popular);
	}
}

static void fill(struct page *p, struct home *h)
{
	tv_bool(p->ctx, "has_top", h->top.ntook > 0);
	if (h->top.ntook > 0)
		list_row(p, tv_list(p->ctx, "top_lead"), &h->top.took[0], IMG_LEAD, false);
	list_rows(p, p->ctx, "secondary", "has_secondary", h->top.took + 1,
		  h->top.ntook ? h->top.ntook - 1 : 0, false, IMG_CARD);
	list_rows(p, p->ctx, "latest", "has_latest", h->latest.took, h->latest.ntook, false, -1);
	list_rows(p, p->ctx, "popular", "has_popular", h->popular.took, h->popular.ntook, false,
		  -1);
	struct tv *blocks = tv_list(p->ctx, "blocks");
	for (size_t i = 0; i < h->nblocks; i++) {
		const struct category *c = h->block_cat[i];
		const struct part *pt = &h->blocks[i];
		struct tv *b = tv_push(blocks);
		tv_str(b, "name", c->name);
		tv_str(b, "url", cat_url(p, c->id));
		struct tv *kids = tv_list(b, "children");
		bool any = false;
		for (size_t j = 0; j < p->ncats; j++)
			if (p->cats[j].parent_id == c->id) {
				struct tv *k = tv_push(kids);
				tv_str(k, "name", p->cats[j].name);
				tv_str(k, "url", cat_url(p, p->cats[j].id));
				any = true;
			}
		tv_bool(b, "has_children", any);
		if (pt->ntook > 0)
			list_row(p, tv_list(b, "block_first"), &pt->took[0], IMG_ROW, true);
		list_rows(p, b, "articles", "has_more", pt->took + 1, pt->ntook ? pt->ntook - 1 : 0,
			  false, -1);
		tv_bool(b, "has_articles", pt->ntook > 0);
	}
}

void page_home(struct page *p)
{
	struct home *h = arena_alloc(p->a, sizeof(*h));
	memset(h, 0, sizeof(*h));
	enum store_rc rc = load_all(p, h);
	if (rc == STORE_OK)
		rc = site_home_documents(p); /* "Văn bản mới" (doc_feeds.c) */
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	size_t cap = TOP_MAX + LATEST_MAX + POPULAR_MAX + h->nblocks * BLOCK_MAX;
	h->shown = arena_alloc(p->a, cap * sizeof(*h->shown));
	share_out(h);
	fill(p, h);
	tv_bool(p->ctx, "is_home", true);
	tv_bool(p->ctx, "has_home_layout",
		layout_context(p, "home", tv_list(p->ctx, "home_layout")));
	widgets_context(p);
	const char *slogan = page_setting(p, "slogan");
	tv_str(p->ctx, "description",
	       *slogan ? slogan
		       : arena_printf(p->a, "Tin tức, sự kiện, chính sách và hoạt động của %s",
				      page_setting(p, "site_name")));
	lang_alt_homes(p);
	page_render(p, 200, "home");
	p->cacheable = true;
}
