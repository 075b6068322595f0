/* The portal widgets on the public pages (issue 14). */
#ifndef GZ_SITE_WIDGETS_H
#define GZ_SITE_WIDGETS_H

#include <stdbool.h>
#include <stdint.h>

#include "site/page.h"

/* Adds the right column's blocks ("widgets") to the page's context. */
void widgets_context(struct page *p);
/* GET and POST /binh-chon/{id} */
void page_poll(struct page *p, int64_t id);
/* GET /thong-ke-truy-cap: the visitor counter without JavaScript */
void page_visitors(struct page *p);

/* Adds the blocks the newsroom arranged for area ("home", "right") to list; false when it has none
 * (the theme's default then). */
bool layout_context(struct page *p, const char *area, struct tv *list);
/* GET /thu-vien-anh/ and /thu-vien-anh/{id} */
void page_albums(struct page *p);
void page_album(struct page *p, int64_t id);
/* GET /video/ */
void page_videos(struct page *p);
/* GET /r/{id}: to an active banner's stored URL (404 otherwise). */
void page_banner(struct page *p, int64_t id);
/* True when now is inside the banner's schedule. */
struct banner;
bool banner_active(const struct banner *b, int64_t now);

#endif
