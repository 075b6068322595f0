/* The allowlist HTML sanitiser: the only producer of HTML that templates may print unescaped. */
#ifndef GZ_SANITIZE_SANITIZE_H
#define GZ_SANITIZE_SANITIZE_H

#include <stddef.h>

#include "core/buf.h"

/*
 * The sanitiser's version: bump it whenever sanitize_html() may give different output for some
 * input (a rule added or changed). Bodies are stored with the version that made them; the store
 * re-makes those of an older version (store_bodies_refresh: `gazette reindex`, and in the
 * background when `gazette serve` starts), so pages never sanitise per request.
 */
#define SANITIZE_VERSION 3

/*
 * HTML that came out of the sanitiser (sanitize_html, sanitize_snippet). Templates print it raw.
 * Opaque: only src/sanitize/ can make one; others read it through safe_html_str and free it with
 * safe_html_free.
 */
struct safe_html;

/* The HTML, NUL-terminated, and its length in bytes; borrowed while h lives. */
const char *safe_html_str(const struct safe_html *h);
size_t safe_html_len(const struct safe_html *h);

/*
 * Parses in[0..len) as an HTML5 body fragment with gumbo and rebuilds it from an allowlist of
 * elements, attributes and URL schemes. The result is NFC, well-formed, and sanitising it again
 * gives the same bytes. Ids (and <a name>) come out under the prefix "nd-", and "#name" links are
 * rewritten to match, so an article cannot take an id of the page around it. Returns 0 and sets
 * *out (caller frees with safe_html_free), or -1 when the input is not valid UTF-8 (*out
 * untouched).
 */
int sanitize_html(const char *in, size_t len, struct safe_html **out);

/* Appends the visible text of sanitised HTML (block elements separated by newlines): for search,
 * snippets and the plain-text views. Read as the sanitiser wrote it, without a parse (an import
 * spent a quarter of its reading thread parsing each body again for its text). */
void sanitize_text(const struct safe_html *h, struct buf *out);

/*
 * Stored body HTML that sanitiser `version` made when it was written: taken as it is (copied) when
 * that is SANITIZE_VERSION, sanitised again otherwise (a body from an older sanitiser, or one
 * never marked). Returns 0 and sets *out (caller frees with safe_html_free), or -1 like
 * sanitize_html.
 */
int sanitize_stored(const char *html, size_t len, int version, struct safe_html **out);

/*
 * The origins of the video players that sanitised HTML may embed in an iframe (the prefixes
 * san_check_embed_src accepts), space-separated: what the pages' Content-Security-Policy allows as
 * frame-src, and nothing else. tests/unit/sanitize checks it against sanitize_embed_prefixes.
 */
#define SANITIZE_EMBED_ORIGINS                                                                     \
	"https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com"

/* The URL prefixes an embedded player's src must start with, ending in NULL. */
const char *const *sanitize_embed_prefixes(void);

/* Frees h and its HTML; NULL is fine. */
void safe_html_free(struct safe_html *h);

#endif
