/* The allowlist HTML sanitiser: parse with gumbo, write back only what the allowlist permits. */
#include "sanitize/sanitize.h"

#include <glib.h>
#include <gumbo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html/escape.h"
#include "sanitize/sanitize-int.h"
#include "vi/vi.h"

enum {
	SAN_MAX_DEPTH = 200, /* allowlisted elements nested deeper are flattened to their text */
	SAN_PREPARSE_DEPTH = 256, /* above SAN_MAX_DEPTH, so sanitised output never trips it */
	SAN_MAX_PASSES = 4,       /* re-sanitising rounds before falling back to text only */
};

/* Allowed attributes; the enum order is the order in which they are written. */
enum attr_id {
	AT_ID, /* under SAN_ID_PREFIX, once per body (write_id) */
	AT_HREF,
	AT_SRC,
	AT_EMBED_SRC, /* iframe src: video players of an allowlist of hosts only */
	AT_ALT,
	AT_WIDTH,
	AT_HEIGHT,
	AT_CITE,
	AT_DATETIME,
	AT_START,
	AT_REVERSED,
	AT_TYPE,
	AT_VALUE,
	AT_SPAN,
	AT_COLSPAN,
	AT_ROWSPAN,
	AT_SCOPE,
	AT_TITLE,
	AT_LANG,
	AT_DIR,
	AT_MEDIA_SRC, /* video, audio and source src: http, https or relative */
	AT_POSTER,
	AT_MEDIA_TYPE,
	AT_MAX
};

#define A(x) (1u << AT_##x)
#define GLOBAL (A(ID) | A(TITLE) | A(LANG) | A(DIR))
#define ALIGNED (1u << 31) /* class="align-center" or "align-right" when san_align says so */

/* Checks an NFC attribute value; appends its canonical form to out and returns 0, or -1 to drop it.
 */
typedef int (*attr_check)(const char *v, size_t n, struct buf *out);

struct attr_rule {
	const char *name;
	attr_check check;
	bool boolean; /* written without a value */
	bool url;     /* control characters are removed, as browsers do, before checking */
};

struct elem_rule {
	enum san_action action;
	unsigned attrs;    /* A(...) bits */
	const char *name;  /* written name when it differs from gumbo's */
	const char *extra; /* attributes always written */
	bool is_void;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parses 1..maxdigits decimal digits in [lo, hi] with an optional '-' (when lo < 0). */
static int parse_int(const char *v, size_t n, size_t maxdigits, long lo, long hi, long *out)
{
	size_t i = 0;
	bool neg = n > 0 && v[0] == '-' && lo < 0;
	i += neg;
	if (n == i || n - i > maxdigits)
		return -1;
	long x = 0;
	for (; i < n; i++) {
		if (!is_digit(v[i]))
			return -1;
		x = x * 10 + (v[i] - '0');
	}
	x = neg ? -x : x;
	if (x < lo || x > hi)
		return -1;
	*out = x;
	return 0;
}

/* Appends the word of the NULL-terminated list that v equals (ignoring case when ci), as listed. */
static int one_of(const char *v, size_t n, const char *const *list, bool ci, struct buf *out)
{
	for (; *list; list++) {
		if (strlen(*list) != n)
			continue;
		if (ci ? strncasecmp(v, *list, n) == 0 : strncmp(v, *list, n) == 0) {
			buf_puts(out, *list);
			return 0;
		}
	}
	return -1;
}

static int check_text(const char *v, size_t n, struct buf *out)
{
	buf_append(out, v, n);
	return 0;
}

static int check_lang(const char *v, size_t n, struct buf *out)
{
	if (n == 0 || n > 35)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(v[i]) && v[i] != '-' &&
		    !((v[i] | 0x20) >= 'a' && (v[i] | 0x20) <= 'z'))
			return -1;
	buf_append(out, v, n);
	return 0;
}

static int check_dir(const char *v, size_t n, struct buf *out)
{
	static const char *const dirs[] = {"ltr", "rtl", "auto", NULL};
	return one_of(v, n, dirs, true, out);
}

static int check_scope(const char *v, size_t n, struct buf *out)
{
	static const char *const scopes[] = {"row", "col", "rowgroup", "colgroup", NULL};
	return one_of(v, n, scopes, true, out);
}

static int check_ol_type(const char *v, size_t n, struct buf *out)
{
	static const char *const types[] = {"1", "a", "A", "i", "I", NULL};
	return one_of(v, n, types, false, out);
}

static int check_link(const char *v, size_t n, struct buf *out)
{
	return san_url_clean(v, n, SAN_URL_LINK, out);
}

/* A link; "#name" leads to the id that name became (san_fragment_link). */
static int check_href(const char *v, size_t n, struct buf *out)
{
	struct buf u = BUF_INIT;
	int rc = san_url_clean(v, n, SAN_URL_LINK, &u);
	if (rc == 0)
		san_fragment_link(buf_cstr(&u), u.len, out);
	buf_free(&u);
	return rc;
}

static int check_img_src(const char *v, size_t n, struct buf *out)
{
	return san_url_clean(v, n, SAN_URL_IMG, out);
}

static int check_dimension(const char *v, size_t n, struct buf *out)
{
	long x;
	if (parse_int(v, n, 4, 0, 9999, &x) != 0)
		return -1;
	buf_printf(out, "%ld", x);
	return 0;
}

static int check_span(const char *v, size_t n, struct buf *out)
{
	long x;
	if (parse_int(v, n, 3, 1, 999, &x) != 0)
		return -1;
	buf_printf(out, "%ld", x);
	return 0;
}

static int check_int(const char *v, size_t n, struct buf *out)
{
	long x;
	if (parse_int(v, n, 9, -999999999, 999999999, &x) != 0)
		return -1;
	buf_printf(out, "%ld", x);
	return 0;
}

static int check_flag(const char *v, size_t n, struct buf *out)
{
	(void)v;
	(void)n;
	(void)out;
	return 0;
}

static const struct attr_rule attr_rules[AT_MAX] = {
    [AT_ID] = {"id", NULL, false, false}, /* written by write_id */
    [AT_HREF] = {"href", check_href, false, true},
    [AT_SRC] = {"src", check_img_src, false, true},
    [AT_EMBED_SRC] = {"src", san_check_embed_src, false, true},
    [AT_ALT] = {"alt", check_text, false, false},
    [AT_WIDTH] = {"width", check_dimension, false, false},
    [AT_HEIGHT] = {"height", check_dimension, false, false},
    [AT_CITE] = {"cite", check_link, false, true},
    [AT_DATETIME] = {"datetime", check_text, false, false},
    [AT_START] = {"start", check_int, false, false},
    [AT_REVERSED] = {"reversed", check_flag, true, false},
    [AT_TYPE] = {"type", check_ol_type, false, false},
    [AT_VALUE] = {"value", check_int, false, false},
    [AT_SPAN] = {"span", check_span, false, false},
    [AT_COLSPAN] = {"colspan", check_span, false, false},
    [AT_ROWSPAN] = {"rowspan", check_span, false, false},
    [AT_SCOPE] = {"scope", check_scope, false, false},
    [AT_TITLE] = {"title", check_text, false, false},
    [AT_LANG] = {"lang", check_lang, false, false},
    [AT_DIR] = {"dir", check_dir, false, false},
    [AT_MEDIA_SRC] = {"src", san_check_media_src, false, true},
    [AT_POSTER] = {"poster", check_img_src, false, true},
    [AT_MEDIA_TYPE] = {"type", san_check_media_type, false, false},
};

#define KEEP(tag, attrs) [GUMBO_TAG_##tag] = {SAN_KEEP, GLOBAL | (attrs), NULL, NULL, false}
#define VOID(tag, attrs, extra) [GUMBO_TAG_##tag] = {SAN_KEEP, GLOBAL | (attrs), NULL, extra, true}
#define DROP(tag) [GUMBO_TAG_##tag] = {SAN_DROP, 0, NULL, NULL, false}

static const struct elem_rule elem_rules[GUMBO_TAG_LAST] = {
    KEEP(P, ALIGNED),
    VOID(BR, 0, NULL),
    VOID(HR, 0, NULL),
    [GUMBO_TAG_H1] = {SAN_KEEP, GLOBAL | ALIGNED, "h2", NULL, false}, /* the page title is h1 */
    KEEP(H2, ALIGNED),
    KEEP(H3, ALIGNED),
    KEEP(H4, ALIGNED),
    KEEP(H5, ALIGNED),
    KEEP(H6, ALIGNED),
    KEEP(STRONG, 0),
    KEEP(B, 0),
    KEEP(EM, 0),
    KEEP(I, 0),
    KEEP(U, 0),
    KEEP(S, 0),
    [GUMBO_TAG_STRIKE] = {SAN_KEEP, GLOBAL, "s", NULL, false},
    KEEP(DEL, A(CITE) | A(DATETIME)),
    KEEP(INS, A(CITE) | A(DATETIME)),
    KEEP(SUB, 0),
    KEEP(SUP, 0),
    KEEP(SMALL, 0),
    KEEP(MARK, 0),
    KEEP(BLOCKQUOTE, A(CITE)),
    KEEP(Q, A(CITE)),
    KEEP(CITE, 0),
    KEEP(PRE, 0),
    KEEP(CODE, 0),
    KEEP(UL, 0),
    KEEP(OL, A(START) | A(REVERSED) | A(TYPE)),
    KEEP(LI, A(VALUE)),
    KEEP(DL, 0),
    KEEP(DT, 0),
    KEEP(DD, 0),
    KEEP(A, A(HREF)),
    VOID(IMG, A(SRC) | A(ALT) | A(WIDTH) | A(HEIGHT), " loading=\"lazy\""),
    KEEP(FIGURE, 0),
    KEEP(FIGCAPTION, 0),
    KEEP(TABLE, 0),
    KEEP(CAPTION, 0),
    KEEP(THEAD, 0),
    KEEP(TBODY, 0),
    KEEP(TFOOT, 0),
    KEEP(TR, 0),
    KEEP(TH, A(COLSPAN) | A(ROWSPAN) | A(SCOPE) | ALIGNED),
    KEEP(TD, A(COLSPAN) | A(ROWSPAN) | ALIGNED),
    KEEP(COLGROUP, A(SPAN)),
    VOID(COL, A(SPAN), NULL),
    KEEP(SPAN, 0),
    KEEP(DIV, ALIGNED),
    [GUMBO_TAG_CENTER] = {SAN_KEEP, GLOBAL | ALIGNED, "div", NULL, false},
    /* Players with their sources only: the rest of their content is for browsers without them. */
    [GUMBO_TAG_VIDEO] = {SAN_KEEP, GLOBAL | A(MEDIA_SRC) | A(WIDTH) | A(HEIGHT) | A(POSTER), NULL,
			 " controls preload=\"metadata\"", false},
    [GUMBO_TAG_AUDIO] = {SAN_KEEP, GLOBAL | A(MEDIA_SRC), NULL, " controls preload=\"metadata\"",
			 false},
    VOID(SOURCE, A(MEDIA_SRC) | A(MEDIA_TYPE), NULL),
    KEEP(ABBR, 0),
    KEEP(TIME, A(DATETIME)),
    DROP(SCRIPT),
    DROP(STYLE),
    DROP(TEMPLATE),
    DROP(NOSCRIPT),
    /* Only players of embed_prefixes, sandboxed; an iframe without such a src is dropped whole. */
    [GUMBO_TAG_IFRAME] =
	{SAN_KEEP, A(EMBED_SRC) | A(WIDTH) | A(HEIGHT) | A(TITLE), NULL,
	 " sandbox=\"allow-scripts allow-same-origin allow-presentation allow-popups\""
	 " allowfullscreen loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\"",
	 false},
    DROP(FRAME),
    DROP(FRAMESET),
    DROP(OBJECT),
    DROP(EMBED),
    DROP(APPLET),
    DROP(FORM),
    DROP(INPUT),
    DROP(BUTTON),
    DROP(SELECT),
    DROP(TEXTAREA),
    DROP(OPTION),
    DROP(OPTGROUP),
    DROP(DATALIST),
    DROP(KEYGEN),
    DROP(SVG),
    DROP(MATH),
    DROP(TITLE),
    DROP(HEAD),
    DROP(META),
    DROP(LINK),
    DROP(BASE),
    DROP(NOEMBED),
    DROP(NOFRAMES),
    DROP(XMP),
    DROP(PLAINTEXT),
};

static const struct elem_rule unknown_rule = {SAN_UNWRAP, 0, NULL, NULL, false};

static const struct elem_rule *elem_rule(GumboTag tag)
{
	return (unsigned)tag < GUMBO_TAG_LAST ? &elem_rules[tag] : &unknown_rule;
}

/* An explicit stack for walking trees of any depth. */
struct frame {
	const GumboNode *node;
	unsigned next;         /* index of the next child to visit */
	const char *close;     /* end tag to write when leaving, or NULL */
	enum vi_legacy legacy; /* text inside is in this font's encoding (inherited) */
	bool caps;             /* ... and shown in capitals */
	bool removed;          /* something inside was dropped (not merely unwrapped) */
	size_t start, body;    /* a written element's start tag in the output, and its end */
};

struct walk {
	struct frame *v;
	size_t n, cap;
};

static void walk_push(struct walk *w, const GumboNode *node, const char *close)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	const struct frame *up = w->n ? &w->v[w->n - 1] : NULL;
	w->v[w->n] = (struct frame){.node = node,
				    .close = close,
				    .legacy = up ? up->legacy : VI_LEGACY_NONE,
				    .caps = up && up->caps};
	w->n++;
}

/* Returns the next child of the top frame, or NULL when it has none left. */
static const GumboNode *walk_next(struct walk *w)
{
	struct frame *f = &w->v[w->n - 1];
	const GumboVector *kids = &f->node->v.element.children;
	return f->next < kids->length ? kids->data[f->next++] : NULL;
}

enum san_action san_elem_action(GumboTag tag)
{
	return elem_rule(tag)->action;
}

GumboOutput *san_parse_fragment(const char *in, size_t len, GumboOptions *opt)
{
	*opt = kGumboDefaultOptions;
	opt->fragment_context = GUMBO_TAG_BODY;
	opt->fragment_namespace = GUMBO_NAMESPACE_HTML;
	opt->max_errors = 0;
	return gumbo_parse_with_options(opt, in, len);
}

/* One sanitising pass. */
struct san {
	struct buf *out;
	struct buf text; /* text not yet written: runs split by dropped or unwrapped tags join */
	struct buf tmp, val;
	struct walk walk;
	unsigned depth;     /* allowlisted elements open in the output */
	unsigned open_a;    /* <a> elements open in the output: links cannot nest */
	unsigned max_depth; /* deeper ones are flattened */
	size_t pre_open;    /* out->len just after a <pre> start tag */
	struct buf img;     /* the checked source of the <img> being written */
	size_t base;        /* out->len when the pass began */
	size_t tag_start;   /* out->len before the last start tag written */
	GHashTable *ids;    /* the ids written, so that each is written once; NULL before one */
};

/* Code points that gumbo turns into U+FFFD when they come raw (not as references). */
static bool replaced_by_parser(uint32_t c)
{
	return c <= 0x08 || c == 0x0b || (c >= 0x0e && c <= 0x1f) || (c >= 0x7f && c <= 0x9f) ||
	       (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
}

/* The bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069), which can show
 * text in another order than it is read ("Trojan Source"). The marks (U+200E, U+200F) and the
 * joiners (U+200C, U+200D: emoji sequences, some scripts) stay. */
static bool bidi_control(uint32_t c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* Appends the NFC form of the (valid UTF-8) s[0..n) to out as the parser would read it back when
 * written raw: CR as LF, controls and noncharacters as U+FFFD, bidi controls removed; with strip,
 * C0 controls and DEL are removed instead. Returns whether a bidi control was removed. */
static bool normalise(struct san *s, const char *in, size_t n, bool strip, struct buf *out)
{
	bool bidi = false;
	struct buf *clean = &s->val;
	buf_reset(clean);
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)in[i];
		size_t len = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
		len = len > n - i ? n - i : len;
		uint32_t c = len == 1 ? b : (uint32_t)(b & (0x7f >> len));
		for (size_t k = 1; k < len; k++)
			c = (c << 6) | ((unsigned char)in[i + k] & 0x3f);
		bool ctl = c < 0x20 || c == 0x7f;
		if (bidi_control(c))
			bidi = true;
		else if (c == '\r' && !strip)
			buf_putc(clean, '\n');
		else if (replaced_by_parser(c) && !(ctl && strip))
			buf_puts(clean, "\xef\xbf\xbd");
		else if (!(ctl && strip))
			buf_append(clean, in + i, len);
		i += len;
	}
	if (vi_nfc(buf_cstr(clean), clean->len, out) != 0)
		buf_append(out, buf_cstr(clean), clean->len); /* cannot happen: gumbo gives UTF-8 */
	return bidi;
}

/* Notes that something inside the innermost open element was dropped. */
static void removed(struct san *s)
{
	if (s->walk.n > 0)
		s->walk.v[s->walk.n - 1].removed = true;
}

static void flush_text(struct san *s)
{
	size_t was = s->text.len;
	san_strip_word_residue(&s->text);
	if (s->text.len < was)
		removed(s);
	if (s->text.len == 0)
		return;
	buf_reset(&s->tmp);
	if (normalise(s, s->text.data, s->text.len, false, &s->tmp))
		removed(s);
	buf_reset(&s->text);
	/* The parser drops a newline right after <pre>; one that belongs to the text needs another.
	 */
	if (s->out->len == s->pre_open && s->tmp.len > 0 && s->tmp.data[0] == '\n')
		buf_putc(s->out, '\n');
	html_escape(s->out, buf_cstr(&s->tmp), s->tmp.len);
}

static void write_attr(struct san *s, const struct attr_rule *rule, const char *value)
{
	buf_reset(&s->tmp);
	normalise(s, value, strlen(value), rule->url, &s->tmp);
	buf_reset(&s->val);
	if (rule->check(buf_cstr(&s->tmp), s->tmp.len, &s->val) != 0)
		return;
	buf_putc(s->out, ' ');
	buf_puts(s->out, rule->name);
	if (rule->boolean)
		return;
	buf_puts(s->out, "=\"");
	html_escape(s->out, buf_cstr(&s->val), s->val.len);
	buf_putc(s->out, '"');
}

static const char *attr_value(const GumboElement *el, const char *name)
{
	const GumboAttribute *a = gumbo_get_attribute(&el->attributes, name);
	return a && a->attr_namespace == GUMBO_ATTR_NAMESPACE_NONE ? a->value : NULL;
}

/* Whether id is not yet written in this pass; it is from now on. */
static bool first_id(struct san *s, const char *id)
{
	if (!s->ids)
		s->ids = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	if (g_hash_table_contains(s->ids, id))
		return false;
	g_hash_table_add(s->ids, xstrdup(id));
	return true;
}

/* The element's id (an <a>'s name when it has none), made ours by san_anchor_name; an id already
 * written in this body is not written again (the first keeps it, as browsers would). */
static void write_id(struct san *s, const GumboElement *el)
{
	const char *names[] = {attr_value(el, "id"),
			       el->tag == GUMBO_TAG_A ? attr_value(el, "name") : NULL};
	struct buf id = BUF_INIT;
	for (size_t i = 0; i < 2 && id.len == 0; i++) {
		if (!names[i])
			continue;
		buf_reset(&s->tmp);
		normalise(s, names[i], strlen(names[i]), true, &s->tmp);
		san_anchor_name(buf_cstr(&s->tmp), s->tmp.len, &id);
	}
	if (id.len > 0 && first_id(s, id.data)) {
		buf_puts(s->out, " id=\"");
		html_escape(s->out, id.data, id.len);
		buf_putc(s->out, '"');
	}
	buf_free(&id);
}

static void write_start(struct san *s, const char *name, const struct elem_rule *r,
			const GumboElement *el)
{
	flush_text(s);
	s->tag_start = s->out->len;
	buf_putc(s->out, '<');
	buf_puts(s->out, name);
	for (unsigned id = 0; id < AT_MAX; id++) {
		if (!(r->attrs & (1u << id)))
			continue;
		if (id == AT_ID) {
			write_id(s, el);
			continue;
		}
		if (id == AT_SRC && el->tag == GUMBO_TAG_IMG) {
			buf_puts(s->out, " src=\"");
			html_escape(s->out, buf_cstr(&s->img), s->img.len);
			buf_putc(s->out, '"');
			continue;
		}
		const GumboAttribute *a = gumbo_get_attribute(&el->attributes, attr_rules[id].name);
		if (a && a->attr_namespace == GUMBO_ATTR_NAMESPACE_NONE)
			write_attr(s, &attr_rules[id], a->value);
	}
	const GumboAttribute *title = gumbo_get_attribute(&el->attributes, "title");
	if (el->tag == GUMBO_TAG_IFRAME && (!title || !title->value[strspn(title->value, " \t\n")]))
		buf_puts(s->out, " title=\"Video nhúng\""); /* a frame needs a name (WCAG 4.1.2) */
	const char *align = (r->attrs & ALIGNED) ? san_align(el) : NULL;
	if (align) {
		buf_puts(s->out, " class=\"align-");
		buf_puts(s->out, align);
		buf_putc(s->out, '"');
	}
	if (r->extra)
		buf_puts(s->out, r->extra);
	buf_putc(s->out, '>');
	if (el->tag == GUMBO_TAG_PRE)
		s->pre_open = s->out->len;
}

/* Whether URL attribute v passes check once normalised as write_attr would. */
static bool url_ok(struct san *s, const char *v, attr_check check, struct buf *out)
{
	buf_reset(&s->tmp);
	normalise(s, v, strlen(v), true, &s->tmp);
	buf_reset(out);
	return check(buf_cstr(&s->tmp), s->tmp.len, out) == 0;
}

/* Sets s->img to the first candidate source of an <img> that passes; false when none does. */
static bool img_source(struct san *s, const GumboElement *el)
{
	struct buf cands = BUF_INIT;
	size_t n = san_img_candidates(el, &cands);
	bool ok = false;
	for (size_t i = 0; i < n && !ok; i += strlen(cands.data + i) + 1)
		ok = url_ok(s, cands.data + i, check_img_src, &s->img);
	buf_free(&cands);
	return ok;
}

/* A <video> or <audio> with a source it may play (its own src or a <source> child's). */
static bool playable(struct san *s, const GumboElement *el)
{
	const char *src = attr_value(el, "src");
	if (src && url_ok(s, src, san_check_media_src, &s->val))
		return true;
	for (unsigned i = 0; i < el->children.length; i++) {
		const GumboNode *k = el->children.data[i];
		if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_SOURCE &&
		    (src = attr_value(&k->v.element, "src")) != NULL &&
		    url_ok(s, src, san_check_media_src, &s->val))
			return true;
	}
	return false;
}

/* Inside a player that is written, only its <source> elements are (with a src that passes). */
static bool player_child_ok(struct san *s, const GumboElement *el)
{
	const struct frame *up = &s->walk.v[s->walk.n - 1];
	GumboTag parent =
	    up->node->type == GUMBO_NODE_ELEMENT ? up->node->v.element.tag : GUMBO_TAG_UNKNOWN;
	bool in_player = up->close && (parent == GUMBO_TAG_VIDEO || parent == GUMBO_TAG_AUDIO);
	if (el->tag != GUMBO_TAG_SOURCE)
		return !in_player;
	const char *src = attr_value(el, "src");
	return in_player && src && url_ok(s, src, san_check_media_src, &s->val);
}

static void push_unwrapped(struct san *s, const GumboNode *node)
{
	walk_push(&s->walk, node, NULL);
	struct frame *f = &s->walk.v[s->walk.n - 1];
	bool caps = false;
	enum vi_legacy enc = san_font_legacy(&node->v.element, &caps);
	if (enc != VI_LEGACY_NONE) {
		f->legacy = enc;
		f->caps = caps;
	}
}

/* Whether the element goes with all it holds. */
static bool dropped(struct san *s, const GumboElement *el, const struct elem_rule *r)
{
	if (el->tag_namespace != GUMBO_NAMESPACE_HTML || san_hidden(el) || san_data_island(el))
		return true;
	if (r->action == SAN_DROP || !player_child_ok(s, el))
		return true;
	if (el->tag == GUMBO_TAG_IMG && !img_source(s, el))
		return true; /* nothing to show: a broken image */
	/* A player without a source: its text is for browsers without players. */
	return (el->tag == GUMBO_TAG_VIDEO || el->tag == GUMBO_TAG_AUDIO) && !playable(s, el);
}

static void visit_element(struct san *s, const GumboNode *node)
{
	const GumboElement *el = &node->v.element;
	const struct elem_rule *r = elem_rule(el->tag);
	if (dropped(s, el, r)) {
		removed(s);
		return;
	}
	if (r->action == SAN_UNWRAP || s->depth >= s->max_depth ||
	    (el->tag == GUMBO_TAG_A && s->open_a > 0)) {
		push_unwrapped(s, node);
		return;
	}
	if (el->tag == GUMBO_TAG_IFRAME) {
		/* Its content is raw text for browsers without frames: never written. */
		const GumboAttribute *src = gumbo_get_attribute(&el->attributes, "src");
		buf_reset(&s->tmp);
		buf_reset(&s->val);
		if (src && src->attr_namespace == GUMBO_ATTR_NAMESPACE_NONE)
			normalise(s, src->value, strlen(src->value), true, &s->tmp);
		if (!src || san_check_embed_src(buf_cstr(&s->tmp), s->tmp.len, &s->val) != 0) {
			removed(s);
			return;
		}
		write_start(s, "iframe", r, el);
		buf_puts(s->out, "</iframe>");
		return;
	}
	const char *name = r->name ? r->name : gumbo_normalized_tagname(el->tag);
	write_start(s, name, r, el);
	if (r->is_void)
		return;
	s->depth++;
	s->open_a += el->tag == GUMBO_TAG_A;
	push_unwrapped(s, node);
	struct frame *f = &s->walk.v[s->walk.n - 1];
	f->close = name;
	f->start = s->tag_start;
	f->body = s->out->len;
}

static void visit(struct san *s, const GumboNode *node)
{
	switch (node->type) {
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
	case GUMBO_NODE_CDATA: {
		const struct frame *up = &s->walk.v[s->walk.n - 1];
		GumboTag parent = up->node->type == GUMBO_NODE_ELEMENT ? up->node->v.element.tag
								       : GUMBO_TAG_UNKNOWN;
		if (up->close && (parent == GUMBO_TAG_VIDEO || parent == GUMBO_TAG_AUDIO))
			break; /* a player's text is for browsers without one */
		const char *t = node->v.text.text;
		san_legacy_text(up->legacy, up->caps, t, strlen(t), &s->text);
		break;
	}
	case GUMBO_NODE_ELEMENT:
		visit_element(s, node);
		break;
	default: /* comments, templates */
		break;
	}
}

/*
 * A paragraph, division or heading that shows nothing once the sanitiser removed something from
 * it (Word's settings printed as text, a script, a broken image) goes, unless that would join two
 * lines or it has an id (san_left_blank). One left blank by its author stays as it was:
 * <p>&nbsp;</p> and <p><br></p> are the empty line that editors write (CKEditor, TinyMCE, and
 * Word's <o:p>&nbsp;</o:p>) and readers see, and <p></p> shows nothing anyway; the sanitiser does
 * not edit spacing, it only does not leave behind what its own removals emptied.
 */
static bool emptied(const struct san *s, const struct frame *f)
{
	switch (f->node->v.element.tag) {
	case GUMBO_TAG_P:
	case GUMBO_TAG_DIV:
	case GUMBO_TAG_CENTER:
	case GUMBO_TAG_H1:
	case GUMBO_TAG_H2:
	case GUMBO_TAG_H3:
	case GUMBO_TAG_H4:
	case GUMBO_TAG_H5:
	case GUMBO_TAG_H6:
		return f->removed &&
		       san_left_blank(s->out->data, s->base, f->start, f->body, s->out->len);
	default:
		return false;
	}
}

/* Writes the end tag of the written element f, the top frame, or takes the element back. */
static void write_end(struct san *s, const struct frame *f)
{
	flush_text(s);
	s->depth--;
	s->open_a -= f->node->v.element.tag == GUMBO_TAG_A;
	if (emptied(s, f)) {
		s->out->len = f->start;
		s->out->data[f->start] = '\0';
		return;
	}
	buf_puts(s->out, "</");
	buf_puts(s->out, f->close);
	buf_putc(s->out, '>');
}

/* Parses in[0..len) and appends the allowlisted rebuild to out, flattening below max_depth. */
static void sanitize_pass(const char *in, size_t len, unsigned max_depth, struct buf *out)
{
	struct buf limited = BUF_INIT;
	if (san_depth_limit(in, len, SAN_PREPARSE_DEPTH, &limited)) {
		in = limited.data;
		len = limited.len;
	}
	GumboOptions opt;
	GumboOutput *g = san_parse_fragment(in, len, &opt);
	struct san s = {.out = out, .max_depth = max_depth, .pre_open = SIZE_MAX, .base = out->len};
	if (g && g->root && g->root->type == GUMBO_NODE_ELEMENT)
		walk_push(&s.walk, g->root, NULL);
	while (s.walk.n > 0) {
		const GumboNode *kid = walk_next(&s.walk);
		if (kid) {
			visit(&s, kid);
			continue;
		}
		const struct frame *f = &s.walk.v[s.walk.n - 1];
		if (f->close)
			write_end(&s, f); /* f still on top: what its last text loses is its own */
		s.walk.n--;
		if (s.walk.n > 0 && f->removed)
			s.walk.v[s.walk.n - 1].removed = true; /* dropped in f, so in its parent */
	}
	flush_text(&s);
	if (g)
		gumbo_destroy_output(&opt, g);
	free(s.walk.v);
	if (s.ids)
		g_hash_table_destroy(s.ids);
	buf_free(&s.text);
	buf_free(&s.tmp);
	buf_free(&s.val);
	buf_free(&s.img);
	buf_free(&limited);
}

static bool buf_equal(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

/*
 * Some trees that gumbo builds from broken markup do not survive serialising and parsing again (an
 * <h3> inside an <h2>, say), so a pass is repeated until its output is a fixed point; that is what
 * makes sanitising idempotent. Text alone is always a fixed point, hence the last resort.
 */
int sanitize_html(const char *in, size_t len, struct safe_html **out)
{
	if (!vi_utf8_valid(in ? in : "", len))
		return -1;
	struct buf cur = BUF_INIT, next = BUF_INIT;
	sanitize_pass(in ? in : "", len, SAN_MAX_DEPTH, &cur);
	for (unsigned pass = 1; pass <= SAN_MAX_PASSES + 1; pass++) {
		unsigned depth = pass < SAN_MAX_PASSES ? SAN_MAX_DEPTH : 0;
		buf_reset(&next);
		sanitize_pass(buf_cstr(&cur), cur.len, depth, &next);
		if (buf_equal(&cur, &next))
			break;
		struct buf t = cur;
		cur = next;
		next = t;
	}
	buf_free(&next);
	buf_append(&cur, "", 0); /* "" when empty: the text is never NULL */
	size_t n = cur.len;
	*out = san_adopt(buf_detach(&cur), n);
	return 0;
}

int sanitize_stored(const char *html, size_t len, int version, struct safe_html **out)
{
	if (version != SANITIZE_VERSION)
		return sanitize_html(html, len, out);
	char *copy = xmalloc(len + 1);
	memcpy(copy, html, len);
	copy[len] = '\0';
	*out = san_adopt(copy, len);
	return 0;
}

struct safe_html *san_adopt(char *html, size_t len)
{
	struct safe_html *h = xcalloc(1, sizeof(*h));
	h->html = html;
	h->len = len;
	return h;
}

const char *safe_html_str(const struct safe_html *h)
{
	return h->html;
}

size_t safe_html_len(const struct safe_html *h)
{
	return h->len;
}

void safe_html_free(struct safe_html *h)
{
	if (!h)
		return;
	free(h->html);
	free(h);
}
