/* The reader's search, shared by the search page (/tim-kiem) and the API's GET /api/v1/search. */
#ifndef GZ_SITE_SEARCH_H
#define GZ_SITE_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "sanitize/sanitize.h"
#include "search/query.h"
#include "site/page.h"

#define SITE_SEARCH_PER_PAGE 10

/* A reader's search, read from the query string and checked. */
struct site_search {
	const char *q, *category, *from, *to; /* as given ("" when absent), for the form */
	struct search_query query;
	struct search_request req;
	int page;
	const char *error; /* a message for the reader (Vietnamese); NULL when the input is fine */
	/* the results, after site_search_run */
	struct search_hit *hits;
	size_t nhits;
	int64_t total;
	bool more; /* more than the ranked matches: total is a lower bound */
};

/* Reads ?q, ?category, ?from, ?to and ?page and checks them; f->error tells what to fix. */
void site_search_read(struct page *p, struct site_search *f);
/* Runs the search into f's results (none when f has an error or no terms): hits in the arena. */
enum store_rc site_search_run(struct page *p, struct site_search *f);
/* The snippet of a hit: the lead and the body's text around the matches; NULL on failure. */
const struct safe_html *site_search_snippet(struct page *p, const struct search_query *q,
					    const struct search_hit *h);

#endif
