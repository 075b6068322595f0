/* libFuzzer target: the search query parser and the tokenizer take any bytes; every term they give
 * back has words, no more terms or words than the limits, and no FTS syntax characters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/query.h"
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
	arena_free(a);
	free(raw);
	return 0;
}
