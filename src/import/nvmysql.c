/* Rows of a live MySQL/MariaDB table through libmariadb, handed over like the dump reader's. */
#include "import/nukeviet.h"

#include <mysql.h>
#include <stdlib.h>
#include <string.h>

struct myurl {
	char *user, *pass, *host, *db, *socket;
	unsigned port;
};

static char *pct_decode(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n) {
			char hex[3] = {s[i + 1], s[i + 2], 0};
			char *end;
			long v = strtol(hex, &end, 16);
			if (*end == '\0') {
				buf_putc(&b, (char)v);
				i += 2;
				continue;
			}
		}
		buf_putc(&b, s[i]);
	}
	return buf_detach(&b);
}

/* mysql://USER[:PASS]@HOST[:PORT]/DB[?socket=PATH]; returns 0 or -1. */
static int parse_url(const char *url, struct myurl *u)
{
	memset(u, 0, sizeof *u);
	if (strncmp(url, "mysql://", 8) != 0)
		return -1;
	const char *p = url + 8, *at = strrchr(p, '@'), *slash;
	if (!at || !(slash = strchr(at, '/')))
		return -1;
	const char *colon = memchr(p, ':', (size_t)(at - p));
	u->user = pct_decode(p, (size_t)((colon ? colon : at) - p));
	u->pass = colon ? pct_decode(colon + 1, (size_t)(at - colon - 1)) : xstrdup("");
	const char *hp = at + 1, *pc = memchr(hp, ':', (size_t)(slash - hp));
	u->host = xstrndup(hp, (size_t)((pc ? pc : slash) - hp));
	u->port = pc ? (unsigned)strtoul(pc + 1, NULL, 10) : 0;
	const char *q = strchr(slash + 1, '?');
	u->db = xstrndup(slash + 1, q ? (size_t)(q - slash - 1) : strlen(slash + 1));
	if (q && strncmp(q + 1, "socket=", 7) == 0)
		u->socket = pct_decode(q + 8, strlen(q + 8));
	return 0;
}

static void url_free(struct myurl *u)
{
	free(u->user);
	free(u->pass);
	free(u->host);
	free(u->db);
	free(u->socket);
}

static int hand_over(MYSQL_RES *res, const char *table,
		     int (*fn)(void *ctx, const struct sqld_row *r, struct buf *err), void *ctx,
		     struct buf *err)
{
	unsigned n = mysql_num_fields(res);
	MYSQL_FIELD *f = mysql_fetch_fields(res);
	const char **cols = xcalloc(n ? n : 1, sizeof *cols);
	const char **vals = xcalloc(n ? n : 1, sizeof *vals);
	size_t *lens = xcalloc(n ? n : 1, sizeof *lens);
	bool *null = xcalloc(n ? n : 1, sizeof *null);
	for (unsigned i = 0; i < n; i++)
		cols[i] = f[i].name;
	MYSQL_ROW row;
	long line = 0;
	int rc = 0;
	while (rc == 0 && (row = mysql_fetch_row(res)) != NULL) {
		unsigned long *l = mysql_fetch_lengths(res);
		for (unsigned i = 0; i < n; i++) {
			null[i] = row[i] == NULL;
			vals[i] = row[i] ? row[i] : "";
			lens[i] = row[i] ? l[i] : 0;
		}
		struct sqld_row r = {table, cols, vals, lens, null, n, ++line};
		rc = fn(ctx, &r, err);
	}
	free(cols);
	free(vals);
	free(lens);
	free(null);
	return rc;
}

int nv_mysql_each(const char *url, const char *table,
		  int (*fn)(void *ctx, const struct sqld_row *r, struct buf *err), void *ctx,
		  struct buf *err)
{
	struct myurl u;
	if (parse_url(url, &u) != 0) {
		buf_puts(err, "--mysql wants mysql://USER:PASS@HOST[:PORT]/DB[?socket=PATH]");
		return -1;
	}
	MYSQL *my = mysql_init(NULL);
	int rc = -1;
	struct buf q = BUF_INIT;
	mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (!mysql_real_connect(my, u.socket ? NULL : u.host, u.user, u.pass, u.db, u.port,
				u.socket, 0)) {
		buf_printf(err, "cannot connect to MySQL: %s", mysql_error(my));
		goto out;
	}
	buf_printf(&q, "SELECT * FROM `%s`", table); /* table: prefix and module from the flags */
	if (strchr(table, '`') || mysql_real_query(my, q.data, q.len) != 0) {
		if (mysql_errno(my) == 1146) { /* no such table: as a dump without it */
			rc = 0;
			goto out;
		}
		buf_printf(err, "%s: %s", table, mysql_error(my));
		goto out;
	}
	MYSQL_RES *res = mysql_use_result(my);
	if (!res) {
		buf_printf(err, "%s: %s", table, mysql_error(my));
		goto out;
	}
	rc = hand_over(res, table, fn, ctx, err);
	if (rc == 0 && mysql_errno(my)) {
		buf_printf(err, "%s: %s", table, mysql_error(my));
		rc = -1;
	}
	mysql_free_result(res);
out:
	buf_free(&q);
	mysql_close(my);
	url_free(&u);
	return rc;
}
