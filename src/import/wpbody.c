/* WordPress bodies: wpautop's paragraphs, [caption] and [gallery] as figures, old links rewritten.
 */
#include "import/wpbody.h"

#include "import/nvtext.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
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

/* ---- Audio, video and embeds ---- */

static bool url_char(unsigned char c)
{
	return c > ' ' && c != '"' && c != '\'' && c != '<' && c != '>' && c != ']' && c != '\x7f';
}

/* The length of the http(s) URL s starts with (no quotes, spaces or brackets), or 0. */
static size_t url_at(const char *s)
{
	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
		return 0;
	size_t n = 0;
	while (url_char((unsigned char)s[n]))
		n++;
	return n;
}

/* Appends the video id that follows prefix in u[0..n) when there is one; true if it did. */
static bool id_after(const char *u, size_t n, const char *prefix, bool digits, struct buf *out)
{
	const char *at = NULL;
	for (size_t i = 0; i + strlen(prefix) <= n && !at; i++)
		if (strncmp(u + i, prefix, strlen(prefix)) == 0)
			at = u + i + strlen(prefix);
	if (!at)
		return false;
	size_t k = 0;
	while (at + k < u + n &&
	       (isalnum((unsigned char)at[k]) || (!digits && strchr("-_", at[k]))) &&
	       (!digits || isdigit((unsigned char)at[k])))
		k++;
	if (k == 0)
		return false;
	buf_append(out, at, k);
	return true;
}

/* The player address of a YouTube or Vimeo page u[0..n), appended to out; false for others. */
static bool embed_src(const char *u, size_t n, struct buf *out)
{
	size_t start = out->len;
	const char *host = strstr(u, "://") + 3;
	size_t hn = strcspn(host, "/?#");
	if (host + hn > u + n)
		hn = (size_t)(u + n - host);
	bool yt = (hn == 15 && strncmp(host, "www.youtube.com", 15) == 0) ||
		  (hn == 11 && strncmp(host, "youtube.com", 11) == 0) ||
		  (hn == 13 && strncmp(host, "m.youtube.com", 13) == 0);
	buf_puts(out, yt || strncmp(host, "youtu.be/", 9) == 0 ? "https://www.youtube.com/embed/"
							       : "https://player.vimeo.com/video/");
	if ((yt && id_after(u, n, "v=", false, out)) ||
	    (strncmp(host, "youtu.be/", 9) == 0 && id_after(u, n, "youtu.be/", false, out)) ||
	    (hn >= 9 && strncmp(host + hn - 9, "vimeo.com", 9) == 0 &&
	     id_after(u, n, "vimeo.com/", true, out)))
		return true;
	out->len = start;
	out->data[start] = '\0';
	return false;
}

/* An embedded address: a YouTube or Vimeo player, else a link to it on its own line. */
static void put_embed(const char *u, size_t n, struct buf *out)
{
	struct buf src = BUF_INIT;
	if (embed_src(u, n, &src))
		buf_printf(
		    out,
		    "<figure><iframe src=\"%s\" width=\"640\" height=\"360\"></iframe></figure>",
		    buf_cstr(&src));
	else
		buf_printf(out, "<a href=\"%.*s\">%.*s</a>", (int)n, u, (int)n, u);
	buf_free(&src);
}

/* [audio]/[video]: their file (src=, a format's attribute, or a bare address) in a player. */
static void put_player(const char *kind, const char *attrs, size_t an, struct buf *out)
{
	static const char *const keys[] = {"src", "mp3", "m4a",  "ogg", "wav", "wma", "flac",
					   "mp4", "m4v", "webm", "ogv", "wmv", "flv"};
	struct buf src = BUF_INIT;
	for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !src.len; k++)
		sc_attr(attrs, an, keys[k], &src);
	for (size_t i = 0; i < an && !src.len; i++) {
		size_t u = (i == 0 || isspace((unsigned char)attrs[i - 1])) ? url_at(attrs + i) : 0;
		if (u && u <= an - i)
			buf_append(&src, attrs + i, u);
	}
	if (src.len && !strchr(buf_cstr(&src), '"')) {
		if (strcmp(kind, "video") == 0 && url_at(buf_cstr(&src)) &&
		    !strstr(buf_cstr(&src), "/wp-content/")) {
			struct buf e = BUF_INIT;
			if (embed_src(src.data, src.len, &e)) {
				put_embed(src.data, src.len, out);
				buf_free(&e);
				buf_free(&src);
				return;
			}
			buf_free(&e);
		}
		buf_printf(out, "<%s src=\"%s\"><a href=\"%s\">%s</a></%s>", kind, buf_cstr(&src),
			   buf_cstr(&src), buf_cstr(&src), kind);
	}
	buf_free(&src);
}

/* When s starts a shortcode of these, its opening tag's length and its name in *name. */
static size_t media_open(const char *s, const char **name)
{
	static const char *const names[] = {"audio", "video", "embed"};
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		size_t t = sc_open(s, names[k]);
		if (t) {
			*name = names[k];
			return t;
		}
	}
	return 0;
}

/* A line that is only an address (outside <pre>), as WordPress embeds them: its length, or 0. */
static size_t url_line(const char *s, size_t at)
{
	if (at > 0 && s[at - 1] != '\n')
		return 0;
	size_t i = at;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	size_t u = url_at(s + i);
	if (!u)
		return 0;
	size_t j = i + u;
	while (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')
		j++;
	return s[j] == '\n' || !s[j] ? j - at : 0;
}

void wp_embeds(const char *in, struct buf *out)
{
	int pre = 0;
	for (size_t i = 0; in[i];) {
		const char *name = NULL;
		size_t t;
		if (in[i] == '<' && strncasecmp(in + i, "<pre", 4) == 0)
			pre++;
		else if (in[i] == '<' && strncasecmp(in + i, "</pre", 5) == 0 && pre > 0)
			pre--;
		if (pre == 0 && (t = url_line(in, i)) > 0) {
			size_t lead = strspn(in + i, " \t");
			put_embed(in + i + lead, url_at(in + i + lead), out);
			i += t;
		} else if (pre == 0 && (t = media_open(in + i, &name)) > 0) {
			char close[16];
			snprintf(close, sizeof close, "[/%s]", name);
			const char *end = strstr(in + i + t, close);
			if (strcmp(name, "embed") == 0) {
				size_t u =
				    end ? url_at(in + i + t + strspn(in + i + t, " \t\n")) : 0;
				if (u)
					put_embed(in + i + t + strspn(in + i + t, " \t\n"), u, out);
			} else {
				put_player(name, in + i + 1 + strlen(name), t - 2 - strlen(name),
					   out);
			}
			i += t;
			/* the closing tag goes too, with what it encloses: a fallback WordPress
			 * shows only without a player */
			char open[16];
			snprintf(open, sizeof open, "[%s", name);
			const char *next = strstr(in + i, open);
			if (end && (!next || next > end))
				i = (size_t)(end - in) + strlen(close);
		} else if (strncmp(in + i, "<!--more", 8) == 0 ||
			   strncmp(in + i, "<!--nextpage-->", 15) == 0) {
			const char *end = strstr(in + i, "-->");
			i = end ? (size_t)(end - in) + 3 : i + 1;
		} else {
			buf_putc(out, in[i++]);
		}
	}
}

/* ---- Plain text ---- */

void wp_plain_text(const char *html, struct buf *out)
{
	struct buf text = BUF_INIT, dec = BUF_INIT;
	for (const char *p = html; *p;) {
		const char *gt;
		if (p[0] == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!') &&
		    (gt = strchr(p, '>')) != NULL) {
			p = gt + 1;
			continue;
		}
		buf_putc(&text, *p++);
	}
	nv_plain_text(buf_cstr(&text), &dec);
	size_t start = out->len;
	bool space = false;
	for (const char *p = buf_cstr(&dec); *p; p++) {
		bool ws = isspace((unsigned char)*p) || (p[0] == '\xc2' && p[1] == '\xa0');
		if (ws) {
			space = out->len > start;
			p += p[0] == '\xc2';
			continue;
		}
		if (space)
			buf_putc(out, ' ');
		space = false;
		buf_putc(out, *p);
	}
	buf_free(&text);
	buf_free(&dec);
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
