/* What the compliance test programs of the store share: a fresh database per case on SQLite or
 * PostgreSQL, and raw SQL run behind the store's back (as someone with database access would). */
#ifndef GZ_TEST_STORE_FIXTURE_H
#define GZ_TEST_STORE_FIXTURE_H

#include <libpq-fe.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "store/store.h"

struct ctx {
	bool pg;
	char url[512];
	char dir[64]; /* SQLite: the temp folder */
	struct store *st;
};

static int case_no;

static const char *fx_env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* A fresh database for one PostgreSQL case (GAZETTE_TEST_PG_URL, GAZETTE_TEST_PG_CREATEDB). */
static int pg_fresh(struct ctx *c)
{
	const char *base = fx_env("GAZETTE_TEST_PG_URL"),
		   *createdb = fx_env("GAZETTE_TEST_PG_CREATEDB");
	if (!base || !createdb)
		return -1;
	char name[64], cmd[1024];
	snprintf(name, sizeof name, "gz_cc_%ld_%d", (long)getpid(), ++case_no);
	snprintf(cmd, sizeof cmd, "%s %s >/dev/null", createdb, name);
	if (system(cmd) != 0)
		return -1;
	const char *slash = strrchr(base, '/');
	snprintf(c->url, sizeof c->url, "%.*s/%s", (int)(slash - base), base, name);
	return 0;
}

static int open_store(struct ctx *c)
{
	struct buf err = BUF_INIT;
	enum store_rc rc = store_open(c->url, true, &c->st, &err);
	if (rc != STORE_OK)
		fprintf(stderr, "store_open(%s): %s\n", c->url, buf_cstr(&err));
	buf_free(&err);
	return rc == STORE_OK ? 0 : -1;
}

static int setup_sqlite(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	snprintf(c->dir, sizeof c->dir, "/tmp/gz-cc-XXXXXX");
	if (!mkdtemp(c->dir))
		return -1;
	snprintf(c->url, sizeof c->url, "sqlite:%s/gazette.db", c->dir);
	*state = c;
	return open_store(c);
}

static int setup_pg(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	c->pg = true;
	*state = c;
	if (pg_fresh(c) != 0)
		return 0; /* no server: the case skips itself */
	return open_store(c);
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	store_close(c->st);
	if (c->dir[0]) {
		char path[128];
		const char *sfx[] = {"", "-wal", "-shm"};
		for (int i = 0; i < 3; i++) {
			snprintf(path, sizeof path, "%s/gazette.db%s", c->dir, sfx[i]);
			unlink(path);
		}
		rmdir(c->dir);
	}
	free(c);
	return 0;
}

/* The case's store, or skip when its backend is not available. */
static struct store *st_of(void **state)
{
	struct ctx *c = *state;
	if (!c->st)
		skip();
	return c->st;
}

/* Runs sql directly in the case's database, outside the store; fails the case on error. */
__attribute__((unused)) static void raw_sql(struct ctx *c, const char *sql)
{
	if (c->pg) {
		PGconn *db = PQconnectdb(c->url);
		PGresult *r = PQexec(db, sql);
		ExecStatusType s = PQresultStatus(r);
		if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
			fail_msg("expected %s to run, got: %s", sql, PQerrorMessage(db));
		PQclear(r);
		PQfinish(db);
		return;
	}
	char path[128];
	snprintf(path, sizeof path, "%s/gazette.db", c->dir);
	sqlite3 *db = NULL;
	char *msg = NULL;
	sqlite3_open(path, &db);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("expected %s to run, got: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
}

#define FIXTURE_UNUSED(x) (void)(x)

#endif
