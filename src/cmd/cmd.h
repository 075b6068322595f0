/* The command-line commands; each takes argc/argv after the command name and returns an exit code.
 */
#ifndef GZ_CMD_CMD_H
#define GZ_CMD_CMD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <jansson.h>
#include <stdio.h>

#include "store/store.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_reindex(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_archive(int argc, char **argv);
int cmd_personal_data(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_import_wordpress(int argc, char **argv);
int cmd_import_nukeviet(int argc, char **argv);
int cmd_fix_encoding(int argc, char **argv);
int cmd_media(int argc, char **argv);
int cmd_pages(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_doctor(int argc, char **argv);

/* The settings of `serve` (serve.c), which `doctor` reads too. */
struct cfg_opt;
const struct cfg_opt *cmd_serve_options(size_t *n);
int cmd_export_documents(int argc, char **argv);
int cmd_import_documents(int argc, char **argv);

/* Shared helpers (common.c). */

/* The surfaces that answer requests, in the order the host tries them (the public site last). */
struct site_surface;
extern const struct site_surface *const cmd_surfaces[];
extern const size_t cmd_nsurfaces;

/* Prints "gazette: " and the message to stderr, returns EXIT_FAIL. */
int cmd_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The --db value, else $GAZETTE_DB; NULL when neither. */
const char *cmd_db_url(const char *flag);
/* Opens the store or prints why; returns NULL on failure. */
struct store *cmd_open_store(const char *url, bool create);
/* The media folder: flag (--media), else "media" beside an SQLite database file (made when
 * missing and create is true), else none. Returns a string to free, or NULL. */
char *cmd_media_folder(const char *flag, const char *db, bool create);
/* `gazette media verify` and `gazette media import-files` (mediaverify.c): exit codes. */
int cmd_media_verify(struct store *st, const char *dir);
int cmd_media_import_files(struct store *st, const char *dir);
/* True when db names a PostgreSQL database. */
bool cmd_db_is_pg(const char *db);
/* path (relative: in the working folder) as an absolute path (malloc'd); NULL with errno set when
 * the working folder cannot be told. */
char *cmd_absolute(const char *path);
/* want (relative: in the working folder) as an absolute path, made with the folders above it when
 * missing; NULL after a warning "OFF: cannot make WHAT 'PATH': ..." when it cannot be. */
char *cmd_folder_made(const char *want, const char *what, const char *off);
/* With PostgreSQL, the folder that caches the media files kept in the database: flag if set, else
 * media (the --media folder) if set, else "media-cache" in the working folder; made if missing
 * (with its parents), as an absolute path (malloc'd). NULL (logged) when it cannot be made. */
char *cmd_media_cache(const char *flag, const char *media);
/* The search mirror's file under the setting "auto": in the working folder, in a folder serve
 * makes. */
#define CMD_MIRROR_AUTO_DIR "search-mirror"
#define CMD_MIRROR_AUTO_FILE "mirror.db"
/* Whether the search-mirror setting names a file: neither off ("off", "") nor "auto". */
bool cmd_mirror_named(const char *setting);
/* The site's time zone setting (default Asia/Ho_Chi_Minh), copied into a static buffer. */
const char *cmd_site_tz(struct store *st);

/* `init --demo-photos`: the portal demo (demo/portal.jsonl) and its photographs, copied into
 * the media library of media_dir. Returns an exit code. */
/* The portal demo (--demo-photos): photographs, their articles, and through demo_portal.c the
 * static pages, documents, organisation, an album and a poll. */
int cmd_demo_photos_load(struct store *st, const char *media_dir, const char *db_url);
/* The demo's static pages, documents and organisation (demo_portal.c); db_url for the importers. */
int cmd_demo_portal_load(struct store *st, const char *db_url);
/* The demo's album (of the photographs already loaded) and poll, when the site has none. */
int cmd_demo_widgets_load(struct store *st);

/* Options of `import`, also used by `init --demo`. */
struct import_opts {
	const char *path;  /* "-" for stdin */
	const char *label; /* name in error messages */
	FILE *in;          /* already open input, or NULL to open path */
	bool skip_invalid;
	bool quiet; /* no summary line */
};
/* Imports JSON Lines; returns an exit code. */
int cmd_import_run(struct store *st, const struct import_opts *o);
/* After a bulk write: merges the search index's segments when that pays (store_search_merge),
 * saying so unless quiet. A failure is reported, never fatal (searches work meanwhile). */
void cmd_search_merge(struct store *st, bool quiet);

/* Static pages as JSON Lines (pages.c): `gazette pages export|import`, and the "type": "page"
 * lines of `gazette export|import`. */
struct page_line {
	const char *slug, *title, *parent, *body;
	const char *title_en, *body_en; /* the English version (issue 13); "" for none */
	int64_t position;
	enum article_status status;
};
/* Writes every page, parents first, one line each (typed: with "type": "page" first); adds to
 * *count. 0, or -1 when the store or the file failed. */
int cmd_pages_write(struct store *st, FILE *out, bool typed, long long *count);
/* Reads one page from a parsed line (a "type" member is allowed when it is "page"); 0, or -1
 * with the reason in err. */
int cmd_page_parse(json_t *o, struct arena *a, struct page_line *pl, struct buf *err);
/* Adds the page or replaces the one with its slug; its parent (a slug) must exist by then:
 * NOTFOUND when not, INVALID when it would be below itself. */
enum store_rc cmd_page_put(struct store *st, struct arena *a, const struct page_line *pl);

/* Reads a password from the first line of path ("-": standard input; trailing newline removed) into
 * out; 0 or -1. */
int cmd_read_password_file(const char *path, char *out, size_t cap);
/* Creates a user with an Argon2id hash of password; prints why on failure; 0 or -1. */
int cmd_user_create(struct store *st, const char *name, const char *role, const char *password);
/* Fills out with a random password of 20 characters. */
void cmd_random_password(char *out, size_t cap);

/* Progress on stderr for long commands: shown only when stderr is a terminal. */
struct progress {
	bool tty;
	double start, last;
	long long total_bytes; /* 0: unknown */
};
void cmd_progress_start(struct progress *p, long long total_bytes);
void cmd_progress_update(struct progress *p, long long count, long long bytes_done,
			 const char *what);
void cmd_progress_end(struct progress *p);
double cmd_now_seconds(void);

/* Shared by the importers (import_wordpress.c). */
struct import_writer;
/* The media folder: the flag, else "media" beside an SQLite database (made when missing), else
 * NULL. Returns a string to free. */
char *import_media_dir(const char *flag, const char *db);
/* Runs fn in one transaction: commits and prints w's report, or rolls back, removes the media
 * files written and prints fn's "FILE:LINE: reason". Returns an exit code. */
int import_transaction(struct store *st, struct import_writer *w, const char *label,
		       int (*fn)(void *ctx, struct store *tx, struct buf *err), void *ctx);

/* Stored bodies an older sanitiser made, re-made (bodies.c): all of them, batch by batch, until
 * *stop (may be NULL); or in a thread of their own while the server runs. */
enum store_rc bodies_refresh_all(struct store *st, const atomic_bool *stop, int64_t *total);
struct bodies_job;
struct bodies_job *bodies_refresh_start(struct store *st);
/* Asks the job to stop after its batch, waits for it and frees it (NULL: nothing). */
void bodies_refresh_stop(struct bodies_job *j);

#endif
