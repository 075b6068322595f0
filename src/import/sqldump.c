/* mysqldump reader: a character stream tokenised statement by statement; rows handed over one by
 * one.
 */
#include "import/sqldump.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hex.h"

#define SQLD_COLS_MAX 4096
#define SQLD_VALUE_MAX (256u << 20)
#define SQLD_NAME_MAX 256
#define SQLD_TABLES_MAX 4096

struct table_cols {
	char *name;
	char **cols;
	size_t n;
	int wanted; /* -1 unknown, 0, 1 */
};

struct rd {
	FILE *f;
	const char *d;
	size_t len, pos;
	long line;
	int back[4];
	int nback;
	const char *label;
	const struct sqld_handler *h;
	struct buf *err;
	bool failed;
	struct table_cols *tables;
	size_t ntables;
	/* the row being read */
	struct buf *vals;
	size_t *lens;
	bool *null;
	const char **ptrs;
	size_t cap;
};

static int get(struct rd *r)
{
	int c;
	if (r->nback)
		c = r->back[--r->nback];
	else if (r->f)
		c = getc(r->f);
	else
		c = r->pos < r->len ? (unsigned char)r->d[r->pos++] : EOF;
	if (c == '\n')
		r->line++;
	return c;
}

static void unget(struct rd *r, int c)
{
	if (c == EOF)
		return;
	if (c == '\n')
		r->line--;
	if (r->nback < 4)
		r->back[r->nback++] = c;
}

static int peek(struct rd *r)
{
	int c = get(r);
	unget(r, c);
	return c;
}

static int fail(struct rd *r, const char *fmt, const char *arg)
{
	if (!r->failed) {
		buf_reset(r->err);
		buf_printf(r->err, "%s:%ld: ", r->label, r->line);
		buf_printf(r->err, fmt, arg ? arg : "");
		r->failed = true;
	}
	return -1;
}

/* Skips to the end of the line. */
static void skip_line(struct rd *r)
{
	int c;
	while ((c = get(r)) != EOF && c != '\n')
		;
}

/* Skips whitespace and comments; returns -1 for an unterminated comment. */
static int skip_space(struct rd *r)
{
	for (;;) {
		int c = get(r);
		if (c == EOF)
			return 0;
		if (isspace(c))
			continue;
		if (c == '#') {
			skip_line(r);
			continue;
		}
		int d = get(r);
		if (c == '-' && d == '-') {
			skip_line(r);
			continue;
		}
		if (c == '/' && d == '*') {
			int prev = 0;
			while ((c = get(r)) != EOF && !(prev == '*' && c == '/'))
				prev = c;
			if (c == EOF)
				return fail(r, "unterminated comment%s", NULL);
			continue;
		}
		unget(r, d);
		unget(r, c);
		return 0;
	}
}

/* Reads a bare word (letters, digits, '_', '$') into out, upper-cased when upper. */
static void read_word(struct rd *r, char *out, size_t cap, bool upper)
{
	size_t n = 0;
	int c;
	while ((c = get(r)) != EOF && (isalnum(c) || c == '_' || c == '$')) {
		if (n + 1 < cap)
			out[n++] = (char)(upper ? toupper(c) : c);
	}
	unget(r, c);
	out[n] = '\0';
}

/* Reads a name: `quoted` (`` escapes a backtick), "quoted" or bare; db.table keeps the last. */
static int read_name(struct rd *r, char *out, size_t cap)
{
	for (;;) {
		if (skip_space(r) != 0)
			return -1;
		int c = get(r);
		if (c == '`' || c == '"') {
			size_t n = 0;
			int q = c;
			for (;;) {
				c = get(r);
				if (c == EOF)
					return fail(r, "unterminated name%s", NULL);
				if (c == q && peek(r) == q)
					get(r);
				else if (c == q)
					break;
				if (n + 1 < cap)
					out[n++] = (char)c;
			}
			out[n] = '\0';
		} else if (c != EOF && (isalnum(c) || c == '_')) {
			unget(r, c);
			read_word(r, out, cap, false);
		} else {
			return fail(r, "expected a name%s", NULL);
		}
		if (peek(r) != '.')
			return 0;
		get(r);
	}
}

/* Skips a quoted string whose opening quote q was read. */
static int skip_quoted(struct rd *r, int q)
{
	int c;
	while ((c = get(r)) != EOF) {
		if (c == '\\' && q != '`')
			c = get(r);
		else if (c == q && peek(r) == q)
			get(r);
		else if (c == q)
			return 0;
	}
	return fail(r, "unterminated string%s", NULL);
}

/* Skips to the end of the statement (';' outside quotes and comments). */
static int skip_statement(struct rd *r)
{
	for (;;) {
		if (skip_space(r) != 0)
			return -1;
		int c = get(r);
		if (c == EOF || c == ';')
			return 0;
		if ((c == '\'' || c == '"' || c == '`') && skip_quoted(r, c) != 0)
			return -1;
	}
}

/* ---- Tables ---- */

static struct table_cols *table_find(struct rd *r, const char *name)
{
	for (size_t i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i].name, name) == 0)
			return &r->tables[i];
	return NULL;
}

static struct table_cols *table_add(struct rd *r, const char *name)
{
	struct table_cols *t = table_find(r, name);
	if (t) {
		for (size_t i = 0; i < t->n; i++)
			free(t->cols[i]);
		t->n = 0;
		return t;
	}
	if (r->ntables >= SQLD_TABLES_MAX)
		return NULL;
	r->tables = xrealloc(r->tables, (r->ntables + 1) * sizeof *r->tables);
	t = &r->tables[r->ntables++];
	memset(t, 0, sizeof *t);
	t->name = xstrdup(name);
	t->wanted = -1;
	return t;
}

static bool wanted(struct rd *r, struct table_cols *t, const char *name)
{
	if (!r->h->want)
		return true;
	if (t && t->wanted >= 0)
		return t->wanted;
	bool w = r->h->want(r->h->ctx, name);
	if (t)
		t->wanted = w;
	return w;
}

static bool is_key_word(const char *w)
{
	static const char *const keys[] = {"PRIMARY",  "KEY",     "UNIQUE",  "INDEX", "CONSTRAINT",
					   "FULLTEXT", "SPATIAL", "FOREIGN", "CHECK", "PERIOD"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcasecmp(w, keys[i]) == 0)
			return true;
	return false;
}

/* Skips the rest of a column or key definition up to ',' or the closing ')'; returns the char. */
static int skip_definition(struct rd *r)
{
	int depth = 0;
	for (;;) {
		if (skip_space(r) != 0)
			return -1;
		int c = get(r);
		if (c == EOF)
			return fail(r, "unterminated CREATE TABLE%s", NULL);
		if ((c == '\'' || c == '"' || c == '`') && skip_quoted(r, c) != 0)
			return -1;
		if (c == '(')
			depth++;
		else if (c == ')' && depth-- == 0)
			return ')';
		else if (c == ',' && depth == 0)
			return ',';
	}
}

static int create_table(struct rd *r)
{
	char name[SQLD_NAME_MAX], word[SQLD_NAME_MAX];
	if (skip_space(r) != 0)
		return -1;
	read_word(r, word, sizeof word, true);
	if (strcmp(word, "TABLE") != 0)
		return skip_statement(r); /* CREATE DATABASE, VIEW, ... */
	skip_space(r);
	if (toupper(peek(r)) == 'I') { /* IF NOT EXISTS */
		for (int i = 0; i < 3; i++) {
			skip_space(r);
			read_word(r, word, sizeof word, true);
		}
	}
	if (read_name(r, name, sizeof name) != 0)
		return -1;
	skip_space(r);
	if (get(r) != '(')
		return skip_statement(r); /* CREATE TABLE ... LIKE / AS SELECT */
	struct table_cols *t = table_add(r, name);
	if (!t)
		return fail(r, "too many tables%s", NULL);
	for (;;) {
		skip_space(r);
		int c = peek(r);
		if (c == '`' || c == '"' || isalpha(c) || c == '_') {
			if (read_name(r, word, sizeof word) != 0)
				return -1;
			if ((c == '`' || c == '"' || !is_key_word(word)) && t->n < SQLD_COLS_MAX) {
				t->cols = xrealloc(t->cols, (t->n + 1) * sizeof *t->cols);
				t->cols[t->n++] = xstrdup(word);
			}
		}
		c = skip_definition(r);
		if (c < 0)
			return -1;
		if (c == ')')
			break;
	}
	if (r->h->table && wanted(r, t, name)) {
		buf_reset(r->err);
		if (r->h->table(r->h->ctx, name, (const char *const *)t->cols, t->n, r->err) != 0) {
			struct buf why = BUF_INIT;
			buf_puts(&why, buf_cstr(r->err));
			r->err->len = 0;
			fail(r, "%s", buf_cstr(&why));
			buf_free(&why);
			return -1;
		}
	}
	return skip_statement(r);
}

/* ---- Values ---- */

static void row_reserve(struct rd *r, size_t n)
{
	if (n < r->cap)
		return;
	size_t cap = r->cap ? r->cap * 2 : 32;
	while (cap <= n)
		cap *= 2;
	r->vals = xrealloc(r->vals, cap * sizeof *r->vals);
	memset(r->vals + r->cap, 0, (cap - r->cap) * sizeof *r->vals);
	r->lens = xrealloc(r->lens, cap * sizeof *r->lens);
	r->null = xrealloc(r->null, cap * sizeof *r->null);
	r->ptrs = xrealloc(r->ptrs, cap * sizeof *r->ptrs);
	r->cap = cap;
}

static int unescape(int c)
{
	switch (c) {
	case '0':
		return '\0';
	case 'b':
		return '\b';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	case 'Z':
		return 0x1A;
	default:
		return c; /* \' \" \\ and \% \_ (kept with their backslash by MySQL: rare in dumps)
			   */
	}
}

static int read_string(struct rd *r, int q, struct buf *out)
{
	int c;
	while ((c = get(r)) != EOF) {
		if (c == '\\') {
			c = get(r);
			if (c == EOF)
				break;
			if (c == '%' || c == '_')
				buf_putc(out, '\\');
			c = unescape(c);
		} else if (c == q) {
			if (peek(r) != q)
				return 0;
			get(r);
		}
		if (out->len >= SQLD_VALUE_MAX)
			return fail(r, "a value is over 256 MB%s", NULL);
		buf_putc(out, (char)c);
	}
	return fail(r, "unterminated string%s", NULL);
}

static int read_hex(struct rd *r, struct buf *out, int end)
{
	for (;;) {
		int a = get(r);
		if (a == end && end)
			return 0;
		if (hex_digit(a) < 0) {
			unget(r, a);
			return end ? fail(r, "malformed hex string%s", NULL) : 0;
		}
		int b = get(r);
		if (hex_digit(b) < 0)
			return fail(r, "odd number of hex digits%s", NULL);
		buf_putc(out, (char)(hex_digit(a) * 16 + hex_digit(b)));
		if (out->len >= SQLD_VALUE_MAX)
			return fail(r, "a value is over 256 MB%s", NULL);
	}
}

/* Reads one value into out; sets *null. */
static int read_value(struct rd *r, struct buf *out, bool *null)
{
	*null = false;
	if (skip_space(r) != 0)
		return -1;
	int c = get(r);
	if (c == '_') { /* _binary 'x', _utf8mb4'x' */
		char w[64];
		read_word(r, w, sizeof w, false);
		skip_space(r);
		c = get(r);
	}
	if (c == '\'' || c == '"')
		return read_string(r, c, out);
	if ((c == 'x' || c == 'X') && peek(r) == '\'') {
		get(r);
		return read_hex(r, out, '\'');
	}
	if (c == '0' && (peek(r) == 'x' || peek(r) == 'X')) {
		get(r);
		return read_hex(r, out, 0);
	}
	if (c == 'N' || c == 'n') {
		char w[8];
		unget(r, c);
		read_word(r, w, sizeof w, true);
		if (strcmp(w, "NULL") != 0)
			return fail(r, "unexpected word in VALUES%s", NULL);
		*null = true;
		return 0;
	}
	if (isdigit(c) || c == '-' || c == '+' || c == '.') {
		do
			buf_putc(out, (char)c);
		while ((c = get(r)) != EOF && (isalnum(c) || c == '.' || c == '-' || c == '+') &&
		       out->len < 64);
		unget(r, c);
		return 0;
	}
	return fail(r, "malformed value in VALUES%s", NULL);
}

/* Reads "(v, v, ...)" after its '(' and hands the row over. */
static int read_tuple(struct rd *r, const char *table, const char *const *cols, size_t ncols,
		      bool give)
{
	size_t n = 0;
	long line = r->line;
	for (;;) {
		if (n >= SQLD_COLS_MAX)
			return fail(r, "a row has too many values%s", NULL);
		row_reserve(r, n);
		buf_reset(&r->vals[n]);
		if (read_value(r, &r->vals[n], &r->null[n]) != 0)
			return -1;
		buf_putc(&r->vals[n], '\0'); /* a terminator even for "" */
		r->lens[n] = r->vals[n].len - 1;
		r->ptrs[n] = r->vals[n].data;
		n++;
		skip_space(r);
		int c = get(r);
		if (c == ')')
			break;
		if (c != ',')
			return fail(r, "expected ',' or ')' in VALUES%s", NULL);
	}
	if (cols && n != ncols) {
		char msg[96];
		snprintf(msg, sizeof msg, "a row of `%%s` has %zu values for %zu columns", n,
			 ncols);
		return fail(r, msg, table);
	}
	if (!give || !r->h->row)
		return 0;
	struct sqld_row row = {table, cols, r->ptrs, r->lens, r->null, n, line};
	buf_reset(r->err);
	if (r->h->row(r->h->ctx, &row, r->err) != 0) {
		struct buf why = BUF_INIT;
		buf_puts(&why, buf_cstr(r->err));
		r->line = line;
		fail(r, "%s", buf_cstr(&why));
		buf_free(&why);
		return -1;
	}
	return 0;
}

/* An explicit column list "(`a`, `b`)" after the table name. */
static int column_list(struct rd *r, char ***cols, size_t *n)
{
	char name[SQLD_NAME_MAX];
	get(r); /* '(' */
	for (;;) {
		if (read_name(r, name, sizeof name) != 0)
			return -1;
		if (*n < SQLD_COLS_MAX) {
			*cols = xrealloc(*cols, (*n + 1) * sizeof **cols);
			(*cols)[(*n)++] = xstrdup(name);
		}
		skip_space(r);
		int c = get(r);
		if (c == ')')
			return 0;
		if (c != ',')
			return fail(r, "malformed column list%s", NULL);
	}
}

static int insert_rows(struct rd *r)
{
	char name[SQLD_NAME_MAX], word[32];
	do {
		skip_space(r);
		read_word(r, word, sizeof word, true);
	} while (strcmp(word, "INTO") != 0 && word[0]); /* IGNORE, LOW_PRIORITY, ... */
	if (!word[0])
		return fail(r, "expected INTO%s", NULL);
	if (read_name(r, name, sizeof name) != 0)
		return -1;
	char **own = NULL;
	size_t nown = 0;
	int rc = 0;
	skip_space(r);
	if (peek(r) == '(' && column_list(r, &own, &nown) != 0)
		rc = -1;
	struct table_cols *t = table_find(r, name);
	const char *const *cols = own ? (const char *const *)own
				  : t ? (const char *const *)t->cols
				      : NULL;
	size_t ncols = own ? nown : t ? t->n : 0;
	bool give = rc == 0 && wanted(r, t, name);
	if (rc == 0) {
		skip_space(r);
		read_word(r, word, sizeof word, true);
		if (strcmp(word, "VALUES") != 0 && strcmp(word, "VALUE") != 0)
			rc = strcmp(word, "SELECT") == 0 || strcmp(word, "SET") == 0
				 ? skip_statement(r)
				 : fail(r, "expected VALUES%s", NULL);
		else
			for (;;) {
				skip_space(r);
				if (get(r) != '(') {
					rc = fail(r, "expected '(' in VALUES%s", NULL);
					break;
				}
				if ((rc = read_tuple(r, name, cols, ncols, give)) != 0)
					break;
				skip_space(r);
				int c = get(r);
				if (c == ';' || c == EOF)
					break;
				if (c != ',') {
					unget(r, c);
					rc = skip_statement(r); /* ON DUPLICATE KEY UPDATE ... */
					break;
				}
			}
	}
	for (size_t i = 0; i < nown; i++)
		free(own[i]);
	free(own);
	return rc;
}

static int statement(struct rd *r)
{
	char word[32];
	read_word(r, word, sizeof word, true);
	if (!word[0]) {
		int c = get(r);
		if (c == ';')
			return 0;
		if ((c == '\'' || c == '"' || c == '`') && skip_quoted(r, c) != 0)
			return -1;
		return skip_statement(r);
	}
	if (strcmp(word, "CREATE") == 0)
		return create_table(r);
	if (strcmp(word, "INSERT") == 0 || strcmp(word, "REPLACE") == 0)
		return insert_rows(r);
	return skip_statement(r);
}

int sqld_read(FILE *f, const char *data, size_t len, const char *label,
	      const struct sqld_handler *h, struct buf *err)
{
	struct rd r = {
	    .f = f, .d = data, .len = len, .line = 1, .label = label, .h = h, .err = err};
	int rc = 0;
	while (rc == 0) {
		if ((rc = skip_space(&r)) != 0 || peek(&r) == EOF)
			break;
		rc = statement(&r);
	}
	if (rc == 0 && f && ferror(f))
		rc = fail(&r, "read error%s", NULL);
	for (size_t i = 0; i < r.ntables; i++) {
		for (size_t j = 0; j < r.tables[i].n; j++)
			free(r.tables[i].cols[j]);
		free(r.tables[i].cols);
		free(r.tables[i].name);
	}
	free(r.tables);
	for (size_t i = 0; i < r.cap; i++)
		buf_free(&r.vals[i]);
	free(r.vals);
	free(r.lens);
	free(r.null);
	free(r.ptrs);
	return rc;
}
