/* Compliance settings both backends share: whole numbers with a legal floor, only ever raised. */
#include "store/store-int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *key;
	int64_t floor;
} floors[] = {
    {SETTING_AUDIT_DAYS, 730},   /* two years of the processing log */
    {SETTING_ARCHIVE_DAYS, 90},  /* ninety days of what was public */
    {SETTING_REPUBLISH_MIN, 60}, /* one hour after the original */
};

int64_t store_setting_floor(const char *key)
{
	for (size_t i = 0; i < sizeof floors / sizeof floors[0]; i++)
		if (strcmp(key, floors[i].key) == 0)
			return floors[i].floor;
	return -1;
}

/* Parses a whole number of at most 9 digits; -1 when s is not one. */
static int64_t parse_num(const char *s)
{
	if (!s || !*s || strlen(s) > 9)
		return -1;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	return errno || *end || v < 0 ? -1 : (int64_t)v;
}

enum store_rc store_setting_num_on(const struct store *st, struct store_conn *c, const char *key,
				   int64_t *out)
{
	int64_t floor = store_setting_floor(key);
	struct arena *a = arena_new();
	const char *v = NULL;
	enum store_rc rc = st->ops->setting_get(c, a, key, &v);
	int64_t n = rc == STORE_OK ? parse_num(v) : -1;
	*out = n > floor ? n : floor;
	arena_free(a);
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

enum store_rc store_setting_set_on(const struct store *st, struct store_conn *c, const char *key,
				   const char *val)
{
	int64_t cur = 0, n = parse_num(val);
	enum store_rc rc = store_setting_num_on(st, c, key, &cur);
	if (rc != STORE_OK)
		return rc;
	if (n < 0 || n < cur)
		return STORE_INVALID; /* below the floor or the current value: only raised */
	return st->ops->setting_set(c, key, val);
}
