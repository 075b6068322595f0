/* Logging: the error log (one event per line, with level and UTC time; stderr or a file) and the
 * access log (lines formatted by the HTTP layer; off, a file or stdout). Both reopen on demand
 * (SIGHUP), so that logrotate can move them away. */
#ifndef GZ_CORE_LOG_H
#define GZ_CORE_LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_LEVEL_MAX };

/* Messages below level are dropped (default LOG_INFO). */
void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

/*
 * Where the logs go: error_path NULL or "" keeps stderr, else a file that stderr is pointed at
 * (appended to, made 0640); access_path NULL or "" turns the access log off, "-" sends it to
 * stdout, else a file. Returns 0, or -1 with a message in err.
 */
int log_open(const char *error_path, const char *access_path, struct buf *err);
/* Opens the log files again by name (after logrotate moved them); safe while other threads log:
 * the new file replaces the old one under the same descriptor. */
void log_reopen(void);
/* True when the access log is on. */
bool log_access_on(void);
/* Appends one whole line (with its newline) to the access log: buffered per thread, written out
 * when the buffer fills and by log_flush(). */
void log_access(const char *line, size_t n);
/* Writes out every thread's buffered access-log lines (the server calls it every second and when
 * it stops). */
void log_flush(void);

#endif
