/* A legal document read from JSON (API writes, JSON Lines import): a table of members, each with
 * its reader, and Vietnamese reasons naming the member. */
#include "docs/json.h"

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "docs/number.h"
#include "vi/vi.h"

struct ctx {
	struct arena *a;
	struct doc_in *out;
	struct buf *err;
	enum doc_json_mode mode;
};

struct member;
typedef int (*member_fn)(struct ctx *c, const struct member *m, json_t *v);

struct member {
	const char *name;
	member_fn read;
	unsigned bit;
	size_t offset;     /* where the value goes in struct doc_in */
	size_t max;        /* code points of text */
	unsigned modes;    /* 1 << enum doc_json_mode where it is accepted */
	unsigned required; /* 1 << mode where it must be present */
};

__attribute__((format(printf, 3, 4))) static int fail(struct ctx *c, const struct member *m,
						      const char *fmt, ...)
{
	if (m)
		buf_printf(c->err, "trường '%s': ", m->name);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(c->err, fmt, ap);
	va_end(ap);
	return -1;
}

static void *slot(struct ctx *c, const struct member *m)
{
	return (char *)c->out + m->offset;
}

/* NFC, trimmed, bounded, without control characters (the summary may break lines). */
static int text(struct ctx *c, const struct member *m, json_t *v, const char **res)
{
	if (!json_is_string(v))
		return fail(c, m, "phải là chuỗi.");
	struct buf b = BUF_INIT;
	int rc = -1;
	if (vi_nfc(json_string_value(v), json_string_length(v), &b) != 0) {
		rc = fail(c, m, "không phải UTF-8 hợp lệ.");
		goto out;
	}
	const char *s = buf_cstr(&b);
	size_t start = 0, end = b.len, cps = 0;
	while (start < end && strchr(" \t\r\n", s[start]))
		start++;
	while (end > start && strchr(" \t\r\n", s[end - 1]))
		end--;
	for (size_t i = start; i < end; i++) {
		unsigned char ch = (unsigned char)s[i];
		cps += (ch & 0xC0) != 0x80;
		bool brk = m->max == DOC_SUMMARY_MAX && (ch == '\n' || ch == '\t' || ch == '\r');
		if ((ch < 0x20 || ch == 0x7F) && !brk) {
			rc = fail(c, m, "có ký tự điều khiển.");
			goto out;
		}
	}
	if (cps > m->max) {
		rc = fail(c, m, "dài quá %zu ký tự.", m->max);
		goto out;
	}
	*res = arena_strndup(c->a, s + start, end - start);
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

static int read_text(struct ctx *c, const struct member *m, json_t *v)
{
	const char **res = slot(c, m);
	if (!v)
		return 0;
	if (text(c, m, v, res) != 0)
		return -1;
	if (**res == '\0' && (m->required & (1u << c->mode)))
		return fail(c, m, "không được để trống.");
	return 0;
}

static int read_number(struct ctx *c, const struct member *m, json_t *v)
{
	const char *raw;
	if (!v)
		return 0;
	if (text(c, m, v, &raw) != 0)
		return -1;
	struct buf b = BUF_INIT;
	const char *why;
	if (doc_number_clean(raw, strlen(raw), &b, &why) != 0) {
		buf_free(&b);
		return fail(c, m, "%s", why);
	}
	c->out->number = arena_strndup(c->a, b.data, b.len);
	buf_free(&b);
	return 0;
}

static int read_date(struct ctx *c, const struct member *m, json_t *v)
{
	int32_t *res = slot(c, m);
	if (!v)
		return 0;
	if (!json_is_string(v) || doc_date_parse(json_string_value(v), res) != 0)
		return fail(c, m, "cần một ngày có thật dạng YYYY-MM-DD.");
	return 0;
}

static int read_int(struct ctx *c, const struct member *m, json_t *v)
{
	int64_t *res = slot(c, m);
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return fail(c, m, "phải là số nguyên dương.");
	*res = json_integer_value(v);
	return 0;
}

static void free_html(void *p)
{
	safe_html_free(p);
}

static int read_body(struct ctx *c, const struct member *m, json_t *v)
{
	if (!v)
		return 0;
	if (!json_is_string(v))
		return fail(c, m, "phải là chuỗi.");
	if (json_string_length(v) > DOC_BODY_MAX)
		return fail(c, m, "lớn quá 2 MB.");
	struct safe_html *h = NULL;
	if (sanitize_html(json_string_value(v), json_string_length(v), &h) != 0)
		return fail(c, m, "không phải UTF-8 hợp lệ.");
	arena_on_free(c->a, free_html, h);
	c->out->body = h;
	return 0;
}

static int read_status(struct ctx *c, const struct member *m, json_t *v)
{
	if (!v)
		return 0;
	const char *s = json_string_value(v);
	if (!s || (strcmp(s, "published") != 0 && strcmp(s, "draft") != 0))
		return fail(c, m, "chỉ nhận \"published\" hoặc \"draft\".");
	c->out->published = strcmp(s, "published") == 0;
	return 0;
}

static int read_published_at(struct ctx *c, const struct member *m, json_t *v)
{
	if (!v)
		return 0;
	if (!json_is_string(v) ||
	    vi_parse_rfc3339(json_string_value(v), &c->out->published_at) != 0)
		return fail(c, m, "cần thời điểm RFC 3339 có múi giờ.");
	return 0;
}

static int read_relations(struct ctx *c, const struct member *m, json_t *v)
{
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) > DOC_RELATIONS_MAX)
		return fail(c, m, "phải là mảng tối đa %d quan hệ.", DOC_RELATIONS_MAX);
	size_t n = json_array_size(v);
	struct doc_rel_in *r = arena_alloc(c->a, (n ? n : 1) * sizeof *r);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(v, i), *k = json_object_get(o, "kind"),
		       *id = json_object_get(o, "id");
		if (!json_is_object(o) || json_object_size(o) != 2 || !json_is_string(k) ||
		    !json_is_integer(id) || json_integer_value(id) < 1)
			return fail(c, m, "mục %zu cần {\"kind\", \"id\"}.", i + 1);
		r[i].kind = doc_relation_from(json_string_value(k));
		r[i].id = json_integer_value(id);
		if (r[i].kind == DOC_REL_MAX)
			return fail(c, m, "mục %zu: kind chỉ nhận replaces, amends, based_on.",
				    i + 1);
		if (c->out->id && r[i].id == c->out->id)
			return fail(c, m, "mục %zu: văn bản không thể liên quan đến chính nó.",
				    i + 1);
	}
	c->out->relations = r;
	c->out->nrelations = n;
	return 0;
}

/* A relative path inside the folder: no empty, "." or ".." part, no leading '/', no '\\'. */
static bool safe_path(const char *p)
{
	if (!p || !*p || *p == '/' || strchr(p, '\\'))
		return false;
	for (const char *s = p; *s;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return false;
		s += n + (e ? 1 : 0);
		if (e && !*s)
			return false;
	}
	return true;
}

static int read_files(struct ctx *c, const struct member *m, json_t *v)
{
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) > DOC_FILES_MAX)
		return fail(c, m, "phải là mảng tối đa %d tệp.", DOC_FILES_MAX);
	size_t n = json_array_size(v);
	struct doc_file_in *f = arena_alloc(c->a, (n ? n : 1) * sizeof *f);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(v, i), *name = json_object_get(o, "name"),
		       *path = json_object_get(o, "path"), *dl = json_object_get(o, "downloads");
		if (!json_is_object(o) || !json_is_string(name) || !json_is_string(path) ||
		    json_object_size(o) != 2u + (dl != NULL) ||
		    (dl && (!json_is_integer(dl) || json_integer_value(dl) < 0)))
			return fail(c, m, "mục %zu cần {\"name\", \"path\"[, \"downloads\"]}.",
				    i + 1);
		if (!safe_path(json_string_value(path)))
			return fail(c, m, "mục %zu: đường dẫn phải nằm trong thư mục đi kèm.",
				    i + 1);
		struct buf b = BUF_INIT;
		doc_safe_name(&b, json_string_value(name));
		f[i].name = arena_strndup(c->a, b.data, b.len);
		buf_free(&b);
		f[i].path = arena_strdup(c->a, json_string_value(path));
		f[i].downloads = dl ? json_integer_value(dl) : 0;
	}
	c->out->files = f;
	c->out->nfiles = n;
	return 0;
}

#define OFF(f) offsetof(struct doc_in, f)
#define ALL ((1u << DOC_JSON_CREATE) | (1u << DOC_JSON_PATCH) | (1u << DOC_JSON_IMPORT))
#define NEW ((1u << DOC_JSON_CREATE) | (1u << DOC_JSON_IMPORT))
#define IMP (1u << DOC_JSON_IMPORT)
#define PAT (1u << DOC_JSON_PATCH)

static const struct member members[] = {
    {"id", read_int, DM_ID, OFF(id), 0, IMP, 0},
    {"revision", read_int, DM_REVISION, OFF(revision), 0, PAT, PAT},
    {"kind", read_text, DM_KIND, OFF(kind), DOC_NAME_MAX, ALL, NEW},
    {"number", read_number, DM_NUMBER, OFF(number), DOC_NAME_MAX, ALL, NEW},
    {"issuer", read_text, DM_ISSUER, OFF(issuer), DOC_NAME_MAX, ALL, NEW},
    {"field", read_text, DM_FIELD, OFF(field), DOC_NAME_MAX, ALL, 0},
    {"signer", read_text, DM_SIGNER, OFF(signer), DOC_NAME_MAX, ALL, 0},
    {"signer_position", read_text, DM_POSITION, OFF(signer_position), DOC_NAME_MAX, ALL, 0},
    {"issued_on", read_date, DM_ISSUED, OFF(issued), 0, ALL, NEW},
    {"effective_on", read_date, DM_EFFECTIVE, OFF(effective), 0, ALL, 0},
    {"expires_on", read_date, DM_EXPIRES, OFF(expires), 0, ALL, 0},
    {"summary", read_text, DM_SUMMARY, OFF(summary), DOC_SUMMARY_MAX, ALL, NEW},
    {"body_html", read_body, DM_BODY, OFF(body), 0, ALL, 0},
    {"relations", read_relations, DM_RELATIONS, OFF(relations), 0, ALL, 0},
    {"comment_from", read_date, DM_COMMENT_FROM, OFF(comment_from), 0, ALL, 0},
    {"comment_until", read_date, DM_COMMENT_UNTIL, OFF(comment_until), 0, ALL, 0},
    {"status", read_status, DM_STATUS, OFF(published), 0, IMP, 0},
    {"published_at", read_published_at, DM_PUBLISHED_AT, OFF(published_at), 0, IMP, 0},
    {"files", read_files, DM_FILES, OFF(files), 0, IMP, 0},
};
#define NMEMBERS (sizeof members / sizeof members[0])

static const struct member *find(const char *key, enum doc_json_mode mode)
{
	for (size_t i = 0; i < NMEMBERS; i++)
		if (strcmp(members[i].name, key) == 0 && (members[i].modes & (1u << mode)))
			return &members[i];
	return NULL;
}

static int check_keys(struct ctx *c, json_t *o)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		(void)v;
		if (!find(key, c->mode)) {
			size_t n = strnlen(key, 40);
			buf_puts(c->err, "trường không được nhận: '");
			for (size_t i = 0; i < n; i++)
				buf_putc(c->err, (unsigned char)key[i] < 0x20 ? '?' : key[i]);
			return fail(c, NULL, "'.");
		}
	}
	return 0;
}

int doc_json_read(json_t *o, enum doc_json_mode mode, struct arena *a, struct doc_in *out,
		  struct buf *err)
{
	struct ctx c = {a, out, err, mode};
	*out = (struct doc_in){.kind = "",
			       .number = "",
			       .issuer = "",
			       .field = "",
			       .signer = "",
			       .signer_position = "",
			       .summary = "",
			       .issued = DOC_NO_DATE,
			       .effective = DOC_NO_DATE,
			       .expires = DOC_NO_DATE,
			       .comment_from = DOC_NO_DATE,
			       .comment_until = DOC_NO_DATE};
	if (!json_is_object(o))
		return fail(&c, NULL, "cần một đối tượng JSON.");
	if (check_keys(&c, o) != 0)
		return -1;
	if (mode == DOC_JSON_IMPORT)
		out->published = true; /* the default status of an import line */
	for (size_t i = 0; i < NMEMBERS; i++) {
		const struct member *m = &members[i];
		if (!(m->modes & (1u << mode)))
			continue;
		json_t *v = json_object_get(o, m->name);
		if (!v && (m->required & (1u << mode)))
			return fail(&c, m, "bắt buộc.");
		if (v)
			out->members |= m->bit;
		if (v && json_is_null(v)) {
			if (m->required & (1u << mode))
				return fail(&c, m, "bắt buộc.");
			v = NULL;
		}
		if (m->read(&c, m, v) != 0)
			return -1;
	}
	if (mode == DOC_JSON_IMPORT && out->published && !out->published_at)
		return fail(&c, NULL,
			    "trường 'published_at' bắt buộc khi status là \"published\".");
	return 0;
}

int doc_json_read_line(const char *line, size_t len, struct arena *a, struct doc_in *out,
		       struct buf *err)
{
	json_error_t e;
	json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (!o) {
		memset(out, 0, sizeof *out);
		buf_printf(err, "JSON không hợp lệ ở cột %d.", e.column);
		return -1;
	}
	int rc = doc_json_read(o, DOC_JSON_IMPORT, a, out, err);
	json_decref(o);
	return rc;
}
