/* The text of a PDF, page by page, with poppler-glib; bounded in pages, bytes and time. */
#include <string.h>
#include <time.h>

#include <poppler.h>

#include "docs/docs-int.h"

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum doc_rc open_error(GError *err)
{
	enum doc_rc rc = DOC_DAMAGED;
	if (err && g_error_matches(err, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
		rc = DOC_ENCRYPTED;
	if (err)
		g_error_free(err);
	return rc;
}

/* Appends page i's text and a newline; false when the text limit is reached. */
static bool page_text(PopplerDocument *d, int i, size_t base, size_t max, struct buf *out)
{
	PopplerPage *page = poppler_document_get_page(d, i);
	if (!page)
		return true;
	char *text = poppler_page_get_text(page);
	bool more = true;
	if (text && text[0]) {
		more = doc_append_capped(out, base, max, text, strlen(text)) &&
		       doc_append_capped(out, base, max, "\n", 1);
	}
	g_free(text);
	g_object_unref(page);
	return more;
}

enum doc_rc doc_pdf_text(const void *data, size_t len, size_t max, struct buf *out)
{
	GError *err = NULL;
	GBytes *bytes = g_bytes_new_static(data, len);
	PopplerDocument *d = poppler_document_new_from_bytes(bytes, NULL, &err);
	g_bytes_unref(bytes);
	if (!d)
		return open_error(err);
	int n = poppler_document_get_n_pages(d);
	enum doc_rc rc = n > 0 ? DOC_OK : DOC_DAMAGED;
	long long deadline = now_ms() + DOC_MAX_MS;
	size_t base = out->len;
	for (int i = 0; i < n && i < DOC_MAX_PAGES; i++) {
		if (now_ms() > deadline) {
			rc = DOC_TOO_LARGE;
			break;
		}
		if (!page_text(d, i, base, max, out))
			break;
	}
	g_object_unref(d);
	return rc;
}
