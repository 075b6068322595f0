/* The portal widgets' storage (DESIGN.md section 12): visitor counter, polls, banners and links,
 * the layout of the home page and the right column. Part of the store interface (store.h). */
#ifndef GZ_STORE_WIDGETS_H
#define GZ_STORE_WIDGETS_H

#include "store/store.h"

/* The site's widget secret (hex, the same on every node): keys the visitor hash and signs the
 * poll cookie. */
enum store_rc store_widget_secret(struct store *st, struct arena *a, const char **hex);
/* Announces a change of what readers see (widgets have no triggers): every node's page cache drops
 * it at once. */
enum store_rc store_widgets_changed(struct store *st);

/* --- visitor counter -------------------------------------------------------------------------- */

/* A visitor seen on a local day (days since 1970-01-01 in the site's zone) at time seen. */
struct visitor_hit {
	int64_t vid; /* a keyed hash of the visitor, never their address */
	int64_t seen;
	int64_t day;
};

/* Records hits in one transaction: a visitor new to its day adds one to that day's count (once,
 * whichever node saw them first), a known one only moves its last time; forgets the visitors of
 * days before purge_before. */
enum store_rc store_visitors_add(struct store *st, const struct visitor_hit *h, size_t n,
				 int64_t purge_before);

struct visitor_counts {
	int64_t online, today, month, total;
};
/* Distinct visitors seen since `since`; visitors of day `today`, of days month_first..today, and of
 * every day. */
enum store_rc store_visitors_counts(struct store *st, int64_t since, int64_t today,
				    int64_t month_first, struct visitor_counts *out);

/* --- polls ------------------------------------------------------------------------------------ */

struct poll_choice {
	int64_t id;
	const char *label;
	int64_t votes;
};

struct poll {
	int64_t id;
	const char *question;
	bool multiple;
	int max_choices;          /* at most this many choices per vote when multiple */
	int64_t opens_at;         /* 0: open from creation */
	int64_t closes_at;        /* 0: never closes */
	bool results_after_close; /* results only once closed (else after voting) */
	int per_address;          /* most votes from one address; 0: no limit */
	const char *position;     /* "right", "home", "article" */
	int sort;
	bool active;
	struct poll_choice *choices;
	size_t nchoices;
	int64_t total; /* sum of the choices' votes */
};

/* One poll with its choices; STORE_NOTFOUND when there is none. */
enum store_rc store_poll_get(struct store *st, struct arena *a, int64_t id, struct poll *out);
/* Every poll with its choices, by position, order and id. */
enum store_rc store_polls(struct store *st, struct arena *a, struct poll **out, size_t *n);
/* Inserts (p->id 0, *id gets the new id) or updates a poll; renames[i] (non-NULL) renames choice
 * p->choices[i] (an empty label deletes it when it has no votes); adds[0..nadd) are new choices. */
enum store_rc store_poll_save(struct store *st, const struct poll *p, const char *const *adds,
			      size_t nadd, int64_t *id);
enum store_rc store_poll_delete(struct store *st, int64_t id);
/* Sets the count of choice choice_id of poll poll_id to votes (an importer's exact count; readers'
 * votes go through store_poll_vote). STORE_NOTFOUND when the poll has no such choice. */
enum store_rc store_poll_choice_votes(struct store *st, int64_t poll_id, int64_t choice_id,
				      int64_t votes);

enum vote_result {
	VOTE_OK = 0,
	VOTE_AGAIN,      /* this voter voted in this poll already */
	VOTE_ADDRESS,    /* the address reached the poll's limit */
	VOTE_BAD_CHOICE, /* a choice is not one of the poll's */
	VOTE_FAILED,     /* the store failed (see *rc) */
};
/* Counts one vote for choices[0..n) of poll_id by voter from address, all or nothing. */
enum vote_result store_poll_vote(struct store *st, int64_t poll_id, const int64_t *choices,
				 size_t n, const char *voter, const char *address, int per_address,
				 int64_t at, enum store_rc *rc);

/* True in *voted when voter has voted in poll_id. */
enum store_rc store_poll_voted(struct store *st, int64_t poll_id, const char *voter, bool *voted);

/* --- banners and website links --------------------------------------------------------------- */

struct banner {
	int64_t id;
	const char *kind; /* "banner" (image or text) or "link" (the "Liên kết website" list) */
	const char *position; /* "header", "right", "footer", "between" (home blocks), "links" */
	const char *title;
	const char *image; /* "" for a text banner */
	const char *url;   /* where /r/{id} goes: checked when saved */
	const char *rel;   /* "", "sponsored", "nofollow" or "sponsored nofollow" */
	int64_t starts_at; /* 0: from now */
	int64_t ends_at;   /* 0: no end */
	int sort;
	int64_t clicks;
};

enum store_rc store_banners(struct store *st, struct arena *a, struct banner **out, size_t *n);
enum store_rc store_banner_get(struct store *st, struct arena *a, int64_t id, struct banner *out);
/* Inserts (b->id 0; *id gets the new id) or updates a banner. */
enum store_rc store_banner_save(struct store *st, const struct banner *b, int64_t *id);
enum store_rc store_banner_delete(struct store *st, int64_t id);
/* One click more (commutative: exact across nodes). */
enum store_rc store_banner_click(struct store *st, int64_t id);

/* --- the layout of the home page and the right column ----------------------------------------- */

struct layout_block {
	int64_t id;
	const char *area; /* "home" or "right" */
	int sort;
	const char *kind; /* "lead", "latest", "category", "popular", "poll", "visitors", "banners",
			   * "links", "html", "documents", "album", "video" */
	int64_t arg;      /* the category of "category", the poll of "poll" (0: every poll there) */
	const char *title;
	const char *html; /* "html" blocks: sanitised when saved */
};

/* The blocks of an area in order; none means the theme's default. */
enum store_rc store_layout(struct store *st, struct arena *a, const char *area,
			   struct layout_block **out, size_t *n);
/* Replaces the area's blocks with b[0..n), all or nothing; every node shows it at its next
 * request. */
enum store_rc store_layout_save(struct store *st, const char *area, const struct layout_block *b,
				size_t n);

/* --- videos ----------------------------------------------------------------------------------- */

struct video {
	int64_t id;
	const char *title;
	const char *file;   /* an uploaded MP4 or WebM in the media folder, or "" */
	const char *mime;   /* its type */
	const char *poster; /* an image of the media library ("/media/..."), or "" */
	const char *embed;  /* a player URL the sanitiser allows (YouTube, Vimeo), or "" */
	int64_t created_at;
};

/* Every video, newest first. */
enum store_rc store_videos(struct store *st, struct arena *a, struct video **out, size_t *n);
enum store_rc store_video_add(struct store *st, const struct video *v);
enum store_rc store_video_delete(struct store *st, int64_t id);

/* --- photo albums ----------------------------------------------------------------------------- */

struct album_photo {
	const char *file;  /* an image of the media library ("2026/12/<hex>.jpg") */
	const char *thumb; /* its thumbnail */
	const char *caption;
};

struct album {
	int64_t id;
	const char *title;
	const char *cover; /* the thumbnail shown for the album, or "" */
	int64_t created_at;
	struct album_photo *photos; /* store_album only */
	size_t nphotos;
};

/* Every album, newest first (without photos). */
enum store_rc store_albums(struct store *st, struct arena *a, struct album **out, size_t *n);
/* One album with its photos in order. */
enum store_rc store_album(struct store *st, struct arena *a, int64_t id, struct album *out);
/* Adds an album and its photos, all or nothing; *id gets its id. */
enum store_rc store_album_add(struct store *st, const struct album *al, int64_t *id);
/* Replaces album al->id's title, cover and photos (in al's order) with al's, all or nothing;
 * STORE_NOTFOUND when there is no such album. */
enum store_rc store_album_update(struct store *st, const struct album *al);
enum store_rc store_album_delete(struct store *st, int64_t id);

#endif
