/* Highlighted snippets of search results: a window of the text around the best matches. */
#ifndef GZ_SEARCH_SNIPPET_H
#define GZ_SEARCH_SNIPPET_H

#include <stddef.h>

#include "sanitize/sanitize.h"
#include "search/query.h"

/*
 * Builds the snippet of plain text[0..len) for q: about max_bytes of text around the first place
 * that holds every word of the query (the text is read no further), or, where no such place is,
 * around the place with the most matched words; cut at spaces, with "…" where it was cut, every
 * word whose fold equals a fold of an included word wrapped in <mark>, everything escaped (by
 * sanitize_snippet). Returns 0 and *out (free with safe_html_free), or -1 when the text shown is
 * not valid UTF-8.
 */
int search_snippet(const char *text, size_t len, const struct search_query *q, size_t max_bytes,
		   struct safe_html **out);

#endif
