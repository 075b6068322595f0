/* Old addresses of imported sites (WordPress, NukeViet) answered with a 301 to their new page. */
#include "site/site-int.h"

#include <stdlib.h>
#include <string.h>

#include "core/oldurl.h"

#define LEGACY_ARGS_MAX 16

struct qargs {
	struct buf *b;
	size_t n;
};

static void add_arg(const char *k, const char *v, void *ctx)
{
	struct qargs *q = ctx;
	if (q->n++ >= LEGACY_ARGS_MAX)
		return;
	buf_printf(q->b, "%s%s=%s", q->n > 1 ? "&" : "", k, v);
}

/* True when the request has a query argument WordPress or NukeViet addresses pages with. */
static bool legacy_query(struct page *p)
{
	static const char *const keys[] = {"p", "page_id", "cat", "tag", "attachment_id", "nv"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (http_query(p->req, keys[i]))
			return true;
	return false;
}

bool site_legacy_redirect(struct page *p, bool with_query)
{
	if (with_query && !legacy_query(p))
		return false; /* the usual case on "/": no allocation, no database */
	struct buf addr = BUF_INIT, key = BUF_INIT;
	buf_puts(&addr, p->req->path);
	if (with_query) {
		buf_putc(&addr, '?');
		struct qargs q = {&addr, 0};
		http_query_each(p->req, add_arg, &q);
	}
	oldurl_key(buf_cstr(&addr), &key);
	const char *target = NULL;
	bool done = false;
	if (key.len > 0 &&
	    store_redirect_get(p->site->st, p->a, buf_cstr(&key), &target) == STORE_OK && target &&
	    target[0] == '/' && target[1] != '/') {
		page_redirect(p, 301, target);
		done = true;
	}
	buf_free(&addr);
	buf_free(&key);
	return done;
}
