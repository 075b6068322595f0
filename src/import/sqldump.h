/* A streaming reader of mysqldump output: CREATE TABLE columns and INSERT rows, no MySQL needed. */
#ifndef GZ_IMPORT_SQLDUMP_H
#define GZ_IMPORT_SQLDUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"

/* One row of an INSERT. vals[i] is NUL-terminated (a string may hold NUL bytes: lens[i] counts
 * them); null[i] is true for SQL NULL. cols names the columns (from the INSERT's own list or the
 * table's CREATE TABLE), or is NULL when neither was seen. */
struct sqld_row {
	const char *table;
	const char *const *cols;
	const char *const *vals;
	const size_t *lens;
	const bool *null;
	size_t n;
	long line;
};

/*
 * What the reader calls. Callbacks may be NULL; a non-zero return stops the reading with the
 * reason the callback wrote into err (the reader prefixes "LABEL:LINE: "). want, when set, is
 * asked once per table whether its rows matter: rows of unwanted tables are parsed but not
 * handed over.
 */
struct sqld_handler {
	void *ctx;
	bool (*want)(void *ctx, const char *table);
	int (*table)(void *ctx, const char *table, const char *const *cols, size_t n,
		     struct buf *err);
	int (*row)(void *ctx, const struct sqld_row *r, struct buf *err);
};

/*
 * Reads statements from f (or data[0..len) when f is NULL) one at a time: CREATE TABLE gives the
 * columns, INSERT [IGNORE] / REPLACE INTO … VALUES (…),(…); gives rows, with MySQL's string
 * escapes (\0 \' \" \b \n \r \t \Z \\ \% \_ and ''), NULL, numbers, 0x hex and _binary/_utf8mb4
 * prefixes; comments (-- , #, / * … * /) and every other statement are skipped. Memory is bounded
 * by the largest single value and the columns of one row. Returns 0, or -1 with "LABEL:LINE:
 * reason" in err (unterminated string or statement, malformed VALUES, a row whose number of values
 * differs from its columns, a value over 256 MB).
 */
int sqld_read(FILE *f, const char *data, size_t len, const char *label,
	      const struct sqld_handler *h, struct buf *err);

#endif
