/* Legacy Vietnamese encodings: TCVN3 (VN3) and VNI text read as Windows-1252, detected and
 * repaired.
 */
#include "vi/legacy.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "vi/vi.h"

/*
 * Text is handled as units: one character of a reading of the field. A unit is a Vietnamese vowel
 * (v 0..11 in the order below, with a tone 0..5), đ (v VI_DD), or any other character (v -1).
 */
enum { V_A, V_AW, V_AA, V_E, V_EE, V_I, V_O, V_OO, V_OW, V_U, V_UW, V_Y, VI_DD, V_MAX };
enum { T_NONE, T_HUYEN, T_HOI, T_NGA, T_SAC, T_NANG, T_MAX };

struct unit {
	uint32_t cp;  /* the character when v < 0 */
	int8_t v;     /* V_* or -1 */
	int8_t tone;  /* T_* */
	bool upper;   /* capital letter */
	bool high;    /* came from a byte >= 0x80 (or a non-ASCII character) */
	bool letter;  /* part of a word */
	bool foreign; /* a letter that Vietnamese does not use */
};

/* Rows: v; columns: tone (none, huyền, hỏi, ngã, sắc, nặng). */
static const char *const letters_lower[12] = {
    "a à ả ã á ạ", "ă ằ ẳ ẵ ắ ặ", "â ầ ẩ ẫ ấ ậ", "e è ẻ ẽ é ẹ", "ê ề ể ễ ế ệ", "i ì ỉ ĩ í ị",
    "o ò ỏ õ ó ọ", "ô ồ ổ ỗ ố ộ", "ơ ờ ở ỡ ớ ợ", "u ù ủ ũ ú ụ", "ư ừ ử ữ ứ ự", "y ỳ ỷ ỹ ý ỵ",
};
static const char *const letters_upper[12] = {
    "A À Ả Ã Á Ạ", "Ă Ằ Ẳ Ẵ Ắ Ặ", "Â Ầ Ẩ Ẫ Ấ Ậ", "E È Ẻ Ẽ É Ẹ", "Ê Ề Ể Ễ Ế Ệ", "I Ì Ỉ Ĩ Í Ị",
    "O Ò Ỏ Õ Ó Ọ", "Ô Ồ Ổ Ỗ Ố Ộ", "Ơ Ờ Ở Ỡ Ớ Ợ", "U Ù Ủ Ũ Ú Ụ", "Ư Ừ Ử Ữ Ứ Ự", "Y Ỳ Ỷ Ỹ Ý Ỵ",
};

/* TCVN 5712:1993 VN3: the byte of each lower-case vowel with each tone. */
static const uint8_t tcvn3_lower[12][6] = {
    {0x61, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9}, /* a */
    {0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6}, /* ă */
    {0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB}, /* â */
    {0x65, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1}, /* e */
    {0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6}, /* ê */
    {0x69, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE}, /* i */
    {0x6F, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4}, /* o */
    {0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9}, /* ô */
    {0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE}, /* ơ */
    {0x75, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4}, /* u */
    {0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9}, /* ư */
    {0x79, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE}, /* y */
};
/* VN3's seven capitals: Ă Â Ê Ô Ơ Ư Đ at 0xA1..0xA7; đ is 0xAE. */
static const int8_t tcvn3_capitals[7] = {V_AW, V_AA, V_EE, V_OO, V_OW, V_UW, VI_DD};
#define TCVN3_DD_LOWER 0xAE

/*
 * VNI for Windows, lower-case bytes (a capital is the byte minus 0x20): tone marks written after
 * a vowel; circumflex and breve, alone or with a tone, written after a, e, o; ơ, ư, đ, the toned
 * i's and ỵ are single bytes.
 */
static const uint8_t vni_tone[6] = {0, 0xF8, 0xFB, 0xF5, 0xF9, 0xEF};
static const uint8_t vni_circ[6] = {0xE2, 0xE0, 0xE5, 0xE3, 0xE1, 0xE4};
static const uint8_t vni_breve[6] = {0xEA, 0xE8, 0xFA, 0xFC, 0xE9, 0xEB};
static const uint8_t vni_i[6] = {0, 0xEC, 0xE6, 0xF3, 0xED, 0xF2};
#define VNI_YJ 0xEE /* ỵ */
#define VNI_OW 0xF4 /* ơ */
#define VNI_UW 0xF6 /* ư */
#define VNI_DD 0xF1 /* đ */

/* Windows-1252 0x80..0x9F; 0 where it defines nothing (the byte is then read as Latin-1). */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* Syllable parts, in lower case; nuclei as UTF-8, parsed at start. */
static const char *const onsets[] = {"",   "b",  "c", "ch", "d",  "đ",  "g",   "gh", "gi", "h",
				     "k",  "kh", "l", "m",  "n",  "ng", "ngh", "nh", "p",  "ph",
				     "qu", "r",  "s", "t",  "th", "tr", "v",   "x"};
static const char *const codas[] = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};
static const char nuclei_text[] =
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô "
    "uơ uy ưa ưi ưu ươ yê iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu";

#define VSYM 1000 /* symbol of vowel 0 in syllable matching, above every byte */
#define NUCLEUS_MAX 3
#define NUCLEI_MAX 64
#define WORD_MAX 8 /* letters in the longest syllable ("nghiêng") plus one */

static struct {
	uint32_t lower[12][6], upper[12][6];
	int8_t nuclei[NUCLEI_MAX][NUCLEUS_MAX + 1]; /* -1 terminated */
	size_t n_nuclei;
	int8_t tcvn3_v[256], tcvn3_t[256];
} tab;
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

/* Reads the next space-separated UTF-8 character of *p; 0 at the end. */
static uint32_t next_char(const char **p)
{
	utf8proc_int32_t c;
	while (**p == ' ')
		(*p)++;
	if (!**p)
		return 0;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)*p, -1, &c);
	*p += n > 0 ? n : 1;
	return n > 0 ? (uint32_t)c : 0;
}

/* The vowel of a lower-case character, with its tone; -1 when it is none. */
static int vowel_of(uint32_t cp, int *tone)
{
	for (int v = 0; v < 12; v++)
		for (int t = 0; t < T_MAX; t++)
			if (tab.lower[v][t] == cp) {
				*tone = t;
				return v;
			}
	return -1;
}

static void parse_nuclei(void)
{
	const char *p = nuclei_text;
	while (*p && tab.n_nuclei < NUCLEI_MAX) {
		int8_t *n = tab.nuclei[tab.n_nuclei++];
		size_t k = 0;
		while (*p == ' ')
			p++;
		while (*p && *p != ' ') {
			int tone;
			int v = vowel_of(next_char(&p), &tone);
			if (k < NUCLEUS_MAX)
				n[k++] = (int8_t)v;
		}
		n[k] = -1;
	}
}

static void tab_init(void)
{
	for (int v = 0; v < 12; v++) {
		const char *l = letters_lower[v], *u = letters_upper[v];
		for (int t = 0; t < T_MAX; t++) {
			tab.lower[v][t] = next_char(&l);
			tab.upper[v][t] = next_char(&u);
		}
	}
	parse_nuclei();
	memset(tab.tcvn3_v, -1, sizeof tab.tcvn3_v);
	for (int v = 0; v < 12; v++)
		for (int t = 0; t < T_MAX; t++)
			if (tcvn3_lower[v][t] >= 0x80) {
				tab.tcvn3_v[tcvn3_lower[v][t]] = (int8_t)v;
				tab.tcvn3_t[tcvn3_lower[v][t]] = (int8_t)t;
			}
	tab.tcvn3_v[TCVN3_DD_LOWER] = VI_DD;
}

const char *vi_legacy_name(enum vi_legacy enc)
{
	static const char *const names[VI_LEGACY_MAX] = {"none", "tcvn3", "vni", "cp1252"};
	return enc < VI_LEGACY_MAX ? names[enc] : "?";
}

/* ---- Readings of the field ---- */

/* The Windows-1252 character of byte b. */
static uint32_t cp1252(uint8_t b)
{
	if (b >= 0x80 && b < 0xA0 && cp1252_c1[b - 0x80])
		return cp1252_c1[b - 0x80];
	return b;
}

/* The byte whose Windows-1252 (or Latin-1) character is cp; -1 when none. */
static int byte_of(uint32_t cp)
{
	if (cp < 0x100)
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (cp1252_c1[i] == cp)
			return 0x80 + i;
	return -1;
}

static void set_other(struct unit *u, uint32_t cp)
{
	memset(u, 0, sizeof *u);
	u->cp = cp;
	u->v = -1;
	u->high = cp >= 0x80;
	if (cp < 0x80) {
		u->letter = (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
		u->upper = cp >= 'A' && cp <= 'Z';
	}
}

static void set_letter(struct unit *u, int v, int tone, bool upper, bool high)
{
	memset(u, 0, sizeof *u);
	u->v = (int8_t)v;
	u->tone = (int8_t)tone;
	u->upper = upper;
	u->high = high;
	u->letter = true;
}

/* The vowel an ASCII letter a, e, i, o, u, y (either case) is; -1 for any other byte. */
static int ascii_vowel(uint8_t c)
{
	if (c >= 0x80 || (c | 0x20) < 'a' || (c | 0x20) > 'z')
		return -1;
	for (int v = 0; v < 12; v++)
		if (tcvn3_lower[v][0] == (c | 0x20))
			return v;
	return -1;
}

/* The field as it is: characters of UTF-8, or Windows-1252 bytes. */
static void read_as_is(const uint32_t *cps, size_t n, struct unit *u)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t c = cps[i];
		int tone, v;
		set_other(&u[i], c);
		if (c < 0x80 && ascii_vowel((uint8_t)c) >= 0)
			set_letter(&u[i], ascii_vowel((uint8_t)c), 0, c < 'a', false);
		if (c < 0x80)
			continue;
		uint32_t lc = (uint32_t)utf8proc_tolower((utf8proc_int32_t)c);
		if (lc == 0x111) {
			set_letter(&u[i], VI_DD, 0, lc != c, true);
		} else if ((v = vowel_of(lc, &tone)) >= 0) {
			set_letter(&u[i], v, tone, lc != c, true);
		} else {
			utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
			u[i].letter = u[i].foreign =
			    cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
		}
	}
}

/* TCVN3: one byte, one unit. Returns how many bytes VN3 does not define. */
static size_t read_tcvn3(const uint8_t *b, size_t n, struct unit *u)
{
	size_t unknown = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = b[i];
		if (c >= 0xA1 && c <= 0xA7)
			set_letter(&u[i], tcvn3_capitals[c - 0xA1], 0, true, true);
		else if (tab.tcvn3_v[c] >= 0)
			set_letter(&u[i], tab.tcvn3_v[c], tab.tcvn3_t[c], false, true);
		else {
			set_other(&u[i], cp1252(c));
			unknown += c >= 0x80 && c != 0xA0;
		}
		if (c < 0x80 && ascii_vowel(c) >= 0)
			set_letter(&u[i], ascii_vowel(c), 0, c < 'a', false);
	}
	return unknown;
}

/* Index of lower-case byte m in t[0..6), or -1. */
static int find6(const uint8_t *t, uint8_t m)
{
	for (int i = 0; i < 6; i++)
		if (t[i] && t[i] == m)
			return i;
	return -1;
}

/* VNI: a vowel and the mark after it. Returns how many bytes it took (1 or 2). */
static size_t vni_vowel(int v, bool upper, const uint8_t *b, size_t left, struct unit *u)
{
	set_letter(u, v, 0, upper, false);
	if (left < 2 || b[1] < 0xC0)
		return 1;
	uint8_t m = (uint8_t)(b[1] | 0x20);
	int t;
	if ((t = find6(vni_tone, m)) > 0) {
		u->tone = (int8_t)t;
	} else if ((v == V_A || v == V_E || v == V_O) && (t = find6(vni_circ, m)) >= 0) {
		u->v = (int8_t)(v + 1 + (v == V_A)); /* a -> â, e -> ê, o -> ô */
		u->tone = (int8_t)t;
	} else if (v == V_A && (t = find6(vni_breve, m)) >= 0) {
		u->v = V_AW;
		u->tone = (int8_t)t;
	} else {
		return 1;
	}
	u->high = true;
	return 2;
}

/* A VNI single byte >= 0xC0; false when it is no letter on its own. */
static bool vni_single(uint8_t c, struct unit *u)
{
	uint8_t l = (uint8_t)(c | 0x20);
	bool upper = c < 0xE0;
	int t;
	if (l == VNI_DD)
		set_letter(u, VI_DD, 0, upper, true);
	else if (l == VNI_YJ)
		set_letter(u, V_Y, T_NANG, upper, true);
	else if ((t = find6(vni_i, l)) > 0)
		set_letter(u, V_I, t, upper, true);
	else
		return false;
	return true;
}

/* VNI: one unit per letter, so fewer units than bytes. Returns the units; *unknown counts
 * bytes that are no letter. */
static size_t read_vni(const uint8_t *b, size_t n, struct unit *u, size_t *unknown)
{
	size_t k = 0;
	*unknown = 0;
	for (size_t i = 0; i < n; k++) {
		uint8_t c = b[i], l = (uint8_t)(c | 0x20);
		int v = -1;
		if (c < 0x80)
			v = ascii_vowel(c);
		if (v >= 0) {
			i += vni_vowel(v, c < 'a', b + i, n - i, &u[k]);
		} else if (c >= 0xC0 && (l == VNI_OW || l == VNI_UW)) {
			i += vni_vowel(l == VNI_OW ? V_OW : V_UW, c < 0xE0, b + i, n - i, &u[k]);
			u[k].high = true;
		} else if (c >= 0xC0 && vni_single(c, &u[k])) {
			i++;
		} else {
			set_other(&u[k], cp1252(c));
			*unknown += c >= 0x80 && c != 0xA0;
			i++;
		}
	}
	return k;
}

/* ---- Scoring ---- */

/* The lower-case symbol of a unit for syllable matching: vowels VSYM + v, đ 'D', else the ASCII
 * letter, or -1. */
static int sym(const struct unit *u)
{
	if (u->v == VI_DD)
		return 'D';
	if (u->v >= 0)
		return VSYM + u->v;
	if (u->cp < 0x80 && u->letter)
		return (int)(u->cp | 0x20);
	return -1;
}

/* Converts ASCII part text (đ spelled "đ") to symbols; returns the count. */
static size_t part_syms(const char *s, int *out)
{
	size_t k = 0;
	for (; *s; s++) {
		if ((unsigned char)*s >= 0x80) { /* "đ" */
			out[k++] = 'D';
			s++;
			continue;
		}
		int v = -1;
		for (int j = 0; j < 12; j++)
			if (tcvn3_lower[j][0] == (uint8_t)*s)
				v = j;
		out[k++] = v >= 0 ? VSYM + v : *s;
	}
	return k;
}

static bool match_coda(const int *s, size_t n)
{
	for (size_t i = 0; i < sizeof codas / sizeof codas[0]; i++) {
		int c[4];
		size_t k = part_syms(codas[i], c);
		if (k == n && (n == 0 || memcmp(c, s, n * sizeof *s) == 0))
			return true;
	}
	return false;
}

static bool match_nucleus(const int *s, size_t n)
{
	for (size_t i = 0; i < tab.n_nuclei; i++) {
		size_t k = 0;
		while (k < n && tab.nuclei[i][k] >= 0 && tab.nuclei[i][k] == s[k] - VSYM)
			k++;
		if (k == n && tab.nuclei[i][k] < 0)
			return true;
	}
	return false;
}

/* True when the letters s[0..n) spell one Vietnamese syllable (tones removed). */
static bool syllable_ok(const int *s, size_t n)
{
	for (size_t i = 0; i < sizeof onsets / sizeof onsets[0]; i++) {
		int o[4];
		size_t k = part_syms(onsets[i], o);
		if (k > n || (k && memcmp(o, s, k * sizeof *s) != 0))
			continue;
		size_t m = k;
		while (m < n && s[m] >= VSYM)
			m++;
		if (m > k && match_nucleus(s + k, m - k) && match_coda(s + m, n - m))
			return true;
	}
	return false;
}

/* True when the word u[0..n) is a Vietnamese syllable with at most one tone. */
static bool word_ok(const struct unit *u, size_t n)
{
	int s[WORD_MAX];
	int tones = 0;
	if (n >= WORD_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (u[i].foreign || (s[i] = sym(&u[i])) < 0)
			return false;
		tones += u[i].tone > 0;
	}
	return tones <= 1 && syllable_ok(s, n);
}

struct score {
	long good, bad;
};

/* True when the word's case is lower, Capitalised or all capitals ("tÕ" is none of them). */
static bool case_ok(const struct unit *u, size_t n)
{
	size_t caps = 0;
	for (size_t i = 0; i < n; i++)
		caps += u[i].upper;
	return caps == 0 || caps == n || (caps == 1 && u[0].upper);
}

/* Scores the words of u[0..n) that have a non-ASCII unit; with real_case (the text as it is) a
 * word of mixed case is no Vietnamese word. */
static struct score score_units(const struct unit *u, size_t n, size_t unknown, bool real_case)
{
	struct score sc = {0, (long)unknown};
	for (size_t i = 0; i < n;) {
		if (!u[i].letter) {
			i++;
			continue;
		}
		size_t j = i;
		bool high = false;
		while (j < n && u[j].letter)
			high |= u[j++].high;
		if (high) {
			if (word_ok(u + i, j - i) && (!real_case || case_ok(u + i, j - i)))
				sc.good++;
			else
				sc.bad++;
		}
		i = j;
	}
	return sc;
}

static long merit(struct score s)
{
	return s.good - 2 * s.bad;
}

/* ---- Bytes of the field ---- */

/*
 * Fills bytes and cps from s. Returns 1 when s is UTF-8 within Windows-1252 (bytes are its
 * characters), 0 when s is not UTF-8 (bytes are s), -1 when s is plain ASCII or has characters
 * beyond Windows-1252 (nothing to do).
 */
static int field_bytes(const char *s, size_t len, uint8_t *bytes, uint32_t *cps, size_t *n)
{
	bool ascii = true;
	for (size_t i = 0; i < len; i++)
		ascii &= (unsigned char)s[i] < 0x80;
	if (ascii)
		return -1;
	if (!vi_utf8_valid(s, len)) {
		for (size_t i = 0; i < len; i++) {
			bytes[i] = (uint8_t)s[i];
			cps[i] = cp1252(bytes[i]);
		}
		*n = len;
		return 0;
	}
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &c);
		int b = m > 0 ? byte_of((uint32_t)c) : -1;
		if (b < 0)
			return -1;
		bytes[k] = (uint8_t)b;
		cps[k++] = (uint32_t)c;
		i += (size_t)m;
	}
	*n = k;
	return 1;
}

enum vi_legacy vi_legacy_detect(const char *s, size_t len)
{
	pthread_once(&tab_once, tab_init);
	if (!s || len == 0)
		return VI_LEGACY_NONE;
	uint8_t *bytes = xmalloc(len);
	uint32_t *cps = xmalloc(len * sizeof *cps);
	struct unit *u = xmalloc(len * sizeof *u);
	enum vi_legacy res = VI_LEGACY_NONE;
	size_t n = 0, unknown;
	int kind = field_bytes(s, len, bytes, cps, &n);
	if (kind < 0)
		goto out;
	read_as_is(cps, n, u);
	struct score as_is = score_units(u, n, 0, true);
	unknown = read_tcvn3(bytes, n, u);
	struct score tcvn3 = score_units(u, n, unknown, false);
	size_t k = read_vni(bytes, n, u, &unknown);
	struct score vni = score_units(u, k, unknown, false);
	struct score best = merit(tcvn3) >= merit(vni) ? tcvn3 : vni;
	if (best.good > 0 && best.good > 2 * best.bad && merit(best) > merit(as_is))
		res = merit(tcvn3) >= merit(vni) ? VI_LEGACY_TCVN3 : VI_LEGACY_VNI;
	else if (kind == 0)
		res = VI_LEGACY_CP1252;
out:
	free(bytes);
	free(cps);
	free(u);
	return res;
}

/* ---- Writing ---- */

static void put_cp(struct buf *out, uint32_t cp)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, tmp);
	buf_append(out, tmp, (size_t)n);
}

static void put_unit(struct buf *out, const struct unit *u)
{
	if (u->v == VI_DD)
		put_cp(out, u->upper ? 0x110 : 0x111);
	else if (u->v >= 0)
		put_cp(out, u->upper ? tab.upper[u->v][u->tone] : tab.lower[u->v][u->tone]);
	else
		put_cp(out, u->cp);
}

/* TCVN3 capitals with tones: see legacy.h. */
static void tcvn3_capitalise(struct unit *u, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j = i, caps = 0, lower = 0;
		while (j < n && u[j].letter) {
			if (u[j].upper)
				caps++;
			else if (!u[j].high || u[j].tone == 0)
				lower++; /* ASCII lower case, or an untoned VN3 lower-case letter */
			j++;
		}
		for (size_t k = i; caps >= 2 && lower == 0 && k < j; k++)
			u[k].upper = true;
		i = j > i ? j : i + 1;
	}
}

void vi_legacy_decode(enum vi_legacy enc, const char *s, size_t len, struct buf *out)
{
	pthread_once(&tab_once, tab_init);
	if (enc == VI_LEGACY_NONE || !s || len == 0) {
		if (s)
			buf_append(out, s, len);
		return;
	}
	uint8_t *bytes = xmalloc(len);
	uint32_t *cps = xmalloc(len * sizeof *cps);
	struct unit *u = xmalloc(len * sizeof *u);
	struct buf tmp = BUF_INIT;
	size_t n = 0, k = 0, unknown;
	if (field_bytes(s, len, bytes, cps, &n) <
	    0) { /* not a legacy field: its bytes as they are */
		n = len;
		memcpy(bytes, s, len);
	}
	if (enc == VI_LEGACY_TCVN3) {
		read_tcvn3(bytes, n, u);
		tcvn3_capitalise(u, n);
		k = n;
	} else if (enc == VI_LEGACY_VNI) {
		k = read_vni(bytes, n, u, &unknown);
	} else {
		for (size_t i = 0; i < n; i++)
			set_other(&u[k++], cp1252(bytes[i]));
	}
	for (size_t i = 0; i < k; i++)
		put_unit(&tmp, &u[i]);
	if (vi_nfc(tmp.data, tmp.len, out) != 0)
		buf_append(out, tmp.data,
			   tmp.len); /* a NUL byte: NFC refuses, the text is still right */
	buf_free(&tmp);
	free(bytes);
	free(cps);
	free(u);
}

enum vi_legacy vi_legacy_fix(const char *s, size_t len, struct buf *out)
{
	enum vi_legacy enc = vi_legacy_detect(s, len);
	if (enc != VI_LEGACY_NONE)
		vi_legacy_decode(enc, s, len, out);
	return enc;
}
