/* Unit tests of src/vi/legacy.c: TCVN3 and VNI letters, detection, text that must be left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "vi/legacy.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The 72 vowels with their tones (none, huyền, hỏi, ngã, sắc, nặng), lower case. */
static const char *const vowels[12][6] = {
    {"a", "à", "ả", "ã", "á", "ạ"}, {"ă", "ằ", "ẳ", "ẵ", "ắ", "ặ"}, {"â", "ầ", "ẩ", "ẫ", "ấ", "ậ"},
    {"e", "è", "ẻ", "ẽ", "é", "ẹ"}, {"ê", "ề", "ể", "ễ", "ế", "ệ"}, {"i", "ì", "ỉ", "ĩ", "í", "ị"},
    {"o", "ò", "ỏ", "õ", "ó", "ọ"}, {"ô", "ồ", "ổ", "ỗ", "ố", "ộ"}, {"ơ", "ờ", "ở", "ỡ", "ớ", "ợ"},
    {"u", "ù", "ủ", "ũ", "ú", "ụ"}, {"ư", "ừ", "ử", "ữ", "ứ", "ự"}, {"y", "ỳ", "ỷ", "ỹ", "ý", "ỵ"},
};
/* The same letters as TCVN3 text shows in a Latin-1 font (ư is U+00AD, the soft hyphen). */
static const char *const tcvn3[12][6] = {
    {"a", "µ", "¶", "·", "¸", "¹"},        {"¨", "»", "¼", "½", "¾", "Æ"},
    {"©", "Ç", "È", "É", "Ê", "Ë"},        {"e", "Ì", "Î", "Ï", "Ð", "Ñ"},
    {"ª", "Ò", "Ó", "Ô", "Õ", "Ö"},        {"i", "×", "Ø", "Ü", "Ý", "Þ"},
    {"o", "ß", "á", "â", "ã", "ä"},        {"«", "å", "æ", "ç", "è", "é"},
    {"¬", "ê", "ë", "ì", "í", "î"},        {"u", "ï", "ñ", "ò", "ó", "ô"},
    {"\xC2\xAD", "õ", "ö", "÷", "ø", "ù"}, {"y", "ú", "û", "ü", "ý", "þ"},
};
/* VN3's capitals without tone: Ă Â Ê Ô Ơ Ư Đ. */
static const char *const tcvn3_caps[7] = {"¡", "¢", "£", "¤", "¥", "¦", "§"};
static const int tcvn3_caps_row[6] = {1, 2, 4, 7, 8, 10};
/* The same letters as VNI text shows in a Latin-1 font, lower case. */
static const char *const vni[12][6] = {
    {"a", "aø", "aû", "aõ", "aù", "aï"},  {"aê", "aè", "aú", "aü", "aé", "aë"},
    {"aâ", "aà", "aå", "aã", "aá", "aä"}, {"e", "eø", "eû", "eõ", "eù", "eï"},
    {"eâ", "eà", "eå", "eã", "eá", "eä"}, {"i", "ì", "æ", "ó", "í", "ò"},
    {"o", "oø", "oû", "oõ", "où", "oï"},  {"oâ", "oà", "oå", "oã", "oá", "oä"},
    {"ô", "ôø", "ôû", "ôõ", "ôù", "ôï"},  {"u", "uø", "uû", "uõ", "uù", "uï"},
    {"ö", "öø", "öû", "öõ", "öù", "öï"},  {"y", "yø", "yû", "yõ", "yù", "î"},
};

/* Marks each row and tone must decompose to (NFD), as an independent check of the tables. */
static const int32_t row_base[12] = {'a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'o', 'u', 'u', 'y'};
static const int32_t row_mark[12] = {0, 0x306, 0x302, 0, 0x302, 0, 0, 0x302, 0x31B, 0, 0x31B, 0};
static const int32_t tone_mark[6] = {0, 0x300, 0x309, 0x303, 0x301, 0x323};

/* Upper-cases UTF-8 s character by character into out (NUL-terminated). */
static void upper(const char *s, char *out, size_t cap)
{
	size_t k = 0;
	utf8proc_int32_t c;
	for (utf8proc_ssize_t n; *s; s += n) {
		n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
		assert_true(n > 0 && k + 4 < cap);
		k += (size_t)utf8proc_encode_char(utf8proc_toupper(c), (utf8proc_uint8_t *)out + k);
	}
	out[k] = '\0';
}

/* Decodes in as enc and compares with want, naming both on failure. */
static void check_decode(enum vi_legacy enc, const char *in, const char *want)
{
	struct buf out = BUF_INIT;
	vi_legacy_decode(enc, in, strlen(in), &out);
	if (strcmp(buf_cstr(&out), want) != 0)
		fail_msg("%s \"%s\": want \"%s\", got \"%s\"", vi_legacy_name(enc), in, want,
			 buf_cstr(&out));
	buf_free(&out);
}

static void test_vowel_table_marks(void **state)
{
	(void)state;
	for (int v = 0; v < 12; v++)
		for (int t = 0; t < 6; t++) {
			utf8proc_int32_t cps[4];
			utf8proc_ssize_t n =
			    utf8proc_decompose((const utf8proc_uint8_t *)vowels[v][t], -1, cps, 4,
					       UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE);
			int want = 1 + (row_mark[v] != 0) + (t != 0);
			if (n != want || cps[0] != row_base[v])
				fail_msg("%s: %d code points, base U+%04X", vowels[v][t], (int)n,
					 (unsigned)cps[0]);
			for (int i = 1; i < n; i++)
				assert_true(cps[i] == row_mark[v] || cps[i] == tone_mark[t]);
		}
}

static void test_tcvn3_lower(void **state)
{
	(void)state;
	for (int v = 0; v < 12; v++)
		for (int t = 0; t < 6; t++)
			check_decode(VI_LEGACY_TCVN3, tcvn3[v][t], vowels[v][t]);
	check_decode(VI_LEGACY_TCVN3, "®", "đ");
}

/* Capitals with tones: inside a capitalised word (see legacy.h), e.g. "T" "Ö" "T" -> "TỆT". */
static void test_tcvn3_upper(void **state)
{
	(void)state;
	char in[32], want[32], up[16];
	for (int v = 0; v < 12; v++)
		for (int t = 0; t < 6; t++) {
			const char *enc = tcvn3[v][t];
			for (int c = 0; c < 6 && t == 0; c++)
				if (tcvn3_caps_row[c] == v)
					enc = tcvn3_caps[c];
			upper(vowels[v][t], up, sizeof up);
			snprintf(in, sizeof in, "T%sT", enc);
			snprintf(want, sizeof want, "T%sT", up);
			if ((unsigned char)enc[0] < 0x80) /* a e i o u y: typed as capitals */
				snprintf(in, sizeof in, "T%sT", up);
			check_decode(VI_LEGACY_TCVN3, in, want);
		}
	check_decode(VI_LEGACY_TCVN3, "§", "Đ");
	/* Alone, or beside lower case, VN3 cannot say: lower case. */
	check_decode(VI_LEGACY_TCVN3, "Hµ", "Hà");
	check_decode(VI_LEGACY_TCVN3, "Ýt", "ít");
}

static void test_vni_lower_upper(void **state)
{
	(void)state;
	char up_in[16], up_want[16];
	for (int v = 0; v < 12; v++)
		for (int t = 0; t < 6; t++) {
			check_decode(VI_LEGACY_VNI, vni[v][t], vowels[v][t]);
			upper(vni[v][t], up_in, sizeof up_in);
			upper(vowels[v][t], up_want, sizeof up_want);
			check_decode(VI_LEGACY_VNI, up_in, up_want);
		}
	check_decode(VI_LEGACY_VNI, "ñ", "đ");
	check_decode(VI_LEGACY_VNI, "Ñ", "Đ");
}

struct detect_row {
	const char *in;
	enum vi_legacy want;
	const char *out; /* NULL: left alone */
};

static const struct detect_row detect_rows[] = {
    {"Céng hoµ x· héi chñ nghÜa ViÖt Nam", VI_LEGACY_TCVN3, "Cộng hoà xã hội chủ nghĩa Việt Nam"},
    {"§éc lËp - Tù do - H¹nh phóc", VI_LEGACY_TCVN3, "Độc lập - Tự do - Hạnh phúc"},
    {"<p>Tr\xC2\xAD\xC3\xAAng THPT <b>Hå ChÝ Minh</b></p>", VI_LEGACY_TCVN3,
     "<p>Trường THPT <b>Hồ Chí Minh</b></p>"},
    {"§¹I HéI §¶NG", VI_LEGACY_TCVN3, "ĐẠI HỘI ĐẢNG"},
    {"H\xB5 N\xE9i", VI_LEGACY_TCVN3, "Hà Nội"}, /* raw bytes, not UTF-8 */
    {"Kinh tÕ", VI_LEGACY_TCVN3, "Kinh tế"},     /* "tÕ" as it is has a capital inside */
    {"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VI_LEGACY_VNI,
     "Cộng hòa xã hội chủ nghĩa Việt Nam"},
    {"Ñoäc laäp - Töï do - Haïnh phuùc", VI_LEGACY_VNI, "Độc lập - Tự do - Hạnh phúc"},
    {"UÛY BAN NHAÂN DAÂN TÆNH", VI_LEGACY_VNI, "ỦY BAN NHÂN DÂN TỈNH"},
    {"caf\xE9 cr\xE8me", VI_LEGACY_CP1252, "café crème"}, /* raw Windows-1252 French */
    {"\x93quoted\x94 \x80 5", VI_LEGACY_CP1252, "“quoted” € 5"},
    /* Left alone. */
    {"", VI_LEGACY_NONE, NULL},
    {"plain ASCII, 2026 <p>x</p>", VI_LEGACY_NONE, NULL},
    {"Hà Nội, Việt Nam", VI_LEGACY_NONE, NULL},
    {"Cà Mau", VI_LEGACY_NONE, NULL},
    {"Cá", VI_LEGACY_NONE, NULL},
    {"São Paulo", VI_LEGACY_NONE, NULL},
    {"café crème brûlée", VI_LEGACY_NONE, NULL},
    {"Müller, naïve, déjà vu, Ça va, été", VI_LEGACY_NONE, NULL},
    {"“quoted” – € 5 · ©", VI_LEGACY_NONE, NULL},
    {"Đà Nẵng là thành phố", VI_LEGACY_NONE, NULL},
};

static void test_detect(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(detect_rows); i++) {
		const struct detect_row *r = &detect_rows[i];
		struct buf out = BUF_INIT;
		enum vi_legacy got = vi_legacy_fix(r->in, strlen(r->in), &out);
		if (got != r->want)
			fail_msg("\"%s\": want %s, got %s", r->in, vi_legacy_name(r->want),
				 vi_legacy_name(got));
		if (r->out && strcmp(buf_cstr(&out), r->out) != 0)
			fail_msg("\"%s\": want \"%s\", got \"%s\"", r->in, r->out, buf_cstr(&out));
		if (!r->out && out.len != 0)
			fail_msg("\"%s\" was changed to \"%s\"", r->in, buf_cstr(&out));
		buf_free(&out);
	}
}

/* Detects enc in in and checks the repaired text. */
static void check_fix(const char *in, enum vi_legacy enc, const char *want)
{
	struct buf out = BUF_INIT;
	enum vi_legacy got = vi_legacy_fix(in, strlen(in), &out);
	if (got != enc || strcmp(buf_cstr(&out), want) != 0)
		fail_msg("\"%s\": want %s \"%s\", got %s \"%s\"", in, vi_legacy_name(enc), want,
			 vi_legacy_name(got), buf_cstr(&out));
	buf_free(&out);
}

/*
 * Each toned letter in a syllable ("t" vowel "m"), after an unambiguous word: a lone syllable
 * whose legacy bytes are themselves Vietnamese Latin-1 letters ("tóm") is rightly left alone.
 */
static void test_detect_each_letter_in_a_word(void **state)
{
	(void)state;
	char in[64], want[64], vin[64];
	for (int v = 0; v < 12; v++)
		for (int t = 0; t < 6; t++) {
			snprintf(in, sizeof in, "Vi\xC3\x96t Nam t%sm", tcvn3[v][t]);
			snprintf(want, sizeof want, "Việt Nam t%sm", vowels[v][t]);
			check_fix(in, VI_LEGACY_TCVN3, want);
			snprintf(vin, sizeof vin, "Vie\xC3\xA4t Nam t%sm", vni[v][t]);
			check_fix(vin, VI_LEGACY_VNI, want);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vowel_table_marks),
	    cmocka_unit_test(test_tcvn3_lower),
	    cmocka_unit_test(test_tcvn3_upper),
	    cmocka_unit_test(test_vni_lower_upper),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_detect_each_letter_in_a_word),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
