/* The newsroom's account screens: users (admins) and one's own password. Being written. */
#include "admin/admin-int.h"

bool admin_people(struct admin *ad, const char *rest)
{
	(void)ad;
	(void)rest;
	return false;
}
