/* WordPress eXtended RSS (WXR 1.0-1.2) read as a stream: authors, terms and items, one at a time.
 */
#ifndef GZ_IMPORT_WXR_H
#define GZ_IMPORT_WXR_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Text fields of an <item>; wxr_text() gives each ("" when absent). */
enum wxr_field {
	WXR_TITLE = 0,
	WXR_LINK,
	WXR_PUBDATE,
	WXR_CREATOR,
	WXR_GUID,
	WXR_CONTENT,
	WXR_EXCERPT,
	WXR_POST_ID,
	WXR_POST_DATE,
	WXR_POST_DATE_GMT,
	WXR_POST_NAME,
	WXR_STATUS,
	WXR_POST_TYPE,
	WXR_POST_PARENT,
	WXR_ATTACHMENT_URL,
	WXR_STICKY,
	WXR_MENU_ORDER,
	WXR_PASSWORD,
	WXR_FIELD_MAX
};

/* A <category domain="..." nicename="...">name</category> of an item. */
struct wxr_item_term {
	char *domain; /* "category", "post_tag", ... */
	char *slug;
	char *name;
};

struct wxr_meta {
	char *key;
	char *value;
};

struct wxr_item {
	struct buf f[WXR_FIELD_MAX];
	struct wxr_item_term *terms;
	size_t nterms, terms_cap;
	struct wxr_meta *meta;
	size_t nmeta, meta_cap;
	long comments; /* <wp:comment> elements: counted, never imported */
	long line;     /* where the item starts */
};

/* The text of field f of it ("" when absent). Borrowed. */
const char *wxr_text(const struct wxr_item *it, enum wxr_field f);
/* The value of the first postmeta named key, or NULL. Borrowed. */
const char *wxr_meta(const struct wxr_item *it, const char *key);

struct wxr_author {
	const char *id, *login, *email, *display_name, *first_name, *last_name;
	long line;
};

/* A channel-level <wp:category>, <wp:tag> or <wp:term>. */
struct wxr_term {
	const char *kind; /* "category", "post_tag" or the <wp:term_taxonomy> */
	const char *id, *slug, *parent_slug, *name, *description;
	long line;
};

/*
 * What the reader calls, in document order. Every callback may be NULL; a non-zero return stops
 * the reading, and the callback then has written its "reason" into err (the reader prefixes
 * "FILE:LINE: "). Strings are borrowed for the call only.
 */
struct wxr_handler {
	void *ctx;
	int (*channel)(void *ctx, const char *base_site_url, const char *base_blog_url,
		       struct buf *err);
	int (*author)(void *ctx, const struct wxr_author *a, struct buf *err);
	int (*term)(void *ctx, const struct wxr_term *t, struct buf *err);
	int (*item)(void *ctx, const struct wxr_item *it, struct buf *err);
};

/*
 * Reads the WXR file at path (label names it in messages) with libxml2's streaming reader, never
 * holding more than one item. Returns 0, or -1 with "LABEL:LINE: reason" in err for a file that is
 * not well-formed XML, not a WXR export, or has an item without a usable post id or type, or when
 * a callback refused. Entities are not loaded from the network or from outside the file.
 */
int wxr_read_file(const char *path, const char *label, const struct wxr_handler *h,
		  struct buf *err);
/* The same over memory (the fuzz target). */
int wxr_read_memory(const char *data, size_t len, const char *label, const struct wxr_handler *h,
		    struct buf *err);

#endif
