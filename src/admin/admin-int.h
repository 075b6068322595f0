/* Private to src/admin/: one newsroom request, and the screens' handlers. */
#ifndef GZ_ADMIN_ADMIN_INT_H
#define GZ_ADMIN_ADMIN_INT_H

#include "admin/admin.h"
#include "admin/auth.h"
#include "admin/newsroom.h"
#include "admin/roles.h"
#include "site/site-int.h"

/* A request in the newsroom, after login and CSRF checks. */
struct admin {
	struct page *p;
	struct user user;
	const char *csrf;
	struct http_form form;    /* the POST body, parsed (a multipart body's plain fields) */
	struct http_multipart mp; /* a multipart/form-data POST body's parts, else empty */
	struct nr_ctx nr;
	struct tv *ctx; /* = p->ctx */
};

/* Renders an admin template with the shared parts (user, menu, CSRF token) filled in. */
void admin_render(struct admin *ad, int status, const char *name);
/* 303 See Other to a newsroom path. */
void admin_redirect(struct admin *ad, const char *location);
/* A page with a message and the status (403, 404, 409, 422...). */
void admin_message(struct admin *ad, int status, const char *title, const char *message);
/* Answers with the status of r and why; for results of newsroom operations. */
void admin_fail(struct admin *ad, enum nr_result r, const char *why);
/* A field of the POSTed form, "" when absent. */
const char *admin_field(struct admin *ad, const char *name);
/* The NFC form of s without surrounding blanks, in the arena; NULL when it is not valid text or
 * longer than max_cp code points. */
const char *admin_clean(struct admin *ad, const char *s, size_t max_cp);
/* True when the user has at least role r; otherwise answers 403 and returns false. */
bool admin_require(struct admin *ad, enum role r);
/* Formats a UTC time as "YYYY-MM-DDTHH:MM" in the site's zone (for datetime-local inputs), "" for
 * 0; and parses one back (returns -1 when invalid). */
const char *admin_local_input(struct admin *ad, int64_t t);
int64_t admin_parse_local(struct admin *ad, const char *s);

/* Screens. `rest` is the path after "/admin/". Each returns false when it does not know the path.
 */
bool admin_articles(struct admin *ad, const char *rest);
bool admin_people(struct admin *ad, const char *rest); /* users, password */
bool admin_site(struct admin *ad, const char *rest);   /* categories, tags, settings */
bool admin_audit_page(struct admin *ad, const char *rest);
bool admin_media(struct admin *ad, const char *rest); /* media library, uploads, media.json */
bool admin_stats(struct admin *ad, const char *rest); /* stats, stats.svg, .csv, .xlsx */
bool admin_archive(struct admin *ad, const char *rest);
/* sources, takedowns, articles/{id}/origin|takedown|delete */
bool admin_compliance(struct admin *ad, const char *rest);
/* Fills the open takedowns with their countdown (has_takedowns, open_takedowns). */
void admin_takedown_banner(struct admin *ad);

/* A piece of a word diff: kept, inserted or deleted text. */
struct diff_seg {
	enum { DIFF_SAME, DIFF_INS, DIFF_DEL } kind;
	const char *text; /* points into one of the two texts: not NUL-terminated */
	size_t len;
};

/* The word-level difference from a to b (diff.c); *n segments in the arena. */
struct diff_seg *diff_words(struct arena *a, const char *from, const char *to, size_t *n);

#endif
