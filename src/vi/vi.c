/* Vietnamese text: UTF-8, NFC, folding, slugs, local time, Vietnamese dates and numbers. */
#include "vi/vi.h"

#include <glib.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Instants vi_localtime works with: 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z. */
#define VI_T_MIN INT64_C(-62167219200)
#define VI_T_MAX INT64_C(253402300799)
#define VI_TZ_CACHE_MAX 256
#define VI_TZ_NAME_MAX 128
#define VI_DECIMALS_MAX 20
/* Digits of the largest double scaled by 10^VI_DECIMALS_MAX, plus a carry. */
#define VI_DIGITS_MAX (309 + VI_DECIMALS_MAX + 2)

/* ---- UTF-8 ---- */

/* Length of the well-formed, non-NUL UTF-8 sequence at p[0..n) (n >= 1), or 0 when there is none.
 */
static size_t utf8_seq_len(const unsigned char *p, size_t n)
{
	unsigned char b = p[0], lo = 0x80, hi = 0xBF;
	if (b == 0)
		return 0;
	if (b < 0x80)
		return 1;
	if (b < 0xC2 || b > 0xF4)
		return 0;
	size_t need = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
	if (b == 0xE0)
		lo = 0xA0; /* overlong */
	else if (b == 0xED)
		hi = 0x9F; /* surrogates */
	else if (b == 0xF0)
		lo = 0x90; /* overlong */
	else if (b == 0xF4)
		hi = 0x8F; /* above U+10FFFF */
	if (n < need || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < need; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return need;
}

bool vi_utf8_valid(const char *s, size_t len)
{
	if (!s)
		return len == 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq_len(p + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

/* ---- NFC, folding, slugs ---- */

/* utf8proc hook for folding: đ/Đ have no decomposition, so they become 'd' before case folding. */
static utf8proc_int32_t fold_dd(utf8proc_int32_t c, void *data)
{
	(void)data;
	return c == 0x0110 || c == 0x0111 ? 'd' : c;
}

/* Appends utf8proc's mapping of s[0..len) with opts (and hook f, may be NULL) to out; 0 or -1. */
static int map_append(const char *s, size_t len, utf8proc_option_t opts, utf8proc_custom_func f,
		      struct buf *out)
{
	if (!vi_utf8_valid(s, len) || len > (size_t)PTRDIFF_MAX)
		return -1;
	if (len == 0) {
		buf_append(out, "", 0);
		return 0;
	}
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
						 &dst, opts, f, NULL);
	if (n < 0)
		return -1;
	buf_append(out, dst, (size_t)n);
	free(dst);
	return 0;
}

/*
 * True when valid UTF-8 s[0..len) is NFC by the quick check over the characters Vietnamese text
 * uses: below U+0300 (no combining marks), Latin Extended Additional (U+1E00-U+1EFF, the
 * precomposed Vietnamese letters) and the dashes, quotes and dots of U+2010-U+2027 are all NFC
 * "yes" with combining class 0, so a string of them only is NFC as it is. Anything else is left to
 * utf8proc.
 */
static bool nfc_quick_yes(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char b = s[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		if (b < 0xE0) {
			cp = ((uint32_t)(b & 0x1F) << 6) | (s[i + 1] & 0x3F);
			i += 2;
		} else if (b < 0xF0) {
			cp = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) |
			     (s[i + 2] & 0x3F);
			i += 3;
		} else {
			return false;
		}
		if (!(cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) ||
		      (cp >= 0x2010 && cp <= 0x2027)))
			return false;
	}
	return true;
}

int vi_nfc(const char *s, size_t len, struct buf *out)
{
	if (vi_utf8_valid(s, len) && nfc_quick_yes((const unsigned char *)s, len)) {
		buf_append(out, s, len);
		return 0;
	}
	return map_append(s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE, NULL, out);
}

int vi_fold(const char *s, size_t len, struct buf *out)
{
	utf8proc_option_t opts =
	    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK;
	return map_append(s, len, opts, fold_dd, out);
}

/*
 * Tone marks of the vowels whose placement in "oa", "oe" and "uy" varies: each base letter's forms
 * with the grave, acute, hook, tilde and dot below accents, in that order.
 */
static const struct {
	char base;
	const char *toned[5];
} tone_forms[] = {
    {'a', {"à", "á", "ả", "ã", "ạ"}}, {'e', {"è", "é", "ẻ", "ẽ", "ẹ"}},
    {'o', {"ò", "ó", "ỏ", "õ", "ọ"}}, {'u', {"ù", "ú", "ủ", "ũ", "ụ"}},
    {'y', {"ỳ", "ý", "ỷ", "ỹ", "ỵ"}},
};

/* The vowel spelled by s[0..n) (one code point): its base letter and tone (0 none, 1-5 as
 * tone_forms), or false when it is not one of those letters. */
static bool tone_of(const char *s, size_t n, char *base, int *tone)
{
	if (n == 1) {
		*base = s[0];
		*tone = 0;
		return strchr("aeouy", s[0]) != NULL;
	}
	for (size_t i = 0; i < sizeof tone_forms / sizeof tone_forms[0]; i++)
		for (int t = 0; t < 5; t++)
			if (strlen(tone_forms[i].toned[t]) == n &&
			    memcmp(tone_forms[i].toned[t], s, n) == 0) {
				*base = tone_forms[i].base;
				*tone = t + 1;
				return true;
			}
	return false;
}

static const char *toned(char base, int tone)
{
	static const char plain[][2] = {"a", "e", "o", "u", "y"};
	for (size_t i = 0; i < sizeof tone_forms / sizeof tone_forms[0]; i++)
		if (tone_forms[i].base == base)
			return tone ? tone_forms[i].toned[tone - 1] : plain[i];
	return "";
}

/* Start of the code point that ends s[0..end). */
static size_t cp_before(const char *s, size_t end)
{
	size_t i = end - 1;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

bool vi_tone_swap(const char *w, size_t n, struct buf *out)
{
	if (n < 2)
		return false;
	size_t v2 = cp_before(w, n);
	if (v2 == 0)
		return false;
	size_t v1 = cp_before(w, v2);
	char b1, b2;
	int t1, t2;
	if (!tone_of(w + v1, v2 - v1, &b1, &t1) || !tone_of(w + v2, n - v2, &b2, &t2))
		return false;
	if (!((b1 == 'o' && (b2 == 'a' || b2 == 'e')) || (b1 == 'u' && b2 == 'y')))
		return false;
	if ((t1 == 0) == (t2 == 0))
		return false; /* no tone, or two: nothing to move */
	/* Only after an initial consonant, or alone: "qu" is a consonant, its u never carries the
	 * tone ("quý"), so a "qúy" is moved and a "quý" has no other form. */
	if (v1 > 0) {
		unsigned char p = (unsigned char)w[v1 - 1];
		bool consonant = (p != 0 && p < 0x80 && strchr("bcdghklmnpqrstvx", p)) ||
				 (v1 >= 2 && memcmp(w + v1 - 2, "đ", 2) == 0);
		if (!consonant || (p == 'q' && t2 != 0))
			return false;
	}
	buf_append(out, w, v1);
	buf_puts(out, toned(b1, t2));
	buf_puts(out, toned(b2, t1));
	return true;
}

bool vi_iy_swap(const char *w, size_t n, struct buf *out)
{
	static const struct {
		const char *y, *i;
	} forms[] = {{"y", "i"}, {"ỳ", "ì"}, {"ý", "í"}, {"ỷ", "ỉ"}, {"ỹ", "ĩ"}, {"ỵ", "ị"}};
	size_t on =
	    n >= 2 && w[0] == 'q' && w[1] == 'u' ? 2 : 1; /* the onset: "qu" or one letter */
	if (n <= on || (on == 1 && (w[0] == '\0' || !strchr("klmsth", w[0]))))
		return false;
	const char *v = w + on;
	size_t vn = n - on;
	for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
		const char *from = NULL, *to = NULL;
		if (strlen(forms[k].y) == vn && memcmp(v, forms[k].y, vn) == 0)
			from = forms[k].y, to = forms[k].i;
		else if (strlen(forms[k].i) == vn && memcmp(v, forms[k].i, vn) == 0)
			from = forms[k].i, to = forms[k].y;
		if (from) {
			buf_append(out, w, on);
			buf_puts(out, to);
			return true;
		}
	}
	return false;
}

static bool is_slug_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

static void append_lower(struct buf *out, const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_putc(out, w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] - 'A' + 'a') : w[i]);
}

/*
 * Adds word w[0..n) to the slug that starts at out->data[base]. Returns false when the slug is full
 * (maxlen reached); a first word longer than maxlen is cut hard so that the slug is not empty.
 */
static bool slug_add_word(struct buf *out, size_t base, const char *w, size_t n, size_t maxlen)
{
	size_t used = out->len - base;
	size_t need = n + (used ? 1 : 0);
	if (maxlen && used + need > maxlen) {
		if (used == 0)
			append_lower(out, w, maxlen);
		return false;
	}
	if (used)
		buf_putc(out, '-');
	append_lower(out, w, n);
	return true;
}

int vi_slug(const char *s, size_t len, size_t maxlen, struct buf *out)
{
	struct buf f = BUF_INIT;
	if (vi_fold(s, len, &f) != 0) {
		buf_free(&f);
		return -1;
	}
	size_t base = out->len, i = 0;
	buf_append(out, "", 0);
	while (i < f.len) {
		while (i < f.len && !is_slug_char(f.data[i]))
			i++;
		size_t w = i;
		while (i < f.len && is_slug_char(f.data[i]))
			i++;
		if (i == w || !slug_add_word(out, base, f.data + w, i - w, maxlen))
			break;
	}
	buf_free(&f);
	return 0;
}

/* ---- Calendar arithmetic (proleptic Gregorian, after H. Hinnant's days_from_civil) ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days since 1970-01-01 of the date y-m-d. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date of day z since 1970-01-01; |z| must keep the year within int. */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

static int64_t clamp_time(int64_t t)
{
	return t < VI_T_MIN ? VI_T_MIN : t > VI_T_MAX ? VI_T_MAX : t;
}

/* Fills tm for UTC instant t (within VI_T_MIN..VI_T_MAX) seen at offset off seconds east of UTC. */
static void fill_tm(int64_t t, int off, struct vi_tm *tm)
{
	int64_t local = t + off;
	int64_t days = floor_div(local, 86400);
	int secs = (int)(local - days * 86400);
	civil_from_days(days, &tm->year, &tm->month, &tm->day);
	tm->hour = secs / 3600;
	tm->min = secs / 60 % 60;
	tm->sec = secs % 60;
	tm->wday = (int)(days + 4 - floor_div(days + 4, 7) * 7); /* 1970-01-01 was a Thursday */
	tm->utc_offset = off;
}

/* ---- Time zones ---- */

static GMutex tz_lock;
static GHashTable *tz_cache; /* owned name -> owned GTimeZone reference; only grows */

static void tz_unref(gpointer z)
{
	g_time_zone_unref(z);
}

/*
 * True when name looks like an IANA zone name ("Asia/Ho_Chi_Minh", "Etc/GMT+7", "UTC"): no paths,
 * no "..", nothing GLib would read as an ISO 8601 offset.
 */
static bool tz_name_ok(const char *name)
{
	if (!name || !name[0] || name[0] == '/' || strlen(name) > VI_TZ_NAME_MAX)
		return false;
	for (const char *p = name; *p; p++) {
		char c = *p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' || c == '+';
		if (!ok)
			return false;
	}
	return true;
}

/* Keeps a reference to z under name unless the cache is full or already has it. */
static void tz_cache_put(const char *name, GTimeZone *z)
{
	g_mutex_lock(&tz_lock);
	if (!tz_cache)
		tz_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, tz_unref);
	if (g_hash_table_size(tz_cache) < VI_TZ_CACHE_MAX && !g_hash_table_contains(tz_cache, name))
		g_hash_table_insert(tz_cache, g_strdup(name), g_time_zone_ref(z));
	g_mutex_unlock(&tz_lock);
}

/* Returns a new reference to the zone called name (the caller unrefs it), or NULL when unknown. */
static GTimeZone *tz_get(const char *name)
{
	if (!tz_name_ok(name))
		return NULL;
	g_mutex_lock(&tz_lock);
	GTimeZone *z = tz_cache ? g_hash_table_lookup(tz_cache, name) : NULL;
	if (z)
		g_time_zone_ref(z);
	g_mutex_unlock(&tz_lock);
	if (z)
		return z;
	/* Loaded outside the lock: it reads a file. Unknown names are not cached. */
	z = g_time_zone_new_identifier(name);
	if (z)
		tz_cache_put(name, z);
	return z;
}

static int tz_offset(GTimeZone *z, int64_t t)
{
	gint i = g_time_zone_find_interval(z, G_TIME_TYPE_UNIVERSAL, t);
	return i < 0 ? 0 : g_time_zone_get_offset(z, i);
}

int vi_localtime(int64_t t, const char *tz, struct vi_tm *out)
{
	t = clamp_time(t);
	GTimeZone *z = tz_get(tz);
	bool known = z != NULL;
	int off = 0;
	if (known) {
		off = tz_offset(z, t);
		g_time_zone_unref(z);
	}
	fill_tm(t, off, out);
	return known ? 0 : -1;
}

bool vi_tz_valid(const char *tz)
{
	GTimeZone *z = tz_get(tz);
	if (!z)
		return false;
	g_time_zone_unref(z);
	return true;
}

/* ---- Date formats ---- */

const char *vi_weekday(int wday)
{
	static const char *const names[7] = {
	    "Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy",
	};
	return wday >= 0 && wday < 7 ? names[wday] : "";
}

/* 12-hour clock: 0 -> 12 AM, 12 -> 12 PM. */
static int hour12(int hour)
{
	return hour % 12 == 0 ? 12 : hour % 12;
}

static const char *ampm(int hour)
{
	return hour < 12 ? "AM" : "PM";
}

void vi_format_clock(struct buf *out, const struct vi_tm *tm)
{
	buf_printf(out, "%s, ngày %d tháng %d năm %d - %d:%02d:%02d %s", vi_weekday(tm->wday),
		   tm->day, tm->month, tm->year, hour12(tm->hour), tm->min, tm->sec,
		   ampm(tm->hour));
}

/* Appends v in decimal with at least width characters, zeros after the sign: printf's "%0*d" (a
 * page writes a dozen dates, and printf was a twentieth of a page not in the cache). */
static void put_padded(struct buf *out, int v, int width)
{
	char d[12];
	size_t n = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do {
		d[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0) {
		buf_putc(out, '-');
		width--;
	}
	for (int k = (int)n; k < width; k++)
		buf_putc(out, '0');
	while (n)
		buf_putc(out, d[--n]);
}

void vi_format_datetime(struct buf *out, const struct vi_tm *tm)
{
	vi_format_date(out, tm);
	buf_puts(out, " - ");
	put_padded(out, hour12(tm->hour), 1);
	buf_putc(out, ':');
	put_padded(out, tm->min, 2);
	buf_putc(out, ':');
	put_padded(out, tm->sec, 2);
	buf_putc(out, ' ');
	buf_puts(out, ampm(tm->hour));
}

void vi_format_date(struct buf *out, const struct vi_tm *tm)
{
	put_padded(out, tm->day, 2);
	buf_putc(out, '/');
	put_padded(out, tm->month, 2);
	buf_putc(out, '/');
	put_padded(out, tm->year, 4);
}

/* ---- Numbers ---- */

/* Appends the digits d[0..n) with '.' between groups of three from the right. */
static void put_grouped(struct buf *out, const char *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf_putc(out, '.');
		buf_putc(out, d[i]);
	}
}

void vi_format_int(struct buf *out, int64_t n)
{
	uint64_t mag = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	char d[24];
	int k = snprintf(d, sizeof d, "%" PRIu64, mag);
	if (n < 0)
		buf_putc(out, '-');
	put_grouped(out, d, (size_t)k);
}

/*
 * The shortest decimal digits that read back as a (> 0, finite): a = 0.d[0]d[1]... * 10^(*e + 1),
 * i.e. d[0] is the digit of weight 10^*e. Returns the digit count (1..17). Robust to any
 * LC_NUMERIC.
 */
static size_t shortest_digits(double a, char d[17], int *e)
{
	char s[40];
	for (int p = 1; p <= 17; p++) {
		snprintf(s, sizeof s, "%.*e", p - 1, a);
		if (strtod(s, NULL) == a)
			break;
	}
	size_t n = 0;
	const char *c = s;
	for (; *c && *c != 'e'; c++)
		if (*c >= '0' && *c <= '9' && n < 17)
			d[n++] = *c;
	*e = *c ? (int)strtol(c + 1, NULL, 10) : 0;
	return n;
}

/*
 * Writes into s the digits of a (> 0, finite) * 10^decimals rounded half away from zero, rounding
 * the shortest decimal form of a (so 1.005 -> 1.01 as written, not as stored). Returns the digit
 * count. s must hold VI_DIGITS_MAX bytes.
 */
static size_t scaled_digits(double a, int decimals, char *s)
{
	char d[17];
	int e;
	size_t p = shortest_digits(a, d, &e);
	long keep = (long)e + decimals + 1;
	if (keep <= 0) {
		s[0] = keep == 0 && d[0] >= '5' ? '1' : '0';
		return 1;
	}
	size_t k = (size_t)keep;
	for (size_t i = 0; i < k; i++)
		s[i] = i < p ? d[i] : '0';
	if (k >= p || d[k] < '5')
		return k;
	size_t i = k;
	while (i > 0 && s[i - 1] == '9')
		s[--i] = '0';
	if (i > 0) {
		s[i - 1]++;
		return k;
	}
	memmove(s + 1, s, k);
	s[0] = '1';
	return k + 1;
}

static bool all_zeros(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '0')
			return false;
	return true;
}

static void put_nonfinite(struct buf *out, double v)
{
	buf_puts(out, isnan(v) ? "NaN" : v < 0 ? "-∞" : "∞");
}

void vi_format_decimal(struct buf *out, double v, int decimals)
{
	if (!isfinite(v)) {
		put_nonfinite(out, v);
		return;
	}
	size_t dec = (size_t)(decimals < 0                 ? 0
			      : decimals > VI_DECIMALS_MAX ? VI_DECIMALS_MAX
							   : decimals);
	char s[VI_DIGITS_MAX];
	size_t n = v == 0 ? 1 : scaled_digits(fabs(v), (int)dec, s);
	if (v == 0)
		s[0] = '0';
	if (n < dec + 1) { /* 0,0x: pad with leading zeros */
		memmove(s + (dec + 1 - n), s, n);
		memset(s, '0', dec + 1 - n);
		n = dec + 1;
	}
	if (v < 0 && !all_zeros(s, n)) /* no "-0,00" */
		buf_putc(out, '-');
	put_grouped(out, s, n - dec);
	if (dec) {
		buf_putc(out, ',');
		buf_append(out, s + n - dec, dec);
	}
}

/* ---- RFC 3339 ---- */

/* Reads exactly n ASCII digits at *p into *v and advances *p; false (p unchanged) otherwise. */
static bool take_digits(const char **p, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		x = x * 10 + (c - '0');
	}
	*p += n;
	*v = x;
	return true;
}

static bool take_char(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

/* "YYYY-MM-DD" with a real day of that month. */
static bool parse_date(const char **p, int *y, int *m, int *d)
{
	if (!take_digits(p, 4, y) || !take_char(p, '-') || !take_digits(p, 2, m) ||
	    !take_char(p, '-') || !take_digits(p, 2, d))
		return false;
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

/* "HH:MM:SS" with an optional fraction, which is skipped; seconds may be 60 (leap second). */
static bool parse_time(const char **p, int *h, int *mi, int *s)
{
	if (!take_digits(p, 2, h) || !take_char(p, ':') || !take_digits(p, 2, mi) ||
	    !take_char(p, ':') || !take_digits(p, 2, s))
		return false;
	if (take_char(p, '.')) {
		if (**p < '0' || **p > '9')
			return false;
		while (**p >= '0' && **p <= '9')
			(*p)++;
	}
	return *h <= 23 && *mi <= 59 && *s <= 60;
}

/* "Z", "z" or "+HH:MM" / "-HH:MM" up to 23:59; *off in seconds east of UTC. */
static bool parse_offset(const char **p, int *off)
{
	int sign = 1, h, m;
	if (take_char(p, 'Z') || take_char(p, 'z')) {
		*off = 0;
		return true;
	}
	if (take_char(p, '-'))
		sign = -1;
	else if (!take_char(p, '+'))
		return false;
	if (!take_digits(p, 2, &h) || !take_char(p, ':') || !take_digits(p, 2, &m))
		return false;
	if (h > 23 || m > 59)
		return false;
	*off = sign * (h * 3600 + m * 60);
	return true;
}

int vi_parse_rfc3339(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, off;
	if (!s || !out)
		return -1;
	const char *p = s;
	if (!parse_date(&p, &y, &mo, &d))
		return -1;
	if (!take_char(&p, 'T') && !take_char(&p, 't') && !take_char(&p, ' '))
		return -1;
	if (!parse_time(&p, &h, &mi, &sec) || !parse_offset(&p, &off) || *p != '\0')
		return -1;
	int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	/* An instant that RFC 3339 cannot write in UTC (year 0000..9999) is refused. */
	if (t < VI_T_MIN || t > VI_T_MAX)
		return -1;
	*out = t;
	return 0;
}

void vi_format_rfc3339(struct buf *out, int64_t t, const char *tz)
{
	struct vi_tm tm;
	t = clamp_time(t);
	vi_localtime(t, tz, &tm);
	/* RFC 3339 offsets are whole minutes; old local mean times (e.g. +07:06:40) are not. */
	int off = tm.utc_offset - tm.utc_offset % 60;
	if (off != tm.utc_offset)
		fill_tm(t, off, &tm);
	if (tm.year < 0 || tm.year > 9999) { /* only at the very ends of the range: write UTC */
		off = 0;
		fill_tm(t, off, &tm);
	}
	int a = off < 0 ? -off : off;
	/* %04d-%02d-%02dT%02d:%02d:%02d+%02d:%02d */
	const int v[] = {tm.year, tm.month, tm.day, tm.hour, tm.min, tm.sec, a / 3600, a / 60 % 60};
	const char after[] = {'-', '-', 'T', ':', ':', off < 0 ? '-' : '+', ':'};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		put_padded(out, v[i], i ? 2 : 4);
		if (i < sizeof after)
			buf_putc(out, after[i]);
	}
}
