/* A rough pre-parse tag counter that keeps pathological nesting away from gumbo's slow paths. */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "sanitize/sanitize-int.h"

/* Elements that never nest: void elements and those whose start tag closes an open one of their
 * kind. */
static const char *const flat_tags[] = {
    "area",   "base", "br",     "col",      "embed",  "hr",      "img",      "image", "input",
    "keygen", "link", "meta",   "param",    "source", "track",   "wbr",      "p",     "li",
    "dt",     "dd",   "option", "optgroup", "tr",     "td",      "th",       "tbody", "thead",
    "tfoot",  "rb",   "rt",     "rp",       "rtc",    "caption", "colgroup",
};

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ends_name(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '/' || c == '>';
}

static bool nests(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof flat_tags / sizeof flat_tags[0]; i++)
		if (strlen(flat_tags[i]) == n && strncasecmp(name, flat_tags[i], n) == 0)
			return false;
	return true;
}

/* Given in[i] == '<', returns the end of the tag that starts there (0 when it is no tag) and fills
 * *end (an end tag) and *counts (the tag changes the nesting depth). */
static size_t scan_tag(const char *in, size_t n, size_t i, bool *end, bool *counts)
{
	*end = i + 1 < n && in[i + 1] == '/';
	size_t ns = i + 1 + (*end ? 1 : 0);
	if (ns >= n || !is_alpha(in[ns]))
		return 0;
	size_t ne = ns;
	while (ne < n && !ends_name(in[ne]))
		ne++;
	*counts = nests(in + ns, ne - ns);
	const char *gt = memchr(in + ne, '>', n - ne);
	return gt ? (size_t)(gt - in) + 1 : n;
}

int san_depth_limit(const char *in, size_t n, unsigned limit, struct buf *out)
{
	struct buf copy = BUF_INIT;
	size_t copied = 0, depth = 0, i = 0;
	bool dropped = false;
	while (i < n) {
		const char *lt = memchr(in + i, '<', n - i);
		if (!lt)
			break;
		i = (size_t)(lt - in);
		bool end = false, counts = false, drop = false;
		size_t te = scan_tag(in, n, i, &end, &counts);
		if (te == 0) {
			i++;
			continue;
		}
		if (counts && end) {
			drop = depth > limit;
			depth -= depth > 0;
		} else if (counts) {
			depth++;
			drop = depth > limit;
		}
		if (drop) {
			buf_append(&copy, in + copied, i - copied);
			copied = te;
			dropped = true;
		}
		i = te;
	}
	if (dropped) {
		buf_append(&copy, in + copied, n - copied);
		buf_append(out, copy.data, copy.len);
	}
	buf_free(&copy);
	return dropped ? 1 : 0;
}
