/* The write API under /api/v1/ with bearer tokens. Being written. */
#include "admin/admin-int.h"

int api_write(struct page *p, const char *rest)
{
	(void)p;
	(void)rest;
	return -1;
}
