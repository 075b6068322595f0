/* NukeViet's plain-text fields (titles, leads, names) as stored: HTML-escaped, back to text. */
#ifndef GZ_IMPORT_NVTEXT_H
#define GZ_IMPORT_NVTEXT_H

#include "core/buf.h"

/*
 * Appends s to out with its character references decoded: numeric ones (&#33; &#039; &#x2013;)
 * and the named ones NukeViet's escaping and its editors write (&amp; &lt; &gt; &quot; &apos;
 * &nbsp; and common punctuation). NukeViet stores titles, leads, alt texts, names and keywords
 * through htmlspecialchars, so "GD&amp;ĐT" is the text "GD&ĐT". A reference that is unknown,
 * unterminated or names no valid character (0, a surrogate, past U+10FFFF) is kept as written.
 */
void nv_plain_text(const char *s, struct buf *out);

#endif
