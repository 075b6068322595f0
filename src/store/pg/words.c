/* The search words of an article made on the client: the same strings as the server's
 * gz_words(gz_fold(t)) and gz_words(gz_lower(t)) (search.c), so that PostgreSQL only has to run
 * to_tsvector on them. Folding with translate() costs the server about 3 ms of CPU per article
 * (translate looks each character up in its 134-letter list); this walk costs microseconds.
 *
 * Only text whose treatment does not depend on the server's locale is made here: ASCII, the
 * Vietnamese letters of VI_MARKED and the punctuation of VI_PUNCT (all precomposed, so NFC leaves
 * them as they are). Anything else (another script, a combining mark, a symbol) leaves the work to
 * the server, as before. pg_words_agree checks once per store that the server's functions give
 * the same strings on a probe of every character class. */
#include "store/pg/pg-int.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/vi-letters.h"

/* Limits of PostgreSQL's tsvectors (tsearch/ts_type.h) past which to_tsvector drops or clamps:
 * positions above 16383, more than 255 positions of one word, words of 2048 bytes or more. The
 * client leaves such text to the server (these are below the limits, with room). */
#define PG_POS_MAX 16000
#define PG_POSITIONS_MAX 250
#define PG_WORD_MAX 1000

/* One non-ASCII character the walk knows: a letter (its folded ASCII letter and its lower-case
 * code point) or word-separating punctuation. */
struct known {
	uint32_t cp;
	uint32_t lower; /* 0: punctuation */
	char fold;
};

#define KNOWN_MAX 160
static struct known known[KNOWN_MAX];
static size_t nknown;
static pthread_once_t known_once = PTHREAD_ONCE_INIT;

/* Decodes the UTF-8 character at *s (valid UTF-8 assumed: the tables and PostgreSQL text are) and
 * advances *s past it. */
static uint32_t next_cp(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t c = p[0];
	size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (n == 2)
		c &= 0x1f;
	else if (n == 3)
		c &= 0x0f;
	else if (n == 4)
		c &= 0x07;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return *s += i, 0xfffd;
		c = (c << 6) | (p[i] & 0x3f);
	}
	*s += n;
	return c;
}

static void put_cp(struct buf *b, uint32_t c)
{
	if (c < 0x80) {
		buf_putc(b, (char)c);
	} else if (c < 0x800) {
		buf_putc(b, (char)(0xc0 | (c >> 6)));
		buf_putc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_putc(b, (char)(0xe0 | (c >> 12)));
		buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		buf_putc(b, (char)(0xf0 | (c >> 18)));
		buf_putc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (c & 0x3f)));
	}
}

static struct known *find(uint32_t cp)
{
	size_t lo = 0, hi = nknown;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (known[mid].cp == cp)
			return &known[mid];
		if (known[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int known_cmp(const void *x, const void *y)
{
	const struct known *a = x, *b = y;
	return (a->cp > b->cp) - (a->cp < b->cp);
}

static void known_init(void)
{
	/* Every marked letter with its folded letter; lower case is itself, or VI_LOWER's twin. */
	const char *m = VI_MARKED, *f = VI_FOLDED;
	while (*m && *f && nknown < KNOWN_MAX) {
		uint32_t cp = next_cp(&m);
		known[nknown++] = (struct known){cp, cp, *f++};
	}
	qsort(known, nknown, sizeof known[0], known_cmp);
	const char *u = VI_UPPER, *l = VI_LOWER;
	while (*u && *l) {
		uint32_t up = next_cp(&u), low = next_cp(&l);
		struct known *k = find(up);
		if (k)
			k->lower = low;
	}
	size_t letters = nknown;
	for (const char *p = VI_PUNCT; *p && nknown < KNOWN_MAX;) {
		uint32_t cp = next_cp(&p);
		bool seen = false;
		for (size_t i = 0; i < letters; i++)
			seen = seen || known[i].cp == cp;
		if (!seen)
			known[nknown++] = (struct known){cp, 0, 0};
	}
	qsort(known, nknown, sizeof known[0], known_cmp);
}

/* [[:punct:][:space:]] of PostgreSQL's regular expressions, for ASCII (the same in every locale).
 */
static bool ascii_separator(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '!' && c <= '/') ||
	       (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

bool pg_words(const char *t, bool fold, struct buf *out)
{
	pthread_once(&known_once, known_init);
	bool in_sep = false;
	for (const char *p = t ? t : ""; *p;) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x80) {
			p++;
			if (ascii_separator(c)) {
				if (!in_sep)
					buf_putc(out, ' ');
				in_sep = true;
				continue;
			}
			buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
			in_sep = false;
			continue;
		}
		const struct known *k = find(next_cp(&p));
		if (!k)
			return false; /* the server decides what this character is */
		if (!k->lower) {
			if (!in_sep)
				buf_putc(out, ' ');
			in_sep = true;
			continue;
		}
		if (fold)
			buf_putc(out, k->fold);
		else
			put_cp(out, k->lower);
		in_sep = false;
	}
	return true;
}

bool pg_fold(const char *t, struct buf *out)
{
	pthread_once(&known_once, known_init);
	for (const char *p = t ? t : ""; *p;) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x80) {
			buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
			p++;
			continue;
		}
		const char *at = p;
		const struct known *k = find(next_cp(&p));
		if (!k)
			return false; /* the server decides what this character is */
		if (k->lower)
			buf_putc(out, k->fold);
		else /* punctuation: as it is */
			buf_append(out, at, (size_t)(p - at));
	}
	return true;
}

/* --- tsvectors ------------------------------------------------------------------------------- */

/* One word of an article's text, at its position in the concatenated vector; the tokens of the
 * same word are chained in order of position (next, and last on the first of them). */
struct tok {
	const char *s;
	size_t len;
	int pos;
	char weight;
	int next, last, count;
};

static uint32_t word_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Chains every token to the first one of its word; heads gets the first tokens, in order. */
static size_t group(struct tok *toks, size_t n, int *heads)
{
	size_t size = 16, nh = 0;
	while (size < 2 * n)
		size *= 2;
	int *slots = xmalloc(size * sizeof(*slots));
	memset(slots, 0xff, size * sizeof(*slots)); /* -1: empty */
	for (size_t i = 0; i < n; i++) {
		struct tok *t = &toks[i];
		size_t h = word_hash(t->s, t->len) & (size - 1);
		while (slots[h] >= 0) {
			struct tok *first = &toks[slots[h]];
			if (first->len == t->len && memcmp(first->s, t->s, t->len) == 0)
				break;
			h = (h + 1) & (size - 1);
		}
		t->next = -1;
		if (slots[h] < 0) {
			slots[h] = (int)i;
			heads[nh++] = (int)i;
			t->last = (int)i;
			t->count = 1;
		} else {
			struct tok *first = &toks[slots[h]];
			toks[first->last].next = (int)i;
			first->last = (int)i;
			first->count++;
		}
	}
	free(slots);
	return nh;
}

/* Appends sep and v in decimal (buf_printf's cost, for hundreds of numbers an article). */
static void put_num(struct buf *out, char sep, int v)
{
	char tmp[16];
	size_t k = sizeof tmp;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do {
		tmp[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--k] = '-';
	tmp[--k] = sep;
	buf_append(out, tmp + k, sizeof tmp - k);
}

/* Appends ":12A" or ",12A". */
static void put_pos(struct buf *out, char sep, int pos, char weight)
{
	put_num(out, sep, pos);
	buf_putc(out, weight);
}

/* Whether PostgreSQL's parser takes the word as one token equal to itself: letters and digits
 * (control characters, which it takes as blanks, are not), not too long to be indexed, and not a
 * number in scientific notation followed by more ("1e5x" is two tokens, "1e5" and "x"). */
static bool one_token(const char *s, size_t len)
{
	if (len > PG_WORD_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9'))
			return false;
	}
	if (s[0] >= '0' && s[0] <= '9')
		for (size_t i = 1; i + 1 < len; i++)
			if (s[i] == 'e' && s[i + 1] >= '0' && s[i + 1] <= '9')
				return false;
	return true;
}

/* The tokens of parts[0..2] as the server's gz_vector_text finds them, at positions 1, 2, ... in
 * order (their strings in words[0..2]); false when the server must make the vector. */
static bool tokens(const char *const parts[3], bool fold, struct buf words[3], struct tok **out,
		   size_t *nout)
{
	static const char weights[3] = {'A', 'B', 'D'};
	struct tok *toks = NULL;
	size_t n = 0, cap = 0;
	int pos = 0;
	bool ok = true;
	for (int i = 0; ok && i < 3; i++) {
		ok = pg_words(parts[i], fold, &words[i]);
		const char *p = buf_cstr(&words[i]);
		while (ok && *p) {
			const char *end = strchr(p, ' ');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (len > 0) {
				ok = one_token(p, len) && ++pos <= PG_POS_MAX;
				if (n == cap) {
					cap = cap ? cap * 2 : 256;
					toks = xrealloc(toks, cap * sizeof(*toks));
				}
				toks[n++] = (struct tok){p, len, pos, weights[i], -1, -1, 0};
			}
			p += len + (end ? 1 : 0);
		}
	}
	*out = toks;
	*nout = n;
	return ok;
}

/* A text's tokens (tokens()) grouped by word (group()): heads[0..nh) the first token of each. */
struct text_words {
	struct buf words[3];
	struct tok *toks;
	size_t n;
	int *heads;
	size_t nh;
};

/* Fills w (text_words_free frees it, whatever is returned); false when the server must make the
 * vector: a token it would not take as such, or a word at more positions than it keeps. */
static bool text_words(const char *const parts[3], bool fold, struct text_words *w)
{
	*w = (struct text_words){.words = {BUF_INIT, BUF_INIT, BUF_INIT}};
	bool ok = tokens(parts, fold, w->words, &w->toks, &w->n);
	w->heads = ok && w->n > 0 ? xmalloc(w->n * sizeof(*w->heads)) : NULL;
	w->nh = w->heads ? group(w->toks, w->n, w->heads) : 0;
	for (size_t h = 0; ok && h < w->nh; h++)
		ok = w->toks[w->heads[h]].count <= PG_POSITIONS_MAX;
	return ok;
}

static void text_words_free(struct text_words *w)
{
	free(w->heads);
	free(w->toks);
	for (int i = 0; i < 3; i++)
		buf_free(&w->words[i]);
}

/* Appends w's tsvector: 'word':1A,7D 'other':2A ... in order of first use (the server sorts
 * them; words hold no quote or backslash to escape). */
static void put_vector(const struct text_words *w, struct buf *out)
{
	for (size_t h = 0; h < w->nh; h++) {
		const struct tok *first = &w->toks[w->heads[h]];
		buf_puts(out, h ? " '" : "'");
		buf_append(out, first->s, first->len);
		buf_putc(out, '\'');
		for (int k = w->heads[h]; k >= 0; k = w->toks[k].next)
			put_pos(out, k == w->heads[h] ? ':' : ',', w->toks[k].pos,
				w->toks[k].weight);
	}
}

/* The first two bytes of the SHA-256 of "a b": the number of the pair's key. */
static unsigned pair_hash(const char *a, size_t na, const char *b, size_t nb)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)a, na);
	crypto_hash_sha256_update(&st, (const unsigned char *)" ", 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)b, nb);
	crypto_hash_sha256_final(&st, h);
	return (unsigned)h[0] << 8 | h[1];
}

int pg_pair_key(const char *a, size_t na, const char *b, size_t nb)
{
	return (int)pair_hash(a, na, b, nb) - 32768;
}

/* The keys of w's pairs of adjacent words: a bit per key (key + 32768). */
struct pair_set {
	uint64_t bit[65536 / 64];
};

static void pair_set(const struct text_words *w, struct pair_set *set)
{
	memset(set, 0, sizeof(*set));
	for (size_t k = 1; k < w->n; k++) {
		const struct tok *x = &w->toks[k - 1], *y = &w->toks[k];
		unsigned v = pair_hash(x->s, x->len, y->s, y->len);
		set->bit[v / 64] |= (uint64_t)1 << (v % 64);
	}
}

/* Appends the keys of set, each once, in ascending order, as an int2[] literal:
 * {-32701,-5,417,...} ('{}' for none). */
static void put_pairs(const struct pair_set *set, struct buf *out)
{
	char sep = '{';
	for (unsigned i = 0; i < 65536 / 64; i++)
		for (uint64_t m = set->bit[i]; m; m &= m - 1, sep = ',')
			put_num(out, sep, (int)(i * 64 + (unsigned)__builtin_ctzll(m)) - 32768);
	if (sep == '{')
		buf_putc(out, '{');
	buf_putc(out, '}');
}

/* Appends the keys of set in a batch's binary form: their number, then each (ascending) as an
 * element of a binary int2[] (its length, 2, then its two bytes). */
static void put_pairs_bin(const struct pair_set *set, struct buf *out)
{
	size_t at = out->len;
	uint32_t n = 0;
	pg_put32(out, 0);
	for (unsigned i = 0; i < 65536 / 64; i++)
		for (uint64_t m = set->bit[i]; m; m &= m - 1, n++) {
			pg_put32(out, 2);
			/* key + 32768 is the key's two bytes in two's complement with the sign bit
			 * flipped */
			pg_put16(out, (i * 64 + (unsigned)__builtin_ctzll(m)) ^ 0x8000u);
		}
	pg_patch32(out, at, n);
}

/* The first token of a word, for sorting the words. */
struct head {
	const char *s;
	size_t len;
	int tok;
};

/* tsvectorrecv's order of words (tsCompareString): their bytes, then the shorter first. */
static int head_cmp(const void *x, const void *y)
{
	const struct head *a = x, *b = y;
	int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Appends w's vector as an element of a binary tsvector[]: its length, then tsvectorrecv's
 * format: the number of words; each word, sorted, NUL-terminated, then how many positions it
 * has and each (ascending), its weight in the two high bits (A 3, B 2, C 1, D 0). The server
 * takes it as it is: no sorting or parsing there. */
static void put_vector_bin(const struct text_words *w, struct buf *out)
{
	struct head *h = xmalloc((w->nh ? w->nh : 1) * sizeof(*h));
	for (size_t i = 0; i < w->nh; i++) {
		const struct tok *t = &w->toks[w->heads[i]];
		h[i] = (struct head){t->s, t->len, w->heads[i]};
	}
	qsort(h, w->nh, sizeof(*h), head_cmp);
	size_t at = out->len;
	pg_put32(out, 0);
	pg_put32(out, (uint32_t)w->nh);
	for (size_t i = 0; i < w->nh; i++) {
		buf_append(out, h[i].s, h[i].len);
		buf_putc(out, '\0');
		pg_put16(out, (unsigned)w->toks[h[i].tok].count);
		for (int k = h[i].tok; k >= 0; k = w->toks[k].next)
			pg_put16(out, (unsigned)(3 - (w->toks[k].weight - 'A')) << 14 |
					  (unsigned)w->toks[k].pos);
	}
	pg_patch32(out, at, (uint32_t)(out->len - at - 4));
	free(h);
}

bool pg_vector(const char *const parts[3], bool fold, struct buf *out)
{
	struct text_words w;
	bool ok = text_words(parts, fold, &w);
	if (ok)
		put_vector(&w, out);
	text_words_free(&w);
	return ok;
}

bool pg_vector_pairs(const char *const parts[3], struct buf *out)
{
	struct text_words w; /* past its limits the server makes the vector */
	bool ok = text_words(parts, true, &w);
	if (ok) {
		struct pair_set set;
		pair_set(&w, &set);
		put_pairs(&set, out);
	}
	text_words_free(&w);
	return ok;
}

bool pg_article_words(const char *const parts[3], struct buf out[STORE_WORDS])
{
	for (int i = 0; i < STORE_WORDS; i++)
		buf_reset(&out[i]);
	struct text_words f, e; /* each grouped once, for every form */
	bool ok = text_words(parts, true, &f);
	ok = text_words(parts, false, &e) && ok;
	if (ok) {
		struct pair_set set;
		pair_set(&f, &set);
		put_vector(&f, &out[PG_WORDS_FOLD]);
		put_vector(&e, &out[PG_WORDS_EXACT]);
		put_pairs(&set, &out[PG_WORDS_PAIRS]);
		put_vector_bin(&f, &out[PG_WORDS_BATCH]);
		put_vector_bin(&e, &out[PG_WORDS_BATCH]);
		put_pairs_bin(&set, &out[PG_WORDS_BATCH]);
	}
	text_words_free(&f);
	text_words_free(&e);
	return ok;
}

/* Every ASCII character but NUL, every letter and mark of the tables, in both cases, with runs of
 * separators between them. */
static void probe_text(struct buf *b)
{
	for (int c = 1; c < 0x80; c++) {
		buf_putc(b, (char)c);
		if (c % 7 == 0)
			buf_puts(b, "Ab");
	}
	buf_puts(b, " " VI_MARKED " " VI_UPPER " x" VI_PUNCT "y " VI_LOWER " –Đà…Nẵng—\"Ý\"  ");
}

/* Runs a command without looking at its result. */
static void run(PGconn *db, const char *sql)
{
	PQclear(PQexec(db, sql));
}

/* A title, lead and body with every letter, words repeated across the parts, numbers. */
static const char *const probe_parts[3] = {
    "Hội nghị TỔNG KẾT năm 2024: Đà Nẵng, Hưng Yên (x2)",
    "Ngày 15/3/2024, UBND tỉnh – “đẩy mạnh” chuyển đổi số; năm 2024 ĐÀ NẴNG…",
    VI_UPPER " " VI_LOWER " abc ABC a1b2 2024 a1e5 e5 v2 xã xa xả xá xạ xã đường ĐƯỜNG duong 0"};

bool pg_words_agree(PGconn *db)
{
	struct buf probe = BUF_INIT, f = BUF_INIT, e = BUF_INIT, t = BUF_INIT,
		   v[STORE_WORDS] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
	probe_text(&probe);
	bool ok = pg_words(buf_cstr(&probe), true, &f) && pg_words(buf_cstr(&probe), false, &e) &&
		  pg_fold(buf_cstr(&probe), &t) && pg_article_words(probe_parts, v);
	/* Inside the caller's transaction a failure here must not abort it. */
	bool in_tx = PQtransactionStatus(db) == PQTRANS_INTRANS;
	if (in_tx)
		run(db, "SAVEPOINT gz_probe");
	const char *params[7] = {buf_cstr(&probe), probe_parts[0],  probe_parts[1], probe_parts[2],
				 buf_cstr(&v[0]),  buf_cstr(&v[1]), buf_cstr(&v[2])};
	PGresult *r = ok ? PQexecParams(db,
					"SELECT gz_words(gz_fold($1)), gz_words(gz_lower($1)), "
					"gz_vector_text($2, $3, $4, true) = $5::tsvector AND "
					"gz_vector_text($2, $3, $4, false) = $6::tsvector AND "
					"gz_pairs($5::tsvector) = $7::int2[], gz_fold($1)",
					7, NULL, params, NULL, NULL, 0)
			 : NULL;
	ok = ok && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
	     strcmp(PQgetvalue(r, 0, 0), buf_cstr(&f)) == 0 &&
	     strcmp(PQgetvalue(r, 0, 1), buf_cstr(&e)) == 0 && PQgetvalue(r, 0, 2)[0] == 't' &&
	     strcmp(PQgetvalue(r, 0, 3), buf_cstr(&t)) == 0;
	PQclear(r);
	if (in_tx)
		run(db, "ROLLBACK TO SAVEPOINT gz_probe; RELEASE SAVEPOINT gz_probe");
	buf_free(&probe);
	buf_free(&f);
	buf_free(&e);
	buf_free(&t);
	for (int i = 0; i < STORE_WORDS; i++)
		buf_free(&v[i]);
	return ok;
}

bool pg_words_ready(struct pg_conn *c)
{
	int w = atomic_load(&c->store->words);
	if (w == 0) {
		w = pg_words_agree(c->db) ? 1 : -1;
		atomic_store(&c->store->words, w);
	}
	return w > 0;
}

/* Replaces every from in in (left to right, as replace() does) with to, into out. */
static void replace_all(const struct buf *in, const char *from, char to, struct buf *out)
{
	size_t n = strlen(from);
	const char *p = buf_cstr(in), *hit;
	buf_reset(out);
	while ((hit = strstr(p, from)) != NULL) {
		buf_append(out, p, (size_t)(hit - p));
		buf_putc(out, to);
		p = hit + n;
	}
	buf_puts(out, p);
}

void pg_html_text(const char *html, struct buf *out)
{
	/* regexp_replace(html, '<[^>]*>', ' ', 'g'): a '<' with a '>' after it, up to that '>'. */
	struct buf a = BUF_INIT, b = BUF_INIT;
	bool any_close = true; /* false once no '>' is left: the rest is copied as it is */
	for (const char *p = html ? html : ""; *p;) {
		const char *close = *p == '<' && any_close ? strchr(p + 1, '>') : NULL;
		any_close = any_close && (*p != '<' || close);
		if (close) {
			buf_putc(&a, ' ');
			p = close + 1;
		} else {
			buf_putc(&a, *p++);
		}
	}
	static const struct {
		const char *from;
		char to;
	} entities[] = {{"&lt;", '<'},   {"&gt;", '>'},   {"&quot;", '"'},
			{"&#39;", '\''}, {"&nbsp;", ' '}, {"&amp;", '&'}};
	for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
		replace_all(i % 2 ? &b : &a, entities[i].from, entities[i].to, i % 2 ? &a : &b);
	}
	buf_append(out, a.data ? a.data : "", a.len);
	buf_free(&a);
	buf_free(&b);
}
