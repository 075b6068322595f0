/* Interface-string catalogues (issue 13): one JSON file per language in the theme's i18n/ folder,
 * loaded at start; a third language is a file, not code. */
#ifndef GZ_SITE_I18N_H
#define GZ_SITE_I18N_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

struct page;
struct site;
struct vi_tm;

/* Languages a site can hold (catalogue files beyond it are refused at start). */
#define I18N_MAX 8

/* One catalogue: theme/i18n/{code}.json, see docs/I18N.md for its fields. */
struct i18n_cat {
	char *code;      /* "vi", "en": the file's name and the URL prefix /{code}/ */
	char *name;      /* in its own language, for the switch: "English" */
	char *locale;    /* og:locale, "en_GB" */
	char *prefix;    /* "" for the default language, else "/{code}" */
	bool is_default; /* "default": true (exactly one catalogue) */
	char *weekdays[7];
	char *months[12];
	char *clock; /* the header clock's pattern: {weekday} {day} {month} {year}... */
	char *date;  /* a date's pattern */
	size_t nstrings;
	char **keys; /* the default catalogue's keys, in its order */
	char **values;
	size_t index; /* its place in the site's list */
};

struct i18n {
	struct i18n_cat cats[I18N_MAX];
	size_t n;
	size_t def; /* index of the default catalogue */
};

/* Loads every "*.json" of dir (sorted by name). Returns 0, or -1 with a message naming the file
 * in err. Without the folder, one built-in Vietnamese catalogue without strings is used. */
int i18n_load(struct i18n *in, const char *dir, struct buf *err);
void i18n_free(struct i18n *in);
/* The catalogue whose code is s[0..len), or NULL. */
const struct i18n_cat *i18n_find(const struct i18n *in, const char *s, size_t len);
/* Formats tm with a catalogue's pattern (clock or date). */
void i18n_format(struct buf *out, const struct i18n_cat *c, const char *pattern,
		 const struct vi_tm *tm);
/* The string `key` of the page's language ("" when no catalogue has it). */
const char *i18n_str(const struct page *p, const char *key);

#endif
