/* /tai-ve/{id}.pdf: the article as a PDF, drawn on the server with Cairo and Pango. */
#include "site/site-int.h"

#include <string.h>

void page_pdf(struct page *p, const char *rest)
{
	(void)rest;
	page_error(p, 404);
}
