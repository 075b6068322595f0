/* libFuzzer target: any bytes given to the Word 97-2003 (.doc) text extractor (libgsf's OLE2
 * reader, then the FIB, piece table and pieces) end in a defined result, within the text limit,
 * leaving the output untouched on failure. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docs/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = BUF_INIT;
	buf_puts(&text, "x");
	enum doc_rc rc = doc_extract_text(data, size, DOC_TYPE_DOC, &text);
	if ((unsigned)rc >= DOC_RC_MAX || text.len > 1 + DOC_MAX_TEXT)
		abort();
	if (rc != DOC_OK && strcmp(text.data, "x") != 0)
		abort();
	buf_free(&text);
	return 0;
}
