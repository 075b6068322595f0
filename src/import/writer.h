/* The shared import writer: what WordPress and NukeViet imports write, keyed by the old ids. */
#ifndef GZ_IMPORT_WRITER_H
#define GZ_IMPORT_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "import/wpbody.h"
#include "store/store.h"

struct iw_opts {
	const char *source;      /* "wp" or "nv": the namespace of old keys */
	const char *uploads;     /* the old site's uploads folder, or NULL */
	const char *media_dir;   /* Gazette's media folder, or NULL (media then reported missing) */
	bool skip_missing_media; /* else a missing file fails the run */
	bool fix_encoding;       /* convert TCVN3/VNI fields (vi/legacy.h) */
};

/* Counts for the final report. */
enum iw_count {
	IW_ARTICLES_NEW = 0,
	IW_ARTICLES_UPDATED,
	IW_ARTICLES_UNCHANGED,
	IW_PAGES,
	IW_DOCUMENTS_NEW,
	IW_DOCUMENTS_UPDATED,
	IW_DOCUMENTS_UNCHANGED,
	IW_DOC_FILES,
	IW_CATEGORIES,
	IW_TAGS,
	IW_ACCOUNTS,
	IW_MEDIA,
	IW_MEDIA_MISSING,
	IW_REDIRECTS,
	IW_COMMENTS,
	IW_FEATURED,
	IW_ALBUMS,
	IW_ENCODING_FIXED,
	IW_UNITS,     /* organisation units written (new or changed) */
	IW_PEOPLE,    /* people of the directory written */
	IW_QA,        /* published questions and answers written */
	IW_POLLS,     /* polls written */
	IW_UNCHANGED, /* units, people, questions and polls a later run found as they were */
	IW_SKIPPED,
	IW_COUNT_MAX
};

struct import_writer;

/* A writer over st; the caller has begun the transaction. */
struct import_writer *iw_new(struct store *st, const struct iw_opts *o);
/* The options the writer was made with (borrowed). */
const struct iw_opts *iw_options(const struct import_writer *w);
/* The store (or transaction handle) every later call writes through. */
void iw_set_store(struct import_writer *w, struct store *st);
/* Removes media files written by a run that is rolled back (files are not in the transaction). */
void iw_discard_files(struct import_writer *w);
void iw_free(struct import_writer *w);

void iw_count(struct import_writer *w, enum iw_count c, long n);
long iw_get_count(const struct import_writer *w, enum iw_count c);
/* Records a skipped item and why (the first 50 are listed in the report). */
void iw_skip(struct import_writer *w, const char *what, const char *why);
/* Records something the import changed or left out of an item it did write (the first 50 are
 * listed in the report; not counted as skipped). */
void iw_note(struct import_writer *w, const char *what, const char *why);
/* Adds a line the report prints as it is after the counts (what the import decided about the
 * site's menu, say); every such line is printed. */
void iw_line(struct import_writer *w, const char *line);
/* Prints the final report. */
void iw_report(const struct import_writer *w, FILE *f, const char *label, double seconds);

/*
 * The text to store for a field: repaired when --no-fix-encoding was not given and the field is
 * TCVN3 or VNI (counted), else s itself; invalid UTF-8 becomes Windows-1252. Returned string is
 * owned by the writer until the next iw_text call on the same slot (0..7).
 */
const char *iw_text(struct import_writer *w, int slot, const char *s);

/* Old key -> new id, persisted so a second run updates instead of duplicating. 0: unknown. */
int64_t iw_map_get(struct import_writer *w, const char *kind, const char *old_key);
int iw_map_put(struct import_writer *w, const char *kind, const char *old_key, int64_t id);
/* The same with a text kept beside the id (an imported count, say): *value is "" when none was
 * kept, borrowed until the next call on w. */
int64_t iw_map_get_value(struct import_writer *w, const char *kind, const char *old_key,
			 const char **value);
int iw_map_put_value(struct import_writer *w, const char *kind, const char *old_key, int64_t id,
		     const char *value);

/* Old address (path and query; a full URL has its scheme and host dropped) -> new target. */
int iw_redirect(struct import_writer *w, const char *old, const char *target);
/* The target of an old address, or NULL. Borrowed until the next call. */
const char *iw_redirect_get(struct import_writer *w, const char *old);

/* A category under parent (0: top) keyed by old_key; created or renamed. Returns its id or 0. */
int64_t iw_category(struct import_writer *w, const char *old_key, int64_t parent, const char *name,
		    const char *slug);
/* An account keyed by old_key (login), disabled until a password is set. Returns its id or 0. */
int64_t iw_account(struct import_writer *w, const char *old_key, const char *login,
		   const char *display_name, const char *role);
/*
 * Copies the old uploads file rel (relative to --uploads) into the media library, once per
 * old_key. Sets *url to its new address ("/media/..."). Returns 0, 1 when the file is missing and
 * skipping was allowed (reported), or -1 with why in err (missing without --skip-missing-media,
 * not an image, I/O).
 */
int iw_media(struct import_writer *w, const char *old_key, const char *rel, const char **url,
	     struct buf *err);

/*
 * Takes a file the caller wrote under the media folder (rel, relative to it) into the run: with
 * PostgreSQL it is stored in the database too (every node serves it), and a run that is rolled
 * back removes it. Returns 0, or -1 when the database refused it.
 */
int iw_keep_file(struct import_writer *w, const char *rel, const char *mime);

/*
 * Writes an article keyed by old_key: inserted, or updated when anything differs from the stored
 * one (counted as new, updated or unchanged). body_html must be raw HTML: it is sanitised here.
 * Sets *id and *url (its canonical address). Returns 0, or -1 with why in err.
 */
/* An album of the library images at urls[0..n) ("/media/..."; others left out), keyed by old_key:
 * made once, left as it is by a later run. 0, or -1 when the database refused it. */
int iw_album(struct import_writer *w, const char *old_key, const char *title,
	     const char *const *urls, size_t n);
int iw_article(struct import_writer *w, const char *old_key, struct article_put *p, bool featured,
	       int64_t *id, const char **url, struct buf *err);

/*
 * Writes a static page keyed by old_key: inserted, or updated when anything differs (no revision
 * kept, like articles). body_html must be raw HTML: it is sanitised here. A slug another page
 * holds gets "-2", "-3"... Counted in IW_PAGES. Sets *id and *url ("/trang/{slug}"). Returns 0,
 * or -1 with why in err.
 */
int iw_page(struct import_writer *w, const char *old_key, struct static_page *pg, int64_t *id,
	    const char **url, struct buf *err);
/* Sets the parent of page id (an import whose parent came later in the file). */
int iw_page_parent(struct import_writer *w, int64_t id, int64_t parent_id, struct buf *err);
/*
 * Rewrites the links of stored article id through map (see wp_rewrite_links) and saves it when
 * they changed: for links to articles written after it in the same run. Returns 0 or -1.
 */
int iw_relink(struct import_writer *w, int64_t id, const char *old_base, wp_link_fn map, void *ctx,
	      struct buf *err);

/* "/{slug}-{id}.html", as the public site writes article addresses. */
void iw_article_url(struct buf *out, const char *slug, int64_t id);
/* "/chuyen-muc/a/b/" for a category id (from the store's tree). */
void iw_category_url(struct import_writer *w, int64_t id, struct buf *out);

/* Normalises an old address into the key redirects are stored under: path (with a trailing '/'
 * when its last segment has no '.') and the query's arguments sorted. Empty when not a path. */
void iw_redirect_key(const char *old, struct buf *out);

#endif
