/* libFuzzer target: any line that imports must export to a line that imports and exports the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const tz = "Asia/Ho_Chi_Minh";

static void to_out(const struct article_in *in, struct article_out *o)
{
	*o = (struct article_out){
	    .id = in->has_id ? in->id : 1, /* the store gives every article an id */
	    .title = in->title,
	    .lead = in->lead,
	    .body_html = safe_html_str(in->body),
	    .category = in->category,
	    .ncategory = in->ncategory,
	    .author = in->author,
	    .signature = in->signature,
	    .source = in->source,
	    .has_published_at = in->has_published_at,
	    .published_at = in->published_at,
	    .published = in->published,
	    .views = in->views,
	    .tags = in->tags,
	    .ntags = in->ntags,
	};
}

/* Parses line and writes it to out; returns the parse result. */
static int parse_and_write(const char *line, size_t len, struct buf *out)
{
	struct arena *a = arena_new();
	struct buf err = BUF_INIT;
	struct article_in in;
	int rc = jsonl_parse_article(line, len, a, &in, &err);
	if (rc == 0) {
		if (err.len != 0)
			abort();
		struct article_out o;
		to_out(&in, &o);
		jsonl_write_article(out, &o, tz);
	} else if (err.len == 0) {
		abort(); /* a failure always gives a reason */
	}
	buf_free(&err);
	arena_free(a);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf first = BUF_INIT, second = BUF_INIT;
	if (parse_and_write((const char *)data, size, &first) == 0) {
		if (first.len == 0 || first.data[first.len - 1] != '\n' ||
		    memchr(first.data, '\n', first.len - 1))
			abort();
		if (parse_and_write(first.data, first.len - 1, &second) != 0)
			abort();
		if (first.len != second.len || memcmp(first.data, second.data, first.len) != 0)
			abort();
	}
	buf_free(&first);
	buf_free(&second);
	return 0;
}
