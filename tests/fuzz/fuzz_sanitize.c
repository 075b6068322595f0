/* libFuzzer target: sanitising never crashes, sanitising the output again changes nothing, and the
 * output's text read without a parse is the parse's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize/sanitize-int.h"
#include "sanitize/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct safe_html *once = NULL, *twice = NULL;
	if (sanitize_html((const char *)data, size, &once) != 0)
		return 0;
	size_t n = safe_html_len(once);
	struct buf text = BUF_INIT, parsed = BUF_INIT;
	if (!san_text_unparsed(safe_html_str(once), n, &text))
		abort();
	sanitize_text_parsed(safe_html_str(once), n, &parsed);
	if (text.len != parsed.len || (text.len && memcmp(text.data, parsed.data, text.len) != 0))
		abort();
	buf_free(&text);
	buf_free(&parsed);
	if (sanitize_html(safe_html_str(once), n, &twice) != 0)
		abort();
	if (safe_html_len(twice) != n || memcmp(safe_html_str(twice), safe_html_str(once), n) != 0)
		abort();
	safe_html_free(once);
	safe_html_free(twice);
	return 0;
}
