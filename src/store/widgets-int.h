/* Private to src/store/: the portal widgets' statements (visitor counter, polls, banners, layout)
 * and the one backend step that runs them. Each backend's widgets.c holds the SQL of every
 * statement in this order; the logic that composes them is shared (src/store/widgets.c). */
#ifndef GZ_STORE_WIDGETS_INT_H
#define GZ_STORE_WIDGETS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

enum w_stmt {
	W_SECRET,        /* () -> value */
	W_BUMP,          /* () content version + 1, announced to every node */
	W_SEEN_INSERT,   /* (day, vid, seen): a new visitor of the day; changes 0 when known */
	W_SEEN_TOUCH,    /* (day, vid, seen): last_seen = max(last_seen, seen) */
	W_DAY_ADD,       /* (day, n): visitor_days.n += n (commutative) */
	W_SEEN_PURGE,    /* (day): forgets the visitors of days before it */
	W_ONLINE,        /* (since) -> count */
	W_DAY_SUM,       /* (from_day, to_day) -> sum of n */
	W_DAY_ROWS,      /* (from_day, to_day) -> day, n by day */
	W_POLL_GET,      /* (id) -> poll columns */
	W_POLLS,         /* () -> poll columns, by position and order */
	W_POLL_CHOICES,  /* (poll id) -> id, label, votes */
	W_POLL_INSERT,   /* (poll columns...) */
	W_POLL_UPDATE,   /* (id, poll columns...) */
	W_POLL_DELETE,   /* (id) */
	W_CHOICE_INSERT, /* (poll id, label, sort) */
	W_CHOICE_RENAME, /* (id, poll id, label) */
	W_CHOICE_DELETE, /* (id, poll id): only when it has no votes */
	W_VOTE_INSERT,   /* (poll id, voter, address, at): conflict when this voter voted */
	W_VOTE_ADDRESS,  /* (poll id, address, limit) -> the address's votes after this one; no row
			    when it had limit already (one statement: exact under concurrency) */
	W_CHOICE_COUNT,  /* (choice id, poll id): votes + 1 */
	W_VOTE_EXISTS,   /* (poll id, voter) -> count */
	W_BANNERS,       /* () -> banner columns, by position, order, id */
	W_BANNER_GET,    /* (id) -> banner columns */
	W_BANNER_INSERT, /* (banner columns but id and clicks) -> id */
	W_BANNER_UPDATE, /* (id, banner columns but id and clicks) */
	W_BANNER_DELETE, /* (id) */
	W_BANNER_CLICK,  /* (id): clicks + 1 */
	W_LAYOUT,        /* (area) -> id, area, sort, kind, arg, title, html by order */
	W_LAYOUT_CLEAR,  /* (area) */
	W_LAYOUT_INSERT, /* (area, sort, kind, arg, title, html) */
	W_VIDEOS,        /* () -> id, title, file, mime, poster, embed, created_at, newest first */
	W_VIDEO_INSERT,  /* (title, file, mime, poster, embed, created_at) */
	W_VIDEO_DELETE,  /* (id) */
	W_ALBUMS,        /* () -> id, title, cover, created_at, newest first */
	W_ALBUM_GET,     /* (id) -> the same */
	W_ALBUM_INSERT,  /* (title, cover, created_at) -> id */
	W_ALBUM_DELETE,  /* (id) */
	W_PHOTOS,        /* (album id) -> file, thumb, caption by order */
	W_PHOTO_INSERT,  /* (album id, file, thumb, caption, sort) */
	W_ALBUM_UPDATE,  /* (id, title, cover): changes 0 when there is no such album */
	W_PHOTOS_CLEAR,  /* (album id) */
	W_CHOICE_VOTES,  /* (choice id, poll id, votes): an import's count */
	W_MAX
};

/* A parameter: an integer, or text when text is set. */
struct w_arg {
	const char *text;
	int64_t i;
};

/* Rows of a result, all as text (NULL for SQL NULL), row-major, copied into an arena. */
struct w_rows {
	size_t n, ncols;
	const char **cell;
};

/* Parameters of each kind: an integer; text ("" for NULL). */
#define W_INT(v)                                                                                   \
	{                                                                                          \
		NULL, (int64_t)(v)                                                                 \
	}
#define W_TEXT(v)                                                                                  \
	{                                                                                          \
		(v) ? (v) : "", 0                                                                  \
	}

/* A cell of a result as an integer (0 for NULL or past the end) or as text ("" then). */
static inline int64_t w_cell_i64(const struct w_rows *r, size_t row, size_t col)
{
	const char *s = row < r->n && col < r->ncols ? r->cell[row * r->ncols + col] : NULL;
	return s ? strtoll(s, NULL, 10) : 0;
}

static inline const char *w_cell_text(const struct w_rows *r, size_t row, size_t col)
{
	const char *s = row < r->n && col < r->ncols ? r->cell[row * r->ncols + col] : NULL;
	return s ? s : "";
}

#endif
