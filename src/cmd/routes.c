/* `gazette routes`: every row of the route tables, one tab-separated line each. */
#include "cmd/cmd.h"

#include <string.h>

#include "site/page.h"

/* SURFACE METHODS PATTERN ROLE CACHE (cached or -): a stable format that tests and tools parse. */
static void print_table(const struct route_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct route *r = &t->rows[i];
		char methods[64];
		http_route_methods_text(r->methods, ",", methods, sizeof methods);
		printf("%s\t%s\t%s\t%s\t%s\n", t->surface, methods, r->pattern,
		       http_route_role_name(r->role), r->flags & ROUTE_CACHED ? "cached" : "-");
	}
}

int cmd_routes(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("usage: gazette routes\n\nPrints every URL the server answers, one per line:\n"
		     "SURFACE<TAB>METHODS<TAB>PATTERN<TAB>ROLE<TAB>CACHE\n"
		     "SURFACE is site, admin or api; ROLE the least role that may use it (public,\n"
		     "contributor, editor, publisher, admin); CACHE is 'cached' for rows served "
		     "from\n"
		     "the page cache, else '-'.");
		return EXIT_OK;
	}
	if (argc > 1) {
		fprintf(stderr, "gazette routes: unexpected argument '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < cmd_nsurfaces; i++)
		print_table(&cmd_surfaces[i]->routes);
	return EXIT_OK;
}
