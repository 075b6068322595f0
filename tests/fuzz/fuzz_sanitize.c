/* libFuzzer target: sanitising never crashes, and sanitising the output again changes nothing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct safe_html once, twice;
	if (sanitize_html((const char *)data, size, &once) != 0)
		return 0;
	struct buf text = BUF_INIT;
	sanitize_text(&once, &text);
	buf_free(&text);
	if (sanitize_html(once.html, once.len, &twice) != 0)
		abort();
	if (twice.len != once.len || memcmp(twice.html, once.html, once.len) != 0)
		abort();
	safe_html_free(&once);
	safe_html_free(&twice);
	return 0;
}
