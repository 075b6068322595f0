/* libFuzzer target: any bytes given to the PDF text extractor end in a defined result, within the
 * text limit, leaving the output untouched on failure. Poppler runs in this process, not in the
 * child the server uses, so that libFuzzer sees its coverage and crashes (the child's own code is
 * tested in tests/unit/docs). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docs/docs-int.h"
#include "docs/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool tuned;
	if (!tuned)
		doc_pdf_tune(DOC_MAX_MS, true);
	tuned = true;
	struct buf text = BUF_INIT;
	buf_puts(&text, "x");
	enum doc_type t;
	enum doc_rc rc = doc_sniff(data, size, &t);
	if ((unsigned)rc >= DOC_RC_MAX ||
	    (rc == DOC_OK && (t <= DOC_TYPE_NONE || t >= DOC_TYPE_MAX)))
		abort();
	rc = doc_extract_text(data, size, DOC_TYPE_PDF, &text);
	if ((unsigned)rc >= DOC_RC_MAX || text.len > 1 + DOC_MAX_TEXT)
		abort();
	if (rc != DOC_OK && strcmp(text.data, "x") != 0)
		abort();
	buf_free(&text);
	return 0;
}
