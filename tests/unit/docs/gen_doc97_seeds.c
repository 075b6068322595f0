/* Writes the seed corpus of the .doc fuzz target (tests/fuzz/corpus/docs_doc97): generated Word
 * 97 documents, sound and with each flaw of fixtures.h. Run by hand when the fixtures change:
 *   build/tests/unit/docs/gen_doc97_seeds tests/fuzz/corpus/docs_doc97 */
#include <stdio.h>

#include "fixtures.h"

static const struct fx_piece pieces[] = {
    {"Quyết định\r\x13 PAGE \x14"
     "1\x15\rÔ 1\aÔ 2\a\aCOVID\x1e"
     "19\x1f\x01 \U0001F600\r",
     false, false},
    {"QuyÕt ®Þnh “x” –\r", true, true}, /* a tracked deletion */
    {"Chú thích\r", false, false},
};

static int write_file(const char *dir, const char *name, const struct buf *b)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	int bad = 0;
	for (int flaw = FX_DOC_SOUND; flaw < FX_DOC_FLAW_MAX; flaw++) {
		for (int v = 0; v < (flaw == FX_DOC_SOUND ? 2 : 1); v++) {
			struct fx_doc97 d = {pieces, 3, 2, v, v, (enum fx_doc_flaw)flaw};
			struct buf b = BUF_INIT;
			char name[64];
			fx_doc97(&b, &d);
			snprintf(name, sizeof name, "doc97-%02d-%d.doc", flaw, v);
			bad |= write_file(argv[1], name, &b);
			buf_free(&b);
		}
	}
	return bad;
}
