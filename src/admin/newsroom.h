/* The newsroom's operations on articles, shared by the browser screens and the write API: every
 * one checks the role on the server, sanitises, keeps a revision and writes the audit log. */
#ifndef GZ_ADMIN_NEWSROOM_H
#define GZ_ADMIN_NEWSROOM_H

#include <stdbool.h>
#include <stdint.h>

#include "admin/roles.h"
#include "core/arena.h"
#include "core/buf.h"
#include "store/store.h"

enum nr_result {
	NR_OK = 0,
	NR_NOTFOUND,
	NR_FORBIDDEN,   /* the role or its category limits do not allow it */
	NR_CONFLICT,    /* saved from a stale revision, or a transition the status does not allow */
	NR_INVALID,     /* a field is missing or wrong; the reason says which */
	NR_UNAVAILABLE, /* the database is down for a moment */
	NR_ERROR,
	NR_RESULT_MAX
};

/* Who acts, from where, and the category tree they act in. */
struct nr_ctx {
	struct store *st;
	struct arena *a;
	const struct user *user;
	const char *address;
	struct category *cats;
	size_t ncats;
	void (*changed)(void *cls); /* content changed: drop page caches now */
	void *changed_cls;
};

/* Loads the category tree into ctx. */
enum nr_result nr_begin(struct nr_ctx *ctx);

/* Fields of an article as a person or a client sends them; unset fields are left as they are. */
struct nr_fields {
	const char *title, *lead, *body_html, *author, *signature, *source;
	int64_t category_id; /* 0: unset */
	const char *const *tags;
	size_t ntags;
	bool has_tags;
	int64_t expires_at; /* -1: unset; 0: never */
	/* The featured image: NULL leaves it as it is; image_src "" removes it. */
	const char *image_src, *image_alt, *image_caption;
};

void nr_fields_init(struct nr_fields *f);

/* Creates a draft owned by the user. why gets a reason in Vietnamese when it fails. */
enum nr_result nr_create(struct nr_ctx *ctx, const struct nr_fields *f, int64_t *id,
			 struct buf *why);
/* Saves fields over article id, based on revision `based_on` (0: no check). */
enum nr_result nr_update(struct nr_ctx *ctx, int64_t id, int64_t based_on,
			 const struct nr_fields *f, struct buf *why);
/* submit, return (comment required), publish (at: 0 now, else that UTC time), unpublish, feature
 * and unfeature (ACT_FEATURE with on). */
enum nr_result nr_transition(struct nr_ctx *ctx, int64_t id, enum article_action act, int64_t at,
			     const char *comment, bool on, struct buf *why);
/* The same, after saving f over the article (based on revision `based_on`, as nr_update) in one
 * transaction: all or nothing. The save is skipped when the user may not edit the article (the
 * action alone runs on what is stored) or when f changes nothing; f NULL is nr_transition. */
enum nr_result nr_save_transition(struct nr_ctx *ctx, int64_t id, int64_t based_on,
				  const struct nr_fields *f, enum article_action act, int64_t at,
				  const char *comment, bool on, struct buf *why);
/* The workflow actions of an article, by URL name (/admin/articles/{id}/NAME, and the same under
 * /api/v1/): both route tables point their rows at these. */
enum nr_action_id {
	NR_SUBMIT,
	NR_RETURN,
	NR_PUBLISH,
	NR_UNPUBLISH,
	NR_FEATURE,
	NR_UNFEATURE,
	NR_ACTION_MAX
};
struct nr_action {
	const char *name;
	enum article_action act;
	bool on;           /* feature (true) or unfeature */
	const char *field; /* the one field it takes: "at" (publish), "comment" (return), or NULL */
};
extern const struct nr_action nr_actions[NR_ACTION_MAX];

/* Makes revision `rev` the current content again (as a new revision). */
enum nr_result nr_restore(struct nr_ctx *ctx, int64_t id, int64_t rev, struct buf *why);
/* Deletes an article (publishers and admins of its category): off the site at once; the archive
 * keeps the versions that were public for its retention. */
enum nr_result nr_delete(struct nr_ctx *ctx, int64_t id, struct buf *why);
/* Loads an article the user may see in the newsroom. */
enum nr_result nr_get(struct nr_ctx *ctx, int64_t id, struct article *out, struct buf *why);

/* The one vocabulary of states: where article a stands at `now`, and its label ("Nháp", "Chờ
 * duyệt", "Bị trả lại", "Đã lên lịch", "Đã xuất bản", "Đã gỡ", "Hết hạn"). */
enum article_state nr_state(const struct article *a, int64_t now);
const char *nr_state_label(enum article_state s);

/* Records an audit entry for the acting user. */
void nr_audit(struct nr_ctx *ctx, const char *action, const char *object, const char *detail);

/* HTTP status for a result. */
int nr_status(enum nr_result r);
/* The result a store code stands for (STORE_NOTFOUND -> NR_NOTFOUND...). */
enum nr_result nr_of_store(enum store_rc rc);

#endif
