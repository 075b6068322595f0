/* libFuzzer target: application/x-www-form-urlencoded bodies and %XX decoding. A body that parses
 * has as many values as keys, none holding a NUL; a decoded string is never longer than its input
 * and holds no NUL. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT;
	if (http_url_decode((const char *)data, size, true, &out) == 0) {
		if (out.len > size || memchr(buf_cstr(&out), '\0', out.len))
			abort();
	}
	buf_free(&out);

	struct http_req req;
	memset(&req, 0, sizeof req);
	req.arena = arena_new();
	req.body = (struct buf)BUF_INIT;
	buf_append(&req.body, (const char *)data, size);
	struct http_form f;
	if (http_form_parse(&req, &f) == 0) {
		for (size_t i = 0; i < f.n; i++)
			if (!f.keys[i] || !f.values[i] || strlen(f.keys[i]) > size ||
			    strlen(f.values[i]) > size)
				abort();
		if (f.n && !http_form_get(&f, f.keys[0]))
			abort();
	}
	buf_free(&req.body);
	arena_free(req.arena);
	return 0;
}
