/* WordPress roles from a database dump: {prefix}users gives the logins, {prefix}usermeta their
 * {prefix}capabilities. Rows may come in any order: both tables are collected, then joined. */
#include "import/wproles.h"

#include <stdio.h>
#include <string.h>

#include "import/sqldump.h"

static const struct {
	const char *wp, *gazette;
} ranks[] = {
    /* highest first: the first one granted decides */
    {"administrator", "admin"},
    {"editor", "publisher"},
    {"author", "contributor"},
    {"contributor", "contributor"},
};

/* True when caps grants role: the key s:N:"role" followed by b:1 (or i:1, s:1:"1"). */
static bool grants(const char *caps, const char *role)
{
	char key[64];
	snprintf(key, sizeof key, "s:%zu:\"%s\";", strlen(role), role);
	for (const char *p = strstr(caps, key); p; p = strstr(p + 1, key)) {
		const char *v = p + strlen(key);
		if (strncmp(v, "b:1;", 4) == 0 || strncmp(v, "i:1;", 4) == 0 ||
		    strncmp(v, "s:1:\"1\";", 8) == 0)
			return true;
	}
	return false;
}

const char *wp_role_of_caps(const char *caps)
{
	if (!caps || strncmp(caps, "a:", 2) != 0)
		return NULL;
	for (size_t i = 0; i < sizeof ranks / sizeof ranks[0]; i++)
		if (grants(caps, ranks[i].wp))
			return ranks[i].gazette;
	return NULL;
}

struct roles_run {
	char *users, *usermeta, *meta_key;
	GHashTable *logins; /* user id -> login */
	GHashTable *caps;   /* user id -> capabilities */
};

static const char *col(const struct sqld_row *r, const char *name)
{
	for (size_t i = 0; r->cols && i < r->n; i++)
		if (strcmp(r->cols[i], name) == 0)
			return r->null[i] ? NULL : r->vals[i];
	return NULL;
}

static bool want(void *ctx, const char *table)
{
	struct roles_run *rr = ctx;
	return strcmp(table, rr->users) == 0 || strcmp(table, rr->usermeta) == 0;
}

static int row(void *ctx, const struct sqld_row *r, struct buf *err)
{
	struct roles_run *rr = ctx;
	if (!r->cols) {
		buf_printf(err, "the rows of %s name no columns (dump with CREATE TABLE)",
			   r->table);
		return -1;
	}
	if (strcmp(r->table, rr->users) == 0) {
		const char *id = col(r, "ID"), *login = col(r, "user_login");
		if (id && login)
			g_hash_table_replace(rr->logins, g_strdup(id), g_strdup(login));
	} else {
		const char *id = col(r, "user_id"), *key = col(r, "meta_key");
		const char *value = col(r, "meta_value");
		if (id && key && value && strcmp(key, rr->meta_key) == 0)
			g_hash_table_replace(rr->caps, g_strdup(id), g_strdup(value));
	}
	return 0;
}

GHashTable *wp_roles_read(const char *path, const char *prefix, struct buf *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		buf_printf(err, "%s: cannot read it", path);
		return NULL;
	}
	struct roles_run rr = {
	    .users = g_strdup_printf("%susers", prefix),
	    .usermeta = g_strdup_printf("%susermeta", prefix),
	    .meta_key = g_strdup_printf("%scapabilities", prefix),
	    .logins = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
	    .caps = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
	};
	struct sqld_handler h = {.ctx = &rr, .want = want, .row = row};
	GHashTable *out = NULL;
	int rc = sqld_read(f, NULL, 0, path, &h, err);
	fclose(f);
	if (rc == 0 && g_hash_table_size(rr.logins) == 0)
		buf_printf(err, "%s: no rows of %s (is the table prefix '%s'?)", path, rr.users,
			   prefix);
	else if (rc == 0) {
		out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		GHashTableIter it;
		gpointer id, login;
		g_hash_table_iter_init(&it, rr.logins);
		while (g_hash_table_iter_next(&it, &id, &login)) {
			const char *role = wp_role_of_caps(g_hash_table_lookup(rr.caps, id));
			if (role)
				g_hash_table_replace(out, g_strdup(login), (gpointer)role);
		}
	}
	g_hash_table_destroy(rr.logins);
	g_hash_table_destroy(rr.caps);
	g_free(rr.users);
	g_free(rr.usermeta);
	g_free(rr.meta_key);
	return out;
}
