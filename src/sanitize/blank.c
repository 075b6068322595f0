/* Blocks that the sanitiser's removals left blank, told apart in its own output. */
#define _GNU_SOURCE /* memmem */
#include <stdbool.h>
#include <string.h>

#include "sanitize/sanitize-int.h"

/* Elements that show nothing when they hold nothing (an empty <q> shows its quotation marks). */
static bool hollow_inline(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_SPAN:
	case GUMBO_TAG_B:
	case GUMBO_TAG_STRONG:
	case GUMBO_TAG_EM:
	case GUMBO_TAG_I:
	case GUMBO_TAG_U:
	case GUMBO_TAG_S:
	case GUMBO_TAG_SMALL:
	case GUMBO_TAG_SUB:
	case GUMBO_TAG_SUP:
	case GUMBO_TAG_MARK:
	case GUMBO_TAG_ABBR:
	case GUMBO_TAG_CITE:
	case GUMBO_TAG_DEL:
	case GUMBO_TAG_INS:
	case GUMBO_TAG_TIME:
	case GUMBO_TAG_A:
		return true;
	default:
		return false;
	}
}

/* The tag the sanitiser wrote at s[0..n) (s[0] is '<'): its element, and its length in *len (up to
 * and with the '>'; attribute values never hold '<' or '>': they are escaped); UNKNOWN when none.
 */
static GumboTag tag_at(const char *s, size_t n, size_t *len, bool *end)
{
	*end = n > 1 && s[1] == '/';
	size_t name = 1 + *end, k = name;
	while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9')))
		k++;
	const char *gt = memchr(s + k, '>', n - k);
	if (k == name || !gt)
		return GUMBO_TAG_UNKNOWN;
	*len = (size_t)(gt - s) + 1;
	return gumbo_tagn_enum(s + name, (unsigned)(k - name));
}

static bool has_id(const char *tag, size_t len)
{
	return memmem(tag, len, " id=\"", 5) != NULL;
}

/* Whether s[0..n) (an element's content) shows nothing: spaces, no-break spaces, <br>, and inline
 * elements without an id that hold no more. */
static bool blank_html(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f') {
			i++;
		} else if (n - i >= 2 && s[i] == '\xc2' && s[i + 1] == '\xa0') {
			i += 2; /* &nbsp; */
		} else if (s[i] == '<') {
			size_t len = 0;
			bool end;
			GumboTag tag = tag_at(s + i, n - i, &len, &end);
			if (tag != GUMBO_TAG_BR && !hollow_inline(tag))
				return false; /* an image, a player, a table... */
			if (has_id(s + i, len))
				return false; /* a link's target */
			i += len;
		} else {
			return false; /* text */
		}
	}
	return true;
}

/* Whether s[start..at) ends where a block starts or ends, or holds only spaces: a block written at
 * `at` can go without joining what precedes it and what follows it on one line. */
static bool block_boundary(const char *s, size_t start, size_t at)
{
	while (at > start && (s[at - 1] == ' ' || s[at - 1] == '\t' || s[at - 1] == '\n'))
		at--;
	if (at == start)
		return true;
	if (s[at - 1] != '>')
		return false; /* text: what follows would join it on its line */
	size_t lt = at - 1;
	while (lt > start && s[lt] != '<')
		lt--;
	size_t len = 0;
	bool end;
	GumboTag tag = tag_at(s + lt, at - lt, &len, &end);
	return san_is_block(tag) || tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH ||
	       tag == GUMBO_TAG_BR;
}

bool san_left_blank(const char *s, size_t base, size_t start, size_t body, size_t end)
{
	return !has_id(s + start, body - start) && blank_html(s + body, end - body) &&
	       block_boundary(s, base, start);
}
