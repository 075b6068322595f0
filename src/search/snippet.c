/* Highlighted snippets of search results: finds the matched words, picks the window, escapes. */
#include "search/snippet.h"

#include <string.h>

#include "core/buf.h"
#include "sanitize/snippet.h"
#include "search/token.h"

#define MARKS_MAX 256

#define WANTED_MAX (SEARCH_TERMS_MAX * SEARCH_TERM_WORDS_MAX)

struct found {
	const char *want[WANTED_MAX]; /* the folds of the query's words, with their lengths */
	size_t nwant[WANTED_MAX];
	size_t nw;
	struct snippet_mark m[MARKS_MAX];
	size_t n;
};

static void want_words(struct found *f, const struct search_query *q)
{
	for (size_t i = 0; i < q->nterms; i++)
		for (size_t j = 0; j < q->terms[i].n && f->nw < WANTED_MAX; j++) {
			f->want[f->nw] = q->terms[i].fold[j];
			f->nwant[f->nw++] = strlen(q->terms[i].fold[j]);
		}
}

static bool wanted(const struct found *f, const char *fold, size_t n)
{
	for (size_t i = 0; i < f->nw; i++)
		if (f->nwant[i] == n && memcmp(f->want[i], fold, n) == 0)
			return true;
	return false;
}

static int on_word(const struct search_token *t, void *ctx)
{
	struct found *f = ctx;
	if (!wanted(f, t->fold, t->nfold))
		return 0;
	f->m[f->n].start = t->start;
	f->m[f->n].end = t->end;
	return ++f->n == MARKS_MAX;
}

/* The mark whose window [start - max/4, + max) holds the most marks. */
static size_t best_start(const struct found *f, size_t max)
{
	size_t best = 0, best_count = 0;
	for (size_t i = 0; i < f->n; i++) {
		size_t from = f->m[i].start > max / 4 ? f->m[i].start - max / 4 : 0, count = 0;
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
	size_t limit = i + 24 < len ? i + 24 : len;
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
	search_tokenize_folds(text, len, on_word, &f);
	size_t start = 0, end = len;
	if (len > max_bytes) {
		start = best_start(&f, max_bytes);
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
