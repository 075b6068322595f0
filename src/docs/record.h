/* Legal document records without storage: dates, validity, relations, the checks a record must
 * pass, and the reader-facing helpers (download file names, the comment form's signed token, CSV).
 */
#ifndef GZ_DOCS_RECORD_H
#define GZ_DOCS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* A calendar date as days since 1970-01-01; DOC_NO_DATE when absent. */
#define DOC_NO_DATE INT32_MIN

/* Parses "YYYY-MM-DD" (a date that exists, years 1900..2999). Returns 0 or -1. */
int doc_date_parse(const char *s, int32_t *out);
/* Appends "YYYY-MM-DD"; "dd/mm/yyyy" with doc_date_format_vi. Nothing for DOC_NO_DATE. */
void doc_date_format(struct buf *out, int32_t day);
void doc_date_format_vi(struct buf *out, int32_t day);
/* The year of a day. */
int doc_date_year(int32_t day);
/* The day (site time zone) of a UTC instant; tz as in vi_localtime. */
int32_t doc_date_today(int64_t now, const char *tz);

enum doc_validity {
	DOC_VALIDITY_IN_FORCE, /* Còn hiệu lực */
	DOC_VALIDITY_EXPIRED,  /* Hết hiệu lực */
	DOC_VALIDITY_NOT_YET,  /* Chưa có hiệu lực */
	DOC_VALIDITY_MAX
};

/*
 * The validity on `today`: not yet before the effective date (the issue date when there is none);
 * expired from the expiry date on, or from `replaced_on` on (the earliest effective date of a
 * published document that replaces it; DOC_NO_DATE when none); in force otherwise.
 */
enum doc_validity doc_validity_on(int32_t today, int32_t issued, int32_t effective, int32_t expires,
				  int32_t replaced_on);
/* "con-hieu-luc"... (URL filters), "in_force"... (API), "Còn hiệu lực"... (people). */
const char *doc_validity_slug(enum doc_validity v);
const char *doc_validity_api(enum doc_validity v);
const char *doc_validity_label(enum doc_validity v);
/* The validity a slug or API value names; DOC_VALIDITY_MAX when none. */
enum doc_validity doc_validity_from(const char *s);

enum doc_relation {
	DOC_REL_REPLACES, /* this document replaces the other */
	DOC_REL_AMENDS,   /* amends or supplements */
	DOC_REL_BASED_ON, /* was made on the basis of */
	DOC_REL_MAX
};

/* "replaces", "amends", "based_on" (store, API, import); the label seen from each side. */
const char *doc_relation_name(enum doc_relation r);
const char *doc_relation_label(enum doc_relation r, bool reverse);
enum doc_relation doc_relation_from(const char *s); /* DOC_REL_MAX when unknown */

/* A document as written by an editor, the API or an import, before checks. Strings borrowed. */
struct doc_fields {
	const char *number, *summary;
	int32_t issued, effective, expires;  /* DOC_NO_DATE when absent */
	int32_t comment_from, comment_until; /* the consultation window, both or neither */
};

/*
 * The checks every record passes whoever writes it: number and summary present, an issue date,
 * no effective or expiry date before the issue date, no expiry before the effective date, a
 * comment window with both ends in order. Returns NULL or a Vietnamese sentence (static).
 */
const char *doc_fields_check(const struct doc_fields *f);

/*
 * A Content-Disposition value (RFC 6266) for an attachment's original name: `inline` or
 * `attachment`, an ASCII fallback `filename="..."` (Vietnamese folded, unsafe characters
 * replaced) and `filename*=UTF-8''...` percent-encoded. Path parts, control characters and
 * quotes never pass; an empty result name becomes "tai-lieu".
 */
void doc_disposition(struct buf *out, const char *name, bool inline_);

/* The attachment name kept for display and downloads: the last path part, controls dropped,
 * at most 200 bytes (cut at a character). Appends "tai-lieu" when nothing is left. */
void doc_safe_name(struct buf *out, const char *name);

#define DOC_FORM_KEY_BYTES 32
#define DOC_FORM_MIN_SECONDS 3     /* a person takes longer than this to write a comment */
#define DOC_FORM_MAX_SECONDS 86400 /* a form older than this is stale */

/* A comment form's token: "<issued unix time>.<hex HMAC of document id and time>". */
void doc_form_token(struct buf *out, const unsigned char key[DOC_FORM_KEY_BYTES], int64_t doc_id,
		    int64_t now);

enum doc_form_rc { DOC_FORM_OK, DOC_FORM_BAD, DOC_FORM_TOO_FAST, DOC_FORM_STALE, DOC_FORM_RC_MAX };

/* Checks a token for doc_id at `now`. */
enum doc_form_rc doc_form_check(const unsigned char key[DOC_FORM_KEY_BYTES], const char *token,
				int64_t doc_id, int64_t now);

/* One CSV cell (RFC 4180) and its separator; a cell that a spreadsheet would take for a formula
 * (= + - @ first) is prefixed with an apostrophe. */
void doc_csv_cell(struct buf *out, const char *s, bool last);

#endif
