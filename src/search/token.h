/* Words of Vietnamese text for search: each word in its exact (lower-case NFC) and folded forms. */
#ifndef GZ_SEARCH_TOKEN_H
#define GZ_SEARCH_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

/* One word of a text. The strings are borrowed for the duration of the callback only. */
struct search_token {
	const char *exact; /* lower case, NFC, diacritics kept: "đảng" */
	size_t nexact;
	const char *fold; /* lower case, no diacritics, đ -> d: "dang" */
	size_t nfold;
	size_t start, end; /* byte range of the word in the text */
};

/* Returns non-zero to stop. */
typedef int (*search_token_fn)(const struct search_token *t, void *ctx);

/*
 * Splits text[0..len) into words (runs of letters, digits and combining marks; everything else
 * separates) and calls fn for each, in order. Decomposed input is composed first, so "Đa\u0309ng"
 * gives the same forms as "Đảng". Invalid UTF-8 bytes separate words. Returns the callback's
 * non-zero value if it stopped, else 0. Thread-safe.
 */
int search_tokenize(const char *text, size_t len, search_token_fn fn, void *ctx);

/* The same words with their folds only: t->exact is the fold too (snippets: half the work). */
int search_tokenize_folds(const char *text, size_t len, search_token_fn fn, void *ctx);

/* True when the exact form of a word differs from its fold (it carries diacritics or đ). */
bool search_token_marked(const struct search_token *t);

#endif
