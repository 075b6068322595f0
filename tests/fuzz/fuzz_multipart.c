/* libFuzzer target: the multipart parser never reads outside the body and its parts lie inside it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input is "Content-Type line\nbody". */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t ctlen = nl ? (size_t)(nl - data) : 0;
	char *ct = malloc(ctlen + 1);
	size_t blen = nl ? size - ctlen - 1 : size;
	char *body = malloc(blen ? blen : 1); /* its own block, so that ASan sees any overread */
	if (!ct || !body)
		abort();
	memcpy(ct, data, ctlen);
	ct[ctlen] = '\0';
	memcpy(body, nl ? nl + 1 : data, blen);
	struct arena *a = arena_new();
	struct http_multipart m;
	if (http_multipart_parse(a, ct, body, blen, &m) == 0) {
		struct http_form f;
		for (size_t i = 0; i < m.n; i++)
			if (m.parts[i].data < body ||
			    m.parts[i].data + m.parts[i].len > body + blen || !m.parts[i].name)
				abort();
		(void)http_multipart_form(a, &m, &f);
		(void)http_multipart_file(&m, "file");
	}
	arena_free(a);
	free(body);
	free(ct);
	return 0;
}
