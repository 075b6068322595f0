/* Request framing decided from the headers alone: Host, Content-Length and Transfer-Encoding. */
#include "http/http.h"

#include <strings.h>

/* Parses a Content-Length: 1 to 19 ASCII digits, nothing else (no sign, blank or list). */
static int parse_length(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	size_t n = 0;
	for (; s[n]; n++) {
		if (s[n] < '0' || s[n] > '9' || n == 19)
			return -1;
		v = v * 10 + (uint64_t)(s[n] - '0');
	}
	if (n == 0)
		return -1;
	*out = v;
	return 0;
}

int http_frame_check(const struct http_frame_in *in, struct http_frame *out)
{
	out->length = 0;
	out->chunked = false;
	if (in->nhost > 1 || (in->http11 && in->nhost == 0))
		return -1;
	if (in->ncl > 1 || in->nte > 1 || (in->ncl && in->nte))
		return -1;
	if (in->nte) {
		/* Only "chunked", and only in HTTP/1.1 (RFC 9112 6.1): anything else cannot be
		 * framed, so it is refused at once instead of waiting for a body that never ends.
		 */
		if (!in->http11 || strcasecmp(in->te, "chunked") != 0)
			return -1;
		out->chunked = true;
		return 0;
	}
	if (in->ncl && parse_length(in->cl, &out->length) != 0)
		return -1;
	return 0;
}
