/* The reader's search query, parsed into terms, phrases and exclusions (see query.h). */
#include "search/query.h"

#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "search/token.h"
#include "vi/vi.h"

/* Bytes looked at before NFC: generous for 256 code points, bounded for a 10,000-character query.
 */
#define RAW_MAX (SEARCH_QUERY_MAX_CPS * 8)

struct words {
	struct arena *a;
	const char *exact[SEARCH_TERM_WORDS_MAX];
	const char *fold[SEARCH_TERM_WORDS_MAX];
	size_t n;
	bool marked, cut;
};

static int add_word(const struct search_token *t, void *ctx)
{
	struct words *w = ctx;
	if (w->n == SEARCH_TERM_WORDS_MAX) {
		w->cut = true;
		return 1;
	}
	w->exact[w->n] = arena_strndup(w->a, t->exact, t->nexact);
	w->fold[w->n] = arena_strndup(w->a, t->fold, t->nfold);
	w->marked |= search_token_marked(t);
	w->n++;
	return 0;
}

/* Cuts s to at most max bytes without splitting a UTF-8 sequence. */
static size_t cut_utf8(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/* Byte length of the first `cps` code points of valid UTF-8 s. */
static size_t cps_prefix(const char *s, size_t len, size_t cps)
{
	size_t i = 0;
	while (i < len && cps > 0) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		cps--;
	}
	return i;
}

struct parser {
	struct arena *a;
	struct search_query *q;
	size_t cap_terms, cap_excl;
	bool prev_word; /* the last included term was an unquoted single word, right before */
};

/* The words[0..n) with each word that Vietnamese spells two ways in its other spelling (its tone
 * mark in its other place, with tones; "y" or "i"), or NULL when none has one. */
static const char **other_spelling(struct arena *a, const char *const *words, size_t n, bool tones)
{
	const char **alt = NULL;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(words[i]);
		buf_reset(&b);
		if (!(tones && vi_tone_swap(words[i], len, &b)) && !vi_iy_swap(words[i], len, &b))
			continue;
		if (!alt) {
			alt = arena_alloc(a, n * sizeof(*alt));
			memcpy(alt, words, n * sizeof(*alt));
		}
		alt[i] = arena_strndup(a, b.data, b.len);
	}
	buf_free(&b);
	return alt;
}

static void add_term(struct parser *p, const char *s, size_t n, bool quoted, bool excluded,
		     bool adjacent)
{
	struct words w = {.a = p->a};
	search_tokenize(s, n, add_word, &w);
	if (w.cut)
		p->q->truncated = true;
	if (w.n == 0)
		return; /* punctuation only */
	if (p->q->nterms + p->q->nexcluded == SEARCH_TERMS_MAX) {
		p->q->truncated = true;
		return;
	}
	struct search_term *t =
	    excluded ? &p->q->excluded[p->q->nexcluded++] : &p->q->terms[p->q->nterms++];
	t->n = w.n;
	t->exact = arena_alloc(p->a, w.n * sizeof(*t->exact));
	t->fold = arena_alloc(p->a, w.n * sizeof(*t->fold));
	memcpy(t->exact, w.exact, w.n * sizeof(*t->exact));
	memcpy(t->fold, w.fold, w.n * sizeof(*t->fold));
	t->marked = w.marked;
	t->alt = other_spelling(p->a, w.exact, w.n, true);
	t->fold_alt = other_spelling(p->a, w.fold, w.n, false);
	t->quoted = quoted || w.n > 1;
	t->joined = false;
	if (excluded)
		return;
	t->joined = adjacent && p->prev_word && !t->quoted;
	p->prev_word = !t->quoted;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Walks the normalised text: quotes, '-' prefixes and chunks between spaces. */
static void scan(struct parser *p, const char *s, size_t len)
{
	size_t i = 0;
	bool adjacent = true; /* nothing but spaces since the previous included word */
	while (i < len) {
		if (is_space(s[i])) {
			i++;
			continue;
		}
		bool excl = false;
		if (s[i] == '-' && i + 1 < len && !is_space(s[i + 1])) {
			excl = true;
			i++;
		}
		size_t start, end;
		bool quoted = s[i] == '"';
		if (quoted) {
			start = ++i;
			while (i < len && s[i] != '"')
				i++;
			end = i;
			if (i < len)
				i++;
		} else {
			start = i;
			while (i < len && !is_space(s[i]) && s[i] != '"')
				i++;
			end = i;
		}
		size_t before = p->q->nterms;
		add_term(p, s + start, end - start, quoted, excl, adjacent);
		if (excl || quoted)
			p->prev_word = false;
		adjacent = !excl;
		if (p->q->nterms == before && !excl)
			adjacent = false; /* punctuation between words breaks the run */
	}
}

int search_query_parse(struct arena *a, const char *raw, size_t len, struct search_query *out)
{
	memset(out, 0, sizeof(*out));
	out->terms = arena_alloc(a, SEARCH_TERMS_MAX * sizeof(*out->terms));
	out->excluded = arena_alloc(a, SEARCH_TERMS_MAX * sizeof(*out->excluded));
	if (!raw)
		return 0;
	size_t n = cut_utf8(raw, len, RAW_MAX);
	if (n < len)
		out->truncated = true;
	struct buf nfc = BUF_INIT;
	if (vi_nfc(raw, n, &nfc) != 0) {
		buf_free(&nfc);
		return -1;
	}
	size_t keep = cps_prefix(nfc.data ? nfc.data : "", nfc.len, SEARCH_QUERY_MAX_CPS);
	if (keep < nfc.len)
		out->truncated = true;
	struct parser p = {.a = a, .q = out};
	scan(&p, nfc.data ? nfc.data : "", keep);
	buf_free(&nfc);
	return 0;
}
