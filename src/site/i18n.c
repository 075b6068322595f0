/* Interface-string catalogues (issue 13): theme/i18n/{code}.json files read at start, the `t`
 * object and the language switch of every public page, dates in each language's words. */
#include "site/site-int.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "vi/vi.h"

static char *dup_str(json_t *o, const char *key, const char *fallback)
{
	const char *v = json_string_value(json_object_get(o, key));
	return xstrdup(v ? v : fallback);
}

/* Reads a list of n strings under key into out; false when it is not one. */
static bool read_list(json_t *o, const char *key, char **out, size_t n)
{
	json_t *l = json_object_get(o, key);
	if (!json_is_array(l) || json_array_size(l) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *v = json_string_value(json_array_get(l, i));
		if (!v)
			return false;
		out[i] = xstrdup(v);
	}
	return true;
}

static bool code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 8)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] == '-' && i > 0)))
			return false;
	return true;
}

static void cat_free(struct i18n_cat *c)
{
	free(c->code);
	free(c->name);
	free(c->locale);
	free(c->prefix);
	free(c->clock);
	free(c->date);
	for (int k = 0; k < 7; k++)
		free(c->weekdays[k]);
	for (int k = 0; k < 12; k++)
		free(c->months[k]);
	for (size_t k = 0; k < c->nstrings; k++) {
		free(c->keys[k]);
		free(c->values[k]);
	}
	free(c->keys);
	free(c->values);
	memset(c, 0, sizeof(*c));
}

static int load_one(struct i18n_cat *c, const char *path, const char *code, json_t **strings,
		    struct buf *err)
{
	json_error_t je;
	memset(c, 0, sizeof(*c));
	json_t *o = json_load_file(path, 0, &je);
	if (!o) {
		buf_printf(err, "%s:%d: %s", path, je.line, je.text);
		return -1;
	}
	c->code = xstrdup(code);
	c->name = dup_str(o, "name", code);
	c->locale = dup_str(o, "locale", code);
	c->is_default = json_is_true(json_object_get(o, "default"));
	struct buf pre = BUF_INIT;
	if (!c->is_default)
		buf_printf(&pre, "/%s", code);
	c->prefix = xstrdup(pre.len ? buf_cstr(&pre) : "");
	buf_free(&pre);
	c->clock = dup_str(o, "clock", "{dd}/{mm}/{year} {hh}:{min}:{sec}");
	c->date = dup_str(o, "date", "{dd}/{mm}/{year}");
	json_t *s = json_object_get(o, "strings");
	if (!read_list(o, "weekdays", c->weekdays, 7) || !read_list(o, "months", c->months, 12) ||
	    !json_is_object(s)) {
		buf_printf(err, "%s: needs \"weekdays\" (7), \"months\" (12) and \"strings\"",
			   path);
		json_decref(o);
		cat_free(c);
		return -1;
	}
	*strings = json_incref(s);
	json_decref(o);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The file names "*.json" of dir, sorted; -1 when dir cannot be read. */
static int list_dir(const char *dir, char **names, size_t *n, struct buf *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	*n = 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		if (*n == I18N_MAX) {
			buf_printf(err, "%s: more than %d catalogues", dir, I18N_MAX);
			for (size_t i = 0; i < *n; i++)
				free(names[i]);
			closedir(d);
			return -2;
		}
		names[(*n)++] = xstrndup(e->d_name, len - 5);
	}
	closedir(d);
	qsort(names, *n, sizeof(char *), by_name);
	return 0;
}

/* Every catalogue gets the default one's keys: its own value, else the default's. */
static void merge(struct i18n *in, json_t **strings)
{
	json_t *def = strings[in->def];
	size_t nk = json_object_size(def);
	for (size_t i = 0; i < in->n; i++) {
		struct i18n_cat *c = &in->cats[i];
		c->keys = xcalloc(nk ? nk : 1, sizeof(char *));
		c->values = xcalloc(nk ? nk : 1, sizeof(char *));
		const char *k;
		json_t *v;
		json_object_foreach(def, k, v)
		{
			const char *own = json_string_value(json_object_get(strings[i], k));
			const char *dv = json_string_value(v);
			c->keys[c->nstrings] = xstrdup(k);
			c->values[c->nstrings++] = xstrdup(own ? own : dv ? dv : "");
		}
	}
}

static void builtin(struct i18n *in)
{
	static const char *const days[7] = {"CN", "T2", "T3", "T4", "T5", "T6", "T7"};
	struct i18n_cat *c = &in->cats[0];
	memset(c, 0, sizeof(*c));
	c->code = xstrdup("vi");
	c->name = xstrdup("Tiếng Việt");
	c->locale = xstrdup("vi_VN");
	c->prefix = xstrdup("");
	c->is_default = true;
	for (int i = 0; i < 7; i++)
		c->weekdays[i] = xstrdup(days[i]);
	for (int i = 0; i < 12; i++)
		c->months[i] = xstrdup("");
	c->clock = xstrdup("{dd}/{mm}/{year} {hh}:{min}:{sec}");
	c->date = xstrdup("{dd}/{mm}/{year}");
	c->keys = xcalloc(1, sizeof(char *));
	c->values = xcalloc(1, sizeof(char *));
	in->n = 1;
	in->def = 0;
}

int i18n_load(struct i18n *in, const char *dir, struct buf *err)
{
	memset(in, 0, sizeof(*in));
	char *names[I18N_MAX];
	size_t n = 0;
	int r = list_dir(dir, names, &n, err);
	if (r == -2)
		return -1;
	if (r == -1 || n == 0) {
		log_warn("site: no interface catalogues in '%s'; Vietnamese dates only", dir);
		builtin(in);
		return 0;
	}
	json_t *strings[I18N_MAX] = {0};
	int rc = 0;
	size_t ndef = 0;
	for (size_t i = 0; i < n; i++) {
		struct buf path = BUF_INIT;
		buf_printf(&path, "%s/%s.json", dir, names[i]);
		if (rc == 0 && !code_ok(names[i])) {
			buf_printf(err, "%s: the name must be a language code (a-z, 2 to 8)",
				   buf_cstr(&path));
			rc = -1;
		}
		if (rc == 0) {
			rc = load_one(&in->cats[in->n], buf_cstr(&path), names[i], &strings[in->n],
				      err);
			if (rc == 0) {
				in->cats[in->n].index = in->n;
				if (in->cats[in->n].is_default) {
					in->def = in->n;
					ndef++;
				}
				in->n++;
			}
		}
		buf_free(&path);
		free(names[i]);
	}
	if (rc == 0 && ndef != 1) {
		buf_printf(err, "%s: exactly one catalogue must say \"default\": true", dir);
		rc = -1;
	}
	if (rc == 0)
		merge(in, strings);
	for (size_t i = 0; i < in->n; i++)
		json_decref(strings[i]);
	if (rc != 0)
		i18n_free(in);
	return rc;
}

void i18n_free(struct i18n *in)
{
	for (size_t i = 0; i < in->n; i++)
		cat_free(&in->cats[i]);
	memset(in, 0, sizeof(*in));
}

const struct i18n_cat *i18n_find(const struct i18n *in, const char *s, size_t len)
{
	for (size_t i = 0; i < in->n; i++)
		if (strlen(in->cats[i].code) == len && memcmp(in->cats[i].code, s, len) == 0)
			return &in->cats[i];
	return NULL;
}

/* v in decimal into tmp (at least width digits, zero-padded), as "%d" / "%02d" would: every date
 * of every list row goes through here, and snprintf was most of a date's cost. */
static const char *decimal(int v, int width, char *tmp, size_t cap)
{
	char d[16];
	size_t n = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	while (n < (size_t)width)
		d[n++] = '0';
	if (v < 0)
		d[n++] = '-';
	size_t i = 0;
	while (n && i + 1 < cap)
		tmp[i++] = d[--n];
	tmp[i] = '\0';
	return tmp;
}

/* The value of one {placeholder} for tm, or NULL when name is not one. */
static const char *field(const struct i18n_cat *c, const char *name, size_t n,
			 const struct vi_tm *tm, char *tmp, size_t cap)
{
	int h12 = tm->hour % 12 ? tm->hour % 12 : 12;
	struct {
		const char *name;
		int v;
		int width;
	} nums[] = {{"day", tm->day, 1},  {"dd", tm->day, 2},    {"mon", tm->month, 1},
		    {"mm", tm->month, 2}, {"year", tm->year, 1}, {"hour12", h12, 1},
		    {"hh", tm->hour, 2},  {"min", tm->min, 2},   {"sec", tm->sec, 2}};
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (strlen(nums[i].name) == n && memcmp(nums[i].name, name, n) == 0)
			return decimal(nums[i].v, nums[i].width, tmp, cap);
	if (n == 7 && memcmp(name, "weekday", 7) == 0)
		return c->weekdays[tm->wday % 7];
	if (n == 5 && memcmp(name, "month", 5) == 0)
		return c->months[(tm->month + 11) % 12];
	if (n == 4 && memcmp(name, "ampm", 4) == 0)
		return tm->hour < 12 ? "AM" : "PM";
	return NULL;
}

void i18n_format(struct buf *out, const struct i18n_cat *c, const char *pattern,
		 const struct vi_tm *tm)
{
	char tmp[24];
	for (const char *s = pattern; *s; s++) {
		const char *end = *s == '{' ? strchr(s, '}') : NULL;
		const char *v =
		    end ? field(c, s + 1, (size_t)(end - s - 1), tm, tmp, sizeof tmp) : NULL;
		if (v) {
			buf_puts(out, v);
			s = end;
		} else {
			buf_putc(out, *s);
		}
	}
}

const char *i18n_str(const struct page *p, const char *key)
{
	const struct i18n_cat *c = p->lang;
	for (size_t i = 0; c && i < c->nstrings; i++)
		if (strcmp(c->keys[i], key) == 0)
			return c->values[i];
	return "";
}
