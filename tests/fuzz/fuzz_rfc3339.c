/* libFuzzer target: RFC 3339 parsing never crashes and round-trips what it accepts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vi/vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Formats t in tz and parses it back; aborts unless the same instant comes back. */
static void round_trip(int64_t t, const char *tz)
{
	struct buf out = BUF_INIT;
	int64_t back;
	vi_format_rfc3339(&out, t, tz);
	if (vi_parse_rfc3339(buf_cstr(&out), &back) != 0 || back != t)
		abort();
	buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	int64_t t;
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (vi_parse_rfc3339(s, &t) == 0) {
		round_trip(t, "UTC");
		round_trip(t, "Asia/Ho_Chi_Minh");
	}
	free(s);
	return 0;
}
