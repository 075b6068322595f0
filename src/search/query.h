/* The reader's search query, parsed: words, "quoted phrases" and -excluded words, never FTS syntax.
 */
#ifndef GZ_SEARCH_QUERY_H
#define GZ_SEARCH_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

enum {
	SEARCH_QUERY_MAX_CPS = 256, /* longer input is cut (after NFC) */
	SEARCH_TERMS_MAX = 32,      /* included plus excluded terms */
	SEARCH_TERM_WORDS_MAX = 16  /* words (syllables) in one term */
};

/* A word or a phrase: one or more words that must stand together in this order. */
struct search_term {
	const char **exact;    /* words in lower-case NFC, diacritics kept */
	const char **fold;     /* the same words folded: no diacritics, đ -> d */
	const char **alt;      /* the exact words with each word Vietnamese spells two ways in its
				* other spelling: a tone mark in its other place ("hòa" for "hoà",
				* vi_tone_swap), "i" for "y" ("kĩ" for "kỹ", vi_iy_swap); NULL when no
				* word has one: either spelling is the word as typed */
	const char **fold_alt; /* the folds likewise ("ki" for "ky"; a tone's place does not
				* change a fold), or NULL */
	size_t n;
	bool marked; /* typed with diacritics: exact matches rank above folded ones */
	bool quoted; /* a "quoted phrase", or a word that splits in several ("covid-19") */
	bool joined; /* an unquoted word typed right after the previous unquoted word: the two
		      * standing together in a text ranks it higher (syllables of one word) */
};

struct search_query {
	struct search_term *terms; /* all must match */
	size_t nterms;
	struct search_term *excluded; /* none may match: see search_excluded_words */
	size_t nexcluded;
	bool truncated; /* the input was cut at the limits above */
};

/*
 * The words a row must not hold for the excluded term t: typed with diacritics (marked), its exact
 * forms, so that "-mới" leaves out "mới" and not "mỗi", "mời" or "mọi" (nor "-đảng" every text
 * with "đang"), the words a reader tells apart; typed without them, its folds, every form ("-moi"
 * leaves out all of those), as an included word without diacritics finds every form. In a phrase
 * typed with diacritics, a word typed without them is, on SQLite, any of its forms (the index's
 * fold), on PostgreSQL that form (its exact vector), as in the rank's tier of exact matches.
 */
static inline const char *const *search_excluded_words(const struct search_term *t)
{
	return (const char *const *)(t->marked ? t->exact : t->fold);
}

/* The other spelling of search_excluded_words (the term's alt or fold_alt), or NULL when it has
 * none. */
static inline const char *const *search_excluded_alt(const struct search_term *t)
{
	return (const char *const *)(t->marked ? t->alt : t->fold_alt);
}

/*
 * Parses raw[0..len) (any bytes; NFC-normalised first). Quotes delimit phrases (an unbalanced one
 * runs to the end); '-' before a word or phrase excludes it; every other character that is not a
 * letter, digit or mark only separates words, so FTS operators (* : ^ ( ) NEAR AND OR NOT) are
 * plain text. Everything is allocated in a. Returns 0, or -1 when raw is not valid UTF-8 (out is
 * then an empty query). A query with no included term matches nothing.
 */
int search_query_parse(struct arena *a, const char *raw, size_t len, struct search_query *out);

#endif
