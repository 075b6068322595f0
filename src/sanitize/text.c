/* The visible text of sanitised HTML: by a parse, or without one for the sanitiser's output. */
#include <gumbo.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize/sanitize-int.h"
#include "sanitize/sanitize.h"

/* An explicit stack for walking trees of any depth. */
struct text_frame {
	const GumboNode *node;
	unsigned next; /* index of the next child to visit */
	bool block;    /* a line break when leaving */
};

struct text_stack {
	struct text_frame *v;
	size_t n, cap;
};

static void stack_push(struct text_stack *w, const GumboNode *node, bool block)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	w->v[w->n++] = (struct text_frame){node, 0, block};
}

/* Returns the next child of the top element, or NULL when it has none left. */
static const GumboNode *stack_next(struct text_stack *w)
{
	struct text_frame *f = &w->v[w->n - 1];
	const GumboVector *kids = &f->node->v.element.children;
	return f->next < kids->length ? kids->data[f->next++] : NULL;
}

bool san_is_block(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_P:
	case GUMBO_TAG_H1:
	case GUMBO_TAG_H2:
	case GUMBO_TAG_H3:
	case GUMBO_TAG_H4:
	case GUMBO_TAG_H5:
	case GUMBO_TAG_H6:
	case GUMBO_TAG_HR:
	case GUMBO_TAG_BLOCKQUOTE:
	case GUMBO_TAG_PRE:
	case GUMBO_TAG_UL:
	case GUMBO_TAG_OL:
	case GUMBO_TAG_LI:
	case GUMBO_TAG_DL:
	case GUMBO_TAG_DT:
	case GUMBO_TAG_DD:
	case GUMBO_TAG_FIGURE:
	case GUMBO_TAG_FIGCAPTION:
	case GUMBO_TAG_TABLE:
	case GUMBO_TAG_CAPTION:
	case GUMBO_TAG_THEAD:
	case GUMBO_TAG_TBODY:
	case GUMBO_TAG_TFOOT:
	case GUMBO_TAG_TR:
	case GUMBO_TAG_DIV:
		return true;
	default:
		return false;
	}
}

/* Text extraction state: separators are written lazily, only between two pieces of text. */
struct text_walk {
	struct buf *out;
	size_t start; /* out->len on entry: the caller's bytes are not ours to look at */
	char pending; /* '\n', '\t' or 0 */
};

static void text_separate(struct text_walk *t, char sep)
{
	if (t->pending != '\n')
		t->pending = sep;
}

static void text_put(struct text_walk *t, const char *s, size_t n)
{
	if (n == 0)
		return;
	struct buf *out = t->out;
	if (t->pending && out->len > t->start && out->data[out->len - 1] != '\n')
		buf_putc(out, t->pending);
	t->pending = 0;
	buf_append(out, s, n);
}

static void text_enter(struct text_walk *t, struct text_stack *w, const GumboNode *node)
{
	if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
	    node->type == GUMBO_NODE_CDATA) {
		text_put(t, node->v.text.text, strlen(node->v.text.text));
		return;
	}
	if (node->type != GUMBO_NODE_ELEMENT)
		return;
	const GumboElement *el = &node->v.element;
	if (el->tag_namespace != GUMBO_NAMESPACE_HTML || san_elem_action(el->tag) == SAN_DROP)
		return;
	if (el->tag == GUMBO_TAG_BR) {
		t->pending = 0;
		text_put(t, "\n", 1);
		return;
	}
	if (san_is_block(el->tag))
		text_separate(t, '\n');
	else if (el->tag == GUMBO_TAG_TD || el->tag == GUMBO_TAG_TH)
		text_separate(t, '\t');
	stack_push(w, node, san_is_block(el->tag));
}

void sanitize_text_parsed(const char *html, size_t len, struct buf *out)
{
	GumboOptions opt;
	GumboOutput *g = san_parse_fragment(html, len, &opt);
	struct text_walk t = {out, out->len, 0};
	struct text_stack w = {NULL, 0, 0};
	if (g && g->root && g->root->type == GUMBO_NODE_ELEMENT)
		stack_push(&w, g->root, false);
	while (w.n > 0) {
		const GumboNode *kid = stack_next(&w);
		if (kid) {
			text_enter(&t, &w, kid);
			continue;
		}
		if (w.v[--w.n].block)
			text_separate(&t, '\n');
	}
	if (g)
		gumbo_destroy_output(&opt, g);
	free(w.v);
}

/* The escapes html_escape writes, and what they stand for. */
static const struct {
	const char *ent, *text;
} out_escapes[] = {{"&amp;", "&"},   {"&lt;", "<"},  {"&gt;", ">"},
		   {"&quot;", "\""}, {"&#39;", "'"}, {"&#x338;", "\xcc\xb8"}};

/* The escape at s[0..n) (s[0] is '&'): its length, and its text in *text; 0 when none. */
static size_t out_escape(const char *s, size_t n, const char **text)
{
	for (size_t i = 0; i < sizeof out_escapes / sizeof out_escapes[0]; i++) {
		size_t len = strlen(out_escapes[i].ent);
		if (len <= n && memcmp(s, out_escapes[i].ent, len) == 0) {
			*text = out_escapes[i].text;
			return len;
		}
	}
	return 0;
}

/*
 * The visible text of the sanitiser's own output read as it was written, without a parse (the
 * parse was most of an import's text extraction): every element it writes is closed by its end
 * tag but the void ones, attribute values are quoted with < > & " ' escaped, text holds no other
 * escape, and a newline right after <pre> is the one the parser drops (write_text). The text
 * walk's rules (text_enter) follow each tag. False, with out as it was, when the HTML is not in
 * that form (a comment, an unknown element or escape, a CR or NUL): the caller parses it.
 * tests/unit/sanitize and fuzz_sanitize check it against the parse.
 */
bool san_text_unparsed(const char *s, size_t n, struct buf *out)
{
	size_t was = out->len;
	struct text_walk t = {out, out->len, 0};
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (i < n && s[i] != '<' && s[i] != '&' && s[i] != '\r' && s[i] != '\0')
			i++;
		text_put(&t, s + run, i - run);
		if (i >= n)
			break;
		if (s[i] == '&') {
			const char *text = NULL;
			size_t len = out_escape(s + i, n - i, &text);
			if (!len)
				goto other;
			text_put(&t, text, strlen(text));
			i += len;
			continue;
		}
		if (s[i] != '<')
			goto other;
		bool end = i + 1 < n && s[i + 1] == '/';
		size_t name = i + 1 + end, k = name;
		while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9')))
			k++;
		const char *gt = k > name ? memchr(s + k, '>', n - k) : NULL;
		if (!gt || (s[k] != '>' && s[k] != ' '))
			goto other;
		GumboTag tag = gumbo_tagn_enum(s + name, (unsigned)(k - name));
		if (tag == GUMBO_TAG_UNKNOWN || san_elem_action(tag) != SAN_KEEP)
			goto other;
		i = (size_t)(gt - s) + 1;
		if (end) {
			if (san_is_block(tag))
				text_separate(&t, '\n');
		} else if (tag == GUMBO_TAG_BR) {
			t.pending = 0;
			text_put(&t, "\n", 1);
		} else if (san_is_block(tag)) {
			text_separate(&t, '\n');
			if (tag == GUMBO_TAG_PRE && i < n && s[i] == '\n')
				i++;
		} else if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) {
			text_separate(&t, '\t');
		}
	}
	return true;
other:
	out->len = was;
	if (out->data)
		out->data[was] = '\0';
	return false;
}

void sanitize_text(const struct safe_html *h, struct buf *out)
{
	const char *html = h->html ? h->html : "";
	if (!san_text_unparsed(html, h->len, out))
		sanitize_text_parsed(html, h->len, out);
}
