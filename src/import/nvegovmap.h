/* NukeViet eGovernment's organs, faq and voting values as Gazette's: the pure rules, tested alone.
 */
#ifndef GZ_IMPORT_NVEGOVMAP_H
#define GZ_IMPORT_NVEGOVMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"

/*
 * Appends what NukeViet's change_alias() makes of s (the alias in a person's address): the
 * Vietnamese letters without their marks (đ and Đ as d and D), every character but an ASCII
 * letter or digit a '-', a run of them one '-', none at either end; the case is kept
 * ("Nguyễn Văn An" -> "Nguyen-Van-An").
 */
void nve_change_alias(const char *s, struct buf *out);

/* Appends the first address of a field that may list several ("a@x.vn; b@x.vn", "a@x.vn, b"):
 * nothing when none has an '@'. */
void nve_first_email(const char *s, struct buf *out);

/*
 * Appends the first site of the organs module's `website` (host names NukeViet separates with ';'
 * and links with "http://" put before): with its scheme ("so.gov.vn" -> "http://so.gov.vn"; one
 * given, http or https, is kept); nothing for none.
 */
void nve_first_website(const char *s, struct buf *out);

/* Appends a person's position: position, then other (position_other) after ", "; either may be
 * empty. */
void nve_position(const char *position, const char *other, struct buf *out);

/*
 * True when NukeViet's groups_view lets a visitor who is not signed in see the item: it lists 6
 * (everybody) or 5 (guests), or is empty (versions before the field, and a list NukeViet left
 * empty).
 */
bool nve_public_groups(const char *groups_view);

/*
 * Whether an imported poll is shown: NukeViet's admin sets `act` 0 for a poll not yet open
 * (publ_time to come) and the module for one past its exp_time; a poll with act 0 between its
 * dates was switched off by hand, and only that one is hidden (inactive) at `now`.
 */
bool nve_poll_active(int64_t act, int64_t publ_time, int64_t exp_time, int64_t now);

/* The page of a category's list an faq entry of `weight` is on (module-faq links to
 * ".../page-N/question-ID" when N > 1): ceil(weight / per_page), 1 without a page size. */
int64_t nve_faq_page(int64_t weight, int64_t per_page);

/*
 * A choice's count after an import: the count in Gazette (cur) plus what the old site counted
 * since the last run (src - base, base being the count that run imported), never below 0. The
 * first run has cur = base = 0: the old site's count exactly.
 */
int64_t nve_votes(int64_t cur, int64_t src, int64_t base);

/* Appends text tidied: each line without spaces at its ends and runs of spaces and tabs made one
 * space, no empty line at the start or end, and between lines at most one empty line (blank) or
 * none (text extracted from HTML, whose blocks and <br> make the lines). */
void nve_tidy_text(const char *s, bool blank, struct buf *out);

#endif
