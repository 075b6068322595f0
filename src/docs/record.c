/* Legal document records without storage: dates, validity, relations, checks, download names,
 * the comment form's signed token and CSV cells. */
#include "docs/record.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "vi/vi.h"

/* --- dates (proleptic Gregorian, days since 1970-01-01) --------------------------------------- */

static int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int doc_date_parse(const char *s, int32_t *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return -1;
	int32_t day = days_from_civil(y, m, d);
	int yy, mm, dd;
	civil_from_days(day, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return -1; /* 2023-02-29, 2024-04-31 */
	*out = day;
	return 0;
}

void doc_date_format(struct buf *out, int32_t day)
{
	int y, m, d;
	if (day == DOC_NO_DATE)
		return;
	civil_from_days(day, &y, &m, &d);
	buf_printf(out, "%04d-%02d-%02d", y, m, d);
}

void doc_date_format_vi(struct buf *out, int32_t day)
{
	int y, m, d;
	if (day == DOC_NO_DATE)
		return;
	civil_from_days(day, &y, &m, &d);
	buf_printf(out, "%02d/%02d/%04d", d, m, y);
}

int doc_date_year(int32_t day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	return y;
}

int32_t doc_date_today(int64_t now, const char *tz)
{
	struct vi_tm tm;
	vi_localtime(now, tz, &tm);
	return days_from_civil(tm.year, tm.month, tm.day);
}

/* --- validity and relations ------------------------------------------------------------------- */

static const char *const validity[DOC_VALIDITY_MAX][3] = {
    [DOC_VALIDITY_IN_FORCE] = {"con-hieu-luc", "in_force", "Còn hiệu lực"},
    [DOC_VALIDITY_EXPIRED] = {"het-hieu-luc", "expired", "Hết hiệu lực"},
    [DOC_VALIDITY_NOT_YET] = {"chua-co-hieu-luc", "not_yet", "Chưa có hiệu lực"},
};

enum doc_validity doc_validity_on(int32_t today, int32_t issued, int32_t effective, int32_t expires,
				  int32_t replaced_on)
{
	int32_t from = effective != DOC_NO_DATE ? effective : issued;
	if (from != DOC_NO_DATE && today < from)
		return DOC_VALIDITY_NOT_YET;
	if (expires != DOC_NO_DATE && today >= expires)
		return DOC_VALIDITY_EXPIRED;
	if (replaced_on != DOC_NO_DATE && today >= replaced_on)
		return DOC_VALIDITY_EXPIRED;
	return DOC_VALIDITY_IN_FORCE;
}

const char *doc_validity_slug(enum doc_validity v)
{
	return (unsigned)v < DOC_VALIDITY_MAX ? validity[v][0] : "";
}

const char *doc_validity_api(enum doc_validity v)
{
	return (unsigned)v < DOC_VALIDITY_MAX ? validity[v][1] : "";
}

const char *doc_validity_label(enum doc_validity v)
{
	return (unsigned)v < DOC_VALIDITY_MAX ? validity[v][2] : "";
}

enum doc_validity doc_validity_from(const char *s)
{
	for (int v = 0; s && v < DOC_VALIDITY_MAX; v++)
		if (strcmp(s, validity[v][0]) == 0 || strcmp(s, validity[v][1]) == 0)
			return (enum doc_validity)v;
	return DOC_VALIDITY_MAX;
}

static const char *const relations[DOC_REL_MAX][3] = {
    [DOC_REL_REPLACES] = {"replaces", "Thay thế", "Bị thay thế bởi"},
    [DOC_REL_AMENDS] = {"amends", "Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi"},
    [DOC_REL_BASED_ON] = {"based_on", "Căn cứ", "Là căn cứ của"},
};

const char *doc_relation_name(enum doc_relation r)
{
	return (unsigned)r < DOC_REL_MAX ? relations[r][0] : "";
}

const char *doc_relation_label(enum doc_relation r, bool reverse)
{
	return (unsigned)r < DOC_REL_MAX ? relations[r][reverse ? 2 : 1] : "";
}

enum doc_relation doc_relation_from(const char *s)
{
	for (int r = 0; s && r < DOC_REL_MAX; r++)
		if (strcmp(s, relations[r][0]) == 0)
			return (enum doc_relation)r;
	return DOC_REL_MAX;
}

/* --- checks ----------------------------------------------------------------------------------- */

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

const char *doc_fields_check(const struct doc_fields *f)
{
	if (blank(f->number))
		return "Thiếu số ký hiệu văn bản.";
	if (blank(f->summary))
		return "Thiếu trích yếu văn bản.";
	if (f->issued == DOC_NO_DATE)
		return "Thiếu ngày ban hành.";
	if (f->effective != DOC_NO_DATE && f->effective < f->issued)
		return "Ngày có hiệu lực không được trước ngày ban hành.";
	if (f->expires != DOC_NO_DATE && f->expires <= f->issued)
		return "Ngày hết hiệu lực phải sau ngày ban hành.";
	if (f->expires != DOC_NO_DATE && f->effective != DOC_NO_DATE && f->expires <= f->effective)
		return "Ngày hết hiệu lực phải sau ngày có hiệu lực.";
	if ((f->comment_from == DOC_NO_DATE) != (f->comment_until == DOC_NO_DATE))
		return "Thời gian lấy ý kiến cần cả ngày bắt đầu và ngày kết thúc.";
	if (f->comment_from != DOC_NO_DATE && f->comment_until < f->comment_from)
		return "Ngày kết thúc lấy ý kiến không được trước ngày bắt đầu.";
	return NULL;
}

/* --- download names --------------------------------------------------------------------------- */

#define NAME_MAX_BYTES 200

void doc_safe_name(struct buf *out, const char *name)
{
	const char *s = name ? name : "";
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	size_t start = out->len, n = 0;
	struct buf tmp = BUF_INIT;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7F && *p != '"')
			buf_putc(&tmp, *p);
	const char *t = buf_cstr(&tmp);
	if (vi_utf8_valid(t, tmp.len)) {
		n = tmp.len < NAME_MAX_BYTES ? tmp.len : NAME_MAX_BYTES;
		while (n > 0 && n < tmp.len && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--;
	}
	while (n > 0 && (t[0] == ' ' || t[0] == '.'))
		t++, n--; /* no hidden or blank names */
	buf_append(out, t, n);
	if (out->len == start)
		buf_puts(out, "tai-lieu");
	buf_free(&tmp);
}

/* The extension of name: ASCII letters and digits only, lower-cased, at most 8. */
static void ascii_ext(struct buf *out, const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || dot == name || strlen(dot + 1) > 8)
		return;
	for (const char *p = dot + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9')))
			return;
	buf_putc(out, '.');
	for (const char *p = dot + 1; *p; p++)
		buf_putc(out, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
}

void doc_disposition(struct buf *out, const char *name, bool inline_)
{
	struct buf safe = BUF_INIT, ext = BUF_INIT;
	doc_safe_name(&safe, name);
	ascii_ext(&ext, safe.data);
	size_t stem = safe.len - ext.len;
	buf_puts(out, inline_ ? "inline; filename=\"" : "attachment; filename=\"");
	size_t before = out->len;
	vi_slug(safe.data, stem, 120, out);
	if (out->len == before)
		buf_puts(out, "tai-lieu");
	buf_append(out, ext.data, ext.len);
	buf_puts(out, "\"; filename*=UTF-8''");
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < safe.len; i++) {
		unsigned char c = (unsigned char)safe.data[i];
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c);
		if (plain && c) {
			buf_putc(out, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(out, e, 3);
		}
	}
	buf_free(&safe);
	buf_free(&ext);
}

/* --- the comment form's token ----------------------------------------------------------------- */

static void form_mac(const unsigned char *key, int64_t doc_id, int64_t issued, char hex[65])
{
	char msg[64];
	int n = snprintf(msg, sizeof msg, "doc-comment:%" PRId64 ":%" PRId64, doc_id, issued);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)n, key);
	sodium_bin2hex(hex, 65, mac, sizeof mac);
}

void doc_form_token(struct buf *out, const unsigned char key[DOC_FORM_KEY_BYTES], int64_t doc_id,
		    int64_t now)
{
	char hex[65];
	form_mac(key, doc_id, now, hex);
	buf_printf(out, "%" PRId64 ".%s", now, hex);
}

enum doc_form_rc doc_form_check(const unsigned char key[DOC_FORM_KEY_BYTES], const char *token,
				int64_t doc_id, int64_t now)
{
	if (!token)
		return DOC_FORM_BAD;
	char *end;
	long long issued = strtoll(token, &end, 10);
	if (end == token || *end != '.' || strlen(end + 1) != 64 || issued <= 0)
		return DOC_FORM_BAD;
	char hex[65];
	form_mac(key, doc_id, issued, hex);
	if (sodium_memcmp(hex, end + 1, 64) != 0)
		return DOC_FORM_BAD;
	if (now - issued < DOC_FORM_MIN_SECONDS)
		return DOC_FORM_TOO_FAST;
	if (now - issued > DOC_FORM_MAX_SECONDS)
		return DOC_FORM_STALE;
	return DOC_FORM_OK;
}

/* --- CSV -------------------------------------------------------------------------------------- */

void doc_csv_cell(struct buf *out, const char *s, bool last)
{
	s = s ? s : "";
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_putc(out, '"');
	if (formula)
		buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	if (quote)
		buf_putc(out, '"');
	buf_puts(out, last ? "\r\n" : ",");
}
