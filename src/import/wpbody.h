/* WordPress post bodies: automatic paragraphs, [caption] and [gallery], links to the old site. */
#ifndef GZ_IMPORT_WPBODY_H
#define GZ_IMPORT_WPBODY_H

#include "core/buf.h"

/*
 * Appends in with WordPress's automatic paragraphs (wpautop) applied: text separated by blank
 * lines becomes <p> paragraphs, single line breaks inside them <br />, block-level elements are not
 * wrapped, and <pre> is left as it is.
 */
void wp_autop(const char *in, struct buf *out);

/* Resolves an attachment's post id to its new address ("/media/..."), or NULL. */
typedef const char *(*wp_media_fn)(void *ctx, const char *attachment_id);

/*
 * Appends in with [caption]…[/caption] turned into <figure>…<figcaption>…</figcaption></figure>
 * and [gallery ids="…"] into a <figure> holding one <figure><img></figure> per image (images
 * resolved through media; unknown ones are left out). Other shortcodes are left as text.
 * gallery_default lists the ids a [gallery] without ids shows (the post's attachments), or "".
 */
/* Calls fn(ctx, ids) for each [gallery] of in, in order, with its ids ("12,13") or
 * gallery_default when it names none. */
void wp_galleries(const char *in, const char *gallery_default,
		  void (*fn)(void *ctx, const char *ids), void *ctx);
void wp_shortcodes(const char *in, const char *gallery_default, wp_media_fn media, void *ctx,
		   struct buf *out);

/*
 * Appends in with WordPress's embeds: [audio] and [video] become players of their file (src=, mp3=,
 * mp4=… or a bare address), [embed]URL[/embed] and an address alone on its line (outside <pre>)
 * become a YouTube or Vimeo player (a link for other sites: Gazette fetches no oEmbed), and the
 * <!--more--> and <!--nextpage--> markers are dropped (Gazette shows every article whole).
 */
void wp_embeds(const char *in, struct buf *out);

/*
 * Appends the text of html, a title or an excerpt that may hold markup ("Title <em>With</em>
 * Markup", "Tom &amp; Jerry"): tags dropped, character references decoded, runs of white space
 * (no-break spaces too) made one space, none at either end.
 */
void wp_plain_text(const char *html, struct buf *out);

/* Maps an old address to its new one, or NULL to keep it. */
typedef const char *(*wp_link_fn)(void *ctx, const char *url);

/*
 * Appends in with every href="…" and src="…" value (either quote) passed through map; values map
 * returns NULL for are kept. Returns how many were not mapped yet begin with old_base (links to
 * the old site still to resolve; 0 when old_base is NULL or "").
 */
int wp_rewrite_links(const char *in, const char *old_base, wp_link_fn map, void *ctx,
		     struct buf *out);

#endif
