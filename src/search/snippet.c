/* Highlighted snippets of search results: finds the matched words, picks the window, escapes. */
#include "search/snippet.h"

#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "sanitize/snippet.h"
#include "search/token.h"

#define MARKS_MAX 256

#define WANTED_MAX (SEARCH_TERMS_MAX * SEARCH_TERM_WORDS_MAX)

/* How far cut_forward may move a window's start to the next space. */
#define CUT_SLACK 24

struct found {
	const char *want[WANTED_MAX]; /* the distinct folds of the query's words, with lengths, */
	size_t nwant[WANTED_MAX];     /* and their other spellings (search_term.fold_alt) */
	size_t slot[WANTED_MAX];      /* the word each stands for: a spelling's is its word's */
	size_t nw, nslots;
	struct snippet_mark m[MARKS_MAX];
	size_t n;
	/* Early stop (see on_word): the last mark of each wanted word, how many have one */
	size_t last[WANTED_MAX];
	size_t nseen;
	size_t max;  /* the window's size; 0: read the whole text */
	bool chosen; /* the window is known: marks are gathered up to its end */
	size_t from; /* the chosen window's start */
};

/* The index of the wanted fold, or -1. */
static int wanted(const struct found *f, const char *fold, size_t n)
{
	for (size_t i = 0; i < f->nw; i++)
		if (f->nwant[i] == n && memcmp(f->want[i], fold, n) == 0)
			return (int)i;
	return -1;
}

/* Adds the fold w as standing for the word of slot (SIZE_MAX: a new one) unless it is there;
 * returns its slot. */
static size_t want(struct found *f, const char *w, size_t slot)
{
	size_t n = strlen(w);
	int k = wanted(f, w, n);
	if (k >= 0)
		return f->slot[k];
	if (f->nw == WANTED_MAX)
		return slot;
	f->want[f->nw] = w;
	f->nwant[f->nw] = n;
	f->slot[f->nw++] = slot == SIZE_MAX ? f->nslots++ : slot;
	return f->slot[f->nw - 1];
}

static void want_words(struct found *f, const struct search_query *q)
{
	for (size_t i = 0; i < q->nterms; i++)
		for (size_t j = 0; j < q->terms[i].n; j++) {
			size_t slot = want(f, q->terms[i].fold[j], SIZE_MAX);
			if (q->terms[i].fold_alt && slot != SIZE_MAX)
				want(f, q->terms[i].fold_alt[j], slot);
		}
}

/* The start of the window whose first mark starts at s: a quarter of it before the mark. */
static size_t window_from(size_t s, size_t max)
{
	return s > max / 4 ? s - max / 4 : 0;
}

/*
 * Gathers the marks. With f->max set it stops as soon as it can: the first window (placed as
 * best_start places them) that holds every wanted word is taken, and the words are read on to its
 * end only, for the marks inside it; no later window can hold more of the query. A long article
 * that holds the words early (its lead, most often) is then read for a few hundred bytes instead
 * of all of it, ten times a page of results. A text where no window holds them all is read whole,
 * and best_start chooses.
 */
static int on_word(const struct search_token *t, void *ctx)
{
	struct found *f = ctx;
	if (f->chosen && t->end > f->from + f->max + CUT_SLACK) /* past the text shown */
		return 1;
	int w = wanted(f, t->fold, t->nfold);
	if (w < 0)
		return 0;
	size_t k = f->slot[w];
	f->m[f->n].start = t->start;
	f->m[f->n].end = t->end;
	if (f->max && !f->chosen) {
		if (f->last[k] == SIZE_MAX)
			f->nseen++;
		f->last[k] = f->n;
		if (f->nseen == f->nslots) {
			size_t first = t->start;
			for (size_t i = 0; i < f->nslots; i++)
				if (f->m[f->last[i]].start < first)
					first = f->m[f->last[i]].start;
			size_t from = window_from(first, f->max);
			if (t->end <= from + f->max) {
				f->chosen = true;
				f->from = from;
			}
		}
	}
	return ++f->n == MARKS_MAX;
}

/* The mark whose window [start - max/4, + max) holds the most marks. */
static size_t best_start(const struct found *f, size_t max)
{
	size_t best = 0, best_count = 0;
	for (size_t i = 0; i < f->n; i++) {
		size_t from = window_from(f->m[i].start, max), count = 0;
		for (size_t j = i; j < f->n && f->m[j].end <= from + max; j++)
			count++;
		if (count > best_count) {
			best_count = count;
			best = from;
		}
	}
	return best;
}

static bool space_at(const char *s, size_t i)
{
	return s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
}

/* Moves a cut to the next space (forward) so that no word or UTF-8 sequence is split. */
static size_t cut_forward(const char *s, size_t len, size_t i)
{
	size_t limit = i + CUT_SLACK < len ? i + CUT_SLACK : len;
	size_t j = i;
	while (j < limit && !space_at(s, j))
		j++;
	if (j == limit && j < len) /* a very long word: any character boundary will do */
		for (j = i; j < len && ((unsigned char)s[j] & 0xC0) == 0x80; j++)
			;
	return j;
}

/* Moves a cut back to a space, for the window's end. */
static size_t cut_back(const char *s, size_t start, size_t i)
{
	size_t j = i;
	while (j > start && !space_at(s, j))
		j--;
	if (j == start)
		for (j = i; j > start && ((unsigned char)s[j] & 0xC0) == 0x80; j--)
			;
	return j;
}

int search_snippet(const char *text, size_t len, const struct search_query *q, size_t max_bytes,
		   struct safe_html **out)
{
	struct found f = {.nw = 0};
	want_words(&f, q);
	for (size_t i = 0; i < f.nw; i++)
		f.last[i] = SIZE_MAX;
	f.max = len > max_bytes && f.nw > 0 ? max_bytes : 0;
	search_tokenize_folds(text, len, on_word, &f);
	size_t start = 0, end = len;
	if (len > max_bytes) {
		start = f.chosen ? f.from : best_start(&f, max_bytes);
		if (start > 0)
			start = cut_forward(text, len, start);
		end = start + max_bytes < len ? cut_back(text, start, start + max_bytes) : len;
	}
	while (start < end && space_at(text, start))
		start++;
	struct buf b = BUF_INIT;
	size_t shift = 0;
	if (start > 0) {
		buf_puts(&b, "… ");
		shift = b.len;
	}
	buf_append(&b, text + start, end - start);
	if (end < len)
		buf_puts(&b, " …");
	struct snippet_mark m[MARKS_MAX];
	size_t nm = 0;
	for (size_t i = 0; i < f.n; i++)
		if (f.m[i].start >= start && f.m[i].end <= end)
			m[nm++] = (struct snippet_mark){f.m[i].start - start + shift,
							f.m[i].end - start + shift};
	int rc = sanitize_snippet(b.data ? b.data : "", b.len, m, nm, out);
	buf_free(&b);
	return rc;
}
