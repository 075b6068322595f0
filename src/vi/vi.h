/* Vietnamese text: NFC normalisation, folding, slugs, and Vietnamese date and number formats. */
#ifndef GZ_VI_VI_H
#define GZ_VI_VI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* True when s[0..len) is valid UTF-8 without NUL bytes. */
bool vi_utf8_valid(const char *s, size_t len);

/*
 * Appends the NFC form of s[0..len) to out. Returns 0, or -1 (out unchanged) when s is not valid
 * UTF-8 or contains a NUL byte.
 */
int vi_nfc(const char *s, size_t len, struct buf *out);

/*
 * Appends the search/slug fold of s[0..len) to out: NFC, lower case, diacritics removed, đ/Đ -> d.
 * Non-letters are kept as they are (lower-cased). Returns 0, or -1 on invalid UTF-8.
 */
int vi_fold(const char *s, size_t len, struct buf *out);

/*
 * Appends an ASCII slug of s to out: folded, runs of anything but [a-z0-9] become one '-', no
 * leading or trailing '-', cut at a '-' boundary to at most maxlen bytes (maxlen 0: no limit). An
 * input with no letters or digits gives "" (callers choose a fallback). Returns 0, or -1 on invalid
 * UTF-8.
 */
int vi_slug(const char *s, size_t len, size_t maxlen, struct buf *out);

/*
 * The other spelling of a word whose tone mark Vietnamese writes in two places: a syllable that
 * ends in "oa", "oe" or "uy" after its initial consonant, written with the mark on the first vowel
 * ("hòa", "khỏe", "thủy": the older rule) or on the second ("hoà", "khoẻ", "thuỷ": the 1980s
 * rule); both are everywhere, often on one site. w[0..n) is a word in lower-case NFC. Appends the
 * other form to out and returns true, or returns false (out unchanged) when the word has none.
 */
bool vi_tone_swap(const char *w, size_t n, struct buf *out);

/*
 * The other spelling of a syllable written with either "y" or "i" after its consonant: "kỹ"/"kĩ",
 * "lý"/"lí", "mỹ"/"mĩ", "sỹ"/"sĩ", "tỷ"/"tỉ", "hy"/"hi", "quy"/"qui" (the 1984 rules prefer "i",
 * texts and names keep both). Only a syllable of one of the consonants k, l, m, s, t, h or "qu"
 * and that vowel alone, its tone kept. w[0..n) is a word in lower-case NFC (or its fold). Appends
 * the other form to out and returns true, or returns false (out unchanged).
 */
bool vi_iy_swap(const char *w, size_t n, struct buf *out);

/* Broken-down local time in a named time zone. */
struct vi_tm {
	int year, month, day; /* month 1..12, day 1..31 */
	int hour, min, sec;   /* hour 0..23 */
	int wday;             /* 0 = Sunday .. 6 = Saturday */
	int utc_offset;       /* seconds east of UTC */
};

/*
 * Converts a UTC Unix time to local time in tz (an IANA name such as "Asia/Ho_Chi_Minh"). Returns
 * 0, or -1 when tz is unknown (out is then filled for UTC). Thread-safe; zones are cached.
 */
int vi_localtime(int64_t t, const char *tz, struct vi_tm *out);

/* True when tz names a time zone known to this machine. */
bool vi_tz_valid(const char *tz);

/* "Chủ Nhật", "Thứ Hai", ... "Thứ Bảy" for wday 0..6. */
const char *vi_weekday(int wday);

/* Header clock: "Thứ Ba, ngày 25 tháng 1 năm 2022 - 11:15:17 PM". */
void vi_format_clock(struct buf *out, const struct vi_tm *tm);

/* Metadata line time: "02/03/2021 - 4:13:06 PM". */
void vi_format_datetime(struct buf *out, const struct vi_tm *tm);

/* Date only: "02/03/2021". */
void vi_format_date(struct buf *out, const struct vi_tm *tm);

/* Integer with '.' thousands separators: 49776 -> "49.776", -1234567 -> "-1.234.567". */
void vi_format_int(struct buf *out, int64_t n);

/*
 * Decimal with ',' as the decimal mark and '.' thousands separators, `decimals` digits after the
 * mark, trailing zeros kept: (81.6, 1) -> "81,6"; (547.44, 2) -> "547,44"; (49776.0, 0) ->
 * "49.776".
 */
void vi_format_decimal(struct buf *out, double v, int decimals);

/*
 * Parses an RFC 3339 timestamp with a mandatory offset ("2021-03-02T16:13:06+07:00", "...Z",
 * optional fraction which is dropped, 'T' or ' ' as separator). Validates ranges (month, day in
 * month incl. leap years, hour, minute, second 0..60, offset within +-23:59). Returns 0 and the UTC
 * Unix time, or -1.
 */
int vi_parse_rfc3339(const char *s, int64_t *out);

/* Appends t as RFC 3339 in the given zone with its offset, e.g. "2021-03-02T16:13:06+07:00". */
void vi_format_rfc3339(struct buf *out, int64_t t, const char *tz);

#endif
