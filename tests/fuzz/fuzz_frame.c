/* libFuzzer target: request framing from headers (http_frame_check) never crashes, and what it
 * accepts is consistent: chunked never with a length, a length only from digits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input is one byte of flags (HTTP/1.1, and how many Host, Content-Length and
 * Transfer-Encoding headers: 0-3 each), then "CONTENT-LENGTH\nTRANSFER-ENCODING". */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *text = malloc(size); /* its own block, so that ASan sees any overread */
	if (!text)
		abort();
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	char *nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	struct http_frame_in in = {.http11 = data[0] & 1,
				   .nhost = (data[0] >> 1) & 3,
				   .ncl = (data[0] >> 3) & 3,
				   .cl = text,
				   .nte = (data[0] >> 5) & 3,
				   .te = nl ? nl + 1 : ""};
	struct http_frame out;
	if (http_frame_check(&in, &out) == 0) {
		if (out.chunked && (in.ncl || !in.http11))
			abort();
		if (in.ncl && strspn(text, "0123456789") != strlen(text))
			abort();
	}
	free(text);
	return 0;
}
