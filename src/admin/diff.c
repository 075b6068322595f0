/* Word-level differences between two texts, and the labelled diff of two revisions' fields
 * (articles and static pages). */
#include "admin/admin-int.h"

#include <string.h>

#include "sanitize/sanitize.h"

#define DIFF_MAX_WORDS                                                                             \
	20000 /* beyond this, the texts are shown as one deletion and one insertion */

struct words {
	const char **w; /* each word keeps its following whitespace */
	size_t *len;
	size_t n;
};

static void split(struct arena *a, const char *s, struct words *out)
{
	size_t cap = 64;
	out->w = arena_alloc(a, cap * sizeof(*out->w));
	out->len = arena_alloc(a, cap * sizeof(*out->len));
	out->n = 0;
	while (*s) {
		const char *start = s;
		while (*s && *s != ' ' && *s != '\n' && *s != '\t')
			s++;
		while (*s == ' ' || *s == '\n' || *s == '\t')
			s++;
		if (out->n == cap) {
			const char **w = arena_alloc(a, 2 * cap * sizeof(*w));
			size_t *len = arena_alloc(a, 2 * cap * sizeof(*len));
			memcpy(w, out->w, cap * sizeof(*w));
			memcpy(len, out->len, cap * sizeof(*len));
			out->w = w;
			out->len = len;
			cap *= 2;
		}
		out->w[out->n] = start;
		out->len[out->n++] = (size_t)(s - start);
	}
}

static bool same(const struct words *x, size_t i, const struct words *y, size_t j)
{
	return x->len[i] == y->len[j] && memcmp(x->w[i], y->w[j], x->len[i]) == 0;
}

/* Appends a segment, extending the previous one when it is of the same kind and adjacent. */
static void emit(struct arena *a, struct diff_seg *segs, size_t *n, int kind, const char *s,
		 size_t len)
{
	(void)a;
	struct diff_seg *last = *n ? &segs[*n - 1] : NULL;
	if (last && (int)last->kind == kind && last->text + last->len == s) {
		last->len += len;
		return;
	}
	segs[*n].kind = kind;
	segs[*n].text = s;
	segs[*n].len = len;
	(*n)++;
}

struct diff_seg *admin_diff_words(struct arena *a, const char *from, const char *to, size_t *n)
{
	struct words x, y;
	split(a, from, &x);
	split(a, to, &y);
	struct diff_seg *segs = arena_alloc(a, (x.n + y.n + 2) * sizeof(*segs));
	*n = 0;
	/* Common prefix and suffix first: edits are usually small. */
	size_t pre = 0, suf = 0;
	while (pre < x.n && pre < y.n && same(&x, pre, &y, pre))
		emit(a, segs, n, DIFF_SAME, x.w[pre], x.len[pre]), pre++;
	while (suf < x.n - pre && suf < y.n - pre && same(&x, x.n - 1 - suf, &y, y.n - 1 - suf))
		suf++;
	size_t m = x.n - pre - suf, k = y.n - pre - suf;
	if (m * k > (size_t)DIFF_MAX_WORDS * 100) {
		for (size_t i = 0; i < m; i++)
			emit(a, segs, n, DIFF_DEL, x.w[pre + i], x.len[pre + i]);
		for (size_t j = 0; j < k; j++)
			emit(a, segs, n, DIFF_INS, y.w[pre + j], y.len[pre + j]);
	} else {
		/* Longest common subsequence over the middle, then walk it. */
		size_t *t = arena_alloc(a, (m + 1) * (k + 1) * sizeof(*t));
		for (size_t i = m; i-- > 0;)
			for (size_t j = k; j-- > 0;)
				t[i * (k + 1) + j] =
				    same(&x, pre + i, &y, pre + j)
					? t[(i + 1) * (k + 1) + j + 1] + 1
					: (t[(i + 1) * (k + 1) + j] > t[i * (k + 1) + j + 1]
					       ? t[(i + 1) * (k + 1) + j]
					       : t[i * (k + 1) + j + 1]);
		size_t i = 0, j = 0;
		while (i < m || j < k) {
			if (i < m && j < k && same(&x, pre + i, &y, pre + j)) {
				emit(a, segs, n, DIFF_SAME, x.w[pre + i], x.len[pre + i]);
				i++, j++;
			} else if (j < k &&
				   (i == m || t[i * (k + 1) + j + 1] >= t[(i + 1) * (k + 1) + j])) {
				emit(a, segs, n, DIFF_INS, y.w[pre + j], y.len[pre + j]);
				j++;
			} else {
				emit(a, segs, n, DIFF_DEL, x.w[pre + i], x.len[pre + i]);
				i++;
			}
		}
	}
	for (size_t s = 0; s < suf; s++)
		emit(a, segs, n, DIFF_SAME, x.w[x.n - suf + s], x.len[x.n - suf + s]);
	return segs;
}

/* The visible text of a revision's body, for comparing. */
const char *admin_body_text(struct admin *ad, const char *html)
{
	struct buf b = BUF_INIT;
	struct safe_html *h = NULL;
	if (sanitize_html(html, strlen(html), &h) == 0) {
		sanitize_text(h, &b);
		safe_html_free(h);
	}
	const char *s = arena_strdup(ad->p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The src of every image of sanitised HTML, one per line ("\n" after each). */
static const char *image_list(struct admin *ad, const char *html)
{
	struct buf b = BUF_INIT;
	for (const char *s = html; (s = strstr(s, "<img")) != NULL; s += 4) {
		const char *end = strchr(s, '>');
		const char *src = strstr(s, " src=\"");
		if (!end || !src || src > end)
			continue;
		src += 6;
		const char *q = strchr(src, '"');
		if (q && q < end)
			buf_printf(&b, "%.*s\n", (int)(q - src), src);
	}
	const char *out = arena_strdup(ad->p->a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* Whether line (without its newline) is one of the lines of list. */
static bool has_line(const char *list, const char *line, size_t len)
{
	for (const char *s = list; *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n == len && memcmp(s, line, len) == 0)
			return true;
		s += n + (nl != NULL);
	}
	return false;
}

/* Images of `from` missing from `to`, as rows of the list `key`. */
static void image_changes(struct tv *field, const char *key, const char *from, const char *to)
{
	struct tv *list = tv_list(field, key);
	bool any = false;
	for (const char *s = from; *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n && !has_line(to, s, n)) {
			tv_strn(tv_push(list), "src", s, n);
			any = true;
		}
		s += n + (nl != NULL);
	}
	tv_bool(field, strcmp(key, "added") == 0 ? "has_added" : "has_removed", any);
}

/* One field of the labelled diff: its word diff when it changed, else its name in "unchanged". */
void admin_diff_field(struct admin *ad, struct tv *fields, struct buf *same, const char *label,
		      const char *from, const char *to)
{
	if (strcmp(from, to) == 0) {
		buf_printf(same, "%s%s", same->len ? ", " : "", label);
		return;
	}
	struct tv *f = tv_push(fields);
	tv_str(f, "label", label);
	tv_bool(f, "has_diff", true);
	size_t n;
	struct diff_seg *segs = admin_diff_words(ad->p->a, from, to, &n);
	struct tv *list = tv_list(f, "diff");
	for (size_t i = 0; i < n; i++) {
		struct tv *it = tv_push(list);
		tv_strn(it, "text", segs[i].text, segs[i].len);
		tv_bool(it,
			segs[i].kind == DIFF_INS   ? "ins"
			: segs[i].kind == DIFF_DEL ? "del"
						   : "same",
			true);
	}
}

void admin_diff_images(struct admin *ad, struct tv *fields, const char *from_html,
		       const char *to_html)
{
	const char *ia = image_list(ad, from_html), *ib = image_list(ad, to_html);
	if (strcmp(ia, ib) != 0) {
		struct tv *f = tv_push(fields);
		tv_str(f, "label", "Ảnh trong bài");
		image_changes(f, "added", ib, ia);
		image_changes(f, "removed", ia, ib);
	}
}

void admin_diff_featured(struct admin *ad, struct tv *fields, struct buf *same,
			 const struct article_image *a, const struct article_image *b)
{
	if (strcmp(a->src, b->src) != 0) {
		struct tv *f = tv_push(fields);
		tv_str(f, "label", "Ảnh đại diện");
		const char *from = *a->src ? arena_printf(ad->p->a, "%s\n", a->src) : "";
		const char *to = *b->src ? arena_printf(ad->p->a, "%s\n", b->src) : "";
		image_changes(f, "added", to, from);
		image_changes(f, "removed", from, to);
	} else {
		buf_printf(same, "%s%s", same->len ? ", " : "", "Ảnh đại diện");
	}
	admin_diff_field(ad, fields, same, "Mô tả ảnh đại diện (alt)", a->alt, b->alt);
	admin_diff_field(ad, fields, same, "Chú thích ảnh đại diện", a->caption, b->caption);
}
