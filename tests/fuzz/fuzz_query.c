/* libFuzzer target: the search query parser and the tokenizer take any bytes; every term they give
 * back has words, no more terms or words than the limits, and no FTS syntax characters. The
 * snippet builder takes the input's first line as the query and the rest as the text, with a
 * window of 8 to 263 bytes (the first byte), and gives valid output or -1 (not UTF-8). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/query.h"
#include "search/snippet.h"
#include "search/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_token(const struct search_token *t, void *ctx)
{
	(void)t;
	(*(size_t *)ctx)++;
	return 0;
}

static void check_term(const struct search_term *t)
{
	if (t->n == 0 || t->n > SEARCH_TERM_WORDS_MAX)
		abort();
	for (size_t i = 0; i < t->n; i++) {
		if (!t->exact[i] || !t->fold[i] || !*t->exact[i] || !*t->fold[i])
			abort();
		/* Only letters, digits and marks reach the index's query: no FTS operators. */
		if (strpbrk(t->fold[i], "\"*:^()-+ \t\n"))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = malloc(size ? size : 1); /* its own block, so that ASan sees any overread */
	if (!raw)
		abort();
	memcpy(raw, data, size);
	struct arena *a = arena_new();
	struct search_query q;
	if (search_query_parse(a, raw, size, &q) == 0) {
		if (q.nterms + q.nexcluded > SEARCH_TERMS_MAX)
			abort();
		for (size_t i = 0; i < q.nterms; i++)
			check_term(&q.terms[i]);
		for (size_t i = 0; i < q.nexcluded; i++)
			check_term(&q.excluded[i]);
	}
	size_t n = 0;
	(void)search_tokenize(raw, size, count_token, &n);
	const char *nl = size > 1 ? memchr(raw + 1, '\n', size - 1) : NULL;
	if (nl) {
		struct search_query sq;
		size_t qlen = (size_t)(nl - raw) - 1, max = 8 + (unsigned char)raw[0];
		if (search_query_parse(a, raw + 1, qlen, &sq) == 0) {
			struct safe_html *h = NULL;
			const char *text = nl + 1;
			size_t tlen = size - (size_t)(text - raw);
			if (search_snippet(text, tlen, &sq, max, &h) == 0) {
				const char *out = safe_html_str(h);
				/* no more than the window, its two ellipses and the marks */
				if (strlen(out) > 6 * (max + 64) + 13 * 256)
					abort();
				safe_html_free(h);
			}
		}
	}
	arena_free(a);
	free(raw);
	return 0;
}
