/* Theme templates: loaded once at start, rendered with escaping on by default. */
#ifndef GZ_HTML_TPL_H
#define GZ_HTML_TPL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "sanitize/sanitize.h"

/*
 * Syntax (a small Mustache):
 *   {{name}}            value, HTML-escaped (& < > " ' all escaped: safe in text and quoted
 * attributes)
 *   {{a.b.c}}           dotted lookup
 *   {{name|url}}        percent-encoded as a URL component (RFC 3986 unreserved kept)
 *   {{name|json}}       a JSON string literal with quotes, also escaping < > & and U+2028/9 (for
 *                       <script type="application/ld+json">)
 *   {{&name}}           raw, but only for a value set with tv_safe (sanitiser output); any other
 * value is escaped as {{name}} would
 *   {{#name}}..{{/name}} section: repeated for each item of a list, once for a true bool / non-zero
 * int / non-empty string / object (which becomes the innermost context), skipped otherwise
 *   {{^name}}..{{/name}} inverted section: once when name is missing, false, 0, "", or an empty
 * list
 *   {{>partial}}        another template of the same set, rendered with the current context
 *   {{! comment }}      nothing ({{! shared }}: see tpl_kept below)
 *   {{.}}               the current item (for lists of scalars)
 * Lookup walks from the innermost context outwards, as Mustache does. A missing value renders as
 * "". A standalone section/comment/partial tag on a line of its own does not leave an empty line
 * behind.
 */

struct tv;      /* a template value; all of them live in the arena they were made in */
struct tpl_set; /* the loaded templates of a theme */

/* Values. Strings are copied into the arena; keys must be string literals or outlive the render. */
struct tv *tv_obj(struct arena *a);
void tv_str(struct tv *obj, const char *key, const char *s);
void tv_strn(struct tv *obj, const char *key, const char *s, size_t n);
void tv_int(struct tv *obj, const char *key, int64_t n);
void tv_bool(struct tv *obj, const char *key, bool b);
/* h must stay alive until rendering ends; it is not copied. */
void tv_safe(struct tv *obj, const char *key, const struct safe_html *h);
/* Returns a new object stored under key. */
struct tv *tv_child(struct tv *obj, const char *key);
/* Returns a new empty list stored under key. */
struct tv *tv_list(struct tv *obj, const char *key);
/* Appends a new object to a list and returns it. */
struct tv *tv_push(struct tv *list);
/* Appends a string to a list. */
void tv_push_str(struct tv *list, const char *s);

/* Values shared by many requests: a tree built once (with an arena that outlives every request
 * that uses it), sealed, then put into each request's context without a copy. */
/* Marks v and everything in it read-only, and notes which strings need no HTML escaping (they are
 * rendered then without a scan). Adding to a sealed object or list is an error. */
void tv_seal(struct tv *v);
/* Stores each field of the sealed object src in obj under the same key (replacing earlier
 * values), sharing the values. */
void tv_merge(struct tv *obj, const struct tv *src);
/* Appends the sealed value item to a list. */
void tv_push_shared(struct tv *list, const struct tv *item);

/*
 * Loads every "*.html" file of dir as a template named by its file name without the extension
 * ("article.html" -> "article"). Returns 0, or -1 with a message in err naming the file and line
 * ("templates/article.html:12: section 'items' is not closed"); partials are checked to exist at
 * load.
 */
int tpl_load_dir(const char *dir, struct tpl_set **out, struct buf *err);
/* Same, from one in-memory template (for tests): name and text. */
int tpl_load_string(struct tpl_set **set, const char *name, const char *text, struct buf *err);
void tpl_set_free(struct tpl_set *set);
bool tpl_exists(const struct tpl_set *set, const char *name);

/*
 * Renders template `name` with ctx into out. Returns 0, or -1 when there is no such template
 * (nothing appended). Partial recursion deeper than 32 levels stops silently.
 */
int tpl_render(const struct tpl_set *set, const char *name, const struct tv *ctx, struct buf *out);

/*
 * Kept partials. A partial whose text holds the comment {{! shared }} shows only what every page
 * rendered with one context shares (the site's menu and footer, in one language). Given a
 * tpl_kept, tpl_render_kept renders such a partial once, in the tpl_kept's context alone (not in
 * the context where it is included, which it never sees), keeps its output and copies it on every
 * later render; tpl_render renders it in place as any other partial. A shared partial must look up
 * only what the tpl_kept's context holds, and nothing made anew at each render (a form's token).
 * ctx, a sealed value, must outlive the tpl_kept. Renders may share a tpl_kept across threads.
 */
struct tpl_kept;
struct tpl_kept *tpl_kept_new(const struct tv *ctx);
void tpl_kept_free(struct tpl_kept *k);
int tpl_render_kept(const struct tpl_set *set, const char *name, const struct tv *ctx,
		    struct tpl_kept *kept, struct buf *out);

#endif
