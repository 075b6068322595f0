/* The JSON Lines article format of DESIGN.md section 7: validating a line, and writing one. */
#ifndef GZ_IO_JSONL_H
#define GZ_IO_JSONL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "sanitize/sanitize.h"

/* The largest article id: 2^53 - 1, exact as a number in every JSON client. */
#define JSONL_ID_MAX ((INT64_C(1) << 53) - 1)

/* One validated article from a line. Strings are NFC, live in the arena, never NULL ("" when
 * absent). */
struct article_in {
	bool has_id;
	int64_t id;
	const char *title;
	const char *lead;
	const struct safe_html *body; /* sanitised; freed with the arena */
	const char **category;        /* names from the root */
	size_t ncategory;
	const char *author;
	const char *signature;
	const char *source;
	bool has_published_at;
	int64_t published_at; /* UTC seconds */
	bool published;       /* status: true for "published" (the default), false for "draft" */
	bool has_views;
	int64_t views;
	const char **tags; /* duplicates removed, order kept */
	size_t ntags;
	/* "image": {"src", "alt", "caption"}; src is a media path ("/media/...") or an absolute
	 * http(s) URL; all "" when absent. A published article's image needs its alt text. */
	const char *image_src;
	const char *image_alt;
	const char *image_caption;
};

/*
 * Parses and validates one line (without its newline). Returns 0 and fills *out, or -1 with one
 * reason in err, in plain words and without a file or line prefix (the caller adds "FILE:LINE: "),
 * e.g. "field 'title' is missing", "field 'views' must be a non-negative integer", "invalid JSON at
 * column 17: ...".
 */
int jsonl_parse_article(const char *line, size_t len, struct arena *a, struct article_in *out,
			struct buf *err);

/* One article as export writes it. */
struct article_out {
	int64_t id;
	const char *title;
	const char *lead;
	const char *body_html;
	const char *const *category;
	size_t ncategory;
	const char *author;
	const char *signature;
	const char *source;
	bool has_published_at;
	int64_t published_at;
	bool published;
	int64_t views;
	const char *const *tags;
	size_t ntags;
	const char *image_src; /* "" for none: then no "image" member is written */
	const char *image_alt;
	const char *image_caption;
};

/*
 * Appends one line (with its '\n') in a fixed field order: id, title, lead, body_html, category,
 * author, signature, source, published_at (RFC 3339 in zone tz), status, views, tags, image.
 * Optional fields that are empty are left out, so that export -> import -> export gives identical
 * lines.
 */
void jsonl_write_article(struct buf *out, const struct article_out *a, const char *tz);

#endif
