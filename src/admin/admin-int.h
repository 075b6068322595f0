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
void admin_h_pages(void *ctx);       /* pages.c: the static pages */
void admin_h_translation(void *ctx); /* translations.c: an article's translation */
void admin_h_page(void *ctx);        /* the row's arg set: delete */
void admin_h_page_action(void *ctx); /* the row's arg: "submit", "return", "publish"... */
void admin_h_page_revisions(void *ctx);
void admin_h_page_diff(void *ctx);
void admin_h_page_restore(void *ctx);
void admin_h_units(void *ctx); /* org.c: units and people */
void admin_h_unit(void *ctx);  /* the row's arg set: delete */
void admin_h_people(void *ctx);
void admin_h_person(void *ctx); /* the row's arg set: delete */
void admin_h_audit(void *ctx);  /* audit.c: HTML or CSV */
void admin_h_media(void *ctx);  /* media.c */
void admin_h_media_json(void *ctx);
void admin_h_media_item(void *ctx); /* the row's arg: "delete" */
/* The compliance screens (issue 15). */
void admin_h_stats(void *ctx);   /* stats.c: the page; the row's arg "svg", "csv" or "xlsx" */
void admin_h_archive(void *ctx); /* archive.c: what was public at a time */
void admin_h_sources(void *ctx); /* sources.c: list, add */
void admin_h_source(void *ctx);  /* edit; the row's arg set: delete */
void admin_h_takedowns(void *ctx);
void admin_h_origin(void *ctx);   /* articles/{id}/origin */
void admin_h_takedown(void *ctx); /* articles/{id}/takedown */
/* The citizens' channels (issue 13), tickets.c. */
void admin_h_tickets(void *ctx);       /* the list of the account's departments */
void admin_h_ticket(void *ctx);        /* one; POST: the row's arg names the action */
void admin_h_ticket_setup(void *ctx);  /* settings and handlers (admins) */
void admin_h_personal_data(void *ctx); /* one person's data exported or erased (admins) */
void admin_h_delete(void *ctx);        /* articles/{id}/delete */
/* Fills the open takedowns with their countdown (has_takedowns, open_takedowns). */
void admin_takedown_banner(struct admin *ad);
void admin_h_documents(void *ctx);         /* documents.c: the list */
void admin_h_document(void *ctx);          /* new or {id}: GET the form, POST saves */
void admin_h_document_status(void *ctx);   /* the row's arg set: publish */
void admin_h_document_file(void *ctx);     /* POST an attachment */
void admin_h_document_comments(void *ctx); /* the row's arg set: CSV */
void admin_h_document_picker(void *ctx);   /* GET ?q=: the relation picker's JSON */
void admin_h_document_comment(void *ctx);  /* POST approve or reject */
void admin_h_polls(void *ctx);             /* polls.c: list, POST creates */
void admin_h_banners(void *ctx);           /* banners.c: list, POST creates */
void admin_h_layout(void *ctx);            /* layout.c: GET the areas, POST saves one */
void admin_h_videos(void *ctx);            /* videos.c: list, POST adds (upload or embed) */
void admin_h_video_delete(void *ctx);
void admin_h_albums(void *ctx); /* albums.c: list, POST creates */
void admin_h_album_delete(void *ctx);
void admin_h_album(void *ctx);  /* albums.c: edit one (captions, order, removal, more photos) */
void admin_h_banner(void *ctx); /* the row's arg set: delete */
void admin_h_poll(void *ctx);   /* the row's arg: NULL (edit), "delete", "csv" */

/* What the editor shows: the article's fields, what was just sent when a save failed, or an
 * autosave. */
struct admin_form {
	const char *title, *lead, *body, *author, *signature, *source, *tags, *expires;
	const char *image_src, *image_alt, *image_caption;
	int64_t category_id, revision;
};

/* autosave.c: POST /admin/autosave keeps the editor's fields in the person's slot for the
 * article (field "article", 0 for a new one); POST /admin/autosave/discard empties it. */
void admin_h_autosave(void *ctx);
void admin_h_autosave_discard(void *ctx);
/* For the editor of article id (0: new) whose stored content is *v: when the person's slot holds
 * something else, offers it (the "autosave" context); with load true puts it in *v instead. */
void admin_autosave_offer(struct admin *ad, int64_t id, struct admin_form *v, bool load);

/* audit_words.c: an audit action code in Vietnamese ("article.unpublish" -> "Gỡ bài"); and an
 * audit object ("article:13") as the entry's "object" (a name) and "object_url" (a link). */
const char *admin_audit_words(const char *code);
void admin_audit_object(struct admin *ad, struct tv *it, const char *object);

/* A piece of a word diff: kept, inserted or deleted text. */
struct diff_seg {
	enum { DIFF_SAME, DIFF_INS, DIFF_DEL } kind;
	const char *text; /* points into one of the two texts: not NUL-terminated */
	size_t len;
};

/* The word-level difference from a to b (diff.c); *n segments in the arena. */
struct diff_seg *admin_diff_words(struct arena *a, const char *from, const char *to, size_t *n);
/* The labelled diff of the revision screens (admin_diff.html): the visible text of sanitised
 * HTML; one field's word diff pushed on fields when it changed, else its label appended to same;
 * the images added to or removed from a body as one more field. */
const char *admin_body_text(struct admin *ad, const char *html);
void admin_diff_field(struct admin *ad, struct tv *fields, struct buf *same, const char *label,
		      const char *from, const char *to);
void admin_diff_images(struct admin *ad, struct tv *fields, const char *from_html,
		       const char *to_html);
/* The featured image of two revisions: the picture replaced, added or removed, and its alt text
 * and caption, as fields of the labelled diff. */
void admin_diff_featured(struct admin *ad, struct tv *fields, struct buf *same,
			 const struct article_image *a, const struct article_image *b);

#endif
