/* Unit tests of src/vi: UTF-8, NFC, folding, slugs, local time, dates, numbers, RFC 3339. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "vi/vi.h"

#define HCM "Asia/Ho_Chi_Minh"
#define N(a) (sizeof(a) / sizeof((a)[0]))
/* Time of the reference pages: 2022-01-25T16:15:17Z (header clock), 2021-03-02T09:13:06Z (article).
 */
#define T_CLOCK INT64_C(1643127317)
#define T_ARTICLE INT64_C(1614676386)
/* 2022-01-23T00:00:00 in Asia/Ho_Chi_Minh, a Sunday. */
#define T_SUNDAY INT64_C(1642870800)
#define DAY 86400
#define HOUR 3600

/* ---- UTF-8 and NFC ---- */

struct str_row {
	const char *in;
	size_t len; /* 0: strlen(in) */
	int rc;
	const char *want;
};

static size_t row_len(const struct str_row *r)
{
	return r->len ? r->len : strlen(r->in);
}

static const struct str_row utf8_rows[] = {
    {"", 0, 0, NULL},
    {"plain ASCII", 0, 0, NULL},
    {"Huyện Yên Mỹ", 0, 0, NULL},
    {"\xF0\x9F\x98\x80", 0, 0, NULL},     /* U+1F600 */
    {"\xF4\x8F\xBF\xBF", 0, 0, NULL},     /* U+10FFFF */
    {"\xEF\xBF\xBF", 0, 0, NULL},         /* U+FFFF */
    {"\xC3\x28", 0, -1, NULL},            /* bad continuation */
    {"\xC0\xAF", 0, -1, NULL},            /* overlong '/' */
    {"\xE0\x80\xAF", 0, -1, NULL},        /* overlong '/' */
    {"\xF0\x80\x80\xAF", 0, -1, NULL},    /* overlong '/' */
    {"\xED\xA0\x80", 0, -1, NULL},        /* surrogate U+D800 */
    {"\xF4\x90\x80\x80", 0, -1, NULL},    /* U+110000 */
    {"\xF5\x80\x80\x80", 0, -1, NULL},    /* lead byte F5 */
    {"\xE1\xBA", 0, -1, NULL},            /* truncated */
    {"\x80", 0, -1, NULL},                /* lone continuation */
    {"\xFF", 0, -1, NULL},                /* never in UTF-8 */
    {"a\0b", 3, -1, NULL},                /* NUL byte */
    {"Hi\xE1\xBB\x87n\xC3", 0, -1, NULL}, /* cut mid-character */
};

static void test_utf8_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(utf8_rows); i++) {
		const struct str_row *r = &utf8_rows[i];
		bool want = r->rc == 0;
		if (vi_utf8_valid(r->in, row_len(r)) != want)
			fail_msg("row %zu: vi_utf8_valid wanted %d", i, want);
	}
	assert_true(vi_utf8_valid(NULL, 0));
}

static const struct str_row nfc_rows[] = {
    {"", 0, 0, ""},
    {"Huyện Yên Mỹ", 0, 0, "Huyện Yên Mỹ"},
    {"e\xCC\x82\xCC\x81", 0, 0, "ế"},         /* e + circumflex + acute */
    {"e\xCC\x81\xCC\x82", 0, 0, "é\xCC\x82"}, /* same marks, other order: not canonically equal */
    {"Vie\xCC\xA3\xCC\x82t", 0, 0, "Việt"},   /* dot below before circumflex */
    {"A\xCC\x8A", 0, 0, "Å"},
    {"u\xCC\x9B\xCC\x80", 0, 0, "ừ"},
    {"D\xCC\xA3", 0, 0, "Ḍ"},
    {"\xEF\xAC\x81", 0, 0, "\xEF\xAC\x81"}, /* ligature fi: NFC keeps compatibility forms */
    {"\xC3\x28", 0, -1, NULL},
    {"a\0b", 3, -1, NULL},
    {"\xED\xA0\x80", 0, -1, NULL},
};

static void run_map_rows(const struct str_row *rows, size_t n,
			 int (*fn)(const char *, size_t, struct buf *))
{
	for (size_t i = 0; i < n; i++) {
		const struct str_row *r = &rows[i];
		struct buf out = BUF_INIT;
		buf_puts(&out, "<");
		int rc = fn(r->in, row_len(r), &out);
		if (rc != r->rc)
			fail_msg("row %zu (%s): rc %d, want %d", i, r->in, rc, r->rc);
		if (rc == 0 && strcmp(buf_cstr(&out) + 1, r->want) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, buf_cstr(&out) + 1,
				 r->want);
		if (rc != 0)
			assert_string_equal(buf_cstr(&out), "<"); /* out unchanged */
		buf_free(&out);
	}
}

static void test_nfc(void **state)
{
	(void)state;
	run_map_rows(nfc_rows, N(nfc_rows), vi_nfc);
}

/* ---- Folding and slugs ---- */

static const struct str_row fold_rows[] = {
    {"Đảng", 0, 0, "dang"},
    {"đảng", 0, 0, "dang"},
    {"ĐẢNG", 0, 0, "dang"},
    {"đang", 0, 0, "dang"},
    {"Dân vận khéo", 0, 0, "dan van kheo"},
    {"D\xC3\xA2n va\xCC\xA3\xCC\x82n", 0, 0, "dan van"}, /* decomposed input */
    {"Ưu tiên Ơn", 0, 0, "uu tien on"},
    {"Hello, World! 123", 0, 0, "hello, world! 123"},
    {"“Dân vận khéo”", 0, 0, "“dan van kheo”"}, /* non-letters kept */
    /* Only đ/Đ fold to d: the Icelandic eth Ð (U+00D0) folds to ð (U+00F0). */
    {"\xC3\x90\xC3\xA0 L\xE1\xBA\xA1t", 0, 0,
     "\xC3\xB0"
     "a lat"},
    {"", 0, 0, ""},
    {"\xC3\x28", 0, -1, NULL},
    {"a\0b", 3, -1, NULL},
};

static void test_fold(void **state)
{
	(void)state;
	run_map_rows(fold_rows, N(fold_rows), vi_fold);
}

/* Every Vietnamese vowel with each of the six tones, in both cases, and đ/Đ; each folds to `want`.
 */
static const struct {
	const char *letters;
	char want;
} letter_rows[] = {
    {"aàáảãạ", 'a'}, {"AÀÁẢÃẠ", 'a'}, {"ăằắẳẵặ", 'a'}, {"ĂẰẮẲẴẶ", 'a'}, {"âầấẩẫậ", 'a'},
    {"ÂẦẤẨẪẬ", 'a'}, {"eèéẻẽẹ", 'e'}, {"EÈÉẺẼẸ", 'e'}, {"êềếểễệ", 'e'}, {"ÊỀẾỂỄỆ", 'e'},
    {"iìíỉĩị", 'i'}, {"IÌÍỈĨỊ", 'i'}, {"oòóỏõọ", 'o'}, {"OÒÓỎÕỌ", 'o'}, {"ôồốổỗộ", 'o'},
    {"ÔỒỐỔỖỘ", 'o'}, {"ơờớởỡợ", 'o'}, {"ƠỜỚỞỠỢ", 'o'}, {"uùúủũụ", 'u'}, {"UÙÚỦŨỤ", 'u'},
    {"ưừứửữự", 'u'}, {"ƯỪỨỬỮỰ", 'u'}, {"yỳýỷỹỵ", 'y'}, {"YỲÝỶỸỴ", 'y'}, {"đĐ", 'd'},
};

/* Checks one letter (bytes s[0..n)) folds and slugs to the single character want. */
static void check_letter(const char *s, size_t n, char want)
{
	char w[2] = {want, '\0'};
	struct buf out = BUF_INIT;
	assert_int_equal(vi_slug(s, n, 0, &out), 0);
	if (strcmp(buf_cstr(&out), w) != 0)
		fail_msg("slug(%.*s) = \"%s\", want \"%s\"", (int)n, s, buf_cstr(&out), w);
	buf_reset(&out);
	assert_int_equal(vi_fold(s, n, &out), 0);
	if (strcmp(buf_cstr(&out), w) != 0)
		fail_msg("fold(%.*s) = \"%s\", want \"%s\"", (int)n, s, buf_cstr(&out), w);
	buf_free(&out);
}

/* The other place of a tone mark in "oa", "oe", "uy" after an initial consonant; "" for none. */
static void test_tone_swap(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} rows[] = {
	    {"hòa", "hoà"},   {"hoà", "hòa"}, {"thủy", "thuỷ"}, {"thuỷ", "thủy"}, {"khỏe", "khoẻ"},
	    {"khoẻ", "khỏe"}, {"họa", "hoạ"}, {"xoè", "xòe"},   {"lũy", "luỹ"},   {"tuỳ", "tùy"},
	    {"đòa", "đoà"},   {"oà", "òa"},   {"qúy", "quý"},   {"quý", ""},      {"quỳ", ""},
	    {"hoa", ""},      {"hoàn", ""},   {"toán", ""},     {"khuya", ""},    {"hóá", ""},
	    {"thuế", ""},     {"ngoài", ""},  {"huỳnh", ""},    {"a", ""},        {"", ""},
	    {"uỳ", "ùy"},     {"iòa", ""},    {"hòe", "hoè"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct buf b = BUF_INIT;
		bool swapped = vi_tone_swap(rows[i].in, strlen(rows[i].in), &b);
		if (swapped != (rows[i].want[0] != '\0') || strcmp(buf_cstr(&b), rows[i].want) != 0)
			fail_msg("'%s': got %d '%s', want '%s'", rows[i].in, swapped, buf_cstr(&b),
				 rows[i].want);
		buf_free(&b);
	}
}

/* "y" or "i" after k, l, m, s, t, h or "qu", the syllable's vowel alone; "" for none. */
static void test_iy_swap(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} rows[] = {
	    {"kỹ", "kĩ"}, {"kĩ", "kỹ"}, {"lý", "lí"},   {"mỹ", "mĩ"},   {"sỹ", "sĩ"}, {"tỷ", "tỉ"},
	    {"ty", "ti"}, {"hy", "hi"}, {"quy", "qui"}, {"quí", "quý"}, {"kỳ", "kì"}, {"lị", "lỵ"},
	    {"ky", "ki"}, {"y", ""},    {"vy", ""},     {"thy", ""},    {"kim", ""},  {"quyết", ""},
	    {"qu", ""},   {"k", ""},    {"", ""},       {"khi", ""},    {"mây", ""},  {"kia", ""},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct buf b = BUF_INIT;
		bool swapped = vi_iy_swap(rows[i].in, strlen(rows[i].in), &b);
		if (swapped != (rows[i].want[0] != '\0') || strcmp(buf_cstr(&b), rows[i].want) != 0)
			fail_msg("'%s': got %d '%s', want '%s'", rows[i].in, swapped, buf_cstr(&b),
				 rows[i].want);
		buf_free(&b);
	}
}

static void test_slug_letters(void **state)
{
	(void)state;
	int non_ascii = 0;
	for (size_t i = 0; i < N(letter_rows); i++) {
		const char *p = letter_rows[i].letters;
		while (*p) {
			size_t n = 1;
			while (((unsigned char)p[n] & 0xC0) == 0x80)
				n++;
			check_letter(p, n, letter_rows[i].want);
			non_ascii += n > 1;
			p += n;
		}
	}
	assert_int_equal(non_ascii, 134);
}

struct slug_row {
	const char *in;
	size_t maxlen;
	int rc;
	const char *want;
};

#define TITLE "Huyện Yên Mỹ triển khai thực hiện tốt phong trào thi đua “Dân vận khéo”"
#define TITLE_SLUG "huyen-yen-my-trien-khai-thuc-hien-tot-phong-trao-thi-dua-dan-van-kheo"

static const struct slug_row slug_rows[] = {
    {TITLE, 0, 0, TITLE_SLUG},
    {TITLE, 1000, 0, TITLE_SLUG},
    {TITLE, sizeof TITLE_SLUG - 1, 0, TITLE_SLUG},
    {TITLE, sizeof TITLE_SLUG - 2, 0,
     "huyen-yen-my-trien-khai-thuc-hien-tot-phong-trao-thi-dua-dan-van"},
    {TITLE, 18, 0, "huyen-yen-my-trien"},
    {TITLE, 19, 0, "huyen-yen-my-trien"},
    {TITLE, 17, 0, "huyen-yen-my"},
    {TITLE, 6, 0, "huyen"},
    {TITLE, 5, 0, "huyen"},
    {TITLE, 3, 0, "huy"}, /* one word longer than maxlen: cut hard */
    {TITLE, 1, 0, "h"},
    {"Đảng bộ tỉnh Hưng Yên", 0, 0, "dang-bo-tinh-hung-yen"},
    {"  --Hà   Nội--  ", 0, 0, "ha-noi"},
    {"COVID-19: năm 2021", 0, 0, "covid-19-nam-2021"},
    {"C++ và C#", 0, 0, "c-va-c"},
    {"a/b\\c_d.e", 0, 0, "a-b-c-d-e"},
    {"😀 Tin mới 😀", 0, 0, "tin-moi"},
    {"Tru\xCC\x9Bo\xCC\x9B\xCC\x80ng Sa", 0, 0, "truong-sa"}, /* Trường, decomposed */
    {"!!! … “” — ???", 0, 0, ""},
    {"", 0, 0, ""},
    {"---", 5, 0, ""},
    {"abc\xC3\x28", 0, -1, NULL},
    {"abc\xED\xA0\x80", 0, -1, NULL},
};

static void test_slug(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(slug_rows); i++) {
		const struct slug_row *r = &slug_rows[i];
		struct buf out = BUF_INIT;
		buf_puts(&out, "/a/");
		int rc = vi_slug(r->in, strlen(r->in), r->maxlen, &out);
		if (rc != r->rc)
			fail_msg("row %zu: rc %d, want %d", i, rc, r->rc);
		const char *got = buf_cstr(&out) + 3;
		if (rc == 0 && strcmp(got, r->want) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, got, r->want);
		if (rc == 0 && r->maxlen)
			assert_true(strlen(got) <= r->maxlen);
		if (rc != 0)
			assert_string_equal(buf_cstr(&out), "/a/");
		buf_free(&out);
	}
}

/* ---- Local time and date formats ---- */

static void test_weekday_names(void **state)
{
	(void)state;
	static const char *const want[] = {"Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
					   "Thứ Năm",  "Thứ Sáu", "Thứ Bảy"};
	for (int i = 0; i < 7; i++) {
		struct buf nfc = BUF_INIT;
		assert_string_equal(vi_weekday(i), want[i]);
		assert_int_equal(vi_nfc(want[i], strlen(want[i]), &nfc), 0);
		assert_string_equal(buf_cstr(&nfc), vi_weekday(i)); /* stored in NFC */
		buf_free(&nfc);
	}
	assert_string_equal(vi_weekday(-1), "");
	assert_string_equal(vi_weekday(7), "");
}

struct fmt_row {
	int64_t t;
	const char *tz;
	int rc;
	const char *want;
};

static void run_fmt_rows(const struct fmt_row *rows, size_t n,
			 void (*fmt)(struct buf *, const struct vi_tm *))
{
	for (size_t i = 0; i < n; i++) {
		struct vi_tm tm;
		struct buf out = BUF_INIT;
		int rc = vi_localtime(rows[i].t, rows[i].tz, &tm);
		fmt(&out, &tm);
		if (rc != rows[i].rc || strcmp(buf_cstr(&out), rows[i].want) != 0)
			fail_msg("row %zu: rc %d, \"%s\"; want %d, \"%s\"", i, rc, buf_cstr(&out),
				 rows[i].rc, rows[i].want);
		buf_free(&out);
	}
}

static const struct fmt_row clock_rows[] = {
    {T_CLOCK, HCM, 0, "Thứ Ba, ngày 25 tháng 1 năm 2022 - 11:15:17 PM"},
    {T_CLOCK, "UTC", 0, "Thứ Ba, ngày 25 tháng 1 năm 2022 - 4:15:17 PM"},
    {T_CLOCK, "No/Such_Zone", -1, "Thứ Ba, ngày 25 tháng 1 năm 2022 - 4:15:17 PM"},
    {T_SUNDAY, HCM, 0, "Chủ Nhật, ngày 23 tháng 1 năm 2022 - 12:00:00 AM"},
    {T_SUNDAY + 1 * DAY + 1, HCM, 0, "Thứ Hai, ngày 24 tháng 1 năm 2022 - 12:00:01 AM"},
    {T_SUNDAY + 2 * DAY + 12 * HOUR, HCM, 0, "Thứ Ba, ngày 25 tháng 1 năm 2022 - 12:00:00 PM"},
    {T_SUNDAY + 3 * DAY + 12 * HOUR - 1, HCM, 0, "Thứ Tư, ngày 26 tháng 1 năm 2022 - 11:59:59 AM"},
    {T_SUNDAY + 4 * DAY + 13 * HOUR, HCM, 0, "Thứ Năm, ngày 27 tháng 1 năm 2022 - 1:00:00 PM"},
    {T_SUNDAY + 5 * DAY + 1 * HOUR, HCM, 0, "Thứ Sáu, ngày 28 tháng 1 năm 2022 - 1:00:00 AM"},
    {T_SUNDAY + 6 * DAY + 24 * HOUR - 1, HCM, 0, "Thứ Bảy, ngày 29 tháng 1 năm 2022 - 11:59:59 PM"},
    {INT64_C(951782400), "UTC", 0, "Thứ Ba, ngày 29 tháng 2 năm 2000 - 12:00:00 AM"},
    {INT64_C(1640970000), HCM, 0, "Thứ Bảy, ngày 1 tháng 1 năm 2022 - 12:00:00 AM"},
    {INT64_C(1640970000) - 1, HCM, 0, "Thứ Sáu, ngày 31 tháng 12 năm 2021 - 11:59:59 PM"},
    {0, "UTC", 0, "Thứ Năm, ngày 1 tháng 1 năm 1970 - 12:00:00 AM"},
    {-1, "UTC", 0, "Thứ Tư, ngày 31 tháng 12 năm 1969 - 11:59:59 PM"},
};

static void test_clock(void **state)
{
	(void)state;
	run_fmt_rows(clock_rows, N(clock_rows), vi_format_clock);
}

static const struct fmt_row datetime_rows[] = {
    {T_ARTICLE, HCM, 0, "02/03/2021 - 4:13:06 PM"},
    {T_CLOCK, HCM, 0, "25/01/2022 - 11:15:17 PM"},
    {T_SUNDAY, HCM, 0, "23/01/2022 - 12:00:00 AM"},
    {T_SUNDAY + 12 * HOUR, HCM, 0, "23/01/2022 - 12:00:00 PM"},
    {T_SUNDAY + 9 * HOUR + 5 * 60 + 7, HCM, 0, "23/01/2022 - 9:05:07 AM"},
    {T_ARTICLE, "Bad Zone", -1, "02/03/2021 - 9:13:06 AM"},
};

static const struct fmt_row date_rows[] = {
    {T_ARTICLE, HCM, 0, "02/03/2021"},
    {T_CLOCK, HCM, 0, "25/01/2022"},
    {INT64_C(1640970000) - 1, HCM, 0, "31/12/2021"},
    {INT64_C(1640970000) - 1, "UTC", 0, "31/12/2021"},
    {INT64_C(1640970000) + 7 * HOUR, "UTC", 0, "01/01/2022"},
};

static void test_datetime(void **state)
{
	(void)state;
	run_fmt_rows(datetime_rows, N(datetime_rows), vi_format_datetime);
	run_fmt_rows(date_rows, N(date_rows), vi_format_date);
	/* the digits are written by hand: as printf would, for every field's range and beyond */
	static const int years[] = {-12345, -5, 0, 7, 99, 999, 2026, 9999, 12345};
	for (size_t y = 0; y < N(years); y++) {
		for (int v = 0; v < 62; v++) {
			struct vi_tm tm = {.year = years[y],
					   .month = v % 13,
					   .day = v % 32,
					   .hour = v % 24,
					   .min = v % 60,
					   .sec = v};
			char want[96];
			snprintf(want, sizeof want, "%02d/%02d/%04d - %d:%02d:%02d %s", tm.day,
				 tm.month, tm.year, tm.hour % 12 == 0 ? 12 : tm.hour % 12, tm.min,
				 tm.sec, tm.hour < 12 ? "AM" : "PM");
			struct buf out = BUF_INIT;
			vi_format_datetime(&out, &tm);
			assert_string_equal(buf_cstr(&out), want);
			buf_free(&out);
		}
	}
}

static void test_localtime_fields(void **state)
{
	(void)state;
	struct vi_tm tm;
	assert_int_equal(vi_localtime(T_ARTICLE, HCM, &tm), 0);
	assert_int_equal(tm.year, 2021);
	assert_int_equal(tm.month, 3);
	assert_int_equal(tm.day, 2);
	assert_int_equal(tm.hour, 16);
	assert_int_equal(tm.min, 13);
	assert_int_equal(tm.sec, 6);
	assert_int_equal(tm.wday, 2);
	assert_int_equal(tm.utc_offset, 7 * HOUR);
	/* New York in winter and in summer (DST). */
	assert_int_equal(vi_localtime(T_CLOCK, "America/New_York", &tm), 0);
	assert_int_equal(tm.utc_offset, -5 * HOUR);
	assert_int_equal(vi_localtime(INT64_C(1625140800), "America/New_York", &tm), 0);
	assert_int_equal(tm.utc_offset, -4 * HOUR);
	/* Unknown zone: -1 and UTC. */
	assert_int_equal(vi_localtime(T_ARTICLE, "Mars/Olympus_Mons", &tm), -1);
	assert_int_equal(tm.hour, 9);
	assert_int_equal(tm.utc_offset, 0);
	assert_int_equal(vi_localtime(T_ARTICLE, NULL, &tm), -1);
	assert_int_equal(tm.utc_offset, 0);
}

static const struct {
	const char *tz;
	bool want;
} tz_rows[] = {
    {HCM, true},
    {"UTC", true},
    {"Europe/Paris", true},
    {"America/Argentina/Buenos_Aires", true},
    {"Etc/GMT+7", true},
    {"Asia/Saigon", true},
    {"", false},
    {"Nowhere/Atlantis", false},
    {"asia/ho chi minh", false},
    {"/etc/passwd", false},
    {"../../../../etc/passwd", false},
    {"Asia/../Asia/Ho_Chi_Minh", false},
    {"+07:00", false},
};

static void test_tz_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(tz_rows); i++)
		if (vi_tz_valid(tz_rows[i].tz) != tz_rows[i].want)
			fail_msg("row %zu (%s): want %d", i, tz_rows[i].tz, tz_rows[i].want);
	assert_false(vi_tz_valid(NULL));
}

static void *localtime_worker(void *arg)
{
	static const char *const zones[] = {HCM, "UTC", "Europe/Berlin", "Asia/Tokyo", "Bad/Zone"};
	size_t k = (size_t)(uintptr_t)arg;
	for (int i = 0; i < 2000; i++) {
		struct vi_tm tm;
		const char *z = zones[(k + (size_t)i) % N(zones)];
		int rc = vi_localtime(T_CLOCK + i, z, &tm);
		if ((rc == 0) != (strcmp(z, "Bad/Zone") != 0))
			return (void *)1;
	}
	return NULL;
}

static void test_localtime_threads(void **state)
{
	(void)state;
	pthread_t th[4];
	for (size_t i = 0; i < N(th); i++)
		assert_int_equal(
		    pthread_create(&th[i], NULL, localtime_worker, (void *)(uintptr_t)i), 0);
	for (size_t i = 0; i < N(th); i++) {
		void *res;
		assert_int_equal(pthread_join(th[i], &res), 0);
		assert_null(res);
	}
}

/* ---- Numbers ---- */

static void test_format_int(void **state)
{
	(void)state;
	static const struct {
		int64_t n;
		const char *want;
	} rows[] = {
	    {0, "0"},
	    {7, "7"},
	    {999, "999"},
	    {1000, "1.000"},
	    {282, "282"},
	    {49776, "49.776"},
	    {100000, "100.000"},
	    {-1, "-1"},
	    {-999, "-999"},
	    {-1000, "-1.000"},
	    {-1234567, "-1.234.567"},
	    {INT64_MAX, "9.223.372.036.854.775.807"},
	    {INT64_MIN, "-9.223.372.036.854.775.808"},
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct buf out = BUF_INIT;
		vi_format_int(&out, rows[i].n);
		assert_string_equal(buf_cstr(&out), rows[i].want);
		buf_free(&out);
	}
}

static void test_format_decimal(void **state)
{
	(void)state;
	static const struct {
		double v;
		int decimals;
		const char *want;
	} rows[] = {
	    {81.6, 1, "81,6"},
	    {547.44, 2, "547,44"},
	    {49776.0, 0, "49.776"},
	    {49776.0, 2, "49.776,00"},
	    {1234567.891, 2, "1.234.567,89"},
	    {0.0, 0, "0"},
	    {0.0, 2, "0,00"},
	    {-0.0, 1, "0,0"},
	    {-81.6, 1, "-81,6"},
	    {-1234.5, 1, "-1.234,5"},
	    {-0.004, 2, "0,00"}, /* rounds to zero: no "-0,00" */
	    {-0.005, 2, "-0,01"},
	    {2.5, 0, "3"}, /* ties away from zero */
	    {-2.5, 0, "-3"},
	    {0.125, 2, "0,13"},
	    {1.005, 2, "1,01"}, /* as written, although stored as 1.00499999... */
	    {2.675, 2, "2,68"},
	    {1.115, 2, "1,12"},
	    {0.1 + 0.2, 2, "0,30"},
	    {9.995, 2, "10,00"},
	    {999.96, 1, "1.000,0"},
	    {999999.5, 0, "1.000.000"},
	    {0.0005, 3, "0,001"},
	    {0.0004, 3, "0,000"},
	    {0.05, 1, "0,1"},
	    {0.04, 1, "0,0"},
	    {81.6, 3, "81,600"},
	    {3.14159, -1, "3"}, /* negative decimals: 0 */
	    {1e20, 0, "100.000.000.000.000.000.000"},
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct buf out = BUF_INIT;
		vi_format_decimal(&out, rows[i].v, rows[i].decimals);
		if (strcmp(buf_cstr(&out), rows[i].want) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, buf_cstr(&out),
				 rows[i].want);
		buf_free(&out);
	}
}

/* ---- RFC 3339 ---- */

static const struct {
	const char *in;
	int rc;
	int64_t want;
} parse_rows[] = {
    {"2021-03-02T09:13:06Z", 0, T_ARTICLE},
    {"2021-03-02T16:13:06+07:00", 0, T_ARTICLE},
    {"2021-03-02 16:13:06+07:00", 0, T_ARTICLE},
    {"2021-03-02t09:13:06z", 0, T_ARTICLE},
    {"2021-03-02T03:43:06-05:30", 0, T_ARTICLE},
    {"2021-03-02T09:13:06.999999999Z", 0, T_ARTICLE},
    {"2021-03-02T09:13:06.5+00:00", 0, T_ARTICLE},
    {"2021-03-02T09:13:06-00:00", 0, T_ARTICLE},
    {"2022-01-25T23:15:17+07:00", 0, T_CLOCK},
    {"1970-01-01T00:00:00Z", 0, 0},
    {"1969-12-31T23:59:59Z", 0, -1},
    {"1970-01-01T00:00:00+23:59", 0, -(23 * HOUR + 59 * 60)},
    {"2000-02-29T00:00:00Z", 0, INT64_C(951782400)},
    {"1900-03-01T00:00:00Z", 0, INT64_C(-2203891200)},
    {"2016-12-31T23:59:60Z", 0, INT64_C(1483228800)}, /* leap second */
    {"0000-01-01T00:00:00Z", 0, INT64_C(-62167219200)},
    {"9999-12-31T23:59:59Z", 0, INT64_C(253402300799)},
    {"2021-02-29T00:00:00Z", -1, 0},
    {"1900-02-29T00:00:00Z", -1, 0},
    {"2021-04-31T00:00:00Z", -1, 0},
    {"2021-01-00T00:00:00Z", -1, 0},
    {"2020-13-01T00:00:00Z", -1, 0},
    {"2020-00-01T00:00:00Z", -1, 0},
    {"2021-03-02T24:00:00Z", -1, 0},
    {"2021-03-02T23:60:00Z", -1, 0},
    {"2021-03-02T23:59:61Z", -1, 0},
    {"2021-03-02T09:13:06", -1, 0},
    {"2021-03-02T09:13:06+24:00", -1, 0},
    {"2021-03-02T09:13:06+07:60", -1, 0},
    {"2021-03-02T09:13:06+0700", -1, 0},
    {"2021-03-02T09:13:06+7:00", -1, 0},
    {"2021-03-02T09:13:06Zjunk", -1, 0},
    {"2021-03-02T09:13:06Z ", -1, 0},
    {" 2021-03-02T09:13:06Z", -1, 0},
    {"2021-03-02T09:13:06.Z", -1, 0},
    {"2021-03-02T09:13Z", -1, 0},
    {"2021-03-02X09:13:06Z", -1, 0},
    {"2021-3-02T09:13:06Z", -1, 0},
    {"20210302T091306Z", -1, 0},
    {"+2021-03-02T09:13:06Z", -1, 0},
    {"2021-03-02T09:13:06\xEF\xBC\xBA", -1, 0}, /* fullwidth Z */
    {"0000-01-01T00:00:00+00:01", -1, 0},       /* before year 0 in UTC */
    {"9999-12-31T23:59:59-00:01", -1, 0},       /* after year 9999 in UTC */
    {"", -1, 0},
};

static void test_parse_rfc3339(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(parse_rows); i++) {
		int64_t t = 42;
		int rc = vi_parse_rfc3339(parse_rows[i].in, &t);
		if (rc != parse_rows[i].rc)
			fail_msg("row %zu (%s): rc %d, want %d", i, parse_rows[i].in, rc,
				 parse_rows[i].rc);
		if (rc == 0 && t != parse_rows[i].want)
			fail_msg("row %zu (%s): %lld, want %lld", i, parse_rows[i].in, (long long)t,
				 (long long)parse_rows[i].want);
		if (rc != 0 && t != 42)
			fail_msg("row %zu: out written on failure", i);
	}
	assert_int_equal(vi_parse_rfc3339(NULL, &(int64_t){0}), -1);
}

static const struct {
	int64_t t;
	const char *tz;
	const char *want;
} format_rows[] = {
    {T_ARTICLE, HCM, "2021-03-02T16:13:06+07:00"},
    {T_ARTICLE, "UTC", "2021-03-02T09:13:06+00:00"},
    {T_ARTICLE, "Unknown/Zone", "2021-03-02T09:13:06+00:00"},
    {T_ARTICLE, "Asia/Kolkata", "2021-03-02T14:43:06+05:30"},
    {T_ARTICLE, "America/St_Johns", "2021-03-02T05:43:06-03:30"},
    {INT64_C(1625140800), "America/New_York", "2021-07-01T08:00:00-04:00"},
    {-1, "UTC", "1969-12-31T23:59:59+00:00"},
    /* Local mean time of 1890 (+07:06:30) is written to the minute, naming the same instant. */
    {INT64_C(-2524521600), HCM, "1890-01-01T07:06:00+07:06"},
    /* Outside 0000..9999 the time is clamped. */
    {INT64_MIN, "UTC", "0000-01-01T00:00:00+00:00"},
    {INT64_MAX, "UTC", "9999-12-31T23:59:59+00:00"},
    {INT64_MAX, HCM, "9999-12-31T23:59:59+00:00"},
};

static void test_format_rfc3339(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(format_rows); i++) {
		struct buf out = BUF_INIT;
		int64_t back;
		vi_format_rfc3339(&out, format_rows[i].t, format_rows[i].tz);
		if (strcmp(buf_cstr(&out), format_rows[i].want) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, buf_cstr(&out),
				 format_rows[i].want);
		assert_int_equal(vi_parse_rfc3339(buf_cstr(&out), &back), 0);
		if (format_rows[i].t > INT64_MIN && format_rows[i].t < INT64_MAX)
			assert_true(back == format_rows[i].t);
		buf_free(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_valid),
	    cmocka_unit_test(test_nfc),
	    cmocka_unit_test(test_fold),
	    cmocka_unit_test(test_tone_swap),
	    cmocka_unit_test(test_iy_swap),
	    cmocka_unit_test(test_slug_letters),
	    cmocka_unit_test(test_slug),
	    cmocka_unit_test(test_weekday_names),
	    cmocka_unit_test(test_clock),
	    cmocka_unit_test(test_datetime),
	    cmocka_unit_test(test_localtime_fields),
	    cmocka_unit_test(test_tz_valid),
	    cmocka_unit_test(test_localtime_threads),
	    cmocka_unit_test(test_format_int),
	    cmocka_unit_test(test_format_decimal),
	    cmocka_unit_test(test_parse_rfc3339),
	    cmocka_unit_test(test_format_rfc3339),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
