/* Private to src/admin/: one newsroom request, and the screens' handlers. */
#ifndef GZ_ADMIN_ADMIN_INT_H
#define GZ_ADMIN_ADMIN_INT_H

#include "admin/admin.h"
#include "admin/auth.h"
#include "admin/newsroom.h"
#include "admin/roles.h"
#include "site/page.h"
#include "site/site.h"

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
/* Formats a UTC time as "YYYY-MM-DDTHH:MM" in the site's zone (for datetime-local inputs), "" for
 * 0; and parses one back (returns -1 when invalid). */
const char *admin_local_input(struct admin *ad, int64_t t);
int64_t admin_parse_local(struct admin *ad, const char *s);

/* admin.c: how the newsroom surface runs a row of its table (session, CSRF, role column), and
 * its refusals (after the session check, as a screen would answer). */
void admin_serve(struct page *p);
void admin_refuse(struct page *p, int status);

/* The rows of the newsroom's route table (routes.c); ctx is the struct admin. */
void admin_h_home(void *ctx);        /* articles.c: the list */
void admin_h_new_article(void *ctx); /* GET the editor, POST creates */
void admin_h_article(void *ctx);     /* GET the editor, POST saves */
void admin_h_revisions(void *ctx);
void admin_h_diff(void *ctx);
void admin_h_restore(void *ctx);
void admin_h_action(void *ctx); /* the row's arg is its struct nr_action */
void admin_h_login(void *ctx);  /* login.c */
void admin_h_logout(void *ctx);
void admin_h_password(void *ctx); /* people.c: one's own password */
void admin_h_users(void *ctx);
void admin_h_user(void *ctx);       /* users/{id} and users/{id}/password */
void admin_h_categories(void *ctx); /* sitecfg.c */
void admin_h_category(void *ctx);   /* the row's arg set: delete */
void admin_h_tags(void *ctx);
void admin_h_tag(void *ctx); /* the row's arg set: delete */
void admin_h_settings(void *ctx);
void admin_h_pages(void *ctx); /* pages.c: the static pages */
void admin_h_page(void *ctx);  /* the row's arg set: delete */
void admin_h_units(void *ctx); /* org.c: units and people */
void admin_h_unit(void *ctx);  /* the row's arg set: delete */
void admin_h_people(void *ctx);
void admin_h_person(void *ctx); /* the row's arg set: delete */
void admin_h_audit(void *ctx);  /* audit.c: HTML or CSV */
void admin_h_media(void *ctx);  /* media.c */
void admin_h_media_json(void *ctx);
void admin_h_documents(void *ctx);         /* documents.c: the list */
void admin_h_document(void *ctx);          /* new or {id}: GET the form, POST saves */
void admin_h_document_status(void *ctx);   /* the row's arg set: publish */
void admin_h_document_file(void *ctx);     /* POST an attachment */
void admin_h_document_comments(void *ctx); /* the row's arg set: CSV */
void admin_h_document_comment(void *ctx);  /* POST approve or reject */

/* A piece of a word diff: kept, inserted or deleted text. */
struct diff_seg {
	enum { DIFF_SAME, DIFF_INS, DIFF_DEL } kind;
	const char *text; /* points into one of the two texts: not NUL-terminated */
	size_t len;
};

/* The word-level difference from a to b (diff.c); *n segments in the arena. */
struct diff_seg *admin_diff_words(struct arena *a, const char *from, const char *to, size_t *n);

#endif
