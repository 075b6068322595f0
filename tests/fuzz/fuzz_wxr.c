/* libFuzzer target: the WXR reader never crashes, and what it hands over keeps its promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/wxr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_item(void *ctx, const struct wxr_item *it, struct buf *err)
{
	(void)ctx;
	(void)err;
	const char *id = wxr_text(it, WXR_POST_ID);
	if (!*id || strspn(id, "0123456789") != strlen(id) || !*wxr_text(it, WXR_POST_TYPE))
		abort(); /* the reader promised a numeric id and a type */
	for (size_t i = 0; i < it->nterms; i++)
		if (!it->terms[i].domain || !it->terms[i].slug || !it->terms[i].name)
			abort();
	(void)wxr_meta(it, "_thumbnail_id");
	return 0;
}

static int on_author(void *ctx, const struct wxr_author *a, struct buf *err)
{
	(void)ctx;
	(void)err;
	if (!a->login[0])
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wxr_handler h = {.item = on_item, .author = on_author};
	struct buf err = BUF_INIT;
	if (wxr_read_memory((const char *)data, size, "fuzz", &h, &err) != 0 &&
	    strncmp(buf_cstr(&err), "fuzz:", 5) != 0)
		abort(); /* every failure says where */
	buf_free(&err);
	return 0;
}
