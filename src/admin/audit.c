/* The audit log screen and its CSV export. Being written. */
#include "admin/admin-int.h"

bool admin_audit_page(struct admin *ad, const char *rest)
{
	(void)ad;
	(void)rest;
	return false;
}
