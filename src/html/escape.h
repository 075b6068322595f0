/* The escapers, one per output context. */
#ifndef GZ_HTML_ESCAPE_H
#define GZ_HTML_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* HTML text and quoted attribute values: & < > " ' become entities, and U+0338 a character
 * reference. The one HTML escaper: templates, feeds, snippets and the sanitiser's output use it. */
void html_escape(struct buf *out, const char *s, size_t n);
/* Whether html_escape would write s[0..n) other than as it is. */
bool html_escape_changes(const char *s, size_t n);
/* URL component: everything but A-Z a-z 0-9 - . _ ~ is percent-encoded (UTF-8 bytes). */
void html_url_encode(struct buf *out, const char *s, size_t n);
/* A JSON string literal, with quotes; also escapes < > & U+2028 U+2029 so it is safe inside
 * <script>. Invalid UTF-8 bytes become U+FFFD. */
void html_json_quote(struct buf *out, const char *s, size_t n);
/* HTTP header value: CR, LF and other control characters are dropped. */
void html_header_clean(struct buf *out, const char *s, size_t n);

#endif
