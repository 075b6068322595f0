/* What crawled and pasted markup means: lazy images, old player URLs, hidden parts, legacy fonts.
 */
#define _GNU_SOURCE /* memmem */
#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sanitize/sanitize-int.h"
#include "sanitize/sanitize.h"

/* Attributes in which lazy loaders keep an image's real address until a script moves it to src. */
static const char *const lazy_src[] = {"data-src", "data-original", "data-lazy-src",
				       "data-lazyload", NULL};
static const char *const lazy_srcset[] = {"data-srcset", "data-lazy-srcset", "srcset", NULL};

static const char *attr(const GumboElement *el, const char *name)
{
	const GumboAttribute *a = gumbo_get_attribute(&el->attributes, name);
	return a && a->attr_namespace == GUMBO_ATTR_NAMESPACE_NONE ? a->value : NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void put_candidate(struct buf *out, const char *v, size_t n)
{
	buf_append(out, v, n);
	buf_putc(out, '\0');
}

/* The URL of the candidate of srcset v with the largest width or density (the first of equals). */
static void srcset_best(const char *v, struct buf *out)
{
	const char *best = NULL;
	size_t best_n = 0;
	double best_d = -1;
	for (const char *p = v; *p;) {
		while (is_space(*p) || *p == ',')
			p++;
		const char *u = p;
		while (*p && !is_space(*p))
			p++;
		size_t un = (size_t)(p - u);
		while (un > 0 && u[un - 1] == ',')
			un--;
		const char *desc = p;
		while (*p && *p != ',')
			p++;
		double d = strtod(desc, NULL);
		if (un > 0 && d > best_d) {
			best = u;
			best_n = un;
			best_d = d;
		}
	}
	if (best)
		put_candidate(out, best, best_n);
}

size_t san_img_candidates(const GumboElement *el, struct buf *out)
{
	size_t was = out->len;
	for (const char *const *a = lazy_src; *a; a++) {
		const char *v = attr(el, *a);
		if (v)
			put_candidate(out, v, strlen(v));
	}
	const char *src = attr(el, "src");
	bool placeholder = src && strncasecmp(src + strspn(src, " \t\n\r\f"), "data:", 5) == 0;
	if (src && !placeholder)
		put_candidate(out, src, strlen(src));
	for (const char *const *a = lazy_srcset; *a; a++) {
		const char *v = attr(el, *a);
		if (v)
			srcset_best(v, out);
	}
	if (src && placeholder)
		put_candidate(out, src, strlen(src));
	return out->len - was;
}

/* Player URLs as old editors and CMSs wrote them, and the form san_check_embed_src accepts. */
static const struct {
	const char *from, *to;
} embed_forms[] = {
    {"//www.youtube.com/embed/", "https://www.youtube.com/embed/"},
    {"http://www.youtube.com/embed/", "https://www.youtube.com/embed/"},
    {"https://youtube.com/embed/", "https://www.youtube.com/embed/"},
    {"http://youtube.com/embed/", "https://www.youtube.com/embed/"},
    {"//youtube.com/embed/", "https://www.youtube.com/embed/"},
    {"//www.youtube-nocookie.com/embed/", "https://www.youtube-nocookie.com/embed/"},
    {"http://www.youtube-nocookie.com/embed/", "https://www.youtube-nocookie.com/embed/"},
    {"https://youtube-nocookie.com/embed/", "https://www.youtube-nocookie.com/embed/"},
    {"//player.vimeo.com/video/", "https://player.vimeo.com/video/"},
    {"http://player.vimeo.com/video/", "https://player.vimeo.com/video/"},
};

void san_embed_canonical(const char *v, size_t n, struct buf *out)
{
	for (size_t i = 0; i < sizeof embed_forms / sizeof embed_forms[0]; i++) {
		size_t k = strlen(embed_forms[i].from);
		if (n > k && strncasecmp(v, embed_forms[i].from, k) == 0) {
			buf_puts(out, embed_forms[i].to);
			buf_append(out, v + k, n - k);
			return;
		}
	}
	buf_append(out, v, n);
}

int san_check_media_src(const char *v, size_t n, struct buf *out)
{
	size_t was = out->len;
	if (san_url_clean(v, n, SAN_URL_IMG, out) != 0)
		return -1;
	if (out->len - was >= 5 && strncasecmp(out->data + was, "data:", 5) == 0) {
		out->len = was;
		out->data[was] = '\0';
		return -1;
	}
	return 0;
}

/* video/... or audio/... with a plain subtype. */
int san_check_media_type(const char *v, size_t n, struct buf *out)
{
	size_t k = n >= 6 && strncasecmp(v, "video/", 6) == 0   ? 6
		   : n >= 6 && strncasecmp(v, "audio/", 6) == 0 ? 6
								: 0;
	if (k == 0 || n == k || n > 40)
		return -1;
	for (size_t i = k; i < n; i++)
		if (!((v[i] | 0x20) >= 'a' && (v[i] | 0x20) <= 'z') &&
		    !(v[i] >= '0' && v[i] <= '9') && v[i] != '.' && v[i] != '+' && v[i] != '-')
			return -1;
	for (size_t i = 0; i < n; i++)
		buf_putc(out, (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] | 0x20 : v[i]));
	return 0;
}

/* Video players that articles may embed, by URL prefix (scheme and host compared without case). */
static const char *const embed_prefixes[] = {
    "https://www.youtube.com/embed/",
    "https://www.youtube-nocookie.com/embed/",
    "https://player.vimeo.com/video/",
    NULL,
};

const char *const *sanitize_embed_prefixes(void)
{
	return embed_prefixes;
}

/* An embed URL: one of the prefixes, then a video id and an optional plain query string; the
 * old forms of those prefixes (san_embed_canonical) are written as they are now. */
int san_check_embed_src(const char *raw, size_t rn, struct buf *out)
{
	struct buf canon = BUF_INIT;
	san_embed_canonical(raw, rn, &canon);
	const char *v = buf_cstr(&canon);
	size_t n = canon.len;
	int rc = -1;
	for (const char *const *p = embed_prefixes; *p; p++) {
		size_t k = strlen(*p);
		if (n <= k || strncasecmp(v, *p, k) != 0)
			continue;
		for (size_t i = k; i < n; i++) {
			char c = v[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '?' ||
			      c == '=' || c == '&' || c == '.' || c == '%'))
				goto out;
		}
		buf_puts(out, *p);
		buf_append(out, v + k, n - k);
		rc = 0;
		break;
	}
out:
	buf_free(&canon);
	return rc;
}

/* The value of CSS property prop (lower case) in a style attribute, trimmed; NULL when absent. */
static const char *style_value(const char *style, const char *prop, size_t *len)
{
	size_t pn = strlen(prop);
	for (const char *p = style; p && *p; p = strchr(p, ';'), p = p ? p + 1 : NULL) {
		while (is_space(*p))
			p++;
		if (strncasecmp(p, prop, pn) != 0)
			continue;
		const char *q = p + pn;
		while (is_space(*q))
			q++;
		if (*q != ':')
			continue;
		q++;
		while (is_space(*q))
			q++;
		size_t n = strcspn(q, ";");
		while (n > 0 && is_space(q[n - 1]))
			n--;
		*len = n;
		return q;
	}
	return NULL;
}

static bool value_is(const char *v, size_t n, const char *word)
{
	size_t wn = strlen(word);
	if (n >= wn + 10 && strncasecmp(v + n - 10, "!important", 10) == 0)
		for (n -= 10; n > 0 && is_space(v[n - 1]);)
			n--;
	return n == wn && strncasecmp(v, word, n) == 0;
}

bool san_hidden(const GumboElement *el)
{
	if (attr(el, "hidden"))
		return true;
	const char *style = attr(el, "style");
	size_t n;
	const char *v;
	if (!style)
		return false;
	if ((v = style_value(style, "display", &n)) && value_is(v, n, "none"))
		return true;
	return (v = style_value(style, "visibility", &n)) && value_is(v, n, "hidden");
}

/* Whether the space-separated list v holds word. */
static bool has_token(const char *v, const char *word)
{
	size_t wn = strlen(word);
	for (const char *p = v; *p;) {
		while (is_space(*p))
			p++;
		size_t n = 0;
		while (p[n] && !is_space(p[n]))
			n++;
		if (n == wn && strncmp(p, word, n) == 0)
			return true;
		p += n;
	}
	return false;
}

const char *san_align(const GumboElement *el)
{
	static const char *const aligns[] = {"center", "right", NULL};
	if (el->tag == GUMBO_TAG_CENTER)
		return "center";
	const char *style = attr(el, "style"), *al = attr(el, "align"), *cls = attr(el, "class");
	const char *v = NULL;
	size_t n = 0;
	if (style)
		v = style_value(style, "text-align", &n);
	if (!v && al) {
		v = al;
		n = strlen(al);
	}
	for (const char *const *a = aligns; *a; a++) {
		if (v && value_is(v, n, *a))
			return *a;
		if (!v && cls && has_token(cls, *a == aligns[0] ? "align-center" : "align-right"))
			return *a;
	}
	return NULL;
}

enum vi_legacy san_font_legacy(const GumboElement *el, bool *caps)
{
	const char *face = el->tag == GUMBO_TAG_FONT ? attr(el, "face") : NULL;
	const char *style = attr(el, "style");
	size_t n = 0;
	if (face)
		n = strcspn(face, ",");
	else if (style && (face = style_value(style, "font-family", &n)) != NULL)
		n = strcspn(face, ",") < n ? strcspn(face, ",") : n;
	if (!face)
		return VI_LEGACY_NONE;
	while (n > 0 && (is_space(*face) || *face == '"' || *face == '\'')) {
		face++;
		n--;
	}
	while (n > 0 && (is_space(face[n - 1]) || face[n - 1] == '"' || face[n - 1] == '\''))
		n--;
	if (n > 3 && strncasecmp(face, ".vn", 3) == 0) {
		*caps = face[n - 1] == 'H'; /* .VnTimeH and the like: the capitals fonts */
		return VI_LEGACY_TCVN3;
	}
	*caps = false;
	return n > 4 && strncasecmp(face, "vni-", 4) == 0 ? VI_LEGACY_VNI : VI_LEGACY_NONE;
}

void san_legacy_text(enum vi_legacy enc, bool caps, const char *s, size_t n, struct buf *out)
{
	if (enc == VI_LEGACY_NONE || vi_legacy_detect(s, n) != enc) {
		buf_append(out, s, n);
		return;
	}
	struct buf dec = BUF_INIT;
	vi_legacy_decode(enc, s, n, &dec);
	if (caps) {
		char *up = g_utf8_strup(buf_cstr(&dec), (gssize)dec.len);
		buf_puts(out, up);
		g_free(up);
	} else {
		buf_append(out, buf_cstr(&dec), dec.len);
	}
	buf_free(&dec);
}

bool san_data_island(const GumboElement *el)
{
	if (el->tag != GUMBO_TAG_UNKNOWN || !el->original_tag.data)
		return false;
	GumboStringPiece name = el->original_tag;
	gumbo_tag_from_original_text(&name);
	return name.length == 3 && strncasecmp(name.data, "xml", 3) == 0;
}

/* ---- Word's settings left as text ---- */

/* The token at s[*i..n) (after spaces), its start in *at and length returned; 0 at the end. */
static size_t token(const char *s, size_t n, size_t *i, size_t *at)
{
	while (*i < n && is_space(s[*i]))
		(*i)++;
	*at = *i;
	while (*i < n && !is_space(s[*i]))
		(*i)++;
	return *i - *at;
}

static bool tok_is(const char *t, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(t, word, n) == 0;
}

/* What follows "Normal 0" in Word's settings: flags, numbers, languages ("EN-US", "X-NONE"). */
static bool setting_token(const char *t, size_t n)
{
	if (tok_is(t, n, "false") || tok_is(t, n, "true") ||
	    tok_is(t, n, "MicrosoftInternetExplorer4"))
		return true;
	size_t d = 0;
	while (d < n && t[d] >= '0' && t[d] <= '9')
		d++;
	if (d == n)
		return true;
	size_t k = 0, dash = 0;
	for (; k < n && ((t[k] >= 'A' && t[k] <= 'Z') || t[k] == '-'); k++)
		dash += t[k] == '-';
	return k == n && n >= 2 && n <= 10 && dash <= 1 && t[0] != '-' && t[n - 1] != '-';
}

/* The end of the CSS rules after "/ * Style Definitions * /" from s[i..n): "sel {...}" repeated. */
static size_t css_rules_end(const char *s, size_t n, size_t i)
{
	for (;;) {
		size_t j = i;
		while (j < n && is_space(s[j]))
			j++;
		size_t sel = j;
		while (j < n && j - sel < 120 && s[j] != '{' && s[j] != '}' && s[j] != '\n')
			j++;
		if (j == sel || j >= n || s[j] != '{')
			return i;
		const char *close = memchr(s + j, '}', n - j < 8192 ? n - j : 8192);
		if (!close)
			return i;
		i = (size_t)(close - s) + 1;
	}
}

/* The end of the settings run that starts at s[i] ("Normal 0 false false false ..."), or i. */
static size_t residue_end(const char *s, size_t n, size_t i)
{
	size_t at, k = i, len = token(s, n, &k, &at);
	if (!tok_is(s + at, len, "Normal"))
		return i;
	len = token(s, n, &k, &at);
	if (len == 0 || strspn(s + at, "0123456789") < len)
		return i;
	size_t end = k, flags = 0;
	for (;;) {
		size_t next = k;
		len = token(s, n, &next, &at);
		if (len == 0 || !setting_token(s + at, len))
			break;
		flags += tok_is(s + at, len, "false") || tok_is(s + at, len, "true");
		k = end = next;
	}
	if (flags < 2)
		return i;
	static const char defs[] = "/* Style Definitions */";
	size_t j = end;
	while (j < n && is_space(s[j]))
		j++;
	if (n - j >= sizeof defs - 1 && memcmp(s + j, defs, sizeof defs - 1) == 0)
		end = css_rules_end(s, n, j + sizeof defs - 1);
	return end;
}

void san_strip_word_residue(struct buf *t)
{
	if (t->len < 20 || !memmem(t->data, t->len, "Normal", 6))
		return;
	size_t out = 0;
	for (size_t i = 0; i < t->len;) {
		bool start = i == 0 || is_space(t->data[i - 1]);
		size_t end = start && t->data[i] == 'N' ? residue_end(t->data, t->len, i) : i;
		if (end > i) {
			i = end;
			while (i < t->len && is_space(t->data[i]))
				i++;
			continue;
		}
		t->data[out++] = t->data[i++];
	}
	t->len = out;
	t->data[out] = '\0';
}
