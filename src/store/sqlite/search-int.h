/* What the SQLite backend's search index and its queries share (words.c, search.c). */
#ifndef GZ_STORE_SQLITE_SEARCH_INT_H
#define GZ_STORE_SQLITE_SEARCH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "core/buf.h"

/*
 * Title tokens (migration 29). The title column is written as TITLE_MARK followed by the title;
 * for such a text the pairs tokenizer also indexes each word's fold and each pair of folds with
 * TITLE_PREFIX in front ("^xay", "^xay_dung"), colocated, so they add no positions. Those tokens
 * exist only where the title holds the word, and their doclists are as short as that: the title
 * pass of a search asks for "TITLE_MARK word" (a query string that starts with the mark gives
 * the prefixed tokens) instead of filtering the long doclists of common words by column, which
 * read every position of every article holding them (0.9 s for two common words at 1,000,000
 * articles). Neither byte can come from a reader's query: its words are letters, digits and marks.
 */
#define TITLE_MARK '\x01'
#define TITLE_PREFIX '^'

/*
 * The category column (migration 29) is written as CAT_MARK followed by the category's id; its
 * only token is CAT_PREFIX and the id ("#12"), which no reader's word can be. So the words of a
 * query need no column filter ("{title lead body} :") to stay out of it, and FTS5 does not read
 * the positions of every row it passes to apply one: the match step of an intersection or an
 * exclusion of common words reads rowids only. A query string that starts with CAT_MARK gives
 * the prefixed token too.
 */
#define CAT_MARK '\x02'
#define CAT_PREFIX '#'

/* The hash of an exact form in the sets of search_exact (gz_exact in words.c). */
uint32_t sq_exact_hash(const char *s, size_t n);
/* 4 bytes, little-endian: the sets' element. */
void sq_put_le32(struct buf *b, uint32_t v);
uint32_t sq_get_le32(const unsigned char *p);
/* True when the set words[0..n) (gz_exact's blob) holds the hash h. */
bool sq_exact_has(const unsigned char *words, size_t n, uint32_t h);

/* Registers what the index's writers call on a new connection (words.c): gz_text(), gz_fold(),
 * gz_exact(), gz_capture() and the "gazette" tokenizer, whose capture *capture is given. */
struct sq_capture;
int sq_words_register(sqlite3 *db, fts5_api *api, struct sq_capture **capture);

#endif
