/* Backend-neutral rows for backup and restore: every table of the site read or written as JSON
 * objects ({"column": value}), on SQLite or PostgreSQL, through a connection of its own. */
#ifndef GZ_CMD_DUMP_H
#define GZ_CMD_DUMP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"

/* The tables a backup holds, parents before children (restore inserts in this order): every table
 * of every module. Only derived tables are left out (schema_migrations, the content version in
 * meta, the login throttle, the search indexes search_* (SQLite's search_exact and search_days
 * among them) and doc_fts* and PostgreSQL's search_log for the search mirrors: rebuilt, not saved;
 * SQLite's article_views, whose counts travel as the articles' `views` column, see dump.c);
 * tests/http/test_backup_tables.py fails when a table of the schema is neither here nor there. */
extern const char *const cmd_dump_tables[];
extern const size_t cmd_dump_ntables;
/* True for a table a migration fills with its one row (restore replaces it; an empty target may
 * hold it). */
bool cmd_dump_seeded(const char *table);

struct cmd_dump_db;

/* Opens url (sqlite:PATH, a bare path or postgresql://); write false opens SQLite read-only. */
int cmd_dump_open(const char *url, bool write, struct cmd_dump_db **out, struct buf *err);
void cmd_dump_close(struct cmd_dump_db *d);
bool cmd_dump_is_pg(const struct cmd_dump_db *d);

/* A read transaction that sees one moment of the database while others keep writing
 * (SQLite: one read transaction over WAL; PostgreSQL: REPEATABLE READ READ ONLY). */
int cmd_dump_snapshot(struct cmd_dump_db *d, struct buf *err);
/* A write transaction for restore. */
int cmd_dump_begin(struct cmd_dump_db *d, struct buf *err);
/* Commits (commit true) or rolls back the open transaction. */
int cmd_dump_end(struct cmd_dump_db *d, bool commit, struct buf *err);

/* Calls fn with every row of table in key order; stops with fn's non-zero result. */
int cmd_dump_rows(struct cmd_dump_db *d, const char *table, int (*fn)(json_t *row, void *ctx),
		  void *ctx, struct buf *err);
/* Rows in table; 0 when the table does not exist yet. */
int cmd_dump_count(struct cmd_dump_db *d, const char *table, int64_t *n, struct buf *err);
/* Inserts one row; columns absent from the row take their defaults. */
int cmd_dump_insert(struct cmd_dump_db *d, const char *table, json_t *row, struct buf *err);
/* Sets column of the row whose id is id (restore's second pass over self-references). */
int cmd_dump_set_i64(struct cmd_dump_db *d, const char *table, const char *column, int64_t id,
		     int64_t value, struct buf *err);
/* The first column of the first row of a fixed query (never built from input) as an integer;
 * *out 0 when no row. */
int cmd_dump_query_i64(struct cmd_dump_db *d, const char *sql, int64_t *out, struct buf *err);
/* PostgreSQL: turns the tables' own triggers (search index, content version, notifications) off
 * or on inside the restore's transaction, so that a big restore is not quadratic; the search index
 * is rebuilt afterwards. Foreign keys stay checked. SQLite: nothing. */
int cmd_dump_triggers(struct cmd_dump_db *d, bool on, struct buf *err);
/* Deletes every row of table (restore, before the rows of a seeded table). */
int cmd_dump_clear(struct cmd_dump_db *d, const char *table, struct buf *err);
/* After inserting rows with their own ids: moves PostgreSQL's id sequences past them. */
int cmd_dump_fix_sequences(struct cmd_dump_db *d, struct buf *err);
/* PostgreSQL after a restore (its triggers were off): each article's row of article_views, with
 * the count the archive gave it and the article's category (cat_id, migration 43). */
int cmd_dump_fix_views(struct cmd_dump_db *d, struct buf *err);

/* A path inside the media folder as an archive may name it: relative, no "." or ".." part, no
 * empty part, no backslash or control character. */
bool cmd_dump_safe_path(const char *rel);

/* The media folder of a site: flag, else $GAZETTE_MEDIA, else "media" beside an SQLite database
 * file, else NULL (PostgreSQL without one). Returns a string to free. */
char *cmd_dump_media_dir(const char *flag, const char *url);

/* Names inside a backup archive. */
#define BACKUP_MANIFEST "MANIFEST.sha256"
#define BACKUP_META "gazette-backup.json"
#define BACKUP_FORMAT 1

#endif
