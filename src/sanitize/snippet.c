/* Search snippets: escaped text with <mark> around matches, and the visible text of stored HTML. */
#include "sanitize/snippet.h"

#include "sanitize/sanitize-int.h"

#include <stdlib.h>
#include <string.h>

#include "html/escape.h"
#include "vi/vi.h"

/* Escaped text with line breaks and tabs as spaces (a snippet is one line). */
static void escape_into(struct buf *b, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
			continue;
		html_escape(b, s + run, i - run);
		buf_putc(b, ' ');
		run = i + 1;
	}
	html_escape(b, s + run, n - run);
}

int sanitize_snippet(const char *text, size_t len, const struct snippet_mark *marks, size_t nm,
		     struct safe_html **out)
{
	if (!vi_utf8_valid(text, len))
		return -1;
	struct buf b = BUF_INIT;
	size_t at = 0;
	for (size_t i = 0; i < nm; i++) {
		const struct snippet_mark *m = &marks[i];
		if (m->start < at || m->end <= m->start || m->end > len)
			continue;
		escape_into(&b, text + at, m->start - at);
		buf_puts(&b, "<mark>");
		escape_into(&b, text + m->start, m->end - m->start);
		buf_puts(&b, "</mark>");
		at = m->end;
	}
	escape_into(&b, text + at, len - at);
	buf_append(&b, "", 0);
	size_t n = b.len;
	*out = san_adopt(buf_detach(&b), n);
	return 0;
}

void sanitize_stored_text(const char *html, size_t len, struct buf *out)
{
	/* Stored bodies are sanitiser output; the text walk only reads them. */
	struct safe_html h = {(char *)html, len};
	sanitize_text(&h, out);
}
