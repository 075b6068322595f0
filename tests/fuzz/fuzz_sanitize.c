/* libFuzzer target: sanitising never crashes, and sanitising the output again changes nothing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct safe_html *once = NULL, *twice = NULL;
	if (sanitize_html((const char *)data, size, &once) != 0)
		return 0;
	struct buf text = BUF_INIT;
	sanitize_text(once, &text);
	buf_free(&text);
	size_t n = safe_html_len(once);
	if (sanitize_html(safe_html_str(once), n, &twice) != 0)
		abort();
	if (safe_html_len(twice) != n || memcmp(safe_html_str(twice), safe_html_str(once), n) != 0)
		abort();
	safe_html_free(once);
	safe_html_free(twice);
	return 0;
}
