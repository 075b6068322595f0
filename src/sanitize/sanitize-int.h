/* Private interface between the sanitiser's files: URLs, anchors, the depth limit, markup rules. */
#ifndef GZ_SANITIZE_SANITIZE_INT_H
#define GZ_SANITIZE_SANITIZE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <gumbo.h>

#include "core/buf.h"
#include "vi/legacy.h"

/* The sanitiser's output (opaque outside src/sanitize/). */
struct safe_html {
	char *html; /* NUL-terminated */
	size_t len;
};

/* What the allowlist does with an element. */
enum san_action {
	SAN_UNWRAP = 0, /* unknown elements: the tag goes, the children stay */
	SAN_KEEP,
	SAN_DROP, /* the element and its whole subtree go */
	SAN_ACTION_MAX
};

enum san_action san_elem_action(GumboTag tag);

/* Parses in[0..len) as a body fragment (gumbo_destroy_output(opt, ...) frees the result). */
GumboOutput *san_parse_fragment(const char *in, size_t len, GumboOptions *opt);

/* Block elements: the text walks put a line break at their start and end. */
bool san_is_block(GumboTag tag);

/* Wraps html (malloc'ed, NUL-terminated, len bytes; ownership taken) as safe HTML. Only for HTML
 * this module wrote. */
struct safe_html *san_adopt(char *html, size_t len);

/* sanitize_text by a parse of html[0..len) with gumbo, whatever its form: what sanitize_text
 * gives for the sanitiser's output without one (tests and fuzz_sanitize compare the two). */
void sanitize_text_parsed(const char *html, size_t len, struct buf *out);
/* The same without a parse, for the sanitiser's output; false (out unchanged) when html[0..n)
 * is not in the form the sanitiser writes. */
bool san_text_unparsed(const char *html, size_t n, struct buf *out);

/* What a URL attribute points at: a link target (href, cite) or an image source (img src). */
enum san_url_kind {
	SAN_URL_LINK, /* http, https, mailto, tel, or relative */
	SAN_URL_IMG,  /* http, https, relative, or data:image/(png|jpeg|gif|webp);base64 */
	SAN_URL_KIND_MAX
};

/*
 * Normalises the (entity-decoded) URL u[0..n) as a browser would before looking at its scheme:
 * trims leading and trailing C0 controls and spaces, removes controls anywhere, writes inner spaces
 * as %20. Appends the result (unescaped) to out and returns 0 when its scheme is allowed for kind;
 * returns -1 (out unchanged) otherwise.
 */
int san_url_clean(const char *u, size_t n, enum san_url_kind kind, struct buf *out);

/*
 * Every id the sanitiser writes starts with this prefix, so that an article cannot define an id
 * that the page around it, its scripts or the browser's named properties use (DOM clobbering:
 * id="main", id="search", name="cookie"). No id in the templates starts with it
 * (tests/unit/sanitize checks theme/templates and admin/templates).
 */
#define SAN_ID_PREFIX "nd-"
enum { SAN_ID_MAX = 200 }; /* bytes of a name after the prefix; longer names are cut */

/*
 * Appends to out the id that the name v[0..n) (an id, an <a name>, or the part of a "#name" link
 * after the '#'; NFC, without controls) becomes: SAN_ID_PREFIX, then the name without that
 * prefix when it already has it (sanitised output read again), %XX-decoded when that gives UTF-8,
 * NFC, with letters, digits and marks of any script and - _ . : kept and every run of other
 * characters (spaces too: browsers match an id with spaces as it is) written as one '_', cut to
 * SAN_ID_MAX bytes. Ids and links go through the same function, so href="#Điều 1",
 * href="#%C4%90i%E1%BB%81u_1" and id="Điều_1" all meet at "nd-Điều_1". Returns 0, or -1 (out
 * unchanged) when the name holds none of the characters kept ("", "   ", "!").
 */
int san_anchor_name(const char *v, size_t n, struct buf *out);

/* Appends the checked link u[0..n) to out, a "#name" link rewritten to "#" and the id
 * san_anchor_name makes of name; "#" and "#top" (the page's top for browsers) as they are, and so
 * is a link that is not "#" something. */
void san_fragment_link(const char *u, size_t n, struct buf *out);

/*
 * Whether the element the sanitiser wrote at s[start..end) (its start tag ending at body) may go
 * as blank: its start tag has no id, its content shows nothing (spaces, no-break spaces, <br>,
 * inline elements without an id holding no more), and the output s[base..start) before it ends
 * where a block starts or ends (or is empty), so that removing it joins no two lines.
 */
bool san_left_blank(const char *s, size_t base, size_t start, size_t body, size_t end);

/*
 * Gumbo's tree construction is quadratic in nesting depth (100000 nested <div>s take half a
 * minute). When a rough tag count says the input nests deeper than limit, appends to out a copy of
 * in[0..n) without the start and end tags beyond that depth and returns 1; otherwise returns 0 and
 * leaves out alone. The copy is only ever parsed, never trusted.
 */
int san_depth_limit(const char *in, size_t n, unsigned limit, struct buf *out);

/*
 * The addresses an <img> may show, best first, each appended to out with a NUL after it: what a
 * lazy loader would put in src (data-src, data-original, data-lazy-src, data-lazyload), then a
 * src that is not a data: URL, then the widest candidate of data-srcset, data-lazy-srcset and
 * srcset, then a data: src (mostly a placeholder). Raw values: the caller checks each. Returns the
 * bytes appended.
 */
size_t san_img_candidates(const GumboElement *el, struct buf *out);

/* Appends v[0..n) to out with an old form of an allowed player's URL (protocol-relative, http,
 * without www) written as the https form san_check_embed_src accepts. */
void san_embed_canonical(const char *v, size_t n, struct buf *out);

/* Attribute checks (sanitize.c's attr_check): an allowed player's URL (one of
 * sanitize_embed_prefixes, old forms canonicalised), a video or audio source (http, https or
 * relative), a video/ or audio/ MIME type. */
int san_check_embed_src(const char *v, size_t n, struct buf *out);
int san_check_media_src(const char *v, size_t n, struct buf *out);
int san_check_media_type(const char *v, size_t n, struct buf *out);

/* Whether the element was invisible where it came from: hidden, or styled display:none or
 * visibility:hidden (crawled pages' stock tickers and ad slots). */
bool san_hidden(const GumboElement *el);

/* Whether the element is an <xml> data island (Word's pasted HTML: <xml><w:WordDocument>), whose
 * content is settings, never text ("Normal 0 false false false"). */
bool san_data_island(const GumboElement *el);

/* Removes from text what editors that stripped Word's <xml> and <style> left of them: "Normal 0
 * false false false EN-US X-NONE X-NONE MicrosoftInternetExplorer4" and the CSS after
 * "/\* Style Definitions *\/" that follows it. Nothing else starts that way. */
void san_strip_word_residue(struct buf *t);

/* "center" or "right" when the element's text is aligned so (<center>, align, style text-align,
 * or the class the sanitiser writes for it); NULL otherwise. */
const char *san_align(const GumboElement *el);

/* The legacy encoding of the element's font (<font face> or style font-family): TCVN3 for the .Vn
 * fonts (*caps set for their capitals variants, .VnTimeH), VNI for the VNI- fonts, else NONE. */
enum vi_legacy san_font_legacy(const GumboElement *el, bool *caps);

/* Appends s[0..n) to out, decoded from enc (in capitals when caps) when it reads as that encoding,
 * as it is otherwise (text retyped in Unicode under an old font). */
void san_legacy_text(enum vi_legacy enc, bool caps, const char *s, size_t n, struct buf *out);

#endif
