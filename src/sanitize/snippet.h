/* Search snippets and the visible text of stored HTML: the sanitiser's side of search results. */
#ifndef GZ_SANITIZE_SNIPPET_H
#define GZ_SANITIZE_SNIPPET_H

#include <stddef.h>

#include "core/buf.h"
#include "sanitize/sanitize.h"

/* A byte range of a snippet's text to highlight. */
struct snippet_mark {
	size_t start, end;
};

/*
 * Makes safe HTML of plain text[0..len): every character escaped (line breaks become spaces), and
 * each range of marks[0..nm) (sorted, not overlapping; bad ranges are skipped) wrapped in <mark>.
 * Returns 0 and *out (free with safe_html_free), or -1 when text is not valid UTF-8.
 */
int sanitize_snippet(const char *text, size_t len, const struct snippet_mark *marks, size_t nm,
		     struct safe_html **out);

/* Appends the visible text of stored body HTML (sanitiser output) to out, as sanitize_text does. */
void sanitize_stored_text(const char *html, size_t len, struct buf *out);

#endif
