/* WordPress bodies: wpautop's paragraphs, [caption] and [gallery] as figures, old links rewritten.
 */
#include "import/wpbody.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Block-level elements wpautop never wraps in <p> (its $allblocks). */
static const char *const blocks[] = {
    "table",  "thead",    "tfoot",  "caption",    "col",     "colgroup",   "tbody",   "tr",
    "td",     "th",       "div",    "dl",         "dd",      "dt",         "ul",      "ol",
    "li",     "pre",      "form",   "map",        "area",    "blockquote", "address", "math",
    "style",  "p",        "h1",     "h2",         "h3",      "h4",         "h5",      "h6",
    "hr",     "fieldset", "legend", "section",    "article", "aside",      "hgroup",  "header",
    "footer", "nav",      "figure", "figcaption", "details", "menu",       "summary",
};

/* When s starts a block-level tag (<name or </name followed by space, '/' or '>'), its length. */
static size_t block_tag_at(const char *s, bool *closing)
{
	if (s[0] != '<')
		return 0;
	size_t i = 1;
	*closing = s[1] == '/';
	i += *closing;
	for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
		size_t n = strlen(blocks[b]);
		if (strncasecmp(s + i, blocks[b], n) != 0)
			continue; /* s[i + n] exists only past a match */
		char c = s[i + n];
		if (c == '>' || c == '/' || isspace((unsigned char)c)) {
			const char *end = strchr(s, '>');
			return end ? (size_t)(end - s) + 1 : 0;
		}
	}
	return 0;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/* Trims whitespace around s[0..*n); returns the new start. */
static const char *trim(const char *s, size_t *n)
{
	while (*n && isspace((unsigned char)s[0])) {
		s++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)s[*n - 1]))
		(*n)--;
	return s;
}

static bool starts_block(const char *s, size_t n)
{
	bool closing;
	return n && block_tag_at(s, &closing) > 0;
}

static bool ends_block(const char *s, size_t n)
{
	if (!n || s[n - 1] != '>')
		return false;
	size_t i = n - 1;
	while (i > 0 && s[i] != '<')
		i--;
	bool closing;
	return block_tag_at(s + i, &closing) > 0;
}

/* Emits one chunk between blank lines. */
static void emit_chunk(const char *s, size_t n, struct buf *out)
{
	s = trim(s, &n);
	if (!n)
		return;
	if (starts_block(s, n) || ends_block(s, n)) {
		buf_append(out, s, n);
		buf_putc(out, '\n');
		return;
	}
	buf_puts(out, "<p>");
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			buf_puts(out, "<br />\n");
			while (i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '\t'))
				i++;
		} else {
			buf_putc(out, s[i]);
		}
	}
	buf_puts(out, "</p>\n");
}

/* in with \r\n made \n and blank lines put around block-level tags (outside <pre>). */
static void spread_blocks(const char *in, struct buf *out)
{
	int pre = 0;
	for (size_t i = 0; in[i];) {
		bool closing;
		size_t t = block_tag_at(in + i, &closing);
		if (!t) {
			char c = in[i++];
			if (c == '\r' && in[i] == '\n')
				continue;
			buf_putc(out, c == '\r' ? '\n' : c);
			continue;
		}
		bool is_pre = strncasecmp(in + i + 1 + closing, "pre", 3) == 0;
		if (!closing && pre == 0)
			buf_puts(out, "\n\n");
		if (is_pre)
			pre = closing ? (pre > 0 ? pre - 1 : 0) : pre + 1;
		buf_append(out, in + i, t);
		if (closing && pre == 0)
			buf_puts(out, "\n\n");
		i += t;
	}
}

void wp_autop(const char *in, struct buf *out)
{
	if (blank(in, strlen(in)))
		return;
	struct buf tmp = BUF_INIT;
	spread_blocks(in, &tmp);
	const char *s = buf_cstr(&tmp), *chunk = s;
	int pre = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '<' && strncasecmp(p, "<pre", 4) == 0)
			pre++;
		else if (*p == '<' && strncasecmp(p, "</pre", 5) == 0 && pre > 0)
			pre--;
		if (pre == 0 && p[0] == '\n') {
			const char *q = p + 1;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '\n') { /* a blank line ends the chunk */
				emit_chunk(chunk, (size_t)(p - chunk), out);
				chunk = q;
				p = q;
			}
		}
	}
	emit_chunk(chunk, strlen(chunk), out);
	if (out->len && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
	buf_free(&tmp);
}

/* ---- Shortcodes ---- */

/* The value of attribute name in a shortcode's attributes attrs[0..n) into out; false if none. */
static bool sc_attr(const char *attrs, size_t n, const char *name, struct buf *out)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i + nl < n; i++) {
		if (strncmp(attrs + i, name, nl) != 0 || attrs[i + nl] != '=' ||
		    (i > 0 && !isspace((unsigned char)attrs[i - 1])))
			continue;
		size_t j = i + nl + 1;
		char q = attrs[j] == '"' || attrs[j] == '\'' ? attrs[j++] : ' ';
		size_t k = j;
		while (k < n && attrs[k] != q && !(q == ' ' && attrs[k] == ']'))
			k++;
		buf_append(out, attrs + j, k - j);
		return true;
	}
	return false;
}

/* The end of the image part of a caption's content: its first <img …> and an <a> around it. */
static size_t image_part(const char *s, size_t n)
{
	const char *img = NULL;
	for (size_t i = 0; i + 4 < n && !img; i++)
		if (strncasecmp(s + i, "<img", 4) == 0)
			img = s + i;
	if (!img)
		return 0;
	const char *gt = memchr(img, '>', n - (size_t)(img - s));
	if (!gt)
		return 0;
	size_t end = (size_t)(gt - s) + 1;
	while (end < n && isspace((unsigned char)s[end]))
		end++;
	if (end + 4 <= n && strncasecmp(s + end, "</a>", 4) == 0)
		end += 4;
	return end;
}

static void put_caption(const char *attrs, size_t an, const char *body, size_t bn, struct buf *out)
{
	size_t ip = image_part(body, bn);
	struct buf cap = BUF_INIT;
	size_t tn = bn - ip;
	const char *text = trim(body + ip, &tn);
	if (!sc_attr(attrs, an, "caption", &cap))
		buf_append(&cap, text, tn);
	buf_puts(out, "<figure>");
	buf_append(out, body, ip);
	if (cap.len) {
		buf_puts(out, "<figcaption>");
		buf_append(out, cap.data, cap.len);
		buf_puts(out, "</figcaption>");
	}
	buf_puts(out, "</figure>");
	buf_free(&cap);
}

/* A gallery none of whose images is in the library (missing files skipped) leaves nothing, not
 * an empty <figure>. */
static void put_gallery(const char *ids, wp_media_fn media, void *ctx, struct buf *out)
{
	size_t start = out->len;
	bool any = false;
	buf_puts(out, "<figure>");
	const char *p = ids;
	while (*p) {
		size_t n = strcspn(p, ", ");
		if (n) {
			char *id = strndup(p, n);
			const char *url = media ? media(ctx, id) : NULL;
			if (url && !strchr(url, '"')) {
				buf_printf(out, "<figure><img src=\"%s\" alt=\"\"></figure>", url);
				any = true;
			}
			free(id);
		}
		p += n;
		p += strspn(p, ", ");
	}
	if (any) {
		buf_puts(out, "</figure>");
		return;
	}
	out->len = start;
	out->data[start] = '\0';
}

/* When s starts "[name " or "[name]", the length of the opening tag; 0 otherwise. */
static size_t sc_open(const char *s, const char *name)
{
	size_t n = strlen(name);
	if (s[0] != '[' || strncmp(s + 1, name, n) != 0 || (s[1 + n] != ' ' && s[1 + n] != ']'))
		return 0;
	const char *end = strchr(s, ']');
	return end ? (size_t)(end - s) + 1 : 0;
}

void wp_galleries(const char *in, const char *gallery_default,
		  void (*fn)(void *ctx, const char *ids), void *ctx)
{
	for (const char *p = strchr(in, '['); p; p = strchr(p + 1, '[')) {
		size_t t = sc_open(p, "gallery");
		if (!t)
			continue;
		struct buf ids = BUF_INIT;
		if (!sc_attr(p + 1, t - 2, "ids", &ids))
			buf_puts(&ids, gallery_default ? gallery_default : "");
		fn(ctx, buf_cstr(&ids));
		buf_free(&ids);
	}
}

void wp_shortcodes(const char *in, const char *gallery_default, wp_media_fn media, void *ctx,
		   struct buf *out)
{
	for (size_t i = 0; in[i];) {
		size_t t;
		if ((t = sc_open(in + i, "caption")) || (t = sc_open(in + i, "wp_caption"))) {
			const char *close = strstr(in + i + t, "[/caption]");
			const char *close2 = strstr(in + i + t, "[/wp_caption]");
			if (!close || (close2 && close2 < close))
				close = close2;
			if (close) {
				put_caption(in + i + 1, t - 2, in + i + t,
					    (size_t)(close - (in + i + t)), out);
				i = (size_t)(close - in) +
				    strlen(close[2] == 'w' ? "[/wp_caption]" : "[/caption]");
				continue;
			}
		} else if ((t = sc_open(in + i, "gallery"))) {
			struct buf ids = BUF_INIT;
			if (!sc_attr(in + i + 1, t - 2, "ids", &ids))
				buf_puts(&ids, gallery_default ? gallery_default : "");
			put_gallery(buf_cstr(&ids), media, ctx, out);
			buf_free(&ids);
			i += t;
			continue;
		}
		buf_putc(out, in[i++]);
	}
}

/* ---- Links ---- */

/* Decodes the &amp; that HTML attributes carry. */
static char *attr_decode(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(s + i, "&amp;", 5) == 0 && i + 5 <= n) {
			buf_putc(&b, '&');
			i += 4;
		} else {
			buf_putc(&b, s[i]);
		}
	}
	return buf_detach(&b);
}

/* True when url is an address of the old site: under old_base (either scheme), or root-relative. */
static bool is_old(const char *url, const char *old_base)
{
	if (!old_base || !*old_base)
		return false;
	const char *host = strstr(old_base, "://");
	const char *u = strstr(url, "://");
	if (!host || !u)
		return false;
	size_t n = strlen(host);
	while (n > 3 && host[n - 1] == '/')
		n--;
	return strncmp(u, host, n) == 0 && (u[n] == '/' || u[n] == '?' || u[n] == '\0');
}

int wp_rewrite_links(const char *in, const char *old_base, wp_link_fn map, void *ctx,
		     struct buf *out)
{
	int unresolved = 0;
	for (size_t i = 0; in[i];) {
		bool at =
		    (strncasecmp(in + i, "href=", 5) == 0 || strncasecmp(in + i, "src=", 4) == 0) &&
		    (i == 0 || isspace((unsigned char)in[i - 1]));
		if (!at) {
			buf_putc(out, in[i++]);
			continue;
		}
		size_t eq = (size_t)(strchr(in + i, '=') - (in + i)) + 1;
		char q = in[i + eq];
		if (q != '"' && q != '\'') {
			buf_append(out, in + i, eq);
			i += eq;
			continue;
		}
		const char *v = in + i + eq + 1, *end = strchr(v, q);
		if (!end) {
			buf_puts(out, in + i);
			break;
		}
		char *url = attr_decode(v, (size_t)(end - v));
		const char *to = map ? map(ctx, url) : NULL;
		buf_append(out, in + i, eq + 1);
		if (to) {
			buf_puts(out, to);
		} else {
			buf_append(out, v, (size_t)(end - v));
			/* uploads are never written later in the run: only pages can resolve */
			unresolved += is_old(url, old_base) && !strstr(url, "/wp-content/uploads/");
		}
		buf_putc(out, q);
		free(url);
		i = (size_t)(end - in) + 1;
	}
	return unresolved;
}
