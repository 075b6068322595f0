/* libFuzzer target: the mysqldump reader never crashes and hands over rows it can stand behind. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/sqldump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_row(void *ctx, const struct sqld_row *r, struct buf *err)
{
	(void)ctx;
	(void)err;
	for (size_t i = 0; i < r->n; i++) {
		if (!r->vals[i] || r->vals[i][r->lens[i]] != '\0')
			abort(); /* every value is terminated */
		if (r->null[i] && r->lens[i] != 0)
			abort();
		if (r->cols && !r->cols[i])
			abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sqld_handler h = {.row = on_row};
	struct buf err = BUF_INIT;
	if (sqld_read(NULL, (const char *)data, size, "fuzz", &h, &err) != 0 &&
	    strncmp(buf_cstr(&err), "fuzz:", 5) != 0)
		abort(); /* every failure says where */
	buf_free(&err);
	return 0;
}
