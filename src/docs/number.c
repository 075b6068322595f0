/* Numbers and symbols of legal documents: cleaning, and queries that look like one. */
#include "docs/number.h"

#include <string.h>
#include <utf8proc.h>

#include "search/token.h"
#include "vi/vi.h"

static bool joiner(int32_t c)
{
	return c == '/' || c == '-' || c == '.';
}

static bool word_cp(int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);
	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
	       k == UTF8PROC_CATEGORY_ND || c == '_';
}

/* Appends the cleaned form of valid NFC s to out; -1 on a character not allowed. */
static int clean_nfc(const char *s, size_t len, struct buf *out)
{
	size_t i = 0;
	bool space = false; /* a space is pending, to be written before the next word character */
	while (i < len) {
		int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0)
			return -1;
		i += (size_t)n;
		if (c == ' ' || c == '\t' || c == 0xA0) {
			space = true;
			continue;
		}
		if (!joiner(c) && !word_cp(c))
			return -1;
		bool at_joiner = out->len > 0 && joiner((unsigned char)out->data[out->len - 1]);
		if (space && out->len > 0 && !joiner(c) && !at_joiner)
			buf_putc(out, ' ');
		space = false;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(c), enc);
		buf_append(out, enc, (size_t)m);
	}
	return 0;
}

static bool has_word(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!joiner((unsigned char)s[i]) && s[i] != ' ')
			return true;
	return false;
}

int doc_number_clean(const char *raw, size_t len, struct buf *out, const char **msg)
{
	const char *why = NULL;
	struct buf nfc = BUF_INIT, clean = BUF_INIT;
	if (vi_nfc(raw, len, &nfc) != 0)
		why = "Số ký hiệu không phải văn bản UTF-8 hợp lệ.";
	else if (clean_nfc(buf_cstr(&nfc), nfc.len, &clean) != 0)
		why = "Số ký hiệu chỉ gồm chữ, chữ số và các dấu / - . _";
	else if (!has_word(buf_cstr(&clean), clean.len))
		why = "Số ký hiệu không được để trống.";
	else if (clean.len > DOC_NUMBER_MAX)
		why = "Số ký hiệu dài quá 64 byte.";
	if (!why)
		buf_append(out, clean.data, clean.len);
	buf_free(&nfc);
	buf_free(&clean);
	if (msg)
		*msg = why;
	return why ? -1 : 0;
}

bool doc_number_like(const char *q, size_t len)
{
	while (len > 0 && (q[0] == ' ' || q[0] == '\t'))
		q++, len--;
	while (len > 0 && (q[len - 1] == ' ' || q[len - 1] == '\t'))
		len--;
	bool digit = false, joined = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)q[i];
		if (c == ' ' || c == '\t' || c == '"')
			return false;
		if (c >= '0' && c <= '9')
			digit = true;
		if ((c == '/' || c == '-') && i > 0 && i + 1 < len &&
		    !joiner((unsigned char)q[i - 1]) && !joiner((unsigned char)q[i + 1]))
			joined = true;
	}
	return len > 0 && len <= 4 * DOC_NUMBER_MAX && (digit || joined);
}

struct phrase {
	struct arena *a;
	const char *exact[SEARCH_TERM_WORDS_MAX], *fold[SEARCH_TERM_WORDS_MAX];
	size_t n;
	bool marked, over;
};

static int add_word(const struct search_token *t, void *ctx)
{
	struct phrase *p = ctx;
	if (p->n == SEARCH_TERM_WORDS_MAX) {
		p->over = true;
		return 1;
	}
	p->exact[p->n] = arena_strndup(p->a, t->exact, t->nexact);
	p->fold[p->n] = arena_strndup(p->a, t->fold, t->nfold);
	p->marked |= search_token_marked(t);
	p->n++;
	return 0;
}

int doc_number_phrase(struct arena *a, const char *q, size_t len, struct search_term *out)
{
	struct phrase p = {.a = a};
	search_tokenize(q, len, add_word, &p);
	if (p.over || p.n == 0)
		return -1;
	out->n = p.n;
	out->exact = arena_alloc(a, p.n * sizeof(*out->exact));
	out->fold = arena_alloc(a, p.n * sizeof(*out->fold));
	memcpy(out->exact, p.exact, p.n * sizeof(*out->exact));
	memcpy(out->fold, p.fold, p.n * sizeof(*out->fold));
	out->marked = p.marked;
	out->quoted = true;
	out->joined = false;
	return 0;
}
