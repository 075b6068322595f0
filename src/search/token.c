/* Words of Vietnamese text for search: the one tokenizer shared by the index, queries and snippets.
 */
#include "search/token.h"

#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "vi/vi.h"

/* Code points below this use a table built once from vi_fold; Vietnamese lives far below it. */
#define TABLE_CPS 0x2000
#define FOLD_MAX 7

struct cp_entry {
	bool word;            /* a letter, digit or mark: part of a word */
	unsigned char nlower; /* bytes of the lower-case form */
	unsigned char nfold;  /* bytes of the fold; 0: take the slow path */
	char lower[4];        /* the lower-case code point, UTF-8 */
	char fold[FOLD_MAX];  /* vi_fold of the code point */
};

static struct cp_entry table[TABLE_CPS];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static bool is_word_cp(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

static bool is_mark_cp(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

static void build_table(void)
{
	struct buf f = BUF_INIT;
	for (int32_t cp = 0; cp < TABLE_CPS; cp++) {
		struct cp_entry *e = &table[cp];
		e->word = cp > 0 && is_word_cp(cp);
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(cp), enc);
		e->nlower = (unsigned char)(n > 0 ? n : 0);
		memcpy(e->lower, enc, e->nlower);
		e->nfold = 0;
		if (cp == 0 || !e->word || is_mark_cp(cp))
			continue;
		n = utf8proc_encode_char(cp, enc);
		buf_reset(&f);
		if (n <= 0 || vi_fold((const char *)enc, (size_t)n, &f) != 0 || f.len == 0 ||
		    f.len > FOLD_MAX)
			continue;
		memcpy(e->fold, f.data, f.len);
		e->nfold = (unsigned char)f.len;
	}
	buf_free(&f);
}

static void put_cp(struct buf *b, int32_t cp)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, enc);
	buf_append(b, enc, (size_t)(n > 0 ? n : 0));
}

/* Any word: compose first (decomposed input), then lower-case and fold. */
static void forms_slow(const char *w, size_t n, struct buf *exact, struct buf *fold)
{
	struct buf nfc = BUF_INIT;
	if (vi_nfc(w, n, &nfc) != 0)
		buf_append(&nfc, w, n);
	size_t i = 0;
	while (i < nfc.len) {
		int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)nfc.data + i,
						      (utf8proc_ssize_t)(nfc.len - i), &cp);
		if (k <= 0)
			break;
		put_cp(exact, utf8proc_tolower(cp));
		i += (size_t)k;
	}
	if (vi_fold(nfc.data ? nfc.data : "", nfc.len, fold) != 0)
		buf_append(fold, exact->data ? exact->data : "", exact->len);
	buf_free(&nfc);
}

/*
 * The word text[s..e) is over: its forms were written as it was read (fast), or some code point
 * needs the slow path (a combining mark, a letter beyond the table) and the word is made again.
 */
static int finish(const char *text, size_t s, size_t e, bool fast, struct buf *exact,
		  struct buf *fold, bool folds_only, search_token_fn fn, void *ctx)
{
	if (fast) {
		fold->data[fold->len] = '\0';
		if (!folds_only)
			exact->data[exact->len] = '\0';
	} else {
		buf_reset(exact);
		buf_reset(fold);
		forms_slow(text + s, e - s, exact, fold);
	}
	if (folds_only)
		exact = fold;
	if (exact->len == 0 || fold->len == 0)
		return 0;
	struct search_token t = {exact->data, exact->len, fold->data, fold->len, s, e};
	return fn(&t, ctx);
}

/* Appends the forms of one code point of a word through the table; false when it needs the slow
 * path. Room is made for the largest: 4 bytes of lower case, FOLD_MAX of fold. */
static bool put_fast(unsigned char c, int32_t cp, struct buf *exact, struct buf *fold,
		     bool folds_only)
{
	if (fold->len + FOLD_MAX + 1 > fold->cap)
		buf_grow(fold, FOLD_MAX + 1);
	if (!folds_only && exact->len + 5 > exact->cap)
		buf_grow(exact, 5);
	if (c < 0x80) {
		char l = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		if (!folds_only)
			exact->data[exact->len++] = l;
		fold->data[fold->len++] = l;
		return true;
	}
	if (cp >= TABLE_CPS || table[cp].nfold == 0)
		return false;
	const struct cp_entry *t = &table[cp];
	if (!folds_only) {
		memcpy(exact->data + exact->len, t->lower, 4);
		exact->len += t->nlower;
	}
	memcpy(fold->data + fold->len, t->fold, FOLD_MAX);
	fold->len += t->nfold;
	return true;
}

/* A valid three-byte sequence at s (lead byte 0xE0-0xEF, two bytes readable): its code point in
 * *cp; false for anything utf8proc_iterate would refuse (overlong forms, surrogates, a byte that
 * does not continue the sequence), which then takes that path. */
static inline bool utf8_3(const char *s, int32_t *cp)
{
	unsigned char c = (unsigned char)s[0], c1 = (unsigned char)s[1], c2 = (unsigned char)s[2];
	if ((c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80 || (c == 0xE0 && c1 < 0xA0) ||
	    (c == 0xED && c1 >= 0xA0))
		return false;
	*cp = (int32_t)(c & 0x0F) << 12 | (int32_t)(c1 & 0x3F) << 6 | (c2 & 0x3F);
	return true;
}

/* One pass: each code point is decoded once, tells whether it is part of a word and, through the
 * table, gives its forms (the word's forms are made as it is read). */
static int tokenize(const char *text, size_t len, bool folds_only, search_token_fn fn, void *ctx)
{
	pthread_once(&table_once, build_table);
	struct buf exact = BUF_INIT, fold = BUF_INIT;
	size_t i = 0, start = 0;
	bool in = false, fast = false;
	int rc = 0;
	while (i < len && rc == 0) {
		int32_t cp = -1;
		utf8proc_ssize_t k = 1;
		unsigned char c = (unsigned char)text[i];
		if (c < 0x80)
			cp = c;
		else if ((c & 0xE0) == 0xC0 && c >= 0xC2 && i + 1 < len &&
			 ((unsigned char)text[i + 1] & 0xC0) == 0x80) {
			cp = (int32_t)(c & 0x1F) << 6 | ((unsigned char)text[i + 1] & 0x3F);
			k = 2;
		} else if ((c & 0xF0) == 0xE0 && i + 2 < len && utf8_3(text + i, &cp)) {
			k = 3; /* most Vietnamese letters with two marks: U+1EA0-U+1EF9 */
		} else {
			k = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
					     (utf8proc_ssize_t)(len - i), &cp);
		}
		bool word;
		if (k <= 0 || cp <= 0)
			word = false;
		else if (c < 0x80)
			word = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
		else
			word = cp < TABLE_CPS ? table[cp].word : is_word_cp(cp);
		if (k <= 0)
			k = 1;
		if (word) {
			if (!in) {
				in = true;
				fast = true;
				start = i;
				exact.len = 0;
				fold.len = 0;
			}
			if (fast)
				fast = put_fast(c, cp, &exact, &fold, folds_only);
		} else if (in) {
			in = false;
			rc = finish(text, start, i, fast, &exact, &fold, folds_only, fn, ctx);
		}
		i += (size_t)k;
	}
	if (in && rc == 0)
		rc = finish(text, start, len, fast, &exact, &fold, folds_only, fn, ctx);
	buf_free(&exact);
	buf_free(&fold);
	return rc;
}

int search_tokenize(const char *text, size_t len, search_token_fn fn, void *ctx)
{
	return tokenize(text, len, false, fn, ctx);
}

int search_tokenize_folds(const char *text, size_t len, search_token_fn fn, void *ctx)
{
	return tokenize(text, len, true, fn, ctx);
}

bool search_token_marked(const struct search_token *t)
{
	return t->nexact != t->nfold || memcmp(t->exact, t->fold, t->nfold) != 0;
}
