/* NukeViet's laws module ("Văn bản") values as Gazette's documents want them: dates, lists of
 * ids and files, visibility, numbers and text. No storage: the mapping rules alone. */
#ifndef GZ_IMPORT_NVLAWSMAP_H
#define GZ_IMPORT_NVLAWSMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* The calendar day (days since 1970-01-01) of NukeViet's Unix time t in time zone tz (NukeViet
 * stores a date as the midnight that starts it, in the site's zone); DOC_NO_DATE when t <= 0. */
int32_t nvl_day(int64_t t, const char *tz);

/* The positive ids of a comma-separated list ("3,5, 7"), in order and without repeats, at most
 * max of them into out. Returns how many; other items are ignored. */
size_t nvl_ids(const char *list, int64_t *out, size_t max);

/* The next item of a comma-separated list at *s, trimmed, into item (reset first); empty items
 * are passed over. Returns false at the end. *s moves past the item. */
bool nvl_next_item(const char **s, struct buf *item);

/* True for an entry of `files` that is an address elsewhere ("https://…", "//host/…"), false for
 * a file under the module's uploads folder. */
bool nvl_is_remote(const char *file);

/* True when NukeViet's group list (groups_view) lets a visitor without an account see the record:
 * it holds 6 (everybody) or 5 (guests), as nv_user_in_groups decides. */
bool nvl_public(const char *groups);

/*
 * Appends the text of one of NukeViet's escaped fields: <br> as a line break when lines (the
 * summary) or a space, character references decoded, NFC, tabs and other control characters made
 * spaces, runs of spaces made one, each line trimmed, at most max code points (cut at a character).
 */
void nvl_text(const char *s, size_t max, bool lines, struct buf *out);

/*
 * Appends the number and symbol Gazette accepts for NukeViet's `code` ("Số: 15/2024/QĐ-UBND" ->
 * "15/2024/QĐ-UBND"): a leading "Số:" dropped, characters docs/number.h does not allow made spaces,
 * then doc_number_clean. Returns 0, or -1 (nothing appended) when nothing is left or it is too
 * long.
 */
int nvl_number(const char *code, struct buf *out);

/* What nvl_dates_fix had to change. */
enum nvl_dropped {
	NVL_DROP_EFFECTIVE = 1, /* effective before the issue date */
	NVL_DROP_EXPIRES = 2,   /* expiry not after the issue or effective date */
	NVL_DROP_WINDOW = 4,    /* a comment window without its end, or ending before it opens */
	NVL_WINDOW_OPENED = 8,  /* a window without its start: it opens on the issue date */
};

/* A document's days (DOC_NO_DATE when absent); issued is present. */
struct nvl_dates {
	int32_t issued, effective, expires, comment_from, comment_until;
};

/* Makes d pass doc_fields_check's rules on dates, as NukeViet did not always check them (not at
 * all in a module that takes comments): returns the enum nvl_dropped bits of what it changed. */
unsigned nvl_dates_fix(struct nvl_dates *d);

#endif
