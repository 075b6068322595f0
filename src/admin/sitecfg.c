/* The newsroom's site screens: categories, tags, settings. Being written. */
#include "admin/admin-int.h"

bool admin_site(struct admin *ad, const char *rest)
{
	(void)ad;
	(void)rest;
	return false;
}
