/* The newsroom in the browser (/admin): its route table, for the host and `gazette routes`. */
#ifndef GZ_ADMIN_ADMIN_H
#define GZ_ADMIN_ADMIN_H

#include "site/page.h"

extern const struct site_surface admin_surface;

#endif
