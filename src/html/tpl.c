/* The template engine: arena values, a parser run once per file, and a non-recursive renderer. */
#include "html/tpl.h"

#include "html/tpl-int.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "html/escape.h"

#define TPL_MAX_PARTIAL_DEPTH 32
#define TPL_INLINE_FRAMES 16
#define ERR_NAME_MAX 64 /* longest name quoted in an error message */

/* ---------------------------------------------------------------------------------------------------
 * Templates
 */

enum node_kind { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_END, N_PARTIAL };
enum tpl_filter { F_HTML, F_RAW, F_URL, F_JSON };

struct name_part {
	const char *s; /* into the template's source */
	size_t len;
	uint32_t hash;
};

struct node {
	enum node_kind kind;
	enum tpl_filter filter; /* N_VAR only */
	unsigned line;          /* 1-based line of the tag */
	size_t jump;   /* SECTION/INVERTED: index of the matching END; END: of its opener */
	const char *s; /* TEXT: the run; other kinds: the name as written */
	size_t len;
	size_t part0, nparts; /* VAR/SECTION/INVERTED: the dotted name split; 0 parts for "." */
	const struct tpl *partial; /* PARTIAL: resolved once the whole load is known */
};

struct tpl {
	char *name;
	char *label; /* the file name used in error messages */
	char *src;   /* owned copy of the text; nodes and name parts point into it */
	struct node *nodes;
	size_t nnodes, cap_nodes;
	struct name_part *parts;
	size_t nparts, cap_parts;
	bool shared; /* holds the comment {{! shared }}: rendered once in a tpl_kept's context */
};

struct tpl_set {
	struct tpl **t; /* pointers, so that resolved partials survive growth */
	size_t n, cap;
};

/* The length of a name as quoted in an error message. */
static int clip(size_t n)
{
	return (int)(n < ERR_NAME_MAX ? n : ERR_NAME_MAX);
}

static void tpl_free(struct tpl *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->label);
	free(t->src);
	free(t->nodes);
	free(t->parts);
	free(t);
}

void tpl_set_free(struct tpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		tpl_free(set->t[i]);
	free(set->t);
	free(set);
}

static struct tpl *set_find(const struct tpl_set *set, const char *name, size_t len)
{
	for (size_t i = 0; i < set->n; i++)
		if (strncmp(set->t[i]->name, name, len) == 0 && set->t[i]->name[len] == '\0')
			return set->t[i];
	return NULL;
}

bool tpl_exists(const struct tpl_set *set, const char *name)
{
	return set && name && set_find(set, name, strlen(name));
}

static void set_add(struct tpl_set *set, struct tpl *t)
{
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->t = xrealloc(set->t, set->cap * sizeof(*set->t));
	}
	set->t[set->n++] = t;
}

/* Points every partial tag of set->t[from..] at its template; -1 with a message when one is
 * missing. */
static int resolve_partials(struct tpl_set *set, size_t from, struct buf *err)
{
	for (size_t i = from; i < set->n; i++) {
		struct tpl *t = set->t[i];
		for (size_t k = 0; k < t->nnodes; k++) {
			struct node *nd = &t->nodes[k];
			if (nd->kind != N_PARTIAL)
				continue;
			nd->partial = set_find(set, nd->s, nd->len);
			if (nd->partial)
				continue;
			buf_printf(err, "%s:%u: partial '%.*s' does not exist", t->label, nd->line,
				   clip(nd->len), nd->s);
			return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------------------------------------
 * Parser: one pass over the text, tags found with memchr, nodes appended to a flat array in which
 * each section knows where its END is.
 */

struct parser {
	struct tpl *t;
	const char *src, *end;
	const char *text;         /* start of the text not yet emitted */
	const char *last_tag_end; /* just after the previous tag's "}}" */
	const char *line_pos;     /* newlines before this are counted in line */
	unsigned line;
	size_t *open; /* node indexes of the open sections, innermost last */
	size_t nopen, cap_open;
	struct buf *err;
};

/* A tag between "{{" and "}}", classified. */
struct tag {
	char sigil;       /* '#', '^', '/', '>', '!', '&' or 0 */
	const char *name; /* trimmed */
	size_t nlen;
	const char *filter; /* after '|', trimmed; NULL when there is none */
	size_t flen;
	const char *open;  /* the "{{" */
	const char *after; /* just after the "}}" */
	unsigned line;
};

static int perr(struct parser *ps, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int perr(struct parser *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;
	buf_printf(ps->err, "%s:%u: ", ps->t->label, line);
	va_start(ap, fmt);
	buf_vprintf(ps->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* Returns the 1-based line of pos; positions are asked for in increasing order. */
static unsigned line_at(struct parser *ps, const char *pos)
{
	for (const char *p = ps->line_pos; p < pos; p++)
		if (*p == '\n')
			ps->line++;
	if (pos > ps->line_pos)
		ps->line_pos = pos;
	return ps->line;
}

/* Returns the first "cc" in [p, end), or NULL. */
static const char *find_pair(const char *p, const char *end, char c)
{
	while (end - p >= 2) {
		const char *q = memchr(p, c, (size_t)(end - p - 1));
		if (!q)
			return NULL;
		if (q[1] == c)
			return q;
		p = q + 1;
	}
	return NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s))
		(*s)++, (*n)--;
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static bool name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

/* [A-Za-z0-9_.-]+ or "." alone; a dotted name (dotted) has no empty part. */
static bool valid_name(const char *s, size_t n, bool dotted)
{
	if (n == 1 && s[0] == '.')
		return dotted;
	for (size_t i = 0; i < n; i++) {
		if (!name_char(s[i]))
			return false;
		if (dotted && s[i] == '.' && (i == 0 || i == n - 1 || s[i - 1] == '.'))
			return false;
	}
	return n > 0;
}

static size_t push_node(struct tpl *t, const struct node *nd)
{
	if (t->nnodes == t->cap_nodes) {
		t->cap_nodes = t->cap_nodes ? t->cap_nodes * 2 : 32;
		t->nodes = xrealloc(t->nodes, t->cap_nodes * sizeof(*t->nodes));
	}
	t->nodes[t->nnodes] = *nd;
	return t->nnodes++;
}

static void push_part(struct tpl *t, const char *s, size_t len)
{
	if (t->nparts == t->cap_parts) {
		t->cap_parts = t->cap_parts ? t->cap_parts * 2 : 32;
		t->parts = xrealloc(t->parts, t->cap_parts * sizeof(*t->parts));
	}
	t->parts[t->nparts++] = (struct name_part){s, len, tpl_hash(s, len)};
}

/* Splits a valid dotted name into nd's name parts ("." has none). */
static void split_name(struct tpl *t, struct node *nd, const char *s, size_t len)
{
	nd->s = s;
	nd->len = len;
	nd->part0 = t->nparts;
	if (len == 1 && s[0] == '.')
		return;
	for (;;) {
		const char *dot = memchr(s, '.', len);
		size_t plen = dot ? (size_t)(dot - s) : len;
		push_part(t, s, plen);
		nd->nparts++;
		if (!dot)
			return;
		s = dot + 1;
		len -= plen + 1;
	}
}

static void emit_text(struct parser *ps, const char *from, const char *to)
{
	if (to <= from)
		return;
	struct node nd = {.kind = N_TEXT, .s = from, .len = (size_t)(to - from)};
	push_node(ps->t, &nd);
}

/*
 * A section, inverted, close, comment or partial tag alone on its line (besides spaces and tabs) is
 * standalone: then *begin is the start of its line and *next the start of the following line.
 */
static bool standalone(const struct parser *ps, const struct tag *tg, const char **begin,
		       const char **next)
{
	if (tg->sigil == 0 || tg->sigil == '&')
		return false;
	const char *b = tg->open;
	while (b > ps->src && (b[-1] == ' ' || b[-1] == '\t'))
		b--;
	if ((b > ps->src && b[-1] != '\n') || b < ps->last_tag_end)
		return false;
	const char *e = tg->after;
	while (e < ps->end && (*e == ' ' || *e == '\t'))
		e++;
	if (ps->end - e >= 2 && e[0] == '\r' && e[1] == '\n')
		e++;
	if (e < ps->end && *e++ != '\n')
		return false;
	*begin = b;
	*next = e;
	return true;
}

/* Splits the inside of a tag into sigil, name and filter. */
static void split_tag(struct tag *tg, const char *s, size_t n)
{
	trim(&s, &n);
	tg->sigil = 0;
	if (n && memchr("#^/>!&", s[0], 6)) {
		tg->sigil = s[0];
		s++, n--;
	}
	tg->filter = NULL;
	tg->flen = 0;
	const char *bar = tg->sigil == '!' ? NULL : memchr(s, '|', n);
	if (bar) {
		tg->filter = bar + 1;
		tg->flen = n - (size_t)(bar + 1 - s);
		trim(&tg->filter, &tg->flen);
		n = (size_t)(bar - s);
	}
	trim(&s, &n);
	tg->name = s;
	tg->nlen = n;
}

static int check_filter(struct parser *ps, const struct tag *tg, enum tpl_filter *f)
{
	*f = tg->sigil == '&' ? F_RAW : F_HTML;
	if (!tg->filter)
		return 0;
	if (tg->sigil != 0)
		return perr(ps, tg->line, "filter '%.*s' is not allowed in '{{%c...}}'",
			    clip(tg->flen), tg->filter, tg->sigil);
	if (tg->flen == 3 && memcmp(tg->filter, "url", 3) == 0)
		*f = F_URL;
	else if (tg->flen == 4 && memcmp(tg->filter, "json", 4) == 0)
		*f = F_JSON;
	else
		return perr(ps, tg->line, "unknown filter '%.*s'", clip(tg->flen), tg->filter);
	return 0;
}

static int check_name(struct parser *ps, const struct tag *tg)
{
	if (tg->nlen == 0 && !tg->filter) {
		if (tg->sigil)
			return perr(ps, tg->line, "empty tag '{{%c}}'", tg->sigil);
		return perr(ps, tg->line, "empty tag '{{}}'");
	}
	if (valid_name(tg->name, tg->nlen, tg->sigil != '>'))
		return 0;
	return perr(ps, tg->line, "invalid name '%.*s'", clip(tg->nlen), tg->name);
}

static void open_push(struct parser *ps, size_t node)
{
	if (ps->nopen == ps->cap_open) {
		ps->cap_open = ps->cap_open ? ps->cap_open * 2 : 16;
		ps->open = xrealloc(ps->open, ps->cap_open * sizeof(*ps->open));
	}
	ps->open[ps->nopen++] = node;
}

static int close_section(struct parser *ps, const struct tag *tg)
{
	int nlen = clip(tg->nlen);
	if (ps->nopen == 0)
		return perr(ps, tg->line, "{{/%.*s}} closes no open section", nlen, tg->name);
	size_t opener = ps->open[ps->nopen - 1];
	struct node *o = &ps->t->nodes[opener];
	if (o->len != tg->nlen || memcmp(o->s, tg->name, o->len) != 0)
		return perr(ps, tg->line, "{{/%.*s}} closes section '%.*s' opened at line %u", nlen,
			    tg->name, clip(o->len), o->s, o->line);
	struct node nd = {
	    .kind = N_END, .line = tg->line, .jump = opener, .s = tg->name, .len = tg->nlen};
	size_t end = push_node(ps->t, &nd); /* may move nodes: index again afterwards */
	ps->t->nodes[opener].jump = end;
	ps->nopen--;
	return 0;
}

/* Appends the node of a checked, non-comment tag. */
static int add_tag_node(struct parser *ps, const struct tag *tg, enum tpl_filter filter)
{
	struct node nd = {.line = tg->line, .filter = filter};
	switch (tg->sigil) {
	case '/':
		return close_section(ps, tg);
	case '>':
		nd.kind = N_PARTIAL;
		nd.s = tg->name;
		nd.len = tg->nlen;
		push_node(ps->t, &nd);
		return 0;
	case '#':
	case '^':
		nd.kind = tg->sigil == '#' ? N_SECTION : N_INVERTED;
		split_name(ps->t, &nd, tg->name, tg->nlen);
		open_push(ps, push_node(ps->t, &nd));
		return 0;
	default:
		nd.kind = N_VAR;
		split_name(ps->t, &nd, tg->name, tg->nlen);
		push_node(ps->t, &nd);
		return 0;
	}
}

/* Parses the tag whose "{{" is at open; on return ps->text is where the text after it starts. */
static int parse_tag(struct parser *ps, const char *open)
{
	struct tag tg = {.open = open, .line = line_at(ps, open)};
	const char *close = find_pair(open + 2, ps->end, '}');
	if (!close)
		return perr(ps, tg.line, "unterminated tag: '{{' without '}}'");
	tg.after = close + 2;
	split_tag(&tg, open + 2, (size_t)(close - open - 2));
	enum tpl_filter filter = F_HTML;
	if (tg.sigil != '!' && (check_filter(ps, &tg, &filter) != 0 || check_name(ps, &tg) != 0))
		return -1;
	const char *begin = open, *next = tg.after;
	standalone(ps, &tg, &begin, &next);
	emit_text(ps, ps->text, begin);
	ps->text = next;
	ps->last_tag_end = tg.after;
	if (tg.sigil == '!' && tg.nlen == 6 && memcmp(tg.name, "shared", 6) == 0)
		ps->t->shared = true;
	return tg.sigil == '!' ? 0 : add_tag_node(ps, &tg, filter);
}

static int parse(struct parser *ps)
{
	const char *open;
	while ((open = find_pair(ps->text, ps->end, '{')) != NULL)
		if (parse_tag(ps, open) != 0)
			return -1;
	emit_text(ps, ps->text, ps->end);
	if (ps->nopen == 0)
		return 0;
	const struct node *o = &ps->t->nodes[ps->open[ps->nopen - 1]];
	return perr(ps, o->line, "section '%.*s' is not closed", clip(o->len), o->s);
}

/* Parses text[0..len) into a new template, or returns NULL with a message naming label in err. */
static struct tpl *tpl_parse(const char *name, const char *label, const char *text, size_t len,
			     struct buf *err)
{
	struct tpl *t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->label = xstrdup(label);
	t->src = xstrndup(text, len);
	struct parser ps = {.t = t,
			    .src = t->src,
			    .end = t->src + len,
			    .text = t->src,
			    .last_tag_end = t->src,
			    .line_pos = t->src,
			    .line = 1,
			    .err = err};
	int rc = parse(&ps);
	free(ps.open);
	if (rc == 0)
		return t;
	tpl_free(t);
	return NULL;
}

/* ---------------------------------------------------------------------------------------------------
 * Loading
 */

int tpl_load_string(struct tpl_set **set, const char *name, const char *text, struct buf *err)
{
	assert(set && name && text);
	struct tpl_set *s = *set ? *set : xcalloc(1, sizeof(*s));
	struct tpl *t = NULL;
	if (set_find(s, name, strlen(name))) {
		buf_printf(err, "%s: a template of this name is already loaded", name);
		goto fail;
	}
	t = tpl_parse(name, name, text, strlen(text), err);
	if (!t)
		goto fail;
	set_add(s, t);
	if (resolve_partials(s, s->n - 1, err) != 0) {
		s->n--;
		tpl_free(t);
		goto fail;
	}
	*set = s;
	return 0;
fail:
	if (!*set)
		tpl_set_free(s);
	return -1;
}

static bool is_template_file(const char *dir, const char *fname)
{
	size_t n = strlen(fname);
	if (fname[0] == '.' || n <= 5 || strcmp(fname + n - 5, ".html") != 0)
		return false;
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, fname);
	struct stat sb;
	bool ok = stat(path.data, &sb) == 0 && S_ISREG(sb.st_mode);
	buf_free(&path);
	return ok;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fills *names (caller frees each and the array) with dir's template file names, sorted. */
static int list_templates(const char *dir, char ***names, size_t *n, struct buf *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		buf_printf(err, "%s: cannot open directory: %s", dir, strerror(errno));
		return -1;
	}
	size_t cap = 0;
	*names = NULL;
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!is_template_file(dir, e->d_name))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*names = xrealloc(*names, cap * sizeof(**names));
		}
		(*names)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof(**names), cmp_str);
	return 0;
}

static int read_file(const char *path, struct buf *data, struct buf *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		buf_printf(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(data, chunk, got);
	int rc = ferror(f) ? -1 : 0;
	if (rc)
		buf_printf(err, "%s: cannot read", path);
	fclose(f);
	return rc;
}

static int load_file(struct tpl_set *set, const char *dir, const char *fname, struct buf *err)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, fname);
	char *name = xstrndup(fname, strlen(fname) - 5);
	int rc = read_file(path.data, &data, err);
	if (rc == 0) {
		struct tpl *t = tpl_parse(name, path.data, buf_cstr(&data), data.len, err);
		if (t)
			set_add(set, t);
		else
			rc = -1;
	}
	free(name);
	buf_free(&path);
	buf_free(&data);
	return rc;
}

int tpl_load_dir(const char *dir, struct tpl_set **out, struct buf *err)
{
	char **names;
	size_t n;
	if (list_templates(dir, &names, &n, err) != 0)
		return -1;
	struct tpl_set *set = xcalloc(1, sizeof(*set));
	int rc = -1;
	for (size_t i = 0; i < n; i++)
		if (load_file(set, dir, names[i], err) != 0)
			goto out;
	if (resolve_partials(set, 0, err) != 0)
		goto out;
	*out = set;
	set = NULL;
	rc = 0;
out:
	tpl_set_free(set);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* ---------------------------------------------------------------------------------------------------
 * Rendering: a loop over the node array with an explicit stack of frames, so that neither nesting
 * nor partials recurse on the C stack.
 */

enum frame_kind { FR_ROOT, FR_LIST, FR_ONCE, FR_PARTIAL };

struct frame {
	enum frame_kind kind;
	const struct tv *ctx;  /* the context this frame adds to the lookup chain, or NULL */
	bool obj;              /* ctx is an object, on the render's stack of objects */
	const struct tv *list; /* FR_LIST: the list, ctx being its item number item */
	size_t item;
	const struct tpl *ret; /* FR_PARTIAL: where to go on when the partial ends */
	size_t ret_i;
};

#define TPL_KEPT_MAX 16 /* shared partials kept for a context; past them, rendered each time */

struct kept_out {
	const struct tpl *_Atomic t; /* stored last (release), once s and len are */
	char *s;
	size_t len;
};

struct tpl_kept {
	const struct tv *ctx;
	pthread_mutex_t mu; /* held to fill a slot; read without it */
	struct kept_out out[TPL_KEPT_MAX];
};

static void render_tree(const struct tpl *t, const struct tv *ctx, struct tpl_kept *kept,
			struct buf *out);

/* A name is looked for in the frames' contexts that are objects, innermost first: they are kept
 * apart (objs, in the frames' order), so that a lookup passes over no partial, inverted section
 * or section of a scalar (a third of a page's render was looking names up). */
struct render {
	struct frame *f;
	size_t n, cap;
	const struct tv **objs; /* cap of them, like f */
	size_t nobjs;
	unsigned depth; /* partial frames on the stack */
	struct buf *out;
	struct tpl_kept *kept; /* where shared partials come from, or NULL */
	struct frame inline_frames[TPL_INLINE_FRAMES];
	const struct tv *inline_objs[TPL_INLINE_FRAMES];
};

/* The top frame's context becomes ctx (a list's next item). */
static void set_top_ctx(struct render *r, const struct tv *ctx)
{
	struct frame *f = &r->f[r->n - 1];
	bool obj = ctx && ctx->kind == TV_OBJ;
	if (f->obj && obj)
		r->objs[r->nobjs - 1] = ctx;
	else if (f->obj)
		r->nobjs--;
	else if (obj)
		r->objs[r->nobjs++] = ctx;
	f->ctx = ctx;
	f->obj = obj;
}

static struct frame *push_frame(struct render *r, enum frame_kind kind, const struct tv *ctx)
{
	if (r->n == r->cap) {
		r->cap *= 2;
		if (r->f == r->inline_frames) {
			r->f = xmalloc(r->cap * sizeof(*r->f));
			memcpy(r->f, r->inline_frames, sizeof(r->inline_frames));
			r->objs = xmalloc(r->cap * sizeof(*r->objs));
			memcpy(r->objs, r->inline_objs, sizeof(r->inline_objs));
		} else {
			r->f = xrealloc(r->f, r->cap * sizeof(*r->f));
			r->objs = xrealloc(r->objs, r->cap * sizeof(*r->objs));
		}
	}
	struct frame *f = &r->f[r->n++];
	*f = (struct frame){.kind = kind};
	set_top_ctx(r, ctx);
	return f;
}

static void pop_frame(struct render *r)
{
	if (r->f[r->n - 1].obj)
		r->nobjs--;
	r->n--;
}

static const struct tv *field_get(const struct tv *v, const struct name_part *p)
{
	if (v->kind != TV_OBJ)
		return NULL;
	size_t f = tpl_obj_find(v, p->s, p->len, p->hash);
	return f == TPL_NOT_FOUND ? NULL : v->u.fields[f].val;
}

/* The value a name refers to: its first part is looked for from the innermost context outwards. */
static const struct tv *lookup(const struct render *r, const struct tpl *t, const struct node *nd)
{
	const struct tv *v = NULL;
	size_t k = r->n;
	if (nd->nparts == 0) {
		while (k-- > 0 && !v)
			v = r->f[k].ctx;
		return v;
	}
	const struct name_part *p = &t->parts[nd->part0];
	for (k = r->nobjs; k-- > 0 && !v;) {
		size_t f = tpl_obj_find(r->objs[k], p->s, p->len, p->hash);
		if (f != TPL_NOT_FOUND)
			v = r->objs[k]->u.fields[f].val;
	}
	for (size_t j = 1; v && j < nd->nparts; j++)
		v = field_get(v, &p[j]);
	return v;
}

static bool truthy(const struct tv *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case TV_STR:
		return v->u.str.len > 0;
	case TV_INT:
		return v->u.i != 0;
	case TV_BOOL:
		return v->u.b;
	case TV_SAFE:
		return v->u.safe && safe_html_len(v->u.safe) > 0;
	case TV_LIST:
		return v->n > 0;
	case TV_OBJ:
		return true;
	}
	return false;
}

/* Writes v in decimal into d; returns the length. */
static size_t fmt_int(char d[static 21], int64_t v)
{
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char tmp[20];
	size_t n = 0, len = 0;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		d[len++] = '-';
	while (n)
		d[len++] = tmp[--n];
	return len;
}

static void emit(struct buf *out, enum tpl_filter filter, const char *s, size_t n)
{
	switch (filter) {
	case F_URL:
		html_url_encode(out, s, n);
		break;
	case F_JSON:
		html_json_quote(out, s, n);
		break;
	case F_HTML:
	case F_RAW:
		html_escape(out, s, n);
		break;
	}
}

static void render_var(struct render *r, const struct tpl *t, const struct node *nd)
{
	const struct tv *v = lookup(r, t, nd);
	char num[21];
	if (!v)
		return;
	switch (v->kind) {
	case TV_STR:
		if (v->plain && (nd->filter == F_HTML || nd->filter == F_RAW))
			buf_append(r->out, v->u.str.s, v->u.str.len);
		else
			emit(r->out, nd->filter, v->u.str.s, v->u.str.len);
		break;
	case TV_INT:
		emit(r->out, nd->filter, num, fmt_int(num, v->u.i));
		break;
	case TV_BOOL:
		emit(r->out, nd->filter, v->u.b ? "true" : "false", v->u.b ? 4 : 5);
		break;
	case TV_SAFE:
		if (!v->u.safe)
			break;
		if (nd->filter == F_RAW)
			buf_append(r->out, safe_html_str(v->u.safe), safe_html_len(v->u.safe));
		else
			emit(r->out, nd->filter, safe_html_str(v->u.safe),
			     safe_html_len(v->u.safe));
		break;
	case TV_OBJ:
	case TV_LIST:
		break;
	}
}

/* Returns the index of the next node to run after a section or inverted section tag at i. */
static size_t enter_section(struct render *r, const struct tpl *t, size_t i)
{
	const struct node *nd = &t->nodes[i];
	const struct tv *v = lookup(r, t, nd);
	bool on = truthy(v);
	if (nd->kind == N_INVERTED) {
		if (on)
			return nd->jump + 1;
		push_frame(r, FR_ONCE, NULL);
		return i + 1;
	}
	if (!on)
		return nd->jump + 1;
	if (v->kind == TV_LIST)
		push_frame(r, FR_LIST, v->u.items[0])->list = v;
	else
		push_frame(r, FR_ONCE, v);
	return i + 1;
}

/* At the END node i: goes back for the next list item, or leaves the section. */
static size_t leave_section(struct render *r, const struct tpl *t, size_t i)
{
	struct frame *f = &r->f[r->n - 1];
	assert(f->kind == FR_LIST || f->kind == FR_ONCE);
	if (f->kind == FR_LIST && f->item + 1 < f->list->n) {
		set_top_ctx(r, f->list->u.items[++f->item]);
		return t->nodes[i].jump + 1;
	}
	pop_frame(r);
	return i + 1;
}

/* Renders t in kept->ctx alone and appends it, from the output kept of an earlier render when
 * there is one; else keeps it when a slot is free. */
static void kept_append(struct render *r, const struct tpl *t)
{
	struct tpl_kept *k = r->kept;
	for (size_t j = 0; j < TPL_KEPT_MAX; j++) {
		const struct tpl *have = atomic_load_explicit(&k->out[j].t, memory_order_acquire);
		if (have == t) {
			buf_append(r->out, k->out[j].s, k->out[j].len);
			return;
		}
		if (!have)
			break;
	}
	struct buf b = BUF_INIT;
	render_tree(t, k->ctx, NULL, &b);
	pthread_mutex_lock(&k->mu); /* another thread may have kept it meanwhile */
	size_t j = 0;
	const struct tpl *have = NULL;
	while (j < TPL_KEPT_MAX &&
	       (have = atomic_load_explicit(&k->out[j].t, memory_order_relaxed)) != NULL &&
	       have != t)
		j++;
	if (j < TPL_KEPT_MAX && !have) {
		k->out[j].len = b.len;
		k->out[j].s = xstrndup(buf_cstr(&b), b.len);
		atomic_store_explicit(&k->out[j].t, t, memory_order_release);
	}
	pthread_mutex_unlock(&k->mu);
	buf_append(r->out, buf_cstr(&b), b.len);
	buf_free(&b);
}

/* At a partial tag: continues in the partial unless the depth limit is reached; a shared partial
 * comes from the render's tpl_kept when it has one. */
static void enter_partial(struct render *r, const struct tpl **t, size_t *i)
{
	const struct tpl *partial = (*t)->nodes[*i].partial;
	if (r->kept && partial->shared) {
		kept_append(r, partial);
		(*i)++;
		return;
	}
	if (r->depth == TPL_MAX_PARTIAL_DEPTH) {
		(*i)++;
		return;
	}
	struct frame *f = push_frame(r, FR_PARTIAL, NULL);
	f->ret = *t;
	f->ret_i = *i + 1;
	r->depth++;
	*t = partial;
	*i = 0;
}

/* At the end of a template: returns false at the end of the render, else goes back to the includer.
 */
static bool leave_partial(struct render *r, const struct tpl **t, size_t *i)
{
	const struct frame *f = &r->f[r->n - 1];
	if (f->kind != FR_PARTIAL)
		return false;
	*t = f->ret;
	*i = f->ret_i;
	pop_frame(r);
	r->depth--;
	return true;
}

static void render_run(struct render *r, const struct tpl *t)
{
	size_t i = 0;
	for (;;) {
		if (i == t->nnodes) {
			if (!leave_partial(r, &t, &i))
				return;
			continue;
		}
		const struct node *nd = &t->nodes[i];
		switch (nd->kind) {
		case N_TEXT:
			buf_append(r->out, nd->s, nd->len);
			i++;
			break;
		case N_VAR:
			render_var(r, t, nd);
			i++;
			break;
		case N_SECTION:
		case N_INVERTED:
			i = enter_section(r, t, i);
			break;
		case N_END:
			i = leave_section(r, t, i);
			break;
		case N_PARTIAL:
			enter_partial(r, &t, &i);
			break;
		}
	}
}

static void render_tree(const struct tpl *t, const struct tv *ctx, struct tpl_kept *kept,
			struct buf *out)
{
	struct render r = {.cap = TPL_INLINE_FRAMES, .out = out, .kept = kept};
	r.f = r.inline_frames;
	r.objs = r.inline_objs;
	push_frame(&r, FR_ROOT, ctx);
	render_run(&r, t);
	if (r.f != r.inline_frames) {
		free(r.f);
		free(r.objs);
	}
}

int tpl_render_kept(const struct tpl_set *set, const char *name, const struct tv *ctx,
		    struct tpl_kept *kept, struct buf *out)
{
	const struct tpl *t = set && name ? set_find(set, name, strlen(name)) : NULL;
	if (!t)
		return -1;
	render_tree(t, ctx, kept, out);
	return 0;
}

int tpl_render(const struct tpl_set *set, const char *name, const struct tv *ctx, struct buf *out)
{
	return tpl_render_kept(set, name, ctx, NULL, out);
}

struct tpl_kept *tpl_kept_new(const struct tv *ctx)
{
	struct tpl_kept *k = xcalloc(1, sizeof(*k));
	k->ctx = ctx;
	pthread_mutex_init(&k->mu, NULL);
	for (size_t j = 0; j < TPL_KEPT_MAX; j++)
		atomic_init(&k->out[j].t, NULL);
	return k;
}

void tpl_kept_free(struct tpl_kept *k)
{
	if (!k)
		return;
	for (size_t j = 0; j < TPL_KEPT_MAX; j++)
		free(k->out[j].s);
	pthread_mutex_destroy(&k->mu);
	free(k);
}
