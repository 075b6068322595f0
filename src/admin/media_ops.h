/* The newsroom's operations on the media library, shared by the media screen and the API: uploads
 * checked and re-encoded, descriptions, deletion refused while a file is used, all audited. */
#ifndef GZ_ADMIN_MEDIA_OPS_H
#define GZ_ADMIN_MEDIA_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "admin/newsroom.h"

enum nr_media_rc {
	NR_MEDIA_OK = 0,
	NR_MEDIA_OFF,         /* no media folder: 503 */
	NR_MEDIA_NO_FILE,     /* no file, or an empty one: 422 */
	NR_MEDIA_TOO_LARGE,   /* over the upload limit: 413 */
	NR_MEDIA_BAD_TYPE,    /* not JPEG, PNG, GIF or WebP by content: 415 */
	NR_MEDIA_UNDECODABLE, /* the right magic, but it cannot be decoded: 422 */
	NR_MEDIA_TOO_MANY_PX, /* a pixel bomb, refused from its header: 422 */
	NR_MEDIA_INVALID,     /* a name, alt text or caption too long or not text: 422 */
	NR_MEDIA_NOTFOUND,    /* 404 */
	NR_MEDIA_FORBIDDEN,   /* neither its uploader nor an editor: 403 */
	NR_MEDIA_IN_USE,      /* deletion refused: the file is used somewhere: 409 */
	NR_MEDIA_UNAVAILABLE, /* the database is down for a moment: 503 */
	NR_MEDIA_ERROR,       /* 500 */
	NR_MEDIA_RC_MAX
};

/* How a failure is answered: HTTP status, the API's code, a title and a message in Vietnamese. */
struct nr_media_refusal {
	int status;
	const char *code;
	const char *title;
	const char *message;
};

/* The answer to rc (never NULL; NR_MEDIA_OK gives a 200 row). */
const struct nr_media_refusal *nr_media_refusal(enum nr_media_rc rc);

#define NR_MEDIA_NAME_MAX 200 /* code points */
#define NR_MEDIA_ALT_MAX 300
#define NR_MEDIA_CAPTION_MAX 1000

/* What a person may write about a file; a NULL field is left as it is (on upload: ""). */
struct nr_media_text {
	const char *name, *alt, *caption;
};

/*
 * Checks an upload by content and size (the pixel bomb refused from its header), re-encodes it
 * without metadata (media_save), records it with the text in t (name defaults to the uploaded
 * file's base name) and writes the audit log. *out gets the stored row. Nothing is left behind
 * on failure.
 */
enum nr_media_rc nr_media_upload(struct nr_ctx *ctx, const char *dir, size_t max_bytes,
				 const char *filename, const void *data, size_t len,
				 const struct nr_media_text *t, struct media *out);

/* Sets the name, alt text and caption of media id (its uploader, or an editor and above). */
enum nr_media_rc nr_media_describe(struct nr_ctx *ctx, int64_t id, const struct nr_media_text *t);

/* Whether the user may change or delete m: its uploader, or an editor and above. */
bool nr_media_may_change(const struct nr_ctx *ctx, const struct media *m);

/*
 * Deletes media id and its files (original, thumbnail, public thumbnails), audited, when nothing
 * uses it; otherwise NR_MEDIA_IN_USE with the places in *uses (in the arena; may be NULL when not
 * wanted). Its uploader, or an editor and above.
 */
enum nr_media_rc nr_media_delete(struct nr_ctx *ctx, const char *dir, int64_t id,
				 struct media_use **uses, size_t *nuses);

/* Hides the title of every article among u[0..n) that the user may not see in the newsroom (and
 * that is not public): "(một bài viết bạn không được xem)". */
void nr_media_uses_redact(struct nr_ctx *ctx, struct media_use *u, size_t n);

/* A use's kind in Vietnamese ("Nội dung bài viết", "Ảnh đại diện"...), and where the newsroom
 * edits it ("/admin/articles/12"; "" when there is no one place). */
const char *nr_media_use_label(const struct media_use *u);
const char *nr_media_use_url(struct arena *a, const struct media_use *u);

#endif
