/* The portal widgets on the public pages (issue 14). */
#ifndef GZ_SITE_WIDGETS_H
#define GZ_SITE_WIDGETS_H

#include <stdint.h>

#include "site/page.h"

/* Adds the right column's blocks ("widgets") to the page's context. */
void widgets_context(struct page *p);
/* GET and POST /binh-chon/{id} */
void page_poll(struct page *p, int64_t id);
/* GET /thong-ke-truy-cap: the visitor counter without JavaScript */
void page_visitors(struct page *p);

#endif
