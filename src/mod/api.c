/* The module's one exported table (mod.h); linked with -Bsymbolic, so that these are the
 * module's own functions and not the program's stubs of the same names. */
#include "docs/docs-int.h"
#include "mod/mod.h"

extern const struct gz_mod gazette_media_module;
const struct gz_mod gazette_media_module = {
    .abi = GZ_MOD_ABI,
    .size = sizeof(struct gz_mod),
    .version = GZ_VERSION,
    .media_init = media_init,
    .media_init_lazy = media_init_lazy,
    .media_ready = media_ready,
    .media_clean = media_clean,
    .media_small = media_small,
    .media_needs_clean = media_needs_clean,
    .media_thumb_encode = media_thumb_encode,
    .media_image_size = media_image_size,
    .pdf_render = pdf_render,
    .doc_pdf_text = doc_pdf_text,
    .doc_doc97_text = doc_doc97_text,
    .report_xlsx = report_xlsx,
};
