/* libFuzzer target: legacy Vietnamese detection and conversion never crash and give valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vi/legacy.h"
#include "vi/vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	bool has_nul = memchr(data, 0, size) != NULL;
	struct buf out = BUF_INIT;
	enum vi_legacy enc = vi_legacy_fix(s, size, &out);
	if (enc == VI_LEGACY_NONE && out.len != 0)
		abort(); /* "left alone" must leave out untouched */
	if (enc != VI_LEGACY_NONE && !has_nul && !vi_utf8_valid(out.data, out.len))
		abort();
	for (int e = VI_LEGACY_TCVN3; e < VI_LEGACY_MAX; e++) {
		buf_reset(&out);
		vi_legacy_decode((enum vi_legacy)e, s, size, &out);
		if (!has_nul && !vi_utf8_valid(out.data, out.len))
			abort();
	}
	buf_free(&out);
	return 0;
}
