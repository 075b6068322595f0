/* Numbers and symbols of legal documents ("15/2024/QĐ-UBND"): cleaning, and telling a query that
 * looks like one, so that the store can match it against the number field first. */
#ifndef GZ_DOCS_NUMBER_H
#define GZ_DOCS_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "search/query.h"

#define DOC_NUMBER_MAX 64 /* bytes of a cleaned number and symbol */

/*
 * Cleans a number and symbol as typed: NFC, letters in capitals (symbols are written in capitals),
 * spaces around '/' '-' '.' removed and other runs of spaces made one. Allowed: letters, digits,
 * '/', '-', '.', '_' and spaces; at least one letter or digit; at most DOC_NUMBER_MAX bytes once
 * cleaned. Appends to out and returns 0, or returns -1 with out as it was (msg, if not NULL, then
 * points to a Vietnamese sentence saying why; static).
 */
int doc_number_clean(const char *raw, size_t len, struct buf *out, const char **msg);

/*
 * True when a reader's query (trimmed) is one chunk without spaces that looks like a number or a
 * symbol or a part of one: it has a digit ("15", "15/2024") or letters joined by '/' or '-'
 * ("QĐ-UBND", "qd-ubnd", "UBND/VP").
 */
bool doc_number_like(const char *q, size_t len);

/*
 * The words of a number-like query as one phrase (exact and folded forms, from the search
 * tokenizer), allocated in a: "qd-ubnd" gives {qd, ubnd}. Returns 0, or -1 when q has no word or
 * more than SEARCH_TERM_WORDS_MAX of them.
 */
int doc_number_phrase(struct arena *a, const char *q, size_t len, struct search_term *out);

#endif
